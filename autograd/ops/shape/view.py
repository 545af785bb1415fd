"""Shape ops: the public shape family, one import away.

Here: the views that move no values (reshape, view, flatten, unflatten, squeeze, unsqueeze,
permute, transpose, t, movedim, expand, broadcast_to) and contiguous. Slicing views (narrow,
split, chunk, unbind) live in ``shape_slice``; the ops that copy (cat, stack, repeat, tile,
flip, roll, tril, triu, pad) in ``shape_copy``. Both are re-exported from here.

Views share their base's memory and version counter, as in PyTorch: an in-place change to
one is visible in (and counted on) the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import prod
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd import dtypes as _dt
from autograd.checks import as_int, int_tuple
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.engine.grad_mode import no_grad
from autograd.ops.elementwise import convert as _convert
from autograd.ops.shape.slice import _dim, _size_args

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = [
    "reshape", "view", "flatten", "unflatten", "squeeze", "unsqueeze", "permute", "transpose",
    "swapaxes", "swapdims", "t", "movedim", "moveaxis", "expand", "broadcast_to", "contiguous",
]

# -- reshape and view -----------------------------------------------------------------------


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


class ReshapeCopy(Reshape):
    """A reshape whose input strides admit no view: the values are copied."""

    is_view = False


class Squeeze(Reshape):
    pass


class Unsqueeze(Reshape):
    pass


def _infer_shape(shape: tuple[int, ...], numel: int, op: str, old: tuple = ()) -> tuple[int, ...]:
    """``shape`` with its -1 resolved, or PyTorch's error for a shape that does not fit."""
    known = 1
    free = None
    for k, s in enumerate(shape):
        if s == -1 and free is None:
            free = k
        elif s >= 0:
            known *= s
        else:
            break
    else:
        if free is None and known == numel:
            return shape
        if free is not None and known and numel % known == 0:
            return shape[:free] + (numel // known,) + shape[free + 1:]
    raise RuntimeError(f"{op}: shape '{list(shape)}' is invalid for input of size {numel}"
                       + (f" (shape {list(old)})" if old else ""))


def _no_negative(shape: tuple[int, ...], op: str) -> None:
    # NumPy takes any negative size as the inferred one; PyTorch only -1
    for k, s in enumerate(shape):
        if s < -1:
            raise RuntimeError(f"{op}: invalid shape dimension {s} at index {k} of shape "
                               f"{list(shape)}")


def _viewable(old: tuple, strides: tuple, new: tuple) -> bool:
    """Whether ``new`` can view an array of shape ``old`` and ``strides`` (PyTorch's
    computeStride: each run of merged dims must be contiguous within itself)."""
    view_d = len(new) - 1
    base = strides[-1]
    tensor_numel = view_numel = 1
    for d in range(len(old) - 1, -1, -1):
        tensor_numel *= old[d]
        if d == 0 or (old[d - 1] != 1 and strides[d - 1] != tensor_numel * base):
            while view_d >= 0 and (view_numel < tensor_numel or new[view_d] == 1):
                view_numel *= new[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return False
            if d > 0:
                base = strides[d - 1]
                tensor_numel = view_numel = 1
    return view_d == -1


def reshape(input: Tensor, *shape: Any) -> Tensor:
    """The same values in a new shape (one dimension may be -1): a view when the strides allow
    one, else a copy."""
    shape = _size_args(shape)
    data = input._data
    _no_negative(shape, "reshape")
    cls = Reshape
    if not data.flags.c_contiguous and not _viewable(
            data.shape, data.strides, _infer_shape(shape, data.size, "reshape", data.shape)):
        cls = ReshapeCopy
    try:
        return cls.apply(input, shape)
    except RuntimeError as exc:
        if isinstance(exc.__cause__, ValueError):  # NumPy's reshape error: say it like PyTorch
            _infer_shape(shape, data.size, "reshape", data.shape)
        raise


class ViewDtype(Function):
    """The same bytes read as another dtype (no gradient, as in PyTorch)."""

    is_view = True

    @staticmethod
    def forward(ctx, x, dtype):
        return x.view(dtype)


def _view_dtype(input: Tensor, dtype: np.dtype) -> Tensor:
    data = input._data
    old, new = data.dtype.itemsize, dtype.itemsize
    if old != new:
        names = f"to view {data.dtype} as {dtype} (different element sizes)"
        if data.ndim == 0:
            raise RuntimeError(f"view: self.dim() cannot be 0 {names}")
        if data.shape[-1] != 1 and data.strides[-1] != old:
            raise RuntimeError(f"view: self.stride(-1) must be 1 {names}, but got "
                               f"{data.strides[-1] // old}")
        if new > old and (data.shape[-1] * old) % new:
            raise RuntimeError(f"view: self.size(-1) must be divisible by {new // old} "
                               f"{names}, but got {data.shape[-1]}")
    with no_grad():  # no gradient through a reinterpretation of bytes (PyTorch's too)
        return ViewDtype.apply(input, dtype)


def view(input: Tensor, *shape: Any) -> Tensor:
    """The same memory in a new shape; raises when the strides admit no view (see reshape).
    ``view(dtype)`` reads the same bytes as another dtype (the last dim scales by the ratio
    of element sizes), as in PyTorch."""
    if len(shape) == 1 and isinstance(shape[0], (np.dtype, str)):
        dtype = _dt.as_dtype(shape[0])
        if dtype == input._data.dtype:
            return Reshape.apply(input, input._data.shape)
        return _view_dtype(input, dtype)
    shape = _size_args(shape)
    data = input._data
    _no_negative(shape, "view")
    if not data.flags.c_contiguous and not _viewable(
            data.shape, data.strides, _infer_shape(shape, data.size, "view", data.shape)):
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead. "
            f"(input shape {list(data.shape)}, stride {list(input.stride())}, requested "
            f"{list(shape)})"
        )
    try:
        return Reshape.apply(input, shape)
    except RuntimeError as exc:
        if isinstance(exc.__cause__, ValueError):
            _infer_shape(shape, data.size, "view", data.shape)
        raise


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dims ``start_dim..end_dim`` into one (a view when possible; 0-d becomes 1-d)."""
    shape = input._data.shape
    ndim = len(shape)
    if ndim == 0:
        _dim(start_dim, 0, "flatten")
        _dim(end_dim, 0, "flatten")
        return Unsqueeze.apply(input, (1,))
    s = _dim(start_dim, ndim, "flatten")
    e = _dim(end_dim, ndim, "flatten")
    if s > e:
        raise RuntimeError(f"flatten() has invalid args: start_dim ({start_dim}) cannot come "
                           f"after end_dim ({end_dim}) for the input of shape {list(shape)}")
    if s == e:
        return input
    return reshape(input, shape[:s] + (prod(shape[s:e + 1]),) + shape[e + 1:])


def unflatten(input: Tensor, dim: int, sizes: Sequence[int]) -> Tensor:
    """Split dim ``dim`` into ``sizes`` (one may be -1); always a view."""
    shape = input._data.shape
    if not shape:
        raise IndexError("unflatten: Dimension specified as 0 but tensor has no dimensions")
    d = _dim(dim, len(shape), "unflatten")
    if not isinstance(sizes, (list, tuple)):
        raise TypeError(f"unflatten(): argument 'sizes' (position 3) must be tuple of ints, not "
                        f"{type(sizes).__name__}")
    sizes = int_tuple(tuple(sizes), "unflatten", "sizes")
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    n = shape[d]
    try:
        new = _infer_shape(sizes, n, "unflatten")
    except RuntimeError:
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the "
                           f"size of dim {dim} ({n}) in the input tensor of shape "
                           f"{list(shape)}") from None
    return Reshape.apply(input, shape[:d] + new + shape[d + 1:])


def squeeze(input: Tensor, dim: int | Sequence[int] | None = None) -> Tensor:
    """Remove size-1 dims (all, or those in ``dim``; other sizes in ``dim`` are kept)."""
    shape = input._data.shape
    if dim is None:
        new = tuple(s for s in shape if s != 1)
    else:
        ndim = len(shape)
        listed = [_dim(d, ndim, "squeeze")
                  for d in (dim if isinstance(dim, (tuple, list)) else (dim,))]
        dims = set(listed)
        if len(dims) < len(listed):
            raise RuntimeError(f"squeeze: dim {next(d for d in dims if listed.count(d) > 1)} "
                               f"appears multiple times in the list of dims (dim={dim})")
        new = tuple(s for k, s in enumerate(shape) if s != 1 or k not in dims)
    return Squeeze.apply(input, new)


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """Insert a size-1 dim at ``dim`` (in [-ndim-1, ndim])."""
    shape = input._data.shape
    n = len(shape) + 1
    if dim.__class__ is not int:
        dim = as_int(dim, "unsqueeze", "dim")
    if not -n <= dim < n:
        raise IndexError(f"unsqueeze: Dimension out of range (expected to be in range of [{-n}, "
                         f"{n - 1}], but got {dim})")
    if dim < 0:
        dim += n
    return Unsqueeze.apply(input, shape[:dim] + (1,) + shape[dim:])


# -- permutations ---------------------------------------------------------------------------


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
    """Reorder the dimensions (a view)."""
    dims = _size_args(dims)
    n = input._data.ndim
    if len(dims) != n:
        raise RuntimeError(f"permute: the number of dims in the desired ordering ({len(dims)}, "
                           f"{list(dims)}) does not match the input's {n} dims (shape "
                           f"{list(input.shape)})")
    axes = tuple(_dim(d, n, "permute") for d in dims)
    if len(set(axes)) != n:
        raise RuntimeError(f"permute(): duplicate dims are not allowed (got {list(dims)})")
    return Permute.apply(input, axes)


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions (a view)."""
    n = input._data.ndim
    a = _dim(dim0, n, "transpose")
    b = _dim(dim1, n, "transpose")
    axes = list(range(n))
    if n:
        axes[a], axes[b] = axes[b], axes[a]
    return Permute.apply(input, tuple(axes))


swapaxes = swapdims = transpose


def t(input: Tensor) -> Tensor:
    """Transpose a matrix; 0-d and 1-d tensors come back as they are (as a view)."""
    n = input._data.ndim
    if n > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {n}D "
                           f"(shape {list(input.shape)})")
    return Permute.apply(input, (1, 0) if n == 2 else tuple(range(n)))


def movedim(input: Tensor, source: int | Sequence[int],
            destination: int | Sequence[int]) -> Tensor:
    """Move dims ``source`` to positions ``destination``; the others keep their order."""
    n = input._data.ndim
    src = tuple(source) if isinstance(source, (tuple, list)) else (source,)
    dst = (tuple(destination) if isinstance(destination, (tuple, list))
           else (destination,))
    for name, dims in (("source", src), ("destination", dst)):  # PyTorch's TypeError first
        for d in dims:
            if d.__class__ is not int:
                as_int(d, "movedim", name)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({list(src)} "
                           f"dims) should contain the same number of dims as destination "
                           f"({list(dst)} dims)")
    src = tuple(_dim(d, n, "movedim") for d in src)
    dst = tuple(_dim(d, n, "movedim") for d in dst)
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise RuntimeError(f"movedim: repeated dim in source {list(src)} or destination "
                           f"{list(dst)}")
    if not n:  # dim 0 / -1 of a 0-d tensor name the tensor itself
        return Permute.apply(input, ())
    order = [k for k in range(n) if k not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return Permute.apply(input, tuple(order))


moveaxis = movedim


# -- broadcasting ---------------------------------------------------------------------------


class Broadcast(Function):
    is_view = True

    @staticmethod
    def forward(ctx, x, shape):
        return ctx.xp.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, gy):
        # the engine sums the broadcast gradient back to the input's shape
        return gy, None


def _expand(input: Tensor, sizes: tuple[int, ...], op: str) -> Tensor:
    shape = input._data.shape
    lead = len(sizes) - len(shape)
    if -1 in sizes and lead >= 0:
        sizes = list(sizes)
        for k, s in enumerate(sizes):
            if s == -1:
                if k < lead:
                    raise RuntimeError(f"{op}: the expanded size of the tensor (-1) isn't "
                                       f"allowed in a leading, non-existing dimension {k}")
                sizes[k] = shape[k - lead]
        sizes = tuple(sizes)
    try:
        return Broadcast.apply(input, sizes)
    except RuntimeError as exc:
        if not isinstance(exc.__cause__, ValueError):
            raise
    if lead < 0:
        raise RuntimeError(f"{op}: the number of sizes provided ({len(sizes)}, {list(sizes)}) "
                           f"must be greater or equal to the number of dimensions in the tensor "
                           f"({len(shape)}, shape {list(shape)})")
    for k, s in enumerate(shape):
        if s != 1 and s != sizes[lead + k]:
            raise RuntimeError(f"{op}: the expanded size of the tensor ({sizes[lead + k]}) must "
                               f"match the existing size ({s}) at non-singleton dimension "
                               f"{lead + k}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                               f"{list(shape)}")
    raise RuntimeError(f"{op}: invalid target sizes {list(sizes)} for the tensor of shape "
                       f"{list(shape)}")


def expand(input: Tensor, *sizes: Any) -> Tensor:
    """A broadcast view of input in ``sizes`` (-1 keeps a dimension; new dims go in front)."""
    return _expand(input, _size_args(sizes), "expand")


def broadcast_to(input: Tensor, size: Sequence[int]) -> Tensor:
    """A broadcast view of input in ``size`` (same as ``expand``)."""
    return _expand(input, int_tuple(tuple(size) if isinstance(size, (tuple, list)) else (size,),
                                    "broadcast_to", "size"), "broadcast_to")


# -- contiguous -----------------------------------------------------------------------------


class Contiguous(Function):
    @staticmethod
    def forward(ctx, x):
        return ctx.xp.ascontiguousarray(x)

    @staticmethod
    def backward(ctx, gy):
        # a copy: the identity
        return gy


def contiguous(input: Tensor, memory_format: Any = _dt.contiguous_format) -> Tensor:
    """Input itself when contiguous in ``memory_format`` (row-major by default), else a copy
    laid out so (``channels_last``: a 4-d tensor over NHWC memory)."""
    if memory_format is _dt.contiguous_format:
        if input._data.flags.c_contiguous:
            return input
        return Contiguous.apply(input)
    return _convert.contiguous_as(input, memory_format)


# -- NumPy-signature names for the differentiable namespace (create_graph backwards) --------


@register("reshape")
def _xp_reshape(a: Tensor, shape: Any) -> Tensor:
    return reshape(a, shape)


@register("broadcast_to")
def _xp_broadcast_to(a: Tensor, shape: Any) -> Tensor:
    return Broadcast.apply(a, tuple(shape))


@register("transpose")
def _xp_transpose(a: Tensor, axes: Any = None) -> Tensor:
    return Permute.apply(a, tuple(axes) if axes is not None else tuple(range(a.ndim))[::-1])


@register("expand_dims")
def _xp_expand_dims(a: Tensor, axis: Any) -> Tensor:
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    shape = list(a.shape)
    for ax in sorted(x % (a.ndim + len(axes)) for x in axes):
        shape.insert(ax, 1)
    return Unsqueeze.apply(a, tuple(shape))


@register("squeeze")
def _xp_squeeze(a: Tensor, axis: Any = None) -> Tensor:
    return squeeze(a, axis)


@register("moveaxis")
def _xp_moveaxis(a: Tensor, source: Any, destination: Any) -> Tensor:
    return movedim(a, source, destination)


@register("swapaxes")
def _xp_swapaxes(a: Tensor, axis1: int, axis2: int) -> Tensor:
    return transpose(a, axis1, axis2)


@register("ravel")
def _xp_ravel(a: Tensor) -> Tensor:
    return reshape(a, (-1,))

