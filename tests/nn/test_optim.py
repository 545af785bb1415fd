"""Optimizers: every option vs PyTorch step by step, param groups, checkpoints, error paths."""

from __future__ import annotations

import io

import numpy as np
import pytest

import autograd as ag
from nn import optim
from tests.conftest import torch_or_skip

SHAPES = [(3, 4), (5,)]
STEPS = 7

# (optimizer name, keyword arguments): every option that changes the arithmetic, alone and mixed
CONFIGS = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, weight_decay=0.05)),
    ("SGD", dict(lr=0.1, momentum=0.9)),
    ("SGD", dict(lr=0.1, momentum=0.9, dampening=0.3)),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True)),
    ("SGD", dict(lr=0.1, momentum=0.8, nesterov=True, weight_decay=0.1, maximize=True)),
    ("SGD", dict(lr=0.1, momentum=0.8, dampening=0.5, weight_decay=0.1, maximize=True)),
    ("Adam", dict(lr=0.05)),
    ("Adam", dict(lr=0.05, betas=(0.3, 0.8), eps=1e-3)),
    ("Adam", dict(lr=0.05, weight_decay=0.1)),
    ("Adam", dict(lr=0.05, amsgrad=True)),
    ("Adam", dict(lr=0.05, amsgrad=True, weight_decay=0.1, maximize=True)),
    ("Adam", dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True)),
    ("AdamW", dict(lr=0.05)),
    ("AdamW", dict(lr=0.05, weight_decay=0.3, amsgrad=True)),
    ("AdamW", dict(lr=0.05, betas=(0.7, 0.95), weight_decay=0.2, maximize=True)),
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-4, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, momentum=0.7)),
    ("RMSprop", dict(lr=0.01, centered=True)),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.5, weight_decay=0.1, maximize=True)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.2, weight_decay=0.1)),
    ("Adagrad", dict(lr=0.1, initial_accumulator_value=0.5, eps=1e-4, maximize=True)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.8, eps=1e-4, weight_decay=0.1)),
    ("Adadelta", dict(lr=0.5, maximize=True)),
]
IDS = [f"{name}-" + ",".join(f"{k}={v}" for k, v in kw.items()) for name, kw in CONFIGS]
ONE_PER_FAMILY = [c for i, c in enumerate(CONFIGS) if i == 0 or CONFIGS[i - 1][0] != c[0]]
RICH = {  # a configuration with state in every slot, per optimizer
    "SGD": dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    "Adam": dict(lr=0.05, amsgrad=True, weight_decay=0.01),
    "AdamW": dict(lr=0.05, amsgrad=True),
    "RMSprop": dict(lr=0.01, centered=True, momentum=0.5),
    "Adagrad": dict(lr=0.1, lr_decay=0.1, initial_accumulator_value=0.1),
    "Adadelta": dict(lr=0.5),
}


def _params(device: str, seed: int = 0, dtype: str = "float64") -> list[ag.Tensor]:
    rng = np.random.default_rng(seed)
    return [ag.tensor(rng.standard_normal(s).astype(dtype), device=device, requires_grad=True)
            for s in SHAPES]


def _grads(step: int, dtype: str = "float64") -> list[np.ndarray | None]:
    rng = np.random.default_rng(100 + step)
    grads = [rng.standard_normal(s).astype(dtype) for s in SHAPES]
    if step == 2:
        grads[1] = None  # a parameter without a gradient is skipped for that step
    return grads


def _set_grads(params: list[ag.Tensor], grads: list[np.ndarray | None]) -> None:
    for p, g in zip(params, grads):
        p.grad = None if g is None else ag.tensor(g, device=p.device)


def _host(t: ag.Tensor) -> np.ndarray:
    return t.detach().numpy(force=True).copy()


def _run(params: list[ag.Tensor], opt: optim.Optimizer, first: int, last: int) -> None:
    for step in range(first, last):
        _set_grads(params, _grads(step, str(params[0].dtype)))
        opt.step()


@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=IDS)
def test_matches_torch_every_step(device, name, kwargs):
    torch = torch_or_skip()
    params = _params(device)
    tparams = [torch.tensor(_host(p), requires_grad=True) for p in params]
    opt = getattr(optim, name)(params, **kwargs)
    topt = getattr(torch.optim, name)(tparams, **kwargs)
    for step in range(STEPS):
        grads = _grads(step)
        _set_grads(params, grads)
        for tp, g in zip(tparams, grads):
            tp.grad = None if g is None else torch.tensor(g)
        opt.step()
        topt.step()
        for p, tp in zip(params, tparams):
            np.testing.assert_allclose(_host(p), tp.detach().numpy(), rtol=1e-12, atol=1e-14,
                                       err_msg=f"{name} {kwargs} step {step}")
    # the state holds what torch's holds (the step count as a number, buffers as Tensors)
    for p, tp in zip(params, tparams):
        ours, theirs = opt.state[p], topt.state[tp]
        assert set(ours) == set(theirs)
        for key, value in theirs.items():
            if key == "step":
                assert ours[key] == int(value.item())
            else:
                np.testing.assert_allclose(_host(ours[key]), value.numpy(), rtol=1e-12,
                                           atol=1e-14)


@pytest.mark.parametrize("name,kwargs", ONE_PER_FAMILY, ids=lambda v: str(v))
def test_float32_matches_torch(device, name, kwargs):
    torch = torch_or_skip()
    params = _params(device, dtype="float32")
    tparams = [torch.tensor(_host(p), requires_grad=True) for p in params]
    opt = getattr(optim, name)(params, **kwargs)
    topt = getattr(torch.optim, name)(tparams, **kwargs)
    for step in range(STEPS):
        grads = _grads(step, "float32")
        _set_grads(params, grads)
        for tp, g in zip(tparams, grads):
            tp.grad = None if g is None else torch.tensor(g)
        opt.step()
        topt.step()
    for p, tp in zip(params, tparams):
        assert p.dtype == np.float32 and all(
            v.dtype == np.float32 for v in opt.state[p].values() if isinstance(v, ag.Tensor))
        np.testing.assert_allclose(_host(p), tp.detach().numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", ["SGD", "Adam", "RMSprop"])
def test_trains_an_mlp_with_our_autograd_like_torch(device, name):
    torch = torch_or_skip()
    rng = np.random.default_rng(3)
    x = rng.standard_normal((8, 4))
    y = rng.standard_normal((8, 2))
    w1, b1 = rng.standard_normal((4, 6)) * 0.5, np.zeros(6)
    w2, b2 = rng.standard_normal((6, 2)) * 0.5, np.full(2, 0.1)
    ours = [ag.tensor(a, device=device, requires_grad=True) for a in (w1, b1, w2, b2)]
    theirs = [torch.tensor(a, requires_grad=True) for a in (w1, b1, w2, b2)]
    kw = {"SGD": dict(lr=0.05, momentum=0.9), "Adam": dict(lr=0.01), "RMSprop": dict(lr=0.01)}
    opt = getattr(optim, name)(ours, **kw[name])
    topt = getattr(torch.optim, name)(theirs, **kw[name])
    xa, ya = ag.tensor(x, device=device), ag.tensor(y, device=device)
    xt, yt = torch.tensor(x), torch.tensor(y)
    losses = []
    for _ in range(10):
        def closure():
            opt.zero_grad()
            a, b, c, d = ours
            loss = (((xa @ a + b).tanh() @ c + d - ya) ** 2).mean()
            loss.backward()
            return loss

        def tclosure():
            topt.zero_grad()
            a, b, c, d = theirs
            loss = (((xt @ a + b).tanh() @ c + d - yt) ** 2).mean()
            loss.backward()
            return loss

        loss = opt.step(closure)
        tloss = topt.step(tclosure)
        losses.append(loss.item())
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-10)
    assert losses[-1] < losses[0]
    for p, tp in zip(ours, theirs):
        np.testing.assert_allclose(_host(p), tp.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_sgd_matches_the_reference_formula():
    p = ag.tensor([1.0, -2.0], dtype=ag.float64, requires_grad=True)
    opt = optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.2)
    buf, x = None, np.array([1.0, -2.0])
    for g in ([0.5, 1.0], [-1.0, 2.0], [0.25, 0.0]):
        p.grad = ag.tensor(g, dtype=ag.float64)
        opt.step()
        d = np.array(g) + 0.2 * x
        buf = d if buf is None else 0.9 * buf + 0.5 * d
        x = x - 0.1 * buf
        np.testing.assert_allclose(p.numpy(force=True), x, rtol=1e-15)


def test_adam_matches_the_reference_formula():
    p = ag.tensor([1.0, -2.0, 0.5], dtype=ag.float64, requires_grad=True)
    opt = optim.Adam([p], lr=0.01, betas=(0.8, 0.9), eps=1e-6)
    m = v = np.zeros(3)
    x = np.array([1.0, -2.0, 0.5])
    for t, g in enumerate(([0.5, 1.0, -3.0], [-1.0, 2.0, 0.1], [0.25, 0.0, 1.0]), start=1):
        p.grad = ag.tensor(g, dtype=ag.float64)
        opt.step()
        g = np.array(g)
        m, v = 0.8 * m + 0.2 * g, 0.9 * v + 0.1 * g * g
        x = x - 0.01 * (m / (1 - 0.8 ** t)) / (np.sqrt(v / (1 - 0.9 ** t)) + 1e-6)
        np.testing.assert_allclose(p.numpy(force=True), x, rtol=1e-12)


# -- step, closure, zero_grad, param groups --------------------------------------------------
def test_step_writes_in_place_bumps_the_version_and_records_nothing(device):
    p = ag.tensor([1.0, 2.0], device=device, requires_grad=True)
    data, version = p._data, p._version
    opt = optim.Adam([p], lr=0.1)
    p.grad = ag.tensor([1.0, 1.0], device=device)
    opt.step()
    assert p._data is data and p._version == version + 1
    assert p.is_leaf and p.requires_grad and p.grad_fn is None
    np.testing.assert_allclose(p.numpy(force=True), [0.9, 1.9])


def test_params_without_grad_are_skipped_and_get_no_state(device):
    a, b = _params(device)
    before = _host(b)
    opt = optim.Adam([a, b], lr=0.1)
    a.grad = ag.ones_like(a)
    opt.step()
    assert b not in opt.state and opt.state[a]["step"] == 1
    np.testing.assert_array_equal(_host(b), before)


def test_closure_runs_with_grad_enabled_and_its_loss_is_returned():
    p = ag.tensor([3.0], requires_grad=True)
    opt = optim.SGD([p], lr=0.25)
    calls = []

    def closure():
        calls.append(ag.is_grad_enabled())
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    with ag.no_grad():
        loss = opt.step(closure)
    assert calls == [True] and loss.item() == 9.0
    assert p.item() == pytest.approx(3.0 - 0.25 * 6.0)
    assert opt.step() is None


def test_zero_grad_to_none_or_in_place(device):
    p = ag.tensor([1.0, 2.0], device=device, requires_grad=True)
    opt = optim.SGD([p], lr=0.1)
    (p * p).sum().backward()
    opt.zero_grad()
    assert p.grad is None
    (p * p).sum().backward()
    grad = p.grad
    opt.zero_grad(set_to_none=False)
    assert p.grad is grad and not grad.requires_grad
    np.testing.assert_array_equal(grad.numpy(force=True), [0.0, 0.0])
    (p * p).sum().backward()
    np.testing.assert_array_equal(p.grad.numpy(force=True), [2.0, 4.0])


def test_zero_grad_in_place_detaches_a_gradient_with_a_grad_fn(device):
    p = ag.tensor([1.0, 2.0], device=device, requires_grad=True)
    (g,) = ag.grad((p ** 3).sum(), [p], create_graph=True)
    assert g.grad_fn is not None
    p.grad = g
    optim.SGD([p], lr=0.1).zero_grad(set_to_none=False)
    assert p.grad is g and g.grad_fn is None and g.is_leaf and not g.requires_grad
    np.testing.assert_array_equal(g.numpy(force=True), [0.0, 0.0])


def test_zero_grad_gives_a_read_only_gradient_memory_of_its_own():
    p = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    view = np.broadcast_to(np.float32(1.0), (3,))  # read-only, as a broadcast gradient can be
    p.grad = ag.as_tensor(view)
    opt = optim.SGD([p], lr=0.1)
    opt.zero_grad(set_to_none=False)
    assert p.grad.array.flags.writeable and p.grad.tolist() == [0.0, 0.0, 0.0]
    assert view.tolist() == [1.0, 1.0, 1.0]  # the view itself is left alone
    p.grad.array[...] = 5.0
    opt.zero_grad(set_to_none=False)  # now zeroed in place
    assert p.grad.tolist() == [0.0, 0.0, 0.0]


def test_param_groups_keep_their_own_hyperparameters():
    a, b = _params("cpu")
    opt = optim.SGD([{"params": [a]}, {"params": b, "lr": 0.5, "momentum": 0.9}], lr=0.1)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert opt.param_groups[0]["momentum"] == 0 and opt.param_groups[1]["momentum"] == 0.9
    assert opt.param_groups[1]["params"][0] is b
    x0 = _host(a), _host(b)
    a.grad, b.grad = ag.ones_like(a), ag.ones_like(b)
    opt.step()
    np.testing.assert_allclose(_host(a), x0[0] - 0.1)
    np.testing.assert_allclose(_host(b), x0[1] - 0.5)
    assert a not in opt.state and "momentum_buffer" in opt.state[b]
    assert "Parameter Group 1" in repr(opt) and "lr: 0.5" in repr(opt)


def test_add_param_group_fills_defaults_and_adagrad_creates_state():
    a, b = _params("cpu")
    opt = optim.Adagrad([a], lr=0.1, initial_accumulator_value=0.25)
    assert opt.state[a]["step"] == 0  # the constructor's groups have state at once
    opt.add_param_group({"params": [b], "lr": 0.01})
    assert opt.param_groups[1]["lr"] == 0.01 and opt.param_groups[1]["lr_decay"] == 0
    assert b not in opt.state  # an added group's, at its first step (as PyTorch's)
    b.grad = ag.zeros_like(b)
    opt.step()
    assert opt.state[b]["step"] == 1
    np.testing.assert_array_equal(_host(opt.state[b]["sum"]), np.full(SHAPES[1], 0.25))


def test_named_parameters_are_accepted():
    a, b = _params("cpu")
    opt = optim.SGD([("w", a), ("b", b)], lr=0.1)
    assert opt.param_groups[0]["param_names"] == ["w", "b"]
    assert opt.state_dict()["param_groups"][0]["param_names"] == ["w", "b"]


# -- checkpoints -----------------------------------------------------------------------------
def test_state_dict_layout():
    a, b = _params("cpu")
    opt = optim.Adam([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1, amsgrad=True)
    _run([a, b], opt, 0, 3)  # b has no gradient on step 2
    sd = opt.state_dict()
    assert [g["params"] for g in sd["param_groups"]] == [[0], [1]]
    assert sd["param_groups"][1]["lr"] == 0.5 and sd["param_groups"][0]["betas"] == (0.9, 0.999)
    assert set(sd["state"]) == {0, 1}
    assert sd["state"][0]["step"] == 3 and sd["state"][1]["step"] == 2
    assert set(sd["state"][0]) == {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
    assert isinstance(sd["state"][0]["exp_avg"], ag.Tensor)


@pytest.mark.parametrize("name", sorted(RICH))
def test_resume_after_reload_is_bit_identical(device, name):
    n, m = 4, 5
    params = _params(device)
    opt = getattr(optim, name)(params, **RICH[name])
    _run(params, opt, 0, n + m)  # the uninterrupted run

    first = _params(device)
    opt1 = getattr(optim, name)(first, **RICH[name])
    _run(first, opt1, 0, n)
    saved = opt1.state_dict()
    resumed = [ag.tensor(_host(p), device=device, requires_grad=True) for p in first]
    opt2 = getattr(optim, name)(resumed, lr=123.0)  # the loaded groups replace these
    opt2.load_state_dict(saved)
    assert opt2.param_groups[0]["lr"] == RICH[name]["lr"]
    _run(first, opt1, n, n + 1)  # the original going on must not disturb the loaded copy
    _run(resumed, opt2, n, n + m)
    for p, q in zip(params, resumed):
        np.testing.assert_array_equal(_host(p), _host(q))
    for key, value in opt.state[params[0]].items():
        ours = opt2.state[resumed[0]][key]
        if key == "step":
            assert ours == value
        else:
            assert ours.device == value.device
            np.testing.assert_array_equal(_host(ours), _host(value))


def test_resume_through_save_and_load_files(tmp_path):
    params = _params("cpu")
    opt = optim.RMSprop(params, **RICH["RMSprop"])
    _run(params, opt, 0, 3)
    ag.save({"optim": opt.state_dict()}, tmp_path / "ckpt.safetensors")
    loaded = ag.load(tmp_path / "ckpt.safetensors")["optim"]
    copy = [ag.tensor(_host(p), requires_grad=True) for p in params]
    opt2 = optim.RMSprop(copy, **RICH["RMSprop"])
    opt2.load_state_dict(loaded)
    _run(params, opt, 3, 6)
    _run(copy, opt2, 3, 6)
    for p, q in zip(params, copy):
        np.testing.assert_array_equal(_host(p), _host(q))


@pytest.mark.parametrize("name", sorted(RICH))
def test_loads_a_torch_state_dict_converted_to_numpy(name):
    torch = torch_or_skip()
    params = _params("cpu")
    tparams = [torch.tensor(_host(p), requires_grad=True) for p in params]
    topt = getattr(torch.optim, name)(tparams, **RICH[name])
    for step in range(3):
        for tp, g in zip(tparams, _grads(step)):
            tp.grad = None if g is None else torch.tensor(g)
        topt.step()
    tsd = topt.state_dict()
    converted = {
        "state": {i: {k: v.numpy().copy() if torch.is_tensor(v) else v for k, v in s.items()}
                  for i, s in tsd["state"].items()},
        "param_groups": [dict(g) for g in tsd["param_groups"]],
    }
    ours = [ag.tensor(tp.detach().numpy().copy(), requires_grad=True) for tp in tparams]
    opt = getattr(optim, name)(ours)
    opt.load_state_dict(converted)
    for step in range(3, 6):
        grads = _grads(step)
        _set_grads(ours, grads)
        for tp, g in zip(tparams, grads):
            tp.grad = None if g is None else torch.tensor(g)
        opt.step()
        topt.step()
    for p, tp in zip(ours, tparams):
        np.testing.assert_allclose(_host(p), tp.detach().numpy(), rtol=1e-12, atol=1e-14)


def test_load_state_dict_checks_the_groups():
    a, b = _params("cpu")
    opt = optim.SGD([a, b], lr=0.1)
    other = optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.1)
    with pytest.raises(ValueError, match="different number of parameter groups"):
        opt.load_state_dict(other.state_dict())
    small = optim.SGD([a], lr=0.1)
    with pytest.raises(ValueError, match="doesn't match the size"):
        opt.load_state_dict(small.state_dict())


def test_state_dict_survives_a_buffer_round_trip():
    params = _params("cpu")
    opt = optim.Adagrad(params, lr=0.1)
    buf = io.BytesIO()
    ag.save(opt.state_dict(), buf)
    buf.seek(0)
    sd = ag.load(buf)
    assert sd["state"][0]["step"] == 0 and sd["param_groups"][0]["lr"] == 0.1


# -- errors ----------------------------------------------------------------------------------
def test_non_leaf_parameter_is_refused():
    p = ag.tensor([1.0], requires_grad=True)
    with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
        optim.SGD([p * 2], lr=0.1)


def test_duplicate_parameters_are_refused():
    a, b = _params("cpu")
    with pytest.raises(ValueError, match="duplicate parameters"):
        optim.SGD([a, b, a], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        optim.SGD([{"params": [a, b]}, {"params": [a]}], lr=0.1)
    opt = optim.Adam([a], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [a]})


def test_bad_params_argument():
    a, _ = _params("cpu")
    with pytest.raises(TypeError, match="iterable of Tensors or dicts"):
        optim.SGD(a, lr=0.1)
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="can only optimize Tensors"):
        optim.SGD([np.zeros(3)], lr=0.1)
    with pytest.raises(TypeError, match="ordered collections"):
        optim.SGD([{"params": {a}}], lr=0.1)


@pytest.mark.parametrize("name,kwargs,message", [
    ("SGD", dict(lr=-0.1), "Invalid learning rate: -0.1"),
    ("Adam", dict(lr=-0.1), "Invalid learning rate: -0.1"),
    ("AdamW", dict(lr=-1.0), "Invalid learning rate: -1.0"),
    ("RMSprop", dict(lr=-0.1), "Invalid learning rate: -0.1"),
    ("Adagrad", dict(lr=-0.1), "Invalid learning rate: -0.1"),
    ("Adadelta", dict(lr=-0.1), "Invalid learning rate: -0.1"),
    ("SGD", dict(lr=0.1, momentum=-0.5), "Invalid momentum value: -0.5"),
    ("SGD", dict(lr=0.1, weight_decay=-1), "Invalid weight_decay value: -1"),
    ("SGD", dict(lr=0.1, nesterov=True), "Nesterov momentum requires a momentum"),
    ("SGD", dict(lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "zero dampening"),
    ("Adam", dict(betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
    ("Adam", dict(betas=(0.9, -0.1)), "Invalid beta parameter at index 1: -0.1"),
    ("AdamW", dict(eps=-1e-8), "Invalid epsilon value: -1e-08"),
    ("Adam", dict(weight_decay=-0.1), "Invalid weight_decay value: -0.1"),
    ("RMSprop", dict(alpha=-0.9), "Invalid alpha value: -0.9"),
    ("RMSprop", dict(momentum=-0.9), "Invalid momentum value: -0.9"),
    ("RMSprop", dict(eps=-1.0), "Invalid epsilon value: -1.0"),
    ("Adagrad", dict(lr_decay=-1.0), "Invalid lr_decay value: -1.0"),
    ("Adagrad", dict(initial_accumulator_value=-1.0),
     "Invalid initial_accumulator_value value: -1.0"),
    ("Adadelta", dict(rho=1.5), "Invalid rho value: 1.5"),
])
def test_invalid_hyperparameters(name, kwargs, message):
    a, _ = _params("cpu")
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        getattr(optim, name)([a], **kwargs)


def test_negative_lr_in_a_param_group_is_refused():
    a, b = _params("cpu")
    with pytest.raises(ValueError, match="Invalid learning rate: -0.5"):
        optim.SGD([{"params": [a]}, {"params": [b], "lr": -0.5}], lr=0.1)
