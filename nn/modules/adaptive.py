"""``torch.nn.modules.adaptive``: the same class as ``nn`` (for code that imports or
subclasses it from here)."""

from __future__ import annotations

from nn.layers.adaptive import AdaptiveLogSoftmaxWithLoss, _ASMoutput

__all__ = ["AdaptiveLogSoftmaxWithLoss", "_ASMoutput"]
