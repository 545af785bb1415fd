"""``pad`` (``nn.functional.pad``): constant, reflect, replicate and circular padding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd.checks import int_tuple
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.ops.shape.slice import _ALL, ConstantPad, Slice, _embed, _slice

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["pad"]


_NUMPY_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


class PadMode(Function):
    """NumPy-style ``pad`` with non-negative ``widths`` in mode reflect, edge or wrap."""

    @staticmethod
    def forward(ctx, x, widths, mode):
        ctx.shape = x.shape
        ctx.widths = widths
        ctx.mode = mode
        return ctx.xp.pad(x, widths, mode=mode)

    @staticmethod
    def backward(ctx, gy):
        # each output copies one input value: fold the borders back onto their sources
        g = gy
        for axis, (lo, hi) in enumerate(ctx.widths):
            if lo or hi:
                g = _fold(ctx.xp, g, axis, ctx.shape[axis], lo, hi, ctx.mode)
        return g, None, None


def _fold(xp: Any, g: Any, axis: int, n: int, lo: int, hi: int, mode: str) -> Any:
    """The gradient of one padded axis summed back onto its ``n`` source positions."""
    lead = (_ALL,) * axis

    def at(a: int, b: int) -> tuple:
        return lead + (slice(a, b),)

    left = _slice(xp, g, at(0, lo)) if lo else None
    right = _slice(xp, g, at(lo + n, lo + n + hi)) if hi else None
    pieces = []
    if mode == "reflect":  # output lo - 1 - j copies input j + 1 (and mirrored on the right)
        if lo:
            pieces.append((at(1, lo + 1), xp.flip(left, axis)))
        if hi:
            pieces.append((at(n - 1 - hi, n - 1), xp.flip(right, axis)))
    elif mode == "edge":  # every left output copies input 0, every right one input n - 1
        if lo:
            pieces.append((at(0, 1), xp.sum(left, axis=axis, keepdims=True)))
        if hi:
            pieces.append((at(n - 1, n), xp.sum(right, axis=axis, keepdims=True)))
    else:  # wrap: the left border copies the last lo inputs, the right one the first hi
        if lo:
            pieces.append((at(n - lo, n), left))
        if hi:
            pieces.append((at(0, hi), right))
    gx = _slice(xp, g, at(lo, lo + n))
    if xp.differentiable:
        shape = gx.shape
        for index, piece in pieces:
            gx = gx + _embed(xp, piece, shape, index)
        return gx
    gx = gx.copy()
    for index, piece in pieces:
        gx[index] += piece
    return gx


def _crop(input: Tensor, widths: list, op: str) -> tuple[Tensor, list]:
    """Apply the negative pads of ``widths`` as a crop; return the rest of the pads."""
    shape = input._data.shape
    index = []
    rest = []
    for d, (lo, hi) in enumerate(widths):
        s = shape[d]
        if s + lo + hi < 0 or s + min(lo, 0) + min(hi, 0) < 0:
            raise RuntimeError(f"{op}: the input size {s} at dim {d} with padding ({lo}, {hi}) "
                               f"gives a negative output size (input shape {list(shape)})")
        index.append(slice(max(-lo, 0), s - max(-hi, 0)))
        rest.append((max(lo, 0), max(hi, 0)))
    return Slice.apply(input, tuple(index)), rest


def pad(input: Tensor, pad: Sequence[int], mode: str = "constant",
        value: float | None = None) -> Tensor:
    """Pad the last ``len(pad) // 2`` dims; ``pad`` lists (left, right) from the last dim back.

    Modes: ``constant`` (with ``value``; negative pads crop), ``reflect`` (pads < the dim's
    size), ``replicate`` and ``circular`` (pads <= the size). As in PyTorch, the non-constant
    modes take one or two leading dims before the padded ones (2-D/3-D input for 1 padded dim,
    3-D/4-D for 2, 4-D/5-D for 3).
    """
    pads = int_tuple(tuple(pad), "pad", "pad")
    if mode in ("reflect", "replicate") and input._data.dtype.kind == "b":
        raise NotImplementedError(f'"{mode}_pad" not implemented for \'Bool\' (input of shape '
                                  f"{list(input._data.shape)})")
    shape = input._data.shape
    ndim = len(shape)
    if len(pads) % 2:
        raise RuntimeError(f"pad: Padding length must be divisible by 2 (got {list(pads)})")
    n = len(pads) // 2
    if n > ndim:
        raise RuntimeError(f"pad: Padding length should be less than or equal to two times the "
                           f"input dimension but got padding length {len(pads)} and input of "
                           f"dimension {ndim} (shape {list(shape)})")
    widths = [(0, 0)] * (ndim - n) + [(pads[2 * i], pads[2 * i + 1])
                                      for i in range(n - 1, -1, -1)]
    negative = any(p < 0 for p in pads)
    if mode == "constant":
        x = input
        if negative:
            x, widths = _crop(input, widths, "pad")
        xshape = x._data.shape
        out = tuple(s + lo + hi for s, (lo, hi) in zip(xshape, widths))
        index = tuple(slice(lo, lo + s) for s, (lo, _) in zip(xshape, widths))
        return ConstantPad.apply(x, out, index, 0 if value is None else value)
    np_mode = _NUMPY_MODES.get(mode)
    if np_mode is None:
        raise NotImplementedError(f"pad: Unrecognised padding mode {mode!r} (expected "
                                  "'constant', 'reflect', 'replicate' or 'circular')")
    if value is not None and value != 0:
        raise RuntimeError(f'pad: Padding mode "{mode}" doesn\'t take in value argument')
    if mode == "circular":  # PyTorch crops first, then wraps around what is left
        x = input
        if negative:
            x, widths = _crop(input, widths, "pad")
        for d, (lo, hi) in enumerate(widths):
            if lo > x.shape[d] or hi > x.shape[d]:
                raise RuntimeError(f"pad: Padding value causes wrapping around more than once "
                                   f"(padding ({lo}, {hi}) at dim {d} of size {x.shape[d]})")
        return PadMode.apply(x, tuple(widths), np_mode)
    for d, (lo, hi) in enumerate(widths):
        if (lo or hi) and (mode == "reflect" and (lo >= shape[d] or hi >= shape[d])
                           or shape[d] == 0):
            raise RuntimeError(f"pad: Padding size should be less than the corresponding input "
                               f"dimension, but got: padding ({lo}, {hi}) at dimension {d} of "
                               f"input {list(shape)} (mode {mode!r})")
    # reflect and replicate pad first, then crop (the crop may cut into the padding)
    positive = tuple((max(lo, 0), max(hi, 0)) for lo, hi in widths)
    out = PadMode.apply(input, positive, np_mode)
    if negative:
        out = Slice.apply(out, tuple(slice(max(-lo, 0), s - max(-hi, 0)) for s, (lo, hi) in
                                     zip(out._data.shape, widths)))
    return out


# -- NumPy-signature names for the differentiable namespace ---------------------------------


@register("pad")
def _xp_pad(array: Tensor, pad_width: Any, mode: str = "constant",
            constant_values: Any = 0) -> Tensor:
    ndim = array.ndim
    pw = pad_width
    if isinstance(pw, int):
        widths = [(pw, pw)] * ndim
    elif all(isinstance(w, int) for w in pw):
        widths = [(pw[0], pw[-1])] * ndim
    else:
        widths = [tuple(w) for w in pw]
        if len(widths) == 1:
            widths *= ndim
    torch_mode = {"constant": "constant", "reflect": "reflect", "edge": "replicate",
                  "wrap": "circular"}[mode]
    pads = [p for lo_hi in reversed(widths) for p in lo_hi]
    return pad(array, pads, torch_mode, constant_values if mode == "constant" else None)
