"""What a gradcheck failure says: where the Jacobians differ and what the difference looks like.

``gradcheck`` (autograd/gradcheck.py) does the numerics; this module turns a disagreement
between an analytical and a numerical Jacobian block into a message that locates it: the
worst entries side by side, both blocks when they are small, and a likely cause. The causes
are tested in order against the numerical block ``J`` with gradcheck's own tolerance: the
output does not require grad, the gradient is zero or should be, ``-J`` (a wrong sign),
``c J`` (a missing or extra constant factor), ``J.T`` (a transposed Jacobian) and ``J`` with
the input's or the output's axes reversed or their last two swapped (a gradient returned
transposed). An entry whose one-sided differences disagree is a non-differentiable point of
the function (a kink or a jump): the central difference means nothing there, and the message
says so instead of blaming backward.

Everything here works on host float64 arrays; ``probe`` callbacks give it the one-sided
differences, which cost function evaluations, only when a check has already failed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["GradcheckError", "fast_mismatch_message", "full_mismatch_message"]

_SHOW_LIMIT = 64  # blocks with at most this many entries are printed whole
_WORST = 5  # entries listed side by side
# probe(m) -> (left, right): one-sided derivatives of the checked output (flattened) in input
# element m, from f(x - eps e_m), f(x) and f(x + eps e_m)
Probe = Callable[[int], tuple[np.ndarray, np.ndarray]]


class GradcheckError(RuntimeError):
    """Analytical and numerical gradients disagree (or backward misbehaves)."""


def _excess(analytical: np.ndarray, numerical: np.ndarray, atol: float,
            rtol: float) -> np.ndarray:
    """How far each entry is beyond gradcheck's tolerance (> 0: a mismatch; NaN counts)."""
    excess = np.abs(analytical - numerical) - (atol + rtol * np.abs(numerical))
    return np.where(np.isnan(excess), np.inf, excess)


def _close(a: np.ndarray, b: np.ndarray, atol: float, rtol: float) -> bool:
    return a.shape == b.shape and not np.any(_excess(a, b, atol, rtol) > 0)


def _element(flat: int, shape: Sequence[int]) -> tuple[int, ...]:
    return tuple(int(e) for e in np.unravel_index(flat, tuple(shape))) if shape else ()


def _axis_permutations(shape: Sequence[int]) -> list[tuple[str, np.ndarray]]:
    """Index maps P with J[:, k] = A[:, P[k]] when a gradient comes back with its axes moved
    (only moves that keep the shape can pass the engine's shape check)."""
    shape = tuple(shape)
    if len(shape) < 2:
        return []
    flat = np.arange(int(np.prod(shape))).reshape(shape)
    moves = []
    if shape[::-1] == shape:
        moves.append(("reversed (x.T instead of x)", flat.T.reshape(-1)))
    if len(shape) > 2 and shape[-1] == shape[-2]:
        moves.append(("last two swapped (x.mT instead of x)", flat.swapaxes(-1, -2).reshape(-1)))
    return moves


def _factor_words(c: float) -> str:
    for k in range(2, 11):
        if abs(c * k - 1) < 1e-3:
            return f"a missing factor of {k} in backward"
        if abs(c - k) < 1e-3 * k:
            return f"an extra factor of {k} in backward"
    return f"backward is off by a constant factor of {c:.6g}"


def likely_cause(analytical: np.ndarray, numerical: np.ndarray, i: int, j: int,
                 in_shape: Sequence[int], out_shape: Sequence[int] | None, atol: float,
                 rtol: float, out_requires_grad: bool = True) -> str | None:
    """A sentence naming what the analytical block looks like next to the numerical one, or
    None. ``out_shape`` None means the rows are not output elements (fast mode's v^T J)."""
    a, n = analytical, numerical
    zero = np.zeros_like(n)
    if not out_requires_grad and not np.any(a):
        return (f"output {j} does not require grad: it was computed outside the graph "
                "(detached, under no_grad, or through NumPy), so no gradient reaches input "
                f"{i} although the output depends on it")
    if _close(n, zero, atol, rtol):
        return (f"the function does not depend on input {i} here (its numerical derivative is "
                "zero), but backward gives it a gradient: a gradient returned for the wrong "
                "input, or for an input that is not used")
    if not np.any(a):
        return (f"backward gives input {i} no gradient (all zeros), but the function depends "
                "on it: a gradient not returned, or returned in the wrong position")
    if _close(a, -n, atol, rtol):
        return ("a wrong sign: analytical = -numerical everywhere (backward's formula has its "
                "sign flipped)")
    c = float(np.vdot(a, n) / np.vdot(n, n))
    if abs(c - 1) > 1e-3 and _close(a, c * n, atol, rtol):
        return (f"a constant factor: analytical = {c:.6g} x numerical everywhere "
                f"({_factor_words(c)})")
    square = a.shape[0] == a.shape[1] > 1
    if square and _close(a, n.T, atol, rtol) and not _close(n, n.T, atol, rtol):
        return ("a transposed gradient: the analytical Jacobian is the transpose of the "
                "numerical one (backward multiplies by J where J^T belongs, e.g. A @ g instead "
                "of A.T @ g)")
    for words, perm in _axis_permutations(in_shape):
        if _close(a[:, perm], n, atol, rtol) and not _close(n[:, perm], n, atol, rtol):
            return (f"a transposed gradient: the gradient of input {i} comes back with its "
                    f"axes {words}")
    for words, perm in _axis_permutations(out_shape or ()):
        if _close(a[perm, :], n, atol, rtol) and not _close(n[perm, :], n, atol, rtol):
            return (f"a transposed incoming gradient: backward reads the gradient of output {j} "
                    f"with its axes {words}")
    return None


def _is_kink(left: float, right: float, atol: float, rtol: float) -> bool:
    return not abs(right - left) <= atol + rtol * max(abs(left), abs(right))


def _fmt_num(v: float) -> str:
    return f"{v:>14.6g}"


def _side_by_side(numerical: np.ndarray, analytical: np.ndarray) -> str:
    def lines(a: np.ndarray, width: int) -> list[str]:
        return np.array2string(a, precision=6, max_line_width=width).splitlines()

    left, right = lines(numerical, 1000), lines(analytical, 1000)
    head_l = "numerical (rows: output elements, columns: input elements)"
    width = max(len(head_l), *(len(s) for s in left))
    if width + 3 + max(len(s) for s in right) > 160:  # too wide: one above the other
        return "\n".join([head_l + ":", *lines(numerical, 100), "analytical:",
                          *lines(analytical, 100)])
    rows = [f"{head_l:<{width}} | analytical:"]
    for k in range(max(len(left), len(right))):
        lft = left[k] if k < len(left) else ""
        rgt = right[k] if k < len(right) else ""
        rows.append(f"{lft:<{width}} | {rgt}")
    return "\n".join(rows)


def _worst_table(order: np.ndarray, analytical: np.ndarray, numerical: np.ndarray,
                 row_name: Callable[[int], str], col_name: Callable[[int], str],
                 kinks: dict[int, tuple[float, float]]) -> str:
    head = f"  {'output element':<16}{'input element':<16}{'analytical':>14}{'numerical':>14}"
    rows = [head + f"{'difference':>14}"]
    for flat in order:
        r, m = np.unravel_index(int(flat), analytical.shape)
        a, n = float(analytical[r, m]), float(numerical[r, m])
        line = (f"  {row_name(r):<16}{col_name(m):<16}{_fmt_num(a)}{_fmt_num(n)}"
                f"{_fmt_num(a - n)}")
        if int(m) in kinks:
            line += "   <- non-differentiable point"
        rows.append(line)
    return "\n".join(rows)


def _kinks(order: np.ndarray, shape: tuple, probe: Probe | None, atol: float, rtol: float,
           rows: Sequence[int] | None = None) -> dict[int, tuple[float, float]]:
    """{input element: (left, right)} among the worst entries whose one-sided differences
    disagree at their output element."""
    found: dict[int, tuple[float, float]] = {}
    if probe is None:
        return found
    seen: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for flat in order:
        r, m = (int(e) for e in np.unravel_index(int(flat), shape))
        if m not in seen:
            seen[m] = probe(m)
        left, right = seen[m]
        lv, rv = float(left[r]), float(right[r])
        if m not in found and _is_kink(lv, rv, atol, rtol):
            found[m] = (lv, rv)
    return found


def full_mismatch_message(analytical: np.ndarray, numerical: np.ndarray, i: int, j: int,
                          in_shape: Sequence[int], out_shape: Sequence[int], atol: float,
                          rtol: float, out_requires_grad: bool = True,
                          probe: Probe | None = None) -> str | None:
    """The message for a failed whole-Jacobian comparison of output j and input i, or None
    when the blocks agree. Rows are output elements, columns input elements."""
    excess = _excess(analytical, numerical, atol, rtol)
    bad = excess > 0
    if not np.any(bad):
        return None
    order = np.argsort(-excess, axis=None, kind="stable")[:min(_WORST, int(bad.sum()))]
    r, m = np.unravel_index(int(order[0]), excess.shape)
    elem, oelem = _element(m, in_shape), _element(r, out_shape)
    kinks = _kinks(order, excess.shape, probe, atol, rtol)
    a_val, n_val = float(analytical[r, m]), float(numerical[r, m])
    counts = (f"atol={atol}, rtol={rtol}; {int(bad.sum())} of {excess.size} entries differ")
    if int(m) in kinks:
        left, right = kinks[int(m)]
        msg = (f"Jacobian mismatch for output {j} with respect to input {i} at a "
               f"non-differentiable point: input element {elem} sits on a kink or jump of "
               f"output element {oelem} (one-sided differences: left = {left!r}, right = "
               f"{right!r}), so the central difference {n_val!r} cannot judge the analytical "
               f"value {a_val!r} ({counts}). This is not evidence of a wrong gradient: move "
               "the sample away from the point (or, if the function is smooth there, make it "
               "return the same values for the same inputs).")
    else:
        msg = (f"Jacobian mismatch for output {j} with respect to input {i}: at input element "
               f"{elem} and output element {oelem}, analytical = {a_val!r} but numerical = "
               f"{n_val!r} ({counts})")
        cause = likely_cause(analytical, numerical, i, j, in_shape, out_shape, atol, rtol,
                             out_requires_grad)
        if cause:
            msg += f"\nLikely cause: {cause}."
        others = [_element(k, in_shape) for k in kinks]
        if others:
            msg += (f"\nInput element(s) {', '.join(map(str, others))} sit on a "
                    "non-differentiable point: ignore those entries or move the sample.")
    msg += "\nWorst entries:\n" + _worst_table(
        order, analytical, numerical, lambda k: str(_element(k, out_shape)),
        lambda k: str(_element(k, in_shape)), kinks)
    if analytical.size <= _SHOW_LIMIT:
        msg += "\n" + _side_by_side(numerical, analytical)
    return msg


def fast_mismatch_message(analytical: float, numerical: float, i: int, j: int,
                          in_shape: Sequence[int], atol: float, rtol: float,
                          row: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None,
                          out_requires_grad: bool = True) -> str:
    """The message for a failed random-direction comparison ``v^T J u``. ``row`` holds, when
    the input was small enough to go through element by element, the analytical and
    numerical ``v^T J`` and the one-sided numerical ones (left, right), all flat."""
    msg = (f"Jacobian mismatch for output {j} with respect to input {i} in a random direction "
           f"(fast mode): v^T J u analytical = {analytical!r} but numerical = {numerical!r} "
           f"(atol={atol}, rtol={rtol}; u, v of unit norm).")
    if row is None:
        return msg + " Rerun with fast_mode=False on a smaller input to find the element."
    a_row, n_row, left, right = (np.asarray(v, dtype=np.float64).reshape(1, -1) for v in row)
    excess = _excess(a_row, n_row, atol, rtol)
    bad = excess > 0
    if not np.any(bad):
        return msg + (" Element by element, v^T J agrees: the error is below the tolerance "
                      "in every single element and only shows summed over many.")
    order = np.argsort(-excess, axis=None, kind="stable")[:min(_WORST, int(bad.sum()))]
    kinks = {int(m): (float(left[0, m]), float(right[0, m])) for m in order
             if _is_kink(float(left[0, m]), float(right[0, m]), atol, rtol)}
    m = int(order[0])
    msg += (f"\nLocated element by element with the same v (v^T J, one row per input "
            f"element): the worst is input element {_element(m, in_shape)}, analytical = "
            f"{float(a_row[0, m])!r} but numerical = {float(n_row[0, m])!r} "
            f"({int(bad.sum())} of {bad.size} elements differ).")
    if m in kinks:
        msg += (f"\nThat element sits on a non-differentiable point (one-sided differences: "
                f"left = {kinks[m][0]!r}, right = {kinks[m][1]!r}): this is not evidence of a "
                "wrong gradient; move the sample away from the point.")
    else:
        cause = likely_cause(a_row, n_row, i, j, in_shape, None, atol, rtol, out_requires_grad)
        if cause:
            msg += f"\nLikely cause: {cause}."
    msg += "\nWorst entries:\n" + _worst_table(
        order, a_row, n_row, lambda k: "v^T out", lambda k: str(_element(k, in_shape)), kinks)
    return msg
