"""nn.optim.Adafactor against torch.optim.Adafactor: parameters after several steps, with
matrices (factored second moment), a 3-d parameter, vectors, every option."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from nn.optim import Adafactor
from tests.conftest import torch_or_skip

SHAPES = [(4, 5), (3,), (2, 3, 4), (1,)]


@pytest.mark.parametrize("options", [
    {}, {"lr": 0.1}, {"weight_decay": 0.1}, {"maximize": True}, {"eps": (1e-4, 1e-2)},
    {"d": 2.0, "beta2_decay": -0.5}, {"lr": 0.5, "weight_decay": 0.01, "d": 1.5}])
def test_adafactor_matches_torch(options):
    torch = torch_or_skip()
    rng = np.random.default_rng(0)
    init = [rng.normal(size=s) for s in SHAPES]
    grads = [[rng.normal(size=s) for s in SHAPES] for _ in range(6)]
    ours = [ag.tensor(a, requires_grad=True) for a in init]
    theirs = [torch.tensor(a, dtype=torch.float32, requires_grad=True) for a in init]
    opt, topt = Adafactor(ours, **options), torch.optim.Adafactor(theirs, **options)
    for step in grads:
        for p, tp, g in zip(ours, theirs, step):
            p.grad = ag.tensor(g)
            tp.grad = torch.tensor(g, dtype=torch.float32)
        opt.step()
        topt.step()
    for p, tp in zip(ours, theirs):
        np.testing.assert_allclose(p.detach().numpy(), tp.detach().numpy(), rtol=2e-5,
                                   atol=2e-6)
    assert sorted(opt.state[ours[0]]) == sorted(k for k in topt.state[theirs[0]])


def test_adafactor_argument_errors_match_torch():
    torch = torch_or_skip()
    p = [ag.ones(2, requires_grad=True)]
    tp = [torch.ones(2, requires_grad=True)]
    for bad in ({"lr": -1.0}, {"beta2_decay": 0.5}, {"eps": (-1.0, 1e-3)}, {"eps": (None, -1)},
                {"d": 0.5}, {"weight_decay": -1.0}):
        with pytest.raises(ValueError):
            torch.optim.Adafactor(tp, **bad)
        with pytest.raises(ValueError):
            Adafactor(p, **bad)


def test_adafactor_steps_alike_on_every_device(device):
    rng = np.random.default_rng(1)
    a, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    results = []
    for dev in ("cpu", device):
        p = ag.tensor(a, device=dev, requires_grad=True)
        opt = Adafactor([p], weight_decay=0.1)
        for _ in range(3):
            p.grad = ag.tensor(g, device=dev)
            opt.step()
        results.append(p.detach().cpu().numpy())
    np.testing.assert_allclose(results[0], results[1], rtol=1e-6)
