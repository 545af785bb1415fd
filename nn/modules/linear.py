"""``torch.nn.modules.linear``: the same classes as ``nn`` (for code that imports or
subclasses them from here)."""

from __future__ import annotations

from nn.layers.lazy import LazyLinear
from nn.layers.linear import (
    Bilinear,
    Identity,
    Linear,
)

__all__ = ["Bilinear", "Identity", "LazyLinear", "Linear"]
