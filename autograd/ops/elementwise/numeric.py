"""Elementwise numerics: rsub, positive, sgn, ldexp, frexp, nextafter, the multivariate
log-gamma mvlgamma and the modified Bessel function i0. Exported from ``elementwise``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import dtype_name
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.arith import _binary_operands, mul, pow, sub
from autograd.ops.elementwise.convert import to
from autograd.ops.elementwise.table import unary
from autograd.ops.elementwise.unary import sign
from autograd.ops.elementwise.unary_table import lgamma
from autograd.ops.reduction.extrema import return_types

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["rsub", "positive", "sgn", "ldexp", "frexp", "nextafter", "mvlgamma", "i0"]


def _tensor_other(op: str, other: Any) -> None:
    if not isinstance(other, TensorBase):
        raise TypeError(f"{op}(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__}")


def rsub(input: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
    """``other - alpha * input`` (subtraction with the operands swapped)."""
    if not isinstance(input, TensorBase) and not isinstance(other, TensorBase):
        # a number for one operand is taken (docs/pytorch.md), two numbers are no tensor op
        raise TypeError(f"rsub(): expected a Tensor among input and other, got "
                        f"{type(input).__name__} and {type(other).__name__}")
    return sub(other, input, alpha=alpha)


def positive(input: Tensor) -> Tensor:
    """``+input``: input itself (a bool tensor raises, as PyTorch)."""
    if input.dtype.kind == "b":
        raise RuntimeError(f"positive: the `+` operator, on a bool tensor is not supported "
                           f"(shape {list(input.shape)})")
    return input


def sgn(input: Tensor) -> Tensor:
    """The sign of each element; the same as ``sign`` for real tensors."""
    return sign(input)


def ldexp(input: Tensor, other: Tensor) -> Tensor:
    """``input * 2 ** other`` (a floating result, as PyTorch's)."""
    _tensor_other("ldexp", other)
    dtype = _dt.result_type(input, other)
    if dtype.kind not in "fV":
        dtype = _dt.get_default_dtype()
    # 2 ** other in the result's dtype (a float32 power of an int64 exponent would promote a
    # bfloat16 or float16 input)
    exponent = other if other.dtype.kind in "fV" else to(other, dtype)
    return mul(input, pow(2.0, exponent))


class Frexp(Function):
    @staticmethod
    def forward(ctx, x):
        xp = ctx.xp
        mantissa, exponent = xp.frexp(x)
        ctx.scale = xp.exp2(-exponent.astype(x.dtype))
        return mantissa, exponent.astype(xp.int32)

    @staticmethod
    def backward(ctx, gm, ge):
        # mantissa = x / 2^exponent, the exponent piecewise constant: d mantissa = dx / 2^e
        return gm * ctx.xp.asarray(ctx.scale)


def frexp(input: Tensor) -> Any:
    """The named tuple ``(mantissa, exponent)`` with input = mantissa * 2 ** exponent,
    |mantissa| in [0.5, 1) (int32 exponents); floating tensors only."""
    if input.dtype.kind not in "fV":
        raise RuntimeError(f"frexp() only supports floating-point dtypes, got {input.dtype} "
                           f"(shape {list(input.shape)})")
    mantissa, exponent = Frexp.apply(input)
    return return_types.frexp(mantissa, exponent)


class Nextafter(Function):
    bfloat16_native = True  # the next bfloat16, not the next float32 rounded back

    @staticmethod
    def forward(ctx, x, y):
        xp = ctx.xp
        if x.dtype.kind != "V":
            return xp.nextafter(x, y)
        # bfloat16 is the upper half of a float32: step its bits by 2**16, away from zero
        # when moving away from it; from zero, the smallest subnormal with y's sign
        dtype = x.dtype
        x, y = xp.broadcast_arrays(x.astype(xp.float32), y.astype(xp.float32))
        away = (y > x) == (x > 0)
        bits = x.view(xp.int32) + xp.where(away, 1 << 16, -(1 << 16)).astype(xp.int32)
        z = xp.where(x == 0, xp.copysign(xp.float32(2.0 ** -133), y), bits.view(xp.float32))
        z = xp.where(x == y, y, z)
        return xp.where(xp.isnan(x) | xp.isnan(y), xp.float32(xp.nan), z).astype(dtype)

    @staticmethod
    def backward(ctx, gy):
        # PyTorch defines no derivative for nextafter
        raise RuntimeError("the derivative for nextafter is not implemented")


def nextafter(input: Tensor, other: Tensor) -> Tensor:
    """The next floating-point value after input toward other, elementwise (no gradient)."""
    _tensor_other("nextafter", other)
    a, b = _binary_operands(input, other)
    if a.dtype.kind not in "fV":
        raise NotImplementedError(f'"nextafter" not implemented for '
                                  f"'{dtype_name(a.dtype)}' (shape {list(a.shape)}); it needs "
                                  "floating tensors")
    return Nextafter.apply(a, b)


def mvlgamma(input: Tensor, p: int) -> Tensor:
    """The multivariate log-gamma of dimension ``p``: sum over j < p of lgamma(input - j/2),
    plus p (p - 1) / 4 log(pi)."""
    if p < 1:
        raise RuntimeError(f"mvlgamma: p has to be greater than or equal to 1, got {p}")
    if input.dtype.kind == "b":
        raise RuntimeError(f"mvlgamma: the input tensor may not be a boolean tensor (shape "
                           f"{list(input.shape)})")
    x = input if input.dtype.kind in "fV" else to(input, _dt.get_default_dtype())
    steps = x.new_tensor([j / 2 for j in range(p)])
    total = lgamma(sub(x.unsqueeze(-1), steps)).sum(-1)
    return total + p * (p - 1) / 4 * math.log(math.pi)


# -- i0 and its derivative i1 ----------------------------------------------------------------
# Cephes' Chebyshev expansions of exp(-|x|) I1(x): _I1_A on [0, 8] (in x / 2 - 2), _I1_B on
# (8, inf) (in 32 / x - 2, times sqrt(x)); relative error about 1e-15 in float64.

_I1_A = (2.77791411276104639959E-18, -2.11142121435816608115E-17, 1.55363195773620046921E-16,
         -1.10559694773538630805E-15, 7.60068429473540693410E-15, -5.04218550472791168711E-14,
         3.22379336594557470981E-13, -1.98397439776494371520E-12, 1.17361862988909016308E-11,
         -6.66348972350202774223E-11, 3.62559028155211703701E-10, -1.88724975172282928790E-9,
         9.38153738649577178388E-9, -4.44505912879632808065E-8, 2.00329475355213526229E-7,
         -8.56872026469545474066E-7, 3.47025130813767847674E-6, -1.32731636560394358279E-5,
         4.78156510755005422638E-5, -1.61760815825896745588E-4, 5.12285956168575772895E-4,
         -1.51357245063125314899E-3, 4.15642294431288815669E-3, -1.05640848946261981558E-2,
         2.47264490306265168283E-2, -5.29459812080949914269E-2, 1.02643658689847095384E-1,
         -1.76416518357834055153E-1, 2.52587186443633654823E-1)
_I1_B = (7.51729631084210481353E-18, 4.41434832307170791151E-18, -4.65030536848935832153E-17,
         -3.20952592199342395980E-17, 2.96262899764595013876E-16, 3.30820231092092828324E-16,
         -1.88035477551078244854E-15, -3.81440307243700780478E-15, 1.04202769841288027642E-14,
         4.27244001671195135429E-14, -2.10154184277266431302E-14, -4.08355111109219731823E-13,
         -7.19855177624590851209E-13, 2.03562854414708950722E-12, 1.41258074366137813316E-11,
         3.25260358301548823856E-11, -1.89749581235054123450E-11, -5.58974346219658380687E-10,
         -3.83538038596423702205E-9, -2.63146884688951950684E-8, -2.51223623787020892529E-7,
         -3.88256480887769039346E-6, -1.10588938762623716291E-4, -9.76109749136146840777E-3,
         7.78576235018280120474E-1)


def _chebyshev(t: Any, coefficients: tuple) -> Any:
    """Clenshaw's recurrence for sum c_k T_k(t / 2), as Cephes' chbevl."""
    b0, b1, b2 = t * 0 + coefficients[0], t * 0, t * 0
    for c in coefficients[1:]:
        b2, b1 = b1, b0
        b0 = t * b1 - b2 + c
    return (b0 - b2) * 0.5


def _i1_raw(xp: Any, x: Any) -> Any:
    """The modified Bessel function of the first kind of order one, on raw arrays (float16
    computed in float32: exp(z) of the formula overflows float16 long before the value)."""
    if x.dtype.char == "e":
        return _i1_raw(xp, x.astype("float32")).astype(x.dtype)
    z = xp.abs(x)
    small = _chebyshev(z * 0.5 - 2, _I1_A) * z * xp.exp(z)
    big = xp.maximum(z, 8)
    large = xp.exp(big) * _chebyshev(32 / big - 2, _I1_B) / xp.sqrt(big)
    return (xp.sign(x) * xp.where(z <= 8, small, large)).astype(x.dtype, copy=False)


def _i1(xp: Any, x: Any) -> Any:
    return xp.i1(x) if xp.differentiable else _i1_raw(xp, x)


# i1' = i0 - i1 / x, 1/2 at 0 (the function is odd and smooth there)
_special_i1 = unary("i1", _i1_raw,
                    lambda xp, x, y: xp.where(x == 0, 0.5,
                                              xp.i0(x) - y / xp.where(x == 0, 1.0, x)),
                    "The modified Bessel function of the first kind of order one.")
register("i1")(_special_i1)  # i0's derivative, under create_graph

def _i0_raw(xp: Any, x: Any) -> Any:
    # float16 computes in float32 and rounds once (NumPy's own float16 i0 overflows in an
    # intermediate exp from x of about 11, where the value itself is still finite, as _i1_raw)
    if x.dtype.char == "e":
        return xp.i0(x.astype("float32")).astype(x.dtype)
    return xp.i0(x).astype(x.dtype, copy=False)


i0 = unary("i0", _i0_raw, _i1,
           "The modified Bessel function of the first kind of order zero (derivative: i1).")
