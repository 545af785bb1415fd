"""Reductions: sum, mean, prod, var, std, max, min, amax, amin, argmax, argmin, logsumexp,
norm, cumsum, all, any."""

from __future__ import annotations

from typing import Any

from autograd import dtypes as _dt
from autograd.function import Function
from autograd.tensor import Tensor
from autograd.xp import register

__all__ = ["sum"]



def _axes(dim: Any, ndim: int) -> tuple[int, ...] | None:
    """Normalise ``dim`` (None, int, or sequence) to a tuple of non-negative axes."""
    if dim is None:
        return None
    if isinstance(dim, int):
        dim = (dim,)
    out = []
    for d in dim:
        if not -max(ndim, 1) <= d < max(ndim, 1):
            raise IndexError(
                f"Dimension out of range (expected to be in range of [{-max(ndim, 1)}, "
                f"{max(ndim, 1) - 1}], but got {d})"
            )
        out.append(d % max(ndim, 1))
    return tuple(out)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, axis, keepdims):
        ctx.shape = x.shape
        ctx.axis = axis
        ctx.keepdims = keepdims
        y = x.sum(axis=axis, keepdims=keepdims)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d sum(x) / dx = 1: broadcast gy back over the reduced axes
        xp = ctx.xp
        if not ctx.keepdims and ctx.axis is not None and gy.ndim != len(ctx.shape):
            gy = xp.expand_dims(gy, ctx.axis)
        return xp.broadcast_to(gy, ctx.shape), None, None


def sum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """Sum over ``dim`` (all dims by default); integer and bool inputs sum to int64."""
    if dtype is not None:
        input = input.to(dtype)
    elif input._data.dtype.kind in "biu":
        input = input.to(_dt.int64)
    axes = _axes(dim, input.ndim)
    if input.ndim == 0:
        axes = None
    return Sum.apply(input, axes, keepdim)


@register("sum")
def _xp_sum(a: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    return sum(a, axis, keepdims)
