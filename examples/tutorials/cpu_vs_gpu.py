"""CPU versus GPU: where the crossover lies, and what moves it.

    python examples/tutorials/cpu_vs_gpu.py [--quick] [--out DIR]     (AUTOGRAD_DEVICE unused)

Times one training-like step (``y = (x @ w).tanh().sum()``, forward and backward) for square
sizes n on every available device: the CPU (NumPy) always, the GPU (CuPy) when
``backends.cuda.is_available()``. Small steps cost a fixed launch overhead per op on a GPU,
large ones are bound by arithmetic, where the GPU wins: the crossover is the first n where
the GPU is faster. Without a GPU only the CPU column is measured. ``python -m benchmarks``
does the same for every workload of its suite, with spreads, memory and checks.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _tutorial import Report, parse_args, save_figure

# isort: split
# --8<-- [start:time]
import numpy as np

import autograd as ag
import backends


def step_time(n, device, rounds=5):
    """Median seconds of one forward+backward of (x @ w).tanh().sum() with n x n operands."""
    x = ag.randn(n, n, device=device)
    w = ag.randn(n, n, device=device, requires_grad=True)
    times = []
    for _ in range(rounds + 1):  # the first call (allocations, kernel compilation) not kept
        if device != "cpu":
            ag.cuda.synchronize()  # a GPU runs asynchronously: wait before reading the clock
        start = time.perf_counter()
        (x @ w).tanh().sum().backward()
        if device != "cpu":
            ag.cuda.synchronize()
        times.append(time.perf_counter() - start)
        w.grad = None
    return float(np.median(times[1:]))


devices = ["cpu"] + (["cuda"] if backends.cuda.is_available() else [])
# --8<-- [end:time]


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(__doc__, argv)
    report = Report(args.out, "cpu_vs_gpu")
    sizes = [16, 64, 256] if args.quick else [16, 32, 64, 128, 256, 512, 1024, 2048]
    rounds = 2 if args.quick else 5
    # --8<-- [start:sweep]
    table = {d: [step_time(n, d, rounds) for n in sizes] for d in devices}
    crossover = None
    if "cuda" in table:
        faster = [n for n, c, g in zip(sizes, table["cpu"], table["cuda"]) if g < c]
        crossover = faster[0] if faster else None
    # --8<-- [end:sweep]
    report(f"devices: {', '.join(devices)}"
           + ("" if "cuda" in devices else f" (no GPU: {backends.cuda.why_unavailable()})"))
    report("n      " + "".join(f"{d + ' ms':>12s}" for d in devices)
           + ("    GPU speedup" if "cuda" in devices else ""))
    for k, n in enumerate(sizes):
        row = f"{n:<7d}" + "".join(f"{table[d][k] * 1e3:12.3f}" for d in devices)
        if "cuda" in devices:
            row += f"{table['cpu'][k] / table['cuda'][k]:14.2f}x"
        report(row)
    if "cuda" in devices:
        report(f"crossover: the GPU is faster from n = {crossover}" if crossover else
               "crossover: the GPU was not faster at any size measured")

    def draw(plt):
        fig, ax = plt.subplots(figsize=(6, 3.5))
        for d in devices:
            ax.plot(sizes, np.array(table[d]) * 1e3, "o-", label=d)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("n (x and w are n x n)")
        ax.set_ylabel("ms per forward+backward")
        ax.set_title("(x @ w).tanh().sum().backward()")
        ax.legend()
        return fig

    figure = save_figure(report, draw, "cpu_vs_gpu.png")
    report.save()
    return {"devices": devices, "sizes": sizes, "table": table, "crossover": crossover,
            "figure": figure}


if __name__ == "__main__":
    main()
