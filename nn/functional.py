"""nn.functional (``torch.nn.functional``, import as ``F``): the stateless forms of the layers.

Layers are thin over these; each is one fused op where PyTorch fuses (``linear``, the
activations, ``softmax`` / ``log_softmax``) and a composition of autograd ops otherwise. The
kernels live in ``autograd.ops`` (``activation``, ``nn_linear``, ``nn_ops``) and the losses'
functional forms in ``nn.losses``; this module gathers them under PyTorch's names.
"""

from __future__ import annotations

from typing import Any

from autograd.engine.inplace import inplace as _inplace
from autograd.ops.elementwise.unary import relu as _relu
from autograd.ops.elementwise.unary import sigmoid, tanh
from autograd.ops.indexing.index import one_hot
from autograd.ops.nn import activation as _act
from autograd.ops.nn.conv import conv1d, conv2d, conv_transpose1d, conv_transpose2d
from autograd.ops.nn.dropout import dropout, embedding
from autograd.ops.nn.linear import bilinear, linear
from autograd.ops.nn.norm import batch_norm, group_norm, layer_norm
from autograd.ops.nn.pool import adaptive_avg_pool2d, avg_pool2d, max_pool1d, max_pool2d
from autograd.ops.nn.softmax_loss import log_softmax, softmax
from autograd.ops.shape.pad import pad
from autograd.tensor import Tensor
from nn.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    huber_loss,
    kl_div,
    l1_loss,
    mse_loss,
    nll_loss,
    smooth_l1_loss,
)

__all__ = [
    "linear", "bilinear", "relu", "relu_", "leaky_relu", "leaky_relu_", "elu", "elu_", "gelu",
    "silu", "sigmoid", "tanh", "softplus", "logsigmoid", "softmax", "log_softmax", "softmin",
    "one_hot", "pad", "dropout", "embedding",
    "conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d",
    "max_pool1d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d",
    "batch_norm", "layer_norm", "group_norm",
    # losses (nn.losses)
    "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "cross_entropy", "nll_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div",
]


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """max(input, 0), elementwise."""
    return _inplace(input, _relu) if inplace else _relu(input)


def relu_(input: Tensor) -> Tensor:
    """In-place ``relu``."""
    return _inplace(input, _relu)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """input where input > 0, else negative_slope * input."""
    if inplace:
        return _inplace(input, _act.leaky_relu, negative_slope)
    return _act.leaky_relu(input, negative_slope)


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """In-place ``leaky_relu``."""
    return _inplace(input, _act.leaky_relu, negative_slope)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """input where input > 0, else alpha * (exp(input) - 1)."""
    return _inplace(input, _act.elu, alpha) if inplace else _act.elu(input, alpha)


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """In-place ``elu``."""
    return _inplace(input, _act.elu, alpha)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """input * Phi(input), Phi the standard normal CDF; ``approximate='tanh'`` for the tanh
    approximation."""
    return _act.gelu(input, approximate)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """input * sigmoid(input)."""
    return _inplace(input, _act.silu) if inplace else _act.silu(input)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + exp(beta * input)) / beta; linear where beta * input > threshold."""
    return _act.softplus(input, beta, threshold)


def logsigmoid(input: Tensor) -> Tensor:
    """log(sigmoid(input)) = -softplus(-input), without overflow."""
    return -_act.softplus(-input, 1.0, float("inf"))


# -- softmax family (fused kernels in autograd.ops.nn_ops) ----------------------------------


def softmin(input: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:
    """softmax(-input) along ``dim``."""
    if dtype is not None:
        input = input.to(dtype)
    return softmax(-input, dim)
