"""The Backend interface: one array namespace plus the few kernels that differ between them."""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any

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

    # -- random numbers --------------------------------------------------------------------
    def seed(self, seed: int) -> None:
        """Reseed this backend's generator."""
        raise NotImplementedError

    def get_rng_state(self) -> Any:
        """A snapshot of this backend's generator, for ``set_rng_state`` (activation
        checkpointing replays the random draws of a forward with it)."""
        raise NotImplementedError

    def set_rng_state(self, state: Any) -> None:
        """Put this backend's generator back to a ``get_rng_state`` snapshot."""
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
