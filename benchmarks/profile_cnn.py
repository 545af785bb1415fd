"""Where the CNN training step of the suite spends its time: cProfile over a few steps.

    python -m benchmarks.profile_cnn [--impl tapegrad|raw|torch] [--steps N] [--top K]
        [--side S --batch B] [--sort tottime|cumtime]

Builds the ``cnn`` workload's step (benchmarks/workloads_cnn.py), runs it twice untimed, then
profiles ``--steps`` calls and prints the ``--top`` functions. Pin it for stable figures:
``OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 1 python -m benchmarks.profile_cnn``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import workloads_cnn  # noqa: E402
from benchmarks.workloads_train import _images  # noqa: E402


def build(impl: str, side: int, batch: int, device: str = "cpu"):  # noqa: ANN201
    """The workload's step for one implementation."""
    case = workloads_cnn._cnn_cases(quick=side != 28)[0]
    if (side, batch) == (28, 64) or (side, batch) == (16, 16):
        return case.build(impl, device)
    x, y = _images((batch, 1, side, side), 10)
    from benchmarks.workloads_train import _train_step

    return _train_step(lambda m: workloads_cnn.spec(m, side), x, y, impl, device)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--impl", default="tapegrad", choices=["tapegrad", "raw", "torch"])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--side", type=int, default=28)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumtime"])
    args = parser.parse_args(argv)
    step = build(args.impl, args.side, args.batch)
    for _ in range(2):
        step()
    # CPU time of this process, not wall time: on a shared machine the wall clock also counts
    # the time other processes hold the core
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    for _ in range(args.steps):
        step()
    prof.disable()
    stats = pstats.Stats(prof)
    print(f"{args.impl}: {stats.total_tt / args.steps * 1e3:.2f} ms CPU per step under cProfile "
          f"({args.steps} steps)")
    stats.sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
