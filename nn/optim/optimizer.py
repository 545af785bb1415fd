"""Optimizer: the base class of every optimizer (param groups, per-parameter state, checkpoints).

Subclasses implement ``_update(group)``, which runs under ``no_grad`` on the raw backend arrays
of the group's parameters (``p.array``) with in-place ufuncs, so a step records nothing and
allocates little; it then counts the writes with ``autograd.graph.increment_version``, once for
the whole group (one call, not one per parameter: the step is a hot path). The helpers below
hold the pieces every update shares.
"""

from __future__ import annotations

import copy
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

import autograd as ag
from autograd.tensor import Tensor
from nn.hooks import _RemovableHandle, add_to
from nn.parameter import _zero_grad

__all__ = ["Optimizer", "required", "register_optimizer_step_pre_hook",
           "register_optimizer_step_post_hook"]

# Step hooks of every optimizer, called around each step: the pre-hooks before the
# instance's own, the post-hooks after them (PyTorch's order).
_global_step_pre_hooks: list = []
_global_step_post_hooks: list = []


def register_optimizer_step_pre_hook(hook: Callable) -> _RemovableHandle:
    """Call ``hook(optimizer, args, kwargs)`` before the step of every optimizer (``args``
    starts with the optimizer); a ``(new_args, new_kwargs)`` result replaces the arguments."""
    return add_to(_global_step_pre_hooks, hook)


def register_optimizer_step_post_hook(hook: Callable) -> _RemovableHandle:
    """Call ``hook(optimizer, args, kwargs)`` after the step of every optimizer."""
    return add_to(_global_step_post_hooks, hook)


def _with_step_hooks(step: Callable) -> Callable:
    """``step`` calling the global and the optimizer's own step hooks around it (once, at
    the outermost step of an optimizer whose step calls another class's)."""
    @functools.wraps(step)
    def hooked(self: Optimizer, *args: Any, **kwargs: Any) -> Any:
        d = self.__dict__
        d["_opt_called"] = True  # a scheduler stepped before any optimizer step warns
        pre, post = d.get("_step_pre_hooks"), d.get("_step_post_hooks")
        if not (pre or post or _global_step_pre_hooks or _global_step_post_hooks) \
                or d.get("_in_hooked_step"):
            return step(self, *args, **kwargs)
        full: tuple = (self, *args)
        for hook in (*_global_step_pre_hooks, *(pre or ())):
            result = hook(self, full, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError(f"{type(self).__name__}.step pre-hook must return None "
                                       f"or a tuple of (new_args, new_kwargs), but got {result}.")
                full, kwargs = result
        d["_in_hooked_step"] = True
        try:
            out = step(*full, **kwargs)
        finally:
            d["_in_hooked_step"] = False
        for hook in (*(post or ()), *_global_step_post_hooks):
            hook(self, full, kwargs)
        return out

    return hooked


class _RequiredParameter:
    """Marks a hyperparameter that every param group must give (like ``torch.optim.required``)."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _RequiredParameter()


def _nd(array: Any) -> Any:
    """``array``, or for a 0-d array a one-element view of it: NumPy's ufuncs give scalars
    for 0-d operands, which the in-place updates (``out=``) cannot take."""
    return array.reshape(1) if array.ndim == 0 else array


def _state_tensor(array: Any, param: Tensor) -> Tensor:
    """Wrap a state array (already on ``param``'s device) as a plain leaf Tensor."""
    return ag.as_tensor(array, device=param.device)


def _check_differentiable(differentiable: bool, fused: bool | None = None,
                          foreach: bool | None = None) -> None:
    """Refuse ``differentiable=True`` (a step recorded on the tape), and the combinations of
    switches PyTorch refuses. PyTorch's other implementation switches (``foreach``, ``fused``,
    ``capturable``) are accepted and kept in ``defaults`` as PyTorch keeps them, in its order:
    every step here runs on raw arrays; ``foreach=False`` makes Adam, AdamW and SGD update one
    parameter at a time instead of the small ones together (``nn.optim.flat``), the others
    change nothing."""
    if fused and differentiable:
        raise RuntimeError("`fused` does not support `differentiable`")
    if fused and foreach:
        raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
    if differentiable:
        raise NotImplementedError("differentiable=True is not supported: optimizer steps run on "
                                  "raw arrays outside the tape")


def _scalar_dtype() -> Any:
    """The dtype PyTorch keeps optimizer scalars in (step counts, NAdam's ``mu_product``,
    ASGD's ``eta`` and ``mu``): float64 under a float64 default dtype, else float32."""
    return ag.float64 if ag.get_default_dtype() == ag.float64 else ag.float32


def _scalar_state(value: float, device: Any = None) -> Tensor:
    """A 0-d tensor holding an optimizer scalar, as PyTorch keeps it (on the CPU unless
    ``device`` is given)."""
    return ag.tensor(float(value), dtype=_scalar_dtype(), device=device)


def _next_step(state: dict[str, Any]) -> float:
    """Count one more step in ``state["step"]`` (a 0-d tensor, in place); the new count.

    Through Python numbers (a ufunc on a 0-d array costs ten times more), rounded to the
    count's dtype as PyTorch's ``step += 1`` rounds it."""
    count = state["step"].array
    count[()] = count.item() + 1
    return count.item()


def _check_lr(lr: float | Tensor) -> None:
    """A learning rate: a number or a one-element Tensor, not negative."""
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")


def _check_nonneg(name: str, value: float) -> None:
    if not 0.0 <= value:
        raise ValueError(f"Invalid {name} value: {value}")


def _grad(xp: Any, x: Any, g: Any, maximize: bool, weight_decay: float) -> tuple[Any, bool]:
    """The gradient array to use for parameter values ``x`` with gradient ``g`` (raw arrays of
    namespace ``xp``): negated for ``maximize``, plus ``weight_decay * x``.

    Returns ``(array, owned)``; ``owned`` says the array is a fresh temporary the caller may
    overwrite (the gradient itself is never modified).
    """
    if weight_decay != 0:
        d = xp.multiply(x, weight_decay)
        if maximize:
            xp.subtract(d, g, out=d)  # -g + wd * p, the order torch computes it in
        else:
            xp.add(g, d, out=d)
        return d, True
    if maximize:
        return xp.negative(g), True
    return g, False


def _lerp_(xp: Any, a: Any, b: Any, weight: float, tmp: Any = None) -> None:
    """``a += weight * (b - a)`` in place, rounded as ``torch.lerp`` rounds it."""
    d = xp.subtract(b, a, out=tmp)
    if abs(weight) < 0.5:
        xp.multiply(d, weight, out=d)
        xp.add(a, d, out=a)
    else:
        # torch switches to the form that is exact at weight == 1
        xp.multiply(d, 1.0 - weight, out=d)
        xp.subtract(b, d, out=a)


def _addcmul_sq_(xp: Any, a: Any, g: Any, value: float, tmp: Any = None) -> Any:
    """``a += value * g * g`` in place (``addcmul_(g, g, value=value)``); returns the temporary."""
    t = xp.multiply(g, value, out=tmp)
    xp.multiply(t, g, out=t)
    xp.add(a, t, out=a)
    return t


def _as_array(value: Any, param: Tensor) -> Any:
    """A loaded state value as a fresh array on ``param``'s device, in ``param``'s float dtype."""
    if isinstance(value, Tensor):
        host = value.device.backend.to_numpy(value.array)
    else:
        host = np.asarray(value)
    if host.dtype.kind in "fV" and param.dtype.kind in "fV":
        host = host.astype(param.dtype, copy=False)
    return param.device.backend.from_numpy(np.array(host, copy=True))


class Optimizer:
    """Base class of the optimizers (``torch.optim.Optimizer``).

    Args:
        params: an iterable of Tensors, or of dicts (param groups) each holding ``"params"``
            and the hyperparameters that differ from ``defaults`` for that group.
        defaults: the default hyperparameters of every group.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A step reads the learning rate, step counts and state of its moment, on raw arrays:
        # inside an ag.compile'd function it runs eagerly at every replay, its hooks too.
        super().__init_subclass__(**kwargs)
        if "step" in cls.__dict__:
            cls.step = ag.compiler.disable(_with_step_hooks(cls.__dict__["step"]))

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]],
                 defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or "
                f"dicts, but got {type(params).__name__}"
            )
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        groups = list(params)
        if len(groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    # -- param groups ---------------------------------------------------------------------
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters (with its own hyperparameters) to ``param_groups``."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        param_group = dict(param_group)
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the "
                "ordering of tensors in sets will change between runs. Please use a list instead."
            )
        else:
            params = list(params)
        names = [p[0] for p in params if isinstance(p, tuple)]
        params = [p[1] if isinstance(p, tuple) else p for p in params]
        if names:
            if len(names) != len(params):
                raise ValueError("all optimizer params should be with/without names. Some param "
                                 "names are missing")
            param_group["param_names"] = names
        param_group["params"] = params
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(
                    f"optimizer can only optimize Tensors, but one of the params is "
                    f"{type(p).__name__}"
                )
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(f"parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            param_group.setdefault(name, default)
        lr = param_group.get("lr")
        if isinstance(lr, int | float):
            _check_lr(lr)
        if len({id(p) for p in params}) != len(params):
            raise ValueError("optimizer contains a parameter group with duplicate parameters")
        seen = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    # -- stepping -------------------------------------------------------------------------
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters: to None (default) or to zeros in place."""
        for group in self.param_groups:
            _zero_grad(group["params"], set_to_none)

    @ag.compiler.disable
    @_with_step_hooks
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; ``closure`` recomputes the loss."""
        loss = None
        if closure is not None:
            with ag.enable_grad():
                loss = closure()
        with ag.no_grad():
            for group in self.param_groups:
                lr = group["lr"]
                if isinstance(lr, Tensor):  # PyTorch takes a 0-d tensor lr too, and does
                    # its arithmetic in the tensor's dtype: a NumPy scalar of it does the same
                    group = {**group, "lr": lr.dtype.type(lr.item())}
                devices = {p.device for p in group["params"]}
                if len(devices) == 1:  # the common case: on a GPU, that GPU made current once
                    with devices.pop().backend.scope():
                        self._update(group)
                    continue
                for device in devices:  # a group spread over devices: one device at a time
                    with device.backend.scope():
                        self._update({**group, "params": [p for p in group["params"]
                                                          if p.device is device]})
        return loss

    def _update(self, group: dict[str, Any]) -> None:
        """Apply one step to the parameters of ``group`` (implemented by each optimizer)."""
        raise NotImplementedError

    # -- hooks ----------------------------------------------------------------------------
    def _hooks(self, name: str) -> list:
        return self.__dict__.setdefault(name, [])

    def register_step_pre_hook(self, hook: Callable) -> _RemovableHandle:
        """Call ``hook(optimizer, args, kwargs)`` before each step of this optimizer (``args``
        starts with the optimizer); a ``(new_args, new_kwargs)`` result replaces them."""
        return add_to(self._hooks("_step_pre_hooks"), hook)

    def register_step_post_hook(self, hook: Callable) -> _RemovableHandle:
        """Call ``hook(optimizer, args, kwargs)`` after each step of this optimizer."""
        return add_to(self._hooks("_step_post_hooks"), hook)

    def register_state_dict_pre_hook(self, hook: Callable, prepend: bool = False
                                     ) -> _RemovableHandle:
        """Call ``hook(optimizer)`` before ``state_dict`` builds its result."""
        return add_to(self._hooks("_state_dict_pre_hooks"), hook, prepend)

    def register_state_dict_post_hook(self, hook: Callable, prepend: bool = False
                                      ) -> _RemovableHandle:
        """Call ``hook(optimizer, state_dict)`` on ``state_dict``'s result; a non-None
        return value replaces it."""
        return add_to(self._hooks("_state_dict_post_hooks"), hook, prepend)

    def register_load_state_dict_pre_hook(self, hook: Callable, prepend: bool = False
                                          ) -> _RemovableHandle:
        """Call ``hook(optimizer, state_dict)`` (a shallow copy of the argument) before
        ``load_state_dict`` loads it; a non-None return value is loaded instead."""
        return add_to(self._hooks("_load_state_dict_pre_hooks"), hook, prepend)

    def register_load_state_dict_post_hook(self, hook: Callable, prepend: bool = False
                                           ) -> _RemovableHandle:
        """Call ``hook(optimizer)`` once ``load_state_dict`` has loaded."""
        return add_to(self._hooks("_load_state_dict_post_hooks"), hook, prepend)

    # -- checkpoints ----------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """``{"state": {index: {...}}, "param_groups": [...]}`` with parameters as indices.

        As in PyTorch the state tensors are the live ones, not copies; ``load_state_dict``
        copies what it loads.
        """
        for hook in tuple(self.__dict__.get("_state_dict_pre_hooks", ())):
            hook(self)
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {(index[id(k)] if isinstance(k, Tensor) else k): dict(v)
                 for k, v in self.state.items()}
        out = {"state": state, "param_groups": groups}
        for hook in tuple(self.__dict__.get("_state_dict_post_hooks", ())):
            result = hook(self, out)
            if result is not None:
                out = result
        return out

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Load a ``state_dict()``: hyperparameters per group and the state of every parameter."""
        pre = self.__dict__.get("_load_state_dict_pre_hooks")
        if pre:
            state_dict = dict(state_dict)
            for hook in tuple(pre):
                result = hook(self, state_dict)
                if result is not None:
                    state_dict = result
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                f"loaded state dict has a different number of parameter groups "
                f"({len(saved_groups)}) than the optimizer ({len(self.param_groups)})"
            )
        for i, (g, s) in enumerate(zip(self.param_groups, saved_groups)):
            if len(g["params"]) != len(s["params"]):
                raise ValueError(
                    f"loaded state dict contains a parameter group that doesn't match the size "
                    f"of optimizer's group: group {i} has {len(s['params'])} parameters in the "
                    f"state dict and {len(g['params'])} in the optimizer"
                )
        id_map = {}
        for g, s in zip(self.param_groups, saved_groups):
            for saved_id, p in zip(s["params"], g["params"]):
                id_map[saved_id] = p
        state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        for key, value in state_dict["state"].items():
            # keys may come back as strings from formats with string-only keys (JSON)
            k = key if key in id_map else (int(key) if isinstance(key, str)
                                            and key.lstrip("-").isdigit() else key)
            if k in id_map:
                p = id_map[k]
                state[p] = {name: self._load_value(name, v, p) for name, v in value.items()}
            else:
                state[key] = dict(value)
        new_groups = []
        for g, s in zip(self.param_groups, saved_groups):
            new = {k: (tuple(v) if k == "betas" else copy.deepcopy(v)) for k, v in s.items()
                   if k != "params"}
            for key, default in self.defaults.items():  # an older checkpoint lacks newer keys
                new.setdefault(key, default)
            new["params"] = g["params"]
            if "param_names" in g and "param_names" not in new:
                new["param_names"] = g["param_names"]
            new_groups.append(new)
        self.state = state
        self.param_groups = new_groups
        for hook in tuple(self.__dict__.get("_load_state_dict_post_hooks", ())):
            hook(self)

    _step_is_tensor = True  # SparseAdam counts its steps in a Python int, as PyTorch's does

    def _load_value(self, name: str, value: Any, param: Tensor) -> Any:
        """A loaded state value as PyTorch's ``load_state_dict`` makes it: a step count stays
        on the CPU in its own dtype (a number becomes a 0-d tensor), every other tensor takes
        the parameter's device and (floating) dtype."""
        if name == "step":
            if isinstance(value, Tensor):
                return ag.tensor(value.device.backend.to_numpy(value.array))
            if isinstance(value, np.ndarray | np.generic):
                return ag.tensor(np.array(value))
            return _scalar_state(value) if self._step_is_tensor else value
        if isinstance(value, Tensor | np.ndarray):
            return _state_tensor(_as_array(value, param), param)
        if isinstance(value, list | tuple):  # LBFGS's history: each item as a value
            return type(value)(self._load_value("", v, param) for v in value)
        return value

    def __repr__(self) -> str:
        # PyTorch's layout: a blank line between groups, every option but the params
        text = f"{type(self).__name__} ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            text += "".join(f"    {key}: {group[key]}\n" for key in sorted(group)
                            if key != "params")
        return text + ")"
