"""Registry entries: sorting, selection, scans, statistics and counting.

Values are drawn without ties (uniform floats) wherever a gradient is checked: a selected
value's gradient jumps where two values swap order. Ops with no derivative (counting, and
unique, whose backward raises as in PyTorch) are called on detached inputs. NumPy references
are NumPy's own sort, partition, percentile-style formulas and accumulate ufuncs.
"""

from __future__ import annotations

import numpy as np

import autograd as ag
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform


def _ax(x, dim):
    return None if np.ndim(x) == 0 else dim


def _cases(cases):
    """Samples from ``(shape | "noncontig", kwargs)``: one float input each."""
    def samples(rng):
        out = []
        for shape, kw in cases:
            if shape == "noncontig":
                out.append(Sample((noncontiguous(uniform(rng, (4, 3))),), dict(kw), "nc"))
            else:
                out.append(Sample((uniform(rng, shape),), dict(kw)))
        return out

    return samples


def _entry(name, op, cases, ref, tref, **kw):
    register(OpInfo(name, op, _cases(cases), ref=ref, torch_ref=tref, **kw))


def _method(name):
    return lambda t, x, *a, **kw: getattr(t, name)(x, *a, **kw)


# -- sort, argsort, msort, topk, kthvalue -------------------------------------------------------

SORT = [((3, 5), {"dim": 1}), ((2, 3, 4), {"dim": 0, "descending": True}), ((), {}),
        ((0, 3), {"dim": 1}), ("noncontig", {"dim": 0}), ((6,), {"descending": True})]


def _np_sort(x, dim=-1, descending=False):
    if np.ndim(x) == 0:
        return x.copy()
    return -np.sort(-x, axis=dim) if descending else np.sort(x, axis=dim)


def _np_argsort(x, dim=-1, descending=False):
    if np.ndim(x) == 0:
        return np.zeros((), np.int64)
    return np.argsort(-x if descending else x, axis=dim, kind="stable")


_entry("sort", lambda x, **kw: ag.sort(x, **kw).values, SORT, _np_sort,
       lambda t, x, **kw: t.sort(x, stable=True, **kw).values)
_entry("sort_indices", lambda x, **kw: ag.sort(x, **kw).indices, SORT, _np_argsort,
       lambda t, x, **kw: t.sort(x, stable=True, **kw).indices, differentiable=False)
_entry("argsort", ag.argsort, SORT, _np_argsort,
       lambda t, x, **kw: t.argsort(x, stable=True, **kw), differentiable=False)
_entry("msort", ag.msort, [((4, 3), {}), ((5,), {}), ("noncontig", {})],
       lambda x: np.sort(x, axis=0), _method("msort"))

TOPK = [((3, 6), {"k": 2}), ((3, 6), {"k": 3, "dim": 0, "largest": False}),
        ((2, 3, 5), {"k": 5, "dim": -1}), ((4, 5), {"k": 0}), ((), {"k": 1}),
        ("noncontig", {"k": 2, "dim": 0})]


def _np_topk(x, k, dim=-1, largest=True):
    if np.ndim(x) == 0:
        return x.copy()
    s = _np_sort(x, dim, descending=largest)
    return np.take(s, np.arange(k), axis=dim)


_entry("topk", lambda x, **kw: ag.topk(x, **kw).values, TOPK, _np_topk,
       lambda t, x, **kw: t.topk(x, **kw).values)
_entry("topk_indices", lambda x, **kw: ag.topk(x, **kw).indices, TOPK[:3],
       lambda x, k, dim=-1, largest=True: np.take(_np_argsort(x, dim, largest), np.arange(k),
                                                  axis=dim),
       lambda t, x, **kw: t.topk(x, **kw).indices, differentiable=False)

KTH = [((3, 6), {"k": 2}), ((4, 5), {"k": 4, "dim": 0, "keepdim": True}), ((), {"k": 1}),
       ((2, 3, 4), {"k": 1, "dim": 1}), ("noncontig", {"k": 3, "dim": 0})]


def _np_kth(x, k, dim=-1, keepdim=False):
    if np.ndim(x) == 0:
        return x.copy()
    v = np.take(np.sort(x, axis=dim), [k - 1], axis=dim)
    return v if keepdim else np.squeeze(v, axis=dim)


_entry("kthvalue", lambda x, **kw: ag.kthvalue(x, **kw).values, KTH, _np_kth,
       lambda t, x, **kw: t.kthvalue(x, **kw).values)
_entry("kthvalue_indices", lambda x, **kw: ag.kthvalue(x, **kw).indices, KTH[:2] + KTH[3:],
       lambda x, k, dim=-1, keepdim=False: np.take(
           np.argsort(x, axis=dim), [k - 1], axis=dim) if keepdim else np.take(
           np.argsort(x, axis=dim), k - 1, axis=dim),
       lambda t, x, **kw: t.kthvalue(x, **kw).indices, differentiable=False)


# -- median, nanmedian, mode, quantile -----------------------------------------------------------


def _np_lower_median(x, dim=None, keepdim=False):
    if dim is None:
        flat = np.sort(x.ravel())
        return flat[(flat.size - 1) // 2]
    if np.ndim(x) == 0:
        return x.copy()
    n = x.shape[dim]
    v = np.take(np.sort(x, axis=dim), [(n - 1) // 2], axis=dim)
    return v if keepdim else np.squeeze(v, axis=dim)


MEDIAN = [((3, 5), {}), ((4,), {}), ((), {}), ("noncontig", {}), ((3, 4), {"dim": 1}),
          ((2, 5, 3), {"dim": 1, "keepdim": True}), ((), {"dim": 0})]
_entry("median", lambda x, **kw: ag.median(x, **kw)[0] if kw else ag.median(x), MEDIAN,
       _np_lower_median, lambda t, x, **kw: t.median(x, **kw)[0] if kw else t.median(x))


def _with_nans(rng):
    x = uniform(rng, (4, 5))
    x[0, 1], x[2, [0, 3]] = np.nan, np.nan
    return x


def _nan_samples(kwargs):
    def samples(rng):
        return [Sample((_with_nans(rng),), dict(kw)) for kw in kwargs]

    return samples


def _np_nanmedian(x, dim=None, keepdim=False):
    if dim is None:
        return _np_lower_median(x[~np.isnan(x)])
    lines = np.moveaxis(x, dim, -1)
    out = np.array([_np_lower_median(line[~np.isnan(line)]) for line in
                    lines.reshape(-1, lines.shape[-1])]).reshape(lines.shape[:-1])
    return np.expand_dims(out, dim) if keepdim else out


register(OpInfo("nanmedian", lambda x, **kw: ag.nanmedian(x, **kw)[0] if kw else
                ag.nanmedian(x), _nan_samples([{}, {"dim": 1}, {"dim": 0, "keepdim": True}]),
                ref=_np_nanmedian, torch_ref=lambda t, x, **kw: t.nanmedian(x, **kw)[0] if kw
                else t.nanmedian(x)))
# a line holding a NaN has the median NaN (its gradient goes to that NaN): compared with
# PyTorch's, since finite differences through a NaN are NaN
register(OpInfo("median_nan", lambda x, **kw: ag.median(x, **kw)[0],
                _nan_samples([{"dim": 1}, {"dim": 0}]),
                ref=lambda x, dim: np.where(np.isnan(x).any(axis=dim), np.nan,
                                            _np_nanmedian(x, dim)),
                torch_ref=lambda t, x, **kw: t.median(x, **kw)[0], differentiable=False,
                torch_gradient=True))


def _mode_samples(rng):
    return [Sample((rng.integers(0, 3, (4, 6)).astype(np.float64),), {"dim": 1}),
            Sample((rng.integers(0, 4, (5, 3)).astype(np.float64),), {"dim": 0,
                                                                       "keepdim": True}),
            Sample((uniform(rng, (3, 4)),), {}), Sample((uniform(rng, ()),), {})]


def _np_mode(x, dim=-1, keepdim=False):
    if np.ndim(x) == 0:
        return x.copy()
    lines = np.moveaxis(x, dim, -1)
    flat = lines.reshape(-1, lines.shape[-1])
    out = []
    for line in flat:  # the most frequent value, the smallest among equally frequent ones
        values, counts = np.unique(line, return_counts=True)
        out.append(values[np.argmax(counts)])
    out = np.array(out).reshape(lines.shape[:-1])
    return np.expand_dims(out, dim) if keepdim else out


# ties everywhere: the gradient (to the last occurrence, as PyTorch) is compared with PyTorch's
register(OpInfo("mode", lambda x, **kw: ag.mode(x, **kw).values, _mode_samples, ref=_np_mode,
                torch_ref=lambda t, x, **kw: t.mode(x, **kw).values, differentiable=False,
                torch_gradient=True))
register(OpInfo("mode_indices", lambda x, **kw: ag.mode(x, **kw).indices, _mode_samples,
                torch_ref=lambda t, x, **kw: t.mode(x, **kw).indices, differentiable=False))

Q = [((3, 5), {"q": 0.3}), ((3, 5), {"q": 0.75, "dim": 1}), ((2, 3, 4), {"q": 0.5, "dim": 0,
                                                                          "keepdim": True}),
     ((6,), {"q": 1.0}), ((), {"q": 0.2}), ("noncontig", {"q": 0.4, "dim": 1})]
Q += [((3, 5), {"q": 0.35, "dim": 1, "interpolation": m})
      for m in ("lower", "higher", "midpoint", "nearest")]


def _np_quantile(x, q, dim=None, keepdim=False, interpolation="linear"):
    method = {"linear": "linear", "lower": "lower", "higher": "higher",
              "midpoint": "midpoint", "nearest": "nearest"}[interpolation]
    axis = None if dim is None or np.ndim(x) == 0 else dim
    return np.quantile(x, q, axis=axis, keepdims=keepdim, method=method)


_entry("quantile", ag.quantile, Q, _np_quantile, _method("quantile"))
_QS = [0.1, 0.5, 0.9]
register(OpInfo("quantile_tensor_q", lambda x, **kw: ag.quantile(
    x, ag.tensor(_QS, dtype=x.dtype), **kw), _cases([((3, 5), {"dim": 1}), ((4,), {}),
                                                     ((2, 3), {"dim": 0, "keepdim": True})]),
    ref=lambda x, **kw: _np_quantile(x, _QS, **kw),
    torch_ref=lambda t, x, **kw: t.quantile(x, t.tensor(_QS, dtype=x.dtype), **kw)))
register(OpInfo("nanquantile", lambda x, **kw: ag.nanquantile(x, 0.4, **kw),
                _nan_samples([{}, {"dim": 1}, {"dim": 0, "keepdim": True}]),
                ref=lambda x, dim=None, keepdim=False: np.nanquantile(
                    x, 0.4, axis=dim, keepdims=keepdim),
                torch_ref=lambda t, x, **kw: t.nanquantile(x, 0.4, **kw)))


# -- scans ---------------------------------------------------------------------------------------

SCAN = [((3, 5), {"dim": 1}), ((2, 3, 4), {"dim": 0}), ((6,), {"dim": -1}), ((), {"dim": 0}),
        ((0, 3), {"dim": 1}), ("noncontig", {"dim": 1})]


def _np_scan(ufunc):
    return lambda x, dim: x.copy() if np.ndim(x) == 0 else ufunc.accumulate(x, axis=dim)


def _np_scan_index(ufunc):
    def ref(x, dim):
        if np.ndim(x) == 0:
            return np.zeros((), np.int64)
        running = ufunc.accumulate(x, axis=dim)
        lines = np.moveaxis(x, dim, -1)
        best = np.moveaxis(running, dim, -1)
        idx = np.zeros(lines.shape, np.int64)
        for pos in np.ndindex(lines.shape):  # the last position that reached the extremum
            k = pos[-1]
            idx[pos] = k if lines[pos] == best[pos] else idx[pos[:-1] + (k - 1,)]
        return np.moveaxis(idx, -1, dim)

    return ref


for _name, _uf in (("cummax", np.maximum), ("cummin", np.minimum)):
    _entry(_name, lambda x, dim, _n=_name: getattr(ag, _n)(x, dim).values, SCAN,
           _np_scan(_uf), lambda t, x, dim, _n=_name: getattr(t, _n)(x, dim).values)
    _entry(_name + "_indices", lambda x, dim, _n=_name: getattr(ag, _n)(x, dim).indices,
           SCAN, _np_scan_index(_uf),
           lambda t, x, dim, _n=_name: getattr(t, _n)(x, dim).indices, differentiable=False)
register(OpInfo("cummax_ties", lambda x: ag.cummax(x, 1).values,
                lambda rng: [Sample((rng.integers(0, 3, (3, 6)).astype(np.float64),))],
                ref=lambda x: np.maximum.accumulate(x, axis=1),
                torch_ref=lambda t, x: t.cummax(x, 1).values, differentiable=False,
                torch_gradient=True))
_entry("logcumsumexp", ag.logcumsumexp, SCAN, _np_scan(np.logaddexp),
       _method("logcumsumexp"))
register(OpInfo("logcumsumexp_large", ag.logcumsumexp,
                lambda rng: [Sample((uniform(rng, (3, 5), 500.0, 900.0), 1)),
                             Sample((uniform(rng, (4,), -900.0, -500.0), 0))],
                ref=lambda x, dim: np.logaddexp.accumulate(x, axis=dim),
                torch_ref=_method("logcumsumexp")))


# -- statistics ------------------------------------------------------------------------------------

NAN_DIMS = [{}, {"dim": 1}, {"dim": (0, 1), "keepdim": True}]
register(OpInfo("nansum", ag.nansum, _nan_samples(NAN_DIMS),
                ref=lambda x, dim=None, keepdim=False: np.nansum(x, axis=dim, keepdims=keepdim),
                torch_ref=_method("nansum")))
register(OpInfo("nanmean", ag.nanmean, _nan_samples(NAN_DIMS),
                ref=lambda x, dim=None, keepdim=False: np.nanmean(x, axis=dim,
                                                                  keepdims=keepdim),
                torch_ref=_method("nanmean")))


def _sparse(rng):
    x = uniform(rng, (3, 4))
    x[rng.random((3, 4)) > 0.6] = 0.0
    return x


register(OpInfo("count_nonzero", ag.count_nonzero,
                lambda rng: [Sample((_sparse(rng),)), Sample((_sparse(rng),), {"dim": 1}),
                             Sample((_sparse(rng),), {"dim": (0, 1)}),
                             Sample((np.zeros((0, 2)),), {"dim": 0})],
                ref=lambda x, dim=None: np.count_nonzero(x, axis=dim),
                torch_ref=_method("count_nonzero"), differentiable=False))
AMINMAX = [((3, 5), {}), ((3, 5), {"dim": 1}), ((2, 3, 4), {"dim": 0, "keepdim": True}),
           ((), {}), ("noncontig", {"dim": 0})]
for _k, _np_fn in ((0, np.min), (1, np.max)):
    _entry(f"aminmax_{'min' if _k == 0 else 'max'}",
           lambda x, _k=_k, **kw: ag.aminmax(x, **kw)[_k], AMINMAX,
           lambda x, _f=_np_fn, dim=None, keepdim=False: _f(x, axis=_ax(x, dim),
                                                            keepdims=keepdim),
           lambda t, x, _k=_k, **kw: t.aminmax(x, **kw)[_k])


# -- counting and binning (no gradient) ---------------------------------------------------------


def _np_unique(x, return_inverse=False, return_counts=False, dim=None, which=0):
    out = np.unique(x, return_inverse=return_inverse, return_counts=return_counts, axis=dim)
    if not isinstance(out, tuple):
        return out
    if which == 1 and return_inverse and dim is None:
        return out[1].reshape(x.shape)  # PyTorch's inverse has the input's shape
    return out[which]


def _unique_samples(rng):
    ints = rng.integers(0, 4, (3, 5)).astype(np.float64)
    rows = np.repeat(rng.integers(0, 3, (2, 4)).astype(np.float64), 2, axis=0)
    return [Sample((ints,), {}), Sample((ints,), {"return_inverse": True, "which": 1}),
            Sample((ints,), {"return_counts": True, "which": 1}),
            Sample((rows,), {"dim": 0, "return_inverse": True, "return_counts": True,
                             "which": 2}),
            Sample((rows.T.copy(),), {"dim": 1}), Sample((np.zeros((0,)),), {}),
            Sample((uniform(rng, ()),), {})]


def _unique_op(fn):
    def op(x, which=0, **kw):
        out = fn(x.detach(), **kw)
        return out[which] if isinstance(out, tuple) else out

    return op


register(OpInfo("unique", _unique_op(ag.unique), _unique_samples, ref=_np_unique,
                torch_ref=lambda t, x, which=0, **kw: _pick(t.unique(x.detach(), **kw), which),
                differentiable=False))


def _pick(out, which):
    return out[which] if isinstance(out, tuple) else out


def _np_unique_consecutive(x, return_counts=False, which=0):
    keep = np.ones(x.size, bool)
    keep[1:] = x[1:] != x[:-1]
    if which == 1:
        starts = np.flatnonzero(keep)
        return np.diff(np.append(starts, x.size))
    return x[keep]


register(OpInfo("unique_consecutive", _unique_op(ag.unique_consecutive),
                lambda rng: [Sample((np.repeat(rng.integers(0, 3, 6), 2).astype(float),), {}),
                             Sample((np.repeat(rng.integers(0, 3, 5), 3).astype(float),),
                                    {"return_counts": True, "which": 1})],
                ref=_np_unique_consecutive,
                torch_ref=lambda t, x, which=0, **kw: _pick(
                    t.unique_consecutive(x.detach(), **kw), which), differentiable=False))


def _bincount_samples(rng):
    i = rng.integers(0, 5, 12)
    return [Sample((i,), {}), Sample((i,), {"minlength": 8}),
            Sample((i, uniform(rng, (12,))), {}), Sample((np.zeros(0, np.int64),), {})]


register(OpInfo("bincount", lambda i, w=None, **kw: ag.bincount(
    i, None if w is None else w.detach(), **kw), _bincount_samples,
    ref=lambda i, w=None, **kw: np.bincount(i, w, **kw),
    torch_ref=lambda t, i, w=None, **kw: t.bincount(i, None if w is None else w.detach(), **kw),
    differentiable=False))
register(OpInfo("histc", ag.histc,
                lambda rng: [Sample((uniform(rng, (20,)),), {"bins": 5, "min": -1.5,
                                                             "max": 1.5}),
                             Sample((uniform(rng, (3, 7)),), {"bins": 4})],
                torch_ref=_method("histc"), differentiable=False))


def _search_samples(rng):
    seq = np.sort(uniform(rng, (7,)))
    batched = np.sort(uniform(rng, (2, 3, 6)), axis=-1)
    values = uniform(rng, (2, 3, 4))
    values[0, 0, 0] = batched[0, 0, 2]  # a tie with a boundary
    return [Sample((seq, uniform(rng, (3, 4))), {}), Sample((seq, seq.copy()), {"right": True}),
            Sample((batched, values), {}), Sample((batched, values), {"side": "right"}),
            Sample((seq, 0.25), {})]


register(OpInfo("searchsorted", ag.searchsorted, _search_samples,
                torch_ref=lambda t, s, v, **kw: t.searchsorted(s, v, **kw),
                differentiable=False))
register(OpInfo("bucketize", ag.bucketize,
                lambda rng: [Sample((uniform(rng, (3, 4)), np.sort(uniform(rng, (5,)))), {}),
                             Sample((uniform(rng, (6,)), np.linspace(-1, 1, 5)),
                                    {"right": True})],
                ref=lambda v, b, right=False: np.searchsorted(b, v, "right" if right else
                                                              "left"),
                torch_ref=_method("bucketize"), differentiable=False))
