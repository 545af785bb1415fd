"""Slicing views (narrow, split, chunk, unbind), the slice/embed pair that gradients of
slicing ops are written with, and the dim helpers the shape family shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd.checks import as_int, int_tuple, wrap_dim
from autograd.engine.diffxp import register
from autograd.engine.function import Function

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["narrow", "select", "chunk", "split", "split_with_sizes", "unbind"]


_ALL = slice(None)


def _size_args(sizes: Sequence[Any], op: str = "view") -> tuple[int, ...]:
    """``f(2, 3)`` and ``f((2, 3))`` both give ``(2, 3)``; ints only."""
    return int_tuple(sizes, op)


_dim = wrap_dim  # the shape ops' name for it


# -- slicing views --------------------------------------------------------------------------------


class Slice(Function):
    """A basic-slicing view: ``x[index]`` with ``index`` a tuple of slices."""

    is_view = True

    @staticmethod
    def forward(ctx, x, index):
        ctx.shape = x.shape
        ctx.index = index
        return x[index]

    @staticmethod
    def backward(ctx, gy):
        # a slice picks values: gy goes back to where they came from, zeros elsewhere
        return _embed(ctx.xp, gy, ctx.shape, ctx.index), None


class ConstantPad(Function):
    """``x`` written at ``index`` into a new array of ``shape`` filled with ``value``: constant
    padding, and the adjoint of ``Slice``."""

    @staticmethod
    def forward(ctx, x, shape, index, value):
        ctx.index = index
        y = ctx.xp.full(shape, value, dtype=x.dtype)
        y[index] = x
        return y

    @staticmethod
    def backward(ctx, gy):
        # only the embedded values depend on x: slice their gradient back out
        return _slice(ctx.xp, gy, ctx.index), None, None, None


def _slice(xp: Any, a: Any, index: tuple) -> Any:
    """``a[index]`` on raw arrays; the differentiable Slice on Tensors (create_graph)."""
    if xp.differentiable:
        return Slice.apply(a, index)
    return a[index]


def _embed(xp: Any, a: Any, shape: tuple, index: tuple) -> Any:
    """Zeros of ``shape`` with ``a`` at ``index`` (differentiable on Tensors)."""
    if xp.differentiable:
        return ConstantPad.apply(a, shape, index, 0)
    out = xp.zeros(shape, dtype=a.dtype)
    out[index] = a
    return out


def narrow(input: Tensor, dim: int, start: int, length: int) -> Tensor:
    """The view ``input[..., start:start + length, ...]`` along ``dim``."""
    shape = input._data.shape
    if not shape:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = _dim(dim, len(shape), "narrow")
    size = shape[d]
    start = as_int(start, "narrow", "start")
    length = as_int(length, "narrow", "length")
    if not -size <= start <= size:
        raise IndexError(f"narrow: start out of range (expected to be in range of [{-size}, "
                         f"{size}], but got {start})")
    if start < 0:
        start += size
    if length < 0:
        raise RuntimeError(f"narrow(): length must be non-negative (got {length}).")
    if start + length > size:
        raise RuntimeError(f"narrow: start ({start}) + length ({length}) exceeds dimension size "
                           f"({size}) of dim {d} of the input of shape {list(shape)}.")
    return Slice.apply(input, (_ALL,) * d + (slice(start, start + length),))


def select(input: Tensor, dim: int, index: int) -> Tensor:
    """The view ``input[..., index, ...]`` along ``dim``, which it removes."""
    shape = input._data.shape
    if not shape:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _dim(dim, len(shape), "select")
    index = index if index.__class__ is int else as_int(index, "select", "index")
    if not -shape[d] <= index < shape[d]:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(shape)} at dimension {d}")
    return Slice.apply(input, (_ALL,) * d + (index % shape[d],))


class Split(Function):
    """Consecutive pieces ``[a, b)`` of ``x`` along ``axis`` (views), one output each."""

    is_view = True

    @staticmethod
    def forward(ctx, x, axis, bounds):
        ctx.axis = axis
        lead = (_ALL,) * axis
        return tuple(x[lead + (slice(a, b),)] for a, b in bounds)

    @staticmethod
    def backward(ctx, *grads):
        # the pieces tile the input: their gradients concatenate back into one
        return ctx.xp.concatenate(grads, ctx.axis), None, None


class Unbind(Function):
    """Every index of ``x`` along ``axis`` (views with that dim removed), one output each."""

    is_view = True

    @staticmethod
    def forward(ctx, x, axis):
        ctx.axis = axis
        lead = (_ALL,) * axis
        return tuple(x[lead + (k, ...)] for k in range(x.shape[axis]))

    @staticmethod
    def backward(ctx, *grads):
        # the slices tile the input: their gradients stack back into one
        return ctx.xp.stack(grads, ctx.axis), None


def _split_views(xp: Any, a: Any, axis: int, bounds: Sequence[tuple[int, int]]) -> tuple:
    """The pieces ``[lo, hi)`` of ``a`` along ``axis`` (differentiable on Tensors)."""
    if xp.differentiable:
        return Split.apply(a, axis, tuple(bounds))
    lead = (_ALL,) * axis
    return tuple(a[lead + (slice(lo, hi),)] for lo, hi in bounds)


def _unstack(xp: Any, a: Any, axis: int) -> tuple:
    """Every index of ``a`` along ``axis`` (differentiable on Tensors)."""
    if xp.differentiable:
        return Unbind.apply(a, axis)
    lead = (_ALL,) * axis
    return tuple(a[lead + (k, ...)] for k in range(a.shape[axis]))


def split(input: Tensor, split_size_or_sections: int | Sequence[int],
          dim: int = 0) -> tuple[Tensor, ...]:
    """Views of consecutive pieces along ``dim``: of size ``split_size`` (the last may be
    smaller), or of the given sizes."""
    shape = input._data.shape
    if not shape:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    d = _dim(dim, len(shape), "split")
    n = shape[d]
    if isinstance(split_size_or_sections, (list, tuple)):
        sizes = list(int_tuple(split_size_or_sections, "split_with_sizes", "split_sizes"))
        if sum(sizes) != n or any(s < 0 for s in sizes):
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {d}), but got "
                               f"split_sizes={sizes}")
        bounds = []
        start = 0
        for s in sizes:
            bounds.append((start, start + s))
            start += s
    else:
        size = as_int(split_size_or_sections, "split", "split_size")
        if size < 0 or (size == 0 and n):
            raise RuntimeError(f"split: split_size must be positive (0 only for a dimension of "
                               f"size 0), got split_size={size} for dimension {d} of size {n}")
        bounds = [(a, min(a + size, n)) for a in range(0, n, size)] if n else [(0, 0)]
    return Split.apply(input, d, tuple(bounds))


def split_with_sizes(input: Tensor, split_sizes: Sequence[int],
                     dim: int = 0) -> tuple[Tensor, ...]:
    """Views of the given sizes (summing to the size of ``dim``) along ``dim``."""
    if not isinstance(split_sizes, (list, tuple)):
        raise TypeError(f"split_with_sizes(): argument 'split_sizes' must be tuple of ints, "
                        f"not {type(split_sizes).__name__}")
    return split(input, split_sizes, dim)


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """Up to ``chunks`` views of equal size ceil(n / chunks) along ``dim`` (the last may be
    smaller, and there may be fewer)."""
    chunks = as_int(chunks, "chunk", "chunks")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    shape = input._data.shape
    if not shape:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    d = _dim(dim, len(shape), "chunk")
    n = shape[d]
    if n == 0:
        return Split.apply(input, d, ((0, 0),) * chunks)
    return split(input, -(-n // chunks), d)


def unbind(input: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """The views ``input.select(dim, k)`` for every k."""
    shape = input._data.shape
    if not shape:
        raise IndexError("unbind: Dimension specified as 0 but tensor has no dimensions")
    d = _dim(dim, len(shape), "unbind")
    if shape[d] == 0:
        return ()
    return Unbind.apply(input, d)


# -- NumPy-signature names for the differentiable namespace --------------------------------


@register("split")
def _xp_split(a: Tensor, indices_or_sections: Any, axis: int = 0) -> tuple[Tensor, ...]:
    axis = _dim(axis, a.ndim, "split")
    n = a.shape[axis]
    if isinstance(indices_or_sections, int):
        if n % indices_or_sections:
            raise ValueError("array split does not result in an equal division")
        step = n // indices_or_sections
        bounds = tuple((k * step, (k + 1) * step) for k in range(indices_or_sections))
    else:
        cuts = [min(max(int(c), 0), n) for c in indices_or_sections]
        bounds = tuple(zip([0] + cuts, cuts + [n]))
    return Split.apply(a, axis, bounds)


@register("unstack")
def _xp_unstack(a: Tensor, axis: int = 0) -> tuple[Tensor, ...]:
    return unbind(a, axis)
