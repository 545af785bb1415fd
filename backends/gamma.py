"""The gamma family NumPy lacks, written with NumPy alone: lgamma, digamma and polygamma.

Each one moves its argument with the recurrence (Gamma(x + 1) = x Gamma(x), and likewise for
the derivatives): lgamma into [2, 3), where Cephes' rational fit is exact to double precision
(and exactly 0 at 1 and 2), unless x >= 13, where Stirling's series is; digamma and
polygamma up to at least ``_SHIFT``, where an asymptotic (Euler-Maclaurin) series with a
handful of terms is exact to double precision (near the zeros of lgamma just off 1 and 2
the error is about 1e-16 absolute, not relative); negative arguments of lgamma, digamma
and trigamma go through the reflection formulas. The loops run over the shift steps (at most
``_SHIFT`` of them, or about ``-x`` for the higher polygammas of a negative x), each one on
whole arrays, never over elements. Values at the poles follow PyTorch: lgamma is +inf at
0, -1, -2, ...; digamma is -inf at 0 and NaN at the negative integers.
"""

from __future__ import annotations

import math

import numpy as np

_SHIFT = 10.0
# Bernoulli numbers B_2, B_4, ..., B_16
_B2K = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510)
_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def _as_float(x):
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind in "fV" else np.dtype(np.float64)
    return x.astype(np.float64, copy=False), dtype


def _sin_pi(x):
    """sin(pi x), exact at the integers (the argument is reduced to [-1/2, 1/2] first)."""
    n = np.round(x)
    s = np.sin(np.pi * (x - n))
    return np.where(np.fmod(n, 2) == 0, s, -s)


# Cephes' lgam: lgamma(2 + p) = p B(p) / C(p) on 0 <= p < 1 (exact zeros at 1 and 2)
_LGAM_B = (-1.37825152569120859100e3, -3.88016315134637840924e4, -3.31612992738871184744e5,
           -1.16237097492762307383e6, -1.72173700820839662146e6, -8.53555664245765465627e5)
_LGAM_C = (1.0, -3.51815701436523470549e2, -1.70642106651881159223e4,
           -2.20528590553854454839e5, -1.13933444367982507207e6, -2.53252307177582951285e6,
           -2.01889141433532773231e6)
_STIRLING_FROM = 13.0


def _lgamma_positive(x):
    """lgamma for x > 0."""
    out = np.empty_like(x)
    small = x < _STIRLING_FROM
    if small.any():
        # bring u into [2, 3) with Gamma(u + 1) = u Gamma(u), keeping the factor z, then
        # lgamma(x) = log z + lgamma(u)
        v = x[small] if not small.all() else x
        shift = np.zeros_like(v)  # u = v + shift with an integer shift: p = v + (shift - 2)
        z = np.ones_like(v)
        u = v.copy()
        high = np.empty(v.shape, dtype=bool)
        for _ in range(max(int(np.ceil(float(v.max()))) - 3, 0) if v.size else 0):
            np.greater_equal(u, 3.0, out=high)
            np.subtract(shift, 1.0, out=shift, where=high)
            np.add(v, shift, out=u)
            np.multiply(z, u, out=z, where=high)
        log_z = np.log(z)
        for _ in range(2):  # log(u) itself, not of 1 / u: exact near u = 1
            low = u < 2.0
            if not low.any():
                break
            np.subtract(log_z, np.log(u), out=log_z, where=low)
            np.add(shift, 1.0, out=shift, where=low)
            np.add(v, shift, out=u)
        p = v + (shift - 2.0)  # exact near v = 1 and 2, where u - 2 would round
        num = np.zeros_like(p)
        for c in _LGAM_B:
            num *= p
            num += c
        den = np.zeros_like(p)
        for c in _LGAM_C:
            den *= p
            den += c
        num *= p
        num /= den
        num += log_z
        if small.all():
            return num
        out[small] = num
    big = ~small
    if big.any():
        # Stirling: (z - 1/2) log z - z + log(2 pi) / 2 + sum B_2k / (2k (2k - 1) z^(2k - 1))
        z = x[big]
        r = 1.0 / z
        r2 = r * r
        series = np.zeros_like(z)
        for k in range(len(_B2K), 0, -1):
            series = series * r2 + _B2K[k - 1] / (2 * k * (2 * k - 1))
        with np.errstate(over="ignore", invalid="ignore"):
            out[big] = (z - 0.5) * np.log(z) - z + _HALF_LOG_2PI + series * r
    return out


def lgamma(x):
    """log |Gamma(x)|, elementwise; +inf at the poles and at +-inf."""
    xf, dtype = _as_float(x)
    out = np.full(xf.shape, np.inf)
    out[np.isnan(xf)] = np.nan
    pos = np.isfinite(xf) & (xf > 0)
    if pos.any():
        out[pos] = _lgamma_positive(xf[pos])
    neg = np.isfinite(xf) & (xf <= 0) & (xf != np.floor(xf))
    if neg.any():
        # reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
        v = xf[neg]
        with np.errstate(divide="ignore"):
            out[neg] = np.log(np.pi / np.abs(_sin_pi(v))) - _lgamma_positive(1.0 - v)
    return out.astype(dtype, copy=False)


def _digamma_positive(x):
    """digamma for x > 0."""
    # psi(x) = psi(x + k) - (1 / x + 1 / (x + 1) + ... + 1 / (x + k - 1)), x + k >= _SHIFT
    acc = np.zeros_like(x)
    z = x.copy()
    low = np.empty(x.shape, dtype=bool)
    step = np.empty_like(x)
    for _ in range(max(int(np.ceil(_SHIFT - float(x.min()))), 0) if x.size else 0):
        np.less(z, _SHIFT, out=low)
        np.divide(1.0, z, out=step)
        np.add(acc, step, out=acc, where=low)
        np.add(z, 1.0, out=z, where=low)
    # log z - 1 / (2z) - sum B_2k / (2k z^2k)
    r2 = 1.0 / (z * z)
    series = np.zeros_like(z)
    for k in range(len(_B2K), 0, -1):
        series *= r2
        series += _B2K[k - 1] / (2 * k)
    series *= r2
    series += acc
    series += 0.5 / z
    return np.log(z) - series


def digamma(x):
    """The logarithmic derivative of Gamma, elementwise: -inf at 0, NaN at the negative
    integers and at -inf."""
    xf, dtype = _as_float(x)
    out = np.full(xf.shape, np.nan)
    out[xf == np.inf] = np.inf
    out[xf == 0] = -np.inf
    pos = np.isfinite(xf) & (xf > 0)
    if pos.any():
        out[pos] = _digamma_positive(xf[pos])
    neg = np.isfinite(xf) & (xf < 0) & (xf != np.floor(xf))
    if neg.any():
        # reflection: psi(1 - x) - psi(x) = pi cot(pi x)
        v = xf[neg]
        frac = v - np.round(v)
        out[neg] = _digamma_positive(1.0 - v) - np.pi / np.tan(np.pi * frac)
    return out.astype(dtype, copy=False)


def _hurwitz_zeta(s, x):
    """zeta(s, x) = sum_k (x + k)^-s for an integer s >= 2 and x not a pole: the first terms
    summed until x + k >= _SHIFT + s, then the Euler-Maclaurin tail."""
    acc = np.zeros_like(x)
    z = x.copy()
    threshold = _SHIFT + s
    low = np.empty(x.shape, dtype=bool)
    steps = int(math.ceil(threshold - float(z.min()))) if z.size else 0
    term = np.empty_like(x)
    for _ in range(max(steps, 0)):
        np.less(z, threshold, out=low)
        np.divide(1.0, z, out=term)
        np.power(term, s, out=term)
        np.add(acc, term, out=acc, where=low)
        np.add(z, 1.0, out=z, where=low)
    # z^(1-s) / (s-1) + z^-s / 2 + sum B_2k / (2k)! s (s+1) ... (s+2k-2) z^(-s-2k+1)
    tail = z ** (1 - s) / (s - 1) + 0.5 * z ** -s
    rising = float(s)  # s (s+1) ... (s+2k-2)
    fact = 2.0  # (2k)!
    zk = z ** (-s - 1)
    r2 = 1.0 / (z * z)
    for k in range(1, len(_B2K) + 1):
        tail = tail + _B2K[k - 1] / fact * rising * zk
        rising *= (s + 2 * k - 1) * (s + 2 * k)
        fact *= (2 * k + 1) * (2 * k + 2)
        zk = zk * r2
    return acc + tail


def polygamma(n, x):
    """The n-th derivative of digamma, elementwise (``n = 0`` is digamma): (-1)^(n+1) n!
    zeta(n + 1, x); +-inf at the poles 0, -1, -2, ... (sign of (-1)^(n+1))."""
    n = int(n)
    if n == 0:
        return digamma(x)
    xf, dtype = _as_float(x)
    sign = 1.0 if n % 2 else -1.0
    scale = sign * math.factorial(n)
    out = np.full(xf.shape, np.nan)
    out[xf == np.inf] = 0.0 * sign
    pole = np.isfinite(xf) & (xf <= 0) & (xf == np.floor(xf))
    out[pole] = sign * np.inf
    ok = np.isfinite(xf) & ~pole
    if n == 1:
        # trigamma: reflection below 1/2 keeps the series short for negative x
        # psi1(1 - x) + psi1(x) = pi^2 / sin^2(pi x)
        low = ok & (xf < 0.5)
        high = ok & (xf >= 0.5)
        if high.any():
            out[high] = _hurwitz_zeta(2, xf[high])
        if low.any():
            v = xf[low]
            out[low] = (np.pi / _sin_pi(v)) ** 2 - _hurwitz_zeta(2, 1.0 - v)
        return out.astype(dtype, copy=False)
    if ok.any():
        out[ok] = scale * _hurwitz_zeta(n + 1, xf[ok])
    return out.astype(dtype, copy=False)


# -- the regularized incomplete gamma functions and the Hurwitz zeta function ----------------
# P(a, x) by its power series where x < a + 1, Q(a, x) = 1 - P by Legendre's continued
# fraction elsewhere (Cephes' igam / igamc), each iterated on the elements not yet converged.

_EPS = np.finfo(np.float64).eps
_BIG = 4.503599627370496e15


def _igam_series(a, x):
    """P(a, x) for x < a + 1."""
    r = a.copy()
    c = np.ones_like(a)
    s = np.ones_like(a)
    live = np.ones(a.shape, dtype=bool)
    for _ in range(10000):
        r[live] += 1.0
        c[live] *= x[live] / r[live]
        s[live] += c[live]
        live &= c > _EPS * s
        if not live.any():
            break
    return np.exp(a * np.log(x) - x - lgamma(a)) * s / a


def _igamc_fraction(a, x):
    """Q(a, x) for x >= a + 1."""
    y = 1.0 - a
    z = x + y + 1.0
    c = np.zeros_like(a)
    pkm2, qkm2 = np.ones_like(a), x.copy()
    pkm1, qkm1 = x + 1.0, z * x
    ans = pkm1 / qkm1
    live = np.ones(a.shape, dtype=bool)
    for _ in range(10000):
        c += 1.0
        y += 1.0
        z += 2.0
        yc = y * c
        pk = pkm1 * z - pkm2 * yc
        qk = qkm1 * z - qkm2 * yc
        nonzero = qk != 0
        r = np.where(nonzero, pk / np.where(nonzero, qk, 1.0), ans)
        with np.errstate(invalid="ignore"):
            t = np.where(nonzero, np.abs((ans - r) / r), 1.0)
        ans = np.where(live, r, ans)
        pkm2, pkm1, qkm2, qkm1 = pkm1, pk, qkm1, qk
        scale = np.where(np.abs(pk) > _BIG, 1.0 / _BIG, 1.0)
        pkm2, pkm1, qkm2, qkm1 = pkm2 * scale, pkm1 * scale, qkm2 * scale, qkm1 * scale
        live &= t > _EPS
        if not live.any():
            break
    return ans * np.exp(a * np.log(x) - x - lgamma(a))


def _igamma(a, x, upper):
    a, x = np.broadcast_arrays(np.asarray(a), np.asarray(x))
    dtype = np.result_type(a.dtype, x.dtype)
    dtype = dtype if dtype.kind in "fV" else np.dtype(np.float64)
    af = a.astype(np.float64).ravel()
    xf = x.astype(np.float64).ravel()
    out = np.full(af.shape, np.nan)
    # the edges, as PyTorch's calc_igamma / calc_igammac
    out[(af == 0) & (xf > 0)] = 0.0 if upper else 1.0
    out[(xf == 0) & (af > 0)] = 1.0 if upper else 0.0
    out[np.isinf(af) & np.isfinite(xf) & (xf > 0)] = 1.0 if upper else 0.0
    out[np.isinf(xf) & np.isfinite(af) & (af > 0)] = 0.0 if upper else 1.0
    ok = (af > 0) & (xf > 0) & np.isfinite(af) & np.isfinite(xf)
    series = ok & (xf < af + 1.0)
    fraction = ok & ~series
    if series.any():
        p = _igam_series(af[series], xf[series])
        out[series] = 1.0 - p if upper else p
    if fraction.any():
        q = _igamc_fraction(af[fraction], xf[fraction])
        out[fraction] = q if upper else 1.0 - q
    return out.reshape(a.shape).astype(dtype, copy=False)


def gammainc(a, x):
    """The regularized lower incomplete gamma function P(a, x), elementwise (NaN for a < 0
    or x < 0, as PyTorch)."""
    return _igamma(a, x, upper=False)


def gammaincc(a, x):
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x), elementwise."""
    return _igamma(a, x, upper=True)


def zeta(s, q):
    """The Hurwitz zeta function sum_k (q + k)^-s, elementwise, as Cephes' zeta: +inf at
    s = 1 and at the poles q = 0, -1, ...; NaN for s < 1 and for a non-integer s with
    q <= 0."""
    s, q = np.broadcast_arrays(np.asarray(s), np.asarray(q))
    dtype = np.result_type(s.dtype, q.dtype)
    dtype = dtype if dtype.kind in "fV" else np.dtype(np.float64)
    sf = s.astype(np.float64).ravel()
    qf = q.astype(np.float64).ravel()
    out = np.full(sf.shape, np.nan)
    pole = (sf == 1) | ((qf <= 0) & (qf == np.floor(qf)))
    out[pole & (sf >= 1)] = np.inf
    ok = (sf > 1) & ~pole & ((qf > 0) | (sf == np.floor(sf))) & ~np.isnan(qf)
    ok &= np.isfinite(qf)
    if ok.any():
        out[ok] = _zeta_sum(sf[ok], qf[ok])
    return out.reshape(s.shape).astype(dtype, copy=False)


def _zeta_sum(s, q):
    """sum_k (q + k)^-s for s > 1: the first terms summed until q + k >= _SHIFT + s, then
    the Euler-Maclaurin tail."""
    acc = np.zeros_like(q)
    z = q.copy()
    threshold = _SHIFT + np.minimum(s, 40.0)
    steps = int(math.ceil(float(np.max(threshold - z)))) if z.size else 0
    for _ in range(max(steps, 0)):
        low = z < threshold
        acc = np.where(low, acc + z ** -s, acc)
        z = np.where(low, z + 1.0, z)
    tail = z ** (1 - s) / (s - 1) + 0.5 * z ** -s
    rising = s.copy()
    fact = 2.0
    zk = z ** (-s - 1)
    r2 = 1.0 / (z * z)
    for k in range(1, len(_B2K) + 1):
        tail = tail + _B2K[k - 1] / fact * rising * zk
        rising = rising * (s + 2 * k - 1) * (s + 2 * k)
        fact *= (2 * k + 1) * (2 * k + 2)
        zk = zk * r2
    return acc + tail
