"""Matrix-vector product and vector-wise helpers: mv, dist, renorm, vander, compositions of
matmul, norms and cumprod (so differentiable at every order). Exported from ``linalg``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd import dtypes as _dt
from autograd.checks import as_bool, dtype_name, wrap_dim
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.arith import sub
from autograd.ops.elementwise.convert import to
from autograd.ops.elementwise.select import where
from autograd.ops.linalg.matmul import matmul
from autograd.ops.linalg.norms import vector_norm
from autograd.ops.reduction.cumulative import cumprod
from autograd.ops.shape.copy import cat

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["mv", "dist", "renorm", "vander"]


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """The product of the matrix ``input`` (n x m) and the vector ``vec`` (m); no
    broadcasting."""
    if input.ndim == 0:  # PyTorch reads the matrix's first size before it checks the ranks
        raise IndexError(f"mv: Dimension specified as 0 but the matrix has no dimensions "
                         f"(shapes {list(input.shape)} and {list(vec.shape)})")
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"mv: vector + matrix @ vector expected, got a {input.ndim}-d matrix "
                           f"of shape {list(input.shape)} and a {vec.ndim}-d vector of shape "
                           f"{list(vec.shape)}")
    if input.shape[1] != vec.shape[0]:
        raise RuntimeError(f"mv: size mismatch, got mat ({input.shape[0]}x{input.shape[1]}), "
                           f"vec ({vec.shape[0]})")
    if input.dtype != vec.dtype:
        raise RuntimeError(f"mv: expected the matrix and the vector to have the same dtype, but "
                           f"got {dtype_name(input._data.dtype)} and "
                           f"{dtype_name(vec._data.dtype)}")
    return matmul(input, vec)


def dist(input: Tensor, other: Tensor, p: float = 2) -> Tensor:
    """The p-norm of ``input - other`` (broadcast): ``norm(input - other, p)``. Both are
    Tensors (TypeError for a number, as PyTorch)."""
    for k, (name, t) in enumerate((("input", input), ("other", other))):
        if not isinstance(t, TensorBase):
            raise TypeError(f"dist(): argument '{name}' (position {k + 1}) must be Tensor, not "
                            f"{type(t).__name__}")
    return vector_norm(sub(input, other), p)


def renorm(input: Tensor, p: float, dim: int, maxnorm: float) -> Tensor:
    """Each slice of input along ``dim`` whose p-norm exceeds ``maxnorm`` scaled down to
    that norm (the others unchanged)."""
    if input.ndim < 2:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {input.ndim} "
                           "dimensions")
    if p <= 0:
        raise RuntimeError(f"renorm: non-positive-norm not supported (p={p})")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    axis = wrap_dim(dim, input.ndim, "renorm")
    others = tuple(d for d in range(input.ndim) if d != axis)
    norm = vector_norm(input, p, others, keepdim=True)
    # PyTorch's factor, with its 1e-7 guard against a zero norm
    return input * where(norm > maxnorm, maxnorm / (norm + 1e-7), 1.0)


def vander(x: Tensor, N: int | None = None, increasing: bool = False) -> Tensor:
    """The Vandermonde matrix of the 1-D ``x``: columns x^(N-1) ... x^0 (x^0 ... x^(N-1) with
    ``increasing``); integer and bool inputs give int64."""
    increasing = as_bool(increasing, "vander", "increasing")
    if x.ndim != 1:
        raise RuntimeError(f"vander: x must be a one-dimensional tensor, got shape "
                           f"{list(x.shape)}")
    n = x.shape[0] if N is None else N
    if n < 0:
        raise RuntimeError(f"vander: N must be non-negative, got {n}")
    if x.dtype.kind not in "fV" and x.dtype != _dt.int64:
        x = to(x, _dt.int64)
    ones = x.new_ones((x.shape[0], min(n, 1)))
    if n > 1:
        powers = cumprod(x.unsqueeze(1).expand(x.shape[0], n - 1), 1)
        out = cat([ones, powers], 1)
    else:
        out = ones
    return out if increasing else out.flip(1)
