"""Channel dropout (dropout1d/2d/3d), alpha dropout (alpha_dropout, feature_alpha_dropout) and
embedding_bag.

The dropouts multiply by a random mask drawn on the tensor's device (``manual_seed`` makes it
reproducible), broadcast over the positions for the channel forms; alpha dropout also adds
the affine correction that keeps a SELU network's mean and variance (PyTorch's constants).
embedding_bag looks the rows up with ``embedding`` and reduces each bag with an index_add
(sum, mean) or a masked max over the bags padded to the longest one.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

import numpy as np

from autograd.checks import as_int
from autograd.creation import as_tensor, empty, zeros
from autograd.engine.inplace import inplace as _inplace
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.select import where
from autograd.ops.indexing.gather import index_add
from autograd.ops.nn.dropout import embedding

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout",
           "embedding_bag"]

_SELU_ALPHA_PRIME = 1.7580993408473766  # -scale * alpha of SELU


def _check_p(p: float) -> float:
    p = float(p)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    return p


def _keep_mask(input: Tensor, shape: tuple, p: float) -> Tensor:
    """1 with probability 1 - p, else 0, of ``shape`` (broadcasting over the input)."""
    return (empty(shape, dtype=input.dtype, device=input.device).uniform_(0.0, 1.0) >= p).to(
        input.dtype)


def _noise(input: Tensor, p: float, feature: bool) -> Tensor:
    shape = tuple(input.shape)
    if feature:
        shape = shape[:2] + (1,) * (len(shape) - 2)
    return _keep_mask(input, shape, p)


def _dropout(input: Tensor, p: float, training: bool, inplace: bool, feature: bool,
             alpha: bool) -> Tensor:
    if not isinstance(input, TensorBase):
        raise TypeError(f"dropout(): argument 'input' must be a Tensor, not "
                        f"{type(input).__name__}")
    p = _check_p(p)
    if not training or p == 0.0:
        return input
    if input.dtype.kind not in "fV":
        raise RuntimeError(f"dropout(): expected a floating-point input, got {input.dtype}")

    def apply(x: Tensor) -> Tensor:
        if p == 1.0:
            return x * 0.0
        keep = _noise(x, p, feature)
        if not alpha:
            return x * (keep * (1.0 / (1.0 - p)))
        a = 1.0 / math.sqrt((_SELU_ALPHA_PRIME ** 2 * p + 1) * (1 - p))
        b = (keep - 1) * (_SELU_ALPHA_PRIME * a) + _SELU_ALPHA_PRIME * a * p
        return x * (keep * a) + b

    return _inplace(input, apply) if inplace else apply(input)


def _channel_dims(op: str, input: Tensor, spatial: int) -> Tensor:
    """The input with a batch dim (channel dropout needs one), warning like PyTorch."""
    nd = input.ndim
    if op == "dropout1d" and nd not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {nd}D input. "
                           "Note that dropout1d exists to provide channel-wise dropout on inputs "
                           "with 1 spatial dimension, a channel dimension, and an optional batch "
                           "dimension (i.e. 2D or 3D inputs).")
    if op != "dropout1d" and nd not in (spatial + 1, spatial + 2):
        warnings.warn(f"{op}: Received a {nd}-D input to {op}, which is deprecated and will "
                      "result in an error in a future release. To retain the behavior and "
                      "silence this warning, please use dropout instead.", UserWarning,
                      stacklevel=3)
    return input


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of ``(N, C, L)`` or ``(C, L)`` input with probability ``p`` and
    scale the rest by ``1 / (1 - p)``."""
    _channel_dims("dropout1d", input, 1)
    if input.ndim == 2:
        return _dropout(input.unsqueeze(0), p, training, inplace, True, False).squeeze(0)
    return _dropout(input, p, training, inplace, True, False)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of ``(N, C, H, W)`` input with probability ``p`` (a 3-D input is
    read as ``(N, C, L)``, with PyTorch's warning)."""
    if input.ndim < 2:
        raise RuntimeError(f"dropout2d: Feature dropout requires at least 2 dimensions in the "
                           f"input (got shape {list(input.shape)})")
    if input.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that "
                      "channel-wise 1D dropout behavior is desired - input is interpreted as "
                      "shape (N, C, L), where C is the channel dim. This behavior will change in "
                      "a future release to interpret the input as one without a batch "
                      "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout "
                      "behavior, please switch to using dropout1d instead.", UserWarning,
                      stacklevel=2)
    else:
        _channel_dims("dropout2d", input, 2)
    return _dropout(input, p, training, inplace, True, False)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input with probability
    ``p``."""
    _channel_dims("dropout3d", input, 3)
    if input.ndim == 4:
        return _dropout(input.unsqueeze(0), p, training, inplace, True, False).squeeze(0)
    return _dropout(input, p, training, inplace, True, False)


def alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,
                  inplace: bool = False) -> Tensor:
    """Dropout for SELU networks: dropped elements take SELU's negative saturation value and
    an affine map restores the mean and variance (off unless ``training``, as PyTorch)."""
    return _dropout(input, p, training, inplace, False, True)


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,
                          inplace: bool = False) -> Tensor:
    """``alpha_dropout`` of whole channels."""
    return _dropout(input, p, training, inplace, True, True)


# -- embedding_bag -------------------------------------------------------------------------------


def _bags(input: Tensor, offsets: Tensor | None, include_last_offset: bool) -> tuple:
    """Flat indices, the bag of each, and the number of bags (host arrays)."""
    idx = np.asarray(input.device.backend.to_numpy(input._data))
    if idx.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated "
                             "is a mini-batch of fixed length sequences. However, found "
                             f"offsets of type {type(offsets).__name__}")
        b, length = idx.shape
        return idx.reshape(-1), np.repeat(np.arange(b), length), b
    if idx.ndim != 1:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension "
                         f"{idx.ndim}")
    if offsets is None:
        raise ValueError("offsets has to be a 1D Tensor but got None")
    off = np.asarray(offsets.device.backend.to_numpy(offsets._data)).astype(np.int64)
    if off.ndim != 1:
        raise ValueError("offsets has to be a 1D Tensor")
    if not off.size and idx.size:  # (PyTorch reads out of bounds there)
        raise RuntimeError(f"embedding_bag: offsets is empty, so no bag holds the {idx.size} "
                           "indices of input; give one offset per bag, starting with 0")
    if off.size and off[0] != 0:
        raise RuntimeError(f"embedding_bag: offsets[0] has to be 0, i.e., the first sequence "
                           f"in the mini-batch has to start from position 0. However, got "
                           f"{off[0]}")
    if off.size and off[-1] > idx.size:
        raise RuntimeError(f"embedding_bag: offsets[-1] can not be greater than input's length "
                           f"{idx.size}, but got offsets[-1] of {off[-1]}")
    # the last bag ends at the end of the input (with include_last_offset PyTorch reads its
    # last offset as that end, whatever its value)
    starts = off[:-1] if include_last_offset else off
    bounds = np.append(starts, idx.size)
    seg = np.repeat(np.arange(len(starts)), np.diff(bounds))
    return idx, seg, len(starts)


def embedding_bag(input: Tensor, weight: Tensor, offsets: Tensor | None = None,
                  max_norm: float | None = None, norm_type: float = 2,
                  scale_grad_by_freq: bool = False, mode: str = "mean", sparse: bool = False,
                  per_sample_weights: Tensor | None = None, include_last_offset: bool = False,
                  padding_idx: int | None = None) -> Tensor:
    """Sums, means or maxima of bags of embeddings: ``input`` ``(B, L)`` (B bags of L) or 1-D
    with ``offsets`` (where each bag starts); ``per_sample_weights`` scale the rows (sum mode
    only); ``padding_idx`` entries are left out of their bag. Empty bags give zeros."""
    if getattr(weight, "dtype", None) is not None and weight.dtype.kind not in "fV":
        raise RuntimeError(f"embedding_bag: expected tensor for argument 'weight' to have a "
                           f"floating dtype, but got {weight.dtype}")
    if mode not in ("sum", "mean", "max"):
        raise ValueError(f"mode has to be one of sum, mean or max, but got {mode}")
    if per_sample_weights is not None:
        if mode != "sum":
            raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. "
                                      f"per_sample_weights is only supported for mode='sum' "
                                      f"(got mode='{mode}'). Please open a feature request on "
                                      "GitHub.")
        if tuple(per_sample_weights.shape) != tuple(input.shape):
            raise ValueError(f"embedding_bag: If per_sample_weights "
                             f"({list(per_sample_weights.shape)}) is not None, then it must "
                             f"have the same shape as the input ({list(input.shape)})")
    flat, seg, nbags = _bags(input, offsets, include_last_offset)
    n, d = weight.shape
    if padding_idx is not None:
        if padding_idx.__class__ is bool:
            raise TypeError("embedding_bag(): argument 'padding_idx' must be int, not bool")
        padding_idx = as_int(padding_idx, "embedding_bag", "padding_idx")
        if not -n <= padding_idx < n:
            raise RuntimeError(f"embedding_bag: padding_idx must be within the number of "
                               f"embeddings, {-n} through {n - 1}, but got {padding_idx}")
        padding_idx %= n
    keep = np.ones(flat.shape, dtype=bool) if padding_idx is None else flat != padding_idx
    if flat.size and (flat.min() < 0 or flat.max() >= n):
        k = int(np.flatnonzero((flat < 0) | (flat >= n))[0])
        raise RuntimeError(f"embedding_bag: Index {k} of input takes value {int(flat[k])} "
                           f"which is not in the valid range [0, {n}) (weight of shape "
                           f"{list(weight.shape)})")
    idx_t = as_tensor(flat.astype(np.int64), device=weight.device)
    rows = embedding(idx_t, weight, max_norm=max_norm, norm_type=norm_type,
                     scale_grad_by_freq=scale_grad_by_freq)  # (T, D)
    counts = np.bincount(seg[keep], minlength=nbags)
    if mode == "max":
        longest = int(counts.max()) if nbags and counts.size else 0
        pos = np.zeros((nbags, max(longest, 1)), dtype=np.int64)
        mask = np.zeros((nbags, max(longest, 1)), dtype=bool)
        kept = np.flatnonzero(keep)
        order = seg[kept]
        slot = np.arange(kept.size) - np.searchsorted(order, order)
        pos[order, slot], mask[order, slot] = kept, True
        picked = rows.index_select(0, as_tensor(pos.reshape(-1), device=weight.device))
        picked = picked.reshape(nbags, -1, d)
        m = as_tensor(mask[:, :, None], device=weight.device)
        best = where(m, picked, -math.inf).max(1)[0]
        filled = as_tensor((counts > 0)[:, None], device=weight.device)
        return where(filled, best, 0.0)
    if per_sample_weights is not None:
        rows = rows * per_sample_weights.reshape(-1, 1).to(rows.dtype)
    if padding_idx is not None:
        rows = rows * as_tensor(keep[:, None].astype(rows.dtype.name), device=weight.device)
    total = zeros((nbags, d), dtype=weight.dtype, device=weight.device)
    total = index_add(total, 0, as_tensor(seg.astype(np.int64), device=weight.device), rows)
    if mode == "sum":
        return total
    return total / as_tensor(np.maximum(counts, 1)[:, None].astype(weight.dtype.name),
                             device=weight.device)

