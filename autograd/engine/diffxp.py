"""autograd's own differentiable array namespace, for higher-order gradients.

Every ``backward`` is written once against ``ctx.xp``. In a first-order backward that is the
device's backend (NumPy or CuPy names over raw arrays). Under ``create_graph=True`` the engine
hands the same formula this namespace instead: the same NumPy-style names and signatures, but
over autograd Tensors, so the gradient computation is itself recorded on the tape.

Names are resolved on first use: a name defined in this file (or registered with
``@register``) wins; otherwise the function of the same name in the public ``autograd``
namespace is used (``exp``, ``log``, ``where``, ``sign`` ...). Op modules register the
NumPy-signature names they need (``sum(a, axis, keepdims)``, ``reshape(a, shape)``, ...) next
to the ops; the ``autograd`` package hands over its namespace with ``use_public_namespace``
once it is built (the engine imports nothing above itself).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd.engine.tensor_base import TensorBase, make

_registered: dict[str, Callable] = {}
_public: Any = None  # the autograd package, once it is imported


def use_public_namespace(module: Any) -> None:
    """Resolve names that no op registered from ``module`` (the ``autograd`` package)."""
    global _public
    _public = module


def register(name: str | None = None) -> Callable:
    """Decorator: make ``fn`` the differentiable namespace's ``name`` (default: fn's name)."""

    def deco(fn: Callable) -> Callable:
        _registered[name or fn.__name__] = fn
        return fn

    return deco


class DiffNamespace:
    """The NumPy-like namespace over Tensors for one device (see the module docstring)."""

    differentiable = True

    def __init__(self, raw: Any) -> None:
        self.raw = raw  # the device's backend
        self.device = raw.device
        self.float32 = raw.float32
        self.float64 = raw.float64
        self.float16 = raw.float16
        self.bool_ = raw.bool_
        self.int64 = raw.int64
        self.pi = raw.pi
        self.inf = raw.inf
        self.newaxis = None

    def __getattr__(self, name: str) -> Any:
        fn = _registered.get(name)
        if fn is None:
            fn = getattr(_public, name, None)
            if fn is None or not callable(fn):
                raise AttributeError(
                    f"autograd's differentiable namespace has no {name!r}: a backward that "
                    "uses it cannot run under create_graph=True (register it with "
                    "autograd.engine.diffxp.register, or mark the Function once_differentiable)"
                )
        setattr(self, name, fn)  # cache: later lookups are plain attribute reads
        return fn

    # constants and constructors that must land on this namespace's device
    def fused(self, kernel: Any, *args: Any) -> Any:
        """A fused formula over Tensors: recorded op by op, so that it is differentiable."""
        return kernel(self, *args)

    def zeros(self, shape: Any, dtype: Any = None) -> Any:
        return make(self.raw.zeros(shape, dtype=dtype or self.raw.float32), self.device)

    def ones(self, shape: Any, dtype: Any = None) -> Any:
        return make(self.raw.ones(shape, dtype=dtype or self.raw.float32), self.device)

    def copy(self, a: Any) -> Any:
        return a.clone()

    def asarray(self, value: Any, dtype: Any = None) -> Any:
        if isinstance(value, TensorBase):
            return value if dtype is None else value.to(dtype)
        return make(self.raw.asarray(value, dtype=dtype), self.device)


_cache: dict = {}


def diff_namespace(raw: Any) -> DiffNamespace:
    """The differentiable namespace for a backend (one per device, cached)."""
    ns = _cache.get(raw)
    if ns is None:
        ns = _cache[raw] = DiffNamespace(raw)
    return ns
