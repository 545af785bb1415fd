"""Parameter: the Tensor a Module registers as trainable state (``torch.nn.Parameter``)."""

from __future__ import annotations

from typing import Any

import autograd as ag
from autograd.tensor import Tensor

_new = object.__new__


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
        p = _new(cls)
        p._data = data._data
        p.device = data.device
        p._requires_grad = False
        p._node = None
        p._out_idx = 0
        p.grad = None
        p._vc = data._vc
        p._hooks = None
        p._view = None
        if requires_grad:
            p.requires_grad_(True)
        return p

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        pass  # everything happens in __new__ (Tensor.__init__ would rebuild the data)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

