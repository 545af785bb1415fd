"""Further public Tensor methods, each a one-line call into an op: the incomplete gamma
functions (igamma, igammac and their in-place forms).

A mixin of ``Tensor`` (see ``autograd.tensor_methods``), with empty ``__slots__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd.engine.inplace import inplace
from autograd.ops.elementwise import special as _special

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class _ExtraMethods:
    """The incomplete gamma functions."""

    __slots__ = ()

    def igamma(self, other: Tensor) -> Tensor:
        """The regularized lower incomplete gamma function (see ``autograd.igamma``)."""
        return _special.igamma(self, other)

    def igamma_(self, other: Tensor) -> Tensor:
        """In-place ``igamma``."""
        return inplace(self, _special.igamma, other)

    def igammac(self, other: Tensor) -> Tensor:
        """The regularized upper incomplete gamma function (see ``autograd.igammac``)."""
        return _special.igammac(self, other)

    def igammac_(self, other: Tensor) -> Tensor:
        """In-place ``igammac``."""
        return inplace(self, _special.igammac, other)
