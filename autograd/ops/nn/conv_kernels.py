"""Convolution kernels on raw backend arrays (NumPy or CuPy), 2-D, NCHW, with groups.

The three bilinear maps behind every convolution, each the adjoint of the others:

- ``forward``: ``y = conv(x, w)``, im2col (the input's windows copied once into per-sample
  columns (N, C * kh * kw, Ho * Wo), the padding written as zeros rather than built as a
  padded copy of the input) and one batched GEMM whose result is NCHW already;
- ``input_grad``: ``x = conv^T(y, w)`` (the transposed convolution), one batched GEMM into
  columns, then col2im as a loop over the kernel offsets adding strided slices straight into
  the unpadded result (a loop over kh * kw positions, never over pixels);
- ``weight_grad``: ``w = sum_n y_n (x) cols(x_n)``, the same columns against the output,
  batched GEMMs summed over the batch (or one GEMM with the batch folded in when the
  channels outnumber the pixels).

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


def _span(n_out: int, offset: int, stride: int, pad_lo: int, size: int) -> tuple:
    """Along one dim, for one kernel offset: (first output index, count, first input index)
    of the outputs whose tap ``i * stride + offset - pad_lo`` lies inside ``[0, size)``: the
    part of the window grid that reads real input rather than padding."""
    start = offset - pad_lo
    first = max(0, -(start // stride))
    stop = min(n_out, (size - 1 - start) // stride + 1) if size - 1 - start >= 0 else 0
    return first, max(0, stop - first), first * stride + start


def _taps(kh: int, kw: int, ho: int, wo: int, hw: tuple, geom: Geom) -> list:
    """Per kernel offset (p, q) with any tap inside the input: the (columns key, input key)
    slice pair linking its column block to the input pixels it reads."""
    (sh, sw), ((pt, _), (pl, _)), (dh, dw), _ = geom
    out = []
    for p in range(kh):
        i0, ni, r0 = _span(ho, p * dh, sh, pt, hw[0])
        if ni == 0:
            continue
        for q in range(kw):
            j0, nj, c0 = _span(wo, q * dw, sw, pl, hw[1])
            if nj == 0:
                continue
            out.append(((p, q, slice(i0, i0 + ni), slice(j0, j0 + nj)),
                        (slice(r0, r0 + (ni - 1) * sh + 1, sh),
                         slice(c0, c0 + (nj - 1) * sw + 1, sw))))
    return out


def _row_taps(kh: int, kw: int, ho: int, wo: int, hw: tuple, geom: Geom) -> list:
    """For stride 1 with ``Wo == W`` (a 'same' width): a kernel offset moves a whole block of
    output rows onto input rows by one constant shift of the flattened (H * W) plane, so
    each offset is one long run instead of a strided block with Wo-long rows. Per offset:
    (p, q, rows, (lo, hi), start, (j0, j1)): output rows ``rows`` flattened, their part
    [lo, hi) lands at input positions [start + lo, start + hi); the columns outside
    [j0, j1) read or write padding, whose positions wrapped into a neighbouring row."""
    (_, ((pt, _), (pl, _)), (dh, dw), _), (h, w) = geom, hw
    out = []
    for p in range(kh):
        i0, ni, r0 = _span(ho, p * dh, 1, pt, h)
        if ni == 0:
            continue
        for q in range(kw):
            j0, nj, c0 = _span(wo, q * dw, 1, pl, w)
            if nj == 0:
                continue
            start = r0 * w + c0 - j0
            lo, hi = max(0, -start), min(ni * wo, h * w - start)
            out.append((p, q, slice(i0, i0 + ni), (lo, hi), start, (j0, j0 + nj)))
    return out


def _by_rows(geom: Geom, wo: int, w: int) -> bool:
    return geom[0] == (1, 1) and wo == w


def _zero_wrapped(block: Any, cols: tuple, wo: int) -> None:
    # the columns of a row run that belong to the padding: they wrapped into the next or the
    # previous input row, so their contents are zero (they read or write nothing real)
    if cols[0] > 0:
        block[..., :cols[0]] = 0
    if cols[1] < wo:
        block[..., cols[1]:] = 0


def im2col(xp: Any, x: Any, k_hw: tuple, out_hw: tuple, geom: Geom) -> Any:
    """The columns of x (N, C, H, W): (N, C, kh, kw, Ho, Wo), contiguous, entry
    [n, c, p, q, i, j] = x[n, c, i * sh + p * dh - top, j * sw + q * dw - left] (0 in the
    padding). Unpadded, one strided copy; padded, one copy per kernel offset into zeros
    (whole rows at once where stride 1 keeps the width), so the padded input is never
    built."""
    (kh, kw), (ho, wo) = k_hw, out_hw
    n, c, h, w = x.shape
    if not any(geom[1][0] + geom[1][1]):
        return _windows(xp, x, kh, kw, ho, wo, geom).copy()
    cols = xp.zeros((n, c, kh, kw, ho, wo), dtype=x.dtype)
    if not cols.size:  # an empty batch (no row run to view as (n, c, -1))
        return cols
    if _by_rows(geom, wo, w):
        flat = x.reshape(n, c, h * w)
        for p, q, rows, (lo, hi), start, keep in _row_taps(kh, kw, ho, wo, (h, w), geom):
            block = cols[:, :, p, q, rows]
            block.reshape(n, c, -1)[:, :, lo:hi] = flat[:, :, start + lo:start + hi]
            _zero_wrapped(block, keep, wo)
        return cols
    for (p, q, ri, rj), (si, sj) in _taps(kh, kw, ho, wo, (h, w), geom):
        cols[:, :, p, q, ri, rj] = x[:, :, si, sj]
    return cols


def col2im(xp: Any, cols: Any, hw: tuple, geom: Geom, scratch: bool = False) -> Any:
    """The adjoint of ``im2col``: columns (N, C, kh, kw, Ho, Wo) added back into
    (N, C, H, W), overlaps summed; one add per kernel offset, straight into the unpadded
    result (the taps that fall in the padding are skipped, never cropped). ``scratch``: the
    columns may be overwritten, which lets stride 1 with an unchanged width add whole rows
    at once (after zeroing the columns that fall in the padding)."""
    n, c, kh, kw, ho, wo = cols.shape
    out = xp.zeros((n, c) + tuple(hw), dtype=cols.dtype)
    if not cols.size:  # an empty batch: nothing to add
        return out
    if scratch and _by_rows(geom, wo, hw[1]):
        flat = out.reshape(n, c, -1)
        for p, q, rows, (lo, hi), start, keep in _row_taps(kh, kw, ho, wo, hw, geom):
            block = cols[:, :, p, q, rows]
            _zero_wrapped(block, keep, wo)
            flat[:, :, start + lo:start + hi] += block.reshape(n, c, -1)[:, :, lo:hi]
        return out
    for (p, q, ri, rj), (si, sj) in _taps(kh, kw, ho, wo, hw, geom):
        out[:, :, si, sj] += cols[:, :, p, q, ri, rj]
    return out


# Per-GEMM work (multiply-adds) below which the GEMMs run on one BLAS thread: a batched
# matmul is one small GEMM per sample (a million multiply-adds in the CNN step), where
# OpenBLAS's threads cost more to wake and join than they save; on the shared 2-core test
# machine the CNN step ran 3.7x faster with one thread than with two.
SMALL_GEMM = 1 << 24


def _matmul(xp: Any, a: Any, b: Any, macs: int) -> Any:
    """``xp.matmul(a, b)``, on one BLAS thread when each of its GEMMs is small (``macs``)."""
    if macs < SMALL_GEMM:
        with xp.one_blas_thread():
            return xp.matmul(a, b)
    return xp.matmul(a, b)


def _out_hw(x_hw: tuple, k_hw: tuple, geom: Geom) -> tuple:
    stride, pads, dil, _ = geom
    return tuple(out_size(n, k, s, p, d) for n, k, s, p, d in zip(x_hw, k_hw, stride, pads, dil))


def forward(xp: Any, x: Any, w: Any, geom: Geom, out_hw: tuple | None = None) -> Any:
    """conv2d of x (N, C, H, W) with w (O, C / groups, kh, kw): (N, O, Ho, Wo), contiguous;
    ``out_hw`` crops the output (the adjoint of a transposed convolution whose output padding
    exceeds its stride)."""
    g = geom[3]
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    ho, wo = _out_hw((h, wd), (kh, kw), geom) if out_hw is None else out_hw
    og = o // g
    if cg == 1 and g > 1:  # depthwise: per-offset multiply-adds, no GEMM
        win = _windows(xp, _pad(xp, x, geom[1]), kh, kw, ho, wo, geom)
        win = win.reshape(n, g, 1, kh, kw, ho, wo)
        wg = w.reshape(1, g, og, kh, kw, 1, 1)
        y = xp.zeros((n, g, og, ho, wo), dtype=xp.result_type(x, w))
        for p in range(kh):
            for q in range(kw):
                y += win[:, :, :, p, q] * wg[:, :, :, p, q]
        return y.reshape(n, o, ho, wo)
    # one GEMM per sample and group, batched: (G, Og, K) @ (N, G, K, Ho*Wo), whose result is
    # already NCHW (no transpose of the output)
    k = cg * kh * kw
    cols = im2col(xp, x, (kh, kw), (ho, wo), geom).reshape(n, g, k, ho * wo)
    y = _matmul(xp, w.reshape(g, og, k), cols, og * k * ho * wo)
    return y.reshape(n, o, ho, wo)


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
    # one batched GEMM into columns (N, G, K, Ho*Wo), then col2im
    k = cg * kh * kw
    wt = xp.swapaxes(w.reshape(g, og, k), 1, 2)  # (G, K, Og)
    cols = _matmul(xp, wt, gy.reshape(n, g, og, ho * wo), k * og * ho * wo)
    return col2im(xp, cols.reshape(n, c, kh, kw, ho, wo), (h, wd), geom, scratch=True)


def weight_grad(xp: Any, x: Any, gy: Any, geom: Geom, k_hw: tuple) -> Any:
    """The adjoint of ``forward`` in w: x (N, C, H, W) and gy (N, O, Ho, Wo) to
    (O, C / groups, kh, kw), ``k_hw = (kh, kw)``."""
    g = geom[3]
    n, c, _, _ = x.shape
    _, o, ho, wo = gy.shape
    kh, kw = k_hw
    cg, og = c // g, o // g
    k, hw = cg * kh * kw, ho * wo
    cols = im2col(xp, x, k_hw, (ho, wo), geom).reshape(n, g, k, hw)
    gyr = gy.reshape(n, g, og, hw)
    if og <= hw:
        # per-sample products, then their sum: the (N, G, Og, K) partials are no larger than
        # the columns, and neither operand is transposed in memory
        gw = _matmul(xp, gyr, xp.swapaxes(cols, 2, 3), og * hw * k).sum(axis=0)
    else:
        # few pixels, many channels: fold the batch into one GEMM per group instead
        gyt = xp.ascontiguousarray(gyr.transpose(1, 2, 0, 3)).reshape(g, og, n * hw)
        colt = xp.ascontiguousarray(cols.transpose(1, 0, 3, 2)).reshape(g, n * hw, k)
        gw = _matmul(xp, gyt, colt, og * n * hw * k)
    return gw.reshape(o, cg, kh, kw)
