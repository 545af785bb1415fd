"""Fractional max pooling (Graham, 2014): fractional_max_pool2d/3d, with PyTorch's windows.

Each (batch, channel) plane draws one number ``u`` in [0, 1) per spatial dim (PyTorch's
``_random_samples``: ``(N, C, n)``, the 2-d one ordered (W, H), the 3-d one (T, H, W)), and
the windows of size ``k`` start at ``int((i + u) * alpha) - int(u * alpha)`` for
``alpha = (size - k) / (out - 1)``, the last at ``size - k`` -- computed in the input's dtype,
as PyTorch's CPU kernel, so the same samples give the same windows. The positions of the
maxima are found on the raw arrays (the first maximum of a window in row-major order wins; a
NaN wins over any number, the last NaN over an earlier one, as PyTorch), then the values are
picked by a ``Select`` (an ``Index``), whose backward adds each gradient back at its position:
windows may overlap, so positions repeat.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.checks import check_float
from autograd.creation import rand
from autograd.engine.grad_mode import replayable
from autograd.engine.tensor_base import TensorBase
from autograd.ops.reduction.sort import Select, _indices, select_along

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["fractional_max_pool2d", "fractional_max_pool2d_with_indices",
           "fractional_max_pool3d", "fractional_max_pool3d_with_indices"]

# the sample of each spatial dim, per number of dims (PyTorch's order)
_SAMPLE_SLOT = {2: (1, 0), 3: (0, 1, 2)}
_DIM_NAMES = {2: ("height", "width"), 3: ("time", "height", "width")}


class FractionalMaxPool(Select):
    """The window maxima of fractional max pooling, picked at their positions."""


def _ints(op: str, name: str, value: Any, n: int) -> tuple:
    """An int, or exactly n ints (PyTorch refuses other lengths here, unlike max_pool)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value),) * n
    if isinstance(value, Sequence) and all(isinstance(v, (int, np.integer)) for v in value):
        if len(value) != n:
            raise RuntimeError(f"{op}: {name} must either be a single Int or tuple of Ints "
                               f"(got {tuple(value)!r})")
        return tuple(int(v) for v in value)
    raise TypeError(f"{op}(): argument '{name}' must be tuple of ints, not "
                    f"{type(value).__name__} ({value!r})")


def _intervals(xp: Any, u: Any, size: int, out: int, k: int) -> Any:
    """(..., out) window starts along one dim for the samples u (...), in u's dtype."""
    last = xp.full(u.shape + (1,), size - k, dtype=np.int64)
    if out <= 1:
        return last[..., :out]
    alpha = xp.asarray(size - k, dtype=u.dtype) / xp.asarray(out - 1, dtype=u.dtype)
    i = xp.arange(out - 1).astype(u.dtype)
    seq = ((i + u[..., None]) * alpha).astype(np.int64) - (u * alpha).astype(np.int64)[..., None]
    return xp.concatenate([seq, last], axis=-1)


@replayable  # positions from the values: an ag.compile replay finds them again
def _fractional_argmax(xp: Any, x: Any, samples: Any, kernel: tuple, out: tuple) -> Any:
    """(N, C, prod(out)) flat positions of each window's maximum in its (N, C, *size) plane."""
    n = len(kernel)
    lead, size = x.shape[:2], x.shape[2:]
    strides = [int(np.prod(size[d + 1:])) for d in range(n)]
    flat = x.reshape(lead + (strides[0] * size[0],))
    starts = []  # per dim, the window starts shaped to broadcast over (N, C, *out)
    for d in range(n):
        s = _intervals(xp, samples[..., _SAMPLE_SLOT[n][d]], size[d], out[d], kernel[d])
        starts.append(s.reshape(lead + tuple(out[d] if e == d else 1 for e in range(n))))
    origin = sum(s * st for s, st in zip(starts, strides))
    origin = xp.broadcast_to(origin, lead + tuple(out)).reshape(lead + (int(np.prod(out)),))
    best = xp.full(origin.shape, -np.inf, dtype=x.dtype)
    where = origin.copy()
    for off in itertools.product(*(range(k) for k in kernel)):
        pos = origin + sum(o * st for o, st in zip(off, strides))
        val = xp.take_along_axis(flat, pos, axis=-1)
        better = (val > best) | (val != val)
        best = xp.where(better, val, best)
        where = xp.where(better, pos, where)
    return where


def _fractional(op: str, n: int, input: Tensor, kernel_size: Any, output_size: Any,
                output_ratio: Any, random_samples: Any) -> tuple[Tensor, Tensor]:
    shape = tuple(input.shape)
    if output_size is None and output_ratio is None:
        raise ValueError(f"{op} requires specifying either an output_size or an output_ratio")
    if output_size is None:
        if isinstance(output_ratio, Sequence):
            if len(output_ratio) > n:
                raise ValueError(f"{op} requires output_ratio to either be a single Int or "
                                 f"tuple of Ints (got {tuple(output_ratio)!r})")
            ratio = tuple(output_ratio) * (n if len(output_ratio) == 1 else 1)
        elif n == 2:  # PyTorch's 2-d function takes len() of it (its module passes a pair)
            raise TypeError(f"{op}(): object of type '{type(output_ratio).__name__}' has no "
                            "len() (output_ratio must be a tuple of 2 floats)")
        else:
            ratio = (output_ratio,) * n
        if len(shape) < n:  # the sizes are read before the dims are checked, as PyTorch
            raise IndexError(f"{op}(): Dimension out of range (input of shape {list(shape)} "
                             f"has no dimension {-n})")
        out = tuple(int(s * r) for s, r in zip(shape[-n:], ratio))
    else:
        out = None
    if len(shape) not in (n + 1, n + 2):
        raise RuntimeError(f"{op}(): Expected {n + 1}D or {n + 2}D tensor, but got: "
                           f"{list(shape)}")
    if input.numel() > 0:  # PyTorch returns an empty result before it dispatches on dtype
        check_float(op, input)
    kernel = _ints(op, "kernel_size", kernel_size, n)
    if min(kernel) <= 0:
        raise RuntimeError(f"{op}(): kernel_size must be greater than zero, but got {kernel}")
    size = shape[-n:]
    if out is None:
        out = _ints(op, "output_size", output_size, n)
    for i in range(len(shape) - n - 1, len(shape)):
        if shape[i] == 0:
            raise RuntimeError(f"{op}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but got {list(shape)} with dimension {i} being "
                               "empty.")
    for d, name in enumerate(_DIM_NAMES[n]):
        if out[d] < 0:
            raise RuntimeError(f"{op}(): output_size must be non-negative, got {out}")
        # PyTorch's 3-d kernel asks for one more row than its 2-d one
        if out[d] + kernel[d] - 1 > size[d] - (n == 3):
            raise RuntimeError(f"{op}(): pool {name} {kernel[d]} too large relative to input "
                               f"{name} {size[d]} (output {name} {out[d]})")
    batched = len(shape) == n + 2
    x = input if batched else input.unsqueeze(0)
    batch, channels = x.shape[0], x.shape[1]
    if random_samples is None:
        random_samples = rand(batch, channels, n, dtype=input.dtype, device=input.device)
    elif not isinstance(random_samples, TensorBase):
        raise TypeError(f"{op}(): argument '_random_samples' must be Tensor, not "
                        f"{type(random_samples).__name__}")
    rs = random_samples
    if rs.dtype != input.dtype:
        raise RuntimeError(f"{op}(): Expect _random_samples to have the same dtype as input "
                           f"({rs.dtype} and {input.dtype})")
    if rs.device != input.device:
        raise RuntimeError(f"{op}(): expected _random_samples on the input's device "
                           f"({input.device}), got {rs.device}")
    if rs.ndim != 3:
        raise RuntimeError(f"{op}(): Expect _random_samples to have 3 dimensions, got {rs.ndim}")
    if rs.shape[0] < batch:
        raise RuntimeError(f"{op}(): Expect _random_samples.size(0) no less then input batch "
                           f"size ({list(rs.shape)} for input {list(shape)}).")
    if rs.shape[1] != channels:
        raise RuntimeError(f"{op}(): Expect _random_samples.size(1) equals to input channel "
                           f"size ({list(rs.shape)} for input {list(shape)}).")
    if rs.shape[2] != n:
        raise RuntimeError(f"{op}(): Expect _random_samples.size(2) equals to {n}; got "
                           f"{rs.shape[2]}.")
    xp = input.device.backend
    pos = _fractional_argmax(xp, x._data, rs._data[:batch], kernel, out)
    flat = x.reshape((batch, channels, int(np.prod(size))))
    values = select_along(FractionalMaxPool, flat, pos, 2).reshape((batch, channels) + out)
    indices = _indices(input, pos.reshape((batch, channels) + out))
    if not batched:
        values, indices = values.squeeze(0), indices.squeeze(0)
    return values, indices


def fractional_max_pool2d_with_indices(
        input: Tensor, kernel_size: Any, output_size: Any = None, output_ratio: Any = None,
        return_indices: bool = False, _random_samples: Tensor | None = None,
) -> tuple[Tensor, Tensor]:
    """Fractional max pooling over the last two dims of ``(N, C, H, W)`` or ``(C, H, W)``
    input, to ``output_size`` or ``output_ratio`` of the input size: ``(values, indices)``
    (each maximum's flat position in its ``H * W`` plane). ``_random_samples`` ``(N, C, 2)``
    in [0, 1), of the input's dtype, fixes the windows (drawn when None), as PyTorch."""
    return _fractional("fractional_max_pool2d", 2, input, kernel_size, output_size,
                       output_ratio, _random_samples)


def fractional_max_pool2d(input: Tensor, kernel_size: Any, output_size: Any = None,
                          output_ratio: Any = None, return_indices: bool = False,
                          _random_samples: Tensor | None = None) -> Any:
    """``fractional_max_pool2d_with_indices``'s values, or both with ``return_indices``."""
    out = fractional_max_pool2d_with_indices(input, kernel_size, output_size, output_ratio,
                                             return_indices, _random_samples)
    return out if return_indices else out[0]


def fractional_max_pool3d_with_indices(
        input: Tensor, kernel_size: Any, output_size: Any = None, output_ratio: Any = None,
        return_indices: bool = False, _random_samples: Tensor | None = None,
) -> tuple[Tensor, Tensor]:
    """Fractional max pooling over the last three dims of ``(N, C, T, H, W)`` or
    ``(C, T, H, W)`` input: ``(values, indices)`` (flat positions in each ``T * H * W``
    volume); ``_random_samples`` is ``(N, C, 3)``."""
    return _fractional("fractional_max_pool3d", 3, input, kernel_size, output_size,
                       output_ratio, _random_samples)


def fractional_max_pool3d(input: Tensor, kernel_size: Any, output_size: Any = None,
                          output_ratio: Any = None, return_indices: bool = False,
                          _random_samples: Tensor | None = None) -> Any:
    """``fractional_max_pool3d_with_indices``'s values, or both with ``return_indices``."""
    out = fractional_max_pool3d_with_indices(input, kernel_size, output_size, output_ratio,
                                             return_indices, _random_samples)
    return out if return_indices else out[0]
