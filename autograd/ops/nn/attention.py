"""Scaled dot-product attention as one fused op.

``softmax(q k^T * scale + mask) v`` with an optional causal mask, a bool mask (True takes part)
or an additive float mask, broadcasting batch and head dims, and dropout on the attention
weights. One Function: the forward computes the scores with one batched GEMM, shifts them by
their row maximum (no overflow), normalises, and multiplies with ``v``; it saves the inputs
and the attention weights ``P`` (and the dropout mask), nothing of size ``L x S`` more. The
backward is the closed form: ``dV = P^T dO``, ``dP = dO V^T``, ``dS = P (dP - rowsum(dP P))``,
``dQ = dS K * scale``, ``dK = dS^T Q * scale`` (and ``dS`` for a float mask that requires
grad). Rows whose every position is masked give zeros, not NaN, as PyTorch's math kernel.

Under ``create_graph`` the backward recomputes ``P`` from ``q``, ``k`` and the mask with
differentiable ops (the row maximum and the dropout mask are constants), so attention has
gradients of every order.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from autograd.checks import as_bool, as_float
from autograd.engine.function import Function
from autograd.engine.grad_mode import replayable
from autograd.engine.tensor_base import TensorBase

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["scaled_dot_product_attention"]


def _swap(xp: Any, a: Any) -> Any:
    return xp.swapaxes(a, -1, -2)


def _scores(xp: Any, q: Any, k: Any, scale: float, bias: Any, mask: Any) -> Any:
    s = xp.matmul(q, _swap(xp, k)) * scale
    if bias is not None:  # causal and bool masks, as 0 / -inf
        s = s + bias
    if mask is not None:  # an additive float mask
        s = s + mask
    return s


def _safe_softmax(xp: Any, s: Any, shift: Any) -> Any:
    """softmax along the last axis after subtracting ``shift``; fully masked rows (sum 0) give
    zeros instead of 0/0."""
    e = xp.exp(s - shift)
    total = xp.sum(e, axis=-1, keepdims=True)
    return e / xp.where(total == 0, 1, total)


class ScaledDotProductAttention(Function):
    @staticmethod
    def forward(ctx, q, k, v, mask, bias, scale, dropout_p):
        xp = ctx.xp
        s = xp.matmul(q, _swap(xp, k))
        s *= scale
        if bias is not None:
            s += bias
        if mask is not None:
            s += mask
        if s.shape[-1]:
            m = s.max(axis=-1, keepdims=True)
            m = xp.where(xp.isfinite(m), m, 0)  # a fully masked row: exp(-inf - 0) = 0
        else:  # no keys: every weight row is empty and the output zero
            m = xp.zeros(s.shape[:-1] + (1,), dtype=s.dtype)
        s -= m
        p = xp.exp(s, out=s)
        total = p.sum(axis=-1, keepdims=True)
        total += total == 0  # a fully masked row sums to 0: its weights stay 0
        p /= total
        ctx.shift, ctx.p, ctx.scale, ctx.bias = m, p, scale, bias
        ctx.drop = None
        if dropout_p > 0:
            keep = xp.random_uniform(p.shape, 0.0, 1.0, p.dtype) >= dropout_p
            drop = keep.astype(p.dtype)
            drop *= p.dtype.type(1.0 / (1.0 - dropout_p))
            ctx.drop = drop  # a constant: the same for every order of derivative
            p = p * drop
        ctx.save_for_backward(q, k, v, mask)
        return xp.matmul(p, v)

    @staticmethod
    def backward(ctx, go):
        # O = D(P) V with P = softmax(S), S = Q K^T * scale + mask, D the dropout mask:
        # dV = D(P)^T dO; dP = D(dO V^T); dS = P (dP - rowsum(dP P));
        # dQ = dS K * scale; dK = dS^T Q * scale; d(mask) = dS
        q, k, v, mask = ctx.saved_tensors
        xp = ctx.xp
        needs = ctx.needs_input_grad
        if xp.differentiable:
            s = _scores(xp, q, k, ctx.scale, None if ctx.bias is None else xp.asarray(ctx.bias),
                        mask)
            p = _safe_softmax(xp, s, xp.asarray(ctx.shift))
        else:
            p = ctx.p
        drop = None if ctx.drop is None else (xp.asarray(ctx.drop) if xp.differentiable
                                              else ctx.drop)
        pd = p if drop is None else p * drop
        gv = xp.matmul(_swap(xp, pd), go) if needs[2] else None
        if not (needs[0] or needs[1] or (len(needs) > 3 and needs[3])):
            return None, None, gv, None
        gp = xp.matmul(go, _swap(xp, v))
        if drop is not None:
            gp = gp * drop
        gs = p * (gp - xp.sum(gp * p, axis=-1, keepdims=True))
        gq = xp.matmul(gs, k) * ctx.scale if needs[0] else None
        gk = xp.matmul(_swap(xp, gs), q) * ctx.scale if needs[1] else None
        gmask = gs if len(needs) > 3 and needs[3] else None
        return gq, gk, gv, gmask


def _shape_error(q: Any, k: Any, v: Any, why: str) -> RuntimeError:
    return RuntimeError(f"scaled_dot_product_attention: {why} (query {list(q.shape)}, key "
                        f"{list(k.shape)}, value {list(v.shape)})")


def _broadcast(a: tuple, b: tuple) -> tuple | None:
    out = []
    for x, y in zip((1,) * (len(b) - len(a)) + a, (1,) * (len(a) - len(b)) + b):
        if x != y and 1 not in (x, y):
            return None
        out.append(max(x, y) if 0 not in (x, y) else 0)
    return tuple(out)



@replayable  # raw arrays from the mask's values: a compiled step computes them at each replay
def _additive_mask(keep: Tensor, dtype: Any) -> Any:
    """A boolean mask as the raw array added to the scores: 0 where kept, -inf elsewhere."""
    xp = keep.device.backend
    with xp.scope():
        return xp.where(keep.array, dtype.type(0), dtype.type(-math.inf))

def scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor,
                                 attn_mask: Tensor | None = None, dropout_p: float = 0.0,
                                 is_causal: bool = False, scale: float | None = None,
                                 enable_gqa: bool = False) -> Tensor:
    """``softmax(query key^T * scale + mask) value`` over the last two dims (``(..., L, E)``,
    ``(..., S, E)``, ``(..., S, Ev)`` -> ``(..., L, Ev)``), batch dims broadcast.

    ``attn_mask``: bool (True = takes part) or float (float32 or the query's dtype, added to
    the scores in the query's dtype), broadcastable to ``(..., L, S)``; ``is_causal``: a
    top-left lower-triangular mask (not with attn_mask); ``scale``: default ``1 / sqrt(E)``;
    ``dropout_p``: dropout on the attention weights (pass 0 in evaluation: the op does not
    know the mode, as in PyTorch); ``enable_gqa``: key and value may have fewer heads (dim -3)
    than the query (each number dividing the query's), each head shared by a group of
    consecutive query heads.
    """
    from autograd.creation import ones
    from autograd.ops.indexing.gather import index_select
    from autograd.ops.shape.copy import tril

    for name, t in (("query", query), ("key", key), ("value", value)):
        if not isinstance(t, TensorBase):
            raise TypeError(f"scaled_dot_product_attention(): argument '{name}' must be a "
                            f"Tensor, not {type(t).__name__}")
    if is_causal.__class__ is not bool or enable_gqa.__class__ is not bool:
        as_bool(is_causal, "scaled_dot_product_attention", "is_causal")
        as_bool(enable_gqa, "scaled_dot_product_attention", "enable_gqa")
    q, k, v = query, key, value
    if not (q.dtype == k.dtype == v.dtype):
        raise RuntimeError(f"scaled_dot_product_attention: Expected query, key, and value to "
                           f"have the same dtype, but got query.dtype: {q.dtype} key.dtype: "
                           f"{k.dtype} and value.dtype: {v.dtype} instead.")
    if q.dtype.kind not in "fV":
        raise RuntimeError(f"scaled_dot_product_attention: expected floating-point query, key "
                           f"and value, got {q.dtype}")
    if min(q.ndim, k.ndim, v.ndim) < 2:
        raise _shape_error(q, k, v, "query, key and value must be at least 2-D")
    if q.shape[-1] != k.shape[-1]:
        raise _shape_error(q, k, v, f"query and key must have the same embedding size, got "
                                    f"{q.shape[-1]} and {k.shape[-1]}")
    if k.shape[-2] != v.shape[-2]:
        raise _shape_error(q, k, v, f"key and value must have the same sequence length, got "
                                    f"{k.shape[-2]} and {v.shape[-2]}")
    if enable_gqa and q.ndim >= 3 and k.ndim >= 3 and v.ndim >= 3:
        hq, hk, hv = q.shape[-3], k.shape[-3], v.shape[-3]
        if 0 in (hk, hv) or hq % hk or hq % hv:
            raise _shape_error(q, k, v, f"with enable_gqa the numbers of heads of key ({hk}) "
                                        f"and value ({hv}) must divide the query's ({hq})")
        from autograd.creation import arange

        # each key and value head serves a group of consecutive query heads
        if hk != hq:
            k = index_select(k, k.ndim - 3, arange(hq, device=q.device) // (hq // hk))
        if hv != hq:
            v = index_select(v, v.ndim - 3, arange(hq, device=q.device) // (hq // hv))
    batch = _broadcast(tuple(q.shape[:-2]), tuple(k.shape[:-2]))
    batch = None if batch is None else _broadcast(batch, tuple(v.shape[:-2]))
    if batch is None:
        raise _shape_error(q, k, v, "the batch dims of query, key and value do not broadcast")
    dropout_p = float(dropout_p)
    if not 0.0 <= dropout_p <= 1.0:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {dropout_p}")
    length, source = q.shape[-2], k.shape[-2]
    scale = (1.0 / math.sqrt(q.shape[-1]) if scale is None
             else as_float(scale, "scaled_dot_product_attention", "scale"))
    bias = None
    mask = None
    if attn_mask is not None:
        if is_causal:
            raise RuntimeError("scaled_dot_product_attention: Explicit attn_mask should not "
                               "be set when is_causal=True")
        if attn_mask.device is not q.device:
            raise RuntimeError(f"scaled_dot_product_attention: attn_mask is on "
                               f"{attn_mask.device} but query is on {q.device}")
        scores = batch + (length, source)
        if _broadcast(tuple(attn_mask.shape), scores) != scores:
            raise RuntimeError(f"scaled_dot_product_attention: attn_mask of shape "
                               f"{list(attn_mask.shape)} does not broadcast to the attention "
                               f"scores' shape {list(scores)}")
        if attn_mask.dtype == "bool":
            bias = _additive_mask(attn_mask, q.dtype)
        elif attn_mask.dtype == q.dtype:
            mask = attn_mask
        elif attn_mask.dtype == "float32":  # added to the scores in the query's dtype
            mask = attn_mask.to(q.dtype)
        else:
            raise RuntimeError(f"scaled_dot_product_attention: Expected attn_mask dtype to be "
                               f"bool or float or to match query dtype, but got "
                               f"attn_mask.dtype: {attn_mask.dtype} and query.dtype: {q.dtype} "
                               f"instead.")
    elif is_causal:
        bias = _additive_mask(tril(ones((length, source), dtype="bool", device=q.device)),
                              q.dtype)
    return ScaledDotProductAttention.apply(q, k, v, mask, bias=bias, scale=scale,
                                           dropout_p=dropout_p)
