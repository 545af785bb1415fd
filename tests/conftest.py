"""Shared test helpers. The ``device`` and ``dtype`` fixtures come from tapegrad's own pytest
plugin (``autograd.testing.plugin``, registered through the package's ``pytest11`` entry
point): ``device`` runs each test on every device of ``autograd.testing.available_devices()``
and shows cuda as skipped, with the reason, where it cannot run."""

from __future__ import annotations

import os
import sys

import pytest

# Make the packages importable from the repository root without installing them.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

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
