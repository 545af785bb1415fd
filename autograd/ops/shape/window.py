"""``Tensor.unfold``: every window of ``size`` elements, ``step`` apart, along one dim, as a
strided view (the windows overlap when step < size). Its adjoint, which adds each window's
gradient back at its place, is a Function too, so every order of derivative follows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.checks import as_int
from autograd.engine.function import Function
from autograd.ops.shape.slice import _dim
from autograd.ops.shape.view import reshape

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__: list[str] = []  # a Tensor method only, as in PyTorch


def _windows(xp: Any, x: Any, axis: int, size: int, step: int) -> Any:
    """The view (..., count, ..., size): dim ``axis`` becomes the window count, the window's
    elements a new last dim."""
    count = (x.shape[axis] - size) // step + 1
    shape = x.shape[:axis] + (count,) + x.shape[axis + 1:] + (size,)
    strides = x.strides[:axis] + (x.strides[axis] * step,) + x.strides[axis + 1:] + (
        x.strides[axis],)
    return xp.lib.stride_tricks.as_strided(x, shape, strides)


def _add_windows(xp: Any, g: Any, shape: tuple, axis: int, size: int, step: int) -> Any:
    """The adjoint of ``_windows``: zeros of ``shape`` with each window of g added at its
    place (a loop over the ``size`` offsets, never over elements)."""
    out = xp.zeros(shape, dtype=g.dtype)
    count = g.shape[axis]
    lead = (slice(None),) * axis
    for j in range(size):
        out[lead + (slice(j, j + step * (count - 1) + 1, step),)] += g[..., j]
    return out


class Unfold(Function):
    is_view = True

    @staticmethod
    def forward(ctx, x, axis, size, step):
        ctx.shape = x.shape
        ctx.geometry = (axis, size, step)
        return _windows(ctx.xp, x, axis, size, step)

    @staticmethod
    def backward(ctx, gy):
        # each window copies input elements: their gradients add up at the input
        xp = ctx.xp
        if xp.differentiable:
            return AddWindows.apply(gy, ctx.shape, *ctx.geometry), None, None, None
        return _add_windows(xp, gy, ctx.shape, *ctx.geometry), None, None, None


class AddWindows(Function):
    """Zeros of ``shape`` with every window of ``g`` added at its place: unfold's adjoint."""

    @staticmethod
    def forward(ctx, g, shape, axis, size, step):
        ctx.geometry = (axis, size, step)
        return _add_windows(ctx.xp, g, shape, axis, size, step)

    @staticmethod
    def backward(ctx, gy):
        # the adjoint of adding windows is taking them (copied: windows may overlap)
        xp = ctx.xp
        if xp.differentiable:
            return Unfold.apply(gy, *ctx.geometry), None, None, None, None
        return _windows(xp, gy, *ctx.geometry).copy(), None, None, None, None


def unfold(input: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """``Tensor.unfold``: the windows of ``size`` elements, ``step`` apart, along
    ``dimension``, as a view with one more (last) dim."""
    # PyTorch's order: the dim (a 0-d tensor has dim 0 of size 1), then size, then step
    axis = _dim(dimension, input.ndim, "unfold", "dimension")
    size, step = as_int(size, "unfold", "size"), as_int(step, "unfold", "step")
    n = input.shape[axis] if input.ndim else 1
    if size < 0 or size > n:
        raise RuntimeError(f"unfold: maximum size for tensor at dimension {axis} is {n} but "
                           f"size is {size}")
    if step <= 0:
        raise RuntimeError(f"unfold: step is {step} but must be > 0")
    if input.ndim == 0:
        return reshape(input, (1,))[:size]
    return Unfold.apply(input, axis, size, step)
