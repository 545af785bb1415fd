"""nn: modules, layers, losses and optimizers over autograd (``torch.nn``)."""

from __future__ import annotations

from nn.module import Module, ModuleDict, ModuleList, Parameter, Sequential
