"""SGD: stochastic gradient descent with momentum, dampening, Nesterov and weight decay."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from autograd.graph import increment_version
from autograd.tensor import Tensor
from nn.optim.optimizer import (
    Optimizer,
    _check_differentiable,
    _check_lr,
    _check_nonneg,
    _grad,
    _nd,
    _state_tensor,
)

__all__ = ["SGD"]


def _sgd_(xp: Any, x: Any, g: Any, sign: float, weight_decay: float, lr: float) -> None:
    """``p -= lr * (sign * g + weight_decay * p)`` in place (one GPU kernel)."""
    x -= lr * (g * sign + weight_decay * x)


def _sgd_momentum_(xp: Any, x: Any, g: Any, buf: Any, sign: float, weight_decay: float,
                   momentum: float, keep: float, lr: float) -> None:
    """One heavy-ball step in place on ``x`` and its momentum buffer (one GPU kernel)."""
    g = g * sign + weight_decay * x
    buf *= momentum
    buf += keep * g
    x -= lr * buf


def _sgd_nesterov_(xp: Any, x: Any, g: Any, buf: Any, sign: float, weight_decay: float,
                   momentum: float, keep: float, lr: float) -> None:
    """One Nesterov step in place on ``x`` and its momentum buffer (one GPU kernel)."""
    g = g * sign + weight_decay * x
    buf *= momentum
    buf += keep * g
    x -= lr * (g + momentum * buf)


class SGD(Optimizer):
    """Stochastic gradient descent (``torch.optim.SGD``), optionally with momentum.

    With momentum ``mu`` and dampening ``tau`` the buffer is ``b = mu * b + (1 - tau) * g``
    (``b = g`` on the first step), and the update ``p -= lr * b``, or ``p -= lr * (g + mu * b)``
    with ``nesterov``. ``weight_decay`` adds ``weight_decay * p`` to the gradient first;
    ``maximize`` ascends instead.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1e-3,
                 momentum: float = 0, dampening: float = 0, weight_decay: float = 0,
                 nesterov: bool = False, *, maximize: bool = False, foreach: bool | None = None,
                 differentiable: bool = False, fused: bool | None = None) -> None:
        _check_lr(lr)
        _check_nonneg("momentum", momentum)
        _check_nonneg("weight_decay", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        _check_differentiable(differentiable, fused, foreach)
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize,
                    "foreach": foreach, "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)

    def _update(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        momentum = group["momentum"]
        dampening = group["dampening"]
        nesterov = group["nesterov"]
        maximize = group["maximize"]
        weight_decay = group["weight_decay"]
        updated = []
        for p in group["params"]:
            if p.grad is None:
                continue
            xp = p.device.backend
            x = _nd(p.array)
            if xp.compiles_fused and self._fused_update(xp, p, group):
                updated.append(p)
                continue
            g, owned = _grad(xp, x, _nd(p.grad.array), maximize, weight_decay)
            if momentum != 0:
                state = self.state[p]
                buf_t = state.get("momentum_buffer")
                if buf_t is None:
                    buf = g.copy()
                    state["momentum_buffer"] = _state_tensor(buf.reshape(p.shape), p)
                else:
                    buf = _nd(buf_t.array)
                    xp.multiply(buf, momentum, out=buf)
                    if dampening == 0:
                        xp.add(buf, g, out=buf)
                    else:
                        xp.add(buf, xp.multiply(g, 1 - dampening), out=buf)
                if nesterov:
                    out = g if owned else None
                    g = xp.add(g, xp.multiply(buf, momentum), out=out)
                    owned = True
                else:
                    g, owned = buf, False
            if owned:
                xp.multiply(g, lr, out=g)
                xp.subtract(x, g, out=x)
            else:
                xp.subtract(x, xp.multiply(g, lr), out=x)
            updated.append(p)
        increment_version(updated)

    def _fused_update(self, xp: Any, p: Tensor, group: dict[str, Any]) -> bool:
        """The step as one kernel; False for the first momentum step (the buffer starts as a
        copy of the gradient, done by the general path)."""
        sign = -1.0 if group["maximize"] else 1.0
        wd, lr, momentum = group["weight_decay"], group["lr"], group["momentum"]
        if momentum == 0:
            xp.fused(_sgd_, p.array, p.grad.array, sign, wd, lr)
            return True
        buf = self.state[p].get("momentum_buffer")
        if buf is None:
            return False
        kernel = _sgd_nesterov_ if group["nesterov"] else _sgd_momentum_
        xp.fused(kernel, p.array, p.grad.array, buf.array, sign, wd, momentum,
                 1 - group["dampening"], lr)
        return True
