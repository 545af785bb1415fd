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
from nn.parameter import is_lazy

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

    def _apply_to_tensors(self, convert: Callable[[Any, Any], tuple[Any, Any]]) -> Module:
        """Swap each parameter's, gradient's and buffer's memory in place, so optimizers and
        other holders of the same Tensor objects see the change."""
        done = set()
        for m in self.modules():
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
        only floating-point parameters and buffers change dtype (like PyTorch)."""
        device = kwargs.pop("device", None)
        dtype = kwargs.pop("dtype", None)
        kwargs.pop("non_blocking", None)
        if kwargs:
            raise TypeError(f"to() got unexpected keyword arguments {sorted(kwargs)}")
        for arg in args:
            if isinstance(arg, Tensor):
                device, dtype = arg.device, arg.dtype
            elif isinstance(arg, backends.Device) or (
                    isinstance(arg, str) and arg.split(":")[0].strip().lower()
                    in ("cpu", "cuda", "gpu")):
                device = arg
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

    # -- state -----------------------------------------------------------------------------
    def state_dict(self, destination: dict | None = None, prefix: str = "",
                   keep_vars: bool = False) -> OrderedDict:
        """Parameters and persistent buffers by dotted name (PyTorch's keys and order),
        detached unless ``keep_vars``."""
        out = OrderedDict() if destination is None else destination
        for name, p in self._parameters.items():
            if p is not None:
                out[prefix + name] = p if keep_vars or is_lazy(p) else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent:
                out[prefix + name] = b if keep_vars or is_lazy(b) else b.detach()
        for name, child in self._modules.items():
            if child is not None:
                child.state_dict(out, prefix + name + ".", keep_vars)
        return out

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True,
                        assign: bool = False) -> _IncompatibleKeys:
        """Copy values (Tensors or array-likes such as NumPy arrays) into the parameters and
        buffers in place; with ``strict``, missing and unexpected keys are errors. With
        ``assign`` the values' memory, dtype and device are taken instead of copied into."""
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        with ag.no_grad():
            for key, target in own.items():
                if key not in state_dict:
                    continue
                value = state_dict[key]
                if is_lazy(value):
                    if not is_lazy(target):
                        errors.append(f"size mismatch for {key}: copying an uninitialized "
                                      "parameter or buffer from checkpoint into an "
                                      "initialized one.")
                    continue
                if not isinstance(value, Tensor):
                    value = np.asarray(value)
                if is_lazy(target):  # a lazy module takes the checkpoint's shapes
                    target.materialize(tuple(value.shape))
                if tuple(value.shape) != tuple(target.shape):
                    errors.append(f"size mismatch for {key}: copying a param with shape "
                                  f"{list(value.shape)} from checkpoint, the shape in current "
                                  f"model is {list(target.shape)}.")
                elif assign:
                    target.data = value if isinstance(value, Tensor) else ag.as_tensor(value)
                else:
                    target.copy_(value)
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

