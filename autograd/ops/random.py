"""Sampling from distributions given by tensors: bernoulli, multinomial, normal, poisson, and the
in-place samplers of Tensor (bernoulli_, exponential_, geometric_, cauchy_, log_normal_,
random_).

Draws come from the device's generator (``manual_seed`` seeds it), on the device of the
parameters, and never wait for the device: a value check (a probability outside [0, 1], a
negative weight) raises at once on the CPU and at the next host read on a GPU. The same seed
gives other numbers than PyTorch's generator: the distributions are the same, the streams are
not. ``normal`` is differentiable in its mean and std (the sample is ``mean + std * eps``);
the other samples are constants to autograd.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.engine.inplace import inplace
from autograd.engine.tensor_base import TensorBase, make
from autograd.ops.elementwise import convert as _convert

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["bernoulli", "binomial", "multinomial", "normal", "poisson"]

_F64 = np.dtype("float64")


def _float_tensor(op: str, input: Any) -> Tensor:
    if not isinstance(input, TensorBase):
        raise TypeError(f"{op}(): argument 'input' must be Tensor, not {type(input).__name__}")
    if input._data.dtype.kind not in "fV":
        raise RuntimeError(f"{op} only supports floating-point dtypes for input, got: "
                           f"{input.dtype}")
    return input


def bernoulli(input: Tensor, p: float | None = None, *, generator: Any = None) -> Tensor:
    """1 with probability ``input`` (or ``p``), else 0, elementwise, in input's dtype."""
    input = _float_tensor("bernoulli", input)
    xp = input.device.backend
    a = input._data
    with xp.scope():
        if p is None:
            xp.check_later(((a < 0) | (a > 1) | (a != a)).any(), RuntimeError,
                           "bernoulli: Expected p_in >= 0 && p_in <= 1 to be true, but got "
                           f"false (probabilities of shape {list(a.shape)})")
            prob = a
        else:
            if not 0 <= p <= 1:
                raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
            prob = p
        u = xp.random_uniform(a.shape, 0.0, 1.0, a.dtype)
        return make((u < prob).astype(a.dtype), input.device, False, None, 0)


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *,
                generator: Any = None) -> Tensor:
    """``num_samples`` category indices per row of the (1-D or 2-D) weights ``input``, drawn in
    proportion to them (int64); without ``replacement`` each category at most once per row.

    With replacement: inverse-CDF lookups of uniform draws; without: the categories sorted by
    ``E / w`` with ``E ~ Exp(1)`` (the first ``k`` of an exponential race are a weighted sample
    without replacement; zero weights come last, as PyTorch returns them when it runs out).
    """
    input = _float_tensor("multinomial", input)
    a = input._data
    if a.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    n = a.shape[-1]
    if n == 0:
        raise RuntimeError("multinomial: number of categories cannot be zero")
    if not isinstance(num_samples, int) or num_samples <= 0:
        raise RuntimeError(f"cannot sample n_sample <= 0 samples (got {num_samples})")
    if not replacement and num_samples > n:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           f"replacement (n_sample={num_samples}, categories={n})")
    xp = input.device.backend
    with xp.scope():
        w = a.reshape(-1, n).astype(_F64)
        rows = w.shape[0]
        xp.check_later(((w < 0) | ~xp.isfinite(w)).any(), RuntimeError,
                       "multinomial: probability tensor contains either `inf`, `nan` or "
                       "element < 0")
        total = w.sum(axis=1)
        xp.check_later((total <= 0).any(), RuntimeError,
                       "multinomial: invalid multinomial distribution (sum of probabilities "
                       "<= 0)")
        if replacement:
            # each row's normalised CDF, shifted by its row number, is one increasing array:
            # one searchsorted serves every row
            cdf = xp.cumsum(w, axis=1) / xp.where(total > 0, total, 1.0)[:, None]
            offset = xp.arange(rows, dtype=_F64)[:, None]
            u = xp.random_uniform((rows, num_samples), 0.0, 1.0, _F64)
            pos = xp.searchsorted((cdf + offset).reshape(-1), (u + offset).reshape(-1),
                                  side="right")
            out = pos.reshape(rows, num_samples) - xp.arange(rows)[:, None] * n
            out = xp.clip(out, 0, n - 1)  # a draw at the top rounding edge of a row
        else:
            positive = w > 0
            keys = xp.random_exponential((rows, n), _F64) / xp.where(positive, w, 1.0)
            keys = xp.where(positive, keys, math.inf)
            out = xp.stable_argsort(keys, axis=1)[:, :num_samples]
        out = out.astype("int64")
        if a.ndim == 1:
            out = out.reshape(num_samples)
        return make(out, input.device, False, None, 0)


def normal(mean: Any, std: Any = 1.0, size: Any = None, *, generator: Any = None,
           dtype: Any = None, device: Any = None) -> Tensor:
    """Samples from N(mean, std^2): tensors ``mean`` and/or ``std`` broadcast together, or two
    numbers and a ``size``. Differentiable in mean and std, as PyTorch's."""
    from autograd.creation import randn

    tensors = [t for t in (mean, std) if isinstance(t, TensorBase)]
    if not tensors:
        if std < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
        if size is None:
            raise TypeError("normal(): with float mean and std, the size argument is required")
        return randn(*((size,) if isinstance(size, int) else tuple(size)), dtype=dtype,
                     device=device) * float(std) + float(mean)
    if size is not None:
        raise RuntimeError("normal(): size cannot be given with a Tensor mean or std")
    for t in tensors:
        _float_tensor("normal", t)
    if isinstance(std, TensorBase):
        xp = std.device.backend
        with xp.scope():
            xp.check_later((std._data < 0).any(), RuntimeError,
                           "normal expects all elements of std >= 0.0")
    elif std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    shape = tuple(_broadcast_shape(*(t.shape for t in tensors)))
    ref = tensors[0]
    eps = randn(*shape, dtype=ref.dtype, device=ref.device)
    return mean + std * eps


def _broadcast_shape(*shapes: tuple) -> tuple:
    out: list[int] = []
    for shape in shapes:
        shape = tuple(shape)
        if len(shape) > len(out):
            out = [1] * (len(shape) - len(out)) + out
        for k, s in enumerate(shape, start=len(out) - len(shape)):
            if out[k] == 1:
                out[k] = s
            elif s not in (1, out[k]):
                raise RuntimeError(f"normal(): the shapes of mean and std do not broadcast: "
                                   f"{list(shapes[0])} and {list(shapes[1])}")
    return tuple(out)


def poisson(input: Tensor, generator: Any = None) -> Tensor:
    """Poisson counts with rates ``input`` (>= 0), in input's floating dtype."""
    input = _float_tensor("poisson", input)
    xp = input.device.backend
    a = input._data
    with xp.scope():
        xp.check_later(((a < 0) | (a != a)).any(), RuntimeError,
                       "poisson: invalid Poisson rate, expected rate to be non-negative")
        counts = xp.random_poisson(xp.where(a > 0, a, 0).astype(_F64))
        return make(counts.astype(a.dtype), input.device, False, None, 0)


def binomial(count: Tensor, prob: Tensor, generator: Any = None) -> Tensor:
    """The number of successes in ``count`` trials of probability ``prob`` (broadcast),
    elementwise, in their floating dtype. A probability outside [0, 1] raises (PyTorch's
    kernel returns arbitrary counts for it)."""
    for name, t in (("count", count), ("prob", prob)):
        if not isinstance(t, TensorBase):
            raise TypeError(f"binomial(): argument '{name}' must be Tensor, not "
                            f"{type(t).__name__}")
        if t._data.dtype.kind not in "fV":
            raise ValueError(f"binomial only supports floating-point dtypes for {name}, got: "
                             f"{t.dtype}")
    if count.dtype != prob.dtype:
        raise RuntimeError(f"binomial: Found dtype {prob.dtype} but expected {count.dtype}")
    if count.device != prob.device:
        raise RuntimeError(f"binomial: Expected all tensors to be on the same device, but found "
                           f"{count.device} and {prob.device}")
    xp = count.device.backend
    n, p = count._data, prob._data
    with xp.scope():
        xp.check_later(((p < 0) | (p > 1) | (p != p)).any(), RuntimeError,
                       "binomial: Expected prob to be in [0, 1] (probabilities of shape "
                       f"{list(p.shape)})")
        xp.check_later(((n < 0) | (n != n)).any(), RuntimeError,
                       "binomial: Expected count to be non-negative")
        n, p = xp.broadcast_arrays(n, p)
        counts = xp.random_binomial(xp.where(n > 0, n, 0).astype("int64"),
                                    xp.where((p >= 0) & (p <= 1), p, 0).astype(_F64))
        return make(counts.astype(count._data.dtype), count.device, False, None, 0)


# -- in-place samplers (Tensor methods) -------------------------------------------------------


def _fill_(t: Tensor, values: Any) -> Tensor:
    """Write freshly drawn values into ``t`` through the in-place protocol (a leaf that
    requires grad is refused, saved copies notice), as ``uniform_`` and ``normal_`` do."""
    return inplace(t, _convert.fill_like, make(values.astype(t._data.dtype), t.device))


def bernoulli_(t: Tensor, p: Any = 0.5, *, generator: Any = None) -> Tensor:
    """Fill with 1 (probability ``p``, a number or a tensor) or 0."""
    if not isinstance(p, TensorBase) and not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
    xp = t.device.backend
    with xp.scope():
        prob = p._data if isinstance(p, TensorBase) else float(p)
        u = xp.random_uniform(t.shape, 0.0, 1.0, _F64)
        return _fill_(t, u < prob)


def exponential_(t: Tensor, lambd: float = 1.0, *, generator: Any = None) -> Tensor:
    """Fill with samples of Exp(``lambd``)."""
    if lambd <= 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    xp = t.device.backend
    with xp.scope():
        return _fill_(t, xp.random_exponential(t.shape, _F64) / lambd)


def geometric_(t: Tensor, p: float, *, generator: Any = None) -> Tensor:
    """Fill with the number of Bernoulli(``p``) trials up to the first success (>= 1)."""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    xp = t.device.backend
    with xp.scope():
        e = xp.random_exponential(t.shape, _F64)
        return _fill_(t, xp.ceil(e / -math.log1p(-p)))


def cauchy_(t: Tensor, median: float = 0.0, sigma: float = 1.0, *,
            generator: Any = None) -> Tensor:
    """Fill with samples of Cauchy(``median``, ``sigma``)."""
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma}")
    xp = t.device.backend
    with xp.scope():
        u = xp.random_uniform(t.shape, 0.0, 1.0, _F64)
        return _fill_(t, median + sigma * xp.tan(math.pi * (u - 0.5)))


def log_normal_(t: Tensor, mean: float = 1.0, std: float = 2.0, *,
                generator: Any = None) -> Tensor:
    """Fill with exp of samples of N(``mean``, ``std``^2)."""
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std}")
    xp = t.device.backend
    with xp.scope():
        return _fill_(t, xp.exp(xp.random_normal(t.shape, mean, std, _F64)))


def random_(t: Tensor, from_: int = 0, to: int | None = None, *,
            generator: Any = None) -> Tensor:
    """Fill with integers uniform in [from_, to) (``random_(to)`` is [0, to); no bound: up to
    2^mantissa bits for floats, the dtype's maximum for integers)."""
    if to is None and from_ != 0:
        from_, to = 0, from_
    if to is None:
        kind = t._data.dtype
        to = (2 ** (np.finfo(kind).nmant + 1) if kind.kind in "fV"
              else int(np.iinfo(kind).max) if kind.kind in "iu" else 2)
    if from_ >= to:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={from_} "
                           f">= to={to}")
    dt = t._data.dtype
    if dt.kind in "iu":
        info = np.iinfo(dt)
        if from_ < info.min:
            raise RuntimeError(f"random_: from={from_} is out of bounds for {dt}")
        if to - 1 > info.max:
            raise RuntimeError(f"random_: to - 1 = {to - 1} is out of bounds for {dt}")
    xp = t.device.backend
    with xp.scope():
        return _fill_(t, xp.random_integers(t.shape, from_, to, np.dtype("int64")))
