"""The CPU backend: NumPy."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from backends.base import Backend

if TYPE_CHECKING:
    from backends.devices import Device
from backends.special import erf as _erf


class NumpyBackend(Backend):
    """NumPy on the host. Transfers to and from NumPy are free (no copy)."""

    name = "numpy"

    def __init__(self, device: Device) -> None:
        super().__init__(np, device)
        self.rng = np.random.default_rng()

    def to_numpy(self, array):
        return np.asarray(array)

    def from_numpy(self, array, non_blocking: bool = False):
        return np.asarray(array)

    def check_later(self, bad, error: type, message: str, detail=None) -> None:
        if bad:  # host memory: no reason to wait
            raise error((detail() if detail is not None else None) or message)

    def raise_pending(self) -> None:
        pass

    def index_add(self, target, index, values) -> None:
        np.add.at(target, index, values)

    def erf(self, x):
        return _erf(x)

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
