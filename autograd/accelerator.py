"""``autograd.accelerator`` (``torch.accelerator``): the one GPU kind this project drives.

PyTorch programs ask it first thing (``device = torch.accelerator.current_accelerator() if
torch.accelerator.is_available() else "cpu"``). Here the accelerator is CUDA through CuPy, when
CuPy and an NVIDIA GPU are usable.
"""

from __future__ import annotations

import backends
from backends import Device

__all__ = ["current_accelerator", "current_device_index", "device_count", "is_available",
           "set_device_index", "synchronize"]

def is_available() -> bool:
    """True when a GPU can be used (CuPy installed and a GPU visible)."""
    return backends.cuda.is_available()


def device_count() -> int:
    """The number of usable GPUs (0 without CuPy or a GPU)."""
    return backends.cuda.device_count()


def current_accelerator(check_available: bool = False) -> Device | None:
    """``device("cuda")`` when a GPU is usable, else None (with ``check_available`` too, as
    PyTorch: this build knows CUDA whether or not a GPU is present, so None only when it is
    not usable)."""
    if not is_available():
        return None
    return backends.device("cuda")


def _require() -> None:
    if not is_available():
        raise RuntimeError("Cannot access accelerator device when none is available. "
                           f"({backends.cuda.why_unavailable()})")


def current_device_index() -> int:
    """The index of the current GPU; RuntimeError without one, as PyTorch."""
    _require()
    return backends.cuda.current_index()


def set_device_index(device: Device | str | int) -> None:
    """Make GPU ``device`` (an index, ``"cuda:N"`` or a Device) the current one: the one
    ``"cuda"`` means, shared with ``autograd.cuda.set_device``."""
    _require()
    backends.cuda.set_current_index(
        device if isinstance(device, int) else backends.device(device).index)


def synchronize(device: Device | str | int | None = None) -> None:
    """Wait for the queued work of a GPU (the current one by default) to finish."""
    _require()
    index = backends.cuda.current_index() if device is None else (
        device if isinstance(device, int) else backends.device(device).index)
    backends.device(f"cuda:{index}").backend.synchronize()
