"""Shared fixtures: the ``device`` fixture runs each test on cpu and, when usable, on cuda."""

from __future__ import annotations

import os
import sys

import pytest

# Make the packages importable from the repository root without installing them.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import backends  # noqa: E402

CUDA_REASON = backends.cuda.why_unavailable()
DEVICES = ["cpu", "cuda"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "device" in getattr(item, "fixturenames", ()) and "cuda" in item.nodeid:
            item.add_marker(pytest.mark.cuda)


@pytest.fixture(params=DEVICES)
def device(request) -> str:
    """``"cpu"`` always; ``"cuda"`` when CuPy and a GPU are usable, else skipped with why."""
    if request.param == "cuda" and CUDA_REASON is not None:
        pytest.skip(f"cuda unavailable: {CUDA_REASON}")
    return request.param


def torch_or_skip():
    """Import PyTorch for oracle comparisons, or skip the calling test (or, called at import
    time, the whole module) cleanly when it is missing.

    PyTorch is the one optional test dependency (``ORACLE=0 make test`` leaves it out), so
    this is the one place that decides what its absence means.
    """
    try:
        import torch
    except ImportError:
        pytest.skip("PyTorch is not installed (oracle checks skipped)", allow_module_level=True)
    return torch
