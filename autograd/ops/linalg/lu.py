"""The LU family: ``linalg.lu_factor``, ``lu_factor_ex``, ``lu``, ``lu_solve``, ``inv_ex``,
``solve_ex`` and the legacy ``torch.lu``, ``torch.lu_solve``, ``torch.lu_unpack``.

NumPy has no LU, so the factorisation with partial pivoting (LAPACK's getrf: the first
largest pivot in each column, rows swapped, a zero pivot recorded in ``info`` and left
undivided) is written here once against ``ctx.xp``, one vectorised step per column over the
whole batch. ``LU`` and ``pivots`` (int32, 1-based, LAPACK's) are PyTorch's packed form.
The factorisation's backward is PyTorch's (square, wide and tall), written with matmul,
``tril``/``triu`` and triangular solves, so it runs under ``create_graph`` too; everything
else here is a composition (unpacking, the permutation, triangular solves) and gets its
gradients from those.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from autograd.checks import as_bool
from autograd.creation import eye as _eye
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.linalg import decomp as _decomp
from autograd.ops.linalg.decomp import LinAlgError, _mT, check_matrix
from autograd.ops.linalg.triangular import (
    _raise_info,
    lapack_input,
    same_dtype,
    solve_triangular,
    tri_solve,
    trsm,
)
from autograd.ops.shape.copy import tril, triu

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["lu", "lu_solve", "lu_unpack"]


class LUFactorResult(NamedTuple):
    """``linalg.lu_factor``'s result: ``(LU, pivots)``."""

    LU: Tensor
    pivots: Tensor


class LUFactorExResult(NamedTuple):
    """``linalg.lu_factor_ex``'s result: ``(LU, pivots, info)``."""

    LU: Tensor
    pivots: Tensor
    info: Tensor


class LUResult(NamedTuple):
    """``linalg.lu``'s and ``lu_unpack``'s result: ``(P, L, U)``, ``A = P L U``."""

    P: Tensor
    L: Tensor
    U: Tensor


class InvExResult(NamedTuple):
    """``linalg.inv_ex``'s result: ``(inverse, info)``."""

    inverse: Tensor
    info: Tensor


class SolveExResult(NamedTuple):
    """``linalg.solve_ex``'s result: ``(result, info)``."""

    result: Tensor
    info: Tensor


# -- the factorisation -------------------------------------------------------------------------


def _getrf(xp: Any, A: Any) -> tuple[Any, Any, Any]:
    """``(LU, pivots, info)`` of each matrix of ``A (*, m, n)`` (raw arrays)."""
    batch, (m, n) = A.shape[:-2], A.shape[-2:]
    k = min(m, n)
    if A.size == 0:  # nothing to factor (any dtype, as PyTorch)
        return (A.copy(), xp.zeros(batch + (k,), dtype=xp.int32),
                xp.zeros(batch, dtype=xp.int32))
    LU = xp.reshape(A, (math.prod(batch), m, n)).copy()
    nb = LU.shape[0]
    rows = xp.arange(nb)
    piv = xp.zeros((nb, k), dtype=xp.int32)
    info = xp.zeros((nb,), dtype=xp.int32)
    for j in range(k):
        p = xp.argmax(xp.abs(LU[:, j:, j]), axis=-1) + j
        piv[:, j] = (p + 1).astype(xp.int32)
        top = LU[:, j, :].copy()
        LU[:, j, :] = LU[rows, p, :]
        LU[rows, p, :] = top
        pivot = LU[:, j, j]
        zero = pivot == 0  # then the whole column below is zero too: LAPACK skips it
        info = xp.where((info == 0) & zero, j + 1, info).astype(xp.int32)
        if j + 1 < m:
            mult = LU[:, j + 1:, j] / xp.where(zero, 1, pivot)[:, None]
            LU[:, j + 1:, j] = mult
            LU[:, j + 1:, j + 1:] -= mult[:, :, None] * LU[:, j, None, j + 1:]
    return (xp.reshape(LU, A.shape), xp.reshape(piv, batch + (k,)),
            xp.reshape(info, batch))


def _permutation(xp: Any, piv: Any, m: int, dtype: Any) -> Any:
    """``P`` with ``A = P L U`` from LAPACK's pivots (row ``j`` swapped with ``piv[j] - 1``)."""
    batch, k = piv.shape[:-1], piv.shape[-1]
    flat = xp.reshape(piv, (math.prod(batch), k)).astype(xp.int64) - 1
    nb = flat.shape[0]
    rows = xp.arange(nb)
    perm = xp.broadcast_to(xp.arange(m), (nb, m)).copy()
    for j in range(k):
        p = flat[:, j]
        top = perm[:, j].copy()
        perm[:, j] = perm[rows, p]
        perm[rows, p] = top
    # row perm[i] of A is row i of L U:  P[perm[i], i] = 1
    P = (xp.arange(m)[None, :, None] == perm[:, None, :]).astype(dtype)
    return xp.reshape(P, batch + (m, m))


class LUFactor(Function):
    @staticmethod
    def forward(ctx, A):
        xp = ctx.xp
        LU, piv, info = _getrf(xp, A)
        ctx.save_for_backward(LU)
        ctx.P = _permutation(xp, piv, A.shape[-2], A.dtype)
        return LU, piv, info

    @staticmethod
    def backward(ctx, gLU, gpiv, ginfo):
        # PyTorch's linalg_lu_backward with L, U unpacked from LU and gL, gU from gLU:
        # square: dA = P L^-T [tril(L^T gL, -1) + triu(gU U^T)] U^-T; wide and tall: the
        # same on the square block, the rest of gU (gL) through L^-T (U^-T)
        (LU,) = ctx.saved_tensors
        xp = ctx.xp
        raw = getattr(xp, "raw", xp)
        m, n = LU.shape[-2], LU.shape[-1]
        k = min(m, n)
        L = xp.tril(LU[..., :, :k], -1) + xp.asarray(raw.eye(m, k, dtype=LU.dtype))
        U = xp.triu(LU[..., :k, :])
        gL = xp.tril(gLU[..., :, :k], -1)
        gU = xp.triu(gLU[..., :k, :])
        Lt, Ut = _mT(xp, L), _mT(xp, U)
        if m == n:
            gA = xp.tril(xp.matmul(Lt, gL), -1) + xp.triu(xp.matmul(gU, Ut))
            gA = _mT(xp, tri_solve(xp, U, _mT(xp, gA), True))  # gA U^-T
            gA = tri_solve(xp, Lt, gA, True, True)
        elif m < n:
            U1 = U[..., :, :k]
            gA = xp.tril(xp.matmul(Lt, gL) - xp.matmul(gU, Ut), -1)
            gA = _mT(xp, tri_solve(xp, U1, _mT(xp, gA), True))
            gA = xp.concatenate([gA + xp.triu(gU[..., :, :k]), gU[..., :, k:]], axis=-1)
            gA = tri_solve(xp, Lt, gA, True, True)
        else:
            L1 = L[..., :k, :]
            gA = xp.triu(xp.matmul(gU, Ut) - xp.matmul(Lt, gL))
            gA = tri_solve(xp, _mT(xp, L1), gA, True, True)
            gA = xp.concatenate([gA + xp.tril(gL[..., :k, :], -1), gL[..., k:, :]], axis=-2)
            gA = _mT(xp, tri_solve(xp, U, _mT(xp, gA), True))
        return xp.matmul(xp.asarray(ctx.P), gA)


class Permutation(Function):
    @staticmethod
    def forward(ctx, piv, m, dtype):
        return _permutation(ctx.xp, piv, m, dtype)


def _factor(op: str, A: Tensor, pivot: bool) -> tuple[Tensor, Tensor, Tensor]:
    pivot = as_bool(pivot, op.replace(".", "_").removeprefix("torch_"), "pivot")
    A = lapack_input(op, A, kernel="lu_cpu", square=False, empty_ok=True)
    if not pivot:
        raise RuntimeError(f"{op}: LU without pivoting is not implemented on the CPU"
                           if A.device.type == "cpu" else
                           f"{op}: LU without pivoting is not implemented")
    return LUFactor.apply(A)


def _zero_pivot(op: str) -> Any:
    return lambda i: RuntimeError(
        f"torch.{op}: U[{i},{i}] is zero and using it on lu_solve would result in a division "
        "by zero. If you still want to perform the factorization, consider calling "
        "linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)")


def lu_factor_ex(A: Tensor, *, pivot: bool = True, check_errors: bool = False,
                 out: Any = None) -> LUFactorExResult:
    """``(LU, pivots, info)``: the LU factorisation with partial pivoting, packed as LAPACK's
    getrf (``torch.linalg.lu_factor_ex``); ``info`` (int32, per matrix) is 0, or the 1-based
    index of the first zero pivot; ``check_errors=True`` raises for a nonzero ``info``."""
    if out is not None:
        raise TypeError("linalg.lu_factor_ex(): out= is not supported")
    LU, piv, info = _factor("linalg.lu_factor_ex", A, pivot)
    if as_bool(check_errors, "linalg_lu_factor_ex", "check_errors"):
        _raise_info(info, _zero_pivot("linalg.lu_factor_ex"))
    return LUFactorExResult(LU, piv, info)


def lu_factor(A: Tensor, *, pivot: bool = True, out: Any = None) -> LUFactorResult:
    """``(LU, pivots)``: the LU factorisation with partial pivoting
    (``torch.linalg.lu_factor``); RuntimeError where ``U`` has a zero on its diagonal."""
    if out is not None:
        raise TypeError("linalg.lu_factor(): out= is not supported")
    LU, piv, info = _factor("linalg.lu_factor", A, pivot)
    _raise_info(info, _zero_pivot("linalg.lu_factor"))
    return LUFactorResult(LU, piv)


def _check_pivots(op: str, LU: Tensor, pivots: Any) -> Tensor:
    if not isinstance(pivots, TensorBase):
        raise TypeError(f"{op}(): argument 'pivots' must be Tensor, not "
                        f"{type(pivots).__name__}")
    if pivots.dtype.name != "int32":
        raise RuntimeError(f"{op}: Expected pivots to be a tensor of int32 dtype, got "
                           f"{pivots.dtype.name}")
    k = min(LU.shape[-2], LU.shape[-1])
    if tuple(pivots.shape) != tuple(LU.shape[:-2]) + (k,):
        raise RuntimeError(f"{op}: Expected pivots of shape {list(LU.shape[:-2]) + [k]} for LU "
                           f"of shape {list(LU.shape)}, got {list(pivots.shape)}")
    return pivots


def lu_unpack(LU_data: Tensor, LU_pivots: Tensor, unpack_data: bool = True,
              unpack_pivots: bool = True) -> LUResult:
    """``(P, L, U)`` with ``A = P L U`` from ``lu_factor``'s packed result
    (``torch.lu_unpack``); the parts not asked for are empty tensors."""
    LU = LU_data
    if not isinstance(LU, TensorBase):
        raise TypeError(f"lu_unpack(): argument 'LU_data' must be Tensor, not "
                        f"{type(LU).__name__}")
    if LU.ndim < 2:
        raise RuntimeError(f"torch.lu_unpack: Expected tensor with 2 or more dimensions. Got "
                           f"size: {list(LU.shape)} instead")
    piv = _check_pivots("lu_unpack", LU, LU_pivots)
    m, n = LU.shape[-2], LU.shape[-1]
    k = min(m, n)
    empty = LU.new_zeros((0,))
    if unpack_pivots:
        P = Permutation.apply(piv, m=m, dtype=LU._data.dtype)
    else:
        P = empty
    if not unpack_data:
        return LUResult(P, empty, empty)
    L = tril(LU[..., :, :k], -1) + _eye(m, k, dtype=LU.dtype, device=LU.device)
    return LUResult(P, L, triu(LU[..., :k, :]))


def linalg_lu(A: Tensor, *, pivot: bool = True, out: Any = None) -> LUResult:
    """``(P, L, U)`` with ``A = P L U``, L unit lower triangular, U upper triangular
    (``torch.linalg.lu``); differentiable through L and U."""
    if out is not None:
        raise TypeError("linalg.lu(): out= is not supported")
    LU, piv, _ = _factor("linalg.lu", A, pivot)
    return lu_unpack(LU, piv)


def linalg_lu_solve(LU: Tensor, pivots: Tensor, B: Tensor, *, left: bool = True,
                    adjoint: bool = False, out: Any = None) -> Tensor:
    """The solution of ``A X = B`` from ``A``'s ``lu_factor`` (``torch.linalg.lu_solve``):
    ``X A = B`` with ``left=False``, ``A^T`` in place of ``A`` with ``adjoint=True``; batch
    dims broadcast."""
    if out is not None:
        raise TypeError("linalg.lu_solve(): out= is not supported")
    op = "linalg.lu_solve"
    left = as_bool(left, "linalg_lu_solve", "left")
    adjoint = as_bool(adjoint, "linalg_lu_solve", "adjoint")
    LU = lapack_input(op, LU, kernel="linalg.lu_solve_cpu", name="LU", empty_ok=True)
    piv = _check_pivots(op, LU, pivots)
    B = lapack_input(op, B, kernel="linalg.lu_solve_cpu", square=False, name="B",
                     empty_ok=True)
    rows = B.shape[-2] if left else B.shape[-1]
    if rows != LU.shape[-1]:
        eq = "AX = B" if left else "XA = B"
        raise RuntimeError(f"{op}: Incompatible shapes of A and B for the equation {eq} "
                           f"({LU.shape[-2]}x{LU.shape[-1]} and {B.shape[-2]}x{B.shape[-1]})")
    try:
        np.broadcast_shapes(tuple(LU.shape[:-2]), tuple(B.shape[:-2]))
    except ValueError:
        raise RuntimeError(f"{op}: the batch dims of LU {list(LU.shape)} and B "
                           f"{list(B.shape)} do not broadcast") from None
    same_dtype(op, LU, B, "LU")
    if not left:  # X A = B  <=>  A^T X^T = B^T
        return _lu_solve(LU, piv, B.mT, not adjoint).mT
    return _lu_solve(LU, piv, B, adjoint)


def _lu_solve(LU: Tensor, piv: Tensor, B: Tensor, adjoint: bool) -> Tensor:
    P = Permutation.apply(piv, m=LU.shape[-1], dtype=LU._data.dtype)
    if adjoint:  # A^T = U^T L^T P^T:  X = P L^-T U^-T B
        Y = solve_triangular(LU.mT, B, upper=False)
        return P @ solve_triangular(LU.mT, Y, upper=True, unitriangular=True)
    Y = solve_triangular(LU, P.mT @ B, upper=False, unitriangular=True)
    return solve_triangular(LU, Y, upper=True)


def lu(A: Tensor, pivot: bool = True, get_infos: bool = False) -> tuple:
    """``torch.lu`` (deprecated in PyTorch for ``linalg.lu_factor``): ``(LU, pivots)``, and
    ``info`` too with ``get_infos=True``; it does not raise for a singular matrix."""
    LU, piv, info = _factor("torch.lu", A, pivot)
    return LUFactorExResult(LU, piv, info) if get_infos else (LU, piv)


def lu_solve(b: Tensor, LU_data: Tensor, LU_pivots: Tensor) -> Tensor:
    """``torch.lu_solve`` (deprecated in PyTorch): ``linalg.lu_solve(LU_data, LU_pivots, b)``."""
    return linalg_lu_solve(LU_data, LU_pivots, b)


# -- inv_ex, solve_ex ----------------------------------------------------------------------------


def inv_ex(A: Tensor, *, check_errors: bool = False, out: Any = None) -> InvExResult:
    """``(inverse, info)``: ``linalg.inv`` without raising for a singular matrix
    (``torch.linalg.inv_ex``); ``info`` as ``lu_factor_ex``'s (nonzero: singular, the inverse
    is then inf/NaN); ``check_errors=True`` raises LinAlgError for it."""
    if out is not None:
        raise TypeError("linalg.inv_ex(): out= is not supported")
    A = check_matrix("linalg.inv", A)  # PyTorch names linalg.inv
    LU, piv, info = LUFactor.apply(A)
    if as_bool(check_errors, "linalg_inv_ex", "check_errors"):
        _raise_info(info, lambda i: LinAlgError(
            f"linalg.inv_ex: The diagonal element {i} is zero, the inversion could not be "
            "completed because the input matrix is singular."))
    eye = _eye(A.shape[-1], dtype=A.dtype, device=A.device)
    return InvExResult(_lu_solve(LU, piv, eye, False), info)


def solve_ex(A: Tensor, B: Tensor, *, left: bool = True, check_errors: bool = False,
             out: Any = None) -> SolveExResult:
    """``(result, info)``: ``linalg.solve`` without raising for a singular ``A``
    (``torch.linalg.solve_ex``); ``info`` as ``lu_factor_ex``'s; ``check_errors=True`` raises
    LinAlgError for it."""
    if out is not None:
        raise TypeError("linalg.solve_ex(): out= is not supported")
    op = "linalg.solve_ex"
    left = as_bool(left, "linalg_solve_ex", "left")
    check_errors = as_bool(check_errors, "linalg_solve_ex", "check_errors")
    if isinstance(A, TensorBase) and A._data.dtype.kind != "f":
        check_matrix("linalg.solve", A)  # PyTorch names linalg.solve here
    A = lapack_input(op, A, kernel="lu_cpu", empty_ok=True)
    if not isinstance(B, TensorBase):
        raise TypeError(f"{op}(): argument 'B' must be Tensor, not {type(B).__name__}")
    same_dtype("linalg.solve", A, B)  # PyTorch names linalg.solve here
    vector = B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))
    if vector and not left:
        raise RuntimeError(f"{op}: Vector broadcasting of the left hand side is not "
                           "supported for left=False. In this case linalg.solve is "
                           "equivalent to B / A.squeeze(-1)")
    LU, piv, info = LUFactor.apply(A)
    if check_errors:
        _raise_info(info, lambda i: LinAlgError(
            "torch.linalg.solve_ex: The solver failed because the input matrix is singular."))
    if vector:
        X = linalg_lu_solve(LU, piv, B.unsqueeze(-1)).squeeze(-1)
    else:
        X = linalg_lu_solve(LU, piv, B, left=left)
    return SolveExResult(X, info)


def _inverse_through_pivots(xp: Any, A: Any) -> Any:
    """``A^-1`` by LU substitution on raw arrays: inf/NaN past a zero pivot of a singular
    matrix (what PyTorch's backward of logdet gives there) instead of an error."""
    LU, piv, _ = _getrf(xp, A)
    P = _permutation(xp, piv, A.shape[-1], A.dtype)
    with np.errstate(divide="ignore", invalid="ignore"):
        Y = trsm(xp, LU, _mT(xp, P), upper=False, unitriangular=True)
        return trsm(xp, LU, Y, upper=True, unitriangular=False)


_decomp.lu_inverse = _inverse_through_pivots
