"""Smoke test of examples/ddp_digits.py under ``mpiexec -n 2``: one short epoch, the
output only from rank 0, a checkpoint that every rank reloads."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.distributed.launch import ROOT, mpiexec_or_skip


def test_ddp_digits_quick(tmp_path):
    launcher = mpiexec_or_skip()
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               AUTOGRAD_DEVICE="cpu")
    env.pop("AUTOGRAD_CUDA_DOUBLE", None)
    done = subprocess.run([launcher, "-n", "2", sys.executable, "examples/ddp_digits.py",
                           "--quick", "--out", str(tmp_path)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert out.count("test accuracy") == 2  # rank 0's final line and its reload line
    assert "on 2 ranks" in out and "every rank reloaded the checkpoint" in out
    assert "digits on 2 ranks" in out and out.count("digits on") == 1  # rank 0 only
    accuracy = float(out.split("test accuracy ")[1].split("%")[0])
    assert accuracy > 50, out  # one epoch already learns a lot
    assert (tmp_path / "checkpoint.safetensors").is_file()
