"""Legacy and rarely used public Tensor methods, each a short call into an op or a creation
function: the legacy constructor ``new``, the deprecated out-of-place ``resize``/``resize_as``,
``volatile``, ``record_stream``, ``nonzero_static``, ``unsafe_split_with_sizes`` and ``map2_``.

A mixin of ``Tensor`` (see ``autograd.tensor_methods``), with empty ``__slots__``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from autograd import creation as _creation
from autograd.engine.tensor_base import TensorBase
from autograd.ops import leftovers as _leftovers
from autograd.ops.shape import slice as _slice
from autograd.ops.shape import view as _view
from autograd.tensor_methods_compat import _map

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _LegacyMethods:
    """Legacy constructor and deprecated forms kept for PyTorch code that still uses them."""

    __slots__ = ()

    def new(self, *args: Any, device: Any = None) -> Tensor:
        """The legacy constructor, with this tensor's dtype (and device unless given):
        ``x.new()`` is empty, ``x.new(2, 3)`` uninitialised of that shape, ``x.new(data)``
        (a list or tuple) a copy of the data, ``x.new(t)`` shares ``t``'s memory (``t`` of
        this dtype)."""
        device = self.device if device is None else device
        if not args:
            return _creation.empty(0, dtype=self.dtype, device=device)
        if len(args) == 1 and isinstance(args[0], TensorBase):
            other = args[0]
            if other.dtype != self.dtype:
                raise TypeError(f"new(): expected a tensor of dtype {self.dtype} (this "
                                f"tensor's), but got {other.dtype}")
            return other.detach()
        if all(isinstance(a, int) and not isinstance(a, bool) for a in args):
            return _creation.empty(*args, dtype=self.dtype, device=device)
        if len(args) == 1 and isinstance(args[0], (list, tuple)):
            return _creation.tensor(args[0], dtype=self.dtype, device=device)
        if len(args) == 1:
            raise TypeError(f"new(): data must be a sequence (got {type(args[0]).__name__})")
        raise TypeError(f"new() received an invalid combination of arguments: "
                        f"{tuple(type(a).__name__ for a in args)}")

    def resize(self, *sizes: Any) -> Tensor:
        """This tensor's elements in another shape of as many elements (the deprecated
        out-of-place form of ``resize_``, as PyTorch: it warns and reshapes)."""
        warnings.warn("non-inplace resize is deprecated", UserWarning, stacklevel=2)
        return _resize(self, _slice._size_args(sizes, "resize"))

    def resize_as(self, tensor: Tensor) -> Tensor:
        """``resize`` to ``tensor``'s shape (deprecated in PyTorch, which warns)."""
        warnings.warn("non-inplace resize_as is deprecated", UserWarning, stacklevel=2)
        return _resize(self, tuple(tensor.shape))

    @property
    def volatile(self) -> bool:
        """False, with PyTorch's warning (volatile was removed; use ``no_grad``)."""
        warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning,
                      stacklevel=2)
        return False

    def record_stream(self, stream: Any) -> None:
        """Nothing to do: on the CPU there are no streams, and on a GPU CuPy's memory pool
        orders the reuse of freed memory on the current stream; code that uses this tensor on
        another stream should synchronize that stream before freeing it."""
        if stream is None:
            raise RuntimeError("record_stream(): unknown parameter type (expected a Stream, "
                               "got None)")

    def nonzero_static(self, *, size: int, fill_value: int = -1) -> Tensor:
        """See ``autograd.nonzero_static``."""
        return _leftovers.nonzero_static(self, size=size, fill_value=fill_value)

    def unsafe_split_with_sizes(self, split_sizes: Sequence[int],
                                dim: int = 0) -> tuple[Tensor, ...]:
        """See ``autograd.unsafe_split_with_sizes``."""
        return _slice.split_with_sizes(self, split_sizes, dim)

    def map2_(self, x: Tensor, y: Tensor, callable: Callable[[Any, Any, Any], Any]) -> Tensor:
        """Replace every element ``a`` by ``callable(a, b, c)``, ``b`` and ``c`` the elements
        of ``x`` and ``y`` (broadcast to this shape) at the same place (CPU only, slow, not
        differentiable; as ``map_``)."""
        for name, o in (("x", x), ("y", y)):
            if o.dtype != self.dtype:
                raise TypeError(f"map2_: expected a tensor of dtype {self.dtype} for argument "
                                f"'{name}' (got {o.dtype})")
        return _map(self, "map2_",
                    lambda a, b, c: [callable(p, q, r) for p, q, r in zip(a, b, c)], (x, y))


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
