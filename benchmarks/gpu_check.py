"""``make gpu-check``: the one prepared check for a machine with a GPU.

    python3 -m benchmarks.gpu_check [--out DIR] [--budget SECONDS]

Run from the repository root with the Python that already has CuPy, NumPy and PyTorch (no
virtual environment, nothing installed: the packages are found in the checkout). Within the
budget (8 minutes by default) it runs every ``cuda`` test (the device-parametrised tests of every
op family, the layers, the training steps and the examples; in parallel with pytest-xdist when it
is there), then ``python -m benchmarks --device cpu,cuda --quick``, and writes into ``DIR``
(default ``benchmarks/results/gpu-check``): ``pytest.log``, ``bench.log``, ``suite.json``,
``suite.png`` and ``summary.txt``. The last line printed is the summary: tests passed and failed,
and for each workload the GPU's time over the CPU's and over PyTorch's on CUDA.

Without a GPU, ``AUTOGRAD_CUDA_DOUBLE=1`` runs the same check against the CuPy test double (a
rehearsal of the command, not a measurement: the double computes on the CPU).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_DOUBLE = ("import sys; sys.path.insert(0, {root!r}); from tests.cuda_double import install; "
           "install(); from benchmarks.suite import main; raise SystemExit(main({argv!r}))")


def _use_double() -> bool:
    """The CuPy test double stands in when asked to and no GPU is usable."""
    if os.environ.get("AUTOGRAD_CUDA_DOUBLE") != "1":
        return False
    sys.path.insert(0, ROOT)
    import backends

    return not backends.cuda.is_available()


def _environment(double: bool) -> dict[str, str]:
    env = {"date": datetime.date.today().isoformat(), "python": sys.version.split()[0]}
    import numpy

    env["numpy"] = numpy.__version__
    if double:
        env["gpu"] = "none: the CuPy test double (computes on the CPU)"
        return env
    try:
        import cupy

        env["cupy"] = cupy.__version__
        props = cupy.cuda.runtime.getDeviceProperties(0)
        env["gpu"] = props["name"].decode() if isinstance(props["name"], bytes) else (
            str(props["name"]))
    except Exception as exc:  # no CuPy or no GPU: the check says so and goes on
        env["gpu"] = f"unavailable ({exc})"
    try:
        import torch

        env["torch"] = torch.__version__ + (" (CUDA)" if torch.cuda.is_available() else "")
    except ImportError:
        env["torch"] = "not installed"
    return env


def _run(cmd: list[str], log: str, timeout: float, env: dict[str, str]) -> tuple[int, str, float]:
    """Run ``cmd`` from the repository root, output to ``log``; (status, output, seconds)."""
    t0 = time.perf_counter()
    try:
        out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=max(timeout, 1))
        status, text = out.returncode, out.stdout + out.stderr
    except subprocess.TimeoutExpired as exc:
        text = ((exc.stdout or b"").decode(errors="replace") if isinstance(exc.stdout, bytes)
                else (exc.stdout or "")) + f"\n[stopped after {timeout:.0f} s]\n"
        status = 124
    with open(log, "w") as fh:
        fh.write(text)
    return status, text, time.perf_counter() - t0


def _test_counts(text: str) -> dict[str, int]:
    counts = {}
    for n, what in re.findall(r"(\d+) (passed|failed|errors?|skipped|xfailed)", text):
        counts[what.rstrip("s") if what.startswith("error") else what] = int(n)
    return counts


def _ratios(results: dict[str, Any]) -> list[str]:
    """For each workload's largest case: tapegrad's GPU time over its CPU time, and over
    PyTorch's on CUDA; and, where the workload has one, the ``ag.compile``d step's GPU time
    over PyTorch's on CUDA."""
    lines = []
    for name, entry in results.get("workloads", {}).items():
        if "cases" not in entry or not entry["cases"]:
            continue
        rows = entry["cases"][-1]["rows"]
        t = {(r["device"], r["impl"]): r.get("median_s") for r in rows if "skipped" not in r}
        gpu = next((v for (d, i), v in t.items() if d.startswith("cuda") and i == "tapegrad"),
                   None)
        cpu = t.get(("cpu", "tapegrad"))
        torch_gpu = next((v for (d, i), v in t.items() if d.startswith("cuda") and i == "torch"),
                         None)
        parts = [name]
        parts.append(f"GPU/CPU {gpu / cpu:.2f}x" if gpu and cpu else "GPU/CPU -")
        parts.append(f"GPU/torch-cuda {gpu / torch_gpu:.2f}x" if gpu and torch_gpu else
                     "GPU/torch-cuda -")
        compiled = next((v for (d, i), v in t.items() if d.startswith("cuda") and
                         i == "compiled"), None)
        if compiled and torch_gpu:
            parts.append(f"compiled-GPU/torch-cuda {compiled / torch_gpu:.2f}x")
        lines.append(" ".join(parts))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.gpu_check",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "results",
                                                      "gpu-check"))
    parser.add_argument("--budget", type=float, default=480.0, help="seconds for everything")
    parser.add_argument("--tests", default="tests", help="the test paths to run")
    parser.add_argument("--select", default="cuda", help="pytest -k expression")
    parser.add_argument("--workloads", help="benchmark workloads (default: all)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    double = _use_double()
    os.makedirs(args.out, exist_ok=True)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("AUTOGRAD_DEVICE", None)
    info = _environment(double)
    print("gpu-check: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)

    # 1. the cuda tests (most of the budget), in parallel where pytest-xdist is installed
    # a formula that cupy.fuse cannot compile falls back op by op with a FusionWarning: on a
    # GPU that is a defect to fix, so it fails the check
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-k", args.select,
           "-W", "error::backends.cupy_backend.FusionWarning", *args.tests.split()]
    if importlib.util.find_spec("xdist") is not None and not double:
        cmd += ["-n", str(min(8, os.cpu_count() or 1))]
    status, text, took = _run(cmd, os.path.join(args.out, "pytest.log"), 0.65 * args.budget,
                              env)
    counts = _test_counts(text[-4000:])
    print(f"tests: {counts} in {took:.0f} s (exit {status})", flush=True)

    # 2. the benchmark suite on cpu and cuda, short
    bench_argv = ["--device", "cpu,cuda", "--quick", "--json",
                  os.path.join(args.out, "suite.json")]
    if args.workloads:
        bench_argv += ["--workloads", args.workloads]
    if importlib.util.find_spec("matplotlib") is not None:
        bench_argv += ["--plot", os.path.join(args.out, "suite.png")]
    cmd = ([sys.executable, "-c", _DOUBLE.format(root=ROOT, argv=bench_argv)] if double else
           [sys.executable, "-m", "benchmarks", *bench_argv])
    left = args.budget - (time.perf_counter() - start) - 5
    bench_status, _, took = _run(cmd, os.path.join(args.out, "bench.log"), left, env)
    results: dict[str, Any] = {}
    if os.path.exists(os.path.join(args.out, "suite.json")):
        with open(os.path.join(args.out, "suite.json")) as fh:
            results = json.load(fh)
    ratios = _ratios(results)
    print(f"benchmarks: exit {bench_status} in {took:.0f} s", flush=True)

    summary = (f"gpu-check {info['date']} on {info['gpu']}: tests "
               f"{counts.get('passed', 0)} passed, {counts.get('failed', 0)} failed, "
               f"{counts.get('error', 0)} errors; " + "; ".join(ratios or ["no benchmark"]))
    with open(os.path.join(args.out, "summary.txt"), "w") as fh:
        fh.write(json.dumps(info) + "\n" + summary + "\n")
    print(summary, flush=True)
    return 0 if status == 0 and bench_status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
