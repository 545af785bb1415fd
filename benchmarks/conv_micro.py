"""Convolution kernels alone: forward, input gradient and weight gradient on raw arrays.

    python -m benchmarks.conv_micro [--baseline OLD_conv_kernels.py] [--rounds N] [--wall]

Times ``autograd.ops.nn.conv_kernels`` (and, with ``--baseline``, another version of that
file, e.g. ``git show REV:autograd/ops/nn/conv_kernels.py > old.py``) against PyTorch's
``aten.convolution`` / ``aten.convolution_backward`` on the CNN workload's shapes and a few
others (stride, groups, depthwise), float32 on the CPU. Everything runs in one process, the
implementations interleaved round by round; the table gives each one's median and minimum
and the median of the per-round ratios to PyTorch (or to the baseline), which stay meaningful on a
noisy machine where absolute times do not. The clock is this process's CPU time (run it
pinned, with one BLAS and one PyTorch thread: ``OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
taskset -c 1``), which leaves out the time other processes hold the core; ``--wall`` reads
the wall clock instead.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from typing import Any

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import backends  # noqa: E402
from autograd.ops.nn import conv_kernels  # noqa: E402
from benchmarks.timing import torch_or_none  # noqa: E402

# (label, x shape, w shape, stride, padding, groups)
CASES = [
    ("cnn conv1 (64,1,28,28) x (16,1,3,3) p1", (64, 1, 28, 28), (16, 1, 3, 3), 1, 1, 1),
    ("cnn conv2 (64,16,14,14) x (32,16,3,3) p1", (64, 16, 14, 14), (32, 16, 3, 3), 1, 1, 1),
    ("(32,16,16,16) x (32,16,3,3) p1", (32, 16, 16, 16), (32, 16, 3, 3), 1, 1, 1),
    ("(32,64,8,8) x (128,64,3,3) s2 p1", (32, 64, 8, 8), (128, 64, 3, 3), 2, 1, 1),
    ("(16,32,16,16) x (32,8,3,3) p1 g4", (16, 32, 16, 16), (32, 8, 3, 3), 1, 1, 4),
    ("(16,32,16,16) x (32,1,3,3) p1 depthwise", (16, 32, 16, 16), (32, 1, 3, 3), 1, 1, 32),
]


def _load(path: str) -> Any:
    spec = importlib.util.spec_from_file_location("baseline_conv_kernels", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _ours(mod: Any, x: np.ndarray, w: np.ndarray, geom: tuple) -> Any:
    xp = backends.get("cpu")  # the kernels' namespace: NumPy plus the backend's methods

    def step() -> None:
        y = mod.forward(xp, x, w, geom)
        mod.input_grad(xp, y, w, geom, x.shape[2:])
        mod.weight_grad(xp, x, y, geom, w.shape[2:])
    return step


def _torch(x: np.ndarray, w: np.ndarray, stride: int, pad: int, groups: int) -> Any:
    torch = torch_or_none()
    if torch is None:
        return None
    tx, tw = torch.from_numpy(x), torch.from_numpy(w)
    conv, back = torch.ops.aten.convolution, torch.ops.aten.convolution_backward

    def step() -> None:
        y = conv(tx, tw, None, [stride] * 2, [pad] * 2, [1, 1], False, [0, 0], groups)
        back(y, tx, tw, None, [stride] * 2, [pad] * 2, [1, 1], False, [0, 0], groups,
             [True, True, False])
    return step


def run(baseline: str | None, rounds: int, clock: Any = time.process_time) -> list[str]:
    """One line per case: medians (ms) and per-round ratio medians."""
    impls = {"tapegrad": conv_kernels}
    if baseline:
        impls["baseline"] = _load(baseline)
    lines = []
    rng = np.random.default_rng(0)
    for label, xs, ws, stride, pad, groups in CASES:
        x = rng.standard_normal(xs).astype(np.float32)
        w = rng.standard_normal(ws).astype(np.float32) * 0.1
        geom = ((stride, stride), ((pad, pad), (pad, pad)), (1, 1), groups)
        steps = {k: _ours(m, x, w, geom) for k, m in impls.items()}
        ref = _torch(x, w, stride, pad, groups)
        if ref is not None:
            steps["torch"] = ref
        times: dict = {k: [] for k in steps}
        for r in range(rounds + 2):
            order = list(steps)[r % len(steps):] + list(steps)[:r % len(steps)]
            for k in order:
                t0 = clock()
                steps[k]()
                if r >= 2:  # two warm-up rounds
                    times[k].append(clock() - t0)
        base = "torch" if "torch" in times else None
        parts = [f"{label}:"]
        for k, v in times.items():
            part = f"{k} {statistics.median(v) * 1e3:.2f} ms (min {min(v) * 1e3:.2f})"
            if base and k != base:
                ratio = statistics.median(a / b for a, b in zip(v, times[base]))
                part += f" ({ratio:.2f}x torch)"
            if k == "tapegrad" and "baseline" in times:
                ratio = statistics.median(a / b for a, b in zip(v, times["baseline"]))
                part += f" [{ratio:.2f}x baseline]"
            parts.append(part)
        lines.append("  ".join(parts))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", help="another conv_kernels.py to compare against")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--wall", action="store_true", help="wall clock, not CPU time")
    args = parser.parse_args(argv)
    clock = time.perf_counter if args.wall else time.process_time
    print(f"forward + input_grad + weight_grad, float32, one process, interleaved, "
          f"{'wall' if args.wall else 'CPU'} time; ratios are medians of per-round ratios")
    for line in run(args.baseline, args.rounds, clock):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
