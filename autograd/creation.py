"""Creation functions: tensor, as_tensor, from_numpy, zeros, ones, ..., and the RNG seed.

Each is ``replayable``: an ``ag.compile`` capture records the call and makes it again at every
replay (so random ones draw fresh numbers and ``tensor(data)`` reads ``data`` again)."""

from __future__ import annotations

import builtins
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

import backends
from autograd import dtypes as _dt
from autograd import layouts as _layouts
from autograd.checks import as_int, check_size
from autograd.checks import fill_value as _fill_value
from autograd.engine import tensor_base as _tb
from autograd.engine.grad_mode import replayable
from autograd.engine.grad_mode import state as _grad_state
from autograd.engine.tensor_base import TensorBase, make

if TYPE_CHECKING:
    from autograd.tensor import Tensor


def _shape(size: Sequence[Any], op: str = "empty") -> tuple[int, ...]:
    """Accept ``f(2, 3)`` and ``f((2, 3))`` like PyTorch: ints only, none negative."""
    return check_size(size, op)


def _finish(data: Any, device: Any, requires_grad: bool) -> Tensor:
    t = make(data, device)
    if _grad_state.inference:  # made under inference_mode: an inference tensor
        t._vc = _tb.INFERENCE_VC
    if requires_grad.__class__ is not bool and requires_grad is not None:
        raise TypeError(f"argument 'requires_grad' must be bool, not "
                        f"{type(requires_grad).__name__}")
    if requires_grad:
        t.requires_grad_(True)
    return t


def _first_leaf(data: Any) -> Any:
    while isinstance(data, (list, tuple)) and data:
        data = data[0]
    return data


def _infer_dtype(array: np.ndarray, own: bool, data: Any = None) -> np.dtype:
    """PyTorch's inference: data with a dtype of its own (arrays, Tensors) keeps it; Python
    floats give the default dtype, ints int64, bools bool."""
    if own:
        return _dt.as_dtype(array.dtype)
    kind = array.dtype.kind
    if kind in "fV":
        return _dt.get_default_dtype()
    if kind == "i":
        return _dt.int64
    if kind == "b":
        return _dt.bool
    if kind in "US" and _first_leaf(data).__class__ is str:
        # PyTorch sizes the data along its first elements, and a str there is one more level
        raise ValueError(f"tensor: too many dimensions 'str' (data of dtype {array.dtype})")
    _check_int64(array)
    if kind == "O":
        odd = next((v for v in array.flat if not isinstance(v, (int, float, bool, complex))),
                   None)
        raise RuntimeError(f"tensor: Could not infer dtype of {type(odd).__name__}")
    raise TypeError(f"tensor: cannot make a tensor from data of dtype {array.dtype}")


def _check_int64(array: np.ndarray) -> None:
    """NumPy reaches for uint64 or object when a Python int does not fit in int64, which
    PyTorch refuses (ValueError) whatever the dtype asked for."""
    kind = array.dtype.kind
    if array.dtype == np.uint64 or (kind == "O" and all(isinstance(v, int) for v in array.flat)):
        raise ValueError("tensor: Overflow when unpacking long long (a value does not fit int64)")


def _native(array: Any, op: str) -> None:
    """PyTorch refuses arrays whose byte order is not the machine's."""
    if isinstance(array, np.ndarray) and not array.dtype.isnative:
        raise ValueError(f"{op}: given numpy array has byte order different from the native "
                         f"byte order ({array.dtype.str}). Conversion between byte orders is "
                         "currently not supported.")


def _host_array(data: Any) -> tuple[np.ndarray, bool]:
    """``data`` as a host array, and whether its dtype is the data's own (arrays, Tensors,
    NumPy scalars) rather than NumPy's guess from Python scalars."""
    if isinstance(data, TensorBase):
        return data._host(), True
    if isinstance(data, (list, tuple)):
        if any(isinstance(d, TensorBase) for d in data):
            return np.asarray([_host_array(d)[0] for d in data]), True
        return np.asarray(data), False
    if isinstance(data, (int, builtins.float, complex)) and not isinstance(data, np.generic):
        return np.asarray(data), False
    array = np.asarray(data)
    return array, array.dtype.kind != "O"  # None or an arbitrary object has no dtype of its own


_PYTHON_NUMBERS = frozenset((int, builtins.float, builtins.bool))


def _element_dtypes(data: Sequence[Any], found: set) -> None:
    """Collect what PyTorch reads the type of each element of nested sequences from: the
    Python number types, and the dtypes of NumPy scalars, arrays and Tensors."""
    classes = set(map(type, data))
    if classes <= _PYTHON_NUMBERS:
        found |= classes
        return
    for d in data:
        c = d.__class__
        if c is list or c is tuple:
            _element_dtypes(d, found)
        elif isinstance(d, (TensorBase, np.ndarray, np.generic)):
            found.add(d.dtype)
        else:
            found.add(c)


_PYTHON_DTYPES = {builtins.bool: _dt.bool, int: _dt.int64}


def _sequence_dtype(data: Sequence[Any], host: np.ndarray) -> np.dtype:
    """PyTorch's dtype for nested sequences: each element's own type (a Python float the
    default dtype, an int int64, a bool bool; a NumPy scalar, array or Tensor its dtype),
    promoted over all of them (``[np.float16(1), 2]`` is float16, ``[np.float64(1), 2.5]``
    float64)."""
    found: set = set()
    _element_dtypes(data, found)
    if found <= _PYTHON_NUMBERS:
        return _infer_dtype(host, False, data)
    out = None
    for f in found:
        if not isinstance(f, np.dtype):
            if f is builtins.float:
                f = _dt.get_default_dtype()
            elif f in _PYTHON_DTYPES:
                f = _PYTHON_DTYPES[f]
            else:  # a string, None, another object: the data's own error
                return _infer_dtype(host, False, data)
        f = _dt.as_dtype(f)
        out = f if out is None else _dt.promote_types(out, f)
    return out


def _is_sequence(d: Any) -> bool:
    return d.__class__ in (list, tuple) or (isinstance(d, (TensorBase, np.ndarray)) and d.ndim)


def _ragged(data: Any) -> Exception | None:
    """PyTorch's error for nested sequences that do not form an array: it sizes each level by
    the first element, then wants a sequence of that length wherever the size says a sequence
    (a number there is a TypeError, another length a ValueError) and a number below (a
    sequence there is a TypeError). None when ``data`` has no such fault."""
    shape = []
    d = data
    while _is_sequence(d):
        shape.append(len(d))
        if not len(d):
            break
        d = d[0]

    def fault(d: Any, dim: int, where: list) -> Exception | None:
        if dim == len(shape):
            if _is_sequence(d) or isinstance(d, (str, bytes)):
                return TypeError(f"tensor: expected a number at {where}, got a "
                                 f"{type(d).__name__} (the first elements give the data the "
                                 f"shape {shape})")
            return None
        if not _is_sequence(d):
            return TypeError(f"tensor: not a sequence: a {type(d).__name__} at {where}, where "
                             f"the first elements give the data the shape {shape}")
        if len(d) != shape[dim]:
            return ValueError(f"tensor: expected sequence of length {shape[dim]} at dim {dim} "
                              f"(got {len(d)}, at {where})")
        for k in range(len(d)):
            found = fault(d[k], dim + 1, [*where, k])
            if found is not None:
                return found
        return None

    return fault(data, 0, [])


def _check_integer_data(host: np.ndarray, dt: np.dtype) -> None:
    """PyTorch's overflow check on Python numbers made into an integer dtype: a negative int
    may wrap into an unsigned dtype (-1 is 255 in uint8), nothing else may leave the range,
    and a float must be finite."""
    if not host.size or host.dtype.kind not in "fiu":
        return
    info = np.iinfo(dt)
    low = -info.max if dt.kind == "u" and host.dtype.kind != "f" else info.min
    lo, hi = host.min(), host.max()
    if not (low <= lo and hi <= info.max):  # NaN fails the comparison too
        bad = lo if not low <= lo else hi
        raise RuntimeError(f"tensor: value cannot be converted to type {dt} without overflow "
                           f"(got {bad.item()!r})")


def _not_numbers(data: Any, host: np.ndarray, dt: np.dtype) -> None:
    """PyTorch's errors for data that holds no numbers, with a dtype given: a string inside a
    sequence is one more level (ValueError), anything else not a number a TypeError (NumPy
    would read None as NaN and a string as True)."""
    if host.dtype.kind in "US" and _first_leaf(data).__class__ in (str, bytes) and (
            data.__class__ in (list, tuple)):
        raise ValueError(f"tensor: too many dimensions 'str' (data of dtype {host.dtype})")
    numbers = (int, builtins.float, complex)
    odd = [v for v in host.flat if not isinstance(v, numbers)][:1]
    if not odd and host.dtype.kind == "O":  # Python ints too large for NumPy: numbers
        return
    odd = odd[0] if odd else host.flat[0]
    raise TypeError(f"tensor: expected numbers for a tensor of dtype {dt}, got "
                    f"{type(odd.item() if isinstance(odd, np.generic) else odd).__name__}")


@replayable(arrays_by_reference=True)  # the caller's data, read at each replay
def tensor(data: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A new leaf tensor holding a copy of ``data`` (nested lists, scalars, arrays, Tensors)."""
    dev = backends.device(device)
    if isinstance(data, TensorBase) and dev is data.device and dtype is None:
        return _finish(data._data.copy(), dev, requires_grad)
    if dev.type != "cpu" and hasattr(data, "__cuda_array_interface__"):
        array = dev.backend.asarray(data)
        dt = _dt.as_dtype(dtype) if dtype is not None else _dt.as_dtype(array.dtype)
        return _finish(array.astype(dt, copy=True), dev, requires_grad)
    _native(data, "tensor")
    if isinstance(data, np.ndarray) and data.dtype.kind == "O":
        raise TypeError("tensor: can't convert np.ndarray of type numpy.object_; the only "
                        "supported types are the numeric ones and bool")
    try:
        host, own = _host_array(data)
    except ValueError:
        fault = _ragged(data)
        if fault is None:
            raise
        raise fault from None
    if dtype is not None:
        dt = _dt.as_dtype(dtype)
        if host.dtype.kind in "US" or (not own and host.dtype.kind == "O"):  # not numbers
            _not_numbers(data, host, dt)
        if not own and dt.kind in "iu":
            _check_int64(host)
            _check_integer_data(host, dt)
    elif data.__class__ is list or data.__class__ is tuple:
        dt = _sequence_dtype(data, host)
    else:
        dt = _infer_dtype(host, own, data)
    host = np.array(host, dtype=dt, copy=True)
    return _finish(dev.backend.from_numpy(host) if dev.type != "cpu" else host, dev,
                   requires_grad)


@replayable(arrays_by_reference=True)  # the caller's data, read at each replay
def as_tensor(data: Any, dtype: Any = None, device: Any = None) -> Tensor:
    """Like ``tensor`` but shares memory with ``data`` when dtype and device already match."""
    if isinstance(data, TensorBase):
        return data.to(device=device, dtype=dtype) if (device or dtype) else data
    dev = backends.device(device)
    _native(data, "as_tensor")
    if dev.type == "cpu" and isinstance(data, np.ndarray):
        dt = _dt.as_dtype(dtype) if dtype is not None else _dt.as_dtype(data.dtype)
        return make(data if data.dtype == dt else data.astype(dt), dev, False, None, 0)
    gpu = getattr(getattr(data, "device", None), "id", None)  # a CuPy array's GPU number
    if dev.type == "cuda" and gpu == dev.index and hasattr(data, "__cuda_array_interface__"):
        # wrapped like a NumPy array on the cpu: code outside the engine (optimizer state, data
        # batches) wraps backend arrays through here and must not pay a copy
        dt = _dt.as_dtype(dtype) if dtype is not None else _dt.as_dtype(data.dtype)
        return make(data if data.dtype == dt else data.astype(dt), dev, False, None, 0)
    return tensor(data, dtype=dtype, device=dev)


@replayable(arrays_by_reference=True)  # the caller's data, read at each replay
def asarray(obj: Any, *, dtype: Any = None, device: Any = None, copy: bool | None = None,
            requires_grad: bool = False) -> Tensor:
    """``obj`` as a Tensor, sharing memory with a Tensor or array when dtype and device allow
    (``copy=True`` always copies; ``copy=False`` raises ValueError where it cannot share)."""
    dt = None if dtype is None else _dt.as_dtype(dtype)
    if isinstance(obj, TensorBase):
        dev = obj.device if device is None else backends.device(device)
        same = (dt is None or dt == obj.dtype) and dev == obj.device
        if copy is False and not same:
            raise ValueError(f"asarray: can't alias a tensor with dtype {obj.dtype} on "
                             f"{obj.device} into dtype {dt or obj.dtype} on {dev} (copy=False)")
        out = obj.detach().clone() if copy else obj
        if not same:
            out = out.to(device=dev, dtype=dt)
    elif isinstance(obj, np.ndarray) and copy is not True:
        out = as_tensor(obj, dtype=dt, device=device)
        if copy is False and not np.shares_memory(out.numpy(), obj):
            raise ValueError(f"asarray: can't alias an array of dtype {obj.dtype} into dtype "
                             f"{out.dtype} on {out.device} (copy=False)")
    else:
        out = tensor(obj, dtype=dt, device=device)
    if requires_grad and not out.requires_grad:
        out = out.detach().requires_grad_(True) if out is obj else out.requires_grad_(True)
    return out


@replayable
def scalar_tensor(s: Any, *, dtype: Any = None, device: Any = None,
                  requires_grad: bool = False) -> Tensor:
    """A 0-d tensor holding ``s`` (the default float dtype unless ``dtype`` is given)."""
    if isinstance(s, TensorBase):
        s = s.item()
    dt, dev = _resolve(dtype, device)
    s = _dt.scalar_for(s, dt, half_unchecked=True)
    return _finish(dev.backend.full((), s, dtype=dt), dev, requires_grad)


@replayable(arrays_by_reference=True)  # the caller's data, read at each replay
def from_numpy(array: np.ndarray) -> Tensor:
    """A cpu tensor sharing memory with a NumPy array."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy: expected np.ndarray, got {type(array).__name__}")
    _native(array, "from_numpy")
    _dt.as_dtype(array.dtype)
    return make(array, backends.CPU)


@replayable(arrays_by_reference=True)  # the caller's data, read at each replay
def from_dlpack(obj: Any) -> Tensor:
    """A tensor sharing memory with any DLPack producer (NumPy, CuPy, PyTorch ...)."""
    if isinstance(obj, TensorBase):
        return obj
    kind, index = obj.__dlpack_device__()
    if kind == 1:  # kDLCPU
        array, dev = np.from_dlpack(obj), backends.CPU
    else:
        dev = backends.device(f"cuda:{index}")
        array = dev.backend.from_dlpack(obj)
    _dt.as_dtype(array.dtype)  # a dtype tensors can hold (TypeError otherwise)
    return make(array, dev, False, None, 0)


def _resolve(dtype: Any, device: Any, default: Any = None) -> tuple[np.dtype, Any]:
    dev = backends.device(device)
    dt = _dt.as_dtype(dtype) if dtype is not None else (default or _dt.get_default_dtype())
    return dt, dev


@replayable
def zeros(*size: Any, dtype: Any = None, device: Any = None,
          requires_grad: bool = False) -> Tensor:
    """A tensor of zeros."""
    dt, dev = _resolve(dtype, device)
    return _finish(dev.backend.zeros(_shape(size, "zeros"), dtype=dt), dev, requires_grad)


@replayable
def ones(*size: Any, dtype: Any = None, device: Any = None,
         requires_grad: bool = False) -> Tensor:
    """A tensor of ones."""
    dt, dev = _resolve(dtype, device)
    return _finish(dev.backend.ones(_shape(size, "ones"), dtype=dt), dev, requires_grad)


@replayable
def empty(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False,
          memory_format: Any = _dt.contiguous_format) -> Tensor:
    """An uninitialised tensor (laid out in ``memory_format``: ``channels_last`` gives a 4-d
    tensor over NHWC memory)."""
    dt, dev = _resolve(dtype, device)
    if memory_format is _dt.contiguous_format:
        return _finish(dev.backend.empty(_shape(size), dtype=dt), dev, requires_grad)
    fmt = _layouts.check_format("empty", memory_format)
    if fmt is _dt.preserve_format:
        raise RuntimeError("unsupported memory format Preserve")
    shape = _shape(size)
    data = _layouts.allocate(dev.backend, shape, dt, _layouts.format_strides(shape, fmt))
    return _finish(data, dev, requires_grad)


@replayable
def full(size: Sequence[int], fill_value: Any, *, dtype: Any = None, device: Any = None,
         requires_grad: bool = False) -> Tensor:
    """A tensor filled with ``fill_value`` (its dtype inferred from the value, as PyTorch)."""
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{type(size).__name__}")
    if isinstance(fill_value, (TensorBase, np.generic)):
        fill_value = fill_value.item()  # its dtype is read as a Python number's, as PyTorch
    if dtype is None:
        dtype = _dt.result_type(fill_value)
    dt, dev = _resolve(dtype, device)
    shape = _shape((size,), "full")
    value = _fill_value(fill_value, dt, "full")
    return _finish(dev.backend.full(shape, value, dtype=dt), dev, requires_grad)


@replayable
def eye(n: int, m: int | None = None, *, dtype: Any = None, device: Any = None,
        requires_grad: bool = False) -> Tensor:
    """An n x m identity matrix."""
    for name, v in (("n", n), ("m", m)):
        if v is not None and v < 0:
            raise RuntimeError(f"eye: {name} must be greater or equal to 0, got {v}")
    dt, dev = _resolve(dtype, device)
    return _finish(dev.backend.eye(n, m, dtype=dt), dev, requires_grad)


def _arange_number(value: Any, name: str) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if not isinstance(value, (int, builtins.float)):
        raise TypeError(f"arange(): argument '{name}' must be Number, not {type(value).__name__}")
    return value


@replayable
def arange(start: Any, end: Any = None, step: Any = 1, *, dtype: Any = None,
           device: Any = None, requires_grad: bool = False) -> Tensor:
    """Values from start to end (exclusive) by step; int64 unless an argument is a float.

    For an integer dtype the arguments are truncated toward zero first, as PyTorch does
    (``arange(0, 10, 2.5, dtype=int64)`` is 0, 2, 4, 6, 8), and a step that truncates to 0
    is refused."""
    if end is None:
        start, end = 0, start
    start, end, step = (_arange_number(v, n) for v, n in ((start, "start"), (end, "end"),
                                                          (step, "step")))
    if step == 0 or step != step:
        raise RuntimeError(f"arange: step must be nonzero (got {step})")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"arange: unsupported range: {start} -> {end}")
    if dtype is None:
        is_float = any(isinstance(v, builtins.float) for v in (start, end, step))
        dtype = _dt.get_default_dtype() if is_float else _dt.int64
    dt, dev = _resolve(dtype, device)
    if dt.kind == "b":
        raise NotImplementedError("\"arange\" not implemented for 'Bool'")
    if dt.kind in "iu":
        return _finish(_integer_range(dev, start, end, step, dt), dev, requires_grad)
    if (end - start) * step < 0:
        raise RuntimeError(
            f"arange: upper bound and lower bound inconsistent with step sign "
            f"(start={start}, end={end}, step={step})"
        )
    if not math.isfinite(step):  # one step leaves the range: no value
        return _finish(dev.backend.zeros((0,), dtype=dt), dev, requires_grad)
    if dt.kind in "fV":
        # start + i * step in float64, then rounded once, as PyTorch does; NumPy in float32 or
        # float16 steps by a rounded delta and drifts on long ranges.
        data = dev.backend.arange(start, end, step, dtype=_dt.float64)
        data = data if dt == _dt.float64 else data.astype(dt)
    else:
        data = dev.backend.arange(start, end, step, dtype=dt)
    return _finish(data, dev, requires_grad)


def _integer_range(dev: Any, start: Any, end: Any, step: Any, dt: np.dtype) -> Any:
    """``arange`` into an integer dtype: PyTorch truncates start, end and step toward zero;
    the length is the truncated range's for int64, ``ceil((end - start) / step)`` of the
    arguments as given for the narrower integer dtypes."""
    first, last, by = int(start), int(end), int(step)
    if by == 0:
        raise ValueError(f"arange: step must be nonzero (step {step} is 0 as {dt})")
    if not ((by > 0 and last >= first) or (by < 0 and last <= first)):
        raise RuntimeError(f"arange: upper bound and lower bound inconsistent with step sign "
                           f"(start={start}, end={end}, step={step} as {dt})")
    if dt == _dt.int64:
        span = last - first + by - (1 if by > 0 else -1)
        n = abs(span) // abs(by)  # C's division, toward zero; span and by share a sign
    else:
        n = max(math.ceil((end - start) / step), 0)
    data = dev.backend.arange(0, n, 1, dtype=_dt.int64)
    with dev.backend.scope():
        return (data * by + first).astype(dt)


@replayable
def linspace(start: float, end: float, steps: int, *, dtype: Any = None, device: Any = None,
             requires_grad: bool = False) -> Tensor:
    """``steps`` evenly spaced values from start to end inclusive."""
    if steps < 0:
        raise RuntimeError(f"linspace: number of steps must be non-negative, got {steps}")
    dt, dev = _resolve(dtype, device)
    if dt.kind == "b":
        raise NotImplementedError("linspace: not implemented for dtype bool")
    start, end = _dt.scalar_for(start, dt), _dt.scalar_for(end, dt)  # PyTorch's check
    if dt.kind in "iu":
        data = _int_linspace(dev.backend, start, end, steps, dt)
        return _finish(data.astype(dt), dev, requires_grad)
    return _finish(dev.backend.linspace(start, end, steps, dtype=dt), dev, requires_grad)


def _as_element(value: Any, dtype: np.dtype) -> Any:
    """A number as PyTorch converts it to an element of ``dtype`` (checked for overflow; ints
    wrapped into unsigned dtypes, floats truncated into integer ones)."""
    return np.array(_dt.scalar_for(value, dtype)).astype(dtype).item()


def _int_linspace(xp: Any, start: Any, end: Any, steps: int, dtype: np.dtype) -> Any:
    """PyTorch's integer linspace, in float64: start and end are first converted to
    ``dtype`` (so ``-1`` is 255 for uint8), the first half steps up from start and the second
    half down from end, and the values are truncated toward zero."""
    start, end = _as_element(start, dtype), _as_element(end, dtype)
    if steps == 1:
        return xp.asarray([start], dtype=np.float64)
    index = xp.arange(steps, dtype=np.float64)
    step = (end - start) / (steps - 1)
    return xp.trunc(xp.where(index < steps // 2, start + step * index,
                             end - step * (steps - 1 - index)))


@replayable
def logspace(start: float, end: float, steps: int, base: float = 10.0, *, dtype: Any = None,
             device: Any = None, requires_grad: bool = False) -> Tensor:
    """``steps`` values from base**start to base**end, evenly spaced on a log scale."""
    if steps < 0:
        raise RuntimeError(f"logspace: number of steps must be non-negative, got {steps}")
    dt, dev = _resolve(dtype, device)
    if dt.kind in "iu":
        # PyTorch's: start and end converted to the dtype, then base ** (the exponents as its
        # float64 linspace spaces them, from both ends), truncated toward zero
        start, end = _as_element(start, dt), _as_element(end, dt)
        xp = dev.backend
        if steps == 1:
            exponents = xp.asarray([start], dtype=np.float64)
        else:
            index = xp.arange(steps, dtype=np.float64)
            step = (end - start) / (steps - 1)
            exponents = xp.where(index < steps // 2, start + step * index,
                                 end - step * (steps - 1 - index))
        data = xp.trunc(xp.power(builtins.float(base), exponents))
    else:
        start, end = _dt.scalar_for(start, dt), _dt.scalar_for(end, dt)  # PyTorch's check
        data = dev.backend.logspace(start, end, steps, base=base)
    return _finish(data.astype(dt), dev, requires_grad)


def _need_float(name: str, dt: np.dtype) -> None:
    if dt.kind not in "fV":
        raise NotImplementedError(f"{name}: not implemented for dtype {dt} (floating point only)")


@replayable
def rand(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False,
         generator: Any = None) -> Tensor:
    """Uniform samples in [0, 1)."""
    dt, dev = _resolve(dtype, device)
    _need_float("rand", dt)
    _check_generator("rand", generator)
    shape = _shape(size, "rand")
    return _finish(dev.backend.random_uniform(shape, 0.0, 1.0, dt), dev, requires_grad)


@replayable
def randn(*size: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False,
          generator: Any = None) -> Tensor:
    """Standard normal samples."""
    dt, dev = _resolve(dtype, device)
    _need_float("randn", dt)
    _check_generator("randn", generator)
    shape = _shape(size, "randn")
    return _finish(dev.backend.random_normal(shape, 0.0, 1.0, dt), dev, requires_grad)


_RANDINT_USAGE = ("randint(): expected (high, size) or (low, high, size) with int low and high "
                  "and a tuple of ints size")


@replayable
def randint(low: int, high: Any = None, size: Any = None, *, dtype: Any = None,
            device: Any = None, generator: Any = None, requires_grad: bool = False) -> Tensor:
    """Integers uniform in [low, high) (``randint(high, size)`` also works), int64 by default."""
    if high is None and size is not None:
        low, high = 0, low
    elif size is None:
        if not isinstance(high, (tuple, list)):
            raise TypeError(f"{_RANDINT_USAGE}, got {_arg_types(low, high, size)}")
        low, high, size = 0, low, high
    if isinstance(low, builtins.float) or isinstance(high, builtins.float) or not isinstance(
            size, (tuple, list)):
        raise TypeError(f"{_RANDINT_USAGE}, got {_arg_types(low, high, size)}")
    low, high = as_int(low, "randint", "low"), as_int(high, "randint", "high")
    if not -2 ** 63 <= low < 2 ** 63 or not -2 ** 63 <= high < 2 ** 63:
        raise ValueError(f"randint: Overflow when unpacking long long (low={low}, high={high})")
    _check_generator("randint", generator)
    if low >= high:
        raise RuntimeError(f"randint: expects low < high, but got low={low} >= high={high}")
    dt, dev = _resolve(dtype, device, _dt.int64)
    if dt.kind in "iub":
        info = np.iinfo(dt) if dt.kind != "b" else None
        lowest, highest = (0, 1) if info is None else (info.min, info.max)
        if low < lowest:
            raise RuntimeError(f"randint: from={low} is out of bounds for {dt}")
        if high - 1 > highest:
            raise RuntimeError(f"randint: to - 1 = {high - 1} is out of bounds for {dt}")
    shape = _shape((size,), "randint")
    draw = dt if dt.kind in "iu" else _dt.int64  # the generators draw integer dtypes only
    data = dev.backend.random_integers(shape, low, high, draw)
    return _finish(data if draw is dt else data.astype(dt), dev, requires_grad)


def _arg_types(*args: Any) -> str:
    return "(" + ", ".join(type(a).__name__ for a in args if a is not None) + ")"


def _check_generator(op: str, generator: Any) -> None:
    if generator is not None and not isinstance(generator, Generator):
        raise TypeError(f"{op}(): argument 'generator' must be torch.Generator, not "
                        f"{type(generator).__name__}")


@replayable
def randperm(n: int, *, dtype: Any = None, device: Any = None, generator: Any = None,
             requires_grad: bool = False) -> Tensor:
    """A random permutation of 0..n-1."""
    n = as_int(n, "randperm", "n")
    _check_generator("randperm", generator)
    if n < 0:
        raise RuntimeError(f"randperm: n must be non-negative, got {n}")
    dt, dev = _resolve(dtype, device, _dt.int64)
    if dt.kind == "b":
        raise NotImplementedError("\"randperm\" not implemented for 'Bool'")
    return _finish(dev.backend.random_permutation(n).astype(dt), dev, requires_grad)


def _like(input: Tensor, dtype: Any, device: Any) -> tuple[np.dtype, Any]:
    return (_dt.as_dtype(dtype) if dtype is not None else input.dtype,
            backends.device(device) if device is not None else input.device)


def _laid_out(op: str, input: Tensor, data: Any, dev: Any, memory_format: Any) -> Any:
    """``data`` (a new row-major array of input's shape) in the layout ``memory_format`` asks
    of a ``*_like`` result: ``preserve_format`` keeps input's strides where it is dense and
    non-overlapping (else the format they suggest), as PyTorch."""
    if memory_format is _dt.preserve_format and input._data.flags.c_contiguous:
        return data
    strides = _layouts.target_strides(input._data, _layouts.check_format(op, memory_format))
    if strides is None:
        return data
    if op == "empty_like":  # nothing to copy
        return _layouts.allocate(dev.backend, data.shape, data.dtype, strides)
    return _layouts.copy_into(dev.backend, data, strides)


@replayable
def zeros_like(input: Tensor, *, dtype: Any = None, device: Any = None,
               requires_grad: bool = False,
               memory_format: Any = _dt.preserve_format) -> Tensor:
    """Zeros of input's shape (and dtype and device unless given)."""
    dt, dev = _like(input, dtype, device)
    data = dev.backend.zeros(input.shape, dtype=dt)
    return _finish(_laid_out("zeros_like", input, data, dev, memory_format), dev,
                   requires_grad)


@replayable
def ones_like(input: Tensor, *, dtype: Any = None, device: Any = None,
              requires_grad: bool = False,
              memory_format: Any = _dt.preserve_format) -> Tensor:
    """Ones of input's shape (and dtype and device unless given)."""
    dt, dev = _like(input, dtype, device)
    data = dev.backend.ones(input.shape, dtype=dt)
    return _finish(_laid_out("ones_like", input, data, dev, memory_format), dev,
                   requires_grad)


@replayable
def empty_like(input: Tensor, *, dtype: Any = None, device: Any = None,
               requires_grad: bool = False,
               memory_format: Any = _dt.preserve_format) -> Tensor:
    """Uninitialised, of input's shape (and dtype and device unless given)."""
    dt, dev = _like(input, dtype, device)
    data = dev.backend.empty(input.shape, dtype=dt)
    return _finish(_laid_out("empty_like", input, data, dev, memory_format), dev,
                   requires_grad)


@replayable
def full_like(input: Tensor, fill_value: Any, *, dtype: Any = None, device: Any = None,
              requires_grad: bool = False,
              memory_format: Any = _dt.preserve_format) -> Tensor:
    """``fill_value`` in input's shape (and dtype and device unless given)."""
    dt, dev = _like(input, dtype, device)
    value = _fill_value(fill_value, dt, "full_like")
    data = dev.backend.full(input.shape, value, dtype=dt)
    return _finish(_laid_out("full_like", input, data, dev, memory_format), dev,
                   requires_grad)


@replayable
def rand_like(input: Tensor, *, dtype: Any = None, device: Any = None,
              requires_grad: bool = False,
              memory_format: Any = _dt.preserve_format) -> Tensor:
    """Uniform [0, 1) samples in input's shape."""
    dt, dev = _like(input, dtype, device)
    _need_float("rand_like", dt)
    data = dev.backend.random_uniform(input.shape, 0.0, 1.0, dt)
    return _finish(_laid_out("rand_like", input, data, dev, memory_format), dev,
                   requires_grad)


@replayable
def randn_like(input: Tensor, *, dtype: Any = None, device: Any = None,
               requires_grad: bool = False,
               memory_format: Any = _dt.preserve_format) -> Tensor:
    """Standard normal samples in input's shape."""
    dt, dev = _like(input, dtype, device)
    _need_float("randn_like", dt)
    data = dev.backend.random_normal(input.shape, 0.0, 1.0, dt)
    return _finish(_laid_out("randn_like", input, data, dev, memory_format), dev,
                   requires_grad)


@replayable
def randint_like(input: Tensor, low: int = 0, high: int | None = None, *, dtype: Any = None,
                 device: Any = None, requires_grad: bool = False,
                 memory_format: Any = _dt.preserve_format) -> Tensor:
    """Integers uniform in [low, high) in input's shape and dtype (``randint_like(input,
    high)`` also works)."""
    if high is None:
        low, high = 0, low
    dt, dev = _like(input, dtype, device)
    out = randint(low, high, input.shape, dtype=dt, device=dev)
    data = out._data
    return _finish(_laid_out("randint_like", input, data, dev, memory_format), dev,
                   requires_grad)


# Host generators kept outside the backends (nn.init's, nn.data's) register here so that one
# manual_seed call reseeds them too.
_seed_hooks: list[Any] = []
_last_seed: list[int] = []


def register_seed_hook(fn: Any) -> Any:
    """Have ``fn(seed)`` called by every ``manual_seed(seed)``; returns ``fn``.

    How host generators outside the engine (nn.init's, nn.data's) follow ``manual_seed``;
    PyTorch has no such hook because its init and samplers draw from the default generator.
    """
    _seed_hooks.append(fn)
    if _last_seed:  # a generator made after manual_seed starts as if seeded then
        fn(_last_seed[0])
    return fn


def manual_seed(seed: int) -> None:
    """Seed the generators of every backend in use (cpu always; cuda when available)."""
    backends.get("cpu").seed(seed)
    if backends.cuda.is_available():
        for k in range(backends.cuda.device_count()):
            backends.get(f"cuda:{k}").seed(seed)
    _last_seed[:] = [seed]
    for fn in _seed_hooks:
        fn(seed)


def seed() -> int:
    """Seed every generator (as ``manual_seed``) from fresh entropy; returns the seed."""
    fresh = int(np.random.SeedSequence().entropy) % 2**64
    manual_seed(fresh)
    return fresh


def initial_seed() -> int:
    """The seed of the last ``manual_seed`` (or ``seed``); before any, the entropy NumPy drew
    for the CPU generator (up to 128 bits, where PyTorch's is 64), which ``manual_seed``
    accepts."""
    if _last_seed:
        return _last_seed[0]
    return int(backends.get("cpu").rng.bit_generator.seed_seq.entropy)


_STATE_BYTES = 16  # PCG64's state and increment are 128-bit integers


def get_rng_state() -> Tensor:
    """The CPU generator's state as a uint8 tensor (``torch.get_rng_state``'s ByteTensor; 41
    bytes of NumPy's PCG64 state, where PyTorch's Mersenne Twister takes 5056), for
    ``set_rng_state``. nn.init's and nn.data's host generators are not included."""
    st = backends.get("cpu").get_rng_state()
    if st.get("bit_generator") != "PCG64":
        raise RuntimeError(f"get_rng_state: expected the CPU generator to be a PCG64, got "
                           f"{st.get('bit_generator')}")
    raw = (st["state"]["state"].to_bytes(_STATE_BYTES, "little")
           + st["state"]["inc"].to_bytes(_STATE_BYTES, "little")
           + builtins.int(st["has_uint32"]).to_bytes(1, "little")
           + builtins.int(st["uinteger"]).to_bytes(8, "little"))
    return tensor(np.frombuffer(raw, dtype=np.uint8).copy())


def set_rng_state(new_state: Tensor) -> None:
    """Restore the CPU generator to a state from ``get_rng_state``: the same draws follow."""
    if not isinstance(new_state, TensorBase) or new_state.dtype != _dt.uint8:
        raise TypeError(f"set_rng_state: RNG state must be a uint8 tensor (ByteTensor), got "
                        f"{getattr(new_state, 'dtype', type(new_state).__name__)}")
    size = 2 * _STATE_BYTES + 9
    if new_state.numel() != size:
        raise RuntimeError(f"set_rng_state: expected an RNG state of {size} bytes but found "
                           f"the input RNG state size to be {new_state.numel()}")
    raw = bytes(new_state.device.backend.to_numpy(new_state._data).reshape(-1))
    n = _STATE_BYTES
    backends.get("cpu").set_rng_state({
        "bit_generator": "PCG64",
        "state": {"state": builtins.int.from_bytes(raw[:n], "little"),
                  "inc": builtins.int.from_bytes(raw[n:2 * n], "little")},
        "has_uint32": raw[2 * n],
        "uinteger": builtins.int.from_bytes(raw[2 * n + 1:], "little"),
    })


class Generator:
    """A host random generator (``torch.Generator``): ``Generator().manual_seed(0)``.

    ``rng`` is the NumPy generator behind it; nn.init and nn.data draw from it when given.
    """

    def __init__(self, device: Any = "cpu") -> None:
        self.device = backends.device(device)
        self.seed()

    def manual_seed(self, seed: int) -> Generator:
        """Reseed and return self."""
        self._seed = int(seed) % 2**64
        self.rng = np.random.default_rng(self._seed)
        return self

    def seed(self) -> int:
        """Reseed from fresh entropy and return the new seed."""
        self.manual_seed(int(np.random.SeedSequence().entropy) % 2**64)
        return self._seed

    def initial_seed(self) -> int:
        """The seed the generator was last seeded with."""
        return self._seed

    def get_state(self) -> dict:
        """The generator's state (a dict), for ``set_state``."""
        return self.rng.bit_generator.state

    def set_state(self, state: dict) -> Generator:
        """Restore a state from ``get_state`` and return self."""
        self.rng.bit_generator.state = state
        return self
