"""einsum: parsing (implicit/explicit output, ellipsis, repeated subscripts) and its Function.

Kept apart from linalg.py for size; linalg re-exports ``einsum`` and builds tensordot and inner
on it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import as_str, check_same_dtype
from autograd.engine.diffxp import register
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["einsum"]

# -- parsing -------------------------------------------------------------------------------

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class _Spec:
    """A parsed einsum: explicit per-operand subscripts (ellipses spelled out as letters),
    the output subscript, and for each operand the plan of its gradient."""

    __slots__ = ("equation", "subs", "out", "plans", "repeats")

    def __init__(self, subs: tuple[str, ...], out: str, spare: list[str]) -> None:
        self.subs = subs
        self.out = out
        # the operands with a repeated letter (a diagonal), whose sizes there must agree
        self.repeats = tuple(k for k, term in enumerate(subs) if len(set(term)) != len(term))
        self.equation = ",".join(subs) + "->" + out
        self.plans = tuple(_grad_plan(i, subs, out, spare) for i in range(len(subs)))


def _grad_plan(i: int, subs: tuple[str, ...], out: str, spare: list[str]) -> tuple:
    """How to get operand i's gradient: an einsum of gy with the other operands onto the
    letters of operand i that occur elsewhere; letters only it has (summed away in forward)
    come back by broadcasting; repeated letters (diagonals) by an einsum with identities."""
    si = subs[i]
    others = subs[:i] + subs[i + 1:]
    elsewhere = set(out).union(*others)
    uniq = "".join(dict.fromkeys(si))
    keep = "".join(c for c in uniq if c in elsewhere)
    lhs = ",".join((out,) + others)
    eq = None if lhs == keep else f"{lhs}->{keep}"  # None: the gradient is gy as it is
    lonely = tuple(k for k, c in enumerate(uniq) if c not in elsewhere)
    diag = None
    if len(uniq) < len(si):
        fresh = iter(spare)
        target, eyes, seen = [], [], set()
        for k, c in enumerate(si):
            if c in seen:
                f = next(fresh)
                target.append(f)
                eyes.append((c + f, k))
            else:
                seen.add(c)
                target.append(c)
        diag = (f"{uniq},{','.join(e for e, _ in eyes)}->{''.join(target)}",
                tuple(k for _, k in eyes))
    first = tuple(si.index(c) for c in uniq)
    return eq, first, lonely, diag


def _bad(msg: str) -> RuntimeError:
    return RuntimeError(f"einsum(): {msg}")


@lru_cache(maxsize=512)
def _parse(equation: str, ndims: tuple[int, ...]) -> _Spec:
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(ndims):
        raise _bad(f"fewer operands were provided than specified in the equation {equation!r}")
    if len(terms) < len(ndims):
        raise _bad(f"more operands were provided than specified in the equation {equation!r}")
    used = set(eq) - {".", ",", "-", ">"}
    bad = used - set(_LETTERS)
    if bad or "->" in rhs or "-" in lhs or ">" in lhs:
        raise _bad(f"invalid subscript in equation {equation!r}: only letters, ',', '->' "
                   "and '...' are allowed")
    ell_dims = []
    for k, (term, n) in enumerate(zip(terms, ndims)):
        letters = term.replace("...", "")
        if "." in letters or term.count("...") > 1:
            raise _bad(f"invalid ellipsis in subscript {term!r} of equation {equation!r}")
        if "..." in term:
            if len(letters) > n:
                raise _bad(f"the number of subscripts in the equation ({len(letters)}) is more "
                           f"than the number of dimensions ({n}) for operand {k}")
            ell_dims.append(n - len(letters))
        else:
            if len(letters) != n:
                raise _bad(f"the number of subscripts in the equation ({len(letters)}) does "
                           f"not match the number of dimensions ({n}) for operand {k} and no "
                           "ellipsis was given")
            ell_dims.append(0)
    spare = [c for c in _LETTERS if c not in used]
    n_ell = max(ell_dims, default=0)
    ell, spare = "".join(spare[:n_ell]), spare[n_ell:]
    if len(ell) < n_ell:
        raise _bad(f"too many dimensions in equation {equation!r}")
    subs = tuple(t.replace("...", ell[n_ell - e:]) for t, e in zip(terms, ell_dims))
    if arrow:
        letters = rhs.replace("...", "")
        if "." in letters or rhs.count("...") > 1:
            raise _bad(f"invalid ellipsis in the output subscript of equation {equation!r}")
        for c in letters:
            if c not in lhs:
                raise _bad(f"output subscript {c} does not appear in the equation for any "
                           "input operand")
            if letters.count(c) > 1:
                raise _bad(f"output subscript {c} appears more than once in the output")
        out = rhs.replace("...", ell)
    else:
        counts = {}
        for c in lhs:
            counts[c] = counts.get(c, 0) + 1
        out = ell + "".join(sorted(c for c, n in counts.items() if n == 1 and c in _LETTERS))
    return _Spec(subs, out, spare)


def _einsum_error(spec: _Spec, shapes: list[tuple]) -> RuntimeError:
    """Name the subscript whose sizes disagree."""
    seen: dict[str, tuple[int, int]] = {}
    for k, (term, shape) in enumerate(zip(spec.subs, shapes)):
        for c, n in zip(term, shape):
            if c in seen and n != seen[c][0] and n != 1 and seen[c][0] != 1:
                return _bad(f"subscript {c} has size {n} for operand {k} which does not "
                            f"broadcast with previously seen size {seen[c][0]} (operand "
                            f"{seen[c][1]}); shapes {[list(s) for s in shapes]}")
            if c not in seen or seen[c][0] == 1:
                seen[c] = (n, k)
    return _bad(f"operands of shapes {[list(s) for s in shapes]} do not fit the equation "
                f"{spec.equation!r}")


def _contract(xp: Any, equation: str, *arrays: Any) -> Any:
    """xp.einsum, letting NumPy/CuPy route large contractions to BLAS."""
    if xp.differentiable:
        return einsum(equation, *arrays)
    optimize = len(arrays) > 2 or any(a.size > 1024 for a in arrays)
    return xp.einsum(equation, *arrays, optimize=optimize)


class Einsum(Function):
    @staticmethod
    def forward(ctx, *ops, spec):
        ctx.spec = spec
        ctx.save_for_backward(*ops)
        try:
            return _contract(ctx.xp, spec.equation, *ops)
        except ValueError:
            raise _einsum_error(spec, [o.shape for o in ops]) from None

    @staticmethod
    def backward(ctx, gy):
        # y = sum over the contracted letters of prod_k x_k:  dy/dx_i = the same sum with x_i
        # left out, taken onto x_i's letters (broadcast over letters only x_i has; a repeated
        # letter of x_i is a diagonal, so its gradient lies on that diagonal)
        ops = ctx.saved_tensors
        xp = ctx.xp
        grads = []
        for i, (eq, first, lonely, diag) in enumerate(ctx.spec.plans):
            if not ctx.needs_input_grad[i]:
                grads.append(None)
                continue
            others = ops[:i] + ops[i + 1:]
            g = gy if eq is None else _contract(xp, eq, gy, *others)
            shape = tuple(g.shape)
            if lonely:
                shape = list(shape)
                for k in lonely:
                    shape.insert(k, 1)
                shape = tuple(shape)
                g = xp.reshape(g, shape)
            # letters only x_i has, or where the other operands had size 1, broadcast back (to
            # x_i's size, which may be 0; a size x_i has as 1 is summed by the engine)
            xshape = ops[i].shape
            full = tuple(xshape[k] if n == 1 else n for n, k in zip(shape, first))
            if full != shape:
                g = xp.broadcast_to(g, full)
            if diag is not None:
                deq, positions = diag
                eyes = [_eye(xp, ops[i].shape[k], gy.dtype) for k in positions]
                g = _contract(xp, deq, g, *eyes)
            grads.append(g)
        return tuple(grads)


def _eye(xp: Any, n: int, dtype: Any) -> Any:
    if xp.differentiable:
        return xp.asarray(xp.raw.eye(n, dtype=dtype))
    return xp.eye(n, dtype=dtype)


def _sublist_letters(sublist: Any) -> str:
    """A sublist of the ``einsum(op, [0, 1], ...)`` form as letters (0-25: A-Z, 26-51: a-z)."""
    letters = []
    for s in sublist:
        if s is Ellipsis:
            letters.append("...")
            continue
        if not 0 <= s < 52:
            raise ValueError("einsum(): subscript in subscript list is not within the valid "
                             "range [0, 52)")
        letters.append(_LETTERS[s])
    return "".join(letters)


def _from_sublists(args: tuple) -> tuple[str, tuple]:
    """``(op1, sub1, op2, sub2, ..., [sub_out])`` as an equation and its operands."""
    operands, terms = args[0::2], args[1::2]
    out = None
    if len(operands) > len(terms):  # an odd count: the last one is the output's sublist
        out, operands = operands[-1], operands[:-1]
    for k, o in enumerate(operands):
        if not isinstance(o, TensorBase):
            raise TypeError(f"einsum(): expected Tensor as element {2 * k} of the operands and "
                            f"sublists, but got {type(o).__name__}")
    equation = ",".join(_sublist_letters(t) for t in terms)
    if out is not None:
        equation += "->" + _sublist_letters(out)
    return equation, tuple(operands)


def _bool_einsum(spec: _Spec, operands: tuple) -> Tensor | None:
    """PyTorch's einsum of bool operands: a letter contracted between operands goes to a
    bool matmul (which PyTorch has not); one summed within an operand is an integer sum."""
    summed = {c for term in spec.subs for c in term} - set(spec.out)
    if not all(o._data.size for o in operands):
        return None  # PyTorch's zero-size shortcut: a bool result of zeros, no matmul
    shared = {c for c in summed if sum(c in term for term in spec.subs) > 1}
    if shared:
        raise NotImplementedError("einsum(): \"bmm\" not implemented for 'Bool' (the bool "
                                  f"operands are contracted over {sorted(shared)})")
    if summed:
        return Einsum.apply(*(to(o, _dt.int64) for o in operands), spec=spec)
    return None


def einsum(equation: Any, *operands: Any) -> Tensor:
    """Einstein summation like ``torch.einsum``: implicit or explicit (``->``) output,
    ``...`` for broadcast dims, repeated subscripts for diagonals and traces. The operands may
    also be given as one list, or in the sublist form ``einsum(op1, [0, 1], op2, [1, 2],
    [0, 2])``."""
    if not operands:
        raise ValueError("einsum(): must specify the equation string and at least one "
                         "operand, or at least one operand and its subscripts list")
    if isinstance(equation, TensorBase):  # the sublist form starts with an operand
        equation, operands = _from_sublists((equation,) + operands)
    elif len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    as_str(equation, "einsum", "equation")
    for k, o in enumerate(operands):
        if not isinstance(o, TensorBase):
            raise TypeError(f"einsum(): operand {k} must be a Tensor, not {type(o).__name__}")
    dtype = operands[0]._data.dtype
    if any(o._data.dtype is not dtype for o in operands):
        check_same_dtype("einsum", *operands)  # PyTorch does not promote einsum's operands
    spec = _parse(equation, tuple(o.ndim for o in operands))
    for k in spec.repeats:
        sizes: dict = {}
        for c, n in zip(spec.subs[k], operands[k].shape):
            if sizes.setdefault(c, n) != n:
                raise _bad(f"subscript {c} is repeated for operand {k} but the sizes don't "
                           f"match, {sizes[c]} != {n}")
    if dtype.kind == "b":
        summed = _bool_einsum(spec, operands)
        if summed is not None:
            return summed
    return Einsum.apply(*operands, spec=spec)


@register("einsum")
def _xp_einsum(subscripts: str, *operands: Tensor, optimize: Any = False) -> Tensor:
    # backward formulas may combine a gradient with saved values of another dtype: promote
    dtype = operands[0]._data.dtype
    if any(o._data.dtype is not dtype for o in operands):
        dtype = _dt.result_type(*operands)
        operands = tuple(o if o.dtype == dtype else to(o, dtype) for o in operands)
    return einsum(subscripts, *operands)
