"""Hypothesis strategies for tensors and shapes (Hypothesis is needed by this module only).

    from hypothesis import given
    from autograd.testing.strategies import shapes, tensors

    @given(tensors(shape=shapes(max_dims=3), elements=st.floats(-3, 3)))
    def test_tanh_is_odd(x):
        ag.testing.assert_close((-x).tanh(), -(x.tanh()))
"""

from __future__ import annotations

from typing import Any

import numpy as np

try:
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp
except ImportError as exc:  # only this module needs Hypothesis
    raise ImportError("autograd.testing.strategies needs Hypothesis: pip install hypothesis "
                      "(or tapegrad[test])") from exc

from autograd.creation import tensor
from autograd.dtypes import as_dtype, float64

__all__ = ["shapes", "tensors"]


def shapes(*, min_dims: int = 0, max_dims: int = 3, min_side: int = 1, max_side: int = 5,
           broadcastable_with: tuple[int, ...] | None = None) -> st.SearchStrategy:
    """Shapes (tuples of ints); with ``broadcastable_with``, shapes that broadcast against it
    (Hypothesis's ``broadcastable_shapes``)."""
    if broadcastable_with is not None:
        return hnp.broadcastable_shapes(tuple(broadcastable_with), min_dims=min_dims,
                                        max_dims=max_dims, min_side=min_side,
                                        max_side=max_side)
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side,
                            max_side=max_side)


def _default_elements(dtype: np.dtype) -> st.SearchStrategy:
    if dtype.kind in "fV":
        return st.floats(-10.0, 10.0, allow_nan=False, allow_infinity=False,
                         width=min(8 * dtype.itemsize, 64))
    if dtype.kind == "b":
        return st.booleans()
    return st.integers(-10, 10) if dtype.kind == "i" else st.integers(0, 10)


def tensors(*, shape: tuple[int, ...] | st.SearchStrategy | None = None, dtype: Any = float64,
            elements: st.SearchStrategy | None = None, device: str = "cpu",
            requires_grad: bool = False) -> st.SearchStrategy:
    """Tensors of ``shape`` (a tuple or a strategy; default ``shapes()``) and ``dtype`` on
    ``device``, with values from ``elements`` (default: finite numbers in [-10, 10])."""
    dt = np.dtype(as_dtype(dtype))
    shape = shapes() if shape is None else shape
    arrays = hnp.arrays(dt, shape, elements=_default_elements(dt) if elements is None else elements)
    return arrays.map(lambda a: tensor(a, dtype=dt, device=device,
                                       requires_grad=requires_grad and dt.kind in "fV"))
