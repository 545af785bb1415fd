"""backends.special.erf: double-precision accuracy against math.erf, special values, dtypes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backends.special import erf
from tests.conftest import torch_or_skip

_math_erf = np.frompyfunc(math.erf, 1, 1)


def _reference(x: np.ndarray) -> np.ndarray:
    return _math_erf(x).astype(np.float64)


def _assert_ulps(got: np.ndarray, expected: np.ndarray, ulps: float = 2.0) -> None:
    err = np.abs(got - expected) / np.spacing(np.abs(expected))
    worst = int(np.argmax(err))
    assert err[worst] <= ulps, (
        f"erf off by {err[worst]:.2f} ulp at index {worst}: got {got[worst]!r}, "
        f"expected {expected[worst]!r}"
    )


@pytest.mark.parametrize("low,high,n", [(-7.0, 7.0, 400_001), (-1.3, 1.3, 200_001),
                                        (-0.9, 0.9, 100_001)])
def test_dense_grid_matches_math_erf(low: float, high: float, n: int) -> None:
    x = np.linspace(low, high, n)
    _assert_ulps(erf(x), _reference(x))


def test_interval_boundaries() -> None:
    edges = np.array([0.84375, 1.25, 1 / 0.35, 6.0, 2.0 ** -28])
    x = np.concatenate([np.nextafter(edges, -np.inf), edges, np.nextafter(edges, np.inf)])
    x = np.concatenate([x, -x])
    _assert_ulps(erf(x), _reference(x))


def test_tails_and_tiny_values() -> None:
    big = np.logspace(0, 300, 2001)
    tiny = np.logspace(-323, -1, 2001)
    x = np.concatenate([big, -big, tiny, -tiny, [5e-324, -5e-324, np.finfo(np.float64).max]])
    _assert_ulps(erf(x), _reference(x))


def test_random_points() -> None:
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.standard_normal(100_000) * 3, rng.uniform(-6.5, 6.5, 100_000)])
    got, expected = erf(x), _reference(x)
    _assert_ulps(got, expected)
    np.testing.assert_allclose(got, expected, rtol=1e-15, atol=0)


def test_special_values() -> None:
    got = erf(np.array([np.inf, -np.inf, np.nan, 0.0, -0.0]))
    assert got[0] == 1.0 and got[1] == -1.0
    assert np.isnan(got[2])
    assert got[3] == 0.0 and not np.signbit(got[3])
    assert got[4] == 0.0 and np.signbit(got[4])


def test_odd_symmetry() -> None:
    x = np.linspace(0, 8, 10_001)
    np.testing.assert_array_equal(erf(-x), -erf(x))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_keeps_float_dtype(dtype) -> None:
    x = np.linspace(-4, 4, 1001).astype(dtype)
    got = erf(x)
    assert got.dtype == dtype
    expected = _reference(x.astype(np.float64)).astype(dtype)
    np.testing.assert_array_max_ulp(got, expected, maxulp=1)


def test_integers_give_float64_and_shapes_are_kept() -> None:
    assert erf(np.arange(-3, 4)).dtype == np.float64
    assert erf(0.5).shape == ()
    assert erf(np.float64(0.5)) == pytest.approx(math.erf(0.5), rel=1e-16)
    x = np.linspace(-3, 3, 24).reshape(2, 3, 4).transpose(2, 0, 1)  # non-contiguous
    got = erf(x)
    assert got.shape == (4, 2, 3)
    np.testing.assert_array_equal(got, _reference(x).reshape(x.shape))
    assert erf(np.zeros((0, 3))).shape == (0, 3)


def test_matches_torch() -> None:
    torch = torch_or_skip()
    x = np.concatenate([np.linspace(-7, 7, 100_001), [np.inf, -np.inf, 0.0]])
    expected = torch.erf(torch.from_numpy(x)).numpy()
    _assert_ulps(erf(x), expected)
    x32 = x.astype(np.float32)
    expected32 = torch.erf(torch.from_numpy(x32)).numpy()
    np.testing.assert_allclose(erf(x32), expected32, rtol=2e-7, atol=0)


def test_does_not_modify_input() -> None:
    x = np.linspace(-5, 5, 101)
    before = x.copy()
    erf(x)
    np.testing.assert_array_equal(x, before)
