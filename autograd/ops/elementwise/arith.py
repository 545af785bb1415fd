"""Elementwise arithmetic and the operand promotion every binary op shares.

Binary ops take Tensors, Python scalars or (on cpu) NumPy arrays, broadcast like NumPy and
promote dtypes like PyTorch (a float32 tensor times a Python float stays float32, int32 +
float32 is float32). Gradients come back in the broadcast shape; the engine sums them down.
Exported from ``elementwise``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

import backends
from autograd import dtypes as _dt
from autograd.engine import tensor_base as _tb
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase, make
from autograd.ops.autocast import autocasting, float32
from autograd.ops.elementwise.convert import to
from autograd.ops.elementwise.unary import trunc

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = [
    "add",
    "sub",
    "mul",
    "div",
    "true_divide",
    "divide",
    "multiply",
    "subtract",
    "floor_divide",
    "remainder",
    "pow",
    "neg",
    "negative",
    "reciprocal",
    "square",
]

_SCALARS = (int, float, bool)
_promote = _dt.promote_types


def _as_operand(value: Any, like: Tensor) -> Any:
    """A Python scalar stays as is; anything else becomes a Tensor (NumPy arrays on cpu, a
    GPU's arrays on that GPU, as backward formulas combine them with Tensors under
    create_graph)."""
    if isinstance(value, TensorBase) or value.__class__ in _SCALARS:
        return value
    if isinstance(value, (np.ndarray, np.generic)):
        if value.ndim == 0:
            return value.item()
        return make(value, backends.CPU)
    if isinstance(value, (list, tuple)):
        # PyTorch's operators and functions take Tensors and numbers only
        raise TypeError(f"unsupported operand type for a Tensor op: {type(value).__name__} "
                        f"(of length {len(value)}); make it a tensor first")
    if hasattr(value, "__cuda_array_interface__"):
        device = like.device if isinstance(like, TensorBase) else None
        if device is not None and device.type == "cuda" and isinstance(
                value, device.backend.ndarray):
            if value.device.id != device.index:
                raise RuntimeError(
                    f"expected all tensors to be on the same device, but found at least two "
                    f"devices, {device} and cuda:{value.device.id} (an array of shape "
                    f"{list(value.shape)})")
            return make(value, device)
        raise TypeError(
            f"cannot combine a Tensor with a raw {type(value).__name__}; wrap it with "
            "autograd.as_tensor first"
        )
    raise TypeError(f"unsupported operand type for a Tensor op: {type(value).__name__}")


_INT_RANGES: dict = {}


def _wrap_int(value: int, dtype: Any) -> int:
    """A Python int combined with an integer tensor wraps into the tensor's dtype, as PyTorch
    casts it (``uint8_tensor - 10`` subtracts 246 modulo 256; NumPy would refuse it)."""
    rng = _INT_RANGES.get(dtype)
    if rng is None:
        info = np.iinfo(dtype)
        rng = _INT_RANGES[dtype] = (int(info.min), int(info.max), 1 << info.bits)
    lo, hi, span = rng
    if lo <= value <= hi:
        return value
    return (value - lo) % span + lo


def _binary_operands(a: Any, b: Any) -> tuple[Any, Any]:
    """Bring two operands to PyTorch's result dtype (casts are recorded, so grads flow)."""
    # The common cases first, decided by class and dtype identity alone.
    tensor = _tb.Tensor
    if a.__class__ is tensor:
        cb = b.__class__
        if cb is tensor:
            if a._data.dtype is b._data.dtype:
                return a, b
        elif cb is float:
            if a._data.dtype.kind in "fV":
                return a, b
        elif cb is int:
            kind = a._data.dtype.kind
            if kind in "fV":
                return a, b
            if kind in "iu":
                return a, _wrap_int(b, a._data.dtype)
    if a.__class__ is not tensor and not isinstance(a, TensorBase):
        a = _as_operand(a, b)
    if b.__class__ is not tensor and not isinstance(b, TensorBase):
        b = _as_operand(b, a)
    if isinstance(a, TensorBase):
        if isinstance(b, TensorBase):
            if a._data.dtype is b._data.dtype:
                return a, b
            target = _dt.result_type(a, b)
            return (a if a.dtype == target else to(a, target),
                    b if b.dtype == target else to(b, target))
        kind = a._data.dtype.kind
        if kind in "iu" and b.__class__ is int:
            return a, _wrap_int(b, a._data.dtype)
        if kind in "fV" or (kind in "iu" and b.__class__ is not float) or (
                kind == "b" and b.__class__ is bool):
            return a, b
        return to(a, _dt.result_type(a, b)), b
    kind = b._data.dtype.kind
    if kind in "iu" and a.__class__ is int:
        return _wrap_int(a, b._data.dtype), b
    if kind in "fV" or (kind in "iu" and a.__class__ is not float) or (
            kind == "b" and a.__class__ is bool):
        return a, b
    return a, to(b, _dt.result_type(a, b))


def _number_operands(input: Any, other: Any, error: AttributeError) -> tuple[Any, Any]:
    """``add``, ``sub``, ``mul``, ``div`` and ``floor_divide`` of two Python numbers: the first
    as a 0-d tensor of its own dtype (PyTorch's ``torch.add(1.5, 2.5)`` is ``tensor(4.)``).
    Called where promotion failed on a non-Tensor with ``error``, raised again for anything
    else than two numbers (the public wrapper makes it PyTorch's TypeError)."""
    if input.__class__ not in _SCALARS or other.__class__ not in _SCALARS:
        raise error
    return make(np.asarray(input, dtype=_dt.result_type(input)), backends.CPU), other


def float_operands(input: Any, other: Any) -> tuple[Any, Any]:
    """The operands of an op computed in floating point (true division, the transcendental
    binary ops): promoted as every binary op's, integer and bool results lifted to the default
    float dtype. An integer tensor meeting a Python int is lifted first, so that the int keeps
    its value (``uint8_tensor / -2`` divides by -2, not by the wrapped 254)."""
    if other.__class__ is int and isinstance(input, TensorBase) and (
            input._data.dtype.kind in "biu"):
        input = to(input, _dt.get_default_dtype())
    elif input.__class__ is int and isinstance(other, TensorBase) and (
            other._data.dtype.kind in "biu"):
        other = to(other, _dt.get_default_dtype())
    a, b = _binary_operands(input, other)
    return _to_float(a), _to_float(b)


def _to_float(x: Any) -> Any:
    """Integer and bool tensors become the default float dtype (for true division etc.)."""
    if isinstance(x, TensorBase) and x._data.dtype.kind in "biu":
        return to(x, _dt.get_default_dtype())
    return x


# -- arithmetic ---------------------------------------------------------------------------


class Add(Function):
    @staticmethod
    def forward(ctx, x, y):
        return x + y

    @staticmethod
    def backward(ctx, gy):
        # d(x + y) = dx + dy
        return gy, gy


class Sub(Function):
    @staticmethod
    def forward(ctx, x, y):
        return x - y

    @staticmethod
    def backward(ctx, gy):
        # d(x - y) = dx - dy
        return gy, -gy


class Mul(Function):
    @staticmethod
    def forward(ctx, x, y):
        # each operand is read only for the other's gradient: saved only when that one is
        # wanted (as PyTorch does, so writing into the other operand later is fine)
        edges = ctx.edges
        if edges is not None:
            ctx.save_for_backward(x if edges[1] is not None else None,
                                  y if edges[0] is not None else None)
        return x * y

    @staticmethod
    def backward(ctx, gy):
        # d(x y) = y dx + x dy
        x, y = ctx.saved_tensors
        needs = ctx.needs_input_grad
        return (gy * y if needs[0] else None,
                gy * x if needs[1] else None)


class Div(Function):
    @staticmethod
    def forward(ctx, x, y):
        # x is read only for y's gradient: saved only when that one is wanted
        edges = ctx.edges
        if edges is not None:
            ctx.save_for_backward(x if edges[1] is not None else None, y)
        return x / y

    @staticmethod
    def backward(ctx, gy):
        # d(x / y) = dx / y - x dy / y^2
        x, y = ctx.saved_tensors
        gx = gy / y
        return gx, (-gx * x / y if ctx.needs_input_grad[1] else None)


class Neg(Function):
    @staticmethod
    def forward(ctx, x):
        return -x

    @staticmethod
    def backward(ctx, gy):
        # d(-x) = -dx
        return -gy


class Pow(Function):
    @staticmethod
    def forward(ctx, x, p):
        if p.__class__ not in _SCALARS and p.dtype.kind in "iu" and x.dtype.kind in "iu":
            y = _int_pow(ctx.xp, x, p)
        else:
            y = x ** p
        ctx.save_for_backward(x, p, y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d(x^p) = p x^(p-1) dx + x^p log(x) dp   (0 where x = 0 and p >= 0)
        x, p, y = ctx.saved_tensors
        xp = ctx.xp
        gx = gp = None
        if ctx.needs_input_grad[0]:
            if p.__class__ in _SCALARS:
                gx = gy * p * x ** (p - 1) if p != 0 else gy * 0
            else:  # 0 where p = 0, also at x = 0 (PyTorch masks there, not 0 * inf)
                gx = gy * xp.where(p == 0, 0, p * x ** (p - 1))
        if ctx.needs_input_grad[1]:
            # at x = 0: 0 for p >= 0, and for p < 0 PyTorch's inf * log(0) = -inf (each where
            # keeps a tensor branch, so the result has its dtype under create_graph too)
            at_zero = x == 0
            gp = gy * xp.where(at_zero & (p < 0), -xp.inf, xp.where(
                at_zero, 0, y * xp.log(xp.where(at_zero, 1, x))))
        return gx, gp


def _int_pow(xp: Any, x: Any, p: Any) -> Any:
    """Integer ``x ** p`` for an integer array ``p``: where ``p < 0`` the integer part of
    ``1 / x ** -p`` (1 for x = 1, +-1 for x = -1, else 0), as PyTorch gives."""
    negative = p < 0
    if not xp.any(negative):
        return x ** p
    y = x ** xp.where(negative, 0, p)
    odd = (p % 2) != 0
    at_neg = xp.where(x == 1, 1, xp.where(x == -1, xp.where(odd, -1, 1), 0)).astype(y.dtype)
    return xp.where(negative, at_neg, y)


class FloorDivide(Function):
    @staticmethod
    def forward(ctx, x, y):
        return x // y

    @staticmethod
    def backward(ctx, gy):
        # floor division is piecewise constant: zero gradient almost everywhere
        # 0 even where gy is nan or inf, as PyTorch
        return ctx.xp.zeros_like(gy), ctx.xp.zeros_like(gy)


class Remainder(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        r = x % y
        if r.dtype.kind in "fV":
            # NumPy's rule and PyTorch's (fmod, moved by one divisor where the signs differ)
            # agree but for a zero: PyTorch's keeps the dividend's sign, NumPy's the divisor's
            xp = ctx.xp
            r = xp.where(r == 0, xp.copysign(r, x), r)
        return r

    @staticmethod
    def backward(ctx, gy):
        # x mod y = x - floor(x / y) y:  d/dx = 1, d/dy = -floor(x / y)
        x, y = ctx.saved_tensors
        gy_ = None
        if ctx.needs_input_grad[1]:
            gy_ = -gy * ctx.xp.floor(x / y)
        return gy, gy_


def _scaled(a: Any, b: Any, alpha: Any, op: str) -> Any:
    """alpha * b, after promotion (so alpha never changes the result dtype, as in PyTorch)."""
    kind = (a if isinstance(a, TensorBase) else b)._data.dtype.kind
    if alpha.__class__ is float and kind in "biu":
        raise RuntimeError(f"{op}: for integral input tensors, argument alpha must not be a "
                           f"floating point number (got alpha={alpha})")
    return mul(b, bool(alpha) if kind == "b" else alpha)


def add(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """input + alpha * other, broadcast."""
    try:
        a, b = _binary_operands(input, other)
    except AttributeError as exc:
        a, b = _binary_operands(*_number_operands(input, other, exc))
    if alpha != 1:
        b = _scaled(a, b, alpha, "add")
    return Add.apply(a, b)


def sub(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """input - alpha * other, broadcast."""
    # PyTorch refuses a bool operand on either side, even next to a float tensor (checked
    # inline: sub is on every optimizer's and loss's path).
    if (input.__class__ is bool or other.__class__ is bool
            or (isinstance(input, TensorBase) and input._data.dtype.kind == "b")
            or (isinstance(other, TensorBase) and other._data.dtype.kind == "b")):
        raise RuntimeError("sub: subtraction with a bool tensor or bool scalar is not "
                           "supported; to invert a mask use ~ or logical_not")
    try:
        a, b = _binary_operands(input, other)
    except AttributeError as exc:
        a, b = _binary_operands(*_number_operands(input, other, exc))
    if alpha != 1:
        b = _scaled(a, b, alpha, "sub")
    return Sub.apply(a, b)


def mul(input: Any, other: Any) -> Tensor:
    """input * other, broadcast."""
    try:
        a, b = _binary_operands(input, other)
    except AttributeError as exc:
        a, b = _binary_operands(*_number_operands(input, other, exc))
    return Mul.apply(a, b)


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """input / other (true division; integers give floats). ``rounding_mode``: None, 'trunc',
    'floor'."""
    if rounding_mode == "floor":
        return floor_divide(input, other)
    try:
        if rounding_mode is None:
            if other.__class__ is int or input.__class__ is int:
                a, b = float_operands(input, other)  # the int's value, not its wrap
                return Div.apply(a, b)
            # Promote first, then lift an integral result to the default float: float16 / int32
            # stays float16 (lifting each operand first would give float32).
            a, b = _binary_operands(input, other)
            return Div.apply(_to_float(a), _to_float(b))
        a, b = _binary_operands(input, other)
        if rounding_mode == "trunc":
            dtype = (a if isinstance(a, TensorBase) else b).dtype
            if dtype.kind in "biu":
                int_zero_division(a, b)
            if dtype.kind in "iu":
                # Integer inputs keep their dtype (exact through float64 below 2**53).
                f64 = _dt.float64
                a, b = (to(v, f64) if isinstance(v, TensorBase) else v for v in (a, b))
                return to(trunc(Div.apply(a, b)), dtype)
            return trunc(Div.apply(_to_float(a), _to_float(b)))
    except AttributeError as exc:
        return div(*_number_operands(input, other, exc), rounding_mode=rounding_mode)
    raise RuntimeError(f"div: rounding_mode must be None, 'trunc' or 'floor', got "
                       f"{rounding_mode!r}")


true_divide = divide = div
multiply = mul
subtract = sub


def int_zero_division(a: Any, b: Any, op: str = "div") -> None:
    """Integer division or remainder by zero: PyTorch's RuntimeError on the CPU (NumPy would
    return 0 with a warning); bool operands have no kernel. Float division gives inf/nan."""
    kind = (a if isinstance(a, TensorBase) else b)._data.dtype.kind
    if kind not in "biu":
        return
    if kind == "b":
        raise NotImplementedError(f'"{op}" not implemented for \'Bool\'')
    if isinstance(b, TensorBase):
        # at once on the CPU; on a GPU at the next host read (no wait for the device here)
        xp = b.device.backend
        with xp.scope():
            bad = (b._data == 0).any()
        xp.check_later(bad, RuntimeError, f"ZeroDivisionError: integer division by zero "
                                          f"(divisor of shape {list(b._data.shape)} and dtype "
                                          f"{b._data.dtype})")
    elif b == 0:
        raise RuntimeError("ZeroDivisionError: integer division by zero (divisor 0)")


def floor_divide(input: Any, other: Any) -> Tensor:
    """input // other, rounding toward minus infinity (gradient zero)."""
    try:
        a, b = _binary_operands(input, other)
    except AttributeError as exc:
        a, b = _binary_operands(*_number_operands(input, other, exc))
    int_zero_division(a, b, "floor_divide")
    return FloorDivide.apply(a, b)


def remainder(input: Any, other: Any) -> Tensor:
    """input % other with the sign of other (Python's and PyTorch's convention)."""
    a, b = _binary_operands(input, other)
    int_zero_division(a, b, "remainder")
    return Remainder.apply(a, b)


def pow(input: Any, exponent: Any) -> Tensor:
    """input ** exponent, broadcast; either may be a Python scalar."""
    if autocasting:
        input, exponent = float32(input, exponent, cpu=False)
    a, b = _binary_operands(input, exponent)
    if (a if isinstance(a, TensorBase) else b)._data.dtype.kind == "b":
        if b.__class__ is bool:  # PyTorch's shortcuts for the powers 1 and 0: a copy, ones
            return a.clone() if b else a.new_ones(a.shape)
        raise NotImplementedError("pow: not implemented for bool tensors (convert to int or "
                                  "float)")
    if b.__class__ is int and isinstance(a, TensorBase) and a._data.dtype.kind in "iu":
        if exponent < 0:
            raise RuntimeError("pow: integers to negative integer powers are not allowed")
        b = exponent  # an exponent is not cast to the base's dtype
    if not isinstance(a, TensorBase):  # scalar ** tensor
        device = b.device
        a = make(device.backend.asarray(a, dtype=b.dtype), device, False, None, 0)
    return Pow.apply(a, b)


def neg(input: Tensor) -> Tensor:
    """-input."""
    if input._data.dtype.kind == "b":
        raise RuntimeError("neg: negation, the `-` operator, on a bool tensor is not "
                           "supported; use ~ or logical_not")
    return Neg.apply(input)


negative = neg


def reciprocal(input: Tensor) -> Tensor:
    """1 / input, elementwise."""
    if not isinstance(input, TensorBase):
        raise TypeError(f"reciprocal(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    return div(1.0, _to_float(input))


def square(input: Tensor) -> Tensor:
    """input * input, elementwise (bool squares to int64, as PyTorch)."""
    if not isinstance(input, TensorBase):
        raise TypeError(f"square(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if input._data.dtype.kind == "b":
        input = to(input, _dt.int64)
    return mul(input, input)


# -- a name the differentiable namespace needs that differs from the public API -----------


@register("power")
def _xp_power(a: Any, b: Any) -> Tensor:
    return pow(a, b)
