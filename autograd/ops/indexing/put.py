"""Writes and reads at flat positions, index lists and masks: take, put, index_copy,
index_fill, masked_scatter (the in-place ``_`` forms are their Tensor methods).

Each one turns its arguments into an advanced-indexing key and reuses the indexing Functions
(``Index`` to read, ``IndexPut`` to write), so gradients route exactly as for ``x[key]`` and
``x[key] = v``: the written positions get no gradient from the old values, the written values
get the gradient at their positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import as_bool, fill_value, same_dtype_as, wrap_dim
from autograd.engine import grad_mode as _gm
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to
from autograd.ops.indexing.gather import _index, _vector_index
from autograd.ops.indexing.index import Index, _mask, _mixed, _put, getitem
from autograd.ops.shape.view import broadcast_to, reshape

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["take", "put", "index_copy", "index_fill", "masked_scatter"]


def _flat_index(op: str, index: Tensor, input: Tensor) -> Any:
    """The raw index as flat positions in [0, numel), negative ones counted from the end."""
    idx = _index(op, index, input)
    n = input.numel()
    if idx.size:
        lo, hi = int(idx.min()), int(idx.max())
        if lo < -n or hi >= n:
            bad = lo if lo < -n else hi
            raise IndexError(f"{op}: out of range: tried to access index {bad} on a tensor of "
                             f"{n} elements.")
        if lo < 0:
            idx = idx % n
    return idx


def take(input: Tensor, index: Tensor) -> Tensor:
    """The elements of input at the flat positions in ``index`` (negative ones from the
    end), in index's shape."""
    idx = _flat_index("take()", index, input)
    return Index.apply(reshape(input, (-1,)), key=(idx, Ellipsis))


def put(input: Tensor, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:
    """A copy of input with ``source``'s elements written (or, with ``accumulate``, added) at
    the flat positions in ``index``."""
    if accumulate.__class__ is not bool:
        accumulate = as_bool(accumulate, "put", "accumulate")
    same_dtype_as("put_()", input, source, "source")
    idx = _flat_index("put_()", index, input)
    if source.numel() != idx.size:
        raise IndexError(f"put_(): Expected source and index to have the same number of "
                         f"elements, but got source.numel() = {source.numel()}, index.numel() "
                         f"= {idx.size}")
    out = _put(reshape(input, (-1,)), (idx.reshape(-1), Ellipsis), reshape(source, (-1,)),
               accumulate)
    return reshape(out, input.shape)


def _slices(op: str, input: Tensor, dim: int, index: Tensor, **checks: Any) -> tuple:
    """The key selecting the slices at the 1-D ``index`` along ``dim``, and that dim."""
    idx, d = _vector_index(op, index, input, dim, **checks)
    return (slice(None),) * d + (idx, Ellipsis), d, idx


def _long_index(op: str, index: Any, error: type) -> None:
    """index_copy and index_fill take int64 indices only (index_select and index_add take
    int32 too), as in PyTorch."""
    if isinstance(index, TensorBase) and index._data.dtype != np.int64:
        raise error(f"{op}: Expected a long tensor for index, but got {index.dtype}")


def index_copy(input: Tensor, dim: int, index: Tensor, source: Tensor) -> Tensor:
    """A copy of input with the slices at ``index`` along ``dim`` replaced by source's."""
    same_dtype_as("index_copy_()", input, source, "source")
    op = "index_copy_()"
    _long_index(op, index, RuntimeError)
    if input.ndim == 0:
        wrap_dim(dim, 0, op)  # 0 or -1, an int
        return reshape(index_copy(reshape(input, (1,)), 0, index, reshape(source, (-1,))), ())
    key, d, idx = _slices(op, input, dim, index)
    expected = list(input.shape)
    expected[d] = int(idx.shape[0])
    if list(source.shape) != expected:
        if source.ndim == 0 and idx.shape[0] != 1:
            raise IndexError(f"{op}: When source is scalar, index should have one element "
                             f"(got {idx.shape[0]}; input {list(input.shape)})")
        if source.ndim == 0 and expected == [1]:  # a scalar into one slice of a 1-D input
            return _put(input, key, reshape(source, (1,)))
        if source.ndim and source.ndim != input.ndim:
            raise IndexError(f"{op}: When source and destination are not scalars, their "
                             f"dimensionality must match (source {list(source.shape)}, "
                             f"destination {list(input.shape)})")
        if source.ndim and source.shape[d] != idx.shape[0]:
            raise IndexError(f"{op}: Number of indices ({idx.shape[0]}) should be equal to "
                             f"source.size(dim) ({source.shape[d]})")
        raise RuntimeError(f"{op}: Source/destination tensor must have same slice shapes "
                           f"(source {list(source.shape)}, expected {expected} for input "
                           f"{list(input.shape)} along dim {d})")
    return _put(input, key, source)


def index_fill(input: Tensor, dim: int, index: Tensor, value: Any) -> Tensor:
    """A copy of input with the slices at ``index`` along ``dim`` set to ``value`` (a number
    or a 0-d Tensor, which gets their gradient)."""
    if isinstance(value, TensorBase):
        if value.ndim != 0:
            raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but "
                               f"got tensor with {value.ndim} dimension(s).")
        if value.device is not input.device:
            raise _mixed("index_fill_", input, value.device)
    else:
        value = fill_value(value, input._data.dtype, "index_fill_")
    _long_index("index_fill_()", index, IndexError)
    if input.ndim == 0:
        wrap_dim(dim, 0, "index_fill_()")  # 0 or -1, an int
        return reshape(index_fill(reshape(input, (1,)), 0, index, value), ())
    # negative indices count from the end here, as in PyTorch
    key, d, idx = _slices("index_fill_()", input, dim, index, negative=True,
                          shape_error=RuntimeError)
    if idx.size > 1:  # a slice named twice is filled once (and gives value one gradient)
        key = key[:d] + (input.device.backend.unique(idx % input.shape[d]),) + key[d + 1:]
    return _put(input, key, value)


def masked_scatter(input: Tensor, mask: Tensor, source: Tensor) -> Tensor:
    """A copy of input (broadcast with mask) where the positions at which the bool mask holds
    take source's elements, in order."""
    same_dtype_as("masked_scatter", input, source, "source")
    mask = _mask("masked_scatter", input, mask)
    if mask.device is not input.device or source.device is not input.device:
        raise _mixed("masked_scatter", input, mask.device if mask.device is not input.device
                     else source.device)
    try:
        shape = np.broadcast_shapes(input.shape, mask.shape)
    except ValueError:
        raise RuntimeError(f"masked_scatter: the mask of shape {list(mask.shape)} cannot be "
                           f"broadcast with the input of shape {list(input.shape)}") from None
    x = input if input.shape == shape else broadcast_to(input, shape)
    m = mask._data
    if m.shape != shape:
        m = input.device.backend.broadcast_to(m, shape)
    _gm.host_read("masked_scatter (the count of the mask)")
    k = int(m.sum())
    if source.numel() < k:
        raise RuntimeError(f"masked_scatter: Number of elements of source < number of ones in "
                           f"mask (source has {source.numel()}, mask {k})")
    if source.dtype != input.dtype:
        source = to(source, input.dtype)
    values = getitem(reshape(source, (-1,)), slice(0, k))
    return _put(x, (m, Ellipsis), values)
