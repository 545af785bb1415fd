"""Registry entries: take, put, index_copy, index_fill, masked_scatter, scatter_reduce (and
the in-place forms put_, index_copy_, index_fill_, masked_scatter_, scatter_reduce_).

The NumPy references write one element at a time from the definitions. Writes that overwrite
use distinct positions, so the gradient is defined; scatter_reduce's ties are drawn on
purpose (integer-valued floats) in its own entry, whose gradient is compared with PyTorch's.
"""

from __future__ import annotations

import numpy as np

import autograd as ag
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform
from tests.opinfo.indexing import _permuted_index


def _take_samples(rng):
    return [Sample((uniform(rng, (3, 4)), np.array([[0, 11], [-1, 5]]))),
            Sample((noncontiguous(uniform(rng, (4, 3))), np.array([2, 2, 7]))),
            Sample((uniform(rng, ()), np.array(0))),
            Sample((uniform(rng, (2, 3)), np.zeros((0,), np.int64)))]


register(OpInfo("take", ag.take, _take_samples, ref=lambda x, i: np.ravel(x)[i],
                torch_ref=lambda t, x, i: t.take(x, i)))


def _put_ref(x, index, source, accumulate=False):
    out = x.copy().reshape(-1)
    for i, v in zip(index.reshape(-1), source.reshape(-1)):
        out[i] = out[i] + v if accumulate else v
    return out.reshape(x.shape)


def _put_samples(rng):
    return [Sample((uniform(rng, (3, 4)), np.array([0, 5, -1]), uniform(rng, (3,)))),
            Sample((uniform(rng, (3, 4)), np.array([[1, 1], [2, 1]]), uniform(rng, (2, 2))),
                   {"accumulate": True}),
            Sample((noncontiguous(uniform(rng, (4, 3))), np.array([4, 0]), uniform(rng, (2,))))]


register(OpInfo("put", ag.put, _put_samples, ref=_put_ref,
                torch_ref=lambda t, x, i, s, **kw: t.put(x, i, s, **kw)))
register(OpInfo("put_", lambda x, i, s, **kw: (x * 1).put_(i, s, **kw), _put_samples,
                ref=_put_ref, torch_ref=lambda t, x, i, s, **kw: (x * 1).put_(i, s, **kw)))


def _slices_ref(x, dim, index, value):
    out = np.moveaxis(x.copy(), dim, 0)
    src = np.moveaxis(value, dim, 0) if np.ndim(value) else value
    for k, i in enumerate(index.reshape(-1)):
        out[i] = src[k] if np.ndim(value) else src
    return np.moveaxis(out, 0, dim)


def _index_copy_samples(rng):
    return [Sample((uniform(rng, (3, 5)), 1, np.array([4, 0]), uniform(rng, (3, 2)))),
            Sample((uniform(rng, (4, 2, 3)), 0, np.array([2, 3, 0]), uniform(rng, (3, 2, 3)))),
            Sample((noncontiguous(uniform(rng, (4, 3))), -1, np.array([1]),
                    uniform(rng, (4, 1))))]


register(OpInfo("index_copy", ag.index_copy, _index_copy_samples, ref=_slices_ref,
                torch_ref=lambda t, x, d, i, s: t.index_copy(x, d, i, s)))
register(OpInfo("index_copy_", lambda x, d, i, s: (x * 1).index_copy_(d, i, s),
                _index_copy_samples, ref=_slices_ref,
                torch_ref=lambda t, x, d, i, s: (x * 1).index_copy_(d, i, s)))


def _index_fill_samples(rng):
    return [Sample((uniform(rng, (3, 5)), 1, np.array([4, 0]), -1.5)),
            Sample((uniform(rng, (4, 2, 3)), 0, np.array([2, 2]), uniform(rng, ()))),
            Sample((uniform(rng, ()), 0, np.array([0]), 0.25))]


def _index_fill_ref(x, dim, index, value):
    if x.ndim == 0:
        return np.asarray(value, dtype=float)
    return _slices_ref(x, dim, index, np.asarray(value).item())


register(OpInfo("index_fill", ag.index_fill, _index_fill_samples, ref=_index_fill_ref,
                torch_ref=lambda t, x, d, i, v: t.index_fill(x, d, i, v)))
register(OpInfo("index_fill_", lambda x, d, i, v: (x * 1).index_fill_(d, i, v),
                _index_fill_samples, ref=_index_fill_ref,
                torch_ref=lambda t, x, d, i, v: (x * 1).index_fill_(d, i, v)))


def _masked_scatter_ref(x, mask, source):
    out = np.broadcast_to(x, np.broadcast_shapes(x.shape, mask.shape)).copy()
    m = np.broadcast_to(mask, out.shape)
    out[m] = source.reshape(-1)[:int(m.sum())]
    return out


def _masked_scatter_samples(rng):
    return [Sample((uniform(rng, (3, 4)), rng.random((3, 4)) > 0.5, uniform(rng, (12,)))),
            Sample((uniform(rng, (3, 4)), rng.random((3, 1)) > 0.4, uniform(rng, (4, 5)))),
            Sample((uniform(rng, (4,)), rng.random((2, 4)) > 0.5, uniform(rng, (9,))),
                   name="mask-broadcasts-input"),
            Sample((uniform(rng, (2, 3)), np.zeros((2, 3), bool), uniform(rng, (0,))))]


register(OpInfo("masked_scatter", ag.masked_scatter, _masked_scatter_samples,
                ref=_masked_scatter_ref, torch_ref=lambda t, x, m, s: t.masked_scatter(x, m, s)))
register(OpInfo("masked_scatter_", lambda x, m, s: (x * 1).masked_scatter_(m, s),
                lambda rng: _masked_scatter_samples(rng)[:2], ref=_masked_scatter_ref,
                torch_ref=lambda t, x, m, s: (x * 1).masked_scatter_(m, s)))


# -- scatter_reduce ------------------------------------------------------------------------------

_REDUCE = {"sum": np.add, "prod": np.multiply, "amax": np.maximum, "amin": np.minimum}


def _scatter_reduce_ref(x, dim, index, src, reduce, include_self=True):
    out = x.copy()
    count = np.ones(x.shape) if include_self else np.zeros(x.shape)
    seen = np.zeros(x.shape, bool)
    for pos in np.ndindex(*index.shape):
        dst = list(pos)
        dst[dim] = index[pos]
        dst = tuple(dst)
        v = src[pos]
        if not include_self and not seen[dst]:
            out[dst] = v
        else:
            out[dst] = (out[dst] + v if reduce == "mean" else _REDUCE[reduce](out[dst], v))
        seen[dst] = True
        count[dst] += 1
    if reduce == "mean":
        out = np.where(count > 0, out / np.maximum(count, 1), out)
    return out


def _scatter_reduce_samples(rng):
    out = []
    for reduce in ("sum", "prod", "mean", "amax", "amin"):
        for include_self in (True, False):
            out.append(Sample((uniform(rng, (3, 4)), 0, rng.integers(0, 3, (5, 4)),
                               uniform(rng, (5, 4)), reduce), {"include_self": include_self},
                              name=reduce))
    out.append(Sample((uniform(rng, (2, 5)), 1, rng.integers(0, 5, (2, 3)),
                       uniform(rng, (2, 6)), "sum"), name="larger-src"))
    out.append(Sample((uniform(rng, (3, 4)), 0, np.zeros((0, 4), np.int64),
                       uniform(rng, (0, 4)), "prod"), name="empty"))
    return out


def _scatter_reduce_torch(t, x, d, i, s, reduce, **kw):
    if s.ndim == i.ndim and s.shape != i.shape:
        s = s[tuple(slice(0, n) for n in i.shape)]
    return t.scatter_reduce(x, d, i, s, reduce, **kw)


register(OpInfo("scatter_reduce", ag.scatter_reduce, _scatter_reduce_samples,
                ref=lambda x, d, i, s, r, **kw: _scatter_reduce_ref(
                    x, d, i, s[tuple(slice(0, n) for n in i.shape)], r, **kw),
                torch_ref=_scatter_reduce_torch))


def _scatter_reduce_zeros(rng):
    x = uniform(rng, (3, 4))
    x[0, 0] = 0.0
    src = uniform(rng, (4, 4))
    src[1, 1] = src[2, 2] = src[3, 2] = 0.0  # one zero, and two at one position
    index = np.array([[0, 1, 2, 0], [0, 1, 2, 1], [1, 1, 2, 2], [2, 0, 2, 1]])
    return [Sample((x, 0, index, src, "prod"), {"include_self": inc}) for inc in (True, False)]


# with zeros, prod's gradient is PyTorch's exclusive product; two zeros at one position make
# its second derivative undefined in PyTorch
register(OpInfo("scatter_reduce_prod_zeros", ag.scatter_reduce, _scatter_reduce_zeros,
                ref=_scatter_reduce_ref, torch_ref=_scatter_reduce_torch,
                twice_differentiable=False))


def _scatter_reduce_ties(rng):
    x = rng.integers(0, 3, (3, 4)).astype(np.float64)
    src = rng.integers(0, 3, (5, 4)).astype(np.float64)
    index = rng.integers(0, 3, (5, 4))
    return [Sample((x, 0, index, src, r), {"include_self": inc})
            for r in ("amax", "amin") for inc in (True, False)]


# ties share the gradient (PyTorch's convention); finite differences cannot see a tie
register(OpInfo("scatter_reduce_ties", ag.scatter_reduce, _scatter_reduce_ties,
                ref=_scatter_reduce_ref, torch_ref=_scatter_reduce_torch, differentiable=False,
                torch_gradient=True))
register(OpInfo("scatter_reduce_", lambda x, d, i, s, r: (x * 1).scatter_reduce_(d, i, s, r),
                lambda rng: [Sample((uniform(rng, (3, 4)), 1, _permuted_index(rng, (3, 2), 4, 1),
                                     uniform(rng, (3, 2)), "amax"))],
                ref=lambda x, d, i, s, r: _scatter_reduce_ref(x, d, i, s, r),
                torch_ref=lambda t, x, d, i, s, r: (x * 1).scatter_reduce_(d, i, s, r)))
