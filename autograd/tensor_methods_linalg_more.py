"""Tensor methods over the LU, triangular and Cholesky solvers, the Householder QR and the
matrix exponential: ``lu``, ``lu_solve``, ``cholesky_solve``, ``cholesky_inverse``,
``triangular_solve``, ``geqrf``, ``orgqr``, ``ormqr``, ``matrix_exp``, each a one-line call
into an op.

A mixin of ``Tensor`` (see ``autograd.tensor_methods``), with empty ``__slots__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd.ops.linalg import lu as _lu
from autograd.ops.linalg import matrix_functions as _mf
from autograd.ops.linalg import triangular as _tri

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _LinalgMoreMethods:
    """LU, Cholesky solves and the matrix exponential."""

    __slots__ = ()

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
