"""Mixed precision: ``autocast`` (``torch.autocast``) and ``GradScaler`` (``torch.amp.GradScaler``).

Inside ``with autograd.autocast("cuda"):`` (or ``"cpu"``) the ops in PyTorch's lower-precision
list (matmul, mm, bmm, linear, the convolutions) run in the region's dtype (float16 on cuda,
bfloat16 on cpu by default, as in PyTorch; bfloat16 needs ``ml_dtypes``, and without it the
cpu default is float16), and those in its float32 list (softmax, log_softmax, the
norms, the losses, sum, prod, cumsum, norm, exp, log, pow ...) run in float32 whatever their
inputs; other ops run in the dtype of their inputs. Backward runs in the dtypes forward chose.
The casts of parameters are made once per region. See ``autograd.ops.autocast``.

``GradScaler`` multiplies the loss by a large factor so that float16 gradients do not underflow,
divides the gradients back before the optimizer step (``unscale_``), skips the step when a
gradient is inf or NaN, and adapts the factor (halved after an overflow, doubled after
``growth_interval`` clean steps). As in PyTorch, ``step`` reads one flag back from the device.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

from autograd import creation
from autograd import dtypes as _dt
from autograd.engine.grad_mode import autocasting, no_grad, replayable, state
from autograd.tensor import Tensor

__all__ = ["autocast", "GradScaler", "is_autocast_enabled", "get_autocast_dtype"]

# as dtypes, not names: asking which dtype autocast would use does not count as using
# bfloat16 (as_dtype("bfloat16") tells the engine to look for bfloat16 inputs from then on)
_DEFAULT = {"cuda": _dt.float16,
            "cpu": _dt.BFLOAT16 if _dt.BFLOAT16 is not None else _dt.float16}


def is_autocast_enabled(device_type: str = "cuda") -> bool:
    """Whether an autocast region for ``device_type`` is open in this thread."""
    return device_type in state.autocast


def get_autocast_dtype(device_type: str = "cuda") -> Any:
    """The dtype autocast uses for ``device_type`` (the one set for this thread, or its
    default, when no region is open)."""
    dtype = state.autocast.get(device_type)
    if dtype is None:
        dtype = state.autocast_dtype.get(device_type)
    return dtype if dtype is not None else _DEFAULT.get(device_type, _dt.float16)


# -- the state functions of torch's top level (what autocast's __enter__/__exit__ use) ----------


def _device_type(device_type: Any, op: str) -> str:
    if device_type not in ("cuda", "cpu"):
        raise RuntimeError(f"{op}: Invalid device string: {device_type!r} (autocast runs on "
                           "'cuda' or 'cpu')")
    return device_type


def _bool(value: Any, op: str, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{op}(): argument '{name}' must be bool, not {type(value).__name__}")
    return value


class _Switch:
    """The entry of ``set_autocast_enabled`` in the process-wide list of autocast users (the
    ops read their thread's state only while that list is not empty)."""

    def __init__(self, device_type: str) -> None:
        self.device_type = device_type


def _set_enabled(device_type: str, enabled: bool) -> None:
    modes = state.autocast
    switch = state.autocast_switches
    if enabled:
        modes[device_type] = get_autocast_dtype(device_type)
        if device_type not in switch:
            switch[device_type] = _Switch(device_type)
            autocasting.append(switch[device_type])
    else:
        modes.pop(device_type, None)
        if device_type in switch:
            autocasting.remove(switch.pop(device_type))


def set_autocast_enabled(device_type: Any, enabled: Any = None) -> None:
    """Turn autocast on or off for ``device_type`` in this thread, outside any region
    (``torch.set_autocast_enabled(device_type, enabled)``; the one-argument legacy form
    ``set_autocast_enabled(enabled)`` means cuda)."""
    if enabled is None:
        device_type, enabled = "cuda", device_type
    _set_enabled(_device_type(device_type, "set_autocast_enabled"),
                 _bool(enabled, "set_autocast_enabled", "enabled"))


def set_autocast_cpu_enabled(enabled: bool) -> None:
    """``set_autocast_enabled("cpu", enabled)`` (deprecated in PyTorch, which warns)."""
    _deprecated("set_autocast_cpu_enabled(enabled)", "set_autocast_enabled('cpu', enabled)")
    _set_enabled("cpu", _bool(enabled, "set_autocast_cpu_enabled", "enabled"))


def is_autocast_cpu_enabled() -> bool:
    """``is_autocast_enabled("cpu")`` (deprecated in PyTorch, which warns)."""
    _deprecated("is_autocast_cpu_enabled()", "is_autocast_enabled('cpu')")
    return is_autocast_enabled("cpu")


def set_autocast_dtype(device_type: str, dtype: Any) -> None:
    """The dtype autocast uses for ``device_type`` in this thread (also inside an open
    region; ``autocast(device_type)`` without a dtype takes it)."""
    device_type = _device_type(device_type, "set_autocast_dtype")
    dtype = _dt.as_dtype(dtype)
    state.autocast_dtype[device_type] = dtype
    if device_type in state.autocast:
        state.autocast[device_type] = dtype


def get_autocast_cpu_dtype() -> Any:
    """``get_autocast_dtype("cpu")`` (deprecated in PyTorch, which warns)."""
    _deprecated("get_autocast_cpu_dtype()", "get_autocast_dtype('cpu')")
    return get_autocast_dtype("cpu")


def get_autocast_gpu_dtype() -> Any:
    """``get_autocast_dtype("cuda")`` (deprecated in PyTorch, which warns)."""
    _deprecated("get_autocast_gpu_dtype()", "get_autocast_dtype('cuda')")
    return get_autocast_dtype("cuda")


def set_autocast_cpu_dtype(dtype: Any) -> None:
    """``set_autocast_dtype("cpu", dtype)`` (deprecated in PyTorch, which warns)."""
    _deprecated("set_autocast_cpu_dtype(dtype)", "set_autocast_dtype('cpu', dtype)")
    set_autocast_dtype("cpu", dtype)


def set_autocast_gpu_dtype(dtype: Any) -> None:
    """``set_autocast_dtype("cuda", dtype)`` (deprecated in PyTorch, which warns)."""
    _deprecated("set_autocast_gpu_dtype(dtype)", "set_autocast_dtype('cuda', dtype)")
    set_autocast_dtype("cuda", dtype)


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"torch.{old} is deprecated. Please use torch.{new} instead.",
                  DeprecationWarning, stacklevel=3)


def is_autocast_cache_enabled() -> bool:
    """Whether autocast regions keep one cast of each parameter (this thread's setting)."""
    return state.autocast_cache_enabled


def set_autocast_cache_enabled(enabled: bool) -> None:
    """Let autocast keep (True) or not keep one cast of each parameter in this thread."""
    if not isinstance(enabled, bool):
        raise TypeError(f"enabled must be a bool (got {type(enabled).__name__})")
    state.autocast_cache_enabled = enabled


def clear_autocast_cache() -> None:
    """Let go of the casts of parameters autocast keeps in this thread."""
    state.autocast_cache.clear()


def autocast_increment_nesting() -> int:
    """One more autocast region entered in this thread; returns the new depth."""
    state.autocast_nesting += 1
    return state.autocast_nesting


def autocast_decrement_nesting() -> int:
    """One autocast region left in this thread; returns the new depth (as PyTorch, it may go
    below zero)."""
    state.autocast_nesting -= 1
    return state.autocast_nesting


class autocast:  # noqa: N801 - PyTorch's name
    """Context manager / decorator: run the listed ops in lower precision (see the module).

    ``autocast(device_type, dtype=None, enabled=True, cache_enabled=None)``, as
    ``torch.autocast``; ``dtype`` float16 or bfloat16 (defaults: float16 on cuda, bfloat16
    on cpu).
    """

    def __init__(self, device_type: str, dtype: Any = None, enabled: bool = True,
                 cache_enabled: bool | None = None) -> None:
        if device_type not in ("cuda", "cpu"):
            raise RuntimeError(f"User specified an unsupported autocast device_type "
                               f"'{device_type}' (expected 'cuda' or 'cpu')")
        self.device_type = device_type
        self.dtype = _dt.as_dtype(dtype if dtype is not None else
                                  get_autocast_dtype(device_type))
        if self.dtype.name not in ("float16", "bfloat16"):
            raise RuntimeError(f"autocast: dtype {self.dtype} is not supported on "
                               f"{device_type}: autocast runs in float16 or bfloat16")
        self.enabled = bool(enabled)
        self.cache_enabled = (state.autocast_cache_enabled if cache_enabled is None
                              else bool(cache_enabled))

    def __enter__(self) -> autocast:
        modes = state.autocast
        self._prev = modes.get(self.device_type)
        self._prev_dtype = state.autocast_dtype.get(self.device_type)
        self._prev_cache = state.autocast_cache_enabled
        state.autocast_dtype[self.device_type] = self.dtype
        state.autocast_cache_enabled = self.cache_enabled
        state.autocast_nesting += 1
        if self.enabled:
            modes[self.device_type] = self.dtype
        else:
            modes.pop(self.device_type, None)
        autocasting.append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        modes = state.autocast
        if self._prev is None:
            modes.pop(self.device_type, None)
        else:
            modes[self.device_type] = self._prev
        autocasting.remove(self)
        if self._prev_dtype is None:
            state.autocast_dtype.pop(self.device_type, None)
        else:
            state.autocast_dtype[self.device_type] = self._prev_dtype
        state.autocast_cache_enabled = self._prev_cache
        state.autocast_nesting -= 1
        if not modes or not self.cache_enabled:
            state.autocast_cache.clear()  # the region's casts of parameters are let go

    def __call__(self, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with autocast(self.device_type, self.dtype, self.enabled, self.cache_enabled):
                return fn(*args, **kwargs)

        return wrapper


class GradScaler:
    """Dynamic loss scaling for float16 training (``torch.amp.GradScaler``)::

        scaler = GradScaler()
        with autocast("cuda"):
            loss = loss_fn(model(x), y)
        scaler.scale(loss).backward()
        scaler.step(optimizer)     # unscales, skips the step if a gradient overflowed
        scaler.update()
    """

    def __init__(self, device: str = "cuda", init_scale: float = 2.0 ** 16,
                 growth_factor: float = 2.0, backoff_factor: float = 0.5,
                 growth_interval: int = 2000, enabled: bool = True) -> None:
        if growth_factor <= 1.0:
            raise ValueError("The growth factor must be > 1.0.")
        if not 0.0 < backoff_factor < 1.0:
            raise ValueError("The backoff factor must be < 1.0.")
        self.device = device
        self._enabled = bool(enabled)
        self._scale_tensors: dict = {}  # device -> the scale as a 0-d float32 tensor there
        self._scale = float(init_scale)
        self._growth_factor = float(growth_factor)
        self._backoff_factor = float(backoff_factor)
        self._growth_interval = int(growth_interval)
        self._growth_tracker = 0
        self._per_optimizer: dict[int, dict[str, Any]] = {}

    def is_enabled(self) -> bool:
        return self._enabled

    @property
    def _scale(self) -> float:
        return self._scale_value

    @_scale.setter
    def _scale(self, value: float) -> None:
        # the device copies follow, in place: a compiled step multiplies by them at each replay
        self._scale_value = float(value)
        with no_grad():
            for t in self._scale_tensors.values():
                t.fill_(self._scale_value)

    def _scale_on(self, device: Any) -> Tensor:
        """The scale as a 0-d float32 tensor on ``device`` (as PyTorch keeps it)."""
        t = self._scale_tensors.get(device)
        if t is None:
            t = self._scale_tensors[device] = creation.full((), self._scale_value,
                                                            dtype=_dt.float32, device=device)
        return t

    def scale(self, outputs: Any) -> Any:
        """``outputs`` (a Tensor, or nested lists/tuples of them) times the current scale."""
        if not self._enabled:
            return outputs
        if isinstance(outputs, Tensor):
            return outputs * self._scale_on(outputs.device)
        if isinstance(outputs, (list, tuple)):
            return type(outputs)(self.scale(o) for o in outputs)
        raise ValueError("outputs must be a Tensor or an iterable of Tensors")

    def _state(self, optimizer: Any) -> dict[str, Any]:
        return self._per_optimizer.setdefault(id(optimizer), {"stage": "ready", "found": []})

    @replayable  # raw arrays: a compiled step runs it again, eagerly, at each replay
    def unscale_(self, optimizer: Any) -> None:
        """Divide the gradients of ``optimizer``'s parameters by the scale, in place, and note
        (on the device) whether any is inf or NaN."""
        if not self._enabled:
            return
        st = self._state(optimizer)
        if st["stage"] == "unscaled":
            raise RuntimeError("unscale_() has already been called on this optimizer since the "
                               "last update().")
        if st["stage"] == "stepped":
            raise RuntimeError("unscale_() is being called after step().")
        inv = 1.0 / self._scale
        found = []
        for group in optimizer.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                xp = g.device.backend
                with xp.scope():
                    raw = g.array
                    raw *= raw.dtype.type(inv)
                    found.append(~xp.isfinite(raw).all())
        from autograd.graph import increment_version

        increment_version([p.grad for group in optimizer.param_groups
                           for p in group["params"] if p.grad is not None])
        st["found"] = found
        st["stage"] = "unscaled"

    @replayable  # reads on the host whether to step: eager at each replay
    def step(self, optimizer: Any, *args: Any, **kwargs: Any) -> Any:
        """``optimizer.step()`` unless a gradient is inf or NaN (unscaling first when
        ``unscale_`` was not called); returns what step returned, or None when skipped."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is "
                               "enabled.")
        st = self._state(optimizer)
        if st["stage"] == "stepped":
            raise RuntimeError("step() has already been called since the last update().")
        if st["stage"] == "ready":
            self.unscale_(optimizer)
        st["stage"] = "stepped"
        if any(bool(f) for f in st["found"]):  # one read from each device
            st["skipped"] = True
            return None
        st["skipped"] = False
        return optimizer.step(*args, **kwargs)

    @replayable
    def update(self, new_scale: float | Tensor | None = None) -> None:
        """Adapt the scale: halved (``backoff_factor``) after a skipped step, doubled
        (``growth_factor``) after ``growth_interval`` steps in a row without one."""
        if not self._enabled:
            return
        if new_scale is not None:
            self._scale = float(new_scale.item() if isinstance(new_scale, Tensor) else
                                new_scale)
        else:
            stepped = [s for s in self._per_optimizer.values() if "skipped" in s]
            if not stepped:
                raise RuntimeError("No inf checks were recorded prior to update.")
            if any(s["skipped"] for s in stepped):
                self._scale *= self._backoff_factor
                self._growth_tracker = 0
            else:
                self._growth_tracker += 1
                if self._growth_tracker == self._growth_interval:
                    self._scale *= self._growth_factor
                    self._growth_tracker = 0
        self._per_optimizer.clear()

    def get_scale(self) -> float:
        return self._scale if self._enabled else 1.0

    def get_growth_factor(self) -> float:
        return self._growth_factor

    def set_growth_factor(self, new_factor: float) -> None:
        self._growth_factor = float(new_factor)

    def get_backoff_factor(self) -> float:
        return self._backoff_factor

    def set_backoff_factor(self, new_factor: float) -> None:
        self._backoff_factor = float(new_factor)

    def get_growth_interval(self) -> int:
        return self._growth_interval

    def set_growth_interval(self, new_interval: int) -> None:
        self._growth_interval = int(new_interval)

    def state_dict(self) -> dict[str, Any]:
        """``scale``, ``growth_factor``, ``backoff_factor``, ``growth_interval`` and
        ``_growth_tracker``, as PyTorch's (empty when disabled)."""
        if not self._enabled:
            return {}
        return {"scale": self._scale, "growth_factor": self._growth_factor,
                "backoff_factor": self._backoff_factor, "growth_interval":
                self._growth_interval, "_growth_tracker": self._growth_tracker}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        if not self._enabled:
            return
        if not state_dict:
            raise RuntimeError("The source state dict is empty, possibly because it was saved "
                               "from a disabled instance of GradScaler.")
        self._scale = float(state_dict["scale"])
        self._growth_factor = float(state_dict["growth_factor"])
        self._backoff_factor = float(state_dict["backoff_factor"])
        self._growth_interval = int(state_dict["growth_interval"])
        self._growth_tracker = int(state_dict["_growth_tracker"])
