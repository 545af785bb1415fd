"""``autograd.cuda`` (``torch.cuda``): GPUs, streams, events, synchronisation and memory.

Work on a GPU is queued: an op returns as soon as its kernel is launched, and the host waits
only when it reads a value (``item()``, ``numpy()``, printing) or calls ``synchronize()``. A
``Stream`` is a queue of its own: copies queued on a side stream (``to("cuda",
non_blocking=True)`` from pinned memory) overlap with compute on the current one; an ``Event``
marks a point in a queue, for ordering two streams or timing the work between two points.

The memory figures are those of CuPy's memory pool: ``memory_allocated`` is what tensors hold,
``memory_reserved`` what the pool holds (freed blocks are kept for reuse until
``empty_cache()``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import backends
from backends import Device

__all__ = ["Event", "Stream", "current_device", "current_stream", "default_stream", "device",
           "device_count", "set_device",
           "empty_cache", "get_device_name", "is_available", "max_memory_allocated",
           "memory_allocated", "memory_reserved", "reset_peak_memory_stats", "stream",
           "synchronize"]

DeviceLike = Device | str | int | None


def is_available() -> bool:
    """True when CuPy imports and an NVIDIA GPU is visible."""
    return backends.cuda.is_available()


def device_count() -> int:
    """The number of visible GPUs (0 without CuPy or a driver)."""
    return backends.cuda.device_count()


def current_device() -> int:
    """The index of the current GPU: the one ``"cuda"`` means in this thread (0 by default)."""
    _require()
    return backends.cuda.current_index()


def set_device(device: DeviceLike) -> None:
    """Make GPU ``device`` (an index, ``"cuda:N"`` or a Device) current in this thread;
    shared with ``autograd.accelerator.set_device_index``."""
    _require()
    backends.cuda.set_current_index(device if isinstance(device, int) else _device(device).index)


class device:  # noqa: N801 - PyTorch's name
    """``with ag.cuda.device(1):`` makes GPU 1 current inside the block (``torch.cuda.device``)."""

    def __init__(self, device: DeviceLike) -> None:
        self.index = device if isinstance(device, int) else _device(device).index
        self._previous = -1

    def __enter__(self) -> device:
        self._previous = current_device()
        set_device(self.index)
        return self

    def __exit__(self, *exc: object) -> None:
        set_device(self._previous)


def _require() -> None:
    reason = backends.cuda.why_unavailable()
    if reason is not None or device_count() == 0:
        raise RuntimeError(f"CUDA is not available: {reason or 'no GPU is visible'}")


def _device(device: DeviceLike) -> Device:
    if device is None:
        dev = backends.device("cuda")
    elif isinstance(device, int):
        dev = backends.device(f"cuda:{device}")
    else:
        dev = backends.device(device)
    if dev.type != "cuda":
        raise ValueError(f"Expected a cuda device, but got: {dev}")
    return dev


def _backend(device: DeviceLike) -> Any:
    return _device(device).backend  # the clear error when there is no GPU


def synchronize(device: DeviceLike = None) -> None:
    """Wait until all work queued on ``device`` (``cuda:0`` by default) has finished."""
    _backend(device).synchronize()


def get_device_name(device: DeviceLike = None) -> str:
    """The GPU's product name."""
    return _backend(device).device_name()


# -- memory ------------------------------------------------------------------------------------
def memory_allocated(device: DeviceLike = None) -> int:
    """Bytes of GPU memory held by tensors (and other arrays) on ``device``."""
    return _backend(device).memory_stats()["allocated"]


def max_memory_allocated(device: DeviceLike = None) -> int:
    """The most bytes ``memory_allocated`` has reached since the device was first used or
    since ``reset_peak_memory_stats``."""
    return _backend(device).memory_stats()["peak"]


def memory_reserved(device: DeviceLike = None) -> int:
    """Bytes the memory pool holds on ``device``: allocated plus cached free blocks."""
    return _backend(device).memory_stats()["reserved"]


def reset_peak_memory_stats(device: DeviceLike = None) -> None:
    """Start ``max_memory_allocated`` again from the current allocation."""
    _backend(device).reset_peak()


def empty_cache() -> None:
    """Return the pool's cached free blocks to the driver on every GPU in use (tensors keep
    their memory)."""
    for index in range(device_count()):
        dev = backends.device(f"cuda:{index}")
        if dev._backend is not None:  # a device never used has nothing cached
            dev.backend.empty_cache()


# -- streams and events ----------------------------------------------------------------------
class Stream:
    """A CUDA stream on ``device``: a queue of GPU work. ``with ag.cuda.stream(s):`` queues the
    ops inside on it. ``priority``: lower numbers run first where the GPU supports it."""

    def __init__(self, device: DeviceLike = None, priority: int = 0) -> None:
        backend = _backend(device)
        self.device = backend.device
        self.native = backend.new_stream(priority)

    @classmethod
    def _wrap(cls, native: Any, device: Device) -> Stream:
        out = object.__new__(cls)
        out.device = device
        out.native = native
        return out

    def wait_event(self, event: Event) -> None:
        """Make work queued later on this stream wait for ``event``."""
        self.native.wait_event(event.native)

    def wait_stream(self, stream: Stream) -> None:
        """Make work queued later on this stream wait for what ``stream`` has queued so far."""
        self.wait_event(stream.record_event())

    def record_event(self, event: Event | None = None) -> Event:
        """Record ``event`` (a new one by default) at this point of the stream."""
        event = Event() if event is None else event
        event.record(self)
        return event

    def query(self) -> bool:
        """True when all work queued on the stream has finished."""
        return bool(self.native.done)

    def synchronize(self) -> None:
        """Wait until all work queued on the stream has finished."""
        self.native.synchronize()
        self.device.backend.raise_pending()

    @property
    def cuda_stream(self) -> int:
        """The raw ``cudaStream_t`` handle."""
        return int(self.native.ptr)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Stream) and other.cuda_stream == self.cuda_stream \
            and other.device == self.device

    def __hash__(self) -> int:
        return hash((self.cuda_stream, self.device))

    def __enter__(self) -> Stream:
        self._context = stream(self)
        return self._context.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._context.__exit__(*exc)

    def __repr__(self) -> str:
        return f"<autograd.cuda.Stream device={self.device} cuda_stream={self.cuda_stream:#x}>"


def current_stream(device: DeviceLike = None) -> Stream:
    """The stream this thread queues work on for ``device``."""
    backend = _backend(device)
    return Stream._wrap(backend.current_stream(), backend.device)


def default_stream(device: DeviceLike = None) -> Stream:
    """The device's default (null) stream."""
    backend = _backend(device)
    return Stream._wrap(backend.null_stream(), backend.device)


@contextlib.contextmanager
def stream(s: Stream | None) -> Iterator[Stream | None]:
    """Queue the GPU work of the block on stream ``s`` (``None``: change nothing)."""
    if s is None:
        yield None
        return
    with s.device.backend.guard():  # CuPy makes a stream current for its own device only
        s.native.__enter__()
    try:
        yield s
    finally:
        s.native.__exit__(None, None, None)


class Event:
    """A CUDA event: a point in a stream's queue. ``enable_timing=True`` lets
    ``elapsed_time`` measure the GPU time between two events."""

    def __init__(self, enable_timing: bool = False, blocking: bool = False,
                 interprocess: bool = False) -> None:
        self.enable_timing = enable_timing
        self.native = None
        self._flags = (blocking, not enable_timing, interprocess)
        self.device: Device | None = None

    def record(self, stream: Stream | None = None) -> None:
        """Mark the current point of ``stream`` (the current stream by default)."""
        s = current_stream() if stream is None else stream
        backend = s.device.backend
        if self.native is None:
            self.native = backend.new_event(*self._flags)
            self.device = s.device
        elif self.device != s.device:
            raise RuntimeError(f"Event device {self.device} does not match recording stream's "
                               f"device {s.device}.")
        with backend.guard():
            self.native.record(s.native)

    def wait(self, stream: Stream | None = None) -> None:
        """Make work queued later on ``stream`` (the current one) wait for this event."""
        (current_stream(self.device) if stream is None else stream).wait_event(self)

    def query(self) -> bool:
        """True when the work before the event has finished (or it was never recorded)."""
        return True if self.native is None else bool(self.native.done)

    def synchronize(self) -> None:
        """Wait until the work before the event has finished."""
        if self.native is not None:
            self.native.synchronize()
            self.device.backend.raise_pending()

    def elapsed_time(self, end_event: Event) -> float:
        """Milliseconds of GPU time between this event and ``end_event`` (both recorded, both
        created with ``enable_timing=True``)."""
        if not (self.enable_timing and end_event.enable_timing):
            raise RuntimeError("Both events must be created with argument 'enable_timing=True'.")
        if self.native is None or end_event.native is None:
            raise RuntimeError("Both events must be recorded before calculating elapsed time.")
        end_event.synchronize()
        return self.device.backend.elapsed_ms(self.native, end_event.native)

    def __repr__(self) -> str:
        state = "unrecorded" if self.native is None else f"on {self.device}"
        return f"<autograd.cuda.Event {state}>"
