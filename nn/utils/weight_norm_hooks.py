"""The older, hook-based weight norm (``torch.nn.utils.weight_norm`` and
``remove_weight_norm``, deprecated there in favour of ``parametrizations.weight_norm``):
parameters ``<name>_g`` and ``<name>_v``, the weight recomputed by a forward pre-hook."""

from __future__ import annotations

from typing import Any

from autograd.tensor import Tensor
from nn.module import Module
from nn.parameter import Parameter
from nn.utils.parametrizations import norm_except_dim

__all__ = ["WeightNorm", "remove_weight_norm", "weight_norm"]




class WeightNorm:
    """Recompute ``module.<name>`` from ``<name>_g`` and ``<name>_v`` before every forward."""

    def __init__(self, name: str, dim: int | None) -> None:
        self.name, self.dim = name, -1 if dim is None else dim

    def compute_weight(self, module: Module) -> Tensor:
        """``g * v / ||v||``."""
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return v * (g / norm_except_dim(v, self.dim))

    def __call__(self, module: Module, inputs: Any) -> None:
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module: Module, name: str = "weight", dim: int | None = 0) -> Module:
    """The deprecated ``torch.nn.utils.weight_norm``: parameters ``<name>_g`` and
    ``<name>_v``, the weight recomputed by a forward pre-hook."""
    for hook, _ in module._forward_pre_hooks:
        if isinstance(hook, WeightNorm) and hook.name == name:
            raise RuntimeError(f"Cannot register two weight_norm hooks on the same parameter "
                               f"{name}")
    hook = WeightNorm(name, dim)
    weight = getattr(module, name)
    delattr(module, name)
    module.register_parameter(name + "_g", Parameter(norm_except_dim(weight, hook.dim).detach()))
    module.register_parameter(name + "_v", Parameter(weight.detach()))
    setattr(module, name, hook.compute_weight(module))
    module.register_forward_pre_hook(hook)
    return module


def remove_weight_norm(module: Module, name: str = "weight") -> Module:
    """Undo ``nn.utils.weight_norm``: ``<name>`` a plain parameter again."""
    for k, (hook, _) in enumerate(module._forward_pre_hooks):
        if isinstance(hook, WeightNorm) and hook.name == name:
            weight = hook.compute_weight(module).detach()
            del module._forward_pre_hooks[k]
            delattr(module, name + "_g")
            delattr(module, name + "_v")
            module.__dict__.pop(name, None)
            module.register_parameter(name, Parameter(weight))
            return module
    raise ValueError(f"weight_norm of '{name}' not found in {module}")
