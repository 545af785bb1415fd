"""The suite's CNN training step (benchmarks/workloads_cnn.py), three ways, with ratios.

    python -m benchmarks.cnn_step [--rounds N] [--wall] [--quick]

tapegrad, the hand-written NumPy floor (``raw``) and PyTorch eager, interleaved round by
round (the order rotated) in one process after two warm-up rounds. It prints each one's
median and minimum and the medians of the per-round ratios tapegrad / PyTorch and tapegrad /
floor. The clock is this process's CPU time: run it pinned with one thread per library
(``OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 1``) so that CPU time is the step's
own time whatever else the machine runs; ``--wall`` reads the wall clock instead (then
threads may be left to the libraries).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import workloads_cnn  # noqa: E402

IMPLS = ("tapegrad", "raw", "torch")


def run(rounds: int, wall: bool = False, quick: bool = False) -> dict:
    """Per implementation the step times (s), and the per-round ratio medians."""
    case = workloads_cnn._cnn_cases(quick)[0]
    steps = {k: s for k in IMPLS if (s := case.build(k, "cpu")) is not None}
    clock = time.perf_counter if wall else time.process_time
    times: dict = {k: [] for k in steps}
    names = list(steps)
    for r in range(rounds + 2):
        for k in names[r % len(names):] + names[:r % len(names)]:
            t0 = clock()
            steps[k]()
            if r >= 2:
                times[k].append(clock() - t0)
    ratios = {}
    for other in ("torch", "raw"):
        if other in times:
            ratios[other] = statistics.median(a / b for a, b in
                                              zip(times["tapegrad"], times[other]))
    return {"case": case.label, "times": times, "ratios": ratios}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--wall", action="store_true", help="wall clock, not CPU time")
    parser.add_argument("--quick", action="store_true", help="the suite's quick size")
    args = parser.parse_args(argv)
    res = run(args.rounds, args.wall, args.quick)
    clock = "wall" if args.wall else "CPU"
    print(f"{res['case']}, {args.rounds} interleaved rounds, {clock} time per step:")
    for k, v in res["times"].items():
        print(f"  {k:<9} median {statistics.median(v) * 1e3:7.2f} ms  min {min(v) * 1e3:7.2f} ms")
    print("  tapegrad / " + ", tapegrad / ".join(f"{'PyTorch' if k == 'torch' else 'floor'} "
                                                 f"{v:.2f}x" for k, v in res["ratios"].items())
          + " (medians of per-round ratios)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
