"""More pooling: max_pool3d, avg_pool1d/3d, adaptive_max_pool1d/2d, adaptive_avg_pool1d/3d,
max_unpool1d/2d/3d, lp_pool1d/2d/3d (PyTorch semantics).

The fixed-window ones reuse ``pool``'s n-dimensional geometry and Functions. Adaptive windows
differ in size, so adaptive max pooling gathers each window's positions (the last repeated to
the widest window, which cannot change a maximum) and takes the max, one spatial dim at a
time: the first maximum in row-major window order wins, as in PyTorch, and the gradient
reaches that one element. Adaptive average pooling multiplies by the averaging matrix of
each dim. Unpooling scatters into zeros; lp pooling is PyTorch's composition of avg pooling.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import check_float, refuse_bool
from autograd.creation import as_tensor, zeros
from autograd.ops.linalg.matmul import matmul
from autograd.ops.nn.pool import (
    AvgPool,
    _adaptive_matrix,
    _divisor,
    _geometry,
    _ints,
    _max_pool,
    adaptive_avg_pool2d,
    adaptive_shape_check,
    avg_pool2d,
)

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["max_pool3d", "avg_pool1d", "avg_pool3d", "adaptive_max_pool1d",
           "adaptive_max_pool2d", "adaptive_max_pool3d", "adaptive_avg_pool1d",
           "adaptive_avg_pool3d", "max_unpool1d", "max_unpool2d", "max_unpool3d", "lp_pool1d",
           "lp_pool2d", "lp_pool3d", "max_pool3d_with_indices", "adaptive_max_pool1d_with_indices",
           "adaptive_max_pool2d_with_indices", "adaptive_max_pool3d_with_indices"]


def max_pool3d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """Max over sliding windows of the last three dims of ``(N, C, D, H, W)`` or
    ``(C, D, H, W)`` input; with ``return_indices`` also the flat argmax in each volume."""
    refuse_bool("max_pool3d", input)
    return _max_pool("max_pool3d", 3, input, kernel_size, stride, padding, dilation, ceil_mode,
                     return_indices)


def max_pool3d_with_indices(input: Tensor, kernel_size: Any, stride: Any = None,
                            padding: Any = 0, dilation: Any = 1, ceil_mode: bool = False,
                            return_indices: bool = False) -> tuple[Tensor, Tensor]:
    """``max_pool3d`` returning ``(values, indices)`` whatever ``return_indices`` says."""
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def _avg_pool(op: str, n: int, input: Tensor, kernel_size: Any, stride: Any, padding: Any,
              ceil_mode: bool, count_include_pad: bool, divisor_override: Any) -> Tensor:
    g = _geometry(op, tuple(input.shape), n, kernel_size, stride, padding, 1, ceil_mode)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError(f"{op}(): divisor must be not zero (input shape {list(input.shape)})")
    if input.dtype.kind not in "fV":
        raise RuntimeError(f"{op}(): expected a floating-point input, got {input.dtype} "
                           f"(shape {list(input.shape)})")
    div = _divisor(input.device.backend, g, count_include_pad, divisor_override, input.dtype)
    return AvgPool.apply(input, geometry=g, divisor=div)


def avg_pool1d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
               ceil_mode: bool = False, count_include_pad: bool = True) -> Tensor:
    """Mean over sliding windows of the last dim of ``(N, C, L)`` or ``(C, L)`` input."""
    refuse_bool("avg_pool1d", input)
    return _avg_pool("avg_pool1d", 1, input, kernel_size, stride, padding, ceil_mode,
                     count_include_pad, None)


def avg_pool3d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0,
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """Mean over sliding windows of the last three dims of ``(N, C, D, H, W)`` or
    ``(C, D, H, W)`` input."""
    refuse_bool("avg_pool3d", input)
    return _avg_pool("avg_pool3d", 3, input, kernel_size, stride, padding, ceil_mode,
                     count_include_pad, divisor_override)


# -- adaptive pooling ----------------------------------------------------------------------------


def _output_size(op: str, input: Tensor, output_size: Any, n: int) -> tuple:
    shape = tuple(input.shape)
    # the averages need non-empty spatial dims, the maxima every dim but the first
    checked = range(-n, 0) if "avg" in op else range(1, len(shape))
    adaptive_shape_check(op, shape, output_size, n, checked)
    if isinstance(output_size, (int, np.integer)) or output_size is None:
        output_size = (output_size,) * n
    if not isinstance(output_size, Sequence) or len(output_size) != n:
        raise RuntimeError(f"{op}(): output_size must be {n} (got {output_size!r})")
    out = tuple(s if o is None else int(o) for s, o in zip(shape[-n:], output_size))
    if min(out) < 0:
        raise RuntimeError(f"{op}(): elements of output_size must be greater than or equal to "
                           f"0 but received {list(output_size)}")
    return out


def _windows(n: int, out: int) -> np.ndarray:
    """(out, kmax) positions of PyTorch's adaptive windows [floor(i n/out), ceil((i+1) n/out)),
    each padded with its own last position."""
    i = np.arange(out)
    start = (i * n) // out
    end = -((-(i + 1) * n) // out)
    width = int((end - start).max()) if out else 1
    pos = start[:, None] + np.arange(width)[None, :]
    return np.minimum(pos, (end - 1)[:, None])


def _window_max(x: Tensor, axis: int, idx: np.ndarray) -> tuple[Tensor, Tensor]:
    """Max of ``x`` over the windows ``idx`` (out, k) of dim ``axis`` (negative): values with
    that dim of size out, and each maximum's position along the dim (int64)."""
    out, k = idx.shape
    flat = as_tensor(idx.reshape(-1), device=x.device)
    g = x.index_select(axis, flat)
    shape = list(g.shape)
    pos = len(shape) + axis
    g = g.reshape(shape[:pos] + [out, k] + shape[pos + 1:])
    values, arg = g.max(pos + 1)
    # the indices carry no gradient: look each window's argmax up on the raw arrays
    xp = x.device.backend
    table = xp.asarray(idx)
    moved = xp.moveaxis(arg._data, pos, -1)
    chosen = xp.moveaxis(table[xp.arange(out), moved], -1, pos)
    return values, as_tensor(chosen, device=x.device)


def adaptive_max_pool1d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:
    """Max over the windows that split the last dim of ``(N, C, L)`` or ``(C, L)`` input into
    ``output_size`` parts; with ``return_indices`` also each maximum's position along L."""
    check_float("adaptive_max_pool1d", input)  # no integer or bool kernels in PyTorch
    (o,) = _output_size("adaptive_max_pool1d", input, output_size, 1)
    values, pos = _window_max(input, -1, _windows(input.shape[-1], o))
    return (values, pos) if return_indices else values


def adaptive_max_pool2d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:
    """Max over the windows that split the last two dims into ``output_size`` parts; with
    ``return_indices`` also each maximum's flat position in its ``H * W`` plane."""
    check_float("adaptive_max_pool2d", input)  # no integer or bool kernels in PyTorch
    oh, ow = _output_size("adaptive_max_pool2d", input, output_size, 2)
    h, w = input.shape[-2:]
    rows_max, col = _window_max(input, -1, _windows(w, ow))  # (..., H, ow)
    values, row = _window_max(rows_max, -2, _windows(h, oh))  # (..., oh, ow)
    if not return_indices:
        return values
    col_at = col.gather(col.ndim - 2, row)  # the column of the maximum in its row
    return values, row * w + col_at


def adaptive_max_pool3d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:
    """Max over the windows that split the last three dims into ``output_size`` parts; with
    ``return_indices`` also each maximum's flat position in its ``D * H * W`` volume."""
    check_float("adaptive_max_pool3d", input)  # no integer or bool kernels in PyTorch
    od, oh, ow = _output_size("adaptive_max_pool3d", input, output_size, 3)
    d, h, w = input.shape[-3:]
    m1, col = _window_max(input, -1, _windows(w, ow))  # (..., D, H, ow)
    m2, row = _window_max(m1, -2, _windows(h, oh))  # (..., D, oh, ow)
    values, depth = _window_max(m2, -3, _windows(d, od))  # (..., od, oh, ow)
    if not return_indices:
        return values
    row_at = row.gather(row.ndim - 3, depth)  # the row of each maximum in its plane
    col_at = col.gather(col.ndim - 2, row).gather(col.ndim - 3, depth)  # and its column
    return values, (depth * h + row_at) * w + col_at


def adaptive_max_pool1d_with_indices(input: Tensor, output_size: Any,
                                     return_indices: bool = False) -> tuple[Tensor, Tensor]:
    """``adaptive_max_pool1d`` returning ``(values, indices)`` whatever ``return_indices``
    says."""
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input: Tensor, output_size: Any,
                                     return_indices: bool = False) -> tuple[Tensor, Tensor]:
    """``adaptive_max_pool2d`` returning ``(values, indices)`` whatever ``return_indices``
    says."""
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool3d_with_indices(input: Tensor, output_size: Any,
                                     return_indices: bool = False) -> tuple[Tensor, Tensor]:
    """``adaptive_max_pool3d`` returning ``(values, indices)`` whatever ``return_indices``
    says."""
    return adaptive_max_pool3d(input, output_size, True)


def adaptive_avg_pool1d(input: Tensor, output_size: Any) -> Tensor:
    """Mean over the windows that split the last dim of ``(N, C, L)`` or ``(C, L)`` input into
    ``output_size`` parts."""
    (o,) = _output_size("adaptive_avg_pool1d", input, output_size, 1)
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, o)).squeeze(-2)


def adaptive_avg_pool3d(input: Tensor, output_size: Any) -> Tensor:
    """Mean over the windows that split the last three dims of ``(N, C, D, H, W)`` or
    ``(C, D, H, W)`` input into ``output_size`` parts."""
    od, oh, ow = _output_size("adaptive_avg_pool3d", input, output_size, 3)
    if input.dtype.kind not in "fV":
        raise NotImplementedError(f"adaptive_avg_pool3d(): expected a floating-point input, got "
                                  f"{input.dtype}")
    xp, dt = input.device.backend, input.dtype
    d = input.shape[-3]
    ad = as_tensor(_adaptive_matrix(xp, d, od, dt), device=input.device)
    # average H and W as 2-d adaptive pooling, then D with its (od, d) matrix
    lead = int(np.prod(input.shape[:-3]))
    hw = adaptive_avg_pool2d(input.reshape((lead, d) + tuple(input.shape[-2:])), (oh, ow))
    hw = hw.reshape(tuple(input.shape[:-3]) + (d, oh * ow))
    return matmul(ad, hw).reshape(tuple(input.shape[:-3]) + (od, oh, ow))


# -- unpooling -----------------------------------------------------------------------------------


def _numbers(op: str, name: str, value: Any, n: int) -> tuple:
    """kernel_size, stride or padding of an unpooling: numbers, as PyTorch's Python layer
    only computes the default output size with them (ints otherwise checked as pooling's)."""
    real = (int, float, np.integer, np.floating)
    if isinstance(value, real):
        return (value,) * n
    if isinstance(value, (tuple, list)) and len(value) in (1, n) and value and all(
            isinstance(v, real) for v in value):
        return tuple(value) * (n if len(value) == 1 else 1)
    return _ints(op, name, value, n)


def _max_unpool(op: str, n: int, input: Tensor, indices: Tensor, kernel_size: Any,
                stride: Any, padding: Any, output_size: Any) -> Tensor:
    k = _numbers(op, "kernel_size", kernel_size, n)
    s = k if stride is None else _numbers(op, "stride", stride, n)
    p = _numbers(op, "padding", padding, n)
    shape = tuple(input.shape)
    if len(shape) < n:  # PyTorch's default output size reads n sizes: its IndexError
        raise IndexError(f"{op}(): Expected {n + 1}D or {n + 2}D tensor, but got "
                         f"{list(shape)}")
    if len(shape) not in (n + 1, n + 2):
        raise RuntimeError(f"{op}(): Expected {n + 1}D or {n + 2}D tensor, but got "
                           f"{list(shape)}")
    for dim in range(1, len(shape)):
        if not shape[dim]:
            raise RuntimeError(f"{op}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but got {list(shape)} with dimension {dim} being "
                               "empty")
    if tuple(indices.shape) != shape:
        raise RuntimeError(f"{op}(): Expected shape of indices to be same as that of the input "
                           f"tensor ({list(shape)}) but got indices tensor with shape: "
                           f"{list(indices.shape)}")
    default = tuple((i - 1) * si - 2 * pi + ki for i, si, pi, ki in zip(shape[-n:], s, p, k))
    if output_size is None:
        out = default
    else:
        out = tuple(output_size)
        if len(out) == n + 2:  # (N, C, *sizes): PyTorch's full output shape
            out = out[2:]
        if len(out) != n:
            raise ValueError(f"{op}(): output_size should be a sequence containing {n} or "
                             f"{n + 2} elements, but it has a length of '{len(out)}'")
        for o, dflt, si in zip(out, default, s):
            if not dflt - si < o < dflt + si:
                raise ValueError(f"{op}(): invalid output_size {list(out)} (it should lie "
                                 f"between {[d - x for d, x in zip(default, s)]} and "
                                 f"{[d + x for d, x in zip(default, s)]})")
    if not all(isinstance(v, (int, np.integer)) for v in out):
        # PyTorch's default size follows float kernel_size, stride or padding arithmetic
        raise TypeError(f"{op}(): argument 'output_size' must be tuple of ints, got "
                        f"{list(out)} (kernel_size={list(k)}, stride={list(s)}, "
                        f"padding={list(p)})")
    out = tuple(int(v) for v in out)
    lead = shape[:-n]
    plane = int(np.prod(out))
    flat_idx = indices.reshape(lead + (int(np.prod(shape[-n:])),))
    if flat_idx.numel() and (int(flat_idx.min()) < 0 or int(flat_idx.max()) >= plane):
        raise RuntimeError(f"{op}(): Found an invalid max index: {int(flat_idx.max())} (output "
                           f"volumes are of size {' x '.join(map(str, out))})")
    base = zeros(lead + (plane,), dtype=input.dtype, device=input.device)
    return base.scatter(len(lead), flat_idx, input.reshape(flat_idx.shape)).reshape(lead + out)


def max_unpool1d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """The inverse of ``max_pool1d``: each value put back at its index, zeros elsewhere."""
    check_float("max_unpool1d", input)  # no integer or bool kernels in PyTorch
    return _max_unpool("max_unpool1d", 1, input, indices, kernel_size, stride, padding,
                       output_size)


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """The inverse of ``max_pool2d``: each value put back at its flat index in the output
    plane, zeros elsewhere."""
    check_float("max_unpool2d", input)  # no integer or bool kernels in PyTorch
    return _max_unpool("max_unpool2d", 2, input, indices, kernel_size, stride, padding,
                       output_size)


def max_unpool3d(input: Tensor, indices: Tensor, kernel_size: Any, stride: Any = None,
                 padding: Any = 0, output_size: Any = None) -> Tensor:
    """The inverse of ``max_pool3d``."""
    return _max_unpool("max_unpool3d", 3, input, indices, kernel_size, stride, padding,
                       output_size)


# -- power-average pooling -------------------------------------------------------------------------


def _lp_pool(op: str, n: int, input: Tensor, norm_type: float, kernel_size: Any, stride: Any,
             ceil_mode: bool) -> Tensor:
    k = _ints(op, "kernel_size", kernel_size, n)
    if math.isinf(norm_type):  # the largest (or, for -inf, smallest) |x| of each window
        if norm_type > 0:
            return _max_pool(op, n, input.abs(), k, stride, 0, 1, ceil_mode, False)
        return -_max_pool(op, n, -input.abs(), k, stride, 0, 1, ceil_mode, False)
    x = input ** norm_type
    if n == 2:
        out = avg_pool2d(x, k, stride, 0, ceil_mode)
    else:
        out = _avg_pool(op, n, x, k, stride, 0, ceil_mode, True, None)
    # PyTorch: (sign(out) * relu(|out|)) * prod(k), to the power 1 / p
    return (out.sign() * out.abs().relu() * float(np.prod(k))) ** (1.0 / norm_type)


def lp_pool1d(input: Tensor, norm_type: float, kernel_size: Any, stride: Any = None,
              ceil_mode: bool = False) -> Tensor:
    """``(sum over each window of x^p)^(1/p)`` along the last dim."""
    return _lp_pool("lp_pool1d", 1, input, float(norm_type), kernel_size, stride, ceil_mode)


def lp_pool2d(input: Tensor, norm_type: float, kernel_size: Any, stride: Any = None,
              ceil_mode: bool = False) -> Tensor:
    """``(sum over each window of x^p)^(1/p)`` over the last two dims."""
    return _lp_pool("lp_pool2d", 2, input, float(norm_type), kernel_size, stride, ceil_mode)


def lp_pool3d(input: Tensor, norm_type: float, kernel_size: Any, stride: Any = None,
              ceil_mode: bool = False) -> Tensor:
    """``(sum over each window of x^p)^(1/p)`` over the last three dims."""
    return _lp_pool("lp_pool3d", 3, input, float(norm_type), kernel_size, stride, ceil_mode)
