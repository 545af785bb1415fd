"""Pooling: max_pool1d, max_pool2d, avg_pool2d and adaptive_avg_pool2d (PyTorch semantics).

Every kernel works on the trailing spatial dims of its input, whatever the leading dims, so
batched ``(N, C, *spatial)`` and unbatched ``(C, *spatial)`` inputs take the same path. A
window reduction never loops over pixels: it loops over the kernel's offsets (``kh * kw``
of them for max, ``kh + kw`` for the separable window sums of avg), each step one strided
slice of the padded input covering every output position at once.

The gradients are pairs of linear maps, each the other's adjoint, written as Functions so
that every order of derivative comes from them: max pooling's backward scatters the gradient
to the argmax positions (``MaxScatter``), whose adjoint gathers from them (``MaxGather``);
avg pooling's adjoint spreads each output's gradient over its window (``AvgSpread``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from autograd.checks import as_bool, as_int, check_float, refuse_bool
from autograd.engine import grad_mode as _gm
from autograd.engine.function import Function

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["max_pool1d", "max_pool2d", "max_pool1d_with_indices", "max_pool2d_with_indices",
           "avg_pool2d", "adaptive_avg_pool2d"]


# -- window geometry --------------------------------------------------------------------------


class _Geometry(NamedTuple):
    """Where the windows of a pooling op lie, per spatial dim."""

    size: tuple  # input sizes
    kernel: tuple
    stride: tuple
    padding: tuple  # left padding
    dilation: tuple
    out: tuple  # output sizes
    padded: tuple  # sizes of the padded input the windows are taken from


def _ints(op: str, name: str, value: Any, n: int) -> tuple:
    if isinstance(value, (int, np.integer)):
        return (int(value),) * n
    if isinstance(value, (tuple, list)) and len(value) in (1, n) and all(
            isinstance(v, (int, np.integer)) for v in value):
        return tuple(int(v) for v in value) * (n if len(value) == 1 else 1)
    # PyTorch: TypeError for a value that is not ints, RuntimeError for a wrong length
    error = RuntimeError if isinstance(value, (tuple, list)) and all(
        isinstance(v, (int, np.integer)) for v in value) else TypeError
    raise error(f"{op}(): {name} must be an int or a tuple of {n} ints, got {value!r}")


def _geometry(op: str, shape: tuple, n: int, kernel_size: Any, stride: Any, padding: Any,
              dilation: Any, ceil_mode: bool) -> _Geometry:
    """Check the arguments like PyTorch and lay out the windows over the last n dims."""
    if ceil_mode.__class__ is not bool:
        ceil_mode = as_bool(ceil_mode, op, "ceil_mode")
    if len(shape) not in (n + 1, n + 2) or any(s == 0 for s in shape[-n - 1:]):
        raise RuntimeError(f"{op}(): Expected {n + 1}D or {n + 2}D (batch mode) tensor with "
                           f"optional 0 dim batch size for input, but got: {list(shape)}")
    k = _ints(op, "kernel_size", kernel_size, n)
    s = k if stride is None or (isinstance(stride, (tuple, list)) and not stride) else \
        _ints(op, "stride", stride, n)
    p = _ints(op, "padding", padding, n)
    d = _ints(op, "dilation", dilation, n)
    where = f"(input shape {list(shape)}, kernel_size={k}, stride={s}, padding={p})"
    if min(k) <= 0:
        raise RuntimeError(f"{op}(): kernel size should be greater than zero, but got {k} {where}")
    if min(s) <= 0:
        raise RuntimeError(f"{op}(): stride should be greater than zero, but got {s} {where}")
    if min(d) <= 0:
        raise RuntimeError(f"{op}(): dilation should be greater than zero, but got {d} {where}")
    if min(p) < 0 or any(pi > ki // 2 for pi, ki in zip(p, k)):
        raise RuntimeError(f"{op}(): pad should be at most half of kernel size, but got "
                           f"padding={p} and kernel_size={k} {where}")
    size = tuple(shape[-n:])
    out, padded = [], []
    for ni, ki, si, pi, di in zip(size, k, s, p, d):
        span = di * (ki - 1) + 1
        o = (ni + 2 * pi - span + (si - 1 if ceil_mode else 0)) // si + 1
        if ceil_mode and o > 0 and (o - 1) * si >= ni + pi:
            o -= 1  # the last window would start in the right padding: dropped, as PyTorch
        out.append(o)
        padded.append(max((o - 1) * si + span, ni + pi))
    if min(out) <= 0:
        raise RuntimeError(f"{op}(): Given input size {list(shape)}, the calculated output size "
                           f"{list(shape[:-n]) + out} is too small {where}")
    return _Geometry(size, k, s, p, d, tuple(out), tuple(padded))


def _pad(xp: Any, x: Any, g: _Geometry, fill: float) -> Any:
    """x inside a buffer of the padded size filled with ``fill`` (x itself when none)."""
    if g.padded == g.size:
        return x
    buf = xp.full(x.shape[:-len(g.size)] + g.padded, fill, dtype=x.dtype)
    buf[(Ellipsis,) + tuple(slice(p, p + n) for p, n in zip(g.padding, g.size))] = x
    return buf


def _crop(xp: Any, a: Any, g: _Geometry) -> Any:
    """The input-sized part of a padded-size array."""
    if g.padded == g.size:
        return a
    key = (Ellipsis,) + tuple(slice(p, p + n) for p, n in zip(g.padding, g.size))
    return xp.ascontiguousarray(a[key])


def _offsets(g: _Geometry) -> list:
    """Per kernel offset (row-major), the strided key picking it from every window."""
    keys = [()]
    for k, s, d, o in zip(g.kernel, g.stride, g.dilation, g.out):
        keys = [key + (slice(i * d, i * d + (o - 1) * s + 1, s),) for key in keys
                for i in range(k)]
    return [(Ellipsis,) + key for key in keys]


# -- max pooling --------------------------------------------------------------------------------


def _max_forward(xp: Any, x: Any, g: _Geometry, track: bool) -> tuple:
    """The window maxima and, when ``track``, each one's kernel offset (the first maximum on
    ties, as PyTorch; in a window holding NaNs, its first NaN)."""
    floating = x.dtype.kind in "fV"
    keys = _offsets(g)
    xpad = _pad(xp, x, g, -np.inf if floating else np.iinfo(x.dtype).min)
    best = xpad[keys[0]].copy()
    for key in keys[1:]:
        xp.maximum(best, xpad[key], out=best)  # NaN propagates
    if not track:
        return best, None
    # Mark each window's maximum by its offset, last offset first so the first one stays.
    # Arithmetic on 0/1 masks instead of where/copyto: several times faster in NumPy.
    dt = np.int8 if len(keys) < 2**7 else np.int16 if len(keys) < 2**15 else np.int32
    argk = xp.zeros(best.shape, dtype=dt)
    nan = floating and xp.may_hold_nan(best)  # a window's maximum is NaN iff it holds one
    for k in range(len(keys) - 1, -1, -1):
        v = xpad[keys[k]]
        hit = v == best
        if nan:
            hit |= v != v
        argk += hit * (k - argk)
    return best, argk


def _max_scatter(xp: Any, gy: Any, argk: Any, g: _Geometry) -> Any:
    # zeros, with each output's gradient added at its argmax; a mask product rather than
    # where(): faster, but a NaN or inf gradient also reaches the other positions of its
    # window (as NaN)
    shape = gy.shape[:-len(g.size)] + g.padded
    spans = [d * (k - 1) + 1 for k, d in zip(g.kernel, g.dilation)]
    if all(sp <= s for sp, s in zip(spans, g.stride)):
        # windows that do not overlap (the usual kernel == stride): every position takes
        # at most one gradient, so each offset's block is written, not added to zeros
        tiled = all(sp == s and o * s == p for sp, s, o, p in
                    zip(spans, g.stride, g.out, g.padded))
        gx = xp.empty(shape, dtype=gy.dtype) if tiled else xp.zeros(shape, dtype=gy.dtype)
        for k, key in enumerate(_offsets(g)):
            xp.multiply(gy, argk == k, out=gx[key])
        return _crop(xp, gx, g)
    gx = xp.zeros(shape, dtype=gy.dtype)
    for k, key in enumerate(_offsets(g)):
        gx[key] += gy * (argk == k)
    return _crop(xp, gx, g)


def _max_gather(xp: Any, x: Any, argk: Any, g: _Geometry) -> Any:
    # each window's value at its recorded argmax
    xpad = _pad(xp, x, g, 0)
    y = xp.zeros(x.shape[:-len(g.size)] + g.out, dtype=x.dtype)
    for k, key in enumerate(_offsets(g)):
        xp.copyto(y, xpad[key], where=argk == k)
    return y


def _flat_indices(xp: Any, argk: Any, g: _Geometry) -> Any:
    """PyTorch's indices: each argmax as a flat position in its (unpadded) input plane."""
    n = len(g.size)
    flat = 0
    inner_k = 1
    inner_n = 1
    for d in reversed(range(n)):
        off = (argk // inner_k) % g.kernel[d] if inner_k > 1 else argk % g.kernel[d]
        start = xp.arange(g.out[d], dtype=np.int64) * g.stride[d] - g.padding[d]
        coord = off.astype(np.int64) * g.dilation[d] + start.reshape(
            (g.out[d],) + (1,) * (n - 1 - d))
        flat = flat + coord * inner_n
        inner_k *= g.kernel[d]
        inner_n *= g.size[d]
    return flat


class MaxPool(Function):
    """Max over each window of the trailing dims; ``track`` keeps the argmax offsets."""

    @staticmethod
    def forward(ctx, x, geometry, track, return_indices):
        y, argk = _max_forward(ctx.xp, x, geometry, track)
        ctx.geometry, ctx.argk = geometry, argk
        if return_indices:
            idx = _flat_indices(ctx.xp, argk, geometry)
            ctx.mark_non_differentiable(idx)
            return y, idx
        return y

    @staticmethod
    def backward(ctx, gy, gidx=None):
        # y = x[argmax]: dx = zeros with dy added at each window's argmax
        if ctx.xp.differentiable:
            return MaxScatter.apply(gy, geometry=ctx.geometry, argk=ctx.argk)
        return _max_scatter(ctx.xp, gy, ctx.argk, ctx.geometry)


class MaxScatter(Function):
    """The gradient of max pooling: a linear map of the output gradient."""

    @staticmethod
    def forward(ctx, gy, geometry, argk):
        ctx.geometry, ctx.argk = geometry, argk
        return _max_scatter(ctx.xp, gy, argk, geometry)

    @staticmethod
    def backward(ctx, ggx):
        # the adjoint of a scatter to fixed positions is the gather from them
        if ctx.xp.differentiable:
            return MaxGather.apply(ggx, geometry=ctx.geometry, argk=ctx.argk)
        return _max_gather(ctx.xp, ggx, ctx.argk, ctx.geometry)


class MaxGather(Function):
    """Values at fixed argmax positions: the adjoint of ``MaxScatter``."""

    @staticmethod
    def forward(ctx, x, geometry, argk):
        ctx.geometry, ctx.argk = geometry, argk
        return _max_gather(ctx.xp, x, argk, geometry)

    @staticmethod
    def backward(ctx, gy):
        # the adjoint of a gather from fixed positions is the scatter to them
        if ctx.xp.differentiable:
            return MaxScatter.apply(gy, geometry=ctx.geometry, argk=ctx.argk)
        return _max_scatter(ctx.xp, gy, ctx.argk, ctx.geometry)


def _max_pool(op: str, n: int, input: Tensor, kernel_size: Any, stride: Any, padding: Any,
              dilation: Any, ceil_mode: bool, return_indices: bool) -> Any:
    g = _geometry(op, tuple(input.shape), n, kernel_size, stride, padding, dilation, ceil_mode)
    track = return_indices or (input.requires_grad and _gm.state.grad_enabled)
    return MaxPool.apply(input, geometry=g, track=track, return_indices=return_indices)


def max_pool1d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """Max over sliding windows of the last dim of an ``(N, C, L)`` or ``(C, L)`` input;
    with ``return_indices`` also each maximum's position (int64) along L."""
    check_float("max_pool1d", input)  # no integer or bool kernels in PyTorch
    return _max_pool("max_pool1d", 1, input, kernel_size, stride, padding, dilation, ceil_mode,
                     return_indices)


def max_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """Max over sliding windows of the last two dims of an ``(N, C, H, W)`` or ``(C, H, W)``
    input (padding counts as -inf); with ``return_indices`` also each maximum's flat
    position (int64) in its ``H * W`` plane, as PyTorch."""
    refuse_bool("max_pool2d", input)
    return _max_pool("max_pool2d", 2, input, kernel_size, stride, padding, dilation, ceil_mode,
                     return_indices)


def max_pool1d_with_indices(input: Tensor, kernel_size: Any, stride: Any = None,
                            padding: Any = 0, dilation: Any = 1, ceil_mode: bool = False,
                            return_indices: bool = False) -> tuple[Tensor, Tensor]:
    """``max_pool1d`` returning ``(values, indices)`` whatever ``return_indices`` says."""
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input: Tensor, kernel_size: Any, stride: Any = None,
                            padding: Any = 0, dilation: Any = 1, ceil_mode: bool = False,
                            return_indices: bool = False) -> tuple[Tensor, Tensor]:
    """``max_pool2d`` returning ``(values, indices)`` whatever ``return_indices`` says."""
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


# -- average pooling ----------------------------------------------------------------------------


def _window_sum(xp: Any, x: Any, g: _Geometry) -> Any:
    # a window sum is separable: sum the kernel's offsets one spatial dim at a time
    a = _pad(xp, x, g, 0)
    n = len(g.size)
    for d in range(n):
        tail = (slice(None),) * (n - 1 - d)
        k, s, o = g.kernel[d], g.stride[d], g.out[d]
        acc = a[(Ellipsis, slice(0, (o - 1) * s + 1, s)) + tail].copy()
        for i in range(1, k):
            acc += a[(Ellipsis, slice(i, i + (o - 1) * s + 1, s)) + tail]
        a = acc
    return a


def _window_spread(xp: Any, gy: Any, g: _Geometry) -> Any:
    # the adjoint of _window_sum: each output's value added over its window, dim by dim
    n = len(g.size)
    a = gy
    for d in reversed(range(n)):
        k, s, o = g.kernel[d], g.stride[d], g.out[d]
        tail = (slice(None),) * (n - 1 - d)
        shape = a.shape[:a.ndim - n + d] + (g.padded[d],) + a.shape[a.ndim - n + d + 1:]
        acc = xp.zeros(shape, dtype=a.dtype)
        for i in range(k):
            acc[(Ellipsis, slice(i, i + (o - 1) * s + 1, s)) + tail] += a
        a = acc
    return _crop(xp, a, g)


@_gm.replayable  # raw arrays: an ag.compile replay makes them again
def _divisor(xp: Any, g: _Geometry, count_include_pad: bool, divisor_override: Any,
             dtype: Any) -> Any:
    """Each window's divisor, as PyTorch counts it (padding in or out; never the overhang
    that ceil_mode adds past the padding)."""
    if count_include_pad.__class__ is not bool:
        count_include_pad = as_bool(count_include_pad, "avg_pool", "count_include_pad")
    if divisor_override is not None:
        divisor_override = as_int(divisor_override, "avg_pool", "divisor_override")
        return xp.asarray(divisor_override, dtype=dtype)
    n = len(g.size)
    div = 1
    for d in range(n):
        start = xp.arange(g.out[d]) * g.stride[d] - g.padding[d]
        end = xp.minimum(start + g.kernel[d], g.size[d] + g.padding[d])
        if not count_include_pad:
            start, end = xp.maximum(start, 0), xp.minimum(end, g.size[d])
        div = div * (end - start).reshape((g.out[d],) + (1,) * (n - 1 - d))
    return div.astype(dtype)


class AvgPool(Function):
    """Window sums of the trailing dims divided by the windows' divisors."""

    @staticmethod
    def forward(ctx, x, geometry, divisor):
        ctx.geometry, ctx.divisor = geometry, divisor
        return _window_sum(ctx.xp, x, geometry) / divisor

    @staticmethod
    def backward(ctx, gy):
        # y = W x / div is linear: dx = W^T (dy / div), each gradient spread over its window
        if ctx.xp.differentiable:
            return AvgSpread.apply(gy, geometry=ctx.geometry, divisor=ctx.divisor)
        return _window_spread(ctx.xp, gy / ctx.divisor, ctx.geometry)


class AvgSpread(Function):
    """The gradient of avg pooling: ``W^T (g / div)``."""

    @staticmethod
    def forward(ctx, g, geometry, divisor):
        ctx.geometry, ctx.divisor = geometry, divisor
        return _window_spread(ctx.xp, g / divisor, geometry)

    @staticmethod
    def backward(ctx, ggx):
        # the adjoint of W^T (g / div) is (W ggx) / div: avg pooling itself
        if ctx.xp.differentiable:
            return AvgPool.apply(ggx, geometry=ctx.geometry, divisor=ctx.divisor)
        return _window_sum(ctx.xp, ggx, ctx.geometry) / ctx.divisor


def avg_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """Mean over sliding windows of the last two dims of an ``(N, C, H, W)`` or ``(C, H, W)``
    input; the divisor counts the zero padding unless ``count_include_pad=False``, or is
    ``divisor_override``."""
    refuse_bool("avg_pool2d", input)
    if input.ndim < 3:  # PyTorch reads input.size(-3) first: its IndexError
        raise IndexError(f"avg_pool2d(): Expected 3D or 4D (batch mode) tensor with optional 0 "
                         f"dim batch size for input, but got: {list(input.shape)}")
    g = _geometry("avg_pool2d", tuple(input.shape), 2, kernel_size, stride, padding, 1, ceil_mode)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError(f"avg_pool2d(): divisor must be not zero (input shape "
                           f"{list(input.shape)})")
    if input._data.dtype.kind not in "fV":
        raise RuntimeError(f"avg_pool2d(): expected a floating-point input, got {input.dtype} "
                           f"(shape {list(input.shape)})")
    div = _divisor(input.device.backend, g, count_include_pad, divisor_override,
                   input._data.dtype)
    return AvgPool.apply(input, geometry=g, divisor=div)


# -- adaptive average pooling -------------------------------------------------------------------


@_gm.replayable  # raw arrays: an ag.compile replay makes them again
def _adaptive_matrix(xp: Any, n: int, out: int, dtype: Any) -> Any:
    """The (out, n) averaging matrix of PyTorch's adaptive windows
    [floor(i n / out), ceil((i + 1) n / out))."""
    i = xp.arange(out)
    start = (i * n) // out
    end = -((-(i + 1) * n) // out)
    j = xp.arange(n)
    inside = (j >= start[:, None]) & (j < end[:, None])
    return (inside / (end - start)[:, None]).astype(dtype)


class AdaptiveAvg(Function):
    """``A_h x A_w^T`` over the last two dims, A the adaptive averaging matrices."""

    @staticmethod
    def forward(ctx, x, ah, aw):
        ctx.ah, ctx.aw = ah, aw
        return ctx.xp.matmul(ah, ctx.xp.matmul(x, aw.T))

    @staticmethod
    def backward(ctx, gy):
        # y = A_h x A_w^T is linear: dx = A_h^T dy A_w
        xp = ctx.xp
        ah, aw = xp.asarray(ctx.ah), xp.asarray(ctx.aw)
        return xp.matmul(xp.swapaxes(ah, 0, 1), xp.matmul(gy, aw))


def adaptive_shape_check(op: str, shape: tuple, output_size: Any, n: int,
                         checked: range) -> None:
    """PyTorch's checks of an adaptive pooling input, in its order: a tuple ``output_size``
    needs more input dims than it has entries (ValueError, from ``F``'s Python layer; the 1-d
    ops take ints only, TypeError), ``n + 1`` or ``n + 2`` dims, and no empty dim among
    ``checked`` (the spatial dims for the averages, all but the first for the maxima)."""
    if isinstance(output_size, (tuple, list)):
        if n == 1 and any(not isinstance(o, (int, np.integer)) for o in output_size):
            raise TypeError(f"{op}(): argument 'output_size' must be tuple of ints, not "
                            f"{output_size!r}")
        if n > 1 and len(shape) <= len(output_size):
            raise ValueError(f"{op}(): Input dimension should be at least "
                             f"{len(output_size) + 1}, got input of size {list(shape)}")
    elif not isinstance(output_size, (int, np.integer)):  # None alone too (None in a tuple
        # keeps that size in the 2-d and 3-d ops)
        raise TypeError(f"{op}(): argument 'output_size' must be an int or a tuple of ints, "
                        f"not {type(output_size).__name__}")
    if len(shape) not in (n + 1, n + 2):
        raise RuntimeError(f"{op}(): Expected {n + 1}D or {n + 2}D tensor, but got "
                           f"{list(shape)}")
    for k in checked:
        if shape[k] == 0:
            raise RuntimeError(f"{op}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but input has sizes {list(shape)} with dimension "
                               f"{k % len(shape)} being empty")


def adaptive_avg_pool2d(input: Tensor, output_size: Any) -> Tensor:
    """Mean over the windows that split the last two dims of an ``(N, C, H, W)`` or
    ``(C, H, W)`` input into ``output_size`` (int or pair; None keeps that size) parts."""
    shape = tuple(input.shape)
    adaptive_shape_check("adaptive_avg_pool2d", shape, output_size, 2, range(-2, 0))
    if isinstance(output_size, (int, np.integer)) or output_size is None:
        output_size = (output_size, output_size)
    if not isinstance(output_size, Sequence):
        raise TypeError(f"adaptive_avg_pool2d(): output_size must be an int or a pair, got "
                        f"{output_size!r}")
    if len(output_size) != 2:
        raise RuntimeError(f"adaptive_avg_pool2d(): output_size must be 2, got "
                           f"{list(output_size)}")
    out = tuple(n if o is None else int(o) for n, o in zip(shape[-2:], output_size))
    if min(out) < 0:  # a zero size gives an empty output, as in PyTorch
        raise RuntimeError(f"adaptive_avg_pool2d(): elements of output_size must be greater "
                           f"than or equal to 0, got {list(output_size)} (input shape "
                           f"{list(shape)})")
    if input._data.dtype.kind not in "fV":  # PyTorch: NotImplementedError "... for 'Long'"
        raise NotImplementedError(f"adaptive_avg_pool2d(): expected a floating-point input, "
                                  f"got {input.dtype} (shape {list(shape)})")
    (h, w), (oh, ow) = shape[-2:], out
    # equal windows: plain avg pooling (not for an empty batch or channels, which its checks
    # refuse and the matrices handle)
    if oh and ow and h % oh == 0 and w % ow == 0 and input.numel():
        k = (h // oh, w // ow)
        return avg_pool2d(input, k, k)
    xp, dt = input.device.backend, input._data.dtype
    return AdaptiveAvg.apply(input, ah=_adaptive_matrix(xp, h, oh, dt),
                             aw=_adaptive_matrix(xp, w, ow, dt))
