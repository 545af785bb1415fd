"""The nn kernels PyTorch also exposes as ``torch.*`` (``torch.conv2d``, ``torch.batch_norm``,
``torch.embedding`` ...), exported from ``autograd`` under those names.

Where ``torch.<name>`` takes the arguments of ``torch.nn.functional.<name>`` the function is the
same object; where the ATen signature differs (``batch_norm``/``instance_norm`` take the affine
parameters first and every argument, ``embedding`` takes the weight first, the dropouts need
``p`` and ``train``, ``adaptive_max_pool1d`` returns the indices too) it is a one-line call
into the same kernel with PyTorch's top-level signature. The losses live in ``nn`` and are not
here (autograd never imports nn).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd.ops.nn import dropout as _dropout
from autograd.ops.nn import dropout_ext as _dropout_ext
from autograd.ops.nn import norm as _norm
from autograd.ops.nn import norm_ext as _norm_ext
from autograd.ops.nn.activation_ext import (
    celu,
    celu_,
    hardshrink,
    prelu,
    rrelu,
    rrelu_,
    selu,
    selu_,
    threshold,
    threshold_,
)
from autograd.ops.nn.conv import conv1d, conv2d, conv_transpose1d, conv_transpose2d
from autograd.ops.nn.conv3d import conv3d, conv_transpose3d
from autograd.ops.nn.distance import cosine_similarity, pairwise_distance, pdist
from autograd.ops.nn.linear import bilinear
from autograd.ops.nn.norm import rms_norm
from autograd.ops.nn.pool import max_pool1d, max_pool1d_with_indices, max_pool2d
from autograd.ops.nn.pool_ext import (
    adaptive_avg_pool1d,
    adaptive_max_pool1d_with_indices,
    avg_pool1d,
    max_pool3d,
)
from autograd.ops.nn.resample import channel_shuffle, pixel_shuffle, pixel_unshuffle

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = [
    "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    "avg_pool1d", "max_pool1d", "max_pool2d", "max_pool3d", "max_pool1d_with_indices",
    "adaptive_avg_pool1d", "adaptive_max_pool1d", "batch_norm", "layer_norm", "group_norm",
    "instance_norm", "rms_norm", "embedding", "dropout", "alpha_dropout",
    "feature_alpha_dropout", "bilinear", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle",
    "prelu", "selu", "selu_", "celu", "celu_", "threshold", "threshold_", "hardshrink", "rrelu",
    "rrelu_", "cosine_similarity", "pairwise_distance", "pdist",
]


def adaptive_max_pool1d(input: Tensor, output_size: Any) -> tuple[Tensor, Tensor]:
    """``(values, indices)`` of the adaptive 1-d max pool (``torch.adaptive_max_pool1d``;
    ``nn.functional.adaptive_max_pool1d`` returns the values only unless asked)."""
    return adaptive_max_pool1d_with_indices(input, output_size)


def batch_norm(input: Tensor, weight: Tensor | None, bias: Tensor | None,
               running_mean: Tensor | None, running_var: Tensor | None, training: bool,
               momentum: float, eps: float, cudnn_enabled: bool = True) -> Tensor:
    """Batch normalisation with ``torch.batch_norm``'s argument order (affine parameters
    first); ``cudnn_enabled`` is accepted and ignored."""
    return _norm.batch_norm(input, running_mean, running_var, weight, bias, training, momentum,
                            eps)


def instance_norm(input: Tensor, weight: Tensor | None, bias: Tensor | None,
                  running_mean: Tensor | None, running_var: Tensor | None,
                  use_input_stats: bool, momentum: float, eps: float,
                  cudnn_enabled: bool = True) -> Tensor:
    """Instance normalisation with ``torch.instance_norm``'s argument order;
    ``cudnn_enabled`` is accepted and ignored."""
    return _norm_ext.instance_norm(input, running_mean, running_var, weight, bias,
                                   use_input_stats, momentum, eps)


def layer_norm(input: Tensor, normalized_shape: int | Sequence[int],
               weight: Tensor | None = None, bias: Tensor | None = None, eps: float = 1e-5,
               cudnn_enable: bool = True) -> Tensor:
    """Layer normalisation (``torch.layer_norm``); ``cudnn_enable`` is accepted and ignored."""
    return _norm.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5,
               cudnn_enabled: bool = True) -> Tensor:
    """Group normalisation (``torch.group_norm``); ``cudnn_enabled`` is accepted and ignored."""
    return _norm.group_norm(input, num_groups, weight, bias, eps)


def embedding(weight: Tensor, indices: Tensor, padding_idx: int = -1,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """The rows of ``weight`` at ``indices`` (``torch.embedding``: weight first;
    ``padding_idx=-1`` means none)."""
    return _dropout.embedding(indices, weight, None if padding_idx == -1 else padding_idx,
                              scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


def dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """Dropout (``torch.dropout``: ``p`` and ``train`` required)."""
    return _dropout.dropout(input, p, train)


def alpha_dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """Alpha dropout (``torch.alpha_dropout``: ``p`` and ``train`` required)."""
    return _dropout_ext.alpha_dropout(input, p, train)


def feature_alpha_dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """Feature alpha dropout (``torch.feature_alpha_dropout``: ``p`` and ``train``
    required)."""
    return _dropout_ext.feature_alpha_dropout(input, p, train)
