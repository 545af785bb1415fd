"""Square-matrix linear algebra: det, slogdet, inv, solve, cholesky (``torch.linalg``'s).

Each is one Function over the backend's LAPACK (NumPy) or cuSOLVER (CuPy) routine through
``ctx.xp.linalg``; every matrix argument is a batch ``(*, n, n)``, batch dims broadcast. The
backwards use only matmul, transposes and ``xp.linalg.inv`` / ``xp.linalg.solve``, which the
differentiable namespace maps back onto these Functions (registered at the bottom), so
``create_graph=True`` gives every order of derivative from the same formulas.

Singular inputs raise ``LinAlgError`` (a RuntimeError, as ``torch.linalg.LinAlgError``) with
PyTorch's message. NumPy reports singularity itself; CuPy does not without a device
synchronisation, so on a GPU a singular system gives inf/NaN instead of raising.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from autograd import dtypes as _dt
from autograd.checks import as_bool, dtype_name
from autograd.creation import as_tensor
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to
from autograd.ops.elementwise.select import where
from autograd.ops.shape.view import unsqueeze

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["det", "logdet", "slogdet", "inverse", "cholesky"]


class LinAlgError(RuntimeError):
    """A linear-algebra routine failed on its input (``torch.linalg.LinAlgError``)."""


class SlogdetResult(NamedTuple):
    """``slogdet``'s result: ``(sign, logabsdet)``."""

    sign: Tensor
    logabsdet: Tensor


# -- argument checks ----------------------------------------------------------------------------


def check_matrix(op: str, A: Any, square: bool = True, name: str = "A",
                 int_error: type[Exception] = RuntimeError) -> Tensor:
    """``A`` as a floating batch of (square) matrices, or PyTorch's error (``int_error`` for
    an integer ``A``: the NotImplementedError of the routines PyTorch dispatches by dtype
    before checking it)."""
    if not isinstance(A, TensorBase):
        raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(A).__name__}")
    if A.ndim < 2:
        raise RuntimeError(f"{op}: The input tensor {name} must have at least 2 dimensions.")
    if A._data.dtype.kind not in "fV":
        kind = {"i": "Long" if A.dtype == _dt.int64 else "Int", "b": "Bool", "u": "Byte"}
        # PyTorch's LAPACK wrappers refuse integers (RuntimeError); bool reaches a kernel
        # without a bool version (NotImplementedError)
        error = NotImplementedError if A._data.dtype.kind == "b" else int_error
        raise error(f"{op}: Expected a floating point or complex tensor as input. Got "
                    f"{kind.get(A._data.dtype.kind, A.dtype.name)}")
    if A._data.dtype.itemsize == 2:
        # LAPACK has no half precision (float16, bfloat16): PyTorch raises RuntimeError or
        # NotImplementedError (its subclass) by function; NumPy's builtin TypeError must not
        # escape
        raise NotImplementedError(f"{op}: Low precision dtypes not supported. Got "
                                  f"{dtype_name(A.dtype)} (shape {list(A.shape)})")
    if square and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{op}: {name} must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")
    return A


def _same_dtype(a: Tensor, b: Tensor) -> tuple[Tensor, Tensor]:
    if a._data.dtype is b._data.dtype:
        return a, b
    dt = _dt.promote_types(a._data.dtype, b._data.dtype)
    return to(a, dt), to(b, dt)


def _mT(xp: Any, a: Any) -> Any:
    return xp.swapaxes(a, -1, -2)


def _eye_like(xp: Any, a: Any) -> Any:
    """The identity of ``a``'s last dim, on ``a``'s device (a constant)."""
    raw = getattr(xp, "raw", xp)
    return xp.asarray(raw.eye(a.shape[-1], dtype=a.dtype))


# -- det, slogdet -------------------------------------------------------------------------------


def _cofactor(xp: Any, A: Any, d: Any) -> Any:
    """``det(A) * inv(A)^T``, the gradient of det; through the SVD where A is singular
    (``det(U) det(V) U diag(prod_{j != i} s_j) V^T``, finite at any rank)."""
    if xp.differentiable or not bool(xp.any(d == 0)):
        return d[..., None, None] * _mT(xp, xp.linalg.inv(A))
    u, s, vh = xp.linalg.svd(A)
    ones = xp.ones(s.shape[:-1] + (1,), dtype=s.dtype)
    before = xp.cumprod(xp.concatenate([ones, s[..., :-1]], axis=-1), axis=-1)
    after = xp.flip(xp.cumprod(xp.flip(xp.concatenate([s[..., 1:], ones], axis=-1), -1),
                               axis=-1), -1)
    sign = xp.linalg.det(u) * xp.linalg.det(vh)
    return sign[..., None, None] * xp.matmul(u * (before * after)[..., None, :], vh)


class Det(Function):
    @staticmethod
    def forward(ctx, A):
        d = ctx.xp.linalg.det(A)
        ctx.save_for_backward(A, d)
        return d

    @staticmethod
    def backward(ctx, gd):
        # d det(A) = det(A) tr(A^-1 dA):  dA = gd det(A) A^-T (the cofactor matrix)
        A, d = ctx.saved_tensors
        return gd[..., None, None] * _cofactor(ctx.xp, A, d)


def det(A: Tensor) -> Tensor:
    """The determinant of each square matrix of ``A`` (``torch.linalg.det``)."""
    if (isinstance(A, TensorBase) and A._data.dtype.itemsize == 2 and A._data.size == 0
            and A._data.dtype.kind in "fV" and A.ndim >= 2):
        # nothing for LAPACK to do: PyTorch returns an empty float16 / bfloat16 batch (or the
        # ones of 0 x 0 matrices) where it refuses a non-empty one
        check_matrix("linalg.det", to(A, _dt.float32))
        return to(Det.apply(to(A, _dt.float32)), A._data.dtype)
    return Det.apply(check_matrix("linalg.det", A))


class LogAbsDet(Function):
    @staticmethod
    def forward(ctx, A):
        sign, logabs = ctx.xp.linalg.slogdet(A)
        ctx.save_for_backward(A)
        ctx.sign = sign
        return logabs

    @staticmethod
    def backward(ctx, g):
        # d log|det A| = tr(A^-1 dA):  dA = g A^-T
        (A,) = ctx.saved_tensors
        xp = ctx.xp
        return g[..., None, None] * _mT(xp, _inv_unchecked(xp, A))


def _inv_unchecked(xp: Any, A: Any) -> Any:
    """``A^-1``; for a singular A the inf/NaN of LU substitution through the zero pivot (as
    PyTorch's backward gives) instead of an error."""
    if xp.differentiable:
        return xp.linalg.inv(A)
    try:
        return xp.linalg.inv(A)
    except xp.linalg.LinAlgError:
        return lu_inverse(xp, A)


# A^-1 by LU substitution, for _inv_unchecked: set by ops.linalg.lu when it is imported (it
# builds on this module, so this module cannot import it).
lu_inverse: Any = None


def slogdet(A: Tensor) -> SlogdetResult:
    """``(sign, logabsdet)`` of each square matrix, ``det = sign * exp(logabsdet)`` without
    overflow (``torch.linalg.slogdet``); only logabsdet carries a gradient."""
    A = check_matrix("linalg.slogdet", A)
    sign, _ = A.device.backend.linalg.slogdet(A._data)
    return SlogdetResult(as_tensor(sign, device=A.device), LogAbsDet.apply(A))


def logdet(input: Tensor) -> Tensor:
    """``log(det(input))``: NaN where the determinant is negative, -inf where it is 0."""
    sign, logabs = slogdet(check_matrix("logdet", input))
    return where(sign < 0, float("nan"), logabs)  # sign 0: logabsdet is already -inf


# -- inv, solve ---------------------------------------------------------------------------------


def _singular(op: str, shape: tuple) -> LinAlgError:
    return LinAlgError(f"{op}: The solver failed because the input matrix is singular. (A of "
                       f"shape {list(shape)})")


class Inv(Function):
    @staticmethod
    def forward(ctx, A):
        xp = ctx.xp
        try:
            y = xp.linalg.inv(A)
        except xp.linalg.LinAlgError:
            raise _singular("linalg.inv", A.shape) from None
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d A^-1 = -A^-1 dA A^-1:  dA = -A^-T gy A^-T
        (y,) = ctx.saved_tensors
        xp = ctx.xp
        yt = _mT(xp, y)
        return -xp.matmul(yt, xp.matmul(gy, yt))


def inv(A: Tensor) -> Tensor:
    """The inverse of each square matrix (``torch.linalg.inv``); LinAlgError if singular."""
    return Inv.apply(check_matrix("linalg.inv", A))


def inverse(input: Tensor) -> Tensor:
    """``torch.inverse``: the same as ``linalg.inv``."""
    return inv(input)


def _broadcast_batch(xp: Any, A: Any, B: Any) -> tuple[Any, Any]:
    batch = np.broadcast_shapes(A.shape[:-2], B.shape[:-2])
    return (xp.broadcast_to(A, batch + A.shape[-2:]), xp.broadcast_to(B, batch + B.shape[-2:]))


class Solve(Function):
    @staticmethod
    def forward(ctx, A, B):
        xp = ctx.xp
        A2, B2 = _broadcast_batch(xp, A, B)
        try:
            X = xp.linalg.solve(A2, B2)
        except xp.linalg.LinAlgError:
            raise _singular("torch.linalg.solve", A.shape) from None
        ctx.save_for_backward(A, X)
        return X

    @staticmethod
    def backward(ctx, gX):
        # A X = B:  dB = A^-T gX,  dA = -dB X^T
        A, X = ctx.saved_tensors
        xp = ctx.xp
        gB = xp.linalg.solve(_mT(xp, A), gX)
        gA = -xp.matmul(gB, _mT(xp, X)) if ctx.needs_input_grad[0] else None
        return gA, gB


def solve(A: Tensor, B: Tensor, *, left: bool = True) -> Tensor:
    """The solution ``X`` of ``A X = B`` (``X A = B`` with ``left=False``) for square ``A``
    (``torch.linalg.solve``); ``B`` a batch of vectors ``(*, n)`` or of matrices ``(*, n, k)``,
    batch dims broadcast. LinAlgError if ``A`` is singular."""
    left = as_bool(left, "linalg_solve", "left")
    A = check_matrix("linalg.solve", A)
    if not isinstance(B, TensorBase):
        raise TypeError(f"linalg.solve(): argument 'B' must be Tensor, not {type(B).__name__}")
    if A._data.dtype is not B._data.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found "
                           f"A of type {dtype_name(A.dtype)} and B of type {dtype_name(B.dtype)}"
                           " instead.")
    if B.ndim == 0:
        raise RuntimeError(f"linalg.solve: The input tensor B must have at least 2 dimensions "
                           f"(B is 0-d, A of shape {list(A.shape)}).")
    n = A.shape[-1]
    vector = B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))
    if not left:
        if vector:
            raise RuntimeError("linalg.solve: Vector broadcasting of the left hand side is not "
                               "supported for left=False. In this case linalg.solve is "
                               "equivalent to B / A.squeeze(-1)")
        if B.shape[-1] != n:
            raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                               f"XA = B ({A.shape[-2]}x{n} and {B.shape[-2]}x{B.shape[-1]})")
        _check_batch(A, B)
        return Solve.apply(A.mT, B.mT).mT  # X A = B  <=>  A^T X^T = B^T
    rows = B.shape[-1] if vector else B.shape[-2]
    if rows != n:
        cols = 1 if vector else B.shape[-1]
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"AX = B ({A.shape[-2]}x{n} and {rows}x{cols})")
    if vector:
        return Solve.apply(A, unsqueeze(B, -1)).squeeze(-1)
    _check_batch(A, B)
    return Solve.apply(A, B)


def _check_batch(A: Tensor, B: Tensor) -> None:
    try:
        np.broadcast_shapes(tuple(A.shape[:-2]), tuple(B.shape[:-2]))
    except ValueError:
        raise RuntimeError(f"linalg.solve: the batch dims of A {list(A.shape)} and B "
                           f"{list(B.shape)} do not broadcast") from None


# -- cholesky -----------------------------------------------------------------------------------


class Cholesky(Function):
    @staticmethod
    def forward(ctx, A):
        xp = ctx.xp
        try:
            L = xp.linalg.cholesky(A)
        except xp.linalg.LinAlgError:
            raise LinAlgError("linalg.cholesky: The factorization could not be completed "
                              "because the input is not positive-definite.") from None
        ctx.save_for_backward(L)
        return L

    @staticmethod
    def backward(ctx, gL):
        # A = L L^T (lower triangle of A read): with T = tril(L^T gL) and
        # P = (T + tril(T, -1)^T) / 2, dA = L^-T P L^-1 (symmetric), as PyTorch
        (L,) = ctx.saved_tensors
        xp = ctx.xp
        T = xp.tril(xp.matmul(_mT(xp, L), gL))
        P = 0.5 * (T + _mT(xp, xp.tril(T, -1)))
        Linv = xp.linalg.inv(L)
        return xp.matmul(_mT(xp, Linv), xp.matmul(P, Linv))


def cholesky(A: Tensor, upper: bool = False, *, out: Any = None) -> Tensor:
    """The Cholesky factor ``L`` (``A = L L^T``) of each symmetric positive-definite matrix,
    from its lower triangle; ``upper=True`` returns ``L^T`` (``torch.linalg.cholesky``).
    LinAlgError if a matrix is not positive-definite."""
    if out is not None:
        raise TypeError("linalg.cholesky(): out= is not supported")
    L = Cholesky.apply(check_matrix("linalg.cholesky", A, int_error=NotImplementedError))
    return L.mT if upper else L


# -- what backward formulas call under create_graph -------------------------------------------


def _xp_solve(a: Tensor, b: Tensor) -> Tensor:
    a, b = _same_dtype(a, b)  # backward formulas may mix a gradient's dtype with A's
    return Solve.apply(a, b) if b.ndim >= 2 else solve(a, b)


def _xp_slogdet(a: Tensor) -> tuple:
    return slogdet(a)


# the ``xp.linalg`` of the differentiable namespace; the other linalg modules add to it
XP_LINALG = register("linalg")(types.SimpleNamespace(
    inv=inv, solve=_xp_solve, det=det, slogdet=_xp_slogdet, cholesky=cholesky))
