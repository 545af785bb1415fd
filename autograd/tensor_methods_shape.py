"""The public Tensor methods that are op functions called as methods: shape, indexing, in-place.

The companion of ``autograd.tensor_methods`` (see there): one mixin per family, each with empty
``__slots__``, each method an explicit one-line call into an op module. The in-place methods
run the out-of-place op through ``autograd.engine.inplace.inplace``, which writes the result
back and records it (on the view's base when the tensor is a view).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd.engine.inplace import inplace
from autograd.engine.tensor_base import make
from autograd.ops import random as _random
from autograd.ops.elementwise import arith as _arith
from autograd.ops.elementwise import convert as _convert
from autograd.ops.elementwise import select as _select
from autograd.ops.elementwise import unary as _unary
from autograd.ops.indexing import gather as _gather
from autograd.ops.indexing import index as _index
from autograd.ops.shape import copy as _copy
from autograd.ops.shape import slice as _slice
from autograd.ops.shape import view as _view

if TYPE_CHECKING:
    from autograd.tensor import Tensor

class _ShapeMethods:
    """Views, reshapes, splits and other shape ops."""

    __slots__ = ()

    def reshape(self, *shape: Any) -> Tensor:
        """The same values in a new shape, a view when possible (see ``autograd.reshape``)."""
        return _view.reshape(self, *shape)

    def view(self, *shape: Any) -> Tensor:
        """The same memory in a new shape (see ``autograd.view``)."""
        return _view.view(self, *shape)

    def view_as(self, other: Tensor) -> Tensor:
        """``self.view(other.shape)``."""
        return _view.view(self, other.shape)

    def reshape_as(self, other: Tensor) -> Tensor:
        """``self.reshape(other.shape)``."""
        return _view.reshape(self, other.shape)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        """Merge dims ``start_dim..end_dim`` into one (see ``autograd.flatten``)."""
        return _view.flatten(self, start_dim, end_dim)

    def unflatten(self, dim: int, sizes: Sequence[int]) -> Tensor:
        """Split dim ``dim`` into ``sizes`` (see ``autograd.unflatten``)."""
        return _view.unflatten(self, dim, sizes)

    def squeeze(self, dim: Any = None) -> Tensor:
        """Remove size-1 dims, all or those in ``dim`` (see ``autograd.squeeze``)."""
        return _view.squeeze(self, dim)

    def unsqueeze(self, dim: int) -> Tensor:
        """Insert a size-1 dim at ``dim`` (see ``autograd.unsqueeze``)."""
        return _view.unsqueeze(self, dim)

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        """Swap two dimensions, as a view (see ``autograd.transpose``)."""
        return _view.transpose(self, dim0, dim1)

    swapaxes = swapdims = transpose

    def movedim(self, source: Any, destination: Any) -> Tensor:
        """Move dims ``source`` to positions ``destination`` (see ``autograd.movedim``)."""
        return _view.movedim(self, source, destination)

    moveaxis = movedim

    def t(self) -> Tensor:
        """Transpose a matrix; 0-d and 1-d tensors stay as they are (see ``autograd.t``)."""
        return _view.t(self)

    def permute(self, *dims: Any) -> Tensor:
        """Reorder the dimensions, as a view (see ``autograd.permute``)."""
        return _view.permute(self, *dims)

    def expand(self, *sizes: Any) -> Tensor:
        """A broadcast view in ``sizes``; -1 keeps a dim (see ``autograd.expand``)."""
        return _view.expand(self, *sizes)

    def expand_as(self, other: Tensor) -> Tensor:
        """``self.expand(other.shape)``."""
        return _view.expand(self, other.shape)

    def broadcast_to(self, shape: Sequence[int]) -> Tensor:
        """A broadcast view in ``shape`` (see ``autograd.broadcast_to``)."""
        return _view.broadcast_to(self, shape)

    def repeat(self, *sizes: Any) -> Tensor:
        """Tile ``sizes[k]`` times along dim k (see ``autograd.repeat``)."""
        return _copy.repeat(self, *sizes)

    def tile(self, dims: Sequence[int]) -> Tensor:
        """``repeat`` with ``dims`` padded with leading 1s (see ``autograd.tile``)."""
        return _copy.tile(self, dims)

    def flip(self, dims: Any) -> Tensor:
        """Reverse the order of elements along ``dims`` (see ``autograd.flip``)."""
        return _copy.flip(self, dims)

    def roll(self, shifts: Any, dims: Any = None) -> Tensor:
        """Shift elements circularly along ``dims`` (see ``autograd.roll``)."""
        return _copy.roll(self, shifts, dims)

    def narrow(self, dim: int, start: int, length: int) -> Tensor:
        """View ``length`` elements from ``start`` along ``dim`` (see ``autograd.narrow``)."""
        return _slice.narrow(self, dim, start, length)

    def select(self, dim: int, index: int) -> Tensor:
        """The view at ``index`` along ``dim``, which it removes (see ``autograd.select``)."""
        return _slice.select(self, dim, index)

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        """Up to ``chunks`` equal views along ``dim`` (see ``autograd.chunk``)."""
        return _slice.chunk(self, chunks, dim)

    def split(self, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
        """Views of consecutive pieces along ``dim`` (see ``autograd.split``)."""
        return _slice.split(self, split_size_or_sections, dim)

    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        """The slices along ``dim``, as views (see ``autograd.unbind``)."""
        return _slice.unbind(self, dim)

    def tril(self, diagonal: int = 0) -> Tensor:
        """The lower triangle of each matrix, zeros above (see ``autograd.tril``)."""
        return _copy.tril(self, diagonal)

    def triu(self, diagonal: int = 0) -> Tensor:
        """The upper triangle of each matrix, zeros below (see ``autograd.triu``)."""
        return _copy.triu(self, diagonal)


class _IndexingMethods:
    """Gathers, scatters and masked selections along a dimension."""

    __slots__ = ()

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


class _InplaceMethods:
    """In-place ops: the out-of-place op written back into this tensor's memory."""

    __slots__ = ()

    def add_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """In-place ``add``."""
        return inplace(self, _arith.add, other, alpha=alpha)

    def sub_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """In-place ``sub``."""
        return inplace(self, _arith.sub, other, alpha=alpha)

    def mul_(self, other: Any) -> Tensor:
        """In-place ``mul``."""
        return inplace(self, _arith.mul, other)

    def div_(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        """In-place ``div``."""
        return inplace(self, _arith.div, other, rounding_mode=rounding_mode)

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:
        """In-place ``clamp``."""
        return inplace(self, _select.clamp, min, max)

    clip_ = clamp_

    def pow_(self, exponent: Any) -> Tensor:
        """In-place ``pow``."""
        return inplace(self, _arith.pow, exponent)

    def neg_(self) -> Tensor:
        """In-place ``neg``."""
        return inplace(self, _arith.neg)

    def exp_(self) -> Tensor:
        """In-place ``exp``."""
        return inplace(self, _unary.exp)

    def sqrt_(self) -> Tensor:
        """In-place ``sqrt``."""
        return inplace(self, _unary.sqrt)

    def rsqrt_(self) -> Tensor:
        """In-place ``rsqrt``."""
        return inplace(self, _unary.rsqrt)

    def log_(self) -> Tensor:
        """In-place ``log``."""
        return inplace(self, _unary.log)

    def log1p_(self) -> Tensor:
        """In-place ``log1p``."""
        return inplace(self, _unary.log1p)

    def expm1_(self) -> Tensor:
        """In-place ``expm1``."""
        return inplace(self, _unary.expm1)

    def sin_(self) -> Tensor:
        """In-place ``sin``."""
        return inplace(self, _unary.sin)

    def cos_(self) -> Tensor:
        """In-place ``cos``."""
        return inplace(self, _unary.cos)

    def tan_(self) -> Tensor:
        """In-place ``tan``."""
        return inplace(self, _unary.tan)

    def erf_(self) -> Tensor:
        """In-place ``erf``."""
        return inplace(self, _unary.erf)

    def abs_(self) -> Tensor:
        """In-place ``abs``."""
        return inplace(self, _unary.abs)

    def sign_(self) -> Tensor:
        """In-place ``sign``."""
        return inplace(self, _unary.sign)

    def trunc_(self) -> Tensor:
        """In-place ``trunc``."""
        return inplace(self, _unary.trunc)

    def floor_(self) -> Tensor:
        """In-place ``floor``."""
        return inplace(self, _unary.floor)

    def reciprocal_(self) -> Tensor:
        """In-place ``reciprocal``."""
        return inplace(self, _arith.reciprocal)

    def square_(self) -> Tensor:
        """In-place ``square``."""
        return inplace(self, _arith.square)

    def relu_(self) -> Tensor:
        """In-place ``relu``."""
        return inplace(self, _unary.relu)

    def sigmoid_(self) -> Tensor:
        """In-place ``sigmoid``."""
        return inplace(self, _unary.sigmoid)

    def tanh_(self) -> Tensor:
        """In-place ``tanh``."""
        return inplace(self, _unary.tanh)

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

    def copy_(self, src: Any) -> Tensor:
        """Copy ``src`` (broadcast, cast, moved across devices) into this tensor."""
        return inplace(self, _convert.copy_from, src)

    def fill_(self, value: Any) -> Tensor:
        """Fill with ``value`` (a number, or a Tensor broadcast to this shape)."""
        return inplace(self, _convert.fill_like, value)

    def zero_(self) -> Tensor:
        """Fill with zeros."""
        return inplace(self, _convert.fill_like, 0)

    def uniform_(self, a: float = 0.0, b: float = 1.0) -> Tensor:
        """Fill with samples from U(a, b) (from this device's generator); float tensors only."""
        _float_only("uniform_", self)
        sample = self.device.backend.random_uniform(self.shape, a, b, self.dtype)
        return inplace(self, _convert.fill_like, make(sample, self.device))

    def normal_(self, mean: float = 0.0, std: float = 1.0) -> Tensor:
        """Fill with samples from N(mean, std^2) (from this device's generator); float tensors
        only."""
        _float_only("normal_", self)
        sample = self.device.backend.random_normal(self.shape, mean, std, self.dtype)
        return inplace(self, _convert.fill_like, make(sample, self.device))

    def bernoulli(self, p: float | None = None, *, generator: Any = None) -> Tensor:
        """1 with probability ``self`` (or ``p``), else 0 (``autograd.bernoulli``)."""
        return _random.bernoulli(self, p, generator=generator)

    def bernoulli_(self, p: Any = 0.5, *, generator: Any = None) -> Tensor:
        """Fill with 1 with probability ``p`` (a number or a tensor), else 0."""
        return _random.bernoulli_(self, p, generator=generator)

    def multinomial(self, num_samples: int, replacement: bool = False, *,
                    generator: Any = None) -> Tensor:
        """Category indices drawn in proportion to the weights (``autograd.multinomial``)."""
        return _random.multinomial(self, num_samples, replacement, generator=generator)

    def exponential_(self, lambd: float = 1.0, *, generator: Any = None) -> Tensor:
        """Fill with samples of Exp(lambd)."""
        return _random.exponential_(self, lambd, generator=generator)

    def geometric_(self, p: float, *, generator: Any = None) -> Tensor:
        """Fill with Geometric(p) samples (trials up to the first success, >= 1)."""
        return _random.geometric_(self, p, generator=generator)

    def cauchy_(self, median: float = 0.0, sigma: float = 1.0, *,
                generator: Any = None) -> Tensor:
        """Fill with samples of Cauchy(median, sigma)."""
        return _random.cauchy_(self, median, sigma, generator=generator)

    def log_normal_(self, mean: float = 1.0, std: float = 2.0, *,
                    generator: Any = None) -> Tensor:
        """Fill with exp(N(mean, std^2)) samples."""
        return _random.log_normal_(self, mean, std, generator=generator)

    def random_(self, from_: int = 0, to: int | None = None, *,
                generator: Any = None) -> Tensor:
        """Fill with integers uniform in [from_, to) (``random_(to)``: [0, to))."""
        return _random.random_(self, from_, to, generator=generator)


def _float_only(op: str, t: Tensor) -> None:
    if t.dtype.kind not in "fV":  # PyTorch: NotImplementedError "... not implemented for 'Long'"
        raise NotImplementedError(f"{op}: not implemented for {t.dtype} tensors (shape "
                                  f"{list(t.shape)}); random floats need a floating dtype")
