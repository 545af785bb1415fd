"""nn.utils (``torch.nn.utils``): gradient clipping, flat parameter vectors, activation
checkpointing (``nn.utils.checkpoint``), parametrizations (``nn.utils.parametrize``,
``nn.utils.parametrizations``), packed sequences (``nn.utils.rnn``) and the older hook-based
weight norm."""

from __future__ import annotations

from nn.utils import checkpoint, parametrizations, parametrize, rnn, stateless
from nn.utils.clip_grad import (
    clip_grad_norm_,
    clip_grad_value_,
    clip_grads_with_norm_,
    get_total_norm,
)
from nn.utils.convert_parameters import parameters_to_vector, vector_to_parameters
from nn.utils.weight_norm_hooks import remove_weight_norm, weight_norm

__all__ = ["checkpoint", "clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_",
           "get_total_norm", "parameters_to_vector", "parametrizations", "parametrize",
           "remove_weight_norm", "rnn", "stateless", "vector_to_parameters", "weight_norm"]
