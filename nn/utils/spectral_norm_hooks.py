"""The older, hook-based spectral norm (``torch.nn.utils.spectral_norm`` and
``remove_spectral_norm``, superseded there by ``parametrizations.spectral_norm``): parameter
``<name>_orig``, buffers ``<name>_u`` and ``<name>_v``, the weight recomputed by a forward
pre-hook (one power iteration per forward in training mode)."""

from __future__ import annotations

from typing import Any

import autograd as ag
from autograd.tensor import Tensor
from nn.functional import normalize
from nn.module import Module
from nn.parameter import Parameter, is_lazy

__all__ = ["SpectralNorm", "remove_spectral_norm", "spectral_norm"]


class SpectralNorm:
    """Recompute ``module.<name>`` as ``<name>_orig / sigma`` before every forward."""

    def __init__(self, name: str = "weight", n_power_iterations: int = 1, dim: int = 0,
                 eps: float = 1e-12) -> None:
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got "
                             f"n_power_iterations={n_power_iterations}")
        self.name, self.dim, self.eps = name, dim, eps
        self.n_power_iterations = n_power_iterations

    def reshape_weight_to_matrix(self, weight: Tensor) -> Tensor:
        """The weight as a matrix whose rows run along ``dim``."""
        if self.dim != 0:
            weight = weight.permute(self.dim, *(d for d in range(weight.ndim) if d != self.dim))
        return weight.reshape(weight.shape[0], -1)

    def compute_weight(self, module: Module, do_power_iteration: bool) -> Tensor:
        """``<name>_orig / sigma``, sigma ``u . (W v)``; with ``do_power_iteration`` the
        buffers ``u`` and ``v`` first take ``n_power_iterations`` steps, in place."""
        weight = getattr(module, self.name + "_orig")
        u = getattr(module, self.name + "_u")
        v = getattr(module, self.name + "_v")
        mat = self.reshape_weight_to_matrix(weight)
        if do_power_iteration:
            with ag.no_grad():
                detached = mat.detach()
                for _ in range(self.n_power_iterations):
                    v.copy_(normalize(detached.mT @ u, dim=0, eps=self.eps))
                    u.copy_(normalize(detached @ v, dim=0, eps=self.eps))
            # clones, so that the next in-place iteration leaves this graph's u and v intact
            u, v = u.clone(), v.clone()
        sigma = ag.dot(u, mat @ v)
        return weight / sigma

    def remove(self, module: Module) -> None:
        """Put the current normalized weight back as a plain parameter ``<name>``."""
        with ag.no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        delattr(module, self.name)
        delattr(module, self.name + "_u")
        delattr(module, self.name + "_v")
        delattr(module, self.name + "_orig")
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module: Module, inputs: Any) -> None:
        setattr(module, self.name, self.compute_weight(module, module.training))


def spectral_norm(module: Module, name: str = "weight", n_power_iterations: int = 1,
                  eps: float = 1e-12, dim: int | None = None) -> Module:
    """The older ``torch.nn.utils.spectral_norm``: ``<name>`` divided by its spectral norm,
    estimated by power iteration in a forward pre-hook; ``dim`` defaults to 1 for transposed
    convolutions, 0 otherwise."""
    for hook, _ in module._forward_pre_hooks:
        if isinstance(hook, SpectralNorm) and hook.name == name:
            raise RuntimeError(f"Cannot register two spectral_norm hooks on the same parameter "
                               f"{name}")
    if dim is None:
        dim = 1 if type(module).__name__.startswith("ConvTranspose") else 0
    fn = SpectralNorm(name, n_power_iterations, dim, eps)
    weight = module._parameters.get(name)
    if weight is None:
        raise ValueError(f"`SpectralNorm` cannot be applied as parameter `{name}` is None")
    if is_lazy(weight):
        raise ValueError("The module passed to `SpectralNorm` can't have uninitialized "
                         "parameters. Make sure to run the dummy forward before applying "
                         "spectral normalization")
    with ag.no_grad():
        h, w = fn.reshape_weight_to_matrix(weight).shape
        u = normalize(ag.empty(h, dtype=weight.dtype, device=weight.device).normal_(0, 1),
                      dim=0, eps=eps)
        v = normalize(ag.empty(w, dtype=weight.dtype, device=weight.device).normal_(0, 1),
                      dim=0, eps=eps)
    delattr(module, name)
    module.register_parameter(name + "_orig", weight)
    setattr(module, name, weight.detach())
    module.register_buffer(name + "_u", u)
    module.register_buffer(name + "_v", v)
    module.register_forward_pre_hook(fn)
    return module


def remove_spectral_norm(module: Module, name: str = "weight") -> Module:
    """Undo ``nn.utils.spectral_norm``: ``<name>`` a plain parameter again."""
    for k, (hook, _) in enumerate(module._forward_pre_hooks):
        if isinstance(hook, SpectralNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise ValueError(f"spectral_norm of '{name}' not found in {module}")
