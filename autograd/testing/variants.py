"""Checks on variants of a sample: the same values in non-contiguous memory, a zero-size
slice of it, and its integer arguments (which must never get a gradient).

The variants are derived from the sample the user gave, so ``check_op`` covers memory layout
and empty tensors without asking for extra samples. A zero-size variant the op refuses (an
error: the slice may break a shape rule, as in ``(0, 4) @ (3, 4)``) is reported as skipped
with the error; give the op a zero-size sample to check it strictly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import backends
from autograd.creation import tensor
from autograd.engine.tensor_base import TensorBase
from autograd.gradcheck import GradcheckError, gradcheck
from autograd.testing.checks import (
    Check,
    Skipped,
    describe,
    prefixed,
    reference_output,
    require,
    vjps,
)
from autograd.testing.comparison import assert_close
from autograd.testing.opinfo import (
    OpInfo,
    Sample,
    call,
    closure,
    float_positions,
    host,
    is_float,
    is_index,
    make_args,
)

__all__ = ["INTEGER_INPUTS", "NONCONTIGUOUS", "ZERO_SIZE"]


def _noncontiguous_reason(info: OpInfo, sample: Sample) -> str | None:
    if not any(is_float(a) and a.size >= 2 for a in sample.args):
        return "no floating-point input with two or more elements"
    return None


def _strided(a: np.ndarray, device: str) -> Any:
    """``a`` as a float64 leaf tensor on ``device`` in non-contiguous memory: its last two
    axes swapped in storage (as ``noncontiguous`` does), or every other element of a vector."""
    if a.ndim == 0:
        return tensor(a, dtype=np.float64, device=device, requires_grad=True)
    if a.ndim >= 2:
        storage = tensor(np.ascontiguousarray(np.swapaxes(a, -1, -2)), dtype=np.float64,
                         device=device)
        view = storage.transpose(-1, -2)
    else:
        buf = np.zeros(2 * a.shape[0])
        buf[::2] = a
        view = tensor(buf, dtype=np.float64, device=device)[::2]
    return view.detach().requires_grad_()


def _noncontiguous(info: OpInfo, sample: Sample, device: str) -> None:
    where = f"{describe(info, sample, device)}: non-contiguous inputs"
    dense = make_args(sample, device)
    strided = [_strided(a, device) if is_float(a) else d for a, d in zip(sample.args, dense)]
    out, grads = vjps(info, sample, dense)
    out_s, grads_s = vjps(info, sample, strided)
    assert_close(host(out_s), host(out), equal_nan=True,
                 msg=prefixed(f"{where} give a different result"))
    for p, a, b in zip(float_positions(sample), grads, grads_s):
        require((a is None) == (b is None),
                f"{where}: a gradient for input {p} in one layout only")
        if a is not None:
            assert_close(b, a, equal_nan=True,
                         msg=prefixed(f"{where} give a different gradient for input {p}"))


def _zero_size_reason(info: OpInfo, sample: Sample) -> str | None:
    floats = [a for a in sample.args if is_float(a)]
    if any(a.size == 0 for a in floats):
        return "the sample is zero-size already"
    if not any(a.ndim >= 1 for a in floats):
        return "no floating-point input with a dimension to empty"
    return None


def _zero_size_samples(sample: Sample) -> list[tuple[Sample, list[int]]]:
    """Zero-size variants to try, in order: the leading axis of the floating inputs' broadcast
    shape emptied in every input that has it (elementwise ops), then only in the first
    floating input of rank >= 1 (matmul-like ops)."""
    floats = [i for i, a in enumerate(sample.args) if is_float(a)]
    first = next(i for i in floats if sample.args[i].ndim >= 1)
    choices = [[first]]
    try:
        full = np.broadcast_shapes(*(sample.args[i].shape for i in floats))
    except ValueError:
        full = None
    if full:
        lead = [i for i in floats if sample.args[i].ndim == len(full)
                and sample.args[i].shape[0] == full[0]]
        if lead != [first]:
            choices.insert(0, lead)
    variants = []
    for emptied in choices:
        args = list(sample.args)
        for i in emptied:
            args[i] = args[i][:0]
        name = (sample.name + " zero-size").strip()
        variants.append((Sample(tuple(args), dict(sample.kwargs), name), emptied))
    return variants


def _zero_size(info: OpInfo, sample: Sample, device: str) -> None:
    errors = []
    for empty, emptied in _zero_size_samples(sample):
        try:
            out = call(info, empty, make_args(empty, device))
            # a GPU reports a failed value check (an index now out of range) at the next
            # host read: read it here, where it is the variant's refusal
            backends.device(device).backend.synchronize()
        except Exception as e:  # any refusal: the variant may break a shape rule
            errors.append(f"{type(e).__name__}: {e}")
            continue
        shapes = ", ".join(f"input {p}: {empty.args[p].shape}" for p in emptied)
        _check_zero_size(info, empty, out, f"{describe(info, sample, device)}: zero-size "
                                            f"variant ({shapes})", device)
        return
    raise Skipped(f"the op refuses the zero-size variants ({'; '.join(errors)}); give it a "
                  "zero-size sample to check it strictly")


def _check_zero_size(info: OpInfo, empty: Sample, out: Any, where: str, device: str) -> None:
    if info.ref is not None:
        expected = reference_output(info, info.ref(*empty.args, **empty.kwargs))
        got = host(out)
        require(got.shape == expected.shape,
                f"{where}: shape {got.shape}, the NumPy reference's {expected.shape}")
        assert_close(got, expected, rtol=info.rtol, atol=info.atol, equal_nan=True,
                     check_dtype=False, msg=prefixed(f"{where}: forward vs NumPy reference"))
    if info.differentiable and isinstance(out, TensorBase) and out.requires_grad:
        fn, inputs = closure(info, empty, make_args(empty, device))
        try:
            gradcheck(fn, inputs, eps=info.eps, atol=info.gradcheck_atol,
                      rtol=info.gradcheck_rtol, fast_mode=info.fast_mode)
        except GradcheckError as e:
            raise AssertionError(f"{where}: gradcheck failed: {e}") from None


def _integer_reason(info: OpInfo, sample: Sample) -> str | None:
    if not any(is_index(a) for a in sample.args):
        return "no integer or bool input in the sample"
    return None


def _integer_inputs(info: OpInfo, sample: Sample, device: str) -> None:
    where = describe(info, sample, device)
    args = make_args(sample, device)
    out = call(info, sample, args)
    if isinstance(out, TensorBase) and out.dtype.kind in "biu":
        require(not out.requires_grad,
                f"{where}: an {out.dtype} output requires grad")
    elif isinstance(out, TensorBase) and out.requires_grad:
        out.sum().backward()
    for p, a in enumerate(args):
        if is_index(sample.args[p]):
            require(not a.requires_grad and a.grad is None,
                    f"{where}: integer input {p} ({a.dtype}) got a gradient")


NONCONTIGUOUS = Check("noncontiguous", "non-contiguous inputs", "device", _noncontiguous_reason,
                      _noncontiguous)
ZERO_SIZE = Check("zero_size", "zero-size inputs", "device", _zero_size_reason, _zero_size)
INTEGER_INPUTS = Check("integer_inputs", "integer inputs get no gradient", "device",
                       _integer_reason, _integer_inputs)
