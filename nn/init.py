"""Parameter initialisation (``torch.nn.init``): PyTorch's fans, gains and distributions.

Every random draw comes from one host NumPy generator (reseeded by ``autograd.manual_seed``)
and then goes to the tensor's device in one copy, so one seed gives the same model on CPU
and GPU. Values are drawn in float64 and rounded once to the tensor's dtype.
"""

from __future__ import annotations

import math
import warnings
from statistics import NormalDist
from typing import Any

import numpy as np

import autograd as ag
from autograd.tensor import Tensor

__all__ = [
    "calculate_gain", "uniform_", "normal_", "trunc_normal_", "constant_", "zeros_", "ones_",
    "eye_", "dirac_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_",
    "kaiming_normal_", "orthogonal_", "sparse_",
]

_rng = np.random.default_rng()


@ag.register_seed_hook
def _reseed(seed: int) -> None:
    global _rng
    _rng = np.random.default_rng(int(seed) % 2**64)


def _host_rng(generator: Any, default: np.random.Generator | None = None) -> np.random.Generator:
    """A NumPy generator for ``generator``: None (the default one), an int seed, a NumPy
    Generator, anything holding one as ``rng`` (``autograd.Generator``), or NumPy-like."""
    if generator is None:
        return _rng if default is None else default
    if isinstance(generator, np.random.Generator):
        return generator
    if isinstance(getattr(generator, "rng", None), np.random.Generator):
        return generator.rng
    if isinstance(generator, (int, np.integer)) and not isinstance(generator, bool):
        return np.random.default_rng(int(generator) % 2**64)
    if hasattr(generator, "permutation") and hasattr(generator, "standard_normal"):
        return generator  # NumPy-like (a RandomState, say)
    raise TypeError(
        f"generator must be None, an int seed, a numpy.random.Generator or an "
        f"autograd.Generator, got {type(generator).__name__}"
    )


def _write(tensor: Tensor, host: np.ndarray) -> Tensor:
    """Copy host values into the tensor's own memory (one transfer) and bump its version."""
    host = host.astype(tensor.dtype, copy=False).reshape(tensor.shape)
    if tensor.device.type == "cpu":
        tensor.array[...] = host
    else:
        with tensor.device.backend.scope():
            tensor.array[...] = tensor.device.backend.from_numpy(host)
    ag.graph.increment_version(tensor)
    return tensor


class _BoundsError(ValueError, RuntimeError):
    """Bounds in the wrong order: a ValueError, and PyTorch's RuntimeError (its uniform_
    refuses them)."""


def _check_float(name: str, tensor: Tensor) -> None:
    if tensor.dtype.kind not in "fV":  # PyTorch: NotImplementedError "... for 'Long'"
        raise NotImplementedError(f"{name}: not implemented for dtype {tensor.dtype} "
                                  "(floating point only)")


def _empty(name: str, tensor: Tensor) -> bool:
    if tensor.numel() == 0:
        warnings.warn(f"{name}: initializing a zero-element tensor is a no-op", stacklevel=3)
        return True
    return False


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for a nonlinearity (PyTorch's values)."""
    linear = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
              "conv_transpose3d")
    if nonlinearity in linear or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """(fan_in, fan_out): dims 1 and 0 times the receptive field (the product of dims 2...)."""
    if tensor.ndim < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions "
            f"(got shape {tuple(tensor.shape)})"
        )
    receptive = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _calculate_correct_fan(tensor: Tensor, mode: str) -> int:
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: Any = None) -> Tensor:
    """Fill with samples from U(a, b)."""
    _check_float("uniform_", tensor)
    if a > b:
        raise RuntimeError(f"uniform_: expects a <= b, but got a={a} and b={b}")
    return _write(tensor, _host_rng(generator).uniform(a, b, size=tensor.shape))


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator: Any = None) -> Tensor:
    """Fill with samples from N(mean, std^2)."""
    _check_float("normal_", tensor)
    if std < 0:
        raise RuntimeError(f"normal_: expects std >= 0.0, but got std={std}")
    return _write(tensor, _host_rng(generator).normal(mean, std, size=tensor.shape))


def trunc_normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0,
                  b: float = 2.0, generator: Any = None) -> Tensor:
    """Fill with samples from N(mean, std^2) truncated to [a, b] (bounds in value units)."""
    _check_float("trunc_normal_", tensor)
    if a > b:
        raise _BoundsError(f"trunc_normal_: expects a <= b, but got a={a} and b={b}")
    rng = _host_rng(generator)
    std = max(float(std), 1e-300)
    lo, hi = (a - mean) / std, (b - mean) / std
    unit = NormalDist()
    p_lo, p_hi = unit.cdf(lo), unit.cdf(hi)
    n = tensor.numel()
    if p_hi - p_lo > 0.05:
        # Rejection keeps the exact distribution and is cheap when most draws land inside.
        out = rng.standard_normal(n)
        bad = np.flatnonzero((out < lo) | (out > hi))
        while bad.size:
            out[bad] = rng.standard_normal(bad.size)
            bad = bad[(out[bad] < lo) | (out[bad] > hi)]
    else:
        # A narrow window in the tail: invert the CDF of uniform draws between the bounds.
        u = rng.uniform(p_lo, p_hi, size=n)
        out = np.frompyfunc(lambda q: unit.inv_cdf(min(max(q, 1e-300), 1 - 1e-16)), 1, 1)(u)
        out = np.clip(out.astype(np.float64), lo, hi)
    return _write(tensor, np.clip(out * std + mean, a, b))


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with ``val``."""
    with tensor.device.backend.scope():
        tensor.array[...] = val
    ag.graph.increment_version(tensor)
    return tensor


def zeros_(tensor: Tensor) -> Tensor:
    """Fill with 0."""
    return constant_(tensor, 0)


def ones_(tensor: Tensor) -> Tensor:
    """Fill with 1."""
    return constant_(tensor, 1)


def eye_(tensor: Tensor) -> Tensor:
    """Fill a 2-D tensor with the identity (ones on the main diagonal)."""
    if tensor.ndim != 2:
        raise ValueError(f"Only tensors with 2 dimensions are supported (got shape "
                         f"{tuple(tensor.shape)})")
    return _write(tensor, np.eye(*tensor.shape))


def dirac_(tensor: Tensor, groups: int = 1) -> Tensor:
    """Fill a 3-, 4- or 5-D conv weight with the Dirac delta (identity convolution)."""
    if tensor.ndim not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    sizes = tensor.shape
    if sizes[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    out_per_group = sizes[0] // groups
    min_dim = min(out_per_group, sizes[1])
    host = np.zeros(sizes)
    centre = tuple(s // 2 for s in sizes[2:])
    for g in range(groups):
        for d in range(min_dim):
            host[(g * out_per_group + d, d) + centre] = 1
    return _write(tensor, host)


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    """Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    """Glorot normal: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def kaiming_uniform_(tensor: Tensor, a: float = 0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu", generator: Any = None) -> Tensor:
    """He uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan)."""
    if _empty("kaiming_uniform_", tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor: Tensor, a: float = 0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu", generator: Any = None) -> Tensor:
    """He normal: N(0, std^2) with std = gain / sqrt(fan)."""
    if _empty("kaiming_normal_", tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return normal_(tensor, 0.0, std, generator)


def orthogonal_(tensor: Tensor, gain: float = 1, generator: Any = None) -> Tensor:
    """A (semi-)orthogonal matrix over dim 0 x the rest, scaled by ``gain``."""
    if tensor.ndim < 2:
        raise ValueError(f"Only tensors with 2 or more dimensions are supported (got shape "
                         f"{tuple(tensor.shape)})")
    if tensor.numel() == 0:
        return tensor
    _check_float("orthogonal_", tensor)
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    flat = _host_rng(generator).standard_normal((rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    # The sign fix makes Q uniformly distributed (Haar), as PyTorch does.
    q *= np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return _write(tensor, q * gain)


def sparse_(tensor: Tensor, sparsity: float, std: float = 0.01, generator: Any = None) -> Tensor:
    """A 2-D tensor drawn from N(0, std^2) with ``ceil(sparsity * rows)`` random entries of
    every column set to zero."""
    if tensor.ndim != 2:
        raise ValueError(f"sparse_: only tensors with 2 dimensions are supported (got shape "
                         f"{tuple(tensor.shape)})")
    _check_float("sparse_", tensor)
    rows, cols = tensor.shape
    num_zeros = int(math.ceil(sparsity * rows))
    rng = _host_rng(generator)
    host = rng.normal(0.0, std, size=(rows, cols))
    for col in range(cols):
        host[rng.permutation(rows)[:num_zeros], col] = 0.0
    return _write(tensor, host)


def _deprecated(new: Any) -> Any:
    old_name = new.__name__[:-1]

    def deprecated_init(*args: Any, **kwargs: Any) -> Any:
        warnings.warn(f"`nn.init.{old_name}` is now deprecated in favor of "
                      f"`nn.init.{new.__name__}`.", FutureWarning, stacklevel=2)
        return new(*args, **kwargs)

    deprecated_init.__name__ = old_name
    deprecated_init.__doc__ = f"Deprecated name of ``{new.__name__}`` (warns)."
    return deprecated_init


# PyTorch's old names without the trailing underscore, kept (with a FutureWarning) for old code
uniform = _deprecated(uniform_)
normal = _deprecated(normal_)
constant = _deprecated(constant_)
eye = _deprecated(eye_)
dirac = _deprecated(dirac_)
xavier_uniform = _deprecated(xavier_uniform_)
xavier_normal = _deprecated(xavier_normal_)
kaiming_uniform = _deprecated(kaiming_uniform_)
kaiming_normal = _deprecated(kaiming_normal_)
orthogonal = _deprecated(orthogonal_)
sparse = _deprecated(sparse_)
