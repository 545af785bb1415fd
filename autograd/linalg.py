"""``autograd.linalg`` (``torch.linalg``): differentiable linear algebra.

Factorisations and solvers go through LAPACK (NumPy) or cuSOLVER (``cupy.linalg``); every
function takes batches of matrices ``(*, m, n)`` and its gradients of every order come from
the Functions in ``autograd/ops/linalg/``. Results that PyTorch returns as named tuples are
named tuples here (``Q, R = linalg.qr(A)``, ``linalg.svd(A).S``).
"""

from __future__ import annotations

from autograd.checks import wrap_namespace
from autograd.ops.linalg.decomp import LinAlgError, cholesky, det, inv, slogdet, solve
from autograd.ops.linalg.matmul import matmul
from autograd.ops.linalg.norms import cond, lstsq, matrix_norm, norm, vector_norm
from autograd.ops.linalg.products import linalg_cross as cross
from autograd.ops.linalg.products import matrix_power, multi_dot, vecdot
from autograd.ops.linalg.spectral import eigh, eigvalsh, matrix_rank, pinv, svdvals
from autograd.ops.linalg.spectral import linalg_qr as qr
from autograd.ops.linalg.spectral import linalg_svd as svd

__all__ = [
    "LinAlgError", "cholesky", "cond", "cross", "det", "eigh", "eigvalsh", "inv", "lstsq",
    "matmul", "matrix_norm", "matrix_power", "matrix_rank", "multi_dot", "norm", "pinv", "qr",
    "slogdet", "solve", "svd", "svdvals", "vecdot", "vector_norm",
]

wrap_namespace(globals(), __all__)  # PyTorch's TypeError for non-Tensor arguments
