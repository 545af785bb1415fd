"""Registry entries: conv1d, conv2d, conv_transpose1d, conv_transpose2d over a grid of stride,
padding ('same', 'valid', asymmetric), dilation and groups (depthwise included)."""

from __future__ import annotations

import warnings

import numpy as np

from nn import functional as F
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform


def _pair(v, n=2):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def _conv2d_ref(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """Direct sum over the kernel offsets, one einsum per group and offset."""
    unbatched = x.ndim == 3
    if unbatched:
        x = x[None]
    (sh, sw), (dh, dw) = _pair(stride), _pair(dilation)
    o, cg, kh, kw = w.shape
    if padding == "same":
        pads = [(d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for d, k in
                ((dh, kh), (dw, kw))]
    elif padding == "valid":
        pads = [(0, 0), (0, 0)]
    else:
        pads = [(p, p) for p in _pair(padding)]
    xp = np.pad(x, [(0, 0), (0, 0)] + pads)
    ho = (xp.shape[2] - dh * (kh - 1) - 1) // sh + 1
    wo = (xp.shape[3] - dw * (kw - 1) - 1) // sw + 1
    og = o // groups
    y = np.zeros((x.shape[0], o, ho, wo))
    for g in range(groups):
        xs = xp[:, g * cg:(g + 1) * cg]
        for p in range(kh):
            for q in range(kw):
                patch = xs[:, :, p * dh:p * dh + sh * (ho - 1) + 1:sh,
                           q * dw:q * dw + sw * (wo - 1) + 1:sw]
                y[:, g * og:(g + 1) * og] += np.einsum("ncij,oc->noij", patch,
                                                       w[g * og:(g + 1) * og, :, p, q])
    if b is not None:
        y += b[:, None, None]
    return y[0] if unbatched else y


def _conv1d_ref(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    y = _conv2d_ref(x[..., None, :], w[:, :, None, :], b, (1, _pair(stride, 1)[0]),
                    padding if isinstance(padding, str) else (0, _pair(padding, 1)[0]),
                    (1, _pair(dilation, 1)[0]), groups)
    return y[..., 0, :]


def _conv_transpose2d_ref(x, w, b=None, stride=1, padding=0, output_padding=0, groups=1,
                          dilation=1):
    """Scatter every input pixel times the kernel into the output (direct loops)."""
    unbatched = x.ndim == 3
    if unbatched:
        x = x[None]
    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
    (oph, opw), (dh, dw) = _pair(output_padding), _pair(dilation)
    n, cin, h, wd = x.shape
    _, og, kh, kw = w.shape
    cg = cin // groups
    ho = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1
    wo = (wd - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1
    full = np.zeros((n, og * groups, ho + 2 * ph + sh + dh * kh, wo + 2 * pw + sw + dw * kw))
    for g in range(groups):
        xs, ws = x[:, g * cg:(g + 1) * cg], w[g * cg:(g + 1) * cg]
        for i in range(h):
            for j in range(wd):
                for p in range(kh):
                    for q in range(kw):
                        full[:, g * og:(g + 1) * og, i * sh + p * dh, j * sw + q * dw] += \
                            xs[:, :, i, j] @ ws[:, :, p, q]
    y = full[:, :, ph:ph + ho, pw:pw + wo]
    if b is not None:
        y = y + b[:, None, None]
    return y[0] if unbatched else y


def _conv_transpose1d_ref(x, w, b=None, stride=1, padding=0, output_padding=0, groups=1,
                          dilation=1):
    y = _conv_transpose2d_ref(x[..., None, :], w[:, :, None, :], b, (1, stride), (0, padding),
                              (0, output_padding), groups, (1, dilation))
    return y[..., 0, :]


def _s(rng, xs, ws, bias=True, name="", **kw):
    args = (uniform(rng, xs), uniform(rng, ws))
    if bias:
        args += (uniform(rng, (ws[0],)),)
    return Sample(args, kw, name=name)


def _conv2d_samples(rng):
    x = (2, 4, 5, 5)
    return [
        _s(rng, x, (3, 4, 3, 3)),
        _s(rng, x, (3, 4, 3, 3), stride=2, padding=1),
        _s(rng, x, (3, 4, 3, 2), False, padding=(1, 0), dilation=(2, 1)),
        _s(rng, x, (4, 2, 3, 3), stride=(1, 2), padding=1, groups=2, name="groups"),
        _s(rng, x, (4, 1, 3, 3), padding=1, groups=4, name="depthwise"),
        _s(rng, x, (8, 1, 2, 2), stride=2, groups=4, name="depthwise-x2"),
        _s(rng, x, (3, 4, 2, 3), padding="same", dilation=2, name="same"),
        _s(rng, x, (3, 4, 2, 2), False, padding="valid", stride=(2, 1)),
        _s(rng, (4, 5, 6), (3, 4, 3, 3), padding=1, name="unbatched"),
        _s(rng, x, (5, 4, 1, 1), name="1x1"),
        Sample((noncontiguous(uniform(rng, (3, 4, 5, 2))).transpose(0, 3, 1, 2),
                uniform(rng, (3, 2, 2, 2)), uniform(rng, (3,))), {"padding": 1},
               name="noncontig"),
    ]


def _conv1d_samples(rng):
    return [
        _s(rng, (2, 4, 7), (3, 4, 3)),
        _s(rng, (2, 4, 9), (6, 2, 3), stride=2, padding=1, dilation=2, groups=2),
        _s(rng, (4, 7), (3, 4, 4), False, padding="same", name="same-unbatched"),
    ]


def _t(rng, xs, ws, bias=True, name="", groups=1, **kw):
    args = (uniform(rng, xs), uniform(rng, ws))
    if bias:
        args += (uniform(rng, (ws[1] * groups,)),)
    return Sample(args, dict(kw, groups=groups) if groups != 1 else kw, name=name)


def _conv_transpose2d_samples(rng):
    x = (2, 4, 3, 4)
    return [
        _t(rng, x, (4, 3, 3, 3)),
        _t(rng, x, (4, 3, 3, 3), stride=2, padding=1, output_padding=1),
        _t(rng, x, (4, 2, 2, 3), False, stride=(1, 2), padding=(0, 1), dilation=(2, 1),
           groups=2),
        _t(rng, x, (4, 1, 3, 3), groups=4, stride=2, name="depthwise"),
        _t(rng, x, (4, 2, 2, 2), dilation=2, output_padding=1, name="outpad>stride"),
        _t(rng, (4, 3, 3), (4, 2, 3, 3), stride=2, name="unbatched"),
    ]


def _conv_transpose1d_samples(rng):
    return [
        _t(rng, (2, 4, 5), (4, 3, 3), stride=3, padding=1, output_padding=2),
        _t(rng, (4, 5), (4, 1, 2), False, groups=2, dilation=2, name="unbatched"),
    ]


def _torch(name):
    def ref(t, *a, **kw):
        with warnings.catch_warnings():  # PyTorch warns that odd 'same' padding copies
            warnings.simplefilter("ignore", UserWarning)
            return getattr(t.nn.functional, name)(*a, **kw)

    return ref


register(OpInfo("conv2d", F.conv2d, _conv2d_samples, ref=_conv2d_ref,
                torch_ref=_torch("conv2d"), atol=1e-10, rtol=1e-10))
register(OpInfo("conv1d", F.conv1d, _conv1d_samples, ref=_conv1d_ref,
                torch_ref=_torch("conv1d"), atol=1e-10, rtol=1e-10))
register(OpInfo("conv_transpose2d", F.conv_transpose2d, _conv_transpose2d_samples,
                ref=_conv_transpose2d_ref, torch_ref=_torch("conv_transpose2d"),
                atol=1e-10, rtol=1e-10))
register(OpInfo("conv_transpose1d", F.conv_transpose1d, _conv_transpose1d_samples,
                ref=_conv_transpose1d_ref, torch_ref=_torch("conv_transpose1d"),
                atol=1e-10, rtol=1e-10))
