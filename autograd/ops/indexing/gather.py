"""The gather/scatter family: gather, scatter, scatter_add, index_select, index_add and
take_along_dim, with PyTorch's shape rules and range checks.

Each op turns its (dim, index) pair into a full advanced-indexing key and reuses the indexing
Functions: gather is ``Index`` (backward: zeros, then an unbuffered add at the key) and the
scatters are ``IndexPut``. Indices must lie in ``[0, size)`` (as in PyTorch), except for
take_along_dim, which also accepts ``[-size, 0)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from autograd import dtypes as _dt
from autograd.checks import as_int, fill_value, same_dtype_as
from autograd.engine import grad_mode as _gm
from autograd.engine.tensor_base import TensorBase, make
from autograd.ops.indexing.index import Index, _check_range, _put, getitem
from autograd.ops.shape.view import broadcast_to, reshape

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["gather", "scatter", "scatter_add", "index_select", "index_add", "take_along_dim"]

_INDEX_DTYPES = (_dt.int64, _dt.int32)


def _dim(op: str, dim: int, ndim: int) -> int:
    if dim.__class__ is not int:
        dim = as_int(dim, op.rstrip("()"), "dim")
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"{op}: Dimension out of range (expected to be in range of [{-n}, "
                         f"{n - 1}], but got {dim})")
    return dim % n


def _index(op: str, index: Any, input: Tensor) -> Any:
    """The raw index array, checked for type, dtype and device."""
    if not isinstance(index, TensorBase):
        raise TypeError(f"{op}: index must be a Tensor, got {type(index).__name__}")
    if index._data.dtype not in _INDEX_DTYPES:
        raise RuntimeError(f"{op}: Expected dtype int64 for index, got {index.dtype}")
    if index.device is not input.device:
        raise RuntimeError(f"{op}: expected all tensors to be on the same device, but found "
                           f"at least two devices, {input.device} and {index.device}")
    return index._data


@_gm.replayable  # raw arrays: an ag.compile replay builds the key again
def _coords(xp: Any, idx: Any, dim: int) -> tuple:
    """A key picking ``x[i_0, .., idx[i], .., i_n]`` for every position i of idx."""
    nd = idx.ndim
    return tuple(
        idx if d == dim else xp.arange(n).reshape((n,) + (1,) * (nd - d - 1))
        for d, n in enumerate(idx.shape)
    ) + (Ellipsis,)


def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
    """``out[i][j] = input[index[i][j]][j]`` (for dim 0): values picked along ``dim``."""
    idx = _index("gather()", index, input)
    if not idx.size:  # PyTorch checks only the dim of an empty index
        _dim("gather()", dim, input.ndim)
        return reshape(getitem(reshape(input, (-1,)), slice(0, 0)), idx.shape)
    d = _dim("gather()", dim, input.ndim)  # PyTorch checks the dim before the ranks
    if input.ndim != idx.ndim and max(input.ndim, idx.ndim) > 1:
        raise RuntimeError(
            "gather(): Index tensor must have the same number of dimensions as input tensor "
            f"(index {list(idx.shape)}, input {list(input.shape)})"
        )
    out_shape = idx.shape
    x = reshape(input, (1,)) if input.ndim == 0 else input
    if idx.ndim == 0:
        idx = idx.reshape(1)
    for k in range(x.ndim):
        if k != d and idx.shape[k] > x.shape[k]:
            raise RuntimeError(
                f"gather(): Size does not match at dimension {k} expected index "
                f"{list(idx.shape)} to be smaller than self {list(x.shape)} apart from "
                f"dimension {d}"
            )
    idx = _check_range(x.device.backend, "gather()", idx, x.shape[d], d)
    out = Index.apply(x, key=_coords(input.device.backend, idx, d))
    return reshape(out, out_shape) if out.shape != out_shape else out


def _scatter_args(op: str, input: Tensor, dim: int, index: Tensor, src: Any) -> tuple:
    """Check a scatter's arguments (PyTorch's rules) and return ``(x, key, src)``: input as at
    least 1-d, the advanced-indexing key of the index's positions along ``dim`` (None for an
    empty index whose shapes PyTorch would refuse were it not empty: nothing to write), and src
    (a Tensor or None) cut to the index's shape."""
    idx = _index(op, index, input)
    d = _dim(op, dim, input.ndim)
    empty = not idx.size  # PyTorch checks only the dim of an empty index
    ranks = {max(input.ndim, 1), max(idx.ndim, 1)} | ({max(src.ndim, 1)} if src is not None
                                                      else set())
    if len(ranks) != 1:
        if empty:
            return input, None, src
        raise RuntimeError(f"{op}: Index tensor must have the same number of dimensions as "
                           f"self tensor (index {list(idx.shape)}, self {list(input.shape)}"
                           + (f", src {list(src.shape)})" if src is not None else ")"))
    x = reshape(input, (1,)) if input.ndim == 0 else input
    if idx.ndim == 0:
        idx = idx.reshape(1)
    if src is not None and src.ndim == 0:
        src = reshape(src, (1,))
    for k in range(x.ndim):
        if (k != d and idx.shape[k] > x.shape[k]) or (
                src is not None and idx.shape[k] > src.shape[k]):
            if empty:
                return input, None, src
            raise RuntimeError(
                f"{op}: Expected index {list(idx.shape)} to be smaller than self "
                f"{list(x.shape)} apart from dimension {d}"
                + (f" and to be smaller size than src {list(src.shape)}" if src is not None
                   else "")
            )
    idx = _check_range(x.device.backend, op, idx, x.shape[d], d)
    key = _coords(input.device.backend, idx, d)
    if src is not None:
        if src.device is not input.device:
            raise RuntimeError(f"{op}: expected all tensors to be on the same device, but "
                               f"found at least two devices, {input.device} and {src.device}")
        if src.shape != idx.shape:
            src = getitem(src, tuple(slice(0, n) for n in idx.shape))
    return x, key, src


def _scatter(op: str, input: Tensor, dim: int, index: Tensor, src: Any, value: Any,
             reduce: str | None) -> Tensor:
    if src is not None and not isinstance(src, TensorBase):
        value, src = src, None
    if src is None and value is None:
        raise TypeError(f"{op}: expected a src Tensor or a scalar value")
    if src is None:
        value = fill_value(value, input._data.dtype, op)
    x, key, src = _scatter_args(op, input, dim, index, src)
    if key is None:
        return input.clone()
    v = src if src is not None else value
    if reduce is None:
        out = _put(x, key, v)
    elif reduce == "add":
        out = _put(x, key, v, True)
    elif reduce == "multiply":
        out = _scatter_multiply(op, x, key, v)
    else:
        raise RuntimeError(f"{op}: reduce argument must be either add or multiply, got "
                           f"{reduce!r}")
    return reshape(out, ()) if input.ndim == 0 else out


def _scatter_multiply(op: str, x: Tensor, key: tuple, v: Any) -> Tensor:
    if _gm.state.grad_enabled and (x.requires_grad or getattr(v, "requires_grad", False)):
        raise RuntimeError(f"{op}: the derivative for reduce='multiply' is not implemented")
    y = x._data.copy()
    values = v._data.astype(y.dtype, copy=False) if isinstance(v, TensorBase) else v
    x.device.backend.index_reduce(y, key, values, "prod")
    return make(y, x.device)


def scatter(input: Tensor, dim: int, index: Tensor, src: Any = None, *, value: Any = None,
            reduce: str | None = None) -> Tensor:
    """A copy of input with ``out[index[i][j]][j] = src[i][j]`` (for dim 0); ``src`` may be a
    Tensor or a scalar (``value``). Repeated indices: one of the writes wins."""
    same_dtype_as("scatter()", input, src, "src")
    return _scatter("scatter()", input, dim, index, src, value, reduce)


def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """A copy of input with ``out[index[i][j]][j] += src[i][j]`` (for dim 0); repeated
    indices accumulate."""
    same_dtype_as("scatter_add()", input, src, "src")
    return _scatter("scatter_add()", input, dim, index, src, None, "add")


def _vector_index(op: str, index: Tensor, input: Tensor, dim: int,
                  range_error: type = IndexError, negative: bool = False,
                  shape_error: type = IndexError) -> tuple[Any, int]:
    """The raw 1-D (or 0-d) index into ``dim``, checked: its dims (``shape_error``), its range
    ([0, n), or [-n, n) with ``negative``; ``range_error``)."""
    idx = _index(op, index, input)
    if idx.ndim > 1:
        raise shape_error(f"{op}: Index is supposed to be a vector (got shape "
                          f"{list(idx.shape)})")
    d = _dim(op, dim, input.ndim)
    n = input.shape[d] if input.ndim else 1
    idx = _check_range(input.device.backend, op, idx, n, d, negative, range_error)
    return (idx.reshape(1) if idx.ndim == 0 else idx), d


def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """The slices of input at the positions in the 1-D ``index`` along ``dim``."""
    if input.ndim == 0 and isinstance(index, TensorBase) and index._data.size != 1:
        # 0-d in, 0-d out, as in PyTorch: the index must hold one value (checked after the
        # dim, before the index's range)
        _dim("index_select()", dim, 0)
        raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got "
                           f"{int(index._data.size)} value(s)")
    idx, d = _vector_index("index_select()", index, input, dim)
    if input.ndim == 0:
        return input.clone()  # the one valid index is 0
    return Index.apply(input, key=(slice(None),) * d + (idx, Ellipsis))


def index_add(input: Tensor, dim: int, index: Tensor, source: Tensor, *,
              alpha: Any = 1) -> Tensor:
    """A copy of input with ``alpha * source`` added at the 1-D ``index`` along ``dim``
    (repeated indices accumulate)."""
    same_dtype_as("index_add_()", input, source, "source")
    # PyTorch: IndexError for index_select's range check, RuntimeError for index_add's
    idx, d = _vector_index("index_add()", index, input, dim, RuntimeError)
    if input.ndim == 0:
        return reshape(index_add(reshape(input, (1,)), 0, index, reshape(source, (-1,)),
                                 alpha=alpha), ())
    expected = list(input.shape)
    expected[d] = int(idx.shape[0])
    if list(source.shape) != expected:
        raise RuntimeError(
            f"index_add(): source of shape {list(source.shape)} should have shape {expected} "
            f"(input {list(input.shape)} with dimension {d} of the index's length)"
        )
    if alpha != 1:
        source = source * alpha
    return _put(input, (slice(None),) * d + (idx, Ellipsis), source, True)


def take_along_dim(input: Tensor, indices: Tensor, dim: int | None = None) -> Tensor:
    """Values of input at ``indices`` along ``dim`` (input and indices broadcast in the other
    dims; negative indices count from the end); with ``dim=None`` both are flattened first
    and the indices must lie in ``[0, input.numel())``, as PyTorch's."""
    op = "take_along_dim()"
    if dim is not None and dim.__class__ is not int:  # PyTorch's TypeError comes first
        dim = as_int(dim, "take_along_dim", "dim")
    if isinstance(indices, TensorBase) and indices.dtype != np.int64:
        # unlike gather, PyTorch's take_along_dim takes int64 indices only
        raise RuntimeError(f"{op}: dtype of indices should be Long but got {indices.dtype}")
    idx = _index(op, indices, input)
    xp = input.device.backend
    if dim is None:
        flat = reshape(input, (-1,))
        i = idx.reshape(-1)
        # flattened, PyTorch takes: negative indices are out of bounds there (RuntimeError)
        i = _check_range(input.device.backend, op, i, flat.shape[0], 0)
        return Index.apply(flat, key=(i, Ellipsis))
    if input.ndim != idx.ndim:  # before the dim's range, as PyTorch
        raise RuntimeError(
            f"{op}: input and indices should have the same number of dimensions, but got "
            f"{input.ndim} dimensions for input, and {idx.ndim} dimensions for indices"
        )
    d = _dim(op, dim, input.ndim)
    if input.ndim == 0:
        return reshape(take_along_dim(reshape(input, (1,)), make(
            idx.reshape(1), input.device, False, None, 0), 0), ())
    bx, bi = list(input.shape), list(idx.shape)
    bx[d] = bi[d] = 1
    try:
        shape = list(np.broadcast_shapes(tuple(bx), tuple(bi)))
    except ValueError:
        raise RuntimeError(f"{op}: input {list(input.shape)} and indices {list(idx.shape)} "
                           f"cannot be broadcast apart from dimension {d}") from None
    xs, is_ = shape.copy(), shape.copy()
    xs[d], is_[d] = input.shape[d], idx.shape[d]
    x = input if list(input.shape) == xs else broadcast_to(input, tuple(xs))
    if list(idx.shape) != is_:
        idx = xp.broadcast_to(idx, tuple(is_))
    idx = _check_range(input.device.backend, op, idx, input.shape[d], d, negative=True)
    return Index.apply(x, key=_coords(xp, idx, d))
