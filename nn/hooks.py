"""Hook lists and the handles that take a hook off again (``torch.utils.hooks``), shared by
Module and Optimizer."""

from __future__ import annotations

from typing import Any

__all__ = ["add_to"]


class _RemovableHandle:
    """Returned by hook registrations; ``remove()`` takes the hook off again."""

    def __init__(self, hooks: list, entry: tuple) -> None:
        self._hooks = hooks
        self._entry = entry

    def remove(self) -> None:
        """Unregister the hook (a no-op the second time)."""
        for k, e in enumerate(self._hooks):
            if e is self._entry:
                del self._hooks[k]
                return

    def __enter__(self) -> _RemovableHandle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.remove()


def add_to(hooks: list, entry: Any, prepend: bool = False) -> _RemovableHandle:
    """Put ``entry`` into ``hooks`` (first with ``prepend``) and return its handle."""
    if prepend:
        hooks.insert(0, entry)
    else:
        hooks.append(entry)
    return _RemovableHandle(hooks, entry)
