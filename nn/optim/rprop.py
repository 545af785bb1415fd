"""Rprop (resilient backpropagation: per-element step sizes from the gradient's sign) and
ASGD (averaged SGD), PyTorch's update rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import autograd as ag
from autograd.graph import increment_version
from autograd.tensor import Tensor
from nn.optim.optimizer import (
    Optimizer,
    _check_differentiable,
    _check_lr,
    _check_nonneg,
    _grad,
    _nd,
    _next_step,
    _scalar_state,
)
from nn.optim.optimizer import _state_tensor as _st

__all__ = ["ASGD", "Rprop"]


class Rprop(Optimizer):
    """Rprop (``torch.optim.Rprop``): each element's step size grows by ``etaplus`` while its
    gradient keeps its sign and shrinks by ``etaminus`` when it flips (that step then skips
    the element), within ``step_sizes``; ``p -= sign(g) * step_size``."""

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1e-2,
                 etas: tuple[float, float] = (0.5, 1.2),
                 step_sizes: tuple[float, float] = (1e-6, 50), *, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False) -> None:
        _check_lr(lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        _check_differentiable(differentiable)
        defaults = {"lr": lr, "etas": tuple(etas), "step_sizes": tuple(step_sizes),
                    "foreach": foreach, "maximize": maximize, "differentiable": differentiable,
                    "capturable": capturable}
        super().__init__(params, defaults)

    def _update(self, group: dict[str, Any]) -> None:
        etaminus, etaplus = group["etas"]
        lo, hi = group["step_sizes"]
        updated = []
        for p in group["params"]:
            if p.grad is None:
                continue
            xp = p.device.backend
            state = self.state[p]
            g = _nd(p.grad.array)
            if group["maximize"]:
                g = -g
            if not state:
                state["step"] = _scalar_state(0)
                state["prev"] = _st(xp.zeros_like(p.array), p)
                state["step_size"] = _st(xp.full_like(p.array, group["lr"]), p)
            _next_step(state)
            prev, size = _nd(state["prev"].array), _nd(state["step_size"].array)
            sign = xp.sign(g * prev)
            factor = xp.where(sign > 0, etaplus, xp.where(sign < 0, etaminus, 1.0))
            xp.multiply(size, factor.astype(size.dtype), out=size)
            xp.clip(size, lo, hi, out=size)
            g = xp.where(sign < 0, 0, g).astype(g.dtype)  # a flipped sign: no step this time
            x = _nd(p.array)
            xp.subtract(x, xp.sign(g) * size, out=x)
            prev[...] = g
            updated.append(p)
        increment_version(updated)


class ASGD(Optimizer):
    """Averaged SGD (``torch.optim.ASGD``): SGD with a decaying rate
    ``eta_t = lr / (1 + lambd lr t)^alpha`` and a running average ``ax`` of the iterates
    from step ``t0`` on (kept in the state; the parameters take the SGD iterates)."""

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1e-2,
                 lambd: float = 1e-4, alpha: float = 0.75, t0: float = 1e6,
                 weight_decay: float = 0, foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False) -> None:
        _check_lr(lr)
        _check_nonneg("weight_decay", weight_decay)
        _check_differentiable(differentiable)
        defaults = {"lr": lr, "lambd": lambd, "alpha": alpha, "t0": t0,
                    "weight_decay": weight_decay, "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "capturable": capturable}
        super().__init__(params, defaults)

    def _update(self, group: dict[str, Any]) -> None:
        lr, lambd, alpha, t0 = group["lr"], group["lambd"], group["alpha"], group["t0"]
        updated = []
        for p in group["params"]:
            if p.grad is None:
                continue
            xp = p.device.backend
            x = p.array
            state = self.state[p]
            if not state:  # the scalars on the parameter's device, as PyTorch keeps them
                state["step"] = _scalar_state(0, p.device)
                state["eta"] = _scalar_state(lr, p.device)
                state["mu"] = _scalar_state(1.0, p.device)
                state["ax"] = _st(xp.zeros_like(x), p)
            x = _nd(x)
            step = _next_step(state)
            g, _ = _grad(xp, x, _nd(p.grad.array), group["maximize"], group["weight_decay"])
            eta = float(state["eta"].array)
            xp.multiply(x, 1 - lambd * eta, out=x)
            xp.subtract(x, xp.multiply(g, eta), out=x)
            ax = _nd(state["ax"].array)
            mu = float(state["mu"].array)
            if mu != 1:
                xp.add(ax, xp.multiply(xp.subtract(x, ax), mu), out=ax)
            else:
                ax[...] = x
            # each through the default dtype first (PyTorch's torch.as_tensor), then copied
            default = ag.get_default_dtype().type
            state["eta"].array[...] = default(lr / ((1 + lambd * lr * step) ** alpha))
            state["mu"].array[...] = default(1 / max(1, step - t0))
            updated.append(p)
        increment_version(updated)
