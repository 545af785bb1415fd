"""3-d convolutions: conv3d and conv_transpose3d (PyTorch's signatures), built on the 2-d ones.

A 3-d convolution is a sum over the kernel's depth offsets of 2-d convolutions: for offset i,
the input planes ``i * dilation + j * stride`` (one per output depth j, folded into the batch)
meet the weight slice ``w[:, :, i]``. The transposed convolution is the adjoint: each depth
slice of the 2-d transposed convolution lands at ``j * stride + i * dilation`` of the output.
A loop over the kd kernel offsets (never over positions), and compositions of differentiable
ops, so every order of gradient comes from the 2-d kernels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.ops.nn.conv import (
    _check,
    _padding,
    _promote,
    _tuple,
    conv2d,
    conv_transpose2d,
)
from autograd.ops.shape.pad import pad

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["conv3d", "conv_transpose3d"]


def _check_bias(op: str, bias: Tensor | None, o: int, wshape: list) -> None:
    if bias is not None and tuple(bias.shape) != (o,):
        raise RuntimeError(f"{op}: expected bias of shape [{o}] for weight of size {wshape}, "
                           f"got {list(bias.shape)}")


def _add_bias(y: Tensor, bias: Tensor | None) -> Tensor:
    return y if bias is None else y + bias.reshape(1, -1, 1, 1, 1)


def conv3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1,
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """3-d convolution (cross-correlation): input ``(N, C_in, D, H, W)`` or
    ``(C_in, D, H, W)``, weight ``(C_out, C_in / groups, kd, kh, kw)``; padding an int, a
    triple, 'valid' or 'same'."""
    op = "conv3d"
    unbatched = _check(op, 3, input, weight, bias, groups)
    stride = _tuple(stride, 3, "stride", op, 1)
    dilation = _tuple(dilation, 3, "dilation", op, 1)
    kd = weight.shape[2]
    pads = _padding(op, padding, 3, stride, dilation, tuple(weight.shape[2:]))
    input, weight, bias = _promote(input, weight, bias)
    x = input.unsqueeze(0) if unbatched else input
    channels, wshape = x.shape[1], list(weight.shape)
    if channels != wshape[1] * groups:
        raise RuntimeError(f"{op}: Given groups={groups}, weight of size {wshape}, expected "
                           f"input{list(input.shape)} to have {wshape[1] * groups} channels, "
                           f"but got {channels} channels instead")
    _check_bias(op, bias, wshape[0], wshape)
    (dlo, dhi), hw_pads = pads[0], pads[1:]
    if dlo or dhi:
        x = pad(x, [0, 0, 0, 0, dlo, dhi])
    n, c, depth, h, w = x.shape
    out_d = (depth - dilation[0] * (kd - 1) - 1) // stride[0] + 1
    if out_d <= 0:
        raise RuntimeError(f"{op}: Calculated padded input size per channel: ({depth} x {h} x "
                           f"{w}). Kernel size: ({dilation[0] * (kd - 1) + 1} x ...). Kernel "
                           f"size can't be greater than actual input size")
    same = isinstance(padding, str) and padding == "same"
    hw_padding = "same" if same else tuple(p[0] for p in hw_pads)
    total = None
    for i in range(kd):
        start = i * dilation[0]
        planes = x[:, :, start:start + (out_d - 1) * stride[0] + 1:stride[0]]
        folded = planes.permute(0, 2, 1, 3, 4).reshape(n * out_d, c, h, w)
        y = conv2d(folded, weight[:, :, i], None, stride[1:], hw_padding, dilation[1:], groups)
        total = y if total is None else total + y
    out = total.reshape((n, out_d) + tuple(total.shape[1:])).permute(0, 2, 1, 3, 4)
    out = _add_bias(out, bias)
    return out.squeeze(0) if unbatched else out


def conv_transpose3d(input: Tensor, weight: Tensor, bias: Tensor | None = None,
                     stride: Any = 1, padding: Any = 0, output_padding: Any = 0,
                     groups: int = 1, dilation: Any = 1) -> Tensor:
    """3-d transposed convolution (the gradient of conv3d in its input): input
    ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)``, weight ``(C_in, C_out / groups, kd, kh,
    kw)``."""
    op = "conv_transpose3d"
    unbatched = _check(op, 3, input, weight, bias, groups)
    stride = _tuple(stride, 3, "stride", op, 1)
    dilation = _tuple(dilation, 3, "dilation", op, 1)
    if isinstance(padding, str):
        raise RuntimeError(f"{op}: padding must be an int or a tuple of ints, got {padding!r}")
    padding = _tuple(padding, 3, "padding", op, 0)
    outpad = _tuple(output_padding, 3, "output_padding", op, 0)
    if any(p >= max(s, d) for p, s, d in zip(outpad, stride, dilation)):
        raise RuntimeError(f"{op}: output padding must be smaller than either stride or "
                           f"dilation, but got output_padding {list(outpad)}, stride "
                           f"{list(stride)}, dilation {list(dilation)}")
    input, weight, bias = _promote(input, weight, bias)
    x = input.unsqueeze(0) if unbatched else input
    if x.shape[1] != weight.shape[0]:
        raise RuntimeError(f"{op}: Given transposed=1, weight of size {list(weight.shape)}, "
                           f"expected input{list(input.shape)} to have {weight.shape[0]} "
                           f"channels, but got {x.shape[1]} channels instead")
    _check_bias(op, bias, weight.shape[1] * groups, list(weight.shape))
    n, c, depth, h, w = x.shape
    kd, sd, dd, pd = weight.shape[2], stride[0], dilation[0], padding[0]
    out_d = (depth - 1) * sd - 2 * pd + dd * (kd - 1) + outpad[0] + 1
    if out_d <= 0:
        raise RuntimeError(f"{op}: the calculated output depth {out_d} is too small (input "
                           f"{list(input.shape)}, weight {list(weight.shape)})")
    folded = x.permute(0, 2, 1, 3, 4).reshape(n * depth, c, h, w)
    full = (depth - 1) * sd + dd * (kd - 1) + 1 + outpad[0]
    span = (depth - 1) * sd + 1
    total = None
    for i in range(kd):
        z = conv_transpose2d(folded, weight[:, :, i], None, stride[1:], padding[1:], outpad[1:],
                             groups, dilation[1:])
        z = z.reshape((n, depth) + tuple(z.shape[1:]))  # (N, D, C_out, H', W')
        if sd > 1:  # spread the depth slices stride apart, zeros between
            z = pad(z.unsqueeze(2), [0, 0, 0, 0, 0, 0, 0, sd - 1])
            z = z.reshape((n, depth * sd) + tuple(z.shape[3:]))[:, :span]
        z = pad(z, [0, 0, 0, 0, 0, 0, i * dd, full - span - i * dd])
        total = z if total is None else total + z
    out = total[:, pd:pd + out_d].permute(0, 2, 1, 3, 4)
    out = _add_bias(out, bias)
    return out.squeeze(0) if unbatched else out
