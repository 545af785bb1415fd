"""Normalisation layers: BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d, LayerNorm, GroupNorm,
LocalResponseNorm, CrossMapLRN2d, RMSNorm."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

import autograd as ag
from autograd.ops.nn.norm import batch_norm, group_norm, layer_norm, rms_norm
from autograd.ops.nn.norm_ext import instance_norm, local_response_norm
from autograd.tensor import Tensor
from nn import init
from nn.module import Module, Parameter


@ag.compiler.disable  # raw arrays: a compiled step counts again, eagerly, at every replay
def _count_batch(count: Tensor) -> None:
    """``num_batches_tracked += 1``, in place and off the tape, as the running statistics."""
    with count.device.backend.scope():
        raw = count.array
        raw += 1
    ag.graph.increment_version(count)


def _affine(module: Module, enabled: bool, bias: bool, shape: tuple[int, ...], device: Any,
            dtype: Any) -> None:
    """Register ``weight`` and ``bias`` of ``shape`` (or None placeholders, as PyTorch does);
    their values are set by ``_reset_affine``."""
    module._bias = enabled and bias
    for name, wanted in (("weight", enabled), ("bias", enabled and bias)):
        param = Parameter(ag.empty(shape, device=device, dtype=dtype)) if wanted else None
        module.register_parameter(name, param)


def _reset_affine(module: Module) -> None:
    """Weight 1, bias 0."""
    if module.weight is not None:
        init.ones_(module.weight)
    if module.bias is not None:
        init.zeros_(module.bias)


class _BatchNorm(Module):
    """Shared body of BatchNorm1d/2d: per-channel statistics over the batch (and positions)."""

    _dims: tuple[int, ...] = ()
    _version = 2  # PyTorch's: version 2 added num_batches_tracked

    def _load_from_state_dict(self, state_dict: dict, prefix: str, local_metadata: dict,
                              strict: bool, missing_keys: list, unexpected_keys: list,
                              error_msgs: list) -> None:
        """A checkpoint from before ``num_batches_tracked`` (no version, or version 1) loads
        without it, the counter kept as it is (PyTorch's rule)."""
        version = local_metadata.get("version")
        key = prefix + "num_batches_tracked"
        if (version is None or version < 2) and self.track_running_stats and (
                key not in state_dict):
            count = self.num_batches_tracked
            state_dict[key] = count if count is not None else ag.tensor(0, dtype=ag.int64)
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys,
                                      unexpected_keys, error_msgs)

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, device: Any = None,
                 dtype: Any = None, *, bias: bool = True) -> None:
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        _affine(self, affine, bias, (num_features,), device, dtype)
        if track_running_stats:
            self.register_buffer("running_mean", ag.zeros(num_features, device=device,
                                                          dtype=dtype))
            self.register_buffer("running_var", ag.ones(num_features, device=device,
                                                        dtype=dtype))
            self.register_buffer("num_batches_tracked", ag.tensor(0, dtype=ag.int64,
                                                                  device=device))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self) -> None:
        """Running mean 0, running variance 1, no batch seen."""
        if self.track_running_stats:
            with ag.no_grad():
                self.running_mean.zero_()
                self.running_var.fill_(1)
                self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        """Reset the running statistics; weight 1, bias 0."""
        self.reset_running_stats()
        _reset_affine(self)

    def _check_input(self, input: Tensor) -> None:
        shape = tuple(getattr(input, "shape", ()))
        if len(shape) not in self._dims:
            want = " or ".join(f"{d}D" for d in self._dims)
            raise ValueError(f"{self!r}: expected {want} input (got {len(shape)}D input of "
                             f"shape {list(shape)})")
        if shape[1] != self.num_features:
            raise RuntimeError(f"{self!r}: expected input with {self.num_features} channels "
                               f"(dim 1), got shape {list(shape)}")

    def _count_on_host(self, count: Tensor) -> int:
        """``num_batches_tracked`` as a Python int: read from the device once, then counted on
        the host as long as only this module's forward changes it (on a GPU a read per step
        would make every training step wait for the device)."""
        seen = self.__dict__.get("_host_count")
        if seen is not None and seen[0] is count and seen[1] == count._version - 1:
            n = seen[2] + 1
        else:
            n = int(count.item())
        self.__dict__["_host_count"] = (count, count._version, n)
        return n

    def forward(self, input: Tensor) -> Tensor:
        """Normalise with the batch statistics (training, or no running statistics kept), else
        with the running statistics."""
        self._check_input(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            count = self.num_batches_tracked
            _count_batch(count)
            if self.momentum is None:  # a cumulative moving average: 1 / batches seen
                factor = 1.0 / self._count_on_host(count)
        use_batch = self.training or (self.running_mean is None and self.running_var is None)
        track = not self.training or self.track_running_stats
        return batch_norm(input, self.running_mean if track else None,
                          self.running_var if track else None, self.weight, self.bias,
                          use_batch, factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self._bias}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of ``(N, C)`` or ``(N, C, L)`` input, per channel."""

    _dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of ``(N, C, H, W)`` input, per channel."""

    _dims = (4,)


class BatchNorm3d(_BatchNorm):
    """Batch normalisation of ``(N, C, D, H, W)`` input, per channel."""

    _dims = (5,)


class _InstanceNorm(_BatchNorm):
    """Shared body of InstanceNorm1d/2d/3d: each sample's channels normalised over their
    positions; no affine map and no running statistics unless asked (PyTorch's defaults)."""

    _spatial = 1

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = False, track_running_stats: bool = False, device: Any = None,
                 dtype: Any = None, *, bias: bool = True) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device,
                         dtype, bias=bias)

    def forward(self, input: Tensor) -> Tensor:
        """instance_norm of ``(N, C, *)`` or unbatched ``(C, *)`` input."""
        nd = self._spatial + 2
        if input.ndim not in (nd - 1, nd):
            raise ValueError(f"{type(self).__name__}: expected {nd - 1}D or {nd}D input (got "
                             f"{input.ndim}D input)")
        unbatched = input.ndim == nd - 1
        x = input.unsqueeze(0) if unbatched else input
        if x.shape[1] != self.num_features:
            if self.affine:
                raise ValueError(f"expected input's size at dim=1 to match num_features "
                                 f"({self.num_features}), but got: {x.shape[1]}.")
            warnings.warn("input's size at dim=1 does not match num_features. You can "
                          "silence this warning by not passing in num_features, which is not "
                          "used because affine=False", stacklevel=2)
        use_stats = self.training or not self.track_running_stats
        out = instance_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                            use_stats, 0.0 if self.momentum is None else self.momentum,
                            self.eps)
        return out.squeeze(0) if unbatched else out

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self._bias}, "
                f"track_running_stats={self.track_running_stats}")


class InstanceNorm1d(_InstanceNorm):
    """Instance normalisation of ``(N, C, L)`` or ``(C, L)`` input."""

    _spatial = 1


class InstanceNorm2d(_InstanceNorm):
    """Instance normalisation of ``(N, C, H, W)`` or ``(C, H, W)`` input."""

    _spatial = 2


class InstanceNorm3d(_InstanceNorm):
    """Instance normalisation of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input."""

    _spatial = 3


class LocalResponseNorm(Module):
    """Normalise each channel by the activity of its ``size`` neighbours across channels."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75,
                 k: float = 1.0) -> None:
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input: Tensor) -> Tensor:
        """local_response_norm of ``input``."""
        return local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


def _cross_map_window(channels: int, size: int, like: Tensor) -> Tensor:
    """The (C, C) 0/1 matrix of the channels each channel's scale sums, as PyTorch's
    CrossMapLRN2d computes them: the window [c - pre + 1, c + pre - 1] (pre = (size - 1) // 2
    + 1, cut to the channels), except that its running sum never drops channel 0."""
    pre = (size - 1) // 2 + 1
    c = np.arange(channels)[:, None]
    j = np.arange(channels)[None, :]
    inside = (j <= c + pre - 1) & ~((j >= 1) & (j <= c - pre))
    return ag.tensor(inside.astype(np.float64), dtype=like.dtype, device=like.device)


class CrossMapLRN2d(Module):
    """Local response normalisation across the channels of a 4-D input
    (``torch.nn.CrossMapLRN2d``): ``x / (k + alpha / size * s) ** beta``, ``s`` the sum of
    squares over PyTorch's channel window (see ``_cross_map_window``: it is not quite
    LocalResponseNorm's, and this reproduces PyTorch's values). The gradient is the
    derivative of that forward; PyTorch's hand-written backward is not (it fails gradcheck)."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1) -> None:
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input: Tensor) -> Tensor:
        """The normalised ``(N, C, H, W)`` input."""
        if input.dim() != 4:
            raise ValueError(f"CrossMapLRN2d: Expected input to be 4D, got {input.dim()}D "
                             "instead.")
        n, c, h, w = input.shape
        window = _cross_map_window(c, self.size, input)
        squares = (input * input).reshape(n, c, h * w)
        scale = ag.matmul(window, squares).reshape(n, c, h, w) * (self.alpha / self.size)
        return input * (scale + self.k) ** -self.beta

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


class LayerNorm(Module):
    """Normalise over the last dims (``normalized_shape``), with an elementwise affine map."""

    def __init__(self, normalized_shape: int | Sequence[int], eps: float = 1e-5,
                 elementwise_affine: bool = True, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        _affine(self, elementwise_affine, bias, self.normalized_shape, device, dtype)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Weight 1, bias 0."""
        _reset_affine(self)

    def forward(self, input: Tensor) -> Tensor:
        """layer_norm over the last ``len(normalized_shape)`` dims."""
        shape = tuple(getattr(input, "shape", ()))
        k = len(self.normalized_shape)
        if len(shape) < k or shape[len(shape) - k:] != self.normalized_shape:
            raise RuntimeError(f"{self!r}: expected input with shape [*, "
                               f"{', '.join(map(str, self.normalized_shape))}], got "
                               f"{list(shape)}")
        return layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}, bias={self._bias}")


class GroupNorm(Module):
    """Normalise ``(N, C, *)`` input over groups of channels, with a per-channel affine map."""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5,
                 affine: bool = True, device: Any = None, dtype: Any = None, *,
                 bias: bool = True) -> None:
        super().__init__()
        if num_groups == 0:  # PyTorch's num_channels % num_groups fails first
            raise ZeroDivisionError(f"GroupNorm: num_groups must be positive, got 0 (with "
                                    f"num_channels={num_channels})")
        if num_groups < 0 or num_channels % num_groups:
            raise ValueError(f"GroupNorm: num_channels must be divisible by num_groups (got "
                             f"num_groups={num_groups}, num_channels={num_channels})")
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        _affine(self, affine, bias, (num_channels,), device, dtype)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Weight 1, bias 0."""
        _reset_affine(self)

    def forward(self, input: Tensor) -> Tensor:
        """group_norm with ``num_groups`` groups."""
        shape = tuple(getattr(input, "shape", ()))
        if len(shape) < 2 or shape[1] != self.num_channels:
            raise RuntimeError(f"{self!r}: expected input of shape [N, {self.num_channels}, *], "
                               f"got {list(shape)}")
        return group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, "
                f"affine={self.affine}, bias={self._bias}")


class RMSNorm(Module):
    """Divide by the root mean square over the last dims (``normalized_shape``), then scale
    by ``weight`` (``torch.nn.RMSNorm``); ``eps=None`` is the input dtype's machine epsilon."""

    def __init__(self, normalized_shape: int | Sequence[int], eps: float | None = None,
                 elementwise_affine: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(ag.empty(self.normalized_shape, device=device, dtype=dtype))
        else:
            self.register_parameter("weight", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Weight 1."""
        if self.weight is not None:
            init.ones_(self.weight)

    def forward(self, x: Tensor) -> Tensor:
        """rms_norm over the last ``len(normalized_shape)`` dims."""
        return rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}")
