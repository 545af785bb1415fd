"""Gradient checks for a model (docs/testing.md, "Models and layers").

    pytest examples/tutorials/test_model.py
"""

from __future__ import annotations

# [start:model]
import numpy as np

import autograd as ag
import nn
from autograd.testing import check_op
from nn import functional as F


def mlp(x, w1, b1, w2, b2):
    """The model as a function of its input and its parameters."""
    return F.linear(F.linear(x, w1, b1).tanh(), w2, b2)


def test_mlp_gradients_for_input_and_parameters():
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
    params = [p.detach().numpy() for p in model.parameters()]  # weight, bias, weight, bias
    x = np.random.default_rng(0).uniform(-1, 1, (5, 4))
    check_op(mlp, (x, *params))  # every parameter is checked like an input


def test_the_module_computes_the_same_function():
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
    x = ag.randn(5, 4)
    ag.testing.assert_close(model(x), mlp(x, *model.parameters()))
# [end:model]
