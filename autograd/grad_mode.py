"""Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode (thread-local)."""

from __future__ import annotations

import functools
import threading


class _GradState(threading.local):
    enabled = True
    inference = False


state = _GradState()


def is_grad_enabled() -> bool:
    """True when ops record onto the tape."""
    return state.enabled


def is_inference_mode_enabled() -> bool:
    """True inside ``inference_mode()``."""
    return state.inference


class _Mode:
    """Base of the grad-mode context managers; each is also usable as a decorator."""

    _enabled: bool = True

    def __enter__(self):
        self._prev = (state.enabled, state.inference)
        state.enabled = self._enabled
        return self

    def __exit__(self, *exc) -> None:
        state.enabled, state.inference = self._prev

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__(*self._args()):
                return fn(*args, **kwargs)

        return wrapper

    def _args(self) -> tuple:
        return ()


class no_grad(_Mode):
    """Context manager / decorator: ops inside record nothing (``torch.no_grad``)."""

    _enabled = False


class enable_grad(_Mode):
    """Context manager / decorator: turn recording back on inside ``no_grad``."""

    _enabled = True


class set_grad_enabled(_Mode):
    """Turn recording on or off: a function call, a context manager or a decorator."""

    def __init__(self, mode: bool) -> None:
        self._enabled = bool(mode)
        self._prev = (state.enabled, state.inference)
        state.enabled = self._enabled  # takes effect at once when called as a function

    def __enter__(self):
        return self

    def __call__(self, fn):
        state.enabled, state.inference = self._prev  # as a decorator it changes nothing now
        return super().__call__(fn)

    def _args(self) -> tuple:
        return (self._enabled,)


class inference_mode(_Mode):
    """Like ``no_grad`` (``torch.inference_mode``); ``inference_mode(False)`` does nothing."""

    def __init__(self, mode: bool = True) -> None:
        self._mode = bool(mode)
        self._enabled = not mode

    def __enter__(self):
        self._prev = (state.enabled, state.inference)
        if self._mode:
            state.enabled = False
            state.inference = True
        return self

    def _args(self) -> tuple:
        return (self._mode,)
