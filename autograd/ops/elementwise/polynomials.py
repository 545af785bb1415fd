"""The orthogonal polynomials of ``torch.special``, which PyTorch does not differentiate:
Chebyshev's of the four kinds (``chebyshev_polynomial_t``/``u``/``v``/``w``) and their
shifted versions on [0, 1], the physicists' and the probabilists' Hermite polynomials
(``hermite_polynomial_h``/``he``), Laguerre's and Legendre's.

Each takes ``x`` and ``n`` (a tensor or a number, broadcast together and promoted as a
binary op's: integer operands give the default float dtype), and evaluates the polynomial as
PyTorch does: ``n`` truncated to an integer (NaN, +-inf and values beyond int64 count as
negative), 0 for a negative degree, the closed forms at the ends of the interval, the
trigonometric form of the Chebyshev polynomials inside it beyond a small degree, NaN for the
Hermite polynomials beyond degree 128 (float32) or 512 (float64), and otherwise the three-term
recurrence, stopped early once it reaches NaN. The recurrence takes as many vectorised steps
as the largest degree that needs it (with Laguerre's and Legendre's, each degree up to
``n``). Results never require grad (PyTorch records no derivative for them)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.arith import float_operands
from autograd.ops.elementwise.bessel import NoGradFunction, floating

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__: list[str] = []


def _operands(xp: Any, x: Any, n: Any) -> tuple[Any, Any, Any]:
    """x and n as arrays of one shape, x's float dtype, and n truncated to int64 (NaN, +-inf
    and values out of int64's range as -1: negative, as the C++ conversion PyTorch makes on
    the CPU gives)."""
    if not hasattr(x, "dtype"):
        x = xp.asarray(x, dtype=n.dtype)
    if not hasattr(n, "dtype"):
        n = xp.asarray(n, dtype=x.dtype)
    x, n = xp.broadcast_arrays(x, n)
    valid = xp.isfinite(n) & (xp.abs(n) < 9.2233720368547758e18)
    return x, n, xp.trunc(xp.where(valid, n, -1.0)).astype(xp.int64)


def _iterate(xp: Any, x: Any, last: Any, q: Any, step: Callable, k0: int,
             dk: int = 1) -> Any:
    """The recurrence r = step(x, k, p, q), p <- q, q <- r for k = k0, k0 + dk, ... while k
    <= last and q is not NaN, from p = 1 (elementwise, each element's own number of steps;
    only the elements still stepping are computed). Returns the last q."""
    shape = q.shape
    x, last, q = x.ravel(), last.ravel(), q.ravel()
    out = q.copy()
    idx = xp.nonzero((last >= k0) & ~xp.isnan(q))[0]
    xa, la, qa = x[idx], last[idx], q[idx]
    pa = xp.ones_like(qa)
    k = k0
    while idx.size:
        pa, qa = qa, step(xa, k, pa, qa)
        k += dk
        more = (la >= k) & ~xp.isnan(qa)
        if not bool(more.all()):
            done = ~more
            out[idx[done]] = qa[done]
            idx, xa, la, pa, qa = idx[more], xa[more], la[more], pa[more], qa[more]
    return out.reshape(shape)


def _fms(xp: Any, a: Any, b: Any, c: Any) -> Any:
    """a b - c as PyTorch's kernels compute it, with a fused multiply-add: float32 through
    float64 (where the product is exact), and in float64 an infinite c winning over a finite
    product that overflows (where the unfused difference would be inf - inf)."""
    if a.dtype.itemsize == 4:
        wide = a.astype(xp.float64) * b.astype(xp.float64) - xp.asarray(c).astype(xp.float64)
        return wide.astype(a.dtype)
    return xp.where(xp.isinf(c) & xp.isfinite(a) & xp.isfinite(b), -c, a * b - c)


def _rounded(xp: Any, fn: Callable, v: Any) -> Any:
    """fn(v) correctly rounded (as the C library's float32 functions are, which NumPy's are
    not always): float32 through float64."""
    if v.dtype.itemsize == 4:
        return fn(v.astype(xp.float64)).astype(v.dtype)
    return fn(v)


def _binary(name: str, compute: Callable, doc: str) -> Callable[..., Tensor]:
    cls = type("".join(p.title() for p in name.split("_")), (NoGradFunction,),
               {"compute": staticmethod(compute), "__module__": __name__})

    def op(x: Any, n: Any) -> Tensor:
        if not isinstance(x, TensorBase) and not isinstance(n, TensorBase):
            raise TypeError(f"special_{name}(): expected a Tensor among x and n, got "
                            f"{type(x).__name__} and {type(n).__name__}")
        for arg, value in (("x", x), ("n", n)):
            if not isinstance(value, (TensorBase, int, float, np.integer, np.floating)):
                raise TypeError(f"special_{name}(): argument '{arg}' must be a Tensor or a "
                                f"number, not {type(value).__name__}")
        if isinstance(x, TensorBase) and isinstance(n, TensorBase):
            try:
                np.broadcast_shapes(tuple(x.shape), tuple(n.shape))
            except ValueError:
                raise RuntimeError(f"special_{name}(): the shapes of x {list(x.shape)} and n "
                                   f"{list(n.shape)} do not broadcast") from None
        a, b = float_operands(x, n)
        a = floating(name, a) if isinstance(a, TensorBase) else a
        b = floating(name, b) if isinstance(b, TensorBase) else b
        return cls.apply(a, b)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    op.function = cls
    __all__.append(name)
    return op


def _parity(xp: Any, ni: Any, even: Any, odd: Any) -> Any:
    return xp.where(ni % 2 == 0, even, odd)


def _chebyshev(kind: str, shifted: bool) -> Callable:
    threshold = {"t": 6, "u": 8, "v": 8, "w": 8}[kind] if not shifted else (
        {"t": 6, "u": 6, "v": 6, "w": 4}[kind])

    def compute(xp: Any, x: Any, n: Any) -> Any:
        x, n, ni = _operands(xp, x, n)
        dtype = x.dtype
        y = x + x - 1.0 if shifted else x
        nf = ni.astype(dtype)
        n1 = (ni + 1).astype(dtype)  # n + 1 and 2 n + 1, as C++'s int64 sums
        n21 = (ni + ni + 1).astype(dtype)
        q = {"t": y, "u": y + y, "v": y + y - 1.0, "w": y + y + 1.0}[kind]
        # the recurrence, for the degrees the closed forms below leave to it
        ends = xp.abs(y) == 1.0
        inside = (ni > threshold) & (xp.abs(y) < 1.0)
        last = xp.where(ends | inside | (ni < 2), -1, ni)
        out = _iterate(xp, y, last, q, lambda y, k, p, q: _fms(xp, y + y, q, p), 2)
        out = xp.where(ni == 1, q, out)
        out = xp.where(ni == 0, 1.0, out)
        # inside (-1, 1) beyond the threshold: the trigonometric forms in a = acos(y)
        cos = functools.partial(_rounded, xp, xp.cos)
        sin = functools.partial(_rounded, xp, xp.sin)
        a = _rounded(xp, xp.arccos, xp.where(inside, y, 0.0))
        if kind == "t":
            trig = cos(nf * a)
        elif kind == "u":
            trig = xp.where(sin(a) != 0.0, sin(n1 * a) / sin(a),
                            n1 * cos(n1 * a) / y)
        elif kind == "v":
            trig = xp.where(sin(a / 2.0) != 1.0,
                            cos((nf + 0.5) * a) / cos(a / 2.0),
                            _parity(xp, ni, n21, -n21))
        else:
            edge = _parity(xp, ni, 1.0, -1.0)
            if not shifted:
                edge = xp.where(x > 0.0, n21, edge)
            trig = xp.where(cos(a / 2.0) != 1.0,
                            sin((nf + 0.5) * a) / sin(a / 2.0), edge)
        out = xp.where(inside, trig, out)
        # at y = +-1 (x = 1 and x = 0 when shifted)
        up = y > 0.0
        at_end = {"t": xp.where(up, 1.0, _parity(xp, ni, 1.0, -1.0)),
                  "u": xp.where(up, n1, _parity(xp, ni, n1, -n1)),
                  "v": xp.where(up, 1.0, _parity(xp, ni, n21, -n21)),
                  "w": xp.where(up, n21, _parity(xp, ni, 1.0, -1.0))}[kind]
        out = xp.where(ends, at_end, out)
        return xp.where(ni < 0, 0.0, out).astype(dtype)

    return compute


_KINDS = {"t": "first", "u": "second", "v": "third", "w": "fourth"}
for _kind, _ordinal in _KINDS.items():
    globals()[f"chebyshev_polynomial_{_kind}"] = _binary(
        f"chebyshev_polynomial_{_kind}", _chebyshev(_kind, False),
        f"The Chebyshev polynomial of the {_ordinal} kind of degree n, at input.")
    globals()[f"shifted_chebyshev_polynomial_{_kind}"] = _binary(
        f"shifted_chebyshev_polynomial_{_kind}", _chebyshev(_kind, True),
        f"The shifted Chebyshev polynomial of the {_ordinal} kind of degree n, at input (the "
        f"polynomial of the {_ordinal} kind at 2 input - 1).")


def _hermite(physicists: bool) -> Callable:
    def compute(xp: Any, x: Any, n: Any) -> Any:
        x, n, ni = _operands(xp, x, n)
        dtype = x.dtype
        limit = 128 if dtype.itemsize == 4 else 512
        if physicists:  # H: r = 2 x q - k p for k = 2, 4, ..., 2 n - 2
            q = x + x
            last = xp.where((ni < 2) | (ni > limit), -1, ni + ni - 2)
            out = _iterate(xp, x, last, q, lambda x, k, p, q: _fms(xp, x + x, q, k * p), 2, 2)
        else:  # He: r = x q - k p for k = 1, ..., n - 1
            q = x
            last = xp.where((ni < 2) | (ni > limit), -1, ni - 1)
            out = _iterate(xp, x, last, q, lambda x, k, p, q: _fms(xp, x, q, k * p), 1)
        out = xp.where(ni > limit, xp.nan, out)
        out = xp.where(ni == 1, q, out)
        out = xp.where(ni == 0, 1.0, out)
        return xp.where(ni < 0, 0.0, out).astype(dtype)

    return compute


hermite_polynomial_h = _binary("hermite_polynomial_h", _hermite(True),
                               "The physicists' Hermite polynomial of degree n, at input (NaN "
                               "beyond degree 128 in float32, 512 in float64).")
hermite_polynomial_he = _binary("hermite_polynomial_he", _hermite(False),
                                "The probabilists' Hermite polynomial of degree n, at input "
                                "(NaN beyond degree 128 in float32, 512 in float64).")


def _laguerre(xp: Any, x: Any, n: Any) -> Any:
    x, n, ni = _operands(xp, x, n)
    q = 1.0 - x
    zero = x == 0.0
    last = xp.where(zero | (ni < 2), -1, ni - 1)
    out = _iterate(xp, x, last, q,
                   lambda x, k, p, q: _fms(xp, (k + k) + (1.0 - x), q, k * p) / (k + 1), 1)
    out = xp.where(ni == 1, q, out)
    out = xp.where((ni == 0) | zero, 1.0, out)
    return xp.where(ni < 0, 0.0, out).astype(x.dtype)


laguerre_polynomial_l = _binary("laguerre_polynomial_l", _laguerre,
                                "The Laguerre polynomial of degree n, at input.")


def _legendre(xp: Any, x: Any, n: Any) -> Any:
    x, n, ni = _operands(xp, x, n)
    ends = xp.abs(x) == 1.0
    last = xp.where(ends | (ni < 2), -1, ni - 1)
    out = _iterate(xp, x, last, x,
                   lambda x, k, p, q: _fms(xp, (k + k + 1) * x, q, k * p) / (k + 1), 1)
    out = xp.where(ni == 1, x, out)
    out = xp.where(ni == 0, 1.0, out)
    out = xp.where(ends, xp.where((x > 0.0) | (ni % 2 == 0), 1.0, -1.0), out)
    return xp.where(ni < 0, 0.0, out).astype(x.dtype)


legendre_polynomial_p = _binary("legendre_polynomial_p", _legendre,
                                "The Legendre polynomial of degree n, at input.")
