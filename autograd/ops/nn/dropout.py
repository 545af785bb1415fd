"""Dropout and embedding lookup: the two nn kernels that pick or drop whole entries.

``dropout`` zeroes each element with probability ``p`` and scales the kept ones by
``1 / (1 - p)`` (inverted dropout, so evaluation needs no rescaling). The mask is drawn on the
tensor's own device from the backend's generator, so ``autograd.manual_seed`` makes it
reproducible; it is kept as a scaled float array and backward multiplies by it, a formula
linear in the incoming gradient, hence differentiable to any order.

``embedding`` gathers rows of a weight matrix by an integer index tensor of any shape. Its
backward scatter-adds the incoming rows into a zero gradient with the backend's unbuffered
``index_add`` (repeated indices accumulate), which the differentiable namespace also provides,
so it too has higher-order gradients.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import as_bool, as_float, as_int
from autograd.engine.function import Function
from autograd.engine.grad_mode import replayable
from autograd.engine.inplace import inplace as _inplace
from autograd.engine.tensor_base import TensorBase, make

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["dropout", "embedding"]


# -- dropout -------------------------------------------------------------------------------------


def _dropout_mask(xp: Any, u: Any, p: float, scale: Any) -> Any:
    """The kept elements' scale where ``u >= p``, else 0 (one GPU kernel, ``xp.fused``)."""
    return (u >= p) * scale


class Dropout(Function):
    @staticmethod
    def forward(ctx, x, p):
        xp = ctx.xp
        if p >= 1.0:
            mask = xp.zeros(x.shape, dtype=x.dtype)
        else:
            mask = xp.fused(_dropout_mask, xp.random_uniform(x.shape, 0.0, 1.0, x.dtype),
                            p, x.dtype.type(1.0 / (1.0 - p)))
        ctx.mask = mask  # a constant: the same for every order of derivative
        return x * mask

    @staticmethod
    def backward(ctx, gy):
        # y = x * mask / (1 - p) (the scale folded into the mask): dx = gy * mask
        return gy * ctx.mask


def _dropout(input: Tensor, p: float) -> Tensor:
    return Dropout.apply(input, p=p)


def dropout(input: Tensor, p: float = 0.5, training: bool = True,
            inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)`` while
    ``training``; the input itself (no copy) in evaluation or for ``p == 0``."""
    if not isinstance(input, TensorBase):
        raise TypeError(f"dropout(): argument 'input' must be a Tensor, not "
                        f"{type(input).__name__}")
    p = p if p.__class__ is float else as_float(p, "dropout", "p")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if training.__class__ is not bool:
        training = as_bool(training, "dropout", "train")
    if not training or p == 0.0:
        return input
    if input._data.dtype.kind not in "fV":
        raise RuntimeError(f"dropout(): expected a floating-point input, got {input.dtype} "
                           f"(shape {list(input.shape)})")
    return _inplace(input, _dropout, p) if inplace else _dropout(input, p)


# -- embedding ----------------------------------------------------------------------------------


class Embedding(Function):
    @staticmethod
    def forward(ctx, weight, idx, padding_idx, scale_grad_by_freq):
        xp = ctx.xp
        ctx.shape = weight.shape
        ctx.idx = idx
        # Per-lookup factors for the gradient: 0 at padding_idx, 1/count with
        # scale_grad_by_freq; None when every factor is 1.
        scale = None
        if scale_grad_by_freq and idx.size:
            counts = xp.bincount(idx.ravel(), minlength=weight.shape[0])
            scale = (1.0 / counts[idx]).astype(weight.dtype)
        if padding_idx is not None:
            keep = (idx != padding_idx).astype(weight.dtype)
            scale = keep if scale is None else scale * keep
        ctx.scale = None if scale is None else scale[..., None]
        return xp.take(weight, idx, axis=0)

    @staticmethod
    def backward(ctx, gy):
        # y[i] = weight[idx[i]]: dweight[r] = sum of gy[i] over the i with idx[i] = r (times
        # the padding / frequency factor of each lookup); idx is constant
        xp = ctx.xp
        if ctx.scale is not None:
            gy = gy * ctx.scale
        gw = xp.zeros(ctx.shape, dtype=gy.dtype)
        n = ctx.idx.size
        xp.index_add(gw, (ctx.idx.reshape(n),), gy.reshape((n, ctx.shape[1])))
        return gw, None


_INDEX_DTYPES = (_dt.int64, _dt.int32)  # PyTorch: Long or Int indices


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None,
              max_norm: float | None = None, norm_type: float = 2.0,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """The rows of ``weight`` (num_embeddings, embedding_dim) at the integer indices in
    ``input`` (any shape): output ``input.shape + (embedding_dim,)``.

    ``padding_idx`` rows get no gradient; ``scale_grad_by_freq`` divides each row's gradient
    by how often it occurs in the batch. ``max_norm`` first rescales, in place, the looked-up
    rows whose ``norm_type``-norm exceeds it (as PyTorch, this modifies ``weight``).
    ``sparse=True`` is accepted but the gradient is dense (the same values).
    """
    for name, value in (("input", input), ("weight", weight)):
        if not isinstance(value, TensorBase):
            raise TypeError(f"embedding(): argument '{name}' must be a Tensor, not "
                            f"{type(value).__name__}")
    if weight.ndim != 2:
        # PyTorch reads weight.size(0) first for a padding_idx: IndexError when 0-d
        zero_d = weight.ndim == 0 and padding_idx is not None
        raise (IndexError if zero_d else RuntimeError)(
            f"embedding(): 'weight' must be 2-D (num_embeddings, embedding_dim), got shape "
            f"{list(weight.shape)}")
    idx = input._data
    if idx.dtype not in _INDEX_DTYPES:
        raise RuntimeError(f"embedding(): Expected tensor for argument #1 'indices' to have one "
                           f"of the following scalar types: Long, Int; but got {input.dtype} "
                           f"(shape {list(input.shape)})")
    if input.device is not weight.device:
        raise RuntimeError(f"embedding(): expected all tensors to be on the same device, but "
                           f"found indices on {input.device} and weight on {weight.device}")
    if scale_grad_by_freq.__class__ is not bool or sparse.__class__ is not bool:
        as_bool(scale_grad_by_freq, "embedding", "scale_grad_by_freq")
        as_bool(sparse, "embedding", "sparse")
    n = weight.shape[0]
    if padding_idx is not None:
        padding_idx = _padding_idx(padding_idx, n)
    input = _lookup_indices(input, tuple(weight.shape))
    if max_norm is not None:
        embedding_renorm_(weight, input, max_norm, norm_type)
    return Embedding.apply(weight, input, padding_idx=padding_idx,
                           scale_grad_by_freq=bool(scale_grad_by_freq))


@replayable  # raw index work: a compiled step does it (and its bounds check) at each replay
def _lookup_indices(input: Tensor, wshape: tuple) -> Tensor:
    """The indices as int64, their range checked (on a GPU, deferred, and clamped meanwhile
    so no kernel goes out of bounds)."""
    idx = input._data
    n = wshape[0]
    if idx.size:
        xp = input.device.backend
        where = f"(indices of shape {list(input.shape)}, weight {list(wshape)})"
        if not n:
            raise RuntimeError(f"embedding(): cannot look up indices in a weight with no rows "
                               f"(num_embeddings=0) {where}")

        def detail() -> str | None:
            lo, hi = int(idx.min()), int(idx.max())
            if 0 <= lo and hi < n:
                return None
            return (f"embedding(): index {lo if lo < 0 else hi} is out of range for "
                    f"num_embeddings={n} {where}")

        with xp.scope():
            bad = ((idx < 0) | (idx >= n)).any()
        xp.check_later(bad, IndexError, f"embedding(): an index is out of range for "
                                        f"num_embeddings={n} {where}", detail)
        if xp.defers_checks:  # until the error surfaces, no kernel may go out of bounds
            with xp.scope():
                input = make(xp.clip(idx, 0, n - 1), input.device)
                idx = input._data
    if idx.dtype.kind == "u" or idx.dtype.itemsize < 8:  # int64 for bincount / take everywhere
        input = make(idx.astype("int64"), input.device, False, None, 0)
    return input


def embedding_renorm_(weight: Tensor, input: Tensor, max_norm: float,
                      norm_type: float = 2.0) -> None:
    """Rescale in place, outside autograd, each row of ``weight`` that ``input`` looks up and
    whose ``norm_type``-norm exceeds ``max_norm`` to norm ``max_norm`` (PyTorch's
    ``embedding_renorm_``: the scale is ``max_norm / (norm + 1e-7)``). A row looked up twice
    is written twice with the same values, so no host sync is needed to deduplicate."""
    xp = weight.device.backend
    w = weight._data
    flat = input._data.reshape(-1)
    if not flat.size:
        return
    with xp.scope():
        rows = w[flat]
        a = xp.abs(rows)
        if norm_type == float("inf"):
            norms = a.max(axis=1)
        else:
            norms = (a ** norm_type).sum(axis=1) ** (1.0 / norm_type)
        scale = xp.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0).astype(w.dtype)
        w[flat] = rows * scale[:, None]
    weight._vc[0] += 1  # saved copies of the old weight must notice


class _PaddingIdxError(ValueError, AssertionError):
    """A padding_idx out of range: PyTorch asserts it (AssertionError); a ValueError too."""


def _padding_idx(padding_idx: int, n: int) -> int:
    """padding_idx in [0, n), negative values counted from the end (as PyTorch)."""
    if padding_idx.__class__ is not int:
        padding_idx = as_int(padding_idx, "embedding", "padding_idx")
    if not -n <= padding_idx < n:
        raise _PaddingIdxError(f"embedding(): padding_idx must be within num_embeddings={n}, "
                               f"got {padding_idx}")
    return padding_idx % n
