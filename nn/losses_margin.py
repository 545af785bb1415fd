"""Margin and embedding losses (``torch.nn.functional`` names and signatures) and their
Modules: cosine_embedding, margin_ranking, hinge_embedding, triplet_margin (with a distance
function too), soft_margin, multilabel_soft_margin, multilabel_margin, multi_margin.

Each is PyTorch's own definition written as a composition of autograd ops, so the gradients
(PyTorch's subgradients at the hinges) of every order come from those ops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import autograd as ag
from autograd.ops.argcheck import as_bool
from autograd.ops.nn.activation import softplus
from autograd.ops.nn.activation_ext import logsigmoid
from autograd.ops.nn.distance import pairwise_distance
from autograd.ops.nn.softmax_loss import check_tensor
from autograd.tensor import Tensor
from nn.layers.distance import PairwiseDistance
from nn.losses import _Loss, _mode, _no_bool, _reduce, _str_reduction, _WeightedLoss

__all__ = [
    "cosine_embedding_loss", "margin_ranking_loss", "hinge_embedding_loss",
    "triplet_margin_loss", "triplet_margin_with_distance_loss", "soft_margin_loss",
    "multilabel_soft_margin_loss", "multilabel_margin_loss", "multi_margin_loss",
    "CosineEmbeddingLoss", "MarginRankingLoss", "HingeEmbeddingLoss", "TripletMarginLoss",
    "TripletMarginWithDistanceLoss", "SoftMarginLoss", "MultiLabelSoftMarginLoss",
    "MultiLabelMarginLoss", "MultiMarginLoss",
]

_EPSILON = 1e-12  # PyTorch's cosine_embedding_loss guard


def _same(op: str, a: Tensor, b: Tensor, what: str = "input") -> None:
    if tuple(a.shape) != tuple(b.shape):
        raise RuntimeError(f"{op}: {what} sizes must match, got {list(a.shape)} and "
                           f"{list(b.shape)}")


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0.0,
                          size_average: Any = None, reduce: Any = None,
                          reduction: str = "mean") -> Tensor:
    """``1 - cos(x1, x2)`` where target is 1, ``max(0, cos(x1, x2) - margin)`` where it is
    -1; the cosine along the last dim."""
    reduction = _mode(reduction, size_average, reduce)
    _same("cosine_embedding_loss", input1, input2)
    if input1.ndim not in (1, 2):
        raise RuntimeError(f"cosine_embedding_loss: 1D target tensor expects 2D input tensors, "
                           f"but found inputs with sizes {list(input1.shape)} and "
                           f"{list(input2.shape)}.")
    dim = input1.ndim - 1
    prod = (input1 * input2).sum(dim)
    mag1 = (input1 * input1).sum(dim) + _EPSILON
    mag2 = (input2 * input2).sum(dim) + _EPSILON
    cos = prod / (mag1 * mag2).sqrt()
    zero = cos * 0
    loss = ag.where(target == 1, 1 - cos, zero) + ag.where(target == -1,
                                                           (cos - margin).clamp(min=0), zero)
    return _reduce(loss, reduction)


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0.0,
                        size_average: Any = None, reduce: Any = None,
                        reduction: str = "mean") -> Tensor:
    """``max(0, -target * (input1 - input2) + margin)``."""
    reduction = _mode(reduction, size_average, reduce)
    if not (input1.ndim == input2.ndim == target.ndim):
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension "
                           f"but got sizes: input1: {list(input1.shape)}, input2: "
                           f"{list(input2.shape)}, target: {list(target.shape)} ")
    return _reduce((-target * (input1 - input2) + margin).clamp(min=0), reduction)


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0,
                         size_average: Any = None, reduce: Any = None,
                         reduction: str = "mean") -> Tensor:
    """``input`` where target is 1, ``max(0, margin - input)`` where it is -1."""
    check_tensor("hinge_embedding_loss", "input", input)
    check_tensor("hinge_embedding_loss", "target", target)
    reduction = _mode(reduction, size_average, reduce)
    zero = input * 0
    loss = ag.where(target != 1, (margin - input).clamp(min=0), zero) + ag.where(
        target != -1, input, zero)
    return _reduce(loss, reduction)


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor,
                        margin: float = 1.0, p: float = 2, eps: float = 1e-6, swap: bool = False,
                        size_average: Any = None, reduce: Any = None,
                        reduction: str = "mean") -> Tensor:
    """``max(0, d(a, p) - d(a, n) + margin)`` with d the p-norm pairwise distance; ``swap``
    uses ``min(d(a, n), d(p, n))``."""
    reduction = _mode(reduction, size_average, reduce)
    swap = as_bool(swap, "triplet_margin_loss", "swap")
    if margin <= 0:
        raise ValueError(f"triplet_margin_loss: margin must be greater than 0, got {margin}")
    nd = anchor.ndim
    if not (positive.ndim == negative.ndim == nd) or nd not in (1, 2):
        raise RuntimeError(f"triplet_margin_loss: The anchor, positive, and negative tensors "
                           f"are expected to have the same number of dimensions (1 or 2), but "
                           f"got: anchor {nd}D, positive {positive.ndim}D, and negative "
                           f"{negative.ndim}D inputs")
    d_pos = pairwise_distance(anchor, positive, p, eps)
    d_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_neg = ag.minimum(d_neg, pairwise_distance(positive, negative, p, eps))
    return _reduce((margin + d_pos - d_neg).clamp(min=0), reduction)


def triplet_margin_with_distance_loss(anchor: Tensor, positive: Tensor, negative: Tensor, *,
                                      distance_function: Callable | None = None,
                                      margin: float = 1.0, swap: bool = False,
                                      reduction: str = "mean") -> Tensor:
    """The triplet loss with any ``distance_function`` (pairwise_distance by default)."""
    reduction = _mode(reduction)
    if margin <= 0:
        raise ValueError(f"triplet_margin_with_distance_loss: expected margin to be greater "
                         f"than 0, got {margin} instead")
    dist = distance_function if distance_function is not None else pairwise_distance
    d_pos = dist(anchor, positive)
    d_neg = dist(anchor, negative)
    if swap:
        d_neg = ag.minimum(d_neg, dist(positive, negative))
    return _reduce((margin + d_pos - d_neg).clamp(min=0), reduction)


def soft_margin_loss(input: Tensor, target: Tensor, size_average: Any = None,
                     reduce: Any = None, reduction: str = "mean") -> Tensor:
    """``log(1 + exp(-target * input))``, without overflow."""
    reduction = _mode(reduction, size_average, reduce)
    _same("soft_margin_loss", input, target, "input and target")
    return _reduce(softplus(-target * input), reduction)


def multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                size_average: Any = None, reduce: Any = None,
                                reduction: str = "mean") -> Tensor:
    """One-vs-all logistic loss over the classes (last dim), averaged over the classes."""
    if size_average is None and reduce is None:
        _str_reduction("multilabel_soft_margin_loss", reduction)
    reduction = _mode(reduction, size_average, reduce)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    if input.ndim == 0:  # PyTorch reads the class count off input.size(-1): its IndexError
        raise IndexError("multilabel_soft_margin_loss: expected an input with a class dim "
                         f"(the last), got a 0-d tensor (target of shape {list(target.shape)})")
    loss = loss.sum(input.ndim - 1) / input.shape[-1]
    return _reduce(loss, reduction)


def _class_rows(op: str, input: Tensor, target: Tensor) -> tuple[Tensor, Tensor, bool]:
    if target.dtype.kind not in "iu":
        raise RuntimeError(f"{op}: expected target of an integer dtype, got {target.dtype}")
    unbatched = input.ndim <= 1
    x = input.reshape(1, -1) if unbatched else input
    t = target.reshape(1, -1) if unbatched and op == "multilabel_margin_loss" else (
        target.reshape(-1) if unbatched else target)
    if x.ndim != 2:
        raise RuntimeError(f"{op}: Expected non-empty vector or matrix with optional 0-dim "
                           f"batch size, but got: {list(input.shape)}")
    return x, t, unbatched


def multilabel_margin_loss(input: Tensor, target: Tensor, size_average: Any = None,
                           reduce: Any = None, reduction: str = "mean") -> Tensor:
    """Hinge loss between each target class (the indices in ``target`` before the first -1)
    and every non-target class: ``sum max(0, 1 - (x[y] - x[i])) / C``."""
    _no_bool("multilabel_margin_loss", input)
    reduction = _mode(reduction, size_average, reduce)
    x, t, unbatched = _class_rows("multilabel_margin_loss", input, target)
    if tuple(t.shape) != tuple(x.shape):
        raise RuntimeError(f"multilabel_margin_loss: inconsistent target size: "
                           f"{list(target.shape)} for input of size: {list(input.shape)}")
    n, c = x.shape
    raw = t.array
    xp = t.device.backend
    valid = xp.cumprod(raw >= 0, axis=1).astype(bool)  # the entries before the first -1
    idx = xp.where(valid, raw, 0)
    is_target = xp.zeros((n, c), dtype=bool)
    rows = xp.broadcast_to(xp.arange(n)[:, None], (n, c))
    is_target[rows[valid], idx[valid]] = True
    x_t = x.gather(1, ag.as_tensor(idx, device=x.device))  # (n, c): x at each listed target
    # relu: no gradient at a margin of exactly 0, as PyTorch's kernel (z > 0)
    margins = (1 - x_t.unsqueeze(2) + x.unsqueeze(1)).relu()  # [n, j, i]
    mask = ag.as_tensor((valid[:, :, None] & ~is_target[:, None, :]).astype(x.dtype.name),
                        device=x.device)
    loss = (margins * mask).sum((1, 2)) / c
    if unbatched and reduction == "none":
        loss = loss.reshape(())
    return _reduce(loss, reduction)


def multi_margin_loss(input: Tensor, target: Tensor, p: int = 1, margin: float = 1.0,
                      weight: Tensor | None = None, size_average: Any = None,
                      reduce: Any = None, reduction: str = "mean") -> Tensor:
    """Multi-class hinge loss: ``sum_{i != y} max(0, margin - x[y] + x[i])^p / C``, each
    sample scaled by ``weight[y]``."""
    _no_bool("multi_margin_loss", input)
    reduction = _mode(reduction, size_average, reduce)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    x, t, unbatched = _class_rows("multi_margin_loss", input, target)
    if isinstance(weight, Tensor) and weight.dtype != input.dtype:
        raise RuntimeError(f"multi_margin_loss: expected scalar type {input.dtype} but found "
                           f"{weight.dtype} (the class weight must have the input's dtype)")
    n, c = x.shape
    if t.ndim != 1 or t.shape[0] != n:
        raise RuntimeError(f"multi_margin_loss: inconsistent target size, expected {n} but got "
                           f"{list(target.shape)}")
    x_y = x.gather(1, t.reshape(n, 1).to(ag.int64))
    z = (margin - x_y + x).relu()  # no gradient at exactly 0, as PyTorch's kernel
    if p == 2:
        z = z * z
    if weight is not None:
        z = z * weight[t.to(ag.int64)].reshape(n, 1)
    other = ag.as_tensor(1.0 - (t.array[:, None] == t.device.backend.arange(c)[None, :]),
                         device=x.device).to(x.dtype)
    loss = (z * other).sum(1) / c
    if unbatched and reduction == "none":
        loss = loss.reshape(target.shape)
    return _reduce(loss, reduction)


# -- Modules -----------------------------------------------------------------------------------


class _MarginLoss(_Loss):
    def __init__(self, margin: float = 0.0, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = margin


class CosineEmbeddingLoss(_MarginLoss):
    """See ``cosine_embedding_loss``."""

    def forward(self, input1: Tensor, input2: Tensor, target: Tensor) -> Tensor:
        """The loss of the pair against targets of 1 (similar) or -1 (dissimilar)."""
        return cosine_embedding_loss(input1, input2, target, self.margin,
                                     reduction=self.reduction)


class MarginRankingLoss(_MarginLoss):
    """See ``margin_ranking_loss``."""

    def forward(self, input1: Tensor, input2: Tensor, target: Tensor) -> Tensor:
        """The ranking loss of the pair against targets of 1 or -1."""
        return margin_ranking_loss(input1, input2, target, self.margin,
                                   reduction=self.reduction)


class HingeEmbeddingLoss(_MarginLoss):
    """See ``hinge_embedding_loss``."""

    def __init__(self, margin: float = 1.0, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(margin, size_average, reduce, reduction)

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of ``input`` against targets of 1 or -1."""
        return hinge_embedding_loss(input, target, self.margin, reduction=self.reduction)


class TripletMarginLoss(_MarginLoss):
    """See ``triplet_margin_loss``."""

    def __init__(self, margin: float = 1.0, p: float = 2.0, eps: float = 1e-6,
                 swap: bool = False, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(margin, size_average, reduce, reduction)
        self.p, self.eps, self.swap = p, eps, swap

    def forward(self, anchor: Tensor, positive: Tensor, negative: Tensor) -> Tensor:
        """The triplet loss."""
        return triplet_margin_loss(anchor, positive, negative, self.margin, self.p, self.eps,
                                   self.swap, reduction=self.reduction)


class TripletMarginWithDistanceLoss(_Loss):
    """See ``triplet_margin_with_distance_loss``."""

    def __init__(self, *, distance_function: Callable | None = None, margin: float = 1.0,
                 swap: bool = False, reduction: str = "mean") -> None:
        super().__init__(reduction=reduction)
        if margin <= 0:
            raise ValueError(f"TripletMarginWithDistanceLoss: expected margin to be greater "
                             f"than 0, got {margin} instead")
        # PyTorch's default is a PairwiseDistance submodule (it shows in the repr)
        self.distance_function = (distance_function if distance_function is not None
                                  else PairwiseDistance())
        self.margin, self.swap = margin, swap

    def forward(self, anchor: Tensor, positive: Tensor, negative: Tensor) -> Tensor:
        """The triplet loss under ``distance_function``."""
        return triplet_margin_with_distance_loss(
            anchor, positive, negative, distance_function=self.distance_function,
            margin=self.margin, swap=self.swap, reduction=self.reduction)


class SoftMarginLoss(_Loss):
    """See ``soft_margin_loss``."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The logistic loss of ``input`` against targets of 1 or -1."""
        return soft_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_WeightedLoss):
    """See ``multilabel_soft_margin_loss``."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The one-vs-all logistic loss."""
        return multilabel_soft_margin_loss(input, target, self.weight, reduction=self.reduction)


class MultiLabelMarginLoss(_Loss):
    """See ``multilabel_margin_loss``."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The multi-label hinge loss."""
        return multilabel_margin_loss(input, target, reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    """See ``multi_margin_loss``."""

    def __init__(self, p: int = 1, margin: float = 1.0, weight: Tensor | None = None,
                 size_average: Any = None, reduce: Any = None, reduction: str = "mean") -> None:
        super().__init__(weight, size_average, reduce, reduction)
        if p not in (1, 2):
            raise ValueError("only p == 1 and p == 2 supported")
        self.p, self.margin = p, margin

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The multi-class hinge loss."""
        return multi_margin_loss(input, target, self.p, self.margin, self.weight,
                                 reduction=self.reduction)
