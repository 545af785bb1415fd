"""Registry entries: dropout and embedding.

Dropout draws a random mask, so its training-mode entries reseed the generators before every
call (``autograd.manual_seed(0)``): each evaluation made by gradcheck then sees the same mask
and the op is a fixed linear map. They are marked ``nondeterministic`` (the mask differs
between dtypes and devices) and have no value reference; the statistics of the mask are tested
in ``tests/nn/test_dropout_embedding.py``. Evaluation mode, ``p=0`` and ``p=1`` are
deterministic and compared with NumPy and PyTorch.

Embedding's padding_idx and scale_grad_by_freq change the gradient away from the true
derivative (as in PyTorch), so those entries are not gradchecked; their gradients are
compared with PyTorch's (here and in the nn tests).
"""

from __future__ import annotations

import numpy as np

import autograd as ag
from nn import functional as F
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform

SHAPES = [(4, 5), (), (2, 3, 2), (0, 3)]


def _seeded_dropout(x, p=0.5, **kw):
    ag.manual_seed(0)  # the same mask on every call: a fixed linear map for gradcheck
    return F.dropout(x, p, **kw)


def _dropout_samples(rng, p=0.5, **kw):
    out = [Sample((uniform(rng, s),), {"p": p, **kw}) for s in SHAPES]
    out.append(Sample((noncontiguous(uniform(rng, (4, 3))),), {"p": p, **kw}, name="noncontig"))
    return out


for _p in (0.2, 0.5):
    register(OpInfo(f"dropout_p{_p}", _seeded_dropout,
                    lambda rng, p=_p: _dropout_samples(rng, p), nondeterministic=True))

register(OpInfo("dropout_eval", F.dropout,
                lambda rng: _dropout_samples(rng, 0.5, training=False),
                ref=lambda x, **kw: x,
                torch_ref=lambda t, x, **kw: t.nn.functional.dropout(x, **kw)))
register(OpInfo("dropout_p0", F.dropout, lambda rng: _dropout_samples(rng, 0.0),
                ref=lambda x, **kw: x,
                torch_ref=lambda t, x, **kw: t.nn.functional.dropout(x, **kw)))
register(OpInfo("dropout_p1", F.dropout, lambda rng: _dropout_samples(rng, 1.0),
                ref=lambda x, **kw: np.zeros_like(x),
                torch_ref=lambda t, x, **kw: t.nn.functional.dropout(x, **kw)))


# -- embedding ----------------------------------------------------------------------------------


def _embedding_samples(rng):
    w = uniform(rng, (6, 3))
    return [
        Sample((np.array([0, 2, 5, 1]), w)),
        Sample((np.array([[1, 2, 1], [4, 1, 1]]), w), name="repeated"),
        Sample((np.array(3), w), name="scalar-index"),
        Sample((np.zeros((0, 2), dtype=np.int64), w), name="empty"),
        Sample((np.array([[0, 5], [5, 0]], dtype=np.int32), uniform(rng, (6, 1))),
               name="int32"),
        Sample((np.array([2, 0, 2]), noncontiguous(uniform(rng, (6, 4)))), name="noncontig"),
    ]


def _embedding_ref(idx, w, **kw):
    return w[idx]


def _torch_embedding(t, idx, w, **kw):
    return t.nn.functional.embedding(idx, w, **kw)


register(OpInfo("embedding", F.embedding, _embedding_samples, ref=_embedding_ref,
                torch_ref=_torch_embedding))


def _embedding_grad_option_samples(rng):
    w = uniform(rng, (5, 3))
    idx = np.array([[1, 2, 1], [4, 1, 0]])
    return [Sample((idx, w), {"padding_idx": 1}, name="padding"),
            Sample((idx, w), {"padding_idx": -1}, name="padding-negative"),
            Sample((idx, w), {"scale_grad_by_freq": True}, name="freq"),
            Sample((idx, w), {"padding_idx": 1, "scale_grad_by_freq": True}, name="both")]


register(OpInfo("embedding_grad_options", F.embedding, _embedding_grad_option_samples,
                ref=_embedding_ref, torch_ref=_torch_embedding, differentiable=False,
                torch_gradient=True))
