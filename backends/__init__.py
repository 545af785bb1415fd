"""Array backends: NumPy on ``"cpu"``, CuPy on ``"cuda"`` / ``"cuda:N"``.

``backends.get(device)`` returns the backend of a device; ``backends.cuda`` answers whether a
GPU can be used; ``AUTOGRAD_DEVICE=cpu|cuda`` sets the default device at import.
"""

from __future__ import annotations

import os

from backends.base import Backend
from backends.devices import (
    CPU,
    Device,
    current_cuda_index,
    default_device,
    device,
    set_current_cuda_index,
    set_default_device,
)

__all__ = [
    "Backend",
    "CPU",
    "Device",
    "cuda",
    "default_device",
    "device",
    "get",
    "set_default_device",
]

def get(spec: str | Device | None = None) -> Backend:
    """Return the backend for a device (``"cpu"``, ``"cuda"``, ``"cuda:N"``, or the default)."""
    return device(spec).backend


class _Cuda:
    """``backends.cuda``: whether CuPy and an NVIDIA GPU are usable, and which is current."""

    current_index = staticmethod(current_cuda_index)

    @staticmethod
    def set_current_index(index: int) -> None:
        """Make ``"cuda"`` mean GPU ``index`` in this thread; RuntimeError when out of range."""
        count = _Cuda.device_count()
        if not 0 <= index < count:
            raise RuntimeError(f"set_device: invalid device ordinal {index} (there are {count} "
                               f"GPUs)")
        set_current_cuda_index(index)

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

_env = os.environ.get("AUTOGRAD_DEVICE")
if _env:
    set_default_device(_env)
