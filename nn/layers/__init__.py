"""Layers (``torch.nn``'s modules), one file per family."""

from __future__ import annotations

from nn.layers.activation import (
    ELU,
    GELU,
    LeakyReLU,
    LogSoftmax,
    ReLU,
    Sigmoid,
    SiLU,
    Softmax,
    Softplus,
    Tanh,
)
from nn.layers.linear import Bilinear, Flatten, Identity, Linear, Unflatten

__all__ = [
    "Identity", "Linear", "Bilinear", "Flatten", "Unflatten",
    "ReLU", "LeakyReLU", "ELU", "GELU", "SiLU", "Sigmoid", "Tanh", "Softplus", "Softmax",
    "LogSoftmax",
]
