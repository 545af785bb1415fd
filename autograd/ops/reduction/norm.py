"""Norm-like reductions: logsumexp and the vector norms of ``norm``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import as_bool
from autograd.engine.function import Function
from autograd.ops.aliases import numpy_dims
from autograd.ops.autocast import autocasting, float32
from autograd.ops.reduction.basic import _axes, _keep

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["logsumexp", "norm"]


_inf = math.inf


class LogSumExp(Function):
    @staticmethod
    def forward(ctx, x, axis, keepdims):
        xp = ctx.xp
        ctx.axis = axis
        ctx.keepdims = keepdims
        if x.size == 0:  # log(0) = -inf, as PyTorch, without NumPy's divide warning
            y = x.sum(axis=axis, keepdims=keepdims) - _inf
        else:
            # shift by the maximum so that exp never overflows (the sum is then >= 1); a slice
            # whose maximum is +-inf or NaN has that maximum as its answer
            m = x.max(axis=axis, keepdims=True)
            finite = xp.isfinite(m)
            shift = xp.where(finite, m, 0)
            s = xp.exp(x - shift).sum(axis=axis, keepdims=True)
            y = xp.where(finite, xp.log(xp.where(finite, s, 1)) + shift, m)
            if not keepdims:
                y = y.reshape(x.sum(axis=axis).shape)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d logsumexp(x) / dx = softmax(x) = exp(x - logsumexp(x))
        xp = ctx.xp
        x, y = ctx.saved_tensors
        axis, keepdims = ctx.axis, ctx.keepdims
        return _keep(xp, gy, axis, keepdims) * xp.exp(x - _keep(xp, y, axis, keepdims)), None, None


def logsumexp(input: Tensor, dim: Any = None, keepdim: bool = False, *,
              axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """log(sum(exp(input))) over ``dim``, computed without overflow; integers give floats.

    ``dim=()`` reduces all dims (PyTorch raises for it).
    """
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("logsumexp", dim, keepdim, axis, keepdims, None)
    if dim is None:
        raise TypeError("logsumexp() missing 1 required positional argument: 'dim'")
    keepdim = as_bool(keepdim, "logsumexp", "keepdim")
    if input._data.dtype.kind not in "fV":
        input = input.to(_dt.get_default_dtype())
    return LogSumExp.apply(input, _axes(dim, input._data.ndim, "logsumexp"), keepdim)


class VectorNorm(Function):
    @staticmethod
    def forward(ctx, x, p, axis, keepdims):
        xp = ctx.xp
        ctx.p = p
        ctx.axis = axis
        ctx.keepdims = keepdims
        if p == 2:
            y = xp.sqrt((x * x).sum(axis=axis, keepdims=keepdims))
        elif p == 1:
            y = xp.abs(x).sum(axis=axis, keepdims=keepdims)
        elif p == _inf:
            y = xp.abs(x).max(axis=axis, keepdims=keepdims)
        elif p == -_inf:
            y = xp.abs(x).min(axis=axis, keepdims=keepdims)
        elif p == 0:
            y = (x != 0).sum(axis=axis, keepdims=keepdims).astype(x.dtype)
        else:
            y = (xp.abs(x) ** p).sum(axis=axis, keepdims=keepdims) ** (1.0 / p)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d ||x||_p / dx_i = sign(x_i) |x_i|^(p-1) / ||x||^(p-1); p = 2: x_i / ||x||; p = +-inf:
        # sign(x_i) split evenly among the |x_i| equal to the norm; p = 0: 0. Where the norm
        # is 0 the gradient is 0 (PyTorch's choice: a subgradient, not NaN); the divisions
        # use safe denominators so that the masked branch stays finite at second order too.
        xp = ctx.xp
        x, y = ctx.saved_tensors
        p = ctx.p
        axis, keepdims = ctx.axis, ctx.keepdims
        if p == 0:  # no gradient at all (PyTorch's: not even zeros)
            return None, None, None, None
        gy = _keep(xp, gy, axis, keepdims)
        if p == 1:
            return _sign(xp, x) * gy, None, None, None
        y = _keep(xp, y, axis, keepdims)
        if p == _inf or p == -_inf:
            # the extremes share; a NaN counts as one (its sign, 0, gives it nothing)
            hit = (xp.abs(x) == y) | xp.isnan(x)
            count = xp.sum(hit, axis, keepdims=True, dtype=x.dtype)
            return _sign(xp, x) * (gy / count) * hit, None, None, None
        flat = y == 0
        safe_y = xp.where(flat, 1, y)
        if p == 2:
            return x * xp.where(flat, 0, gy / safe_y), None, None, None
        # x = 0 would give 0 * inf for p < 1: |x| is made safe there (sign(0) = 0 anyway)
        safe_x = xp.where(x == 0, 1, xp.abs(x))
        scale = xp.where(flat, 0, gy / safe_y ** (p - 1))
        return xp.sign(x) * safe_x ** (p - 1) * scale, None, None, None


class DistanceNorm(VectorNorm):
    """The norm of the differences inside ``cdist``: for p = 0 its gradient is zeros, not
    none (PyTorch's cdist backward, where the vector norm's has none)."""

    @staticmethod
    def backward(ctx, gy):
        # as VectorNorm, with d ||x||_0 / dx = 0 given as zeros
        if ctx.p == 0:
            x, _ = ctx.saved_tensors
            return ctx.xp.zeros_like(x), None, None, None
        return VectorNorm.backward(ctx, gy)


def _sign(xp: Any, x: Any) -> Any:
    """sign(x) with PyTorch's 0 for NaN."""
    return xp.where(xp.isnan(x), 0, xp.sign(x))


# linalg.matrix_norm, which the linalg family (a layer above, built on this one) hands over
# when it is imported: norm's string orders other than 'fro' are matrix norms
MATRIX_NORM: list = []


def norm(input: Tensor, p: Any = "fro", dim: Any = None, keepdim: bool = False,
         dtype: Any = None, *, axis: Any = None, keepdims: bool | None = None) -> Tensor:
    """The vector p-norm over ``dim`` (all dims by default), as ``torch.norm``.

    ``p``: ``'fro'`` (= 2), any float, ``inf`` (max |x|), ``-inf`` (min |x|), ``0`` (the
    number of nonzeros). The gradient at a zero vector is 0, not NaN (as PyTorch, which picks
    that subgradient). ``'fro'`` is the 2-norm over all dims or at most two given ones;
    ``'nuc'`` is ``linalg.matrix_norm``'s, over two dims. ``dtype`` casts the input
    first, so integer tensors can be normed with ``dtype=float32`` (PyTorch refuses them).
    """
    if autocasting:
        (input,) = float32(input, cpu=False)
    if axis is not None or keepdims is not None:
        dim, keepdim = numpy_dims("norm", dim, keepdim, axis, keepdims, None)
    if dtype is not None:
        input = input.to(dtype=dtype)
    if input._data.dtype.kind not in "fV":
        raise RuntimeError(f"norm(): expected a floating point input, got {input.dtype} "
                           f"(shape {list(input.shape)}); pass dtype= to cast it")
    if p is None or p == "fro" and (dim is None or isinstance(dim, int) or len(dim) <= 2):
        p = 2.0
    elif isinstance(p, str):  # 'nuc' (or an order it refuses): linalg.matrix_norm, as PyTorch
        dims = tuple(range(input._data.ndim)) if dim is None else dim
        return MATRIX_NORM[0](input, p, dims, keepdim)
    p = float(p)
    axes = _axes(dim, input._data.ndim, "norm")
    if input._data.size == 0 and (p < 0 or p == _inf) and (
            not axes or 0 in [input._data.shape[a] for a in axes]):
        raise RuntimeError(f"norm(): cannot compute the {p} norm of an empty tensor (shape "
                           f"{list(input.shape)}): the operation has no identity")
    return VectorNorm.apply(input, p, axes, keepdim)
