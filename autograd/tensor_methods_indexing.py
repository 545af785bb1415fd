"""The Tensor methods of indexing, selection and scatter: ``gather``, ``scatter`` (with
``scatter_add``, ``scatter_reduce``), ``index_select``/``index_add``/``index_copy``/
``index_fill``/``index_put``/``index_reduce``, the flat-position ``take``/``put``, masks
(``masked_fill``, ``masked_select``, ``masked_scatter``), ``nonzero``/``argwhere``, the region
scatters (``slice_scatter`` ... ``as_strided_scatter``), ``fill_diagonal_``, and the in-place
forms of all of these (through ``autograd.engine.inplace``).

A mixin of ``Tensor`` (see ``autograd.tensor_methods_elementwise``), with empty ``__slots__``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd import creation as _creation
from autograd import dtypes as _dt
from autograd.checks import as_bool
from autograd.engine.inplace import inplace
from autograd.engine.tensor_base import make
from autograd.ops import leftovers as _leftovers
from autograd.ops.indexing import gather as _gather
from autograd.ops.indexing import index as _index
from autograd.ops.indexing import put as _put
from autograd.ops.indexing import scatter_more as _scatter_more
from autograd.ops.indexing import scatter_reduce as _scatter_reduce

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _IndexingMethods:
    """Gathers, scatters, index selection, masks and their in-place forms."""

    __slots__ = ()

    # -- gather, scatter and index selection ----------------------------------------------
    def gather(self, dim: int, index: Tensor) -> Tensor:
        """Values picked at ``index`` along ``dim`` (see ``autograd.gather``)."""
        return _gather.gather(self, dim, index)

    def scatter(self, dim: int, index: Tensor, src: Any = None, *, value: Any = None,
                reduce: str | None = None) -> Tensor:
        """A copy with ``src`` written at ``index`` along ``dim`` (see ``autograd.scatter``)."""
        return _gather.scatter(self, dim, index, src, value=value, reduce=reduce)

    def scatter_add(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        """A copy with ``src`` added at ``index`` along ``dim`` (see ``autograd.scatter_add``)."""
        return _gather.scatter_add(self, dim, index, src)

    def index_select(self, dim: int, index: Tensor) -> Tensor:
        """The slices at the 1-D ``index`` along ``dim`` (see ``autograd.index_select``)."""
        return _gather.index_select(self, dim, index)

    def masked_fill(self, mask: Any, value: Any) -> Tensor:
        """A copy with ``value`` where ``mask`` holds (see ``autograd.masked_fill``)."""
        return _index.masked_fill(self, mask, value)

    def take_along_dim(self, indices: Tensor, dim: int | None = None) -> Tensor:
        """Values at ``indices`` along ``dim`` (see ``autograd.take_along_dim``)."""
        return _gather.take_along_dim(self, indices, dim)

    def index_add(self, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
        """A copy with ``alpha * source`` added at ``index`` along ``dim``
        (see ``autograd.index_add``)."""
        return _gather.index_add(self, dim, index, source, alpha=alpha)

    # -- flat positions, index lists and masks --------------------------------------------
    def take(self, index: Tensor) -> Tensor:
        """The elements at flat positions (see ``autograd.take``)."""
        return _put.take(self, index)

    def put(self, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:
        """A copy with source written at flat positions (see ``autograd.put``)."""
        return _put.put(self, index, source, accumulate)

    def index_copy(self, dim: int, index: Tensor, source: Tensor) -> Tensor:
        """A copy with the slices at ``index`` replaced (see ``autograd.index_copy``)."""
        return _put.index_copy(self, dim, index, source)

    def index_fill(self, dim: int, index: Tensor, value: Any) -> Tensor:
        """A copy with the slices at ``index`` filled (see ``autograd.index_fill``)."""
        return _put.index_fill(self, dim, index, value)

    def index_put(self, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
        """A copy with ``self[indices] = values`` (see ``autograd.index_put``)."""
        return _index.index_put(self, indices, values, accumulate)

    def masked_scatter(self, mask: Tensor, source: Tensor) -> Tensor:
        """A copy with source's elements where mask holds (see ``autograd.masked_scatter``)."""
        return _put.masked_scatter(self, mask, source)

    def masked_select(self, mask: Tensor) -> Tensor:
        """The elements where mask holds, 1-D (see ``autograd.masked_select``)."""
        return _index.masked_select(self, mask)

    def nonzero(self, *, as_tuple: bool = False) -> Any:
        """The indices of the non-zero elements (see ``autograd.nonzero``)."""
        return _index.nonzero(self, as_tuple=as_tuple)

    def nonzero_static(self, *, size: int, fill_value: int = -1) -> Tensor:
        """See ``autograd.nonzero_static``."""
        return _leftovers.nonzero_static(self, size=size, fill_value=fill_value)

    def argwhere(self) -> Tensor:
        """The (n, ndim) indices of the non-zero elements (see ``autograd.argwhere``)."""
        return _index.argwhere(self)

    def scatter_reduce(self, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                       include_self: bool = True) -> Tensor:
        """A copy with src reduced in at ``index`` (see ``autograd.scatter_reduce``)."""
        return _scatter_reduce.scatter_reduce(self, dim, index, src, reduce,
                                              include_self=include_self)

    # -- region scatters and index_reduce -------------------------------------------------
    def slice_scatter(self, src: Tensor, dim: int = 0, start: int | None = None,
                      end: int | None = None, step: int = 1) -> Tensor:
        """A copy with src written over a slice (see ``autograd.slice_scatter``)."""
        return _scatter_more.slice_scatter(self, src, dim, start, end, step)

    def select_scatter(self, src: Tensor, dim: int, index: int) -> Tensor:
        """A copy with src written over ``select(dim, index)`` (see
        ``autograd.select_scatter``)."""
        return _scatter_more.select_scatter(self, src, dim, index)

    def diagonal_scatter(self, src: Tensor, offset: int = 0, dim1: int = 0,
                         dim2: int = 1) -> Tensor:
        """A copy with src written over a diagonal (see ``autograd.diagonal_scatter``)."""
        return _scatter_more.diagonal_scatter(self, src, offset, dim1, dim2)

    def as_strided_scatter(self, src: Tensor, size: Sequence[int], stride: Sequence[int],
                           storage_offset: int | None = None) -> Tensor:
        """A copy with src written over a strided view of it (see
        ``autograd.as_strided_scatter``)."""
        return _scatter_more.as_strided_scatter(self, src, size, stride, storage_offset)

    def index_reduce(self, dim: int, index: Tensor, source: Tensor, reduce: str, *,
                     include_self: bool = True) -> Tensor:
        """A copy with source's slices reduced in at ``index`` (see
        ``autograd.index_reduce``)."""
        return _scatter_more.index_reduce(self, dim, index, source, reduce,
                                          include_self=include_self)

    # -- in-place forms -------------------------------------------------------------------
    def masked_fill_(self, mask: Any, value: Any) -> Tensor:
        """In-place ``masked_fill``."""
        return inplace(self, _index.masked_fill, mask, value)

    def index_put_(self, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
        """``self[indices] = values`` (``+=`` with ``accumulate``; see ``autograd.index_put``)."""
        return _index.index_put_(self, indices, values, accumulate)

    def index_add_(self, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
        """Add ``alpha * source`` at ``index`` along ``dim`` (see ``autograd.index_add``)."""
        return inplace(self, _gather.index_add, dim, index, source, alpha=alpha)

    def scatter_(self, dim: int, index: Tensor, src: Any = None, *, value: Any = None,
                 reduce: str | None = None) -> Tensor:
        """In-place ``scatter``."""
        return inplace(self, _gather.scatter, dim, index, src, value=value,
                                reduce=reduce)

    def scatter_add_(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        """In-place ``scatter_add``."""
        return inplace(self, _gather.scatter_add, dim, index, src)

    def put_(self, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:
        """In-place ``put``."""
        return inplace(self, _put.put, index, source, accumulate)

    def index_copy_(self, dim: int, index: Tensor, source: Tensor) -> Tensor:
        """In-place ``index_copy``."""
        return inplace(self, _put.index_copy, dim, index, source)

    def index_fill_(self, dim: int, index: Tensor, value: Any) -> Tensor:
        """In-place ``index_fill``."""
        return inplace(self, _put.index_fill, dim, index, value)

    def masked_scatter_(self, mask: Tensor, source: Tensor) -> Tensor:
        """In-place ``masked_scatter``."""
        return inplace(self, _put.masked_scatter, mask, source)

    def scatter_reduce_(self, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                        include_self: bool = True) -> Tensor:
        """In-place ``scatter_reduce``."""
        return inplace(self, _scatter_reduce.scatter_reduce, dim, index, src, reduce,
                       include_self=include_self)

    def index_reduce_(self, dim: int, index: Tensor, source: Tensor, reduce: str, *,
                      include_self: bool = True) -> Tensor:
        """In-place ``index_reduce``."""
        return inplace(self, _scatter_more._index_reduce, dim, index, source, reduce,
                       include_self, "index_reduce_()")

    def fill_diagonal_(self, fill_value: Any, wrap: bool = False) -> Tensor:
        """Fill the main diagonal (``i == j == ...``) with ``fill_value``; for a tall matrix,
        ``wrap=True`` starts again N+1 rows below (as NumPy's ``fill_diagonal``)."""
        wrap = as_bool(wrap, "fill_diagonal_", "wrap")
        return inplace(self, _index.masked_fill, _diagonal_mask(self, wrap), fill_value)


def _diagonal_mask(t: Tensor, wrap: bool) -> Tensor:
    shape = t._data.shape
    if len(shape) < 2:
        raise RuntimeError(f"fill_diagonal_: dimensions must larger than 1 (got shape "
                           f"{list(shape)})")
    if len(shape) > 2 and len(set(shape)) != 1:
        raise RuntimeError(f"fill_diagonal_: all dimensions of input must be of equal length "
                           f"(got shape {list(shape)})")
    cols = shape[-1]
    if len(shape) == 2:
        step = cols + 1
        end = t._data.size if wrap else cols * cols  # NumPy's fill_diagonal, as PyTorch
    else:
        step = sum(cols ** k for k in range(len(shape)))
        end = t._data.size
    flat = _creation.zeros(t._data.size, dtype=_dt.bool, device=t.device)._data
    flat[:end:step] = True
    return make(flat.reshape(shape), t.device)
