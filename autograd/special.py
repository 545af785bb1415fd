"""``autograd.special`` (``torch.special``): special functions, each differentiable as in
PyTorch.

The functions that also live at the top level (``erf``, ``digamma``, ``softmax`` ...) are the
same objects here; PyTorch's other names for them are aliases (``expit`` is ``sigmoid``,
``gammaln`` is ``lgamma``, ``psi`` is ``digamma``, ``multigammaln`` is ``mvlgamma``). The new
ones are in ``autograd/ops/elementwise/special.py``. Not provided: the Bessel functions of the
first and second kinds (``bessel_j0`` ...), ``airy_ai``, the modified Bessel functions of the
second kind and the orthogonal polynomials, which PyTorch does not differentiate either.
"""

from __future__ import annotations

from autograd.checks import wrap_namespace
from autograd.ops.elementwise.binary_table import xlogy
from autograd.ops.elementwise.numeric import _special_i1 as i1
from autograd.ops.elementwise.numeric import i0
from autograd.ops.elementwise.numeric import mvlgamma as multigammaln
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
    "digamma", "entr", "erf", "erfc", "erfcx", "erfinv", "exp2", "expit", "expm1", "gammainc",
    "gammaincc", "gammaln", "i0", "i0e", "i1", "i1e", "log1p", "log_ndtr", "log_softmax",
    "logit", "logsumexp", "multigammaln", "ndtr", "ndtri", "polygamma", "psi", "round",
    "sinc", "softmax", "xlog1py", "xlogy", "zeta",
]

wrap_namespace(globals(), __all__)  # the top level's checked functions, the same objects
