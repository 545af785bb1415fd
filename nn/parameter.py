"""Parameter: the Tensor a Module registers as trainable state (``torch.nn.Parameter``)."""

from __future__ import annotations

from collections.abc import Iterable
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



@ag.compiler.disable  # a compiled step does it again, eagerly, at every replay
def _zero_grad(parameters: Iterable[Tensor], set_to_none: bool = True) -> None:
    """Reset the gradients of ``parameters`` (``Module.zero_grad``, ``Optimizer.zero_grad``).

    ``set_to_none`` sets ``.grad = None``; otherwise each gradient is cut from any graph (a
    gradient made with ``create_graph`` has a ``grad_fn``) and zeroed in place, as PyTorch does.
    """
    zeroed = []
    for p in parameters:
        g = p.grad
        if g is None:
            continue
        if set_to_none:
            p.grad = None
            continue
        if g.grad_fn is not None:
            g.detach_()
        elif g.requires_grad:
            g.requires_grad_(False)
        try:
            with g.device.backend.scope():
                g.array.fill(0)
        except ValueError:
            # a read-only array (the engine may hand a broadcast view over as a gradient): the
            # gradient gets zeroed memory of its own; the data setter counts the change
            g.data = ag.zeros_like(g)
            continue
        zeroed.append(g)
    ag.graph.increment_version(zeroed)
