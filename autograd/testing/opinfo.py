"""What the checks know about an op (``OpInfo``) and one call of it (``Sample``).

A sample's positional arguments are NumPy arrays (floating arrays become floating tensors that
require grad, in the dtype and on the device under test; integer and bool arrays become
constant tensors), Python scalars (passed as they are), or anything else (passed as is: shapes,
dims). Keyword arguments are passed as they are. The checks rebuild the tensors from these
arrays for every device and dtype, so no check sees another's tensors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd.creation import tensor
from autograd.engine.tensor_base import TensorBase

__all__ = ["OpInfo", "Sample", "noncontiguous"]


@dataclass
class Sample:
    """One call of an op: ``op(*args, **kwargs)`` (``name`` labels it in reports)."""

    args: tuple
    kwargs: dict = field(default_factory=dict)
    name: str = ""

    def __repr__(self) -> str:
        parts = []
        for a in self.args:
            if isinstance(a, np.ndarray):
                parts.append(f"{a.dtype.name}{list(a.shape)}")
            else:
                parts.append(repr(a))
        parts += [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{self.name or ''}({', '.join(parts)})"


@dataclass
class OpInfo:
    """What the checks need to know about one op.

    - ``op(*args, **kwargs)``: the call under test (Tensors in, Tensor or tuple of Tensors out).
    - ``samples(rng)``: a list of Samples (float arrays there are float64), or None where the
      samples are given to the check directly (``check_op``).
    - ``ref(*args, **kwargs)``: the same on NumPy arrays (float64), or None.
    - ``torch_ref(torch, *args, **kwargs)``: the same with ``torch`` Tensors, or None.
    - ``differentiable``: gradcheck it; ``twice_differentiable``: gradgradcheck it.
    - ``torch_gradient``: compare v^T J with PyTorch's (default: ``differentiable``); set for
      ops whose gradient is not the derivative gradcheck measures (rounding casts, PyTorch's
      gradient options) but still PyTorch's to match.
    - ``output_index``: for ops returning a tuple, the differentiable output checked.
    - ``atol``/``rtol``: forward against the references; ``float32_*``: float32 (and
      float16) results against float64; ``gradcheck_*``: gradcheck's tolerances.
    - ``nondeterministic``: random ops, left out of the cross-device and cross-dtype
      comparisons (their draws differ by dtype and device).
    - ``eps``, ``fast_mode``: gradcheck's step and mode (None: fast for large Jacobians).
    """

    name: str
    op: Callable[..., Any]
    samples: Callable[[np.random.Generator], Sequence[Sample]] | None = None
    ref: Callable[..., Any] | None = None
    torch_ref: Callable[..., Any] | None = None
    differentiable: bool = True
    twice_differentiable: bool = True
    torch_gradient: bool | None = None
    output_index: int | None = None
    atol: float = 1e-7
    rtol: float = 1e-7
    float32_atol: float = 1e-4
    float32_rtol: float = 1e-3
    gradcheck_atol: float = 1e-5
    gradcheck_rtol: float = 1e-3
    nondeterministic: bool = False
    eps: float = 1e-6
    fast_mode: bool | None = None


def noncontiguous(x: np.ndarray) -> np.ndarray:
    """The same values in a non-contiguous (transposed-storage) array."""
    if x.ndim >= 2:
        return np.asfortranarray(x)
    buf = np.empty(2 * x.size, dtype=x.dtype)
    buf[::2] = x.ravel()
    return buf[::2].reshape(x.shape)


# -- building the call from a sample -------------------------------------------------------


def is_float(a: Any) -> bool:
    """A floating-point array: the arguments the checks differentiate."""
    return isinstance(a, np.ndarray) and a.dtype.kind in "fV"


def is_index(a: Any) -> bool:
    """An integer or bool array: a constant index or mask tensor."""
    return isinstance(a, np.ndarray) and a.dtype.kind in "biu"


def float_positions(sample: Sample) -> list[int]:
    return [i for i, a in enumerate(sample.args) if is_float(a)]


def make_args(sample: Sample, device: str, dtype: Any = np.float64,
              requires_grad: bool = True) -> list:
    """The sample's arguments as tensors on ``device`` (floating ones in ``dtype``)."""
    out = []
    for a in sample.args:
        if is_float(a):
            out.append(tensor(a, dtype=dtype, device=device, requires_grad=requires_grad))
        elif isinstance(a, np.ndarray):
            out.append(tensor(a, device=device))
        else:
            out.append(a)
    return out


def output(info: OpInfo, result: Any) -> Any:
    """The checked output of a call (``output_index`` of a tuple)."""
    if isinstance(result, tuple):
        return result[info.output_index or 0]
    return result


def call(info: OpInfo, sample: Sample, args: Sequence[Any]) -> Any:
    return output(info, info.op(*args, **sample.kwargs))


def closure(info: OpInfo, sample: Sample, args: list) -> tuple[Callable[..., Any], list]:
    """fn(*float_tensors) -> output, with the other arguments fixed; and the float tensors."""
    positions = float_positions(sample)

    def fn(*xs: Any) -> Any:
        full = list(args)
        for p, x in zip(positions, xs):
            full[p] = x
        return call(info, sample, full)

    return fn, [args[p] for p in positions]


def host(t: Any) -> np.ndarray:
    """A tensor's values as a NumPy array (anything else through ``np.asarray``)."""
    if isinstance(t, TensorBase):
        return t.numpy(force=True)
    return np.asarray(t)
