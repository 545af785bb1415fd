"""Reductions that skip values: nansum, nanmean (NaNs left out) and count_nonzero."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.engine.function import Function
from autograd.ops.autocast import autocasting, float32
from autograd.ops.elementwise.compare import isnan, logical_not
from autograd.ops.reduction.basic import Sum, _axes, _keep, sum

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["nansum", "nanmean", "count_nonzero"]


class NanSum(Function):
    @staticmethod
    def forward(ctx, x, axis, keepdims):
        xp = ctx.xp
        ctx.save_for_backward(x)
        return Sum.forward(ctx, xp.where(xp.isnan(x), x.dtype.type(0), x), axis, keepdims)

    @staticmethod
    def backward(ctx, gy):
        # d nansum(x) / dx_i = [x_i is not NaN], as a product (PyTorch's): a NaN or infinite
        # gradient reaches the NaNs as NaN
        xp = ctx.xp
        (x,) = ctx.saved_tensors
        gx = _keep(xp, gy, ctx.axis, ctx.keepdims) * xp.logical_not(xp.isnan(x))
        return gx, None, None


def nansum(input: Tensor, dim: Any = None, keepdim: bool = False, *,
           dtype: Any = None) -> Tensor:
    """``sum`` with NaNs counted as zero (they get no gradient)."""
    if input._data.dtype.kind not in "fV":
        return sum(input, dim, keepdim, dtype=dtype)
    if dtype is not None:
        input = input.to(dtype=dtype)
    if autocasting:
        (input,) = float32(input, cpu=False)
    return NanSum.apply(input, _axes(dim, input._data.ndim, "nansum"), keepdim)


def nanmean(input: Tensor, dim: Any = None, keepdim: bool = False, *,
            dtype: Any = None) -> Tensor:
    """The mean of the non-NaN values over ``dim`` (NaN where there are none)."""
    if input._data.dtype.kind not in "fV":  # checked before dtype= casts, as PyTorch
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype "
                           f"but got {input.dtype}")
    if dtype is not None:
        input = input.to(dtype=dtype)
    count = sum(logical_not(isnan(input)), dim, keepdim, dtype=input.dtype)
    return nansum(input, dim, keepdim) / count


class CountNonzero(Function):
    @staticmethod
    def forward(ctx, x, axis):
        return (x != 0).sum(axis=axis, dtype=np.int64)


def count_nonzero(input: Tensor, dim: Any = None) -> Tensor:
    """The number of non-zero elements over ``dim`` (int or tuple; all by default): int64."""
    return CountNonzero.apply(input, _axes(dim, input._data.ndim, "count_nonzero"))
