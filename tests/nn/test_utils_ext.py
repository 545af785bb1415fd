"""nn.utils beyond clipping: activation checkpointing, parametrizations (weight_norm,
spectral_norm, custom ones), the older weight_norm, get_total_norm / clip_grads_with_norm_,
and the Module helpers (backward hooks, get_parameter / get_buffer), against PyTorch."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
import nn
from nn.utils import parametrizations, parametrize
from nn.utils.checkpoint import checkpoint, checkpoint_sequential
from tests.conftest import torch_or_skip


def _copy(ours: nn.Module, theirs) -> None:
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})


# -- checkpoint ----------------------------------------------------------------------------------


def test_checkpoint_recomputes_with_the_same_random_draws() -> None:
    lin, drop = nn.Linear(4, 4).double(), nn.Dropout(0.5)

    def block(x):
        return drop(lin(x)).tanh()

    x = ag.randn(8, 4, dtype=ag.float64, requires_grad=True)
    ag.manual_seed(1)
    block(x).sum().backward()
    expected = x.grad.numpy().copy(), lin.weight.grad.numpy().copy()
    x.grad = None
    lin.zero_grad()
    ag.manual_seed(1)
    y = checkpoint(block, x, use_reentrant=True)
    assert y.grad_fn is not None
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), expected[0])
    np.testing.assert_array_equal(lin.weight.grad.numpy(), expected[1])


def test_checkpoint_of_a_module_without_input_gradients() -> None:
    lin = nn.Linear(3, 2).double()
    x = ag.randn(5, 3, dtype=ag.float64)
    with pytest.warns(UserWarning, match="None of the inputs have requires_grad"):
        assert not checkpoint(lin, x, use_reentrant=True).requires_grad
    out = checkpoint(lin, x, use_reentrant=False)  # the module's parameters count
    out.sum().backward()
    np.testing.assert_allclose(lin.weight.grad.numpy(), np.tile(x.numpy().sum(0), (2, 1)))


def test_checkpoint_warns_without_use_reentrant_and_checks_outputs() -> None:
    x = ag.ones(2, requires_grad=True)
    with pytest.warns(UserWarning, match="use_reentrant parameter should be passed"):
        checkpoint(lambda a: a * 2, x)
    with pytest.raises(RuntimeError, match="must return a Tensor"):
        checkpoint(lambda a: [a], x, use_reentrant=True)


def test_checkpoint_sequential_matches_plain_backward() -> None:
    seq = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 5), nn.Tanh(),
                        nn.Linear(5, 2)).double()
    x = ag.randn(6, 4, dtype=ag.float64, requires_grad=True)
    seq(x).pow(2).sum().backward()
    expected = [p.grad.numpy().copy() for p in seq.parameters()] + [x.grad.numpy().copy()]
    seq.zero_grad()
    x.grad = None
    checkpoint_sequential(seq, 3, x, use_reentrant=False).pow(2).sum().backward()
    got = [p.grad.numpy() for p in seq.parameters()] + [x.grad.numpy()]
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, atol=1e-12)


# -- parametrizations ----------------------------------------------------------------------------


def test_weight_norm_parametrization_matches_torch() -> None:
    torch = torch_or_skip()
    theirs = torch.nn.Conv1d(2, 3, 3).double()
    ours = nn.Conv1d(2, 3, 3).double()
    _copy(ours, theirs)
    torch.nn.utils.parametrizations.weight_norm(theirs, dim=1)
    parametrizations.weight_norm(ours, dim=1)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert repr(ours) == repr(theirs) and type(ours).__name__ == "ParametrizedConv1d"
    x = np.random.default_rng(0).standard_normal((2, 2, 6))
    ya, yt = ours(ag.tensor(x)), theirs(torch.tensor(x))
    np.testing.assert_allclose(ya.detach().numpy(), yt.detach().numpy(), atol=1e-12)
    ya.pow(2).sum().backward()
    yt.pow(2).sum().backward()
    for k in ("original0", "original1"):
        np.testing.assert_allclose(getattr(ours.parametrizations.weight, k).grad.numpy(),
                                   getattr(theirs.parametrizations.weight, k).grad.numpy(),
                                   atol=1e-12)


def test_spectral_norm_matches_torch_in_training_and_eval() -> None:
    torch = torch_or_skip()
    # three power iterations reach sigma within 1e-6 for most weights, not all: a fixed draw
    torch.manual_seed(0)
    theirs = torch.nn.Linear(5, 4).double()
    ours = nn.Linear(5, 4).double()
    _copy(ours, theirs)
    torch.nn.utils.parametrizations.spectral_norm(theirs)
    parametrizations.spectral_norm(ours)
    _copy(ours, theirs)  # the same starting power-iteration vectors
    assert list(ours.state_dict()) == list(theirs.state_dict())
    x = np.random.default_rng(1).standard_normal((3, 5))
    for _ in range(3):  # each training forward takes one power iteration
        np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(),
                                   theirs(torch.tensor(x)).detach().numpy(), atol=1e-12)
    ours.eval()
    theirs.eval()
    np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(),
                               theirs(torch.tensor(x)).detach().numpy(), atol=1e-12)
    sigma = np.linalg.svd(ours.parametrizations.weight.original.detach().numpy(),
                          compute_uv=False)[0]
    np.testing.assert_allclose(np.linalg.svd(ours.weight.detach().numpy(),
                                             compute_uv=False)[0], 1.0, atol=1e-6)
    assert sigma > 0


class _Symmetric(nn.Module):
    def forward(self, x):
        return x.triu() + x.triu(1).mT


def test_custom_parametrization_assignment_cache_and_removal() -> None:
    layer = nn.Linear(3, 3)
    original = layer.weight
    parametrize.register_parametrization(layer, "weight", _Symmetric())
    assert parametrize.is_parametrized(layer) and parametrize.is_parametrized(layer, "weight")
    assert parametrize.type_before_parametrizations(layer) is nn.Linear
    w = layer.weight.detach().numpy()
    np.testing.assert_allclose(w, w.T)
    assert layer.parametrizations.weight.original is original  # the same Parameter object
    with parametrize.cached():
        assert layer.weight is layer.weight
    assert layer.weight is not layer.weight
    with pytest.raises(RuntimeError, match="does not implement right_inverse"):
        layer.weight = ag.eye(3)  # no right_inverse: PyTorch refuses the assignment
    _Symmetric.right_inverse = lambda self, x: x.triu()
    try:
        layer.weight = ag.eye(3) * 2  # through right_inverse
    finally:
        del _Symmetric.right_inverse
    np.testing.assert_allclose(layer.weight.detach().numpy(), 2 * np.eye(3))
    parametrize.remove_parametrizations(layer, "weight")
    assert type(layer) is nn.Linear and list(layer.state_dict()) == ["bias", "weight"]  # torch
    assert layer.weight is original
    with pytest.raises(ValueError, match="does not have a parametrization"):
        parametrize.remove_parametrizations(layer, "weight")


def test_old_weight_norm_matches_torch_and_is_removable() -> None:
    torch = torch_or_skip()
    theirs, ours = torch.nn.Linear(4, 3).double(), nn.Linear(4, 3).double()
    _copy(ours, theirs)
    torch.nn.utils.weight_norm(theirs)
    nn.utils.weight_norm(ours)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["bias", "weight_g",
                                                                      "weight_v"]
    x = np.random.default_rng(2).standard_normal((2, 4))
    np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(),
                               theirs(torch.tensor(x)).detach().numpy(), atol=1e-12)
    nn.utils.remove_weight_norm(ours)
    assert list(ours.state_dict()) == ["bias", "weight"]


# -- clipping -------------------------------------------------------------------------------------


def test_get_total_norm_and_clip_grads_with_norm_match_torch() -> None:
    torch = torch_or_skip()
    grads = [np.random.default_rng(k).standard_normal(s) for k, s in enumerate([(3, 4), (5,)])]
    for norm_type in (2.0, 1.0, float("inf"), 3.0):
        ours = nn.utils.get_total_norm([ag.tensor(g) for g in grads], norm_type)
        theirs = torch.nn.utils.get_total_norm([torch.tensor(g) for g in grads], norm_type)
        np.testing.assert_allclose(ours.item(), theirs.item())
    ps = [ag.zeros(g.shape, dtype=ag.float64, requires_grad=True) for g in grads]
    tps = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, tp, g in zip(ps, tps, grads):
        p.grad, tp.grad = ag.tensor(g), torch.tensor(g)
    total = nn.utils.get_total_norm([p.grad for p in ps])
    nn.utils.clip_grads_with_norm_(ps, 1.0, total, foreach=True)
    torch.nn.utils.clip_grads_with_norm_(tps, 1.0, torch.nn.utils.get_total_norm(
        [p.grad for p in tps]), foreach=False)
    for p, tp in zip(ps, tps):
        np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy())
    ps[0].grad = ag.tensor(np.full((3, 4), np.inf))
    with pytest.raises(RuntimeError, match="non-finite"):
        nn.utils.clip_grad_norm_(ps, 1.0, error_if_nonfinite=True, foreach=None)


# -- Module helpers --------------------------------------------------------------------------


def _hooked_run(lib, layers, x):
    torch = torch_or_skip()
    m = layers.Linear(3, 2).double()
    state = {"weight": np.arange(6.0).reshape(2, 3), "bias": np.array([1.0, -2.0])}
    m.load_state_dict({k: torch.tensor(v) for k, v in state.items()} if lib is torch else state)
    log = []
    m.register_full_backward_pre_hook(lambda mod, go: (go[0] * 2,))

    def hook(mod, grad_input, grad_output):
        log.append((grad_input[0].detach().numpy().copy(),
                    grad_output[0].detach().numpy().copy()))
        return (grad_input[0] * 10,)

    handle = m.register_full_backward_hook(hook)
    xs = lib.tensor(x, dtype=lib.float64, requires_grad=True)
    m(xs).pow(2).sum().backward()
    handle.remove()
    m(xs).sum().backward()  # removed: not called again
    return log, xs.grad.numpy(), m.weight.grad.numpy()


def test_full_backward_hooks_match_torch() -> None:
    torch = torch_or_skip()
    x = np.random.default_rng(0).standard_normal((4, 3))
    (log_o, gx_o, gw_o), (log_t, gx_t, gw_t) = _hooked_run(ag, nn, x), _hooked_run(
        torch, torch.nn, x)
    assert len(log_o) == len(log_t) == 1
    for a, b in zip(log_o[0], log_t[0]):
        np.testing.assert_allclose(a, b)
    np.testing.assert_allclose(gx_o, gx_t)
    np.testing.assert_allclose(gw_o, gw_t)


def test_backward_hook_without_input_gradients_gets_none() -> None:
    m, seen = nn.Linear(3, 2), []
    m.register_full_backward_hook(lambda mod, gi, go: seen.append((gi, go[0].shape)))
    m(ag.ones(1, 3)).sum().backward()
    assert seen == [((None,), (1, 2))]


def test_module_lookup_helpers() -> None:
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    assert model.get_parameter("0.weight") is model[0].weight
    assert model.get_buffer("1.running_mean") is model[1].running_mean
    with pytest.raises(AttributeError, match="no attribute `nope`"):
        model.get_parameter("0.nope")
    assert [n for n, _ in model.named_modules(prefix="net")] == ["net", "net.0", "net.1"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.register_parameter("extra", nn.Parameter(ag.zeros(1)))
    assert "extra" in dict(model.named_parameters())
