"""``out=``: the public functions that PyTorch lets write their result into given tensors.

``ag.add(a, b, out=c)`` computes ``ag.add(a, b)`` and writes it into ``c`` (returned), with
PyTorch's rules: no autograd through it (a RuntimeError when grad mode is on and an argument
or ``out`` requires grad), the result cast into ``out``'s dtype when PyTorch's casting allows
it (RuntimeError otherwise), ``out`` on the result's device, and an ``out`` of another shape
resized (with PyTorch's deprecation warning unless it had no elements). Functions that return
several tensors (``max(x, dim)``, ``sort``, ``topk`` ...) take a tuple ``out``.

The names are those of PyTorch's functions with an ``out`` overload (read from its operator
schemas: ``torch._C._jit_get_schemas_for_operator("aten::<name>")``) that tapegrad has. The
check itself sits in every public function's argument wrapper (``checks.tensor_arguments``);
this module writes.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from autograd import checks as _checks
from autograd import dtypes as _dt
from autograd.engine.grad_mode import no_grad, state
from autograd.engine.inplace import inplace
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise import convert as _convert

__all__: list[str] = []

# PyTorch's functions with an ``out=`` overload, by namespace ("" is the top level)
TOP = frozenset("""
abs absolute acos acosh adaptive_avg_pool1d add addbmm addcdiv addcmul addmm addmv addr all amax
amin aminmax angle any arange arccos arccosh arcsin arcsinh arctan arctan2 arctanh argmax argmin
argsort asin asinh atan atan2 atanh baddbmm bartlett_window bernoulli bincount bitwise_and
bitwise_left_shift bitwise_not bitwise_or bitwise_right_shift bitwise_xor blackman_window
block_diag bmm bucketize cat ceil chain_matmul cholesky clamp clamp_max clamp_min clip
column_stack concat concatenate conj_physical copysign cos cosh count_nonzero cross cummax
cummin cumprod cumsum deg2rad diag diag_embed diff digamma dist div divide dot dstack empty eq
erf erfc erfinv exp exp2 expm1 eye fix flip float_power floor floor_divide fmax fmin fmod frac
frexp full gather gcd ge ger greater greater_equal gt hamming_window hann_window heaviside histc
histogram hstack hypot i0 igamma igammac index_add index_copy index_fill index_select inner
inverse isin isneginf isposinf kaiser_window kron kthvalue lcm ldexp le lerp less less_equal
lgamma linspace log log10 log1p log2 logaddexp logaddexp2 logcumsumexp logical_and logical_not
logical_or logical_xor logit logspace logsumexp lt masked_select matmul matrix_power max maximum
mean median min minimum mm mode msort mul multinomial multiply mv mvlgamma nan_to_num nanmean
nanmedian nanquantile nansum narrow_copy ne neg negative nextafter nonzero norm normal not_equal
ones outer poisson polygamma pow prod quantile rad2deg rand randint randn randperm reciprocal
remainder renorm repeat_interleave roll rot90 round row_stack rsqrt searchsorted sgn sigmoid sign
signbit sin sinc sinh slogdet sort sqrt square stack std sub subtract sum take take_along_dim tan
tanh tensordot topk trace tril tril_indices triu triu_indices true_divide trunc unique_consecutive
var vdot vstack where xlogy zeros
""".split())
LINALG = frozenset("""
cholesky cond cross det eigvalsh inv lstsq matmul matrix_norm matrix_power matrix_rank multi_dot
norm pinv qr slogdet solve svdvals vecdot vector_norm
""".split())
SPECIAL = frozenset("""
airy_ai bessel_j0 bessel_j1 bessel_y0 bessel_y1 chebyshev_polynomial_t chebyshev_polynomial_u
chebyshev_polynomial_v chebyshev_polynomial_w digamma entr erf erfc erfcx erfinv exp2 expit expm1
gammainc gammaincc gammaln hermite_polynomial_h hermite_polynomial_he i0 i0e i1 i1e
laguerre_polynomial_l legendre_polynomial_p log1p log_ndtr logit logsumexp modified_bessel_i0
modified_bessel_i1 modified_bessel_k0 modified_bessel_k1 multigammaln ndtr ndtri polygamma psi
round scaled_modified_bessel_k0 scaled_modified_bessel_k1 shifted_chebyshev_polynomial_t
shifted_chebyshev_polynomial_u shifted_chebyshev_polynomial_v shifted_chebyshev_polynomial_w
sinc spherical_bessel_j0 xlog1py xlogy zeta
""".split())
# functions without a derivative: out= takes arguments that require grad, as PyTorch's
NO_AUTOGRAD = frozenset("""
airy_ai bessel_j0 bessel_j1 bessel_y0 bessel_y1 chebyshev_polynomial_t chebyshev_polynomial_u
chebyshev_polynomial_v chebyshev_polynomial_w hermite_polynomial_h hermite_polynomial_he
laguerre_polynomial_l legendre_polynomial_p modified_bessel_i0 modified_bessel_i1
modified_bessel_k0 modified_bessel_k1 scaled_modified_bessel_k0 scaled_modified_bessel_k1
shifted_chebyshev_polynomial_t shifted_chebyshev_polynomial_u shifted_chebyshev_polynomial_v
shifted_chebyshev_polynomial_w spherical_bessel_j0
""".split())
BY_NAMESPACE = {"autograd": TOP, "autograd.linalg": LINALG, "autograd.special": SPECIAL}
# factories make their result in out's dtype and on its device unless told otherwise
FACTORIES = frozenset("""
arange bartlett_window blackman_window empty eye full hamming_window hann_window kaiser_window
linspace logspace ones rand randint randn randperm tril_indices triu_indices zeros
""".split())


def call_with_out(op: str, fn: Callable, args: tuple, kwargs: dict, out: Any) -> Any:
    """``fn(*args, **kwargs)`` written into ``out`` (a tensor, or a tuple of them for a
    function with several results); returns ``out``."""
    if state.grad_enabled and op not in NO_AUTOGRAD and (
            _requires_grad((args, kwargs)) or _requires_grad(out)):
        raise RuntimeError(f"{op}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    if op in FACTORIES and isinstance(out, TensorBase):
        kwargs.setdefault("dtype", out.dtype)
        kwargs.setdefault("device", out.device)
    with no_grad():
        result = fn(*args, **kwargs)
    if isinstance(result, TensorBase):
        if not isinstance(out, TensorBase):
            raise TypeError(f"{op}(): argument 'out' must be Tensor, not {type(out).__name__}")
        _write(op, result, out)
        return out
    results = tuple(result)
    if not isinstance(out, (tuple, list)) or len(out) != len(results) or not all(
            isinstance(o, TensorBase) for o in out):
        raise TypeError(f"{op}(): argument 'out' must be tuple of {len(results)} Tensors, not "
                        f"{type(out).__name__}")
    for r, o in zip(results, out):
        _write(op, r, o)
    fields = getattr(result, "_fields", None)
    return type(result)(*out) if fields is not None else tuple(out)


def _requires_grad(value: Any) -> bool:
    if isinstance(value, TensorBase):
        return value.requires_grad
    if isinstance(value, (tuple, list)):
        return any(_requires_grad(v) for v in value)
    if isinstance(value, dict):
        return any(_requires_grad(v) for v in value.values())
    return False


def _write(op: str, result: Any, out: Any) -> None:
    if out.device != result.device:
        raise RuntimeError(f"{op}(): Expected out tensor to have device {result.device}, but got "
                           f"{out.device} instead")
    if not _dt.can_cast(result.dtype, out.dtype):
        raise RuntimeError(f"{op}(): result type {_checks.dtype_name(result.dtype)} can't be "
                           f"cast to the desired output type {_checks.dtype_name(out.dtype)}")
    shape = tuple(result.shape)
    if tuple(out.shape) != shape:
        if out.numel():
            warnings.warn(
                f"{op}(): An output with one or more elements was resized since it had shape "
                f"{list(out.shape)}, which does not match the required output shape "
                f"{list(shape)}. This behavior is deprecated, and in a future PyTorch release "
                "outputs will not be resized unless they have zero elements. You can explicitly "
                "reuse an out tensor t by resizing it, inplace, to zero elements with "
                "t.resize_(0).", UserWarning, stacklevel=4)
        out.resize_(shape)
    with no_grad():
        inplace(out, _convert.fill_like, result)


_checks.bind_out_writer(call_with_out, BY_NAMESPACE)
