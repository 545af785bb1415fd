"""nn.init: gains and fans vs PyTorch, sample statistics, orthogonality, reproducibility."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import autograd as ag
from nn import init
from tests.conftest import torch_or_skip

SHAPES = [(3, 4), (8, 3, 5), (6, 4, 3, 3), (2, 3, 2, 2, 2), (1, 7)]


@pytest.mark.parametrize("name,param", [
    ("linear", None), ("conv1d", None), ("conv2d", None), ("conv3d", None),
    ("conv_transpose1d", None), ("conv_transpose2d", None), ("conv_transpose3d", None),
    ("sigmoid", None), ("tanh", None), ("relu", None), ("leaky_relu", None),
    ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5)), ("leaky_relu", 0), ("selu", None),
])
def test_calculate_gain_vs_torch(name, param):
    torch = torch_or_skip()
    assert init.calculate_gain(name, param) == pytest.approx(
        torch.nn.init.calculate_gain(name, param), rel=1e-12)


def test_calculate_gain_errors():
    with pytest.raises(ValueError, match="Unsupported nonlinearity"):
        init.calculate_gain("swish")
    with pytest.raises(ValueError, match="negative_slope"):
        init.calculate_gain("leaky_relu", "x")


@pytest.mark.parametrize("shape", SHAPES)
def test_fans_vs_torch(shape):
    torch = torch_or_skip()
    ours = init._calculate_fan_in_and_fan_out(ag.empty(*shape))
    assert ours == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape))


def test_fans_need_two_dims():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init._calculate_fan_in_and_fan_out(ag.empty(5))
    with pytest.raises(ValueError, match="Mode fan_avg not supported"):
        init.kaiming_uniform_(ag.empty(3, 4), mode="fan_avg")


def _stats(fill, shape, dtype=ag.float64, device="cpu"):
    t = fill(ag.empty(*shape, dtype=dtype, device=device))
    x = t.numpy().astype(np.float64)
    return x.mean(), x.std(), x.min(), x.max()


# (our fill, torch fill) pairs; shapes large enough that the statistics are tight.
CASES = {
    "uniform": (lambda t: init.uniform_(t, -0.5, 2.0), "uniform_", (-0.5, 2.0), {}),
    "normal": (lambda t: init.normal_(t, 1.5, 0.3), "normal_", (1.5, 0.3), {}),
    "xavier_uniform": (lambda t: init.xavier_uniform_(t, gain=2.0), "xavier_uniform_", (),
                       {"gain": 2.0}),
    "xavier_normal": (lambda t: init.xavier_normal_(t, gain=0.5), "xavier_normal_", (),
                      {"gain": 0.5}),
    "kaiming_uniform": (lambda t: init.kaiming_uniform_(t, a=math.sqrt(5)), "kaiming_uniform_",
                        (), {"a": math.sqrt(5)}),
    "kaiming_normal": (lambda t: init.kaiming_normal_(t, mode="fan_out", nonlinearity="relu"),
                       "kaiming_normal_", (), {"mode": "fan_out", "nonlinearity": "relu"}),
    "trunc_normal": (lambda t: init.trunc_normal_(t, 0.2, 1.0, -1.0, 1.5), "trunc_normal_",
                     (0.2, 1.0, -1.0, 1.5), {}),
    "trunc_normal_tail": (lambda t: init.trunc_normal_(t, 0.0, 1.0, 3.0, 4.0),
                          "trunc_normal_", (0.0, 1.0, 3.0, 4.0), {}),
}


@pytest.mark.filterwarnings("ignore:mean is more than 2 std")
@pytest.mark.parametrize("case", sorted(CASES))
def test_distribution_vs_torch(case):
    torch = torch_or_skip()
    ours, tname, args, kwargs = CASES[case]
    shape = (400, 50, 3, 3)
    ag.manual_seed(0)
    mean, std, lo, hi = _stats(ours, shape)
    torch.manual_seed(0)
    t = getattr(torch.nn.init, tname)(torch.empty(*shape, dtype=torch.float64), *args, **kwargs)
    tmean, tstd = t.mean().item(), t.std().item()
    assert std == pytest.approx(tstd, rel=0.02)
    assert mean == pytest.approx(tmean, abs=0.02 * tstd + 1e-3)
    # Bounded draws stay within the bounds the torch samples fill out.
    if "normal" not in case or "trunc" in case:
        assert t.min().item() - 0.02 * tstd <= lo and hi <= t.max().item() + 0.02 * tstd


def test_bounds_exact():
    w = init.kaiming_uniform_(ag.empty(64, 300, dtype=ag.float64), a=math.sqrt(5))
    bound = 1 / math.sqrt(300)  # Linear's default: gain(sqrt 5) * sqrt(3 / fan_in)
    assert np.abs(w.numpy()).max() <= bound
    assert np.abs(w.numpy()).max() > 0.99 * bound
    w = init.xavier_uniform_(ag.empty(30, 20, 5, dtype=ag.float64))
    a = math.sqrt(6 / (20 * 5 + 30 * 5))
    assert 0.99 * a < np.abs(w.numpy()).max() <= a


@pytest.mark.parametrize("shape", [(20, 20), (30, 10), (10, 30), (8, 3, 2, 2)])
def test_orthogonal(shape, device):
    w = init.orthogonal_(ag.empty(*shape, dtype=ag.float64, device=device), gain=2.0)
    m = w.numpy(force=True).reshape(shape[0], -1)
    k = min(m.shape)
    gram = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
    np.testing.assert_allclose(gram, 4.0 * np.eye(k), atol=1e-10)
    with pytest.raises(ValueError, match="2 or more dimensions"):
        init.orthogonal_(ag.empty(4))


def test_constant_eye_dirac(device):
    torch = torch_or_skip()
    t = ag.empty(3, 4, device=device)
    assert init.constant_(t, 2.5) is t
    assert (t.numpy(force=True) == 2.5).all()
    assert (init.zeros_(t).numpy(force=True) == 0).all()
    assert (init.ones_(t).numpy(force=True) == 1).all()
    np.testing.assert_array_equal(init.eye_(t).numpy(force=True), np.eye(3, 4))
    with pytest.raises(ValueError, match="2 dimensions"):
        init.eye_(ag.empty(2, 2, 2))
    for shape, groups in [((4, 2, 3), 1), ((6, 3, 3, 3), 2), ((2, 2, 3, 3, 3), 1)]:
        ours = init.dirac_(ag.empty(*shape, device=device), groups).numpy(force=True)
        ref = torch.nn.init.dirac_(torch.empty(*shape), groups).numpy()
        np.testing.assert_array_equal(ours, ref)
    z = ag.zeros(3, dtype=ag.int64, device=device)
    assert init.ones_(z).tolist() == [1, 1, 1]


def test_in_place_on_leaf_that_requires_grad():
    w = ag.zeros(5, 4, requires_grad=True)
    version = w._version
    out = init.xavier_normal_(w)
    assert out is w and w.is_leaf and w.grad_fn is None and w.requires_grad
    assert w._version == version + 1
    assert np.abs(w.detach().numpy()).sum() > 0


def test_dtypes_kept():
    for dt in (ag.float16, ag.float32, ag.float64):
        assert init.normal_(ag.empty(4, 4, dtype=dt)).dtype == dt
    # PyTorch: NotImplementedError "check_uniform_bounds" not implemented for 'Long'
    for fill in (init.uniform_, init.normal_, init.trunc_normal_, init.orthogonal_,
                 init.xavier_uniform_, init.kaiming_normal_):
        with pytest.raises(NotImplementedError, match="_: not implemented for dtype int64"):
            fill(ag.zeros(3, 3, dtype=ag.int64))
    with pytest.raises(RuntimeError, match="std >= 0"):
        init.normal_(ag.empty(3), std=-1.0)


def test_zero_element_kaiming_warns():
    t = ag.empty(0, 3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert init.kaiming_uniform_(t) is t
    assert any("zero-element" in str(w.message) for w in caught)


def test_reproducible_under_manual_seed():
    ag.manual_seed(123)
    a = init.kaiming_uniform_(ag.empty(5, 7)).numpy().copy()
    b = init.normal_(ag.empty(5, 7)).numpy().copy()
    ag.manual_seed(123)
    np.testing.assert_array_equal(init.kaiming_uniform_(ag.empty(5, 7)).numpy(), a)
    np.testing.assert_array_equal(init.normal_(ag.empty(5, 7)).numpy(), b)
    ag.manual_seed(124)
    assert not np.array_equal(init.kaiming_uniform_(ag.empty(5, 7)).numpy(), a)


def test_same_model_on_every_device(device):
    # One host stream: the seed decides the values whatever the device.
    ag.manual_seed(7)
    ref = [init.orthogonal_(ag.empty(6, 4)).numpy(force=True).copy(),
           init.trunc_normal_(ag.empty(3, 9), std=0.02).numpy(force=True).copy()]
    ag.manual_seed(7)
    got = [init.orthogonal_(ag.empty(6, 4, device=device)),
           init.trunc_normal_(ag.empty(3, 9, device=device), std=0.02)]
    for g, r in zip(got, ref):
        assert str(g.device).startswith(device)
        np.testing.assert_array_equal(g.numpy(force=True), r)


def test_generator_argument():
    g = ag.Generator().manual_seed(3)
    a = init.uniform_(ag.empty(10), generator=g).numpy().copy()
    b = init.uniform_(ag.empty(10), generator=g).numpy().copy()
    assert not np.array_equal(a, b)
    g.manual_seed(3)
    np.testing.assert_array_equal(init.uniform_(ag.empty(10), generator=g).numpy(), a)
    np.testing.assert_array_equal(init.normal_(ag.empty(4), generator=5).numpy(),
                                  init.normal_(ag.empty(4), generator=5).numpy())
    rs = np.random.RandomState(0)
    assert init.normal_(ag.empty(4), generator=rs).shape == (4,)
    with pytest.raises(TypeError, match="generator"):
        init.normal_(ag.empty(4), generator="seed")
