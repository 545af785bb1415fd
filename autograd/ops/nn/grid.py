"""Spatial transformers: affine_grid and grid_sample (bilinear or nearest; zeros or border
padding), on 4-D ``(N, C, H, W)`` inputs; affine_grid also builds 5-D grids.

grid_sample is a composition: the grid's normalised coordinates are unnormalised (PyTorch's
rule for each ``align_corners``), clipped for border padding, and the input is gathered at
the four corners around each point with the bilinear weights (functions of the grid, so the
grid gets its gradient too) and a mask for corners outside the input (zeros padding). The
input's gradient is the gather's scatter-add. Both gradients and their higher orders come
from the ops composed.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import check_float
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
    if theta.dtype.kind not in "fV":
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    size = [int(s) for s in size]
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
    if theta.shape[0] != size[0]:
        raise ValueError(f"Expected theta's batch size {theta.shape[0]} to equal the size's "
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


def grid_sample(input: Tensor, grid: Tensor, mode: str = "bilinear",
                padding_mode: str = "zeros", align_corners: bool | None = None) -> Tensor:
    """Sample ``input`` ``(N, C, H, W)`` at the normalised points ``grid`` ``(N, Ho, Wo, 2)``
    (x then y, -1 and 1 the edges): output ``(N, C, Ho, Wo)``. ``mode`` ``'bilinear'`` or
    ``'nearest'``; ``padding_mode`` ``'zeros'`` or ``'border'`` (``'reflection'`` and
    ``'bicubic'`` and 5-D inputs are not supported here)."""
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
    if input.ndim != 4 or grid.ndim != 4:
        if input.ndim == 5:
            raise NotImplementedError("grid_sample: 5-D (volumetric) inputs are not supported")
        raise RuntimeError(f"grid_sampler(): expected 4D or 5D input and grid with same number "
                           f"of dimensions, but got input with sizes {list(input.shape)} and "
                           f"grid with sizes {list(grid.shape)}")
    if mode == "bicubic" or padding_mode == "reflection":
        raise NotImplementedError(f"grid_sample: mode={mode!r} with "
                                  f"padding_mode={padding_mode!r} is not supported")
    n, c, h, w = input.shape
    if grid.shape[0] != n or grid.shape[-1] != 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size 2 in last dimension "
                           f"and the same batch size as input, but got input with sizes "
                           f"{list(input.shape)} and grid with sizes {list(grid.shape)}")
    if grid.dtype != input.dtype:
        raise RuntimeError(f"grid_sampler(): expected input and grid to have same dtype, but "
                           f"input has {input.dtype} and grid has {grid.dtype}")
    ho, wo = grid.shape[1], grid.shape[2]
    ix = _unnormalize(grid[..., 0], w, align_corners)
    iy = _unnormalize(grid[..., 1], h, align_corners)
    if padding_mode == "border":  # clipped: no gradient to the grid where it is outside
        ix, iy = ix.clamp(0, w - 1), iy.clamp(0, h - 1)
    flat = input.reshape(n, c, h * w)

    def corner(yy: Tensor, xx: Tensor) -> Tensor:
        # input at integer (yy, xx), 0 outside (the indices are clamped, the values masked)
        inside = ((xx >= 0) & (xx <= w - 1) & (yy >= 0) & (yy <= h - 1)).detach()
        pos = (yy.clamp(0, h - 1) * w + xx.clamp(0, w - 1)).to(int64).reshape(n, 1, ho * wo)
        got = flat.gather(2, pos.expand(n, c, ho * wo)).reshape(n, c, ho, wo)
        return where(inside.unsqueeze(1), got, 0.0)

    if mode == "nearest":
        # round half to even, as PyTorch's nearbyint
        return corner(_raw("rint", iy), _raw("rint", ix))
    x0, y0 = _raw("floor", ix), _raw("floor", iy)
    wx1, wy1 = ix - x0, iy - y0
    wx0, wy0 = 1 - wx1, 1 - wy1
    out = (corner(y0, x0) * (wy0 * wx0).unsqueeze(1) + corner(y0, x0 + 1) * (
        wy0 * wx1).unsqueeze(1) + corner(y0 + 1, x0) * (wy1 * wx0).unsqueeze(1)
        + corner(y0 + 1, x0 + 1) * (wy1 * wx1).unsqueeze(1))
    return out
