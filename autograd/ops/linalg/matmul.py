"""Linear algebra: matmul (batch broadcasting), mm, bmm, dot, outer, inner, tensordot, einsum.

Mixed dtypes are refused as PyTorch refuses them (float32 @ float64 raises RuntimeError naming
both dtypes); integer products are allowed (they carry no gradient), bool ones only where there
is nothing to multiply (as PyTorch's kernels, which return before their dtype check when the
result is empty or the contracted size is 0).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import check_float, check_same_dtype
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase, make
from autograd.ops.autocast import autocasting, lower
from autograd.ops.elementwise.arith import _as_operand, _binary_operands
from autograd.ops.linalg.einsum import _LETTERS, einsum

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["matmul", "mm", "bmm", "dot", "vdot", "outer", "ger", "inner", "tensordot"]


def _shape(s: tuple) -> str:
    return "x".join(map(str, s))


def _operands(op: str, input: Any, other: Any, same: bool = True) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors: of one dtype (``same``, PyTorch's matmul family refuses to
    promote), or brought to the promoted dtype."""
    if not isinstance(input, TensorBase) and isinstance(other, TensorBase):
        input = _as_operand(input, other)  # NumPy arrays on cpu, like every binary op
    if not isinstance(other, TensorBase) and isinstance(input, TensorBase):
        other = _as_operand(other, input)
    for name, v in (("input", input), ("other", other)):
        if not isinstance(v, TensorBase):
            raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(v).__name__}")
    if same:
        check_same_dtype(op, input, other, what="m1 and m2")
        return input, other
    return _binary_operands(input, other)


# -- matmul -------------------------------------------------------------------------------


def _matmul_error(x: tuple, y: tuple) -> RuntimeError:
    """PyTorch's message for the way two shapes fail to multiply."""
    if len(x) == 0 or len(y) == 0:
        return RuntimeError(f"matmul: both arguments need to be at least 1D, but they are "
                            f"{len(x)}D and {len(y)}D (shapes {list(x)} and {list(y)})")
    if len(x) == 1 and len(y) == 1:
        return RuntimeError(f"matmul: inconsistent tensor size, expected tensors {list(x)} and "
                            f"{list(y)} to have the same number of elements")
    k1 = x[-1]
    k2 = y[-2] if len(y) >= 2 else y[0]
    if k1 != k2:
        m1 = x[-2:] if len(x) >= 2 else (1,) + x
        m2 = y[-2:] if len(y) >= 2 else y + (1,)
        inputs = "" if len(x) == len(y) == 2 else f" for inputs {list(x)} and {list(y)}"
        return RuntimeError(f"matmul: mat1 and mat2 shapes cannot be multiplied "
                            f"({_shape(m1)} and {_shape(m2)}){inputs}")
    return RuntimeError(f"matmul: batch dimensions {list(x[:-2])} and {list(y[:-2])} of "
                        f"shapes {list(x)} and {list(y)} do not broadcast")


class MatMul(Function):
    @staticmethod
    def forward(ctx, x, w):
        ctx.save_for_backward(x, w)
        try:
            return ctx.xp.matmul(x, w)
        except ValueError:
            raise _matmul_error(x.shape, w.shape) from None

    @staticmethod
    def backward(ctx, gy):
        # y = x @ w:  dx = gy @ w^T,  dw = x^T @ gy, over broadcast batch dims (the engine sums
        # them away). A 1-D x is a row vector and a 1-D w a column vector whose added dim is
        # gone from y, so gy gets it back before the products.
        x, w = ctx.saved_tensors
        xp = ctx.xp
        needs = ctx.needs_input_grad
        nx, nw = x.ndim, w.ndim
        gx = gw = None
        if nx == 2 and nw == 2:
            if needs[0]:
                gx = xp.matmul(gy, w.T)
            if needs[1]:
                gw = xp.matmul(x.T, gy)
        elif nx >= 2 and nw >= 2:
            if needs[0]:
                gx = xp.matmul(gy, xp.swapaxes(w, -1, -2))
            if needs[1]:
                gw = xp.matmul(xp.swapaxes(x, -1, -2), gy)
        elif nx == 1 and nw == 1:
            gx = gy * w if needs[0] else None
            gw = gy * x if needs[1] else None
        elif nx == 1:  # x (k), w (..., k, n), gy (..., n)
            if needs[0]:
                gx = (xp.matmul(w, gy) if nw == 2
                      else xp.matmul(xp.expand_dims(gy, -2), xp.swapaxes(w, -1, -2)))
            if needs[1]:
                gw = xp.expand_dims(x, -1) * xp.expand_dims(gy, -2)
        else:  # x (..., m, k), w (k), gy (..., m)
            if needs[0]:
                gx = xp.expand_dims(gy, -1) * w
            if needs[1]:
                gw = xp.matmul(gy, x) if nx == 2 else xp.matmul(xp.expand_dims(gy, -2), x)
        return gx, gw


def _matmul_shape(x: tuple, y: tuple) -> tuple[tuple, int]:
    """The shape of ``x @ y`` and the contracted size, or the RuntimeError of their shapes."""
    if len(x) == 0 or len(y) == 0 or (len(x) == 1 and len(y) == 1 and x != y):
        raise _matmul_error(x, y)
    k = x[-1]
    if k != (y[-2] if len(y) >= 2 else y[0]):
        raise _matmul_error(x, y)
    try:
        batch = np.broadcast_shapes(x[:-2], y[:-2])
    except ValueError:
        raise _matmul_error(x, y) from None
    return batch + x[-2:-1] + y[-1:] if len(y) >= 2 else batch + x[-2:-1], k


def bool_product(op: str, input: Tensor, shape: tuple, k: int) -> Tensor:
    """A product of bool operands: PyTorch's kernels have no bool version but return False
    everywhere (or an empty result) before they check the dtype when there is nothing to
    multiply (a zero-size result, a contracted size of 0); otherwise its NotImplementedError."""
    if math.prod(shape) and k:
        check_float(op, input, "fiuV")
    xp = input.device.backend
    return make(xp.zeros(shape, dtype=bool), input.device, False, None, 0)


def matmul(input: Tensor, other: Tensor) -> Tensor:
    """Matrix product like ``torch.matmul``: 1-D.1-D dot, 2-D @ 2-D, 1-D operands as a vector
    (the added dim removed again), batched N-D with the batch dims broadcast."""
    if autocasting:
        input, other = lower(input, other)
    if (isinstance(input, TensorBase) and isinstance(other, TensorBase)
            and input._data.dtype is other._data.dtype and input._data.dtype.kind != "b"):
        return MatMul.apply(input, other)
    if (isinstance(input, TensorBase) and isinstance(other, TensorBase)
            and input._data.dtype.kind == "b" and other.ndim >= 3):
        # PyTorch's batched path dispatches bmm on the first operand's dtype before it
        # compares the two
        shape, k = _matmul_shape(tuple(input.shape), tuple(other.shape))
        if math.prod(shape) and k:
            check_float("bmm", input, "fiuV")
    input, other = _operands("matmul", input, other)
    if input._data.dtype.kind == "b":
        x, y = tuple(input.shape), tuple(other.shape)
        shape, k = _matmul_shape(x, y)
        if len(x) == len(y) == 1:  # dot checks the dtype first
            check_float("dot", input, "fiuV")
        return bool_product("matmul", input, shape, k)
    return MatMul.apply(input, other)


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """Product of two matrices (2-D only; use matmul for broadcasting)."""
    if input.ndim != 2 or mat2.ndim != 2:
        raise RuntimeError(f"mm: expected two 2-D tensors, got shapes {list(input.shape)} "
                           f"and {list(mat2.shape)}")
    if input.shape[1] != mat2.shape[0]:
        raise RuntimeError(f"mm: mat1 and mat2 shapes cannot be multiplied "
                           f"({_shape(input.shape)} and {_shape(mat2.shape)})")
    return matmul(input, mat2)


def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """Batched product of two 3-D tensors with the same batch size (no broadcasting)."""
    s1, s2 = tuple(input.shape), tuple(mat2.shape)
    if len(s1) != 3 or len(s2) != 3:
        raise RuntimeError(f"bmm: expected two 3-D tensors, got shapes {list(s1)} and "
                           f"{list(s2)}")
    if s1[0] != s2[0] or s1[2] != s2[1]:
        raise RuntimeError(f"bmm: expected size for first two dimensions of batch2 tensor to "
                           f"be: [{s1[0]}, {s1[2]}] but got: [{s2[0]}, {s2[1]}] (shapes "
                           f"{list(s1)} and {list(s2)})")
    if input._data.dtype.kind == "b" and s1[0] * s1[1] * s2[2] and s1[2]:
        check_float("bmm", input, "fiuV")  # PyTorch's bmm dispatches on batch1's dtype first
    return matmul(input, mat2)


def dot(input: Tensor, tensor: Tensor) -> Tensor:
    """Inner product of two 1-D tensors of the same length (a 0-d tensor)."""
    if input.ndim != 1 or tensor.ndim != 1:
        raise RuntimeError(f"dot: expected two 1-D tensors, got shapes {list(input.shape)} "
                           f"and {list(tensor.shape)}")
    if input.shape[0] != tensor.shape[0]:
        raise RuntimeError(f"dot: inconsistent tensor size, expected tensors "
                           f"{list(input.shape)} and {list(tensor.shape)} to have the same "
                           "number of elements")
    return matmul(input, tensor)


vdot = dot  # real tensors only: no conjugation to do


class Outer(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x.reshape(-1, 1) * y

    @staticmethod
    def backward(ctx, gy):
        # z_ij = x_i y_j:  dx = gy @ y,  dy = x @ gy
        x, y = ctx.saved_tensors
        xp = ctx.xp
        return (xp.matmul(gy, y) if ctx.needs_input_grad[0] else None,
                xp.matmul(x, gy) if ctx.needs_input_grad[1] else None)


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """Outer product of two 1-D tensors: ``out[i, j] = input[i] * vec2[j]``."""
    a, b = _operands("outer", input, vec2, same=False)
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"outer: expected two 1-D tensors, got shapes {list(a.shape)} and "
                           f"{list(b.shape)}")
    return Outer.apply(a, b)


ger = outer


def tensordot(a: Tensor, b: Tensor, dims: Any = 2) -> Tensor:
    """Contract ``dims`` dimensions: an int n (last n of a with first n of b) or two lists."""
    if isinstance(dims, TensorBase):
        dims = dims.tolist()
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot: expects dims >= 0, but got dims={dims}")
        if dims > a.ndim or dims > b.ndim:
            raise RuntimeError(f"tensordot: dims={dims} exceeds the dimensions of shapes "
                               f"{list(a.shape)} and {list(b.shape)}")
        da, db = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    elif not isinstance(dims, (list, tuple)):  # None, a float, a string
        raise RuntimeError(f"tensordot expects dims to be int or tuple[list[int], list[int]] or "
                           f"list[list[int]] containing two lists, but got dims={dims}")
    else:
        if len(dims) != 2:
            raise ValueError(f"tensordot expects dims to be an int or a pair of dim lists, "
                               f"got {dims!r}")
        for k, d in enumerate(dims):
            if isinstance(d, int):
                raise TypeError(f"tensordot(): argument 'dims_{'self' if k == 0 else 'other'}'"
                                f" must be tuple of ints, not int")
        da, db = (list(d) for d in dims)
    if len(da) != len(db):
        raise RuntimeError(f"tensordot: both dimension lists should have the same length, got "
                           f"{da} and {db}")
    da = [d % a.ndim if a.ndim else d for d in da]
    db = [d % b.ndim if b.ndim else d for d in db]
    for i, j in zip(da, db):
        if not (0 <= i < a.ndim and 0 <= j < b.ndim):
            raise IndexError(f"tensordot: dimension out of range in dims ({da}, {db}) for "
                             f"shapes {list(a.shape)} and {list(b.shape)}")
        if a.shape[i] != b.shape[j]:
            raise RuntimeError(f"tensordot: contracted dimensions need to match, but first has "
                               f"size {a.shape[i]} in dim {i} and second has size "
                               f"{b.shape[j]} in dim {j}")
    if len(set(da)) != len(da) or len(set(db)) != len(db):
        raise RuntimeError(f"tensordot: a dimension is contracted twice in ({da}, {db})")
    if a._data.dtype.kind == "b" or b._data.dtype.kind == "b":  # PyTorch's mm of the two
        check_same_dtype("tensordot", a, b)
        shape = tuple(n for k, n in enumerate(a.shape) if k not in da) + tuple(
            n for k, n in enumerate(b.shape) if k not in db)
        return bool_product("tensordot", a, shape, math.prod(a.shape[i] for i in da))
    letters = iter(_LETTERS)
    sa = [next(letters) for _ in range(a.ndim)]
    sb = [next(letters) for _ in range(b.ndim)]
    for i, j in zip(da, db):
        sb[j] = sa[i]
    out = [c for k, c in enumerate(sa) if k not in da] + [c for k, c in enumerate(sb)
                                                          if k not in db]
    return einsum(f"{''.join(sa)},{''.join(sb)}->{''.join(out)}", a, b)


def inner(input: Tensor, other: Tensor) -> Tensor:
    """Sum over the last dims: shape ``input.shape[:-1] + other.shape[:-1]``; 0-d scales."""
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(f"inner: the last dimension must match on both input tensors but "
                           f"got shapes {list(input.shape)} and {list(other.shape)}")
    if input.ndim == other.ndim == 1 and input._data.dtype.kind == "b":
        check_float("dot", input, "fiuV")  # PyTorch's dot checks the dtype first
    return tensordot(input, other, ([-1], [-1]))


# -- names the differentiable namespace needs ---------------------------------------------


@register("swapaxes")
def _xp_swapaxes(a: Tensor, axis1: int, axis2: int) -> Tensor:
    from autograd.ops.shape.view import transpose

    return transpose(a, axis1, axis2)


@register("matmul")
def _xp_matmul(a: Tensor, b: Tensor) -> Tensor:
    return matmul(a, b)
