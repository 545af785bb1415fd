"""Graph utilities (``torch.autograd.graph``): what code outside the engine may ask of it:
``increment_version``, and hooks on what ops save for backward (``saved_tensors_hooks``,
``save_on_cpu``, ``disable_saved_tensors_hooks``), ``Node`` (the class of every ``grad_fn``),
and ``grad_before_hooks``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from autograd.engine.backward import run_backward
from autograd.engine.grad_mode import state
from autograd.engine.node import Node
from autograd.engine.tensor_base import TensorBase

__all__ = ["Node", "disable_saved_tensors_hooks", "grad_before_hooks", "increment_version",
           "save_on_cpu", "saved_tensors_hooks"]

if TYPE_CHECKING:
    from autograd.tensor import Tensor


def increment_version(tensor: Tensor | Iterable[Tensor]) -> None:
    """Count an in-place change made to ``tensor``'s memory behind autograd's back (through
    ``Tensor.array``), so a backward that saved the old values raises instead of using the new
    ones (``torch.autograd.graph.increment_version``). Views share the count with their base."""
    for t in (tensor,) if isinstance(tensor, TensorBase) else tensor:
        t._vc[0] += 1


class saved_tensors_hooks:
    """Context manager (``torch.autograd.graph.saved_tensors_hooks``): while it is open, every
    value an op saves for its backward is handed to ``pack_hook(tensor)``, and only what that
    returns is kept; backward gets the value back from ``unpack_hook(packed)``, which must
    return a Tensor. The innermost open pair applies. An input or output saved by an op
    reaches ``pack_hook`` as that very tensor (holding it keeps it alive, as in PyTorch)."""

    def __init__(self, pack_hook: Callable[[Tensor], Any],
                 unpack_hook: Callable[[Any], Tensor]) -> None:
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self) -> saved_tensors_hooks:
        message = state.saved_hooks_disabled
        if message is not None:
            raise RuntimeError(message)
        state.watch("saved_hooks", self)
        return self

    def __exit__(self, *exc: Any) -> None:
        state.unwatch("saved_hooks", self)


class save_on_cpu(saved_tensors_hooks):
    """Keep what ops save for backward in host memory and bring it back to its device when
    backward needs it (``torch.autograd.graph.save_on_cpu``): GPU memory traded for copies.
    ``pin_memory`` copies into page-locked memory; ``device_type`` is accepted for PyTorch's
    signature."""

    def __init__(self, pin_memory: bool = False, device_type: str = "cuda") -> None:
        def pack(t: Tensor) -> tuple:
            host = t.detach().cpu()
            if host is t or host._data is t._data:  # on the CPU already: a copy of its own
                host = host.clone()
            return t.device, host.pin_memory() if pin_memory else host

        def unpack(packed: tuple) -> Tensor:
            device, host = packed
            return host.to(device, non_blocking=pin_memory)

        super().__init__(pack, unpack)


class disable_saved_tensors_hooks:
    """Context manager (``torch.autograd.graph.disable_saved_tensors_hooks``): opening a
    ``saved_tensors_hooks`` inside it, or entering it while one is open, raises RuntimeError
    with ``error_message``."""

    def __init__(self, error_message: str) -> None:
        self.error_message = error_message
        self._outer: str | None = None

    def __enter__(self) -> None:
        if state.saved_hooks:
            raise RuntimeError(self.error_message)
        self._outer = state.saved_hooks_disabled
        state.saved_hooks_disabled = self.error_message

    def __exit__(self, *exc: Any) -> None:
        state.saved_hooks_disabled = self._outer


def grad_before_hooks(outputs: Sequence[Tensor], inputs: Sequence[Tensor],
                      grad_outputs: Sequence[Tensor]) -> tuple:
    """The gradients of ``inputs`` (None for an unused one) as they arrive there: before the
    inputs' own gradient hooks, and not carried on into an input's own history (to an input
    that it depends on). For a backward whose results are handed on to an outer backward,
    which runs those hooks and that history once (non-reentrant checkpointing). tapegrad's
    own; ``torch.autograd.grad`` runs the hooks and goes on."""
    return tuple(run_backward(list(outputs), list(grad_outputs), False, False,
                              inputs=list(inputs), allow_unused=True, input_hooks=False))
