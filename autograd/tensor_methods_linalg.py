"""The Tensor methods of linear algebra: matrix and vector products (``matmul`` ... ``addbmm``,
``inner``, ``vdot``, ``ger``, ``mv``, ``kron``, ``cross``), ``trace``, determinants, inverses
and decompositions (``cholesky``, ``qr``, ``svd``, ``lu``, ``geqrf`` ...), the LU, Cholesky and
triangular solvers, ``matrix_power`` and ``matrix_exp``, and the in-place ``addmm_`` ...
``addbmm_``, each a one-line call into ``autograd.ops.linalg``.

A mixin of ``Tensor`` (see ``autograd.tensor_methods_elementwise``), with empty ``__slots__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.engine.inplace import inplace
from autograd.ops.linalg import decomp as _decomp
from autograd.ops.linalg import lu as _lu
from autograd.ops.linalg import matmul as _matmul
from autograd.ops.linalg import matrix_functions as _mf
from autograd.ops.linalg import products as _products
from autograd.ops.linalg import spectral as _spectral
from autograd.ops.linalg import triangular as _tri
from autograd.ops.linalg import vectors as _vectors
from autograd.ops.shape import diagonal as _diagonal

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _LinalgMethods:
    """Matrix products, decompositions, solvers and the matrix exponential."""

    __slots__ = ()

    # -- products, determinants and decompositions ----------------------------------------
    def matmul(self, other: Tensor) -> Tensor:
        """Matrix product with batch broadcasting (see ``autograd.matmul``)."""
        return _matmul.matmul(self, other)

    def mm(self, other: Tensor) -> Tensor:
        """Product of two matrices (see ``autograd.mm``)."""
        return _matmul.mm(self, other)

    def bmm(self, other: Tensor) -> Tensor:
        """Batched product of two 3-D tensors (see ``autograd.bmm``)."""
        return _matmul.bmm(self, other)

    def dot(self, other: Tensor) -> Tensor:
        """Inner product of two 1-D tensors (see ``autograd.dot``)."""
        return _matmul.dot(self, other)

    def outer(self, other: Tensor) -> Tensor:
        """Outer product of two 1-D tensors (see ``autograd.outer``)."""
        return _matmul.outer(self, other)

    def det(self) -> Tensor:
        """Determinant of each square matrix (see ``autograd.linalg.det``)."""
        return _decomp.det(self)

    def logdet(self) -> Tensor:
        """``log(det(self))`` (see ``autograd.logdet``)."""
        return _decomp.logdet(self)

    def slogdet(self) -> Any:
        """``(sign, logabsdet)`` of each square matrix (see ``autograd.linalg.slogdet``)."""
        return _decomp.slogdet(self)

    def inverse(self) -> Tensor:
        """Inverse of each square matrix (see ``autograd.linalg.inv``)."""
        return _decomp.inv(self)

    def cholesky(self, upper: bool = False) -> Tensor:
        """Cholesky factor (see ``autograd.linalg.cholesky``)."""
        return _decomp.cholesky(self, upper)

    def pinverse(self, rcond: float = 1e-15) -> Tensor:
        """Pseudo-inverse (see ``autograd.pinverse``)."""
        return _spectral.pinverse(self, rcond)

    def qr(self, some: bool = True) -> Any:
        """``(Q, R)`` (see ``autograd.qr``)."""
        return _spectral.qr(self, some)

    def svd(self, some: bool = True, compute_uv: bool = True) -> Any:
        """``(U, S, V)`` (see ``autograd.svd``)."""
        return _spectral.svd(self, some, compute_uv)

    def matrix_power(self, n: int) -> Tensor:
        """``self`` to the matrix power ``n`` (see ``autograd.linalg.matrix_power``)."""
        return _products.matrix_power(self, n)

    def cross(self, other: Tensor, dim: int | None = None) -> Tensor:
        """Cross product of 3-vectors (see ``autograd.cross``)."""
        return _products.cross(self, other, dim)

    def kron(self, other: Tensor) -> Tensor:
        """Kronecker product (see ``autograd.kron``)."""
        return _products.kron(self, other)

    def addmm(self, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """``beta * self + alpha * mat1 @ mat2`` (see ``autograd.addmm``)."""
        return _products.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmv(self, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """``beta * self + alpha * mat @ vec`` (see ``autograd.addmv``)."""
        return _products.addmv(self, mat, vec, beta=beta, alpha=alpha)

    def addr(self, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """``beta * self + alpha * outer(vec1, vec2)`` (see ``autograd.addr``)."""
        return _products.addr(self, vec1, vec2, beta=beta, alpha=alpha)

    def baddbmm(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
                alpha: Any = 1) -> Tensor:
        """``beta * self + alpha * batch1 @ batch2`` (see ``autograd.baddbmm``)."""
        return _products.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
               alpha: Any = 1) -> Tensor:
        """``beta * self + alpha * sum_b batch1[b] @ batch2[b]`` (see ``autograd.addbmm``)."""
        return _products.addbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    # -- more products --------------------------------------------------------------------
    def inner(self, other: Tensor) -> Tensor:
        """Inner product over the last dims (see ``autograd.inner``)."""
        return _matmul.inner(self, other)

    def vdot(self, other: Tensor) -> Tensor:
        """Dot product of two 1-D tensors (see ``autograd.vdot``)."""
        return _matmul.vdot(self, other)

    def ger(self, vec2: Tensor) -> Tensor:
        """Outer product (see ``autograd.ger``, ``outer``)."""
        return _matmul.ger(self, vec2)

    def mv(self, vec: Tensor) -> Tensor:
        """Matrix-vector product (see ``autograd.mv``)."""
        return _vectors.mv(self, vec)

    def trace(self) -> Tensor:
        """The sum of the main diagonal (see ``autograd.trace``)."""
        return _diagonal.trace(self)

    # -- LU, Cholesky and triangular solves, Householder QR, matrix exponential -----------
    def lu(self, pivot: bool = True, get_infos: bool = False) -> tuple:
        """``(LU, pivots)`` (and ``info``) of each matrix (see ``autograd.lu``)."""
        return _lu.lu(self, pivot, get_infos)

    def lu_solve(self, LU_data: Tensor, LU_pivots: Tensor) -> Tensor:
        """The solution of ``A X = self`` from ``A``'s LU factorisation (see
        ``autograd.lu_solve``)."""
        return _lu.lu_solve(self, LU_data, LU_pivots)

    def cholesky_solve(self, input2: Tensor, upper: bool = False) -> Tensor:
        """The solution of ``A X = self`` from ``A``'s Cholesky factor (see
        ``autograd.cholesky_solve``)."""
        return _tri.cholesky_solve(self, input2, upper)

    def cholesky_inverse(self, upper: bool = False) -> Tensor:
        """The inverse of ``A`` from its Cholesky factor ``self`` (see
        ``autograd.cholesky_inverse``)."""
        return _tri.cholesky_inverse(self, upper)

    def triangular_solve(self, A: Tensor, upper: bool = True, transpose: bool = False,
                         unitriangular: bool = False) -> tuple:
        """The solution of ``A X = self`` for triangular ``A`` (see
        ``autograd.triangular_solve``)."""
        return _tri.triangular_solve(self, A, upper, transpose, unitriangular)

    def geqrf(self) -> tuple:
        """LAPACK's packed QR factorisation (see ``autograd.geqrf``)."""
        return _mf.geqrf(self)

    def orgqr(self, input2: Tensor) -> Tensor:
        """Q from ``geqrf``'s reflectors (see ``autograd.orgqr``)."""
        return _mf.orgqr(self, input2)

    def ormqr(self, input2: Tensor, input3: Tensor, left: bool = True,
              transpose: bool = False) -> Tensor:
        """``Q @ input3`` for the Q of ``geqrf``'s reflectors (see ``autograd.ormqr``)."""
        return _mf.ormqr(self, input2, input3, left, transpose)

    def matrix_exp(self) -> Tensor:
        """The matrix exponential of each square matrix (see ``autograd.matrix_exp``)."""
        return _mf.matrix_exp(self)

    # -- in-place forms -------------------------------------------------------------------
    def addmm_(self, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """In-place ``addmm``."""
        return inplace(self, _products.addmm, mat1, mat2, beta=beta, alpha=alpha)

    def addmv_(self, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """In-place ``addmv``."""
        return inplace(self, _products.addmv, mat, vec, beta=beta, alpha=alpha)

    def addr_(self, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """In-place ``addr``."""
        return inplace(self, _products.addr, vec1, vec2, beta=beta, alpha=alpha)

    def baddbmm_(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
                 alpha: Any = 1) -> Tensor:
        """In-place ``baddbmm``."""
        return inplace(self, _products.baddbmm, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm_(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
                alpha: Any = 1) -> Tensor:
        """In-place ``addbmm``."""
        return inplace(self, _products.addbmm, batch1, batch2, beta=beta, alpha=alpha)
