"""Dropout layers: zero elements (Dropout) or whole channels (Dropout1d/2d/3d) at random while
training, with inverted scaling; AlphaDropout / FeatureAlphaDropout for SELU networks; all the
identity in eval."""

from __future__ import annotations

from autograd.ops.nn import dropout_ext as _ext
from autograd.ops.nn.dropout import dropout
from autograd.tensor import Tensor
from nn.module import Module


class _DropoutNd(Module):
    _fn = staticmethod(dropout)

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        """The dropped-out input while training, the input itself in eval mode."""
        return self._fn(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(Module):
    """During training zero each element with probability ``p`` and scale the others by
    ``1 / (1 - p)``; in evaluation mode return the input unchanged."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        """dropout(input, p) while training, the input itself in eval mode."""
        return dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout1d(_DropoutNd):
    """Zero whole channels of ``(N, C, L)`` or ``(C, L)`` input while training."""

    _fn = staticmethod(_ext.dropout1d)


class Dropout2d(_DropoutNd):
    """Zero whole channels of ``(N, C, H, W)`` input while training."""

    _fn = staticmethod(_ext.dropout2d)


class Dropout3d(_DropoutNd):
    """Zero whole channels of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input while training."""

    _fn = staticmethod(_ext.dropout3d)


class AlphaDropout(_DropoutNd):
    """Dropout that keeps a SELU network's mean and variance (see ``alpha_dropout``)."""

    _fn = staticmethod(_ext.alpha_dropout)


class FeatureAlphaDropout(_DropoutNd):
    """``AlphaDropout`` of whole channels."""

    _fn = staticmethod(_ext.feature_alpha_dropout)
