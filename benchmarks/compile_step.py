"""Eager vs ``ag.compile`` vs the hand-written NumPy floor vs PyTorch eager, with ratios.

    python -m benchmarks.compile_step [--rounds N] [--quick] [--only chain,mlp-small,...]
                                      [--json out.json]

For the per-op chain (300 elementwise ops, forward and backward, on 16 elements), the small and
the big MLP steps, the CNN, LSTM and transformer-block steps: tapegrad eager (``tapegrad``),
tapegrad under ``ag.compile`` (``compiled``, timed from its first replay: the eager warm-up
call and the capture are run first), the floor (``raw``) and PyTorch, interleaved round by round
(the order rotated) in one process. It prints medians, the medians of per-round ratios and
each one's peak memory in a step (tracemalloc: NumPy buffers and Python objects). The
clock is this process's CPU time: run it pinned with one thread per library
(``OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 1``) so that it measures the step's own
work whatever else the machine runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

import autograd as ag  # noqa: E402
import backends  # noqa: E402
from benchmarks import overhead, workloads_cnn, workloads_seq, workloads_train  # noqa: E402
from benchmarks.timing import host_peak_bytes  # noqa: E402

# pytape (the chain only): the leanest pure-Python tape, the floor of eager overhead for any
# engine written in Python (overhead.chain_pytape)
IMPLS = ("tapegrad", "compiled", "raw", "torch", "pytape")
RATIOS = (("compiled", "raw"), ("compiled", "torch"), ("tapegrad", "torch"),
          ("tapegrad", "raw"), ("compiled", "tapegrad"), ("pytape", "torch"),
          ("tapegrad", "pytape"))


def chain_compiled(device: str) -> Callable[[], object]:
    """overhead.chain_tapegrad's step under ag.compile."""
    xp = backends.get(device)
    x = ag.tensor(np.linspace(-1, 1, overhead.WIDTH), dtype=ag.float32, device=device,
                  requires_grad=True)
    b = ag.tensor(np.full(overhead.WIDTH, 0.01), dtype=ag.float32, device=device)

    @ag.compile(fullgraph=True)
    def body(x: ag.Tensor, b: ag.Tensor) -> ag.Tensor:
        y = x
        for _ in range(overhead.CHAIN // 3):
            y = y * 0.9
            y = y + b
            y = y.tanh()
        s = y.sum()
        s.backward()
        x.grad = None
        return s

    def step() -> object:
        s = body(x, b)
        xp.synchronize()
        return s

    return step


def _chain(impl: str) -> Callable[[], object] | None:
    return {"tapegrad": overhead.chain_tapegrad, "compiled": chain_compiled,
            "raw": overhead.chain_numpy, "torch": overhead.chain_torch,
            "pytape": overhead.chain_pytape}[impl]("cpu")


def cases(quick: bool) -> dict[str, Callable[[str], Callable[[], object] | None]]:
    """name -> build(impl) for every workload measured here."""
    mlp = workloads_train._mlp_cases(quick)
    out: dict = {"chain": _chain, "mlp-small": _model(mlp[0]), "mlp-big": _model(mlp[1])}
    for name, source in (("cnn", workloads_cnn._cnn_cases), ("lstm", workloads_seq._lstm_cases),
                         ("transformer", workloads_seq._block_cases)):
        out[name] = _model(source(quick)[0])
    return out


def _model(case: object) -> Callable[[str], Callable[[], object] | None]:
    """A model workload's builder (no pytape: that reference is the chain's only)."""
    return lambda impl: None if impl == "pytape" else case.build(impl, "cpu")


def run_one(build: Callable[[str], Callable[[], object] | None], rounds: int) -> dict:
    steps = {k: s for k in IMPLS if (s := build(k)) is not None}
    for s in steps.values():  # warm-up; for compiled: the eager call, the capture, a replay
        for _ in range(3):
            s()
    clock = time.process_time
    times: dict = {k: [] for k in steps}
    names = list(steps)
    inner = max(1, int(0.02 / max(_once(steps["tapegrad"], clock), 1e-6)))
    for r in range(rounds):
        for k in names[r % len(names):] + names[:r % len(names)]:
            t0 = clock()
            for _ in range(inner):
                steps[k]()
            times[k].append((clock() - t0) / inner)
    ratios = {f"{a}/{b}": statistics.median(x / y for x, y in zip(times[a], times[b]))
              for a, b in RATIOS if a in times and b in times}
    # the fastest round of each: interference from other jobs only ever adds time
    best = {f"{a}/{b}": min(times[a]) / min(times[b])
            for a, b in RATIOS if a in times and b in times}
    # peak memory of one step (tracemalloc: NumPy buffers and Python objects), not PyTorch's
    peak = {k: host_peak_bytes(s) for k, s in steps.items() if k != "torch"}
    memory = {f"{k}/raw": peak[k] / peak["raw"] for k in ("tapegrad", "compiled")
              if k in peak and peak.get("raw")}
    return {"median_s": {k: statistics.median(v) for k, v in times.items()}, "ratios": ratios,
            "best_ratios": best, "peak_bytes": peak, "peak_ratios": memory}


def _once(step: Callable[[], object], clock: Callable[[], float]) -> float:
    t0 = clock()
    step()
    return clock() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="the suite's quick sizes")
    parser.add_argument("--only", default="", help="comma-separated workload names")
    parser.add_argument("--json", default=None, help="write the figures here")
    args = parser.parse_args(argv)
    wanted = [w for w in args.only.split(",") if w]
    results = {}
    for name, build in cases(args.quick).items():
        if wanted and name not in wanted:
            continue
        res = results[name] = run_one(build, args.rounds)
        times = "  ".join(f"{k} {v * 1e3:.3f} ms" for k, v in res["median_s"].items())
        ratios = "  ".join(f"{k} {v:.2f}x" for k, v in res["ratios"].items())
        memory = "  ".join(f"{k} {v / 2 ** 20:.2f} MiB" for k, v in res["peak_bytes"].items())
        print(f"{name}: {times}\n    {ratios}\n    peak memory: {memory}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
