"""Optimizer hooks: step pre/post hooks (per optimizer and global), state_dict and
load_state_dict hooks, against PyTorch; step hooks inside an ag.compile'd step."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn.optim import optimizer as optim_module
from tests.conftest import torch_or_skip


def _pairs(torch):
    p = nn.Parameter(ag.tensor([1.0, 2.0], dtype=ag.float64))
    q = torch.nn.Parameter(torch.tensor([1.0, 2.0], dtype=torch.float64))
    p.grad = ag.tensor([0.5, -1.0], dtype=ag.float64)
    q.grad = torch.tensor([0.5, -1.0], dtype=torch.float64)
    return (nn.optim.SGD([p], lr=0.1, momentum=0.9), p), (torch.optim.SGD([q], lr=0.1,
                                                                           momentum=0.9), q)


def _log(opt, calls, *, torch_mod):
    handles = []
    if torch_mod:
        import torch.optim.optimizer as glob
    else:
        glob = optim_module
    handles.append(glob.register_optimizer_step_pre_hook(
        lambda o, a, k: calls.append(("global pre", len(a), a[0] is o, dict(k)))))
    handles.append(glob.register_optimizer_step_post_hook(
        lambda o, a, k: calls.append(("global post", len(a)))))
    handles.append(opt.register_step_pre_hook(lambda o, a, k: calls.append(("pre", len(a)))))
    handles.append(opt.register_step_post_hook(lambda o, a, k: calls.append(("post", len(a)))))
    return handles


def test_step_hooks_called_in_torch_order() -> None:
    torch = torch_or_skip()
    (ours, p), (theirs, q) = _pairs(torch)
    got, want = [], []
    hs = _log(ours, got, torch_mod=None) + _log(theirs, want, torch_mod=torch)
    try:
        ours.step()
        theirs.step()
        ours.step(closure=None)
        theirs.step(closure=None)
    finally:
        for h in hs:
            h.remove()
    assert got == want
    assert got[0] == ("global pre", 1, True, {})
    np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy())
    ours.step()  # removed: nothing more recorded
    assert len(got) == 8


def test_step_pre_hook_replaces_arguments_and_checks_its_result() -> None:
    torch = torch_or_skip()
    (ours, _), (theirs, _) = _pairs(torch)
    seen = []

    def closure():
        seen.append(1)
        return 3.0

    for opt in (ours, theirs):
        h = opt.register_step_pre_hook(lambda o, a, k: (a, {"closure": closure}))
        assert opt.step() == 3.0
        h.remove()
    assert seen == [1, 1]
    ours.register_step_pre_hook(lambda o, a, k: 5)
    theirs.register_step_pre_hook(lambda o, a, k: 5)
    with pytest.raises(RuntimeError, match="must return None or a tuple of"):
        ours.step()
    with pytest.raises(RuntimeError, match="must return None or a tuple of"):
        theirs.step()


def test_step_hooks_on_an_optimizer_with_its_own_step() -> None:
    p = nn.Parameter(ag.tensor([1.0, 2.0]))
    opt = nn.optim.LBFGS([p], max_iter=2)
    calls = []
    opt.register_step_pre_hook(lambda o, a, k: calls.append("pre"))
    opt.register_step_post_hook(lambda o, a, k: calls.append("post"))

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    opt.step(closure)
    assert calls == ["pre", "post"]


def test_step_hooks_run_at_every_replay_of_a_compiled_step() -> None:
    lin = nn.Linear(3, 1).double()
    opt = nn.optim.SGD(lin.parameters(), lr=0.1)
    calls = []
    opt.register_step_pre_hook(lambda o, a, k: calls.append("pre"))
    opt.register_step_post_hook(lambda o, a, k: calls.append("post"))
    x = ag.randn(4, 3, dtype=ag.float64)

    @ag.compile
    def train_step(x):
        opt.zero_grad()
        loss = lin(x).pow(2).mean()
        loss.backward()
        opt.step()
        return loss

    for _ in range(4):
        train_step(x)
    assert calls == ["pre", "post"] * 4


def test_state_dict_hooks_as_torch() -> None:
    torch = torch_or_skip()
    (ours, _), (theirs, _) = _pairs(torch)
    ours.step()
    theirs.step()
    got, want = [], []
    for opt, log in ((ours, got), (theirs, want)):
        opt.register_state_dict_pre_hook(lambda o, log=log: log.append("pre"))
        opt.register_state_dict_post_hook(lambda o, sd, log=log: log.append("post") or
                                          {**sd, "extra": 1})
        opt.register_state_dict_pre_hook(lambda o, log=log: log.append("first"), prepend=True)
    sd_ours, sd_theirs = ours.state_dict(), theirs.state_dict()
    assert got == want == ["first", "pre", "post"]
    assert sd_ours["extra"] == sd_theirs["extra"] == 1


def test_load_state_dict_hooks_as_torch() -> None:
    torch = torch_or_skip()
    (ours, _), (theirs, _) = _pairs(torch)
    ours.step()
    theirs.step()
    got, want = [], []
    for opt, log in ((ours, got), (theirs, want)):
        sd = opt.state_dict()

        def pre(o, state_dict, log=log):
            log.append(("pre", sorted(state_dict)))
            state_dict["param_groups"][0]["lr"] = 0.5  # the copy is shallow
            new = dict(state_dict)
            new["param_groups"] = [dict(state_dict["param_groups"][0], lr=0.25)]
            return new

        opt.register_load_state_dict_pre_hook(pre)
        opt.register_load_state_dict_post_hook(lambda o, log=log: log.append(("post",)))
        opt.load_state_dict(sd)
        log.append(opt.param_groups[0]["lr"])
    assert got == want == [("pre", ["param_groups", "state"]), ("post",), 0.25]
