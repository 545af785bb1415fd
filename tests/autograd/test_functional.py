"""autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp against closed forms and torch."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from autograd import functional as AF
from tests.conftest import torch_or_skip


def _t(a, device, requires_grad=False):
    return ag.tensor(np.asarray(a, dtype=np.float64), device=device,
                     requires_grad=requires_grad)


def _np(t):
    return t.detach().cpu().numpy()


def _rand(shape, seed=0):
    return np.random.default_rng(seed).uniform(-1.5, 1.5, size=shape)


def _quad(A):
    """x -> x^T A x, written with broadcasting only."""
    n = A.shape[0]
    return lambda x: (x.reshape(n, 1) * A * x.reshape(1, n)).sum()


# -- jacobian ------------------------------------------------------------------------------------


def test_jacobian_of_square_is_diagonal(device) -> None:
    x = _rand(4)
    J = AF.jacobian(lambda a: a ** 2, _t(x, device))
    assert isinstance(J, ag.Tensor) and J.shape == (4, 4) and J.dtype == ag.float64
    np.testing.assert_allclose(_np(J), np.diag(2 * x))
    assert not J.requires_grad


def test_jacobian_shapes_follow_the_tuple_conventions(device) -> None:
    x, y = _t(_rand((2, 3)), device), _t(_rand(3, 1), device)
    J = AF.jacobian(lambda a: a.exp(), x)
    assert J.shape == (2, 3, 2, 3)
    np.testing.assert_allclose(_np(J).reshape(6, 6), np.diag(np.exp(_np(x)).ravel()))
    J = AF.jacobian(lambda a, b: a * b, (x, y))
    assert isinstance(J, tuple) and [j.shape for j in J] == [(2, 3, 2, 3), (2, 3, 3)]
    np.testing.assert_allclose(_np(J[1]), np.einsum("ij,jk->ijk", _np(x), np.eye(3)))
    J = AF.jacobian(lambda a: (a.sum(), a * 2), x)
    assert isinstance(J, tuple) and [j.shape for j in J] == [(2, 3), (2, 3, 2, 3)]
    np.testing.assert_array_equal(_np(J[0]), np.ones((2, 3)))
    np.testing.assert_array_equal(_np(J[1]).reshape(6, 6), 2 * np.eye(6))
    J = AF.jacobian(lambda a, b: (a.sum(), b * 2), (x, y))
    assert [[j.shape for j in row] for row in J] == [[(2, 3), (3,)], [(3, 2, 3), (3, 3)]]
    np.testing.assert_array_equal(_np(J[0][1]), 0)  # independent: zeros when not strict
    np.testing.assert_allclose(_np(J[1][1]), 2 * np.eye(3))


def test_jacobian_strict_and_errors(device) -> None:
    x, y = _t(_rand(3), device), _t(_rand(2), device)
    with pytest.raises(RuntimeError, match="independent of input 1"):
        AF.jacobian(lambda a, b: a * 2, (x, y), strict=True)
    with pytest.raises(RuntimeError, match="does not require gradients"):
        AF.jacobian(lambda a: ag.ones(3, dtype=ag.float64, device=device), x, strict=True)
    with pytest.raises(TypeError, match="must be either a Tensor or a tuple of Tensors"):
        AF.jacobian(lambda a: a, [x, 3.0])
    with pytest.raises(TypeError, match="outputs of the user-provided function"):
        AF.jacobian(lambda a: 3.0, x)


def test_inputs_are_detached_and_left_alone(device) -> None:
    x = _t(_rand(3), device, requires_grad=True)
    before = _np(x).copy()
    J = AF.jacobian(lambda a: a.sin(), x)
    out, g = AF.vjp(lambda a: a.sin(), x, _t(np.ones(3), device))
    assert x.grad is None and not J.requires_grad and not out.requires_grad
    assert not g.requires_grad
    np.testing.assert_array_equal(_np(x), before)


def test_jacobian_create_graph_is_differentiable(device) -> None:
    x = _t(_rand(3), device, requires_grad=True)
    J = AF.jacobian(lambda a: a ** 3, x, create_graph=True)
    assert J.requires_grad
    (g,) = ag.grad(J.sum(), x)  # d/dx sum(diag(3 x^2)) = 6x
    np.testing.assert_allclose(_np(g), 6 * _np(x))


# -- hessian -------------------------------------------------------------------------------------


def test_hessian_of_a_quadratic_form(device) -> None:
    A = _rand((4, 4), seed=1)
    H = AF.hessian(_quad(_t(A, device)), _t(_rand(4), device))
    assert H.shape == (4, 4)
    np.testing.assert_allclose(_np(H), A + A.T, atol=1e-12)


def test_hessian_of_tuple_inputs(device) -> None:
    x, y = _rand(3), _rand(2, seed=2)

    def f(a, b):  # sum_ij exp(a_i b_j)
        return (a.reshape(3, 1) * b.reshape(1, 2)).exp().sum()

    H = AF.hessian(f, (_t(x, device), _t(y, device)))
    assert [[h.shape for h in row] for row in H] == [[(3, 3), (3, 2)], [(2, 3), (2, 2)]]
    E = np.exp(np.outer(x, y))
    np.testing.assert_allclose(_np(H[0][0]), np.diag((E * y ** 2).sum(1)), atol=1e-12)
    np.testing.assert_allclose(_np(H[1][1]), np.diag((E * x[:, None] ** 2).sum(0)), atol=1e-12)
    np.testing.assert_allclose(_np(H[0][1]), E + E * np.outer(x, y), atol=1e-12)
    np.testing.assert_allclose(_np(H[1][0]), _np(H[0][1]).T, atol=1e-12)


def test_hessian_of_linear_function_is_zero_unless_strict(device) -> None:
    x = _t(_rand(3), device)
    np.testing.assert_array_equal(_np(AF.hessian(lambda a: (a * 2).sum(), x)), 0)
    with pytest.raises(RuntimeError, match="jacobian of the user-provided function"):
        AF.hessian(lambda a: (a * 2).sum(), x, strict=True)


def test_hessian_needs_a_scalar(device) -> None:
    with pytest.raises(RuntimeError, match="single element"):
        AF.hessian(lambda a: a * a, _t(_rand(3), device))


# -- vjp, jvp, hvp, vhp ----------------------------------------------------------------------------


def test_vjp_and_jvp_against_closed_forms(device) -> None:
    x, v = _rand(4), _rand(4, seed=3)
    out, g = AF.vjp(lambda a: a.sin(), _t(x, device), _t(v, device))
    np.testing.assert_allclose(_np(out), np.sin(x))
    np.testing.assert_allclose(_np(g), np.cos(x) * v)
    out, g = AF.jvp(lambda a: a.sin(), _t(x, device), _t(v, device))
    np.testing.assert_allclose(_np(out), np.sin(x))
    np.testing.assert_allclose(_np(g), np.cos(x) * v)


def test_jvp_with_a_non_square_jacobian(device) -> None:
    x, y = _rand((2, 1)), _rand(3, seed=1)
    vx, vy = _rand((2, 1), seed=2), _rand(3, seed=3)
    out, (g,) = AF.jvp(lambda a, b: (a * b,), (_t(x, device), _t(y, device)),
                       (_t(vx, device), _t(vy, device)))
    assert isinstance(out, tuple) and out[0].shape == (2, 3)
    np.testing.assert_allclose(_np(g), vx * y + x * vy)
    out, (gx, gy) = AF.vjp(lambda a, b: a * b, (_t(x, device), _t(y, device)),
                           _t(np.ones((2, 3)), device))
    np.testing.assert_allclose(_np(gx), np.broadcast_to(y.sum(), (2, 1)))
    np.testing.assert_allclose(_np(gy), np.broadcast_to(x.sum(), (3,)))


def test_hvp_and_vhp_of_a_quadratic_form(device) -> None:
    A, x, v = _rand((3, 3), seed=4), _rand(3), _rand(3, seed=5)
    f = _quad(_t(A, device))
    out, hv = AF.hvp(f, _t(x, device), _t(v, device))
    np.testing.assert_allclose(float(out.item()), x @ A @ x)
    np.testing.assert_allclose(_np(hv), (A + A.T) @ v, atol=1e-12)
    out, vh = AF.vhp(f, _t(x, device), _t(v, device))
    np.testing.assert_allclose(_np(vh), v @ (A + A.T), atol=1e-12)


def test_v_may_be_none_only_for_one_element(device) -> None:
    out, g = AF.vjp(lambda a: (a * a).sum(), _t([1.0, 2.0], device))
    np.testing.assert_allclose(_np(g), [2.0, 4.0])
    out, g = AF.jvp(lambda a: a * 3, _t([2.0], device))
    np.testing.assert_allclose(_np(g), [3.0])
    with pytest.raises(RuntimeError, match="v can only be None"):
        AF.vjp(lambda a: a * a, _t([1.0, 2.0], device))
    with pytest.raises(RuntimeError, match="v can only be None"):
        AF.jvp(lambda a: a * a, _t([1.0, 2.0], device))
    with pytest.raises(RuntimeError, match="v can only be None"):
        AF.hvp(lambda a: (a * a).sum(), _t([1.0, 2.0], device))


def test_v_shape_and_length_are_checked(device) -> None:
    x = _t(_rand(3), device)
    with pytest.raises(RuntimeError, match=r"v has invalid size: should be \(3,\) but got"):
        AF.vjp(lambda a: a * 2, x, _t(np.ones(2), device))
    with pytest.raises(RuntimeError, match="invalid length"):
        AF.jvp(lambda a: a * 2, x, (_t(np.ones(3), device),) * 2)
    with pytest.raises(RuntimeError, match="Entry 1 in v has invalid size"):
        AF.hvp(lambda a, b: (a * b).sum(), (x, x), (_t(np.ones(3), device),
                                                    _t(np.ones(2), device)))


def test_strict_mode_on_independent_inputs(device) -> None:
    x, y, v = _t(_rand(3), device), _t(_rand(3), device), _t(np.ones(3), device)
    _, (gx, gy) = AF.vjp(lambda a, b: a * 2, (x, y), v)
    np.testing.assert_array_equal(_np(gy), 0)
    with pytest.raises(RuntimeError, match="independent of input 1"):
        AF.vjp(lambda a, b: a * 2, (x, y), v, strict=True)
    with pytest.raises(RuntimeError, match="independent"):
        AF.jvp(lambda a, b: a * 2, (x, y), (v, v), strict=True)


def test_create_graph_results_stay_differentiable(device) -> None:
    x = _t(_rand(3), device, requires_grad=True)
    v = _t(_rand(3, seed=1), device)
    _, g = AF.vjp(lambda a: a ** 3, x, v, create_graph=True)
    assert g.requires_grad
    (gg,) = ag.grad(g.sum(), x)  # d/dx sum(3 x^2 v) = 6 x v
    np.testing.assert_allclose(_np(gg), 6 * _np(x) * _np(v))
    _, hv = AF.hvp(lambda a: (a ** 4).sum(), x, v, create_graph=True)
    (g3,) = ag.grad(hv.sum(), x)  # d/dx sum(12 x^2 v) = 24 x v
    np.testing.assert_allclose(_np(g3), 24 * _np(x) * _np(v))


# -- against torch.autograd.functional -----------------------------------------------------------


def _both(fn_name, f_ag, f_torch, inputs, v=None, **kw):
    torch = torch_or_skip()
    tf = getattr(torch.autograd.functional, fn_name)
    af = getattr(AF, fn_name)
    ours_in = tuple(_t(a, "cpu") for a in inputs)
    theirs_in = tuple(torch.tensor(a) for a in inputs)
    args = () if v is None else (tuple(_t(a, "cpu") for a in v),)
    targs = () if v is None else (tuple(torch.tensor(a) for a in v),)
    return af(f_ag, ours_in, *args, **kw), tf(f_torch, theirs_in, *targs, **kw)


def _assert_same(ours, theirs):
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        for o, t in zip(ours, theirs):
            _assert_same(o, t)
        return
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_allclose(_np(ours), theirs.detach().numpy(), atol=1e-12, rtol=1e-10)


def _f(a, b):
    return (a * b).tanh() * a, (a.exp() * b).sum()


@pytest.mark.parametrize("name", ["jacobian", "vjp", "jvp"])
def test_matches_torch_on_vector_functions(name) -> None:
    inputs = (_rand((2, 3)), _rand(3, seed=1))
    v = None
    if name == "vjp":
        v = (_rand((2, 3), seed=2), np.array(0.7))
    elif name == "jvp":
        v = (_rand((2, 3), seed=3), _rand(3, seed=4))
    ours, theirs = _both(name, _f, _f, inputs, v)
    _assert_same(ours, theirs)


@pytest.mark.parametrize("name", ["hessian", "hvp", "vhp"])
def test_matches_torch_on_scalar_functions(name) -> None:
    def g(a, b):
        return ((a * b).sin() * a).sum() + (b * b * b).sum()

    inputs = (_rand((2, 3)), _rand(3, seed=1))
    v = None if name == "hessian" else (_rand((2, 3), seed=2), _rand(3, seed=3))
    ours, theirs = _both(name, g, g, inputs, v)
    _assert_same(ours, theirs)
