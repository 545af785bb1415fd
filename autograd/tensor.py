"""Tensor: a backend array (NumPy or CuPy) with a place on the tape.

``Tensor`` adds to the engine's ``TensorBase`` (the fields) every method and operator, each an
explicit one-line call into an op function in ``autograd.ops``, where the logic is. This file
holds the core (construction, attributes, autograd, conversion, the Python protocol and
operators); the methods that are op functions called as methods come from one mixin per domain
in the ``autograd.tensor_methods_*`` modules (elementwise, inplace, reduction, shape, indexing,
linalg, conversion).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

import backends as _backends
from autograd import creation as _creation
from autograd import dtypes as _dt
from autograd.checks import check_grad
from autograd.engine import backward as _engine
from autograd.engine import tensor_base as _tb
from autograd.engine.grad_mode import capturing
from autograd.engine.grad_mode import state as _grad_state
from autograd.engine.inplace import inplace
from autograd.engine.tensor_base import TensorBase, bind_tensor_class, make
from autograd.engine.views import refresh, root
from autograd.ops.elementwise import arith as _arith
from autograd.ops.elementwise import bitwise as _bitwise
from autograd.ops.elementwise import compare as _compare
from autograd.ops.elementwise import convert as _convert
from autograd.ops.elementwise import unary as _unary
from autograd.ops.indexing import index as _index
from autograd.ops.linalg import matmul as _matmul
from autograd.ops.shape import view as _view
from autograd.tensor_methods_conversion import _cast, _ConversionMethods
from autograd.tensor_methods_elementwise import _ElementwiseMethods
from autograd.tensor_methods_indexing import _IndexingMethods
from autograd.tensor_methods_inplace import _InplaceMethods
from autograd.tensor_methods_linalg import _LinalgMethods
from autograd.tensor_methods_reduction import _ReductionMethods
from autograd.tensor_methods_shape import _ShapeMethods
from autograd.tensor_str import format_tensor

_new = object.__new__


class _HookHandle:
    """Returned by ``register_hook``; ``remove()`` takes the hook off again."""

    def __init__(self, hooks: list, hook: Callable) -> None:
        self._hooks = hooks
        self._hook = hook

    def remove(self) -> None:
        # once only: the same function registered twice stays registered once
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)
        self._hooks = []

    def __enter__(self) -> _HookHandle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.remove()


def _untracked(t: Any, what: str) -> None:
    """An ``ag.compile`` capture cannot replay Python that reads or swaps a tensor's array:
    the function runs eagerly instead (see ``autograd.compiler``)."""
    cap = capturing()
    if cap is not None:
        cap.refuse(f"{what} on a tensor of shape {list(t._data.shape)}")


class _PostHookHandle:
    """Returned by ``register_post_accumulate_grad_hook``; ``remove()`` takes it off."""

    def __init__(self, tensor: Any, hook: Callable) -> None:
        self._tensor = weakref.ref(tensor)
        self._hook = hook

    def remove(self) -> None:
        t = self._tensor()
        if t is not None:
            _engine.remove_post_accumulate_grad_hook(t, self._hook)

    def __enter__(self) -> _PostHookHandle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.remove()


_FIELDS = TensorBase.__slots__[:-1]  # all but __weakref__
_GRAD_SLOT = TensorBase._grad  # the slot behind Tensor.grad's checked property


class Tensor(TensorBase, _ElementwiseMethods, _InplaceMethods, _ReductionMethods,
             _ShapeMethods, _IndexingMethods, _LinalgMethods, _ConversionMethods):
    """An n-dimensional array on a device that records the ops applied to it for backward.

    ``Tensor(data)`` is PyTorch's legacy constructor: ``autograd.tensor(data)`` at the
    default float dtype (a Tensor ``data`` keeps its own; a NumPy array of that dtype is
    shared, as ``as_tensor`` shares it), and ``Tensor(2, 3)`` an
    uninitialised tensor of that shape; ``dtype``, ``device`` and ``requires_grad`` may be
    given by keyword.
    """

    __slots__ = ()
    __array_ufunc__ = None  # NumPy defers to our reflected operators (array + tensor)
    __array_priority__ = 1000

    def __init__(self, *data: Any, dtype: Any = None, device: Any = None,
                 requires_grad: bool = False) -> None:
        if data and all(d.__class__ is int for d in data):  # sizes
            t = _creation.empty(*data, dtype=dtype, device=device, requires_grad=requires_grad)
        else:
            if len(data) > 1:
                raise TypeError(f"Tensor(): expected a sequence, an array, a Tensor or sizes, "
                                f"got {len(data)} arguments of types "
                                f"{[type(d).__name__ for d in data]}")
            data = data[0] if data else ()
            if dtype is None and not isinstance(data, TensorBase):
                dtype = _dt.get_default_dtype()
            if isinstance(data, np.ndarray):  # shared when its dtype is already the one asked
                t = _creation.as_tensor(data, dtype=dtype, device=device)
                if requires_grad:
                    t.requires_grad_(True)
            else:
                t = _creation.tensor(data, dtype=dtype, device=device,
                                     requires_grad=requires_grad)
        for name in _FIELDS:
            setattr(self, name, getattr(t, name))

    # -- attributes --------------------------------------------------------------------
    def _set_grad(self, value: Tensor | None) -> None:
        # PyTorch refuses a gradient of another shape, dtype or device (or not a Tensor);
        # devices are interned, so identity is equality
        if value is not None and (value.__class__ is not Tensor
                                  or value._data.shape != self._data.shape
                                  or value._data.dtype is not self._data.dtype
                                  or value.device is not self.device):
            check_grad(self, value)
        if _tb.births is not None:  # an ag.compile capture is running: it replays the change
            cap = capturing()
            if cap is not None:
                cap.record_set_grad(self, value)
        _GRAD_SLOT.__set__(self, value)

    # reading is the slot's own C getter (optimizers read .grad on every step); only
    # assignment runs Python, to check the new gradient
    grad = property(_GRAD_SLOT.__get__, _set_grad,
                    doc="The gradient accumulated by backward (None until one arrives).")

    @property
    def shape(self) -> tuple[int, ...]:
        """The size of every dimension."""
        return self._data.shape

    @property
    def dtype(self) -> np.dtype:
        """The element type."""
        return self._data.dtype

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return self._data.ndim

    @property
    def requires_grad(self) -> bool:
        """Whether gradients flow back through this tensor (a leaf's flag, or any tensor that
        a recorded op made)."""
        if self._view is not None and self._view_version != self._vc[0]:
            refresh(self)  # its base was modified in place: it may have gained a history
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self.requires_grad_(value)

    @property
    def is_leaf(self) -> bool:
        """True for tensors made by the user, not by a recorded op."""
        return self.grad_fn is None

    @property
    def grad_fn(self) -> Any:
        """The tape entry that made this tensor (None for leaves)."""
        if self._view is not None and self._view_version != self._vc[0]:
            refresh(self)
        return self._node

    @property
    def _base(self) -> Tensor | None:
        """For a view, the tensor whose memory it views (through any chain of views)."""
        return root(self) if self._view is not None else None

    @property
    def is_cuda(self) -> bool:
        """True when the tensor lives on a ``cuda`` device."""
        return self.device.type == "cuda"

    @property
    def _version(self) -> int:
        """How many times this tensor (or a view of its memory) was modified in place."""
        if self._vc is _tb.INFERENCE_VC:
            raise RuntimeError("Inference tensors do not track version counter.")
        return self._vc[0]

    @property
    def data(self) -> Tensor:
        """The same memory as a new leaf that does not require grad (``torch.Tensor.data``)."""
        return make(self._data, self.device)

    @data.setter
    def data(self, value: Tensor) -> None:
        if not isinstance(value, Tensor):
            raise TypeError(f"data must be set to a Tensor, got {type(value).__name__}")
        if value.device is not self.device and self._node is not None:
            raise RuntimeError(f"cannot set data of a non-leaf on {self.device} to {value.device}")
        if _tb.births is not None:
            _untracked(self, "assigning Tensor.data")
        self._data = value._data
        self.device = value.device
        self._vc[0] += 1  # what was saved of the old data must not be used for backward

    @property
    def array(self) -> Any:
        """The backend array (NumPy or CuPy) that holds the data, without a copy (Chainer's
        ``Variable.array``; PyTorch has no equivalent). Writes into it are invisible to
        autograd: call ``autograd.graph.increment_version(t)`` after them, as optimizers do."""
        if _tb.births is not None:
            _untracked(self, "Tensor.array (raw array access)")
        return self._data

    def as_subclass(self, cls: type) -> Tensor:
        """The same memory, version counter and graph position as an instance of ``cls``, a
        subclass of Tensor (``torch.Tensor.as_subclass``)."""
        if not (isinstance(cls, type) and issubclass(cls, Tensor)):
            raise TypeError(f"as_subclass: cls must be a subclass of Tensor, got {cls!r}")
        t = _new(cls)
        for name in _FIELDS:
            setattr(t, name, getattr(self, name))
        return t

    @property
    def T(self) -> Tensor:
        """All dimensions reversed."""
        return _view.permute(self, tuple(range(self.ndim - 1, -1, -1)))

    @property
    def mT(self) -> Tensor:
        """The last two dimensions swapped (a batch of matrices transposed)."""
        if self._data.ndim == 1:  # a 0-d tensor is returned as it is, as in PyTorch
            raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. "
                               "Got 1-D tensor.")
        return _view.transpose(self, -2, -1) if self._data.ndim else _view.transpose(self, 0, 0)

    def size(self, dim: int | None = None) -> Any:
        """The shape, or the size of one dimension."""
        if dim is None:
            return self._data.shape
        return self._data.shape[dim]

    def numel(self) -> int:
        """The number of elements."""
        return int(self._data.size)

    def dim(self) -> int:
        """The number of dimensions (same as ``ndim``)."""
        return self._data.ndim

    def element_size(self) -> int:
        """The size of one element in bytes."""
        return self._data.itemsize

    @property
    def nbytes(self) -> int:
        """The size of the data in bytes (``numel() * element_size()``)."""
        return int(self._data.nbytes)

    def is_floating_point(self) -> bool:
        """True for float16, bfloat16, float32 and float64 tensors."""
        return self._data.dtype.kind in _dt.FLOATING_KINDS

    def stride(self, dim: int | None = None) -> Any:
        """Strides in elements, like PyTorch (NumPy counts bytes)."""
        item = self._data.itemsize
        strides = tuple(s // item for s in self._data.strides)
        return strides if dim is None else strides[dim]

    def is_contiguous(self, memory_format: Any = _dt.contiguous_format) -> bool:
        """True when the elements lie in memory in row-major (C) order without gaps (or in
        the order of ``memory_format``: ``channels_last`` is NHWC memory of an NCHW tensor)."""
        if memory_format is _dt.contiguous_format:
            return bool(self._data.flags.c_contiguous)
        return _convert.is_contiguous(self, memory_format)

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar"
            )
        if _tb.births is not None:
            _untracked(self, "Tensor.item() (a value read on the host)")
        return self._data.item() if self.device.type == "cpu" else self._host().item()

    def tolist(self) -> Any:
        """The data as (nested lists of) Python numbers."""
        return self._host().tolist()

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The data as a NumPy array: shared memory on cpu, a copy from cuda (``force=True``)."""
        if self.requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                "instead."
            )
        if self.device.type != "cpu" and not force:
            raise TypeError(
                f"can't convert {self.device} tensor to numpy. Use Tensor.cpu() to copy the "
                "tensor to host memory first (or numpy(force=True))."
            )
        return self._host()

    def _host(self) -> np.ndarray:
        return self.device.backend.to_numpy(self._data)  # (seen by a capture, see compiler)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        array = self.numpy()
        if dtype is not None and array.dtype != dtype:
            array = array.astype(dtype)
        elif copy:
            array = array.copy()
        return array

    def __dlpack__(self, *args: Any, **kwargs: Any) -> Any:
        if self.requires_grad:
            raise RuntimeError("Can't export a Tensor that requires grad; use detach() first")
        return self._data.__dlpack__(*args, **kwargs)

    def __dlpack_device__(self) -> tuple[int, int]:
        return self._data.__dlpack_device__()

    # -- autograd ------------------------------------------------------------------------
    def backward(self, gradient: Tensor | None = None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs: Sequence[Tensor] | None = None) -> None:
        """Accumulate d self / d leaf into every leaf's ``.grad`` (only into ``inputs``'
        when given)."""
        _engine.backward([self], [gradient], retain_graph, create_graph, inputs)

    def detach(self) -> Tensor:
        """The same memory, cut from the graph (shares the version counter)."""
        t = make(self._data, self.device)
        t._vc = self._vc
        return t

    def detach_(self) -> Tensor:
        """Cut this tensor from the graph, making it a leaf."""
        if self._view is not None:
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead (a view's history is its "
                f"base's; this view has shape {list(self._data.shape)})."
            )
        self._node = None
        self._requires_grad = False
        return self

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` on a leaf (floating-point tensors only)."""
        if requires_grad.__class__ is not bool:
            raise TypeError(f"requires_grad_(): argument 'requires_grad' (position 1) must be "
                            f"bool, not {type(requires_grad).__name__}")
        if self.grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to "
                    "use a computed variable in a subgraph that doesn't require differentiation "
                    "use var_no_grad = var.detach()."
                )
            return self
        if requires_grad and self._data.dtype.kind not in "fV":
            raise RuntimeError(
                f"only Tensors of floating point dtype can require gradients (got {self.dtype})"
            )
        if requires_grad and self._vc is _tb.INFERENCE_VC and not _grad_state.inference:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside "
                               "InferenceMode is not allowed.")
        self._requires_grad = bool(requires_grad)
        return self

    def retain_grad(self) -> None:
        """Keep the gradient of this non-leaf in ``.grad`` during backward."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        _engine.retain_grad(self)

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> _HookHandle:
        """Call ``hook(grad)`` when this tensor's gradient is computed; it may return a new one."""
        if not self.requires_grad:
            raise RuntimeError(
                "cannot register a hook on a tensor that doesn't require gradient"
            )
        return _HookHandle(_engine.register_tensor_hook(self, hook), hook)

    def register_post_accumulate_grad_hook(self, hook: Callable[[Tensor], None]) -> Any:
        """Call ``hook(self)`` after a backward has accumulated into this leaf's ``.grad``
        (as soon as no later node of that backward feeds it)."""
        if not self.requires_grad:
            raise RuntimeError(
                "cannot register a hook on a tensor that doesn't require gradient")
        if self._node is not None:
            raise RuntimeError(
                "post accumulate grad hooks cannot be registered on non-leaf tensors")
        _engine.register_post_accumulate_grad_hook(self, hook)
        return _PostHookHandle(self, hook)

    # -- conversion ----------------------------------------------------------------------
    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """``to(dtype)``, ``to(device)``, ``to(device, dtype)`` or ``to(other)``."""
        return _convert.to(self, *args, **kwargs)

    def cuda(self, device: Any = None, non_blocking: bool = False,
             memory_format: Any = _dt.preserve_format) -> Tensor:
        """A copy on a cuda device (``"cuda"`` by default); ``self`` if already there (and
        in ``memory_format``)."""
        if memory_format is _dt.preserve_format:
            return _convert.to(self, "cuda" if device is None else device,
                               non_blocking=non_blocking)
        return _convert.to(self, "cuda" if device is None else device,
                           non_blocking=non_blocking, memory_format=memory_format)

    def cpu(self, memory_format: Any = _dt.preserve_format) -> Tensor:
        """A copy in host memory; ``self`` if already there (and in ``memory_format``)."""
        if memory_format is _dt.preserve_format:
            return _convert.to(self, "cpu")
        return _convert.to(self, "cpu", memory_format=memory_format)

    def pin_memory(self) -> Tensor:
        """A copy in pinned host memory (``self`` if already pinned), from which
        ``to("cuda", non_blocking=True)`` does not make the host wait."""
        return _convert.pin_memory(self)

    def is_pinned(self) -> bool:
        """True when the tensor lies in pinned host memory."""
        return _convert.is_pinned(self)

    def float(self, memory_format: Any = _dt.preserve_format) -> Tensor:
        """``self.to(float32)`` (in ``memory_format`` if one is given)."""
        return _cast(self, _dt.float32, memory_format)

    def double(self, memory_format: Any = _dt.preserve_format) -> Tensor:
        """``self.to(float64)`` (in ``memory_format`` if one is given)."""
        return _cast(self, _dt.float64, memory_format)

    def half(self, memory_format: Any = _dt.preserve_format) -> Tensor:
        """``self.to(float16)`` (in ``memory_format`` if one is given)."""
        return _cast(self, _dt.float16, memory_format)

    def bfloat16(self, memory_format: Any = _dt.preserve_format) -> Tensor:
        """``self.to(bfloat16)`` (needs ``ml_dtypes``; in ``memory_format`` if one is given)."""
        return _cast(self, _dt.as_dtype("bfloat16"), memory_format)

    def long(self, memory_format: Any = _dt.preserve_format) -> Tensor:
        """``self.to(int64)`` (in ``memory_format`` if one is given)."""
        return _cast(self, _dt.int64, memory_format)

    def int(self, memory_format: Any = _dt.preserve_format) -> Tensor:
        """``self.to(int32)`` (in ``memory_format`` if one is given)."""
        return _cast(self, _dt.int32, memory_format)

    def bool(self, memory_format: Any = _dt.preserve_format) -> Tensor:
        """``self.to(bool)`` (in ``memory_format`` if one is given)."""
        return _cast(self, _dt.bool, memory_format)

    def type_as(self, other: Tensor) -> Tensor:
        """``self.to(other.dtype)``."""
        return _convert.to(self, other.dtype)

    def clone(self, *, memory_format: Any = _dt.preserve_format) -> Tensor:
        """A copy in new memory, laid out as ``self`` unless ``memory_format`` says otherwise;
        gradients flow back to ``self`` (see ``autograd.clone``)."""
        return _convert.clone(self, memory_format=memory_format)

    def contiguous(self, memory_format: Any = _dt.contiguous_format) -> Tensor:
        """``self`` when contiguous in ``memory_format`` (row-major by default), else a copy
        laid out so (see ``autograd.contiguous``)."""
        return _view.contiguous(self, memory_format)

    # -- Python protocol -----------------------------------------------------------------
    def __repr__(self) -> str:
        return _format(self)

    def __format__(self, format_spec: str) -> str:
        # as PyTorch: a 0-d tensor formats as its Python number (f"{loss:.4f}"); any other
        # takes no format spec
        if self._data.ndim == 0:
            return self.item().__format__(format_spec)
        if format_spec:
            raise TypeError(f"unsupported format string passed to Tensor.__format__ (a "
                            f"tensor of shape {list(self._data.shape)}: only 0-d tensors take "
                            "a format spec; use .item())")
        return repr(self)

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self) -> Iterator[Tensor]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError(
                f"Boolean value of Tensor with {self._data.size} values is ambiguous"
            )
        return bool(self.item())

    def __float__(self) -> float:
        if self._data.size != 1:
            raise ValueError(f"only one element tensors can be converted to Python scalars "
                             f"(got a tensor of shape {list(self.shape)})")
        return float(self.item())

    def __int__(self) -> int:
        if self._data.size != 1:
            raise ValueError(f"only one element tensors can be converted to Python scalars "
                             f"(got a tensor of shape {list(self.shape)})")
        return int(self.item())

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    __hash__ = object.__hash__

    def __getstate__(self) -> None:
        raise TypeError("Tensors are not pickled; use autograd.save / autograd.load")

    def __deepcopy__(self, memo: dict) -> Tensor:
        """A new leaf with copied memory (and gradient), of the same class (``copy.deepcopy``
        of a model copies its Parameters this way)."""
        if self._node is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) "
                               "support the deepcopy protocol")
        new = _new(type(self))
        new._data = self._data.copy()
        new.device = self.device
        new._requires_grad = self._requires_grad
        new._node = None
        new._out_idx = 0
        new.grad = None if self.grad is None else self.grad.__deepcopy__(memo)
        new._vc = [0]
        new._hooks = None
        new._view = None
        new._view_version = 0
        memo[id(self)] = new
        return new

    # -- operators -----------------------------------------------------------------------
    def __add__(self, other: Any) -> Tensor:
        return _arith.add(self, other)

    def __radd__(self, other: Any) -> Tensor:
        return _arith.add(other, self)

    def __sub__(self, other: Any) -> Tensor:
        return _arith.sub(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return _arith.sub(other, self)

    def __mul__(self, other: Any) -> Tensor:
        return _arith.mul(self, other)

    def __rmul__(self, other: Any) -> Tensor:
        return _arith.mul(other, self)

    def __truediv__(self, other: Any) -> Tensor:
        return _arith.div(self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        return _arith.div(other, self)

    def __floordiv__(self, other: Any) -> Tensor:
        return _arith.floor_divide(self, other)

    def __rfloordiv__(self, other: Any) -> Tensor:
        return _arith.floor_divide(other, self)

    def __mod__(self, other: Any) -> Tensor:
        return _arith.remainder(self, other)

    def __rmod__(self, other: Any) -> Tensor:
        return _arith.remainder(other, self)

    def __pow__(self, other: Any) -> Tensor:
        return _arith.pow(self, other)

    def __rpow__(self, other: Any) -> Tensor:
        return _arith.pow(other, self)

    def __matmul__(self, other: Any) -> Tensor:
        return _matmul.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return _matmul.matmul(other, self)

    def __neg__(self) -> Tensor:
        return _arith.neg(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return _unary.abs(self)

    def __invert__(self) -> Tensor:
        return _bitwise.invert(self)

    def __and__(self, other: Any) -> Tensor:
        return _bitwise.bitwise_and(self, other)

    def __rand__(self, other: Any) -> Tensor:
        return _bitwise.bitwise_and(other, self)

    def __or__(self, other: Any) -> Tensor:
        return _bitwise.bitwise_or(self, other)

    def __ror__(self, other: Any) -> Tensor:
        return _bitwise.bitwise_or(other, self)

    def __xor__(self, other: Any) -> Tensor:
        return _bitwise.bitwise_xor(self, other)

    def __rxor__(self, other: Any) -> Tensor:
        return _bitwise.bitwise_xor(other, self)

    def __lshift__(self, other: Any) -> Tensor:
        return _bitwise.bitwise_left_shift(self, other)

    def __rlshift__(self, other: Any) -> Tensor:
        return _bitwise.bitwise_left_shift(other, self)

    def __rshift__(self, other: Any) -> Tensor:
        return _bitwise.bitwise_right_shift(self, other)

    def __rrshift__(self, other: Any) -> Tensor:
        return _bitwise.bitwise_right_shift(other, self)

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        try:
            return _compare.eq(self, other)
        except TypeError:  # None, a string, a list: Python's comparison decides, as PyTorch
            return NotImplemented

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        try:
            return _compare.ne(self, other)
        except TypeError:
            return NotImplemented

    def __lt__(self, other: Any) -> Tensor:
        return _compare.lt(self, other)

    def __le__(self, other: Any) -> Tensor:
        return _compare.le(self, other)

    def __gt__(self, other: Any) -> Tensor:
        return _compare.gt(self, other)

    def __ge__(self, other: Any) -> Tensor:
        return _compare.ge(self, other)

    def __iadd__(self, other: Any) -> Tensor:
        return inplace(self, _arith.add, other)

    def __isub__(self, other: Any) -> Tensor:
        return inplace(self, _arith.sub, other)

    def __imul__(self, other: Any) -> Tensor:
        return inplace(self, _arith.mul, other)

    def __itruediv__(self, other: Any) -> Tensor:
        return inplace(self, _arith.div, other)

    def __ifloordiv__(self, other: Any) -> Tensor:
        return inplace(self, _arith.floor_divide, other)

    def __imod__(self, other: Any) -> Tensor:
        return inplace(self, _arith.remainder, other)

    def __ipow__(self, other: Any) -> Tensor:
        return inplace(self, _arith.pow, other)

    def __iand__(self, other: Any) -> Tensor:
        return inplace(self, _bitwise.bitwise_and, other)

    def __ior__(self, other: Any) -> Tensor:
        return inplace(self, _bitwise.bitwise_or, other)

    def __ixor__(self, other: Any) -> Tensor:
        return inplace(self, _bitwise.bitwise_xor, other)

    def __ilshift__(self, other: Any) -> Tensor:
        return inplace(self, _bitwise.bitwise_left_shift, other)

    def __irshift__(self, other: Any) -> Tensor:
        return inplace(self, _bitwise.bitwise_right_shift, other)

    def __getitem__(self, key: Any) -> Tensor:
        return _index.getitem(self, key)

    def __setitem__(self, key: Any, value: Any) -> None:
        _index.setitem(self, key, value)


def _format(t: Tensor) -> str:
    suffixes = []
    if t.device.type != "cpu":
        suffixes.append(f"device='{t.device}'")
    dtype = t._data.dtype
    # an empty tensor has no values to tell int64 or bool from, so PyTorch names those too
    shown = (_dt.get_default_dtype(),) if t._data.size == 0 else (
        _dt.get_default_dtype(), _dt.int64, _dt.bool)
    if dtype not in shown:
        suffixes.append(f"dtype={dtype}")
    if t.grad_fn is not None:
        suffixes.append(f"grad_fn=<{t._node.name()}>")
    elif t._requires_grad:
        suffixes.append("requires_grad=True")
    return format_tensor(t._host(), suffixes)


bind_tensor_class(Tensor)  # the engine and the ops make Tensors from now on
_backends  # noqa: B018 - imported for the side effect of reading AUTOGRAD_DEVICE
