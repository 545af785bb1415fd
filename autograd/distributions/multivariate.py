"""MultivariateNormal, LowRankMultivariateNormal and Independent.

The multivariate normal keeps the lower Cholesky factor of its covariance (``scale_tril``);
the Mahalanobis term solves against it with ``linalg.solve``, so everything is
differentiable in ``loc`` and whichever matrix was given.
"""

from __future__ import annotations

from typing import Any

from autograd.creation import eye, randn
from autograd.linalg import cholesky, inv, solve
from autograd.ops.shape.broadcast import broadcast_shapes, broadcast_tensors

from . import constraints
from .distribution import LOG_2PI, Distribution, _size, sum_rightmost

__all__ = ["Independent", "LowRankMultivariateNormal", "MultivariateNormal"]


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
        new = self._expanded_copy(batch_shape, _instance)
        new.base_dist = self.base_dist.expand(
            batch_shape + self.event_shape[:self.reinterpreted_batch_ndims])
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



def _batch_capacitance_tril(w: Any, d: Any) -> Any:
    """The Cholesky factor of ``I + W.T @ D^-1 @ W``."""
    m = w.shape[-1]
    k = (w.mT / d.unsqueeze(-2)) @ w + eye(m, dtype=w.dtype, device=w.device)
    return cholesky(k)


def _batch_lowrank_logdet(w: Any, d: Any, capacitance_tril: Any) -> Any:
    return (2 * capacitance_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1)
            + d.log().sum(-1))


def _batch_lowrank_mahalanobis(w: Any, d: Any, x: Any, capacitance_tril: Any) -> Any:
    wt_dinv = w.mT / d.unsqueeze(-2)
    wt_dinv_x = (wt_dinv @ x.unsqueeze(-1)).squeeze(-1)
    return (x.pow(2) / d).sum(-1) - _batch_mahalanobis(capacitance_tril, wt_dinv_x)


class LowRankMultivariateNormal(Distribution):
    """The multivariate normal with covariance ``cov_factor @ cov_factor.mT +
    diag(cov_diag)`` (a low-rank plus diagonal form): ``log_prob`` and ``entropy`` go through
    the ``m x m`` capacitance matrix (Woodbury identity)."""

    arg_constraints = {"loc": constraints.real_vector,
                       "cov_factor": constraints.independent(constraints.real, 2),
                       "cov_diag": constraints.independent(constraints.positive, 1)}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc: Any, cov_factor: Any, cov_diag: Any,
                 validate_args: bool | None = None) -> None:
        if loc.ndim < 1:
            raise ValueError("loc must be at least one-dimensional.")
        event_shape = tuple(loc.shape[-1:])
        if cov_factor.ndim < 2:
            raise ValueError("cov_factor must be at least two-dimensional, with optional "
                             "leading batch dimensions")
        if tuple(cov_factor.shape[-2:-1]) != event_shape:
            raise ValueError(f"cov_factor must be a batch of matrices with shape "
                             f"{event_shape[0]} x m")
        if tuple(cov_diag.shape[-1:]) != event_shape:
            raise ValueError(f"cov_diag must be a batch of vectors with shape {event_shape}")
        try:
            loc_, self.cov_factor, cov_diag_ = broadcast_tensors(
                loc.unsqueeze(-1), cov_factor, cov_diag.unsqueeze(-1))
        except (RuntimeError, ValueError) as e:
            raise ValueError(f"Incompatible batch shapes: loc {tuple(loc.shape)}, cov_factor "
                             f"{tuple(cov_factor.shape)}, cov_diag {tuple(cov_diag.shape)}"
                             ) from e
        self.loc = loc_[..., 0]
        self.cov_diag = cov_diag_[..., 0]
        self._unbroadcasted_cov_factor = cov_factor
        self._unbroadcasted_cov_diag = cov_diag
        self._capacitance_tril = _batch_capacitance_tril(cov_factor, cov_diag)
        super().__init__(tuple(self.loc.shape[:-1]), event_shape, validate_args=validate_args)

    def expand(self, batch_shape: Any, _instance: Any = None) -> LowRankMultivariateNormal:
        batch_shape = _size(batch_shape)
        new = self._expanded_copy(batch_shape, _instance)
        loc_shape = batch_shape + self.event_shape
        new.loc = self.loc.expand(loc_shape)
        new.cov_diag = self.cov_diag.expand(loc_shape)
        new.cov_factor = self.cov_factor.expand(loc_shape + tuple(self.cov_factor.shape[-1:]))
        return new

    @property
    def mean(self) -> Any:
        return self.loc

    @property
    def mode(self) -> Any:
        return self.loc

    @property
    def variance(self) -> Any:
        return (self._unbroadcasted_cov_factor.pow(2).sum(-1)
                + self._unbroadcasted_cov_diag).expand(self._batch_shape + self._event_shape)

    @property
    def scale_tril(self) -> Any:
        """The lower Cholesky factor of the covariance matrix."""
        n = self._event_shape[0]
        diag_sqrt = self._unbroadcasted_cov_diag.sqrt().unsqueeze(-1)
        dinvsqrt_w = self._unbroadcasted_cov_factor / diag_sqrt
        k = dinvsqrt_w @ dinvsqrt_w.mT + eye(n, dtype=diag_sqrt.dtype, device=diag_sqrt.device)
        return (diag_sqrt * cholesky(k)).expand(self._batch_shape + self._event_shape
                                                + self._event_shape)

    @property
    def covariance_matrix(self) -> Any:
        """``cov_factor @ cov_factor.mT + diag(cov_diag)``."""
        w = self._unbroadcasted_cov_factor
        cov = w @ w.mT + self._unbroadcasted_cov_diag.diag_embed()
        return cov.expand(self._batch_shape + self._event_shape + self._event_shape)

    @property
    def precision_matrix(self) -> Any:
        """The inverse covariance matrix, by the Woodbury identity."""
        wt_dinv = self._unbroadcasted_cov_factor.mT / self._unbroadcasted_cov_diag.unsqueeze(-2)
        tril = self._capacitance_tril
        shape = tuple(broadcast_shapes(tuple(tril.shape[:-2]), tuple(wt_dinv.shape[:-2])))
        a = solve(tril.expand(shape + tuple(tril.shape[-2:])),
                  wt_dinv.expand(shape + tuple(wt_dinv.shape[-2:])))
        precision = self._unbroadcasted_cov_diag.reciprocal().diag_embed() - a.mT @ a
        return precision.expand(self._batch_shape + self._event_shape + self._event_shape)

    def rsample(self, sample_shape: Any = ()) -> Any:
        shape = self._extended_shape(sample_shape)
        w_shape = shape[:-1] + tuple(self.cov_factor.shape[-1:])
        eps_w = randn(w_shape, dtype=self.loc.dtype, device=self.loc.device)
        eps_d = randn(shape, dtype=self.loc.dtype, device=self.loc.device)
        return (self.loc + (self._unbroadcasted_cov_factor @ eps_w.unsqueeze(-1)).squeeze(-1)
                + self._unbroadcasted_cov_diag.sqrt() * eps_d)

    def _log_det(self) -> Any:
        return _batch_lowrank_logdet(self._unbroadcasted_cov_factor,
                                     self._unbroadcasted_cov_diag, self._capacitance_tril)

    def log_prob(self, value: Any) -> Any:
        if self._validate_args:
            self._validate_sample(value)
        m = _batch_lowrank_mahalanobis(self._unbroadcasted_cov_factor,
                                       self._unbroadcasted_cov_diag, value - self.loc,
                                       self._capacitance_tril)
        return -0.5 * (self._event_shape[0] * LOG_2PI + self._log_det() + m)

    def entropy(self) -> Any:
        h = 0.5 * (self._event_shape[0] * (1.0 + LOG_2PI) + self._log_det())
        return h.expand(self._batch_shape) if self._batch_shape else h

    def __repr__(self) -> str:
        return (f"LowRankMultivariateNormal(loc: {tuple(self.loc.shape)}, cov_factor: "
                f"{tuple(self.cov_factor.shape)}, cov_diag: {tuple(self.cov_diag.shape)})")
