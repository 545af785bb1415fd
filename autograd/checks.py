"""Argument checking shared by every op: dims, sizes, scalars, dtypes and gradients.

Each check raises the exception type PyTorch raises for the same mistake, with PyTorch's
wording plus the op's name, so that no NumPy error (a ``ValueError`` from a negative size, a
``UFuncTypeError`` from a string operand) reaches the user. The checks cost a few attribute
reads on valid input; they sit below the engine so creation, ops and the engine share them.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import dtypes as _dt

__all__ = ["LEFT_OUT", "as_bool", "as_float", "as_int", "as_str", "check_float", "check_grad",
           "check_same_dtype", "check_scalar", "check_size", "dtype_name", "fill_value",
           "int_tuple", "left_out", "refuse_bool", "same_dtype_as", "tensor_arguments",
           "tensor_sequence", "wrap_dim", "wrap_dims", "wrap_namespace"]

_INT = int


def as_int(value: Any, op: str, name: str) -> int:
    """An int (or anything with ``__index__``), or PyTorch's TypeError naming the argument."""
    if value.__class__ is _INT:
        return value
    if isinstance(value, float) or not hasattr(value, "__index__"):
        raise TypeError(f"{op}(): argument '{name}' must be int, not {type(value).__name__}")
    return value.__index__()


def as_bool(value: Any, op: str, name: str) -> bool:
    """A bool (Python's or NumPy's), or PyTorch's TypeError naming the argument: its argument
    parser takes neither an int nor None where it wants a bool."""
    if value.__class__ is bool:
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    raise TypeError(f"{op}(): argument '{name}' must be bool, not {type(value).__name__}")


class _LeftOut:
    """The default of an argument whose presence picks one of PyTorch's overloads (the ``dim``
    of max, min, median, nanmedian and prod; trapezoid's ``dx``): left out, the op does what
    the overload without it does; given, it must have its type, None included (PyTorch's
    TypeError)."""

    def __repr__(self) -> str:
        return "<left out>"


LEFT_OUT: Any = _LeftOut()


def left_out(value: Any, op: str, name: str = "dim", want: str = "int") -> bool:
    """True when the argument was left out (``LEFT_OUT``); PyTorch's TypeError for an explicit
    None, which its argument parser refuses where the overload wants ``want``."""
    if value is LEFT_OUT:
        return True
    if value is None:
        raise TypeError(f"{op}(): argument '{name}' must be {want}, not NoneType")
    return False


def as_str(value: Any, op: str, name: str) -> str:
    """A str (an equation, a mode, a triangle), or PyTorch's TypeError naming the argument."""
    if isinstance(value, str):
        return value
    raise TypeError(f"{op}(): argument '{name}' must be str, not {type(value).__name__}")


def as_float(value: Any, op: str, name: str) -> float:
    """A real number as a float, or PyTorch's TypeError naming the argument (a string, None,
    a sequence)."""
    if value.__class__ is float:
        return value
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    raise TypeError(f"{op}(): argument '{name}' must be float, not {type(value).__name__}")


def wrap_dim(dim: Any, ndim: int, op: str, name: str = "dim") -> int:
    """``dim`` wrapped into ``[0, ndim)`` (a 0-d tensor accepts 0 and -1, as in PyTorch);
    TypeError for a non-integer, IndexError with PyTorch's wording when out of range."""
    d = dim if dim.__class__ is _INT else as_int(dim, op, name)
    n = ndim or 1
    if -n <= d < n:
        return d + n if d < 0 else d
    raise IndexError(f"{op}: Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                     f"but got {d})")


def wrap_dims(dims: Any, ndim: int, op: str) -> tuple[int, ...]:
    """A dim or a sequence of dims, each wrapped; RuntimeError for one given twice."""
    if not isinstance(dims, (list, tuple)):
        return (wrap_dim(dims, ndim, op),)
    out = tuple(wrap_dim(d, ndim, op) for d in dims)
    if len(set(out)) != len(out):
        seen = next(a for k, a in enumerate(out) if a in out[:k])
        raise RuntimeError(f"{op}: dim {seen} appears multiple times in the list of dims")
    return out


def int_tuple(size: Sequence[Any], op: str, name: str = "size") -> tuple[int, ...]:
    """A sequence of ints given as ``f(2, 3)`` or ``f((2, 3))``; TypeError naming the first
    element that is not an int (a float, a list, a string), as PyTorch."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    out = []
    for k, s in enumerate(size):
        if s.__class__ is not _INT:
            if isinstance(s, float) or not hasattr(s, "__index__") or (
                    isinstance(s, np.ndarray) and s.ndim):
                raise TypeError(f"{op}(): argument '{name}' must be tuple of ints, but found "
                                f"element of type {type(s).__name__} at pos {k}")
            s = s.__index__()
        out.append(s)
    return tuple(out)


def check_size(size: Sequence[Any], op: str) -> tuple[int, ...]:
    """A shape given as ``f(2, 3)`` or ``f((2, 3))``: ints only (TypeError for a float, a list
    or a string, as PyTorch), none negative (PyTorch's RuntimeError)."""
    shape = int_tuple(size, op)
    for s in shape:
        if s < 0:
            raise RuntimeError(f"{op}: Trying to create tensor with negative dimension {s}: "
                               f"{list(shape)}")
    return shape


def check_scalar(value: Any, op: str, name: str) -> None:
    """A Python number (or None) where PyTorch takes ``Number?``; TypeError otherwise."""
    if value is None or isinstance(value, (int, float, np.number, np.bool_)):
        return
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return  # a Tensor: the op decides what it accepts
    raise TypeError(f"{op}() received an invalid combination of arguments - got "
                    f"({name}={type(value).__name__}), but expected a number or a Tensor")


_NUMBER = (int, float, bool, complex, np.number, np.bool_)


def fill_value(value: Any, dtype: np.dtype, op: str) -> Any:
    """A Python or NumPy number as the Python number to write into a tensor of ``dtype``, for
    the ops that write one number (``full``, ``fill_``, ``masked_fill``, ``index_fill``,
    ``scatter``, ``x[k] = v``): TypeError for what is not a number (a string, a list, None),
    RuntimeError for a complex number with an imaginary part, and ``dtypes.scalar_for``'s
    overflow check (named after ``op``) for the rest."""
    c = value.__class__
    if c is not float and c is not int and c is not bool:
        if not isinstance(value, _NUMBER) and not (
                isinstance(value, np.generic) and value.dtype.kind == "V"):  # a bfloat16
            raise TypeError(f"{op}: expected a number as the value to write into a tensor of "
                            f"dtype {dtype}, got {type(value).__name__}")
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, complex):
            if value.imag != 0 and dtype.kind != "b":
                raise RuntimeError(f"{op}: value cannot be converted to type {dtype} without "
                                   f"overflow (got {value!r})")
            value = value.real
    try:
        return _dt.scalar_for(value, dtype)
    except RuntimeError as exc:
        raise RuntimeError(f"{op}: {exc}") from None


def tensor_sequence(tensors: Any, op: str) -> tuple:
    """The list or tuple of tensors that ``cat``, ``stack`` and their kin join, as a tuple;
    TypeError, as PyTorch, for anything else (a Tensor, whose rows would otherwise be joined,
    an iterator)."""
    if tensors.__class__ is tuple:
        return tensors
    if isinstance(tensors, (list, tuple)):
        return tuple(tensors)
    raise TypeError(f"{op}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                    f"{type(tensors).__name__}")


def dtype_name(dtype: np.dtype) -> str:
    """PyTorch's C++ name of a dtype ('Float', 'Long' ...), used in its dtype messages."""
    return _CXX_NAMES.get(dtype, str(dtype))


_CXX_NAMES = {_dt.bool: "Bool", _dt.uint8: "Byte", _dt.int8: "Char", _dt.int16: "Short",
              _dt.int32: "Int", _dt.int64: "Long", _dt.float16: "Half", _dt.float32: "Float",
              _dt.float64: "Double"}
if _dt.BFLOAT16 is not None:
    _CXX_NAMES[_dt.BFLOAT16] = "BFloat16"


def check_same_dtype(op: str, *tensors: Any, what: str = "all tensors") -> None:
    """Ops PyTorch does not promote (matmul, mm, bmm, linear, conv, addmm, einsum ...):
    RuntimeError naming every dtype when the operands differ."""
    first = tensors[0].dtype
    if all(t.dtype is first or t.dtype == first for t in tensors[1:]):
        return
    dts = " != ".join(str(t.dtype) for t in tensors)
    shapes = ", ".join(str(list(t.shape)) for t in tensors)
    raise RuntimeError(f"{op}: expected {what} to have the same dtype, but got: {dts} "
                       f"(shapes {shapes})")


def same_dtype_as(op: str, input: Any, other: Any, name: str) -> None:
    """Ops that write ``other``'s values into a copy of ``input`` (scatter, index_copy, put,
    masked_scatter) refuse another dtype, as PyTorch (RuntimeError)."""
    if hasattr(other, "_data") and hasattr(input, "_data") and \
            other._data.dtype != input._data.dtype:
        raise RuntimeError(f"{op}: expected self and {name} to have the same dtype, but got "
                           f"{input._data.dtype} and {other._data.dtype} (shapes "
                           f"{list(input._data.shape)} and {list(other._data.shape)})")


def check_float(op: str, x: Any, kinds: str = "fV") -> None:
    """Ops PyTorch implements only for floating inputs (its ``"op" not implemented for 'Long'``
    NotImplementedError); ``kinds`` widens the accepted dtype kinds ("fiu": not bool)."""
    dt = x.dtype
    if dt.kind not in kinds:
        raise NotImplementedError(f'"{op}" not implemented for \'{dtype_name(dt)}\' (input of '
                                  f"shape {list(x.shape)}; convert it with .float())")


def refuse_bool(op: str, *xs: Any) -> None:
    """Ops whose PyTorch kernels have no bool version (``"op" not implemented for 'Bool'``,
    a NotImplementedError); non-Tensor arguments are left to the op."""
    for x in xs:
        dt = getattr(x, "dtype", None)
        if dt is not None and hasattr(x, "_data") and dt.kind == "b":
            raise NotImplementedError(f'"{op}" not implemented for \'Bool\' (input of shape '
                                      f"{list(x.shape)})")


def check_grad(tensor: Any, grad: Any) -> None:
    """``tensor.grad = grad``: None or a Tensor of the tensor's shape, dtype and device, with
    PyTorch's TypeError / RuntimeError messages."""
    if grad is None:
        return
    if not hasattr(grad, "_data") or not hasattr(grad, "device"):
        raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                        f"{type(grad).__name__}")
    if grad._data.shape != tensor._data.shape:
        raise RuntimeError(f"attempting to assign a gradient of size '{list(grad._data.shape)}' "
                           f"to a tensor of size '{list(tensor._data.shape)}'. Please ensure "
                           "that the gradient and the tensor are the same size")
    if grad._data.dtype != tensor._data.dtype:
        raise RuntimeError(f"attempting to assign a gradient with dtype '{grad._data.dtype}' "
                           f"to a tensor with dtype '{tensor._data.dtype}'. Please ensure that "
                           "the gradient and the tensor have the same dtype")
    if grad.device != tensor.device:
        raise RuntimeError(f"attempting to assign a gradient located on device "
                           f"'{grad.device}' to a tensor located on device '{tensor.device}'. "
                           "Please ensure that the gradient and the tensor are on the same "
                           "device")


# -- arguments that are not Tensors ------------------------------------------------------------


def _culprit(exc: AttributeError, args: tuple, kwargs: dict) -> str | None:
    """Which argument (``'input' (position 1)``) the AttributeError was raised on, if it is a
    non-Tensor the caller passed (directly or inside a list); None otherwise."""
    obj = getattr(exc, "obj", exc)
    if hasattr(obj, "_data"):
        return None
    for k, v in enumerate(args):
        if v is obj or (isinstance(v, (list, tuple)) and any(e is obj for e in v)):
            return f"(position {k + 1})"
    for key, v in kwargs.items():
        if v is obj or (isinstance(v, (list, tuple)) and any(e is obj for e in v)):
            return f"'{key}'"
    return None


_OUT: list = [None, {}]  # autograd.out's writer and its names by namespace (bind_out_writer)


def bind_out_writer(writer: Callable, names: dict) -> None:
    """Tell the checked functions how to honour ``out=`` (``autograd.out``, a layer above),
    and which public functions take it (``{namespace: names}``)."""
    _OUT[0] = writer
    _OUT[1] = names


def tensor_arguments(fn: Callable, name: str | None = None, out: bool = False) -> Callable:
    """``fn`` with PyTorch's TypeError (naming the op and the argument) where it would fail
    with an AttributeError on an argument that is not a Tensor (a string, a number, None),
    and, with ``out``, PyTorch's ``out=`` keyword (see ``autograd.out``). Valid calls pay one
    call frame; the public namespaces use it, the Tensor methods do not need it (their
    ``self`` is a Tensor)."""
    op = name or fn.__name__

    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if out and kwargs and "out" in kwargs:
            target = kwargs.pop("out")
            if target is not None:
                return _OUT[0](op, fn, args, kwargs, target)
        try:
            return fn(*args, **kwargs)
        except AttributeError as exc:
            where = _culprit(exc, args, kwargs)
            if where is None:
                raise
            raise TypeError(f"{op}(): argument {where} must be Tensor, not "
                            f"{type(exc.obj).__name__}") from None

    return checked


_CHECKED: dict[Callable, Callable] = {}  # one checked version per function: aliases stay equal
_CHECKED_FNS: set = set()  # the checked versions themselves


def wrap_namespace(namespace: dict, names: Sequence[str]) -> None:
    """Replace each plain function among ``names`` in ``namespace`` by its checked version
    (the same object wherever the function is exported, so ``ag.tanh is F.tanh`` holds)."""
    for n in names:
        fn = namespace.get(n)
        # a plain function, or one an ag.compile capture records as a call (``replayable``);
        # not a checked one (found again through another namespace) or another wrapper
        plain = not hasattr(fn, "__wrapped__") or (
            "__wrapped_for_replay__" in getattr(fn, "__dict__", {}) and
            fn.__dict__.get("__wrapped__") is fn.__dict__["__wrapped_for_replay__"])
        if isinstance(fn, types.FunctionType) and plain and fn not in _CHECKED_FNS:
            if fn not in _CHECKED:
                outable = n in _OUT[1].get(namespace.get("__name__"), ())
                checked = _CHECKED[fn] = tensor_arguments(fn, out=outable)
                # found where its __module__ says (pickle, help(), the API reference): the
                # public namespace, while the defining module keeps the plain function for the
                # library's own calls (Tensor methods), which need no check and no extra frame
                checked.__module__ = namespace.get("__name__", fn.__module__)
                _CHECKED_FNS.add(checked)
            namespace[n] = _CHECKED[fn]
