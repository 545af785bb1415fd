"""Counting and binning: unique, unique_consecutive, bincount, histc, searchsorted, bucketize.

All run on the backend's native kernels (sorts, cumulative sums, ``bincount``,
``searchsorted``, ``lexsort``) over whole arrays. None has a gradient: histc, searchsorted and
bucketize return constants; unique's and bincount's outputs raise on backward as in PyTorch.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import as_bool, as_int
from autograd.dtypes import result_type
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase, make
from autograd.ops.reduction.basic import _one_axis

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["unique", "unique_consecutive", "bincount", "histc", "searchsorted", "bucketize"]


def _const(t: Tensor, raw: Any, dtype: Any = np.int64) -> Tensor:
    return make(raw.astype(dtype, copy=False), t.device, False, None, 0)


class _NoDerivative(Function):
    """Values whose derivative PyTorch does not define: backward raises, naming the op."""

    op = ""
    error = NotImplementedError

    @classmethod
    def forward(cls, ctx, x, values):
        return values

    @classmethod
    def backward(cls, ctx, gy):
        # not defined
        raise cls.error(f"the derivative for '{cls.op}' is not implemented.")


class Unique(_NoDerivative):
    op = "unique"


class UniqueConsecutive(_NoDerivative):
    op = "unique_consecutive"


class Bincount(_NoDerivative):
    op = "bincount"
    error = RuntimeError


def _runs(xp: Any, rows: Any) -> Any:
    """For rows (n, k) in order: True where a row differs from the one before (and at 0)."""
    starts = xp.ones(rows.shape[0], dtype=bool)
    if rows.shape[0] > 1:
        starts[1:] = xp.any(rows[1:] != rows[:-1], axis=1)
    return starts


def _unique_rows(input: Tensor, dim: Any, sort: bool, return_inverse: bool,
                 return_counts: bool, cls: type) -> Any:
    """unique / unique_consecutive on the slices along ``dim`` (all elements when None)."""
    xp = input.device.backend
    x = input._data
    if dim is None:
        axis = 0
        rows = x.reshape(-1, 1)
    else:
        if x.ndim == 0:
            raise IndexError(f"{cls.op}: Dimension specified as {dim} but tensor has no "
                             "dimensions")
        axis = _one_axis(dim, x.ndim, cls.op)
        moved = xp.moveaxis(x, axis, 0)
        width = math.prod(moved.shape[1:])
        if not width and moved.shape[0]:
            raise RuntimeError(f"{cls.op}: There are 0 sized dimensions, and they aren't "
                               f"selected, so unique cannot be applied (input shape "
                               f"{list(x.shape)}, dim {dim})")
        rows = moved.reshape(moved.shape[0], width)
    n = rows.shape[0]
    if sort and n:
        # lexicographic order of the rows, first column first (lexsort's last key leads)
        order = (xp.stable_argsort(rows[:, 0]) if rows.shape[1] == 1
                 else xp.lexsort(rows.T[::-1]))
        rows = rows[order]
    starts = _runs(xp, rows)
    kept = rows[starts]
    if dim is None:
        values = kept.reshape(-1)
    else:
        moved_shape = (kept.shape[0],) + tuple(np.delete(x.shape, axis))
        values = xp.moveaxis(kept.reshape(moved_shape), 0, axis)
    out = [cls.apply(input, values)]
    if return_inverse:
        group = xp.cumsum(starts) - 1
        inverse = xp.empty(n, dtype=np.int64)
        if sort and n:
            inverse[order] = group
        else:
            inverse = group
        shape = input._data.shape if dim is None else (n,)
        out.append(_const(input, inverse.reshape(shape)))
    if return_counts:
        first = xp.flatnonzero(starts)
        counts = xp.diff(xp.concatenate([first, xp.asarray([n])]))
        out.append(_const(input, counts))
    return out[0] if len(out) == 1 else tuple(out)


def unique(input: Tensor, sorted: bool = True, return_inverse: bool = False,
           return_counts: bool = False, dim: int | None = None) -> Any:
    """The distinct elements (or, with ``dim``, the distinct slices along it) in ascending
    order, with the inverse indices and the counts on request. The result is always sorted
    (PyTorch leaves the order open for ``sorted=False``)."""
    as_bool(sorted, "unique", "sorted")
    return_inverse = as_bool(return_inverse, "unique", "return_inverse")
    return_counts = as_bool(return_counts, "unique", "return_counts")
    return _unique_rows(input, dim, True, return_inverse, return_counts, Unique)


def unique_consecutive(input: Tensor, return_inverse: bool = False,
                       return_counts: bool = False, dim: int | None = None) -> Any:
    """Each run of equal consecutive elements (or slices along ``dim``) kept once."""
    return_inverse = as_bool(return_inverse, "unique_consecutive", "return_inverse")
    return_counts = as_bool(return_counts, "unique_consecutive", "return_counts")
    return _unique_rows(input, dim, False, return_inverse, return_counts, UniqueConsecutive)


def bincount(input: Tensor, weights: Tensor | None = None, minlength: int = 0) -> Tensor:
    """The count (or the sum of ``weights``) of each value 0, 1, ... in a 1-D non-negative
    integer tensor; length max(input) + 1, at least ``minlength``. An empty input gives
    ``minlength`` int64 zeros, weights or not (as PyTorch)."""
    x = input._data
    if x.dtype.kind in "fVb":
        raise NotImplementedError(f'"bincount" not implemented for {input.dtype} tensors')
    if x.ndim != 1 or (x.size and int(x.min()) < 0):
        raise RuntimeError(f"bincount only supports 1-d non-negative integral inputs (got shape "
                           f"{list(input.shape)}, dtype {input.dtype})")
    if minlength < 0:
        raise RuntimeError(f"bincount: minlength should be >= 0, got {minlength}")
    xp = input.device.backend
    if weights is None or not x.size:  # an empty input counts in int64 even with weights
        return _const(input, xp.zeros(minlength, dtype=np.int64) if not x.size
                      else xp.bincount(x, minlength=minlength))
    w = weights._data
    if w.shape != x.shape:
        raise RuntimeError(f"bincount: weights should be 1-d and have the same length as input "
                           f"(input {list(input.shape)}, weights {list(weights.shape)})")
    # float32 and float64 weights keep their dtype; the others count in float64 (PyTorch)
    dtype = w.dtype if w.dtype in (np.float32, np.float64) else np.float64
    counts = xp.bincount(x, weights=w, minlength=minlength).astype(dtype, copy=False)
    return Bincount.apply(weights, counts)


def histc(input: Tensor, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:
    """The histogram of input in ``bins`` equal bins over [min, max] (the data's range when
    both are 0, which must then be finite); values outside are ignored, max falls in the last
    bin."""
    bins = as_int(bins, "histc", "bins")
    for name, value in (("min", min), ("max", max)):
        if not isinstance(value, (int, float, np.number)):
            raise TypeError(f"histc(): argument '{name}' must be Number, not "
                            f"{type(value).__name__}")
    x = input._data
    if x.dtype.kind not in "fV":
        raise NotImplementedError(f'"histogram" not implemented for {input.dtype} tensors')
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for "
                           "dimension 0")
    xp = input.device.backend
    lo, hi = float(min), float(max)
    if lo == hi and x.size:  # the data's range (NaN and infinities make it unusable)
        lo, hi = float(x.min()), float(x.max())
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(f"torch.histc: range of [{lo}, {hi}] is not finite")
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise RuntimeError(f"torch.histc: max must be larger than min (min={min}, max={max})")
    inside = (x >= lo) & (x <= hi)
    values = x[inside]
    # PyTorch's binning, each step rounded to input's dtype as its kernel rounds (float16's
    # bin edges move otherwise): trunc((v - lo) * bins / (hi - lo)), the top edge in the last
    # bin; lo and hi are the ends of its bin edges, in input's dtype
    t = x.dtype.type
    pos = ((values - t(lo)) * t(bins) / (t(hi) - t(lo))).astype(np.int64)
    pos = xp.minimum(pos, bins - 1)
    return _const(input, xp.bincount(pos, minlength=bins), x.dtype)


def searchsorted(sorted_sequence: Tensor, input: Any, *, out_int32: bool = False,
                 right: bool = False, side: str | None = None,
                 sorter: Tensor | None = None) -> Tensor:
    """For each value of input, the index at which it would be inserted into the sorted
    last dim of ``sorted_sequence`` (1-D, or with leading dims matching input's): the first
    such index, or the last with ``right=True`` / ``side='right'``. Both are compared in
    their promoted dtype (a bool sequence is searched for int64 values as int64)."""
    out_int32 = as_bool(out_int32, "searchsorted", "out_int32")
    right = as_bool(right, "searchsorted", "right")
    if not isinstance(input, (TensorBase, int, float, np.number, np.bool_)):
        raise TypeError(f"searchsorted(): argument 'input' must be Tensor or Number, not "
                        f"{type(input).__name__}")
    common = result_type(sorted_sequence, input)
    if common.kind == "b":
        raise NotImplementedError(f'"searchsorted" not implemented for \'Bool\' (sorted '
                                  f"sequence of shape {list(sorted_sequence.shape)})")
    if side is not None:
        if not isinstance(side, str):
            raise TypeError(f"searchsorted(): argument 'side' must be str, not "
                            f"{type(side).__name__}")
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but "
                               f"got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to "
                               "opposites, got side of left while right was True")
        right = side == "right"
    xp = sorted_sequence.device.backend
    seq = sorted_sequence._data
    scalar = not isinstance(input, TensorBase)
    values = xp.asarray(input, dtype=common) if scalar else input._data.astype(common, copy=False)
    seq = seq.astype(common, copy=False)
    if seq.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive "
                           "dimension, but got 0 dimension")
    if sorter is not None:
        s = sorter._data
        if s.dtype != np.int64:
            raise RuntimeError(f"torch.searchsorted(): sorter must be a tensor of long dtype but "
                               f"got dtype {sorter.dtype}")
        if s.shape != seq.shape:
            raise RuntimeError("torch.searchsorted(): boundary and sorter must have the same "
                               f"size, but got boundary tensor {list(seq.shape)} and got sorter "
                               f"tensor {list(s.shape)}")
        if s.size and (int(s.min()) < 0 or int(s.max()) >= seq.shape[-1]):
            raise RuntimeError("torch.searchsorted(): sorter index out of range (sorter "
                               f"values must lie in [0, {seq.shape[-1]}))")
        seq = xp.take_along_axis(seq, s, -1)
    side = "right" if right else "left"
    if seq.ndim == 1:
        out = xp.searchsorted(seq, values, side=side)
    else:
        if seq.shape[:-1] != values.shape[:-1]:
            raise RuntimeError(
                "torch.searchsorted(): boundaries tensor should be 1 dimension or the first "
                "N-1 dimensions of boundaries tensor and input value tensor must match, but we "
                f"got boundaries tensor {list(seq.shape)} and input value tensor "
                f"{list(values.shape)}")
        out = _batched_searchsorted(xp, seq, values, right)
    return _const(sorted_sequence, out, np.int32 if out_int32 else np.int64)


def _batched_searchsorted(xp: Any, seq: Any, values: Any, right: bool) -> Any:
    """searchsorted of each row of ``values`` in the same row of ``seq``: one lexsort of all
    boundaries and values by (row, value, kind), then, for each value, the count of boundaries
    of its row placed before it."""
    nb, nv = seq.shape[-1], values.shape[-1]
    rows = int(np.prod(seq.shape[:-1]))
    b, v = seq.reshape(rows, nb), values.reshape(rows, nv).astype(seq.dtype)
    row = xp.concatenate([xp.repeat(xp.arange(rows), nb), xp.repeat(xp.arange(rows), nv)])
    val = xp.concatenate([b.reshape(-1), v.reshape(-1)])
    # on ties, left puts values before equal boundaries, right after them
    kind = xp.concatenate([xp.full(rows * nb, 0 if right else 1),
                           xp.full(rows * nv, 1 if right else 0)])
    order = xp.lexsort(xp.stack([kind, val, row]))
    is_boundary = xp.concatenate([xp.ones(rows * nb, dtype=np.int64),
                                  xp.zeros(rows * nv, dtype=np.int64)])[order]
    before = xp.cumsum(is_boundary) - is_boundary  # boundaries placed before, all rows
    counts = xp.empty(order.size, dtype=np.int64)
    counts[order] = before
    result = counts[rows * nb:].reshape(rows, nv) - (xp.arange(rows) * nb)[:, None]
    return result.reshape(values.shape)


def bucketize(input: Any, boundaries: Tensor, *, out_int32: bool = False,
              right: bool = False) -> Tensor:
    """The index of the bucket of each value of input among the 1-D ``boundaries``:
    ``boundaries[i-1] < v <= boundaries[i]`` (``<= v <`` with ``right=True``)."""
    out_int32 = as_bool(out_int32, "bucketize", "out_int32")
    right = as_bool(right, "bucketize", "right")
    if not isinstance(input, (TensorBase, int, float, np.number, np.bool_)):
        raise TypeError(f"bucketize(): argument 'input' must be Tensor or Number, not "
                        f"{type(input).__name__}")
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim"
                           f"({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)
