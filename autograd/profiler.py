"""``autograd.profiler.profile()``: where the time of a forward and backward goes, per op.

    with ag.profiler.profile() as prof:
        loss = model(x).sum()
        loss.backward()
    print(prof)                                        # a table, ops sorted by total time
    print(prof.key_averages().table(sort_by="forward", row_limit=10))
    prof.export_chrome_trace("trace.json")             # chrome://tracing or ui.perfetto.dev

Every ``Function.apply`` run inside the block is timed (the op's forward with its tape
bookkeeping, the device synchronised before and after on GPU), and so is every node's backward
run by the engine. Bytes are the outputs' sizes in forward and the gradients' sizes in backward.
A profile times the ops of the thread that opened it. Outside a ``profile`` block the cost is
one check of a flag per op.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from autograd.engine.grad_mode import state
from autograd.engine.tensor_base import TensorBase

if TYPE_CHECKING:
    pass

__all__ = ["profile", "OpStats", "OpTable"]

_clock = time.perf_counter_ns


@dataclass
class OpStats:
    """Totals of one op name: calls and time (ns) and bytes in forward and in backward."""

    name: str
    count: int = 0
    forward_ns: int = 0
    forward_bytes: int = 0
    backward_count: int = 0
    backward_ns: int = 0
    backward_bytes: int = 0

    @property
    def total_ns(self) -> int:
        """Forward plus backward time in nanoseconds."""
        return self.forward_ns + self.backward_ns


_SORT_KEYS = {
    "total": lambda s: s.total_ns,
    "forward": lambda s: s.forward_ns,
    "backward": lambda s: s.backward_ns,
    "count": lambda s: s.count + s.backward_count,
    "bytes": lambda s: s.forward_bytes + s.backward_bytes,
    "name": lambda s: s.name,
}
# PyTorch's spellings, for readers who type them out of habit.
_SORT_ALIASES = {"cpu_time_total": "total", "self_cpu_time_total": "total",
                 "cuda_time_total": "total", "self_cuda_time_total": "total",
                 "cpu_memory_usage": "bytes", "cuda_memory_usage": "bytes", "calls": "count"}


def _ms(ns: int) -> str:
    return f"{ns / 1e6:.3f}"


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


class OpTable(list):
    """The per-op totals (a list of ``OpStats``), printable with ``table()``."""

    def table(self, sort_by: str = "total", row_limit: int = 100) -> str:
        """The totals as a text table, largest first by ``sort_by`` (total, forward, backward,
        count, bytes, name)."""
        key = _SORT_ALIASES.get(sort_by, sort_by)
        if key not in _SORT_KEYS:
            raise ValueError(f"profile.table: sort_by must be one of {sorted(_SORT_KEYS)}, "
                             f"got {sort_by!r}")
        rows = sorted(self, key=_SORT_KEYS[key], reverse=key != "name")
        total = sum(s.total_ns for s in self) or 1
        head = ("op", "calls", "fwd ms", "bwd calls", "bwd ms", "total ms", "%", "fwd bytes",
                "bwd bytes")
        body = [(s.name, str(s.count), _ms(s.forward_ns), str(s.backward_count),
                 _ms(s.backward_ns), _ms(s.total_ns), f"{100 * s.total_ns / total:.1f}",
                 _size(s.forward_bytes), _size(s.backward_bytes)) for s in rows[:row_limit]]
        body.append(("total", str(sum(s.count for s in self)),
                     _ms(sum(s.forward_ns for s in self)),
                     str(sum(s.backward_count for s in self)),
                     _ms(sum(s.backward_ns for s in self)), _ms(total if self else 0),
                     "100.0", _size(sum(s.forward_bytes for s in self)),
                     _size(sum(s.backward_bytes for s in self))))
        widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]

        def line(r: Iterable[str]) -> str:
            cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                     enumerate(zip(r, widths))]
            return "  ".join(cells).rstrip()

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([line(head), rule, *map(line, body[:-1]), rule, line(body[-1])])

    def __str__(self) -> str:
        return self.table()


def _sync_args(args: tuple) -> None:
    for a in args:
        if isinstance(a, TensorBase):
            a.device.backend.synchronize()
            return


def _nbytes(values: Iterable[Any]) -> int:
    n = 0
    for v in values:
        if v is None:
            continue
        if isinstance(v, TensorBase):
            v = v._data
        n += int(getattr(v, "nbytes", 0))
    return n


class profile:  # noqa: N801 - the name of torch.autograd.profiler.profile
    """Context manager that records the count, time and bytes of every op, forward and
    backward (``torch.autograd.profiler.profile``)."""

    def __init__(self, enabled: bool = True, record_shapes: bool = True) -> None:
        self.enabled = enabled
        self.record_shapes = record_shapes
        # (name, "forward"|"backward", start ns, duration ns, bytes, input shapes or None)
        self.events: list[tuple] = []
        self._start = 0

    def __enter__(self) -> profile:
        if self.enabled:
            self._start = _clock()
            state.watch("profilers", self)  # this thread's profilers (state is thread-local)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.enabled:
            state.unwatch("profilers", self)

    # -- the hooks the engine calls (only while this profile is active) ----------------------
    def run_op(self, cls: type, args: tuple, attrs: dict) -> Any:
        """Run ``cls.apply(*args, **attrs)`` timed; called by ``Function.apply``."""
        profilers = state.profilers
        active = profilers[:]
        profilers.clear()  # the op itself runs unprofiled: no nested events
        try:
            _sync_args(args)
            t0 = _clock()
            out = cls.apply(*args, **attrs)
            _sync_args(args)
            t1 = _clock()
        finally:
            profilers[:] = active
        outs = out if out.__class__ is tuple else (out,)
        shapes = (tuple(tuple(a.shape) for a in args if isinstance(a, TensorBase))
                  if self.record_shapes else None)
        event = (cls.__name__, "forward", t0, t1 - t0, _nbytes(outs), shapes)
        for p in active:
            p.events.append(event)
        return out

    def clock(self, xp: Any) -> int:
        """The time (ns) after the device's queued work finished; before a node's backward."""
        xp.synchronize()
        return _clock()

    def record_backward(self, node: Any, t0: int, grads: tuple) -> None:
        """Record the backward of ``node`` started at ``t0``; called by the engine."""
        node.xp.synchronize()
        t1 = _clock()
        event = (node.fn.__name__, "backward", t0, t1 - t0, _nbytes(grads), None)
        for p in state.profilers:
            p.events.append(event)

    # -- results ------------------------------------------------------------------------------
    def key_averages(self) -> OpTable:
        """Totals per op name, in order of first appearance."""
        stats: dict[str, OpStats] = {}
        for name, cat, _, dur, nbytes, _ in self.events:
            s = stats.get(name)
            if s is None:
                s = stats[name] = OpStats(name)
            if cat == "forward":
                s.count += 1
                s.forward_ns += dur
                s.forward_bytes += nbytes
            else:
                s.backward_count += 1
                s.backward_ns += dur
                s.backward_bytes += nbytes
        return OpTable(stats.values())

    def table(self, sort_by: str = "total", row_limit: int = 100) -> str:
        """``key_averages().table(...)``."""
        return self.key_averages().table(sort_by=sort_by, row_limit=row_limit)

    def __str__(self) -> str:
        return self.table()

    def export_chrome_trace(self, path: str | os.PathLike) -> None:
        """Write the events as Chrome trace JSON (chrome://tracing, ui.perfetto.dev)."""
        events = []
        for name, cat, t0, dur, nbytes, shapes in self.events:
            args: dict[str, Any] = {"bytes": nbytes}
            if shapes is not None:
                args["input_shapes"] = [list(s) for s in shapes]
            events.append({"name": name, "cat": cat, "ph": "X", "pid": os.getpid(),
                           "tid": 0,
                           "ts": (t0 - self._start) / 1e3, "dur": dur / 1e3, "args": args})
        with open(path, "w") as fh:
            json.dump({"traceEvents": events, "displayTimeUnit": "ms"}, fh)
