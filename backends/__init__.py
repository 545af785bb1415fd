"""Array backends: NumPy on ``"cpu"``, CuPy on ``"cuda"`` / ``"cuda:N"``.

``backends.get(device)`` returns the backend of a device; ``backends.cuda`` answers whether a
GPU can be used; ``AUTOGRAD_DEVICE=cpu|cuda`` sets the default device at import.
"""

from __future__ import annotations

import os
import threading

from backends.base import Backend, Device

__all__ = [
    "Backend",
    "Device",
    "cuda",
    "default_device",
    "device",
    "get",
    "set_default_device",
]

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
            number = int(index) if index else 0
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
    _devices[spec] = dev
    return dev


def _make_backend(dev: Device) -> Backend:
    if dev.type == "cpu":
        from backends.numpy_backend import NumpyBackend

        return NumpyBackend(dev)
    from backends.cupy_backend import CupyBackend

    return CupyBackend(dev)


def get(spec: str | Device | None = None) -> Backend:
    """Return the backend for a device (``"cpu"``, ``"cuda"``, ``"cuda:N"``, or the default)."""
    return device(spec).backend


def set_default_device(spec: str | Device) -> None:
    """Make ``spec`` the device that creation functions use when given none."""
    global _default
    dev = device(spec)
    _ = dev.backend  # fail now, with the clear error, if the device cannot be used
    _default = dev


def default_device() -> Device:
    """The device creation functions use when given none (``"cpu"`` unless changed)."""
    return _default


class _Cuda:
    """``backends.cuda``: whether CuPy and an NVIDIA GPU are usable."""

    @staticmethod
    def is_available() -> bool:
        """True when CuPy imports and at least one GPU is visible."""
        return _Cuda.device_count() > 0

    @staticmethod
    def device_count() -> int:
        """The number of visible GPUs (0 without CuPy or a driver)."""
        try:
            from backends.cupy_backend import load_cupy

            cupy = load_cupy()
        except RuntimeError:
            return 0
        return int(cupy.cuda.runtime.getDeviceCount())

    @staticmethod
    def why_unavailable() -> str | None:
        """None when CUDA is usable, else the reason (the error ``"cuda"`` would raise)."""
        try:
            from backends.cupy_backend import load_cupy

            load_cupy()
        except RuntimeError as exc:
            return str(exc)
        return None


cuda = _Cuda()

_default: Device = CPU
_env = os.environ.get("AUTOGRAD_DEVICE")
if _env:
    set_default_device(_env)
