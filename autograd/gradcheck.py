"""gradcheck and gradgradcheck: analytical gradients against central finite differences.

``gradcheck`` compares what backward computes with ``(f(x + eps) - f(x - eps)) / 2 eps`` in
float64 on the input's own device. On small problems it compares the whole Jacobian, element
by element (columns by perturbing one input element at a time, rows by one backward per output
element with a unit cotangent). On large ones it compares one random projection ``v^T J u``
per (input, output) pair, which catches a wrong gradient with probability one at the cost of
two forward calls per input and one backward per output.

Inputs are never modified: while a checked input is perturbed it holds a private copy of its
array, and its own array is put back afterwards, even when ``func`` raises.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.engine.backward import grad as _grad
from autograd.engine.grad_mode import enable_grad, no_grad
from autograd.engine.tensor_base import TensorBase, make

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["GradcheckError", "gradcheck", "gradgradcheck"]

# Above this many Jacobian entries (input numel x output numel), fast mode is the default.
ELEMENTWISE_LIMIT = 10_000
_SHOW_LIMIT = 64  # Jacobians with at most this many entries are printed whole in errors
_SEED = 0  # the random directions are reproducible and leave the global generators alone


class GradcheckError(RuntimeError):
    """Analytical and numerical gradients disagree (or backward misbehaves)."""


def _as_tuple(x: Any) -> tuple:
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _float_outputs(out: Any) -> list[Tensor]:
    """The floating-point Tensors among ``func``'s outputs, in order."""
    return [o for o in _as_tuple(out) if isinstance(o, TensorBase) and o.dtype.kind == "f"]


def _checked_inputs(inputs: tuple, name: str) -> list[int]:
    """Positions of the inputs to check; refuses anything but float64 there."""
    positions = []
    for i, x in enumerate(inputs):
        if isinstance(x, TensorBase) and x.requires_grad and x.dtype.kind == "f":
            if x.dtype != np.float64:
                raise ValueError(
                    f"{name}: input {i} has dtype {x.dtype}; finite differences are too "
                    "inaccurate below float64. Use float64 inputs (x.double()) for gradient "
                    "checks."
                )
            positions.append(i)
    if not positions:
        raise ValueError(
            f"{name} expects at least one input tensor to require gradient, but none of them "
            "have requires_grad=True."
        )
    return positions


def _host(a: Any, device: Any) -> np.ndarray:
    return np.asarray(device.backend.to_numpy(a), dtype=np.float64)


def _vjp(out: Tensor, j: int, xs: list[Tensor], positions: list[int], v: Any) -> list:
    """d(v . out)/d xs as float64 arrays on the device (None where there is no gradient)."""
    if not out.requires_grad:
        return [None] * len(xs)
    grads = _grad(out, xs, grad_outputs=make(v, out.device),
                  retain_graph=True, allow_unused=True)
    result = []
    for g, x, i in zip(grads, xs, positions):
        if g is None:
            result.append(None)
            continue
        for what, got, want in (("shape", tuple(g.shape), tuple(x.shape)),
                                ("dtype", g.dtype, x.dtype), ("device", g.device, x.device)):
            if got != want:
                raise GradcheckError(
                    f"Gradient has {what} mismatch: the gradient of output {j} with respect "
                    f"to input {i} has {what} {got}, but the input has {what} {want}"
                )
        result.append(g._data)
    return result


def _unit_random(rng: np.random.Generator, shape: tuple, device: Any) -> Any:
    """A random float64 array of unit norm (zeros when empty) on ``device``."""
    v = rng.standard_normal(shape)
    norm = float(np.linalg.norm(v))
    if norm > 0:
        v /= norm
    return device.backend.from_numpy(v) if device.type != "cpu" else v


class _Perturbed:
    """Swaps an input's array for a private copy while it is perturbed, and back afterwards."""

    def __init__(self, x: Tensor) -> None:
        self.x = x
        self.original = x._data

    def __enter__(self) -> _Perturbed:
        return self

    def set(self, array: Any) -> None:
        self.x._data = array

    def __exit__(self, *exc: Any) -> None:
        self.x._data = self.original


def _evaluate(func: Callable, inputs: tuple, n_out: int) -> list:
    """func's floating outputs as float64 device arrays, without recording."""
    with no_grad():
        outs = _float_outputs(func(*inputs))
    if len(outs) != n_out:
        raise GradcheckError(
            f"func returned {len(outs)} floating-point outputs for a perturbed input but "
            f"{n_out} for the original one"
        )
    return [o._data.astype(np.float64) for o in outs]


def _numerical_jacobian(func: Callable, inputs: tuple, i: int, outs: list[Tensor],
                        eps: float) -> list[np.ndarray]:
    """Column by column: for each output j, d out_j / d input_i as (out numel, in numel)."""
    x = inputs[i]
    cols = [np.zeros((o.numel(), x.numel())) for o in outs]
    with _Perturbed(x) as p:
        work = p.original.copy()
        p.set(work)
        for m in range(x.numel()):
            idx = np.unravel_index(m, x.shape)
            orig = work[idx].copy()
            work[idx] = orig + eps
            plus = _evaluate(func, inputs, len(outs))
            work[idx] = orig - eps
            minus = _evaluate(func, inputs, len(outs))
            work[idx] = orig
            for j, (a, b) in enumerate(zip(plus, minus)):
                cols[j][:, m] = _host((a - b) / (2 * eps), x.device).reshape(-1)
    return cols


def _analytical_jacobian(outs: list[Tensor], xs: list[Tensor], positions: list[int]) -> list:
    """Row by row: jac[k][j] is d out_j / d xs[k] as (out numel, in numel)."""
    jac = [[np.zeros((o.numel(), x.numel())) for o in outs] for x in xs]
    for j, o in enumerate(outs):
        if not o.requires_grad:
            continue
        xp = o.device.backend
        for r in range(o.numel()):
            v = xp.zeros(o.shape, dtype=o.dtype)
            v[np.unravel_index(r, o.shape)] = 1
            for k, g in enumerate(_vjp(o, j, xs, positions, v)):
                if g is not None:
                    jac[k][j][r] = _host(g, xs[k].device).reshape(-1)
    return jac


def _fmt(a: np.ndarray) -> str:
    return np.array2string(a, precision=6, max_line_width=100)


def _compare_full(analytical: np.ndarray, numerical: np.ndarray, i: int, j: int,
                  x: Tensor, out: Tensor, atol: float, rtol: float) -> None:
    excess = np.abs(analytical - numerical) - (atol + rtol * np.abs(numerical))
    excess = np.where(np.isnan(excess), np.inf, excess)
    if not np.any(excess > 0):
        return
    r, m = np.unravel_index(int(np.argmax(excess)), excess.shape)
    elem = tuple(int(e) for e in np.unravel_index(m, x.shape))
    oelem = tuple(int(e) for e in np.unravel_index(r, out.shape))
    msg = (
        f"Jacobian mismatch for output {j} with respect to input {i}: at input element {elem}"
        f" and output element {oelem}, analytical = {float(analytical[r, m])!r} but "
        f"numerical = {float(numerical[r, m])!r} (atol={atol}, rtol={rtol}; "
        f"{int(np.sum(excess > 0))} of {excess.size} entries differ)"
    )
    if analytical.size <= _SHOW_LIMIT:
        msg += (f"\nnumerical (rows: output elements, columns: input elements):\n"
                f"{_fmt(numerical)}\nanalytical:\n{_fmt(analytical)}")
    raise GradcheckError(msg)


def _check_full(func: Callable, inputs: tuple, positions: list[int], outs: list[Tensor],
                eps: float, atol: float, rtol: float) -> None:
    xs = [inputs[i] for i in positions]
    analytical = _analytical_jacobian(outs, xs, positions)
    for k, i in enumerate(positions):
        numerical = _numerical_jacobian(func, inputs, i, outs, eps)
        for j, o in enumerate(outs):
            _compare_full(analytical[k][j], numerical[j], i, j, inputs[i], o, atol, rtol)


def _check_fast(func: Callable, inputs: tuple, positions: list[int], outs: list[Tensor],
                vjps: list, vs: list, eps: float, atol: float, rtol: float,
                rng: np.random.Generator) -> None:
    """One random projection v_j^T J_ji u_i per (input i, output j)."""
    for k, i in enumerate(positions):
        x = inputs[i]
        u = _unit_random(rng, x.shape, x.device)
        with _Perturbed(x) as p:
            p.set(p.original + eps * u)
            plus = _evaluate(func, inputs, len(outs))
            p.set(p.original - eps * u)
            minus = _evaluate(func, inputs, len(outs))
        for j in range(len(outs)):
            g = vjps[j][k]
            analytical = 0.0 if g is None else float(_host((g * u).sum(), x.device))
            numerical = float(_host((vs[j] * (plus[j] - minus[j])).sum() / (2 * eps),
                                    x.device))
            if not abs(analytical - numerical) <= atol + rtol * abs(numerical):
                raise GradcheckError(
                    f"Jacobian mismatch for output {j} with respect to input {i} in a random "
                    f"direction (fast mode): v^T J u analytical = {analytical!r} but numerical "
                    f"= {numerical!r} (atol={atol}, rtol={rtol}; u, v of unit norm). Rerun with "
                    "fast_mode=False on a smaller input to find the element."
                )


def _check_reentrant(first: list, second: list, j: int, positions: list[int], x_devices: list,
                     nondet_tol: float) -> None:
    for a, b, i, device in zip(first, second, positions, x_devices):
        if a is None and b is None:
            continue
        if (a is None) != (b is None):
            diff = float("inf")
        else:
            diff = float(np.max(np.abs(_host(a - b, device)), initial=0.0))
        if not diff <= nondet_tol:
            raise GradcheckError(
                f"Backward is not reentrant, i.e., running backward with the same input and "
                f"grad_output twice gave different values for the gradient of output {j} with "
                f"respect to input {i} (max difference {diff!r}; nondet_tol={nondet_tol})"
            )


def _check_zero_grad(outs: list[Tensor], xs: list[Tensor], positions: list[int]) -> None:
    """A zero gradient for an output must give zero (or no) gradient for every input."""
    for j, o in enumerate(outs):
        if not o.requires_grad:
            continue
        zero = o.device.backend.zeros(o.shape, dtype=o.dtype)
        for g, i, x in zip(_vjp(o, j, xs, positions, zero), positions, xs):
            if g is None:
                continue
            worst = float(np.max(np.abs(_host(g, x.device)), initial=0.0))
            if not worst == 0.0:
                raise GradcheckError(
                    f"Backward with a zero gradient for output {j} gave a non-zero gradient for "
                    f"input {i} (max |grad| = {worst!r}); zero output gradients must give zero "
                    "input gradients"
                )


def _run_checks(func: Callable, inputs: tuple, positions: list[int], eps: float, atol: float,
                rtol: float, nondet_tol: float, fast_mode: bool | None,
                check_undefined_grad: bool) -> None:
    with enable_grad():
        outs = _float_outputs(func(*inputs))
    xs = [inputs[i] for i in positions]
    devices = [x.device for x in xs]
    n_in = sum(x.numel() for x in xs)
    n_out = sum(o.numel() for o in outs)
    fast = n_in * n_out > ELEMENTWISE_LIMIT if fast_mode is None else fast_mode
    rng = np.random.default_rng(_SEED)
    vs = [_unit_random(rng, o.shape, o.device) for o in outs]
    vjps = []
    for j, o in enumerate(outs):
        first = _vjp(o, j, xs, positions, vs[j])
        _check_reentrant(first, _vjp(o, j, xs, positions, vs[j]), j, positions, devices,
                         nondet_tol)
        vjps.append(first)
    if check_undefined_grad:
        _check_zero_grad(outs, xs, positions)
    if fast:
        _check_fast(func, inputs, positions, outs, vjps, vs, eps, atol, rtol, rng)
    else:
        _check_full(func, inputs, positions, outs, eps, atol, rtol)


def gradcheck(
    func: Callable[..., Any],
    inputs: Tensor | Sequence[Any],
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    nondet_tol: float = 0.0,
    fast_mode: bool | None = None,
    check_undefined_grad: bool = True,
) -> bool:
    """Check backward's gradients of ``func`` at ``inputs`` against central differences.

    Args:
        func: takes the inputs, returns a Tensor or a tuple of Tensors; every floating-point
            output is checked.
        inputs: a Tensor or a tuple of arguments; the float64 Tensors with ``requires_grad``
            are checked (float32/float16 ones are refused), everything else is passed as is.
        eps, atol, rtol: finite-difference step and the tolerance
            ``|analytical - numerical| <= atol + rtol * |numerical|``.
        raise_exception: raise ``GradcheckError`` on failure (else return False).
        nondet_tol: how far two backward runs with the same inputs may differ.
        fast_mode: compare one random projection ``v^T J u`` per input/output pair instead of
            the whole Jacobian; None picks it when input numel x output numel > 10,000.
        check_undefined_grad: check that zero output gradients give zero input gradients
            (the engine turns missing output gradients into zeros, so this is what
            PyTorch's undefined-gradient check amounts to here).

    Returns True when every check passes. The error names the input, the element, the output
    and the analytical and numerical values (and both Jacobians when they are small).
    """
    inputs = _as_tuple(inputs)
    positions = _checked_inputs(inputs, "gradcheck")
    try:
        _run_checks(func, inputs, positions, eps, atol, rtol, nondet_tol, fast_mode,
                    check_undefined_grad)
    except GradcheckError:
        if raise_exception:
            raise
        return False
    return True


def _random_grad_output(out: Tensor, rng: np.random.Generator, non_contiguous: bool) -> Tensor:
    shape = tuple(out.shape)
    if non_contiguous and shape and shape[-1] > 0:
        host = rng.uniform(-1.0, 1.0, shape[:-1] + (2 * shape[-1],))
        data = host if out.device.type == "cpu" else out.device.backend.from_numpy(host)
        data = data[..., ::2]
    else:
        host = rng.uniform(-1.0, 1.0, shape)
        data = host if out.device.type == "cpu" else out.device.backend.from_numpy(host)
    return make(data, out.device, True, None, 0)


def gradgradcheck(
    func: Callable[..., Any],
    inputs: Tensor | Sequence[Any],
    grad_outputs: Tensor | Sequence[Tensor] | None = None,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    gen_non_contig_grad_outputs: bool = False,
    raise_exception: bool = True,
    nondet_tol: float = 0.0,
    fast_mode: bool | None = None,
    check_undefined_grad: bool = True,
) -> bool:
    """Check second derivatives: gradcheck of ``(inputs, grad_outputs) -> vjp`` of ``func``.

    ``grad_outputs`` (one per floating-point output of ``func``) default to random float64
    Tensors that require grad (non-contiguous with ``gen_non_contig_grad_outputs``). The
    function checked is ``autograd.grad(func(inputs), inputs, grad_outputs, create_graph=True)``
    with unused inputs' gradients as zeros. Other arguments as in ``gradcheck``.
    """
    inputs = _as_tuple(inputs)
    positions = _checked_inputs(inputs, "gradgradcheck")
    if grad_outputs is None:
        with enable_grad():
            outs = _float_outputs(func(*inputs))
        rng = np.random.default_rng(_SEED + 1)
        grad_outputs = tuple(_random_grad_output(o, rng, gen_non_contig_grad_outputs)
                             for o in outs)
    else:
        grad_outputs = _as_tuple(grad_outputs)
    n = len(inputs)

    def first_derivatives(*args: Any) -> tuple:
        xs, gos = args[:n], args[n:]
        diff = [xs[i] for i in positions]
        with enable_grad():
            outs = _float_outputs(func(*xs))
            if len(outs) != len(gos):
                raise ValueError(
                    f"gradgradcheck: func has {len(outs)} floating-point outputs but "
                    f"{len(gos)} grad_outputs were given"
                )
            pairs = [(o, g) for o, g in zip(outs, gos) if o.requires_grad]
            grads = [None] * len(diff)
            if pairs:
                grads = _grad([o for o, _ in pairs], diff, [g for _, g in pairs],
                              create_graph=True, allow_unused=True)
        return tuple(_zeros_like(x) if g is None else g for g, x in zip(grads, diff))

    try:
        return gradcheck(first_derivatives, inputs + tuple(grad_outputs), eps=eps, atol=atol,
                         rtol=rtol, nondet_tol=nondet_tol, fast_mode=fast_mode,
                         check_undefined_grad=check_undefined_grad)
    except GradcheckError as e:
        if not raise_exception:
            return False
        meaning = ", ".join(f"output {k} is d/d input {i}" for k, i in enumerate(positions))
        raise GradcheckError(
            f"gradgradcheck, on the first derivatives ({meaning}; inputs {n} and up are the "
            f"grad_outputs): {e}"
        ) from None


def _zeros_like(x: Tensor) -> Tensor:
    return make(x.device.backend.zeros(x.shape, dtype=x.dtype), x.device, False, None, 0)
