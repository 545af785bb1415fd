"""``interpolate(..., antialias=True)`` against PyTorch's ``_upsample_{bilinear,bicubic,
lanczos}2d_aa``: values and input gradients (for a random upstream gradient) over down- and
up-scales given by ``size`` or ``scale_factor`` (with and without
``recompute_scale_factor``), ``align_corners``, float32 and float64, several batch and channel
sizes and non-contiguous input; gradcheck and gradgradcheck in float64 on every device; and
PyTorch's errors for the modes, ranks, sizes and dtypes it refuses."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from nn import functional as F
from tests.conftest import torch_or_skip

torch = torch_or_skip()
TF = torch.nn.functional

# (input shape, keyword arguments): integer and fractional scales, different for H and W,
# down and up, a dim that keeps its size, sizes of 1 on either side
CASES = [
    ((2, 3, 16, 12), dict(size=(4, 6))),  # integer downscales, 4 and 2
    ((1, 2, 17, 13), dict(size=(5, 9))),  # fractional downscales
    ((3, 1, 9, 11), dict(size=(20, 4))),  # up along H, down along W
    ((2, 2, 5, 7), dict(size=(11, 16))),  # up on both
    ((1, 3, 10, 8), dict(size=(10, 3))),  # H unchanged
    ((2, 1, 6, 9), dict(size=(1, 1))),
    ((1, 1, 1, 5), dict(size=(3, 2))),
    ((2, 3, 15, 14), dict(scale_factor=0.5)),
    ((1, 2, 13, 19), dict(scale_factor=(0.3, 0.45))),
    ((2, 1, 7, 12), dict(scale_factor=(2.5, 0.4))),
    ((1, 2, 10, 9), dict(scale_factor=(0.37, 1.5), recompute_scale_factor=True)),
    ((4, 5, 8, 8), dict(scale_factor=0.25, recompute_scale_factor=False)),
    ((0, 2, 6, 6), dict(size=(3, 3))),  # an empty batch
]
MODES = [("bilinear", False), ("bilinear", True), ("bicubic", False), ("bicubic", True),
         ("lanczos", False)]
TOL = {np.float32: dict(rtol=2e-5, atol=2e-6), np.float64: dict(rtol=1e-10, atol=1e-12)}


def _both(shape, kwargs, mode, corners, dtype, device, noncontig=False, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape).astype(dtype)
    if noncontig:  # a transposed view of a buffer laid out as (N, C, W, H)
        x = np.ascontiguousarray(x.swapaxes(-1, -2))
    kw = dict(kwargs, mode=mode, antialias=True)
    if mode != "lanczos":
        kw["align_corners"] = corners
    tx = torch.tensor(x, requires_grad=True)
    ax = ag.tensor(x, requires_grad=True, device=device)
    tin, ain = (tx.transpose(-1, -2), ax.transpose(-1, -2)) if noncontig else (tx, ax)
    want = TF.interpolate(tin, **kw)
    got = F.interpolate(ain, **kw)
    assert got.shape == tuple(want.shape)
    assert got.dtype == (ag.float32 if dtype == np.float32 else ag.float64)
    np.testing.assert_allclose(got.detach().cpu().numpy(), want.detach().numpy(), **TOL[dtype])
    g = rng.standard_normal(tuple(want.shape)).astype(dtype)
    want.backward(torch.tensor(g))
    got.backward(ag.tensor(g, device=device))
    np.testing.assert_allclose(ax.grad.cpu().numpy(), tx.grad.numpy(), **TOL[dtype])
    return got


@pytest.mark.parametrize("mode,corners", MODES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_and_gradients_match_torch(mode, corners, dtype, device):
    for k, (shape, kwargs) in enumerate(CASES):
        _both(shape, kwargs, mode, corners, dtype, device, seed=k)


@pytest.mark.parametrize("mode,corners", MODES)
def test_non_contiguous_input(mode, corners, device):
    _both((2, 3, 14, 11), dict(size=(5, 4)), mode, corners, np.float64, device, noncontig=True)
    _both((1, 2, 6, 5), dict(scale_factor=(0.5, 2.2)), mode, corners, np.float32, device,
          noncontig=True)


@pytest.mark.parametrize("mode,corners", MODES)
def test_a_scale_that_keeps_the_size_leaves_the_dim_as_is(mode, corners, device):
    # PyTorch's forward skips a dim whose size does not change, whatever the scale_factor;
    # its backward does not (docs/pytorch.md#interpolate-aa-kept-size): the values match,
    # the gradient here is the transpose of the forward
    kw = dict(scale_factor=(1.05, 0.5), mode=mode, antialias=True)
    if mode != "lanczos":
        kw["align_corners"] = corners
    x = np.random.default_rng(4).standard_normal((2, 1, 10, 8))
    ax = ag.tensor(x, requires_grad=True, device=device)
    got = F.interpolate(ax, **kw)
    want = TF.interpolate(torch.tensor(x), **kw)
    np.testing.assert_allclose(got.detach().cpu().numpy(), want.numpy(), rtol=1e-10, atol=1e-12)
    plain = F.interpolate(ag.tensor(x, device=device), size=(10, 4), mode=mode, antialias=True,
                          **({"align_corners": corners} if mode != "lanczos" else {}))
    g = np.random.default_rng(5).standard_normal(tuple(want.shape))
    got.backward(ag.tensor(g, device=device))
    t = torch.tensor(x, requires_grad=True)
    TF.interpolate(t, size=(10, 4), mode=mode, antialias=True,
                   **({"align_corners": corners} if mode != "lanczos" else {})).backward(
        torch.tensor(g))
    np.testing.assert_allclose(plain.cpu().numpy(), want.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ax.grad.cpu().numpy(), t.grad.numpy(), rtol=1e-10, atol=1e-12)
    assert ag.gradcheck(lambda v: F.interpolate(v, **kw), (ag.tensor(x, requires_grad=True,
                                                                     device=device),))


def test_upsampling_bilinear_is_the_ordinary_interpolation(device):
    # with half-pixel centres an upscale reads at most 2 taps, as plain bilinear does
    x = ag.tensor(np.random.default_rng(1).standard_normal((2, 3, 5, 7)), device=device)
    aa = F.interpolate(x, size=(11, 16), mode="bilinear", antialias=True)
    plain = F.interpolate(x, size=(11, 16), mode="bilinear")
    np.testing.assert_allclose(aa.cpu().numpy(), plain.cpu().numpy(), rtol=1e-12, atol=1e-14)
    t = torch.tensor(x.cpu().numpy())
    np.testing.assert_allclose(TF.interpolate(t, size=(11, 16), mode="bilinear",
                                              antialias=True).numpy(),
                               plain.cpu().numpy(), rtol=1e-12, atol=1e-14)


def test_downsampling_differs_from_plain_interpolation(device):
    # the point of antialiasing: stripes of period 4 shrunk 4 times average to their mean,
    # where plain bilinear reads the two middle columns of each period, both 1
    stripes = np.broadcast_to(np.isin(np.arange(16) % 4, (1, 2)), (1, 1, 8, 16)) * 1.0
    x = ag.tensor(stripes, device=device)
    aa = F.interpolate(x, size=(8, 4), mode="bilinear", antialias=True).cpu().numpy()
    plain = F.interpolate(x, size=(8, 4), mode="bilinear").cpu().numpy()
    np.testing.assert_allclose(aa[..., 1:-1], 0.5, atol=1e-12)
    np.testing.assert_allclose(plain, 1.0, atol=1e-12)


@pytest.mark.parametrize("mode,corners", MODES)
def test_gradcheck(mode, corners, device):
    kw = dict(mode=mode, antialias=True)
    if mode != "lanczos":
        kw["align_corners"] = corners
    rng = np.random.default_rng(2)
    for shape, extra in [((2, 1, 9, 7), dict(size=(4, 3))),
                         ((1, 2, 4, 5), dict(scale_factor=(1.6, 0.5)))]:
        x = ag.tensor(rng.standard_normal(shape), requires_grad=True, device=device)
        assert ag.gradcheck(lambda t, e=extra: F.interpolate(t, **e, **kw), (x,))
        assert ag.gradgradcheck(lambda t, e=extra: F.interpolate(t, **e, **kw), (x,))


ERRORS = [
    # (shape, kwargs, the exception type PyTorch raises)
    ((1, 2, 8, 8), dict(size=4, mode="nearest", antialias=True), ValueError),
    ((1, 2, 8, 8), dict(size=4, mode="nearest-exact", antialias=True), ValueError),
    ((1, 2, 8, 8), dict(size=4, mode="area", antialias=True), ValueError),
    ((1, 2, 8), dict(size=4, mode="linear", antialias=True), ValueError),
    ((1, 2, 8), dict(size=4, mode="bilinear", antialias=True), ValueError),
    ((1, 2, 8), dict(size=4, mode="bicubic", antialias=True), ValueError),
    ((1, 1, 4, 4, 4), dict(size=2, mode="trilinear", antialias=True), ValueError),
    ((1, 1, 4, 4, 4), dict(size=2, mode="bilinear", antialias=True), ValueError),
    ((1, 2, 8, 8), dict(size=4, mode="bogus", antialias=True), ValueError),
    ((2, 8), dict(size=4, mode="bilinear", antialias=True), ValueError),
    ((1, 2, 8, 8), dict(size=4, mode="bilinear", antialias=True, recompute_scale_factor=True),
     ValueError),
    ((1, 2, 8, 8), dict(size=(0, 4), mode="bilinear", antialias=True), RuntimeError),
    ((1, 2, 0, 8), dict(size=(4, 4), mode="bicubic", antialias=True), RuntimeError),
    ((1, 0, 8, 8), dict(size=(4, 4), mode="bilinear", antialias=True), RuntimeError),
    ((1, 2, 8, 8), dict(scale_factor=-1.0, mode="bilinear", antialias=True), RuntimeError),
    ((1, 2, 8, 8), dict(size=4, mode="lanczos"), ValueError),
    ((1, 2, 8, 8), dict(size=4, mode="lanczos", antialias=True, align_corners=True),
     ValueError),
    ((1, 2, 8), dict(size=4, mode="lanczos"), NotImplementedError),
    ((1, 2, 8, 8), dict(size=4, scale_factor=0.5, mode="bilinear", antialias=True), ValueError),
]


@pytest.mark.parametrize("shape,kwargs,error", ERRORS)
def test_errors_match_torch(shape, kwargs, error):
    x = np.random.default_rng(3).random(shape)
    with pytest.raises(error) as want:
        TF.interpolate(torch.tensor(x), **kwargs)
    assert type(want.value) is error
    with pytest.raises(error) as got:
        F.interpolate(ag.tensor(x), **kwargs)
    assert type(got.value) is error


@pytest.mark.parametrize("dtype", ["float16", "int64", "int32"])
def test_unsupported_dtypes_raise_like_torch(dtype):
    x = np.arange(2 * 8 * 8).reshape(1, 2, 8, 8)
    with pytest.raises(NotImplementedError):
        TF.interpolate(torch.tensor(x).to(getattr(torch, dtype)), size=4, mode="bilinear",
                       antialias=True)
    with pytest.raises(NotImplementedError, match="antialias.*" + dtype):
        F.interpolate(ag.tensor(x, dtype=dtype), size=4, mode="bilinear", antialias=True)


def test_error_wording():
    x = ag.zeros(1, 2, 8)
    with pytest.raises(ValueError, match="Anti-alias option is restricted to bilinear, bicubic"):
        F.interpolate(x, size=4, mode="bilinear", antialias=True)
    with pytest.raises(RuntimeError, match=r"input \(H: 8, W: 8\) output \(H: 0, W: 4\)"):
        F.interpolate(ag.zeros(1, 2, 8, 8), size=(0, 4), mode="bicubic", antialias=True)
