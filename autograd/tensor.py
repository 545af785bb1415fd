"""Tensor: a backend array (NumPy or CuPy) with a place on the tape.

Every method and operator is an explicit one-line call into an op function in ``autograd.ops``;
the op functions hold the logic. This file holds the core (construction, attributes, autograd,
conversion, the Python protocol and operators, in-place writes); the methods that are op
functions called as methods come from the mixins in ``autograd.tensor_methods`` and
``autograd.tensor_methods_shape``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

import backends as _backends
from autograd import dtypes as _dt
from autograd import grad_mode as _gm
from autograd.tensor_methods import _LinalgMethods, _MathMethods, _ReductionMethods
from autograd.tensor_methods_shape import _IndexingMethods, _InplaceMethods, _ShapeMethods

_new = object.__new__


def _make(data: Any, device: Any, requires_grad: bool, node: Any, idx: int) -> Tensor:
    """Wrap a backend array without any checks (the hot path of every op)."""
    t = _new(Tensor)
    t._data = data
    t.device = device
    t.requires_grad = requires_grad
    t._node = node
    t._out_idx = idx
    t.grad = None
    t._vc = [0, 0]  # [version, version at the last differentiable in-place op]; views share it
    t._hooks = None
    t._view_version = None
    return t


class _HookHandle:
    """Returned by ``register_hook``; ``remove()`` takes the hook off again."""

    def __init__(self, hooks: list, hook: Callable) -> None:
        self._hooks = hooks
        self._hook = hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


class Tensor(_MathMethods, _ReductionMethods, _ShapeMethods, _IndexingMethods, _LinalgMethods,
             _InplaceMethods):
    """An n-dimensional array on a device that records the ops applied to it for backward.

    ``Tensor(data, dtype=None, device=None, requires_grad=False)`` is the same as
    ``autograd.tensor(...)``.
    """

    __slots__ = ("_data", "device", "requires_grad", "_node", "_out_idx", "grad", "_vc",
                 "_hooks", "_view_version", "__weakref__")
    __array_ufunc__ = None  # NumPy defers to our reflected operators (array + tensor)
    __array_priority__ = 1000

    def __init__(self, data: Any = (), dtype: Any = None, device: Any = None,
                 requires_grad: bool = False) -> None:
        t = _cr.tensor(data, dtype=dtype, device=device, requires_grad=requires_grad)
        for name in Tensor.__slots__[:-1]:
            setattr(self, name, getattr(t, name))

    # -- attributes --------------------------------------------------------------------
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
    def is_leaf(self) -> bool:
        """True for tensors made by the user, not by a recorded op."""
        return self._node is None

    @property
    def grad_fn(self) -> Any:
        """The tape entry that made this tensor (None for leaves)."""
        return self._node

    @property
    def is_cuda(self) -> bool:
        """True when the tensor lives on a ``cuda`` device."""
        return self.device.type == "cuda"

    @property
    def _version(self) -> int:
        """How many times this tensor (or a view of its memory) was modified in place."""
        return self._vc[0]

    @property
    def data(self) -> Tensor:
        """The same memory as a new leaf that does not require grad (``torch.Tensor.data``)."""
        return _make(self._data, self.device, False, None, 0)

    @data.setter
    def data(self, value: Tensor) -> None:
        if not isinstance(value, Tensor):
            raise TypeError(f"data must be set to a Tensor, got {type(value).__name__}")
        if value.device is not self.device and self._node is not None:
            raise RuntimeError(f"cannot set data of a non-leaf on {self.device} to {value.device}")
        self._data = value._data
        self.device = value.device
        self._vc[0] += 1  # what was saved of the old data must not be used for backward

    @property
    def array(self) -> Any:
        """The backend array (NumPy or CuPy) that holds the data, without a copy (Chainer's
        ``Variable.array``; PyTorch has no equivalent). Writes into it are invisible to
        autograd: call ``autograd.graph.increment_version(t)`` after them, as optimizers do."""
        return self._data

    def as_subclass(self, cls: type) -> Tensor:
        """The same memory, version counter and graph position as an instance of ``cls``, a
        subclass of Tensor (``torch.Tensor.as_subclass``)."""
        if not (isinstance(cls, type) and issubclass(cls, Tensor)):
            raise TypeError(f"as_subclass: cls must be a subclass of Tensor, got {cls!r}")
        t = _new(cls)
        for name in Tensor.__slots__[:-1]:
            setattr(t, name, getattr(self, name))
        return t

    @property
    def T(self) -> Tensor:
        """All dimensions reversed."""
        return _sh.permute(self, tuple(range(self.ndim - 1, -1, -1)))

    @property
    def mT(self) -> Tensor:
        """The last two dimensions swapped (a batch of matrices transposed)."""
        return _sh.transpose(self, -2, -1)

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
        """True for float16/32/64 tensors."""
        return self._data.dtype.kind == "f"

    def stride(self, dim: int | None = None) -> Any:
        """Strides in elements, like PyTorch (NumPy counts bytes)."""
        item = self._data.itemsize
        strides = tuple(s // item for s in self._data.strides)
        return strides if dim is None else strides[dim]

    def is_contiguous(self) -> bool:
        """True when the elements lie in memory in row-major (C) order without gaps."""
        return bool(self._data.flags.c_contiguous)

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar"
            )
        return self._data.item() if self.device.type == "cpu" else self._data.get().item()

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
        return self.device.backend.to_numpy(self._data)

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
        """Accumulate d self / d leaf into every leaf's ``.grad``."""
        if retain_graph is None:
            retain_graph = create_graph
        if inputs is not None:
            grads = _tape.run_backward([self], [gradient], retain_graph, create_graph,
                                       inputs=list(inputs), allow_unused=True)
            for t, g in zip(inputs, grads):
                if g is not None:
                    t.grad = g if t.grad is None else t.grad + g
            return
        _tape.run_backward([self], [gradient], retain_graph, create_graph)

    def detach(self) -> Tensor:
        """The same memory, cut from the graph (shares the version counter)."""
        t = _make(self._data, self.device, False, None, 0)
        t._vc = self._vc
        return t

    def detach_(self) -> Tensor:
        """Cut this tensor from the graph, making it a leaf."""
        self._node = None
        self.requires_grad = False
        return self

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` on a leaf (floating-point tensors only)."""
        if self._node is not None and not requires_grad:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use "
                "a computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach()."
            )
        if requires_grad and self._data.dtype.kind != "f":
            raise RuntimeError(
                f"only Tensors of floating point dtype can require gradients (got {self.dtype})"
            )
        self.requires_grad = requires_grad
        return self

    def retain_grad(self) -> None:
        """Keep the gradient of this non-leaf in ``.grad`` during backward."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._node is not None:
            _tape.retain(self._node, self._out_idx, self)

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> _HookHandle:
        """Call ``hook(grad)`` when this tensor's gradient is computed; it may return a new one."""
        if not self.requires_grad:
            raise RuntimeError(
                "cannot register a hook on a tensor that doesn't require gradient"
            )
        if self._node is None:
            if self._hooks is None:
                self._hooks = []
            hooks = self._hooks
        else:
            _tape.register_node_hook(self._node, self._out_idx, hook)
            hooks = self._node.hooks[self._out_idx]
        if hook not in hooks:
            hooks.append(hook)
        return _HookHandle(hooks, hook)

    # -- conversion ----------------------------------------------------------------------
    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """``to(dtype)``, ``to(device)``, ``to(device, dtype)`` or ``to(other)``."""
        return _ew.to(self, *args, **kwargs)

    def cuda(self, device: Any = None) -> Tensor:
        """A copy on a cuda device (``"cuda"`` by default); ``self`` if already there."""
        return _ew.to(self, "cuda" if device is None else device)

    def cpu(self) -> Tensor:
        """A copy in host memory; ``self`` if already there."""
        return _ew.to(self, "cpu")

    def float(self) -> Tensor:
        """``self.to(float32)``."""
        return _ew.to(self, _dt.float32)

    def double(self) -> Tensor:
        """``self.to(float64)``."""
        return _ew.to(self, _dt.float64)

    def half(self) -> Tensor:
        """``self.to(float16)``."""
        return _ew.to(self, _dt.float16)

    def long(self) -> Tensor:
        """``self.to(int64)``."""
        return _ew.to(self, _dt.int64)

    def int(self) -> Tensor:
        """``self.to(int32)``."""
        return _ew.to(self, _dt.int32)

    def bool(self) -> Tensor:
        """``self.to(bool)``."""
        return _ew.to(self, _dt.bool)

    def type_as(self, other: Tensor) -> Tensor:
        """``self.to(other.dtype)``."""
        return _ew.to(self, other.dtype)

    def clone(self) -> Tensor:
        """A copy in new memory; gradients flow back to ``self`` (see ``autograd.clone``)."""
        return _ew.clone(self)

    def contiguous(self) -> Tensor:
        """``self`` when C-contiguous, else a C-contiguous copy (see ``autograd.contiguous``)."""
        return _sh.contiguous(self)

    # -- Python protocol -----------------------------------------------------------------
    def __repr__(self) -> str:
        return _format(self)

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
        return float(self.item())

    def __int__(self) -> int:
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
        new.requires_grad = self.requires_grad
        new._node = None
        new._out_idx = 0
        new.grad = None if self.grad is None else self.grad.__deepcopy__(memo)
        new._vc = [0, 0]
        new._hooks = None
        new._view_version = None
        memo[id(self)] = new
        return new

    # -- operators -----------------------------------------------------------------------
    def __add__(self, other: Any) -> Tensor:
        return _ew.add(self, other)

    def __radd__(self, other: Any) -> Tensor:
        return _ew.add(other, self)

    def __sub__(self, other: Any) -> Tensor:
        return _ew.sub(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return _ew.sub(other, self)

    def __mul__(self, other: Any) -> Tensor:
        return _ew.mul(self, other)

    def __rmul__(self, other: Any) -> Tensor:
        return _ew.mul(other, self)

    def __truediv__(self, other: Any) -> Tensor:
        return _ew.div(self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        return _ew.div(other, self)

    def __floordiv__(self, other: Any) -> Tensor:
        return _ew.floor_divide(self, other)

    def __rfloordiv__(self, other: Any) -> Tensor:
        return _ew.floor_divide(other, self)

    def __mod__(self, other: Any) -> Tensor:
        return _ew.remainder(self, other)

    def __rmod__(self, other: Any) -> Tensor:
        return _ew.remainder(other, self)

    def __pow__(self, other: Any) -> Tensor:
        return _ew.pow(self, other)

    def __rpow__(self, other: Any) -> Tensor:
        return _ew.pow(other, self)

    def __matmul__(self, other: Any) -> Tensor:
        return _la.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return _la.matmul(other, self)

    def __neg__(self) -> Tensor:
        return _ew.neg(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return _ew.abs(self)

    def __invert__(self) -> Tensor:
        return _ew.logical_not(self)

    def __and__(self, other: Any) -> Tensor:
        return _ew.logical_and(self, other)

    def __rand__(self, other: Any) -> Tensor:
        return _ew.logical_and(other, self)

    def __or__(self, other: Any) -> Tensor:
        return _ew.logical_or(self, other)

    def __ror__(self, other: Any) -> Tensor:
        return _ew.logical_or(other, self)

    def __xor__(self, other: Any) -> Tensor:
        return _ew.logical_xor(self, other)

    def __rxor__(self, other: Any) -> Tensor:
        return _ew.logical_xor(other, self)

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return _ew.eq(self, other)

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return _ew.ne(self, other)

    def __lt__(self, other: Any) -> Tensor:
        return _ew.lt(self, other)

    def __le__(self, other: Any) -> Tensor:
        return _ew.le(self, other)

    def __gt__(self, other: Any) -> Tensor:
        return _ew.gt(self, other)

    def __ge__(self, other: Any) -> Tensor:
        return _ew.ge(self, other)

    def __iadd__(self, other: Any) -> Tensor:
        return _inplace(self, _ew.add, other)

    def __isub__(self, other: Any) -> Tensor:
        return _inplace(self, _ew.sub, other)

    def __imul__(self, other: Any) -> Tensor:
        return _inplace(self, _ew.mul, other)

    def __itruediv__(self, other: Any) -> Tensor:
        return _inplace(self, _ew.div, other)

    def __getitem__(self, key: Any) -> Tensor:
        return _ix.getitem(self, key)

    def __setitem__(self, key: Any, value: Any) -> None:
        _ix.setitem(self, key, value)


def _inplace(t: Tensor, fn: Callable, *args: Any, **kwargs: Any) -> Tensor:
    """Run ``fn(t, *args)`` out of place, write the result into ``t``'s memory, bump its
    version and, when the op was recorded, make ``t`` the op's output on the tape."""
    if t.requires_grad and t._node is None and _gm.state.enabled:
        raise RuntimeError(
            f"a leaf Variable that requires grad (shape {list(t.shape)}) is being used in an "
            f"in-place operation ({fn.__name__}_); do it under no_grad()"
        )
    since = _tape.next_seq() if _gm.state.enabled else None
    result = fn(t, *args, **kwargs)
    data = result._data
    if data.shape != t._data.shape:
        raise RuntimeError(
            f"{fn.__name__}_: output with shape {list(t.shape)} doesn't match the broadcast "
            f"shape {list(data.shape)}"
        )
    if data.dtype != t._data.dtype and not np.can_cast(data.dtype, t._data.dtype, "same_kind"):
        raise RuntimeError(
            f"{fn.__name__}_: result type {data.dtype} can't be cast to the desired output "
            f"type {t.dtype}"
        )
    if result.requires_grad and t._view_version is not None:
        raise RuntimeError(
            f"{fn.__name__}_: in-place modification of a view (shape {list(t.shape)}) by a "
            "differentiable op is not supported; clone() the view or use the out-of-place op"
        )
    if result.requires_grad:
        _unshare_saved(result._node, t._data, since)
    t._data[...] = data
    vc = t._vc
    vc[0] += 1
    if result.requires_grad:
        vc[1] = vc[0]
        t._node = result._node
        t._out_idx = result._out_idx
        t.requires_grad = True
    return t


def _unshare_saved(node: Any, array: Any, since: int) -> None:
    """Give the nodes an in-place op just recorded (seq > ``since``) that saved ``array``, which
    is about to be overwritten, a private copy of it: their backward needs the old values."""
    stack = [node] if node is not None and node.seq > since else []
    seen = set()
    old = None
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        saved = n.saved
        if saved:
            for k, value in enumerate(saved):
                if value is array:
                    if old is None:
                        old = array.copy()
                    n.saved = saved = saved[:k] + (old,) + saved[k + 1:]
                    infos = n.saved_versions
                    if infos is not None and infos[k] is not None:
                        # the copy is private: nothing can modify it, only its source matters
                        n.saved_versions = infos[:k] + (([0, 0], 0, infos[k][2]),) + infos[k + 1:]
        for edge in n.edges:
            if edge is not None and edge[0].__class__ is _tape.Node and edge[0].seq > since:
                stack.append(edge[0])


def _format(t: Tensor) -> str:
    data = t._host()
    prefix = "tensor("
    if data.size == 0:
        body = "[]" if data.ndim <= 1 else f"[], size={list(data.shape)}"
    else:
        body = np.array2string(data, separator=", ", prefix=prefix, precision=4,
                               threshold=1000, edgeitems=3, floatmode="maxprec_equal")
    extras = []
    if t.device.type != "cpu":
        extras.append(f"device='{t.device}'")
    if data.dtype not in (_dt.get_default_dtype(), _dt.int64, _dt.bool):
        extras.append(f"dtype={data.dtype}")
    if t._node is not None:
        extras.append(f"grad_fn=<{t._node.name}Backward>")
    elif t.requires_grad:
        extras.append("requires_grad=True")
    return prefix + body + "".join(", " + e for e in extras) + ")"


# The op modules import Tensor from here, so they are imported once it exists; the mixins in
# autograd.tensor_methods(_shape) find them at call time as attributes of autograd.ops.
from autograd import creation as _cr  # noqa: E402
from autograd import tape as _tape  # noqa: E402
from autograd.ops import elementwise as _ew  # noqa: E402
from autograd.ops import indexing as _ix  # noqa: E402
from autograd.ops import linalg as _la  # noqa: E402
from autograd.ops import reduction as _red  # noqa: E402, F401 (for autograd.tensor_methods)
from autograd.ops import shape as _sh  # noqa: E402

_backends  # noqa: B018 - imported for the side effect of reading AUTOGRAD_DEVICE
