"""The public Tensor methods of sorting, selection, scans, statistics and counting, each a
one-line call into an op module; in-place forms go through ``autograd.engine.inplace``.

A mixin of ``Tensor`` (see ``autograd.tensor_methods``), with empty ``__slots__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.engine.inplace import inplace
from autograd.ops.reduction import counting as _counting
from autograd.ops.reduction import cumulative as _cumulative
from autograd.ops.reduction import extrema as _extrema
from autograd.ops.reduction import nanops as _nanops
from autograd.ops.reduction import order_stats as _stats
from autograd.ops.reduction import sort as _sort

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _SelectionMethods:
    """Sorting, selection, scans, statistics and counting."""

    __slots__ = ()

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

    def median(self, dim: Any = None, keepdim: bool = False) -> Any:
        """The lower median, or ``(values, indices)`` along ``dim`` (see ``autograd.median``)."""
        return _stats.median(self, dim, keepdim)

    def nanmedian(self, dim: Any = None, keepdim: bool = False) -> Any:
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
        """In-place ``cumprod``."""
        return inplace(self, _cumulative.cumprod, dim, dtype=dtype)

    def cumsum_(self, dim: int, *, dtype: Any = None) -> Tensor:
        """In-place ``cumsum``."""
        return inplace(self, _cumulative.cumsum, dim, dtype=dtype)
