"""Registry entries: pooling (max_pool1d, max_pool2d, avg_pool2d, adaptive_avg_pool2d,
fractional_max_pool2d/3d with fixed ``_random_samples``).

Max pooling is differentiable away from ties, so its samples hold distinct values (a scaled
random permutation). The NumPy references loop over output positions: slow, but plain.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np

import autograd as ag
from nn import functional as F
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform


def distinct(rng: np.random.Generator, shape: tuple) -> np.ndarray:
    """Float64 values in [-2, 2) that are pairwise at least 4 / size apart (no ties)."""
    n = math.prod(shape)
    return (rng.permutation(n).reshape(shape) * (4.0 / max(n, 1)) - 2.0).astype(np.float64)


def _pair(v, n):
    return (v,) * n if isinstance(v, (int, float)) else tuple(v) * (n if len(v) == 1 else 1)


def _out_size(n, k, s, p, d, ceil):
    o = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)) // s + 1
    return o - 1 if ceil and (o - 1) * s >= n + p else o


def _ref_max(nd, x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
             return_indices=False):
    k = _pair(kernel_size, nd)
    s = k if stride is None else _pair(stride, nd)
    p, d = _pair(padding, nd), _pair(dilation, nd)
    size = x.shape[-nd:]
    out = tuple(_out_size(*a, ceil_mode) for a in zip(size, k, s, p, d))
    y = np.empty(x.shape[:-nd] + out)
    idx = np.empty(y.shape, dtype=np.int64)
    for lead in np.ndindex(*x.shape[:-nd]):
        for o in np.ndindex(*out):
            best, where = -np.inf, None
            for off in np.ndindex(*k):
                pos = tuple(oi * si - pi + ki * di for oi, si, pi, ki, di in zip(o, s, p, off, d))
                if all(0 <= q < n for q, n in zip(pos, size)) and (
                        where is None or x[lead + pos] > best):
                    best, where = x[lead + pos], pos
            y[lead + o] = best
            idx[lead + o] = np.ravel_multi_index(where, size)
    return (y, idx) if return_indices else y


def _ref_avg(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
             divisor_override=None):
    k = _pair(kernel_size, 2)
    s = k if stride is None else _pair(stride, 2)
    p = _pair(padding, 2)
    size = x.shape[-2:]
    out = tuple(_out_size(*a, 1, ceil_mode) for a in zip(size, k, s, p))
    y = np.empty(x.shape[:-2] + out)
    for lead in np.ndindex(*x.shape[:-2]):
        for o in np.ndindex(*out):
            lo = [oi * si - pi for oi, si, pi in zip(o, s, p)]
            hi = [min(a + ki, n + pi) for a, ki, n, pi in zip(lo, k, size, p)]
            clo = [max(a, 0) for a in lo]
            chi = [min(b, n) for b, n in zip(hi, size)]
            total = x[lead + (slice(clo[0], chi[0]), slice(clo[1], chi[1]))].sum()
            if divisor_override is not None:
                div = divisor_override
            elif count_include_pad:
                div = (hi[0] - lo[0]) * (hi[1] - lo[1])
            else:
                div = (chi[0] - clo[0]) * (chi[1] - clo[1])
            y[lead + o] = total / div
    return y


def _ref_adaptive(x, output_size):
    if isinstance(output_size, int) or output_size is None:
        output_size = (output_size, output_size)
    size = x.shape[-2:]
    out = tuple(n if o is None else o for n, o in zip(size, output_size))
    y = np.empty(x.shape[:-2] + out)
    for i, j in itertools.product(range(out[0]), range(out[1])):
        r0, r1 = i * size[0] // out[0], -(-(i + 1) * size[0] // out[0])
        c0, c1 = j * size[1] // out[1], -(-(j + 1) * size[1] // out[1])
        y[..., i, j] = x[..., r0:r1, c0:c1].mean(axis=(-2, -1))
    return y


# (kernel_size, stride, padding, dilation, ceil_mode) over a (2, 2, 5, 6) input
MAX2D_GRID = [
    (2, None, 0, 1, False), (3, None, 0, 1, False), (2, 1, 0, 1, False), (3, 2, 1, 1, False),
    (3, 2, 1, 1, True), (2, 2, 1, 1, True), (2, 1, 0, 2, False), (3, 2, 1, 2, True),
    ((2, 3), (1, 2), (1, 0), 1, False), ((3, 2), 2, (1, 1), (1, 2), True), (1, 1, 0, 1, False),
    (4, 3, 2, 1, True),
]
MAX1D_GRID = [
    (2, None, 0, 1, False), (3, 1, 1, 1, False), (3, 2, 1, 2, True), (4, 3, 2, 1, True),
    (2, 3, 0, 1, False), (1, 2, 0, 1, True),
]
# (kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)
AVG_GRID = [
    (2, None, 0, False, True, None), (3, 1, 1, False, True, None), (3, 1, 1, False, False, None),
    (3, 2, 1, True, True, None), (3, 2, 1, True, False, None), (2, 2, 1, True, True, None),
    ((2, 3), (1, 2), (1, 0), False, True, None), (2, 1, 0, False, True, 3),
    (3, 2, 1, True, False, 5),
]
ADAPTIVE_SIZES = [1, (5, 3), (2, 3), (3, 4), 4, (None, 4), (3, None), (7, 8)]


def _max_kwargs(grid):
    keys = ("kernel_size", "stride", "padding", "dilation", "ceil_mode")
    return [dict(zip(keys, g)) for g in grid]


def _max_samples(shape, unbatched, grid, return_indices=False):
    def samples(rng):
        out = []
        extra = {"return_indices": True} if return_indices else {}
        for kw in _max_kwargs(grid):
            out.append(Sample((distinct(rng, shape),), {**kw, **extra}))
        first = {**_max_kwargs(grid)[1], **extra}
        out.append(Sample((distinct(rng, unbatched),), first, "unbatched"))
        out.append(Sample((noncontiguous(distinct(rng, shape)),), first, "noncontig"))
        out.append(Sample((np.zeros((0,) + shape[1:]),), first, "empty-batch"))
        return out

    return samples


def _max_entry(name, nd, fn, shape, unbatched, grid):
    torch_name = f"max_pool{nd}d"
    register(OpInfo(name, fn, _max_samples(shape, unbatched, grid),
                    ref=lambda x, **kw: _ref_max(nd, x, **kw),
                    torch_ref=lambda t, x, **kw: getattr(t.nn.functional, torch_name)(x, **kw)))
    register(OpInfo(f"{name}_indices", fn, _max_samples(shape, unbatched, grid, True),
                    ref=lambda x, **kw: _ref_max(nd, x, **kw),
                    torch_ref=lambda t, x, **kw: getattr(t.nn.functional, torch_name)(x, **kw),
                    output_index=1, differentiable=False))


_max_entry("max_pool2d", 2, F.max_pool2d, (2, 2, 5, 6), (2, 5, 6), MAX2D_GRID)
_max_entry("max_pool1d", 1, F.max_pool1d, (2, 3, 7), (3, 7), MAX1D_GRID)


def _avg_samples(rng):
    keys = ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
            "divisor_override")
    out = [Sample((uniform(rng, (2, 2, 5, 6)),), dict(zip(keys, g))) for g in AVG_GRID]
    kw = dict(zip(keys, AVG_GRID[4]))
    out.append(Sample((uniform(rng, (2, 5, 6)),), kw, "unbatched"))
    out.append(Sample((noncontiguous(uniform(rng, (2, 2, 5, 6))),), kw, "noncontig"))
    out.append(Sample((np.zeros((0, 2, 5, 6)),), kw, "empty-batch"))
    return out


register(OpInfo("avg_pool2d", F.avg_pool2d, _avg_samples, ref=_ref_avg,
                torch_ref=lambda t, x, **kw: t.nn.functional.avg_pool2d(x, **kw)))


def _adaptive_samples(rng):
    out = [Sample((uniform(rng, (2, 2, 7, 6)),), {"output_size": s}) for s in ADAPTIVE_SIZES]
    out.append(Sample((uniform(rng, (2, 7, 6)),), {"output_size": (3, 4)}, "unbatched"))
    out.append(Sample((noncontiguous(uniform(rng, (2, 2, 7, 6))),), {"output_size": (3, 4)},
                      "noncontig"))
    return out


register(OpInfo("adaptive_avg_pool2d", F.adaptive_avg_pool2d, _adaptive_samples,
                ref=_ref_adaptive,
                torch_ref=lambda t, x, **kw: t.nn.functional.adaptive_avg_pool2d(x, **kw)))


# -- fractional max pooling: fixed _random_samples (in the input's dtype) in both libraries ------

def _frac_windows(u, size, out, k):
    """PyTorch's window starts along one dim, computed in u's dtype as its CPU kernel."""
    if out == 0:
        return []
    alpha = u.dtype.type(size - k) / u.dtype.type(max(out - 1, 1))
    seq = [int((u.dtype.type(i) + u) * alpha) - int(u * alpha) for i in range(out - 1)]
    return seq + [size - k]


def _ref_frac(nd, x, kernel_size, output_size=None, output_ratio=None, return_indices=False,
              *, samples):
    k = _pair(kernel_size, nd)
    size = x.shape[-nd:]
    out = (_pair(output_size, nd) if output_size is not None else
           tuple(int(s * r) for s, r in zip(size, _pair(output_ratio, nd))))
    lead = x.shape[:-nd]
    y = np.empty(lead + out)
    idx = np.empty(lead + out, dtype=np.int64)
    slot = (1, 0) if nd == 2 else (0, 1, 2)
    for plane in np.ndindex(*lead):
        u = samples[(0,) + plane if len(plane) == 1 else plane]
        starts = [_frac_windows(u[slot[d]], size[d], out[d], k[d]) for d in range(nd)]
        for o in np.ndindex(*out):
            window = tuple(slice(starts[d][o[d]], starts[d][o[d]] + k[d]) for d in range(nd))
            w = x[plane + window]
            at = np.unravel_index(int(np.argmax(w)), w.shape)
            y[plane + o] = w[at]
            idx[plane + o] = np.ravel_multi_index(
                tuple(starts[d][o[d]] + at[d] for d in range(nd)), size)
    return (y, idx) if return_indices else y


def _fixed(samples):
    if samples is None:  # each library would draw its own windows: nothing to compare
        raise TypeError("the fractional_max_pool entries need fixed samples")


def _frac_op(nd):
    fn = getattr(F, f"fractional_max_pool{nd}d")

    def op(x, *args, samples, **kw):
        _fixed(samples)
        rs = samples if not isinstance(samples, np.ndarray) else ag.tensor(
            samples, dtype=getattr(x, "dtype", None), device=getattr(x, "device", None))
        return fn(x, *args, _random_samples=rs, **kw)

    return op


def _frac_torch(nd):
    def ref(t, x, *args, samples, **kw):
        _fixed(samples)
        rs = samples if not isinstance(samples, np.ndarray) else t.tensor(
            samples, dtype=x.dtype if isinstance(x, t.Tensor) else None)
        return getattr(t.nn.functional, f"fractional_max_pool{nd}d")(
            x, *args, _random_samples=rs, **kw)

    return ref


def _frac_samples_of(nd, cases, return_indices):
    def samples(rng):
        # samples on a 1/128 grid (exact in float32), so float32 and float64 get one window set
        def draw(n, c):
            return (rng.integers(3, 125, (n, c, nd)) / 128.0).astype(np.float64)

        out = []
        for shape, kw, name in cases:
            n = shape[0] if len(shape) == nd + 2 else 1
            kw = {**kw, "samples": draw(max(n, 1), shape[-nd - 1])}
            if return_indices:
                kw["return_indices"] = True
            x = np.zeros(shape) if 0 in shape else distinct(rng, shape)
            x = noncontiguous(x) if name == "noncontig" else x
            out.append(Sample((x,), kw, name))
        return out

    return samples


FRAC_CASES = {
    2: [((2, 3, 7, 8), {"kernel_size": 3, "output_size": (4, 5)}, ""),
        ((2, 2, 9, 8), {"kernel_size": (2, 3), "output_ratio": (0.5, 0.6)}, ""),
        ((1, 2, 6, 7), {"kernel_size": 2, "output_size": (5, 6)}, "overlapping"),
        ((2, 2, 5, 6), {"kernel_size": 2, "output_size": 1}, "one-window"),
        ((3, 7, 8), {"kernel_size": 2, "output_size": 4}, "unbatched"),
        ((2, 3, 7, 8), {"kernel_size": 3, "output_size": (4, 5)}, "noncontig"),
        ((0, 3, 7, 8), {"kernel_size": 2, "output_size": 3}, "empty-batch")],
    3: [((1, 2, 5, 6, 7), {"kernel_size": 2, "output_size": (3, 4, 5)}, ""),
        ((2, 5, 6, 7), {"kernel_size": (2, 1, 3), "output_ratio": 0.5}, "unbatched"),
        ((2, 1, 5, 6, 7), {"kernel_size": 2, "output_size": (3, 4, 5)}, "noncontig")],
}

for _nd, _cases in FRAC_CASES.items():
    register(OpInfo(f"fractional_max_pool{_nd}d", _frac_op(_nd),
                    _frac_samples_of(_nd, _cases, False),
                    ref=functools.partial(_ref_frac, _nd), torch_ref=_frac_torch(_nd)))
    register(OpInfo(f"fractional_max_pool{_nd}d_indices", _frac_op(_nd),
                    _frac_samples_of(_nd, _cases, True),
                    ref=functools.partial(_ref_frac, _nd), torch_ref=_frac_torch(_nd),
                    output_index=1, differentiable=False))
