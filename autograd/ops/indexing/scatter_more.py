"""The out-of-place writes into a region (slice_scatter, select_scatter, diagonal_scatter,
as_strided_scatter) and index_reduce (with its in-place form on Tensor).

Each scatter is one Function, ``RegionScatter``: a copy of input with src written over a
region, the region being a basic-indexing key (a slice, a selected index), a diagonal (the
strided view ``diagonal`` takes) or a tuple of coordinate arrays (``as_strided_scatter``'s
positions, unravelled on the host). Its backward reads the region out of the gradient for
src and writes zeros over it for input -- both with the differentiable counterparts of the
same reads and writes, so every order of derivative follows. ``index_reduce`` is
``scatter_reduce`` with the 1-D index spread over source's shape: the same Function, so the
same gradients as PyTorch's (prod without dividing by a zero, amax/amin ties shared).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd.checks import as_bool, as_int, int_tuple
from autograd.engine import grad_mode as _gm
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.indexing.gather import _coords, _vector_index
from autograd.ops.indexing.index import Index
from autograd.ops.indexing.scatter_reduce import ScatterReduce
from autograd.ops.shape.diagonal import Diagonal, _strided_diagonal, _two_dims
from autograd.ops.shape.slice import _dim, _slice
from autograd.ops.shape.strided import _check_geometry, _storage_order
from autograd.ops.shape.view import reshape

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["slice_scatter", "select_scatter", "diagonal_scatter", "as_strided_scatter",
           "index_reduce"]

_ALL = slice(None)


def _region(xp: Any, a: Any, region: tuple) -> Any:
    """The region of the raw array ``a`` (a writable view, or for coordinates a copy)."""
    kind = region[0]
    if kind == "diag":
        return _strided_diagonal(xp, a, *region[1:])
    return a[region[1]]


def _read(xp: Any, a: Any, region: tuple) -> Any:
    """``a``'s region: raw, or differentiable on Tensors (create_graph)."""
    if not xp.differentiable:
        return _region(xp, a, region)
    kind = region[0]
    if kind == "basic":
        return _slice(xp, a, region[1])
    if kind == "diag":
        return Diagonal.apply(a, *region[1:])
    return Index.apply(a, key=region[1])


def _write(y: Any, xp: Any, region: tuple, src: Any) -> None:
    if region[0] == "diag":
        _strided_diagonal(xp, y, *region[1:])[...] = src
    else:
        y[region[1]] = src


class RegionScatter(Function):
    """A copy of x with src written over ``region`` (see the module docstring)."""

    @staticmethod
    def forward(ctx, x, src, region):
        y = x.copy()
        _write(y, ctx.xp, region, src)
        ctx.region = region
        ctx.src_shape = src.shape
        return y

    @staticmethod
    def backward(ctx, gy):
        # y = x outside the region, src inside: dx = gy with the region zeroed, dsrc = gy's
        # region
        xp, region = ctx.xp, ctx.region
        gx = gsrc = None
        if ctx.needs_input_grad[0]:
            zeros = xp.zeros(ctx.src_shape, dtype=gy.dtype)
            if xp.differentiable:
                gx = RegionScatter.apply(gy, zeros, region)
            else:
                gx = gy.copy()
                _write(gx, xp, region, zeros)
        if ctx.needs_input_grad[1]:
            gsrc = _read(xp, gy, region)
        return gx, gsrc, None


def _scatter(op: str, input: Tensor, src: Tensor, region: tuple, shape: tuple) -> Tensor:
    if not isinstance(src, TensorBase):
        raise TypeError(f"{op}: argument 'src' must be Tensor, not {type(src).__name__}")
    if tuple(src.shape) != tuple(shape):
        raise RuntimeError(f"{op}: expected src to have a size equal to the slice of self. src "
                           f"size = {list(src.shape)}, slice size = {list(shape)}")
    if src.device is not input.device:
        raise RuntimeError(f"{op}: expected all tensors to be on the same device, but found at "
                           f"least two devices, {input.device} and {src.device}")
    return RegionScatter.apply(input, src, region)


def slice_scatter(input: Tensor, src: Tensor, dim: int = 0, start: int | None = None,
                  end: int | None = None, step: int = 1) -> Tensor:
    """A copy of input with src written over ``input[..., start:end:step, ...]`` along
    ``dim`` (src's dtype is cast to input's)."""
    op = "slice_scatter()"
    shape = input._data.shape
    if not shape:
        raise IndexError(f"{op}: slice() cannot be applied to a 0-dim tensor.")
    d = _dim(dim, len(shape), op)
    step = as_int(step, "slice_scatter", "step")
    start = None if start is None else as_int(start, "slice_scatter", "start")
    end = None if end is None else as_int(end, "slice_scatter", "end")
    if step <= 0:
        raise RuntimeError(f"{op}: slice step must be positive, got {step}")
    index = (_ALL,) * d + (slice(start, end, int(step)),)
    sliced = range(shape[d])[index[-1]]
    return _scatter(op, input, src, ("basic", index),
                    shape[:d] + (len(sliced),) + shape[d + 1:])


def select_scatter(input: Tensor, src: Tensor, dim: int, index: int) -> Tensor:
    """A copy of input with src written over ``input.select(dim, index)``."""
    op = "select_scatter()"
    shape = input._data.shape
    if not shape:
        raise IndexError(f"{op}: select() cannot be applied to a 0-dim tensor.")
    d = _dim(dim, len(shape), op)
    i = as_int(index, "select_scatter", "index")
    if not -shape[d] <= i < shape[d]:
        raise IndexError(f"{op}: index {i} out of range for tensor of size {list(shape)} at "
                         f"dimension {d}")
    key = (_ALL,) * d + (i % shape[d],)
    return _scatter(op, input, src, ("basic", key), shape[:d] + shape[d + 1:])


def diagonal_scatter(input: Tensor, src: Tensor, offset: int = 0, dim1: int = 0,
                     dim2: int = 1) -> Tensor:
    """A copy of input with src written over ``input.diagonal(offset, dim1, dim2)``."""
    op = "diagonal_scatter()"
    shape = input._data.shape
    a1, a2 = _two_dims(op, len(shape), dim1, dim2)  # PyTorch's dim errors come first
    if len(shape) < 2:
        raise IndexError(f"{op}: expected a tensor with at least 2 dimensions, got shape "
                         f"{list(shape)}")
    offset = as_int(offset, "diagonal_scatter", "offset")
    n1, n2 = shape[a1], shape[a2]
    length = max(0, min(n1, n2 - offset) if offset >= 0 else min(n1 + offset, n2))
    others = tuple(n for k, n in enumerate(shape) if k not in (a1, a2))
    return _scatter(op, input, src, ("diag", offset, a1, a2), others + (length,))


@_gm.replayable  # raw arrays: an ag.compile replay builds the coordinates again
def _strided_coords(input: Tensor, size: tuple, stride: tuple, offset: int) -> tuple:
    """The coordinates (in input's dims) of the elements ``as_strided(size, stride, offset)``
    reaches in a clone of input, whose memory follows input's dim order when it is dense."""
    xp = input.device.backend
    shape = input._data.shape
    order = _storage_order(shape, input.stride())
    pos = xp.full(size, offset, dtype=xp.int64)
    for k, (n, s) in enumerate(zip(size, stride)):
        pos = pos + xp.arange(n, dtype=xp.int64).reshape((n,) + (1,) * (len(size) - k - 1)) * s
    coords = xp.unravel_index(pos, tuple(shape[k] for k in order)) if shape else ()
    key = [None] * len(shape)
    for k, c in zip(order, coords):
        key[k] = c
    return tuple(key)


def as_strided_scatter(input: Tensor, src: Tensor, size: Sequence[int], stride: Sequence[int],
                       storage_offset: int | None = None) -> Tensor:
    """A copy of input with src written over ``copy.as_strided(size, stride, storage_offset)``
    (the copy laid out in input's dim order, as PyTorch's clone)."""
    op = "as_strided_scatter()"
    size = int_tuple(size, op)
    stride = int_tuple(stride, op, "stride")
    offset = 0 if storage_offset is None else as_int(storage_offset, "as_strided_scatter",
                                                      "storage_offset")
    _check_geometry(size, stride, offset, input._data.size, input._data.itemsize, op)
    if not input._data.ndim:
        return _scatter(op, input, src, ("basic", ()), size)
    key = _strided_coords(input, size, stride, offset)
    return _scatter(op, input, src, ("key", key), size)


# -- index_reduce ---------------------------------------------------------------------------

_INDEX_REDUCTIONS = ("prod", "mean", "amax", "amin")


@_gm.replayable
def _spread(input: Tensor, idx: Any, d: int, shape: tuple) -> tuple:
    """The scatter key of the 1-D ``idx`` along dim ``d`` over a source of ``shape``."""
    xp = input.device.backend
    full = xp.broadcast_to(idx.reshape((-1,) + (1,) * (len(shape) - d - 1)), shape)
    return _coords(xp, xp.ascontiguousarray(full), d)


def index_reduce(input: Tensor, dim: int, index: Tensor, source: Tensor, reduce: str, *,
                 include_self: bool = True) -> Tensor:
    """A copy of input with the slices of source reduced into it at the 1-D ``index`` along
    ``dim``: ``reduce`` is 'prod', 'mean', 'amax' or 'amin'; without ``include_self`` the
    written slices start from the reduction's identity instead of input's values."""
    return _index_reduce(input, dim, index, source, reduce, include_self, "index_reduce()")


def _index_reduce(input: Tensor, dim: int, index: Tensor, source: Tensor, reduce: str,
                  include_self: bool, op: str) -> Tensor:
    if reduce.__class__ is not str:
        raise TypeError(f"{op}: argument 'reduce' (position 4) must be str, not "
                        f"{type(reduce).__name__}")
    if include_self.__class__ is not bool:
        include_self = as_bool(include_self, op.rstrip("()"), "include_self")
    if reduce not in _INDEX_REDUCTIONS:
        raise RuntimeError(f"{op}: Expected reduce to be one of prod, mean, amax or amin but "
                           f"got {reduce}.")
    if not isinstance(source, TensorBase):
        raise TypeError(f"{op}: argument 'source' must be Tensor, not {type(source).__name__}")
    if isinstance(index, TensorBase) and index._data.ndim > 1:
        raise IndexError(f"{op}: Index is supposed to be a vector, but got dim: "
                         f"{index._data.ndim} with size: {list(index.shape)}")
    if input.dtype != source.dtype:
        raise RuntimeError(f"{op}: self ({input.dtype}) and source ({source.dtype}) must have "
                           f"the same scalar type")
    if input._data.dtype.kind == "b" and (reduce == "mean" or not include_self
                                          or input.ndim <= 1):
        # PyTorch's kernels for these cases have no bool version (its others do)
        raise NotImplementedError(f"{op}: not implemented for 'Bool' (reduce={reduce!r}, "
                                  f"include_self={include_self}, input of shape "
                                  f"{list(input.shape)})")
    d = _dim(dim, input.ndim, op)
    x = reshape(input, (1,)) if input.ndim == 0 else input
    src = reshape(source, (1,)) if source.ndim == 0 else source
    n = index._data.size if isinstance(index, TensorBase) else 0
    if src.ndim != x.ndim or any(a != b for k, (a, b) in enumerate(zip(src.shape, x.shape))
                                 if k != d):
        raise RuntimeError(f"{op}: source tensor shape must match self tensor shape, excluding "
                           f"the specified dimension. Got self.shape = {list(input.shape)} "
                           f"source.shape = {list(source.shape)}")
    if src.shape[d] != n:
        raise RuntimeError(f"{op}: Number of indices ({n}) should be equal to source.size(dim): "
                           f"({src.shape[d]}), for dim: {d}")
    idx, _ = _vector_index(op, index, x, d, IndexError)
    key = _spread(x, idx, d, tuple(src.shape))
    out = ScatterReduce.apply(x, src, key=key, reduce=reduce, include_self=bool(include_self))
    return reshape(out, ()) if input.ndim == 0 else out
