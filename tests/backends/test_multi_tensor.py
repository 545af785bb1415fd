"""The multi-tensor optimizer kernels (``backends/multi_tensor.py``): one launch per step
updates every parameter of a dtype, with the results of the per-parameter kernels
(``foreach=False``) and PyTorch's (``tests/nn/test_optim.py`` runs the default path on cuda
against PyTorch); their CUDA C compiles with ``nvcc``; the CuPy double runs them (compiled
for the host) and checks their arguments as a GPU would not."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

import autograd as ag
import nn
from backends import multi_tensor
from nn import optim
from tests.conftest import CUDA_DOUBLE, CUDA_REASON

needs_cuda = pytest.mark.skipif(CUDA_REASON is not None,
                                reason=f"cuda unavailable: {CUDA_REASON}")
needs_double = pytest.mark.skipif(not CUDA_DOUBLE, reason="checks the CuPy test double "
                                                          "(AUTOGRAD_CUDA_DOUBLE=1)")
KERNELS = [(op, dtype) for op in ("adam", "adam_amsgrad", "sgd", "sgd_momentum")
           for dtype in multi_tensor.DTYPES]


@pytest.mark.skipif(shutil.which("nvcc") is None, reason="nvcc (the CUDA toolkit) not found")
@pytest.mark.parametrize("op, dtype", KERNELS, ids=str)
def test_the_kernels_compile_as_cuda(tmp_path, op, dtype):
    code, name = multi_tensor.source(op, dtype)
    path = tmp_path / f"{name}.cu"
    path.write_text(code)
    done = subprocess.run(["nvcc", "-arch=sm_80", "-cubin", "-o", str(tmp_path / "k.cubin"),
                           str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _params(dtype: str) -> list:
    rng = np.random.default_rng(0)
    shapes = [(8, 5), (5,), (), (3, 4, 2), (1000,)]
    params = [nn.Parameter(ag.tensor(rng.standard_normal(s).astype(dtype), device="cuda"))
              for s in shapes]
    params.append(nn.Parameter(ag.tensor(rng.standard_normal((4, 6)).astype(dtype),
                                         device="cuda").t()))  # not contiguous: on its own
    return params


@pytest.fixture
def launches(monkeypatch) -> list:
    """``(op, dtype, number of tensors)`` of each multi-tensor launch made in the test."""
    seen = []
    launch = multi_tensor.MultiTensor.launch

    def counted(self, op, rows, scalars):
        seen.append((op, str(rows[0][0].dtype), len(rows)))
        launch(self, op, rows, scalars)

    monkeypatch.setattr(multi_tensor.MultiTensor, "launch", counted)
    return seen


def _train(make, dtype: str, foreach: bool | None, steps: int = 5) -> list:
    params = _params(dtype)
    opt = make(params, foreach)
    for step in range(steps):
        rng = np.random.default_rng(10 + step)
        for k, p in enumerate(params):
            skip = step == 2 and k == 1  # a parameter missing a step: another launch
            p.grad = None if skip else ag.tensor(
                rng.standard_normal(p.shape).astype(dtype), device="cuda")
        opt.step()
    return [p.detach().numpy(force=True) for p in params]


MAKERS = {
    "adam": lambda ps, f: optim.Adam(ps, lr=0.05, weight_decay=0.1, foreach=f),
    "adamw-amsgrad-maximize": lambda ps, f: optim.AdamW(ps, lr=0.05, amsgrad=True,
                                                        maximize=True, foreach=f),
    "sgd": lambda ps, f: optim.SGD(ps, lr=0.1, weight_decay=0.01, foreach=f),
    "sgd-momentum-dampening": lambda ps, f: optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.2,
                                                      foreach=f),
    "sgd-nesterov-maximize": lambda ps, f: optim.SGD(ps, lr=0.1, momentum=0.8, nesterov=True,
                                                     maximize=True, weight_decay=0.1,
                                                     foreach=f),
}


@needs_cuda
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", MAKERS)
def test_one_cuda_launch_per_step_matches_the_per_parameter_kernels(launches, name, dtype):
    make = MAKERS[name]
    loop = _train(make, dtype, False)
    assert launches == []  # foreach=False: one fused kernel per parameter
    ours = _train(make, dtype, None)
    tol = {"float32": 1e-6, "float64": 1e-14}[dtype]
    for a, b in zip(ours, loop):
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol)
    # five contiguous parameters in one launch per step; the step where one parameter has no
    # gradient launches for four (Adam: and at the next, two step counts, two launches)
    counts = [n for _, _, n in launches]
    if name.startswith("adam"):
        assert counts == [5, 5, 4, 4, 1, 4, 1]
    else:
        assert counts == [5, 5, 4, 5, 5]


@needs_cuda
def test_mixed_dtypes_launch_once_per_dtype_on_cuda(launches):
    params = _params("float32")[:2] + _params("float64")[:3]
    initial = [p.detach().numpy(force=True).copy() for p in params]
    opt = optim.Adam(params, lr=0.1)
    for p in params:
        p.grad = ag.ones_like(p)
    opt.step()
    assert sorted(launches) == [("adam", "float32", 2), ("adam", "float64", 3)]
    for p, x0 in zip(params, initial):  # Adam's first step: lr against the gradient's sign
        np.testing.assert_allclose(p.detach().numpy(force=True), x0 - 0.1, rtol=1e-5)


@needs_double
def test_the_double_runs_a_raw_kernel_and_checks_its_arguments():
    import cupy

    code = r'''extern "C" __global__ void axpy(const float* x, float* y, const float a,
                                            const int n) {
      int i = blockIdx.x * blockDim.x + threadIdx.x;
      if (i < n) y[i] += a * x[i];
    }'''
    kernel = cupy.RawKernel(code, "axpy")
    x = cupy.arange(10, dtype=cupy.float32)
    y = cupy.ones(10, dtype=cupy.float32)
    kernel((3,), (4,), (x, y, np.float32(2.0), np.int32(10)))
    np.testing.assert_array_equal(cupy.asnumpy(y), 1 + 2 * np.arange(10))
    # a Python float is a double and a Python int a long long, as CuPy passes them: on a GPU
    # that reads garbage; the double refuses it
    with pytest.raises(TypeError, match="argument 2 is a floating of 8 bytes"):
        kernel((3,), (4,), (x, y, 2.0, np.int32(10)))
    with pytest.raises(TypeError, match="argument 3 is a integer of 8 bytes"):
        kernel((3,), (4,), (x, y, np.float32(2.0), 10))
    with pytest.raises(TypeError, match="argument 0 is a floating"):
        kernel((3,), (4,), (np.float32(1.0), y, np.float32(2.0), np.int32(10)))
    with pytest.raises(TypeError, match="takes 4 arguments, 3 given"):
        kernel((3,), (4,), (x, y, np.float32(2.0)))
    with pytest.raises(ValueError, match="over CUDA's 1024"):
        kernel((1,), (2048,), (x, y, np.float32(2.0), np.int32(10)))
    with pytest.raises(TypeError, match="Unsupported type"):
        kernel((3,), (4,), (np.arange(10, dtype=np.float32), y, np.float32(2.0),
                            np.int32(10)))


@needs_double
def test_the_double_refuses_kernels_it_cannot_run_faithfully():
    import cupy

    bad = cupy.RawKernel('extern "C" __global__ void f(float* x) { __syncthreads(); }', "f")
    with pytest.raises(NotImplementedError, match="__syncthreads"):
        bad((1,), (1,), (cupy.zeros(1, dtype=cupy.float32),))
    typo = cupy.RawKernel('extern "C" __global__ void g(float* x) { x[0] = undefined; }', "g")
    with pytest.raises(RuntimeError, match="does not compile"):
        typo((1,), (1,), (cupy.zeros(1, dtype=cupy.float32),))


@needs_cuda
def test_the_table_goes_up_again_only_when_an_address_changes_on_cuda(monkeypatch):
    xp = ag.zeros(1, device="cuda").device.backend
    tables = []
    upload = xp._multi_tensor.upload
    monkeypatch.setattr(xp._multi_tensor, "upload", lambda host: tables.append(host) or
                        upload(host), raising=False)
    x, g = ag.ones(5, device="cuda").array, ag.ones(5, device="cuda").array
    xp.multi_tensor("sgd", [(x, g)], 1.0, 0.0, 0.5)
    xp.multi_tensor("sgd", [(x, g)], 1.0, 0.0, 0.5)
    assert len(tables) == 1
    other = ag.full((5,), 2.0, device="cuda").array
    xp.multi_tensor("sgd", [(x, other)], 1.0, 0.0, 0.5)
    assert len(tables) == 2
    np.testing.assert_array_equal(xp.to_numpy(x), [-1.0] * 5)  # 1 - 0.5 - 0.5 - 0.5 * 2
