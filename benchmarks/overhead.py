"""Per-op overhead and MLP-step benchmark: tapegrad vs hand-written NumPy vs PyTorch eager.

    python -m benchmarks.overhead [--device cpu|cuda] [--rounds N] [--json out.json]

(a) forward+backward through a chain of 300 elementwise ops on a 16-element float32 tensor,
    reported per op; (b) one forward+backward step of a 784-1024-1024-10 ReLU MLP with
    softmax cross-entropy at batch 128. Every implementation runs in the same process,
    interleaved round by round; the table gives medians and ratios, which stay meaningful on a
    noisy machine where absolute times do not.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
from collections.abc import Callable

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import autograd as ag
import backends
from benchmarks.timing import measure, torch_or_none  # sets OMP_WAIT_POLICY=PASSIVE

CHAIN = 300
WIDTH = 16
SIZES = (784, 1024, 1024, 10)
BATCH = 128


# -- (a) the op chain ---------------------------------------------------------------------


def chain_tapegrad(device: str) -> Callable[[], object]:
    xp = backends.get(device)
    x = ag.tensor(np.linspace(-1, 1, WIDTH), dtype=ag.float32, device=device,
                  requires_grad=True)
    b = ag.tensor(np.full(WIDTH, 0.01), dtype=ag.float32, device=device)

    def step() -> float:
        y = x
        for _ in range(CHAIN // 3):
            y = y * 0.9
            y = y + b
            y = y.tanh()
        s = y.sum()
        s.backward()
        x.grad = None
        xp.synchronize()
        return s

    return step


def chain_numpy(device: str) -> Callable[[], object]:
    xp = backends.get(device)
    x = xp.asarray(np.linspace(-1, 1, WIDTH), dtype=xp.float32)
    b = xp.full(WIDTH, 0.01, dtype=xp.float32)
    c = xp.float32(0.9)

    def step() -> float:
        saved = []
        y = x
        for _ in range(CHAIN // 3):
            y = y * c
            y = y + b
            y = xp.tanh(y)
            saved.append(y)
        g = xp.ones_like(y)
        for t in reversed(saved):
            g = g * (1 - t * t)
            g = g * c
        xp.synchronize()
        return y

    return step


class _TapeEntry:
    """A value of the minimal tape below: its array, gradient, inputs and backward closure."""

    __slots__ = ("data", "grad", "inputs", "backward")

    def __init__(self, data: object, inputs: tuple = (), backward: object = None) -> None:
        self.data = data
        self.grad = None
        self.inputs = inputs
        self.backward = backward


def chain_pytape(device: str) -> Callable[[], object]:
    """The chain on the leanest tape pure Python allows (a value object per op, a closure for
    its backward, a list as the tape, gradients summed on the values): none of an engine's
    semantics (no dtype promotion, hooks, version checks, views, devices, errors), so its
    time per op is the floor of any pure-Python reverse-mode engine on this machine."""
    xp = backends.get(device)
    tape: list = []
    record = tape.append
    x = _TapeEntry(xp.asarray(np.linspace(-1, 1, WIDTH), dtype=xp.float32))
    b = _TapeEntry(xp.full(WIDTH, 0.01, dtype=xp.float32))
    c = xp.float32(0.9)

    def mul(a: _TapeEntry) -> _TapeEntry:
        out = _TapeEntry(a.data * c, (a,), lambda g: (g * c,))
        record(out)
        return out

    def add(a: _TapeEntry, y: _TapeEntry) -> _TapeEntry:
        out = _TapeEntry(a.data + y.data, (a, y), lambda g: (g, g))
        record(out)
        return out

    def tanh(a: _TapeEntry) -> _TapeEntry:
        t = xp.tanh(a.data)
        out = _TapeEntry(t, (a,), lambda g: (g * (1 - t * t),))
        record(out)
        return out

    def step() -> object:
        y = x
        for _ in range(CHAIN // 3):
            y = tanh(add(mul(y), b))
        s = _TapeEntry(y.data.sum(), (y,), lambda g: (xp.broadcast_to(g, (WIDTH,)),))
        s.grad = xp.ones((), dtype=xp.float32)
        record(s)
        for entry in reversed(tape):
            g = entry.grad
            if g is None:
                continue
            for source, gx in zip(entry.inputs, entry.backward(g)):
                source.grad = gx if source.grad is None else source.grad + gx
            entry.grad = None
        tape.clear()
        x.grad = b.grad = None
        xp.synchronize()
        return s.data

    return step


def chain_torch(device: str) -> Callable[[], object] | None:
    torch = torch_or_none()
    if torch is None:
        return None
    dev = "cuda" if device.startswith("cuda") else "cpu"
    x = torch.linspace(-1, 1, WIDTH, dtype=torch.float32, device=dev, requires_grad=True)
    b = torch.full((WIDTH,), 0.01, dtype=torch.float32, device=dev)

    def step() -> float:
        y = x
        for _ in range(CHAIN // 3):
            y = y * 0.9
            y = y + b
            y = y.tanh()
        s = y.sum()
        s.backward()
        x.grad = None
        if dev == "cuda":
            torch.cuda.synchronize()
        return s

    return step


# -- (b) the MLP step ---------------------------------------------------------------------


def _mlp_data(seed: int = 0):
    rng = np.random.default_rng(seed)
    weights = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        bound = 1 / np.sqrt(fan_in)
        weights.append((rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32),
                        rng.uniform(-bound, bound, fan_out).astype(np.float32)))
    x = rng.standard_normal((BATCH, SIZES[0])).astype(np.float32)
    y = rng.integers(0, SIZES[-1], BATCH)
    return weights, x, y


def mlp_tapegrad(device: str, fused: bool = False) -> Callable[[], float]:
    """The MLP step with core ops (``x @ w.T + b``, log-sum-exp cross-entropy), or with
    ``fused=True`` through nn.functional's fused linear and cross-entropy."""
    from nn import functional as F

    xp = backends.get(device)
    weights, x_np, y_np = _mlp_data()
    params = [(ag.tensor(w, device=device, requires_grad=True),
               ag.tensor(b, device=device, requires_grad=True)) for w, b in weights]
    x = ag.tensor(x_np, device=device)
    y = ag.tensor(y_np, device=device)
    onehot = ag.tensor(np.eye(SIZES[-1], dtype=np.float32)[y_np], device=device)

    def step() -> float:
        h = x
        for k, (w, b) in enumerate(params):
            h = F.linear(h, w, b) if fused else h @ w.T + b
            if k < len(params) - 1:
                h = h.relu()
        if fused:
            loss = F.cross_entropy(h, y)
        else:
            loss = -((h - h.logsumexp(1, keepdim=True)) * onehot).sum() / BATCH
        loss.backward()
        value = loss.item()
        for w, b in params:
            w.grad = b.grad = None
        xp.synchronize()
        return value

    return step


def mlp_numpy(device: str) -> Callable[[], float]:
    xp = backends.get(device)
    weights, x_np, y_np = _mlp_data()
    params = [(xp.asarray(w), xp.asarray(b)) for w, b in weights]
    x = xp.asarray(x_np)
    onehot = xp.asarray(np.eye(SIZES[-1], dtype=np.float32)[y_np])

    def step() -> float:
        acts = [x]
        h = x
        for k, (w, b) in enumerate(params):
            h = h @ w.T + b
            if k < len(params) - 1:
                h = xp.maximum(h, 0)
            acts.append(h)
        m = h.max(axis=1, keepdims=True)
        e = xp.exp(h - m)
        s = e.sum(axis=1, keepdims=True)
        logp = h - m - xp.log(s)
        loss = -(logp * onehot).sum() / BATCH
        g = (e / s - onehot) / BATCH
        grads = []
        for k in range(len(params) - 1, -1, -1):
            w, _ = params[k]
            a = acts[k]
            grads.append((g.T @ a, g.sum(axis=0)))
            if k:
                g = (g @ w) * (a > 0)
        value = float(loss)
        xp.synchronize()
        return value

    return step


def mlp_torch(device: str) -> Callable[[], float] | None:
    torch = torch_or_none()
    if torch is None:
        return None
    dev = "cuda" if device.startswith("cuda") else "cpu"
    weights, x_np, y_np = _mlp_data()
    params = [(torch.tensor(w, device=dev, requires_grad=True),
               torch.tensor(b, device=dev, requires_grad=True)) for w, b in weights]
    x = torch.tensor(x_np, device=dev)
    y = torch.tensor(y_np, device=dev)

    def step() -> float:
        h = x
        for k, (w, b) in enumerate(params):
            h = torch.nn.functional.linear(h, w, b)
            if k < len(params) - 1:
                h = h.relu()
        loss = torch.nn.functional.cross_entropy(h, y)
        loss.backward()
        value = loss.item()
        for w, b in params:
            w.grad = b.grad = None
        return value

    return step


# -- running --------------------------------------------------------------------------------


def _row(name: str, samples: list[float], scale: float, unit: str, base: float | None) -> str:
    med = statistics.median(samples) * scale
    lo, hi = min(samples) * scale, max(samples) * scale
    ratio = "" if base is None else f"{statistics.median(samples) / base:6.2f}x"
    return f"  {name:<12} {med:10.2f} {unit:<3} (min {lo:8.2f}, max {hi:8.2f})  {ratio}"


def run(device: str = "cpu", rounds: int = 15) -> dict:
    """Run both workloads on one device and return the medians (seconds) by name."""
    results: dict = {"device": device}
    chain = measure({"tapegrad": chain_tapegrad(device), "numpy": chain_numpy(device),
                     "torch": chain_torch(device)}, rounds=rounds, inner=5)
    mlp = measure({"tapegrad": mlp_tapegrad(device),
                   "tapegrad.nn": mlp_tapegrad(device, fused=True),
                   "numpy": mlp_numpy(device), "torch": mlp_torch(device)},
                  rounds=rounds, inner=2)
    ops = CHAIN + 1  # the chain plus the final sum
    lines = [f"(a) per-op forward+backward, chain of {CHAIN} elementwise ops on float32[{WIDTH}]"
             f" ({device}); ratio vs tapegrad's median"]
    base = statistics.median(chain["tapegrad"]) / ops
    for name, samples in chain.items():
        lines.append(_row(name, [s / ops for s in samples], 1e6, "us", base))
    lines.append(f"(b) MLP {'-'.join(map(str, SIZES))} ReLU + softmax cross-entropy, batch "
                 f"{BATCH}, one forward+backward ({device}); ratio vs tapegrad's median")
    base = statistics.median(mlp["tapegrad"])
    for name, samples in mlp.items():
        lines.append(_row(name, samples, 1e3, "ms", base))
    med = {k: statistics.median(v) for k, v in chain.items()}
    mmed = {k: statistics.median(v) for k, v in mlp.items()}
    summary = [
        f"per-op: tapegrad {med['tapegrad'] / ops * 1e6:.2f} us = "
        f"{med['tapegrad'] / med['numpy']:.2f}x hand-written NumPy"
        + (f", {med['tapegrad'] / med['torch']:.2f}x PyTorch eager" if "torch" in med else ""),
        f"MLP step: tapegrad {mmed['tapegrad'] * 1e3:.2f} ms = "
        f"{mmed['tapegrad'] / mmed['numpy']:.2f}x hand-written NumPy"
        + (f", {mmed['tapegrad'] / mmed['torch']:.2f}x PyTorch eager" if "torch" in mmed else ""),
        f"MLP step through nn.functional (fused linear, cross-entropy): "
        f"{mmed['tapegrad.nn'] * 1e3:.2f} ms = {mmed['tapegrad.nn'] / mmed['numpy']:.2f}x "
        "hand-written NumPy",
    ]
    results.update(chain={k: v / ops for k, v in med.items()}, mlp=mmed,
                   text="\n".join(lines + summary))
    return results


def environment() -> str:
    torch = torch_or_none()
    parts = [f"python {platform.python_version()}", f"numpy {np.__version__}",
             f"machine {platform.machine()}, {os.cpu_count()} cpus"]
    if torch is not None:
        parts.append(f"torch {torch.__version__} ({torch.get_num_threads()} threads)")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--device", default="cpu", help="cpu, cuda, or a comma-separated list")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--json", help="also write the medians to this JSON file")
    args = parser.parse_args(argv)
    print(environment())
    out = []
    for device in args.device.split(","):
        res = run(device.strip(), args.rounds)
        print(res.pop("text"))
        out.append(res)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
