"""The multi-tensor path of the optimizers (``nn.optim.flat``): the small parameters of a group
updated together from flat state buffers give bitwise the results of the per-parameter loop
(``foreach=False``), whatever happens to the state between steps."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn.optim import flat
from tests.conftest import torch_or_skip


def _params(seed: int = 0) -> list:
    rng = np.random.default_rng(seed)
    shapes = [(8, 5), (5,), (3, 4, 2), (1,), (flat.FLAT_NUMEL + 3,)]  # the last one goes alone
    return [nn.Parameter(ag.tensor(rng.standard_normal(s), dtype=ag.float64)) for s in shapes]


def _grads(params: list, step: int, skip: int | None = None) -> None:
    rng = np.random.default_rng(100 + step)
    for k, p in enumerate(params):
        p.grad = None if k == skip else ag.tensor(rng.standard_normal(p.shape),
                                                  dtype=ag.float64)


OPTIONS = [
    {},
    {"amsgrad": True},
    {"weight_decay": 0.1},
    {"weight_decay": 0.1, "decoupled_weight_decay": True},
    {"maximize": True, "weight_decay": 0.05},
    {"maximize": True, "amsgrad": True, "betas": (0.8, 0.9)},
]


def _run(options: dict, foreach: bool | None, steps: int = 6, cls: type = nn.optim.Adam,
         between=None) -> tuple[list, nn.optim.Optimizer]:
    params = _params()
    opt = cls(params, lr=0.01, foreach=foreach, **options)
    for step in range(steps):
        # a parameter without a gradient at step 2 changes the set updated together
        _grads(params, step, skip=1 if step == 2 else None)
        opt.step()
        if between is not None:
            between(opt, params, step)
    return params, opt


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "default")
def test_flat_adam_is_bitwise_the_loop(options: dict) -> None:
    looped, opt_a = _run(options, False)
    flat_, opt_b = _run(options, None)
    for a, b in zip(looped, flat_):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    for p_a, p_b in zip(looped, flat_):
        sa, sb = opt_a.state[p_a], opt_b.state[p_b]
        assert sa.keys() == sb.keys()
        assert sa["step"] == sb["step"]
        for key in sa:
            if key != "step":
                np.testing.assert_array_equal(sa[key].numpy(), sb[key].numpy())


SGD_OPTIONS = [
    {"momentum": 0.9},
    {"momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01},
    {"momentum": 0.8, "nesterov": True},
    {"momentum": 0.9, "nesterov": True, "maximize": True, "weight_decay": 0.1},
]


@pytest.mark.parametrize("options", SGD_OPTIONS, ids=lambda o: ",".join(o))
def test_flat_sgd_is_bitwise_the_loop(options: dict) -> None:
    looped, opt_a = _run(options, False, cls=nn.optim.SGD)
    flat_, opt_b = _run(options, None, cls=nn.optim.SGD)
    for a, b in zip(looped, flat_):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    for p_a, p_b in zip(looped, flat_):
        np.testing.assert_array_equal(opt_a.state[p_a]["momentum_buffer"].numpy(),
                                      opt_b.state[p_b]["momentum_buffer"].numpy())
    # from the second step on, the small parameters' buffers are views into one array
    bases = [opt_b.state[p]["momentum_buffer"].array.base for p in flat_[:4]]
    assert bases[0] is not None and bases[0] is bases[2] is bases[3]


def test_adamw_uses_the_flat_path_and_matches_the_loop() -> None:
    looped, _ = _run({}, False, cls=nn.optim.AdamW)
    flat_, opt = _run({}, True, cls=nn.optim.AdamW)
    for a, b in zip(looped, flat_):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    # the small parameters' state lives in flat buffers, one per step count (the second
    # parameter missed a step): their tensors are views into them
    bases = [opt.state[p]["exp_avg"].array.base for p in flat_[:4]]
    assert bases[0] is not None and bases[1] is not bases[0]
    assert bases[0] is bases[2] is bases[3]
    assert [opt.state[p]["step"] for p in flat_] == [6, 5, 6, 6, 6]


def test_state_replaced_between_steps_is_used() -> None:
    """load_state_dict and assignments into the state replace the tensors the flat buffers
    back: the next step must read the new ones."""
    def swap(opt, params, step):
        if step == 1:
            opt.load_state_dict(opt.state_dict())
        if step == 3:
            st = opt.state[params[0]]
            st["exp_avg"] = ag.zeros_like(st["exp_avg"])
        if step == 4:
            opt.state[params[2]]["exp_avg_sq"].data = ag.ones(3, 4, 2, dtype=ag.float64)

    looped, _ = _run({}, False, between=swap)
    flat_, _ = _run({}, None, between=swap)
    for a, b in zip(looped, flat_):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())


def test_in_place_writes_into_state_tensors_reach_the_flat_buffers() -> None:
    def zero(opt, params, step):
        if step == 2:
            with ag.no_grad():
                opt.state[params[3]]["exp_avg"].zero_()
                opt.state[params[0]]["exp_avg_sq"].mul_(0.5)

    looped, _ = _run({}, False, between=zero)
    flat_, _ = _run({}, None, between=zero)
    for a, b in zip(looped, flat_):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())


def test_parameters_at_different_steps_go_in_different_sets() -> None:
    params = _params()
    opt = nn.optim.Adam(params[:2], lr=0.01)
    _grads(params, 0)
    opt.step()
    opt.add_param_group({"params": params[2:4]})
    opt.param_groups[0]["params"].extend(opt.param_groups.pop()["params"])
    _grads(params, 1)
    opt.step()  # steps 2 and 1 in one group: two flat sets
    assert [opt.state[p]["step"] for p in params[:4]] == [2, 2, 1, 1]
    bases = [opt.state[p]["exp_avg"].array.base for p in params[:4]]
    assert bases[0] is bases[1] and bases[2] is bases[3] and bases[0] is not bases[2]


def test_flat_adam_matches_torch() -> None:
    torch = torch_or_skip()
    params = _params()
    theirs = [torch.nn.Parameter(torch.tensor(p.detach().numpy())) for p in params]
    ours_opt = nn.optim.Adam(params, lr=0.01, weight_decay=0.1, amsgrad=True)
    their_opt = torch.optim.Adam(theirs, lr=0.01, weight_decay=0.1, amsgrad=True)
    for step in range(5):
        _grads(params, step)
        for p, q in zip(params, theirs):
            q.grad = torch.tensor(p.grad.numpy())
        ours_opt.step()
        their_opt.step()
    for p, q in zip(params, theirs):
        np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), rtol=1e-12, atol=1e-14)
