"""Indexing: ``__getitem__``, ``__setitem__``, gather, scatter, scatter_add, index_select,
index_add, masked_fill, masked_select, take_along_dim, nonzero, one_hot.

Keys follow NumPy's rules, a superset of PyTorch's (negative slice steps are allowed). Basic
keys (ints, slices, None, ``...``) give views; any advanced part (bool masks, integer arrays,
lists, index Tensors) gives a copy. Every indexing gradient is "zeros, then add the gradient at
the key" (repeated indices accumulate); under ``create_graph`` that write is itself a recorded
op (``IndexPut``), so all orders of derivative come from the same formulas.
"""

from __future__ import annotations

import operator
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd import dtypes as _dt
from autograd.checks import as_int, fill_value, same_dtype_as
from autograd.engine import grad_mode as _gm
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.engine.inplace import check_writable, inplace
from autograd.engine.tensor_base import TensorBase, make
from autograd.ops.elementwise.convert import copy_from, fill_like, to
from autograd.ops.shape.view import broadcast_to

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = [
    "getitem", "setitem", "index_put", "masked_fill", "masked_select", "nonzero", "argwhere",
    "one_hot",
]

_ELLIPSIS = Ellipsis


# -- keys -----------------------------------------------------------------------------------


def _mixed(op: str, x: Tensor, other: Any) -> RuntimeError:
    return RuntimeError(
        f"{op}: expected all tensors to be on the same device, but found at least two "
        f"devices, {x.device} and {other} (indexed tensor of shape {list(x.shape)})"
    )


def _index_array(x: Tensor, k: Any, raw: Any) -> Any:
    """An index array on x's backend, checked to be integer or bool."""
    if k.dtype.kind not in "iub":
        raise IndexError(f"tensors used as indices must be long, int, byte or bool tensors "
                         f"(got {k.dtype} indexing a tensor of shape {list(x.shape)})")
    if raw.__class__ is not k.__class__:
        if x.device.type == "cpu":
            raise _mixed("index", x, "a device array")
        k = x.device.backend.asarray(k)
    return k


def _byte_mask(d: Any) -> Any:
    """A uint8 index tensor, read as PyTorch still reads it: a bool mask (deprecated)."""
    warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype "
                  "torch.bool instead.", UserWarning, stacklevel=4)
    return d.astype(np.bool_)


def _zero_step(key: Any) -> bool:
    """Whether ``key`` holds a slice with step 0 (PyTorch's ValueError, not an index error)."""
    parts = key if key.__class__ is tuple else (key,)
    return any(k.__class__ is slice and k.step is not None and k.step == 0 for k in parts)


def _key(x: Tensor, key: Any) -> tuple[tuple, bool]:
    """``key`` as a tuple over x's backend arrays (always holding an Ellipsis, so indexing
    returns an array, never a NumPy scalar) and whether it is basic (a view)."""
    if key.__class__ is not tuple:
        if key.__class__ is list and not all(
                k.__class__ in (int, bool, list) or isinstance(k, np.integer) for k in key):
            key = tuple(key)  # PyTorch reads a list holding slices or Tensors as a tuple
        else:
            key = (key,)
    raw = x._data
    out = []
    basic = True
    ellipsis = False
    for k in key:
        c = k.__class__
        if c is int or c is slice or k is None:
            out.append(k)
            continue
        if k is _ELLIPSIS:
            ellipsis = True
            out.append(k)
            continue
        if c is bool:
            basic = False
        elif isinstance(k, TensorBase):
            d = k._data
            if d.dtype == np.uint8:
                d = _byte_mask(d)
            if d.ndim == 0 and d.dtype.kind in "iu":
                k = int(k.item())  # a 0-d integer index is a plain integer, as in PyTorch
            else:
                if k.device is not x.device and k.device.type != "cpu":
                    # indices on the host index any device, as in PyTorch (moved there below)
                    raise _mixed("index", x, k.device)
                k = _index_array(x, d, raw)
                basic = False
        elif isinstance(k, np.integer):
            k = int(k)
        elif isinstance(k, np.bool_):
            k = bool(k)
            basic = False
        elif isinstance(k, (np.ndarray, list, tuple)) or hasattr(k, "__array_interface__") or (
                hasattr(k, "__cuda_array_interface__")):
            if isinstance(k, (list, tuple)):
                k = np.asarray(k)
                if k.size == 0:
                    k = k.astype(np.int64)
            if k.ndim == 0 and k.dtype.kind in "iu":
                k = int(k)
            else:
                k = _index_array(x, k, raw)
                basic = False
        else:
            try:
                k = operator.index(k)
            except TypeError:
                # PyTorch reads a string as data for a tensor: TypeError, where other
                # objects are IndexError
                error = TypeError if isinstance(k, (str, bytes)) else IndexError
                raise error(
                    "only integers, slices (`:`), ellipsis (`...`), None and long or bool "
                    f"tensors are valid indices (got {type(k).__name__})"
                ) from None
        out.append(k)
    if not ellipsis:
        out.append(_ELLIPSIS)
    elif not basic and out[-1] is not _ELLIPSIS and x._data.ndim == sum(
            (k.ndim if k.dtype.kind == "b" else 1) if hasattr(k, "dtype") else
            k is not None and k.__class__ is not bool and k is not _ELLIPSIS for k in out):
        # An ``...`` that stands for no dims does not part two index arrays in PyTorch (it
        # does in NumPy, which would move the indexed dims to the front): move it last.
        del out[next(i for i, k in enumerate(out) if k is _ELLIPSIS)]
        out.append(_ELLIPSIS)
    out = tuple(out)
    if not basic:
        out = _check_key(x, out)
    return out, basic


def _check_key(x: Tensor, key: tuple) -> tuple:
    """Mask shapes and index bounds of an advanced key, with PyTorch's messages on every
    device (CuPy would wrap out-of-range indices around silently)."""
    shape = x.shape
    used = sum(1 if (k.__class__ in (int, slice) or (hasattr(k, "dtype") and
                     k.dtype.kind != "b")) else (k.ndim if hasattr(k, "dtype") else 0)
               for k in key)
    dim = 0
    checked = []
    for k in key:
        if k is _ELLIPSIS:
            dim += len(shape) - used
        elif k is None or k.__class__ is bool:
            pass
        elif hasattr(k, "dtype") and k.dtype.kind == "b":
            if tuple(k.shape) != tuple(shape[dim:dim + k.ndim]):
                raise IndexError(f"The shape of the mask {list(k.shape)} at index {dim} does not "
                                 f"match the shape of the indexed tensor {list(shape)} at index "
                                 f"{dim}")
            dim += k.ndim
        else:
            if hasattr(k, "dtype") and k.size and dim < len(shape):
                k = _check_range(x.device.backend, "index", k, shape[dim], dim, True, IndexError)
            dim += 1
        checked.append(k)
    return tuple(checked)


@_gm.replayable  # a raw check (and clamp) of the values: an ag.compile replay checks again
def _check_range(xp: Any, op: str, idx: Any, n: int, dim: int, negative: bool = False,
                 error: type = RuntimeError) -> Any:
    """Indices in [0, n) (or [-n, n)): raised at once on the CPU, at the next host read on a
    GPU (``Backend.check_later``), so that indexing never makes the host wait. Returns the
    indices to use: on a GPU clamped into range, so that the kernels that run before the error
    surfaces never touch memory out of bounds."""
    if idx.size == 0:
        return idx
    if n == 0:  # every index is out of range: known on the host, no value needed
        raise error(f"{op}: index out of bounds for dimension {dim} with size 0 ({idx.size} "
                    f"indices into an empty dimension)")
    low = -n if negative else 0
    with xp.scope():
        bad = ((idx < low) | (idx >= n)).any()

    def detail() -> str | None:
        lo, hi = int(idx.min()), int(idx.max())
        if low <= lo and hi < n:
            return None
        return (f"{op}: index {lo if lo < low else hi} is out of bounds for dimension {dim} "
                f"with size {n}")

    xp.check_later(bad, error, f"{op}: an index is out of bounds for dimension {dim} with size "
                               f"{n}", detail)
    if not xp.defers_checks:
        return idx
    with xp.scope():
        return xp.clip(idx, low, n - 1)


# -- __getitem__ ---------------------------------------------------------------------------


class GetItem(Function):
    """Basic indexing: a view."""

    is_view = True

    @staticmethod
    def forward(ctx, x, key):
        ctx.shape = x.shape
        ctx.key = key
        return x[key]

    @staticmethod
    def backward(ctx, gy):
        # y = x[key] picks elements: dx = zeros with dx[key] = dy
        gx = ctx.xp.zeros(ctx.shape, dtype=gy.dtype)
        gx[ctx.key] = gy
        return gx


class Index(Function):
    """Advanced indexing: a copy."""

    @staticmethod
    def forward(ctx, x, key):
        ctx.shape = x.shape
        ctx.key = key
        return x[key]

    @staticmethod
    def backward(ctx, gy):
        # y = x[key] picks elements, some maybe more than once: dx = zeros, dx[key] += dy
        xp = ctx.xp
        gx = xp.zeros(ctx.shape, dtype=gy.dtype)
        xp.index_add(gx, ctx.key, gy)
        return gx


def getitem(x: Tensor, key: Any) -> Tensor:
    """``x[key]``: a view for basic keys, a copy when any part of the key is advanced."""
    try:
        c = key.__class__
        if c is int or c is slice:
            return GetItem.apply(x, key=(key, _ELLIPSIS))
        parts, basic = _key(x, key)
        if basic:
            return GetItem.apply(x, key=parts)
        source = x
        if any(k.__class__ is int for k in parts):
            # PyTorch applies integers first, as basic indexing; NumPy counts them as advanced
            # indices, which moves the advanced dims to the front when an int and an index
            # array are apart (x[0, :, [0, 1]] is (3, 2) in PyTorch, (2, 3) in NumPy).
            ints, parts = _split_ints(parts)
            source = GetItem.apply(x, key=ints)
        return Index.apply(source, key=parts)
    except RuntimeError:
        if _zero_step(key):
            raise ValueError(f"slice step cannot be zero (indexing a tensor of shape "
                             f"{list(x.shape)})") from None
        raise


def _split_ints(key: tuple) -> tuple[tuple, tuple]:
    """A normalized key as (its integers, with ``:`` for the dims of the other parts) and
    (the other parts), to apply one after the other."""
    ints, rest = [], []
    for k in key:
        if k.__class__ is int:
            ints.append(k)
            continue
        if k is _ELLIPSIS:
            ints.append(k)
        elif k.__class__ is slice:
            ints.append(slice(None))
        elif k is not None and k.__class__ is not bool:
            ints.extend([slice(None)] * (k.ndim if k.dtype.kind == "b" else 1))
        rest.append(k)
    return tuple(ints), tuple(rest)


# -- __setitem__ and writes at a key -------------------------------------------------------


class IndexPut(Function):
    """``x`` with ``value`` written (or added, with ``accumulate``) at ``key``: into a copy of
    ``x``, or into ``x``'s own memory with ``inplace`` (for ``x[key] = v`` and ``index_put_``,
    which record it through ``autograd.engine.inplace``)."""

    @staticmethod
    def forward(ctx, x, value, key, accumulate, inplace=False):
        y = x if inplace else x.copy()
        if accumulate:
            ctx.xp.index_add(y, key, value)
        else:
            y[key] = value
        ctx.key = key
        ctx.accumulate = accumulate
        ctx.value_ndim = getattr(value, "ndim", 0)
        return y

    @staticmethod
    def backward(ctx, gy):
        # y = x with y[key] = v (or += v): dx = dy off the key (everywhere when accumulating),
        # dv = dy[key]
        xp = ctx.xp
        key = ctx.key
        gx = gv = None
        if ctx.needs_input_grad[0]:
            if ctx.accumulate:
                gx = gy
            else:
                keep = xp.ones(gy.shape, dtype=xp.bool_)
                keep[key] = False
                gx = gy * keep
        if ctx.needs_input_grad[1]:
            gv = gy[key]
            missing = ctx.value_ndim - gv.ndim
            if missing > 0:  # v had leading ones that assignment drops
                gv = xp.reshape(gv, (1,) * missing + tuple(gv.shape))
        return gx, gv


def _put(x: Tensor, key: tuple, value: Any, accumulate: bool = False,
         inplace: bool = False) -> Tensor:
    """x with ``value`` written (or added) at a normalized key: out of place, or into x's
    memory with ``inplace`` (only through ``autograd.engine.inplace.inplace``)."""
    if isinstance(value, TensorBase):
        if value._data.dtype != x._data.dtype:
            value = to(value, x.dtype)
    elif x.device.type != "cpu" and not isinstance(value, (int, float, bool)):
        value = x.device.backend.asarray(value)
    return IndexPut.apply(x, value, key=key, accumulate=accumulate, inplace=inplace)


def _put_into(x: Tensor, key: tuple, value: Any, accumulate: bool = False) -> Tensor:
    return _put(x, key, value, accumulate, True)


_put_into.__name__ = "index_put"


def _numpy_layout(x: Tensor, key: tuple, value: Any) -> Any:
    """``value``, laid out for PyTorch's reading of ``key`` (integers first, see getitem),
    moved to NumPy's, which puts the advanced dims first when an int stands apart from an
    index array."""
    ints, rest = _split_ints(key)
    view = x._data[ints]
    want = view[rest].shape
    got = x._data[key].shape
    if want == got:
        return value
    if not isinstance(value, TensorBase):
        from autograd.creation import as_tensor

        value = as_tensor(value, dtype=x.dtype, device=x.device)
    arrays = [k for k in rest if hasattr(k, "dtype")]
    nb = max(1 if k.dtype.kind == "b" else k.ndim for k in arrays)  # the broadcast index dims
    consumed = sum(k.ndim if k.dtype.kind == "b" else 1 for k in arrays) + sum(
        k.__class__ is slice for k in rest)
    # PyTorch puts the index dims where the first index array stands
    p = 0
    for k in rest:
        if hasattr(k, "dtype"):
            break
        p += view.ndim - consumed if k is _ELLIPSIS else 1
    from autograd.ops.shape.view import movedim

    return movedim(broadcast_to(value, want), tuple(range(p, p + nb)), tuple(range(nb)))


def setitem(x: Tensor, key: Any, value: Any) -> None:
    """``x[key] = value``: value (a number or a Tensor, broadcast and cast to x's dtype) is
    written into x's memory. When the write must be recorded, a basic key is
    ``x[key].copy_(value)`` (an in-place op on a view, as in PyTorch) and an advanced key is
    ``x.index_put_(key, value)``; either way only the indexed elements are written.

    As in PyTorch, a number must fit x's dtype (``fill_value``), anything else that is not a
    Tensor (a list, an array, None) is a TypeError, and an advanced key takes a Tensor of
    another dtype only as a one-element value under a single bool mask."""
    given = key
    try:
        c = key.__class__
        plain = c is int or c is slice
        basic = True
        tensor = isinstance(value, TensorBase)
        if not tensor:
            value = fill_value(value, x._data.dtype, "setitem")
        if plain:
            key = (key, _ELLIPSIS)
        else:
            if c is not tuple and isinstance(key, TensorBase):
                _refuse_byte_fill(key, value, tensor)
            key, basic = _key(x, key)
            if not basic and tensor:
                if value._data.dtype != x._data.dtype:
                    _refuse_dtype(x, key, value)
                if any(k.__class__ is int for k in key):
                    value = _numpy_layout(x, key, value)
        if tensor and value.device is not x.device:
            # a basic key copies the value over (copy_), as PyTorch; an advanced one takes a
            # value from another device only as a 0-d one
            if not basic and value._data.ndim:
                raise _mixed("setitem", x, value.device)
            value = to(value, x.device)
        if _gm.state.grad_enabled and (x.requires_grad or (tensor and value.requires_grad)):
            if basic:
                inplace(GetItem.apply(x, key=key), copy_from if tensor else fill_like, value)
            else:
                inplace(x, _put_into, key, value)
            return
        check_writable(x, "setitem")
        if tensor:
            value = value._data
        _write(x, key, value)
        x._vc[0] += 1
    except RuntimeError:
        if _zero_step(given):
            raise ValueError(f"slice step cannot be zero (indexing a tensor of shape "
                             f"{list(x.shape)})") from None
        raise


def _refuse_byte_fill(key: Tensor, value: Any, tensor: bool) -> None:
    """PyTorch writes one value under one mask as ``masked_fill_``, which refuses a uint8
    mask (the mask that reads as one elsewhere)."""
    if key._data.dtype == np.uint8 and (not tensor or value._data.size == 1):
        raise RuntimeError(f"setitem: masked_fill_ only supports boolean masks, but got mask "
                           f"with dtype uint8 (of shape {list(key.shape)})")


def _refuse_dtype(x: Tensor, key: tuple, value: Tensor) -> None:
    """A value of another dtype at an advanced key: PyTorch writes a one-element value under
    a single bool mask as ``masked_fill``, which casts it; every other advanced write is an
    ``index_put_``, which refuses it."""
    arrays = [k for k in key if hasattr(k, "dtype")]
    if len(arrays) == 1 and arrays[0].dtype.kind == "b" and value._data.size == 1:
        return
    raise RuntimeError(f"setitem: Index put requires the source and destination dtypes match, "
                       f"got {x.dtype} for the destination and {value.dtype} for the source "
                       f"(tensor of shape {list(x.shape)}, value of shape {list(value.shape)})")


def _write(x: Tensor, key: Any, value: Any) -> None:
    # NumPy refuses a value that does not broadcast with ValueError; PyTorch (and the
    # recorded path, IndexPut) raise RuntimeError naming the shapes
    try:
        x._data[key] = value
    except ValueError as e:
        raise RuntimeError(f"setitem: {e} (tensor of shape {list(x.shape)}, value of shape "
                           f"{list(np.shape(value))})") from None


def index_put(input: Tensor, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
    """A copy of input with ``input[indices] = values`` (or ``+=`` with ``accumulate``)."""
    same_dtype_as("index_put", input, values, "values")
    key = _key(input, tuple(indices) if isinstance(indices, list) else indices)[0]
    return _put(input, key, values, accumulate)


def index_put_(input: Tensor, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
    """``input[indices] = values`` (``+=`` with ``accumulate``), written into input's memory."""
    same_dtype_as("index_put_", input, values, "values")
    key = _key(input, tuple(indices) if isinstance(indices, list) else indices)[0]
    return inplace(input, _put_into, key, values, accumulate)


@register("index_add")
def _xp_index_add(target: Tensor, index: Any, values: Any) -> None:
    """The backend's unbuffered ``target[index] += values``, recorded when values need grad."""
    key = _key(target, index)[0]
    if isinstance(values, TensorBase) and values.requires_grad and _gm.state.grad_enabled:
        inplace(target, _put_into, key, values, True)
        return
    if isinstance(values, TensorBase):
        values = values._data
    target.device.backend.index_add(target._data, key, values)
    target._vc[0] += 1


# -- masks ----------------------------------------------------------------------------------


def _mask(op: str, x: Tensor, mask: Any) -> Tensor:
    if not isinstance(mask, TensorBase):
        from autograd.creation import as_tensor

        mask = as_tensor(mask, device=x.device)
    if mask._data.dtype.kind != "b":
        raise RuntimeError(f"{op} only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype}")
    return mask


class MaskedFill(Function):
    @staticmethod
    def forward(ctx, x, mask, value):
        ctx.save_for_backward(mask)
        if value.__class__ in (int, float, bool):
            value = x.dtype.type(value)
        return ctx.xp.where(mask, value, x)

    @staticmethod
    def backward(ctx, gy):
        # y = where(mask, v, x): dx = dy off the mask, dv = sum of dy on the mask
        (mask,) = ctx.saved_tensors
        xp = ctx.xp
        gx = xp.where(mask, 0, gy) if ctx.needs_input_grad[0] else None
        gv = xp.where(mask, gy, 0) if ctx.needs_input_grad[2] else None
        return gx, None, gv


def masked_fill(input: Tensor, mask: Tensor, value: Any) -> Tensor:
    """input with ``value`` (a scalar or a 0-d Tensor) where the bool mask (broadcast) holds."""
    mask = _mask("masked_fill", input, mask)
    if isinstance(value, TensorBase):
        if value.ndim != 0:
            raise RuntimeError("masked_fill only supports a 0-dimensional value tensor, but "
                               f"got tensor with {value.ndim} dimension(s)")
        if value.device is not input.device:
            value = to(value, input.device)
        if value.dtype != input.dtype:
            value = to(value, input.dtype)
    else:
        value = fill_value(value, input._data.dtype, "masked_fill")
    return MaskedFill.apply(input, mask, value)


def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    """A 1-D tensor of the elements of input (broadcast with mask) where the mask holds."""
    mask = _mask("masked_select", input, mask)
    if mask.device is not input.device:
        raise _mixed("masked_select", input, mask.device)
    try:
        shape = np.broadcast_shapes(input.shape, mask.shape)
    except ValueError:
        raise RuntimeError(f"masked_select: the mask of shape {list(mask.shape)} cannot be "
                           f"broadcast with the input of shape {list(input.shape)}") from None
    if input.shape != shape:
        input = broadcast_to(input, shape)
    m = mask._data
    if m.shape != shape:
        m = input.device.backend.broadcast_to(m, shape)
    return Index.apply(input, key=(m,))


def nonzero(input: Tensor, *, as_tuple: bool = False) -> Any:
    """Indices of the non-zero elements: an int64 (n, ndim) tensor, or a tuple of 1-D ones."""
    if not isinstance(input, TensorBase):
        if input is None or isinstance(input, (str, bytes)):
            raise TypeError(f"nonzero(): argument 'input' (position 1) must be Tensor, not "
                            f"{type(input).__name__}")
        from autograd.creation import as_tensor

        input = as_tensor(input)  # a number or nested numbers, as the other functions take
    xp = input.device.backend
    x = input._data
    if as_tuple:
        return tuple(make(i.astype(np.int64, copy=False), input.device, False, None, 0)
                     for i in xp.nonzero(x.reshape(1) if x.ndim == 0 else x))
    return make(xp.argwhere(x).astype(np.int64, copy=False), input.device, False, None, 0)


def argwhere(input: Tensor) -> Tensor:
    """``nonzero(input)``: the (n, ndim) int64 indices of the non-zero elements."""
    return nonzero(input)


@_gm.replayable  # made from the values, off the tape: an ag.compile replay makes it again
def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """int64 one-hot encoding: shape ``(*tensor.shape, num_classes)``; no gradient."""
    if num_classes.__class__ is not int:
        num_classes = as_int(num_classes, "one_hot", "num_classes")
    if tensor._data.dtype != _dt.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor "
                           f"(got {tensor.dtype})")
    x = tensor._data
    xp = tensor.device.backend
    if x.size == 0 and num_classes == -1:
        raise RuntimeError("one_hot: Can not infer total number of classes from empty tensor.")
    with xp.scope():
        if num_classes == -1:  # the output's shape depends on the data: the host must wait
            lo, hi = int(x.min()), int(x.max())
            if lo < 0:
                raise RuntimeError(f"one_hot: Class values must be non-negative (got {lo}).")
            num_classes = hi + 1
        elif x.size:
            n = num_classes

            def detail() -> str | None:
                lo, hi = int(x.min()), int(x.max())
                if lo < 0:
                    return f"one_hot: Class values must be non-negative (got {lo})."
                return (f"one_hot: Class values must be smaller than num_classes (got {hi} "
                        f"with num_classes={n}).") if hi >= n else None

            xp.check_later(((x < 0) | (x >= n)).any(), RuntimeError,
                           f"one_hot: Class values must be in [0, num_classes={n})", detail)
        out = (x[..., None] == xp.arange(num_classes)).astype(np.int64)
    return make(out, tensor.device)

