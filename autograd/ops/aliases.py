"""NumPy's keyword names accepted where PyTorch accepts them: ``axis`` for ``dim`` and
``keepdims`` for ``keepdim`` (``x.sum(axis=0, keepdims=True)`` works in PyTorch, so ported
NumPy-flavoured code runs unchanged)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

__all__ = ["numpy_names"]

_ALIASES = (("axis", "dim"), ("keepdims", "keepdim"))


def numpy_names(fn: Callable) -> Callable:
    """Decorator: ``fn`` also takes ``axis=`` for ``dim=`` and ``keepdims=`` for ``keepdim=``.

    Only calls with keyword arguments pay for the check (one dict test).
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if kwargs and ("axis" in kwargs or "keepdims" in kwargs):
            for alias, name in _ALIASES:
                if alias in kwargs:
                    if name in kwargs:
                        raise TypeError(f"{fn.__name__}() got both '{name}' and its alias "
                                        f"'{alias}'")
                    kwargs[name] = kwargs.pop(alias)
        return fn(*args, **kwargs)

    return wrapper
