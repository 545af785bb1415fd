"""``python -m benchmarks``: the same workloads on every device, against PyTorch eager.

    python -m benchmarks                          (or: make bench)
    python -m benchmarks --quick                  (small sizes, a few rounds: a smoke run)
    python -m benchmarks --device cpu,cuda --workloads matmul,mlp --json out.json --plot out.png

For every workload: one table whose rows are (problem size, device, implementation) with the
median step time and its spread (min/max over the rounds), the throughput, GFLOP/s where the
work is known, the peak memory of one step, the GPU's speedup over the CPU, the loss (or output
checksum) and whether it agrees with tapegrad on the CPU. A mismatch is printed in the table
and in a warning at the end, and the exit status is 1: a fast wrong result must be visible.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import re
import sys
from typing import Any

import numpy as np

from benchmarks.timing import (
    clock_for,
    environment,
    first_call,
    fmt_bytes,
    measure,
    peak_bytes,
    summary,
)
from benchmarks.workloads import Case, Workload, all_workloads

RTOL = 1e-3  # float32 on different devices and libraries; a real bug is far outside this
ATOL = 1e-6


def to_float(value: Any) -> float:
    """A step's result (a loss, an output) as one float: the float64 sum on the host."""
    if isinstance(value, (float, int)):
        return float(value)
    if hasattr(value, "detach"):  # a tapegrad or PyTorch tensor
        value = value.detach().cpu().numpy()
    elif hasattr(value, "get"):  # a CuPy array
        value = value.get()
    return float(np.asarray(value, dtype=np.float64).sum())


def impl_name(impl: str, device: str) -> str:
    """What the table calls an implementation: raw is NumPy on the CPU, CuPy on a GPU."""
    if impl == "raw":
        return "numpy" if device == "cpu" else "cupy"
    return impl


def run_case(workload: Workload, case: Case, devices: list[str], rounds: int,
             quick: bool) -> list[dict[str, Any]]:
    """Time every (device, implementation) of one case, interleaved; one dict per row."""
    steps: dict[str, Any] = {}
    clocks: dict[str, Any] = {}
    rows: dict[str, dict[str, Any]] = {}
    for device in devices:
        for impl in workload.impls:
            key = f"{device}/{impl}"
            step = case.build(impl, device)
            row = {"device": device, "impl": impl_name(impl, device)}
            rows[key] = row
            if step is None:
                row["skipped"] = "not available on this device"
                continue
            # the first step, from the shared initial state; on a GPU it compiles kernels
            loss, row["first_call_s"] = first_call(step)
            row["loss"] = to_float(loss)
            if impl == "compiled":
                step()  # the capture: the memory measured next is that of a replay
            row["peak_bytes"], row["memory_method"] = peak_bytes(step, device, impl)
            steps[key] = step
            clocks[key] = clock_for(device, impl)
            row["clock"] = clocks[key].name
    times = measure(steps, rounds=rounds, warmup=1 if quick else 3,
                    target_s=0.005 if quick else 0.05, clocks=clocks)
    for key, samples in times.items():
        row = rows[key]
        row.update(summary(samples))
        row["samples_per_s"] = case.samples / row["median_s"]
        if case.flops:
            row["gflops"] = case.flops / row["median_s"] / 1e9
    ref = rows.get(f"{devices[0]}/tapegrad", {}).get("loss")
    for key, row in rows.items():
        if "loss" not in row:
            continue
        err = abs(row["loss"] - ref) / max(abs(ref), ATOL / RTOL) if ref is not None else 0.0
        row["rel_diff"] = err
        row["agrees"] = bool(err <= RTOL)
        if "median_s" in row:
            cpu = rows.get(f"cpu/{key.split('/', 1)[1]}", {})
            if row["device"] != "cpu" and "median_s" in cpu:
                row["speedup_vs_cpu"] = cpu["median_s"] / row["median_s"]
            raw = rows.get(f"{row['device']}/raw", {})
            if case.flops and "median_s" in raw:
                row["fraction_of_raw"] = raw["median_s"] / row["median_s"]
    return list(rows.values())


def _time(s: float | None) -> str:
    if s is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e3), ("us", 1e6)):
        if s >= 1 / scale or unit == "us":
            return f"{s * scale:.3g} {unit}" if s * scale < 100 else f"{s * scale:.0f} {unit}"
    return str(s)


def _rate(x: float | None, unit: str) -> str:
    if x is None:
        return "-"
    for prefix, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3), ("", 1.0)):
        if x >= scale or prefix == "":
            return f"{x / scale:.3g} {prefix}{unit}/s"
    return str(x)


def format_table(workload: Workload, cases: list[dict[str, Any]]) -> str:
    """The text table of one workload's results."""
    flops = any("gflops" in r for c in cases for r in c["rows"])
    head = ["case", "device", "impl", "median", "min", "max", f"{workload.unit}/s"]
    head += ["GFLOP/s"] + (["% raw"] if "raw" in workload.impls else []) if flops else []
    head += ["1st call", "peak mem", "GPU x", "loss", "check"]
    body = []
    for c in cases:
        for r in c["rows"]:
            if "skipped" in r:
                body.append([c["case"], r["device"], r["impl"], "skipped: " + r["skipped"]])
                continue
            line = [c["case"], r["device"], r["impl"], _time(r.get("median_s")),
                    _time(r.get("min_s")), _time(r.get("max_s")),
                    _rate(r.get("samples_per_s"), "").replace("/s", "").strip()]
            if flops:
                line.append(f"{r['gflops']:.1f}" if "gflops" in r else "-")
                if "raw" in workload.impls:
                    frac = r.get("fraction_of_raw")
                    line.append(f"{100 * frac:.0f}%" if frac is not None else "-")
            sp = r.get("speedup_vs_cpu")
            line += [_time(r.get("first_call_s")), fmt_bytes(r.get("peak_bytes")),
                     f"{sp:.2f}x" if sp else "-",
                     f"{r['loss']:.6g}",
                     "ok" if r["agrees"] else f"MISMATCH ({r['rel_diff']:.1e})"]
            body.append(line)
    widths = [max(len(row[i]) for row in [head, *body] if i < len(row) and len(row) > 4)
              for i in range(len(head))]
    out = []
    for row in [head, *body]:
        if len(row) == 4:  # a skipped row spans the rest of the line
            out.append("  ".join(c.ljust(w) for c, w in zip(row[:3], widths)) + "  " + row[3])
            continue
        out.append("  ".join(c.ljust(w) if i < 3 else c.rjust(w)
                             for i, (c, w) in enumerate(zip(row, widths))).rstrip())
        if row is head:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def run(workloads: list[Workload], devices: list[str], rounds: int, quick: bool,
        echo: bool = True) -> dict[str, Any]:
    """Run the workloads and return the results (printing each table as it completes)."""
    results: dict[str, Any] = {"workloads": {}, "mismatches": []}
    for w in workloads:
        entry: dict[str, Any] = {"title": w.title, "unit": w.unit, "sized": w.sized}
        results["workloads"][w.name] = entry
        reason = w.skip()
        if reason is not None:
            entry["skipped"] = reason
            if echo:
                print(f"\n== {w.name}: {w.title}\n   skipped: {reason}", flush=True)
            continue
        entry["cases"] = []
        for case in w.cases(quick):
            rows = run_case(w, case, devices, rounds, quick)
            entry["cases"].append({"case": case.label, "size": case.size, "rows": rows})
            for r in rows:
                if r.get("agrees") is False:
                    results["mismatches"].append(
                        f"{w.name} [{case.label}] {r['device']}/{r['impl']}: loss "
                        f"{r['loss']:.6g}, relative difference {r['rel_diff']:.1e}")
        if echo:
            print(f"\n== {w.name}: {w.title}\n{format_table(w, entry['cases'])}", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    """The command line; returns the exit status (1 when a result disagrees).
    ``--distributed`` runs the data-parallel benchmark instead (benchmarks.distributed)."""
    import backends

    argv = sys.argv[1:] if argv is None else list(argv)
    if "--distributed" in argv:
        from benchmarks import distributed

        return distributed.main([a for a in argv if a != "--distributed"])

    names = [w.name for w in all_workloads()]
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--device", help="comma-separated, e.g. cpu,cuda (default: every "
                        "available device)")
    parser.add_argument("--workloads", help=f"comma-separated subset of {','.join(names)}")
    parser.add_argument("--quick", action="store_true", help="small sizes and few rounds")
    parser.add_argument("--rounds", type=int, help="timed rounds per case (default 7; 3 quick)")
    parser.add_argument("--json", help="write the results to this JSON file (default with a "
                        "GPU: benchmarks/results/DATE-GPU.json)")
    parser.add_argument("--plot", help="write a PNG of the results (needs matplotlib; default "
                        "with a GPU: beside the default JSON)")
    parser.add_argument("--distributed", action="store_true", help="the data-parallel "
                        "benchmark on 1 and 2 ranks instead (see benchmarks.distributed)")
    args = parser.parse_args(argv)

    if args.device:
        devices = [d.strip() for d in args.device.split(",") if d.strip()]
    else:
        devices = ["cpu"] + (["cuda"] if backends.cuda.is_available() else [])
    for d in devices:
        if d.startswith("cuda") and not backends.cuda.is_available():
            parser.error(f"device {d!r}: CuPy or a GPU is not available")
    chosen = args.workloads.split(",") if args.workloads else names
    unknown = sorted(set(chosen) - set(names))
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}; choose from {', '.join(names)}")
    workloads = [w for w in all_workloads() if w.name in chosen]
    rounds = args.rounds or (3 if args.quick else 7)

    env = environment(devices)
    if "gpu" in env and "test double" not in env["gpu"] and not args.json and not args.plot:
        # a GPU run is the evidence: kept under results/, named by date and GPU
        gpu = re.sub(r"[^a-z0-9]+", "-", env["gpu"].split(",")[0].lower()).strip("-")
        stem = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results",
                            f"{datetime.date.today().isoformat()}-{gpu}")
        args.json = stem + ".json"
        if importlib.util.find_spec("matplotlib") is not None:
            args.plot = stem + ".png"
    print("tapegrad benchmarks: " + ", ".join(f"{k} {v}" for k, v in env.items()
                                              if k != "threads"))
    print("threads: " + "; ".join(env["threads"]))
    print(f"devices {', '.join(devices)}; {rounds} timed rounds per case after warm-up, "
          "implementations interleaved; time per step: median (min, max), by CUDA events on a "
          "GPU and the host clock on the CPU; 1st call: the untimed first step (kernel "
          "compilation on a GPU); peak mem: one step, "
          "tracemalloc on the CPU (NumPy buffers + Python objects; '-' for PyTorch), the "
          "memory pool on a GPU; GPU x: speedup over the same implementation on the CPU; "
          f"check: loss of the first step vs tapegrad on {devices[0]} (rtol {RTOL:g})")
    results = run(workloads, devices, rounds, args.quick)
    results.update(environment=env, devices=devices, rounds=rounds, quick=args.quick,
                   argv=sys.argv[1:] if argv is None else list(argv))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)
        print(f"\nresults written to {args.json}")
    if args.plot:
        from benchmarks.plots import plot

        plot(results, args.plot)
        print(f"plot written to {args.plot}")
    if results["mismatches"]:
        print("\nWARNING: results disagree between devices or frameworks:", file=sys.stderr)
        for m in results["mismatches"]:
            print("  " + m, file=sys.stderr)
        return 1
    return 0
