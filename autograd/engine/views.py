"""Differentiable views: what a view remembers, and how its history is brought up to date.

A view (the output of a Function with ``is_view = True``: reshape, view, transpose, permute,
squeeze, unsqueeze, expand, basic indexing, narrow, split, unbind ...) shares its base's memory
and version counter, and remembers how it was taken: the Function, its arguments (the first
being the tensor it views), and the version at which its ``_node`` was last right. When the
base or another view of it is modified in place, the version moves on and the view's ``_node``
is stale: it is regenerated lazily, by taking the view again from its (now rebased) parent, the
first time the view is used (PyTorch regenerates a view's grad_fn the same way).
"""

from __future__ import annotations

from typing import Any

from autograd.engine.grad_mode import state
from autograd.engine.node import Node

# How a view was made (PyTorch's CreationMeta): in-place ops on views of the last three kinds
# are refused when they would need to be recorded, as in PyTorch.
DEFAULT, NO_GRAD_MODE, INFERENCE_MODE, MULTI_OUTPUT = 0, 1, 2, 3

# What a view remembers, its ``_view``: a plain tuple (one is made per view op, so it is kept
# cheap) of (fn, args, attrs, creation, output_nr): the view was taken as
# ``fn.apply(*args, **attrs)``, ``args[0]`` being the tensor it views, in mode ``creation``, as
# output ``output_nr``. Its ``_view_version`` is the version at which its ``_node`` was last up
# to date.
FN, ARGS, ATTRS, CREATION, OUTPUT_NR = range(5)


def parent(t: Any) -> Any:
    """The tensor a view was taken of."""
    return t._view[ARGS][0]


def root(t: Any) -> Any:
    """The tensor at the bottom of ``t``'s chain of views (PyTorch's ``t._base``)."""
    while t._view is not None:
        t = t._view[ARGS][0]
    return t


def chain(t: Any) -> tuple:
    """The view steps from ``root(t)`` up to ``t``, oldest first: ``((fn, args, attrs), ...)``
    with ``args`` the arguments after the viewed tensor."""
    steps = []
    while t._view is not None:
        fn, args, attrs, _, _ = t._view
        steps.append((fn, args[1:], attrs))
        t = args[0]
    return tuple(reversed(steps))


def is_stale(t: Any) -> bool:
    """Whether a tensor is a view whose memory was modified in place since its ``_node`` was
    made (then ``refresh`` brings it up to date)."""
    return t._view is not None and t._view_version != t._vc[0]


def refresh(t: Any) -> None:
    """Bring a view whose memory was modified in place (through its base or another view)
    up to date: take it again from its parent, so its ``_node`` sees the new history."""
    fn, args, attrs, creation, _ = t._view
    version = t._vc[0]
    viewed = args[0]
    if viewed._view is not None and viewed._view_version != version:
        refresh(viewed)
    if t._node is None and not viewed._requires_grad:
        t._view_version = version  # no history on either side: nothing to regenerate
        return
    if creation != DEFAULT:
        raise rebase_error(t, indirect=True)
    enabled = state.grad_enabled
    state.grad_enabled = True
    try:
        fresh = fn.apply(*args, **attrs)
    finally:
        state.grad_enabled = enabled
    t._node = fresh._node
    t._out_idx = fresh._out_idx
    t._requires_grad = fresh._requires_grad
    t._view_version = version


def replay(steps: tuple, a: Any, xp: Any) -> Any:
    """Take the view ``steps`` (from ``chain``) of ``a``: a raw array, or a Tensor under the
    differentiable namespace (``xp.differentiable``)."""
    if xp.differentiable:
        for fn, args, attrs in steps:
            a = fn.apply(a, *args, **attrs)
        return a
    scratch = Node.__new__(Node)  # a throwaway ctx: forward may store attributes on it
    scratch.xp = xp
    for fn, args, attrs in steps:
        a = fn.forward(scratch, a, *args, **attrs)
    return a


_CLARIFY = ("Given that this use case is ambiguous and error-prone, it is forbidden. You can "
            "clarify your code by moving both the view and the inplace either both inside the "
            "{block} block (if you don't want the inplace to be tracked) or both outside (if you "
            "want the inplace to be tracked).")


def rebase_error(t: Any, indirect: bool, op: str | None = None) -> RuntimeError:
    """PyTorch's error for an in-place change that a view of this kind cannot record."""
    fn, _, _, creation, output_nr = t._view
    what = ("its base or another view of its base has been modified inplace" if indirect else
            "is being modified inplace")
    where = f" ({op})" if op else ""
    if creation == MULTI_OUTPUT:
        return RuntimeError(
            f"Output {output_nr} of {fn.__name__} is a view and {what}{where}. This "
            "view is the output of a function that returns multiple views. Such functions do "
            "not allow the output views to be modified inplace. You should replace the inplace "
            "operation by an out-of-place one."
        )
    if creation == INFERENCE_MODE:
        return RuntimeError(
            f"A view was created in inference mode and {what} in normal mode{where}. "
            + _CLARIFY.format(block="inference_mode")
        )
    return RuntimeError(
        f"A view was created in no_grad mode and {what} with grad mode enabled{where}. "
        + _CLARIFY.format(block="no_grad")
    )
