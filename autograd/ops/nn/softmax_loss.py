"""Neural-network kernels: softmax, log_softmax and the fused loss Functions behind ``nn.losses``.

softmax and log_softmax are single Functions (one pass for the max shift, one exp, one sum), so
they never overflow and save only their output. The loss Functions here are the ones PyTorch
fuses for speed or stability: cross-entropy over class indices (log_softmax, the pick at the
target, class weights, ignore_index and label smoothing in one op), binary cross-entropy (its
logs clamped at -100 and its gradient kept finite at 0 and 1) and binary cross-entropy on
logits (log-sum-exp form). Every backward is written against ``ctx.xp``, so all of them have
higher-order gradients. The user-facing loss functions, with PyTorch's argument checking, are
in ``nn/losses.py``.
"""

from __future__ import annotations

import contextlib
import warnings
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import as_int
from autograd.engine.function import Function
from autograd.engine.grad_mode import replayable
from autograd.engine.tensor_base import TensorBase
from autograd.ops.autocast import autocasting, float32
from autograd.ops.reduction.basic import _one_axis

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["softmax", "log_softmax"]


# -- softmax, log_softmax -----------------------------------------------------------------------


# Elementwise parts, each one GPU kernel (``xp.fused``); the reductions run between them.
def _exp_shifted(xp: Any, x: Any, m: Any) -> Any:
    return xp.exp(x - m)


def _softmax_grad(xp: Any, y: Any, gy: Any, s: Any) -> Any:
    return y * (gy - s)


def _log_softmax(xp: Any, x: Any, m: Any, s: Any) -> Any:
    return x - m - xp.log(s)


def _log_softmax_grad(xp: Any, y: Any, gy: Any, s: Any) -> Any:
    return gy - xp.exp(y) * s


class Softmax(Function):
    @staticmethod
    def forward(ctx, x, axis):
        ctx.axis = axis
        if x.size == 0:
            y = x.copy()
        else:
            # shifting by the maximum keeps exp in (0, 1]: no overflow, the sum is >= 1
            xp = ctx.xp
            y = xp.fused(_exp_shifted, x, x.max(axis=axis, keepdims=True))
            y /= y.sum(axis=axis, keepdims=True)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # dy_i/dx_j = y_i ([i = j] - y_j): dx = y * (gy - sum(gy * y))
        (y,) = ctx.saved_tensors
        xp = ctx.xp
        return xp.fused(_softmax_grad, y, gy, xp.sum(gy * y, axis=ctx.axis, keepdims=True))


class LogSoftmax(Function):
    @staticmethod
    def forward(ctx, x, axis):
        ctx.axis = axis
        xp = ctx.xp
        if x.size == 0:
            y = x.copy()
        else:
            m = x.max(axis=axis, keepdims=True)
            s = xp.fused(_exp_shifted, x, m).sum(axis=axis, keepdims=True)
            y = xp.fused(_log_softmax, x, m, s)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # dy_i/dx_j = [i = j] - softmax_j: dx = gy - exp(y) * sum(gy)
        (y,) = ctx.saved_tensors
        xp = ctx.xp
        return xp.fused(_log_softmax_grad, y, gy, xp.sum(gy, axis=ctx.axis, keepdims=True))


def _softmax_axis(op: str, input: Tensor, dim: int | None) -> int | None:
    """The axis to normalise over; dim=None picks PyTorch's legacy implicit dim, with its
    warning (0 for 0-, 1- and 3-d inputs, else 1)."""
    if dim is None:
        warnings.warn(f"Implicit dimension choice for {op} has been deprecated. Change the call "
                      "to include dim=X as an argument.", UserWarning, stacklevel=3)
        dim = 0 if input.ndim in (0, 1, 3) else 1
    return _one_axis(dim, input.ndim, op)


def _float_input(op: str, input: Tensor, dtype: Any) -> Tensor:
    if dtype is not None:
        input = input.to(_dt.as_dtype(dtype))
    elif autocasting:
        (input,) = float32(input, cpu=False)
    if input._data.dtype.kind not in "fV":  # PyTorch: NotImplementedError "... for 'Long'"
        raise NotImplementedError(f"{op}(): expected a floating-point input, got "
                                  f"{input.dtype} (shape {list(input.shape)}); pass "
                                  f"dtype=autograd.float32")
    return input


def softmax(input: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:
    """exp(x) / sum(exp(x)) along ``dim``, computed without overflow; ``dtype`` casts the input
    first (as PyTorch)."""
    input = _float_input("softmax", input, dtype)
    return Softmax.apply(input, axis=_softmax_axis("softmax", input, dim))


def log_softmax(input: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:
    """x - logsumexp(x) along ``dim`` (log of softmax, without its underflow to log(0))."""
    input = _float_input("log_softmax", input, dtype)
    return LogSoftmax.apply(input, axis=_softmax_axis("log_softmax", input, dim))


# -- cross-entropy over class indices ----------------------------------------------------------


def check_tensor(op: str, name: str, value: Any) -> None:
    """TypeError naming the op and argument unless ``value`` is a Tensor."""
    if not isinstance(value, TensorBase):
        raise TypeError(f"{op}(): argument '{name}' must be a Tensor, not {type(value).__name__}")


def class_targets(op: str, input: Tensor, target: Tensor, weight: Tensor | None,
                  ignore_index: int) -> tuple:
    """Check an (N, C, d1, ...) input against (N, d1, ...) class indices (or (C,) against a
    0-d target) and build what the kernels need: the input as (N, C, ...), the key picking
    each target logit, the per-sample weights (0 where ignored), the 0/1 mask of counted
    samples and the class weights, as raw arrays of the input's dtype."""
    check_tensor(op, "input", input)
    check_tensor(op, "target", target)
    if ignore_index.__class__ is not int:
        ignore_index = as_int(ignore_index, op, "ignore_index")
    if input.ndim == 0:
        raise ValueError(f"{op}: Expected input to have at least 1 dimension (classes), got a "
                         "0-d tensor")
    if input.ndim > 1 and (target.ndim == 0 or target.shape[0] != input.shape[0]):
        # PyTorch compares the batch sizes before the target's dtype
        raise ValueError(f"{op}: Expected input batch_size ({input.shape[0]}) to match "
                         f"target batch_size ({target.shape[0] if target.ndim else 0}) "
                         f"(input {list(input.shape)}, target {list(target.shape)})")
    if input._data.dtype.kind not in "fV":  # PyTorch: NotImplementedError "... for 'Long'"
        raise NotImplementedError(f"{op}: expected a floating-point input, got {input.dtype}")
    tdt = target._data.dtype
    if tdt != _dt.int64 and tdt != _dt.uint8:  # PyTorch: "target dtype to be Long or Byte"
        raise RuntimeError(f"{op}: expected class-index targets of dtype int64 (or uint8), "
                           f"got {target.dtype} of shape {list(target.shape)} for an input of "
                           f"shape {list(input.shape)}")
    if input.device is not target.device:
        raise RuntimeError(f"{op}: expected all tensors to be on the same device, but found "
                           f"input on {input.device} and target on {target.device}")
    if isinstance(weight, TensorBase) and weight._data.dtype != input._data.dtype:
        raise RuntimeError(f"{op}: expected scalar type {input.dtype} but found {weight.dtype} "
                           f"(the class weight must have the input's dtype)")
    x = input
    if input.ndim == 1:
        if target.ndim != 0:
            raise ValueError(f"{op}: Expected a 0-d target for an unbatched input of shape "
                             f"{list(input.shape)}, got target of shape {list(target.shape)}")
        x = input.reshape(1, input.shape[0])
        t = target._data.reshape(1)
    else:
        if target.ndim == 0 or target.shape[0] != input.shape[0]:
            raise ValueError(f"{op}: Expected input batch_size ({input.shape[0]}) to match "
                             f"target batch_size ({target.shape[0] if target.ndim else 0}) "
                             f"(input {list(input.shape)}, target {list(target.shape)})")
        if target.shape != input.shape[:1] + input.shape[2:]:
            raise RuntimeError(f"{op}: expected target of shape "
                               f"{list(input.shape[:1] + input.shape[2:])} for an input of shape "
                               f"{list(input.shape)}, got {list(target.shape)}")
        t = target._data
    xp = input.device.backend
    with xp.scope():  # raw array work outside an op: on a GPU, with that GPU current
        return _class_targets(op, xp, input, x, t, weight, ignore_index, target)


@replayable  # raw arrays from the targets: a compiled step computes them again each replay
def _class_targets(op: str, xp: Any, input: Tensor, x: Tensor, t: Any, weight: Any,
                   ignore_index: int, target: Tensor) -> tuple:
    ncls = x.shape[1]
    dtype = x._data.dtype
    counted = t != ignore_index
    # one comparison for both ends: a negative target is a huge unsigned one
    outside = (t.view(f"u{t.dtype.itemsize}") if t.dtype.kind == "i" else t) >= ncls
    if t.dtype.kind != "i":
        outside |= t < 0
    bad = counted & outside
    valid = (f"the input of shape {list(input.shape)} has {ncls} classes (valid targets are 0 "
             f"to {ncls - 1}, or ignore_index={ignore_index})")

    def detail(t: Any = t) -> str | None:  # the targets as given (t is replaced below)
        values = t[bad].ravel()
        return f"{op}: Target {int(values[0])} is out of bounds: {valid}" if values.size else (
            None)

    xp.check_later(bad.any(), IndexError, f"{op}: a target is out of bounds: {valid}", detail)
    # in range for the kernels (an ignored target weighs nothing) until the error surfaces
    t = xp.where(outside, 0, t)
    nd = t.ndim
    if nd == 1:
        key = (xp.arange(t.shape[0]), t)
    else:  # aranges along the other axes of t, broadcasting against it

        def along(pos: int, n: int) -> Any:
            return xp.arange(n).reshape((1,) * pos + (n,) + (1,) * (nd - pos - 1))

        key = (along(0, x.shape[0]), t) + tuple(
            along(k, n) for k, n in enumerate(x.shape[2:], start=1))
    mask = counted.astype(dtype)
    w = None
    if weight is not None:
        check_tensor(op, "weight", weight)
        if weight.shape != (ncls,):
            raise RuntimeError(f"{op}: weight tensor should be defined either for all {ncls} "
                               f"classes or no classes but got weight tensor of shape: "
                               f"{list(weight.shape)}")
        if weight.device is not input.device:
            raise RuntimeError(f"{op}: expected weight on {input.device}, got {weight.device}")
        w = weight._data.astype(dtype, copy=False)
        wt = w[t] * mask
    else:
        wt = mask
    return x, key, wt, mask, w, input.ndim == 1


_NO_CONTEXT = contextlib.nullcontext()


def _quiet(xp: Any, denom: Any) -> Any:
    """NumPy's errstate silencing 0/0 when no target is counted (``denom`` 0: the mean is NaN,
    as in PyTorch), read on the host only where it is free; CuPy never warns."""
    errstate = getattr(xp, "errstate", None)
    if errstate is None or denom != 0:
        return _NO_CONTEXT
    return errstate(invalid="ignore", divide="ignore")


def _unsqueeze1(xp: Any, a: Any) -> Any:
    """Per-sample values (N, d1, ...) as (N, 1, d1, ...), to broadcast over the class axis."""
    return a[:, None]


class CrossEntropy(Function):
    """Fused log_softmax + negative log-likelihood over axis 1 of an (N, C, d1, ...) input.

    The caller has checked the targets and hands over the advanced-indexing ``key`` that picks
    each sample's target logit, the per-sample weights ``wt`` (class weight of the target, 0
    where ignored), the 0/1 ``mask`` of counted samples and the class ``weight`` (or None), all
    raw arrays of the input's dtype. The loss per sample is
    ``(1 - eps) wt (lse - x_t) + eps / C mask sum_c w_c (lse - x_c)``, its mean divided by
    ``sum(wt)`` (PyTorch's normalisation).
    """

    @staticmethod
    def forward(ctx, x, key, wt, mask, weight, reduction, smoothing):
        xp = ctx.xp
        dtype = x.dtype
        # float16 computes in float32 (PyTorch accumulates in float32 too): the sums over the
        # classes and over the samples overflow float16 at logits of a few thousand
        xs = x.astype("float32") if dtype.char == "e" else x
        z = xs - xs.max(axis=1, keepdims=True)
        e = xp.exp(z)
        s = e.sum(axis=1, keepdims=True)
        lse = xp.log(s)[:, 0]
        loss = (lse - z[key]) * wt
        ncls = x.shape[1]
        if smoothing:
            if weight is None:
                zw, wsum = z.sum(axis=1), ncls
            else:
                zw = (z * weight.reshape((ncls,) + (1,) * (x.ndim - 2))).sum(axis=1)
                wsum = weight.sum()
            loss = loss * (1 - smoothing) + (wsum * lse - zw) * (mask * (smoothing / ncls))
            ctx.wsum = wsum
        ctx.key, ctx.wt, ctx.mask, ctx.weight = key, wt, mask, weight
        ctx.reduction, ctx.smoothing = reduction, smoothing
        ctx.e, ctx.s = e, s
        ctx.save_for_backward(x)
        if reduction == "none":
            return loss.astype(dtype, copy=False)
        if reduction == "sum":
            return loss.sum().astype(dtype)
        denom = wt.sum(dtype=xs.dtype)
        # with no counted target the loss is 0/0 = NaN but the gradient 0, as in PyTorch
        ctx.denom = xp.where(denom == 0, 1, denom).astype(dtype)
        with _quiet(xp, denom):
            return (loss.sum() / denom).astype(dtype)

    @staticmethod
    def backward(ctx, gy):
        # d/dx_c (lse - x_t) = p_c - [c = t];  d/dx_c sum_k w_k (lse - x_k) = W p_c - w_c
        # (p = softmax(x), W = sum_k w_k); so dx = p * coef - (onehot-at-t and smoothing terms)
        xp = ctx.xp
        (x,) = ctx.saved_tensors
        wt, mask, weight, eps = ctx.wt, ctx.mask, ctx.weight, ctx.smoothing
        denom = ctx.denom if ctx.reduction == "mean" else None
        wsum = ctx.wsum if eps else None
        if xp.differentiable:
            # constants become Tensors on the device; softmax is recomputed on the graph
            wt, mask = xp.asarray(wt), xp.asarray(mask)
            weight = None if weight is None else xp.asarray(weight)
            denom = None if denom is None else xp.asarray(denom)
            wsum = wsum if weight is None else xp.asarray(wsum)
        g = gy if denom is None else gy / denom
        at_target = g * wt * (1 - eps) if eps else g * wt  # per sample, t.shape
        if eps:
            smooth = g * mask * (eps / x.shape[1])
            coef = at_target + smooth * wsum
        else:
            coef = at_target
        if xp.differentiable:
            gx = Softmax.apply(x, axis=1) * _unsqueeze1(xp, coef)
            onehot = xp.raw.zeros(x.shape, dtype=x._data.dtype)
            onehot[ctx.key] = 1
            gx = gx - xp.asarray(onehot) * _unsqueeze1(xp, at_target)
        else:
            gx = ctx.e * (_unsqueeze1(xp, coef) / ctx.s)
            gx[ctx.key] -= at_target  # each (sample, position) appears once in the key
        if eps:
            term = _unsqueeze1(xp, smooth)
            if weight is not None:
                term = term * xp.reshape(weight, (x.shape[1],) + (1,) * (x.ndim - 2))
            gx = gx - term
        return gx


# -- binary cross-entropy -----------------------------------------------------------------------


def _clamped_log(xp: Any, v: Any) -> Any:
    """max(log(v), -100) for v in [0, 1], without log(0)'s warning (PyTorch's BCE clamp)."""
    pos = v > 0
    return xp.maximum(xp.where(pos, xp.log(xp.where(pos, v, 1.0)), -100.0), -100.0)


class BinaryCrossEntropy(Function):
    @staticmethod
    def forward(ctx, x, t):
        xp = ctx.xp
        log_x, log_1mx = _clamped_log(xp, x), _clamped_log(xp, 1 - x)
        ctx.save_for_backward(x, t)
        return -(t * (log_x - log_1mx) + log_1mx)

    @staticmethod
    def backward(ctx, gy):
        # dL/dx = (x - t) / (x (1 - x)), the denominator clamped at 1e-12 as PyTorch does, so
        # the gradient stays finite at x = 0 and 1; dL/dt = log(1 - x) - log(x) (clamped logs)
        xp = ctx.xp
        x, t = ctx.saved_tensors
        gx = gt = None
        if ctx.needs_input_grad[0]:
            gx = gy * (x - t) / xp.maximum(x * (1 - x), 1e-12)
        if ctx.needs_input_grad[1]:
            gt = gy * (_clamped_log(xp, 1 - x) - _clamped_log(xp, x))
        return gx, gt


def _softplus(xp: Any, v: Any) -> Any:
    """log(1 + exp(v)) without overflow: v + log1p(exp(-v)) for v > 0, else log1p(exp(v)).

    Each branch sees only arguments it can take, so neither overflows nor feeds NaN into the
    other's gradient; both branches have the exact derivative sigmoid(v), also at v = 0."""
    pos = v > 0
    vp = xp.where(pos, v, 0.0)
    vn = xp.where(pos, 0.0, v)
    return xp.where(pos, vp + xp.log1p(xp.exp(-vp)), xp.log1p(xp.exp(vn)))


def _sigmoid(xp: Any, v: Any) -> Any:
    """The logistic function; on raw arrays through exp(-|v|), which never overflows."""
    if xp.differentiable:
        return xp.sigmoid(v)
    e = xp.exp(-xp.abs(v))
    return xp.where(v >= 0, 1 / (1 + e), e / (1 + e))


class BinaryCrossEntropyWithLogits(Function):
    @staticmethod
    def forward(ctx, x, t, pos_weight):
        # (1 - t) x + lw softplus(-x), lw = 1 + (pos_weight - 1) t: log(sigmoid) never formed
        if pos_weight is None:
            ctx.save_for_backward(x, t)
        else:
            ctx.save_for_backward(x, t, pos_weight)
        dtype = x.dtype
        if dtype.char == "e":  # float16 in float32: the two terms cancel at large |x|
            x, t = x.astype("float32"), t.astype("float32")
        sp = _softplus(ctx.xp, -x)
        if pos_weight is None:
            return ((1 - t) * x + sp).astype(dtype, copy=False)
        return ((1 - t) * x + (1 + (pos_weight - 1) * t) * sp).astype(dtype, copy=False)

    @staticmethod
    def backward(ctx, gy):
        # dL/dx = (1 - t) - lw sigmoid(-x); dL/dt = -x + (pw - 1) softplus(-x);
        # dL/dpw = t softplus(-x)
        xp = ctx.xp
        saved = ctx.saved_tensors
        x, t = saved[0], saved[1]
        pw = saved[2] if len(saved) == 3 else None
        needs = ctx.needs_input_grad
        gx = gt = gpw = None
        if needs[0]:
            s = _sigmoid(xp, -x)
            gx = gy * ((1 - t) - (s if pw is None else (1 + (pw - 1) * t) * s))
        if needs[1] or (pw is not None and needs[2]):
            sp = _softplus(xp, -x)
            if needs[1]:
                gt = gy * (-x if pw is None else (pw - 1) * sp - x)
            if pw is not None and needs[2]:
                gpw = gy * t * sp
        return gx, gt, gpw
