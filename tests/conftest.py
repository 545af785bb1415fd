"""Shared test helpers. The ``device`` and ``dtype`` fixtures come from tapegrad's own pytest
plugin (``autograd.testing.plugin``, registered through the package's ``pytest11`` entry
point): ``device`` runs each test on every device of ``autograd.testing.available_devices()``
and shows cuda as skipped, with the reason, where it cannot run."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys

import pytest

# Make the packages importable from the repository root without installing them.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def _real_gpu() -> bool:
    """Whether CuPy imports and sees a GPU (then the double is never used)."""
    if importlib.util.find_spec("cupy") is None:
        return False
    try:
        import cupy

        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:  # CuPy without a driver or a GPU
        for name in list(sys.modules):
            if name.split(".")[0] in ("cupy", "cupyx"):
                del sys.modules[name]
        return False


# Without a GPU, AUTOGRAD_CUDA_DOUBLE=1 (set by make test) runs the cuda tests against the
# strict CuPy test double in tests/cuda_double; with a GPU they run on it.
CUDA_DOUBLE = os.environ.get("AUTOGRAD_CUDA_DOUBLE") == "1" and not _real_gpu()
if CUDA_DOUBLE:
    from tests.cuda_double import install

    install()

import backends  # noqa: E402
from autograd.testing import plugin  # noqa: E402

CUDA_REASON = backends.cuda.why_unavailable()


def pytest_configure(config: pytest.Config) -> None:
    # A checkout run without installing the package has no entry point: register the plugin
    # here (once: with the entry point it is registered already, under the name "tapegrad").
    if not config.pluginmanager.is_registered(plugin):
        config.pluginmanager.register(plugin, "tapegrad")


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


@pytest.fixture(autouse=True)
def _no_pending_device_checks():
    """A GPU raises a failed value check (an index out of range ...) at the next host read:
    a test that makes one must read it out, or it would surface in whichever test reads next."""
    yield
    if CUDA_REASON is None:
        for k in range(backends.cuda.device_count()):
            backends.device(f"cuda:{k}").backend.raise_pending()


@contextlib.contextmanager
def raises_by_next_read(device: str, error: type, match: str | None = None):
    """``pytest.raises`` for a check that a GPU makes when the host next reads from it
    (at once on the CPU): the block ends with such a read."""
    with pytest.raises(error, match=match) as info:
        yield info
        backends.device(device).backend.synchronize()
