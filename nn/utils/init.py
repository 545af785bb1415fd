"""``skip_init`` (``torch.nn.utils.skip_init``): a module built without initializing its
parameters."""

from __future__ import annotations

import inspect
from typing import Any

from nn import init
from nn.module import Module

__all__ = ["skip_init"]


def skip_init(module_cls: type, *args: Any, **kwargs: Any) -> Module:
    """``module_cls(*args, **kwargs)`` with uninitialized parameters and buffers on
    ``device`` (default "cpu").

    There is no meta device here: the module is built on ``device`` and its tensors then get
    fresh, uninitialized memory (``to_empty``). The initialization's random draws are undone,
    so, as in PyTorch, building it leaves the random streams where they were."""
    if not isinstance(module_cls, type):
        raise TypeError(f"skip_init: module_cls must be a class, got "
                        f"{type(module_cls).__name__}")
    if not issubclass(module_cls, Module):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    device = kwargs.pop("device", "cpu")
    rng = init._rng
    state = rng.bit_generator.state
    try:
        module = module_cls(*args, device=device, **kwargs)
    finally:
        rng.bit_generator.state = state
    return module.to_empty(device=device)
