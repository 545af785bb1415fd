"""``torch.linalg``'s norms and least squares: vector_norm, matrix_norm, norm, cond, lstsq.

Compositions: the vector norm is the reduction family's ``VectorNorm`` Function (its
subgradient choices are PyTorch's), the spectral and nuclear norms the singular values of
``svdvals``, the least-squares solution ``pinv(A) @ B``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

from autograd import dtypes as _dt
from autograd.creation import zeros
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to
from autograd.ops.linalg.decomp import check_matrix, inv
from autograd.ops.linalg.matmul import matmul
from autograd.ops.linalg.spectral import matrix_rank, pinv, svdvals
from autograd.ops.reduction.basic import _axes
from autograd.ops.reduction.norm import MATRIX_NORM, VectorNorm

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__: list[str] = []  # torch.norm is the reduction family's; these live in ag.linalg

_inf = math.inf


class LstsqResult(NamedTuple):
    """``lstsq``'s result: ``(solution, residuals, rank, singular_values)``."""

    solution: Tensor
    residuals: Tensor
    rank: Tensor
    singular_values: Tensor


def _floating(op: str, x: Any, dtype: Any) -> Tensor:
    if not isinstance(x, TensorBase):
        raise TypeError(f"{op}(): argument 'input' must be Tensor, not {type(x).__name__}")
    if dtype is not None:
        x = to(x, dtype)
    if x._data.dtype.kind not in "fV":
        raise RuntimeError(f"{op}: Expected a floating point or complex tensor as input. Got "
                           f"{x.dtype} (shape {list(x.shape)})")
    return x


def vector_norm(x: Tensor, ord: Any = 2, dim: Any = None, keepdim: bool = False, *,
                dtype: Any = None) -> Tensor:
    """The vector ``ord``-norm of ``x`` over ``dim`` (all elements by default), treating the
    elements as one vector (``torch.linalg.vector_norm``): any real ord, inf, -inf, 0."""
    x = _floating("linalg.vector_norm", x, dtype)
    if isinstance(ord, str):
        raise TypeError(f"linalg.vector_norm: ord must be a number, got {ord!r}")
    ord = float(ord)
    axes = _axes(dim, x.ndim, "linalg.vector_norm")
    if x._data.size == 0 and ord < 0 or (x._data.size == 0 and ord == _inf):
        raise RuntimeError(f"linalg.vector_norm cannot compute the {ord} norm on an empty "
                           f"tensor because the operation does not have an identity (shape "
                           f"{list(x.shape)})")
    return VectorNorm.apply(x, ord, axes, keepdim)


def _matrix_dims(op: str, A: Tensor, dim: Any) -> tuple[int, int]:
    if not (isinstance(dim, (tuple, list)) and len(dim) == 2):
        raise RuntimeError(f"{op}: dim must be a 2-tuple. Got {dim}")
    if A.ndim < 2:
        raise RuntimeError(f"{op}: The input tensor A must have at least 2 dimensions.")
    d0, d1 = (int(d) for d in dim)
    for d in (d0, d1):
        if not -A.ndim <= d < A.ndim:
            raise IndexError(f"{op}: Dimension out of range (expected to be in range of "
                             f"[{-A.ndim}, {A.ndim - 1}], but got {d})")
    d0, d1 = d0 % A.ndim, d1 % A.ndim
    if d0 == d1:
        raise RuntimeError(f"{op}: dims must be different. Got ({d0}, {d1})")
    return d0, d1


def matrix_norm(A: Tensor, ord: Any = "fro", dim: Any = (-2, -1), keepdim: bool = False, *,
                dtype: Any = None) -> Tensor:
    """The matrix norm over the two dims ``dim`` (``torch.linalg.matrix_norm``): ``'fro'``,
    ``'nuc'`` (sum of singular values), 2 / -2 (largest / smallest singular value), 1 / -1
    (max / min column sum of |A|), inf / -inf (max / min row sum)."""
    op = "linalg.matrix_norm"
    A = _floating(op, A, dtype)
    d0, d1 = _matrix_dims(op, A, dim)
    if ord == "fro":
        return VectorNorm.apply(A, 2.0, (d0, d1), keepdim)
    if ord == "nuc" or ord in (2, -2):
        moved = A.movedim((d0, d1), (-2, -1))
        s = svdvals(moved)
        out = s.sum(-1) if ord == "nuc" else s.amax(-1) if ord == 2 else s.amin(-1)
        if keepdim:
            out = out.unsqueeze(min(d0, d1)).unsqueeze(max(d0, d1))
        return out
    if ord in (1, -1, _inf, -_inf):
        # 1: max over columns of the column sums; inf: max over rows of the row sums
        summed, reduced = (d0, d1) if ord in (1, -1) else (d1, d0)
        sums = A.abs().sum(summed, keepdim=True)
        out = sums.amax(reduced, keepdim=True) if ord > 0 else sums.amin(reduced, keepdim=True)
        return out if keepdim else out.squeeze((d0, d1))
    raise RuntimeError(f"{op}: Order {ord} not supported.")


MATRIX_NORM[:] = [matrix_norm]


def norm(A: Tensor, ord: Any = None, dim: Any = None, keepdim: bool = False, *,
         dtype: Any = None) -> Tensor:
    """``torch.linalg.norm``: a vector norm for one dim (or a 1-D input), a matrix norm for
    two dims (or a 2-D input with ``ord``), the 2-norm of all elements by default."""
    A = _floating("linalg.norm", A, dtype)
    if dim is not None:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        if len(dims) == 2:
            return matrix_norm(A, "fro" if ord is None else ord, dims, keepdim)
        return vector_norm(A, 2 if ord is None else ord, dims, keepdim)
    if ord is None:
        return vector_norm(A, 2, None, keepdim)
    if A.ndim == 2:
        return matrix_norm(A, ord, (-2, -1), keepdim)
    if A.ndim == 1:
        return vector_norm(A, ord, None, keepdim)
    raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be "
                       f"1D or 2D. Got {A.ndim}D.")


def cond(A: Tensor, p: Any = None) -> Tensor:
    """The condition number ``norm(A, p) * norm(inv(A), p)`` (``torch.linalg.cond``); the
    ratio of the extreme singular values for p None, 2 or -2."""
    A = check_matrix("linalg.cond", A, square=p not in (None, 2, -2))
    if p in (None, 2, -2):
        s = svdvals(A)
        return s[..., 0] / s[..., -1] if p != -2 else s[..., -1] / s[..., 0]
    return matrix_norm(A, p) * matrix_norm(inv(A), p)


def lstsq(A: Tensor, B: Tensor, rcond: float | None = None, *,
          driver: str | None = None) -> LstsqResult:
    """The least-squares solution of ``A X = B`` (``torch.linalg.lstsq``), as the minimum-norm
    solution ``pinv(A) @ B``; residuals, rank and singular values are filled in for the
    drivers PyTorch fills them for (default ``'gelsy'``: the rank only)."""
    A = check_matrix("linalg.lstsq", A, square=False)
    if not isinstance(B, TensorBase):
        raise TypeError(f"linalg.lstsq(): argument 'B' must be Tensor, not {type(B).__name__}")
    driver = driver or "gelsy"
    if driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError(f"torch.linalg.lstsq: parameter `driver` should be one of (gels, "
                           f"gelsy, gelsd, gelss), got {driver}")
    vector = B.ndim == A.ndim - 1
    Bm = B.unsqueeze(-1) if vector else B
    if Bm.shape[-2] != A.shape[-2]:
        raise RuntimeError(f"torch.linalg.lstsq: input.size(-2) should match other.size(-2) "
                           f"(A of shape {list(A.shape)}, B of shape {list(B.shape)})")
    if Bm.dtype != A.dtype:
        Bm = to(Bm, _dt.promote_types(A.dtype, Bm.dtype))
    m, n = A.shape[-2], A.shape[-1]
    rtol = rcond if rcond is not None and rcond > 0 else None
    X = matmul(pinv(A, rtol=rtol), Bm)
    empty = zeros(0, dtype=A.dtype, device=A.device)
    rank = matrix_rank(A, rtol=rtol) if driver != "gels" else zeros(
        0, dtype=_dt.int64, device=A.device)
    sv = svdvals(A) if driver in ("gelsd", "gelss") else empty
    residuals = empty
    if m > n and bool((matrix_rank(A) == n).all()):
        r = matmul(A, X) - Bm
        residuals = (r * r).sum(-2)
        if vector:
            residuals = residuals.squeeze(-1)
    if driver == "gelsy":
        residuals = empty
    return LstsqResult(X.squeeze(-1) if vector else X, residuals, rank, sv)
