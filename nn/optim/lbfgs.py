"""L-BFGS (``torch.optim.LBFGS``), with the optional strong-Wolfe line search.

PyTorch's algorithm step for step (it follows minFunc): the two-loop recursion over the last
``history_size`` curvature pairs, the first step scaled by ``min(1, 1 / |g|_1)``, and the
line search's bracketing and zoom phases by cubic interpolation, with the same tests and
constants, so trajectories agree with PyTorch's to rounding. The search direction and the
curvature pairs are flat raw arrays (one per history entry) on the parameters' device; the
scalars that decide the control flow are Python floats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

import autograd as ag
from autograd.graph import increment_version
from autograd.tensor import Tensor
from nn.optim.optimizer import Optimizer, _check_lr

__all__ = ["LBFGS"]


def _cubic_interpolate(x1: float, f1: float, g1: float, x2: float, f2: float, g2: float,
                       bounds: tuple[float, float] | None = None) -> float:
    """The minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clipped to
    ``bounds`` (the interval between the points by default); their midpoint without one."""
    lo, hi = bounds if bounds is not None else ((x1, x2) if x1 <= x2 else (x2, x1))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1 ** 2 - g1 * g2
    if d2_square >= 0:
        d2 = d2_square ** 0.5
        if x1 <= x2:
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(min_pos, lo), hi)
    return (lo + hi) / 2.0


def _strong_wolfe(obj_func: Callable, xp: Any, t: float, d: Any, f: float, g: Any, gtd: float,
                  c1: float = 1e-4, c2: float = 0.9, tolerance_change: float = 1e-9,
                  max_ls: int = 25) -> tuple[float, Any, float, int]:
    """A step ``t`` along ``d`` meeting the strong Wolfe conditions: (loss, flat gradient,
    t, evaluations)."""
    d_norm = float(xp.abs(d).max())
    g = g.copy()
    f_new, g_new = obj_func(t, d)
    evals = 1
    gtd_new = float(xp.dot(g_new, d))
    t_prev, f_prev, g_prev, gtd_prev = 0.0, f, g, gtd
    done = False
    ls_iter = 0
    while ls_iter < max_ls:  # bracketing phase
        if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new.copy()], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new.copy()], [gtd_prev, gtd_new]
            break
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        tmp = t
        t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new,
                               bounds=(min_step, max_step))
        t_prev, f_prev, g_prev, gtd_prev = tmp, f_new, g_new.copy(), gtd_new
        f_new, g_new = obj_func(t, d)
        evals += 1
        gtd_new = float(xp.dot(g_new, d))
        ls_iter += 1
    if ls_iter == max_ls:  # reached the maximum number of evaluations
        bracket, bracket_f, bracket_g = [0, t], [f, f_new], [g, g_new]
        bracket_gtd = [gtd, gtd_new]
    insuf_progress = False
    low, high = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:  # zoom phase
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1],
                               bracket_f[1], bracket_gtd[1])
        # too close to a bracket end without progress: move the trial point inwards
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            if insuf_progress or t >= max(bracket) or t <= min(bracket):
                if abs(t - max(bracket)) < abs(t - min(bracket)):
                    t = max(bracket) - eps
                else:
                    t = min(bracket) + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        f_new, g_new = obj_func(t, d)
        evals += 1
        gtd_new = float(xp.dot(g_new, d))
        ls_iter += 1
        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low]:
            bracket[high], bracket_f[high] = t, f_new
            bracket_g[high], bracket_gtd[high] = g_new.copy(), gtd_new
            low, high = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high] - bracket[low]) >= 0:
                bracket[high], bracket_f[high] = bracket[low], bracket_f[low]
                bracket_g[high], bracket_gtd[high] = bracket_g[low], bracket_gtd[low]
            bracket[low], bracket_f[low] = t, f_new
            bracket_g[low], bracket_gtd[low] = g_new.copy(), gtd_new
    return bracket_f[low], bracket_g[low], bracket[low], evals


class LBFGS(Optimizer):
    """L-BFGS (``torch.optim.LBFGS``): quasi-Newton steps from the last ``history_size``
    gradient differences, up to ``max_iter`` iterations per ``step(closure)``; with
    ``line_search_fn='strong_wolfe'`` each step length comes from a strong-Wolfe line
    search. One parameter group only; every parameter on one device."""

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]], lr: float = 1,
                 max_iter: int = 20, max_eval: int | None = None, tolerance_grad: float = 1e-7,
                 tolerance_change: float = 1e-9, history_size: int = 100,
                 line_search_fn: str | None = None) -> None:
        _check_lr(lr)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = {"lr": lr, "max_iter": max_iter, "max_eval": max_eval,
                    "tolerance_grad": tolerance_grad, "tolerance_change": tolerance_change,
                    "history_size": history_size, "line_search_fn": line_search_fn}
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]
        devices = {p.device for p in self._params}
        if len(devices) > 1:
            raise RuntimeError(f"LBFGS: all parameters must be on one device, got "
                               f"{sorted(map(str, devices))}")
        self._xp = self._params[0].device.backend

    def _gather_flat_grad(self) -> Any:
        xp = self._xp
        return xp.concatenate([p.grad.array.reshape(-1) if p.grad is not None
                               else xp.zeros(p.numel(), dtype=p.dtype) for p in self._params])

    def _add_grad(self, step_size: float, update: Any) -> None:
        offset = 0
        for p in self._params:
            n = p.numel()
            x = p.array
            x += (update[offset:offset + n] * step_size).reshape(x.shape).astype(x.dtype)
            offset += n
        increment_version(self._params)

    def _clone_param(self) -> list:
        return [p.array.copy() for p in self._params]

    def _set_param(self, data: list) -> None:
        for p, value in zip(self._params, data):
            p.array[...] = value
        increment_version(self._params)

    def _directional_evaluate(self, closure: Callable, x: list, t: float, d: Any) -> tuple:
        self._add_grad(t, d)
        loss = float(closure())
        flat_grad = self._gather_flat_grad()
        self._set_param(x)
        return loss, flat_grad

    def step(self, closure: Callable[[], Any]) -> Any:  # type: ignore[override]
        """Up to ``max_iter`` L-BFGS iterations; ``closure`` clears the gradients, computes
        the loss, calls ``backward`` and returns the loss. Returns the first loss."""
        if closure is None:
            raise RuntimeError("LBFGS.step() requires a closure that reevaluates the model")
        with ag.no_grad():
            return self._step(ag.enable_grad()(closure))

    def _raw(self, value: Any) -> Any:
        """A state value for the computation: a Tensor's raw array (lists item by item)."""
        if isinstance(value, Tensor):
            return value.array
        if isinstance(value, list):
            return [self._raw(v) for v in value]
        return value

    def _wrapped(self, value: Any) -> Any:
        """A computed value as the state keeps it (PyTorch's types): arrays and array
        scalars as Tensors on the parameters' device, lists item by item."""
        if isinstance(value, list):
            return [self._wrapped(v) for v in value]
        if value is None or (isinstance(value, int | float)
                             and not isinstance(value, np.generic)):
            return value
        return ag.as_tensor(self._xp.asarray(value), device=self._params[0].device)

    def _step(self, closure: Callable) -> Any:
        xp = self._xp
        group = self.param_groups[0]
        lr = group["lr"].item() if isinstance(group["lr"], Tensor) else group["lr"]
        max_iter, max_eval = group["max_iter"], group["max_eval"]
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        line_search_fn, history_size = group["line_search_fn"], group["history_size"]
        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        orig_loss = closure()
        loss = float(orig_loss)
        current_evals = 1
        state["func_evals"] += 1
        flat_grad = self._gather_flat_grad()
        if float(xp.abs(flat_grad).max()) <= tolerance_grad:  # already optimal
            return orig_loss
        # The scalars PyTorch keeps as 0-d tensors (ys, ro, al, H_diag, gtd) stay array
        # scalars of the parameters' dtype here, so float32 rounds as PyTorch rounds.
        d, t = self._raw(state.get("d")), self._raw(state.get("t"))
        old_dirs, old_stps = self._raw(state.get("old_dirs")), self._raw(state.get("old_stps"))
        ro, h_diag = self._raw(state.get("ro")), self._raw(state.get("H_diag"))
        prev_flat_grad, prev_loss = self._raw(state.get("prev_flat_grad")), state.get("prev_loss")
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            if state["n_iter"] == 1:
                d = -flat_grad
                old_dirs, old_stps, ro = [], [], []
                h_diag = 1
            else:
                y = flat_grad - prev_flat_grad
                s = d * t
                ys = xp.dot(y, s)
                if ys > 1e-10:  # a curvature pair only when the curvature is positive
                    if len(old_dirs) == history_size:
                        old_dirs.pop(0)
                        old_stps.pop(0)
                        ro.pop(0)
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)
                    h_diag = ys / xp.dot(y, y)
                # the two-loop recursion: d = -H g with H the L-BFGS inverse Hessian
                if "al" not in state:
                    state["al"] = [None] * history_size
                al = state["al"] = self._raw(state["al"])
                q = -flat_grad
                for i in range(len(old_dirs) - 1, -1, -1):
                    al[i] = xp.dot(old_stps[i], q) * ro[i]
                    q = q - old_dirs[i] * al[i]
                r = q * h_diag
                for i in range(len(old_dirs)):
                    be_i = xp.dot(old_dirs[i], r) * ro[i]
                    r = r + old_stps[i] * (al[i] - be_i)
                d = r
            prev_flat_grad = flat_grad.copy()
            prev_loss = loss
            if state["n_iter"] == 1:
                t = min(1.0, 1.0 / xp.abs(flat_grad).sum()) * lr
            else:
                t = lr
            gtd = xp.dot(flat_grad, d)
            if gtd > -tolerance_change:  # not a descent direction
                break
            ls_evals = 0
            if line_search_fn is not None:
                if line_search_fn != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                x_init = self._clone_param()

                def obj_func(step: float, direction: Any, x_init: list = x_init) -> tuple:
                    return self._directional_evaluate(closure, x_init, step, direction)

                loss, flat_grad, t, ls_evals = _strong_wolfe(
                    obj_func, xp, t, d, loss, flat_grad, float(gtd),
                    max_ls=max_eval - current_evals)
                self._add_grad(t, d)
                opt_cond = float(xp.abs(flat_grad).max()) <= tolerance_grad
            else:
                self._add_grad(t, d)
                opt_cond = False
                if n_iter != max_iter:
                    loss = float(closure())
                    flat_grad = self._gather_flat_grad()
                    opt_cond = float(xp.abs(flat_grad).max()) <= tolerance_grad
                    ls_evals = 1
            current_evals += ls_evals
            state["func_evals"] += ls_evals
            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            if float(xp.abs(d * t).max()) <= tolerance_change:
                break
            if abs(loss - prev_loss) < tolerance_change:
                break
        if "al" in state:
            state["al"] = self._wrapped(state["al"])
        state.update(d=self._wrapped(d), t=self._wrapped(t), old_dirs=self._wrapped(old_dirs),
                     old_stps=self._wrapped(old_stps), ro=self._wrapped(ro),
                     H_diag=self._wrapped(h_diag), prev_flat_grad=self._wrapped(prev_flat_grad),
                     prev_loss=prev_loss)
        return orig_loss
