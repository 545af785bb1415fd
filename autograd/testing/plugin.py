"""The pytest plugin (entry point ``pytest11``): fixtures ``device`` and ``dtype``.

Installed with the package, so any test suite can ask for them::

    def test_my_op(device, dtype):
        x = ag.randn(3, device=device, dtype=dtype)

``device`` runs the test on every device of ``available_devices()`` (cpu and cuda where a GPU
is usable; cuda shows as skipped, with the reason, where it is not) and marks the cuda cases
``cuda`` (``pytest -m "not cuda"`` leaves them out). ``dtype`` runs it in float32 and float64.
"""

from __future__ import annotations

from typing import Any

import pytest

from autograd.dtypes import float32, float64
from autograd.testing.devices import device_params


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "cuda: needs CuPy and an NVIDIA GPU")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # The device list is made at collection, not when the plugin is imported: the plugin loads
    # before any conftest, and a conftest may make a device usable first (a CuPy stand-in).
    if "device" in metafunc.fixturenames and not any(
            "device" in str(mark.args[0]) for mark in metafunc.definition.iter_markers(
                "parametrize")):
        metafunc.parametrize("device", device_params(), indirect=True)


@pytest.fixture
def device(request: pytest.FixtureRequest) -> str:
    """The device a test runs on: each of ``autograd.testing.available_devices()``."""
    return request.param


@pytest.fixture(params=[float32, float64], ids=["float32", "float64"])
def dtype(request: pytest.FixtureRequest) -> Any:
    """The floating dtype a test runs in: float32, then float64."""
    return request.param
