"""Gradient clipping (``torch.nn.utils.clip_grad``): get_total_norm, clip_grads_with_norm_,
clip_grad_norm_, clip_grad_value_.

Clipping works on the raw gradient arrays in place and keeps the total norm on the device
(no host synchronisation), the same code on NumPy and CuPy.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from functools import reduce
from typing import Any

import autograd as ag
from autograd.tensor import Tensor

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_",
           "get_total_norm"]


def _as_list(parameters: Tensor | Iterable[Tensor]) -> list[Tensor]:
    if isinstance(parameters, Tensor):
        return [parameters]
    return list(parameters)


def _vector_norm(xp: Any, x: Any, p: float) -> Any:
    """The p-norm of all of ``x``'s elements as a 0-d array (``torch.linalg.vector_norm``)."""
    dtype = x.dtype
    if dtype == ag.float16:
        x = x.astype(ag.float32)  # accumulate half precision in float32, as PyTorch does
    if x.size == 0:
        out = xp.zeros((), dtype=x.dtype)
    elif p == 2:
        flat = x.reshape(-1)
        out = xp.sqrt(xp.dot(flat, flat))
    elif p == 1:
        out = xp.abs(x).sum()
    elif p == math.inf:
        out = xp.abs(x).max()
    elif p == -math.inf:
        out = xp.abs(x).min()
    elif p == 0:
        out = xp.count_nonzero(x).astype(x.dtype)
    else:
        out = (xp.abs(x) ** p).sum() ** (1.0 / p)
    return xp.asarray(out, dtype=dtype)


@ag.compiler.disable  # raw arrays: run eagerly inside a compiled step
def get_total_norm(tensors: Tensor | Iterable[Tensor], norm_type: float = 2.0,
                   error_if_nonfinite: bool = False, foreach: bool | None = None) -> Tensor:
    """The ``norm_type``-norm of all of ``tensors`` together (the norm of their norms), a 0-d
    Tensor on the first tensor's device; ``error_if_nonfinite`` raises for inf / NaN."""
    ts = _as_list(tensors)
    for i, t in enumerate(ts):
        if t is None:
            raise RuntimeError(f"get_total_norm: tensors[{i}] is None; pass defined tensors "
                               "only (the gradients that are not None)")
    norm_type = float(norm_type)
    if not ts:
        return ag.zeros((), device="cpu")
    first = ts[0].device
    xp = first.backend
    norms = []
    for t in ts:
        with t.device.backend.scope():  # on a GPU, with that GPU current
            n = _vector_norm(t.device.backend, t.array, norm_type)
        if t.device is not first:
            n = xp.from_numpy(t.device.backend.to_numpy(n))
        norms.append(n)
    dtype = reduce(ag.promote_types, [n.dtype for n in norms])
    with xp.scope():
        total = _vector_norm(xp, xp.stack([n.astype(dtype) for n in norms]), norm_type)
    if error_if_nonfinite and not bool(xp.isfinite(total)):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is "
            "non-finite, so it cannot be clipped. To disable this error and scale the "
            "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`"
        )
    return ag.as_tensor(total, device=first)


@ag.compiler.disable  # raw arrays: run eagerly inside a compiled step
def clip_grads_with_norm_(parameters: Tensor | Iterable[Tensor], max_norm: float,
                          total_norm: Tensor, foreach: bool | None = None) -> None:
    """Scale the gradients in place by ``max_norm / (total_norm + 1e-6)`` when that is below
    1 (``total_norm`` as ``get_total_norm`` gives it)."""
    if not isinstance(total_norm, Tensor):
        raise TypeError(f"clip_grads_with_norm_: total_norm must be a Tensor (as "
                        f"get_total_norm returns it), got {type(total_norm).__name__}")
    grads = [p.grad for p in _as_list(parameters) if p.grad is not None]
    if not grads:
        return
    first = total_norm.device
    xp = first.backend
    # Always multiply (by 1 when under the limit): a data-dependent branch would force a
    # device-to-host synchronisation on every step.
    with xp.scope():
        coef = xp.minimum(float(max_norm) / (total_norm.array + 1e-6), 1.0)
    for g in grads:
        c = coef if g.device is first else g.device.backend.from_numpy(xp.to_numpy(coef))
        with g.device.backend.scope():
            raw = g.array
            raw *= c.astype(g.dtype)
    ag.graph.increment_version(grads)


@ag.compiler.disable  # raw arrays: run eagerly inside a compiled step
def clip_grad_norm_(parameters: Tensor | Iterable[Tensor], max_norm: float,
                    norm_type: float = 2.0, error_if_nonfinite: bool = False,
                    foreach: bool | None = None) -> Tensor:
    """Scale gradients in place so their joint ``norm_type``-norm is at most ``max_norm``.

    Returns the total norm before clipping as a 0-d Tensor on the first gradient's device;
    ``error_if_nonfinite`` raises (RuntimeError, as PyTorch) when it is inf or NaN.
    ``foreach`` is accepted (the loop over raw arrays is already one pass per gradient).
    """
    params = _as_list(parameters)
    total = get_total_norm([p.grad for p in params if p.grad is not None], norm_type,
                           error_if_nonfinite, foreach)
    clip_grads_with_norm_(params, max_norm, total, foreach)
    return total


@ag.compiler.disable  # raw arrays: run eagerly inside a compiled step
def clip_grad_value_(parameters: Tensor | Iterable[Tensor], clip_value: float,
                     foreach: bool | None = None) -> None:
    """Clamp every gradient in place to [-clip_value, clip_value]."""
    clip_value = float(clip_value)
    for p in _as_list(parameters):
        g = p.grad
        if g is not None:
            raw = g.array
            with g.device.backend.scope():
                g.device.backend.clip(raw, -clip_value, clip_value, out=raw)
            ag.graph.increment_version(g)


def clip_grad_norm(parameters: Tensor | Iterable[Tensor], max_norm: float,
                   norm_type: float = 2.0, error_if_nonfinite: bool = False,
                   foreach: bool | None = None) -> Tensor:
    """Deprecated name of ``clip_grad_norm_`` (warns, then calls it)."""
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of "
                  "`torch.nn.utils.clip_grad_norm_`.", FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)
