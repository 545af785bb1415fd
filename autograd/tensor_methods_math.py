"""The public Tensor methods of the elementwise math declared in tables (sinh ... heaviside),
and their in-place ``_`` forms, each a one-line call into ``autograd.ops.elementwise``.

A mixin of ``Tensor`` (see ``autograd.tensor_methods``), with empty ``__slots__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.engine.inplace import inplace
from autograd.ops.elementwise import arith as _arith
from autograd.ops.elementwise import binary_table as _binary
from autograd.ops.elementwise import compare as _compare
from autograd.ops.elementwise import unary as _unary
from autograd.ops.elementwise import unary_table as _table

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _TableMathMethods:
    """Elementwise math: hyperbolic and inverse trigonometric functions, other bases, the
    special functions, rounding, and the binary ops of the tables."""

    __slots__ = ()

    def sinh(self) -> Tensor:
        """Hyperbolic sine, elementwise (see ``autograd.sinh``)."""
        return _table.sinh(self)

    def cosh(self) -> Tensor:
        """Hyperbolic cosine, elementwise (see ``autograd.cosh``)."""
        return _table.cosh(self)

    def asin(self) -> Tensor:
        """Inverse sine, elementwise (see ``autograd.asin``)."""
        return _table.asin(self)

    def acos(self) -> Tensor:
        """Inverse cosine, elementwise (see ``autograd.acos``)."""
        return _table.acos(self)

    def atan(self) -> Tensor:
        """Inverse tangent, elementwise (see ``autograd.atan``)."""
        return _table.atan(self)

    def asinh(self) -> Tensor:
        """Inverse hyperbolic sine, elementwise (see ``autograd.asinh``)."""
        return _table.asinh(self)

    def acosh(self) -> Tensor:
        """Inverse hyperbolic cosine, elementwise (see ``autograd.acosh``)."""
        return _table.acosh(self)

    def atanh(self) -> Tensor:
        """Inverse hyperbolic tangent, elementwise (see ``autograd.atanh``)."""
        return _table.atanh(self)

    def log2(self) -> Tensor:
        """Base-2 logarithm, elementwise (see ``autograd.log2``)."""
        return _table.log2(self)

    def log10(self) -> Tensor:
        """Base-10 logarithm, elementwise (see ``autograd.log10``)."""
        return _table.log10(self)

    def exp2(self) -> Tensor:
        """2 ** self, elementwise (see ``autograd.exp2``)."""
        return _table.exp2(self)

    def erfc(self) -> Tensor:
        """1 - erf(self), elementwise (see ``autograd.erfc``)."""
        return _table.erfc(self)

    def erfinv(self) -> Tensor:
        """The inverse error function, elementwise (see ``autograd.erfinv``)."""
        return _table.erfinv(self)

    def lgamma(self) -> Tensor:
        """log |Gamma(self)|, elementwise (see ``autograd.lgamma``)."""
        return _table.lgamma(self)

    def digamma(self) -> Tensor:
        """The derivative of lgamma, elementwise (see ``autograd.digamma``)."""
        return _table.digamma(self)

    def sinc(self) -> Tensor:
        """sin(pi x) / (pi x), elementwise (see ``autograd.sinc``)."""
        return _table.sinc(self)

    def frac(self) -> Tensor:
        """The fractional part, elementwise (see ``autograd.frac``)."""
        return _table.frac(self)

    def ceil(self) -> Tensor:
        """Round up, elementwise (see ``autograd.ceil``)."""
        return _table.ceil(self)

    def deg2rad(self) -> Tensor:
        """Degrees to radians, elementwise (see ``autograd.deg2rad``)."""
        return _table.deg2rad(self)

    def rad2deg(self) -> Tensor:
        """Radians to degrees, elementwise (see ``autograd.rad2deg``)."""
        return _table.rad2deg(self)

    arcsin = asin

    arccos = acos

    arctan = atan

    arcsinh = asinh

    arccosh = acosh

    arctanh = atanh

    def polygamma(self, n: int) -> Tensor:
        """The n-th derivative of digamma (see ``autograd.polygamma``)."""
        return _table.polygamma(n, self)

    def round(self, *, decimals: int = 0) -> Tensor:
        """Round half to even, to ``decimals`` places (see ``autograd.round``)."""
        return _table.round(self, decimals=decimals)

    def floor(self) -> Tensor:
        """Round down (see ``autograd.floor``)."""
        return _unary.floor(self)

    def trunc(self) -> Tensor:
        """Round toward zero (see ``autograd.trunc``)."""
        return _unary.trunc(self)

    fix = trunc

    def nan_to_num(self, nan: float = 0.0, posinf: float | None = None,
                   neginf: float | None = None) -> Tensor:
        """NaN and +-inf replaced (see ``autograd.nan_to_num``)."""
        return _table.nan_to_num(self, nan, posinf, neginf)

    def logit(self, eps: float | None = None) -> Tensor:
        """log(self / (1 - self)) (see ``autograd.logit``)."""
        return _table.logit(self, eps)

    def atan2(self, other: Any) -> Tensor:
        """The angle of (other, self), broadcast (see ``autograd.atan2``)."""
        return _binary.atan2(self, other)

    def hypot(self, other: Any) -> Tensor:
        """sqrt(self^2 + other^2), broadcast (see ``autograd.hypot``)."""
        return _binary.hypot(self, other)

    def logaddexp(self, other: Any) -> Tensor:
        """log(exp(self) + exp(other)), broadcast (see ``autograd.logaddexp``)."""
        return _binary.logaddexp(self, other)

    def logaddexp2(self, other: Any) -> Tensor:
        """log2(2^self + 2^other), broadcast (see ``autograd.logaddexp2``)."""
        return _binary.logaddexp2(self, other)

    def xlogy(self, other: Any) -> Tensor:
        """self * log(other), 0 where self is 0, broadcast (see ``autograd.xlogy``)."""
        return _binary.xlogy(self, other)

    def copysign(self, other: Any) -> Tensor:
        """|self| with other's sign, broadcast (see ``autograd.copysign``)."""
        return _binary.copysign(self, other)

    def fmod(self, other: Any) -> Tensor:
        """The remainder rounded toward zero, broadcast (see ``autograd.fmod``)."""
        return _binary.fmod(self, other)

    arctan2 = atan2

    def heaviside(self, values: Tensor) -> Tensor:
        """The step function with ``values`` at 0 (see ``autograd.heaviside``)."""
        return _binary.heaviside(self, values)

    def remainder(self, other: Any) -> Tensor:
        """The remainder with other's sign (see ``autograd.remainder``)."""
        return _arith.remainder(self, other)

    def true_divide(self, other: Any) -> Tensor:
        """``self / other`` (see ``autograd.div``)."""
        return _arith.div(self, other)

    def float_power(self, exponent: Any) -> Tensor:
        """``self ** exponent`` in float64 (see ``autograd.float_power``)."""
        return _binary.float_power(self, exponent)

    def addcmul(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        """``self + value * tensor1 * tensor2`` (see ``autograd.addcmul``)."""
        return _binary.addcmul(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        """``self + value * tensor1 / tensor2`` (see ``autograd.addcdiv``)."""
        return _binary.addcdiv(self, tensor1, tensor2, value=value)

    def signbit(self) -> Tensor:
        """True where the sign bit is set (see ``autograd.signbit``)."""
        return _compare.signbit(self)

    def isclose(self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
                equal_nan: bool = False) -> Tensor:
        """Elementwise closeness (see ``autograd.isclose``)."""
        return _compare.isclose(self, other, rtol, atol, equal_nan)

    def allclose(self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
                 equal_nan: bool = False) -> bool:
        """Whether ``isclose`` holds everywhere (see ``autograd.allclose``)."""
        return _compare.allclose(self, other, rtol, atol, equal_nan)

    def equal(self, other: Tensor) -> bool:
        """Same shape and values (see ``autograd.equal``)."""
        return _compare.equal(self, other)


class _TableMathInplaceMethods:
    """The in-place forms: the op out of place, written back (see ``_InplaceMethods``)."""

    __slots__ = ()

    def sinh_(self) -> Tensor:
        """In-place ``sinh``."""
        return inplace(self, _table.sinh)

    def cosh_(self) -> Tensor:
        """In-place ``cosh``."""
        return inplace(self, _table.cosh)

    def asin_(self) -> Tensor:
        """In-place ``asin``."""
        return inplace(self, _table.asin)

    def acos_(self) -> Tensor:
        """In-place ``acos``."""
        return inplace(self, _table.acos)

    def atan_(self) -> Tensor:
        """In-place ``atan``."""
        return inplace(self, _table.atan)

    def asinh_(self) -> Tensor:
        """In-place ``asinh``."""
        return inplace(self, _table.asinh)

    def acosh_(self) -> Tensor:
        """In-place ``acosh``."""
        return inplace(self, _table.acosh)

    def atanh_(self) -> Tensor:
        """In-place ``atanh``."""
        return inplace(self, _table.atanh)

    def log2_(self) -> Tensor:
        """In-place ``log2``."""
        return inplace(self, _table.log2)

    def log10_(self) -> Tensor:
        """In-place ``log10``."""
        return inplace(self, _table.log10)

    def exp2_(self) -> Tensor:
        """In-place ``exp2``."""
        return inplace(self, _table.exp2)

    def erfc_(self) -> Tensor:
        """In-place ``erfc``."""
        return inplace(self, _table.erfc)

    def erfinv_(self) -> Tensor:
        """In-place ``erfinv``."""
        return inplace(self, _table.erfinv)

    def lgamma_(self) -> Tensor:
        """In-place ``lgamma``."""
        return inplace(self, _table.lgamma)

    def digamma_(self) -> Tensor:
        """In-place ``digamma``."""
        return inplace(self, _table.digamma)

    def sinc_(self) -> Tensor:
        """In-place ``sinc``."""
        return inplace(self, _table.sinc)

    def frac_(self) -> Tensor:
        """In-place ``frac``."""
        return inplace(self, _table.frac)

    def ceil_(self) -> Tensor:
        """In-place ``ceil``."""
        return inplace(self, _table.ceil)

    def deg2rad_(self) -> Tensor:
        """In-place ``deg2rad``."""
        return inplace(self, _table.deg2rad)

    def rad2deg_(self) -> Tensor:
        """In-place ``rad2deg``."""
        return inplace(self, _table.rad2deg)

    arcsin_ = asin_

    arccos_ = acos_

    arctan_ = atan_

    arcsinh_ = asinh_

    arccosh_ = acosh_

    arctanh_ = atanh_

    def atan2_(self, other: Any) -> Tensor:
        """In-place ``atan2``."""
        return inplace(self, _binary.atan2, other)

    def hypot_(self, other: Any) -> Tensor:
        """In-place ``hypot``."""
        return inplace(self, _binary.hypot, other)

    def logaddexp_(self, other: Any) -> Tensor:
        """In-place ``logaddexp``."""
        return inplace(self, _binary.logaddexp, other)

    def logaddexp2_(self, other: Any) -> Tensor:
        """In-place ``logaddexp2``."""
        return inplace(self, _binary.logaddexp2, other)

    def xlogy_(self, other: Any) -> Tensor:
        """In-place ``xlogy``."""
        return inplace(self, _binary.xlogy, other)

    def copysign_(self, other: Any) -> Tensor:
        """In-place ``copysign``."""
        return inplace(self, _binary.copysign, other)

    def fmod_(self, other: Any) -> Tensor:
        """In-place ``fmod``."""
        return inplace(self, _binary.fmod, other)

    arctan2_ = atan2_

    def polygamma_(self, n: int) -> Tensor:
        """In-place ``polygamma``."""
        return inplace(self, _polygamma, n)

    def round_(self, *, decimals: int = 0) -> Tensor:
        """In-place ``round``."""
        return inplace(self, _table.round, decimals=decimals)

    def fix_(self) -> Tensor:
        """In-place ``fix`` (``trunc``)."""
        return inplace(self, _unary.trunc)

    def nan_to_num_(self, nan: float = 0.0, posinf: float | None = None,
                    neginf: float | None = None) -> Tensor:
        """In-place ``nan_to_num``."""
        return inplace(self, _table.nan_to_num, nan, posinf, neginf)

    def logit_(self, eps: float | None = None) -> Tensor:
        """In-place ``logit``."""
        return inplace(self, _table.logit, eps)

    def heaviside_(self, values: Tensor) -> Tensor:
        """In-place ``heaviside``."""
        return inplace(self, _binary.heaviside, values)

    def remainder_(self, other: Any) -> Tensor:
        """In-place ``remainder``."""
        return inplace(self, _arith.remainder, other)

    def true_divide_(self, other: Any) -> Tensor:
        """In-place ``true_divide``."""
        return inplace(self, _arith.div, other)

    def float_power_(self, exponent: Any) -> Tensor:
        """In-place ``float_power``: only for a float64 tensor, as in PyTorch."""
        if self.dtype != "float64":
            raise RuntimeError(f"the base given to float_power_ has dtype {self.dtype} but the "
                               "operation's result requires dtype float64")
        return inplace(self, _binary.float_power, exponent)

    def addcmul_(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        """In-place ``addcmul``."""
        return inplace(self, _binary.addcmul, tensor1, tensor2, value=value)

    def addcdiv_(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        """In-place ``addcdiv``."""
        return inplace(self, _binary.addcdiv, tensor1, tensor2, value=value)


def _polygamma(input: Tensor, n: int) -> Tensor:
    return _table.polygamma(n, input)


_polygamma.__name__ = "polygamma"  # what an in-place error calls it: polygamma_
