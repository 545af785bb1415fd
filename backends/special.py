"""Special functions NumPy lacks, written with NumPy alone (no SciPy dependency)."""

from __future__ import annotations

import math

import numpy as np

_erf_scalar = np.frompyfunc(math.erf, 1, 1)


def erf(x):
    """The error function, elementwise, in the dtype of ``x``."""
    x = np.asarray(x)
    return np.asarray(_erf_scalar(x)).astype(x.dtype if x.dtype.kind == "f" else np.float64)
