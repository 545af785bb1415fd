"""The backends' fused recurrent-step kernels against the textbook formulas, on every device."""

from __future__ import annotations

import numpy as np
import pytest

import backends

RNG = np.random.default_rng(7)


def _sig(x):
    return 1 / (1 + np.exp(-x))


def _arrays(xp, *shapes, dtype=np.float64, scale=2.0):
    return [xp.from_numpy((RNG.standard_normal(s) * scale).astype(dtype)) for s in shapes]


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_lstm_cell_forward_and_backward(device, dtype):
    xp = backends.get(device)
    b, h = 3, 4
    ig, hg, cx, ghy, gcy = _arrays(xp, (b, 4 * h), (b, 4 * h), (b, h), (b, h), (b, h),
                                   dtype=dtype)
    hy, cy = xp.empty((b, h), dtype=dtype), xp.empty((b, h), dtype=dtype)
    ws = xp.empty((5, b, h), dtype=dtype)
    xp.lstm_cell(ig, hg, cx, hy, cy, ws)
    g = xp.to_numpy(ig).astype(np.float64) + xp.to_numpy(hg)
    c = xp.to_numpy(cx).astype(np.float64)
    i, f, o = _sig(g[:, :h]), _sig(g[:, h:2 * h]), _sig(g[:, 3 * h:])
    gg = np.tanh(g[:, 2 * h:3 * h])
    c2 = f * c + i * gg
    tol = {np.float64: 1e-12, np.float32: 1e-5, np.float16: 5e-3}[dtype]
    np.testing.assert_allclose(xp.to_numpy(cy), c2, atol=tol * 10, rtol=tol)
    np.testing.assert_allclose(xp.to_numpy(hy), o * np.tanh(c2), atol=tol * 10, rtol=tol)
    gates = xp.empty((b, 4 * h), dtype=dtype)
    gcy_host = xp.to_numpy(gcy).astype(np.float64)
    xp.lstm_cell_backward(ghy, gcy, cx, ws, gates, gcy)  # gcx written over gcy: allowed
    dh = xp.to_numpy(ghy).astype(np.float64)
    dc = gcy_host + dh * o * (1 - np.tanh(c2) ** 2)
    want = np.concatenate([dc * gg * i * (1 - i), dc * c * f * (1 - f), dc * i * (1 - gg ** 2),
                           dh * np.tanh(c2) * o * (1 - o)], axis=1)
    np.testing.assert_allclose(xp.to_numpy(gates), want, atol=tol * 10, rtol=tol * 10)
    np.testing.assert_allclose(xp.to_numpy(gcy), dc * f, atol=tol * 10, rtol=tol * 10)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_gru_cell_forward_and_backward(device, dtype):
    xp = backends.get(device)
    b, h = 2, 3
    ig, hg, hx, ghy = _arrays(xp, (b, 3 * h), (b, 3 * h), (b, h), (b, h), dtype=dtype)
    hy, ws = xp.empty((b, h), dtype=dtype), xp.empty((4, b, h), dtype=dtype)
    xp.gru_cell(ig, hg, hx, hy, ws)
    x, hh, h0 = (xp.to_numpy(a).astype(np.float64) for a in (ig, hg, hx))
    r, z = _sig(x[:, :h] + hh[:, :h]), _sig(x[:, h:2 * h] + hh[:, h:2 * h])
    n = np.tanh(x[:, 2 * h:] + r * hh[:, 2 * h:])
    tol = 1e-12 if dtype == np.float64 else 1e-5
    np.testing.assert_allclose(xp.to_numpy(hy), (1 - z) * n + z * h0, atol=tol, rtol=tol)
    gi, gh = xp.empty((b, 3 * h), dtype=dtype), xp.empty((b, 3 * h), dtype=dtype)
    ghx = xp.empty((b, h), dtype=dtype)
    xp.gru_cell_backward(ghy, hx, ws, gi, gh, ghx)
    d = xp.to_numpy(ghy).astype(np.float64)
    dn = d * (1 - z) * (1 - n ** 2)
    dz = d * (h0 - n) * z * (1 - z)
    dr = dn * hh[:, 2 * h:] * r * (1 - r)
    np.testing.assert_allclose(xp.to_numpy(gi), np.concatenate([dr, dz, dn], 1), atol=tol * 10)
    np.testing.assert_allclose(xp.to_numpy(gh), np.concatenate([dr, dz, dn * r], 1),
                               atol=tol * 10)
    np.testing.assert_allclose(xp.to_numpy(ghx), d * z, atol=tol * 10)


def test_saturated_gates_stay_finite(device):
    xp = backends.get(device)
    ig = xp.from_numpy(np.array([[-800.0, 800.0, -800.0, 800.0]]))
    hy, cy, ws = (xp.empty(s) for s in ((1, 1), (1, 1), (5, 1, 1)))
    xp.lstm_cell(ig, xp.zeros((1, 4)), xp.from_numpy(np.array([[2.0]])), hy, cy, ws)
    # i = 0, f = 1, g = -1, o = 1: c' = c, h' = tanh(c), no overflow warnings or NaN
    np.testing.assert_allclose(xp.to_numpy(cy), [[2.0]])
    np.testing.assert_allclose(xp.to_numpy(hy), [[np.tanh(2.0)]])
