"""Elementwise selection: clamp, maximum, minimum, where, lerp. Ties and kinks follow PyTorch
(maximum and minimum split a tie's gradient in half). Exported from ``elementwise``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import check_float, check_scalar
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase, make
from autograd.ops.elementwise.arith import _as_operand, _binary_operands
from autograd.ops.elementwise.convert import to

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["clamp", "clip", "clamp_min", "clamp_max", "maximum", "minimum", "fmax", "fmin",
           "where", "lerp"]


class Clamp(Function):
    @staticmethod
    def forward(ctx, x, low, high):
        xp = ctx.xp
        y = x
        if low is not None:
            y = xp.maximum(y, low)
        if high is not None:
            y = xp.minimum(y, high)
        ctx.save_for_backward(x, low, high)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d clamp(x, lo, hi) = [lo <= x <= hi] dx; the bound that is active gets the rest
        x, low, high = ctx.saved_tensors
        inside = True
        glow = ghigh = None
        if low is not None:
            inside = x >= low
            if ctx.needs_input_grad[1]:
                glow = gy * (x < low)
        if high is not None:
            below = x <= high
            inside = below if inside is True else inside & below
            if ctx.needs_input_grad[2]:
                ghigh = gy * (x > high)
        gx = gy * inside if inside is not True else gy
        return gx, glow, ghigh


class Maximum(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return ctx.xp.maximum(x, y)

    @staticmethod
    def backward(ctx, gy):
        # the larger input gets the gradient, ties split it in half, and where either is NaN
        # both get all of it (as PyTorch)
        x, y = ctx.saved_tensors
        tie = (x == y) * 0.5
        return gy * (1 - ((x < y) + tie)), gy * (1 - ((x > y) + tie))


class Minimum(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return ctx.xp.minimum(x, y)

    @staticmethod
    def backward(ctx, gy):
        # the smaller input gets the gradient, ties split it in half, and where either is NaN
        # both get all of it (as PyTorch)
        x, y = ctx.saved_tensors
        tie = (x == y) * 0.5
        return gy * (1 - ((x > y) + tie)), gy * (1 - ((x < y) + tie))


class Fmax(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return ctx.xp.fmax(x, y)

    @staticmethod
    def backward(ctx, gy):
        # the chosen input gets the gradient: input where input >= other or other is NaN (so a
        # tie goes wholly to input, as PyTorch)
        xp = ctx.xp
        x, y = ctx.saved_tensors
        first = (x >= y) | xp.isnan(y)
        return xp.where(first, gy, 0), xp.where(first, 0, gy)


class Fmin(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return ctx.xp.fmin(x, y)

    @staticmethod
    def backward(ctx, gy):
        # as fmax: input gets it where input <= other or other is NaN
        xp = ctx.xp
        x, y = ctx.saved_tensors
        first = (x <= y) | xp.isnan(y)
        return xp.where(first, gy, 0), xp.where(first, 0, gy)


class Where(Function):
    @staticmethod
    def forward(ctx, cond, x, y):
        ctx.save_for_backward(cond)
        return ctx.xp.where(cond, x, y)

    @staticmethod
    def backward(ctx, gy):
        # each branch gets the gradient where it was chosen
        (cond,) = ctx.saved_tensors
        xp = ctx.xp
        return (None, xp.where(cond, gy, 0) if ctx.needs_input_grad[1] else None,
                xp.where(cond, 0, gy) if ctx.needs_input_grad[2] else None)


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """Limit every element to [min, max]; min and max may be scalars or Tensors."""
    if min is None and max is None:
        raise RuntimeError("clamp: at least one of 'min' or 'max' must not be None")
    if min.__class__ not in _NUMBERS or max.__class__ not in _NUMBERS:
        check_scalar(min, "clamp", "min")
        check_scalar(max, "clamp", "max")
    kind = input._data.dtype.kind
    if kind not in "fV" or isinstance(min, TensorBase) or isinstance(max, TensorBase):
        # PyTorch promotes input and bounds together (a bool result has a kernel only for one
        # tensor bound: clamp_min / clamp_max)
        dtype = _dt.result_type(input, *(v for v in (min, max) if v is not None))
        one_tensor_bound = (min is None or max is None) and isinstance(
            max if min is None else min, TensorBase)
        if dtype.kind == "b" and not one_tensor_bound:
            check_float("clamp", input, "fiuV")
        input = input if input.dtype == dtype else to(input, dtype)
        min = to(min, dtype) if isinstance(min, TensorBase) and min.dtype != dtype else min
        max = to(max, dtype) if isinstance(max, TensorBase) and max.dtype != dtype else max
        if dtype.kind in "iu":  # negative ints wrap into unsigned dtypes
            min, max = (_dt.scalar_for(v, dtype) if v.__class__ is int else v
                        for v in (min, max))
    # PyTorch's overflow check of number bounds (inline: clamp is on many losses' paths)
    if not ((min.__class__ not in _NUMBERS or min is None or -128 <= min <= 127)
            and (max.__class__ not in _NUMBERS or max is None or -128 <= max <= 127)):
        dtype = input._data.dtype
        min, max = (_dt.scalar_for(v, dtype) if v.__class__ in _NUMBERS else v
                    for v in (min, max))
    return Clamp.apply(input, min, max)


clip = clamp
_NUMBERS = (int, float, type(None))


def _fits_any(value: Any) -> bool:
    """True for a Tensor, None, or a number every dtype holds (so that the common bounds skip
    the overflow check): from -128 to 127."""
    return value.__class__ not in _NUMBERS or value is None or -128 <= value <= 127


def maximum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise maximum of two tensors (ties share the gradient)."""
    a, b = _binary_operands(input, other)
    return Maximum.apply(a, b)


def minimum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise minimum of two tensors (ties share the gradient)."""
    a, b = _binary_operands(input, other)
    return Minimum.apply(a, b)


def clamp_min(input: Tensor, min: Any) -> Tensor:
    """``clamp(input, min=min)``: every element at least ``min`` (a scalar or a Tensor)."""
    return clamp(input, min, None)


def clamp_max(input: Tensor, max: Any) -> Tensor:
    """``clamp(input, max=max)``: every element at most ``max`` (a scalar or a Tensor)."""
    return clamp(input, None, max)


def _fminmax(cls: type, op: str, input: Tensor, other: Tensor) -> Tensor:
    if not isinstance(other, TensorBase):
        raise TypeError(f"{op}(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__}")
    a, b = _binary_operands(input, other)
    return cls.apply(a, b)


def fmax(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise maximum that ignores NaN (NaN only where both are NaN), unlike
    ``maximum``; a tie's gradient goes to input."""
    return _fminmax(Fmax, "fmax", input, other)


def fmin(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise minimum that ignores NaN (NaN only where both are NaN), unlike
    ``minimum``; a tie's gradient goes to input."""
    return _fminmax(Fmin, "fmin", input, other)


def where(condition: Any, input: Any = None, other: Any = None) -> Any:
    """Elements of input where condition holds, else of other (broadcast)."""
    if input is None and other is None:
        from autograd.ops.indexing.index import nonzero

        return nonzero(condition, as_tuple=True)
    if not isinstance(condition, TensorBase):
        like = input if isinstance(input, TensorBase) else other
        condition = _as_operand(condition, like)
    if condition._data.dtype.kind != "b":
        raise RuntimeError(f"where: expected condition to be a bool tensor, got {condition.dtype}")
    if not isinstance(input, TensorBase) and not isinstance(other, TensorBase):
        # Two Python scalars: a 0-d tensor of their result dtype carries the device.
        device = condition.device
        input = make(device.backend.asarray(input, dtype=_dt.result_type(input, other)),
                      device, False, None, 0)
    if not (_fits_any(input) and _fits_any(other)):  # a scalar converted with PyTorch's check
        dtype = _dt.result_type(input, other)
        input, other = (_dt.scalar_for(v, dtype, half_unchecked=True)
                        if v.__class__ in _NUMBERS else v for v in (input, other))
    a, b = _binary_operands(input, other)
    return Where.apply(condition, a, b)


class Lerp(Function):
    @staticmethod
    def forward(ctx, x, end, w):
        # PyTorch's formula: from the nearer end, so lerp(a, b, 1) is b exactly; float16 and
        # bfloat16 computed in float32
        xp = ctx.xp
        edges = ctx.edges
        if edges is not None:  # x and end are read only for the weight's gradient
            dw = edges[2] is not None
            ctx.save_for_backward(x if dw else None, end if dw else None, w)
        dtype = x.dtype
        if dtype.itemsize < 4:  # float16 (bfloat16 comes lifted)
            x, end = x.astype(xp.float32), xp.asarray(end, dtype=xp.float32)
            w = w.astype(xp.float32) if hasattr(w, "dtype") else w
        diff = end - x
        if hasattr(w, "dtype"):
            y = xp.where(xp.abs(w) < 0.5, x + w * diff, end - diff * (1 - w))
        else:
            y = x + w * diff if abs(w) < 0.5 else end - diff * (1 - w)
        return xp.asarray(y, dtype=dtype)

    @staticmethod
    def backward(ctx, gy):
        # d lerp = (1 - w) dx + w dend + (end - x) dw
        x, end, w = ctx.saved_tensors
        needs = ctx.needs_input_grad
        return (gy * (1 - w) if needs[0] else None, gy * w if needs[1] else None,
                gy * (end - x) if needs[2] else None)


def lerp(input: Tensor, end: Tensor, weight: Any) -> Tensor:
    """input + weight * (end - input), computed from the nearer end as PyTorch does. ``end``
    has input's dtype; a tensor ``weight`` too, unless it is 0-d (then the three are
    promoted together)."""
    dtype = input._data.dtype
    if isinstance(end, TensorBase):
        if end._data.dtype is not dtype:
            raise RuntimeError(f"lerp: expected dtype {dtype} for `end` but got dtype "
                               f"{end.dtype}")
    else:
        end = make(input.device.backend.asarray(end, dtype=dtype), input.device, False, None, 0)
    if isinstance(weight, TensorBase):
        if weight._data.dtype is not dtype:
            if weight.ndim:
                raise RuntimeError(f"lerp: expected dtype {dtype} for `weight` but got dtype "
                                   f"{weight.dtype} (weight of shape {list(weight.shape)})")
            dtype = _dt.result_type(input, end, weight)
            input, end, weight = (v if v.dtype == dtype else to(v, dtype)
                                  for v in (input, end, weight))
        check_float("lerp_kernel_tensor", input)
    else:
        check_scalar(weight, "lerp", "weight")
        check_float("lerp_kernel_scalar", input)
    return Lerp.apply(input, end, weight)
