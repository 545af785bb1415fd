"""The public Tensor methods of the region scatters (slice_scatter ... as_strided_scatter),
index_reduce, as_strided and dim_order, each a one-line call into an op module; in-place
forms go through ``autograd.engine.inplace``.

A mixin of ``Tensor`` (see ``autograd.tensor_methods``), with empty ``__slots__``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd.engine.inplace import inplace
from autograd.ops.indexing import scatter_more as _scatter_more
from autograd.ops.shape import strided as _strided

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _ScatterMethods:
    """Writes into a region of a copy, index_reduce, strided views and memory order."""

    __slots__ = ()

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

    def index_reduce_(self, dim: int, index: Tensor, source: Tensor, reduce: str, *,
                      include_self: bool = True) -> Tensor:
        """In-place ``index_reduce``."""
        return inplace(self, _scatter_more._index_reduce, dim, index, source, reduce,
                       include_self, "index_reduce_()")

    def as_strided(self, size: Sequence[int], stride: Sequence[int],
                   storage_offset: int | None = None) -> Tensor:
        """A strided view of this tensor's memory (see ``autograd.as_strided``)."""
        return _strided.as_strided(self, size, stride, storage_offset)

    def dim_order(self, *, ambiguity_check: Any = False) -> tuple[int, ...]:
        """The dims from outermost to innermost in memory; with ``ambiguity_check`` a
        RuntimeError when that order is not unique (size-1 dims, equal strides)."""
        return _strided.dim_order(self, ambiguity_check)
