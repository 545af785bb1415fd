"""Graph utilities (``torch.autograd.graph``): what code outside the engine may ask of it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from autograd.engine.tensor_base import TensorBase

if TYPE_CHECKING:
    from autograd.tensor import Tensor


def increment_version(tensor: Tensor | Iterable[Tensor]) -> None:
    """Count an in-place change made to ``tensor``'s memory behind autograd's back (through
    ``Tensor.array``), so a backward that saved the old values raises instead of using the new
    ones (``torch.autograd.graph.increment_version``). Views share the count with their base."""
    for t in (tensor,) if isinstance(tensor, TensorBase) else tensor:
        t._vc[0] += 1
