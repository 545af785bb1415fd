"""A strict CuPy test double, for running the ``cuda`` tests on machines without a GPU.

``install()`` puts a stand-in ``cupy`` (and the parts of ``cupyx`` the project uses) into
``sys.modules``: NumPy computes underneath, but the double exposes only what CuPy 14 has (the
names, parameters, ufunc keywords and dtype loops recorded from the real package in
``cupy_manifest.json`` by ``make_manifest.py``), its arrays are not ``numpy.ndarray`` and refuse
implicit conversion as CuPy's do, every operation checks that its arrays are on the current
device (two devices are simulated), integer indexing wraps out-of-range indices as CuPy does,
and every host synchronisation is counted (``count_syncs``). ``tests/conftest.py`` installs it
when ``AUTOGRAD_CUDA_DOUBLE=1`` (set by ``make test``) and no real GPU is usable.

Streams are current per thread and per device (entering one made on another device raises,
as in CuPy), events record host times, and the memory pool counts the bytes of live arrays and
asks the installed allocator for each new one.

It is a test double, never a substitute for a GPU: it runs a ``RawKernel`` by compiling its
CUDA C for the host and running the threads one after another (``kernels.py``; no shared
memory or barriers), cannot run ``ElementwiseKernel`` or ``ReductionKernel``, runs all work
at once (so it cannot show a race between streams or a copy read before it is done), and
cannot catch what only a GPU shows.
Runs on a real GPU (``make gpu-check``) stay the truth.
"""

from __future__ import annotations

import sys

from tests.cuda_double.state import count_syncs, current_device, set_current_device

__all__ = ["install", "installed", "count_syncs", "current_device", "set_current_device"]

_installed: dict = {}


def install() -> None:
    """Make ``import cupy`` (and ``cupyx``) give the double."""
    if _installed:
        return
    from tests.cuda_double.modules import build

    modules = build()
    for name, module in modules.items():
        sys.modules[name] = module
    _installed.update(modules)


def installed() -> bool:
    """Whether ``cupy`` is the double in this process."""
    return bool(_installed) and sys.modules.get("cupy") is _installed.get("cupy")
