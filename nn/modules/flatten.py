"""``torch.nn.modules.flatten``: the same classes as ``nn`` (for code that imports or
subclasses them from here)."""

from __future__ import annotations

from nn.layers.linear import (
    Flatten,
    Unflatten,
)

__all__ = ["Flatten", "Unflatten"]
