"""The CuPy double's own rules, where they decide what the cuda tests can catch: Python
scalars in ufuncs promote as CuPy's kernels promote them, and cupyx.scipy.special offers the
functions CuPy has, computing what SciPy computes."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import CUDA_DOUBLE

pytestmark = pytest.mark.skipif(not CUDA_DOUBLE, reason="checks the CuPy test double "
                                                        "(AUTOGRAD_CUDA_DOUBLE=1)")


def test_python_scalars_are_weak_only_next_to_an_array_of_their_kind():
    import cupy

    f32, i32 = cupy.ones(2, dtype=cupy.float32), cupy.ones(2, dtype=cupy.int32)
    assert (f32 * 1.5).dtype == np.float32  # weak: the array's type
    assert (cupy.ones(2, dtype=cupy.float16) + 1).dtype == np.float16
    assert (i32 * 1.5).dtype == np.float64  # a float next to ints: float64, not float16
    assert cupy.log(1.5).dtype == np.float64  # scalars alone: their default types
    assert float(cupy.log(1.5)) == np.log(1.5)


@pytest.mark.parametrize("name, args", [("erfinv", (0.3,)), ("erfc", (0.7,)),
                                        ("gammaln", (3.5,)), ("digamma", (2.5,)),
                                        ("polygamma", (2, 1.5))])
def test_special_functions_are_there_and_keep_the_dtype(name, args):
    import cupy
    import cupyx.scipy.special as special
    import scipy.special as scipy_special  # installed with scikit-learn (examples extra)

    x = cupy.full((3,), args[-1], dtype=cupy.float32)
    out = getattr(special, name)(*args[:-1], x)
    assert out.dtype == np.float32
    want = getattr(scipy_special, name)(*args)
    np.testing.assert_allclose(cupy.asnumpy(out), want, rtol=1e-6)


def test_sorts_are_stable_as_cupys_radix_sorts():
    import cupy

    keys = np.array([1, 0, 1, 0, 1, 0, 1, 0] * 4)
    want = np.argsort(keys, kind="stable")
    np.testing.assert_array_equal(cupy.asnumpy(cupy.argsort(cupy.asarray(keys))), want)
    np.testing.assert_array_equal(cupy.asnumpy(cupy.asarray(keys).argsort()), want)
