"""``autograd.linalg`` (``torch.linalg``): differentiable linear algebra.

Factorisations and solvers go through LAPACK (NumPy) or cuSOLVER (``cupy.linalg``); every
function takes batches of matrices ``(*, m, n)`` and its gradients of every order come from
the Functions in ``autograd/ops/linalg/``. Results that PyTorch returns as named tuples are
named tuples here (``Q, R = linalg.qr(A)``, ``linalg.svd(A).S``).
"""

from __future__ import annotations

from autograd.checks import wrap_namespace
from autograd.ops.linalg.decomp import LinAlgError, cholesky, det, inv, slogdet, solve
from autograd.ops.linalg.ldl import ldl_factor, ldl_factor_ex, ldl_solve
from autograd.ops.linalg.lu import inv_ex, lu_factor, lu_factor_ex, solve_ex
from autograd.ops.linalg.lu import linalg_lu as lu
from autograd.ops.linalg.lu import linalg_lu_solve as lu_solve
from autograd.ops.linalg.matmul import matmul
from autograd.ops.linalg.matrix_functions import (
    diagonal,
    householder_product,
    matrix_exp,
    tensorinv,
    tensorsolve,
    vander,
)
from autograd.ops.linalg.norms import cond, lstsq, matrix_norm, norm, vector_norm
from autograd.ops.linalg.products import linalg_cross as cross
from autograd.ops.linalg.products import matrix_power, multi_dot, vecdot
from autograd.ops.linalg.spectral import eigh, eigvalsh, matrix_rank, pinv, svdvals
from autograd.ops.linalg.spectral import linalg_qr as qr
from autograd.ops.linalg.spectral import linalg_svd as svd
from autograd.ops.linalg.triangular import cholesky_ex, solve_triangular

__all__ = [
    "LinAlgError", "cholesky", "cholesky_ex", "cond", "cross", "det", "diagonal", "eigh",
    "eigvalsh", "householder_product", "inv", "inv_ex", "ldl_factor",
    "ldl_factor_ex", "ldl_solve", "lstsq", "lu", "lu_factor",
    "lu_factor_ex", "lu_solve", "matmul", "matrix_exp", "matrix_norm", "matrix_power",
    "matrix_rank", "multi_dot", "norm", "pinv", "qr", "slogdet", "solve", "solve_ex",
    "solve_triangular", "svd", "svdvals", "tensorinv", "tensorsolve", "vander", "vecdot",
    "vector_norm",
]

wrap_namespace(globals(), __all__)  # PyTorch's TypeError for non-Tensor arguments
