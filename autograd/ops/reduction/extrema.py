"""Extremum reductions: max, min, amax, amin, argmax, argmin.

Gradient conventions (PyTorch's): ``amax``/``amin`` and the full ``max()``/``min()`` split the
gradient evenly among the elements equal to the extremum (a NaN ``max()`` among the NaNs);
``max(dim)``/``min(dim)`` give it only to the element at the returned index (the first
extremum). argmax/argmin have none.
"""

from __future__ import annotations

from collections import namedtuple
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import LEFT_OUT, as_bool, left_out
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.aliases import numpy_dims
from autograd.ops.reduction.basic import _axes, _keep, _one_axis

if TYPE_CHECKING:
    from autograd.tensor import Tensor

# ``max(dim=...)``, ``sort``, ``topk`` ... results: tuples with ``values`` and ``indices`` fields
# (``min`` and ``max`` for ``aminmax``), like ``torch.return_types``.
__all__ = ["max", "min", "amax", "amin", "aminmax", "argmax", "argmin", "return_types"]

_BOOL = _dt.bool


return_types = SimpleNamespace(
    **{name: namedtuple(name, ["values", "indices"])
       for name in ("max", "min", "sort", "topk", "kthvalue", "median", "nanmedian", "mode",
                    "cummax", "cummin")},
    aminmax=namedtuple("aminmax", ["min", "max"]),
    frexp=namedtuple("frexp", ["mantissa", "exponent"]),
    histogram=namedtuple("histogram", ["hist", "bin_edges"]),
)


class _Extreme(Function):
    reduce = ""

    @classmethod
    def forward(cls, ctx, x, axis, keepdims):
        ctx.axis = axis
        ctx.keepdims = keepdims
        y = getattr(x, cls.reduce)(axis=axis, keepdims=keepdims)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d max(x) / dx_i = [x_i = max(x)] / #{j : x_j = max(x)}: ties share the gradient
        xp = ctx.xp
        x, y = ctx.saved_tensors
        axis, keepdims = ctx.axis, ctx.keepdims
        hit = x == _keep(xp, y, axis, keepdims)
        share = _keep(xp, gy, axis, keepdims) / xp.sum(hit, axis, keepdims=True, dtype=x.dtype)
        return share * hit, None, None


class Amax(_Extreme):
    reduce = "max"


class Amin(_Extreme):
    reduce = "min"


class _ExtremeAll(_Extreme):
    """``max()`` / ``min()`` of a whole tensor: as amax / amin, but a NaN extremum shares the
    gradient among the NaNs (PyTorch's, where amax's gradient is NaN)."""

    @staticmethod
    def backward(ctx, gy):
        # d max(x) / dx_i = [x_i = max(x), or both NaN] / #{j : the same}
        xp = ctx.xp
        x, y = ctx.saved_tensors
        hit = (x == y) | (xp.isnan(x) & xp.isnan(y))
        return gy * hit / xp.sum(hit, dtype=x.dtype), None, None


class MaxAll(_ExtremeAll):
    reduce = "max"


class MinAll(_ExtremeAll):
    reduce = "min"


class _ExtremeDim(Function):
    arg = ""

    @classmethod
    def forward(cls, ctx, x, axis, keepdims):
        xp = ctx.xp
        ctx.axis = axis
        ctx.keepdims = keepdims
        if axis is None:  # a 0-d input: itself, at index 0
            return x.copy(), xp.zeros((), dtype=xp.int64)
        index = getattr(xp, cls.arg)(x, axis=axis, keepdims=True)
        values = xp.take_along_axis(x, index, axis)
        ctx.index = index
        ctx.lines = (1,) * axis + (x.shape[axis],) + (1,) * (x.ndim - axis - 1)
        if keepdims:
            return values, index
        return values.squeeze(axis), index.squeeze(axis)

    @staticmethod
    def backward(ctx, gv, gi):
        # only the element at the returned index gets the gradient
        xp = ctx.xp
        axis = ctx.axis
        if axis is None:
            return gv, None, None
        raw = xp.raw if xp.differentiable else xp
        lines = ctx.lines
        hit = raw.arange(lines[axis]).reshape(lines) == ctx.index
        return _keep(xp, gv, axis, ctx.keepdims) * xp.asarray(hit), None, None


class MaxDim(_ExtremeDim):
    arg = "argmax"


class MinDim(_ExtremeDim):
    arg = "argmin"


class _Arg(Function):
    arg = ""

    @classmethod
    def forward(cls, ctx, x, axis, keepdims):
        return getattr(ctx.xp, cls.arg)(x, axis=axis, keepdims=keepdims)


class Argmax(_Arg):
    arg = "argmax"


class Argmin(_Arg):
    arg = "argmin"


def _nonempty(op: str, input: Tensor, axes: Any, error: type = RuntimeError) -> None:
    """PyTorch refuses extrema over nothing: there is no identity to return."""
    if axes is None:
        raise error(
            f"{op}(): Expected reduction dim to be specified for input.numel() == 0 (input of "
            f"shape {list(input.shape)}). Specify the reduction dim with the 'dim' argument."
        )
    for a in axes:
        if input._data.shape[a] == 0:
            raise IndexError(f"{op}(): Expected reduction dim {a} to have non-zero size "
                             f"(input of shape {list(input.shape)}).")


def _keepdim_without_dim(op: str) -> None:
    """PyTorch has no overload of the whole-tensor extremum that takes ``keepdim``."""
    raise TypeError(f"{op}() received an invalid combination of arguments: keepdim=True needs "
                    "a dim")


def _no_dim_with_other(op: str, dim: Any, keepdim: bool) -> None:
    """``other`` names the elementwise overload, which takes no dim."""
    if dim is not LEFT_OUT or keepdim:
        raise TypeError(f"{op}() received an invalid combination of arguments: other= with a "
                        "dim or keepdim")


def _with_indices(cls: type, op: str, input: Tensor, dim: Any, keepdim: bool) -> Any:
    keepdim = as_bool(keepdim, op, "keepdim")
    axis = _one_axis(dim, input._data.ndim, op)
    if input._data.size == 0 and axis is not None:
        _nonempty(op, input, (axis,))
    values, indices = cls.apply(input, axis, keepdim)
    return getattr(return_types, op)(values, indices)


def max(input: Tensor, dim: Any = LEFT_OUT, keepdim: bool = False, *, other: Any = None,
        axis: Any = None, keepdims: bool | None = None) -> Any:
    """The largest element (ties share the gradient), or with ``dim`` the named tuple
    ``(values, indices)`` along it (the gradient goes to the index); ``max(a, b)`` is
    ``maximum``."""
    if other is not None:  # the elementwise overload, named
        _no_dim_with_other("max", dim, keepdim)
        dim = other
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("max", dim, keepdim, axis, keepdims, LEFT_OUT)
        dim = LEFT_OUT if dim is None else dim  # NumPy's axis=None: every element
    elif dim is LEFT_OUT and keepdim:
        _keepdim_without_dim("max")
    if left_out(dim, "max"):
        if input._data.size == 0:
            _nonempty("max", input, None)
        return MaxAll.apply(input, None, keepdim)
    if isinstance(dim, TensorBase):
        from autograd.ops.elementwise.select import maximum

        return maximum(input, dim)
    return _with_indices(MaxDim, "max", input, dim, keepdim)


def min(input: Tensor, dim: Any = LEFT_OUT, keepdim: bool = False, *, other: Any = None,
        axis: Any = None, keepdims: bool | None = None) -> Any:
    """The smallest element (ties share the gradient), or with ``dim`` the named tuple
    ``(values, indices)`` along it (the gradient goes to the index); ``min(a, b)`` is
    ``minimum``."""
    if other is not None:  # the elementwise overload, named
        _no_dim_with_other("min", dim, keepdim)
        dim = other
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("min", dim, keepdim, axis, keepdims, LEFT_OUT)
        dim = LEFT_OUT if dim is None else dim  # NumPy's axis=None: every element
    elif dim is LEFT_OUT and keepdim:
        _keepdim_without_dim("min")
    if left_out(dim, "min"):
        if input._data.size == 0:
            _nonempty("min", input, None)
        return MinAll.apply(input, None, keepdim)
    if isinstance(dim, TensorBase):
        from autograd.ops.elementwise.select import minimum

        return minimum(input, dim)
    return _with_indices(MinDim, "min", input, dim, keepdim)


def amax(input: Tensor, dim: Any = (), keepdim: bool = False, *,
         axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """The maximum over ``dim`` (int or tuple; ``()`` means all); ties share the gradient."""
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("amax", dim, keepdim, axis, keepdims, ())
    axes = _axes(dim, input._data.ndim, "amax")
    if input._data.size == 0:
        _nonempty("amax", input, axes)
    return Amax.apply(input, axes, keepdim)


def amin(input: Tensor, dim: Any = (), keepdim: bool = False, *,
         axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """The minimum over ``dim`` (int or tuple; ``()`` means all); ties share the gradient."""
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("amin", dim, keepdim, axis, keepdims, ())
    axes = _axes(dim, input._data.ndim, "amin")
    if input._data.size == 0:
        _nonempty("amin", input, axes)
    return Amin.apply(input, axes, keepdim)


def aminmax(input: Tensor, *, dim: int | None = None, keepdim: bool = False) -> Any:
    """The named tuple ``(min, max)`` over all elements or along ``dim`` (ties share the
    gradient, as in amin and amax)."""
    axes = None if dim is None else (_one_axis(dim, input._data.ndim, "aminmax"),)
    if axes == (None,):
        axes = None
    if axes is not None and input._data.shape[axes[0]] == 0:
        raise IndexError(f"aminmax: Expected reduction dim {axes[0]} to have non-zero size "
                         f"(input of shape {list(input.shape)}).")
    if input._data.size == 0 and axes is None:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                           f"operation has no identity (input of shape {list(input.shape)}, "
                           f"dim={dim}).")
    return return_types.aminmax(Amin.apply(input, axes, keepdim),
                                Amax.apply(input, axes, keepdim))


def _arg(cls: type, op: str, input: Tensor, dim: Any, keepdim: bool) -> Tensor:
    keepdim = as_bool(keepdim, op, "keepdim")
    axis = None if dim is None else _one_axis(dim, input._data.ndim, op)
    if input._data.size == 0:
        _nonempty(op, input, None if dim is None else (axis,), IndexError)
    return cls.apply(input, axis, keepdim)


def argmax(input: Tensor, dim: int | None = None, keepdim: bool = False, *,
           axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """Index (int64) of the first maximum along ``dim``, or in the flattened input."""
    if getattr(input, "dtype", None) is _BOOL:
        raise RuntimeError(f"argmax(): does not support bool input (shape {list(input.shape)})")
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("argmax", dim, keepdim, axis, keepdims, None)
    return _arg(Argmax, "argmax", input, dim, keepdim)


def argmin(input: Tensor, dim: int | None = None, keepdim: bool = False, *,
           axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """Index (int64) of the first minimum along ``dim``, or in the flattened input."""
    if getattr(input, "dtype", None) is _BOOL:
        raise RuntimeError(f"argmin(): does not support bool input (shape {list(input.shape)})")
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("argmin", dim, keepdim, axis, keepdims, None)
    return _arg(Argmin, "argmin", input, dim, keepdim)


# -- NumPy-signature names for the differentiable namespace ------------------------------------
# NumPy's max/min reduce like amax/amin (no indices), so backward formulas get those.


@register("max")
@register("amax")
def _xp_amax(a: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    return amax(a, () if axis is None else axis, keepdims)


@register("min")
@register("amin")
def _xp_amin(a: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    return amin(a, () if axis is None else axis, keepdims)


@register("argmax")
def _xp_argmax(a: Tensor, axis: int | None = None, keepdims: bool = False) -> Tensor:
    return argmax(a, axis, keepdims)


@register("argmin")
def _xp_argmin(a: Tensor, axis: int | None = None, keepdims: bool = False) -> Tensor:
    return argmin(a, axis, keepdims)
