"""``torch.nn.modules.module``: the same classes as ``nn`` (for code that imports or
subclasses them from here)."""

from __future__ import annotations

from nn.module import (
    Module,
)

__all__ = ["Module"]
