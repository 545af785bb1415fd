"""Adagrad and Adadelta: per-coordinate step sizes from accumulated squared gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from autograd.graph import increment_version
from autograd.tensor import Tensor
from nn.optim.optimizer import (
    Optimizer,
    _addcmul_sq_,
    _check_differentiable,
    _check_lr,
    _check_nonneg,
    _grad,
    _nd,
    _next_step,
    _scalar_state,
    _state_tensor,
)

__all__ = ["Adadelta", "Adagrad"]


class Adagrad(Optimizer):
    """Adagrad (``torch.optim.Adagrad``): ``s += g^2``, ``p -= clr * g / (sqrt(s) + eps)``.

    ``clr = lr / (1 + (step - 1) * lr_decay)``; the sum starts at ``initial_accumulator_value``
    (the group's own, where PyTorch takes the constructor's for every group) and, as in
    PyTorch, the state of the constructor's groups exists from construction on.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1e-2,
                 lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10,
                 foreach: bool | None = None, *, maximize: bool = False,
                 differentiable: bool = False, fused: bool | None = None) -> None:
        _check_lr(lr)
        _check_nonneg("lr_decay", lr_decay)
        _check_nonneg("weight_decay", weight_decay)
        _check_nonneg("initial_accumulator_value", initial_accumulator_value)
        _check_nonneg("epsilon", eps)
        _check_differentiable(differentiable, fused, foreach)
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)
        # as in PyTorch, the state of the constructor's groups exists from here on; a group
        # added later gets its state at its first step
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p, group["initial_accumulator_value"])

    def _init_state(self, p: Tensor, value: float) -> None:
        state = self.state[p]
        if not state:
            xp = p.device.backend
            state["step"] = _scalar_state(0)
            state["sum"] = _state_tensor(xp.full_like(p.array, value), p)

    def _update(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        lr_decay = group["lr_decay"]
        eps = group["eps"]
        updated = []
        for p in group["params"]:
            if p.grad is None:
                continue
            xp = p.device.backend
            x = _nd(p.array)
            state = self.state[p]
            if not state:
                self._init_state(p, group["initial_accumulator_value"])
            step = _next_step(state)
            g, _ = _grad(xp, x, _nd(p.grad.array), group["maximize"], group["weight_decay"])
            clr = lr / (1 + (step - 1) * lr_decay)
            s = _nd(state["sum"].array)
            tmp = _addcmul_sq_(xp, s, g, 1)
            std = xp.sqrt(s, out=tmp)
            xp.add(std, eps, out=std)
            xp.divide(xp.multiply(g, -clr), std, out=std)
            xp.add(x, std, out=x)
            updated.append(p)
        increment_version(updated)


class Adadelta(Optimizer):
    """Adadelta (``torch.optim.Adadelta``): steps of ``sqrt(E[dx^2] + eps) / sqrt(E[g^2] + eps)``.

    Both running averages use ``rho``; ``lr`` (default 1.0) scales the final delta.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1.0,
                 rho: float = 0.9, eps: float = 1e-6, weight_decay: float = 0,
                 foreach: bool | None = None, *, capturable: bool = False,
                 maximize: bool = False, differentiable: bool = False) -> None:
        _check_lr(lr)
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        _check_nonneg("epsilon", eps)
        _check_nonneg("weight_decay", weight_decay)
        _check_differentiable(differentiable)
        defaults = {"lr": lr, "rho": rho, "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize, "capturable": capturable, "foreach": foreach,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _update(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        rho = group["rho"]
        eps = group["eps"]
        updated = []
        for p in group["params"]:
            if p.grad is None:
                continue
            xp = p.device.backend
            x = p.array
            state = self.state[p]
            if not state:
                state["step"] = _scalar_state(0)
                state["square_avg"] = _state_tensor(xp.zeros_like(x), p)
                state["acc_delta"] = _state_tensor(xp.zeros_like(x), p)
            x = _nd(x)
            _next_step(state)
            g, _ = _grad(xp, x, _nd(p.grad.array), group["maximize"], group["weight_decay"])
            v = _nd(state["square_avg"].array)
            acc = _nd(state["acc_delta"].array)
            xp.multiply(v, rho, out=v)
            std = _addcmul_sq_(xp, v, g, 1 - rho)
            xp.add(v, eps, out=std)
            xp.sqrt(std, out=std)
            delta = xp.add(acc, eps)
            xp.sqrt(delta, out=delta)
            xp.divide(delta, std, out=delta)
            xp.multiply(delta, g, out=delta)
            xp.multiply(acc, rho, out=acc)
            _addcmul_sq_(xp, acc, delta, 1 - rho, std)
            xp.multiply(delta, -lr, out=delta)
            xp.add(x, delta, out=x)
            updated.append(p)
        increment_version(updated)
