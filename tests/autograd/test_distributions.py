"""ag.distributions against torch.distributions: log_prob, entropy, moments, cdf/icdf and KL
for broadcast parameter shapes, with the gradients of log_prob in the parameters; rsample's
reparameterized gradient by gradcheck through a fixed seed (the same noise at every call);
sample shapes and moments on large draws; PyTorch's validation errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from autograd import distributions as D
from tests.conftest import torch_or_skip

RNG = np.random.default_rng(0)


def _u(*shape, lo=0.5, hi=2.0):
    return RNG.uniform(lo, hi, shape)


def _spd(n, batch=()):
    a = RNG.normal(size=batch + (n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


_COV = _spd(3)
_TRIL = np.linalg.cholesky(_spd(3, (2,)))

# name, parameters (keyword -> array or number; arrays are made to require grad), a value
# in the support, the methods compared besides log_prob.
CASES = [
    ("Normal", {"loc": RNG.normal(size=(3, 1)), "scale": _u(4)}, RNG.normal(size=(3, 4)),
     "mean mode variance stddev entropy cdf icdf"),
    ("LogNormal", {"loc": RNG.normal(size=(3, 1)), "scale": _u(4)}, _u(3, 4),
     "mean mode variance entropy cdf icdf"),
    ("Uniform", {"low": _u(3, 1, lo=-2, hi=-1), "high": _u(4, lo=1, hi=2)},
     RNG.uniform(-1, 1, (3, 4)), "mean variance stddev entropy cdf icdf"),
    ("Exponential", {"rate": _u(3)}, _u(2, 3), "mean mode variance stddev entropy cdf icdf"),
    ("Laplace", {"loc": RNG.normal(size=(3, 1)), "scale": _u(4)}, RNG.normal(size=(4,)),
     "mean mode variance stddev entropy cdf icdf"),
    ("Cauchy", {"loc": RNG.normal(size=(3, 1)), "scale": _u(4)}, RNG.normal(size=(3, 4)),
     "mode entropy cdf icdf"),
    ("Gumbel", {"loc": RNG.normal(size=(3, 1)), "scale": _u(4)}, RNG.normal(size=(3, 4)),
     "mean mode variance stddev entropy cdf icdf"),
    ("StudentT", {"df": _u(3, 1, lo=2.5, hi=5), "loc": RNG.normal(size=(4,)), "scale": _u(4)},
     RNG.normal(size=(3, 4)), "mean mode variance entropy"),
    ("Gamma", {"concentration": _u(3, 1, lo=0.5, hi=3), "rate": _u(4)}, _u(3, 4),
     "mean mode variance entropy"),
    ("Chi2", {"df": _u(3, lo=1, hi=4)}, _u(2, 3), "mean variance entropy"),
    ("Beta", {"concentration1": _u(3, 1, lo=1.2, hi=3), "concentration0": _u(4, lo=1.2, hi=3)},
     _u(3, 4, lo=0.1, hi=0.9), "mean mode variance entropy"),
    ("Dirichlet", {"concentration": _u(2, 3, lo=1.1, hi=3)},
     np.array([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]]), "mean mode variance entropy"),
    ("Bernoulli", {"probs": _u(3, lo=0.1, hi=0.9)}, np.array([[0.0, 1.0, 1.0]]),
     "mean variance entropy"),
    ("Bernoulli", {"logits": RNG.normal(size=(2, 3))}, np.array([1.0, 0.0, 1.0]),
     "mean variance entropy"),
    ("Categorical", {"probs": _u(2, 4)}, np.array([[1, 3], [0, 2], [3, 3]]), "mode entropy"),
    ("Categorical", {"logits": RNG.normal(size=(2, 4))}, np.array([1, 3]), "mode entropy"),
    ("OneHotCategorical", {"probs": _u(2, 4)}, np.eye(4)[[1, 3]], "mean mode variance entropy"),
    ("Poisson", {"rate": _u(3)}, np.array([[0.0, 2.0, 5.0]]), "mean mode variance"),
    ("Binomial", {"total_count": 5, "probs": _u(3, lo=0.1, hi=0.9)}, np.array([0.0, 2.0, 5.0]),
     "mean mode variance entropy"),
    ("Binomial", {"total_count": 4, "logits": RNG.normal(size=(2, 3))}, np.array([1.0, 4.0, 0.0]),
     "mean variance"),
    ("MultivariateNormal", {"loc": RNG.normal(size=(2, 3)), "covariance_matrix": _COV},
     RNG.normal(size=(4, 1, 3)), "mean mode variance entropy"),
    ("MultivariateNormal", {"loc": RNG.normal(size=(3,)), "scale_tril": _TRIL},
     RNG.normal(size=(2, 3)), "mean variance stddev entropy"),
    ("MultivariateNormal", {"loc": RNG.normal(size=(3,)), "precision_matrix": _COV},
     RNG.normal(size=(3,)), "mean variance entropy"),
]
IDS = [f"{c[0]}-{next(iter(p for p in c[1] if p not in ('loc', 'total_count')))}"
       for c in CASES]
INTEGER_VALUES = ("Categorical",)


def _np(t):
    return t.detach().cpu().numpy()


def _make(name, params, device, torch=None):
    """The distribution in ag (on ``device``) or torch, with float64 parameters that require
    grad; returns it and the list of those leaves."""
    leaves, kwargs = [], {}
    for key, value in params.items():
        if isinstance(value, np.ndarray):
            if torch is None:
                value = ag.tensor(value, dtype=ag.float64, device=device, requires_grad=True)
            else:
                value = torch.tensor(value, dtype=torch.float64, requires_grad=True)
            leaves.append(value)
        kwargs[key] = value
    lib = D if torch is None else torch.distributions
    return getattr(lib, name)(**kwargs), leaves


def _value(name, value, device, torch=None):
    if torch is not None:
        dtype = torch.int64 if name in INTEGER_VALUES else torch.float64
        return torch.tensor(value, dtype=dtype)
    return ag.tensor(value, dtype=ag.int64 if name in INTEGER_VALUES else ag.float64,
                     device=device)


@pytest.mark.parametrize("name, params, value, methods", CASES, ids=IDS)
def test_matches_torch_with_gradients(name, params, value, methods, device):
    torch = torch_or_skip()
    d, leaves = _make(name, params, device)
    td, tleaves = _make(name, params, device, torch)
    assert tuple(d.batch_shape) == tuple(td.batch_shape)
    assert tuple(d.event_shape) == tuple(td.event_shape)
    lp = d.log_prob(_value(name, value, device))
    tlp = td.log_prob(_value(name, value, device, torch))
    assert tuple(lp.shape) == tuple(tlp.shape)
    np.testing.assert_allclose(_np(lp), tlp.detach().numpy(), rtol=1e-9, atol=1e-10)
    total, ttotal = lp.sum(), tlp.sum()
    for method in methods.split():
        if method in ("cdf", "icdf"):
            arg = np.clip(value, 0.05, 0.95) if method == "icdf" else value
            got = getattr(d, method)(_value(name, arg, device))
            want = getattr(td, method)(_value(name, arg, device, torch))
        elif method == "entropy":
            got, want = d.entropy(), td.entropy()
        else:
            got, want = getattr(d, method), getattr(td, method)
        assert tuple(got.shape) == tuple(want.shape), method
        np.testing.assert_allclose(_np(got), want.detach().numpy(), rtol=1e-9, atol=1e-10,
                                   err_msg=method)
        if want.dtype.is_floating_point and want.requires_grad:
            finite = np.isfinite(want.detach().numpy())
            mask = finite.astype(float)
            total = total + (got * ag.tensor(mask, device=device)).nan_to_num().sum()
            ttotal = ttotal + (want * torch.tensor(mask)).nan_to_num().sum()
    grads = ag.grad(total, leaves)
    tgrads = torch.autograd.grad(ttotal, tleaves)
    for g, tg in zip(grads, tgrads):
        np.testing.assert_allclose(_np(g), tg.numpy(), rtol=1e-7, atol=1e-9)


RSAMPLE = [
    ("Normal", {"loc": RNG.normal(size=(2, 1)), "scale": _u(3)}),
    ("LogNormal", {"loc": RNG.normal(size=(2,)), "scale": _u(2)}),
    ("Uniform", {"low": _u(2, 1, lo=-2, hi=-1), "high": _u(3)}),
    ("Exponential", {"rate": _u(3)}),
    ("Laplace", {"loc": RNG.normal(size=(3,)), "scale": _u(3)}),
    ("Cauchy", {"loc": RNG.normal(size=(3,)), "scale": _u(3)}),
    ("Gumbel", {"loc": RNG.normal(size=(3,)), "scale": _u(1)}),
    ("MultivariateNormal", {"loc": RNG.normal(size=(2, 3)), "scale_tril": _TRIL}),
    ("MultivariateNormal", {"loc": RNG.normal(size=(3,)), "covariance_matrix": _COV}),
]


@pytest.mark.parametrize("name, params", RSAMPLE, ids=[r[0] for r in RSAMPLE])
def test_rsample_is_reparameterized(name, params, device):
    keys = [k for k, v in params.items() if isinstance(v, np.ndarray)]

    def draw(*values):
        ag.manual_seed(7)  # the same noise at every call: a deterministic function of values
        kwargs = dict(zip(keys, values))
        if "scale_tril" in kwargs:  # gradcheck perturbs the zeros above the diagonal too
            kwargs["scale_tril"] = kwargs["scale_tril"].tril()
        return getattr(D, name)(**kwargs).rsample((2,))

    inputs = [ag.tensor(params[k], dtype=ag.float64, device=device, requires_grad=True)
              for k in keys]
    d = getattr(D, name)(**dict(zip(keys, inputs)))
    assert d.has_rsample
    s = draw(*inputs)
    assert s.requires_grad and tuple(s.shape) == (2,) + d.batch_shape + d.event_shape
    assert not d.sample((2,)).requires_grad
    if name == "MultivariateNormal" and "covariance_matrix" in keys:
        return _check_mvn_covariance_gradient(draw, inputs)
    assert ag.gradcheck(draw, inputs)


def _check_mvn_covariance_gradient(draw, inputs):
    # cholesky's gradient treats the matrix as symmetric: perturb symmetrically
    loc, cov = inputs

    def symmetric(loc, a):
        return draw(loc, (a + a.mT) / 2)

    assert ag.gradcheck(symmetric, [loc, cov])


def test_gamma_family_has_no_rsample():
    for d in (D.Gamma(ag.tensor([2.0]), 1.0), D.Beta(ag.tensor([2.0]), 1.0),
              D.Dirichlet(ag.tensor([2.0, 1.0])), D.StudentT(ag.tensor([3.0])),
              D.Bernoulli(probs=ag.tensor([0.3])), D.Categorical(probs=ag.tensor([0.3, 0.7]))):
        assert not d.has_rsample
        with pytest.raises(NotImplementedError):
            d.rsample()


MOMENTS = [
    D.Normal(ag.tensor([0.0, 2.0]), ag.tensor([1.0, 0.5])),
    D.LogNormal(ag.tensor([0.0, 0.5]), 0.3),
    D.Uniform(ag.tensor([-1.0, 0.0]), ag.tensor([1.0, 5.0])),
    D.Exponential(ag.tensor([0.5, 3.0])),
    D.Laplace(ag.tensor([1.0, -1.0]), 0.7),
    D.Gumbel(ag.tensor([1.0, -1.0]), 0.7),
    D.StudentT(ag.tensor([5.0, 8.0]), 1.0, 2.0),
    D.Gamma(ag.tensor([0.3, 1.0, 4.0]), ag.tensor([1.0, 2.0, 0.5])),
    D.Chi2(ag.tensor([1.0, 3.0])),
    D.Beta(ag.tensor([0.5, 2.0]), ag.tensor([0.7, 5.0])),
    D.Dirichlet(ag.tensor([[0.5, 2.0, 3.0], [1.0, 1.0, 1.0]])),
    D.Bernoulli(logits=ag.tensor([-1.0, 0.5])),
    D.Categorical(probs=ag.tensor([0.1, 0.2, 0.7])),
    D.OneHotCategorical(probs=ag.tensor([[0.1, 0.2, 0.7], [0.5, 0.5, 0.0]])),
    D.Poisson(ag.tensor([0.5, 4.0])),
    D.Binomial(ag.tensor([3.0, 10.0]), probs=ag.tensor([0.2, 0.6])),
    D.MultivariateNormal(ag.tensor([1.0, -1.0]),
                         covariance_matrix=ag.tensor([[2.0, 0.5], [0.5, 1.0]])),
    D.Independent(D.Normal(ag.zeros(2, 3), 2.0), 1),
]


@pytest.mark.parametrize("dist", MOMENTS, ids=lambda d: type(d).__name__)
def test_samples_have_the_right_shape_device_and_moments(dist, device):
    d = dist.expand(dist.batch_shape)  # the same distribution, parameters as views
    moved = {k: v.to(device) for k, v in vars(d).items() if isinstance(v, ag.Tensor)}
    d.__dict__.update(moved)
    if isinstance(d, (D.OneHotCategorical, D.Independent)):
        inner = "_categorical" if isinstance(d, D.OneHotCategorical) else "base_dist"
        sub = getattr(d, inner)
        sub.__dict__.update({k: v.to(device) for k, v in vars(sub).items()
                             if isinstance(v, ag.Tensor)})
    ag.manual_seed(3)
    n = 40000
    s = d.sample((n,))
    assert tuple(s.shape) == (n,) + d.batch_shape + d.event_shape
    assert str(s.device) == str(ag.tensor(0.0, device=device).device)
    assert bool(d.support.check(s).all())
    small = d.sample((2, 3))
    assert tuple(small.shape) == (2, 3) + d.batch_shape + d.event_shape
    x = _np(s).astype(np.float64)
    if isinstance(d, D.Categorical):
        freq = np.bincount(x.astype(int), minlength=3) / n
        np.testing.assert_allclose(freq, _np(d.probs), atol=0.01)
        return
    mean, var = _np(d.mean), _np(d.variance)
    np.testing.assert_allclose(x.mean(0), mean, atol=5 * np.sqrt(var.max() / n) + 1e-3)
    np.testing.assert_allclose(x.var(0), var, rtol=0.1, atol=1e-3)


@pytest.mark.parametrize("pair", [
    ("Normal", {"loc": RNG.normal(size=(3, 1)), "scale": _u(4)},
     {"loc": RNG.normal(size=(4,)), "scale": _u(3, 1)}),
    ("Bernoulli", {"probs": _u(3, lo=0.1, hi=0.9)}, {"logits": RNG.normal(size=(3,))}),
    ("Categorical", {"probs": _u(2, 4)}, {"logits": RNG.normal(size=(4,))}),
    ("OneHotCategorical", {"probs": _u(2, 4)}, {"probs": _u(4)}),
    ("Uniform", {"low": _u(3, lo=-1, hi=-0.5), "high": _u(3, lo=0.5, hi=1)},
     {"low": np.array([-2.0, -0.7, -3.0]), "high": np.array([2.0, 3.0, 0.8])}),
    ("Exponential", {"rate": _u(3)}, {"rate": _u(2, 1)}),
    ("Gamma", {"concentration": _u(3), "rate": _u(3)}, {"concentration": _u(3), "rate": _u(1)}),
    ("Beta", {"concentration1": _u(3), "concentration0": _u(3)},
     {"concentration1": _u(2, 1), "concentration0": _u(3)}),
    ("Laplace", {"loc": RNG.normal(size=(3,)), "scale": _u(3)},
     {"loc": RNG.normal(size=(3,)), "scale": _u(3)}),
    ("Dirichlet", {"concentration": _u(2, 3)}, {"concentration": _u(3)}),
    ("Poisson", {"rate": _u(3)}, {"rate": _u(3)}),
    ("MultivariateNormal", {"loc": RNG.normal(size=(2, 3)), "covariance_matrix": _COV},
     {"loc": RNG.normal(size=(3,)), "scale_tril": _TRIL}),
], ids=lambda p: p[0] if isinstance(p, tuple) else "")
def test_kl_divergence_matches_torch(pair, device):
    torch = torch_or_skip()
    name, pp, qp = pair
    p, p_leaves = _make(name, pp, device)
    q, q_leaves = _make(name, qp, device)
    tp, tp_leaves = _make(name, pp, device, torch)
    tq, tq_leaves = _make(name, qp, device, torch)
    kl = D.kl_divergence(p, q)
    tkl = torch.distributions.kl_divergence(tp, tq)
    assert tuple(kl.shape) == tuple(tkl.shape)
    np.testing.assert_allclose(_np(kl), tkl.detach().numpy(), rtol=1e-9, atol=1e-10)
    finite = np.isfinite(tkl.detach().numpy()).astype(float)
    grads = ag.grad((kl * ag.tensor(finite, device=device)).nan_to_num().sum(),
                    p_leaves + q_leaves)
    tgrads = torch.autograd.grad((tkl * torch.tensor(finite)).nan_to_num().sum(),
                                 tp_leaves + tq_leaves)
    for g, tg in zip(grads, tgrads):
        np.testing.assert_allclose(_np(g), tg.numpy(), rtol=1e-7, atol=1e-9)


def test_kl_independent_and_infinite_cases_and_unregistered_pairs():
    torch = torch_or_skip()
    TD = torch.distributions
    loc, scale = RNG.normal(size=(2, 3)), _u(2, 3)
    p = D.Independent(D.Normal(ag.tensor(loc), ag.tensor(scale)), 1)
    q = D.Independent(D.Normal(ag.zeros(2, 3, dtype=ag.float64), 1.0), 1)
    tp = TD.Independent(TD.Normal(torch.tensor(loc), torch.tensor(scale)), 1)
    tq = TD.Independent(TD.Normal(torch.zeros(2, 3, dtype=torch.float64), 1.0), 1)
    np.testing.assert_allclose(_np(D.kl_divergence(p, q)), TD.kl_divergence(tp, tq).numpy())
    zero = D.Bernoulli(probs=ag.tensor([0.0, 0.5, 1.0]))
    half = D.Bernoulli(probs=ag.tensor([0.5, 0.0, 1.0]))
    want = TD.kl_divergence(TD.Bernoulli(probs=torch.tensor([0.0, 0.5, 1.0])),
                            TD.Bernoulli(probs=torch.tensor([0.5, 0.0, 1.0])))
    np.testing.assert_allclose(_np(D.kl_divergence(zero, half)), want.numpy(), rtol=1e-6)
    with pytest.raises(NotImplementedError, match="No KL.*Normal.*Cauchy"):
        D.kl_divergence(D.Normal(0.0, 1.0), D.Cauchy(0.0, 1.0))
    with pytest.raises(NotImplementedError, match="different exponential families"):
        D.kl_divergence(D.Normal(0.0, 1.0), zero)
    with pytest.raises(NotImplementedError):
        D.kl_divergence(p, D.Independent(D.Normal(ag.zeros(2, 3), 1.0), 2))


def test_register_kl_dispatches_to_the_most_specific_pair():
    class MyNormal(D.Normal):
        pass

    @D.register_kl(MyNormal, D.Normal)
    def _kl(p, q):
        return ag.tensor(42.0)

    assert D.kl_divergence(MyNormal(0.0, 1.0), D.Normal(0.0, 1.0)).item() == 42.0
    assert D.kl_divergence(D.Normal(0.0, 1.0), D.Normal(0.0, 1.0)).item() == 0.0
    assert D.kl_divergence(D.Normal(0.0, 1.0), MyNormal(1.0, 1.0)).item() == 0.5
    with pytest.raises(TypeError, match="Distribution subclass"):
        D.register_kl(int, D.Normal)


def test_enumerate_support_matches_torch():
    torch = torch_or_skip()
    TD = torch.distributions
    p = RNG.uniform(0.1, 0.9, (2, 3))
    pairs = [
        (D.Bernoulli(probs=ag.tensor(p)), TD.Bernoulli(probs=torch.tensor(p))),
        (D.Categorical(probs=ag.tensor(p)), TD.Categorical(probs=torch.tensor(p))),
        (D.OneHotCategorical(probs=ag.tensor(p)), TD.OneHotCategorical(probs=torch.tensor(p))),
        (D.Binomial(4, probs=ag.tensor(p)), TD.Binomial(4, probs=torch.tensor(p))),
    ]
    for d, td in pairs:
        assert d.has_enumerate_support and td.has_enumerate_support
        for expand in (True, False):
            got, want = d.enumerate_support(expand), td.enumerate_support(expand)
            assert tuple(got.shape) == tuple(want.shape)
            np.testing.assert_array_equal(_np(got), want.numpy())
    with pytest.raises(NotImplementedError, match="Inhomogeneous"):
        D.Binomial(ag.tensor([2.0, 3.0]), probs=ag.tensor(0.5)).enumerate_support()


def test_expand_and_independent_shapes():
    d = D.Normal(ag.tensor([0.0, 1.0, 2.0]), 1.0)
    e = d.expand((4, 3))
    assert e.batch_shape == (4, 3) and d.batch_shape == (3,)
    assert tuple(e.log_prob(ag.zeros(4, 3)).shape) == (4, 3)
    assert tuple(e.sample((2,)).shape) == (2, 4, 3)
    ind = D.Independent(d, 1)
    assert ind.batch_shape == () and ind.event_shape == (3,) and ind.has_rsample
    assert tuple(ind.log_prob(ag.zeros(5, 3)).shape) == (5,)
    assert ind.expand((2,)).batch_shape == (2,)
    c = D.OneHotCategorical(probs=ag.tensor([0.2, 0.8])).expand((5,))
    assert c.batch_shape == (5,) and tuple(c.sample().shape) == (5, 2)
    m = D.MultivariateNormal(ag.zeros(2), scale_tril=ag.eye(2)).expand((3,))
    assert m.batch_shape == (3,) and tuple(m.rsample().shape) == (3, 2)


BAD = [
    ("Normal", lambda L: L.Normal(L_t(L, [0.0]), L_t(L, [-1.0])), ValueError, "scale"),
    ("Normal value", lambda L: L.Normal(0.0, 1.0).log_prob(1.0), ValueError, "must be a Tensor"),
    ("Exponential support", lambda L: L.Exponential(L_t(L, [1.0])).log_prob(L_t(L, [-1.0])),
     ValueError, "support"),
    ("Bernoulli probs", lambda L: L.Bernoulli(probs=L_t(L, [1.5])), ValueError, "probs"),
    ("Bernoulli both", lambda L: L.Bernoulli(), ValueError, "Either `probs` or `logits`"),
    ("Bernoulli support", lambda L: L.Bernoulli(probs=L_t(L, [0.3])).log_prob(L_t(L, [0.5])),
     ValueError, "support"),
    ("Categorical probs", lambda L: L.Categorical(probs=L_t(L, [0.5, -0.1])), ValueError,
     "probs"),
    ("Categorical 0-d", lambda L: L.Categorical(probs=L_t(L, 1.0)), ValueError,
     "one-dimensional"),
    ("Categorical shape", lambda L: L.Categorical(probs=L_t(L, [[0.5, 0.5]] * 3)).log_prob(
        L_t(L, [0.0, 1.0])), ValueError, "broadcastable"),
    ("Uniform", lambda L: L.Uniform(L_t(L, [1.0]), L_t(L, [0.0])), ValueError, "low"),
    ("Gamma", lambda L: L.Gamma(L_t(L, [0.0]), L_t(L, [1.0])), ValueError, "concentration"),
    ("Beta support", lambda L: L.Beta(L_t(L, [2.0]), 2.0).log_prob(L_t(L, [1.5])), ValueError,
     "support"),
    ("Dirichlet support", lambda L: L.Dirichlet(L_t(L, [1.0, 1.0])).log_prob(L_t(L, [0.5, 0.7])),
     ValueError, "support"),
    ("Poisson rate", lambda L: L.Poisson(L_t(L, [-1.0])), ValueError, "rate"),
    ("Binomial count", lambda L: L.Binomial(L_t(L, [2.5]), probs=L_t(L, [0.5])), ValueError,
     "total_count"),
    ("MVN cov", lambda L: L.MultivariateNormal(L_t(L, [0.0, 0.0]),
                                               L_t(L, [[1.0, 2.0], [2.0, 1.0]])),
     ValueError, "covariance_matrix"),
    ("MVN tril", lambda L: L.MultivariateNormal(L_t(L, [0.0, 0.0]),
                                                scale_tril=L_t(L, [[1.0, 1.0], [0.0, 1.0]])),
     ValueError, "scale_tril"),
    ("MVN loc", lambda L: L.MultivariateNormal(L_t(L, 0.0), L_t(L, [[1.0]])), ValueError,
     "loc must be at least one-dimensional"),
    ("MVN two", lambda L: L.MultivariateNormal(L_t(L, [0.0]), L_t(L, [[1.0]]),
                                               scale_tril=L_t(L, [[1.0]])),
     ValueError, "Exactly one"),
    ("MVN event", lambda L: L.MultivariateNormal(L_t(L, [0.0, 0.0]), L_t(L, [[1.0, 0.0],
                                                                             [0.0, 1.0]]))
     .log_prob(L_t(L, [0.0, 0.0, 0.0])), ValueError, "event_shape"),
    ("Independent", lambda L: L.Independent(L.Normal(L_t(L, [0.0]), 1.0), 2), ValueError,
     "reinterpreted_batch_ndims"),
]


def L_t(L, value):
    """A float tensor of ``value`` in the library ``L`` belongs to."""
    if L is D:
        return ag.tensor(value)
    import torch

    return torch.tensor(value)


@pytest.mark.parametrize("name, call, error, words", BAD, ids=[b[0] for b in BAD])
def test_validation_errors_are_pytorchs(name, call, error, words):
    torch = torch_or_skip()
    with pytest.raises(error, match=words):
        call(D)
    with pytest.raises(error):
        call(torch.distributions)


def test_validation_can_be_turned_off():
    bad = ag.tensor([-1.0])
    with pytest.raises(ValueError, match="GreaterThan"):
        D.Normal(0.0, bad)
    assert math.isnan(D.Normal(0.0, bad, validate_args=False).log_prob(ag.tensor(0.0)).item())
    D.Distribution.set_default_validate_args(False)
    try:
        D.Normal(0.0, bad)
        D.Exponential(ag.tensor(1.0)).log_prob(ag.tensor(-1.0))
    finally:
        D.Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError):
        D.Distribution.set_default_validate_args(2)
    with pytest.raises(ValueError):
        D.Normal(0.0, bad)


def test_constraints_check_like_torch():
    torch = torch_or_skip()
    C, TC = D.constraints, torch.distributions.constraints
    x = np.array([[0.2, 0.8], [-1.0, 2.0], [0.0, 1.0]])
    for name in ("real", "positive", "nonnegative", "unit_interval", "boolean", "simplex",
                 "nonnegative_integer", "real_vector", "one_hot"):
        got = getattr(C, name).check(ag.tensor(x))
        want = getattr(TC, name).check(torch.tensor(x))
        np.testing.assert_array_equal(_np(got), want.numpy(), err_msg=name)
        assert getattr(C, name).event_dim == getattr(TC, name).event_dim, name
        assert getattr(C, name).is_discrete == getattr(TC, name).is_discrete, name
    got = C.interval(-0.5, 1.0).check(ag.tensor(x))
    np.testing.assert_array_equal(_np(got), TC.interval(-0.5, 1.0).check(torch.tensor(x)))
    assert C.is_dependent(C.dependent) and not C.is_dependent(C.real)
    with pytest.raises(ValueError, match="dependent"):
        C.dependent.check(ag.tensor(x))
