"""The tutorial's op in a pytest suite: the plugin's fixtures and Hypothesis strategies.

    pytest examples/tutorials/test_hypot_op.py

(tapegrad's pytest plugin comes with the package: the ``device`` and ``dtype`` fixtures need
no conftest.py.)
"""

from __future__ import annotations

# [start:tests]
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from testing_custom_op import Hypot

import autograd as ag
from autograd.testing import assert_close, check_op, parametrize_devices
from autograd.testing.strategies import shapes, tensors


def test_hypot_passes_check_op():
    rng = np.random.default_rng(0)
    check_op(Hypot, (rng.uniform(0.5, 2, (2, 3)), rng.uniform(0.5, 2, 3)), reference=np.hypot)


def test_pythagorean_triples(device, dtype):  # cpu and cuda (when usable) x float32, float64
    x = ag.tensor([3.0, 5.0, 8.0], device=device, dtype=dtype)
    y = ag.tensor([4.0, 12.0, 15.0], device=device, dtype=dtype)
    assert_close(Hypot.apply(x, y), ag.tensor([5.0, 13.0, 17.0], device=device, dtype=dtype))


@parametrize_devices
def test_gradient_is_a_unit_vector(device):
    x = ag.tensor([3.0, -1.0], device=device, dtype=ag.float64, requires_grad=True)
    y = ag.tensor([4.0, 2.0], device=device, dtype=ag.float64, requires_grad=True)
    Hypot.apply(x, y).sum().backward()
    assert_close(x.grad**2 + y.grad**2, ag.ones(2, device=device, dtype=ag.float64))


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_hypot_properties(data):
    x = data.draw(tensors(shape=shapes(min_dims=1), elements=st.floats(-1e3, 1e3)))
    y = data.draw(tensors(shape=shapes(broadcastable_with=x.shape),
                          elements=st.floats(-1e3, 1e3)))
    h = Hypot.apply(x, y)
    assert_close(h, Hypot.apply(y, x))                           # symmetric
    assert_close(h.numpy(), np.hypot(x.numpy(), y.numpy()))     # NumPy's, within 1e-7
# [end:tests]
