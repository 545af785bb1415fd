"""``make gpu-check`` rehearsed against the CuPy test double: the command runs, writes its
files and ends with the summary line (on a small selection of tests, to stay quick here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import CUDA_DOUBLE, ROOT


@pytest.mark.skipif(not CUDA_DOUBLE, reason="rehearsed against the CuPy test double")
def test_gpu_check_runs_and_summarises(tmp_path):
    env = dict(os.environ, AUTOGRAD_CUDA_DOUBLE="1")
    out = subprocess.run([sys.executable, "-m", "benchmarks.gpu_check", "--out", str(tmp_path),
                          "--tests", "tests/autograd/test_engine.py", "--workloads", "overhead",
                          "--budget", "240"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("gpu-check ") and " passed, 0 failed, 0 errors; overhead GPU/CPU " in (
        last)
    assert {"pytest.log", "bench.log", "suite.json", "summary.txt"} <= set(os.listdir(tmp_path))
    results = json.loads((tmp_path / "suite.json").read_text())
    assert results["devices"] == ["cpu", "cuda"] and not results["mismatches"]
