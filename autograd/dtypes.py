"""dtypes (NumPy dtype objects under PyTorch's names) and PyTorch's type-promotion rules.

``bfloat16`` is ``ml_dtypes``' NumPy dtype (the one JAX and CuPy use) and exists only where
that package is installed (``pip install tapegrad[bfloat16]``). Its ``kind`` is ``"V"``, not
``"f"``: test floating point with :func:`is_floating_point` or ``kind in FLOATING_KINDS``.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from backends.base import BFLOAT16, on_first_bfloat16

float16 = half = np.dtype(np.float16)
float32 = float = np.dtype(np.float32)
float64 = double = np.dtype(np.float64)
int8 = np.dtype(np.int8)
uint8 = np.dtype(np.uint8)
int16 = short = np.dtype(np.int16)
int32 = int = np.dtype(np.int32)
int64 = long = np.dtype(np.int64)
bool = np.dtype(np.bool_)

if BFLOAT16 is not None:
    bfloat16 = BFLOAT16
# dtype.kind of the floating dtypes: "V" is bfloat16's (the only non-NumPy dtype held)
FLOATING_KINDS = "fV"

_BY_NAME = {
    "float16": float16, "half": float16, "float32": float32, "float": float32,
    "float64": float64, "double": float64, "int8": int8, "uint8": uint8, "int16": int16,
    "short": int16, "int32": int32, "int": int32, "int64": int64, "long": int64, "bool": bool,
}
if BFLOAT16 is not None:
    _BY_NAME["bfloat16"] = BFLOAT16
_SUPPORTED = frozenset(_BY_NAME.values())
_default_float = float32


def as_dtype(spec: Any) -> np.dtype:
    """Turn a dtype, its name (``"float32"``, ``"long"`` ...) or a Python type into a dtype."""
    if spec.__class__ is np.dtype and spec in _SUPPORTED:
        return spec
    if isinstance(spec, str):
        found = _BY_NAME.get(spec.removeprefix("torch."))
        if found is None:
            raise TypeError(f"unknown dtype {spec!r}; expected one of {sorted(_BY_NAME)}")
        if found is BFLOAT16 and on_first_bfloat16:
            _first_bfloat16()
        return found
    if spec is builtins.float:  # a Python float is a double, as in PyTorch
        return float64
    if spec is builtins.int:
        return int64
    if spec is builtins.bool:
        return bool
    try:
        dt = np.dtype(spec)
    except TypeError:
        raise TypeError(f"unknown dtype {spec!r}") from None
    if dt not in _SUPPORTED:
        raise TypeError(f"dtype {dt} is not supported; expected one of {sorted(_BY_NAME)}")
    if dt is BFLOAT16 and on_first_bfloat16:
        _first_bfloat16()
    return dt


def _first_bfloat16() -> None:
    while on_first_bfloat16:
        on_first_bfloat16.pop()()


def get_default_dtype() -> np.dtype:
    """The dtype of new floating-point tensors (float32 unless changed)."""
    return _default_float


def set_default_dtype(dtype: Any) -> None:
    """Set the dtype of new floating-point tensors: float16, bfloat16, float32 or float64."""
    global _default_float
    dt = as_dtype(dtype)
    if dt.kind not in FLOATING_KINDS:
        raise TypeError(f"default dtype must be floating point, got {dt}")
    _default_float = dt


def is_floating_point(dtype: np.dtype) -> builtins.bool:
    """True for float16, bfloat16, float32 and float64."""
    return dtype.kind in FLOATING_KINDS


_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2, "V": 2, "c": 3}

# PyTorch's promotion table over the supported dtypes, built once: within a category the wider
# type wins (uint8 with int8 is int16, as in PyTorch and NumPy); across categories the operand
# of the higher category wins as it is (int64 with float16 is float16, unlike NumPy).
_ORDER = (bool, uint8, int8, int16, int32, int64, float16, float32, float64) + (
    () if BFLOAT16 is None else (BFLOAT16,))


def _promote_pair(a: np.dtype, b: np.dtype) -> np.dtype:
    ca, cb = _CATEGORY[a.kind], _CATEGORY[b.kind]
    if ca == cb:
        return np.promote_types(a, b)  # bfloat16 with float16 is float32, as in PyTorch
    return a if ca > cb else b


_PROMOTE = {(a, b): _promote_pair(a, b) for a in _ORDER for b in _ORDER}


def promote_types(a: np.dtype, b: np.dtype) -> np.dtype:
    """PyTorch's promotion of two tensor dtypes (``torch.promote_types``): the higher category
    (bool < integer < floating) wins as is; within a category the wider type.

    Unlike NumPy, int32 + float32 is float32 and int64 + float16 is float16.
    """
    if a is b:
        return a
    found = _PROMOTE.get((a, b))
    if found is None:
        return _promote_pair(as_dtype(a), as_dtype(b))
    return found


def can_cast(from_: Any, to: Any) -> builtins.bool:
    """``torch.can_cast``: whether PyTorch's casting rules allow ``from_`` into ``to`` in an
    in-place op or an ``out=``: never to a lower category (floating into integer, integer into
    bool); any width within a category."""
    return _CATEGORY[as_dtype(from_).kind] <= _CATEGORY[as_dtype(to).kind]


def _scalar_category(value) -> builtins.int:
    if isinstance(value, builtins.bool):
        return 0
    if isinstance(value, builtins.int):
        return 1
    if isinstance(value, builtins.float):
        return 2
    return 3


def result_type(*operands: Any) -> np.dtype:
    """The dtype PyTorch gives an op on these operands (Tensors and Python scalars).

    Dimensioned tensors outrank zero-dim tensors, which outrank Python scalars, unless a
    lower-ranked operand is of a higher category (bool < integer < floating); then that
    operand's category decides, at the default dtype for Python floats.
    """
    dims = zero = None
    scalar_cat = -1
    for op in operands:
        dt = getattr(op, "dtype", None)
        if dt is None:
            scalar_cat = max(scalar_cat, _scalar_category(op))
        elif op.ndim:
            dims = dt if dims is None else promote_types(dims, dt)
        else:
            zero = dt if zero is None else promote_types(zero, dt)
    result = dims
    if zero is not None:
        if result is None or _CATEGORY[zero.kind] > _CATEGORY[result.kind]:
            result = zero
    if scalar_cat >= 0 and (result is None or scalar_cat > _CATEGORY[result.kind]):
        result = (bool, int64, _default_float, np.dtype(np.complex64))[scalar_cat]
    return result


_LIMITS: dict = {}  # dtype -> (lowest, max) of its values
_REAL = (builtins.int, builtins.float, np.integer, np.floating)


def limits(dtype: np.dtype) -> tuple:
    """(lowest, largest) value of an integer or floating dtype: ints for integers, floats for
    floating dtypes."""
    found = _LIMITS.get(dtype)
    if found is None:
        info = np.iinfo(dtype) if dtype.kind in "iu" else np.finfo(dtype)
        kind = builtins.int if dtype.kind in "iu" else builtins.float
        found = _LIMITS[dtype] = (kind(info.min), kind(info.max))
    return found


def scalar_for(value: Any, dtype: np.dtype, half_unchecked: builtins.bool = False) -> Any:
    """A Python number as an element of ``dtype``, with PyTorch's overflow check for a scalar
    written into a tensor (``fill_``, ``full``, ``masked_fill``, ``clamp``'s bounds ...):
    RuntimeError where it does not fit. A negative int wraps into an unsigned dtype down to
    ``-max`` (``uint8`` takes -1 as 255); a float goes into an integer dtype truncated, when it
    is within the dtype's range; infinities and NaN fit every floating dtype.
    ``half_unchecked``: float16 and bfloat16 take any number (rounding to infinity beyond
    their range), as PyTorch's ``where`` and ``scalar_tensor`` convert into them."""
    kind = dtype.kind
    if kind == "b" or isinstance(value, (builtins.bool, np.bool_)) or not isinstance(
            value, _REAL):
        return value
    if half_unchecked and kind in FLOATING_KINDS and dtype.itemsize < 4:
        return value
    lo, hi = limits(dtype)
    if kind in "iu":
        if isinstance(value, (builtins.int, np.integer)):
            if lo <= value <= hi:
                return value
            if kind == "u" and -hi <= value < 0:
                return value + hi + 1
        elif lo <= value <= hi:  # False for NaN
            return builtins.int(value)
    elif not (value > hi or value < lo) or abs(value) == np.inf:  # NaN passes the first test
        return value
    raise RuntimeError(f"value cannot be converted to type {dtype} without overflow (got "
                       f"{value!r})")


class finfo:
    """The machine limits of a floating dtype (``torch.finfo``): bits, eps, max, min, tiny
    (= smallest_normal), resolution and dtype (its name); the default dtype when none is
    given."""

    __slots__ = ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")

    def __init__(self, type: Any = None) -> None:
        dt = _default_float if type is None else as_dtype(type)
        if dt.kind not in "fV":
            raise TypeError(f"finfo() requires a floating point input type, got {dt}; use "
                            "iinfo for integer types")
        info = np.finfo(dt)
        self.bits = info.bits
        self.eps = builtins.float(info.eps)
        self.max = builtins.float(info.max)
        self.min = builtins.float(info.min)
        self.tiny = self.smallest_normal = builtins.float(info.smallest_normal)
        self.resolution = 10.0 ** -info.precision
        self.dtype = dt.name

    def __eq__(self, other: object) -> builtins.bool:
        return isinstance(other, finfo) and self.dtype == other.dtype

    def __hash__(self) -> builtins.int:
        return hash(("finfo", self.dtype))

    def __repr__(self) -> str:
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
                f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, "
                f"tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:
    """The limits of an integer dtype (``torch.iinfo``): bits, max, min and dtype (its
    name); bool and floating dtypes raise TypeError."""

    __slots__ = ("bits", "max", "min", "dtype")

    def __init__(self, type: Any) -> None:
        dt = as_dtype(type)
        if dt.kind not in "iu":
            raise TypeError(f"iinfo() requires an integer input type, got {dt}; use finfo for "
                            "floating types")
        info = np.iinfo(dt)
        self.bits = info.bits
        self.max = builtins.int(info.max)
        self.min = builtins.int(info.min)
        self.dtype = dt.name

    def __eq__(self, other: object) -> builtins.bool:
        return isinstance(other, iinfo) and self.dtype == other.dtype

    def __hash__(self) -> builtins.int:
        return hash(("iinfo", self.dtype))

    def __repr__(self) -> str:
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


class _Named:
    """A named constant of this module (``autograd.strided``, ``autograd.channels_last``):
    printed with the package's name, pickled as a reference to the module's attribute."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"autograd.{self.name}"

    def __reduce__(self) -> str:
        return self.name


class layout(_Named):
    """A tensor's memory layout (``torch.layout``). Tensors here are always dense and
    strided: ``strided`` is the one instance, ``Tensor.layout`` of every tensor."""

    __slots__ = ()


strided = layout("strided")


class memory_format(_Named):
    """How a dense tensor's elements are ordered in memory (``torch.memory_format``):
    ``contiguous_format`` (row-major), ``channels_last`` (a 4-d NCHW tensor stored as NHWC),
    ``channels_last_3d`` (5-d NCDHW stored as NDHWC) and ``preserve_format`` (keep the
    input's order: the default of ``clone``, ``to`` and the ``*_like`` factories)."""

    __slots__ = ()


contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")
preserve_format = memory_format("preserve_format")
