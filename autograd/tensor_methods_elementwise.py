"""The out-of-place elementwise Tensor methods: arithmetic, unary math (``exp`` ... and the
table math ``sinh`` ... ``heaviside``), special functions, rounding, clamps, comparisons,
logic, bitwise and integer ops, predicates, the complex-number methods of real tensors and the
elementwise activations, with PyTorch's aliases (``divide is div``: the same function objects).

``Tensor`` (autograd/tensor.py) inherits one mixin per domain from the ``tensor_methods_*``
modules; each method is an explicit one-line call into an op module, and every mixin has empty
``__slots__`` so that Tensor keeps no ``__dict__``. The in-place ``_`` forms of these methods
are in ``autograd.tensor_methods_inplace``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.ops.elementwise import arith as _arith
from autograd.ops.elementwise import binary_table as _binary
from autograd.ops.elementwise import bitwise as _bitwise
from autograd.ops.elementwise import compare as _compare
from autograd.ops.elementwise import complex as _complex
from autograd.ops.elementwise import numeric as _numeric
from autograd.ops.elementwise import predicates as _predicates
from autograd.ops.elementwise import select as _select
from autograd.ops.elementwise import special as _special
from autograd.ops.elementwise import unary as _unary
from autograd.ops.elementwise import unary_table as _table
from autograd.ops.nn import activation_ext as _activation

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _ElementwiseMethods:
    """Elementwise arithmetic, unary and special math, comparisons, logic and bitwise ops."""

    __slots__ = ()

    # -- arithmetic, unary math, comparisons and logic ------------------------------------
    def add(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """``self + alpha * other``, broadcast (see ``autograd.add``)."""
        return _arith.add(self, other, alpha=alpha)

    def sub(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """``self - alpha * other``, broadcast (see ``autograd.sub``)."""
        return _arith.sub(self, other, alpha=alpha)

    def mul(self, other: Any) -> Tensor:
        """``self * other``, broadcast (see ``autograd.mul``)."""
        return _arith.mul(self, other)

    def div(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        """``self / other``, optionally rounded (see ``autograd.div``)."""
        return _arith.div(self, other, rounding_mode=rounding_mode)

    def pow(self, exponent: Any) -> Tensor:
        """``self ** exponent``, broadcast (see ``autograd.pow``)."""
        return _arith.pow(self, exponent)

    def abs(self) -> Tensor:
        """Absolute value, elementwise (see ``autograd.abs``)."""
        return _unary.abs(self)

    def neg(self) -> Tensor:
        """``-self`` (see ``autograd.neg``)."""
        return _arith.neg(self)

    def exp(self) -> Tensor:
        """Exponential, elementwise (see ``autograd.exp``)."""
        return _unary.exp(self)

    def log(self) -> Tensor:
        """Natural logarithm, elementwise (see ``autograd.log``)."""
        return _unary.log(self)

    def log1p(self) -> Tensor:
        """``log(1 + self)``, accurate for small values (see ``autograd.log1p``)."""
        return _unary.log1p(self)

    def expm1(self) -> Tensor:
        """``exp(self) - 1``, accurate for small values (see ``autograd.expm1``)."""
        return _unary.expm1(self)

    def sqrt(self) -> Tensor:
        """Square root, elementwise (see ``autograd.sqrt``)."""
        return _unary.sqrt(self)

    def rsqrt(self) -> Tensor:
        """``1 / sqrt(self)``, elementwise (see ``autograd.rsqrt``)."""
        return _unary.rsqrt(self)

    def sin(self) -> Tensor:
        """Sine, elementwise (see ``autograd.sin``)."""
        return _unary.sin(self)

    def cos(self) -> Tensor:
        """Cosine, elementwise (see ``autograd.cos``)."""
        return _unary.cos(self)

    def tan(self) -> Tensor:
        """Tangent, elementwise (see ``autograd.tan``)."""
        return _unary.tan(self)

    def tanh(self) -> Tensor:
        """Hyperbolic tangent, elementwise (see ``autograd.tanh``)."""
        return _unary.tanh(self)

    def sigmoid(self) -> Tensor:
        """Logistic sigmoid, elementwise (see ``autograd.sigmoid``)."""
        return _unary.sigmoid(self)

    def relu(self) -> Tensor:
        """``max(self, 0)``, elementwise (see ``autograd.relu``)."""
        return _unary.relu(self)

    def sign(self) -> Tensor:
        """-1, 0 or 1 by the sign of each element (see ``autograd.sign``)."""
        return _unary.sign(self)

    def reciprocal(self) -> Tensor:
        """``1 / self``, elementwise (see ``autograd.reciprocal``)."""
        return _arith.reciprocal(self)

    def square(self) -> Tensor:
        """``self * self``, elementwise (see ``autograd.square``)."""
        return _arith.square(self)

    def erf(self) -> Tensor:
        """The error function, elementwise (see ``autograd.erf``)."""
        return _unary.erf(self)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:
        """Limit every element to ``[min, max]`` (see ``autograd.clamp``)."""
        return _select.clamp(self, min, max)

    clip = clamp

    def maximum(self, other: Tensor) -> Tensor:
        """Elementwise maximum with ``other`` (see ``autograd.maximum``)."""
        return _select.maximum(self, other)

    def minimum(self, other: Tensor) -> Tensor:
        """Elementwise minimum with ``other`` (see ``autograd.minimum``)."""
        return _select.minimum(self, other)

    def where(self, condition: Any, other: Any) -> Tensor:
        """Self where ``condition`` holds, else ``other`` (see ``autograd.where``)."""
        return _select.where(condition, self, other)

    def lerp(self, end: Tensor, weight: Any) -> Tensor:
        """``self + weight * (end - self)`` (see ``autograd.lerp``)."""
        return _select.lerp(self, end, weight)

    def eq(self, other: Any) -> Tensor:
        """``self == other``, elementwise (see ``autograd.eq``)."""
        return _compare.eq(self, other)

    def ne(self, other: Any) -> Tensor:
        """``self != other``, elementwise (see ``autograd.ne``)."""
        return _compare.ne(self, other)

    def lt(self, other: Any) -> Tensor:
        """``self < other``, elementwise (see ``autograd.lt``)."""
        return _compare.lt(self, other)

    def le(self, other: Any) -> Tensor:
        """``self <= other``, elementwise (see ``autograd.le``)."""
        return _compare.le(self, other)

    def gt(self, other: Any) -> Tensor:
        """``self > other``, elementwise (see ``autograd.gt``)."""
        return _compare.gt(self, other)

    def ge(self, other: Any) -> Tensor:
        """``self >= other``, elementwise (see ``autograd.ge``)."""
        return _compare.ge(self, other)

    def isnan(self) -> Tensor:
        """True where the element is NaN (see ``autograd.isnan``)."""
        return _compare.isnan(self)

    def isinf(self) -> Tensor:
        """True where the element is +-inf (see ``autograd.isinf``)."""
        return _compare.isinf(self)

    def isfinite(self) -> Tensor:
        """True where the element is neither NaN nor infinite (see ``autograd.isfinite``)."""
        return _compare.isfinite(self)

    def logical_not(self) -> Tensor:
        """Elementwise NOT (see ``autograd.logical_not``)."""
        return _compare.logical_not(self)

    def logical_and(self, other: Any) -> Tensor:
        """Elementwise AND with ``other`` (see ``autograd.logical_and``)."""
        return _compare.logical_and(self, other)

    def logical_or(self, other: Any) -> Tensor:
        """Elementwise OR with ``other`` (see ``autograd.logical_or``)."""
        return _compare.logical_or(self, other)

    def logical_xor(self, other: Any) -> Tensor:
        """Elementwise XOR with ``other`` (see ``autograd.logical_xor``)."""
        return _compare.logical_xor(self, other)

    def floor_divide(self, other: Any) -> Tensor:
        """``self // other``, rounded toward minus infinity (see ``autograd.floor_divide``)."""
        return _arith.floor_divide(self, other)

    def positive(self) -> Tensor:
        """``+self`` (see ``autograd.positive``)."""
        return _numeric.positive(self)

    # -- aliases (the same function objects) ----------------------------------------------
    absolute = abs
    divide = div
    multiply = mul
    subtract = sub
    negative = neg
    greater = gt
    greater_equal = ge
    less = lt
    less_equal = le
    not_equal = ne

    # -- the table math: hyperbolic, inverse trig, special functions, rounding ------------
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

    def round(self, *, decimals: int | None = None) -> Tensor:
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

    # -- bitwise and integer ops ----------------------------------------------------------
    def bitwise_and(self, other: Any) -> Tensor:
        """Bitwise AND (see ``autograd.bitwise_and``)."""
        return _bitwise.bitwise_and(self, other)

    def bitwise_or(self, other: Any) -> Tensor:
        """Bitwise OR (see ``autograd.bitwise_or``)."""
        return _bitwise.bitwise_or(self, other)

    def bitwise_xor(self, other: Any) -> Tensor:
        """Bitwise XOR (see ``autograd.bitwise_xor``)."""
        return _bitwise.bitwise_xor(self, other)

    def bitwise_not(self) -> Tensor:
        """Bitwise NOT (see ``autograd.bitwise_not``)."""
        return _bitwise.bitwise_not(self)

    def bitwise_left_shift(self, other: Any) -> Tensor:
        """Left shift by other bits (see ``autograd.bitwise_left_shift``)."""
        return _bitwise.bitwise_left_shift(self, other)

    def bitwise_right_shift(self, other: Any) -> Tensor:
        """Right shift by other bits (see ``autograd.bitwise_right_shift``)."""
        return _bitwise.bitwise_right_shift(self, other)

    def gcd(self, other: Tensor) -> Tensor:
        """Greatest common divisor (see ``autograd.gcd``)."""
        return _bitwise.gcd(self, other)

    def lcm(self, other: Tensor) -> Tensor:
        """Least common multiple (see ``autograd.lcm``)."""
        return _bitwise.lcm(self, other)

    # -- clamps, extrema and numerics -----------------------------------------------------
    def clamp_min(self, min: Any) -> Tensor:
        """Every element at least min (see ``autograd.clamp_min``)."""
        return _select.clamp_min(self, min)

    def clamp_max(self, max: Any) -> Tensor:
        """Every element at most max (see ``autograd.clamp_max``)."""
        return _select.clamp_max(self, max)

    def fmax(self, other: Tensor) -> Tensor:
        """Maximum ignoring NaN (see ``autograd.fmax``)."""
        return _select.fmax(self, other)

    def fmin(self, other: Tensor) -> Tensor:
        """Minimum ignoring NaN (see ``autograd.fmin``)."""
        return _select.fmin(self, other)

    def sgn(self) -> Tensor:
        """The sign of each element (see ``autograd.sgn``)."""
        return _numeric.sgn(self)

    def ldexp(self, other: Tensor) -> Tensor:
        """``self * 2 ** other`` (see ``autograd.ldexp``)."""
        return _numeric.ldexp(self, other)

    def frexp(self) -> Any:
        """``(mantissa, exponent)`` (see ``autograd.frexp``)."""
        return _numeric.frexp(self)

    def nextafter(self, other: Tensor) -> Tensor:
        """The next float toward other (see ``autograd.nextafter``)."""
        return _numeric.nextafter(self, other)

    def mvlgamma(self, p: int) -> Tensor:
        """Multivariate log-gamma (see ``autograd.mvlgamma``)."""
        return _numeric.mvlgamma(self, p)

    def i0(self) -> Tensor:
        """Modified Bessel function of order zero (see ``autograd.i0``)."""
        return _numeric.i0(self)

    def igamma(self, other: Tensor) -> Tensor:
        """The regularized lower incomplete gamma function (see ``autograd.igamma``)."""
        return _special.igamma(self, other)

    def igammac(self, other: Tensor) -> Tensor:
        """The regularized upper incomplete gamma function (see ``autograd.igammac``)."""
        return _special.igammac(self, other)

    # -- predicates -----------------------------------------------------------------------
    def isneginf(self) -> Tensor:
        """True where -inf (see ``autograd.isneginf``)."""
        return _predicates.isneginf(self)

    def isposinf(self) -> Tensor:
        """True where +inf (see ``autograd.isposinf``)."""
        return _predicates.isposinf(self)

    def isreal(self) -> Tensor:
        """True everywhere: no complex dtypes (see ``autograd.isreal``)."""
        return _predicates.isreal(self)

    # -- complex-number methods of real tensors -------------------------------------------
    @property
    def real(self) -> Tensor:
        """The real part: the tensor itself (tensors here are real)."""
        return _complex.real(self)

    @property
    def imag(self) -> Tensor:
        """The imaginary part: RuntimeError for a real tensor, as PyTorch."""
        return _complex.imag(self)

    def conj(self) -> Tensor:
        """The complex conjugate: the tensor itself (see ``autograd.conj``)."""
        return _complex.conj(self)

    def conj_physical(self) -> Tensor:
        """The complex conjugate, materialized: the tensor itself."""
        return _complex.conj_physical(self)

    def resolve_conj(self) -> Tensor:
        """The tensor itself: a conjugation is never pending here."""
        return _complex.resolve_conj(self)

    def resolve_neg(self) -> Tensor:
        """The tensor itself: a negation is never pending here."""
        return _complex.resolve_neg(self)

    def angle(self) -> Tensor:
        """pi for negative elements, else 0 (see ``autograd.angle``)."""
        return _complex.angle(self)

    # -- activations ----------------------------------------------------------------------
    def hardshrink(self, lambd: float = 0.5) -> Tensor:
        """0 where |x| <= lambd, else x (see ``autograd.hardshrink``)."""
        return _activation.hardshrink(self, lambd)

    def prelu(self, weight: Tensor) -> Tensor:
        """max(0, x) + weight min(0, x) per channel (see ``autograd.prelu``)."""
        return _activation.prelu(self, weight)
