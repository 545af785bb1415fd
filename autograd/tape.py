"""The tape: Node (one entry per recorded op), the backward engine, and ``Tape``.

Every differentiable call made while grad mode is on and an input requires grad creates a
``Node`` with a number from one global counter. The output Tensor points to its Node; the Node
points only to its inputs (``edges``), never to its output, so a graph is freed by reference
counting alone. Sequence order is a valid topological order: ``backward`` collects the nodes
reachable from the roots without recursion, replays them newest first, and reduces every
gradient to its input's shape and dtype (ops never unbroadcast themselves).
"""

from __future__ import annotations

import itertools
import traceback
import weakref
from collections.abc import Iterator, Sequence
from operator import attrgetter
from typing import Any

from autograd import grad_mode
from autograd.tensor import Tensor, _make

_counter = itertools.count()
next_seq = _counter.__next__
_seq_of = attrgetter("seq")
active_tapes: list[Tape] = []


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


def _reduce_to(xp: Any, gx: Any, shape: tuple, node: Node, i: int) -> Any:
    """Sum a broadcast gradient back down to ``shape``."""
    lead = gx.ndim - len(shape)
    if lead < 0:
        raise RuntimeError(
            f"{node.name}Backward returned a gradient of shape {tuple(gx.shape)} for its "
            f"input {i} of shape {shape}"
        )
    axes = tuple(range(lead)) + tuple(
        lead + k for k, n in enumerate(shape) if n == 1 and gx.shape[lead + k] != 1
    )
    if axes:
        gx = xp.sum(gx, axis=axes, keepdims=True)
    if tuple(gx.shape[lead:]) != shape:
        raise RuntimeError(
            f"{node.name}Backward returned a gradient of shape {tuple(gx.shape)} for its "
            f"input {i} of shape {shape}"
        )
    return xp.reshape(gx, shape) if lead else gx


def _position(edges: tuple, edge: tuple) -> int:
    return next(k for k, e in enumerate(edges) if e is edge)


def _check_count(node: Node, gxs: tuple) -> None:
    """Extra trailing Nones are allowed (gradients for keyword-like attributes); anything
    else is the Function's mistake."""
    n = len(node.edges)
    if len(gxs) < n or any(g is not None for g in gxs[n:]):
        raise RuntimeError(
            f"function {node.name}Backward returned an incorrect number of gradients "
            f"(expected {n}, got {len(gxs)})"
        )


def _check_finite(node: Node, grads: tuple) -> None:
    for i, g in enumerate(grads):
        if g is None:
            continue
        data = g._data if isinstance(g, Tensor) else g
        if data.dtype.kind == "f" and not bool(node.xp.isfinite(data).all()):
            trace = "".join(node.forward_trace or ["(not recorded)\n"])
            raise RuntimeError(
                f"Function '{node.name}Backward' returned nan or inf values in its {i}th "
                f"output.\nTraceback of the forward call that made it:\n{trace}"
            )


def _root_grads(roots: Sequence[Tensor], grads: Sequence[Any], create_graph: bool) -> list:
    out = []
    for k, (root, g) in enumerate(zip(roots, grads)):
        if not root.requires_grad:
            raise RuntimeError(
                f"element {k} of tensors does not require grad and does not have a grad_fn"
            )
        if g is None:
            if root._data.size != 1:
                raise RuntimeError(
                    "grad can be implicitly created only for scalar outputs; the output has "
                    f"shape {tuple(root.shape)}: pass gradient= of that shape"
                )
            xp = root.device.backend
            g = xp.ones(root._data.shape, dtype=root._data.dtype)
            g = _make(g, root.device, False, None, 0) if create_graph else g
        else:
            if not isinstance(g, Tensor):
                raise TypeError(f"gradient must be a Tensor, got {type(g).__name__}")
            if g.shape != root.shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{k}] has a shape of {tuple(g.shape)} and "
                    f"output[{k}] has a shape of {tuple(root.shape)}"
                )
            if g.device is not root.device:
                raise RuntimeError(
                    f"grad_output[{k}] is on {g.device} but output[{k}] is on {root.device}"
                )
            if g.dtype != root.dtype:
                g = g.to(root.dtype)
            if not create_graph:
                g = g._data
        out.append(g)
    return out


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
    # The common case (plain .backward(), no anomaly mode) takes a lean path per node.
    simple = not (create_graph or check or inputs is not None)
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
            try:
                gxs = node.fn.backward(node, *(_raw_grads(grads) if once else grads))
            finally:
                node.xp = raw
            if gxs.__class__ is not tuple:
                gxs = (gxs,)
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


class _OnceDifferentiable:
    """The tape entry behind gradients that a once-differentiable backward made under
    create_graph=True: a later backward that reaches it raises, naming the op."""

    once_differentiable = False

    @staticmethod
    def backward(ctx: Node, *grads: Any) -> Any:
        raise RuntimeError(
            "trying to differentiate twice a function that was marked with "
            f"@once_differentiable ({ctx.op}Backward)"
        )


def _raw_grads(grads: list) -> list:
    return [g._data if isinstance(g, Tensor) else g for g in grads]


def _differentiate_once(node: Node, grads: list, gxs: tuple) -> tuple:
    """Wrap a once-differentiable backward's raw results as Tensors hanging from an
    ``_OnceDifferentiable`` node that depends on the op's inputs and on the incoming grads."""
    edges = [e for e in node.edges if e is not None]
    for g in grads:
        if isinstance(g, Tensor) and g.requires_grad:
            edges.append((g._node if g._node is not None else g, g._out_idx, g._data.shape,
                          g._data.dtype))
    marker = Node(_OnceDifferentiable, node.xp)
    marker.seq = next_seq()
    marker.edges = tuple(edges)
    marker.n_outputs = len(gxs)
    marker.materialize_grads = False
    marker.op = node.name
    device = node.xp.device
    return tuple(None if g is None else _make(node.xp.asarray(g), device, True, marker, k)
                 for k, g in enumerate(gxs))


def _hooked_leaf_grad(leaf: Tensor, g: Any, create_graph: bool) -> Any:
    hooks = leaf._hooks
    if hooks:
        for hook in hooks:
            g = _call_hook(hook, g, leaf.device, create_graph)
    return g


def _call_hook(hook: Any, g: Any, device: Any, create_graph: bool) -> Any:
    wrapped = g if create_graph else _make(g, device, False, None, 0)
    result = hook(wrapped)
    if result is None:
        return g
    if not isinstance(result, Tensor):
        raise TypeError(f"a tensor hook must return a Tensor or None, got {type(result).__name__}")
    if result.shape != wrapped.shape:
        raise RuntimeError(
            f"hook {getattr(hook, '__name__', hook)!r} changed the gradient's shape from "
            f"{tuple(wrapped.shape)} to {tuple(result.shape)}"
        )
    return result if create_graph else result._data


def _accumulate(leaf: Tensor, g: Any, create_graph: bool) -> None:
    if create_graph:
        leaf.grad = g if leaf.grad is None else leaf.grad + g
        return
    old = leaf.grad
    if old is None:
        leaf.grad = _make(g, leaf.device, False, None, 0)
    elif old.requires_grad:  # a gradient kept from an earlier create_graph=True backward
        leaf.grad = old + _make(g, leaf.device, False, None, 0)
    else:
        leaf.grad = _make(old._data + g, leaf.device, False, None, 0)


def _run_node_hooks(node: Node, grads: list, create_graph: bool) -> None:
    device = node.xp.device
    if node.hooks is not None:
        for idx, hooks in node.hooks.items():
            if grads[idx] is not None:
                for hook in hooks:
                    grads[idx] = _call_hook(hook, grads[idx], device, create_graph)
    if node.retained is not None:
        for idx, ref in node.retained.items():
            tensor = ref()
            g = grads[idx]
            if tensor is None or g is None:
                continue
            if not create_graph:
                g = _make(g.copy(), device, False, None, 0)
            tensor.grad = g if tensor.grad is None else tensor.grad + g


# -- the tape made visible ------------------------------------------------------------------


class TapeEntry:
    """One op recorded by a ``Tape``: its name and its inputs' and outputs' metadata."""

    __slots__ = ("name", "inputs", "outputs", "node")

    def __init__(self, name: str, inputs: tuple, outputs: tuple, node: Node | None) -> None:
        self.name = name
        self.inputs = inputs  # ((shape, dtype, device), ...) of the tensor arguments
        self.outputs = outputs
        self.node = node  # None when the op was not recorded for backward

    @property
    def input_shapes(self) -> list:
        return [m[0] for m in self.inputs]

    @property
    def output_shapes(self) -> list:
        return [m[0] for m in self.outputs]

    def __iter__(self) -> Iterator:
        return iter((self.name, self.inputs, self.outputs))

    def __repr__(self) -> str:
        return (f"TapeEntry({self.name}, in={self.input_shapes}, out={self.output_shapes}, "
                f"grad={'yes' if self.node is not None else 'no'})")


class Tape:
    """``with autograd.Tape() as tape:`` records every op run inside it.

    The same tape the engine uses, made visible (TensorFlow's ``GradientTape`` reads the same):
    ``tape.gradient(target, sources)``, ``len(tape)``, iteration over entries (op name, input
    and output shapes, dtypes and devices), ``print(tape)`` as a table, ``tape.to_dot()``.
    Sources must require grad (there is no ``watch``: ``requires_grad`` says it).
    """

    def __init__(self) -> None:
        self.entries: list[TapeEntry] = []

    def __enter__(self) -> Tape:
        active_tapes.append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        active_tapes.remove(self)

    def record(self, fn: type, args: tuple, outputs: tuple, node: Node | None) -> None:
        meta = tuple((tuple(a.shape), str(a.dtype), str(a.device)) for a in args
                     if isinstance(a, Tensor))
        out = tuple((tuple(o.shape), str(o.dtype), str(o.device)) for o in outputs)
        self.entries.append(TapeEntry(fn.__name__, meta, out, node))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[TapeEntry]:
        return iter(self.entries)

    def __getitem__(self, i: int) -> TapeEntry:
        return self.entries[i]

    def gradient(self, target: Tensor, sources: Tensor | Sequence[Tensor],
                 output_gradients: Tensor | None = None) -> Any:
        """d target / d sources (a list for a list of sources; None for an unused source).

        The graph is kept, so ``gradient`` may be called more than once.
        """
        single = isinstance(sources, Tensor)
        srcs = [sources] if single else list(sources)
        grads = grad(target, srcs, grad_outputs=output_gradients, retain_graph=True,
                     allow_unused=True)
        return grads[0] if single else list(grads)

    def __str__(self) -> str:
        header = ("#", "op", "inputs", "outputs", "dtype", "device", "grad")
        rows = [header]
        for k, e in enumerate(self.entries):
            ins = ", ".join(str(list(m[0])) for m in e.inputs)
            outs = ", ".join(str(list(m[0])) for m in e.outputs)
            dtype = e.outputs[0][1] if e.outputs else ""
            device = e.outputs[0][2] if e.outputs else ""
            rows.append((str(k), e.name, ins, outs, dtype, device,
                         "yes" if e.node is not None else "no"))
        widths = [max(len(r[c]) for r in rows) for c in range(len(header))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Tape of {len(self.entries)} ops>"

    def to_dot(self) -> str:
        """The recorded graph as Graphviz ``dot`` text (ops as boxes, leaves as ellipses)."""
        lines = ["digraph tape {", "  rankdir=LR;", "  node [fontname=Helvetica];"]
        ids: dict = {}
        for k, e in enumerate(self.entries):
            label = f"{e.name}\\n{' x '.join(str(list(m[0])) for m in e.outputs)}"
            lines.append(f'  op{k} [shape=box, label="{label}"];')
            if e.node is not None:
                ids[e.node] = k
        leaf_ids: dict = {}
        for k, e in enumerate(self.entries):
            if e.node is None:
                continue
            for edge in e.node.edges:
                if edge is None:
                    continue
                target = edge[0]
                if target.__class__ is Node:
                    if target in ids:
                        lines.append(f"  op{ids[target]} -> op{k};")
                else:
                    name = leaf_ids.get(id(target))
                    if name is None:
                        name = leaf_ids[id(target)] = f"leaf{len(leaf_ids)}"
                        lines.append(f'  {name} [shape=ellipse, label="{list(target.shape)}"];')
                    lines.append(f"  {name} -> op{k};")
        lines.append("}")
        return "\n".join(lines)


class detect_anomaly:
    """Context manager / decorator: name the op whose backward first made a NaN or Inf.

    Each op records the stack of its forward call; backward checks every gradient it makes.
    Slow: for debugging only.
    """

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan

    def __enter__(self) -> detect_anomaly:
        self._prev = anomaly.enabled
        anomaly.enabled = self.check_nan
        return self

    def __exit__(self, *exc: Any) -> None:
        anomaly.enabled = self._prev

    def __call__(self, fn: Any) -> Any:
        import functools

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with detect_anomaly(self.check_nan):
                return fn(*args, **kwargs)

        return wrapper


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


def forward_trace() -> list[str]:
    """The current stack, for anomaly mode (without the engine's own frames)."""
    return traceback.format_stack()[:-3]


def register_node_hook(node: Node, idx: int, hook: Any) -> None:
    if node.hooks is None:
        node.hooks = {}
    node.hooks.setdefault(idx, []).append(hook)


def retain(node: Node, idx: int, tensor: Tensor) -> None:
    if node.retained is None:
        node.retained = {}
    node.retained[idx] = weakref.ref(tensor)
