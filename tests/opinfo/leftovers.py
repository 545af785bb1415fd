"""Registry entries: the ``*_copy`` forms of the view ops, ``constant_pad_nd`` and
``convolution`` at top level (``autograd.ops.leftovers``, ``autograd.ops.nn.toplevel``).

The NumPy references are the views taken with NumPy (transpose, diagonal, slicing,
sliding_window_view ...) and np.pad; the splits are checked through their pieces joined.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import autograd as ag
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform
from tests.opinfo.shape_more import _join, _joined


def _entry(name, samples, ref, **kw):
    register(OpInfo(name, getattr(ag, name), samples, ref=ref,
                    torch_ref=lambda t, *a, **k: getattr(t, name)(*a, **k), **kw))


def _samples(*cases):
    def samples(rng):
        return [Sample((noncontiguous(uniform(rng, (4, 3))) if shape == "nc"
                        else uniform(rng, shape),) + tuple(args)) for shape, *args in cases]

    return samples


_entry("view_copy", _samples(((2, 3, 4), (4, 6)), ((3, 4), (12,)), ((), (1, 1))),
       lambda x, s: x.reshape(s))
_entry("permute_copy", _samples(((2, 3, 4), (2, 0, 1)), ("nc", (1, 0)), ((), ())),
       lambda x, d: np.transpose(x, d))
_entry("transpose_copy", _samples(((2, 3, 4), 0, 2), ("nc", -1, 0)),
       lambda x, a, b: np.swapaxes(x, a, b))
_entry("t_copy", _samples(((3, 4),), ("nc",), ((5,),)), lambda x: x.T)
_entry("squeeze_copy", _samples(((3, 1, 4, 1),), ((3, 1, 4, 1), 1), ((1, 3, 1), (0, 2))),
       lambda x, d=None: np.squeeze(x, d))
_entry("unsqueeze_copy", _samples(((3, 4), 1), ("nc", -1), ((), 0)),
       lambda x, d: np.expand_dims(x, d))
_entry("expand_copy", _samples(((3, 1), (2, 3, 4)), ((4,), (3, 4)), ((), (2,))),
       lambda x, s: np.broadcast_to(x, s).copy())
_entry("diagonal_copy", _samples(((3, 4),), ((2, 3, 4), 1, 1, 2), ("nc", -1)),
       lambda x, o=0, a=0, b=1: np.diagonal(x, o, a, b).copy())
_entry("select_copy", _samples(((2, 3, 4), 1, -1), ("nc", 0, 2)),
       lambda x, d, i: np.take(x, i, axis=d))
_entry("slice_copy", _samples(((2, 7), 1, 1, None, 2), ("nc", 0, -3), ((5,),)),
       lambda x, d=0, s=None, e=None, st=1: x[(slice(None),) * d + (slice(s, e, st),)])
_entry("unfold_copy", _samples(((3, 7), 1, 3, 2), ("nc", 0, 2, 1)),
       lambda x, d, n, st: np.take(sliding_window_view(x, n, axis=d),
                                   np.arange(0, x.shape[d] - n + 1, st), axis=d))
_entry("alias_copy", _samples(((3, 4),), ("nc",), ((),)), lambda x: x.copy())
_entry("detach_copy", _samples(((3, 4),), ("nc",)), lambda x: x.copy(), differentiable=False)

for _name, _cases, _ref in [
        ("split_copy", [((7, 2), 3), ("nc", 2, 1)],
         lambda x, s, d=0: np.array_split(x, range(s, x.shape[d], s), axis=d)),
        ("split_with_sizes_copy", [((7, 2), [3, 4]), ("nc", [1, 2], 1)],
         lambda x, s, d=0: np.split(x, np.cumsum(s)[:-1], axis=d)),
        ("unbind_copy", [((3, 4),), ("nc", 1)],
         lambda x, d=0: [np.take(x, k, axis=d) for k in range(x.shape[d])])]:
    register(OpInfo(_name, _joined(getattr(ag, _name)), _samples(*_cases),
                    ref=lambda *a, _r=_ref: _join(_r(*a)),
                    torch_ref=lambda t, *a, _n=_name: _join(getattr(t, _n)(*a))))


def _pad_ref(x, pad, value=0.0):
    widths = [(0, 0)] * (x.ndim - len(pad) // 2) + [
        (pad[2 * k], pad[2 * k + 1]) for k in reversed(range(len(pad) // 2))]
    lo = [max(-a, 0) for a, _ in widths]
    hi = [x.shape[k] - max(-b, 0) for k, (_, b) in enumerate(widths)]
    x = x[tuple(slice(a, b) for a, b in zip(lo, hi))]
    return np.pad(x, [(max(a, 0), max(b, 0)) for a, b in widths], constant_values=value)


_entry("constant_pad_nd", _samples(((2, 3), [1, 2], 5.0), ((2, 3, 4), [1, 0, -1, 2]),
                                   ("nc", [-1, 1])), _pad_ref)


def _conv_samples(rng):
    return [Sample((uniform(rng, (2, 2, 5)), uniform(rng, (3, 2, 2)), uniform(rng, (3,)),
                    [1], [0], [1], False, [0], 1)),
            Sample((uniform(rng, (1, 2, 4)), uniform(rng, (2, 3, 2)), None, [2], [1], [1],
                    True, [1], 1)),
            Sample((uniform(rng, (1, 4, 4, 5)), uniform(rng, (4, 2, 2, 3)), uniform(rng, (4,)),
                    [1, 2], [1, 0], [1, 1], False, [0, 0], 2))]


register(OpInfo("convolution", ag.convolution, _conv_samples,
                torch_ref=lambda t, *a: t.convolution(*a)))
