"""The NumPy kernels NumPy lacks beyond erf: erfc, erfinv (backends.special), lgamma, digamma,
polygamma (backends.gamma), and the backend kernels that differ between NumPy and CuPy
(index_reduce, accumulate) with the generic fallbacks CuPy uses, run here on NumPy."""

from __future__ import annotations

import math

import numpy as np
import pytest

import backends
from backends.base import doubling_scan, index_multiply
from backends.gamma import digamma, lgamma, polygamma
from backends.special import erf, erfc, erfinv
from tests.conftest import torch_or_skip

_math_erfc = np.frompyfunc(math.erfc, 1, 1)
_math_lgamma = np.frompyfunc(math.lgamma, 1, 1)


def _max_rel(got: np.ndarray, expected: np.ndarray) -> float:
    ok = np.isfinite(expected) & (expected != 0)
    return float(np.max(np.abs(got[ok] - expected[ok]) / np.abs(expected[ok])))


# -- erfc ----------------------------------------------------------------------------------


def test_erfc_matches_math_erfc_including_the_far_tail() -> None:
    x = np.concatenate([np.linspace(-7, 27, 300_001), np.nextafter([0.84375, 1.25, 28.0], 0)])
    expected = _math_erfc(x).astype(np.float64)
    got = erfc(x)
    # relative precision everywhere, also where 1 - erf(x) would have rounded to 0
    normal = expected > np.finfo(np.float64).tiny
    assert _max_rel(got[normal], expected[normal]) < 4e-15
    assert erfc(np.array([26.0]))[0] > 0 and 1.0 - erf(np.array([26.0]))[0] == 0


def test_erfc_special_values_and_dtypes() -> None:
    got = erfc(np.array([np.inf, -np.inf, np.nan, 0.0, 30.0, -30.0]))
    np.testing.assert_array_equal(got[[0, 1, 3, 4, 5]], [0.0, 2.0, 1.0, 0.0, 2.0])
    assert np.isnan(got[2])
    assert erfc(np.linspace(-2, 2, 5).astype(np.float32)).dtype == np.float32
    assert erfc(np.arange(3)).dtype == np.float64


# -- erfinv --------------------------------------------------------------------------------


def test_erfinv_inverts_erf_to_double_precision() -> None:
    y = np.concatenate([np.linspace(-0.999, 0.999, 100_001), [0.5, -0.5, 1e-300, -1e-300]])
    np.testing.assert_allclose(erf(erfinv(y)), y, rtol=4e-16, atol=2e-16)


def test_erfinv_near_one_uses_erfc() -> None:
    # 1 - y is exact here; erfc(erfinv(y)) must give it back with relative precision
    y = 1.0 - np.logspace(-16, -1, 301)
    np.testing.assert_allclose(erfc(erfinv(y)), 1.0 - y, rtol=1e-13)


def test_erfinv_special_values() -> None:
    got = erfinv(np.array([1.0, -1.0, 1.5, -2.0, np.nan, 0.0, -0.0]))
    assert got[0] == np.inf and got[1] == -np.inf
    assert np.isnan(got[2:5]).all()
    assert got[5] == 0 and not np.signbit(got[5]) and np.signbit(got[6])


def test_erfinv_matches_torch() -> None:
    torch = torch_or_skip()
    y = np.concatenate([np.linspace(-0.9999, 0.9999, 20_001), 1 - np.logspace(-15, -2, 50)])
    expected = torch.erfinv(torch.from_numpy(y)).numpy()
    np.testing.assert_allclose(erfinv(y), expected, rtol=1e-13, atol=0)


# -- the gamma family ------------------------------------------------------------------------


def test_lgamma_matches_math_lgamma() -> None:
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.uniform(-30, 30, 20_000), rng.uniform(0, 3, 20_000),
                        np.logspace(-300, 300, 601), -np.logspace(-8, 2, 400) - 0.5])
    x = x[x != np.floor(x)]
    expected = _math_lgamma(x).astype(np.float64)
    np.testing.assert_allclose(lgamma(x), expected, rtol=1e-13, atol=2e-14)


def test_lgamma_poles_and_infinities() -> None:
    got = lgamma(np.array([0.0, -1.0, -2.0, np.inf, -np.inf, np.nan, 1.0, 2.0]))
    np.testing.assert_array_equal(got[:5], np.inf)
    assert np.isnan(got[5])
    np.testing.assert_allclose(got[6:], 0.0, atol=1e-14)


def _digamma_series(x: np.ndarray) -> np.ndarray:
    """psi(x) = -gamma + sum_k (1 / (k + 1) - 1 / (k + x)), summed far enough (a reference
    written from the definition, slow but independent)."""
    k = np.arange(2_000_000, dtype=np.float64)
    out = np.empty_like(x)
    for i, v in enumerate(x):
        out[i] = -np.euler_gamma + np.sum(1.0 / (k + 1) - 1.0 / (k + v))
    return out


def test_digamma_recurrence_reflection_and_values() -> None:
    rng = np.random.default_rng(1)
    x = rng.uniform(-20, 20, 5000)
    x = x[np.abs(x - np.round(x)) > 1e-3]
    # psi(x + 1) = psi(x) + 1 / x and psi(1 - x) - psi(x) = pi cot(pi x)
    np.testing.assert_allclose(digamma(x + 1), digamma(x) + 1 / x, rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(digamma(1 - x) - digamma(x), np.pi / np.tan(np.pi * x),
                               rtol=1e-10, atol=1e-10)
    assert digamma(np.array([1.0]))[0] == pytest.approx(-np.euler_gamma, rel=1e-15)
    x = np.array([0.3, 1.7, 4.5])
    np.testing.assert_allclose(digamma(x), _digamma_series(x), rtol=0, atol=3e-6)  # tail


def test_digamma_and_polygamma_poles() -> None:
    got = digamma(np.array([0.0, -1.0, -3.0, np.inf, -np.inf, np.nan]))
    assert got[0] == -np.inf and np.isnan(got[[1, 2, 4, 5]]).all() and got[3] == np.inf
    assert polygamma(1, np.array([0.0, -2.0])).tolist() == [np.inf, np.inf]
    assert polygamma(2, np.array([0.0, -2.0])).tolist() == [-np.inf, -np.inf]


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_polygamma_recurrence_and_integral(n: int) -> None:
    rng = np.random.default_rng(n)
    x = rng.uniform(-8, 20, 3000)
    # away from the poles, and from 0, where psi_n(x) and the step cancel to psi_n(x + 1)
    x = x[(np.abs(x - np.round(x)) > 1e-2) & (np.abs(x) > 0.5)]
    # psi_n(x + 1) = psi_n(x) + (-1)^n n! / x^(n+1)
    step = (-1) ** n * math.factorial(n) / x ** (n + 1)
    np.testing.assert_allclose(polygamma(n, x + 1), polygamma(n, x) + step, rtol=1e-10,
                               atol=1e-10)
    # psi_{n-1}(b) - psi_{n-1}(a) = integral of psi_n from a to b (Simpson on a fine grid)
    a, b = 1.5, 3.0
    grid = np.linspace(a, b, 20_001)
    h = grid[1] - grid[0]
    f = polygamma(n, grid)
    integral = h / 3 * (f[0] + f[-1] + 4 * f[1:-1:2].sum() + 2 * f[2:-1:2].sum())
    lower = polygamma(n - 1, np.array([a, b]))
    assert integral == pytest.approx(lower[1] - lower[0], rel=1e-10)


def test_gamma_family_matches_torch() -> None:
    torch = torch_or_skip()
    rng = np.random.default_rng(2)
    x = np.concatenate([rng.uniform(0.01, 50, 2000), rng.uniform(-9.9, -0.1, 2000)])
    tx = torch.from_numpy(x)
    np.testing.assert_allclose(lgamma(x), torch.lgamma(tx).numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(digamma(x), torch.digamma(tx).numpy(), rtol=1e-10, atol=1e-10)
    # PyTorch's trigamma is accurate to about 1e-9 only
    np.testing.assert_allclose(polygamma(1, x), torch.polygamma(1, tx).numpy(), rtol=1e-7)
    np.testing.assert_allclose(polygamma(3, x), torch.polygamma(3, tx).numpy(), rtol=1e-10)


@pytest.mark.parametrize("fn", [erfc, erfinv, lgamma, digamma, lambda x: polygamma(2, x)])
def test_keep_dtype_shape_and_input(fn) -> None:
    x = np.linspace(0.1, 0.9, 24).reshape(2, 3, 4).transpose(2, 0, 1)
    before = x.copy()
    assert fn(x).shape == (4, 2, 3) and fn(x).dtype == np.float64
    assert fn(x.astype(np.float32)).dtype == np.float32
    assert fn(np.zeros((0, 3))).shape == (0, 3)
    np.testing.assert_array_equal(x, before)


# -- kernels that differ between NumPy and CuPy ---------------------------------------------


@pytest.mark.parametrize("reduce,ufunc", [("sum", np.add), ("prod", np.multiply),
                                          ("amax", np.maximum), ("amin", np.minimum)])
@pytest.mark.parametrize("shape,writes,layout", [((4, 5), 40, "C"), ((12, 10), 300, "C"),
                                                 ((12, 10), 10, "C"), ((12, 10), 300, "F")])
def test_index_reduce_is_unbuffered(reduce: str, ufunc, shape, writes, layout) -> None:
    """Small, dense, sparse and non-contiguous targets (the kernel's different paths)."""
    xp = backends.get("cpu")
    rng = np.random.default_rng(3)
    target = np.asarray(rng.standard_normal(shape), order=layout)
    key = (rng.integers(0, shape[0], writes), rng.integers(0, shape[1], writes))
    values = rng.standard_normal(writes)
    expected = target.copy()
    for i, j, v in zip(*key, values):  # the definition, one write at a time
        expected[i, j] = ufunc(expected[i, j], v)
    xp.index_reduce(target, key, values, reduce)
    np.testing.assert_allclose(target, expected, rtol=1e-12)


def test_index_add_broadcasts_values_and_keeps_float32() -> None:
    xp = backends.get("cpu")
    target = np.zeros((3, 40), dtype=np.float32)
    xp.index_add(target, (slice(None), np.repeat(np.arange(40), 2), Ellipsis),
                 np.float32(0.5))
    assert target.dtype == np.float32 and (target == 1.0).all()


def test_index_multiply_fallback_matches_multiply_at() -> None:
    rng = np.random.default_rng(4)
    target = rng.standard_normal((6, 3))
    key = (rng.integers(0, 6, (10, 3)), np.arange(3), Ellipsis)
    values = rng.standard_normal((10, 3))
    expected = target.copy()
    np.multiply.at(expected, key, values)
    index_multiply(np, target, key, values)
    np.testing.assert_allclose(target, expected, rtol=1e-13)
    empty = target.copy()
    index_multiply(np, empty, (np.array([], dtype=np.int64),), np.zeros((0, 3)))
    np.testing.assert_array_equal(empty, target)


@pytest.mark.parametrize("ufunc", ["maximum", "minimum", "logaddexp", "add"])
@pytest.mark.parametrize("axis", [0, 1, 2])
def test_accumulate_and_the_doubling_scan(ufunc: str, axis: int) -> None:
    xp = backends.get("cpu")
    x = np.random.default_rng(5).standard_normal((5, 7, 3))
    x[1, 2, 0] = np.nan
    expected = getattr(np, ufunc).accumulate(x, axis=axis)
    np.testing.assert_allclose(xp.accumulate(ufunc, x, axis), expected, rtol=1e-14)
    np.testing.assert_allclose(doubling_scan(np, getattr(np, ufunc), x, axis), expected,
                               rtol=1e-13)


def test_stable_argsort_and_repeat_indices():
    xp = backends.get("cpu")
    x = np.array([[2.0, 1.0, 2.0, 1.0, np.nan, 1.0]])
    assert xp.stable_argsort(x, 1).tolist() == [[1, 3, 5, 0, 2, 4]]  # ties in order, NaN last
    counts = np.array([2, 0, 1, 3])
    np.testing.assert_array_equal(xp.repeat_indices(counts), np.repeat(np.arange(4), counts))
    assert xp.repeat_indices(np.zeros(0, np.int64)).tolist() == []
    assert xp.repeat_indices(np.zeros(3, np.int64)).tolist() == []
