"""The distance modules: CosineSimilarity and PairwiseDistance.

They call the ops directly (not through ``nn.functional``), so the losses that hold a
PairwiseDistance (TripletMarginWithDistanceLoss) can import them without a cycle.
"""

from __future__ import annotations

from autograd.ops.nn.distance import cosine_similarity, pairwise_distance
from autograd.tensor import Tensor
from nn.module import Module

__all__ = ["CosineSimilarity", "PairwiseDistance"]


class CosineSimilarity(Module):
    """The cosine similarity of two inputs along ``dim``."""

    def __init__(self, dim: int = 1, eps: float = 1e-8) -> None:
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        """cosine_similarity(x1, x2, dim, eps)."""
        return cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    """``||x1 - x2 + eps||_p`` along the last dim."""

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        """pairwise_distance(x1, x2, p, eps, keepdim)."""
        return pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)
