"""Discrete distributions: Bernoulli, Categorical, OneHotCategorical, Poisson, Binomial,
Geometric, NegativeBinomial and Multinomial.

The ones given by ``probs`` or ``logits`` keep both (the other computed at construction, as
PyTorch's lazy properties would give it); only the one given is validated.
"""

from __future__ import annotations

import math
from typing import Any

from autograd.creation import arange, eye, rand, zeros_like
from autograd.engine.grad_mode import no_grad
from autograd.ops.elementwise.select import where
from autograd.ops.indexing.index import one_hot as _one_hot
from autograd.ops.random import multinomial, poisson
from autograd.ops.shape.broadcast import broadcast_tensors

from . import constraints
from .continuous import _standard_gamma
from .distribution import Distribution, Number, _size, broadcast_all, clamp_probs, finfo_tiny
from .exp_family import ExponentialFamily

__all__ = ["Bernoulli", "Binomial", "Categorical", "Geometric", "Multinomial", "NegativeBinomial",
           "OneHotCategorical", "Poisson"]


def probs_to_logits(probs: Any, is_binary: bool = False) -> Any:
    """Log-odds (binary) or log-probabilities of ``probs``, clamped away from 0 and 1."""
    ps = clamp_probs(probs)
    return ps.log() - (-ps).log1p() if is_binary else ps.log()


def logits_to_probs(logits: Any, is_binary: bool = False) -> Any:
    """The sigmoid (binary) or softmax of ``logits``."""
    return logits.sigmoid() if is_binary else logits.softmax(-1)


def _one_of(probs: Any, logits: Any) -> None:
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")


def _binary_probs_or_logits(dist: Distribution, probs: Any, logits: Any) -> tuple[int, ...]:
    """Set ``probs`` and ``logits`` (binary) from whichever was given; the batch shape."""
    _one_of(probs, logits)
    given = probs if probs is not None else logits
    (param,) = broadcast_all(given)
    if probs is not None:
        dist.probs, dist.logits = param, probs_to_logits(param, is_binary=True)
    else:
        dist.logits, dist.probs = param, logits_to_probs(param, is_binary=True)
    dist._given = "probs" if probs is not None else "logits"
    return () if isinstance(given, Number) else tuple(param.shape)


def _count_and_probs(dist: Distribution, total_count: Any, probs: Any, logits: Any) -> None:
    """Set ``total_count`` (in the parameters' dtype), ``probs`` and ``logits`` (binary)."""
    _one_of(probs, logits)
    if probs is not None:
        dist.total_count, dist.probs = broadcast_all(total_count, probs)
        dist.total_count = dist.total_count.to(dist.probs.dtype)
        dist.logits = probs_to_logits(dist.probs, is_binary=True)
    else:
        dist.total_count, dist.logits = broadcast_all(total_count, logits)
        dist.total_count = dist.total_count.to(dist.logits.dtype)
        dist.probs = logits_to_probs(dist.logits, is_binary=True)
    dist._given = "probs" if probs is not None else "logits"


def _enumerated(values: Any, batch_shape: tuple[int, ...], expand: bool) -> Any:
    """``values`` along a new leading dimension, before ``batch_shape`` (expanded to it)."""
    values = values.reshape((-1,) + (1,) * len(batch_shape))
    return values.expand((-1,) + batch_shape) if expand else values


def _softplus(x: Any) -> Any:
    return x.clamp(min=0) + (-x.abs()).exp().log1p()


class Bernoulli(ExponentialFamily):
    """1 with probability ``probs`` (or ``sigmoid(logits)``), else 0."""

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True

    def __init__(self, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        super().__init__(_binary_probs_or_logits(self, probs, logits),
                         validate_args=validate_args)

    @property
    def param_shape(self) -> tuple[int, ...]:
        return tuple(self.probs.shape)

    @property
    def mean(self) -> Any:
        return self.probs

    @property
    def mode(self) -> Any:
        mode = (self.probs >= 0.5).to(self.probs.dtype)
        return where(self.probs == 0.5, math.nan, mode)

    @property
    def variance(self) -> Any:
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape: Any = ()) -> Any:
        shape = self._extended_shape(sample_shape)
        with no_grad():
            u = rand(shape, dtype=self.probs.dtype, device=self.probs.device)
            return (u < self.probs.expand(shape)).to(self.probs.dtype)

    def log_prob(self, value: Any) -> Any:
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_tensors(self.logits, value)
        return -(_softplus(logits) - logits * value)

    def entropy(self) -> Any:
        return _softplus(self.logits) - self.logits * self.probs

    _mean_carrier_measure = 0

    @property
    def _natural_params(self) -> tuple:
        return (self.probs.logit(),)

    def _log_normalizer(self, x: Any) -> Any:
        return x.exp().log1p()

    def enumerate_support(self, expand: bool = True) -> Any:
        values = arange(2, dtype=self.probs.dtype, device=self.probs.device)
        return _enumerated(values, self._batch_shape, expand)


class Categorical(Distribution):
    """A category index in ``[0, K)`` with (unnormalized) probabilities ``probs`` or
    ``logits`` over the last dimension."""

    arg_constraints = {"probs": constraints.simplex,
                       "logits": constraints.independent(constraints.real, 1)}
    has_enumerate_support = True

    def __init__(self, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        _one_of(probs, logits)
        given = probs if probs is not None else logits
        if given.ndim < 1:
            name = "probs" if probs is not None else "logits"
            raise ValueError(f"`{name}` parameter must be at least one-dimensional.")
        if probs is not None:
            self.probs = probs / probs.sum(-1, keepdim=True)
            self.logits = probs_to_logits(self.probs)
        else:
            self.logits = logits - logits.logsumexp(dim=-1, keepdim=True)
            self.probs = logits_to_probs(self.logits)
        self._given = "probs" if probs is not None else "logits"
        self._num_events = given.shape[-1]
        super().__init__(tuple(given.shape[:-1]), validate_args=validate_args)

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self) -> Any:
        return constraints.integer_interval(0, self._num_events - 1)

    @property
    def param_shape(self) -> tuple[int, ...]:
        return tuple(self.probs.shape)

    @property
    def mean(self) -> Any:
        return math.nan + 0 * self.probs[..., 0]

    @property
    def mode(self) -> Any:
        return self.probs.argmax(-1)

    @property
    def variance(self) -> Any:
        return math.nan + 0 * self.probs[..., 0]

    def sample(self, sample_shape: Any = ()) -> Any:
        sample_shape = _size(sample_shape)
        n = math.prod(sample_shape)
        with no_grad():
            probs_2d = self.probs.detach().reshape(-1, self._num_events)
            samples_2d = multinomial(probs_2d, n, True).T
            return samples_2d.reshape(self._extended_shape(sample_shape))

    def log_prob(self, value: Any) -> Any:
        if self._validate_args:
            self._validate_sample(value)
        value = value.long().unsqueeze(-1)
        value, log_pmf = broadcast_tensors(value, self.logits)
        return log_pmf.gather(-1, value[..., :1]).squeeze(-1)

    def entropy(self) -> Any:
        tiny = {2: -65504.0, 4: -3.4028234663852886e38}.get(self.logits.dtype.itemsize,
                                                            -1.7976931348623157e308)
        return -(self.logits.clamp(min=tiny) * self.probs).sum(-1)

    def enumerate_support(self, expand: bool = True) -> Any:
        values = arange(self._num_events, device=self.probs.device)
        return _enumerated(values, self._batch_shape, expand)


class _OverCategorical(Distribution):
    """A family built on ``self._categorical``: its ``probs``, ``logits`` and
    ``param_shape`` are the categorical's."""

    _categorical: Categorical

    def _lazy_params(self) -> tuple[str, ...]:
        return self._categorical._lazy_params()

    @property
    def probs(self) -> Any:
        return self._categorical.probs

    @property
    def logits(self) -> Any:
        return self._categorical.logits

    @property
    def param_shape(self) -> tuple[int, ...]:
        return self._categorical.param_shape


class OneHotCategorical(_OverCategorical):
    """A one-hot vector of length K: ``Categorical`` with the index encoded."""

    arg_constraints = {"probs": constraints.simplex,
                       "logits": constraints.independent(constraints.real, 1)}
    support = constraints.one_hot
    has_enumerate_support = True

    def __init__(self, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        self._categorical = Categorical(probs, logits, validate_args=validate_args)
        self._given = self._categorical._given
        super().__init__(self._categorical.batch_shape, self._categorical.param_shape[-1:],
                         validate_args=validate_args)

    @property
    def mean(self) -> Any:
        return self.probs

    @property
    def mode(self) -> Any:
        return _one_hot(self.probs.argmax(-1), self.probs.shape[-1]).to(self.probs.dtype)

    @property
    def variance(self) -> Any:
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape: Any = ()) -> Any:
        indices = self._categorical.sample(sample_shape)
        return _one_hot(indices, self._categorical._num_events).to(self.probs.dtype)

    def log_prob(self, value: Any) -> Any:
        if self._validate_args:
            self._validate_sample(value)
        return self._categorical.log_prob(value.argmax(-1))

    def entropy(self) -> Any:
        return self._categorical.entropy()

    def enumerate_support(self, expand: bool = True) -> Any:
        n = self.event_shape[0]
        values = eye(n, dtype=self.probs.dtype, device=self.probs.device)
        values = values.reshape((n,) + (1,) * len(self.batch_shape) + (n,))
        return values.expand((n,) + self.batch_shape + (n,)) if expand else values

    def __repr__(self) -> str:
        given = self._given
        return f"OneHotCategorical({given}: {tuple(getattr(self, given).shape)})"


class Poisson(ExponentialFamily):
    """The Poisson distribution with rate ``rate``."""

    arg_constraints = {"rate": constraints.nonnegative}
    support = constraints.nonnegative_integer

    def __init__(self, rate: Any, validate_args: bool | None = None) -> None:
        (self.rate,) = broadcast_all(rate)
        super().__init__(() if isinstance(rate, Number) else tuple(self.rate.shape),
                         validate_args=validate_args)

    @property
    def mean(self) -> Any:
        return self.rate

    @property
    def mode(self) -> Any:
        return self.rate.floor()

    @property
    def variance(self) -> Any:
        return self.rate

    def sample(self, sample_shape: Any = ()) -> Any:
        with no_grad():
            return poisson(self.rate.detach().expand(self._extended_shape(sample_shape)))

    def log_prob(self, value: Any) -> Any:
        if self._validate_args:
            self._validate_sample(value)
        rate, value = broadcast_all(self.rate, value)
        return value.xlogy(rate) - rate - (value + 1).lgamma()

    @property
    def _natural_params(self) -> tuple:
        return (self.rate.log(),)

    def _log_normalizer(self, x: Any) -> Any:
        return x.exp()


class Binomial(Distribution):
    """The number of successes in ``total_count`` Bernoulli trials with ``probs`` (or
    ``logits``)."""

    arg_constraints = {"total_count": constraints.nonnegative_integer,
                       "probs": constraints.unit_interval, "logits": constraints.real}
    has_enumerate_support = True

    def __init__(self, total_count: Any = 1, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        _count_and_probs(self, total_count, probs, logits)
        super().__init__(tuple(self.probs.shape), validate_args=validate_args)

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self) -> Any:
        return constraints.integer_interval(0, self.total_count)

    @property
    def param_shape(self) -> tuple[int, ...]:
        return tuple(self.probs.shape)

    @property
    def mean(self) -> Any:
        return self.total_count * self.probs

    @property
    def mode(self) -> Any:
        n = self.total_count
        return ((n + 1) * self.probs).floor().clamp(max=n)

    @property
    def variance(self) -> Any:
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape: Any = ()) -> Any:
        shape = self._extended_shape(sample_shape)
        with no_grad():
            n_max = int(self.total_count.max().item()) if self.total_count.numel() else 0
            probs = self.probs.detach().expand(shape)
            trials = arange(n_max, dtype=probs.dtype, device=probs.device).reshape(
                (n_max,) + (1,) * len(shape))
            u = rand((n_max,) + shape, dtype=probs.dtype, device=probs.device)
            hits = (u < probs) & (trials < self.total_count.expand(shape))
            return hits.to(probs.dtype).sum(0)

    def log_prob(self, value: Any) -> Any:
        if self._validate_args:
            self._validate_sample(value)
        n, logits = self.total_count, self.logits
        clamp_by_zero = (logits.clamp(min=0) + logits - logits.clamp(max=0)) / 2
        normalize_term = (n * clamp_by_zero + n * (-logits.abs()).exp().log1p()
                          - (n + 1).lgamma())
        return (value * logits - (value + 1).lgamma() - (n - value + 1).lgamma()
                - normalize_term)

    def entropy(self) -> Any:
        total = int(self.total_count.max().item())
        if not bool((self.total_count == total).all()):
            raise NotImplementedError("Inhomogeneous total count not supported by `entropy`.")
        log_prob = self.log_prob(self.enumerate_support(False))
        return -(log_prob.exp() * log_prob).sum(0)

    def enumerate_support(self, expand: bool = True) -> Any:
        total = int(self.total_count.max().item())
        if not bool((self.total_count == total).all()):
            raise NotImplementedError(
                "Inhomogeneous total count not supported by `enumerate_support`.")
        values = arange(1 + total, dtype=self.probs.dtype, device=self.probs.device)
        return _enumerated(values, self._batch_shape, expand)


class Geometric(Distribution):
    """The number of failures before the first success in Bernoulli trials with ``probs``
    (or ``sigmoid(logits)``)."""

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.nonnegative_integer

    def __init__(self, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        super().__init__(_binary_probs_or_logits(self, probs, logits),
                         validate_args=validate_args)
        if self._validate_args and probs is not None and not bool((self.probs > 0).all()):
            raise ValueError(
                f"Expected parameter probs ({type(self.probs).__name__} of shape "
                f"{tuple(self.probs.shape)}) of distribution {self!r} to be positive but "
                f"found invalid values:\n{self.probs}")

    @property
    def mean(self) -> Any:
        return 1.0 / self.probs - 1.0

    @property
    def mode(self) -> Any:
        return zeros_like(self.probs)

    @property
    def variance(self) -> Any:
        return (1.0 / self.probs - 1.0) / self.probs

    def sample(self, sample_shape: Any = ()) -> Any:
        shape = self._extended_shape(sample_shape)
        with no_grad():
            probs = self.probs.detach()
            u = rand(shape, dtype=probs.dtype, device=probs.device).clamp(min=finfo_tiny(probs))
            return (u.log() / (-probs).log1p()).floor()

    def log_prob(self, value: Any) -> Any:
        if self._validate_args:
            self._validate_sample(value)
        value, probs = broadcast_all(value, self.probs)
        probs = where((probs == 1) & (value == 0), 0.0, probs)
        return value * (-probs).log1p() + self.probs.log()

    def entropy(self) -> Any:
        return (_softplus(self.logits) - self.logits * self.probs) / self.probs


def _log_sigmoid(x: Any) -> Any:
    return -_softplus(-x)


class NegativeBinomial(Distribution):
    """The number of successes before ``total_count`` failures in Bernoulli trials whose
    success probability is ``probs`` (or ``sigmoid(logits)``)."""

    arg_constraints = {"total_count": constraints.greater_than_eq(0),
                       "probs": constraints.half_open_interval(0.0, 1.0),
                       "logits": constraints.real}
    support = constraints.nonnegative_integer

    def __init__(self, total_count: Any, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        _count_and_probs(self, total_count, probs, logits)
        super().__init__(tuple(self.probs.shape), validate_args=validate_args)

    @property
    def param_shape(self) -> tuple[int, ...]:
        return tuple(self.probs.shape)

    @property
    def mean(self) -> Any:
        return self.total_count * self.logits.exp()

    @property
    def mode(self) -> Any:
        return ((self.total_count - 1) * self.logits.exp()).floor().clamp(min=0.0)

    @property
    def variance(self) -> Any:
        return self.mean / (-self.logits).sigmoid()

    def sample(self, sample_shape: Any = ()) -> Any:
        shape = self._extended_shape(sample_shape)
        with no_grad():
            count = self.total_count.detach().expand(shape)
            g = _standard_gamma(count.clamp(min=finfo_tiny(count))) * self.logits.detach().exp()
            return poisson(where(count > 0, g, 0.0))

    def log_prob(self, value: Any) -> Any:
        if self._validate_args:
            self._validate_sample(value)
        n = self.total_count
        log_unnormalized_prob = n * _log_sigmoid(-self.logits) + value * _log_sigmoid(self.logits)
        log_normalization = -(n + value).lgamma() + (1.0 + value).lgamma() + n.lgamma()
        log_normalization = where(n + value == 0.0, 0.0, log_normalization)
        return log_unnormalized_prob - log_normalization


class Multinomial(_OverCategorical):
    """Counts of ``total_count`` draws from ``Categorical(probs or logits)`` (the last
    dimension is the event). ``total_count`` must be an int, as in PyTorch."""

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}

    def __init__(self, total_count: int = 1, probs: Any = None, logits: Any = None,
                 validate_args: bool | None = None) -> None:
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits)
        self._binomial = Binomial(total_count=total_count, probs=self.probs)
        super().__init__(self._categorical.batch_shape, self._categorical.param_shape[-1:],
                         validate_args=validate_args)

    def expand(self, batch_shape: Any, _instance: Any = None) -> Multinomial:
        batch_shape = _size(batch_shape)
        new = self._expanded_copy(batch_shape, _instance)
        new._categorical = self._categorical.expand(batch_shape)
        new._binomial = self._binomial.expand(batch_shape + self.event_shape)
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=1)
    def support(self) -> Any:
        return constraints.multinomial(self.total_count)

    @property
    def mean(self) -> Any:
        return self.probs * self.total_count

    @property
    def variance(self) -> Any:
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape: Any = ()) -> Any:
        sample_shape = _size(sample_shape)
        with no_grad():
            samples = self._categorical.sample((self.total_count,) + sample_shape)
            counts = _one_hot(samples, self._categorical._num_events).sum(0)
            return counts.expand(self._extended_shape(sample_shape)).to(self.probs.dtype)

    def entropy(self) -> Any:
        n = self.total_count
        term1 = n * self._categorical.entropy() - math.lgamma(n + 1)
        support = self._binomial.enumerate_support(expand=False)[1:]
        binomial_probs = self._binomial.log_prob(support).exp()
        weights = (support + 1).lgamma()
        term2 = (binomial_probs * weights).sum(0).sum(-1)
        return term1 + term2

    def log_prob(self, value: Any) -> Any:
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_tensors(self.logits, value)
        log_factorial_n = (value.sum(-1) + 1).lgamma()
        log_factorial_xs = (value + 1).lgamma().sum(-1)
        logits = where((value == 0) & (logits == -math.inf), 0.0, logits)
        return log_factorial_n - log_factorial_xs + (logits * value).sum(-1)
