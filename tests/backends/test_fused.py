"""``Backend.fused``: one formula, run as written on NumPy and over Tensors, compiled once per
formula by ``cupy.fuse`` on a GPU, and run op by op (with one FusionWarning) where CuPy cannot
compile it."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
import backends
from nn import optim
from tests.conftest import CUDA_REASON


def _axpy(xp, x, y, a):
    return xp.where(x > 0, a * x + y, y), xp.exp(-xp.abs(x))


def _update(xp, p, g, lr):
    p -= lr * g  # in place on an argument, as the optimizers' kernels are


def test_numpy_runs_the_formula_as_written():
    xp = backends.get("cpu")
    x = np.array([-1.0, 2.0], dtype=np.float32)
    y, e = xp.fused(_axpy, x, np.float32(1.0), 3.0)
    np.testing.assert_array_equal(y, [1.0, 7.0])
    assert y.dtype == np.float32 and e.dtype == np.float32
    p = np.ones(2)
    xp.fused(_update, p, np.array([1.0, 2.0]), 0.5)
    np.testing.assert_array_equal(p, [0.5, 0.0])


def test_the_differentiable_namespace_records_the_formula():
    from autograd.engine.diffxp import diff_namespace

    x = ag.tensor([-1.0, 2.0], requires_grad=True)
    y, _ = diff_namespace(backends.get("cpu")).fused(_axpy, x, ag.tensor(1.0), 3.0)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 3.0])


@pytest.mark.skipif(CUDA_REASON is not None, reason=f"cuda unavailable: {CUDA_REASON}")
def test_gpu_compiles_each_formula_once_and_agrees_with_numpy():
    xp = backends.get("cuda")
    x = ag.randn(100, dtype=ag.float64)
    y = ag.randn(100, dtype=ag.float64)
    want = backends.get("cpu").fused(_axpy, x.numpy(), y.numpy(), 0.5)
    got = xp.fused(_axpy, x.cuda().array, y.cuda().array, 0.5)
    for w, g in zip(want, got):
        np.testing.assert_allclose(xp.to_numpy(g), w, rtol=1e-12)
    first = xp._fused[_axpy]
    xp.fused(_axpy, x.cuda().array, y.cuda().array, 0.5)
    assert xp._fused[_axpy] is first


@pytest.mark.skipif(CUDA_REASON is not None, reason=f"cuda unavailable: {CUDA_REASON}")
def test_a_formula_cupy_cannot_compile_runs_op_by_op_with_one_warning(monkeypatch):
    from backends.cupy_backend import FusionWarning, _Fused

    def refuse(*args):
        raise NotImplementedError("not supported in fusion")

    def _unfusable(xp, x):
        return x * 2

    xp = backends.get("cuda")
    fused = _Fused(xp, _unfusable)
    fused.compiled = refuse
    xp._fused[_unfusable] = fused
    x = ag.ones(3, device="cuda").array
    with pytest.warns(FusionWarning, match="_unfusable.*runs op by op"):
        out = xp.fused(_unfusable, x)
    np.testing.assert_array_equal(xp.to_numpy(out), [2.0, 2.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        xp.fused(_unfusable, x)  # no second warning


@pytest.mark.skipif(CUDA_REASON is not None, reason=f"cuda unavailable: {CUDA_REASON}")
@pytest.mark.parametrize("make, kernel", [
    (lambda ps: optim.Adam(ps, lr=0.1, weight_decay=0.1, foreach=False), "_adam_"),
    (lambda ps: optim.AdamW(ps, lr=0.1, amsgrad=True, maximize=True, foreach=False),
     "_amsgrad_"),
    (lambda ps: optim.SGD(ps, lr=0.1, foreach=False), "_sgd_"),
    (lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.1, foreach=False),
     "_sgd_momentum_"),
    (lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, foreach=False),
     "_sgd_nesterov_"),
])
def test_foreach_false_steps_are_one_fused_kernel_per_parameter_on_a_gpu(make, kernel):
    """(the default, foreach, launches one kernel for all: tests/backends/test_multi_tensor.py)"""
    from backends.cupy_backend import FusionWarning

    w = ag.randn(3, 4, device="cuda", requires_grad=True)
    opt = make([w])
    xp = backends.get("cuda")
    with warnings.catch_warnings():
        warnings.simplefilter("error", FusionWarning)
        for _ in range(2):
            opt.zero_grad()
            (w * w).sum().backward()
            opt.step()
    assert kernel in {k.__name__ for k in xp._fused}
