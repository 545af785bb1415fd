"""``torch.nn.modules.rnn``: the same classes as ``nn`` (for code that imports or subclasses
them from here)."""

from __future__ import annotations

from nn.layers.recurrent import GRU, LSTM, RNN, RNNBase
from nn.layers.recurrent_cells import GRUCell, LSTMCell, RNNCell, RNNCellBase

__all__ = ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNBase", "RNNCell", "RNNCellBase"]
