"""nn.utils.stateless (``torch.nn.utils.stateless``): call a module with other tensors in place
of its parameters and buffers. ``autograd.func.functional_call`` (``torch.func``'s) calls into
it: the swap writes into a module's tables, which only ``nn`` may do."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from autograd import func as _func
from autograd import no_grad
from autograd.tensor import Tensor
from nn.module import Module

__all__ = ["functional_call"]


def _named_tensors(module: Module) -> dict[str, Tensor]:
    named = dict(module.named_parameters(remove_duplicate=False))
    named.update(module.named_buffers(remove_duplicate=False))
    return named


def _untie(module: Module, given: dict[str, Tensor]) -> dict[str, Tensor]:
    """``given`` with every name tied to a given one (the same tensor under two names) set
    to that value, as PyTorch's ``tie_weights=True``."""
    by_tensor: dict[int, set[str]] = {}
    for name, t in _named_tensors(module).items():
        by_tensor.setdefault(id(t), set()).add(name)
    tied = {n: names for names in by_tensor.values() if len(names) > 1 for n in names}
    given_tied = [n for n in given if n in tied]
    for name in given_tied:
        names = tied[name]
        if len(names.intersection(given_tied)) > 1 and len(
                {id(given[n]) for n in names if n in given}) != 1:
            raise ValueError(f"functional_call got multiple values for keys {sorted(names)}, "
                             "which are tied. Consider using tie_weights=False")
    untied = dict(given)
    for name in given_tied:
        for other in tied[name]:
            untied[other] = given[name]
    return untied


@contextmanager
def _reparametrize(module: Module, tensors: dict[str, Tensor], tie_weights: bool,
                   strict: bool) -> Iterator[None]:
    if tie_weights:
        tensors = _untie(module, tensors)
    if strict:
        valid = set(_named_tensors(module))
        missing, unexpected = sorted(valid - set(tensors)), sorted(set(tensors) - valid)
        errors = []
        if unexpected:
            errors.append(f"Unexpected key(s): {', '.join(map(repr, unexpected))}.")
        if missing:
            errors.append(f"Missing key(s): {', '.join(map(repr, missing))}.")
        if errors:
            raise RuntimeError(f"Error(s) in reparametrizing for {module._get_name()}:\n\t"
                               + "\n\t".join(errors))
    undo: list[tuple[Any, str, str | None, Any]] = []  # (owner, name, table, old value)
    try:
        for path, value in tensors.items():
            prefix, _, name = path.rpartition(".")
            owner = module.get_submodule(prefix)
            table = next((t for t in ("_parameters", "_buffers") if name in owner.__dict__[t]),
                         None)
            if table is not None:
                undo.append((owner, name, table, owner.__dict__[table][name]))
                owner.__dict__[table][name] = value
            elif isinstance(getattr(type(owner), name, None), property):
                # a parametrized tensor: set through its right_inverse, as PyTorch does, and
                # set back from the value it had
                with no_grad():
                    old = getattr(owner, name)
                setattr(owner, name, value)
                undo.append((owner, name, _PROPERTY, old))
            else:  # a plain attribute (or a new one), as PyTorch sets it
                undo.append((owner, name, None, owner.__dict__.get(name, _MISSING)))
                object.__setattr__(owner, name, value)
        yield
    finally:
        for owner, name, table, old in reversed(undo):
            if table is _PROPERTY:
                setattr(owner, name, old)
            elif table is not None:
                owner.__dict__[table][name] = old
            elif old is _MISSING:
                owner.__dict__.pop(name, None)
            else:
                object.__setattr__(owner, name, old)


_MISSING = object()
_PROPERTY = "property"


class _NotAMappingError(TypeError, AttributeError):
    """PyTorch fails on the missing ``keys``; a TypeError is what the mistake is."""


def functional_call(module: Module, parameters_and_buffers: dict[str, Tensor],
                    args: Any = None, kwargs: dict | None = None, *, tie_weights: bool = True,
                    strict: bool = False) -> Any:
    """Call ``module(*args, **kwargs)`` with the tensors of ``parameters_and_buffers`` (by
    dotted name) in place of its parameters, buffers or attributes, put back afterwards even
    if the call raises. ``tie_weights``: a tensor shared under two names takes the value given
    for either; ``strict``: every parameter and buffer must be given, and nothing else. A
    non-tuple ``args`` is one positional argument. ``autograd.func.functional_call`` also
    takes a tuple of dicts."""
    if not isinstance(parameters_and_buffers, Mapping):
        raise _NotAMappingError("functional_call: parameters_and_buffers must be a dict of "
                                f"tensors by name, got {type(parameters_and_buffers).__name__} "
                                "(autograd.func.functional_call also takes a tuple of dicts)")
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    with _reparametrize(module, parameters_and_buffers, tie_weights, strict):
        return module(*args, **(kwargs or {}))


_func.bind_functional_call(functional_call)
