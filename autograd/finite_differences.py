"""Finite differences for gradcheck: perturb one input at a time and evaluate the function.

While an input is perturbed it holds a private copy of its array, and its own array is put
back afterwards, even when the function raises: the caller's tensors are never modified.
Every evaluation runs without recording and returns the floating-point outputs as float64
arrays on the input's device.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.engine.grad_mode import no_grad
from autograd.engine.tensor_base import TensorBase
from autograd.gradcheck_report import GradcheckError

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["Perturbed", "directional", "evaluate", "float_outputs", "host",
           "numerical_jacobian", "one_sided", "vjp_row"]


def _as_tuple(x: Any) -> tuple:
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def float_outputs(out: Any) -> list[Tensor]:
    """The floating-point Tensors among ``func``'s outputs, in order."""
    return [o for o in _as_tuple(out) if isinstance(o, TensorBase) and o.dtype.kind in "fV"]


def host(a: Any, device: Any) -> np.ndarray:
    return np.asarray(device.backend.to_numpy(a), dtype=np.float64)


class Perturbed:
    """Swaps an input's array for a private copy while it is perturbed, and back afterwards."""

    def __init__(self, x: Tensor) -> None:
        self.x = x
        self.original = x._data

    def __enter__(self) -> Perturbed:
        return self

    def set(self, array: Any) -> None:
        self.x._data = array

    def __exit__(self, *exc: Any) -> None:
        self.x._data = self.original


def evaluate(func: Callable, inputs: tuple, n_out: int) -> list:
    """func's floating outputs as float64 device arrays, without recording."""
    with no_grad():
        outs = float_outputs(func(*inputs))
    if len(outs) != n_out:
        raise GradcheckError(
            f"func returned {len(outs)} floating-point outputs for a perturbed input but "
            f"{n_out} for the original one"
        )
    return [o._data.astype(np.float64) for o in outs]


def numerical_jacobian(func: Callable, inputs: tuple, i: int, outs: list[Tensor],
                        eps: float) -> list[np.ndarray]:
    """Column by column: for each output j, d out_j / d input_i as (out numel, in numel)."""
    x = inputs[i]
    cols = [np.zeros((o.numel(), x.numel())) for o in outs]
    with Perturbed(x) as p:
        work = p.original.copy()
        p.set(work)
        for m in range(x.numel()):
            idx = np.unravel_index(m, x.shape)
            orig = work[idx].copy()
            work[idx] = orig + eps
            plus = evaluate(func, inputs, len(outs))
            work[idx] = orig - eps
            minus = evaluate(func, inputs, len(outs))
            work[idx] = orig
            for j, (a, b) in enumerate(zip(plus, minus)):
                cols[j][:, m] = host((a - b) / (2 * eps), x.device).reshape(-1)
    return cols


def one_sided(func: Callable, inputs: tuple, i: int, j: int, n_out: int, eps: float,
               m: int) -> tuple[np.ndarray, np.ndarray]:
    """(left, right): one-sided differences of output j (flattened) in input i's element m."""
    x = inputs[i]
    with Perturbed(x) as p:
        work = p.original.copy()
        p.set(work)
        idx = np.unravel_index(m, x.shape)
        orig = work[idx].copy()
        base = evaluate(func, inputs, n_out)[j]
        work[idx] = orig + eps
        plus = evaluate(func, inputs, n_out)[j]
        work[idx] = orig - eps
        minus = evaluate(func, inputs, n_out)[j]
    return (host((base - minus) / eps, x.device).reshape(-1),
            host((plus - base) / eps, x.device).reshape(-1))


def vjp_row(func: Callable, inputs: tuple, i: int, j: int, n_out: int, v: Any,
             eps: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numerical v^T J for input i, element by element: (central, left, right) differences."""
    x = inputs[i]
    central, left, right = (np.zeros(x.numel()) for _ in range(3))

    def project(outs: list) -> float:
        return float(host((v * outs[j]).sum(), x.device))

    with Perturbed(x) as p:
        work = p.original.copy()
        p.set(work)
        base = project(evaluate(func, inputs, n_out))
        for m in range(x.numel()):
            idx = np.unravel_index(m, x.shape)
            orig = work[idx].copy()
            work[idx] = orig + eps
            plus = project(evaluate(func, inputs, n_out))
            work[idx] = orig - eps
            minus = project(evaluate(func, inputs, n_out))
            work[idx] = orig
            central[m] = (plus - minus) / (2 * eps)
            left[m], right[m] = (base - minus) / eps, (plus - base) / eps
    return central, left, right


def directional(func: Callable, inputs: tuple, i: int, u: Any, n_out: int,
                eps: float) -> tuple[list, list]:
    """func's outputs at input i moved by +eps u and by -eps u."""
    x = inputs[i]
    with Perturbed(x) as p:
        p.set(p.original + eps * u)
        plus = evaluate(func, inputs, n_out)
        p.set(p.original - eps * u)
        minus = evaluate(func, inputs, n_out)
    return plus, minus
