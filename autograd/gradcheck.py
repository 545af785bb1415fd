"""gradcheck and gradgradcheck: analytical gradients against central finite differences.

``gradcheck`` compares what backward computes with ``(f(x + eps) - f(x - eps)) / 2 eps`` in
float64 on the input's own device. On small problems it compares the whole Jacobian, element
by element (columns by perturbing one input element at a time, rows by one backward per output
element with a unit cotangent). On large ones it compares one random projection ``v^T J u``
per (input, output) pair, which catches a wrong gradient with probability one at the cost of
two forward calls per input and one backward per output.

Inputs are never modified: while a checked input is perturbed it holds a private copy of its
array, and its own array is put back afterwards, even when ``func`` raises.

A failure locates the error (autograd/gradcheck_report.py words it): the input and output, the
worst entries of both Jacobian blocks side by side, and a likely cause (a wrong sign, a
constant factor, a transposition). A fast-mode failure on an input of up to ``LOCATE_LIMIT``
elements is followed element by element to the worst one. One-sided differences, computed
only once a check has failed, tell a non-differentiable point of the function from a wrong
gradient.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.engine.backward import grad as _grad
from autograd.engine.grad_mode import enable_grad
from autograd.engine.tensor_base import TensorBase, make
from autograd.finite_differences import (
    directional,
    float_outputs,
    host,
    numerical_jacobian,
    one_sided,
    vjp_row,
)
from autograd.gradcheck_report import (
    GradcheckError,
    fast_mismatch_message,
    full_mismatch_message,
)

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["GradcheckError", "gradcheck", "gradgradcheck"]

# Above this many Jacobian entries (input numel x output numel), fast mode is the default.
ELEMENTWISE_LIMIT = 10_000
# A fast-mode failure is located element by element (two evaluations each) up to this size.
LOCATE_LIMIT = 10_000
_SEED = 0  # the random directions are reproducible and leave the global generators alone


def _as_tuple(x: Any) -> tuple:
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _checked_inputs(inputs: tuple, name: str) -> list[int]:
    """Positions of the inputs to check; refuses anything but float64 there."""
    positions = []
    for i, x in enumerate(inputs):
        if isinstance(x, TensorBase) and x.requires_grad and x.dtype.kind in "fV":
            if x.dtype != np.float64:
                raise ValueError(
                    f"{name}: input {i} has dtype {x.dtype}; finite differences are too "
                    f"inaccurate below float64 (a {x.dtype} rounding error divided by the "
                    "step eps swamps the derivative). Use float64 inputs (x.double()) for "
                    "gradient checks, or autograd.testing.check_op, which makes float64 "
                    "copies of its samples."
                )
            positions.append(i)
    if not positions:
        raise ValueError(
            f"{name} expects at least one input tensor to require gradient, but none of them "
            "have requires_grad=True (only floating-point Tensors with requires_grad=True are "
            "checked; everything else is passed through as a constant)."
        )
    return positions


def _checked_outputs(out: Any, name: str) -> list[Tensor]:
    """func's floating-point outputs; refuses a func that returns no Tensor or only integer
    and bool ones, where a check would pass without checking anything."""
    tensors = [o for o in _as_tuple(out) if isinstance(o, TensorBase)]
    if not tensors:
        raise TypeError(f"{name}: func must return a Tensor or a tuple of Tensors, but it "
                        f"returned {type(out).__name__}")
    floats = float_outputs(out)
    if not floats:
        dtypes = ", ".join(str(o.dtype) for o in tensors)
        raise ValueError(f"{name}: func returned no floating-point Tensor (its outputs are "
                         f"{dtypes}); integer and bool outputs have no gradient, so there is "
                         "nothing to check")
    return floats


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
                    jac[k][j][r] = host(g, xs[k].device).reshape(-1)
    return jac


def _check_full(func: Callable, inputs: tuple, positions: list[int], outs: list[Tensor],
                eps: float, atol: float, rtol: float) -> None:
    xs = [inputs[i] for i in positions]
    analytical = _analytical_jacobian(outs, xs, positions)
    for k, i in enumerate(positions):
        numerical = numerical_jacobian(func, inputs, i, outs, eps)
        for j, o in enumerate(outs):
            def probe(m: int, i: int = i, j: int = j) -> tuple[np.ndarray, np.ndarray]:
                return one_sided(func, inputs, i, j, len(outs), eps, m)

            msg = full_mismatch_message(analytical[k][j], numerical[j], i, j, inputs[i].shape,
                                        o.shape, atol, rtol, o.requires_grad, probe)
            if msg is not None:
                raise GradcheckError(msg)


def _check_fast(func: Callable, inputs: tuple, positions: list[int], outs: list[Tensor],
                vjps: list, vs: list, eps: float, atol: float, rtol: float,
                rng: np.random.Generator) -> None:
    """One random projection v_j^T J_ji u_i per (input i, output j)."""
    for k, i in enumerate(positions):
        x = inputs[i]
        u = _unit_random(rng, x.shape, x.device)
        plus, minus = directional(func, inputs, i, u, len(outs), eps)
        for j in range(len(outs)):
            g = vjps[j][k]
            analytical = 0.0 if g is None else float(host((g * u).sum(), x.device))
            numerical = float(host((vs[j] * (plus[j] - minus[j])).sum() / (2 * eps),
                                    x.device))
            if not abs(analytical - numerical) <= atol + rtol * abs(numerical):
                row = None
                if x.numel() <= LOCATE_LIMIT:
                    a_row = (np.zeros(x.numel()) if g is None
                             else host(g, x.device).reshape(-1))
                    row = (a_row, *vjp_row(func, inputs, i, j, len(outs), vs[j], eps))
                raise GradcheckError(fast_mismatch_message(
                    analytical, numerical, i, j, x.shape, atol, rtol, row,
                    outs[j].requires_grad))


def _check_reentrant(first: list, second: list, j: int, positions: list[int], x_devices: list,
                     nondet_tol: float) -> None:
    for a, b, i, device in zip(first, second, positions, x_devices):
        if a is None and b is None:
            continue
        if (a is None) != (b is None):
            diff = float("inf")
        else:
            diff = float(np.max(np.abs(host(a - b, device)), initial=0.0))
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
            worst = float(np.max(np.abs(host(g, x.device)), initial=0.0))
            if not worst == 0.0:
                raise GradcheckError(
                    f"Backward with a zero gradient for output {j} gave a non-zero gradient for "
                    f"input {i} (max |grad| = {worst!r}); zero output gradients must give zero "
                    "input gradients"
                )


def _check_unmodified(xs: list[Tensor], positions: list[int], before: list) -> None:
    """func must leave its inputs alone: finite differences perturb them and read them back."""
    for x, i, b in zip(xs, positions, before):
        now, was = host(x._data, x.device), host(b, x.device)
        if not np.array_equal(now, was, equal_nan=True):
            changed = int(np.sum(~((now == was) | (np.isnan(now) & np.isnan(was)))))
            raise GradcheckError(
                f"func modified input {i} in place ({changed} of {now.size} elements changed "
                "by one call): its finite differences and gradients mean nothing; clone the "
                "input (x.clone()) before writing into it"
            )


def _run_checks(func: Callable, inputs: tuple, positions: list[int], eps: float, atol: float,
                rtol: float, nondet_tol: float, fast_mode: bool | None,
                check_undefined_grad: bool) -> None:
    xs = [inputs[i] for i in positions]
    before = [x._data.copy() for x in xs]
    with enable_grad():
        outs = _checked_outputs(func(*inputs), "gradcheck")
    _check_unmodified(xs, positions, before)
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
            outs = _checked_outputs(func(*inputs), "gradgradcheck")
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
            outs = float_outputs(func(*xs))
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
