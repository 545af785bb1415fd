"""The public Tensor methods of the further indexing ops (take ... scatter_reduce), each a
one-line call into an op module; in-place forms go through ``autograd.engine.inplace``.

A mixin of ``Tensor`` (see ``autograd.tensor_methods``), with empty ``__slots__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.engine.inplace import inplace
from autograd.ops.indexing import index as _index
from autograd.ops.indexing import put as _put
from autograd.ops.indexing import scatter_reduce as _scatter_reduce

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _IndexShapeMoreMethods:
    """Indexing at flat positions, index lists and masks."""

    __slots__ = ()

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

    def argwhere(self) -> Tensor:
        """The (n, ndim) indices of the non-zero elements (see ``autograd.argwhere``)."""
        return _index.argwhere(self)

    def scatter_reduce(self, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                       include_self: bool = True) -> Tensor:
        """A copy with src reduced in at ``index`` (see ``autograd.scatter_reduce``)."""
        return _scatter_reduce.scatter_reduce(self, dim, index, src, reduce,
                                              include_self=include_self)

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
