"""``make_tensor``: random test inputs of any shape, dtype and device, as
``torch.testing.make_tensor``."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

from autograd import creation as _creation
from autograd import dtypes as _dt
from autograd.tensor import Tensor

__all__ = ["make_tensor"]


def _low_high(dtype: Any, low: float | None, high: float | None, lowest: float,
              highest: float, default_low: float, default_high: float,
              floating: bool) -> tuple[float, float]:
    """PyTorch's checks and clamping of the requested interval [low, high)."""
    low = default_low if low is None else low
    high = default_high if high is None else high
    if any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
        raise ValueError(f"`low` and `high` cannot be NaN, but got low={low} and high={high}")
    if low == high and floating:
        warnings.warn("Passing `low==high` to `make_tensor` for floating types is deprecated "
                      "(as in PyTorch): use `full(...)` instead.", FutureWarning, stacklevel=3)
    elif low >= high:
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    elif high < lowest or low >= highest:
        raise ValueError(f"The value interval specified by `low` and `high` is [{low}, {high}), "
                         f"but {dtype} only supports [{lowest}, {highest})")
    low = min(max(low, lowest), highest)
    high = min(max(high, lowest), highest)
    if not floating:
        return math.ceil(low), math.ceil(high)
    return low, high


def make_tensor(*shape: int | Sequence[int], dtype: Any, device: Any,
                low: float | None = None, high: float | None = None,
                requires_grad: bool = False, noncontiguous: bool = False,
                exclude_zero: bool = False, memory_format: Any = None) -> Tensor:
    """A tensor of ``shape`` filled with random values in [low, high), as
    ``torch.testing.make_tensor``: by default [-9, 9] for floating dtypes, [-9, 10) for
    integers ([0, 10) for uint8), False/True for bool; ``noncontiguous`` takes every other
    element of a twice-as-wide last dimension; ``exclude_zero`` replaces zeros by 1 (integers)
    or the dtype's ``tiny``; ``memory_format`` lays the values out in that format (a
    ``clone(memory_format=...)``)."""
    if len(shape) == 1 and isinstance(shape[0], Sequence):
        shape = shape[0]
    shape = tuple(int(s) for s in shape)
    dt = _dt.as_dtype(dtype)
    kind = dt.kind
    floating = kind in "fV"
    if noncontiguous and memory_format is not None:
        raise ValueError("The parameters `noncontiguous` and `memory_format` are mutually "
                         f"exclusive, but got noncontiguous={noncontiguous} and "
                         f"memory_format={memory_format}")
    if requires_grad and kind in "biu":
        raise ValueError("`requires_grad=True` is not supported for boolean and integral "
                         f"dtypes, but got dtype={dt}")
    noncontiguous = noncontiguous and math.prod(shape) > 1
    if noncontiguous:
        shape = (*shape[:-1], 2 * shape[-1])
    if kind == "b":
        lo, hi = _low_high(dt, low, high, 0, 2, 0, 2, False)
        result = _creation.randint(lo, hi, shape, dtype=dt, device=device)
    elif kind in "iu":
        info = _dt.iinfo(dt)
        top = info.max + (1 if dt != _dt.int64 else 0)
        lo, hi = _low_high(dt, low, high, info.min, top, -9, 10, False)
        result = _creation.randint(lo, hi, shape, dtype=dt, device=device)
    elif floating:
        info = _dt.finfo(dt)
        lo, hi = _low_high(dt, low, high, info.min, info.max, -9, 9, True)
        result = _creation.empty(shape, dtype=dt, device=device)
        if hi - lo >= info.max:  # the width itself would overflow: draw at half scale
            result.uniform_(lo / 2, hi / 2).mul_(2)
        else:
            result.uniform_(lo, hi)
    else:
        raise TypeError(f"The requested dtype '{dt}' is not supported by make_tensor()")
    if noncontiguous:
        result = result[..., 1::2]
    elif memory_format is not None:
        result = result.clone(memory_format=memory_format)
    if exclude_zero:
        result[result == 0] = 1 if not floating else _dt.finfo(dt).tiny
    if floating:
        result.requires_grad_(requires_grad)
    return result
