"""nn.functional (``torch.nn.functional``, import as ``F``): the stateless forms of the layers.

Layers are thin over these; each is one fused op where PyTorch fuses (``linear``, the
activations, ``softmax`` / ``log_softmax``) and a composition of autograd ops otherwise. The
kernels are autograd's (``autograd.linear``, ``autograd.conv2d``, ...) and the losses'
functional forms live in ``nn.losses``; this module gathers them under PyTorch's names.
"""

from __future__ import annotations

from typing import Any

import autograd as ag
from autograd import log_softmax, one_hot, pad, sigmoid, softmax, tanh
from autograd.ops.nn import activation as _activation
from autograd.ops.nn.activation import elu_, gelu, leaky_relu_, silu_, softplus
from autograd.ops.nn.attention import scaled_dot_product_attention
from autograd.ops.nn.conv import conv1d, conv2d, conv_transpose1d, conv_transpose2d
from autograd.ops.nn.dropout import dropout, embedding
from autograd.ops.nn.linear import bilinear, linear
from autograd.ops.nn.norm import batch_norm, group_norm, layer_norm, rms_norm
from autograd.ops.nn.pool import adaptive_avg_pool2d, avg_pool2d, max_pool1d, max_pool2d
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
from nn.mha import multi_head_attention_forward

__all__ = [
    "linear", "bilinear", "relu", "relu_", "leaky_relu", "leaky_relu_", "elu", "elu_", "gelu",
    "silu", "sigmoid", "tanh", "softplus", "logsigmoid", "softmax", "log_softmax", "softmin",
    "one_hot", "pad", "dropout", "embedding",
    "conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d",
    "max_pool1d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d",
    "batch_norm", "layer_norm", "group_norm", "rms_norm", "scaled_dot_product_attention",
    "multi_head_attention_forward",
    # losses (nn.losses)
    "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "cross_entropy", "nll_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div",
]


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """max(input, 0), elementwise."""
    return input.relu_() if inplace else ag.relu(input)


def relu_(input: Tensor) -> Tensor:
    """In-place ``relu``."""
    return input.relu_()


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """input where input > 0, else negative_slope * input."""
    if inplace:
        return leaky_relu_(input, negative_slope)
    return _activation.leaky_relu(input, negative_slope)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """input where input > 0, else alpha * (exp(input) - 1)."""
    return elu_(input, alpha) if inplace else _activation.elu(input, alpha)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """input * sigmoid(input)."""
    return silu_(input) if inplace else _activation.silu(input)


def logsigmoid(input: Tensor) -> Tensor:
    """log(sigmoid(input)) = -softplus(-input), without overflow."""
    return -softplus(-input, 1.0, float("inf"))


# -- softmax family (fused kernels in autograd.ops.nn_ops) ----------------------------------


def softmin(input: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:
    """softmax(-input) along ``dim``."""
    if dtype is not None:
        input = input.to(dtype)
    return softmax(-input, dim)
