"""The differential fuzzer: every registry op with a PyTorch reference, on mutated samples
(dtypes, layouts, zero-size and 0-d arguments, bad dims, arguments of the wrong type), must
give PyTorch's answer: the same exception type, or the same values and gradients.

Hypothesis draws the mutations with a fixed seed (``derandomize``), a few examples per op in
``make test``; ``make fuzz`` (FUZZ_EXAMPLES=N) draws more. A failure prints the one-line
reproducer of tests/fuzz_torch.py.
"""

from __future__ import annotations

import os
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from autograd.testing.opinfo import OpInfo, Sample
from tests.conftest import torch_or_skip
from tests.fuzz_torch import DIM_KEYS, DTYPES, Spec, compare, reproducer
from tests.opinfo import load_all

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
LOG = os.environ.get("FUZZ_LOG")  # also append each failure to this file
OPS = [o for o in load_all() if o.torch_ref is not None and not o.nondeterministic]


def _samples(info: OpInfo) -> list[Sample]:
    # the seed of tests/autograd/test_ops.py: the same samples, so reproducers name them
    return list(info.samples(np.random.default_rng(zlib.crc32(info.name.encode()))))


_CACHE: dict[str, list[Sample]] = {}


@st.composite
def cases(draw: st.DrawFn, info: OpInfo) -> tuple[int, Spec]:
    samples = _CACHE.setdefault(info.name, _samples(info))
    k = draw(st.integers(0, len(samples) - 1))
    sample = samples[k]
    arrays = [p for p, a in enumerate(sample.args) if isinstance(a, np.ndarray)]
    floats = [p for p in arrays if sample.args[p].dtype.kind == "f"]
    others = [p for p, a in enumerate(sample.args) if not isinstance(a, np.ndarray)]
    dims = [key for key in DIM_KEYS if isinstance(sample.kwargs.get(key), int)]
    kind = draw(st.sampled_from(["dtype", "mixed", "noncontig", "shape", "dim", "type"]))
    spec = Spec()
    if kind == "dim" and dims:
        key = draw(st.sampled_from(dims))
        n = max([sample.args[p].ndim for p in arrays] or [0])
        spec.bad = ("dim", key, draw(st.sampled_from([n + 2, -n - 3, 1.5, "a"])))
    elif kind == "type" and (others or sample.kwargs or arrays):
        where = draw(st.sampled_from(others + list(sample.kwargs) + arrays[:1]))
        spec.bad = ("type", where, draw(st.sampled_from(["a", 1.5, None])))
    elif kind == "shape" and arrays:
        spec.shape = (draw(st.sampled_from(["empty", "scalar"])), draw(st.sampled_from(arrays)))
    elif kind == "noncontig":
        spec.noncontig = True
    elif kind == "mixed" and floats:
        spec.dtypes = {p: draw(st.sampled_from(DTYPES)) for p in floats}
    elif floats:
        d = draw(st.sampled_from(DTYPES))
        spec.dtypes = {p: d for p in floats}
    return k, spec


@pytest.mark.parametrize("info", OPS, ids=[o.name for o in OPS])
def test_matches_torch(info: OpInfo) -> None:
    torch_or_skip()

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
              phases=(Phase.explicit, Phase.generate))  # no shrinking: cases are small
    @given(cases(info))
    def run(case: tuple[int, Spec]) -> None:
        k, spec = case
        problem = compare(info, _CACHE[info.name][k], spec)
        if problem is not None and LOG:
            with open(LOG, "a") as f:
                f.write(f"{info.name}: {problem}\n  {reproducer(info, k, spec)}\n")
        assert problem is None, f"{info.name}: {problem}\n  reproduce: {reproducer(info, k, spec)}"

    run()
