"""Elementwise ops: arithmetic, unary math, comparisons, logic, casts and device moves.

Binary ops take Tensors, Python scalars or (on cpu) NumPy arrays, broadcast like NumPy and
promote dtypes like PyTorch (a float32 tensor times a Python float stays float32, int32 +
float32 is float32). Gradients come back in the broadcast shape; the engine sums them down.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import backends
from autograd import dtypes as _dt
from autograd.function import Function
from autograd.tensor import Tensor, _make
from autograd.xp import register

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
    "exp",
    "log",
    "log1p",
    "expm1",
    "sqrt",
    "rsqrt",
    "sin",
    "cos",
    "tan",
    "tanh",
    "sigmoid",
    "erf",
    "relu",
    "abs",
    "absolute",
    "sign",
    "trunc",
    "floor",
    "reciprocal",
    "square",
    "clamp",
    "clip",
    "maximum",
    "minimum",
    "where",
    "lerp",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "greater",
    "less",
    "greater_equal",
    "less_equal",
    "not_equal",
    "logical_and",
    "logical_or",
    "logical_xor",
    "logical_not",
    "isnan",
    "isinf",
    "isfinite",
    "to",
    "clone",
]

_SCALARS = (int, float, bool)
_promote = _dt.promote_types


def _as_operand(value: Any, like: Tensor) -> Any:
    """A Python scalar stays as is; anything else becomes a Tensor (NumPy arrays on cpu)."""
    if isinstance(value, Tensor) or value.__class__ in _SCALARS:
        return value
    if isinstance(value, (np.ndarray, np.generic)):
        if value.ndim == 0:
            return value.item()
        return _make(value, backends.CPU, False, None, 0)
    if isinstance(value, (list, tuple)):
        from autograd.creation import tensor

        return tensor(value, device=like.device)
    if hasattr(value, "__cuda_array_interface__"):
        raise TypeError(
            f"cannot combine a Tensor with a raw {type(value).__name__}; wrap it with "
            "autograd.as_tensor first"
        )
    raise TypeError(f"unsupported operand type for a Tensor op: {type(value).__name__}")


def _binary_operands(a: Any, b: Any) -> tuple[Any, Any]:
    """Bring two operands to PyTorch's result dtype (casts are recorded, so grads flow)."""
    # The common cases first, decided by class and dtype identity alone.
    if a.__class__ is Tensor:
        cb = b.__class__
        if cb is Tensor:
            if a._data.dtype is b._data.dtype:
                return a, b
        elif cb is float:
            if a._data.dtype.kind == "f":
                return a, b
        elif cb is int and a._data.dtype.kind in "fiu":
            return a, b
    if a.__class__ is not Tensor and not isinstance(a, Tensor):
        a = _as_operand(a, b)
    if b.__class__ is not Tensor and not isinstance(b, Tensor):
        b = _as_operand(b, a)
    if isinstance(a, Tensor):
        if isinstance(b, Tensor):
            if a._data.dtype is b._data.dtype:
                return a, b
            target = _dt.result_type(a, b)
            return (a if a.dtype == target else to(a, target),
                    b if b.dtype == target else to(b, target))
        kind = a._data.dtype.kind
        if kind == "f" or (kind in "iu" and b.__class__ is not float) or (
                kind == "b" and b.__class__ is bool):
            return a, b
        return to(a, _dt.result_type(a, b)), b
    kind = b._data.dtype.kind
    if kind == "f" or (kind in "iu" and a.__class__ is not float) or (
            kind == "b" and a.__class__ is bool):
        return a, b
    return a, to(b, _dt.result_type(a, b))


def _to_float(x: Any) -> Any:
    """Integer and bool tensors become the default float dtype (for true division etc.)."""
    if isinstance(x, Tensor) and x._data.dtype.kind in "biu":
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
        ctx.save_for_backward(x, y)
        return x * y

    @staticmethod
    def backward(ctx, gy):
        # d(x y) = y dx + x dy
        x, y = ctx.saved_tensors
        edges = ctx.edges
        return (gy * y if edges[0] is not None else None,
                gy * x if edges[1] is not None else None)


class Div(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x / y

    @staticmethod
    def backward(ctx, gy):
        # d(x / y) = dx / y - x dy / y^2
        x, y = ctx.saved_tensors
        gx = gy / y
        return gx, (-gx * x / y if ctx.edges[1] is not None else None)


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
        y = x ** p
        ctx.save_for_backward(x, p, y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d(x^p) = p x^(p-1) dx + x^p log(x) dp   (0 where x = 0 and p >= 0)
        x, p, y = ctx.saved_tensors
        xp = ctx.xp
        gx = gp = None
        if ctx.edges[0] is not None:
            gx = gy * p * x ** (p - 1) if p.__class__ not in _SCALARS or p != 0 else gy * 0
        if ctx.edges[1] is not None:
            gp = gy * xp.where((x == 0) & (p >= 0), 0, y * xp.log(xp.where(x == 0, 1, x)))
        return gx, gp


class FloorDivide(Function):
    @staticmethod
    def forward(ctx, x, y):
        return x // y

    @staticmethod
    def backward(ctx, gy):
        # floor division is piecewise constant: zero gradient almost everywhere
        return gy * 0, gy * 0


class Remainder(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x % y

    @staticmethod
    def backward(ctx, gy):
        # x mod y = x - floor(x / y) y:  d/dx = 1, d/dy = -floor(x / y)
        x, y = ctx.saved_tensors
        gy_ = None
        if ctx.edges[1] is not None:
            gy_ = -gy * ctx.xp.floor(x / y)
        return gy, gy_


def _scaled(a: Any, b: Any, alpha: Any, op: str) -> Any:
    """alpha * b, after promotion (so alpha never changes the result dtype, as in PyTorch)."""
    kind = (a if isinstance(a, Tensor) else b)._data.dtype.kind
    if alpha.__class__ is float and kind in "biu":
        raise RuntimeError(f"{op}: for integral input tensors, argument alpha must not be a "
                           f"floating point number (got alpha={alpha})")
    return mul(b, bool(alpha) if kind == "b" else alpha)


def add(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """input + alpha * other, broadcast."""
    a, b = _binary_operands(input, other)
    if alpha != 1:
        b = _scaled(a, b, alpha, "add")
    return Add.apply(a, b)


def sub(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """input - alpha * other, broadcast."""
    # PyTorch refuses a bool operand on either side, even next to a float tensor (checked
    # inline: sub is on every optimizer's and loss's path).
    if (input.__class__ is bool or other.__class__ is bool
            or (isinstance(input, Tensor) and input._data.dtype.kind == "b")
            or (isinstance(other, Tensor) and other._data.dtype.kind == "b")):
        raise RuntimeError("sub: subtraction with a bool tensor or bool scalar is not "
                           "supported; to invert a mask use ~ or logical_not")
    a, b = _binary_operands(input, other)
    if alpha != 1:
        b = _scaled(a, b, alpha, "sub")
    return Sub.apply(a, b)


def mul(input: Any, other: Any) -> Tensor:
    """input * other, broadcast."""
    a, b = _binary_operands(input, other)
    return Mul.apply(a, b)


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """input / other (true division; integers give floats). ``rounding_mode``: None, 'trunc',
    'floor'."""
    if rounding_mode == "floor":
        return floor_divide(input, other)
    # Promote first, then lift an integral result to the default float: float16 / int32
    # stays float16 (lifting each operand first would give float32).
    a, b = _binary_operands(input, other)
    if rounding_mode == "trunc":
        dtype = (a if isinstance(a, Tensor) else b).dtype
        if dtype.kind in "iu":
            # Integer inputs keep their dtype (exact through float64 below 2**53).
            f64 = _dt.float64
            a, b = (to(v, f64) if isinstance(v, Tensor) else v for v in (a, b))
            return to(trunc(Div.apply(a, b)), dtype)
        return trunc(Div.apply(_to_float(a), _to_float(b)))
    out = Div.apply(_to_float(a), _to_float(b))
    if rounding_mode is not None:
        raise ValueError(f"div: rounding_mode must be None, 'trunc' or 'floor', got "
                         f"{rounding_mode!r}")
    return out


true_divide = divide = div
multiply = mul
subtract = sub


def floor_divide(input: Any, other: Any) -> Tensor:
    """input // other, rounding toward minus infinity (gradient zero)."""
    a, b = _binary_operands(input, other)
    return FloorDivide.apply(a, b)


def remainder(input: Any, other: Any) -> Tensor:
    """input % other with the sign of other (Python's and PyTorch's convention)."""
    a, b = _binary_operands(input, other)
    return Remainder.apply(a, b)


def pow(input: Any, exponent: Any) -> Tensor:
    """input ** exponent, broadcast; either may be a Python scalar."""
    a, b = _binary_operands(input, exponent)
    if (a if isinstance(a, Tensor) else b)._data.dtype.kind == "b":
        raise RuntimeError("pow: not implemented for bool tensors (convert to int or float)")
    if isinstance(a, Tensor) and a._data.dtype.kind in "iu" and b.__class__ is int and b < 0:
        raise RuntimeError("pow: integers to negative integer powers are not allowed")
    if not isinstance(a, Tensor):  # scalar ** tensor
        device = b.device
        a = _make(device.backend.asarray(a, dtype=b.dtype), device, False, None, 0)
    return Pow.apply(a, b)


def neg(input: Tensor) -> Tensor:
    """-input."""
    if input._data.dtype.kind == "b":
        raise RuntimeError("neg: negation, the `-` operator, on a bool tensor is not "
                           "supported; use ~ or logical_not")
    return Neg.apply(input)


negative = neg


# -- unary math ---------------------------------------------------------------------------


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.exp(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d exp(x) = exp(x) dx
        (y,) = ctx.saved_tensors
        return gy * y


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.log(x)

    @staticmethod
    def backward(ctx, gy):
        # d log(x) = dx / x
        (x,) = ctx.saved_tensors
        return gy / x


class Log1p(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.log1p(x)

    @staticmethod
    def backward(ctx, gy):
        # d log(1 + x) = dx / (1 + x)
        (x,) = ctx.saved_tensors
        return gy / (x + 1)


class Expm1(Function):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.expm1(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d (exp(x) - 1) = exp(x) dx = (y + 1) dx
        (y,) = ctx.saved_tensors
        return gy * (y + 1)


class Sqrt(Function):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.sqrt(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d sqrt(x) = dx / (2 sqrt(x))
        (y,) = ctx.saved_tensors
        return gy / (2 * y)


class Rsqrt(Function):
    @staticmethod
    def forward(ctx, x):
        y = 1 / ctx.xp.sqrt(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d x^(-1/2) = -1/2 x^(-3/2) dx = -y^3 / 2 dx
        (y,) = ctx.saved_tensors
        return gy * y * y * y * -0.5


class Sin(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.sin(x)

    @staticmethod
    def backward(ctx, gy):
        # d sin(x) = cos(x) dx
        (x,) = ctx.saved_tensors
        return gy * ctx.xp.cos(x)


class Cos(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.cos(x)

    @staticmethod
    def backward(ctx, gy):
        # d cos(x) = -sin(x) dx
        (x,) = ctx.saved_tensors
        return -gy * ctx.xp.sin(x)


class Tan(Function):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.tan(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d tan(x) = (1 + tan(x)^2) dx
        (y,) = ctx.saved_tensors
        return gy * (1 + y * y)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.tanh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d tanh(x) = (1 - tanh(x)^2) dx
        (y,) = ctx.saved_tensors
        return gy * (1 - y * y)


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        xp = ctx.xp
        # exp of -|x| never overflows; both branches are exact
        e = xp.exp(-xp.abs(x))
        y = xp.where(x >= 0, 1 / (1 + e), e / (1 + e))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d sigmoid(x) = s (1 - s) dx
        (y,) = ctx.saved_tensors
        return gy * y * (1 - y)


class Relu(Function):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.maximum(x, 0)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d relu(x) = [x > 0] dx  (0 at the kink, as PyTorch)
        (y,) = ctx.saved_tensors
        return gy * (y > 0)


class Abs(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.abs(x)

    @staticmethod
    def backward(ctx, gy):
        # d |x| = sign(x) dx  (0 at 0, as PyTorch)
        (x,) = ctx.saved_tensors
        return gy * ctx.xp.sign(x)


class Erf(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.erf(x)

    @staticmethod
    def backward(ctx, gy):
        # d erf(x) = 2 / sqrt(pi) exp(-x^2) dx
        (x,) = ctx.saved_tensors
        return gy * (2.0 / math.sqrt(math.pi)) * ctx.xp.exp(-(x * x))


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
            if ctx.edges[1] is not None:
                glow = gy * (x < low)
        if high is not None:
            below = x <= high
            inside = below if inside is True else inside & below
            if ctx.edges[2] is not None:
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
        # the larger input gets the gradient; ties split it in half (as PyTorch)
        x, y = ctx.saved_tensors
        share = (x > y) + (x == y) * 0.5
        return gy * share, gy * (1 - share)


class Minimum(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return ctx.xp.minimum(x, y)

    @staticmethod
    def backward(ctx, gy):
        # the smaller input gets the gradient; ties split it in half (as PyTorch)
        x, y = ctx.saved_tensors
        share = (x < y) + (x == y) * 0.5
        return gy * share, gy * (1 - share)


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
        return (None, xp.where(cond, gy, 0) if ctx.edges[1] is not None else None,
                xp.where(cond, 0, gy) if ctx.edges[2] is not None else None)


class Sign(Function):
    @staticmethod
    def forward(ctx, x):
        return ctx.xp.sign(x)

    @staticmethod
    def backward(ctx, gy):
        # piecewise constant
        return gy * 0


class Trunc(Function):
    @staticmethod
    def forward(ctx, x):
        return ctx.xp.trunc(x)

    @staticmethod
    def backward(ctx, gy):
        # piecewise constant
        return gy * 0


class Floor(Function):
    @staticmethod
    def forward(ctx, x):
        return ctx.xp.floor(x)

    @staticmethod
    def backward(ctx, gy):
        # piecewise constant
        return gy * 0


def _unary(fn: type, name: str, doc: str) -> Any:
    def op(input: Tensor) -> Tensor:
        if input._data.dtype.kind != "f":
            input = to(input, _dt.get_default_dtype())
        return fn.apply(input)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    return op


exp = _unary(Exp, "exp", "e ** input, elementwise.")
log = _unary(Log, "log", "Natural logarithm, elementwise.")
log1p = _unary(Log1p, "log1p", "log(1 + input), accurate for small input.")
expm1 = _unary(Expm1, "expm1", "exp(input) - 1, accurate for small input.")
sqrt = _unary(Sqrt, "sqrt", "Square root, elementwise.")
rsqrt = _unary(Rsqrt, "rsqrt", "1 / sqrt(input), elementwise.")
sin = _unary(Sin, "sin", "Sine, elementwise.")
cos = _unary(Cos, "cos", "Cosine, elementwise.")
tan = _unary(Tan, "tan", "Tangent, elementwise.")
tanh = _unary(Tanh, "tanh", "Hyperbolic tangent, elementwise.")
sigmoid = _unary(Sigmoid, "sigmoid", "1 / (1 + exp(-input)), computed without overflow.")
erf = _unary(Erf, "erf", "The error function, elementwise.")


def relu(input: Tensor) -> Tensor:
    """max(input, 0), elementwise."""
    return Relu.apply(input)


def abs(input: Tensor) -> Tensor:
    """|input|, elementwise (gradient 0 at 0)."""
    return Abs.apply(input)


absolute = abs


def sign(input: Tensor) -> Tensor:
    """-1, 0 or 1 by the sign of each element."""
    return Sign.apply(input)


def trunc(input: Tensor) -> Tensor:
    """Round toward zero."""
    return Trunc.apply(input)


def floor(input: Tensor) -> Tensor:
    """Round toward minus infinity."""
    return Floor.apply(input)


def reciprocal(input: Tensor) -> Tensor:
    """1 / input, elementwise."""
    return div(1.0, _to_float(input))


def square(input: Tensor) -> Tensor:
    """input * input, elementwise."""
    return mul(input, input)


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """Limit every element to [min, max]; min and max may be scalars or Tensors."""
    if min is None and max is None:
        raise RuntimeError("clamp: at least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        dtype = input.dtype
        min = to(min, dtype) if isinstance(min, Tensor) and min.dtype != dtype else min
        max = to(max, dtype) if isinstance(max, Tensor) and max.dtype != dtype else max
    elif input._data.dtype.kind in "iu" and (min.__class__ is float or max.__class__ is float):
        input = to(input, _dt.get_default_dtype())
    return Clamp.apply(input, min, max)


clip = clamp


def maximum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise maximum of two tensors (ties share the gradient)."""
    a, b = _binary_operands(input, other)
    return Maximum.apply(a, b)


def minimum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise minimum of two tensors (ties share the gradient)."""
    a, b = _binary_operands(input, other)
    return Minimum.apply(a, b)


def where(condition: Any, input: Any = None, other: Any = None) -> Any:
    """Elements of input where condition holds, else of other (broadcast)."""
    if input is None and other is None:
        from autograd.ops.indexing import nonzero

        return nonzero(condition, as_tuple=True)
    if not isinstance(condition, Tensor):
        like = input if isinstance(input, Tensor) else other
        condition = _as_operand(condition, like)
    if condition._data.dtype.kind != "b":
        raise RuntimeError(f"where: expected condition to be a bool tensor, got {condition.dtype}")
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        # Two Python scalars: a 0-d tensor of their result dtype carries the device.
        device = condition.device
        input = _make(device.backend.asarray(input, dtype=_dt.result_type(input, other)),
                      device, False, None, 0)
    a, b = _binary_operands(input, other)
    return Where.apply(condition, a, b)


def lerp(input: Tensor, end: Tensor, weight: Any) -> Tensor:
    """input + weight * (end - input)."""
    return add(input, mul(weight, sub(end, input)))


# -- comparisons and logic (no gradient) ---------------------------------------------------


class _Compare(Function):
    ufunc = ""

    @classmethod
    def forward(cls, ctx, x, y):
        return getattr(ctx.xp, cls.ufunc)(x, y)


def _comparison(ufunc: str, doc: str) -> Any:
    cls = type(ufunc.title().replace("_", ""), (_Compare,), {"ufunc": ufunc})

    def op(input: Any, other: Any) -> Tensor:
        a, b = _binary_operands(input, other)
        return cls.apply(a, b)

    op.__name__ = op.__qualname__ = {"equal": "eq", "not_equal": "ne", "less": "lt",
                                     "less_equal": "le", "greater": "gt",
                                     "greater_equal": "ge"}.get(ufunc, ufunc)
    op.__doc__ = doc
    return op


eq = _comparison("equal", "input == other, elementwise (bool).")
ne = _comparison("not_equal", "input != other, elementwise (bool).")
lt = _comparison("less", "input < other, elementwise (bool).")
le = _comparison("less_equal", "input <= other, elementwise (bool).")
gt = _comparison("greater", "input > other, elementwise (bool).")
ge = _comparison("greater_equal", "input >= other, elementwise (bool).")
greater, less, greater_equal, less_equal, not_equal = gt, lt, ge, le, ne


def _logical(ufunc: str, doc: str) -> Any:
    cls = type(ufunc.title().replace("_", ""), (_Compare,), {"ufunc": ufunc})

    def op(input: Any, other: Any) -> Tensor:
        a, b = _binary_operands(input, other)
        for v in (a, b):
            if isinstance(v, Tensor) and v._data.dtype.kind not in "biu":
                raise RuntimeError(f"{ufunc}: expected bool or integer tensors, got {v.dtype}")
        return cls.apply(a, b)

    op.__name__ = op.__qualname__ = ufunc
    op.__doc__ = doc
    return op


logical_and = _logical("logical_and", "Elementwise AND (the & operator on bool tensors).")
logical_or = _logical("logical_or", "Elementwise OR (the | operator on bool tensors).")
logical_xor = _logical("logical_xor", "Elementwise XOR (the ^ operator on bool tensors).")


class _Predicate(Function):
    ufunc = ""

    @classmethod
    def forward(cls, ctx, x):
        return getattr(ctx.xp, cls.ufunc)(x)


class LogicalNot(_Predicate):
    ufunc = "logical_not"


class Isnan(_Predicate):
    ufunc = "isnan"


class Isinf(_Predicate):
    ufunc = "isinf"


class Isfinite(_Predicate):
    ufunc = "isfinite"


def logical_not(input: Tensor) -> Tensor:
    """Elementwise NOT (the ~ operator on bool tensors)."""
    if input._data.dtype.kind != "b":
        raise RuntimeError(f"~ / logical_not: expected a bool tensor, got {input.dtype} "
                           "(bitwise not of integers is not supported)")
    return LogicalNot.apply(input)


def isnan(input: Tensor) -> Tensor:
    """True where input is NaN."""
    return Isnan.apply(input)


def isinf(input: Tensor) -> Tensor:
    """True where input is +-inf."""
    return Isinf.apply(input)


def isfinite(input: Tensor) -> Tensor:
    """True where input is neither NaN nor infinite."""
    return Isfinite.apply(input)


# -- dtype casts, device moves, copies -----------------------------------------------------


class Cast(Function):
    @staticmethod
    def forward(ctx, x, dtype):
        return x.astype(dtype)

    @staticmethod
    def backward(ctx, gy):
        # identity; the engine casts the gradient back to the input's dtype
        return gy, None


class ToDevice(Function):
    """A copy to another device; ``to()`` sets the output's device."""

    @staticmethod
    def forward(ctx, x, device):
        ctx.target = device
        return device.backend.from_numpy(ctx.xp.to_numpy(x))

    @staticmethod
    def backward(ctx, gy):
        # identity, moved back to the input's device
        xp = ctx.xp
        if xp.differentiable:
            return to(gy, xp.device), None
        return xp.from_numpy(ctx.target.backend.to_numpy(gy)), None


class Clone(Function):
    @staticmethod
    def forward(ctx, x):
        return x.copy()

    @staticmethod
    def backward(ctx, gy):
        # identity
        return gy


def to(input: Tensor, *args: Any, dtype: Any = None, device: Any = None, copy: bool = False,
       non_blocking: bool = False) -> Tensor:
    """``to(dtype)``, ``to(device)``, ``to(device, dtype)``, ``to(other)``: a new tensor only
    when something changes (or ``copy=True``); the move and the cast are differentiable."""
    for arg in args:
        if isinstance(arg, Tensor):
            device, dtype = arg.device, arg.dtype
        elif isinstance(arg, (str, backends.Device)) and not (
                isinstance(arg, str) and arg.removeprefix("torch.") in _dt._BY_NAME):
            device = arg
        elif arg is not None:
            dtype = arg
    out = input
    if device is not None:
        dev = backends.device(device)
        if dev is not out.device:
            _ = dev.backend  # the clear error when the device cannot be used
            out = ToDevice.apply(out, device=dev)
            out.device = dev
    if dtype is not None:
        dt = _dt.as_dtype(dtype)
        if dt != out._data.dtype:
            out = Cast.apply(out, dtype=dt)
    if copy and out is input:
        out = Clone.apply(input)
    return out


def clone(input: Tensor) -> Tensor:
    """A copy of input in new memory; gradients flow back to input."""
    return Clone.apply(input)


class Fill(Function):
    """``value`` broadcast into a new array shaped like ``x``: what in-place fills and copies
    compute before ``_inplace`` writes it back. The old values get no gradient."""

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
    if isinstance(value, Tensor):
        value = to(value, input.device, input.dtype)
    return Fill.apply(input, value)


def copy_from(input: Tensor, src: Any) -> Tensor:
    """``src`` broadcast to input's shape, cast to its dtype and moved to its device."""
    if isinstance(src, Tensor):
        return Fill.apply(input, to(src, input.device, input.dtype))
    from autograd.creation import as_tensor

    return Fill.apply(input, as_tensor(src, dtype=input.dtype, device=input.device))


# -- names the differentiable namespace needs that differ from the public API -------------


@register("astype")
def _xp_astype(a: Tensor, dtype: Any) -> Tensor:
    return to(a, dtype)


@register("power")
def _xp_power(a: Any, b: Any) -> Tensor:
    return pow(a, b)
