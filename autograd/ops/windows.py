"""Window functions for spectral analysis: hann, hamming, blackman, bartlett and kaiser
windows, created on a device like ``linspace`` (no gradient through their parameters).

As PyTorch's, they are ``periodic`` by default: the window of length N + 1 with its last
value dropped, ready for an FFT of length N; ``periodic=False`` gives the symmetric one."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from autograd.creation import _finish, _resolve
from autograd.engine.grad_mode import replayable

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["hann_window", "hamming_window", "blackman_window", "bartlett_window",
           "kaiser_window"]


def _window(name: str, length: int, periodic: bool, dtype: Any, device: Any,
            requires_grad: bool, values: Any) -> Tensor:
    """``values(xp, n)``: the symmetric window of n >= 2 points, in float64 on the device."""
    if length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got "
                           f"window_length={length}")
    dt, dev = _resolve(dtype, device)
    if dt.kind not in "fV":
        raise RuntimeError(f"{name} expects floating point dtypes, got {dt}")
    xp = dev.backend
    if length <= 1:
        data = xp.ones((length,), dtype=dt)
    else:
        n = length + 1 if periodic else length
        data = values(xp, n)[:length].astype(dt)
    return _finish(data, dev, requires_grad)


def _cosines(*coefficients: float) -> Any:
    """sum_k (-1)^k a_k cos(2 pi k i / (n - 1)): the generalised cosine windows."""
    def values(xp: Any, n: int) -> Any:
        phase = xp.arange(n, dtype=xp.float64) * (2 * math.pi / (n - 1))
        out = xp.zeros(n, dtype=xp.float64)
        for k, a in enumerate(coefficients):
            out = out + (-1) ** k * a * xp.cos(k * phase)
        return out

    return values


@replayable
def hann_window(window_length: int, periodic: bool = True, *, dtype: Any = None,
                device: Any = None, requires_grad: bool = False) -> Tensor:
    """The Hann window: 0.5 - 0.5 cos(2 pi i / (N - 1)) (periodic by default, as PyTorch)."""
    return _window("hann_window", window_length, periodic, dtype, device, requires_grad,
                   _cosines(0.5, 0.5))


@replayable
def hamming_window(window_length: int, periodic: bool = True, alpha: float = 0.54,
                   beta: float = 0.46, *, dtype: Any = None, device: Any = None,
                   requires_grad: bool = False) -> Tensor:
    """The Hamming window: alpha - beta cos(2 pi i / (N - 1)) (periodic by default)."""
    return _window("hamming_window", window_length, periodic, dtype, device, requires_grad,
                   _cosines(alpha, beta))


@replayable
def blackman_window(window_length: int, periodic: bool = True, *, dtype: Any = None,
                    device: Any = None, requires_grad: bool = False) -> Tensor:
    """The Blackman window: 0.42 - 0.5 cos(2 pi i / (N - 1)) + 0.08 cos(4 pi i / (N - 1))
    (periodic by default)."""
    return _window("blackman_window", window_length, periodic, dtype, device, requires_grad,
                   _cosines(0.42, 0.5, 0.08))


def _bartlett(xp: Any, n: int) -> Any:
    i = xp.arange(n, dtype=xp.float64)
    return 1 - xp.abs(2 * i / (n - 1) - 1)


@replayable
def bartlett_window(window_length: int, periodic: bool = True, *, dtype: Any = None,
                    device: Any = None, requires_grad: bool = False) -> Tensor:
    """The Bartlett (triangular) window: 1 - |2 i / (N - 1) - 1| (periodic by default)."""
    return _window("bartlett_window", window_length, periodic, dtype, device, requires_grad,
                   _bartlett)


@replayable
def kaiser_window(window_length: int, periodic: bool = True, beta: float = 12.0, *,
                  dtype: Any = None, device: Any = None,
                  requires_grad: bool = False) -> Tensor:
    """The Kaiser window: I0(beta sqrt(1 - (2 i / (N - 1) - 1)^2)) / I0(beta) (periodic by
    default, beta 12 as PyTorch)."""
    def values(xp: Any, n: int) -> Any:
        r = 2 * xp.arange(n, dtype=xp.float64) / (n - 1) - 1
        return xp.i0(beta * xp.sqrt(xp.clip(1 - r * r, 0, None))) / xp.i0(
            xp.asarray(beta, dtype=xp.float64))

    return _window("kaiser_window", window_length, periodic, dtype, device, requires_grad,
                   values)
