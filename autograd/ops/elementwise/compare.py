"""Elementwise comparisons, logic and predicates (eq ... ge, logical_*, isnan, isinf,
isfinite): bool results, no gradient. Exported from ``elementwise``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.arith import _binary_operands

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = [
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "greater",
    "less",
    "greater_equal",
    "less_equal",
    "not_equal",
    "logical_and",
    "logical_or",
    "logical_xor",
    "logical_not",
    "isnan",
    "isinf",
    "isfinite",
]


class _Compare(Function):
    ufunc = ""

    @classmethod
    def forward(cls, ctx, x, y):
        return getattr(ctx.xp, cls.ufunc)(x, y)


def _comparison(ufunc: str, doc: str) -> Any:
    cls = type(ufunc.title().replace("_", ""), (_Compare,), {"ufunc": ufunc})

    def op(input: Any, other: Any) -> Tensor:
        a, b = _binary_operands(input, other)
        return cls.apply(a, b)

    op.__name__ = op.__qualname__ = {"equal": "eq", "not_equal": "ne", "less": "lt",
                                     "less_equal": "le", "greater": "gt",
                                     "greater_equal": "ge"}.get(ufunc, ufunc)
    op.__doc__ = doc
    return op


eq = _comparison("equal", "input == other, elementwise (bool).")
ne = _comparison("not_equal", "input != other, elementwise (bool).")
lt = _comparison("less", "input < other, elementwise (bool).")
le = _comparison("less_equal", "input <= other, elementwise (bool).")
gt = _comparison("greater", "input > other, elementwise (bool).")
ge = _comparison("greater_equal", "input >= other, elementwise (bool).")
greater, less, greater_equal, less_equal, not_equal = gt, lt, ge, le, ne


def _logical(ufunc: str, doc: str) -> Any:
    cls = type(ufunc.title().replace("_", ""), (_Compare,), {"ufunc": ufunc})

    def op(input: Any, other: Any) -> Tensor:
        a, b = _binary_operands(input, other)
        for v in (a, b):
            if isinstance(v, TensorBase) and v._data.dtype.kind not in "biu":
                raise RuntimeError(f"{ufunc}: expected bool or integer tensors, got {v.dtype}")
        return cls.apply(a, b)

    op.__name__ = op.__qualname__ = ufunc
    op.__doc__ = doc
    return op


logical_and = _logical("logical_and", "Elementwise AND (the & operator on bool tensors).")
logical_or = _logical("logical_or", "Elementwise OR (the | operator on bool tensors).")
logical_xor = _logical("logical_xor", "Elementwise XOR (the ^ operator on bool tensors).")


class _Predicate(Function):
    ufunc = ""

    @classmethod
    def forward(cls, ctx, x):
        return getattr(ctx.xp, cls.ufunc)(x)


class LogicalNot(_Predicate):
    ufunc = "logical_not"


class Isnan(_Predicate):
    ufunc = "isnan"


class Isinf(_Predicate):
    ufunc = "isinf"


class Isfinite(_Predicate):
    ufunc = "isfinite"


def logical_not(input: Tensor) -> Tensor:
    """Elementwise NOT (the ~ operator on bool tensors)."""
    if input._data.dtype.kind != "b":
        raise RuntimeError(f"~ / logical_not: expected a bool tensor, got {input.dtype} "
                           "(bitwise not of integers is not supported)")
    return LogicalNot.apply(input)


def isnan(input: Tensor) -> Tensor:
    """True where input is NaN."""
    return Isnan.apply(input)


def isinf(input: Tensor) -> Tensor:
    """True where input is +-inf."""
    return Isinf.apply(input)


def isfinite(input: Tensor) -> Tensor:
    """True where input is neither NaN nor infinite."""
    return Isfinite.apply(input)
