"""Diagonals: diagonal (a view), diag_embed, diag, diagflat, trace, and the index lists
tril_indices and triu_indices.

``diagonal`` is a strided view (the two dims removed, the diagonal appended last, as PyTorch
and NumPy lay it out) and ``diag_embed`` writes a tensor's last dim onto such a diagonal of
zeros: each is the other's adjoint, so their backwards are each other and every order of
derivative follows. The rest are compositions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

import backends
from autograd import dtypes as _dt
from autograd.checks import as_int, refuse_bool
from autograd.engine.function import Function
from autograd.engine.tensor_base import make
from autograd.ops.elementwise.convert import clone
from autograd.ops.reduction.basic import sum
from autograd.ops.shape.slice import _dim
from autograd.ops.shape.view import reshape

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["diagonal", "diag_embed", "diag", "diagflat", "trace", "tril_indices",
           "triu_indices"]


def _strided_diagonal(xp: Any, x: Any, offset: int, a1: int, a2: int) -> Any:
    """The writable view of x's diagonal ``offset`` in dims (a1, a2), appended last."""
    n1, n2 = x.shape[a1], x.shape[a2]
    length = max(0, min(n1, n2 - offset) if offset >= 0 else min(n1 + offset, n2))
    others = [k for k in range(x.ndim) if k not in (a1, a2)]
    base = x
    if length:
        start = [slice(None)] * x.ndim
        start[a2 if offset >= 0 else a1] = slice(abs(offset), None)
        base = x[tuple(start)]
    shape = tuple(x.shape[k] for k in others) + (length,)
    strides = tuple(x.strides[k] for k in others) + (x.strides[a1] + x.strides[a2],)
    return xp.lib.stride_tricks.as_strided(base, shape, strides)


class Diagonal(Function):
    is_view = True

    @staticmethod
    def forward(ctx, x, offset, dim1, dim2):
        ctx.shape = x.shape
        ctx.geometry = (offset, dim1, dim2)
        return _strided_diagonal(ctx.xp, x, offset, dim1, dim2)

    @staticmethod
    def backward(ctx, gy):
        # the diagonal picks elements: its adjoint writes them back onto zeros
        return _embed(ctx.xp, gy, ctx.shape, *ctx.geometry), None, None, None


class DiagEmbed(Function):
    """Zeros of ``shape`` with ``x`` (its last dim) written on a diagonal."""

    @staticmethod
    def forward(ctx, x, shape, offset, dim1, dim2):
        ctx.geometry = (offset, dim1, dim2)
        out = ctx.xp.zeros(shape, dtype=x.dtype)
        _strided_diagonal(ctx.xp, out, offset, dim1, dim2)[...] = x
        return out

    @staticmethod
    def backward(ctx, gy):
        # the adjoint of writing onto a diagonal is reading it
        return _diagonal(ctx.xp, gy, *ctx.geometry), None, None, None, None


def _embed(xp: Any, g: Any, shape: tuple, offset: int, a1: int, a2: int) -> Any:
    if xp.differentiable:
        return DiagEmbed.apply(g, shape, offset, a1, a2)
    out = xp.zeros(shape, dtype=g.dtype)
    _strided_diagonal(xp, out, offset, a1, a2)[...] = g
    return out


def _diagonal(xp: Any, g: Any, offset: int, a1: int, a2: int) -> Any:
    if xp.differentiable:
        return Diagonal.apply(g, offset, a1, a2)
    return _strided_diagonal(xp, g, offset, a1, a2)


def _two_dims(op: str, ndim: int, dim1: int, dim2: int) -> tuple[int, int]:
    a1, a2 = _dim(dim1, ndim, op), _dim(dim2, ndim, op)
    if a1 == a2:
        raise RuntimeError(f"{op}: diagonal dimensions cannot be identical {dim1}, {dim2}")
    return a1, a2


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The view of the diagonal ``offset`` (above the main one when positive) of the matrices
    in dims ``dim1`` and ``dim2``; those dims are removed and the diagonal comes last."""
    a1, a2 = _two_dims("diagonal", input.ndim, dim1, dim2)
    if input.ndim < 2:  # dims in range of a 0-d or 1-D tensor, yet different: none exists
        raise IndexError(f"diagonal: expected a tensor with at least 2 dimensions, got shape "
                         f"{list(input.shape)}")
    return Diagonal.apply(input, as_int(offset, "diagonal", "offset"), a1, a2)


def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """A tensor whose diagonals (``offset``, in the new dims ``dim1`` and ``dim2``) hold
    input's last dim; zeros elsewhere."""
    # for a 0-d input the two new dims would be one: PyTorch's IndexError for a dim out of
    # range, else its RuntimeError for identical dims
    a1, a2 = _two_dims("diag_embed", input.ndim + 1, dim1, dim2)
    offset = as_int(offset, "diag_embed", "offset")
    n = input.shape[-1] + abs(offset)
    shape = list(input.shape[:-1])
    for a in sorted((a1, a2)):
        shape.insert(a, n)
    return DiagEmbed.apply(input, tuple(shape), offset, a1, a2)


def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    """A 1-D input as the diagonal ``diagonal`` of a square matrix, or a copy of the diagonal
    of a 2-D input."""
    if input.ndim == 1:
        return diag_embed(input, diagonal, 0, 1)
    if input.ndim == 2:
        return clone(Diagonal.apply(input, as_int(diagonal, "diag", "diagonal"), 0, 1))
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.ndim}D")


def diagflat(input: Tensor, offset: int = 0) -> Tensor:
    """The flattened input as the diagonal ``offset`` of a square matrix."""
    return diag_embed(reshape(input, (-1,)), offset, 0, 1)


def trace(input: Tensor) -> Tensor:
    """The sum of a matrix's main diagonal (integers sum to int64)."""
    refuse_bool("trace", input)
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    return sum(Diagonal.apply(input, 0, 0, 1))


def _indices(op: str, row: int, col: int, offset: int, dtype: Any, device: Any,
             lower: bool) -> Tensor:
    if row < 0 or col < 0:
        raise RuntimeError(f"{op}: row and col must be non-negative, got row={row}, col={col}")
    rows, cols = (np.tril_indices if lower else np.triu_indices)(row, offset, col)
    dev = backends.device(device)
    out = np.stack([rows, cols]).astype(_dt.as_dtype(dtype), copy=False)
    return make(dev.backend.from_numpy(out), dev, False, None, 0)


def tril_indices(row: int, col: int, offset: int = 0, *, dtype: Any = _dt.int64,
                 device: Any = None) -> Tensor:
    """The (2, N) coordinates of the lower triangle (j <= i + offset) of a row x col matrix,
    row by row."""
    return _indices("tril_indices", row, col, offset, dtype, device, True)


def triu_indices(row: int, col: int, offset: int = 0, *, dtype: Any = _dt.int64,
                 device: Any = None) -> Tensor:
    """The (2, N) coordinates of the upper triangle (j >= i + offset) of a row x col matrix,
    row by row."""
    return _indices("triu_indices", row, col, offset, dtype, device, False)
