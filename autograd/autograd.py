"""``autograd.autograd`` (``torch.autograd``): the names ported code reaches as
``torch.autograd.X``, the same objects as at the top level.

Provided: ``grad``, ``backward``, ``Function``, ``function`` (``Function`` and
``once_differentiable``), ``functional`` (jacobian, hessian, vjp,
jvp, vhp, hvp), ``gradcheck``, ``gradgradcheck``, ``graph``, ``grad_mode``, ``Variable``
(a call that returns a Tensor, as PyTorch's), ``detect_anomaly``, ``set_detect_anomaly``,
``enable_grad``, ``no_grad``, ``set_grad_enabled``, ``inference_mode``. Not provided:
forward-mode AD (``forward_ad``), ``NestedIOFunction``, the multithreading switches and
the profiler under this name (``autograd.profiler`` is the top-level one).
"""

from __future__ import annotations

from typing import Any

from autograd import functional, graph
from autograd.engine import function, grad_mode
from autograd.engine.backward import backward, grad
from autograd.engine.function import Function
from autograd.engine.grad_mode import (
    detect_anomaly,
    enable_grad,
    inference_mode,
    no_grad,
    set_detect_anomaly,
    set_grad_enabled,
)
from autograd.gradcheck import gradcheck, gradgradcheck
from autograd.tensor import Tensor

__all__ = [
    "Function", "Variable", "backward", "detect_anomaly", "enable_grad", "function",
    "functional", "grad",
    "grad_mode", "gradcheck", "gradgradcheck", "graph", "inference_mode", "no_grad",
    "set_detect_anomaly", "set_grad_enabled",
]


class _VariableMeta(type):
    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, Tensor)


class Variable(metaclass=_VariableMeta):
    """The pre-0.4 wrapper, kept for old code as PyTorch keeps it: ``Variable(t,
    requires_grad=False)`` is a Tensor sharing ``t``'s memory, a leaf that requires grad as
    asked (``Variable()`` is an empty tensor); every Tensor is an instance of it."""

    def __new__(cls, data: Tensor | None = None,
                requires_grad: bool = False) -> Tensor:  # type: ignore[misc]
        if data is None:
            return Tensor([])
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        return data.detach().requires_grad_(requires_grad)
