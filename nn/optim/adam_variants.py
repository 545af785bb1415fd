"""Adam's relatives: NAdam (Nesterov momentum), RAdam (rectified), Adamax (infinity norm) and
SparseAdam (updates only where the gradient is nonzero), each PyTorch's update rule with
its operations in PyTorch's order, so the trajectories agree to rounding."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from autograd.graph import increment_version
from autograd.tensor import Tensor
from nn.optim.adam import _check_betas
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

__all__ = ["NAdam", "RAdam", "Adamax", "SparseAdam"]


def _moments(self: Optimizer, p: Tensor, xp: Any, names: tuple[str, ...],
             step: Any = None, scalars: tuple[tuple[str, float], ...] = ()) -> dict:
    """``p``'s state, created on its first step in PyTorch's key order: the step count (a
    0-d tensor unless ``step`` is given), the 0-d tensors ``scalars`` (name, start value),
    then the zeroed moments ``names``."""
    state = self.state[p]
    if not state:
        state["step"] = _scalar_state(0) if step is None else step
        for name, value in scalars:
            state[name] = _scalar_state(value)
        for name in names:
            state[name] = _state_tensor(xp.zeros_like(p.array), p)
    return state


def _decay(xp: Any, x: Any, g: Any, group: dict, decoupled: bool) -> tuple[Any, bool]:
    """The gradient after ``maximize`` and (L2 or decoupled) weight decay."""
    wd = group["weight_decay"]
    if wd != 0 and decoupled:
        xp.multiply(x, 1 - group["lr"] * wd, out=x)
        return _grad(xp, x, g, group["maximize"], 0)
    return _grad(xp, x, g, group["maximize"], wd)


class NAdam(Optimizer):
    """NAdam (``torch.optim.NAdam``): Adam with Nesterov momentum, the momentum schedule
    ``mu_t = beta1 (1 - 0.5 * 0.96^(t * momentum_decay))``."""

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 2e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, momentum_decay: float = 4e-3,
                 decoupled_weight_decay: bool = False, *, foreach: bool | None = None,
                 maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
        _check_lr(lr)
        _check_nonneg("epsilon", eps)
        _check_betas(betas)
        _check_nonneg("weight_decay", weight_decay)
        _check_nonneg("momentum_decay", momentum_decay)
        _check_differentiable(differentiable)
        defaults = {"lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay,
                    "momentum_decay": momentum_decay,
                    "decoupled_weight_decay": decoupled_weight_decay, "maximize": maximize,
                    "foreach": foreach, "capturable": capturable,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _update(self, group: dict[str, Any]) -> None:
        lr, eps = group["lr"], group["eps"]
        beta1, beta2 = group["betas"]
        updated = []
        for p in group["params"]:
            if p.grad is None:
                continue
            xp = p.device.backend
            x = _nd(p.array)
            state = _moments(self, p, xp, ("exp_avg", "exp_avg_sq"),
                             scalars=(("mu_product", 1.0),))
            step = _next_step(state)
            g, _ = _decay(xp, x, _nd(p.grad.array), group, group["decoupled_weight_decay"])
            bias_correction2 = 1 - beta2 ** step
            mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * group["momentum_decay"]))
            mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * group["momentum_decay"]))
            # a 0-d tensor multiplied in its own dtype, as PyTorch's
            product = state["mu_product"].array
            kind = product.dtype.type
            product[()] = kind(product.item()) * kind(mu)
            mu_product = product.item()
            m, v = _nd(state["exp_avg"].array), _nd(state["exp_avg_sq"].array)
            tmp = xp.empty_like(x)
            _lerp_(xp, m, g, 1 - beta1, tmp)
            xp.multiply(v, beta2, out=v)
            _addcmul_sq_(xp, v, g, 1 - beta2, tmp)
            denom = xp.sqrt(xp.divide(v, bias_correction2))
            xp.add(denom, eps, out=denom)
            # p += c1 * g / denom + c2 * m / denom, each an addcdiv as PyTorch rounds it
            c1 = -lr * (1.0 - mu) / (1.0 - mu_product)
            c2 = -lr * mu_next / (1.0 - mu_product * mu_next)
            xp.add(x, xp.divide(xp.multiply(g, c1), denom), out=x)
            xp.add(x, xp.divide(xp.multiply(m, c2), denom), out=x)
            updated.append(p)
        increment_version(updated)


class RAdam(Optimizer):
    """RAdam (``torch.optim.RAdam``): Adam whose adaptive step is switched on, and rectified,
    once the variance of the adaptive learning rate is tractable (rho_t > 5)."""

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, decoupled_weight_decay: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
        _check_lr(lr)
        _check_nonneg("epsilon", eps)
        _check_betas(betas)
        _check_nonneg("weight_decay", weight_decay)
        _check_differentiable(differentiable)
        defaults = {"lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize, "foreach": foreach, "capturable": capturable,
                    "decoupled_weight_decay": decoupled_weight_decay,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _update(self, group: dict[str, Any]) -> None:
        lr, eps = group["lr"], group["eps"]
        beta1, beta2 = group["betas"]
        rho_inf = 2 / (1 - beta2) - 1
        updated = []
        for p in group["params"]:
            if p.grad is None:
                continue
            xp = p.device.backend
            x = _nd(p.array)
            state = _moments(self, p, xp, ("exp_avg", "exp_avg_sq"))
            step = _next_step(state)
            g, _ = _decay(xp, x, _nd(p.grad.array), group, group["decoupled_weight_decay"])
            m, v = _nd(state["exp_avg"].array), _nd(state["exp_avg_sq"].array)
            tmp = xp.empty_like(x)
            _lerp_(xp, m, g, 1 - beta1, tmp)
            xp.multiply(v, beta2, out=v)
            _addcmul_sq_(xp, v, g, 1 - beta2, tmp)
            bias_correction1 = 1 - beta1 ** step
            bias_correction2 = 1 - beta2 ** step
            m_hat = xp.divide(m, bias_correction1)
            rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
            if rho_t > 5.0:
                rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                        / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
                adaptive = xp.divide(bias_correction2 ** 0.5, xp.add(xp.sqrt(v), eps))
                update = xp.multiply(xp.multiply(xp.multiply(m_hat, lr), adaptive), rect)
            else:
                update = xp.multiply(m_hat, lr)
            xp.subtract(x, update, out=x)
            updated.append(p)
        increment_version(updated)


class Adamax(Optimizer):
    """Adamax (``torch.optim.Adamax``): Adam with the infinity norm,
    ``u = max(beta2 u, |g| + eps)``, ``p -= lr / (1 - beta1^t) * m / u``."""

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 2e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, foreach: bool | None = None, *,
                 maximize: bool = False, differentiable: bool = False,
                 capturable: bool = False) -> None:
        _check_lr(lr)
        _check_nonneg("epsilon", eps)
        _check_betas(betas)
        _check_nonneg("weight_decay", weight_decay)
        _check_differentiable(differentiable)
        defaults = {"lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay,
                    "foreach": foreach, "maximize": maximize, "differentiable": differentiable,
                    "capturable": capturable}
        super().__init__(params, defaults)

    def _update(self, group: dict[str, Any]) -> None:
        lr, eps = group["lr"], group["eps"]
        beta1, beta2 = group["betas"]
        updated = []
        for p in group["params"]:
            if p.grad is None:
                continue
            xp = p.device.backend
            x = _nd(p.array)
            state = _moments(self, p, xp, ("exp_avg", "exp_inf"))
            step = _next_step(state)
            g, _ = _grad(xp, x, _nd(p.grad.array), group["maximize"], group["weight_decay"])
            m, u = _nd(state["exp_avg"].array), _nd(state["exp_inf"].array)
            _lerp_(xp, m, g, 1 - beta1)
            xp.multiply(u, beta2, out=u)
            xp.maximum(u, xp.add(xp.abs(g), eps), out=u)
            clr = lr / (1 - beta1 ** step)
            xp.add(x, xp.divide(xp.multiply(m, -clr), u), out=x)
            updated.append(p)
        increment_version(updated)


class SparseAdam(Optimizer):
    """SparseAdam (``torch.optim.SparseAdam``): Adam that touches the moments and the
    parameter only where the gradient has entries.

    Gradients here are dense, so "has entries" means the rows (first-dim slices) of a
    parameter whose gradient is not all zero -- the rows an ``Embedding`` looked up, which
    is what PyTorch's sparse gradient holds. (PyTorch refuses dense gradients.)
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 maximize: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 < lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        _check_betas(betas)
        super().__init__(params, {"lr": lr, "betas": tuple(betas), "eps": eps,
                                  "maximize": maximize})

    _step_is_tensor = False  # PyTorch's SparseAdam counts in a Python int

    def _update(self, group: dict[str, Any]) -> None:
        lr, eps = group["lr"], group["eps"]
        beta1, beta2 = group["betas"]
        updated = []
        for p in group["params"]:
            if p.grad is None:
                continue
            xp = p.device.backend
            x = _nd(p.array)
            g = _nd(p.grad.array)
            if group["maximize"]:
                g = -g
            state = _moments(self, p, xp, ("exp_avg", "exp_avg_sq"), step=0)
            state["step"] += 1
            flat = g.reshape(g.shape[0], -1) if g.ndim > 1 else g.reshape(-1, 1)
            rows = xp.flatnonzero((flat != 0).any(axis=1))
            if rows.size == 0:
                continue
            m = _nd(state["exp_avg"].array)
            v = _nd(state["exp_avg_sq"].array)
            gv = g[rows]
            m_old, v_old = m[rows], v[rows]
            m_step = (gv - m_old) * (1 - beta1)
            v_step = (gv * gv - v_old) * (1 - beta2)
            m[rows] = m_old + m_step
            v[rows] = v_old + v_step
            step = state["step"]
            step_size = lr * math.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
            x[rows] = x[rows] + -step_size * ((m_step + m_old) / (xp.sqrt(v_step + v_old) + eps))
            updated.append(p)
        increment_version(updated)
