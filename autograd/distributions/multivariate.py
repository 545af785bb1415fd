"""MultivariateNormal and Independent.

The multivariate normal keeps the lower Cholesky factor of its covariance (``scale_tril``);
the Mahalanobis term solves against it with ``linalg.solve``, so everything is
differentiable in ``loc`` and whichever matrix was given.
"""

from __future__ import annotations

from typing import Any

from autograd.creation import randn
from autograd.linalg import cholesky, inv, solve
from autograd.ops.shape.broadcast import broadcast_shapes

from . import constraints
from .distribution import LOG_2PI, Distribution, _size, sum_rightmost

__all__ = ["Independent", "MultivariateNormal"]


def _batch_mahalanobis(scale_tril: Any, diff: Any) -> Any:
    """``|| L^{-1} diff ||^2`` over the last dimension, broadcasting the batch dimensions."""
    shape = tuple(broadcast_shapes(tuple(scale_tril.shape[:-2]), tuple(diff.shape[:-1])))
    n = diff.shape[-1]
    tril = scale_tril.tril().expand(shape + (n, n))  # only the lower triangle counts
    sol = solve(tril, diff.expand(shape + (n,)).unsqueeze(-1)).squeeze(-1)
    return sol.pow(2).sum(-1)


class MultivariateNormal(Distribution):
    """The multivariate normal with mean ``loc`` and exactly one of ``covariance_matrix``,
    ``precision_matrix`` or ``scale_tril`` (lower triangular, positive diagonal)."""

    arg_constraints = {"loc": constraints.real_vector,
                       "covariance_matrix": constraints.positive_definite,
                       "precision_matrix": constraints.positive_definite,
                       "scale_tril": constraints.lower_cholesky}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc: Any, covariance_matrix: Any = None, precision_matrix: Any = None,
                 scale_tril: Any = None, validate_args: bool | None = None) -> None:
        if loc.ndim < 1:
            raise ValueError("loc must be at least one-dimensional.")
        given = [m for m in (covariance_matrix, precision_matrix, scale_tril) if m is not None]
        if len(given) != 1:
            raise ValueError("Exactly one of covariance_matrix or precision_matrix or "
                             "scale_tril may be specified.")
        matrix = given[0]
        name = ("scale_tril" if scale_tril is not None else "covariance_matrix"
                if covariance_matrix is not None else "precision_matrix")
        if matrix.ndim < 2:
            raise ValueError(f"{name} matrix must be at least two-dimensional, with optional "
                             "leading batch dimensions")
        batch_shape = tuple(broadcast_shapes(tuple(matrix.shape[:-2]), tuple(loc.shape[:-1])))
        event_shape = tuple(loc.shape[-1:])
        n = event_shape[0]
        matrix = matrix.expand(batch_shape + (n, n))
        self.loc = loc.expand(batch_shape + (-1,))
        self._given = name
        setattr(self, name, matrix)
        super().__init__(batch_shape, event_shape, validate_args=validate_args)
        if name == "scale_tril":
            self.scale_tril = matrix
        elif name == "covariance_matrix":
            self.scale_tril = cholesky(matrix)
        else:
            self.scale_tril = cholesky(inv(matrix))

    def _lazy_params(self) -> tuple[str, ...]:
        return tuple(k for k in ("covariance_matrix", "precision_matrix", "scale_tril")
                     if k != self._given)

    @property
    def covariance_matrix(self) -> Any:
        """``scale_tril @ scale_tril.mT``."""
        if "covariance_matrix" in self.__dict__:
            return self.__dict__["covariance_matrix"]
        return self.scale_tril @ self.scale_tril.mT

    @covariance_matrix.setter
    def covariance_matrix(self, value: Any) -> None:
        self.__dict__["covariance_matrix"] = value

    @property
    def precision_matrix(self) -> Any:
        """The inverse of the covariance matrix."""
        if "precision_matrix" in self.__dict__:
            return self.__dict__["precision_matrix"]
        return inv(self.covariance_matrix)

    @precision_matrix.setter
    def precision_matrix(self, value: Any) -> None:
        self.__dict__["precision_matrix"] = value

    @property
    def mean(self) -> Any:
        return self.loc

    @property
    def mode(self) -> Any:
        return self.loc

    @property
    def variance(self) -> Any:
        return self.scale_tril.pow(2).sum(-1)

    def rsample(self, sample_shape: Any = ()) -> Any:
        shape = self._extended_shape(sample_shape)
        eps = randn(shape, dtype=self.loc.dtype, device=self.loc.device)
        return self.loc + (self.scale_tril @ eps.unsqueeze(-1)).squeeze(-1)

    def _half_log_det(self) -> Any:
        return self.scale_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1)

    def log_prob(self, value: Any) -> Any:
        if self._validate_args:
            self._validate_sample(value)
        m = _batch_mahalanobis(self.scale_tril, value - self.loc)
        return -0.5 * (self._event_shape[0] * LOG_2PI + m) - self._half_log_det()

    def entropy(self) -> Any:
        half_log_det = self._half_log_det()
        return 0.5 * self._event_shape[0] * (1.0 + LOG_2PI) + half_log_det

    def __repr__(self) -> str:
        return (f"MultivariateNormal(loc: {tuple(self.loc.shape)}, "
                f"{self._given}: {tuple(self.__dict__[self._given].shape)})")


class Independent(Distribution):
    """Reinterpret the rightmost ``reinterpreted_batch_ndims`` batch dimensions of
    ``base_distribution`` as event dimensions (``log_prob`` sums over them)."""

    arg_constraints: dict = {}

    def __init__(self, base_distribution: Distribution, reinterpreted_batch_ndims: int,
                 validate_args: bool | None = None) -> None:
        shape = base_distribution.batch_shape + base_distribution.event_shape
        if reinterpreted_batch_ndims > len(base_distribution.batch_shape):
            raise ValueError(
                "Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), "
                f"actual {reinterpreted_batch_ndims} vs {len(base_distribution.batch_shape)}")
        event_dim = reinterpreted_batch_ndims + len(base_distribution.event_shape)
        self.base_dist = base_distribution
        self.reinterpreted_batch_ndims = reinterpreted_batch_ndims
        super().__init__(shape[:len(shape) - event_dim], shape[len(shape) - event_dim:],
                         validate_args=validate_args)

    def expand(self, batch_shape: Any, _instance: Any = None) -> Independent:
        batch_shape = _size(batch_shape)
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.base_dist = self.base_dist.expand(
            batch_shape + self.event_shape[:self.reinterpreted_batch_ndims])
        new._batch_shape = batch_shape
        return new

    @property
    def has_rsample(self) -> bool:  # type: ignore[override]
        return self.base_dist.has_rsample

    @property
    def has_enumerate_support(self) -> bool:  # type: ignore[override]
        if self.reinterpreted_batch_ndims > 0:
            return False
        return self.base_dist.has_enumerate_support

    @constraints.dependent_property
    def support(self) -> Any:
        result = self.base_dist.support
        if self.reinterpreted_batch_ndims:
            result = constraints.independent(result, self.reinterpreted_batch_ndims)
        return result

    @property
    def mean(self) -> Any:
        return self.base_dist.mean

    @property
    def mode(self) -> Any:
        return self.base_dist.mode

    @property
    def variance(self) -> Any:
        return self.base_dist.variance

    def sample(self, sample_shape: Any = ()) -> Any:
        return self.base_dist.sample(sample_shape)

    def rsample(self, sample_shape: Any = ()) -> Any:
        return self.base_dist.rsample(sample_shape)

    def log_prob(self, value: Any) -> Any:
        return sum_rightmost(self.base_dist.log_prob(value), self.reinterpreted_batch_ndims)

    def entropy(self) -> Any:
        return sum_rightmost(self.base_dist.entropy(), self.reinterpreted_batch_ndims)

    def enumerate_support(self, expand: bool = True) -> Any:
        if self.reinterpreted_batch_ndims > 0:
            raise NotImplementedError("Enumeration over cartesian product is not implemented")
        return self.base_dist.enumerate_support(expand=expand)

    def __repr__(self) -> str:
        return f"Independent({self.base_dist!r}, {self.reinterpreted_batch_ndims})"

