"""The checks that make an op trustworthy, one function each, written once.

``check_op`` runs all of them on a user's op; the project's registry tests
(tests/autograd/test_ops.py) run each as its own parametrized test. A check is a ``Check``:
``applies(info, sample)`` says why it does not apply to a sample (None when it does: cases
that do not apply are not run at all), and ``run(info, sample, ...)`` raises AssertionError
with a message naming the check, the op, the sample and the device when the op fails it, or
``Skipped`` when it cannot run here (a missing PyTorch, a single device).

Scopes: ``"device"`` checks run once per device, ``"dtype"`` ones once per device and
lower-precision dtype, ``"torch"`` ones once on the cpu with PyTorch, ``"devices"`` once
across all devices.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd.creation import tensor
from autograd.engine.backward import grad
from autograd.engine.tensor_base import TensorBase
from autograd.gradcheck import GradcheckError, gradcheck, gradgradcheck
from autograd.testing.comparison import assert_close
from autograd.testing.opinfo import (
    OpInfo,
    Sample,
    call,
    closure,
    float_positions,
    host,
    is_float,
    make_args,
)

__all__ = [
    "BACKWARD_TWICE",
    "DEVICES_AGREE",
    "FORWARD",
    "GRADCHECK",
    "GRADGRADCHECK",
    "INPUTS_NOT_MODIFIED",
    "LOW_PRECISION",
    "TORCH_FORWARD",
    "TORCH_GRADIENT",
    "Check",
    "Skipped",
]


class Skipped(Exception):
    """A check that cannot run here; the message says why."""


@dataclass(frozen=True)
class Check:
    """One check: its name, its report title, where it runs, when it applies, and the run."""

    name: str
    title: str
    scope: str
    applies: Callable[[OpInfo, Sample], str | None]
    run: Callable[..., None]


def require(condition: bool, message: str) -> None:
    """Raise AssertionError(message) unless ``condition`` (an ``assert`` that ``python -O``
    cannot turn off: a check must be able to fail)."""
    if not condition:
        raise AssertionError(message)


def describe(info: OpInfo, sample: Sample, device: str | None = None) -> str:
    """``op(sample) on device``: how messages name a run."""
    return f"{info.name}{sample!r}" + (f" on {device}" if device else "")


def _has_float(sample: Sample) -> bool:
    return any(is_float(a) for a in sample.args)


def _no_float(info: OpInfo, sample: Sample) -> str | None:
    return None if _has_float(sample) else "no floating-point input in the sample"


def _grad_reason(info: OpInfo, sample: Sample) -> str | None:
    if not info.differentiable:
        return "the op is not differentiable (order=0)"
    return _no_float(info, sample)


def _gradgrad_reason(info: OpInfo, sample: Sample) -> str | None:
    if info.differentiable and not info.twice_differentiable:
        return "second derivatives not asked for (order=1)"
    return _grad_reason(info, sample)


def prefixed(prefix: str) -> Callable[[str], str]:
    """An ``assert_close`` msg that puts ``prefix`` on a line above its own message."""
    return lambda generated: f"{prefix}\n{generated}"


def reference_output(info: OpInfo, value: Any) -> np.ndarray:
    """A reference's result as an array (its ``output_index`` item when it is a tuple)."""
    if isinstance(value, tuple):
        value = value[info.output_index or 0]
    return np.asarray(value)


# -- forward ---------------------------------------------------------------------------------


def _forward(info: OpInfo, sample: Sample, device: str) -> None:
    got = host(call(info, sample, make_args(sample, device)))
    expected = reference_output(info, info.ref(*sample.args, **sample.kwargs))
    where = describe(info, sample, device)
    require(got.shape == expected.shape,
            f"{where}: forward vs NumPy reference: shape {got.shape}, the reference's "
            f"{expected.shape}")
    assert_close(got, expected, rtol=info.rtol, atol=info.atol, equal_nan=True,
                 check_dtype=False, msg=prefixed(f"{where}: forward vs NumPy reference"))


def torch_args(torch: Any, sample: Sample) -> list:
    """The sample's arguments as PyTorch tensors (float64 ones require grad)."""
    return [torch.tensor(a.copy(order="C"), dtype=torch.float64, requires_grad=True)
            if is_float(a)
            else torch.from_numpy(a.copy()) if isinstance(a, np.ndarray) else a
            for a in sample.args]


def _torch_output(info: OpInfo, torch: Any, sample: Sample, targs: list) -> Any:
    expected = info.torch_ref(torch, *targs, **sample.kwargs)
    if isinstance(expected, tuple):
        expected = expected[info.output_index or 0]
    return expected


def _torch_forward(info: OpInfo, sample: Sample, torch: Any) -> None:
    got = call(info, sample, make_args(sample, "cpu"))
    expected = _torch_output(info, torch, sample, torch_args(torch, sample))
    where = describe(info, sample)
    require(tuple(got.shape) == tuple(expected.shape),
            f"{where}: forward vs PyTorch: shape {tuple(got.shape)}, PyTorch's "
            f"{tuple(expected.shape)}")
    assert_close(host(got), expected.detach().numpy(), rtol=info.rtol, atol=info.atol,
                 equal_nan=True, check_dtype=False,
                 msg=prefixed(f"{where}: forward vs PyTorch"))


def _torch_gradient_reason(info: OpInfo, sample: Sample) -> str | None:
    if info.torch_ref is None:
        return "no PyTorch reference"
    compares = info.differentiable if info.torch_gradient is None else info.torch_gradient
    return _no_float(info, sample) if compares else "the op's gradient is not compared"


def _torch_gradient(info: OpInfo, sample: Sample, torch: Any) -> None:
    """v^T J for a random v, against PyTorch's; where PyTorch defines no derivative (it
    returns a tensor that does not require grad), ours must be zero."""
    args = make_args(sample, "cpu")
    targs = torch_args(torch, sample)
    got = call(info, sample, args)
    expected = _torch_output(info, torch, sample, targs)
    where = describe(info, sample)
    require(got.requires_grad,
            f"{where}: gradient vs PyTorch: the output does not require grad")
    v = np.random.default_rng(0).standard_normal(got.shape)
    (got * tensor(v, dtype=got.dtype)).sum().backward()
    if expected.requires_grad:
        (expected * torch.tensor(v)).sum().backward()
    for p in float_positions(sample):
        ours, theirs = args[p].grad, targs[p].grad
        what = f"{where}: gradient vs PyTorch, input {p}"
        if theirs is None:
            require(ours is None or not np.any(host(ours)),
                    f"{what}: PyTorch has none")
        elif ours is None:  # no path from this input: PyTorch may report explicit zeros
            require(not np.any(theirs.numpy()),
                    f"{what}: no gradient, PyTorch's is not zero")
        else:
            assert_close(host(ours), theirs.numpy(), rtol=1e-6, atol=1e-6,
                         msg=prefixed(what))


# -- gradients -------------------------------------------------------------------------------


def _gradcheck(info: OpInfo, sample: Sample, device: str, second: bool = False) -> None:
    fn, inputs = closure(info, sample, make_args(sample, device))
    check = gradgradcheck if second else gradcheck
    try:
        check(fn, inputs, eps=info.eps, atol=info.gradcheck_atol, rtol=info.gradcheck_rtol,
              fast_mode=info.fast_mode)
    except GradcheckError as e:
        name = "gradgradcheck" if second else "gradcheck"
        raise AssertionError(f"{describe(info, sample, device)}: {name} failed: {e}") from None


def _gradgradcheck(info: OpInfo, sample: Sample, device: str) -> None:
    _gradcheck(info, sample, device, second=True)


def vjps(info: OpInfo, sample: Sample, args: list, v: np.ndarray | None = None,
         out: Any = None) -> tuple[Any, list]:
    """The output and d(v . out)/d float args as host arrays (None: no gradient)."""
    out = call(info, sample, args) if out is None else out
    xs = [args[p] for p in float_positions(sample)]
    if not out.requires_grad:
        return out, [None] * len(xs)
    if v is None:
        v = np.random.default_rng(1).standard_normal(out.shape)
    grads = grad(out, xs, tensor(v, dtype=out.dtype, device=out.device), retain_graph=True,
                 allow_unused=True)
    return out, [None if g is None else host(g).copy() for g in grads]


def _backward_twice(info: OpInfo, sample: Sample, device: str) -> None:
    where = describe(info, sample, device)
    args = make_args(sample, device)
    out = call(info, sample, args)
    if not out.requires_grad:
        raise Skipped("the output does not require grad")
    _, first = vjps(info, sample, args, out=out)
    _, second = vjps(info, sample, args, out=out)
    runs = [("the same graph", second)]
    if not info.nondeterministic:
        runs.append(("a fresh forward", vjps(info, sample, make_args(sample, device))[1]))
    for what, again in runs:
        for p, a, b in zip(float_positions(sample), first, again):
            same = (a is None and b is None) or (
                a is not None and b is not None and np.array_equal(a, b, equal_nan=True))
            if not same:
                diff = (float("inf") if a is None or b is None
                        else float(np.nanmax(np.abs(a - b), initial=0.0)))
                raise AssertionError(
                    f"{where}: backward is not reentrant: run twice (through {what}) with the "
                    f"same grad_output it gave different gradients for input {p} (max "
                    f"difference {diff!r}); backward must not keep or modify state between "
                    "calls")


# -- values ----------------------------------------------------------------------------------


def _changed(before: np.ndarray, after: np.ndarray) -> str:
    bad = ~((before == after) | (np.isnan(before) & np.isnan(after))
            if before.dtype.kind in "fcV" else before == after)
    k = int(np.argmax(bad.reshape(-1)))
    idx = tuple(int(i) for i in np.unravel_index(k, before.shape))
    return (f"{int(bad.sum())} of {bad.size} elements changed, e.g. at index {idx}: "
            f"{before.reshape(-1)[k].item()!r} became {after.reshape(-1)[k].item()!r}")


def _inputs_not_modified(info: OpInfo, sample: Sample, device: str) -> None:
    where = describe(info, sample, device)
    args = make_args(sample, device)
    tensors = [(p, a) for p, a in enumerate(args) if isinstance(a, TensorBase)]
    before = {p: host(a).copy() for p, a in tensors}

    def verify(stage: str) -> None:
        for p, a in tensors:
            now = host(a)
            if now.shape != before[p].shape or not np.array_equal(now, before[p],
                                                                  equal_nan=True):
                detail = (f"its shape became {now.shape}" if now.shape != before[p].shape
                          else _changed(before[p], now))
                raise AssertionError(f"{where}: {stage} modified input {p} in place ({detail})")

    out = call(info, sample, args)
    verify("forward")
    # an op declared not differentiable may still refuse a backward (as PyTorch's geqrf does)
    if isinstance(out, TensorBase) and out.requires_grad and info.differentiable:
        out.sum().backward()
        verify("backward")


def _low_precision_reason(info: OpInfo, sample: Sample) -> str | None:
    if info.nondeterministic:
        return "random op: its draws differ by dtype"
    return _no_float(info, sample)


def _low_precision(info: OpInfo, sample: Sample, device: str, dtype: Any = np.float32) -> None:
    dtype = np.dtype(dtype)
    out64 = call(info, sample, make_args(sample, device, requires_grad=False))
    low = call(info, sample, make_args(sample, device, dtype, requires_grad=False))
    where = f"{describe(info, sample, device)} in {dtype.name}"
    # float outputs follow the inputs' precision; bool and integer outputs keep their dtype
    expected_dtype = dtype if out64.dtype == np.float64 else out64.dtype
    require(low.dtype == expected_dtype,
            f"{where}: {dtype.name} in, {low.dtype} out")
    atol, rtol = info.float32_atol, info.float32_rtol
    if dtype.itemsize < 4:  # float16 keeps about 3 significant digits
        atol, rtol = max(atol, 1e-2), max(rtol, 1e-2)
    assert_close(host(low).astype(np.float64), host(out64), rtol=rtol, atol=atol,
                 equal_nan=True, check_dtype=False,
                 msg=prefixed(f"{where}: result vs float64"))


def _devices_agree(info: OpInfo, sample: Sample, devices: Sequence[str]) -> None:
    if len(devices) < 2:
        raise Skipped(f"only one device to compare ({', '.join(devices)})")
    results = []
    for device in devices:
        args = make_args(sample, device)
        out = call(info, sample, args)
        grads = []
        if out.requires_grad and info.differentiable:
            out.sum().backward()
            grads = [None if a.grad is None else host(a.grad) for a in args
                     if isinstance(a, TensorBase) and a.requires_grad]
        results.append((device, host(out), grads))
    first, out0, grads0 = results[0]
    for device, out, grads in results[1:]:
        what = f"{describe(info, sample)}: {device} vs {first}"
        assert_close(out, out0, rtol=1e-9, atol=1e-9, equal_nan=True,
                     msg=prefixed(f"{what}, forward"))
        require(len(grads) == len(grads0),
                f"{what}: gradients for different inputs")
        for p, (a, b) in enumerate(zip(grads0, grads)):
            require((a is None) == (b is None),
                    f"{what}: a gradient on one device only")
            if a is not None:
                assert_close(b, a, rtol=1e-9, atol=1e-9, equal_nan=True,
                             msg=prefixed(f"{what}, gradient of input {p}"))


FORWARD = Check("forward", "forward vs NumPy reference", "device",
                lambda info, sample: None if info.ref is not None else "no NumPy reference",
                _forward)
TORCH_FORWARD = Check("torch_forward", "forward vs PyTorch", "torch",
                      lambda info, sample: (None if info.torch_ref is not None
                                            else "no PyTorch reference"), _torch_forward)
TORCH_GRADIENT = Check("torch_gradient", "gradient vs PyTorch", "torch",
                       _torch_gradient_reason, _torch_gradient)
GRADCHECK = Check("gradcheck", "gradcheck (float64)", "device", _grad_reason, _gradcheck)
GRADGRADCHECK = Check("gradgradcheck", "gradgradcheck (float64)", "device", _gradgrad_reason,
                      _gradgradcheck)
BACKWARD_TWICE = Check("backward_twice", "backward run twice", "device", _grad_reason,
                       _backward_twice)
INPUTS_NOT_MODIFIED = Check("inputs_not_modified", "inputs not modified", "device",
                            lambda info, sample: None, _inputs_not_modified)
LOW_PRECISION = Check("low_precision", "lower precision vs float64", "dtype",
                      _low_precision_reason, _low_precision)
DEVICES_AGREE = Check("devices_agree", "devices agree", "devices",
                      lambda info, sample: ("random op: its draws differ by device"
                                            if info.nondeterministic else None),
                      _devices_agree)
