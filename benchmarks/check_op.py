"""How long ``autograd.testing.check_op`` takes on ops with a 1,000-element input.

    python -m benchmarks.check_op [--rounds N] [--json out.json]

Each case runs the whole battery (gradcheck and gradgradcheck in float64, float32 against
float64, inputs not modified, backward twice, non-contiguous and zero-size variants, the NumPy
reference, and PyTorch's when it is installed) on the devices available. The target is under
2 s per case on a 2-core CPU: gradcheck's fast mode (one random direction) takes over when the
full Jacobian would be large.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections.abc import Callable

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import autograd as ag
from autograd.testing import Sample, check_op
from benchmarks.timing import measure, torch_or_none

TARGET_S = 2.0


class Hypot(ag.Function):
    """A custom op, as a user writes one."""

    @staticmethod
    def forward(ctx, x, y):
        h = ctx.xp.sqrt(x * x + y * y)
        ctx.save_for_backward(x, y, h)
        return h

    @staticmethod
    def backward(ctx, gh):
        # d h / dx = x / h, d h / dy = y / h
        x, y, h = ctx.saved_tensors
        return gh * x / h, gh * y / h


def cases() -> dict[str, Callable[[], object]]:
    """Name -> a call of check_op on a 1,000-element input."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0.5, 2.0, 1000)
    m = rng.uniform(-1.0, 1.0, (25, 40))
    torch_ref = torch_or_none() is not None
    return {
        "tanh (1000,)": lambda: check_op(ag.tanh, x, reference="torch.tanh" if torch_ref
                                         else np.tanh),
        "Hypot Function (1000,) x (1000,)": lambda: check_op(
            Hypot, (x, rng.uniform(0.5, 2.0, 1000)), reference=np.hypot),
        "mul (25, 40) x (40,)": lambda: check_op(ag.mul, (m, rng.uniform(-1, 1, 40)),
                                                 reference=np.multiply),
        "sum dim=1 (25, 40)": lambda: check_op(ag.sum, Sample((m,), {"dim": 1}),
                                               reference=lambda a, dim: a.sum(axis=dim)),
        "matmul (25, 40) @ (40, 30)": lambda: check_op(ag.matmul, (m, rng.uniform(-1, 1, (40, 30))),
                                                       reference=np.matmul),
        "sum (1000,) full Jacobian": lambda: check_op(ag.sum, x, reference=np.sum),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    times = measure(cases(), rounds=args.rounds, inner=1, warmup=1)
    rows = {name: {"median_s": statistics.median(t), "max_s": max(t)} for name, t in times.items()}
    width = max(len(n) for n in rows)
    print(f"{'check_op on':<{width}}  {'median':>9}  {'max':>9}  (target < {TARGET_S} s)")
    for name, r in rows.items():
        print(f"{name:<{width}}  {r['median_s']:>8.3f}s  {r['max_s']:>8.3f}s")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"target_s": TARGET_S, "cases": rows}, fh, indent=2)
    return 0 if all(r["max_s"] < TARGET_S for r in rows.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
