"""Dense-layer kernels: linear (x W^T + b, one fused op) and bilinear (x1^T A_k x2 + b_k).

``linear`` is the hot path of every MLP, so it is a single Function: one matrix product
against the transposed view of the weight (no copy), the bias added into the product's fresh
memory, and one tape entry instead of three (transpose, matmul, add).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd.checks import check_float, check_same_dtype, refuse_bool
from autograd.engine.function import Function
from autograd.ops.autocast import autocasting, lower
from autograd.ops.linalg.einsum import einsum
from autograd.ops.linalg.matmul import matmul

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["linear", "bilinear"]


def _rows(shape: tuple) -> int:
    rows = 1
    for s in shape[:-1]:
        rows *= s
    return rows


def _mismatch(x_shape: tuple, w_shape: tuple) -> RuntimeError:
    rows = _rows(x_shape)
    return RuntimeError(f"linear: mat1 and mat2 shapes cannot be multiplied "
                        f"({rows}x{x_shape[-1]} and {w_shape[1]}x{w_shape[0]}) (input shape "
                        f"{list(x_shape)}, weight shape {list(w_shape)})")


class Linear(Function):
    @staticmethod
    def forward(ctx, x, w, b=None):
        xp = ctx.xp
        nx = x.ndim
        if nx == 0 or w.ndim != 2 or x.shape[-1] != w.shape[1]:
            if nx == 0:
                raise RuntimeError("linear: input must be at least 1-D, got a 0-d tensor")
            if w.ndim != 2:
                raise RuntimeError(f"linear: weight must be 2-D, got shape {list(w.shape)}")
            raise _mismatch(x.shape, w.shape)
        # x is read only for W's gradient, W only for x's: each saved only when that gradient
        # is wanted (as PyTorch: a frozen layer keeps no activation for its backward)
        edges = ctx.edges
        if edges is not None:
            ctx.save_for_backward(x if edges[1] is not None else None,
                                  w if edges[0] is not None else None)
        if nx == 2:
            y = xp.matmul(x, w.T)
        elif nx == 1:
            y = xp.matmul(w, x)
        else:
            # one matrix product over the flattened batch (a view when x is contiguous)
            # (explicit row count: a zero-size x has no -1 to infer)
            k = x.shape[-1]
            y = xp.matmul(x.reshape(_rows(x.shape), k), w.T).reshape(
                x.shape[:-1] + (w.shape[0],))
        if b is not None:
            y += b  # y is the product's own fresh memory
        return y

    @staticmethod
    def backward(ctx, gy):
        # y = x W^T + b:  dx = gy W,  dW = gy^T x (over all batch rows),  db = gy (summed
        # over the batch dims by the engine)
        x, w = ctx.saved_tensors
        xp = ctx.xp
        needs = ctx.needs_input_grad
        gx = xp.matmul(gy, w) if needs[0] else None
        gw = None
        if needs[1]:
            nx = x.ndim
            if nx == 2:
                gw = xp.matmul(gy.T, x)
            elif nx == 1:
                gw = xp.expand_dims(gy, -1) * x
            else:
                rows = _rows(x.shape)
                gw = xp.matmul(xp.reshape(gy, (rows, gy.shape[-1])).T,
                               xp.reshape(x, (rows, x.shape[-1])))
        gb = gy if len(needs) > 2 and needs[2] else None
        return gx, gw, gb


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias``: input ``(*, in_features)``, weight ``(out_features,
    in_features)``, bias ``(out_features)``; the result is ``(*, out_features)``."""
    if autocasting:
        input, weight, bias = lower(input, weight, bias)
    dt = input._data.dtype
    if weight._data.dtype is not dt or (bias is not None and bias._data.dtype is not dt) \
            or dt.kind == "b":
        # PyTorch refuses mixed dtypes and bool (integers it multiplies)
        check_same_dtype("linear", input, weight, what="m1 and m2")
        if bias is not None:
            check_same_dtype("linear", input, bias, what="input and bias")
        check_float("linear", input, "fiuV")
    if weight.ndim == 1:
        # PyTorch's linear with a 1-D weight is a matrix-vector product, (*, in) -> (*); with
        # a bias it goes through addmm, which wants a matrix
        if bias is not None:
            raise RuntimeError(f"linear: mat2 must be a matrix, got 1-D tensor (weight of shape "
                               f"{list(weight.shape)} with a bias)")
        return matmul(input, weight)
    if bias is None:
        return Linear.apply(input, weight)
    return Linear.apply(input, weight, bias)


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor,
             bias: Tensor | None = None) -> Tensor:
    """``y_k = input1^T weight[k] input2 + bias[k]``: inputs ``(*, in1)`` and ``(*, in2)`` with
    the same leading dims, weight ``(out, in1, in2)``, bias ``(out)``; result ``(*, out)``."""
    named = {"input1": input1, "input2": input2, "weight": weight}
    if bias is not None:
        named["bias"] = bias
    if len({t._data.dtype for t in named.values()}) > 1:  # PyTorch's first check
        raise RuntimeError("bilinear(): All tensors must have the same dtype, got " + ", ".join(
            f"{k}: {t.dtype}" for k, t in named.items()))
    s1, s2, sw = tuple(input1.shape), tuple(input2.shape), tuple(weight.shape)
    if len(sw) != 3:
        # PyTorch reads weight.size(1) and size(2) first: IndexError for fewer dims
        raise (IndexError if len(sw) < 3 else RuntimeError)(
            f"bilinear(): weight must be 3-D (out, in1, in2), got shape {list(sw)}")
    if not s1 or not s2 or s1[:-1] != s2[:-1]:
        raise RuntimeError(f"bilinear(): input batch dimensions do not match: got shapes "
                           f"{list(s1)} and {list(s2)}")
    if s1[-1] != sw[1]:
        raise RuntimeError(f"bilinear(): input1 size does not match weight size: got {s1[-1]} "
                           f"but expected {sw[1]} (input1 shape {list(s1)}, weight shape "
                           f"{list(sw)})")
    if s2[-1] != sw[2]:
        raise RuntimeError(f"bilinear(): input2 size does not match weight size: got {s2[-1]} "
                           f"but expected {sw[2]} (input2 shape {list(s2)}, weight shape "
                           f"{list(sw)})")
    if bias is not None and tuple(bias.shape) != sw[:1]:
        # PyTorch reads bias.size(0): IndexError for a 0-d bias
        raise (IndexError if not bias.ndim else RuntimeError)(
            f"bilinear(): bias size does not match weight size: got {list(bias.shape)} but "
            f"expected [{sw[0]}]")
    if input1.numel():  # PyTorch's empty bool batch returns before its bool-less kernel
        refuse_bool("bilinear", input1)
    # (x1 . W) first: a (*, out, in2) intermediate, then the contraction with x2
    y = einsum("...i,kij,...j->...k", input1, weight, input2)
    return y if bias is None else y + bias
