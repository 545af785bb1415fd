"""``ExponentialFamily`` (``torch.distributions.ExponentialFamily``): distributions whose
density is ``exp(<t(x), theta> - F(theta) + k(x))``; subclasses give their natural parameters
``theta``, the log normalizer ``F`` and the mean carrier measure ``E[k(x)]``, and the entropy
and the KL divergence between two members of one family follow from the Bregman divergence
of ``F`` (its gradient taken by the tape)."""

from __future__ import annotations

from typing import Any

from autograd.engine.backward import grad

from .distribution import Distribution

__all__ = ["ExponentialFamily"]


class ExponentialFamily(Distribution):
    """The base of exponential-family distributions: ``entropy`` through the log
    normalizer's gradient in the natural parameters."""

    @property
    def _natural_params(self) -> tuple:
        """The natural parameters ``theta``."""
        raise NotImplementedError

    def _log_normalizer(self, *natural_params: Any) -> Any:
        """The log normalizer ``F(theta)``."""
        raise NotImplementedError

    @property
    def _mean_carrier_measure(self) -> Any:
        """The expectation of the carrier measure ``E[k(x)]``."""
        raise NotImplementedError

    def entropy(self) -> Any:
        """``F(theta) - <theta, grad F(theta)> - E[k(x)]``, differentiable in ``theta``."""
        result = -self._mean_carrier_measure
        nparams = [p.detach().requires_grad_() for p in self._natural_params]
        lg_normal = self._log_normalizer(*nparams)
        gradients = grad(lg_normal.sum(), nparams, create_graph=True)
        result = result + lg_normal
        for p, g in zip(nparams, gradients):
            result = result - (p * g).reshape(self._batch_shape + (-1,)).sum(-1)
        return result
