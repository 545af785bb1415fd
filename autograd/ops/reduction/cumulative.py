"""Cumulative reductions along one dim: cumsum and cumprod (integers give int64), cummax and
cummin (named tuples of values and indices; the gradient goes to the index), logcumsumexp."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from autograd import dtypes as _dt
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.engine.tensor_base import make
from autograd.ops.aliases import numpy_dims
from autograd.ops.autocast import autocasting, float32
from autograd.ops.elementwise.convert import clone
from autograd.ops.reduction.basic import _one_axis
from autograd.ops.reduction.extrema import return_types
from autograd.ops.reduction.sort import Select, _zero_index, select_along
from autograd.ops.shape.copy import flip

if TYPE_CHECKING:
    from autograd.tensor import Tensor


__all__ = ["cumsum", "cumprod", "cummax", "cummin", "logcumsumexp"]


class Cumsum(Function):
    @staticmethod
    def forward(ctx, x, axis):
        ctx.axis = axis
        # dtype= keeps an explicit small integer dtype (NumPy would widen int8 to int64)
        return x.copy() if axis is None else ctx.xp.cumsum(x, axis=axis, dtype=x.dtype)

    @staticmethod
    def backward(ctx, gy):
        # y_k = sum_{i <= k} x_i, so dL/dx_i = sum_{k >= i} gy_k: a reversed cumsum
        if ctx.axis is None:
            return gy, None
        return _reverse_cumsum(ctx.xp, gy, ctx.axis), None


class ReverseCumsum(Function):
    """``flip(cumsum(flip(x)))`` along one axis: the adjoint of cumsum."""

    @staticmethod
    def forward(ctx, x, axis):
        ctx.axis = axis
        xp = ctx.xp
        return xp.flip(xp.cumsum(xp.flip(x, axis), axis=axis), axis)

    @staticmethod
    def backward(ctx, gy):
        # the adjoint of a reversed cumsum is a cumsum
        return ctx.xp.cumsum(gy, ctx.axis), None


def _reverse_cumsum(xp: Any, g: Any, axis: int) -> Any:
    if xp.differentiable:
        return ReverseCumsum.apply(g, axis)
    return xp.flip(xp.cumsum(xp.flip(g, axis), axis=axis), axis)


def cumsum(input: Tensor, dim: int | None = None, *, dtype: Any = None, axis: Any = None) -> Tensor:
    """Running sums along ``dim``; integer and bool inputs give int64 (as PyTorch)."""
    if autocasting:
        (input,) = float32(input, cpu=False)
    if axis is not None:
        dim, _ = numpy_dims("cumsum", dim, False, axis, None)
    if dim is None:
        raise TypeError("cumsum() missing 1 required positional argument: 'dim'")
    if dtype is not None:
        input = input.to(dtype=dtype)
        _no_bool("cumsum", input)
    elif input._data.dtype.kind in "biu":
        input = input.to(_dt.int64)
    return Cumsum.apply(input, _one_axis(dim, input._data.ndim, "cumsum"))


def _no_bool(op: str, input: Tensor) -> None:
    """PyTorch has no bool kernel for the running sum and product (asked for with
    ``dtype=bool``, or in place on a bool tensor)."""
    if input._data.dtype.kind == "b":
        raise NotImplementedError(f'"{op}_out_cpu" not implemented for \'Bool\' (input of '
                                  f"shape {list(input.shape)})")


class Cumprod(Function):
    @staticmethod
    def forward(ctx, x, axis):
        xp = ctx.xp
        ctx.axis = axis
        if axis is None:
            ctx.save_for_backward(None, None, None, None)
            return x.copy()
        y = xp.cumprod(x, axis=axis, dtype=x.dtype)
        zero = x == 0
        first = before = None
        if xp.any(zero):
            seen = xp.cumsum(zero, axis=axis)
            first = zero & (seen == 1)  # the first zero of each line
            before = seen == 0  # the elements before it
        ctx.save_for_backward(x, y, first, before)
        return y

    @staticmethod
    def backward(ctx, gy):
        # y_k = prod_{j <= k} x_j: dL/dx_i = sum_{k >= i} gy_k prod_{j <= k, j != i} x_j, which
        # is revcumsum(gy y)_i / x_i before a line's first zero x_z. At x_z the product skips
        # it: b = revcumsum(gy cumprod(x with x_z set to 1)). After it, 0 (one more zero in
        # every product). Under create_graph, a line with a zero takes the recurrence instead,
        # whose derivatives are exact.
        xp = ctx.xp
        axis = ctx.axis
        if axis is None:
            return gy, None
        x, y, first, before = ctx.saved_tensors
        if first is None:
            return _reverse_cumsum(xp, gy * y, axis) / x, None
        if xp.differentiable:
            return _cumprod_grad_by_recurrence(xp, x, gy, axis), None
        first, before = xp.asarray(first), xp.asarray(before)
        a = _reverse_cumsum(xp, gy * y, axis) / xp.where(before, x, 1)
        b = _reverse_cumsum(xp, gy * xp.cumprod(xp.where(first, 1, x), axis), axis)
        return xp.where(first, b, xp.where(before, a, 0)), None


def _cumprod_grad_by_recurrence(xp: Any, x: Any, gy: Any, axis: int) -> Any:
    """sum_{k >= i} gy_k prod_{j <= k, j != i} x_j without a division: the product of the
    elements before i times s_i, where s_i = gy_i + x_{i+1} s_{i+1} runs backwards along the
    axis. Exact with zeros and at every order; three elementwise ops per position (as
    PyTorch's create_graph path, it trades speed for exactness)."""
    xs = xp.unstack(x, axis)
    gs = xp.unstack(gy, axis)
    n = len(xs)
    s = [gs[-1]] * n
    for i in range(n - 2, -1, -1):
        s[i] = gs[i] + xs[i + 1] * s[i + 1]
    grads = [s[0]]
    before = xs[0]
    for i in range(1, n):
        grads.append(before * s[i])
        before = before * xs[i]
    return xp.stack(grads, axis)


def cumprod(input: Tensor, dim: int | None = None, *, dtype: Any = None,
            axis: Any = None) -> Tensor:
    """Running products along ``dim``; integer and bool inputs give int64 (as PyTorch)."""
    if autocasting:
        (input,) = float32(input, cpu=False)
    if axis is not None:
        dim, _ = numpy_dims("cumprod", dim, False, axis, None)
    if dim is None:
        raise TypeError("cumprod() missing 1 required positional argument: 'dim'")
    if dtype is not None:
        input = input.to(dtype=dtype)
        _no_bool("cumprod", input)
    elif input._data.dtype.kind in "biu":
        input = input.to(_dt.int64)
    return Cumprod.apply(input, _one_axis(dim, input._data.ndim, "cumprod"))


class Cummax(Select):
    pass


class Cummin(Select):
    pass


def _cumulative_extreme(op: str, cls: type, ufunc: str, input: Tensor, dim: int) -> Any:
    axis = _one_axis(dim, input._data.ndim, op)
    result = getattr(return_types, op)
    if axis is None:
        return result(clone(input), _zero_index(input))
    xp = input.device.backend
    x = input._data
    running = xp.accumulate(ufunc, x, axis)  # NaN, once seen, stays (as PyTorch)
    # the index of the running extremum: the last position (so far) that reached it
    reached = running == x
    if x.dtype.kind in "fV":
        reached |= xp.isnan(x)
    lines = (1,) * axis + (x.shape[axis],) + (1,) * (x.ndim - axis - 1)
    positions = xp.where(reached, xp.arange(x.shape[axis]).reshape(lines), 0)
    idx = xp.accumulate("maximum", positions, axis)
    return result(select_along(cls, input, idx, axis),
                  make(idx.astype(np.int64, copy=False), input.device, False, None, 0))


def cummax(input: Tensor, dim: int) -> Any:
    """The named tuple ``(values, indices)`` of running maxima along ``dim`` (indices: where
    each was last reached); the gradient goes to those positions."""
    return _cumulative_extreme("cummax", Cummax, "maximum", input, dim)


def cummin(input: Tensor, dim: int) -> Any:
    """The named tuple ``(values, indices)`` of running minima along ``dim``."""
    return _cumulative_extreme("cummin", Cummin, "minimum", input, dim)


_NEG_INF = float("-inf")


class LogCumSumExp(Function):
    @staticmethod
    def forward(ctx, x, axis):
        ctx.axis = axis
        y = x.copy() if axis is None else ctx.xp.accumulate("logaddexp", x, axis)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # y_k = log sum_{i <= k} exp(x_i):  dL/dx_i = sum_{k >= i} gy_k exp(x_i - y_k)
        #   = exp(x_i + log revcumsum(gy exp(-y))_i), the positive and negative parts of gy
        #     taken separately so that the sums are logcumsumexps (no overflow)
        xp = ctx.xp
        axis = ctx.axis
        if axis is None:
            return gy, None
        x, y = ctx.saved_tensors
        finite = y != _NEG_INF  # where y = -inf (only -inf so far) nothing flows; NaN does
        safe_y = xp.where(finite, y, 0)
        grads = []
        for mask, magnitude in ((gy > 0, gy), (gy < 0, -gy)):
            mask = mask & finite
            log_part = xp.where(mask, xp.log(xp.where(mask, magnitude, 1)) - safe_y, _NEG_INF)
            grads.append(xp.exp(_reverse_logcumsumexp(xp, log_part, axis) + x))
        return grads[0] - grads[1], None


def _reverse_logcumsumexp(xp: Any, a: Any, axis: int) -> Any:
    if xp.differentiable:
        return flip(logcumsumexp(flip(a, axis), axis), axis)
    return xp.flip(xp.accumulate("logaddexp", xp.flip(a, axis), axis), axis)


def logcumsumexp(input: Tensor, dim: int) -> Tensor:
    """log(cumsum(exp(input))) along ``dim``, without overflow."""
    if input._data.dtype.kind not in "fV":
        raise NotImplementedError(f'"logcumsumexp" not implemented for {input.dtype} tensors '
                                  f"(shape {list(input.shape)}); it needs a floating dtype")
    return LogCumSumExp.apply(input, _one_axis(dim, input._data.ndim, "logcumsumexp"))


# -- NumPy-signature names for the differentiable namespace --------------------------------


def _flat_axis(a: Tensor, axis: Any) -> tuple[Tensor, int]:
    if axis is None:  # NumPy's cumsum/cumprod flatten when no axis is given
        return a.reshape(-1), 0
    return a, axis


@register("cumsum")
def _xp_cumsum(a: Tensor, axis: Any = None, dtype: Any = None) -> Tensor:
    return cumsum(*_flat_axis(a, axis), dtype=dtype)


@register("cumprod")
def _xp_cumprod(a: Tensor, axis: Any = None, dtype: Any = None) -> Tensor:
    return cumprod(*_flat_axis(a, axis), dtype=dtype)
