"""Graph utilities (``torch.autograd.graph``): what code outside the engine may ask of it:
``increment_version``, and hooks on what ops save for backward (``saved_tensors_hooks``,
``save_on_cpu``, ``disable_saved_tensors_hooks``), ``Node`` (the class of every ``grad_fn``),
``grad_before_hooks``, and hooks on several tensors' gradients at once
(``register_multi_grad_hook``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from autograd.engine.backward import run_backward
from autograd.engine.grad_mode import state
from autograd.engine.node import Node
from autograd.engine.tensor_base import TensorBase

__all__ = ["Node", "disable_saved_tensors_hooks", "grad_before_hooks", "increment_version",
           "register_multi_grad_hook", "save_on_cpu", "saved_tensors_hooks"]

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


def _current_task() -> tuple | None:
    """The innermost backward running in this thread: ``(id, roots, inputs)``, or None."""
    return state.graph_tasks[-1] if state.graph_tasks else None


def _participants(task: tuple) -> Callable[[Any], bool]:
    """For the backward ``task``: whether it computes (and hooks) a tensor's gradient. Every
    tensor reachable from the roots, or with ``inputs``, the input leaves and the non-leaf
    tensors whose history leads to an input (PyTorch's ``_will_engine_execute_node``)."""
    _, roots, inputs = task
    reached: dict[int, Any] = {}
    parents: dict[int, list] = {}
    stack = [r.grad_fn if r.grad_fn is not None else r for r in roots]
    for target in stack:
        reached[id(target)] = target
    while stack:
        target = stack.pop()
        if not isinstance(target, Node):
            continue
        for child, _ in target.next_functions:
            if child is None:
                continue
            parents.setdefault(id(child), []).append(target)
            if id(child) not in reached:
                reached[id(child)] = child
                stack.append(child)
    if inputs is None:
        return lambda t: id(t.grad_fn if t.grad_fn is not None else t) in reached
    leaf_inputs = {id(t) for t in inputs if t.grad_fn is None}
    leads = set()
    stack = [t.grad_fn if t.grad_fn is not None else t for t in inputs]
    while stack:
        target = stack.pop()
        if id(target) in leads or id(target) not in reached:
            continue
        leads.add(id(target))
        stack.extend(parents.get(id(target), ()))

    def takes_part(t: Any) -> bool:
        if t.grad_fn is None:
            return id(t) in leaf_inputs and id(t) in reached
        return id(t.grad_fn) in leads

    return takes_part


class _MultiHandle:
    """The handle ``register_multi_grad_hook`` returns: ``remove()`` takes every tensor's
    hook off."""

    def __init__(self, handles: tuple) -> None:
        self.handles = handles

    def remove(self) -> None:
        """Unregister the hook from every tensor."""
        for h in self.handles:
            h.remove()

    def __enter__(self) -> _MultiHandle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.remove()


def register_multi_grad_hook(tensors: Sequence[Tensor], fn: Callable[..., None], *,
                             mode: Literal["all", "any"] = "all") -> _MultiHandle:
    """Call ``fn`` once per backward pass that reaches ``tensors``
    (``torch.autograd.graph.register_multi_grad_hook``). ``mode="all"``: after the gradients
    of all the tensors that take part in it are computed, as ``fn(grads)`` with None for those
    that do not (a tensor the pass does not reach, or not needed for its ``inputs``).
    ``mode="any"``: as ``fn(grad)`` with the first of them computed. ``fn`` should not modify
    the gradients. Returns a handle whose ``remove()`` unregisters it."""
    supported = ("all", "any")
    if mode not in supported:
        raise ValueError(f"Expects mode to be one of {supported} but got {mode}")
    tensors = tuple(tensors)
    lock = threading.Lock()
    if mode == "any":
        ran: set[int] = set()

        def any_hook(grad: Tensor) -> None:
            task = _current_task()
            if task is None:
                raise AssertionError("expected this hook to be called inside a backward call")
            with lock:
                if task[0] in ran:
                    return
                ran.add(task[0])
            fn(grad)

        return _MultiHandle(tuple(t.register_hook(any_hook) for t in tensors
                                  if t.requires_grad))

    for k, t in enumerate(tensors):
        if not t.requires_grad:
            raise AssertionError(f"register_multi_grad_hook: tensor {k} does not require "
                                 "grad: Expected gradient function to be set")
    pending: dict[int, list] = {}  # task id -> [gradients, calls left]

    def inner(idx: int) -> Callable[[Tensor], None]:
        def hook(grad: Tensor) -> None:
            task = _current_task()
            if task is None:
                raise AssertionError("expected this hook to be called inside a backward call")
            with lock:
                entry = pending.get(task[0])
                if entry is None:
                    takes_part = _participants(task)
                    expected = [k for k, t in enumerate(tensors) if takes_part(t)]
                    entry = pending[task[0]] = [[None] * len(tensors), set(expected)]
                grads, left = entry
                if idx not in left:  # a gradient this pass was not expected to compute
                    return
                grads[idx] = grad
                left.discard(idx)
                if left:
                    return
                del pending[task[0]]
            fn(grads)

        return hook

    return _MultiHandle(tuple(t.register_hook(inner(k)) for k, t in enumerate(tensors)))
