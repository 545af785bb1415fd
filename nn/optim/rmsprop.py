"""RMSprop: gradients scaled by a running root mean square, optionally centered, with momentum."""

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
    _lerp_,
    _nd,
    _next_step,
    _scalar_state,
    _state_tensor,
)

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """RMSprop (``torch.optim.RMSprop``): ``p -= lr * g / (sqrt(v) + eps)``.

    ``v = alpha * v + (1 - alpha) * g^2``; ``centered`` subtracts the square of the running
    mean gradient from ``v`` (an estimate of the variance); ``momentum`` keeps a buffer
    ``b = momentum * b + g / (sqrt(v) + eps)`` and steps by ``lr * b``.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1e-2,
                 alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0,
                 momentum: float = 0, centered: bool = False, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False) -> None:
        _check_lr(lr)
        _check_nonneg("epsilon", eps)
        _check_nonneg("momentum", momentum)
        _check_nonneg("weight_decay", weight_decay)
        _check_nonneg("alpha", alpha)
        _check_differentiable(differentiable)
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps,
                    "centered": centered, "weight_decay": weight_decay, "capturable": capturable,
                    "foreach": foreach, "maximize": maximize, "differentiable": differentiable}
        super().__init__(params, defaults)

    def _update(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        alpha = group["alpha"]
        eps = group["eps"]
        momentum = group["momentum"]
        centered = group["centered"]
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
                if momentum > 0:
                    state["momentum_buffer"] = _state_tensor(xp.zeros_like(x), p)
                if centered:
                    state["grad_avg"] = _state_tensor(xp.zeros_like(x), p)
            x = _nd(x)
            _next_step(state)
            g, _ = _grad(xp, x, _nd(p.grad.array), group["maximize"], group["weight_decay"])
            v = _nd(state["square_avg"].array)
            xp.multiply(v, alpha, out=v)
            tmp = _addcmul_sq_(xp, v, g, 1 - alpha)
            if centered:
                ga = _nd(state["grad_avg"].array)
                _lerp_(xp, ga, g, 1 - alpha, tmp)
                # avg = sqrt(v - ga * ga); (-1 * ga) * ga is what addcmul(value=-1) computes
                avg = xp.multiply(ga, ga, out=tmp)
                xp.subtract(v, avg, out=avg)
                xp.sqrt(avg, out=avg)
            else:
                avg = xp.sqrt(v, out=tmp)
            xp.add(avg, eps, out=avg)
            if momentum > 0:
                buf = _nd(state["momentum_buffer"].array)
                xp.multiply(buf, momentum, out=buf)
                xp.divide(g, avg, out=avg)
                xp.add(buf, avg, out=buf)
                xp.multiply(buf, lr, out=avg)
                xp.subtract(x, avg, out=x)
            else:
                # p += (-lr * g) / avg, the rounding order of addcdiv
                xp.divide(xp.multiply(g, -lr), avg, out=avg)
                xp.add(x, avg, out=x)
            updated.append(p)
        increment_version(updated)
