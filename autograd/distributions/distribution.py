"""The ``Distribution`` base class (``torch.distributions.Distribution``) and the helpers its
subclasses share: turning numbers into tensors beside the tensor parameters, the extended
shape of a sample, summing the rightmost dimensions.

Everything is written on the public tensor API, so ``log_prob``, ``entropy``, the moments and
``rsample`` are differentiable in the parameters by the ordinary tape.
"""

from __future__ import annotations

import math
from typing import Any

from autograd.creation import as_tensor
from autograd.dtypes import get_default_dtype
from autograd.engine.grad_mode import no_grad
from autograd.engine.tensor_base import TensorBase
from autograd.ops.shape.broadcast import broadcast_shapes, broadcast_tensors

from . import constraints

__all__ = ["Distribution"]

Number = (int, float)


def _size(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(s) for s in shape)


def broadcast_all(*values: Any) -> tuple:
    """Broadcast tensors and numbers together; numbers become tensors of the tensors' dtype
    and device (the default dtype on the cpu when all are numbers)."""
    tensors = [v for v in values if isinstance(v, TensorBase)]
    for v in values:
        if not isinstance(v, (TensorBase, int, float)):
            raise ValueError(f"Input arguments must all be instances of numbers or Tensor, "
                             f"but got {type(v).__name__}")
    if tensors:
        dtype, device = tensors[0].dtype, tensors[0].device
    else:
        dtype, device = get_default_dtype(), "cpu"
    converted = [v if isinstance(v, TensorBase) else as_tensor(float(v), dtype=dtype,
                                                              device=device) for v in values]
    return tuple(broadcast_tensors(*converted))


def sum_rightmost(value: Any, dim: int) -> Any:
    """Sum out the ``dim`` rightmost dimensions of ``value``."""
    if dim == 0:
        return value
    return value.reshape(tuple(value.shape[:value.ndim - dim]) + (-1,)).sum(-1)


def clamp_probs(probs: Any) -> Any:
    """Keep probabilities inside the open interval (0, 1), by the dtype's resolution."""
    eps = 1.1920928955078125e-07 if probs.dtype.itemsize == 4 else 2.220446049250313e-16
    if probs.dtype.itemsize == 2:
        eps = 0.0009765625
    return probs.clamp(min=eps, max=1 - eps)


def finfo_tiny(t: Any) -> float:
    """The smallest normal number of ``t``'s floating dtype."""
    return {2: 6.103515625e-05, 4: 1.1754943508222875e-38}.get(t.dtype.itemsize,
                                                                2.2250738585072014e-308)


LOG_2PI = math.log(2 * math.pi)


class Distribution:
    """The base of every probability distribution, with PyTorch's interface: ``batch_shape``,
    ``event_shape``, ``sample``/``rsample``, ``log_prob``, ``entropy``, the moments,
    ``expand``, ``support``, ``arg_constraints`` and argument validation (on by default,
    ``Distribution.set_default_validate_args(False)`` turns it off)."""

    has_rsample = False
    has_enumerate_support = False
    _validate_args = __debug__

    @staticmethod
    def set_default_validate_args(value: bool) -> None:
        """Turn argument validation on or off for every distribution made afterwards."""
        if value not in [True, False]:
            raise ValueError(f"set_default_validate_args expects a bool, got {value!r}")
        Distribution._validate_args = value

    def __init__(self, batch_shape: Any = (), event_shape: Any = (),
                 validate_args: bool | None = None) -> None:
        self._batch_shape = _size(batch_shape)
        self._event_shape = _size(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            for param, constraint in self.arg_constraints.items():
                if constraints.is_dependent(constraint):
                    continue
                if param in self._lazy_params():
                    continue
                value = getattr(self, param)
                if not bool(constraint.check(value).all()):
                    raise ValueError(
                        f"Expected parameter {param} ({type(value).__name__} of shape "
                        f"{tuple(value.shape)}) of distribution {self!r} to satisfy the "
                        f"constraint {constraint!r}, but found invalid values:\n{value}")

    def _lazy_params(self) -> tuple[str, ...]:
        """Parameters that need no check when the distribution was not given them (the
        ``probs`` of a distribution made from ``logits`` and the other way round: ``_given``
        names the one it was given)."""
        return {"probs": ("logits",), "logits": ("probs",)}.get(getattr(self, "_given", None), ())

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The shape over which parameters are batched."""
        return self._batch_shape

    @property
    def event_shape(self) -> tuple[int, ...]:
        """The shape of a single sample (without batching)."""
        return self._event_shape

    @property
    def arg_constraints(self) -> dict[str, constraints.Constraint]:
        """The constraint each parameter must satisfy."""
        raise NotImplementedError

    @property
    def support(self) -> Any:
        """The constraint the values of the distribution satisfy."""
        raise NotImplementedError

    @property
    def mean(self) -> Any:
        """The mean of the distribution."""
        raise NotImplementedError

    @property
    def mode(self) -> Any:
        """The mode of the distribution."""
        raise NotImplementedError(f"{self.__class__} does not implement mode")

    @property
    def variance(self) -> Any:
        """The variance of the distribution."""
        raise NotImplementedError

    @property
    def stddev(self) -> Any:
        """The standard deviation of the distribution."""
        return self.variance.sqrt()

    def expand(self, batch_shape: Any, _instance: Any = None) -> Distribution:
        """A new distribution with the parameters expanded (as views) to ``batch_shape``."""
        batch_shape = _size(batch_shape)
        new = type(self).__new__(type(self)) if _instance is None else _instance
        n = len(self._batch_shape)
        for name, value in self.__dict__.items():
            if isinstance(value, TensorBase) and tuple(value.shape[:n]) == self._batch_shape \
                    and value.ndim >= n:
                value = value.expand(batch_shape + tuple(value.shape[n:]))
            elif isinstance(value, Distribution):
                value = value.expand(batch_shape + value.batch_shape[n:])
            new.__dict__[name] = value
        new._batch_shape = batch_shape
        return new

    def _expanded_copy(self, batch_shape: tuple[int, ...], _instance: Any = None) -> Any:
        # a shallow copy with the new batch shape, for an expand that expands its parts itself
        new = type(self).__new__(type(self)) if _instance is None else _instance
        new.__dict__.update(self.__dict__)
        new._batch_shape = batch_shape
        return new

    def sample(self, sample_shape: Any = ()) -> Any:
        """Draw a sample of shape ``sample_shape + batch_shape + event_shape``, without a
        gradient."""
        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape: Any = ()) -> Any:
        """A reparameterized sample: differentiable in the parameters."""
        raise NotImplementedError

    def sample_n(self, n: int) -> Any:
        """``sample((n,))`` (deprecated in PyTorch)."""
        return self.sample((n,))

    def log_prob(self, value: Any) -> Any:
        """The log of the probability density/mass at ``value``."""
        raise NotImplementedError

    def cdf(self, value: Any) -> Any:
        """The cumulative distribution function at ``value``."""
        raise NotImplementedError

    def icdf(self, value: Any) -> Any:
        """The inverse cumulative distribution function at ``value``."""
        raise NotImplementedError

    def enumerate_support(self, expand: bool = True) -> Any:
        """Every value of a discrete distribution, along a new leading dimension."""
        raise NotImplementedError

    def entropy(self) -> Any:
        """The entropy, over the batch shape."""
        raise NotImplementedError

    def perplexity(self) -> Any:
        """``exp(entropy)``."""
        return self.entropy().exp()

    def _extended_shape(self, sample_shape: Any = ()) -> tuple[int, ...]:
        return _size(sample_shape) + self._batch_shape + self._event_shape

    def _validate_sample(self, value: Any) -> None:
        if not isinstance(value, TensorBase):
            raise ValueError("The value argument to log_prob must be a Tensor")
        event_dim_start = value.ndim - len(self._event_shape)
        if tuple(value.shape[event_dim_start:]) != self._event_shape:
            raise ValueError(f"The right-most size of value must match event_shape: "
                             f"{tuple(value.shape)} vs {self._event_shape}.")
        actual, expected = tuple(value.shape), self._batch_shape + self._event_shape
        for i, j in zip(reversed(actual), reversed(expected)):
            if i != 1 and j != 1 and i != j:
                raise ValueError(f"Value is not broadcastable with batch_shape+event_shape: "
                                 f"{actual} vs {expected}.")
        support = self.support
        if not bool(support.check(value).all()):
            raise ValueError(
                f"Expected value argument ({type(value).__name__} of shape "
                f"{tuple(value.shape)}) to be within the support ({support!r}) of the "
                f"distribution {self!r}, but found invalid values:\n{value}")

    def __repr__(self) -> str:
        names = [k for k in self.arg_constraints if k in self.__dict__]
        args = ", ".join(
            f"{k}: {self.__dict__[k] if self.__dict__[k].numel() == 1 else tuple(self.__dict__[k].shape)}"  # noqa: E501
            for k in names)
        return f"{self.__class__.__name__}({args})"


def _batch_shape_of(*values: Any) -> tuple[int, ...]:
    return tuple(broadcast_shapes(*[tuple(v.shape) for v in values]))
