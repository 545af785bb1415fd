"""Pooling layers and their functional forms: forward vs a NumPy loop reference, gradients
and indices vs PyTorch, second derivatives, repr and error messages."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn import functional as F
from tests.conftest import torch_or_skip


def _np(t: ag.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def _distinct(shape, seed=0):
    n = int(np.prod(shape))
    return np.random.default_rng(seed).permutation(n).reshape(shape) / n * 4 - 2


def _pool_ref(x, k, s, p, reduce, pad_value, ceil=False, d=1):
    """Direct loops over output positions of a padded (N, C, H, W) array."""
    n, c, h, w = x.shape
    xp = np.full((n, c, h + 2 * p + k * d, w + 2 * p + k * d), pad_value)
    xp[:, :, p:p + h, p:p + w] = x
    span = d * (k - 1) + 1

    def size(m):
        o = (m + 2 * p - span + (s - 1 if ceil else 0)) // s + 1
        return o - 1 if ceil and (o - 1) * s >= m + p else o

    oh, ow = size(h), size(w)
    y = np.empty((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            win = xp[:, :, i * s:i * s + span:d, j * s:j * s + span:d]
            y[:, :, i, j] = reduce(win.reshape(n, c, -1))
    return y


# -- forward against NumPy ---------------------------------------------------------------------

MAX_CASES = [(2, 2, 0, False, 1), (3, 2, 1, False, 1), (3, 2, 1, True, 1), (3, 1, 1, True, 2),
             (2, 3, 1, True, 1)]


@pytest.mark.parametrize("k,s,p,ceil,d", MAX_CASES)
def test_max_pool2d_matches_numpy(device, k, s, p, ceil, d):
    x = _distinct((2, 3, 9, 8))
    got = nn.MaxPool2d(k, s, p, d, ceil_mode=ceil)(ag.tensor(x, device=device))
    ref = _pool_ref(x, k, s, p, lambda a: a.max(-1), -np.inf, ceil, d)
    np.testing.assert_allclose(_np(got), ref, rtol=1e-6)


@pytest.mark.parametrize("k,s,p,ceil", [(2, 2, 0, False), (3, 2, 1, True), (3, 1, 1, False)])
def test_avg_pool2d_matches_numpy(device, k, s, p, ceil):
    x = np.random.default_rng(1).standard_normal((2, 3, 9, 8))
    got = nn.AvgPool2d(k, s, p, divisor_override=k * k)(ag.tensor(x, device=device))
    ref = _pool_ref(x, k, s, p, lambda a: a.sum(-1) / (k * k), 0.0)
    np.testing.assert_allclose(_np(got), ref, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("out", [1, 3, (4, 5), (None, 3), (9, 10)])
def test_adaptive_avg_pool2d_matches_numpy(device, out):
    x = np.random.default_rng(2).standard_normal((2, 3, 9, 8))
    got = nn.AdaptiveAvgPool2d(out)(ag.tensor(x, device=device))
    oh, ow = (out, out) if isinstance(out, int) else (out[0] or 9, out[1] or 8)
    ref = np.empty((2, 3, oh, ow))
    for i in range(oh):
        for j in range(ow):
            r = slice(i * 9 // oh, -(-(i + 1) * 9 // oh))
            c = slice(j * 8 // ow, -(-(j + 1) * 8 // ow))
            ref[:, :, i, j] = x[:, :, r, c].mean((-2, -1))
    np.testing.assert_allclose(_np(got), ref, rtol=1e-6, atol=1e-12)


def test_max_pool1d_matches_numpy(device):
    x = _distinct((2, 3, 11))
    y, idx = nn.MaxPool1d(3, 2, 1, return_indices=True)(ag.tensor(x, device=device))
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1)), constant_values=-np.inf)
    win = np.stack([xp[..., 2 * o:2 * o + 3] for o in range(6)], -2)
    np.testing.assert_allclose(_np(y), win.max(-1))
    np.testing.assert_array_equal(_np(idx), win.argmax(-1) + 2 * np.arange(6) - 1)


def test_dtype_preserved_and_grad_free_path(device):
    x = _distinct((2, 2, 6, 6)).astype(np.float32)
    t = ag.tensor(x, device=device, requires_grad=True)
    with ag.no_grad():
        fast = F.max_pool2d(t, 3, 2, 1)
    tracked = F.max_pool2d(t, 3, 2, 1)
    assert fast.dtype == ag.float32 and not fast.requires_grad
    np.testing.assert_array_equal(_np(fast), _np(tracked))
    assert F.avg_pool2d(t, 2).dtype == ag.float32
    assert F.adaptive_avg_pool2d(t, 4).dtype == ag.float32


@pytest.mark.parametrize("size", [0, (0, 3), (2, 0)])
def test_adaptive_avg_pool2d_zero_output_size_is_empty(device, size):
    # PyTorch returns an empty output (still part of the graph) for a zero output size
    x = ag.randn(2, 3, 5, 6, device=device, requires_grad=True)
    y = F.adaptive_avg_pool2d(x, size)
    want = (size, size) if isinstance(size, int) else size
    assert y.shape == (2, 3) + want and y.requires_grad
    y.sum().backward()
    np.testing.assert_array_equal(_np(x.grad), np.zeros((2, 3, 5, 6)))


def test_adaptive_avg_pool2d_refuses_integers(device):
    # PyTorch: NotImplementedError "adaptive_avg_pool2d" not implemented for 'Long'
    x = ag.arange(16, device=device).reshape(1, 1, 4, 4)
    with pytest.raises(NotImplementedError, match=r"adaptive_avg_pool2d\(\): .*int64.*4, 4"):
        F.adaptive_avg_pool2d(x, 2)


def test_nan_propagates(device):
    x = _distinct((1, 1, 4, 4))
    x[0, 0, 1, 1] = np.nan
    y = F.max_pool2d(ag.tensor(x, device=device), 2)
    assert np.isnan(_np(y)[0, 0, 0, 0]) and not np.isnan(_np(y)[0, 0, 1:, 1:]).any()



def test_nan_window_points_at_its_first_nan(device):
    # a window holding NaNs takes its first NaN as the argmax (the gradient goes there); the
    # other windows keep their first maximum, whether or not the input holds a NaN at all
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    x[0, 0, 1, 1] = 4.0  # a tie with x[0, 0, 1, 0] in the first window: the first one wins
    clean = F.max_pool2d(ag.tensor(x, device=device), 2, return_indices=True)[1]
    np.testing.assert_array_equal(_np(clean)[0, 0], [[4, 7], [13, 15]])
    x[0, 0, 0, 1] = x[0, 0, 1, 0] = x[0, 0, 3, 3] = np.nan
    t = ag.tensor(x, device=device, requires_grad=True)
    y, idx = F.max_pool2d(t, 2, return_indices=True)
    np.testing.assert_array_equal(_np(idx)[0, 0], [[1, 7], [13, 15]])
    y.sum().backward()
    grad = np.zeros((4, 4))
    grad[0, 1] = grad[1, 3] = grad[3, 1] = grad[3, 3] = 1.0
    np.testing.assert_array_equal(_np(t.grad)[0, 0], grad)

# -- PyTorch: values, indices, gradients ---------------------------------------------------------

TORCH_CASES = [
    ("MaxPool2d", (2,), {}),
    ("MaxPool2d", (3, 2, 1), {"ceil_mode": True}),
    ("MaxPool2d", ((2, 3), (2, 1), (1, 0), (2, 1)), {}),
    ("MaxPool1d", (3, 2, 1, 2), {"ceil_mode": True}),
    ("AvgPool2d", (3, 2, 1), {"ceil_mode": True, "count_include_pad": False}),
    ("AvgPool2d", (3, 2, 1), {"ceil_mode": True}),
    ("AvgPool2d", (2, 1), {"divisor_override": 3}),
    ("AdaptiveAvgPool2d", ((3, 5),), {}),
    ("AdaptiveAvgPool2d", (1,), {}),
]


@pytest.mark.parametrize("name,args,kwargs", TORCH_CASES)
@pytest.mark.parametrize("batched", [True, False])
def test_layers_match_torch(name, args, kwargs, batched):
    torch = torch_or_skip()
    shape = ((2, 3, 11) if name == "MaxPool1d" else (2, 3, 9, 8))[0 if batched else 1:]
    x = _distinct(shape, seed=3)
    ours, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    t = ag.tensor(x, requires_grad=True)
    tt = torch.tensor(x, requires_grad=True)
    y, ty = ours(t), theirs(tt)
    np.testing.assert_allclose(_np(y), ty.detach().numpy(), rtol=1e-12, atol=1e-12)
    v = np.random.default_rng(4).standard_normal(ty.shape)
    (y * ag.tensor(v)).sum().backward()
    (ty * torch.tensor(v)).sum().backward()
    np.testing.assert_allclose(_np(t.grad), tt.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("k,s,p,d,ceil", [(2, 2, 0, 1, False), (3, 1, 1, 1, False),
                                          (3, 2, 1, 2, True), (4, 3, 2, 1, True)])
def test_indices_match_torch(k, s, p, d, ceil):
    torch = torch_or_skip()
    x = _distinct((2, 3, 9, 8), seed=5).astype(np.float32)
    y, idx = F.max_pool2d(ag.tensor(x), k, s, p, d, ceil, return_indices=True)
    ty, tidx = torch.nn.functional.max_pool2d(torch.tensor(x), k, s, p, d, ceil, True)
    assert idx.dtype == ag.int64 and not idx.requires_grad
    np.testing.assert_array_equal(_np(idx), tidx.numpy())
    np.testing.assert_array_equal(_np(y), ty.numpy())
    layer = nn.MaxPool2d(k, s, p, d, return_indices=True, ceil_mode=ceil)
    np.testing.assert_array_equal(_np(layer(ag.tensor(x))[1]), tidx.numpy())


def test_ties_pick_the_first_maximum_like_torch():
    torch = torch_or_skip()
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, :2, :2] = 1.0
    _, idx = F.max_pool2d(ag.tensor(x), 2, 1, return_indices=True)
    _, tidx = torch.nn.functional.max_pool2d(torch.tensor(x), 2, 1, return_indices=True)
    np.testing.assert_array_equal(_np(idx), tidx.numpy())


@pytest.mark.parametrize("op", ["max", "avg", "adaptive"])
def test_second_derivative_matches_torch(op):
    torch = torch_or_skip()
    x = _distinct((2, 2, 7, 6), seed=6)
    fns = {
        "max": (lambda f, a: f.max_pool2d(a, 3, 2, 1, ceil_mode=True)),
        "avg": (lambda f, a: f.avg_pool2d(a, 3, 2, 1, True, False)),
        "adaptive": (lambda f, a: f.adaptive_avg_pool2d(a, (3, 4))),
    }
    fn = fns[op]
    t = ag.tensor(x, requires_grad=True)
    tt = torch.tensor(x, requires_grad=True)
    y, ty = fn(F, t), fn(torch.nn.functional, tt)
    (g,) = ag.grad((y ** 3).sum(), t, create_graph=True)
    (tg,) = torch.autograd.grad((ty ** 3).sum(), tt, create_graph=True)
    v = np.random.default_rng(7).standard_normal(x.shape)
    (hv,) = ag.grad((g * ag.tensor(v)).sum(), t)
    (thv,) = torch.autograd.grad((tg * torch.tensor(v)).sum(), tt)
    np.testing.assert_allclose(_np(hv), thv.numpy(), rtol=1e-10, atol=1e-10)


# -- errors --------------------------------------------------------------------------------------

ERRORS = [
    (lambda x: F.max_pool2d(x, 2, padding=2), "pad should be at most half"),
    (lambda x: F.max_pool2d(x, 9), "too small"),
    (lambda x: F.max_pool2d(x, 3, dilation=4), "too small"),
    (lambda x: F.max_pool2d(x, 2, stride=0), "stride should be greater than zero"),
    (lambda x: F.max_pool2d(x, 0), "kernel size should be greater than zero"),
    (lambda x: F.max_pool2d(x[0, 0], 2), "Expected 3D or 4D"),
    (lambda x: F.max_pool1d(x, 2), "Expected 2D or 3D"),
    (lambda x: F.avg_pool2d(x, 3, padding=2), "pad should be at most half"),
    (lambda x: F.avg_pool2d(x, 2, divisor_override=0), "divisor must be not zero"),
    (lambda x: F.avg_pool2d(x, 10), "too small"),
    (lambda x: F.adaptive_avg_pool2d(x, (2, -1)), "output_size must be greater than or equal"),
    (lambda x: F.adaptive_avg_pool2d(x[0, 0, 0], 2), "Expected 3D or 4D"),
]


@pytest.mark.parametrize("k", range(len(ERRORS)))
def test_errors_name_op_and_shape(k):
    fn, text = ERRORS[k]
    with pytest.raises(RuntimeError, match=text) as info:
        fn(ag.zeros(2, 3, 5, 6))
    msg = str(info.value)
    assert "pool" in msg and "[" in msg, msg


def test_bad_kernel_type():
    # PyTorch: RuntimeError for three ints, TypeError for values that are not ints
    with pytest.raises(RuntimeError, match=r"max_pool2d\(\): kernel_size .*\(1, 2, 3\)"):
        F.max_pool2d(ag.zeros(1, 1, 4, 4), (1, 2, 3))
    for bad in (2.5, (2.0, 2.0), "a"):
        with pytest.raises(TypeError, match=r"max_pool2d\(\): kernel_size must be an int"):
            F.max_pool2d(ag.zeros(1, 1, 4, 4), bad)


def test_empty_batch_and_extra_repr():
    y = F.max_pool2d(ag.zeros(0, 3, 6, 6, requires_grad=True), 2)
    assert tuple(y.shape) == (0, 3, 3, 3)
    assert repr(nn.MaxPool2d(2)) == ("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, "
                                     "ceil_mode=False)")
    assert repr(nn.AvgPool2d(3, 1)) == "AvgPool2d(kernel_size=3, stride=1, padding=0)"
    assert repr(nn.AdaptiveAvgPool2d((2, None))) == "AdaptiveAvgPool2d(output_size=(2, None))"
