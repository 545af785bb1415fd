"""Order statistics: median, nanmedian, mode, quantile, nanquantile.

As for sorting, positions come from the backend's native kernels on raw arrays
(``argpartition``, ``argsort``) and values are gathered there, so gradients go to the selected
elements: with ``dim``, to the element at the returned index; ``median()`` and
``nanmedian()`` of a whole tensor share it among the elements equal to the median (PyTorch's
conventions). The median of an even count is the lower of the two middle values. quantile
interpolates between two gathered order statistics, so its gradient is split between them.
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import LEFT_OUT, as_bool, left_out, refuse_bool
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase, make
from autograd.ops.elementwise.convert import clone
from autograd.ops.elementwise.select import where
from autograd.ops.reduction.basic import _one_axis
from autograd.ops.reduction.extrema import return_types
from autograd.ops.reduction.sort import Select, _zero_index, select_along, sort_indices
from autograd.ops.shape.view import movedim, reshape

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["median", "nanmedian", "mode", "quantile", "nanquantile"]


class MedianAll(Function):
    """The (lower) median of all elements; NaN when one is NaN, or with ``skip_nan`` the
    median of the others."""

    @staticmethod
    def forward(ctx, x, skip_nan):
        xp = ctx.xp
        flat = x.reshape(-1)
        nan = xp.isnan(flat)
        if skip_nan:
            flat = flat[~nan]
        if flat.size == 0 or (not skip_nan and bool(nan.any())):
            y = xp.asarray(np.nan, dtype=x.dtype)
        else:
            k = (flat.size - 1) // 2
            y = xp.partition(flat, k)[k]
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d median(x) / dx_i = [x_i = median] / #{j : x_j = median}: ties share the gradient
        # (a NaN median is shared among the NaNs)
        xp = ctx.xp
        x, y = ctx.saved_tensors
        hit = (x == y) | (xp.isnan(x) & xp.isnan(y))
        return gy * hit / xp.sum(hit, dtype=x.dtype), None


class Median(Select):
    pass


class Mode(Select):
    pass


def _finish(t: Tensor, cls: type, input: Tensor, idx: Any, axis: int, keepdim: bool) -> Any:
    """Gather input at ``idx`` (size 1 along axis) and squeeze unless keepdim."""
    values = select_along(cls, input, idx, axis)
    if not keepdim:
        idx = idx.squeeze(axis)
        values = values.squeeze(axis)
    return t(values, make(idx.astype(np.int64, copy=False), input.device, False, None, 0))


def _median_dim(op: str, input: Tensor, dim: int, keepdim: bool, skip_nan: bool) -> Any:
    keepdim = as_bool(keepdim, op, "keepdim")
    axis = _one_axis(dim, input._data.ndim, op)
    result = getattr(return_types, op)
    if axis is None:
        return result(clone(input), _zero_index(input))
    xp = input.device.backend
    x = input._data
    n = x.shape[axis]
    if n == 0:
        raise IndexError(f"{op}(): Expected reduction dim {axis} to have non-zero size (input "
                         f"of shape {list(input.shape)}).")
    line = (slice(None),) * axis
    nan = xp.isnan(x) if x.dtype.kind in "fV" else None
    if skip_nan and nan is not None:
        # the lower median of the non-NaN values: position (m - 1) // 2 of the sorted line
        # (NaN sorts last); a line of NaNs only gives one of them
        m = n - xp.sum(nan, axis=axis, keepdims=True)
        k = xp.maximum((m - 1) // 2, 0)
        idx = xp.take_along_axis(sort_indices(xp, x, axis), k, axis)
    else:
        k = (n - 1) // 2
        idx = xp.argpartition(x, k, axis=axis)[line + (slice(k, k + 1),)]
        if nan is not None:  # a line holding a NaN: its median is (the first) NaN
            has_nan = xp.any(nan, axis=axis, keepdims=True)
            idx = xp.where(has_nan, xp.argmax(nan, axis=axis, keepdims=True), idx)
    return _finish(result, Median, input, idx, axis, keepdim)


def _no_keepdim(op: str, keepdim: bool) -> None:
    """PyTorch's whole-tensor median has no ``keepdim``: asking for it means a dim is missing."""
    if keepdim:
        raise TypeError(f'{op}() missing 1 required positional arguments: "dim" (keepdim=True '
                        "needs a dim)")


def median(input: Tensor, dim: Any = LEFT_OUT, keepdim: bool = False) -> Any:
    """The lower median of all elements (NaN if one is NaN), or with ``dim`` the named tuple
    ``(values, indices)`` along it."""
    refuse_bool("median", input)
    if left_out(dim, "median"):
        _no_keepdim("median", keepdim)
        return MedianAll.apply(input, False)
    return _median_dim("median", input, dim, keepdim, False)


def nanmedian(input: Tensor, dim: Any = LEFT_OUT, keepdim: bool = False) -> Any:
    """``median`` ignoring NaNs (NaN only where every element is NaN)."""
    refuse_bool("nanmedian", input)
    if left_out(dim, "nanmedian"):
        _no_keepdim("nanmedian", keepdim)
        return MedianAll.apply(input, True)
    return _median_dim("nanmedian", input, dim, keepdim, True)


def mode(input: Tensor, dim: int = -1, keepdim: bool = False) -> Any:
    """The named tuple ``(values, indices)`` of the most frequent value along ``dim`` (the
    smallest among equally frequent ones) and the index of its last occurrence."""
    keepdim = as_bool(keepdim, "mode", "keepdim")
    axis = _one_axis(dim, input._data.ndim, "mode")
    if axis is None:
        return return_types.mode(clone(input), _zero_index(input))
    xp = input.device.backend
    x = input._data
    n = x.shape[axis]
    if n == 0:
        raise IndexError(f"mode(): Expected reduction dim {axis} to have non-zero size (input "
                         f"of shape {list(input.shape)}).")
    # Sort each line (stably: equal values keep their order), cut it into runs of equal
    # values and measure, at each position, how far into its run it is. The first position
    # reaching the longest run ends the run of the smallest most frequent value, and holds
    # that value's last occurrence.
    lines = xp.moveaxis(x, axis, -1).reshape(-1, n)
    order = xp.stable_argsort(lines, 1)
    s = xp.take_along_axis(lines, order, 1)
    starts = xp.ones(s.shape, dtype=bool)
    starts[:, 1:] = s[:, 1:] != s[:, :-1]
    flat = starts.reshape(-1)
    run = xp.cumsum(flat) - 1
    depth = (xp.arange(flat.size) - xp.flatnonzero(flat)[run]).reshape(s.shape)
    end = xp.argmax(depth, axis=1)[:, None]
    idx = xp.take_along_axis(order, end, 1)
    shape = x.shape[:axis] + x.shape[axis + 1:] + (1,)
    idx = xp.moveaxis(idx.reshape(shape), -1, axis)
    return _finish(return_types.mode, Mode, input, idx, axis, keepdim)


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(op: str, input: Tensor, q: Any, dim: Any, keepdim: bool, interpolation: str,
              skip_nan: bool) -> Tensor:
    keepdim = as_bool(keepdim, op, "keepdim")
    if input._data.dtype.kind not in "fV" or input._data.dtype.itemsize == 2:
        raise RuntimeError(f"{op}() input tensor must be either float or double dtype (got "
                           f"{input.dtype})")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(f"{op}() interpolation must be one of linear, lower, higher, "
                           f"midpoint or nearest, but got {interpolation}")
    if input._data.size == 0:
        raise RuntimeError(f"{op}() input tensor must be non-empty (input of shape "
                           f"{list(input.shape)})")
    xp = input.device.backend
    q_tensor = q if isinstance(q, TensorBase) else None
    if q_tensor is None and not isinstance(q, numbers.Real):
        raise TypeError(f"{op}(): argument 'q' must be a number or a Tensor, not "
                        f"{type(q).__name__}")
    if q_tensor is not None:
        if q_tensor.ndim > 1:
            raise RuntimeError(f"{op}() q must be a scalar or 1D tensor (got shape "
                               f"{list(q_tensor.shape)})")
        if q_tensor.dtype != input.dtype:
            raise RuntimeError(f"{op}() q tensor must be same dtype as the input tensor (q "
                               f"{q_tensor.dtype}, input {input.dtype})")
    # a number or a 0-d tensor gives one quantile, without the quantiles' leading dim
    scalar_q = q_tensor is None or q_tensor.ndim == 0
    qs = (np.asarray([q], dtype=np.float64) if q_tensor is None
          else q_tensor.numpy(force=True).reshape(-1))
    if qs.size and (qs.min() < 0 or qs.max() > 1):
        bad = float(qs.min() if qs.min() < 0 else qs.max())
        raise RuntimeError(f"{op}() q must be in the range [0, 1] but got {bad}")
    if dim is None:
        x, axis = reshape(input, (-1,)), 0
    else:
        axis = _one_axis(dim, input._data.ndim, op)
        x = input if axis is not None else reshape(input, (1,))
        axis = axis or 0
    n = x._data.shape[axis]
    # Lines along the last axis, one more leading axis for the quantiles: each quantile is a
    # weighted pair of order statistics, the ones at floor(rank) and ceil(rank) with
    # rank = q (m - 1), m the count of values (of non-NaN values for nanquantile).
    x = movedim(x, axis, -1)
    raw = x._data
    nq = qs.size
    lines = (nq,) + raw.shape[:-1] + (1,)
    order = xp.broadcast_to(sort_indices(xp, raw, raw.ndim - 1), (nq,) + raw.shape)
    nan = xp.isnan(raw)
    count = n - xp.sum(nan, axis=-1, keepdims=True) if skip_nan else n
    qv = xp.asarray(qs.astype(raw.dtype)).reshape((nq,) + (1,) * raw.ndim)
    scale = xp.maximum(count, 1) - 1
    rank = qv * scale
    # a line with a NaN (for quantile) ranks at its end: NaN sorts last, so the answer is
    # NaN; a line of NaNs only (for nanquantile) ranks at 0, one of its NaNs (PyTorch's)
    no_answer = xp.any(nan, axis=-1, keepdims=True) if not skip_nan else count == 0
    if not skip_nan:
        rank = xp.where(no_answer, n - 1, rank)
    rank = xp.broadcast_to(rank, lines).astype(raw.dtype)
    if interpolation == "nearest":
        rank = xp.round(rank)  # halves to even, as PyTorch
    lo = xp.floor(rank).astype(np.int64)
    hi = xp.ceil(rank).astype(np.int64)
    if interpolation == "lower":
        hi = lo
    elif interpolation == "higher":
        lo = hi
    idx = xp.take_along_axis(order, xp.concatenate([lo, hi], axis=-1), -1)
    pair = select_along(Quantile, x.unsqueeze(0).expand(nq, *raw.shape), idx, raw.ndim)
    below, above = pair[..., 0], pair[..., 1]
    if interpolation == "linear":
        weight = make((rank - lo)[..., 0].astype(raw.dtype), input.device, False, None, 0)
        if q_tensor is not None and q_tensor.requires_grad:
            weight = weight + _rank_in_q(xp, q_tensor, qv, scale, no_answer, raw)
        out = below + (above - below) * weight
    elif interpolation == "midpoint":
        out = (below + above) * 0.5
    else:
        out = below
    if keepdim:  # the reduced dims come back with size 1
        kept = tuple(1 if dim is None or k == axis else size
                     for k, size in enumerate(input.shape))
        out = reshape(out, (nq,) + kept)
    return out[0] if scalar_q else out


class Quantile(Select):
    pass


def _rank_in_q(xp: Any, q: Tensor, qv: Any, scale: Any, no_answer: Any, raw: Any) -> Tensor:
    """Zero in value, with the derivative of the rank q (m - 1) in q: the part of the linear
    weight through which q gets a gradient (none where a NaN fixed the rank, as PyTorch)."""
    lead = (qv.shape[0],) + (1,) * (raw.ndim - 1)
    lines = raw.shape[:-1] + (1,)

    def const(a: Any) -> Tensor:  # per line, without the trailing 1
        return make(xp.broadcast_to(a, lines)[..., 0], q.device, False, None, 0)

    moved = q.reshape(lead) - make(qv.reshape(lead), q.device, False, None, 0)
    steps = const(xp.asarray(scale, dtype=raw.dtype))
    return where(const(no_answer), 0.0, moved * steps)


def quantile(input: Tensor, q: Any, dim: int | None = None, keepdim: bool = False, *,
             interpolation: str = "linear") -> Tensor:
    """The q-th quantiles (q a number, or a 0-d or 1-D tensor of input's dtype, in [0, 1])
    over all elements or along ``dim``; a 1-D q puts its dim first. NaN where a line holds a
    NaN. With linear interpolation a q that requires grad gets a gradient."""
    return _quantile("quantile", input, q, dim, keepdim, interpolation, False)


def nanquantile(input: Tensor, q: Any, dim: int | None = None, keepdim: bool = False, *,
                interpolation: str = "linear") -> Tensor:
    """``quantile`` ignoring NaNs (NaN where a line holds nothing else)."""
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation, True)

