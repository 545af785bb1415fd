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
