"""unfold (im2col) and fold (col2im) of ``nn.functional``: the sliding blocks of an image as
columns, and columns summed back into an image.

Two Functions, each the other's adjoint, so each one's backward is the other and every order
of derivative follows. Both loop over the kernel's offsets (never over positions), each step
one strided slice of the padded image covering every block at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.engine.function import Function

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["unfold", "fold"]


def _pair(value: Any) -> tuple[int, int]:
    if isinstance(value, int):
        return (value, value)
    value = tuple(int(v) for v in value)
    return value * 2 if len(value) == 1 else value


def _geometry(op: str, size: tuple, kernel_size: Any, dilation: Any, padding: Any,
              stride: Any) -> tuple:
    k, d, p, s = (_pair(v) for v in (kernel_size, dilation, padding, stride))
    if min(k) <= 0 or min(d) <= 0 or min(s) <= 0 or min(p) < 0:
        raise RuntimeError(f"{op}: kernel_size, dilation and stride must be positive and "
                           f"padding non-negative, got kernel_size={k}, dilation={d}, "
                           f"padding={p}, stride={s}")
    blocks = tuple((size[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] + 1 for i in range(2))
    if min(blocks) < 1:
        raise RuntimeError(f"{op}: Given input with spatial size {tuple(size)}, kernel_size={k}, "
                           f"dilation={d}, padding={p}, calculated shape of the array of "
                           f"sliding blocks as {blocks}, but its components must be at least "
                           "one.")
    return k, d, p, s, blocks


def _offsets(geom: tuple) -> list:
    (kh, kw), (dh, dw), _, (sh, sw), (oh, ow) = geom
    return [(slice(i * dh, i * dh + (oh - 1) * sh + 1, sh),
             slice(j * dw, j * dw + (ow - 1) * sw + 1, sw)) for i in range(kh) for j in range(kw)]


def _im2col(xp: Any, x: Any, geom: tuple) -> Any:
    (kh, kw), _, (ph, pw), _, (oh, ow) = geom
    n, c, h, w = x.shape
    xpad = x
    if ph or pw:
        xpad = xp.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=x.dtype)
        xpad[:, :, ph:ph + h, pw:pw + w] = x
    cols = xp.empty((n, c, kh * kw, oh, ow), dtype=x.dtype)
    for k, (rows, columns) in enumerate(_offsets(geom)):
        cols[:, :, k] = xpad[:, :, rows, columns]
    return cols.reshape(n, c * kh * kw, oh * ow)


def _col2im(xp: Any, cols: Any, geom: tuple, size: tuple) -> Any:
    (kh, kw), _, (ph, pw), _, (oh, ow) = geom
    n = cols.shape[0]
    c = cols.shape[1] // (kh * kw)
    blocks = cols.reshape(n, c, kh * kw, oh, ow)
    h, w = size
    out = xp.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=cols.dtype)
    for k, (rows, columns) in enumerate(_offsets(geom)):
        out[:, :, rows, columns] += blocks[:, :, k]
    return out[:, :, ph:ph + h, pw:pw + w]


class Im2Col(Function):
    @staticmethod
    def forward(ctx, x, geom):
        ctx.geom, ctx.size = geom, x.shape[2:]
        return _im2col(ctx.xp, x, geom)

    @staticmethod
    def backward(ctx, gy):
        # unfold is linear; its adjoint is fold (each block's gradient summed back in place)
        if ctx.xp.differentiable:
            return Col2Im.apply(gy, geom=ctx.geom, size=ctx.size)
        return _col2im(ctx.xp, gy, ctx.geom, ctx.size)


class Col2Im(Function):
    @staticmethod
    def forward(ctx, cols, geom, size):
        ctx.geom = geom
        return _col2im(ctx.xp, cols, geom, size)

    @staticmethod
    def backward(ctx, gy):
        # fold is linear; its adjoint is unfold
        if ctx.xp.differentiable:
            return Im2Col.apply(gy, geom=ctx.geom)
        return _im2col(ctx.xp, gy, ctx.geom)


def unfold(input: Tensor, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
           stride: Any = 1) -> Tensor:
    """The sliding blocks of an ``(N, C, H, W)`` (or ``(C, H, W)``) input as the columns of an
    ``(N, C * kh * kw, L)`` tensor, L the number of blocks (im2col)."""
    if input.ndim not in (3, 4):
        raise RuntimeError(f"unfold: Expected 3D or 4D (batch mode) tensor with possibly 0 batch "
                           f"size and non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    x = input if input.ndim == 4 else input.unsqueeze(0)
    geom = _geometry("unfold", tuple(x.shape[2:]), kernel_size, dilation, padding, stride)
    out = Im2Col.apply(x, geom=geom)
    return out if input.ndim == 4 else out.squeeze(0)


def fold(input: Tensor, output_size: Any, kernel_size: Any, dilation: Any = 1,
         padding: Any = 0, stride: Any = 1) -> Tensor:
    """Columns of sliding blocks ``(N, C * kh * kw, L)`` (or unbatched) summed into an
    ``(N, C, H, W)`` image of ``output_size`` (col2im)."""
    if input.ndim not in (2, 3):
        raise RuntimeError(f"fold: Expected 2D or 3D (batch mode) tensor for input with "
                           f"possibly 0 batch size and non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    x = input if input.ndim == 3 else input.unsqueeze(0)
    size = _pair(output_size)
    geom = _geometry("fold", size, kernel_size, dilation, padding, stride)
    k, blocks = geom[0], geom[4]
    if x.shape[1] % (k[0] * k[1]):
        raise RuntimeError(f"fold: Expected size of input's dimension 1 to be divisible by the "
                           f"product of kernel_size, but got input.size(1)={x.shape[1]} and "
                           f"kernel_size={k}.")
    if x.shape[2] != blocks[0] * blocks[1]:
        raise RuntimeError(f"fold: Given output_size={size}, kernel_size={k}, dilation="
                           f"{geom[1]}, padding={geom[2]}, stride={geom[3]}, expected size of "
                           f"input's dimension 2 to match the calculated number of sliding "
                           f"blocks {blocks[0]} * {blocks[1]} = {blocks[0] * blocks[1]}, but "
                           f"got input.size(2)={x.shape[2]}.")
    out = Col2Im.apply(x, geom=geom, size=size)
    return out if input.ndim == 3 else out.squeeze(0)
