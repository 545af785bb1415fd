"""Half-precision rounding as PyTorch's CPU kernels round: addmm and baddbmm in float16 and
bfloat16 computed in float32 and rounded once; float64 (and int64) cast to bfloat16 through
float32."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("op", ["addmm", "baddbmm"])
def test_products_with_a_sum_round_once(device, op, dtype):
    torch = torch_or_skip()
    rng = np.random.default_rng(0)
    shapes = {"addmm": [(5, 4), (5, 6), (6, 4)], "baddbmm": [(3, 5, 4), (3, 5, 6), (3, 6, 4)]}
    arrays = [rng.standard_normal(s) for s in shapes[op]]
    theirs = getattr(torch, op)(*(torch.tensor(a).to(getattr(torch, dtype)) for a in arrays),
                                beta=-4.775, alpha=2.0315)
    ours = getattr(ag, op)(*(ag.tensor(a, device=device).to(getattr(ag, dtype))
                             for a in arrays), beta=-4.775, alpha=2.0315)
    assert ours.dtype == getattr(ag, dtype)
    np.testing.assert_array_equal(ours.float().numpy(force=True), theirs.float().numpy())


def test_products_in_half_precision_still_differentiate(device):
    a = ag.randn(3, 4, device=device, dtype=ag.bfloat16, requires_grad=True)
    b = ag.randn(4, 2, device=device, dtype=ag.bfloat16, requires_grad=True)
    c = ag.randn(3, 2, device=device, dtype=ag.bfloat16, requires_grad=True)
    ag.addmm(c, a, b, beta=0.5).sum().backward()
    assert a.grad.dtype == b.grad.dtype == c.grad.dtype == ag.bfloat16
    np.testing.assert_array_equal(c.grad.float().numpy(force=True), np.full((3, 2), 0.5))


@pytest.mark.parametrize("source", ["float64", "int64"])
def test_casts_to_bfloat16_round_through_float32(device, source):
    torch = torch_or_skip()
    rng = np.random.default_rng(1)
    if source == "float64":
        values = rng.standard_normal(5000)
        values[:3] = [1 + 2 ** -8 + 2 ** -30, -(1 + 2 ** -8 + 2 ** -30), 3 + 2 ** -7 + 2 ** -29]
    else:
        values = rng.integers(-2 ** 40, 2 ** 40, 5000)
    ours = ag.tensor(values, device=device).bfloat16().double().numpy(force=True)
    theirs = torch.tensor(values).bfloat16().double().numpy()
    np.testing.assert_array_equal(ours, theirs)
