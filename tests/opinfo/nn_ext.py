"""Registry entries: the longer tail of ``nn.functional`` -- more activations, 3-d convolution,
more pooling, resampling (interpolate, pixel/channel shuffle, grid_sample, affine_grid),
distances, instance and local response norm, embedding_bag, fold/unfold.

Piecewise activations draw their samples away from their kinks. NumPy references are
written from the definitions where they are short; the layout-heavy ops (convolution,
pooling, resampling) are compared with PyTorch, and their gradients checked by gradcheck.
"""

from __future__ import annotations

import numpy as np

from nn import functional as F
from tests.opinfo import OpInfo, Sample, away_from, noncontiguous, positive, register, uniform

SHAPES = [(3, 4), (), (2, 3, 2), (0, 3)]


def _act_samples(kinks=(0.0,), low=-4.0, high=4.0):
    def samples(rng):
        out = [Sample((away_from(rng, s, kinks, low=low, high=high),)) for s in SHAPES]
        out.append(Sample((noncontiguous(away_from(rng, (4, 3), kinks, low=low, high=high)),),
                          name="noncontig"))
        return out

    return samples


def _tf(name, **fixed):
    return lambda t, *a, **kw: getattr(t.nn.functional, name)(*a, **fixed, **kw)


def _act(name, fn, ref, kinks=(0.0,), torch_name=None, **fixed):
    register(OpInfo(name, lambda x: fn(x, **fixed), _act_samples(kinks), ref=ref,
                    torch_ref=_tf(torch_name or name, **fixed)))


_SELU_A, _SELU_S = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


def _sig(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


_act("hardtanh", F.hardtanh, lambda x: np.clip(x, -1, 1), (-1.0, 1.0))
_act("hardtanh_range", F.hardtanh, lambda x: np.clip(x, -2, 0.5), (-2.0, 0.5),
     torch_name="hardtanh", min_val=-2.0, max_val=0.5)
_act("relu6", F.relu6, lambda x: np.clip(x, 0, 6), (0.0, 6.0))
_act("hardsigmoid", F.hardsigmoid, lambda x: np.clip(x / 6 + 0.5, 0, 1), (-3.0, 3.0))
_act("hardswish", F.hardswish, lambda x: x * np.clip(x / 6 + 0.5, 0, 1), (-3.0, 3.0))
_act("softshrink", F.softshrink, lambda x: np.where(np.abs(x) > 0.5, x - np.sign(x) * 0.5, 0),
     (-0.5, 0.5))
_act("hardshrink", F.hardshrink, lambda x: np.where(np.abs(x) > 0.5, x, 0), (-0.5, 0.5))
_act("threshold", F.threshold, lambda x: np.where(x > 0.3, x, -1.0), (0.3,),
     threshold=0.3, value=-1.0)
_act("selu", F.selu, lambda x: _SELU_S * np.where(x > 0, x, _SELU_A * np.expm1(x)))
_act("celu", F.celu, lambda x: np.where(x > 0, x, 0.7 * np.expm1(x / 0.7)), alpha=0.7)
_act("mish", F.mish, lambda x: x * np.tanh(np.logaddexp(0, x)), ())
_act("softsign", F.softsign, lambda x: x / (1 + np.abs(x)), ())
_act("tanhshrink", F.tanhshrink, lambda x: x - np.tanh(x), ())
_act("logsigmoid", F.logsigmoid, lambda x: -np.logaddexp(0, -x), ())
_act("rrelu_eval", F.rrelu, lambda x: np.where(x >= 0, x, x * (1 / 8 + 1 / 3) / 2),
     torch_name="rrelu")


def _prelu_samples(rng):
    return [Sample((away_from(rng, (2, 3, 4)), uniform(rng, (3,)))),
            Sample((away_from(rng, (5, 3)), uniform(rng, (1,)))),
            Sample((away_from(rng, (4,)), uniform(rng, (1,))), name="1d")]


def _np_prelu(x, w):
    shape = [1] * x.ndim
    if w.size > 1:
        shape[1] = w.size
    return np.where(x > 0, x, w.reshape(shape) * x)


register(OpInfo("prelu", F.prelu, _prelu_samples, ref=_np_prelu, torch_ref=_tf("prelu")))


def _glu_ref(x, dim=-1):
    a, b = np.split(x, 2, axis=dim)
    return a * _sig(b)


register(OpInfo("glu", F.glu, lambda rng: [Sample((uniform(rng, (3, 4)),)),
                                           Sample((uniform(rng, (4, 3)),), {"dim": 0})],
                ref=_glu_ref, torch_ref=_tf("glu")))

# -- convolution 3-d -------------------------------------------------------------------------------


def _conv3d_samples(rng):
    return [Sample((uniform(rng, (2, 2, 4, 3, 4)), uniform(rng, (3, 2, 2, 2, 3)),
                    uniform(rng, (3,)))),
            Sample((uniform(rng, (1, 4, 3, 4, 3)), uniform(rng, (2, 2, 2, 1, 2))),
                   {"stride": (2, 1, 1), "padding": 1, "dilation": (1, 2, 1), "groups": 2}),
            Sample((uniform(rng, (2, 3, 3, 3)), uniform(rng, (2, 2, 3, 1, 2))),
                   {"padding": "same"}, "unbatched_same")]


def _convt3d_samples(rng):
    return [Sample((uniform(rng, (2, 2, 2, 3, 2)), uniform(rng, (2, 3, 2, 2, 3)),
                    uniform(rng, (3,)))),
            Sample((uniform(rng, (1, 4, 2, 2, 3)), uniform(rng, (4, 1, 2, 2, 2))),
                   {"stride": (2, 1, 2), "padding": (1, 0, 1), "output_padding": (1, 0, 1),
                    "groups": 2}),
            Sample((uniform(rng, (2, 2, 3, 2)), uniform(rng, (2, 2, 2, 2, 1))),
                   {"stride": 3, "dilation": (2, 1, 1)}, "unbatched")]


register(OpInfo("conv3d", F.conv3d, _conv3d_samples, torch_ref=_tf("conv3d"),
                float32_atol=1e-3))
register(OpInfo("conv_transpose3d", F.conv_transpose3d, _convt3d_samples,
                torch_ref=_tf("conv_transpose3d"), float32_atol=1e-3))

# -- pooling -------------------------------------------------------------------------------------


def _pool_entry(name, cases, make=uniform):
    def samples(rng):
        return [Sample((make(rng, shape),) + tuple(args), dict(kw)) for shape, args, kw
                in cases]

    register(OpInfo(name, getattr(F, name), samples, torch_ref=_tf(name)))


_pool_entry("max_pool3d", [((1, 2, 4, 4, 5), (2,), {}),
                           ((2, 3, 4, 5), ((2, 2, 3),), {"stride": 1, "padding": (1, 0, 1)}),
                           ((1, 1, 5, 5, 5), (3,), {"stride": 2, "ceil_mode": True,
                                                    "dilation": (1, 1, 2)})])
_pool_entry("avg_pool1d", [((2, 3, 7), (3,), {}), ((3, 6), (2,), {"stride": 1, "padding": 1}),
                           ((1, 2, 8), (3,), {"stride": 2, "padding": 1, "ceil_mode": True,
                                              "count_include_pad": False})])
_pool_entry("avg_pool3d", [((1, 2, 4, 4, 4), (2,), {}),
                           ((2, 3, 4, 5), ((2, 1, 3),), {"stride": 1, "padding": (1, 0, 1),
                                                          "count_include_pad": False}),
                           ((1, 1, 4, 4, 4), (3,), {"stride": 2, "padding": 1,
                                                    "divisor_override": 5})])
_pool_entry("adaptive_max_pool1d", [((2, 3, 7), (3,), {}), ((3, 5), (5,), {}),
                                    ((1, 2, 9), (4,), {})])
_pool_entry("adaptive_max_pool2d", [((2, 3, 7, 5), ((3, 2),), {}), ((3, 5, 6), (4,), {}),
                                    ((1, 2, 4, 4), ((None, 3),), {})])
_pool_entry("adaptive_max_pool3d", [((1, 2, 5, 4, 6), ((2, 3, 4),), {}),
                                    ((2, 3, 3, 4), (2,), {})])
_pool_entry("adaptive_avg_pool1d", [((2, 3, 7), (3,), {}), ((3, 5), (5,), {})])
_pool_entry("adaptive_avg_pool3d", [((1, 2, 5, 4, 6), ((2, 3, 4),), {}),
                                    ((2, 4, 4, 4), (2,), {})])
# lp pooling of positive inputs: x^p for a fractional p, and the root of a sum near 0, are
# not differentiable for negative ones
_pool_entry("lp_pool1d", [((2, 3, 7), (2.0, 3), {}), ((1, 2, 8), (3.0, 2), {"stride": 1})],
            positive)
_pool_entry("lp_pool2d", [((2, 3, 6, 5), (2.0, 2), {}),
                          ((1, 2, 5, 5), (1.5, (2, 3)), {"stride": (1, 2)})], positive)


def _window_argmax_2d(rng, n, c, oh, ow, k):
    """Flat positions (one per k x k window of an (oh k, ow k) plane) as max_pool2d gives."""
    di = rng.integers(0, k, (n, c, oh, ow))
    dj = rng.integers(0, k, (n, c, oh, ow))
    rows = np.arange(oh)[:, None] * k + di
    cols = np.arange(ow)[None, :] * k + dj
    return rows * (ow * k) + cols


register(OpInfo("max_unpool2d", F.max_unpool2d,
                lambda rng: [Sample((uniform(rng, (2, 3, 2, 3)),
                                     _window_argmax_2d(rng, 2, 3, 2, 3, 2), 2)),
                             Sample((uniform(rng, (1, 2, 2)),
                                     _window_argmax_2d(rng, 1, 1, 2, 2, 3)[0], 3),
                                    {"output_size": (7, 7)}, "unbatched")],
                torch_ref=_tf("max_unpool2d")))
register(OpInfo("max_unpool1d", F.max_unpool1d,
                lambda rng: [Sample((uniform(rng, (2, 3, 4)),
                                     np.arange(4) * 2 + rng.integers(0, 2, (2, 3, 4)), 2))],
                torch_ref=_tf("max_unpool1d")))

# -- resampling ----------------------------------------------------------------------------------

INTERP_CASES = [
    ((1, 2, 5), {"size": 8, "mode": "linear"}),
    ((1, 2, 6), {"scale_factor": 0.6, "mode": "linear", "align_corners": True}),
    ((2, 1, 4, 5), {"size": (7, 3), "mode": "bilinear"}),
    ((1, 2, 3, 4), {"scale_factor": 2.0, "mode": "bilinear", "align_corners": True}),
    ((1, 1, 4, 5), {"size": (6, 7), "mode": "bicubic"}),
    ((1, 1, 4, 4), {"scale_factor": (1.5, 0.75), "mode": "bicubic", "align_corners": True}),
    ((1, 1, 2, 3, 4), {"size": (3, 4, 5), "mode": "trilinear"}),
    ((2, 2, 4, 5), {"size": (7, 3), "mode": "nearest"}),
    ((1, 2, 5), {"scale_factor": 1.7, "mode": "nearest-exact"}),
    ((1, 2, 6, 5), {"size": (4, 3), "mode": "area"}),
    ((1, 2, 3, 3), {"scale_factor": 1.5, "mode": "bilinear", "recompute_scale_factor": True}),
    ((2, 1, 9, 7), {"size": (4, 3), "mode": "bilinear", "antialias": True}),
    ((1, 2, 8, 5), {"scale_factor": (0.4, 1.6), "mode": "bicubic", "align_corners": True,
                    "antialias": True}),
    ((1, 1, 10, 6), {"size": (3, 4), "mode": "lanczos", "antialias": True}),
]

register(OpInfo("interpolate", F.interpolate,
                lambda rng: [Sample((uniform(rng, s),), dict(kw)) for s, kw in INTERP_CASES],
                torch_ref=_tf("interpolate")))


def _np_pixel_shuffle(x, r):
    *lead, c, h, w = x.shape
    y = x.reshape(*lead, c // (r * r), r, r, h, w)
    k = len(lead)
    y = y.transpose(*range(k), k, k + 3, k + 1, k + 4, k + 2)
    return y.reshape(*lead, c // (r * r), h * r, w * r)


register(OpInfo("pixel_shuffle", F.pixel_shuffle,
                lambda rng: [Sample((uniform(rng, (2, 8, 3, 2)), 2)),
                             Sample((uniform(rng, (9, 2, 2)), 3))],
                ref=_np_pixel_shuffle, torch_ref=_tf("pixel_shuffle")))
register(OpInfo("pixel_unshuffle", F.pixel_unshuffle,
                lambda rng: [Sample((uniform(rng, (2, 2, 4, 6)), 2)),
                             Sample((uniform(rng, (1, 3, 3)), 3))],
                torch_ref=_tf("pixel_unshuffle")))
register(OpInfo("channel_shuffle", F.channel_shuffle,
                lambda rng: [Sample((uniform(rng, (2, 6, 3)), 2)),
                             Sample((uniform(rng, (1, 6, 2, 2)), 3))],
                ref=lambda x, g: x.reshape(x.shape[0], g, -1, *x.shape[2:]).swapaxes(1, 2)
                .reshape(x.shape), torch_ref=_tf("channel_shuffle")))


def _grid_samples(rng):
    out = []
    for mode in ("bilinear", "nearest", "bicubic"):
        for padding in ("zeros", "border", "reflection"):
            for corners in (False, True):
                # points away from the pixel grid, where bilinear sampling has kinks
                g = rng.uniform(-1.2, 1.2, (2, 3, 2, 2))
                out.append(Sample((uniform(rng, (2, 2, 4, 5)), g),
                                  {"mode": mode, "padding_mode": padding,
                                   "align_corners": corners}))
    for mode in ("bilinear", "nearest"):  # 5-D: trilinear or nearest
        for padding in ("zeros", "reflection"):
            g = rng.uniform(-1.2, 1.2, (1, 2, 2, 3, 3))
            out.append(Sample((uniform(rng, (1, 2, 3, 4, 2)), g),
                              {"mode": mode, "padding_mode": padding, "align_corners": False}))
    return out


register(OpInfo("grid_sample", F.grid_sample, _grid_samples, torch_ref=_tf("grid_sample"),
                gradcheck_atol=1e-4))
register(OpInfo("affine_grid", F.affine_grid,
                lambda rng: [Sample((uniform(rng, (2, 2, 3)), [2, 1, 3, 4]),
                                    {"align_corners": False}),
                             Sample((uniform(rng, (1, 2, 3)), [1, 2, 2, 5]),
                                    {"align_corners": True}),
                             Sample((uniform(rng, (1, 3, 4)), [1, 1, 2, 3, 2]),
                                    {"align_corners": False})],
                torch_ref=_tf("affine_grid")))

# -- distances and normalisation -------------------------------------------------------------------


def _np_norm(x, p, axis, keepdims=False):
    return np.sum(np.abs(x) ** p, axis=axis, keepdims=keepdims) ** (1 / p)


register(OpInfo("normalize", F.normalize,
                lambda rng: [Sample((uniform(rng, (3, 4)),)),
                             Sample((uniform(rng, (2, 3, 4)),), {"p": 3.0, "dim": -1})],
                ref=lambda x, p=2.0, dim=1: x / np.maximum(_np_norm(x, p, dim, True), 1e-12),
                torch_ref=_tf("normalize")))
register(OpInfo("cosine_similarity", F.cosine_similarity,
                lambda rng: [Sample((uniform(rng, (3, 4)), uniform(rng, (3, 4)))),
                             Sample((uniform(rng, (2, 3, 4)), uniform(rng, (3, 1))), {"dim": 2})],
                ref=lambda a, b, dim=1: np.sum(a * b, dim) / (
                    np.linalg.norm(np.broadcast_to(a, np.broadcast_shapes(a.shape, b.shape)),
                                   axis=dim) * np.linalg.norm(np.broadcast_to(
                                       b, np.broadcast_shapes(a.shape, b.shape)), axis=dim)),
                torch_ref=_tf("cosine_similarity")))
register(OpInfo("pairwise_distance", F.pairwise_distance,
                lambda rng: [Sample((uniform(rng, (3, 4)), uniform(rng, (3, 4)))),
                             Sample((uniform(rng, (3, 4)), uniform(rng, (4,))), {"p": 1.5}),
                             Sample((uniform(rng, (2, 4)), uniform(rng, (2, 4))),
                                    {"keepdim": True})],
                ref=lambda a, b, p=2.0, keepdim=False: _np_norm(a - b + 1e-6, p, -1, keepdim),
                torch_ref=_tf("pairwise_distance")))


def _np_pdist(x, p=2.0):
    i, j = np.triu_indices(x.shape[0], 1)
    d = np.abs(x[i] - x[j])
    if p == 0:
        return (d != 0).sum(-1).astype(x.dtype)
    if p == np.inf:
        return d.max(-1, initial=0)
    return _np_norm(d, p, -1)


register(OpInfo("pdist", F.pdist,
                lambda rng: [Sample((uniform(rng, (4, 3)),)),
                             Sample((uniform(rng, (5, 2)),), {"p": 1.5}),
                             Sample((uniform(rng, (3, 4)),), {"p": 1.0}),
                             Sample((uniform(rng, (3, 4)),), {"p": float("inf")}),
                             Sample((noncontiguous(uniform(rng, (4, 3))),), name="noncontig"),
                             # no (0, M) input: PyTorch's pdist backward crashes on it
                             Sample((uniform(rng, (1, 3)),), name="one-row")],
                ref=_np_pdist, torch_ref=_tf("pdist")))

# -- normalisation layers ------------------------------------------------------------------------


def _np_instance_norm(x, weight=None, bias=None, eps=1e-5):
    axes = tuple(range(2, x.ndim))
    m = x.mean(axes, keepdims=True)
    v = x.var(axes, keepdims=True)
    y = (x - m) / np.sqrt(v + eps)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y


register(OpInfo("instance_norm", lambda x, *a, **kw: F.instance_norm(x, None, None, *a, **kw),
                lambda rng: [Sample((uniform(rng, (2, 3, 5)),)),
                             Sample((uniform(rng, (2, 2, 3, 3)), uniform(rng, (2,)),
                                     uniform(rng, (2,))))],
                ref=_np_instance_norm,
                torch_ref=lambda t, x, *a: t.nn.functional.instance_norm(x, None, None, *a)))
register(OpInfo("local_response_norm", F.local_response_norm,
                lambda rng: [Sample((uniform(rng, (2, 5, 4)), 3)),
                             Sample((uniform(rng, (1, 4, 3, 3)), 2), {"alpha": 0.1, "k": 2.0})],
                torch_ref=_tf("local_response_norm")))

# -- embedding_bag, fold, unfold -------------------------------------------------------------------

_BAG_INPUT = np.array([1, 2, 4, 5, 4, 3, 2, 9, 0])
_BAG_OFFSETS = np.array([0, 4, 4, 6])


def _bag_samples(rng):
    out = [Sample((_BAG_INPUT, uniform(rng, (10, 3)), _BAG_OFFSETS), {"mode": m})
           for m in ("sum", "mean", "max")]
    out.append(Sample((_BAG_INPUT.reshape(3, 3), uniform(rng, (10, 2))), {"mode": "mean"},
                      "fixed_bags"))
    out.append(Sample((_BAG_INPUT, uniform(rng, (10, 3)), _BAG_OFFSETS),
                      {"mode": "sum", "padding_idx": 4}, "padding_idx"))
    return out


register(OpInfo("embedding_bag", F.embedding_bag, _bag_samples, torch_ref=_tf("embedding_bag")))
register(OpInfo("unfold", F.unfold,
                lambda rng: [Sample((uniform(rng, (2, 2, 4, 5)), (2, 3))),
                             Sample((uniform(rng, (1, 5, 5)), 2),
                                    {"dilation": 2, "padding": 1, "stride": (2, 1)})],
                torch_ref=_tf("unfold")))
register(OpInfo("fold", F.fold,
                lambda rng: [Sample((uniform(rng, (2, 8, 12)), (4, 5), 2)),
                             Sample((uniform(rng, (4, 9)), (4, 4), 2),
                                    {"padding": 1, "stride": 2})],
                torch_ref=_tf("fold")))
