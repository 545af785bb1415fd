"""Reductions that skip values: nansum, nanmean (NaNs left out) and count_nonzero."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.engine.function import Function
from autograd.ops.elementwise.compare import isnan, logical_not
from autograd.ops.elementwise.select import where
from autograd.ops.reduction.basic import _axes, sum

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["nansum", "nanmean", "count_nonzero"]


def nansum(input: Tensor, dim: Any = None, keepdim: bool = False, *,
           dtype: Any = None) -> Tensor:
    """``sum`` with NaNs counted as zero (they get no gradient)."""
    if input._data.dtype.kind in "fV":
        input = where(isnan(input), 0.0, input)
    return sum(input, dim, keepdim, dtype=dtype)


def nanmean(input: Tensor, dim: Any = None, keepdim: bool = False, *,
            dtype: Any = None) -> Tensor:
    """The mean of the non-NaN values over ``dim`` (NaN where there are none)."""
    if dtype is not None:
        input = input.to(dtype=dtype)
    if input._data.dtype.kind not in "fV":
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype "
                           f"but got {input.dtype}")
    count = sum(logical_not(isnan(input)), dim, keepdim, dtype=input.dtype)
    return nansum(input, dim, keepdim) / count


class CountNonzero(Function):
    @staticmethod
    def forward(ctx, x, axis):
        return (x != 0).sum(axis=axis, dtype=np.int64)


def count_nonzero(input: Tensor, dim: Any = None) -> Tensor:
    """The number of non-zero elements over ``dim`` (int or tuple; all by default): int64."""
    return CountNonzero.apply(input, _axes(dim, input._data.ndim, "count_nonzero"))

