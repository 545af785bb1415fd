"""The double's ``cupy.cuda``: devices (the current one per thread), streams and events that
record in order (the double computes eagerly), the runtime calls the project makes, memory
pools and pinned host memory."""

from __future__ import annotations

import threading
import time
import types
from typing import Any

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
    """``cupy.cuda.Event``: records a host time (the double runs everything eagerly, so every
    recorded event is done at once)."""

    def __init__(self, block: bool = False, disable_timing: bool = False,
                 interprocess: bool = False) -> None:
        if interprocess and not disable_timing:
            raise ValueError("Timing must be disabled for interprocess events")
        self.ptr = id(self)
        self._timing = not disable_timing
        self._t: float | None = None

    def record(self, stream: Any = None) -> None:
        self._t = time.perf_counter()

    def synchronize(self) -> None:
        state.record_sync("Event.synchronize")

    @property
    def done(self) -> bool:
        return True


def get_elapsed_time(start: Event, end: Event) -> float:
    """Milliseconds between two recorded events (CUDA refuses events without timing)."""
    if not (start._timing and end._timing) or start._t is None or end._t is None:
        raise RuntimeError("cudaErrorInvalidResourceHandle: invalid resource handle")
    return (end._t - start._t) * 1000.0


def _check_stream_device(device_id: int) -> int:
    current = state.current_device()
    if device_id == -1:
        return current
    if device_id != current:
        raise RuntimeError(f"The device that the stream is created on ({device_id}) does not "
                           f"match with the current device ({current})")
    return device_id


class _Streams(threading.local):
    """Per host thread, as in CuPy: each device's stack of current streams."""

    def __init__(self) -> None:
        self.stacks: dict[int, list[Stream]] = {}
        self.entered: list[int] = []

    def stack(self, device_id: int) -> list[Stream]:
        return self.stacks.setdefault(device_id, [Stream.null])


_streams = _Streams()


class Stream:
    """``cupy.cuda.Stream``: made on the current device (the null stream belongs to every
    device); current per thread and per device; entering one made on another device than the
    current raises as in CuPy. Work runs at once here, so every stream is always done."""

    null: Stream

    def __init__(self, null: bool = False, non_blocking: bool = False,
                 ptds: bool = False, priority: int | None = None) -> None:
        self.ptr = 0 if null else id(self)
        self.device_id = -1 if null else state.current_device()

    def __enter__(self) -> Stream:
        device_id = _check_stream_device(self.device_id)
        _streams.stack(device_id).append(self)
        _streams.entered.append(device_id)
        return self

    def __exit__(self, *exc: Any) -> None:
        _streams.stack(_streams.entered.pop()).pop()

    def use(self) -> Stream:
        _streams.stack(_check_stream_device(self.device_id))[-1] = self
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

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Stream) and other.ptr == self.ptr

    def __hash__(self) -> int:
        return self.ptr


Stream.null = Stream(null=True)


def get_current_stream(device_id: int = -1) -> Stream:
    return _streams.stack(state.current_device() if device_id == -1 else device_id)[-1]


class MemoryPointer:
    """What an allocator returns: here only the size (the double's arrays own NumPy memory)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.ptr = 0


class MemoryPool:
    """``cupy.cuda.MemoryPool``: the bytes of the double arrays alive on the current device
    (counted as arrays are made and freed)."""

    def malloc(self, size: int) -> MemoryPointer:
        return MemoryPointer(size)

    def used_bytes(self) -> int:
        return state.used_bytes(state.current_device())

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


POOL = MemoryPool()
_allocator: list[Any] = [POOL.malloc]


def set_allocator(allocator: Any = None) -> None:
    """``cupy.cuda.set_allocator``: every new double array's bytes are asked of it."""
    _allocator[0] = POOL.malloc if allocator is None else allocator


def get_allocator() -> Any:
    return _allocator[0]


def allocated(nbytes: int) -> None:
    """Called by the double's arrays once their memory counts as used."""
    allocator = _allocator[0]
    if allocator is not POOL.malloc:
        allocator(nbytes)


class PinnedMemoryPointer(bytearray):
    """Page-locked host memory: plain host bytes here, but of CuPy's type, so that NumPy
    arrays made over it (``cupyx.empty_pinned``) can be told apart from pageable ones."""


class PinnedMemoryPool:
    """``cupy.cuda.PinnedMemoryPool``: pinned host memory is plain host memory here."""

    def malloc(self, size: int) -> PinnedMemoryPointer:
        return PinnedMemoryPointer(size)

    def free_all_blocks(self) -> None:
        pass

    def n_free_blocks(self) -> int:
        return 0


def alloc_pinned_memory(nbytes: int) -> PinnedMemoryPointer:
    return PinnedMemoryPointer(nbytes)


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
    cuda.MemoryPointer = MemoryPointer
    cuda.PinnedMemoryPool = PinnedMemoryPool
    cuda.PinnedMemoryPointer = PinnedMemoryPointer
    cuda.set_allocator = set_allocator
    cuda.get_allocator = get_allocator
    cuda.is_available = lambda: True
    cuda.get_device_id = state.current_device
    cuda.runtime = _runtime()
    cuda.alloc_pinned_memory = alloc_pinned_memory
    return cuda
