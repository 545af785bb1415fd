"""Capture and replay of a whole step: ``ag.compile`` (``torch.compile``) and ``ag.compiler``.

``step = ag.compile(step)`` runs the first call with a given signature (the shapes, dtypes,
devices and ``requires_grad`` of the tensor arguments, the other arguments' values, grad and
autocast mode) eagerly; the second runs eagerly too while a *capture* records, on raw backend
arrays, everything the step does with tensors:

- every op's forward (``Function.apply``: the op's own forward code on arrays, with a bare
  ``ctx``), the writes of in-place ops, and ``.grad`` assignments;
- ``backward()``: each node's backward call, the sums of gradients that meet, the reductions
  back to an input's shape, and the stores into the leaves' ``.grad``, in the engine's order;
- calls to functions marked ``ag.compiler.disable`` (creation functions, optimizer steps and
  ``zero_grad``, gradient clipping, learning-rate schedulers): recorded as one call each, made
  again, eagerly, at every replay, so that they read the learning rate, step counts and
  gradients of that moment.

Later calls with that signature replay the recording: no Tensor objects, tape nodes, dispatch or
argument checks on the way; each array is dropped after its last use. The replay runs the
same kernels in the same order as the eager step, so results are bitwise equal to eager ones,
and ops that draw random numbers (dropout) draw fresh ones in the same order.

A function that returns tensors requiring grad without running backward itself (a model's
forward: ``model = ag.compile(model)``, the loss and ``backward()`` outside) is recorded in two
parts: its forward, and the backward the engine runs from its outputs to every leaf they reach
(recorded at the capture with the outputs' gradients as parameters). A replay runs the forward
as one ``Function`` whose backward is the recorded backward: its outputs carry a graph, and the
leaves' gradients are accumulated by the engine, hooks included, as for any op.

A step that the replay could not reproduce is not replayed: it runs eagerly for that signature,
with one warning saying why (``fullgraph=True`` raises instead). That is the case when the
step reads a value on the host (``item()``, ``bool()``, ``tolist()``, printing), touches raw
arrays (``Tensor.array``, ``.data =``), registers or runs gradient hooks, calls ``backward``
with ``create_graph``/``inputs``, differentiates a graph made before the call, writes in place
into a view of a tensor that requires grad, uses a tensor made during the step by a path the
capture cannot repeat, or runs under a profiler or anomaly mode.

What the capture cannot see, and is documented rather than detected: Python state the step
reads besides its arguments (a global tensor rebound to a new object between calls, a Python
number closed over) is frozen at its value during the capture; Python side effects of the step
(printing, counters) happen at the capture only. ``Module.train()``/``eval()`` call
``ag.compiler.reset()``, so a change of mode recaptures. The outputs of a replayed step that ran
its own backward carry no graph (``requires_grad`` False). Unlike PyTorch's compilers, nothing
is fused or reordered:
the replay removes the per-op overhead of the engine, not the kernels' own cost.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

from autograd.compiler.capture import _Capture
from autograd.compiler.program import _Program
from autograd.compiler.trees import _leaves
from autograd.engine import tensor_base as _tb
from autograd.engine.grad_mode import anomaly, host_read, replayable, state
from autograd.engine.tensor_base import TensorBase
from backends import base as _backend_base

__all__ = ["compile", "disable", "reset", "is_compiling", "CompiledFunction"]

_epoch = [0]  # bumped by reset(): every recording made before is captured again
_WARMUP = 1  # eager calls of a new signature before the one that captures
CACHE_LIMIT = 8  # signatures recorded per function (torch._dynamo's cache_size_limit)
_active = [0]  # captures running, in all threads (tensor_base.births is kept while any is)


def disable(fn: Callable | None = None, recursive: bool = True) -> Callable:
    """Run ``fn`` eagerly inside a compiled step (``torch.compiler.disable``): a capture
    records the call as one step, and each replay calls ``fn`` again with the same arguments
    (tensors of the step rebound to the replay's arrays), so it sees the Python state and
    values of that moment. ``recursive`` is accepted for PyTorch's signature."""
    if fn is None:
        return functools.partial(disable, recursive=recursive)
    return replayable(fn)

def reset() -> None:
    """Forget every recording (``torch.compiler.reset``): compiled functions capture again on
    their next calls. ``Module.train()``/``eval()`` call it, since the mode changes the ops."""
    _epoch[0] += 1

def is_compiling() -> bool:
    """True while a compiled function is being captured in this thread
    (``torch.compiler.is_compiling``)."""
    return bool(state.captures)

def compile(model: Callable | None = None, *, fullgraph: bool = False, dynamic: Any = None,
            backend: Any = "replay", mode: str | None = None, options: dict | None = None,
            disable: bool = False) -> Any:
    """Capture ``model`` (a function or any callable, e.g. a training step) once per
    signature and replay it on raw arrays (``torch.compile``; see this module's docstring).

    ``mode``: None, ``"default"`` or ``"reduce-overhead"`` capture and replay; ``"eager"``
    (or ``disable=True``) just calls ``model``, for debugging. ``fullgraph=True`` raises where
    the step cannot be replayed instead of running it eagerly. ``dynamic``, ``backend`` and
    ``options`` are accepted for PyTorch's signature: every new shape is a new capture.
    Usable as ``@ag.compile`` and ``@ag.compile(mode=...)``.
    """
    if mode not in (None, "default", "reduce-overhead", "max-autotune", "eager"):
        raise RuntimeError(f"compile: unknown mode {mode!r} (expected None, 'default', "
                           "'reduce-overhead', 'max-autotune' or 'eager')")
    if model is None:
        return functools.partial(compile, fullgraph=fullgraph, dynamic=dynamic, backend=backend,
                                 mode=mode, options=options, disable=disable)
    if not callable(model):
        raise TypeError(f"compile: expected a callable, got {type(model).__name__}")
    return CompiledFunction(model, eager=disable or mode == "eager", fullgraph=fullgraph)

class CompiledFunction:
    """What ``ag.compile(fn)`` returns: calls ``fn``, replaying its recording where it can.
    Other attributes are ``fn``'s (a compiled model still has ``parameters()``, ``train()``,
    ``state_dict()``, as PyTorch's ``OptimizedModule``); ``_orig_mod`` is ``fn`` itself."""

    def __init__(self, fn: Callable, eager: bool = False, fullgraph: bool = False) -> None:
        self._fn = self._orig_mod = fn
        self._eager = eager
        self._fullgraph = fullgraph
        self._entries: dict = {}  # signature -> _Entry
        functools.update_wrapper(self, fn, updated=())

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        fn = self._fn
        st = state
        if self._eager or st.captures or st.tapes or st.profilers or anomaly.enabled:
            return fn(*args, **kwargs)  # (inside another capture: part of that one)
        key, tensors = _signature(args, kwargs)
        entry = self._entries.get(key)
        if entry is None or entry.epoch != _epoch[0]:
            entry = self._new_entry(key)
        program = entry.program
        if program is not None:
            if program.guards_hold():
                return program.run(tensors)
            entry.program = None
            entry.calls = 0
        if entry.reason is not None:
            return fn(*args, **kwargs)
        entry.calls += 1
        if entry.calls <= _WARMUP:
            return fn(*args, **kwargs)
        return self._capture(entry, args, kwargs)

    def _new_entry(self, key: tuple) -> _Entry:
        entries = self._entries
        for k in [k for k, e in entries.items() if e.epoch != _epoch[0]]:
            del entries[k]  # recordings made before a reset()
        entry = entries[key] = _Entry()
        if len(entries) > CACHE_LIMIT:
            entry.reason = (f"it was already recorded for {CACHE_LIMIT} signatures "
                            "(autograd.compiler.CACHE_LIMIT)")
            self._refused(entry)
        return entry

    def _refused(self, entry: _Entry) -> None:
        name = getattr(self._fn, "__qualname__", type(self._fn).__name__)
        message = (f"compile: {name} cannot be replayed ({entry.reason}); it runs eagerly "
                   "for these argument shapes")
        if self._fullgraph:
            raise RuntimeError(message)
        warnings.warn(message, RuntimeWarning, stacklevel=4)

    def _capture(self, entry: _Entry, args: tuple, kwargs: dict) -> Any:
        if _tb.births is None:
            _tb.births = []
        cap = _Capture(args, kwargs, _tb.births)
        _active[0] += 1
        state.watch("captures", cap)
        try:
            result = self._fn(*args, **kwargs)
        finally:
            if cap in state.captures:
                state.unwatch("captures", cap)
            _active[0] -= 1
            if not _active[0]:
                _tb.births = None
        program = cap.finish(result)
        if program is None:
            entry.reason = cap.reason
            self._refused(entry)
        else:
            entry.program = program
        return result

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_fn", "_orig_mod"):
            raise AttributeError(name)
        return getattr(self._fn, name)

    def replays(self, *args: Any, **kwargs: Any) -> bool:
        """Whether a call with these arguments would replay a recording."""
        entry = self._entries.get(_signature(args, kwargs)[0])
        return bool(entry is not None and entry.epoch == _epoch[0] and
                    entry.program is not None and entry.program.guards_hold())

class _Entry:
    __slots__ = ("calls", "program", "reason", "epoch")

    def __init__(self) -> None:
        self.calls = 0
        self.program: _Program | None = None
        self.reason: str | None = None
        self.epoch = _epoch[0]

def _signature(args: tuple, kwargs: dict) -> tuple[tuple, list]:
    """What a recording is valid for: grad and autocast mode, each tensor's shape, dtype,
    device, requires_grad and which earlier tensor argument shares its array, and the other
    arguments by type and value (by identity when unhashable); and the tensor arguments."""
    key: list = [state.grad_enabled, state.inference,
                 tuple(state.autocast.items()) if state.autocast else ()]
    tensors: list = []
    arrays: dict = {}
    for leaf in _leaves((args, kwargs)) if kwargs or not _flat(args) else args:
        if isinstance(leaf, TensorBase):
            d = leaf._data
            key.append((d.shape, d.dtype, leaf.device, leaf._requires_grad,
                        arrays.setdefault(id(d), len(arrays))))
            tensors.append(leaf)
        else:
            try:
                hash(leaf)
                key.append((leaf.__class__, leaf))
            except TypeError:
                key.append((leaf.__class__, id(leaf)))
    return tuple(key), tensors

def _flat(args: tuple) -> bool:
    """No tuple, list or dict among the arguments (the common case: a few tensors)."""
    for a in args:
        if a.__class__ in (tuple, list, dict):
            return False
    return True

def _host_read(array: Any) -> None:
    """``backends.base.host_read_hook``: see ``grad_mode.host_read``."""
    if _tb.births is not None:
        host_read(f"an array of shape {list(getattr(array, 'shape', ()))} (to_numpy)")

_backend_base.host_read_hook = _host_read
