"""Likelihood losses: poisson_nll_loss, gaussian_nll_loss, ctc_loss, and their Modules.

ctc_loss is the CTC forward (alpha) recursion in log space, vectorised over the batch and the
extended label positions and looped over time: a composition of autograd ops, so its
gradient is the exact derivative of the loss it computes. Unreachable states hold a large
finite negative log-probability instead of -inf, which keeps every log-sum-exp and its
gradient finite; a loss that large is an impossible alignment and is reported as inf (or 0
with ``zero_infinity``), as PyTorch.

An impossible alignment without ``zero_infinity`` gives, as PyTorch's, a nan gradient at every
time step of that sample's input (the derivative of an infinite loss is undefined); with
``zero_infinity`` its loss and gradient are zero.

PyTorch's own CTC backward returns, for the log-probabilities, the gradient through an
implied log_softmax (``exp(log_probs) - posterior``) rather than the derivative of the loss in
its argument (``-posterior``); the two agree once composed with ``log_softmax``, which is how
CTC is used (and how the tests compare them).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import autograd as ag
from autograd.ops.argcheck import as_bool, as_float, as_int
from autograd.ops.nn.softmax_loss import check_tensor
from autograd.tensor import Tensor
from nn.losses import _Loss, _mode, _reduce, _str_reduction

__all__ = ["poisson_nll_loss", "gaussian_nll_loss", "ctc_loss", "PoissonNLLLoss",
           "GaussianNLLLoss", "CTCLoss"]

_NEG = -1e30  # log-probability of an unreachable CTC state (finite: see the docstring)


def poisson_nll_loss(input: Tensor, target: Tensor, log_input: bool = True, full: bool = False,
                     size_average: Any = None, eps: float = 1e-8, reduce: Any = None,
                     reduction: str = "mean") -> Tensor:
    """Poisson negative log-likelihood: ``exp(input) - target * input`` for a log rate
    (``log_input``), else ``input - target * log(input + eps)``; ``full`` adds Stirling's
    approximation of ``log(target!)`` where target > 1."""
    op = "poisson_nll_loss"
    check_tensor(op, "input", input)
    check_tensor(op, "target", target)
    log_input, full = as_bool(log_input, op, "log_input"), as_bool(full, op, "full")
    eps = as_float(eps, op, "eps")
    if size_average is None and reduce is None:
        _str_reduction(op, reduction)
    reduction = _mode(reduction, size_average, reduce)
    if log_input:
        loss = ag.exp(input) - target * input
    else:
        loss = input - target * ag.log(input + eps)
    if full:
        above = target.detach() > 1
        safe = ag.where(above, target, 1.0)  # the masked branch stays finite
        stirling = safe * ag.log(safe) - safe + 0.5 * ag.log(2 * math.pi * safe)
        loss = loss + ag.where(above, stirling, 0.0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input: Tensor, target: Tensor, var: Tensor | float, full: bool = False,
                      eps: float = 1e-6, reduction: str = "mean") -> Tensor:
    """Gaussian negative log-likelihood ``(log(var) + (input - target)^2 / var) / 2`` (plus
    ``log(2 pi) / 2`` with ``full``); ``var`` is clamped below at ``eps`` in value only, the
    gradient passing through unchanged (as PyTorch's in-place clamp under no_grad)."""
    if not isinstance(var, Tensor):
        if var.__class__ is not float:  # PyTorch takes a Tensor or a Python float
            raise TypeError(f"gaussian_nll_loss(): argument 'var' must be a Tensor or a float, "
                            f"not {type(var).__name__}")
        var = ag.full(tuple(input.shape), var, dtype=input.dtype, device=input.device)
    shape, vshape = tuple(input.shape), tuple(var.shape)
    if vshape != shape:
        if shape[:-1] == vshape:
            var = var.unsqueeze(-1)
        # PyTorch's homoscedastic case: the same rank, the sizes that differ summing to 1 (one
        # dim of size 1 in var, anywhere); broadcasting then decides
        elif len(vshape) != len(shape) or sum(v for n, v in zip(shape, vshape) if n != v) != 1:
            raise ValueError("var is of incorrect size")
    _str_reduction("gaussian_nll_loss", reduction)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    if bool((var.detach() < 0).any()):
        raise ValueError("var has negative entry/entries")
    v = var.detach()
    var = var + (v.clamp(min=eps) - v)  # the clamped value, var's own gradient
    loss = 0.5 * (ag.log(var) + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


# -- CTC -----------------------------------------------------------------------------------------


def _lengths(value: Any, name: str) -> np.ndarray:
    """CTC lengths: an integer Tensor, a sequence of ints or (an unbatched input's) one int;
    PyTorch's TypeError for anything else (a float tensor, a string, None)."""
    if isinstance(value, Tensor):
        if value.dtype.kind not in "iu":
            raise TypeError(f"ctc_loss(): argument '{name}' must be an integer Tensor or a "
                            f"tuple of ints, not a Tensor of dtype {value.dtype}")
        return np.asarray(value.device.backend.to_numpy(value.array)).reshape(-1).astype(
            np.int64)
    items = value if isinstance(value, (tuple, list)) else (value,)
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in items):
        raise TypeError(f"ctc_loss(): argument '{name}' must be an integer Tensor or a tuple of "
                        f"ints, not {value!r}")
    return np.asarray(value, dtype=np.int64).reshape(-1)


def _logaddexp3(a: Tensor, b: Tensor, c: Tensor) -> Tensor:
    # log(e^a + e^b + e^c) shifted by the (constant) maximum: its gradient is the softmax
    m = ag.maximum(ag.maximum(a, b), c).detach()
    return ag.log(ag.exp(a - m) + ag.exp(b - m) + ag.exp(c - m)) + m


class _UndefinedGradient(ag.Function):
    """Zeros (one per sample) whose gradient for ``log_probs`` ``(T, N, C)`` is nan over the
    input steps (``steps``, ``(T, N, 1)``) of each ``impossible`` sample and 0 elsewhere,
    whatever the incoming gradient: the mark of an infinite CTC loss."""

    @staticmethod
    def forward(ctx, log_probs, steps, impossible):
        ctx.shape = log_probs.shape
        ctx.mask = steps & impossible[None, :, None]
        return ctx.xp.zeros(log_probs.shape[1], dtype=log_probs.dtype)

    @staticmethod
    def backward(ctx, grad):
        xp = ctx.xp
        return xp.where(ctx.mask, math.nan, xp.zeros(ctx.shape)), None, None


def ctc_loss(log_probs: Tensor, targets: Tensor, input_lengths: Any, target_lengths: Any,
             blank: int = 0, reduction: str = "mean", zero_infinity: bool = False) -> Tensor:
    """Connectionist Temporal Classification loss of ``log_probs`` ``(T, N, C)`` (or
    ``(T, C)``) against ``targets`` (padded ``(N, S)`` or concatenated 1-D), as PyTorch:
    ``'mean'`` divides each loss by its target length, then averages over the batch."""
    reduction = _mode(reduction)
    if log_probs.ndim == 0:  # PyTorch reads the batch size off dim 1 first: its IndexError
        raise IndexError("ctc_loss: log_probs must be 2-D or 3-D (T, N, C), got a 0-d tensor")
    unbatched = log_probs.ndim == 2
    lp = log_probs.unsqueeze(1) if unbatched else log_probs
    if lp.ndim != 3:
        raise RuntimeError(f"ctc_loss: log_probs must be 2-D or 3-D (T, N, C), got shape "
                           f"{list(log_probs.shape)}")
    t_max, n, c = lp.shape
    in_len = _lengths(input_lengths, "input_lengths")
    tg_len = _lengths(target_lengths, "target_lengths")
    if in_len.size != n or tg_len.size != n:
        raise RuntimeError(f"ctc_loss: expected input_lengths and target_lengths of size {n}, "
                           f"got {in_len.size} and {tg_len.size}")
    if (in_len > t_max).any():
        raise RuntimeError(f"ctc_loss: Expected input_lengths to have value at most {t_max}, "
                           f"but got value {int(in_len.max())}")
    blank = as_int(blank, "ctc_loss", "blank")
    if not 0 <= blank < c:
        raise RuntimeError(f"ctc_loss: blank must be in label range [0, {c}), got {blank}")
    if targets.ndim not in (1, 2):
        raise RuntimeError(f"ctc_loss: Expected 1 to 2 dimensions, but got {targets.ndim}-"
                           f"dimensional tensor for argument #2 'targets' (shape "
                           f"{list(targets.shape)})")
    tg = np.asarray(targets.device.backend.to_numpy(targets.array)).astype(np.int64)
    s_max = int(tg_len.max()) if n else 0
    where = "for argument #2 'targets' (while checking arguments for ctc_loss)"
    if tg.ndim == 1 and not unbatched and tg.size != int(tg_len.sum()):
        raise RuntimeError(f"ctc_loss: Expected tensor to have size {int(tg_len.sum())} at "
                           f"dimension 0 (the sum of target_lengths), but got size {tg.size} "
                           f"{where}")
    if tg.ndim == 2 and tg.shape[0] != n:
        raise RuntimeError(f"ctc_loss: Expected tensor to have size {n} at dimension 0, but got "
                           f"size {tg.shape[0]} {where}")
    if tg.shape[-1] < s_max and (tg.ndim == 2 or unbatched):
        raise RuntimeError(f"ctc_loss: Expected tensor to have size at least {s_max} at "
                           f"dimension {tg.ndim - 1 if tg.ndim == 2 else 1}, but got size "
                           f"{tg.shape[-1]} {where}")
    inside = np.arange(s_max)[None, :] < tg_len[:, None]
    if tg.ndim == 1 or unbatched:  # concatenated targets: bag k starts after the ones before
        flat = tg.reshape(-1)
        starts = np.concatenate([[0], np.cumsum(tg_len)[:-1]])
        at = np.minimum(starts[:, None] + np.arange(s_max)[None, :], max(flat.size - 1, 0))
        picked = flat[at] if flat.size else np.zeros((n, s_max), dtype=np.int64)
    else:
        picked = tg[:, :s_max]
    labels = np.where(inside, picked, blank)
    width = 2 * s_max + 1
    ext = np.full((n, width), blank, dtype=np.int64)
    ext[:, 1::2] = labels
    pos = np.arange(width)
    # a skip from s - 2 is allowed onto a label that differs from the label two back
    skip = (pos[None, :] >= 2) & (ext != blank) & (ext != np.roll(ext, 2, axis=1))
    dev = lp.device
    index = ag.as_tensor(np.broadcast_to(ext, (t_max, n, width)).copy(), device=dev)
    emit = lp.gather(2, index)  # (T, N, width): log-prob of each extended label at each time
    init = np.full((n, width), _NEG)
    init[:, 0] = 0.0
    init[:, 1] = np.where(tg_len > 0, 0.0, _NEG)
    alpha = emit[0] + ag.as_tensor(init.astype(lp.dtype.name), device=dev)
    # cast as init is: a dtype too narrow for _NEG (float16) holds -inf, as NumPy rounds it
    neg = ag.as_tensor(np.full((n, 1), _NEG).astype(lp.dtype.name), device=dev)
    neg2 = ag.as_tensor(np.full((n, 2), _NEG).astype(lp.dtype.name), device=dev)
    skip_t = ag.as_tensor(skip, device=dev)
    for t in range(1, t_max):
        one = ag.cat([neg, alpha[:, :-1]], 1)
        two = ag.where(skip_t, ag.cat([neg2, alpha[:, :-2]], 1), _NEG)
        step = _logaddexp3(alpha, one, two) + emit[t]
        live = ag.as_tensor((t < in_len)[:, None], device=dev)
        alpha = ag.where(live, step, alpha)
    last = ag.as_tensor((2 * tg_len)[:, None], device=dev)
    before = ag.as_tensor(np.maximum(2 * tg_len - 1, 0)[:, None], device=dev)
    end = alpha.gather(1, last).squeeze(1)
    prev = ag.where(ag.as_tensor(tg_len > 0, device=dev), alpha.gather(1, before).squeeze(1),
                    _NEG)
    m = ag.maximum(end, prev).detach()
    loss = -(ag.log(ag.exp(end - m) + ag.exp(prev - m)) + m)
    impossible = loss.detach() > -_NEG / 2
    loss = ag.where(impossible, 0.0 if zero_infinity else math.inf, loss)
    if not zero_infinity and lp.requires_grad and ag.is_grad_enabled():
        steps = ag.as_tensor((np.arange(t_max)[:, None] < in_len[None, :])[:, :, None],
                             device=dev)
        loss = loss + _UndefinedGradient.apply(lp, steps, impossible)
    if reduction == "mean":
        div = ag.as_tensor(np.maximum(tg_len, 1).astype(lp.dtype.name), device=dev)
        return (loss / div).mean()
    if reduction == "sum":
        return loss.sum()
    return loss.squeeze(0) if unbatched else loss


# -- Modules -----------------------------------------------------------------------------------


class PoissonNLLLoss(_Loss):
    """See ``poisson_nll_loss``."""

    def __init__(self, log_input: bool = True, full: bool = False, size_average: Any = None,
                 eps: float = 1e-8, reduce: Any = None, reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.log_input, self.full, self.eps = log_input, full, eps

    def forward(self, log_input: Tensor, target: Tensor) -> Tensor:
        """The Poisson NLL of ``target`` counts under the predicted rates."""
        return poisson_nll_loss(log_input, target, self.log_input, self.full, eps=self.eps,
                                reduction=self.reduction)


class GaussianNLLLoss(_Loss):
    """See ``gaussian_nll_loss``."""

    def __init__(self, *, full: bool = False, eps: float = 1e-6,
                 reduction: str = "mean") -> None:
        super().__init__(reduction=reduction)
        self.full, self.eps = full, eps

    def forward(self, input: Tensor, target: Tensor, var: Tensor | float) -> Tensor:
        """The Gaussian NLL of ``target`` under mean ``input`` and variance ``var``."""
        return gaussian_nll_loss(input, target, var, full=self.full, eps=self.eps,
                                 reduction=self.reduction)


class CTCLoss(_Loss):
    """See ``ctc_loss``."""

    def __init__(self, blank: int = 0, reduction: str = "mean",
                 zero_infinity: bool = False) -> None:
        super().__init__(reduction=reduction)
        self.blank, self.zero_infinity = blank, zero_infinity

    def forward(self, log_probs: Tensor, targets: Tensor, input_lengths: Any,
                target_lengths: Any) -> Tensor:
        """The CTC loss of the label sequences under the per-frame log-probabilities."""
        return ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank,
                        self.reduction, self.zero_infinity)
