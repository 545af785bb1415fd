"""``torch.linalg``'s norms and least squares: vector_norm, matrix_norm, norm, cond, lstsq.

Compositions: the vector norm is the reduction family's ``VectorNorm`` Function (its
subgradient choices are PyTorch's), the spectral and nuclear norms the singular values of
``svdvals``, the least-squares solution ``pinv(A) @ B``.
"""

from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING, Any, NamedTuple

from autograd import dtypes as _dt
from autograd.checks import as_bool, dtype_name
from autograd.creation import zeros
from autograd.engine.grad_mode import is_grad_enabled
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to
from autograd.ops.elementwise.select import where
from autograd.ops.linalg.decomp import LinAlgError, check_matrix
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
    """``x`` checked to be floating and cast to ``dtype``, which may widen but not narrow it
    (PyTorch's rule: an integer input is refused even with a floating ``dtype``)."""
    if not isinstance(x, TensorBase):
        raise TypeError(f"{op}(): argument 'input' must be Tensor, not {type(x).__name__}")
    if x._data.dtype.kind not in "fV":
        raise RuntimeError(f"{op}: Expected a floating point or complex tensor as input. Got "
                           f"{dtype_name(x.dtype)} (shape {list(x.shape)})")
    if dtype is not None and dtype != x.dtype:
        if _dt.promote_types(x.dtype, dtype) != dtype:
            raise RuntimeError(f"{op}: the dtype of the input ({dtype_name(x.dtype)}) should be "
                               f"convertible without narrowing to the specified dtype "
                               f"({dtype_name(dtype)})")
        x = to(x, dtype)
    return x


def _check_identity(op: str, x: Tensor, ord: float, axes: Any) -> None:
    """An inf or negative order has no value over an empty dim: PyTorch's RuntimeError."""
    if not (ord < 0 or ord == _inf) or x._data.size != 0:
        return
    if axes is None or axes == ():
        raise RuntimeError(f"{op} cannot compute the {ord:g} norm on an empty tensor because "
                           f"the operation does not have an identity (shape {list(x.shape)})")
    for a in axes:
        if x.shape[a] == 0:
            raise RuntimeError(f"{op} cannot compute the {ord:g} norm on the dimension {a} "
                               f"because this dimension is empty and the operation does not "
                               f"have an identity (shape {list(x.shape)})")


def vector_norm(x: Tensor, ord: Any = 2, dim: Any = None, keepdim: bool = False, *,
                dtype: Any = None) -> Tensor:
    """The vector ``ord``-norm of ``x`` over ``dim`` (all elements by default), treating the
    elements as one vector (``torch.linalg.vector_norm``): any real ord, inf, -inf, 0."""
    x = _floating("linalg.vector_norm", x, dtype)
    if isinstance(ord, str):
        raise TypeError(f"linalg.vector_norm: ord must be a number, got {ord!r}")
    ord = float(ord)
    axes = _axes(dim, x.ndim, "linalg.vector_norm")
    _check_identity("linalg.vector_norm", x, ord, axes)
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
    if not isinstance(ord, (str, numbers.Real)):  # None, a list: no overload of PyTorch's
        raise TypeError(f"linalg_matrix_norm(): argument 'ord' must be str or Number, not "
                        f"{type(ord).__name__}")
    keepdim = as_bool(keepdim, "linalg_matrix_norm", "keepdim")
    A = _floating(op, A, dtype)
    d0, d1 = _matrix_dims(op, A, dim)
    if ord == "fro":
        return VectorNorm.apply(A, 2.0, (d0, d1), keepdim)
    if ord == "nuc" or ord in (2, -2):
        moved = A.movedim((d0, d1), (-2, -1))
        s = svdvals(moved)
        if ord == "nuc":
            out = s.sum(-1)
        elif ord == 2 and s.shape[-1] == 0:  # no singular value: the norm of nothing is 0
            out = s.sum(-1)
        else:
            out = s.amax(-1) if ord == 2 else s.amin(-1)
        if keepdim:
            out = out.unsqueeze(min(d0, d1)).unsqueeze(max(d0, d1))
        return out
    if ord in (1, -1, _inf, -_inf):
        # 1: max over columns of the column sums; inf: max over rows of the row sums (the
        # largest of no sums is 0; the smallest of none raises, as PyTorch's amin)
        summed, reduced = (d0, d1) if ord in (1, -1) else (d1, d0)
        sums = A.abs().sum(summed, keepdim=True)
        if ord > 0 and sums.shape[reduced] == 0:
            out = sums.sum(reduced, keepdim=True)
        else:
            out = (sums.amax(reduced, keepdim=True) if ord > 0
                   else sums.amin(reduced, keepdim=True))
        return out if keepdim else out.squeeze((d0, d1))
    raise RuntimeError(f"{op}: Order {ord} not supported.")


MATRIX_NORM[:] = [matrix_norm]


def norm(A: Tensor, ord: Any = None, dim: Any = None, keepdim: bool = False, *,
         dtype: Any = None) -> Tensor:
    """``torch.linalg.norm``: a matrix norm for a string ``ord`` or an ``ord`` with two dims
    (or a 2-D input), else a vector norm; the 2-norm of all elements by default."""
    A = _floating("linalg.norm", A, dtype)
    dims = None
    if dim is not None:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        if len(dims) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. "
                               f"Got {list(dims)}")
    elif ord is not None and A.ndim not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be "
                           f"1D or 2D. Got {A.ndim}D.")
    if isinstance(ord, str):
        return matrix_norm(A, ord, (0, 1) if dims is None else dims, keepdim)
    if ord is not None and (dims is None and A.ndim == 2 or dims is not None
                            and len(dims) == 2):
        return matrix_norm(A, ord, (0, 1) if dims is None else dims, keepdim)
    return vector_norm(A, 2 if ord is None else ord, dims, keepdim)


def cond(A: Tensor, p: Any = None) -> Tensor:
    """The condition number ``norm(A, p) * norm(inv(A), p)`` (``torch.linalg.cond``); the
    ratio of the extreme singular values for p None, 2 or -2."""
    A = check_matrix("linalg.cond", A, square=False)
    if p not in (None, 2, -2, "fro", "nuc", 1, -1, _inf, -_inf):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    if p in ("fro", "nuc"):
        check_matrix(f"linalg.cond(ord={p})", A)
    if A._data.size == 0:  # PyTorch's convention: the condition number of nothing is 0
        return zeros(A.shape[:-2], dtype=A.dtype, device=A.device)
    if p in (None, 2, -2):
        s = svdvals(A)
        return s[..., 0] / s[..., -1] if p != -2 else s[..., -1] / s[..., 0]
    if not isinstance(p, str):
        check_matrix(f"linalg.cond(ord={p:g})", A)
    # a singular matrix has condition number inf (PyTorch's, through inv_ex's info)
    from autograd.ops.linalg.lu import inv_ex

    inverse, info = inv_ex(A)
    value = matrix_norm(A, p) * matrix_norm(inverse, p)
    return where(info > 0, _inf, value)


def lstsq(A: Tensor, B: Tensor, rcond: float | None = None, *,
          driver: str | None = None) -> LstsqResult:
    """The least-squares solution of ``A X = B`` (``torch.linalg.lstsq``), as the minimum-norm
    solution ``pinv(A) @ B`` (singular values at or below ``rcond`` times the largest cut,
    except for ``'gels'``, which assumes full rank). The other fields are filled in as
    PyTorch fills them per driver: ``rank`` for all but ``'gels'``, ``singular_values`` for
    ``'gelsd'``/``'gelss'``, ``residuals`` (the squared residual norms, ``(*, k)``) where
    ``m > n`` and, for ``'gelsd'``/``'gelss'``, every matrix has rank ``n``; never for
    ``'gelsy'`` (the default)."""
    A = check_matrix("linalg.lstsq", A, square=False)
    if not isinstance(B, TensorBase):
        raise TypeError(f"linalg.lstsq(): argument 'B' must be Tensor, not {type(B).__name__}")
    driver = driver or "gelsy"
    if driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError(f"torch.linalg.lstsq: parameter `driver` should be one of (gels, "
                           f"gelsy, gelsd, gelss), got {driver}")
    if B.dtype != A.dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same "
                           f"dtype, but got input's dtype {dtype_name(A.dtype)} and other's "
                           f"dtype {dtype_name(B.dtype)}")
    if B.ndim < 1 or not 0 <= A.ndim - B.ndim <= 1:
        raise RuntimeError(f"torch.linalg.lstsq: input.dim() must be greater or equal to "
                           f"other.dim() and (input.dim() - other.dim()) <= 1 (A of shape "
                           f"{list(A.shape)}, B of shape {list(B.shape)})")
    vector = B.ndim == A.ndim - 1
    Bm = B.unsqueeze(-1) if vector else B
    if Bm.shape[-2] != A.shape[-2]:
        raise RuntimeError(f"torch.linalg.lstsq: input.size(-2) should match other.size(-2) "
                           f"(A of shape {list(A.shape)}, B of shape {list(B.shape)})")
    m, n = A.shape[-2], A.shape[-1]
    rtol = rcond if driver != "gels" and rcond is not None and rcond > 0 else None
    empty = zeros(0, dtype=A.dtype, device=A.device)
    if driver == "gels":
        rank = zeros(0, dtype=_dt.int64, device=A.device)
        if A._data.size and bool((matrix_rank(A) < min(m, n)).any()):
            raise LinAlgError("torch.linalg.lstsq: The least squares solution could not be "
                              "computed because the input matrix does not have full rank "
                              f"(A of shape {list(A.shape)}; driver 'gels').")
    else:
        rank = matrix_rank(A, rtol=rtol)
    X = matmul(pinv(A, rtol=rtol), Bm)
    if rtol is not None and (A.requires_grad or Bm.requires_grad) and is_grad_enabled():
        # PyTorch differentiates the untruncated pinv(A) @ B, whatever rcond cut
        full = matmul(pinv(A), Bm)
        X = X.detach() + (full - full.detach())
    sv = svdvals(A) if driver in ("gelsd", "gelss") else empty
    residuals = empty
    if m > n and driver != "gelsy" and (driver == "gels" or bool((rank == n).all())):
        r = matmul(A, X) - Bm
        residuals = (r * r).sum(-2)
    return LstsqResult(X.squeeze(-1) if vector else X, residuals, rank, sv)
