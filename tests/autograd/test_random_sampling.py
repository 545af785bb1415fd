"""Sampling from distributions given by tensors (bernoulli, multinomial, normal, poisson) and
the in-place samplers of Tensor: the samples follow the distribution (moments and
frequencies on large draws, fixed seed), the shapes, dtypes and refusals are PyTorch's."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.conftest import raises_by_next_read, torch_or_skip

N = 20000


def _np(t):
    return t.detach().cpu().numpy()


def test_multinomial_with_replacement_draws_in_proportion(device):
    ag.manual_seed(0)
    w = ag.tensor([[1.0, 0.0, 3.0, 4.0], [2.0, 2.0, 0.0, 0.0]], device=device)
    s = ag.multinomial(w, N, replacement=True)
    assert s.shape == (2, N) and s.dtype == ag.int64 and s.device == w.device
    freq = np.stack([np.bincount(row, minlength=4) / N for row in _np(s)])
    want = np.array([[0.125, 0.0, 0.375, 0.5], [0.5, 0.5, 0.0, 0.0]])
    np.testing.assert_allclose(freq, want, atol=0.015)
    one = ag.multinomial(ag.tensor([0.2, 0.8], device=device), 5, True)
    assert one.shape == (5,)


def test_multinomial_without_replacement_is_a_weighted_sample_of_distinct_categories(device):
    ag.manual_seed(1)
    w = ag.tensor([[1.0, 0.0, 3.0, 4.0]] * 4000, device=device)
    s = _np(ag.multinomial(w, 3))
    assert all(len(set(row)) == 3 for row in s)
    assert not (s == 1).any()  # the zero weight comes only once the others are taken
    first = np.bincount(s[:, 0], minlength=4) / len(s)
    np.testing.assert_allclose(first, [0.125, 0.0, 0.375, 0.5], atol=0.03)
    exhausted = _np(ag.multinomial(ag.tensor([1.0, 0.0, 0.0], device=device), 3))
    assert exhausted[0] == 0 and sorted(exhausted) == [0, 1, 2]


@pytest.mark.parametrize("call, words", [
    (lambda d: ag.multinomial(ag.ones(2, 2, 2, device=d), 1), "prob_dist must be 1 or 2 dim"),
    (lambda d: ag.multinomial(ag.ones(2, device=d), 3),
     "cannot sample n_sample > prob_dist.size"),
    (lambda d: ag.multinomial(ag.tensor([1, 2], device=d), 1), "floating-point dtypes"),
])
def test_multinomial_refusals_are_pytorchs(call, words, device):
    with pytest.raises(RuntimeError, match=words):
        call(device)


def test_multinomial_checks_values_without_waiting_for_the_device(device):
    with raises_by_next_read(device, RuntimeError, "`inf`, `nan` or element < 0"):
        ag.multinomial(ag.tensor([1.0, -1.0], device=device), 1)
    with raises_by_next_read(device, RuntimeError, r"sum of probabilities <= 0"):
        ag.multinomial(ag.tensor([0.0, 0.0], device=device), 1)


def test_multinomial_errors_match_torch_types():
    torch = torch_or_skip()
    for ours, theirs in [(lambda: ag.multinomial(ag.ones(2), 3),
                          lambda: torch.multinomial(torch.ones(2), 3)),
                         (lambda: ag.multinomial(ag.tensor([0.0, 0.0]), 1),
                          lambda: torch.multinomial(torch.tensor([0.0, 0.0]), 1))]:
        with pytest.raises(RuntimeError):
            theirs()
        with pytest.raises(RuntimeError):
            ours()


def test_bernoulli_and_its_in_place_form(device):
    ag.manual_seed(2)
    p = ag.tensor([0.1, 0.5, 0.9], device=device).expand(N, 3)
    s = ag.bernoulli(p)
    assert s.dtype == p.dtype and set(np.unique(_np(s))) <= {0.0, 1.0}
    np.testing.assert_allclose(_np(s).mean(axis=0), [0.1, 0.5, 0.9], atol=0.015)
    t = ag.empty(N, device=device).bernoulli_(0.25)
    assert abs(_np(t).mean() - 0.25) < 0.015
    with raises_by_next_read(device, RuntimeError, "p_in >= 0 && p_in <= 1"):
        ag.bernoulli(ag.tensor([1.5], device=device))
    with pytest.raises(RuntimeError, match="floating-point"):
        ag.bernoulli(ag.tensor([1], device=device))


def test_normal_broadcasts_its_parameters_and_is_differentiable(device):
    torch = torch_or_skip()
    ag.manual_seed(3)
    mean = ag.tensor([[0.0], [10.0]], device=device, requires_grad=True)
    std = ag.tensor([1.0, 2.0, 3.0], device=device, requires_grad=True)
    y = ag.normal(mean.expand(2, 3), std)
    assert y.shape == (2, 3) and y.requires_grad
    big = ag.normal(ag.full((N,), 5.0, device=device), 2.0)
    assert abs(_np(big).mean() - 5.0) < 0.05 and abs(_np(big).std() - 2.0) < 0.05
    # d y / d mean = 1, d y / d std = (y - mean) / std, as PyTorch's NormalBackward
    y.sum().backward()
    np.testing.assert_allclose(_np(mean.grad), [[3.0], [3.0]])
    eps = (_np(y) - _np(mean)) / _np(std)
    np.testing.assert_allclose(_np(std.grad), eps.sum(axis=0), rtol=1e-5)
    tm = torch.zeros(3, requires_grad=True)
    assert torch.normal(tm, torch.ones(3)).requires_grad  # the same contract
    plain = ag.normal(0.0, 1.0, (4, 2), device=device)
    assert plain.shape == (4, 2) and not plain.requires_grad
    with pytest.raises(TypeError, match="size argument is required"):
        ag.normal(0.0, 1.0)
    with raises_by_next_read(device, RuntimeError, "std >= 0.0"):
        ag.normal(ag.zeros(2, device=device), ag.tensor([1.0, -1.0], device=device))


def test_poisson_counts_have_the_rates_as_means(device):
    ag.manual_seed(4)
    rates = ag.tensor([0.5, 4.0, 0.0], device=device).expand(N, 3)
    s = _np(ag.poisson(rates))
    assert (s == np.round(s)).all() and s.dtype == np.float32
    np.testing.assert_allclose(s.mean(axis=0), [0.5, 4.0, 0.0], atol=0.06)
    with raises_by_next_read(device, RuntimeError, "non-negative"):
        ag.poisson(ag.tensor([-1.0], device=device))


def test_in_place_samplers_follow_their_distributions(device):
    ag.manual_seed(5)
    t = ag.empty(N, dtype=ag.float64, device=device)
    assert abs(_np(t.exponential_(2.0)).mean() - 0.5) < 0.02
    g = _np(t.geometric_(0.25))
    assert g.min() >= 1 and (g == np.round(g)).all() and abs(g.mean() - 4.0) < 0.15
    assert abs(np.median(_np(t.cauchy_(3.0, 0.5))) - 3.0) < 0.03
    assert abs(np.median(np.log(_np(t.log_normal_(1.0, 0.5)))) - 1.0) < 0.03
    r = _np(ag.empty(N, dtype=ag.int64, device=device).random_(3, 7))
    assert set(np.unique(r)) == {3, 4, 5, 6}
    assert set(np.unique(_np(ag.empty(100, device=device).random_(2)))) == {0.0, 1.0}


def test_in_place_samplers_refuse_what_in_place_ops_refuse(device):
    leaf = ag.zeros(3, device=device, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        leaf.exponential_()
    with pytest.raises(RuntimeError, match="lambda > 0.0"):
        ag.zeros(3, device=device).exponential_(0.0)
    with pytest.raises(RuntimeError, match=r"p to be in \(0, 1\)"):
        ag.zeros(3, device=device).geometric_(1.5)
    with pytest.raises(RuntimeError, match="less than 'to'"):
        ag.zeros(3, device=device).random_(5, 2)


def test_multinomial_makes_no_host_sync_on_a_gpu():
    from tests.conftest import CUDA_DOUBLE

    if not CUDA_DOUBLE:
        pytest.skip("host syncs are counted by the CuPy test double (AUTOGRAD_CUDA_DOUBLE=1)")
    from tests.cuda_double import count_syncs

    w = ag.rand(4, 5, device="cuda")
    with count_syncs() as log:
        ag.multinomial(w, 3)
        ag.multinomial(w, 7, replacement=True)
        ag.bernoulli(w)
    assert len(log) == 0, log
