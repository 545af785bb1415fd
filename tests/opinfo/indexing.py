"""Registry entries: indexing ops (getitem/setitem by key kind, gather/scatter family, masks).

Keys are built by small functions passed as the last sample argument, so one entry covers many
key kinds while the references stay plain NumPy / PyTorch indexing. Integer and bool arrays
given as positional arguments become index Tensors; those inside a key tuple stay NumPy arrays.
"""

from __future__ import annotations

import numpy as np

import autograd as ag
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform


def _keyed(x, *rest):
    """``rest[-1](x, *rest[:-1])``: the key function applied to the tensor and index args."""
    return rest[-1](x, *rest[:-1])


def _keyed_torch(t, x, *rest):
    return rest[-1](x, *rest[:-1])


# -- __getitem__ ----------------------------------------------------------------------------


def _basic_samples(rng):
    return [
        Sample((uniform(rng, (3, 4, 5)), lambda x: x[1, :, 1:4]), name="int-slice"),
        Sample((uniform(rng, (3, 4)), lambda x: x[None, ..., 0]), name="none-ellipsis"),
        Sample((uniform(rng, (3, 4)), lambda x: x[-1]), name="negative-int"),
        Sample((uniform(rng, (5,)), lambda x: x[1::2]), name="step"),
        Sample((uniform(rng, (3, 4)), lambda x: x[1, 2]), name="to-0d"),
        Sample((uniform(rng, ()), lambda x: x[()]), name="0d"),
        Sample((uniform(rng, ()), lambda x: x[None]), name="0d-none"),
        Sample((uniform(rng, (0, 3)), lambda x: x[:, 1]), name="empty"),
        Sample((noncontiguous(uniform(rng, (4, 3))), lambda x: x[1:3, -2:]), name="noncontig"),
        Sample((uniform(rng, (4, 3)), lambda x: x[10:]), name="empty-slice"),
    ]


register(OpInfo("getitem_basic", _keyed, _basic_samples, ref=_keyed, torch_ref=_keyed_torch))


def _negative_step_samples(rng):
    return [
        Sample((uniform(rng, (5,)), lambda x: x[::-1]), name="reverse"),
        Sample((uniform(rng, (3, 5)), lambda x: x[1:, ::-2]), name="step-2"),
        Sample((uniform(rng, (4, 3)), lambda x: x[::-1, None, 1]), name="with-none"),
    ]


# PyTorch rejects negative slice steps, so these have only the NumPy reference.
register(OpInfo("getitem_negative_step", _keyed, _negative_step_samples, ref=_keyed))


def _advanced_samples(rng):
    ints = np.array
    return [
        Sample((uniform(rng, (5, 3)), ints([0, 4, -1, 0]), lambda x, i: x[i]),
               name="duplicates-negative"),
        Sample((uniform(rng, (3, 4)), ints([[0, 2], [2, 2]]), lambda x, i: x[:, i]),
               name="2d-index-after-slice"),
        Sample((uniform(rng, (4, 3)), ints([3, 1]), lambda x, i: x[i, 1:]), name="then-slice"),
        Sample((uniform(rng, (3, 4, 5)), ints([0, 2]), ints([4, 4]), lambda x, i, j: x[i, :, j]),
               name="separated"),
        Sample((uniform(rng, (3, 4, 5)), ints([1, 1, 0]), ints([[3], [0]]),
                lambda x, i, j: x[:, j, i]), name="broadcast-pair"),
        Sample((uniform(rng, (3, 4)), ints([2, 0]), lambda x, i: x[None, i]), name="none"),
        Sample((uniform(rng, (5, 3)), np.array([], dtype=np.int64), lambda x, i: x[i]),
               name="empty-index"),
        Sample((uniform(rng, (5, 3)), ints(3), lambda x, i: x[i]), name="0d-index"),
        Sample((uniform(rng, (5, 3)), lambda x: x[[0, 2, 2]]), name="list"),
        Sample((uniform(rng, (5, 3)), lambda x: x[[1, 4], [0, 2]]), name="lists"),
        Sample((uniform(rng, (3, 4)), rng.random((3, 4)) > 0.5, lambda x, m: x[m]),
               name="mask-full"),
        Sample((uniform(rng, (3, 4)), np.array([True, False, True]), lambda x, m: x[m]),
               name="mask-rows"),
        Sample((uniform(rng, (3, 4)), np.array([False, True, True, True]),
                lambda x, m: x[1:, m]), name="mask-cols"),
        Sample((uniform(rng, (3, 4)), np.array([True, False, True]), ints([1, 3]),
                lambda x, m, i: x[m, i]), name="mask-and-index"),
        Sample((uniform(rng, (3, 4)), np.zeros((3, 4), dtype=bool), lambda x, m: x[m]),
               name="mask-empty"),
        Sample((noncontiguous(uniform(rng, (4, 3))), ints([3, 0, 3]), lambda x, i: x[i, ::2]),
               name="noncontig"),
    ]


register(OpInfo("getitem_advanced", _keyed, _advanced_samples, ref=_keyed,
                torch_ref=_keyed_torch))


# -- __setitem__ ----------------------------------------------------------------------------


def _setter(clone):
    def op(x, value, key):
        y = clone(x)
        y[key] = value
        return y

    return op


def _setitem_samples(rng):
    ints = np.array
    return [
        Sample((uniform(rng, (3, 4)), uniform(rng, (4,)), 1), name="row-broadcast"),
        Sample((uniform(rng, (3, 4)), uniform(rng, ()), (slice(None), 2)), name="column-0d"),
        Sample((uniform(rng, (3, 4)), 2.5, (slice(1, None), slice(None, 2))), name="scalar"),
        Sample((uniform(rng, (3, 4)), uniform(rng, (1, 4)), 0), name="leading-one"),
        Sample((uniform(rng, (4, 3)), uniform(rng, (2, 3)), ints([3, 0])), name="index"),
        Sample((uniform(rng, (3, 4)), uniform(rng, ()), rng.random((3, 4)) > 0.5),
               name="mask"),
        Sample((uniform(rng, (3, 4)), uniform(rng, (2,)), (ints([0, 2]), ints([1, 3]))),
               name="index-pair"),
        Sample((uniform(rng, (3, 4)), uniform(rng, (3, 1)), (Ellipsis, slice(None, None, 2))),
               name="ellipsis-step"),
        Sample((uniform(rng, ()), uniform(rng, ()), ()), name="0d"),
        Sample((uniform(rng, (0, 3)), uniform(rng, (3,)), slice(None)), name="empty"),
    ]


register(OpInfo("setitem", _setter(ag.clone), _setitem_samples, ref=_setter(np.copy),
                torch_ref=lambda t, x, v, key: _setter(t.clone)(x, v, key)))


def _index_put_samples(rng):
    return [
        Sample((uniform(rng, (5, 3)), np.array([0, 4, 0, -1]), uniform(rng, (4, 3)))),
        Sample((uniform(rng, (5, 3)), np.array([1, 1]), uniform(rng, (3,))), name="broadcast"),
    ]


def _index_put_ref(x, i, v):
    out = x.copy()
    np.add.at(out, i, v)
    return out


register(OpInfo("index_put_accumulate",
                lambda x, i, v: ag.index_put(x, (i,), v, accumulate=True),
                _index_put_samples, ref=_index_put_ref,
                torch_ref=lambda t, x, i, v: t.index_put(x, (i,), v, accumulate=True)))


# -- masks ----------------------------------------------------------------------------------


def _masked_fill_samples(rng):
    return [
        Sample((uniform(rng, (3, 4)), rng.random((3, 4)) > 0.5, 0.5)),
        Sample((uniform(rng, (3, 4)), rng.random((4,)) > 0.5, -1.0), name="broadcast-mask"),
        Sample((uniform(rng, (4,)), rng.random((2, 4)) > 0.5, 2.0), name="broadcast-both"),
        Sample((uniform(rng, (3, 4)), rng.random((3, 1)) > 0.5, uniform(rng, ())),
               name="0d-tensor-value"),
        Sample((uniform(rng, ()), np.array(True), 3.0), name="0d"),
        Sample((uniform(rng, (0, 3)), np.zeros((0, 3), dtype=bool), 1.0), name="empty"),
        Sample((noncontiguous(uniform(rng, (4, 3))), rng.random((4, 3)) > 0.5, 0.0),
               name="noncontig"),
    ]


register(OpInfo("masked_fill", ag.masked_fill, _masked_fill_samples,
                ref=lambda x, m, v: np.where(m, v, x),
                torch_ref=lambda t, x, m, v: t.masked_fill(x, m, v)))


def _masked_select_samples(rng):
    return [
        Sample((uniform(rng, (3, 4)), rng.random((3, 4)) > 0.5)),
        Sample((uniform(rng, (3, 4)), rng.random((4,)) > 0.5), name="broadcast-mask"),
        Sample((uniform(rng, (4,)), rng.random((3, 4)) > 0.5), name="broadcast-input"),
        Sample((uniform(rng, ()), np.array(True)), name="0d"),
    ]


def _masked_select_ref(x, m):
    x, m = np.broadcast_arrays(x, m)
    return x[m]


register(OpInfo("masked_select", ag.masked_select, _masked_select_samples,
                ref=_masked_select_ref, torch_ref=lambda t, x, m: t.masked_select(x, m)))


# -- gather / scatter family ---------------------------------------------------------------


def _gather_samples(rng):
    return [
        Sample((uniform(rng, (3, 4)), 1, rng.integers(0, 4, (3, 2)))),
        Sample((uniform(rng, (3, 4)), 0, rng.integers(0, 3, (5, 4))), name="repeats"),
        Sample((uniform(rng, (3, 4)), -1, rng.integers(0, 4, (2, 2))), name="smaller-index"),
        Sample((uniform(rng, (2, 3, 4)), 1, rng.integers(0, 3, (2, 3, 4))), name="3d"),
        Sample((uniform(rng, ()), 0, np.array(0)), name="0d"),
        Sample((uniform(rng, (3, 4)), 1, np.zeros((3, 0), dtype=np.int64)), name="empty"),
        Sample((noncontiguous(uniform(rng, (4, 3))), 0, rng.integers(0, 4, (4, 3))),
               name="noncontig"),
    ]


def _gather_ref(x, dim, index):
    if x.ndim == 0:
        return x[()] + np.zeros(index.shape)
    out = np.empty(index.shape)
    for pos in np.ndindex(*index.shape):
        src = list(pos)
        src[dim] = index[pos]
        out[pos] = x[tuple(src)]
    return out


register(OpInfo("gather", ag.gather, _gather_samples, ref=_gather_ref,
                torch_ref=lambda t, x, dim, i: t.gather(x, dim, i)))


def _take_along_dim_samples(rng):
    return [
        Sample((uniform(rng, (3, 4)), rng.integers(-4, 4, (3, 2)), 1), name="negative"),
        Sample((uniform(rng, (3, 4)), rng.integers(0, 3, (2, 1)), 0), name="broadcast-index"),
        Sample((uniform(rng, (1, 4)), rng.integers(0, 4, (3, 2)), 1), name="broadcast-input"),
        Sample((uniform(rng, (3, 4)), rng.integers(0, 12, (5,)), None), name="flat"),
    ]


register(OpInfo("take_along_dim", ag.take_along_dim, _take_along_dim_samples,
                ref=lambda x, i, dim: np.take_along_axis(x, i, dim),
                torch_ref=lambda t, x, i, dim: t.take_along_dim(x, i, dim)))


def _permuted_index(rng, shape, size, dim):
    """Distinct indices along ``dim`` (each target written once, so gradients are defined)."""
    out = np.empty(shape, dtype=np.int64)
    moved = np.moveaxis(out, dim, 0)
    for pos in np.ndindex(*moved.shape[1:]):
        moved[(slice(None),) + pos] = rng.permutation(size)[:shape[dim]]
    return out


def _scatter_samples(rng):
    return [
        Sample((uniform(rng, (3, 4)), 0, _permuted_index(rng, (2, 4), 3, 0),
                uniform(rng, (2, 4)))),
        Sample((uniform(rng, (3, 5)), 1, _permuted_index(rng, (2, 3), 5, 1),
                uniform(rng, (3, 4))), name="larger-src"),
        Sample((uniform(rng, (3, 4)), -1, _permuted_index(rng, (3, 2), 4, 1), 2.5),
               name="scalar"),
        Sample((uniform(rng, ()), 0, np.array(0), uniform(rng, ())), name="0d"),
    ]


def _scatter_ref(x, dim, index, src, add=False):
    if x.ndim == 0:
        return np.asarray(src, dtype=float) + (x if add else 0)
    out = x.copy()
    for pos in np.ndindex(*index.shape):
        dst = list(pos)
        dst[dim] = index[pos]
        value = src[pos] if isinstance(src, np.ndarray) else src
        if add:
            out[tuple(dst)] += value
        else:
            out[tuple(dst)] = value
    return out


def _scatter_torch(t, x, dim, i, src, add=False):
    if isinstance(src, t.Tensor) and src.ndim == i.ndim and src.shape != i.shape:
        # PyTorch's scatter backward cannot handle a src larger than index; slicing it first
        # gives the same values and gradients
        src = src[tuple(slice(0, n) for n in i.shape)]
    return t.scatter_add(x, dim, i, src) if add else t.scatter(x, dim, i, src)


register(OpInfo("scatter", ag.scatter, _scatter_samples, ref=_scatter_ref,
                torch_ref=_scatter_torch))


def _scatter_add_samples(rng):
    return [
        Sample((uniform(rng, (3, 4)), 0, rng.integers(0, 3, (5, 4)), uniform(rng, (5, 4))),
               name="repeats"),
        Sample((uniform(rng, (3, 5)), 1, rng.integers(0, 5, (2, 3)), uniform(rng, (3, 4))),
               name="larger-src"),
        Sample((uniform(rng, (2, 3, 4)), 2, rng.integers(0, 4, (2, 3, 6)),
                uniform(rng, (2, 3, 6))), name="3d"),
        Sample((uniform(rng, (3, 4)), 0, np.zeros((0, 4), dtype=np.int64),
                uniform(rng, (0, 4))), name="empty"),
    ]


register(OpInfo("scatter_add", ag.scatter_add, _scatter_add_samples,
                ref=lambda x, dim, i, src: _scatter_ref(x, dim, i, src, add=True),
                torch_ref=lambda t, x, dim, i, src: _scatter_torch(t, x, dim, i, src, add=True)))


def _index_select_samples(rng):
    return [
        Sample((uniform(rng, (4, 3)), 0, np.array([3, 0, 3, 1]))),
        Sample((uniform(rng, (2, 3, 4)), -1, np.array([1, 1])), name="last-dim"),
        Sample((uniform(rng, (4, 3)), 1, np.array(2)), name="0d-index"),
        Sample((uniform(rng, (4, 3)), 0, np.array([], dtype=np.int64)), name="empty"),
        Sample((noncontiguous(uniform(rng, (4, 3))), 1, np.array([2, 0])), name="noncontig"),
    ]


register(OpInfo("index_select", ag.index_select, _index_select_samples,
                ref=lambda x, dim, i: np.take(x, np.atleast_1d(i), axis=dim),
                torch_ref=lambda t, x, dim, i: t.index_select(x, dim, i)))


def _index_add_samples(rng):
    return [
        Sample((uniform(rng, (4, 3)), 0, np.array([3, 0, 3]), uniform(rng, (3, 3)))),
        Sample((uniform(rng, (2, 5)), 1, np.array([1, 1, 4, 0]), uniform(rng, (2, 4))),
               {"alpha": -0.5}, name="alpha"),
    ]


def _index_add_ref(x, dim, i, src, alpha=1):
    out = np.moveaxis(x.copy(), dim, 0)
    s = np.moveaxis(src, dim, 0)
    for k, j in enumerate(i):
        out[j] += alpha * s[k]
    return np.moveaxis(out, 0, dim)


register(OpInfo("index_add", ag.index_add, _index_add_samples, ref=_index_add_ref,
                torch_ref=lambda t, x, dim, i, src, alpha=1: t.index_add(x, dim, i, src,
                                                                          alpha=alpha)))


# -- non-differentiable ---------------------------------------------------------------------


def _one_hot_samples(rng):
    return [
        Sample((np.array([0, 2, 1, 2]),)),
        Sample((rng.integers(0, 3, (2, 3)), 5), name="num-classes"),
        Sample((np.array(1), 3), name="0d"),
        Sample((np.zeros((0,), dtype=np.int64), 4), name="empty"),
    ]


def _one_hot_ref(x, n=-1):
    n = int(x.max()) + 1 if n == -1 else n
    return np.eye(n, dtype=np.int64)[x]


register(OpInfo("one_hot", ag.one_hot, _one_hot_samples, ref=_one_hot_ref,
                torch_ref=lambda t, x, n=-1: t.nn.functional.one_hot(x, n),
                differentiable=False))


def _nonzero_samples(rng):
    return [
        Sample((rng.integers(0, 2, (3, 4)),)),
        Sample((rng.random((2, 3, 2)) > 0.5,), name="bool"),
        Sample((np.array(5),), name="0d"),
        Sample((np.zeros((0, 3), dtype=np.int64),), name="empty"),
    ]


register(OpInfo("nonzero", ag.nonzero, _nonzero_samples, ref=np.argwhere,
                torch_ref=lambda t, x: t.nonzero(x), differentiable=False))
register(OpInfo("nonzero_as_tuple", lambda x: ag.nonzero(x, as_tuple=True),
                lambda rng: _nonzero_samples(rng)[:2], output_index=1,
                ref=np.nonzero, torch_ref=lambda t, x: t.nonzero(x, as_tuple=True),
                differentiable=False))
