"""Recurrent cells, one step each: RNNCell, LSTMCell, GRUCell.

Parameters ``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh`` with PyTorch's shapes, gate
order and initialisation (U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))); each step is two
GEMMs and, for LSTM and GRU, one fused gate op (``autograd.ops.nn.recurrent_cells``).
"""

from __future__ import annotations

import math
from typing import Any

import autograd as ag
from autograd.ops.nn.recurrent_cells import gru_cell, lstm_cell, rnn_relu_cell, rnn_tanh_cell
from autograd.tensor import Tensor
from nn import init
from nn.module import Module, Parameter


class RNNCellBase(Module):
    """The shared body of the cells: ``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh``."""

    _gates = 1

    def __init__(self, input_size: int, hidden_size: int, bias: bool, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        g = self._gates * hidden_size
        self.weight_ih = Parameter(ag.empty((g, input_size), device=device, dtype=dtype))
        self.weight_hh = Parameter(ag.empty((g, hidden_size), device=device, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(ag.empty((g,), device=device, dtype=dtype))
            self.bias_hh = Parameter(ag.empty((g,), device=device, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def _prepare(self, input: Tensor, hx: Tensor | None) -> tuple[Tensor, Tensor, bool]:
        name = type(self).__name__
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}: expected a Tensor input, got {type(input).__name__}")
        if input.ndim not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.ndim}D "
                             f"instead")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"{name}: input has inconsistent input_size: got "
                               f"{input.shape[-1]} expected {self.input_size}")
        unbatched = input.ndim == 1
        x = input.unsqueeze(0) if unbatched else input
        if hx is None:
            return x, ag.zeros((x.shape[0], self.hidden_size), dtype=x.dtype,
                               device=x.device), unbatched
        if hx.ndim != input.ndim:
            raise RuntimeError(f"{name}: expected hidden state of {input.ndim}-D like the "
                               f"input, got {hx.ndim}-D (shape {list(hx.shape)})")
        h = hx.unsqueeze(0) if unbatched else hx
        if h.shape[0] != x.shape[0]:
            raise RuntimeError(f"{name}: Input batch size {x.shape[0]} doesn't match hidden0 "
                               f"batch size {h.shape[0]}")
        if h.shape[1] != self.hidden_size:
            raise RuntimeError(f"{name}: hidden0 has inconsistent hidden_size: got "
                               f"{h.shape[1]}, expected {self.hidden_size}")
        return x, h, unbatched


class RNNCell(RNNCellBase):
    """One Elman step: ``h' = tanh(W_ih x + b_ih + W_hh h + b_hh)`` (or relu)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", device: Any = None, dtype: Any = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, bias, device, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        """``h'`` for input ``(B, I)`` or ``(I,)`` and ``hx`` (zeros when None)."""
        x, h, unbatched = self._prepare(input, hx)
        cell = rnn_tanh_cell if self.nonlinearity == "tanh" else rnn_relu_cell
        out = cell(x, h, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        return out.squeeze(0) if unbatched else out


class LSTMCell(RNNCellBase):
    """One LSTM step: ``(h', c')`` from gates ``[i, f, g, o]`` of ``W_ih x + b_ih + W_hh h +
    b_hh``, one fused gate op."""

    _gates = 4

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__(input_size, hidden_size, bias, device, dtype)

    def forward(self, input: Tensor, hx: tuple[Tensor, Tensor] | None = None
                ) -> tuple[Tensor, Tensor]:
        """``(h', c')`` for input ``(B, I)`` or ``(I,)`` and ``hx = (h, c)`` (zeros when
        None)."""
        if hx is None:
            x, h, unbatched = self._prepare(input, None)
            c = ag.zeros_like(h)
        else:
            if not isinstance(hx, (tuple, list)):
                raise TypeError(f"LSTMCell: hx must be a tuple of Tensors (h, c), not "
                                f"{type(hx).__name__}")
            if len(hx) != 2:
                raise RuntimeError(f"LSTMCell: lstm_cell expects two hidden states (h, c), got "
                                   f"{len(hx)}")
            x, h, unbatched = self._prepare(input, hx[0])
            c = hx[1].unsqueeze(0) if unbatched else hx[1]
            if tuple(c.shape) != tuple(h.shape):
                raise RuntimeError(f"LSTMCell: Expected cell state of shape {list(h.shape)}, "
                                   f"got {list(hx[1].shape)}")
        hy, cy = lstm_cell(x, (h, c), self.weight_ih, self.weight_hh, self.bias_ih,
                           self.bias_hh)
        return (hy.squeeze(0), cy.squeeze(0)) if unbatched else (hy, cy)


class GRUCell(RNNCellBase):
    """One GRU step: gates ``[r, z, n]``, ``h' = (1 - z) n + z h``, one fused gate op."""

    _gates = 3

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__(input_size, hidden_size, bias, device, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        """``h'`` for input ``(B, I)`` or ``(I,)`` and ``hx`` (zeros when None)."""
        x, h, unbatched = self._prepare(input, hx)
        out = gru_cell(x, h, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        return out.squeeze(0) if unbatched else out
