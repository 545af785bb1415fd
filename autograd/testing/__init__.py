"""autograd.testing: the tools tapegrad's own test suite uses, for testing your ops and models
(``torch.testing`` and more).

- ``assert_close(actual, expected)``: PyTorch's comparison, tolerances and mismatch message
  (and the deprecated ``assert_allclose``); ``make_tensor``: random inputs of any shape,
  dtype and device, as ``torch.testing.make_tensor``.
- ``check_op(fn, *samples, reference=...)``: every check on one op or ``autograd.Function``
  (forward against a reference, gradcheck and gradgradcheck in float64, float32 against
  float64, devices agreeing, inputs not modified, backward run twice, non-contiguous and
  zero-size inputs, integer inputs getting no gradient); returns a report and raises one
  AssertionError listing every failure.
- ``OpInfo`` / ``Sample`` and the ``checks`` / ``variants`` modules: the same checks one by
  one, for a registry of ops with its own parametrized tests.
- ``available_devices()`` and ``parametrize_devices``; the pytest plugin (fixtures ``device``
  and ``dtype``, installed with the package); Hypothesis strategies in
  ``autograd.testing.strategies`` (the one module that needs Hypothesis).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from autograd.testing import checks, variants
from autograd.testing.comparison import assert_allclose, assert_close, default_tolerances
from autograd.testing.creation import make_tensor
from autograd.testing.devices import available_devices, parametrize_devices
from autograd.testing.opinfo import OpInfo, Sample, noncontiguous
from autograd.testing.runner import CheckReport, CheckResult, check_op

__all__ = [
    "CheckReport",
    "CheckResult",
    "OpInfo",
    "Sample",
    "assert_allclose",
    "assert_close",
    "available_devices",
    "check_op",
    "checks",
    "default_tolerances",
    "make_tensor",
    "noncontiguous",
    "parametrize_devices",
    "variants",
]


def __getattr__(name: str) -> ModuleType:
    # ``ag.testing.strategies`` without importing Hypothesis for everyone else
    if name == "strategies":  # import_module: a from-import would come back here
        return importlib.import_module("autograd.testing.strategies")
    raise AttributeError(f"module 'autograd.testing' has no attribute {name!r}")
