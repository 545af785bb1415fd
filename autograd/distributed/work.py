"""What a collective returns and how it is waited for: ``ReduceOp``, ``Work``, the polling
wait that honours a timeout, and ``DistBackendError``."""

from __future__ import annotations

import datetime
import enum
import os
import time
from collections.abc import Callable
from typing import Any

__all__ = ["DistBackendError", "ReduceOp", "Work", "wait_for"]


class DistBackendError(RuntimeError):
    """A collective failed or did not finish in time (``torch.distributed.DistBackendError``)."""


class ReduceOp(enum.Enum):
    """How ``all_reduce``, ``reduce`` and ``reduce_scatter_tensor`` combine the ranks' values
    (PyTorch's numbering)."""

    SUM = 0
    AVG = 1
    PRODUCT = 2
    MIN = 3
    MAX = 4


class Work:
    """The handle of a collective started with ``async_op=True`` (``torch.distributed.Work``):
    ``wait()`` blocks until it is done (or the group's timeout passes), ``is_completed()``
    asks without blocking."""

    def __init__(self, pg: Any, what: str, requests: list, finish: Callable | None,
                 keep: Any = None, poll: Callable | None = None) -> None:
        self._pg = pg
        self._what = what
        self._requests = requests
        self._finish = finish
        self._keep = keep  # buffers MPI reads or writes until the requests complete
        self._poll = poll  # for NCCL: whether the GPU work is done
        self._done = False
        self._statuses: list = []
        self.source_rank: int | None = None

    def is_completed(self) -> bool:
        """True once the operation has finished (its results then appear on ``wait()``)."""
        if self._done:
            return True
        if self._poll is not None:
            return self._poll()
        from mpi4py import MPI

        if not self._statuses:
            self._statuses = [MPI.Status() for _ in self._requests]
        return bool(MPI.Request.Testall(self._requests, self._statuses))

    def wait(self, timeout: datetime.timedelta | None = None) -> bool:
        """Block until done, then write the results into the tensors; raises
        ``DistBackendError`` if it does not finish within ``timeout`` (the group's)."""
        if self._done:
            return True
        limit = self._pg.timeout if timeout is None else seconds(timeout)
        wait_for(self._pg, self._what, self.is_completed, limit)
        self._done = True
        if self._statuses:
            source = self._statuses[0].Get_source()
            self.source_rank = self._pg.ranks[source] if 0 <= source < self._pg.size() else None
        if self._finish is not None:
            self._finish()
        self._requests = self._keep = None
        return True


def wait_for(pg: Any, what: str, done: Callable[[], bool], limit: float) -> None:
    """Poll ``done`` until it is true; after ``limit`` seconds raise ``DistBackendError``.

    Polling instead of MPI's own blocking wait keeps a timeout possible. Each poll also moves
    the operation on (MPI progresses it inside such calls), so polls follow each other
    closely, yielding the core in between to a rank that shares it; only a wait of more than
    a second (a stalled peer) sleeps between polls."""
    if done():
        return
    start = time.perf_counter()
    idle_after = start + 1.0
    deadline = start + limit
    while not done():
        now = time.perf_counter()
        if now > deadline:
            raise DistBackendError(
                f"{what} did not finish within the timeout of {limit:g} s on rank "
                f"{pg.ranks[pg.rank()]} of {pg}: another rank failed, stalled or called "
                "a different collective")
        if now > idle_after:
            time.sleep(1e-3)
        else:
            os.sched_yield()


def seconds(timeout: datetime.timedelta | float) -> float:
    if isinstance(timeout, datetime.timedelta):
        return timeout.total_seconds()
    return float(timeout)
