"""Registry entries: clamp_min/clamp_max with tensor bounds, fmax/fmin, rsub, sgn, ldexp, i0,
frexp's mantissa, mvlgamma, diff, the trapezoidal rules, cov, corrcoef, mv, dist, renorm,
vander, combinations and broadcast_tensors.

NumPy references are NumPy's own functions (np.fmax, np.frexp, np.diff, np.trapezoid,
np.cov, np.corrcoef, np.vander, np.broadcast_arrays ...), math.lgamma mapped over the
elements for mvlgamma, and the definitions written out for renorm and the cumulative rule.
"""

from __future__ import annotations

import itertools
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


def _binary_samples(scalars=()):
    def samples(rng):
        out = [Sample((uniform(rng, a), uniform(rng, b))) for a, b in BINARY_SHAPES]
        out.append(Sample((noncontiguous(uniform(rng, (4, 3))), uniform(rng, (3,))), name="nc"))
        for s in scalars:
            out.append(Sample((uniform(rng, (3, 2)), s), name="scalar"))
        return out

    return samples


# -- elementwise ------------------------------------------------------------------------------

register(OpInfo("clamp_min_tensor", ag.clamp_min, _binary_samples(scalars=(0.3,)),
                ref=np.maximum, torch_ref=lambda t, x, m: t.clamp_min(x, m)))
register(OpInfo("clamp_max", ag.clamp_max, _binary_samples(scalars=(-0.3,)),
                ref=np.minimum, torch_ref=lambda t, x, m: t.clamp_max(x, m)))
register(OpInfo("fmax", ag.fmax, _binary_samples(), ref=np.fmax,
                torch_ref=lambda t, x, y: t.fmax(x, y)))
register(OpInfo("fmin", ag.fmin, _binary_samples(), ref=np.fmin,
                torch_ref=lambda t, x, y: t.fmin(x, y)))


def _nan_samples(rng):
    # NaNs put in by masks (constant inputs), so the gradient is checked around them; never in
    # both at once (a NaN output: tests/autograd/test_math_more.py)
    mx, my = np.zeros((3, 4), dtype=bool), np.zeros((3, 4), dtype=bool)
    mx[0, 1] = mx[1, 2] = my[2, 3] = my[0, 0] = True
    return [Sample((uniform(rng, (3, 4)), uniform(rng, (3, 4)), mx, my))]


def _with_nans(fn, where):
    return lambda x, y, mx, my: fn(where(mx, np.nan, x), where(my, np.nan, y))


register(OpInfo("fmax_nan", _with_nans(ag.fmax, ag.where), _nan_samples,
                ref=_with_nans(np.fmax, np.where),
                torch_ref=lambda t, *a: _with_nans(t.fmax, t.where)(*a)))
register(OpInfo("fmin_nan", _with_nans(ag.fmin, ag.where), _nan_samples,
                ref=_with_nans(np.fmin, np.where),
                torch_ref=lambda t, *a: _with_nans(t.fmin, t.where)(*a)))


def _rsub_samples(rng):
    return [Sample((uniform(rng, (3, 4)), uniform(rng, (4,)))),
            Sample((uniform(rng, (2, 1)), uniform(rng, (3,))), {"alpha": -0.5}),
            Sample((uniform(rng, (3,)), 2.5), {"alpha": 2})]


register(OpInfo("rsub", ag.rsub, _rsub_samples, ref=lambda x, y, alpha=1: y - alpha * x,
                torch_ref=lambda t, x, y, **kw: t.rsub(x, y, **kw)))


def _unary_samples(make):
    def samples(rng):
        return [Sample((make(rng, (3, 4)),)), Sample((make(rng, ()),)),
                Sample((noncontiguous(make(rng, (4, 3))),), name="nc")]

    return samples


# PyTorch's gradient of sgn is a ZeroTensor, which its oracle cannot read: ours is checked
# to be zero by gradcheck
register(OpInfo("sgn", ag.sgn, _unary_samples(away_from), ref=np.sign,
                torch_ref=lambda t, x: t.sgn(x), torch_gradient=False))


def _ldexp_samples(rng):
    # exponents >= 0: PyTorch's gradient computes 2 ** other in the integer dtype, so a
    # negative integer exponent gets a gradient of 0 there (ours is 2 ** other)
    return [Sample((uniform(rng, (3, 4)), rng.integers(0, 4, size=(4,)))),
            Sample((uniform(rng, (2, 1)), rng.integers(0, 4, size=(3,)))),
            Sample((uniform(rng, (2, 2)), np.asarray(rng.integers(0, 4)))),
            Sample((uniform(rng, (3,)), uniform(rng, (3,))), name="float-exponent")]


register(OpInfo("ldexp", ag.ldexp, _ldexp_samples, ref=lambda x, e: x * 2.0 ** e,
                torch_ref=lambda t, x, e: t.ldexp(x, e)))


def _frexp_values(rng, s):
    # away from the powers of two and 0, where the mantissa jumps
    mantissa = rng.uniform(0.55, 0.95, size=s) * rng.choice([-1.0, 1.0], size=s)
    return np.asarray(np.ldexp(mantissa, rng.integers(-3, 4, size=s)))


register(OpInfo("frexp", ag.frexp, _unary_samples(_frexp_values),
                ref=lambda x: (np.frexp(x)[0], np.frexp(x)[1].astype(np.int32)),
                torch_ref=lambda t, x: t.frexp(x), output_index=0))


def _mvlgamma_ref(x, p):
    lgamma = np.frompyfunc(math.lgamma, 1, 1)
    total = sum(np.asarray(lgamma(x - j / 2), dtype=np.float64) for j in range(p))
    return total + p * (p - 1) / 4 * math.log(math.pi)


register(OpInfo("mvlgamma", ag.mvlgamma,
                lambda rng: [Sample((positive(rng, (3, 4), 1.2, 3.0), 3)),
                             Sample((positive(rng, (5,), 0.2, 3.0), 1)),
                             Sample((noncontiguous(positive(rng, (4, 3), 0.8, 3.0)), 2))],
                ref=_mvlgamma_ref, torch_ref=lambda t, x, p: t.mvlgamma(x, p)))


# -- differences and integrals ----------------------------------------------------------------

def _diff_samples(rng):
    return [Sample((uniform(rng, (3, 4)),)),
            Sample((uniform(rng, (4, 3)), 2, 0, uniform(rng, (1, 3)), uniform(rng, (2, 3)))),
            Sample((uniform(rng, (5,)), 3)),
            Sample((uniform(rng, (2, 3)), 0)),
            Sample((noncontiguous(uniform(rng, (4, 3))), 1, 0))]


def _diff_ref(x, n=1, dim=-1, prepend=None, append=None):
    kw = {k: v for k, v in (("prepend", prepend), ("append", append)) if v is not None}
    return np.diff(x, n, axis=dim, **kw)


register(OpInfo("diff", ag.diff, _diff_samples, ref=_diff_ref,
                torch_ref=lambda t, *a: t.diff(*a)))


def _trapezoid_samples(rng):
    return [Sample((uniform(rng, (3, 4)),)),
            Sample((uniform(rng, (3, 4)), np.cumsum(positive(rng, (4,))))),
            Sample((uniform(rng, (3, 4)), uniform(rng, (3, 4))), {"dim": 0}),
            Sample((uniform(rng, (2, 5)),), {"dx": 0.5}),
            Sample((uniform(rng, (4, 3)),), {"dim": 0}),
            Sample((noncontiguous(uniform(rng, (4, 3))),))]


def _trapezoid_ref(y, x=None, dx=None, dim=-1):
    if x is not None:
        return np.trapezoid(y, x, axis=dim)
    return np.trapezoid(y, dx=1.0 if dx is None else dx, axis=dim)


def _cumulative_ref(y, x=None, dx=None, dim=-1):
    y = np.moveaxis(y, dim, -1)
    if x is None:
        steps = 1.0 if dx is None else dx
    else:
        steps = np.diff(x if x.ndim == 1 else np.moveaxis(x, dim, -1))
    return np.moveaxis(np.cumsum(steps * (y[..., 1:] + y[..., :-1]) / 2, -1), -1, dim)


register(OpInfo("trapezoid", ag.trapezoid, _trapezoid_samples, ref=_trapezoid_ref,
                torch_ref=lambda t, *a, **kw: t.trapezoid(*a, **kw)))
register(OpInfo("trapz", ag.trapz, lambda rng: _trapezoid_samples(rng)[:4], ref=_trapezoid_ref,
                torch_ref=lambda t, *a, **kw: t.trapz(*a, **kw)))
register(OpInfo("cumulative_trapezoid", ag.cumulative_trapezoid, _trapezoid_samples,
                ref=_cumulative_ref,
                torch_ref=lambda t, *a, **kw: t.cumulative_trapezoid(*a, **kw)))


# -- statistics -------------------------------------------------------------------------------

def _cov_samples(rng):
    return [Sample((uniform(rng, (3, 5)),)),
            Sample((uniform(rng, (6,)),)),
            Sample((uniform(rng, (2, 4)),), {"correction": 0}),
            Sample((uniform(rng, (3, 4)), rng.integers(1, 4, size=(4,)))),
            Sample((uniform(rng, (2, 5)), None, positive(rng, (5,), 0.5, 2.0))),
            Sample((uniform(rng, (2, 4)), rng.integers(1, 4, size=(4,)),
                    positive(rng, (4,), 0.5, 2.0)), {"correction": 2}),
            Sample((noncontiguous(uniform(rng, (4, 3))),))]


def _cov_ref(x, fweights=None, aweights=None, correction=1):
    return np.cov(x, ddof=correction, fweights=fweights, aweights=aweights)


register(OpInfo("cov", lambda x, *w, **kw: ag.cov(x, **dict(zip(("fweights", "aweights"), w)),
                                                         **kw),
                _cov_samples, ref=_cov_ref,
                torch_ref=lambda t, x, *w, **kw: t.cov(x, **dict(zip(("fweights", "aweights"), w)),
                                                       **kw)))
register(OpInfo("corrcoef", ag.corrcoef,
                lambda rng: [Sample((uniform(rng, (3, 5)),)),
                             Sample((noncontiguous(uniform(rng, (4, 3))),))],
                ref=np.corrcoef, torch_ref=lambda t, x: t.corrcoef(x)))


# -- vectors and matrices ---------------------------------------------------------------------

register(OpInfo("mv", ag.mv,
                lambda rng: [Sample((uniform(rng, (3, 4)), uniform(rng, (4,)))),
                             Sample((noncontiguous(uniform(rng, (4, 3))), uniform(rng, (3,)))),
                             Sample((uniform(rng, (0, 2)), uniform(rng, (2,))))],
                ref=lambda a, v: a @ v, torch_ref=lambda t, a, v: t.mv(a, v)))


def _dist_samples(rng):
    out = [Sample((uniform(rng, a), uniform(rng, b))) for a, b in BINARY_SHAPES[:3]]
    out += [Sample((uniform(rng, (3, 4)), uniform(rng, (4,)), p))
            for p in (1, 3, 0.5, math.inf)]
    return out


def _dist_ref(x, y, p=2):
    d = np.abs(x - y).ravel()
    return d.max() if p == math.inf else (d ** p).sum() ** (1 / p)


register(OpInfo("dist", ag.dist, _dist_samples, ref=_dist_ref,
                torch_ref=lambda t, *a: t.dist(*a)))


def _renorm_samples(rng):
    return [Sample((uniform(rng, (4, 3)), 2, 0, 1.5)),
            Sample((uniform(rng, (3, 5)), 1, 1, 2.0)),
            Sample((uniform(rng, (2, 3, 4)), 3, -2, 1.0)),
            Sample((noncontiguous(uniform(rng, (4, 3))), math.inf, 0, 1.0))]


def _renorm_ref(x, p, dim, maxnorm):
    axes = tuple(d for d in range(x.ndim) if d != dim % x.ndim)
    a = np.abs(x)
    norm = a.max(axis=axes, keepdims=True) if p == math.inf else (
        (a ** p).sum(axis=axes, keepdims=True) ** (1 / p))
    return x * np.where(norm > maxnorm, maxnorm / (norm + 1e-7), 1.0)


register(OpInfo("renorm", ag.renorm, _renorm_samples, ref=_renorm_ref,
                torch_ref=lambda t, *a: t.renorm(*a)))
register(OpInfo("vander", ag.vander,
                lambda rng: [Sample((uniform(rng, (4,)),)),
                             Sample((uniform(rng, (3,)), 5, True)),
                             Sample((uniform(rng, (3,)), 1)),
                             Sample((noncontiguous(uniform(rng, (5,))), 3))],
                ref=lambda x, N=None, increasing=False: np.vander(x, N, increasing),
                # PyTorch's backward of vander fails (an in-place write it saved for backward)
                torch_ref=lambda t, *a: t.vander(*a), torch_gradient=False))


def _combinations_ref(x, r=2, with_replacement=False):
    pick = itertools.combinations_with_replacement if with_replacement else (
        itertools.combinations)
    return np.array(list(pick(x, r))).reshape(-1, r)


register(OpInfo("combinations", ag.combinations,
                lambda rng: [Sample((uniform(rng, (4,)),)),
                             Sample((uniform(rng, (3,)), 3, True)),
                             Sample((uniform(rng, (3,)), 4)),
                             Sample((noncontiguous(uniform(rng, (5,))), 1))],
                ref=_combinations_ref, torch_ref=lambda t, *a: t.combinations(*a)))
register(OpInfo("broadcast_tensors", lambda *ts: ag.stack(ag.broadcast_tensors(*ts)),
                lambda rng: [Sample((uniform(rng, a), uniform(rng, b))) for a, b in BINARY_SHAPES],
                ref=lambda *xs: np.stack(np.broadcast_arrays(*xs)),
                torch_ref=lambda t, *ts: t.stack(t.broadcast_tensors(*ts))))


# -- i0 (its derivative i1 from Cephes' expansions, both branches) ---------------------------

register(OpInfo("i0", ag.i0,
                lambda rng: [Sample((uniform(rng, (3, 4), -4.0, 4.0),)),
                             Sample((uniform(rng, (5,), 7.0, 12.0) * rng.choice([-1, 1], 5),)),
                             Sample((uniform(rng, ()),)),
                             Sample((noncontiguous(uniform(rng, (4, 3))),))],
                ref=np.i0, torch_ref=lambda t, x: t.i0(x), rtol=1e-12, atol=1e-12))
