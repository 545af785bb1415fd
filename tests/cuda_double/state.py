"""The double's simulated GPU state: the current device (per host thread, as CUDA keeps it),
how many devices there are, and the count of host synchronisations."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEVICE_COUNT = 2  # two simulated GPUs, so that code on cuda:1 is exercised too


class _Current(threading.local):
    device = 0


_current = _Current()


def current_device() -> int:
    return _current.device


def set_current_device(index: int) -> None:
    if not 0 <= index < DEVICE_COUNT:
        raise RuntimeError(f"cudaErrorInvalidDevice: invalid device ordinal {index} "
                           f"(the double has {DEVICE_COUNT} devices)")
    _current.device = index


_used: dict[int, int] = {}  # device -> bytes held by the double's arrays there


def used_bytes(device: int) -> int:
    return _used.get(device, 0)


def count_bytes(device: int, nbytes: int) -> None:
    """Add (or, negative, remove) the bytes of an array made (freed) on ``device``."""
    _used[device] = _used.get(device, 0) + nbytes


class SyncLog:
    """Host synchronisations seen while a ``count_syncs()`` block is open: what forced one
    (``.get()``, ``item``, ``bool``, a boolean mask's size ...)."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def __len__(self) -> int:
        return len(self.events)

    def __repr__(self) -> str:
        return f"<{len(self.events)} host syncs: {self.events}>"


_logs: list[SyncLog] = []


def record_sync(what: str) -> None:
    """Called by every operation that makes the host wait for the device."""
    for log in _logs:
        log.events.append(what)


@contextmanager
def count_syncs() -> Iterator[SyncLog]:
    """``with count_syncs() as log:`` collects the host syncs made inside the block."""
    log = SyncLog()
    _logs.append(log)
    try:
        yield log
    finally:
        _logs.remove(log)
