"""The Module methods that move, cast, save and load its tensors (``to``, ``state_dict``,
``load_state_dict``), kept apart from attribute routing and traversal in ``nn.module``."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

import autograd as ag
import backends
from autograd.tensor import Tensor
from nn.hooks import _RemovableHandle, add_to
from nn.parameter import Parameter, is_lazy

if TYPE_CHECKING:
    from nn.module import Module


class _IncompatibleKeys(NamedTuple):
    """What ``load_state_dict`` returns: the keys it could not match."""

    missing_keys: list[str]
    unexpected_keys: list[str]

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return (f"_IncompatibleKeys(missing_keys={self.missing_keys}, "
                f"unexpected_keys={self.unexpected_keys})")

    __str__ = __repr__


class _ModuleState:
    """Mixed into Module: device and dtype conversion in place, state_dict and loading."""

    _version: int = 1  # saved in state_dict()._metadata; a layer that changes its keys bumps it

    def _apply_to_tensors(self, convert: Callable[[Any, Any], tuple[Any, Any]],
                          recurse: bool = True) -> Module:
        """Swap each parameter's, gradient's and buffer's memory in place, so optimizers and
        other holders of the same Tensor objects see the change."""
        done = set()
        for m in self.modules() if recurse else (self,):
            for t in (*m._parameters.values(), *m._buffers.values()):
                if t is None or id(t) in done:
                    continue
                done.add(id(t))
                if is_lazy(t):  # only its dtype and device exist yet
                    t._convert_placeholder(convert)
                    continue
                for target in (t, t.grad):
                    if target is None:
                        continue
                    data, where = convert(target.array, target.device)
                    if data is not target.array:
                        target.data = ag.as_tensor(data, device=where)  # bumps the version
        return self

    def to(self, *args: Any, **kwargs: Any) -> Module:
        """``to(device)``, ``to(dtype)``, ``to(device, dtype)`` or ``to(tensor)``, in place;
        only floating-point parameters and buffers change dtype (like PyTorch);
        ``memory_format`` lays out the 4-d and 5-d ones in that format."""
        device = kwargs.pop("device", None)
        dtype = kwargs.pop("dtype", None)
        memory_format = kwargs.pop("memory_format", None)
        if memory_format is not None and not isinstance(memory_format, ag.memory_format):
            raise TypeError(f"to(): argument 'memory_format' must be torch.memory_format, not "
                            f"{type(memory_format).__name__}")
        if memory_format is not None and any(
                is_lazy(t) for m in self.modules()
                for t in (*m._parameters.values(), *m._buffers.values())):
            # as PyTorch: a layout needs the rank, which a lazy parameter does not know yet
            raise ValueError("Attempted to use an uninitialized parameter in "
                             "to(memory_format=...). Call forward with a dummy batch to "
                             "initialize the parameters of a lazy module first")
        kwargs.pop("non_blocking", None)
        if kwargs:
            raise TypeError(f"to() got unexpected keyword arguments {sorted(kwargs)}")
        for arg in args:
            if isinstance(arg, Tensor):
                device, dtype = arg.device, arg.dtype
            elif isinstance(arg, backends.Device) or (
                    isinstance(arg, str) and not _names_dtype(arg)):
                device = arg  # a string that names no dtype is a device (or its error)
            elif arg is not None:
                dtype = arg
        dev = backends.device(device) if device is not None else None
        if dev is not None:
            dev.backend  # noqa: B018 - an unusable device raises here, before anything moves
        dt = ag.as_dtype(dtype) if dtype is not None else None
        if dt is not None and dt.kind not in "fV":
            raise TypeError(f"nn.Module.to only accepts floating point dtypes, but got {dt}")

        def convert(data: Any, where: Any) -> tuple[Any, Any]:
            if dt is not None and data.dtype.kind in "fV" and data.dtype != dt:
                with where.backend.scope():
                    data = data.astype(dt)
            if dev is not None and dev is not where:
                data = dev.backend.from_numpy(where.backend.to_numpy(data))
                where = dev
            if memory_format is not None and data.ndim in (4, 5):
                with ag.no_grad():
                    data = ag.as_tensor(data, device=where).to(memory_format=memory_format).array
            return data, where

        return self._apply_to_tensors(convert)

    def cuda(self, device: Any = None) -> Module:
        """Move every parameter and buffer to a GPU."""
        return self.to("cuda" if device is None else device)

    def cpu(self) -> Module:
        """Move every parameter and buffer to the host."""
        return self.to("cpu")

    def float(self) -> Module:
        """Cast floating-point parameters and buffers to float32."""
        return self.to(ag.float32)

    def double(self) -> Module:
        """Cast floating-point parameters and buffers to float64."""
        return self.to(ag.float64)

    def half(self) -> Module:
        """Cast floating-point parameters and buffers to float16."""
        return self.to(ag.float16)

    def bfloat16(self) -> Module:
        """Cast floating-point parameters and buffers to bfloat16 (needs ``ml_dtypes``)."""
        return self.to(ag.as_dtype("bfloat16"))

    def type(self, dst_type: Any) -> Module:
        """Cast every parameter and buffer (integer ones too) with ``Tensor.type(dst_type)``,
        in place."""
        def convert(data: Any, where: Any) -> tuple[Any, Any]:
            out = ag.as_tensor(data, device=where).type(dst_type)
            return out.array, out.device

        return self._apply_to_tensors(convert)

    def to_empty(self, *, device: Any, recurse: bool = True) -> Module:
        """Give every parameter and buffer new, uninitialized memory of the same shape and
        dtype on ``device`` (None: where it is), in place; the values are not copied."""
        dev = backends.device(device) if device is not None else None

        def convert(data: Any, where: Any) -> tuple[Any, Any]:
            target = where if dev is None else dev
            return ag.empty(tuple(data.shape), dtype=data.dtype, device=target).array, target

        return self._apply_to_tensors(convert, recurse)

    def share_memory(self) -> Module:
        """``Tensor.share_memory_()`` on every parameter and buffer (a no-op here: loading
        and training run in one process, whose threads share host memory); returns self."""
        for t in (*self.parameters(), *self.buffers()):
            t.share_memory_()
        return self

    # -- state -----------------------------------------------------------------------------
    def get_extra_state(self) -> Any:
        """The extra state a subclass saves under ``<prefix>_extra_state`` in ``state_dict``:
        override it together with ``set_extra_state``."""
        raise RuntimeError("Reached a code path in Module.get_extra_state() that should never "
                           "be called: override get_extra_state and set_extra_state together")

    def set_extra_state(self, state: Any) -> None:
        """Restore what ``get_extra_state`` returned (called by ``load_state_dict``)."""
        raise RuntimeError("Reached a code path in Module.set_extra_state() that should never "
                           "be called: override get_extra_state and set_extra_state together")

    def register_state_dict_pre_hook(self, hook: Callable) -> _RemovableHandle:
        """Call ``hook(module, prefix, keep_vars)`` before ``state_dict`` saves this module."""
        return _add(self, "_state_dict_pre_hooks", hook)

    def register_state_dict_post_hook(self, hook: Callable) -> _RemovableHandle:
        """Call ``hook(module, state_dict, prefix, local_metadata)`` once ``state_dict`` has
        saved this module and its children; it may edit ``state_dict`` in place and must
        return None."""
        return _add(self, "_state_dict_hooks", hook)

    def register_load_state_dict_pre_hook(self, hook: Callable) -> _RemovableHandle:
        """Call ``hook(module, state_dict, prefix, local_metadata, strict, missing_keys,
        unexpected_keys, error_msgs)`` before ``load_state_dict`` loads this module (it may
        edit ``state_dict``, the part under ``prefix``, in place)."""
        return _add(self, "_load_state_dict_pre_hooks", hook)

    def _register_state_dict_hook(self, hook: Callable) -> _RemovableHandle:
        """PyTorch's older post-hook: ``hook(module, state_dict, prefix, local_metadata)``
        may return a replacement for the state dict."""
        return add_to(self.__dict__.setdefault("_state_dict_hooks", []), _Replacing(hook))

    def _register_load_state_dict_pre_hook(self, hook: Callable, with_module: bool = False
                                           ) -> _RemovableHandle:
        """PyTorch's older pre-hook: ``hook(state_dict, prefix, local_metadata, strict,
        missing_keys, unexpected_keys, error_msgs)``, with the module first when
        ``with_module``."""
        if not with_module:
            original = hook

            def hook(module: Any, *args: Any) -> Any:
                return original(*args)
        return _add(self, "_load_state_dict_pre_hooks", hook)

    def register_load_state_dict_post_hook(self, hook: Callable) -> _RemovableHandle:
        """Call ``hook(module, incompatible_keys)`` once ``load_state_dict`` has loaded this
        module and its children; it may edit the key lists in place (which ``strict`` then
        judges) and must return None."""
        return _add(self, "_load_state_dict_post_hooks", hook)

    def state_dict(self, destination: dict | None = None, prefix: str = "",
                   keep_vars: bool = False) -> OrderedDict:
        """Parameters and persistent buffers by dotted name (PyTorch's keys and order),
        detached unless ``keep_vars``; a module that overrides ``get_extra_state`` adds its
        value under ``<prefix>_extra_state``."""
        if destination is None:
            out = OrderedDict()
            out._metadata = OrderedDict()  # type: ignore[attr-defined]
        else:
            out = destination
        local_metadata = {"version": self._version}
        metadata = getattr(out, "_metadata", None)
        if metadata is not None:
            metadata[prefix[:-1]] = local_metadata
        d = self.__dict__
        for hook in tuple(d.get("_state_dict_pre_hooks", ())):
            hook(self, prefix, keep_vars)
        for name, p in self._parameters.items():
            if p is not None:
                out[prefix + name] = p if keep_vars or is_lazy(p) else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent:
                out[prefix + name] = b if keep_vars or is_lazy(b) else b.detach()
        if type(self).get_extra_state is not _ModuleState.get_extra_state:
            out[prefix + _EXTRA_STATE] = self.get_extra_state()
        for name, child in self._modules.items():
            if child is not None:
                child.state_dict(out, prefix + name + ".", keep_vars)
        post = d.get("_state_dict_hooks")
        if post:
            for hook in tuple(post):
                result = hook(self, out, prefix, local_metadata)
                if isinstance(hook, _Replacing):
                    if result is not None:
                        out = result
                elif result is not None:
                    raise RuntimeError("state_dict post-hook must return None")
        return out

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True,
                        assign: bool = False) -> _IncompatibleKeys:
        """Copy values (Tensors or array-likes such as NumPy arrays) into the parameters and
        buffers in place; with ``strict``, missing and unexpected keys are errors. With
        ``assign`` the values' memory, dtype and device are taken instead of copied into.
        Each module loads the entries under its prefix (PyTorch's order of keys, hooks and
        ``set_extra_state`` calls)."""
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        metadata = getattr(state_dict, "_metadata", None)
        state_dict = OrderedDict(state_dict)
        if metadata is not None:
            state_dict._metadata = metadata  # type: ignore[attr-defined]
        missing: list[str] = []
        unexpected: list[str] = []
        errors: list[str] = []

        def load(module: Module, local: dict, prefix: str) -> None:
            meta = dict(metadata.get(prefix[:-1], {})) if isinstance(metadata, Mapping) else {}
            if assign:
                meta["assign_to_params_buffers"] = True
            module._load_from_state_dict(local, prefix, meta, True, missing, unexpected, errors)
            for name, child in module._modules.items():
                if child is not None:
                    child_prefix = prefix + name + "."
                    load(child, {k: v for k, v in local.items() if k.startswith(child_prefix)},
                         child_prefix)
            incompatible = _IncompatibleKeys(missing, unexpected)
            for hook in tuple(module.__dict__.get("_load_state_dict_post_hooks", ())):
                if hook(module, incompatible) is not None:
                    raise AssertionError(
                        "Hooks registered with ``register_load_state_dict_post_hook`` are not "
                        "expected to return new values, if incompatible_keys need to be "
                        "modified, it should be done inplace.")

        with ag.no_grad():
            load(self, state_dict, "")
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in unexpected) + ". ")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in missing) + ". ")
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {self._get_name()}:\n\t"
                               + "\n\t".join(errors))
        return _IncompatibleKeys(missing, unexpected)

    def _load_from_state_dict(self, state_dict: dict, prefix: str, local_metadata: dict,
                              strict: bool, missing_keys: list, unexpected_keys: list,
                              error_msgs: list) -> None:
        """Load this module's own parameters, persistent buffers and extra state from the
        entries of ``state_dict`` under ``prefix`` (``torch.nn.Module._load_from_state_dict``)."""
        for hook in tuple(self.__dict__.get("_load_state_dict_pre_hooks", ())):
            hook(self, state_dict, prefix, local_metadata, strict, missing_keys,
                 unexpected_keys, error_msgs)
        assign = local_metadata.get("assign_to_params_buffers", False)
        local = {name: t for name, t in self._parameters.items() if t is not None}
        local.update((name, b) for name, b in self._buffers.items()
                     if b is not None and name not in self._non_persistent)
        for name, target in local.items():
            key = prefix + name
            if key not in state_dict:
                if strict:
                    missing_keys.append(key)
                continue
            value = state_dict[key]
            if is_lazy(value):
                if not is_lazy(target):
                    error_msgs.append(f"size mismatch for {key}: copying an uninitialized "
                                      "parameter or buffer from checkpoint into an "
                                      "initialized one.")
                continue
            if not isinstance(value, Tensor):
                value = np.asarray(value)
            if is_lazy(target):  # a lazy module takes the checkpoint's shapes
                target.materialize(tuple(value.shape))
            if target.ndim == 0 and value.ndim == 1 and value.shape[0] == 1:
                value = value[0]  # a scalar saved as one element, as PyTorch accepts it
            if tuple(value.shape) != tuple(target.shape):
                error_msgs.append(f"size mismatch for {key}: copying a param with shape "
                                  f"{list(value.shape)} from checkpoint, the shape in current "
                                  f"model is {list(target.shape)}.")
            elif assign:
                # PyTorch's assign: the checkpoint's tensor itself takes the name (a
                # parameter stays a Parameter, with the requires_grad it had)
                if not isinstance(value, Tensor):
                    value = ag.as_tensor(value)
                if isinstance(target, Parameter):
                    if isinstance(value, Parameter):
                        value.requires_grad_(target.requires_grad)
                    else:
                        value = Parameter(value, target.requires_grad)
                setattr(self, name, value)
            else:
                target.copy_(value)
        extra_key = prefix + _EXTRA_STATE
        if type(self).set_extra_state is not _ModuleState.set_extra_state:
            if extra_key in state_dict:
                self.set_extra_state(state_dict[extra_key])
            elif strict:
                missing_keys.append(extra_key)
        elif strict and extra_key in state_dict:
            unexpected_keys.append(extra_key)
        if strict:
            for key in state_dict:
                if key.startswith(prefix) and key != extra_key:
                    head, *rest = key[len(prefix):].split(".", 1)
                    if (head not in self._modules) if rest else (head not in local):
                        unexpected_keys.append(key)


_EXTRA_STATE = "_extra_state"


def _names_dtype(text: str) -> bool:
    try:
        ag.as_dtype(text)
    except (TypeError, ValueError):
        return False
    return True


class _Replacing:
    """A state_dict post-hook whose result, when not None, replaces the state dict."""

    def __init__(self, hook: Callable) -> None:
        self.hook = hook

    def __call__(self, *args: Any) -> Any:
        return self.hook(*args)


def _add(module: Any, table: str, hook: Callable) -> _RemovableHandle:
    return add_to(module.__dict__.setdefault(table, []), hook)


def _names_dtype(name: str) -> bool:
    """Whether a string argument of ``to`` names a dtype ("float64") rather than a device."""
    try:
        ag.as_dtype(name)
    except TypeError:
        return False
    return True
