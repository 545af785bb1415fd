"""Node: one tape entry, which is also the ``ctx`` its Function's forward and backward receive.

A Node points to its inputs (``edges``), never to its output, so a graph is freed by reference
counting alone. Its number (``seq``) comes from one global counter, so sequence order is a valid
topological order. What forward saved is checked against the version counters of the tensors
it came from: a saved tensor modified in place since raises at backward, naming the op.
"""

from __future__ import annotations

import itertools
from typing import Any

from autograd.engine import tensor_base as _tb

next_seq = itertools.count().__next__  # atomic under the GIL: safe across threads

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


class _Freed:
    """What a node's ``saved`` becomes once backward has released it."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "<freed>"


FREED = _Freed()


class _Packed:
    """What a node's ``saved`` is while saved-tensor hooks hold its values (``node.packed``:
    the unpack hook and what the pack hook returned for each value)."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "<packed>"


PACKED = _Packed()
NOT_SAVED = object()  # in ``node.packed``: a None that forward saved (no hook sees it)
_NEEDS_ONE = ((False,), (True,))
_NEEDS_TWO = ((False, False), (True, False), (False, True), (True, True))


class Node:
    """One tape entry, and the ``ctx`` of its Function (``torch.autograd.function.FunctionCtx``
    and ``torch.autograd.graph.Node`` in one).

    ``needs_input_grad``: for each forward argument, whether backward must compute a gradient
    for it (a tuple of bools, as in PyTorch).

    For the engine: ``edges[i]`` is None when forward's i-th argument needs no gradient, else
    ``(target, output_index, shape, dtype)`` where target is the producing Node or the leaf
    tensor itself. ``saved`` holds what forward saved, released after backward unless
    ``retain_graph=True``. For ops: ``xp``, ``save_for_backward``, ``saved_tensors``,
    ``needs_input_grad``, ``mark_non_differentiable``, ``set_materialize_grads``, and any
    attribute forward sets for its backward.
    """

    __slots__ = ("fn", "xp", "seq", "edges", "saved", "saved_versions", "n_outputs",
                 "__dict__", "__weakref__")

    # Rarely set, so kept out of the slots (they cost nothing until written).
    hooks = None  # {output index: [hook, ...]} of non-leaf tensors
    retained = None  # {output index: weakref to a tensor that called retain_grad()}
    non_differentiable = None  # set of ids of outputs that get no gradient (indices, masks)
    forward_trace = None  # the forward's stack, in anomaly mode
    forward_inputs = None  # the forward's inputs, described (shape, dtype), in anomaly mode
    output_meta = None  # ((shape, dtype), ...) of every output, for multi-output nodes
    materialize_grads = True
    packed = None  # (unpack hook, packed values) while saved-tensor hooks hold what was saved

    def __init__(self, fn: type, xp: Any) -> None:
        self.fn = fn
        self.xp = xp
        self.saved = None

    def name(self) -> str:
        """The node's name, as PyTorch's ``grad_fn.name()`` gives it: ``"MulBackward0"``."""
        return self.fn.__name__ + "Backward0"

    def __repr__(self) -> str:
        return f"<{self.name()} object at {id(self):#x}>"

    @property
    def next_functions(self) -> tuple:
        """``((node or leaf or None, output index), ...)`` per input, as in PyTorch."""
        return tuple((None, 0) if e is None else (e[0], e[1]) for e in self.edges)

    # -- the ctx API -------------------------------------------------------------------
    def save_for_backward(self, *values: Any) -> None:
        """Keep arrays for backward. Inputs and outputs saved here are checked for in-place
        modification and, under ``create_graph=True``, come back as graph-connected Tensors."""
        self.saved = values

    @property
    def saved_tensors(self) -> tuple:
        """What forward saved: arrays in a first-order backward, Tensors under create_graph."""
        saved = self.saved
        if saved.__class__ is not tuple:
            if saved is FREED:
                raise RuntimeError(FREED_MESSAGE)
            if saved is not PACKED:
                return ()
            saved = self._unpacked()
        versions = self.saved_versions
        if versions is not None:
            for k, info in enumerate(versions):
                if info is not None and info[0][0] != info[1]:
                    raise RuntimeError(_modified_message(self, saved[k], info))
        if not self.xp.differentiable:
            return saved
        return tuple(self._as_graph_tensor(k, v) for k, v in enumerate(saved))

    def _unpacked(self) -> tuple:
        """The saved values, each through the unpack hook of the saved_tensors_hooks that
        packed it."""
        unpack, packed = self.packed
        values = []
        for p in packed:
            if p is NOT_SAVED:
                values.append(None)
                continue
            t = unpack(p)
            if not isinstance(t, _tb.TensorBase):
                raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but "
                                f"got result of type {type(t).__name__} (saved by {self.name()})")
            values.append(t._data)
        return tuple(values)

    def _as_graph_tensor(self, k: int, value: Any) -> Any:
        """The k-th saved value as a Tensor connected to the graph (for create_graph)."""
        info = self.saved_versions[k] if self.saved_versions is not None else None
        if info is None:
            return value  # an intermediate: a constant for higher-order gradients
        device = self.xp.raw.device
        source = info[2]
        if source < 0:  # an output of this very node
            return _tb.make(value, device, True, self, ~source)
        edge = self.edges[source]
        if edge is None:
            return _tb.make(value, device)
        target = edge[0]
        if target.__class__ is Node:
            return _tb.make(value, device, True, target, edge[1])
        return target  # the leaf itself

    @property
    def needs_input_grad(self) -> tuple[bool, ...]:
        """For each forward argument, whether backward must compute a gradient for it."""
        # Made on demand (most backwards never ask), from shared tuples for one or two inputs.
        edges = self.edges
        n = len(edges)
        if n == 2:
            return _NEEDS_TWO[(edges[0] is not None) + 2 * (edges[1] is not None)]
        if n == 1:
            return _NEEDS_ONE[edges[0] is not None]
        return tuple([edge is not None for edge in edges])

    def mark_non_differentiable(self, *outputs: Any) -> None:
        """Mark outputs (by identity) that get no gradient, e.g. indices."""
        self.non_differentiable = {id(o) for o in outputs}

    def set_materialize_grads(self, value: bool) -> None:
        """When False, outputs that got no gradient reach backward as None, not zeros."""
        self.materialize_grads = value

    # -- hooks on non-leaf tensors ---------------------------------------------------------
    def add_hook(self, idx: int, hook: Any) -> list:
        """Call ``hook(grad)`` on the gradient of output ``idx``; returns that output's hooks."""
        if self.hooks is None:
            self.hooks = {}
        hooks = self.hooks.setdefault(idx, [])
        hooks.append(hook)
        return hooks

    def retain(self, idx: int, ref: Any) -> None:
        """Store output ``idx``'s gradient into ``ref()``'s ``.grad`` (``retain_grad``)."""
        if self.retained is None:
            self.retained = {}
        self.retained[idx] = ref


def _modified_message(node: Node, value: Any, info: tuple) -> str:
    source = info[2]
    which = ""
    if source < 0:
        which = f", which is output {~source} of {node.name()},"
    else:
        edge = node.edges[source]
        if edge is not None and edge[0].__class__ is Node:
            which = f", which is output {edge[1]} of {edge[0].name()},"
    return (
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [{value.dtype} {list(value.shape)}]{which} is at version {info[0][0]}; "
        f"expected version {info[1]} instead (saved by {node.name()} for its backward). Hint: "
        "clone() the tensor before modifying it in place, or do the in-place op before the "
        "op that saves it."
    )
