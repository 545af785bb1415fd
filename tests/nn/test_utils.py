"""nn.utils: gradient clipping and parameter vectors vs PyTorch."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from nn.utils import (
    clip_grad_norm_,
    clip_grad_value_,
    parameters_to_vector,
    vector_to_parameters,
)
from tests.conftest import torch_or_skip

SHAPES = [(3, 4), (5,), (2, 3, 2)]


def _params(device, dtype=ag.float64, seed=0, scale=1.0):
    rng = np.random.default_rng(seed)
    host = [rng.standard_normal(s) for s in SHAPES]
    grads = [rng.standard_normal(s) * scale for s in SHAPES]
    params = []
    for h, g in zip(host, grads):
        p = ag.tensor(h, dtype=dtype, device=device, requires_grad=True)
        p.grad = ag.tensor(g, dtype=dtype, device=device)
        params.append(p)
    return params, host, grads


def _torch_params(torch, host, grads, dtype):
    out = []
    for h, g in zip(host, grads):
        p = torch.tensor(h, dtype=dtype, requires_grad=True)
        p.grad = torch.tensor(g, dtype=dtype)
        out.append(p)
    return out


@pytest.mark.parametrize("norm_type", [2.0, 1, math.inf, 0.5, 3.0, 0])
@pytest.mark.parametrize("max_norm", [0.1, 1e3])
def test_clip_grad_norm_vs_torch(norm_type, max_norm, device):
    torch = torch_or_skip()
    params, host, grads = _params(device)
    tparams = _torch_params(torch, host, grads, torch.float64)
    total = clip_grad_norm_(params, max_norm, norm_type)
    ttotal = torch.nn.utils.clip_grad_norm_(tparams, max_norm, norm_type)
    assert isinstance(total, ag.Tensor) and total.shape == () and not total.requires_grad
    assert str(total.device).startswith(device)
    assert total.item() == pytest.approx(ttotal.item(), rel=1e-12)
    for p, tp in zip(params, tparams):
        np.testing.assert_allclose(p.grad.numpy(force=True), tp.grad.numpy(), rtol=1e-12)


def test_clip_grad_norm_clips_to_max_norm(device):
    params, _, grads = _params(device, scale=10.0)
    before = math.sqrt(sum((g**2).sum() for g in grads))
    total = clip_grad_norm_(iter(params), 1.0)
    assert total.item() == pytest.approx(before)
    after = math.sqrt(sum((p.grad.numpy(force=True) ** 2).sum() for p in params))
    assert after == pytest.approx(1.0, rel=1e-5)


def test_clip_grad_norm_float32_and_half(device):
    torch = torch_or_skip()
    for dt, tdt, rtol in [(ag.float32, torch.float32, 1e-6), (ag.float16, torch.float16, 1e-3)]:
        params, host, grads = _params(device, dtype=dt)
        tparams = _torch_params(torch, host, grads, tdt)
        total = clip_grad_norm_(params, 0.5)
        ttotal = torch.nn.utils.clip_grad_norm_(tparams, 0.5)
        assert total.dtype == dt
        assert total.item() == pytest.approx(ttotal.item(), rel=rtol)
        for p, tp in zip(params, tparams):
            assert p.grad.dtype == dt
            np.testing.assert_allclose(p.grad.numpy(force=True).astype(np.float64),
                                       tp.grad.float().numpy(), rtol=10 * rtol, atol=1e-4)


def test_clip_grad_norm_single_tensor_and_missing_grads(device):
    params, _, grads = _params(device)
    params[1].grad = None
    total = clip_grad_norm_(params, 1e6)
    expected = math.sqrt((grads[0] ** 2).sum() + (grads[2] ** 2).sum())
    assert total.item() == pytest.approx(expected)
    assert clip_grad_norm_(params[0], 1e6).item() == pytest.approx(np.linalg.norm(grads[0]))
    empty = clip_grad_norm_([ag.zeros(3, requires_grad=True)], 1.0)
    assert empty.item() == 0.0 and empty.shape == ()


def test_clip_grad_norm_nonfinite(device):
    torch = torch_or_skip()
    params, host, grads = _params(device)
    params[0].grad._data[0, 0] = math.nan
    with pytest.raises(RuntimeError, match="non-finite"):
        clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
    grads[0][0, 0] = math.nan
    tparams = _torch_params(torch, host, grads, torch.float64)
    total = clip_grad_norm_(params, 1.0)
    ttotal = torch.nn.utils.clip_grad_norm_(tparams, 1.0)
    assert math.isnan(total.item()) and math.isnan(ttotal.item())


def test_clip_grad_value_vs_torch(device):
    torch = torch_or_skip()
    params, host, grads = _params(device)
    tparams = _torch_params(torch, host, grads, torch.float64)
    v0 = params[0].grad._version
    assert clip_grad_value_(params, 0.3) is None
    torch.nn.utils.clip_grad_value_(tparams, 0.3)
    assert params[0].grad._version == v0 + 1
    for p, tp in zip(params, tparams):
        np.testing.assert_array_equal(p.grad.numpy(force=True), tp.grad.numpy())
    clip_grad_value_(params[2], 0.1)
    assert np.abs(params[2].grad.numpy(force=True)).max() <= 0.1


def test_parameters_to_vector_roundtrip_vs_torch(device):
    torch = torch_or_skip()
    params, host, grads = _params(device)
    tparams = _torch_params(torch, host, grads, torch.float64)
    vec = parameters_to_vector(params)
    np.testing.assert_array_equal(vec.detach().numpy(force=True),
                                  torch.nn.utils.parameters_to_vector(tparams).detach().numpy())
    new = ag.arange(vec.numel(), dtype=ag.float64, device=device)
    versions = [p._version for p in params]
    with ag.no_grad():
        vector_to_parameters(new, params)
    torch.nn.utils.vector_to_parameters(torch.arange(vec.numel(), dtype=torch.float64), tparams)
    for p, tp, v in zip(params, tparams, versions):
        np.testing.assert_array_equal(p.detach().numpy(force=True), tp.detach().numpy())
        assert p.is_leaf and p.requires_grad and p._version == v + 1
    np.testing.assert_array_equal(parameters_to_vector(params).detach().numpy(force=True),
                                  new.numpy(force=True))


def test_parameters_to_vector_is_differentiable():
    params, _, _ = _params("cpu")
    for p in params:
        p.grad = None
    (parameters_to_vector(params) * 2).sum().backward()
    for p in params:
        np.testing.assert_array_equal(p.grad.numpy(), np.full(p.shape, 2.0))


def test_vector_to_parameters_errors():
    params, _, _ = _params("cpu")
    with pytest.raises(TypeError, match="expected Tensor"):
        vector_to_parameters(np.zeros(29), params)
    with pytest.raises(RuntimeError, match="28 elements"):
        vector_to_parameters(ag.zeros(28, dtype=ag.float64), params)
