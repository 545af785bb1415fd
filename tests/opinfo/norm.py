"""Registry entries: batch_norm (training and eval), layer_norm, group_norm."""

from __future__ import annotations

import numpy as np

import autograd as ag
from nn import functional as F
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform


def _stats(c: int) -> tuple[np.ndarray, np.ndarray]:
    # fixed running statistics for eval mode (constants: no gradient flows into them)
    return np.linspace(-0.5, 0.5, c), np.linspace(0.5, 2.0, c)


def _affine(y: np.ndarray, w, b, shape: tuple) -> np.ndarray:
    if w is not None:
        y = y * w.reshape(shape)
    if b is not None:
        y = y + b.reshape(shape)
    return y


def _bshape(x: np.ndarray) -> tuple:
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)


# -- batch_norm ----------------------------------------------------------------------------------

BN_SHAPES = [(4, 3), (3, 2, 5), (2, 3, 3, 2), (1, 2, 4)]


def _bn_samples(rng):
    out = []
    for s in BN_SHAPES:
        c = s[1]
        out.append(Sample((uniform(rng, s), uniform(rng, (c,)), uniform(rng, (c,)))))
    out.append(Sample((uniform(rng, (3, 2, 4)),), name="no-affine"))
    out.append(Sample((noncontiguous(uniform(rng, (5, 3))), uniform(rng, (3,)),
                       uniform(rng, (3,))), name="noncontig"))
    return out


def _bn_train(x, w=None, b=None):
    c = x.shape[1]
    # fresh running buffers on every call, so repeated calls give the same result
    rm = ag.tensor(np.zeros(c), dtype=x.dtype, device=x.device)
    rv = ag.tensor(np.ones(c), dtype=x.dtype, device=x.device)
    return F.batch_norm(x, rm, rv, w, b, training=True)


def _bn_train_ref(x, w=None, b=None):
    axes = (0,) + tuple(range(2, x.ndim))
    y = (x - x.mean(axes, keepdims=True)) / np.sqrt(x.var(axes, keepdims=True) + 1e-5)
    return _affine(y, w, b, _bshape(x))


def _bn_train_torch(t, x, w=None, b=None):
    c = x.shape[1]
    return t.nn.functional.batch_norm(x, t.zeros(c, dtype=x.dtype), t.ones(c, dtype=x.dtype),
                                      w, b, training=True)


def _bn_eval(x, w=None, b=None):
    rm, rv = _stats(x.shape[1])
    return F.batch_norm(x, ag.tensor(rm, dtype=x.dtype, device=x.device),
                        ag.tensor(rv, dtype=x.dtype, device=x.device), w, b)


def _bn_eval_ref(x, w=None, b=None):
    rm, rv = _stats(x.shape[1])
    shape = _bshape(x)
    return _affine((x - rm.reshape(shape)) / np.sqrt(rv.reshape(shape) + 1e-5), w, b, shape)


def _bn_eval_torch(t, x, w=None, b=None):
    rm, rv = _stats(x.shape[1])
    return t.nn.functional.batch_norm(x, t.tensor(rm, dtype=x.dtype), t.tensor(rv, dtype=x.dtype),
                                      w, b)


register(OpInfo("batch_norm_train", _bn_train, _bn_samples, ref=_bn_train_ref,
                torch_ref=_bn_train_torch, atol=1e-6, rtol=1e-6))
register(OpInfo("batch_norm_eval", _bn_eval, _bn_samples, ref=_bn_eval_ref,
                torch_ref=_bn_eval_torch))


# -- layer_norm ----------------------------------------------------------------------------------

# (input shape, normalized_shape, weight, bias)
LN_CASES = [((3, 4), (4,), True, True), ((2, 3, 4), (3, 4), True, True), ((5,), 5, True, True),
            ((2, 3, 4), (4,), False, False), ((2, 3, 4), (4,), True, False),
            ((0, 4), (4,), True, True)]


def _ln_samples(rng):
    out = []
    for s, ns, w, b in LN_CASES:
        nshape = (ns,) if isinstance(ns, int) else ns
        args = [uniform(rng, s), ns]
        if w:
            args.append(uniform(rng, nshape))
        if b:
            args.append(uniform(rng, nshape))
        out.append(Sample(tuple(args)))
    out.append(Sample((noncontiguous(uniform(rng, (4, 3))), (3,), uniform(rng, (3,)),
                       uniform(rng, (3,))), name="noncontig"))
    return out


def _ln_ref(x, normalized_shape, w=None, b=None):
    k = 1 if isinstance(normalized_shape, int) else len(normalized_shape)
    axes = tuple(range(x.ndim - k, x.ndim))
    if x.size == 0:
        return x.copy()
    y = (x - x.mean(axes, keepdims=True)) / np.sqrt(x.var(axes, keepdims=True) + 1e-5)
    return _affine(y, w, b, x.shape[x.ndim - k:])


def _ln_torch(t, x, normalized_shape, *wb):
    ns = (normalized_shape,) if isinstance(normalized_shape, int) else normalized_shape
    return t.nn.functional.layer_norm(x, ns, *wb)


register(OpInfo("layer_norm", F.layer_norm, _ln_samples, ref=_ln_ref, torch_ref=_ln_torch,
                atol=1e-6, rtol=1e-6))


# -- group_norm ----------------------------------------------------------------------------------

# (input shape, num_groups, affine)
GN_CASES = [((2, 6, 3), 3, True), ((2, 4, 2, 3), 2, True), ((3, 4), 2, False),
            ((1, 6, 2), 1, True), ((2, 4, 3), 4, True)]


def _gn_samples(rng):
    out = []
    for s, g, affine in GN_CASES:
        args = (uniform(rng, s), g)
        if affine:
            args += (uniform(rng, (s[1],)), uniform(rng, (s[1],)))
        out.append(Sample(args))
    out.append(Sample((noncontiguous(uniform(rng, (3, 4))), 2, uniform(rng, (4,)),
                       uniform(rng, (4,))), name="noncontig"))
    return out


def _gn_ref(x, num_groups, w=None, b=None):
    n = x.shape[0]
    xg = x.reshape(n, num_groups, -1)
    y = (xg - xg.mean(2, keepdims=True)) / np.sqrt(xg.var(2, keepdims=True) + 1e-5)
    return _affine(y.reshape(x.shape), w, b, _bshape(x))


register(OpInfo("group_norm", F.group_norm, _gn_samples, ref=_gn_ref,
                torch_ref=lambda t, *a: t.nn.functional.group_norm(*a), atol=1e-6, rtol=1e-6))
