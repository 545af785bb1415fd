"""backends: device parsing, the NumPy backend, the default device, and CUDA (real or missing)."""

from __future__ import annotations

import math
import os
import pickle
import subprocess
import sys

import numpy as np
import pytest

import autograd as ag
import backends
from autograd.engine.tensor_base import make as _make
from tests.conftest import CUDA_DOUBLE, CUDA_REASON, ROOT

# Under the CuPy double these run in a subprocess without it (tests/test_without_cuda.py).
no_cuda = [pytest.mark.without_cuda,
           pytest.mark.skipif(CUDA_REASON is None, reason="checks the behaviour without CUDA")]
needs_cuda = pytest.mark.skipif(CUDA_REASON is not None, reason=f"cuda unavailable: {CUDA_REASON}")


@pytest.fixture
def restore_default_device():
    before = backends.default_device()
    yield
    backends.set_default_device(before)


# -- device parsing ----------------------------------------------------------------------------
@pytest.mark.parametrize("spec,type_,index,text", [
    ("cpu", "cpu", None, "cpu"), ("cpu:0", "cpu", None, "cpu"), ("CPU", "cpu", None, "cpu"),
    ("cuda", "cuda", 0, "cuda:0"), ("cuda:0", "cuda", 0, "cuda:0"),
    ("cuda:1", "cuda", 1, "cuda:1"), (" cuda:3 ", "cuda", 3, "cuda:3"),
    ("CUDA:2", "cuda", 2, "cuda:2"), ("gpu", "cuda", 0, "cuda:0"),
])
def test_parse(spec, type_, index, text):
    dev = backends.device(spec)
    assert dev.type == type_ and dev.index == index and str(dev) == text
    assert backends.device(spec) is dev  # interned
    assert backends.device(dev) is dev
    assert ag.device(spec) is dev and isinstance(dev, ag.Device)


@pytest.mark.parametrize("spec", ["tpu", "", "cuda:x", "cuda:-1", "cpu:1", "cuda:1:2", "mps",
                                  "cuda0"])
def test_bad_strings_raise(spec):
    with pytest.raises(RuntimeError, match="invalid device string"):
        backends.device(spec)


@pytest.mark.parametrize("spec", [3, 1.5, object()])
def test_bad_types_raise(spec):
    with pytest.raises(TypeError, match="device must be a string or Device"):
        backends.device(spec)


def test_none_is_default():
    assert backends.device(None) is backends.default_device()


def test_equality_and_hashing():
    cpu, cuda0, cuda1 = (backends.device(s) for s in ("cpu", "cuda:0", "cuda:1"))
    assert cpu == "cpu" and "cpu" == cpu and cpu != "cuda"
    assert cuda0 == "cuda:0" and cuda0 == "cuda" and cuda1 != "cuda"
    assert cuda1 == backends.device("cuda:1") and cuda0 != cuda1 and cpu != cuda0
    assert cpu != "not a device" and cpu != 3
    assert {cpu: 1}[backends.device("cpu")] == 1
    assert hash(cuda1) == hash("cuda:1") and cuda1 in {"cuda:1"}
    assert repr(cpu) == "device(type='cpu')"
    assert repr(cuda1) == "device(type='cuda', index=1)"
    assert pickle.loads(pickle.dumps(cuda1)) is cuda1


def test_parsing_does_not_need_cuda():
    dev = backends.device("cuda:7")
    assert dev.type == "cuda" and dev.index == 7  # the error comes on use, not on parsing


# -- the NumPy backend -------------------------------------------------------------------------
def test_cpu_backend_namespace():
    xp = backends.get("cpu")
    assert xp is backends.get(backends.device("cpu")) and xp is backends.device("cpu").backend
    assert xp.name == "numpy" and xp.module is np and xp.device == "cpu"
    for name in ("exp", "log", "matmul", "einsum", "where", "float32", "int64", "ndarray",
                 "asarray", "zeros", "broadcast_to", "add", "newaxis", "pi"):
        assert getattr(xp, name) is getattr(np, name), name
    assert not xp.differentiable
    assert "cpu" in repr(xp)


def test_cpu_backend_kernels():
    xp = backends.get("cpu")
    a = np.arange(3.0)
    assert xp.to_numpy(a) is a and xp.from_numpy(a) is a
    target = np.zeros(4)
    xp.index_add(target, np.array([0, 2, 0, 0]), np.array([1.0, 2.0, 3.0, 4.0]))
    assert target.tolist() == [8.0, 0.0, 2.0, 0.0]  # repeated indices accumulate
    np.testing.assert_allclose(xp.erf(np.array([0.0, 1.0, -2.0])),
                               [math.erf(v) for v in (0.0, 1.0, -2.0)], rtol=1e-12)
    xp.synchronize()



def test_may_hold_nan():
    # the host looks; a GPU never waits for the device to answer, so it says "maybe"
    xp = backends.get("cpu")
    assert xp.may_hold_nan(np.array([1.0, np.nan])) and xp.may_hold_nan(np.array([np.nan + 1j]))
    assert not xp.may_hold_nan(np.array([1.0, np.inf])) and not xp.may_hold_nan(np.arange(3))


@needs_cuda
def test_may_hold_nan_on_cuda_does_not_read_the_device():
    xp = backends.get("cuda")
    assert xp.may_hold_nan(xp.zeros(3)) is True


_BLAS_THREADS = """
import threadpoolctl, backends
def blas():
    return [i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
xp = backends.get("cpu")
with threadpoolctl.threadpool_limits(2, user_api="blas"):
    with xp.one_blas_thread():
        with xp.one_blas_thread():  # nested: the inner exit keeps one thread
            pass
        print(blas())
    print(blas())
"""


def test_one_blas_thread_sets_and_restores_the_blas_threads():
    # in a fresh process: the BLAS libraries it controls are the ones loaded at its first
    # use, and the suite loads others (SciPy's) in this one
    out = _run(_BLAS_THREADS, AUTOGRAD_CUDA_DOUBLE="0")
    assert out.returncode == 0, out.stderr
    inside, after = out.stdout.split("\n")[:2]
    assert inside.startswith("[1") and set(inside.strip("[]").split(", ")) == {"1"}, inside
    assert set(after.strip("[]").split(", ")) == {"2"}, after

def test_cpu_backend_random():
    xp = backends.get("cpu")
    xp.seed(5)
    u = xp.random_uniform((1000,), -2.0, 3.0, np.dtype(np.float32))
    assert u.dtype == np.float32 and u.shape == (1000,) and u.min() >= -2 and u.max() < 3
    n = xp.random_normal((2000,), 1.0, 2.0, np.dtype(np.float64))
    assert n.dtype == np.float64 and abs(n.mean() - 1) < 0.2 and abs(n.std() - 2) < 0.2
    assert xp.random_normal((3,), 0.0, 1.0, np.dtype(np.float16)).dtype == np.float16
    i = xp.random_integers((500,), 2, 5, np.dtype(np.int32))
    assert i.dtype == np.int32 and set(i.tolist()) == {2, 3, 4}
    assert sorted(xp.random_permutation(6).tolist()) == list(range(6))
    xp.seed(5)
    assert xp.random_uniform((1000,), -2.0, 3.0, np.dtype(np.float32)).tolist() == u.tolist()


# -- default device ----------------------------------------------------------------------------
def test_set_default_device(restore_default_device):
    backends.set_default_device("cpu")
    assert backends.default_device() is backends.device("cpu")
    assert ag.zeros(2).device == "cpu" and ag.tensor([1.0]).device == "cpu"
    backends.set_default_device(backends.device("cpu"))
    assert backends.default_device() == "cpu"
    with pytest.raises(RuntimeError, match="invalid device"):
        backends.set_default_device("tpu")
    assert backends.default_device() == "cpu"


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "AUTOGRAD_DEVICE"}
    environ.update(env)
    if CUDA_DOUBLE and env.get("AUTOGRAD_CUDA_DOUBLE", "1") == "1":
        code = "from tests.cuda_double import install; install(); " + code
    environ["PYTHONPATH"] = ROOT + os.pathsep + environ.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-c", code], env=environ, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_env_var_cpu():
    out = _run("import autograd as ag, backends; "
               "print(backends.default_device(), ag.zeros(1).device)", AUTOGRAD_DEVICE="cpu")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["cpu", "cpu"]


def test_env_var_unset_means_cpu():
    out = _run("import backends; print(backends.default_device())")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "cpu"


def test_env_var_bad_value():
    out = _run("import backends", AUTOGRAD_DEVICE="tpu")
    assert out.returncode != 0 and "invalid device string" in out.stderr


@no_cuda[0]
@no_cuda[1]
def test_env_var_cuda_without_cuda():
    out = _run("import backends", AUTOGRAD_DEVICE="cuda")
    assert out.returncode != 0
    assert "CUDA device requested" in out.stderr


@needs_cuda
def test_env_var_cuda_with_cuda():
    out = _run("import autograd as ag; print(ag.zeros(1).device)", AUTOGRAD_DEVICE="cuda")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "cuda:0"


# -- without CUDA: one clear error ---------------------------------------------------------------
@no_cuda[0]
@no_cuda[1]
def test_cuda_unavailable():
    assert backends.cuda.is_available() is False and ag.cuda.is_available() is False
    assert backends.cuda.device_count() == 0
    assert "CUDA" in backends.cuda.why_unavailable()


@no_cuda[0]
@no_cuda[1]
@pytest.mark.parametrize("make", [
    lambda: ag.zeros(2, device="cuda"),
    lambda: ag.randn(2, device="cuda:0"),
    lambda: ag.tensor([1.0], device="cuda"),
    lambda: ag.ones(2).cuda(),
    lambda: ag.ones(2).to("cuda"),
    lambda: backends.get("cuda"),
    lambda: backends.set_default_device("cuda"),
], ids=["zeros", "randn", "tensor", "cuda()", "to", "get", "set_default_device"])
def test_cuda_raises_clear_error(make, restore_default_device):
    with pytest.raises(RuntimeError, match="CUDA device requested") as info:
        make()
    message = str(info.value)
    try:
        import cupy  # noqa: F401
    except ImportError:
        assert "CuPy is not installed" in message and "pip install" in message
    assert backends.default_device() == "cpu"


# -- mixed devices ---------------------------------------------------------------------------------
def _fake(device: str) -> ag.Tensor:
    """A tensor that claims to live on ``device`` (host data): enough to reach the device check,
    which runs before any kernel, so the message can be tested without a GPU."""
    return _make(np.ones(2, np.float32), backends.device(device), False, None, 0)


@pytest.mark.parametrize("op", [
    lambda a, b: a + b, lambda a, b: a * b, lambda a, b: a @ b, lambda a, b: ag.cat([a, b]),
    lambda a, b: ag.maximum(a, b), lambda a, b: ag.where(ag.tensor([True, False]), a, b),
], ids=["add", "mul", "matmul", "cat", "maximum", "where"])
@pytest.mark.parametrize("pair", [("cpu", "cuda:1"), ("cuda:0", "cuda:1")])
def test_mixed_devices_error_names_both(op, pair):
    a = ag.ones(2) if pair[0] == "cpu" else _fake(pair[0])
    b = _fake(pair[1])
    with pytest.raises(RuntimeError, match="same device") as info:
        op(a, b)
    assert pair[0] in str(info.value) and pair[1] in str(info.value)


# -- with CUDA ---------------------------------------------------------------------------------
@needs_cuda
class TestCuda:
    def test_available(self):
        assert backends.cuda.is_available() and backends.cuda.device_count() >= 1
        assert backends.cuda.why_unavailable() is None
        xp = backends.get("cuda")
        assert xp.name == "cupy" and xp.device == "cuda:0"

    def test_creation_and_transfers(self):
        x = ag.arange(6.0, device="cuda").reshape(2, 3)
        assert x.device == "cuda:0" and x.is_cuda and x.dtype == ag.float32
        assert "device='cuda:0'" in repr(x)
        h = x.cpu()
        assert h.device == "cpu" and h.tolist() == [[0, 1, 2], [3, 4, 5]]
        assert h.cuda().device == "cuda:0" and h.to("cuda").device == "cuda:0"
        assert x.to("cuda") is x
        assert x.numpy(force=True).tolist() == h.tolist()
        with pytest.raises(TypeError, match="cpu"):
            x.numpy()
        assert x.sum().item() == 15.0 and x.tolist() == h.tolist()
        assert ag.tensor(np.ones(2), device="cuda").dtype == ag.float64

    def test_basic_ops_match_cpu(self):
        ag.manual_seed(0)
        a = ag.randn(4, 5, dtype=ag.float64)
        b = ag.randn(5, 3, dtype=ag.float64)
        ca, cb = a.cuda(), b.cuda()
        for f in (lambda p, q: (p @ q).tanh(), lambda p, q: (p.exp() * 2 - 1).sum(0),
                  lambda p, q: ag.cat([p, p]).mean(), lambda p, q: p[1:, ::2] / 3):
            np.testing.assert_allclose(f(ca, cb).cpu().numpy(), f(a, b).numpy(), rtol=1e-10)

    def test_gradients_across_transfer(self):
        x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = (x.cuda() ** 2).sum()
        y.backward()
        assert x.grad.device == "cpu" and x.grad.tolist() == [2.0, 4.0, 6.0]
        w = ag.ones(3, device="cuda", requires_grad=True)
        (w * 3).cpu().sum().backward()
        assert w.grad.device == "cuda:0" and w.grad.tolist() == [3.0, 3.0, 3.0]

    def test_real_mixed_devices(self):
        with pytest.raises(RuntimeError, match="same device") as info:
            ag.ones(2) + ag.ones(2, device="cuda")
        assert "cpu" in str(info.value) and "cuda:0" in str(info.value)

    def test_default_device_cuda(self, restore_default_device):
        backends.set_default_device("cuda")
        assert ag.zeros(2).device == "cuda:0" and ag.tensor([1.0]).device == "cuda:0"

    def test_seed_reproducible(self):
        ag.manual_seed(3)
        first = ag.rand(5, device="cuda").tolist()
        ag.manual_seed(3)
        assert ag.rand(5, device="cuda").tolist() == first

    def test_dlpack(self):
        x = ag.arange(3.0, device="cuda")
        y = ag.from_dlpack(x._data)
        assert y.device == "cuda:0"
        y.add_(1)
        assert x.tolist() == [1.0, 2.0, 3.0]

    def test_missing_second_gpu(self):
        n = backends.cuda.device_count()
        with pytest.raises(RuntimeError, match="GPU"):
            ag.zeros(1, device=f"cuda:{n}")
