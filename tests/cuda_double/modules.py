"""The double's modules (``cupy``, ``cupy.random``, ``cupy.linalg``, ``cupy.fft``,
``cupy.lib.stride_tricks``, ``cupy.cuda``, ``cupyx``, ``cupyx.scipy.special``) and the methods
of its ``ndarray``, all built from the manifest of the real CuPy."""

from __future__ import annotations

import contextlib
import math
import types
from typing import Any

import numpy as np

from tests.cuda_double import cuda_api as cuda
from tests.cuda_double import state
from tests.cuda_double.kernels import RawKernel
from tests.cuda_double.namespace import (
    CUPY,
    HOST_OK,
    MANIFEST,
    SYNCS,
    checked,
    missing,
    signature,
    ufunc,
)
from tests.cuda_double.ndarray import check_device, ndarray, unwrap, wrap

_NUMPY_ALIASES = {"round_": np.round, "product": np.prod, "cumproduct": np.cumprod,
                  "alltrue": np.all, "sometrue": np.any, "in1d": np.isin,
                  "trapz": getattr(np, "trapezoid", None), "fix": np.fix, "i0": np.i0,
                  "sinc": np.sinc, "msort": lambda a: np.sort(a, axis=0)}


class _KernelStub:
    """CuPy's ElementwiseKernel / ReductionKernel / RawModule: they compile CUDA C in forms
    the double cannot run. Code meant to be tested without a GPU uses ``cupy.fuse`` (Python
    over ufuncs) or a ``RawKernel`` without shared memory (``kernels.py``) instead."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.name = kwargs.get("name", type(self).__name__)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} {self.name!r}: the CuPy test double "
                                  "cannot run CUDA C (write the kernel with cupy.fuse, or test "
                                  "it on a GPU)")

    def get_function(self, name: str) -> Any:
        return self


def _class(name: str) -> type:
    stubs = ("ElementwiseKernel", "ReductionKernel", "RawModule")
    if name in stubs:
        return type(name, (_KernelStub,), {})
    if name == "RawKernel":
        return RawKernel
    if name == "ndarray":
        return ndarray
    if name == "ufunc":
        return ufunc
    if name == "AxisError":
        return np.exceptions.AxisError
    found = getattr(np, name, None)
    return found if isinstance(found, type) else type(name, (), {})


def fuse(*args: Any, **kwargs: Any) -> Any:
    """``cupy.fuse``: compiles the function into one kernel on a GPU; here, runs it."""
    def deco(fn: Any) -> Any:
        return fn

    if len(args) == 1 and callable(args[0]) and not kwargs:
        return args[0]
    return deco


def get_array_module(*args: Any) -> Any:
    import sys

    return sys.modules["cupy"] if any(isinstance(a, ndarray) for a in args) else np


def asnumpy(a: Any, stream: Any = None, order: str = "C", out: Any = None,
            blocking: bool = True) -> np.ndarray:
    if isinstance(a, ndarray):
        return a.get(stream=stream, order=order, out=out)
    return np.asarray(a, order=order)


_POOL = cuda.POOL
_PINNED_POOL = cuda.PinnedMemoryPool()
_SPECIAL = {
    "fuse": fuse,
    "get_array_module": get_array_module,
    "asnumpy": asnumpy,
    "get_default_memory_pool": lambda: _POOL,
    "get_default_pinned_memory_pool": lambda: _PINNED_POOL,
    "is_available": lambda: True,
}


# CuPy's sorts are stable (CUB radix sorts) whatever ``kind`` says; NumPy's default is not.
_STABLE = {"sort": np.sort, "argsort": np.argsort}


def _stable(fn: Any) -> Any:
    def call(a: Any, axis: Any = -1, kind: Any = None) -> Any:
        return fn(a, axis=axis, kind="stable")

    return call


def _function(module: str, name: str, spec: dict, source: Any) -> Any:
    if name in _SPECIAL and module == "cupy":
        return _SPECIAL[name]
    if name in _STABLE and module == "cupy":
        return checked(f"cupy.{name}", spec["params"], _stable(_STABLE[name]))
    impl = getattr(source, name, None) if source is not None else None
    if impl is None or not callable(impl):
        impl = _NUMPY_ALIASES.get(name) if module == "cupy" else None
    if impl is None:
        return missing(f"{module}.{name}")
    return checked(f"{module}.{name}", spec["params"], impl, host_ok=name in HOST_OK,
                   syncs=name in SYNCS)


def _module(name: str, source: Any) -> types.ModuleType:
    mod = types.ModuleType(name)
    for attr, spec in MANIFEST["modules"][name].items():
        kind = spec["kind"]
        if kind == "ufunc":
            impl = getattr(np, attr, None) or _NUMPY_ALIASES.get(attr)
            obj = ufunc(attr, spec["nin"], spec["nout"], spec["types"], impl) if impl else (
                missing(f"{name}.{attr}"))
        elif kind == "function":
            obj = _function(name, attr, spec, source)
        elif kind == "class":
            obj = _class(attr)
        elif kind == "constant":
            obj = getattr(np, attr, spec["value"]) if name == "cupy" else spec["value"]
        else:
            continue  # submodules are attached by build()
        setattr(mod, attr, obj)
    return mod


# -- cupy.random -----------------------------------------------------------------------------


class Generator:
    """``cupy.random.Generator``: CuPy's methods only (no ``permutation``, ``choice``,
    ``shuffle``), drawing from NumPy's generator onto the current device."""

    def __init__(self, bit_generator: Any = None) -> None:
        self._rng = np.random.default_rng(bit_generator)


def _generator_method(name: str, params: list | None) -> Any:
    sig = signature(params)

    def method(self: Generator, *args: Any, **kwargs: Any) -> Any:
        if sig is not None:
            try:
                sig.bind(*args, **kwargs)
            except TypeError as exc:
                raise TypeError(f"Generator.{name}() {exc}") from None
        out = kwargs.pop("out", None)
        result = getattr(self._rng, name)(*unwrap(args), **unwrap(kwargs))
        if out is not None:
            check_device(out)
            out._a[...] = result
            return out
        return wrap(result)

    method.__name__ = name
    return method


for _name, _spec in MANIFEST["random.Generator"].items():
    if _spec["kind"] == "method" and not _name.startswith("_"):
        setattr(Generator, _name, _generator_method(_name, _spec["params"]))


def _random() -> types.ModuleType:
    mod = _module("cupy.random", np.random)
    mod.Generator = Generator
    mod.default_rng = lambda seed=None: Generator(seed)
    return mod


# -- cupyx --------------------------------------------------------------------------------------


def _scatter(op: str, dtypes: tuple) -> Any:
    def scatter(a: ndarray, slices: Any, value: Any) -> None:
        check_device(a)
        v = value if isinstance(value, ndarray) else None
        dt = (v.dtype if v is not None else a.dtype).name
        if dt not in dtypes:
            raise TypeError(f"cupy.{op}.at only supports {', '.join(dtypes)} as data type")
        key = tuple(unwrap(k) for k in slices) if isinstance(slices, tuple) else unwrap(slices)
        try:
            getattr(np, op).at(a._a, key, unwrap(value))
        except IndexError:  # an atomic write out of bounds: a GPU would fault (or corrupt)
            raise RuntimeError("cudaErrorIllegalAddress: an illegal memory access was "
                               f"encountered (cupyx.scatter_{op} out of bounds)") from None

    return scatter


def _special_kernels() -> dict:
    """The math behind the double's cupyx.scipy.special: SciPy's (which CuPy's kernels follow)
    where SciPy is installed, else the NumPy backend's own kernels for the functions it has."""
    try:
        import scipy.special as sp
    except ImportError:
        from backends import gamma as g
        from backends import special as s

        return {"erf": s.erf, "erfc": s.erfc, "erfinv": s.erfinv, "gammaln": g.lgamma,
                "lgamma": g.lgamma, "digamma": g.digamma,
                "polygamma": lambda n, x: g.polygamma(int(np.max(n)), x), "erfcx": s.erfcx,
                "gammainc": g.gammainc, "gammaincc": g.gammaincc, "zeta": g.zeta}
    return {name: getattr(sp, name) for name in
            ("erf", "erfc", "erfinv", "gammaln", "digamma", "polygamma", "i0", "i0e", "i1",
             "i1e", "ndtri", "log_ndtr", "xlogy", "zeta", "gammainc", "gammaincc", "sinc",
             "entr", "multigammaln", "erfcx") if hasattr(sp, name)}


def _special() -> types.ModuleType:
    mod = types.ModuleType("cupyx.scipy.special")
    funcs = _special_kernels()
    for name, spec in MANIFEST["modules"]["cupyx.scipy.special"].items():
        if name in funcs:
            setattr(mod, name, _elementwise(name, funcs[name]))
        elif spec["kind"] in ("function", "ufunc"):
            setattr(mod, name, missing(f"cupyx.scipy.special.{name}"))
    return mod


def _elementwise(name: str, fn: Any) -> Any:
    def call(*args: Any, out: Any = None) -> Any:
        for a in args:
            if isinstance(a, ndarray):
                check_device(a)
        arrays = [unwrap(a) for a in args]
        x = np.asarray(arrays[-1])
        with np.errstate(all="ignore"):
            result = np.asarray(fn(*arrays))
        # CuPy keeps a floating input's dtype (float16 computed in float32), ints give float64
        result = result.astype(x.dtype if x.dtype.kind == "f" else np.float64)
        if out is not None:
            out._a[...] = result
            return out
        return wrap(result)

    call.__name__ = name
    return call


def _empty_pinned(shape: Any, dtype: Any = float, order: str = "C") -> np.ndarray:
    """As CuPy's: a NumPy array over a ``PinnedMemoryPointer``."""
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    nbytes = math.prod(shape) * np.dtype(dtype).itemsize
    return np.ndarray(shape, dtype=dtype, buffer=cuda.alloc_pinned_memory(nbytes), order=order)


def _zeroed(a: np.ndarray) -> np.ndarray:
    a[...] = 0
    return a


def _cupyx() -> types.ModuleType:
    mod = types.ModuleType("cupyx")
    mod.scatter_add = _scatter("add", ("int32", "int64", "float16", "float32", "float64",
                                       "uint32", "uint64"))
    mod.scatter_max = _scatter("maximum", ("int32", "int64", "float32", "float64", "uint32",
                                           "uint64"))
    mod.scatter_min = _scatter("minimum", ("int32", "int64", "float32", "float64", "uint32",
                                           "uint64"))
    mod.empty_pinned = _empty_pinned
    mod.zeros_pinned = lambda shape, dtype=float, order="C": _zeroed(
        _empty_pinned(shape, dtype, order))
    mod.empty_like_pinned = lambda a, dtype=None: _empty_pinned(
        a.shape, a.dtype if dtype is None else dtype)
    mod.zeros_like_pinned = lambda a, dtype=None: _zeroed(_empty_pinned(
        a.shape, a.dtype if dtype is None else dtype))
    mod.errstate = contextlib.nullcontext
    mod.seterr = lambda **kw: {}
    mod.geterr = lambda: {}
    mod.rsqrt = ufunc("rsqrt", 1, 1, ["e->e", "f->f", "d->d"], lambda x, **kw: 1 / np.sqrt(x))
    scipy = types.ModuleType("cupyx.scipy")
    scipy.special = _special()
    mod.scipy = scipy
    return mod


# -- ndarray methods from the manifest ----------------------------------------------------------

_UFUNC_DUNDERS = {
    "add": "add", "sub": "subtract", "mul": "multiply", "truediv": "true_divide",
    "floordiv": "floor_divide", "mod": "remainder", "pow": "power", "and": "bitwise_and",
    "or": "bitwise_or", "xor": "bitwise_xor", "lshift": "left_shift", "rshift": "right_shift",
}


def _dunder(name: str, reflected: bool = False, inplace: bool = False) -> Any:
    def op(self: ndarray, other: Any) -> Any:
        fn = CUPY[name]
        if isinstance(other, np.ndarray):
            raise TypeError(f"Unsupported type {type(other)}")
        if inplace:
            return fn(self, other, out=self)
        return fn(other, self) if reflected else fn(self, other)

    return op


def _method(name: str, params: list | None) -> Any:
    sig = signature(params)
    syncs = name in ("nonzero",)

    def method(self: ndarray, *args: Any, **kwargs: Any) -> Any:
        check_device(self)
        if sig is not None:
            try:
                sig.bind(*args, **kwargs)
            except TypeError as exc:
                raise TypeError(f"ndarray.{name}() {exc}") from None
        if syncs:
            state.record_sync(f"ndarray.{name}")
        if name in _STABLE:
            kwargs["kind"] = "stable"
        out = kwargs.get("out")
        result = getattr(self._a, name)(*unwrap(args), **{k: unwrap(v) for k, v in
                                                          kwargs.items()})
        return out if isinstance(out, ndarray) else wrap(result, self._dev)

    method.__name__ = name
    return method


def attach_methods() -> None:
    for name, spec in MANIFEST["ndarray"].items():
        if spec["kind"] != "method" or name.startswith("__") or name in ndarray.__dict__:
            continue
        if name in ("scatter_add", "scatter_max", "scatter_min"):
            op = {"scatter_add": "add", "scatter_max": "maximum", "scatter_min": "minimum"}
            setattr(ndarray, name, lambda self, slices, value, _o=op[name]:
                    _scatter(_o, ("int32", "int64", "float16", "float32", "float64", "uint32",
                                  "uint64"))(self, slices, value))
        elif hasattr(np.ndarray, name):
            setattr(ndarray, name, _method(name, spec["params"]))
        else:
            setattr(ndarray, name, missing(f"ndarray.{name}"))
    for short, ufname in _UFUNC_DUNDERS.items():
        setattr(ndarray, f"__{short}__", _dunder(ufname))
        setattr(ndarray, f"__r{short}__", _dunder(ufname, reflected=True))
        setattr(ndarray, f"__i{short}__", _dunder(ufname, inplace=True))
    for short, ufname in {"eq": "equal", "ne": "not_equal", "lt": "less", "le": "less_equal",
                          "gt": "greater", "ge": "greater_equal"}.items():
        setattr(ndarray, f"__{short}__", _dunder(ufname))
    ndarray.__matmul__ = lambda self, other: CUPY["matmul"](self, other)
    ndarray.__rmatmul__ = lambda self, other: CUPY["matmul"](other, self)
    ndarray.__neg__ = lambda self: CUPY["negative"](self)
    ndarray.__pos__ = lambda self: CUPY["positive"](self)
    ndarray.__abs__ = lambda self: CUPY["absolute"](self)
    ndarray.__invert__ = lambda self: CUPY["invert"](self)
    ndarray.__hash__ = None


def build() -> dict[str, types.ModuleType]:
    """Every double module, by its import name."""
    cupy = _module("cupy", np)
    CUPY.clear()
    CUPY.update({k: v for k, v in vars(cupy).items() if not k.startswith("__")})
    attach_methods()
    cupy.random = _random()
    cupy.linalg = _module("cupy.linalg", np.linalg)
    cupy.fft = _module("cupy.fft", np.fft)
    lib = types.ModuleType("cupy.lib")
    lib.stride_tricks = _module("cupy.lib.stride_tricks", np.lib.stride_tricks)
    cupy.lib = lib
    cupy.cuda = cuda.build()
    cupy.__version__ = MANIFEST["version"] + "+double"
    cupy.__double__ = True  # so that a test can tell the double from a real GPU
    cupyx = _cupyx()
    return {"cupy": cupy, "cupy.random": cupy.random, "cupy.linalg": cupy.linalg,
            "cupy.fft": cupy.fft, "cupy.lib": lib, "cupy.lib.stride_tricks": lib.stride_tricks,
            "cupy.cuda": cupy.cuda, "cupy.cuda.runtime": cupy.cuda.runtime, "cupyx": cupyx,
            "cupyx.scipy": cupyx.scipy, "cupyx.scipy.special": cupyx.scipy.special}
