"""nn.Buffer, nn.UninitializedParameter/UninitializedBuffer and the Lazy layers against
PyTorch: shapes inferred at the first forward, the class they become, state_dict keys and
shapes, loading PyTorch's weights, the placeholders' errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.conftest import torch_or_skip

# (lazy class name, constructor args, kwargs, input shape)
CASES = [
    ("LazyLinear", (3,), {}, (2, 5)),
    ("LazyLinear", (3,), {"bias": False}, (2, 4, 6)),
    ("LazyConv1d", (4, 3), {"padding": 1}, (2, 5, 7)),
    ("LazyConv2d", (4, 3), {"groups": 2, "stride": 2}, (2, 6, 7, 7)),
    ("LazyConv2d", (4, 3), {"bias": False}, (3, 6, 6)),  # unbatched
    ("LazyConv3d", (2, 2), {}, (1, 3, 4, 4, 4)),
    ("LazyConvTranspose1d", (4, 3), {"stride": 2, "output_padding": 1}, (2, 5, 7)),
    ("LazyConvTranspose2d", (4, 3), {"groups": 2}, (2, 6, 5, 5)),
    ("LazyConvTranspose3d", (2, 2), {}, (1, 3, 3, 3, 3)),
    ("LazyBatchNorm1d", (), {}, (4, 5)),
    ("LazyBatchNorm2d", (), {"momentum": None}, (4, 5, 3, 3)),
    ("LazyBatchNorm3d", (), {"affine": False}, (2, 3, 2, 2, 2)),
    ("LazyBatchNorm1d", (), {"bias": False, "track_running_stats": False}, (4, 5, 6)),
    ("LazyInstanceNorm1d", (), {}, (2, 5, 6)),
    ("LazyInstanceNorm2d", (), {"affine": True, "track_running_stats": True}, (2, 5, 4, 4)),
    ("LazyInstanceNorm3d", (), {"affine": True}, (2, 3, 3, 3, 3)),
]


def _shapes(sd):
    return [(k, tuple(v.shape)) for k, v in sd.items()]


@pytest.mark.parametrize("name,args,kwargs,shape", CASES,
                         ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_lazy_layer_matches_torch(name, args, kwargs, shape) -> None:
    torch = torch_or_skip()
    ours = getattr(nn, name)(*args, **kwargs)
    theirs = getattr(torch.nn, name)(*args, **kwargs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert repr(ours).split("(")[0] == repr(theirs).split("(")[0] == name
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    out = ours(ag.tensor(x))
    theirs(torch.tensor(x))
    # both became the ordinary layer, with the same parameter and buffer shapes
    assert type(ours).__name__ == type(theirs).__name__ == name[4:]
    assert isinstance(ours, getattr(nn, name[4:]))
    assert _shapes(ours.state_dict()) == _shapes(theirs.state_dict())
    assert all(type(p) is nn.Parameter for p in ours.parameters())
    assert repr(ours) == repr(theirs)
    # with PyTorch's values the outputs agree (training mode: batch statistics)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(),
                               theirs(torch.tensor(x)).detach().numpy(), rtol=1e-5, atol=1e-5)
    assert out.shape == tuple(theirs(torch.tensor(x)).shape)


def test_lazy_linear_initialises_as_linear_and_trains() -> None:
    ag.manual_seed(0)
    m = nn.LazyLinear(3)
    assert m.in_features == 0 and m.has_uninitialized_params()
    m(ag.ones(2, 4))
    assert not hasattr(m, "has_uninitialized_params") and m.in_features == 4
    bound = 1 / 2  # U(-1/sqrt(in_features), 1/sqrt(in_features)), as Linear
    assert float(m.weight.abs().max()) <= bound and float(m.bias.abs().max()) <= bound
    assert float(m.weight.std()) > 0.05
    opt = nn.optim.SGD(m.parameters(), lr=0.1)
    m(ag.ones(2, 4)).sum().backward()
    opt.step()
    assert m.weight.grad.shape == (3, 4)


def test_lazy_to_sets_the_dtype_the_parameters_get() -> None:
    m = nn.LazyConv1d(2, 3).double()
    assert m.weight.dtype == ag.float64
    m(ag.ones(1, 3, 5, dtype=ag.float64))
    assert m.weight.dtype == ag.float64 and m.weight.shape == (2, 3, 3)
    bn = nn.LazyBatchNorm1d(dtype=ag.float64)
    assert bn.running_mean.dtype == ag.float64 and not bn.running_mean.requires_grad
    bn(ag.ones(4, 2, dtype=ag.float64))
    assert bn.running_mean.dtype == ag.float64 and type(bn.running_mean) is ag.Tensor


def test_load_state_dict_materializes_a_lazy_module() -> None:
    torch = torch_or_skip()
    src = torch.nn.Linear(4, 3)
    m = nn.LazyLinear(3)
    m.load_state_dict({k: v.detach().numpy() for k, v in src.state_dict().items()})
    assert type(m) is nn.LazyLinear and m.weight.shape == (3, 4)
    np.testing.assert_array_equal(m.weight.detach().numpy(), src.weight.detach().numpy())
    x = np.ones((2, 4), np.float32)
    np.testing.assert_allclose(m(ag.tensor(x)).detach().numpy(),
                               src(torch.tensor(x)).detach().numpy(), rtol=1e-6)
    assert type(m) is nn.Linear and m.in_features == 4
    with pytest.raises(AssertionError, match="in_features inferred from input: 5"):
        m2 = nn.LazyLinear(3)
        m2.load_state_dict({k: v.detach().numpy() for k, v in src.state_dict().items()})
        m2(ag.ones(2, 5))


def test_uninitialized_parameter_refuses_use() -> None:
    torch = torch_or_skip()
    u, tu = nn.UninitializedParameter(), torch.nn.UninitializedParameter()
    assert repr(u) == repr(tu) == "<UninitializedParameter>"
    assert repr(nn.UninitializedBuffer()) == repr(torch.nn.UninitializedBuffer())
    assert u.requires_grad and not nn.UninitializedBuffer().requires_grad
    assert u.dtype == ag.float32 and u.device.type == "cpu"
    for use in (lambda t: t + 1, lambda t: t.sum(), lambda t: t.numel()):
        with pytest.raises(ValueError, match="uninitialized parameter"):
            use(u)
        with pytest.raises(ValueError, match="uninitialized parameter"):
            use(tu)
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized"):
        u.shape
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized"):
        tu.shape
    m = nn.LazyLinear(2)
    with pytest.raises(ValueError, match="uninitialized parameter"):
        m.forward(ag.ones(1, 3))  # the initialising hook bypassed
    u.materialize((2, 3))
    assert type(u) is nn.Parameter and u.shape == (2, 3) and u.requires_grad


def test_buffer_registers_itself_like_torch() -> None:
    torch = torch_or_skip()

    class Ours(nn.Module):
        def __init__(self):
            super().__init__()
            self.keep = nn.Buffer(ag.ones(2))
            self.scratch = nn.Buffer(ag.zeros(3), persistent=False)
            self.w = nn.Parameter(ag.ones(1))

    class Theirs(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.keep = torch.nn.Buffer(torch.ones(2))
            self.scratch = torch.nn.Buffer(torch.zeros(3), persistent=False)
            self.w = torch.nn.Parameter(torch.ones(1))

    ours, theirs = Ours(), Theirs()
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["w", "keep"]
    assert ([n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
            == ["keep", "scratch"])
    assert not ours.keep.requires_grad
    ours.scratch = ag.ones(3)  # a plain Tensor keeps the buffer's persistence
    assert "scratch" not in ours.state_dict()
    ours.double()
    assert ours.keep.dtype == ag.float64
    b = nn.Buffer(nn.Parameter(ag.ones(2)))
    assert b.requires_grad and b.persistent and isinstance(b, nn.Buffer)


def test_a_materialized_lazy_module_saves_and_loads_whole(tmp_path):
    model = nn.Sequential(nn.LazyLinear(4), nn.ReLU())
    x = ag.randn(2, 5)
    y = model(x)
    assert type(model[0]) is nn.Linear
    ag.save(model, tmp_path / "m.safetensors")
    again = ag.load(tmp_path / "m.safetensors")
    np.testing.assert_array_equal(again(x).detach().numpy(), y.detach().numpy())
    assert type(again[0]) is nn.Linear
