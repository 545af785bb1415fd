"""NAdam, RAdam, Adamax, Rprop, ASGD, SparseAdam and LBFGS reproduce PyTorch's trajectories
over 10 steps on the same problem from the same start; the new schedulers reproduce its
learning-rate (and momentum) sequences; PyTorch's implementation switches are accepted."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.conftest import torch_or_skip

_RNG = np.random.default_rng(0)
W0, B0 = _RNG.standard_normal((4, 3)), _RNG.standard_normal(3)
X, Y = _RNG.standard_normal((16, 4)), _RNG.standard_normal((16, 3))


def _trajectory(lib, name, kwargs, steps=10, closure_step=False):
    """The parameters after each of ``steps`` steps of a small tanh regression."""
    if lib == "torch":
        torch = torch_or_skip()
        w, b = (torch.tensor(a, requires_grad=True) for a in (W0, B0))
        x, y = torch.tensor(X), torch.tensor(Y)
        opt = getattr(torch.optim, name)([w, b], **kwargs)
    else:
        w, b = (ag.tensor(a, requires_grad=True) for a in (W0, B0))
        x, y = ag.tensor(X), ag.tensor(Y)
        opt = getattr(nn.optim, name)([w, b], **kwargs)

    def closure():
        opt.zero_grad()
        loss = ((x @ w + b).tanh() - y).pow(2).mean()
        loss.backward()
        return loss

    out = []
    for _ in range(steps):
        if closure_step:
            opt.step(closure)
        else:
            closure()
            opt.step()
        out.append(np.concatenate([w.detach().numpy().ravel(), b.detach().numpy().ravel()]))
    return np.array(out), opt


OPTIMIZERS = [
    ("NAdam", {"lr": 0.05}),
    ("NAdam", {"lr": 0.05, "weight_decay": 0.1, "momentum_decay": 0.01}),
    ("NAdam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True,
               "maximize": True}),
    ("RAdam", {"lr": 0.05}),
    ("RAdam", {"lr": 0.05, "betas": (0.8, 0.9), "weight_decay": 0.1}),
    ("RAdam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("Adamax", {"lr": 0.05}),
    ("Adamax", {"lr": 0.05, "weight_decay": 0.01, "maximize": True}),
    ("Rprop", {"lr": 0.05}),
    ("Rprop", {"lr": 0.02, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.1)}),
    ("ASGD", {"lr": 0.05}),
    ("ASGD", {"lr": 0.05, "t0": 3, "lambd": 0.01, "alpha": 0.5, "weight_decay": 0.1}),
]


@pytest.mark.parametrize("name,kwargs", OPTIMIZERS, ids=[n for n, _ in OPTIMIZERS])
def test_optimizer_trajectory_matches_torch(name, kwargs) -> None:
    theirs, topt = _trajectory("torch", name, kwargs)
    ours, oopt = _trajectory("ours", name, kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)
    assert sorted(oopt.defaults) == sorted(topt.defaults)


LBFGS_CASES = [
    {"lr": 1, "max_iter": 5},
    {"lr": 1, "max_iter": 5, "line_search_fn": "strong_wolfe"},
    {"lr": 0.5, "history_size": 3, "max_iter": 7, "line_search_fn": "strong_wolfe"},
    {"lr": 0.1, "max_iter": 20, "max_eval": 8, "tolerance_grad": 1e-5},
]


@pytest.mark.parametrize("kwargs", LBFGS_CASES)
def test_lbfgs_trajectory_matches_torch(kwargs) -> None:
    theirs, topt = _trajectory("torch", "LBFGS", kwargs, closure_step=True)
    ours, oopt = _trajectory("ours", "LBFGS", kwargs, closure_step=True)
    # quasi-Newton steps amplify last-bit differences (each one 1e-15 at the first step)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6)
    t_state = topt.state[topt._params[0]]
    o_state = oopt.state[oopt._params[0]]
    assert (o_state["func_evals"], o_state["n_iter"]) == (t_state["func_evals"],
                                                          t_state["n_iter"])


def test_lbfgs_needs_a_closure_and_one_group() -> None:
    p = ag.zeros(2, requires_grad=True)
    opt = nn.optim.LBFGS([p])
    with pytest.raises(RuntimeError, match="closure"):
        opt.step(None)
    with pytest.raises(ValueError, match="parameter groups"):
        nn.optim.LBFGS([{"params": [p]}, {"params": [ag.zeros(1, requires_grad=True)]}])


def test_lbfgs_strong_wolfe_on_rosenbrock_matches_torch() -> None:
    torch = torch_or_skip()
    results = []
    for lib, opt_ns in ((torch, torch.optim), (ag, nn.optim)):
        xy = lib.tensor([-1.5, 2.0], dtype=lib.float64, requires_grad=True)
        opt = opt_ns.LBFGS([xy], line_search_fn="strong_wolfe", max_iter=100)

        def closure(xy=xy, opt=opt):
            opt.zero_grad()
            x, y = xy[0], xy[1]
            loss = (1 - x) ** 2 + 100 * (y - x * x) ** 2
            loss.backward()
            return loss

        for _ in range(3):
            opt.step(closure)
        state = opt.state[xy]
        results.append((xy.detach().numpy(), state["func_evals"], state["n_iter"]))
    (ours, evals, iters), (theirs, t_evals, t_iters) = results[1], results[0]
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)
    np.testing.assert_allclose(ours, [1.0, 1.0], atol=1e-5)  # the minimum, found
    assert (evals, iters) == (t_evals, t_iters)


def test_sparse_adam_matches_torch_on_an_embedding() -> None:
    torch = torch_or_skip()
    weight = np.random.default_rng(1).standard_normal((10, 3))
    batches = [np.array([1, 4, 4, 7]), np.array([0, 1, 2]), np.array([9, 4])]
    emb_t = torch.nn.Embedding(10, 3, sparse=True).double()
    emb_o = nn.Embedding(10, 3, sparse=True).double()
    emb_t.weight.data = torch.tensor(weight)
    emb_o.load_state_dict({"weight": weight})
    opt_t = torch.optim.SparseAdam(emb_t.parameters(), lr=0.1)
    opt_o = nn.optim.SparseAdam(emb_o.parameters(), lr=0.1)
    for _ in range(4):
        for idx in batches:
            for emb, opt, lib in ((emb_t, opt_t, torch), (emb_o, opt_o, ag)):
                opt.zero_grad()
                emb(lib.tensor(idx)).pow(2).sum().backward()
                opt.step()
    np.testing.assert_allclose(emb_o.weight.detach().numpy(), emb_t.weight.detach().numpy(),
                               rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta",
                                  "NAdam", "RAdam", "Adamax", "Rprop", "ASGD"])
def test_implementation_switches_are_accepted(name) -> None:
    torch = torch_or_skip()
    cls = getattr(nn.optim, name)
    kwargs = {"foreach": False}
    theirs = getattr(torch.optim, name)
    for flag in ("capturable", "fused"):
        if flag in theirs.__init__.__code__.co_varnames:
            kwargs[flag] = False if flag == "capturable" else None
    opt = cls([ag.zeros(2, requires_grad=True)], lr=0.1, **kwargs)
    ref = theirs([torch.zeros(2, requires_grad=True)], lr=0.1, **kwargs)
    assert sorted(opt.defaults) == sorted(ref.defaults)
    with pytest.raises(NotImplementedError, match="differentiable=True"):
        cls([ag.zeros(2, requires_grad=True)], lr=0.1, differentiable=True)


# -- schedulers ----------------------------------------------------------------------------------

SCHEDULERS = {
    "MultiplicativeLR": lambda S, o: S.MultiplicativeLR(o, lambda e: 0.9 + 0.01 * e),
    "ConstantLR": lambda S, o: S.ConstantLR(o, 0.5, 4),
    "LinearLR": lambda S, o: S.LinearLR(o, 0.2, 0.9, 5),
    "PolynomialLR": lambda S, o: S.PolynomialLR(o, 6, 2.0),
    "CosineAnnealingWarmRestarts": lambda S, o: S.CosineAnnealingWarmRestarts(o, 3, 2, 0.01),
    "CosineAnnealingWarmRestarts_1": lambda S, o: S.CosineAnnealingWarmRestarts(o, 4),
    "CyclicLR": lambda S, o: S.CyclicLR(o, 0.01, 0.1, 3, 2),
    "CyclicLR_triangular2": lambda S, o: S.CyclicLR(o, 0.01, 0.1, 3, 2, "triangular2"),
    "CyclicLR_exp_range": lambda S, o: S.CyclicLR(o, [0.01, 0.02], 0.1, 2, mode="exp_range",
                                                  gamma=0.9),
    "SequentialLR": lambda S, o: S.SequentialLR(o, [S.LinearLR(o, 0.1, 1.0, 3),
                                                    S.ExponentialLR(o, 0.8)], [3]),
    "SequentialLR_3": lambda S, o: S.SequentialLR(o, [S.ConstantLR(o, 0.5, 2),
                                                      S.CosineAnnealingLR(o, 4),
                                                      S.StepLR(o, 2, 0.5)], [2, 6]),
    "ChainedScheduler": lambda S, o: S.ChainedScheduler([S.ConstantLR(o, 0.5, 3),
                                                         S.ExponentialLR(o, 0.9)]),
}


def _lr_sequence(lib, make, optimizer="SGD", steps=10):
    if lib == "torch":
        torch = torch_or_skip()
        params = [{"params": [torch.zeros(2, requires_grad=True)]},
                  {"params": [torch.zeros(1, requires_grad=True)], "lr": 0.05}]
        opt = getattr(torch.optim, optimizer)(params, lr=0.1, **(
            {"momentum": 0.9} if optimizer == "SGD" else {}))
        sched = make(torch.optim.lr_scheduler, opt)
    else:
        params = [{"params": [ag.zeros(2, requires_grad=True)]},
                  {"params": [ag.zeros(1, requires_grad=True)], "lr": 0.05}]
        opt = getattr(nn.optim, optimizer)(params, lr=0.1, **(
            {"momentum": 0.9} if optimizer == "SGD" else {}))
        sched = make(nn.optim.lr_scheduler, opt)
    out = []
    for _ in range(steps):
        opt.step()
        sched.step()
        out.append([g["lr"] for g in opt.param_groups] + sched.get_last_lr()
                   + [g.get("momentum", g.get("betas", (0.0,))[0]) for g in opt.param_groups])
    return np.array(out)


@pytest.mark.parametrize("name", SCHEDULERS)
def test_scheduler_sequence_matches_torch(name) -> None:
    ours = _lr_sequence("ours", SCHEDULERS[name])
    theirs = _lr_sequence("torch", SCHEDULERS[name])
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)


def test_cyclic_lr_cycles_adam_beta1() -> None:
    make = SCHEDULERS["CyclicLR"]
    np.testing.assert_allclose(_lr_sequence("ours", make, "Adam"),
                               _lr_sequence("torch", make, "Adam"), rtol=1e-12)


def test_warm_restarts_fractional_epochs_and_state_dict() -> None:
    torch = torch_or_skip()
    p, tp = ag.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
    ours = nn.optim.lr_scheduler.CosineAnnealingWarmRestarts(nn.optim.SGD([p], lr=0.1), 2, 3)
    theirs = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(
        torch.optim.SGD([tp], lr=0.1), 2, 3)
    for epoch in (0.5, 1.0, 2.25, 7.5, 9.0):
        ours.step(epoch)
        theirs.step(epoch)
        np.testing.assert_allclose(ours.get_last_lr(), theirs.get_last_lr(), rtol=1e-12)
    state = ours.state_dict()
    fresh = nn.optim.lr_scheduler.CosineAnnealingWarmRestarts(nn.optim.SGD([p], lr=0.1), 2, 3)
    fresh.load_state_dict(state)
    assert (fresh.T_cur, fresh.T_i, fresh.last_epoch) == (ours.T_cur, ours.T_i, ours.last_epoch)


@pytest.mark.parametrize("make,error,match", [
    (lambda S, o: S.ConstantLR(o, factor=1.5), ValueError, "between 0 and 1"),
    (lambda S, o: S.LinearLR(o, start_factor=0), ValueError, "greater than 0"),
    (lambda S, o: S.CosineAnnealingWarmRestarts(o, 0), ValueError, "positive integer T_0"),
    (lambda S, o: S.CyclicLR(o, 0.1, 1.0, mode="sawtooth"), ValueError, "mode is invalid"),
    (lambda S, o: S.SequentialLR(o, [S.ConstantLR(o)], [1]), ValueError, "milestone"),
    (lambda S, o: S.ChainedScheduler([]), ValueError, "at least one scheduler"),
])
def test_scheduler_bad_arguments_raise_like_torch(make, error, match) -> None:
    torch = torch_or_skip()
    with pytest.raises(error, match=match):
        make(torch.optim.lr_scheduler, torch.optim.SGD([torch.zeros(1, requires_grad=True)],
                                                       lr=0.1, momentum=0.9))
    with pytest.raises(error, match=match):
        make(nn.optim.lr_scheduler, nn.optim.SGD([ag.zeros(1, requires_grad=True)], lr=0.1,
                                                 momentum=0.9))
