"""Dense layers: Identity, Linear, Bilinear, and the shape layers Flatten, Unflatten."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import autograd as ag
from autograd import flatten, unflatten
from autograd.tensor import Tensor
from nn import functional as F
from nn import init
from nn.module import Module, Parameter


def _empty(shape: tuple[int, ...], device: Any, dtype: Any) -> Parameter:
    # PyTorch's factory kwargs: parameters are created on the device and dtype asked for
    return Parameter(ag.empty(shape, device=device, dtype=dtype))


class Identity(Module):
    """Returns its input unchanged; any constructor arguments are ignored (as PyTorch)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Any) -> Any:
        """The input, as is."""
        return input


class Linear(Module):
    """``y = x W^T + b`` with ``weight`` ``(out_features, in_features)`` and ``bias``
    ``(out_features)``, initialised like PyTorch (kaiming_uniform_(a=sqrt(5)), bias
    U(-1/sqrt(in_features), 1/sqrt(in_features)))."""

    def __init__(self, in_features: int, out_features: int, bias: bool = True,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = _empty((out_features, in_features), device, dtype)
        if bias:
            self.bias = _empty((out_features,), device, dtype)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the weight and bias again from PyTorch's default distributions."""
        # kaiming_uniform_ with a = sqrt(5) is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as the bias
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_features
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:
        """``input @ weight.T + bias`` over the last dim of ``input``."""
        try:
            return F.linear(input, self.weight, self.bias)
        except RuntimeError as exc:
            shape = tuple(getattr(input, "shape", ()))
            if shape and shape[-1] == self.in_features:
                raise
            raise RuntimeError(
                f"{self!r}: expected input with last dimension {self.in_features}, got shape "
                f"{list(shape)}") from exc

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class Bilinear(Module):
    """``y_k = x1^T A_k x2 + b_k`` with ``weight`` ``(out_features, in1_features,
    in2_features)`` and ``bias`` ``(out_features)``, both U(-1/sqrt(in1), 1/sqrt(in1)) as
    PyTorch."""

    def __init__(self, in1_features: int, in2_features: int, out_features: int,
                 bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self.in1_features = in1_features
        self.in2_features = in2_features
        self.out_features = out_features
        self.weight = _empty((out_features, in1_features, in2_features), device, dtype)
        if bias:
            self.bias = _empty((out_features,), device, dtype)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the weight and bias again from PyTorch's default distribution."""
        bound = 1 / math.sqrt(self.in1_features) if self.in1_features > 0 else 0
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1: Tensor, input2: Tensor) -> Tensor:
        """The bilinear form of the two inputs' last dims, per output feature."""
        s1, s2 = tuple(input1.shape), tuple(input2.shape)
        if not s1 or s1[-1] != self.in1_features or not s2 or s2[-1] != self.in2_features:
            raise RuntimeError(
                f"{self!r}: expected inputs with last dimensions {self.in1_features} and "
                f"{self.in2_features}, got shapes {list(s1)} and {list(s2)}")
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")


class Flatten(Module):
    """Merge dims ``start_dim..end_dim`` into one (by default all but the batch dim)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:
        """The input with the dims merged (a view when possible)."""
        return flatten(input, self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Split dim ``dim`` into ``unflattened_size`` (one entry may be -1)."""

    def __init__(self, dim: int, unflattened_size: Sequence[int]) -> None:
        super().__init__()
        if not isinstance(unflattened_size, (tuple, list)) or not all(
                isinstance(s, int) for s in unflattened_size):
            raise TypeError(f"unflattened_size must be a tuple of ints, but found "
                            f"{unflattened_size!r}")
        self.dim = dim
        self.unflattened_size = tuple(unflattened_size)

    def forward(self, input: Tensor) -> Tensor:
        """The input with dim ``dim`` split (a view)."""
        return unflatten(input, self.dim, self.unflattened_size)

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
