"""``assert_close``: PyTorch's ``torch.testing.assert_close`` for tapegrad's values.

Tensors, NumPy arrays, Python and NumPy scalars, and (nested) sequences and mappings of them
are compared as PyTorch compares them: attributes first (shape, then device and dtype), then
values with ``|actual - expected| <= atol + rtol * |expected|`` and tolerances chosen by dtype
when not given. The mismatch message is PyTorch's: how many elements differ, the greatest
absolute and relative difference and their index, and which item of a container failed.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from autograd.creation import tensor
from autograd.dtypes import promote_types
from autograd.engine.tensor_base import TensorBase

__all__ = ["assert_close", "default_tolerances"]

# (rtol, atol) by dtype name, as torch.testing._comparison._DTYPE_PRECISIONS; exact otherwise.
_PRECISIONS = {
    "float16": (1e-3, 1e-5),
    "bfloat16": (1.6e-2, 1e-5),
    "float32": (1.3e-6, 1e-5),
    "float64": (1e-7, 1e-7),
    "complex64": (1.3e-6, 1e-5),
    "complex128": (1e-7, 1e-7),
}
_NUMBER_DTYPES = {int: np.dtype(np.int64), float: np.dtype(np.float64),
                  complex: np.dtype(np.complex128)}


class _Mismatch(Exception):
    """A failed comparison: the exception type to raise and PyTorch's message for it."""

    def __init__(self, kind: type[Exception], message: str, path: tuple = ()) -> None:
        super().__init__(message)
        self.kind, self.message, self.path = kind, message, path

    def render(self, msg: str | Callable[[str], str] | None) -> Exception:
        text = self.message
        if self.path:
            text += "\n\nThe failure occurred for item " + "".join(f"[{p!r}]" for p in self.path)
        if isinstance(msg, str):
            text = msg
        elif msg is not None:
            text = msg(text)
        return self.kind(text)


def default_tolerances(*dtypes: Any) -> tuple[float, float]:
    """``(rtol, atol)`` for comparing values of these dtypes: the loosest of their defaults
    (float16 1e-3/1e-5, float32 1.3e-6/1e-5, float64 1e-7/1e-7; exact for integers and bool)."""
    pairs = [_PRECISIONS.get(np.dtype(d).name, (0.0, 0.0)) for d in dtypes]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _check_tolerances(rtol: float | None, atol: float | None) -> None:
    # both or neither: atol=0 alone would still let rtol's default pass surprising values
    if (rtol is None) != (atol is None):
        raise ValueError("Both 'rtol' and 'atol' must be either specified or omitted, but got "
                         f"no {'rtol' if rtol is None else 'atol'}.")


def _tolerances(rtol: float | None, atol: float | None, *dtypes: Any) -> tuple[float, float]:
    if rtol is not None and atol is not None:
        return float(rtol), float(atol)
    return default_tolerances(*dtypes)


def _is_tensor_like(x: Any) -> bool:
    return isinstance(x, (TensorBase, np.ndarray))


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float, complex, np.number)) and not isinstance(x, (bool, np.bool_))


def _is_sequence(x: Any) -> bool:
    return isinstance(x, Sequence) and not isinstance(x, (str, bytes))


def _host(x: Any) -> tuple[np.ndarray, str]:
    """A tensor-like's values on the host and its device."""
    if isinstance(x, TensorBase):
        return x.numpy(force=True), str(x.device)
    return x, "cpu"


def _scalar_message(actual: Any, expected: Any, rtol: float, atol: float,
                    what: str = "Scalars") -> str:
    abs_diff = abs(actual - expected)
    rel_diff = float("inf") if expected == 0 else abs_diff / abs(expected)
    return _message(what, f"Expected {expected} but got {actual}.", abs_diff, None, rel_diff,
                    None, rtol, atol)


def _message(what: str, extra: str, abs_diff: Any, abs_idx: tuple | None, rel_diff: Any,
             rel_idx: tuple | None, rtol: float, atol: float) -> str:
    equality = rtol == 0 and atol == 0

    def line(kind: str, diff: Any, idx: tuple | None, tol: float) -> str:
        text = (f"{kind.title()} difference: {diff}" if idx is None
                else f"Greatest {kind} difference: {diff} at index {idx}")
        return text + ("" if equality else f" (up to {tol} allowed)") + "\n"

    text = f"{what} are not {'equal' if equality else 'close'}!\n\n{extra.strip()}\n"
    text += line("absolute", abs_diff, abs_idx, atol) + line("relative", rel_diff, rel_idx, rtol)
    return text.strip()


def _matches(a: np.ndarray, e: np.ndarray, rtol: float, atol: float,
             equal_nan: bool) -> np.ndarray:
    if a.dtype.kind in "biu" and e.dtype.kind in "biu" and rtol == 0 and atol == 0:
        return a == e
    if a.dtype.kind == "b":
        a, e = a.astype(np.int64), e.astype(np.int64)
    return np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=equal_nan)


def _compare_tensors(actual: Any, expected: Any, rtol: float | None, atol: float | None,
                     equal_nan: bool, check_device: bool, check_dtype: bool) -> None:
    a, a_device = _host(actual)
    e, e_device = _host(expected)
    for name, got, want, check in (("shape", tuple(a.shape), tuple(e.shape), True),
                                   ("device", a_device, e_device, check_device),
                                   ("dtype", a.dtype, e.dtype, check_dtype)):
        if check and got != want:
            raise _Mismatch(AssertionError,
                            f"The values for attribute '{name}' do not match: {got} != {want}.")
    rtol, atol = _tolerances(rtol, atol, a.dtype, e.dtype)
    if a.dtype != e.dtype:
        common = promote_types(a.dtype, e.dtype)
        a, e = a.astype(common), e.astype(common)
    matches = _matches(a, e, rtol, atol, equal_nan)
    if matches.all():
        return
    if a.ndim == 0:
        raise _Mismatch(AssertionError, _scalar_message(a.item(), e.item(), rtol, atol))
    flat_a, flat_e, flat_m = a.reshape(-1), e.reshape(-1), matches.reshape(-1)
    if flat_a.dtype.kind in "biu":
        flat_a, flat_e = flat_a.astype(np.int64), flat_e.astype(np.int64)
    with np.errstate(all="ignore"):
        abs_diff = np.abs(flat_a - flat_e)
        abs_diff[flat_m] = 0
        rel_diff = abs_diff / np.abs(flat_e)
    if flat_a.dtype.kind == "i":  # PyTorch divides integers into its default float dtype
        rel_diff = rel_diff.astype(np.float32)
    rel_diff[flat_m] = 0
    # argmax returns the first NaN when there is one, as torch.max does
    k_abs, k_rel = int(np.argmax(abs_diff)), int(np.argmax(rel_diff))
    n, bad = flat_m.size, int(flat_m.size - np.count_nonzero(flat_m))

    def index(k: int) -> tuple:
        return tuple(int(i) for i in np.unravel_index(k, a.shape))

    raise _Mismatch(AssertionError, _message(
        "Tensor-likes", f"Mismatched elements: {bad} / {n} ({bad / n:.1%})",
        abs_diff[k_abs].item(), index(k_abs), rel_diff[k_rel].item(), index(k_rel), rtol, atol))


def _compare_numbers(actual: Any, expected: Any, rtol: float | None, atol: float | None,
                     equal_nan: bool, check_dtype: bool) -> None:
    actual = actual.item() if isinstance(actual, np.generic) else actual
    expected = expected.item() if isinstance(expected, np.generic) else expected
    if check_dtype and type(actual) is not type(expected):
        raise _Mismatch(AssertionError, f"The (d)types do not match: {type(actual)} != "
                                        f"{type(expected)}.")
    rtol, atol = _tolerances(rtol, atol, _NUMBER_DTYPES[type(actual)],
                             _NUMBER_DTYPES[type(expected)])
    if actual == expected:
        return
    if equal_nan and _isnan(actual) and _isnan(expected):
        return
    finite = all(math.isfinite(abs(v)) for v in (actual, expected))
    if finite and abs(actual - expected) <= atol + rtol * abs(expected):
        return
    raise _Mismatch(AssertionError, _scalar_message(actual, expected, rtol, atol))


def _isnan(x: Any) -> bool:
    return x != x


def _compare(actual: Any, expected: Any, path: tuple, options: dict) -> None:
    try:
        if actual is None and expected is None:
            return
        if _is_tensor_like(actual) and _is_tensor_like(expected) and (
                isinstance(actual, TensorBase) == isinstance(expected, TensorBase)):
            _compare_tensors(actual, expected, **options)
            return
        if isinstance(actual, (bool, np.bool_)) and isinstance(expected, (bool, np.bool_)):
            if bool(actual) != bool(expected):
                raise _Mismatch(AssertionError,
                                f"Booleans mismatch: {bool(actual)} is not {bool(expected)}")
            return
        if _is_number(actual) and _is_number(expected):
            _compare_numbers(actual, expected, options["rtol"], options["atol"],
                             options["equal_nan"], options["check_dtype"])
            return
    except _Mismatch as m:
        raise _Mismatch(m.kind, m.message, path) from None
    if _is_sequence(actual) and _is_sequence(expected):
        if len(actual) != len(expected):
            raise _Mismatch(AssertionError, f"The length of the sequences mismatch: "
                                            f"{len(actual)} != {len(expected)}", path)
        for k, (a, e) in enumerate(zip(actual, expected)):
            _compare(a, e, path + (k,), options)
        return
    if isinstance(actual, Mapping) and isinstance(expected, Mapping):
        missing = [k for k in expected if k not in actual]
        extra = [k for k in actual if k not in expected]
        if missing or extra:
            raise _Mismatch(AssertionError, "The keys of the mappings do not match:\n"
                            f"Missing keys in the actual mapping: {sorted(map(repr, missing))}\n"
                            f"Additional keys in the actual mapping: "
                            f"{sorted(map(repr, extra))}", path)
        for k in expected:
            _compare(actual[k], expected[k], path + (k,), options)
        return
    raise _Mismatch(TypeError, f"No comparison pair was able to handle inputs of type "
                               f"{type(actual)} and {type(expected)}.", path)


def assert_close(
    actual: Any,
    expected: Any,
    *,
    rtol: float | None = None,
    atol: float | None = None,
    equal_nan: bool = False,
    check_device: bool = True,
    check_dtype: bool = True,
    msg: str | Callable[[str], str] | None = None,
) -> None:
    """Assert that ``actual`` and ``expected`` are close, as ``torch.testing.assert_close``.

    Tensors are compared with Tensors and NumPy arrays with NumPy arrays (a Tensor against an
    array is a TypeError, as in PyTorch: convert one side first); Python and NumPy scalars,
    and sequences and mappings of any of these, element by element. Shapes must be equal,
    devices and dtypes too unless ``check_device`` / ``check_dtype`` is False (the values are
    then compared on the host in their promoted dtype). Values match when
    ``|actual - expected| <= atol + rtol * |expected|``; infinities must be equal and NaNs only
    match with ``equal_nan``. Without ``rtol`` and ``atol`` the tolerances follow the dtypes
    (``default_tolerances``); give both or neither.

    Raises AssertionError with PyTorch's message (the number and share of mismatched elements,
    the greatest absolute and relative difference and their index, the failing item of a
    container) -- replaced by ``msg`` when it is a string, passed through it when callable --
    TypeError for inputs that cannot be compared, ValueError for only one tolerance.
    """
    _check_tolerances(rtol, atol)
    options = dict(rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=check_device,
                   check_dtype=check_dtype)
    try:
        _compare(actual, expected, (), options)
    except _Mismatch as m:
        raise m.render(msg) from None


def assert_allclose(actual: Any, expected: Any, rtol: float | None = None,
                    atol: float | None = None, equal_nan: bool = True, msg: str = "") -> None:
    """The deprecated ``torch.testing.assert_allclose``: ``assert_close`` with NaNs equal,
    dtypes not compared, non-Tensor ``actual``/``expected`` made Tensors (``expected`` in
    ``actual``'s dtype) and PyTorch's older default tolerances (float16 1e-3/1e-3, float32
    1e-4/1e-5, float64 1e-5/1e-8, exact otherwise). Warns FutureWarning, as PyTorch."""
    warnings.warn("`assert_allclose()` is deprecated (as torch.testing.assert_allclose since "
                  "1.12): use `assert_close()` instead.", FutureWarning, stacklevel=2)
    if not isinstance(actual, TensorBase):
        actual = tensor(actual)
    if not isinstance(expected, TensorBase):
        expected = tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        old = {"float16": (1e-3, 1e-3), "float32": (1e-4, 1e-5), "float64": (1e-5, 1e-8)}
        pairs = [old.get(np.dtype(t.dtype).name, (0.0, 0.0)) for t in (actual, expected)]
        rtol, atol = max(p[0] for p in pairs), max(p[1] for p in pairs)
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan,
                 check_device=True, check_dtype=False, msg=msg or None)
