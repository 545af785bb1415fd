"""nn.functional (``torch.nn.functional``, import as ``F``): the stateless forms of the layers.

Layers are thin over these; each is one fused op where PyTorch fuses (``linear``, the
activations, ``softmax`` / ``log_softmax``) and a composition of autograd ops otherwise. The
kernels are autograd's (``autograd.linear``, ``autograd.conv2d``, ...) and the losses'
functional forms live in ``nn.losses``; this module gathers them under PyTorch's names.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import autograd as ag
from autograd import log_softmax, one_hot, sigmoid, softmax, tanh
from autograd.ops.argcheck import wrap_namespace as _wrap_namespace
from autograd.ops.nn import activation as _activation
from autograd.ops.nn.activation import elu_, gelu, leaky_relu_, silu_, softplus
from autograd.ops.nn.activation_ext import (
    celu,
    celu_,
    glu,
    gumbel_softmax,
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    hardtanh_,
    logsigmoid,
    mish,
    prelu,
    relu6,
    rrelu,
    rrelu_,
    selu,
    selu_,
    softshrink,
    softsign,
    tanhshrink,
    threshold,
    threshold_,
)
from autograd.ops.nn.attention import scaled_dot_product_attention
from autograd.ops.nn.conv import conv1d, conv2d, conv_transpose1d, conv_transpose2d
from autograd.ops.nn.conv3d import conv3d, conv_transpose3d
from autograd.ops.nn.distance import cosine_similarity, normalize, pairwise_distance, pdist
from autograd.ops.nn.dropout import dropout, embedding
from autograd.ops.nn.dropout_ext import (
    alpha_dropout,
    dropout1d,
    dropout2d,
    dropout3d,
    embedding_bag,
    feature_alpha_dropout,
)
from autograd.ops.nn.fold import fold, unfold
from autograd.ops.nn.grid import affine_grid, grid_sample
from autograd.ops.nn.linear import bilinear, linear
from autograd.ops.nn.norm import batch_norm, group_norm, layer_norm, rms_norm
from autograd.ops.nn.norm_ext import instance_norm, local_response_norm
from autograd.ops.nn.pool import (
    adaptive_avg_pool2d,
    avg_pool2d,
    max_pool1d,
    max_pool1d_with_indices,
    max_pool2d,
    max_pool2d_with_indices,
)
from autograd.ops.nn.pool_ext import (
    adaptive_avg_pool1d,
    adaptive_avg_pool3d,
    adaptive_max_pool1d,
    adaptive_max_pool1d_with_indices,
    adaptive_max_pool2d,
    adaptive_max_pool2d_with_indices,
    adaptive_max_pool3d,
    adaptive_max_pool3d_with_indices,
    avg_pool1d,
    avg_pool3d,
    lp_pool1d,
    lp_pool2d,
    lp_pool3d,
    max_pool3d,
    max_pool3d_with_indices,
    max_unpool1d,
    max_unpool2d,
    max_unpool3d,
)
from autograd.ops.nn.pool_fractional import (
    fractional_max_pool2d,
    fractional_max_pool2d_with_indices,
    fractional_max_pool3d,
    fractional_max_pool3d_with_indices,
)
from autograd.ops.nn.resample import channel_shuffle, interpolate, pixel_shuffle, pixel_unshuffle
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
from nn.losses_margin import (
    cosine_embedding_loss,
    hinge_embedding_loss,
    margin_ranking_loss,
    multi_margin_loss,
    multilabel_margin_loss,
    multilabel_soft_margin_loss,
    soft_margin_loss,
    triplet_margin_loss,
    triplet_margin_with_distance_loss,
)
from nn.losses_prob import ctc_loss, gaussian_nll_loss, poisson_nll_loss
from nn.mha import multi_head_attention_forward

__all__ = [
    "linear", "bilinear", "relu", "relu_", "leaky_relu", "leaky_relu_", "elu", "elu_", "gelu",
    "silu", "sigmoid", "tanh", "softplus", "logsigmoid", "softmax", "log_softmax", "softmin",
    "hardtanh", "hardtanh_", "relu6", "selu", "celu", "prelu", "rrelu", "glu", "tanhshrink",
    "softshrink", "hardshrink", "threshold", "threshold_", "hardswish", "hardsigmoid", "mish",
    "softsign", "gumbel_softmax", "selu_", "celu_", "rrelu_",
    "one_hot", "pad", "dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
    "feature_alpha_dropout", "embedding", "embedding_bag",
    "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    "unfold", "fold",
    "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d",
    "adaptive_max_pool2d", "adaptive_max_pool3d", "max_unpool1d", "max_unpool2d",
    "max_unpool3d", "lp_pool1d",
    "lp_pool2d", "lp_pool3d", "max_pool1d_with_indices", "max_pool2d_with_indices",
    "max_pool3d_with_indices", "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d_with_indices", "adaptive_max_pool3d_with_indices",
    "fractional_max_pool2d", "fractional_max_pool2d_with_indices", "fractional_max_pool3d",
    "fractional_max_pool3d_with_indices",
    "batch_norm", "layer_norm", "group_norm", "instance_norm", "local_response_norm",
    "interpolate", "upsample", "upsample_nearest", "upsample_bilinear", "pixel_shuffle",
    "pixel_unshuffle", "channel_shuffle", "native_channel_shuffle", "grid_sample",
    "affine_grid", "normalize", "cosine_similarity", "pairwise_distance", "pdist",
    "rms_norm", "scaled_dot_product_attention", "multi_head_attention_forward",
    # losses (nn.losses)
    "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "cross_entropy", "nll_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div",
    "cosine_embedding_loss", "margin_ranking_loss", "hinge_embedding_loss",
    "triplet_margin_loss", "triplet_margin_with_distance_loss", "soft_margin_loss",
    "multilabel_soft_margin_loss", "multilabel_margin_loss", "multi_margin_loss",
    "poisson_nll_loss", "gaussian_nll_loss", "ctc_loss",
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


# -- softmax family (fused kernels in autograd.ops.nn_ops) ----------------------------------


def softmin(input: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:
    """softmax(-input) along ``dim``."""
    if dtype is not None:
        input = input.to(dtype)
    return softmax(-input, dim)


# -- padding and resampling -------------------------------------------------------------------

_PAD_SIZES = {2: (2, 3), 4: (3, 4), 6: (4, 5)}  # non-constant modes: pad length -> input dims


def pad(input: Tensor, pad: Sequence[int], mode: str = "constant",
        value: float | None = None) -> Tensor:
    """Pad the last ``len(pad) // 2`` dims, ``pad`` listing (left, right) from the last dim
    back: ``constant`` (with ``value``), ``reflect``, ``replicate`` or ``circular``; the
    non-constant modes pad the last 1, 2 or 3 dims of a batched or unbatched input, as
    PyTorch (``autograd.pad`` itself takes any rank)."""
    if not isinstance(pad, (tuple, list)) or not all(
            isinstance(p, int) or hasattr(p, "__index__") and not isinstance(p, float)
            for p in pad):
        raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, not {pad!r}")
    if value is not None and (isinstance(value, (str, bytes)) or not hasattr(value, "__float__")):
        raise TypeError(f"pad(): argument 'value' (position 4) must be float, not "
                        f"{type(value).__name__}")
    if mode != "constant":
        if isinstance(input, ag.Tensor) and len(pad) % 2 == 0 and len(pad) > 2 * input.ndim:
            raise RuntimeError(f"pad: Padding length should be less than or equal to two times "
                               f"the input dimension but got padding length {len(pad)} and "
                               f"input of dimension {input.ndim} (shape {list(input.shape)})")
        dims = _PAD_SIZES.get(len(pad))
        if dims is None or input.ndim not in dims:
            raise NotImplementedError(
                f"Padding size {len(pad)} is not supported for {input.ndim}D input tensor.\n"
                "Supported combinations for non-constant padding:\n"
                "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
                "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
                "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
        if mode in ("reflect", "replicate"):
            shape = tuple(input.shape)
            batched = len(shape) == dims[1]  # an empty batch is fine, other empty dims not
            if 0 in shape[1 if batched else 0:]:
                raise RuntimeError(f"pad: Expected {dims[0]}D or {dims[1]}D (batch mode) tensor "
                                   f"with possibly 0 batch size and other non-zero dimensions "
                                   f"for input, but got: {list(shape)} (mode {mode!r})")
    return ag.pad(input, pad, mode, value)


def upsample(input: Tensor, size: Any = None, scale_factor: Any = None,
             mode: str = "nearest", align_corners: bool | None = None) -> Tensor:
    """Deprecated alias of ``interpolate`` (with PyTorch's warning)."""
    warnings.warn("nn.functional.upsample is deprecated. Use nn.functional.interpolate "
                  "instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:
    """Deprecated: ``interpolate(..., mode='nearest')``."""
    warnings.warn("nn.functional.upsample_nearest is deprecated. Use "
                  "nn.functional.interpolate instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:
    """Deprecated: ``interpolate(..., mode='bilinear', align_corners=True)``."""
    warnings.warn("nn.functional.upsample_bilinear is deprecated. Use "
                  "nn.functional.interpolate instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


native_channel_shuffle = channel_shuffle


_wrap_namespace(globals(), __all__)  # PyTorch's TypeError for non-Tensor arguments
