"""Matrix functions and tensor-shaped solvers: ``linalg.matrix_exp``, ``tensorinv``,
``tensorsolve``, ``vander``, ``householder_product``, ``diagonal`` and the legacy
``torch.nuclear_norm`` / ``torch.frobenius_norm``.

``matrix_exp`` is one Function: scaling and squaring with the degree-13 Padé approximant
(Higham 2005), each matrix scaled by its own power of two, the whole batch at once; its
backward is the Fréchet derivative read off the exponential of a block matrix
(``exp([[A^T, G], [0, A^T]])``'s upper-right block, as PyTorch), which is again a
``matrix_exp``, so every order of derivative exists. The rest are compositions of
differentiable ops.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from autograd import dtypes as _dt
from autograd.checks import as_bool, dtype_name, wrap_dims
from autograd.creation import eye as _eye
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to
from autograd.ops.linalg.decomp import XP_LINALG, _mT, check_matrix, inv, solve
from autograd.ops.linalg.norms import matrix_norm, vector_norm
from autograd.ops.linalg.triangular import lapack_input
from autograd.ops.reduction.cumulative import cumprod
from autograd.ops.shape.copy import cat, tril
from autograd.ops.shape.diagonal import diagonal as _diagonal

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["frobenius_norm", "geqrf", "matrix_exp", "nuclear_norm", "orgqr", "ormqr"]

# Higham (2005), "The scaling and squaring method for the matrix exponential revisited"
_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
           129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
           40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152


def _expm(xp: Any, A: Any) -> Any:
    """``exp(A)`` for each matrix of ``A (*, n, n)`` (raw arrays)."""
    n = A.shape[-1]
    if A.size == 0:
        return A.copy()
    norm1 = xp.max(xp.sum(xp.abs(A), axis=-2), axis=-1)  # (*,)
    s = xp.ceil(xp.log2(xp.maximum(norm1 / _THETA13, 1.0)))  # no squaring below the bound
    s = xp.where(xp.isfinite(s), s, 0).astype(A.dtype)
    A = A * xp.exp2(-s)[..., None, None]
    b = _PADE13
    eye = xp.broadcast_to(xp.eye(n, dtype=A.dtype), A.shape)
    A2 = xp.matmul(A, A)
    A4 = xp.matmul(A2, A2)
    A6 = xp.matmul(A4, A2)
    U = xp.matmul(A, xp.matmul(A6, b[13] * A6 + b[11] * A4 + b[9] * A2)
                  + b[7] * A6 + b[5] * A4 + b[3] * A2 + b[1] * eye)
    V = (xp.matmul(A6, b[12] * A6 + b[10] * A4 + b[8] * A2)
         + b[6] * A6 + b[4] * A4 + b[2] * A2 + b[0] * eye)
    R = xp.linalg.solve(V - U, V + U)
    steps = int(xp.to_numpy(xp.max(s)))  # one host read: how many squarings
    for t in range(steps):
        R = xp.where((s > t)[..., None, None], xp.matmul(R, R), R)
    return R


def _exp(xp: Any, A: Any) -> Any:
    return MatrixExp.apply(A) if getattr(xp, "differentiable", False) else _expm(xp, A)


class MatrixExp(Function):
    @staticmethod
    def forward(ctx, A):
        ctx.save_for_backward(A)
        return _expm(ctx.xp, A)

    @staticmethod
    def backward(ctx, gE):
        # dA = L(A^T, gE), the Frechet derivative of exp at A^T in the direction gE:
        # exp([[A^T, gE], [0, A^T]]) = [[exp(A^T), L(A^T, gE)], [0, exp(A^T)]]
        (A,) = ctx.saved_tensors
        xp = ctx.xp
        n = A.shape[-1]
        At = _mT(xp, A)
        shape = tuple(np.broadcast_shapes(tuple(A.shape), tuple(gE.shape)))
        At = xp.broadcast_to(At, shape)
        gE = xp.broadcast_to(gE, shape)
        zeros = xp.zeros(shape, dtype=A.dtype)
        M = xp.concatenate([xp.concatenate([At, gE], axis=-1),
                            xp.concatenate([zeros, At], axis=-1)], axis=-2)
        return _exp(xp, M)[..., :n, n:]


def matrix_exp(A: Tensor) -> Tensor:
    """The matrix exponential of each square matrix of ``A`` (``torch.linalg.matrix_exp``,
    ``torch.matrix_exp``)."""
    if isinstance(A, TensorBase) and A._data.dtype.kind in "fV" and A._data.dtype.itemsize == 2:
        # no half-precision solve: computed in float32, rounded back (PyTorch accepts them)
        return to(matrix_exp(to(A, _dt.float32)), A.dtype)
    return MatrixExp.apply(check_matrix("linalg.matrix_exp", A))


XP_LINALG.matrix_exp = matrix_exp


# -- tensor-shaped inverse and solve -------------------------------------------------------------


def tensorinv(A: Tensor, ind: int = 2, *, out: Any = None) -> Tensor:
    """The inverse of ``A`` read as a matrix ``prod(shape[:ind]) x prod(shape[ind:])``, of shape
    ``shape[ind:] + shape[:ind]`` (``torch.linalg.tensorinv``)."""
    if out is not None:
        raise TypeError("linalg.tensorinv(): out= is not supported")
    if not isinstance(ind, int) or isinstance(ind, bool):
        raise TypeError(f"linalg_tensorinv(): argument 'ind' must be int, not "
                        f"{type(ind).__name__}")
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    if ind > A.ndim:
        raise RuntimeError(f"linalg.tensorinv: ind={ind} is larger than the number of dims of "
                           f"A {list(A.shape)}")
    rows, cols = tuple(A.shape[:ind]), tuple(A.shape[ind:])
    if math.prod(rows) != math.prod(cols):
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:]) "
                           f"== prod(self.shape[:ind]), but got {math.prod(cols)} != "
                           f"{math.prod(rows)}")
    n = math.prod(rows)
    return inv(A.reshape(n, n)).reshape(cols + rows)


def tensorsolve(A: Tensor, B: Tensor, dims: Any = None, *, out: Any = None) -> Tensor:
    """The ``X`` with ``tensordot(A, X, X.ndim) == B``, of shape ``A.shape[B.ndim:]``
    (``torch.linalg.tensorsolve``); ``dims``: dims of ``A`` moved to the end first."""
    if out is not None:
        raise TypeError("linalg.tensorsolve(): out= is not supported")
    if not isinstance(B, TensorBase):
        raise TypeError(f"linalg.tensorsolve(): argument 'other' must be Tensor, not "
                        f"{type(B).__name__}")
    if B.ndim > A.ndim:
        raise RuntimeError(f"linalg.tensorsolve: other {list(B.shape)} has more dims than "
                           f"A {list(A.shape)}")
    if dims is not None:
        dims = list(wrap_dims(dims, A.ndim, "linalg.tensorsolve"))
        A = A.permute([d for d in range(A.ndim) if d not in dims] + dims)
    rest = tuple(A.shape[B.ndim:])
    nrows, ncols = B.numel(), math.prod(rest)
    if tuple(A.shape[:B.ndim]) != tuple(B.shape) or nrows != ncols:
        raise RuntimeError(f"Expected self to satisfy the requirement "
                           f"prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), "
                           f"but got {ncols} != {math.prod(A.shape[:B.ndim])}")
    return solve(A.reshape(nrows, ncols), B.reshape(nrows)).reshape(rest)


# -- vander, householder_product, diagonal -----------------------------------------------------


def vander(x: Tensor, *, N: int | None = None) -> Tensor:
    """The Vandermonde matrix ``x[..., i] ** j`` for ``j < N`` (default ``x.shape[-1]``),
    powers increasing (``torch.linalg.vander``)."""
    kind = x._data.dtype.kind
    if kind == "b" or (kind in "fV" and x._data.dtype.itemsize == 2):
        raise RuntimeError(f"linalg.vander supports floating point, complex, and integer "
                           f"tensors, but got {dtype_name(x.dtype)}")
    if x.ndim == 0:
        x = x.reshape(1)  # one point, as PyTorch
    n = x.shape[-1] if N is None else N
    if n <= 1:
        raise RuntimeError("N must be greater than 1.")
    if not x.is_floating_point():
        x = x.long()  # integer powers in int64, as PyTorch
    ones = x.new_ones(tuple(x.shape) + (1,))
    powers = cumprod(x.unsqueeze(-1).expand(tuple(x.shape) + (n - 1,)), -1)
    return cat([ones, powers], -1)


def householder_product(A: Tensor, tau: Tensor, *, out: Any = None) -> Tensor:
    """The first ``n`` columns of ``H_1 ... H_k``, ``H_i = I - tau_i v_i v_i^T`` with ``v_i``
    column ``i`` of ``A (*, m, n)`` below the diagonal and 1 on it
    (``torch.linalg.householder_product``, LAPACK's orgqr)."""
    if out is not None:
        raise TypeError("linalg.householder_product(): out= is not supported")
    op = "torch.linalg.householder_product"
    A = lapack_input(op, A, kernel="orgqr_cpu", square=False, name="input")
    if not isinstance(tau, TensorBase):
        raise TypeError(f"linalg.householder_product(): argument 'tau' must be Tensor, not "
                        f"{type(tau).__name__}")
    if tau.ndim == 0:
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    m, n = A.shape[-2], A.shape[-1]
    if m < n:
        raise RuntimeError(f"{op}: input.shape[-2] must be greater than or equal to "
                           "input.shape[-1]")
    if tau.ndim != A.ndim - 1:
        raise RuntimeError(f"{op}: input.dim() - tau.dim() must be equal to 1, but got "
                           f"{A.ndim - tau.ndim}")
    k = tau.shape[-1]
    if k > n:
        raise RuntimeError(f"{op}: input.shape[-1] must be greater than or equal to "
                           "tau.shape[-1]")
    if tuple(tau.shape[:-1]) != tuple(A.shape[:-2]):
        raise RuntimeError(f"{op}: Expected batch dimensions of tau to be equal to "
                           f"input.shape[:-2], but got {list(tau.shape[:-1])}")
    if tau.dtype != A.dtype:
        raise RuntimeError(f"{op}: tau dtype {tau.dtype.name} does not match input dtype "
                           f"{A.dtype.name}")
    V = tril(A[..., :, :k], -1) + _eye(m, k, dtype=A.dtype, device=A.device)
    Q = _eye(m, dtype=A.dtype, device=A.device).expand(tuple(A.shape[:-2]) + (m, m))
    for i in range(k):
        v = V[..., :, i:i + 1]
        Q = Q - (Q @ v) @ (v.mT * tau[..., i:i + 1, None])
    if k == 0:  # the identity, still a (constant) function of A: tril(A, -m) is all zeros
        return Q[..., :, :n] + tril(A, -m)
    return Q[..., :, :n]


def orgqr(input: Tensor, tau: Tensor) -> Tensor:
    """``torch.orgqr``: the same as ``linalg.householder_product``."""
    return householder_product(input, tau)


class GeqrfResult(NamedTuple):
    """``geqrf``'s result: ``(a, tau)``."""

    a: Tensor
    tau: Tensor


class Geqrf(Function):
    @staticmethod
    def forward(ctx, A):
        h, tau = ctx.xp.linalg.qr(A, mode="raw")  # LAPACK's geqrf, h transposed
        a = ctx.xp.swapaxes(h, -1, -2).copy()
        return a, tau

    @staticmethod
    def backward(ctx, ga, gtau):
        # PyTorch has no derivative for it either: a loss through geqrf is refused, not given a
        # silently missing gradient
        raise NotImplementedError("the derivative for 'geqrf' is not implemented.")


def geqrf(input: Tensor) -> GeqrfResult:
    """``(a, tau)``: the QR factorisation as LAPACK's geqrf leaves it, R on and above the
    diagonal of ``a`` and the Householder reflectors below it (``torch.geqrf``; a backward
    through it raises NotImplementedError, as in PyTorch).
    ``linalg.householder_product(a, tau)`` gives Q."""
    return GeqrfResult(*Geqrf.apply(lapack_input("geqrf", input, kernel="geqrf_cpu",
                                                 square=False, name="input")))


def ormqr(input: Tensor, input2: Tensor, input3: Tensor, left: bool = True,
          transpose: bool = False) -> Tensor:
    """``Q @ input3`` (``input3 @ Q`` with ``left=False``; ``Q^T`` with ``transpose=True``) for
    the ``Q`` of the reflectors ``(input, input2)`` of ``geqrf``, without forming it by the
    caller (``torch.ormqr``)."""
    op = "torch.ormqr"
    left, transpose = as_bool(left, "ormqr", "left"), as_bool(transpose, "ormqr", "transpose")
    A = lapack_input(op, input, kernel="ormqr_cpu", square=False, name="input")
    C = lapack_input(op, input3, kernel="ormqr_cpu", square=False, name="other")
    if C.ndim != A.ndim:
        raise RuntimeError(f"{op}: Expected other to have the same number of dimensions as "
                           f"input, but got other.ndim equal to {C.ndim} and input.ndim is "
                           f"equal to {A.ndim}")
    if tuple(C.shape[:-2]) != tuple(A.shape[:-2]):
        raise RuntimeError(f"{op}: Expected batch dimensions of other to be equal to "
                           f"input.shape[:-2], but got {list(C.shape[:-2])}")
    m = C.shape[-2] if left else C.shape[-1]
    if A.shape[-2] != m:
        side = "other.shape[-2]" if left else "other.shape[-1]"
        raise RuntimeError(f"{op}: Expected input.shape[-2] to match {side} ({A.shape[-2]} "
                           f"!= {m})")
    k = A.shape[-1]
    if not isinstance(input2, TensorBase):
        raise TypeError(f"ormqr(): argument 'input2' must be Tensor, not "
                        f"{type(input2).__name__}")
    if input2.ndim == 0:
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    if tuple(input2.shape[:-1]) != tuple(A.shape[:-2]):
        raise RuntimeError(f"{op}: Expected batch dimensions of tau to be equal to "
                           f"input.shape[:-2], but got {list(input2.shape[:-1])}")
    if input2.shape[-1] != min(m, k):
        raise RuntimeError(f"{op}: tau.shape[-1] must be equal to min(other.shape[-2], "
                           f"input.shape[-1]) (tau of shape {list(input2.shape)})")
    square = A[..., :, :m] if k >= m else cat(
        [A, A.new_zeros(tuple(A.shape[:-1]) + (m - k,))], -1)
    Q = householder_product(square, input2)
    if transpose:
        Q = Q.mT
    return Q @ C if left else C @ Q


def diagonal(A: Tensor, *, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """``torch.linalg.diagonal``: ``diagonal`` with the last two dims by default."""
    if not isinstance(offset, int) or isinstance(offset, bool):
        raise TypeError(f"linalg_diagonal(): argument 'offset' must be int, not "
                        f"{type(offset).__name__}")
    wrap_dims((dim1, dim2), A.ndim, "linalg.diagonal")  # IndexError, as PyTorch
    return _diagonal(A, offset, dim1, dim2)


# -- legacy norms --------------------------------------------------------------------------------


def frobenius_norm(input: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
    """``torch.frobenius_norm`` (deprecated in PyTorch): the 2-norm of the elements over
    ``dim``."""
    if not isinstance(keepdim, bool):
        raise TypeError(f"frobenius_norm(): argument 'keepdim' must be bool, not "
                        f"{type(keepdim).__name__}")
    return vector_norm(input, 2, _int_dims("frobenius_norm", dim), keepdim)


def nuclear_norm(input: Tensor, dim: Any = (-2, -1), keepdim: bool = False) -> Tensor:
    """``torch.nuclear_norm`` (deprecated in PyTorch): the sum of the singular values of the
    matrices in ``dim``."""
    if isinstance(dim, bool):  # nuclear_norm(input, keepdim)
        dim, keepdim = (-2, -1), dim
    if not isinstance(keepdim, bool):
        raise TypeError(f"nuclear_norm(): argument 'keepdim' must be bool, not "
                        f"{type(keepdim).__name__}")
    return matrix_norm(input, "nuc", _int_dims("nuclear_norm", dim), keepdim)


def _int_dims(op: str, dim: Any) -> Any:
    """An int or a sequence of ints, or PyTorch's TypeError."""
    items = dim if isinstance(dim, (list, tuple)) else (dim,)
    if not all(isinstance(d, int) and not isinstance(d, bool) for d in items):
        raise TypeError(f"{op}(): argument 'dim' must be tuple of ints, not "
                        f"{type(dim).__name__}")
    return dim
