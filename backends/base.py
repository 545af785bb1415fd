"""The Backend interface: one array namespace plus the few kernels that differ between them."""

from __future__ import annotations

import types
from typing import Any


class Device:
    """A device: ``type`` is ``"cpu"`` or ``"cuda"``, ``index`` the GPU number (None on cpu).

    Devices are interned, so two tensors are on the same device exactly when their devices
    are the same object. A device compares equal to its string form (``"cpu"``, ``"cuda:0"``).
    """

    __slots__ = ("type", "index", "_str", "_backend")

    def __init__(self, type: str, index: int | None) -> None:
        self.type = type
        self.index = index
        self._str = type if index is None else f"{type}:{index}"
        self._backend = None

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            from backends import _make_backend

            self._backend = _make_backend(self)
        return self._backend

    def __repr__(self) -> str:
        return f"device(type='{self.type}'" + (
            "" if self.index is None else f", index={self.index}"
        ) + ")"

    def __str__(self) -> str:
        return self._str

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Device):
            return self is other
        if isinstance(other, str):
            from backends import device as _parse

            try:
                return _parse(other) is self
            except (RuntimeError, ValueError):
                return False
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._str)

    def __reduce__(self):
        from backends import device as _parse

        return (_parse, (self._str,))


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
