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

from autograd.checks import as_bool, int_tuple
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
from autograd.ops.nn.recurrent_cells import gru_cell, lstm_cell, rnn_relu_cell, rnn_tanh_cell
from autograd.ops.nn.resample import channel_shuffle, pixel_shuffle, pixel_unshuffle
from autograd.ops.shape.pad import pad as _pad

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
    "dropout_", "alpha_dropout_", "feature_alpha_dropout_", "feature_dropout", "feature_dropout_",
    "rnn_tanh_cell", "rnn_relu_cell", "lstm_cell", "gru_cell", "constant_pad_nd", "convolution",
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


def dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    """In-place dropout (``torch.dropout_``)."""
    return _dropout.dropout(input, p, train, inplace=True)


def alpha_dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    """In-place alpha dropout (``torch.alpha_dropout_``)."""
    return _dropout_ext.alpha_dropout(input, p, train, inplace=True)


def feature_alpha_dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    """In-place feature alpha dropout (``torch.feature_alpha_dropout_``)."""
    return _dropout_ext.feature_alpha_dropout(input, p, train, inplace=True)


def _feature_dropout(input: Tensor, p: float, train: bool, inplace: bool) -> Tensor:
    p = _dropout_ext._check_p(p)
    if train and 0.0 < p < 1.0 and input.numel() and input.ndim < 2:
        raise RuntimeError(f"Feature dropout requires at least 2 dimensions in the input "
                           f"(got shape {list(input.shape)})")
    return _dropout_ext._dropout(input, p, train, inplace, True, False)


def feature_dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """Zero whole features ``input[n, c]`` (one draw shared over the dims after the second)
    with probability ``p`` and scale the rest by ``1 / (1 - p)`` (``torch.feature_dropout``:
    ``dropout2d``'s kernel)."""
    return _feature_dropout(input, p, train, False)


def feature_dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    """In-place ``feature_dropout``."""
    return _feature_dropout(input, p, train, True)


def constant_pad_nd(input: Tensor, pad: Sequence[int], value: float = 0) -> Tensor:
    """Constant padding of the last ``len(pad) // 2`` dims (negative pads crop):
    ``torch.constant_pad_nd``, the kernel of ``F.pad(mode="constant")``."""
    if value is None or isinstance(value, (str, bytes, list, tuple)):
        raise TypeError(f"constant_pad_nd(): argument 'value' (position 3) must be Number, not "
                        f"{type(value).__name__}")
    pad = int_tuple(pad if isinstance(pad, (tuple, list)) else (pad,), "constant_pad_nd", "pad")
    if len(pad) % 2:
        raise RuntimeError(f"constant_pad_nd: Length of pad must be even but instead it "
                           f"equals {len(pad)}")
    if len(pad) // 2 > input.ndim:
        raise RuntimeError(f"constant_pad_nd: Length of pad should be no more than twice the "
                           f"number of dimensions of the input. Pad length is {len(pad)} while "
                           f"the input has {input.ndim} dimensions.")
    return _pad(input, pad, "constant", value)


_CONV = {(1, False): conv1d, (2, False): conv2d, (3, False): conv3d,
         (1, True): conv_transpose1d, (2, True): conv_transpose2d, (3, True): conv_transpose3d}


def convolution(input: Tensor, weight: Tensor, bias: Tensor | None, stride: Sequence[int],
                padding: Sequence[int], dilation: Sequence[int], transposed: bool,
                output_padding: Sequence[int], groups: int) -> Tensor:
    """``torch.convolution``: the 1-, 2- or 3-d convolution (or, with ``transposed``, the
    transposed one) that ``weight``'s rank names, on a batched ``input`` of the same rank."""
    transposed = as_bool(transposed, "convolution", "transposed")
    for name, value in (("stride", stride), ("padding", padding), ("dilation", dilation),
                        ("output_padding", output_padding)):  # parsed even where unused
        int_tuple((value,) if isinstance(value, int) else value, "convolution", name)
    nd = weight.ndim - 2
    if input.ndim != weight.ndim:
        raise RuntimeError(f"convolution: Expected {weight.ndim}-dimensional input for "
                           f"{weight.ndim}-dimensional weight {list(weight.shape)}, but got "
                           f"{input.ndim}-dimensional input of size {list(input.shape)} "
                           "instead")
    op = _CONV.get((nd, bool(transposed)))
    if op is None:
        raise RuntimeError(f"convolution: weight should have 3, 4 or 5 dims, got "
                           f"{weight.ndim} (shape {list(weight.shape)})")
    if transposed:
        return op(input, weight, bias, stride, padding, output_padding, groups, dilation)
    return op(input, weight, bias, stride, padding, dilation, groups)
