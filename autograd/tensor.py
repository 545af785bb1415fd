"""Tensor: a backend array (NumPy or CuPy) with a place on the tape.

Every method and operator is an explicit one-line call into an op function in ``autograd.ops``;
the op functions hold the logic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

import backends as _backends
from autograd import dtypes as _dt
from autograd import grad_mode as _gm

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


class Tensor:
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
        return self._data.shape

    @property
    def dtype(self) -> np.dtype:
        return self._data.dtype

    @property
    def ndim(self) -> int:
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
        return int(self._data.size)

    def dim(self) -> int:
        return self._data.ndim

    def element_size(self) -> int:
        return self._data.itemsize

    @property
    def nbytes(self) -> int:
        return int(self._data.nbytes)

    def is_floating_point(self) -> bool:
        return self._data.dtype.kind == "f"

    def stride(self, dim: int | None = None) -> Any:
        """Strides in elements, like PyTorch (NumPy counts bytes)."""
        item = self._data.itemsize
        strides = tuple(s // item for s in self._data.strides)
        return strides if dim is None else strides[dim]

    def is_contiguous(self) -> bool:
        return bool(self._data.flags.c_contiguous)

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar"
            )
        return self._data.item() if self.device.type == "cpu" else self._data.get().item()

    def tolist(self) -> Any:
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
        return _ew.to(self, "cuda" if device is None else device)

    def cpu(self) -> Tensor:
        return _ew.to(self, "cpu")

    def float(self) -> Tensor:
        return _ew.to(self, _dt.float32)

    def double(self) -> Tensor:
        return _ew.to(self, _dt.float64)

    def half(self) -> Tensor:
        return _ew.to(self, _dt.float16)

    def long(self) -> Tensor:
        return _ew.to(self, _dt.int64)

    def int(self) -> Tensor:
        return _ew.to(self, _dt.int32)

    def bool(self) -> Tensor:
        return _ew.to(self, _dt.bool)

    def type_as(self, other: Tensor) -> Tensor:
        return _ew.to(self, other.dtype)

    def clone(self) -> Tensor:
        return _ew.clone(self)

    def contiguous(self) -> Tensor:
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

    # -- in-place methods ----------------------------------------------------------------
    def add_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return _inplace(self, _ew.add, other, alpha=alpha)

    def sub_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return _inplace(self, _ew.sub, other, alpha=alpha)

    def mul_(self, other: Any) -> Tensor:
        return _inplace(self, _ew.mul, other)

    def div_(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        return _inplace(self, _ew.div, other, rounding_mode=rounding_mode)

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:
        return _inplace(self, _ew.clamp, min, max)

    clip_ = clamp_

    def pow_(self, exponent: Any) -> Tensor:
        return _inplace(self, _ew.pow, exponent)

    def neg_(self) -> Tensor:
        return _inplace(self, _ew.neg)

    def exp_(self) -> Tensor:
        return _inplace(self, _ew.exp)

    def sqrt_(self) -> Tensor:
        return _inplace(self, _ew.sqrt)

    def relu_(self) -> Tensor:
        return _inplace(self, _ew.relu)

    def sigmoid_(self) -> Tensor:
        return _inplace(self, _ew.sigmoid)

    def tanh_(self) -> Tensor:
        return _inplace(self, _ew.tanh)

    def masked_fill_(self, mask: Any, value: Any) -> Tensor:
        return _inplace(self, _ix.masked_fill, mask, value)

    def index_put_(self, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
        return _inplace(self, _ix.index_put, indices, values, accumulate)

    def index_add_(self, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
        return _inplace(self, _ix.index_add, dim, index, source, alpha=alpha)

    def scatter_(self, dim: int, index: Tensor, src: Any = None, *, value: Any = None,
                 reduce: str | None = None) -> Tensor:
        return _inplace(self, _ix.scatter, dim, index, src, value=value, reduce=reduce)

    def scatter_add_(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        return _inplace(self, _ix.scatter_add, dim, index, src)

    def copy_(self, src: Any) -> Tensor:
        """Copy ``src`` (broadcast, cast, moved across devices) into this tensor."""
        return _inplace(self, _ew.copy_from, src)

    def fill_(self, value: Any) -> Tensor:
        return _inplace(self, _ew.fill_like, value)

    def zero_(self) -> Tensor:
        return _inplace(self, _ew.fill_like, 0)

    def uniform_(self, a: float = 0.0, b: float = 1.0) -> Tensor:
        """Fill with samples from U(a, b) (from this device's generator)."""
        xp = self.device.backend
        return _inplace(self, _ew.fill_like,
                        _make(xp.random_uniform(self.shape, a, b, self.dtype), self.device,
                              False, None, 0))

    def normal_(self, mean: float = 0.0, std: float = 1.0) -> Tensor:
        """Fill with samples from N(mean, std^2) (from this device's generator)."""
        xp = self.device.backend
        return _inplace(self, _ew.fill_like,
                        _make(xp.random_normal(self.shape, mean, std, self.dtype), self.device,
                              False, None, 0))

    # -- math ----------------------------------------------------------------------------
    def add(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return _ew.add(self, other, alpha=alpha)

    def sub(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return _ew.sub(self, other, alpha=alpha)

    def mul(self, other: Any) -> Tensor:
        return _ew.mul(self, other)

    def div(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        return _ew.div(self, other, rounding_mode=rounding_mode)

    def pow(self, exponent: Any) -> Tensor:
        return _ew.pow(self, exponent)

    def abs(self) -> Tensor:
        return _ew.abs(self)

    def neg(self) -> Tensor:
        return _ew.neg(self)

    def exp(self) -> Tensor:
        return _ew.exp(self)

    def log(self) -> Tensor:
        return _ew.log(self)

    def log1p(self) -> Tensor:
        return _ew.log1p(self)

    def expm1(self) -> Tensor:
        return _ew.expm1(self)

    def sqrt(self) -> Tensor:
        return _ew.sqrt(self)

    def rsqrt(self) -> Tensor:
        return _ew.rsqrt(self)

    def sin(self) -> Tensor:
        return _ew.sin(self)

    def cos(self) -> Tensor:
        return _ew.cos(self)

    def tan(self) -> Tensor:
        return _ew.tan(self)

    def tanh(self) -> Tensor:
        return _ew.tanh(self)

    def sigmoid(self) -> Tensor:
        return _ew.sigmoid(self)

    def relu(self) -> Tensor:
        return _ew.relu(self)

    def sign(self) -> Tensor:
        return _ew.sign(self)

    def reciprocal(self) -> Tensor:
        return _ew.reciprocal(self)

    def square(self) -> Tensor:
        return _ew.square(self)

    def erf(self) -> Tensor:
        return _ew.erf(self)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:
        return _ew.clamp(self, min, max)

    clip = clamp

    def maximum(self, other: Tensor) -> Tensor:
        return _ew.maximum(self, other)

    def minimum(self, other: Tensor) -> Tensor:
        return _ew.minimum(self, other)

    def where(self, condition: Any, other: Any) -> Tensor:
        return _ew.where(condition, self, other)

    def lerp(self, end: Tensor, weight: Any) -> Tensor:
        return _ew.lerp(self, end, weight)

    def eq(self, other: Any) -> Tensor:
        return _ew.eq(self, other)

    def ne(self, other: Any) -> Tensor:
        return _ew.ne(self, other)

    def lt(self, other: Any) -> Tensor:
        return _ew.lt(self, other)

    def le(self, other: Any) -> Tensor:
        return _ew.le(self, other)

    def gt(self, other: Any) -> Tensor:
        return _ew.gt(self, other)

    def ge(self, other: Any) -> Tensor:
        return _ew.ge(self, other)

    def isnan(self) -> Tensor:
        return _ew.isnan(self)

    def isinf(self) -> Tensor:
        return _ew.isinf(self)

    def isfinite(self) -> Tensor:
        return _ew.isfinite(self)

    def logical_not(self) -> Tensor:
        return _ew.logical_not(self)

    def logical_and(self, other: Any) -> Tensor:
        return _ew.logical_and(self, other)

    def logical_or(self, other: Any) -> Tensor:
        return _ew.logical_or(self, other)

    def logical_xor(self, other: Any) -> Tensor:
        return _ew.logical_xor(self, other)

    # -- reductions ----------------------------------------------------------------------
    def sum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        return _red.sum(self, dim, keepdim, dtype=dtype)

    def mean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        return _red.mean(self, dim, keepdim, dtype=dtype)

    def prod(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        return _red.prod(self, dim, keepdim, dtype=dtype)

    def var(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: Any = None) -> Tensor:
        return _red.var(self, dim, unbiased, keepdim, correction=correction)

    def std(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: Any = None) -> Tensor:
        return _red.std(self, dim, unbiased, keepdim, correction=correction)

    def max(self, dim: Any = None, keepdim: bool = False) -> Any:
        return _red.max(self, dim, keepdim)

    def min(self, dim: Any = None, keepdim: bool = False) -> Any:
        return _red.min(self, dim, keepdim)

    def amax(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        return _red.amax(self, dim, keepdim)

    def amin(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        return _red.amin(self, dim, keepdim)

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        return _red.argmax(self, dim, keepdim)

    def argmin(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        return _red.argmin(self, dim, keepdim)

    def logsumexp(self, dim: Any, keepdim: bool = False) -> Tensor:
        return _red.logsumexp(self, dim, keepdim)

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False) -> Tensor:
        return _red.norm(self, p, dim, keepdim)

    def cumsum(self, dim: int, *, dtype: Any = None) -> Tensor:
        return _red.cumsum(self, dim, dtype=dtype)

    def cumprod(self, dim: int, *, dtype: Any = None) -> Tensor:
        return _red.cumprod(self, dim, dtype=dtype)

    def all(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _red.all(self, dim, keepdim)

    def any(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _red.any(self, dim, keepdim)

    # -- shape ---------------------------------------------------------------------------
    def reshape(self, *shape: Any) -> Tensor:
        return _sh.reshape(self, *shape)

    def view(self, *shape: Any) -> Tensor:
        return _sh.view(self, *shape)

    def view_as(self, other: Tensor) -> Tensor:
        return _sh.view(self, other.shape)

    def reshape_as(self, other: Tensor) -> Tensor:
        return _sh.reshape(self, other.shape)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        return _sh.flatten(self, start_dim, end_dim)

    def unflatten(self, dim: int, sizes: Sequence[int]) -> Tensor:
        return _sh.unflatten(self, dim, sizes)

    def squeeze(self, dim: Any = None) -> Tensor:
        return _sh.squeeze(self, dim)

    def unsqueeze(self, dim: int) -> Tensor:
        return _sh.unsqueeze(self, dim)

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        return _sh.transpose(self, dim0, dim1)

    swapaxes = swapdims = transpose

    def movedim(self, source: Any, destination: Any) -> Tensor:
        return _sh.movedim(self, source, destination)

    moveaxis = movedim

    def t(self) -> Tensor:
        return _sh.t(self)

    def permute(self, *dims: Any) -> Tensor:
        return _sh.permute(self, *dims)

    def expand(self, *sizes: Any) -> Tensor:
        return _sh.expand(self, *sizes)

    def expand_as(self, other: Tensor) -> Tensor:
        return _sh.expand(self, other.shape)

    def broadcast_to(self, shape: Sequence[int]) -> Tensor:
        return _sh.broadcast_to(self, shape)

    def repeat(self, *sizes: Any) -> Tensor:
        return _sh.repeat(self, *sizes)

    def tile(self, dims: Sequence[int]) -> Tensor:
        return _sh.tile(self, dims)

    def flip(self, dims: Any) -> Tensor:
        return _sh.flip(self, dims)

    def roll(self, shifts: Any, dims: Any = None) -> Tensor:
        return _sh.roll(self, shifts, dims)

    def narrow(self, dim: int, start: int, length: int) -> Tensor:
        return _sh.narrow(self, dim, start, length)

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        return _sh.chunk(self, chunks, dim)

    def split(self, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
        return _sh.split(self, split_size_or_sections, dim)

    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        return _sh.unbind(self, dim)

    def tril(self, diagonal: int = 0) -> Tensor:
        return _sh.tril(self, diagonal)

    def triu(self, diagonal: int = 0) -> Tensor:
        return _sh.triu(self, diagonal)

    # -- indexing ------------------------------------------------------------------------
    def gather(self, dim: int, index: Tensor) -> Tensor:
        return _ix.gather(self, dim, index)

    def scatter(self, dim: int, index: Tensor, src: Any = None, *, value: Any = None,
                reduce: str | None = None) -> Tensor:
        return _ix.scatter(self, dim, index, src, value=value, reduce=reduce)

    def scatter_add(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        return _ix.scatter_add(self, dim, index, src)

    def index_select(self, dim: int, index: Tensor) -> Tensor:
        return _ix.index_select(self, dim, index)

    def masked_fill(self, mask: Any, value: Any) -> Tensor:
        return _ix.masked_fill(self, mask, value)

    def take_along_dim(self, indices: Tensor, dim: int | None = None) -> Tensor:
        return _ix.take_along_dim(self, indices, dim)

    # -- linear algebra ------------------------------------------------------------------
    def matmul(self, other: Tensor) -> Tensor:
        return _la.matmul(self, other)

    def mm(self, other: Tensor) -> Tensor:
        return _la.mm(self, other)

    def bmm(self, other: Tensor) -> Tensor:
        return _la.bmm(self, other)

    def dot(self, other: Tensor) -> Tensor:
        return _la.dot(self, other)

    def outer(self, other: Tensor) -> Tensor:
        return _la.outer(self, other)


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


# The op modules import Tensor from here, so they are imported once it exists.
from autograd import creation as _cr  # noqa: E402
from autograd import tape as _tape  # noqa: E402
from autograd.ops import elementwise as _ew  # noqa: E402
from autograd.ops import indexing as _ix  # noqa: E402
from autograd.ops import linalg as _la  # noqa: E402
from autograd.ops import reduction as _red  # noqa: E402
from autograd.ops import shape as _sh  # noqa: E402

_backends  # noqa: B018 - imported for the side effect of reading AUTOGRAD_DEVICE
