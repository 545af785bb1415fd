"""Fractional max pooling: nn.FractionalMaxPool2d/3d and F.fractional_max_pool2d/3d against
PyTorch with the same ``_random_samples`` (values, indices, gradients), the drawn-samples path,
and PyTorch's errors. The op itself is gradchecked through its registry entries."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn import functional as F
from nn.modules import pooling
from tests.conftest import torch_or_skip

RNG = np.random.default_rng(3)

MODULE_CASES = [
    ("FractionalMaxPool2d", (3,), {"output_size": (4, 5)}, (2, 3, 9, 8)),
    ("FractionalMaxPool2d", ((2, 3),), {"output_ratio": 0.5, "return_indices": True},
     (2, 3, 9, 8)),
    ("FractionalMaxPool2d", (2,), {"output_ratio": (0.6, 0.4)}, (3, 10, 11)),
    ("FractionalMaxPool3d", (2,), {"output_size": 3, "return_indices": True},
     (2, 2, 5, 6, 7)),
    ("FractionalMaxPool3d", ((1, 2, 2),), {"output_ratio": (0.5, 0.5, 0.7)}, (2, 6, 7, 8)),
]


@pytest.mark.parametrize("name,args,kwargs,shape", MODULE_CASES)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_module_matches_torch_with_the_same_samples(name, args, kwargs, shape, dtype, device):
    torch = torch_or_skip()
    n = 3 if name.endswith("3d") else 2
    x = RNG.standard_normal(shape).astype(dtype)
    batch = shape[0] if len(shape) == n + 2 else 1
    samples = RNG.random((batch, shape[-n - 1], n)).astype(dtype)
    ours = getattr(nn, name)(*args, **kwargs, _random_samples=ag.tensor(samples, device=device))
    theirs = getattr(torch.nn, name)(*args, **kwargs, _random_samples=torch.tensor(samples))
    assert getattr(pooling, name) is getattr(nn, name)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["_random_samples"]
    ax = ag.tensor(x, requires_grad=True, device=device)
    tx = torch.tensor(x, requires_grad=True)
    got, expected = ours(ax), theirs(tx)
    if kwargs.get("return_indices"):
        np.testing.assert_array_equal(got[1].cpu().numpy(), expected[1].numpy())
        assert got[1].dtype == ag.int64
        got, expected = got[0], expected[0]
    np.testing.assert_array_equal(got.detach().cpu().numpy(), expected.detach().numpy())
    g = RNG.standard_normal(tuple(expected.shape)).astype(dtype)
    got.backward(ag.tensor(g, device=device))
    expected.backward(torch.tensor(g))
    np.testing.assert_allclose(ax.grad.cpu().numpy(), tx.grad.numpy(), rtol=1e-6, atol=1e-6)


def test_functional_forms_and_with_indices():
    x = ag.tensor(RNG.standard_normal((2, 3, 8, 9)))
    s = ag.tensor(RNG.random((2, 3, 2)))
    values, indices = F.fractional_max_pool2d_with_indices(x, 2, (4, 5), _random_samples=s)
    assert values.shape == indices.shape == (2, 3, 4, 5)
    plain = F.fractional_max_pool2d(x, 2, output_size=(4, 5), _random_samples=s)
    np.testing.assert_array_equal(plain.numpy(), values.numpy())
    # each value is the input at its index
    flat = x.numpy().reshape(2, 3, -1)
    np.testing.assert_array_equal(np.take_along_axis(flat, indices.numpy().reshape(2, 3, -1),
                                                     -1).reshape(values.shape), values.numpy())
    v3, i3 = F.fractional_max_pool3d(ag.randn(1, 2, 5, 6, 7), 2, output_ratio=0.5,
                                     return_indices=True)
    assert v3.shape == i3.shape == (1, 2, 2, 3, 3)


def test_drawn_samples_follow_the_generator_and_give_window_maxima():
    torch = torch_or_skip()
    x = RNG.standard_normal((2, 3, 10, 9))
    ag.manual_seed(5)
    a = F.fractional_max_pool2d(ag.tensor(x), 3, output_size=(4, 3))
    ag.manual_seed(5)
    b = F.fractional_max_pool2d(ag.tensor(x), 3, output_size=(4, 3))
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    # the same result as PyTorch's with the samples our generator drew
    ag.manual_seed(5)
    s = ag.rand(2, 3, 2, dtype=ag.float64)
    expected = torch.nn.functional.fractional_max_pool2d(
        torch.tensor(x), 3, output_size=(4, 3), _random_samples=torch.tensor(s.numpy()))
    np.testing.assert_array_equal(a.numpy(), expected.numpy())


def test_nan_wins_its_window_as_in_torch():
    torch = torch_or_skip()
    x = RNG.standard_normal((1, 2, 6, 6))
    x[0, 0, 1, 1] = x[0, 1, 2, 3] = x[0, 1, 2, 4] = np.nan
    s = RNG.random((1, 2, 2))
    got = F.fractional_max_pool2d(ag.tensor(x), 2, output_size=3, return_indices=True,
                                  _random_samples=ag.tensor(s))
    expected = torch.nn.functional.fractional_max_pool2d(
        torch.tensor(x), 2, output_size=3, return_indices=True, _random_samples=torch.tensor(s))
    np.testing.assert_array_equal(got[0].numpy(), expected[0].numpy())
    np.testing.assert_array_equal(got[1].numpy(), expected[1].numpy())


X2 = np.zeros((2, 3, 7, 8))
S2 = np.full((2, 3, 2), 0.5)


@pytest.mark.parametrize("call,error,match", [
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 2), ValueError,
     "requires specifying either an output_size or an output_ratio"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 2, output_ratio=(0.5, 0.5, 0.5)),
     ValueError, "output_ratio to either be a single Int or tuple"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 3, output_size=6,
                                     _random_samples=ag.tensor(S2)),
     RuntimeError, "pool height 3 too large relative to input height 7"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 3, output_size=(5, 7),
                                     _random_samples=ag.tensor(S2)),
     RuntimeError, "pool width 3 too large relative to input width 8"),
    (lambda: F.fractional_max_pool3d(ag.zeros(1, 1, 5, 6, 7), 2, output_size=(4, 4, 5),
                                     _random_samples=ag.rand(1, 1, 3)),
     RuntimeError, "pool time 2 too large relative to input time 5"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 2, output_size=3,
                                     _random_samples=ag.tensor(S2[:1])),
     RuntimeError, r"_random_samples.size\(0\) no less then input batch size"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 2, output_size=3,
                                     _random_samples=ag.tensor(S2[:, :2])),
     RuntimeError, r"_random_samples.size\(1\) equals to input channel size"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 2, output_size=3,
                                     _random_samples=ag.rand(2, 3, 3, dtype=ag.float64)),
     RuntimeError, r"_random_samples.size\(2\) equals to 2; got 3"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 2, output_size=3,
                                     _random_samples=ag.rand(2, 3, 2, 1, dtype=ag.float64)),
     RuntimeError, "_random_samples to have 3 dimensions, got 4"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 2, output_size=3,
                                     _random_samples=ag.rand(2, 3, 2)),
     RuntimeError, "_random_samples to have the same dtype as input"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2[0, 0]), 2, output_size=3),
     RuntimeError, r"Expected 3D or 4D tensor, but got: \[7, 8\]"),
    (lambda: F.fractional_max_pool2d(ag.zeros(2, 0, 7, 8), 2, output_size=3),
     RuntimeError, "non-zero size for non-batch dimensions"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), (2, 2, 2), output_size=3),
     RuntimeError, "kernel_size must either be a single Int or tuple of Ints"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 2, output_size=(2, 2, 2)),
     RuntimeError, "output_size must either be a single Int or tuple of Ints"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 2.5, output_size=3), TypeError,
     "kernel_size"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2), 2, output_size=3, _random_samples=[0.5]),
     TypeError, "_random_samples"),
    (lambda: F.fractional_max_pool2d(ag.tensor(X2).long(), 2, output_size=3,
                                     _random_samples=ag.tensor(S2).long()),
     NotImplementedError, "not implemented for 'Long'"),
    (lambda: nn.FractionalMaxPool2d(3), ValueError,
     "requires specifying either an output size, or a pooling ratio"),
    (lambda: nn.FractionalMaxPool3d(3, output_size=2, output_ratio=0.5), ValueError,
     "only one of output_size and output_ratio may be specified"),
    (lambda: nn.FractionalMaxPool2d(3, output_ratio=1.5), ValueError,
     "output_ratio must be between 0 and 1"),
])
def test_bad_input_raises_torchs_error(call, error, match):
    with pytest.raises(error, match=match) as info:
        call()
    assert info.match("ractional")  # the op or layer is named


def test_bad_input_error_types_agree_with_torch():
    torch = torch_or_skip()
    tf = torch.nn.functional
    x, s = torch.zeros(2, 3, 7, 8, dtype=torch.float64), torch.full((2, 3, 2), 0.5,
                                                                    dtype=torch.float64)
    for kw, error in [({"output_size": 6, "_random_samples": s}, RuntimeError),
                      ({"output_size": 3, "_random_samples": s[:1]}, RuntimeError),
                      ({"output_size": 3, "_random_samples": s.float()}, RuntimeError),
                      ({}, ValueError)]:
        with pytest.raises(error):
            tf.fractional_max_pool2d(x, 3, **kw)
