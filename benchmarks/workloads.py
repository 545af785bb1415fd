"""The suite's workloads: what ``python -m benchmarks`` runs, case by case.

A workload has cases (problem sizes); a case builds, per implementation and device, a step
function: one call is one timed unit of work, which synchronises its device before returning
and returns its loss (or output) for the cross-check; the suite converts it to a float outside
the clock. Implementations: ``tapegrad``, ``raw`` (hand-written NumPy on cpu, CuPy on cuda; for
matmul, the machine's raw peak) and ``torch`` (PyTorch eager, when importable). Every case
draws its data once on the host from a fixed seed and moves the same arrays to each device.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

import autograd as ag
import backends
from benchmarks import overhead
from benchmarks.timing import torch_or_none

Step = Callable[[], Any]


@dataclass
class Case:
    """One problem size of a workload."""

    label: str
    size: int  # the x axis of the size plots
    samples: int  # per step, for the throughput
    build: Callable[[str, str], Step | None]  # (impl, device) -> step, None if not available
    flops: float = 0.0  # per step, for GFLOP/s (0: not reported)


@dataclass
class Workload:
    """A named family of cases."""

    name: str
    title: str
    unit: str  # what the throughput counts, per second
    cases: Callable[[bool], list[Case]]  # quick -> cases
    impls: tuple[str, ...] = ("tapegrad", "raw", "torch")
    skip: Callable[[], str | None] = field(default=lambda: None)  # a reason, or None to run
    sized: bool = False  # plot step time against size


def torch_device(device: str) -> str | None:
    """The torch device for ours, or None where this torch cannot run there."""
    if device == "cpu":
        return "cpu"
    torch = torch_or_none()
    return "cuda" if torch is not None and torch.cuda.is_available() else None


def sync_torch(dev: str) -> None:
    """Wait for PyTorch's queued work on ``dev``."""
    if dev == "cuda":
        torch_or_none().cuda.synchronize()


def _torch_ready(device: str) -> tuple[Any, str] | None:
    torch = torch_or_none()
    dev = torch_device(device)
    return None if torch is None or dev is None else (torch, dev)


# -- per-op overhead: the chain of overhead.py ---------------------------------------------


def _overhead_cases(quick: bool) -> list[Case]:
    builders = {"tapegrad": overhead.chain_tapegrad, "raw": overhead.chain_numpy,
                "torch": overhead.chain_torch}

    def build(impl: str, device: str) -> Step | None:
        if impl == "torch" and torch_device(device) is None:
            return None
        return builders[impl](device)

    ops = overhead.CHAIN + 1
    return [Case(f"{ops} ops on [{overhead.WIDTH}]", overhead.WIDTH, ops, build)]


# -- large elementwise: a 10-op chain forward and backward ---------------------------------


@lru_cache(maxsize=8)
def _elementwise_data(n: int) -> np.ndarray:
    return np.random.default_rng(1).uniform(-1, 1, n).astype(np.float32)


def _elementwise_step(impl: str, device: str, n: int) -> Step | None:
    host = _elementwise_data(n)
    if impl == "tapegrad":
        xp = backends.get(device)
        x = ag.tensor(host, device=device, requires_grad=True)

        def step() -> Any:
            y = (x * 1.5 + 0.25).tanh()
            y = y * y + x
            y = (y * 0.5).sigmoid() * y - x * 0.1
            s = y.sum()
            s.backward()
            x.grad = None
            xp.synchronize()
            return s

        return step
    if impl == "raw":
        xp = backends.get(device)
        x = xp.asarray(host)

        def step() -> Any:
            a = xp.tanh(x * np.float32(1.5) + np.float32(0.25))
            b = a * a + x
            h = b * np.float32(0.5)
            sg = 1 / (1 + xp.exp(-h))
            y = sg * b - x * np.float32(0.1)
            # backward of sum(y) by hand
            gb = sg + b * sg * (1 - sg) * np.float32(0.5)
            ga = gb * 2 * a
            gx = ga * (1 - a * a) * np.float32(1.5) + gb - np.float32(0.1)
            s = y.sum()
            del gx
            xp.synchronize()
            return s

        return step
    ready = _torch_ready(device)
    if ready is None:
        return None
    torch, dev = ready
    x = torch.tensor(host, device=dev, requires_grad=True)

    def step() -> Any:
        y = (x * 1.5 + 0.25).tanh()
        y = y * y + x
        y = (y * 0.5).sigmoid() * y - x * 0.1
        s = y.sum()
        s.backward()
        x.grad = None
        sync_torch(dev)
        return s

    return step


def _elementwise_cases(quick: bool) -> list[Case]:
    sizes = (2 ** 12, 2 ** 16) if quick else (2 ** 12, 2 ** 16, 2 ** 18, 2 ** 20,
                                                       2 ** 22)
    return [Case(f"{n:,} floats", n, n,
                 lambda impl, device, n=n: _elementwise_step(impl, device, n)) for n in sizes]


# -- matmul: C = A @ B forward and backward (three matmuls) --------------------------------


@lru_cache(maxsize=8)
def _matmul_data(n: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(2)
    # positive entries: the checksum (sum of C) is well conditioned in float32
    return tuple(rng.uniform(0, 1, (n, n)).astype(np.float32) / n for _ in range(3))


def _matmul_step(impl: str, device: str, n: int) -> Step | None:
    a_h, b_h, g_h = _matmul_data(n)
    if impl == "tapegrad":
        xp = backends.get(device)
        a = ag.tensor(a_h, device=device, requires_grad=True)
        b = ag.tensor(b_h, device=device, requires_grad=True)
        g = ag.tensor(g_h, device=device)

        def step() -> Any:
            c = a @ b
            c.backward(g)
            a.grad = b.grad = None
            xp.synchronize()
            return c

        return step
    if impl == "raw":
        xp = backends.get(device)
        a, b, g = xp.asarray(a_h), xp.asarray(b_h), xp.asarray(g_h)

        def step() -> Any:
            c = a @ b
            ga = g @ b.T
            gb = a.T @ g
            del ga, gb
            xp.synchronize()
            return c

        return step
    ready = _torch_ready(device)
    if ready is None:
        return None
    torch, dev = ready
    a = torch.tensor(a_h, device=dev, requires_grad=True)
    b = torch.tensor(b_h, device=dev, requires_grad=True)
    g = torch.tensor(g_h, device=dev)

    def step() -> Any:
        c = a @ b
        c.backward(g)
        a.grad = b.grad = None
        sync_torch(dev)
        return c

    return step


def _matmul_cases(quick: bool) -> list[Case]:
    sizes = (64, 128) if quick else (64, 128, 256, 512, 1024, 2048)
    return [Case(f"n={n}", n, n, lambda impl, device, n=n: _matmul_step(impl, device, n),
                 flops=3 * 2.0 * n ** 3) for n in sizes]


def all_workloads() -> list[Workload]:
    """Every workload of the suite, in the order it runs."""
    from benchmarks import workloads_seq as seq
    from benchmarks import workloads_train as train

    return [
        Workload("overhead", "per-op overhead: a chain of elementwise ops on a tiny tensor, "
                 "forward+backward", "ops", _overhead_cases),
        Workload("elementwise", "large elementwise: 10 ops forward+backward on float32",
                 "elem", _elementwise_cases, sized=True),
        Workload("matmul", "matmul C = A @ B, float32, forward+backward (3 matmuls); raw = "
                 "the machine's NumPy/CuPy peak at that size", "rows", _matmul_cases,
                 sized=True),
        *train.workloads(),
        *seq.workloads(),
    ]
