"""The public Tensor methods of the further indexing and shape ops (take ... scatter_reduce,
unfold, tensor_split ... repeat_interleave), each a one-line call into an op module; in-place
forms go through ``autograd.engine.inplace``.

A mixin of ``Tensor`` (see ``autograd.tensor_methods``), with empty ``__slots__``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd.engine.inplace import inplace
from autograd.ops.indexing import index as _index
from autograd.ops.indexing import put as _put
from autograd.ops.indexing import scatter_reduce as _scatter_reduce
from autograd.ops.shape import combine as _combine
from autograd.ops.shape import diagonal as _diagonal
from autograd.ops.shape import window as _window

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _IndexShapeMoreMethods:
    """Indexing at flat positions, index lists and masks; splits, diagonals, rotations."""

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

    def unfold(self, dimension: int, size: int, step: int) -> Tensor:
        """Windows of ``size``, ``step`` apart, along ``dimension``, as a view with one more
        dim (``Tensor.unfold``)."""
        return _window.unfold(self, dimension, size, step)

    def tensor_split(self, indices_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
        """Views split into parts or at indices (see ``autograd.tensor_split``)."""
        return _combine.tensor_split(self, indices_or_sections, dim)

    def hsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        """Split along dim 1 (see ``autograd.hsplit``)."""
        return _combine.hsplit(self, indices_or_sections)

    def vsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        """Split along dim 0 (see ``autograd.vsplit``)."""
        return _combine.vsplit(self, indices_or_sections)

    def dsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        """Split along dim 2 (see ``autograd.dsplit``)."""
        return _combine.dsplit(self, indices_or_sections)

    def diag(self, diagonal: int = 0) -> Tensor:
        """A diagonal matrix, or a matrix's diagonal (see ``autograd.diag``)."""
        return _diagonal.diag(self, diagonal)

    def diag_embed(self, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
        """The last dim written onto diagonals (see ``autograd.diag_embed``)."""
        return _diagonal.diag_embed(self, offset, dim1, dim2)

    def diagonal(self, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        """A view of a diagonal (see ``autograd.diagonal``)."""
        return _diagonal.diagonal(self, offset, dim1, dim2)

    def diagflat(self, offset: int = 0) -> Tensor:
        """The flattened tensor as a diagonal (see ``autograd.diagflat``)."""
        return _diagonal.diagflat(self, offset)

    def trace(self) -> Tensor:
        """The sum of the main diagonal (see ``autograd.trace``)."""
        return _diagonal.trace(self)

    def rot90(self, k: int = 1, dims: Sequence[int] = (0, 1)) -> Tensor:
        """Rotated by 90 degrees k times (see ``autograd.rot90``)."""
        return _combine.rot90(self, k, dims)

    def ravel(self) -> Tensor:
        """The elements as a 1-D tensor (see ``autograd.ravel``)."""
        return _combine.ravel(self)

    def flipud(self) -> Tensor:
        """Dim 0 reversed (see ``autograd.flipud``)."""
        return _combine.flipud(self)

    def fliplr(self) -> Tensor:
        """Dim 1 reversed (see ``autograd.fliplr``)."""
        return _combine.fliplr(self)

    def narrow_copy(self, dim: int, start: int, length: int) -> Tensor:
        """``narrow`` into new memory (see ``autograd.narrow_copy``)."""
        return _combine.narrow_copy(self, dim, start, length)

    def repeat_interleave(self, repeats: Any = None, dim: int | None = None, *,
                          output_size: int | None = None) -> Tensor:
        """Elements or slices repeated in place (see ``autograd.repeat_interleave``)."""
        return _combine.repeat_interleave(self, repeats, dim, output_size=output_size)

