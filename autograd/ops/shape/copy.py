"""Shape ops that copy values into new memory: cat, stack, repeat, tile, flip, roll, tril and
triu (pad is in ``shape_pad``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import as_int, int_tuple, tensor_sequence
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to
from autograd.ops.shape.slice import _dim, _size_args, _split_views, _unstack

if TYPE_CHECKING:
    from autograd.tensor import Tensor

# -- joining --------------------------------------------------------------------------------


__all__ = ["cat", "concatenate", "concat", "stack", "repeat", "tile", "flip", "roll", "tril",
           "triu"]


class Cat(Function):
    @staticmethod
    def forward(ctx, *xs, axis, skip=None):
        ctx.axis = axis
        ctx.skip = skip
        if skip is not None:
            xs = [x for x, s in zip(xs, skip) if not s]
        bounds = []
        start = 0
        for x in xs:
            stop = start + x.shape[axis]
            bounds.append((start, stop))
            start = stop
        ctx.bounds = bounds
        return ctx.xp.concatenate(xs, axis=axis)

    @staticmethod
    def backward(ctx, gy):
        # each input's gradient is its own slice of gy (views, no copies)
        grads = _split_views(ctx.xp, gy, ctx.axis, ctx.bounds)
        if ctx.skip is not None:
            empty = ctx.xp.zeros((0,), dtype=gy.dtype)
            pieces = iter(grads)
            grads = tuple(empty if s else next(pieces) for s in ctx.skip)
        return grads


class Stack(Function):
    @staticmethod
    def forward(ctx, *xs, axis):
        ctx.axis = axis
        return ctx.xp.stack(xs, axis=axis)

    @staticmethod
    def backward(ctx, gy):
        # each input's gradient is its own index of gy along the new axis
        return _unstack(ctx.xp, gy, ctx.axis)


def _common_dtype(tensors: tuple, op: str) -> tuple:
    """The tensors cast to their PyTorch-promoted dtype (casts are recorded)."""
    dtype = None
    mixed = False
    for k, t in enumerate(tensors):
        if not isinstance(t, TensorBase):
            raise TypeError(f"{op}(): expected a sequence of Tensors, but element {k} is "
                            f"{type(t).__name__}")
        if dtype is None:
            dtype = t._data.dtype
        elif t._data.dtype != dtype:
            mixed = True
    if not mixed:
        return tensors
    target = reduce(_dt.promote_types, (t._data.dtype for t in tensors))
    return tuple(t if t._data.dtype == target else to(t, target) for t in tensors)


def cat(tensors: Sequence[Tensor], dim: int = 0, *, axis: int | None = None) -> Tensor:
    """Join tensors along an existing dim (dtypes promoted; 1-d empty tensors are skipped);
    ``axis`` is NumPy's name for ``dim``, which PyTorch also takes."""
    if axis is not None:
        dim = axis
    tensors = tensor_sequence(tensors, "cat")
    if not tensors:
        raise ValueError("cat(): expected a non-empty list of Tensors")
    tensors = _common_dtype(tensors, "cat")
    for k, t in enumerate(tensors):
        if t._data.ndim == 0:
            raise RuntimeError(f"cat: zero-dimensional tensor (at position {k}) cannot be "
                               "concatenated")
    # PyTorch's legacy rule: a tensor of shape (0,) joins anything (it is left out).
    skip = None
    kept = tuple(t for t in tensors if t._data.shape != (0,))
    if kept and len(kept) < len(tensors):
        skip = tuple(t._data.shape == (0,) for t in tensors)
    d = _dim(dim, kept[0]._data.ndim if kept else 1, "cat")
    try:
        return Cat.apply(*tensors, axis=d, skip=skip)
    except (RuntimeError, IndexError) as exc:  # NumPy's complaint, diagnosed below
        if not isinstance(exc.__cause__, (ValueError, IndexError)):
            raise
    shapes = [list(t.shape) for t in tensors]
    first = kept[0].shape
    for k, t in enumerate(tensors):
        if skip is not None and skip[k]:
            continue
        if t.ndim != len(first):
            raise RuntimeError(f"cat: Tensors must have same number of dimensions: got "
                               f"{len(first)} and {t.ndim} (shapes {shapes})")
        for j, (a, b) in enumerate(zip(first, t.shape)):
            if j != d and a != b:
                raise RuntimeError(f"cat: Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {a} but got size {b} for tensor number {k} "
                                   f"in the list (shapes {shapes})")
    raise RuntimeError(f"cat: cannot concatenate tensors of shapes {shapes} along dim {d}")


concatenate = concat = cat


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join equal-shaped tensors along a new dim ``dim`` (dtypes promoted)."""
    tensors = tensor_sequence(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    # PyTorch checks the dim against the first tensor before the shapes
    n = tensors[0].ndim + 1
    if not -n <= dim < n:
        raise IndexError(f"stack: Dimension out of range (expected to be in range of [{-n}, "
                         f"{n - 1}], but got {dim})")
    tensors = _common_dtype(tensors, "stack")
    first = tensors[0]._data.shape
    for k, t in enumerate(tensors):
        if t._data.shape != first:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(first)} at entry 0 and {list(t.shape)} at entry {k}")
    return Stack.apply(*tensors, axis=dim + n if dim < 0 else dim)


# -- repetition -----------------------------------------------------------------------------


def _interleave(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    return tuple(v for pair in zip(a, b) for v in pair)


class Repeat(Function):
    @staticmethod
    def forward(ctx, x, reps):
        ctx.shape = x.shape
        ctx.reps = reps
        shape = (1,) * (len(reps) - x.ndim) + x.shape
        tiled = ctx.xp.broadcast_to(x.reshape(_interleave((1,) * len(reps), shape)),
                                    _interleave(reps, shape))
        return tiled.copy().reshape(tuple(r * s for r, s in zip(reps, shape)))

    @staticmethod
    def backward(ctx, gy):
        # each output is a copy of one input value: sum the copies
        xp = ctx.xp
        reps = ctx.reps
        shape = (1,) * (len(reps) - len(ctx.shape)) + ctx.shape
        g = xp.sum(xp.reshape(gy, _interleave(reps, shape)),
                   axis=tuple(range(0, 2 * len(reps), 2)))
        return xp.reshape(g, ctx.shape), None


def repeat(input: Tensor, *sizes: Any) -> Tensor:
    """Tile input ``sizes[k]`` times along dim k (``Tensor.repeat``; extra sizes add dims)."""
    if not sizes:
        raise TypeError('repeat() missing 1 required positional arguments: "repeats"')
    sizes = _size_args(sizes)
    if len(sizes) < input._data.ndim:
        raise RuntimeError(f"repeat: Number of dimensions of repeat dims ({list(sizes)}) can not "
                           f"be smaller than number of dimensions of tensor (shape "
                           f"{list(input.shape)})")
    if any(s < 0 for s in sizes):
        raise RuntimeError(f"repeat: Trying to create tensor with negative dimension: repeats "
                           f"{list(sizes)}")
    return Repeat.apply(input, sizes)


def tile(input: Tensor, dims: int | Sequence[int]) -> Tensor:
    """``repeat`` with ``dims`` padded with leading 1s to input's number of dims."""
    dims = int_tuple(dims if isinstance(dims, (tuple, list)) else (dims,), "tile", "dims")
    return repeat(input, (1,) * (input._data.ndim - len(dims)) + dims)


# -- reordering -----------------------------------------------------------------------------


class Flip(Function):
    @staticmethod
    def forward(ctx, x, axes):
        ctx.axes = axes
        return ctx.xp.flip(x, axes).copy()

    @staticmethod
    def backward(ctx, gy):
        # a flip is its own inverse
        return ctx.xp.flip(gy, ctx.axes), None


def flip(input: Tensor, dims: int | Sequence[int]) -> Tensor:
    """Reverse the order of elements along ``dims`` (a copy, as in PyTorch)."""
    n = input._data.ndim
    axes = tuple(_dim(d, n, "flip") for d in (dims if isinstance(dims, (tuple, list)) else (dims,)))
    if len(set(axes)) != len(axes):
        raise RuntimeError(f"flip: dims {list(dims)} name a dim more than once")
    return Flip.apply(input, axes if n else ())


class Roll(Function):
    @staticmethod
    def forward(ctx, x, shifts, axes):
        ctx.shifts = shifts
        ctx.axes = axes
        return ctx.xp.roll(x, shifts, axes)

    @staticmethod
    def backward(ctx, gy):
        # rolling back by the opposite shifts undoes the roll
        s = ctx.shifts
        back = -s if isinstance(s, int) else tuple(-v for v in s)
        return ctx.xp.roll(gy, back, ctx.axes), None, None


def roll(input: Tensor, shifts: int | Sequence[int],
         dims: int | Sequence[int] | None = None) -> Tensor:
    """Shift elements circularly along ``dims`` (over the flattened tensor when None)."""
    shift = int_tuple(shifts if isinstance(shifts, (tuple, list)) else (shifts,), "roll",
                      "shifts")
    if dims is None:
        if len(shift) != 1:
            raise RuntimeError(f"roll: shifts and dimensions must align. shifts: {len(shift)}, "
                               "dims:0")
        return Roll.apply(input, shift[0], None)
    dims = int_tuple(tuple(dims) if isinstance(dims, (tuple, list)) else (dims,), "roll", "dims")
    if len(shift) != len(dims):
        raise RuntimeError(f"roll: shifts and dimensions must align. shifts: {len(shift)}, "
                           f"dims:{len(dims)}")
    n = input._data.ndim
    if n == 0:
        raise IndexError("roll: Dimension specified as 0 but tensor has no dimensions")
    return Roll.apply(input, shift, tuple(_dim(d, n, "roll") for d in dims))


# -- triangles ------------------------------------------------------------------------------


class Tril(Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        return ctx.xp.tril(x, k)

    @staticmethod
    def backward(ctx, gy):
        # a mask: the gradient passes where the values were kept
        return ctx.xp.tril(gy, ctx.k), None


class Triu(Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        return ctx.xp.triu(x, k)

    @staticmethod
    def backward(ctx, gy):
        # a mask: the gradient passes where the values were kept
        return ctx.xp.triu(gy, ctx.k), None


def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """The lower triangle (j <= i + diagonal) of each matrix in the last two dims; zeros above."""
    if input._data.ndim < 2:
        raise RuntimeError(f"tril: input tensor must have at least 2 dimensions (got shape "
                           f"{list(input.shape)})")
    return Tril.apply(input, as_int(diagonal, "tril", "diagonal"))


def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """The upper triangle (j >= i + diagonal) of each matrix in the last two dims; zeros below."""
    if input._data.ndim < 2:
        raise RuntimeError(f"triu: input tensor must have at least 2 dimensions (got shape "
                           f"{list(input.shape)})")
    return Triu.apply(input, as_int(diagonal, "triu", "diagonal"))


# -- NumPy-signature names for the differentiable namespace ---------------------------------


@register("concatenate")
def _xp_concatenate(arrays: Sequence[Tensor], axis: int = 0) -> Tensor:
    return cat(arrays, axis)


@register("stack")
def _xp_stack(arrays: Sequence[Tensor], axis: int = 0) -> Tensor:
    return stack(arrays, axis)


@register("flip")
def _xp_flip(m: Tensor, axis: Any = None) -> Tensor:
    return flip(m, tuple(range(m.ndim)) if axis is None else axis)


@register("roll")
def _xp_roll(a: Tensor, shift: Any, axis: Any = None) -> Tensor:
    return roll(a, shift, axis)


@register("tril")
def _xp_tril(m: Tensor, k: int = 0) -> Tensor:
    return tril(m, k)


@register("triu")
def _xp_triu(m: Tensor, k: int = 0) -> Tensor:
    return triu(m, k)
