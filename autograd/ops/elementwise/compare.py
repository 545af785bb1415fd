"""Elementwise comparisons, logic and predicates (eq ... ge, logical_*, isnan, isinf,
isfinite, signbit, isclose) and the whole-tensor tests allclose and equal: bool results, no
gradient. Exported from ``elementwise``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.checks import as_bool
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
    "signbit",
    "isclose",
    "allclose",
    "equal",
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
        # any dtype, read as zero / non-zero; both operands Tensors, as in PyTorch
        if not isinstance(other, TensorBase) or not isinstance(input, TensorBase):
            which, bad = ("other", other) if isinstance(input, TensorBase) else ("input", input)
            raise TypeError(f"{ufunc}(): argument '{which}' must be Tensor, not "
                            f"{type(bad).__name__}")
        a, b = _binary_operands(input, other)
        return cls.apply(a, b)

    op.__name__ = op.__qualname__ = ufunc
    op.__doc__ = doc
    return op


logical_and = _logical("logical_and", "Elementwise AND of non-zero elements (a bool tensor).")
logical_or = _logical("logical_or", "Elementwise OR of non-zero elements (a bool tensor).")
logical_xor = _logical("logical_xor", "Elementwise XOR of non-zero elements (a bool tensor).")


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


class Signbit(_Predicate):
    ufunc = "signbit"


def logical_not(input: Tensor) -> Tensor:
    """Elementwise NOT: a bool tensor, True where ``input`` is zero (any dtype, as in PyTorch)."""
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


def signbit(input: Tensor) -> Tensor:
    """True where the sign bit is set (negative numbers and -0.0)."""
    return Signbit.apply(input)


class Isclose(Function):
    @staticmethod
    def forward(ctx, x, y, rtol, atol, equal_nan):
        return ctx.xp.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan)


def isclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
            equal_nan: bool = False) -> Tensor:
    """|input - other| <= atol + rtol * |other|, elementwise and broadcast (infinities equal
    themselves; NaNs each other only with ``equal_nan``)."""
    equal_nan = as_bool(equal_nan, "isclose", "equal_nan")
    if isinstance(other, TensorBase) and other.dtype != input.dtype:
        raise RuntimeError(f"isclose: {input.dtype} did not match {other.dtype} (input of "
                           f"shape {list(input.shape)}, other of shape {list(other.shape)})")
    if rtol < 0 or atol < 0:
        raise RuntimeError(f"isclose: rtol and atol must be non-negative, got rtol={rtol}, "
                           f"atol={atol}")
    return Isclose.apply(input, other, rtol, atol, equal_nan)


def allclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
             equal_nan: bool = False) -> bool:
    """True when ``isclose`` holds everywhere (a Python bool)."""
    return bool(isclose(input, other, rtol, atol, equal_nan).all())


def equal(input: Tensor, other: Tensor) -> bool:
    """True when both have the same shape and the same values (a Python bool)."""
    if tuple(input.shape) != tuple(other.shape):
        return False
    return bool(eq(input, other).all())
