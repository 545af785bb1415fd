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
from nn.layers.attention import MultiheadAttention
from nn.layers.conv import Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d
from nn.layers.dropout import Dropout
from nn.layers.embedding import Embedding
from nn.layers.linear import Bilinear, Flatten, Identity, Linear, Unflatten
from nn.layers.norm import BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm, RMSNorm
from nn.layers.pool import AdaptiveAvgPool2d, AvgPool2d, MaxPool1d, MaxPool2d
from nn.layers.recurrent import GRU, LSTM, RNN, RNNBase
from nn.layers.recurrent_cells import GRUCell, LSTMCell, RNNCell, RNNCellBase
from nn.layers.transformer import (
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)

__all__ = [
    "Identity", "Linear", "Bilinear", "Flatten", "Unflatten",
    "ReLU", "LeakyReLU", "ELU", "GELU", "SiLU", "Sigmoid", "Tanh", "Softplus", "Softmax",
    "LogSoftmax",
    "Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d",
    "MaxPool1d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d",
    "BatchNorm1d", "BatchNorm2d", "LayerNorm", "GroupNorm", "RMSNorm",
    "Dropout", "Embedding",
    "RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell",
    "MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder",
    "TransformerDecoderLayer", "TransformerDecoder", "Transformer",
]
