"""Distances and normalisation along a dim: normalize, cosine_similarity, pairwise_distance
(compositions of the vector norm, so PyTorch's subgradients at zero vectors come along)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd import dtypes as _dt
from autograd.checks import as_int
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to
from autograd.ops.linalg.norms import vector_norm
from autograd.ops.nn.activation import _float
from autograd.ops.shape.diagonal import triu_indices

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["normalize", "cosine_similarity", "pairwise_distance", "pdist"]


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:
    """``input / max(||input||_p, eps)`` along ``dim``."""
    x = _float(input, "normalize")
    if p is None or p == "fro":  # PyTorch's norm: the 2-norm along one dim
        p = 2.0
    elif isinstance(p, str):
        raise RuntimeError(f"normalize: Order {p} not supported along one dim (input of shape "
                           f"{list(x.shape)})")
    return x / vector_norm(x, p, dim, keepdim=True).clamp(min=eps)


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """The cosine of the angle between ``x1`` and ``x2`` along ``dim`` (broadcast), each norm
    clamped below at ``eps`` in value only: the gradient is the unclamped norm's, as
    PyTorch's (which clamps under no_grad)."""
    dim = as_int(dim, "cosine_similarity", "dim")
    for name, x in (("x1", x1), ("x2", x2)):
        if not isinstance(x, TensorBase):
            raise TypeError(f"cosine_similarity(): argument '{name}' must be Tensor, not "
                            f"{type(x).__name__}")
    dtype = _dt.promote_types(x1.dtype, x2.dtype)  # PyTorch: both in the common dtype
    if dtype.kind not in "fV":
        raise RuntimeError(f"cosine_similarity: expected common dtype to be floating point, yet "
                           f"common dtype is {dtype} (x1 {x1.dtype}, x2 {x2.dtype})")
    a = x1 if x1.dtype == dtype else to(x1, dtype)
    b = x2 if x2.dtype == dtype else to(x2, dtype)
    try:
        shape = tuple((a * 0 + b * 0).shape)
    except RuntimeError:
        raise RuntimeError(f"cosine_similarity: The size of tensor a ({list(a.shape)}) must "
                           f"match the size of tensor b ({list(b.shape)}) at non-singleton "
                           "dimension") from None
    a, b = a.broadcast_to(shape), b.broadcast_to(shape)
    na, nb = (vector_norm(t, 2, dim, keepdim=True) for t in (a, b))
    na = na + (na.detach().clamp(min=eps) - na.detach())
    nb = nb + (nb.detach().clamp(min=eps) - nb.detach())
    return ((a / na) * (b / nb)).sum(dim)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    """``||x1 - x2 + eps||_p`` along the last dim (broadcast)."""
    for name, x in (("x1", x1), ("x2", x2)):
        if not isinstance(x, TensorBase):
            raise TypeError(f"pairwise_distance(): argument '{name}' must be Tensor, not "
                            f"{type(x).__name__}")
    # PyTorch's x1 - x2 + eps: the pair's promoted dtype, integers lifted by the float eps,
    # bool refused by the subtraction
    d = x1 - x2 + eps
    if d.ndim == 0:
        return d.abs()
    return vector_norm(d, p, -1, keepdim=keepdim)


def pdist(input: Tensor, p: float = 2.0) -> Tensor:
    """The p-norm distance between every pair of rows of a 2-D ``input`` (``N * (N - 1) / 2``
    values, the rows of the upper triangle of the distance matrix, in row order)."""
    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D")
    if input.dtype.kind not in "fV":
        raise RuntimeError(f"pdist only supports floating-point dtypes, got {input.dtype}")
    if input.dtype.kind == "V":  # PyTorch has no bfloat16 kernel for it
        raise NotImplementedError(f'"pdist" not implemented for \'BFloat16\' (input of shape '
                                  f"{list(input.shape)})")
    if p < 0:
        raise RuntimeError(f"pdist only supports non-negative p values, got p={p}")
    i, j = triu_indices(input.shape[0], input.shape[0], 1, device=input.device)
    return vector_norm(input.index_select(0, i) - input.index_select(0, j), p, -1)
