"""Timing, memory and environment helpers shared by the benchmarks.

Honest timing: warm-up calls are excluded, every step synchronises its device before the clock
is read, implementations are interleaved round by round (the order rotated each round) so that
a noisy neighbour slows them all alike, and results are medians with min and max.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

# PyTorch's OpenMP threads otherwise spin for a while after each op and steal the cores from
# whatever runs next (NumPy's BLAS included), which would make every other column look slower.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402


def torch_or_none() -> Any:
    """PyTorch when importable (imported after OMP_WAIT_POLICY is set), else None."""
    try:
        import torch
    except ImportError:
        return None
    return torch


class HostClock:
    """Wall time on the host (the steps synchronise their device before returning)."""

    name = "host perf_counter"

    def start(self) -> None:
        self._t0 = time.perf_counter()

    def stop(self) -> float:
        return time.perf_counter() - self._t0


class CudaEventClock:
    """GPU time between two CUDA events recorded on the current stream around the calls:
    what the device spent, launch gaps included, without the host's clock resolution or the
    final synchronisation's latency. ``events`` makes a timing event (``ag.cuda.Event`` or
    ``torch.cuda.Event``)."""

    name = "CUDA events"

    def __init__(self, events: Callable[[], Any]) -> None:
        self._events = events

    def start(self) -> None:
        self._begin = self._events()
        self._begin.record()

    def stop(self) -> float:
        end = self._events()
        end.record()
        end.synchronize()
        return self._begin.elapsed_time(end) / 1e3


def clock_for(device: str, impl: str) -> HostClock | CudaEventClock:
    """CUDA events on a GPU (PyTorch's own for the torch rows), the host clock on the CPU."""
    if not device.startswith("cuda"):
        return HostClock()
    if impl == "torch":
        torch = torch_or_none()
        return CudaEventClock(lambda: torch.cuda.Event(enable_timing=True))
    import autograd as ag

    return CudaEventClock(lambda: ag.cuda.Event(enable_timing=True))


def first_call(fn: Callable[[], Any]) -> tuple[Any, float]:
    """(result, host seconds) of a first call: on a GPU it includes compiling or loading the
    kernels, which the timed rounds exclude and the results report apart."""
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def measure(impls: dict[str, Callable[[], Any] | None], rounds: int, inner: int | None = None,
            warmup: int = 3, target_s: float = 0.02,
            clocks: dict[str, Any] | None = None) -> dict[str, list[float]]:
    """Interleave the implementations round by round; each sample is the mean of ``inner``
    calls (chosen per implementation so that a sample lasts about ``target_s`` when None),
    timed by that implementation's clock (``clocks``; the host clock by default).
    Returns the per-call times in seconds."""
    live = {k: v for k, v in impls.items() if v is not None}
    clocks = clocks or {}
    reps: dict[str, int] = {}
    for name, fn in live.items():
        t0 = time.perf_counter()
        for _ in range(warmup):
            fn()
        per_call = (time.perf_counter() - t0) / max(warmup, 1)
        reps[name] = inner if inner is not None else max(1, min(1000, int(target_s / per_call)))
    times: dict[str, list[float]] = {k: [] for k in live}
    names = list(live)
    for r in range(rounds):
        # rotate the order, so that no implementation always runs right after the same one
        for name in names[r % len(names):] + names[:r % len(names)]:
            fn, n = live[name], reps[name]
            clock = clocks.get(name) or HostClock()
            clock.start()
            for _ in range(n):
                fn()
            times[name].append(clock.stop() / n)
    return times


def summary(samples: list[float]) -> dict[str, float]:
    """Median, min and max of per-call times (seconds)."""
    return {"median_s": statistics.median(samples), "min_s": min(samples),
            "max_s": max(samples)}


def host_peak_bytes(fn: Callable[[], Any]) -> int:
    """Peak bytes allocated during one call of ``fn`` above what was held before it, as traced
    by tracemalloc: Python objects and NumPy array buffers (NumPy reports its allocations to
    tracemalloc; PyTorch and BLAS scratch do not). Untimed: tracing slows Python down."""
    was = tracemalloc.is_tracing()
    if not was:
        tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if not was:
            tracemalloc.stop()
    return max(0, peak - before)


def cupy_peak_bytes(fn: Callable[[], Any]) -> int:
    """The most bytes CuPy's memory pool had handed out during one call of ``fn``, above what
    was held before (``ag.cuda.max_memory_allocated``, which counts every CuPy allocation, raw
    CuPy's included)."""
    import autograd as ag

    ag.cuda.synchronize()
    before = ag.cuda.memory_allocated()
    ag.cuda.reset_peak_memory_stats()
    fn()
    ag.cuda.synchronize()
    return max(0, ag.cuda.max_memory_allocated() - before)


def torch_cuda_peak_bytes(fn: Callable[[], Any]) -> int:
    """torch.cuda's peak allocated bytes during one call of ``fn``, above what was held."""
    torch = torch_or_none()
    torch.cuda.synchronize()
    before = torch.cuda.memory_allocated()
    torch.cuda.reset_peak_memory_stats()
    fn()
    torch.cuda.synchronize()
    return max(0, torch.cuda.max_memory_allocated() - before)


def peak_bytes(fn: Callable[[], Any], device: str, impl: str) -> tuple[int | None, str]:
    """(peak bytes of one step, how it was measured); None where no method applies."""
    if device == "cpu":
        if impl == "torch":
            return None, "n/a (PyTorch's CPU allocator is not traced)"
        return host_peak_bytes(fn), "tracemalloc (NumPy buffers + Python objects)"
    if impl == "torch":
        return torch_cuda_peak_bytes(fn), "torch.cuda.max_memory_allocated"
    return cupy_peak_bytes(fn), "ag.cuda.max_memory_allocated (CuPy's pool)"


def fmt_bytes(n: int | None) -> str:
    """Bytes as a short human string; '-' for None."""
    if n is None:
        return "-"
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(n)


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def environment(devices: list[str]) -> dict[str, Any]:
    """Library versions, the machine, and the thread counts of every math library."""
    import autograd as ag

    env: dict[str, Any] = {
        "python": platform.python_version(), "numpy": np.__version__,
        "tapegrad": ag.__version__, "platform": platform.platform(),
        "cpu": f"{_cpu_name()} ({os.cpu_count()} logical cpus)",
    }
    try:
        from threadpoolctl import threadpool_info

        env["threads"] = [f"{p.get('internal_api')} {p.get('version') or ''}: "
                          f"{p.get('num_threads')} threads".replace("  ", " ")
                          for p in threadpool_info()]
    except ImportError:
        names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
        env["threads"] = [f"{k}={os.environ.get(k, 'unset')}" for k in names] + [
            "(install threadpoolctl for the BLAS libraries' own counts)"]
    torch = torch_or_none()
    if torch is not None:
        env["torch"] = f"{torch.__version__} ({torch.get_num_threads()} threads)"
    if any(d.startswith("cuda") for d in devices):
        import cupy

        props = cupy.cuda.runtime.getDeviceProperties(0)
        name = props["name"].decode() if isinstance(props["name"], bytes) else props["name"]
        env["cupy"] = cupy.__version__
        env["gpu"] = f"{name}, {props['totalGlobalMem'] / 2 ** 30:.0f} GiB"
    return env
