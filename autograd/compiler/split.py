"""The capture of a step that returns a graph without running backward (a model's forward):
its backward recorded too, and the two made one ``Function`` (see the package docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.compiler.program import _function, _Refused, _SplitProgram
from autograd.compiler.trees import _tensor_paths
from autograd.engine.backward import run_backward
from autograd.engine.grad_mode import state
from autograd.engine.node import Node
from autograd.engine.tensor_base import make

if TYPE_CHECKING:
    from autograd.compiler.capture import _Capture


def _boundary(cap: _Capture, roots: list, inputs: list) -> list:
    """Where the step's graph begins, seen from ``roots``: the leaves that require grad
    (parameters, arguments) and the arguments with a history of their own (made before
    the call: the replay's backward hands their gradients on to that history), in the
    order the reverse loop meets them."""
    made_before = {(id(t._node), t._out_idx): t for t in inputs
                   if t._requires_grad and t._node is not None}
    found: list = [r for r in roots if r._node is None and r._requires_grad]
    seen = {id(t) for t in found}
    stack = [r._node for r in roots if r._node is not None]
    visited = set()
    order = []
    while stack:
        node = stack.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        order.append(node)
        for edge in node.edges:
            if edge is None:
                continue
            target = edge[0]
            if target.__class__ is not Node:
                continue
            if id(target) in cap.slot_of:
                stack.append(target)
            elif (id(target), edge[1]) not in made_before:
                raise _Refused(f"backward reaches {target.name()}, made before the step")
    order.sort(key=lambda n: n.seq, reverse=True)
    for node in order:
        for edge in node.edges:
            if edge is None:
                continue
            target = edge[0]
            t = target if target.__class__ is not Node else made_before.get(
                (id(target), edge[1]))
            if t is not None and id(t) not in seen:
                seen.add(id(t))
                found.append(t)
    return found

def split(cap: _Capture, result: Any) -> _SplitProgram | None:
    """A step that returns a graph (a model's forward): record its backward too, as the
    engine runs it for the step's outputs and every leaf they reach, with the outputs'
    gradients as parameters; the two become the forward and backward of one Function."""
    paths = list(_tensor_paths(result))
    inputs = cap.input_tensors
    for _, t in paths:
        s = cap.slot_of.get(id(t._data))
        if s is None or s in cap.loaded or id(t) in cap.inputs:
            raise _Refused("it returns an argument or a tensor made before the step")
    wanted = [(k, t) for k, (_, t) in enumerate(paths) if t._requires_grad]
    leaves = _boundary(cap, [t for _, t in wanted], inputs)
    for leaf in leaves:
        if leaf._node is None and leaf._hooks:
            raise _Refused("a gradient hook on a leaf runs Python during backward")
        if id(leaf) not in cap.inputs and cap._is_born(leaf):
            raise _Refused("a leaf made during the step gets a gradient")
    forward_end = len(cap.events)
    grads = [make(cap.xp.ones(t._data.shape, dtype=t._data.dtype), t.device)
             for _, t in wanted]
    grad_slots = [cap._slot(g._data) for g in grads]
    cap.splitting = True
    state.watch("captures", cap)
    try:
        leaf_grads = run_backward([t for _, t in wanted], grads, True, False,
                                  inputs=leaves, allow_unused=True)
    finally:
        if cap in state.captures:
            state.unwatch("captures", cap)
    if cap.reason is not None:
        return None
    returned = [None if g is None else cap._array(g._data) for g in leaf_grads]
    # what the backward reads that the forward made: kept from one to the other
    backward_events = cap.events[forward_end:]
    made = set(grad_slots)
    residuals: list = []
    for _, reads, writes in backward_events:
        for s in reads:
            if s not in made and s not in residuals:
                residuals.append(s)
        made.update(writes)
    for s in returned:
        if s is not None and s not in made and s not in residuals:
            residuals.append(s)
    outs = [cap.slot_of[id(t._data)] for _, t in paths]
    forward_return = (["return (" + "".join(f"s{s}, " for s in outs) + "), (" +
                       "".join(f"s{s}, " for s in residuals) + ")"], outs + residuals, ())
    backward_return = (["return (" + "".join("None, " if s is None else f"s{s}, "
                                             for s in returned) + ")"],
                       [s for s in returned if s is not None], ())
    refs = []
    for leaf in leaves:
        s = cap.inputs.get(id(leaf))
        refs.append(("input", cap.params.index(f"s{s}")) if s is not None else
                    ("tensor", leaf))
        if s is None:
            cap._guard(leaf)
    forward = _function("forward", cap.params, cap.prologue,
                        cap.events[:forward_end] + [forward_return],
                        set(cap.inputs.values()))
    backward = _function("backward", [f"s{s}" for s in residuals + grad_slots], [],
                         backward_events + [backward_return], set())
    return _SplitProgram(cap, result, [path for path, _ in paths], forward, backward,
                         refs, [k for k, _ in wanted])
