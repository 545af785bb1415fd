"""Convolution layers: forward against a direct-loop NumPy reference, PyTorch with copied
weights (values and gradients), parameters and init, repr, higher-order gradients, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import nn
from nn import functional as F
from tests.conftest import torch_or_skip


def _loop_conv2d(x, w, b, stride, padding, dilation, groups):
    """Direct loops over every output pixel (the plainest possible reference)."""
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    ho = (h + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    wo = (wd + 2 * padding - dilation * (kw - 1) - 1) // stride + 1
    og = o // groups
    y = np.zeros((n, o, ho, wo))
    for k in range(o):
        g = k // og
        for i in range(ho):
            for j in range(wo):
                patch = xp[:, g * cg:(g + 1) * cg,
                           i * stride:i * stride + dilation * (kh - 1) + 1:dilation,
                           j * stride:j * stride + dilation * (kw - 1) + 1:dilation]
                y[:, k, i, j] = (patch * w[k]).sum(axis=(1, 2, 3)) + b[k]
    return y


@pytest.mark.parametrize("stride,padding,dilation,groups", [
    (1, 0, 1, 1), (2, 1, 1, 1), (1, 2, 2, 1), (1, 1, 1, 2), (2, 1, 1, 4), (1, 0, 2, 4)])
def test_conv2d_layer_matches_loops(device, stride, padding, dilation, groups):
    ag.manual_seed(0)
    layer = nn.Conv2d(4, 8, 3, stride, padding, dilation, groups, device=device,
                      dtype=ag.float64)
    x = np.random.default_rng(1).standard_normal((2, 4, 7, 6))
    y = layer(ag.tensor(x, device=device))
    ref = _loop_conv2d(x, layer.weight.detach().cpu().numpy(), layer.bias.detach().cpu().numpy(),
                       stride, padding, dilation, groups)
    np.testing.assert_allclose(y.detach().cpu().numpy(), ref, atol=1e-12)


def _compare(torch, ours, theirs, shape, device="cpu", **call):
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    ours.to(device)
    x = np.random.default_rng(0).standard_normal(shape)
    xa = ag.tensor(x, device=device, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    ya, yt = ours(xa, **call), theirs(xt, **call)
    np.testing.assert_allclose(ya.detach().cpu().numpy(), yt.detach().numpy(), atol=1e-10)
    v = np.random.default_rng(1).standard_normal(tuple(yt.shape))
    (ya * ag.tensor(v, device=device)).sum().backward()
    (yt * torch.tensor(v)).sum().backward()
    np.testing.assert_allclose(xa.grad.cpu().numpy(), xt.grad.numpy(), atol=1e-10)
    tparams = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.cpu().numpy(), tparams[name].grad.numpy(), atol=1e-10,
                                   err_msg=name)


LAYERS = [
    ("Conv2d", (4, 6, 3), dict(padding=1), (2, 4, 6, 5), {}),
    ("Conv2d", (4, 6, (3, 2)), dict(stride=(2, 1), padding=(1, 0),
                                    dilation=(1, 2), groups=2, bias=False), (2, 4, 7, 6), {}),
    ("Conv2d", (4, 4, 3), dict(groups=4, padding="same"), (4, 6, 5), {}),
    ("Conv2d", (3, 5, 3), dict(padding=1, padding_mode="reflect"), (2, 3, 5, 5), {}),
    ("Conv2d", (3, 5, 2), dict(padding=1, padding_mode="circular", stride=2), (2, 3, 5, 5), {}),
    ("Conv1d", (4, 6, 3), dict(stride=2, padding=2, dilation=2, groups=2), (2, 4, 9), {}),
    ("Conv1d", (4, 6, 4), dict(padding="same", padding_mode="replicate"), (2, 4, 9), {}),
    ("ConvTranspose2d", (4, 6, 3), dict(stride=2, padding=1, output_padding=1), (2, 4, 3, 4), {}),
    ("ConvTranspose2d", (4, 6, 3), dict(stride=2, padding=1, groups=2, dilation=2),
     (2, 4, 3, 3), {"output_size": (8, 8)}),
    ("ConvTranspose1d", (4, 2, 3), dict(stride=3), (4, 5), {}),
]


@pytest.mark.parametrize("name,args,kwargs,shape,call", LAYERS)
def test_layers_match_torch(name, args, kwargs, shape, call, device):
    torch = torch_or_skip()
    theirs = getattr(torch.nn, name)(*args, **kwargs).double()
    ours = getattr(nn, name)(*args, **kwargs, dtype=ag.float64)
    _compare(torch, ours, theirs, shape, device, **call)
    assert repr(ours) == repr(theirs)


def test_parameters_and_default_init():
    layer = nn.Conv2d(6, 8, (3, 5), groups=2)
    assert [(k, tuple(v.shape)) for k, v in layer.named_parameters()] == [
        ("weight", (8, 3, 3, 5)), ("bias", (8,))]
    bound = 1 / math.sqrt(3 * 3 * 5)
    w, b = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.8 * bound
    assert np.abs(b).max() <= bound
    t = nn.ConvTranspose2d(6, 4, 2, groups=2, bias=False)
    assert tuple(t.weight.shape) == (6, 2, 2, 2) and t.bias is None
    assert layer.weight.dtype == ag.float32
    assert nn.Conv1d(2, 3, 3, dtype=ag.float64).weight.dtype == ag.float64


def test_second_order_gradients_match_torch():
    torch = torch_or_skip()
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((2, 4, 5, 5)), rng.standard_normal((4, 2, 3, 3))
    xa, wa = ag.tensor(x, requires_grad=True), ag.tensor(w, requires_grad=True)
    xt, wt = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    ya = F.conv2d(xa, wa, stride=2, padding=1, groups=2)
    yt = torch.nn.functional.conv2d(xt, wt, stride=2, padding=1, groups=2)
    (ga,) = ag.grad((ya ** 2).sum(), [xa], create_graph=True)
    (gt,) = torch.autograd.grad((yt ** 2).sum(), [xt], create_graph=True)
    (ga ** 2).sum().backward()
    (gt ** 2).sum().backward()
    np.testing.assert_allclose(wa.grad.numpy(), wt.grad.numpy(), rtol=1e-9)
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), rtol=1e-9, atol=1e-9)


def test_no_grad_forward_saves_nothing():
    x = ag.randn(2, 3, 6, 6, requires_grad=True)
    layer = nn.Conv2d(3, 4, 3)
    with ag.no_grad():
        y = layer(x)
    assert y.grad_fn is None and not y.requires_grad


@pytest.mark.parametrize("build,shape,match", [
    (lambda: nn.Conv2d(3, 4, 3), (2, 5, 8, 8), r"Conv2d\(3, 4.*3 channels, got 5"),
    (lambda: nn.Conv2d(3, 4, 3), (8, 8), r"Conv2d.*3-D \(unbatched\) or 4-D.*\[8, 8\]"),
    (lambda: nn.Conv2d(3, 4, 3), (1, 2, 3, 8, 8), r"Conv2d.*\[1, 2, 3, 8, 8\]"),
    (lambda: nn.Conv2d(3, 4, 5), (2, 3, 4, 8), r"Kernel size: \(5 x 5\).*can't be greater"),
    (lambda: nn.Conv1d(2, 4, 3), (2, 2, 3, 3), r"Conv1d.*2-D \(unbatched\) or 3-D"),
    (lambda: nn.ConvTranspose2d(4, 2, 3), (1, 3, 4, 4), r"ConvTranspose2d.*4 channels, got 3"),
])
def test_layer_errors(build, shape, match):
    with pytest.raises(RuntimeError, match=match):
        build()(ag.zeros(*shape))


def test_functional_errors():
    x = ag.zeros(2, 4, 6, 6)
    with pytest.raises(RuntimeError, match=r"groups=2.*expected input\[2, 4, 6, 6\] to have 6"):
        F.conv2d(x, ag.zeros(4, 3, 3, 3), groups=2)
    with pytest.raises(RuntimeError, match=r"divisible by 3 at dimension 0.*\[4, 2, 3, 3\]"):
        F.conv2d(ag.zeros(2, 6, 6, 6), ag.zeros(4, 2, 3, 3), groups=3)
    with pytest.raises(RuntimeError, match="not supported for strided"):
        F.conv2d(x, ag.zeros(3, 4, 3, 3), stride=2, padding="same")
    with pytest.raises(RuntimeError, match="4-dimensional weight"):
        F.conv2d(x, ag.zeros(3, 4, 3))
    with pytest.raises(RuntimeError, match="output padding must be smaller"):
        F.conv_transpose2d(x, ag.zeros(4, 3, 3, 3), stride=2, output_padding=2)
    with pytest.raises(RuntimeError, match="bias of shape"):
        F.conv2d(x, ag.zeros(3, 4, 3, 3), ag.zeros(4))
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.Conv2d(4, 6, 3, groups=4)
    with pytest.raises(ValueError, match="padding_mode"):
        nn.Conv2d(4, 6, 3, padding_mode="mirror")
