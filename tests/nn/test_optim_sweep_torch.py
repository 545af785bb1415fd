"""Every optimizer and scheduler against PyTorch, step by step, on one seeded problem.

Each case is a snippet written against ``T`` (``torch`` / ``autograd``), ``O`` (``torch.optim``
/ ``nn.optim``), ``LS`` (their ``lr_scheduler``) and ``P`` (three float64 parameters, the
same values under both libraries); it builds ``opt`` (and ``sched``). Both libraries then run
the same steps on the same loss, and the test compares at every step the parameters (float64,
tight tolerances), each param group's hyperparameters (lr, momentum, betas: exactly) and
``get_last_lr()``; at the end ``optimizer.state_dict()`` (keys, their order, dtypes, values)
and the scheduler's ``state_dict()``. Further sections cover loading a PyTorch state dict
converted to NumPy, multiple groups, ``zero_grad``, argument errors (the exception type must
be PyTorch's), ``LBFGS`` and ``nn.utils``' clipping and flat-vector helpers.
"""

from __future__ import annotations

import collections
import math
import types
import warnings

import numpy as np
import pytest

import autograd as ag
import nn
from nn.optim import lr_scheduler
from tests.conftest import torch_or_skip

torch = torch_or_skip()

LIBS = {
    "torch": {"T": torch, "O": torch.optim, "LS": torch.optim.lr_scheduler, "nn": torch.nn},
    "ours": {"T": ag, "O": nn.optim, "LS": lr_scheduler, "nn": nn},
}

_RNG = np.random.default_rng(0)
W0, B0, C0 = _RNG.standard_normal((3, 4)), _RNG.standard_normal(4), _RNG.standard_normal((2, 2))
X, Y = _RNG.standard_normal((6, 3)), _RNG.standard_normal((6, 4))
METRICS = [1.0, 0.9, 0.9, 0.95, 0.91, 0.92, 0.93, 0.8, 0.8, 0.8, 0.8, 0.8, 0.7, 0.85, 0.86,
           0.87, 0.88, 0.89, 0.9] * 2


def _host(value):
    """A tensor of either library as a NumPy copy; anything else unchanged."""
    if isinstance(value, torch.Tensor | ag.Tensor):
        return value.detach().numpy(force=True).copy()
    return value


def _plain(value):
    """A library-neutral form: tensors as arrays, Counters as dicts, functions as a mark."""
    if isinstance(value, torch.Tensor | ag.Tensor):
        return _host(value)
    if isinstance(value, types.FunctionType):
        return "<function>"
    if isinstance(value, collections.Counter):
        return ("Counter", dict(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    return value


def _same(ours, theirs, path, rtol=0.0, atol=0.0) -> None:
    """``ours`` equals ``theirs``: containers with the same keys in the same order, arrays
    with the same dtype and shape and values within the tolerances, numbers of the same type
    (floats within the tolerances)."""
    if isinstance(theirs, np.ndarray):
        assert isinstance(ours, np.ndarray), f"{path}: {type(ours).__name__}, not an array"
        assert (ours.dtype, ours.shape) == (theirs.dtype, theirs.shape), (
            f"{path}: {ours.dtype}{ours.shape} vs {theirs.dtype}{theirs.shape}")
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, err_msg=path)
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and list(ours) == list(theirs), (
            f"{path}: keys {list(ours) if isinstance(ours, dict) else ours} vs {list(theirs)}")
        for k in theirs:
            _same(ours[k], theirs[k], f"{path}[{k!r}]", rtol, atol)
    elif isinstance(theirs, list | tuple):
        assert type(ours) is type(theirs) and len(ours) == len(theirs), (
            f"{path}: {ours!r} vs {theirs!r}")
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _same(a, b, f"{path}[{i}]", rtol, atol)
    elif isinstance(theirs, float) and isinstance(ours, float):
        assert math.isclose(ours, theirs, rel_tol=max(rtol, 1e-15), abs_tol=atol) or (
            math.isnan(ours) and math.isnan(theirs)), f"{path}: {ours!r} vs {theirs!r}"
    else:
        assert ours == theirs and type(ours) is type(theirs), (
            f"{path}: {ours!r} ({type(ours).__name__}) vs {theirs!r} ({type(theirs).__name__})")


def _loss(T, P, x, y):
    out = (x @ P[0] + P[1]).tanh()
    return ((out - y) ** 2).sum() + 0.1 * (P[2] ** 4).sum() + (P[2][0] * P[2][1]).sum()


def _setup(lib, code, start=(W0, B0, C0), device="cpu"):
    """Run ``code`` (which builds ``opt`` and maybe ``sched``) over fresh float64 params (ours
    on ``device``; PyTorch's on the CPU)."""
    names = LIBS[lib]
    T = names["T"]
    where = {} if lib == "torch" else {"device": device}
    P = [T.tensor(np.array(a), dtype=T.float64, requires_grad=True, **where) for a in start]
    scope = {**names, "P": P, "np": np, "math": math}
    exec(code, scope)
    return scope, P, T.tensor(X, **where), T.tensor(Y, **where)


def _run(lib, code, steps, metrics=None, none_grad=(), epoch_fn=None, device="cpu"):
    """Step ``steps`` times; returns the per-step records, the optimizer and the scheduler."""
    scope, P, x, y = _setup(lib, code, device=device)
    T, opt, sched = scope["T"], scope["opt"], scope.get("sched")
    records = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # step(epoch) is deprecated in both libraries
        for k in range(steps):
            opt.zero_grad()
            _loss(T, P, x, y).backward()
            for i in none_grad:
                P[i].grad = None
            opt.step()
            if sched is not None:
                if metrics is not None:
                    sched.step(metrics[k])
                elif epoch_fn is not None:
                    sched.step(epoch_fn(k))
                else:
                    sched.step()
            records.append({
                "groups": [_plain({k2: v for k2, v in g.items() if k2 != "params"})
                           for g in opt.param_groups],
                "last_lr": None if sched is None else _plain(sched.get_last_lr()),
                "params": [_host(p) for p in P],
            })
    return records, opt, sched


def _compare_runs(code, steps=30, rtol=1e-10, atol=1e-12, device="cpu", **kw) -> None:
    theirs, topt, tsched = _run("torch", code, steps, **kw)
    ours, oopt, osched = _run("ours", code, steps, device=device, **kw)
    for k, (a, b) in enumerate(zip(ours, theirs)):
        _same(a["groups"], b["groups"], f"step {k} groups")  # hyperparameters: exactly
        _same(a["last_lr"], b["last_lr"], f"step {k} get_last_lr()")
        _same(a["params"], b["params"], f"step {k} params", rtol, atol)
    _same(_plain(oopt.state_dict()), _plain(topt.state_dict()), "optimizer.state_dict()",
          rtol, atol)
    if tsched is not None:
        theirs_sd, ours_sd = _plain(tsched.state_dict()), _plain(osched.state_dict())
        assert sorted(ours_sd) == sorted(theirs_sd)
        for key in theirs_sd:
            _same(ours_sd[key], theirs_sd[key], f"scheduler.state_dict()[{key!r}]")


# -- optimizers ------------------------------------------------------------------------------
OPTIMIZERS = {
    "SGD": "opt = O.SGD(P, lr=0.01)",
    "SGD_defaults": "opt = O.SGD(P)",
    "SGD_momentum": "opt = O.SGD(P, lr=0.01, momentum=0.9)",
    "SGD_dampening": "opt = O.SGD(P, lr=0.01, momentum=0.9, dampening=0.3, weight_decay=0.1)",
    "SGD_nesterov": "opt = O.SGD(P, lr=0.01, momentum=0.9, nesterov=True, weight_decay=0.05)",
    "SGD_maximize": "opt = O.SGD(P, lr=0.001, momentum=0.5, maximize=True, weight_decay=0.1)",
    "Adam": "opt = O.Adam(P, lr=0.01)",
    "Adam_amsgrad": "opt = O.Adam(P, lr=0.01, amsgrad=True, weight_decay=0.1)",
    "Adam_maximize": "opt = O.Adam(P, lr=0.01, maximize=True, betas=(0.8, 0.95), eps=1e-6)",
    "Adam_decoupled": ("opt = O.Adam(P, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, "
                       "amsgrad=True)"),
    "AdamW": "opt = O.AdamW(P, lr=0.01)",
    "AdamW_amsgrad_max": "opt = O.AdamW(P, lr=0.01, amsgrad=True, maximize=True, weight_decay=0.3)",
    "RMSprop": "opt = O.RMSprop(P, lr=0.01)",
    "RMSprop_centered": "opt = O.RMSprop(P, lr=0.01, centered=True)",
    "RMSprop_centered_momentum": ("opt = O.RMSprop(P, lr=0.01, centered=True, momentum=0.9, "
                                  "weight_decay=0.1, alpha=0.9)"),
    "RMSprop_momentum_max": "opt = O.RMSprop(P, lr=0.01, momentum=0.5, maximize=True)",
    "Adagrad": "opt = O.Adagrad(P, lr=0.1)",
    "Adagrad_decay": ("opt = O.Adagrad(P, lr=0.1, lr_decay=0.01, initial_accumulator_value=0.5, "
                      "weight_decay=0.1, eps=1e-8)"),
    "Adagrad_maximize": "opt = O.Adagrad(P, lr=0.1, maximize=True)",
    "Adadelta": "opt = O.Adadelta(P)",
    "Adadelta_options": ("opt = O.Adadelta(P, lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.1, "
                         "maximize=True)"),
    "Adamax": "opt = O.Adamax(P, lr=0.01)",
    "Adamax_options": ("opt = O.Adamax(P, lr=0.01, weight_decay=0.1, betas=(0.5, 0.9), "
                       "maximize=True)"),
    "NAdam": "opt = O.NAdam(P, lr=0.01)",
    "NAdam_momentum_decay": "opt = O.NAdam(P, lr=0.01, weight_decay=0.1, momentum_decay=0.01)",
    "NAdam_decoupled": ("opt = O.NAdam(P, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, "
                        "maximize=True)"),
    "RAdam": "opt = O.RAdam(P, lr=0.01)",
    "RAdam_decoupled": "opt = O.RAdam(P, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)",
    "RAdam_options": "opt = O.RAdam(P, lr=0.01, weight_decay=0.1, maximize=True, betas=(0.5, 0.7))",
    "ASGD": "opt = O.ASGD(P, lr=0.01)",
    "ASGD_t0": ("opt = O.ASGD(P, lr=0.01, t0=5, lambd=0.01, alpha=0.5, weight_decay=0.1, "
                "maximize=True)"),
    "Rprop": "opt = O.Rprop(P, lr=0.01)",
    "Rprop_options": ("opt = O.Rprop(P, lr=0.01, etas=(0.3, 1.5), step_sizes=(1e-3, 0.05), "
                      "maximize=True)"),
    "Adafactor": "opt = O.Adafactor(P, lr=0.01)",
    "Adafactor_options": ("opt = O.Adafactor(P, lr=0.01, weight_decay=0.1, beta2_decay=-0.5, "
                          "d=1.5, eps=(1e-20, 1e-2), maximize=True)"),
}


@pytest.mark.parametrize("code", OPTIMIZERS.values(), ids=OPTIMIZERS.keys())
def test_optimizer_matches_torch_every_step(code) -> None:
    _compare_runs(code)


# a parameter whose gradient is None is skipped: no update, no state
@pytest.mark.parametrize("name", ["SGD_momentum", "Adam_amsgrad", "RMSprop_centered_momentum",
                                  "Adagrad_decay", "Adadelta", "Adamax", "NAdam", "RAdam",
                                  "ASGD_t0", "Rprop", "Adafactor"])
def test_parameters_without_gradient_are_skipped(name) -> None:
    _compare_runs(OPTIMIZERS[name], steps=10, none_grad=(1,))


TENSOR_LR = ["SGD_momentum", "Adam", "Adam_decoupled", "AdamW_amsgrad_max",
             "RMSprop_centered_momentum", "Adagrad_decay", "Adadelta_options", "Adamax", "NAdam",
             "RAdam_decoupled", "Rprop", "ASGD"]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", TENSOR_LR)
def test_tensor_learning_rate(device, name, dtype) -> None:
    """A 0-d Tensor lr: PyTorch does its arithmetic in the tensor's dtype, so must we."""
    code = OPTIMIZERS[name]
    for value in ("0.01", "0.1", "0.5"):
        code = code.replace(f"lr={value}", f"lr=T.tensor({value}, dtype=T.{dtype})")
    assert code != OPTIMIZERS[name]
    _compare_runs(code, steps=10, device=device)


@pytest.mark.parametrize("name", ["SGD_nesterov", "Adam_amsgrad", "RMSprop_centered_momentum",
                                  "Adagrad_decay", "Adadelta", "Adamax", "NAdam", "RAdam",
                                  "ASGD_t0", "Rprop", "Adafactor", "AdamW"])
def test_optimizer_on_every_device(device, name) -> None:
    """The same steps and state on each device (PyTorch's on the CPU as the reference), and a
    PyTorch state dict loads onto the device and continues."""
    _compare_runs(OPTIMIZERS[name], steps=5, device=device)
    _continue_after_load(OPTIMIZERS[name], steps=3, more=3, device=device)


def test_default_dtype_float64_keeps_step_counts_in_float64() -> None:
    """PyTorch keeps step counts (and NAdam's mu_product) in float64 under a float64 default."""
    code = "opt = O.NAdam(P, lr=0.01)"
    previous = (torch.get_default_dtype(), ag.get_default_dtype())
    torch.set_default_dtype(torch.float64)
    ag.set_default_dtype(ag.float64)
    try:
        _compare_runs(code, steps=5)
        _, opt, _ = _run("ours", code, 1)
        assert opt.state[opt.param_groups[0]["params"][0]]["step"].dtype == ag.float64
    finally:
        torch.set_default_dtype(previous[0])
        ag.set_default_dtype(previous[1])


GROUPS = "groups = [{'params': [P[0]]}, {'params': [P[1], P[2]], 'lr': 0.003, %s}]\n"
GROUP_CASES = {
    "SGD": GROUPS % "'momentum': 0.9, 'nesterov': True" + (
        "opt = O.SGD(groups, lr=0.01, momentum=0.5, weight_decay=0.1)"),
    "Adam": GROUPS % "'betas': (0.5, 0.6), 'amsgrad': True" + (
        "opt = O.Adam(groups, lr=0.01, weight_decay=0.1)"),
    "AdamW": GROUPS % "'weight_decay': 0.5" + "opt = O.AdamW(groups, lr=0.01)",
    "RMSprop": GROUPS % "'centered': True, 'momentum': 0.3" + "opt = O.RMSprop(groups, lr=0.01)",
    "Adagrad": GROUPS % "'lr_decay': 0.1, 'eps': 1e-3" + "opt = O.Adagrad(groups, lr=0.05)",
    "NAdam": GROUPS % "'momentum_decay': 0.1" + "opt = O.NAdam(groups, lr=0.01)",
    "RAdam": GROUPS % "'decoupled_weight_decay': True, 'weight_decay': 0.2" + (
        "opt = O.RAdam(groups, lr=0.01)"),
    "Rprop": GROUPS % "'etas': (0.2, 1.3)" + "opt = O.Rprop(groups, lr=0.01)",
    "ASGD": GROUPS % "'t0': 3" + "opt = O.ASGD(groups, lr=0.01)",
    "Adafactor": GROUPS % "'beta2_decay': -0.6" + "opt = O.Adafactor(groups, lr=0.01)",
    "Adadelta": GROUPS % "'rho': 0.5" + "opt = O.Adadelta(groups)",
    "Adamax": GROUPS % "'eps': 1e-3" + "opt = O.Adamax(groups)",
    "SGD_add_param_group": ("opt = O.SGD([P[0]], lr=0.01, momentum=0.9)\n"
                            "opt.add_param_group({'params': [P[1], P[2]], 'lr': 0.1, "
                            "'dampening': 0.5})"),
    "Adam_add_param_group": ("opt = O.Adam([P[0]], lr=0.01)\n"
                             "opt.add_param_group({'params': P[1:], 'lr': 0.1, "
                             "'maximize': True})"),
    "Adagrad_add_param_group": ("opt = O.Adagrad([P[0]], lr=0.01)\n"
                                "opt.add_param_group({'params': P[1:], 'lr_decay': 1.0})"),
    "named_parameters": "opt = O.Adam([('w', P[0]), ('b', P[1]), ('c', P[2])], lr=0.01)",
}


@pytest.mark.parametrize("code", GROUP_CASES.values(), ids=GROUP_CASES.keys())
def test_param_groups_match_torch(code) -> None:
    _compare_runs(code, steps=15)


def test_adagrad_state_exists_for_the_constructors_groups_only() -> None:
    for lib in ("torch", "ours"):
        scope, P, _, _ = _setup(lib, "opt = O.Adagrad([P[0]], lr=0.1)\n"
                                     "opt.add_param_group({'params': [P[1]]})")
        state = scope["opt"].state_dict()["state"]
        assert list(state) == [0] and list(state[0]) == ["step", "sum"]


# -- loading a PyTorch state dict converted to NumPy ----------------------------------------
def _to_numpy(value):
    if isinstance(value, torch.Tensor):
        return value.detach().numpy().copy()
    if isinstance(value, dict):
        return {k: _to_numpy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_numpy(v) for v in value]
    return value


def _continue_after_load(code, steps=8, more=8, closure_step=False, device="cpu") -> None:
    """Train with PyTorch, save, load into a fresh optimizer of each library (ours from the
    NumPy form), train on: both continue identically, and end with the same state dict."""
    theirs, topt, _ = _run("torch", code, steps) if not closure_step else (None, None, None)
    if closure_step:
        scope, P, x, y = _setup("torch", code)
        topt = scope["opt"]

        def closure():
            topt.zero_grad()
            loss = _loss(torch, P, x, y)
            loss.backward()
            return loss

        for _ in range(steps):
            topt.step(closure)
        start = [p.detach().numpy().copy() for p in P]
    else:
        start = theirs[-1]["params"]
    saved = topt.state_dict()
    results = []
    for lib, state in (("torch", saved), ("ours", _to_numpy(saved))):
        scope, P, x, y = _setup(lib, code, start=start, device=device)
        T, opt = scope["T"], scope["opt"]
        opt.load_state_dict(state)

        def closure(opt=opt, T=T, P=P, x=x, y=y):
            opt.zero_grad()
            loss = _loss(T, P, x, y)
            loss.backward()
            return loss

        trajectory = []
        for _ in range(more):
            if closure_step:
                opt.step(closure)
            else:
                closure()
                opt.step()
            trajectory.append([_host(p) for p in P])
        results.append((trajectory, _plain(opt.state_dict())))
    (theirs_path, theirs_sd), (ours_path, ours_sd) = results
    _same(ours_path, theirs_path, "params after loading", 1e-10, 1e-12)
    _same(ours_sd, theirs_sd, "state_dict after loading", 1e-10, 1e-12)


@pytest.mark.parametrize("name", [n for n in OPTIMIZERS if n != "SGD_defaults"])
def test_torch_state_dict_loads_and_training_continues_identically(name) -> None:
    _continue_after_load(OPTIMIZERS[name])


@pytest.mark.parametrize("kwargs", ["lr=0.5, max_iter=4, history_size=2",
                                    "lr=1, max_iter=3, line_search_fn='strong_wolfe'"])
def test_lbfgs_torch_state_dict_loads_and_continues(kwargs) -> None:
    _continue_after_load(f"opt = O.LBFGS(P, {kwargs})", steps=2, more=3, closure_step=True)


def test_loading_fills_hyperparameters_a_checkpoint_lacks() -> None:
    """An older checkpoint without amsgrad/decoupled_weight_decay loads (defaults fill in)."""
    for lib in ("torch", "ours"):
        scope, P, x, y = _setup(lib, "opt = O.Adam(P, lr=0.1)")
        opt = scope["opt"]
        saved = opt.state_dict()
        for key in ("amsgrad", "decoupled_weight_decay"):
            del saved["param_groups"][0][key]
        fresh = LIBS[lib]["O"].Adam(P)
        fresh.load_state_dict(saved)
        _loss(scope["T"], P, x, y).backward()
        fresh.step()
        assert fresh.param_groups[0]["amsgrad"] is False
        assert fresh.param_groups[0]["decoupled_weight_decay"] is False


# -- LBFGS -------------------------------------------------------------------------------------
def _lbfgs(lib, kwargs, dtype, steps):
    names = LIBS[lib]
    T = names["T"]
    P = [T.tensor(a.astype(dtype), requires_grad=True) for a in (W0, B0, C0)]
    x, y = T.tensor(X.astype(dtype)), T.tensor(Y.astype(dtype))
    opt = names["O"].LBFGS(P, **kwargs)

    def closure():
        opt.zero_grad()
        loss = _loss(T, P, x, y)
        loss.backward()
        return loss

    path = []
    for _ in range(steps):
        loss = opt.step(closure)
        path.append((float(loss.detach()), [_host(p) for p in P]))
    return path, opt


LBFGS_CASES = [
    {"lr": 0.5, "max_iter": 4, "history_size": 2},
    {"lr": 1, "max_iter": 5},
    {"lr": 1, "max_iter": 5, "line_search_fn": "strong_wolfe"},
    {"lr": 0.8, "max_iter": 6, "history_size": 3, "line_search_fn": "strong_wolfe"},
    {"lr": 0.1, "max_iter": 20, "max_eval": 8, "tolerance_grad": 1e-5},
]


@pytest.mark.parametrize("kwargs", LBFGS_CASES, ids=lambda kw: ",".join(map(str, kw.values())))
def test_lbfgs_matches_torch(kwargs) -> None:
    theirs, topt = _lbfgs("torch", kwargs, "float64", 3)
    ours, oopt = _lbfgs("ours", kwargs, "float64", 3)
    # quasi-Newton steps amplify last-bit differences of the loss's gradient
    _same(ours, theirs, "L-BFGS path", 1e-8, 1e-10)
    _same(_plain(oopt.state_dict()), _plain(topt.state_dict()), "L-BFGS state_dict", 1e-6,
          1e-8)


def test_lbfgs_float32_keeps_its_scalars_in_float32() -> None:
    kwargs = {"lr": 0.5, "max_iter": 4, "history_size": 2}
    theirs, topt = _lbfgs("torch", kwargs, "float32", 2)
    ours, oopt = _lbfgs("ours", kwargs, "float32", 2)
    _same(ours, theirs, "L-BFGS float32 path", 1e-4, 1e-5)
    _same(_plain(oopt.state_dict()), _plain(topt.state_dict()), "L-BFGS float32 state",
          1e-3, 1e-4)


# -- schedulers ------------------------------------------------------------------------------
SGD1 = "opt = O.SGD(P, lr=0.1, momentum=0.9)\n"
SGD2 = ("groups = [{'params': [P[0]]}, {'params': [P[1], P[2]], 'lr': 0.05}]\n"
        "opt = O.SGD(groups, lr=0.1, momentum=0.9)\n")
ADAM = "opt = O.Adam(P, lr=0.1)\n"
SCHEDULERS = {
    "StepLR": SGD1 + "sched = LS.StepLR(opt, 7, gamma=0.5)",
    "MultiStepLR": SGD2 + "sched = LS.MultiStepLR(opt, [3, 7, 7, 20], gamma=0.3)",
    "ConstantLR": SGD1 + "sched = LS.ConstantLR(opt, factor=0.25, total_iters=6)",
    "LinearLR": SGD2 + ("sched = LS.LinearLR(opt, start_factor=0.1, end_factor=0.9, "
                        "total_iters=13)"),
    "ExponentialLR": SGD1 + "sched = LS.ExponentialLR(opt, 0.93)",
    "PolynomialLR": SGD1 + "sched = LS.PolynomialLR(opt, total_iters=17, power=2.5)",
    "CosineAnnealingLR": SGD2 + "sched = LS.CosineAnnealingLR(opt, T_max=9, eta_min=0.001)",
    "CosineAnnealingWarmRestarts": SGD1 + (
        "sched = LS.CosineAnnealingWarmRestarts(opt, T_0=5, eta_min=0.01)"),
    "CosineAnnealingWarmRestarts_T_mult": SGD2 + (
        "sched = LS.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2)"),
    "CyclicLR_triangular": SGD1 + "sched = LS.CyclicLR(opt, base_lr=0.01, max_lr=0.1, "
                                  "step_size_up=4)",
    "CyclicLR_triangular2": SGD2 + (
        "sched = LS.CyclicLR(opt, base_lr=[0.01, 0.02], max_lr=[0.1, 0.2], step_size_up=3, "
        "step_size_down=5, mode='triangular2', base_momentum=0.7, max_momentum=0.95)"),
    "CyclicLR_exp_range": SGD1 + (
        "sched = LS.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=4, mode='exp_range', "
        "gamma=0.97)"),
    "CyclicLR_no_momentum": "opt = O.SGD(P, lr=0.1)\n" + (
        "sched = LS.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=4, "
        "cycle_momentum=False)"),
    "CyclicLR_adam_beta1": ADAM + (
        "sched = LS.CyclicLR(opt, base_lr=0.001, max_lr=0.01, step_size_up=5)"),
    "CyclicLR_scale_fn_iterations": SGD1 + (
        "sched = LS.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=4, "
        "scale_fn=lambda x: 0.9 ** x, scale_mode='iterations')"),
    "CyclicLR_scale_fn_cycle": SGD1 + (
        "sched = LS.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=4, "
        "scale_fn=lambda x: 1 / x)"),
    "OneCycleLR_cos": SGD1 + "sched = LS.OneCycleLR(opt, max_lr=0.5, total_steps=30)",
    "OneCycleLR_linear": SGD2 + (
        "sched = LS.OneCycleLR(opt, max_lr=[0.5, 0.3], total_steps=30, "
        "anneal_strategy='linear', pct_start=0.4)"),
    "OneCycleLR_three_phase": SGD1 + (
        "sched = LS.OneCycleLR(opt, max_lr=0.5, epochs=3, steps_per_epoch=10, three_phase=True, "
        "div_factor=10, final_div_factor=100)"),
    "OneCycleLR_adam": ADAM + (
        "sched = LS.OneCycleLR(opt, max_lr=0.05, total_steps=30, base_momentum=0.8, "
        "max_momentum=0.9)"),
    "OneCycleLR_no_momentum": "opt = O.Adagrad(P, lr=0.1)\n" + (
        "sched = LS.OneCycleLR(opt, max_lr=0.05, total_steps=30, cycle_momentum=False)"),
    "LambdaLR": SGD2 + "sched = LS.LambdaLR(opt, lambda e: 0.95 ** e)",
    "LambdaLR_list": SGD2 + ("sched = LS.LambdaLR(opt, [lambda e: 0.95 ** e, "
                             "lambda e: 1 / (1 + e)])"),
    "MultiplicativeLR": SGD1 + "sched = LS.MultiplicativeLR(opt, lambda e: 0.9)",
    "SequentialLR": SGD1 + (
        "s1 = LS.LinearLR(opt, start_factor=0.1, total_iters=5)\n"
        "s2 = LS.CosineAnnealingLR(opt, T_max=10)\n"
        "sched = LS.SequentialLR(opt, [s1, s2], milestones=[5])"),
    "SequentialLR_three": SGD2 + (
        "s1 = LS.ConstantLR(opt, factor=0.5, total_iters=3)\n"
        "s2 = LS.ExponentialLR(opt, 0.9)\ns3 = LS.StepLR(opt, 3)\n"
        "sched = LS.SequentialLR(opt, [s1, s2, s3], milestones=[4, 10])"),
    "ChainedScheduler": SGD1 + (
        "s1 = LS.ConstantLR(opt, factor=0.1, total_iters=2)\n"
        "s2 = LS.ExponentialLR(opt, gamma=0.9)\nsched = LS.ChainedScheduler([s1, s2])"),
    "ChainedScheduler_optimizer": SGD2 + (
        "s1 = LS.LinearLR(opt, start_factor=0.5, total_iters=4)\ns2 = LS.StepLR(opt, 3, 0.5)\n"
        "sched = LS.ChainedScheduler([s1, s2], optimizer=opt)"),
}


@pytest.mark.parametrize("code", SCHEDULERS.values(), ids=SCHEDULERS.keys())
def test_scheduler_matches_torch_every_step(code) -> None:
    _compare_runs(code, steps=30)


EPOCH_CASES = {
    "CosineAnnealingWarmRestarts_fractional": (
        SGD1 + "sched = LS.CosineAnnealingWarmRestarts(opt, T_0=4, T_mult=2)",
        lambda k: k * 0.37 + 0.1),
    "CosineAnnealingWarmRestarts_fractional_T_mult_1": (
        SGD1 + "sched = LS.CosineAnnealingWarmRestarts(opt, T_0=4, eta_min=0.02)",
        lambda k: k * 0.61),
    "StepLR": (SGD1 + "sched = LS.StepLR(opt, 4, gamma=0.5)", lambda k: k // 2),
    "MultiStepLR": (SGD1 + "sched = LS.MultiStepLR(opt, [2, 5, 9])", lambda k: k + 1),
    "CosineAnnealingLR": (SGD1 + "sched = LS.CosineAnnealingLR(opt, 10)", lambda k: k),
    "LinearLR": (SGD1 + "sched = LS.LinearLR(opt, total_iters=6)", lambda k: k),
    "PolynomialLR": (SGD1 + "sched = LS.PolynomialLR(opt, total_iters=6)", lambda k: k),
    "ExponentialLR": (SGD1 + "sched = LS.ExponentialLR(opt, 0.9)", lambda k: k),
    "ConstantLR": (SGD1 + "sched = LS.ConstantLR(opt, total_iters=4)", lambda k: k),
    "LambdaLR": (SGD1 + "sched = LS.LambdaLR(opt, lambda e: 0.9 ** e)", lambda k: 2 * k),
}


@pytest.mark.parametrize("case", EPOCH_CASES.values(), ids=EPOCH_CASES.keys())
def test_scheduler_step_with_an_epoch_matches_torch(case) -> None:
    code, epoch_fn = case
    _compare_runs(code, steps=20, epoch_fn=epoch_fn)


PLATEAU = {
    "min": SGD1 + "sched = LS.ReduceLROnPlateau(opt, patience=2)",
    "max": SGD1 + "sched = LS.ReduceLROnPlateau(opt, mode='max', patience=1, factor=0.5)",
    "abs": SGD1 + ("sched = LS.ReduceLROnPlateau(opt, patience=1, threshold=0.05, "
                   "threshold_mode='abs')"),
    "max_abs_cooldown": SGD1 + (
        "sched = LS.ReduceLROnPlateau(opt, mode='max', patience=0, threshold=0.01, "
        "threshold_mode='abs', cooldown=2)"),
    "cooldown": SGD1 + "sched = LS.ReduceLROnPlateau(opt, patience=1, cooldown=3, factor=0.5)",
    "min_lr_list": SGD2 + ("sched = LS.ReduceLROnPlateau(opt, patience=0, factor=0.5, "
                           "min_lr=[0.02, 0.001])"),
    "eps": SGD1 + ("sched = LS.ReduceLROnPlateau(opt, patience=0, factor=0.9, min_lr=0.05, "
                   "eps=0.01)"),
    "adam": ADAM + "sched = LS.ReduceLROnPlateau(opt, patience=0)",
}


@pytest.mark.parametrize("code", PLATEAU.values(), ids=PLATEAU.keys())
def test_reduce_lr_on_plateau_matches_torch(code) -> None:
    _compare_runs(code, steps=len(METRICS), metrics=METRICS)


def _drive_scheduler(lib, code, first, last, saved=None, metrics=None):
    scope, P, _, _ = _setup(lib, code)
    T, opt, sched = scope["T"], scope["opt"], scope["sched"]
    if saved is not None:
        opt.load_state_dict(saved[0])
        sched.load_state_dict(saved[1])
    rates = []
    for k in range(first, last):
        for p in P:
            p.grad = T.ones_like(p)
        opt.step()
        sched.step() if metrics is None else sched.step(metrics[k])
        rates.append(_plain([(g["lr"], g.get("momentum"), g.get("betas"))
                             for g in opt.param_groups]))
    return rates, opt, sched


@pytest.mark.parametrize("name", list(SCHEDULERS) + [f"plateau_{n}" for n in PLATEAU])
def test_torch_scheduler_state_dict_loads_and_continues(name) -> None:
    """A PyTorch scheduler's state dict (with its optimizer's, converted to NumPy) loads into
    ours, which then gives PyTorch's next rates."""
    plateau = name.startswith("plateau_")
    code = PLATEAU[name[len("plateau_"):]] if plateau else SCHEDULERS[name]
    metrics, n = (METRICS, 30) if plateau else (None, 24)
    whole, _, _ = _drive_scheduler("torch", code, 0, n, metrics=metrics)
    _, topt, tsched = _drive_scheduler("torch", code, 0, n // 2, metrics=metrics)
    saved = (_to_numpy(topt.state_dict()), _to_numpy(tsched.state_dict()))
    ours, _, _ = _drive_scheduler("ours", code, n // 2, n, saved, metrics=metrics)
    _same(ours, whole[n // 2:], "rates after loading")


# -- small snippets: errors, state dicts, zero_grad, warnings ---------------------------------
class _Raised:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"raised {type(self.error).__name__}: {self.error}"


def _snippet(lib, code):
    scope = {**LIBS[lib], "np": np, "math": math, "warnings": warnings}
    try:
        exec(code, scope)
    except Exception as error:  # the error itself is the result compared
        return _Raised(error)
    return _plain(scope.get("out"))


def check(code, rtol=1e-12, atol=1e-14) -> None:
    """Run ``code`` under both libraries; compare ``out`` (or the exception's type: ours must
    be an instance of PyTorch's)."""
    theirs, ours = _snippet("torch", code), _snippet("ours", code)
    if isinstance(theirs, _Raised):
        assert isinstance(ours, _Raised), f"PyTorch {theirs!r}, we gave {ours!r}"
        assert isinstance(ours.error, type(theirs.error)), f"{ours!r} vs {theirs!r}"
        return
    assert not isinstance(ours, _Raised), f"we {ours!r}, PyTorch gave {theirs!r}"
    _same(ours, theirs, "out", rtol, atol)


Z = "T.zeros(1, requires_grad=True)"
ERRORS = {
    "sgd_negative_lr": f"O.SGD([{Z}], lr=-0.1)",
    "sgd_negative_momentum": f"O.SGD([{Z}], lr=0.1, momentum=-0.1)",
    "sgd_negative_weight_decay": f"O.SGD([{Z}], lr=0.1, weight_decay=-0.1)",
    "sgd_nesterov_without_momentum": f"O.SGD([{Z}], lr=0.1, nesterov=True)",
    "sgd_nesterov_with_dampening": f"O.SGD([{Z}], lr=0.1, momentum=0.9, dampening=0.1, "
                                   "nesterov=True)",
    "sgd_fused_and_foreach": f"O.SGD([{Z}], fused=True, foreach=True)",
    "adam_beta1_one": f"O.Adam([{Z}], betas=(1.0, 0.9))",
    "adam_beta2_one": f"O.Adam([{Z}], betas=(0.9, 1.0))",
    "adam_negative_beta": f"O.Adam([{Z}], betas=(-0.1, 0.9))",
    "adam_negative_eps": f"O.Adam([{Z}], eps=-1)",
    "adam_negative_weight_decay": f"O.Adam([{Z}], weight_decay=-1)",
    "adam_negative_lr": f"O.Adam([{Z}], lr=-1)",
    "adam_fused_and_foreach": f"O.Adam([{Z}], fused=True, foreach=True)",
    "adam_tensor_lr_foreach": f"O.Adam([{Z}], lr=T.tensor(0.01), foreach=True)",
    "adamw_negative_lr": f"O.AdamW([{Z}], lr=-1)",
    "adamw_negative_weight_decay": f"O.AdamW([{Z}], weight_decay=-1)",
    "adagrad_fused_and_foreach": f"O.Adagrad([{Z}], fused=True, foreach=True)",
    "tensor_lr_two_elements": f"O.SGD([{Z}], lr=T.tensor([0.1, 0.2]))",
    "rmsprop_negative_alpha": f"O.RMSprop([{Z}], alpha=-1)",
    "rmsprop_negative_momentum": f"O.RMSprop([{Z}], momentum=-1)",
    "rmsprop_negative_eps": f"O.RMSprop([{Z}], eps=-1)",
    "adagrad_negative_lr_decay": f"O.Adagrad([{Z}], lr_decay=-1)",
    "adagrad_negative_initial_accumulator": f"O.Adagrad([{Z}], initial_accumulator_value=-1)",
    "adadelta_rho_above_one": f"O.Adadelta([{Z}], rho=1.5)",
    "adadelta_negative_eps": f"O.Adadelta([{Z}], eps=-0.5)",
    "adamax_beta": f"O.Adamax([{Z}], betas=(0.9, 1.5))",
    "nadam_negative_momentum_decay": f"O.NAdam([{Z}], momentum_decay=-1)",
    "radam_beta": f"O.RAdam([{Z}], betas=(0.9, 1.0))",
    "asgd_negative_weight_decay": f"O.ASGD([{Z}], weight_decay=-1)",
    "rprop_etaminus_above_one": f"O.Rprop([{Z}], etas=(1.5, 1.2))",
    "rprop_etaplus_below_one": f"O.Rprop([{Z}], etas=(0.5, 0.9))",
    "adafactor_negative_lr": f"O.Adafactor([{Z}], lr=-1)",
    "adafactor_positive_beta2_decay": f"O.Adafactor([{Z}], beta2_decay=0.5)",
    "adafactor_d_below_one": f"O.Adafactor([{Z}], d=0.5)",
    "adafactor_negative_eps1": f"O.Adafactor([{Z}], eps=(-1, 1e-3))",
    "sparse_adam_zero_lr": f"O.SparseAdam([{Z}], lr=0)",
    "sparse_adam_zero_eps": f"O.SparseAdam([{Z}], eps=0)",
    "lbfgs_negative_lr": f"O.LBFGS([{Z}], lr=-1)",
    "lbfgs_two_groups": f"O.LBFGS([{{'params': [{Z}]}}, {{'params': [{Z}]}}])",
    "lbfgs_unknown_line_search": (f"a = {Z}; o = O.LBFGS([a], line_search_fn='foo'); "
                                  "o.step(lambda: (a * 3).sum().backward() or (a * 3).sum())"),
    "lbfgs_step_without_closure": f"O.LBFGS([{Z}]).step()",
    "empty_parameter_list": "O.SGD([], lr=0.1)",
    "a_tensor_not_an_iterable": "O.SGD(T.zeros(2, requires_grad=True), lr=0.1)",
    "non_leaf": "a = T.zeros(2, requires_grad=True); O.SGD([a * 2], lr=0.1)",
    "a_set_of_parameters": "O.SGD([{'params': {T.zeros(2, requires_grad=True)}}], lr=0.1)",
    "parameter_in_two_groups": ("a = T.zeros(2, requires_grad=True); "
                                "O.SGD([{'params': [a]}, {'params': [a]}], lr=0.1)"),
    "param_group_not_a_dict": f"o = O.SGD([{Z}], lr=0.1); o.add_param_group([{Z}])",
    "param_group_with_a_float": f"o = O.SGD([{Z}], lr=0.1); o.add_param_group({{'params': [1.0]}})",
    "names_for_some_params": f"O.Adam([('a', {Z}), {Z}])",
    "load_other_group_count": (f"a, b = {Z}, {Z}; o = O.SGD([a, b], lr=0.1); "
                               "o2 = O.SGD([{'params': [a]}, {'params': [b]}], lr=0.1); "
                               "o.load_state_dict(o2.state_dict())"),
    "load_other_group_size": (f"a, b = {Z}, {Z}; o = O.SGD([a, b], lr=0.1); "
                              "o.load_state_dict(O.SGD([a], lr=0.1).state_dict())"),
}


@pytest.mark.parametrize("code", ERRORS.values(), ids=ERRORS.keys())
def test_invalid_arguments_raise_torchs_exception_type(code) -> None:
    assert isinstance(_snippet("torch", code), _Raised)
    check(code)


P3 = ("w = T.tensor([[1.0, -2.0], [3.0, 0.5]], dtype=T.float64, requires_grad=True); "
      "b = T.tensor([0.5, -1.5], dtype=T.float64, requires_grad=True)\n")
BACKWARD = "(w.pow(2).sum() + (w @ b).sin().sum() + b.exp().sum()).backward()\n"
SNIPPETS = {
    "zero_grad_to_none": P3 + BACKWARD + "o = O.SGD([w, b], lr=0.1); o.zero_grad(); "
                                         "out = (w.grad, b.grad)",
    "zero_grad_to_zeros_in_place": P3 + BACKWARD + (
        "o = O.SGD([w, b], lr=0.1); g = w.grad; o.zero_grad(set_to_none=False); "
        "out = (w.grad, b.grad, g is w.grad, g)"),
    "zero_grad_to_zeros_without_grads": P3 + ("o = O.SGD([w, b], lr=0.1); "
                                              "o.zero_grad(set_to_none=False); "
                                              "out = (w.grad, b.grad)"),
    "skipped_parameter_has_no_state": P3 + "w.pow(2).sum().backward()\n"
                                           "o = O.Adam([w, b], lr=0.1); o.step(); "
                                           "out = (list(o.state_dict()['state']), b)",
    "state_filled_in_step_order": ("a = T.zeros(2, requires_grad=True); "
                                   "b = T.zeros(3, requires_grad=True); b.grad = T.ones(3)\n"
                                   "o = O.Adam([a, b]); o.step(); a.grad = T.ones(2); o.step()\n"
                                   "out = o.state_dict()"),
    "state_dict_before_any_step": P3 + "o = O.Adam([w, b]); out = o.state_dict()",
    "state_dict_sgd_two_groups": P3 + ("o = O.SGD([{'params': [w]}, {'params': [b], 'lr': 0.5}], "
                                       "lr=0.1, momentum=0.5); out = o.state_dict()"),
    "state_dict_sgd_without_momentum": P3 + BACKWARD + "o = O.SGD([w, b], lr=0.1); o.step(); "
                                                       "out = o.state_dict()",
    "state_dict_adagrad_before_step": P3 + "o = O.Adagrad([w, b], lr=0.1); out = o.state_dict()",
    "state_dict_asgd": P3 + BACKWARD + "o = O.ASGD([w, b], lr=0.1); o.step(); o.step(); "
                                       "out = o.state_dict()",
    "state_dict_float32_steps": ("w = T.ones(3, requires_grad=True); w.sum().backward(); "
                                 "o = O.NAdam([w]); o.step(); out = o.state_dict()"),
    "state_dict_named_parameters": ("a = T.zeros(2, requires_grad=True); "
                                    "b = T.zeros(1, requires_grad=True); "
                                    "o = O.Adam([('a', a), ('b', b)]); out = o.state_dict()"),
    "defaults_in_order": (f"p = {Z}\n"
                          "out = [list(getattr(O, n)([p]).defaults.items()) for n in "
                          "('SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', "
                          "'NAdam', 'RAdam', 'ASGD', 'Rprop', 'Adafactor', 'SparseAdam', "
                          "'LBFGS')]"),
    "add_param_group_fills_defaults": (f"o = O.SGD([{Z}], lr=0.1); "
                                       f"o.add_param_group({{'params': [{Z}], 'lr': 0.5}}); "
                                       "out = [{k: v for k, v in g.items() if k != 'params'} "
                                       "for g in o.param_groups]"),
    "repr": P3 + ("o = O.Adam([{'params': [w]}, {'params': [b], 'lr': 0.5}], lr=0.1); "
                  "out = repr(o)"),
    "step_returns_the_closure_loss": (
        "p = T.ones(2, dtype=T.float64, requires_grad=True); o = O.Adam([p], lr=0.1)\n"
        "def c():\n    o.zero_grad(); loss = (p ** 2).sum(); loss.backward(); return loss\n"
        "out = (o.step(c), p)"),
    "tensor_lr_sgd": P3 + BACKWARD + ("o = O.SGD([w, b], lr=T.tensor(0.1)); o.step(); "
                                      "out = (w, b)"),
    "tensor_lr_scheduler_updates_it_in_place": P3 + BACKWARD + (
        "lr = T.tensor(0.1, dtype=T.float64); o = O.SGD([w, b], lr=lr); "
        "s = LS.StepLR(o, 1, 0.5); o.step(); s.step()\n"
        "out = (w, s.get_last_lr(), o.param_groups[0]['lr'], lr, "
        "o.param_groups[0]['lr'] is lr, s.base_lrs)"),
    "scheduler_get_lr_outside_step_warns": (
        f"o = O.SGD([{Z}], lr=0.1); s = LS.StepLR(o, 2)\n"
        "with warnings.catch_warnings(record=True) as rec:\n"
        "    warnings.simplefilter('always')\n    v = s.get_lr()\n"
        "out = (v, [str(r.message)[:30] for r in rec])"),
    "scheduler_before_optimizer_warns": (
        f"o = O.SGD([{Z}], lr=0.1); s = LS.StepLR(o, 2)\n"
        "with warnings.catch_warnings(record=True) as rec:\n"
        "    warnings.simplefilter('always')\n    s.step(); s.step()\n"
        "out = [str(r.message)[:30] for r in rec]"),
    "scheduler_after_optimizer_is_quiet": (
        "p = T.zeros(1, requires_grad=True); p.grad = T.ones(1); o = O.SGD([p], lr=0.1); "
        "s = LS.StepLR(o, 2)\n"
        "with warnings.catch_warnings(record=True) as rec:\n"
        "    warnings.simplefilter('always')\n    o.step(); s.step(); s.step()\n"
        "out = len(rec)"),
    "custom_scheduler_subclass": (
        f"o = O.SGD([{Z}], lr=0.1)\n"
        "class S(LS.LRScheduler):\n    def get_lr(self):\n"
        "        return [b * 0.5 ** self.last_epoch for b in self.base_lrs]\n"
        "s = S(o)\nr = []\nfor _ in range(4):\n    o.step(); s.step(); r.append(s.get_last_lr())\n"
        "out = (r, sorted(s.state_dict()))"),
    "old_scheduler_base_name": "out = issubclass(LS._LRScheduler, LS.LRScheduler)",
    "onecycle_resumes_at_last_epoch": (
        "p = T.zeros(1, requires_grad=True); o = O.SGD([p], lr=0.1, momentum=0.9)\n"
        "s = LS.OneCycleLR(o, 0.1, total_steps=20)\nfor _ in range(5): o.step(); s.step()\n"
        "s2 = LS.OneCycleLR(o, 0.1, total_steps=20, last_epoch=5)\n"
        "out = (s2.get_last_lr(), o.param_groups[0]['momentum'], s2.last_epoch)"),
    "onecycle_past_the_end": (f"o = O.SGD([{Z}], lr=0.1); s = LS.OneCycleLR(o, 0.1, "
                              "total_steps=3)\nfor _ in range(4): s.step()"),
    "plateau_attributes": (
        f"o = O.SGD([{Z}], lr=0.1); s = LS.ReduceLROnPlateau(o, patience=1, cooldown=1)\n"
        "for m in [1.0, 2.0, 2.0, 2.0, 0.5]: s.step(m)\n"
        "out = (s.best, s.num_bad_epochs, s.cooldown_counter, s.in_cooldown, s.last_epoch, "
        "s.get_last_lr(), s.is_better(0.1, 0.5))"),
    "plateau_new_group_takes_the_default_min_lr": (
        f"o = O.SGD([{Z}], lr=0.1); s = LS.ReduceLROnPlateau(o, patience=0, min_lr=0.05)\n"
        f"o.add_param_group({{'params': [{Z}], 'lr': 0.2}}); s.step(1.0); s.step(2.0)\n"
        "out = s.get_last_lr()"),
    "plateau_min_lr_list_and_a_new_group": (
        f"o = O.SGD([{Z}], lr=0.1); s = LS.ReduceLROnPlateau(o, patience=0, min_lr=[0.05])\n"
        f"o.add_param_group({{'params': [{Z}], 'lr': 0.2}}); s.step(1.0); s.step(2.0)"),
    "lambda_state_keeps_a_callable_objects_dict": (
        f"o = O.SGD([{Z}], lr=0.1)\n"
        "class F:\n    def __init__(self): self.a = 0.5\n"
        "    def __call__(self, e): return self.a ** e\n"
        "f = F(); s = LS.LambdaLR(o, f); s.step(); sd = s.state_dict(); f.a = 0.1\n"
        "s.load_state_dict(sd); s.step(); out = (s.get_last_lr(), f.a, sd['lr_lambdas'])"),
    "sequential_nested_chain": (
        f"o = O.SGD([{Z}], lr=0.1)\n"
        "a = LS.LinearLR(o, 0.5, total_iters=2); b = LS.ExponentialLR(o, 0.9)\n"
        "c = LS.ChainedScheduler([a, b]); d = LS.StepLR(o, 2)\n"
        "s = LS.SequentialLR(o, [c, d], [3])\nr = []\n"
        "for _ in range(6): s.step(); r.append(s.get_last_lr())\nout = r"),
}
EMBEDDING = ("emb = nn.Embedding(6, 3, sparse=True).double()\n"
             "emb.weight.data = T.tensor(np.arange(18, dtype=np.float64).reshape(6, 3) / 7.0)\n")
SNIPPETS.update({
    "sparse_adam_on_a_sparse_embedding": EMBEDDING + (
        "o = O.SparseAdam(emb.parameters(), lr=0.1, betas=(0.8, 0.9))\n"
        "for idx in ([1, 4, 4], [0, 1], [5]):\n"
        "    o.zero_grad(); emb(T.tensor(idx)).pow(2).sum().backward(); o.step()\n"
        "out = (emb.weight, o.state_dict())"),
    "sparse_adam_maximize": EMBEDDING + (
        "o = O.SparseAdam(emb.parameters(), lr=0.1, maximize=True)\n"
        "for idx in ([1, 4, 4], [0, 1], [5]):\n"
        "    o.zero_grad(); emb(T.tensor(idx)).pow(2).sum().backward(); o.step()\n"
        "out = (emb.weight, o.state_dict())"),
    "sparse_adam_state_dict_round_trip": EMBEDDING + (
        "o = O.SparseAdam(emb.parameters(), lr=0.1)\n"
        "for idx in ([1, 4, 4], [0, 1]):\n"
        "    o.zero_grad(); emb(T.tensor(idx)).pow(2).sum().backward(); o.step()\n"
        "o2 = O.SparseAdam(emb.parameters(), lr=0.1); o2.load_state_dict(o.state_dict())\n"
        "o2.zero_grad(); emb(T.tensor([5, 1])).pow(2).sum().backward(); o2.step()\n"
        "out = (emb.weight, o2.state_dict())"),
})
SCHEDULER_ERRORS = {
    "not_an_optimizer": "LS.StepLR(object(), 2)",
    "resume_without_initial_lr": f"LS.StepLR(O.SGD([{Z}], lr=0.1), 2, last_epoch=3)",
    "constant_factor_above_one": f"LS.ConstantLR(O.SGD([{Z}], lr=0.1), factor=1.5)",
    "linear_zero_start": f"LS.LinearLR(O.SGD([{Z}], lr=0.1), start_factor=0)",
    "linear_end_above_one": f"LS.LinearLR(O.SGD([{Z}], lr=0.1), end_factor=1.5)",
    "warm_restarts_zero_T_0": f"LS.CosineAnnealingWarmRestarts(O.SGD([{Z}], lr=0.1), T_0=0)",
    "warm_restarts_float_T_0": f"LS.CosineAnnealingWarmRestarts(O.SGD([{Z}], lr=0.1), T_0=2.0)",
    "warm_restarts_T_mult_zero": (f"LS.CosineAnnealingWarmRestarts(O.SGD([{Z}], lr=0.1), T_0=2, "
                                  "T_mult=0)"),
    "warm_restarts_negative_epoch": (f"LS.CosineAnnealingWarmRestarts(O.SGD([{Z}], lr=0.1), "
                                     "T_0=2).step(-1)"),
    "cyclic_unknown_mode": f"LS.CyclicLR(O.SGD([{Z}], lr=0.1, momentum=0.9), 0.01, 0.1, mode='x')",
    "cyclic_momentum_without_momentum": f"LS.CyclicLR(O.Adagrad([{Z}], lr=0.1), 0.01, 0.1)",
    "cyclic_list_of_the_wrong_length": (f"LS.CyclicLR(O.SGD([{Z}], lr=0.1, momentum=0.9), "
                                        "[0.01, 0.02], 0.1)"),
    "onecycle_without_total_steps": f"LS.OneCycleLR(O.SGD([{Z}], lr=0.1), 0.1)",
    "onecycle_zero_total_steps": f"LS.OneCycleLR(O.SGD([{Z}], lr=0.1), 0.1, total_steps=0)",
    "onecycle_float_total_steps": f"LS.OneCycleLR(O.SGD([{Z}], lr=0.1), 0.1, total_steps=10.0)",
    "onecycle_zero_epochs": (f"LS.OneCycleLR(O.SGD([{Z}], lr=0.1), 0.1, epochs=0, "
                             "steps_per_epoch=3)"),
    "onecycle_pct_start_above_one": (f"LS.OneCycleLR(O.SGD([{Z}], lr=0.1), 0.1, total_steps=10, "
                                     "pct_start=1.5)"),
    "onecycle_int_pct_start": (f"LS.OneCycleLR(O.SGD([{Z}], lr=0.1), 0.1, total_steps=10, "
                               "pct_start=1)"),
    "onecycle_unknown_anneal": (f"LS.OneCycleLR(O.SGD([{Z}], lr=0.1), 0.1, total_steps=10, "
                                "anneal_strategy='x')"),
    "plateau_factor_one": f"LS.ReduceLROnPlateau(O.SGD([{Z}], lr=0.1), factor=1.0)",
    "plateau_unknown_mode": f"LS.ReduceLROnPlateau(O.SGD([{Z}], lr=0.1), mode='x')",
    "plateau_unknown_threshold_mode": (f"LS.ReduceLROnPlateau(O.SGD([{Z}], lr=0.1), "
                                       "threshold_mode='x')"),
    "plateau_min_lr_of_the_wrong_length": (f"LS.ReduceLROnPlateau(O.SGD([{Z}], lr=0.1), "
                                           "min_lr=[0.1, 0.2])"),
    "sequential_without_schedulers": f"LS.SequentialLR(O.SGD([{Z}], lr=0.1), [], [])",
    "sequential_milestone_count": (f"o = O.SGD([{Z}], lr=0.1); LS.SequentialLR(o, "
                                   "[LS.StepLR(o, 2), LS.StepLR(o, 3)], [1, 2])"),
    "sequential_other_optimizer": (f"o, o2 = O.SGD([{Z}], lr=0.1), O.SGD([{Z}], lr=0.1); "
                                   "LS.SequentialLR(o, [LS.StepLR(o, 2), LS.StepLR(o2, 3)], [1])"),
    "sequential_plateau": (f"o = O.SGD([{Z}], lr=0.1); "
                           "LS.SequentialLR(o, [LS.StepLR(o, 2), LS.ReduceLROnPlateau(o)], [1])"),
    "chained_without_schedulers": "LS.ChainedScheduler([])",
    "chained_other_optimizer": (f"o, o2 = O.SGD([{Z}], lr=0.1), O.SGD([{Z}], lr=0.1); "
                                "LS.ChainedScheduler([LS.StepLR(o, 2), LS.StepLR(o2, 3)])"),
    "lambda_list_of_the_wrong_length": (f"LS.LambdaLR(O.SGD([{Z}], lr=0.1), "
                                        "[lambda e: 1, lambda e: 2])"),
    "multiplicative_not_callable": f"LS.MultiplicativeLR(O.SGD([{Z}], lr=0.1), 0.5)",
}


@pytest.mark.parametrize("code", SNIPPETS.values(), ids=SNIPPETS.keys())
def test_snippet_matches_torch(code) -> None:
    check(code)


@pytest.mark.parametrize("code", SCHEDULER_ERRORS.values(), ids=SCHEDULER_ERRORS.keys())
def test_scheduler_errors_raise_torchs_exception_type(code) -> None:
    assert isinstance(_snippet("torch", code), _Raised)
    check(code)


@pytest.mark.parametrize("code", OPTIMIZERS.values(), ids=OPTIMIZERS.keys())
def test_zero_dim_parameters(code) -> None:
    """A 0-d parameter (a learned scalar) steps like any other."""
    check("P = [T.tensor(1.5, dtype=T.float64, requires_grad=True), "
          "T.tensor([[0.5, -1.0]], dtype=T.float64, requires_grad=True)]\n" + code + "\n"
          "for _ in range(5):\n"
          "    opt.zero_grad(); (P[0] ** 3 + (P[1] * P[0]).sum() + P[1].sin().sum()).backward()\n"
          "    opt.step()\n"
          "out = (P, opt.state_dict())", rtol=1e-12, atol=1e-14)


# -- nn.utils: clipping and flat vectors ------------------------------------------------------
GRADS = ("w = T.tensor([[1.0, -2.0], [3.0, 0.5]], dtype=T.float64, requires_grad=True); "
         "b = T.tensor([0.5, -1.5, 4.0], dtype=T.float64, requires_grad=True); "
         "c = T.tensor([2.0], dtype=T.float64, requires_grad=True)\n"
         "w.grad = T.tensor([[0.3, -4.0], [1.5, 2.0]], dtype=T.float64); "
         "b.grad = T.tensor([1.0, -0.5, 0.25], dtype=T.float64)\n")
UTILS = {
    f"clip_norm_{norm}_{limit}": GRADS + (
        f"n = nn.utils.clip_grad_norm_([w, b, c], {limit}, norm_type={norm}); "
        "out = (n, w.grad, b.grad, c.grad)")
    for norm in ("2", "1", "float('inf')", "3", "0.5", "'inf'") for limit in ("1.0", "100.0")
}
UTILS.update({
    "clip_norm_one_tensor": GRADS + "n = nn.utils.clip_grad_norm_(w, 1.0); out = (n, w.grad)",
    "clip_norm_generator": GRADS + ("n = nn.utils.clip_grad_norm_((p for p in [w, b]), 1.0); "
                                    "out = (n, w.grad, b.grad)"),
    "clip_norm_no_parameters": "out = nn.utils.clip_grad_norm_([], 1.0)",
    "clip_norm_no_gradients": "p = T.ones(2, requires_grad=True); "
                              "out = nn.utils.clip_grad_norm_([p], 1.0)",
    "clip_norm_foreach_true": GRADS + ("n = nn.utils.clip_grad_norm_([w, b], 1.0, foreach=True); "
                                       "out = (n, w.grad)"),
    "clip_norm_foreach_false": GRADS + ("n = nn.utils.clip_grad_norm_([w, b], 1.0, "
                                        "foreach=False); out = (n, w.grad)"),
    "clip_norm_inf_raises_when_asked": GRADS + (
        "w.grad[0, 0] = float('inf'); "
        "nn.utils.clip_grad_norm_([w, b], 1.0, error_if_nonfinite=True)"),
    "clip_norm_nan_raises_when_asked": GRADS + (
        "w.grad[0, 0] = float('nan'); "
        "nn.utils.clip_grad_norm_([w, b], 1.0, error_if_nonfinite=True)"),
    "clip_norm_nan_kept": GRADS + ("w.grad[0, 0] = float('nan'); "
                                   "n = nn.utils.clip_grad_norm_([w, b], 1.0); "
                                   "out = (n, w.grad, b.grad)"),
    "clip_norm_inf_norm_of_an_inf": GRADS + (
        "w.grad[0, 0] = float('inf'); "
        "n = nn.utils.clip_grad_norm_([w, b], 1.0, norm_type='inf'); out = (n, w.grad, b.grad)"),
    "clip_norm_float32": ("w = T.ones(3, requires_grad=True); w.grad = T.tensor([3.0, 4.0, 12.0]); "
                          "n = nn.utils.clip_grad_norm_([w], 2.0); out = (n, w.grad)"),
    "clip_norm_mixed_dtypes": (
        "w = T.ones(3, requires_grad=True); w.grad = T.tensor([3.0, 4.0, 12.0]); "
        "b = T.ones(2, dtype=T.float64, requires_grad=True); "
        "b.grad = T.tensor([1.0, 2.0], dtype=T.float64); "
        "n = nn.utils.clip_grad_norm_([w, b], 2.0); out = (n, w.grad, b.grad)"),
    "clip_value": GRADS + ("nn.utils.clip_grad_value_([w, b, c], 1.0); "
                           "out = (w.grad, b.grad, c.grad)"),
    "clip_value_returns_none": GRADS + "out = nn.utils.clip_grad_value_([w, b], 1.0)",
    "clip_value_one_tensor": GRADS + "nn.utils.clip_grad_value_(w, 0.5); out = w.grad",
    "clip_value_foreach": GRADS + ("nn.utils.clip_grad_value_([w, b], 1.0, foreach=True); "
                                   "out = (w.grad, b.grad)"),
    "clip_value_keeps_nan": GRADS + ("w.grad[0, 0] = float('nan'); "
                                     "nn.utils.clip_grad_value_([w, b], 1.0); out = w.grad"),
    "get_total_norm": GRADS + "out = nn.utils.get_total_norm([w.grad, b.grad], 2.0)",
    "get_total_norm_inf": GRADS + "out = nn.utils.get_total_norm([w.grad, b.grad], float('inf'))",
    "get_total_norm_of_nothing": "out = nn.utils.get_total_norm([])",
    "get_total_norm_refuses_none": GRADS + "out = nn.utils.get_total_norm([w.grad, None])",
    "clip_grads_with_norm": GRADS + ("t = nn.utils.get_total_norm([w.grad, b.grad]); "
                                     "nn.utils.clip_grads_with_norm_([w, b], 1.0, t); "
                                     "out = (w.grad, b.grad)"),
    "clip_grads_with_a_float_norm": GRADS + "nn.utils.clip_grads_with_norm_([w, b], 1.0, 5.0)",
    "parameters_to_vector": GRADS + ("v = nn.utils.parameters_to_vector([w, b, c]); "
                                     "out = (v, v.requires_grad, v.grad_fn is not None)"),
    "parameters_to_vector_gradient": GRADS + (
        "v = nn.utils.parameters_to_vector([w, b]); "
        "(v * T.arange(7, dtype=T.float64)).sum().backward(); out = (w.grad, b.grad)"),
    "parameters_to_vector_one_tensor": GRADS + "out = nn.utils.parameters_to_vector(w)",
    "vector_to_parameters": GRADS + ("v = T.arange(7, dtype=T.float64); "
                                     "nn.utils.vector_to_parameters(v, [w, b]); "
                                     "out = (w, b, w.requires_grad, w.is_leaf)"),
    "vector_to_parameters_too_short": GRADS + ("v = T.arange(6, dtype=T.float64); "
                                               "nn.utils.vector_to_parameters(v, [w, b])"),
    "vector_to_parameters_not_a_tensor": GRADS + "nn.utils.vector_to_parameters([1.0, 2.0], [w])",
    "vector_to_parameters_of_a_module": (
        "m = nn.Linear(2, 3); v = T.arange(9, dtype=T.float32); "
        "nn.utils.vector_to_parameters(v, m.parameters()); out = (m.weight, m.bias)"),
})


@pytest.mark.parametrize("code", UTILS.values(), ids=UTILS.keys())
def test_utils_match_torch(code) -> None:
    check(code)
