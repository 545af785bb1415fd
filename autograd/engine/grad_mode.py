"""Modes: grad mode (no_grad, enable_grad, set_grad_enabled, inference_mode), the per-thread
state the engine reads on every op, and anomaly mode.

What PyTorch keeps per thread is per thread here too: grad mode, inference mode, and the
tapes and profilers that watch the ops of a thread (an ``ag.Tape`` records the ops of the
thread that opened it, nothing else). Anomaly mode is one process-wide switch, as in PyTorch.
"""

from __future__ import annotations

import functools
import inspect
import threading
import traceback
from collections.abc import Callable
from typing import Any

from autograd.engine import tensor_base as _tb


class _ThreadState(threading.local):
    """Read by ``Function.apply`` on every op: kept to plain attributes."""

    def __init__(self) -> None:
        self.grad_enabled = True
        self.inference = False
        self.tapes: list = []  # the ag.Tape()s open in this thread, outermost first
        self.profilers: list = []  # the profiler.profile()s open in this thread
        self.autocast: dict = {}  # device type -> the autocast dtype, while autocast is on
        self.autocast_cache: dict = {}  # id(leaf) -> (leaf, version, cast), cleared on exit
        self.autocast_dtype: dict = {}  # device type -> the dtype set for autocast (if set)
        self.autocast_cache_enabled = True  # whether regions keep their casts of parameters
        self.autocast_nesting = 0  # autocast regions entered and not left
        self.autocast_switches: dict = {}  # device type -> set_autocast_enabled's entry
        self.captures: list = []  # the ag.compile captures recording this thread's work
        # the saved_tensors_hooks open in this thread (the innermost packs what ops save), and
        # the message of an open disable_saved_tensors_hooks
        self.saved_hooks: list = []
        self.saved_hooks_disabled: str | None = None
        # the backward passes running in this thread, innermost last: (id, roots, inputs)
        self.graph_tasks: list = []

    def watch(self, kind: str, watcher: Any) -> None:
        """Open a tape, profiler, capture or saved-tensor hooks (``kind`` "tapes", "profilers",
        "captures" or "saved_hooks") in this thread."""
        getattr(self, kind).append(watcher)
        watchers.append(watcher)

    def unwatch(self, kind: str, watcher: Any) -> None:
        getattr(self, kind).remove(watcher)
        watchers.remove(watcher)


state = _ThreadState()
# Every tape, profiler, capture and saved_tensors_hooks open in any thread. Function.apply
# checks this plain list first (a thread-local read costs twice a global one), then only its
# own thread's.
# list.append and remove are atomic under the GIL.
watchers: list = []
# Likewise every autocast region open in any thread: the ops autocast casts for check this
# list before they read their thread's state.
autocasting: list = []


def capturing() -> Any:
    """The ``ag.compile`` capture recording this thread's work, or None (the usual case)."""
    return state.captures[-1] if watchers and state.captures else None


def host_read(what: str) -> None:
    """Code outside any op reads ``what`` (values of a tensor) on the host: an ``ag.compile``
    capture running in this thread cannot replay what depends on it, and stops (the step runs
    eagerly). Outside a capture it costs one global read."""
    if _tb.births is not None:
        cap = capturing()
        if cap is not None:
            cap.refuse(f"{what} is read on the host outside any op")


def replayable(fn: Callable | None = None, *, arrays_by_reference: bool = False) -> Callable:
    """Mark ``fn`` as a step an ``ag.compile`` capture records as one call, to be made again,
    eagerly, at every replay (``torch.compiler.disable``): what it does inside is not
    recorded, and it may read values on the host. Creation functions, optimizer steps and
    anything else that works on raw arrays or Python state use it. Outside a capture it
    costs one global read.

    A raw array among the arguments that the recording did not make refuses the capture (it
    may have been computed from a tensor's values), unless ``arrays_by_reference``: then it
    is the caller's data, read again at each replay (``tensor(numpy_array)``)."""
    if fn is None:
        return functools.partial(replayable, arrays_by_reference=arrays_by_reference)

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        if _tb.births is not None:
            cap = capturing()
            if cap is not None:
                return cap.record_call(fn, args, kwargs, arrays_by_reference)
        return fn(*args, **kwargs)

    call.__wrapped_for_replay__ = fn
    return call


class _Anomaly:
    enabled = False


anomaly = _Anomaly()  # process-wide, like torch.autograd.set_detect_anomaly


def is_grad_enabled() -> bool:
    """True when ops record onto the tape (in this thread)."""
    return state.grad_enabled


def is_inference_mode_enabled() -> bool:
    """True inside ``inference_mode()`` (in this thread)."""
    return state.inference


class _Mode:
    """Base of the grad-mode context managers; each is also usable as a decorator."""

    _enabled: bool = True

    def __enter__(self):
        self._prev = (state.grad_enabled, state.inference)
        state.grad_enabled = self._enabled
        return self

    def __exit__(self, *exc) -> None:
        state.grad_enabled, state.inference = self._prev

    def __call__(self, fn: Callable) -> Callable:
        if inspect.isgeneratorfunction(fn):
            return self._wrap_generator(fn)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__(*self._args()):
                return fn(*args, **kwargs)

        return wrapper

    def _wrap_generator(self, fn: Callable) -> Callable:
        """A generator runs in the mode only while it runs: each step enters it and the
        caller's mode is back at every ``yield`` (PyTorch's ``_wrap_generator``)."""

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            gen = fn(*args, **kwargs)
            try:
                with self.__class__(*self._args()):
                    item = gen.send(None)
                while True:
                    try:
                        sent = yield item
                    except GeneratorExit:
                        with self.__class__(*self._args()):
                            gen.close()
                        raise
                    except BaseException as e:  # noqa: BLE001 - thrown into the generator
                        with self.__class__(*self._args()):
                            item = gen.throw(e)
                    else:
                        with self.__class__(*self._args()):
                            item = gen.send(sent)
            except StopIteration as e:
                return e.value

        return wrapper

    def _args(self) -> tuple:
        return ()


class _NoParamMode(_Mode):
    """A mode that takes no argument, so it also decorates bare: ``@no_grad`` as well as
    ``@no_grad()`` (PyTorch's ``_NoParamDecoratorContextManager``)."""

    def __new__(cls, orig_func: Callable | None = None):
        if orig_func is None:
            return super().__new__(cls)
        if not callable(orig_func):
            raise TypeError(f"{cls.__name__}() takes no arguments (got {orig_func!r})")
        return cls()(orig_func)


class no_grad(_NoParamMode):
    """Context manager / decorator (``@no_grad`` or ``@no_grad()``): ops inside record
    nothing (``torch.no_grad``)."""

    _enabled = False


class enable_grad(_NoParamMode):
    """Context manager / decorator (``@enable_grad`` or ``@enable_grad()``): turn recording
    back on inside ``no_grad``."""

    _enabled = True


class set_grad_enabled(_Mode):
    """Turn recording on or off: a function call, a context manager or a decorator."""

    def __init__(self, mode: bool) -> None:
        self._enabled = bool(mode)
        self._prev = (state.grad_enabled, state.inference)
        state.grad_enabled = self._enabled  # takes effect at once when called as a function

    def __enter__(self):
        return self

    def __call__(self, fn: Callable) -> Callable:
        state.grad_enabled, state.inference = self._prev  # as a decorator it changes nothing now
        return super().__call__(fn)

    def _args(self) -> tuple:
        return (self._enabled,)


class inference_mode(_Mode):
    """Like ``no_grad`` (``torch.inference_mode``); ``inference_mode(False)`` does nothing.
    Also a bare decorator, ``@inference_mode``."""

    def __new__(cls, mode: Any = True):
        if isinstance(mode, bool) or not callable(mode):
            return super().__new__(cls)
        return cls()(mode)

    def __init__(self, mode: bool = True) -> None:
        self._mode = bool(mode)
        self._enabled = not mode

    def __enter__(self):
        self._prev = (state.grad_enabled, state.inference)
        if self._mode:
            state.grad_enabled = False
            state.inference = True
        return self

    def _args(self) -> tuple:
        return (self._mode,)


class detect_anomaly:
    """Context manager / decorator: name the op whose backward first made a NaN or Inf.

    Each op records the stack of its forward call; backward checks every gradient it makes.
    Slow: for debugging only. Process-wide, as in PyTorch.
    """

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan

    def __enter__(self) -> detect_anomaly:
        self._prev = anomaly.enabled
        anomaly.enabled = self.check_nan
        return self

    def __exit__(self, *exc: Any) -> None:
        anomaly.enabled = self._prev

    def __call__(self, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with detect_anomaly(self.check_nan):
                return fn(*args, **kwargs)

        return wrapper


class set_detect_anomaly:
    """Turn anomaly mode on or off (``mode``) from the call on; as a context manager, the
    previous setting comes back on exit (``torch.autograd.set_detect_anomaly``)."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self._prev = anomaly.enabled
        anomaly.enabled = bool(mode) and bool(check_nan)

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        anomaly.enabled = self._prev


def forward_trace() -> list[str]:
    """The current stack, for anomaly mode (without the engine's own frames)."""
    return traceback.format_stack()[:-3]


def describe_inputs(args: tuple) -> list[str]:
    """One line per argument of an op's forward, for anomaly mode: shape and dtype of tensors."""
    lines = []
    for i, a in enumerate(args):
        data = getattr(a, "_data", None)
        if data is not None:
            grad = ", requires_grad" if a._requires_grad else ""
            lines.append(f"  input {i}: Tensor of shape {tuple(data.shape)}, dtype {data.dtype}, "
                         f"device {a.device}{grad}")
        else:
            lines.append(f"  input {i}: {type(a).__name__} {a!r:.60}")
    return lines
