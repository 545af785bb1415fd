"""``torch.nn.modules.lazy``: the mixin of the lazy layers (for code that imports or subclasses
it from here)."""

from __future__ import annotations

from nn.layers.lazy import LazyModuleMixin

__all__ = ["LazyModuleMixin"]
