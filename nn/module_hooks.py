"""Module backward hooks (``register_full_backward_hook`` / ``register_full_backward_pre_hook``).

As PyTorch does it, without the engine's help: a module with backward hooks passes its tensor
inputs through one identity Function before ``forward`` and its tensor outputs through another
after. The outputs' Function sees the gradients of the outputs first (the pre-hooks may
replace them); the inputs' Function then sees the gradients of the inputs and calls the full
hooks with both (a hook may replace the input gradients). The identities copy their values,
so an in-place change of an output cannot reach the input behind autograd's back.
"""

from __future__ import annotations

import warnings
from typing import Any

import autograd as ag
from autograd.tensor import Tensor

__all__ = ["wrap_inputs", "wrap_outputs"]


class _State:
    """What one call's two identity Functions share."""

    def __init__(self, module: Any, n_inputs: int, full_hooks: tuple, pre_hooks: tuple) -> None:
        self.module = module
        self.n_inputs = n_inputs
        self.full_hooks = full_hooks
        self.pre_hooks = pre_hooks
        self.grad_output: tuple | None = None
        self.inputs_wrapped = False
        # positional tensor inputs that need no gradient while others do: the hooks see
        # zeros for them, as PyTorch's do
        self.zero_inputs: dict[int, Tensor] = {}


def _wrap(xp: Any, grads: tuple) -> tuple:
    """Gradients as Tensors for the hooks (raw arrays in a first-order backward)."""
    if xp.differentiable:
        return grads
    return tuple(None if g is None else ag.as_tensor(g, device=xp.device) for g in grads)


def _unwrap(xp: Any, grads: tuple) -> tuple:
    if xp.differentiable:
        return grads
    return tuple(None if g is None else g.array for g in grads)


def _replace(old: tuple, new: Any, what: str) -> tuple:
    if new is None:
        return old
    new = tuple(new) if isinstance(new, (tuple, list)) else (new,)
    if len(new) != len(old):
        raise RuntimeError(f"Backward hook returned an invalid number of {what}, got "
                           f"{len(new)}, but expected {len(old)}")
    return new


def _call_full_hooks(state: _State, grad_input: tuple) -> tuple:
    module = state.module
    for hook in state.full_hooks:
        grad_input = _replace(grad_input, hook(module, grad_input, state.grad_output),
                              "grad_input")
    return grad_input


class _OutputHook(ag.Function):
    @staticmethod
    def forward(ctx, *xs, state):
        ctx.state = state
        ctx.set_materialize_grads(False)  # an unused output's gradient stays None
        return tuple(x.copy() for x in xs)

    @staticmethod
    def backward(ctx, *grads):
        # the identity: d outputs pass through, after the pre-hooks (which may replace them)
        state, xp = ctx.state, ctx.xp
        grad_output = _wrap(xp, grads)
        module = state.module
        for hook in state.pre_hooks:
            grad_output = _replace(grad_output, hook(module, grad_output), "grad_output")
        state.grad_output = grad_output
        if not state.inputs_wrapped:  # no input needs a gradient: the hooks are called now
            _call_full_hooks(state, (None,) * state.n_inputs)
        return _unwrap(xp, grad_output)


class _InputHook(ag.Function):
    @staticmethod
    def forward(ctx, *xs, state, positions):
        ctx.state, ctx.positions = state, positions
        return tuple(x.copy() for x in xs)

    @staticmethod
    def backward(ctx, *grads):
        # the identity: d inputs pass through, after the full hooks (which may replace them)
        state, xp = ctx.state, ctx.xp
        if state.grad_output is None:
            # the gradient reached the inputs without passing the outputs' identity (an
            # output that is no tensor or tuple of tensors): PyTorch calls no hook then
            return grads
        grad_input: list = [None] * state.n_inputs
        for pos, t in state.zero_inputs.items():
            grad_input[pos] = ag.zeros_like(t)
        for pos, g in zip(ctx.positions, _wrap(xp, grads)):
            grad_input[pos] = g
        grad_input = _call_full_hooks(state, tuple(grad_input))
        return _unwrap(xp, tuple(grad_input[pos] for pos in ctx.positions))


def _through(fn: type, tensors: list, **attrs: Any) -> list:
    out = fn.apply(*tensors, **attrs)
    return list(out) if isinstance(out, tuple) else [out]


def wrap_inputs(module: Any, args: tuple, full_hooks: tuple, pre_hooks: tuple
                ) -> tuple[_State, tuple]:
    """The state of one call with backward hooks, and ``args`` with the tensors that need a
    gradient threaded through the inputs' identity."""
    state = _State(module, len(args), full_hooks, pre_hooks)
    positions = [k for k, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]
    if positions and ag.is_grad_enabled():
        state.inputs_wrapped = True
        state.zero_inputs = {k: a.detach() for k, a in enumerate(args)
                             if isinstance(a, Tensor) and not a.requires_grad}
        new = _through(_InputHook, [args[k] for k in positions], state=state,
                       positions=positions)
        args = list(args)
        for k, t in zip(positions, new):
            args[k] = t
        args = tuple(args)
    return state, args


def wrap_outputs(state: _State, out: Any) -> Any:
    """``out`` (a tensor or a tuple) with its tensors that need a gradient threaded through
    the outputs' identity."""
    single = isinstance(out, Tensor)
    outs = (out,) if single else out
    if not isinstance(outs, tuple):
        warnings.warn("For backward hooks to be called, module output should be a Tensor or a "
                      f"tuple of Tensors but received {type(out)}", stacklevel=3)
        return out
    if not ag.is_grad_enabled():
        return out
    grad_outs = [k for k, o in enumerate(outs) if isinstance(o, Tensor) and o.requires_grad]
    if not grad_outs:
        return out
    new = _through(_OutputHook, [outs[k] for k in grad_outs], state=state)
    outs = list(outs)
    for k, t in zip(grad_outs, new):
        outs[k] = t
    return outs[0] if single else tuple(outs)
