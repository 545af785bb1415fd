"""Hook lists and the handles that take a hook off again (``torch.utils.hooks``), shared by
Module and Optimizer."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

__all__ = ["RemovableHandle", "add_to"]

_next_id = itertools.count()


class RemovableHandle:
    """Returned by hook registrations; ``remove()`` takes the hook off again. ``id`` is
    unique among all handles, increasing in the order of registration."""

    def __init__(self, hooks: list, entry: Any, on_remove: Callable[[], None] | None = None
                 ) -> None:
        self._hooks = hooks
        self._entry = entry
        self._on_remove = on_remove
        self.id: int = next(_next_id)

    def remove(self) -> None:
        """Unregister the hook (a no-op the second time)."""
        for k, e in enumerate(self._hooks):
            if e is self._entry:
                del self._hooks[k]
                break
        if self._on_remove is not None:
            self._on_remove()

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.remove()


_RemovableHandle = RemovableHandle  # the name the rest of the package imports


def add_to(hooks: list, entry: Any, prepend: bool = False,
           on_remove: Callable[[], None] | None = None) -> RemovableHandle:
    """Put ``entry`` into ``hooks`` (first with ``prepend``) and return its handle;
    ``on_remove`` is called after the handle takes it off again."""
    if prepend:
        hooks.insert(0, entry)
    else:
        hooks.append(entry)
    return RemovableHandle(hooks, entry, on_remove)
