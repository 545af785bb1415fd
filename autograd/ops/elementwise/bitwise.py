"""Elementwise integer ops: bitwise and/or/xor/not, the shifts, gcd and lcm. Integer and bool
tensors only (floats get PyTorch's NotImplementedError); results keep the promoted integer
dtype; no gradient. The Tensor operators ``& | ^ ~ << >>`` call these. Exported from
``elementwise``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.checks import dtype_name
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.arith import _binary_operands

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
           "bitwise_right_shift", "gcd", "lcm"]


def _integers(op: str, values: tuple, bools: bool = True) -> None:
    """PyTorch's NotImplementedError for a float (or, where ``bools`` is False, bool) operand,
    after promotion."""
    for v in values:
        if isinstance(v, TensorBase):
            kind = v._data.dtype.kind
            if kind in "fV" or (kind == "b" and not bools):
                raise NotImplementedError(
                    f'"{op}" not implemented for \'{dtype_name(v._data.dtype)}\' (operand of '
                    f"shape {list(v.shape)}); it needs integer{' or bool' if bools else ''} "
                    "tensors")


def _array(xp: Any, v: Any, like: Any) -> Any:
    """A Python-number operand as an array of the tensor operand's dtype."""
    return v if hasattr(v, "dtype") else xp.asarray(v, dtype=like.dtype)


class _Bitwise(Function):
    ufunc = ""

    @classmethod
    def forward(cls, ctx, x, y):
        xp = ctx.xp
        x, y = _array(xp, x, y), _array(xp, y, x)
        return getattr(xp, cls.ufunc)(x, y)


class BitwiseAnd(_Bitwise):
    ufunc = "bitwise_and"


class BitwiseOr(_Bitwise):
    ufunc = "bitwise_or"


class BitwiseXor(_Bitwise):
    ufunc = "bitwise_xor"


class Gcd(_Bitwise):
    ufunc = "gcd"


class Lcm(_Bitwise):
    ufunc = "lcm"


class BitwiseNot(Function):
    @staticmethod
    def forward(ctx, x):
        return ctx.xp.invert(x)


class _Shift(Function):
    left = True

    @classmethod
    def forward(cls, ctx, x, s):
        # PyTorch: a count below 0 or at least the width shifts every bit out (0, or the sign
        # for a right shift), where C (and so NumPy) leaves the result undefined
        xp = ctx.xp
        x, s = _array(xp, x, s), _array(xp, s, x)
        bits = x.dtype.itemsize * 8
        out_of_range = (s < 0) | (s >= bits)
        s = xp.clip(s, 0, bits - 1).astype(x.dtype, copy=False)
        if cls.left:
            return xp.where(out_of_range, 0, xp.left_shift(x, s)).astype(x.dtype, copy=False)
        sign = xp.where(x < 0, -1, 0) if x.dtype.kind == "i" else 0
        return xp.where(out_of_range, sign, xp.right_shift(x, s)).astype(x.dtype, copy=False)


class LeftShift(_Shift):
    left = True


class RightShift(_Shift):
    left = False


def _binary(cls: type, op: str, input: Any, other: Any, bools: bool = True) -> Tensor:
    a, b = _binary_operands(input, other)
    _integers(op, (a, b), bools)
    return cls.apply(a, b)


def bitwise_and(input: Any, other: Any) -> Tensor:
    """Bitwise AND of integer or bool tensors (the ``&`` operator); logical AND on bool."""
    return _binary(BitwiseAnd, "bitwise_and", input, other)


def bitwise_or(input: Any, other: Any) -> Tensor:
    """Bitwise OR of integer or bool tensors (the ``|`` operator); logical OR on bool."""
    return _binary(BitwiseOr, "bitwise_or", input, other)


def bitwise_xor(input: Any, other: Any) -> Tensor:
    """Bitwise XOR of integer or bool tensors (the ``^`` operator); logical XOR on bool."""
    return _binary(BitwiseXor, "bitwise_xor", input, other)


def bitwise_not(input: Tensor) -> Tensor:
    """Bitwise NOT of an integer or bool tensor (the ``~`` operator); logical NOT on bool."""
    _integers("bitwise_not", (input,))
    return BitwiseNot.apply(input)


def invert(input: Tensor) -> Tensor:
    """``~input``: ``bitwise_not``, with the TypeError PyTorch's operator gives a float."""
    if input._data.dtype.kind in "fV":
        raise TypeError(f"~ (operator.invert) is only implemented on integer and Boolean-type "
                        f"tensors, not {input.dtype} (shape {list(input.shape)})")
    return BitwiseNot.apply(input)


def bitwise_left_shift(input: Any, other: Any) -> Tensor:
    """input shifted left by other bits (the ``<<`` operator); integer tensors only. A count
    below 0 or at least the width gives 0, as PyTorch."""
    return _binary(LeftShift, "bitwise_left_shift", input, other, bools=False)


def bitwise_right_shift(input: Any, other: Any) -> Tensor:
    """input shifted right by other bits, keeping the sign (the ``>>`` operator); integer
    tensors only. A count below 0 or at least the width gives 0 (-1 for a negative input)."""
    return _binary(RightShift, "bitwise_right_shift", input, other, bools=False)


def _tensors(op: str, input: Any, other: Any) -> None:
    for k, (name, v) in enumerate((("input", input), ("other", other))):
        if not isinstance(v, TensorBase):
            raise TypeError(f"{op}(): argument '{name}' (position {k + 1}) must be Tensor, "
                            f"not {type(v).__name__}")


def gcd(input: Tensor, other: Tensor) -> Tensor:
    """The greatest common divisor, elementwise, of integer tensors (non-negative;
    gcd(0, 0) = 0)."""
    _tensors("gcd", input, other)
    return _binary(Gcd, "gcd", input, other, bools=False)


def lcm(input: Tensor, other: Tensor) -> Tensor:
    """The least common multiple, elementwise, of integer tensors (non-negative; 0 where
    either is 0)."""
    _tensors("lcm", input, other)
    return _binary(Lcm, "lcm", input, other, bools=False)
