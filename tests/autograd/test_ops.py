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


def _sample(info: OpInfo, k: int) -> Sample:
    """Sample ``k`` of ``info``, drawn afresh (same seed) so no test sees another's arrays."""
    return _samples(info)[k]


def _is_float(a) -> bool:
    return isinstance(a, np.ndarray) and a.dtype.kind == "f"


def _cases(applies) -> list:
    """(op, sample) parameters for which ``applies(info, sample)`` holds: a check that does
    not apply to a sample is not collected at all (rather than collected and skipped)."""
    return [pytest.param(info, k, id=f"{info.name}-{k}") for info in OPS
            for k, sample in enumerate(_samples(info)) if applies(info, sample)]


def _compares_torch_gradient(info: OpInfo) -> bool:
    return info.differentiable if info.torch_gradient is None else info.torch_gradient


def _has_float_input(sample: Sample) -> bool:
    return any(_is_float(a) for a in sample.args)


CASES = _cases(lambda info, sample: True)
NUMPY_CASES = _cases(lambda info, sample: info.ref is not None)
TORCH_CASES = _cases(lambda info, sample: info.torch_ref is not None)
TORCH_GRAD_CASES = _cases(lambda info, sample: info.torch_ref is not None
                          and _compares_torch_gradient(info) and _has_float_input(sample))
GRAD_CASES = _cases(lambda info, sample: info.differentiable and _has_float_input(sample))
GRADGRAD_CASES = _cases(lambda info, sample: info.differentiable and info.twice_differentiable
                        and _has_float_input(sample))
# Random ops draw different values per dtype and device: compared by the statistics tests.
DTYPE_CASES = _cases(lambda info, sample: not info.nondeterministic and _has_float_input(sample))
DEVICE_CASES = _cases(lambda info, sample: not info.nondeterministic)


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


@pytest.mark.parametrize("info,k", NUMPY_CASES)
def test_forward_matches_numpy(info: OpInfo, k: int, device: str) -> None:
    sample = _sample(info, k)
    got = _call(info, sample, _tensors(sample, device))
    expected = info.ref(*sample.args, **sample.kwargs)
    if isinstance(expected, tuple):
        expected = expected[info.output_index or 0]
    got_host = _host(got)
    assert got_host.shape == np.shape(expected), f"{info.name} {sample}: shape"
    np.testing.assert_allclose(got_host, expected, atol=info.atol, rtol=info.rtol,
                               err_msg=f"{info.name} {sample}")


def _torch_args(torch, sample: Sample) -> list:
    return [torch.tensor(a.copy(order="C"), dtype=torch.float64, requires_grad=True)
            if _is_float(a)
            else torch.from_numpy(a.copy()) if isinstance(a, np.ndarray) else a
            for a in sample.args]


def _torch_output(info: OpInfo, torch, sample: Sample, targs):
    expected = info.torch_ref(torch, *targs, **sample.kwargs)
    if isinstance(expected, tuple):
        expected = expected[info.output_index or 0]
    return expected


@pytest.mark.parametrize("info,k", TORCH_CASES)
def test_forward_matches_torch(info: OpInfo, k: int) -> None:
    torch = torch_or_skip()
    sample = _sample(info, k)
    got = _call(info, sample, _tensors(sample, "cpu"))
    expected = _torch_output(info, torch, sample, _torch_args(torch, sample))
    assert tuple(got.shape) == tuple(expected.shape), f"{info.name} {sample}: shape"
    np.testing.assert_allclose(_host(got), expected.detach().numpy(), atol=info.atol,
                               rtol=info.rtol, err_msg=f"{info.name} {sample} forward")


@pytest.mark.parametrize("info,k", TORCH_GRAD_CASES)
def test_gradient_matches_torch(info: OpInfo, k: int) -> None:
    """v^T J for a random v, against PyTorch's; where PyTorch defines no derivative (it
    returns a tensor that does not require grad), ours must be zero."""
    torch = torch_or_skip()
    sample = _sample(info, k)
    args = _tensors(sample, "cpu")
    targs = _torch_args(torch, sample)
    got = _call(info, sample, args)
    expected = _torch_output(info, torch, sample, targs)
    assert got.requires_grad, f"{info.name} {sample}: output does not require grad"
    v = np.random.default_rng(k).standard_normal(got.shape)
    (got * ag.tensor(v, dtype=ag.float64)).sum().backward()
    if expected.requires_grad:
        (expected * torch.tensor(v)).sum().backward()
    for p in _differentiable_positions(sample):
        ours = args[p].grad
        theirs = targs[p].grad
        if theirs is None:
            assert ours is None or np.all(_host(ours) == 0), f"{info.name} input {p}"
        elif ours is None:  # no path from this input: PyTorch may report explicit zeros
            assert np.all(theirs.numpy() == 0), f"{info.name} {sample}: no gradient for {p}"
        else:
            np.testing.assert_allclose(_host(ours), theirs.numpy(), atol=1e-6, rtol=1e-6,
                                       err_msg=f"{info.name} {sample} gradient of input {p}")


@pytest.mark.parametrize("info,k", GRAD_CASES)
def test_gradcheck(info: OpInfo, k: int, device: str) -> None:
    sample = _sample(info, k)
    fn, inputs = _closure(info, sample, _tensors(sample, device))
    assert ag.gradcheck(fn, inputs, atol=info.gradcheck_atol, rtol=info.gradcheck_rtol)


@pytest.mark.parametrize("info,k", GRADGRAD_CASES)
def test_gradgradcheck(info: OpInfo, k: int, device: str) -> None:
    sample = _sample(info, k)
    fn, inputs = _closure(info, sample, _tensors(sample, device))
    assert ag.gradgradcheck(fn, inputs, atol=info.gradcheck_atol, rtol=info.gradcheck_rtol)


@pytest.mark.parametrize("info,k", CASES)
def test_inputs_not_modified(info: OpInfo, k: int, device: str) -> None:
    sample = _sample(info, k)
    args = _tensors(sample, device)
    before = [_host(a).copy() if isinstance(a, ag.Tensor) else None for a in args]
    out = _call(info, sample, args)
    if out.requires_grad:  # the backward pass must not write into the inputs either
        out.sum().backward()
    for a, b in zip(args, before):
        if b is not None:
            np.testing.assert_array_equal(_host(a), b, err_msg=f"{info.name} modified an input")


@pytest.mark.parametrize("info,k", DTYPE_CASES)
def test_float32_matches_float64(info: OpInfo, k: int, device: str) -> None:
    sample = _sample(info, k)
    out64 = _call(info, sample, _tensors(sample, device, requires_grad=False))
    out32 = _call(info, sample, _tensors(sample, device, np.float32, requires_grad=False))
    # float outputs follow the inputs' precision; bool and integer outputs keep their dtype
    expected_dtype = ag.float32 if out64.dtype == ag.float64 else out64.dtype
    assert out32.dtype == expected_dtype, f"{info.name}: float32 in, {out32.dtype} out"
    np.testing.assert_allclose(_host(out32).astype(np.float64), _host(out64),
                               atol=info.float32_atol, rtol=info.float32_rtol,
                               err_msg=f"{info.name} {sample}")


@pytest.mark.cuda
@pytest.mark.skipif(CUDA_REASON is not None, reason=f"cuda unavailable: {CUDA_REASON}")
@pytest.mark.parametrize("info,k", DEVICE_CASES)
def test_cpu_matches_cuda(info: OpInfo, k: int) -> None:
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
    assert len(gpu_grads) == len(cpu_grads)
    for a, b in zip(cpu_grads, gpu_grads):
        assert (a is None) == (b is None), f"{info.name}: a gradient on one device only"
        if a is not None:
            np.testing.assert_allclose(b, a, atol=1e-9, rtol=1e-9)
