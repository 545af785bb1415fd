"""Predicates on values and tensors: isneginf, isposinf, isreal, isin (bool results, no
gradient) and the whole-tensor tests is_complex, is_nonzero, is_same_size, is_signed (Python
bools). Exported from ``elementwise``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase, make

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["isneginf", "isposinf", "isreal", "isin", "is_complex", "is_nonzero", "is_same_size",
           "is_signed"]


class _Infinity(Function):
    sign = 1

    @classmethod
    def forward(cls, ctx, x):
        xp = ctx.xp
        if x.dtype.kind not in "fV":  # integers and bools are never infinite
            return xp.zeros(x.shape, dtype=xp.bool_)
        return x == cls.sign * xp.inf


class Isposinf(_Infinity):
    sign = 1


class Isneginf(_Infinity):
    sign = -1


class Isreal(Function):
    @staticmethod
    def forward(ctx, x):
        # no complex dtypes here: every element is real
        return ctx.xp.ones(x.shape, dtype=ctx.xp.bool_)


class Isin(Function):
    @staticmethod
    def forward(ctx, x, test, assume_unique, invert):
        return ctx.xp.isin(x, test, assume_unique=assume_unique, invert=invert)


def isneginf(input: Tensor) -> Tensor:
    """True where input is -inf (never for integer and bool tensors)."""
    return Isneginf.apply(input)


def isposinf(input: Tensor) -> Tensor:
    """True where input is +inf (never for integer and bool tensors)."""
    return Isposinf.apply(input)


def isreal(input: Tensor) -> Tensor:
    """True where the imaginary part is 0: everywhere, as there are no complex dtypes."""
    return Isreal.apply(input)


def isin(elements: Any, test_elements: Any, *, assume_unique: bool = False,
         invert: bool = False) -> Tensor:
    """True where an element of ``elements`` is in ``test_elements`` (False with
    ``invert``); either (not both) may be a Python number."""
    if not isinstance(elements, TensorBase):
        if not isinstance(test_elements, TensorBase):
            raise TypeError(f"isin(): expected a Tensor for elements or test_elements, got "
                            f"{type(elements).__name__} and {type(test_elements).__name__}")
        elements = _scalar(elements, test_elements)
    elif not isinstance(test_elements, TensorBase):
        test_elements = _scalar(test_elements, elements)
    return Isin.apply(elements, test_elements, assume_unique, invert)


def _scalar(value: Any, like: Tensor) -> Tensor:
    if value.__class__ not in (int, float, bool):
        raise TypeError(f"isin(): expected a Tensor or a number, got {type(value).__name__}")
    device = like.device
    return make(device.backend.asarray(value), device)


def is_complex(input: Tensor) -> bool:
    """False: there are no complex dtypes."""
    return input.dtype.kind == "c"


def is_signed(input: Tensor) -> bool:
    """True for a signed dtype: the floats and int8 ... int64 (not uint8, not bool)."""
    return input.dtype.kind in "fic"


def is_same_size(input: Tensor, other: Tensor) -> bool:
    """True when both tensors have the same shape."""
    return tuple(input.shape) == tuple(other.shape)


def is_nonzero(input: Tensor) -> bool:
    """The truth value of a one-element tensor; more or fewer elements raise RuntimeError."""
    n = input.numel()
    if n != 1:
        raise RuntimeError(f"is_nonzero: Boolean value of Tensor with "
                           f"{'no values' if n == 0 else 'more than one value'} is ambiguous "
                           f"(shape {list(input.shape)})")
    return bool(input.item())
