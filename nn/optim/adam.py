"""Adam and AdamW: adaptive moment estimation, with coupled or decoupled weight decay."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from autograd.graph import increment_version
from autograd.tensor import Tensor
from nn.optim.flat import FlatState, kernel_ready, take_flat
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
        amsgrad = group["amsgrad"]
        stepped = [p for p in group["params"] if p.grad is not None]
        if not stepped:
            return
        params = stepped
        xp = params[0].device.backend
        if group.get("foreach") is not False and not xp.compiles_fused:
            keys = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq") if amsgrad else (
                "exp_avg", "exp_avg_sq")
            flats, params = take_flat(self, params, keys,
                                      functools.partial(self._init_state, amsgrad=amsgrad))
            for flat in flats:
                self._flat_update(xp, flat, group)
        if xp.multi_tensor_dtypes and group.get("foreach") is not False:
            params = self._multi_tensor_update(xp, params, group)
        for p in params:
            state = self.state[p]
            if not state:
                self._init_state(p, state, amsgrad)
            step = _next_step(state)
            if xp.compiles_fused:  # one kernel per parameter instead of about twelve
                self._fused_update(xp, p, state, group, step)
                continue
            x = _nd(p.array)
            g, owned = self._decayed_grad(xp, x, _nd(p.grad.array), group)
            moments = [_nd(state["exp_avg"].array), _nd(state["exp_avg_sq"].array)]
            if amsgrad:
                moments.append(_nd(state["max_exp_avg_sq"].array))
            # (no name keeps the step's temporaries alive into the next parameter's)
            xp.add(x, self._step_direction(xp, g, owned, moments, group, step), out=x)
            del g, moments
        increment_version(stepped)

    @staticmethod
    def _init_state(p: Tensor, state: dict[str, Any], amsgrad: bool) -> None:
        xp = p.device.backend
        x = p.array
        state["step"] = _scalar_state(0)
        state["exp_avg"] = _state_tensor(xp.zeros_like(x), p)
        state["exp_avg_sq"] = _state_tensor(xp.zeros_like(x), p)
        if amsgrad:
            state["max_exp_avg_sq"] = _state_tensor(xp.zeros_like(x), p)

    @staticmethod
    def _decayed_grad(xp: Any, x: Any, grad: Any, group: dict[str, Any]) -> tuple[Any, bool]:
        """The gradient the moments see (negated for maximize, plus coupled weight decay), after
        the decoupled decay of ``x`` in place; and whether it is a temporary of this step."""
        weight_decay = group["weight_decay"]
        if weight_decay != 0 and group["decoupled_weight_decay"]:
            xp.multiply(x, 1 - group["lr"] * weight_decay, out=x)
            return _grad(xp, x, grad, group["maximize"], 0)
        return _grad(xp, x, grad, group["maximize"], weight_decay)

    @staticmethod
    def _step_direction(xp: Any, g: Any, owned: bool, moments: list, group: dict[str, Any],
                        step: int) -> Any:
        """Update the moments in place with gradient ``g`` and return the step to add to the
        parameter: ``-lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps)``, rounded as PyTorch's."""
        beta1, beta2 = group["betas"]
        m, v = moments[0], moments[1]
        tmp = xp.empty_like(m)
        _lerp_(xp, m, g, 1 - beta1, tmp)
        xp.multiply(v, beta2, out=v)
        _addcmul_sq_(xp, v, g, 1 - beta2, tmp)
        bias_correction1 = 1 - beta1 ** step
        bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
        step_size = group["lr"] / bias_correction1
        if len(moments) == 3:  # amsgrad: the running maximum of v
            vmax = moments[2]
            xp.maximum(vmax, v, out=vmax)
            v = vmax
        # denominator sqrt(v) / sqrt(bc2) + eps, then p += (-step_size * m) / denom
        denom = xp.sqrt(v, out=g if owned else None)
        xp.divide(denom, bias_correction2_sqrt, out=denom)
        xp.add(denom, group["eps"], out=denom)
        xp.multiply(m, -step_size, out=tmp)
        xp.divide(tmp, denom, out=tmp)
        return tmp

    def _flat_update(self, xp: Any, flat: FlatState, group: dict[str, Any]) -> None:
        """The update of the small parameters together (``nn.optim.flat``)."""
        state = self.state
        for p in flat.params:
            step = _next_step(state[p])
        params = flat.params
        grads = flat.gather(xp, [p.grad.array for p in params])
        weight_decay = group["weight_decay"]
        if weight_decay != 0 and group["decoupled_weight_decay"]:
            decay = 1 - group["lr"] * weight_decay
            for p in params:
                xp.multiply(p.array, decay, out=p.array)
            weight_decay = 0
        values = flat.gather(xp, [p.array for p in params]) if weight_decay != 0 else None
        g, _ = _grad(xp, values, grads, group["maximize"], weight_decay)
        moments = [flat.buffers[k] for k in flat.keys]
        flat.scatter(xp.add, self._step_direction(xp, g, True, moments, group, step))

    def _multi_tensor_update(self, xp: Any, params: list, group: dict[str, Any]) -> list:
        """The update of every parameter that a multi-tensor kernel can take, one launch per
        dtype and step count (``backends/multi_tensor.py``); the parameters left."""
        amsgrad = group["amsgrad"]
        keys = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq") if amsgrad else (
            "exp_avg", "exp_avg_sq")
        sets: dict = {}
        rest = []
        for p in params:
            state = self.state[p]
            if not state:
                self._init_state(p, state, amsgrad)
            rows = (p.array, p.grad.array, *(state[k].array for k in keys))
            if kernel_ready(xp, p, rows):
                sets.setdefault((p.dtype, _next_step(state)), []).append(rows)
            else:
                rest.append(p)
        op = "adam_amsgrad" if amsgrad else "adam"
        for (_, step), rows in sets.items():
            xp.multi_tensor(op, rows, *self._kernel_scalars(group, step))
        return rest

    @staticmethod
    def _kernel_scalars(group: dict[str, Any], step: float) -> tuple:
        """The scalars of the fused and multi-tensor kernels at step ``step``."""
        lr, eps, wd = group["lr"], group["eps"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        decoupled = group["decoupled_weight_decay"]
        return (-1.0 if group["maximize"] else 1.0, 0.0 if decoupled else wd,
                1 - lr * wd if decoupled else 1.0, beta1, beta2, lr / (1 - beta1 ** step),
                (1 - beta2 ** step) ** 0.5, eps)

    @classmethod
    def _fused_update(cls, xp: Any, p: Tensor, state: dict[str, Any], group: dict[str, Any],
                      step: float) -> None:
        x = p.array
        args = cls._kernel_scalars(group, step)
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
