"""``torch.nn.modules.normalization``: the same classes as ``nn`` (for code that imports or
subclasses them from here)."""

from __future__ import annotations

from nn.layers.norm import (
    CrossMapLRN2d,
    GroupNorm,
    LayerNorm,
    LocalResponseNorm,
    RMSNorm,
)

__all__ = ["CrossMapLRN2d", "GroupNorm", "LayerNorm", "LocalResponseNorm", "RMSNorm"]
