"""nn.functional: forward vs NumPy, gradcheck / gradgradcheck in float64 per device, PyTorch
agreement (values and gradients), in-place variants, numerical edge cases and errors."""

from __future__ import annotations

import inspect
import math

import numpy as np
import pytest

import autograd as ag
import nn
import nn.losses
from nn import functional as F
from tests.conftest import torch_or_skip

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _np(t: ag.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def _sig(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# name -> (ours, NumPy reference, PyTorch call)
ACTIVATIONS = {
    "relu": (F.relu, lambda x: np.maximum(x, 0), lambda T, x: T.relu(x)),
    "leaky_relu": (lambda x: F.leaky_relu(x, 0.1), lambda x: np.where(x > 0, x, 0.1 * x),
                   lambda T, x: T.leaky_relu(x, 0.1)),
    "elu": (lambda x: F.elu(x, 0.7), lambda x: np.where(x > 0, x, 0.7 * np.expm1(x)),
            lambda T, x: T.elu(x, 0.7)),
    "gelu": (F.gelu, lambda x: 0.5 * x * (1 + _erf(x / math.sqrt(2))), lambda T, x: T.gelu(x)),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"),
                  lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi)
                                                   * (x + 0.044715 * x ** 3))),
                  lambda T, x: T.gelu(x, approximate="tanh")),
    "silu": (F.silu, lambda x: x * _sig(x), lambda T, x: T.silu(x)),
    "sigmoid": (F.sigmoid, _sig, lambda T, x: T.sigmoid(x)),
    "tanh": (F.tanh, np.tanh, lambda T, x: T.tanh(x)),
    "softplus": (F.softplus, lambda x: np.logaddexp(0, x), lambda T, x: T.softplus(x)),
    "softplus_beta": (lambda x: F.softplus(x, beta=2.0, threshold=3.0),
                      lambda x: np.where(2 * x > 3, x, np.logaddexp(0, 2 * x) / 2),
                      lambda T, x: T.softplus(x, beta=2.0, threshold=3.0)),
    "logsigmoid": (F.logsigmoid, lambda x: -np.logaddexp(0, -x), lambda T, x: T.logsigmoid(x)),
    "softmax": (lambda x: F.softmax(x, dim=-1), lambda x: _softmax(x, -1),
                lambda T, x: T.softmax(x, dim=-1)),
    "softmax_dim0": (lambda x: F.softmax(x, 0), lambda x: _softmax(x, 0),
                     lambda T, x: T.softmax(x, 0)),
    "log_softmax": (lambda x: F.log_softmax(x, dim=1), lambda x: np.log(_softmax(x, 1)),
                    lambda T, x: T.log_softmax(x, dim=1)),
    "softmin": (lambda x: F.softmin(x, dim=1), lambda x: _softmax(-x, 1),
                lambda T, x: T.softmin(x, dim=1)),
}


def _input(seed: int = 0, shape=(4, 5)) -> np.ndarray:
    x = np.random.default_rng(seed).uniform(-3, 3, size=shape)
    # keep finite differences away from the kinks at 0 and at the softplus threshold 1.5
    for kink in (0.0, 1.5):
        x = np.where(np.abs(x - kink) < 0.05, kink + 0.1, x)
    return x


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_forward_matches_numpy(name: str, device: str) -> None:
    ours, ref, _ = ACTIVATIONS[name]
    x = _input()
    for dtype, tol in ((ag.float64, 1e-12), (ag.float32, 1e-5)):
        got = ours(ag.tensor(x, dtype=dtype, device=device))
        assert got.dtype == dtype and got.device == ag.device(device)
        np.testing.assert_allclose(_np(got), ref(x), rtol=tol, atol=tol, err_msg=name)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_gradcheck(name: str, device: str) -> None:
    ours = ACTIVATIONS[name][0]
    x = ag.tensor(_input(1, (3, 4)), dtype=ag.float64, device=device, requires_grad=True)
    assert ag.gradcheck(ours, [x])
    assert ag.gradgradcheck(ours, [x])


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_matches_torch(name: str) -> None:
    torch = torch_or_skip()
    ours, _, theirs = ACTIVATIONS[name]
    x = _input(2)
    v = np.random.default_rng(3).standard_normal(x.shape)
    a = ag.tensor(x, requires_grad=True, dtype=ag.float64)
    t = torch.tensor(x, requires_grad=True)
    ya, yt = ours(a), theirs(torch.nn.functional, t)
    np.testing.assert_allclose(ya.detach().numpy(), yt.detach().numpy(), rtol=1e-10, atol=1e-12)
    (ya * ag.tensor(v)).sum().backward()
    (yt * torch.tensor(v)).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), t.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_stable_in_the_tails(device: str) -> None:
    x = ag.tensor([-1000.0, -50.0, 0.0, 50.0, 1000.0], device=device, requires_grad=True)
    for fn in (F.softplus, F.logsigmoid, F.silu, F.gelu, F.elu, F.sigmoid,
               lambda t: F.gelu(t, "tanh"), lambda t: F.softplus(t, 2.0, 1e9)):
        y = fn(x)
        (g,) = ag.grad(y.sum(), [x])
        assert np.all(np.isfinite(_np(y))) and np.all(np.isfinite(_np(g)))
    np.testing.assert_allclose(_np(F.softplus(x)), [0, 0, math.log(2), 50, 1000],
                               atol=1e-6)
    np.testing.assert_allclose(_np(F.logsigmoid(x)), [-1000, -50, -math.log(2), 0, 0],
                               atol=1e-6)


def test_activation_keeps_dtype_and_refuses_integers() -> None:
    for fn in (F.leaky_relu, F.elu, F.gelu, F.silu, F.softplus):
        assert fn(ag.ones(3, dtype=ag.float16)).dtype == ag.float16
        assert fn(ag.ones(3, dtype=ag.float64)).dtype == ag.float64
        with pytest.raises(NotImplementedError, match="not implemented for 'Long'"):
            fn(ag.arange(3))  # as PyTorch: these kernels exist for floating dtypes only


def test_gelu_rejects_unknown_approximation() -> None:
    with pytest.raises(RuntimeError, match="approximate"):
        F.gelu(ag.ones(2), approximate="sigmoid")


@pytest.mark.parametrize("fn,ref", [
    (lambda x, inplace: F.relu(x, inplace=inplace), lambda x: np.maximum(x, 0)),
    (lambda x, inplace: F.leaky_relu(x, 0.2, inplace), lambda x: np.where(x > 0, x, 0.2 * x)),
    (lambda x, inplace: F.elu(x, 1.0, inplace), lambda x: np.where(x > 0, x, np.expm1(x))),
    (lambda x, inplace: F.silu(x, inplace), lambda x: x * _sig(x)),
])
def test_inplace_variants(fn, ref, device: str) -> None:
    x0 = _input(4, (3, 4))
    leaf = ag.tensor(x0, device=device, requires_grad=True)
    h = leaf * 1.0  # a non-leaf, so the in-place write is allowed
    out = fn(h, True)
    assert out is h and h._version == 1
    np.testing.assert_allclose(_np(h), ref(x0), rtol=1e-6)
    out.sum().backward()
    expected = ag.tensor(x0, device=device, requires_grad=True)
    fn(expected, False).sum().backward()
    np.testing.assert_allclose(_np(leaf.grad), _np(expected.grad))
    assert F.relu_(ag.tensor([-1.0, 2.0])).tolist() == [0.0, 2.0]


def test_softmax_implicit_dim_warns() -> None:
    with pytest.warns(UserWarning, match="Implicit dimension"):
        y = F.softmax(ag.ones(2, 3))
    np.testing.assert_allclose(y.numpy(), np.full((2, 3), 1 / 3), rtol=1e-6)
    assert F.softmax(ag.ones(2, 3), dim=1, dtype=ag.float64).dtype == ag.float64


# -- linear and bilinear -----------------------------------------------------------------------


@pytest.mark.parametrize("x_shape", [(5, 4), (4,), (2, 3, 4), (0, 4)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_forward_and_gradcheck(x_shape, bias: bool, device: str) -> None:
    rng = np.random.default_rng(5)
    x, w, b = rng.standard_normal(x_shape), rng.standard_normal((3, 4)), rng.standard_normal(3)
    args = [ag.tensor(a, dtype=ag.float64, device=device, requires_grad=True)
            for a in ((x, w, b) if bias else (x, w))]
    got = F.linear(*args)
    np.testing.assert_allclose(_np(got), x @ w.T + (b if bias else 0), rtol=1e-12)
    assert ag.gradcheck(F.linear, args)
    assert ag.gradgradcheck(F.linear, args)


def test_linear_is_one_op_and_matches_torch() -> None:
    torch = torch_or_skip()
    rng = np.random.default_rng(6)
    x, w, b = rng.standard_normal((6, 4)), rng.standard_normal((3, 4)), rng.standard_normal(3)
    ours = [ag.tensor(a, requires_grad=True) for a in (x, w, b)]
    theirs = [torch.tensor(a, requires_grad=True) for a in (x, w, b)]
    with ag.Tape() as tape:
        y = F.linear(*ours)
    assert len(tape) == 1  # the fused op, no separate transpose or bias add
    yt = torch.nn.functional.linear(*theirs)
    np.testing.assert_allclose(y.detach().numpy(), yt.detach().numpy(), rtol=1e-12)
    v = rng.standard_normal(y.shape)
    (y * ag.tensor(v)).sum().backward()
    (yt * torch.tensor(v)).sum().backward()
    for a, t in zip(ours, theirs):
        np.testing.assert_allclose(a.grad.numpy(), t.grad.numpy(), rtol=1e-10)


def test_linear_errors() -> None:
    w = ag.ones(3, 4)
    with pytest.raises(RuntimeError, match=r"linear: mat1 and mat2 shapes cannot be multiplied "
                                           r"\(2x5 and 4x3\)"):
        F.linear(ag.ones(2, 5), w)
    with pytest.raises(RuntimeError, match="at least 1-D"):
        F.linear(ag.tensor(1.0), w)
    with pytest.raises(RuntimeError, match="Linear"):
        F.linear(ag.ones(2, 4), w, ag.ones(5))


def test_linear_refuses_mixed_dtypes() -> None:
    with pytest.raises(RuntimeError, match="linear: expected m1 and m2 to have the same dtype, "
                                           "but got: float64 != float32"):
        F.linear(ag.ones(2, 4, dtype=ag.float64), ag.ones(3, 4), ag.ones(3))
    with pytest.raises(RuntimeError, match="linear: expected input and bias.*float32 != float64"):
        F.linear(ag.ones(2, 4), ag.ones(3, 4), ag.ones(3, dtype=ag.float64))


@pytest.mark.parametrize("bias", [True, False])
def test_bilinear_forward_and_gradcheck(bias: bool, device: str) -> None:
    rng = np.random.default_rng(7)
    x1, x2 = rng.standard_normal((2, 3, 2)), rng.standard_normal((2, 3, 4))
    w, b = rng.standard_normal((5, 2, 4)), rng.standard_normal(5)
    args = [ag.tensor(a, dtype=ag.float64, device=device, requires_grad=True)
            for a in ((x1, x2, w, b) if bias else (x1, x2, w))]
    expected = np.einsum("nmi,kij,nmj->nmk", x1, w, x2) + (b if bias else 0)
    np.testing.assert_allclose(_np(F.bilinear(*args)), expected, rtol=1e-12)
    assert ag.gradcheck(F.bilinear, args)
    assert ag.gradgradcheck(F.bilinear, args)


def test_bilinear_errors() -> None:
    w = ag.ones(5, 2, 4)
    with pytest.raises(RuntimeError, match="input1 size does not match weight size: got 3 "
                                           "but expected 2"):
        F.bilinear(ag.ones(6, 3), ag.ones(6, 4), w)
    with pytest.raises(RuntimeError, match="input2 size does not match weight size"):
        F.bilinear(ag.ones(6, 2), ag.ones(6, 3), w)
    with pytest.raises(RuntimeError, match="batch dimensions do not match"):
        F.bilinear(ag.ones(6, 2), ag.ones(7, 4), w)


def test_mlp_second_order(device: str) -> None:
    # a Hessian-vector product through linear -> gelu -> linear -> softplus
    rng = np.random.default_rng(8)
    shapes = [(3, 4), (5, 4), (5,), (2, 5), (2,)]
    args = [ag.tensor(rng.standard_normal(s) * 0.5, dtype=ag.float64, device=device,
                      requires_grad=True) for s in shapes]

    def mlp(x, w1, b1, w2, b2):
        return F.softplus(F.linear(F.gelu(F.linear(x, w1, b1)), w2, b2))

    assert ag.gradcheck(mlp, args)
    assert ag.gradgradcheck(mlp, args)


def test_reexports() -> None:
    assert F.one_hot(ag.tensor([0, 2]), 3).tolist() == [[1, 0, 0], [0, 0, 1]]
    assert F.pad(ag.ones(2), (1, 1)).tolist() == [0.0, 1.0, 1.0, 0.0]
    assert nn.functional is F
    for name in ("cross_entropy", "nll_loss", "mse_loss", "binary_cross_entropy_with_logits"):
        # the public name is the loss itself, behind the non-Tensor argument check
        assert inspect.unwrap(getattr(F, name)) is getattr(nn.losses, name)
