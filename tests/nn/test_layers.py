"""Dense and activation layers: forward vs NumPy, gradcheck w.r.t. input and parameters per
device, PyTorch agreement with the same weights through load_state_dict, default
initialisation, factory kwargs, repr and error messages."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import nn
from tests.conftest import torch_or_skip


def _np(t: ag.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def _sig(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# -- forward against NumPy ---------------------------------------------------------------------

# factory -> NumPy reference taking (x, module)
ELEMENTWISE = {
    "ReLU": (lambda: nn.ReLU(), lambda x: np.maximum(x, 0)),
    "LeakyReLU": (lambda: nn.LeakyReLU(0.3), lambda x: np.where(x > 0, x, 0.3 * x)),
    "ELU": (lambda: nn.ELU(alpha=0.5), lambda x: np.where(x > 0, x, 0.5 * np.expm1(x))),
    "GELU": (lambda: nn.GELU(), lambda x: 0.5 * x * (1 + np.vectorize(math.erf)(x / 2 ** 0.5))),
    "GELU-tanh": (lambda: nn.GELU("tanh"),
                  lambda x: 0.5 * x * (1 + np.tanh((2 / math.pi) ** 0.5 * (x + 0.044715 * x**3)))),
    "SiLU": (lambda: nn.SiLU(), lambda x: x * _sig(x)),
    "Sigmoid": (lambda: nn.Sigmoid(), _sig),
    "Tanh": (lambda: nn.Tanh(), np.tanh),
    "Softplus": (lambda: nn.Softplus(beta=2, threshold=4),
                 lambda x: np.where(2 * x > 4, x, np.logaddexp(0, 2 * x) / 2)),
    "Softmax": (lambda: nn.Softmax(dim=1), lambda x: _softmax(x, 1)),
    "LogSoftmax": (lambda: nn.LogSoftmax(dim=-1), lambda x: np.log(_softmax(x, -1))),
    "Identity": (lambda: nn.Identity(3, key="ignored"), lambda x: x),
}


def _x(shape=(4, 5), seed=0) -> np.ndarray:
    x = np.random.default_rng(seed).uniform(-3, 3, size=shape)
    return np.where(np.abs(x) < 0.05, 0.1, x)  # away from the kinks at 0


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_layer_forward_and_gradcheck(name: str, device: str) -> None:
    make, ref = ELEMENTWISE[name]
    layer = make()
    x = _x()
    got = layer(ag.tensor(x, dtype=ag.float64, device=device))
    np.testing.assert_allclose(_np(got), ref(x), rtol=1e-10, atol=1e-12)
    xt = ag.tensor(_x((3, 4), 1), dtype=ag.float64, device=device, requires_grad=True)
    assert ag.gradcheck(layer, [xt])


def _linear_ref(m: nn.Linear, x: np.ndarray) -> np.ndarray:
    y = x @ _np(m.weight).T
    return y if m.bias is None else y + _np(m.bias)


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("x_shape", [(6, 4), (4,), (2, 3, 4)])
def test_linear_forward_and_gradcheck(bias: bool, x_shape, device: str) -> None:
    m = nn.Linear(4, 3, bias=bias).double().to(device)
    x = _x(x_shape)
    np.testing.assert_allclose(_np(m(ag.tensor(x, device=device, dtype=ag.float64))),
                               _linear_ref(m, x), rtol=1e-12)
    xt = ag.tensor(x, device=device, dtype=ag.float64, requires_grad=True)
    assert ag.gradcheck(lambda x, *params: m(x), [xt, *m.parameters()])


def test_bilinear_forward_and_gradcheck(device: str) -> None:
    m = nn.Bilinear(2, 3, 4).double().to(device)
    x1, x2 = _x((5, 2), 1), _x((5, 3), 2)
    expected = np.einsum("ni,kij,nj->nk", x1, _np(m.weight), x2) + _np(m.bias)
    a1 = ag.tensor(x1, device=device, dtype=ag.float64, requires_grad=True)
    a2 = ag.tensor(x2, device=device, dtype=ag.float64, requires_grad=True)
    np.testing.assert_allclose(_np(m(a1, a2)), expected, rtol=1e-12)
    assert ag.gradcheck(lambda a, b, *params: m(a, b), [a1, a2, *m.parameters()])


def test_flatten_unflatten(device: str) -> None:
    x = ag.tensor(_x((2, 3, 4, 5)), device=device, dtype=ag.float64, requires_grad=True)
    assert nn.Flatten()(x).shape == (2, 60)
    assert nn.Flatten(0, 2)(x).shape == (24, 5)
    assert nn.Unflatten(1, (3, 1))(ag.ones(2, 3, device=device)).shape == (2, 3, 1)
    roundtrip = nn.Sequential(nn.Flatten(1, 2), nn.Unflatten(1, (3, 4)))
    np.testing.assert_array_equal(_np(roundtrip(x)), _np(x))
    assert nn.Unflatten(-1, (-1, 5))(nn.Flatten()(x)).shape == (2, 12, 5)
    assert ag.gradcheck(lambda t: nn.Flatten(1, 2)(t), [x])


# -- PyTorch, same weights --------------------------------------------------------------------


def _torch_pair(torch, name: str):
    """(ours, theirs) with PyTorch's weights loaded into ours through load_state_dict."""
    tnn = torch.nn
    pairs = {
        "Linear": (lambda: nn.Linear(5, 3), lambda: tnn.Linear(5, 3)),
        "Linear-nobias": (lambda: nn.Linear(5, 3, bias=False), lambda: tnn.Linear(5, 3, False)),
        "Bilinear": (lambda: nn.Bilinear(5, 4, 3), lambda: tnn.Bilinear(5, 4, 3)),
        "MLP": (lambda: nn.Sequential(nn.Linear(5, 8), nn.GELU(), nn.Linear(8, 8), nn.SiLU(),
                                      nn.Linear(8, 6), nn.ELU(), nn.Linear(6, 4),
                                      nn.LeakyReLU(0.2), nn.Linear(4, 3), nn.Softplus(),
                                      nn.Flatten(0), nn.Unflatten(0, (-1, 3)),
                                      nn.LogSoftmax(dim=1)),
                lambda: tnn.Sequential(tnn.Linear(5, 8), tnn.GELU(), tnn.Linear(8, 8),
                                       tnn.SiLU(), tnn.Linear(8, 6), tnn.ELU(),
                                       tnn.Linear(6, 4), tnn.LeakyReLU(0.2), tnn.Linear(4, 3),
                                       tnn.Softplus(), tnn.Flatten(0),
                                       tnn.Unflatten(0, (-1, 3)), tnn.LogSoftmax(dim=1))),
    }
    make_ours, make_theirs = pairs[name]
    theirs = make_theirs().double()
    ours = make_ours().double()
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    return ours, theirs


@pytest.mark.parametrize("name", ["Linear", "Linear-nobias", "Bilinear", "MLP"])
def test_matches_torch_with_loaded_weights(name: str) -> None:
    torch = torch_or_skip()
    ours, theirs = _torch_pair(torch, name)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    rng = np.random.default_rng(9)
    inputs = [rng.standard_normal((7, 5))] + ([rng.standard_normal((7, 4))]
                                             if name == "Bilinear" else [])
    a = [ag.tensor(x, dtype=ag.float64, requires_grad=True) for x in inputs]
    t = [torch.tensor(x, requires_grad=True) for x in inputs]
    ya, yt = ours(*a), theirs(*t)
    np.testing.assert_allclose(_np(ya), yt.detach().numpy(), rtol=1e-10, atol=1e-12)
    v = rng.standard_normal(tuple(ya.shape))
    (ya * ag.tensor(v)).sum().backward()
    (yt * torch.tensor(v)).sum().backward()
    for xa, xt in zip(a, t):
        np.testing.assert_allclose(_np(xa.grad), xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    theirs_params = dict(theirs.named_parameters())
    for key, p in ours.named_parameters():
        np.testing.assert_allclose(_np(p.grad), theirs_params[key].grad.numpy(), rtol=1e-9,
                                   atol=1e-12, err_msg=key)


@pytest.mark.parametrize("make,torch_make", [
    (lambda: nn.Linear(2, 3), lambda t: t.Linear(2, 3)),
    (lambda: nn.Linear(2, 3, bias=False), lambda t: t.Linear(2, 3, bias=False)),
    (lambda: nn.Bilinear(2, 3, 4), lambda t: t.Bilinear(2, 3, 4)),
    (lambda: nn.Identity(), lambda t: t.Identity()),
    (lambda: nn.Flatten(), lambda t: t.Flatten()),
    (lambda: nn.Unflatten(1, (2, 5)), lambda t: t.Unflatten(1, (2, 5))),
    (lambda: nn.ReLU(), lambda t: t.ReLU()),
    (lambda: nn.ReLU(inplace=True), lambda t: t.ReLU(inplace=True)),
    (lambda: nn.LeakyReLU(), lambda t: t.LeakyReLU()),
    (lambda: nn.LeakyReLU(0.2, inplace=True), lambda t: t.LeakyReLU(0.2, inplace=True)),
    (lambda: nn.ELU(), lambda t: t.ELU()),
    (lambda: nn.GELU(), lambda t: t.GELU()),
    (lambda: nn.GELU("tanh"), lambda t: t.GELU("tanh")),
    (lambda: nn.SiLU(), lambda t: t.SiLU()),
    (lambda: nn.Sigmoid(), lambda t: t.Sigmoid()),
    (lambda: nn.Tanh(), lambda t: t.Tanh()),
    (lambda: nn.Softplus(), lambda t: t.Softplus()),
    (lambda: nn.Softmax(dim=1), lambda t: t.Softmax(dim=1)),
    (lambda: nn.LogSoftmax(), lambda t: t.LogSoftmax()),
])
def test_repr_matches_torch(make, torch_make) -> None:
    torch = torch_or_skip()
    assert repr(make()) == repr(torch_make(torch.nn))


def test_repr_without_torch() -> None:
    assert repr(nn.Linear(2, 3)) == "Linear(in_features=2, out_features=3, bias=True)"
    assert repr(nn.Bilinear(2, 3, 4, bias=False)) == \
        "Bilinear(in1_features=2, in2_features=3, out_features=4, bias=False)"
    assert repr(nn.GELU()) == "GELU(approximate='none')"
    assert repr(nn.Softplus()) == "Softplus(beta=1.0, threshold=20.0)"
    assert repr(nn.Sequential(nn.Linear(1, 1), nn.Tanh())) == (
        "Sequential(\n  (0): Linear(in_features=1, out_features=1, bias=True)\n  (1): Tanh()\n)")


# -- parameters and initialisation -------------------------------------------------------------


def test_parameter_names_and_shapes() -> None:
    assert {k: tuple(v.shape) for k, v in nn.Linear(4, 3).state_dict().items()} == \
        {"weight": (3, 4), "bias": (3,)}
    assert list(nn.Linear(4, 3, bias=False).state_dict()) == ["weight"]
    assert nn.Linear(4, 3, bias=False).bias is None
    assert {k: tuple(v.shape) for k, v in nn.Bilinear(2, 5, 3).state_dict().items()} == \
        {"weight": (3, 2, 5), "bias": (3,)}
    assert list(nn.ReLU().parameters()) == []


def test_default_init_bounds_and_statistics() -> None:
    ag.manual_seed(0)
    m = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)  # kaiming_uniform_(a=sqrt(5)) gives the same bound as the bias
    for p in (m.weight, m.bias):
        v = _np(p)
        assert np.all(np.abs(v) <= bound) and np.abs(v).max() > 0.95 * bound
    w = _np(m.weight)
    assert abs(w.mean()) < 0.01 * bound and abs(w.var() / (bound ** 2 / 3) - 1) < 0.02
    b = nn.Bilinear(100, 7, 200)
    bound = 1 / math.sqrt(100)
    for p in (b.weight, b.bias):
        v = _np(p)
        assert np.all(np.abs(v) <= bound) and np.abs(v).max() > 0.9 * bound


def test_init_matches_torch_bounds() -> None:
    torch = torch_or_skip()
    torch.manual_seed(0)
    theirs = torch.nn.Linear(64, 32)
    ours = nn.Linear(64, 32)
    for key in ("weight", "bias"):
        t_max = getattr(theirs, key).detach().abs().max().item()
        o_max = float(_np(getattr(ours, key)).__abs__().max())
        assert abs(t_max - o_max) < 0.05 / math.sqrt(64) + 0.1 * t_max, key


def test_seed_reproducible_and_device_independent(device: str) -> None:
    ag.manual_seed(123)
    a = nn.Linear(5, 4)
    ag.manual_seed(123)
    b = nn.Linear(5, 4, device=device)
    assert b.weight.device == ag.device(device)
    np.testing.assert_array_equal(_np(a.weight), _np(b.weight))
    np.testing.assert_array_equal(_np(a.bias), _np(b.bias))
    c = nn.Linear(5, 4)
    assert not np.array_equal(_np(a.weight), _np(c.weight))
    m = nn.Linear(5, 4)
    before = _np(m.weight).copy()
    m.reset_parameters()
    assert not np.array_equal(before, _np(m.weight))


def test_factory_kwargs(device: str) -> None:
    m = nn.Linear(3, 2, device=device, dtype=ag.float64)
    bl = nn.Bilinear(3, 2, 4, device=device, dtype="float64")
    for p in list(m.parameters()) + list(bl.parameters()):
        assert p.dtype == ag.float64 and p.device == ag.device(device)
        assert p.requires_grad and p.is_leaf
    y = m(ag.ones(5, 3, device=device, dtype=ag.float64))
    assert y.dtype == ag.float64 and y.device == ag.device(device)


def test_training_step_updates_parameters(device: str) -> None:
    model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
    x = ag.randn(16, 3, device=device)
    loss = (model(x) ** 2).mean()
    loss.backward()
    for p in model.parameters():
        assert p.grad is not None and p.grad.shape == p.shape
        assert p.grad.device == ag.device(device)
    with ag.no_grad():
        for p in model.parameters():
            p -= 0.05 * p.grad
    assert (model(x) ** 2).mean().item() < loss.item()  # a small step downhill helps


# -- errors -----------------------------------------------------------------------------------


def test_linear_wrong_feature_size() -> None:
    m = nn.Linear(4, 3)
    msg = ("Linear(in_features=4, out_features=3, bias=True): expected input with last "
           "dimension 4, got shape [2, 5]")
    with pytest.raises(RuntimeError) as info:
        m(ag.ones(2, 5))
    assert str(info.value) == msg
    with pytest.raises(RuntimeError, match=r"got shape \[\]"):
        m(ag.tensor(1.0))
    with pytest.raises(RuntimeError, match=r"Linear\(in_features=4.*got shape \[7\]"):
        nn.Sequential(nn.Linear(2, 7), nn.Linear(4, 3))(ag.ones(2))


def test_bilinear_wrong_feature_size() -> None:
    m = nn.Bilinear(2, 3, 4)
    with pytest.raises(RuntimeError, match=r"Bilinear\(in1_features=2, in2_features=3, "
                                           r"out_features=4, bias=True\): expected inputs with "
                                           r"last dimensions 2 and 3, got shapes \[5, 2\] and "
                                           r"\[5, 4\]"):
        m(ag.ones(5, 2), ag.ones(5, 4))


def test_bad_constructor_arguments() -> None:
    # PyTorch: RuntimeError "approximate argument must be either none or tanh."
    with pytest.raises(RuntimeError, match="GELU: approximate must be 'none' or 'tanh'"):
        nn.GELU("fast")
    with pytest.raises(RuntimeError, match="gelu: approximate must be 'none' or 'tanh'"):
        nn.functional.gelu(ag.ones(2), approximate="fast")
    with pytest.raises(TypeError, match="unflattened_size"):
        nn.Unflatten(1, 5)


def test_inplace_layers_modify_their_input() -> None:
    x = ag.tensor([-1.0, 2.0])
    assert nn.ReLU(inplace=True)(x) is x and x.tolist() == [0.0, 2.0]
    y = ag.tensor([-1.0, 2.0])
    assert nn.LeakyReLU(0.5, inplace=True)(y) is y and y.tolist() == [-0.5, 2.0]
    z = ag.tensor([-1.0, 2.0])
    out = nn.ReLU()(z)
    assert out is not z and z.tolist() == [-1.0, 2.0]
