"""``torch.nn.modules.distance``: the same classes as ``nn`` (for code that imports or
subclasses them from here)."""

from __future__ import annotations

from nn.layers.distance import (
    CosineSimilarity,
    PairwiseDistance,
)

__all__ = ["CosineSimilarity", "PairwiseDistance"]
