"""The GPU backend: CuPy. The only module of the project that imports cupy."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from backends.base import Backend, index_multiply

if TYPE_CHECKING:
    from backends.devices import Device


def load_cupy():
    """Import CuPy and check that a GPU is usable, else raise a RuntimeError saying what is
    missing."""
    try:
        import cupy
    except ImportError as exc:
        raise RuntimeError(
            "CUDA device requested but CuPy is not installed: "
            "pip install 'tapegrad[cuda12]' or 'tapegrad[cuda13]' to match your CUDA version"
        ) from exc
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as exc:  # CUDA driver missing or broken
        raise RuntimeError(
            f"CUDA device requested but no usable CUDA driver was found ({exc})"
        ) from exc
    if count == 0:
        raise RuntimeError("CUDA device requested but no NVIDIA GPU is visible")
    return cupy


class CupyBackend(Backend):
    """CuPy on one NVIDIA GPU. Every array op runs on ``device``'s GPU."""

    name = "cupy"

    def __init__(self, device: Device) -> None:
        cupy = load_cupy()
        count = cupy.cuda.runtime.getDeviceCount()
        if device.index >= count:
            raise RuntimeError(
                f"CUDA device {device} requested but only {count} GPU(s) are visible"
            )
        super().__init__(cupy, device)
        self.cupy = cupy
        self.cuda_device = cupy.cuda.Device(device.index)
        import cupyx
        import cupyx.scipy.special

        self._cupyx = cupyx
        self._special = cupyx.scipy.special
        with self.cuda_device:
            self.rng = cupy.random.default_rng()

    def to_numpy(self, array):
        return self.cupy.asnumpy(array)

    def from_numpy(self, array):
        with self.cuda_device:
            return self.cupy.asarray(array)

    def synchronize(self) -> None:
        self.cuda_device.synchronize()

    def index_add(self, target, index, values) -> None:
        self._cupyx.scatter_add(target, index, values)

    def stable_argsort(self, x, axis=-1):
        return self.cupy.argsort(x, axis=axis)  # a stable sort; CuPy takes no kind

    def index_reduce(self, target, index, values, reduce) -> None:
        # cupyx has scatter kernels for add, max and min (atomics); a product has no atomic,
        # so it is a sort and a segmented scan
        if reduce == "sum":
            self._cupyx.scatter_add(target, index, values)
        elif reduce == "amax":
            self._cupyx.scatter_max(target, index, values)
        elif reduce == "amin":
            self._cupyx.scatter_min(target, index, values)
        else:
            index_multiply(self.cupy, target, index, values)

    def _special_fn(self, name, *args):
        x = args[-1]
        out = getattr(self._special, name)(*args)
        return out.astype(x.dtype, copy=False) if x.dtype.kind == "f" else out

    def erf(self, x):
        return self._special_fn("erf", x)

    def erfc(self, x):
        return self._special_fn("erfc", x)

    def erfinv(self, x):
        return self._special_fn("erfinv", x)

    def lgamma(self, x):
        return self._special_fn("gammaln", x)

    def digamma(self, x):
        return self._special_fn("digamma", x)

    def polygamma(self, n, x):
        return self._special_fn("polygamma", self.cupy.asarray(n), x)

    def seed(self, seed: int) -> None:
        with self.cuda_device:
            self.rng = self.cupy.random.default_rng(seed)

    def random_uniform(self, shape, low, high, dtype):
        with self.cuda_device:
            dt = np.dtype(dtype)
            if dt in (np.float32, np.float64):
                out = self.rng.random(size=shape, dtype=dt)
            else:
                out = self.rng.random(size=shape).astype(dt)
            return out * (high - low) + low if (low, high) != (0, 1) else out

    def random_normal(self, shape, mean, std, dtype):
        with self.cuda_device:
            dt = np.dtype(dtype)
            if dt in (np.float32, np.float64):
                out = self.rng.standard_normal(size=shape, dtype=dt)
            else:
                out = self.rng.standard_normal(size=shape).astype(dt)
            return out * std + mean if (mean, std) != (0, 1) else out

    def random_integers(self, shape, low, high, dtype):
        with self.cuda_device:
            return self.rng.integers(low, high, size=shape, dtype=dtype)

    def random_permutation(self, n: int):
        with self.cuda_device:
            return self.rng.permutation(n)
