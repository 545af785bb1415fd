"""Registry entries: the margin, embedding and likelihood losses of ``nn.functional``.

Targets that a loss only compares (+-1 labels, class indices) go in as keyword arrays, made
constant tensors of the input's dtype; inputs stay clear of each loss's hinges. CTC is
compared through ``log_softmax`` of free logits: PyTorch's own CTC backward returns the
gradient through an implied log_softmax, which equals the true derivative once composed with
it.
"""

from __future__ import annotations

import numpy as np

import autograd as ag
from nn import functional as F
from tests.opinfo import OpInfo, Sample, away_from, positive, register, uniform

MODES = ("mean", "sum", "none")


def _const(value, like, torch=None):
    if torch is not None:
        return torch.tensor(value)
    # the input may be a mutated argument of the wrong type: the loss, not this, must refuse it
    dtype = getattr(like, "dtype", None) if value.dtype.kind == "f" else None
    return ag.tensor(value, dtype=dtype, device=getattr(like, "device", None))


def _ours(name):
    def op(x, *args, **kw):
        kw = {k: _const(v, x) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
        return getattr(F, name)(x, *args, **kw)

    return op


def _theirs(name):
    def op(torch, x, *args, **kw):
        kw = {k: _const(v, x, torch) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
        return getattr(torch.nn.functional, name)(x, *args, **kw)

    return op


def _entry(name, samples, **kw):
    register(OpInfo(name, _ours(name), samples, torch_ref=_theirs(name), **kw))


def _signs(rng, shape):
    return np.where(rng.uniform(size=shape) > 0.5, 1.0, -1.0)


_entry("cosine_embedding_loss", lambda rng: [
    Sample((uniform(rng, (4, 3)), uniform(rng, (4, 3))), {"target": _signs(rng, (4,)),
                                                          "margin": m, "reduction": r})
    for m, r in ((0.0, "mean"), (0.2, "sum"), (-0.3, "none"))] + [
    Sample((uniform(rng, (3,)), uniform(rng, (3,))), {"target": np.array(-1.0)}, "unbatched")])
_entry("margin_ranking_loss", lambda rng: [
    Sample((away_from(rng, (5,), (-0.3, 0.3)), np.zeros(5) + 0.0),
           {"target": _signs(rng, (5,)), "margin": 0.3, "reduction": r}) for r in MODES])


def _hinge_samples(rng):
    out = []
    for r in MODES:
        t = _signs(rng, (3, 4))
        out.append(Sample((away_from(rng, (3, 4), (1.0,)),), {"target": t, "reduction": r}))
    return out


_entry("hinge_embedding_loss", _hinge_samples)
_entry("triplet_margin_loss", lambda rng: [
    Sample((uniform(rng, (4, 3)), uniform(rng, (4, 3)), uniform(rng, (4, 3))),
           {"margin": 0.5, "swap": s, "p": p, "reduction": r})
    for s, p, r in ((False, 2.0, "mean"), (True, 1.0, "sum"), (False, 3.0, "none"))])
_entry("soft_margin_loss", lambda rng: [
    Sample((uniform(rng, (3, 4)),), {"target": _signs(rng, (3, 4)), "reduction": r})
    for r in MODES])
_entry("multilabel_soft_margin_loss", lambda rng: [
    Sample((uniform(rng, (3, 5)),), {"target": (rng.uniform(size=(3, 5)) > 0.5) * 1.0,
                                     "reduction": r}) for r in MODES] + [
    Sample((uniform(rng, (3, 5)),), {"target": (rng.uniform(size=(3, 5)) > 0.5) * 1.0,
                                     "weight": positive(rng, (5,))}, "weighted")])

_MULTILABEL = np.array([[3, 0, -1, 1], [1, 2, 3, 0], [2, 2, -1, 0]])
_entry("multilabel_margin_loss", lambda rng: [
    Sample((uniform(rng, (3, 4)),), {"target": _MULTILABEL, "reduction": r}) for r in MODES])
_entry("multi_margin_loss", lambda rng: [
    Sample((uniform(rng, (4, 5)),), {"target": np.array([0, 3, 4, 1]), "p": p, "margin": m,
                                     "reduction": r})
    for p, m, r in ((1, 1.0, "mean"), (2, 0.7, "sum"), (1, 0.5, "none"))] + [
    Sample((uniform(rng, (4, 5)),), {"target": np.array([0, 3, 4, 1]),
                                     "weight": positive(rng, (5,))}, "weighted")])
# targets kept off 1, where the Stirling term of full=True switches on
_entry("poisson_nll_loss", lambda rng: [
    Sample((uniform(rng, (3, 4)), positive(rng, (3, 4), 0.0, 0.8) + 1.1 * (
        rng.uniform(size=(3, 4)) > 0.5)), {"full": f, "reduction": r})
    for f, r in ((False, "mean"), (True, "sum"))] + [
    Sample((positive(rng, (3, 4)), rng.poisson(2.0, (3, 4)) * 1.0),
           {"log_input": False, "reduction": "none"}, "rates")])
_entry("gaussian_nll_loss", lambda rng: [
    Sample((uniform(rng, (3, 4)), uniform(rng, (3, 4)), positive(rng, vs)),
           {"full": f, "reduction": r})
    for vs, f, r in (((3, 4), False, "mean"), ((3, 1), True, "sum"), ((3,), False, "none"))])


def _ctc(lib_ns):
    def op(x, targets, input_lengths, target_lengths, **kw):
        return lib_ns.ctc_loss(x.log_softmax(-1), targets, input_lengths, target_lengths, **kw)

    return op


_CTC_TARGETS = np.array([[1, 2, 2, 0], [3, 1, 0, 0]])


def _ctc_samples(rng):
    return [Sample((uniform(rng, (8, 2, 4)), _CTC_TARGETS, (8, 6), (3, 2)), {"reduction": r})
            for r in MODES] + [
        Sample((uniform(rng, (6, 2, 4)), np.array([1, 2, 2, 3, 1]), (6, 5), (3, 2)),
               {"blank": 0}, "concatenated"),
        Sample((uniform(rng, (5, 4)), np.array([2, 3]), 5, 2), {"blank": 1}, "unbatched")]


register(OpInfo("ctc_loss", _ctc(F), _ctc_samples,
                torch_ref=lambda t, x, tg, il, tl, **kw: t.nn.functional.ctc_loss(
                    x.log_softmax(-1), tg, (il,) if isinstance(il, int) else il,
                    (tl,) if isinstance(tl, int) else tl, **kw)))
