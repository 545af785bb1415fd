"""Multi-process runs under ``mpiexec`` (the workers in ``workers/``), each with a timeout:
collectives against NumPy, DistributedDataParallel against one-process training, and
failures that must end the job instead of hanging it."""

from __future__ import annotations

import pytest

from tests.distributed.launch import assert_ok, run


@pytest.mark.parametrize("n", [2, 4])
def test_collectives_match_numpy_for_every_op_and_dtype(n):
    done, _ = run(n, "collectives", timeout=90)
    assert_ok(done, n)


@pytest.mark.parametrize("n", [2, 4])
def test_ddp_reproduces_full_batch_training(n):
    done, _ = run(n, "training", timeout=90)
    assert_ok(done, n)


def test_a_rank_that_raises_aborts_the_job_quickly():
    done, seconds = run(2, "failures", "raise", timeout=30)
    assert done.returncode != 0
    assert "rank 1 fails at step 3" in done.stderr
    assert "rank 1: uncaught ValueError: aborting the job" in done.stderr
    assert seconds < 30


def test_a_collective_past_its_timeout_raises_and_aborts():
    done, seconds = run(2, "failures", "timeout", timeout=30)
    assert done.returncode != 0
    assert "DistBackendError: all_reduce did not finish within the timeout of 2 s on rank 0" in (
        done.stderr)
    assert seconds < 30  # rank 1 would sleep for 60 s: the abort ended it


def test_debug_mode_names_both_ranks_shapes_on_a_mismatch():
    done, _ = run(2, "failures", "mismatch", timeout=30,
                  env={"AUTOGRAD_DISTRIBUTED_DEBUG": "1"})
    assert_ok(done, 2)
    for r in (0, 1):
        assert (f"rank {r} caught: Detected mismatch between collectives on ranks (call 1 on "
                "ProcessGroup(backend='mpi', ranks=[0, 1])): rank 0: all_reduce with shape "
                "(3, 2) and dtype float32; rank 1: all_reduce with shape (4, 2) and dtype "
                "float32") in done.stdout


def test_zero_redundancy_optimizer_shards_state_and_matches_adam():
    done, _ = run(3, "zero", timeout=90)  # three ranks: an uneven partition
    assert_ok(done, 3)


@pytest.mark.parametrize("n", [2, 3])
def test_sync_batchnorm_matches_batchnorm_on_the_whole_batch(n):
    done, _ = run(n, "sync_batchnorm", timeout=90)
    assert_ok(done, n)
