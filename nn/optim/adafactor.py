"""Adafactor: Adam-like steps with the second moment of a matrix kept as row and column
factors (``torch.optim.Adafactor``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd.graph import increment_version
from autograd.tensor import Tensor
from nn.optim.optimizer import Optimizer, _lerp_, _nd, _next_step, _scalar_state, _state_tensor

__all__ = ["Adafactor"]


class Adafactor(Optimizer):
    """Adafactor (``torch.optim.Adafactor``, PyTorch's variant of Shazeer and Stern's method).

    For a parameter with two or more dims the second moment of its gradient is kept as the
    running means of ``g^2`` over its last dim (``row_var``) and over its second-to-last
    (``col_var``), their product standing for the full matrix; a vector keeps it whole
    (``variance``). The averaging weight is ``step ** beta2_decay``; the step is
    ``max(eps2, rms(p)) * min(lr, step ** -0.5)`` times ``g / sqrt(v)``, that update clipped to
    an RMS of ``d``; ``weight_decay`` is decoupled (``p *= 1 - lr * weight_decay``). Unlike
    PyTorch's, the RMS values are not read back to the host: no device wait per parameter.
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1e-2,
                 beta2_decay: float = -0.8, eps: tuple[float | None, float] = (None, 1e-3),
                 d: float = 1.0, weight_decay: float = 0.0, *, foreach: bool | None = None,
                 maximize: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 >= beta2_decay:
            raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
        if eps[0] is not None and not 0.0 <= eps[0]:
            raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
        if not 0.0 <= eps[1]:
            raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
        if not 1.0 <= d:
            raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")
        defaults = {"lr": lr, "beta2_decay": beta2_decay, "eps": eps, "d": d,
                    "weight_decay": weight_decay, "foreach": foreach, "maximize": maximize}
        super().__init__(params, defaults)

    def _update(self, group: dict[str, Any]) -> None:
        lr, beta2_decay, d = group["lr"], group["beta2_decay"], group["d"]
        eps1, eps2 = group["eps"]
        weight_decay = group["weight_decay"]
        updated = []
        for p in group["params"]:
            if p.grad is None:
                continue
            xp = p.device.backend
            x = _nd(p.array)
            g = _nd(p.grad.array)
            if group["maximize"]:
                g = xp.negative(g)
            state = self.state[p]
            if not state:
                state["step"] = _scalar_state(0)
                if g.ndim > 1:
                    state["row_var"] = _state_tensor(xp.zeros(g.shape[:-1] + (1,), g.dtype), p)
                    state["col_var"] = _state_tensor(
                        xp.zeros(g.shape[:-2] + (1, g.shape[-1]), g.dtype), p)
                else:
                    state["variance"] = _state_tensor(xp.zeros_like(p.array), p)
            step = _next_step(state)
            weight = step ** beta2_decay
            rho = min(lr, 1 / step ** 0.5)
            e1 = float(np.finfo(x.dtype).eps) if eps1 is None else eps1
            # max(eps2, rms(p)) * rho, on the device
            rms = xp.sqrt(xp.sum(x * x)) / x.size ** 0.5
            alpha = xp.maximum(rms, eps2) * rho
            if weight_decay != 0:
                xp.multiply(x, 1 - lr * weight_decay, out=x)
            if g.ndim > 1:
                row_var, col_var = state["row_var"].array, state["col_var"].array
                # the means of g^2 over the last dim and over the second-to-last (as norms
                # squared, PyTorch's rounding)
                row_mean = xp.square(xp.sqrt(xp.sum(g * g, axis=-1, keepdims=True)))
                row_mean /= g.shape[-1]
                _lerp_(xp, row_var, row_mean, weight)
                col_mean = xp.square(xp.sqrt(xp.sum(g * g, axis=-2, keepdims=True)))
                col_mean /= g.shape[-2]
                _lerp_(xp, col_var, col_mean, weight)
                estimate = xp.matmul(row_var, col_var)
                estimate /= xp.maximum(xp.mean(row_var, axis=-2, keepdims=True), e1)
            else:
                variance = _nd(state["variance"].array)
                _lerp_(xp, variance, g * g, weight)
                estimate = variance.copy()
            update = 1 / xp.sqrt(xp.maximum(estimate, e1 * e1))
            update *= g
            # the update clipped to an RMS of d
            denom = xp.maximum(xp.sqrt(xp.sum(update * update)) / (update.size ** 0.5 * d), 1.0)
            x -= update * (alpha / denom).astype(x.dtype)
            updated.append(p)
        increment_version(updated)
