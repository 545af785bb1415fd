"""Memory formats as strides: the geometry behind ``memory_format=`` (PyTorch's rules, in
elements).

A channels_last tensor is an NCHW-shaped view of an array laid out NHWC; nothing else marks
it. Every question here (is a geometry contiguous in a format, which format do its strides
suggest, is it dense and non-overlapping, which strides does ``preserve_format`` give) is
answered from the shape and the strides alone, as PyTorch answers it from its own, and
``allocate`` makes an array of a backend with given strides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import dtypes as _dt

_DIMS = {_dt.channels_last: 4, _dt.channels_last_3d: 5}
# the dims of a channels-last geometry from innermost to outermost
_ORDER = {4: (1, 3, 2, 0), 5: (1, 4, 3, 2, 0)}


def check_format(op: str, memory_format: Any) -> _dt.memory_format:
    """``memory_format`` itself, or PyTorch's TypeError for anything that is not one."""
    if not isinstance(memory_format, _dt.memory_format):
        raise TypeError(f"{op}(): argument 'memory_format' must be torch.memory_format, not "
                        f"{type(memory_format).__name__}")
    return memory_format


def check_rank(memory_format: _dt.memory_format, ndim: int) -> None:
    """PyTorch's RuntimeError for channels_last off a 4-d and channels_last_3d off a 5-d
    geometry."""
    need = _DIMS.get(memory_format)
    if need is not None and ndim != need:
        raise RuntimeError(f"required rank {need} tensor to use {memory_format.name} format")


def element_strides(array: Any) -> tuple[int, ...]:
    """An array's strides in elements (NumPy and CuPy count bytes)."""
    item = array.itemsize
    return tuple(s // item for s in array.strides)


def format_strides(shape: Sequence[int], memory_format: _dt.memory_format) -> tuple[int, ...]:
    """The strides PyTorch gives a new tensor of ``shape`` in ``memory_format`` (contiguous
    or channels-last; the rank is checked)."""
    check_rank(memory_format, len(shape))
    strides = [1] * len(shape)
    if memory_format in _DIMS:
        order = _ORDER[len(shape)]
        for inner, outer in zip(order, order[1:]):  # no max(size, 1) here, as PyTorch
            strides[outer] = strides[inner] * shape[inner]
        return tuple(strides)
    for k in range(len(shape) - 2, -1, -1):
        strides[k] = strides[k + 1] * max(shape[k + 1], 1)
    return tuple(strides)


def is_contiguous_as(shape: Sequence[int], strides: Sequence[int],
                     memory_format: _dt.memory_format) -> bool:
    """PyTorch's ``is_contiguous(memory_format)``: size-1 dims' strides do not count; a
    channels-last format is False off its rank; ``preserve_format`` asks for row-major."""
    if memory_format in _DIMS:
        if len(shape) != _DIMS[memory_format]:
            return False
        order = _ORDER[len(shape)]
    else:
        if 0 in shape:
            return True
        order = tuple(range(len(shape) - 1, -1, -1))
    expected = 1
    for k in order:
        if shape[k] != 1:
            if strides[k] != expected:
                return False
            expected *= shape[k]
    return True


def non_overlapping_and_dense(shape: Sequence[int], strides: Sequence[int]) -> bool:
    """PyTorch's test that the elements fill a block of memory exactly once, in some order
    of the dims."""
    if len(shape) == 1:
        return shape[0] < 2 or strides[0] == 1
    perm = sorted((k for k in range(len(shape)) if shape[k] >= 2), key=lambda k: strides[k])
    require = 1
    for k in perm:
        if strides[k] != require:
            return False
        require *= shape[k]
    return True


def _strides_like_channels_last(shape: Sequence[int], strides: Sequence[int]) -> bool:
    # PyTorch's is_channels_last_strides_2d/3d: a guess from the order of the strides
    if len(shape) not in _ORDER or strides[1] == 0:
        return False
    low = 0
    for d in _ORDER[len(shape)]:
        if shape[d] == 0 or strides[d] < low:
            return False
        if d == 0 and low == strides[1]:  # ambiguous N111 geometries stay row-major
            return False
        low = strides[d] * (shape[d] if shape[d] > 1 else 1)
    return True


def suggest_format(shape: Sequence[int], strides: Sequence[int]) -> _dt.memory_format:
    """PyTorch's ``suggest_memory_format``: the channels-last format of the rank when the
    strides look like it, else ``contiguous_format``."""
    if _strides_like_channels_last(shape, strides):
        return _dt.channels_last if len(shape) == 4 else _dt.channels_last_3d
    return _dt.contiguous_format


def sort_dims(ndim: int, swap: Any) -> list[int]:
    """The dims innermost first, as PyTorch orders them by stride: an insertion sort from
    the row-major order (last dim first) in which ``swap(a, b)`` > 0 moves ``b`` inside
    ``a``, < 0 keeps them and stops, 0 (cannot tell) keeps them and goes on."""
    perm = list(range(ndim - 1, -1, -1))
    for i in range(1, ndim):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    return perm


def infer_dense_strides(shape: Sequence[int], strides: Sequence[int]) -> tuple[int, ...]:
    """PyTorch's ``infer_dense_strides``: dense strides with the order of ``strides`` (dims
    sorted innermost first by stride, a stable insertion sort that leaves 0-stride dims where
    row-major order puts them; equal strides put the smaller size inside)."""
    ndim = len(shape)
    if ndim < 2:
        return (1,) * ndim

    def swap(a: int, b: int) -> int:
        sa, sb = strides[a], strides[b]
        if sa == 0 or sb == 0:
            return 0
        if sa != sb:
            return -1 if sa < sb else 1
        return 1 if shape[a] > shape[b] else 0

    perm = sort_dims(ndim, swap)
    out = [0] * ndim
    step = 1
    for k in perm:
        out[k] = step
        if shape[k] > 1:
            step *= shape[k]
    return tuple(out)


def preserved_strides(shape: Sequence[int], strides: Sequence[int]) -> tuple[int, ...]:
    """The strides ``preserve_format`` gives a copy: the input's own when it is dense and
    non-overlapping, else dense ones in the order of its strides (as PyTorch)."""
    if non_overlapping_and_dense(shape, strides):
        return tuple(strides)
    return infer_dense_strides(shape, strides)


def target_strides(array: Any, memory_format: _dt.memory_format) -> tuple[int, ...] | None:
    """The strides a copy of ``array`` in ``memory_format`` gets, or None when that is plain
    row-major (the ordinary allocation)."""
    shape = array.shape
    if memory_format is _dt.preserve_format:
        if array.flags.c_contiguous:
            return None
        strides = preserved_strides(shape, element_strides(array))
    else:
        strides = format_strides(shape, memory_format)
    return None if strides == format_strides(shape, _dt.contiguous_format) else strides


def allocate(backend: Any, shape: Sequence[int], dtype: Any,
             strides: Sequence[int]) -> Any:
    """An uninitialised array of ``backend`` with ``shape`` and ``strides`` (in elements, as
    PyTorch's ``empty_strided``: a dense block of memory viewed with them)."""
    size = 0 if 0 in shape else 1 + sum((n - 1) * s for n, s in zip(shape, strides))
    with backend.scope():
        flat = backend.empty((size,), dtype=dtype)
    item = flat.itemsize
    return backend.lib.stride_tricks.as_strided(flat, tuple(shape),
                                                tuple(s * item for s in strides))


def copy_into(backend: Any, array: Any, strides: Sequence[int], dtype: Any = None) -> Any:
    """A copy of ``array`` (cast to ``dtype`` if given) laid out with ``strides``."""
    out = allocate(backend, array.shape, array.dtype if dtype is None else dtype, strides)
    with backend.scope():
        out[...] = array
    return out
