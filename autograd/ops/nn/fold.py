"""``unfold`` (im2col) and ``fold`` (col2im), the kernels behind ``nn.functional.unfold`` /
``fold`` and ``nn.Unfold`` / ``nn.Fold``.

unfold takes every sliding block of a (N, C, H, W) batch into the columns of a
(N, C * kh * kw, L) tensor (the windows copied once, zeros where they reach into the
padding); fold adds such columns back into (N, C, H, W), overlaps summed (a loop over the
kh * kw kernel offsets, never over pixels); both are ``conv_kernels``' im2col and col2im.
Each is the other's adjoint, so each one's backward is the other and every order of
derivative follows. Unbatched input (no N) works too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import check_float
from autograd.engine.function import Function
from autograd.ops.nn import conv_kernels as K
from autograd.ops.shape.view import reshape

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["unfold", "fold"]


def _geom(padding: tuple, stride: tuple, dilation: tuple) -> tuple:
    return (stride, ((padding[0], padding[0]), (padding[1], padding[1])), dilation, 1)


def _im2col(xp: Any, x: Any, kernel: tuple, dilation: tuple, padding: tuple,
            stride: tuple, blocks: tuple) -> Any:
    n, c = x.shape[:2]
    cols = K.im2col(xp, x, kernel, blocks, _geom(padding, stride, dilation))  # the one copy
    return cols.reshape(n, c * kernel[0] * kernel[1], blocks[0] * blocks[1])


def _col2im(xp: Any, cols: Any, size: tuple, kernel: tuple, dilation: tuple, padding: tuple,
            stride: tuple, blocks: tuple) -> Any:
    (kh, kw), (ho, wo) = kernel, blocks
    n = cols.shape[0]
    cols = cols.reshape(n, cols.shape[1] // (kh * kw), kh, kw, ho, wo)
    return K.col2im(xp, cols, tuple(size), _geom(padding, stride, dilation))


class Im2Col(Function):
    @staticmethod
    def forward(ctx, x, geom):
        ctx.size = x.shape[2:]
        ctx.geom = geom
        return _im2col(ctx.xp, x, *geom)

    @staticmethod
    def backward(ctx, gy):
        # each column entry copies one (padded) input pixel: col2im adds them back
        xp = ctx.xp
        if xp.differentiable:
            return Col2Im.apply(gy, ctx.size, ctx.geom), None
        return _col2im(xp, gy, ctx.size, *ctx.geom), None


class Col2Im(Function):
    @staticmethod
    def forward(ctx, cols, size, geom):
        ctx.geom = geom
        return _col2im(ctx.xp, cols, size, *geom)

    @staticmethod
    def backward(ctx, gy):
        # the adjoint of summing blocks into the image is taking the blocks out
        xp = ctx.xp
        if xp.differentiable:
            return Im2Col.apply(gy, ctx.geom), None, None
        return _im2col(xp, gy, *ctx.geom), None, None


def _pair(value: Any, op: str = "fold", name: str = "output_size") -> tuple[int, int]:
    """An int or a pair of ints as a pair: PyTorch's TypeError for anything else (a float, a
    string), its RuntimeError for a sequence of another length."""
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in pair):
        raise TypeError(f"{op}(): argument '{name}' must be tuple of ints, not {value!r}")
    if len(pair) != 2:
        raise RuntimeError(f"{op}: expected {name} to be an int or a pair of ints, got {value}")
    return int(pair[0]), int(pair[1])


def _geometry(op: str, size: tuple, kernel_size: Any, dilation: Any, padding: Any,
              stride: Any) -> tuple:
    """(kernel, dilation, padding, stride, blocks), checked as PyTorch does."""
    kernel, dil, pad, st = (_pair(v, op, name) for v, name in (
        (kernel_size, "kernel_size"), (dilation, "dilation"), (padding, "padding"),
        (stride, "stride")))
    checks = (("kernel size", kernel, "greater than zero", 1), ("dilation", dil,
              "greater than zero", 1), ("padding", pad, "non-negative", 0),
              ("stride", st, "greater than zero", 1))
    for name, (h, w), rule, low in checks:
        if h < low or w < low:
            key = name.split()[0]
            raise RuntimeError(f"{op}: {name} should be {rule}, but got {key}_height: {h} "
                               f"{key}_width: {w}")
    blocks = tuple(K.out_size(size[k], kernel[k], st[k], (pad[k], pad[k]), dil[k])
                   for k in range(2))
    if min(blocks) < 1:
        raise RuntimeError(f"{op}: Given input with spatial size {tuple(size)}, kernel_size="
                           f"{kernel}, dilation={dil}, padding={pad}, calculated shape of the "
                           f"array of sliding blocks as {blocks}, but its components must be at "
                           "least one.")
    return kernel, dil, pad, st, blocks


def unfold(input: Tensor, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
           stride: Any = 1) -> Tensor:
    """The sliding blocks of a (N, C, H, W) (or (C, H, W)) input as the columns of a
    (N, C * kh * kw, L) tensor, L the number of blocks (im2col; ``nn.functional.unfold``)."""
    check_float("unfold", input, "fbV")
    if input.ndim not in (3, 4):
        # PyTorch reads the spatial dims off the end first: fewer than 3 dims fail there,
        # with its IndexError
        error = IndexError if input.ndim < 3 else RuntimeError
        raise error(f"unfold: Expected 3D or 4D (batch mode) tensor with possibly 0 batch size "
                    f"and non-zero dimensions for input, but got: {list(input.shape)}")
    batched = input.ndim == 4
    if 0 in input.shape[1 if batched else 0:]:  # an empty batch is fine, other empty dims not
        raise RuntimeError(f"unfold: Expected 3D or 4D (batch mode) tensor with possibly 0 "
                           f"batch size and other non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    x = input if batched else reshape(input, (1,) + tuple(input.shape))
    geom = _geometry("unfold", tuple(x.shape[2:]), kernel_size, dilation, padding, stride)
    out = Im2Col.apply(x, geom)
    return out if batched else reshape(out, tuple(out.shape[1:]))


def fold(input: Tensor, output_size: Any, kernel_size: Any, dilation: Any = 1,
         padding: Any = 0, stride: Any = 1) -> Tensor:
    """Sliding blocks in the columns of a (N, C * kh * kw, L) (or (C * kh * kw, L)) tensor
    summed into a (N, C, H, W) image of ``output_size`` (col2im; ``nn.functional.fold``)."""
    check_float("fold", input, "fbV")
    if input.ndim not in (2, 3):
        raise RuntimeError(f"fold: Expected 2D or 3D (batch mode) tensor for input with "
                           f"possibly 0 batch size and non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    batched = input.ndim == 3
    if 0 in input.shape[1 if batched else 0:]:  # an empty batch is fine, other empty dims not
        raise RuntimeError(f"fold: Expected 2D or 3D (batch mode) tensor for input with "
                           f"possibly 0 batch size and non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    x = input if batched else reshape(input, (1,) + tuple(input.shape))
    size = _pair(output_size)
    kernel, dil, pad, st, blocks = _geometry("fold", size, kernel_size, dilation, padding,
                                             stride)
    if x.shape[1] % (kernel[0] * kernel[1]):
        raise RuntimeError(f"fold: Expected size of input's dimension 1 to be divisible by the "
                           f"product of kernel_size, but got input.size(1)={x.shape[1]} and "
                           f"kernel_size={kernel}.")
    if x.shape[2] != blocks[0] * blocks[1]:
        raise RuntimeError(f"fold: Given output_size={size}, kernel_size={kernel}, dilation="
                           f"{dil}, padding={pad}, stride={st}, expected size of input's "
                           f"dimension 2 to match the calculated number of sliding blocks "
                           f"{blocks[0]} * {blocks[1]} = {blocks[0] * blocks[1]}, but got "
                           f"input.size(2)={x.shape[2]}.")
    out = Col2Im.apply(x, size, (kernel, dil, pad, st, blocks))
    return out if batched else reshape(out, tuple(out.shape[1:]))
