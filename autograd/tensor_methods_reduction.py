"""The Tensor methods that reduce or scan along dims: sums, means, extrema, norms, softmax,
cumulative ops (with ``cumsum_``/``cumprod_``), sorting and selection (``sort``, ``topk``,
``median``, ``quantile`` ...), the NaN-ignoring reductions, counting, ``unique``, histograms,
differences and statistics (``diff``, ``cov``, ``corrcoef``), ``sum_to_size``, ``dist`` and
``renorm``, each a one-line call into an op module.

A mixin of ``Tensor`` (see ``autograd.tensor_methods_elementwise``), with empty ``__slots__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.checks import LEFT_OUT, int_tuple
from autograd.engine.inplace import inplace
from autograd.ops.aliases import numpy_dims
from autograd.ops.linalg import vectors as _vectors
from autograd.ops.nn import softmax_loss as _softmax
from autograd.ops.reduction import basic as _reduce
from autograd.ops.reduction import counting as _counting
from autograd.ops.reduction import cumulative as _cumulative
from autograd.ops.reduction import extrema as _extrema
from autograd.ops.reduction import integrate as _integrate
from autograd.ops.reduction import nanops as _nanops
from autograd.ops.reduction import norm as _rnorm
from autograd.ops.reduction import order_stats as _stats
from autograd.ops.reduction import sort as _sort
from autograd.ops.reduction import statistics as _statistics
from autograd.ops.shape import view as _view

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _ReductionMethods:
    """Reductions, scans, sorting, selection, statistics and counting."""

    __slots__ = ()

    # -- reductions -----------------------------------------------------------------------
    def sum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
            axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Sum over ``dim`` (see ``autograd.sum``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("sum", dim, keepdim, axis, keepdims, None)
        return _reduce.sum(self, dim, keepdim, dtype=dtype)

    def mean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Mean over ``dim`` (see ``autograd.mean``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("mean", dim, keepdim, axis, keepdims, None)
        return _reduce.mean(self, dim, keepdim, dtype=dtype)

    def prod(self, dim: Any = LEFT_OUT, keepdim: bool = False, *, dtype: Any = None,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Product over ``dim`` (see ``autograd.prod``)."""
        return _reduce.prod(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def var(self, dim: Any = None, unbiased: Any = LEFT_OUT, keepdim: bool = False, *,
            correction: Any = None, axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Variance over ``dim`` (see ``autograd.var``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("var", dim, keepdim, axis, keepdims, None)
        return _reduce.var(self, dim, unbiased, keepdim, correction=correction)

    def std(self, dim: Any = None, unbiased: Any = LEFT_OUT, keepdim: bool = False, *,
            correction: Any = None, axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Standard deviation over ``dim`` (see ``autograd.std``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("std", dim, keepdim, axis, keepdims, None)
        return _reduce.std(self, dim, unbiased, keepdim, correction=correction)

    def max(self, dim: Any = LEFT_OUT, keepdim: bool = False, *, other: Any = None,
            axis: Any = None, keepdims: bool | None = None) -> Any:
        """The largest element, or ``(values, indices)`` along ``dim`` (see ``autograd.max``)."""
        return _extrema.max(self, dim, keepdim, other=other, axis=axis, keepdims=keepdims)

    def min(self, dim: Any = LEFT_OUT, keepdim: bool = False, *, other: Any = None,
            axis: Any = None, keepdims: bool | None = None) -> Any:
        """The smallest element, or ``(values, indices)`` along ``dim`` (see ``autograd.min``)."""
        return _extrema.min(self, dim, keepdim, other=other, axis=axis, keepdims=keepdims)

    def amax(self, dim: Any = (), keepdim: bool = False, *,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Maximum over ``dim`` (see ``autograd.amax``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("amax", dim, keepdim, axis, keepdims, ())
        return _extrema.amax(self, dim, keepdim)

    def amin(self, dim: Any = (), keepdim: bool = False, *,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Minimum over ``dim`` (see ``autograd.amin``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("amin", dim, keepdim, axis, keepdims, ())
        return _extrema.amin(self, dim, keepdim)

    def argmax(self, dim: int | None = None, keepdim: bool = False, *,
               axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Index of the first maximum along ``dim`` (see ``autograd.argmax``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("argmax", dim, keepdim, axis, keepdims, None)
        return _extrema.argmax(self, dim, keepdim)

    def argmin(self, dim: int | None = None, keepdim: bool = False, *,
               axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Index of the first minimum along ``dim`` (see ``autograd.argmin``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("argmin", dim, keepdim, axis, keepdims, None)
        return _extrema.argmin(self, dim, keepdim)

    def softmax(self, dim: int, dtype: Any = None) -> Tensor:
        """exp(self) normalised to sum to 1 along ``dim`` (see ``autograd.softmax``)."""
        return _softmax.softmax(self, dim, dtype)

    def log_softmax(self, dim: int, dtype: Any = None) -> Tensor:
        """log(softmax(self)) along ``dim``, computed stably (see ``autograd.log_softmax``)."""
        return _softmax.log_softmax(self, dim, dtype)

    def logsumexp(self, dim: Any = None, keepdim: bool = False, *,
                  axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """``log(sum(exp(self)))`` over ``dim``, without overflow (see ``autograd.logsumexp``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("logsumexp", dim, keepdim, axis, keepdims, None)
        return _rnorm.logsumexp(self, dim, keepdim)

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False, *,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """The p-norm over ``dim`` (see ``autograd.norm``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("norm", dim, keepdim, axis, keepdims, None)
        return _rnorm.norm(self, p, dim, keepdim)

    def cumsum(self, dim: int | None = None, *, dtype: Any = None, axis: Any = None) -> Tensor:
        """Running sums along ``dim`` (see ``autograd.cumsum``)."""
        if axis is not None:
            dim, _ = numpy_dims("cumsum", dim, False, axis, None)
        return _cumulative.cumsum(self, dim, dtype=dtype)

    def cumprod(self, dim: int | None = None, *, dtype: Any = None, axis: Any = None) -> Tensor:
        """Running products along ``dim`` (see ``autograd.cumprod``)."""
        if axis is not None:
            dim, _ = numpy_dims("cumprod", dim, False, axis, None)
        return _cumulative.cumprod(self, dim, dtype=dtype)

    def all(self, dim: Any = None, keepdim: bool = False, *,
            axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """True where every element over ``dim`` is nonzero (see ``autograd.all``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("all", dim, keepdim, axis, keepdims, None)
        return _reduce.all(self, dim, keepdim)

    def any(self, dim: Any = None, keepdim: bool = False, *,
            axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """True where some element over ``dim`` is nonzero (see ``autograd.any``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("any", dim, keepdim, axis, keepdims, None)
        return _reduce.any(self, dim, keepdim)

    def sum_to_size(self, *size: Any) -> Tensor:
        """Sum to ``size``, a shape that ``self`` can be expanded from (the reverse of
        ``expand``)."""
        return _sum_to_size(self, int_tuple(size, "sum_to_size"))

    # -- sorting, selection, scans, statistics and counting -------------------------------
    def sort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Any:
        """``(values, indices)`` sorted along ``dim`` (see ``autograd.sort``)."""
        return _sort.sort(self, dim, descending, stable)

    def argsort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
        """The indices that sort along ``dim`` (see ``autograd.argsort``)."""
        return _sort.argsort(self, dim, descending, stable)

    def msort(self) -> Tensor:
        """Sorted along dim 0 (see ``autograd.msort``)."""
        return _sort.msort(self)

    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
        """``(values, indices)`` of the k largest or smallest (see ``autograd.topk``)."""
        return _sort.topk(self, k, dim, largest, sorted)

    def kthvalue(self, k: int, dim: int = -1, keepdim: bool = False) -> Any:
        """``(values, indices)`` of the k-th smallest (see ``autograd.kthvalue``)."""
        return _sort.kthvalue(self, k, dim, keepdim)

    def median(self, dim: Any = LEFT_OUT, keepdim: bool = False) -> Any:
        """The lower median, or ``(values, indices)`` along ``dim`` (see ``autograd.median``)."""
        return _stats.median(self, dim, keepdim)

    def nanmedian(self, dim: Any = LEFT_OUT, keepdim: bool = False) -> Any:
        """``median`` ignoring NaNs (see ``autograd.nanmedian``)."""
        return _stats.nanmedian(self, dim, keepdim)

    def mode(self, dim: int = -1, keepdim: bool = False) -> Any:
        """``(values, indices)`` of the most frequent value (see ``autograd.mode``)."""
        return _stats.mode(self, dim, keepdim)

    def quantile(self, q: Any, dim: int | None = None, keepdim: bool = False, *,
                 interpolation: str = "linear") -> Tensor:
        """The q-th quantiles (see ``autograd.quantile``)."""
        return _stats.quantile(self, q, dim, keepdim, interpolation=interpolation)

    def nanquantile(self, q: Any, dim: int | None = None, keepdim: bool = False, *,
                    interpolation: str = "linear") -> Tensor:
        """``quantile`` ignoring NaNs (see ``autograd.nanquantile``)."""
        return _stats.nanquantile(self, q, dim, keepdim, interpolation=interpolation)

    def cummax(self, dim: int) -> Any:
        """``(values, indices)`` of running maxima (see ``autograd.cummax``)."""
        return _cumulative.cummax(self, dim)

    def cummin(self, dim: int) -> Any:
        """``(values, indices)`` of running minima (see ``autograd.cummin``)."""
        return _cumulative.cummin(self, dim)

    def logcumsumexp(self, dim: int) -> Tensor:
        """log(cumsum(exp(self))) along ``dim`` (see ``autograd.logcumsumexp``)."""
        return _cumulative.logcumsumexp(self, dim)

    def nansum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        """``sum`` with NaNs as zero (see ``autograd.nansum``)."""
        return _nanops.nansum(self, dim, keepdim, dtype=dtype)

    def nanmean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        """The mean of the non-NaN values (see ``autograd.nanmean``)."""
        return _nanops.nanmean(self, dim, keepdim, dtype=dtype)

    def count_nonzero(self, dim: Any = None) -> Tensor:
        """The number of non-zero elements (see ``autograd.count_nonzero``)."""
        return _nanops.count_nonzero(self, dim)

    def aminmax(self, *, dim: int | None = None, keepdim: bool = False) -> Any:
        """``(min, max)`` (see ``autograd.aminmax``)."""
        return _extrema.aminmax(self, dim=dim, keepdim=keepdim)

    def unique(self, sorted: bool = True, return_inverse: bool = False,
               return_counts: bool = False, dim: int | None = None) -> Any:
        """The distinct elements or slices (see ``autograd.unique``)."""
        return _counting.unique(self, sorted, return_inverse, return_counts, dim)

    def unique_consecutive(self, return_inverse: bool = False, return_counts: bool = False,
                           dim: int | None = None) -> Any:
        """Runs of equal elements kept once (see ``autograd.unique_consecutive``)."""
        return _counting.unique_consecutive(self, return_inverse, return_counts, dim)

    def bincount(self, weights: Tensor | None = None, minlength: int = 0) -> Tensor:
        """Counts of each non-negative integer (see ``autograd.bincount``)."""
        return _counting.bincount(self, weights, minlength)

    def histc(self, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:
        """A histogram in equal bins (see ``autograd.histc``)."""
        return _counting.histc(self, bins, min, max)

    def cumprod_(self, dim: int, *, dtype: Any = None) -> Tensor:
        """In-place ``cumprod`` (computed in this tensor's dtype unless ``dtype`` is given)."""
        return inplace(self, _cumulative.cumprod, dim,
                       dtype=self._data.dtype if dtype is None else dtype)

    def cumsum_(self, dim: int, *, dtype: Any = None) -> Tensor:
        """In-place ``cumsum`` (computed in this tensor's dtype unless ``dtype`` is given)."""
        return inplace(self, _cumulative.cumsum, dim,
                       dtype=self._data.dtype if dtype is None else dtype)

    # -- differences, statistics and histograms -------------------------------------------
    def diff(self, n: int = 1, dim: int = -1, prepend: Tensor | None = None,
             append: Tensor | None = None) -> Tensor:
        """The n-th forward difference (see ``autograd.diff``)."""
        return _integrate.diff(self, n, dim, prepend, append)

    def cov(self, *, correction: int = 1, fweights: Tensor | None = None,
            aweights: Tensor | None = None) -> Tensor:
        """Covariance matrix of the rows (see ``autograd.cov``)."""
        return _statistics.cov(self, correction=correction, fweights=fweights, aweights=aweights)

    def corrcoef(self) -> Tensor:
        """Correlation coefficients of the rows (see ``autograd.corrcoef``)."""
        return _statistics.corrcoef(self)

    def histogram(self, bins: Any = 100, *, range: Any = None, weight: Tensor | None = None,
                  density: bool = False) -> Any:
        """``(hist, bin_edges)`` (see ``autograd.histogram``)."""
        return _statistics.histogram(self, bins, range=range, weight=weight, density=density)

    # -- distances and norms of sub-tensors -----------------------------------------------
    def dist(self, other: Tensor, p: float = 2) -> Tensor:
        """The p-norm of self - other (see ``autograd.dist``)."""
        return _vectors.dist(self, other, p)

    def renorm(self, p: float, dim: int, maxnorm: float) -> Tensor:
        """Slices along dim scaled to p-norm at most maxnorm (see ``autograd.renorm``)."""
        return _vectors.renorm(self, p, dim, maxnorm)

    def renorm_(self, p: float, dim: int, maxnorm: float) -> Tensor:
        """In-place ``renorm``."""
        return inplace(self, _vectors.renorm, p, dim, maxnorm)


def _sum_to_size(t: Tensor, size: tuple[int, ...]) -> Tensor:
    shape = t._data.shape
    lead = len(shape) - len(size)
    if lead < 0 or any(s != 1 and s != n for s, n in zip(size, shape[lead:])):
        raise RuntimeError(f"sum_to_size: size {list(size)} is not expandable to size "
                           f"{list(shape)}.")
    dims = tuple(range(lead)) + tuple(lead + k for k, s in enumerate(size)
                                      if s == 1 and shape[lead + k] != 1)
    if not dims:
        return t
    return _view.reshape(_reduce.sum(t, dims, keepdim=True), size)
