"""Running a worker script under ``mpiexec -n N`` from a test, with a timeout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKERS = Path(__file__).resolve().parent / "workers"


def mpiexec_or_skip() -> str:
    """The ``mpiexec`` next to this Python (the mpich wheel's) or on PATH; skips the test
    where mpi4py or an MPI launcher is missing (``pip install 'tapegrad[distributed]'``)."""
    try:
        import mpi4py  # noqa: F401
    except ImportError:
        pytest.skip("mpi4py is not installed: pip install 'tapegrad[distributed]'")
    here = Path(sys.executable).parent / "mpiexec"
    found = str(here) if here.exists() else shutil.which("mpiexec")
    if found is None:
        pytest.skip("no mpiexec found")
    return found


def run(n: int, worker: str, *args: str, timeout: float = 60, env: dict | None = None
        ) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``workers/<worker>.py`` on ``n`` ranks; the finished process and its seconds."""
    launcher = mpiexec_or_skip()
    environ = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1",
                   OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", AUTOGRAD_DEVICE="cpu")
    environ.pop("AUTOGRAD_CUDA_DOUBLE", None)
    environ.update(env or {})
    start = time.perf_counter()
    done = subprocess.run([launcher, "-n", str(n), sys.executable, str(WORKERS / f"{worker}.py"),
                           *args], capture_output=True, text=True, timeout=timeout, env=environ,
                          cwd=ROOT)
    return done, time.perf_counter() - start


def assert_ok(done: subprocess.CompletedProcess, n: int) -> None:
    """Every rank printed its ``OK <rank>`` line and the job exited cleanly."""
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    for r in range(n):
        assert f"OK {r}" in done.stdout, f"rank {r} did not finish\n{done.stdout}\n{done.stderr}"
