"""Registry entries: slice_scatter, select_scatter, diagonal_scatter, as_strided_scatter,
as_strided, gradient and index_reduce (and the in-place index_reduce_).

The NumPy references write from the definitions (NumPy's own ``gradient`` for gradient).
as_strided addresses memory, so its entries take a flat copy first (``reshape(-1)`` of a
fresh tensor): the same memory on both sides. as_strided_scatter's gradient for input is not
compared with PyTorch's, which returns the gradient inside the written region instead of
outside it (its gradcheck fails); gradcheck checks ours.
"""

from __future__ import annotations

import numpy as np

import autograd as ag
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform
from tests.opinfo.indexing_more import _scatter_reduce_ref

# -- slice_scatter, select_scatter, diagonal_scatter -------------------------------------------


def _slice_scatter_ref(x, src, dim=0, start=None, end=None, step=1):
    out = x.copy()
    out[(slice(None),) * dim + (slice(start, end, step),)] = src
    return out


def _slice_scatter_samples(rng):
    return [Sample((uniform(rng, (4, 5)), uniform(rng, (4, 2)), 1, 1, 5, 2)),
            Sample((uniform(rng, (4, 5)), uniform(rng, (3, 5)), 0, -3)),
            Sample((noncontiguous(uniform(rng, (3, 4))), uniform(rng, (3, 4)), 1)),
            Sample((uniform(rng, (2, 3, 4)), uniform(rng, (2, 0, 4)), 1, 5, 9), name="empty"),
            Sample((uniform(rng, (5,)), uniform(rng, (2,))), {"start": 3, "step": 1})]


register(OpInfo("slice_scatter", ag.slice_scatter, _slice_scatter_samples,
                ref=_slice_scatter_ref,
                torch_ref=lambda t, x, s, *a, **kw: t.slice_scatter(x, s, *a, **kw)))


def _select_scatter_ref(x, src, dim, index):
    out = x.copy()
    out[(slice(None),) * dim + (index,)] = src
    return out


def _select_scatter_samples(rng):
    return [Sample((uniform(rng, (4, 5)), uniform(rng, (5,)), 0, 1)),
            Sample((uniform(rng, (2, 3, 4)), uniform(rng, (2, 4)), 1, -1)),
            Sample((uniform(rng, (3,)), uniform(rng, ()), 0, 2))]


register(OpInfo("select_scatter", ag.select_scatter, _select_scatter_samples,
                ref=_select_scatter_ref,
                torch_ref=lambda t, x, s, d, i: t.select_scatter(x, s, d, i)))


def _diagonal_scatter_ref(x, src, offset=0, dim1=0, dim2=1):
    out = x.copy()
    moved = np.moveaxis(out, (dim1, dim2), (-2, -1))
    n = src.shape[-1]
    rows = np.arange(n) + max(-offset, 0)
    moved[..., rows, rows + offset] = src
    return out


def _diagonal_scatter_samples(rng):
    return [Sample((uniform(rng, (4, 5)), uniform(rng, (4,)))),
            Sample((uniform(rng, (4, 5)), uniform(rng, (4,)), 1)),
            Sample((uniform(rng, (4, 5)), uniform(rng, (3,)), -2, 1, 0)),
            Sample((uniform(rng, (2, 3, 4)), uniform(rng, (3, 2)), 0, 0, 2)),
            Sample((uniform(rng, (3, 3)), uniform(rng, (0,)), 4), name="empty")]


register(OpInfo("diagonal_scatter", ag.diagonal_scatter, _diagonal_scatter_samples,
                ref=_diagonal_scatter_ref,
                torch_ref=lambda t, x, s, *a: t.diagonal_scatter(x, s, *a)))


# -- as_strided, as_strided_scatter -------------------------------------------------------------


def _positions(size, stride, offset):
    pos = np.full(size, offset)
    for k, (n, s) in enumerate(zip(size, stride)):
        pos = pos + np.arange(n).reshape((n,) + (1,) * (len(size) - k - 1)) * s
    return pos


def _as_strided_scatter_ref(x, src, size, stride, offset=0):
    out = x.copy().reshape(-1)
    out[_positions(size, stride, offset)] = src
    return out.reshape(x.shape)


def _as_strided_scatter_samples(rng):
    return [Sample((uniform(rng, (3, 4)), uniform(rng, (2, 2)), (2, 2), (1, 4))),
            Sample((uniform(rng, (3, 4)), uniform(rng, (3, 2)), (3, 2), (3, 1), 2)),
            Sample((uniform(rng, (2, 3, 2)), uniform(rng, (4,)), (4,), (3,), 1)),
            Sample((uniform(rng, (3, 4)), uniform(rng, ()), (), (), 7), name="0-d")]


register(OpInfo("as_strided_scatter", ag.as_strided_scatter, _as_strided_scatter_samples,
                ref=_as_strided_scatter_ref,
                torch_ref=lambda t, x, s, *a: t.as_strided_scatter(x, s, *a),
                torch_gradient=False))


def _as_strided_ref(x, size, stride, offset=0):
    flat = x.reshape(-1)[offset:]
    return np.lib.stride_tricks.as_strided(flat, size, tuple(s * flat.itemsize for s in stride))


def _as_strided_samples(rng):
    return [Sample((uniform(rng, (3, 4)), (2, 2), (1, 4))),
            Sample((uniform(rng, (3, 4)), (3, 3), (1, 2), 1), name="overlapping"),
            Sample((uniform(rng, (6,)), (2, 3), (0, 2), 1), name="zero-stride"),
            Sample((uniform(rng, (2, 3)), (), (), 5), name="0-d"),
            Sample((uniform(rng, (2, 3)), (0, 4), (7, 1)), name="empty")]


register(OpInfo("as_strided", lambda x, *a: ag.as_strided(x.reshape(-1), *a),
                _as_strided_samples, ref=_as_strided_ref,
                torch_ref=lambda t, x, *a: t.as_strided(x.reshape(-1), *a)))
register(OpInfo("as_strided_method", lambda x, *a: x.reshape(-1).as_strided(*a),
                lambda rng: _as_strided_samples(rng)[:2], ref=_as_strided_ref,
                torch_ref=lambda t, x, *a: x.reshape(-1).as_strided(*a)))


# -- gradient -----------------------------------------------------------------------------------


def _gradient_ref(x, spacing=1, dim=None, edge_order=1):
    dims = range(x.ndim) if dim is None else [dim] if isinstance(dim, int) else dim
    dims = [d % x.ndim for d in dims]
    hs = list(spacing) if isinstance(spacing, (list, tuple)) else [spacing] * len(dims)
    return np.stack([np.gradient(x, h, axis=d, edge_order=edge_order)
                     for d, h in zip(dims, hs)])


def _gradient_samples(rng):
    return [Sample((uniform(rng, (4, 5)),)),
            Sample((uniform(rng, (4, 5)),), {"spacing": 0.5, "edge_order": 2}),
            Sample((uniform(rng, (4, 5)),), {"spacing": [2.0], "dim": 1}),
            Sample((uniform(rng, (3, 2, 4)),), {"spacing": [1.5, 3.0], "dim": [2, 0],
                                                "edge_order": 2}),
            Sample((noncontiguous(uniform(rng, (3, 4))),), {"dim": -1}),
            Sample((uniform(rng, (2, 3)),), {"edge_order": 1}, name="size-2")]


register(OpInfo("gradient", lambda x, **kw: ag.stack(ag.gradient(x, **kw)), _gradient_samples,
                ref=_gradient_ref,
                torch_ref=lambda t, x, **kw: t.stack(t.gradient(x, **kw))))


def _gradient_coords_samples(rng):
    c4 = np.array([0.0, 0.4, 1.3, 1.5])
    c5 = np.array([-1.0, 0.2, 0.5, 1.6, 2.0])
    return [Sample((uniform(rng, (4, 5)), c4, c5), {"edge_order": e}, name=f"edge_order={e}")
            for e in (1, 2)]


# the coordinates are differentiated too
register(OpInfo("gradient_coordinates",
                lambda x, c0, c1, **kw: ag.stack(ag.gradient(x, spacing=(c0, c1), **kw)),
                _gradient_coords_samples,
                ref=lambda x, c0, c1, **kw: _gradient_ref(x, (c0, c1), **kw),
                torch_ref=lambda t, x, c0, c1, **kw: t.stack(t.gradient(x, spacing=(c0, c1),
                                                                        **kw))))


# -- index_reduce ------------------------------------------------------------------------------


def _index_reduce_ref(x, dim, index, source, reduce, include_self=True):
    if x.ndim == 0:
        return _index_reduce_ref(x.reshape(1), 0, index, source.reshape(1), reduce,
                                 include_self).reshape(())
    dim %= source.ndim
    shape = (-1,) + (1,) * (source.ndim - dim - 1)
    full = np.broadcast_to(index.reshape(shape), source.shape)
    return _scatter_reduce_ref(x, dim, full, source, reduce, include_self)


def _index_reduce_samples(rng):
    out = []
    for reduce in ("prod", "mean", "amax", "amin"):
        for include_self in (True, False):
            out.append(Sample((uniform(rng, (4, 3)), 0, np.array([0, 2, 0, 3, 2]),
                               uniform(rng, (5, 3)), reduce), {"include_self": include_self},
                              name=reduce))
        out.append(Sample((uniform(rng, (2, 4, 3)), -1, np.array([2, 0]),
                           noncontiguous(uniform(rng, (2, 4, 2))), reduce), name=reduce))
    out.append(Sample((uniform(rng, (3, 4)), 1, np.zeros((0,), np.int64),
                       uniform(rng, (3, 0)), "prod"), name="empty"))
    out.append(Sample((uniform(rng, ()), 0, np.array([0]), uniform(rng, ()), "amax"),
                      name="0-d"))
    return out


register(OpInfo("index_reduce", ag.index_reduce, _index_reduce_samples, ref=_index_reduce_ref,
                torch_ref=lambda t, x, d, i, s, r, **kw: t.index_reduce(x, d, i, s, r, **kw)))
register(OpInfo("index_reduce_",
                lambda x, d, i, s, r, **kw: (x * 1).index_reduce_(d, i, s, r, **kw),
                lambda rng: _index_reduce_samples(rng)[:6], ref=_index_reduce_ref,
                torch_ref=lambda t, x, d, i, s, r, **kw: (x * 1).index_reduce_(d, i, s, r,
                                                                               **kw)))


def _index_reduce_zeros(rng):
    x = uniform(rng, (3, 4))
    x[0, 0] = 0.0
    src = uniform(rng, (4, 4))
    src[1, 1] = src[2, 2] = src[3, 2] = 0.0  # one zero, and two at one position
    index = np.array([0, 1, 2, 2])
    return [Sample((x, 0, index, src, "prod"), {"include_self": inc}) for inc in (True, False)]


# with zeros, prod's gradient is PyTorch's exclusive product; two zeros at one position make
# its second derivative undefined in PyTorch
register(OpInfo("index_reduce_prod_zeros", ag.index_reduce, _index_reduce_zeros,
                ref=_index_reduce_ref,
                torch_ref=lambda t, x, d, i, s, r, **kw: t.index_reduce(x, d, i, s, r, **kw),
                twice_differentiable=False))


def _index_reduce_ties(rng):
    x = rng.integers(0, 3, (3, 4)).astype(np.float64)
    src = rng.integers(0, 3, (5, 4)).astype(np.float64)
    index = rng.integers(0, 3, (5,))
    return [Sample((x, 0, index, src, r), {"include_self": inc})
            for r in ("amax", "amin") for inc in (True, False)]


# ties share the gradient (PyTorch's convention); finite differences cannot see a tie
register(OpInfo("index_reduce_ties", ag.index_reduce, _index_reduce_ties, ref=_index_reduce_ref,
                torch_ref=lambda t, x, d, i, s, r, **kw: t.index_reduce(x, d, i, s, r, **kw),
                differentiable=False, torch_gradient=True))
