"""The CPU backend: NumPy."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import numpy as np

from backends import base
from backends import gamma as _gamma
from backends import special as _special
from backends.base import Backend

if TYPE_CHECKING:
    from backends.devices import Device

_AT = {"sum": np.add, "prod": np.multiply, "amax": np.maximum, "amin": np.minimum}


def _flat_positions(target, index):
    """The flat positions that ``target[index]`` reads, or None when target is not
    C-contiguous (no flat view of it to write into) or holds no more than a few elements."""
    if not target.flags.c_contiguous or target.size < 64:
        return None
    return np.arange(target.size).reshape(target.shape)[index]


class _OneBlasThread:
    """BLAS on one thread inside; nested and concurrent uses share one setting, the last one
    out restores the thread counts. The loaded BLAS libraries are found through threadpoolctl
    (once, on first use); without it this does nothing."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._libs: list | None = None
        self._saved: list = []

    @staticmethod
    def _find() -> list:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            return []
        return ThreadpoolController().select(user_api="blas").lib_controllers

    def __enter__(self) -> None:
        with self._lock:
            if self._libs is None:
                self._libs = self._find()
            if self._depth == 0:
                self._saved = [lib.get_num_threads() for lib in self._libs]
                for lib, n in zip(self._libs, self._saved):
                    if n and n > 1:
                        lib.set_num_threads(1)
            self._depth += 1

    def __exit__(self, *exc: Any) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0:
                for lib, n in zip(self._libs, self._saved):
                    if n and n > 1:
                        lib.set_num_threads(n)


_ONE_BLAS_THREAD = _OneBlasThread()


class NumpyBackend(Backend):
    """NumPy on the host. Transfers to and from NumPy are free (no copy)."""

    name = "numpy"

    def __init__(self, device: Device) -> None:
        super().__init__(np, device)
        self.rng = np.random.default_rng()

    def to_numpy(self, array):
        if base.host_read_hook is not None:
            base.host_read_hook(array)
        return np.asarray(array)

    def from_numpy(self, array, non_blocking: bool = False):
        return np.asarray(array)

    def one_blas_thread(self):
        return _ONE_BLAS_THREAD

    def may_hold_nan(self, a) -> bool:
        return a.dtype.kind in "fcV" and bool(np.isnan(a).any())

    def check_later(self, bad, error: type, message: str, detail=None) -> None:
        if bad:  # host memory: no reason to wait
            raise error((detail() if detail is not None else None) or message)

    def raise_pending(self) -> None:
        pass

    def index_add(self, target, index, values) -> None:
        pos = _flat_positions(target, index)
        if pos is None:
            np.add.at(target, index, values)
            return
        values = np.broadcast_to(values, pos.shape).ravel()
        pos = pos.ravel()
        flat = target.reshape(-1)
        if target.dtype.kind in "fV" and 4 * pos.size >= target.size:
            # dense writes: bincount sums every position at once (in float64), ten times
            # faster than add.at
            flat += np.bincount(pos, weights=values, minlength=flat.size).astype(
                target.dtype, copy=False)
        else:
            np.add.at(flat, pos, values)

    def index_reduce(self, target, index, values, reduce) -> None:
        if reduce == "sum":
            self.index_add(target, index, values)
            return
        pos = _flat_positions(target, index)
        if pos is None:
            _AT[reduce].at(target, index, values)
        else:  # ufunc.at on one flat index is about twice as fast as on an index tuple
            _AT[reduce].at(target.reshape(-1), pos.ravel(),
                           np.broadcast_to(values, pos.shape).ravel())

    def accumulate(self, ufunc, x, axis):
        return getattr(np, ufunc).accumulate(x, axis=axis)

    def erf(self, x):
        return _special.erf(x)

    def erfc(self, x):
        return _special.erfc(x)

    def erfinv(self, x):
        return _special.erfinv(x)

    def lgamma(self, x):
        return _gamma.lgamma(x)

    def digamma(self, x):
        return _gamma.digamma(x)

    def polygamma(self, n, x):
        return _gamma.polygamma(n, x)

    def erfcx(self, x):
        return _special.erfcx(x)

    def gammainc(self, a, x):
        return _gamma.gammainc(a, x)

    def gammaincc(self, a, x):
        return _gamma.gammaincc(a, x)

    def zeta(self, s, q):
        return _gamma.zeta(s, q)

    def sigmoid(self, x):
        with np.errstate(over="ignore"):  # exp(-x) = inf for x << 0 is the right limit
            return 1 / (1 + np.exp(-x))

    def seed(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def get_rng_state(self):
        return self.rng.bit_generator.state  # a fresh dict each time

    def set_rng_state(self, state) -> None:
        self.rng.bit_generator.state = state

    def random_uniform(self, shape, low, high, dtype):
        return self.rng.uniform(low, high, size=shape).astype(dtype, copy=False)

    def random_normal(self, shape, mean, std, dtype):
        if np.dtype(dtype) in (np.float32, np.float64):
            return self.rng.standard_normal(size=shape, dtype=dtype) * dtype.type(std) + (
                dtype.type(mean)
            )
        return (self.rng.standard_normal(size=shape) * std + mean).astype(dtype)

    def random_integers(self, shape, low, high, dtype):
        return self.rng.integers(low, high, size=shape, dtype=dtype)

    def random_permutation(self, n: int):
        return self.rng.permutation(n)
