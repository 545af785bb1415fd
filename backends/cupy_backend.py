"""The GPU backend: CuPy. The only module of the project that imports cupy."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from backends.base import Backend, deferred

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


# The dtypes cupyx.scatter_add (CUDA's atomicAdd) accepts; others go through a wider type.
_SCATTER_ADD = frozenset(np.dtype(t) for t in ("int32", "int64", "uint32", "uint64", "float16",
                                                "float32", "float64"))
# The namespace functions that allocate: CuPy puts new arrays on the current device.
_ALLOCATING = ("zeros", "ones", "empty", "full", "arange", "linspace", "eye", "identity",
               "asarray", "array", "ascontiguousarray", "zeros_like", "ones_like",
               "empty_like", "full_like", "tri")


class CupyBackend(Backend):
    """CuPy on one NVIDIA GPU. Every array op runs on ``device``'s GPU: the engine enters
    ``guard()`` around each op, and the allocating functions enter it themselves."""

    name = "cupy"
    defers_checks = True

    def __init__(self, device: Device) -> None:
        cupy = load_cupy()
        count = cupy.cuda.runtime.getDeviceCount()
        if device.index >= count:
            raise RuntimeError(
                f"CUDA device {device} requested but only {count} GPU(s) are visible"
            )
        super().__init__(cupy, device)
        self.cupy = cupy
        index = device.index
        device_class = cupy.cuda.Device
        # a fresh Device per use: a Device object keeps a stack of previous devices, which
        # two threads entering the same object would interleave
        self.guard = lambda: device_class(index)
        for name in _ALLOCATING:
            setattr(self, name, self._scoped(getattr(cupy, name)))
        import cupyx
        import cupyx.scipy.special

        self._cupyx = cupyx
        self._erf = cupyx.scipy.special.erf
        self._checks: list = []  # (error, message) of each kind of check_later check
        self._check_codes: dict = {}
        self._details: dict = {}
        self._failed = None  # device int32: the number of the first failed check, or 0
        with self.guard():
            self.rng = cupy.random.default_rng()

    def _scoped(self, fn):
        guard = self.guard

        def on_device(*args, **kwargs):
            with guard():
                return fn(*args, **kwargs)

        on_device.__name__ = fn.__name__
        on_device.__doc__ = fn.__doc__
        return on_device

    def to_numpy(self, array):
        self.raise_pending()
        with self.guard():
            return self.cupy.asnumpy(array)

    def from_numpy(self, array):
        with self.guard():
            return self.cupy.asarray(array)

    def synchronize(self) -> None:
        with self.guard():
            self.cupy.cuda.runtime.deviceSynchronize()
        self.raise_pending()

    # -- checks that need a value from the device ----------------------------------------------
    def check_later(self, bad, error: type, message: str, detail=None) -> None:
        """Remember a device-side flag (a 0-d bool array: the check failed) and raise ``error``
        with ``message`` the next time the host reads from this device, instead of waiting for
        the device now (as PyTorch's CUDA kernels assert asynchronously). The first failed
        check's number is kept in one device integer; messages stay on the host, with the
        latest ``detail`` of each kind of check (it names the value when it still can)."""
        key = (error, message)
        code = self._check_codes.get(key)
        if code is None:
            self._checks.append(key)
            code = self._check_codes[key] = len(self._checks)
        self._details[code] = detail
        with self.guard():
            if self._failed is None:
                self._failed = self.cupy.zeros((), dtype=self.cupy.int32)
            self._failed = self.cupy.where((self._failed == 0) & bad, code, self._failed)

    def raise_pending(self) -> None:
        """Raise the first failed ``check_later`` check, if any (one small transfer)."""
        if self._failed is None:
            return
        with self.guard():
            code = int(self._failed.get())
        self._failed = None
        if code:
            error, message = self._checks[code - 1]
            detail = self._details.get(code)
            precise = detail() if detail is not None else None
            raise deferred(error)(f"{precise or message} (detected when the host next read "
                                  f"from {self.device})")

    # -- kernels that differ -------------------------------------------------------------------
    def index_add(self, target, index, values) -> None:
        with self.guard():
            if target.dtype in _SCATTER_ADD:
                self._cupyx.scatter_add(target, index, values)
                return
            wide = self.cupy.int64 if target.dtype.kind in "biu" else self.cupy.float64
            tmp = target.astype(wide)
            self._cupyx.scatter_add(tmp, index, self.cupy.asarray(values).astype(wide))
            target[...] = tmp.astype(target.dtype)

    def erf(self, x):
        with self.guard():
            return self._erf(x)

    def seed(self, seed: int) -> None:
        with self.guard():
            self.rng = self.cupy.random.default_rng(seed)

    def random_uniform(self, shape, low, high, dtype):
        with self.guard():
            dt = np.dtype(dtype)
            if dt in (np.float32, np.float64):
                out = self.rng.random(size=shape, dtype=dt)
            else:
                out = self.rng.random(size=shape).astype(dt)
            return out * (high - low) + low if (low, high) != (0, 1) else out

    def random_normal(self, shape, mean, std, dtype):
        with self.guard():
            dt = np.dtype(dtype)
            if dt in (np.float32, np.float64):
                out = self.rng.standard_normal(size=shape, dtype=dt)
            else:
                out = self.rng.standard_normal(size=shape).astype(dt)
            return out * std + mean if (mean, std) != (0, 1) else out

    def random_integers(self, shape, low, high, dtype):
        with self.guard():
            return self.rng.integers(low, high, size=shape, dtype=dtype)

    def random_permutation(self, n: int):
        # CuPy's Generator has no permutation: sort random keys (ties have probability ~0)
        with self.guard():
            return self.cupy.argsort(self.rng.random(size=n))
