"""The benchmark regression check of ``make bench``: no workload more than 5% slower.

    python -m benchmarks.regress [--baseline PATH] [--tolerance 0.05] [--rounds N] [--update]

It measures, with ``benchmarks.compile_step``, each workload's step time in eager and in
compiled mode as a ratio to the hand-written NumPy floor measured in the same process,
interleaved (ratios stay meaningful on a shared machine where absolute times do not, and
from one machine to another), and compares them with the baseline file. A ratio more than
``tolerance`` above its baseline is measured again (up to twice more), and the check fails
(exit status 1) if it stays above: a noisy minute does not fail it, a real regression does.
``--update`` writes the measured ratios as the new baseline (after a change meant to move
them).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import compile_step  # noqa: E402

BASELINE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results",
                        "regression-baseline.json")
CHECKED = ("tapegrad/raw", "compiled/raw")  # the ratios the check holds to their baseline


def measure(names: list[str], rounds: int, quick: bool) -> dict[str, dict[str, float]]:
    """workload -> {ratio name: value} for the CHECKED ratios."""
    builds = compile_step.cases(quick)
    out = {}
    for name in names:
        ratios = compile_step.run_one(builds[name], rounds)["ratios"]
        out[name] = {k: ratios[k] for k in CHECKED if k in ratios}
    return out


def regressions(measured: dict, baseline: dict, tolerance: float) -> list[tuple]:
    """(workload, ratio, baseline, measured) for every ratio above baseline * (1 + tolerance)."""
    found = []
    for name, ratios in measured.items():
        for key, value in ratios.items():
            base = baseline.get(name, {}).get(key)
            if base is not None and value > base * (1 + tolerance):
                found.append((name, key, base, value))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--tolerance", type=float, default=0.05)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="the suite's quick sizes")
    parser.add_argument("--update", action="store_true", help="write a new baseline")
    args = parser.parse_args(argv)
    names = list(compile_step.cases(args.quick))
    key = "quick" if args.quick else "full"
    measured = measure(names, args.rounds, args.quick)
    stored = {}
    if os.path.exists(args.baseline):
        with open(args.baseline) as fh:
            stored = json.load(fh)
    if args.update:
        stored[key] = measured
        with open(args.baseline, "w") as fh:
            json.dump(stored, fh, indent=1, sort_keys=True)
            fh.write("\n")
        print(f"baseline written to {args.baseline}")
        return 0
    baseline = stored.get(key)
    if baseline is None:
        print(f"no {key} baseline in {args.baseline}: run with --update first")
        return 1
    for _ in range(2):  # measure suspects again (up to twice) before calling it a regression
        suspects = regressions(measured, baseline, args.tolerance)
        if not suspects:
            break
        again = measure(sorted({s[0] for s in suspects}), args.rounds, args.quick)
        for name, ratios in again.items():
            measured[name] = {k: min(v, measured[name][k]) for k, v in ratios.items()}
    found = regressions(measured, baseline, args.tolerance)
    for name, ratios in measured.items():
        for k, v in ratios.items():
            base = baseline.get(name, {}).get(k)
            mark = "  REGRESSION" if any(f[:2] == (name, k) for f in found) else ""
            shown = "-" if base is None else f"{base:.3f}"
            print(f"{name:<12} {k:<13} baseline {shown:>6}  now {v:.3f}{mark}")
    if found:
        print(f"{len(found)} ratio(s) more than {args.tolerance:.0%} above the baseline")
        return 1
    print(f"no workload more than {args.tolerance:.0%} slower than the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
