"""The Tensor methods about the tensor itself rather than its values: factories with its dtype
and device (``new_zeros`` ... ``new_tensor``, ``new_empty_strided``, the legacy ``new``), dtype
conversions (``type``, ``byte``, ``char``, ``short``, ``to_dense``), queries (``nelement``,
``itemsize``, ``data_ptr``, ``storage_offset``, ``get_device``, ``is_*`` flags, ``dim_order``,
``layout`` and the device kinds of other backends), and memory (``resize_``, ``resize_as_``,
``share_memory_``, ``record_stream`` ...).

A mixin of ``Tensor`` (see ``autograd.tensor_methods_elementwise``), with empty ``__slots__``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd import creation as _creation
from autograd import dtypes as _dt
from autograd import layouts as _layouts
from autograd.checks import int_tuple
from autograd.engine import tensor_base as _tb
from autograd.engine.grad_mode import capturing
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise import convert as _convert
from autograd.ops.elementwise import predicates as _predicates
from autograd.ops.shape import strided as _strided

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _ConversionMethods:
    """Factories like this tensor, dtype conversions, queries, layout flags and memory."""

    __slots__ = ()

    # -- factories with this tensor's dtype and device ------------------------------------
    def _factory(self, dtype: Any, device: Any) -> dict:
        return {"dtype": self.dtype if dtype is None else dtype,
                "device": self.device if device is None else device}

    def new_zeros(self, *size: Any, dtype: Any = None, device: Any = None,
                  requires_grad: bool = False) -> Tensor:
        """Zeros of ``size``, with this tensor's dtype and device unless given."""
        return _creation.zeros(*size, requires_grad=requires_grad,
                               **self._factory(dtype, device))

    def new_ones(self, *size: Any, dtype: Any = None, device: Any = None,
                 requires_grad: bool = False) -> Tensor:
        """Ones of ``size``, with this tensor's dtype and device unless given."""
        return _creation.ones(*size, requires_grad=requires_grad,
                              **self._factory(dtype, device))

    def new_empty(self, *size: Any, dtype: Any = None, device: Any = None,
                  requires_grad: bool = False) -> Tensor:
        """Uninitialised memory of ``size``, with this tensor's dtype and device unless given."""
        return _creation.empty(*size, requires_grad=requires_grad,
                               **self._factory(dtype, device))

    def new_full(self, size: Any, fill_value: Any, *, dtype: Any = None, device: Any = None,
                 requires_grad: bool = False) -> Tensor:
        """``fill_value`` in ``size``, with this tensor's dtype and device unless given."""
        return _creation.full(size, fill_value, requires_grad=requires_grad,
                              **self._factory(dtype, device))

    def new_tensor(self, data: Any, *, dtype: Any = None, device: Any = None,
                   requires_grad: bool = False) -> Tensor:
        """A copy of ``data`` (a leaf), with this tensor's dtype and device unless given."""
        if hasattr(data, "detach") and hasattr(data, "device"):
            data = data.detach().cpu().numpy()
        return _creation.tensor(data, requires_grad=requires_grad,
                                **self._factory(dtype, device))

    def new_empty_strided(self, size: Sequence[int], stride: Sequence[int], *, dtype: Any = None,
                          device: Any = None, requires_grad: bool = False) -> Tensor:
        """Uninitialised memory of ``size`` with the given ``stride`` (in elements), with this
        tensor's dtype and device unless given."""
        return _strided._empty_strided("new_empty_strided", size, stride,
                                       requires_grad=requires_grad, **self._factory(dtype, device))

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

    # -- conversions ----------------------------------------------------------------------
    def type(self, dtype: Any = None, non_blocking: bool = False, **kwargs: Any) -> Any:
        """With no argument, the type name as PyTorch spells it (``'torch.FloatTensor'``,
        ``'torch.cuda.FloatTensor'`` on a GPU); else this tensor cast to ``dtype`` (a dtype or
        such a name; a name with ``cuda`` also moves it), ``self`` when nothing changes."""
        if dtype is None:
            where = "cuda." if self.device.type == "cuda" else ""
            return f"torch.{where}{_TYPE_NAMES[self.dtype.name]}"
        if isinstance(dtype, str) and dtype.endswith("Tensor"):
            parts = dtype.split(".")
            name = _TYPE_DTYPES.get(parts[-1])
            if name is None or parts[0] not in ("torch", "autograd") or len(parts) > 3 or (
                    len(parts) == 3 and parts[1] != "cuda"):
                raise ValueError(f"invalid type: {dtype!r}")
            target = _dt.as_dtype(name)
            if len(parts) == 3 and self.device.type != "cuda":
                return _convert.to(self, "cuda", target)
            if len(parts) == 2 and self.device.type != "cpu":
                return _convert.to(self, "cpu", target)
            return self if target == self.dtype else _convert.to(self, target)
        try:
            target = _dt.as_dtype(dtype)
        except TypeError:
            if isinstance(dtype, str):  # PyTorch's error for a type name it does not know
                raise ValueError(f"invalid type: {dtype!r}") from None
            raise
        return self if target == self.dtype else _convert.to(self, target)

    def to_dense(self, dtype: object = None, *, masked_grad: bool | None = None) -> Tensor:
        """The tensor itself (every tensor here is dense), cast to ``dtype`` if given."""
        return self if dtype is None else self.to(dtype)

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
        """Whether this tensor was made under ``inference_mode()``: it tracks no version, may
        not be saved for backward, and is not modified in place outside inference mode (and
        its views and detached copies are inference tensors too)."""
        return self._vc is _tb.INFERENCE_VC

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

    def is_complex(self) -> bool:
        """False: no complex dtypes (see ``autograd.is_complex``)."""
        return _predicates.is_complex(self)

    def is_signed(self) -> bool:
        """True for signed dtypes (see ``autograd.is_signed``)."""
        return _predicates.is_signed(self)

    def is_nonzero(self) -> bool:
        """The truth value of a one-element tensor (see ``autograd.is_nonzero``)."""
        return _predicates.is_nonzero(self)

    def is_same_size(self, other: Tensor) -> bool:
        """True when the shapes agree (see ``autograd.is_same_size``)."""
        return _predicates.is_same_size(self, other)

    def is_conj(self) -> bool:
        """False: a conjugation is never pending here."""
        return False

    def is_neg(self) -> bool:
        """False: a negation is never pending here."""
        return False

    def dim_order(self, *, ambiguity_check: Any = False) -> tuple[int, ...]:
        """The dims from outermost to innermost in memory; with ``ambiguity_check`` a
        RuntimeError when that order is not unique (size-1 dims, equal strides)."""
        return _strided.dim_order(self, ambiguity_check)

    @property
    def volatile(self) -> bool:
        """False, with PyTorch's warning (volatile was removed; use ``no_grad``)."""
        warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning,
                      stacklevel=2)
        return False

    # -- layout and the device kinds of other backends ------------------------------------
    @property
    def layout(self) -> _dt.layout:
        """``autograd.strided``: every tensor here is dense and strided."""
        return _dt.strided

    @property
    def is_sparse_csr(self) -> bool:
        """False: every tensor here is dense."""
        return False

    @property
    def is_mkldnn(self) -> bool:
        """False: there are no MKL-DNN tensors here."""
        return False

    @property
    def is_xla(self) -> bool:
        """False: no XLA device here (CPU or CUDA only)."""
        return False

    @property
    def is_mps(self) -> bool:
        """False: no MPS device here (CPU or CUDA only)."""
        return False

    @property
    def is_xpu(self) -> bool:
        """False: no XPU device here (CPU or CUDA only)."""
        return False

    @property
    def is_ipu(self) -> bool:
        """False: no IPU device here (CPU or CUDA only)."""
        return False

    @property
    def is_vulkan(self) -> bool:
        """False: no Vulkan device here (CPU or CUDA only)."""
        return False

    @property
    def is_maia(self) -> bool:
        """False: no MAIA device here (CPU or CUDA only)."""
        return False

    @property
    def is_mtia(self) -> bool:
        """False: no MTIA device here (CPU or CUDA only)."""
        return False

    # -- memory ---------------------------------------------------------------------------
    def resize_(self, *size: Any, memory_format: Any = _dt.contiguous_format) -> Tensor:
        """Give this tensor ``size`` (a tensor without grad only): the first elements keep their
        values, new ones are uninitialised. A larger size takes new memory, unlike PyTorch, so
        views taken before no longer share it. With ``channels_last`` (or
        ``channels_last_3d``) the memory is then read in that order."""
        return _resize(self, int_tuple(size, "resize_"), memory_format)

    def resize_as_(self, other: Tensor, memory_format: Any = _dt.contiguous_format) -> Tensor:
        """``self.resize_(other.shape, memory_format=memory_format)``; ``preserve_format``
        takes the format ``other``'s strides suggest."""
        if memory_format is _dt.preserve_format:
            data = other._data
            memory_format = _layouts.suggest_format(data.shape, _layouts.element_strides(data))
        return _resize(self, other._data.shape, memory_format)

    # -- dtype casts in a memory format ---------------------------------------------------
    def byte(self, memory_format: Any = _dt.preserve_format) -> Tensor:
        """``self.to(uint8)``."""
        return _cast(self, _dt.uint8, memory_format)

    def char(self, memory_format: Any = _dt.preserve_format) -> Tensor:
        """``self.to(int8)``."""
        return _cast(self, _dt.int8, memory_format)

    def short(self, memory_format: Any = _dt.preserve_format) -> Tensor:
        """``self.to(int16)``."""
        return _cast(self, _dt.int16, memory_format)

    def share_memory_(self) -> Tensor:
        """``self``: host memory is shared between threads already (PyTorch moves it to shared
        memory for other processes)."""
        return self

    def is_shared(self) -> bool:
        """False: a tensor's memory is never in inter-process shared memory here."""
        return False

    def record_stream(self, stream: Any) -> None:
        """Nothing to do: on the CPU there are no streams, and on a GPU CuPy's memory pool
        orders the reuse of freed memory on the current stream; code that uses this tensor on
        another stream should synchronize that stream before freeing it."""
        if stream is None:
            raise RuntimeError("record_stream(): unknown parameter type (expected a Stream, "
                               "got None)")


# PyTorch's legacy tensor-type names, which ported code compares ``Tensor.type()`` against
_TYPE_NAMES = {"float16": "HalfTensor", "float32": "FloatTensor", "float64": "DoubleTensor",
               "int8": "CharTensor", "uint8": "ByteTensor", "int16": "ShortTensor",
               "int32": "IntTensor", "int64": "LongTensor", "bool": "BoolTensor",
               "bfloat16": "BFloat16Tensor"}
_TYPE_DTYPES = {v: k for k, v in _TYPE_NAMES.items()}


def _cast(t: Tensor, dtype: Any, memory_format: Any) -> Tensor:
    """``t.to(dtype)``, in ``memory_format`` when one other than ``preserve_format`` is given
    (the methods ``float()``, ``long()`` ... with their ``memory_format`` argument)."""
    if memory_format is _dt.preserve_format:
        return _convert.to(t, dtype)
    return _convert.to(t, dtype, memory_format=memory_format)


def _resize(t: Tensor, size: tuple[int, ...], memory_format: Any = _dt.contiguous_format
            ) -> Tensor:
    if memory_format is not _dt.contiguous_format:
        fmt = _layouts.check_format("resize_", memory_format)
        if fmt is _dt.preserve_format:
            raise RuntimeError("resize_: Unsupported memory format preserve_format")
        strides = _layouts.format_strides(size, fmt)  # the rank, checked before anything moves
        _resize(t, size)
        flat = t._data if t._data.flags.c_contiguous else t._data.copy()
        item = flat.itemsize
        t._data = t.device.backend.lib.stride_tricks.as_strided(
            flat.reshape(-1), size, tuple(s * item for s in strides))
        return t
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
