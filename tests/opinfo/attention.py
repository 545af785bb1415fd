"""Registry entries: scaled_dot_product_attention (masks, causal, broadcasting, dropout) and
rms_norm.

A float mask is a float array, so it becomes a tensor that requires grad and its gradient is
checked too; a bool mask is a constant. The dropout entry reseeds before each call (the same
mask every time, a fixed linear map for gradcheck), as the dropout entries do.
"""

from __future__ import annotations

import math

import numpy as np

import autograd as ag
from nn import functional as F
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform


def _sdpa_ref(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
              enable_gqa=False):
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    if enable_gqa and k.shape[-3] != q.shape[-3]:
        rep = q.shape[-3] // k.shape[-3]
        k, v = np.repeat(k, rep, axis=-3), np.repeat(v, rep, axis=-3)
    s = q @ np.swapaxes(k, -1, -2) * scale
    if is_causal:
        attn_mask = np.tril(np.ones((q.shape[-2], k.shape[-2]), dtype=bool))
    if attn_mask is not None:
        s = np.where(attn_mask, s, -np.inf) if attn_mask.dtype == bool else s + attn_mask
    m = s.max(-1, keepdims=True) if s.shape[-1] else np.zeros(s.shape[:-1] + (1,))
    m = np.where(np.isfinite(m), m, 0)
    e = np.exp(s - m)
    total = e.sum(-1, keepdims=True)
    return (e / np.where(total == 0, 1, total)) @ v


def _qkv(rng, q, k, v):
    return tuple(uniform(rng, s) for s in (q, k, v))


def _sdpa_samples(rng):
    out = [
        Sample(_qkv(rng, (2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 2))),
        Sample(_qkv(rng, (4, 3), (5, 3), (5, 2)), name="2-D"),
        Sample(_qkv(rng, (2, 1, 3, 4), (1, 2, 5, 4), (1, 2, 5, 3)), name="broadcast"),
        Sample(_qkv(rng, (2, 3, 4), (2, 5, 4), (2, 5, 3)), {"is_causal": True, "scale": 0.7},
               name="causal"),
        Sample(_qkv(rng, (0, 3, 4), (0, 5, 4), (0, 5, 3)), name="empty"),
        Sample((noncontiguous(uniform(rng, (3, 4))), noncontiguous(uniform(rng, (5, 4))),
                uniform(rng, (5, 2))), name="noncontig"),
        Sample(_qkv(rng, (2, 4, 3, 4), (2, 2, 5, 4), (2, 2, 5, 3)), {"enable_gqa": True},
               name="gqa"),
    ]
    bool_mask = rng.uniform(size=(2, 1, 3, 5)) > 0.4
    bool_mask[0, 0, 1] = False  # a row that attends to nothing gives zeros
    out.append(Sample((uniform(rng, (2, 2, 3, 4)), uniform(rng, (2, 2, 5, 4)),
                       uniform(rng, (2, 2, 5, 3)), bool_mask), name="bool-mask"))
    out.append(Sample((uniform(rng, (2, 3, 4)), uniform(rng, (2, 5, 4)), uniform(rng, (2, 5, 3)),
                       uniform(rng, (3, 5))), name="float-mask"))
    return out


register(OpInfo("scaled_dot_product_attention", F.scaled_dot_product_attention,
                _sdpa_samples, ref=_sdpa_ref,
                torch_ref=lambda t, *a, **kw: t.nn.functional.scaled_dot_product_attention(
                    *a, **kw), atol=1e-12, rtol=1e-12))


def _seeded_sdpa(q, k, v, **kw):
    ag.manual_seed(0)  # the same dropout mask on every call
    return F.scaled_dot_product_attention(q, k, v, dropout_p=0.4, **kw)


register(OpInfo("scaled_dot_product_attention_dropout", _seeded_sdpa,
                lambda rng: [Sample((uniform(rng, (2, 3, 4)), uniform(rng, (2, 5, 4)),
                                     uniform(rng, (2, 5, 3)))),
                             Sample((uniform(rng, (3, 4)), uniform(rng, (3, 4)),
                                     uniform(rng, (3, 2))), {"is_causal": True})],
                nondeterministic=True))


# -- rms_norm ------------------------------------------------------------------------------------

RMS_CASES = [((3, 4), (4,), True), ((2, 3, 4), (3, 4), True), ((5,), 5, True),
             ((2, 3, 4), (4,), False), ((0, 4), (4,), True)]


def _rms_samples(rng):
    out = []
    for s, ns, w in RMS_CASES:
        nshape = (ns,) if isinstance(ns, int) else ns
        args = (uniform(rng, s), ns) + ((uniform(rng, nshape),) if w else ())
        out.append(Sample(args))
    out.append(Sample((uniform(rng, (2, 4)), (4,), uniform(rng, (4,))), {"eps": 0.5},
                      name="eps"))
    out.append(Sample((noncontiguous(uniform(rng, (4, 3))), (3,), uniform(rng, (3,))),
                      name="noncontig"))
    return out


def _rms_ref(x, normalized_shape, w=None, eps=None):
    k = 1 if isinstance(normalized_shape, int) else len(normalized_shape)
    eps = np.finfo(np.float64).eps if eps is None else eps
    axes = tuple(range(x.ndim - k, x.ndim))
    y = x / np.sqrt((x * x).mean(axes, keepdims=True) + eps) if x.size else x.copy()
    return y if w is None else y * w


def _rms_torch(t, x, normalized_shape, *w, **kw):
    ns = (normalized_shape,) if isinstance(normalized_shape, int) else normalized_shape
    return t.nn.functional.rms_norm(x, ns, *w, **kw)


register(OpInfo("rms_norm", F.rms_norm, _rms_samples, ref=_rms_ref, torch_ref=_rms_torch,
                atol=1e-12, rtol=1e-10))
