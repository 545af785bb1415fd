"""Resampling: interpolate (nearest, nearest-exact, linear, bilinear, bicubic, trilinear, area;
antialiased bilinear, bicubic and lanczos), pixel_shuffle, pixel_unshuffle, channel_shuffle.

Interpolation is separable: along each spatial dim the output is a fixed linear map of the
input, ``y[j] = sum_t w[j, t] x[idx[j, t]]`` with 1 (nearest), 2 (linear) or 4 (cubic) taps.
Each dim is one ``index_select`` of all taps and a weighted sum, so the work is linear in the
output size and the gradient (an index_add of the weighted gradient) and every higher order
come from those ops. The source coordinates follow PyTorch's rules exactly (half-pixel
centres unless ``align_corners``; a given ``scale_factor`` is used as is unless
``recompute_scale_factor``; nearest in single precision, as PyTorch computes it), so the
values match PyTorch's.

``antialias=True`` (4-D input) follows PyTorch's ``_upsample_*2d_aa``: along each dim the
output pixel ``i`` is centred at ``c = s (i + 1/2)`` in the input (``s`` the input step per
output step, ``(n_in - 1) / (n_out - 1)`` with ``align_corners``), and takes the input pixels
``j`` with ``|j + 1/2 - c| < support`` at the weights ``filter((j + 1/2 - c) / max(s, 1))``,
normalised to sum to 1. The filter (a triangle for bilinear, Keys' cubic with ``a = -0.5`` for
bicubic, Lanczos-3 for lanczos) is widened by ``s`` when downsampling (``support = filter
support * s``), which is what removes the aliasing. The weights form a dense ``(n_out, n_in)``
matrix per dim, built on the host once per call; the two passes are matmuls on the backend's
arrays, so the gradient is the transposed matmul at every order. A dim whose size does not
change is left as is, as PyTorch does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import as_bool, refuse_bool
from autograd.creation import as_tensor
from autograd.ops.nn.pool import adaptive_avg_pool2d
from autograd.ops.nn.pool_ext import adaptive_avg_pool1d, adaptive_avg_pool3d

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["interpolate", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle"]

_MODES = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact")
_DIMS = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}
_CUBIC_A = -0.75
_AA_MODES = ("bilinear", "bicubic", "lanczos")


def _scale(n_in: int, n_out: int, align_corners: bool, scale: float | None) -> float:
    """PyTorch's area_pixel_compute_scale: the input step per output step."""
    if align_corners:
        return (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
    return 1.0 / scale if scale is not None and scale > 0 else n_in / n_out


def _nearest(n_in: int, n_out: int, scale: float | None, exact: bool) -> tuple:
    if n_out == n_in and not exact:
        return np.arange(n_out)[:, None], np.ones((n_out, 1))
    s = np.float32(1.0 / scale if scale is not None and scale > 0 else n_in / n_out)
    j = np.arange(n_out, dtype=np.float32)
    src = np.floor(((j + np.float32(0.5)) if exact else j) * s).astype(np.int64)
    return np.minimum(src, n_in - 1)[:, None], np.ones((n_out, 1))


def _linear(n_in: int, n_out: int, align_corners: bool, scale: float | None,
            dtype: Any) -> tuple:
    s = _scale(n_in, n_out, align_corners, scale)
    j = np.arange(n_out, dtype=dtype)
    src = j * dtype.type(s) if align_corners else np.maximum(
        (j + dtype.type(0.5)) * dtype.type(s) - dtype.type(0.5), 0)
    i0 = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    i1 = np.minimum(i0 + 1, n_in - 1)
    lam = src - i0
    return np.stack([i0, i1], 1), np.stack([1 - lam, lam], 1)


def _cubic(n_in: int, n_out: int, align_corners: bool, scale: float | None,
           dtype: Any) -> tuple:
    s = _scale(n_in, n_out, align_corners, scale)
    j = np.arange(n_out, dtype=dtype)
    src = j * dtype.type(s) if align_corners else (j + dtype.type(0.5)) * dtype.type(
        s) - dtype.type(0.5)
    i = np.floor(src).astype(np.int64)
    t = src - i
    a = _CUBIC_A

    def near(x):  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    weights = np.stack([far(t + 1), near(t), near(1 - t), far(2 - t)], 1)
    idx = np.clip(i[:, None] + np.arange(-1, 3)[None, :], 0, n_in - 1)
    return idx, weights


def _aa_filter(mode: str, x: np.ndarray) -> np.ndarray:
    """PyTorch's antialiasing filters at offsets ``x`` (in filter units)."""
    x = np.abs(x)
    if mode == "bilinear":
        return np.where(x < 1, 1 - x, 0.0)
    if mode == "bicubic":  # Keys' cubic convolution, a = -0.5
        a = -0.5
        return np.where(x < 1, ((a + 2) * x - (a + 3)) * x * x + 1,
                        np.where(x < 2, ((a * x - 5 * a) * x + 8 * a) * x - 4 * a, 0.0))
    return np.where(x < 3, np.sinc(x) * np.sinc(x / 3), 0.0)  # lanczos, a = 3


def _aa_weights(n_in: int, n_out: int, align_corners: bool, scale: float | None,
                mode: str) -> np.ndarray:
    """The ``(n_out, n_in)`` matrix of the antialiased resampling along one dim (float64)."""
    s = _scale(n_in, n_out, align_corners, scale)
    half = {"bilinear": 1.0, "bicubic": 2.0, "lanczos": 3.0}[mode]  # the filter's support
    support = half * s if s >= 1.0 else half
    invscale = 1.0 / s if s >= 1.0 else 1.0
    center = s * (np.arange(n_out, dtype=np.float64) + 0.5)
    # C++ casts truncate towards zero; a taps count beyond 2 ceil(support) + 1 is rounding
    lo = np.maximum(np.trunc(center - support + 0.5), 0).astype(np.int64)
    hi = np.minimum(np.trunc(center + support + 0.5).astype(np.int64), n_in)
    hi = np.minimum(hi, lo + 2 * math.ceil(support) + 1)
    j = np.arange(n_in)[None, :]
    inside = (j >= lo[:, None]) & (j < hi[:, None])
    w = np.where(inside, _aa_filter(mode, (j - center[:, None] + 0.5) * invscale), 0.0)
    total = w.sum(1, keepdims=True)
    return np.divide(w, total, out=np.zeros_like(w), where=total != 0)


def _interpolate_aa(input: Tensor, sizes: list[int], scales: list[float | None],
                    mode: str, align_corners: bool) -> Tensor:
    """Antialiased resampling of the last two dims: one matmul per dim that changes size."""
    out = input
    h_in, w_in = input.shape[-2:]
    if sizes[1] != w_in:
        ww = _aa_weights(w_in, sizes[1], align_corners, scales[1], mode)
        out = out @ as_tensor(np.ascontiguousarray(ww.T).astype(input.dtype),
                              device=input.device)
    if sizes[0] != h_in:
        wh = _aa_weights(h_in, sizes[0], align_corners, scales[0], mode)
        out = as_tensor(wh.astype(input.dtype), device=input.device) @ out
    return out


def _resample_dim(x: Tensor, axis: int, idx: np.ndarray, weights: np.ndarray) -> Tensor:
    """``y[..., j, ...] = sum_t weights[j, t] x[..., idx[j, t], ...]`` along ``axis`` (< 0)."""
    out, taps = idx.shape
    flat = as_tensor(idx.reshape(-1), device=x.device)
    g = x.index_select(axis, flat)
    if taps == 1:
        return g
    shape = list(g.shape)
    pos = len(shape) + axis
    g = g.reshape(shape[:pos] + [out, taps] + shape[pos + 1:])
    w = as_tensor(weights.astype(x.dtype).reshape((out, taps) + (1,) * (-axis - 1)),
                  device=x.device)
    return (g * w).sum(pos + 1)


def _sizes(input: Tensor, n: int, size: Any, scale_factor: Any,
           recompute: bool | None) -> tuple[list[int], list[float | None]]:
    spatial = list(input.shape[-n:]) if n > 0 else []
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if not isinstance(size, (int, np.integer, tuple, list)) or (
                isinstance(size, (tuple, list)) and
                not all(isinstance(s, (int, np.integer)) for s in size)):
            raise TypeError(f"interpolate: expected size to be an int or a tuple of ints, but "
                            f"got size={size!r}")
        sizes = [int(size)] * max(n, 0) if isinstance(size, (int, np.integer)) else list(size)
        if len(sizes) != max(n, 0):
            raise ValueError(f"Input and output must have the same number of spatial "
                             f"dimensions, but got input with spatial dimensions of {spatial} "
                             f"and output size of {tuple(sizes)}. Please provide input tensor "
                             "in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, "
                             "...,oK) format.")
        return [int(s) for s in sizes], [None] * n
    if scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    factors = scale_factor if isinstance(scale_factor, Sequence) else (scale_factor,)
    if isinstance(scale_factor, str) or not all(
            isinstance(f, (int, float, np.integer, np.floating)) for f in factors):
        raise TypeError(f"interpolate: expected scale_factor to be a number or a tuple of "
                        f"numbers, but got scale_factor={scale_factor!r}")
    scales = [float(scale_factor)] * max(n, 0) if not isinstance(scale_factor, Sequence) else [
        float(s) for s in scale_factor]
    if len(scales) != max(n, 0):
        raise ValueError(f"Input and scale_factor must have the same number of spatial "
                         f"dimensions, but got input with spatial dimensions of {spatial} and "
                         f"scale_factor of shape {tuple(scales)}. Please provide input tensor "
                         "in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, "
                         "...,sK) format.")
    sizes = [int(math.floor(s * f)) for s, f in zip(spatial, scales)]
    return sizes, [None] * n if recompute else scales


def interpolate(input: Tensor, size: Any = None, scale_factor: Any = None,
                mode: str = "nearest", align_corners: bool | None = None,
                recompute_scale_factor: bool | None = None, antialias: bool = False) -> Tensor:
    """Resize the spatial dims of ``(N, C, *spatial)`` input to ``size`` or by
    ``scale_factor`` (``torch.nn.functional.interpolate``): ``nearest``, ``nearest-exact``,
    ``linear`` (3-D input), ``bilinear`` / ``bicubic`` (4-D), ``trilinear`` (5-D) or
    ``area`` (adaptive average pooling). ``antialias=True`` (``bilinear``, ``bicubic`` or
    ``lanczos``, 4-D float32/float64 input) widens the interpolation filter by the scale when
    downsampling, as PyTorch's antialiased kernels do."""
    refuse_bool("interpolate", input)
    nd = input.ndim
    # PyTorch's order: align_corners, then size / scale_factor (ValueError), then the modes
    if align_corners is not None:
        align_corners = as_bool(align_corners, "interpolate", "align_corners")
    if mode in ("nearest", "area", "nearest-exact") and align_corners is not None:
        raise ValueError("align_corners option can only be set with the interpolating "
                         "modes: linear | bilinear | bicubic | trilinear")
    n = nd - 2  # 0 or less for a 0-d to 2-D input: only an int size passes to the mode check
    sizes, scales = _sizes(input, n, size, scale_factor, recompute_scale_factor)
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if antialias and not (mode in _AA_MODES and nd == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos "
                         "modes and requires a 4-D tensor as input")
    if mode == "lanczos" and nd == 4:
        if align_corners:
            raise ValueError("Lanczos mode does not support align_corners=True")
        if not antialias:
            raise ValueError("Lanczos mode requires antialias=True")
    elif mode not in _MODES or nd not in (3, 4, 5):
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got "
                                  f"{nd}D) for the modes: nearest | linear | bilinear | bicubic | "
                                  f"trilinear | lanczos | area | nearest-exact (got {mode})")
    if mode not in ("nearest", "area", "nearest-exact", "lanczos") and n != _DIMS[mode]:
        raise NotImplementedError(f"Got {nd}D input, but {mode} mode needs "
                                  f"{_DIMS[mode] + 2}D input")
    if antialias:
        if any(s <= 0 for s in sizes) or 0 in input.shape[-2:]:
            raise RuntimeError(f"interpolate: Input and output sizes should be greater than 0, "
                               f"but got input (H: {input.shape[-2]}, W: {input.shape[-1]}) "
                               f"output (H: {sizes[0]}, W: {sizes[1]})")
        if 0 in input.shape[1:]:
            raise RuntimeError(f"interpolate: Non-empty 4D data tensor expected but got a "
                               f"tensor with sizes {list(input.shape)}")
        if input.dtype not in (np.float32, np.float64):
            raise NotImplementedError(f"interpolate: antialias=True ({mode}) is not implemented "
                                      f"for {input.dtype}")
        return _interpolate_aa(input, sizes, scales, mode, bool(align_corners))
    if input.dtype.kind not in "fV" and mode != "nearest":
        raise RuntimeError(f"interpolate: \"{mode}\" is not implemented for {input.dtype}")
    if any(s <= 0 for s in sizes) or (mode != "area" and 0 in input.shape[-n:]):
        raise RuntimeError(f"interpolate: Input and output sizes should be greater than 0, but "
                           f"got input {list(input.shape[-n:])} and output {sizes}")
    if mode != "area" and 0 in input.shape[1:]:  # an empty batch is fine, empty channels not
        raise RuntimeError(f"interpolate: Non-empty {nd}D data tensor expected but got a tensor "
                           f"with sizes {list(input.shape)}")
    if mode == "area":
        pool = (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[n - 1]
        return pool(input, sizes)
    corners = bool(align_corners)
    dt = np.dtype(input.dtype) if input.dtype.kind in "fV" else np.dtype(np.float32)
    out = input
    for k in range(n):
        axis = k - n
        n_in, n_out = input.shape[axis], sizes[k]
        if mode in ("nearest", "nearest-exact"):
            idx, w = _nearest(n_in, n_out, scales[k], mode == "nearest-exact")
        elif mode == "bicubic":
            idx, w = _cubic(n_in, n_out, corners, scales[k], dt)
        else:
            idx, w = _linear(n_in, n_out, corners, scales[k], dt)
        out = _resample_dim(out, axis, idx, w)
    return out


def _check_shuffle(op: str, input: Tensor, factor: int, name: str) -> None:
    if input.ndim < 3:
        raise RuntimeError(f"{op} expects input to have at least 3 dimensions, but got input "
                           f"with {input.ndim} dimension(s)")
    if not isinstance(factor, int) or isinstance(factor, bool):
        raise TypeError(f"{op}(): argument '{name}' (position 2) must be int, not "
                        f"{type(factor).__name__}")
    if factor <= 0:
        raise RuntimeError(f"{op} expects a positive {name}, but got {factor}")


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """``(*, C r^2, H, W) -> (*, C, H r, W r)``: sub-pixel rearrangement."""
    _check_shuffle("pixel_shuffle", input, upscale_factor, "upscale_factor")
    r = upscale_factor
    *lead, c, h, w = input.shape
    if c % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be "
                           f"divisible by the square of upscale_factor, but input.size(-3)={c} "
                           f"is not divisible by {r * r}")
    k = len(lead)
    x = input.reshape(tuple(lead) + (c // (r * r), r, r, h, w))
    x = x.permute(*range(k), k, k + 3, k + 1, k + 4, k + 2)
    return x.reshape(tuple(lead) + (c // (r * r), h * r, w * r))


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """``(*, C, H r, W r) -> (*, C r^2, H, W)``: the inverse of ``pixel_shuffle``."""
    _check_shuffle("pixel_unshuffle", input, downscale_factor, "downscale_factor")
    r = downscale_factor
    *lead, c, h, w = input.shape
    if h % r or w % r:
        which, size = ("height", h) if h % r else ("width", w)
        raise RuntimeError(f"pixel_unshuffle expects {which} to be divisible by "
                           f"downscale_factor, but input.size({-2 if which == 'height' else -1})"
                           f"={size} is not divisible by {r}")
    k = len(lead)
    x = input.reshape(tuple(lead) + (c, h // r, r, w // r, r))
    x = x.permute(*range(k), k, k + 2, k + 4, k + 1, k + 3)
    return x.reshape(tuple(lead) + (c * r * r, h // r, w // r))


def channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """Interleave the channels (dim 1) of ``groups`` groups: ``(N, g, C/g, *) -> (N, C/g, g,
    *)`` flattened back (``torch.nn.functional.channel_shuffle``)."""
    if input.ndim < 3:
        raise RuntimeError(f"channel_shuffle expects input to have at least 3 dimensions, but "
                           f"got input with sizes {list(input.shape)}")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of "
                           f"groups:{groups}")
    n, c = input.shape[0], input.shape[1]
    if c % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {c} channels "
                           f"and {groups} groups.")
    rest = tuple(input.shape[2:])
    x = input.reshape((n, groups, c // groups) + rest).transpose(1, 2)
    return x.reshape((n, c) + rest)
