"""The Tensor methods of the shape ops: views and reshapes, transposes (``t``, ``permute``
and the conjugate transposes ``mH``, ``H``, ``adjoint``), expansions, repeats, flips and
rotations, splits, diagonals, ``unfold``, ``as_strided``, ``tril``/``triu``, the deprecated
out-of-place ``resize``, and the in-place shape ops (``squeeze_``, ``unsqueeze_``,
``transpose_``, ``t_`` ...), which change the tensor's shape and strides over the same memory
through ``_restride`` below, recorded like the view op they repeat.

A mixin of ``Tensor`` (see ``autograd.tensor_methods_elementwise``), with empty ``__slots__``.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from autograd.engine.grad_mode import capturing, state
from autograd.engine.inplace import inplace
from autograd.engine.tensor_base import TensorBase
from autograd.engine.views import CREATION, DEFAULT, rebase_error, refresh, root
from autograd.ops.shape import combine as _combine
from autograd.ops.shape import copy as _copy
from autograd.ops.shape import diagonal as _diagonal
from autograd.ops.shape import slice as _slice
from autograd.ops.shape import strided as _strided
from autograd.ops.shape import view as _view
from autograd.ops.shape import window as _window

if TYPE_CHECKING:
    from autograd.tensor import Tensor


_new = object.__new__


def _restride(t: Tensor, fn: Callable, *args: Any) -> Tensor:
    """Give ``t`` the shape and strides of the view ``fn(t, *args)`` over the same memory, in
    place (``t.unsqueeze_(0)``): recorded as that view op, with PyTorch's refusals for a leaf
    that requires grad and for a view of one. Unlike PyTorch, the version counter does not
    move: nothing saved for backward is invalidated by a change of shape. Views are retaken
    step by step from the tensor they view (not from strides as in PyTorch), so a view taken
    of ``t`` before the change would be retaken from ``t``'s new shape: while one exists, the
    change is refused (RuntimeError) rather than leave it to give wrong values."""
    name = fn.__name__ + "_"
    if _has_views(t):
        raise RuntimeError(
            f"{name}: a view of this tensor (shape {list(t._data.shape)}) was taken before; "
            f"changing its shape in place would leave that view stale. Take views after the "
            f"change, or use the out-of-place {fn.__name__}().")
    view = t._view
    if state.grad_enabled:
        if view is not None and t._view_version != t._vc[0]:
            refresh(t)
        if t._requires_grad and t._node is None:
            raise RuntimeError(
                f"{name}: a leaf Variable that requires grad (shape {list(t._data.shape)}) is "
                "being used in an in-place operation. Do it under autograd.no_grad(), or on "
                "a clone().")
        if view is not None:
            base = root(t)
            if base._requires_grad and base._node is None:
                raise RuntimeError(
                    f"{name}: a view of a leaf Variable that requires grad is being used in an "
                    f"in-place operation (view of shape {list(t._data.shape)} of a leaf of shape "
                    f"{list(base._data.shape)}). Do it under autograd.no_grad(), or on a clone().")
            if view[CREATION] != DEFAULT and t._requires_grad:
                raise rebase_error(t, indirect=False, op=name)
    cap = capturing()
    if cap is not None:  # the tensor's array is swapped: a replay could not reproduce it
        cap.refuse(f"{name} on a tensor of shape {list(t._data.shape)}")
    # a view keeps its place in its base's chain of views: the new view is taken of a copy of
    # its old self (same memory, version counter and history)
    viewed = t
    if view is not None:
        viewed = _new(type(t))
        for field in ("_data", "device", "_requires_grad", "_node", "_out_idx", "_vc",
                      "_hooks", "_view", "_view_version"):
            setattr(viewed, field, getattr(t, field))
        viewed.grad = None
    result = fn(viewed, *args)
    t._data = result._data
    if result._node is not None:
        t._node = result._node
        t._out_idx = result._out_idx
        t._requires_grad = True
    if view is not None:
        t._view = result._view
        t._view_version = result._view_version
    # the version stays (PyTorch's moves on): no value changes, the values saved for backward
    # keep their own shapes, and a view taken of ``t`` before must not be retaken from the new
    # shape
    return t


def _has_views(t: Tensor) -> bool:
    """Whether a live tensor is a view of ``t`` (directly or through other views): the
    tensors that share ``t``'s version counter, searched (in-place shape changes are rare)."""
    for other in gc.get_referrers(t._vc):
        if isinstance(other, TensorBase) and other is not t:
            while other._view is not None:
                other = other._view[1][0]  # the tensor it views
                if other is t:
                    return True
    return False


class _ShapeMethods:
    """Views, reshapes, splits, diagonals and the in-place shape ops."""

    __slots__ = ()

    # -- views, reshapes, splits and other shape ops --------------------------------------
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

    def flip(self, *args: Any, dims: Any = None) -> Tensor:
        """Reverse the order of elements along ``dims``: ``x.flip(0, 1)``, ``x.flip((0, 1))``
        or ``x.flip(dims=(0, 1))`` (see ``autograd.flip``)."""
        if dims is None:
            if not args:
                raise TypeError('flip() missing 1 required positional arguments: "dims"')
            dims = args[0] if len(args) == 1 else args
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

    # -- more splits ----------------------------------------------------------------------
    def split_with_sizes(self, split_sizes: Sequence[int], dim: int = 0) -> tuple[Tensor, ...]:
        """Views of the given sizes along ``dim`` (see ``autograd.split_with_sizes``)."""
        return _slice.split_with_sizes(self, split_sizes, dim)

    def unsafe_chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        """``chunk`` (PyTorch's unsafe form skips a view check that does not apply here)."""
        return _slice.chunk(self, chunks, dim)

    def unsafe_split(self, split_size: int, dim: int = 0) -> tuple[Tensor, ...]:
        """``split`` into pieces of ``split_size`` (an int, as PyTorch's; its unsafe form skips
        a view check that does not apply here)."""
        if isinstance(split_size, bool) or not isinstance(split_size, int):
            raise TypeError("unsafe_split(): argument 'split_size' (position 1) must be int, "
                            f"not {type(split_size).__name__}")
        return _slice.split(self, split_size, dim)

    def unsafe_split_with_sizes(self, split_sizes: Sequence[int],
                                dim: int = 0) -> tuple[Tensor, ...]:
        """See ``autograd.unsafe_split_with_sizes``."""
        return _slice.split_with_sizes(self, split_sizes, dim)

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

    # -- diagonals, rotations, flips, windows and strides ---------------------------------
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

    def unfold(self, dimension: int, size: int, step: int) -> Tensor:
        """Windows of ``size``, ``step`` apart, along ``dimension``, as a view with one more
        dim (``Tensor.unfold``)."""
        return _window.unfold(self, dimension, size, step)

    def as_strided(self, size: Sequence[int], stride: Sequence[int],
                   storage_offset: int | None = None) -> Tensor:
        """A strided view of this tensor's memory (see ``autograd.as_strided``)."""
        return _strided.as_strided(self, size, stride, storage_offset)

    # -- conjugate transposes -------------------------------------------------------------
    @property
    def mH(self) -> Tensor:  # noqa: N802 (PyTorch's name)
        """The last two dims swapped and conjugated (``mT`` for real tensors)."""
        if self._data.ndim == 1:  # a 0-d tensor is returned as it is, as in PyTorch
            raise RuntimeError("tensor.mH is only supported on matrices or batches of matrices. "
                               "Got 1-D tensor.")
        return _view.transpose(self, -2, -1) if self._data.ndim else _view.transpose(self, 0, 0)

    @property
    def H(self) -> Tensor:  # noqa: N802 (PyTorch's name)
        """The conjugate transpose of a matrix (``t()`` for real tensors; 0-d: itself)."""
        n = self._data.ndim
        if n not in (0, 2):
            hint = " For batches of matrices, consider using tensor.mH" if n > 2 else ""
            raise RuntimeError("tensor.H is only supported on matrices (2-D tensors). Got "
                               f"{n}-D tensor.{hint}")
        return _view.t(self)

    def adjoint(self) -> Tensor:
        """The last two dims swapped (the conjugate transpose of real matrices)."""
        if self.ndim < 2:
            raise RuntimeError("tensor.adjoint() is only supported on matrices or batches of "
                               f"matrices. Got {self.ndim}-D tensor.")
        return _view.transpose(self, -2, -1)

    # -- in-place shape ops (new shape and strides over the same memory) ------------------
    def squeeze_(self, dim: Any = None) -> Tensor:
        """In-place ``squeeze``: this tensor takes the squeezed shape."""
        return _restride(self, _view.squeeze, dim)

    def unsqueeze_(self, dim: int) -> Tensor:
        """In-place ``unsqueeze``: this tensor takes the new shape."""
        return _restride(self, _view.unsqueeze, dim)

    def transpose_(self, dim0: int, dim1: int) -> Tensor:
        """In-place ``transpose``: this tensor's dims ``dim0`` and ``dim1`` are swapped."""
        return _restride(self, _view.transpose, dim0, dim1)

    swapaxes_ = swapdims_ = transpose_

    def t_(self) -> Tensor:
        """In-place ``t``."""
        return _restride(self, _view.t)

    def tril_(self, diagonal: int = 0) -> Tensor:
        """In-place ``tril``."""
        return inplace(self, _copy.tril, diagonal)

    def triu_(self, diagonal: int = 0) -> Tensor:
        """In-place ``triu``."""
        return inplace(self, _copy.triu, diagonal)

    # -- deprecated out-of-place resize (a reshape to the same number of elements) --------
    def resize(self, *sizes: Any) -> Tensor:
        """This tensor's elements in another shape of as many elements (the deprecated
        out-of-place form of ``resize_``, as PyTorch: it warns and reshapes)."""
        warnings.warn("non-inplace resize is deprecated", UserWarning, stacklevel=2)
        return _resize(self, _slice._size_args(sizes, "resize"))

    def resize_as(self, tensor: Tensor) -> Tensor:
        """``resize`` to ``tensor``'s shape (deprecated in PyTorch, which warns)."""
        warnings.warn("non-inplace resize_as is deprecated", UserWarning, stacklevel=2)
        return _resize(self, tuple(tensor.shape))


def _resize(t: Tensor, shape: tuple) -> Tensor:
    n = 1
    for s in shape:
        n *= s
    if n != t.numel():
        raise RuntimeError(f"resize: requested resize to {list(shape)} ({n} elements in "
                           f"total), but the given tensor has a size of {list(t.shape)} "
                           f"({t.numel()} elements); resize can only change the shape of a "
                           "tensor, not its number of elements")
    return _view.reshape(t, shape)
