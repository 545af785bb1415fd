"""Adam and AdamW: adaptive moment estimation, with coupled or decoupled weight decay."""

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

__all__ = ["Adam", "AdamW"]


def _adam_(xp: Any, x: Any, g: Any, m: Any, v: Any, sign: float, weight_decay: float,
           decay: float, beta1: float, beta2: float, step_size: float, bc2_sqrt: float,
           eps: float) -> None:
    """One Adam step in place on parameter ``x`` and moments ``m``, ``v`` (one GPU kernel):
    ``decay`` is the decoupled weight decay factor, ``weight_decay`` the coupled one."""
    x *= decay
    g = g * sign + weight_decay * x
    m += (g - m) * (1 - beta1)
    v *= beta2
    v += (1 - beta2) * g * g
    x -= step_size * m / (xp.sqrt(v) / bc2_sqrt + eps)


def _amsgrad_(xp: Any, x: Any, g: Any, m: Any, v: Any, vmax: Any, sign: float,
              weight_decay: float, decay: float, beta1: float, beta2: float, step_size: float,
              bc2_sqrt: float, eps: float) -> None:
    """``_adam_`` dividing by the running maximum ``vmax`` of ``v`` (AMSGrad)."""
    x *= decay
    g = g * sign + weight_decay * x
    m += (g - m) * (1 - beta1)
    v *= beta2
    v += (1 - beta2) * g * g
    vmax[...] = xp.maximum(vmax, v)
    x -= step_size * m / (xp.sqrt(vmax) / bc2_sqrt + eps)


def _check_betas(betas: tuple[float, float]) -> None:
    for i, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {beta}")


class Adam(Optimizer):
    """Adam (``torch.optim.Adam``): ``p -= lr * m_hat / (sqrt(v_hat) + eps)``.

    ``m`` and ``v`` are running averages of the gradient and its square (``betas``), bias
    corrected; ``amsgrad`` divides by the running maximum of ``v`` instead. ``weight_decay`` is
    L2 (added to the gradient), or decoupled (``p *= 1 - lr * weight_decay``, as AdamW) with
    ``decoupled_weight_decay=True``; ``maximize`` ascends.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *, foreach: bool | None = None,
                 maximize: bool = False, capturable: bool = False, differentiable: bool = False,
                 fused: bool | None = None, decoupled_weight_decay: bool = False) -> None:
        if isinstance(lr, Tensor) and foreach and not capturable:
            raise ValueError("lr as a Tensor is not supported for capturable=False and "
                             "foreach=True")
        _check_lr(lr)
        _check_nonneg("epsilon", eps)
        _check_betas(betas)
        _check_nonneg("weight_decay", weight_decay)
        _check_differentiable(differentiable, fused, foreach)
        defaults = {"lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay,
                    "amsgrad": amsgrad, "maximize": maximize, "foreach": foreach,
                    "capturable": capturable, "differentiable": differentiable, "fused": fused,
                    "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)

    def _update(self, group: dict[str, Any]) -> None:
        lr = group["lr"]
        beta1, beta2 = group["betas"]
        eps = group["eps"]
        weight_decay = group["weight_decay"]
        amsgrad = group["amsgrad"]
        decoupled = group["decoupled_weight_decay"]
        maximize = group["maximize"]
        updated = []
        for p in group["params"]:
            if p.grad is None:
                continue
            xp = p.device.backend
            x = p.array
            state = self.state[p]
            if not state:
                state["step"] = _scalar_state(0)
                state["exp_avg"] = _state_tensor(xp.zeros_like(x), p)
                state["exp_avg_sq"] = _state_tensor(xp.zeros_like(x), p)
                if amsgrad:
                    state["max_exp_avg_sq"] = _state_tensor(xp.zeros_like(x), p)
            step = _next_step(state)
            if xp.compiles_fused:  # one kernel per parameter instead of about twelve
                self._fused_update(xp, p, state, group, step)
                updated.append(p)
                continue
            x = _nd(x)
            if weight_decay != 0 and decoupled:
                xp.multiply(x, 1 - lr * weight_decay, out=x)
                g, owned = _grad(xp, x, _nd(p.grad.array), maximize, 0)
            else:
                g, owned = _grad(xp, x, _nd(p.grad.array), maximize, weight_decay)
            m = _nd(state["exp_avg"].array)
            v = _nd(state["exp_avg_sq"].array)
            tmp = xp.empty_like(x)
            _lerp_(xp, m, g, 1 - beta1, tmp)
            xp.multiply(v, beta2, out=v)
            _addcmul_sq_(xp, v, g, 1 - beta2, tmp)
            bias_correction1 = 1 - beta1 ** step
            bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
            step_size = lr / bias_correction1
            if amsgrad:
                vmax = _nd(state["max_exp_avg_sq"].array)
                xp.maximum(vmax, v, out=vmax)
                v = vmax
            # denominator sqrt(v) / sqrt(bc2) + eps, then p += (-step_size * m) / denom
            denom = xp.sqrt(v, out=g if owned else None)
            xp.divide(denom, bias_correction2_sqrt, out=denom)
            xp.add(denom, eps, out=denom)
            xp.multiply(m, -step_size, out=tmp)
            xp.divide(tmp, denom, out=tmp)
            xp.add(x, tmp, out=x)
            updated.append(p)
        increment_version(updated)

    @staticmethod
    def _fused_update(xp: Any, p: Tensor, state: dict[str, Any], group: dict[str, Any],
                      step: float) -> None:
        lr, eps, wd = group["lr"], group["eps"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        decoupled = group["decoupled_weight_decay"]
        x = p.array
        args = (-1.0 if group["maximize"] else 1.0, 0.0 if decoupled else wd,
                1 - lr * wd if decoupled else 1.0, beta1, beta2, lr / (1 - beta1 ** step),
                (1 - beta2 ** step) ** 0.5, eps)
        m, v = state["exp_avg"].array, state["exp_avg_sq"].array
        if group["amsgrad"]:
            xp.fused(_amsgrad_, x, p.grad.array, m, v, state["max_exp_avg_sq"].array, *args)
        else:
            xp.fused(_adam_, x, p.grad.array, m, v, *args)


class AdamW(Adam):
    """AdamW (``torch.optim.AdamW``): Adam with decoupled weight decay (default 1e-2)."""

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False, foreach: bool | None = None, capturable: bool = False,
                 differentiable: bool = False, fused: bool | None = None) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize,
                         foreach=foreach, capturable=capturable, differentiable=differentiable,
                         fused=fused, decoupled_weight_decay=True)
