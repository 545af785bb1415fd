"""Reductions: what the registry cannot express (named tuples, errors, dtypes, tie semantics,
the gradient at kinks, second order at zeros)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip


def _t(values, device="cpu", **kw):
    return ag.tensor(np.asarray(values, dtype=np.float64), device=device, **kw)


def _grad(fn, x):
    x = x.detach().requires_grad_()
    fn(x).sum().backward()
    return x.grad.numpy()


# -- named tuple results -------------------------------------------------------------------


def test_max_min_with_dim_return_named_tuples(device):
    x = _t([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]], device)
    result = ag.max(x, dim=1)
    assert isinstance(result, tuple) and result._fields == ("values", "indices")
    values, indices = result
    assert values.tolist() == [5.0, 7.0] and indices.tolist() == [1, 0]
    assert result.indices.dtype == ag.int64
    low = x.min(0, keepdim=True)
    assert low.values.shape == (1, 3) and low.indices.tolist() == [[0, 1, 0]]
    assert repr(result).startswith("max(values=")


def test_max_with_tensor_is_maximum():
    a, b = _t([1.0, 4.0]), _t([3.0, 2.0])
    assert ag.max(a, b).tolist() == [3.0, 4.0]
    assert ag.min(a, b).tolist() == [1.0, 2.0]


def test_max_dim_on_0d_input():
    values, indices = ag.max(_t(3.0), 0)
    assert values.shape == () and values.item() == 3.0 and indices.item() == 0


# -- ties ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("op", ["max", "min", "amax", "amin"])
def test_ties_share_the_gradient_like_torch(op):
    torch = torch_or_skip()
    data = np.array([[1.0, 3.0, 3.0, 3.0], [-2.0, -2.0, 0.5, 0.5]])
    ours = _grad(lambda x: getattr(x, op)(), _t(data))
    xt = torch.tensor(data, requires_grad=True)
    getattr(xt, op)().backward()
    np.testing.assert_allclose(ours, xt.grad.numpy())
    if op in ("amax", "amin"):
        ours = _grad(lambda x: getattr(x, op)(1), _t(data))
        xt.grad = None
        getattr(xt, op)(1).sum().backward()
        np.testing.assert_allclose(ours, xt.grad.numpy())


@pytest.mark.parametrize("op", ["max", "min"])
def test_max_dim_gradient_goes_to_the_returned_index(op):
    torch = torch_or_skip()
    data = np.array([[3.0, 1.0, 3.0], [2.0, 2.0, 2.0]])
    x = _t(data, requires_grad=True)
    values, indices = getattr(x, op)(1)
    values.sum().backward()
    xt = torch.tensor(data, requires_grad=True)
    tv, ti = getattr(xt, op)(1)
    tv.sum().backward()
    assert indices.tolist() == ti.tolist()
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy())


def test_max_dim_second_order():
    x = _t([[1.0, 4.0], [3.0, 2.0]], requires_grad=True)
    (g,) = ag.grad((x.max(1).values ** 2).sum(), x, create_graph=True)
    (gg,) = ag.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), [[0.0, 2.0], [2.0, 0.0]])


# -- integer and bool dtypes ---------------------------------------------------------------


def test_integer_results():
    i = ag.tensor([[1, 2, 3], [4, 5, 6]], dtype=ag.int32)
    assert ag.sum(i).dtype == ag.int64 and ag.sum(i).item() == 21
    assert ag.prod(i).dtype == ag.int64 and ag.prod(i).item() == 720
    assert ag.cumsum(i, 1).dtype == ag.int64 and ag.cumsum(i, 1).tolist()[1] == [4, 9, 15]
    assert ag.tensor([True, True, False]).sum().item() == 2
    assert ag.tensor([True, False]).cumsum(0).dtype == ag.int64
    assert i.max().dtype == ag.int32 and i.max().item() == 6
    assert i.argmax().dtype == ag.int64 and i.argmax().item() == 5
    assert ag.sum(i, dtype=ag.float64).dtype == ag.float64
    assert ag.mean(i, dtype=ag.float64).item() == 3.5
    assert ag.logsumexp(i, 1).dtype == ag.float32
    assert i.all().dtype == ag.bool and i.any(1).tolist() == [True, True]


def test_integer_errors():
    i = ag.tensor([1, 2, 3])
    with pytest.raises(RuntimeError, match="mean.*Long|mean.*int64"):
        i.mean()
    with pytest.raises(RuntimeError, match="var.*int64"):
        i.var()
    with pytest.raises(RuntimeError, match="std.*int64"):
        i.std()
    with pytest.raises(RuntimeError, match="norm.*int64"):
        i.norm()
    assert ag.norm(i, dtype=ag.float64).item() == pytest.approx(math.sqrt(14))


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda x: x.sum(2), lambda x: x.mean(-3), lambda x: x.amax((0, 5)), lambda x: x.max(2),
    lambda x: x.argmax(2), lambda x: x.cumsum(4), lambda x: x.logsumexp(3), lambda x: x.norm(dim=2),
    lambda x: x.var(2), lambda x: x.all(2),
])
def test_dim_out_of_range(call):
    with pytest.raises(IndexError, match=r"range of \[-2, 1\] for a 2-d tensor, but got"):
        call(_t(np.ones((2, 3))))


def test_repeated_dims_and_bad_dim_types():
    x = _t(np.ones((2, 3)))
    with pytest.raises(RuntimeError, match="dim 0 appears multiple times"):
        x.sum((0, -2))
    with pytest.raises(TypeError, match="must be int"):
        x.cumsum((0, 1))
    with pytest.raises(TypeError, match="must be int"):
        x.max((0, 1))
    with pytest.raises(TypeError, match="either unbiased or correction"):
        x.var(0, True, correction=0)


def test_empty_extrema_errors():
    e = _t(np.ones((0, 3)))
    with pytest.raises(RuntimeError, match=r"max\(\): Expected reduction dim to be specified"):
        e.max()
    with pytest.raises(IndexError, match=r"amax\(\): Expected reduction dim 0 to have non-zero"):
        e.amax(0)
    with pytest.raises(IndexError, match=r"min\(\): Expected reduction dim 0"):
        e.min(0)
    with pytest.raises(IndexError, match=r"argmax\(\): Expected reduction dim to be specified"):
        e.argmax()
    assert e.amax(1).shape == (0,) and e.max(1).indices.shape == (0,)
    with pytest.raises(RuntimeError, match="inf norm of an empty"):
        e.norm(math.inf)
    assert e.norm(math.inf, dim=1).shape == (0,)


def test_empty_results_like_torch():
    e = _t(np.ones((0, 3)))
    assert math.isnan(e.mean().item())
    assert e.sum(0).tolist() == [0.0] * 3 and e.prod(0).tolist() == [1.0] * 3
    assert e.logsumexp(0).tolist() == [-math.inf] * 3
    with pytest.warns(UserWarning, match="degrees of freedom"):
        assert math.isnan(_t([1.0]).var().item())
    with pytest.warns(UserWarning, match="degrees of freedom"):
        assert _t([1.0, 2.0, 4.0]).std(correction=3).item() == math.inf


def test_string_orders_of_norm_are_matrix_norms():
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(_t(x).norm("nuc").item(), np.linalg.norm(x, "nuc"))
    with pytest.raises(RuntimeError, match="Order x not supported"):
        _t(x).norm("x")
    with pytest.raises(RuntimeError, match="dim must be a 2-tuple"):
        _t(x).norm("nuc", dim=0)


# -- kinks and special values ----------------------------------------------------------------


@pytest.mark.parametrize("p", [2, "fro", 1, 3, 0.5, math.inf, 0])
def test_norm_gradient_at_zero_is_zero_like_torch(p):
    torch = torch_or_skip()
    x = _t(np.zeros(3)).requires_grad_()
    x.norm(p).backward()
    xt = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    xt.norm(p).backward()
    assert (x.grad is None) == (xt.grad is None)  # p = 0: no gradient at all
    ours = np.zeros(3) if x.grad is None else x.grad.numpy()
    theirs = np.zeros(3) if xt.grad is None else xt.grad.numpy()
    np.testing.assert_array_equal(ours, theirs)
    assert np.all(ours == 0)


def test_std_of_constant_has_zero_gradient_like_torch():
    assert np.all(_grad(lambda x: x.std(1), _t(np.full((2, 3), 1.5))) == 0)
    x = _t(np.full(3, 2.0), requires_grad=True)
    (g,) = ag.grad(x.std(), x, create_graph=True)
    (gg,) = ag.grad(g.sum(), x)
    assert np.all(np.isfinite(gg.numpy()))


def test_logsumexp_is_stable():
    x = _t([[1000.0, 1000.0], [-1000.0, -math.inf]])
    np.testing.assert_allclose(x.logsumexp(1).numpy(), [1000 + math.log(2), -1000.0])
    np.testing.assert_allclose(_grad(lambda x: x.logsumexp(1), x), [[0.5, 0.5], [1.0, 0.0]])
    assert _t([-math.inf, -math.inf]).logsumexp(0).item() == -math.inf
    assert _t([math.inf, 1.0]).logsumexp(0).item() == math.inf


@pytest.mark.parametrize("data", [[2.0, 0.0, 3.0, 4.0], [2.0, 0.0, 3.0, 0.0],
                                  [0.0, 0.0, 0.0, 5.0], [0.0, 1.5, -2.0, 3.0]])
def test_prod_and_cumprod_with_zeros_like_torch(data):
    torch = torch_or_skip()
    for name in ("prod", "cumprod"):
        args = () if name == "prod" else (0,)
        ours = _grad(lambda x, name=name, args=args: getattr(ag, name)(x, *args), _t(data))
        xt = torch.tensor(data, dtype=torch.float64, requires_grad=True)
        getattr(xt, name)(*args).sum().backward()
        np.testing.assert_allclose(ours, xt.grad.numpy(), err_msg=name)


@pytest.mark.parametrize("data", [[2.0, 0.0, 3.0, 4.0], [2.0, 0.0, 3.0, 0.0],
                                  [0.0, 0.0, 1.5, 0.0]])
def test_prod_hessian_with_zeros_like_torch(data):
    torch = torch_or_skip()
    ours = ag.functional.hessian(lambda x: x.prod(), _t(data))
    theirs = torch.autograd.functional.hessian(lambda x: x.prod(),
                                               torch.tensor(data, dtype=torch.float64))
    np.testing.assert_allclose(np.asarray(ours.detach().numpy()), theirs.numpy())


def test_cumprod_hessian_with_one_zero_like_torch():
    torch = torch_or_skip()
    data = [1.5, 0.0, 3.0, -2.0]
    w = np.array([0.3, -1.0, 2.0, 0.7])
    ours = ag.functional.hessian(lambda x: (ag.cumprod(x, 0) * _t(w)).sum(), _t(data))
    theirs = torch.autograd.functional.hessian(
        lambda x: (x.cumprod(0) * torch.tensor(w)).sum(), torch.tensor(data, dtype=torch.float64))
    np.testing.assert_allclose(np.asarray(ours.detach().numpy()), theirs.numpy(), atol=1e-12)


def test_var_unbiased_positional_overload():
    x = _t([[1.0, 2.0, 4.0]])
    assert x.var(False).item() == pytest.approx(np.var([1.0, 2.0, 4.0]))
    assert x.std(1, False).item() == pytest.approx(np.std([1.0, 2.0, 4.0]))


def test_var_mean_and_std_mean():
    x = _t([[1.0, 2.0], [4.0, 8.0]])
    v, m = ag.var_mean(x, 0)
    assert v.tolist() == [4.5, 18.0] and m.tolist() == [2.5, 5.0]
    s, m = ag.std_mean(x, 1, correction=0)
    np.testing.assert_allclose(s.numpy(), [0.5, 2.0])


def test_float32_stays_float32():
    x = ag.ones(2, 3, dtype=ag.float32, requires_grad=True)
    for fn in (ag.sum, ag.mean, ag.prod, ag.var, ag.std, ag.amax, ag.norm,
               lambda t: t.logsumexp(1), lambda t: t.cumsum(0), lambda t: t.max(1).values):
        y = fn(x)
        assert y.dtype == ag.float32
        y.sum().backward()
        assert x.grad.dtype == ag.float32
        x.grad = None
