"""Registry entries: shape ops.

Each sample's last argument (or keyword) is the op's shape/dim argument; the NumPy references
are written from NumPy's own functions, not from the implementation. Non-contiguous inputs
come from ``noncontiguous`` (Fortran order) or from a transposition inside the op.
"""

from __future__ import annotations

import numpy as np

import autograd as ag
from nn import functional as F
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform


def _entry(name, op, cases, ref, tref, **kw):
    """One entry whose samples are ``(shape | "noncontig", *args)`` cases of one input."""

    def samples(rng):
        out = []
        for shape, *args in cases:
            if shape == "noncontig":
                out.append(Sample((noncontiguous(uniform(rng, (4, 3))), *args), name="noncontig"))
            else:
                out.append(Sample((uniform(rng, shape), *args)))
        return out

    register(OpInfo(name, op, samples, ref=ref, torch_ref=tref, **kw))


# -- reshape family ---------------------------------------------------------------------------

_entry("reshape", lambda x, s: ag.reshape(x, s),
       [((3, 4), (2, 6)), ((3, 4), (-1,)), ((), (1, 1)), ((2, 3, 4), (4, -1, 2)),
        ((0, 3), (3, 0)), ("noncontig", (2, 6)), ("noncontig", (12,))],
       np.reshape, lambda t, x, s: x.reshape(s))
_entry("reshape_transposed", lambda x, s: x.mT.reshape(s),
       [((2, 3, 4), (2, 12)), ((2, 3, 4), (1, 2, 4, 3)), ((3, 1, 4), (2, 2, 3))],
       lambda x, s: np.reshape(np.swapaxes(x, -1, -2), s),
       lambda t, x, s: x.mT.reshape(s))
_entry("view", lambda x, *s: x.view(*s),
       [((3, 4), 4, 3), ((2, 3, 4), 6, -1), ((), 1), ((0, 3), 0, 1, 3), ((5,), (5, 1))],
       lambda x, *s: np.reshape(x, s[0] if isinstance(s[0], tuple) else s),
       lambda t, x, *s: x.view(*s))
# narrowing the last dim keeps the leading dims mergeable: a real view of a non-contiguous input
_entry("view_of_narrow", lambda x, s: x.narrow(2, 1, 2).view(s),
       [((2, 3, 4), (6, 2)), ((2, 3, 4), (2, 3, 1, 2))],
       lambda x, s: np.reshape(x[:, :, 1:3], s), lambda t, x, s: x.narrow(2, 1, 2).view(s))
_entry("flatten", lambda x, *a: ag.flatten(x, *a),
       [((2, 3, 4),), ((2, 3, 4), 1), ((2, 3, 4, 2), 1, -2), ((),), ((3, 4), 1, 1),
        ((0, 3),), ("noncontig",)],
       lambda x, s=0, e=-1: np.reshape(x, x.shape[:s] + (-1,) + x.shape[e % x.ndim + 1:])
       if x.ndim else np.reshape(x, (1,)),
       lambda t, x, *a: t.flatten(x, *a))
_entry("unflatten", lambda x, d, s: ag.unflatten(x, d, s),
       [((3, 6), 1, (2, 3)), ((6, 2), 0, (3, -1)), ((2, 3, 4), -1, (2, 1, 2)), ((0, 4), 1, (2, 2))],
       lambda x, d, s: np.reshape(
           x, x.shape[:d % x.ndim] + tuple(s) + x.shape[d % x.ndim + 1:]),
       lambda t, x, d, s: t.unflatten(x, d, s))
_entry("squeeze", lambda x, *d: ag.squeeze(x, *d),
       [((3, 1, 4, 1),), ((3, 1, 4), 1), ((1, 3, 1), -1), ((1, 3, 1), (0, 2)), ((3, 4), 0),
        ((),), ((), 0), ((1, 0),)],
       lambda x, d=None: np.squeeze(
           x, None if d is None else tuple(a for a in np.atleast_1d(d) % max(x.ndim, 1)
                                           if x.ndim and x.shape[a] == 1)),
       lambda t, x, *d: t.squeeze(x, *d))
_entry("unsqueeze", lambda x, d: ag.unsqueeze(x, d),
       [((3, 4), 0), ((3, 4), -1), ((3, 4), 1), ((), 0), ((0, 2), -2)],
       np.expand_dims, lambda t, x, d: t.unsqueeze(x, d))

# -- permutations -----------------------------------------------------------------------------

_entry("permute", lambda x, d: ag.permute(x, d),
       [((2, 3, 4), (2, 0, 1)), ((2, 3, 4), (-1, 0, -2)), ((), ()), ((0, 3), (1, 0)),
        ("noncontig", (1, 0))],
       np.transpose, lambda t, x, d: x.permute(d))
_entry("transpose", lambda x, a, b: ag.transpose(x, a, b),
       [((3, 4), 0, 1), ((2, 3, 4), -1, 0), ((2, 3, 4), 1, 1), ((), 0, -1), ("noncontig", 0, 1)],
       lambda x, a, b: np.swapaxes(x, a, b) if x.ndim else x,
       lambda t, x, a, b: t.transpose(x, a, b))
_entry("swapaxes", lambda x, a, b: x.swapaxes(a, b), [((2, 3, 4), 0, 2)], np.swapaxes,
       lambda t, x, a, b: x.swapaxes(a, b))
_entry("t", ag.t, [((3, 4),), ((5,),), ((),)], np.transpose, lambda t, x: x.t())
_entry("T", lambda x: x.T, [((2, 3, 4),), ((3,),)], lambda x: x.T,
       lambda t, x: x.permute(tuple(range(x.ndim - 1, -1, -1))))
_entry("mT", lambda x: x.mT, [((2, 3, 4),), ((3, 4),)], lambda x: np.swapaxes(x, -1, -2),
       lambda t, x: x.mT)
_entry("movedim", lambda x, s, d: ag.movedim(x, s, d),
       [((2, 3, 4), 0, -1), ((2, 3, 4, 5), (0, 1), (3, 0)), ((2, 3), -1, 0)],
       np.moveaxis, lambda t, x, s, d: t.movedim(x, s, d))

# -- broadcasting -----------------------------------------------------------------------------

_entry("expand", lambda x, *s: x.expand(*s),
       [((3, 1), 3, 4), ((4,), (2, 3, 4)), ((3, 1), -1, 5), ((), 2, 3), ((1, 0), 3, -1),
        ((2, 1, 3), 4, 2, 5, -1)],
       lambda x, *s: np.broadcast_to(x, _expanded(x.shape, s)),
       lambda t, x, *s: x.expand(*s))


def _expanded(shape, sizes):
    sizes = sizes[0] if len(sizes) == 1 and isinstance(sizes[0], tuple) else sizes
    lead = len(sizes) - len(shape)
    return tuple(shape[k - lead] if s == -1 else s for k, s in enumerate(sizes))


_entry("broadcast_to", lambda x, s: ag.broadcast_to(x, s),
       [((3, 1), (2, 3, 4)), ((4,), (3, 4)), ((), (0,))],
       np.broadcast_to, lambda t, x, s: t.broadcast_to(x, s))

# -- copies along dims -------------------------------------------------------------------------

_entry("repeat", lambda x, *r: x.repeat(*r),
       [((2, 3), 2, 2), ((2, 3), 1, 2, 3), ((), 3), ((3,), (2, 1)), ((0, 2), 2, 3),
        ("noncontig", 2, 1), ((2, 3), 1, 1)],
       lambda x, *r: np.tile(x, r[0] if isinstance(r[0], tuple) else r),
       lambda t, x, *r: x.repeat(*r))
_entry("tile", lambda x, d: ag.tile(x, d),
       [((2, 3), (2,)), ((3,), (2, 2)), ((2, 3), (3, 1))],
       np.tile, lambda t, x, d: t.tile(x, d))
_entry("flip", lambda x, d: ag.flip(x, d),
       [((3, 4), (0,)), ((2, 3, 4), (0, -1)), ((3, 4), 1), ((0, 3), (0,)), ((), ()),
        ("noncontig", (1,))],
       np.flip, lambda t, x, d: t.flip(x, d if isinstance(d, tuple) else (d,)))
_entry("roll", lambda x, s, *d: ag.roll(x, s, *d),
       [((3, 4), 2), ((3, 4), -5, 1), ((2, 3, 4), (1, -2), (0, 2)), ((0, 3), 1, 0),
        ("noncontig", 1, 0)],
       np.roll, lambda t, x, s, *d: t.roll(x, s, *d))
_entry("tril", lambda x, *k: ag.tril(x, *k),
       [((4, 4),), ((3, 5), 1), ((2, 4, 3), -1), ((0, 3),), ("noncontig",)],
       np.tril, lambda t, x, *k: t.tril(x, *k))
_entry("triu", lambda x, *k: ag.triu(x, *k),
       [((4, 4),), ((3, 5), -1), ((2, 4, 3), 2), ((0, 3),), ("noncontig",)],
       np.triu, lambda t, x, *k: t.triu(x, *k))
_entry("contiguous", lambda x: x.mT.contiguous(), [((3, 4),), ((2, 3, 4),), ((0, 3),)],
       lambda x: np.ascontiguousarray(np.swapaxes(x, -1, -2)),
       lambda t, x: x.mT.contiguous())

# -- slicing views ----------------------------------------------------------------------------

_entry("narrow", lambda x, d, s, n: ag.narrow(x, d, s, n),
       [((4, 5), 1, 1, 3), ((4, 5), -2, -3, 2), ((4, 5), 0, 4, 0), ((2, 3, 4), 2, 0, 4),
        ("noncontig", 0, 1, 2)],
       lambda x, d, s, n: np.take(x, range(s % x.shape[d] if s < 0 else s,
                                           (s % x.shape[d] if s < 0 else s) + n), axis=d),
       lambda t, x, d, s, n: t.narrow(x, d, s, n))


def _weighted_cat(pieces, dim):
    """All pieces, each scaled by its position: every output's gradient is checked."""
    return ag.cat([p * (k + 1) for k, p in enumerate(pieces)], dim)


def _weighted_cat_np(pieces, dim):
    return np.concatenate([p * (k + 1) for k, p in enumerate(pieces)], dim)


_entry("chunk", lambda x, c, d=0: _weighted_cat(ag.chunk(x, c, d), d),
       [((7, 2), 3), ((2, 6), 4, -1), ((2, 5), 1, 1), ("noncontig", 2, 1)],
       lambda x, c, d=0: _weighted_cat_np(
           np.split(x, range(-(-x.shape[d] // c), x.shape[d], -(-x.shape[d] // c)), d), d),
       lambda t, x, c, d=0: t.cat([p * (k + 1) for k, p in enumerate(t.chunk(x, c, d))], d))
_entry("chunk_one_output", lambda x, c, d=0: ag.chunk(x, c, d),
       [((7, 2), 3), ((3, 4), 2, 1)],
       lambda x, c, d=0: np.split(x, range(-(-x.shape[d] // c), x.shape[d],
                                           -(-x.shape[d] // c)), d)[1],
       lambda t, x, c, d=0: t.chunk(x, c, d), output_index=1)
_entry("split", lambda x, s, d=0: _weighted_cat(ag.split(x, s, d), d),
       [((7, 2), 3), ((2, 6), [1, 0, 5], -1), ((5, 3), [5]), ((0, 3), 2), ("noncontig", 1, 1)],
       lambda x, s, d=0: _weighted_cat_np(
           np.split(x, np.cumsum(s)[:-1] if isinstance(s, list)
                    else range(s, x.shape[d], s), d), d),
       lambda t, x, s, d=0: t.cat([p * (k + 1) for k, p in enumerate(t.split(x, s, d))], d))
_entry("split_with_sizes",
       lambda x, s, d=0: _weighted_cat(ag.split_with_sizes(x, s, d), d),
       [((2, 6), [1, 0, 5], -1), ((5, 3), [2, 3]), ("noncontig", [1, 2], 1)],
       lambda x, s, d=0: _weighted_cat_np(np.split(x, np.cumsum(s)[:-1], d), d),
       lambda t, x, s, d=0: t.cat([p * (k + 1) for k, p in
                                   enumerate(t.split_with_sizes(x, s, d))], d))


def _sum_to_size_np(x, *size):
    size = size[0] if len(size) == 1 and isinstance(size[0], tuple) else size
    lead = x.ndim - len(size)
    dims = tuple(range(lead)) + tuple(lead + k for k, s in enumerate(size)
                                      if s == 1 and x.shape[lead + k] != 1)
    return x.sum(dims, keepdims=True).reshape(size) if dims else x


_entry("sum_to_size", lambda x, *s: x.sum_to_size(*s),
       [((3, 4), 1, 4), ((2, 3, 4), (3, 1)), ((3, 4), 4), ((2, 1, 3), 1, 1, 3), ((3, 4), 3, 4),
        ((0, 3), 1, 3), ("noncontig", 4, 1)],
       _sum_to_size_np, lambda t, x, *s: x.sum_to_size(*s))


def _fill_diagonal_np(x, value, wrap=False):
    y = x.copy()
    np.fill_diagonal(y, value, wrap=wrap)
    return y


_entry("fill_diagonal_", lambda x, v, wrap=False: x.clone().fill_diagonal_(v, wrap),
       [((3, 3), 2.0), ((5, 2), -1.0, True), ((5, 2), -1.0), ((2, 4), 0.5), ((3, 3, 3), 1.5),
        ("noncontig", 0.25)],
       _fill_diagonal_np, lambda t, x, v, wrap=False: x.clone().fill_diagonal_(v, wrap))
_entry("unbind", lambda x, d=0: ag.stack([p * (k + 1) for k, p in enumerate(ag.unbind(x, d))],
                                         d),
       [((3, 4),), ((2, 3, 4), -1), ((3,),), ("noncontig", 1)],
       lambda x, d=0: x * np.expand_dims(np.arange(1, x.shape[d] + 1),
                                         tuple(a for a in range(x.ndim) if a != d % x.ndim)),
       lambda t, x, d=0: t.stack([p * (k + 1) for k, p in enumerate(t.unbind(x, d))], d))
_entry("unbind_one_output", lambda x, d=0: ag.unbind(x, d), [((3, 4), 1), ((4, 2, 3),)],
       lambda x, d=0: np.moveaxis(x, d, 0)[1], lambda t, x, d=0: t.unbind(x, d),
       output_index=1)


# -- joining ----------------------------------------------------------------------------------


def _cat_samples(rng):
    u = uniform
    return [
        Sample((u(rng, (2, 3)), u(rng, (4, 3))), name="dim0"),
        Sample((u(rng, (2, 3)), u(rng, (2, 1)), u(rng, (2, 4))), {"dim": -1}, name="three"),
        Sample((u(rng, (2, 0, 3)), u(rng, (2, 2, 3))), {"dim": 1}, name="empty-piece"),
        Sample((u(rng, (0,)), u(rng, (2, 3))), name="legacy-empty"),
        Sample((noncontiguous(u(rng, (4, 3))), u(rng, (4, 2))), {"dim": 1}, name="noncontig"),
        Sample((u(rng, (3,)),), name="single"),
        Sample((u(rng, (2, 2)), rng.integers(-3, 3, (1, 2))), name="int-promoted"),
    ]


def _cat_ref(*xs, dim=0):
    kept = [x for x in xs if x.shape != (0,)] or list(xs)
    return np.concatenate(kept, dim)


register(OpInfo("cat", lambda *xs, dim=0: ag.cat(xs, dim), _cat_samples, ref=_cat_ref,
                torch_ref=lambda t, *xs, dim=0: t.cat(xs, dim)))
register(OpInfo("concatenate", lambda *xs, dim=0: ag.concatenate(list(xs), dim=dim),
                lambda rng: _cat_samples(rng)[:2], ref=_cat_ref,
                torch_ref=lambda t, *xs, dim=0: t.concatenate(xs, dim=dim)))


def _stack_samples(rng):
    u = uniform
    return [
        Sample((u(rng, (2, 3)), u(rng, (2, 3))), name="dim0"),
        Sample((u(rng, (2, 3)), u(rng, (2, 3)), u(rng, (2, 3))), {"dim": -1}, name="last"),
        Sample((u(rng, ()), u(rng, ())), name="0d"),
        Sample((u(rng, (0, 2)), u(rng, (0, 2))), {"dim": 1}, name="empty"),
        Sample((noncontiguous(u(rng, (4, 3))), u(rng, (4, 3))), {"dim": 1}, name="noncontig"),
        Sample((u(rng, (3,)), rng.integers(-3, 3, (3,))), name="int-promoted"),
    ]


register(OpInfo("stack", lambda *xs, dim=0: ag.stack(xs, dim), _stack_samples,
                ref=lambda *xs, dim=0: np.stack(xs, dim),
                torch_ref=lambda t, *xs, dim=0: t.stack(xs, dim)))

# -- pad --------------------------------------------------------------------------------------

_NP_MODE = {"constant": "constant", "reflect": "reflect", "replicate": "edge",
            "circular": "wrap"}


def _pad_ref(x, pad, mode="constant", value=None):
    """NumPy pad of the last dims. Negative pads crop: after padding in reflect and replicate
    mode, before it in circular and constant mode (as PyTorch does)."""
    if not pad:
        return x.copy()
    n = len(pad) // 2
    widths = [(0, 0)] * (x.ndim - n) + [(pad[2 * i], pad[2 * i + 1])
                                        for i in range(n - 1, -1, -1)]
    crop = tuple(slice(max(-lo, 0), None if hi >= 0 else hi) for lo, hi in widths)
    grow = [(max(lo, 0), max(hi, 0)) for lo, hi in widths]
    kw = {"constant_values": value or 0} if mode == "constant" else {}
    if mode in ("constant", "circular"):
        return np.pad(x[crop], grow, mode=_NP_MODE[mode], **kw)
    return np.pad(x, grow, mode=_NP_MODE[mode])[crop]


def _pad_entry(name, mode, cases):
    _entry(name, lambda x, p, **kw: F.pad(x, p, mode=mode, **kw), cases,
           lambda x, p, **kw: _pad_ref(x, p, mode, **kw),
           lambda t, x, p, **kw: t.nn.functional.pad(x, p, mode=mode, **kw))


_pad_entry("pad_constant", "constant",
           [((3, 4), (1, 2)), ((2, 3, 4), (1, 0, 2, 1)), ((3, 4), (-1, 2, 1, -2)),
            ((2, 3, 4), (0, 0, 0, 0, 1, 1)), ((0, 3), (1, 1, 1, 1)), ((), ()),
            ("noncontig", (2, 1, 1, 0))])
_entry("pad_constant_value", lambda x, p, v: F.pad(x, p, value=v),
       [((3, 4), (1, 2), 1.5), ((2, 3), (1, 1, -1, 1), -2.0)],
       lambda x, p, v: _pad_ref(x, p, "constant", v),
       lambda t, x, p, v: t.nn.functional.pad(x, p, value=v))
_pad_entry("pad_reflect", "reflect",
           [((2, 5), (2, 3)), ((2, 4, 5), (1, 2, 3, 1)), ((2, 4), (2, -2)), ((2, 4), (-1, 3)),
            ("noncontig", (1, 1))])
_pad_entry("pad_replicate", "replicate",
           [((2, 5), (2, 3)), ((2, 3, 4), (1, 2, 5, 1)), ((2, 4), (2, -2)), ((2, 4), (-3, 6)),
            ("noncontig", (2, 1))])
_pad_entry("pad_circular", "circular",
           [((2, 5), (2, 3)), ((2, 3, 4), (1, 2, 3, 1)), ((2, 4), (2, -2)), ((2, 4), (-2, 2)),
            ("noncontig", (3, 1))])


def _expand_as_samples(rng):
    return [Sample((uniform(rng, (3, 1)), uniform(rng, (2, 3, 4)))),
            Sample((uniform(rng, ()), uniform(rng, (2, 2))))]


register(OpInfo("expand_as", lambda x, y: x.expand_as(y) * 1, _expand_as_samples,
                ref=lambda x, y: np.broadcast_to(x, y.shape),
                torch_ref=lambda t, x, y: x.expand_as(y) * 1))
