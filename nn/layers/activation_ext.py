"""More activation layers (each a thin wrapper over its ``nn.functional`` form): Hardtanh,
ReLU6, Hardsigmoid, Hardswish, SELU, CELU, PReLU (learned slopes), RReLU, GLU, Mish, Softsign,
Tanhshrink, Softshrink, Hardshrink, Threshold, LogSigmoid, Softmin, Softmax2d."""

from __future__ import annotations

from typing import Any

import autograd as ag
from autograd.tensor import Tensor
from nn import functional as F
from nn.module import Module, Parameter


def _inplace(inplace: bool) -> str:
    return ", inplace=True" if inplace else ""


class Hardtanh(Module):
    """``clamp(x, min_val, max_val)``."""

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        if min_val > max_val:  # PyTorch's module asserts (its functional raises ValueError)
            raise AssertionError(f"{type(self).__name__}: max_val ({max_val}) must be greater "
                                 f"than min_val ({min_val})")
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace

    def forward(self, input: Tensor) -> Tensor:
        """hardtanh(input)."""
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        return f"min_val={self.min_val}, max_val={self.max_val}{_inplace(self.inplace)}"


class ReLU6(Hardtanh):
    """``min(max(x, 0), 6)``."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class _Simple(Module):
    """An activation with only ``inplace`` (or nothing) to hold."""

    _fn: Any = None
    _has_inplace = True

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        """The activation of ``input``."""
        if self._has_inplace:
            return type(self)._fn(input, inplace=self.inplace)
        return type(self)._fn(input)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class Hardsigmoid(_Simple):
    """``relu6(x + 3) / 6``."""

    _fn = staticmethod(F.hardsigmoid)

    def extra_repr(self) -> str:  # PyTorch's shows no ``inplace``
        return ""


class Hardswish(_Simple):
    """``x * relu6(x + 3) / 6``."""

    _fn = staticmethod(F.hardswish)

    def extra_repr(self) -> str:  # PyTorch's shows no ``inplace``
        return ""


class SELU(_Simple):
    """``scale * elu(x, alpha)`` with the self-normalising constants."""

    _fn = staticmethod(F.selu)


class Mish(_Simple):
    """``x * tanh(softplus(x))``."""

    _fn = staticmethod(F.mish)


class Softsign(_Simple):
    """``x / (1 + |x|)``."""

    _fn = staticmethod(F.softsign)
    _has_inplace = False

    def __init__(self) -> None:
        super().__init__()


class Tanhshrink(Softsign):
    """``x - tanh(x)``."""

    _fn = staticmethod(F.tanhshrink)


class LogSigmoid(Softsign):
    """``log(sigmoid(x))``."""

    _fn = staticmethod(F.logsigmoid)


class CELU(Module):
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input: Tensor) -> Tensor:
        """celu(input)."""
        return F.celu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}{_inplace(self.inplace)}"


class _Shrink(Module):
    _fn: Any = None

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, input: Tensor) -> Tensor:
        """The shrunk input."""
        return type(self)._fn(input, self.lambd)

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class Softshrink(_Shrink):
    """``x - lambd`` above lambd, ``x + lambd`` below -lambd, else 0."""

    _fn = staticmethod(F.softshrink)


class Hardshrink(_Shrink):
    """``x`` where ``|x| > lambd``, else 0."""

    _fn = staticmethod(F.hardshrink)


class Threshold(Module):
    """``x`` where ``x > threshold``, else ``value``."""

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input: Tensor) -> Tensor:
        """threshold(input)."""
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}{_inplace(self.inplace)}"


class PReLU(Module):
    """``x`` where positive, else ``weight * x``; ``num_parameters`` learned slopes (1, or one
    per channel), starting at ``init``."""

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(ag.full((num_parameters,), float(init), device=device,
                                        dtype=dtype or ag.get_default_dtype()))

    def reset_parameters(self) -> None:
        """Every slope back to ``init``."""
        with ag.no_grad():
            self.weight.fill_(self.init)

    def forward(self, input: Tensor) -> Tensor:
        """prelu(input, weight)."""
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    """Leaky ReLU with a random slope in [lower, upper] while training, their mean otherwise."""

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
                 inplace: bool = False) -> None:
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input: Tensor) -> Tensor:
        """rrelu(input)."""
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"lower={self.lower}, upper={self.upper}{_inplace(self.inplace)}"


class GLU(Module):
    """``a * sigmoid(b)`` for the halves ``a, b`` of the input along ``dim``."""

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        """glu(input, dim)."""
        return F.glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmin(Module):
    """``softmax(-x)`` along ``dim``."""

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        """softmin(input, dim)."""
        return F.softmin(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmax2d(Module):
    """Softmax over the channels (dim -3) of ``(N, C, H, W)`` or ``(C, H, W)`` input."""

    def forward(self, input: Tensor) -> Tensor:
        """softmax over dim -3."""
        if input.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.ndim}D "
                             "instead")
        return F.softmax(input, -3)
