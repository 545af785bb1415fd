"""The in-place ``_`` forms of the elementwise Tensor methods (``add_`` ... ``heaviside_``,
the in-place comparisons and logic, whose results take ``self``'s dtype), fills and copies
(``copy_``, ``fill_``, ``zero_``), random sampling (``uniform_`` ... ``random_``,
``bernoulli``, ``multinomial``) and Python functions applied elementwise (``apply_``, ``map_``,
``map2_``).

Each runs the out-of-place op through ``autograd.engine.inplace.inplace``, which writes the
result back and records it (on the view's base when the tensor is a view). The in-place forms
of shape, indexing, reduction and linear-algebra ops are with their domain's methods. A mixin
of ``Tensor`` (see ``autograd.tensor_methods_elementwise``), with empty ``__slots__``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from autograd.engine.inplace import inplace
from autograd.engine.tensor_base import make
from autograd.ops import random as _random
from autograd.ops.elementwise import arith as _arith
from autograd.ops.elementwise import binary_table as _binary
from autograd.ops.elementwise import bitwise as _bitwise
from autograd.ops.elementwise import compare as _compare
from autograd.ops.elementwise import convert as _convert
from autograd.ops.elementwise import numeric as _numeric
from autograd.ops.elementwise import select as _select
from autograd.ops.elementwise import special as _special
from autograd.ops.elementwise import unary as _unary
from autograd.ops.elementwise import unary_table as _table
from autograd.ops.shape import view as _view

if TYPE_CHECKING:
    from autograd.tensor import Tensor


def _as_values(fn: Callable, name: str) -> Callable:
    """``fn(input, other)`` (a comparison) as values of input's dtype, recorded as a fill: an
    in-place comparison gives ``self`` a zero gradient, as PyTorch's ``eq_`` does."""

    def op(input: Tensor, other: Any) -> Tensor:
        values = fn(input, other)
        if values._data.shape != input._data.shape:
            raise RuntimeError(f"{name}_: output with shape {list(input.shape)} doesn't match "
                               f"the broadcast shape {list(values.shape)}")
        return _convert.fill_like(input, values)

    op.__name__ = name
    return op


_EQ = _as_values(_compare.eq, "eq")
_NE = _as_values(_compare.ne, "ne")
_LT = _as_values(_compare.lt, "lt")
_LE = _as_values(_compare.le, "le")
_GT = _as_values(_compare.gt, "gt")
_GE = _as_values(_compare.ge, "ge")


class _InplaceMethods:
    """In-place elementwise math, comparisons, fills, copies and random sampling."""

    __slots__ = ()

    # -- arithmetic, unary math and activations -------------------------------------------
    def add_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """In-place ``add``."""
        return inplace(self, _arith.add, other, alpha=alpha)

    def sub_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """In-place ``sub``."""
        return inplace(self, _arith.sub, other, alpha=alpha)

    def mul_(self, other: Any) -> Tensor:
        """In-place ``mul``."""
        return inplace(self, _arith.mul, other)

    def div_(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        """In-place ``div``."""
        return inplace(self, _arith.div, other, rounding_mode=rounding_mode)

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:
        """In-place ``clamp``."""
        return inplace(self, _select.clamp, min, max)

    clip_ = clamp_

    def pow_(self, exponent: Any) -> Tensor:
        """In-place ``pow``."""
        return inplace(self, _arith.pow, exponent)

    def neg_(self) -> Tensor:
        """In-place ``neg``."""
        return inplace(self, _arith.neg)

    def exp_(self) -> Tensor:
        """In-place ``exp``."""
        return inplace(self, _unary.exp)

    def sqrt_(self) -> Tensor:
        """In-place ``sqrt``."""
        return inplace(self, _unary.sqrt)

    def rsqrt_(self) -> Tensor:
        """In-place ``rsqrt``."""
        return inplace(self, _unary.rsqrt)

    def log_(self) -> Tensor:
        """In-place ``log``."""
        return inplace(self, _unary.log)

    def log1p_(self) -> Tensor:
        """In-place ``log1p``."""
        return inplace(self, _unary.log1p)

    def expm1_(self) -> Tensor:
        """In-place ``expm1``."""
        return inplace(self, _unary.expm1)

    def sin_(self) -> Tensor:
        """In-place ``sin``."""
        return inplace(self, _unary.sin)

    def cos_(self) -> Tensor:
        """In-place ``cos``."""
        return inplace(self, _unary.cos)

    def tan_(self) -> Tensor:
        """In-place ``tan``."""
        return inplace(self, _unary.tan)

    def erf_(self) -> Tensor:
        """In-place ``erf``."""
        return inplace(self, _unary.erf)

    def abs_(self) -> Tensor:
        """In-place ``abs``."""
        return inplace(self, _unary.abs)

    def sign_(self) -> Tensor:
        """In-place ``sign``."""
        return inplace(self, _unary.sign)

    def trunc_(self) -> Tensor:
        """In-place ``trunc``."""
        return inplace(self, _unary.trunc)

    def floor_(self) -> Tensor:
        """In-place ``floor``."""
        return inplace(self, _unary.floor)

    def reciprocal_(self) -> Tensor:
        """In-place ``reciprocal``."""
        return inplace(self, _arith.reciprocal)

    def square_(self) -> Tensor:
        """In-place ``square``."""
        return inplace(self, _arith.square)

    def relu_(self) -> Tensor:
        """In-place ``relu``."""
        return inplace(self, _unary.relu)

    def sigmoid_(self) -> Tensor:
        """In-place ``sigmoid``."""
        return inplace(self, _unary.sigmoid)

    def tanh_(self) -> Tensor:
        """In-place ``tanh``."""
        return inplace(self, _unary.tanh)

    def floor_divide_(self, other: Any) -> Tensor:
        """In-place ``floor_divide``."""
        return inplace(self, _arith.floor_divide, other)

    def lerp_(self, end: Tensor, weight: Any) -> Tensor:
        """In-place ``lerp``."""
        return inplace(self, _select.lerp, end, weight)

    # -- aliases (the same function objects) ----------------------------------------------
    absolute_ = abs_
    divide_ = div_
    multiply_ = mul_
    subtract_ = sub_
    negative_ = neg_

    # -- the table math -------------------------------------------------------------------
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

    def round_(self, *, decimals: int | None = None) -> Tensor:
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

    # -- comparisons and logic (results in self's dtype) ----------------------------------
    def eq_(self, other: Any) -> Tensor:
        """In-place ``eq``: 1 where equal, else 0, in this tensor's dtype."""
        return inplace(self, _EQ, other)

    def ne_(self, other: Any) -> Tensor:
        """In-place ``ne``: 1 where not equal, else 0, in this tensor's dtype."""
        return inplace(self, _NE, other)

    def lt_(self, other: Any) -> Tensor:
        """In-place ``lt``: 1 where ``self < other``, else 0, in this tensor's dtype."""
        return inplace(self, _LT, other)

    def le_(self, other: Any) -> Tensor:
        """In-place ``le``: 1 where ``self <= other``, else 0, in this tensor's dtype."""
        return inplace(self, _LE, other)

    def gt_(self, other: Any) -> Tensor:
        """In-place ``gt``: 1 where ``self > other``, else 0, in this tensor's dtype."""
        return inplace(self, _GT, other)

    def ge_(self, other: Any) -> Tensor:
        """In-place ``ge``: 1 where ``self >= other``, else 0, in this tensor's dtype."""
        return inplace(self, _GE, other)

    greater_ = gt_
    greater_equal_ = ge_
    less_ = lt_
    less_equal_ = le_
    not_equal_ = ne_

    def logical_and_(self, other: Any) -> Tensor:
        """In-place ``logical_and`` (1/0 in this tensor's dtype; not differentiable)."""
        return inplace(self, _compare.logical_and, other)

    def logical_or_(self, other: Any) -> Tensor:
        """In-place ``logical_or`` (1/0 in this tensor's dtype; not differentiable)."""
        return inplace(self, _compare.logical_or, other)

    def logical_xor_(self, other: Any) -> Tensor:
        """In-place ``logical_xor`` (1/0 in this tensor's dtype; not differentiable)."""
        return inplace(self, _compare.logical_xor, other)

    def logical_not_(self) -> Tensor:
        """In-place ``logical_not`` (1/0 in this tensor's dtype; not differentiable)."""
        return inplace(self, _compare.logical_not)

    # -- bitwise, integer and numerics ----------------------------------------------------
    def bitwise_and_(self, other: Any) -> Tensor:
        """In-place ``bitwise_and``."""
        return inplace(self, _bitwise.bitwise_and, other)

    def bitwise_or_(self, other: Any) -> Tensor:
        """In-place ``bitwise_or``."""
        return inplace(self, _bitwise.bitwise_or, other)

    def bitwise_xor_(self, other: Any) -> Tensor:
        """In-place ``bitwise_xor``."""
        return inplace(self, _bitwise.bitwise_xor, other)

    def bitwise_not_(self) -> Tensor:
        """In-place ``bitwise_not``."""
        return inplace(self, _bitwise.bitwise_not)

    def bitwise_left_shift_(self, other: Any) -> Tensor:
        """In-place ``bitwise_left_shift``."""
        return inplace(self, _bitwise.bitwise_left_shift, other)

    def bitwise_right_shift_(self, other: Any) -> Tensor:
        """In-place ``bitwise_right_shift``."""
        return inplace(self, _bitwise.bitwise_right_shift, other)

    def gcd_(self, other: Tensor) -> Tensor:
        """In-place ``gcd``."""
        return inplace(self, _bitwise.gcd, other)

    def lcm_(self, other: Tensor) -> Tensor:
        """In-place ``lcm``."""
        return inplace(self, _bitwise.lcm, other)

    def clamp_min_(self, min: Any) -> Tensor:
        """In-place ``clamp_min``."""
        return inplace(self, _select.clamp_min, min)

    def clamp_max_(self, max: Any) -> Tensor:
        """In-place ``clamp_max``."""
        return inplace(self, _select.clamp_max, max)

    def sgn_(self) -> Tensor:
        """In-place ``sgn``."""
        return inplace(self, _numeric.sgn)

    def ldexp_(self, other: Tensor) -> Tensor:
        """In-place ``ldexp``."""
        return inplace(self, _numeric.ldexp, other)

    def nextafter_(self, other: Tensor) -> Tensor:
        """In-place ``nextafter``."""
        return inplace(self, _numeric.nextafter, other)

    def mvlgamma_(self, p: int) -> Tensor:
        """In-place ``mvlgamma``."""
        return inplace(self, _numeric.mvlgamma, p)

    def i0_(self) -> Tensor:
        """In-place ``i0``."""
        return inplace(self, _numeric.i0)

    def igamma_(self, other: Tensor) -> Tensor:
        """In-place ``igamma``."""
        return inplace(self, _special.igamma, other)

    def igammac_(self, other: Tensor) -> Tensor:
        """In-place ``igammac``."""
        return inplace(self, _special.igammac, other)

    def conj_physical_(self) -> Tensor:
        """In-place ``conj_physical``: nothing to do on a real tensor."""
        return self

    # -- fills and copies -----------------------------------------------------------------
    def copy_(self, src: Any) -> Tensor:
        """Copy ``src`` (broadcast, cast, moved across devices) into this tensor."""
        return inplace(self, _convert.copy_from, src)

    def fill_(self, value: Any) -> Tensor:
        """Fill with ``value`` (a number that fits this dtype, or a 0-d Tensor)."""
        return inplace(self, _convert.fill, value)

    def zero_(self) -> Tensor:
        """Fill with zeros."""
        return inplace(self, _convert.fill_like, 0)

    # -- random sampling ------------------------------------------------------------------
    def uniform_(self, a: float = 0.0, b: float = 1.0) -> Tensor:
        """Fill with samples from U(a, b) (from this device's generator); float tensors only."""
        _float_only("uniform_", self)
        if a > b:
            raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                               f"from={a} > to={b}")
        sample = self.device.backend.random_uniform(self.shape, a, b, self.dtype)
        return inplace(self, _convert.fill_like, make(sample, self.device))

    def normal_(self, mean: float = 0.0, std: float = 1.0) -> Tensor:
        """Fill with samples from N(mean, std^2) (from this device's generator); float tensors
        only."""
        _float_only("normal_", self)
        if std < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
        sample = self.device.backend.random_normal(self.shape, mean, std, self.dtype)
        return inplace(self, _convert.fill_like, make(sample, self.device))

    def bernoulli(self, p: float | None = None, *, generator: Any = None) -> Tensor:
        """1 with probability ``self`` (or ``p``), else 0 (``autograd.bernoulli``)."""
        return _random.bernoulli(self, p, generator=generator)

    def bernoulli_(self, p: Any = 0.5, *, generator: Any = None) -> Tensor:
        """Fill with 1 with probability ``p`` (a number or a tensor), else 0."""
        return _random.bernoulli_(self, p, generator=generator)

    def multinomial(self, num_samples: int, replacement: bool = False, *,
                    generator: Any = None) -> Tensor:
        """Category indices drawn in proportion to the weights (``autograd.multinomial``)."""
        return _random.multinomial(self, num_samples, replacement, generator=generator)

    def exponential_(self, lambd: float = 1.0, *, generator: Any = None) -> Tensor:
        """Fill with samples of Exp(lambd)."""
        return _random.exponential_(self, lambd, generator=generator)

    def geometric_(self, p: float, *, generator: Any = None) -> Tensor:
        """Fill with Geometric(p) samples (trials up to the first success, >= 1)."""
        return _random.geometric_(self, p, generator=generator)

    def cauchy_(self, median: float = 0.0, sigma: float = 1.0, *,
                generator: Any = None) -> Tensor:
        """Fill with samples of Cauchy(median, sigma)."""
        return _random.cauchy_(self, median, sigma, generator=generator)

    def log_normal_(self, mean: float = 1.0, std: float = 2.0, *,
                    generator: Any = None) -> Tensor:
        """Fill with exp(N(mean, std^2)) samples."""
        return _random.log_normal_(self, mean, std, generator=generator)

    def random_(self, from_: int = 0, to: int | None = None, *,
                generator: Any = None) -> Tensor:
        """Fill with integers uniform in [from_, to) (``random_(to)``: [0, to))."""
        return _random.random_(self, from_, to, generator=generator)

    # -- Python functions applied elementwise (CPU tensors) -------------------------------
    def apply_(self, callable: Callable[[Any], Any]) -> Tensor:
        """Replace every element ``v`` by ``callable(v)`` (a Python number; CPU tensors only,
        slow, not differentiable). Bumps the version counter, unlike PyTorch, so that a value
        saved for backward cannot change unnoticed."""
        return _map(self, "apply_", lambda a: [callable(v) for v in a], ())

    def map_(self, tensor: Tensor, callable: Callable[[Any, Any], Any]) -> Tensor:
        """Replace every element ``a`` by ``callable(a, b)``, ``b`` the element of ``tensor``
        (broadcast to this shape) at the same place (CPU only, slow, not differentiable; bumps
        the version counter, as ``apply_``)."""
        return _map(self, "map_", lambda a, b: [callable(x, y) for x, y in zip(a, b)],
                    (tensor,))

    def map2_(self, x: Tensor, y: Tensor, callable: Callable[[Any, Any, Any], Any]) -> Tensor:
        """Replace every element ``a`` by ``callable(a, b, c)``, ``b`` and ``c`` the elements
        of ``x`` and ``y`` (broadcast to this shape) at the same place (CPU only, slow, not
        differentiable; as ``map_``)."""
        for name, o in (("x", x), ("y", y)):
            if o.dtype != self.dtype:
                raise TypeError(f"map2_: expected a tensor of dtype {self.dtype} for argument "
                                f"'{name}' (got {o.dtype})")
        return _map(self, "map2_",
                    lambda a, b, c: [callable(p, q, r) for p, q, r in zip(a, b, c)], (x, y))


def _polygamma(input: Tensor, n: int) -> Tensor:
    return _table.polygamma(n, input)


_polygamma.__name__ = "polygamma"  # what an in-place error calls it: polygamma_


def _float_only(op: str, t: Tensor) -> None:
    if t.dtype.kind not in "fV":  # PyTorch: NotImplementedError "... not implemented for 'Long'"
        raise NotImplementedError(f"{op}: not implemented for {t.dtype} tensors (shape "
                                  f"{list(t.shape)}); random floats need a floating dtype")


def _map(t: Tensor, name: str, fn: Callable, others: tuple) -> Tensor:
    if t.device.type != "cpu":
        raise TypeError(f"{name} is only implemented on CPU tensors (got a tensor on "
                        f"{t.device})")
    if t._requires_grad:
        raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use "
                           f"var.detach().{name}() instead (shape {list(t._data.shape)}).")
    data = t._data
    arrays = [data.reshape(-1).tolist()]
    for o in others:
        arrays.append(_view.broadcast_to(o, data.shape)._data.reshape(-1).tolist())
    values = fn(*arrays)
    data[...] = t.device.backend.asarray(values, dtype=data.dtype).reshape(data.shape)
    t._vc[0] += 1
    return t
