"""Sorting and selection along a dim: sort, argsort, msort, topk, kthvalue.

The indices come from the backend's native kernels (``argsort``, ``argpartition``) on the raw
arrays; the values are then gathered at them by a ``Select`` Function (advanced indexing), so
the gradient goes to the selected elements, as in PyTorch. NaN sorts above everything (last
ascending, first descending), as in PyTorch. Results are the named tuples of
``return_types``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from autograd import dtypes as _dt
from autograd.checks import as_bool, as_int, refuse_bool
from autograd.engine.grad_mode import replayable
from autograd.engine.tensor_base import make
from autograd.ops.elementwise.convert import clone
from autograd.ops.indexing.gather import _coords
from autograd.ops.indexing.index import Index
from autograd.ops.reduction.basic import _one_axis
from autograd.ops.reduction.extrema import return_types

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["sort", "argsort", "msort", "topk", "kthvalue"]

_BOOL = _dt.bool


class Select(Index):
    """The values of ``x`` at an index array along one axis (``key`` from ``_coords``): its
    backward adds the gradient back at those positions (repeated positions accumulate)."""


class Sort(Select):
    pass


class Topk(Select):
    pass


class Kthvalue(Select):
    pass


def _axis(input: Tensor, dim: int, op: str) -> int | None:
    """``dim`` as an axis, None for a 0-d tensor (which dim 0 and -1 name as a whole)."""
    return _one_axis(dim, input._data.ndim, op)


def select_along(cls: type, input: Tensor, index: Any, axis: int) -> Tensor:
    """``cls`` (a Select) applied: input's values at the raw ``index`` along ``axis``."""
    return cls.apply(input, key=_coords(input.device.backend, index, axis))


@replayable  # a tensor made off the tape: an ag.compile replay makes it again
def _indices(t: Tensor, raw: Any) -> Tensor:
    return make(raw.astype(np.int64, copy=False), t.device, False, None, 0)


def _zero_index(t: Tensor) -> Tensor:
    """The index of a 0-d tensor's one element along its (implicit) dim: 0."""
    return _indices(t, t.device.backend.zeros((), np.int64))


@replayable  # positions from the values: an ag.compile replay sorts again
def sort_indices(xp: Any, x: Any, axis: int, descending: bool = False) -> Any:
    """The stable order of ``x`` along ``axis`` (equal elements keep their order, NaN above
    everything)."""
    if not descending:
        return xp.stable_argsort(x, axis)
    # descending and stable: sort the reversed line ascending, read that order backwards and
    # map the positions back (ties come out in their original order, NaN first)
    n = x.shape[axis]
    return (n - 1) - xp.flip(xp.stable_argsort(xp.flip(x, axis), axis), axis)


def sort(input: Tensor, dim: int = -1, descending: bool = False,
         stable: bool | None = False) -> Any:
    """The named tuple ``(values, indices)`` of input sorted along ``dim`` (always stable:
    equal elements keep their order); gradients go back to where each value came from."""
    descending = as_bool(descending, "sort", "descending")
    if stable is not None:  # sort's stable is optional, argsort's is not
        as_bool(stable, "sort", "stable")
    axis = _axis(input, dim, "sort")
    if axis is None:
        return return_types.sort(clone(input), _zero_index(input))
    idx = sort_indices(input.device.backend, input._data, axis, descending)
    return return_types.sort(select_along(Sort, input, idx, axis), _indices(input, idx))


def argsort(input: Tensor, dim: int = -1, descending: bool = False,
            stable: bool = False) -> Tensor:
    """The indices that sort input along ``dim`` (int64; stable)."""
    descending = as_bool(descending, "argsort", "descending")
    as_bool(stable, "argsort", "stable")
    axis = _axis(input, dim, "argsort")
    xp = input.device.backend
    if axis is None:
        return _zero_index(input)
    return _indices(input, sort_indices(xp, input._data, axis, descending))


def msort(input: Tensor) -> Tensor:
    """``sort(input, dim=0).values``."""
    return sort(input, 0).values


def _k_range(op: str, k: int, n: int, low: int, message: str) -> int:
    k = as_int(k, op, "k")
    if not low <= k <= n:
        raise RuntimeError(f"{op}(): {message} (k={k}, dimension size {n})")
    return k


def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True,
         sorted: bool = True) -> Any:
    """The named tuple ``(values, indices)`` of the ``k`` largest (or smallest) elements along
    ``dim``, in order when ``sorted``; gradients go to the selected elements."""
    largest = as_bool(largest, "topk", "largest")
    sorted = as_bool(sorted, "topk", "sorted")
    if getattr(input, "dtype", None) is _BOOL:
        raise RuntimeError(f"topk does not support bool dtypes on CPU (shape {list(input.shape)})")
    axis = _axis(input, dim, "topk")
    xp = input.device.backend
    x = input._data
    n = x.shape[axis] if axis is not None else 1
    k = _k_range("topk", k, n, 0, "selected index k out of range")
    if axis is None:
        return return_types.topk(clone(input), _zero_index(input))
    idx = _topk_indices(xp, x, axis, k, largest, sorted)
    return return_types.topk(select_along(Topk, input, idx, axis), _indices(input, idx))


@replayable  # positions from the values: an ag.compile replay finds them again
def _topk_indices(xp: Any, x: Any, axis: int, k: int, largest: bool, sorted: bool) -> Any:
    n = x.shape[axis]
    if k == 0 or k == n:
        idx = sort_indices(xp, x, axis, largest)
        return idx[(slice(None),) * axis + (slice(0, k),)]
    # a partial sort (O(n)) puts the k selected elements on one side of position kth
    kth = n - k if largest else k - 1
    part = xp.argpartition(x, kth, axis=axis)
    idx = part[(slice(None),) * axis + (slice(n - k, n) if largest else slice(0, k),)]
    if sorted:
        values = xp.take_along_axis(x, idx, axis)
        idx = xp.take_along_axis(idx, sort_indices(xp, values, axis, largest), axis)
    return idx


@replayable
def _kth_indices(xp: Any, x: Any, axis: int, k: int) -> Any:
    idx = xp.argpartition(x, k - 1, axis=axis)
    return idx[(slice(None),) * axis + (slice(k - 1, k),)]


def kthvalue(input: Tensor, k: int, dim: int = -1, keepdim: bool = False) -> Any:
    """The named tuple ``(values, indices)`` of the k-th smallest element (k from 1) along
    ``dim``; the gradient goes to it."""
    keepdim = as_bool(keepdim, "kthvalue", "keepdim")
    axis = _axis(input, dim, "kthvalue")
    xp = input.device.backend
    x = input._data
    n = x.shape[axis] if axis is not None else 1
    if n == 0:
        raise IndexError(f"kthvalue(): Expected reduction dim {axis} to have non-zero size "
                         f"(input of shape {list(input.shape)}).")
    if axis is not None:  # a 0-d input is returned before the kernel (which has no bool)
        refuse_bool("kthvalue", input)
    k = _k_range("kthvalue", k, n, 1, f"selected number k out of range for dimension {dim}")
    if axis is None:
        return return_types.kthvalue(clone(input), _zero_index(input))
    idx = _kth_indices(xp, x, axis, k)
    values = select_along(Kthvalue, input, idx, axis)
    if not keepdim:
        idx = idx.squeeze(axis)
        values = values.squeeze(axis)
    return return_types.kthvalue(values, _indices(input, idx))
