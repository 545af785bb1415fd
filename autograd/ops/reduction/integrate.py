"""Finite differences and the trapezoidal rule: diff, gradient, trapezoid (trapz) and
cumulative_trapezoid, compositions of slices, sums and cumsum (so differentiable at every
order). Exported from ``reduction``."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import LEFT_OUT, left_out, wrap_dim, wrap_dims
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.compare import ne
from autograd.ops.elementwise.convert import clone, to
from autograd.ops.reduction.cumulative import cumsum
from autograd.ops.shape.copy import cat

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["diff", "gradient", "trapezoid", "trapz", "cumulative_trapezoid"]


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
    if n == 0:  # nothing to difference: a copy of input, prepend and append left out
        return clone(input)
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


def _pieces(op: str, y: Tensor, x: Any, dx: Any, dim: int,
            cumulative: bool = False) -> tuple[Tensor, int]:
    """The trapezoids' areas along ``dim`` (its length one less than y's) and that axis;
    trapezoid returns early for no samples, cumulative_trapezoid (as PyTorch's) still checks
    that x's steps broadcast with them."""
    if left_out(dx, op, "dx", "Number"):
        dx = None
    elif x is not None:
        raise TypeError(f"{op}(): pass either x or dx, not both")
    elif not isinstance(dx, numbers.Number):
        raise TypeError(f"{op}(): argument 'dx' must be Number, not {type(dx).__name__}")
    if y.ndim == 0:
        raise IndexError(f"{op}: Dimension specified as {dim} but tensor has no dimensions")
    if y.dtype.kind == "b":
        raise RuntimeError(f"{op}: received a bool input for `y`, but bool is not supported")
    axis = wrap_dim(dim, y.ndim, op)
    length = y.shape[axis]
    if not (isinstance(x, TensorBase) and x.dtype.kind in "fV"):
        y = _float(y)  # floating x: the product with its steps promotes (int32 y, float16 x)
    if length == 0 and not cumulative:
        return y, axis
    n = max(length - 1, 0)
    sums = y.narrow(axis, min(1, length), n) + y.narrow(axis, 0, n)
    if x is None:
        return sums * ((1 if dx is None else dx) / 2), axis
    if not isinstance(x, TensorBase):
        raise TypeError(f"{op}(): argument 'x' (position 2) must be Tensor, not "
                        f"{type(x).__name__}")
    if x.dtype.kind == "b":
        raise RuntimeError(f"{op}: received a bool input for `x` or `y`, but bool is not "
                           "supported")
    if x.ndim == 1:
        if x.shape[0] != length:
            raise RuntimeError(f"{op}: There must be one `x` value for each sample point (x of "
                               f"shape {list(x.shape)}, y of shape {list(y.shape)}, dim "
                               f"{dim})")
        steps = diff(x).reshape((-1,) + (1,) * (y.ndim - 1 - axis))
    else:
        steps = diff(x, dim=dim)
    return steps * sums / 2, axis


def trapezoid(y: Tensor, x: Tensor | None = None, *, dx: Any = LEFT_OUT,
              dim: int = -1) -> Tensor:
    """The trapezoidal rule along ``dim``: samples ``y`` at points ``x`` (1-D, or broadcast
    with y), or spaced ``dx`` apart (default 1)."""
    areas, axis = _pieces("trapezoid", y, x, dx, dim)
    if y.shape[axis] == 0:  # no samples: zeros of y's dtype that depend on nothing (PyTorch's)
        return to(y.detach().sum(axis), y.dtype)
    return areas.sum(axis)


def trapz(y: Tensor, x: Tensor | None = None, *, dx: Any = LEFT_OUT,
          dim: int = -1) -> Tensor:
    """``trapezoid`` (PyTorch's older name)."""
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y: Tensor, x: Tensor | None = None, *, dx: Any = LEFT_OUT,
                         dim: int = -1) -> Tensor:
    """The running trapezoidal rule along ``dim`` (one element fewer than y along it)."""
    areas, axis = _pieces("cumulative_trapezoid", y, x, dx, dim, cumulative=True)
    if areas.shape[axis] == 0 or areas.shape[axis] == y.shape[axis]:
        return areas.narrow(axis, 0, 0)
    return cumsum(areas, axis)


def _sl(t: Tensor, axis: int, start: int, stop: int | None = None) -> Tensor:
    """``t[..., start:stop]`` along ``axis`` (a view)."""
    n = t.shape[axis]
    a = start + n if start < 0 else start
    b = n if stop is None else (stop + n if stop < 0 else stop)
    return t.narrow(axis, a, max(b - a, 0))


def _spacings(spacing: Any, dims: tuple[int, ...], given: bool, ndim: int) -> list:
    """One spacing per dim: a number, or a 1-D coordinates tensor."""
    if isinstance(spacing, TensorBase):
        raise TypeError("gradient(): argument 'spacing' must be a Number or a list of Numbers "
                        "or Tensors, not Tensor")
    if not isinstance(spacing, (list, tuple)):
        return [spacing] * len(dims)
    if len(spacing) != len(dims):
        if given:
            raise RuntimeError(
                "torch.gradient expected spacing to be unspecified, a scalar or it's spacing "
                f"and dim arguments to have the same length, but got a spacing argument of "
                f"length {len(spacing)} and a dim argument of length {len(dims)}.")
        raise RuntimeError(
            "torch.gradient expected spacing to be unspecified, a scalar, or a list of length "
            f"equal to 'self.dim() = {ndim}', since dim argument was not given, but got a list "
            f"of length {len(spacing)}")
    tensors = [isinstance(h, TensorBase) for h in spacing]
    if any(tensors) and not all(tensors):
        bad = tensors.index(False)
        raise TypeError(f"gradient(): expected Tensor as element {bad} in argument 'spacing', "
                        f"but got {type(spacing[bad]).__name__}")
    for h in spacing:
        if isinstance(h, TensorBase) and h.ndim != 1:
            raise RuntimeError(f"torch.gradient expected each element of spacing to have one "
                               f"dimension, but got an element with {h.ndim} dimensions!")
    return list(spacing)


def gradient(input: Tensor, *, spacing: Any = LEFT_OUT, dim: int | Sequence[int] | None = None,
             edge_order: int = 1) -> tuple[Tensor, ...]:
    """The derivative of input estimated along each dim in ``dim`` (all by default) by
    central differences inside and one-sided ones (``edge_order`` 1 or 2) at the ends; the
    samples are ``spacing`` apart (a number, one per dim) or at the coordinates given by 1-D
    tensors, one per dim. Returns one tensor per dim."""
    if edge_order.__class__ is not int:  # PyTorch's parser takes no bool, float or None
        raise TypeError(f"gradient(): argument 'edge_order' must be int, not "
                        f"{type(edge_order).__name__}")
    if spacing is None and isinstance(dim, (list, tuple)):  # no overload takes both
        raise TypeError("gradient(): argument 'spacing' must be given (not None) with a list "
                        "of dims")
    if spacing is None or spacing is LEFT_OUT:  # the overloads' default: unit steps
        spacing = 1
    elif not isinstance(spacing, (numbers.Number, list, tuple, TensorBase)):
        raise TypeError(f"gradient(): argument 'spacing' must be a Number or a list of Numbers "
                        f"or Tensors, not {type(spacing).__name__}")
    given = dim is not None
    dims = (tuple(range(input.ndim)) if dim is None else
            wrap_dims(dim, input.ndim, "gradient"))
    hs = _spacings(spacing, dims, given, input.ndim)
    if input.dtype.kind == "b" and (edge_order == 1 or not all(
            isinstance(h, TensorBase) for h in hs)):
        # only coordinates with edge_order=2 weigh the samples without subtracting them
        raise RuntimeError("gradient: Subtraction, the `-` operator, with two bool tensors is "
                           "not supported. Use the `^` or `logical_xor()` operator instead.")
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    for d in dims:
        if input.shape[d] < edge_order + 1:
            raise RuntimeError(f"torch.gradient expected each dimension size to be at least "
                               f"edge_order+1 (dim {d} of the input of shape "
                               f"{list(input.shape)} has size {input.shape[d]})")
    for d, h in zip(dims, hs):
        if isinstance(h, TensorBase) and h.shape[0] - 2 not in (input.shape[d] - 2, 1):
            # PyTorch's error comes from broadcasting the interior's weights (one per inner
            # coordinate) with the samples: it takes 3 coordinates for any count
            raise RuntimeError(f"torch.gradient: the coordinates of dim {d} hold {h.shape[0]} "
                               f"values for its {input.shape[d]} samples (input of shape "
                               f"{list(input.shape)})")
    return tuple(_gradient_along(input, d, h, edge_order) for d, h in zip(dims, hs))


def _gradient_along(f: Tensor, axis: int, h: Any, edge_order: int) -> Tensor:
    # PyTorch's formulas (second-order accurate inside, NumPy's for unequal steps)
    def at(start: int, stop: int | None = None) -> Tensor:
        return _sl(f, axis, start, stop)

    if not isinstance(h, TensorBase):
        center = (at(2) - at(0, -2)) / h / 2
        if edge_order == 1:
            first = (at(1, 2) - at(0, 1)) / h
            last = (at(-1) - at(-2, -1)) / h
        else:
            first = (-1.5 * at(0, 1) + 2 * at(1, 2) - 0.5 * at(2, 3)) / h
            last = (0.5 * at(-3, -2) - 2 * at(-2, -1) + 1.5 * at(-1)) / h
        return cat([first, center, last], axis)
    shape = [1] * f.ndim
    shape[axis] = -1
    dx = diff(h)
    dx1, dx2 = _sl(dx, 0, 0, -1), _sl(dx, 0, 1)
    a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape)
    b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape)
    c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape)
    center = a * at(0, -2) + b * at(1, -1) + c * at(2)
    d0, dn = dx[0], dx[-1]
    if edge_order == 1:
        first = (at(1, 2) - at(0, 1)) / d0
        last = (at(-1) - at(-2, -1)) / dn
    else:
        d1, dm = dx[1], dx[-2]
        first = (-(2.0 * d0 + d1) / (d0 * (d0 + d1)) * at(0, 1)
                 + (d0 + d1) / (d0 * d1) * at(1, 2)
                 - d0 / (d1 * (d0 + d1)) * at(2, 3))
        last = (dn / (dm * (dn + dm)) * at(-3, -2)
                - (dn + dm) / (dn * dm) * at(-2, -1)
                + (2 * dn + dm) / (dn * (dn + dm)) * at(-1))
    return cat([first, center, last], axis)
