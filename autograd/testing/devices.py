"""The devices checks run on: one function decides, everything else asks it.

``available_devices()`` is ``["cpu"]`` plus ``"cuda"`` when ``backends.cuda.is_available()``.
``check_op``, the pytest plugin's ``device`` fixture and ``parametrize_devices`` all take their
list from it, so a device added there (a test double of CuPy, say) is checked everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import backends

__all__ = ["available_devices", "device_params", "parametrize_devices"]

# Shown in pytest runs even where they cannot run, as skipped with the reason.
_KNOWN = ("cpu", "cuda")


def available_devices() -> list[str]:
    """The devices checks run on: ``"cpu"``, plus ``"cuda"`` when CuPy and a GPU are usable."""
    devices = ["cpu"]
    if backends.cuda.is_available():
        devices.append("cuda")
    return devices


def _unavailable_reason(device: str) -> str:
    if device == "cuda":
        return f"cuda unavailable: {backends.cuda.why_unavailable()}"
    return f"{device} unavailable"


def device_params() -> list[Any]:
    """``pytest.param`` per device: the available ones, and cpu/cuda when unavailable as
    skipped with the reason; each cuda case carries the ``cuda`` mark."""
    import pytest

    available = available_devices()
    params = []
    for device in list(_KNOWN) + [d for d in available if d not in _KNOWN]:
        marks = [pytest.mark.cuda] if device.startswith("cuda") else []
        if device not in available:
            marks.append(pytest.mark.skip(reason=_unavailable_reason(device)))
        params.append(pytest.param(device, marks=marks, id=device))
    return params


def parametrize_devices(test: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator: run a pytest test once per device, passed as its ``device`` argument
    (PyTorch's ``instantiate_device_type_tests`` in one line)."""
    import pytest

    return pytest.mark.parametrize("device", device_params())(test)
