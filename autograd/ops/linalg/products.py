"""Products built from matmul: addmm, addmv, addr, baddbmm, addbmm, kron, cdist, cross,
multi_dot / chain_matmul, matrix_power, vecdot.

Compositions of differentiable ops (matmul, elementwise, indexing, the vector norm), so their
gradients of every order come from those ops; each checks its shapes first and names itself
in the error, as PyTorch does.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd import dtypes as _dt
from autograd.checks import as_int, check_float, check_same_dtype, dtype_name, refuse_bool
from autograd.creation import as_tensor, eye, zeros
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.select import where
from autograd.ops.linalg.decomp import inv
from autograd.ops.linalg.matmul import matmul
from autograd.ops.reduction.norm import DistanceNorm
from autograd.ops.shape.copy import cat

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["addmm", "addmv", "addr", "baddbmm", "addbmm", "kron", "cdist", "cross",
           "chain_matmul", "matrix_power"]


def _tensor(op: str, name: str, value: Any) -> Tensor:
    if not isinstance(value, TensorBase):
        raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(value).__name__}")
    return value


def _dims(op: str, name: str, value: Tensor, ndim: int) -> None:
    if value.ndim != ndim:
        raise RuntimeError(f"{op}: {name} must be a {ndim}D tensor, got shape "
                           f"{list(value.shape)}")


def _scaled_sum(op: str, input: Tensor, product: Tensor, beta: Any, alpha: Any) -> Tensor:
    """``beta * input + alpha * product``; beta = 0 ignores input (its NaNs too), as PyTorch."""
    _tensor(op, "input", input)
    check_same_dtype(op, input, product, what="input and the product")
    try:
        shape = tuple(product.shape)
        if tuple(input.shape) != shape:
            input.broadcast_to(shape)  # raises if input does not broadcast to the product
    except (RuntimeError, ValueError):
        raise RuntimeError(f"{op}: the input of shape {list(input.shape)} does not broadcast "
                           f"to the product's shape {list(product.shape)}") from None
    if product._data.dtype.kind in "iu":
        # integer tensors take integer factors (PyTorch truncates a float beta/alpha)
        beta, alpha = int(beta), int(alpha)
    if alpha != 1:
        product = product * alpha
    if beta == 0:
        if not input.requires_grad:
            return product
        # the input's values are not read (its NaNs neither), but its gradient is zero
        return where(zeros(product.shape, dtype=_dt.bool, device=product.device), input,
                     product)
    return (input if beta == 1 else input * beta) + product


_HALF = frozenset(d for d in (_dt.float16, getattr(_dt, "bfloat16", None)) if d is not None)


def _product_sum(op: str, input: Tensor, a: Tensor, b: Tensor, beta: Any, alpha: Any) -> Tensor:
    """``beta * input + alpha * (a @ b)``; for float16 and bfloat16 operands computed in
    float32 and rounded once, as PyTorch's addmm and baddbmm kernels accumulate and scale in
    float32 (the chain of half-precision ops would round the product, the scaling and the
    sum each)."""
    dtype = a.dtype
    if dtype in _HALF and b.dtype == dtype and isinstance(input, TensorBase) and \
            input.dtype == dtype:
        single = _dt.float32
        return _scaled_sum(op, input.to(single), matmul(a.to(single), b.to(single)), beta,
                           alpha).to(dtype)
    return _scaled_sum(op, input, matmul(a, b), beta, alpha)


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * (mat1 @ mat2)``, input broadcast to ``(n, p)``."""
    _dims("addmm", "mat1", _tensor("addmm", "mat1", mat1), 2)
    _dims("addmm", "mat2", _tensor("addmm", "mat2", mat2), 2)
    if mat1.shape[1] != mat2.shape[0]:
        raise RuntimeError(f"addmm: mat1 and mat2 shapes cannot be multiplied "
                           f"({mat1.shape[0]}x{mat1.shape[1]} and {mat2.shape[0]}x"
                           f"{mat2.shape[1]})")
    return _product_sum("addmm", input, mat1, mat2, beta, alpha)


def addmv(input: Tensor, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * (mat @ vec)``, input broadcast to ``(n,)``."""
    _dims("addmv", "mat", _tensor("addmv", "mat", mat), 2)
    _dims("addmv", "vec", _tensor("addmv", "vec", vec), 1)
    if mat.shape[1] != vec.shape[0]:
        raise RuntimeError(f"addmv: size mismatch, got input {list(input.shape)}, mat "
                           f"({mat.shape[0]}x{mat.shape[1]}), vec ({vec.shape[0]})")
    return _scaled_sum("addmv", input, matmul(mat, vec), beta, alpha)


def addr(input: Tensor, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * outer(vec1, vec2)``, in the dtype the three promote to (PyTorch
    promotes addr's operands, unlike addmm's)."""
    _dims("addr", "vec1", _tensor("addr", "vec1", vec1), 1)
    _dims("addr", "vec2", _tensor("addr", "vec2", vec2), 1)
    dt = _dt.result_type(_tensor("addr", "input", input), vec1, vec2)
    input, vec1, vec2 = (t if t._data.dtype == dt else t.to(dt) for t in (input, vec1, vec2))
    return _scaled_sum("addr", input, vec1.unsqueeze(1) * vec2.unsqueeze(0), beta, alpha)


def _batches(op: str, batch1: Tensor, batch2: Tensor) -> None:
    # PyTorch reads the result's size (batch1's dims 0 and 1, batch2's dim 2) before it checks
    # the ranks: too few dims for that is its IndexError
    for name, t, d in (("batch2", batch2, 2), ("batch1", batch1, 1)):
        if _tensor(op, name, t).ndim <= d:
            raise IndexError(f"{op}: Dimension specified as {d} but {name} has "
                             f"{t.ndim} dimensions (shape {list(t.shape)})")
    _dims(op, "batch1", _tensor(op, "batch1", batch1), 3)
    _dims(op, "batch2", _tensor(op, "batch2", batch2), 3)
    b1, b2 = tuple(batch1.shape), tuple(batch2.shape)
    if b1[0] != b2[0] or b1[2] != b2[1]:
        raise RuntimeError(f"{op}: expected size for first two dimensions of batch2 tensor to "
                           f"be: [{b1[0]}, {b1[2]}] but got: [{b2[0]}, {b2[1]}].")


def baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
            alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * (batch1 @ batch2)`` for two batches of matrices."""
    _batches("baddbmm", batch1, batch2)
    if (_tensor("baddbmm", "input", input)._data.dtype.kind == "b"
            and batch1._data.dtype.kind == "b" and batch1.numel() and batch2.shape[2]):
        check_float("baddbmm", input, "fiuV")  # PyTorch's kernel dispatches on input first
    return _product_sum("baddbmm", input, batch1, batch2, beta, alpha)


def addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
           alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * sum_b(batch1[b] @ batch2[b])``."""
    _batches("addbmm", batch1, batch2)
    b, n, m = batch1.shape
    p = batch2.shape[2]
    # sum_b A_b B_b = [A_1 ... A_B] [B_1; ...; B_B]: one GEMM
    left = batch1.permute(1, 0, 2).reshape(n, b * m)
    return _scaled_sum("addbmm", input, matmul(left, batch2.reshape(b * m, p)), beta, alpha)


def kron(input: Tensor, other: Tensor) -> Tensor:
    """The Kronecker product: block ``(i, j)`` is ``input[i, j] * other``, in any number of
    dims (the smaller operand gains leading dims of size 1)."""
    a, b = _tensor("kron", "input", input), _tensor("kron", "other", other)
    nd = max(a.ndim, b.ndim)
    sa = (1,) * (nd - a.ndim) + tuple(a.shape)
    sb = (1,) * (nd - b.ndim) + tuple(b.shape)
    inter_a = [d for s in sa for d in (s, 1)]
    inter_b = [d for s in sb for d in (1, s)]
    out = a.reshape(inter_a) * b.reshape(inter_b)
    return out.reshape([x * y for x, y in zip(sa, sb)])


def cdist(x1: Tensor, x2: Tensor, p: float = 2.0,
          compute_mode: str = "use_mm_for_euclid_dist_if_necessary") -> Tensor:
    """The p-norm distance between each row of ``x1`` ``(*, P, M)`` and each row of ``x2``
    ``(*, R, M)``: ``(*, P, R)``, batch dims broadcast. For p = 2 and more than 25 rows (or
    ``compute_mode='use_mm_for_euclid_dist'``) through one matrix product, as PyTorch."""
    for name, x in (("x1", x1), ("x2", x2)):
        _tensor("cdist", name, x)
        if x.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name.upper()} got: "
                               f"{x.ndim}D")
        if x.dtype.kind not in "fV":
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name.upper()} got: "
                               f"{x.dtype}")
    modes = ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
             "donot_use_mm_for_euclid_dist")
    big = x1.shape[-2] > 25 or x2.shape[-2] > 25
    by_mm = p == 2 and (compute_mode == modes[1] or (compute_mode == modes[0] and big))
    if x1.dtype.itemsize == 2 and not by_mm:
        # PyTorch's distance kernel has no float16 or bfloat16 version (its matmul path has);
        # it dispatches on x1's dtype before comparing x2's
        raise NotImplementedError(f'"cdist" not implemented for \'{dtype_name(x1.dtype)}\' '
                                  f"(x1 of shape {list(x1.shape)}, p={p})")
    check_same_dtype("cdist", x1, x2, what="X1 and X2")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: "
                           f"{x1.shape[-1]} X2: {x2.shape[-1]}")
    if p < 0:
        raise RuntimeError(f"cdist only supports non-negative p values (got {p})")
    if compute_mode not in modes:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    if by_mm:
        # |a - b|^2 = -2 a.b + |a|^2 + |b|^2 as one product of padded operands (PyTorch's
        # _euclidean_dist), clamped away from 0 before the square root
        n1 = (x1 * x1).sum(-1, keepdim=True)
        n2 = (x2 * x2).sum(-1, keepdim=True)
        a = cat([x1 * -2, n1, n1 * 0 + 1], -1)
        b = cat([x2, n2 * 0 + 1, n2], -1)
        return matmul(a, b.mT).clamp(min=1e-30).sqrt()
    diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)
    return DistanceNorm.apply(diff, float(p), (diff.ndim - 1,), False)


def _cross_dim(input: Tensor, other: Tensor, dim: int | None, op: str) -> int:
    """The (negative) dim of the 3-vectors, checked as PyTorch checks it."""
    if dim is not None:
        nd = max(input.ndim, other.ndim)
        if not -nd <= dim < nd:
            raise IndexError(f"{op}: Dimension out of range (expected to be in range of "
                             f"[{-nd}, {nd - 1}], but got {dim})")
        d = dim % nd - nd
        sizes = [t.shape[d] if -t.ndim <= d else 1 for t in (input, other)]
        if sizes != [3, 3]:
            raise RuntimeError(f"{op}: inputs dimension {dim} must have length 3. Got "
                               f"{sizes[0]} and {sizes[1]}")
    try:
        shape = np.broadcast_shapes(tuple(input.shape), tuple(other.shape))
    except ValueError:
        raise RuntimeError(f"{op}: shapes {list(input.shape)} and {list(other.shape)} do not "
                           "broadcast") from None
    if dim is not None:
        return d
    warnings.warn("Using torch.cross without specifying the dim arg is deprecated. Please "
                  "either pass the dim explicitly or simply use torch.linalg.cross. The "
                  "default value of dim will change to agree with that of linalg.cross in a "
                  "future release.", UserWarning, stacklevel=3)
    sizes = [k for k, s in enumerate(shape) if s == 3]
    if not sizes:
        raise RuntimeError(f"{op}: no dimension of size 3 in input (shape {list(shape)})")
    return sizes[0] - len(shape)


def linalg_cross(input: Tensor, other: Tensor, *, dim: int = -1) -> Tensor:
    """The cross product of 3-vectors along ``dim`` (``torch.linalg.cross``), broadcast."""
    dim = as_int(dim, "linalg_cross", "dim")
    refuse_bool("linalg_cross", input)
    _tensor("linalg.cross", "input", input)
    _tensor("linalg.cross", "other", other)
    if input._data.dtype != other._data.dtype:
        raise RuntimeError(f"linalg.cross: expected scalar type {dtype_name(input.dtype)} but "
                           f"found {dtype_name(other.dtype)} (PyTorch does not promote the "
                           "operands of a cross product)")
    if input.ndim != other.ndim:
        raise RuntimeError(f"linalg.cross: inputs must have the same number of dimensions "
                           f"(shapes {list(input.shape)} and {list(other.shape)})")
    d = _cross_dim(input, other, dim, "linalg.cross")
    i1 = as_tensor([1, 2, 0], device=input.device)
    i2 = as_tensor([2, 0, 1], device=input.device)
    a1, a2 = input.index_select(d, i1), input.index_select(d, i2)
    b1, b2 = other.index_select(d, i1), other.index_select(d, i2)
    return a1 * b2 - a2 * b1


def cross(input: Tensor, other: Tensor, dim: int | None = None) -> Tensor:
    """``torch.cross``: as ``linalg.cross``, but ``dim=None`` takes the first dim of size 3
    (deprecated in PyTorch, with its warning)."""
    refuse_bool("cross", input)
    _tensor("cross", "input", input)
    _tensor("cross", "other", other)
    if dim is None:
        dim = _cross_dim(input, other, None, "cross")
    return linalg_cross(input, other, dim=dim)


def _chain_order(dims: list[int]) -> Any:
    """The cheapest parenthesisation of a matrix chain with sizes ``dims`` (classic DP)."""
    n = len(dims) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if cost[i][j] is None or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def multi_dot(tensors: Sequence[Tensor]) -> Tensor:
    """The product of a chain of matrices in the cheapest order (``torch.linalg.multi_dot``);
    the first may be a 1-D row vector and the last a 1-D column vector."""
    ts = list(tensors)
    if len(ts) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(ts)}")
    for k, t in enumerate(ts):
        _tensor("multi_dot", f"tensors[{k}]", t)
        end = k in (0, len(ts) - 1)
        if t.ndim not in ((1, 2) if end else (2,)):
            want = "1D or 2D (the first and last tensors)" if end else "2D"
            raise RuntimeError(f"multi_dot(): tensor {k} must be {want} but got {t.ndim}D "
                               f"(shape {list(t.shape)})")
    row, col = ts[0].ndim == 1, ts[-1].ndim == 1
    if row:
        ts[0] = ts[0].unsqueeze(0)
    if col:
        ts[-1] = ts[-1].unsqueeze(1)
    for k in range(len(ts) - 1):
        if ts[k].shape[1] != ts[k + 1].shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {k} and {k + 1} with shapes "
                               f"{list(ts[k].shape)} and {list(ts[k + 1].shape)} cannot be "
                               "multiplied")
    split = _chain_order([t.shape[0] for t in ts] + [ts[-1].shape[1]])

    def product(i: int, j: int) -> Tensor:
        if i == j:
            return ts[i]
        k = split[i][j]
        return matmul(product(i, k), product(k + 1, j))

    out = product(0, len(ts) - 1)
    if row:
        out = out.squeeze(0)
    if col:
        out = out.squeeze(-1)
    return out


def chain_matmul(*matrices: Tensor) -> Tensor:
    """``torch.chain_matmul`` (deprecated there): ``multi_dot`` of 2-D matrices."""
    if len(matrices) == 1:
        _dims("chain_matmul", "matrices[0]", _tensor("chain_matmul", "matrices[0]",
                                                     matrices[0]), 2)
        return matrices[0].clone()
    for k, m in enumerate(matrices):
        _dims("chain_matmul", f"matrices[{k}]", _tensor("chain_matmul", f"matrices[{k}]", m), 2)
    return multi_dot(matrices)


def matrix_power(A: Tensor, n: int) -> Tensor:
    """``A`` multiplied by itself ``n`` times (the identity for n = 0, the inverse's power for
    n < 0), by repeated squaring."""
    A = _tensor("linalg.matrix_power", "A", A)
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"matrix_power(): argument 'n' must be int, not {type(n).__name__}")
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 "
                           "dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but "
                           f"they are {A.shape[-2]} by {A.shape[-1]} matrices")
    if n == 0:  # any dtype: the identity
        identity = eye(A.shape[-1], dtype=A.dtype, device=A.device)
        return identity.expand(A.shape).clone() if not A.requires_grad else A * 0 + identity
    if n < 0:  # the inverse needs LAPACK's dtypes; products of the others are matmuls
        A, n = inv(A), -n
    result = None
    base = A
    while n:
        if n & 1:
            result = base if result is None else matmul(result, base)
        n >>= 1
        if n:
            base = matmul(base, base)
    return result


def vecdot(x: Tensor, y: Tensor, *, dim: int = -1) -> Tensor:
    """The dot product of ``x`` and ``y`` along ``dim``, broadcast (``torch.linalg.vecdot``)."""
    dim = as_int(dim, "linalg_vecdot", "dim")
    for v in (_tensor("linalg.vecdot", "x", x), _tensor("linalg.vecdot", "y", y)):
        if v.dtype.kind not in "fV":
            raise RuntimeError(f"linalg.vecdot: Expected a floating point or complex tensor as "
                               f"input. Got {v.dtype} (shape {list(v.shape)})")
    if x._data.dtype != y._data.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found "
                           f"x of type {dtype_name(x.dtype)} and y of type {dtype_name(y.dtype)} "
                           "instead.")
    return (x * y).sum(dim)
