"""The reverse loop: ``run_backward`` (behind ``Tensor.backward``) and ``grad``.

``run_backward`` collects the nodes reachable from the roots without recursion (any depth),
replays them newest first (sequence order is a topological order), and hands each gradient a
backward returns to its input's edge, where it is summed back to the input's shape and cast to
its dtype (ops never unbroadcast themselves) and added to what that input has received so far.
Leaf gradients are accumulated into ``.grad`` at the end, under one lock, so threads that run
backward into a shared leaf at the same time lose nothing.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import numpy as np

from autograd.engine import tensor_base as _tb
from autograd.engine.diffxp import diff_namespace
from autograd.engine.grad_mode import anomaly, state, watchers
from autograd.engine.node import FREED, Node, next_seq
from autograd.engine.tensor_base import TensorBase
from autograd.engine.views import refresh

_seq_of = attrgetter("seq")
_FLOAT32 = np.dtype(np.float32)
_accumulate_lock = threading.Lock()  # one .grad accumulation at a time, across threads
# Leaves with post-accumulate-grad hooks: id(leaf) -> (weak reference, hooks). While it is
# empty, backward does no extra work for them.
_post_hooks: dict[int, tuple] = {}


def _collect(roots: Sequence[Any], xp: Any) -> tuple[list[Node], bool]:
    """Every node reachable from the roots, newest first (iterative, any depth), and whether
    any of them runs on another backend than ``xp`` (a graph that spans devices)."""
    stack = [r._node for r in roots if r._node is not None]
    seen = set(stack)
    push = stack.append
    add = seen.add
    mixed = False
    while stack:
        node = stack.pop()
        if node.xp is not xp:
            mixed = True
        for edge in node.edges:
            if edge is not None:
                target = edge[0]
                if target.__class__ is Node and target not in seen:
                    add(target)
                    push(target)
    return sorted(seen, key=_seq_of, reverse=True), mixed


_task_ids = itertools.count()


def run_backward(roots: Sequence[Any], grad_roots: Sequence[Any], retain_graph: bool,
                 create_graph: bool, inputs: Sequence[Any] | None = None,
                 allow_unused: bool = False, input_hooks: bool = True) -> list | None:
    """``_run_backward``, announced to ``state.graph_tasks`` while it runs (the current
    graph task of ``autograd.graph``: its id, roots and inputs)."""
    tasks = state.graph_tasks
    tasks.append((next(_task_ids), roots, inputs))
    try:
        return _run_backward(roots, grad_roots, retain_graph, create_graph, inputs,
                             allow_unused, input_hooks)
    finally:
        tasks.pop()


def _run_backward(
    roots: Sequence[Any],
    grad_roots: Sequence[Any],
    retain_graph: bool,
    create_graph: bool,
    inputs: Sequence[Any] | None = None,
    allow_unused: bool = False,
    input_hooks: bool = True,
) -> list | None:
    """Replay the tape from ``roots``; the engine behind ``Tensor.backward`` and ``grad``.

    With ``inputs`` None, leaf gradients accumulate into ``.grad``. Otherwise nothing is
    accumulated: the gradients of ``inputs`` are returned, and only nodes that lead to them run;
    ``input_hooks=False`` returns them as they arrive, before the inputs' own gradient hooks
    and without going on into the history of an input (for a backward whose results are
    handed on to an outer one, which runs those hooks, and that history, once).
    """
    for r in roots:
        if r._view is not None and r._view_version != r._vc[0]:
            refresh(r)
    grads0 = _root_grads(roots, grad_roots, create_graph)
    xp = roots[0].device.backend
    order, switching = _collect(roots, xp)
    # an ag.compile capture records this pass as the arrays it computes (None almost always)
    cap = state.captures[-1] if watchers and state.captures else None
    if cap is not None:
        # (post-accumulate hooks run only when .grad is written: not with inputs=)
        cap = cap.begin_backward(grad_roots, grads0, create_graph or switching or
                                 anomaly.enabled or bool(state.profilers) or
                                 (bool(_post_hooks) and inputs is None), inputs is not None)
    pending: dict = {}  # Node -> gradient (a list of them for multi-output nodes)
    leaf_grads: dict = {}  # id(leaf) -> [leaf, gradient]
    for root, g in zip(roots, grads0):
        _add(pending, leaf_grads, root._node if root._node is not None else root,
             root._out_idx, g, cap)

    wanted_leaves, wanted_nodes, run = _select(order, inputs) if inputs is not None else (
        None, None, None)
    results: list = [None] * (len(inputs) if inputs is not None else 0)

    # Leaves with post-accumulate hooks get their .grad as soon as the last node that feeds
    # them has run (so a hook can start work, e.g. communication, while backward goes on).
    early = _hooked_leaves(order) if inputs is None and _post_hooks else None
    owned = set() if create_graph else {id(g) for g in grads0}

    check = anomaly.enabled
    prof = state.profilers[-1] if state.profilers else None  # times each node's backward
    plain = not (create_graph or prof is not None)  # call backward directly on raw arrays
    get = pending.get
    pop = pending.pop
    prev_mode = state.grad_enabled
    state.grad_enabled = create_graph
    # A GPU's backward runs with that GPU current: one guard for the whole pass, switched
    # per node only in a graph that spans devices.
    device = _DeviceSwitch(xp)
    try:
        for node in order:
            g = pop(node, None)
            if g is None:
                if early is not None and node in early[1]:
                    _release(node, early, leaf_grads, create_graph, owned)
                continue
            if switching and node.xp is not device.xp:
                device.use(node.xp)
            if not input_hooks and node in wanted_nodes:
                for idx, k in wanted_nodes[node]:  # as it arrived: no hooks, no further
                    results[k] = g if node.n_outputs == 1 else g[idx]
                continue
            if node.n_outputs != 1 or node.hooks is not None or node.retained is not None:
                if cap is not None:
                    cap = cap.check_node_hooks(node)
                g = _output_grads(node, g, create_graph)
                if cap is not None:
                    cap.record_materialized(g)
                multi = True
            else:
                multi = False
            if wanted_nodes is not None:
                if node in wanted_nodes:
                    for idx, k in wanted_nodes[node]:
                        results[k] = g[idx] if multi else g
                if node not in run:
                    continue
            if cap is not None:  # recorded as one call: not what the backward does inside
                gxs = _uncaptured_backward(node, g if multi else (g,))
            elif plain:
                gxs = node.fn.backward(node, *g) if multi else node.fn.backward(node, g)
            else:
                gxs = _call_backward(node, g if multi else (g,), create_graph, prof)
            if cap is not None:  # (what the backward returned, before it is made a tuple)
                cap = cap.record_backward(node, g if multi else (g,), gxs)
            if gxs.__class__ is not tuple:
                gxs = (gxs,)
            edges = node.edges
            if len(gxs) != len(edges):
                _check_count(node, gxs)
            if check:
                _check_finite(node, gxs)
            if early is not None and not create_graph:
                _mark_shared(gxs, owned)
            if not retain_graph:
                if node.packed is not None:  # what saved-tensor hooks kept goes too
                    node.packed = None
                node.saved = FREED
            # -- per edge: conform the gradient to its input, then add it to what it has
            for edge, gx in zip(edges, gxs):
                if edge is None or gx is None:
                    continue
                target, idx, shape, dtype = edge
                if gx.shape != shape or (gx.dtype is not dtype and gx.dtype != dtype):
                    raw = gx
                    gx = _conform(node, gx, edge, edges)
                    if cap is not None:
                        cap.record_conform(raw, gx, shape, dtype)
                if target.__class__ is Node and target.n_outputs == 1:
                    prev = get(target)
                    if prev is None:
                        pending[target] = gx
                    else:
                        pending[target] = total = prev + gx
                        if cap is not None:
                            cap.record_add(prev, gx, total)
                else:
                    _add(pending, leaf_grads, target, idx, gx, cap)
            if early is not None and node in early[1]:
                _release(node, early, leaf_grads, create_graph, owned)
    finally:
        state.grad_enabled = prev_mode
        device.leave()

    if inputs is not None:
        return _input_grads(inputs, results, leaf_grads, wanted_leaves, create_graph,
                            allow_unused, input_hooks)
    with _accumulate_lock:
        for leaf, g in leaf_grads.values():
            _store(leaf, g, create_graph, owned, cap)
    if _post_hooks:
        for leaf, _ in leaf_grads.values():
            _run_post_hooks(leaf)
    return None


def _uncaptured_backward(node: Node, grads: Sequence[Any]) -> Any:
    """A node's (first-order) backward during an ag.compile capture, which records the call
    itself: ops that the backward runs on tensors (a checkpoint's recomputation) are not
    recorded apart."""
    captures = state.captures
    state.captures = []
    try:
        return node.fn.backward(node, *grads)
    finally:
        state.captures = captures


def _store(leaf: Any, g: Any, create_graph: bool, owned: set, cap: Any = None) -> None:
    """Accumulate a leaf's gradient from this backward, through its hooks, into ``.grad``.
    A leaf's .grad gets memory of its own (optimizers update it in place): an array that
    another leaf, or the caller's gradient, already holds, or a read-only one, is copied; so
    is one a hook has seen (it may have kept it, and a later backward must not change it, as
    PyTorch's AccumulateGrad copies a gradient someone else still holds)."""
    hooks = leaf._hooks
    if cap is not None and hooks:
        cap = cap.refuse("a gradient hook on a leaf runs Python during backward")
    g = _hooked(hooks, g, leaf.device, create_graph)
    if not create_graph:
        base = g if g.base is None else g.base
        if hooks or id(base) in owned or not getattr(g.flags, "writeable", True):  # CuPy: none
            raw = g
            g = g.copy()
            if cap is not None:
                cap.record_copy(raw, g)
        else:
            owned.add(id(base))
    _accumulate(leaf, g, create_graph)
    if cap is not None:
        cap.record_leaf_store(leaf, g)


def _mark_shared(gxs: tuple, owned: set) -> None:
    """Count an array that a backward hands to several inputs (``Add``'s ``(g, g)``) as held
    elsewhere: a leaf that gets it while later nodes still read it must take a copy, or a
    post-accumulate hook writing into its ``.grad`` would change what those nodes read."""
    seen = set()
    for g in gxs:
        if g is not None:
            key = id(g if g.base is None else g.base)
            if key in seen:
                owned.add(key)
            seen.add(key)


def _hooked_leaves(order: list[Node]) -> tuple[dict, dict] | None:
    """For the leaves with post-accumulate hooks: how many edges of ``order`` lead to each,
    and which such leaves each node feeds; None when no node feeds one."""
    remaining: dict = {}
    by_node: dict = {}
    for node in order:
        for edge in node.edges:
            if edge is not None:
                target = edge[0]
                if target.__class__ is not Node and id(target) in _post_hooks:
                    remaining[id(target)] = remaining.get(id(target), 0) + 1
                    by_node.setdefault(node, []).append(target)
    return (remaining, by_node) if by_node else None


def _release(node: Node, early: tuple, leaf_grads: dict, create_graph: bool,
             owned: set) -> None:
    """``node`` has run: a hooked leaf that no later node feeds gets its .grad now."""
    remaining, by_node = early
    for leaf in by_node[node]:
        left = remaining[id(leaf)] = remaining[id(leaf)] - 1
        if left == 0:
            entry = leaf_grads.pop(id(leaf), None)
            if entry is not None:
                with _accumulate_lock:
                    _store(leaf, entry[1], create_graph, owned)
                _run_post_hooks(leaf)


def _run_post_hooks(leaf: Any) -> None:
    entry = _post_hooks.get(id(leaf))
    if entry is not None and entry[0]() is leaf:
        for hook in list(entry[1]):
            result = hook(leaf)
            if result is not None:
                raise RuntimeError("post accumulate grad hooks should return None, got "
                                   f"{type(result).__name__}")


class _DeviceSwitch:
    """The GPU guard the reverse loop is inside (none on the CPU), switched when a node of
    another device comes."""

    __slots__ = ("xp", "entered")

    def __init__(self, xp: Any) -> None:
        self.xp = None
        self.entered = None
        self.use(xp)

    def use(self, xp: Any) -> None:
        self.leave()
        self.xp = xp
        if xp.guard is not None:
            self.entered = xp.guard()
            self.entered.__enter__()

    def leave(self) -> None:
        if self.entered is not None:
            self.entered.__exit__(None, None, None)
            self.entered = None


def _add(pending: dict, leaf_grads: dict, target: Any, idx: int, g: Any,
         cap: Any = None) -> None:
    """Add ``g`` to what ``target`` (a node's output ``idx``, or a leaf) has received
    (``cap``: an ag.compile capture recording the sums)."""
    if target.__class__ is Node:
        n = target.n_outputs
        if n == 1:
            prev = pending.get(target)
            pending[target] = total = g if prev is None else prev + g
        else:
            slots = pending.get(target)
            if slots is None:
                slots = pending[target] = [None] * n
            prev = slots[idx]
            slots[idx] = total = g if prev is None else prev + g
    else:
        entry = leaf_grads.get(id(target))
        if entry is None:
            leaf_grads[id(target)] = [target, g]
            return
        prev = entry[1]
        entry[1] = total = prev + g
    if cap is not None and prev is not None:
        cap.record_add(prev, g, total)


def _select(order: list[Node], inputs: Sequence[Any]) -> tuple[dict, dict, set]:
    """For ``grad(outputs, inputs)``: where each input's gradient will appear, and the nodes
    that lead to an input (the only ones that need to run)."""
    wanted_leaves: dict = {}
    wanted_nodes: dict = {}
    for k, t in enumerate(inputs):
        if t._view is not None and t._view_version != t._vc[0]:
            refresh(t)
        if not t._requires_grad:
            raise RuntimeError(f"One of the differentiated Tensors (input {k}) does not "
                               "require grad")
        if t._node is None:
            wanted_leaves.setdefault(id(t), []).append(k)
        else:
            wanted_nodes.setdefault(t._node, []).append((t._out_idx, k))
    run = set()
    for node in reversed(order):  # oldest first: inputs before the nodes that use them
        for edge in node.edges:
            if edge is not None:
                target = edge[0]
                if (target in run or target in wanted_nodes) if target.__class__ is Node else (
                        id(target) in wanted_leaves):
                    run.add(node)
                    break
    return wanted_leaves, wanted_nodes, run


def _input_grads(inputs: Sequence[Any], results: list, leaf_grads: dict, wanted_leaves: dict,
                 create_graph: bool, allow_unused: bool, hooks: bool = True) -> list:
    for key, (leaf, g) in leaf_grads.items():
        positions = wanted_leaves.get(key)
        if positions is not None:
            if hooks:
                g = _hooked(leaf._hooks, g, leaf.device, create_graph)
            for k in positions:
                results[k] = g
    for k, g in enumerate(results):
        if g is None:
            if not allow_unused:
                raise RuntimeError(
                    f"One of the differentiated Tensors (input {k}) appears to not have been "
                    "used in the graph. Set allow_unused=True if this is the desired behavior."
                )
        elif not isinstance(g, TensorBase):
            results[k] = _tb.make(g, inputs[k].device)
    return results


def _call_backward(node: Node, grads: Sequence[Any], create_graph: bool, prof: Any) -> Any:
    """A node's backward under create_graph (on the differentiable namespace, so the gradient
    computation is itself recorded) or under the profiler."""
    raw = node.xp
    once = create_graph and node.fn.once_differentiable
    if once:
        grads_in = [g._data if isinstance(g, TensorBase) else g for g in grads]
    else:
        grads_in = grads
        if create_graph:
            node.xp = diff_namespace(raw)
    if prof is not None:
        t0 = prof.clock(raw)
    try:
        gxs = node.fn.backward(node, *grads_in)
    finally:
        node.xp = raw
    if gxs.__class__ is not tuple:
        gxs = (gxs,)
    if prof is not None:
        prof.record_backward(node, t0, gxs)
    if once:
        return _differentiate_once(node, grads, gxs)
    if create_graph:  # constants a backward returned as raw arrays join the graph as Tensors
        gxs = tuple(g if g is None or isinstance(g, TensorBase) else
                    _tb.make(raw.asarray(g), raw.device) for g in gxs)
    return gxs


def _conform(node: Node, gx: Any, edge: tuple, edges: tuple) -> Any:
    """A gradient summed back to its input's (broadcast) shape and cast to its dtype."""
    _, _, shape, dtype = edge
    graph = isinstance(gx, TensorBase)
    if gx.shape != shape:
        xp = diff_namespace(node.xp) if graph else node.xp
        gx = reduce_to(xp, gx, shape, node, next(k for k, e in enumerate(edges) if e is edge))
    if gx.dtype != dtype:
        gx = gx.to(dtype) if graph else gx.astype(dtype)
    return gx


def reduce_to(xp: Any, gx: Any, shape: tuple, node: Any, i: int) -> Any:
    """Sum a broadcast gradient back down to ``shape`` (the input ``i`` of ``node``); an input
    with extra leading ones (assigned into a slot without them) gets them back."""
    lead = gx.ndim - len(shape)
    raw = not xp.differentiable
    if lead > 0 and raw and tuple(gx.shape[lead:]) == shape:
        # only leading axes added: one sum (on the graph, PyTorch's sum_to makes a view of a
        # keepdims sum, which the general path below keeps)
        if gx.dtype.char == "e":  # float16 accumulates in float32, as PyTorch's sums do
            return gx.sum(axis=tuple(range(lead)), dtype=_FLOAT32).astype(gx.dtype)
        return gx.sum(axis=tuple(range(lead)))  # the method: no NumPy wrapper on the way
    if lead < 0 and all(n == 1 for n in shape[:-lead]):
        gx = xp.reshape(gx, shape[:-lead] + tuple(gx.shape))
        lead = 0
    if lead >= 0:
        axes = tuple(range(lead)) + tuple(
            lead + k for k, n in enumerate(shape) if n == 1 and gx.shape[lead + k] != 1
        )
        if axes:
            if raw and gx.dtype.char == "e":
                gx = gx.sum(axis=axes, keepdims=True, dtype=_FLOAT32).astype(gx.dtype)
            else:
                gx = xp.sum(gx, axis=axes, keepdims=True)
        if tuple(gx.shape[lead:]) == shape:
            return xp.reshape(gx, shape) if lead else gx
    raise RuntimeError(
        f"{node.name()} returned a gradient of shape {tuple(gx.shape)} for its input {i} "
        f"of shape {shape}"
    )


def _check_count(node: Node, gxs: tuple) -> None:
    """Extra trailing Nones are allowed (gradients for keyword-like attributes); anything
    else is the Function's mistake."""
    n = len(node.edges)
    if len(gxs) < n or any(g is not None for g in gxs[n:]):
        raise RuntimeError(
            f"function {node.name()} returned an incorrect number of gradients "
            f"(expected {n}, got {len(gxs)})"
        )


def _check_finite(node: Node, grads: tuple) -> None:
    for i, g in enumerate(grads):
        if g is None:
            continue
        data = g._data if isinstance(g, TensorBase) else g
        if data.dtype.kind in "fV" and not bool(node.xp.isfinite(data).all()):
            trace = "".join(node.forward_trace or ["(not recorded)\n"])
            inputs = "\n".join(node.forward_inputs or ["  (not recorded)"])
            bad = "nan" if bool(node.xp.isnan(data).any()) else "inf"
            raise RuntimeError(
                f"Function '{node.name()}' returned nan or inf values in its {i}th "
                f"output ({bad}; gradient of shape {tuple(data.shape)}, dtype {data.dtype}).\n"
                f"The forward call of {node.fn.__name__} had these inputs:\n{inputs}\n"
                f"Traceback of the forward call that made it:\n{trace}"
            )


def _root_grads(roots: Sequence[Any], grads: Sequence[Any], create_graph: bool) -> list:
    out = []
    for k, (root, g) in enumerate(zip(roots, grads)):
        if not root._requires_grad:
            raise RuntimeError(
                f"element {k} of tensors does not require grad and does not have a grad_fn"
            )
        if g is None:
            if root._data.size != 1:
                raise RuntimeError(
                    "grad can be implicitly created only for scalar outputs; the output has "
                    f"shape {tuple(root._data.shape)}: pass gradient= of that shape"
                )
            g = root.device.backend.ones(root._data.shape, dtype=root._data.dtype)
            g = _tb.make(g, root.device) if create_graph else g
        else:
            if not isinstance(g, TensorBase):
                raise TypeError(f"gradient must be a Tensor or None, got {type(g).__name__}")
            if g._data.shape != root._data.shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{k}] has a shape of "
                    f"{tuple(g._data.shape)} and output[{k}] has a shape of "
                    f"{tuple(root._data.shape)}"
                )
            if g.device is not root.device:
                raise RuntimeError(
                    f"grad_output[{k}] is on {g.device} but output[{k}] is on {root.device}"
                )
            if g._data.dtype != root._data.dtype:
                g = g.to(root._data.dtype)
            if not create_graph:
                g = g._data
        out.append(g)
    return out


# -- hooks and accumulation --------------------------------------------------------------------


def _output_grads(node: Node, g: Any, create_graph: bool) -> list:
    """The gradients of a node's outputs as a list: zeros for outputs that got none (unless
    the Function turned that off), through the outputs' hooks, into retained ``.grad``s."""
    if node.n_outputs == 1:
        grads = [g]
    else:
        grads = g
        if node.materialize_grads:
            for k, (shape, dtype) in enumerate(node.output_meta):
                if grads[k] is None:
                    z = node.xp.zeros(shape, dtype=dtype)
                    grads[k] = _tb.make(z, node.xp.device) if create_graph else z
    device = node.xp.device
    if node.hooks is not None:
        for idx, hooks in node.hooks.items():
            if grads[idx] is not None:
                grads[idx] = _hooked(hooks, grads[idx], device, create_graph)
    if node.retained is not None:
        for idx, ref in node.retained.items():
            tensor = ref()
            g = grads[idx]
            if tensor is None or g is None:
                continue
            if not create_graph:
                g = _tb.make(g.copy(), device)
            with _accumulate_lock:
                tensor.grad = g if tensor.grad is None else tensor.grad + g
    return grads


def _hooked(hooks: list | None, g: Any, device: Any, create_graph: bool) -> Any:
    """``g`` passed through each hook in turn (a hook may return a replacement)."""
    if not hooks:
        return g
    for hook in hooks:
        wrapped = g if create_graph else _tb.make(g, device)
        result = hook(wrapped)
        if result is None:
            continue
        if not isinstance(result, TensorBase):
            raise TypeError(
                f"a tensor hook must return a Tensor or None, got {type(result).__name__}")
        if result._data.shape != wrapped._data.shape:
            raise RuntimeError(
                f"hook {getattr(hook, '__name__', hook)!r} changed the gradient's shape from "
                f"{tuple(wrapped._data.shape)} to {tuple(result._data.shape)}"
            )
        if result._data.dtype != wrapped._data.dtype or result.device is not wrapped.device:
            raise RuntimeError(
                f"hook {getattr(hook, '__name__', hook)!r} has changed the type of value (was "
                f"{wrapped._data.dtype} on {wrapped.device}, got {result._data.dtype} on "
                f"{result.device})"
            )
        g = result if create_graph else result._data
    return g


def _accumulate(leaf: Any, g: Any, create_graph: bool) -> None:
    """Add a leaf's gradient from this backward into its ``.grad`` (under the lock)."""
    if leaf.device.backend.guard is not None:  # on a GPU, with that GPU current
        with leaf.device.backend.guard():
            return _accumulate_here(leaf, g, create_graph)
    return _accumulate_here(leaf, g, create_graph)


def _accumulate_here(leaf: Any, g: Any, create_graph: bool) -> None:
    # .grad is written through its slot: the gradient has the leaf's shape, dtype and device
    # already (the checks of Tensor.grad's setter are for users' assignments)
    set_grad = _tb.set_grad
    if create_graph:
        if leaf.grad is None:
            # a view would tie .grad to another tensor's memory and history (and could not
            # be detached in place by zero_grad): .grad gets its own, as PyTorch's does
            set_grad(leaf, g.clone() if g._view is not None else g)
        else:
            set_grad(leaf, leaf.grad + g)
        return
    old = leaf.grad
    if old is None:
        set_grad(leaf, _tb.make(_in_leaf_layout(leaf, _as_leaf_dtype(leaf, g)), leaf.device))
    elif old._requires_grad:  # a gradient kept from an earlier create_graph=True backward
        set_grad(leaf, old + _tb.make(g, leaf.device))
    elif g.dtype == old._data.dtype and getattr(old._data.flags, "writeable", True):
        # in place, as PyTorch's AccumulateGrad outside grad mode: a reference to .grad
        # taken before this backward sees the sum (a NumPy scalar is read-only: below)
        old._data += g
        old._vc[0] += 1
    else:
        set_grad(leaf, _tb.make(_as_leaf_dtype(leaf, old._data + g), leaf.device))


def _in_leaf_layout(leaf: Any, g: Any) -> Any:
    """``g`` laid out as PyTorch's AccumulateGrad lays out a new ``.grad``: with the leaf's
    strides (row-major for a row-major leaf, NHWC for a channels_last one), whatever layout
    backward computed it in (a transposed product's gradient is transposed), so that
    ``p.grad.view(-1)`` works wherever ``p.view(-1)`` does."""
    data = leaf._data
    if g.strides == data.strides or g.ndim == 0:
        return g
    if data.flags.c_contiguous:
        return leaf.device.backend.ascontiguousarray(g)
    out = leaf.device.backend.empty_like(data)  # order "K": the leaf's own layout
    out[...] = g
    return out


def _as_leaf_dtype(leaf: Any, g: Any) -> Any:
    """``g`` in the leaf's dtype: a backend without bfloat16 kernels (CuPy without ml_dtypes'
    loops) sums two bfloat16 gradients in float32."""
    dtype = leaf._data.dtype
    return g if g.dtype is dtype or g.dtype == dtype else g.astype(dtype)


# -- once-differentiable backwards under create_graph -------------------------------------------


class _OnceDifferentiable:
    """The tape entry behind gradients that a once-differentiable backward made under
    create_graph=True: a later backward that reaches it raises, naming the op."""

    once_differentiable = False

    @staticmethod
    def backward(ctx: Node, *grads: Any) -> Any:
        raise RuntimeError(
            "trying to differentiate twice a function that was marked with "
            f"@once_differentiable ({ctx.op})"
        )


def _differentiate_once(node: Node, grads: Sequence[Any], gxs: tuple) -> tuple:
    """Wrap a once-differentiable backward's raw results as Tensors hanging from an
    ``_OnceDifferentiable`` node that depends on the op's inputs and on the incoming grads."""
    edges = [e for e in node.edges if e is not None]
    for g in grads:
        if isinstance(g, TensorBase) and g._requires_grad:
            edges.append((g._node if g._node is not None else g, g._out_idx, g._data.shape,
                          g._data.dtype))
    marker = Node(_OnceDifferentiable, node.xp)
    marker.seq = next_seq()
    marker.edges = tuple(edges)
    marker.n_outputs = len(gxs)
    marker.materialize_grads = False
    marker.op = node.name()
    device = node.xp.device
    return tuple(None if g is None else _tb.make(node.xp.asarray(g), device, True, marker, k)
                 for k, g in enumerate(gxs))


# -- the public entry points ---------------------------------------------------------------------


def _as_list(tensors: Any) -> list:
    return [tensors] if isinstance(tensors, TensorBase) else list(tensors)


def _with_gradients(op: str, tensors: Any, grads: Any) -> tuple[list, list]:
    """The roots of a backward and one gradient (or None) for each."""
    roots = _as_list(tensors)
    gouts = [None] * len(roots) if grads is None else _as_list(grads)
    if len(gouts) != len(roots):
        raise RuntimeError(f"{op}: got {len(roots)} tensors and {len(gouts)} gradients")
    return roots, gouts


def backward(tensors: Any, grad_tensors: Any = None, retain_graph: bool | None = None,
             create_graph: bool = False, inputs: Sequence[Any] | None = None) -> None:
    """Accumulate the gradients of ``tensors`` into the leaves' ``.grad``
    (``torch.autograd.backward``); with ``inputs``, only into those."""
    roots, gouts = _with_gradients("backward", tensors, grad_tensors)
    if retain_graph is None:
        retain_graph = create_graph
    if inputs is None:
        run_backward(roots, gouts, retain_graph, create_graph)
        return
    inputs = _as_list(inputs)
    if not inputs:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    grads = run_backward(roots, gouts, retain_graph, create_graph, inputs=inputs,
                         allow_unused=True)
    with _accumulate_lock:
        for t, g in zip(inputs, grads):
            if g is not None:
                t.grad = g if t.grad is None else t.grad + g


def grad(
    outputs: Any,
    inputs: Any,
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool | None = None,
    materialize_grads: bool = False,
    is_grads_batched: bool = False,
) -> tuple:
    """The gradients of ``outputs`` with respect to ``inputs``, without touching ``.grad``
    (``torch.autograd.grad``). With ``create_graph=True`` the result is itself differentiable
    (higher-order gradients). With ``is_grads_batched=True`` the first dimension of every
    ``grad_outputs`` entry is a batch, one backward each (PyTorch vmaps over it)."""
    for name, flag in (("allow_unused", allow_unused), ("retain_graph", retain_graph)):
        if flag is not None and not isinstance(flag, int):  # PyTorch takes any int as a flag
            raise TypeError(f"grad(): argument '{name}' must be a bool (or None), not "
                            f"{type(flag).__name__}")
    if is_grads_batched:
        return _grad_batched(outputs, inputs, grad_outputs, retain_graph, create_graph,
                             allow_unused, materialize_grads)
    outs, gouts = _with_gradients("grad", outputs, grad_outputs)
    ins = _as_list(inputs)
    if not outs:
        raise RuntimeError("grad requires non-empty outputs.")
    if not ins:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if retain_graph is None:
        retain_graph = create_graph
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when "
                         "materialize_grads=True, but got: allow_unused=False.")
    results = run_backward(outs, gouts, retain_graph, create_graph, inputs=ins,
                           allow_unused=bool(allow_unused) or materialize_grads)
    if materialize_grads:
        results = [_tb.make(t.device.backend.zeros(t._data.shape, dtype=t._data.dtype),
                            t.device) if g is None else g for t, g in zip(ins, results)]
    return tuple(results)


def _grad_batched(outputs: Any, inputs: Any, grad_outputs: Any, retain_graph: bool | None,
                  create_graph: bool, allow_unused: bool | None,
                  materialize_grads: bool) -> tuple:
    """``grad(..., is_grads_batched=True)``: one backward per row of the batched
    ``grad_outputs``, the results stacked along a new first dimension."""
    outs, gouts = _with_gradients("grad", outputs, grad_outputs)
    if any(g is None for g in gouts):
        raise RuntimeError("grad: is_grads_batched=True needs a batched tensor in "
                           "grad_outputs for every output")
    sizes = {int(g.shape[0]) if g.ndim else -1 for g in gouts}
    if len(sizes) != 1 or -1 in sizes:
        raise RuntimeError("grad: with is_grads_batched=True every grad_outputs entry needs "
                           f"the same batch size in its first dimension, got {sorted(sizes)}")
    (n,) = sizes
    rows = [grad(outs, inputs, [g[i] for g in gouts], True if i < n - 1 else retain_graph,
                 create_graph, allow_unused, materialize_grads) for i in range(n)]
    stack = diff_namespace(gouts[0].device.backend).stack
    return tuple(None if any(r[k] is None for r in rows) else stack([r[k] for r in rows])
                 for k in range(len(rows[0]) if rows else 0))


def register_tensor_hook(t: Any, hook: Any) -> list:
    """Add ``hook`` to a tensor's gradient hooks (its node's for a non-leaf); the hook list."""
    if t._node is None:
        if t._hooks is None:
            t._hooks = []
        t._hooks.append(hook)
        return t._hooks
    return t._node.add_hook(t._out_idx, hook)


def register_post_accumulate_grad_hook(t: Any, hook: Any) -> list:
    """Call ``hook(t)`` after a backward has accumulated into leaf ``t``'s ``.grad``; the
    leaf's list of such hooks."""
    key = id(t)
    entry = _post_hooks.get(key)
    if entry is None or entry[0]() is not t:

        def forget(ref: Any, key: int = key) -> None:
            if _post_hooks.get(key, (None,))[0] is ref:
                del _post_hooks[key]

        entry = _post_hooks[key] = (weakref.ref(t, forget), [])
    entry[1].append(hook)
    return entry[1]


def remove_post_accumulate_grad_hook(t: Any, hook: Any) -> None:
    """Take ``hook`` off leaf ``t`` again (the last one off leaves backward as it was)."""
    entry = _post_hooks.get(id(t))
    if entry is not None and entry[0]() is t and hook in entry[1]:
        entry[1].remove(hook)
        if not entry[1]:
            del _post_hooks[id(t)]


def retain_grad(t: Any) -> None:
    """Keep the gradient of a non-leaf in its ``.grad`` during backward."""
    if t._node is not None:
        t._node.retain(t._out_idx, weakref.ref(t))
