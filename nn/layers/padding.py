"""Padding layers: ZeroPad, ConstantPad, ReflectionPad, ReplicationPad and CircularPad in 1,
2 and 3 dims (``padding`` an int for every side, or the (left, right[, top, bottom[, front,
back]]) tuple of ``nn.functional.pad``)."""

from __future__ import annotations

from typing import Any

from autograd.tensor import Tensor
from nn import functional as F
from nn.module import Module


class _PadNd(Module):
    _n = 1
    _mode = "constant"

    def __init__(self, padding: Any, value: float = 0.0) -> None:
        super().__init__()
        n = 2 * self._n
        if isinstance(padding, int):
            padding = (padding,) * n
        padding = tuple(int(p) for p in padding)
        if len(padding) != n:
            # PyTorch fails at the first forward, with F.pad's RuntimeError
            raise RuntimeError(f"{type(self).__name__}: padding must be an int or a {n}-tuple, "
                               f"got {padding}")
        self.padding = padding
        self.value = value

    def forward(self, input: Tensor) -> Tensor:
        """The padded input."""
        if self._mode == "constant":
            return F.pad(input, self.padding, "constant", self.value)
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self) -> str:
        if self._mode == "constant" and type(self).__name__.startswith("Constant"):
            return f"padding={self.padding}, value={self.value}"
        return f"{self.padding}"


def _layer(name: str, n: int, mode: str, doc: str) -> type:
    return type(name, (_PadNd,), {"_n": n, "_mode": mode, "__doc__": doc,
                                  "__module__": __name__})


class ConstantPad1d(_PadNd):
    """Pad the last dim with ``value``."""

    _n = 1

    def __init__(self, padding: Any, value: float) -> None:
        super().__init__(padding, value)


class ConstantPad2d(ConstantPad1d):
    """Pad the last two dims with ``value``."""

    _n = 2


class ConstantPad3d(ConstantPad1d):
    """Pad the last three dims with ``value``."""

    _n = 3


class ZeroPad1d(_PadNd):
    """Pad the last dim with zeros."""

    _n = 1

    def __init__(self, padding: Any) -> None:
        super().__init__(padding, 0.0)


class ZeroPad2d(ZeroPad1d):
    """Pad the last two dims with zeros."""

    _n = 2


class ZeroPad3d(ZeroPad1d):
    """Pad the last three dims with zeros."""

    _n = 3


ReflectionPad1d = _layer("ReflectionPad1d", 1, "reflect", "Pad the last dim with its "
                         "reflection (the edge not repeated).")
ReflectionPad2d = _layer("ReflectionPad2d", 2, "reflect", "Pad the last two dims with their "
                         "reflection.")
ReflectionPad3d = _layer("ReflectionPad3d", 3, "reflect", "Pad the last three dims with their "
                         "reflection.")
ReplicationPad1d = _layer("ReplicationPad1d", 1, "replicate", "Pad the last dim by repeating "
                          "its edge values.")
ReplicationPad2d = _layer("ReplicationPad2d", 2, "replicate", "Pad the last two dims by "
                          "repeating their edge values.")
ReplicationPad3d = _layer("ReplicationPad3d", 3, "replicate", "Pad the last three dims by "
                          "repeating their edge values.")
CircularPad1d = _layer("CircularPad1d", 1, "circular", "Pad the last dim periodically.")
CircularPad2d = _layer("CircularPad2d", 2, "circular", "Pad the last two dims periodically.")
CircularPad3d = _layer("CircularPad3d", 3, "circular", "Pad the last three dims "
                       "periodically.")
