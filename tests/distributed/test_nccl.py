"""The "nccl" backend, on a machine with NVIDIA GPUs and NCCL (one rank per GPU, at most
two): the collectives and DDP on GPU tensors. Skipped elsewhere, with the reason."""

from __future__ import annotations

import pytest

from tests.conftest import CUDA_DOUBLE
from tests.distributed.launch import assert_ok, run


def _nccl_reason() -> str | None:
    if CUDA_DOUBLE:
        return "NCCL needs a real GPU (the CuPy test double has none)"
    import autograd.distributed as dist
    import backends

    if not backends.cuda.is_available():
        return f"no GPU: {backends.cuda.why_unavailable()}"
    if not dist.is_nccl_available():
        return "CuPy has no NCCL (pip install nvidia-nccl-cu12)"
    return None


@pytest.mark.cuda
def test_nccl_collectives_and_ddp_on_gpus():
    reason = _nccl_reason()
    if reason is not None:
        pytest.skip(reason)
    import backends

    n = min(2, backends.cuda.device_count())
    done, _ = run(n, "nccl", timeout=180)
    assert_ok(done, n)
