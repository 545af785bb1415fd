"""The rest of torch.distributions in ag.distributions, against PyTorch: the transforms and
the constraint registry (values, inverses, log-Jacobians and their gradients, shapes),
TransformedDistribution, and the families added beside the first ones (log_prob, moments,
cdf/icdf and entropy with their parameter gradients, reparameterized samples by gradcheck
through a fixed seed, sample shapes and moments, PyTorch's validation errors) and their KL
divergences."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from autograd import distributions as D
from autograd.distributions import constraints as C
from autograd.distributions import transforms as T
from tests.autograd.test_distributions import _make, _np, _value
from tests.conftest import torch_or_skip

RNG = np.random.default_rng(1)


def _u(*shape, lo=0.5, hi=2.0):
    return RNG.uniform(lo, hi, shape)


def _simplex(*shape):
    x = RNG.uniform(0.1, 1.0, shape)
    return x / x.sum(-1, keepdims=True)


_W = RNG.normal(size=(3, 2))

# name, parameters (arrays become float64 leaves that require grad), a value in the support,
# the methods compared besides log_prob.
CASES = [
    ("HalfNormal", {"scale": _u(3)}, _u(2, 3), "mean mode variance stddev entropy cdf icdf"),
    ("HalfCauchy", {"scale": _u(3)}, _u(2, 3), "mean mode variance entropy cdf icdf"),
    ("Geometric", {"probs": _u(3, lo=0.1, hi=0.9)}, np.array([[0.0, 2.0, 5.0]]),
     "mean mode variance entropy"),
    ("Geometric", {"logits": RNG.normal(size=(2, 3))}, np.array([1.0, 0.0, 3.0]),
     "mean variance entropy"),
    ("NegativeBinomial", {"total_count": _u(3, 1, lo=1, hi=5), "probs": _u(4, lo=0.1, hi=0.9)},
     np.array([0.0, 1.0, 3.0, 7.0]), "mean mode variance"),
    ("NegativeBinomial", {"total_count": 3.0, "logits": RNG.normal(size=(3,))},
     np.array([[2.0, 0.0, 4.0]]), "mean mode variance"),
    ("Multinomial", {"total_count": 5, "probs": _u(2, 4)},
     np.array([[1.0, 2.0, 0.0, 2.0], [0.0, 0.0, 5.0, 0.0]]), "mean variance entropy"),
    ("Multinomial", {"total_count": 3, "logits": RNG.normal(size=(4,))},
     np.array([1.0, 0.0, 0.0, 2.0]), "mean variance entropy"),
    ("Weibull", {"scale": _u(3, 1), "concentration": _u(4, lo=1.2, hi=3)}, _u(3, 4),
     "mean mode variance entropy cdf icdf"),
    ("Pareto", {"scale": _u(3, lo=0.5, hi=1.0), "alpha": _u(3, lo=2.5, hi=4)},
     _u(2, 3, lo=1.0, hi=3.0), "mean mode variance entropy cdf icdf"),
    ("Kumaraswamy", {"concentration1": _u(3, 1, lo=1.2, hi=3),
                     "concentration0": _u(4, lo=1.2, hi=3)},
     _u(3, 4, lo=0.1, hi=0.9), "mean mode variance entropy cdf icdf"),
    ("InverseGamma", {"concentration": _u(3, 1, lo=2.5, hi=4), "rate": _u(4)}, _u(3, 4),
     "mean mode variance entropy"),
    ("FisherSnedecor", {"df1": _u(3, 1, lo=2.5, hi=5), "df2": _u(4, lo=4.5, hi=8)}, _u(3, 4),
     "mean mode variance"),
    ("LogisticNormal", {"loc": RNG.normal(size=(2, 3)), "scale": _u(3)}, _simplex(2, 4), ""),
    ("ContinuousBernoulli", {"probs": np.array([0.2, 0.4995, 0.5004, 0.8])},
     _u(3, 4, lo=0.05, hi=0.95), "mean variance stddev entropy cdf icdf"),
    ("ContinuousBernoulli", {"logits": RNG.normal(size=(3,))}, _u(3, lo=0.05, hi=0.95),
     "mean variance entropy cdf icdf"),
    ("RelaxedBernoulli", {"temperature": np.array(0.7), "probs": _u(3, lo=0.1, hi=0.9)},
     _u(2, 3, lo=0.1, hi=0.9), ""),
    ("RelaxedBernoulli", {"temperature": np.array([1.3]), "logits": RNG.normal(size=(3,))},
     _u(3, lo=0.1, hi=0.9), ""),
    ("RelaxedOneHotCategorical", {"temperature": np.array(0.6), "probs": _u(2, 3)},
     _simplex(2, 3), ""),
    ("RelaxedOneHotCategorical", {"temperature": np.array(1.6),
                                  "logits": RNG.normal(size=(3,))}, _simplex(2, 3), ""),
    ("LowRankMultivariateNormal", {"loc": RNG.normal(size=(2, 3)), "cov_factor": _W,
                                   "cov_diag": _u(3)}, RNG.normal(size=(4, 1, 3)),
     "mean mode variance entropy covariance_matrix precision_matrix scale_tril"),
    ("VonMises", {"loc": RNG.normal(size=(3, 1)), "concentration": np.array([0.5, 2.0, 5.0,
                                                                             9.0])},
     RNG.uniform(-3, 3, (3, 4)), "mean mode variance"),
]
IDS = [f"{c[0]}-{'-'.join(k for k in c[1] if k in ('probs', 'logits')) or len(c[2])}"
       for c in CASES]


def _compare(name, got, want, err_msg):
    assert tuple(got.shape) == tuple(want.shape), err_msg
    # PyTorch's Multinomial entropy takes lgamma(total_count + 1) in float32
    rtol = 1e-7 if (name, err_msg) == ("Multinomial", "entropy") else 1e-9
    np.testing.assert_allclose(_np(got), want.detach().numpy(), rtol=rtol, atol=1e-10,
                               err_msg=err_msg)


@pytest.mark.parametrize("name, params, value, methods", CASES, ids=IDS)
def test_matches_torch_with_gradients(name, params, value, methods, device):
    torch = torch_or_skip()
    d, leaves = _make(name, params, device)
    td, tleaves = _make(name, params, device, torch)
    assert tuple(d.batch_shape) == tuple(td.batch_shape)
    assert tuple(d.event_shape) == tuple(td.event_shape)
    assert d.has_rsample == td.has_rsample or name in ("InverseGamma", "FisherSnedecor")
    lp = d.log_prob(_value(name, value, device))
    tlp = td.log_prob(_value(name, value, device, torch))
    _compare(name, lp, tlp, "log_prob")
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
        _compare(name, got, want, method)
        if want.requires_grad:
            mask = np.isfinite(want.detach().numpy()).astype(float)
            total = total + (got * ag.tensor(mask, device=device)).nan_to_num().sum()
            ttotal = ttotal + (want * torch.tensor(mask)).nan_to_num().sum()
    grads = ag.grad(total, leaves)
    tgrads = torch.autograd.grad(ttotal, tleaves)
    for g, tg in zip(grads, tgrads):
        np.testing.assert_allclose(_np(g), tg.numpy(), rtol=1e-7, atol=1e-9)


def test_gamma_cdf_matches_torch_with_the_rate_gradient(device):
    torch = torch_or_skip()
    a, rate, x = _u(3, 1, lo=0.5, hi=3), _u(4), _u(3, 4)
    r = ag.tensor(rate, device=device, requires_grad=True)
    v = ag.tensor(x, device=device, requires_grad=True)
    tr = torch.tensor(rate, requires_grad=True)
    tv = torch.tensor(x, requires_grad=True)
    got = D.Gamma(ag.tensor(a, device=device), r).cdf(v)
    want = torch.distributions.Gamma(torch.tensor(a), tr).cdf(tv)
    np.testing.assert_allclose(_np(got), want.detach().numpy(), rtol=1e-9)
    for g, tg in zip(ag.grad(got.sum(), [r, v]), torch.autograd.grad(want.sum(), [tr, tv])):
        np.testing.assert_allclose(_np(g), tg.numpy(), rtol=1e-7)


_AFF_LOC, _AFF_SCALE, _EVENT_SCALE = RNG.normal(size=(3,)), _u(2, 1) * [[1], [-1]], _u(3)

# transform, how to build it in a library L (ag.distributions or torch.distributions), its
# input; each compared in value, inverse, log-Jacobian (with gradients), shapes, sign.
TRANSFORMS = [
    ("Exp", lambda L, t: L.transforms.ExpTransform(), RNG.normal(size=(2, 3))),
    ("Affine", lambda L, t: L.transforms.AffineTransform(t(_AFF_LOC), t(_AFF_SCALE)),
     RNG.normal(size=(2, 3))),
    ("Affine-number", lambda L, t: L.transforms.AffineTransform(0.5, -2.0),
     RNG.normal(size=(2, 3))),
    ("Affine-event", lambda L, t: L.transforms.AffineTransform(1.0, t(_EVENT_SCALE),
                                                               event_dim=1),
     RNG.normal(size=(2, 3))),
    ("Sigmoid", lambda L, t: L.transforms.SigmoidTransform(), RNG.normal(size=(2, 3))),
    ("Tanh", lambda L, t: L.transforms.TanhTransform(), RNG.normal(size=(2, 3))),
    ("Abs", lambda L, t: L.transforms.AbsTransform(), RNG.normal(size=(2, 3))),
    ("Power", lambda L, t: L.transforms.PowerTransform(t(np.array([0.5, -1.5, 2.0]))),
     _u(2, 3)),
    ("Softmax", lambda L, t: L.transforms.SoftmaxTransform(), RNG.normal(size=(2, 3))),
    ("StickBreaking", lambda L, t: L.transforms.StickBreakingTransform(),
     RNG.normal(size=(2, 3))),
    ("LowerCholesky", lambda L, t: L.transforms.LowerCholeskyTransform(),
     RNG.normal(size=(2, 3, 3))),
    ("PositiveDefinite", lambda L, t: L.transforms.PositiveDefiniteTransform(),
     RNG.normal(size=(2, 3, 3))),
    ("Compose", lambda L, t: L.transforms.ComposeTransform([
        L.transforms.AffineTransform(0.3, 2.0), L.transforms.SigmoidTransform(),
        L.transforms.PowerTransform(t(np.array(2.0)))]), RNG.normal(size=(2, 3))),
    ("Compose-event", lambda L, t: L.transforms.ComposeTransform([
        L.transforms.ExpTransform(), L.transforms.StickBreakingTransform()]),
     RNG.normal(size=(2, 3))),
    ("Independent", lambda L, t: L.transforms.IndependentTransform(
        L.transforms.ExpTransform(), 1), RNG.normal(size=(2, 3))),
    ("Reshape", lambda L, t: L.transforms.ReshapeTransform((2, 3), (3, 2)),
     RNG.normal(size=(4, 2, 3))),
    ("Inverse", lambda L, t: L.transforms.SigmoidTransform().inv, _u(2, 3, lo=0.1, hi=0.9)),
    ("Identity", lambda L, t: L.transforms.ComposeTransform([]), RNG.normal(size=(2, 3))),
]


@pytest.mark.parametrize("name, build, x", TRANSFORMS, ids=[t[0] for t in TRANSFORMS])
def test_transforms_match_torch(name, build, x, device):
    torch = torch_or_skip()
    tr = build(D, lambda a: ag.tensor(a, device=device))
    ttr = build(torch.distributions, torch.tensor)
    xin = ag.tensor(x, device=device, requires_grad=True)
    txin = torch.tensor(x, requires_grad=True)
    y, ty = tr(xin), ttr(txin)
    np.testing.assert_allclose(_np(y), ty.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(_np(tr.inv(y)), ttr.inv(ty).detach().numpy(), rtol=1e-10,
                               atol=1e-12)
    for attr in ("bijective",):
        assert getattr(tr, attr) == getattr(ttr, attr)
    assert tr.domain.event_dim == ttr.domain.event_dim
    assert tr.codomain.event_dim == ttr.codomain.event_dim
    assert type(tr.codomain).__name__ == type(ttr.codomain).__name__
    assert tuple(tr.forward_shape(x.shape)) == tuple(ttr.forward_shape(x.shape))
    assert tuple(tr.inverse_shape(tuple(y.shape))) == tuple(ttr.inverse_shape(ty.shape))
    assert bool(tr.codomain.check(y.detach()).all())
    try:
        tsign = ttr.sign
    except NotImplementedError:
        with pytest.raises(NotImplementedError):
            tr.sign
    else:
        np.testing.assert_array_equal(np.asarray(_np(tr.sign) if isinstance(tr.sign, ag.Tensor)
                                                 else tr.sign),
                                      np.asarray(tsign.numpy() if torch.is_tensor(tsign)
                                                 else tsign))
    try:
        tldj = ttr.log_abs_det_jacobian(txin, ty)
    except NotImplementedError:
        with pytest.raises(NotImplementedError):
            tr.log_abs_det_jacobian(xin, y)
        total, ttotal = y.sum(), ty.sum()
    else:
        ldj = tr.log_abs_det_jacobian(xin, y)
        assert tuple(ldj.shape) == tuple(tldj.shape)
        np.testing.assert_allclose(_np(ldj), tldj.detach().numpy(), rtol=1e-10, atol=1e-12)
        total, ttotal = y.sum() + ldj.sum(), ty.sum() + tldj.sum()
    np.testing.assert_allclose(_np(ag.grad(total, [xin])[0]),
                               torch.autograd.grad(ttotal, [txin])[0].numpy(), rtol=1e-8,
                               atol=1e-10)


@pytest.mark.parametrize("name", ["Exp", "Sigmoid", "Tanh", "StickBreaking", "Compose",
                                  "Affine-event"])
def test_transform_log_det_is_gradchecked(name, device):
    build, x = next((b, x) for n, b, x in TRANSFORMS if n == name)
    tr = build(D, lambda a: ag.tensor(a, device=device))
    xin = ag.tensor(x, device=device, requires_grad=True)

    def f(x):
        return tr(x), tr.log_abs_det_jacobian(x, tr(x))

    assert ag.gradcheck(f, [xin])
    assert ag.gradgradcheck(f, [xin])


def test_stick_breaking_log_det_is_the_jacobian_of_the_first_coordinates():
    x = ag.tensor(RNG.normal(size=(3,)), dtype=ag.float64)
    tr = T.StickBreakingTransform()
    jac = ag.autograd.functional.jacobian(lambda v: tr(v)[:-1], x)
    sign, logdet = np.linalg.slogdet(_np(jac))
    np.testing.assert_allclose(tr.log_abs_det_jacobian(x, tr(x)).item(), logdet, rtol=1e-10)


def test_transform_caching_inverse_and_errors():
    x = ag.tensor([0.5, -1.0])
    t = T.ExpTransform(cache_size=1)
    y = t(x)
    assert t(x) is y and t.inv(y) is x
    assert t.inv.inv is t and T.ExpTransform().inv.inv.bijective
    assert T.ExpTransform() == T.ExpTransform() and T.ExpTransform() != T.SigmoidTransform()
    assert T.AffineTransform(1.0, 2.0) == T.AffineTransform(1.0, 2.0)
    assert T.AffineTransform(1.0, 2.0) != T.AffineTransform(1.0, 3.0)
    assert T.SigmoidTransform().with_cache(1)._cache_size == 1
    assert T.AffineTransform(0.0, 1.0).with_cache(1)._cache_size == 1
    assert isinstance(T.ComposeTransform([T.ExpTransform()]).inv, T.ComposeTransform)
    assert repr(T.ExpTransform()) == "ExpTransform()"
    with pytest.raises(ValueError, match="cache_size must be 0 or 1"):
        T.ExpTransform(cache_size=2)
    with pytest.raises(ValueError, match="different numbers of elements"):
        T.ReshapeTransform((2, 3), (4,))
    with pytest.raises(ValueError, match="Shape mismatch"):
        T.ReshapeTransform((2, 3), (6,)).forward_shape((3, 2))
    with pytest.raises(ValueError, match="Too few dimensions"):
        T.IndependentTransform(T.ExpTransform(), 2)(ag.tensor([1.0]))
    with pytest.raises(ValueError, match="event_dim"):
        T.ReshapeTransform((6,), (3, 2)).event_dim
    assert T.StickBreakingTransform().inv.domain is C.simplex
    # the same exception types as PyTorch
    torch = torch_or_skip()
    TT = torch.distributions.transforms
    for make in (lambda L: L.ExpTransform(cache_size=2),
                 lambda L: L.ReshapeTransform((2, 3), (4,)),
                 lambda L: L.ReshapeTransform((6,), (3, 2)).event_dim):
        with pytest.raises(ValueError):
            make(T)
        with pytest.raises(ValueError):
            make(TT)


def test_constraint_registry_matches_torch(device):
    torch = torch_or_skip()
    TC, TD = torch.distributions.constraints, torch.distributions
    x = RNG.normal(size=(2, 3, 3))
    pairs = [(C.real, TC.real), (C.positive, TC.positive), (C.nonnegative, TC.nonnegative),
             (C.unit_interval, TC.unit_interval), (C.interval(-1.0, 2.0), TC.interval(-1.0, 2.0)),
             (C.half_open_interval(0.0, 3.0), TC.half_open_interval(0.0, 3.0)),
             (C.greater_than(2.0), TC.greater_than(2.0)),
             (C.greater_than_eq(-1.0), TC.greater_than_eq(-1.0)),
             (C.less_than(1.0), TC.less_than(1.0)), (C.simplex, TC.simplex),
             (C.real_vector, TC.real_vector), (C.independent(C.positive, 2),
                                               TC.independent(TC.positive, 2)),
             (C.lower_cholesky, TC.lower_cholesky),
             (C.positive_definite, TC.positive_definite)]
    for c, tc in pairs:
        for registry, tregistry in ((D.biject_to, TD.biject_to),
                                    (D.transform_to, TD.transform_to)):
            try:
                tt = tregistry(tc)
            except NotImplementedError:
                with pytest.raises(NotImplementedError, match="Cannot transform"):
                    registry(c)
                continue
            t = registry(c)
            assert type(t).__name__ == type(tt).__name__, c
            y = t(ag.tensor(x, device=device))
            ty = tt(torch.tensor(x))
            np.testing.assert_allclose(_np(y), ty.numpy(), rtol=1e-10, atol=1e-12,
                                       err_msg=repr(c))
            assert bool(c.check(y).all()), c
            if t.bijective:
                np.testing.assert_allclose(_np(t.inv(y)), x, rtol=1e-6, atol=1e-8)
    with pytest.raises(NotImplementedError, match="Cannot transform _Boolean"):
        D.biject_to(C.boolean)
    with pytest.raises(TypeError, match="Constraint subclass"):
        D.biject_to.register(int, lambda c: None)


def test_transformed_distribution_matches_torch(device):
    torch = torch_or_skip()
    TD = torch.distributions
    loc, scale = RNG.normal(size=(2, 6)), _u(6)
    value = _u(4, 2, 3, 2)

    def build(L, t):
        return L.TransformedDistribution(
            L.Normal(t(loc), t(scale)),
            [L.transforms.ReshapeTransform((6,), (3, 2)),
             L.transforms.AffineTransform(t(np.array([1.0, 2.0])), 0.5, event_dim=2),
             L.transforms.ExpTransform()])

    leaves = [ag.tensor(a, device=device, requires_grad=True) for a in (loc, scale)]
    tleaves = [torch.tensor(a, requires_grad=True) for a in (loc, scale)]
    it, tit = iter(leaves), iter(tleaves)
    d = build(D, lambda a: next(it) if a is loc or a is scale else ag.tensor(a, device=device))
    td = build(TD, lambda a: next(tit) if a is loc or a is scale else torch.tensor(a))
    assert d.batch_shape == tuple(td.batch_shape) and d.event_shape == tuple(td.event_shape)
    assert d.has_rsample and type(d.support).__name__ == type(td.support).__name__
    lp = d.log_prob(ag.tensor(value, device=device))
    tlp = td.log_prob(torch.tensor(value))
    np.testing.assert_allclose(_np(lp), tlp.detach().numpy(), rtol=1e-10)
    for g, tg in zip(ag.grad(lp.sum(), leaves), torch.autograd.grad(tlp.sum(), tleaves)):
        np.testing.assert_allclose(_np(g), tg.numpy(), rtol=1e-8)
    assert tuple(d.sample((5,)).shape) == (5, 2, 3, 2)
    assert d.expand((3, 2)).batch_shape == (3, 2)
    assert tuple(d.expand((3, 2)).rsample().shape) == (3, 2, 3, 2)
    # cdf/icdf through a decreasing map
    base = D.Normal(ag.tensor(loc[0], device=device), ag.tensor(scale, device=device))
    tbase = TD.Normal(torch.tensor(loc[0]), torch.tensor(scale))
    dec = D.TransformedDistribution(base, [T.AffineTransform(1.0, -2.0), T.ExpTransform()])
    tdec = TD.TransformedDistribution(tbase, [TD.transforms.AffineTransform(1.0, -2.0),
                                              TD.transforms.ExpTransform()])
    v, p = _u(6), _u(6, lo=0.1, hi=0.9)
    np.testing.assert_allclose(_np(dec.cdf(ag.tensor(v, device=device))),
                               tdec.cdf(torch.tensor(v)).numpy(), rtol=1e-10)
    np.testing.assert_allclose(_np(dec.icdf(ag.tensor(p, device=device))),
                               tdec.icdf(torch.tensor(p)).numpy(), rtol=1e-10)
    with pytest.raises(ValueError, match="transforms must be a Transform"):
        D.TransformedDistribution(base, "exp")
    with pytest.raises(ValueError, match="transforms must be a Transform"):
        D.TransformedDistribution(base, [T.ExpTransform(), "exp"])
    with pytest.raises(ValueError, match="base_distribution needs to have shape"):
        D.TransformedDistribution(D.Normal(0.0, 1.0), T.StickBreakingTransform())


RSAMPLE = [
    ("HalfNormal", {"scale": _u(3)}),
    ("HalfCauchy", {"scale": _u(3)}),
    ("Weibull", {"scale": _u(2, 1), "concentration": _u(3)}),
    ("Pareto", {"scale": _u(3), "alpha": _u(3)}),
    ("Kumaraswamy", {"concentration1": _u(3), "concentration0": _u(2, 1)}),
    ("LogisticNormal", {"loc": RNG.normal(size=(2, 3)), "scale": _u(3)}),
    ("ContinuousBernoulli", {"probs": np.array([0.2, 0.4999, 0.7])}),
    ("RelaxedBernoulli", {"temperature": np.array(0.8), "logits": RNG.normal(size=(3,))}),
    ("RelaxedOneHotCategorical", {"temperature": np.array(1.2), "probs": _u(2, 3)}),
    ("LowRankMultivariateNormal", {"loc": RNG.normal(size=(2, 3)), "cov_factor": _W,
                                   "cov_diag": _u(3)}),
]


@pytest.mark.parametrize("name, params", RSAMPLE, ids=[r[0] for r in RSAMPLE])
def test_rsample_is_reparameterized(name, params, device):
    keys = list(params)

    def draw(*values):
        ag.manual_seed(7)  # the same noise at every call: a deterministic function of values
        return getattr(D, name)(**dict(zip(keys, values))).rsample((2,))

    inputs = [ag.tensor(params[k], dtype=ag.float64, device=device, requires_grad=True)
              for k in keys]
    d = getattr(D, name)(**dict(zip(keys, inputs)))
    assert d.has_rsample
    s = draw(*inputs)
    assert s.requires_grad and tuple(s.shape) == (2,) + d.batch_shape + d.event_shape
    assert not d.sample((2,)).requires_grad
    assert ag.gradcheck(draw, inputs)


def test_gamma_based_families_have_no_rsample():
    for d in (D.InverseGamma(ag.tensor([2.0]), 1.0), D.FisherSnedecor(ag.tensor([2.0]), 3.0),
              D.VonMises(ag.tensor([0.0]), 1.0)):
        assert not d.has_rsample
        with pytest.raises(NotImplementedError):
            d.rsample()


MOMENTS = [
    lambda t: D.HalfNormal(t([0.5, 2.0])),
    lambda t: D.Geometric(t([0.2, 0.7])),
    lambda t: D.NegativeBinomial(t([3.0, 0.5]), probs=t([0.4, 0.3])),
    lambda t: D.Multinomial(6, probs=t([[0.2, 0.3, 0.5], [0.6, 0.4, 0.0]])),
    lambda t: D.Weibull(t([1.0, 2.0]), t([0.8, 3.0])),
    lambda t: D.Pareto(t([1.0, 0.5]), t([5.0, 6.0])),
    lambda t: D.Kumaraswamy(t([0.7, 2.0]), t([1.5, 4.0])),
    lambda t: D.InverseGamma(t([5.0, 7.0]), t([1.0, 3.0])),
    lambda t: D.FisherSnedecor(t([3.0, 10.0]), t([20.0, 30.0])),
    lambda t: D.ContinuousBernoulli(t([0.1, 0.5, 0.8])),
    lambda t: D.LowRankMultivariateNormal(t([1.0, -1.0, 0.0]), t(_W.tolist()),
                                          t([0.5, 1.0, 2.0])),
    lambda t: D.MixtureSameFamily(D.Categorical(t([0.3, 0.7])),
                                  D.Normal(t([-1.0, 2.0]), t([0.5, 1.0]))),
    lambda t: D.MixtureSameFamily(D.Categorical(t([[0.3, 0.7], [0.5, 0.5]])),
                                  D.Independent(D.Normal(t([[[0.0, 1.0], [2.0, 3.0]]] * 2),
                                                         1.0), 1)),
]
MOMENT_IDS = ["HalfNormal", "Geometric", "NegativeBinomial", "Multinomial", "Weibull", "Pareto",
              "Kumaraswamy", "InverseGamma", "FisherSnedecor", "ContinuousBernoulli",
              "LowRankMultivariateNormal", "MixtureSameFamily", "MixtureSameFamily-event"]


@pytest.mark.parametrize("make", MOMENTS, ids=MOMENT_IDS)
def test_samples_have_the_right_shape_device_and_moments(make, device):
    d = make(lambda v: ag.tensor(v, device=device))
    ag.manual_seed(3)
    n = 40000
    s = d.sample((n,))
    assert tuple(s.shape) == (n,) + d.batch_shape + d.event_shape
    assert str(s.device) == str(ag.tensor(0.0, device=device).device)
    assert bool(d.support.check(s).all())
    assert tuple(d.sample((2, 3)).shape) == (2, 3) + d.batch_shape + d.event_shape
    x = _np(s).astype(np.float64)
    mean, var = _np(d.mean), _np(d.variance)
    np.testing.assert_allclose(x.mean(0), mean, atol=5 * np.sqrt(var.max() / n) + 1e-3)
    np.testing.assert_allclose(x.var(0), var, rtol=0.1, atol=1e-3)


def test_samples_of_the_other_families(device):
    ag.manual_seed(5)
    n = 40000
    c = D.HalfCauchy(ag.tensor([1.0, 3.0], device=device)).sample((n,))
    np.testing.assert_allclose(np.median(_np(c), 0), [1.0, 3.0], rtol=0.05)
    loc, kappa = np.array([0.5, -2.5, 3.0]), np.array([0.5, 4.0, 20.0])
    v = D.VonMises(ag.tensor(loc, device=device), ag.tensor(kappa, device=device))
    x = _np(v.sample((n,)))
    assert x.dtype == np.float64 and (np.abs(x) <= math.pi).all()
    # E[cos(x - loc)] = I1(kappa) / I0(kappa) = 1 - variance
    np.testing.assert_allclose(np.cos(x - loc).mean(0), 1 - _np(v.variance), atol=0.01)
    r = D.RelaxedOneHotCategorical(ag.tensor(0.1, dtype=ag.float64, device=device),
                                   probs=ag.tensor([0.2, 0.8], dtype=ag.float64, device=device))
    s = r.sample((n,))
    assert bool(r.support.check(s).all())
    np.testing.assert_allclose(_np(s.argmax(-1)).mean(), 0.8, atol=0.01)
    b = D.RelaxedBernoulli(ag.tensor(0.05, device=device),
                           probs=ag.tensor([0.3], device=device)).sample((n,))
    np.testing.assert_allclose((_np(b) > 0.5).mean(), 0.3, atol=0.01)
    ln = D.LogisticNormal(ag.zeros(2, device=device), 1.0).sample((n,))
    assert tuple(ln.shape) == (n, 3) and bool(D.constraints.simplex.check(ln).all())


def test_mixture_same_family_matches_torch(device):
    torch = torch_or_skip()
    TD = torch.distributions
    logits, loc, scale = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3, 4)), _u(2, 3, 4)
    value = RNG.normal(size=(5, 2, 4))
    leaves = [ag.tensor(a, device=device, requires_grad=True) for a in (logits, loc, scale)]
    tleaves = [torch.tensor(a, requires_grad=True) for a in (logits, loc, scale)]
    d = D.MixtureSameFamily(D.Categorical(logits=leaves[0]),
                            D.Independent(D.Normal(leaves[1], leaves[2]), 1))
    td = TD.MixtureSameFamily(TD.Categorical(logits=tleaves[0]),
                              TD.Independent(TD.Normal(tleaves[1], tleaves[2]), 1))
    assert d.batch_shape == tuple(td.batch_shape) and d.event_shape == tuple(td.event_shape)
    lp = d.log_prob(ag.tensor(value, device=device))
    tlp = td.log_prob(torch.tensor(value))
    total = lp.sum() + d.mean.sum() + d.variance.sum()
    ttotal = tlp.sum() + td.mean.sum() + td.variance.sum()
    np.testing.assert_allclose(_np(lp), tlp.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(_np(d.mean), td.mean.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(_np(d.variance), td.variance.detach().numpy(), rtol=1e-10)
    for g, tg in zip(ag.grad(total, leaves), torch.autograd.grad(ttotal, tleaves)):
        np.testing.assert_allclose(_np(g), tg.numpy(), rtol=1e-8, atol=1e-12)
    u = D.MixtureSameFamily(D.Categorical(logits=leaves[0][0]),
                            D.Normal(leaves[1][0, :, 0], 1.0))
    tu = TD.MixtureSameFamily(TD.Categorical(logits=tleaves[0][0]),
                              TD.Normal(tleaves[1][0, :, 0], 1.0))
    np.testing.assert_allclose(_np(u.cdf(ag.tensor(value[:, 0, 0], device=device))),
                               tu.cdf(torch.tensor(value[:, 0, 0])).detach().numpy(), rtol=1e-10)
    assert d.expand((4, 2)).batch_shape == (4, 2)
    assert tuple(d.expand((4, 2)).sample((3,)).shape) == (3, 4, 2, 4)


BAD = [
    ("HalfNormal", lambda L: L.HalfNormal(L_t(L, [-1.0])), ValueError, "scale"),
    ("HalfNormal support", lambda L: L.HalfNormal(L_t(L, [1.0])).log_prob(L_t(L, [-1.0])),
     ValueError, "support"),
    ("Geometric probs", lambda L: L.Geometric(L_t(L, [0.0])), ValueError, "positive"),
    ("Geometric both", lambda L: L.Geometric(), ValueError, "Either `probs` or `logits`"),
    ("Geometric support", lambda L: L.Geometric(L_t(L, [0.5])).log_prob(L_t(L, [1.5])),
     ValueError, "support"),
    ("NegativeBinomial count", lambda L: L.NegativeBinomial(L_t(L, [-1.0]), L_t(L, [0.5])),
     ValueError, "total_count"),
    ("NegativeBinomial probs", lambda L: L.NegativeBinomial(L_t(L, [2.0]), L_t(L, [1.0])),
     ValueError, "probs"),
    ("Multinomial count", lambda L: L.Multinomial(2.0, L_t(L, [0.5, 0.5])),
     NotImplementedError, "inhomogeneous"),
    ("Multinomial support", lambda L: L.Multinomial(2, L_t(L, [0.5, 0.5])).log_prob(
        L_t(L, [2.0, 1.0])), ValueError, "support"),
    ("Weibull", lambda L: L.Weibull(L_t(L, [1.0]), L_t(L, [0.0])), ValueError, "concentration"),
    ("Pareto support", lambda L: L.Pareto(L_t(L, [2.0]), L_t(L, [1.0])).log_prob(
        L_t(L, [1.0])), ValueError, "support"),
    ("Kumaraswamy", lambda L: L.Kumaraswamy(L_t(L, [-1.0]), 1.0), ValueError,
     "concentration1"),
    ("InverseGamma", lambda L: L.InverseGamma(L_t(L, [1.0]), L_t(L, [-1.0])), ValueError,
     "rate"),
    ("FisherSnedecor", lambda L: L.FisherSnedecor(L_t(L, [0.0]), 1.0), ValueError, "df1"),
    ("LogisticNormal", lambda L: L.LogisticNormal(L_t(L, [0.0]), L_t(L, [0.0])), ValueError,
     "scale"),
    ("ContinuousBernoulli", lambda L: L.ContinuousBernoulli(L_t(L, [1.5]), validate_args=True),
     ValueError, "probs"),
    ("RelaxedBernoulli", lambda L: L.RelaxedBernoulli(L_t(L, 0.5)), ValueError,
     "Either `probs` or `logits`"),
    ("RelaxedOneHotCategorical", lambda L: L.RelaxedOneHotCategorical(
        L_t(L, 0.5), L_t(L, [0.5, -0.5])), ValueError, "probs"),
    ("VonMises", lambda L: L.VonMises(L_t(L, [0.0]), L_t(L, [-1.0])), ValueError,
     "concentration"),
    ("LowRank loc", lambda L: L.LowRankMultivariateNormal(L_t(L, 0.0), L_t(L, [[1.0]]),
                                                          L_t(L, [1.0])),
     ValueError, "loc must be at least one-dimensional"),
    ("LowRank factor", lambda L: L.LowRankMultivariateNormal(L_t(L, [0.0, 0.0]),
                                                             L_t(L, [[1.0]]), L_t(L, [1.0, 1.0])),
     ValueError, "cov_factor must be a batch of matrices"),
    ("LowRank diag", lambda L: L.LowRankMultivariateNormal(L_t(L, [0.0]), L_t(L, [[1.0]]),
                                                           L_t(L, [-2.0])),
     ValueError, "cov_diag"),
    ("Mixture type", lambda L: L.MixtureSameFamily(L.Normal(0.0, 1.0), L.Normal(0.0, 1.0)),
     ValueError, "Categorical"),
    ("Mixture size", lambda L: L.MixtureSameFamily(L.Categorical(L_t(L, [0.5, 0.5])),
                                                   L.Normal(L_t(L, [0.0, 1.0, 2.0]), 1.0)),
     ValueError, "does not equal"),
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


KL = [
    ("Geometric", {"probs": _u(3, lo=0.1, hi=0.9)}, {"logits": RNG.normal(size=(2, 1))}),
    ("HalfNormal", {"scale": _u(3)}, {"scale": _u(2, 1)}),
    ("Pareto", {"scale": np.array([0.5, 1.0, 2.0]), "alpha": _u(3)},
     {"scale": np.array([0.7, 0.7, 0.7]), "alpha": _u(3)}),
    ("ContinuousBernoulli", {"probs": np.array([0.2, 0.5001, 0.9])}, {"logits": _u(3)}),
    ("LowRankMultivariateNormal", {"loc": RNG.normal(size=(2, 3)), "cov_factor": _W,
                                   "cov_diag": _u(3)},
     {"loc": RNG.normal(size=(3,)), "cov_factor": RNG.normal(size=(3, 1)),
      "cov_diag": _u(3)}),
    ("LogisticNormal", {"loc": RNG.normal(size=(2,)), "scale": _u(2)},
     {"loc": RNG.normal(size=(2,)), "scale": _u(2)}),
    (("Pareto", "Exponential"), {"scale": _u(3), "alpha": np.array([0.5, 2.0, 3.0])},
     {"rate": _u(3)}),
    (("Pareto", "Gamma"), {"scale": _u(3), "alpha": np.array([0.5, 2.0, 3.0])},
     {"concentration": _u(3), "rate": _u(3)}),
    (("Pareto", "Normal"), {"scale": _u(3), "alpha": np.array([1.5, 2.5, 3.0])},
     {"loc": RNG.normal(size=(3,)), "scale": _u(3)}),
    (("Pareto", "Uniform"), {"scale": _u(3), "alpha": _u(3)},
     {"low": np.zeros(3), "high": np.full(3, 5.0)}),
    (("ContinuousBernoulli", "Exponential"), {"probs": _u(3, lo=0.1, hi=0.9)}, {"rate": _u(3)}),
    (("ContinuousBernoulli", "Normal"), {"logits": RNG.normal(size=(3,))},
     {"loc": RNG.normal(size=(3,)), "scale": _u(3)}),
]


@pytest.mark.parametrize("pair", KL, ids=lambda p: "-".join(np.atleast_1d(p[0]))
                         if isinstance(p, tuple) else "")
def test_kl_divergence_matches_torch(pair, device):
    torch = torch_or_skip()
    names, pp, qp = pair
    pname, qname = (names, names) if isinstance(names, str) else names
    p, p_leaves = _make(pname, pp, device)
    q, q_leaves = _make(qname, qp, device)
    tp, tp_leaves = _make(pname, pp, device, torch)
    tq, tq_leaves = _make(qname, qp, device, torch)
    kl = D.kl_divergence(p, q)
    tkl = torch.distributions.kl_divergence(tp, tq)
    assert tuple(kl.shape) == tuple(tkl.shape)
    np.testing.assert_allclose(_np(kl), tkl.detach().numpy(), rtol=1e-9, atol=1e-10)
    if not tkl.requires_grad:
        return
    finite = np.isfinite(tkl.detach().numpy()).astype(float)
    grads = ag.grad((kl * ag.tensor(finite, device=device)).nan_to_num().sum(),
                    p_leaves + q_leaves, allow_unused=True)
    tgrads = torch.autograd.grad((tkl * torch.tensor(finite)).nan_to_num().sum(),
                                 tp_leaves + tq_leaves, allow_unused=True)
    for g, tg in zip(grads, tgrads):
        if tg is None:
            assert g is None or not np.any(_np(g))
        else:
            np.testing.assert_allclose(_np(g), tg.numpy(), rtol=1e-7, atol=1e-9)


def test_kl_between_transformed_distributions_needs_the_same_transforms():
    p = D.HalfCauchy(ag.tensor([1.0]))
    with pytest.raises(NotImplementedError):
        D.kl_divergence(p, D.HalfNormal(ag.tensor([1.0])))
    q = D.TransformedDistribution(D.Normal(ag.tensor([0.0]), 2.0), T.ExpTransform())
    r = D.TransformedDistribution(D.Normal(ag.tensor([1.0]), 1.0), T.ExpTransform())
    want = D.kl_divergence(D.Normal(ag.tensor([0.0]), 2.0), D.Normal(ag.tensor([1.0]), 1.0))
    np.testing.assert_allclose(_np(D.kl_divergence(q, r)), _np(want))


EXP_FAMILY = [
    ("Normal", {"loc": RNG.normal(size=(3, 1)), "scale": _u(4)},
     {"loc": RNG.normal(size=(4,)), "scale": _u(3, 1)}),
    ("Exponential", {"rate": _u(3)}, {"rate": _u(3)}),
    ("Gamma", {"concentration": _u(3), "rate": _u(3)}, {"concentration": _u(3), "rate": _u(1)}),
    ("Beta", {"concentration1": _u(3), "concentration0": _u(3)},
     {"concentration1": _u(3), "concentration0": _u(3)}),
    ("Dirichlet", {"concentration": _u(2, 3)}, {"concentration": _u(3)}),
    ("Bernoulli", {"probs": _u(3, lo=0.1, hi=0.9)}, {"logits": RNG.normal(size=(3,))}),
    ("Poisson", {"rate": _u(3)}, {"rate": _u(3)}),
    ("ContinuousBernoulli", {"probs": np.array([0.2, 0.4999, 0.7])},
     {"probs": np.array([0.6, 0.1, 0.5002])}),
]


@pytest.mark.parametrize("name, pp, qp", EXP_FAMILY, ids=[e[0] for e in EXP_FAMILY])
def test_exponential_family_bregman_entropy_and_kl_match_torch(name, pp, qp, device):
    torch = torch_or_skip()
    p, p_leaves = _make(name, pp, device)
    q, q_leaves = _make(name, qp, device)
    tp, tp_leaves = _make(name, pp, device, torch)
    tq, tq_leaves = _make(name, qp, device, torch)
    assert isinstance(p, D.ExponentialFamily)
    pairs = []
    try:  # PyTorch gives the mean carrier measure only where it is known
        tp._mean_carrier_measure
    except NotImplementedError:
        with pytest.raises(NotImplementedError):
            D.ExponentialFamily.entropy(p)
    else:
        pairs.append((D.ExponentialFamily.entropy(p),
                      torch.distributions.ExponentialFamily.entropy(tp)))
        np.testing.assert_allclose(_np(pairs[-1][0]), _np(p.entropy()), rtol=1e-7)
    kl_fn = D.kl.__dict__["_kl_expfamily_expfamily"]
    tkl_fn = torch.distributions.kl._kl_expfamily_expfamily
    pairs.append((kl_fn(p, q), tkl_fn(tp, tq)))
    np.testing.assert_allclose(_np(pairs[-1][0]), _np(D.kl_divergence(p, q)), rtol=1e-6)
    total, ttotal = 0, 0
    for got, want in pairs:
        assert tuple(got.shape) == tuple(want.shape)
        np.testing.assert_allclose(_np(got), want.detach().numpy(), rtol=1e-9, atol=1e-10)
        total, ttotal = total + got.sum(), ttotal + want.sum()
    grads = ag.grad(total, q_leaves, allow_unused=True)
    tgrads = torch.autograd.grad(ttotal, tq_leaves, allow_unused=True)
    for g, tg in zip(grads, tgrads):
        np.testing.assert_allclose(_np(g), tg.numpy(), rtol=1e-7, atol=1e-9)
