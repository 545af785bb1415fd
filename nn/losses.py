"""Loss functions (``torch.nn.functional`` names and signatures) and their Module forms.

Regression losses are compositions of autograd ops (they get every derivative for free);
cross-entropy over class indices, binary cross-entropy and its logits form are the fused
Functions of ``autograd/ops/nn_ops.py``. ``reduction`` is ``'mean'``, ``'sum'`` or ``'none'``;
the deprecated ``size_average`` / ``reduce`` pair is honoured like PyTorch's, with its warning.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

import autograd as ag
from autograd import log_softmax

# The fused loss Functions and their target checks have no public form (PyTorch keeps its own
# in torch._C._nn); these are the only imports nn makes from inside autograd, each one listed
# in tests/test_architecture.py.
from autograd.ops.autocast import autocasting, float32
from autograd.ops.indexing.index import Index
from autograd.ops.nn.softmax_loss import (
    BinaryCrossEntropy,
    BinaryCrossEntropyWithLogits,
    CrossEntropy,
    class_targets,
)
from autograd.ops.nn.softmax_loss import check_tensor as _check_tensor
from autograd.tensor import Tensor
from nn.module import Module

__all__ = [
    "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "cross_entropy", "nll_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div",
    "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "CrossEntropyLoss", "NLLLoss", "BCELoss",
    "BCEWithLogitsLoss", "KLDivLoss",
]


# -- shared checks -----------------------------------------------------------------------------


def _no_bool(op: str, *tensors: Any, ints: bool = False) -> None:
    """Most of PyTorch's loss kernels exist for floating dtypes only (``ints``: also for
    integers): other operands (after promotion) get its NotImplementedError."""
    ts = [t for t in tensors if isinstance(t, Tensor)]
    if ts and ag.result_type(*ts) not in (_INTS_FLOATS if ints else _FLOATS):
        raise NotImplementedError(f'"{op}" not implemented for '
                                  f"{' and '.join(str(t.dtype) for t in ts)} (shapes "
                                  f"{', '.join(str(list(t.shape)) for t in ts)})")


_FLOATS = tuple(getattr(ag, n) for n in ("float16", "bfloat16", "float32", "float64")
                if hasattr(ag, n))  # bfloat16 where ml_dtypes is installed
_INTS_FLOATS = _FLOATS + (ag.uint8, ag.int8, ag.int16, ag.int32, ag.int64)


def _legacy_reduction(size_average: bool | None, reduce: bool | None) -> str:
    """PyTorch's mapping of the deprecated size_average / reduce flags onto ``reduction``."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    ret = "mean" if size_average and reduce else "sum" if reduce else "none"
    warnings.warn("size_average and reduce args will be deprecated, please use "
                  f"reduction='{ret}' instead.", UserWarning, stacklevel=3)
    return ret


def _mode(reduction: str, size_average: Any = None, reduce: Any = None,
          allowed: tuple = ("mean", "sum", "none")) -> str:
    if size_average is not None or reduce is not None:
        return _legacy_reduction(size_average, reduce)
    if reduction not in allowed:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _str_reduction(op: str, reduction: Any) -> None:
    """The losses whose PyTorch message concatenates ``reduction`` to a str fail with a
    TypeError for anything else (poisson_nll_loss, gaussian_nll_loss,
    multilabel_soft_margin_loss); the others' is a ValueError."""
    if not isinstance(reduction, str):
        raise TypeError(f"{op}: reduction must be a str ('mean', 'sum' or 'none'), not "
                        f"{type(reduction).__name__}")


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _pair(op: str, input: Tensor, target: Tensor) -> None:
    """Regression losses broadcast a target of another shape, with PyTorch's warning."""
    _check_tensor(op, "input", input)
    _check_tensor(op, "target", target)
    if input.shape == target.shape:
        return
    try:
        np.broadcast_shapes(input.shape, target.shape)
    except ValueError:
        raise RuntimeError(f"{op}: input of shape {list(input.shape)} and target of shape "
                           f"{list(target.shape)} cannot be broadcast together") from None
    warnings.warn(f"{op}: Using a target size ({list(target.shape)}) that is different to the "
                  f"input size ({list(input.shape)}). This will likely lead to incorrect results "
                  "due to broadcasting. Please ensure they have the same size.", UserWarning,
                  stacklevel=3)


def _same_shape(op: str, input: Tensor, target: Tensor) -> None:
    _check_tensor(op, "input", input)
    _check_tensor(op, "target", target)
    if input.shape != target.shape:
        raise ValueError(f"{op}: Target size ({list(target.shape)}) must be the same as input "
                         f"size ({list(input.shape)})")


def _weighted(op: str, loss: Tensor, input: Tensor, weight: Tensor | None, reduction: str,
              mean_by_weight: bool) -> Tensor:
    """PyTorch's elementwise ``weight`` of the regression losses (same shape as input)."""
    if weight is None:
        return _reduce(loss, reduction)
    if weight.shape != input.shape:
        raise ValueError(f"{op}: Weights and input must have the same size (weight "
                         f"{list(weight.shape)}, input {list(input.shape)})")
    loss = loss * weight
    if reduction == "mean" and mean_by_weight:
        return loss.sum() / weight.sum()
    return _reduce(loss, reduction)


# -- regression losses -------------------------------------------------------------------------


def mse_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
             reduce: bool | None = None, reduction: str = "mean",
             weight: Tensor | None = None) -> Tensor:
    """Squared error ``(input - target)^2``; a weighted mean divides by ``weight.sum()``."""
    _no_bool("mse_loss", input, target, ints=True)
    if autocasting:  # in autocast's float32 list
        input, target = float32(input, target)
    reduction = _mode(reduction, size_average, reduce)
    _pair("mse_loss", input, target)
    d = input - target
    return _weighted("mse_loss", d * d, input, weight, reduction, True)


def l1_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
            reduce: bool | None = None, reduction: str = "mean",
            weight: Tensor | None = None) -> Tensor:
    """Absolute error ``|input - target|`` (gradient 0 where they are equal, as PyTorch)."""
    if autocasting:  # in autocast's float32 list
        input, target = float32(input, target)
    reduction = _mode(reduction, size_average, reduce)
    _pair("l1_loss", input, target)
    return _weighted("l1_loss", ag.abs(input - target), input, weight, reduction, True)


def smooth_l1_loss(input: Tensor, target: Tensor, size_average: bool | None = None,
                   reduce: bool | None = None, reduction: str = "mean",
                   beta: float = 1.0) -> Tensor:
    """``0.5 d^2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 beta`` (L1 for beta = 0)."""
    _no_bool("smooth_l1_loss", input, target)
    if autocasting:  # in autocast's float32 list
        input, target = float32(input, target)
    reduction = _mode(reduction, size_average, reduce)
    _pair("smooth_l1_loss", input, target)
    if beta < 0:
        raise RuntimeError(f"smooth_l1_loss does not support negative values for beta (got "
                           f"{beta})")
    d = input - target
    z = ag.abs(d)
    if beta == 0:
        return _reduce(z, reduction)
    return _reduce(ag.where(z < beta, d * d * (0.5 / beta), z - 0.5 * beta), reduction)


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0,
               weight: Tensor | None = None) -> Tensor:
    """``0.5 d^2`` where ``|d| < delta``, else ``delta (|d| - 0.5 delta)``."""
    _no_bool("huber_loss", input, target)
    if autocasting:  # in autocast's float32 list
        input, target = float32(input, target)
    reduction = _mode(reduction)
    _pair("huber_loss", input, target)
    if delta <= 0:
        raise RuntimeError(f"huber_loss does not support non-positive values for delta (got "
                           f"{delta})")
    d = input - target
    z = ag.abs(d)
    loss = ag.where(z < delta, d * d * 0.5, (z - 0.5 * delta) * delta)
    return _weighted("huber_loss", loss, input, weight, reduction, False)


# -- class-index losses ------------------------------------------------------------------------


def _to_tensor(value: Any, like: Tensor) -> Tensor:
    return ag.as_tensor(value, device=like.device)


def _mean_over(loss: Tensor, count: int) -> Tensor:
    """sum(loss) / count, NaN for no elements, as PyTorch."""
    if loss.dtype == ag.float16:  # the sum may overflow float16 where the mean does not
        return _mean_over(loss.float(), count).half()
    total = loss.sum()
    return total / count if count else total * float("nan")


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,
             size_average: bool | None = None, ignore_index: int = -100,
             reduce: bool | None = None, reduction: str = "mean") -> Tensor:
    """Negative log-likelihood of class indices: ``-weight[t] * input[n, t]``, the mean taken
    over the weights of the targets that are not ``ignore_index``."""
    if autocasting:  # in autocast's float32 list
        input, target, weight = float32(input, target, weight)
    reduction = _mode(reduction, size_average, reduce)
    x, key, wt, _, _, unbatched = class_targets("nll_loss", input, target, weight,
                                                 ignore_index)
    if reduction != "mean":
        loss = Index.apply(x, key=key) * _to_tensor(-wt, x)
        if reduction == "none":
            return loss.reshape(()) if unbatched else loss
        return loss.sum()
    # the mean over the counted weights; with none counted the loss is NaN but the gradient 0,
    # as in PyTorch: scale by 1 / max-safe denominator, then add NaN (a constant) in that case
    xp = x.device.backend
    denom = wt.sum()
    zero = denom == 0
    scale = -wt / xp.where(zero, 1, denom).astype(wt.dtype)
    nan_if_none = xp.where(zero, xp.nan, 0).astype(wt.dtype)
    return (Index.apply(x, key=key) * _to_tensor(scale, x)).sum() + _to_tensor(nan_if_none, x)


def _cross_entropy_probs(input: Tensor, target: Tensor, weight: Tensor | None, reduction: str,
                         eps: float) -> Tensor:
    """Cross-entropy against class probabilities (a composition: target gets a gradient)."""
    cdim = 0 if input.ndim == 1 else 1
    ncls = input.shape[cdim]
    if eps:
        target = target * (1 - eps) + eps / ncls
    prod = log_softmax(input, cdim) * target
    if weight is not None:
        _check_tensor("cross_entropy", "weight", weight)
        if weight.shape != (ncls,):
            raise RuntimeError(f"cross_entropy: weight tensor should be defined either for all "
                               f"{ncls} classes or no classes but got weight tensor of shape: "
                               f"{list(weight.shape)}")
        prod = prod * weight.reshape((ncls,) + (1,) * (input.ndim - cdim - 1))
    if reduction == "none":
        return -prod.sum(cdim)
    if reduction == "sum":
        return -prod.sum()
    return _mean_over(-prod, input.numel() // ncls if ncls else 0)


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                  size_average: bool | None = None, ignore_index: int = -100,
                  reduce: bool | None = None, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:
    """log_softmax over the class dim (1, or 0 for an unbatched input) and the negative
    log-likelihood of the targets: class indices (fused, with weight, ignore_index and
    label_smoothing) or class probabilities of the input's shape."""
    if autocasting:  # in autocast's float32 list
        input, target, weight = float32(input, target, weight)
    reduction = _mode(reduction, size_average, reduce)
    _check_tensor("cross_entropy", "input", input)
    _check_tensor("cross_entropy", "target", target)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"cross_entropy: label_smoothing must be between 0.0 and 1.0. Got: "
                           f"{label_smoothing}")
    if input.dtype.kind not in "fV":  # PyTorch: NotImplementedError "... for 'Long'"
        raise NotImplementedError(f"cross_entropy: expected a floating-point input, got "
                                  f"{input.dtype}")
    if input.shape == target.shape:
        if target.dtype.kind not in "fV":
            raise RuntimeError("cross_entropy: Expected floating point type for target with "
                               f"class probabilities, got {target.dtype} (input and target of "
                               f"shape {list(input.shape)})")
        if not input.ndim:
            raise IndexError("cross_entropy: Expected input to have a class dimension, got a "
                             "0-d tensor (and a 0-d target)")
        if ignore_index >= 0:
            raise RuntimeError("cross_entropy: ignore_index is not supported for floating "
                               "point target")
        return _cross_entropy_probs(input, target, weight, reduction, float(label_smoothing))
    if not input.ndim:  # PyTorch's log_softmax over dim 1 of it: IndexError
        raise IndexError(f"cross_entropy: Expected input to have a class dimension, got a 0-d "
                         f"tensor (target of shape {list(target.shape)})")
    x, key, wt, mask, w, unbatched = class_targets("cross_entropy", input, target, weight,
                                                    ignore_index)
    out = CrossEntropy.apply(x, key=key, wt=wt, mask=mask, weight=w, reduction=reduction,
                             smoothing=float(label_smoothing))
    return out.reshape(()) if unbatched and reduction == "none" else out


# -- binary losses -----------------------------------------------------------------------------


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                         size_average: bool | None = None, reduce: bool | None = None,
                         reduction: str = "mean") -> Tensor:
    """``-w (t log(x) + (1 - t) log(1 - x))`` for probabilities x, each log clamped at -100.

    The input's gradient stays finite at 0 and 1 (PyTorch's clamp of x (1 - x) at 1e-12). The
    target's gradient is that of the clamped logs, so it is +-100 there where PyTorch's is
    +-inf.
    """
    _no_bool("binary_cross_entropy", input, target)
    if weight is not None and not isinstance(weight, Tensor):
        raise TypeError(f"binary_cross_entropy(): argument 'weight' must be Tensor, not "
                        f"{type(weight).__name__}")
    if isinstance(input, Tensor) and isinstance(target, Tensor) and target.dtype != input.dtype:
        raise RuntimeError(f"binary_cross_entropy: Found dtype {target.dtype} but expected "
                           f"{input.dtype} (the target must have the input's dtype)")
    if autocasting:
        if getattr(input, "device", None) is not None and input.device.type == "cuda" and (
                ag.is_autocast_enabled("cuda")):
            raise RuntimeError(
                "nn.functional.binary_cross_entropy and nn.BCELoss are unsafe to "
                "autocast. Many models use a sigmoid layer right before the binary cross "
                "entropy layer. In this case, combine the two layers using "
                "nn.functional.binary_cross_entropy_with_logits or nn.BCEWithLogitsLoss. "
                "binary_cross_entropy_with_logits and BCEWithLogits are safe to autocast.")
        input, target = float32(input, target)
    reduction = _mode(reduction, size_average, reduce)
    _same_shape("binary_cross_entropy", input, target)
    x = input.array
    if ((x < 0) | (x > 1)).any():
        raise RuntimeError("binary_cross_entropy: all elements of input should be between 0 "
                           f"and 1 (input of shape {list(input.shape)})")
    if target.dtype != input.dtype:
        target = target.to(input.dtype)
    loss = BinaryCrossEntropy.apply(input, target)
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor,
                                     weight: Tensor | None = None,
                                     size_average: bool | None = None,
                                     reduce: bool | None = None, reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:
    """Binary cross-entropy of ``sigmoid(input)`` in log-sum-exp form (no overflow, no log(0));
    ``pos_weight`` scales the positive term, broadcast along the last dim."""
    _no_bool("binary_cross_entropy_with_logits", input, target)
    if isinstance(input, Tensor) and not input.is_floating_point():  # its log_sigmoid's
        raise NotImplementedError(f'"log_sigmoid" not implemented for {input.dtype} (input of '
                                  f"binary_cross_entropy_with_logits, shape "
                                  f"{list(input.shape)})")
    for name, w in (("weight", weight), ("pos_weight", pos_weight)):
        if w is not None and not isinstance(w, Tensor):
            raise TypeError(f"binary_cross_entropy_with_logits(): argument '{name}' must be "
                            f"Tensor, not {type(w).__name__}")
    if isinstance(target, Tensor) and not target.is_floating_point():
        raise RuntimeError(f"binary_cross_entropy_with_logits: result type {input.dtype} can't "
                           f"be cast to the desired output type {target.dtype} (the target must "
                           "be floating point)")
    if autocasting:  # in autocast's float32 list
        input, target = float32(input, target)
    reduction = _mode(reduction, size_average, reduce)
    _same_shape("binary_cross_entropy_with_logits", input, target)
    target_dtype = target.dtype
    if target_dtype != input.dtype:  # computed in the pair's dtype, returned in the target's
        dtype = ag.promote_types(input.dtype, target_dtype)
        input, target = input.to(dtype), target.to(dtype)
    if pos_weight is not None:
        _check_tensor("binary_cross_entropy_with_logits", "pos_weight", pos_weight)
    loss = BinaryCrossEntropyWithLogits.apply(input, target, pos_weight)
    if weight is not None:
        loss = loss * weight
    if loss.dtype != target_dtype:
        # PyTorch's loss is formed in place in (1 - target): the target's dtype, whatever the
        # input's, weight's and pos_weight's
        loss = loss.to(target_dtype)
    return _reduce(loss, reduction)


def kl_div(input: Tensor, target: Tensor, size_average: bool | None = None,
           reduce: bool | None = None, reduction: str = "mean",
           log_target: bool = False) -> Tensor:
    """Pointwise KL divergence ``target (log(target) - input)`` for log-probabilities
    ``input``; ``'batchmean'`` divides the sum by the batch size (the true KL divergence)."""
    if any(isinstance(t, Tensor) and not t.is_floating_point() for t in (input, target)):
        raise RuntimeError(f"kl_div: Integral inputs not supported (input {input.dtype}, "
                           f"target {target.dtype})")
    if autocasting:  # in autocast's float32 list
        input, target = float32(input, target)
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    else:
        reduction = _mode(reduction, allowed=("mean", "sum", "none", "batchmean"))
        if reduction == "mean":
            warnings.warn("kl_div: reduction: 'mean' divides the total loss by both the batch "
                          "size and the support size. 'batchmean' divides only by the batch "
                          "size, and aligns with the KL div math definition.", UserWarning,
                          stacklevel=2)
    _check_tensor("kl_div", "input", input)
    _check_tensor("kl_div", "target", target)
    try:
        np.broadcast_shapes(input.shape, target.shape)
    except ValueError:
        raise RuntimeError(f"kl_div: input of shape {list(input.shape)} and target of shape "
                           f"{list(target.shape)} cannot be broadcast together") from None
    if log_target:
        loss = ag.exp(target) * (target - input)
    else:
        zero = target == 0  # xlogy: 0 log 0 = 0
        loss = ag.where(zero, 0.0, target * ag.log(ag.where(zero, 1.0, target))) - target * input
    if reduction == "batchmean":
        return loss.sum() / input.shape[0] if input.ndim else loss.sum()
    return _reduce(loss, reduction)


# -- Modules -----------------------------------------------------------------------------------


class _Loss(Module):
    """Base of the loss modules: holds ``reduction`` (``torch.nn.modules.loss._Loss``)."""

    def __init__(self, size_average: bool | None = None, reduce: bool | None = None,
                 reduction: str = "mean") -> None:
        super().__init__()
        if size_average is not None or reduce is not None:
            reduction = _legacy_reduction(size_average, reduce)
        self.reduction = reduction


class _WeightedLoss(_Loss):
    """A loss with a per-class ``weight`` buffer (in the state dict, like PyTorch's)."""

    def __init__(self, weight: Tensor | None = None, size_average: bool | None = None,
                 reduce: bool | None = None, reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


class MSELoss(_Loss):
    """Mean squared error (see ``mse_loss``)."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of ``input`` against ``target``."""
        return mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Mean absolute error (see ``l1_loss``)."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of ``input`` against ``target``."""
        return l1_loss(input, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """Quadratic below ``beta``, linear above (see ``smooth_l1_loss``)."""

    def __init__(self, size_average: bool | None = None, reduce: bool | None = None,
                 reduction: str = "mean", beta: float = 1.0) -> None:
        super().__init__(size_average, reduce, reduction)
        self.beta = beta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of ``input`` against ``target``."""
        return smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    """Quadratic below ``delta``, linear (slope delta) above (see ``huber_loss``)."""

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction=reduction)
        self.delta = delta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of ``input`` against ``target``."""
        return huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class CrossEntropyLoss(_WeightedLoss):
    """Softmax cross-entropy over logits (see ``cross_entropy``)."""

    def __init__(self, weight: Tensor | None = None, size_average: bool | None = None,
                 ignore_index: int = -100, reduce: bool | None = None, reduction: str = "mean",
                 label_smoothing: float = 0.0) -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of logits ``input`` against class indices or probabilities ``target``."""
        return cross_entropy(input, target, weight=self.weight, ignore_index=self.ignore_index,
                             reduction=self.reduction, label_smoothing=self.label_smoothing)


class NLLLoss(_WeightedLoss):
    """Negative log-likelihood of log-probabilities (see ``nll_loss``)."""

    def __init__(self, weight: Tensor | None = None, size_average: bool | None = None,
                 ignore_index: int = -100, reduce: bool | None = None,
                 reduction: str = "mean") -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of log-probabilities ``input`` against class indices ``target``."""
        return nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index,
                        reduction=self.reduction)


class NLLLoss2d(NLLLoss):
    """``NLLLoss``, under the name PyTorch keeps for old code (deprecated there: constructing
    one warns with a FutureWarning, as PyTorch)."""

    def __init__(self, weight: Tensor | None = None, size_average: bool | None = None,
                 ignore_index: int = -100, reduce: bool | None = None,
                 reduction: str = "mean") -> None:
        warnings.warn("`NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a "
                      "drop-in replacement and see "
                      "https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for more details.",
                      FutureWarning, stacklevel=2)
        super().__init__(weight, size_average, ignore_index, reduce, reduction)


class BCELoss(_WeightedLoss):
    """Binary cross-entropy of probabilities (see ``binary_cross_entropy``)."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of probabilities ``input`` against ``target``."""
        return binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy of logits, stable (see ``binary_cross_entropy_with_logits``)."""

    def __init__(self, weight: Tensor | None = None, size_average: bool | None = None,
                 reduce: bool | None = None, reduction: str = "mean",
                 pos_weight: Tensor | None = None) -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of logits ``input`` against ``target``."""
        return binary_cross_entropy_with_logits(input, target, weight=self.weight,
                                                reduction=self.reduction,
                                                pos_weight=self.pos_weight)


class KLDivLoss(_Loss):
    """KL divergence of log-probabilities against a target distribution (see ``kl_div``)."""

    def __init__(self, size_average: bool | None = None, reduce: bool | None = None,
                 reduction: str = "mean", log_target: bool = False) -> None:
        super().__init__(size_average, reduce, reduction)
        self.log_target = log_target

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The divergence of ``target`` from ``input`` (log-probabilities)."""
        return kl_div(input, target, reduction=self.reduction, log_target=self.log_target)
