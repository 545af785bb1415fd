"""Elementwise numerics: rsub, positive, sgn, ldexp, frexp, nextafter and the multivariate
log-gamma mvlgamma. Exported from ``elementwise``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import dtype_name
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.arith import _binary_operands, mul, pow, sub
from autograd.ops.elementwise.convert import to
from autograd.ops.elementwise.unary import sign
from autograd.ops.elementwise.unary_table import lgamma
from autograd.ops.reduction.extrema import return_types

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["rsub", "positive", "sgn", "ldexp", "frexp", "nextafter", "mvlgamma"]


def _tensor_other(op: str, other: Any) -> None:
    if not isinstance(other, TensorBase):
        raise TypeError(f"{op}(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__}")


def rsub(input: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
    """``other - alpha * input`` (subtraction with the operands swapped)."""
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
    return mul(input, pow(2.0, other))


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
    if input.dtype.kind != "f":
        raise RuntimeError(f"frexp() only supports floating-point dtypes, got {input.dtype} "
                           f"(shape {list(input.shape)})")
    mantissa, exponent = Frexp.apply(input)
    return return_types.frexp(mantissa, exponent)


class Nextafter(Function):
    @staticmethod
    def forward(ctx, x, y):
        return ctx.xp.nextafter(x, y)

    @staticmethod
    def backward(ctx, gy):
        # PyTorch defines no derivative for nextafter
        raise RuntimeError("the derivative for nextafter is not implemented")


def nextafter(input: Tensor, other: Tensor) -> Tensor:
    """The next floating-point value after input toward other, elementwise (no gradient)."""
    _tensor_other("nextafter", other)
    a, b = _binary_operands(input, other)
    if a.dtype.kind != "f":
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
    x = input if input.dtype.kind == "f" else to(input, _dt.get_default_dtype())
    steps = x.new_tensor([j / 2 for j in range(p)])
    total = lgamma(sub(x.unsqueeze(-1), steps)).sum(-1)
    return total + p * (p - 1) / 4 * math.log(math.pi)
