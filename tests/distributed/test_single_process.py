"""What autograd.distributed does in one process without a process group: importing it
does not start MPI, and calls that need a group fail with PyTorch's errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

import autograd as ag
import autograd.distributed as dist
import nn


def test_importing_autograd_does_not_start_mpi():
    code = ("import sys, autograd, nn; import autograd.distributed as d; "
            "assert not d.is_initialized(); "
            "print('mpi4py.MPI' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_calls_without_a_process_group_raise_as_pytorch():
    message = "Default process group has not been initialized"
    for call in (dist.get_rank, dist.get_world_size, dist.get_backend, dist.barrier,
                 lambda: dist.all_reduce(ag.ones(2)), lambda: dist.new_group([0]),
                 lambda: nn.parallel.DistributedDataParallel(nn.Linear(2, 2))):
        with pytest.raises(ValueError, match=message):
            call()


def test_bad_arguments():
    with pytest.raises(ValueError, match="Invalid backend: 'gloo'"):
        dist.init_process_group("gloo")
    with pytest.raises(TypeError, match="all_reduce: expected a Tensor, got list"):
        dist.all_reduce([1.0])
    assert not dist.is_initialized()
    assert dist.ReduceOp.AVG.value == 1 and dist.Backend.MPI == "mpi"
