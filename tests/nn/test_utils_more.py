"""nn.utils fusion (conv/linear + BatchNorm), skip_init, the hook-based spectral_norm,
clip_grad_norm and nn.init.sparse_, against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn import utils
from tests.conftest import torch_or_skip


def _copy(ours: nn.Module, theirs) -> None:
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})


def _bn_pair(torch, ours_cls, theirs_cls, n):
    ours, theirs = ours_cls(n).double(), theirs_cls(n).double()
    with torch.no_grad():
        g = torch.Generator().manual_seed(0)
        for t in theirs.state_dict().values():
            if t.is_floating_point():
                t.copy_(torch.rand(t.shape, generator=g, dtype=t.dtype) + 0.5)
    _copy(ours, theirs)
    return ours.eval(), theirs.eval()


@pytest.mark.parametrize("kind", ["conv2d", "conv1d_nobias", "convtranspose2d"])
def test_fuse_conv_bn_eval_matches_torch(kind) -> None:
    torch = torch_or_skip()
    if kind == "conv2d":
        pair = nn.Conv2d(3, 4, 3).double(), torch.nn.Conv2d(3, 4, 3).double()
        bn = _bn_pair(torch, nn.BatchNorm2d, torch.nn.BatchNorm2d, 4)
        x = np.random.default_rng(0).standard_normal((2, 3, 6, 6))
    elif kind == "conv1d_nobias":
        pair = (nn.Conv1d(3, 4, 3, bias=False).double(),
                torch.nn.Conv1d(3, 4, 3, bias=False).double())
        bn = _bn_pair(torch, nn.BatchNorm1d, torch.nn.BatchNorm1d, 4)
        x = np.random.default_rng(0).standard_normal((2, 3, 7))
    else:
        pair = nn.ConvTranspose2d(3, 4, 2).double(), torch.nn.ConvTranspose2d(3, 4, 2).double()
        bn = _bn_pair(torch, nn.BatchNorm2d, torch.nn.BatchNorm2d, 4)
        x = np.random.default_rng(0).standard_normal((2, 3, 5, 5))
    _copy(pair[0], pair[1])
    pair[0].eval()
    pair[1].eval()
    transpose = kind == "convtranspose2d"
    ours = utils.fuse_conv_bn_eval(pair[0], bn[0], transpose=transpose)
    theirs = torch.nn.utils.fuse_conv_bn_eval(pair[1], bn[1], transpose=transpose)
    assert ours is not pair[0] and ours.weight is not pair[0].weight
    assert isinstance(ours.weight, nn.Parameter) and ours.weight.requires_grad
    for k, v in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[k].numpy(), v.numpy(), rtol=1e-12)
    expected = bn[0](pair[0](ag.tensor(x))).detach().numpy()
    np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(), expected, atol=1e-12)


def test_fuse_linear_bn_eval_and_weights_match_torch() -> None:
    torch = torch_or_skip()
    lin, tlin = nn.Linear(3, 4).double(), torch.nn.Linear(3, 4).double()
    _copy(lin, tlin)
    lin.eval()
    tlin.eval()
    bn, tbn = _bn_pair(torch, nn.BatchNorm1d, torch.nn.BatchNorm1d, 4)
    ours, theirs = utils.fuse_linear_bn_eval(lin, bn), torch.nn.utils.fuse_linear_bn_eval(tlin, tbn)
    for k, v in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[k].numpy(), v.numpy(), rtol=1e-12)
    w, b = utils.fuse_linear_bn_weights(lin.weight, None, bn.running_mean, bn.running_var,
                                        bn.eps, bn.weight, bn.bias)
    tw, tb = torch.nn.utils.fuse_linear_bn_weights(tlin.weight, None, tbn.running_mean,
                                                   tbn.running_var, tbn.eps, tbn.weight,
                                                   tbn.bias)
    np.testing.assert_allclose(w.detach().numpy(), tw.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(b.detach().numpy(), tb.detach().numpy(), rtol=1e-12)
    assert b.requires_grad == tb.requires_grad
    cw, cb = utils.fuse_conv_bn_weights(lin.weight, lin.bias, bn.running_mean, bn.running_var,
                                        bn.eps, None, None)
    tcw, tcb = torch.nn.utils.fuse_conv_bn_weights(tlin.weight, tlin.bias, tbn.running_mean,
                                                   tbn.running_var, tbn.eps, None, None)
    np.testing.assert_allclose(cw.detach().numpy(), tcw.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(cb.detach().numpy(), tcb.detach().numpy(), rtol=1e-12)


def test_fusion_errors_as_torch() -> None:
    torch = torch_or_skip()
    with pytest.raises(AssertionError, match="Fusion only for eval"):
        utils.fuse_linear_bn_eval(nn.Linear(2, 2), nn.BatchNorm1d(2).eval())
    with pytest.raises(AssertionError, match="Fusion only for eval"):
        torch.nn.utils.fuse_linear_bn_eval(torch.nn.Linear(2, 2),
                                           torch.nn.BatchNorm1d(2).eval())
    with pytest.raises(AssertionError, match="Fusion only for eval"):
        utils.fuse_conv_bn_eval(nn.Conv2d(2, 2, 1).eval(), nn.BatchNorm2d(2))
    with pytest.raises(AssertionError, match="linear.out_features == bn.num_features"):
        utils.fuse_linear_bn_eval(nn.Linear(2, 3).eval(), nn.BatchNorm1d(2).eval())
    with pytest.raises(AssertionError, match="linear.out_features == bn.num_features"):
        torch.nn.utils.fuse_linear_bn_eval(torch.nn.Linear(2, 3).eval(),
                                           torch.nn.BatchNorm1d(2).eval())
    with pytest.raises(AssertionError, match="must not be None"):
        utils.fuse_linear_bn_eval(nn.Linear(2, 2).eval(),
                                  nn.BatchNorm1d(2, track_running_stats=False).eval())


def test_skip_init_leaves_the_random_stream_and_keeps_shapes() -> None:
    torch = torch_or_skip()
    ag.manual_seed(0)
    m = utils.skip_init(nn.Linear, 5, 3, dtype=ag.float64)
    after_skip = nn.Linear(2, 2).weight.detach().numpy()
    ag.manual_seed(0)
    plain = nn.Linear(2, 2).weight.detach().numpy()
    np.testing.assert_array_equal(after_skip, plain)
    t = torch.nn.utils.skip_init(torch.nn.Linear, 5, 3, dtype=torch.float64)
    assert [(k, tuple(v.shape)) for k, v in m.state_dict().items()] == \
        [(k, tuple(v.shape)) for k, v in t.state_dict().items()]
    assert m.weight.dtype == ag.float64 and isinstance(m.weight, nn.Parameter)
    assert str(m.weight.device) == "cpu"

    class NoDevice(nn.Module):
        def __init__(self, n):
            super().__init__()

    with pytest.raises(RuntimeError, match="must support a 'device' arg"):
        utils.skip_init(NoDevice, 2)
    with pytest.raises(RuntimeError, match="Expected a Module"):
        utils.skip_init(int, 2)


def _sn_pair(torch, **kwargs):
    ours, theirs = nn.Linear(5, 4).double(), torch.nn.Linear(5, 4).double()
    _copy(ours, theirs)
    torch.nn.utils.spectral_norm(theirs, **kwargs)
    utils.spectral_norm(ours, **kwargs)
    _copy(ours, theirs)  # the same starting u and v
    return ours, theirs


def test_spectral_norm_hooks_match_torch() -> None:
    torch = torch_or_skip()
    ours, theirs = _sn_pair(torch, n_power_iterations=2)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == \
        ["bias", "weight_orig", "weight_u", "weight_v"]
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    x = np.random.default_rng(1).standard_normal((3, 5))
    for _ in range(3):
        y, ty = ours(ag.tensor(x)), theirs(torch.tensor(x))
        np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), atol=1e-12)
    y.sum().backward()
    ty.sum().backward()
    np.testing.assert_allclose(ours.weight_orig.grad.numpy(), theirs.weight_orig.grad.numpy(),
                               atol=1e-12)
    np.testing.assert_allclose(ours.weight_u.numpy(), theirs.weight_u.numpy(), atol=1e-12)
    ours.eval()
    theirs.eval()
    u = ours.weight_u.numpy().copy()
    np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(),
                               theirs(torch.tensor(x)).detach().numpy(), atol=1e-12)
    np.testing.assert_array_equal(ours.weight_u.numpy(), u)  # no iteration in eval
    utils.remove_spectral_norm(ours)
    torch.nn.utils.remove_spectral_norm(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["bias", "weight"]
    np.testing.assert_allclose(ours.weight.detach().numpy(), theirs.weight.detach().numpy(),
                               atol=1e-12)
    assert isinstance(ours.weight, nn.Parameter)


def test_spectral_norm_hooks_on_a_transposed_conv_and_errors() -> None:
    torch = torch_or_skip()
    conv = utils.spectral_norm(nn.ConvTranspose2d(3, 5, 2))
    tconv = torch.nn.utils.spectral_norm(torch.nn.ConvTranspose2d(3, 5, 2))
    assert tuple(conv.weight_u.shape) == tuple(tconv.weight_u.shape) == (5,)
    assert tuple(conv.weight_v.shape) == tuple(tconv.weight_v.shape) == (12,)
    with pytest.raises(RuntimeError, match="Cannot register two spectral_norm hooks"):
        utils.spectral_norm(conv)
    with pytest.raises(RuntimeError, match="Cannot register two spectral_norm hooks"):
        torch.nn.utils.spectral_norm(tconv)
    with pytest.raises(ValueError, match="spectral_norm of 'bias' not found"):
        utils.remove_spectral_norm(conv, "bias")
    with pytest.raises(ValueError, match="spectral_norm of 'bias' not found"):
        torch.nn.utils.remove_spectral_norm(tconv, "bias")
    with pytest.raises(ValueError, match="Expected n_power_iterations to be positive"):
        utils.spectral_norm(nn.Linear(2, 2), n_power_iterations=0)
    with pytest.raises(ValueError, match="Expected n_power_iterations to be positive"):
        torch.nn.utils.spectral_norm(torch.nn.Linear(2, 2), n_power_iterations=0)


def test_clip_grad_norm_is_the_deprecated_name() -> None:
    torch = torch_or_skip()
    p = nn.Parameter(ag.ones(3))
    p.grad = ag.tensor([3.0, 4.0, 0.0])
    q = torch.nn.Parameter(torch.ones(3))
    q.grad = torch.tensor([3.0, 4.0, 0.0])
    with pytest.warns(FutureWarning, match="clip_grad_norm_"):
        total = utils.clip_grad_norm(p, 1.0)
    with pytest.warns(FutureWarning, match="clip_grad_norm_"):
        ttotal = torch.nn.utils.clip_grad_norm(q, 1.0)
    assert total.item() == pytest.approx(ttotal.item())
    np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-6)


def test_sparse_init_zeros_per_column_as_torch() -> None:
    torch = torch_or_skip()
    w = ag.empty(10, 6)
    assert nn.init.sparse_(w, 0.3, std=0.5) is w
    t = torch.nn.init.sparse_(torch.empty(10, 6), 0.3, std=0.5)
    ours_zeros = (w.numpy() == 0).sum(0)
    assert ours_zeros.tolist() == (t.numpy() == 0).sum(0).tolist() == [3] * 6
    ag.manual_seed(0)
    big = nn.init.sparse_(ag.empty(200, 200, dtype=ag.float64), 0.1, std=2.0).numpy()
    nonzero = big[big != 0]
    assert abs(nonzero.std() - 2.0) < 0.05 and abs(nonzero.mean()) < 0.05
    with pytest.raises(ValueError, match="sparse_"):
        nn.init.sparse_(ag.empty(3), 0.1)
    with pytest.raises(ValueError):
        torch.nn.init.sparse_(torch.empty(3), 0.1)
    g1, g2 = ag.Generator().manual_seed(3), ag.Generator().manual_seed(3)
    np.testing.assert_array_equal(nn.init.sparse_(ag.empty(4, 4), 0.5, generator=g1).numpy(),
                                  nn.init.sparse_(ag.empty(4, 4), 0.5, generator=g2).numpy())
