"""The Backend interface: one array namespace plus the few kernels that differ between them."""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any

from backends import rnn_kernels

if TYPE_CHECKING:
    from backends.devices import Device


class Backend:
    """A device's array namespace (``numpy`` or ``cupy``) and its device-specific kernels.

    Every public name of the namespace module is copied onto the backend object, so op code
    writes ``xp.exp(x)`` against ``ctx.xp`` (this object) and runs unchanged on both devices.
    The methods below are the few kernels that differ between NumPy and CuPy.
    """

    name: str = "base"
    differentiable = False  # autograd's own namespace (used by create_graph) says True

    def __init__(self, module: types.ModuleType, device: Device) -> None:
        cls = type(self)
        for key in dir(module):
            if not key.startswith("_") and not hasattr(cls, key):
                try:
                    setattr(self, key, getattr(module, key))
                except Exception:  # names that are listed but refuse to be read (deprecated)
                    pass
        self.module = module
        self.device = device

    # -- host transfers -------------------------------------------------------------------
    def to_numpy(self, array: Any) -> Any:
        """Return ``array`` as a host NumPy array (a copy on GPU, no copy on CPU)."""
        raise NotImplementedError

    def from_numpy(self, array: Any) -> Any:
        """Move a host NumPy array to this device (no copy on CPU)."""
        raise NotImplementedError

    def synchronize(self) -> None:
        """Wait until queued work on the device has finished (no-op on CPU)."""

    # -- kernels that differ ---------------------------------------------------------------
    def index_add(self, target: Any, index: Any, values: Any) -> None:
        """``target[index] += values`` with repeated indices accumulated (unbuffered)."""
        raise NotImplementedError

    def erf(self, x: Any) -> Any:
        """The error function, elementwise."""
        raise NotImplementedError

    def sigmoid(self, x: Any) -> Any:
        """1 / (1 + exp(-x)), elementwise: exact in both tails (exp(-x) overflowing to inf
        gives the right limit 0), three passes over the data."""
        return 1 / (1 + self.module.exp(-x))

    # -- fused recurrent steps (see backends/rnn_kernels.py for the layouts) ----------------
    def lstm_cell(self, input_gates: Any, hidden_gates: Any, cx: Any, hy: Any, cy: Any,
                  workspace: Any) -> None:
        """One LSTM step's gate math, written into ``hy``, ``cy`` (B, H) and ``workspace``
        (5, B, H): ``c' = f cx + i g``, ``h' = o tanh(c')`` with the gates ``[i, f, g, o]``
        of ``input_gates + hidden_gates`` (B, 4H); ``cy`` may be ``cx``."""
        rnn_kernels.lstm_cell(self.module, input_gates, hidden_gates, cx, hy, cy, workspace)

    def lstm_cell_backward(self, ghy: Any, gcy: Any, cx: Any, workspace: Any, g_gates: Any,
                           gcx: Any) -> None:
        """The gradients of ``lstm_cell`` into ``g_gates`` (B, 4H) and ``gcx`` (B, H);
        ``gcx`` may be the same array as ``gcy``."""
        rnn_kernels.lstm_cell_backward(self.module, ghy, gcy, cx, workspace, g_gates, gcx)

    def gru_cell(self, input_gates: Any, hidden_gates: Any, hx: Any, hy: Any,
                 workspace: Any) -> None:
        """One GRU step's gate math, written into ``hy`` (B, H) and ``workspace`` (4, B, H):
        gates ``[r, z, n]`` with the hidden part of ``n`` inside the reset product."""
        rnn_kernels.gru_cell(self.module, input_gates, hidden_gates, hx, hy, workspace)

    def gru_cell_backward(self, ghy: Any, hx: Any, workspace: Any, g_input_gates: Any,
                          g_hidden_gates: Any, ghx: Any) -> None:
        """The gradients of ``gru_cell`` into ``g_input_gates``, ``g_hidden_gates`` (B, 3H)
        and ``ghx`` (B, H), the previous state's direct path ``z * ghy``."""
        rnn_kernels.gru_cell_backward(self.module, ghy, hx, workspace, g_input_gates,
                                      g_hidden_gates, ghx)

    # -- random numbers --------------------------------------------------------------------
    def seed(self, seed: int) -> None:
        """Reseed this backend's generator."""
        raise NotImplementedError

    def random_uniform(self, shape: tuple[int, ...], low: float, high: float, dtype: Any) -> Any:
        """Samples from U(low, high) of ``shape`` and ``dtype``, from this device's generator."""
        raise NotImplementedError

    def random_normal(self, shape: tuple[int, ...], mean: float, std: float, dtype: Any) -> Any:
        """Samples from N(mean, std^2) of ``shape`` and ``dtype``, from this device's generator."""
        raise NotImplementedError

    def random_integers(self, shape: tuple[int, ...], low: int, high: int, dtype: Any) -> Any:
        """Integers in [low, high) of ``shape`` and ``dtype``, from this device's generator."""
        raise NotImplementedError

    def random_permutation(self, n: int) -> Any:
        """A random permutation of ``0..n-1``, from this device's generator."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.device}>"
