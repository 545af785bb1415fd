"""What a capture becomes: generated Python source (``_function``), the helpers that source calls,
and the programs a ``CompiledFunction`` replays: one function for a step that runs its own
backward (``_Program``), a forward and a backward joined as one ``Function`` for a step that
returns a graph (``_SplitProgram``, ``_Replayed``)."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.compiler.trees import _rebuild
from autograd.engine.backward import _accumulate, _accumulate_lock, reduce_to
from autograd.engine.function import Function
from autograd.engine.node import Node
from autograd.engine.tensor_base import make, set_grad

if TYPE_CHECKING:
    from autograd.compiler.capture import _Capture

class _Refused(Exception):
    """Raised inside a capture's recorders: the step cannot be replayed, for this reason."""


_new = object.__new__


def _function(name: str, params: list, prologue: list, events: list, keep: set) -> str:
    """The source of a generated function: the events in order, each slot deleted after its
    last use (the parameters in ``keep`` and what the last event reads excepted)."""
    last: dict = {}
    for i, (_, reads, writes) in enumerate(events):
        for s in reads:
            last[s] = i
        for s in writes:
            last[s] = max(last.get(s, i), i)
    dead: list = [[] for _ in events]
    for s, i in last.items():
        if s not in keep and i < len(events) - 1:
            dead[i].append(s)
    body = list(prologue)
    for (lines, _, _), gone in zip(events, dead):
        body += lines
        if gone:
            body.append("del " + ", ".join(f"s{s}" for s in sorted(gone)))
    return f"def {name}({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in body)

class _ReplayCtx(Node):
    """The ``ctx`` of a replayed op: what it saved is handed back without the version checks
    (the replay repeats a recording in which they passed)."""

    __slots__ = ()
    saved = None
    saved_versions = None
    edges = None  # an op not recorded (the recorded ones' classes set theirs)

    @property
    def saved_tensors(self) -> tuple:
        saved = self.saved
        return saved if saved is not None else ()

def _as_array(ctx: Node, scalar: Any) -> Any:
    """A forward's NumPy scalar as a 0-d array, in what it saved too (as Function.apply)."""
    out = ctx.xp.asarray(scalar)
    if ctx.saved:
        ctx.saved = tuple(out if v is scalar else v for v in ctx.saved)
    return out

class _Named:
    """What ``reduce_to`` names in an error: the op, whose name a replay does not keep."""

    @staticmethod
    def name() -> str:
        return "ReplayedBackward0"

def _conform(xp: Any, g: Any, shape: tuple, dtype: Any) -> Any:
    """The engine's _conform: a gradient summed to its input's shape, cast to its dtype."""
    if g.shape != shape:
        g = reduce_to(xp, g, shape, _Named, 0)
    if g.dtype != dtype:
        g = g.astype(dtype)
    return g

def _store(leaf: Any, g: Any) -> Any:
    """The engine's accumulation into ``leaf.grad``; the array ``.grad`` then holds."""
    with _accumulate_lock:
        _accumulate(leaf, g, False)
    return leaf.grad._data

_RUNTIME = {"new": _new, "np": np, "make": make, "set_grad": set_grad, "as_array": _as_array,
            "conform": _conform, "store": _store}

class _Program:
    """A recorded step: the generated function, the guards it needs, and how to rebuild the
    step's result around what it returns."""

    def __init__(self, cap: _Capture, result: Any, paths: list) -> None:
        self.guards = cap.guards
        self.paths = paths
        # the result with its tensors taken out: its other parts are the captured ones
        self.result = _rebuild(result, (), {path: None for path in paths})
        self.guard = None if cap.xp is None else cap.xp.guard
        self.source = cap.source()
        namespace = {**_RUNTIME, **cap.consts}
        exec(builtins.compile(self.source, "<ag.compile replay>", "exec"), namespace)
        self.replay = namespace["replay"]

    def guards_hold(self) -> bool:
        for t, requires_grad in self.guards:
            if t._requires_grad is not requires_grad:
                return False
        return True

    def run(self, tensors: list) -> Any:
        """Replay on the step's tensor arguments (in the order ``_signature`` lists them)."""
        if self.guard is None:
            out = self.replay(*tensors)
        else:
            with self.guard():
                out = self.replay(*tensors)
        if not self.paths:
            return self.result
        return _rebuild(self.result, (), dict(zip(self.paths, out)))

def _compiled(source: str, consts: dict, name: str) -> Callable:
    namespace = {**_RUNTIME, **consts}
    exec(builtins.compile(source, f"<ag.compile {name}>", "exec"), namespace)
    return namespace[name]

class _SplitProgram:
    """A recorded step that returns a graph: its forward and backward as one ``Function``
    whose inputs are the leaves the outputs reach (parameters, arguments that require
    grad), so the engine accumulates their gradients, with any hooks, as for any op."""

    def __init__(self, cap: _Capture, result: Any, paths: list, forward: str, backward: str,
                 leaves: list, wanted: list) -> None:
        self.guards = cap.guards
        self.paths = paths
        self.result = _rebuild(result, (), {path: None for path in paths})
        self.source = forward + "\n" + backward
        self.forward = _compiled(forward, cap.consts, "forward")
        self.backward = _compiled(backward, cap.consts, "backward")
        self.leaves = leaves  # ("input", position) or ("tensor", the leaf)
        self.wanted = wanted  # which outputs have gradients (the others are not differentiable)

    guards_hold = _Program.guards_hold

    def run(self, tensors: list) -> Any:
        leaves = [tensors[ref] if kind == "input" else ref for kind, ref in self.leaves]
        out = _Replayed.apply(*leaves, program=self, tensors=tensors)
        if out.__class__ is not tuple:
            out = (out,)
        return _rebuild(self.result, (), dict(zip(self.paths, out)))

class _Replayed(Function):
    """The replay of a step that returns a graph: forward runs the recorded forward, backward
    the recorded backward on what forward kept."""

    once_differentiable = True

    @staticmethod
    def forward(ctx, *leaves, program, tensors):
        outs, residuals = program.forward(*tensors)
        ctx.program = program
        ctx.save_for_backward(*residuals)
        wanted = set(program.wanted)
        other = [o for k, o in enumerate(outs) if k not in wanted]
        if other:
            ctx.mark_non_differentiable(*other)
        return outs

    @staticmethod
    def backward(ctx, *grads):
        # the recorded backward: the gradients of the leaves from those of the outputs
        program = ctx.program
        return program.backward(*ctx.saved_tensors, *[grads[k] for k in program.wanted])
