"""Fused activations: leaky_relu, elu, gelu (exact and tanh), silu, softplus.

Each is one Function rather than a chain of elementwise ops: one node on the tape instead of
four to eight, and forms that stay finite where a naive composition overflows (softplus of a
large input, elu of a very negative one). relu, sigmoid and tanh live in ``elementwise``.

Backwards are written against ``ctx.xp`` so they also run over autograd's differentiable
namespace (higher-order gradients). Some forwards save an intermediate (a sigmoid, an erf) to
spare the first-order backward from recomputing it; an intermediate is a constant to the
graph, so under ``create_graph`` the backward recomputes it from the saved input instead.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
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


def _float(input: Tensor, op: str) -> Tensor:
    if not isinstance(input, TensorBase):
        raise TypeError(f"{op}(): argument 'input' must be Tensor, not {type(input).__name__}")
    if input._data.dtype.kind != "f":
        return to(input, _dt.get_default_dtype())
    return input


class LeakyRelu(Function):
    @staticmethod
    def forward(ctx, x, negative_slope):
        ctx.negative_slope = negative_slope
        ctx.save_for_backward(x)
        return ctx.xp.where(x > 0, x, x * negative_slope)

    @staticmethod
    def backward(ctx, gy):
        # d leaky_relu(x) = [x > 0] dx + slope [x <= 0] dx  (slope at 0, as PyTorch)
        (x,) = ctx.saved_tensors
        return ctx.xp.where(x > 0, gy, gy * ctx.negative_slope), None


class Elu(Function):
    @staticmethod
    def forward(ctx, x, alpha):
        xp = ctx.xp
        ctx.alpha = alpha
        ctx.save_for_backward(x)
        # expm1 of min(x, 0): the unused branch of where never overflows
        return xp.where(x > 0, x, alpha * xp.expm1(xp.minimum(x, 0)))

    @staticmethod
    def backward(ctx, gy):
        # d elu(x) = [x > 0] dx + alpha exp(x) [x <= 0] dx
        (x,) = ctx.saved_tensors
        xp = ctx.xp
        return xp.where(x > 0, gy, gy * (ctx.alpha * xp.exp(xp.minimum(x, 0)))), None


class Gelu(Function):
    @staticmethod
    def forward(ctx, x):
        p = _phi(ctx.xp, x)
        ctx.save_for_backward(x, p)
        return x * p

    @staticmethod
    def backward(ctx, gy):
        # d (x Phi(x)) = (Phi(x) + x phi(x)) dx,  phi(x) = exp(-x^2 / 2) / sqrt(2 pi)
        x, p = ctx.saved_tensors
        xp = ctx.xp
        if xp.differentiable:
            p = _phi(xp, x)
        return gy * (p + x * (_INV_SQRT_2PI * xp.exp(-0.5 * (x * x))))


class GeluTanh(Function):
    @staticmethod
    def forward(ctx, x):
        t = ctx.xp.tanh(_TANH_K * (x + _TANH_C * (x * x * x)))
        ctx.save_for_backward(x, t)
        return 0.5 * x * (1 + t)

    @staticmethod
    def backward(ctx, gy):
        # y = x (1 + t) / 2, t = tanh(k (x + c x^3)):
        # dy = [(1 + t) / 2 + x (1 - t^2) k (1 + 3 c x^2) / 2] dx
        x, t = ctx.saved_tensors
        xp = ctx.xp
        x2 = x * x
        if xp.differentiable:
            t = xp.tanh(_TANH_K * (x + _TANH_C * (x2 * x)))
        dt = (1 - t * t) * (_TANH_K * (1 + 3 * _TANH_C * x2))
        return gy * (0.5 * (1 + t) + 0.5 * x * dt)


class Silu(Function):
    @staticmethod
    def forward(ctx, x):
        s = _sigmoid(ctx.xp, x)
        ctx.save_for_backward(x, s)
        return x * s

    @staticmethod
    def backward(ctx, gy):
        # d (x s(x)) = s (1 + x (1 - s)) dx,  s = sigmoid(x)
        x, s = ctx.saved_tensors
        xp = ctx.xp
        if xp.differentiable:
            s = _sigmoid(xp, x)
        return gy * (s * (1 + x * (1 - s)))


class Softplus(Function):
    @staticmethod
    def forward(ctx, x, beta, threshold):
        xp = ctx.xp
        ctx.beta, ctx.threshold = beta, threshold
        ctx.save_for_backward(x)
        bx = x * beta if beta != 1 else x
        # log(1 + e^z) = max(z, 0) + log1p(e^-|z|): no overflow for large |z|
        soft = xp.maximum(bx, 0) + xp.log1p(xp.exp(-xp.abs(bx)))
        if beta != 1:
            soft = soft / beta
        return xp.where(bx > threshold, x, soft)

    @staticmethod
    def backward(ctx, gy):
        # d softplus(x) = sigmoid(beta x) dx, and dx itself where beta x > threshold (linear)
        (x,) = ctx.saved_tensors
        xp = ctx.xp
        bx = x * ctx.beta if ctx.beta != 1 else x
        return xp.where(bx > ctx.threshold, gy, gy * _sigmoid(xp, bx)), None, None


def leaky_relu(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """x where x > 0, else negative_slope * x."""
    return LeakyRelu.apply(_float(input, "leaky_relu"), float(negative_slope))


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """In-place ``leaky_relu``: the result written into ``input``'s memory."""
    return _inplace(input, leaky_relu, negative_slope)


def elu(input: Tensor, alpha: float = 1.0) -> Tensor:
    """x where x > 0, else alpha * (exp(x) - 1)."""
    return Elu.apply(_float(input, "elu"), float(alpha))


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
    return Softplus.apply(_float(input, "softplus"), float(beta), float(threshold))
