"""Registry entries: the fused dense-layer kernels (linear, bilinear) and activations."""

from __future__ import annotations

import math

import numpy as np

from nn import functional as F
from tests.opinfo import OpInfo, Sample, away_from, noncontiguous, register, uniform

_erf = np.vectorize(math.erf, otypes=[np.float64])
SHAPES = [(3, 4), (), (2, 3, 2), (0, 3)]


def _samples(make=away_from, wide=False):
    def samples(rng):
        out = [Sample((make(rng, s),)) for s in SHAPES]
        out.append(Sample((noncontiguous(make(rng, (4, 3))),), name="noncontig"))
        if wide:  # far tails, where a naive composition overflows
            out.append(Sample((np.array([-60.0, -30.0, -5.0, 5.0, 30.0, 60.0]),), name="tails"))
        return out

    return samples


def _activation(name, fn, ref, tref, make=away_from, wide=False, **kw):
    register(OpInfo(name, fn, _samples(make, wide), ref=ref, torch_ref=tref, **kw))


def _softplus_ref(x, beta=1.0, threshold=20.0):
    bx = beta * x
    return np.where(bx > threshold, x, np.logaddexp(0.0, bx) / beta)


def _sigmoid_ref(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


_activation("leaky_relu", F.leaky_relu, lambda x: np.where(x > 0, x, 0.01 * x),
            lambda t, x: t.nn.functional.leaky_relu(x))
_activation("leaky_relu_slope", lambda x: F.leaky_relu(x, 0.2),
            lambda x: np.where(x > 0, x, 0.2 * x),
            lambda t, x: t.nn.functional.leaky_relu(x, 0.2))
_activation("elu", F.elu, lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
            lambda t, x: t.nn.functional.elu(x), wide=True)
_activation("elu_alpha", lambda x: F.elu(x, 0.5),
            lambda x: np.where(x > 0, x, 0.5 * np.expm1(np.minimum(x, 0))),
            lambda t, x: t.nn.functional.elu(x, 0.5))
_activation("gelu", F.gelu, lambda x: 0.5 * x * (1 + _erf(x / math.sqrt(2))),
            lambda t, x: t.nn.functional.gelu(x), make=uniform, wide=True)
_activation("gelu_tanh", lambda x: F.gelu(x, approximate="tanh"),
            lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))),
            lambda t, x: t.nn.functional.gelu(x, approximate="tanh"), make=uniform, wide=True)
_activation("silu", F.silu, lambda x: x * _sigmoid_ref(x), lambda t, x: t.nn.functional.silu(x),
            make=uniform, wide=True)
_activation("softplus", F.softplus, _softplus_ref, lambda t, x: t.nn.functional.softplus(x),
            make=uniform, wide=True)
_activation("softplus_beta_threshold", lambda x: F.softplus(x, 2.0, 1.0),
            lambda x: _softplus_ref(x, 2.0, 1.0),
            lambda t, x: t.nn.functional.softplus(x, 2.0, 1.0),
            make=lambda rng, s: away_from(rng, s, (0.5,)))


# -- linear and bilinear ----------------------------------------------------------------------

# (input shape, weight shape, with bias)
LINEAR_CASES = [((5, 4), (3, 4), True), ((5, 4), (3, 4), False), ((4,), (3, 4), True),
                ((2, 3, 4), (3, 4), True), ((2, 1, 3, 4), (2, 4), False), ((0, 4), (3, 4), True),
                ((5, 0), (3, 0), True)]


def _linear_samples(rng):
    out = []
    for xs, ws, bias in LINEAR_CASES:
        args = (uniform(rng, xs), uniform(rng, ws)) + ((uniform(rng, ws[:1]),) if bias else ())
        out.append(Sample(args))
    out.append(Sample((noncontiguous(uniform(rng, (5, 4))), uniform(rng, (4, 3)).T,
                       uniform(rng, (3,))), name="noncontig"))
    out.append(Sample((uniform(rng, (3, 5, 4)).transpose(1, 0, 2), uniform(rng, (3, 4)),
                       uniform(rng, (3,))), name="noncontig-batch"))
    return out


def _linear_ref(x, w, b=None):
    y = x @ w.T
    return y if b is None else y + b


register(OpInfo("nn_linear", F.linear, _linear_samples, ref=_linear_ref,
                torch_ref=lambda t, *a: t.nn.functional.linear(*a)))


def _bilinear_samples(rng):
    return [
        Sample((uniform(rng, (5, 2)), uniform(rng, (5, 3)), uniform(rng, (4, 2, 3)),
                uniform(rng, (4,)))),
        Sample((uniform(rng, (5, 2)), uniform(rng, (5, 3)), uniform(rng, (4, 2, 3)))),
        Sample((uniform(rng, (2, 3, 2)), uniform(rng, (2, 3, 3)), uniform(rng, (1, 2, 3)),
                uniform(rng, (1,)))),
        Sample((uniform(rng, (0, 2)), uniform(rng, (0, 3)), uniform(rng, (4, 2, 3)),
                uniform(rng, (4,)))),
    ]


def _bilinear_ref(x1, x2, w, b=None):
    y = np.einsum("...i,kij,...j->...k", x1, w, x2)
    return y if b is None else y + b


register(OpInfo("nn_bilinear", F.bilinear, _bilinear_samples, ref=_bilinear_ref,
                torch_ref=lambda t, *a: t.nn.functional.bilinear(*a)))
