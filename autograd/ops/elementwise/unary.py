"""Unary elementwise math: exp, log, log1p, expm1, sqrt, rsqrt, sin, cos, tan, tanh, sigmoid,
erf, relu, abs, sign, trunc, floor. The transcendental ones lift integer and bool input to the
default float dtype, as PyTorch does. Exported from ``elementwise``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import refuse_bool
from autograd.engine.function import Function
from autograd.ops.autocast import autocasting, float32
from autograd.ops.elementwise.convert import to

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = [
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
]


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


def _tanh_grad(xp, y, gy):
    # d tanh(x) = (1 - tanh(x)^2) dx
    return gy * (1 - y * y)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.tanh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        (y,) = ctx.saved_tensors
        return ctx.xp.fused(_tanh_grad, y, gy)


def _sigmoid_grad(xp, y, gy):
    # d sigmoid(x) = s (1 - s) dx
    return gy * y * (1 - y)


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.sigmoid(x)  # a backend kernel: exact in both tails, no overflow warning
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        (y,) = ctx.saved_tensors
        return ctx.xp.fused(_sigmoid_grad, y, gy)


def _relu_grad(xp, y, gy):
    # d relu(x) = [x > 0] dx  (0 at the kink, as PyTorch; a nan gradient where the output
    # is 0 is dropped, as PyTorch's threshold_backward does)
    return xp.where(y > 0, gy, 0)


class Relu(Function):
    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.maximum(x, 0)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        (y,) = ctx.saved_tensors
        xp = ctx.xp
        if not (xp.differentiable or xp.compiles_fused):
            # on the host a product with the mask is one fast pass where NumPy's where branches
            # on every element (16x slower on a random mask); it is right unless a nan or inf
            # gradient met a zero output (nan in the product), which one more pass sees
            g = gy * (y > 0)
            if not xp.may_hold_nan(g):
                return g
        return xp.fused(_relu_grad, y, gy)


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


class Sign(Function):
    @staticmethod
    def forward(ctx, x):
        xp = ctx.xp
        out = xp.sign(x)
        if out.dtype.kind not in "iu":  # PyTorch's sign of nan is 0 (NumPy's is nan)
            out = xp.where(xp.isnan(x), out.dtype.type(0), out)
        return out

    @staticmethod
    def backward(ctx, gy):
        # piecewise constant
        return ctx.xp.zeros_like(gy)  # 0 even where gy is nan or inf, as PyTorch


class Trunc(Function):
    @staticmethod
    def forward(ctx, x):
        return ctx.xp.trunc(x)

    @staticmethod
    def backward(ctx, gy):
        # piecewise constant
        return ctx.xp.zeros_like(gy)  # 0 even where gy is nan or inf, as PyTorch


class Floor(Function):
    @staticmethod
    def forward(ctx, x):
        return ctx.xp.floor(x)

    @staticmethod
    def backward(ctx, gy):
        # piecewise constant
        return ctx.xp.zeros_like(gy)  # 0 even where gy is nan or inf, as PyTorch


def _unary(fn: type, name: str, doc: str, autocast_float32: bool = False) -> Any:
    def op(input: Tensor) -> Tensor:
        if input._data.dtype.kind not in "fV":
            input = to(input, _dt.get_default_dtype())
        elif autocast_float32 and autocasting:  # in autocast's float32 list
            (input,) = float32(input, cpu=False)
        return fn.apply(input)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    return op


exp = _unary(Exp, "exp", "e ** input, elementwise.",
             autocast_float32=True)
log = _unary(Log, "log", "Natural logarithm, elementwise.",
             autocast_float32=True)
log1p = _unary(Log1p, "log1p", "log(1 + input), accurate for small input.",
               autocast_float32=True)
expm1 = _unary(Expm1, "expm1", "exp(input) - 1, accurate for small input.",
               autocast_float32=True)
sqrt = _unary(Sqrt, "sqrt", "Square root, elementwise.")
rsqrt = _unary(Rsqrt, "rsqrt", "1 / sqrt(input), elementwise.",
               autocast_float32=True)
sin = _unary(Sin, "sin", "Sine, elementwise.")
cos = _unary(Cos, "cos", "Cosine, elementwise.")
tan = _unary(Tan, "tan", "Tangent, elementwise.",
             autocast_float32=True)
tanh = _unary(Tanh, "tanh", "Hyperbolic tangent, elementwise.")
sigmoid = _unary(Sigmoid, "sigmoid", "1 / (1 + exp(-input)), computed without overflow.")
erf = _unary(Erf, "erf", "The error function, elementwise.")


def relu(input: Tensor) -> Tensor:
    """max(input, 0), elementwise."""
    if input._data.dtype.kind == "b":
        raise RuntimeError(f"relu: Boolean inputs not supported for relu (input of shape "
                           f"{list(input._data.shape)})")
    return Relu.apply(input)


def abs(input: Tensor) -> Tensor:
    """|input|, elementwise (gradient 0 at 0)."""
    refuse_bool("abs", input)
    return Abs.apply(input)


absolute = abs


def sign(input: Tensor) -> Tensor:
    """-1, 0 or 1 by the sign of each element (0 for nan, as PyTorch)."""
    if input._data.dtype.kind == "b":  # a bool is its own sign (NumPy has no bool loop)
        return input.clone()
    return Sign.apply(input)


def trunc(input: Tensor) -> Tensor:
    """Round toward zero."""
    if input._data.dtype.kind == "b":
        raise NotImplementedError('"trunc" not implemented for \'Bool\'')
    return Trunc.apply(input)


def floor(input: Tensor) -> Tensor:
    """Round toward minus infinity."""
    if input._data.dtype.kind == "b":
        raise NotImplementedError('"floor" not implemented for \'Bool\'')
    return Floor.apply(input)
