"""More activations: the piecewise ones (hardtanh, relu6, hardsigmoid, hardswish, softshrink,
hardshrink, threshold) as one fused Function each, the smooth ones (selu, celu, mish, softsign,
tanhshrink, logsigmoid) as compositions, and prelu, rrelu, glu, gumbel_softmax.

A piecewise Function's backward is ``where(inside, gy * slope, 0)`` with PyTorch's choice of
subgradient at the kinks (the boundaries count as outside: hardtanh's gradient at its limits
is 0, as PyTorch's); it is linear in ``gy`` with a constant mask, so it differentiates again.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from autograd.creation import empty
from autograd.engine.function import Function
from autograd.engine.inplace import inplace as _inplace
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.select import where
from autograd.ops.nn.activation import _float, elu, leaky_relu, softplus
from autograd.ops.nn.softmax_loss import softmax

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = [
    "hardtanh", "hardtanh_", "relu6", "hardsigmoid", "hardswish", "softshrink", "hardshrink",
    "threshold", "threshold_", "selu", "celu", "mish", "softsign", "tanhshrink", "logsigmoid",
    "prelu", "rrelu", "glu", "gumbel_softmax", "selu_", "celu_", "rrelu_",
]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


class Hardtanh(Function):
    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.lo, ctx.hi = lo, hi
        ctx.save_for_backward(x)
        return ctx.xp.clip(x, lo, hi)

    @staticmethod
    def backward(ctx, gy):
        # d clip(x, lo, hi) = dx strictly inside (lo, hi), 0 on and beyond the limits
        (x,) = ctx.saved_tensors
        return ctx.xp.where((x > ctx.lo) & (x < ctx.hi), gy, 0), None, None


class HardSigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.clip(x / 6 + 0.5, 0, 1)

    @staticmethod
    def backward(ctx, gy):
        # d relu6(x + 3) / 6 = dx / 6 for -3 < x < 3
        (x,) = ctx.saved_tensors
        return ctx.xp.where((x > -3) & (x < 3), gy / 6, 0)


class HardSwish(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * ctx.xp.clip(x / 6 + 0.5, 0, 1)

    @staticmethod
    def backward(ctx, gy):
        # d x relu6(x + 3) / 6 = (x / 3 + 1/2) dx on (-3, 3), dx from 3 up, 0 up to -3
        # (PyTorch's choice at the kinks: 0 at -3, 1 at 3)
        (x,) = ctx.saved_tensors
        xp = ctx.xp
        inner = xp.where(x < 3, gy * (x / 3 + 0.5), gy)
        return xp.where(x <= -3, 0 * gy, inner)


class Shrink(Function):
    """softshrink (``soft=True``: x -+ lambda outside [-lambda, lambda]) or hardshrink."""

    @staticmethod
    def forward(ctx, x, lambd, soft):
        xp = ctx.xp
        ctx.lambd = lambd
        ctx.save_for_backward(x)
        outside = ~((x >= -lambd) & (x <= lambd))  # nan is outside, as PyTorch's
        y = x - xp.sign(x) * lambd if soft else x
        # inside: PyTorch's softshrink gives x * 0 (-0.0 for negative x), hardshrink 0
        return xp.where(outside, y, 0 * x if soft else 0)

    @staticmethod
    def backward(ctx, gy):
        # d shrink(x) = dx where |x| > lambda (or x is nan), else 0 (both forms)
        (x,) = ctx.saved_tensors
        lam = ctx.lambd
        return ctx.xp.where((x >= -lam) & (x <= lam), 0, gy), None, None


class Threshold(Function):
    @staticmethod
    def forward(ctx, x, threshold, value):
        ctx.threshold = threshold
        ctx.save_for_backward(x)
        # x <= threshold is replaced, so nan passes through (PyTorch's comparison)
        return ctx.xp.where(x <= threshold, ctx.xp.asarray(value, dtype=x.dtype), x)

    @staticmethod
    def backward(ctx, gy):
        # d threshold(x) = 0 where x <= threshold, else dx
        (x,) = ctx.saved_tensors
        return ctx.xp.where(x <= ctx.threshold, 0, gy), None, None


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0,
             inplace: bool = False) -> Tensor:
    """``clamp(input, min_val, max_val)`` with gradient 0 at the limits."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if inplace:
        return hardtanh_(input, min_val, max_val)
    if isinstance(input, TensorBase) and input._data.dtype.kind in "biu":
        # PyTorch clamps integers in their own dtype and refuses bool
        if input._data.dtype.kind == "b":
            raise RuntimeError(f"hardtanh: Bool inputs not supported for hardtanh (input of "
                               f"shape {list(input._data.shape)})")
        return input.clamp(int(min_val), int(max_val))
    return Hardtanh.apply(_float(input, "hardtanh"), float(min_val), float(max_val))


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """In-place ``hardtanh``."""
    return _inplace(input, hardtanh, min_val, max_val)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """``min(max(input, 0), 6)``."""
    return hardtanh(input, 0.0, 6.0, inplace)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """``relu6(input + 3) / 6``."""
    if inplace:
        return _inplace(input, hardsigmoid)
    return HardSigmoid.apply(_float(input, "hardsigmoid"))


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """``input * relu6(input + 3) / 6``."""
    if inplace:
        return _inplace(input, hardswish)
    return HardSwish.apply(_float(input, "hardswish"))


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """``input - lambd`` above lambd, ``input + lambd`` below -lambd, else 0."""
    if lambd < 0:
        raise RuntimeError(f"softshrink: lambda must be greater or equal to 0, but found to be "
                           f"{lambd}.")
    return Shrink.apply(_float(input, "softshrink"), float(lambd), True)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """``input`` where ``|input| > lambd``, else 0."""
    return Shrink.apply(_float(input, "hardshrink"), float(lambd), False)


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """``input`` where ``input > threshold``, else ``value``."""
    if inplace:
        return threshold_(input, threshold, value)
    return Threshold.apply(_float(input, "threshold"), float(threshold), float(value))


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:
    """In-place ``threshold``."""
    return _inplace(input, Threshold.apply, float(threshold), float(value))


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """``scale * elu(input, alpha)`` with the self-normalising constants."""
    if inplace:  # through the in-place protocol, so the saved input is kept as it was
        return _inplace(input, selu)
    return _SELU_SCALE * elu(_float(input, "selu"), _SELU_ALPHA)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``."""
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: celu: alpha cannot be 0")
    if inplace:
        return _inplace(input, celu, alpha)
    return elu(_float(input, "celu") / alpha, 1.0) * alpha


def selu_(input: Tensor) -> Tensor:
    """In-place ``selu``."""
    return selu(input, True)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """In-place ``celu``."""
    return celu(input, alpha, True)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """``input * tanh(softplus(input))``."""
    if inplace:
        return _inplace(input, mish)
    x = _float(input, "mish")
    return x * softplus(x).tanh()


def softsign(input: Tensor) -> Tensor:
    """``input / (1 + |input|)``."""
    x = _float(input, "softsign", lift=input.dtype.kind != "b")
    return x / (x.abs() + 1)


def tanhshrink(input: Tensor) -> Tensor:
    """``input - tanh(input)``."""
    x = _float(input, "tanhshrink", lift=input.dtype.kind != "b")
    return x - x.tanh()


def logsigmoid(input: Tensor) -> Tensor:
    """``log(sigmoid(input)) = -softplus(-input)``, without overflow."""
    # 0 - softplus, not its negation: PyTorch gives +0.0 (not -0.0) for large inputs
    return 0.0 - softplus(-_float(input, "logsigmoid"), 1.0, math.inf)


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """``input`` where positive, else ``weight * input``, one weight per channel (dim 1) or a
    single one."""
    x = _float(input, "prelu")
    if not isinstance(weight, TensorBase):
        raise TypeError(f"prelu(): argument 'weight' must be Tensor, not {type(weight).__name__}")
    if weight._data.dtype != x._data.dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got {x.dtype} and "
                           f"{weight.dtype} (input of shape {list(x.shape)}, weight of shape "
                           f"{list(weight.shape)})")
    n = weight.numel()
    if weight.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: "
                           f"ndim = {weight.ndim}")
    if n != 1:
        channels = x.shape[1] if x.ndim >= 2 else 1
        if channels != n:
            raise RuntimeError(f"prelu: Mismatch of parameter numbers and input channel size. "
                               f"Found parameter numbers = {n} and channel size = {channels} "
                               f"(input shape {list(x.shape)}).")
        weight = weight.reshape((1, n) + (1,) * (x.ndim - 2))
    else:  # one weight broadcasts to the input's shape, a 0-d input included
        weight = weight.reshape(())
    return where(x > 0, x, weight * x)


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
          training: bool = False, inplace: bool = False) -> Tensor:
    """Leaky ReLU with a slope drawn from U(lower, upper) per element while training, the mean
    slope ``(lower + upper) / 2`` otherwise."""
    if inplace:
        return _inplace(input, rrelu, lower, upper, training)
    x = _float(input, "rrelu")
    if not training:
        return leaky_relu(x, (lower + upper) / 2)
    slope = empty(x.shape, dtype=x.dtype, device=x.device).uniform_(lower, upper)
    return where(x >= 0, x, x * slope)


def rrelu_(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
           training: bool = False) -> Tensor:
    """In-place ``rrelu``."""
    return rrelu(input, lower, upper, training, True)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """``a * sigmoid(b)`` for the two halves ``a, b`` of ``input`` along ``dim``."""
    x = _float(input, "glu")
    if x.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    size = x.shape[dim]
    if size % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension "
                           f"{dim % x.ndim} is size {size}")
    a, b = x.chunk(2, dim)
    return a * b.sigmoid()


def gumbel_softmax(logits: Tensor, tau: float = 1.0, hard: bool = False, eps: float = 1e-10,
                   dim: int = -1) -> Tensor:
    """A sample from the Gumbel-softmax distribution: ``softmax((logits + g) / tau)`` with
    Gumbel noise g; ``hard=True`` returns the one-hot argmax, with the soft sample's gradient
    (straight-through)."""
    x = _float(logits, "gumbel_softmax")
    u = empty(x.shape, dtype=x.dtype, device=x.device).uniform_(0.0, 1.0)
    gumbels = -(-(u.clamp(min=1e-30)).log()).log()  # -log(Exp(1)), Exp(1) = -log(U)
    y = softmax((x + gumbels) / tau, dim)
    if not hard:
        return y
    index = y.argmax(dim, keepdim=True)
    y_hard = (y.detach() * 0).scatter(dim, index, 1.0)
    return y_hard - y.detach() + y
