"""Statistics over observations: cov, corrcoef (compositions, so differentiable) and
histogram (counts, no gradient). Exported from ``reduction``."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import as_int, dtype_name
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to
from autograd.ops.elementwise.select import clamp
from autograd.ops.linalg.matmul import mm
from autograd.ops.reduction.extrema import return_types

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["cov", "corrcoef", "histogram"]


def _weights(w: Any, name: str, n: int, integral: bool) -> Tensor:
    if w.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got "
                           f"{name} with {w.ndim} dimensions")
    if w.numel() != n:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are "
                           f"observations in the input but got {w.numel()} != {n}")
    kind = w.dtype.kind
    if integral and kind not in "iu":
        raise RuntimeError(f"cov(): expected {name} to have integral dtype but got {name} "
                           f"with {dtype_name(w._data.dtype)} dtype")
    if not integral and kind not in "fV":
        raise RuntimeError(f"cov(): expected {name} to have floating point dtype but got "
                           f"{name} with {dtype_name(w._data.dtype)} dtype")
    if n and bool((w < 0).any()):
        raise RuntimeError(f"cov(): {name} cannot be negative")
    return w


def cov(input: Tensor, *, correction: int = 1, fweights: Tensor | None = None,
        aweights: Tensor | None = None) -> Tensor:
    """The covariance matrix of the variables in the rows of ``input`` (observations in its
    columns; a 1-D input is one variable), with frequency and observation weights."""
    if isinstance(correction, bool):
        raise TypeError("cov(): argument 'correction' must be int, not bool")
    correction = as_int(correction, "cov", "correction")
    if input.ndim > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an "
                           f"input with {input.ndim} dimensions")
    if input.dtype.kind == "b":
        raise RuntimeError("cov(): bool dtype is not supported for input")
    x = input if input.ndim == 2 else input.reshape(1, -1)
    if x.dtype.kind not in "fV":
        x = to(x, _dt.get_default_dtype())
    n = x.shape[1]
    w = None
    if fweights is not None:
        w = _weights(fweights, "fweights", n, True)
    if aweights is not None:
        aweights = _weights(aweights, "aweights", n, False)
        w = aweights if w is None else w * aweights
    if w is None:
        avg = x.mean(1)
        w_sum = n
    else:
        w_sum = w.sum()
        if float(w_sum) == 0:
            raise RuntimeError("cov(): weights sum to zero, can't be normalized")
        avg = (x * w).sum(1) / w_sum
    if w is None:
        norm = n - correction
    elif correction == 0:
        norm = w_sum
    elif aweights is None:
        norm = w_sum - correction
    else:
        norm = w_sum - correction * (w * aweights).sum() / w_sum
    if float(norm) <= 0:
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less "
                      "than the number of observations.", UserWarning, stacklevel=2)
        norm = 0 if not isinstance(norm, TensorBase) else norm.clamp_min(0)
    centred = x - avg.unsqueeze(1)
    c = mm(centred, (centred if w is None else centred * w).t())
    return (c / norm).squeeze()


def corrcoef(input: Tensor) -> Tensor:
    """The Pearson correlation coefficients of the variables in the rows of ``input``
    (``cov`` normalised by the standard deviations, clipped to [-1, 1])."""
    c = cov(input)
    if c.ndim == 0:
        return c / c
    std = c.diagonal().sqrt()
    c = c / std.unsqueeze(1) / std.unsqueeze(0)
    return clamp(c, -1, 1)


class Histogram(Function):
    @staticmethod
    def forward(ctx, x, bins, lo, hi, weight, density):
        xp = ctx.xp
        hist, edges = xp.histogram(x.reshape(-1), bins=bins,
                                   range=None if lo is None else (lo, hi),
                                   weights=None if weight is None else weight.reshape(-1),
                                   density=density)
        return hist.astype(x.dtype, copy=False), edges.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, ghist, gedges):
        # counts: PyTorch defines no derivative
        raise NotImplementedError("the derivative for 'histogram' is not implemented.")


def histogram(input: Tensor, bins: Any = 100, *, range: tuple[float, float] | None = None,
              weight: Tensor | None = None, density: bool = False) -> Any:
    """The named tuple ``(hist, bin_edges)``: counts (or weights) of the flattened input in
    ``bins`` equal bins over ``range`` (the data's by default), or in the bins whose edges
    the 1-D tensor ``bins`` gives; ``density`` normalises to a probability density."""
    if range is not None and isinstance(bins, TensorBase):
        raise TypeError("histogram(): range= goes with a number of bins, not with a bins "
                        "tensor (its edges)")
    if input.dtype.kind not in "fV":
        raise NotImplementedError(f'"histogram" not implemented for '
                                  f"'{dtype_name(input._data.dtype)}' (shape "
                                  f"{list(input.shape)}); it needs a floating tensor")
    if weight is not None:
        if weight.dtype != input.dtype:
            raise RuntimeError(f"histogram: input and weight tensor should have the same dtype, "
                               f"but got input({input.dtype}), and weight({weight.dtype})")
        if tuple(weight.shape) != tuple(input.shape):
            raise RuntimeError(f"histogram: if weight tensor is provided it should have the "
                               f"same shape as the input tensor, got {list(weight.shape)} and "
                               f"{list(input.shape)}")
    lo = hi = None
    if isinstance(bins, TensorBase):
        if bins.ndim != 1 or bins.numel() < 2:
            raise RuntimeError(f"histogram: bins tensor should have one dimension and at least "
                               f"2 elements (the edges of one bin), got shape "
                               f"{list(bins.shape)}")
        if bins.dtype != input.dtype:
            raise RuntimeError(f"histogram: input tensor and bins tensors should have the same "
                               f"dtype, but got input {input.dtype} and bins {bins.dtype}")
    else:
        if bins <= 0:
            raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for "
                               "dimension 0")
        if range is not None:
            lo, hi = float(range[0]), float(range[1])
            if lo > hi:
                raise RuntimeError(f"histogram: min should not exceed max, but got min {lo} "
                                   f"max {hi}")
        elif input.numel() == 0:
            lo, hi = 0.0, 1.0
    hist, edges = Histogram.apply(input, bins, lo, hi, weight, density)
    return return_types.histogram(hist, edges)
