"""The GPU backend: CuPy. The only module of the project that imports cupy."""

from __future__ import annotations

import copy
from collections import deque
from typing import TYPE_CHECKING

import numpy as np

from backends import base
from backends.base import Backend, deferred, index_multiply
from backends.multi_tensor import DTYPES as MULTI_TENSOR_DTYPES
from backends.multi_tensor import MultiTensor

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


class _InFlight:
    """Host buffers of asynchronous copies, each kept alive until its event is done (a freed
    pinned block would otherwise be handed out again while the copy still reads it)."""

    def __init__(self) -> None:
        self.items: deque = deque()

    def hold(self, event, buffer) -> None:
        items = self.items
        while items and items[0][0].done:
            items.popleft()
        items.append((event, buffer))


_in_flight = _InFlight()
_peaks: dict[int, int] = {}  # device index -> the most bytes the pool had handed out
_tracking = [False]


def _track_peaks(cupy) -> None:
    """Wrap CuPy's allocator once so that each allocation updates its device's peak: the pool
    only grows at an allocation, so the peak is the largest ``used_bytes()`` seen right after
    one (CuPy keeps no peak itself). One Python call per allocation."""
    if _tracking[0]:
        return
    _tracking[0] = True
    inner = cupy.cuda.get_allocator()
    pool = cupy.get_default_memory_pool()
    get_device = cupy.cuda.runtime.getDevice
    peaks = _peaks

    def allocate(size):
        memory = inner(size)
        device = get_device()
        used = pool.used_bytes()
        if used > peaks.get(device, 0):
            peaks[device] = used
        return memory

    cupy.cuda.set_allocator(allocate)


class FusionWarning(RuntimeWarning):
    """A formula that CuPy could not compile into one kernel runs op by op instead."""


class _Fused:
    """One formula compiled by ``cupy.fuse`` (which keeps a kernel per argument dtypes). If
    CuPy cannot compile it, the formula runs op by op with one FusionWarning naming it: the
    answer is the same, only slower, and ``make gpu-check`` turns the warning into a failure."""

    __slots__ = ("backend", "kernel", "compiled")

    def __init__(self, backend, kernel) -> None:
        self.backend = backend
        self.kernel = kernel
        self.compiled = backend.cupy.fuse(kernel_name=kernel.__name__.strip("_"))(
            lambda *args: kernel(backend, *args))

    def __call__(self, args):
        backend = self.backend
        if self.compiled is None:
            return self.kernel(backend, *args)
        with backend.guard():
            try:
                return self.compiled(*args)
            except Exception as exc:  # a formula (or dtypes) CuPy's fusion does not support
                out = self.kernel(backend, *args)  # bad input raises the op's own error here
                import warnings

                warnings.warn(f"cupy.fuse could not compile {self.kernel.__qualname__} "
                              f"({type(exc).__name__}: {exc}); it runs op by op",
                              FusionWarning, stacklevel=3)
                self.compiled = None
                return out


class CupyBackend(Backend):
    """CuPy on one NVIDIA GPU. Every array op runs on ``device``'s GPU: the engine enters
    ``guard()`` around each op, and the allocating functions enter it themselves."""

    name = "cupy"
    defers_checks = True
    compiles_fused = True

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
        self._special = cupyx.scipy.special
        self._checks: list = []  # (error, message) of each kind of check_later check
        self._check_codes: dict = {}
        self._details: dict = {}
        self._failed = None  # device int32: the number of the first failed check, or 0
        self._fused: dict = {}  # formula -> its compiled kernel (see fused)
        # (the table of each launch goes up from pinned memory: a pageable copy would wait)
        self._multi_tensor = MultiTensor(
            cupy, lambda host: self.from_numpy(self.pin(host), non_blocking=True))
        with self.guard():
            self.rng = cupy.random.default_rng()
        _track_peaks(cupy)

    def _scoped(self, fn):
        guard = self.guard

        def on_device(*args, **kwargs):
            with guard():
                return fn(*args, **kwargs)

        on_device.__name__ = fn.__name__
        on_device.__doc__ = fn.__doc__
        return on_device

    def to_numpy(self, array):
        if base.host_read_hook is not None:
            base.host_read_hook(array)
        self.raise_pending()
        with self.guard():
            return self.cupy.asnumpy(array)

    def from_numpy(self, array, non_blocking: bool = False):
        with self.guard():
            if non_blocking and array.flags.c_contiguous and self.is_pinned(array):
                # queued on the current stream; the host buffer is kept alive until the copy
                # is done, as PyTorch's pinned-memory allocator does
                out = self.cupy.empty(array.shape, dtype=array.dtype)
                stream = self.cupy.cuda.get_current_stream()
                out.set(array, stream=stream)
                _in_flight.hold(stream.record(), array)
                return out
            return self.cupy.asarray(array)

    # -- fused elementwise kernels --------------------------------------------------------------
    def fused(self, kernel, *args):
        compiled = self._fused.get(kernel)
        if compiled is None:
            compiled = self._fused[kernel] = _Fused(self, kernel)
        return compiled(args)

    # -- multi-tensor optimizer kernels ---------------------------------------------------------
    multi_tensor_dtypes = MULTI_TENSOR_DTYPES

    def multi_tensor(self, op, rows, *scalars):
        with self.guard():
            self._multi_tensor.launch(op, rows, scalars)

    # -- pinned host memory ----------------------------------------------------------------------
    def pin(self, array: np.ndarray) -> np.ndarray:
        """A copy of host array ``array`` in page-locked memory, from which copies to the GPU
        run asynchronously."""
        out = self._cupyx.empty_pinned(array.shape, dtype=array.dtype)
        out[...] = array
        return out

    def is_pinned(self, array) -> bool:
        """Whether host array ``array`` lies in page-locked memory (``cupyx.empty_pinned``)."""
        while isinstance(array, np.ndarray):
            array = array.base
        return isinstance(array, self.cupy.cuda.PinnedMemoryPointer)

    # -- streams, events and the memory pool ---------------------------------------------------
    def new_stream(self, priority: int = 0):
        """A new CUDA stream on this device, non-blocking with respect to the null stream."""
        with self.guard():
            return self.cupy.cuda.Stream(non_blocking=True, priority=priority)

    def null_stream(self):
        """The device's default stream."""
        return self.cupy.cuda.Stream.null

    def new_event(self, blocking: bool = False, disable_timing: bool = False,
                  interprocess: bool = False):
        """A CUDA event on this device."""
        with self.guard():
            return self.cupy.cuda.Event(blocking, disable_timing, interprocess)

    def elapsed_ms(self, start, end) -> float:
        """Milliseconds of GPU time between two recorded events."""
        return float(self.cupy.cuda.get_elapsed_time(start, end))

    def nccl(self):
        """``cupy.cuda.nccl``, or a RuntimeError saying that CuPy was built without it."""
        try:
            from cupy.cuda import nccl
        except ImportError as exc:
            raise RuntimeError("NCCL is not available: install the NCCL wheel "
                               "(pip install nvidia-nccl-cu12) for CuPy") from exc
        if not getattr(nccl, "available", True):
            raise RuntimeError("NCCL is not available in this CuPy build")
        return nccl

    def device_name(self) -> str:
        """The GPU's product name."""
        name = self.cupy.cuda.runtime.getDeviceProperties(self.device.index)["name"]
        return name.decode() if isinstance(name, bytes) else str(name)

    def current_stream(self):
        """The stream this thread's work on this device is queued on."""
        return self.cupy.cuda.get_current_stream(self.device.index)

    def memory_stats(self) -> dict:
        """Bytes held by arrays (``allocated``), held by the pool (``reserved``) and the most
        ever allocated since the last ``reset_peak()`` (``peak``), on this device."""
        pool = self.cupy.get_default_memory_pool()
        with self.guard():
            used = pool.used_bytes()
            return {"allocated": used, "reserved": pool.total_bytes(),
                    "peak": max(_peaks.get(self.device.index, 0), used)}

    def reset_peak(self) -> None:
        with self.guard():
            _peaks[self.device.index] = self.cupy.get_default_memory_pool().used_bytes()

    def empty_cache(self) -> None:
        """Return the pool's unused blocks to the driver."""
        with self.guard():
            self.cupy.get_default_memory_pool().free_all_blocks()

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

    def stable_argsort(self, x, axis=-1):
        with self.guard():
            return self.cupy.argsort(x, axis=axis)  # a stable sort; CuPy takes no kind

    def index_reduce(self, target, index, values, reduce) -> None:
        # cupyx has scatter kernels for add, max and min (atomics); a product has no atomic,
        # so it is a sort and a segmented scan
        with self.guard():
            if reduce == "sum":
                self.index_add(target, index, values)
            elif reduce == "amax":
                self._cupyx.scatter_max(target, index, values)
            elif reduce == "amin":
                self._cupyx.scatter_min(target, index, values)
            else:
                index_multiply(self.cupy, target, index, values)

    def _special_fn(self, name, *args):
        x = args[-1]
        with self.guard():
            out = getattr(self._special, name)(*args)
            return out.astype(x.dtype, copy=False) if x.dtype.kind in "fV" else out

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

    def erfcx(self, x):
        return self._special_fn("erfcx", x)

    def gammainc(self, a, x):
        return self._special_fn("gammainc", a, x)

    def gammaincc(self, a, x):
        return self._special_fn("gammaincc", a, x)

    def zeta(self, s, q):
        return self._special_fn("zeta", s, q)

    def seed(self, seed: int) -> None:
        with self.guard():
            self.rng = self.cupy.random.default_rng(seed)

    def get_rng_state(self):
        # CuPy's generators keep their state in device memory: a deep copy snapshots it
        with self.guard():
            return copy.deepcopy(self.rng)

    def set_rng_state(self, state) -> None:
        with self.guard():
            self.rng = copy.deepcopy(state)

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
