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
import copy
from collections.abc import Iterator, Sequence

import autograd as ag
from autograd.tensor import Tensor
from nn.containers import ModuleDict, ModuleList
from nn.module import Module
from nn.parameter import Parameter

__all__ = ["ParametrizationList", "cached", "is_parametrized", "register_parametrization",
           "remove_parametrizations", "transfer_parametrizations_and_params",
           "type_before_parametrizations"]

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


def _set_original(dest: Tensor, src: Tensor) -> None:
    """Make ``dest`` hold ``src``'s values (PyTorch's ``set_``): copied in place when the
    shape and dtype agree, so views and holders of ``dest`` see them; else ``dest`` takes
    ``src``'s memory."""
    if dest is src:
        return
    if tuple(dest.shape) == tuple(src.shape) and dest.dtype == src.dtype:
        dest.copy_(src)
    else:
        dest.data = src.detach()


def _register_original(owner: Module, name: str, value: Tensor) -> None:
    if isinstance(value, Parameter):
        owner.register_parameter(name, value)
    else:
        owner.register_buffer(name, value)


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor, applied in order, and its original value(s):
    ``original``, or ``original0``, ``original1`` ... when the first parametrization's
    ``right_inverse`` returns a sequence of tensors."""

    def __init__(self, modules: list[Module], original: Tensor, unsafe: bool = False) -> None:
        if len(modules) == 0:
            raise ValueError("ParametrizationList requires one or more modules.")
        super().__init__(modules)
        self.unsafe = unsafe
        original_shape, original_dtype = tuple(original.shape), original.dtype
        with ag.no_grad():
            new = original
            for module in reversed(list(self)):
                if hasattr(module, "right_inverse"):
                    try:
                        new = module.right_inverse(new)
                    except NotImplementedError:
                        pass
        if not isinstance(new, (Tensor, Sequence)):
            raise ValueError("'right_inverse' must return a Tensor or a Sequence of tensors "
                             f"(list, tuple...). Got {type(new).__name__}")
        self.is_tensor = isinstance(new, Tensor)
        self.ntensors = 1 if self.is_tensor else len(new)
        if self.is_tensor:
            if new.dtype != original.dtype:
                raise ValueError("When `right_inverse` outputs one tensor, it may not change "
                                 f"the dtype.\noriginal.dtype: {original.dtype}\n"
                                 f"right_inverse(original).dtype: {new.dtype}")
            if new.device != original.device:
                raise ValueError("When `right_inverse` outputs one tensor, it may not change "
                                 f"the device.\noriginal.device: {original.device}\n"
                                 f"right_inverse(original).device: {new.device}")
            # the original object stays (optimizers may hold it), with the new values
            with ag.no_grad():
                _set_original(original, new)
            _register_original(self, "original", original)
        else:
            for k, value in enumerate(new):
                if not isinstance(value, Tensor):
                    raise ValueError("'right_inverse' must return a Tensor or a Sequence of "
                                     f"tensors (list, tuple...). Got element {k} of the "
                                     f"sequence with type {type(value).__name__}.")
                if isinstance(original, Parameter):
                    value = Parameter(value, original.requires_grad)
                else:
                    value = value.detach().requires_grad_(original.requires_grad)
                _register_original(self, f"original{k}", value)
        if not self.unsafe:
            out = self()
            if not isinstance(out, Tensor):
                raise ValueError(f"A parametrization must return a tensor. Got "
                                 f"{type(out).__name__}.")
            if out.dtype != original_dtype:
                raise ValueError("Registering a parametrization may not change the dtype of "
                                 "the tensor, unless `unsafe` flag is enabled.\n"
                                 f"unparametrized dtype: {original_dtype}\n"
                                 f"parametrized dtype: {out.dtype}")
            if tuple(out.shape) != original_shape:
                raise ValueError("Registering a parametrization may not change the shape of "
                                 "the tensor, unless `unsafe` flag is enabled.\n"
                                 f"unparametrized shape: {list(original_shape)}\n"
                                 f"parametrized shape: {list(out.shape)}")

    def right_inverse(self, value: Tensor) -> None:
        """Store ``value`` as the originals that the parametrizations map to it (each must
        have a ``right_inverse``)."""
        with ag.no_grad():
            for module in reversed(list(self)):
                if not hasattr(module, "right_inverse"):
                    raise RuntimeError(f"parametrization {type(module).__name__} does not "
                                       "implement right_inverse.")
                value = module.right_inverse(value)
            if self.is_tensor:
                if not isinstance(value, Tensor):
                    raise ValueError(f"`right_inverse` should return a tensor. Got "
                                     f"{type(value).__name__}")
                if value.dtype != self.original.dtype:
                    raise ValueError(f"The tensor returned by `right_inverse` has dtype "
                                     f"{value.dtype} while `original` has dtype "
                                     f"{self.original.dtype}")
                _set_original(self.original, value)
            else:
                if not isinstance(value, Sequence):
                    raise ValueError("'right_inverse' must return a sequence of tensors. Got "
                                     f"{type(value).__name__}.")
                if len(value) != self.ntensors:
                    raise ValueError("'right_inverse' must return a sequence of tensors of "
                                     f"length {self.ntensors}. Got a sequence of length "
                                     f"{len(value)}.")
                for k, tensor in enumerate(value):
                    original = getattr(self, f"original{k}")
                    if not isinstance(tensor, Tensor):
                        raise ValueError("'right_inverse' must return a sequence of tensors. "
                                         f"Got element {k} of type {type(tensor).__name__}.")
                    if original.dtype != tensor.dtype:
                        raise ValueError(f"Tensor {k} returned by `right_inverse` has dtype "
                                         f"{tensor.dtype} while `original{k}` has dtype "
                                         f"{original.dtype}")
                    _set_original(original, tensor)

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


def _check_chained(module: Module, tensor_name: str, parametrization: Module) -> None:
    """A parametrization chained after others must map the current value to one of the same
    shape and dtype, and so must its ``right_inverse`` (PyTorch's checks)."""
    current = getattr(module, tensor_name)
    out = parametrization(current)
    if not isinstance(out, Tensor):
        raise ValueError(f"A parametrization must return a tensor. Got {type(out).__name__}.")
    if out.dtype != current.dtype:
        raise ValueError("Registering a parametrization may not change the dtype of the "
                         "tensor, unless the `unsafe` flag is enabled.\n"
                         f"module.{tensor_name}.dtype: {current.dtype}\n"
                         f"parametrization(module.{tensor_name}).dtype: {out.dtype}")
    if tuple(out.shape) != tuple(current.shape):
        raise ValueError("Registering a parametrization may not change the shape of the "
                         "tensor, unless the `unsafe` flag is enabled.\n"
                         f"module.{tensor_name}.shape: {list(current.shape)}\n"
                         f"parametrization(module.{tensor_name}).shape: {list(out.shape)}")
    if hasattr(parametrization, "right_inverse"):
        try:
            back = parametrization.right_inverse(out)
        except NotImplementedError:
            return
        if not isinstance(back, Tensor):
            raise ValueError(f"parametrization.right_inverse must return a tensor. Got: "
                             f"{type(back).__name__}")
        if back.dtype != current.dtype:
            raise ValueError("The tensor returned by parametrization.right_inverse must have "
                             f"the same dtype as module.{tensor_name}, unless the `unsafe` "
                             f"flag is enabled.\nmodule.{tensor_name}.dtype: {current.dtype}\n"
                             f"returned dtype: {back.dtype}")
        if tuple(back.shape) != tuple(current.shape):
            raise ValueError("The tensor returned by parametrization.right_inverse must have "
                             f"the same shape as module.{tensor_name}, unless the `unsafe` "
                             f"flag is enabled.\nmodule.{tensor_name}.shape: "
                             f"{list(current.shape)}\nreturned shape: {list(back.shape)}")


def _deepcopy(self: Module, memo: dict) -> Module:
    # the default deepcopy, on the parametrized class (which is made per module)
    replica = memo.get(id(self))
    if replica is not None:
        return replica
    replica = self.__new__(type(self))
    memo[id(self)] = replica
    replica.__dict__ = copy.deepcopy(self.__dict__, memo)
    return replica


def register_parametrization(module: Module, tensor_name: str, parametrization: Module, *,
                             unsafe: bool = False) -> Module:
    """Make ``module.<tensor_name>`` the output of ``parametrization`` applied to the stored
    original (a second registration chains after the first); returns the module."""
    parametrization.train(module.training)
    if is_parametrized(module, tensor_name):
        if not unsafe:
            _check_chained(module, tensor_name, parametrization)
        plist = module.parametrizations[tensor_name]
        plist.append(parametrization)
        plist.unsafe |= unsafe
        return module
    if tensor_name not in module._parameters and tensor_name not in module._buffers:
        raise ValueError(f"Module '{module}' does not have a parameter, a buffer, or a "
                         f"parametrized element with name '{tensor_name}'")
    plist = ParametrizationList([parametrization], getattr(module, tensor_name), unsafe)
    delattr(module, tensor_name)
    if not is_parametrized(module):
        cls = type(module)
        namespace = {"__module__": cls.__module__}
        if not hasattr(cls, "__deepcopy__"):
            namespace["__deepcopy__"] = _deepcopy
        module.__class__ = type(f"Parametrized{cls.__name__}", (cls,), namespace)
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
    return type(module).__bases__[0] if is_parametrized(module) else type(module)


def remove_parametrizations(module: Module, tensor_name: str,
                            leave_parametrized: bool = True) -> Module:
    """Remove the parametrizations of ``tensor_name``: it becomes a plain parameter (or
    buffer) again, holding the parametrized value (``leave_parametrized``) or the original."""
    if not is_parametrized(module, tensor_name):
        raise ValueError(f"Module {module} does not have a parametrization on {tensor_name}")
    plist = module.parametrizations[tensor_name]
    if plist.is_tensor:
        original = plist.original
        if leave_parametrized:
            with ag.no_grad():
                value = getattr(module, tensor_name)
                _set_original(original, value)
    else:
        if not leave_parametrized:
            raise ValueError("Cannot leave unparametrized (`leave_parametrized=False`) a tensor "
                             "that is parametrized in terms of a sequence of tensors.")
        value = getattr(module, tensor_name)
        original = Parameter(value.detach()) if value.requires_grad else value
    delattr(type(module), tensor_name)
    del module.parametrizations[tensor_name]
    _register_original(module, tensor_name, original)
    if not is_parametrized(module):
        del module.parametrizations
        module.__class__ = type(module).__bases__[0]
    return module


def transfer_parametrizations_and_params(from_module: Module, to_module: Module,
                                         tensor_name: str | None = None) -> Module:
    """Give ``to_module`` the parametrizations of ``from_module`` (of ``tensor_name``, or of
    all its parametrized tensors) and their original tensors (shared, not copied); a tensor
    ``to_module`` lacks is created first. Returns ``to_module``."""
    if not is_parametrized(from_module):
        return to_module
    names = list(from_module.parametrizations) if tensor_name is None else [tensor_name]
    for name in names:
        if not hasattr(to_module, name):
            setattr(to_module, name, Parameter(getattr(from_module, name).detach()))
        source = from_module.parametrizations[name]
        for parametrization in source:
            register_parametrization(to_module, name, parametrization)
        target = to_module.parametrizations[name]
        if hasattr(source, "original"):
            target.original = source.original
        else:
            k = 0
            while hasattr(source, f"original{k}"):
                setattr(target, f"original{k}", getattr(source, f"original{k}"))
                k += 1
    return to_module
