"""Registry-driven op tests: every registered op x sample x device.

Forward against NumPy (and PyTorch when importable), gradcheck and gradgradcheck in float64,
inputs not modified, float32 against float64, and cpu against cuda.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest

import autograd as ag
from tests.conftest import CUDA_REASON, torch_or_skip
from tests.opinfo import OpInfo, Sample, load_all

OPS = load_all()


def _samples(info: OpInfo) -> list[Sample]:
    rng = np.random.default_rng(zlib.crc32(info.name.encode()))
    return list(info.samples(rng))


CASES = [pytest.param(info, k, id=f"{info.name}-{k}") for info in OPS
         for k in range(len(_samples(info)))]


def _sample(info: OpInfo, k: int) -> Sample:
    return _samples(info)[k]


def _is_float(a) -> bool:
    return isinstance(a, np.ndarray) and a.dtype.kind == "f"


def _tensors(sample: Sample, device: str, dtype=np.float64, requires_grad: bool = True):
    out = []
    for a in sample.args:
        if _is_float(a):
            out.append(ag.tensor(a, dtype=dtype, device=device, requires_grad=requires_grad))
        elif isinstance(a, np.ndarray):
            out.append(ag.tensor(a, device=device))
        else:
            out.append(a)
    return out


def _output(info: OpInfo, result):
    if isinstance(result, tuple):
        return result[info.output_index or 0]
    return result


def _host(t) -> np.ndarray:
    return t.detach().cpu().numpy() if isinstance(t, ag.Tensor) else np.asarray(t)


def _call(info: OpInfo, sample: Sample, args):
    return _output(info, info.op(*args, **sample.kwargs))


def _differentiable_positions(sample: Sample) -> list[int]:
    return [i for i, a in enumerate(sample.args) if _is_float(a)]


def _closure(info: OpInfo, sample: Sample, args):
    """fn(*float_tensors) -> output, with the other arguments fixed."""
    positions = _differentiable_positions(sample)

    def fn(*xs):
        full = list(args)
        for p, x in zip(positions, xs):
            full[p] = x
        return _call(info, sample, full)

    return fn, [args[p] for p in positions]


@pytest.mark.parametrize("info,k", CASES)
def test_forward_matches_numpy(info: OpInfo, k: int, device: str) -> None:
    if info.ref is None:
        pytest.skip(f"{info.name} has no NumPy reference (compared with PyTorch instead)")
    sample = _sample(info, k)
    got = _call(info, sample, _tensors(sample, device))
    expected = info.ref(*sample.args, **sample.kwargs)
    if isinstance(expected, tuple):
        expected = expected[info.output_index or 0]
    got_host = _host(got)
    assert got_host.shape == np.shape(expected), f"{info.name} {sample}: shape"
    np.testing.assert_allclose(got_host, expected, atol=info.atol, rtol=info.rtol,
                               err_msg=f"{info.name} {sample}")


@pytest.mark.parametrize("info,k", CASES)
def test_matches_torch(info: OpInfo, k: int) -> None:
    torch = torch_or_skip()
    if info.torch_ref is None:
        pytest.skip(f"{info.name} has no PyTorch counterpart")
    sample = _sample(info, k)
    args = _tensors(sample, "cpu")
    targs = [torch.tensor(a.copy(order="C"), dtype=torch.float64, requires_grad=True)
             if _is_float(a)
             else torch.from_numpy(a.copy()) if isinstance(a, np.ndarray) else a
             for a in sample.args]
    got = _call(info, sample, args)
    expected = info.torch_ref(torch, *targs, **sample.kwargs)
    if isinstance(expected, tuple):
        expected = expected[info.output_index or 0]
    np.testing.assert_allclose(_host(got), expected.detach().numpy(), atol=info.atol,
                               rtol=info.rtol, err_msg=f"{info.name} {sample} forward")
    positions = _differentiable_positions(sample)
    if not (info.differentiable and positions and got.requires_grad):
        return
    v = np.random.default_rng(k).standard_normal(got.shape)
    (got * ag.tensor(v, dtype=ag.float64)).sum().backward()
    if not expected.requires_grad:  # PyTorch defines no derivative: ours must be zero
        for p in positions:
            assert args[p].grad is None or np.all(_host(args[p].grad) == 0), info.name
        return
    (expected * torch.tensor(v)).sum().backward()
    for p in positions:
        ours = args[p].grad
        theirs = targs[p].grad
        if theirs is None:
            assert ours is None or np.all(_host(ours) == 0), f"{info.name} input {p}"
            continue
        if ours is None:  # no path from this input: PyTorch may report explicit zeros
            assert np.all(theirs.numpy() == 0), f"{info.name} {sample}: no gradient for {p}"
            continue
        np.testing.assert_allclose(_host(ours), theirs.numpy(), atol=1e-6, rtol=1e-6,
                                   err_msg=f"{info.name} {sample} gradient of input {p}")


@pytest.mark.parametrize("info,k", CASES)
def test_gradcheck(info: OpInfo, k: int, device: str) -> None:
    if not info.differentiable:
        pytest.skip(f"{info.name} is not differentiable")
    sample = _sample(info, k)
    fn, inputs = _closure(info, sample, _tensors(sample, device))
    if not inputs:
        pytest.skip("no floating-point input in this sample")
    assert ag.gradcheck(fn, inputs, atol=info.gradcheck_atol, rtol=info.gradcheck_rtol)


@pytest.mark.parametrize("info,k", CASES)
def test_gradgradcheck(info: OpInfo, k: int, device: str) -> None:
    if not (info.differentiable and info.twice_differentiable):
        pytest.skip(f"{info.name} is not twice differentiable")
    sample = _sample(info, k)
    fn, inputs = _closure(info, sample, _tensors(sample, device))
    if not inputs:
        pytest.skip("no floating-point input in this sample")
    assert ag.gradgradcheck(fn, inputs, atol=info.gradcheck_atol, rtol=info.gradcheck_rtol)


@pytest.mark.parametrize("info,k", CASES)
def test_inputs_not_modified(info: OpInfo, k: int, device: str) -> None:
    sample = _sample(info, k)
    args = _tensors(sample, device)
    before = [_host(a).copy() if isinstance(a, ag.Tensor) else None for a in args]
    out = _call(info, sample, args)
    if out.requires_grad:
        out.sum().backward()
    for a, b in zip(args, before):
        if b is not None:
            np.testing.assert_array_equal(_host(a), b, err_msg=f"{info.name} modified an input")


@pytest.mark.parametrize("info,k", CASES)
def test_float32_matches_float64(info: OpInfo, k: int, device: str) -> None:
    if info.nondeterministic:
        pytest.skip("random op")
    sample = _sample(info, k)
    if not _differentiable_positions(sample):
        pytest.skip("no floating-point input in this sample")
    out64 = _call(info, sample, _tensors(sample, device, requires_grad=False))
    out32 = _call(info, sample, _tensors(sample, device, np.float32, requires_grad=False))
    if out64.dtype == ag.float64:
        assert out32.dtype == ag.float32, f"{info.name}: float32 in, {out32.dtype} out"
    np.testing.assert_allclose(_host(out32).astype(np.float64), _host(out64),
                               atol=info.float32_atol, rtol=info.float32_rtol,
                               err_msg=f"{info.name} {sample}")


@pytest.mark.cuda
@pytest.mark.skipif(CUDA_REASON is not None, reason=f"cuda unavailable: {CUDA_REASON}")
@pytest.mark.parametrize("info,k", CASES)
def test_cpu_matches_cuda(info: OpInfo, k: int) -> None:
    if info.nondeterministic:
        pytest.skip("random op")
    sample = _sample(info, k)
    results = []
    for device in ("cpu", "cuda"):
        args = _tensors(sample, device)
        out = _call(info, sample, args)
        grads = []
        if out.requires_grad:
            out.sum().backward()
            grads = [_host(a.grad) if a.grad is not None else None for a in args
                     if isinstance(a, ag.Tensor) and a.requires_grad]
        results.append((_host(out), grads))
    (cpu_out, cpu_grads), (gpu_out, gpu_grads) = results
    np.testing.assert_allclose(gpu_out, cpu_out, atol=1e-9, rtol=1e-9)
    for a, b in zip(cpu_grads, gpu_grads):
        if a is not None:
            np.testing.assert_allclose(b, a, atol=1e-9, rtol=1e-9)
