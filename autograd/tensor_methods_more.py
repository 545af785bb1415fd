"""More public Tensor methods, each a one-line call into an op: the bitwise ops and their
in-place forms, clamp_min/clamp_max, fmax/fmin, the predicates, numerics (sgn, ldexp, frexp,
nextafter, mvlgamma), diff, cov, corrcoef, histogram, mv, dist and renorm.

A mixin of ``Tensor`` (see ``autograd.tensor_methods``), with empty ``__slots__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.engine.inplace import inplace
from autograd.ops.elementwise import bitwise as _bitwise
from autograd.ops.elementwise import numeric as _numeric
from autograd.ops.elementwise import predicates as _predicates
from autograd.ops.elementwise import select as _select
from autograd.ops.linalg import vectors as _vectors
from autograd.ops.reduction import integrate as _integrate
from autograd.ops.reduction import statistics as _statistics

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _MoreMethods:
    """Bitwise, predicates, numerics, differences, statistics and vector methods."""

    __slots__ = ()

    def bitwise_and(self, other: Any) -> Tensor:
        """Bitwise AND (see ``autograd.bitwise_and``)."""
        return _bitwise.bitwise_and(self, other)

    def bitwise_and_(self, other: Any) -> Tensor:
        """In-place ``bitwise_and``."""
        return inplace(self, _bitwise.bitwise_and, other)

    def bitwise_or(self, other: Any) -> Tensor:
        """Bitwise OR (see ``autograd.bitwise_or``)."""
        return _bitwise.bitwise_or(self, other)

    def bitwise_or_(self, other: Any) -> Tensor:
        """In-place ``bitwise_or``."""
        return inplace(self, _bitwise.bitwise_or, other)

    def bitwise_xor(self, other: Any) -> Tensor:
        """Bitwise XOR (see ``autograd.bitwise_xor``)."""
        return _bitwise.bitwise_xor(self, other)

    def bitwise_xor_(self, other: Any) -> Tensor:
        """In-place ``bitwise_xor``."""
        return inplace(self, _bitwise.bitwise_xor, other)

    def bitwise_not(self) -> Tensor:
        """Bitwise NOT (see ``autograd.bitwise_not``)."""
        return _bitwise.bitwise_not(self)

    def bitwise_not_(self) -> Tensor:
        """In-place ``bitwise_not``."""
        return inplace(self, _bitwise.bitwise_not)

    def bitwise_left_shift(self, other: Any) -> Tensor:
        """Left shift by other bits (see ``autograd.bitwise_left_shift``)."""
        return _bitwise.bitwise_left_shift(self, other)

    def bitwise_left_shift_(self, other: Any) -> Tensor:
        """In-place ``bitwise_left_shift``."""
        return inplace(self, _bitwise.bitwise_left_shift, other)

    def bitwise_right_shift(self, other: Any) -> Tensor:
        """Right shift by other bits (see ``autograd.bitwise_right_shift``)."""
        return _bitwise.bitwise_right_shift(self, other)

    def bitwise_right_shift_(self, other: Any) -> Tensor:
        """In-place ``bitwise_right_shift``."""
        return inplace(self, _bitwise.bitwise_right_shift, other)

    def gcd(self, other: Tensor) -> Tensor:
        """Greatest common divisor (see ``autograd.gcd``)."""
        return _bitwise.gcd(self, other)

    def gcd_(self, other: Tensor) -> Tensor:
        """In-place ``gcd``."""
        return inplace(self, _bitwise.gcd, other)

    def lcm(self, other: Tensor) -> Tensor:
        """Least common multiple (see ``autograd.lcm``)."""
        return _bitwise.lcm(self, other)

    def lcm_(self, other: Tensor) -> Tensor:
        """In-place ``lcm``."""
        return inplace(self, _bitwise.lcm, other)

    def clamp_min(self, min: Any) -> Tensor:
        """Every element at least min (see ``autograd.clamp_min``)."""
        return _select.clamp_min(self, min)

    def clamp_min_(self, min: Any) -> Tensor:
        """In-place ``clamp_min``."""
        return inplace(self, _select.clamp_min, min)

    def clamp_max(self, max: Any) -> Tensor:
        """Every element at most max (see ``autograd.clamp_max``)."""
        return _select.clamp_max(self, max)

    def clamp_max_(self, max: Any) -> Tensor:
        """In-place ``clamp_max``."""
        return inplace(self, _select.clamp_max, max)

    def fmax(self, other: Tensor) -> Tensor:
        """Maximum ignoring NaN (see ``autograd.fmax``)."""
        return _select.fmax(self, other)

    def fmin(self, other: Tensor) -> Tensor:
        """Minimum ignoring NaN (see ``autograd.fmin``)."""
        return _select.fmin(self, other)

    def positive(self) -> Tensor:
        """``+self`` (see ``autograd.positive``)."""
        return _numeric.positive(self)

    def sgn(self) -> Tensor:
        """The sign of each element (see ``autograd.sgn``)."""
        return _numeric.sgn(self)

    def sgn_(self) -> Tensor:
        """In-place ``sgn``."""
        return inplace(self, _numeric.sgn)

    def ldexp(self, other: Tensor) -> Tensor:
        """``self * 2 ** other`` (see ``autograd.ldexp``)."""
        return _numeric.ldexp(self, other)

    def ldexp_(self, other: Tensor) -> Tensor:
        """In-place ``ldexp``."""
        return inplace(self, _numeric.ldexp, other)

    def frexp(self) -> Any:
        """``(mantissa, exponent)`` (see ``autograd.frexp``)."""
        return _numeric.frexp(self)

    def nextafter(self, other: Tensor) -> Tensor:
        """The next float toward other (see ``autograd.nextafter``)."""
        return _numeric.nextafter(self, other)

    def nextafter_(self, other: Tensor) -> Tensor:
        """In-place ``nextafter``."""
        return inplace(self, _numeric.nextafter, other)

    def mvlgamma(self, p: int) -> Tensor:
        """Multivariate log-gamma (see ``autograd.mvlgamma``)."""
        return _numeric.mvlgamma(self, p)

    def mvlgamma_(self, p: int) -> Tensor:
        """In-place ``mvlgamma``."""
        return inplace(self, _numeric.mvlgamma, p)

    def i0(self) -> Tensor:
        """Modified Bessel function of order zero (see ``autograd.i0``)."""
        return _numeric.i0(self)

    def i0_(self) -> Tensor:
        """In-place ``i0``."""
        return inplace(self, _numeric.i0)

    def isneginf(self) -> Tensor:
        """True where -inf (see ``autograd.isneginf``)."""
        return _predicates.isneginf(self)

    def isposinf(self) -> Tensor:
        """True where +inf (see ``autograd.isposinf``)."""
        return _predicates.isposinf(self)

    def isreal(self) -> Tensor:
        """True everywhere: no complex dtypes (see ``autograd.isreal``)."""
        return _predicates.isreal(self)

    def is_complex(self) -> bool:
        """False: no complex dtypes (see ``autograd.is_complex``)."""
        return _predicates.is_complex(self)

    def is_nonzero(self) -> bool:
        """The truth value of a one-element tensor (see ``autograd.is_nonzero``)."""
        return _predicates.is_nonzero(self)

    def is_same_size(self, other: Tensor) -> bool:
        """True when the shapes agree (see ``autograd.is_same_size``)."""
        return _predicates.is_same_size(self, other)

    def is_signed(self) -> bool:
        """True for signed dtypes (see ``autograd.is_signed``)."""
        return _predicates.is_signed(self)

    def diff(self, n: int = 1, dim: int = -1, prepend: Tensor | None = None,
             append: Tensor | None = None) -> Tensor:
        """The n-th forward difference (see ``autograd.diff``)."""
        return _integrate.diff(self, n, dim, prepend, append)

    def cov(self, *, correction: int = 1, fweights: Tensor | None = None,
            aweights: Tensor | None = None) -> Tensor:
        """Covariance matrix of the rows (see ``autograd.cov``)."""
        return _statistics.cov(self, correction=correction, fweights=fweights, aweights=aweights)

    def corrcoef(self) -> Tensor:
        """Correlation coefficients of the rows (see ``autograd.corrcoef``)."""
        return _statistics.corrcoef(self)

    def histogram(self, bins: Any = 100, *, range: Any = None, weight: Tensor | None = None,
                  density: bool = False) -> Any:
        """``(hist, bin_edges)`` (see ``autograd.histogram``)."""
        return _statistics.histogram(self, bins, range=range, weight=weight, density=density)

    def mv(self, vec: Tensor) -> Tensor:
        """Matrix-vector product (see ``autograd.mv``)."""
        return _vectors.mv(self, vec)

    def dist(self, other: Tensor, p: float = 2) -> Tensor:
        """The p-norm of self - other (see ``autograd.dist``)."""
        return _vectors.dist(self, other, p)

    def renorm(self, p: float, dim: int, maxnorm: float) -> Tensor:
        """Slices along dim scaled to p-norm at most maxnorm (see ``autograd.renorm``)."""
        return _vectors.renorm(self, p, dim, maxnorm)

    def renorm_(self, p: float, dim: int, maxnorm: float) -> Tensor:
        """In-place ``renorm``."""
        return inplace(self, _vectors.renorm, p, dim, maxnorm)
