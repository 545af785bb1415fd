"""Registry entries: reduction ops.

One entry per op and mode: full reduction (dim None, 0-d and empty inputs), one dim (negative
too), a tuple of dims, keepdim. The NumPy references below are written from the definitions,
not from the implementation.
"""

from __future__ import annotations

import math

import numpy as np

import autograd as ag
from tests.opinfo import OpInfo, Sample, away_from, noncontiguous, positive, register, uniform


def _ax(x, dim):
    """NumPy's axis for a PyTorch dim (a 0-d array has no axis 0; () means all)."""
    if np.ndim(x) == 0 or dim is None or dim == ():
        return None
    return dim


FULL = [((3, 4), {}), ((), {}), ((0, 3), {}), ("noncontig", {})]
DIM = [((3, 4), {"dim": 1}), ((2, 3, 4), {"dim": -2}), ((5,), {"dim": 0}), ((), {"dim": -1}),
       ((0, 3), {"dim": 1})]
DIMS = [((2, 3, 4), {"dim": (0, 2)}), ((2, 3, 4), {"dim": (-1, 0)}), ((3, 4), {"dim": (0, 1)})]
KEEPDIM = [((3, 4), {"dim": 0, "keepdim": True}), ((2, 3, 4), {"dim": (1, 2), "keepdim": True}),
           ((2, 3, 4), {"dim": -1, "keepdim": False})]
MODES = {"": FULL, "_dim": DIM, "_dims": DIMS, "_keepdim": KEEPDIM}


def _samples(cases, make):
    def samples(rng):
        out = []
        for shape, kw in cases:
            if shape == "noncontig":
                out.append(Sample((noncontiguous(make(rng, (4, 3))),), dict(kw), "noncontig"))
            else:
                out.append(Sample((make(rng, shape),), dict(kw)))
        return out

    return samples


def _reduction(name, op, ref, tref, make=uniform, modes=MODES, **kw):
    for suffix, cases in modes.items():
        register(OpInfo(name + suffix, op, _samples(cases, make), ref=ref, torch_ref=tref, **kw))


def _without_empty(modes):
    return {k: [c for c in v if c[0] == "noncontig" or 0 not in c[0]] for k, v in modes.items()}


# -- sum, mean, prod -----------------------------------------------------------------------------

_reduction("sum", ag.sum, lambda x, dim=None, keepdim=False: np.sum(x, _ax(x, dim),
                                                                     keepdims=keepdim),
           lambda t, x, **kw: t.sum(x, **kw))
register(OpInfo("sum_empty_dims", ag.sum, _samples([((3, 4), {"dim": ()})], uniform),
                ref=lambda x, dim: np.full((), x.sum()), torch_ref=lambda t, x, dim: t.sum(x, dim)))
_reduction("mean", ag.mean, lambda x, dim=None, keepdim=False: np.mean(x, _ax(x, dim),
                                                                       keepdims=keepdim),
           lambda t, x, **kw: t.mean(x, **kw), modes=_without_empty(MODES))


def _np_prod(x, dim=None, keepdim=False):
    return np.multiply.reduce(x, axis=_ax(x, dim), keepdims=keepdim)


def _away_from_zero(rng, shape):
    return away_from(rng, shape, (0.0,), gap=0.3)


_LEFT_OUT = object()


def _torch_prod(t, x, dim=_LEFT_OUT, keepdim=False):
    if dim is _LEFT_OUT:
        return t.prod(x)
    if not isinstance(dim, (tuple, list)):
        return t.prod(x, dim, keepdim)  # PyTorch's own answer to a bad dim (None, a float)
    # torch takes one dim at a time: the last first (a negative one counted from the end; a dim
    # out of range, 0-d input included, left to PyTorch's IndexError)
    wrapped = [d + x.ndim if d < 0 else d for d in dim]
    if len({d % max(x.ndim, 1) for d in wrapped}) != len(wrapped):
        return t.sum(x, tuple(dim))  # PyTorch's error for a dim given twice (prod has none)
    for d in sorted(wrapped, reverse=True):
        x = t.prod(x, d, keepdim)
    return x


_reduction("prod", ag.prod, _np_prod, _torch_prod, make=_away_from_zero)


def _with_zeros(rng):
    """Lines with no, one, two and three zeros (the cases of prod's backward)."""
    x = _away_from_zero(rng, (4, 5))
    x[1, 2] = 0.0
    x[2, [0, 3]] = 0.0
    x[3, [1, 2, 4]] = 0.0
    return [Sample((x,), {"dim": 1}), Sample((x,), {}), Sample((x[:2],), {})]


register(OpInfo("prod_zeros", ag.prod, _with_zeros, ref=_np_prod,
                torch_ref=_torch_prod))


# -- var, std ------------------------------------------------------------------------------------


def _np_var(x, dim=None, unbiased=None, keepdim=False, correction=None):
    if correction is None:
        correction = 0 if unbiased is False else 1
    axis = _ax(x, dim)
    m = np.mean(x, axis=axis, keepdims=True)
    ss = np.sum((x - m) ** 2, axis=axis, keepdims=keepdim)
    return ss / (x.size / ss.size - correction)


VAR_MODES = {k: [c for c in v if c[0] != ()] for k, v in _without_empty(MODES).items()} | {
    "_correction": [((3, 4), {"dim": 1, "correction": 0}), ((3, 4), {"correction": 2}),
                    ((2, 3, 4), {"dim": (0, 2), "unbiased": False})],
}
_reduction("var", ag.var, _np_var, lambda t, x, **kw: t.var(x, **kw), modes=VAR_MODES)
_reduction("std", ag.std, lambda x, **kw: np.sqrt(_np_var(x, **kw)),
           lambda t, x, **kw: t.std(x, **kw), modes=VAR_MODES)
register(OpInfo("var_mean", ag.var_mean, _samples(DIMS + KEEPDIM, uniform),
                ref=lambda x, **kw: _np_var(x, **kw),
                torch_ref=lambda t, x, **kw: t.var_mean(x, **kw), output_index=0))
register(OpInfo("std_mean", ag.std_mean, _samples(DIMS + KEEPDIM, uniform),
                ref=lambda x, **kw: np.mean(x, _ax(x, kw.get("dim")),
                                            keepdims=kw.get("keepdim", False)),
                torch_ref=lambda t, x, **kw: t.std_mean(x, **kw), output_index=1))


# -- max, min, amax, amin, argmax, argmin --------------------------------------------------------


def _ties(rng, shape, kept=0):
    """Exactly two-way ties at the maximum and the minimum of every reduced slice (the first
    ``kept`` dims are not reduced). Finite differences agree with an even split only for
    two-way ties."""
    x = uniform(rng, shape, -1.0, 1.0)
    rows = x.reshape(int(np.prod(shape[:kept])), -1)
    rows[:, 0] = rows[:, 2] = 2.0
    rows[:, 1] = rows[:, 3] = -2.0
    return x


def _tie_samples(cases):
    def samples(rng):
        return [Sample((_ties(rng, shape, kept),), dict(kw)) for shape, kept, kw in cases]

    return samples


# The gradient of an extremum is piecewise constant and jumps where a tie is broken, so finite
# differences of it (gradgradcheck) are meaningless at a tie.
TIE_REASON = dict(twice_differentiable=False)
FULL_NONEMPTY = [c for c in FULL if c[0] == "noncontig" or 0 not in c[0]]
TIES = [((3, 5), 0, {}), ((2, 3, 4), 2, {"dim": -1}),
        ((2, 3, 4), 1, {"dim": (1, 2), "keepdim": True})]

for name, op, npf in (("amax", ag.amax, np.max), ("amin", ag.amin, np.min)):
    modes = {"": FULL_NONEMPTY + [((3, 4), {"dim": ()})], "_dim": DIM, "_dims": DIMS,
             "_keepdim": KEEPDIM}
    _reduction(name, op, lambda x, dim=(), keepdim=False, npf=npf:
               npf(x, axis=_ax(x, dim), keepdims=keepdim),
               lambda t, x, name=name, **kw: getattr(t, name)(x, **kw), modes=modes)
    register(OpInfo(name + "_ties", op, _tie_samples(TIES),
                    ref=lambda x, dim=(), keepdim=False, npf=npf:
                    npf(x, axis=_ax(x, dim), keepdims=keepdim),
                    torch_ref=lambda t, x, name=name, **kw: getattr(t, name)(x, **kw),
                    **TIE_REASON))

for name, op, npf, nparg in (("max", ag.max, np.max, np.argmax),
                             ("min", ag.min, np.min, np.argmin)):
    register(OpInfo(name, op, _samples(FULL_NONEMPTY, uniform), ref=npf,
                    torch_ref=lambda t, x, name=name: getattr(t, name)(x)))
    register(OpInfo(name + "_ties", op, _tie_samples([((3, 5), 0, {}), ((2, 4), 0, {})]), ref=npf,
                    torch_ref=lambda t, x, name=name: getattr(t, name)(x), **TIE_REASON))
    # values with dim: the gradient goes to the returned index only
    register(OpInfo(name + "_dim", op, _samples(DIM[:-1] + KEEPDIM[:1], uniform),
                    ref=lambda x, dim, keepdim=False, npf=npf:
                    npf(x, axis=_ax(x, dim), keepdims=keepdim),
                    torch_ref=lambda t, x, name=name, **kw: getattr(t, name)(x, **kw),
                    output_index=0))
    register(OpInfo(name + "_dim_indices", lambda x, op=op, **kw: op(x, **kw).indices,
                    _samples(DIM + KEEPDIM[:1], uniform),
                    ref=lambda x, dim, keepdim=False, nparg=nparg:
                    nparg(x, axis=_ax(x, dim), keepdims=keepdim),
                    torch_ref=lambda t, x, name=name, **kw: getattr(t, name)(x, **kw)[1],
                    differentiable=False))

ARG = [((3, 4), {}), ((3, 4), {"dim": 1}), ((2, 3, 4), {"dim": -2, "keepdim": True}),
       ((3, 4), {"keepdim": True}), ((), {}), ((), {"dim": 0}), ((0, 3), {"dim": 1})]
for name, op, nparg in (("argmax", ag.argmax, np.argmax), ("argmin", ag.argmin, np.argmin)):
    register(OpInfo(name, op, _samples(ARG, uniform),
                    ref=lambda x, dim=None, keepdim=False, nparg=nparg:
                    nparg(x, axis=_ax(x, dim), keepdims=keepdim),
                    torch_ref=lambda t, x, name=name, **kw: getattr(t, name)(x, **kw),
                    differentiable=False))


# -- logsumexp, norm -----------------------------------------------------------------------------


def _np_logsumexp(x, dim, keepdim=False):
    axis = _ax(x, dim)
    if x.size == 0:
        return np.sum(x, axis=axis, keepdims=keepdim) - np.inf
    m = np.max(x, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdim else np.squeeze(out, axis=axis)


LSE = {"_dim": DIM, "_dims": DIMS, "_keepdim": KEEPDIM}
_reduction("logsumexp", ag.logsumexp, _np_logsumexp,
           lambda t, x, **kw: t.logsumexp(x, **kw), modes=LSE)
register(OpInfo("logsumexp_large", ag.logsumexp,
                _samples([((3, 4), {"dim": 1}), ((6,), {"dim": 0})],
                         lambda rng, s: uniform(rng, s, 800.0, 1000.0)),
                ref=_np_logsumexp, torch_ref=lambda t, x, **kw: t.logsumexp(x, **kw)))


def _np_norm(x, p="fro", dim=None, keepdim=False):
    axis = _ax(x, dim)
    a = np.abs(x)
    if p == "fro" or p == 2:
        return np.sqrt(np.sum(a * a, axis=axis, keepdims=keepdim))
    if p == math.inf:
        return np.max(a, axis=axis, keepdims=keepdim)
    if p == -math.inf:
        return np.min(a, axis=axis, keepdims=keepdim)
    if p == 0:
        return np.sum(a != 0, axis=axis, keepdims=keepdim).astype(x.dtype)
    return np.sum(a ** p, axis=axis, keepdims=keepdim) ** (1 / p)


NORM = {
    "": FULL,
    "_p2_dim": [((3, 4), {"p": 2, "dim": 1}), ((2, 3, 4), {"p": 2, "dim": (0, 2),
                                                            "keepdim": True})],
    "_p1": [((3, 4), {"p": 1}), ((2, 3, 4), {"p": 1, "dim": -1})],
    "_inf": [((3, 4), {"p": math.inf}), ((2, 3, 4), {"p": math.inf, "dim": (1, 2)})],
    "_neg_inf": [((3, 4), {"p": -math.inf, "dim": 0})],
    "_p0": [((3, 4), {"p": 0}), ((2, 3, 4), {"p": 0, "dim": 1})],
    "_p3": [((3, 4), {"p": 3}), ((2, 3, 4), {"p": 3.5, "dim": -1, "keepdim": True})],
    "_p_half": [((3, 4), {"p": 0.5, "dim": 1})],
}
_reduction("norm", ag.norm, _np_norm, lambda t, x, **kw: t.norm(x, **kw), modes=NORM,
           make=lambda rng, s: away_from(rng, s, (0.0,), gap=0.2))


def _zero_rows(rng):
    x = uniform(rng, (3, 4))
    x[1] = 0.0
    return [Sample((x,), {"dim": 1}), Sample((np.zeros((2, 3)),), {}),
            Sample((x,), {"p": 3, "dim": 1})]


# Central differences at the zero vector give 0, the subgradient chosen; the gradient
# itself jumps there (a cone point), so there is no second order to check.
register(OpInfo("norm_zero_vector", ag.norm, _zero_rows, ref=_np_norm,
                torch_ref=lambda t, x, **kw: t.norm(x, **kw), twice_differentiable=False))


# -- cumsum, cumprod -----------------------------------------------------------------------------

CUM = [((3, 4), {"dim": 1}), ((2, 3, 4), {"dim": -3}), ((5,), {"dim": 0}), ((), {"dim": 0}),
       ((0, 3), {"dim": 0}), ("noncontig", {"dim": 0})]
register(OpInfo("cumsum", ag.cumsum, _samples(CUM, uniform),
                ref=lambda x, dim: np.cumsum(x, axis=dim) if x.ndim else x.copy(),
                torch_ref=lambda t, x, dim: t.cumsum(x, dim)))


def _cumprod_zeros(rng):
    x = _away_from_zero(rng, (3, 5))
    x[1, 2] = 0.0
    x[2, 0] = 0.0
    return [Sample((x,), {"dim": 1}), Sample((x,), {"dim": 0})]


register(OpInfo("cumprod", ag.cumprod, _samples(CUM, lambda rng, s: positive(rng, s, 0.5, 1.5)),
                ref=lambda x, dim: np.cumprod(x, axis=dim) if x.ndim else x.copy(),
                torch_ref=lambda t, x, dim: t.cumprod(x, dim)))
register(OpInfo("cumprod_zeros", ag.cumprod, _cumprod_zeros,
                ref=lambda x, dim: np.cumprod(x, axis=dim),
                torch_ref=lambda t, x, dim: t.cumprod(x, dim)))


# -- all, any ------------------------------------------------------------------------------------


def _bools(rng):
    x = rng.random((3, 4)) > 0.3
    x[0] = True
    return [Sample((x,), {}), Sample((x,), {"dim": 1}), Sample((x,), {"dim": (0, 1),
                                                                      "keepdim": True}),
            Sample((np.zeros((0, 3), dtype=bool),), {"dim": 0}), Sample((np.array(True),), {})]


register(OpInfo("all", ag.all, _bools, ref=lambda x, dim=None, keepdim=False:
                np.all(x, axis=_ax(x, dim), keepdims=keepdim),
                torch_ref=lambda t, x, **kw: t.all(x, **kw), differentiable=False))
register(OpInfo("any", ag.any, _bools, ref=lambda x, dim=None, keepdim=False:
                np.any(x, axis=_ax(x, dim), keepdims=keepdim),
                torch_ref=lambda t, x, **kw: t.any(x, **kw), differentiable=False))
