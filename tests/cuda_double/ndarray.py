"""The double's ``cupy.ndarray``: NumPy memory that behaves as device memory.

It is not a ``numpy.ndarray``: implicit conversion (``np.asarray``, ``__array__``) raises
CuPy's TypeError; every operation checks that its arrays live on the current device; reading
a value on the host (``get``, ``item``, ``bool``, ``int``, ``float``, ``tolist``, ``repr``, a
boolean mask's size) counts a host synchronisation; integer-array indexing wraps out-of-range
indices around instead of raising, as CuPy does; ``flags`` has only CuPy's three fields.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from tests.cuda_double import state

_owners: weakref.WeakValueDictionary = weakref.WeakValueDictionary()  # id(np owner) -> array


class Flags:
    """CuPy's ``ndarray.flags``: c_contiguous, f_contiguous, owndata (no ``writeable``)."""

    __slots__ = ("c_contiguous", "f_contiguous", "owndata")

    def __init__(self, a: np.ndarray, owndata: bool) -> None:
        self.c_contiguous = bool(a.flags.c_contiguous)
        self.f_contiguous = bool(a.flags.f_contiguous)
        self.owndata = owndata

    def __getitem__(self, key: str) -> bool:
        return {"C_CONTIGUOUS": self.c_contiguous, "F_CONTIGUOUS": self.f_contiguous,
                "OWNDATA": self.owndata}[key]


class MemoryPointer:
    """What ``ndarray.data`` gives: the device and an address."""

    __slots__ = ("ptr", "device_id")

    def __init__(self, a: np.ndarray, device_id: int) -> None:
        self.ptr = a.__array_interface__["data"][0]
        self.device_id = device_id


def check_device(a: ndarray) -> None:
    cur = state.current_device()
    if a._dev != cur:
        raise ValueError(f"The device where the array resides ({a._dev}) is different from "
                         f"the current device ({cur}). Peer access is unavailable between "
                         "these devices.")


def unwrap(value: Any, host_ok: bool = False) -> Any:
    """The NumPy array behind a double array (checked to be on the current device), through
    lists and tuples; host NumPy arrays are refused unless ``host_ok``, as CuPy refuses them."""
    if isinstance(value, ndarray):
        check_device(value)
        return value._a
    if isinstance(value, np.ndarray) and not host_ok:
        raise TypeError(f"Unsupported type {type(value)}")
    if isinstance(value, (list, tuple)):
        items = [unwrap(v, host_ok) for v in value]
        return items if isinstance(value, list) else tuple(items)
    return value


def wrap(value: Any, device: int | None = None) -> Any:
    """NumPy results as double arrays on the current device (NumPy scalars as 0-d arrays,
    as CuPy returns them), through tuples and lists."""
    if isinstance(value, np.ndarray):
        return ndarray._from(value, state.current_device() if device is None else device)
    if isinstance(value, np.generic) and not isinstance(value, np.dtype):
        return ndarray._from(np.asarray(value), state.current_device() if device is None
                             else device)
    if isinstance(value, tuple):
        return tuple(wrap(v, device) for v in value)
    if isinstance(value, list):
        return [wrap(v, device) for v in value]
    return value


class ndarray:  # noqa: N801 - CuPy's name
    """A double device array (see the module docstring)."""

    __slots__ = ("_a", "_dev", "_base", "_nbytes", "__weakref__")
    __array_priority__ = 100

    def __init__(self, shape: Any, dtype: Any = float, memptr: Any = None,
                 strides: Any = None, order: str = "C") -> None:
        self._a = np.empty(shape, dtype=dtype, order=order)
        self._dev = state.current_device()
        self._base = None
        _owners[id(self._a)] = self
        self._own()

    def _own(self) -> None:
        """Count this array's memory as allocated on its device (until it is freed)."""
        self._nbytes = self._a.nbytes
        state.count_bytes(self._dev, self._nbytes)
        from tests.cuda_double.cuda_api import allocated

        allocated(self._nbytes)

    def __del__(self) -> None:
        nbytes = getattr(self, "_nbytes", 0)
        if nbytes and state is not None:  # (modules are torn down at interpreter exit)
            state.count_bytes(self._dev, -nbytes)

    @classmethod
    def _from(cls, a: np.ndarray, device: int) -> ndarray:
        out = object.__new__(cls)
        out._a = a
        out._dev = device
        owner = a
        while isinstance(owner.base, np.ndarray):
            owner = owner.base
        out._nbytes = 0
        if owner is a:
            out._base = None
            _owners[id(a)] = out
            out._own()
        else:
            out._base = _owners.get(id(owner))
        return out

    # -- attributes ---------------------------------------------------------------------
    shape = property(lambda self: self._a.shape)
    ndim = property(lambda self: self._a.ndim)
    size = property(lambda self: self._a.size)
    dtype = property(lambda self: self._a.dtype)
    itemsize = property(lambda self: self._a.itemsize)
    nbytes = property(lambda self: self._a.nbytes)
    strides = property(lambda self: self._a.strides)
    base = property(lambda self: self._base)
    flags = property(lambda self: Flags(self._a, self._base is None))
    data = property(lambda self: MemoryPointer(self._a, self._dev))

    @property
    def device(self) -> Any:
        from tests.cuda_double.cuda_api import Device

        return Device(self._dev)

    @property
    def T(self) -> ndarray:  # noqa: N802
        return self.transpose()

    @property
    def mT(self) -> ndarray:  # noqa: N802
        return self.swapaxes(-1, -2)

    @property
    def __cuda_array_interface__(self) -> dict:
        return {"shape": self.shape, "typestr": self.dtype.str, "version": 3,
                "data": (self.data.ptr, False),
                "strides": None if self._a.flags.c_contiguous else self.strides}

    def __dlpack_device__(self) -> tuple[int, int]:
        return (2, self._dev)  # kDLCUDA

    # -- the host boundary ----------------------------------------------------------------
    def __array__(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("Implicit conversion to a NumPy array is not allowed. Please use "
                        "`.get()` to construct a NumPy array explicitly.")

    def get(self, stream: Any = None, order: str = "C", out: Any = None,
            blocking: bool = True) -> np.ndarray:
        state.record_sync("get")
        copy = np.array(self._a, order=order)
        if out is not None:
            out[...] = copy
            return out
        return copy

    def set(self, arr: np.ndarray, stream: Any = None) -> None:
        if not isinstance(arr, np.ndarray):
            raise TypeError("Only numpy.ndarray can be set to cupy.ndarray")
        if self.dtype != arr.dtype:
            raise TypeError(f"{arr.dtype} array cannot be set to {self.dtype} array")
        if self.shape != arr.shape:
            raise ValueError(f"Shape mismatch. Old shape: {self.shape}, new shape: {arr.shape}")
        if not (self._a.flags.c_contiguous or self._a.flags.f_contiguous):
            raise RuntimeError("Cannot set to non-contiguous array")
        self._a[...] = arr

    def item(self) -> Any:
        check_device(self)
        state.record_sync("item")
        return self._a.item()

    def tolist(self) -> Any:
        state.record_sync("tolist")
        return self._a.tolist()

    def __bool__(self) -> bool:
        state.record_sync("bool")
        return bool(self._a)

    def __int__(self) -> int:
        state.record_sync("int")
        return int(self._a)

    def __float__(self) -> float:
        state.record_sync("float")
        return float(self._a)

    def __index__(self) -> int:
        state.record_sync("index")
        return self._a.__index__()

    def __complex__(self) -> complex:
        state.record_sync("complex")
        return complex(self._a)

    def __repr__(self) -> str:
        state.record_sync("repr")
        return repr(self._a).replace("array(", "array(", 1)

    __str__ = __repr__

    def __len__(self) -> int:
        return len(self._a)

    def __iter__(self) -> Any:
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        return (self[i] for i in range(self.shape[0]))

    def __reduce__(self) -> Any:
        raise TypeError("the CuPy double does not pickle device arrays")

    # -- indexing ---------------------------------------------------------------------------
    def __getitem__(self, key: Any) -> ndarray:
        check_device(self)
        return wrap(self._a[_device_key(self._a, key)], self._dev)

    def __setitem__(self, key: Any, value: Any) -> None:
        check_device(self)
        if isinstance(value, np.ndarray):
            raise TypeError(f"Unsupported type {type(value)}")
        self._a[_device_key(self._a, key)] = unwrap(value)

    # NumPy functions and ufuncs given a double array run as the CuPy ones of that name
    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        from tests.cuda_double import namespace

        mine = namespace.CUPY.get(ufunc.__name__)
        if mine is None:
            return NotImplemented
        return getattr(mine, method)(*inputs, **kwargs) if method != "__call__" else mine(
            *inputs, **kwargs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        from tests.cuda_double import namespace

        mine = namespace.CUPY.get(func.__name__)
        if mine is None:
            return NotImplemented
        return mine(*args, **kwargs)


def _device_key(a: np.ndarray, key: Any) -> Any:
    """A key with double index arrays unwrapped and integer arrays taken modulo their dim
    (CuPy wraps out-of-range indices around); a boolean mask costs a host sync (the size of
    the result depends on the data)."""
    parts = key if isinstance(key, tuple) else (key,)
    if not any(isinstance(p, (ndarray, np.ndarray, list)) for p in parts):
        return key
    out = []
    dim = 0
    explicit = sum(1 if not (p is None or p is Ellipsis) else 0 for p in parts) + sum(
        (p.ndim - 1) for p in parts if isinstance(p, (ndarray, np.ndarray))
        and p.dtype == np.bool_)
    for p in parts:
        if isinstance(p, ndarray):
            check_device(p)
            p = p._a
        elif isinstance(p, list):
            p = np.asarray(p)
        if p is Ellipsis:
            dim += a.ndim - explicit
            out.append(p)
        elif p is None:
            out.append(p)
        elif isinstance(p, np.ndarray) and p.dtype == np.bool_:
            state.record_sync("boolean mask")
            out.append(p)
            dim += p.ndim
        elif isinstance(p, np.ndarray) and p.dtype.kind in "iu":
            out.append(p % a.shape[dim] if a.shape[dim] else p)
            dim += 1
        else:
            out.append(p)
            dim += 1
    return tuple(out)
