"""Registry entries: the elementwise math of the tables (sinh ... heaviside), the compositions
(float_power, addcmul, addcdiv) and the predicates (signbit, isclose).

NumPy references are NumPy's own functions, or the standard library's (math.erfc, lgamma)
mapped over the elements; erfinv's is a bisection on math.erf. digamma and polygamma have no
NumPy reference: PyTorch's, and the identities in tests/backends/test_special_more.py.
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
from tests.opinfo.elementwise import _unary_samples


def _mapped(fn):
    """A NumPy reference from a scalar function of the standard library."""
    vec = np.frompyfunc(fn, 1, 1)
    return lambda x: np.asarray(vec(x), dtype=np.float64)


def _erfinv_ref(y):
    """erfinv by bisection on math.erf (the definition)."""
    erf = np.frompyfunc(math.erf, 1, 1)
    lo, hi = np.full(np.shape(y), -7.0), np.full(np.shape(y), 7.0)
    for _ in range(80):
        mid = (lo + hi) / 2
        below = np.asarray(erf(mid), dtype=np.float64) < y
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return (lo + hi) / 2


def _between(low, high):
    return lambda rng, s: uniform(rng, s, low, high)


def _off_integers(rng, s, low=-3.0, high=3.0):
    """Values at least 0.1 from every integer (and every half, for rounding)."""
    x = uniform(rng, s, low, high)
    frac = x - np.floor(x)
    return np.asarray(np.floor(x) + np.clip(frac, 0.1, 0.9)
                      + np.where(np.abs(frac - 0.5) < 0.1, 0.15, 0.0))


def _unary(name, fn, ref, tref, make=uniform, **kw):
    register(OpInfo(name, fn, _unary_samples(make), ref=ref, torch_ref=tref, **kw))


def _torch(name):
    return lambda t, x: getattr(t, name)(x)


# -- unary -----------------------------------------------------------------------------------

_unary("sinh", ag.sinh, np.sinh, _torch("sinh"))
_unary("cosh", ag.cosh, np.cosh, _torch("cosh"))
_unary("asin", ag.asin, np.arcsin, _torch("asin"), make=_between(-0.9, 0.9))
_unary("acos", ag.acos, np.arccos, _torch("acos"), make=_between(-0.9, 0.9))
_unary("atan", ag.atan, np.arctan, _torch("atan"))
_unary("asinh", ag.asinh, np.arcsinh, _torch("asinh"))
_unary("acosh", ag.acosh, np.arccosh, _torch("acosh"), make=_between(1.2, 3.0))
_unary("atanh", ag.atanh, np.arctanh, _torch("atanh"), make=_between(-0.9, 0.9))
_unary("log2", ag.log2, np.log2, _torch("log2"), make=positive)
_unary("log10", ag.log10, np.log10, _torch("log10"), make=positive)
_unary("exp2", ag.exp2, np.exp2, _torch("exp2"))
_unary("erfc", ag.erfc, _mapped(math.erfc), _torch("erfc"))
_unary("erfinv", ag.erfinv, _erfinv_ref, _torch("erfinv"), make=_between(-0.9, 0.9))
_unary("lgamma", ag.lgamma, _mapped(math.lgamma), _torch("lgamma"), make=_between(0.2, 4.0))
_unary("lgamma_negative", ag.lgamma, _mapped(math.lgamma), _torch("lgamma"),
       make=lambda rng, s: _off_integers(rng, s, -4.0, -0.2))
_unary("digamma", ag.digamma, None, _torch("digamma"), make=_between(0.3, 4.0))
_unary("digamma_negative", ag.digamma, None, _torch("digamma"),
       make=lambda rng, s: _off_integers(rng, s, -3.0, -0.2))
# PyTorch's trigamma is accurate to about 1e-9 only
_unary("polygamma_1", lambda x: ag.polygamma(1, x), None, lambda t, x: t.polygamma(1, x),
       make=_between(0.3, 4.0), atol=1e-8, rtol=1e-8)
_unary("polygamma_3", lambda x: ag.polygamma(3, x), None, lambda t, x: t.polygamma(3, x),
       make=_between(0.5, 4.0), atol=1e-9, rtol=1e-9)
_unary("sinc", ag.sinc, np.sinc, _torch("sinc"))
# rounding: piecewise constant (or, for frac, linear) between the jumps the samples avoid
_unary("frac", ag.frac, lambda x: x - np.trunc(x), _torch("frac"), make=_off_integers)
_unary("ceil", ag.ceil, np.ceil, _torch("ceil"), make=_off_integers)
_unary("round", ag.round, np.round, _torch("round"), make=_off_integers)
register(OpInfo("round_decimals", lambda x, d: ag.round(x, decimals=d),
                lambda rng: [Sample((_off_integers(rng, (3, 4), -30, 30) / 10, 1)),
                             Sample((_off_integers(rng, (5,), -3, 3) * 10, -1))],
                ref=lambda x, d: np.round(x, d),
                torch_ref=lambda t, x, d: t.round(x, decimals=d)))
_unary("deg2rad", ag.deg2rad, np.deg2rad, _torch("deg2rad"))
_unary("rad2deg", ag.rad2deg, np.rad2deg, _torch("rad2deg"))
_unary("logit", ag.logit, lambda x: np.log(x / (1 - x)), _torch("logit"),
       make=_between(0.05, 0.95))
# with eps the input is clamped to [eps, 1 - eps]: the samples stay off those two kinks
register(OpInfo("logit_eps", lambda x: ag.logit(x, eps=0.2),
                _unary_samples(lambda rng, s: away_from(rng, s, (0.2, 0.8), 0.05, -0.5, 1.5)),
                ref=lambda x: np.log(np.clip(x, 0.2, 0.8) / (1 - np.clip(x, 0.2, 0.8))),
                torch_ref=lambda t, x: t.logit(x, eps=0.2)))


def _nan_to_num_samples(rng):
    x = uniform(rng, (3, 4))
    x[0, 0], x[1, 1], x[2, 2] = np.nan, np.inf, -np.inf
    return [Sample((x,), {"nan": 0.5, "posinf": 9.0, "neginf": -9.0}),
            Sample((uniform(rng, (2, 3)),), {"nan": 1.0, "posinf": 2.0, "neginf": -2.0}),
            Sample((noncontiguous(x),), {"nan": -1.0, "posinf": 3.0, "neginf": -3.0})]


register(OpInfo("nan_to_num", ag.nan_to_num, _nan_to_num_samples, ref=np.nan_to_num,
                torch_ref=lambda t, x, **kw: t.nan_to_num(x, **kw)))


# -- binary ----------------------------------------------------------------------------------


def _binary_samples(make_a=uniform, make_b=uniform, scalars=(2.5,)):
    def samples(rng):
        out = [Sample((make_a(rng, a), make_b(rng, b))) for a, b in BINARY_SHAPES]
        out.append(Sample((noncontiguous(make_a(rng, (4, 3))), make_b(rng, (3,))), name="nc"))
        out.append(Sample((make_a(rng, (0, 3)), make_b(rng, (3,))), name="empty"))
        for s in scalars:
            out.append(Sample((make_a(rng, (3, 2)), s), name="scalar-rhs"))
            out.append(Sample((s, make_b(rng, (3, 2))), name="scalar-lhs"))
        return out

    return samples


def _binary(name, fn, ref, tref, make_a=uniform, make_b=uniform, scalars=(2.5,), **kw):
    register(OpInfo(name, fn, _binary_samples(make_a, make_b, scalars), ref=ref,
                    torch_ref=tref, **kw))


def _torch2(name):
    """PyTorch's op; a Python number becomes a 0-d tensor where PyTorch wants a Tensor."""
    def ref(t, x, y):
        x, y = (v if isinstance(v, t.Tensor) else t.tensor(v, dtype=t.float64) for v in (x, y))
        return getattr(t, name)(x, y)

    return ref


_binary("atan2", ag.atan2, np.arctan2, _torch2("atan2"), make_a=away_from)
_binary("hypot", ag.hypot, np.hypot, _torch2("hypot"), make_a=away_from, scalars=())
_binary("logaddexp", ag.logaddexp, np.logaddexp, _torch2("logaddexp"), scalars=())
_binary("logaddexp2", ag.logaddexp2, np.logaddexp2, _torch2("logaddexp2"), scalars=())
_binary("xlogy", ag.xlogy, lambda x, y: x * np.log(y), _torch2("xlogy"), make_b=positive,
        scalars=(1.5,))
# the sign of y jumps at 0, which the samples avoid; d/dy is 0
_binary("copysign", ag.copysign, np.copysign, _torch2("copysign"), make_a=away_from,
        make_b=away_from, scalars=(-1.5,))
# x / y stays inside (-1, 1): trunc(x / y) is 0, no jump
_binary("fmod", ag.fmod, np.fmod, _torch2("fmod"), make_a=_between(-0.9, 0.9),
        make_b=_between(1.0, 1.5), scalars=())


def _in_input_dtype(fn):
    """float_power's result is always float64; cast back so float32 runs compare values."""
    def op(x, y):
        return fn(x, y).to((x if hasattr(x, "dtype") else y).dtype)

    return op


_binary("float_power", _in_input_dtype(ag.float_power), np.power,
        lambda t, x, y: _in_input_dtype(t.float_power)(x, y), make_a=positive,
        make_b=_between(-1.5, 1.5), scalars=(2,))


def _xlogy_zeros(rng):
    x = uniform(rng, (3, 4))
    x[0] = 0.0
    return [Sample((x, positive(rng, (3, 4))))]


register(OpInfo("xlogy_zero_x", ag.xlogy, _xlogy_zeros, ref=lambda x, y: np.where(
    x == 0, 0.0, x * np.log(y)), torch_ref=_torch2("xlogy")))


def _heaviside_samples(rng):
    x = uniform(rng, (3, 4))
    x[0, :2] = 0.0
    return [Sample((x, uniform(rng, (4,)))), Sample((x, uniform(rng, ())))]


# PyTorch defines no derivative (backward raises, tested apart): compared on constants
register(OpInfo("heaviside", lambda x, v: ag.heaviside(x.detach(), v.detach()),
                _heaviside_samples, ref=np.heaviside,
                torch_ref=lambda t, x, v: t.heaviside(x.detach(), v.detach()),
                differentiable=False))


def _addc_samples(rng):
    return [Sample((uniform(rng, (3, 4)), uniform(rng, (4,)), away_from(rng, (3, 1)))),
            Sample((uniform(rng, ()), uniform(rng, (2, 3)), away_from(rng, (2, 3))),
                   {"value": -0.5}),
            Sample((uniform(rng, (0, 2)), uniform(rng, (2,)), away_from(rng, (2,))),
                   {"value": 2})]


register(OpInfo("addcmul", ag.addcmul, _addc_samples,
                ref=lambda a, b, c, value=1: a + value * b * c,
                torch_ref=lambda t, a, b, c, **kw: t.addcmul(a, b, c, **kw)))
register(OpInfo("addcdiv", ag.addcdiv, _addc_samples,
                ref=lambda a, b, c, value=1: a + value * b / c,
                torch_ref=lambda t, a, b, c, **kw: t.addcdiv(a, b, c, **kw)))


# -- predicates ------------------------------------------------------------------------------


def _signbit_samples(rng):
    x = uniform(rng, (3, 4))
    x[0, 0], x[0, 1] = 0.0, -0.0
    return [Sample((x,)), Sample((uniform(rng, ()),)), Sample((np.zeros((0, 2)),))]


register(OpInfo("signbit", ag.signbit, _signbit_samples, ref=np.signbit,
                torch_ref=lambda t, x: t.signbit(x), differentiable=False))


def _isclose_samples(rng):
    x = uniform(rng, (3, 4))
    y = x + np.where(rng.random((3, 4)) > 0.5, 1e-9, 1e-3)
    x[0, 0], y[0, 0] = np.nan, np.nan
    x[1, 0] = y[1, 0] = np.inf
    return [Sample((x, y)), Sample((x, y), {"equal_nan": True}),
            Sample((x, y[0]), {"rtol": 1e-2, "atol": 0.0})]


register(OpInfo("isclose", ag.isclose, _isclose_samples, ref=np.isclose,
                torch_ref=lambda t, x, y, **kw: t.isclose(x, y, **kw), differentiable=False))


# -- in-place forms on a non-leaf --------------------------------------------------------------

register(OpInfo("sinh_", lambda x: (x * 1).sinh_(), _unary_samples(), ref=np.sinh,
                torch_ref=lambda t, x: (x * 1).sinh_()))
register(OpInfo("atan2_", lambda x, y: (x * 1).atan2_(y),
                lambda rng: [Sample((away_from(rng, (3, 4)), uniform(rng, (4,))))],
                ref=np.arctan2, torch_ref=lambda t, x, y: (x * 1).atan2_(y)))
register(OpInfo("addcmul_", lambda a, b, c: (a * 1).addcmul_(b, c, value=0.5),
                lambda rng: [Sample((uniform(rng, (3, 4)), uniform(rng, (4,)),
                                     uniform(rng, (3, 1))))],
                ref=lambda a, b, c: a + 0.5 * b * c,
                torch_ref=lambda t, a, b, c: (a * 1).addcmul_(b, c, value=0.5)))
register(OpInfo("nan_to_num_", lambda x: (x * 1).nan_to_num_(0.0, 5.0, -5.0),
                lambda rng: [Sample(_nan_to_num_samples(rng)[0].args)],
                ref=lambda x: np.nan_to_num(
                    x, nan=0.0, posinf=5.0, neginf=-5.0),
                torch_ref=lambda t, x: (x * 1).nan_to_num_(0.0, 5.0, -5.0)))
