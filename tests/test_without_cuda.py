"""The behaviour without CUDA (one clear error for "cuda" ...), checked even when the suite runs
against the CuPy double: those tests run again here, in a process without it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import CUDA_DOUBLE, ROOT


@pytest.mark.skipif(not CUDA_DOUBLE, reason="without the CuPy double these tests run in place")
def test_the_behaviour_without_cuda_in_a_process_without_the_double():
    env = {k: v for k, v in os.environ.items() if k not in ("AUTOGRAD_CUDA_DOUBLE",
                                                            "AUTOGRAD_DEVICE")}
    out = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                          "-m", "without_cuda", "tests"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    passed = re.search(r"(\d+) passed", out.stdout)
    assert passed and int(passed.group(1)) >= 13, out.stdout[-2000:]
