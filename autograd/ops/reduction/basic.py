"""Reductions: sum, mean, prod, var, std, max, min, amax, amin, argmax, argmin, logsumexp,
norm, cumsum, cumprod, all, any.

``dim`` is None (all dims), an int, or a tuple of ints (an empty tuple means all dims, as in
PyTorch's ``sum``); negative dims count from the end and a 0-d tensor accepts dim 0 or -1.
Backward formulas broadcast the output gradient back over the reduced dims with
``expand_dims``; everything they use goes through ``ctx.xp``, so every reduction has
higher-order gradients. The extremum ops (max, min, amax, amin, argmax, argmin) live in
``reduction_extrema.py``, logsumexp and norm in ``reduction_norm.py``, cumsum and cumprod in
``reduction_cumulative.py``; all are exported from here.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd import dtypes as _dt
from autograd.checks import LEFT_OUT, as_bool, as_int, left_out
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.ops.aliases import numpy_dims
from autograd.ops.autocast import autocasting, float32

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["sum", "mean", "prod", "var", "std", "var_mean", "std_mean", "all", "any"]


def _axes(dim: Any, ndim: int, op: str = "reduction") -> tuple[int, ...] | None:
    """``dim`` (None, int, or sequence) as a tuple of non-negative axes; None means all dims.

    An empty sequence also means all dims, and so does any dim of a 0-d tensor (NumPy has no
    axis 0 there). Raises IndexError for a dim out of range, RuntimeError for a repeated one.
    """
    if dim is None:
        return None
    if dim.__class__ is int:
        dims = (dim,)
    elif isinstance(dim, (list, tuple)):
        dims = tuple(as_int(d, op, "dim") for d in dim)
        if not dims:
            return None
    else:
        dims = (as_int(dim, op, "dim"),)
    n = ndim if ndim else 1
    for d in dims:
        if not -n <= d < n:
            raise IndexError(
                f"{op}: Dimension out of range (expected to be in range of [{-n}, {n - 1}] "
                f"for a {ndim}-d tensor, but got {d})"
            )
    if not ndim:
        if len(dims) > 1:
            raise RuntimeError(f"{op}: dim 0 appears multiple times in the list of dims")
        return None
    axes = tuple(d % n for d in dims)
    if len(axes) > 1 and len(set(axes)) != len(axes):
        seen = [a for k, a in enumerate(axes) if a in axes[:k]]
        raise RuntimeError(f"{op}: dim {seen[0]} appears multiple times in the list of dims")
    return axes


def _one_axis(dim: Any, ndim: int, op: str) -> int | None:
    """A single dim for ops that take exactly one (cumsum, max(dim) ...); None for 0-d."""
    if not (dim.__class__ is int or hasattr(dim, "__index__")):
        raise TypeError(f"{op}(): argument 'dim' must be int, not {type(dim).__name__}")
    axes = _axes(dim, ndim, op)
    return None if axes is None else axes[0]


def _keep(xp: Any, g: Any, axis: Any, keepdims: bool) -> Any:
    """Put the reduced axes back into ``g`` (size 1) so that it broadcasts against the input."""
    if keepdims or axis is None:
        return g  # a full reduction without keepdims is 0-d and broadcasts as it is
    return xp.expand_dims(g, axis)


def _count(shape: tuple, axis: Any) -> int:
    """How many input elements fall into each output element."""
    n = 1
    for a in range(len(shape)) if axis is None else axis:
        n *= shape[a]
    return n


# -- sum, mean, prod ---------------------------------------------------------------------------


class Sum(Function):
    @staticmethod
    def forward(ctx, x, axis, keepdims):
        ctx.shape = x.shape
        ctx.axis = axis
        ctx.keepdims = keepdims
        if x.dtype.char == "e":  # float16 accumulates in float32, as PyTorch: no overflow midway
            return x.sum(axis=axis, keepdims=keepdims, dtype="float32").astype(x.dtype)
        # an integer sum stays in its dtype (NumPy would widen int8 ... uint32 to 64 bits); a
        # bool sum (asked for with dtype=bool) is True where any element is
        return x.sum(axis=axis, keepdims=keepdims,
                     dtype=x.dtype if x.dtype.kind in "biu" else None)

    @staticmethod
    def backward(ctx, gy):
        # d sum(x) / dx = 1: broadcast gy back over the reduced axes
        xp = ctx.xp
        return xp.broadcast_to(_keep(xp, gy, ctx.axis, ctx.keepdims), ctx.shape), None, None


def sum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
        axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """Sum over ``dim`` (all dims by default); integer and bool inputs sum to int64."""
    if autocasting:
        (input,) = float32(input, cpu=False)
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("sum", dim, keepdim, axis, keepdims, None)
    if dtype is not None:
        input = input.to(dtype=dtype)
    elif input._data.dtype.kind in "biu":
        input = input.to(_dt.int64)
    return Sum.apply(input, _axes(dim, input._data.ndim, "sum"), keepdim)


class Mean(Function):
    @staticmethod
    def forward(ctx, x, axis, keepdims):
        ctx.shape = x.shape
        ctx.axis = axis
        ctx.keepdims = keepdims
        n = _count(x.shape, axis)
        # the mean of nothing is NaN (as PyTorch), without NumPy's empty-slice warning
        ctx.scale = 1.0 / n if n else float("nan")
        if x.dtype.char == "e":  # float16: the sum may overflow where the mean does not
            total = x.sum(axis=axis, keepdims=keepdims, dtype="float32")
            return (total * ctx.scale).astype(x.dtype)
        return x.sum(axis=axis, keepdims=keepdims) * ctx.scale

    @staticmethod
    def backward(ctx, gy):
        # d mean(x) / dx = 1 / n
        xp = ctx.xp
        gx = xp.broadcast_to(_keep(xp, gy * ctx.scale, ctx.axis, ctx.keepdims), ctx.shape)
        return gx, None, None


def mean(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
         axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """Mean over ``dim`` (all dims by default); integer inputs need ``dtype=`` (as PyTorch)."""
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("mean", dim, keepdim, axis, keepdims, None)
    if dtype is not None:
        input = input.to(dtype=dtype)
    if input._data.dtype.kind not in "fV":
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point "
            f"or complex dtype. Got: {input.dtype} (pass dtype=autograd.float32 to average "
            "integers)"
        )
    return Mean.apply(input, _axes(dim, input._data.ndim, "mean"), keepdim)


class Prod(Function):
    @staticmethod
    def forward(ctx, x, axis, keepdims):
        ctx.axis = axis
        ctx.keepdims = keepdims
        y = x.prod(axis=axis, keepdims=keepdims,
                   dtype=x.dtype if x.dtype.kind in "biu" else None)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d prod(x) / dx_i = prod_{j != i} x_j  (= y / x_i when no x_j is zero)
        xp = ctx.xp
        x, y = ctx.saved_tensors
        axis = ctx.axis
        gy = _keep(xp, gy, axis, ctx.keepdims)
        # without a zero in the input, y / x_i is the product of the others (PyTorch's test)
        if not bool(xp.any(x == 0)):
            return gy * _keep(xp, y, axis, ctx.keepdims) / x, None, None
        if not xp.differentiable:
            # the products before and after each element (exact next to infinities too)
            return gy * _exclusive_products(xp, x, axis), None, None
        # With zeros: p = product of the nonzero elements, c = number of zeros in the slice,
        # z = their sum (0, but its derivative picks out the zeros). The products of the others
        # are, for a nonzero x_i: p / x_i if c = 0, z p / x_i if c = 1, else 0; for a zero x_i:
        # p if c = 1, (z - x_i) p if c = 2, else 0. The z factors are 0 in value and keep the
        # derivatives with respect to the zeros exact, so second derivatives hold there too.
        zero = x == 0
        safe = xp.where(zero, 1, x)
        p = xp.prod(safe, axis, keepdims=True)
        c = xp.sum(zero, axis, keepdims=True)
        z = xp.sum(xp.where(zero, x, 0), axis, keepdims=True)
        one, two = c == 1, c == 2
        others = p * xp.where(zero, one + two * (z - x), ((c == 0) + one * z) / safe)
        return gy * others, None, None


def _exclusive_products(xp: Any, x: Any, axis: Any) -> Any:
    """prod_{j != i} x_j over the reduced axes, for every i: the running products of the
    elements before and after each one (PyTorch's formula for slices that hold a zero)."""
    reduced = tuple(range(x.ndim)) if axis is None else axis
    order = [a for a in range(x.ndim) if a not in reduced] + list(reduced)
    moved = xp.transpose(x, order)
    lines = moved.reshape(moved.shape[:x.ndim - len(reduced)] + (-1,))
    ones = xp.ones(lines.shape[:-1] + (1,), dtype=x.dtype)
    before = xp.cumprod(xp.concatenate([ones, lines[..., :-1]], -1), -1)
    after = xp.flip(xp.cumprod(xp.concatenate([ones, xp.flip(lines[..., 1:], -1)], -1), -1), -1)
    return xp.transpose((before * after).reshape(moved.shape), list(np.argsort(order)))


def prod(input: Tensor, dim: Any = LEFT_OUT, keepdim: bool = False, *, dtype: Any = None,
         axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """Product over ``dim`` (all dims when left out); integer and bool inputs give int64.

    PyTorch takes a single int ``dim``; a tuple is accepted here too.
    """
    if autocasting:
        (input,) = float32(input)
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("prod", dim, keepdim, axis, keepdims, LEFT_OUT)
        dim = None if dim is LEFT_OUT else dim  # NumPy's axis=None: every element
    elif left_out(dim, "prod"):
        if keepdim:
            raise TypeError("prod() received an invalid combination of arguments: keepdim=True "
                            "needs a dim")
        dim = None
    else:
        keepdim = as_bool(keepdim, "prod", "keepdim")
    if dtype is not None:
        input = input.to(dtype=dtype)
    elif input._data.dtype.kind in "biu":
        input = input.to(_dt.int64)
    return Prod.apply(input, _axes(dim, input._data.ndim, "prod"), keepdim)


# -- var, std ------------------------------------------------------------------------------------


def _moments(ctx: Any, x: Any, axis: Any, keepdims: bool, correction: Any, op: str) -> Any:
    """The variance of x over axis; sets ctx.scale = 1 / (n - correction) and ctx.axis."""
    xp = ctx.xp
    ctx.axis = axis
    ctx.keepdims = keepdims
    n = _count(x.shape, axis)
    dof = n - correction
    # PyTorch's gradient over all dims with dof <= 0 is inf, or nan where x is its mean
    ctx.degenerate = dof <= 0 and (axis is None or x.ndim == 0)
    d = x - x.sum(axis=axis, keepdims=True) * (1.0 / n if n else float("nan"))
    ss = xp.sum(d * d, axis=axis, keepdims=keepdims)
    if dof > 0:
        ctx.scale = 1.0 / dof
        return ss * ctx.scale
    warnings.warn(f"{op}(): degrees of freedom is <= 0. Correction should be strictly less "
                  "than the reduction factor (input numel divided by output numel).",
                  stacklevel=4)
    # the value divides by max(0, n - correction), the gradient by n - correction (PyTorch's)
    ctx.scale = 1.0 / dof if dof else float("inf")
    with warnings.catch_warnings():  # 0 / 0 and x / 0 are the answers here, as in PyTorch
        warnings.simplefilter("ignore", RuntimeWarning)
        return ss / 0.0


def _inf_or_nan(xp: Any, d: Any) -> Any:
    """inf, or nan where d (x minus its mean) is 0: 2 / 0 times d as PyTorch's var_backward."""
    return xp.where(d == 0, xp.asarray(float("nan"), d.dtype), xp.asarray(float("inf"), d.dtype))


class Var(Function):
    @staticmethod
    def forward(ctx, x, axis, keepdims, correction):
        ctx.save_for_backward(x)
        return _moments(ctx, x, axis, keepdims, correction, "var")

    @staticmethod
    def backward(ctx, gy):
        # d var(x) / dx = 2 (x - mean(x)) / (n - correction)
        xp = ctx.xp
        (x,) = ctx.saved_tensors
        d = x - xp.mean(x, ctx.axis, keepdims=True)
        gy = _keep(xp, gy, ctx.axis, ctx.keepdims)
        if ctx.degenerate:
            return gy * _inf_or_nan(xp, d), None, None, None
        return gy * (2 * ctx.scale) * d, None, None, None


class Std(Function):
    @staticmethod
    def forward(ctx, x, axis, keepdims, correction):
        y = ctx.xp.sqrt(_moments(ctx, x, axis, keepdims, correction, "std"))
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d std(x) / dx = (x - mean(x)) / ((n - correction) std(x)); 0 where std is 0 (as
        # PyTorch), with a safe denominator so that the masked branch stays finite at 2nd order
        xp = ctx.xp
        x, y = ctx.saved_tensors
        axis, keepdims = ctx.axis, ctx.keepdims
        d = x - xp.mean(x, axis, keepdims=True)
        y = _keep(xp, y, axis, keepdims)
        flat = y == 0
        scale = xp.where(flat, 0, _keep(xp, gy, axis, keepdims) / xp.where(flat, 1, y))
        if ctx.degenerate:  # PyTorch's var gradient of gy / (2 std)
            return scale / 2 * _inf_or_nan(xp, d), None, None, None
        return scale * ctx.scale * d, None, None, None


def _var_args(op: str, input: Tensor, dim: Any, unbiased: Any, correction: Any) -> tuple:
    if dim.__class__ is bool:  # var(x, False): the (unbiased) overload of PyTorch
        dim, unbiased = None, dim
    # given, unbiased picks PyTorch's older overload and must be a bool (None too is refused)
    unbiased = None if unbiased is LEFT_OUT else as_bool(unbiased, op, "unbiased")
    if correction is None:
        correction = 0 if unbiased is False else 1
    elif unbiased is not None:
        raise TypeError(f"{op}(): pass either unbiased or correction, not both")
    if input._data.dtype.kind not in "fV":
        raise RuntimeError(f"std and var only support floating point dtypes; {op}() got "
                           f"{input.dtype} (shape {list(input.shape)})")
    return _axes(dim, input._data.ndim, op), correction


def var(input: Tensor, dim: Any = None, unbiased: Any = LEFT_OUT, keepdim: bool = False,
        *, correction: Any = None, axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """Variance over ``dim``, divided by ``n - correction`` (default 1: Bessel's correction)."""
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("var", dim, keepdim, axis, keepdims, None)
    axes, correction = _var_args("var", input, dim, unbiased, correction)
    keepdim = as_bool(keepdim, "var", "keepdim")
    return Var.apply(input, axes, keepdim, correction)


def std(input: Tensor, dim: Any = None, unbiased: Any = LEFT_OUT, keepdim: bool = False,
        *, correction: Any = None, axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """Standard deviation over ``dim`` (see ``var``); its gradient is 0 where it is 0."""
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("std", dim, keepdim, axis, keepdims, None)
    axes, correction = _var_args("std", input, dim, unbiased, correction)
    keepdim = as_bool(keepdim, "std", "keepdim")
    return Std.apply(input, axes, keepdim, correction)


def var_mean(input: Tensor, dim: Any = None, unbiased: Any = LEFT_OUT,
             keepdim: bool = False, *, correction: Any = None,
             axis: Any = None, keepdims: bool | None = None) -> tuple[Tensor, Tensor]:
    """``(var(input, ...), mean(input, ...))`` over the same dims."""
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("var_mean", dim, keepdim, axis, keepdims, None)
    axes, correction = _var_args("var_mean", input, dim, unbiased, correction)
    return Var.apply(input, axes, keepdim, correction), Mean.apply(input, axes, keepdim)


def std_mean(input: Tensor, dim: Any = None, unbiased: Any = LEFT_OUT,
             keepdim: bool = False, *, correction: Any = None,
             axis: Any = None, keepdims: bool | None = None) -> tuple[Tensor, Tensor]:
    """``(std(input, ...), mean(input, ...))`` over the same dims."""
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("std_mean", dim, keepdim, axis, keepdims, None)
    axes, correction = _var_args("std_mean", input, dim, unbiased, correction)
    return Std.apply(input, axes, keepdim, correction), Mean.apply(input, axes, keepdim)


# -- all, any ------------------------------------------------------------------------------


class ReduceAll(Function):
    @staticmethod
    def forward(ctx, x, axis, keepdims):
        out = ctx.xp.all(x, axis=axis, keepdims=keepdims)
        return out.astype(x.dtype) if x.dtype.char == "B" else out  # uint8 stays uint8


class ReduceAny(Function):
    @staticmethod
    def forward(ctx, x, axis, keepdims):
        out = ctx.xp.any(x, axis=axis, keepdims=keepdims)
        return out.astype(x.dtype) if x.dtype.char == "B" else out  # uint8 stays uint8


def _logical_axes(dim: Any, ndim: int, op: str) -> tuple[int, ...] | None:
    """all's and any's dims: an empty tuple reduces nothing there (PyTorch's), unlike sum's."""
    if isinstance(dim, (list, tuple)) and not dim:
        return ()
    return _axes(dim, ndim, op)


def all(input: Tensor, dim: Any = None, keepdim: bool = False, *,
        axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """True where every element over ``dim`` is nonzero (a bool tensor, no gradient; uint8 for a
    uint8 input, as in PyTorch); ``dim=()`` tests each element on its own."""
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("all", dim, keepdim, axis, keepdims, None)
    return ReduceAll.apply(input, _logical_axes(dim, input._data.ndim, "all"), keepdim)


def any(input: Tensor, dim: Any = None, keepdim: bool = False, *,
        axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """True where some element over ``dim`` is nonzero (a bool tensor, no gradient; uint8 for a
    uint8 input, as in PyTorch); ``dim=()`` tests each element on its own."""
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("any", dim, keepdim, axis, keepdims, None)
    return ReduceAny.apply(input, _logical_axes(dim, input._data.ndim, "any"), keepdim)


# -- NumPy-signature names for the differentiable namespace (used by backward formulas) -------


@register("sum")
def _xp_sum(a: Tensor, axis: Any = None, keepdims: bool = False, dtype: Any = None) -> Tensor:
    return sum(a, axis, keepdims, dtype=dtype)


@register("mean")
def _xp_mean(a: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    return mean(a, axis, keepdims)


@register("prod")
def _xp_prod(a: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    return prod(a, axis=axis, keepdims=keepdims)


@register("var")
def _xp_var(a: Tensor, axis: Any = None, ddof: int = 0, keepdims: bool = False) -> Tensor:
    return var(a, axis, keepdim=keepdims, correction=ddof)


@register("std")
def _xp_std(a: Tensor, axis: Any = None, ddof: int = 0, keepdims: bool = False) -> Tensor:
    return std(a, axis, keepdim=keepdims, correction=ddof)


@register("all")
def _xp_all(a: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    return all(a, axis, keepdims)


@register("any")
def _xp_any(a: Tensor, axis: Any = None, keepdims: bool = False) -> Tensor:
    return any(a, axis, keepdims)
