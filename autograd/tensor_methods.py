"""The public Tensor methods that are op functions called as methods: math, reductions, linalg.

``Tensor`` (autograd/tensor.py) inherits one mixin per family from here and from
``autograd.tensor_methods_shape``; each method is an explicit one-line call into an op module.
Every mixin has empty ``__slots__`` so that Tensor keeps no ``__dict__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd import creation as _creation
from autograd import dtypes as _dt
from autograd.ops.aliases import numpy_dims
from autograd.ops.elementwise import arith as _arith
from autograd.ops.elementwise import compare as _compare
from autograd.ops.elementwise import convert as _convert
from autograd.ops.elementwise import select as _select
from autograd.ops.elementwise import unary as _unary
from autograd.ops.linalg import decomp as _decomp
from autograd.ops.linalg import matmul as _matmul
from autograd.ops.linalg import products as _products
from autograd.ops.linalg import spectral as _spectral
from autograd.ops.nn import softmax_loss as _softmax
from autograd.ops.reduction import basic as _reduce
from autograd.ops.reduction import cumulative as _cumulative
from autograd.ops.reduction import extrema as _extrema
from autograd.ops.reduction import norm as _rnorm

if TYPE_CHECKING:
    from autograd.tensor import Tensor

class _MathMethods:
    """Elementwise arithmetic, unary math, comparisons and logic."""

    __slots__ = ()

    def add(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """``self + alpha * other``, broadcast (see ``autograd.add``)."""
        return _arith.add(self, other, alpha=alpha)

    def sub(self, other: Any, *, alpha: Any = 1) -> Tensor:
        """``self - alpha * other``, broadcast (see ``autograd.sub``)."""
        return _arith.sub(self, other, alpha=alpha)

    def mul(self, other: Any) -> Tensor:
        """``self * other``, broadcast (see ``autograd.mul``)."""
        return _arith.mul(self, other)

    def div(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        """``self / other``, optionally rounded (see ``autograd.div``)."""
        return _arith.div(self, other, rounding_mode=rounding_mode)

    def pow(self, exponent: Any) -> Tensor:
        """``self ** exponent``, broadcast (see ``autograd.pow``)."""
        return _arith.pow(self, exponent)

    def abs(self) -> Tensor:
        """Absolute value, elementwise (see ``autograd.abs``)."""
        return _unary.abs(self)

    def neg(self) -> Tensor:
        """``-self`` (see ``autograd.neg``)."""
        return _arith.neg(self)

    def exp(self) -> Tensor:
        """Exponential, elementwise (see ``autograd.exp``)."""
        return _unary.exp(self)

    def log(self) -> Tensor:
        """Natural logarithm, elementwise (see ``autograd.log``)."""
        return _unary.log(self)

    def log1p(self) -> Tensor:
        """``log(1 + self)``, accurate for small values (see ``autograd.log1p``)."""
        return _unary.log1p(self)

    def expm1(self) -> Tensor:
        """``exp(self) - 1``, accurate for small values (see ``autograd.expm1``)."""
        return _unary.expm1(self)

    def sqrt(self) -> Tensor:
        """Square root, elementwise (see ``autograd.sqrt``)."""
        return _unary.sqrt(self)

    def rsqrt(self) -> Tensor:
        """``1 / sqrt(self)``, elementwise (see ``autograd.rsqrt``)."""
        return _unary.rsqrt(self)

    def sin(self) -> Tensor:
        """Sine, elementwise (see ``autograd.sin``)."""
        return _unary.sin(self)

    def cos(self) -> Tensor:
        """Cosine, elementwise (see ``autograd.cos``)."""
        return _unary.cos(self)

    def tan(self) -> Tensor:
        """Tangent, elementwise (see ``autograd.tan``)."""
        return _unary.tan(self)

    def tanh(self) -> Tensor:
        """Hyperbolic tangent, elementwise (see ``autograd.tanh``)."""
        return _unary.tanh(self)

    def sigmoid(self) -> Tensor:
        """Logistic sigmoid, elementwise (see ``autograd.sigmoid``)."""
        return _unary.sigmoid(self)

    def relu(self) -> Tensor:
        """``max(self, 0)``, elementwise (see ``autograd.relu``)."""
        return _unary.relu(self)

    def sign(self) -> Tensor:
        """-1, 0 or 1 by the sign of each element (see ``autograd.sign``)."""
        return _unary.sign(self)

    def reciprocal(self) -> Tensor:
        """``1 / self``, elementwise (see ``autograd.reciprocal``)."""
        return _arith.reciprocal(self)

    def square(self) -> Tensor:
        """``self * self``, elementwise (see ``autograd.square``)."""
        return _arith.square(self)

    def erf(self) -> Tensor:
        """The error function, elementwise (see ``autograd.erf``)."""
        return _unary.erf(self)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:
        """Limit every element to ``[min, max]`` (see ``autograd.clamp``)."""
        return _select.clamp(self, min, max)

    clip = clamp

    def maximum(self, other: Tensor) -> Tensor:
        """Elementwise maximum with ``other`` (see ``autograd.maximum``)."""
        return _select.maximum(self, other)

    def minimum(self, other: Tensor) -> Tensor:
        """Elementwise minimum with ``other`` (see ``autograd.minimum``)."""
        return _select.minimum(self, other)

    def where(self, condition: Any, other: Any) -> Tensor:
        """Self where ``condition`` holds, else ``other`` (see ``autograd.where``)."""
        return _select.where(condition, self, other)

    def lerp(self, end: Tensor, weight: Any) -> Tensor:
        """``self + weight * (end - self)`` (see ``autograd.lerp``)."""
        return _select.lerp(self, end, weight)

    def eq(self, other: Any) -> Tensor:
        """``self == other``, elementwise (see ``autograd.eq``)."""
        return _compare.eq(self, other)

    def ne(self, other: Any) -> Tensor:
        """``self != other``, elementwise (see ``autograd.ne``)."""
        return _compare.ne(self, other)

    def lt(self, other: Any) -> Tensor:
        """``self < other``, elementwise (see ``autograd.lt``)."""
        return _compare.lt(self, other)

    def le(self, other: Any) -> Tensor:
        """``self <= other``, elementwise (see ``autograd.le``)."""
        return _compare.le(self, other)

    def gt(self, other: Any) -> Tensor:
        """``self > other``, elementwise (see ``autograd.gt``)."""
        return _compare.gt(self, other)

    def ge(self, other: Any) -> Tensor:
        """``self >= other``, elementwise (see ``autograd.ge``)."""
        return _compare.ge(self, other)

    def isnan(self) -> Tensor:
        """True where the element is NaN (see ``autograd.isnan``)."""
        return _compare.isnan(self)

    def isinf(self) -> Tensor:
        """True where the element is +-inf (see ``autograd.isinf``)."""
        return _compare.isinf(self)

    def isfinite(self) -> Tensor:
        """True where the element is neither NaN nor infinite (see ``autograd.isfinite``)."""
        return _compare.isfinite(self)

    def logical_not(self) -> Tensor:
        """Elementwise NOT (see ``autograd.logical_not``)."""
        return _compare.logical_not(self)

    def logical_and(self, other: Any) -> Tensor:
        """Elementwise AND with ``other`` (see ``autograd.logical_and``)."""
        return _compare.logical_and(self, other)

    def logical_or(self, other: Any) -> Tensor:
        """Elementwise OR with ``other`` (see ``autograd.logical_or``)."""
        return _compare.logical_or(self, other)

    def logical_xor(self, other: Any) -> Tensor:
        """Elementwise XOR with ``other`` (see ``autograd.logical_xor``)."""
        return _compare.logical_xor(self, other)


class _ReductionMethods:
    """Reductions and scans over dimensions."""

    __slots__ = ()

    def sum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
            axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Sum over ``dim`` (see ``autograd.sum``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("sum", dim, keepdim, axis, keepdims, None)
        return _reduce.sum(self, dim, keepdim, dtype=dtype)

    def mean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Mean over ``dim`` (see ``autograd.mean``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("mean", dim, keepdim, axis, keepdims, None)
        return _reduce.mean(self, dim, keepdim, dtype=dtype)

    def prod(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Product over ``dim`` (see ``autograd.prod``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("prod", dim, keepdim, axis, keepdims, None)
        return _reduce.prod(self, dim, keepdim, dtype=dtype)

    def var(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: Any = None, axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Variance over ``dim`` (see ``autograd.var``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("var", dim, keepdim, axis, keepdims, None)
        return _reduce.var(self, dim, unbiased, keepdim, correction=correction)

    def std(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: Any = None, axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Standard deviation over ``dim`` (see ``autograd.std``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("std", dim, keepdim, axis, keepdims, None)
        return _reduce.std(self, dim, unbiased, keepdim, correction=correction)

    def max(self, dim: Any = None, keepdim: bool = False, *,
            axis: Any = None, keepdims: bool | None = None) -> Any:
        """The largest element, or ``(values, indices)`` along ``dim`` (see ``autograd.max``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("max", dim, keepdim, axis, keepdims, None)
        return _extrema.max(self, dim, keepdim)

    def min(self, dim: Any = None, keepdim: bool = False, *,
            axis: Any = None, keepdims: bool | None = None) -> Any:
        """The smallest element, or ``(values, indices)`` along ``dim`` (see ``autograd.min``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("min", dim, keepdim, axis, keepdims, None)
        return _extrema.min(self, dim, keepdim)

    def amax(self, dim: Any = (), keepdim: bool = False, *,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Maximum over ``dim`` (see ``autograd.amax``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("amax", dim, keepdim, axis, keepdims, ())
        return _extrema.amax(self, dim, keepdim)

    def amin(self, dim: Any = (), keepdim: bool = False, *,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Minimum over ``dim`` (see ``autograd.amin``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("amin", dim, keepdim, axis, keepdims, ())
        return _extrema.amin(self, dim, keepdim)

    def argmax(self, dim: int | None = None, keepdim: bool = False, *,
               axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Index of the first maximum along ``dim`` (see ``autograd.argmax``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("argmax", dim, keepdim, axis, keepdims, None)
        return _extrema.argmax(self, dim, keepdim)

    def argmin(self, dim: int | None = None, keepdim: bool = False, *,
               axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """Index of the first minimum along ``dim`` (see ``autograd.argmin``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("argmin", dim, keepdim, axis, keepdims, None)
        return _extrema.argmin(self, dim, keepdim)

    def softmax(self, dim: int | None = None, dtype: Any = None) -> Tensor:
        """exp(self) normalised to sum to 1 along ``dim`` (see ``autograd.softmax``)."""
        return _softmax.softmax(self, dim, dtype)

    def log_softmax(self, dim: int | None = None, dtype: Any = None) -> Tensor:
        """log(softmax(self)) along ``dim``, computed stably (see ``autograd.log_softmax``)."""
        return _softmax.log_softmax(self, dim, dtype)

    def logsumexp(self, dim: Any = None, keepdim: bool = False, *,
                  axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """``log(sum(exp(self)))`` over ``dim``, without overflow (see ``autograd.logsumexp``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("logsumexp", dim, keepdim, axis, keepdims, None)
        return _rnorm.logsumexp(self, dim, keepdim)

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False, *,
             axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """The p-norm over ``dim`` (see ``autograd.norm``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("norm", dim, keepdim, axis, keepdims, None)
        return _rnorm.norm(self, p, dim, keepdim)

    def cumsum(self, dim: int | None = None, *, dtype: Any = None, axis: Any = None) -> Tensor:
        """Running sums along ``dim`` (see ``autograd.cumsum``)."""
        if axis is not None:
            dim, _ = numpy_dims("cumsum", dim, False, axis, None)
        return _cumulative.cumsum(self, dim, dtype=dtype)

    def cumprod(self, dim: int | None = None, *, dtype: Any = None, axis: Any = None) -> Tensor:
        """Running products along ``dim`` (see ``autograd.cumprod``)."""
        if axis is not None:
            dim, _ = numpy_dims("cumprod", dim, False, axis, None)
        return _cumulative.cumprod(self, dim, dtype=dtype)

    def all(self, dim: Any = None, keepdim: bool = False, *,
            axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """True where every element over ``dim`` is nonzero (see ``autograd.all``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("all", dim, keepdim, axis, keepdims, None)
        return _reduce.all(self, dim, keepdim)

    def any(self, dim: Any = None, keepdim: bool = False, *,
            axis: Any = None, keepdims: bool | None = None) -> Tensor:
        """True where some element over ``dim`` is nonzero (see ``autograd.any``)."""
        if axis is not None or keepdims is not None:
            dim, keepdim = numpy_dims("any", dim, keepdim, axis, keepdims, None)
        return _reduce.any(self, dim, keepdim)


class _LinalgMethods:
    """Matrix and vector products."""

    __slots__ = ()

    def matmul(self, other: Tensor) -> Tensor:
        """Matrix product with batch broadcasting (see ``autograd.matmul``)."""
        return _matmul.matmul(self, other)

    def mm(self, other: Tensor) -> Tensor:
        """Product of two matrices (see ``autograd.mm``)."""
        return _matmul.mm(self, other)

    def bmm(self, other: Tensor) -> Tensor:
        """Batched product of two 3-D tensors (see ``autograd.bmm``)."""
        return _matmul.bmm(self, other)

    def dot(self, other: Tensor) -> Tensor:
        """Inner product of two 1-D tensors (see ``autograd.dot``)."""
        return _matmul.dot(self, other)

    def outer(self, other: Tensor) -> Tensor:
        """Outer product of two 1-D tensors (see ``autograd.outer``)."""
        return _matmul.outer(self, other)

    def det(self) -> Tensor:
        """Determinant of each square matrix (see ``autograd.linalg.det``)."""
        return _decomp.det(self)

    def logdet(self) -> Tensor:
        """``log(det(self))`` (see ``autograd.logdet``)."""
        return _decomp.logdet(self)

    def slogdet(self) -> Any:
        """``(sign, logabsdet)`` of each square matrix (see ``autograd.linalg.slogdet``)."""
        return _decomp.slogdet(self)

    def inverse(self) -> Tensor:
        """Inverse of each square matrix (see ``autograd.linalg.inv``)."""
        return _decomp.inv(self)

    def cholesky(self, upper: bool = False) -> Tensor:
        """Cholesky factor (see ``autograd.linalg.cholesky``)."""
        return _decomp.cholesky(self, upper)

    def pinverse(self, rcond: float = 1e-15) -> Tensor:
        """Pseudo-inverse (see ``autograd.pinverse``)."""
        return _spectral.pinverse(self, rcond)

    def qr(self, some: bool = True) -> Any:
        """``(Q, R)`` (see ``autograd.qr``)."""
        return _spectral.qr(self, some)

    def svd(self, some: bool = True, compute_uv: bool = True) -> Any:
        """``(U, S, V)`` (see ``autograd.svd``)."""
        return _spectral.svd(self, some, compute_uv)

    def matrix_power(self, n: int) -> Tensor:
        """``self`` to the matrix power ``n`` (see ``autograd.linalg.matrix_power``)."""
        return _products.matrix_power(self, n)

    def cross(self, other: Tensor, dim: int | None = None) -> Tensor:
        """Cross product of 3-vectors (see ``autograd.cross``)."""
        return _products.cross(self, other, dim)

    def kron(self, other: Tensor) -> Tensor:
        """Kronecker product (see ``autograd.kron``)."""
        return _products.kron(self, other)

    def addmm(self, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """``beta * self + alpha * mat1 @ mat2`` (see ``autograd.addmm``)."""
        return _products.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmv(self, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """``beta * self + alpha * mat @ vec`` (see ``autograd.addmv``)."""
        return _products.addmv(self, mat, vec, beta=beta, alpha=alpha)

    def addr(self, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """``beta * self + alpha * outer(vec1, vec2)`` (see ``autograd.addr``)."""
        return _products.addr(self, vec1, vec2, beta=beta, alpha=alpha)

    def baddbmm(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
                alpha: Any = 1) -> Tensor:
        """``beta * self + alpha * batch1 @ batch2`` (see ``autograd.baddbmm``)."""
        return _products.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
               alpha: Any = 1) -> Tensor:
        """``beta * self + alpha * sum_b batch1[b] @ batch2[b]`` (see ``autograd.addbmm``)."""
        return _products.addbmm(self, batch1, batch2, beta=beta, alpha=alpha)


# PyTorch's legacy tensor-type names, which ported code compares ``Tensor.type()`` against
_TYPE_NAMES = {"float16": "HalfTensor", "float32": "FloatTensor", "float64": "DoubleTensor",
               "int8": "CharTensor", "uint8": "ByteTensor", "int16": "ShortTensor",
               "int32": "IntTensor", "int64": "LongTensor", "bool": "BoolTensor",
               "bfloat16": "BFloat16Tensor"}
_TYPE_DTYPES = {v: k for k, v in _TYPE_NAMES.items()}


class _FactoryMethods:
    """``new_*`` (new tensors that take this one's dtype and device) and ``type``."""

    __slots__ = ()

    def _factory(self, dtype: Any, device: Any) -> dict:
        return {"dtype": self.dtype if dtype is None else dtype,
                "device": self.device if device is None else device}

    def new_zeros(self, *size: Any, dtype: Any = None, device: Any = None,
                  requires_grad: bool = False) -> Tensor:
        """Zeros of ``size``, with this tensor's dtype and device unless given."""
        return _creation.zeros(*size, requires_grad=requires_grad,
                               **self._factory(dtype, device))

    def new_ones(self, *size: Any, dtype: Any = None, device: Any = None,
                 requires_grad: bool = False) -> Tensor:
        """Ones of ``size``, with this tensor's dtype and device unless given."""
        return _creation.ones(*size, requires_grad=requires_grad,
                              **self._factory(dtype, device))

    def new_empty(self, *size: Any, dtype: Any = None, device: Any = None,
                  requires_grad: bool = False) -> Tensor:
        """Uninitialised memory of ``size``, with this tensor's dtype and device unless given."""
        return _creation.empty(*size, requires_grad=requires_grad,
                               **self._factory(dtype, device))

    def new_full(self, size: Any, fill_value: Any, *, dtype: Any = None, device: Any = None,
                 requires_grad: bool = False) -> Tensor:
        """``fill_value`` in ``size``, with this tensor's dtype and device unless given."""
        return _creation.full(size, fill_value, requires_grad=requires_grad,
                              **self._factory(dtype, device))

    def new_tensor(self, data: Any, *, dtype: Any = None, device: Any = None,
                   requires_grad: bool = False) -> Tensor:
        """A copy of ``data`` (a leaf), with this tensor's dtype and device unless given."""
        if hasattr(data, "detach") and hasattr(data, "device"):
            data = data.detach().cpu().numpy()
        return _creation.tensor(data, requires_grad=requires_grad,
                                **self._factory(dtype, device))

    def type(self, dtype: Any = None, non_blocking: bool = False, **kwargs: Any) -> Any:
        """With no argument, the type name as PyTorch spells it (``'torch.FloatTensor'``,
        ``'torch.cuda.FloatTensor'`` on a GPU); else this tensor cast to ``dtype`` (a dtype or
        such a name; a name with ``cuda`` also moves it), ``self`` when nothing changes."""
        if dtype is None:
            where = "cuda." if self.device.type == "cuda" else ""
            return f"torch.{where}{_TYPE_NAMES[self.dtype.name]}"
        if isinstance(dtype, str) and dtype.endswith("Tensor"):
            parts = dtype.split(".")
            name = _TYPE_DTYPES.get(parts[-1])
            if name is None or parts[0] not in ("torch", "autograd") or len(parts) > 3 or (
                    len(parts) == 3 and parts[1] != "cuda"):
                raise ValueError(f"invalid type: {dtype!r}")
            target = _dt.as_dtype(name)
            if len(parts) == 3 and self.device.type != "cuda":
                return _convert.to(self, "cuda", target)
            if len(parts) == 2 and self.device.type != "cpu":
                return _convert.to(self, "cpu", target)
            return self if target == self.dtype else _convert.to(self, target)
        target = _dt.as_dtype(dtype)
        return self if target == self.dtype else _convert.to(self, target)
