"""``linalg.ldl_factor``, ``ldl_factor_ex`` and ``ldl_solve``: the Bunch-Kaufman
factorisation ``P A P^T = L D L^T`` of a symmetric matrix (LAPACK's sytrf, lower triangle) and
the solve that uses it (sytrs), in LAPACK's packed form: ``LD`` holds L below the diagonal and
D (1x1 and 2x2 blocks) on it, ``pivots`` (int32, 1-based) are negative for 2x2 blocks.

Each step picks its pivot from the values (a 1x1 or a 2x2 block, a swap), so the work runs on
a host copy of each matrix, one matrix at a time, and the result goes back to the device in
one copy. PyTorch has no derivative for either: here their results do not require grad
(PyTorch's do, and their backward raises).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from autograd.checks import as_bool, dtype_name
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.linalg.decomp import LinAlgError
from autograd.ops.linalg.triangular import _raise_info, lapack_input

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__: list[str] = []

_ALPHA = (1.0 + math.sqrt(17.0)) / 8.0  # Bunch-Kaufman's growth bound


class LDLFactorResult(NamedTuple):
    """``linalg.ldl_factor``'s result: ``(LD, pivots)``."""

    LD: Tensor
    pivots: Tensor


class LDLFactorExResult(NamedTuple):
    """``linalg.ldl_factor_ex``'s result: ``(LD, pivots, info)``."""

    LD: Tensor
    pivots: Tensor
    info: Tensor


def _sytf2(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """LAPACK's dsytf2 (lower) on one host matrix, in place: ``(a, ipiv, info)``."""
    n = a.shape[0]
    ipiv = np.zeros(n, dtype=np.int32)
    info = 0
    k = 0
    while k < n:
        kstep = 1
        absakk = abs(a[k, k])
        if k < n - 1:
            imax = k + 1 + int(np.argmax(np.abs(a[k + 1:, k])))
            colmax = abs(a[imax, k])
        else:
            imax, colmax = k, 0.0
        if max(absakk, colmax) == 0 or np.isnan(absakk):
            info = info or k + 1  # a zero column: D is singular
            kp = k
        else:
            if absakk >= _ALPHA * colmax:
                kp = k
            else:
                row = np.abs(a[imax, k:imax])
                rowmax = row.max()
                if imax < n - 1:
                    rowmax = max(rowmax, np.abs(a[imax + 1:, imax]).max())
                if absakk >= _ALPHA * colmax * (colmax / rowmax):
                    kp = k
                elif abs(a[imax, imax]) >= _ALPHA * rowmax:
                    kp = imax
                else:
                    kp, kstep = imax, 2
            kk = k + kstep - 1
            if kp != kk:  # swap rows and columns kk and kp of the trailing matrix
                if kp < n - 1:
                    a[kp + 1:, [kk, kp]] = a[kp + 1:, [kp, kk]]
                seg = a[kk + 1:kp, kk].copy()
                a[kk + 1:kp, kk] = a[kp, kk + 1:kp]
                a[kp, kk + 1:kp] = seg
                a[kk, kk], a[kp, kp] = a[kp, kp], a[kk, kk]
                if kstep == 2:
                    a[k + 1, k], a[kp, k] = a[kp, k], a[k + 1, k]
            if kstep == 1:
                if k < n - 1:
                    d11 = 1.0 / a[k, k]
                    x = a[k + 1:, k].copy()
                    a[k + 1:, k + 1:] -= np.tril(d11 * np.outer(x, x))
                    a[k + 1:, k] *= d11
            elif k < n - 2:
                d21 = a[k + 1, k]
                d11 = a[k + 1, k + 1] / d21
                d22 = a[k, k] / d21
                t = 1.0 / (d11 * d22 - 1.0)
                d21 = t / d21
                wk = d21 * (d11 * a[k + 2:, k] - a[k + 2:, k + 1])
                wkp1 = d21 * (d22 * a[k + 2:, k + 1] - a[k + 2:, k])
                a[k + 2:, k + 2:] -= np.tril(np.outer(a[k + 2:, k], wk)
                                             + np.outer(a[k + 2:, k + 1], wkp1))
                a[k + 2:, k] = wk
                a[k + 2:, k + 1] = wkp1
        if kstep == 1:
            ipiv[k] = kp + 1
        else:
            ipiv[k] = ipiv[k + 1] = -(kp + 1)
        k += kstep
    return np.tril(a), ipiv, info


def _sytrs(a: np.ndarray, ipiv: np.ndarray, b: np.ndarray) -> np.ndarray:
    """LAPACK's dsytrs (lower): ``A^-1 b`` from dsytf2's ``a`` and ``ipiv`` (host arrays)."""
    n = a.shape[0]
    b = b.copy()
    k = 0
    while k < n:  # L D Y = P b
        if ipiv[k] > 0:
            kp = ipiv[k] - 1
            b[[k, kp]] = b[[kp, k]]
            b[k + 1:] -= np.outer(a[k + 1:, k], b[k])
            b[k] /= a[k, k]
            k += 1
        else:
            kp = -ipiv[k] - 1
            b[[k + 1, kp]] = b[[kp, k + 1]]
            b[k + 2:] -= np.outer(a[k + 2:, k], b[k]) + np.outer(a[k + 2:, k + 1], b[k + 1])
            akm1k = a[k + 1, k]
            akm1, ak = a[k, k] / akm1k, a[k + 1, k + 1] / akm1k
            denom = akm1 * ak - 1.0
            bkm1, bk = b[k] / akm1k, b[k + 1] / akm1k
            b[k], b[k + 1] = (ak * bkm1 - bk) / denom, (akm1 * bk - bkm1) / denom
            k += 2
    k = n - 1
    while k >= 0:  # L^T X = Y, then the pivots undone
        if ipiv[k] > 0:
            b[k] -= a[k + 1:, k] @ b[k + 1:]
            kp = ipiv[k] - 1
            b[[k, kp]] = b[[kp, k]]
            k -= 1
        else:
            b[k] -= a[k + 1:, k] @ b[k + 1:]
            b[k - 1] -= a[k + 1:, k - 1] @ b[k + 1:]
            kp = -ipiv[k] - 1
            b[[k, kp]] = b[[kp, k]]
            k -= 2
    return b


def _per_matrix(batch: tuple, fn: Any) -> list:
    return [fn(i) for i in np.ndindex(*batch)]


class LDLFactor(Function):
    @staticmethod
    def forward(ctx, A):
        xp = ctx.xp
        host = np.array(xp.to_numpy(A))  # one copy: each step branches on the values
        batch, n = host.shape[:-2], host.shape[-1]
        LD = np.zeros_like(host)
        piv = np.zeros(batch + (n,), dtype=np.int32)
        info = np.zeros(batch, dtype=np.int32)
        for i in np.ndindex(*batch):
            LD[i], piv[i], info[i] = _sytf2(host[i].copy())
        LD = xp.from_numpy(LD)
        return LD, xp.from_numpy(piv), xp.from_numpy(info)

    @staticmethod
    def backward(ctx, gLD, gpiv, ginfo):
        # PyTorch has no derivative for it either: a loss through LD is refused, not given a
        # silently missing gradient
        raise RuntimeError("derivative for aten::linalg_ldl_factor_ex is not implemented")


def _factor(op: str, A: Tensor, hermitian: bool) -> tuple[Tensor, Tensor, Tensor]:
    as_bool(hermitian, op.replace(".", "_"), "hermitian")  # real input: the same either way
    if isinstance(A, TensorBase) and A._data.dtype.kind != "f" and A.ndim >= 2:
        raise RuntimeError(f"torch.{op}: Expected a floating point or complex tensor as "
                           f"input. Got {dtype_name(A.dtype)}")
    A = lapack_input(f"torch.{op}", A, kernel="ldl_factor_kernel_cpu", empty_ok=True)
    return LDLFactor.apply(A)


def ldl_factor_ex(A: Tensor, *, hermitian: bool = False, check_errors: bool = False,
                  out: Any = None) -> LDLFactorExResult:
    """``(LD, pivots, info)``: the Bunch-Kaufman ``L D L^T`` factorisation of each symmetric
    matrix, from its lower triangle, packed as LAPACK's sytrf (``torch.linalg.ldl_factor_ex``);
    ``info`` is 0, or the 1-based index of the first zero block of D. Not differentiable: a
    backward through ``LD`` raises, as in PyTorch."""
    if out is not None:
        raise TypeError("linalg.ldl_factor_ex(): out= is not supported")
    LD, piv, info = _factor("linalg.ldl_factor_ex", A, hermitian)
    if as_bool(check_errors, "linalg_ldl_factor_ex", "check_errors"):
        _raise_info(info, _singular_d("linalg.ldl_factor_ex"))
    return LDLFactorExResult(LD, piv, info)


def _singular_d(op: str) -> Any:
    return lambda i: LinAlgError(f"torch.{op}: The factorization could not be completed: D[{i},"
                                 f"{i}] is zero, so D is singular.")


def ldl_factor(A: Tensor, *, hermitian: bool = False, out: Any = None) -> LDLFactorResult:
    """``(LD, pivots)`` of ``ldl_factor_ex`` (``torch.linalg.ldl_factor``); LinAlgError where D
    is singular. Not differentiable."""
    if out is not None:
        raise TypeError("linalg.ldl_factor(): out= is not supported")
    LD, piv, info = _factor("linalg.ldl_factor_ex", A, hermitian)  # as PyTorch names it
    _raise_info(info, _singular_d("linalg.ldl_factor"))
    return LDLFactorResult(LD, piv)


class LDLSolve(Function):
    @staticmethod
    def forward(ctx, LD, piv, B):
        xp = ctx.xp
        ld, p, b = (np.array(xp.to_numpy(x)) for x in (LD, piv, B))
        batch = np.broadcast_shapes(ld.shape[:-2], b.shape[:-2])
        ld = np.broadcast_to(ld, batch + ld.shape[-2:])
        p = np.broadcast_to(p, batch + p.shape[-1:])
        b = np.broadcast_to(b, batch + b.shape[-2:])
        X = np.empty(b.shape, dtype=b.dtype)
        for i in np.ndindex(*batch):
            X[i] = _sytrs(ld[i], p[i], b[i])
        return xp.from_numpy(X)

    @staticmethod
    def backward(ctx, gX):
        # PyTorch has no derivative for it either: refused, not silently missing
        raise RuntimeError("derivative for aten::linalg_ldl_solve is not implemented")


def ldl_solve(LD: Tensor, pivots: Tensor, B: Tensor, *, hermitian: bool = False,
              out: Any = None) -> Tensor:
    """The solution of ``A X = B`` from ``A``'s ``ldl_factor`` (``torch.linalg.ldl_solve``);
    batch dims broadcast. Not differentiable: a backward through it raises, as in PyTorch."""
    if out is not None:
        raise TypeError("linalg.ldl_solve(): out= is not supported")
    op = "torch.linalg.ldl_solve"
    as_bool(hermitian, "linalg_ldl_solve", "hermitian")
    LD = lapack_input(op, LD, name="LD")
    if isinstance(B, TensorBase) and B.ndim == 0:
        raise IndexError("Dimension specified as -2 but tensor has no dimensions")
    B = lapack_input(op, B, square=False, name="B")
    if not isinstance(pivots, TensorBase):
        raise TypeError(f"linalg_ldl_solve(): argument 'pivots' must be Tensor, not "
                        f"{type(pivots).__name__}")
    if pivots.dtype.name != "int32":
        raise RuntimeError(f"{op}: Expected pivots to be integers. Got {pivots.dtype.name}")
    if tuple(pivots.shape) != tuple(LD.shape[:-1]):
        raise RuntimeError(f"{op}: Expected LD.shape[:-1] and pivots.shape to be the same, but "
                           f"got pivots with shape {list(pivots.shape)} instead")
    if B.shape[-2] != LD.shape[-1]:
        raise RuntimeError(f"Incompatible matrix sizes for {op}: each A matrix is "
                           f"{LD.shape[-1]} by {LD.shape[-1]} but each b matrix is "
                           f"{B.shape[-2]} by {B.shape[-1]}")
    if B._data.dtype != LD._data.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{dtype_name(B.dtype)} and A of type {dtype_name(LD.dtype)} instead.")
    try:
        np.broadcast_shapes(tuple(LD.shape[:-2]), tuple(B.shape[:-2]))
    except ValueError:
        raise RuntimeError(f"{op}: the batch dims of LD {list(LD.shape)} and B "
                           f"{list(B.shape)} do not broadcast") from None
    return LDLSolve.apply(LD, pivots, B)
