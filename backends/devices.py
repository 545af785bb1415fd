"""Devices: ``device("cpu" | "cuda" | "cuda:N")`` parses a spec into one interned ``Device``,
whose ``backend`` (NumPy or CuPy) is made on first use."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backends.base import Backend


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
            try:
                return device(other) is self
            except (RuntimeError, ValueError):
                return False
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._str)

    def __reduce__(self):
        return (device, (self._str,))


_devices: dict[str, Device] = {}
_lock = threading.Lock()
CPU = Device("cpu", None)
_devices["cpu"] = CPU


def device(spec: str | Device | None = None) -> Device:
    """Parse ``"cpu"``, ``"cuda"`` or ``"cuda:N"`` (or a Device) into the interned Device.

    ``None`` gives the default device. Parsing does not check that the device exists.
    """
    if spec is None:
        return _default
    if isinstance(spec, Device):
        return spec
    if spec == "cuda":  # no index: the current GPU of this thread
        return device(f"cuda:{current_cuda_index()}")
    found = _devices.get(spec)
    if found is not None:
        return found
    if not isinstance(spec, str):
        raise TypeError(f"device must be a string or Device, got {type(spec).__name__}")
    text = spec.strip().lower()
    kind, colon, index = text.partition(":")
    if colon and not index:
        raise RuntimeError(f"invalid device string: {spec!r} (expected 'cpu', 'cuda' or 'cuda:N')")
    if kind == "cpu" and index in ("", "0"):
        dev = CPU
    elif kind in ("cuda", "gpu"):
        try:
            number = int(index) if index else current_cuda_index()
        except ValueError:
            raise RuntimeError(f"invalid device string: {spec!r}") from None
        if number < 0:
            raise RuntimeError(f"invalid device string: {spec!r}")
        key = f"cuda:{number}"
        with _lock:
            dev = _devices.get(key)
            if dev is None:
                dev = _devices[key] = Device("cuda", number)
    else:
        raise RuntimeError(
            f"invalid device string: {spec!r} (expected 'cpu', 'cuda' or 'cuda:N')"
        )
    if index:  # "cuda" alone follows the current GPU, so it is never cached
        _devices[spec] = dev
    elif kind == "cpu":
        _devices[spec] = dev
    return dev


_current = threading.local()  # the current GPU index, per thread as in CUDA


def current_cuda_index() -> int:
    """The GPU that ``"cuda"`` without an index means in this thread (0 unless set)."""
    return getattr(_current, "index", 0)


def set_current_cuda_index(index: int) -> None:
    """Make ``"cuda"`` without an index mean GPU ``index`` in this thread (checked by the
    caller against the GPU count)."""
    _current.index = index


def _make_backend(dev: Device) -> Backend:
    if dev.type == "cpu":
        from backends.numpy_backend import NumpyBackend

        return NumpyBackend(dev)
    from backends.cupy_backend import CupyBackend

    return CupyBackend(dev)


_default: Device = CPU


def set_default_device(spec: str | Device) -> None:
    """Make ``spec`` the device that creation functions use when given none."""
    global _default
    dev = device(spec)
    _ = dev.backend  # fail now, with the clear error, if the device cannot be used
    _default = dev


def default_device() -> Device:
    """The device creation functions use when given none (``"cpu"`` unless changed)."""
    return _default
