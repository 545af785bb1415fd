"""Registry entries: the functions of ``autograd.special`` that are not defined elsewhere
(erfcx, entr, i0e, i1e, ndtr, ndtri, log_ndtr, xlog1py, gammainc, gammaincc, zeta), and
angle of real tensors.

NumPy references are the definitions written out with ``math`` mapped over the elements
(math.erfc, math.lgamma) where they are exact enough; PyTorch's ``torch.special`` is the
oracle for the rest (the incomplete gamma and zeta functions).
"""

from __future__ import annotations

import math

import numpy as np

import autograd as ag
from tests.opinfo import (
    BINARY_SHAPES,
    OpInfo,
    Sample,
    away_from,
    noncontiguous,
    positive,
    register,
    uniform,
)

_erfc = np.vectorize(math.erfc, otypes=[float])
_erf = np.vectorize(math.erf, otypes=[float])


def _unary_samples(low=-3.0, high=3.0):
    def samples(rng):
        return [Sample((uniform(rng, (3, 4), low, high),)),
                Sample((uniform(rng, (), low, high),)),
                Sample((noncontiguous(uniform(rng, (4, 3), low, high)),))]
    return samples


register(OpInfo("special.erfcx", ag.special.erfcx, _unary_samples(-2.0, 5.0),
                ref=lambda x: np.exp(x * x) * _erfc(x),
                torch_ref=lambda t, x: t.special.erfcx(x), rtol=1e-12, atol=1e-12))
register(OpInfo("special.entr", ag.special.entr, _unary_samples(0.1, 3.0),
                ref=lambda x: -x * np.log(x), torch_ref=lambda t, x: t.special.entr(x)))
register(OpInfo("special.i0e", ag.special.i0e,
                lambda rng: _unary_samples(-4.0, 4.0)(rng) + [
                    Sample((uniform(rng, (5,), 7.0, 12.0) * rng.choice([-1, 1], 5),))],
                ref=lambda x: np.i0(x) * np.exp(-np.abs(x)),
                torch_ref=lambda t, x: t.special.i0e(x), rtol=1e-12, atol=1e-12))
register(OpInfo("special.i1e", ag.special.i1e,
                lambda rng: _unary_samples(-4.0, 4.0)(rng) + [
                    Sample((uniform(rng, (5,), 7.0, 12.0) * rng.choice([-1, 1], 5),))],
                torch_ref=lambda t, x: t.special.i1e(x), rtol=1e-12, atol=1e-12))
register(OpInfo("special.i1", ag.special.i1, _unary_samples(-9.0, 9.0),
                torch_ref=lambda t, x: t.special.i1(x), rtol=1e-12, atol=1e-12))
register(OpInfo("special.ndtr", ag.special.ndtr, _unary_samples(),
                ref=lambda x: 0.5 * _erfc(-x / math.sqrt(2)),
                torch_ref=lambda t, x: t.special.ndtr(x)))
register(OpInfo("special.ndtri", ag.special.ndtri, _unary_samples(0.05, 0.95),
                torch_ref=lambda t, x: t.special.ndtri(x), rtol=1e-12, atol=1e-12))
register(OpInfo("special.log_ndtr", ag.special.log_ndtr,
                lambda rng: _unary_samples(-3.0, 3.0)(rng) + [
                    Sample((uniform(rng, (6,), -30.0, -2.0),)),
                    Sample((uniform(rng, (6,), 2.0, 8.0),))],
                ref=lambda x: np.log(0.5 * _erfc(-x / math.sqrt(2))),
                torch_ref=lambda t, x: t.special.log_ndtr(x), rtol=1e-12, atol=1e-12))
register(OpInfo("special.xlog1py", ag.special.xlog1py,
                lambda rng: [Sample((uniform(rng, a), positive(rng, b, -0.5, 2.0)))
                             for a, b in BINARY_SHAPES] + [
                    Sample((np.array([0.0, 1.5, 0.0]), np.array([0.5, 0.25, 2.0]))),
                    Sample((uniform(rng, (3,)), 2.0))],
                ref=lambda x, y: x * np.log1p(y),
                torch_ref=lambda t, x, y: t.special.xlog1py(x, y)))


# the incomplete gamma functions and zeta: differentiable in their second argument only, the
# first given as a constant (a keyword of the sample, a tensor of the other's dtype)

def _second_only(name):
    fn = getattr(ag.special, name)

    def op(x, *, first):
        return fn(x.new_tensor(first), x)

    op.__name__ = name
    return op


def _second_only_torch(name):
    return lambda t, x, *, first: getattr(t.special, name)(x.new_tensor(first), x)


def _gamma_samples(rng):
    return [Sample((positive(rng, (3, 4), 0.2, 6.0),), {"first": positive(rng, (3, 4), 0.5, 5)}),
            Sample((positive(rng, (4,), 0.2, 6.0),), {"first": positive(rng, (3, 1), 0.5, 5)}),
            Sample((positive(rng, (), 1.0, 3.0),), {"first": positive(rng, (2,), 1.0, 3.0)}),
            Sample((positive(rng, (5,), 20.0, 40.0),), {"first": positive(rng, (5,), 25, 35)})]


for _name in ("gammainc", "gammaincc"):
    register(OpInfo(f"special.{_name}", _second_only(_name), _gamma_samples,
                    torch_ref=_second_only_torch(_name), rtol=1e-8, atol=1e-9))

register(OpInfo("special.zeta", _second_only("zeta"),
                lambda rng: [Sample((positive(rng, (3, 4), 0.3, 4.0),),
                                    {"first": positive(rng, (3, 4), 1.5, 6.0)}),
                             Sample((positive(rng, (4,), 0.5, 3.0),),
                                    {"first": np.array([[2.0], [3.5]])}),
                             Sample((positive(rng, (), 1.0, 3.0),), {"first": 2.5})],
                torch_ref=_second_only_torch("zeta"), rtol=1e-12, atol=1e-12))


# angle of a real tensor: 0 or pi, gradient 0 (as PyTorch's)
register(OpInfo("angle", ag.angle,
                lambda rng: [Sample((away_from(rng, a),)) for a, _ in BINARY_SHAPES[:3]],
                ref=lambda x: np.where(np.isnan(x), x, np.angle(x)),
                torch_ref=lambda t, x: t.angle(x)))
