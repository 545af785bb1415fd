"""Shape ops: reshape, view, flatten, squeeze, transpose, permute, expand, cat, stack, ..."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd.function import Function
from autograd.tensor import Tensor
from autograd.xp import register

__all__ = ["reshape", "view", "broadcast_to", "expand", "permute", "transpose"]



def _size_args(sizes: Sequence[Any]) -> tuple[int, ...]:
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = sizes[0]
    return tuple(int(s) for s in sizes)


class Reshape(Function):
    is_view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x.shape
        return x.reshape(shape)

    @staticmethod
    def backward(ctx, gy):
        # a reshape moves no values: reshape the gradient back
        return ctx.xp.reshape(gy, ctx.shape), None


def reshape(input: Tensor, *shape: Any) -> Tensor:
    """The same values in a new shape (one dimension may be -1)."""
    shape = _size_args(shape)
    try:
        return Reshape.apply(input, shape)
    except ValueError:
        raise RuntimeError(
            f"reshape: shape {list(shape)} is invalid for input of size {input.numel()} "
            f"(shape {list(input.shape)})"
        ) from None


view = reshape


class Broadcast(Function):
    is_view = True

    @staticmethod
    def forward(ctx, x, shape):
        return ctx.xp.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, gy):
        # the engine sums the broadcast gradient back to the input's shape
        return gy, None


def broadcast_to(input: Tensor, shape: Sequence[int]) -> Tensor:
    """A read-only broadcast view of input in ``shape``."""
    shape = tuple(shape)
    try:
        return Broadcast.apply(input, shape)
    except ValueError:
        raise RuntimeError(
            f"broadcast_to: the input of shape {list(input.shape)} cannot be broadcast to "
            f"{list(shape)}"
        ) from None


def expand(input: Tensor, *sizes: Any) -> Tensor:
    """Broadcast to ``sizes`` (-1 keeps a dimension)."""
    sizes = _size_args(sizes)
    lead = len(sizes) - input.ndim
    shape = tuple(input.shape[k - lead] if s == -1 else s for k, s in enumerate(sizes))
    return broadcast_to(input, shape)


class Permute(Function):
    is_view = True

    @staticmethod
    def forward(ctx, x, axes):
        ctx.axes = axes
        return x.transpose(axes)

    @staticmethod
    def backward(ctx, gy):
        # permute back by the inverse permutation
        inverse = [0] * len(ctx.axes)
        for k, a in enumerate(ctx.axes):
            inverse[a] = k
        return ctx.xp.transpose(gy, tuple(inverse)), None


def permute(input: Tensor, *dims: Any) -> Tensor:
    """Reorder the dimensions."""
    dims = _size_args(dims)
    n = input.ndim
    axes = tuple(d % n if n else d for d in dims)
    if sorted(axes) != list(range(n)):
        raise RuntimeError(f"permute: dims {list(dims)} are not a permutation of the "
                           f"{n} dims of shape {list(input.shape)}")
    return Permute.apply(input, axes)


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions."""
    n = input.ndim
    axes = list(range(n))
    if n:
        a, b = dim0 % n, dim1 % n
        axes[a], axes[b] = axes[b], axes[a]
    return Permute.apply(input, tuple(axes))


@register("reshape")
def _xp_reshape(a: Tensor, shape: Any) -> Tensor:
    return reshape(a, shape)


@register("broadcast_to")
def _xp_broadcast_to(a: Tensor, shape: Any) -> Tensor:
    return broadcast_to(a, shape)


@register("transpose")
def _xp_transpose(a: Tensor, axes: Any = None) -> Tensor:
    return Permute.apply(a, tuple(axes) if axes is not None else tuple(range(a.ndim))[::-1])


@register("expand_dims")
def _xp_expand_dims(a: Tensor, axis: Any) -> Tensor:
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    shape = list(a.shape)
    for ax in sorted(x % (a.ndim + len(axes)) for x in axes):
        shape.insert(ax, 1)
    return reshape(a, tuple(shape))
