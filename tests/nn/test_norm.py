"""Normalisation layers: BatchNorm1d/2d, LayerNorm, GroupNorm and their functional forms."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import autograd as ag
import nn
from autograd.ops.nn.norm import batch_norm, group_norm, layer_norm
from nn.layers.norm import BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm
from tests.conftest import torch_or_skip

EPS = 1e-5


def _host(t) -> np.ndarray:
    return t.detach().cpu().numpy()


# -- NumPy references written as loops ----------------------------------------------------------


def _bn_loop(x, w, b, mean=None, var=None):
    """Per channel: (x - mean) / sqrt(var + eps) * w + b; batch statistics when none given."""
    y = np.empty_like(x)
    for c in range(x.shape[1]):
        xc = x[:, c]
        m = xc.mean() if mean is None else mean[c]
        v = ((xc - xc.mean()) ** 2).mean() if var is None else var[c]
        y[:, c] = (xc - m) / np.sqrt(v + EPS) * w[c] + b[c]
    return y


def _ln_loop(x, k, w, b):
    lead = x.shape[:x.ndim - k]
    y = np.empty_like(x)
    for idx in np.ndindex(*lead):
        row = x[idx]
        y[idx] = (row - row.mean()) / np.sqrt(row.var() + EPS) * w + b
    return y


def _gn_loop(x, g, w, b):
    n, c = x.shape[:2]
    per = c // g
    y = np.empty_like(x)
    for i in range(n):
        for k in range(g):
            block = x[i, k * per:(k + 1) * per]
            norm = (block - block.mean()) / np.sqrt(block.var() + EPS)
            for j in range(per):
                ch = k * per + j
                y[i, ch] = norm[j] * w[ch] + b[ch]
    return y


def _randomise(module, rng):
    with ag.no_grad():
        for p in module.parameters():
            p.copy_(ag.tensor(rng.standard_normal(p.shape)))
    return module


@pytest.mark.parametrize("cls,shape", [(BatchNorm1d, (5, 3)), (BatchNorm1d, (4, 3, 6)),
                                       (BatchNorm2d, (4, 3, 5, 2))])
def test_batchnorm_forward_matches_loops(cls, shape, device) -> None:
    rng = np.random.default_rng(0)
    m = _randomise(cls(3, dtype=ag.float64), rng).to(device)
    x = rng.standard_normal(shape) * 3 + 1
    y = m(ag.tensor(x, device=device))
    w, b = _host(m.weight), _host(m.bias)
    np.testing.assert_allclose(_host(y), _bn_loop(x, w, b), atol=1e-10)
    # running statistics: (1 - 0.1) * init + 0.1 * batch (unbiased variance)
    axes = (0,) + tuple(range(2, x.ndim))
    np.testing.assert_allclose(_host(m.running_mean), 0.1 * x.mean(axes), atol=1e-12)
    np.testing.assert_allclose(_host(m.running_var), 0.9 + 0.1 * x.var(axes, ddof=1),
                               atol=1e-12)
    assert int(m.num_batches_tracked.item()) == 1
    m.eval()
    y = m(ag.tensor(x, device=device))
    np.testing.assert_allclose(_host(y), _bn_loop(x, w, b, _host(m.running_mean),
                                                  _host(m.running_var)), atol=1e-10)


def test_layernorm_groupnorm_forward_matches_loops(device) -> None:
    rng = np.random.default_rng(1)
    ln = _randomise(LayerNorm((3, 4), dtype=ag.float64), rng).to(device)
    x = rng.standard_normal((2, 5, 3, 4)) * 2 - 1
    np.testing.assert_allclose(_host(ln(ag.tensor(x, device=device))),
                               _ln_loop(x, 2, _host(ln.weight), _host(ln.bias)), atol=1e-10)
    gn = _randomise(GroupNorm(2, 6, dtype=ag.float64), rng).to(device)
    x = rng.standard_normal((3, 6, 2, 2)) + 0.5
    np.testing.assert_allclose(_host(gn(ag.tensor(x, device=device))),
                               _gn_loop(x, 2, _host(gn.weight), _host(gn.bias)), atol=1e-10)


def test_defaults_and_state_dict_keys() -> None:
    m = BatchNorm2d(4)
    assert list(m.state_dict()) == ["weight", "bias", "running_mean", "running_var",
                                    "num_batches_tracked"]
    np.testing.assert_array_equal(_host(m.weight), np.ones(4))
    np.testing.assert_array_equal(_host(m.bias), np.zeros(4))
    np.testing.assert_array_equal(_host(m.running_mean), np.zeros(4))
    np.testing.assert_array_equal(_host(m.running_var), np.ones(4))
    assert m.num_batches_tracked.dtype == ag.int64 and m.weight.dtype == ag.float32
    m.double()
    assert m.num_batches_tracked.dtype == ag.int64 and m.running_mean.dtype == ag.float64
    assert list(BatchNorm1d(3, affine=False, track_running_stats=False).state_dict()) == []
    assert list(LayerNorm(3, bias=False).state_dict()) == ["weight"]
    assert list(GroupNorm(1, 2, affine=False).state_dict()) == []
    assert repr(BatchNorm1d(3)) == ("BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, "
                                    "bias=True, track_running_stats=True)")
    assert repr(LayerNorm(4)) == "LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)"
    assert repr(GroupNorm(2, 4)) == "GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)"


@pytest.mark.parametrize("momentum", [0.1, None])
@pytest.mark.parametrize("cls,shape", [(BatchNorm1d, (6, 3)), (BatchNorm1d, (4, 3, 5)),
                                       (BatchNorm2d, (4, 3, 3, 2))])
def test_running_statistics_match_torch(cls, shape, momentum) -> None:
    torch = torch_or_skip()
    rng = np.random.default_rng(2)
    ours = cls(3, momentum=momentum, dtype=ag.float64)
    theirs = getattr(torch.nn, cls.__name__)(3, momentum=momentum, dtype=torch.float64)
    for step in range(4):
        x = rng.standard_normal(shape) * (step + 1) + step
        y = ours(ag.tensor(x))
        ty = theirs(torch.tensor(x))
        np.testing.assert_allclose(_host(y), ty.detach().numpy(), atol=1e-10)
    for key, value in theirs.state_dict().items():
        np.testing.assert_allclose(_host(ours.state_dict()[key]), value.numpy(), atol=1e-12,
                                   err_msg=key)
    assert int(ours.num_batches_tracked.item()) == 4


def test_running_buffers_bump_version_and_stay_off_the_tape() -> None:
    m = BatchNorm1d(2)
    v0 = m.running_mean._version, m.running_var._version
    x = ag.randn(4, 2, requires_grad=True)
    with ag.Tape() as tape:
        m(x).sum().backward()
    assert m.running_mean._version > v0[0] and m.running_var._version > v0[1]
    assert not m.running_mean.requires_grad and m.running_mean.grad is None
    assert len(tape) == 2  # the normalisation and the sum


def test_eval_mode_is_deterministic_and_leaves_buffers_alone() -> None:
    rng = np.random.default_rng(3)
    m = BatchNorm2d(3)
    for _ in range(2):
        m(ag.tensor(rng.standard_normal((4, 3, 2, 2)), dtype=ag.float32))
    m.eval()
    before = {k: _host(v).copy() for k, v in m.state_dict().items()}
    x = ag.tensor(rng.standard_normal((1, 3, 2, 2)), dtype=ag.float32)  # one sample is fine
    y1, y2 = _host(m(x)), _host(m(x))
    np.testing.assert_array_equal(y1, y2)
    for k, v in m.state_dict().items():
        np.testing.assert_array_equal(_host(v), before[k], err_msg=k)
    # the output of one sample does not depend on the rest of the batch
    xb = ag.cat([x, ag.tensor(rng.standard_normal((2, 3, 2, 2)), dtype=ag.float32)])
    np.testing.assert_allclose(_host(m(xb))[:1], y1, atol=1e-6)


def test_no_running_stats_uses_batch_statistics_in_eval() -> None:
    rng = np.random.default_rng(4)
    m = BatchNorm1d(3, track_running_stats=False, affine=False).eval()
    assert m.running_mean is None and m.num_batches_tracked is None
    x = rng.standard_normal((5, 3))
    np.testing.assert_allclose(_host(m(ag.tensor(x))), _bn_loop(x, np.ones(3), np.zeros(3)),
                               atol=1e-6)


@pytest.mark.parametrize("train", [True, False])
def test_matches_torch_with_copied_state(train) -> None:
    torch = torch_or_skip()
    rng = np.random.default_rng(5)
    x = rng.standard_normal((4, 3, 5, 5))
    cases = [
        (BatchNorm2d(3, dtype=ag.float64), torch.nn.BatchNorm2d(3, dtype=torch.float64), x),
        (BatchNorm1d(3, dtype=ag.float64), torch.nn.BatchNorm1d(3, dtype=torch.float64),
         x[:, :, 0]),
        (LayerNorm((5, 5), dtype=ag.float64), torch.nn.LayerNorm((5, 5), dtype=torch.float64),
         x),
        (GroupNorm(3, 3, dtype=ag.float64), torch.nn.GroupNorm(3, 3, dtype=torch.float64), x),
    ]
    for ours, theirs, inp in cases:
        with torch.no_grad():
            for p in theirs.parameters():
                p.copy_(torch.randn(p.shape, dtype=torch.float64))
            if isinstance(theirs, torch.nn.modules.batchnorm._BatchNorm):
                theirs.running_mean.copy_(torch.randn(3, dtype=torch.float64))
                theirs.running_var.copy_(torch.rand(3, dtype=torch.float64) + 0.5)
                theirs.num_batches_tracked.fill_(7)
        ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
        ours.train(train)
        theirs.train(train)
        xa = ag.tensor(inp, requires_grad=True)
        xt = torch.tensor(inp, requires_grad=True)
        y, ty = ours(xa), theirs(xt)
        np.testing.assert_allclose(_host(y), ty.detach().numpy(), atol=1e-10)
        g = rng.standard_normal(inp.shape)
        y.backward(ag.tensor(g))
        ty.backward(torch.tensor(g))
        name = type(ours).__name__
        np.testing.assert_allclose(_host(xa.grad), xt.grad.numpy(), atol=1e-9, err_msg=name)
        for (k, p), tp in zip(ours.named_parameters(), theirs.parameters()):
            np.testing.assert_allclose(_host(p.grad), tp.grad.numpy(), atol=1e-9,
                                       err_msg=f"{name}.{k}")
        for k, v in theirs.state_dict().items():
            np.testing.assert_allclose(_host(ours.state_dict()[k]), v.numpy(), atol=1e-12,
                                       err_msg=f"{name}.{k}")


def _params(rng, *shapes):
    return [ag.tensor(rng.uniform(-1.5, 1.5, s), requires_grad=True) for s in shapes]


@pytest.mark.parametrize("name", ["bn_train", "bn_eval", "layer_norm", "group_norm"])
def test_gradcheck_and_gradgradcheck(name, device) -> None:
    rng = np.random.default_rng(6)
    if name == "layer_norm":
        inputs = _params(rng, (3, 2, 4), (2, 4), (2, 4))

        def fn(x, w, b):
            return layer_norm(x, (2, 4), w, b)
    else:
        inputs = _params(rng, (3, 4, 2, 2), (4,), (4,))
        rm = ag.tensor(rng.standard_normal(4))
        rv = ag.tensor(rng.uniform(0.5, 2, 4))

        def fn(x, w, b):
            if name == "group_norm":
                return group_norm(x, 2, w, b)
            if name == "bn_eval":
                return batch_norm(x, rm.to(device), rv.to(device), w, b)
            return batch_norm(x, None, None, w, b, training=True)
    inputs = [ag.tensor(_host(t), device=device, requires_grad=True) for t in inputs]
    assert ag.gradcheck(fn, inputs)
    assert ag.gradgradcheck(fn, inputs)


def test_float32_stays_float32(device) -> None:
    x = ag.randn(4, 3, 2, dtype=ag.float32, device=device)
    for m in (BatchNorm1d(3), LayerNorm(2), GroupNorm(3, 3)):
        assert m.to(device)(x).dtype == ag.float32


def test_functional_forms_are_exported() -> None:
    # the public names are the ops themselves, behind the non-Tensor argument check
    assert inspect.unwrap(nn.functional.batch_norm) is batch_norm
    assert inspect.unwrap(nn.functional.layer_norm) is layer_norm
    assert inspect.unwrap(nn.functional.group_norm) is group_norm
    assert nn.BatchNorm2d is BatchNorm2d and nn.GroupNorm is GroupNorm


# -- errors ------------------------------------------------------------------------------------


def test_errors() -> None:
    with pytest.raises(ValueError, match=r"Expected more than 1 value per channel when "
                                         r"training, got input size \[1, 3\]"):
        BatchNorm1d(3)(ag.zeros(1, 3))
    with pytest.raises(RuntimeError, match=r"BatchNorm2d\(3.*3 channels.*\[2, 4, 2, 2\]"):
        BatchNorm2d(3)(ag.zeros(2, 4, 2, 2))
    with pytest.raises(ValueError, match=r"BatchNorm2d\(3.*expected 4D input \(got 3D"):
        BatchNorm2d(3)(ag.zeros(2, 3, 2))
    with pytest.raises(ValueError, match=r"BatchNorm1d\(3.*expected 2D or 3D input \(got 4D"):
        BatchNorm1d(3)(ag.zeros(2, 3, 2, 2))
    with pytest.raises(ValueError, match="divisible by num_groups"):
        GroupNorm(4, 6)
    with pytest.raises(RuntimeError, match=r"divisible by num_groups.*\[2, 6, 3\].*=4"):
        group_norm(ag.zeros(2, 6, 3), 4)
    with pytest.raises(RuntimeError, match=r"GroupNorm\(2, 4.*\[N, 4, \*\].*\[2, 6\]"):
        GroupNorm(2, 4)(ag.zeros(2, 6))
    with pytest.raises(RuntimeError, match=r"LayerNorm\(\(4,\).*\[\*, 4\].*\[2, 3\]"):
        LayerNorm(4)(ag.zeros(2, 3))
    with pytest.raises(RuntimeError, match=r"normalized_shape=\[3\].*\[2, 4\]"):
        layer_norm(ag.zeros(2, 4), 3)
    with pytest.raises(RuntimeError, match="running_mean should contain 3 elements not 2"):
        batch_norm(ag.zeros(2, 3), ag.zeros(2), ag.ones(3), training=True)
    with pytest.raises(RuntimeError, match=r"weight of shape \[3\], got \[4\]"):
        batch_norm(ag.zeros(2, 3), None, None, ag.ones(4), training=True)


def test_cumulative_average_counts_batches_like_torch(device):
    # momentum=None: each step weighs the batch by 1 / batches seen, also after a reload of
    # num_batches_tracked (the module counts on the host and must notice the change)
    torch = torch_or_skip()
    rng = np.random.default_rng(3)
    ours = BatchNorm1d(4, momentum=None).to(device)
    theirs = torch.nn.BatchNorm1d(4, momentum=None)
    batches = [rng.normal(size=(6, 4)) for _ in range(5)]
    for k, b in enumerate(batches):
        if k == 3:
            ours.num_batches_tracked.fill_(10)
            with torch.no_grad():
                theirs.num_batches_tracked.fill_(10)
        ours(ag.tensor(b, dtype=ag.float32, device=device))
        theirs(torch.tensor(b, dtype=torch.float32))
    np.testing.assert_allclose(ours.running_mean.numpy(force=True),
                               theirs.running_mean.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours.running_var.numpy(force=True),
                               theirs.running_var.numpy(), rtol=1e-5, atol=1e-6)
    assert int(ours.num_batches_tracked.item()) == int(theirs.num_batches_tracked) == 12


def test_instance_norm_without_bias_matches_torch():
    torch = torch_or_skip()
    ours = nn.InstanceNorm1d(3, affine=True, bias=False)
    theirs = torch.nn.InstanceNorm1d(3, affine=True, bias=False)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert ours.bias is None and repr(ours) == repr(theirs)
