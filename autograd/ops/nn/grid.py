"""Spatial transformers: affine_grid (2-D and 3-D) and grid_sample (bilinear, nearest or
bicubic; zeros, border or reflection padding) on 4-D ``(N, C, H, W)`` and 5-D
``(N, C, D, H, W)`` inputs, as PyTorch's ``GridSampler``.

grid_sample is a composition: the grid's normalised coordinates are unnormalised (PyTorch's
rule for each ``align_corners``), clipped or reflected into the input for border and reflection
padding (with PyTorch's gradients: 0 on and beyond a clipped edge, the sign of the reflection
inside), and the input is gathered at the corners around each point with the interpolation
weights (functions of the grid, so the grid gets its gradient too) and a mask for corners
outside the input (zeros padding). The input's gradient is the gather's scatter-add. Both
gradients and their higher orders come from the ops composed.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import as_bool, check_float, int_tuple
from autograd.creation import as_tensor
from autograd.dtypes import int64
from autograd.ops.elementwise.select import where

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["affine_grid", "grid_sample"]

_DEFAULT_WARNING = ("Default grid_sample and affine_grid behavior has changed to "
                    "align_corners=False since 1.3.0. Please specify align_corners=True if the "
                    "old behavior is desired. See the documentation of grid_sample for details.")


def _base(n: int, align_corners: bool) -> np.ndarray:
    """The n normalised pixel-centre coordinates in [-1, 1]."""
    if n <= 1:
        return np.zeros(max(n, 0))
    line = np.linspace(-1.0, 1.0, n)
    return line if align_corners else line * (n - 1) / n


def affine_grid(theta: Tensor, size: Any, align_corners: bool | None = None) -> Tensor:
    """The sampling grid of the affine maps ``theta`` (``(N, 2, 3)`` for a 2-D ``size``
    ``(N, C, H, W)``, ``(N, 3, 4)`` for ``(N, C, D, H, W)``): ``(N, H, W, 2)`` or
    ``(N, D, H, W, 3)`` normalised coordinates."""
    if align_corners is None:
        warnings.warn(_DEFAULT_WARNING, UserWarning, stacklevel=2)
        align_corners = False
    elif align_corners.__class__ is not bool:
        align_corners = as_bool(align_corners, "affine_grid", "align_corners")
    if theta.dtype.kind not in "fV":
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    if len(size) not in (4, 5):  # before the sizes' types, as PyTorch
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D "
                                  f"affine transforms, respectively. Got size {size}.")
    size = list(int_tuple(tuple(size), "affine_grid", "size"))
    if len(size) == 4:
        if theta.ndim != 3 or tuple(theta.shape[-2:]) != (2, 3):
            raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size "
                             f"{size}. Got {list(theta.shape)}.")
        spatial = size[2:]
    elif len(size) == 5:
        if theta.ndim != 3 or tuple(theta.shape[-2:]) != (3, 4):
            raise ValueError(f"Expected a batch of 3D affine matrices of shape Nx3x4 for size "
                             f"{size}. Got {list(theta.shape)}.")
        spatial = size[2:]
    else:
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D "
                                  f"affine transforms, respectively. Got size {size}.")
    if min(spatial) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    if theta.shape[0] != size[0]:  # PyTorch's batched matmul refuses it: RuntimeError
        raise RuntimeError(f"Expected theta's batch size {theta.shape[0]} to equal the size's "
                         f"{size[0]} (theta {list(theta.shape)}, size {size})")
    # base[..., :] = (x, y[, z], 1) with x along the last dim, as PyTorch
    axes = [_base(s, align_corners) for s in reversed(spatial)]
    mesh = list(np.meshgrid(*axes[::-1], indexing="ij"))[::-1]
    base = np.stack(mesh + [np.ones(spatial)], -1).reshape(-1, len(spatial) + 1)
    base_t = as_tensor(base.astype(theta.dtype), device=theta.device)
    grid = base_t.unsqueeze(0) @ theta.mT  # (N, prod(spatial), k)
    return grid.reshape([size[0]] + spatial + [len(spatial)])


def _raw(fn: str, t: Tensor) -> Tensor:
    """``xp.<fn>`` of ``t``'s values, a constant on ``t``'s device (integer positions)."""
    return as_tensor(getattr(t.device.backend, fn)(t._data), device=t.device)


def _unnormalize(coord: Tensor, size: int, align_corners: bool) -> Tensor:
    if align_corners:
        return (coord + 1) * ((size - 1) / 2)
    return ((coord + 1) * size - 1) / 2


def _clip(coord: Tensor, size: int) -> Tensor:
    """``coord`` clipped to ``[0, size - 1]``; its gradient 1 strictly inside, else 0."""
    inside = ((coord > 0) & (coord < size - 1)).detach()
    return where(inside, coord, coord.detach().clamp(0, size - 1))


def _reflect(coord: Tensor, twice_low: int, twice_high: int) -> Tensor:
    """``coord`` reflected off ``twice_low / 2`` and ``twice_high / 2`` until it lies between
    them; its gradient is the sign of the reflection (an even or odd number of flips)."""
    if twice_low == twice_high:
        return coord * 0
    low, span = twice_low / 2, (twice_high - twice_low) / 2
    shifted = coord - low
    # |shifted| with gradient 1 at 0, in the coordinate's dtype
    dist = where((shifted < 0).detach(), -shifted, shifted)
    flips = (dist.detach() / span).floor()
    extra = dist - flips * span  # fmod(dist, span)
    even = (flips.remainder(2) == 0).detach()
    return where(even, extra + low, span - extra + low)


def _pad_coord(coord: Tensor, size: int, padding_mode: str, align_corners: bool) -> Tensor:
    """An unnormalised coordinate brought inside the input by ``padding_mode``."""
    if padding_mode == "border":
        return _clip(coord, size)
    if padding_mode == "reflection":
        if align_corners:
            coord = _reflect(coord, 0, 2 * (size - 1))
        else:
            coord = _reflect(coord, -1, 2 * size - 1)
        return _clip(coord, size)
    return coord


def _cubic_weights(t: Tensor) -> list:
    """The four cubic-convolution weights (A = -0.75) of taps at -1, 0, 1, 2 for a point at
    fraction ``t`` past tap 0, as PyTorch's bicubic kernels."""
    a = -0.75

    def near(x: Tensor) -> Tensor:  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x: Tensor) -> Tensor:  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    return [far(t + 1), near(t), near(1 - t), far(2 - t)]


def grid_sample(input: Tensor, grid: Tensor, mode: str = "bilinear",
                padding_mode: str = "zeros", align_corners: bool | None = None) -> Tensor:
    """Sample ``input`` ``(N, C, H, W)`` (or ``(N, C, D, H, W)``) at the normalised points
    ``grid`` ``(N, Ho, Wo, 2)`` (or ``(N, Do, Ho, Wo, 3)``; x, y[, z], -1 and 1 the edges):
    output ``(N, C, Ho, Wo)`` (or ``(N, C, Do, Ho, Wo)``). ``mode`` ``'bilinear'`` (trilinear
    on 5-D inputs), ``'nearest'`` or ``'bicubic'`` (4-D only); ``padding_mode`` ``'zeros'``,
    ``'border'`` or ``'reflection'``."""
    check_float("grid_sample", input)  # no integer or bool kernels in PyTorch
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', "
                         f"'nearest' or 'bicubic', but got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(f"nn.functional.grid_sample(): expected padding_mode to be 'zeros', "
                         f"'border', or 'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_DEFAULT_WARNING, UserWarning, stacklevel=2)
        align_corners = False
    elif align_corners.__class__ is not bool:
        align_corners = as_bool(align_corners, "grid_sampler", "align_corners")
    if input.ndim not in (4, 5) or grid.ndim != input.ndim:
        # PyTorch compares the batch sizes first: IndexError for a 0-d one
        raise (IndexError if 0 in (input.ndim, grid.ndim) else RuntimeError)(
            f"grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, "
            f"but got input with sizes {list(input.shape)} and grid with sizes "
            f"{list(grid.shape)}")
    k = input.ndim - 2
    if grid.shape[0] != input.shape[0] or grid.shape[-1] != k:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {k} in last dimension "
                           f"and the same batch size as input, but got input with sizes "
                           f"{list(input.shape)} and grid with sizes {list(grid.shape)}")
    if grid.dtype != input.dtype:
        raise RuntimeError(f"grid_sampler(): expected input and grid to have same dtype, but "
                           f"input has {input.dtype} and grid has {grid.dtype}")
    if mode == "bicubic" and k != 2:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    n, c = input.shape[:2]
    sizes = tuple(input.shape[2:])[::-1]  # (W, H[, D]): the order of the grid's coordinates
    out_spatial = tuple(grid.shape[1:-1])
    points = int(np.prod(out_spatial))
    strides = [int(np.prod(sizes[:i])) for i in range(k)]  # of x, y[, z] in the flat plane
    flat = input.reshape(n, c, -1)
    coords = [_unnormalize(grid[..., i], sizes[i], align_corners) for i in range(k)]

    def tap(at: list) -> Tensor:
        # input at the integer positions ``at`` (one per coordinate), 0 outside the input
        inside = None
        pos = None
        for i, q in enumerate(at):
            ok = (q >= 0) & (q <= sizes[i] - 1)
            inside = ok if inside is None else inside & ok
            term = q.clamp(0, sizes[i] - 1) * strides[i]
            pos = term if pos is None else pos + term
        pos = pos.to(int64).reshape(n, 1, points).expand(n, c, points)
        got = flat.gather(2, pos).reshape((n, c) + out_spatial)
        return where(inside.detach().unsqueeze(1), got, 0.0)

    if mode == "bicubic":
        # taps at floor - 1 .. floor + 2 of the unpadded point, each brought inside by the
        # padding rule on its own (a constant position), weighted by the fraction's cubic
        base = [q.detach().floor() for q in coords]
        weights = [_cubic_weights(q - b) for q, b in zip(coords, base)]
        out = None
        for j in range(4):
            row = None
            y = _pad_coord(base[1] + (j - 1), sizes[1], padding_mode, align_corners)
            for i in range(4):
                x = _pad_coord(base[0] + (i - 1), sizes[0], padding_mode, align_corners)
                term = tap([x.trunc(), y.trunc()]) * weights[0][i].unsqueeze(1)
                row = term if row is None else row + term
            term = row * weights[1][j].unsqueeze(1)
            out = term if out is None else out + term
        return out
    coords = [_pad_coord(q, s, padding_mode, align_corners) for q, s in zip(coords, sizes)]
    if mode == "nearest":
        # round half to even, as PyTorch's nearbyint; the grid's gradient is zero
        out = tap([_raw("rint", q) for q in coords])
        unused = grid.sum(-1).unsqueeze(1)
        return where(as_tensor(np.ones((), dtype=bool), device=out.device), out, unused)
    low = [_raw("floor", q) for q in coords]
    frac = [q - b for q, b in zip(coords, low)]  # the weight of the upper corner, per axis
    out = None
    for corner in range(2 ** k):
        upper = [(corner >> i) & 1 for i in range(k)]
        weight = None
        for i in range(k):
            w = frac[i] if upper[i] else 1 - frac[i]
            weight = w if weight is None else weight * w
        term = tap([b + u for b, u in zip(low, upper)]) * weight.unsqueeze(1)
        out = term if out is None else out + term
    return out
