"""Strided memory: as_strided (a view of the memory a tensor lives in), empty_strided,
frombuffer, and the dim order of a tensor's layout.

``as_strided`` reads the memory, not the tensor: its ``size``, ``stride`` and
``storage_offset`` (in elements) address the array that owns the memory (PyTorch's storage),
found from the root of the input's view chain. After PyTorch's bounds check, the view is
NumPy's or CuPy's ``as_strided`` from the input's first element, moved by the difference of
the offsets (backwards, through a negative stride, when the view starts before it). Its
backward is PyTorch's ``as_strided_backward``: the gradient is added into a zero buffer of the
memory's span at the positions the view reached, then read back at the positions of the
input's elements (divided by how many elements share one, when the input's own geometry
overlaps) -- an ``index_add`` and an advanced index, both differentiable.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

import backends
from autograd import creation as _creation
from autograd import dtypes as _dt
from autograd.checks import as_int, int_tuple
from autograd.engine.function import Function
from autograd.engine.tensor_base import make
from autograd.engine.views import root
from autograd.layouts import sort_dims

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["as_strided", "empty_strided", "frombuffer"]


def _address(array: Any) -> int:
    """The address of an array's first element (host or device)."""
    if hasattr(array, "__cuda_array_interface__"):
        return array.data.ptr
    return array.__array_interface__["data"][0]


def _storage(array: Any) -> Any:
    """The array whose memory ``array`` views (itself when it owns its memory)."""
    while True:
        base = getattr(array, "base", None)
        if base is not None and not hasattr(base, "shape"):
            base = getattr(base, "base", None)  # NumPy's as_strided holds its input one deeper
        if base is None or not hasattr(base, "shape"):
            return array
        array = base


def _memory(t: Tensor) -> tuple[int, int]:
    """(the offset of ``t``'s first element in the memory it views, that memory's size), in
    ``t``'s elements. The memory is found from the tensor its views were taken from: CuPy's
    strided views (diagonal, as_strided) do not remember the array they view."""
    data = t._data
    item = data.itemsize
    for owner in (_storage(root(t)._data), _storage(data)):
        offset = (_address(data) - _address(owner)) // item if data.size else 0
        if 0 <= offset <= owner.nbytes // item:  # else the root has new memory (resize_)
            break
    return offset, owner.nbytes // item


def _span(shape: Sequence[int], strides: Sequence[int], offset: int) -> tuple[int, int]:
    """The lowest and highest element positions a geometry reaches ((0, -1) when empty)."""
    if 0 in shape:
        return 0, -1
    low = offset + sum((n - 1) * s for n, s in zip(shape, strides) if s < 0)
    high = offset + sum((n - 1) * s for n, s in zip(shape, strides) if s > 0)
    return low, high


def _overlaps(shape: Sequence[int], strides: Sequence[int]) -> bool:
    """Whether two elements of a geometry share a memory position."""
    extent = 1
    for s, n in sorted((abs(s), n) for n, s in zip(shape, strides) if n > 1):
        if s < extent:
            return True
        extent = s * (n - 1) + extent
    return False


def _storage_order(shape: Sequence[int], strides: Sequence[int]) -> tuple[int, ...]:
    """The dims from outermost to innermost in memory when the geometry is dense and without
    overlap (the layout PyTorch's clone keeps), else the row-major order."""
    order = tuple(sorted(range(len(shape)), key=lambda k: (-strides[k], k)))
    expected = 1
    for k in reversed(order):
        if shape[k] != 1 and strides[k] != expected:
            return tuple(range(len(shape)))
        expected *= shape[k]
    return order


def _check_geometry(size: tuple, stride: tuple, offset: int, storage: int, itemsize: int,
                    op: str = "as_strided") -> None:
    """PyTorch's checks of a strided geometry over a memory of ``storage`` elements."""
    if len(size) != len(stride):
        raise RuntimeError(f"{op}: mismatch in length of strides and shape (size {list(size)}, "
                           f"stride {list(stride)})")
    if any(n < 0 for n in size):
        raise RuntimeError(f"{op}: Storage size calculation overflowed with sizes={list(size)} "
                           f"and strides={list(stride)}")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"{op}: Negative strides are not supported at the moment, got "
                           f"strides: {list(stride)}")
    if offset < 0:
        raise RuntimeError(f"{op}: Tensor: invalid storage offset {offset}")
    needed = _span(size, stride, offset)[1] + 1
    if needed > storage:
        raise RuntimeError(
            f"{op}: setStorage: sizes {list(size)}, strides {list(stride)}, storage offset "
            f"{offset}, and itemsize {itemsize} requiring a storage size of {needed * itemsize} "
            f"are out of bounds for storage of size {storage * itemsize}")


def _strided(xp: Any, x: Any, size: tuple, stride: tuple, start: int) -> Any:
    """The view with ``size`` and ``stride`` of the memory around x, from ``start`` elements
    after x's first element (before it when negative)."""
    item = x.itemsize
    strides = tuple(s * item for s in stride)
    high = _span(size, stride, start)[1]
    if high < start:  # no element: nothing to address
        return xp.lib.stride_tricks.as_strided(x, size, strides)
    as_strided = xp.lib.stride_tricks.as_strided
    if start >= 0:  # a 1-D run of memory from x's first element, then from start
        run = as_strided(x, (start + 1,), (item,))[start:]
    else:  # walk back from x's first element, then turn around
        run = as_strided(x, (1 - start,), (-item,))[::-1]
    return as_strided(run, size, strides)


def _positions(xp: Any, shape: tuple, strides: tuple, offset: int) -> Any:
    """The memory position of every element of a geometry, as an int64 array of ``shape``."""
    pos = xp.full(shape, offset, dtype=xp.int64)
    for k, (n, s) in enumerate(zip(shape, strides)):
        pos = pos + xp.arange(n, dtype=xp.int64).reshape((n,) + (1,) * (len(shape) - k - 1)) * s
    return pos


class AsStrided(Function):
    is_view = True

    @staticmethod
    def forward(ctx, x, size, stride, start):
        # positions count from x's first element (start may be negative), so that the view
        # is taken again the same from a regenerated parent
        item = x.itemsize
        ctx.geometry = (x.shape, tuple(s // item for s in x.strides), 0)
        ctx.out = (size, stride, start)
        return _strided(ctx.xp, x, size, stride, start)

    @staticmethod
    def backward(ctx, gy):
        # y_j = m[p(j)], x_i = m[q(i)] for the memory m: dm = sum of the gy_j at p(j),
        # dx_i = dm[q(i)] (shared among x's elements at one position when x overlaps itself)
        xp = ctx.xp
        raw = xp.raw if xp.differentiable else xp
        inp, out = ctx.geometry, ctx.out
        if 0 in inp[0] or 0 in out[0]:
            return xp.zeros(inp[0], dtype=gy.dtype), None, None, None
        lo = min(_span(*inp)[0], _span(*out)[0])
        hi = max(_span(*inp)[1], _span(*out)[1])
        memory = xp.zeros((hi - lo + 1,), dtype=gy.dtype)
        xp.index_add(memory, (_positions(raw, *out) - lo,), gy)
        where = (_positions(raw, *inp) - lo,)
        if _overlaps(inp[0], inp[1]):
            count = raw.zeros((hi - lo + 1,), dtype=raw.int64)
            raw.index_add(count, where, raw.ones(inp[0], dtype=raw.int64))
            memory = memory / xp.asarray(raw.maximum(count, 1))
        return memory[where], None, None, None


def as_strided(input: Tensor, size: Sequence[int], stride: Sequence[int],
               storage_offset: int | None = None) -> Tensor:
    """The view of ``size`` and ``stride`` (in elements) of the memory input lives in,
    starting ``storage_offset`` elements into it (input's own offset by default)."""
    size = int_tuple(size, "as_strided")
    stride = int_tuple(stride, "as_strided", "stride")
    own, storage = _memory(input)
    offset = own if storage_offset is None else as_int(storage_offset, "as_strided",
                                                       "storage_offset")
    _check_geometry(size, stride, offset, storage, input._data.itemsize)
    return AsStrided.apply(input, size, stride, offset - own)


def empty_strided(size: Sequence[int], stride: Sequence[int], *, dtype: Any = None,
                  layout: Any = None, device: Any = None, requires_grad: bool = False,
                  pin_memory: bool = False) -> Tensor:
    """Uninitialised memory viewed with ``size`` and ``stride`` (in elements). ``layout`` and
    ``pin_memory`` are accepted for PyTorch's signature (strided and pageable memory only)."""
    return _empty_strided("empty_strided", size, stride, dtype=dtype, device=device,
                          requires_grad=requires_grad)


def _empty_strided(op: str, size: Sequence[int], stride: Sequence[int], *, dtype: Any,
                   device: Any, requires_grad: bool) -> Tensor:
    size = int_tuple(size, op)
    stride = int_tuple(stride, op, "stride")
    if len(size) != len(stride):
        raise RuntimeError(f"{op}: dimensionality of sizes ({len(size)}) must match "
                           f"dimensionality of strides ({len(stride)})")
    if any(s < 0 for s in size) or any(s < 0 for s in stride):
        raise RuntimeError(f"{op}: Storage size calculation overflowed with sizes={list(size)} "
                           f"and strides={list(stride)}")
    flat = _creation.empty(_span(size, stride, 0)[1] + 1, dtype=dtype, device=device)
    data = flat._data
    item = data.itemsize
    out = flat.device.backend.lib.stride_tricks.as_strided(
        data, size, tuple(s * item for s in stride))
    return make(out, flat.device, requires_grad)


def frombuffer(buffer: Any, *, dtype: Any, count: int = -1, offset: int = 0,
               requires_grad: bool = False) -> Tensor:
    """A 1-D CPU tensor over the memory of an object with the buffer protocol (shared, not
    copied): ``count`` elements (-1: all) of ``dtype`` from byte ``offset``."""
    dt = _dt.as_dtype(dtype)
    try:
        view = memoryview(buffer)
    except TypeError:
        raise ValueError("frombuffer: object does not implement Python buffer protocol.") from None
    length = view.nbytes
    if view.readonly:
        warnings.warn("frombuffer: the given buffer is not writable, so neither is the tensor "
                      "over it (an in-place change raises); copy the buffer into a bytearray "
                      "to write", UserWarning, stacklevel=2)
    count, offset = int(count), int(offset)
    if length == 0 or count == 0:
        raise ValueError(f"frombuffer: both buffer length ({length}) and count ({count}) must "
                         f"not be 0")
    if not 0 <= offset < length:
        raise ValueError(f"frombuffer: offset ({offset} bytes) must be non-negative and no "
                         f"greater than buffer length ({length} bytes) minus 1")
    item = dt.itemsize
    if count < 0:
        if (length - offset) % item:
            raise ValueError(f"frombuffer: buffer length ({length - offset} bytes) after offset "
                             f"({offset} bytes) must be a multiple of element size ({item})")
    elif offset + count * item > length:
        raise ValueError(f"frombuffer: requested buffer length ({count} * {item} bytes) after "
                         f"offset ({offset} bytes) must not be greater than actual buffer "
                         f"length ({length} bytes)")
    data = np.frombuffer(view.cast("B") if view.ndim != 1 or view.format != "B" else view,
                         dtype=dt, count=count, offset=offset)
    dev = backends.device("cpu")
    return make(dev.backend.from_numpy(data), dev, requires_grad)


_AMBIGUOUS = ("dim_order: The tensor does not have unique dim order, or cannot map to exact "
              "one of the given memory formats.")


def dim_order(input: Tensor, ambiguity_check: Any = False) -> tuple[int, ...]:
    """The dims of input from outermost to innermost in memory (``Tensor.dim_order``)."""
    if not isinstance(ambiguity_check, bool) and not (
            isinstance(ambiguity_check, list) and not ambiguity_check):
        raise TypeError("dim_order: The ambiguity_check argument must be a bool or a list of "
                        "memory formats.")
    shape = input._data.shape
    strides = input.stride()
    ndim = len(shape)
    if ambiguity_check is not False and (
            any(a == b for a, b in zip(strides, strides[1:])) or 1 in shape):
        raise RuntimeError(_AMBIGUOUS)
    if ndim < 2:
        return tuple(range(ndim))
    contiguous = bool(input._data.flags.c_contiguous)
    last = _channels_last(shape, strides)
    if contiguous != last:
        return tuple(range(ndim)) if contiguous else (0, *range(2, ndim), 1)

    def swap(a: int, b: int) -> int:
        # PyTorch's comparison of two dims by stride, then size; 0 when it cannot tell
        sa, sb = strides[a], strides[b]
        if sa == 0 or sb == 0:
            return 0
        if sa == sb:
            return 0 if shape[a] == 0 or (shape[b] != 0 and shape[b] >= shape[a]) else 1
        return -1 if sb > sa else 1

    perm = sort_dims(ndim, swap)
    if ambiguity_check is True and any(swap(a, b) != -1 for a, b in zip(perm, perm[1:])):
        raise RuntimeError(_AMBIGUOUS)
    return tuple(reversed(perm))


def _channels_last(shape: tuple, strides: tuple) -> bool:
    """PyTorch's channels-last contiguity of a 4-d (NHWC) or 5-d (NDHWC) geometry."""
    if len(shape) not in (4, 5):
        return False
    expected = 1
    for k in ((1, 3, 2, 0) if len(shape) == 4 else (1, 4, 3, 2, 0)):
        if shape[k] == 1:
            continue
        if strides[k] != expected:
            return False
        expected *= shape[k]
    return True
