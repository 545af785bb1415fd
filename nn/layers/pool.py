"""Pooling layers (no parameters): MaxPool1d/2d/3d, AvgPool1d/2d/3d, AdaptiveAvgPool1d/2d/3d,
AdaptiveMaxPool1d/2d/3d, MaxUnpool1d/2d/3d, LPPool1d/2d/3d, FractionalMaxPool2d/3d."""

from __future__ import annotations

from typing import Any

from autograd.ops.nn import pool_ext as _ext
from autograd.ops.nn import pool_fractional as _frac
from autograd.ops.nn.pool import adaptive_avg_pool2d, avg_pool2d, max_pool1d, max_pool2d
from autograd.tensor import Tensor
from nn.module import Module


def _single(value: Any) -> tuple:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


class _MaxPoolNd(Module):
    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 dilation: Any = 1, return_indices: bool = False,
                 ceil_mode: bool = False) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool1d(_MaxPoolNd):
    """Max over sliding windows of the last dim of ``(N, C, L)`` or ``(C, L)`` inputs."""

    def forward(self, input: Tensor) -> Any:
        """The pooled input (and the argmax indices with ``return_indices=True``)."""
        return max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                          ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class MaxPool2d(_MaxPoolNd):
    """Max over sliding windows of the last two dims of ``(N, C, H, W)`` or ``(C, H, W)``
    inputs."""

    def forward(self, input: Tensor) -> Any:
        """The pooled input (and the flat argmax indices with ``return_indices=True``)."""
        return max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                          ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class MaxPool3d(_MaxPoolNd):
    """Max over sliding windows of the last three dims of ``(N, C, D, H, W)`` or
    ``(C, D, H, W)`` inputs."""

    def forward(self, input: Tensor) -> Any:
        """The pooled input (and the flat argmax indices with ``return_indices=True``)."""
        return _ext.max_pool3d(input, self.kernel_size, self.stride, self.padding,
                               self.dilation, ceil_mode=self.ceil_mode,
                               return_indices=self.return_indices)


class AvgPool1d(Module):
    """Mean over sliding windows of the last dim of ``(N, C, L)`` or ``(C, L)`` inputs."""

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True) -> None:
        super().__init__()
        # one-tuples, as PyTorch's _single
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input: Tensor) -> Tensor:
        """The pooled input."""
        return _ext.avg_pool1d(input, self.kernel_size, self.stride, self.padding,
                               self.ceil_mode, self.count_include_pad)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool2d(Module):
    """Mean over sliding windows of the last two dims of ``(N, C, H, W)`` or ``(C, H, W)``
    inputs."""

    _fn = staticmethod(avg_pool2d)

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True,
                 divisor_override: int | None = None) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input: Tensor) -> Tensor:
        """The pooled input."""
        return self._fn(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                        self.count_include_pad, self.divisor_override)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool3d(AvgPool2d):
    """Mean over sliding windows of the last three dims of ``(N, C, D, H, W)`` or
    ``(C, D, H, W)`` inputs."""

    _fn = staticmethod(_ext.avg_pool3d)


class _AdaptiveAvgPoolNd(Module):
    _fn: Any = None

    def __init__(self, output_size: Any) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:
        """The pooled input, of spatial size ``output_size``."""
        return type(self)._fn(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    """Mean over the windows that split the last dim into ``output_size`` parts."""

    _fn = staticmethod(_ext.adaptive_avg_pool1d)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    """Mean over the windows that split the last two dims into ``output_size`` parts."""

    _fn = staticmethod(adaptive_avg_pool2d)


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    """Mean over the windows that split the last three dims into ``output_size`` parts."""

    _fn = staticmethod(_ext.adaptive_avg_pool3d)


class _AdaptiveMaxPoolNd(Module):
    _fn: Any = None

    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def forward(self, input: Tensor) -> Any:
        """The pooled input (and the argmax indices with ``return_indices=True``)."""
        return type(self)._fn(input, self.output_size, self.return_indices)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    """Max over the windows that split the last dim into ``output_size`` parts."""

    _fn = staticmethod(_ext.adaptive_max_pool1d)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    """Max over the windows that split the last two dims into ``output_size`` parts."""

    _fn = staticmethod(_ext.adaptive_max_pool2d)


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    """Max over the windows that split the last three dims into ``output_size`` parts."""

    _fn = staticmethod(_ext.adaptive_max_pool3d)


class _MaxUnpoolNd(Module):
    _fn: Any = None
    _n = 1

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0) -> None:
        super().__init__()
        # n-tuples, as PyTorch's _single/_pair/_triple (they show in the repr)
        self.kernel_size = _ntuple(kernel_size, self._n)
        self.stride = _ntuple(stride if stride is not None else kernel_size, self._n)
        self.padding = _ntuple(padding, self._n)

    def forward(self, input: Tensor, indices: Tensor, output_size: Any = None) -> Tensor:
        """Each value of ``input`` put back at its max-pooling index, zeros elsewhere."""
        return type(self)._fn(input, indices, self.kernel_size, self.stride, self.padding,
                              output_size)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    """The inverse of MaxPool1d."""

    _fn = staticmethod(_ext.max_unpool1d)
    _n = 1


class MaxUnpool2d(_MaxUnpoolNd):
    """The inverse of MaxPool2d."""

    _fn = staticmethod(_ext.max_unpool2d)
    _n = 2


class MaxUnpool3d(_MaxUnpoolNd):
    """The inverse of MaxPool3d."""

    _fn = staticmethod(_ext.max_unpool3d)
    _n = 3


class _LPPoolNd(Module):
    _fn: Any = None

    def __init__(self, norm_type: float, kernel_size: Any, stride: Any = None,
                 ceil_mode: bool = False) -> None:
        super().__init__()
        self.norm_type = norm_type
        self.kernel_size = kernel_size
        self.stride = stride
        self.ceil_mode = ceil_mode

    def forward(self, input: Tensor) -> Tensor:
        """``(sum over each window of x^p)^(1/p)``."""
        return type(self)._fn(input, float(self.norm_type), self.kernel_size, self.stride,
                              self.ceil_mode)

    def extra_repr(self) -> str:
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, ceil_mode={self.ceil_mode}")


class LPPool1d(_LPPoolNd):
    """Power-average pooling over the last dim."""

    _fn = staticmethod(_ext.lp_pool1d)


class LPPool2d(_LPPoolNd):
    """Power-average pooling over the last two dims."""

    _fn = staticmethod(_ext.lp_pool2d)


class LPPool3d(_LPPoolNd):
    """Power-average pooling over the last three dims."""

    _fn = staticmethod(_ext.lp_pool3d)


def _ntuple(value: Any, n: int) -> tuple:
    # PyTorch's _pair/_triple: a sequence as it is, anything else repeated
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * n


class _FractionalMaxPoolNd(Module):
    _n = 2

    def __init__(self, kernel_size: Any, output_size: Any = None, output_ratio: Any = None,
                 return_indices: bool = False, _random_samples: Tensor | None = None) -> None:
        super().__init__()
        name = type(self).__name__
        self.kernel_size = _ntuple(kernel_size, self._n)
        self.return_indices = return_indices
        self.register_buffer("_random_samples", _random_samples)
        self.output_size = _ntuple(output_size, self._n) if output_size is not None else None
        self.output_ratio = (_ntuple(output_ratio, self._n) if output_ratio is not None
                             else None)
        if output_size is None and output_ratio is None:
            raise ValueError(f"{name} requires specifying either an output size, or a pooling "
                             "ratio")
        if output_size is not None and output_ratio is not None:
            raise ValueError(f"{name}: only one of output_size and output_ratio may be "
                             "specified")
        if self.output_ratio is not None and not all(0 < r < 1 for r in self.output_ratio):
            raise ValueError(f"{name}: output_ratio must be between 0 and 1 (got "
                             f"{output_ratio})")


class FractionalMaxPool2d(_FractionalMaxPoolNd):
    """Fractional max pooling over the last two dims (see ``F.fractional_max_pool2d``); a
    ``_random_samples`` buffer, when given, fixes the windows."""

    _n = 2

    def forward(self, input: Tensor) -> Any:
        """The pooled input (and the flat argmax indices with ``return_indices=True``)."""
        return _frac.fractional_max_pool2d(input, self.kernel_size, self.output_size,
                                           self.output_ratio, self.return_indices,
                                           _random_samples=self._random_samples)


class FractionalMaxPool3d(_FractionalMaxPoolNd):
    """Fractional max pooling over the last three dims (see ``F.fractional_max_pool3d``)."""

    _n = 3

    def forward(self, input: Tensor) -> Any:
        """The pooled input (and the flat argmax indices with ``return_indices=True``)."""
        return _frac.fractional_max_pool3d(input, self.kernel_size, self.output_size,
                                           self.output_ratio, self.return_indices,
                                           _random_samples=self._random_samples)
