"""Convolution layers: Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d,
ConvTranspose3d (PyTorch's arguments, parameter names, shapes and default initialisation)."""

from __future__ import annotations

import math
from typing import Any

import autograd as ag
from autograd.ops.nn import conv as _conv
from autograd.ops.nn import conv3d as _conv3d
from autograd.tensor import Tensor
from nn import init
from nn.module import Module, Parameter

_MODES = ("zeros", "reflect", "replicate", "circular")


def _ntuple(value: Any, n: int) -> tuple:
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,) * n


class _ConvNd(Module):
    """What Conv1d / Conv2d / ConvTranspose*d share: arguments, parameters, init, repr."""

    _nd = 2
    _transposed = False

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", output_padding: Any = 0, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        name, nd = type(self).__name__, self._nd
        if groups <= 0:
            raise ValueError(f"{name}: groups must be a positive integer, got {groups}")
        if in_channels % groups:
            raise ValueError(f"{name}: in_channels ({in_channels}) must be divisible by groups "
                             f"({groups})")
        if out_channels % groups:
            raise ValueError(f"{name}: out_channels ({out_channels}) must be divisible by "
                             f"groups ({groups})")
        if padding_mode not in _MODES:
            raise ValueError(f"{name}: padding_mode must be one of {list(_MODES)}, but got "
                             f"padding_mode='{padding_mode}'")
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"{name}: Invalid padding string {padding!r}, should be one "
                                 "of ['valid', 'same']")
            if padding == "same" and any(s != 1 for s in _ntuple(stride, nd)):
                raise ValueError(f"{name}: padding='same' is not supported for strided "
                                 "convolutions")
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _ntuple(kernel_size, nd)
        self.stride = _ntuple(stride, nd)
        self.padding = padding if isinstance(padding, str) else _ntuple(padding, nd)
        self.dilation = _ntuple(dilation, nd)
        self.transposed = self._transposed
        self.output_padding = _ntuple(output_padding, nd)
        self.groups = groups
        self.padding_mode = padding_mode
        if self._transposed:
            shape = (in_channels, out_channels // groups) + self.kernel_size
        else:
            shape = (out_channels, in_channels // groups) + self.kernel_size
        self.weight = Parameter(ag.empty(shape, device=device, dtype=dtype))
        if bias:
            self.bias = Parameter(ag.empty((out_channels,), device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the weight and bias again from PyTorch's default distributions."""
        # kaiming_uniform_ with a = sqrt(5) is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as the bias
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.weight.shape[1] * math.prod(self.kernel_size)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def _check_input(self, input: Any) -> None:
        if not isinstance(input, Tensor):
            raise TypeError(f"{type(self).__name__}.forward(): expected a Tensor, got "
                            f"{type(input).__name__}")
        nd = self._nd
        shape = list(input.shape)
        if input.ndim not in (nd + 1, nd + 2):
            raise RuntimeError(f"{self!r}: expected {nd + 1}-D (unbatched) or {nd + 2}-D "
                               f"(batched) input, got input of shape {shape}")
        channels = shape[-nd - 1]
        if channels != self.in_channels:
            raise RuntimeError(f"{self!r}: expected input with {self.in_channels} channels, "
                               f"got {channels} channels (input of shape {shape}, weight of "
                               f"shape {list(self.weight.shape)})")

    def _padded(self, input: Tensor) -> tuple[Tensor, Any]:
        """The input padded by ``padding_mode`` (when not 'zeros') and the padding left."""
        if self.padding_mode == "zeros":
            return input, self.padding
        if isinstance(self.padding, str):
            if self.padding == "valid":
                return input, 0
            widths = []
            for d, k in zip(reversed(self.dilation), reversed(self.kernel_size)):
                total = d * (k - 1)
                widths += [total // 2, total - total // 2]
        else:
            widths = [p for p in reversed(self.padding) for _ in range(2)]
        return ag.pad(input, widths, mode=self.padding_mode), 0

    def extra_repr(self) -> str:
        s = "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}"
        if self.padding != (0,) * len(self.padding):
            s += ", padding={padding}"
        if self.dilation != (1,) * len(self.dilation):
            s += ", dilation={dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            s += ", output_padding={output_padding}"
        if self.groups != 1:
            s += ", groups={groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += ", padding_mode={padding_mode}"
        return s.format(**self.__dict__)


class Conv1d(_ConvNd):
    """1-d convolution over ``(N, C_in, L)`` or ``(C_in, L)``; weight ``(C_out, C_in / groups,
    k)``."""

    _nd = 1

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, padding_mode, device=device, dtype=dtype)

    def forward(self, input: Tensor) -> Tensor:
        """The convolution of ``input`` with the layer's weight, plus its bias."""
        self._check_input(input)
        x, padding = self._padded(input)
        return _conv.conv1d(x, self.weight, self.bias, self.stride, padding, self.dilation,
                            self.groups)


class Conv2d(_ConvNd):
    """2-d convolution over ``(N, C_in, H, W)`` or ``(C_in, H, W)``; weight ``(C_out,
    C_in / groups, kh, kw)``."""

    _nd = 2

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, padding_mode, device=device, dtype=dtype)

    def forward(self, input: Tensor) -> Tensor:
        """The convolution of ``input`` with the layer's weight, plus its bias."""
        self._check_input(input)
        x, padding = self._padded(input)
        return _conv.conv2d(x, self.weight, self.bias, self.stride, padding, self.dilation,
                            self.groups)


class Conv3d(_ConvNd):
    """3-d convolution over ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)``; weight ``(C_out,
    C_in / groups, kd, kh, kw)``."""

    _nd = 3

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, padding_mode, device=device, dtype=dtype)

    def forward(self, input: Tensor) -> Tensor:
        """The convolution of ``input`` with the layer's weight, plus its bias."""
        self._check_input(input)
        x, padding = self._padded(input)
        return _conv3d.conv3d(x, self.weight, self.bias, self.stride, padding, self.dilation,
                              self.groups)


class _ConvTransposeNd(_ConvNd):
    _transposed = True

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, output_padding: Any = 0, groups: int = 1, bias: bool = True,
                 dilation: Any = 1, padding_mode: str = "zeros", device: Any = None,
                 dtype: Any = None) -> None:
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for '
                             f"{type(self).__name__}")
        if isinstance(padding, str):
            raise ValueError(f"{type(self).__name__}: padding must be an int or a tuple of "
                             f"ints, got {padding!r}")
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         groups, bias, padding_mode, output_padding, device=device, dtype=dtype)

    def _output_padding(self, input: Tensor, output_size: Any) -> tuple:
        """The output padding that gives ``output_size`` (its spatial sizes, or with the
        batch and channel sizes in front), which must lie within one stride of the
        smallest output."""
        if output_size is None:
            return self.output_padding
        nd = self._nd
        lead = 2 if input.ndim == nd + 2 else 1
        size = [int(v) for v in output_size]
        if len(size) == lead + nd:
            size = size[lead:]
        if len(size) != nd:
            raise ValueError(f"ConvTranspose{nd}D: for {input.ndim}D input, output_size must "
                             f"have {nd} or {lead + nd} elements (got {len(size)})")
        smallest = [(n - 1) * st - 2 * p + d * (k - 1) + 1
                    for n, st, p, d, k in zip(input.shape[-nd:], self.stride, self.padding,
                                              self.dilation, self.kernel_size)]
        largest = [m + st - 1 for m, st in zip(smallest, self.stride)]
        if any(not lo <= s <= hi for s, lo, hi in zip(size, smallest, largest)):
            raise ValueError(f"requested an output size of {size}, but valid sizes range from "
                             f"{smallest} to {largest} (for an input of "
                             f"{list(input.shape[-nd:])})")
        return tuple(s - m for s, m in zip(size, smallest))

    def forward(self, input: Tensor, output_size: Any = None) -> Tensor:
        """The transposed convolution of ``input``; ``output_size`` picks the output padding."""
        self._check_input(input)
        fn = (_conv.conv_transpose1d, _conv.conv_transpose2d,
              _conv3d.conv_transpose3d)[self._nd - 1]
        return fn(input, self.weight, self.bias, self.stride, self.padding,
                  self._output_padding(input, output_size), self.groups, self.dilation)


class ConvTranspose1d(_ConvTransposeNd):
    """1-d transposed convolution; weight ``(C_in, C_out / groups, k)``."""

    _nd = 1


class ConvTranspose2d(_ConvTransposeNd):
    """2-d transposed convolution (the gradient of Conv2d in its input); weight ``(C_in,
    C_out / groups, kh, kw)``."""

    _nd = 2


class ConvTranspose3d(_ConvTransposeNd):
    """3-d transposed convolution (the gradient of Conv3d in its input); weight ``(C_in,
    C_out / groups, kd, kh, kw)``."""

    _nd = 3
