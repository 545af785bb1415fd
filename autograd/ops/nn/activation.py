"""Fused activations: leaky_relu, elu, gelu (exact and tanh), silu, softplus.

Each is one Function rather than a chain of elementwise ops: one node on the tape instead of
four to eight, and forms that stay finite where a naive composition overflows (softplus of a
large input, elu of a very negative one). Each forward and backward formula is one
``xp.fused`` kernel: one GPU launch instead of one per operation. relu, sigmoid and tanh live
in ``elementwise``.

Backwards are written against ``ctx.xp`` so they also run over autograd's differentiable
namespace (higher-order gradients). Some forwards save an intermediate (a sigmoid, an erf) to
spare the first-order backward from recomputing it; an intermediate is a constant to the
graph, so under ``create_graph`` the backward recomputes it from the saved input instead.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import check_float
from autograd.engine.function import Function
from autograd.engine.inplace import inplace as _inplace
from autograd.engine.tensor_base import TensorBase
from autograd.ops.autocast import autocasting, float32
from autograd.ops.elementwise.convert import to

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["leaky_relu", "leaky_relu_", "elu", "elu_", "gelu", "silu", "silu_", "softplus"]

_SQRT1_2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_TANH_K = math.sqrt(2.0 / math.pi)
_TANH_C = 0.044715


def _sigmoid(xp: Any, x: Any) -> Any:
    """1 / (1 + exp(-x)) without overflow, on raw arrays or differentiable Tensors alike."""
    e = xp.exp(-xp.abs(x))
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _phi(xp: Any, x: Any) -> Any:
    """The standard normal CDF, 0.5 (1 + erf(x / sqrt 2))."""
    return 0.5 * (1 + xp.erf(x * _SQRT1_2))


def _number(value: Any, op: str, name: str) -> float:
    """A float argument (``alpha``, ``negative_slope`` ...); TypeError for anything that is not
    a number, as PyTorch (``float("x")`` would be a ValueError)."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{op}(): argument '{name}' must be Number, not {type(value).__name__}")
    return float(value)


def _float(input: Tensor, op: str, lift: bool = False) -> Tensor:
    """The input of a floating-point-only activation: PyTorch's NotImplementedError for integer
    and bool tensors, or (``lift``, for the compositions PyTorch runs on integers) the input
    in the default float dtype."""
    if not isinstance(input, TensorBase):
        raise TypeError(f"{op}(): argument 'input' must be Tensor, not {type(input).__name__}")
    if input._data.dtype.kind not in "fV":
        if not lift:
            check_float(op, input)
        return to(input, _dt.get_default_dtype())
    return input


def _leaky_relu(xp, x, slope):
    return xp.where(x > 0, x, x * slope)


def _leaky_relu_grad(xp, x, gy, slope):
    # d leaky_relu(x) = [x > 0] dx + slope [x <= 0] dx  (slope at 0, as PyTorch)
    return xp.where(x > 0, gy, gy * slope)


class LeakyRelu(Function):
    @staticmethod
    def forward(ctx, x, negative_slope):
        ctx.negative_slope = negative_slope
        ctx.save_for_backward(x)
        return ctx.xp.fused(_leaky_relu, x, negative_slope)

    @staticmethod
    def backward(ctx, gy):
        (x,) = ctx.saved_tensors
        return ctx.xp.fused(_leaky_relu_grad, x, gy, ctx.negative_slope), None


def _elu(xp, x, alpha):
    # expm1 of min(x, 0): the unused branch of where never overflows
    return xp.where(x > 0, x, alpha * xp.expm1(xp.minimum(x, 0)))


def _elu_grad(xp, x, gy, alpha):
    # d elu(x) = [x > 0] dx + alpha exp(x) [x <= 0] dx
    return xp.where(x > 0, gy, gy * (alpha * xp.exp(xp.minimum(x, 0))))


class Elu(Function):
    @staticmethod
    def forward(ctx, x, alpha):
        ctx.alpha = alpha
        ctx.save_for_backward(x)
        return ctx.xp.fused(_elu, x, alpha)

    @staticmethod
    def backward(ctx, gy):
        (x,) = ctx.saved_tensors
        return ctx.xp.fused(_elu_grad, x, gy, ctx.alpha), None


def _gelu(xp, x):
    p = _phi(xp, x)
    return x * p, p


def _gelu_grad(xp, x, p, gy):
    # d (x Phi(x)) = (Phi(x) + x phi(x)) dx,  phi(x) = exp(-x^2 / 2) / sqrt(2 pi)
    return gy * (p + x * (_INV_SQRT_2PI * xp.exp(-0.5 * (x * x))))


class Gelu(Function):
    @staticmethod
    def forward(ctx, x):
        y, p = ctx.xp.fused(_gelu, x)
        ctx.save_for_backward(x, p)
        return y

    @staticmethod
    def backward(ctx, gy):
        x, p = ctx.saved_tensors
        xp = ctx.xp
        if xp.differentiable:
            p = _phi(xp, x)
        return xp.fused(_gelu_grad, x, p, gy)


def _gelu_tanh(xp, x):
    t = xp.tanh(_TANH_K * (x + _TANH_C * (x * x * x)))
    return 0.5 * x * (1 + t), t


def _gelu_tanh_grad(xp, x, t, gy):
    # y = x (1 + t) / 2, t = tanh(k (x + c x^3)):
    # dy = [(1 + t) / 2 + x (1 - t^2) k (1 + 3 c x^2) / 2] dx
    dt = (1 - t * t) * (_TANH_K * (1 + 3 * _TANH_C * (x * x)))
    return gy * (0.5 * (1 + t) + 0.5 * x * dt)


class GeluTanh(Function):
    @staticmethod
    def forward(ctx, x):
        y, t = ctx.xp.fused(_gelu_tanh, x)
        ctx.save_for_backward(x, t)
        return y

    @staticmethod
    def backward(ctx, gy):
        x, t = ctx.saved_tensors
        xp = ctx.xp
        if xp.differentiable:
            t = xp.tanh(_TANH_K * (x + _TANH_C * (x * x * x)))
        return xp.fused(_gelu_tanh_grad, x, t, gy)


def _silu(xp, x):
    s = _sigmoid(xp, x)
    return x * s, s


def _silu_grad(xp, x, s, gy):
    # d (x s(x)) = s (1 + x (1 - s)) dx,  s = sigmoid(x)
    return gy * (s * (1 + x * (1 - s)))


class Silu(Function):
    @staticmethod
    def forward(ctx, x):
        y, s = ctx.xp.fused(_silu, x)
        ctx.save_for_backward(x, s)
        return y

    @staticmethod
    def backward(ctx, gy):
        x, s = ctx.saved_tensors
        xp = ctx.xp
        if xp.differentiable:
            s = _sigmoid(xp, x)
        return xp.fused(_silu_grad, x, s, gy)


def _softplus(xp, x, beta, threshold):
    bx = x * beta
    # log(1 + e^z) = max(z, 0) + log1p(e^-|z|): no overflow for large |z|
    soft = (xp.maximum(bx, 0) + xp.log1p(xp.exp(-xp.abs(bx)))) / beta
    return xp.where(bx > threshold, x, soft)


def _softplus_grad(xp, x, gy, beta, threshold):
    # d softplus(x) = sigmoid(beta x) dx, and dx itself where beta x > threshold (linear)
    bx = x * beta
    return xp.where(bx > threshold, gy, gy * _sigmoid(xp, bx))


class Softplus(Function):
    @staticmethod
    def forward(ctx, x, beta, threshold):
        ctx.beta, ctx.threshold = beta, threshold
        ctx.save_for_backward(x)
        return ctx.xp.fused(_softplus, x, beta, threshold)

    @staticmethod
    def backward(ctx, gy):
        (x,) = ctx.saved_tensors
        return ctx.xp.fused(_softplus_grad, x, gy, ctx.beta, ctx.threshold), None, None


def leaky_relu(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """x where x > 0, else negative_slope * x."""
    return LeakyRelu.apply(_float(input, "leaky_relu"),
                           _number(negative_slope, "leaky_relu", "negative_slope"))


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """In-place ``leaky_relu``: the result written into ``input``'s memory."""
    return _inplace(input, leaky_relu, negative_slope)


def elu(input: Tensor, alpha: float = 1.0) -> Tensor:
    """x where x > 0, else alpha * (exp(x) - 1)."""
    return Elu.apply(_float(input, "elu"), _number(alpha, "elu", "alpha"))


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """In-place ``elu``: the result written into ``input``'s memory."""
    return _inplace(input, elu, alpha)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """x * Phi(x) with Phi the standard normal CDF (erf form), or its tanh approximation with
    ``approximate='tanh'``."""
    if approximate == "none":
        return Gelu.apply(_float(input, "gelu"))
    if approximate == "tanh":
        return GeluTanh.apply(_float(input, "gelu"))
    raise RuntimeError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")


def silu(input: Tensor) -> Tensor:
    """x * sigmoid(x) (also called swish)."""
    return Silu.apply(_float(input, "silu"))


def silu_(input: Tensor) -> Tensor:
    """In-place ``silu``: the result written into ``input``'s memory."""
    return _inplace(input, silu)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + exp(beta * x)) / beta, and x itself where beta * x > threshold."""
    if autocasting:
        (input,) = float32(input, cpu=False)
    return Softplus.apply(_float(input, "softplus"), _number(beta, "softplus", "beta"),
                          _number(threshold, "softplus", "threshold"))
