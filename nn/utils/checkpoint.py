"""Activation checkpointing (``torch.utils.checkpoint``): run a piece of the forward without
keeping its intermediate values, and recompute them during backward.

``checkpoint(fn, *args)`` runs ``fn`` under ``no_grad`` inside one Function whose backward
restores the random-number state the forward saw (so dropout draws the same masks), runs
``fn`` again with grad enabled on detached copies of the inputs, and back-propagates through
that recomputation: the inputs' gradients are returned to the outer graph, and the gradients
of whatever ``fn`` uses besides its inputs (a module's parameters) are accumulated into their
``.grad`` by that inner backward: PyTorch's reentrant variant (``use_reentrant=True``).

With ``use_reentrant=False`` the tensors that ``fn`` reaches besides its arguments (the
parameters of a Module or bound method, tensors and modules in a closure or a
``functools.partial``) are inputs of the checkpoint too: they make its output require grad when
no argument does, and backward hands their gradients to the outer graph like any op's, so
``autograd.grad`` with respect to them, their hooks and a non-leaf's own history work as in
PyTorch. (PyTorch finds them by packing what the recomputation saves; a tensor reached only
through a global is not seen here.)
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import autograd as ag
from autograd.graph import grad_before_hooks
from autograd.tensor import Tensor
from nn.module import Module

__all__ = ["checkpoint", "checkpoint_sequential"]

_REENTRANT_WARNING = (
    "torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. use_"
    "reentrant=False is recommended, but if you need to preserve the current default "
    "behavior, you can pass use_reentrant=True. Refer to docs for more details on the "
    "differences between the two variants.")


def _rng_states(devices: Any) -> dict:
    return {d: d.backend.get_rng_state() for d in devices}


def _set_rng_states(states: dict) -> None:
    for d, state in states.items():
        d.backend.set_rng_state(state)


class _Checkpoint(ag.Function):
    """Forward without a graph; backward recomputes with one (see the module docstring).

    The positional arguments are ``fn``'s arguments followed by the ``extra`` tensors that
    ``fn`` reaches itself (``extra_tensors``, for ``use_reentrant=False``): backward returns
    their gradients to the outer graph; the reentrant variant (none) accumulates the
    gradients of whatever fn reaches into ``.grad`` by its own inner backward."""

    once_differentiable = True  # backward runs its own backward pass

    @staticmethod
    def forward(ctx, *values, run, kwargs, preserve, extra, tensors, reentrant=True,
                extra_tensors=()):
        ctx.run, ctx.kwargs, ctx.extra, ctx.reentrant = run, kwargs, extra, reentrant
        ctx.extra_tensors = extra_tensors
        ctx.rng = _rng_states([ctx.xp.device]) if preserve else None
        ctx.kinds = tuple(ctx.xp.device if is_tensor else None for is_tensor in tensors)
        ctx.others = tuple(None if kind is not None else v for v, kind in
                           zip(values, ctx.kinds))
        ctx.save_for_backward(*[v for v, kind in zip(values, ctx.kinds) if kind is not None])
        args = [ag.as_tensor(v, device=kind) if kind is not None else v
                for v, kind in zip(values, ctx.kinds)]
        with ag.no_grad():
            out = run(*args[:len(args) - extra], **kwargs)
        ctx.single = not isinstance(out, tuple)
        outs = (out,) if ctx.single else out
        if not all(isinstance(o, Tensor) for o in outs):
            raise RuntimeError("checkpoint: the function must return a Tensor or a tuple of "
                               "Tensors")
        arrays = tuple(o.array for o in outs)
        return arrays[0] if ctx.single else arrays

    @staticmethod
    def backward(ctx, *grads):
        # the recomputed graph's backward: d inputs returned, d everything else accumulated
        saved = iter(ctx.saved_tensors)
        inputs = []
        for kind, needs in zip(ctx.kinds, ctx.needs_input_grad):
            if kind is None:
                inputs.append(None)
                continue
            t = ag.as_tensor(next(saved), device=kind).detach()
            inputs.append(t.requires_grad_(bool(needs)) if t.dtype.kind in "fV" else t)
        args = [v if t is None else t for t, v in zip(inputs, ctx.others)]
        here = _rng_states(ctx.rng) if ctx.rng is not None else None
        if ctx.rng is not None:
            _set_rng_states(ctx.rng)
        try:
            with ag.enable_grad():
                out = ctx.run(*args[:len(args) - ctx.extra], **ctx.kwargs)
        finally:
            if here is not None:
                _set_rng_states(here)
        outs = (out,) if ctx.single else tuple(out)
        pairs = [(o, ag.as_tensor(g, device=o.device)) for o, g in zip(outs, grads)
                 if o.requires_grad and g is not None]
        if not ctx.reentrant:
            # the gradients of the arguments and of the tensors fn reaches itself, returned
            # to the outer graph (nothing is accumulated here)
            n = len(inputs) - ctx.extra
            wanted = [(k, t) for k, t in enumerate(inputs[:n])
                      if t is not None and t.requires_grad]
            wanted += [(n + k, t) for k, t in enumerate(ctx.extra_tensors)]
            found: list = [None] * len(inputs)
            if pairs and wanted:
                # before the inputs' hooks: the outer backward runs them, once
                gs = grad_before_hooks([o for o, _ in pairs], [t for _, t in wanted],
                                       [g for _, g in pairs])
                for (k, _), g in zip(wanted, gs):
                    found[k] = None if g is None else g.array
            return tuple(found)
        if pairs:
            ag.backward([o for o, _ in pairs], [g for _, g in pairs])
        return tuple(t.grad.array if t is not None and t.grad is not None else None
                     for t in inputs)


def _reached_tensors(function: Any, args: Sequence[Any]) -> list[Tensor]:
    """The tensors requiring grad that ``function`` reaches besides ``args``: a Module's (or a
    bound method's module's) parameters and buffers, and the tensors and modules held by its
    closure, its defaults or a ``functools.partial``, one level into lists, tuples and dicts."""
    found: dict[int, Tensor] = {}
    skip = {id(a) for a in args}

    def add(value: Any, depth: int = 0) -> None:
        if isinstance(value, Tensor):
            if value.requires_grad and id(value) not in skip:
                found.setdefault(id(value), value)
        elif isinstance(value, Module):
            for t in (*value.parameters(), *value.buffers()):
                add(t)
        elif depth == 0 and isinstance(value, list | tuple):
            for v in value:
                add(v, 1)
        elif depth == 0 and isinstance(value, dict):
            for v in value.values():
                add(v, 1)

    seen: set[int] = set()
    todo = [function]
    while todo:
        fn = todo.pop()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        if isinstance(fn, Module):
            add(fn)
            continue
        if isinstance(fn, functools.partial):
            todo.append(fn.func)
            for v in (*fn.args, *fn.keywords.values()):
                add(v)
            continue
        if isinstance(fn, Sequence):  # checkpoint_sequential's piece of a list of modules
            for v in fn:
                if callable(v) and not isinstance(v, Module):
                    todo.append(v)
                else:
                    add(v)
            continue
        owner = getattr(fn, "__self__", None)
        if owner is not None:
            add(owner)
            fn = getattr(fn, "__func__", fn)
        for cell in getattr(fn, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:  # a cell not yet filled
                continue
            if callable(value) and not isinstance(value, Module | Tensor):
                todo.append(value)  # a helper function the closure calls
            else:
                add(value)
        for v in (*(getattr(fn, "__defaults__", None) or ()),
                  *(getattr(fn, "__kwdefaults__", None) or {}).values()):
            add(v)
    return list(found.values())


def checkpoint(function: Callable, *args: Any, use_reentrant: bool | None = None,
               context_fn: Any = None, determinism_check: str = "default",
               debug: bool = False, preserve_rng_state: bool = True, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)`` computed without keeping its intermediate values, which
    backward recomputes (``torch.utils.checkpoint.checkpoint``; see the module docstring)."""
    if use_reentrant is None:
        warnings.warn(_REENTRANT_WARNING, UserWarning, stacklevel=2)
        use_reentrant = True
    if context_fn is not None and use_reentrant:
        raise ValueError("Passing `context_fn` or `debug` is only supported when "
                         "use_reentrant=False.")
    if kwargs and use_reentrant:
        raise ValueError(f"checkpoint: unexpected keyword arguments: {','.join(kwargs)} "
                         "(keyword arguments reach the function only with use_reentrant=False)")
    extra = [] if use_reentrant else _reached_tensors(function, args)
    values = list(args) + extra
    if not any(isinstance(v, Tensor) for v in values):
        raise ValueError("checkpoint: expected at least one Tensor argument")
    if not any(isinstance(v, Tensor) and v.requires_grad for v in values):
        warnings.warn("None of the inputs have requires_grad=True. Gradients will be None",
                      UserWarning, stacklevel=2)
    return _Checkpoint.apply(*values, run=function, kwargs=kwargs, preserve=preserve_rng_state,
                             extra=len(extra), tensors=[isinstance(v, Tensor) for v in values],
                             reentrant=use_reentrant, extra_tensors=tuple(extra))


def checkpoint_sequential(functions: Any, segments: int, input: Tensor,
                          use_reentrant: bool | None = None, **kwargs: Any) -> Tensor:
    """Run a sequence of modules (or an ``nn.Sequential``) in ``segments`` pieces, each but
    the last checkpointed (``torch.utils.checkpoint.checkpoint_sequential``)."""
    if use_reentrant is None:
        warnings.warn(_REENTRANT_WARNING, UserWarning, stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError(f"Unexpected keyword arguments: {','.join(kwargs)}")
    if isinstance(functions, Module) and hasattr(functions, "children"):
        functions = list(functions.children())

    def run_function(start: int, end: int) -> Callable:
        def forward(x: Any) -> Any:
            for j in range(start, end + 1):
                x = functions[j](x)
            return x

        return forward

    size = len(functions) // segments
    end = -1
    for start in range(0, size * (segments - 1), size):
        end = start + size - 1
        extra = [] if use_reentrant else _reached_tensors(functions[start:end + 1], [input])
        input = _Checkpoint.apply(input, *extra, run=run_function(start, end), kwargs={},
                                  preserve=preserve, extra=len(extra),
                                  tensors=[True] * (1 + len(extra)), reentrant=use_reentrant,
                                  extra_tensors=tuple(extra))
    return run_function(end + 1, len(functions) - 1)(input)
