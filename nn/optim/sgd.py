"""SGD: stochastic gradient descent with momentum, dampening, Nesterov and weight decay."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from autograd.graph import increment_version
from autograd.tensor import Tensor
from nn.optim.flat import kernel_ready, take_flat
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


def _no_state(p: Tensor, state: dict[str, Any]) -> None:
    """SGD keeps no state before a parameter's first step."""


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
        stepped = [p for p in group["params"] if p.grad is not None]
        if not stepped:
            return
        params = stepped
        xp = params[0].device.backend
        lr, momentum = group["lr"], group["momentum"]
        maximize, weight_decay = group["maximize"], group["weight_decay"]
        if momentum != 0 and group.get("foreach") is not False and not xp.compiles_fused:
            # the small parameters together (their first step, which makes the buffers, is
            # taken one by one below)
            flats, params = take_flat(self, params, ("momentum_buffer",), _no_state)
            for flat in flats:
                values = flat.gather(xp, [p.array for p in flat.params]) if (
                    weight_decay != 0) else None
                g, _ = _grad(xp, values, flat.gather(xp, [p.grad.array for p in flat.params]),
                             maximize, weight_decay)
                g, owned = self._with_momentum(xp, g, True, flat.buffers["momentum_buffer"],
                                               group)
                flat.scatter(xp.subtract, xp.multiply(g, lr, out=g if owned else None))
        if xp.multi_tensor_dtypes and group.get("foreach") is not False:
            params = self._multi_tensor_update(xp, params, group)
        for p in params:
            x = _nd(p.array)
            if xp.compiles_fused and self._fused_update(xp, p, group):
                continue
            g, owned = _grad(xp, x, _nd(p.grad.array), maximize, weight_decay)
            if momentum != 0:
                state = self.state[p]
                buf_t = state.get("momentum_buffer")
                if buf_t is None:  # the first step: the buffer starts as the gradient
                    buf = g.copy()
                    state["momentum_buffer"] = _state_tensor(buf.reshape(p.shape), p)
                    if group["nesterov"]:
                        g = xp.add(g, xp.multiply(buf, momentum), out=g if owned else None)
                        owned = True
                    else:
                        g, owned = buf, False
                else:
                    g, owned = self._with_momentum(xp, g, owned, _nd(buf_t.array), group)
            xp.subtract(x, xp.multiply(g, lr, out=g if owned else None), out=x)
        increment_version(stepped)

    @staticmethod
    def _with_momentum(xp: Any, g: Any, owned: bool, buf: Any, group: dict[str, Any]
                       ) -> tuple[Any, bool]:
        """Update the momentum buffer in place with gradient ``g``; the direction to step
        along (``lr`` times it is subtracted), and whether it is a temporary of this step."""
        momentum, dampening = group["momentum"], group["dampening"]
        xp.multiply(buf, momentum, out=buf)
        if dampening == 0:
            xp.add(buf, g, out=buf)
        else:
            xp.add(buf, xp.multiply(g, 1 - dampening), out=buf)
        if group["nesterov"]:
            return xp.add(g, xp.multiply(buf, momentum), out=g if owned else None), True
        return buf, False

    def _multi_tensor_update(self, xp: Any, params: list, group: dict[str, Any]) -> list:
        """The update of every parameter that a multi-tensor kernel can take, one launch per
        dtype (and, with momentum, per first or later step: a new buffer starts as the
        gradient); the parameters left."""
        sign = -1.0 if group["maximize"] else 1.0
        wd, lr, momentum = group["weight_decay"], group["lr"], group["momentum"]
        sets: dict = {}
        rest = []
        for p in params:
            if momentum == 0:
                rows = (p.array, p.grad.array)
                first = False
            else:
                state = self.state[p]
                buf = state.get("momentum_buffer")
                first = buf is None
                rows = (p.array, p.grad.array, p.array if first else buf.array)
            if not kernel_ready(xp, p, rows):
                rest.append(p)
                continue
            if first:
                buf = state["momentum_buffer"] = _state_tensor(xp.empty_like(p.array), p)
                rows = (p.array, p.grad.array, buf.array)
            sets.setdefault((p.dtype, first), []).append(rows)
        for (_, first), rows in sets.items():
            if momentum == 0:
                xp.multi_tensor("sgd", rows, sign, wd, lr)
            else:
                xp.multi_tensor("sgd_momentum", rows, sign, wd, momentum,
                                1 - group["dampening"], lr, float(group["nesterov"]),
                                float(first))
        return rest

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
