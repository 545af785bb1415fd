"""Learning-rate schedulers: lr (and momentum) sequences vs PyTorch, checkpoints, error paths."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

import autograd as ag
from nn import optim
from nn.optim import lr_scheduler
from tests.conftest import torch_or_skip

STEPS = 30


def _pair(torch, name="SGD", lrs=(0.1, 0.02), **kw):
    """Our optimizer and torch's over two param groups with the given learning rates."""
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(3) for _ in lrs]
    ours = getattr(optim, name)([{"params": [ag.tensor(a, requires_grad=True)], "lr": lr}
                                 for a, lr in zip(arrays, lrs)], **kw)
    if torch is None:
        return ours, None
    theirs = getattr(torch.optim, name)(
        [{"params": [torch.tensor(a, requires_grad=True)], "lr": lr}
         for a, lr in zip(arrays, lrs)], **kw)
    return ours, theirs


def _compare(torch, make, steps=STEPS, name="SGD", lrs=(0.1, 0.02), metrics=None, keys=(),
             **opt_kw):
    """Step both schedulers ``steps`` times; every lr (and ``keys`` of each group) must agree."""
    opt, topt = _pair(torch, name, lrs, **opt_kw)
    sched = make(lr_scheduler, opt)
    tsched = make(torch.optim.lr_scheduler, topt)
    seen = []
    for i in range(steps + 1):
        assert sched.get_last_lr() == pytest.approx(tsched.get_last_lr(), rel=1e-15, abs=0), i
        for g, tg in zip(opt.param_groups, topt.param_groups):
            assert g["lr"] == pytest.approx(tg["lr"], rel=1e-15, abs=0), i
            for key in keys:
                assert g[key] == pytest.approx(tg[key], rel=1e-15, abs=0), (i, key)
        seen.append(list(sched.get_last_lr()))
        if i == steps:
            break
        opt.step()
        topt.step()
        if metrics is None:
            sched.step()
            tsched.step()
        else:
            sched.step(metrics[i])
            tsched.step(metrics[i])
    return seen


def test_steplr():
    torch = torch_or_skip()
    seen = _compare(torch, lambda m, o: m.StepLR(o, step_size=4, gamma=0.5))
    assert seen[3][0] == 0.1 and seen[4][0] == 0.05 and seen[8][0] == 0.025


def test_multisteplr_with_a_repeated_milestone():
    torch = torch_or_skip()
    seen = _compare(torch, lambda m, o: m.MultiStepLR(o, milestones=[3, 10, 10, 20], gamma=0.3))
    assert seen[10][0] == pytest.approx(0.1 * 0.3 ** 3)


def test_exponentiallr():
    torch = torch_or_skip()
    seen = _compare(torch, lambda m, o: m.ExponentialLR(o, gamma=0.9))
    assert seen[5][1] == pytest.approx(0.02 * 0.9 ** 5)


@pytest.mark.parametrize("eta_min", [0.0, 0.005])
def test_cosine_annealing_over_three_cycles(eta_min):
    torch = torch_or_skip()
    t_max = 10
    seen = _compare(torch, lambda m, o: m.CosineAnnealingLR(o, T_max=t_max, eta_min=eta_min),
                    steps=6 * t_max)
    for epoch in (0, 5, 10, 15, 20, 37):
        closed = eta_min + (0.1 - eta_min) * (1 + math.cos(math.pi * epoch / t_max)) / 2
        assert seen[epoch][0] == pytest.approx(closed, rel=1e-9, abs=1e-15)


def test_lambdalr_one_function_and_one_per_group():
    torch = torch_or_skip()
    _compare(torch, lambda m, o: m.LambdaLR(o, lambda e: 0.95 ** e))
    _compare(torch, lambda m, o: m.LambdaLR(o, [lambda e: 1 / (1 + e), lambda e: e % 3 + 1]))


@pytest.mark.parametrize("kw", [
    dict(),
    dict(patience=2, factor=0.5),
    dict(mode="max", patience=1, threshold=0.05, cooldown=2),
    dict(patience=0, threshold_mode="abs", threshold=0.1, min_lr=[0.05, 0.001]),
    dict(mode="max", threshold_mode="abs", patience=1, factor=0.2, min_lr=0.004, eps=1e-3),
])
def test_reduce_on_plateau(kw):
    torch = torch_or_skip()
    rng = np.random.default_rng(1)
    metrics = list(1.0 / np.arange(1, 8)) + list(0.2 + 0.05 * rng.random(33))
    seen = _compare(torch, lambda m, o: m.ReduceLROnPlateau(o, **kw), steps=40,
                    metrics=metrics)
    if kw.get("mode", "min") == "min":
        assert seen[-1][0] < 0.1  # the plateau was detected


def test_reduce_on_plateau_takes_a_tensor_metric():
    opt, _ = _pair(None)
    sched = lr_scheduler.ReduceLROnPlateau(opt, patience=0)
    sched.step(ag.tensor(1.0))
    sched.step(ag.tensor(2.0))
    assert sched.get_last_lr() == pytest.approx([0.01, 0.002])
    assert sched.last_epoch == 2 and sched.num_bad_epochs == 0


@pytest.mark.parametrize("kw", [
    dict(max_lr=1.0, total_steps=30),
    dict(max_lr=[1.0, 0.3], epochs=3, steps_per_epoch=10, pct_start=0.25,
         anneal_strategy="linear"),
    dict(max_lr=0.5, total_steps=30, three_phase=True),
    dict(max_lr=0.5, total_steps=30, three_phase=True, anneal_strategy="linear",
         div_factor=10.0, final_div_factor=100.0, base_momentum=[0.8, 0.7], max_momentum=0.9),
    dict(max_lr=0.5, total_steps=30, cycle_momentum=False),
])
def test_one_cycle_with_sgd_momentum(kw):
    torch = torch_or_skip()
    keys = ("momentum",) if kw.get("cycle_momentum", True) else ()
    _compare(torch, lambda m, o: m.OneCycleLR(o, **kw), steps=29, momentum=0.9, keys=keys)


def test_one_cycle_cycles_adam_beta1():
    torch = torch_or_skip()
    _compare(torch, lambda m, o: m.OneCycleLR(o, max_lr=0.01, total_steps=30), steps=30,
             name="Adam", keys=("betas",))


def test_one_cycle_refuses_to_step_past_the_end():
    opt, _ = _pair(None, momentum=0.9)
    sched = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=3)
    for _ in range(3):
        sched.step()
    with pytest.raises(ValueError, match="Tried to step 4 times"):
        sched.step()


def test_scheduled_lr_drives_the_optimizer():
    p = ag.tensor([1.0], dtype=ag.float64, requires_grad=True)
    opt = optim.SGD([p], lr=1.0)
    sched = lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    for expected in (0.0, -0.5, -0.75):
        p.grad = ag.ones_like(p)
        opt.step()
        sched.step()
        assert p.item() == pytest.approx(expected)
    assert opt.param_groups[0]["initial_lr"] == 1.0


# -- checkpoints -----------------------------------------------------------------------------
MAKERS = {
    "StepLR": lambda m, o: m.StepLR(o, step_size=3, gamma=0.5),
    "MultiStepLR": lambda m, o: m.MultiStepLR(o, milestones=[2, 5, 9]),
    "ExponentialLR": lambda m, o: m.ExponentialLR(o, gamma=0.8),
    "CosineAnnealingLR": lambda m, o: m.CosineAnnealingLR(o, T_max=4, eta_min=0.001),
    "LambdaLR": lambda m, o: m.LambdaLR(o, lambda e: 1 / (1 + e)),
    "OneCycleLR": lambda m, o: m.OneCycleLR(o, max_lr=0.3, total_steps=20),
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_scheduler_resumes_from_its_state_dict(name):
    opt, _ = _pair(None, momentum=0.9)
    sched = MAKERS[name](lr_scheduler, opt)
    for _ in range(6):
        opt.step()
        sched.step()
    opt_state = opt.state_dict()
    state = pickle.loads(pickle.dumps(sched.state_dict()))
    assert "optimizer" not in state and state["last_epoch"] == 6
    expected = []
    for _ in range(8):
        opt.step()
        sched.step()
        expected.append(sched.get_last_lr())

    opt2, _ = _pair(None, momentum=0.9)
    opt2.load_state_dict(opt_state)
    sched2 = MAKERS[name](lr_scheduler, opt2)
    sched2.load_state_dict(state)
    got = []
    for _ in range(8):
        opt2.step()
        sched2.step()
        got.append(sched2.get_last_lr())
    assert got == expected


def test_reduce_on_plateau_resumes_from_its_state_dict():
    opt, _ = _pair(None)
    sched = lr_scheduler.ReduceLROnPlateau(opt, patience=1, cooldown=1)
    metrics = [1.0, 0.9, 0.95, 0.96, 0.97, 0.98, 0.99, 1.0, 1.1, 1.2]
    for m in metrics[:4]:
        sched.step(m)
    state, opt_state = sched.state_dict(), opt.state_dict()
    for m in metrics[4:]:
        sched.step(m)
    opt2, _ = _pair(None)
    opt2.load_state_dict(opt_state)
    sched2 = lr_scheduler.ReduceLROnPlateau(opt2)
    sched2.load_state_dict(state)
    for m in metrics[4:]:
        sched2.step(m)
    assert sched2.get_last_lr() == sched.get_last_lr() and sched2.best == sched.best


class _Warmup:
    """A picklable lr_lambda with state (its __dict__ goes into the state dict)."""

    def __init__(self, n):
        self.n = n

    def __call__(self, epoch):
        return min(1.0, (epoch + 1) / self.n)


def test_lambdalr_state_dict_keeps_only_callable_objects():
    opt, _ = _pair(None)
    sched = lr_scheduler.LambdaLR(opt, [lambda e: 1.0, _Warmup(5)])
    state = sched.state_dict()
    assert state["lr_lambdas"] == [None, {"n": 5}]
    pickle.dumps(state)
    other = lr_scheduler.LambdaLR(opt, [lambda e: 1.0, _Warmup(2)])
    other.load_state_dict(state)
    assert other.lr_lambdas[1].n == 5 and state["lr_lambdas"] == [None, {"n": 5}]


def test_resuming_with_last_epoch_needs_initial_lr():
    opt, _ = _pair(None)
    with pytest.raises(KeyError, match="initial_lr"):
        lr_scheduler.StepLR(opt, step_size=2, last_epoch=3)
    for group in opt.param_groups:
        group["initial_lr"] = group["lr"]
    sched = lr_scheduler.CosineAnnealingLR(opt, T_max=10, last_epoch=4)
    # as in PyTorch: the constructor's step keeps the current rate, the next one goes on
    # recursively from there
    assert sched.last_epoch == 5 and sched.get_last_lr()[0] == 0.1
    sched.step()
    ratio = (1 + math.cos(math.pi * 6 / 10)) / (1 + math.cos(math.pi * 5 / 10))
    assert sched.get_last_lr()[0] == pytest.approx(0.1 * ratio, rel=1e-15)


def test_step_with_an_epoch_uses_the_closed_form():
    opt, _ = _pair(None)
    sched = lr_scheduler.StepLR(opt, step_size=2, gamma=0.1)
    with pytest.warns(UserWarning, match="deprecated"):
        sched.step(5)
    assert sched.get_last_lr() == pytest.approx([0.1 * 0.01, 0.02 * 0.01])


# -- errors ----------------------------------------------------------------------------------
def test_scheduler_needs_an_optimizer():
    with pytest.raises(TypeError, match="list is not an Optimizer"):
        lr_scheduler.StepLR([], step_size=1)
    with pytest.raises(TypeError, match="is not an Optimizer"):
        lr_scheduler.ReduceLROnPlateau(object())


def test_bad_arguments():
    opt, _ = _pair(None)
    with pytest.raises(ValueError, match="Expected 2 lr_lambdas, but got 1"):
        lr_scheduler.LambdaLR(opt, [lambda e: 1.0])
    with pytest.raises(ValueError, match="Factor should be < 1.0"):
        lr_scheduler.ReduceLROnPlateau(opt, factor=1.0)
    with pytest.raises(ValueError, match="mode maximum is unknown"):
        lr_scheduler.ReduceLROnPlateau(opt, mode="maximum")
    with pytest.raises(ValueError, match="threshold mode relative is unknown"):
        lr_scheduler.ReduceLROnPlateau(opt, threshold_mode="relative")
    with pytest.raises(ValueError, match="expected 2 min_lrs, got 3"):
        lr_scheduler.ReduceLROnPlateau(opt, min_lr=[0, 0, 0])


@pytest.mark.parametrize("kw,message", [
    (dict(max_lr=0.1), "You must define either total_steps"),
    (dict(max_lr=0.1, total_steps=0), "positive integer total_steps"),
    (dict(max_lr=0.1, epochs=2, steps_per_epoch=0), "positive integer steps_per_epoch"),
    (dict(max_lr=0.1, epochs=-1, steps_per_epoch=3), "positive integer epochs"),
    (dict(max_lr=0.1, total_steps=10, pct_start=1.5), "pct_start"),
    (dict(max_lr=0.1, total_steps=10, anneal_strategy="exp"), "anneal_strategy"),
    (dict(max_lr=[0.1], total_steps=10), "max_lr must have the same length"),
])
def test_one_cycle_bad_arguments(kw, message):
    opt, _ = _pair(None, momentum=0.9)
    with pytest.raises(ValueError, match=message):
        lr_scheduler.OneCycleLR(opt, **kw)


def test_one_cycle_momentum_needs_a_momentum():
    opt, _ = _pair(None, name="Adagrad")
    with pytest.raises(ValueError, match="must support momentum or beta1"):
        lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=10)
    lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=10, cycle_momentum=False)
