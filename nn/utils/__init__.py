"""Gradient clipping, flat parameter vectors and packed sequences (``torch.nn.utils``).

Clipping works on the raw gradient arrays in place and keeps the total norm on the device
(no host synchronisation), the same code on NumPy and CuPy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import reduce
from typing import Any

import autograd as ag
from autograd.tensor import Tensor
from nn.utils import rnn

__all__ = ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector",
           "vector_to_parameters", "rnn"]


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


def clip_grad_norm_(parameters: Tensor | Iterable[Tensor], max_norm: float,
                    norm_type: float = 2.0, error_if_nonfinite: bool = False,
                    foreach: bool | None = None) -> Tensor:
    """Scale gradients in place so their joint ``norm_type``-norm is at most ``max_norm``.

    Returns the total norm before clipping as a 0-d Tensor on the first gradient's device.
    ``foreach`` is accepted for compatibility (the loop over raw arrays is already fused
    enough).
    """
    params = _as_list(parameters)
    grads = [p.grad for p in params if p.grad is not None]
    max_norm, norm_type = float(max_norm), float(norm_type)
    if not grads:
        return ag.zeros((), device="cpu")
    first = grads[0].device
    xp = first.backend
    norms = []
    for g in grads:
        n = _vector_norm(g.device.backend, g.array, norm_type)
        if g.device is not first:
            n = xp.from_numpy(g.device.backend.to_numpy(n))
        norms.append(n)
    dtype = reduce(ag.promote_types, [n.dtype for n in norms])
    total = _vector_norm(xp, xp.stack([n.astype(dtype) for n in norms]), norm_type)
    if error_if_nonfinite and not bool(xp.isfinite(total)):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is "
            "non-finite, so it cannot be clipped. To disable this error and scale the "
            "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`"
        )
    # Always multiply (by 1 when under the limit): a data-dependent branch would force a
    # device-to-host synchronisation on every step.
    coef = xp.minimum(max_norm / (total + 1e-6), 1.0)
    for g in grads:
        c = coef if g.device is first else g.device.backend.from_numpy(xp.to_numpy(coef))
        raw = g.array
        raw *= c.astype(g.dtype)
    ag.graph.increment_version(grads)
    return ag.as_tensor(total, device=first)


def clip_grad_value_(parameters: Tensor | Iterable[Tensor], clip_value: float,
                     foreach: bool | None = None) -> None:
    """Clamp every gradient in place to [-clip_value, clip_value]."""
    clip_value = float(clip_value)
    for p in _as_list(parameters):
        g = p.grad
        if g is not None:
            raw = g.array
            g.device.backend.clip(raw, -clip_value, clip_value, out=raw)
            ag.graph.increment_version(g)


def _zero_grad(parameters: Iterable[Tensor], set_to_none: bool = True) -> None:
    """Reset the gradients of ``parameters`` (``Module.zero_grad``, ``Optimizer.zero_grad``).

    ``set_to_none`` sets ``.grad = None``; otherwise each gradient is cut from any graph (a
    gradient made with ``create_graph`` has a ``grad_fn``) and zeroed in place, as PyTorch does.
    """
    zeroed = []
    for p in parameters:
        g = p.grad
        if g is None:
            continue
        if set_to_none:
            p.grad = None
            continue
        if g.grad_fn is not None:
            g.detach_()
        elif g.requires_grad:
            g.requires_grad_(False)
        try:
            g.array.fill(0)
        except ValueError:
            # a read-only array (the engine may hand a broadcast view over as a gradient): the
            # gradient gets zeroed memory of its own; the data setter counts the change
            g.data = ag.zeros_like(g)
            continue
        zeroed.append(g)
    ag.graph.increment_version(zeroed)


def _check_same_device(params: list[Tensor], name: str) -> None:
    for p in params:
        if p.device is not params[0].device:
            raise TypeError(
                f"{name}: Found two parameters on different devices ({params[0].device} and "
                f"{p.device}), this is currently not supported."
            )


def parameters_to_vector(parameters: Tensor | Iterable[Tensor]) -> Tensor:
    """All parameters flattened and concatenated into one 1-D Tensor (differentiable)."""
    params = _as_list(parameters)
    _check_same_device(params, "parameters_to_vector")
    return ag.cat([ag.reshape(p, -1) for p in params])


def vector_to_parameters(vec: Tensor, parameters: Tensor | Iterable[Tensor]) -> None:
    """Copy consecutive slices of the 1-D ``vec`` into the parameters, in place."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected Tensor, but got: {type(vec).__name__}")
    params = _as_list(parameters)
    _check_same_device(params, "vector_to_parameters")
    total = sum(p.numel() for p in params)
    if vec.numel() != total:
        raise RuntimeError(
            f"vector_to_parameters: vec has {vec.numel()} elements (shape "
            f"{tuple(vec.shape)}) but the parameters hold {total}"
        )
    if params and vec.device is not params[0].device:
        raise TypeError(
            f"vector_to_parameters: vec is on {vec.device} but the parameters are on "
            f"{params[0].device}"
        )
    flat = vec.array.reshape(-1)
    offset = 0
    for p in params:
        n = p.numel()
        p.array[...] = flat[offset:offset + n].reshape(p.shape)
        offset += n
    ag.graph.increment_version(params)
