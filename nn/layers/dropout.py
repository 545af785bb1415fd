"""Dropout: zero elements at random while training (inverted scaling), identity in eval."""

from __future__ import annotations

from autograd import dropout
from autograd.tensor import Tensor
from nn.module import Module


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
