"""Elementwise dtype casts, device moves and copies: ``to``, ``clone``, and the ``Fill`` that
in-place fills and ``copy_`` compute before writing back. Exported from ``elementwise``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import backends
from autograd import dtypes as _dt
from autograd import layouts as _layouts
from autograd.checks import fill_value
from autograd.creation import as_tensor
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["to", "clone", "pin_memory", "is_pinned"]


class Cast(Function):
    bfloat16_native = True

    @staticmethod
    def forward(ctx, x, dtype):
        if x.dtype.kind == "V" and dtype.kind in "iu" or (
                dtype.kind == "V" and x.dtype.itemsize == 8):
            # through float32, as PyTorch converts: bfloat16's own cast sends negatives, NaN
            # and values out of range to 0 where float32's wraps as PyTorch does; and
            # PyTorch rounds a float64 (or int64) to bfloat16 through float32 (twice: a value
            # just above a tie goes to the tie's even neighbour)
            return x.astype(ctx.xp.float32).astype(dtype)
        return x.astype(dtype)

    @staticmethod
    def backward(ctx, gy):
        # identity; the engine casts the gradient back to the input's dtype
        return gy, None


class ToDevice(Function):
    """A copy to another device; ``to()`` sets the output's device."""

    bfloat16_native = True

    @staticmethod
    def forward(ctx, x, device, non_blocking=False):
        ctx.target = device
        out = device.backend.from_numpy(ctx.xp.to_numpy(x), non_blocking=non_blocking)
        if not x.flags.c_contiguous:  # preserve_format, as PyTorch: a channels_last tensor
            strides = _layouts.target_strides(x, _dt.preserve_format)  # stays channels_last
            if strides is not None and _layouts.element_strides(out) != strides:
                out = _layouts.copy_into(device.backend, out, strides)
        return out

    @staticmethod
    def backward(ctx, gy):
        # identity, moved back to the input's device
        xp = ctx.xp
        if xp.differentiable:
            return to(gy, xp.device), None, None
        return xp.from_numpy(ctx.target.backend.to_numpy(gy)), None, None


class Clone(Function):
    """A copy; with ``strides`` (in elements) laid out with them (``memory_format``)."""

    bfloat16_native = True

    @staticmethod
    def forward(ctx, x, strides=None):
        if strides is None:
            return x.copy()
        # the gradient comes back in x's own layout, as PyTorch's layout contract gives a leaf
        ctx.back = _layouts.target_strides(x, _dt.preserve_format)
        return _layouts.copy_into(ctx.xp, x, strides)

    @staticmethod
    def backward(ctx, gy):
        # identity
        back = getattr(ctx, "back", False)
        if back is False or ctx.xp.differentiable:
            return gy
        if back is None:
            return ctx.xp.ascontiguousarray(gy)
        return gy if _layouts.element_strides(gy) == back else _layouts.copy_into(ctx.xp, gy,
                                                                                   back)


def to(input: Tensor, *args: Any, dtype: Any = None, device: Any = None, copy: bool = False,
       non_blocking: bool = False, memory_format: Any = None) -> Tensor:
    """``to(dtype)``, ``to(device)``, ``to(device, dtype)``, ``to(other)``: a new tensor only
    when something changes (or ``copy=True``); the move and the cast are differentiable.
    ``memory_format`` lays the result out in that format (``preserve_format``: input's)."""
    given_device = given_dtype = False  # positionally: PyTorch takes one of each
    for arg in args:
        if isinstance(arg, TensorBase):
            device, dtype = arg.device, arg.dtype
        elif isinstance(arg, (str, backends.Device, int)) and not (
                isinstance(arg, str) and arg.removeprefix("torch.") in _dt._BY_NAME) and (
                arg.__class__ is not bool):
            if given_device or given_dtype:
                raise TypeError(f"to() received an invalid combination of arguments: a device "
                                f"({arg!r}) after a device or a dtype")
            device = f"cuda:{arg}" if isinstance(arg, int) else arg  # an int: a GPU's index
            given_device = True
        elif arg is not None:
            if given_dtype:
                raise TypeError(f"to() received an invalid combination of arguments: two dtypes "
                                f"({dtype}, {arg})")
            dtype = arg
            given_dtype = True
    out = input
    if device is not None:
        dev = backends.device(device)
        if dev is not out.device:
            _ = dev.backend  # the clear error when the device cannot be used
            out = ToDevice.apply(out, device=dev, non_blocking=non_blocking)
            out.device = dev
    if dtype is not None:
        dt = _dt.as_dtype(dtype)
        if dt != out._data.dtype:
            out = Cast.apply(out, dtype=dt)
    if memory_format is not None:
        return _to_format(input, out, memory_format, copy)
    if copy and out is input:
        out = Clone.apply(input)
    return out


def _to_format(input: Tensor, out: Tensor, memory_format: Any, copy: bool) -> Tensor:
    """``out`` (input, moved and cast) laid out in ``memory_format``; input itself when
    nothing changes and its strides suggest that format, as PyTorch aliases."""
    fmt = _layouts.check_format("to", memory_format)
    data = input._data
    if out is input and not copy and (fmt is _dt.preserve_format or _layouts.suggest_format(
            data.shape, _layouts.element_strides(data)) is fmt):
        return input
    strides = _layouts.target_strides(data, fmt)
    if strides is None:
        strides = _layouts.format_strides(data.shape, _dt.contiguous_format)
    if out is input or _layouts.element_strides(out._data) != strides:
        out = Clone.apply(out, strides=strides)
    return out


class PinMemory(Function):
    """A copy of a host array in page-locked memory (which only a GPU backend can give)."""

    bfloat16_native = True

    @staticmethod
    def forward(ctx, x):
        return backends.get("cuda").pin(x)

    @staticmethod
    def backward(ctx, gy):
        # identity
        return gy


def pin_memory(input: Tensor) -> Tensor:
    """A copy of CPU tensor ``input`` in pinned (page-locked) host memory, from which
    ``to("cuda", non_blocking=True)`` copies without making the host wait; ``input`` itself
    when already pinned. Needs a GPU, as in PyTorch."""
    if input.device.type != "cpu":
        raise RuntimeError(f"cannot pin '{input.device}' memory: only dense CPU tensors can "
                           "be pinned")
    if is_pinned(input):
        return input
    return PinMemory.apply(input)


def is_pinned(input: Tensor) -> bool:
    """True when ``input`` is a CPU tensor in pinned host memory."""
    if input.device.type != "cpu" or not backends.cuda.is_available():
        return False
    return backends.get("cuda").is_pinned(input._data)


def clone(input: Tensor, *, memory_format: Any = _dt.preserve_format) -> Tensor:
    """A copy of input in new memory; gradients flow back to input. ``memory_format``: the
    copy's layout; ``preserve_format`` keeps input's strides when it is dense and
    non-overlapping (else the format they suggest), as PyTorch."""
    if memory_format is _dt.preserve_format and input._data.flags.c_contiguous:
        return Clone.apply(input)
    strides = _layouts.target_strides(input._data, _layouts.check_format("clone", memory_format))
    return Clone.apply(input) if strides is None else Clone.apply(input, strides=strides)


class Fill(Function):
    """``value`` broadcast into a new array shaped like ``x``: what in-place fills and copies
    compute before ``_inplace`` writes it back. The old values get no gradient."""

    bfloat16_native = True

    @staticmethod
    def forward(ctx, x, value):
        out = ctx.xp.empty_like(x)
        out[...] = value
        return out

    @staticmethod
    def backward(ctx, gy):
        # the old values are overwritten (zero gradient); the value gets gy, summed by the
        # engine to its shape
        return None, gy


def fill_like(input: Tensor, value: Any) -> Tensor:
    """input's shape, dtype and device, filled with value (a scalar or a broadcast Tensor);
    a Tensor value gets the gradient, input none."""
    if isinstance(value, TensorBase):
        value = to(value, input.device, input.dtype)
    else:
        value = fill_value(value, input._data.dtype, "fill_")
    return Fill.apply(input, value)


def fill(input: Tensor, value: Any) -> Tensor:
    """A new tensor of input's shape, dtype and device filled with ``value`` (a number, which
    must fit the dtype, or a 0-d tensor, which gets the gradient)."""
    if isinstance(value, TensorBase) and value.ndim:
        raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                           f"with {value.ndim} dimensions (shape {list(value.shape)}).")
    return fill_like(input, value)  # which checks that a number fits the dtype


fill_like.__name__ = "fill"  # what an in-place error calls it: fill_


def copy_from(input: Tensor, src: Any) -> Tensor:
    """``src`` broadcast to input's shape, cast to its dtype and moved to its device."""
    if isinstance(src, TensorBase):
        src = to(src, input.device, input.dtype)
    else:
        src = as_tensor(src, dtype=input.dtype, device=input.device)
    if src._data.shape != input._data.shape:
        _check_expands("copy_", src._data.shape, input._data.shape)
    return Fill.apply(input, src)


copy_from.__name__ = "copy"  # what an in-place error calls it: copy_


def _check_expands(op: str, shape: tuple, target: tuple) -> None:
    """PyTorch's error when ``shape`` does not broadcast to ``target`` (extra leading ones
    are allowed: ``x[0] = v`` takes a ``v`` of shape (1, n) for a row of n)."""
    lead = len(target) - len(shape)
    if lead < 0 and all(n == 1 for n in shape[:-lead]):
        shape, lead = shape[-lead:], 0
    for k, n in enumerate(shape):
        if lead < 0 or (n != 1 and n != target[lead + k]):
            dim = max(lead + k, 0)
            size = target[dim] if dim < len(target) else None
            raise RuntimeError(
                f"{op}: the expanded size of the tensor ({size}) must match the existing size "
                f"({n}) at non-singleton dimension {dim}.  Target sizes: {list(target)}.  "
                f"Tensor sizes: {list(shape)}")


# -- a name the differentiable namespace needs that differs from the public API -----------


@register("astype")
def _xp_astype(a: Tensor, dtype: Any) -> Tensor:
    return to(a, dtype)


def contiguous_as(input: Tensor, memory_format: Any) -> Tensor:
    """``contiguous(memory_format=...)`` off the row-major path: input itself when already
    contiguous in that format, else a copy in it (whose gradient is the identity)."""
    fmt = _layouts.check_format("contiguous", memory_format)
    data = input._data
    shape = data.shape
    if fmt is _dt.preserve_format:
        if data.flags.c_contiguous:
            return input
        raise RuntimeError("preserve memory format is unsupported by the contiguous operator")
    strides = _layouts.format_strides(shape, fmt)  # checks the rank first, as PyTorch
    if _layouts.is_contiguous_as(shape, _layouts.element_strides(data), fmt):
        return input
    return Clone.apply(input, strides=strides)


def is_contiguous(input: Tensor, memory_format: Any) -> bool:
    """``is_contiguous(memory_format=...)``: whether input's strides are those of the format
    (``preserve_format`` asks about row-major, as PyTorch)."""
    fmt = _layouts.check_format("is_contiguous", memory_format)
    data = input._data
    return _layouts.is_contiguous_as(data.shape, _layouts.element_strides(data), fmt)
