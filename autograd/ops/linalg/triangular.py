"""Triangular systems: ``linalg.solve_triangular``, ``linalg.cholesky_ex`` and the solvers
over a Cholesky factor (``cholesky_solve``, ``cholesky_inverse``).

NumPy has no triangular solve, so the substitution is written here once against ``ctx.xp``
(one vectorised step per row, over every batch and right-hand side at once); it reads only
the triangle it is told to, and a zero on the diagonal gives inf/NaN, as LAPACK's trsm does.
``cholesky_ex`` runs the column-by-column Cholesky the same way, so that its ``info`` (the
order of the first leading minor that is not positive-definite) is found on the device
without a synchronisation. The backwards call the same substitution (through
``xp.linalg.solve_triangular`` under ``create_graph``), so every order of derivative exists.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from autograd.checks import as_bool, dtype_name
from autograd.creation import eye as _eye
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.linalg.decomp import (
    XP_LINALG,
    Cholesky,
    LinAlgError,
    _mT,
    _same_dtype,
    check_matrix,
)

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["cholesky_inverse", "cholesky_solve", "triangular_solve"]


class TriangularSolveResult(NamedTuple):
    """``triangular_solve``'s result: ``(solution, cloned_coefficient)``."""

    solution: Tensor
    cloned_coefficient: Tensor


class CholeskyExResult(NamedTuple):
    """``linalg.cholesky_ex``'s result: ``(L, info)``."""

    L: Tensor
    info: Tensor


def lapack_input(op: str, A: Any, *, kernel: str | None = None, square: bool = True,
                 name: str = "A", empty_ok: bool = False) -> Tensor:
    """``A`` as a batch of (square) matrices for a routine of PyTorch's LAPACK ``kernel``:
    other dtypes than float32/float64 raise its NotImplementedError (``"lu_cpu" not
    implemented for 'Long'``), except an empty ``A`` with ``empty_ok``, which PyTorch returns
    without calling the kernel; without ``kernel``, ``check_matrix``'s errors."""
    if not isinstance(A, TensorBase):
        raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(A).__name__}")
    if A.ndim < 2:
        raise RuntimeError(f"{op}: The input tensor {name} must have at least 2 dimensions.")
    dt = A._data.dtype
    if dt.kind != "f" or dt.itemsize == 2:
        if empty_ok and A.numel() == 0:
            check_matrix(op, A.float(), square, name)  # the shape checks only
            return A
        if kernel is not None:
            raise NotImplementedError(f'"{kernel}" not implemented for \'{dtype_name(A.dtype)}\'')
    return check_matrix(op, A, square, name)


def same_dtype(op: str, a: Tensor, b: Tensor, na: str = "A", nb: str = "B") -> None:
    """PyTorch's solvers do not promote: RuntimeError for operands of two dtypes."""
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"{op}: Expected {na} and {nb} to have the same dtype, but found "
                           f"{na} of type {dtype_name(a.dtype)} and {nb} of type "
                           f"{dtype_name(b.dtype)} instead.")


def _flat(xp: Any, a: Any, batch: tuple) -> Any:
    """``a`` broadcast to ``batch`` and copied into a writable ``(B, *, *)`` array."""
    full = xp.broadcast_to(a, batch + a.shape[-2:])
    return xp.reshape(full, (math.prod(batch),) + a.shape[-2:]).copy()


def trsm(xp: Any, A: Any, B: Any, upper: bool, unitriangular: bool) -> Any:
    """``A^-1 B`` for triangular ``A (*, n, n)`` and ``B (*, n, k)`` (raw arrays, batch dims
    broadcast), reading only ``A``'s ``upper`` or lower triangle."""
    batch = tuple(np.broadcast_shapes(A.shape[:-2], B.shape[:-2]))
    n, k = B.shape[-2], B.shape[-1]
    dtype = np.result_type(A.dtype, B.dtype)
    A2 = _flat(xp, A.astype(dtype, copy=False), batch)
    X = _flat(xp, B.astype(dtype, copy=False), batch)
    rows = range(n - 1, -1, -1) if upper else range(n)
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero pivot gives inf, as trsm
        for i in rows:
            done = slice(i + 1, n) if upper else slice(0, i)
            xi = X[:, i, :]
            if (upper and i < n - 1) or (not upper and i > 0):
                xi = xi - xp.matmul(A2[:, i:i + 1, done], X[:, done, :])[:, 0, :]
            X[:, i, :] = xi if unitriangular else xi / A2[:, i, i:i + 1]
    return xp.reshape(X, batch + (n, k))


def tri_solve(xp: Any, A: Any, B: Any, upper: bool, unitriangular: bool = False) -> Any:
    """``trsm`` on raw arrays, the differentiable ``solve_triangular`` under create_graph."""
    if getattr(xp, "differentiable", False):
        return SolveTriangular.apply(*_same_dtype(A, B), upper=upper,
                                     unitriangular=unitriangular)
    return trsm(xp, A, B, upper, unitriangular)


class SolveTriangular(Function):
    @staticmethod
    def forward(ctx, A, B, upper, unitriangular):
        X = trsm(ctx.xp, A, B, upper, unitriangular)
        ctx.upper, ctx.unit = upper, unitriangular
        ctx.save_for_backward(A, X)
        return X

    @staticmethod
    def backward(ctx, gX):
        # A X = B, A triangular:  dB = A^-T gX,  dA = -dB X^T restricted to A's triangle
        # (strictly, for a unit diagonal that is never read)
        A, X = ctx.saved_tensors
        xp = ctx.xp
        gB = tri_solve(xp, _mT(xp, A), gX, not ctx.upper, ctx.unit)
        gA = None
        if ctx.needs_input_grad[0]:
            gA = -xp.matmul(gB, _mT(xp, X))
            off = 1 if ctx.unit else 0
            gA = xp.triu(gA, off) if ctx.upper else xp.tril(gA, -off)
        return gA, gB


def _check_rhs(op: str, A: Tensor, B: Any, left: bool) -> Tensor:
    rows = B.shape[-2] if left else B.shape[-1]
    if rows != A.shape[-1]:
        eq = "AX = B" if left else "XA = B"
        raise RuntimeError(f"{op}: Incompatible shapes of A and B for the equation {eq} "
                           f"({A.shape[-2]}x{A.shape[-1]} and {B.shape[-2]}x{B.shape[-1]})")
    try:
        np.broadcast_shapes(tuple(A.shape[:-2]), tuple(B.shape[:-2]))
    except ValueError:
        raise RuntimeError(f"{op}: the batch dims of A {list(A.shape)} and B {list(B.shape)} "
                           "do not broadcast") from None
    return B


def solve_triangular(A: Tensor, B: Tensor, *, upper: bool, left: bool = True,
                     unitriangular: bool = False, out: Any = None) -> Tensor:
    """The solution ``X`` of ``A X = B`` (``X A = B`` with ``left=False``) for triangular ``A``
    (``torch.linalg.solve_triangular``): only ``A``'s upper or lower triangle is read, its
    diagonal taken as ones with ``unitriangular=True``; batch dims broadcast. A zero on the
    diagonal gives inf/NaN, without an error (as PyTorch)."""
    if out is not None:
        raise TypeError("linalg.solve_triangular(): out= is not supported")
    op, kernel = "linalg.solve_triangular", "triangular_solve_cpu"
    upper = as_bool(upper, "linalg_solve_triangular", "upper")
    left = as_bool(left, "linalg_solve_triangular", "left")
    unitriangular = as_bool(unitriangular, "linalg_solve_triangular", "unitriangular")
    A = lapack_input(op, A, kernel=kernel)
    if not isinstance(B, TensorBase):
        raise TypeError(f"{op}(): argument 'B' must be Tensor, not {type(B).__name__}")
    if B.ndim < 2:
        raise RuntimeError(f"{op}: The input tensor B must have at least 2 dimensions.")
    B = _check_rhs(op, A, B, left)
    if B._data.dtype != A._data.dtype:  # PyTorch computes in A's dtype
        B = B.to(A.dtype)
    if not left:  # X A = B  <=>  A^T X^T = B^T
        return SolveTriangular.apply(A.mT, B.mT, upper=not upper,
                                     unitriangular=bool(unitriangular)).mT
    return SolveTriangular.apply(A, B, upper=bool(upper), unitriangular=bool(unitriangular))


def triangular_solve(input: Tensor, A: Tensor, upper: bool = True, transpose: bool = False,
                     unitriangular: bool = False) -> TriangularSolveResult:
    """``torch.triangular_solve`` (deprecated in PyTorch for ``linalg.solve_triangular``, whose
    arguments are reversed): the solution of ``A X = input`` (``A^T X = input`` with
    ``transpose=True``), and a copy of ``A``."""
    op = "triangular_solve"
    transpose = as_bool(transpose, op, "transpose")
    A = lapack_input(op, A, kernel="triangular_solve_cpu")
    upper = as_bool(upper, op, "upper")
    B = lapack_input(op, input, kernel="triangular_solve_cpu", square=False, name="input")
    if B._data.dtype != A._data.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{dtype_name(B.dtype)} and A of type {dtype_name(A.dtype)} instead.")
    coefficient = A.mT if transpose else A
    X = solve_triangular(coefficient, B, upper=upper != transpose,
                         unitriangular=as_bool(unitriangular, op, "unitriangular"))
    batch = tuple(np.broadcast_shapes(tuple(A.shape[:-2]), tuple(B.shape[:-2])))
    return TriangularSolveResult(X, A.expand(batch + tuple(A.shape[-2:])).clone())


# -- cholesky_ex --------------------------------------------------------------------------------


def _potrf(xp: Any, A: Any) -> tuple[Any, Any]:
    """The lower Cholesky factor of each matrix of ``A`` (its lower triangle read) and
    LAPACK's ``info``: 0, or the order of the first leading minor that is not positive-definite
    (the factor's columns from there on are not meaningful)."""
    batch, n = A.shape[:-2], A.shape[-1]
    A2 = xp.reshape(A, (math.prod(batch), n, n))
    L = xp.zeros(A2.shape, dtype=A.dtype)
    info = xp.zeros(A2.shape[:1], dtype=xp.int32)
    for j in range(n):
        lj = L[:, j, :j]
        d = A2[:, j, j] - xp.sum(lj * lj, axis=-1)
        bad = ~(d > 0)  # NaN included
        info = xp.where((info == 0) & bad, j + 1, info)
        ljj = xp.sqrt(xp.where(bad, 1, d))
        L[:, j, j] = ljj
        if j + 1 < n:
            col = A2[:, j + 1:, j] - xp.matmul(L[:, j + 1:, :j], lj[:, :, None])[:, :, 0]
            L[:, j + 1:, j] = col / ljj[:, None]
    return xp.reshape(L, A.shape), xp.reshape(info, batch)


class CholeskyEx(Function):
    @staticmethod
    def forward(ctx, A):
        L, info = _potrf(ctx.xp, A)
        ctx.save_for_backward(L)
        return L, info

    @staticmethod
    def backward(ctx, gL, ginfo):
        # the gradient of linalg.cholesky (info carries none)
        return Cholesky.backward(ctx, gL)


def cholesky_ex(A: Tensor, *, upper: bool = False, check_errors: bool = False,
                out: Any = None) -> CholeskyExResult:
    """``(L, info)``: ``linalg.cholesky`` without raising (``torch.linalg.cholesky_ex``);
    ``info`` (int32, per matrix) is 0, or the order of the first leading minor that is not
    positive-definite. ``check_errors=True`` raises LinAlgError for a nonzero ``info``."""
    if out is not None:
        raise TypeError("linalg.cholesky_ex(): out= is not supported")
    upper = as_bool(upper, "linalg_cholesky_ex", "upper")
    check_errors = as_bool(check_errors, "linalg_cholesky_ex", "check_errors")
    if isinstance(A, TensorBase) and A._data.dtype.kind != "f":
        check_matrix("linalg.cholesky", A)  # PyTorch names linalg.cholesky here
    A = lapack_input("linalg.cholesky_ex", A, kernel="cholesky_cpu", empty_ok=True)
    L, info = CholeskyEx.apply(A)
    if check_errors:
        _raise_info(info, lambda i: LinAlgError(
            "linalg.cholesky_ex: The factorization could not be completed because the input "
            f"is not positive-definite (the leading minor of order {i} is not "
            "positive-definite)."))
    return CholeskyExResult(L.mT if upper else L, info)


def _raise_info(info: Tensor, error: Any) -> None:
    """Raise ``error(first nonzero info)`` with PyTorch's batch prefix (a host read)."""
    flat = info.reshape(-1).numpy(force=True)
    bad = np.flatnonzero(flat)
    if bad.size:
        e = error(int(flat[bad[0]]))
        if info.ndim:
            e = type(e)(f"(Batch element {int(bad[0])}): {e}")
        raise e


# -- solvers over a Cholesky factor --------------------------------------------------------------


def _chol_solve(xp: Any, B: Any, L: Any, upper: bool) -> Any:
    """``(L L^T)^-1 B`` (``(U^T U)^-1 B`` when ``upper``) by two triangular solves."""
    if upper:
        return tri_solve(xp, L, tri_solve(xp, _mT(xp, L), B, False), True)
    return tri_solve(xp, _mT(xp, L), tri_solve(xp, L, B, False), True)


class CholeskySolve(Function):
    @staticmethod
    def forward(ctx, B, L, upper):
        X = _chol_solve(ctx.xp, B, L, upper)
        ctx.upper = upper
        ctx.save_for_backward(L, X)
        return X

    @staticmethod
    def backward(ctx, gX):
        # X = A^-1 B, A = L L^T:  dB = A^-1 gX;  dL = -(dB X^T + X dB^T) L (U (...) when
        # upper): PyTorch's formula, which treats L as a full matrix
        L, X = ctx.saved_tensors
        xp = ctx.xp
        gB = _chol_solve(xp, gX, L, ctx.upper)
        gL = None
        if ctx.needs_input_grad[1]:
            common = xp.matmul(gB, _mT(xp, X))
            common = common + _mT(xp, common)
            gL = -xp.matmul(L, common) if ctx.upper else -xp.matmul(common, L)
        return gB, gL


def cholesky_solve(input: Tensor, input2: Tensor, upper: bool = False, *,
                   out: Any = None) -> Tensor:
    """The solution of ``A X = input`` given the Cholesky factor ``input2`` of ``A``
    (``torch.cholesky_solve``): ``A = L L^T``, or ``U^T U`` with ``upper=True``; batch dims
    broadcast."""
    if out is not None:
        raise TypeError("cholesky_solve(): out= is not supported")
    B = lapack_input("cholesky_solve", input, kernel="cholesky_solve_cpu", square=False,
                     name="input")
    L = lapack_input("cholesky_solve", input2, kernel="cholesky_solve_cpu", name="input2")
    if B.shape[-2] != L.shape[-1]:
        raise RuntimeError(f"Incompatible matrix sizes for cholesky_solve: each A matrix is "
                           f"{L.shape[-1]} by {L.shape[-1]} but each b matrix is "
                           f"{B.shape[-2]} by {B.shape[-1]}")
    try:
        np.broadcast_shapes(tuple(B.shape[:-2]), tuple(L.shape[:-2]))
    except ValueError:
        raise RuntimeError(f"cholesky_solve: the batch dims of input {list(B.shape)} and "
                           f"input2 {list(L.shape)} do not broadcast") from None
    if B._data.dtype != L._data.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{dtype_name(B.dtype)} and A of type {dtype_name(L.dtype)} instead.")
    return CholeskySolve.apply(B, L, upper=as_bool(upper, "cholesky_solve", "upper"))


def cholesky_inverse(input: Tensor, upper: bool = False, *, out: Any = None) -> Tensor:
    """The inverse of ``A`` from its Cholesky factor ``input`` (``torch.cholesky_inverse``):
    ``A = L L^T``, or ``U^T U`` with ``upper=True``."""
    if out is not None:
        raise TypeError("cholesky_inverse(): out= is not supported")
    L = lapack_input("cholesky_inverse", input, kernel="cholesky_inverse_out_cpu",
                     name="input")
    eye = _eye(L.shape[-1], dtype=L.dtype, device=L.device).expand(L.shape)
    return CholeskySolve.apply(eye, L, upper=as_bool(upper, "cholesky_inverse", "upper"))


XP_LINALG.solve_triangular = solve_triangular
