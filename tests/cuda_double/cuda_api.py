"""The double's ``cupy.cuda``: devices (the current one per thread), streams and events that
record in order (the double computes eagerly), the runtime calls the project makes, memory
pools and pinned host memory."""

from __future__ import annotations

import time
import types
from typing import Any

import numpy as np

from tests.cuda_double import state


class Device:
    """``cupy.cuda.Device(i)``: as a context manager, makes device ``i`` current."""

    def __init__(self, device: int | None = None) -> None:
        self.id = state.current_device() if device is None else int(device)
        self._stack: list[int] = []

    def __enter__(self) -> Device:
        self._stack.append(state.current_device())
        state.set_current_device(self.id)
        return self

    def __exit__(self, *exc: Any) -> None:
        state.set_current_device(self._stack.pop())

    def use(self) -> None:
        state.set_current_device(self.id)

    def synchronize(self) -> None:
        state.record_sync("Device.synchronize")

    @property
    def compute_capability(self) -> str:
        return "90"

    @property
    def mem_info(self) -> tuple[int, int]:
        return (80 << 30, 80 << 30)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Device) and other.id == self.id

    def __hash__(self) -> int:
        return hash(("cuda", self.id))

    def __repr__(self) -> str:
        return f"<CUDA Device {self.id}>"


class Event:
    """``cupy.cuda.Event``: records a host time (the double runs everything eagerly)."""

    def __init__(self, block: bool = False, disable_timing: bool = False,
                 interprocess: bool = False) -> None:
        self._t = None

    def record(self, stream: Any = None) -> None:
        self._t = time.perf_counter()

    def synchronize(self) -> None:
        state.record_sync("Event.synchronize")

    @property
    def done(self) -> bool:
        return True

    def query(self) -> bool:
        return True


def get_elapsed_time(start: Event, end: Event) -> float:
    """Milliseconds between two recorded events."""
    return (end._t - start._t) * 1000.0


class Stream:
    """``cupy.cuda.Stream``: work is ordered on it; here it all runs at once."""

    null: Stream

    def __init__(self, null: bool = False, non_blocking: bool = False,
                 ptds: bool = False, priority: int | None = None) -> None:
        self.ptr = 0 if null else id(self)
        self.device_id = state.current_device()
        self._prev: list[Stream] = []

    def __enter__(self) -> Stream:
        self._prev.append(_current_stream[0])
        _current_stream[0] = self
        return self

    def __exit__(self, *exc: Any) -> None:
        _current_stream[0] = self._prev.pop()

    def use(self) -> Stream:
        _current_stream[0] = self
        return self

    def synchronize(self) -> None:
        state.record_sync("Stream.synchronize")

    def record(self, event: Event | None = None) -> Event:
        event = event or Event()
        event.record(self)
        return event

    def wait_event(self, event: Event) -> None:
        pass

    @property
    def done(self) -> bool:
        return True


Stream.null = Stream(null=True)
_current_stream = [Stream.null]


def get_current_stream(device_id: int | None = None) -> Stream:
    return _current_stream[0]


class MemoryPool:
    """``cupy.cuda.MemoryPool``: the bytes of the double arrays alive on the current device."""

    def used_bytes(self) -> int:
        from tests.cuda_double.ndarray import _owners

        dev = state.current_device()
        return int(sum(a._a.nbytes for a in list(_owners.values()) if a._dev == dev))

    def total_bytes(self) -> int:
        return self.used_bytes()

    def free_bytes(self) -> int:
        return 0

    def free_all_blocks(self, stream: Any = None) -> None:
        pass

    def n_free_blocks(self) -> int:
        return 0

    def get_limit(self) -> int:
        return 0

    def set_limit(self, size: int | None = None, fraction: float | None = None) -> None:
        pass


class PinnedMemoryPool:
    """``cupy.cuda.PinnedMemoryPool``: pinned host memory is plain host memory here."""

    def free_all_blocks(self) -> None:
        pass

    def n_free_blocks(self) -> int:
        return 0


def _runtime() -> types.ModuleType:
    rt = types.ModuleType("cupy.cuda.runtime")
    rt.getDeviceCount = lambda: state.DEVICE_COUNT
    rt.getDevice = state.current_device
    rt.setDevice = state.set_current_device
    rt.deviceSynchronize = lambda: state.record_sync("deviceSynchronize")
    rt.memGetInfo = lambda: (80 << 30, 80 << 30)
    rt.runtimeGetVersion = lambda: 13000
    rt.driverGetVersion = lambda: 13000
    rt.getDeviceProperties = lambda i: {"name": b"CuPy test double", "totalGlobalMem": 80 << 30,
                                        "major": 9, "minor": 0, "multiProcessorCount": 132}
    rt.is_hip = False
    rt.CUDARuntimeError = RuntimeError
    return rt


def build() -> types.ModuleType:
    cuda = types.ModuleType("cupy.cuda")
    cuda.Device = Device
    cuda.Event = Event
    cuda.Stream = Stream
    cuda.ExternalStream = Stream
    cuda.get_elapsed_time = get_elapsed_time
    cuda.get_current_stream = get_current_stream
    cuda.MemoryPool = MemoryPool
    cuda.PinnedMemoryPool = PinnedMemoryPool
    cuda.is_available = lambda: True
    cuda.get_device_id = state.current_device
    cuda.runtime = _runtime()
    cuda.alloc_pinned_memory = lambda nbytes: np.empty(nbytes, dtype=np.uint8)
    return cuda
