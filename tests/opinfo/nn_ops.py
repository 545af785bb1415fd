"""Registry entries: softmax, log_softmax and the losses of ``nn.functional``, per reduction mode.

Class-index targets are integer arrays (constants); regression targets, probability targets
and BCE targets are float arrays, so they are differentiated too (PyTorch differentiates them
as well). Class weights, ``pos_weight`` and elementwise weights go in as keyword NumPy arrays:
the op wrappers below turn them into constant tensors of the input's dtype and device. The
NumPy references are written from the definitions, not from the implementation.
"""

from __future__ import annotations

import warnings

import numpy as np

import autograd as ag
from nn import functional as F
from tests.opinfo import OpInfo, Sample, away_from, noncontiguous, positive, register, uniform

MODES = ("mean", "sum", "none")


def _ours(name: str):
    """The loss ``name`` with NumPy keyword arrays made constant tensors like the input."""

    def op(x, *args, **kw):
        kw = {k: ag.tensor(v, dtype=getattr(x, "dtype", None), device=getattr(x, "device", None))
              if isinstance(v, np.ndarray) else v for k, v in kw.items()}
        with warnings.catch_warnings():  # kl_div's note on reduction='mean' (as PyTorch's)
            warnings.filterwarnings("ignore", message=".*batchmean", category=UserWarning)
            return getattr(F, name)(x, *args, **kw)

    return op


def _theirs(name: str):
    def op(torch, x, *args, **kw):
        kw = {k: torch.tensor(v, dtype=getattr(x, "dtype", None)) if isinstance(v, np.ndarray)
              else v for k, v in kw.items()}  # of the input's dtype, as ours
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*batchmean", category=UserWarning)
            return getattr(torch.nn.functional, name)(x, *args, **kw)

    return op


def _reduce(loss: np.ndarray, reduction: str) -> np.ndarray:
    if reduction == "mean":
        return np.mean(loss)
    if reduction == "sum":
        return np.sum(loss)
    return loss


# -- softmax, log_softmax ----------------------------------------------------------------------


def _np_log_softmax(x, dim):
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        return x.copy()
    axis = None if x.ndim == 0 else dim
    m = np.max(x, axis=axis, keepdims=True)
    return x - m - np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))


SOFTMAX_CASES = [((3, 4), 1), ((2, 3, 4), -2), ((2, 3, 4), 0), ((5,), 0), ((), 0), ((0, 3), 1)]


def _softmax_samples(rng):
    out = [Sample((uniform(rng, shape),), {"dim": dim}) for shape, dim in SOFTMAX_CASES]
    out.append(Sample((noncontiguous(uniform(rng, (4, 3))),), {"dim": 0}, "noncontig"))
    out.append(Sample((uniform(rng, (3, 4)) + 1000.0,), {"dim": 1}, "large"))  # exp overflows
    out.append(Sample((uniform(rng, (3, 4)) * 30.0,), {"dim": -1}, "wide"))  # exp underflows
    return out


register(OpInfo("softmax", ag.softmax, _softmax_samples,
                ref=lambda x, dim: np.exp(_np_log_softmax(x, dim)),
                torch_ref=lambda t, x, dim: t.softmax(x, dim)))
register(OpInfo("log_softmax", ag.log_softmax, _softmax_samples, ref=_np_log_softmax,
                torch_ref=lambda t, x, dim: t.log_softmax(x, dim)))


# -- regression losses -------------------------------------------------------------------------


def _regression_samples(kinks):
    """Input and target whose difference stays clear of the loss's kinks."""

    def samples(rng):
        out = []
        for shape in ((5, 4), (7,), ()):
            x = uniform(rng, shape)
            t = np.asarray(x - away_from(rng, shape, kinks, gap=0.1, low=-3, high=3))
            out.append(Sample((x, t)))
        x = uniform(rng, (3, 4))
        out.append(Sample((x, x - away_from(rng, (3, 4), kinks, gap=0.1, low=-3, high=3)),
                          {"weight": positive(rng, (3, 4))}, "weighted"))
        return out

    return samples


def _np_weighted(loss, reduction, weight, by_weight):
    if weight is None:
        return _reduce(loss, reduction)
    loss = loss * weight
    if reduction == "mean" and by_weight:
        return np.sum(loss) / np.sum(weight)
    return _reduce(loss, reduction)


def _np_mse(x, t, reduction="mean", weight=None):
    return _np_weighted((x - t) ** 2, reduction, weight, True)


def _np_l1(x, t, reduction="mean", weight=None):
    return _np_weighted(np.abs(x - t), reduction, weight, True)


def _np_smooth_l1(x, t, reduction="mean", beta=1.0):
    d = np.abs(x - t)
    return _reduce(np.where(d < beta, 0.5 * d**2 / beta, d - 0.5 * beta), reduction)


def _np_huber(x, t, reduction="mean", delta=1.0, weight=None):
    d = np.abs(x - t)
    loss = np.where(d < delta, 0.5 * d**2, delta * (d - 0.5 * delta))
    return _np_weighted(loss, reduction, weight, False)


def _without_weight(samples):
    return lambda rng: [s for s in samples(rng) if "weight" not in s.kwargs]


def _entry(name: str, loss: str, samples, ref, mode: str, **fixed) -> None:
    """Register ``loss`` with ``reduction=mode`` and the ``fixed`` keywords bound."""
    ours, theirs = _ours(loss), _theirs(loss)
    register(OpInfo(
        name, lambda *a, **kw: ours(*a, reduction=mode, **fixed, **kw), samples,
        ref=lambda *a, **kw: ref(*a, reduction=mode, **fixed, **kw),
        torch_ref=lambda th, *a, **kw: theirs(th, *a, reduction=mode, **fixed, **kw)))


for _mode in MODES:
    _entry(f"mse_loss_{_mode}", "mse_loss", _regression_samples((0.0,)), _np_mse, _mode)
    _entry(f"l1_loss_{_mode}", "l1_loss", _regression_samples((0.0,)), _np_l1, _mode)
    for _beta in (1.0, 0.5):
        _entry(f"smooth_l1_loss_{_mode}_beta{_beta}", "smooth_l1_loss",
               _without_weight(_regression_samples((-_beta, 0.0, _beta))), _np_smooth_l1, _mode,
               beta=_beta)
    for _delta in (1.0, 0.7):
        _entry(f"huber_loss_{_mode}_delta{_delta}", "huber_loss",
               _regression_samples((-_delta, 0.0, _delta)), _np_huber, _mode, delta=_delta)


# -- class-index and probability cross-entropy, nll --------------------------------------------


def _targets(rng, shape, ncls, ignored=0):
    t = rng.integers(0, ncls, size=shape).astype(np.int64)
    if ignored:
        t.reshape(-1)[rng.choice(t.size, ignored, replace=False)] = -100
    return t


def _index_samples(rng):
    w = positive(rng, (4,))
    return [
        Sample((uniform(rng, (5, 4)), _targets(rng, (5,), 4))),
        Sample((uniform(rng, (6, 4)), _targets(rng, (6,), 4, ignored=2)), {}, "ignored"),
        Sample((uniform(rng, (6, 4)), _targets(rng, (6,), 4)), {"ignore_index": 1}),
        Sample((uniform(rng, (5, 4)), _targets(rng, (5,), 4, ignored=1)), {"weight": w}),
        Sample((uniform(rng, (2, 4, 3)), _targets(rng, (2, 3), 4)), {}, "spatial"),
        Sample((uniform(rng, (2, 4, 2, 3)), _targets(rng, (2, 2, 3), 4, ignored=2)),
               {"weight": w}, "spatial2d"),
        Sample((uniform(rng, (4,)), np.array(2, dtype=np.int64)), {}, "unbatched"),
        Sample((noncontiguous(uniform(rng, (5, 4))), _targets(rng, (5,), 4)), {}, "noncontig"),
    ]


def _smoothing_samples(rng):
    w = positive(rng, (4,))
    return [
        Sample((uniform(rng, (5, 4)), _targets(rng, (5,), 4)), {"label_smoothing": 0.2}),
        Sample((uniform(rng, (6, 4)), _targets(rng, (6,), 4, ignored=2)),
               {"weight": w, "label_smoothing": 0.1}),
        Sample((uniform(rng, (2, 4, 3)), _targets(rng, (2, 3), 4)),
               {"weight": w, "ignore_index": 3, "label_smoothing": 0.3}, "spatial"),
        Sample((uniform(rng, (4,)), np.array(1, dtype=np.int64)), {"label_smoothing": 0.5},
               "unbatched"),
    ]


def _probs(rng, shape, axis):
    p = positive(rng, shape, 0.1, 1.0)
    return p / p.sum(axis=axis, keepdims=True)


def _prob_samples(rng):
    return [
        Sample((uniform(rng, (5, 4)), _probs(rng, (5, 4), 1))),
        Sample((uniform(rng, (2, 4, 3)), _probs(rng, (2, 4, 3), 1)), {}, "spatial"),
        Sample((uniform(rng, (4,)), _probs(rng, (4,), 0)), {}, "unbatched"),
        Sample((uniform(rng, (5, 4)), _probs(rng, (5, 4), 1)),
               {"weight": positive(rng, (4,)), "label_smoothing": 0.2}),
    ]


def _np_nll(logp, t, reduction="mean", weight=None, ignore_index=-100, per_sample=False):
    unbatched = logp.ndim == 1
    if unbatched:
        logp, t = logp[None], t.reshape(1)
    w = np.ones(logp.shape[1]) if weight is None else weight
    counted = t != ignore_index
    ts = np.where(counted, t, 0)
    wt = w[ts] * counted
    loss = -np.take_along_axis(logp, ts[:, None], axis=1)[:, 0] * wt
    if per_sample:
        return loss, wt, counted, logp
    if reduction == "none":
        return loss.reshape(()) if unbatched else loss
    return np.sum(loss) if reduction == "sum" else np.sum(loss) / np.sum(wt)


def _np_cross_entropy(x, t, reduction="mean", weight=None, ignore_index=-100,
                      label_smoothing=0.0):
    cdim = 0 if x.ndim == 1 else 1
    ncls = x.shape[cdim]
    logp = _np_log_softmax(x, cdim)
    w = np.ones(ncls) if weight is None else weight
    if t.shape == x.shape:  # class probabilities
        t = t * (1 - label_smoothing) + label_smoothing / ncls
        loss = -np.sum(logp * t * w.reshape((ncls,) + (1,) * (x.ndim - cdim - 1)), axis=cdim)
        return np.sum(loss) / (x.size / ncls) if reduction == "mean" else _reduce(loss,
                                                                                    reduction)
    nll, wt, counted, logp = _np_nll(logp, t, weight=weight, ignore_index=ignore_index,
                                     per_sample=True)
    smooth = -np.sum(logp * w.reshape((ncls,) + (1,) * (logp.ndim - 2)), axis=1) * counted
    loss = (1 - label_smoothing) * nll + label_smoothing / ncls * smooth
    if reduction == "none":
        return loss.reshape(()) if x.ndim == 1 else loss
    return np.sum(loss) if reduction == "sum" else np.sum(loss) / np.sum(wt)


for _mode in MODES:
    _entry(f"cross_entropy_{_mode}", "cross_entropy", _index_samples, _np_cross_entropy, _mode)
    _entry(f"cross_entropy_smoothing_{_mode}", "cross_entropy", _smoothing_samples,
           _np_cross_entropy, _mode)
    _entry(f"cross_entropy_probs_{_mode}", "cross_entropy", _prob_samples, _np_cross_entropy,
           _mode)
    _entry(f"nll_loss_{_mode}", "nll_loss", _index_samples, _np_nll, _mode)


# -- binary cross-entropy, KL divergence -------------------------------------------------------


def _bce_samples(rng):
    out = []
    for shape in ((5, 4), (7,), ()):
        out.append(Sample((positive(rng, shape, 0.05, 0.95), positive(rng, shape, 0.0, 1.0))))
    out.append(Sample((positive(rng, (5, 4), 0.05, 0.95), positive(rng, (5, 4), 0.0, 1.0)),
                      {"weight": positive(rng, (4,))}, "weighted"))
    return out


def _np_bce(x, t, reduction="mean", weight=None):
    loss = -(t * np.maximum(np.log(x), -100) + (1 - t) * np.maximum(np.log(1 - x), -100))
    return _reduce(loss if weight is None else loss * weight, reduction)


def _logit_samples(rng):
    out = [Sample((uniform(rng, shape, -4, 4), positive(rng, shape, 0.0, 1.0)))
           for shape in ((5, 4), (7,), ())]
    out.append(Sample((uniform(rng, (3, 4), -40, 40), positive(rng, (3, 4), 0.0, 1.0)), {},
                      "large"))
    out.append(Sample((uniform(rng, (5, 4), -4, 4), positive(rng, (5, 4), 0.0, 1.0)),
                      {"weight": positive(rng, (5, 4)), "pos_weight": positive(rng, (4,))},
                      "weighted"))
    return out


def _np_bce_logits(x, t, reduction="mean", weight=None, pos_weight=None):
    lw = 1.0 if pos_weight is None else 1 + (pos_weight - 1) * t
    loss = (1 - t) * x + lw * np.logaddexp(0.0, -x)
    return _reduce(loss if weight is None else loss * weight, reduction)


def _kl_samples(rng):
    return [
        Sample((np.log(_probs(rng, (5, 4), 1)), _probs(rng, (5, 4), 1))),
        Sample((np.log(_probs(rng, (2, 3, 4), 2)), _probs(rng, (2, 3, 4), 2)), {}, "3d"),
        Sample((np.log(_probs(rng, (4,), 0)), _probs(rng, (4,), 0)), {}, "1d"),
    ]


def _np_kl(x, t, reduction="mean", log_target=False):
    loss = np.exp(t) * (t - x) if log_target else t * (np.log(t) - x)
    if reduction == "batchmean":
        return np.sum(loss) / x.shape[0]
    return _reduce(loss, reduction)


def _log_targets(samples):
    return lambda rng: [Sample((s.args[0], np.log(s.args[1])), s.kwargs, s.name)
                        for s in samples(rng)]


for _mode in MODES:
    _entry(f"binary_cross_entropy_{_mode}", "binary_cross_entropy", _bce_samples, _np_bce,
           _mode)
    _entry(f"binary_cross_entropy_with_logits_{_mode}", "binary_cross_entropy_with_logits",
           _logit_samples, _np_bce_logits, _mode)
for _mode in MODES + ("batchmean",):
    _entry(f"kl_div_{_mode}", "kl_div", _kl_samples, _np_kl, _mode)
    _entry(f"kl_div_log_target_{_mode}", "kl_div", _log_targets(_kl_samples), _np_kl, _mode,
           log_target=True)
