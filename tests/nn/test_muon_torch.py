"""nn.optim.Muon against torch.optim.Muon: the Newton-Schulz orthogonalisation (bfloat16, as
PyTorch computes it), the steps with each option, the state dict, and the argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn.optim.muon import zeropower_via_newtonschulz
from tests.conftest import torch_or_skip

COEFFICIENTS = (3.4445, -4.7750, 2.0315)


@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (5, 5), (1, 7)])
@pytest.mark.parametrize("steps", [0, 1, 5])
def test_newton_schulz_matches_torch(device, shape, steps):
    torch = torch_or_skip()
    from torch.optim._muon import _zeropower_via_newtonschulz

    g = np.random.default_rng(1).standard_normal(shape).astype("float32")
    ours = zeropower_via_newtonschulz(ag.tensor(g, device=device), COEFFICIENTS, steps, 1e-7)
    theirs = _zeropower_via_newtonschulz(torch.tensor(g), COEFFICIENTS, steps, 1e-7)
    assert ours.dtype == ag.bfloat16 and ours.shape == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.float().numpy(force=True), theirs.float().numpy())


OPTIONS = [{}, {"nesterov": False, "weight_decay": 0.0}, {"momentum": 0.9, "lr": 0.02},
           {"adjust_lr_fn": "match_rms_adamw", "lr": 0.02}, {"adjust_lr_fn": "original"},
           {"ns_steps": 3, "eps": 1e-5}]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "default")
def test_steps_match_torch(device, options, dtype):
    torch = torch_or_skip()
    rng = np.random.default_rng(0)
    shapes = [(6, 4), (3, 8)]
    start = [rng.standard_normal(s).astype(dtype) for s in shapes]
    ours = [nn.Parameter(ag.tensor(w, device=device)) for w in start]
    theirs = [torch.nn.Parameter(torch.tensor(w)) for w in start]
    opt, topt = nn.optim.Muon(ours, **options), torch.optim.Muon(theirs, **options)
    for step in range(4):
        for p, tp in zip(ours, theirs):
            g = rng.standard_normal(p.shape).astype(dtype)
            if step == 2 and p is ours[1]:
                p.grad, tp.grad = None, None  # skipped this step
                continue
            p.grad, tp.grad = ag.tensor(g, device=device), torch.tensor(g)
        opt.step()
        topt.step()
        # the orthogonalisation runs in bfloat16: a sum ordered otherwise than in PyTorch's
        # GEMM can round an element to the neighbouring bfloat16 (2 ** -8 relative), which
        # moves a parameter by that much of one step
        tol = 4 * topt.param_groups[0]["lr"] * 2 ** -8 * (step + 1)
        for p, tp in zip(ours, theirs):
            np.testing.assert_allclose(p.detach().numpy(force=True), tp.detach().numpy(),
                                       rtol=0, atol=tol)
    for p, tp in zip(ours, theirs):
        np.testing.assert_allclose(opt.state[p]["momentum_buffer"].numpy(force=True),
                                   topt.state[tp]["momentum_buffer"].numpy(), rtol=1e-6,
                                   atol=1e-7)
    assert opt.state_dict()["param_groups"] == topt.state_dict()["param_groups"]


def test_a_resumed_optimizer_continues_identically():
    torch_or_skip()
    rng = np.random.default_rng(2)
    w = rng.standard_normal((5, 3))
    grads = [rng.standard_normal((5, 3)) for _ in range(4)]

    def run(reload: bool) -> np.ndarray:
        p = nn.Parameter(ag.tensor(w))
        opt = nn.optim.Muon([p], lr=0.01)
        for k, g in enumerate(grads):
            if reload and k == 2:
                state = opt.state_dict()
                opt = nn.optim.Muon([p], lr=0.01)
                opt.load_state_dict(state)
            p.grad = ag.tensor(g)
            opt.step()
        return p.detach().numpy()

    np.testing.assert_array_equal(run(False), run(True))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"lr": -1.0}, ValueError, "Invalid learning rate"),
    ({"momentum": -0.1}, ValueError, "momentum should be >= 0"),
    ({"weight_decay": -0.1}, ValueError, "weight decay should be >= 0"),
    ({"adjust_lr_fn": "other"}, ValueError, "Adjust learning rate function other"),
])
def test_bad_arguments_raise_as_torch(kwargs, error, message):
    torch = torch_or_skip()
    with pytest.raises(error, match=message):
        nn.optim.Muon([nn.Parameter(ag.zeros(2, 2))], **kwargs)
    with pytest.raises(error):
        torch.optim.Muon([torch.nn.Parameter(torch.zeros(2, 2))], **kwargs)


def test_only_matrices_are_taken():
    torch = torch_or_skip()
    with pytest.raises(ValueError, match="Muon only supports 2D parameters"):
        nn.optim.Muon([nn.Parameter(ag.zeros(3))])
    with pytest.raises(ValueError, match="Muon only supports 2D parameters"):
        torch.optim.Muon([torch.nn.Parameter(torch.zeros(3))])
    with pytest.raises(ValueError, match="Number of steps must be less than 100"):
        zeropower_via_newtonschulz(ag.ones(2, 2), COEFFICIENTS, 100, 1e-7)
