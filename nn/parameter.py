"""Parameter: the Tensor a Module registers as trainable state (``torch.nn.Parameter``)."""

from __future__ import annotations

from typing import Any

import autograd as ag
from autograd.tensor import Tensor


class Parameter(Tensor):
    """A Tensor that a Module registers as a parameter when assigned as an attribute.

    ``Parameter(data, requires_grad=True)`` shares ``data``'s memory (and version counter) as a
    new leaf, like PyTorch; operations on it give plain Tensors.
    """

    __slots__ = ()

    def __new__(cls, data: Any = None, requires_grad: bool = True) -> Parameter:
        if data is None:
            data = ag.empty(0)
        elif not isinstance(data, Tensor):
            data = ag.as_tensor(data)
        return data.detach().as_subclass(cls).requires_grad_(requires_grad)

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        pass  # everything happens in __new__ (Tensor.__init__ would rebuild the data)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

