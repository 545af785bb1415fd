"""Shape compositions: tensor_split and h/v/dsplit, the h/v/d/column/row stacks,
atleast_1d/2d/3d, meshgrid, cartesian_prod, block_diag, rot90, ravel, flipud, fliplr,
narrow_copy, repeat_interleave.

All are built from the shape family's Functions (views where PyTorch returns views), so their
gradients need no formula of their own; repeat_interleave gathers with the indexing ``Index``
(its gradient sums the copies).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import as_int, int_tuple, tensor_sequence
from autograd.creation import zeros
from autograd.engine.tensor_base import TensorBase, make
from autograd.ops.elementwise.convert import clone
from autograd.ops.indexing.index import Index
from autograd.ops.shape.copy import _common_dtype, cat, flip, stack
from autograd.ops.shape.pad import pad
from autograd.ops.shape.slice import Split, _dim, narrow
from autograd.ops.shape.view import expand, reshape, transpose

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = [
    "tensor_split", "hsplit", "vsplit", "dsplit", "hstack", "vstack", "dstack", "row_stack",
    "column_stack", "atleast_1d", "atleast_2d", "atleast_3d", "meshgrid", "cartesian_prod",
    "block_diag", "rot90", "ravel", "flipud", "fliplr", "narrow_copy", "repeat_interleave",
]


# -- splits ----------------------------------------------------------------------------------


def _split_at(input: Tensor, d: int, bounds: list[tuple[int, int]]) -> tuple[Tensor, ...]:
    """Views of ``[a, b)`` along d: one Split when they tile the dim, else one narrow each."""
    n = input.shape[d]
    tiles = bounds[0][0] == 0 and bounds[-1][1] == n and all(
        a <= b and b == c for (a, b), (c, _) in zip(bounds, bounds[1:] + [(n, n)]))
    if tiles:
        return Split.apply(input, d, tuple(bounds))
    return tuple(narrow(input, d, a, max(b - a, 0)) for a, b in bounds)


def tensor_split(input: Tensor, indices_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """Views of input split along ``dim`` into ``n`` nearly equal parts (the first
    ``size % n`` one longer) or at the given indices (a list, or a 0-d / 1-d int tensor)."""
    if input.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a "
                           "tensor with 0 dims")
    d = _dim(dim, input.ndim, "tensor_split")
    n = input.shape[d]
    spec = indices_or_sections
    if isinstance(spec, TensorBase):
        if spec.dtype.kind not in "iu" or spec.ndim > 1:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be a "
                               f"zero-dimensional or one-dimensional tensor of integers, but "
                               f"got a tensor of shape {list(spec.shape)} and dtype "
                               f"{spec.dtype}")
        spec = int(spec.item()) if spec.ndim == 0 else [int(v) for v in spec.tolist()]
    if isinstance(spec, (list, tuple)):
        cuts = [min(max(int(c) + (n if c < 0 else 0), 0), n) for c in spec]
        edges = [0] + cuts + [n]
        bounds = [(a, max(a, b)) for a, b in zip(edges, edges[1:])]
    else:
        sections = as_int(spec, "tensor_split", "sections")
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        q, r = divmod(n, sections)
        sizes = [q + 1] * r + [q] * (sections - r)
        starts = np.cumsum([0] + sizes).tolist()
        bounds = list(zip(starts, starts[1:]))
    return _split_at(input, d, bounds)


def _directional_split(op: str, input: Tensor, spec: Any, d: int, min_dims: int) -> tuple:
    if input.ndim < min_dims:
        raise RuntimeError(f"torch.{op} requires a tensor with at least {min_dims} dimension, "
                           f"but got a tensor with {input.ndim} dimensions!")
    if not isinstance(spec, (list, tuple, TensorBase)):
        spec = as_int(spec, op, "indices_or_sections")
        if spec == 0 or input.shape[d] % spec:
            raise RuntimeError(f"torch.{op} attempted to split along dimension {d}, but the "
                               f"size of the dimension {input.shape[d]} is not divisible by "
                               f"the split_size {int(spec)}!")
    return tensor_split(input, spec, d)


def hsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``tensor_split`` along dim 1 (dim 0 for 1-D input); sections must divide it."""
    return _directional_split("hsplit", input, indices_or_sections, 1 if input.ndim > 1 else 0, 1)


def vsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``tensor_split`` along dim 0 of an at least 2-D tensor; sections must divide it."""
    return _directional_split("vsplit", input, indices_or_sections, 0, 2)


def dsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``tensor_split`` along dim 2 of an at least 3-D tensor; sections must divide it."""
    return _directional_split("dsplit", input, indices_or_sections, 2, 3)


# -- at least n dims, and the stacks built on them -----------------------------------------


def _tensors(args: tuple) -> tuple[tuple, bool]:
    """(the tensors, whether a single tensor was passed rather than several or a list)."""
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        return tuple(args[0]), False
    return args, len(args) == 1


def _at_least(args: tuple, shapes: Any) -> Any:
    tensors, single = _tensors(args)
    out = tuple(t if t.ndim >= 3 or shapes(t.shape) == t.shape else reshape(t, shapes(t.shape))
                for t in tensors)
    return out[0] if single else out


def atleast_1d(*tensors: Any) -> Any:
    """Each tensor with at least 1 dim (0-d becomes (1,)); one tensor in, one out."""
    return _at_least(tensors, lambda s: s or (1,))


def atleast_2d(*tensors: Any) -> Any:
    """Each tensor with at least 2 dims (0-d becomes (1, 1), (n,) becomes (1, n))."""
    return _at_least(tensors, lambda s: (1,) * (2 - len(s)) + s if len(s) < 2 else s)


def atleast_3d(*tensors: Any) -> Any:
    """Each tensor with at least 3 dims: 0-d to (1, 1, 1), (n,) to (1, n, 1), (m, n) to
    (m, n, 1)."""
    return _at_least(tensors, lambda s: {0: (1, 1, 1), 1: (1,) + s + (1,),
                                         2: s + (1,)}.get(len(s), s))


def hstack(tensors: Sequence[Tensor]) -> Tensor:
    """Join along dim 1 (dim 0 for 1-D tensors)."""
    ts = atleast_1d(list(tensor_sequence(tensors, "hstack")))
    return cat(ts, 0 if ts[0].ndim == 1 else 1)


def vstack(tensors: Sequence[Tensor]) -> Tensor:
    """Join along dim 0 after making every tensor at least 2-D."""
    return cat(atleast_2d(list(tensor_sequence(tensors, "vstack"))), 0)


row_stack = vstack


def dstack(tensors: Sequence[Tensor]) -> Tensor:
    """Join along dim 2 after making every tensor at least 3-D."""
    return cat(atleast_3d(list(tensor_sequence(tensors, "dstack"))), 2)


def column_stack(tensors: Sequence[Tensor]) -> Tensor:
    """Join along dim 1, 0-d and 1-D tensors as columns."""
    return cat([reshape(t, (t.numel(), 1)) if t.ndim <= 1 else t
                for t in tensor_sequence(tensors, "column_stack")], 1)


# -- grids and blocks -------------------------------------------------------------------------


def meshgrid(*tensors: Any, indexing: str | None = None) -> tuple[Tensor, ...]:
    """Coordinate grids of 1-D tensors (broadcast views): ``indexing='ij'`` gives shape
    (n1, n2, ...), ``'xy'`` swaps the first two dims (the default is 'ij', with PyTorch's
    warning)."""
    tensors, _ = _tensors(tensors)
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the "
                      "indexing argument.", UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but "
                           f"received: {indexing}")
    for t in tensors:
        if t.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list "
                               f"but got: a tensor of shape {list(t.shape)}")
    if len({t.dtype for t in tensors}) > 1 or len({t.device for t in tensors}) > 1:
        raise RuntimeError("torch.meshgrid: Expected all tensors in the tensor list to have the "
                           "same dtype and device")
    sizes = [t.numel() for t in tensors]
    place = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) > 1:
        place[0], place[1] = 1, 0
        sizes[0], sizes[1] = sizes[1], sizes[0]
    out = []
    for t, k in zip(tensors, place):
        shape = [1] * len(tensors)
        shape[k] = t.numel()
        out.append(expand(reshape(t, tuple(shape)), *sizes))
    return tuple(out)


def cartesian_prod(*tensors: Tensor) -> Tensor:
    """Every combination of one element from each 1-D tensor, as rows (a single tensor comes
    back as it is)."""
    tensors, _ = _tensors(tensors)
    for t in tensors:
        if t.ndim != 1:
            raise RuntimeError(f"cartesian_prod: Expect a 1D vector, but got shape "
                               f"{list(t.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([reshape(g, (-1,)) for g in grids], 1)


def block_diag(*tensors: Tensor) -> Tensor:
    """The matrices (0-d and 1-d tensors as one row) along a diagonal of zeros."""
    tensors = _common_dtype(tuple(tensors), "block_diag") if tensors else ()
    mats = []
    for k, t in enumerate(tensors):
        if t.ndim > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer "
                               f"dimensions. Input {k} has {t.ndim} dimensions")
        mats.append(reshape(t, (1, t.numel())) if t.ndim < 2 else t)
    if not mats:
        return zeros((1, 0))
    width = sum(m.shape[1] for m in mats)
    rows, left = [], 0
    for m in mats:
        rows.append(pad(m, (left, width - left - m.shape[1])))
        left += m.shape[1]
    return cat(rows, 0)


# -- reorderings and copies -------------------------------------------------------------------


def rot90(input: Tensor, k: int = 1, dims: Sequence[int] = (0, 1)) -> Tensor:
    """Rotate by 90 degrees ``k`` times in the plane of ``dims``, from the first dim toward
    the second."""
    k = as_int(k, "rot90", "k")
    dims = int_tuple(dims, "rot90", "dims") if isinstance(dims, (list, tuple)) else dims
    if not isinstance(dims, tuple):
        raise TypeError(f"rot90(): argument 'dims' (position 3) must be tuple of ints, not "
                        f"{type(dims).__name__}")
    dims = list(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if input.ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {input.ndim}")
    d0, d1 = _dim(dims[0], input.ndim, "rot90"), _dim(dims[1], input.ndim, "rot90")
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {d0} and "
                           f"dim1 = {d1}")
    k %= 4
    if k == 1:
        return transpose(flip(input, d1), d0, d1)
    if k == 2:
        return flip(input, (d0, d1))
    if k == 3:
        return transpose(flip(input, d0), d0, d1)
    return clone(input)


def ravel(input: Tensor) -> Tensor:
    """The elements as a 1-D tensor (a view when the memory allows it)."""
    return reshape(input, (-1,))


def flipud(input: Tensor) -> Tensor:
    """Reverse dim 0."""
    if input.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, 0)


def fliplr(input: Tensor) -> Tensor:
    """Reverse dim 1."""
    if input.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, 1)


def narrow_copy(input: Tensor, dim: int, start: int, length: int) -> Tensor:
    """``narrow`` into new memory."""
    return clone(narrow(input, dim, start, length))


class RepeatInterleave(Index):
    """Each slice along one dim repeated in place (its backward sums the copies)."""


def repeat_interleave(input: Tensor, repeats: Any = None, dim: int | None = None, *,
                      output_size: int | None = None) -> Tensor:
    """Each element (or slice along ``dim``) repeated ``repeats`` times in a row; ``repeats``
    is a number or one count per slice. ``repeat_interleave(counts)`` alone gives
    ``0, 0, ..., 1, ...`` (each index its count times)."""
    if repeats is None:  # repeat_interleave(repeats): the indices, each repeated
        counts = input
        if counts.ndim > 1 or counts.dtype.kind not in "iu":
            raise RuntimeError(f"repeat_interleave: repeats must be a 0-d or 1-d integer "
                               f"tensor, got shape {list(counts.shape)}, dtype {counts.dtype}")
        xp = counts.device.backend
        raw = counts._data.reshape(-1)
        return make(xp.repeat_indices(raw), counts.device, False, None, 0)
    x, d = (reshape(input, (-1,)), 0) if dim is None else (input, _dim(dim, input.ndim,
                                                                        "repeat_interleave"))
    if x.ndim == 0:
        x = reshape(x, (1,))
    n = x.shape[d]
    xp = x.device.backend
    if isinstance(repeats, TensorBase):
        if repeats.dtype.kind not in "iu":
            raise RuntimeError(f"repeat_interleave: repeats must have an integer dtype, got "
                               f"{repeats.dtype}")
        counts = repeats._data.reshape(-1)
        if counts.size == 1:
            counts = int(counts[0])
        elif counts.size != n:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got "
                               f"repeats.size(0) = {counts.size} and input.size({d}) = {n}")
    else:
        counts = int(repeats)
    if (counts < 0) if isinstance(counts, int) else bool((counts < 0).any()):
        raise RuntimeError("repeat_interleave: repeats can not be negative")
    idx = (xp.repeat(xp.arange(n), counts) if isinstance(counts, int)
           else xp.repeat_indices(counts))
    if output_size is not None and int(output_size) != idx.size:
        raise RuntimeError(f"repeat_interleave: output_size ({output_size}) does not match the "
                           f"sum of repeats ({idx.size})")
    return RepeatInterleave.apply(x, key=(slice(None),) * d + (idx, Ellipsis))
