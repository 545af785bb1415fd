"""Index arithmetic: combinations (the r-subsets of a vector's elements, gathered so the
gradient flows back to them) and unravel_index (flat indices into coordinates). Exported from
``indexing``."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import as_bool
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.arith import floor_divide, remainder
from autograd.ops.elementwise.convert import to
from autograd.ops.indexing.gather import index_select
from autograd.ops.shape.slice import unbind

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["combinations", "unravel_index"]


def combinations(input: Tensor, r: int = 2, with_replacement: bool = False) -> Tensor:
    """The length-``r`` combinations of the elements of the 1-D ``input``, one per row, in
    lexicographic order of position (``itertools.combinations``, or
    ``combinations_with_replacement``)."""
    with_replacement = as_bool(with_replacement, "combinations", "with_replacement")
    if input.ndim != 1:
        raise RuntimeError(f"combinations: Expect a 1D vector, but got shape "
                           f"{list(input.shape)}")
    if r < 0:
        raise RuntimeError(f"combinations: Expect a non-negative number, but got {r}")
    if r == 0:
        return input.new_empty((0,))
    pick = itertools.combinations_with_replacement if with_replacement else (
        itertools.combinations)
    # positions depend on the length only, never on values: no host read of the data
    rows = [i for row in pick(range(input.shape[0]), r) for i in row]
    index = input.new_tensor(rows, dtype=_dt.int64)
    return index_select(input, 0, index).reshape(-1, r)


def unravel_index(indices: Tensor, shape: Any) -> tuple[Tensor, ...]:
    """The coordinates in a tensor of ``shape`` of the flat (row-major) ``indices``: one int64
    tensor of indices' shape per dimension (negative indices count from the end)."""
    if not isinstance(indices, TensorBase):
        raise TypeError(f"unravel_index: expected 'indices' to be a Tensor, got "
                        f"{type(indices).__name__}")
    if indices.dtype.kind not in "iu":
        raise TypeError(f"unravel_index: expected 'indices' to be integer dtype, but got "
                        f"{indices.dtype}")
    dims = (shape,) if isinstance(shape, int) else tuple(shape)
    if any(d < 0 for d in dims):
        raise ValueError(f"unravel_index: 'shape' cannot have negative values, but got "
                         f"{dims}")
    if 0 in dims:
        raise RuntimeError(f"unravel_index: a dimension of size 0 in shape {dims} has no "
                           "coordinates")
    if not dims:
        return ()
    strides = [1] * len(dims)
    for k in range(len(dims) - 2, -1, -1):
        strides[k] = strides[k + 1] * dims[k + 1]
    flat = to(indices, _dt.int64).unsqueeze(-1)
    coords = remainder(floor_divide(flat, indices.new_tensor(strides, dtype=_dt.int64)),
                       indices.new_tensor(list(dims), dtype=_dt.int64))
    return unbind(coords, -1)
