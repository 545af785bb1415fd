"""PyTorch's remaining Tensor names: aliases, in-place forms, queries and storage helpers.

The companion of ``autograd.tensor_methods`` and ``autograd.tensor_methods_shape``: an alias is
the very function object of the method it names (``divide is div``); every other method is a
one-line call into an op. In-place math runs through ``autograd.engine.inplace.inplace``; the
in-place shape ops (``unsqueeze_``, ``t_`` ...) change the tensor's shape and strides over the
same memory through ``_restride`` below, which records them like the view op they repeat.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from autograd import creation as _creation
from autograd import dtypes as _dt
from autograd.checks import int_tuple
from autograd.engine.grad_mode import capturing, state
from autograd.engine.inplace import inplace
from autograd.engine.tensor_base import TensorBase, make
from autograd.engine.views import CREATION, DEFAULT, rebase_error, refresh, root
from autograd.ops.elementwise import arith as _arith
from autograd.ops.elementwise import compare as _compare
from autograd.ops.elementwise import convert as _convert
from autograd.ops.elementwise import select as _select
from autograd.ops.indexing import gather as _gather
from autograd.ops.indexing import index as _index
from autograd.ops.linalg import products as _products
from autograd.ops.reduction import basic as _reduce
from autograd.ops.shape import copy as _copy
from autograd.ops.shape import slice as _slice
from autograd.ops.shape import strided as _strided
from autograd.ops.shape import view as _view
from autograd.tensor_methods import _MathMethods
from autograd.tensor_methods_shape import _InplaceMethods

if TYPE_CHECKING:
    from autograd.tensor import Tensor

_new = object.__new__


def _as_values(fn: Callable, name: str) -> Callable:
    """``fn(input, other)`` (a comparison) as values of input's dtype, recorded as a fill: an
    in-place comparison gives ``self`` a zero gradient, as PyTorch's ``eq_`` does."""

    def op(input: Tensor, other: Any) -> Tensor:
        values = fn(input, other)
        if values._data.shape != input._data.shape:
            raise RuntimeError(f"{name}_: output with shape {list(input.shape)} doesn't match "
                               f"the broadcast shape {list(values.shape)}")
        return _convert.fill_like(input, values)

    op.__name__ = name
    return op


_EQ = _as_values(_compare.eq, "eq")
_NE = _as_values(_compare.ne, "ne")
_LT = _as_values(_compare.lt, "lt")
_LE = _as_values(_compare.le, "le")
_GT = _as_values(_compare.gt, "gt")
_GE = _as_values(_compare.ge, "ge")


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


class _CompatMethods:
    """PyTorch's aliases, in-place forms of existing ops, and tensor queries."""

    __slots__ = ()

    # -- aliases (the same function objects) ----------------------------------------------
    absolute = _MathMethods.abs
    absolute_ = _InplaceMethods.abs_
    divide = _MathMethods.div
    divide_ = _InplaceMethods.div_
    multiply = _MathMethods.mul
    multiply_ = _InplaceMethods.mul_
    subtract = _MathMethods.sub
    subtract_ = _InplaceMethods.sub_
    negative = _MathMethods.neg
    negative_ = _InplaceMethods.neg_
    greater = _MathMethods.gt
    greater_equal = _MathMethods.ge
    less = _MathMethods.lt
    less_equal = _MathMethods.le
    not_equal = _MathMethods.ne

    # -- in-place comparisons and logic (results in self's dtype) -------------------------
    def eq_(self, other: Any) -> Tensor:
        """In-place ``eq``: 1 where equal, else 0, in this tensor's dtype."""
        return inplace(self, _EQ, other)

    def ne_(self, other: Any) -> Tensor:
        """In-place ``ne``: 1 where not equal, else 0, in this tensor's dtype."""
        return inplace(self, _NE, other)

    def lt_(self, other: Any) -> Tensor:
        """In-place ``lt``: 1 where ``self < other``, else 0, in this tensor's dtype."""
        return inplace(self, _LT, other)

    def le_(self, other: Any) -> Tensor:
        """In-place ``le``: 1 where ``self <= other``, else 0, in this tensor's dtype."""
        return inplace(self, _LE, other)

    def gt_(self, other: Any) -> Tensor:
        """In-place ``gt``: 1 where ``self > other``, else 0, in this tensor's dtype."""
        return inplace(self, _GT, other)

    def ge_(self, other: Any) -> Tensor:
        """In-place ``ge``: 1 where ``self >= other``, else 0, in this tensor's dtype."""
        return inplace(self, _GE, other)

    greater_ = gt_
    greater_equal_ = ge_
    less_ = lt_
    less_equal_ = le_
    not_equal_ = ne_

    def logical_and_(self, other: Any) -> Tensor:
        """In-place ``logical_and`` (1/0 in this tensor's dtype; not differentiable)."""
        return inplace(self, _compare.logical_and, other)

    def logical_or_(self, other: Any) -> Tensor:
        """In-place ``logical_or`` (1/0 in this tensor's dtype; not differentiable)."""
        return inplace(self, _compare.logical_or, other)

    def logical_xor_(self, other: Any) -> Tensor:
        """In-place ``logical_xor`` (1/0 in this tensor's dtype; not differentiable)."""
        return inplace(self, _compare.logical_xor, other)

    def logical_not_(self) -> Tensor:
        """In-place ``logical_not`` (1/0 in this tensor's dtype; not differentiable)."""
        return inplace(self, _compare.logical_not)

    # -- arithmetic -----------------------------------------------------------------------
    def floor_divide(self, other: Any) -> Tensor:
        """``self // other``, rounded toward minus infinity (see ``autograd.floor_divide``)."""
        return _arith.floor_divide(self, other)

    def floor_divide_(self, other: Any) -> Tensor:
        """In-place ``floor_divide``."""
        return inplace(self, _arith.floor_divide, other)

    def lerp_(self, end: Tensor, weight: Any) -> Tensor:
        """In-place ``lerp``."""
        return inplace(self, _select.lerp, end, weight)

    def addmm_(self, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """In-place ``addmm``."""
        return inplace(self, _products.addmm, mat1, mat2, beta=beta, alpha=alpha)

    def addmv_(self, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """In-place ``addmv``."""
        return inplace(self, _products.addmv, mat, vec, beta=beta, alpha=alpha)

    def addr_(self, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """In-place ``addr``."""
        return inplace(self, _products.addr, vec1, vec2, beta=beta, alpha=alpha)

    def baddbmm_(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
                 alpha: Any = 1) -> Tensor:
        """In-place ``baddbmm``."""
        return inplace(self, _products.baddbmm, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm_(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
                alpha: Any = 1) -> Tensor:
        """In-place ``addbmm``."""
        return inplace(self, _products.addbmm, batch1, batch2, beta=beta, alpha=alpha)

    def tril_(self, diagonal: int = 0) -> Tensor:
        """In-place ``tril``."""
        return inplace(self, _copy.tril, diagonal)

    def triu_(self, diagonal: int = 0) -> Tensor:
        """In-place ``triu``."""
        return inplace(self, _copy.triu, diagonal)

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

    # -- indexing and shape ---------------------------------------------------------------
    def index_add(self, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
        """A copy with ``alpha * source`` added at ``index`` along ``dim``
        (see ``autograd.index_add``)."""
        return _gather.index_add(self, dim, index, source, alpha=alpha)

    def fill_diagonal_(self, fill_value: Any, wrap: bool = False) -> Tensor:
        """Fill the main diagonal (``i == j == ...``) with ``fill_value``; for a tall matrix,
        ``wrap=True`` starts again N+1 rows below (as NumPy's ``fill_diagonal``)."""
        return inplace(self, _index.masked_fill, _diagonal_mask(self, wrap), fill_value)

    def sum_to_size(self, *size: Any) -> Tensor:
        """Sum to ``size``, a shape that ``self`` can be expanded from (the reverse of
        ``expand``)."""
        return _sum_to_size(self, int_tuple(size, "sum_to_size"))

    def split_with_sizes(self, split_sizes: Sequence[int], dim: int = 0) -> tuple[Tensor, ...]:
        """Views of the given sizes along ``dim`` (see ``autograd.split_with_sizes``)."""
        return _slice.split_with_sizes(self, split_sizes, dim)

    @property
    def mH(self) -> Tensor:  # noqa: N802 (PyTorch's name)
        """The last two dims swapped and conjugated (``mT`` for real tensors)."""
        if self._data.ndim < 2:
            raise RuntimeError("tensor.mH is only supported on matrices or batches of matrices. "
                               f"Got {self._data.ndim}-D tensor.")
        return _view.transpose(self, -2, -1)

    @property
    def H(self) -> Tensor:  # noqa: N802 (PyTorch's name)
        """The conjugate transpose of a matrix (``t()`` for real tensors; 0-d: itself)."""
        n = self._data.ndim
        if n not in (0, 2):
            hint = " For batches of matrices, consider using tensor.mH" if n > 2 else ""
            raise RuntimeError("tensor.H is only supported on matrices (2-D tensors). Got "
                               f"{n}-D tensor.{hint}")
        return _view.t(self)

    # -- conversions ----------------------------------------------------------------------
    def byte(self) -> Tensor:
        """``self.to(uint8)``."""
        return _convert.to(self, _dt.uint8)

    def char(self) -> Tensor:
        """``self.to(int8)``."""
        return _convert.to(self, _dt.int8)

    def short(self) -> Tensor:
        """``self.to(int16)``."""
        return _convert.to(self, _dt.int16)

    # -- queries --------------------------------------------------------------------------
    def nelement(self) -> int:
        """The number of elements (``numel()``)."""
        return self.numel()

    def ndimension(self) -> int:
        """The number of dimensions (``dim()``)."""
        return self.dim()

    @property
    def itemsize(self) -> int:
        """The size of one element in bytes (``element_size()``)."""
        return self._data.itemsize

    @property
    def is_cpu(self) -> bool:
        """True when the tensor lives on the CPU."""
        return self.device.type == "cpu"

    @property
    def is_meta(self) -> bool:
        """False: there are no meta tensors here."""
        return False

    @property
    def is_sparse(self) -> bool:
        """False: every tensor here is dense (strided)."""
        return False

    @property
    def is_quantized(self) -> bool:
        """False: there are no quantized tensors here."""
        return False

    @property
    def is_nested(self) -> bool:
        """False: there are no nested tensors here."""
        return False

    def is_inference(self) -> bool:
        """False: tensors made under ``inference_mode()`` are ordinary tensors here (PyTorch
        marks them as inference tensors)."""
        return False

    @property
    def retains_grad(self) -> bool:
        """True for a non-leaf whose ``retain_grad()`` was called: backward fills its ``.grad``."""
        node = self.grad_fn
        if node is None or node.retained is None:
            return False
        ref = node.retained.get(self._out_idx)
        return ref is not None and ref() is self

    @property
    def output_nr(self) -> int:
        """Which output of its ``grad_fn`` this tensor is (0 for a leaf)."""
        return self._out_idx if self.grad_fn is not None else 0

    def data_ptr(self) -> int:
        """The address of the first element (host or device memory; 0 when empty)."""
        return _strided._address(self._data) if self._data.size else 0

    def storage_offset(self) -> int:
        """The offset in elements of the first element from the start of the memory it views."""
        return _strided._memory(self)[0]

    def get_device(self) -> int:
        """The GPU index of a ``cuda`` tensor; -1 on the CPU."""
        index = self.device.index
        return -1 if self.device.type == "cpu" else (index or 0)

    # -- memory ---------------------------------------------------------------------------
    def new_empty_strided(self, size: Sequence[int], stride: Sequence[int], *, dtype: Any = None,
                          device: Any = None, requires_grad: bool = False) -> Tensor:
        """Uninitialised memory of ``size`` with the given ``stride`` (in elements), with this
        tensor's dtype and device unless given."""
        return _strided._empty_strided("new_empty_strided", size, stride,
                                       requires_grad=requires_grad, **self._factory(dtype, device))

    def resize_(self, *size: Any) -> Tensor:
        """Give this tensor ``size`` (a tensor without grad only): the first elements keep their
        values, new ones are uninitialised. A larger size takes new memory, unlike PyTorch, so
        views taken before no longer share it."""
        return _resize(self, int_tuple(size, "resize_"))

    def resize_as_(self, other: Tensor) -> Tensor:
        """``self.resize_(other.shape)``."""
        return _resize(self, other._data.shape)

    def share_memory_(self) -> Tensor:
        """``self``: host memory is shared between threads already (PyTorch moves it to shared
        memory for other processes)."""
        return self

    def is_shared(self) -> bool:
        """False: a tensor's memory is never in inter-process shared memory here."""
        return False

    def apply_(self, callable: Callable[[Any], Any]) -> Tensor:
        """Replace every element ``v`` by ``callable(v)`` (a Python number; CPU tensors only,
        slow, not differentiable). Bumps the version counter, unlike PyTorch, so that a value
        saved for backward cannot change unnoticed."""
        return _map(self, "apply_", lambda a: [callable(v) for v in a], ())

    def map_(self, tensor: Tensor, callable: Callable[[Any, Any], Any]) -> Tensor:
        """Replace every element ``a`` by ``callable(a, b)``, ``b`` the element of ``tensor``
        (broadcast to this shape) at the same place (CPU only, slow, not differentiable; bumps
        the version counter, as ``apply_``)."""
        return _map(self, "map_", lambda a, b: [callable(x, y) for x, y in zip(a, b)],
                    (tensor,))


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


def _sum_to_size(t: Tensor, size: tuple[int, ...]) -> Tensor:
    shape = t._data.shape
    lead = len(shape) - len(size)
    if lead < 0 or any(s != 1 and s != n for s, n in zip(size, shape[lead:])):
        raise RuntimeError(f"sum_to_size: size {list(size)} is not expandable to size "
                           f"{list(shape)}.")
    dims = tuple(range(lead)) + tuple(lead + k for k, s in enumerate(size)
                                      if s == 1 and shape[lead + k] != 1)
    if not dims:
        return t
    return _view.reshape(_reduce.sum(t, dims, keepdim=True), size)


def _resize(t: Tensor, size: tuple[int, ...]) -> Tensor:
    if t._requires_grad:
        raise RuntimeError(f"resize_: cannot resize variables that require grad (shape "
                           f"{list(t._data.shape)} to {list(size)})")
    if any(s < 0 for s in size):
        raise RuntimeError(f"resize_: Trying to create tensor with negative dimension: "
                           f"{list(size)}")
    data = t._data
    if size == data.shape:
        return t
    n = 1
    for s in size:
        n *= s
    if n <= data.size and data.flags.c_contiguous:
        new = data.reshape(-1)[:n].reshape(size)  # a view of the same memory
    else:
        new = _creation.empty(size, dtype=t.dtype, device=t.device)._data
        keep = min(n, data.size)
        new.reshape(-1)[:keep] = data.reshape(-1)[:keep]
    cap = capturing()
    if cap is not None:
        cap.refuse(f"resize_ on a tensor of shape {list(data.shape)}")
    t._data = new
    t._vc[0] += 1
    return t


def _map(t: Tensor, name: str, fn: Callable, others: tuple) -> Tensor:
    if t.device.type != "cpu":
        raise TypeError(f"{name} is only implemented on CPU tensors (got a tensor on "
                        f"{t.device})")
    if t._requires_grad:
        raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use "
                           f"var.detach().{name}() instead (shape {list(t._data.shape)}).")
    data = t._data
    arrays = [data.reshape(-1).tolist()]
    for o in others:
        arrays.append(_view.broadcast_to(o, data.shape)._data.reshape(-1).tolist())
    values = fn(*arrays)
    data[...] = t.device.backend.asarray(values, dtype=data.dtype).reshape(data.shape)
    t._vc[0] += 1
    return t
