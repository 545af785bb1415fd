"""autograd.func (``torch.func``): grad, vjp, jvp, jacrev, jacfwd, hessian, vmap,
functional_call, stack_module_state -- against closed forms, ``autograd.functional`` and
``torch.func``."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from autograd import func as AF
from autograd import functional as AFL
from tests.conftest import torch_or_skip


def _t(a, device="cpu", requires_grad=False):
    return ag.tensor(np.asarray(a, dtype=np.float64), device=device,
                     requires_grad=requires_grad)


def _np(t):
    return t.detach().cpu().numpy()


def _rand(*shape, seed=0):
    return np.random.default_rng(seed).uniform(-1.5, 1.5, size=shape)


def _close(ours, theirs, atol=1e-10):
    """Two pytrees (ours of ag Tensors, theirs of torch tensors or arrays) agree."""
    a, sa = AF._flatten(ours)
    b, _ = AF._flatten(theirs)
    assert len(a) == len(b), (sa, theirs)
    for x, y in zip(a, b):
        y = y.detach().cpu().numpy() if hasattr(y, "detach") else np.asarray(y)
        assert tuple(x.shape) == tuple(y.shape)
        np.testing.assert_allclose(_np(x), y, atol=atol, rtol=1e-9)


def _f(x, y):
    return (x.sin() * y + x * x * y.exp()).sum()


# -- grad ---------------------------------------------------------------------------------------


def test_grad_closed_form_and_no_graph(device) -> None:
    x, y = _rand(3), _rand(3, seed=1)
    gx, gy = AF.grad(_f, argnums=(0, 1))(_t(x, device), _t(y, device))
    np.testing.assert_allclose(_np(gx), np.cos(x) * y + 2 * x * np.exp(y))
    np.testing.assert_allclose(_np(gy), np.sin(x) + x * x * np.exp(y))
    assert gx.grad_fn is None and not gx.requires_grad and gx.device == ag.device(device)


def test_grad_against_torch_with_pytrees_and_aux() -> None:
    torch = torch_or_skip()
    import torch.func as tf

    x, y = _rand(2, 3), _rand(3, seed=1)

    def f(p, k):
        out = (p["a"] * k * p["b"][0]).tanh().sum() + p["b"][1].sum() ** 2
        return out, {"o": out * 2}

    ours, aux = AF.grad(f, has_aux=True)({"a": _t(x), "b": (_t(y), _t(x))}, 3.0)
    tx, ty = torch.tensor(x), torch.tensor(y)
    theirs, taux = tf.grad(f, has_aux=True)({"a": tx, "b": (ty, tx)}, 3.0)
    _close(ours, theirs)
    _close(aux, taux)
    assert set(ours) == {"a", "b"} and isinstance(ours["b"], tuple)


def test_grad_and_value_and_negative_argnums() -> None:
    x, y = _rand(3), _rand(3, seed=1)
    g, v = AF.grad_and_value(_f, argnums=-1)(_t(x), _t(y))
    np.testing.assert_allclose(_np(g), np.sin(x) + x * x * np.exp(y))
    np.testing.assert_allclose(v.item(), (np.sin(x) * y + x * x * np.exp(y)).sum())
    assert v.grad_fn is None


def test_grad_of_grad_and_the_callers_graph(device) -> None:
    cube = lambda x: (x ** 3).sum()  # noqa: E731
    x = _rand(3)
    np.testing.assert_allclose(_np(AF.grad(lambda t: AF.grad(cube)(t).sum())(_t(x, device))),
                               6 * x)
    # an input that requires grad keeps the result on the caller's graph, as in torch.func
    xt = _t(x, device, requires_grad=True)
    g = AF.grad(cube)(xt)
    assert g.grad_fn is not None
    g.sum().backward()
    np.testing.assert_allclose(_np(xt.grad), 6 * x)


def test_grad_under_no_grad_and_with_integer_arguments() -> None:
    with ag.no_grad():
        g = AF.grad(lambda x, n: (x ** n).sum())(_t([1.0, 2.0]), 3)
    np.testing.assert_allclose(_np(g), [3.0, 12.0])


def test_grad_errors_match_torch() -> None:
    with pytest.raises(RuntimeError, match=r"grad_and_value\(f\)\(\*args\): Expected f\(\*args\) "
                       "to return a scalar Tensor, got tensor with 1 dims"):
        AF.grad(lambda x: x)(_t([1.0, 2.0]))
    with pytest.raises(RuntimeError, match="to return a Tensor, got <class 'float'>"):
        AF.grad(lambda x: 1.0)(_t([1.0]))
    with pytest.raises(RuntimeError, match=r"output of function f should be a tuple: \(output, "
                       r"aux\) if has_aux is True"):
        AF.grad(lambda x: x.sum(), has_aux=True)(_t([1.0]))
    with pytest.raises(RuntimeError, match="Got argnum=2, but only 1 positional inputs"):
        AF.grad(lambda x: x.sum(), argnums=2)(_t([1.0]))
    with pytest.raises(RuntimeError, match=r"argnums elements must be unique, got \(0, 0\)"):
        AF.grad(lambda x: x.sum(), argnums=(0, 0))(_t([1.0]))
    with pytest.raises(RuntimeError, match="argnums must be non-empty"):
        AF.grad(lambda x: x.sum(), argnums=())(_t([1.0]))
    with pytest.raises(ValueError, match="Thing passed to transform API must be Tensor"):
        AF.grad(lambda x: ag.tensor(x), argnums=0)(2.0)


# -- vjp and jvp --------------------------------------------------------------------------------


def test_vjp_against_torch_and_called_twice(device) -> None:
    x, y = _rand(2, 3), _rand(3, seed=1)

    def f(a, b):
        return {"p": a * b, "s": (a.exp() * b).sum(dim=0)}

    out, fn = AF.vjp(f, _t(x, device), _t(y, device))
    assert out["p"].grad_fn is None
    ct = {"p": _t(_rand(2, 3, seed=2), device), "s": _t(_rand(3, seed=3), device)}
    first, second = fn(ct), fn(ct)
    assert isinstance(first, tuple) and len(first) == 2
    _close(first, second, atol=0)
    np.testing.assert_allclose(_np(first[1]), (_np(ct["p"]) * x).sum(0)
                               + _np(ct["s"]) * np.exp(x).sum(0))
    torch = torch_or_skip()
    import torch.func as tf

    _, tfn = tf.vjp(f, torch.tensor(x), torch.tensor(y))
    _close(first, tfn({k: torch.tensor(_np(v)) for k, v in ct.items()}))


def test_vjp_and_jvp_with_aux() -> None:
    x = _t([1.0, 2.0])
    out, fn, aux = AF.vjp(lambda a: (a * 3, {"n": a.sum()}), x, has_aux=True)
    np.testing.assert_allclose(_np(fn(_t([1.0, 1.0]))[0]), [3.0, 3.0])
    assert aux["n"].item() == 3.0 and aux["n"].grad_fn is None
    out, jv, aux = AF.jvp(lambda a: (a * a, a.max()), (x,), (_t([1.0, 0.0]),), has_aux=True)
    np.testing.assert_allclose(_np(jv), [2.0, 0.0])
    assert aux.item() == 2.0 and aux.grad_fn is None
    with pytest.raises(RuntimeError, match=r"vjp\(f, \*primals\): output of function f should be "
                       "a tuple"):
        AF.vjp(lambda a: a, x, has_aux=True)


def test_grad_through_functional_call_keeps_the_parameters_graph() -> None:
    """Parameters that require grad (not detached) stay connected, as with torch.func: the
    per-sample gradients can be differentiated again with respect to them."""
    model = nn.Linear(3, 1).double()
    params = dict(model.named_parameters())
    x = _t(_rand(4, 3))

    def loss(p, xi):
        return AF.functional_call(model, p, xi).tanh().sum()

    per = AF.vmap(AF.grad(loss), in_dims=(None, 0))(params, x)
    assert per["weight"].grad_fn is not None
    z = _np(x) @ _np(model.weight)[0] + _np(model.bias)[0]
    np.testing.assert_allclose(_np(per["weight"][:, 0]), (1 - np.tanh(z) ** 2)[:, None] * _np(x))
    (per["weight"] ** 2).sum().backward()
    torch = torch_or_skip()
    import torch.func as tf

    tm = torch.nn.Linear(3, 1).double()
    tm.load_state_dict({k: torch.tensor(_np(v)) for k, v in model.state_dict().items()})
    tparams = dict(tm.named_parameters())
    tper = tf.vmap(tf.grad(lambda p, xi: tf.functional_call(tm, p, xi).tanh().sum()),
                   in_dims=(None, 0))(tparams, torch.tensor(_np(x)))
    (tper["weight"] ** 2).sum().backward()
    _close(per, tper)
    _close((model.weight.grad, model.bias.grad), (tm.weight.grad, tm.bias.grad))


def test_vjp_errors() -> None:
    _, fn = AF.vjp(lambda x: x * 2, _t([1.0, 2.0]))
    with pytest.raises(RuntimeError, match="Expected pytree structure of cotangents to be the "
                       "same as pytree structure of outputs"):
        fn((_t([1.0, 1.0]),))
    with pytest.raises(RuntimeError, match=r"Mismatch in shape: grad_output\[0\] has a shape "
                       r"of \(3,\) and output\[0\] has a shape of \(2,\)"):
        fn(_t([1.0, 1.0, 1.0]))
    with pytest.raises(RuntimeError, match="All outputs of f must be floating-point"):
        AF.vjp(lambda x: (x > 0), _t([1.0]))


def test_jvp_against_torch_and_functional(device) -> None:
    x, v = _rand(4), _rand(4, seed=5)
    f = lambda a: (a.sin() * a.sum(), a.exp())  # noqa: E731
    out, jv = AF.jvp(f, (_t(x, device),), (_t(v, device),))
    _, ref = AFL.jvp(f, _t(x, device), _t(v, device))
    _close(jv, tuple(_np(r) for r in ref))
    assert jv[0].grad_fn is None and out[0].grad_fn is None
    torch = torch_or_skip()
    import torch.func as tf

    tout, tjv = tf.jvp(f, (torch.tensor(x),), (torch.tensor(v),))
    _close(out, tout)
    _close(jv, tjv)


def test_jvp_of_an_output_independent_of_the_input() -> None:
    _, jv = AF.jvp(lambda a, b: a * 2 + b.sum() * 0 + 1, (_t([1.0, 2.0]), _t([3.0])),
                   (_t([1.0, 1.0]), _t([5.0])))
    np.testing.assert_allclose(_np(jv), [2.0, 2.0])
    _, jv = AF.jvp(lambda a: _t([7.0]), (_t([1.0]),), (_t([1.0]),))
    np.testing.assert_allclose(_np(jv), [0.0])
    with pytest.raises(RuntimeError, match="The output of f is independent of the inputs"):
        AF.jvp(lambda a: _t([7.0]), (_t([1.0]),), (_t([1.0]),), strict=True)


def test_jvp_errors() -> None:
    with pytest.raises(RuntimeError, match="Expected primals to be a tuple"):
        AF.jvp(lambda x: x, _t([1.0]), (_t([1.0]),))
    with pytest.raises(RuntimeError, match="Expected primals and tangents to have the same "
                       "python structure"):
        AF.jvp(lambda x: x, (_t([1.0]),), [_t([1.0])])
    with pytest.raises(RuntimeError, match=r"jvp\(f, primals, tangents\): Trying to set a "
                       r"forward gradient that has a different size.*size \[2\] while the "
                       r"given forward gradient is of size \[3\]"):
        AF.jvp(lambda x: x, (_t([1.0, 2.0]),), (_t([1.0, 2.0, 3.0]),))


# -- Jacobians ----------------------------------------------------------------------------------


@pytest.mark.parametrize("jac", ["jacrev", "jacfwd"])
def test_jacobians_against_functional(jac, device) -> None:
    x, y = _rand(3), _rand(2, 3, seed=1)
    f = lambda a, b: (a.sin() * b).tanh()  # noqa: E731
    ours = getattr(AF, jac)(f, argnums=(0, 1))(_t(x, device), _t(y, device))
    ref = AFL.jacobian(f, (_t(x, device), _t(y, device)))
    _close(ours, tuple(_np(r) for r in ref))
    assert ours[0].shape == (2, 3, 3) and ours[1].shape == (2, 3, 2, 3)
    assert ours[0].grad_fn is None


@pytest.mark.parametrize("jac", ["jacrev", "jacfwd"])
def test_jacobians_against_torch_with_pytrees_and_aux(jac) -> None:
    torch = torch_or_skip()
    import torch.func as tf

    x, y = _rand(2), _rand(2, 2, seed=1)

    def f(p, q):
        return {"s": p["w"] * q, "t": (p["w"].exp() + q).sum()}, p["w"] * 0 + 4

    ours, aux = getattr(AF, jac)(f, argnums=(0, 1), has_aux=True)({"w": _t(x)}, _t(y))
    theirs, taux = getattr(tf, jac)(f, argnums=(0, 1), has_aux=True)({"w": torch.tensor(x)},
                                                                     torch.tensor(y))
    _close(ours, theirs)
    _close(aux, taux)
    assert isinstance(ours["s"], tuple) and isinstance(ours["s"][0], dict)


def test_hessian_against_torch_and_functional(device) -> None:
    x = _rand(4)
    f = lambda a: (a.sin() * a.exp() * a.sum()).sum()  # noqa: E731
    h = AF.hessian(f)(_t(x, device))
    np.testing.assert_allclose(_np(h), _np(AFL.hessian(f, _t(x, device))), atol=1e-12)
    assert h.grad_fn is None
    np.testing.assert_allclose(_np(AF.jacrev(AF.jacrev(f))(_t(x, device))), _np(h), atol=1e-12)
    torch = torch_or_skip()
    import torch.func as tf

    _close(h, tf.hessian(f)(torch.tensor(x)))


def test_jacobian_errors() -> None:
    with pytest.raises(ValueError, match="jacrev: `chunk_size` should be greater than 0."):
        AF.jacrev(lambda x: x, chunk_size=0)
    with pytest.raises(RuntimeError, match="Only allowed values for randomness"):
        AF.jacfwd(lambda x: x, randomness="sometimes")
    with pytest.raises(RuntimeError, match="expected f\\(\\*primals\\) to return only tensors"):
        AF.jacrev(lambda x: [x, 3])(_t([1.0]))


# -- vmap ---------------------------------------------------------------------------------------


def test_vmap_in_dims_out_dims_and_pytrees() -> None:
    torch = torch_or_skip()
    import torch.func as tf

    a, b, c = _rand(3, 2), _rand(2, 4, seed=1), _rand(2, seed=2)

    def f(x, pair, scale=1.0):
        return {"m": x[:, None] * pair[0] * scale, "s": (x.sum() + pair[1]).exp()}

    kw = dict(in_dims=(1, (0, None)), out_dims={"m": 2, "s": 0})
    ours = AF.vmap(f, **kw)(_t(a), (_t(b), _t(c)), scale=2.0)
    theirs = tf.vmap(f, **kw)(torch.tensor(a), (torch.tensor(b), torch.tensor(c)), scale=2.0)
    _close(ours, theirs)
    assert ours["m"].shape == (3, 4, 2) and ours["s"].shape == (2, 2)


def test_vmap_negative_dims_nested_and_out_dims_none() -> None:
    x, w = _rand(2, 3, 4), _t(_rand(3, seed=1))
    mm = AF.vmap(AF.vmap(lambda r: (r * w).sum()), in_dims=-1, out_dims=-1)
    out = mm(_t(x))
    np.testing.assert_allclose(_np(out), np.einsum("ijk,j->ik", x, _np(w)))
    torch = torch_or_skip()
    import torch.func as tf

    tw = torch.tensor(_np(w))
    tmm = tf.vmap(tf.vmap(lambda r: (r * tw).sum()), in_dims=-1, out_dims=-1)
    _close(out, tmm(torch.tensor(x)))
    pair = AF.vmap(lambda r: (r * 2, w), out_dims=(0, None))(_t(x[0]))
    assert pair[0].shape == (3, 4)
    assert pair[1] is w
    with pytest.raises(ValueError, match="can not return a BatchedTensor when out_dim is None"):
        AF.vmap(lambda r: (r * 2, r), out_dims=(0, None))(_t(x[0]))


def test_vmap_of_an_empty_batch() -> None:
    out = AF.vmap(lambda a: a * 2, out_dims=1)(ag.ones(0, 3))
    assert out.shape == (3, 0)
    torch = torch_or_skip()
    import torch.func as tf

    assert tuple(tf.vmap(lambda a: a * 2, out_dims=1)(torch.ones(0, 3)).shape) == (3, 0)


def test_vmap_errors_match_torch() -> None:
    torch = torch_or_skip()
    import torch.func as tf

    def both(call_ours, call_theirs, error, words):
        with pytest.raises(error) as ours:
            call_ours()
        with pytest.raises(error) as theirs:
            call_theirs()
        for w in words:
            assert w in str(ours.value) and w in str(theirs.value), (ours.value, theirs.value)

    ident = lambda x, y=None: x  # noqa: E731
    a, b = ag.ones(2, 3), ag.ones(3, 3)
    ta, tb = torch.ones(2, 3), torch.ones(3, 3)
    both(lambda: AF.vmap(ident)(a, b), lambda: tf.vmap(ident)(ta, tb), ValueError,
         ["vmap: Expected all tensors to have the same size in the mapped dimension, got "
          "sizes [2, 3] for the mapped dimension"])
    both(lambda: AF.vmap(ident, in_dims=2)(a), lambda: tf.vmap(ident, in_dims=2)(ta),
         ValueError, ["Got in_dim=2 for some input, but that input is a Tensor of "
                      "dimensionality 2 so expected in_dim to satisfy -2 <= in_dim < 2."])
    both(lambda: AF.vmap(ident, in_dims=(0, 0))(a), lambda: tf.vmap(ident, in_dims=(0, 0))(ta),
         ValueError, ["in_dims is not compatible with the structure of `inputs`"])
    both(lambda: AF.vmap(ident, in_dims=(0, 0))(a, 1.0),
         lambda: tf.vmap(ident, in_dims=(0, 0))(ta, 1.0), ValueError,
         ["We cannot vmap over non-Tensor arguments"])
    both(lambda: AF.vmap(ident, in_dims=(None,))(a),
         lambda: tf.vmap(ident, in_dims=(None,))(ta), ValueError,
         ["vmap: Expected at least one Tensor to vmap over"])
    both(lambda: AF.vmap(ident, in_dims=None)(a), lambda: tf.vmap(ident, in_dims=None)(ta),
         ValueError, ["expected `in_dims` to be int or a (potentially nested) tuple"])
    both(lambda: AF.vmap(lambda x: 3)(a), lambda: tf.vmap(lambda x: 3)(ta), ValueError,
         ["must only return Tensors, got type <class 'int'>"])
    both(lambda: AF.vmap(ident)(), lambda: tf.vmap(ident)(), ValueError, ["got no inputs"])
    both(lambda: AF.vmap(ident, randomness="x"), lambda: tf.vmap(ident, randomness="x")(ta),
         RuntimeError, ["Only allowed values for randomness are 'error', 'different', or "
                        "'same'. Got x"])
    both(lambda: AF.vmap(ident, chunk_size=0), lambda: tf.vmap(ident, chunk_size=0)(ta),
         ValueError, ["chunk_size should be None or greater than 0. (got 0)"])
    both(lambda: AF.vmap(ident, in_dims=[0])(a), lambda: tf.vmap(ident, in_dims=[0])(ta),
         ValueError, ["expected `in_dims` to be int or a (potentially nested) tuple"])
    both(lambda: AF.vmap(ident, out_dims=5)(a), lambda: tf.vmap(ident, out_dims=5)(ta),
         IndexError, ["Dimension out of range"])


def test_vmap_randomness(device) -> None:
    x = ag.zeros(3, 4, device=device)
    with pytest.raises(RuntimeError, match="vmap: called random operation while in randomness "
                       "error mode"):
        AF.vmap(lambda r: r + ag.rand(4, device=device))(x)
    with pytest.raises(RuntimeError, match="randomness error mode"):
        AF.vmap(lambda r: nn.functional.dropout(r + 1, 0.5))(x)
    backend = type(x.device.backend)
    assert all(getattr(backend, n).__name__ == n for n in dir(backend)
               if n.startswith("random_"))  # the guard is gone after the call
    same = AF.vmap(lambda r: r + ag.rand(4, device=device), randomness="same")(x)
    assert all(np.array_equal(_np(same[0]), _np(same[k])) for k in (1, 2))
    different = AF.vmap(lambda r: r + ag.rand(4, device=device), randomness="different")(x)
    assert not np.array_equal(_np(different[0]), _np(different[1]))
    np.testing.assert_array_equal(_np(AF.vmap(lambda r: r * 2)(x)), np.zeros((3, 4)))
    torch = torch_or_skip()
    import torch.func as tf

    with pytest.raises(RuntimeError, match="randomness error mode"):
        tf.vmap(lambda r: r + torch.rand(4))(torch.zeros(3, 4))


def test_vmap_randomness_error_is_per_thread() -> None:
    import threading

    inside, drawn = threading.Event(), threading.Event()
    seen = []

    def f(r):
        inside.set()
        assert drawn.wait(10)
        return r * 2

    def other():
        assert inside.wait(10)
        seen.append(ag.rand(2).shape)  # another thread draws freely meanwhile
        drawn.set()

    t = threading.Thread(target=other)
    t.start()
    AF.vmap(f)(ag.zeros(1, 2))
    t.join()
    assert seen == [(2,)]


# -- per-sample gradients, functional_call, stack_module_state ---------------------------------


def _mlp(seed=0):
    ag.manual_seed(seed)
    return nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))


def _torch_mlp(torch, model):
    tm = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
    tm.load_state_dict({k: torch.tensor(_np(v)) for k, v in model.state_dict().items()})
    return tm.double()


def test_per_sample_gradients_of_an_mlp(device) -> None:
    model = _mlp().double().to(device)
    params = {k: v.detach() for k, v in model.named_parameters()}
    x, y = _t(_rand(5, 4, seed=3), device), _t(_rand(5, 3, seed=4), device)

    def loss(p, xi, yi):
        out = AF.functional_call(model, p, (xi[None],))
        return ((out - yi[None]) ** 2).mean()

    per = AF.vmap(AF.grad(loss), in_dims=(None, 0, 0))(params, x, y)
    assert set(per) == set(params) and per["0.weight"].shape == (5, 8, 4)
    assert per["0.weight"].grad_fn is None
    for i in range(5):  # the loop by hand, with the module's own parameters
        model.zero_grad()
        ((model(x[i:i + 1]) - y[i:i + 1]) ** 2).mean().backward()
        for k, p in model.named_parameters():
            np.testing.assert_allclose(_np(per[k][i]), _np(p.grad), atol=1e-12)
    assert all(p is model.get_parameter(k) for k, p in model.named_parameters())
    if device != "cpu":
        return
    torch = torch_or_skip()
    import torch.func as tf

    tm = _torch_mlp(torch, model)
    tparams = {k: v.detach() for k, v in tm.named_parameters()}

    def tloss(p, xi, yi):
        return ((tf.functional_call(tm, p, (xi[None],)) - yi[None]) ** 2).mean()

    theirs = tf.vmap(tf.grad(tloss), in_dims=(None, 0, 0))(tparams, torch.tensor(_np(x)),
                                                           torch.tensor(_np(y)))
    _close(per, theirs)


def test_functional_call_buffers_ties_and_strict() -> None:
    model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)).double().eval()
    x = _t(_rand(3, 2))
    new = {"0.weight": _t(np.eye(2)), "0.bias": _t([1.0, -1.0]),
           "1.running_mean": _t([1.0, 1.0])}
    out = AF.functional_call(model, new, x)
    bn = model[1]
    expected = ((_np(x) + [1.0, -1.0] - 1.0) / np.sqrt(1 + bn.eps) * _np(bn.weight)
                + _np(bn.bias))
    np.testing.assert_allclose(_np(out), expected)
    np.testing.assert_allclose(_np(bn.running_mean), [0.0, 0.0])  # put back
    assert isinstance(model[0].weight, nn.Parameter)
    # a tuple of dicts; the same keys twice is ambiguous
    out2 = AF.functional_call(model, ({"0.weight": new["0.weight"]}, {"0.bias": new["0.bias"],
                                                                       "1.running_mean":
                                                                       new["1.running_mean"]}),
                              (x,))
    np.testing.assert_allclose(_np(out2), expected)
    with pytest.raises(ValueError, match="appeared in multiple dictionaries"):
        AF.functional_call(model, ({"0.bias": new["0.bias"]}, {"0.bias": new["0.bias"]}), x)
    with pytest.raises(ValueError, match="Expected parameter_and_buffer_dicts to be a dict"):
        AF.functional_call(model, 3, x)
    with pytest.raises(RuntimeError, match="Error\\(s\\) in reparametrizing for Sequential:\n\t"
                       "Unexpected key\\(s\\): 'nope'.\n\tMissing key\\(s\\): '0.bias'"):
        AF.functional_call(model, {"nope": x}, x, strict=True)
    with pytest.raises(AttributeError, match="has no attribute 'named_parameters'"):
        AF.functional_call(object(), {}, x)
    # tied weights: one value reaches both names unless tie_weights=False
    tied = nn.Sequential(nn.Linear(2, 2, bias=False), nn.Linear(2, 2, bias=False)).double()
    tied[1].weight = tied[0].weight
    two = _t(2 * np.eye(2))
    np.testing.assert_allclose(_np(AF.functional_call(tied, {"0.weight": two}, x)), 4 * _np(x))
    untied = AF.functional_call(tied, {"0.weight": two}, x, tie_weights=False)
    np.testing.assert_allclose(_np(untied), _np(x) @ (2 * np.eye(2)) @ _np(tied[0].weight).T)
    with pytest.raises(ValueError, match="which are tied. Consider using tie_weights=False"):
        AF.functional_call(tied, {"0.weight": two, "1.weight": _t(np.eye(2))}, x)
    assert nn.utils.stateless.functional_call(tied, {"0.weight": two}, x).shape == (3, 2)


def test_functional_call_restores_after_an_error() -> None:
    model = nn.Linear(2, 2)
    weight = model.weight
    with pytest.raises(RuntimeError):
        AF.functional_call(model, {"weight": ag.ones(5, 7)}, ag.ones(1, 2))
    assert model.weight is weight


def test_stack_module_state_ensemble_against_torch() -> None:
    models = [_mlp(seed).double() for seed in range(3)]
    params, buffers = AF.stack_module_state(models)
    assert params["0.weight"].shape == (3, 8, 4) and params["0.weight"].is_leaf
    assert params["0.weight"].requires_grad and buffers == {}
    x = _t(_rand(5, 4, seed=7))
    base = models[0]
    out = AF.vmap(lambda p, b, xx: AF.functional_call(base, (p, b), (xx,)),
                  in_dims=(0, 0, None))(params, buffers, x)
    for k, m in enumerate(models):
        np.testing.assert_allclose(_np(out[k]), _np(m(x)), atol=1e-12)
    out.sum().backward()  # the stacked parameters are leaves of the caller's graph
    assert params["2.bias"].grad.shape == (3, 3)
    with pytest.raises(RuntimeError, match="Expected at least one model, got 0"):
        AF.stack_module_state([])
    with pytest.raises(RuntimeError, match="Expected all models to be of the same class"):
        AF.stack_module_state([models[0], nn.Linear(4, 3)])
    models[1].eval()
    with pytest.raises(RuntimeError, match="same training/eval mode"):
        AF.stack_module_state(models)
    torch = torch_or_skip()
    import torch.func as tf

    tms = [_torch_mlp(torch, m) for m in models]
    tparams, tbuffers = tf.stack_module_state([m.train() for m in tms])
    tout = tf.vmap(lambda p, b, xx: tf.functional_call(tms[0], (p, b), (xx,)),
                   in_dims=(0, 0, None))(tparams, tbuffers, torch.tensor(_np(x)))
    _close(out, tout)


def test_namespace() -> None:
    assert ag.func.grad is AF.grad and "vmap" in ag.func.__all__
