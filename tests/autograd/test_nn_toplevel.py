"""The nn kernels under PyTorch's top-level names (``ag.conv2d`` as ``torch.conv2d``,
``ag.batch_norm`` as ``torch.batch_norm`` ...), called with PyTorch's positional arguments and
compared with PyTorch, gradients included."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip

R = np.random.default_rng(3)


def _x(*shape):
    return R.standard_normal(shape)


# name -> (float inputs, trailing non-tensor positional arguments)
CASES = {
    "conv1d": ([_x(2, 3, 7), _x(4, 3, 3), _x(4)], [1, 1]),
    "conv2d": ([_x(2, 3, 5, 5), _x(4, 3, 3, 3), None], [2, 1, 1, 1]),
    "conv3d": ([_x(1, 2, 4, 4, 4), _x(3, 2, 2, 2, 2)], []),
    "conv_transpose1d": ([_x(2, 3, 5), _x(3, 2, 3), _x(2)], [2]),
    "conv_transpose2d": ([_x(1, 3, 4, 4), _x(3, 2, 3, 3)], []),
    "conv_transpose3d": ([_x(1, 2, 3, 3, 3), _x(2, 2, 2, 2, 2)], []),
    "avg_pool1d": ([_x(2, 3, 8)], [3, 2, 1]),
    "max_pool1d": ([_x(2, 3, 8)], [3, 2]),
    "max_pool2d": ([_x(2, 3, 6, 6)], [2]),
    "max_pool3d": ([_x(1, 2, 4, 4, 4)], [2]),
    "max_pool1d_with_indices": ([_x(2, 3, 8)], [2]),
    "adaptive_avg_pool1d": ([_x(2, 3, 8)], [3]),
    "adaptive_max_pool1d": ([_x(2, 3, 8)], [3]),
    "batch_norm": ([_x(4, 3, 2), _x(3), _x(3), None, None], [True, 0.1, 1e-5, False]),
    "instance_norm": ([_x(2, 3, 5), _x(3), _x(3), None, None], [True, 0.1, 1e-5, False]),
    "layer_norm": ([_x(2, 3, 4)], [[3, 4]]),
    "group_norm": ([_x(2, 4, 3)], [2]),
    "rms_norm": ([_x(2, 3, 4)], [[4]]),
    "bilinear": ([_x(2, 3), _x(2, 4), _x(5, 3, 4), _x(5)], []),
    "pixel_shuffle": ([_x(1, 8, 2, 2)], [2]),
    "pixel_unshuffle": ([_x(1, 2, 4, 4)], [2]),
    "channel_shuffle": ([_x(1, 6, 2, 2)], [3]),
    "prelu": ([_x(2, 3, 4), np.abs(_x(3))], []),
    "selu": ([_x(3, 4)], []),
    "celu": ([_x(3, 4)], [0.5]),
    "threshold": ([_x(3, 4)], [0.1, 20.0]),
    "hardshrink": ([_x(3, 4)], [0.3]),
    "rrelu": ([_x(3, 4)], [0.1, 0.3, False]),
    "cosine_similarity": ([_x(3, 4), _x(3, 4)], [1]),
    "pairwise_distance": ([_x(3, 4), _x(3, 4)], [1.5]),
    "pdist": ([_x(4, 3)], [1.0]),
    "dropout": ([_x(3, 4)], [0.5, False]),
    "alpha_dropout": ([_x(3, 4)], [0.5, False]),
    "feature_alpha_dropout": ([_x(2, 3, 4)], [0.5, False]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_top_level_nn_function_matches_torch(name) -> None:
    torch = torch_or_skip()
    arrays, rest = CASES[name]
    ours_in = [None if a is None else ag.tensor(a, requires_grad=True) for a in arrays]
    theirs_in = [None if a is None else torch.tensor(a, requires_grad=True) for a in arrays]
    ours = getattr(ag, name)(*ours_in, *rest)
    theirs = getattr(torch, name)(*theirs_in, *rest)
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        np.testing.assert_array_equal(ours[1].numpy(), theirs[1].numpy())
        ours, theirs = ours[0], theirs[0]
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-10,
                               atol=1e-12)
    g = _x(*theirs.shape)
    ours.backward(ag.tensor(g))
    theirs.backward(torch.tensor(g))
    for a, b in zip(ours_in, theirs_in):
        if a is not None:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-9, atol=1e-10)


def test_top_level_embedding_takes_the_weight_first() -> None:
    torch = torch_or_skip()
    w, idx = _x(6, 2), np.array([[0, 5], [2, 2]])
    ours = ag.embedding(ag.tensor(w), ag.tensor(idx), 2)
    theirs = torch.embedding(torch.tensor(w), torch.tensor(idx), 2)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    np.testing.assert_array_equal(ag.embedding(ag.tensor(w), ag.tensor(idx)).numpy(),
                                  torch.embedding(torch.tensor(w), torch.tensor(idx)).numpy())


def test_top_level_in_place_activations_and_required_arguments() -> None:
    torch = torch_or_skip()
    x = _x(3, 4)
    for name, args in (("selu_", ()), ("celu_", (0.7,)), ("threshold_", (0.0, -1.0)),
                       ("rrelu_", (0.1, 0.2))):
        a, b = ag.tensor(x), torch.tensor(x)
        assert getattr(ag, name)(a, *args) is a
        getattr(torch, name)(b, *args)
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12)
    with pytest.raises(TypeError, match="train"):
        ag.dropout(ag.ones(2), 0.5)
    with pytest.raises(TypeError, match="train"):
        torch.dropout(torch.ones(2), 0.5)
    with pytest.raises(TypeError):
        ag.batch_norm(ag.ones(2, 3), None, None, None, None)
    with pytest.raises(TypeError):
        torch.batch_norm(torch.ones(2, 3), None, None, None, None)
