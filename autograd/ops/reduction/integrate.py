"""Finite differences and the trapezoidal rule: diff, trapezoid (trapz) and
cumulative_trapezoid, compositions of slices, sums and cumsum (so differentiable at every
order). Exported from ``reduction``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import wrap_dim
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.compare import ne
from autograd.ops.elementwise.convert import to
from autograd.ops.reduction.cumulative import cumsum
from autograd.ops.shape.copy import cat

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["diff", "trapezoid", "trapz", "cumulative_trapezoid"]


def diff(input: Tensor, n: int = 1, dim: int = -1, prepend: Tensor | None = None,
         append: Tensor | None = None) -> Tensor:
    """The n-th forward difference along ``dim`` (``input[1:] - input[:-1]``, n times), after
    joining ``prepend`` and ``append`` to input along it; bool tensors give ``!=``."""
    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional (got a 0-d "
                           "tensor)")
    if n < 0:
        raise RuntimeError(f"diff: order must be non-negative but got {n}")
    axis = wrap_dim(dim, input.ndim, "diff")
    parts = []
    for name, t in (("prepend", prepend), (None, input), ("append", append)):
        if t is None:
            continue
        if name is not None:
            if not isinstance(t, TensorBase):
                raise TypeError(f"diff(): argument '{name}' must be Tensor, not "
                                f"{type(t).__name__}")
            if t.ndim != input.ndim:
                raise RuntimeError(f"diff expects prepend or append to be the same dimension "
                                   f"as input (input of shape {list(input.shape)}, {name} of "
                                   f"shape {list(t.shape)})")
        parts.append(t)
    x = parts[0] if len(parts) == 1 else cat(parts, axis)
    for _ in range(n):
        length = x.shape[axis]
        if length == 0:
            break
        later, earlier = x.narrow(axis, 1, length - 1), x.narrow(axis, 0, length - 1)
        x = ne(later, earlier) if x.dtype.kind == "b" else later - earlier
    return x


def _float(y: Tensor) -> Tensor:
    return y if y.dtype.kind in "fV" else to(y, _dt.get_default_dtype())


def _pieces(op: str, y: Tensor, x: Any, dx: Any, dim: int) -> tuple[Tensor, int]:
    """The trapezoids' areas along ``dim`` (its length one less than y's) and that axis."""
    if x is not None and dx is not None:
        raise TypeError(f"{op}(): pass either x or dx, not both")
    if y.ndim == 0:
        raise IndexError(f"{op}: Dimension specified as {dim} but tensor has no dimensions")
    if y.dtype.kind == "b":
        raise RuntimeError(f"{op}: received a bool input for `y`, but bool is not supported")
    axis = wrap_dim(dim, y.ndim, op)
    length = y.shape[axis]
    y = _float(y)
    if length == 0:
        return y, axis
    sums = y.narrow(axis, 1, length - 1) + y.narrow(axis, 0, length - 1)
    if x is None:
        return sums * ((1 if dx is None else dx) / 2), axis
    if not isinstance(x, TensorBase):
        raise TypeError(f"{op}(): argument 'x' (position 2) must be Tensor, not "
                        f"{type(x).__name__}")
    if x.ndim == 1:
        if x.shape[0] != length:
            raise RuntimeError(f"{op}: There must be one `x` value for each sample point (x of "
                               f"shape {list(x.shape)}, y of shape {list(y.shape)}, dim "
                               f"{dim})")
        steps = diff(x).reshape((-1,) + (1,) * (y.ndim - 1 - axis))
    else:
        steps = diff(x, dim=dim)
    return steps * sums / 2, axis


def trapezoid(y: Tensor, x: Tensor | None = None, *, dx: float | None = None,
              dim: int = -1) -> Tensor:
    """The trapezoidal rule along ``dim``: samples ``y`` at points ``x`` (1-D, or broadcast
    with y), or spaced ``dx`` apart (default 1)."""
    areas, axis = _pieces("trapezoid", y, x, dx, dim)
    return areas.sum(axis)


def trapz(y: Tensor, x: Tensor | None = None, *, dx: float | None = None,
          dim: int = -1) -> Tensor:
    """``trapezoid`` (PyTorch's older name)."""
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y: Tensor, x: Tensor | None = None, *, dx: float | None = None,
                         dim: int = -1) -> Tensor:
    """The running trapezoidal rule along ``dim`` (one element fewer than y along it)."""
    areas, axis = _pieces("cumulative_trapezoid", y, x, dx, dim)
    if areas.shape[axis] == 0 or areas.shape[axis] == y.shape[axis]:
        return areas.narrow(axis, 0, 0)
    return cumsum(areas, axis)
