"""The op registry: every public op's test samples (OpInfo-style).

Each family module here (``elementwise``, ``reduction``, ``shape``, ``indexing``, ``linalg``,
the nn families) calls ``register(OpInfo(...))`` for each public op, through the public API
only (``autograd``, ``nn.functional``). The parametrized tests in ``tests/autograd/test_ops.py``
then run, per op x sample x device: forward against the NumPy reference (and PyTorch when
importable), gradcheck and gradgradcheck in float64, "inputs not modified", float32 against
float64, and cpu against cuda. A check that does not apply to an entry or a sample (no
reference, not differentiable, no floating-point input, random) is not collected for it.
Adding an op means writing its Function and its entry here, nothing else.

A sample's positional arguments are NumPy arrays (floating arrays become float64 tensors that
require grad; integer and bool arrays become constant index/mask tensors), Python scalars
(passed as they are), or anything else (passed as is: shapes, dims). Keyword arguments are
passed as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class Sample:
    """One call of an op: ``op(*args, **kwargs)``."""

    args: tuple
    kwargs: dict = field(default_factory=dict)
    name: str = ""

    def __repr__(self) -> str:
        parts = []
        for a in self.args:
            if isinstance(a, np.ndarray):
                parts.append(f"{a.dtype.name}{list(a.shape)}")
            else:
                parts.append(repr(a))
        parts += [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{self.name or ''}({', '.join(parts)})"


@dataclass
class OpInfo:
    """What the generic tests need to know about one public op.

    - ``op(*args, **kwargs)``: the autograd call (Tensors in, Tensor or tuple of Tensors out).
    - ``ref(*args, **kwargs)``: the same on NumPy arrays (float64), or None.
    - ``torch_ref(torch, *args, **kwargs)``: the same with ``torch`` Tensors, or None.
    - ``samples(rng)``: a list of Samples; float arrays there are float64.
    - ``differentiable``: gradcheck it; ``twice_differentiable``: gradgradcheck it.
    - ``torch_gradient``: compare v^T J with PyTorch's (default: ``differentiable``); set for
      ops whose gradient is not the derivative gradcheck measures (rounding casts, PyTorch's
      gradient options) but still PyTorch's to match.
    - ``output_index``: for ops returning a tuple, the differentiable output checked.
    """

    name: str
    op: Callable[..., Any]
    samples: Callable[[np.random.Generator], Sequence[Sample]]
    ref: Callable[..., Any] | None = None
    torch_ref: Callable[..., Any] | None = None
    differentiable: bool = True
    twice_differentiable: bool = True
    torch_gradient: bool | None = None
    output_index: int | None = None
    atol: float = 1e-7
    rtol: float = 1e-7
    float32_atol: float = 1e-4
    float32_rtol: float = 1e-3
    gradcheck_atol: float = 1e-5
    gradcheck_rtol: float = 1e-3
    nondeterministic: bool = False  # random ops: no cross-device/dtype value checks


OPS: list[OpInfo] = []


def register(info: OpInfo) -> OpInfo:
    """Add an op's entry to the registry."""
    if any(o.name == info.name for o in OPS):
        raise ValueError(f"op {info.name!r} is registered twice")
    OPS.append(info)
    return info


# -- helpers for writing samples -------------------------------------------------------------


def uniform(rng: np.random.Generator, shape: Sequence[int], low: float = -2.0,
            high: float = 2.0) -> np.ndarray:
    """Float64 samples in [low, high)."""
    return rng.uniform(low, high, size=tuple(shape))


def away_from(rng: np.random.Generator, shape: Sequence[int], points: Sequence[float] = (0.0,),
              gap: float = 0.1, low: float = -2.0, high: float = 2.0) -> np.ndarray:
    """Float64 samples in [low, high) at least ``gap`` from each kink in ``points``."""
    x = rng.uniform(low, high, size=tuple(shape))
    for p in points:
        near = np.abs(x - p) < gap
        x = np.where(near, p + np.where(x >= p, gap, -gap) * 1.5, x)
    return x


def positive(rng: np.random.Generator, shape: Sequence[int], low: float = 0.2,
             high: float = 2.0) -> np.ndarray:
    """Float64 samples in [low, high), for ops defined on positive numbers."""
    return rng.uniform(low, high, size=tuple(shape))


def noncontiguous(x: np.ndarray) -> np.ndarray:
    """The same values in a non-contiguous (transposed-storage) array."""
    if x.ndim >= 2:
        return np.asfortranarray(x)
    buf = np.empty(2 * x.size, dtype=x.dtype)
    buf[::2] = x.ravel()
    return buf[::2].reshape(x.shape)


# Broadcasting shape pairs used by most binary ops.
BINARY_SHAPES = [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1, 4), (3, 1)), ((), (2, 3)),
                 ((5,), ())]


def load_all() -> list[OpInfo]:
    """Import every family's entries and return the registry."""
    from tests.opinfo import (  # noqa: F401
        activation,
        attention,
        conv,
        dropout,
        elementwise,
        indexing,
        linalg,
        nn_ops,
        norm,
        pool,
        recurrent,
        reduction,
        shape,
    )

    return OPS
