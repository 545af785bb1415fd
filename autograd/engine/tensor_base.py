"""TensorBase: the fields of a tensor, as the engine and the ops see them.

``autograd.tensor.Tensor`` subclasses it with the methods and operators, which call into the
ops; the ops and the engine only need the fields and ``make``. So the engine never imports the
tensor module (imports go tensor -> ops -> engine -> backends): ``bind_tensor_class`` tells
``make`` which class to build, once, when ``autograd.tensor`` is imported (as PyTorch's C++
core is told the Python ``torch.Tensor`` class at start-up).
"""

from __future__ import annotations

from typing import Any

_new = object.__new__


class TensorBase:
    """The fields every tensor has.

    - ``_data``: the backend array (NumPy or CuPy); ``device``: its ``backends.Device``.
    - ``_requires_grad``, ``_node`` (the tape entry that made it, None for leaves) and
      ``_out_idx`` (which of that entry's outputs it is); ``_grad`` (what ``Tensor.grad``
      reads; its setter checks assignments); ``_hooks`` (a leaf's gradient hooks).
    - ``_vc``: the version counter, a one-element list shared by a tensor and all its views
      (and with ``detach()``), bumped by every in-place write.
    - ``_view``: for a differentiable view, how to take it again from the tensor it views
      (see ``autograd.engine.views``), and ``_view_version``, the version at which its
      ``_node`` was last up to date; None otherwise.
    """

    __slots__ = ("_data", "device", "_requires_grad", "_node", "_out_idx", "_grad", "_vc",
                 "_hooks", "_view", "_view_version", "__weakref__")


# The slot's own setter: Tensor.grad is a checked property, which the engine does not need.
set_grad = TensorBase._grad.__set__

Tensor: type = TensorBase  # the class ``make`` builds: autograd.tensor.Tensor once bound
# While an ``ag.compile`` capture runs: every tensor ``make`` builds (so the capture can tell a
# tensor made during the step by an untracked path from one that existed before it). None
# otherwise, which is all the hot path reads.
births: list | None = None


# The version counter that every inference tensor (made under ``inference_mode``) shares:
# PyTorch's inference tensors track no version, so none is kept, and the identity marks them.
INFERENCE_VC: list = [0]
INFERENCE_SAVED_MESSAGE = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make a "
    "clone to get a normal tensor and use it in autograd, or use `autograd.no_grad()` instead "
    "of `autograd.inference_mode()`.")


def bind_tensor_class(cls: type) -> None:
    """Make ``cls`` (a TensorBase subclass) the class of every tensor the engine and ops make."""
    global Tensor
    Tensor = cls


def make(data: Any, device: Any, requires_grad: bool = False, node: Any = None,
         idx: int = 0) -> Any:
    """Wrap a backend array as a tensor without any checks (the hot path of every op)."""
    t = _new(Tensor)
    t._data = data
    t.device = device
    t._requires_grad = requires_grad
    t._node = node
    t._out_idx = idx
    t._grad = None
    t._vc = [0]
    t._hooks = None
    t._view = None
    t._view_version = 0
    if births is not None:
        births.append(t)
    return t
