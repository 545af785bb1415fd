"""Parametrizations (``torch.nn.utils.parametrize``): a module attribute computed from other
tensors by small modules, e.g. a weight kept as a direction and a norm.

``register_parametrization(module, "weight", P)`` moves the original tensor to
``module.parametrizations.weight.original`` (or ``original0``, ``original1`` ... when ``P``'s
``right_inverse`` splits it), and gives the module's class a ``weight`` property that
computes ``P(original)`` at every access (once per ``cached()`` block). Assigning to
``module.weight`` goes through ``right_inverse``. The state-dict keys are PyTorch's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import autograd as ag
from autograd.tensor import Tensor
from nn.containers import ModuleDict, ModuleList
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["ParametrizationList", "cached", "is_parametrized", "register_parametrization",
           "remove_parametrizations", "type_before_parametrizations"]

_cache: dict | None = None  # (module id, name) -> value, inside cached()


@contextlib.contextmanager
def cached() -> Iterator[None]:
    """Compute each parametrized tensor at most once inside this block (PyTorch's
    ``parametrize.cached``), e.g. an RNN's weights over all its time steps."""
    global _cache
    outer = _cache
    if outer is None:
        _cache = {}
    try:
        yield
    finally:
        if outer is None:
            _cache = None


def _as_parameter(value: Tensor, like: Tensor) -> Tensor:
    if isinstance(like, Parameter):
        return Parameter(value.detach(), like.requires_grad)
    return value.detach()


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor, applied in order, and its original value(s)."""

    def __init__(self, modules: list[Module], original: Tensor, unsafe: bool = False) -> None:
        super().__init__(modules)
        self.unsafe = unsafe
        first = modules[0]
        with ag.no_grad():
            new = first.right_inverse(original) if hasattr(first, "right_inverse") else original
        self.is_tensor = isinstance(new, Tensor)
        self.ntensors = 1 if self.is_tensor else len(new)
        if self.is_tensor:
            if tuple(new.shape) == tuple(original.shape) and new.dtype == original.dtype:
                with ag.no_grad():
                    original.copy_(new)  # keep the original object (optimizers hold it)
                self._register("original", original)
            else:
                self._register("original", _as_parameter(new, original))
        else:
            for k, value in enumerate(new):
                self._register(f"original{k}", _as_parameter(value, original))

    def _register(self, name: str, value: Tensor) -> None:
        if isinstance(value, Parameter):
            self.register_parameter(name, value)
        else:
            self.register_buffer(name, value)

    def right_inverse(self, value: Tensor) -> None:
        """Store ``value`` as the originals that the parametrizations map to it."""
        with ag.no_grad():
            for module in reversed(list(self)):
                if hasattr(module, "right_inverse"):
                    value = module.right_inverse(value)
            if self.is_tensor:
                self.original.copy_(value)
            else:
                for k, v in enumerate(value):
                    getattr(self, f"original{k}").copy_(v)

    def forward(self) -> Tensor:
        """The parametrized value: the modules applied in order to the original(s)."""
        modules = list(self)
        if self.is_tensor:
            x = modules[0](self.original)
        else:
            x = modules[0](*(getattr(self, f"original{k}") for k in range(self.ntensors)))
        for module in modules[1:]:
            x = module(x)
        return x


def _parametrized_property(name: str) -> property:
    def get(self: Module) -> Tensor:
        if _cache is not None:
            key = (id(self), name)
            if key not in _cache:
                _cache[key] = self.parametrizations[name]()
            return _cache[key]
        return self.parametrizations[name]()

    def set(self: Module, value: Tensor) -> None:
        self.parametrizations[name].right_inverse(value)

    return property(get, set, doc=f"The parametrized ``{name}``.")


def register_parametrization(module: Module, tensor_name: str, parametrization: Module, *,
                             unsafe: bool = False) -> Module:
    """Make ``module.<tensor_name>`` the output of ``parametrization`` applied to the stored
    original (a second registration chains after the first); returns the module."""
    if is_parametrized(module, tensor_name):
        plist = module.parametrizations[tensor_name]
        if not unsafe:
            value = getattr(module, tensor_name)
            out = parametrization(value)
            if not isinstance(out, Tensor) or tuple(out.shape) != tuple(value.shape):
                raise ValueError(f"Registering a parametrization may not change the shape of "
                                 f"the tensor, unless `unsafe` flag is enabled. unparametrized "
                                 f"shape: {list(value.shape)}")
        plist.append(parametrization)
        return module
    if tensor_name not in module._parameters and tensor_name not in module._buffers:
        raise ValueError(f"Module '{module}' does not have a parameter, a buffer, or a "
                         f"parametrized element with name '{tensor_name}'")
    original = getattr(module, tensor_name)
    if not unsafe:
        out = parametrization(original)
        if not isinstance(out, Tensor):
            raise ValueError(f"A parametrization must return a tensor. Got "
                             f"{type(out).__name__}.")
        if tuple(out.shape) != tuple(original.shape) or out.dtype != original.dtype:
            raise ValueError(f"Registering a parametrization may not change the shape or "
                             f"dtype of the tensor, unless `unsafe` flag is enabled "
                             f"(unparametrized {list(original.shape)}, parametrized "
                             f"{list(out.shape)})")
    plist = ParametrizationList([parametrization], original, unsafe)
    delattr(module, tensor_name)
    if not is_parametrized(module):
        cls = type(module)
        module.__class__ = type(f"Parametrized{cls.__name__}", (cls,),
                                {"__module__": cls.__module__, "_unparametrized": cls})
        module.parametrizations = ModuleDict()
    setattr(type(module), tensor_name, _parametrized_property(tensor_name))
    module.parametrizations[tensor_name] = plist
    return module


def is_parametrized(module: Module, tensor_name: str | None = None) -> bool:
    """True if ``module`` has any parametrization (for ``tensor_name``, when given)."""
    plists = module.__dict__.get("_modules", {}).get("parametrizations")
    if not isinstance(plists, ModuleDict):
        return False
    return len(plists) > 0 if tensor_name is None else tensor_name in plists


def type_before_parametrizations(module: Module) -> type:
    """The module's class before any parametrization was registered."""
    return getattr(type(module), "_unparametrized", type(module)) if is_parametrized(
        module) else type(module)


def remove_parametrizations(module: Module, tensor_name: str,
                            leave_parametrized: bool = True) -> Module:
    """Remove the parametrizations of ``tensor_name``: it becomes a plain parameter again,
    holding the parametrized value (``leave_parametrized``) or the original."""
    if not is_parametrized(module, tensor_name):
        raise ValueError(f"Module {module} does not have a parametrization on {tensor_name}")
    plist = module.parametrizations[tensor_name]
    if leave_parametrized:
        with ag.no_grad():
            value = getattr(module, tensor_name)
        if plist.is_tensor and tuple(plist.original.shape) == tuple(value.shape):
            original = plist.original
            with ag.no_grad():
                original.copy_(value)
        else:
            original = Parameter(value.detach())
    else:
        if not plist.is_tensor:
            raise ValueError("Cannot leave unparametrized (`leave_parametrized=False`) a tensor "
                             "that is parametrized in terms of a sequence of tensors.")
        original = plist.original
    delattr(type(module), tensor_name)
    del module.parametrizations[tensor_name]
    if isinstance(original, Parameter):
        module.register_parameter(tensor_name, original)
    else:
        module.register_buffer(tensor_name, original)
    if not is_parametrized(module):
        del module.parametrizations
        module.__class__ = type(module)._unparametrized
    return module
