"""Probability distributions (``torch.distributions``): parametrized families with
``sample``/``rsample``, ``log_prob``, ``entropy`` and moments, differentiable in their
parameters through the ordinary tape, plus ``kl_divergence`` and ``constraints``.

Built on the public tensor API only; samples come from the device's generator (seeded by
``manual_seed``), on the parameters' device. Gamma, Beta, Dirichlet and StudentT draw without
a gradient (``has_rsample`` is False), where PyTorch reparameterizes them by implicit
differentiation.
"""

from __future__ import annotations

from . import constraints
from .continuous import (
    Beta,
    Cauchy,
    Chi2,
    Dirichlet,
    Exponential,
    Gamma,
    Gumbel,
    Laplace,
    LogNormal,
    Normal,
    StudentT,
    Uniform,
)
from .discrete import Bernoulli, Binomial, Categorical, OneHotCategorical, Poisson
from .distribution import Distribution
from .kl import kl_divergence, register_kl
from .multivariate import Independent, MultivariateNormal

__all__ = [
    "Bernoulli", "Beta", "Binomial", "Categorical", "Cauchy", "Chi2", "Dirichlet",
    "Distribution", "Exponential", "Gamma", "Gumbel", "Independent", "Laplace", "LogNormal",
    "MultivariateNormal", "Normal", "OneHotCategorical", "Poisson", "StudentT", "Uniform",
    "constraints", "kl_divergence", "register_kl",
]
