"""Special functions NumPy lacks, written with NumPy alone (no SciPy dependency): the error
function family here, the gamma family in ``backends.gamma``.

``erf`` and ``erfc`` follow the piecewise rational approximations of Sun's fdlibm ``s_erf.c``
(as in FreeBSD's libm and Go's ``math.Erf``), evaluated on whole arrays: each interval of |x|
is computed only on the elements that fall in it. The error is below one ulp in double
precision over the whole real line (``erfc`` keeps its relative precision in the right tail,
where ``1 - erf`` would round to 0). ``erfinv`` refines Giles' single-precision approximation
with Newton steps on ``erf`` (on ``log erfc`` near +-1, where ``erf`` loses the digits that
matter).
"""

from __future__ import annotations

import numpy as np

# Coefficients, highest degree first (Horner order), from fdlibm s_erf.c.
# |x| < 0.84375:  erf(x) = x + x * P(x^2) / Q(x^2)
_PP = (-2.37630166566501626084e-05, -5.77027029648944159157e-03,
       -2.84817495755985104766e-02, -3.25042107247001499370e-01,
       1.28379167095512558561e-01)
_QQ = (-3.96022827877536812320e-06, 1.32494738004321644526e-04,
       5.08130628187576562776e-03, 6.50222499887672944485e-02,
       3.97917223959155352819e-01, 1.0)
# 0.84375 <= |x| < 1.25, s = |x| - 1:  erf(x) = erx + P(s) / Q(s)
_ERX = 8.45062911510467529297e-01
_PA = (-2.16637559486879084300e-03, 3.54783043256182359371e-02,
       -1.10894694282396677476e-01, 3.18346619901161753674e-01,
       -3.72207876035701323847e-01, 4.14856118683748331666e-01,
       -2.36211856075265944077e-03)
_QA = (1.19844998467991074170e-02, 1.36370839120290507362e-02,
       1.26171219808761642112e-01, 7.18286544141962662868e-02,
       5.40397917702171048937e-01, 1.06420880400844228286e-01, 1.0)
# 1.25 <= |x| < 1/0.35, s = 1/x^2:  erfc(x) = exp(-x^2 - 0.5625 + R(s) / S(s)) / |x|
_RA = (-9.81432934416914548592e+00, -8.12874355063065934246e+01,
       -1.84605092906711035994e+02, -1.62396669462573470355e+02,
       -6.23753324503260060396e+01, -1.05586262253232909814e+01,
       -6.93858572707181764372e-01, -9.86494403484714822705e-03)
_SA = (-6.04244152148580987438e-02, 6.57024977031928170135e+00,
       1.08635005541779435134e+02, 4.29008140027567833386e+02,
       6.45387271733267880336e+02, 4.34565877475229228821e+02,
       1.37657754143519042600e+02, 1.96512716674392571292e+01, 1.0)
# 1/0.35 <= |x| < 6: the same form with another fit
_RB = (-4.83519191608651397019e+02, -1.02509513161107724954e+03,
       -6.37566443368389627722e+02, -1.60636384855821916062e+02,
       -1.77579549177547519889e+01, -7.99283237680523006574e-01,
       -9.86494292470009928597e-03)
_SB = (-2.24409524465858183362e+01, 4.74528541206955367215e+02,
       2.55305040643316442583e+03, 3.19985821950859553908e+03,
       1.53672958608443695994e+03, 3.25792512996573918826e+02,
       3.03380607434824582924e+01, 1.0)
_EFX8 = 1.02703333676410069053e+00  # 8 * (2/sqrt(pi) - 1)
_TINY = 2.0 ** -28  # below this, erf(x) = x * 2/sqrt(pi) to full precision
_HIGH_MASK = np.int64(~0xFFFFFFFF)


def _horner(z: np.ndarray, coeffs: tuple) -> np.ndarray:
    r = z * coeffs[0]
    r += coeffs[1]
    for c in coeffs[2:]:
        r *= z
        r += c
    return r


def _erfc_tail(ax: np.ndarray, r: tuple, s: tuple) -> np.ndarray:
    """erfc(ax) for 1.25 <= ax < 6."""
    t = 1.0 / (ax * ax)
    q = _horner(t, r)
    q /= _horner(t, s)
    # exp(-x^2) as exp(-z^2) * exp((z - x)(z + x)) with z = x cut to 21 mantissa bits, so z^2
    # is exact and the large exponent loses nothing to rounding
    z = (ax.view(np.int64) & _HIGH_MASK).view(np.float64)
    e = np.exp(-z * z - 0.5625)
    e *= np.exp((z - ax) * (z + ax) + q)
    e /= ax
    return e


def erf(x):
    """The error function, elementwise, in the dtype of ``x`` (float64 for integers)."""
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind in "fV" else np.dtype(np.float64)
    ax = np.abs(x.astype(np.float64, copy=False)).ravel()
    out = np.where(ax >= 6.0, 1.0, ax)  # NaN stays NaN; every finite |x| < 6 is replaced

    small = np.flatnonzero(ax < 0.84375)
    if small.size:
        a = ax[small]
        z = a * a
        y = _horner(z, _PP)
        y /= _horner(z, _QQ)
        y *= a
        y += a
        tiny = a < _TINY
        if tiny.any():  # avoid underflow in x * y for subnormal x
            at = a[tiny]
            y[tiny] = 0.125 * (8.0 * at + _EFX8 * at)
        out[small] = y

    mid = np.flatnonzero((ax >= 0.84375) & (ax < 1.25))
    if mid.size:
        s = ax[mid] - 1.0
        y = _horner(s, _PA)
        y /= _horner(s, _QA)
        y += _ERX
        out[mid] = y

    tail = np.flatnonzero((ax >= 1.25) & (ax < 6.0))
    if tail.size:
        a = ax[tail]
        near = a < 1.0 / 0.35
        y = np.empty_like(a)
        if near.all():
            y = _erfc_tail(a, _RA, _SA)
        elif not near.any():
            y = _erfc_tail(a, _RB, _SB)
        else:
            y[near] = _erfc_tail(a[near], _RA, _SA)
            far = ~near
            y[far] = _erfc_tail(a[far], _RB, _SB)
        out[tail] = 1.0 - y

    np.copysign(out, x.ravel(), out=out)
    return out.reshape(x.shape).astype(dtype, copy=False)


def erfc(x):
    """The complementary error function 1 - erf(x), elementwise, accurate in both tails."""
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind in "fV" else np.dtype(np.float64)
    xf = x.astype(np.float64, copy=False).ravel()
    ax = np.abs(xf)
    neg = xf < 0
    out = np.where(ax >= 28.0, np.where(neg, 2.0, 0.0), xf)  # NaN stays NaN

    small = np.flatnonzero(ax < 0.84375)
    if small.size:  # erf < 0.77 here: 1 - erf loses no relative precision
        out[small] = 1.0 - erf(xf[small])

    mid = np.flatnonzero((ax >= 0.84375) & (ax < 1.25))
    if mid.size:
        s = ax[mid] - 1.0
        y = _horner(s, _PA)
        y /= _horner(s, _QA)
        out[mid] = np.where(neg[mid], 1.0 + _ERX + y, 1.0 - _ERX - y)

    tail = np.flatnonzero((ax >= 1.25) & (ax < 28.0))
    if tail.size:
        a = ax[tail]
        near = a < 1.0 / 0.35
        y = np.empty_like(a)
        if near.any():
            y[near] = _erfc_tail(a[near], _RA, _SA)
        if not near.all():
            far = ~near
            y[far] = _erfc_tail(a[far], _RB, _SB)
        out[tail] = np.where(neg[tail], 2.0 - y, y)
    return out.reshape(x.shape).astype(dtype, copy=False)


# Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011): single precision,
# in w = -log(1 - y^2); central region w < 5, tail region in sqrt(w).
_GILES_CENTRAL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06,
                  0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941)
_GILES_TAIL = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844,
               0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682)
_TWO_OVER_SQRT_PI = 1.1283791670955126


def erfinv(y):
    """The inverse error function, elementwise: erfinv(+-1) = +-inf, NaN outside [-1, 1]."""
    y = np.asarray(y)
    dtype = y.dtype if y.dtype.kind in "fV" else np.dtype(np.float64)
    yf = y.astype(np.float64, copy=False).ravel()
    a = np.abs(yf)
    inside = a < 1.0
    out = np.where(a == 1.0, np.inf, np.nan)
    idx = np.flatnonzero(inside)
    if idx.size:
        a = a[idx]
        with np.errstate(divide="ignore"):
            w = -np.log((1.0 - a) * (1.0 + a))
        central = w < 5.0
        t = np.where(central, _horner(w - 2.5, _GILES_CENTRAL),
                     _horner(np.sqrt(w) - 3.0, _GILES_TAIL)) * a
        # Newton's method, on f(t) = erf(t) - a below a = 0.5 and on the log of
        # erfc(t) = 1 - a above (1 - a is exact there; erfc keeps the digits that erf rounds
        # away, and its log is nearly quadratic in t, so the steps stay good far into the
        # tail, where the single-precision start is poor). Quadratic convergence: five
        # steps reach double precision from the start everywhere.
        upper = a >= 0.5
        log_rest = np.log(np.where(upper, 1.0 - a, 1.0))
        for _ in range(5):
            slope = _TWO_OVER_SQRT_PI * np.exp(-t * t)
            c = erfc(np.where(upper, t, 0.0))
            with np.errstate(divide="ignore", invalid="ignore"):
                step = np.where(upper, (log_rest - np.log(c)) * c, erf(t) - a) / slope
            t = t - step
        out[idx] = t
    np.copysign(out, yf, out=out)
    return out.reshape(y.shape).astype(dtype, copy=False)


# erfcx(x) = exp(x^2) erfc(x). Below _ERFCX_ASYMPTOTIC the product is taken with x^2 split
# into an exact square and a small rest (exp(x^2) alone would carry x^2 ulps of error); above
# it, the asymptotic series 1 / (x sqrt(pi)) sum_k (-1)^k (2k-1)!! / (2x^2)^k, whose terms are
# below 1e-17 by the eighth there. Negative x: erfcx(x) = 2 exp(x^2) - erfcx(-x).
_ERFCX_ASYMPTOTIC = 26.0
_INV_SQRT_PI = 0.5641895835477563


def _erfcx_nonnegative(a):
    out = np.empty_like(a)
    big = a >= _ERFCX_ASYMPTOTIC
    if big.any():
        v = a[big]
        r = 1.0 / (2.0 * v * v)
        term = np.ones_like(v)
        total = np.ones_like(v)
        for k in range(1, 9):
            term = -term * (2 * k - 1) * r
            total = total + term
        out[big] = _INV_SQRT_PI / v * total
    small = ~big
    if small.any():
        v = a[small]
        hi = np.round(v * 4096.0) / 4096.0  # hi * hi is exact in float64
        lo = v - hi
        out[small] = np.exp(hi * hi) * np.exp(lo * (hi + v)) * erfc(v)
    return out


def erfcx(x):
    """The scaled complementary error function exp(x^2) erfc(x), elementwise; +inf for
    x below about -26.6, where exp(x^2) overflows."""
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind in "fV" else np.dtype(np.float64)
    xf = x.astype(np.float64, copy=False).ravel()
    out = np.full(xf.shape, np.nan)
    pos = xf >= 0
    out[pos] = _erfcx_nonnegative(xf[pos])
    neg = xf < 0
    if neg.any():
        v = xf[neg]
        with np.errstate(over="ignore"):
            out[neg] = 2.0 * np.exp(v * v) - _erfcx_nonnegative(-v)
    with np.errstate(over="ignore"):  # inf in float32 where float64 still holds the value
        return out.reshape(x.shape).astype(dtype, copy=False)
