"""``scatter_reduce``: src's values reduced into input at index along a dim, with PyTorch's
reductions (sum, prod, mean, amax, amin), ``include_self`` and gradients.

The reduction itself is the backend's unbuffered ``index_reduce`` (``ufunc.at`` on NumPy;
atomics, or a sort and a segmented scan for the product, on CuPy). The gradients are
PyTorch's: sum passes it through; mean divides it by the count; amax and amin share it
among every value equal to the result; prod is the product of the others, computed without
dividing by a zero. Without ``include_self`` the written positions' old values get none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import as_bool
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.indexing.gather import _scatter_args
from autograd.ops.shape.view import reshape

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["scatter_reduce"]

_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


def _identity(dtype: Any, reduce: str) -> Any:
    """The value a reduction starts from."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if dtype.kind in "fV":
        return -np.inf if reduce == "amax" else np.inf
    info = np.iinfo(dtype) if dtype.kind in "iu" else None
    if info is None:  # bool
        return reduce == "amin"
    return info.min if reduce == "amax" else info.max


def _reduce_raw(xp: Any, x: Any, src: Any, key: tuple, reduce: str,
                include_self: bool) -> tuple[Any, Any]:
    """(the result, the per-position count for mean) on raw arrays."""
    y = x.copy()
    if not include_self:
        y[key] = _identity(y.dtype, reduce)
    xp.index_reduce(y, key, src, "sum" if reduce == "mean" else reduce)
    count = None
    if reduce == "mean":
        count = xp.full(y.shape, 1 if include_self else 0, dtype=y.dtype)
        xp.index_reduce(count, key, xp.ones(src.shape, dtype=y.dtype), "sum")
        count = xp.maximum(count, 1)
        y = y / count if y.dtype.kind in "fV" else y // count
    return y, count


class ScatterReduce(Function):
    @staticmethod
    def forward(ctx, x, src, key, reduce, include_self):
        xp = ctx.xp
        y, count = _reduce_raw(xp, x, src, key, reduce, include_self)
        ctx.key = key
        ctx.reduce = reduce
        ctx.include_self = include_self
        ctx.count = count
        if reduce in ("prod", "amax", "amin"):
            ctx.save_for_backward(x, src, y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # y_p = reduce(x_p, src_j for j scattered to p), per written position p:
        #   sum: dx = gy, dsrc_j = gy_p;  mean: both divided by the count at p;
        #   amax/amin: gy_p shared evenly among the values equal to y_p;
        #   prod: the product of the others (no division by a zero value)
        xp, key, reduce = ctx.xp, ctx.key, ctx.reduce
        needs = ctx.needs_input_grad
        if reduce == "sum":
            gx, gsrc = gy, gy[key]
        elif reduce == "mean":
            g = gy / xp.asarray(ctx.count)
            gx, gsrc = g, g[key]
        elif reduce in ("amax", "amin"):
            x, src, y = ctx.saved_tensors
            x_hit = x == y
            src_hit = src == y[key]
            share = _add_at(xp, x_hit * 1.0, key, src_hit * 1.0)
            g = gy / share
            gx, gsrc = x_hit * g, src_hit * g[key]
        else:
            x, src, y = ctx.saved_tensors
            gx, gsrc = _prod_grads(ctx, gy, x, src, y)
        if not ctx.include_self and needs[0]:
            gx = _zero_at(xp, gx, key)
        return (gx if needs[0] else None), (gsrc if needs[1] else None)


def _add_at(xp: Any, base: Any, key: tuple, values: Any) -> Any:
    """A copy of base with values added at key (repeated positions accumulate)."""
    out = xp.copy(base)
    xp.index_add(out, key, values)
    return out


def _zero_at(xp: Any, g: Any, key: tuple) -> Any:
    keep = xp.raw.ones(g.shape, dtype=bool) if xp.differentiable else xp.ones(g.shape, bool)
    keep[key] = False
    return g * xp.asarray(keep)


def _reduce(xp: Any, x: Any, src: Any, key: tuple, reduce: str, include_self: bool) -> Any:
    if xp.differentiable:
        return ScatterReduce.apply(x, src, key=key, reduce=reduce, include_self=include_self)
    return _reduce_raw(xp, x, src, key, reduce, include_self)[0]


def _prod_grads(ctx: Any, gy: Any, x: Any, src: Any, y: Any) -> tuple:
    """PyTorch's gradients of a scattered product: x's is the product of the src values at
    its position (recomputed with x's zeros set to 1); a src value's is y / src_j, or, for the
    one zero of its position, the product of the others (recomputed with it set to 1)."""
    xp, key, include_self = ctx.xp, ctx.key, ctx.include_self
    gx = gsrc = None
    if ctx.needs_input_grad[0]:
        x_safe = xp.where(x == 0, 1, x)
        gx = gy * _reduce(xp, x_safe, src, key, "prod", include_self) / x_safe
    if ctx.needs_input_grad[1]:
        zero = src == 0
        zeros_here = _add_at(xp, xp.zeros(y.shape, dtype=y.dtype), key, zero * 1.0)[key]
        single = zero & (zeros_here == 1)
        others = _reduce(xp, x, xp.where(single, 1, src), key, "prod", include_self)
        gsrc = xp.where(single, (gy * others)[key], (gy * y)[key] / xp.where(zero, 1, src))
    return gx, gsrc


def scatter_reduce(input: Tensor, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                   include_self: bool = True) -> Tensor:
    """A copy of input with src's values reduced into it at ``index`` along ``dim``:
    ``reduce`` is 'sum', 'prod', 'mean', 'amax' or 'amin'; without ``include_self`` the
    written positions start from the reduction's identity instead of input's values."""
    op = "scatter_reduce()"
    if reduce.__class__ is not str:
        raise TypeError(f"scatter_reduce(): argument 'reduce' (position 5) must be str, not "
                        f"{type(reduce).__name__}")
    if include_self.__class__ is not bool:
        include_self = as_bool(include_self, "scatter_reduce", "include_self")
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"{op}: reduce argument must be either sum, prod, mean, amax or "
                           f"amin, got {reduce}")
    if not isinstance(src, TensorBase):
        raise TypeError(f"{op}: src must be a Tensor, got {type(src).__name__}")
    if src.dtype != input.dtype:
        raise RuntimeError(f"{op}: Expected self.dtype to be equal to src.dtype (self "
                           f"{input.dtype}, src {src.dtype})")
    if reduce == "mean" and input._data.dtype.kind == "b":  # PyTorch has no bool kernel
        raise NotImplementedError(f"{op}: reduce='mean' not implemented for 'Bool' (input of "
                                  f"shape {list(input.shape)})")
    x, key, src = _scatter_args(op, input, dim, index, src)
    if key is None:
        return input.clone()
    out = ScatterReduce.apply(x, src, key=key, reduce=reduce, include_self=include_self)
    return reshape(out, ()) if input.ndim == 0 else out
