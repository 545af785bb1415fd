"""What the backward engine does to single gradients: seeding the roots, checking and
reducing what a backward returned to its input's shape, tensor and node hooks, accumulation
into ``.grad``, and the tape entry behind a once-differentiable backward under
``create_graph=True``. Exported from ``autograd.tape``.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from autograd.tape import Node, next_seq
from autograd.tensor import Tensor, _make


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


def register_node_hook(node: Node, idx: int, hook: Any) -> None:
    if node.hooks is None:
        node.hooks = {}
    node.hooks.setdefault(idx, []).append(hook)


def retain(node: Node, idx: int, tensor: Tensor) -> None:
    if node.retained is None:
        node.retained = {}
    node.retained[idx] = weakref.ref(tensor)
