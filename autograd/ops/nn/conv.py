"""Convolutions: conv1d, conv2d, conv_transpose1d, conv_transpose2d (PyTorch's signatures).

Three Functions, one per bilinear map of ``conv_kernels``: the convolution, its adjoint in the
input (the transposed convolution) and its adjoint in the weight. Each one's backward is the
other two, so under ``create_graph=True`` the gradients are themselves these Functions and
every order of derivative follows. Forward saves its inputs, never the im2col columns: they
are rebuilt in backward (one strided copy), which keeps memory at PyTorch's level. 1-d
convolutions run as 2-d ones over a unit height.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.checks import check_float, check_same_dtype
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.autocast import autocasting, lower
from autograd.ops.nn import conv_kernels as K

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d"]


def _conv(xp: Any, x: Any, w: Any, geom: tuple, out_hw: tuple | None = None) -> Any:
    if xp.differentiable:
        return Conv.apply(x, w, geom=geom, out_hw=out_hw)
    return K.forward(xp, x, w, geom, out_hw)


def _conv_t(xp: Any, gy: Any, w: Any, geom: tuple, in_hw: tuple) -> Any:
    if xp.differentiable:
        return ConvTranspose.apply(gy, w, geom=geom, in_hw=in_hw)
    return K.input_grad(xp, gy, w, geom, in_hw)


def _conv_w(xp: Any, x: Any, gy: Any, geom: tuple, k_hw: tuple) -> Any:
    if xp.differentiable:
        return ConvWeight.apply(x, gy, geom=geom, k_hw=k_hw)
    return K.weight_grad(xp, x, gy, geom, k_hw)


def _bias_grad(ctx: Any, g: Any) -> Any:
    needs = ctx.needs_input_grad
    if len(needs) > 2 and needs[2]:
        return ctx.xp.sum(g, axis=(0, 2, 3))
    return None


class Conv(Function):
    @staticmethod
    def forward(ctx, x, w, b=None, geom=None, out_hw=None):
        ctx.geom = geom
        ctx.out_hw = out_hw
        ctx.save_for_backward(x, w)
        y = K.forward(ctx.xp, x, w, geom, out_hw)
        if b is not None:
            y += b.reshape(1, -1, 1, 1)  # y is the GEMM's own fresh memory
        return y

    @staticmethod
    def backward(ctx, gy):
        # y = conv(x, w) + b:  dx = conv^T(gy, w),  dw = sum_n gy_n (x) cols(x_n),
        # db = gy summed over batch and space
        x, w = ctx.saved_tensors
        xp, needs, geom = ctx.xp, ctx.needs_input_grad, ctx.geom
        gx = _conv_t(xp, gy, w, geom, tuple(x.shape[2:])) if needs[0] else None
        gw = _conv_w(xp, x, gy, geom, tuple(w.shape[2:])) if needs[1] else None
        return gx, gw, _bias_grad(ctx, gy)


class ConvTranspose(Function):
    @staticmethod
    def forward(ctx, y, w, b=None, geom=None, in_hw=None):
        ctx.geom = geom
        ctx.save_for_backward(y, w)
        x = K.input_grad(ctx.xp, y, w, geom, in_hw)
        if b is not None:
            x += b.reshape(1, -1, 1, 1)
        return x

    @staticmethod
    def backward(ctx, gx):
        # x = conv^T(y, w) + b, the adjoint of conv:  dy = conv(gx, w),
        # dw = sum_n y_n (x) cols(gx_n) (conv's weight map with the roles of x and y swapped),
        # db = gx summed over batch and space
        y, w = ctx.saved_tensors
        xp, needs, geom = ctx.xp, ctx.needs_input_grad, ctx.geom
        out_hw = tuple(y.shape[2:])
        gy = _conv(xp, gx, w, geom, out_hw) if needs[0] else None
        gw = _conv_w(xp, gx, y, geom, tuple(w.shape[2:])) if needs[1] else None
        return gy, gw, _bias_grad(ctx, gx)


class ConvWeight(Function):
    @staticmethod
    def forward(ctx, x, gy, geom=None, k_hw=None):
        ctx.geom = geom
        ctx.save_for_backward(x, gy)
        return K.weight_grad(ctx.xp, x, gy, geom, k_hw)

    @staticmethod
    def backward(ctx, gw):
        # z = W(x, gy) with <W(x, gy), v> = <conv(x, v), gy>:  dx = conv^T(gy, gw),
        # dgy = conv(x, gw)
        x, gy = ctx.saved_tensors
        xp, needs, geom = ctx.xp, ctx.needs_input_grad, ctx.geom
        gx = _conv_t(xp, gy, gw, geom, tuple(x.shape[2:])) if needs[0] else None
        ggy = _conv(xp, x, gw, geom, tuple(gy.shape[2:])) if needs[1] else None
        return gx, ggy


# -- argument checking and the public functions ------------------------------------------------


def _tuple(value: Any, nd: int, name: str, op: str, low: int) -> tuple:
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,) * nd
    elif not isinstance(value, (tuple, list)) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise TypeError(f"{op}(): argument '{name}' must be tuple of ints, not {value!r}")
    value = tuple(value)
    if len(value) == 1 and nd > 1:
        value = value * nd
    if len(value) != nd:
        raise RuntimeError(f"{op}: expected {name} to be a single int or a tuple of {nd} ints, "
                           f"got {value!r}")
    if any(v < low for v in value):
        kind = "positive" if low > 0 else "non-negative"
        raise RuntimeError(f"{op}: {name} should be {kind}, got {list(value)}")
    return value


def _promote(input: Tensor, weight: Tensor, bias: Tensor | None, op: str = "conv") -> tuple:
    """PyTorch refuses mixed dtypes and bool in a convolution (integers it convolves)."""
    dt = input._data.dtype
    if weight._data.dtype is dt and (bias is None or bias._data.dtype is dt) and dt.kind != "b":
        return input, weight, bias
    check_same_dtype(op, input, weight, what="input and weight")
    if bias is not None:
        check_same_dtype(op, input, bias, what="input and bias")
    check_float(op, input, "fiuV")
    return input, weight, bias


def _check(op: str, nd: int, input: Any, weight: Any, bias: Any, groups: int) -> bool:
    """Check what every convolution checks; True when the input is unbatched."""
    for name, value in (("input", input), ("weight", weight)):
        if not isinstance(value, TensorBase):
            raise TypeError(f"{op}(): argument '{name}' must be a Tensor, not "
                            f"{type(value).__name__}")
    if bias is not None and not isinstance(bias, TensorBase):
        raise TypeError(f"{op}(): argument 'bias' must be a Tensor, not {type(bias).__name__}")
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to "
                           f"{op}, but got input of size: {list(input.shape)}")
    if weight.ndim != nd + 2:
        raise RuntimeError(f"{op}: expected {nd + 2}-dimensional weight, but got weight of "
                           f"size {list(weight.shape)} for input of size {list(input.shape)}")
    if not weight.numel():
        raise RuntimeError(f"{op}: expected a non-empty weight, but got weight of size "
                           f"{list(weight.shape)} (input of size {list(input.shape)})")
    if not isinstance(groups, int) or isinstance(groups, bool):
        raise TypeError(f"{op}(): argument 'groups' must be int, not {type(groups).__name__}")
    if groups < 1:
        raise RuntimeError(f"{op}: non-positive groups is not supported, got {groups!r}")
    return input.ndim == nd + 1


def _lift(nd: int, input: Tensor, weight: Tensor, unbatched: bool) -> tuple:
    """The input and weight as 2-d convolution operands (batch dim and unit height added)."""
    if unbatched:
        input = input.unsqueeze(0)
    if nd == 1:
        input, weight = input.unsqueeze(2), weight.unsqueeze(2)
    return input, weight


def _lower(nd: int, y: Tensor, unbatched: bool) -> Tensor:
    if nd == 1:
        y = y.squeeze(2)
    return y.squeeze(0) if unbatched else y


def _padding(op: str, padding: Any, nd: int, stride: tuple, dilation: tuple,
              kernel: tuple) -> tuple:
    """((lo, hi), ...) per spatial dim; 'same' pads the odd extra at the end, as PyTorch."""
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * nd
        if padding != "same":
            raise RuntimeError(f"{op}: Invalid padding string {padding!r}, should be one of "
                               "'valid' or 'same'")
        if any(s != 1 for s in stride):
            raise RuntimeError(f"{op}: padding='same' is not supported for strided "
                               f"convolutions (stride {list(stride)})")
        out = []
        for d, k in zip(dilation, kernel):
            total = d * (k - 1)
            out.append((total // 2, total - total // 2))
        return tuple(out)
    return tuple((p, p) for p in _tuple(padding, nd, "padding", op, 0))


def _convnd(op: str, nd: int, input: Tensor, weight: Tensor, bias: Tensor | None, stride: Any,
            padding: Any, dilation: Any, groups: int) -> Tensor:
    if autocasting:
        input, weight, bias = lower(input, weight, bias)
    unbatched = _check(op, nd, input, weight, bias, groups)
    stride = _tuple(stride, nd, "stride", op, 1)
    dilation = _tuple(dilation, nd, "dilation", op, 1)
    kernel = tuple(weight.shape[2:])
    pads = _padding(op, padding, nd, stride, dilation, kernel)
    shape, wshape = list(input.shape), list(weight.shape)
    o, cg = wshape[0], wshape[1]
    channels = shape[0] if unbatched else shape[1]
    if o % groups:
        raise RuntimeError(f"{op}: Given groups={groups}, expected weight to be divisible by "
                           f"{groups} at dimension 0, but got weight of size {wshape} instead")
    if channels != cg * groups:
        raise RuntimeError(f"{op}: Given groups={groups}, weight of size {wshape}, expected "
                           f"input{shape} to have {cg * groups} channels, but got {channels} "
                           "channels instead")
    if bias is not None and tuple(bias.shape) != (o,):
        raise RuntimeError(f"{op}: expected bias of shape [{o}] for weight of size {wshape}, "
                           f"got {list(bias.shape)}")
    spatial = shape[-nd:]
    padded = [n + lo + hi for n, (lo, hi) in zip(spatial, pads)]
    dilated = [d * (k - 1) + 1 for d, k in zip(dilation, kernel)]
    if any(p < k for p, k in zip(padded, dilated)):
        raise RuntimeError(f"{op}: Calculated padded input size per channel: "
                           f"({' x '.join(map(str, padded))}). Kernel size: "
                           f"({' x '.join(map(str, dilated))}). Kernel size can't be greater "
                           f"than actual input size (input {shape}, weight {wshape})")
    input, weight, bias = _promote(input, weight, bias, op)
    x, w = _lift(nd, input, weight, unbatched)
    if nd == 1:
        stride, pads, dilation = (1,) + stride, ((0, 0),) + pads, (1,) + dilation
    geom = (stride, pads, dilation, groups)
    y = Conv.apply(x, w, geom=geom) if bias is None else Conv.apply(x, w, bias, geom=geom)
    return _lower(nd, y, unbatched)


def _conv_transposend(op: str, nd: int, input: Tensor, weight: Tensor, bias: Tensor | None,
                      stride: Any, padding: Any, output_padding: Any, groups: int,
                      dilation: Any) -> Tensor:
    if autocasting:
        input, weight, bias = lower(input, weight, bias)
    unbatched = _check(op, nd, input, weight, bias, groups)
    stride = _tuple(stride, nd, "stride", op, 1)
    dilation = _tuple(dilation, nd, "dilation", op, 1)
    if isinstance(padding, str):
        raise TypeError(f"{op}(): argument 'padding' must be tuple of ints, not {padding!r}")
    padding = _tuple(padding, nd, "padding", op, 0)
    outpad = _tuple(output_padding, nd, "output_padding", op, 0)
    if any(p >= max(s, d) for p, s, d in zip(outpad, stride, dilation)):
        raise RuntimeError(f"{op}: output padding must be smaller than either stride or "
                           f"dilation, but got output_padding {list(outpad)}, stride "
                           f"{list(stride)}, dilation {list(dilation)}")
    shape, wshape = list(input.shape), list(weight.shape)
    cin, og = wshape[0], wshape[1]
    channels = shape[0] if unbatched else shape[1]
    if cin % groups:
        raise RuntimeError(f"{op}: Given groups={groups}, expected weight to be divisible by "
                           f"{groups} at dimension 0, but got weight of size {wshape} instead")
    if channels != cin:
        raise RuntimeError(f"{op}: Given transposed=1, weight of size {wshape}, expected "
                           f"input{shape} to have {cin} channels, but got {channels} channels "
                           "instead")
    if bias is not None and tuple(bias.shape) != (og * groups,):
        raise RuntimeError(f"{op}: expected bias of shape [{og * groups}] for weight of size "
                           f"{wshape}, got {list(bias.shape)}")
    kernel = wshape[2:]
    out = [(n - 1) * s - 2 * p + d * (k - 1) + q + 1 for n, s, p, d, k, q in
           zip(shape[-nd:], stride, padding, dilation, kernel, outpad)]
    if any(n <= 0 for n in out):
        raise RuntimeError(f"{op}: Given input size per channel {shape[-nd:]}, the calculated "
                           f"output size per channel {out} is too small (weight {wshape}, "
                           f"stride {list(stride)}, padding {list(padding)})")
    input, weight, bias = _promote(input, weight, bias, op)
    y, w = _lift(nd, input, weight, unbatched)
    pads = tuple((p, p) for p in padding)
    if nd == 1:
        stride, pads, dilation, out = (1,) + stride, ((0, 0),) + pads, (1,) + dilation, [1] + out
    geom = (stride, pads, dilation, groups)
    args = (y, w) if bias is None else (y, w, bias)
    x = ConvTranspose.apply(*args, geom=geom, in_hw=tuple(out))
    return _lower(nd, x, unbatched)


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """1-d convolution (cross-correlation): input ``(N, C_in, L)`` or ``(C_in, L)``, weight
    ``(C_out, C_in / groups, k)``; padding an int, a 1-tuple, 'valid' or 'same'."""
    return _convnd("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """2-d convolution (cross-correlation): input ``(N, C_in, H, W)`` or ``(C_in, H, W)``,
    weight ``(C_out, C_in / groups, kh, kw)``; padding an int, a pair, 'valid' or 'same'
    ('same' only with stride 1, as PyTorch)."""
    return _convnd("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv_transpose1d(input: Tensor, weight: Tensor, bias: Tensor | None = None,
                     stride: Any = 1, padding: Any = 0, output_padding: Any = 0,
                     groups: int = 1, dilation: Any = 1) -> Tensor:
    """1-d transposed convolution (the gradient of conv1d in its input): input
    ``(N, C_in, L)``, weight ``(C_in, C_out / groups, k)``."""
    return _conv_transposend("conv_transpose1d", 1, input, weight, bias, stride, padding,
                             output_padding, groups, dilation)


def conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | None = None,
                     stride: Any = 1, padding: Any = 0, output_padding: Any = 0,
                     groups: int = 1, dilation: Any = 1) -> Tensor:
    """2-d transposed convolution (the gradient of conv2d in its input): input
    ``(N, C_in, H, W)`` or ``(C_in, H, W)``, weight ``(C_in, C_out / groups, kh, kw)``; output
    size ``(H - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1``."""
    return _conv_transposend("conv_transpose2d", 2, input, weight, bias, stride, padding,
                             output_padding, groups, dilation)
