"""LRScheduler: the base class of the learning-rate schedulers, and their shared helpers."""

from __future__ import annotations

import types
import warnings
from collections.abc import Callable
from typing import Any

import autograd as ag
from autograd.tensor import Tensor
from nn.optim.optimizer import Optimizer

__all__ = ["LRScheduler"]

_EPOCH_DEPRECATION = (
    "The epoch parameter in `scheduler.step()` is deprecated; call `scheduler.step()` without "
    "it, once per epoch."
)


def _check_optimizer(optimizer: Any) -> None:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")


_GET_LR_OUTSIDE_STEP = ("To get the last learning rate computed by the scheduler, please use "
                        "`get_last_lr()`.")
_STEP_BEFORE_OPTIMIZER = (
    "Detected call of `lr_scheduler.step()` before `optimizer.step()`. Call them in the "
    "opposite order: `optimizer.step()` before `lr_scheduler.step()`. Failure to do this will "
    "result in skipping the first value of the learning rate schedule."
)


def _warn_get_lr_outside_step(scheduler: Any) -> None:
    """Warn (as PyTorch does) when ``get_lr`` is called directly, not by ``step``."""
    if not scheduler._get_lr_called_within_step:
        warnings.warn(_GET_LR_OUTSIDE_STEP, UserWarning, stacklevel=3)


def _lr_values(optimizer: Optimizer, key: str = "lr") -> list[Any]:
    """``group[key]`` of every param group; a Tensor is cloned, so no caller aliases it."""
    return [g[key].clone() if isinstance(g[key], Tensor) else g[key]
            for g in optimizer.param_groups]


def _set_group_lr(group: dict[str, Any], value: Any) -> None:
    """Write a learning rate into ``group``: in place into a Tensor learning rate (so that
    whoever holds it sees the change), as PyTorch does; else replaced."""
    current = group["lr"]
    if isinstance(current, Tensor):
        with ag.no_grad():
            current.fill_(float(value))
    else:
        group["lr"] = value


def _per_group(name: str, optimizer: Optimizer, value: Any) -> list[Any]:
    """``value`` once per param group; a list or tuple must already have one per group."""
    if isinstance(value, list | tuple):
        if len(value) != len(optimizer.param_groups):
            raise ValueError(
                f"{name} must have the same length as optimizer.param_groups. {name} has "
                f"{len(value)} values, param_groups has {len(optimizer.param_groups)}."
            )
        return list(value)
    return [value] * len(optimizer.param_groups)


class LRScheduler:
    """Base class of the schedulers: ``step()`` advances ``last_epoch`` and sets the new rates.

    A fresh scheduler (``last_epoch=-1``) records each group's ``initial_lr``; resuming with
    ``last_epoch >= 0`` requires it to be there already. Construction takes the first step.
    """

    _is_initial: bool = False
    _get_lr_called_within_step: bool = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Python state only: inside an ag.compile'd function it runs again at every replay.
        super().__init_subclass__(**kwargs)
        if "step" in cls.__dict__:
            cls.step = ag.compiler.disable(cls.__dict__["step"])

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                lr = group["lr"]
                group.setdefault("initial_lr", lr.clone() if isinstance(lr, Tensor) else lr)
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] when resuming "
                        "scheduler with last_epoch >= 0 (load the optimizer's state first)"
                    )
        self.base_lrs: list[float] = _lr_values(optimizer, "initial_lr")
        self.last_epoch = last_epoch
        self._initial_step()

    def get_lr(self) -> list[float]:
        """The learning rates for the current ``last_epoch`` (called by ``step``)."""
        raise NotImplementedError

    def get_last_lr(self) -> list[float]:
        """The learning rates the last ``step()`` set, one per param group."""
        return self._last_lr

    @ag.compiler.disable
    def step(self, epoch: int | None = None) -> None:
        """Advance one epoch and write the new learning rates into the param groups."""
        if self._step_count == 1 and not self.optimizer.__dict__.get("_opt_called", False):
            warnings.warn(_STEP_BEFORE_OPTIMIZER, UserWarning, stacklevel=3)
        self._step_count += 1
        if epoch is not None:
            warnings.warn(_EPOCH_DEPRECATION, UserWarning, stacklevel=3)
        self._update_lr(epoch)

    def _update_lr(self, epoch: int | None = None) -> None:
        """The next rates (or those of epoch ``epoch``, in closed form where there is one)
        written into the param groups."""
        self._get_lr_called_within_step = True
        try:
            if epoch is None:
                self.last_epoch += 1
                values = self.get_lr()
            else:
                self.last_epoch = epoch
                closed = getattr(self, "_get_closed_form_lr", None)
                values = closed() if closed is not None else self.get_lr()
        finally:
            self._get_lr_called_within_step = False
        for group, lr in zip(self.optimizer.param_groups, values, strict=True):
            _set_group_lr(group, lr)
        self._last_lr = _lr_values(self.optimizer)

    def _initial_step(self) -> None:
        """The step construction takes (SequentialLR takes it again for its schedulers)."""
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def state_dict(self) -> dict[str, Any]:
        """Every attribute except the optimizer."""
        return {k: v for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the attributes saved by ``state_dict()``."""
        self.__dict__.update(state_dict)

    def _current(self) -> list[float]:
        return _lr_values(self.optimizer)


class _LambdaScheduler(LRScheduler):
    """What LambdaLR and MultiplicativeLR share: one ``lr_lambda`` per parameter group (one
    function for all, or a list), and a state dict that keeps of each only a callable object's
    ``__dict__`` (functions and lambdas are not picklable and are left as None)."""

    _check_callable = False  # MultiplicativeLR refuses a non-callable at once, as PyTorch

    def __init__(self, optimizer: Optimizer,
                 lr_lambda: Callable[[int], float] | list[Callable[[int], float]],
                 last_epoch: int = -1) -> None:
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if isinstance(lr_lambda, list | tuple):
            if len(lr_lambda) != len(optimizer.param_groups):
                raise ValueError(f"Expected {len(optimizer.param_groups)} lr_lambdas, but got "
                                 f"{len(lr_lambda)}")
            self.lr_lambdas = list(lr_lambda)
        else:
            self.lr_lambdas = [lr_lambda] * len(optimizer.param_groups)
        if self._check_callable:
            for fn in self.lr_lambdas:
                if not callable(fn):
                    raise TypeError(f"lr_lambda should be a function, but got "
                                    f"{type(fn).__name__}")
        super().__init__(optimizer, last_epoch)

    def state_dict(self) -> dict[str, Any]:
        """The attributes; of each lr_lambda only a callable object's ``__dict__``."""
        state = {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "lr_lambdas")}
        state["lr_lambdas"] = [None if isinstance(fn, types.FunctionType) else fn.__dict__.copy()
                               for fn in self.lr_lambdas]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the attributes, and each callable object's ``__dict__``."""
        state = dict(state_dict)
        saved = state.pop("lr_lambdas")
        self.__dict__.update(state)
        for fn, attrs in zip(self.lr_lambdas, saved):
            if attrs is not None:
                fn.__dict__.update(attrs)
