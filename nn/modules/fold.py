"""``torch.nn.modules.fold``: the same classes as ``nn`` (for code that imports or
subclasses them from here)."""

from __future__ import annotations

from nn.layers.resample import (
    Fold,
    Unfold,
)

__all__ = ["Fold", "Unfold"]
