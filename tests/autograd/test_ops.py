"""Registry-driven op tests: every registered op x sample x device, through the checks of
``autograd.testing`` (the ones ``check_op`` runs for users: one implementation).

Forward against NumPy (and PyTorch when importable), gradcheck and gradgradcheck in float64,
inputs not modified, integer inputs getting no gradient, float32 against float64, and the
devices against each other. Each check
is collected only for the (op, sample) pairs it applies to (``Check.applies``).
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest

import autograd as ag
from autograd.testing import available_devices, checks, variants
from autograd.testing.checks import Check
from tests.conftest import CUDA_REASON, torch_or_skip
from tests.opinfo import OpInfo, Sample, load_all

OPS = load_all()


def _samples(info: OpInfo) -> list[Sample]:
    rng = np.random.default_rng(zlib.crc32(info.name.encode()))
    return list(info.samples(rng))


def _sample(info: OpInfo, k: int) -> Sample:
    """Sample ``k`` of ``info``, drawn afresh (same seed) so no test sees another's arrays."""
    return _samples(info)[k]


def _cases(check: Check) -> list:
    """(op, sample) parameters the check applies to: a check that does not apply to a sample
    is not collected at all (rather than collected and skipped)."""
    return [pytest.param(info, k, id=f"{info.name}-{k}") for info in OPS
            for k, sample in enumerate(_samples(info)) if check.applies(info, sample) is None]


DEVICES = available_devices()


@pytest.mark.parametrize("info,k", _cases(checks.FORWARD))
def test_forward_matches_numpy(info: OpInfo, k: int, device: str) -> None:
    checks.FORWARD.run(info, _sample(info, k), device=device)


@pytest.mark.parametrize("info,k", _cases(checks.TORCH_FORWARD))
def test_forward_matches_torch(info: OpInfo, k: int) -> None:
    checks.TORCH_FORWARD.run(info, _sample(info, k), torch=torch_or_skip())


@pytest.mark.parametrize("info,k", _cases(checks.TORCH_GRADIENT))
def test_gradient_matches_torch(info: OpInfo, k: int) -> None:
    """v^T J for a random v, against PyTorch's; where PyTorch defines no derivative (it
    returns a tensor that does not require grad), ours must be zero."""
    checks.TORCH_GRADIENT.run(info, _sample(info, k), torch=torch_or_skip())


@pytest.mark.parametrize("info,k", _cases(checks.GRADCHECK))
def test_gradcheck(info: OpInfo, k: int, device: str) -> None:
    checks.GRADCHECK.run(info, _sample(info, k), device=device)


@pytest.mark.parametrize("info,k", _cases(checks.GRADGRADCHECK))
def test_gradgradcheck(info: OpInfo, k: int, device: str) -> None:
    checks.GRADGRADCHECK.run(info, _sample(info, k), device=device)


@pytest.mark.parametrize("info,k", _cases(checks.INPUTS_NOT_MODIFIED))
def test_inputs_not_modified(info: OpInfo, k: int, device: str) -> None:
    checks.INPUTS_NOT_MODIFIED.run(info, _sample(info, k), device=device)


@pytest.mark.parametrize("info,k", _cases(variants.INTEGER_INPUTS))
def test_integer_inputs_get_no_gradient(info: OpInfo, k: int, device: str) -> None:
    variants.INTEGER_INPUTS.run(info, _sample(info, k), device=device)


@pytest.mark.parametrize("info,k", _cases(checks.LOW_PRECISION))
def test_float32_matches_float64(info: OpInfo, k: int, device: str) -> None:
    checks.LOW_PRECISION.run(info, _sample(info, k), device=device, dtype=ag.float32)


@pytest.mark.cuda
@pytest.mark.skipif(len(DEVICES) < 2, reason=f"cuda unavailable: {CUDA_REASON}")
@pytest.mark.parametrize("info,k", _cases(checks.DEVICES_AGREE))
def test_devices_agree(info: OpInfo, k: int) -> None:
    checks.DEVICES_AGREE.run(info, _sample(info, k), devices=DEVICES)
