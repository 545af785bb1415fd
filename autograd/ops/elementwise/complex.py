"""The complex-number functions of PyTorch on the real tensors this library has: ``real``,
``conj``, ``conj_physical``, ``resolve_conj`` and ``resolve_neg`` return their input (as
PyTorch does for a real tensor), ``imag`` raises as PyTorch's, ``is_conj``/``is_neg`` are
False, and ``angle`` is 0 for x >= 0, pi for x < 0 (NaN stays NaN; zero gradient)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from autograd.ops.elementwise.table import unary

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["real", "imag", "conj", "conj_physical", "resolve_conj", "resolve_neg", "is_conj",
           "is_neg", "angle"]


def real(input: Tensor) -> Tensor:
    """The real part: ``input`` itself for a real tensor (as PyTorch)."""
    return input


def imag(input: Tensor) -> Tensor:
    """The imaginary part; a real tensor has none: RuntimeError, as PyTorch."""
    raise RuntimeError(f"imag is not implemented for tensors with non-complex dtypes "
                       f"(got {input.dtype}, shape {list(input.shape)}).")


def conj(input: Tensor) -> Tensor:
    """The complex conjugate: ``input`` itself for a real tensor (as PyTorch)."""
    return input


def conj_physical(input: Tensor) -> Tensor:
    """The complex conjugate, materialized: ``input`` itself for a real tensor (as PyTorch)."""
    return input


def resolve_conj(input: Tensor) -> Tensor:
    """``input`` with a pending conjugation applied: ``input`` itself here (never pending)."""
    return input


def resolve_neg(input: Tensor) -> Tensor:
    """``input`` with a pending negation applied: ``input`` itself here (never pending)."""
    return input


def is_conj(input: Tensor) -> bool:
    """Whether a conjugation is pending on ``input``: never, here."""
    return False


def is_neg(input: Tensor) -> bool:
    """Whether a negation is pending on ``input``: never, here."""
    return False


# angle(x) of a real x: pi where x < 0, else 0 (NaN stays NaN); derivative 0
angle = unary("angle", lambda xp, x: xp.where(x < 0, math.pi, xp.where(xp.isnan(x), x, 0))
              .astype(x.dtype, copy=False), lambda xp: 0,
              "The argument of each element: pi for negative real input, 0 otherwise, NaN "
              "for NaN.")
