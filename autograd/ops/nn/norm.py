"""Normalisation kernels: batch_norm, layer_norm, group_norm, rms_norm.

All three are one fused Function, ``Normalize``: statistics (mean, biased variance) over some
axes of the input, ``xhat = (x - mean) * rstd``, then a per-feature affine ``xhat * w + b``.
The three differ only in which axes the statistics and the affine's gradient are taken over,
and (group norm) in viewing the input as ``(N, G, -1)`` for the statistics. The backward is the
closed form ``gx = rstd * (g - mean(g) - xhat * mean(g * xhat))`` with ``g = gy * w``: one pass
instead of the dozen ops a composition would record.

Only the input and the weight are saved. A first-order backward reuses the forward's mean and
rstd (small per-group arrays); under ``create_graph`` the backward recomputes them from the
saved input through ``ctx.xp``, so they are functions of the input there and the second
derivatives come out right (kept as constants they would be wrong).

Batch norm in eval mode is an elementwise affine map with the running statistics, written as a
composition of autograd ops. In training mode it updates the running statistics in place
(unbiased variance, as PyTorch), outside the tape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import as_float, as_int, check_float, int_tuple
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.autocast import autocasting, float32
from autograd.ops.elementwise.convert import to

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["batch_norm", "layer_norm", "group_norm", "rms_norm"]


def _norm_grad(xp: Any, g: Any, mean_g: Any, xhat: Any, mean_gx: Any, rstd: Any) -> Any:
    return (g - mean_g - xhat * mean_gx) * rstd  # one GPU kernel (xp.fused)


def _batch_norm_grad(xp: Any, gy: Any, sg: Any, xhat: Any, sgx: Any, inv_m: float,
                     scale: Any) -> Any:
    return (gy - (sg + xhat * sgx) * inv_m) * scale  # one GPU kernel (xp.fused)


def _channel_sums(xp: Any, a: Any, b: Any, axes: tuple) -> Any:
    """``sum(a * b)`` over batch norm's axes (0, 2, 3, ...), keepdims, as one dot product per
    (sample, channel) in a batched matmul, without a full-size ``a * b`` temporary; None where
    that does not apply (a GPU, where the product and its sum are one fused kernel anyway;
    inputs without spatial dims)."""
    if xp.differentiable or xp.compiles_fused or a.ndim < 3 or \
            axes != (0,) + tuple(range(2, a.ndim)):
        return None
    n, c = a.shape[:2]
    dots = xp.matmul(a.reshape(n, c, 1, -1), b.reshape(n, c, -1, 1))  # (N, C, 1, 1)
    return dots.sum(axis=0).reshape((1, c) + (1,) * (a.ndim - 2))


class Normalize(Function):
    @staticmethod
    def forward(ctx, x, w, b, running_mean=None, running_var=None, *, view, axes, wshape,
                waxes, eps, momentum=0.0):
        xp = ctx.xp
        xv = x if view is None else x.reshape(view)
        mean = xv.mean(axis=axes, keepdims=True)
        xc = xv - mean
        sq = None if view is not None else _channel_sums(xp, xc, xc, axes)
        var = (xc * xc).mean(axis=axes, keepdims=True) if sq is None else \
            sq / (xc.size // max(mean.size, 1))
        rstd = 1.0 / xp.sqrt(var + eps)
        m = xc.size // max(mean.size, 1)
        if running_mean is not None:  # batch norm's running statistics, updated in place
            _running_update(running_mean, mean, momentum)
        if running_var is not None:
            _running_update(running_var, var * (m / (m - 1)), momentum)
        ctx.view, ctx.axes, ctx.wshape, ctx.waxes, ctx.eps = view, axes, wshape, waxes, eps
        ctx.mean, ctx.rstd = mean, rstd
        ctx.bshape = None if b is None else b.shape
        ctx.m = m
        ctx.save_for_backward(x, w)
        if view is None and axes == waxes and w is not None:
            xc *= rstd * w.reshape(wshape)  # batch norm: one per-channel scale
        else:
            xc *= rstd
            if view is not None:
                xc = xc.reshape(x.shape)
            if w is not None:
                xc *= w.reshape(wshape)
        if b is not None:
            xc += b.reshape(wshape)
        return xc

    @staticmethod
    def backward(ctx, gy):
        # y = xhat * w + b, xhat = (x - mean) * rstd, statistics over M elements:
        #   dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = gy * w,
        #   dw = sum(gy * xhat), db = sum(gy) (over the affine's broadcast axes)
        x, w = ctx.saved_tensors
        xp = ctx.xp
        view, axes, wshape, waxes = ctx.view, ctx.axes, ctx.wshape, ctx.waxes
        xv = x if view is None else xp.reshape(x, view)
        if xp.differentiable:  # recompute the statistics as functions of x
            mean = xp.mean(xv, axis=axes, keepdims=True)
            xc = xv - mean
            rstd = 1.0 / xp.sqrt(xp.mean(xc * xc, axis=axes, keepdims=True) + ctx.eps)
            xhat = xc * rstd
        else:
            rstd = ctx.rstd
            xhat = (xv - ctx.mean) * rstd
        needs = ctx.needs_input_grad
        want_w = w is not None and needs[1]
        want_b = len(needs) > 2 and needs[2]
        wb = None if w is None else xp.reshape(w, wshape)
        if view is None and axes == waxes:
            # batch norm: the statistics' axes are the affine's, so the two sums serve both
            sg = xp.sum(gy, axis=axes, keepdims=True)
            sgx = _channel_sums(xp, gy, xhat, axes)
            if sgx is None:
                sgx = xp.sum(gy * xhat, axis=axes, keepdims=True)
            m = ctx.m
            scale = rstd if wb is None else rstd * wb
            if xp.differentiable or xp.compiles_fused:  # on a GPU: one kernel
                gx = xp.fused(_batch_norm_grad, gy, sg, xhat, sgx, 1.0 / m, scale)
            else:  # the same, in xhat's own memory: no full-size temporaries
                gx = xhat
                gx *= sgx * (1.0 / m)
                gx += sg * (1.0 / m)
                gx -= gy
                gx *= -scale
            gw = xp.reshape(sgx, w.shape) if want_w else None
            gb = xp.reshape(sg, ctx.bshape) if want_b else None
            return gx, gw, gb, None, None
        g = gy if wb is None else gy * wb
        if view is not None:
            g = xp.reshape(g, view)
        gx = xp.fused(_norm_grad, g, xp.mean(g, axis=axes, keepdims=True), xhat,
                      xp.mean(g * xhat, axis=axes, keepdims=True), rstd)
        if view is not None:
            gx = xp.reshape(gx, x.shape)
            xhat = xp.reshape(xhat, x.shape)
        gw = _sum_to(xp, gy * xhat, waxes, w.shape) if want_w else None
        gb = _sum_to(xp, gy, waxes, ctx.bshape) if want_b else None
        return gx, gw, gb, None, None


def _sum_to(xp: Any, a: Any, axes: tuple, shape: tuple) -> Any:
    # the affine parameter's gradient: a summed over the axes it was broadcast along
    return xp.reshape(xp.sum(a, axis=axes) if axes else a, shape)


def _param_check(op: str, name: str, p: Tensor | None, size: int, x: Tensor) -> None:
    if p is not None and tuple(p.shape) != (size,):
        raise RuntimeError(f"{op}: expected {name} of shape [{size}], got {list(p.shape)} "
                           f"(input shape {list(x.shape)})")


def _as_tensor_like(value: Any, x: Tensor) -> Tensor:
    if isinstance(value, TensorBase):
        return value
    from autograd.creation import tensor

    return tensor(value, dtype=x.dtype, device=x.device)


def param_dtypes(op: str, input: Tensor, *params: Tensor | None) -> bool:
    """PyTorch's CPU norms want their parameters in the input's dtype, or all in float32 with
    a float16 or bfloat16 input (its "mixed" mode, chosen by the first parameter given):
    RuntimeError otherwise. True in mixed mode (the output must go back to the input's
    dtype)."""
    dt = input._data.dtype
    given = [p for p in params if isinstance(p, TensorBase)]
    if all(p._data.dtype is dt for p in given):
        return False
    mixed = dt in _REDUCED and given[0]._data.dtype == _dt.float32
    want = _dt.float32 if mixed else dt
    for p in given:
        if p._data.dtype != want:
            raise RuntimeError(f"{op}: mixed dtype (CPU): expect parameter to have scalar type "
                               f"of {want} (input {dt}, parameter {p._data.dtype} of shape "
                               f"{list(p._data.shape)}; all parameters must share one dtype)")
    return True


_REDUCED = tuple(d for d in (_dt.float16, _dt.BFLOAT16) if d is not None)


def _normalized_shape(value: Any, op: str) -> tuple:
    """An int or a sequence of ints as a tuple; PyTorch's TypeError for anything else."""
    return int_tuple((value,) if not isinstance(value, (tuple, list)) else value, op,
                     "normalized_shape")


def _no_channels(input: Tensor, weight: Tensor | None, bias: Tensor | None) -> None:
    """PyTorch's batch_norm of an input without channels refuses a weight or bias (its kernel
    reads their element 0)."""
    if not input.shape[1] and (weight is not None or bias is not None):
        raise IndexError(f"batch_norm: select(): index 0 out of range for tensor of size [0] "
                         f"at dimension 0 (a weight or bias for input of size "
                         f"{list(input.shape)}, which has no channels)")


def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None,
               weight: Tensor | None = None, bias: Tensor | None = None,
               training: bool = False, momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Normalise each channel (dim 1) of ``(N, C, *)`` input: with the batch statistics when
    ``training`` (and update ``running_mean``/``running_var`` in place with ``momentum``),
    else with the running statistics; then ``* weight + bias`` per channel."""
    if isinstance(input, TensorBase) and input._data.dtype.kind not in "fV":
        check_float("batch_norm", input)
    if not autocasting and param_dtypes("batch_norm", input, weight, bias, running_mean,
                                        running_var):
        return to(batch_norm(to(input, _dt.float32), running_mean, running_var, weight, bias,
                             training, momentum, eps), input.dtype)
    if autocasting:  # statistics in float32, the output in the input's dtype (as cuDNN's)
        given = input
        input, weight, bias = float32(input, weight, bias, cpu=False)
        if input is not given:
            return to(batch_norm(input, running_mean, running_var, weight, bias, training,
                                 momentum, eps), given.dtype)
    shape = tuple(input.shape)
    if len(shape) < 2:
        raise ValueError(f"batch_norm: expected input with at least 2 dims (N, C, *), got "
                         f"shape {list(shape)}")
    c = shape[1]
    _param_check("batch_norm", "weight", weight, c, input)
    _param_check("batch_norm", "bias", bias, c, input)
    for name, r in (("running_mean", running_mean), ("running_var", running_var)):
        if r is not None and r.numel() != c:
            raise RuntimeError(f"batch_norm: {name} should contain {c} elements not "
                               f"{r.numel()} (input shape {list(shape)})")
    wshape = (1, c) + (1,) * (len(shape) - 2)
    if not training:
        if running_mean is None or running_var is None:
            raise RuntimeError("batch_norm: running_mean and running_var must be given when "
                               "training=False")
        _no_channels(input, weight, bias)
        # an elementwise affine map: y = x * scale + shift per channel
        scale = (running_var.detach() + eps).rsqrt()
        if weight is not None:
            scale = scale * weight
        shift = -running_mean.detach() * scale
        if bias is not None:
            shift = shift + bias
        return input * scale.reshape(wshape) + shift.reshape(wshape)
    values = shape[0]  # per channel; PyTorch refuses exactly one (none is an empty batch)
    for n in shape[2:]:
        values *= n
    if values == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input "
                         f"size {list(shape)}")
    _no_channels(input, weight, bias)
    if not input.numel():  # nothing to normalise: the running statistics stay as they are
        y = input if weight is None else input * weight.reshape(wshape)
        return y if bias is None else y + bias.reshape(wshape)
    axes = (0,) + tuple(range(2, len(shape)))
    # the running statistics are inputs that forward updates in place (off the tape)
    y = Normalize.apply(input, weight, bias, running_mean, running_var, view=None, axes=axes,
                        wshape=wshape, waxes=axes, eps=eps, momentum=momentum)
    for buf in (running_mean, running_var):
        if buf is not None:
            buf._vc[0] += 1
    return y


def _running_update(data: Any, stat: Any, momentum: float) -> None:
    # buf = (1 - momentum) * buf + momentum * stat, in place
    data *= 1.0 - momentum
    data += (stat * momentum).reshape(data.shape).astype(data.dtype, copy=False)


def layer_norm(input: Tensor, normalized_shape: int | Sequence[int],
               weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-5) -> Tensor:
    """Normalise over the last ``len(normalized_shape)`` dims, then ``* weight + bias``
    (both of shape ``normalized_shape``)."""
    if isinstance(input, TensorBase) and input._data.dtype.kind not in "fV":
        check_float("layer_norm", input)
    if not autocasting and param_dtypes("layer_norm", input, weight, bias):
        # float32 parameters of a float16 or bfloat16 input: computed in float32, returned in
        # the input's dtype
        y = layer_norm(to(input, _dt.float32), normalized_shape, weight, bias, eps)
        return to(y, input.dtype)
    if autocasting:
        input, weight, bias = float32(input, weight, bias, cpu=False)
    ns = _normalized_shape(normalized_shape, "layer_norm")
    shape = tuple(input.shape)
    k = len(ns)
    if k == 0 or len(shape) < k or shape[len(shape) - k:] != ns:
        raise RuntimeError(f"layer_norm: given normalized_shape={list(ns)}, expected input "
                           f"with shape [*, {', '.join(map(str, ns))}], but got input of size "
                           f"{list(shape)}")
    for name, p in (("weight", weight), ("bias", bias)):
        if p is not None and tuple(p.shape) != ns:
            raise RuntimeError(f"layer_norm: expected {name} of shape {list(ns)}, got "
                               f"{list(p.shape)} (input shape {list(shape)})")
    nd = len(shape)
    axes = tuple(range(nd - k, nd))
    waxes = tuple(range(nd - k))
    return Normalize.apply(input, weight, bias, view=None, axes=axes, wshape=ns, waxes=waxes,
                           eps=eps)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Normalise ``(N, C, *)`` input over each group of ``C // num_groups`` channels (and all
    spatial positions), then ``* weight + bias`` per channel."""
    if isinstance(input, TensorBase) and input._data.dtype.kind not in "fV":
        check_float("group_norm", input)
    if not autocasting and param_dtypes("group_norm", input, weight, bias):
        # float32 parameters of a float16 or bfloat16 input: computed in float32, returned in
        # the input's dtype
        return to(group_norm(to(input, _dt.float32), num_groups, weight, bias, eps), input.dtype)
    if autocasting:
        input, weight, bias = float32(input, weight, bias, cpu=False)
    shape = tuple(input.shape)
    if len(shape) < 2:
        raise RuntimeError(f"group_norm: expected input with at least 2 dims (N, C, *), got "
                           f"shape {list(shape)}")
    n, c = shape[0], shape[1]
    if num_groups.__class__ is not int:
        num_groups = as_int(num_groups, "group_norm", "num_groups")
    if num_groups <= 0 or c % num_groups:
        raise RuntimeError(f"group_norm: expected number of channels in input to be divisible "
                           f"by num_groups, but got input of shape {list(shape)} and "
                           f"num_groups={num_groups}")
    _param_check("group_norm", "weight", weight, c, input)
    _param_check("group_norm", "bias", bias, c, input)
    rest = input.numel() // (n * c) if n * c else 0
    view = (n, num_groups, (c // num_groups) * rest)
    wshape = (1, c) + (1,) * (len(shape) - 2)
    waxes = (0,) + tuple(range(2, len(shape)))
    return Normalize.apply(input, weight, bias, view=view, axes=(2,), wshape=wshape,
                           waxes=waxes, eps=eps)


# -- rms_norm ------------------------------------------------------------------------------------


_EPS = {2: 2.0 ** -10, 4: 2.0 ** -23, 8: 2.0 ** -52}  # machine epsilon by float size


class RMSNormalize(Function):
    @staticmethod
    def forward(ctx, x, w, axes, eps):
        xp = ctx.xp
        rstd = 1.0 / xp.sqrt((x * x).mean(axis=axes, keepdims=True) + eps)
        ctx.axes, ctx.eps, ctx.rstd = axes, eps, rstd
        ctx.save_for_backward(x, w)
        y = x * rstd
        if w is not None:
            y *= w
        return y

    @staticmethod
    def backward(ctx, gy):
        # y = x r w with r = (mean(x^2) + eps)^(-1/2) over the normalised axes (M elements):
        #   dx = r (g - x r^2 mean(g x)) with g = gy w;  dw = sum(gy x r) over the others
        x, w = ctx.saved_tensors
        xp = ctx.xp
        axes = ctx.axes
        if xp.differentiable:  # r as a function of x, for the higher orders
            r = 1.0 / xp.sqrt(xp.mean(x * x, axis=axes, keepdims=True) + ctx.eps)
        else:
            r = ctx.rstd
        g = gy if w is None else gy * w
        gx = r * (g - x * (r * r) * xp.mean(g * x, axis=axes, keepdims=True))
        gw = None
        if w is not None and ctx.needs_input_grad[1]:
            lead = tuple(range(x.ndim - len(axes)))
            gw = gy * x * r
            gw = xp.sum(gw, axis=lead) if lead else gw
        return gx, gw


def rms_norm(input: Tensor, normalized_shape: int | Sequence[int],
             weight: Tensor | None = None, eps: float | None = None) -> Tensor:
    """``x / sqrt(mean(x^2) + eps) * weight`` over the last ``len(normalized_shape)`` dims;
    ``eps=None`` is the machine epsilon of the input's dtype (as PyTorch)."""
    if isinstance(input, TensorBase) and input._data.dtype.kind not in "fV":
        check_float("rms_norm", input)
    ns = _normalized_shape(normalized_shape, "rms_norm")
    shape = tuple(input.shape)
    k = len(ns)
    if 0 < k and len(shape) < k:
        raise ValueError(f"rms_norm: Input tensor must have at least {k} dimensions, but got "
                         f"{len(shape)} (input of size {list(shape)}, normalized_shape="
                         f"{list(ns)})")
    if k == 0 or shape[len(shape) - k:] != ns:
        raise RuntimeError(f"rms_norm: Given normalized_shape={list(ns)}, expected input with "
                           f"shape [*, {', '.join(map(str, ns))}], but got input of size "
                           f"{list(shape)}")
    if weight is not None and tuple(weight.shape) != ns:
        raise RuntimeError(f"rms_norm: Expected weight to be of same shape as "
                           f"normalized_shape, but got weight of shape {list(weight.shape)} "
                           f"and normalized_shape = {list(ns)}")
    if input.dtype.kind not in "fV":
        raise RuntimeError(f"rms_norm: expected a floating-point input, got {input.dtype}")
    if eps is None:
        eps = _EPS[input.dtype.itemsize]
    axes = tuple(range(len(shape) - k, len(shape)))
    y = RMSNormalize.apply(input, weight, axes=axes, eps=as_float(eps, "rms_norm", "eps"))
    # the input's dtype whatever the weight's (PyTorch's); a bfloat16 input computed in
    # float32 with a float weight comes back float32
    return y if y.dtype == input.dtype else to(y, input.dtype)
