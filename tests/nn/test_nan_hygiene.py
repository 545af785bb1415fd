"""Softmax and the logit losses stay finite at extreme logits (±1e4) in float32 and float16.

Values and gradients are compared with PyTorch run in float64 on the same inputs (the exact
answer, which float16 PyTorch itself misses where its float16 sums overflow), and must be
finite wherever that answer is representable in the tested dtype.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from tests.conftest import torch_or_skip

RNG = np.random.default_rng(7)
LOGITS = RNG.choice([-1e4, 0.0, 1e4], size=(24, 5))  # mean losses near 1e4: float16 sums overflow
LOGITS[0] = 1e4  # ties at the top
LOGITS[1] = -1e4
TARGETS = RNG.integers(0, 5, 24)
PROBS = RNG.dirichlet(np.ones(5), 24)
BINARY = RNG.random((24, 5))
WEIGHT = np.array([1.0, 2.0, 0.5, 1.0, 3.0])


def _cases(t, dtype):
    # PyTorch's float64 reference sees the values our inputs hold after rounding to ``dtype``
    tF = t.nn.functional
    tgt = t.tensor(TARGETS)
    probs, binary, weight = (t.tensor(a.astype(dtype).astype(np.float64))
                             for a in (PROBS, BINARY, WEIGHT))
    return {
        "softmax": (lambda x, d: F.softmax(x, dim=1), lambda x: t.softmax(x, 1)),
        "log_softmax": (lambda x, d: F.log_softmax(x, dim=1), lambda x: t.log_softmax(x, 1)),
        "nn.Softmax": (lambda x, d: nn.Softmax(dim=-1)(x), lambda x: t.softmax(x, -1)),
        "cross_entropy": (lambda x, d: F.cross_entropy(x, ag.tensor(TARGETS)),
                          lambda x: tF.cross_entropy(x, tgt)),
        "cross_entropy_weight_smoothing": (
            lambda x, d: F.cross_entropy(x, ag.tensor(TARGETS), weight=ag.tensor(WEIGHT, dtype=d),
                                         label_smoothing=0.1),
            lambda x: tF.cross_entropy(x, tgt, weight=weight, label_smoothing=0.1)),
        "cross_entropy_none": (
            lambda x, d: F.cross_entropy(x, ag.tensor(TARGETS), reduction="none"),
            lambda x: tF.cross_entropy(x, tgt, reduction="none")),
        "cross_entropy_probs": (lambda x, d: F.cross_entropy(x, ag.tensor(PROBS, dtype=d)),
                                lambda x: tF.cross_entropy(x, probs)),
        "CrossEntropyLoss": (lambda x, d: nn.CrossEntropyLoss()(x, ag.tensor(TARGETS)),
                             lambda x: tF.cross_entropy(x, tgt)),
        "bce_with_logits": (
            lambda x, d: F.binary_cross_entropy_with_logits(x, ag.tensor(BINARY, dtype=d)),
            lambda x: tF.binary_cross_entropy_with_logits(x, binary)),
        "bce_with_logits_pos_weight": (
            lambda x, d: F.binary_cross_entropy_with_logits(
                x, ag.tensor(BINARY, dtype=d), pos_weight=ag.tensor(WEIGHT, dtype=d),
                reduction="none"),
            lambda x: tF.binary_cross_entropy_with_logits(x, binary, pos_weight=weight,
                                                          reduction="none")),
        "BCEWithLogitsLoss": (
            lambda x, d: nn.BCEWithLogitsLoss()(x, ag.tensor(BINARY, dtype=d)),
            lambda x: tF.binary_cross_entropy_with_logits(x, binary)),
    }


CASES = ["softmax", "log_softmax", "nn.Softmax", "cross_entropy",
         "cross_entropy_weight_smoothing", "cross_entropy_none", "cross_entropy_probs",
         "CrossEntropyLoss", "bce_with_logits", "bce_with_logits_pos_weight", "BCEWithLogitsLoss"]


@pytest.mark.parametrize("dtype", ["float32", "float16"])
@pytest.mark.parametrize("case", CASES)
def test_finite_and_exact_at_extreme_logits(case, dtype):
    torch = torch_or_skip()
    fn, ref = _cases(torch, dtype)[case]
    x = ag.tensor(LOGITS, dtype=getattr(ag, dtype), requires_grad=True)
    y = fn(x, getattr(ag, dtype))
    y.backward(ag.ones_like(y))
    tx = torch.tensor(LOGITS, dtype=torch.float64, requires_grad=True)
    ty = ref(tx)
    ty.backward(torch.ones_like(ty))
    assert y.dtype == getattr(ag, dtype)
    value, grad = y.detach().numpy(), x.grad.numpy()
    assert np.isfinite(value).all(), f"{case} {dtype}: non-finite value {value}"
    assert np.isfinite(grad).all(), f"{case} {dtype}: non-finite gradient"
    tol = 2e-3 if dtype == "float16" else 1e-5
    np.testing.assert_allclose(value.astype(np.float64), ty.detach().numpy(), rtol=tol,
                               atol=tol)
    np.testing.assert_allclose(grad.astype(np.float64), tx.grad.numpy(), rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_mean_and_sum_of_float16_accumulate_without_overflow(dtype):
    torch = torch_or_skip()
    values = np.array([6e4, 1e4, -1e4, 3e4, -3e4, 2.0])  # partial sums pass 65504
    x = ag.tensor(values, dtype=getattr(ag, dtype))
    tx = torch.tensor(values, dtype=getattr(torch, dtype))
    assert x.sum().item() == tx.sum().item()  # 60000 in float16, not inf
    assert x.mean().item() == pytest.approx(tx.mean().item(), rel=1e-6)
