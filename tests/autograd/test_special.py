"""``autograd.special`` against ``torch.special``: every name resolves, the aliases are the
top level's objects, the edges of the new functions (tails, poles, the incomplete gamma
function's boundary values), ``igamma``/``igammac`` at the top level and as methods, and the
errors on bad input. The gradients are checked by the registry (tests/opinfo/special.py)."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip


def _compare(name, *arrays, rtol=1e-12, atol=0.0):
    torch = torch_or_skip()
    ours = getattr(ag.special, name)(*(ag.tensor(a) for a in arrays)).numpy()
    theirs = getattr(torch.special, name)(*(torch.tensor(a) for a in arrays)).numpy()
    assert ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, equal_nan=True)


def test_every_name_is_torch_special_name() -> None:
    torch = torch_or_skip()
    assert set(ag.special.__all__) <= set(torch.special.__all__)
    for name in ag.special.__all__:
        assert callable(getattr(ag.special, name)), name


@pytest.mark.parametrize(("alias", "top"), [
    ("erf", "erf"), ("erfc", "erfc"), ("erfinv", "erfinv"), ("expit", "sigmoid"),
    ("gammaln", "lgamma"), ("psi", "digamma"), ("digamma", "digamma"),
    ("multigammaln", "mvlgamma"), ("softmax", "softmax"), ("log_softmax", "log_softmax"),
    ("logsumexp", "logsumexp"), ("round", "round"), ("i0", "i0"), ("xlogy", "xlogy"),
    ("polygamma", "polygamma"), ("logit", "logit"), ("sinc", "sinc"), ("exp2", "exp2"),
    ("expm1", "expm1"), ("log1p", "log1p"),
])
def test_aliases_are_the_top_level_objects(alias, top) -> None:
    assert getattr(ag.special, alias) is getattr(ag, top)


def test_erfcx_tails() -> None:
    x = np.concatenate([np.linspace(-26.0, 40.0, 331), [25.99, 26.0, 1e3, 1e10, np.inf,
                                                         -np.inf, np.nan]])
    _compare("erfcx", x)
    # float32 away from the left tail, where PyTorch's float32 exp(x^2) loses digits
    _compare("erfcx", x[(x > -5) & (x < 30)].astype(np.float32), rtol=2e-6)


def test_log_ndtr_and_ndtr_tails() -> None:
    x = np.array([-1e3, -40.0, -10.0, -1.0, -0.999, 0.0, 3.0, 10.0, 40.0, np.inf, -np.inf])
    _compare("log_ndtr", x)
    # PyTorch's ndtr is (1 + erf(x / sqrt 2)) / 2, 0 below about -8.3; erfc keeps the tail
    _compare("ndtr", x, atol=1e-22)
    _compare("ndtri", np.array([0.0, 1e-6, 0.3, 0.5, 0.9, 1.0, -0.1, 1.1]), rtol=1e-9)


def test_bessel_scaled_and_entr_edges() -> None:
    x = np.array([-800.0, -8.0, -7.99, 0.0, 1e-9, 8.0, 8.01, 700.0, np.inf, np.nan])
    for name in ("i0e", "i1e"):
        _compare(name, x, atol=1e-300)
    _compare("entr", np.array([-1.0, 0.0, 1e-300, 0.5, 1.0, np.inf, np.nan]))
    _compare("xlog1py", np.array([0.0, 0.0, 2.0, 1.0]), np.array([np.nan, -1.0, 3.0, -1.0]))


def test_incomplete_gamma_edges_and_zeta_poles() -> None:
    a = np.array([0.0, 0.0, 1.0, np.inf, 2.0, -1.0, 1.0, 0.5, 100.0, 1e-3, 3.0])
    x = np.array([1.0, 0.0, 0.0, 2.0, np.inf, 1.0, -1.0, 1e-10, 105.0, 50.0, np.inf])
    _compare("gammainc", a, x, rtol=1e-8, atol=1e-12)
    _compare("gammaincc", a, x, rtol=1e-8, atol=1e-12)
    s = np.array([1.0, 0.5, 2.0, 2.0, 3.0, 2.5, 2.0, 40.0])
    q = np.array([1.0, 1.0, 0.0, -1.5, -2.5, -1.5, np.inf, 0.9])
    _compare("zeta", s, q)


def test_igamma_top_level_and_methods() -> None:
    torch = torch_or_skip()
    a = np.array([0.5, 2.0, 7.0])
    x = np.array([0.3, 2.5, 4.0])
    for name in ("igamma", "igammac"):
        want = getattr(torch, name)(torch.tensor(a), torch.tensor(x)).numpy()
        np.testing.assert_allclose(getattr(ag, name)(ag.tensor(a), ag.tensor(x)).numpy(), want,
                                   rtol=1e-12)
        np.testing.assert_allclose(getattr(ag.tensor(a), name)(ag.tensor(x)).numpy(), want,
                                   rtol=1e-12)
        t = ag.tensor(a)
        assert getattr(t, name + "_")(ag.tensor(x)) is t
        np.testing.assert_allclose(t.numpy(), want, rtol=1e-12)


def test_gradient_in_the_first_argument_is_not_implemented() -> None:
    x = ag.tensor([1.0, 2.0], dtype=ag.float64, requires_grad=True)
    a = ag.tensor([1.5, 3.0], dtype=ag.float64, requires_grad=True)
    for fn, what in ((ag.special.gammainc, "igamma: input"),
                     (ag.special.gammaincc, "igammac: input"), (ag.special.zeta, "zeta")):
        with pytest.raises(NotImplementedError, match=f"derivative for '{what}'"):
            fn(a, x).sum().backward()
    (g,) = ag.grad(ag.special.gammainc(a.detach(), x).sum(), x)
    torch = torch_or_skip()
    tx = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    (tg,) = torch.autograd.grad(torch.special.gammainc(torch.tensor([1.5, 3.0],
                                                                     dtype=torch.float64),
                                                        tx).sum(), tx)
    np.testing.assert_allclose(g.numpy(), tg.numpy(), rtol=1e-12)


def test_bad_input() -> None:
    t = ag.tensor([1.0, 2.0])
    with pytest.raises(TypeError, match="gammainc.*'other'.*must be Tensor, not float"):
        ag.special.gammainc(t, 2.0)
    with pytest.raises(TypeError, match="igammac.*'input'.*must be Tensor"):
        ag.igammac(1.0, t)
    with pytest.raises(NotImplementedError, match="gammainc.*int64"):
        ag.special.gammainc(ag.tensor([1, 2]), ag.tensor([1, 2]))
    with pytest.raises(TypeError):
        ag.special.erfcx([1.0, 2.0])


def test_integer_inputs_give_the_default_float_dtype() -> None:
    torch = torch_or_skip()
    for name in ("erfcx", "entr", "i0e", "i1e", "ndtr", "log_ndtr", "ndtri"):
        ours = getattr(ag.special, name)(ag.tensor([0, 1, 2]))
        theirs = getattr(torch.special, name)(torch.tensor([0, 1, 2]))
        assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1], name
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)
