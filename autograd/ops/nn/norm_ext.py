"""instance_norm and local_response_norm (PyTorch's definitions, as compositions).

Instance norm is batch norm of the input viewed as one sample of ``N * C`` channels, so each
(sample, channel) is normalised over its positions; the running statistics, when kept, move
towards the mean over the batch of the per-instance statistics (as PyTorch's). Local response
norm divides by the average of squares over neighbouring channels, an avg pooling along the
channel dim.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd.checks import check_float, refuse_bool
from autograd.dtypes import float32
from autograd.engine import grad_mode as _gm
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to
from autograd.ops.nn.norm import batch_norm, param_dtypes
from autograd.ops.nn.pool import avg_pool2d
from autograd.ops.nn.pool_ext import avg_pool3d
from autograd.ops.shape.pad import pad

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["instance_norm", "local_response_norm"]


def instance_norm(input: Tensor, running_mean: Tensor | None = None,
                  running_var: Tensor | None = None, weight: Tensor | None = None,
                  bias: Tensor | None = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Normalise each channel of each sample of ``(N, C, *)`` input over its positions, then
    ``* weight + bias`` per channel; with ``use_input_stats=False``, with the running
    statistics instead."""
    if isinstance(input, TensorBase) and input._data.dtype.kind not in "fV":
        check_float("instance_norm", input)
    if param_dtypes("instance_norm", input, weight, bias, running_mean, running_var):
        return to(instance_norm(to(input, float32), running_mean, running_var, weight, bias,
                                use_input_stats, momentum, eps), input.dtype)
    shape = tuple(input.shape)
    spatial = 1
    for size in shape[2:]:
        spatial *= size
    if use_input_stats and spatial == 1:  # none (an empty input) is PyTorch's empty output
        raise ValueError(f"Expected more than 1 spatial element when training, got input size "
                         f"{list(shape)}")
    if len(shape) < 2:  # (N, C) is normalised with the running statistics, as PyTorch
        raise IndexError(f"instance_norm: Dimension out of range (expected to be in range of "
                         f"[-1, 0], but got 1): input of size {list(shape)} has no channel dim")
    n, c = shape[0], shape[1]
    for name, t in (("weight", weight), ("bias", bias), ("running_mean", running_mean),
                    ("running_var", running_var)):
        if t is not None and tuple(t.shape) != (c,):
            raise RuntimeError(f"instance_norm: expected {name} of shape [{c}], got "
                               f"{list(t.shape)} (input shape {list(shape)})")
    x = input.reshape((1, n * c) + shape[2:])
    rm = None if running_mean is None else running_mean.detach().repeat(n)
    rv = None if running_var is None else running_var.detach().repeat(n)
    w = None if weight is None else weight.repeat(n)
    b = None if bias is None else bias.repeat(n)
    out = batch_norm(x, rm, rv, w, b, use_input_stats, momentum, eps)
    if use_input_stats:
        with _gm.no_grad():
            if running_mean is not None:
                running_mean.copy_(rm.reshape(n, c).mean(0))
            if running_var is not None:
                running_var.copy_(rv.reshape(n, c).mean(0))
    return out.reshape(shape)


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75,
                        k: float = 1.0) -> Tensor:
    """``input / (k + alpha * mean of input^2 over size neighbouring channels)^beta``."""
    refuse_bool("local_response_norm", input)
    dim = input.ndim
    if dim < 3:
        raise ValueError(f"Expected 3D or higher dimensionality input (got {dim} dimensions)")
    if input.numel() == 0:
        return input
    div = input * input
    if dim == 3:
        div = pad(div.unsqueeze(1), (0, 0, size // 2, (size - 1) // 2))
        div = avg_pool2d(div, (size, 1), stride=1).squeeze(1)
    else:
        sizes = tuple(input.shape)
        div = div.reshape(sizes[0], 1, sizes[1], sizes[2], -1)
        div = pad(div, (0, 0, 0, 0, size // 2, (size - 1) // 2))
        div = avg_pool3d(div, (size, 1, 1), stride=1).squeeze(1).reshape(sizes)
    return input / (div * alpha + k) ** beta
