"""``torch.nn.modules.container``: the same classes as ``nn`` (for code that imports or
subclasses them from here)."""

from __future__ import annotations

from nn.containers import (
    Container,
    ModuleDict,
    ModuleList,
    Sequential,
)
from nn.parameter_containers import ParameterDict, ParameterList

__all__ = ["Container", "ModuleDict", "ModuleList", "ParameterDict", "ParameterList", "Sequential"]
