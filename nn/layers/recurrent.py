"""Recurrent layers: RNN, LSTM, GRU (stacked, bidirectional, packed); the cells are in
``nn.layers.recurrent_cells``.

Parameters have PyTorch's names, shapes, gate order and initialisation (every one drawn from
U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))), so a PyTorch state dict loads unchanged. Each
layer and direction runs as two ops: the input projection of the whole sequence (one GEMM,
``F.linear``) and ``recurrent_layer`` (the recurrence, one fused op; see
autograd/ops/nn/recurrent.py). Padded input is run as a packed batch whose steps all hold the
whole batch, so the two kinds of input share one code path.
"""

from __future__ import annotations

import math
import numbers
import warnings
from typing import Any

import autograd as ag
from autograd.ops.nn.recurrent import recurrent_layer
from autograd.tensor import Tensor
from nn import functional as F
from nn import init
from nn.module import Module, Parameter
from nn.utils.rnn import PackedSequence

_GATES = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}


class RNNBase(Module):
    """The shared body of RNN, LSTM and GRU (``torch.nn.RNNBase``)."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        name = {"RNN_TANH": "RNN", "RNN_RELU": "RNN"}.get(mode, mode)
        if not isinstance(dropout, numbers.Number) or not 0 <= dropout <= 1 or \
                isinstance(dropout, bool):
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                          "non-zero dropout expects num_layers greater than 1, but got "
                          f"dropout={dropout} and num_layers={num_layers}", stacklevel=3)
        for arg, value in (("hidden_size", hidden_size), ("num_layers", num_layers)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{arg} should be of type int, got: {type(value).__name__}")
            if value <= 0:
                raise ValueError(f"{arg} must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable "
                             "projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if proj_size and mode != "LSTM":
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        self.mode = mode
        self._name = name
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        gate_size = _GATES[mode] * hidden_size
        real_hidden = proj_size or hidden_size
        directions = 2 if bidirectional else 1
        self._flat_weights_names: list[str] = []
        self._all_weights: list[list[str]] = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input = input_size if layer == 0 else real_hidden * directions
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                shapes = [("weight_ih", (gate_size, layer_input)),
                          ("weight_hh", (gate_size, real_hidden))]
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                names = []
                for base, shape in shapes:
                    setattr(self, base + suffix,
                            Parameter(ag.empty(shape, device=device, dtype=dtype)))
                    names.append(base + suffix)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    @property
    def all_weights(self) -> list[list[Parameter]]:
        """The parameters per layer and direction, in PyTorch's order."""
        return [[getattr(self, n) for n in names] for names in self._all_weights]

    @property
    def _flat_weights(self) -> list[Parameter]:
        return [getattr(self, n) for n in self._flat_weights_names]

    def flatten_parameters(self) -> None:
        """A no-op (PyTorch compacts the weights for cuDNN; nothing to do here)."""

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout:g}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    # -- forward ---------------------------------------------------------------------------

    def _state_shape(self, batch: int, width: int) -> tuple[int, int, int]:
        return (self.num_layers * (2 if self.bidirectional else 1), batch, width)

    def _check_state(self, hx: Tensor, batch: int, width: int, unbatched: bool,
                     label: str) -> None:
        want = self._state_shape(batch, width)
        got = tuple(hx.shape) if not unbatched else tuple(hx.shape[:1]) + (1,) + tuple(
            hx.shape[1:])
        if got != want:
            want_s = want if not unbatched else (want[0], want[2])
            raise RuntimeError(f"{self._name}: Expected {label} size {want_s}, got "
                               f"{list(hx.shape)}")

    def _initial_states(self, input: Tensor, hx: Any, batch: int, unbatched: bool,
                        sorted_indices: Tensor | None) -> tuple[Tensor, Tensor | None]:
        real_hidden = self.proj_size or self.hidden_size
        lstm = self.mode == "LSTM"
        if hx is None:
            kw = {"dtype": input.dtype, "device": input.device}
            h0 = ag.zeros(self._state_shape(batch, real_hidden), **kw)
            c0 = ag.zeros(self._state_shape(batch, self.hidden_size), **kw) if lstm else None
            return h0, c0
        if lstm:
            if not isinstance(hx, (tuple, list)) or len(hx) != 2:
                raise _hx_error(self._name, hx)(
                    f"{self._name}: expected hx to be a tuple (h_0, c_0), got "
                    f"{type(hx).__name__}" + (f" of shape {list(hx.shape)}"
                                               if isinstance(hx, Tensor) else ""))
            h0, c0 = hx
        else:
            h0, c0 = hx, None
        states = [s for s in (h0, c0) if s is not None]
        dims = {s.ndim for s in states}
        need = 2 if unbatched else 3
        if dims != {need}:
            kind = "unbatched 2-D" if unbatched else "batched 3-D"
            names = "hx and cx" if lstm else "hx"
            got = ", ".join(f"{s.ndim}-D" for s in states)
            raise RuntimeError(f"{self._name}: For {kind} input, {names} should also be "
                               f"{need}-D but got ({got}) tensors")
        if h0.dtype != input.dtype and not ag.is_autocast_enabled(input.device.type):
            raise RuntimeError(f"{self._name}: the hidden state's dtype {h0.dtype} differs from "
                               f"the input's {input.dtype}; convert it with "
                               f"hx.to({input.dtype})")
        if lstm:
            self._check_state(h0, batch, real_hidden, unbatched, "hidden[0]")
            self._check_state(c0, batch, self.hidden_size, unbatched, "hidden[1]")
        else:
            self._check_state(h0, batch, real_hidden, unbatched, "hidden")
        if unbatched:
            h0 = h0.unsqueeze(1)
            c0 = c0.unsqueeze(1) if c0 is not None else None
        if sorted_indices is not None:  # the states follow the sequences into sorted order
            h0 = h0.index_select(1, sorted_indices)
            c0 = c0.index_select(1, sorted_indices) if c0 is not None else None
        return h0, c0

    def _check_dtype(self, input: Tensor) -> None:
        """PyTorch's ValueError for an input whose dtype is not the weights' (outside
        autocast, which casts both)."""
        weight = self._flat_weights[0]
        if input.dtype != weight.dtype and not ag.is_autocast_enabled(input.device.type):
            raise ValueError(f"{self._name} input dtype ({input.dtype}) does not match weight "
                             f"dtype ({weight.dtype}). Convert input: input.to({weight.dtype}), "
                             f"or convert model: model.to({input.dtype})")

    def forward(self, input: Tensor | PackedSequence, hx: Any = None) -> tuple:
        """``(output, h_n)`` (LSTM: ``(output, (h_n, c_n))``) for a padded ``(T, B, I)``
        (``(B, T, I)`` with batch_first), unbatched ``(T, I)`` or packed input."""
        packed = isinstance(input, PackedSequence)
        unbatched = False
        if packed:
            data, batch_sizes, sorted_indices, unsorted_indices = input
            sizes = tuple(int(b) for b in batch_sizes.tolist())
            batch = sizes[0] if sizes else 0
            x = data
            self._check_dtype(data)
            if data.ndim != 2:
                raise RuntimeError(f"{self._name}: Expected packed data to be 2D (rows, "
                                   f"input_size), got {data.ndim}D instead")
        else:
            if not isinstance(input, Tensor):
                raise TypeError(f"{self._name}: expected a Tensor or PackedSequence input, got "
                                f"{type(input).__name__}")
            self._check_dtype(input)
            if input.ndim not in (2, 3):
                raise ValueError(f"{self._name}: Expected input to be 2D or 3D, got "
                                 f"{input.ndim}D instead")
            unbatched = input.ndim == 2
            sorted_indices = unsorted_indices = None
            x = input.unsqueeze(1) if unbatched else input
            if self.batch_first and not unbatched:
                x = x.transpose(0, 1)
            steps, batch = x.shape[0], x.shape[1]
            if steps == 0:
                raise RuntimeError(f"{self._name}: Expected sequence length to be larger than 0 "
                                   f"in RNN (input shape {list(input.shape)})")
            sizes = (batch,) * steps
        if x.shape[-1] != self.input_size:
            raise RuntimeError(f"{self._name}: input.size(-1) must be equal to input_size. "
                               f"Expected {self.input_size}, got {x.shape[-1]} (input shape "
                               f"{list(x.shape)})")
        h0, c0 = self._initial_states(x, hx, batch, unbatched, sorted_indices)
        if not packed:
            x = x.reshape(steps * batch, self.input_size)
        out, h_n, c_n = self._run(x, h0, c0, sizes)
        if packed:
            output: Any = PackedSequence(out, batch_sizes, sorted_indices, unsorted_indices)
            if unsorted_indices is not None:
                h_n = h_n.index_select(1, unsorted_indices)
                c_n = c_n.index_select(1, unsorted_indices) if c_n is not None else None
        else:
            output = out.reshape(steps, batch, out.shape[-1])
            if unbatched:
                output = output.squeeze(1)
                h_n = h_n.squeeze(1)
                c_n = c_n.squeeze(1) if c_n is not None else None
            elif self.batch_first:
                output = output.transpose(0, 1)
        return (output, (h_n, c_n)) if self.mode == "LSTM" else (output, h_n)

    def _run(self, x: Tensor, h0: Tensor, c0: Tensor | None, sizes: tuple) -> tuple:
        """Every layer and direction over the packed rows ``x``; (output rows, h_n, c_n)."""
        directions = 2 if self.bidirectional else 1
        lstm = self.mode == "LSTM"
        hs, cs = [], []
        for layer in range(self.num_layers):
            outs = []
            for direction in range(directions):
                k = layer * directions + direction
                weights = self.all_weights[k]
                w_ih, w_hh = weights[0], weights[1]
                b_ih, b_hh = (weights[2], weights[3]) if self.bias else (None, None)
                w_hr = weights[-1] if self.proj_size else None
                if b_hh is not None and self.mode != "GRU":
                    # both biases add to the same gates: fold b_hh into the input projection
                    # (GRU keeps b_hn inside its reset product, so it passes b_hh along)
                    b_ih, b_hh = b_ih + b_hh, None
                gates = F.linear(x, w_ih, b_ih)  # the whole sequence's input projection
                result = recurrent_layer(gates, h0[k], w_hh, b_hh, mode=self.mode,
                                         cx=c0[k] if lstm else None, weight_hr=w_hr,
                                         batch_sizes=sizes, reverse=direction == 1)
                outs.append(result[0])
                hs.append(result[1])
                if lstm:
                    cs.append(result[2])
            x = outs[0] if directions == 1 else ag.cat(outs, 1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, training=True)
        return x, ag.stack(hs), ag.stack(cs) if lstm else None


class RNN(RNNBase):
    """Elman RNN: ``h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)`` (or relu)."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, device: Any = None,
                 dtype: Any = None, *, proj_size: int = 0) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             "'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size,
                         hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         proj_size, device=device, dtype=dtype)


class LSTM(RNNBase):
    """Long short-term memory, gates ``[i, f, g, o]``, with an optional output projection
    (``proj_size``): ``c_t = f c_{t-1} + i g``, ``h_t = W_hr (o tanh(c_t))``."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, proj_size, device, dtype)


class GRU(RNNBase):
    """Gated recurrent unit, gates ``[r, z, n]``: ``n = tanh(W_in x + b_in + r (W_hn h +
    b_hn))``, ``h_t = (1 - z) n + z h_{t-1}``."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, device: Any = None, dtype: Any = None, *,
                 proj_size: int = 0) -> None:
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, proj_size, device=device, dtype=dtype)


def _hx_error(name: str, hx: Any) -> type:
    """The type of PyTorch's error for an LSTM ``hx`` that is not a pair: it unpacks ``hx``
    as ``h_0, c_0``, so a Tensor whose first dim is 1 fails on an index (IndexError), one of
    more than 2 on the unpacking (ValueError); anything else checks as a wrong state."""
    if isinstance(hx, Tensor) and hx.ndim:
        if hx.shape[0] < 2:
            return IndexError
        if hx.shape[0] > 2:
            return ValueError
    return RuntimeError
