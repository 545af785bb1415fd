"""The op registry: every public op's test samples (OpInfo-style).

Each family module here (``elementwise``, ``reduction``, ``shape``, ``indexing``, ``linalg``,
the nn families) calls ``register(OpInfo(...))`` for each public op, through the public API
only (``autograd``, ``nn.functional``). The parametrized tests in ``tests/autograd/test_ops.py``
then run the checks of ``autograd.testing`` (the same ones ``autograd.testing.check_op`` runs
for users), per op x sample x device: forward against the NumPy reference (and PyTorch when
importable), gradcheck and gradgradcheck in float64, "inputs not modified", float32 against
float64, and the devices against each other. A check that does not apply to an entry or a
sample (no reference, not differentiable, no floating-point input, random) is not collected
for it. Adding an op means writing its Function and its entry here, nothing else.

``OpInfo`` and ``Sample`` are ``autograd.testing``'s (their fields are documented there). A
sample's positional arguments are NumPy arrays (floating arrays become float64 tensors that
require grad; integer and bool arrays become constant index/mask tensors), Python scalars
(passed as they are), or anything else (passed as is: shapes, dims). Keyword arguments are
passed as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from autograd.testing import OpInfo, Sample, noncontiguous

__all__ = ["BINARY_SHAPES", "OPS", "OpInfo", "Sample", "away_from", "load_all", "noncontiguous",
           "positive", "register", "uniform"]

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
        elementwise_table,
        indexing,
        indexing_more,
        leftovers,
        linalg,
        linalg_ext,
        linalg_more,
        losses_ext,
        math_more,
        nn_ext,
        nn_ops,
        norm,
        pool,
        recurrent,
        reduction,
        scatter_more,
        shape,
        shape_more,
        sorting,
        special,
    )

    return OPS
