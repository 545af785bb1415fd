"""In-place ops: ``inplace`` (behind every ``x.op_()``, ``x[key] = v`` and ``x += y``) and
``CopySlices``, the tape entry that rebases a tensor's history when a view of it is written.

``inplace(t, fn, *args)`` runs the out-of-place op ``fn(t, *args)`` (recorded like any op),
writes the result into ``t``'s memory and bumps the version counter that ``t`` shares with its
base and every view. When the op was recorded:

- ``t`` is not a view: ``t`` simply becomes the op's output on the tape;
- ``t`` is a view: its base's history is rebased onto a ``CopySlices`` node ("the base, with
  the view's region replaced by the op's output"), so gradients reach everything that wrote
  into the base; ``t`` itself (and every other view of the base) is regenerated from the
  rebased base the next time it is used (``autograd.engine.views.refresh``).

Only the view's region is written: the base is never copied. Values a recorded node saved
from memory about to be overwritten get a private copy first; values saved earlier are caught
by the version check at backward, as in PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd.engine.backward import reduce_to
from autograd.engine.grad_mode import state, watchers
from autograd.engine.node import FREED, Node, next_seq
from autograd.engine.tensor_base import INFERENCE_VC, TensorBase
from autograd.engine.views import CREATION, DEFAULT, chain, rebase_error, refresh, replay, root

_new = object.__new__


def inplace(t: Any, fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Run ``fn(t, *args, **kwargs)`` out of place, write the result into ``t``'s memory, bump
    the version and, when the op was recorded, make it ``t``'s history (see the module).

    Everything that can refuse the op is checked before any memory is written (``fn`` may
    write into ``t``'s memory itself, returning it, as ``index_put_`` does)."""
    name = fn.__name__.rstrip("_") + "_"
    check_writable(t, name)
    if t._vc is INFERENCE_VC and not state.inference:
        raise RuntimeError(f"{name}: Inplace update to inference tensor outside InferenceMode is "
                           "not allowed. You can make a clone to get a normal tensor before "
                           "doing inplace update.")
    view = t._view
    base = None
    if state.grad_enabled:
        if view is not None and t._view_version != t._vc[0]:
            refresh(t)
        if t._requires_grad or _any_requires_grad(args, kwargs):
            if t._node is None and t._requires_grad:
                raise RuntimeError(
                    f"{name}: a leaf Variable that requires grad (shape "
                    f"{list(t._data.shape)}) is being used in an in-place operation. Do it "
                    "under autograd.no_grad(), or on a clone()."
                )
            if view is not None:
                if view[CREATION] != DEFAULT:
                    raise rebase_error(t, indirect=False, op=name)
                base = root(t)
                if base._node is None and base._requires_grad:
                    raise RuntimeError(
                        f"{name}: a view of a leaf Variable that requires grad is being used in "
                        f"an in-place operation (view of shape {list(t._data.shape)} of a leaf "
                        f"of shape {list(base._data.shape)}). Do it under autograd.no_grad(), "
                        "or on a clone()."
                    )
        elif view is not None and view[CREATION] != DEFAULT and root(t)._requires_grad:
            # a view taken in no_grad (or inference) mode of a tensor that requires grad: the
            # write would change that tensor behind its history's back
            raise rebase_error(t, indirect=False, op=name)
    data = t._data
    since = next_seq()
    result = fn(t, *args, **kwargs)
    out = result._data
    if out.shape != data.shape:
        raise RuntimeError(
            f"{name}: output with shape {list(data.shape)} doesn't match the broadcast shape "
            f"{list(out.shape)}"
        )
    if out.dtype != data.dtype and _CATEGORY[out.dtype.kind] > _CATEGORY[data.dtype.kind]:
        raise RuntimeError(
            f"{name}: result type {out.dtype} can't be cast to the desired output type "
            f"{data.dtype}"
        )
    recorded = result._node is not None
    if recorded:
        _unshare_saved(result._node, data, since, t._vc)
    if out is not data:
        data[...] = out
        if watchers and state.captures:  # an ag.compile capture replays the write
            state.captures[-1].record_write(data, out)
    t._vc[0] += 1
    if recorded:
        if view is None:
            prev, prev_idx = t._node, t._out_idx
            t._node = result._node
            t._out_idx = result._out_idx
            t._requires_grad = True
            if prev is not None and prev.retained is not None:
                _move_retained(prev, prev_idx, t)
        else:
            _rebase(base if base is not None else root(t), t, result._node)
    return t


# PyTorch's casting rule for a result written into a tensor: never into a lower category
# (floating into integer, integer into bool); any width within one (int16 into uint8 wraps)
_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2, "V": 2, "c": 3}


def _move_retained(prev: Any, idx: int, t: Any) -> None:
    """``retain_grad`` follows the tensor to the node of its new version, as PyTorch's does:
    its ``.grad`` is the gradient of the value it holds now."""
    ref = prev.retained.get(idx)
    if ref is not None and ref() is t:
        del prev.retained[idx]
        if not prev.retained:
            prev.retained = None
        t._node.retain(t._out_idx, ref)


def check_writable(t: Any, name: str) -> None:
    """PyTorch's error for writing into a tensor whose elements share memory (an expanded
    view): the write would be ambiguous."""
    data = t._data
    if data.size > 1 and 0 in data.strides and any(
            s == 0 and n > 1 for s, n in zip(data.strides, data.shape)):
        raise RuntimeError(
            f"{name}: unsupported operation: more than one element of the written-to tensor "
            f"refers to a single memory location (shape {list(data.shape)}, strides "
            f"{[s // data.itemsize for s in data.strides]}). Please clone() the tensor before "
            "performing the operation."
        )


def _any_requires_grad(args: tuple, kwargs: dict) -> bool:
    for a in args:
        if isinstance(a, TensorBase) and a.requires_grad:
            return True
    for a in kwargs.values():
        if isinstance(a, TensorBase) and a.requires_grad:
            return True
    return False


def _unshare_saved(node: Node, array: Any, since: int, vc: list) -> None:
    """Give the nodes the in-place op just recorded (seq > ``since``) that saved memory of
    ``array``, which is about to be overwritten, a private copy: their backward needs the old
    values. (A bfloat16 input saved as the float32 copy its op computed on, whose version
    counter is ``vc``, is private already.)"""
    xp = node.xp
    stack = [node] if node.seq > since else []
    seen = set()
    old = {}
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        saved = n.saved
        if saved:
            for k, value in enumerate(saved):
                infos = n.saved_versions
                if (infos is not None and infos[k] is not None and infos[k][0] is vc
                        and getattr(value, "dtype", None) != array.dtype):
                    n.saved_versions = infos[:k] + (([0], 0, infos[k][2]),) + infos[k + 1:]
                    continue
                if value is array or (hasattr(value, "shape") and
                                      xp.may_share_memory(value, array)):
                    copy = old.get(id(value))
                    if copy is None:
                        copy = old[id(value)] = value.copy()
                    if watchers and state.captures:
                        state.captures[-1].record_unshare(n, k, copy)
                    n.saved = saved = saved[:k] + (copy,) + saved[k + 1:]
                    infos = n.saved_versions
                    if infos is not None and infos[k] is not None:
                        # the copy is private: nothing can modify it, only its source matters
                        n.saved_versions = infos[:k] + (([0], 0, infos[k][2]),) + infos[k + 1:]
        for edge in n.edges:
            if edge is not None and edge[0].__class__ is Node and edge[0].seq > since:
                stack.append(edge[0])


def _rebase(base: Any, view: Any, op: Node) -> None:
    """Make ``base``'s history "the old base, with the region ``view`` replaced by the output
    of ``op``" (``op`` being the in-place op recorded on ``view``)."""
    node = _new(Node)
    node.fn = CopySlices
    node.xp = op.xp
    node.saved = None
    node.saved_versions = None
    node.n_outputs = 1
    node.op = op
    node.steps = chain(view)
    base_edge = None
    if base._node is not None:
        base_edge = (base._node, base._out_idx, base._data.shape, base._data.dtype)
    node.edges = (base_edge,) + op.edges[1:]
    node.seq = next_seq()
    base._node = node
    base._out_idx = 0
    base._requires_grad = True
    if state.tapes:
        for tape in state.tapes:  # the rebase is an entry of the visible tape too
            tape.record(CopySlices, (base,), (base,), node)
    if state.captures:
        name = op.fn.__name__.lower()
        state.captures[-1].refuse(f"an in-place op on a view ({name}_) rebases a history")


class CopySlices:
    """The history of a base after an in-place op on one of its views (PyTorch's CopySlices):
    the op's gradient inside the view's region, the base's old history outside it."""

    once_differentiable = False

    @staticmethod
    def backward(ctx: Node, gy: Any) -> tuple:
        # y = base with y[region] = op(base[region], *others): outside the region dy flows to
        # the old base unchanged; inside, op's backward splits dy[region] between the region's
        # old values and the op's other inputs
        xp = ctx.xp
        op = ctx.op
        if op.fn.once_differentiable and xp.differentiable:
            raise RuntimeError(
                f"{op.fn.__name__.lower()}_: an in-place op on a view whose backward is "
                "once-differentiable cannot be differentiated twice")
        if ctx.saved is FREED:  # a second backward: the op's saved values are gone too
            op.saved = FREED
        keep_base = ctx.needs_input_grad[0]
        # The view steps are replayed on a C-contiguous gradient, on which every step is a view
        # (a reshape of a transposed gradient would copy, and the write below would be lost).
        if xp.differentiable:
            if keep_base or not gy.is_contiguous():
                gy = xp.copy(gy)  # a clone: C order
        elif keep_base or not gy.flags.c_contiguous:
            gy = xp.array(gy, order="C")
        g_base = gy
        region = replay(ctx.steps, g_base, xp)
        raw = op.xp
        op.xp = xp  # the op's backward runs on the same namespace (raw or differentiable)
        try:
            grads = op.fn.backward(op, xp.copy(region))
        finally:
            op.xp = raw
        if grads.__class__ is not tuple:
            grads = (grads,)
        if keep_base:
            g_region = grads[0]
            if g_region is None:
                region[...] = 0
            else:
                if g_region.shape != region.shape:
                    g_region = reduce_to(xp, g_region, tuple(region.shape), op, 0)
                region[...] = g_region
        return (g_base if keep_base else None,) + tuple(grads[1:len(op.edges)])
