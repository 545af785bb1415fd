"""nn.utils (``torch.nn.utils``): gradient clipping, flat parameter vectors, activation
checkpointing (``nn.utils.checkpoint``), pruning (``nn.utils.prune``), parametrizations
(``nn.utils.parametrize``, ``nn.utils.parametrizations``), packed sequences
(``nn.utils.rnn``) and the older hook-based weight and spectral norms, conv/linear-BatchNorm
fusion and ``skip_init``."""

from __future__ import annotations

from nn.utils import checkpoint, parametrizations, parametrize, prune, rnn, stateless
from nn.utils.clip_grad import (
    clip_grad_norm,
    clip_grad_norm_,
    clip_grad_value_,
    clip_grads_with_norm_,
    get_total_norm,
)
from nn.utils.convert_parameters import parameters_to_vector, vector_to_parameters
from nn.utils.fusion import (
    fuse_conv_bn_eval,
    fuse_conv_bn_weights,
    fuse_linear_bn_eval,
    fuse_linear_bn_weights,
)
from nn.utils.init import skip_init
from nn.utils.spectral_norm_hooks import remove_spectral_norm, spectral_norm
from nn.utils.weight_norm_hooks import remove_weight_norm, weight_norm

__all__ = ["checkpoint", "clip_grad_norm", "clip_grad_norm_", "clip_grad_value_",
           "clip_grads_with_norm_", "fuse_conv_bn_eval", "fuse_conv_bn_weights",
           "fuse_linear_bn_eval", "fuse_linear_bn_weights", "get_total_norm",
           "parameters_to_vector", "parametrizations", "parametrize", "prune",
           "remove_spectral_norm",
           "remove_weight_norm", "rnn", "skip_init", "spectral_norm", "stateless",
           "vector_to_parameters",
           "weight_norm"]
