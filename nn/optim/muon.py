"""Muon: momentum orthogonalised by a Newton-Schulz iteration, for 2-D parameters
(``torch.optim.Muon``)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import autograd as ag
from autograd.tensor import Tensor
from nn.optim.optimizer import Optimizer, _check_lr

__all__ = ["Muon"]

EPS = 1e-7
NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)  # a quintic with the steepest slope at zero
NS_STEPS = 5


def zeropower_via_newtonschulz(grad: Tensor, ns_coefficients: tuple[float, float, float],
                               ns_steps: int, eps: float) -> Tensor:
    """An approximate orthogonalisation ``U S' V^T`` of the matrix ``grad = U S V^T`` (``S'``
    near 1): ``ns_steps`` iterations of ``X <- a X + (b A + c A A) X`` with ``A = X X^T``, in
    bfloat16, from ``X = grad / ||grad||`` (transposed first when it is taller than wide),
    as PyTorch's ``_zeropower_via_newtonschulz``."""
    if ns_steps >= 100:
        raise ValueError("Number of steps must be less than 100 for computational efficiency")
    if grad.ndim != 2:
        raise ValueError("Input tensor gradient must be a 2D matrix")
    if len(ns_coefficients) != 3:
        raise ValueError("Coefficients must be a tuple of exactly 3 values")
    a, b, c = ns_coefficients
    tall = grad.shape[0] > grad.shape[1]
    x = grad.bfloat16()
    if tall:
        x = x.T
    x = x / x.norm().clamp(min=eps)
    for _ in range(ns_steps):
        gram = x @ x.T
        x = ag.addmm(x, ag.addmm(gram, gram, gram, beta=b, alpha=c), x, beta=a)
    return x.T if tall else x


def adjust_lr(lr: float, adjust_lr_fn: str | None, shape: tuple) -> float:
    """The learning rate of a parameter of ``shape`` (A, B): ``lr * sqrt(max(1, A / B))``
    (``None`` or ``"original"``), or ``lr * 0.2 * sqrt(max(A, B))`` (``"match_rms_adamw"``,
    an update of AdamW's RMS)."""
    rows, cols = shape[:2]
    if adjust_lr_fn is None or adjust_lr_fn == "original":
        return lr * math.sqrt(max(1, rows / cols))
    if adjust_lr_fn == "match_rms_adamw":
        return lr * 0.2 * math.sqrt(max(rows, cols))
    return lr


class Muon(Optimizer):
    """Muon (``torch.optim.Muon``) for 2-D parameters: the momentum buffer
    ``b = lerp(b, g, 1 - momentum)`` (with ``nesterov``, the update is ``lerp(g, b,
    momentum)``), orthogonalised by ``zeropower_via_newtonschulz``, then
    ``p *= 1 - lr * weight_decay`` and ``p -= adjust_lr(lr) * update``. Other parameters
    (biases, norms, embeddings) belong to another optimizer, such as AdamW."""

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1e-3,
                 weight_decay: float = 0.1, momentum: float = 0.95, nesterov: bool = True,
                 ns_coefficients: tuple[float, float, float] = NS_COEFFICIENTS,
                 eps: float = EPS, ns_steps: int = NS_STEPS,
                 adjust_lr_fn: str | None = None) -> None:
        _check_lr(lr)
        if not 0.0 <= momentum:
            raise ValueError(f"momentum should be >= 0 but is: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight decay should be >= 0 but is: {weight_decay}")
        if adjust_lr_fn is not None and adjust_lr_fn not in ("original", "match_rms_adamw"):
            raise ValueError(f"Adjust learning rate function {adjust_lr_fn} is not supported")
        defaults = {"lr": lr, "weight_decay": weight_decay, "momentum": momentum,
                    "nesterov": nesterov, "ns_coefficients": ns_coefficients, "eps": eps,
                    "ns_steps": ns_steps, "adjust_lr_fn": adjust_lr_fn}
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                if p.ndim != 2:
                    raise ValueError("Muon only supports 2D parameters whereas we found a "
                                     f"parameter with size: {tuple(p.shape)}")

    def _update(self, group: dict[str, Any]) -> None:
        lr, momentum = group["lr"], group["momentum"]
        for p in group["params"]:
            grad = p.grad
            if grad is None:
                continue
            if grad.ndim != 2:
                raise ValueError("Param gradient must be a 2D matrix")
            state = self.state[p]
            if "momentum_buffer" not in state:
                state["momentum_buffer"] = ag.zeros_like(grad)
            buf = state["momentum_buffer"]
            buf.lerp_(grad, 1 - momentum)
            update = grad.lerp(buf, momentum) if group["nesterov"] else buf
            update = zeropower_via_newtonschulz(update, group["ns_coefficients"],
                                                group["ns_steps"], group["eps"])
            p.mul_(1 - lr * group["weight_decay"])
            p.add_(update, alpha=-adjust_lr(lr, group["adjust_lr_fn"], p.shape))

