"""Memory formats against PyTorch: ``contiguous_format``, ``channels_last``,
``channels_last_3d``, ``preserve_format`` and the ``memory_format=`` keyword of
``contiguous``, ``is_contiguous``, ``clone``, ``to``, ``empty`` and the ``*_like`` factories,
``nn.Module.to``; the strides each gives, its values and gradients, and its errors.

Each geometry is built by the same calls on ``autograd`` and on ``torch`` (``m`` is either
module), and every answer is compared with PyTorch's.
"""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

import autograd as ag
import nn
from tests.conftest import CUDA_REASON, torch_or_skip

torch = torch_or_skip()  # the whole module compares with PyTorch

FORMATS = ("contiguous_format", "channels_last", "channels_last_3d", "preserve_format")


def _base(m, *shape):
    return m.arange(float(np.prod(shape)), dtype=m.float64).reshape(*shape)


# name -> a tensor built the same way on either module
GEOMETRIES = {
    "nchw": lambda m: _base(m, 2, 3, 4, 5),
    "nhwc": lambda m: _base(m, 2, 3, 4, 5).contiguous(memory_format=m.channels_last),
    "permuted": lambda m: _base(m, 2, 4, 5, 3).permute(0, 3, 1, 2),
    "permuted_other": lambda m: _base(m, 2, 3, 4, 5).permute(0, 2, 1, 3),
    "sliced_h": lambda m: _base(m, 2, 3, 4, 5)[:, :, ::2],
    "sliced_c": lambda m: _base(m, 2, 3, 4, 5)[:, 1:],
    "nhwc_sliced": lambda m: _base(m, 2, 3, 4, 5).contiguous(
        memory_format=m.channels_last)[:, :, ::2],
    "nhwc_sliced_c": lambda m: _base(m, 2, 4, 5, 3).permute(0, 3, 1, 2)[:, :2],
    "one_channel": lambda m: _base(m, 2, 1, 4, 5).contiguous(memory_format=m.channels_last),
    "n111": lambda m: _base(m, 3, 1, 1, 1),
    "spatial_1x1": lambda m: _base(m, 2, 3, 1, 1).contiguous(memory_format=m.channels_last),
    "ncdhw": lambda m: _base(m, 2, 3, 2, 3, 4),
    "ndhwc": lambda m: _base(m, 2, 3, 2, 3, 4).contiguous(memory_format=m.channels_last_3d),
    "ndhwc_sliced": lambda m: _base(m, 2, 2, 3, 4, 3).permute(0, 4, 1, 2, 3)[:, :, :, ::2],
    "3d": lambda m: _base(m, 2, 3, 4),
    "transposed": lambda m: _base(m, 4, 5).t(),
    "sliced_2d": lambda m: _base(m, 4, 6)[:, ::2],
    "expanded": lambda m: _base(m, 1, 3, 1, 5).expand(2, 3, 4, 5),
    "vector": lambda m: _base(m, 6),
    "scalar": lambda m: m.tensor(2.0, dtype=m.float64),
}


def _fmt(m, name):
    return getattr(m, name)


def _outcome(fn):
    """What a call gives, in comparable terms: (strides, values) or the exception's type."""
    try:
        out = fn()
    except (RuntimeError, TypeError, ValueError) as exc:
        return type(exc)
    if not hasattr(out, "detach"):
        return out
    return tuple(out.shape), out.stride(), out.detach().cpu().numpy().tolist()


def _both(name, fn, device="cpu"):
    ours = _outcome(lambda: fn(ag, GEOMETRIES[name](ag).to(device)))
    theirs = _outcome(lambda: fn(torch, GEOMETRIES[name](torch)))
    return ours, theirs


def test_objects_print_like_torch_under_this_package_name():
    for name in FORMATS:
        ours, theirs = getattr(ag, name), getattr(torch, name)
        assert isinstance(ours, ag.memory_format)
        assert repr(ours) == repr(theirs).replace("torch.", "autograd.") == f"autograd.{name}"
        assert str(ours) == str(theirs).replace("torch.", "autograd.")
    assert repr(ag.strided).startswith("autograd.")  # the same naming as the layout object
    assert len({id(getattr(ag, n)) for n in FORMATS}) == 4
    for name in FORMATS:  # singletons through pickle and copy, as PyTorch's
        fmt = getattr(ag, name)
        assert pickle.loads(pickle.dumps(fmt)) is fmt
        assert copy.deepcopy(fmt) is fmt


@pytest.mark.parametrize("name", sorted(GEOMETRIES))
def test_geometry_strides_and_contiguity(name):
    ours, theirs = _both(name, lambda m, x: (x.stride(), x.is_contiguous(), *[
        x.is_contiguous(memory_format=_fmt(m, f)) for f in FORMATS]))
    assert ours == theirs


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(GEOMETRIES))
def test_contiguous_in_format(name, fmt):
    ours, theirs = _both(name, lambda m, x: x.contiguous(memory_format=_fmt(m, fmt)))
    assert ours == theirs
    # and whether the input itself comes back
    ours, theirs = _both(name, lambda m, x: x.contiguous(memory_format=_fmt(m, fmt)) is x)
    assert ours == theirs


@pytest.mark.parametrize("fmt", (None, *FORMATS))
@pytest.mark.parametrize("name", sorted(GEOMETRIES))
def test_clone_in_format(name, fmt):
    kw = (lambda m: {}) if fmt is None else (lambda m: {"memory_format": _fmt(m, fmt)})
    ours, theirs = _both(name, lambda m, x: x.clone(**kw(m)))
    assert ours == theirs
    ours, theirs = _both(name, lambda m, x: m.clone(x, **kw(m)))
    assert ours == theirs


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(GEOMETRIES))
def test_to_in_format(name, fmt):
    ours, theirs = _both(name, lambda m, x: x.to(memory_format=_fmt(m, fmt)))
    assert ours == theirs
    ours, theirs = _both(name, lambda m, x: x.to(memory_format=_fmt(m, fmt)) is x)
    assert ours == theirs
    ours, theirs = _both(name, lambda m, x: x.to(m.float32, memory_format=_fmt(m, fmt)))
    assert ours == theirs
    ours, theirs = _both(name, lambda m, x: x.to(memory_format=_fmt(m, fmt), copy=True) is x)
    assert ours == theirs


LIKES = {
    "empty_like": lambda m, x, **kw: m.empty_like(x, **kw),
    "zeros_like": lambda m, x, **kw: m.zeros_like(x, **kw),
    "ones_like": lambda m, x, **kw: m.ones_like(x, **kw),
    "full_like": lambda m, x, **kw: m.full_like(x, 7.0, **kw),
    "rand_like": lambda m, x, **kw: m.rand_like(x, **kw),
    "randn_like": lambda m, x, **kw: m.randn_like(x, **kw),
    "randint_like": lambda m, x, **kw: m.randint_like(x, 5, **kw),
}
_RANDOM = ("empty_like", "rand_like", "randn_like", "randint_like")


@pytest.mark.parametrize("fmt", (None, *FORMATS))
@pytest.mark.parametrize("name", sorted(GEOMETRIES))
@pytest.mark.parametrize("like", sorted(LIKES))
def test_like_factories_in_format(like, name, fmt):
    kw = (lambda m: {}) if fmt is None else (lambda m: {"memory_format": _fmt(m, fmt)})

    def fn(m, x):
        out = LIKES[like](m, x, **kw(m))
        if like in _RANDOM:  # values differ by generator: compare geometry and dtype
            return tuple(out.shape), out.stride(), str(out.dtype).split(".")[-1]
        return out
    ours, theirs = _both(name, fn)
    assert ours == theirs


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (2, 3, 2, 3, 4), (2, 3), (2, 0, 3, 4)])
def test_empty_in_format(shape, fmt):
    def fn(m):
        out = m.empty(*shape, memory_format=_fmt(m, fmt))
        # an empty row-major array's strides are NumPy's (what every empty tensor here has)
        strides = None if 0 in shape and fmt == "contiguous_format" else out.stride()
        return tuple(out.shape), strides, out.is_contiguous(
            memory_format=_fmt(m, fmt)) if fmt != "preserve_format" else None
    assert _outcome(lambda: fn(ag)) == _outcome(lambda: fn(torch))


def test_errors_match_torch():
    x3 = ag.zeros(2, 3, 4)
    with pytest.raises(RuntimeError, match="required rank 4 tensor to use channels_last format"):
        x3.contiguous(memory_format=ag.channels_last)
    with pytest.raises(RuntimeError, match="required rank 5 tensor to use channels_last_3d"):
        ag.zeros(2, 3, 4, 5).contiguous(memory_format=ag.channels_last_3d)
    with pytest.raises(RuntimeError, match="required rank 4 tensor to use channels_last format"):
        ag.empty(2, 3, memory_format=ag.channels_last)
    with pytest.raises(RuntimeError, match="preserve memory format is unsupported"):
        ag.zeros(2, 3, 4).permute(2, 1, 0).contiguous(memory_format=ag.preserve_format)
    with pytest.raises(RuntimeError, match="unsupported memory format Preserve"):
        ag.empty(2, 3, memory_format=ag.preserve_format)
    for call in (lambda m, x: x.contiguous(memory_format="channels_last"),
                 lambda m, x: x.clone(memory_format="channels_last"),
                 lambda m, x: x.is_contiguous(memory_format=1),
                 lambda m, x: m.zeros_like(x, memory_format="x"),
                 lambda m, x: x.to(memory_format="x")):
        for m in (ag, torch):
            with pytest.raises(TypeError, match="memory_format"):
                call(m, m.zeros(2, 3, 4, 5).permute(0, 2, 3, 1))
    with pytest.raises(TypeError, match="contiguous.*must be torch.memory_format, not str"):
        x3.contiguous(memory_format="channels_last")


@pytest.mark.parametrize("make", [
    lambda m, d: _base(m, 2, 3, 4, 5).to(d),
    lambda m, d: _base(m, 2, 4, 5, 3).to(d).permute(0, 3, 1, 2)[:, :, 1:],
], ids=["nchw", "nhwc_sliced"])
def test_gradcheck_format_changes(device, make):
    rng = np.random.default_rng(0)
    data = rng.standard_normal(tuple(make(ag, "cpu").shape))

    def leaf():
        return ag.tensor(data, dtype=ag.float64, device=device, requires_grad=True)

    for fn in (lambda x: x.contiguous(memory_format=ag.channels_last) * 2,
               lambda x: x.clone(memory_format=ag.channels_last).sin(),
               lambda x: x.permute(0, 2, 3, 1).clone().permute(0, 3, 1, 2).exp(),
               lambda x: ag.clone(x[:, :, ::2], memory_format=ag.preserve_format).cos(),
               lambda x: x.to(memory_format=ag.channels_last).tanh(),
               lambda x: x.contiguous(memory_format=ag.channels_last).contiguous() ** 2):
        assert ag.gradcheck(fn, (leaf(),))
        assert ag.gradgradcheck(fn, (leaf(),))


@pytest.mark.parametrize("other", ["nchw", "nhwc"])
def test_gradient_layout_of_a_leaf(device, other):
    """The gradient of a leaf through a layout change has the leaf's strides, as PyTorch's
    layout contract gives it, whatever layout the gradient from above has."""
    data = np.random.default_rng(1).standard_normal((2, 3, 4, 5))
    results = {}
    for m, dev in ((ag, device), (torch, "cpu")):
        x = m.tensor(data, device=dev, requires_grad=True)
        w = m.tensor(data[::-1].copy(), device=dev)
        if other == "nhwc":
            w = w.contiguous(memory_format=m.channels_last)
        (x.contiguous(memory_format=m.channels_last) * w).sum().backward()
        results[m] = (x.grad.stride(), x.grad.cpu().numpy().tolist())
    assert results[ag] == results[torch]


def _net(m):
    mnn = nn if m is ag else torch.nn
    return mnn.Sequential(
        mnn.Conv2d(3, 4, 3, padding=1), mnn.BatchNorm2d(4), mnn.ReLU(),
        mnn.MaxPool2d(2), mnn.Conv2d(4, 6, 3, stride=1, groups=2), mnn.GroupNorm(2, 6),
        mnn.AvgPool2d(2, ceil_mode=True), mnn.ConvTranspose2d(6, 2, 2, stride=2),
        mnn.AdaptiveAvgPool2d((3, 2)), mnn.Flatten(), mnn.Linear(12, 5))


def _load(ours, theirs):
    state = {k: ag.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)


def test_module_to_channels_last_conv_net(device):
    tnet = _net(torch).double()
    data = np.random.default_rng(2).standard_normal((2, 3, 8, 9))
    outputs = {}
    for fmt in ("contiguous_format", "channels_last"):
        net = _net(ag).double()
        _load(net, tnet)
        net.to(device)
        ret = net.to(memory_format=getattr(ag, fmt))
        assert ret is net
        for p in net.parameters():
            assert p.is_contiguous(memory_format=getattr(ag, fmt)) or p.ndim != 4
        x = ag.tensor(data, device=device).contiguous(memory_format=getattr(ag, fmt))
        x.requires_grad_()
        y = net(x)
        y.square().sum().backward()
        outputs[fmt] = (y.detach().cpu().numpy(), x.grad.cpu().numpy(),
                        [p.grad.cpu().numpy() for p in net.parameters()])
    tnet = tnet.to(memory_format=torch.channels_last)
    tx = torch.tensor(data).contiguous(memory_format=torch.channels_last).requires_grad_()
    ty = tnet(tx)
    ty.square().sum().backward()
    expected = (ty.detach().numpy(), tx.grad.numpy(), [p.grad.numpy() for p in tnet.parameters()])
    for got in outputs.values():
        np.testing.assert_allclose(got[0], expected[0], rtol=1e-10, atol=1e-10)
        np.testing.assert_allclose(got[1], expected[1], rtol=1e-9, atol=1e-9)
        for a, b in zip(got[2], expected[2]):
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9)


def test_module_to_memory_format_strides_and_errors():
    for fmt in ("channels_last", "contiguous_format", "preserve_format"):
        ours = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Linear(3, 2), nn.BatchNorm2d(4))
        theirs = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.Linear(3, 2),
                                     torch.nn.BatchNorm2d(4))
        ours.to(memory_format=getattr(ag, fmt))
        theirs.to(memory_format=getattr(torch, fmt))
        assert [p.stride() for p in ours.parameters()] == [
            p.stride() for p in theirs.parameters()]
    for m, mnn in ((ag, nn), (torch, torch.nn)):
        with pytest.raises(RuntimeError, match="required rank 4 tensor to use channels_last"):
            mnn.Conv3d(1, 1, 1).to(memory_format=m.channels_last)
        with pytest.raises(RuntimeError, match="required rank 5 tensor"):
            mnn.Conv2d(1, 1, 1).to(memory_format=m.channels_last_3d)
        with pytest.raises(TypeError, match="memory_format"):
            mnn.Conv2d(1, 1, 1).to(memory_format="channels_last")
        with pytest.raises(ValueError, match="uninitialized parameter"):
            mnn.LazyConv2d(4, 3).to(memory_format=m.channels_last)
    lazy = nn.LazyConv2d(4, 3)
    lazy(ag.zeros(1, 3, 5, 5))
    assert lazy.to(memory_format=ag.channels_last).weight.stride() == (27, 1, 9, 3)


def test_channels_last_keeps_its_layout_across_devices(device):
    x = _base(ag, 2, 3, 4, 5).contiguous(memory_format=ag.channels_last)
    y = x.to(device)
    assert y.stride() == (60, 1, 15, 3)
    assert y.cpu().stride() == (60, 1, 15, 3)
    assert ag.equal(y.cpu(), x)


@pytest.mark.parametrize("layer", ["conv", "conv_t", "maxpool", "avgpool", "batchnorm",
                                   "groupnorm", "instancenorm", "adaptive", "interpolate"])
def test_layers_on_channels_last_inputs(device, layer):
    """Values and gradients of the conv, pooling and norm layers on a channels_last input
    equal PyTorch's (which runs its channels-last kernels)."""
    make = {
        "conv": lambda mnn: mnn.Conv2d(3, 4, 3, padding=1, stride=2),
        "conv_t": lambda mnn: mnn.ConvTranspose2d(3, 2, 3, stride=2),
        "maxpool": lambda mnn: mnn.MaxPool2d(2, stride=1),
        "avgpool": lambda mnn: mnn.AvgPool2d(3, stride=2, padding=1),
        "batchnorm": lambda mnn: mnn.BatchNorm2d(3),
        "groupnorm": lambda mnn: mnn.GroupNorm(3, 3),
        "instancenorm": lambda mnn: mnn.InstanceNorm2d(3, affine=True),
        "adaptive": lambda mnn: mnn.AdaptiveMaxPool2d((2, 3)),
        "interpolate": lambda mnn: mnn.Upsample(scale_factor=2, mode="bilinear"),
    }[layer]
    torch.manual_seed(0)
    tmod = make(torch.nn).double()
    mod = make(nn).double()
    _load(mod, tmod)
    mod.to(device)
    data = np.random.default_rng(3).standard_normal((2, 3, 6, 7))
    x = ag.tensor(data, device=device).contiguous(memory_format=ag.channels_last)
    x.requires_grad_()
    tx = torch.tensor(data).contiguous(memory_format=torch.channels_last).requires_grad_()
    y, ty = mod(x), tmod(tx)
    gy = np.random.default_rng(4).standard_normal(tuple(ty.shape))
    y.backward(ag.tensor(gy, device=device).contiguous(memory_format=ag.channels_last))
    ty.backward(torch.tensor(gy).contiguous(memory_format=torch.channels_last))
    np.testing.assert_allclose(y.detach().cpu().numpy(), ty.detach().numpy(), rtol=1e-10,
                               atol=1e-10)
    np.testing.assert_allclose(x.grad.cpu().numpy(), tx.grad.numpy(), rtol=1e-9, atol=1e-9)
    for p, tp in zip(mod.parameters(), tmod.parameters()):
        np.testing.assert_allclose(p.grad.cpu().numpy(), tp.grad.numpy(), rtol=1e-9, atol=1e-9)
    assert ag.gradcheck(lambda t: mod(t.contiguous(memory_format=ag.channels_last)),
                        (ag.tensor(data[:1, :, :5, :5], device=device, requires_grad=True),))


@pytest.mark.parametrize("opt", ["SGD", "Adam"])
def test_optimizer_steps_on_channels_last_parameters(device, opt):
    """Parameters laid out channels_last (which the multi-tensor kernels, written for
    row-major memory, leave to the per-parameter path) step as PyTorch's do."""
    tnet = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.Conv2d(4, 2, 1)).double()
    tnet = tnet.to(memory_format=torch.channels_last)
    net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Conv2d(4, 2, 1)).double()
    _load(net, tnet)
    net.to(device).to(memory_format=ag.channels_last)
    kw = {"lr": 0.1, "momentum": 0.9} if opt == "SGD" else {"lr": 0.01}
    topt = getattr(torch.optim, opt)(tnet.parameters(), **kw)
    ours = getattr(nn.optim, opt)(net.parameters(), **kw)
    data = np.random.default_rng(5).standard_normal((2, 3, 6, 6))
    for _ in range(3):
        for m, model, o, dev in ((ag, net, ours, device), (torch, tnet, topt, "cpu")):
            o.zero_grad()
            x = m.tensor(data, device=dev).contiguous(memory_format=m.channels_last)
            model(x).square().mean().backward()
            o.step()
    for p, tp in zip(net.parameters(), tnet.parameters()):
        assert p.stride() == tp.stride()
        np.testing.assert_allclose(p.detach().cpu().numpy(), tp.detach().numpy(), rtol=1e-9,
                                   atol=1e-9)


CASTS = ("float", "double", "half", "bfloat16", "long", "int", "short", "char", "byte",
         "bool", "cpu")


@pytest.mark.parametrize("fmt", (None, *FORMATS))
@pytest.mark.parametrize("name", ["nchw", "nhwc", "sliced_h", "nhwc_sliced", "ndhwc", "3d"])
@pytest.mark.parametrize("method", CASTS)
def test_cast_methods_in_format(method, name, fmt):
    kw = (lambda m: {}) if fmt is None else (lambda m: {"memory_format": _fmt(m, fmt)})

    def fn(m, x):
        out = getattr(x, method)(**kw(m))
        return tuple(out.shape), out.stride(), str(out.dtype).split(".")[-1], out is x
    ours, theirs = _both(name, fn)
    assert ours == theirs


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("size", [(2, 3, 2, 2), (2, 3, 1, 2), (2, 12), (1, 2, 2, 2, 3),
                                  (3, 3, 3, 3)])
def test_resize_in_format(size, fmt):
    def fn(m):
        x = m.arange(24.0).reshape(2, 3, 2, 2).clone()
        out = x.resize_(*size, memory_format=_fmt(m, fmt))
        n = min(24, int(np.prod(size)))  # the elements past the old ones are uninitialised
        return out.stride(), out.flatten()[:n].tolist() if n == out.numel() else out.stride()
    assert _outcome(lambda: fn(ag)) == _outcome(lambda: fn(torch))

    def fn_as(m):
        x = m.arange(24.0).reshape(2, 3, 2, 2).clone()
        return x.resize_as_(m.zeros(*size), memory_format=_fmt(m, fmt)).stride()
    assert _outcome(lambda: fn_as(ag)) == _outcome(lambda: fn_as(torch))

    def fn_like(m):  # preserve_format takes the template's format
        x = m.arange(24.0).reshape(2, 3, 2, 2).clone()
        template = m.zeros(*size)
        if len(size) in (4, 5):
            template = template.contiguous(memory_format=m.channels_last if len(size) == 4
                                           else m.channels_last_3d)
        return x.resize_as_(template, memory_format=_fmt(m, fmt)).stride()
    assert _outcome(lambda: fn_like(ag)) == _outcome(lambda: fn_like(torch))


@pytest.mark.skipif(CUDA_REASON is not None, reason=str(CUDA_REASON))
def test_cuda_method_in_format():
    x = _base(ag, 2, 3, 4, 5)
    y = x.cuda(memory_format=ag.channels_last)
    assert y.device.type == "cuda" and y.stride() == (60, 1, 15, 3)
    assert ag.equal(y.cpu(), x)
    assert y.cuda() is y and y.cuda(memory_format=ag.channels_last) is y
    assert y.cuda(memory_format=ag.contiguous_format).stride() == (60, 20, 5, 1)
    with pytest.raises(RuntimeError, match="required rank 4"):
        ag.zeros(2, 3).cuda(memory_format=ag.channels_last)


def test_a_new_gradient_takes_the_leafs_layout(device):
    """As PyTorch's AccumulateGrad: a row-major leaf gets a row-major .grad (a transposed
    product's gradient is laid out again, so .grad.view(-1) works), a channels_last leaf a
    channels_last one."""
    torch = torch_or_skip()
    x = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    w = ag.zeros(3, 4, device=device, requires_grad=True)
    (ag.tensor(x, device=device) @ w.t()).sum().backward()
    tw = torch.zeros(3, 4, requires_grad=True)
    (torch.tensor(x) @ tw.t()).sum().backward()
    assert w.grad.stride() == tw.grad.stride()
    np.testing.assert_array_equal(w.grad.view(-1).numpy(force=True), tw.grad.view(-1).numpy())
    leaf = ag.zeros(2, 3, 4, 5, device=device).contiguous(
        memory_format=ag.channels_last).requires_grad_()
    tleaf = torch.zeros(2, 3, 4, 5).contiguous(memory_format=torch.channels_last)
    tleaf.requires_grad_()
    (leaf.permute(0, 2, 3, 1) * 2).sum().backward()
    (tleaf.permute(0, 2, 3, 1) * 2).sum().backward()
    assert leaf.grad.stride() == tleaf.grad.stride() == leaf.stride()
