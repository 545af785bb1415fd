"""Module (``torch.nn.Module``): attribute routing, hooks, traversal, modes and repr.

Parameter lives in ``nn.parameter``, the tensor-moving and state_dict methods in
``nn.module_state``, the containers Sequential, ModuleList and ModuleDict in
``nn.containers``.
"""

from __future__ import annotations

import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

import autograd as ag
from autograd.tensor import Tensor
from nn.hooks import RemovableHandle, add_to
from nn.module_hooks import wrap_inputs, wrap_outputs
from nn.module_state import _ModuleState
from nn.parameter import Buffer, Parameter, _zero_grad

_object_new = object.__new__


def _addindent(text: str) -> str:
    # PyTorch's indentation of a child's repr: blank lines stay empty
    first, *rest = text.split("\n")
    return "\n".join([first] + [("  " + line) if line.strip() else "" for line in rest])


class Module(_ModuleState):
    """Base class of every layer and model (``torch.nn.Module``).

    Assigning a Parameter, a Module or (through ``register_buffer``) a buffer as an attribute
    registers it, in order; ``state_dict`` keys are the dotted attribute paths.
    """

    training: bool

    def __new__(cls, *args: Any, **kwargs: Any) -> Module:
        # The constructor's arguments, as given, so that ``autograd.save(model, f)`` can
        # describe how to build the module again (a JSON module tree instead of pickle). One
        # dict write per construction; subclasses' __init__ stay untouched.
        self = _object_new(cls)  # (not super(): its lookup is half the cost)
        self.__dict__["__tapegrad_init_args__"] = (args, kwargs)
        return self

    def __init__(self) -> None:
        self.__dict__.update(training=True, _parameters=OrderedDict(), _buffers=OrderedDict(),
                             _non_persistent=set(), _modules=OrderedDict(),
                             _forward_hooks=[], _forward_pre_hooks=[], _backward_hooks=[],
                             _backward_pre_hooks=[])

    # -- attribute routing (PyTorch's rules: a name lives in exactly one table) -------------
    def __setattr__(self, name: str, value: Any) -> None:
        d = self.__dict__
        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            # leave the parameter table alone: a replaced parameter keeps its position
            _remove(d, name, "_buffers", "_modules")
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                                "(nn.Parameter or None expected)")
            self.register_parameter(name, None)
        else:
            modules = d.get("_modules")
            if isinstance(value, Module):
                if modules is None:
                    raise AttributeError("cannot assign module before Module.__init__() call")
                _remove(d, name, "_parameters", "_buffers")
                if _global_registration_hooks_on:
                    value = _registered(_global_module_registration_hooks, self, name, value)
                modules[name] = value
            elif modules is not None and name in modules:
                if value is not None:
                    raise TypeError(f"cannot assign '{type(value).__name__}' as child module "
                                    f"'{name}' (nn.Module or None expected)")
                if _global_registration_hooks_on:
                    value = _registered(_global_module_registration_hooks, self, name, value)
                modules[name] = value
            elif isinstance(value, Buffer):  # torch.nn.Buffer: registers itself
                if d.get("_buffers") is None:
                    raise AttributeError("cannot assign buffer before Module.__init__() call")
                _remove(d, name, "_parameters", "_modules")
                self.register_buffer(name, value, value.persistent)
            else:
                buffers = d.get("_buffers")
                if buffers is not None and name in buffers:
                    if value is not None and not isinstance(value, Tensor):
                        raise TypeError(f"cannot assign '{type(value).__name__}' as buffer "
                                        f"'{name}' (Tensor or None expected)")
                    if _global_registration_hooks_on:
                        value = _registered(_global_buffer_registration_hooks, self, name,
                                            value)
                    buffers[name] = value
                else:
                    object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        d = self.__dict__
        for key in ("_parameters", "_buffers", "_modules"):
            table = d.get(key)
            if table is not None and name in table:
                return table[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        d = self.__dict__
        for key in ("_parameters", "_buffers", "_modules"):
            if name in d[key]:
                del d[key][name]
                d["_non_persistent"].discard(name)
                return
        object.__delattr__(self, name)

    def _check_name(self, name: Any, kind: str, table: str) -> None:
        if table not in self.__dict__:
            raise AttributeError(f"cannot assign {kind} before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")
        if "." in name:
            raise KeyError(f"{kind} name can't contain \".\", got: {name}")
        if name == "":
            raise KeyError(f"{kind} name can't be empty string \"\"")
        if name not in self.__dict__[table] and hasattr(self, name):
            raise KeyError(f"attribute '{name}' already exists")

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or a None placeholder, left out of ``state_dict``) as ``name``."""
        self._check_name(name, "parameter", "_parameters")
        if param is not None:
            if not isinstance(param, Parameter):
                raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter "
                                f"'{name}' (nn.Parameter or None required)")
            if not param.is_leaf:
                raise ValueError(f"Cannot assign non-leaf Tensor to parameter '{name}'. Model "
                                 f"parameters must be created explicitly. To express '{name}' "
                                 "as a function of another Tensor, compute the value in the "
                                 "forward() method.")
            if _global_registration_hooks_on:
                param = _registered(_global_parameter_registration_hooks, self, name, param)
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Add state that is not a parameter (running statistics, masks ...); a non-persistent
        buffer is left out of ``state_dict``."""
        self._check_name(name, "buffer", "_buffers")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{type(tensor).__name__}' object to buffer "
                            f"'{name}' (Tensor or None required)")
        if _global_registration_hooks_on:
            tensor = _registered(_global_buffer_registration_hooks, self, name, tensor)
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent.discard(name)
        else:
            self._non_persistent.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module (or a None placeholder) as ``name``."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        self._check_name(name, "module", "_modules")
        if _global_registration_hooks_on:
            module = _registered(_global_module_registration_hooks, self, name, module)
        self._modules[name] = module

    def register_module(self, name: str, module: Module | None) -> None:
        """Alias of ``add_module``."""
        self.add_module(name, module)

    def get_parameter(self, target: str) -> Parameter:
        """The parameter at dotted path ``target`` (``"layer.0.weight"``)."""
        mod_path, _, name = target.rpartition(".")
        mod = self.get_submodule(mod_path)
        if not hasattr(mod, name):
            raise AttributeError(f"{mod._get_name()} has no attribute `{name}`")
        param = getattr(mod, name)
        if not isinstance(param, Parameter):
            raise AttributeError(f"`{name}` is not an nn.Parameter")
        return param

    def get_buffer(self, target: str) -> Tensor:
        """The buffer at dotted path ``target``."""
        mod_path, _, name = target.rpartition(".")
        mod = self.get_submodule(mod_path)
        if not hasattr(mod, name):
            raise AttributeError(f"{mod._get_name()} has no attribute `{name}`")
        buffer = getattr(mod, name)
        if name not in mod._buffers:
            raise AttributeError(f"`{name}` is not a buffer")
        return buffer

    def set_submodule(self, target: str, module: Module, strict: bool = False) -> None:
        """Put ``module`` at dotted path ``target``, replacing a submodule there or (unless
        ``strict``) adding it to an existing parent."""
        if target == "":
            raise ValueError("Cannot set the submodule without a target name!")
        if not isinstance(module, Module):
            raise ValueError(f"`module` is not an nn.Module, found {type(module)}")
        parent_path, _, name = target.rpartition(".")
        parent = self.get_submodule(parent_path)
        if strict and not hasattr(parent, name):
            raise AttributeError(f"{parent._get_name()} has no attribute `{name}`")
        if hasattr(parent, name) and not isinstance(getattr(parent, name), Module):
            raise AttributeError(f"`{name}` is not an nn.Module")
        setattr(parent, name, module)

    def get_submodule(self, target: str) -> Module:
        """The descendant at dotted path ``target`` (``""`` is this module)."""
        mod = self
        for item in target.split(".") if target else ():
            if not hasattr(mod, item):
                raise AttributeError(f"{mod._get_name()} has no attribute `{item}`")
            mod = getattr(mod, item)
            if not isinstance(mod, Module):
                raise AttributeError(f"`{item}` is not an nn.Module")
        return mod

    # -- calling ---------------------------------------------------------------------------
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation; subclasses override it."""
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required '
                                  '"forward" function')

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        d = self.__dict__
        if "_compiled_call_impl" in d:  # after compile(); the rest is _call_impl, inlined
            return d["_compiled_call_impl"](*args, **kwargs)
        if (self._forward_pre_hooks or self._forward_hooks or d.get("_backward_hooks")
                or d.get("_backward_pre_hooks") or _global_call_hooks_on):
            return self._call_with_hooks(args, kwargs)
        return self.forward(*args, **kwargs)

    def _call_impl(self, *args: Any, **kwargs: Any) -> Any:
        d = self.__dict__
        if (self._forward_pre_hooks or self._forward_hooks or d.get("_backward_hooks")
                or d.get("_backward_pre_hooks") or _global_call_hooks_on):
            return self._call_with_hooks(args, kwargs)
        return self.forward(*args, **kwargs)

    def _call_with_hooks(self, args: tuple, kwargs: dict) -> Any:
        """PyTorch's ``_call_impl`` order: the global then the module's forward pre-hooks,
        the backward hooks' input identity, ``forward``, the global then the module's
        forward hooks, the backward hooks' output identity. If anything raises, the forward
        hooks registered with ``always_call`` that did not run yet run before it propagates."""
        d = self.__dict__
        if _global_call_hooks_on:
            pre_hooks = (*_global_forward_pre_hooks, *self._forward_pre_hooks)
            hooks = (*_global_forward_hooks, *self._forward_hooks)
            full_hooks = (*_global_backward_hooks, *d.get("_backward_hooks", ()))
            backward_pre_hooks = (*_global_backward_pre_hooks,
                                  *d.get("_backward_pre_hooks", ()))
        else:
            pre_hooks = tuple(self._forward_pre_hooks)
            hooks = tuple(self._forward_hooks)
            full_hooks = tuple(d.get("_backward_hooks", ()))
            backward_pre_hooks = tuple(d.get("_backward_pre_hooks", ()))
        called: set[int] = set()
        result = None
        try:
            for hook, with_kwargs in pre_hooks:
                if with_kwargs:
                    new = hook(self, args, kwargs)
                    if new is not None:
                        if not (isinstance(new, tuple) and len(new) == 2):
                            raise RuntimeError("forward pre-hook must return None or a tuple "
                                               f"of (new_args, new_kwargs), but got {new}.")
                        args, kwargs = new
                else:
                    new = hook(self, args)
                    if new is not None:
                        args = new if isinstance(new, tuple) else (new,)
            state = None
            if full_hooks or backward_pre_hooks:
                state, args = wrap_inputs(self, args, full_hooks, backward_pre_hooks)
            result = self.forward(*args, **kwargs)
            for entry in hooks:
                hook, with_kwargs, always_call = entry
                if always_call:
                    called.add(id(entry))
                new = hook(self, args, kwargs, result) if with_kwargs else hook(self, args,
                                                                                 result)
                if new is not None:
                    result = new
            if state is not None:
                result = wrap_outputs(state, result)
            return result
        except Exception:
            for entry in hooks:
                hook, with_kwargs, always_call = entry
                if not always_call or id(entry) in called:
                    continue
                try:
                    new = hook(self, args, kwargs, result) if with_kwargs else hook(
                        self, args, result)
                    if new is not None:
                        result = new
                except Exception as error:
                    warnings.warn("module forward hook with ``always_call=True`` raised an "
                                  "exception that was silenced as another error was raised "
                                  f"in forward: {error}", stacklevel=2)
            raise

    def register_forward_hook(self, hook: Callable, *, prepend: bool = False,
                              with_kwargs: bool = False, always_call: bool = False
                              ) -> RemovableHandle:
        """Call ``hook(module, args, output)`` (``hook(module, args, kwargs, output)`` with
        ``with_kwargs``) after every forward; a non-None result replaces the output. With
        ``always_call`` the hook also runs (output None) when the call raises."""
        return add_to(self._forward_hooks, (hook, with_kwargs, always_call), prepend)

    def register_forward_pre_hook(self, hook: Callable, *, prepend: bool = False,
                                  with_kwargs: bool = False) -> RemovableHandle:
        """Call ``hook(module, args)`` before every forward; a non-None result replaces the
        arguments (with ``with_kwargs``: ``hook(module, args, kwargs)`` -> (args, kwargs))."""
        return add_to(self._forward_pre_hooks, (hook, with_kwargs), prepend)

    def register_full_backward_hook(self, hook: Callable, prepend: bool = False
                                    ) -> RemovableHandle:
        """Call ``hook(module, grad_input, grad_output)`` once the gradients of the module's
        inputs are computed; a non-None result replaces ``grad_input``."""
        if self.__dict__.get("_is_full_backward_hook") is False:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks "
                               f"on a single Module ({self._get_name()}). Please use only one "
                               "of them.")
        self.__dict__["_is_full_backward_hook"] = True
        return add_to(self.__dict__.setdefault("_backward_hooks", []), hook, prepend)

    def register_backward_hook(self, hook: Callable) -> RemovableHandle:
        """Deprecated form of ``register_full_backward_hook``: ``hook(module, grad_input,
        grad_output)`` receives the gradients of the module's inputs and outputs.

        PyTorch's old hook sees the inputs of the last autograd node of ``forward`` instead,
        which is the same thing only for a module whose forward is one op on its inputs (and
        which PyTorch itself warns is missing gradients otherwise); here it is always the
        module's inputs, as with the full hook. Mixing the two kinds on one module raises, as
        in PyTorch."""
        if self.__dict__.get("_is_full_backward_hook") is True:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks "
                               f"on a single Module ({self._get_name()}). Please use only one "
                               "of them.")
        self.__dict__["_is_full_backward_hook"] = False
        return add_to(self.__dict__.setdefault("_backward_hooks", []), hook, False)

    def compile(self, *args: Any, **kwargs: Any) -> None:
        """Compile this module's calls in place with ``autograd.compile`` (arguments passed
        as they are): ``module(x)`` then replays the captured forward."""
        self.__dict__["_compiled_call_impl"] = ag.compile(self._call_impl, *args, **kwargs)

    def register_full_backward_pre_hook(self, hook: Callable, prepend: bool = False
                                        ) -> RemovableHandle:
        """Call ``hook(module, grad_output)`` when the gradients of the module's outputs are
        known; a non-None result replaces ``grad_output``."""
        return add_to(self.__dict__.setdefault("_backward_pre_hooks", []), hook,
                               prepend)

    # -- traversal -------------------------------------------------------------------------
    def named_modules(self, memo: set | None = None, prefix: str = "",
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Module]]:
        """(dotted name, module) for this module and every descendant, each once unless
        ``remove_duplicate`` is False."""
        if memo is None:
            memo = set()
        if remove_duplicate:
            if self in memo:
                return
            memo.add(self)
        yield prefix, self
        for name, child in self._modules.items():
            if child is not None:
                yield from child.named_modules(memo, f"{prefix}.{name}" if prefix else name,
                                               remove_duplicate)

    def modules(self) -> Iterator[Module]:
        """This module and every descendant, each once."""
        for _, m in self.named_modules():
            yield m

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """(name, module) of the direct children, each once."""
        seen = set()
        for name, child in self._modules.items():
            if child is not None and child not in seen:
                seen.add(child)
                yield name, child

    def children(self) -> Iterator[Module]:
        """The direct children, each once."""
        for _, child in self.named_children():
            yield child

    def _named_members(self, table: str, prefix: str, recurse: bool,
                       remove_duplicate: bool = True) -> Iterator[tuple[str, Tensor]]:
        seen = set()
        mods = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) \
            if recurse else [(prefix, self)]
        for mod_prefix, mod in mods:
            for name, value in getattr(mod, table).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield (f"{mod_prefix}.{name}" if mod_prefix else name), value

    def named_parameters(self, prefix: str = "", recurse: bool = True,
                         remove_duplicate: bool = True) -> Iterator[tuple[str, Parameter]]:
        """(dotted name, parameter) pairs; a parameter shared by two modules comes once."""
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Every parameter, each once."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix: str = "", recurse: bool = True,
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Tensor]]:
        """(dotted name, buffer) pairs, non-persistent buffers included."""
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """Every buffer, each once."""
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    # -- modes and gradients ---------------------------------------------------------------
    def train(self, mode: bool = True) -> Module:
        """Set training mode here and, through their own ``train``, on every child."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        if self.training is not mode:
            ag.compiler.reset()  # a compiled step records the ops of one mode
        self.training = mode
        for child in self.children():
            child.train(mode)
        return self

    def eval(self) -> Module:
        """Set evaluation mode on every module (``train(False)``)."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Set ``requires_grad`` on every parameter."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset every parameter's gradient: to None (default), or detached and zeroed in place."""
        _zero_grad(self.parameters(), set_to_none)

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Call ``fn`` on every descendant (children first), then on this module."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    # -- repr ------------------------------------------------------------------------------
    def _get_name(self) -> str:
        return type(self).__name__

    def extra_repr(self) -> str:
        """The text inside this module's parentheses in ``repr``; layers override it."""
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({name}): " + _addindent(repr(child))
                       for name, child in self._modules.items()]
        lines = extra_lines + child_lines
        main = self._get_name() + "("
        if len(extra_lines) == 1 and not child_lines:
            main += extra_lines[0]
        elif lines:
            main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"

    def __dir__(self) -> list[str]:
        keys = list(super().__dir__())
        for table in (self._parameters, self._buffers, self._modules):
            keys.extend(table)
        return sorted(set(keys))


def _remove(d: dict, name: str, *tables: str) -> None:
    d.pop(name, None)
    for table in tables:
        d[table].pop(name, None)
    d["_non_persistent"].discard(name)


# -- global module hooks (``torch.nn.modules.module.register_module_*``) ------------------------
# Each list holds entries in the shape of the per-module lists; the flags keep the cost of a
# call without any global hook at one name lookup.
_global_forward_pre_hooks: list = []  # (hook, False)
_global_forward_hooks: list = []  # (hook, with_kwargs, always_call)
_global_backward_pre_hooks: list = []
_global_backward_hooks: list = []
_global_buffer_registration_hooks: list = []
_global_parameter_registration_hooks: list = []
_global_module_registration_hooks: list = []
_global_call_hooks_on = False
_global_registration_hooks_on = False


def _refresh_global_flags() -> None:
    global _global_call_hooks_on, _global_registration_hooks_on
    _global_call_hooks_on = bool(_global_forward_pre_hooks or _global_forward_hooks
                                 or _global_backward_pre_hooks or _global_backward_hooks)
    _global_registration_hooks_on = bool(_global_buffer_registration_hooks
                                         or _global_parameter_registration_hooks
                                         or _global_module_registration_hooks)


def _add_global(hooks: list, entry: Any) -> RemovableHandle:
    handle = add_to(hooks, entry, on_remove=_refresh_global_flags)
    _refresh_global_flags()
    return handle


def register_module_forward_pre_hook(hook: Callable) -> RemovableHandle:
    """Call ``hook(module, args)`` before the forward of every module (before the module's
    own pre-hooks); a non-None result replaces the arguments."""
    return _add_global(_global_forward_pre_hooks, (hook, False))


def register_module_forward_hook(hook: Callable, *, with_kwargs: bool = False,
                                 always_call: bool = False) -> RemovableHandle:
    """Call ``hook(module, args, output)`` after the forward of every module (before the
    module's own forward hooks); a non-None result replaces the output."""
    return _add_global(_global_forward_hooks, (hook, with_kwargs, always_call))


def register_module_full_backward_pre_hook(hook: Callable) -> RemovableHandle:
    """Call ``hook(module, grad_output)`` for every module once the gradients of its outputs
    are known (before the module's own backward pre-hooks)."""
    return _add_global(_global_backward_pre_hooks, hook)


def register_module_full_backward_hook(hook: Callable) -> RemovableHandle:
    """Call ``hook(module, grad_input, grad_output)`` for every module once the gradients of
    its inputs are computed (before the module's own backward hooks)."""
    return _add_global(_global_backward_hooks, hook)


def register_module_buffer_registration_hook(hook: Callable) -> RemovableHandle:
    """Call ``hook(module, name, buffer)`` whenever a module registers a buffer; a non-None
    result is registered instead."""
    return _add_global(_global_buffer_registration_hooks, hook)


def register_module_parameter_registration_hook(hook: Callable) -> RemovableHandle:
    """Call ``hook(module, name, param)`` whenever a module registers a parameter; a non-None
    result is registered instead."""
    return _add_global(_global_parameter_registration_hooks, hook)


def register_module_module_registration_hook(hook: Callable) -> RemovableHandle:
    """Call ``hook(module, name, submodule)`` whenever a module registers a submodule; a
    non-None result is registered instead."""
    return _add_global(_global_module_registration_hooks, hook)


def _registered(hooks: list, module: Module, name: str, value: Any) -> Any:
    for hook in tuple(hooks):
        new = hook(module, name, value)
        if new is not None:
            value = new
    return value


__all__ = ["Module", "Parameter", "register_module_buffer_registration_hook",
           "register_module_forward_hook", "register_module_forward_pre_hook",
           "register_module_full_backward_hook", "register_module_full_backward_pre_hook",
           "register_module_module_registration_hook",
           "register_module_parameter_registration_hook"]
