"""Factorisations: qr, svd, svdvals, eigh, eigvalsh, pinv (``torch.linalg``'s), and the
legacy ``torch.svd`` / ``torch.qr`` / ``torch.pinverse`` forms.

One Function per factorisation over ``ctx.xp.linalg`` (LAPACK on NumPy, cuSOLVER on CuPy).
The backwards are PyTorch's formulas (real case), written with matmul, transposes, ``tril``
and ``xp.linalg.solve`` only, so they run under ``create_graph`` too. As in PyTorch, the
gradients of singular vectors and eigenvectors are only defined for distinct singular values
or eigenvalues (they divide by their differences), and only for losses that do not depend on
the sign (gauge) of each vector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from autograd.checks import as_str
from autograd.creation import as_tensor
from autograd.engine.function import Function
from autograd.ops.linalg.decomp import XP_LINALG, _eye_like, _mT, check_matrix

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["pinverse", "qr", "svd"]


class QRResult(NamedTuple):
    """``qr``'s result: ``(Q, R)``."""

    Q: Tensor
    R: Tensor


class SVDResult(NamedTuple):
    """``linalg.svd``'s result: ``(U, S, Vh)``."""

    U: Tensor
    S: Tensor
    Vh: Tensor


class LegacySVDResult(NamedTuple):
    """``torch.svd``'s result: ``(U, S, V)`` (V, not its transpose)."""

    U: Tensor
    S: Tensor
    V: Tensor


class EighResult(NamedTuple):
    """``eigh``'s result: ``(eigenvalues, eigenvectors)``, eigenvalues ascending."""

    eigenvalues: Tensor
    eigenvectors: Tensor


# -- qr -----------------------------------------------------------------------------------------


def _right_rinv_t(xp: Any, X: Any, R: Any) -> Any:
    """``X R^-T`` for square upper-triangular ``R``: ``solve(R, X^T)^T``."""
    return _mT(xp, xp.linalg.solve(R, _mT(xp, X)))


def _qr_grad_deep(xp: Any, Q: Any, R: Any, gQ: Any, gR: Any) -> Any:
    """dA for A = QR with m >= n (Q m x n, R n x n):
    Q (gR + tril(Q^T gQ - gQ^T Q + R gR^T - gR R^T) R^-T) + (gQ - Q Q^T gQ) R^-T."""
    qdq = xp.matmul(_mT(xp, Q), gQ)
    rdr = xp.matmul(R, _mT(xp, gR))
    low = xp.tril(qdq - _mT(xp, qdq) + rdr - _mT(xp, rdr))
    return (xp.matmul(Q, gR + _right_rinv_t(xp, low, R))
            + _right_rinv_t(xp, gQ - xp.matmul(Q, qdq), R))


class QR(Function):
    @staticmethod
    def forward(ctx, A, mode):
        xp = ctx.xp
        Q, R = xp.linalg.qr(A, mode="complete" if mode == "complete" else "reduced")
        ctx.mode = mode
        ctx.save_for_backward(A, Q, R)
        if mode == "r":
            Q = xp.zeros((0,), dtype=A.dtype)
            ctx.mark_non_differentiable(Q)
        return Q, R

    @staticmethod
    def backward(ctx, gQ, gR):
        # A = QR: dA from the square/deep formula; a wide A = [X Y] (m < n) is X = Q U,
        # Y = Q V: dY = Q dV, dX the deep formula with dQ + Y dV^T
        A, Q, R = ctx.saved_tensors
        xp = ctx.xp
        m, n = A.shape[-2], A.shape[-1]
        if ctx.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed "
                               "when mode='r'. Please use linalg.qr(A, mode='reduced') if you "
                               "are going to differentiate through linalg.qr.")
        if ctx.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' "
                               f"and nrows > ncols (A of shape {list(A.shape)}).")
        if m >= n:
            return _qr_grad_deep(xp, Q, R, gQ, gR), None
        Y, U = A[..., :, m:], R[..., :, :m]
        gU, gV = gR[..., :, :m], gR[..., :, m:]
        gX = _qr_grad_deep(xp, Q, U, gQ + xp.matmul(Y, _mT(xp, gV)), gU)
        gY = xp.matmul(Q, gV)
        return xp.concatenate([gX, gY], axis=-1), None


def linalg_qr(A: Tensor, mode: str = "reduced") -> QRResult:
    """``A = Q R``, Q with orthonormal columns, R upper triangular (``torch.linalg.qr``):
    ``mode`` ``'reduced'`` (k = min(m, n) columns), ``'complete'`` (Q square) or ``'r'``
    (R only; Q empty)."""
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                           "'reduced' (default), 'r', or 'complete'")
    return QRResult(*QR.apply(check_matrix("linalg.qr", A, square=False), mode=mode))


def qr(input: Tensor, some: bool = True) -> QRResult:
    """``torch.qr``: ``linalg.qr`` with ``mode='reduced'`` (``some=True``) or ``'complete'``."""
    return linalg_qr(input, "reduced" if some else "complete")


# -- svd ----------------------------------------------------------------------------------------


def _svd_grad(xp: Any, U: Any, S: Any, Vh: Any, gU: Any, gS: Any, gVh: Any) -> Any:
    """PyTorch's svd_backward (real): with J = skew(U^T gU), K = skew(V^T gV),
    E_ij = s_j^2 - s_i^2,
    dA = U [(J S + S K) / E + diag(gS)] V^T + (I - U U^T) gU S^-1 V^T
         + U S^-1 gV^T (I - V V^T)."""
    m, n, k = U.shape[-2], Vh.shape[-1], S.shape[-1]
    eye = _eye_like(xp, S[..., None] * S[..., None, :])
    inner = 0
    if gU is not None or gVh is not None:
        s2 = S * S
        E = s2[..., None, :] - s2[..., :, None] + eye
        if gU is not None:
            J = xp.matmul(_mT(xp, U), gU)
            inner = (J - _mT(xp, J)) * S[..., None, :]
        if gVh is not None:
            K = xp.matmul(Vh, _mT(xp, gVh))
            inner = inner + S[..., :, None] * (K - _mT(xp, K))
        inner = inner / E
    if gS is not None:
        inner = inner + gS[..., None, :] * eye
    gA = xp.matmul(U, xp.matmul(inner, Vh))
    if gU is not None and m > k:
        gUs = gU / S[..., None, :]
        gA = gA + xp.matmul(gUs - xp.matmul(U, xp.matmul(_mT(xp, U), gUs)), Vh)
    if gVh is not None and n > k:
        gVs = gVh / S[..., :, None]
        gA = gA + xp.matmul(U, gVs - xp.matmul(xp.matmul(gVs, _mT(xp, Vh)), Vh))
    return gA


def _unused(xp: Any, g: Any) -> Any:
    """None for the all-zero gradient of an output the loss did not use (PyTorch's undefined
    gradient), so that its terms (which divide by differences of values) are left out."""
    if g is None:
        return None
    if getattr(xp, "differentiable", False):  # under create_graph: a Tensor
        if g.requires_grad:
            return g
        g_data = g._data
    else:
        g_data = g
    return g if g_data.any() else None


class SVD(Function):
    @staticmethod
    def forward(ctx, A, full_matrices):
        U, S, Vh = ctx.xp.linalg.svd(A, full_matrices=full_matrices)
        ctx.save_for_backward(U, S, Vh)
        return U, S, Vh

    @staticmethod
    def backward(ctx, gU, gS, gVh):
        # see _svd_grad; with full_matrices the extra columns of U (rows of Vh) are not
        # determined by A, so only the first k take part (as PyTorch)
        U, S, Vh = ctx.saved_tensors
        xp = ctx.xp
        gU, gVh = _unused(xp, gU), _unused(xp, gVh)
        k = S.shape[-1]
        if U.shape[-1] != k:
            U, gU = U[..., :k], None if gU is None else gU[..., :k]
        if Vh.shape[-2] != k:
            Vh, gVh = Vh[..., :k, :], None if gVh is None else gVh[..., :k, :]
        return _svd_grad(xp, U, S, Vh, gU, gS, gVh), None


def linalg_svd(A: Tensor, full_matrices: bool = True, *, driver: Any = None) -> SVDResult:
    """``A = U diag(S) Vh`` with S descending (``torch.linalg.svd``); ``full_matrices=False``
    keeps k = min(m, n) singular vectors."""
    A = check_matrix("linalg.svd", A, square=False)
    _check_driver("linalg.svd", A, driver)
    return SVDResult(*SVD.apply(A, full_matrices=bool(full_matrices)))


def _check_driver(op: str, A: Tensor, driver: Any) -> None:
    """``driver=`` picks a cuSOLVER routine: PyTorch refuses it for CPU tensors."""
    if driver is not None and A.device.type == "cpu" and A._data.size:
        raise RuntimeError(f"torch.{op}: keyword argument `driver=` is only supported on CUDA "
                           "inputs with cuSOLVER backend.")


def svdvals(A: Tensor, *, driver: Any = None) -> Tensor:
    """The singular values of each matrix, descending (``torch.linalg.svdvals``)."""
    A = check_matrix("linalg.svdvals", A, square=False)
    _check_driver("linalg.svdvals", A, driver)
    return SVD.apply(A, full_matrices=False)[1]


def svd(input: Tensor, some: bool = True, compute_uv: bool = True) -> LegacySVDResult:
    """``torch.svd``: ``(U, S, V)`` with ``V`` itself, reduced unless ``some=False``; with
    ``compute_uv=False``, U and V are zeros."""
    if not compute_uv:  # U (m, m) and V (n, n) zero-filled, whatever ``some``
        S = svdvals(input)
        m, n = input.shape[-2], input.shape[-1]
        zero = input.new_zeros
        return LegacySVDResult(zero(tuple(input.shape[:-2]) + (m, m)), S,
                               zero(tuple(input.shape[:-2]) + (n, n)))
    U, S, Vh = linalg_svd(input, full_matrices=not some)
    return LegacySVDResult(U, S, Vh.mT)


# -- eigh ---------------------------------------------------------------------------------------


class Eigh(Function):
    @staticmethod
    def forward(ctx, A, uplo):
        w, V = ctx.xp.linalg.eigh(A, UPLO=uplo)
        ctx.save_for_backward(w, V)
        return w, V

    @staticmethod
    def backward(ctx, gw, gV):
        # A = V diag(w) V^T: dA = V (diag(gw) + skew(V^T gV) / E) V^T, E_ij = w_j - w_i;
        # the skew-symmetric part (PyTorch's projection) makes dA symmetric
        w, V = ctx.saved_tensors
        xp = ctx.xp
        eye = _eye_like(xp, V)
        inner = gw[..., None, :] * eye
        gV = _unused(xp, gV)
        if gV is not None:
            E = w[..., None, :] - w[..., :, None] + eye
            VgV = xp.matmul(_mT(xp, V), gV)
            inner = inner + 0.5 * (VgV - _mT(xp, VgV)) / E
        return xp.matmul(V, xp.matmul(inner, _mT(xp, V))), None


def _uplo(op: str, UPLO: str) -> str:
    as_str(UPLO, op.replace(".", "_"), "UPLO")
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"{op}: Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return UPLO


def eigh(A: Tensor, UPLO: str = "L") -> EighResult:
    """Eigenvalues (ascending) and orthonormal eigenvectors of each symmetric matrix, read
    from its lower (``UPLO='L'``) or upper triangle (``torch.linalg.eigh``)."""
    A = check_matrix("linalg.eigh", A, int_error=NotImplementedError)
    return EighResult(*Eigh.apply(A, uplo=_uplo("linalg.eigh", UPLO)))


def eigvalsh(A: Tensor, UPLO: str = "L") -> Tensor:
    """The eigenvalues (ascending) of each symmetric matrix (``torch.linalg.eigvalsh``)."""
    A = check_matrix("linalg.eigvalsh", A, int_error=NotImplementedError)
    return Eigh.apply(A, uplo=_uplo("linalg.eigvalsh", UPLO))[0]


# -- pinv ---------------------------------------------------------------------------------------


def _tolerance(xp: Any, S: Any, shape: tuple, atol: Any, rtol: Any) -> Any:
    """PyTorch's cut-off: max(atol, rtol * largest singular value), rtol defaulting to
    max(m, n) * eps (and to 0 when atol > 0 is given)."""
    if rtol is None:
        rtol = max(shape[-2:]) * float(xp.finfo(S.dtype).eps) if not atol or atol <= 0 else 0.0
    smax = S[..., :1] if S.shape[-1] else xp.zeros(S.shape[:-1] + (1,), dtype=S.dtype)
    return xp.maximum(0.0 if atol is None else atol, rtol * smax)


class Pinv(Function):
    @staticmethod
    def forward(ctx, A, atol, rtol, hermitian=False):
        xp = ctx.xp
        if hermitian:  # A = V diag(w) V^T from its lower triangle: invert the w kept
            w, V = xp.linalg.eigh(A)
            size = xp.abs(w)
            order = xp.flip(xp.sort(size, axis=-1), axis=-1)
            keep = size > _tolerance(xp, order, A.shape, atol, rtol)
            winv = xp.where(keep, 1.0 / xp.where(keep, w, 1.0), 0.0).astype(A.dtype)
            P = xp.matmul(V * winv[..., None, :], _mT(xp, V))
            ctx.save_for_backward(A, P)
            return P
        U, S, Vh = xp.linalg.svd(A, full_matrices=False)
        keep = S > _tolerance(xp, S, A.shape, atol, rtol)
        sinv = xp.where(keep, 1.0 / xp.where(keep, S, 1.0), 0.0).astype(A.dtype)
        P = xp.matmul(_mT(xp, Vh) * sinv[..., None, :], _mT(xp, U))
        ctx.save_for_backward(A, P)
        return P

    @staticmethod
    def backward(ctx, g):
        # PyTorch's pinv_backward (a full-rank A; P = pinv(A), smaller products first); the
        # same for hermitian=True, with A as given
        A, P = ctx.saved_tensors
        xp = ctx.xp
        m, n = A.shape[-2], A.shape[-1]
        Ph, gh = _mT(xp, P), _mT(xp, g)
        if m <= n:
            K = xp.matmul(gh, P)
            KPh = xp.matmul(K, Ph)
            return (-_mT(xp, xp.matmul(P, K)) + KPh - xp.matmul(xp.matmul(A, P), KPh)
                    + xp.matmul(xp.matmul(Ph, P), gh - xp.matmul(K, A))), None, None, None
        K = xp.matmul(P, gh)
        PhK = xp.matmul(Ph, K)
        return (-_mT(xp, xp.matmul(K, P)) + xp.matmul(xp.matmul(gh - xp.matmul(A, K), P), Ph)
                + PhK - xp.matmul(xp.matmul(PhK, P), A)), None, None, None


def pinv(A: Tensor, rcond: Any = None, hermitian: bool = False, *, atol: Any = None,
         rtol: Any = None) -> Tensor:
    """The Moore-Penrose pseudo-inverse of each matrix, singular values at or below
    ``max(atol, rtol * sigma_max)`` treated as zero (``torch.linalg.pinv``; ``rcond`` is the
    older name of ``rtol``); ``hermitian=True`` reads a symmetric matrix from its lower
    triangle and inverts its eigenvalues (the gradient is PyTorch's, of A as given)."""
    A = check_matrix("linalg.pinv", A, square=hermitian)
    if rcond is not None:
        if rtol is not None or atol is not None:
            raise RuntimeError("linalg.pinv: rcond cannot be given with atol or rtol")
        rtol = rcond
    atol = None if atol is None else float(atol)
    rtol = None if rtol is None else float(rtol)
    return Pinv.apply(A, atol=atol, rtol=rtol, hermitian=bool(hermitian))


def pinverse(input: Tensor, rcond: float = 1e-15) -> Tensor:
    """``torch.pinverse``: ``linalg.pinv`` with ``rtol=rcond``."""
    return pinv(input, rtol=rcond)


def matrix_rank(A: Tensor, *, atol: Any = None, rtol: Any = None, hermitian: bool = False,
                tol: Any = None) -> Tensor:
    """The number of singular values above ``max(atol, rtol * sigma_max)`` per matrix
    (``torch.linalg.matrix_rank``; int64, no gradient)."""
    A = check_matrix("linalg.matrix_rank", A, square=hermitian)
    if tol is not None:
        atol, rtol = tol, 0.0
    xp = A.device.backend
    if hermitian:  # the moduli of the eigenvalues (lower triangle read), largest first
        S = xp.flip(xp.sort(xp.abs(xp.linalg.eigvalsh(A._data)), axis=-1), axis=-1)
    else:
        S = xp.linalg.svd(A._data, compute_uv=False)
    count = (S > _tolerance(xp, S, A.shape, atol, rtol)).sum(-1).astype("int64")
    return as_tensor(count, device=A.device)


XP_LINALG.svd = linalg_svd
XP_LINALG.qr = linalg_qr
XP_LINALG.eigh = eigh
XP_LINALG.pinv = pinv
