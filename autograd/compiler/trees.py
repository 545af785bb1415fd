"""Nested arguments and results (tuples, named tuples, lists, dicts) for ``ag.compile``: their
leaves, the tensors and arrays in them and where, and rebuilding them around new tensors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd.engine.tensor_base import TensorBase


def _leaves(value: Any) -> Iterator[Any]:
    """The leaves of nested tuples, lists and dicts, depth first (dict keys in order)."""
    if value.__class__ in (tuple, list):
        for v in value:
            yield from _leaves(v)
    elif value.__class__ is dict:
        for k, v in value.items():
            yield k
            yield from _leaves(v)
    else:
        yield value

def _is_array(value: Any) -> bool:
    """A backend array (NumPy's, CuPy's), not a scalar."""
    return isinstance(value, np.ndarray) or hasattr(type(value), "__cuda_array_interface__")

def _materialise(value: Any) -> Any:
    """Arguments of a disabled call with iterators (``model.parameters()``) turned into lists,
    so the replay can pass them again."""
    if isinstance(value, tuple):
        items = [_materialise(v) for v in value]
        return value.__class__(*items) if hasattr(value, "_fields") else tuple(items)
    if value.__class__ is list:
        return [_materialise(v) for v in value]
    if value.__class__ is dict:
        return {k: _materialise(v) for k, v in value.items()}
    if isinstance(value, Iterator):
        return [_materialise(v) for v in value]
    return value

def _tensor_paths(value: Any, path: tuple = (), arrays: bool = False
                  ) -> Iterator[tuple[tuple, Any]]:
    """``(path, tensor)`` for each tensor (and with ``arrays``, each backend array) in nested
    tuples, lists and dicts."""
    if isinstance(value, TensorBase) or (arrays and _is_array(value)):
        yield path, value
    elif isinstance(value, (tuple, list)):  # named tuples too
        for i, v in enumerate(value):
            yield from _tensor_paths(v, path + (i,), arrays)
    elif value.__class__ is dict:
        for k, v in value.items():
            yield from _tensor_paths(v, path + (k,), arrays)

def _rebuild(value: Any, path: tuple, tensors: dict) -> Any:
    """``value`` with the tensor at each path in ``tensors`` replaced."""
    if path in tensors:
        return tensors[path]
    if isinstance(value, tuple):
        items = [_rebuild(v, path + (i,), tensors) for i, v in enumerate(value)]
        return value.__class__(*items) if hasattr(value, "_fields") else tuple(items)
    if value.__class__ is list:
        return [_rebuild(v, path + (i,), tensors) for i, v in enumerate(value)]
    if value.__class__ is dict:
        return {k: _rebuild(v, path + (k,), tensors) for k, v in value.items()}
    return value
