"""Registry entries: the further shape ops (splits, stacks, atleast, diagonals, grids, blocks,
rotations, repeat_interleave, Tensor.unfold) and nn.functional's unfold / fold.

Multi-output ops are checked through one output each (``output_index``) or, for splits, all
pieces joined back together. NumPy references are NumPy's own functions (np.array_split,
np.hstack, np.diagonal, np.meshgrid, np.rot90, np.repeat, sliding_window_view ...).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import autograd as ag
from nn import functional as F
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform


def _samples(cases):
    def samples(rng):
        out = []
        for shapes, *args in cases:
            arrays = tuple(noncontiguous(uniform(rng, (4, 3))) if s == "nc" else uniform(rng, s)
                           for s in shapes)
            out.append(Sample(arrays + tuple(args)))
        return out

    return samples


def _entry(name, op, cases, ref, tref, **kw):
    register(OpInfo(name, op, _samples(cases), ref=ref, torch_ref=tref, **kw))


def _joined(fn):
    """A multi-output op checked through its outputs flattened and joined, each preceded by
    a marker of its shape (so the split points are compared too)."""
    def op(*args):
        return _join(fn(*args))

    return op


def _join(pieces):
    first = pieces[0]
    if isinstance(first, ag.Tensor):
        full, cat = (lambda v, p: ag.full((1,), v, dtype=p.dtype, device=p.device)), ag.cat
    elif isinstance(first, np.ndarray):
        full, cat = (lambda v, p: np.full(1, v, dtype=p.dtype)), np.concatenate
    else:  # torch
        import torch

        full, cat = (lambda v, p: torch.full((1,), v, dtype=p.dtype)), torch.cat
    parts = []
    for p in pieces:
        parts += [full(float(p.ndim * 100 + sum(p.shape)), p), p.reshape(-1)]
    return cat(parts)


# -- splits -----------------------------------------------------------------------------------

SPLITS = [(((3, 7),), 3, 1), (((3, 7),), [1, 5], 1), (((6, 2),), 4, 0), (((5, 4),), [2, 2, 9], 0),
          (("nc",), 2, 0)]
_entry("tensor_split", _joined(ag.tensor_split), SPLITS,
       _joined(lambda x, s, d: np.array_split(x, s, axis=d)),
       lambda t, x, s, d: _joined(t.tensor_split)(x, s, d))
_entry("hsplit", _joined(ag.hsplit), [(((3, 4),), 2), (((6,),), [2]), (((2, 6, 2),), 3)],
       _joined(np.hsplit), lambda t, x, s: _joined(t.hsplit)(x, s))
_entry("vsplit", _joined(ag.vsplit), [(((4, 3),), 2), (((5, 2, 2),), [1, 3])],
       _joined(np.vsplit), lambda t, x, s: _joined(t.vsplit)(x, s))
_entry("dsplit", _joined(ag.dsplit), [(((2, 3, 4),), 2), (((2, 1, 5),), [1, 4])],
       _joined(np.dsplit), lambda t, x, s: _joined(t.dsplit)(x, s))


# -- stacks and at-least ----------------------------------------------------------------------

STACKS = [((3,), (2,)), ((2, 3), (2, 1)), ((), (1,)), ((2, 2, 1), (2, 2, 3))]


def _stack_entry(name, cases, np_fn):
    _entry(name, lambda *xs, _n=name: getattr(ag, _n)(list(xs)), [(c,) for c in cases],
           lambda *xs: np_fn(list(xs)), lambda t, *xs, _n=name: getattr(t, _n)(list(xs)))


_stack_entry("hstack", [((3,), (2,)), ((2, 3), (2, 1)), ((2, 2, 1), (2, 1, 1))], np.hstack)
_stack_entry("vstack", [((3,), (3,)), ((2, 3), (1, 3)), ((), ())], np.vstack)
_stack_entry("dstack", [((3,), (3,)), ((2, 3), (2, 3)), ((2, 2, 1), (2, 2, 3))], np.dstack)
_stack_entry("column_stack", [((3,), (3, 2)), ((), ()), ((2, 1), (2,))], np.column_stack)
_stack_entry("row_stack", [((3,), (3,)), ((2, 3), (1, 3))], np.vstack)
for _k, _np_fn in ((1, np.atleast_1d), (2, np.atleast_2d), (3, np.atleast_3d)):
    _entry(f"atleast_{_k}d", getattr(ag, f"atleast_{_k}d"),
           [(((),),), (((3,),),), (((2, 3),),), (((2, 1, 2),),), (("nc",),)], _np_fn,
           lambda t, x, _k=_k: getattr(t, f"atleast_{_k}d")(x))


# -- diagonals -------------------------------------------------------------------------------

_entry("diagonal", ag.diagonal,
       [(((3, 4),),), (((3, 4),), 1), (((4, 3),), -2), (((2, 3, 4),), 1, 0, 2),
        (((2, 3, 4),), -1, 2, 1), (((3, 2),), 5), (("nc",), 1)],
       lambda x, o=0, a=0, b=1: np.diagonal(x, o, a, b),
       lambda t, x, *a: t.diagonal(x, *a))
_entry("diag_embed", ag.diag_embed,
       [(((3,),),), (((2, 3),), 1), (((2, 3),), -1, 0, 2), (((0,),),), (("nc",), 0, -1, 0)],
       None, lambda t, x, *a: t.diag_embed(x, *a))
_entry("diag", ag.diag, [(((3,),),), (((3,),), 2), (((3, 4),), -1), (((4, 3),), 1), (("nc",),)],
       np.diag, lambda t, x, *a: t.diag(x, *a))
_entry("diagflat", ag.diagflat, [(((2, 2),),), (((3,),), -1), (((),), 1)], np.diagflat,
       lambda t, x, *a: t.diagflat(x, *a))
_entry("trace", ag.trace, [(((3, 4),),), (((4, 3),),), (("nc",),), (((0, 2),),)], np.trace,
       lambda t, x: t.trace(x))


# -- grids and blocks --------------------------------------------------------------------------

for _indexing in ("ij", "xy"):
    for _k in range(2):
        _entry(f"meshgrid_{_indexing}_{_k}",
               lambda *xs, _i=_indexing, _k=_k: ag.meshgrid(*xs, indexing=_i)[_k],
               [(((3,), (4,)),), (((2,), (), (3,)),)],
               lambda *xs, _i=_indexing, _k=_k: np.meshgrid(*xs, indexing=_i)[_k],
               lambda t, *xs, _i=_indexing, _k=_k: t.meshgrid(*xs, indexing=_i)[_k])
_entry("cartesian_prod", ag.cartesian_prod, [(((3,), (2,)),), (((2,), (1,), (3,)),), (((4,),),)],
       lambda *xs: np.stack([g.ravel() for g in np.meshgrid(*xs, indexing="ij")], 1)
       if len(xs) > 1 else xs[0],
       lambda t, *xs: t.cartesian_prod(*xs))


def _np_block_diag(*xs):
    mats = [np.atleast_2d(x) for x in xs]
    out = np.zeros((sum(m.shape[0] for m in mats), sum(m.shape[1] for m in mats)))
    r = c = 0
    for m in mats:
        out[r:r + m.shape[0], c:c + m.shape[1]] = m
        r, c = r + m.shape[0], c + m.shape[1]
    return out


_entry("block_diag", ag.block_diag, [(((2, 3), (2,), ()),), (((1, 1), (0, 2), (3, 2)),)],
       _np_block_diag, lambda t, *xs: t.block_diag(*xs))


# -- reorderings and copies ------------------------------------------------------------------

_entry("rot90", ag.rot90, [(((3, 4),),), (((3, 4),), 2), (((2, 3, 4),), -1, (2, 0)),
                           (((2, 3, 4),), 3, [1, 2]), (("nc",), 5)],
       lambda x, k=1, dims=(0, 1): np.rot90(x, k, dims),
       lambda t, x, *a: t.rot90(x, *a))
_entry("ravel", ag.ravel, [(((3, 4),),), (((),),), (("nc",),)], np.ravel,
       lambda t, x: t.ravel(x))
_entry("flipud", ag.flipud, [(((3, 4),),), (((5,),),)], np.flipud, lambda t, x: t.flipud(x))
_entry("fliplr", ag.fliplr, [(((3, 4),),), (("nc",),)], np.fliplr, lambda t, x: t.fliplr(x))
_entry("narrow_copy", ag.narrow_copy, [(((3, 5),), 1, 1, 3), (((4, 2),), 0, 2, 2)],
       lambda x, d, s, n: np.take(x, np.arange(s % x.shape[d], s % x.shape[d] + n), axis=d),
       lambda t, x, *a: t.narrow_copy(x, *a))


def _repeat_samples(rng):
    return [Sample((uniform(rng, (2, 3)), 2)), Sample((uniform(rng, (2, 3)), 3), {"dim": 1}),
            Sample((uniform(rng, (4, 2)), np.array([1, 0, 2, 3])), {"dim": 0}),
            Sample((uniform(rng, ()), 2)), Sample((noncontiguous(uniform(rng, (4, 3))),
                                                   np.array([2])), {"dim": 1})]


register(OpInfo("repeat_interleave", ag.repeat_interleave, _repeat_samples,
                ref=lambda x, r, dim=None: np.repeat(x, r, axis=dim),
                torch_ref=lambda t, x, r, **kw: t.repeat_interleave(x, r, **kw)))


def _unfold_ref(x, dim, size, step):
    if x.ndim == 0:
        return x.reshape(1)
    dim %= x.ndim
    w = sliding_window_view(x, size, axis=dim)
    return np.take(w, np.arange(0, w.shape[dim], step), axis=dim)


register(OpInfo("Tensor.unfold", lambda x, *a: x.unfold(*a),
                lambda rng: [Sample((uniform(rng, (3, 7)), 1, 3, 2)),
                             Sample((uniform(rng, (5, 2)), 0, 2, 1)),
                             Sample((uniform(rng, (2, 4, 3)), -2, 4, 3)),
                             Sample((noncontiguous(uniform(rng, (4, 3))), 0, 3, 1)),
                             Sample((uniform(rng, ()), 0, 1, 1))],
                ref=_unfold_ref, torch_ref=lambda t, x, *a: x.unfold(*a)))


# -- nn.functional.unfold / fold --------------------------------------------------------------


def _im2col_samples(rng):
    return [Sample((uniform(rng, (2, 3, 5, 6)), 2)),
            Sample((uniform(rng, (1, 2, 5, 6)), (2, 3)),
                   {"dilation": (1, 2), "padding": 1, "stride": (2, 1)}),
            Sample((uniform(rng, (2, 4, 4)), 3), {"padding": (1, 0)})]


register(OpInfo("F.unfold", F.unfold, _im2col_samples,
                torch_ref=lambda t, x, k, **kw: t.nn.functional.unfold(x, k, **kw)))


def _col2im_samples(rng):
    return [Sample((uniform(rng, (2, 12, 20)), (5, 6), 2)),
            Sample((uniform(rng, (1, 12, 12)), (5, 6), (2, 3)),
                   {"dilation": 2, "padding": 1, "stride": (2, 1)}),
            Sample((uniform(rng, (18, 4)), (4, 4), 3), {"padding": (1, 0), "stride": (1, 3)})]


register(OpInfo("F.fold", F.fold, _col2im_samples,
                torch_ref=lambda t, x, size, k, **kw: t.nn.functional.fold(x, size, k, **kw)))
