"""nn.functional's *_with_indices pools, the in-place celu_/selu_/rrelu_, pdist's errors and
empty inputs, against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from nn import functional as F
from tests.conftest import torch_or_skip

RNG = np.random.default_rng(7)

POOLS = [
    ("max_pool1d_with_indices", (2, 3, 9), (3,), {"stride": 2, "padding": 1}),
    ("max_pool2d_with_indices", (2, 3, 6, 7), (2,), {"ceil_mode": True}),
    ("max_pool3d_with_indices", (1, 2, 4, 5, 4), (2,), {"dilation": 1}),
    ("adaptive_max_pool1d_with_indices", (2, 3, 9), (4,), {}),
    ("adaptive_max_pool2d_with_indices", (2, 3, 7, 6), ((3, 2),), {}),
    ("adaptive_max_pool3d_with_indices", (1, 2, 5, 4, 6), (2,), {}),
]


@pytest.mark.parametrize("name,shape,args,kwargs", POOLS, ids=[p[0] for p in POOLS])
@pytest.mark.parametrize("return_indices", [False, True])
def test_with_indices_pools_match_torch(name, shape, args, kwargs, return_indices) -> None:
    torch = torch_or_skip()
    x = RNG.standard_normal(shape)
    ours = getattr(F, name)(ag.tensor(x, requires_grad=True), *args,
                            return_indices=return_indices, **kwargs)
    tx = torch.tensor(x, requires_grad=True)
    theirs = getattr(torch.nn.functional, name)(tx, *args, return_indices=return_indices,
                                                **kwargs)
    assert isinstance(ours, tuple) and len(ours) == 2  # always both, as PyTorch
    np.testing.assert_allclose(ours[0].detach().numpy(), theirs[0].detach().numpy())
    np.testing.assert_array_equal(ours[1].numpy(), theirs[1].numpy())
    assert ours[1].dtype == ag.int64
    ours[0].sum().backward()
    theirs[0].sum().backward()


@pytest.mark.parametrize("name,kwargs", [("celu_", {"alpha": 0.5}), ("celu_", {}),
                                         ("selu_", {}),
                                         ("rrelu_", {"lower": 0.1, "upper": 0.3})])
def test_inplace_activations_match_torch(name, kwargs) -> None:
    torch = torch_or_skip()
    x = RNG.standard_normal((3, 4))
    ours = ag.tensor(x)
    out = getattr(F, name)(ours, **kwargs)
    assert out is ours
    theirs = torch.tensor(x)
    getattr(torch.nn.functional, name)(theirs, **kwargs)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)


def test_rrelu_inplace_training_slopes_in_range() -> None:
    x = ag.full((200,), -1.0)
    F.rrelu_(x, 0.2, 0.4, training=True)
    vals = x.numpy()
    assert (vals <= -0.2).all() and (vals >= -0.4).all() and np.unique(vals).size > 1


def test_inplace_activation_of_a_leaf_that_requires_grad_is_refused() -> None:
    torch = torch_or_skip()
    with pytest.raises(RuntimeError, match="leaf"):
        F.selu_(ag.ones(2, requires_grad=True))
    with pytest.raises(RuntimeError, match="leaf"):
        torch.nn.functional.selu_(torch.ones(2, requires_grad=True))


def test_pdist_shapes_and_errors_match_torch() -> None:
    torch = torch_or_skip()
    for shape in [(0, 3), (1, 4), (5, 0)]:
        x = RNG.standard_normal(shape)
        np.testing.assert_allclose(F.pdist(ag.tensor(x)).numpy(),
                                   torch.nn.functional.pdist(torch.tensor(x)).numpy())
    for bad, match in [(ag.ones(3), "pdist only supports 2D tensors, got: 1D"),
                       (ag.ones(2, 3, 4), "pdist only supports 2D tensors, got: 3D"),
                       (ag.ones(3, 2, dtype=ag.int64), "pdist only supports floating-point")]:
        with pytest.raises(RuntimeError, match=match):
            F.pdist(bad)
    with pytest.raises(RuntimeError, match="pdist only supports non-negative p values"):
        F.pdist(ag.ones(3, 2), p=-1.0)
    with pytest.raises(RuntimeError, match="pdist only supports non-negative p values"):
        torch.nn.functional.pdist(torch.ones(3, 2), p=-1.0)
    # equal rows: distance 0 and PyTorch's zero subgradient
    x = np.array([[1.0, 2.0], [1.0, 2.0], [0.0, 0.0]])
    ours, theirs = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    F.pdist(ours).sum().backward()
    torch.nn.functional.pdist(theirs).sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-12)
