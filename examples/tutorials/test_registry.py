"""A registry of ops with one parametrized test per check (docs/testing.md, "Many ops").

    pytest examples/tutorials/test_registry.py
"""

from __future__ import annotations

# [start:registry]
import numpy as np
import pytest

import autograd as ag
from autograd.testing import OpInfo, Sample, checks

OPS = [
    OpInfo("exp", ag.exp, lambda rng: [Sample((rng.uniform(-2, 2, (3, 4)),))], ref=np.exp),
    OpInfo("argmax", ag.argmax, lambda rng: [Sample((rng.uniform(-2, 2, (5,)),))],
           ref=np.argmax, differentiable=False),
]


def cases(check):  # only the (op, sample) pairs the check applies to
    return [pytest.param(info, sample, id=f"{info.name}-{k}") for info in OPS
            for k, sample in enumerate(info.samples(np.random.default_rng(0)))
            if check.applies(info, sample) is None]


@pytest.mark.parametrize("info,sample", cases(checks.FORWARD))
def test_forward(info, sample, device):
    checks.FORWARD.run(info, sample, device=device)


@pytest.mark.parametrize("info,sample", cases(checks.GRADCHECK))  # exp only
def test_gradcheck(info, sample, device):
    checks.GRADCHECK.run(info, sample, device=device)
# [end:registry]
