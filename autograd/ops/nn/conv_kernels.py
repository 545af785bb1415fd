"""Convolution kernels on raw backend arrays (NumPy or CuPy), 2-D, NCHW, with groups.

The three bilinear maps behind every convolution, each the adjoint of the others:

- ``forward``: ``y = conv(x, w)``, im2col (a strided window view of the padded input, copied
  once into GEMM layout with the batch folded into the columns) and one GEMM per group;
- ``input_grad``: ``x = conv^T(y, w)`` (the transposed convolution), one GEMM into columns,
  then col2im as a loop over the kernel offsets adding strided slices into the padded result
  (a loop over kh * kw positions, never over pixels);
- ``weight_grad``: ``w = sum_n y_n (x) cols(x_n)``, the same columns against the output in one
  GEMM per group.

Geometry ``geom = (stride, pads, dilation, groups)``: ``stride`` and ``dilation`` are (h, w)
pairs, ``pads`` is ((top, bottom), (left, right)) so that 'same' padding can be asymmetric.
Depthwise-like convolutions (one input channel per group) skip the GEMMs: kh * kw fused
multiply-adds over the whole batch are faster than many tiny matrix products.
"""

from __future__ import annotations

from typing import Any

Geom = tuple


def out_size(n: int, k: int, stride: int, pad: tuple, dil: int) -> int:
    """Output length along one spatial dim (may be <= 0 when the kernel does not fit)."""
    return (n + pad[0] + pad[1] - dil * (k - 1) - 1) // stride + 1


def _pad(xp: Any, x: Any, pads: tuple) -> Any:
    (pt, pb), (pl, pr) = pads
    if not (pt or pb or pl or pr):
        return x
    n, c, h, w = x.shape
    out = xp.zeros((n, c, h + pt + pb, w + pl + pr), dtype=x.dtype)
    out[:, :, pt:pt + h, pl:pl + w] = x
    return out


def _windows(xp: Any, xpad: Any, kh: int, kw: int, ho: int, wo: int, geom: Geom) -> Any:
    """(N, C, kh, kw, Ho, Wo) strided view: element [n, c, p, q, i, j] is
    xpad[n, c, i * sh + p * dh, j * sw + q * dw] (no copy)."""
    (sh, sw), _, (dh, dw), _ = geom
    s0, s1, s2, s3 = xpad.strides
    return xp.lib.stride_tricks.as_strided(
        xpad, (xpad.shape[0], xpad.shape[1], kh, kw, ho, wo),
        (s0, s1, s2 * dh, s3 * dw, s2 * sh, s3 * sw))


def _gemms(xp: Any, a: Any, b: Any) -> Any:
    """``a[g] @ b[g]`` for every group g, stacked: plain 2-d GEMMs, since stacked matmul over
    large operands can miss the BLAS fast path (measured 10-30x slower in NumPy)."""
    if a.shape[0] == 1:
        return xp.matmul(a[0], b[0])[None]
    out = xp.empty((a.shape[0], a.shape[1], b.shape[2]), dtype=xp.result_type(a, b))
    for g in range(a.shape[0]):
        xp.matmul(a[g], b[g], out=out[g])
    return out


def forward(xp: Any, x: Any, w: Any, geom: Geom, out_hw: tuple | None = None) -> Any:
    """conv2d of x (N, C, H, W) with w (O, C / groups, kh, kw): (N, O, Ho, Wo), contiguous;
    ``out_hw`` crops the output (the adjoint of a transposed convolution whose output padding
    exceeds its stride)."""
    stride, pads, dil, g = geom
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    if out_hw is None:
        ho = out_size(h, kh, stride[0], pads[0], dil[0])
        wo = out_size(wd, kw, stride[1], pads[1], dil[1])
    else:
        ho, wo = out_hw
    win = _windows(xp, _pad(xp, x, pads), kh, kw, ho, wo, geom)
    og = o // g
    if cg == 1 and g > 1:  # depthwise: per-offset multiply-adds, no GEMM
        win = win.reshape(n, g, 1, kh, kw, ho, wo)
        wg = w.reshape(1, g, og, kh, kw, 1, 1)
        y = xp.zeros((n, g, og, ho, wo), dtype=xp.result_type(x, w))
        for p in range(kh):
            for q in range(kw):
                y += win[:, :, :, p, q] * wg[:, :, :, p, q]
        return y.reshape(n, o, ho, wo)
    # the im2col copy, batch folded into the GEMM's columns: (G, Cg*kh*kw, N*Ho*Wo)
    k = cg * kh * kw
    cols = win.reshape(n, g, cg, kh, kw, ho, wo).transpose(1, 2, 3, 4, 0, 5, 6)
    cols = cols.reshape(g, k, n * ho * wo)
    y = _gemms(xp, w.reshape(g, og, k), cols).reshape(o, n, ho, wo)
    return xp.ascontiguousarray(y.transpose(1, 0, 2, 3))


def input_grad(xp: Any, gy: Any, w: Any, geom: Geom, in_hw: tuple) -> Any:
    """The adjoint of ``forward`` in x (conv_transpose2d): gy (N, O, Ho, Wo) with
    w (O, C / groups, kh, kw) to (N, C, H, W), ``in_hw = (H, W)``."""
    (sh, sw), pads, (dh, dw), g = geom
    n, o, ho, wo = gy.shape
    _, cg, kh, kw = w.shape
    og = o // g
    c = cg * g
    h, wd = in_hw
    (pt, pb), (pl, pr) = pads
    dtype = xp.result_type(gy, w)
    hspan, wspan = sh * (ho - 1) + 1, sw * (wo - 1) + 1
    if cg == 1 and g > 1:  # depthwise: per-offset multiply-adds
        gxp = xp.zeros((n, c, h + pt + pb, wd + pl + pr), dtype=dtype)
        gy5 = gy.reshape(n, g, og, ho, wo)
        wg = w.reshape(1, g, og, kh, kw, 1, 1)
        for p in range(kh):
            for q in range(kw):
                part = gy5 * wg[:, :, :, p, q]
                part = part[:, :, 0] if og == 1 else part.sum(axis=2)
                gxp[:, :, p * dh:p * dh + hspan:sh, q * dw:q * dw + wspan:sw] += part
        if pt or pb or pl or pr:
            return xp.ascontiguousarray(gxp[:, :, pt:pt + h, pl:pl + wd])
        return gxp
    # one GEMM per group into columns (C, kh, kw, N, Ho, Wo), then col2im in (C, N, H, W)
    k = cg * kh * kw
    wt = w.reshape(g, og, k).transpose(0, 2, 1)  # (G, K, Og)
    gyt = gy.reshape(n, g, og, ho, wo).transpose(1, 2, 0, 3, 4).reshape(g, og, n * ho * wo)
    cols = _gemms(xp, wt, gyt).reshape(c, kh, kw, n, ho, wo)
    gxp = xp.zeros((c, n, h + pt + pb, wd + pl + pr), dtype=dtype)
    for p in range(kh):
        for q in range(kw):
            gxp[:, :, p * dh:p * dh + hspan:sh, q * dw:q * dw + wspan:sw] += cols[:, p, q]
    return xp.ascontiguousarray(gxp[:, :, pt:pt + h, pl:pl + wd].transpose(1, 0, 2, 3))


def weight_grad(xp: Any, x: Any, gy: Any, geom: Geom, k_hw: tuple) -> Any:
    """The adjoint of ``forward`` in w: x (N, C, H, W) and gy (N, O, Ho, Wo) to
    (O, C / groups, kh, kw), ``k_hw = (kh, kw)``."""
    _, pads, _, g = geom
    n, c, _, _ = x.shape
    _, o, ho, wo = gy.shape
    kh, kw = k_hw
    cg, og = c // g, o // g
    win = _windows(xp, _pad(xp, x, pads), kh, kw, ho, wo, geom)
    win = win.reshape(n, g, cg, kh, kw, ho, wo).transpose(1, 2, 3, 4, 0, 5, 6)
    cols = win.reshape(g, cg * kh * kw, n * ho * wo)  # the im2col copy, batch folded in
    gyr = gy.reshape(n, g, og, ho * wo).transpose(1, 2, 0, 3).reshape(g, og, n * ho * wo)
    gw = _gemms(xp, gyr, cols.transpose(0, 2, 1))  # (G, Og, Cg*kh*kw)
    return gw.reshape(o, cg, kh, kw)
