"""The tape: Node (one entry per recorded op) and the backward engine.

Every differentiable call made while grad mode is on and an input requires grad creates a
``Node`` with a number from one global counter. The output Tensor points to its Node; the Node
points only to its inputs (``edges``), never to its output, so a graph is freed by reference
counting alone. Sequence order is a valid topological order: ``backward`` collects the nodes
reachable from the roots without recursion, replays them newest first, and reduces every
gradient to its input's shape and dtype (ops never unbroadcast themselves). The per-gradient
helpers live in ``tape_grads``, ``Tape`` and ``detect_anomaly`` in ``tape_view``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from autograd import grad_mode
from autograd.tensor import Tensor, _make

_counter = itertools.count()
next_seq = _counter.__next__
_seq_of = attrgetter("seq")
active_tapes: list[Tape] = []
profilers: list = []  # the active autograd.profiler.profile()s, newest last


class _AnomalyState:
    enabled = False


anomaly = _AnomalyState()

_FREED = (
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


class Node:
    """One tape entry, and the ``ctx`` that its Function's forward and backward receive.

    ``edges[i]`` is ``None`` when forward's i-th argument needs no gradient, else
    ``(target, output_index, shape, dtype)`` where target is the producing Node or the leaf
    Tensor itself. ``saved`` holds what forward saved; after backward it is released unless
    ``retain_graph=True``.
    """

    __slots__ = ("fn", "xp", "seq", "edges", "saved", "saved_versions", "n_outputs",
                 "__dict__", "__weakref__")

    # Rarely set, so kept out of the slots (they cost nothing until written).
    hooks = None  # {output index: [hook, ...]} of non-leaf tensors
    retained = None  # {output index: weakref to a tensor that called retain_grad()}
    non_differentiable = None  # set of output indices (indices, masks)
    forward_trace = None  # the forward's stack, in anomaly mode
    output_meta = None  # ((shape, dtype), ...) of every output, for multi-output nodes
    materialize_grads = True

    def __init__(self, fn: type, xp: Any) -> None:
        self.fn = fn
        self.xp = xp
        self.saved = None

    @property
    def name(self) -> str:
        """The op's name, e.g. ``"Mul"``."""
        return self.fn.__name__

    def __repr__(self) -> str:
        return f"<{self.fn.__name__}Backward>"

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
                raise RuntimeError(_FREED)
            return ()
        versions = self.saved_versions
        if versions is not None:
            for k, info in enumerate(versions):
                if info is not None and info[0][0] != info[1]:
                    value = saved[k]
                    raise RuntimeError(
                        "one of the variables needed for gradient computation has been "
                        f"modified by an inplace operation: [{value.dtype} {list(value.shape)}] "
                        f"saved by {self.fn.__name__} is at version {info[0][0]}; expected "
                        f"version {info[1]} instead"
                    )
        if not self.xp.differentiable:
            return saved
        return tuple(self._as_graph_tensor(k, v) for k, v in enumerate(saved))

    def _as_graph_tensor(self, k: int, value: Any) -> Any:
        """The k-th saved value as a Tensor connected to the graph (for create_graph)."""
        info = self.saved_versions[k] if self.saved_versions is not None else None
        if info is None:
            return value  # an intermediate: a constant for higher-order gradients
        device = self.xp.raw.device
        source = info[2]
        if source < 0:  # an output of this very node
            return _make(value, device, True, self, ~source)
        edge = self.edges[source]
        if edge is None:
            return _make(value, device, False, None, 0)
        target = edge[0]
        if target.__class__ is Node:
            return _make(value, device, True, target, edge[1])
        return target  # the leaf itself

    @property
    def needs_input_grad(self) -> tuple[bool, ...]:
        """For each forward argument, whether a gradient is wanted for it."""
        return tuple(edge is not None for edge in self.edges)

    def mark_non_differentiable(self, *outputs: Any) -> None:
        """Mark outputs (by identity) that get no gradient, e.g. indices."""
        self.non_differentiable = {id(o) for o in outputs}

    def set_materialize_grads(self, value: bool) -> None:
        """When False, outputs that got no gradient reach backward as None, not zeros."""
        self.materialize_grads = value


# -- the engine ---------------------------------------------------------------------------


def _collect(roots: Sequence[Tensor]) -> list[Node]:
    """Every node reachable from the roots, newest first (iterative, any depth)."""
    stack = [r._node for r in roots if r._node is not None]
    seen = set(stack)
    push = stack.append
    add = seen.add
    while stack:
        for edge in stack.pop().edges:
            if edge is not None:
                target = edge[0]
                if target.__class__ is Node and target not in seen:
                    add(target)
                    push(target)
    return sorted(seen, key=_seq_of, reverse=True)


def run_backward(
    roots: Sequence[Tensor],
    grad_roots: Sequence[Any],
    retain_graph: bool,
    create_graph: bool,
    inputs: Sequence[Tensor] | None = None,
    allow_unused: bool = False,
) -> list | None:
    """Replay the tape from ``roots``; the engine behind ``Tensor.backward`` and ``grad``.

    With ``inputs`` None, leaf gradients accumulate into ``.grad``. Otherwise nothing is
    accumulated: the gradients of ``inputs`` are returned, and only nodes that lead to them run.
    """
    from autograd.xp import diff_namespace

    grads0 = _root_grads(roots, grad_roots, create_graph)
    order = _collect(roots)
    pending: dict = {}  # Node -> gradient (or list of them for multi-output nodes)
    leaf_grads: dict = {}  # id(leaf) -> [leaf, gradient]
    handed_out = set()  # ids of gradient buffers that may be aliased by a leaf's .grad

    def add_to(target: Any, idx: int, g: Any) -> None:
        if target.__class__ is Node:
            n = target.n_outputs
            if n == 1:
                prev = pending.get(target)
                pending[target] = g if prev is None else prev + g
            else:
                slots = pending.get(target)
                if slots is None:
                    slots = pending[target] = [None] * n
                prev = slots[idx]
                slots[idx] = g if prev is None else prev + g
        else:
            entry = leaf_grads.get(id(target))
            if entry is None:
                leaf_grads[id(target)] = [target, g]
            else:
                entry[1] = entry[1] + g

    for root, g in zip(roots, grads0):
        if not create_graph:
            handed_out.add(id(g))
        add_to(root._node if root._node is not None else root, root._out_idx, g)

    wanted_leaves: dict = {}
    wanted_nodes: dict = {}
    run: set | None = None
    if inputs is not None:
        for k, t in enumerate(inputs):
            if not t.requires_grad:
                raise RuntimeError(f"One of the differentiated Tensors (input {k}) does not "
                                   "require grad")
            if t._node is None:
                wanted_leaves.setdefault(id(t), []).append(k)
            else:
                wanted_nodes.setdefault(t._node, []).append((t._out_idx, k))
        run = set()
        useful = set()
        for node in reversed(order):  # oldest first: parents before children
            for edge in node.edges:
                if edge is not None:
                    target = edge[0]
                    if (target in useful) if target.__class__ is Node else (
                        id(target) in wanted_leaves
                    ):
                        run.add(node)
                        useful.add(node)
                        break
            if node in wanted_nodes:
                useful.add(node)
    results: list = [None] * (len(inputs) if inputs is not None else 0)

    check = anomaly.enabled
    prof = profilers[-1] if profilers else None  # times each node's backward when set
    # The common case (plain .backward(), no anomaly mode) takes a lean path per node.
    simple = not (create_graph or check or inputs is not None or prof is not None)
    pop = pending.pop
    get = pending.get
    prev_mode = grad_mode.state.enabled
    grad_mode.state.enabled = create_graph
    try:
        for node in order:
            g = pop(node, None)
            if g is None:
                continue
            if simple and node.n_outputs == 1 and node.hooks is None and node.retained is None:
                gxs = node.fn.backward(node, g)
                if gxs.__class__ is not tuple:
                    gxs = (gxs,)
                edges = node.edges
                if len(gxs) != len(edges):
                    _check_count(node, gxs)
                if not retain_graph:
                    node.saved = FREED
                for edge, gx in zip(edges, gxs):
                    if edge is None or gx is None:
                        continue
                    target, idx, shape, dtype = edge
                    if gx.shape != shape:
                        gx = _reduce_to(node.xp, gx, shape, node, _position(edges, edge))
                    if gx.dtype is not dtype and gx.dtype != dtype:
                        gx = gx.astype(dtype)
                    if target.__class__ is Node and target.n_outputs == 1:
                        prev = get(target)
                        pending[target] = gx if prev is None else prev + gx
                    else:
                        add_to(target, idx, gx)
                continue
            if node.n_outputs == 1:
                grads = [g]
            else:
                grads = g
                if node.materialize_grads:
                    for k, (shape, dtype) in enumerate(node.output_meta):
                        if grads[k] is None:
                            z = node.xp.zeros(shape, dtype=dtype)
                            grads[k] = _make(z, node.xp.device, False, None, 0) if (
                                create_graph) else z
            if node.hooks is not None or node.retained is not None:
                _run_node_hooks(node, grads, create_graph)
            if wanted_nodes and node in wanted_nodes:
                for idx, k in wanted_nodes[node]:
                    results[k] = grads[idx]
            if run is not None and node not in run:
                continue
            raw = node.xp
            once = create_graph and node.fn.once_differentiable
            if create_graph and not once:
                node.xp = diff_namespace(raw)
            if prof is not None:
                t0 = prof.clock(raw)
            try:
                gxs = node.fn.backward(node, *(_raw_grads(grads) if once else grads))
            finally:
                node.xp = raw
            if gxs.__class__ is not tuple:
                gxs = (gxs,)
            if prof is not None:
                prof.record_backward(node, t0, gxs)
            if once:
                gxs = _differentiate_once(node, grads, gxs)
            edges = node.edges
            if len(gxs) != len(edges):
                _check_count(node, gxs)
            if check:
                _check_finite(node, gxs)
            if not retain_graph:
                node.saved = FREED
            for i, edge in enumerate(edges):
                gx = gxs[i]
                if edge is None or gx is None:
                    continue
                target, idx, shape, dtype = edge
                if create_graph and not isinstance(gx, Tensor):
                    gx = _make(raw.asarray(gx), raw.device, False, None, 0)
                if gx.shape != shape:
                    gx = _reduce_to(diff_namespace(raw) if create_graph else raw, gx, shape,
                                    node, i)
                if gx.dtype != dtype:
                    gx = gx.to(dtype) if create_graph else gx.astype(dtype)
                add_to(target, idx, gx)
    finally:
        grad_mode.state.enabled = prev_mode

    if inputs is not None:
        for key, (leaf, g) in leaf_grads.items():
            positions = wanted_leaves.get(key)
            if positions is not None:
                g = _hooked_leaf_grad(leaf, g, create_graph)
                for k in positions:
                    results[k] = g
        for k, g in enumerate(results):
            if g is None:
                if not allow_unused:
                    raise RuntimeError(
                        f"One of the differentiated Tensors (input {k}) appears to not have "
                        "been used in the graph. Set allow_unused=True if this is the desired "
                        "behavior."
                    )
            elif not isinstance(g, Tensor):
                results[k] = _make(g, inputs[k].device, False, None, 0)
        return results

    for leaf, g in leaf_grads.values():
        g = _hooked_leaf_grad(leaf, g, create_graph)
        if not create_graph:
            base = g.base if g.base is not None else g
            if id(base) in handed_out or not g.flags.writeable:
                g = g.copy()
            else:
                handed_out.add(id(base))
        _accumulate(leaf, g, create_graph)
    return None


def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: Tensor | Sequence[Tensor | None] | None = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
    materialize_grads: bool = False,
) -> tuple[Tensor | None, ...]:
    """The gradients of ``outputs`` with respect to ``inputs``, without touching ``.grad``.

    With ``create_graph=True`` the result is itself differentiable (higher-order gradients).
    """
    outs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    ins = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    if grad_outputs is None:
        gouts = [None] * len(outs)
    elif isinstance(grad_outputs, Tensor):
        gouts = [grad_outputs]
    else:
        gouts = list(grad_outputs)
    if len(gouts) != len(outs):
        raise RuntimeError(f"grad: got {len(gouts)} grad_outputs for {len(outs)} outputs")
    if retain_graph is None:
        retain_graph = create_graph
    results = run_backward(outs, gouts, retain_graph, create_graph, inputs=ins,
                           allow_unused=allow_unused or materialize_grads)
    if materialize_grads:
        from autograd.creation import zeros_like

        results = [zeros_like(t) if g is None else g for t, g in zip(ins, results)]
    return tuple(results)


# What the engine does to single gradients (checks, hooks, accumulation) and the visible tape
# build on the above, so they are imported once it exists; all are exported from here.
from autograd.tape_grads import (  # noqa: E402, F401
    _accumulate,
    _check_count,
    _check_finite,
    _differentiate_once,
    _hooked_leaf_grad,
    _position,
    _raw_grads,
    _reduce_to,
    _root_grads,
    _run_node_hooks,
    register_node_hook,
    retain,
)
from autograd.tape_view import Tape, TapeEntry, detect_anomaly, forward_trace  # noqa: E402, F401
