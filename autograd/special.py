"""``autograd.special`` (``torch.special``): special functions, each differentiable as in
PyTorch.

The functions that also live at the top level (``erf``, ``digamma``, ``softmax`` ...) are the
same objects here; PyTorch's other names for them are aliases (``expit`` is ``sigmoid``,
``gammaln`` is ``lgamma``, ``psi`` is ``digamma``, ``multigammaln`` is ``mvlgamma``). The new
ones are in ``autograd/ops/elementwise/special.py``. The Bessel and Airy functions
(``bessel_j0`` ... ``airy_ai``, ``modified_bessel_k0`` ..., ``spherical_bessel_j0``) are in
``autograd/ops/elementwise/bessel.py`` and the orthogonal polynomials (Chebyshev's, Hermite's,
Laguerre's, Legendre's) in ``autograd/ops/elementwise/polynomials.py``: as in PyTorch, these
have no derivative, and their results never require grad.
"""

from __future__ import annotations

from autograd.checks import wrap_namespace
from autograd.ops.elementwise.bessel import (
    airy_ai,
    bessel_j0,
    bessel_j1,
    bessel_y0,
    bessel_y1,
    modified_bessel_i0,
    modified_bessel_i1,
    modified_bessel_k0,
    modified_bessel_k1,
    scaled_modified_bessel_k0,
    scaled_modified_bessel_k1,
    spherical_bessel_j0,
)
from autograd.ops.elementwise.binary_table import xlogy
from autograd.ops.elementwise.numeric import _special_i1 as i1
from autograd.ops.elementwise.numeric import i0
from autograd.ops.elementwise.numeric import mvlgamma as multigammaln
from autograd.ops.elementwise.polynomials import (
    chebyshev_polynomial_t,
    chebyshev_polynomial_u,
    chebyshev_polynomial_v,
    chebyshev_polynomial_w,
    hermite_polynomial_h,
    hermite_polynomial_he,
    laguerre_polynomial_l,
    legendre_polynomial_p,
    shifted_chebyshev_polynomial_t,
    shifted_chebyshev_polynomial_u,
    shifted_chebyshev_polynomial_v,
    shifted_chebyshev_polynomial_w,
)
from autograd.ops.elementwise.special import (
    entr,
    erfcx,
    gammainc,
    gammaincc,
    i0e,
    i1e,
    log_ndtr,
    ndtr,
    ndtri,
    xlog1py,
    zeta,
)
from autograd.ops.elementwise.unary import erf, expm1, log1p
from autograd.ops.elementwise.unary import sigmoid as expit
from autograd.ops.elementwise.unary_table import (
    digamma,
    erfc,
    erfinv,
    exp2,
    logit,
    polygamma,
    round,
    sinc,
)
from autograd.ops.elementwise.unary_table import digamma as psi
from autograd.ops.elementwise.unary_table import lgamma as gammaln
from autograd.ops.nn.softmax_loss import log_softmax, softmax
from autograd.ops.reduction.norm import logsumexp

__all__ = [
    "airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "chebyshev_polynomial_t",
    "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w", "digamma",
    "entr", "erf", "erfc", "erfcx", "erfinv", "exp2", "expit", "expm1", "gammainc",
    "gammaincc", "gammaln", "hermite_polynomial_h", "hermite_polynomial_he", "i0", "i0e", "i1",
    "i1e", "laguerre_polynomial_l", "legendre_polynomial_p", "log1p", "log_ndtr",
    "log_softmax", "logit", "logsumexp", "modified_bessel_i0", "modified_bessel_i1",
    "modified_bessel_k0", "modified_bessel_k1", "multigammaln", "ndtr", "ndtri", "polygamma",
    "psi", "round", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
    "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u",
    "shifted_chebyshev_polynomial_v", "shifted_chebyshev_polynomial_w", "sinc", "softmax",
    "spherical_bessel_j0", "xlog1py", "xlogy", "zeta",
]

wrap_namespace(globals(), __all__)  # the top level's checked functions, the same objects
