"""Unary elementwise math declared as table rows (see ``table``): hyperbolic and inverse
trigonometric functions, logs and exponentials in other bases, the special functions
(erfc, erfinv, lgamma, digamma, polygamma), rounding (ceil, round, frac), nan_to_num, logit,
sinc and the degree/radian conversions. Exported from ``elementwise``.

Each row: name, forward, derivative (over ``x`` the input and ``y`` the output), docstring.
Integer and bool inputs become the default float dtype unless the row says otherwise.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.ops.elementwise.convert import to
from autograd.ops.elementwise.select import clamp
from autograd.ops.elementwise.table import unary
from autograd.ops.elementwise.unary import trunc

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = [
    "sinh", "cosh", "asin", "acos", "atan", "asinh", "acosh", "atanh", "arcsin", "arccos",
    "arctan", "arcsinh", "arccosh", "arctanh", "log2", "log10", "exp2", "erfc", "erfinv",
    "lgamma", "digamma", "polygamma", "sinc", "frac", "ceil", "round", "fix", "nan_to_num",
    "logit", "deg2rad", "rad2deg",
]

_NAN = math.nan
_LN2 = math.log(2.0)
_LN10 = math.log(10.0)
_PI = math.pi
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SQRT_PI_OVER_TWO = math.sqrt(math.pi) / 2.0

# -- the table: name, forward, derivative, docstring ------------------------------------------

sinh = unary("sinh", lambda xp, x: xp.sinh(x), lambda xp, x: xp.cosh(x),
             "Hyperbolic sine, elementwise.")
cosh = unary("cosh", lambda xp, x: xp.cosh(x), lambda xp, x: xp.sinh(x),
             "Hyperbolic cosine, elementwise.")
asin = unary("asin", lambda xp, x: xp.arcsin(x), lambda xp, x: 1 / xp.sqrt(1 - x * x),
             "Inverse sine, elementwise (NaN outside [-1, 1]).")
acos = unary("acos", lambda xp, x: xp.arccos(x), lambda xp, x: -1 / xp.sqrt(1 - x * x),
             "Inverse cosine, elementwise (NaN outside [-1, 1]).")
atan = unary("atan", lambda xp, x: xp.arctan(x), lambda xp, x: 1 / (1 + x * x),
             "Inverse tangent, elementwise.")
asinh = unary("asinh", lambda xp, x: xp.arcsinh(x), lambda xp, x: 1 / xp.sqrt(x * x + 1),
              "Inverse hyperbolic sine, elementwise.")
acosh = unary("acosh", lambda xp, x: xp.arccosh(x), lambda xp, x: 1 / xp.sqrt(x * x - 1),
              "Inverse hyperbolic cosine, elementwise (NaN below 1).")
atanh = unary("atanh", lambda xp, x: xp.arctanh(x), lambda xp, x: 1 / (1 - x * x),
              "Inverse hyperbolic tangent, elementwise (NaN outside [-1, 1]).")
log2 = unary("log2", lambda xp, x: xp.log2(x), lambda xp, x: 1 / (x * _LN2),
             "Base-2 logarithm, elementwise.")
log10 = unary("log10", lambda xp, x: xp.log10(x), lambda xp, x: 1 / (x * _LN10),
              "Base-10 logarithm, elementwise.")
exp2 = unary("exp2", lambda xp, x: xp.exp2(x), lambda xp, y: y * _LN2,
             "2 ** input, elementwise.")
erfc = unary("erfc", lambda xp, x: xp.erfc(x), lambda xp, x: -_TWO_OVER_SQRT_PI * xp.exp(-x * x),
             "The complementary error function 1 - erf(input), accurate in the right tail.")
erfinv = unary("erfinv", lambda xp, x: xp.erfinv(x), lambda xp, y: _SQRT_PI_OVER_TWO
               * xp.exp(y * y), "The inverse error function (+-inf at +-1, NaN outside).")


def _digamma(xp: Any, x: Any) -> Any:
    """digamma with PyTorch's signed pole at zero: -inf at +0.0, +inf at -0.0."""
    return xp.where(x == 0, xp.copysign(math.inf, -x), xp.digamma(x))


lgamma = unary("lgamma", lambda xp, x: xp.lgamma(x), _digamma,
               "log |Gamma(input)|, elementwise.")
digamma = unary("digamma", _digamma, lambda xp, x: xp.polygamma(1, x),
                "The derivative of lgamma (-inf at +0.0, +inf at -0.0, NaN at the negative "
                "integers).")
_polygamma = unary("polygamma", lambda xp, x, n: xp.polygamma(n, x),
                   lambda xp, x, n: xp.polygamma(n + 1, x), "The n-th derivative of digamma.")
def _sinc(xp: Any, x: Any) -> Any:
    """sin(pi x) / (pi x); float16 computed in float32 (pi x rounded to float16 loses the
    zeros at the integers)."""
    if x.dtype.itemsize < 4:
        return xp.sinc(x.astype(xp.float32)).astype(x.dtype)
    return xp.sinc(x)


def _round_to(xp: Any, x: Any, decimals: int) -> Any:
    """Round half to even at ``decimals`` places as PyTorch: scaled by 10**|decimals| (divided
    for negative decimals), float16 computed in float32."""
    if not decimals or x.dtype.kind not in "fV":
        return xp.round(x)
    dtype = x.dtype
    if dtype.itemsize < 4:
        x = x.astype(xp.float32)
    scale = 10.0 ** abs(decimals)
    y = xp.rint(x * scale) / scale if decimals > 0 else xp.rint(x / scale) * scale
    return y.astype(dtype, copy=False)


# sinc(x) = sin(pi x) / (pi x):  d/dx = (cos(pi x) - sinc(x)) / x, 0 at 0
sinc = unary("sinc", lambda xp, x: _sinc(xp, x), lambda xp, x, y: xp.where(
    x == 0, 0, (xp.cos(_PI * x) - y) / xp.where(x == 0, 1, x)),
    "The normalized sinc, sin(pi x) / (pi x), 1 at 0.")
frac = unary("frac", lambda xp, x: x - xp.trunc(x), lambda xp: 1,
             "The fractional part, input - trunc(input), with input's sign.", ints="error")
ceil = unary("ceil", lambda xp, x: xp.ceil(x), lambda xp: 0,
             "Round up to an integer (integer tensors are returned as they are).", ints="nobool")
_round = unary("round", lambda xp, x, decimals=0: _round_to(xp, x, decimals), lambda xp: 0,
               "Round half to even.", ints="nobool")
_nan_to_num = unary("nan_to_num", lambda xp, x, nan=0.0, posinf=None, neginf=None:
                    xp.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf),
                    lambda xp, x: xp.isfinite(x), "NaN and +-inf replaced.", ints="keep")
# logit(x) = log(x / (1 - x)):  d/dx = 1 / (x (1 - x)), NaN outside [0, 1] (as PyTorch)
_logit = unary("logit", lambda xp, x: xp.log(x / (1 - x)), lambda xp, x: xp.where(
    (x < 0) | (x > 1), _NAN, 1 / (x * (1 - x))), "log(input / (1 - input)).")
deg2rad = unary("deg2rad", lambda xp, x: x * (_PI / 180), lambda xp: _PI / 180,
                "Degrees to radians, elementwise.")
rad2deg = unary("rad2deg", lambda xp, x: x * (180 / _PI), lambda xp: 180 / _PI,
                "Radians to degrees, elementwise.")

arcsin, arccos, arctan = asin, acos, atan
arcsinh, arccosh, arctanh = asinh, acosh, atanh


# -- the rows with arguments: PyTorch's signatures ------------------------------------------


def polygamma(n: int, input: Tensor) -> Tensor:
    """The n-th derivative of digamma (``polygamma(0, x)`` is ``digamma(x)``)."""
    if int(n) != n or n < 0:
        raise RuntimeError(f"polygamma(n, x) does not support negative n (got n={n})")
    return _polygamma(input, n=int(n))


def round(input: Tensor, *, decimals: int | None = None) -> Tensor:
    """Round to ``decimals`` decimal places (0 when not given), halves to even (gradient
    zero). Integer tensors are returned as they are, unless ``decimals`` is given: PyTorch
    has no integer kernel for that form, even for 0."""
    if decimals is not None and input._data.dtype.kind in "biu":
        raise NotImplementedError(f'"round" with decimals={decimals} not implemented for '
                                  f"{input.dtype} (shape {list(input.shape)})")
    return _round(input, decimals=0 if decimals is None else int(decimals))


def fix(input: Tensor) -> Tensor:
    """``trunc``: round toward zero."""
    return trunc(input)


def nan_to_num(input: Tensor, nan: float = 0.0, posinf: float | None = None,
               neginf: float | None = None) -> Tensor:
    """NaN replaced by ``nan``, +inf by ``posinf`` and -inf by ``neginf`` (by default the
    largest and lowest finite values of input's dtype); the gradient passes where input is
    finite."""
    for name, value in (("nan", nan), ("posinf", posinf), ("neginf", neginf)):
        if value is not None and (isinstance(value, str) or not hasattr(value, "__float__")):
            raise TypeError(f"nan_to_num(): argument '{name}' must be float, not "
                            f"{type(value).__name__}")
    if nan is None:  # PyTorch's None: 0
        nan = 0.0
    if input._data.dtype.kind == "V" and (posinf is None or neginf is None):
        # NumPy's defaults know only its own floats: bfloat16's inf would stay inf
        big = _dt.finfo(input.dtype).max
        posinf = big if posinf is None else posinf
        neginf = -big if neginf is None else neginf
    return _nan_to_num(input, nan=nan, posinf=posinf, neginf=neginf)


def logit(input: Tensor, eps: float | None = None) -> Tensor:
    """log(p / (1 - p)); with ``eps``, p is first clamped to [eps, 1 - eps] (gradient zero
    outside)."""
    if input._data.dtype.kind not in "fV":
        input = to(input, _dt.get_default_dtype())
    if eps is not None:
        input = clamp(input, eps, 1 - eps)
    return _logit(input)
