"""The double's functions and ufuncs, built from the manifest of the real CuPy.

A name exists in the double only if CuPy 14 has it. A function takes exactly the parameters
CuPy's does (others raise TypeError, as calling CuPy with them would), runs NumPy's function of
the same name on the arrays' memory, and returns double arrays on the current device. A ufunc
accepts only CuPy's keywords (``out``, ``dtype``, ``casting``) and only the dtypes of CuPy's type
loops. Names with no NumPy counterpart are implemented here, or raise when called.
"""

from __future__ import annotations

import inspect
import json
import os
from typing import Any

import numpy as np

from tests.cuda_double import state
from tests.cuda_double.ndarray import check_device, ndarray, unwrap, wrap

MANIFEST = json.load(open(os.path.join(os.path.dirname(__file__), "cupy_manifest.json")))
_MISSING = object()
# Functions that take host data (NumPy arrays, lists) and copy it to the device.
HOST_OK = {"array", "asarray", "asanyarray", "ascontiguousarray", "asfortranarray",
           "copyto", "from_dlpack", "fromDlpack"}
# Functions whose result size depends on the data: CuPy waits for the device to know it.
SYNCS = {"nonzero", "argwhere", "flatnonzero", "unique", "compress", "extract", "asnumpy",
         "array_equal", "array_equiv", "allclose", "isscalar"}


def signature(params: list | None) -> inspect.Signature | None:
    """An inspect.Signature from the manifest's parameter list (None: not known)."""
    if params is None:
        return None
    out = []
    keyword_only = False
    for name, kind, has_default in params:
        if kind == "KEYWORD_MARKER":
            keyword_only = True
            continue
        k = getattr(inspect.Parameter, kind)
        if keyword_only and k == inspect.Parameter.POSITIONAL_OR_KEYWORD:
            k = inspect.Parameter.KEYWORD_ONLY
        if k == inspect.Parameter.VAR_POSITIONAL:
            keyword_only = True
        default = None if has_default else inspect.Parameter.empty
        if k in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            default = inspect.Parameter.empty
        out.append(inspect.Parameter(name, k, default=default))
    try:
        return inspect.Signature(out)
    except ValueError:
        return None


def checked(label: str, params: list | None, impl: Any, host_ok: bool = False,
            syncs: bool = False) -> Any:
    """``impl`` (on NumPy arrays) behind CuPy's parameter list and the device rules."""
    sig = signature(params)
    bound: set = set()  # (positional count, keyword names) that the signature takes

    def call(*args: Any, **kwargs: Any) -> Any:
        if sig is not None:
            form = (len(args), *kwargs)
            if form not in bound:
                try:
                    sig.bind(*args, **kwargs)
                except TypeError as exc:
                    raise TypeError(f"{label}() {exc}") from None
                bound.add(form)
        out = kwargs.get("out")
        if syncs:
            state.record_sync(label)
        result = impl(*unwrap(args, host_ok), **{k: unwrap(v, host_ok) for k, v in
                                                  kwargs.items()})
        if isinstance(out, ndarray):
            return out
        if isinstance(result, np.ndarray):
            for a in args:
                if isinstance(a, ndarray) and a._a is result:
                    return a  # handed back unchanged (asarray of an array already here)
                if host_ok and isinstance(a, np.ndarray) and np.may_share_memory(a, result):
                    result = result.copy()  # host data is copied to the device
                    break
        return wrap(result)

    call.__name__ = label.rpartition(".")[2]
    call.__qualname__ = label
    return call


def missing(label: str) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{label} exists in CuPy but the CuPy test double does not "
                                  "implement it (no NumPy counterpart)")

    call.__name__ = label.rpartition(".")[2]
    return call


# -- ufuncs --------------------------------------------------------------------------------------

_AT_DTYPES = {  # what cupy.<ufunc>.at supports (CuPy's atomics)
    "add": ("int32", "int64", "float16", "float32", "float64", "uint32", "uint64"),
    "subtract": ("int32", "uint32"),
    "maximum": ("int32", "int64", "float32", "float64", "uint32", "uint64"),
    "minimum": ("int32", "int64", "float32", "float64", "uint32", "uint64"),
}


class ufunc:  # noqa: N801 - CuPy's name
    """A CuPy ufunc: CuPy's keywords and type loops over NumPy's kernel."""

    def __init__(self, name: str, nin: int, nout: int, types: list[str], impl: Any) -> None:
        self.name = self.__name__ = name
        self.nin = nin
        self.nout = nout
        self.nargs = nin + nout
        self.types = types
        self._loops = [(tuple(np.dtype(c) for c in t.split("->")[0]),
                        tuple(np.dtype(c) for c in t.split("->")[1])) for t in types]
        self._impl = impl
        self._chosen: dict = {}  # input types -> loop (see _loop)

    def __repr__(self) -> str:
        return f"<ufunc 'cupy_{self.name}'>"

    def _loop(self, ins: tuple, dtype: Any) -> tuple:
        """The type loop CuPy picks for inputs ``ins`` (remembered per input types: the
        search through every loop is most of a small op's time in the double)."""
        key = [dtype]
        for a in ins:
            if isinstance(a, (ndarray, np.generic)):
                key.append(a.dtype)
            elif a.__class__ is int and not -(1 << 63) <= a < 1 << 63:
                return self._search(ins, dtype)  # its type depends on its value
            else:
                key.append(a.__class__)
        key = tuple(key)
        loop = self._chosen.get(key)
        if loop is None:
            loop = self._chosen[key] = self._search(ins, dtype)
        return loop

    def _search(self, ins: tuple, dtype: Any) -> tuple:
        if dtype is not None:
            dt = np.dtype(dtype)
            for loop in self._loops:
                if loop[1][0] == dt or loop[0][0] == dt:
                    return loop
        else:
            weak = _scalars_are_weak(ins)
            for loop in self._loops:
                if all(_fits(a, t, weak) for a, t in zip(ins, loop[0])):
                    return loop
        kinds = tuple(getattr(a, "dtype", type(a)) for a in ins) if dtype is None else dtype
        raise TypeError(f"Wrong type ({kinds}) of arguments for cupy_{self.name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        out = kwargs.pop("out", None)
        dtype = kwargs.pop("dtype", None)
        casting = kwargs.pop("casting", "same_kind")
        if kwargs:
            raise TypeError(f"Wrong arguments {kwargs}")
        if not self.nin <= len(args) <= self.nargs:
            raise TypeError(f"Wrong number of arguments for {self.name!r}. It must be either "
                            f"{self.nin} or {self.nargs} (with outputs), but given {len(args)}.")
        ins = args[:self.nin]
        if len(args) > self.nin:
            out = args[self.nin:] if self.nout > 1 else args[self.nin]
        for a in ins:
            if isinstance(a, np.ndarray) or isinstance(a, (list, tuple)):
                raise TypeError(f"Unsupported type {type(a)}")
        loop = self._loop(ins, dtype)
        raw = unwrap(ins)
        with np.errstate(all="ignore"):  # the GPU raises no floating-point warnings
            result = self._impl(*raw, **({"dtype": dtype} if dtype is not None else {}))
        results = result if isinstance(result, tuple) else (result,)
        results = tuple(np.asarray(r).astype(t, copy=False) for r, t in zip(results, loop[1]))
        if out is not None:
            outs = out if isinstance(out, tuple) else (out,)
            for o, r in zip(outs, results):
                if not isinstance(o, ndarray):
                    raise TypeError(f"Output arrays must be cupy.ndarray, got {type(o)}")
                check_device(o)
                np.copyto(o._a, r, casting=casting)
            return out
        return wrap(results if isinstance(result, tuple) else results[0])

    def reduce(self, array: Any, axis: Any = 0, dtype: Any = None, out: Any = None,
               keepdims: bool = False) -> Any:
        res = getattr(np, self.name).reduce(unwrap(array), axis=axis, dtype=dtype,
                                            keepdims=keepdims)
        return _into(out, res)

    def accumulate(self, array: Any, axis: int = 0, dtype: Any = None, out: Any = None) -> Any:
        return _into(out, getattr(np, self.name).accumulate(unwrap(array), axis=axis,
                                                            dtype=dtype))

    def reduceat(self, array: Any, indices: Any, axis: int = 0, dtype: Any = None,
                 out: Any = None) -> Any:
        return _into(out, getattr(np, self.name).reduceat(unwrap(array), unwrap(indices),
                                                          axis=axis, dtype=dtype))

    def outer(self, A: Any, B: Any, **kwargs: Any) -> Any:  # noqa: N803
        return self(A.reshape(A.shape + (1,) * B.ndim), B, **kwargs)  # what outer means

    def at(self, a: Any, indices: Any, b: Any = None) -> None:
        allowed = _AT_DTYPES.get(self.name)
        if allowed is None or a.dtype.name not in allowed:
            raise TypeError(f"cupy.{self.name}.at only supports {', '.join(allowed or ())} as "
                            "data type")
        getattr(np, self.name).at(unwrap(a), _key(indices), unwrap(b))


_KIND_ORDER = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


def _scalars_are_weak(ins: tuple) -> bool:
    """CuPy treats Python scalars as weak (taking the arrays' type) only when there is an array
    of at least the scalars' kind; otherwise (all scalars, or ``int_array + 1.5``) a scalar has
    its own default type (bool, int64, float64, complex128), as ``_kernel.pyx`` decides."""
    array_kind = scalar_kind = -1
    for a in ins:
        if isinstance(a, (ndarray, np.generic)):
            array_kind = max(array_kind, _KIND_ORDER.get(a.dtype.kind, 3))
        elif isinstance(a, (bool, int, float, complex)):
            scalar_kind = max(scalar_kind, _KIND_ORDER[np.asarray(a).dtype.kind])
    return array_kind != -1 and scalar_kind != -1 and array_kind >= scalar_kind


def _fits(arg: Any, t: np.dtype, weak: bool = True) -> bool:
    """Whether an input can go into a loop of type ``t`` (Python scalars weak when ``weak``)."""
    if isinstance(arg, ndarray) or isinstance(arg, np.generic):
        return np.can_cast(arg.dtype, t, "safe")
    if not weak and isinstance(arg, (bool, int, float, complex)):
        return np.can_cast(np.asarray(arg).dtype, t, "safe")
    if isinstance(arg, bool):
        return True
    if isinstance(arg, int):
        return t.kind in "iufc"
    if isinstance(arg, float):
        return t.kind in "fc"
    if isinstance(arg, complex):
        return t.kind == "c"
    raise TypeError(f"Unsupported type {type(arg)}")


def _into(out: Any, result: Any) -> Any:
    if out is None:
        return wrap(result)
    check_device(out)
    out._a[...] = result
    return out


def _key(indices: Any) -> Any:
    return tuple(unwrap(k) for k in indices) if isinstance(indices, tuple) else unwrap(indices)


CUPY: dict[str, Any] = {}  # the cupy namespace, built by build()
