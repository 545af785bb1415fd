"""The special functions of ``torch.special`` that the rest of the elementwise family lacks:
erfcx, entr, the scaled Bessel functions i0e and i1e, the normal distribution's ndtr, ndtri
and log_ndtr, xlog1py, the regularized incomplete gamma functions (``igamma`` and
``igammac`` at the top level, as PyTorch's) and the Hurwitz zeta function. The namespace
``autograd.special`` gathers them with the ones defined elsewhere."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from autograd.engine.diffxp import register
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.arith import mul, sub
from autograd.ops.elementwise.numeric import _I1_A, _I1_B, _chebyshev
from autograd.ops.elementwise.select import where
from autograd.ops.elementwise.table import binary, unary
from autograd.ops.elementwise.unary import log, log1p
from autograd.ops.elementwise.unary_table import erfc, erfinv

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["igamma", "igammac"]

_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
_SQRT_HALF = math.sqrt(0.5)
_SQRT2 = math.sqrt(2.0)


def _no_derivative(what: str) -> Any:
    raise NotImplementedError(f"the derivative for '{what}' is not implemented.")


# erfcx(x) = exp(x^2) erfc(x):  d/dx = 2 x erfcx(x) - 2 / sqrt(pi)
erfcx = unary("erfcx", lambda xp, x: xp.erfcx(x),
              lambda xp, x, y: 2 * x * y - _TWO_OVER_SQRT_PI,
              "The scaled complementary error function exp(input^2) erfc(input), without "
              "the overflow of the product.", bfloat16=False)


def _entr(xp: Any, x: Any) -> Any:
    positive = x > 0
    out = -x * xp.log(xp.where(positive, x, 1))
    return xp.where(positive, out, xp.where(x == 0, 0, xp.where(x < 0, -math.inf, x)))


# entr(x) = -x log x:  d/dx = -(1 + log x) (as PyTorch's, also outside x > 0)
entr = unary("entr", _entr, lambda xp, x: -(1 + xp.log(x)),
             "The elementwise entropy -input log(input): 0 at 0, -inf for negative input.")

# -- i0e and i1e: exp(-|x|) I0(x), exp(-|x|) I1(x) -------------------------------------------
# Cephes' Chebyshev expansions of exp(-|x|) I0(x), in x / 2 - 2 on [0, 8] and in 32 / x - 2
# (times 1 / sqrt(x)) beyond; I1's are in ``numeric``.

_I0_A = (-4.41534164647933937950E-18, 3.33079451882223809783E-17, -2.43127984654795469359E-16,
         1.71539128555513303061E-15, -1.16853328779934516808E-14, 7.67618549860493561688E-14,
         -4.85644678311192946090E-13, 2.95505266312963983461E-12, -1.72682629144155570723E-11,
         9.67580903537323691224E-11, -5.18979560163526290666E-10, 2.65982372468238665035E-9,
         -1.30002500998624804212E-8, 6.04699502254191894932E-8, -2.67079385394061173391E-7,
         1.11738753912010371815E-6, -4.41673835845875056359E-6, 1.64484480707288970893E-5,
         -5.75419501008210370398E-5, 1.88502885095841655729E-4, -5.76375574538582365885E-4,
         1.63947561694133579842E-3, -4.32430999505057594430E-3, 1.05464603945949983183E-2,
         -2.37374148058994688156E-2, 4.93052842396707084878E-2, -9.49010970480476444210E-2,
         1.71620901522208775349E-1, -3.04682672343198398683E-1, 6.76795274409476084995E-1)
_I0_B = (-7.23318048787475395456E-18, -4.83050448594418207126E-18, 4.46562142029675999901E-17,
         3.46122286769746109310E-17, -2.82762398051658348494E-16, -3.42548561967721913462E-16,
         1.77256013305652638360E-15, 3.81168066935262242075E-15, -9.55484669882830764870E-15,
         -4.15056934728722208663E-14, 1.54008621752140982691E-14, 3.85277838274214270114E-13,
         7.18012445138366623367E-13, -1.79417853150680611778E-12, -1.32158118404477131188E-11,
         -3.14991652796324136454E-11, 1.18891471078464383424E-11, 4.94060238822496958910E-10,
         3.39623202570838634515E-9, 2.26666899049817806459E-8, 2.04891858946906374183E-7,
         2.89137052083475648297E-6, 6.88975834691682398426E-5, 3.36911647825569408990E-3,
         8.04490411014108831608E-1)


def _i0e_raw(xp: Any, x: Any) -> Any:
    z = xp.abs(x)
    big = xp.maximum(z, 8)
    out = xp.where(z <= 8, _chebyshev(z * 0.5 - 2, _I0_A),
                   _chebyshev(32 / big - 2, _I0_B) / xp.sqrt(big))
    return out.astype(x.dtype, copy=False)


def _i1e_raw(xp: Any, x: Any) -> Any:
    z = xp.abs(x)
    big = xp.maximum(z, 8)
    out = xp.where(z <= 8, _chebyshev(z * 0.5 - 2, _I1_A) * z,
                   _chebyshev(32 / big - 2, _I1_B) / xp.sqrt(big))
    return (xp.sign(x) * out).astype(x.dtype, copy=False)


def _i0e(xp: Any, x: Any) -> Any:
    return xp.i0e(x) if xp.differentiable else _i0e_raw(xp, x)


def _i1e(xp: Any, x: Any) -> Any:
    return xp.i1e(x) if xp.differentiable else _i1e_raw(xp, x)


# i0e' = i1e - sign(x) i0e
i0e = unary("i0e", _i0e_raw, lambda xp, x, y: _i1e(xp, x) - xp.sign(x) * y,
            "The exponentially scaled modified Bessel function of order zero, "
            "exp(-|input|) i0(input).")
# i1e' = i0e - i1e (sign(x) + 1 / x), 1/2 at 0
i1e = unary("i1e", _i1e_raw, lambda xp, x, y: xp.where(
    x == 0, 0.5, _i0e(xp, x) - y * (xp.sign(x) + 1 / xp.where(x == 0, 1.0, x))),
    "The exponentially scaled modified Bessel function of order one, "
    "exp(-|input|) i1(input).")
register("i0e")(i0e)
register("i1e")(i1e)


# -- the standard normal distribution ---------------------------------------------------------


def _input(name: str, input: Any, bfloat16: bool = True) -> None:
    """PyTorch's TypeError for a non-Tensor ``input`` (a composite would fail deeper, on
    something the caller never passed), and its NotImplementedError for bfloat16 where it
    has no kernel."""
    if not isinstance(input, TensorBase):
        raise TypeError(f"special_{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if not bfloat16 and input._data.dtype.kind == "V":
        raise NotImplementedError(f'"{name}" not implemented for \'BFloat16\' (input of shape '
                                  f"{list(input.shape)})")


def ndtr(input: Tensor) -> Tensor:
    """The standard normal cumulative distribution function, erfc(-input / sqrt(2)) / 2."""
    _input("ndtr", input)
    return mul(erfc(mul(input, -_SQRT_HALF)), 0.5)


def ndtri(input: Tensor) -> Tensor:
    """The inverse of ``ndtr``: sqrt(2) erfinv(2 input - 1) (-inf at 0, +inf at 1, NaN outside
    [0, 1]). PyTorch evaluates the far tails (input below about 1e-8) more precisely."""
    _input("ndtri", input, bfloat16=False)
    return mul(erfinv(sub(mul(input, 2.0), 1.0)), _SQRT2)


def log_ndtr(input: Tensor) -> Tensor:
    """log(ndtr(input)), accurate in both tails: through erfcx below -1 (where ndtr
    underflows), through log1p(-erfc(input / sqrt(2)) / 2) above."""
    _input("log_ndtr", input, bfloat16=False)
    x = input
    low = x < -1
    xl = where(low, x, -1.0)  # each branch sees only its own range: finite gradients
    xh = where(low, -1.0, x)
    left = log(mul(erfcx(mul(xl, -_SQRT_HALF)), 0.5)) - mul(mul(xl, xl), 0.5)
    right = log1p(mul(erfc(mul(xh, _SQRT_HALF)), -0.5))
    return where(low, left, right)


# -- xlog1py, the incomplete gamma functions and the Hurwitz zeta function -------------------


def _pair(xp: Any, x: Any, y: Any) -> tuple:
    """Both operands as arrays of one dtype (a Python-number operand takes the other's)."""
    if not hasattr(y, "dtype"):
        y = xp.asarray(y, dtype=x.dtype)
    elif not hasattr(x, "dtype"):
        x = xp.asarray(x, dtype=y.dtype)
    return x, y


def _xlog1py(xp: Any, x: Any, y: Any) -> Any:
    """x log(1 + y), 0 where x = 0, NaN where y is NaN."""
    x, y = _pair(xp, x, y)
    zero = x == 0
    out = x * xp.log1p(xp.where(zero, 0, y))
    return xp.where(zero, xp.where(xp.isnan(y), y, 0), out)


# xlog1py: d/dx = log1p(y), d/dy = x / (1 + y)
xlog1py = binary("xlog1py", _xlog1py, lambda xp, y: xp.log1p(y), lambda xp, x, y: x / (1 + y),
                 "input * log1p(other), 0 where input is 0.")


def _igamma_derivative(xp: Any, x: Any, y: Any) -> Any:
    # d P(a, x) / dx = x^(a-1) exp(-x) / Gamma(a)
    return xp.exp((x - 1) * xp.log(y) - y - xp.lgamma(x))


_gammainc = binary("gammainc", lambda xp, x, y: xp.gammainc(*_pair(xp, x, y)),
                   lambda xp: _no_derivative("igamma: input"), _igamma_derivative,
                   "The regularized lower incomplete gamma function.", ints="error")
_gammaincc = binary("gammaincc", lambda xp, x, y: xp.gammaincc(*_pair(xp, x, y)),
                    lambda xp: _no_derivative("igammac: input"),
                    lambda xp, x, y: -_igamma_derivative(xp, x, y),
                    "The regularized upper incomplete gamma function.", ints="error")


def _tensors(name: str, input: Any, other: Any) -> None:
    for position, (arg, value) in enumerate((("input", input), ("other", other)), 1):
        if not isinstance(value, TensorBase):
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, "
                            f"not {type(value).__name__}")


def gammainc(input: Tensor, other: Tensor) -> Tensor:
    """The regularized lower incomplete gamma function P(input, other) = gamma(input, other)
    / Gamma(input); differentiable in ``other`` only (as PyTorch)."""
    _tensors("gammainc", input, other)
    return _gammainc(input, other)


def gammaincc(input: Tensor, other: Tensor) -> Tensor:
    """The regularized upper incomplete gamma function Q(input, other) = 1 - P(input, other);
    differentiable in ``other`` only (as PyTorch)."""
    _tensors("gammaincc", input, other)
    return _gammaincc(input, other)


def igamma(input: Tensor, other: Tensor) -> Tensor:
    """``torch.igamma``: the regularized lower incomplete gamma function
    (``special.gammainc``)."""
    _tensors("igamma", input, other)
    return _gammainc(input, other)


def igammac(input: Tensor, other: Tensor) -> Tensor:
    """``torch.igammac``: the regularized upper incomplete gamma function
    (``special.gammaincc``)."""
    _tensors("igammac", input, other)
    return _gammaincc(input, other)


# zeta(s, q) = sum_k (q + k)^-s:  d/dq = -s zeta(s + 1, q); none in s (as PyTorch)
zeta = binary("zeta", lambda xp, x, y: xp.zeta(*_pair(xp, x, y)),
              lambda xp: _no_derivative("zeta"), lambda xp, x, y: -x * xp.zeta(x + 1, y),
              "The Hurwitz zeta function sum over k >= 0 of (other + k)^-input.",
              bfloat16=False)
register("zeta")(zeta)
