"""Reductions, scans, sorting and statistics swept across their options, against PyTorch.

Each case is written once as ``fn(m, L, T)`` against a module ``m`` (``autograd`` or
``torch``): ``L(data, dtype)`` makes a leaf that requires grad, ``T(data, dtype)`` a constant.
The case runs under both libraries and the results must agree: tensors by dtype, shape and
values (float64, tight tolerances, NaN where NaN), named tuples by their type name and field
names too, Python values exactly, and a raised exception by type (ours an instance of
PyTorch's). Then the gradient of a fixed weighting of every floating output that requires
grad flows back, and the leaves' gradients must agree the same way (or both backward passes
raise the same type of error). A second group compares second-order gradients.

Left out on purpose (PyTorch behaviours that are unspecified, or traps): which of equal
elements median, kthvalue, topk and mode (past 16 elements) index, and mode's handling of
NaN (its comparisons make the sort order undefined); searchsorted in a sequence holding NaN
(its binary search goes right at every NaN); histogram with unsorted bin edges; var_mean's
NaN mean of a row holding an infinity; the gradients noted at their cases. Extensions kept:
prod over a tuple of dims, logsumexp with dim=(), norm('fro') over more than two dims.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip

torch = torch_or_skip()  # the whole module compares with PyTorch

CASES: dict = {}
VALUES_ONLY: set = set()  # cases whose gradients are not compared (see where each is added)


def case(name: str, fn, grad: bool = True) -> None:
    assert name not in CASES, name
    CASES[name] = fn
    if not grad:
        VALUES_ONLY.add(name)


class _Raised:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"raised {type(self.error).__name__}: {self.error}"


def _is_tensor(value) -> bool:
    return isinstance(value, ag.Tensor | torch.Tensor)


def _norm(value):
    """A library-neutral form of a case's result."""
    if isinstance(value, torch.Tensor):
        name = str(value.dtype).replace("torch.", "")
        array = value.detach().cpu()
        array = (array.float() if name == "bfloat16" else array).numpy(force=True)
        return ("tensor", name, array.shape, array.astype(np.float64))
    if isinstance(value, ag.Tensor):
        array = value.detach().numpy(force=True)
        return ("tensor", str(array.dtype), array.shape, array.astype(np.float64))
    if isinstance(value, tuple) and getattr(type(value), "__match_args__", ()):
        return ("named", type(value).__name__, tuple(type(value).__match_args__),
                tuple(_norm(v) for v in value))
    if isinstance(value, list | tuple):
        return type(value)(_norm(v) for v in value)
    if isinstance(value, torch.dtype):
        return str(value).replace("torch.", "")
    if isinstance(value, np.dtype):
        return str(value)
    if isinstance(value, torch.Size):
        return tuple(value)
    return value


def _same(ours, theirs, path: str, rtol: float) -> None:
    if isinstance(theirs, _Raised):
        assert isinstance(ours, _Raised), f"{path}: PyTorch raised {theirs!r}, we gave {ours!r}"
        assert isinstance(ours.error, type(theirs.error)), f"{path}: {ours!r} vs {theirs!r}"
        return
    assert not isinstance(ours, _Raised), f"{path}: we {ours!r}, PyTorch gave {theirs!r}"
    if isinstance(theirs, tuple) and theirs[:1] == ("tensor",):
        assert isinstance(ours, tuple) and ours[:3] == theirs[:3], (
            f"{path}: {ours[:3] if isinstance(ours, tuple) else ours} vs {theirs[:3]}\n"
            f"  ours:   {ours}\n  theirs: {theirs}")
        np.testing.assert_allclose(ours[3], theirs[3], rtol=rtol, atol=rtol * 1e-3,
                                   equal_nan=True, err_msg=path)
        return
    if isinstance(theirs, tuple) and theirs[:1] == ("named",):
        assert isinstance(ours, tuple) and ours[:3] == theirs[:3], f"{path}: {ours} vs {theirs}"
        _same(ours[3], theirs[3], path, rtol)
        return
    if isinstance(theirs, list | tuple):
        assert type(ours) is type(theirs) and len(ours) == len(theirs), (
            f"{path}: {ours} vs {theirs}")
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _same(a, b, f"{path}[{i}]", rtol)
        return
    if isinstance(theirs, float) and isinstance(ours, float):
        assert math.isclose(ours, theirs, rel_tol=rtol) or (
            math.isnan(ours) and math.isnan(theirs)), f"{path}: {ours} vs {theirs}"
        return
    assert type(ours) is type(theirs) and ours == theirs, f"{path}: {ours!r} vs {theirs!r}"


def _tensors(value) -> list:
    if _is_tensor(value):
        return [value]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _tensors(v)]
    return []


def _weights(shape: tuple) -> np.ndarray:
    """A fixed cotangent: distinct, signed and of order one."""
    return np.cos(np.arange(int(np.prod(shape))) * 0.7 + 0.3).reshape(shape)


def _run(fn, m, device: str):
    """The case's result and its leaves' gradients (or the errors raised)."""
    leaves = []

    def make(data, dtype="float64", grad=False):
        if m is torch:
            t = torch.tensor(data, dtype=getattr(torch, dtype))
        else:
            t = ag.tensor(data, dtype=getattr(ag, dtype), device=device)
        if grad:
            t.requires_grad_(True)
            leaves.append(t)
        return t

    def leaf(data, dtype="float64"):
        return make(data, dtype, True)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = fn(m, leaf, make)
        except Exception as error:  # the error itself is the result compared
            return _Raised(error), None
        result = _norm(out)
        outputs = [t for t in _tensors(out) if t.requires_grad]
        if not leaves or not outputs:
            return result, None
        loss = 0
        for t in outputs:
            w = _weights(tuple(t.shape))
            w = torch.tensor(w, dtype=t.dtype) if m is torch else ag.tensor(
                w, dtype=t.dtype, device=device)
            loss = loss + (t * w).sum()
        try:
            grads = (m.autograd.grad(loss, leaves, allow_unused=True) if m is torch
                     else ag.grad(loss, leaves, allow_unused=True))
        except Exception as error:
            return result, _Raised(error)
        return result, [None if g is None else _norm(g) for g in grads]


def _second_order(fn, m, device: str):
    """The gradient of a fixed weighting of the first gradients (create_graph=True)."""
    leaves = []

    def leaf(data, dtype="float64"):
        if m is torch:
            t = torch.tensor(data, dtype=getattr(torch, dtype), requires_grad=True)
        else:
            t = ag.tensor(data, dtype=getattr(ag, dtype), device=device, requires_grad=True)
        leaves.append(t)
        return t

    def tensor_of(values, like):
        if m is torch:
            return torch.tensor(values, dtype=like.dtype)
        return ag.tensor(values, dtype=like.dtype, device=device)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = fn(m, leaf)
        out = out[0] if isinstance(out, tuple) else out
        loss = (out * tensor_of(_weights(tuple(out.shape)), out)).sum()
        grad = m.autograd.grad if m is torch else ag.grad
        firsts = grad(loss, leaves, create_graph=True, allow_unused=True)
        terms = [(g * tensor_of(_weights(tuple(g.shape)) + 0.5, g)).sum()
                 for g in firsts if g is not None and g.requires_grad]
        if not terms:  # piecewise linear: the first gradients are constants
            return [None] * len(leaves)
        return [None if g is None else _norm(g)
                for g in grad(sum(terms), leaves, allow_unused=True)]


def check(name: str, device: str = "cpu") -> None:
    fn = CASES[name]
    theirs, their_grads = _run(fn, torch, "cpu")
    ours, our_grads = _run(fn, ag, device)
    _same(ours, theirs, "out", _rtol(theirs))
    if name not in VALUES_ONLY and (their_grads is not None or our_grads is not None):
        _same(our_grads, their_grads, "grads", _rtol(their_grads))


def _rtol(result) -> float:
    """Tight for float64 results; float32 and float16 ones get their precision's share."""
    text = repr(result)
    return (2e-2 if "bfloat16" in text else 3e-3 if "float16" in text else
            1e-5 if "float32" in text else 1e-9)


# -- data ----------------------------------------------------------------------------------

_rng = np.random.default_rng(7)
A = _rng.standard_normal((3, 4)).round(3).tolist()  # distinct values
B = _rng.standard_normal((2, 3, 4)).round(3).tolist()
V = _rng.standard_normal(6).round(3).tolist()
POS = (np.abs(_rng.standard_normal((3, 4))) + 0.5).round(3).tolist()
TIES = [[1.0, 3.0, 3.0, 2.0], [2.0, 2.0, 1.0, 1.0], [5.0, 5.0, 5.0, 5.0]]
NANS = [[1.0, float("nan"), 3.0, 2.0], [2.0, 0.5, 1.0, 4.0], [float("nan")] * 4]
INFS = [[1.0, float("inf"), 3.0], [float("-inf"), 0.5, 1.0], [float("-inf")] * 3,
        [float("inf"), float("-inf"), 0.0]]
ZEROS = [[1.5, 0.0, 2.0, -3.0], [0.0, 2.0, 0.0, 4.0], [2.0, -1.0, 0.5, 3.0]]
INTS = [[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8]]
E = np.zeros((0, 3))  # an empty 0 x 3 matrix


# -- sum, mean, nansum, nanmean, prod ------------------------------------------------------
for op in ("sum", "mean", "nansum", "nanmean", "prod"):
    case(f"{op}_all", lambda m, L, T, op=op: getattr(m, op)(L(A)))
    case(f"{op}_dim0", lambda m, L, T, op=op: getattr(m, op)(L(A), 0))
    case(f"{op}_dim_neg", lambda m, L, T, op=op: getattr(m, op)(L(B), -2))
    case(f"{op}_keepdim", lambda m, L, T, op=op: getattr(m, op)(L(B), 1, keepdim=True))
    case(f"{op}_0d", lambda m, L, T, op=op: getattr(m, op)(L(2.5)))
    case(f"{op}_0d_dim0", lambda m, L, T, op=op: getattr(m, op)(L(2.5), 0))
    case(f"{op}_0d_dim_neg1_keep", lambda m, L, T, op=op: getattr(m, op)(L(2.5), -1, True))
    case(f"{op}_0d_dim1", lambda m, L, T, op=op: getattr(m, op)(L(2.5), 1))
    case(f"{op}_dim_out_of_range", lambda m, L, T, op=op: getattr(m, op)(L(A), 2))
    case(f"{op}_empty", lambda m, L, T, op=op: getattr(m, op)(L(E)))
    case(f"{op}_empty_dim0", lambda m, L, T, op=op: getattr(m, op)(L(E), 0))
    case(f"{op}_empty_dim1", lambda m, L, T, op=op: getattr(m, op)(L(E), 1))
    case(f"{op}_nan", lambda m, L, T, op=op: getattr(m, op)(L(NANS), 1))
    case(f"{op}_inf", lambda m, L, T, op=op: getattr(m, op)(L(INFS), 1))
    case(f"{op}_float32", lambda m, L, T, op=op: getattr(m, op)(L(A, "float32"), 1))
    case(f"{op}_dtype_f64", lambda m, L, T, op=op: getattr(m, op)(L(A, "float32"), 1,
                                                                 dtype=m.float64))
    case(f"{op}_int", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int64"), 1))
    case(f"{op}_int32", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int32")))
    case(f"{op}_bool", lambda m, L, T, op=op: getattr(m, op)(T([[True, False], [True, True]],
                                                               "bool"), 0))
    case(f"{op}_int_dtype_float", lambda m, L, T, op=op: getattr(m, op)(
        T(INTS, "int64"), 0, dtype=m.float32))
    case(f"{op}_method", lambda m, L, T, op=op: getattr(L(B), op)(dim=2, keepdim=True))
    case(f"{op}_zeros", lambda m, L, T, op=op: getattr(m, op)(L(ZEROS), 1))
    case(f"{op}_zeros_all", lambda m, L, T, op=op: getattr(m, op)(L(ZEROS)))
    if op == "prod":  # PyTorch's prod takes one int dim; tuples are an extension here
        continue
    case(f"{op}_dim_list", lambda m, L, T, op=op: getattr(m, op)(L(B), [0, 2]))
    case(f"{op}_dim_tuple", lambda m, L, T, op=op: getattr(m, op)(L(B), (0, -1)))
    case(f"{op}_dim_tuple_keep", lambda m, L, T, op=op: getattr(m, op)(L(B), (2, 0), True))
    case(f"{op}_dim_empty_tuple", lambda m, L, T, op=op: getattr(m, op)(L(B), ()))
    case(f"{op}_dim_repeated", lambda m, L, T, op=op: getattr(m, op)(L(B), (1, -2)))
    case(f"{op}_dim_none_kw", lambda m, L, T, op=op: getattr(m, op)(L(A), dim=None))

case("sum_keepdim_all", lambda m, L, T: m.sum(L(B), (0, 1, 2), keepdim=True))
case("sum_dtype_int_from_float", lambda m, L, T: m.sum(T(A), 0, dtype=m.int64))
case("sum_bool_all", lambda m, L, T: T([[True, True], [False, True]], "bool").sum())
case("sum_uint8", lambda m, L, T: T([200, 100], "uint8").sum())
case("mean_int_dtype", lambda m, L, T: m.mean(T(INTS, "int64"), dtype=m.float64))
case("nansum_all_nan", lambda m, L, T: m.nansum(L([float("nan")] * 3)))
case("nanmean_all_nan_row", lambda m, L, T: m.nanmean(L(NANS), 1, keepdim=True))
case("prod_two_zeros", lambda m, L, T: m.prod(L([[0.0, 2.0, 0.0, 3.0]]), 1))
case("prod_one_zero_all", lambda m, L, T: m.prod(L([0.0, 2.0, -1.5, 3.0])))
case("prod_int_overflow", lambda m, L, T: m.prod(T([2**40, 2**30], "int64")))

case("prod_nonfinite_with_zero", lambda m, L, T: m.prod(L(INFS), 1))
case("prod_nonfinite_no_zero", lambda m, L, T: m.prod(L([[1.0, float("inf"), 3.0]]), 1))


# -- var, std, var_mean, std_mean -----------------------------------------------------------
for op in ("var", "std", "var_mean", "std_mean"):
    case(f"{op}_all", lambda m, L, T, op=op: getattr(m, op)(L(A)))
    case(f"{op}_dim", lambda m, L, T, op=op: getattr(m, op)(L(B), 1))
    case(f"{op}_dim_tuple_keep", lambda m, L, T, op=op: getattr(m, op)(L(B), (0, 2),
                                                                      keepdim=True))
    case(f"{op}_dim_none", lambda m, L, T, op=op: getattr(m, op)(L(B), None))
    # PyTorch's gradient for dim=() divides by n - correction with n = 1 (its value
    # reduces every dim): a trap, so only the values are compared
    case(f"{op}_dim_empty_tuple", lambda m, L, T, op=op: getattr(m, op)(L(B), ()), grad=False)
    case(f"{op}_unbiased_false", lambda m, L, T, op=op: getattr(m, op)(L(A), 1, False))
    case(f"{op}_unbiased_positional", lambda m, L, T, op=op: getattr(m, op)(L(A), False))
    case(f"{op}_unbiased_kw", lambda m, L, T, op=op: getattr(m, op)(L(A), unbiased=False))
    case(f"{op}_correction0", lambda m, L, T, op=op: getattr(m, op)(L(A), 0, correction=0))
    case(f"{op}_correction2", lambda m, L, T, op=op: getattr(m, op)(L(A), 1, correction=2))
    case(f"{op}_correction_float", lambda m, L, T, op=op: getattr(m, op)(L(A), 1,
                                                                        correction=0.5))
    case(f"{op}_correction_big", lambda m, L, T, op=op: getattr(m, op)(L(A), 1, correction=4))
    case(f"{op}_correction_bigger", lambda m, L, T, op=op: getattr(m, op)(L(A), 1,
                                                                         correction=5))
    case(f"{op}_one_element", lambda m, L, T, op=op: getattr(m, op)(L([[1.5]]), 0))
    case(f"{op}_0d", lambda m, L, T, op=op: getattr(m, op)(L(1.5)))
    case(f"{op}_0d_dim0", lambda m, L, T, op=op: getattr(m, op)(L(1.5), 0, correction=0))
    case(f"{op}_empty", lambda m, L, T, op=op: getattr(m, op)(L(E)))
    case(f"{op}_empty_dim0", lambda m, L, T, op=op: getattr(m, op)(L(E), 0))
    case(f"{op}_empty_dim1", lambda m, L, T, op=op: getattr(m, op)(L(E), 1))
    case(f"{op}_nan", lambda m, L, T, op=op: getattr(m, op)(L(NANS), 1))
    # var_mean's mean of a row with an infinity is NaN in PyTorch (its Welford update), where
    # mean's is the infinity: ours is mean's
    case(f"{op}_inf", lambda m, L, T, op=op: getattr(m, op)(L(INFS), 1)[0])
    case(f"{op}_constant", lambda m, L, T, op=op: getattr(m, op)(L(TIES), 1))
    case(f"{op}_int", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int64")))
    case(f"{op}_float32", lambda m, L, T, op=op: getattr(m, op)(L(A, "float32"), 0))
    case(f"{op}_both", lambda m, L, T, op=op: getattr(m, op)(L(A), 1, True, correction=1))
    case(f"{op}_method_keepdim", lambda m, L, T, op=op: getattr(m, op)(L(B), dim=-1,
                                                                      keepdim=True)
         if op in ("var", "std") else getattr(m, op)(L(B), dim=-1, keepdim=True))
case("var_dim_list", lambda m, L, T: L(B).var([0, 1]))
case("std_out_of_range", lambda m, L, T: L(B).std(3))


# -- max, min, amax, amin, aminmax ---------------------------------------------------------
for op in ("max", "min"):
    case(f"{op}_all", lambda m, L, T, op=op: getattr(m, op)(L(A)))
    case(f"{op}_all_ties", lambda m, L, T, op=op: getattr(m, op)(L(TIES)))
    case(f"{op}_dim", lambda m, L, T, op=op: getattr(m, op)(L(A), 1))
    case(f"{op}_dim_keep", lambda m, L, T, op=op: getattr(m, op)(L(B), 0, keepdim=True))
    case(f"{op}_dim_neg", lambda m, L, T, op=op: getattr(m, op)(L(B), -1))
    case(f"{op}_dim_ties", lambda m, L, T, op=op: getattr(m, op)(L(TIES), 1))
    case(f"{op}_dim_ties0", lambda m, L, T, op=op: getattr(m, op)(L(TIES), 0))
    case(f"{op}_dim_nan", lambda m, L, T, op=op: getattr(m, op)(L(NANS), 1))
    case(f"{op}_all_nan", lambda m, L, T, op=op: getattr(m, op)(L(NANS)))
    case(f"{op}_dim_inf", lambda m, L, T, op=op: getattr(m, op)(L(INFS), 1))
    case(f"{op}_0d", lambda m, L, T, op=op: getattr(m, op)(L(2.0)))
    case(f"{op}_0d_dim", lambda m, L, T, op=op: getattr(m, op)(L(2.0), 0))
    case(f"{op}_0d_dim_keep", lambda m, L, T, op=op: getattr(m, op)(L(2.0), -1, True))
    case(f"{op}_empty", lambda m, L, T, op=op: getattr(m, op)(L(E)))
    case(f"{op}_empty_dim0", lambda m, L, T, op=op: getattr(m, op)(L(E), 0))
    case(f"{op}_empty_dim1", lambda m, L, T, op=op: getattr(m, op)(L(E), 1))
    case(f"{op}_int", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int64"), 1))
    case(f"{op}_bool", lambda m, L, T, op=op: getattr(m, op)(T([[True, False]], "bool"), 1))
    case(f"{op}_bool_all", lambda m, L, T, op=op: getattr(m, op)(T([[True, False]], "bool")))
    case(f"{op}_other", lambda m, L, T, op=op: getattr(m, op)(L(A), L(TIES)))
    case(f"{op}_other_broadcast", lambda m, L, T, op=op: getattr(L(A), op)(L([0.0] * 4)))
    case(f"{op}_other_ties", lambda m, L, T, op=op: getattr(m, op)(L(TIES), L(TIES)))
    case(f"{op}_other_nan", lambda m, L, T, op=op: getattr(m, op)(L(NANS), L(A)))
    case(f"{op}_dim_tuple", lambda m, L, T, op=op: getattr(m, op)(L(A), (0, 1)))
    case(f"{op}_dim_kw", lambda m, L, T, op=op: getattr(L(A), op)(dim=0))
    case(f"{op}_keepdim_no_dim", lambda m, L, T, op=op: getattr(m, op)(L(A), keepdim=True))
    case(f"{op}_fields", lambda m, L, T, op=op: [getattr(m, op)(L(A), 1).indices,
                                                 getattr(m, op)(L(A), 1)[0]])
for op in ("amax", "amin"):
    case(f"{op}_all", lambda m, L, T, op=op: getattr(m, op)(L(A)))
    case(f"{op}_ties", lambda m, L, T, op=op: getattr(m, op)(L(TIES), 1))
    case(f"{op}_ties_all", lambda m, L, T, op=op: getattr(m, op)(L(TIES)))
    case(f"{op}_tuple", lambda m, L, T, op=op: getattr(m, op)(L(B), (0, 2)))
    case(f"{op}_tuple_keep", lambda m, L, T, op=op: getattr(m, op)(L(B), (0, -1), True))
    case(f"{op}_nan", lambda m, L, T, op=op: getattr(m, op)(L(NANS), 1))
    case(f"{op}_inf", lambda m, L, T, op=op: getattr(m, op)(L(INFS), 1))
    case(f"{op}_0d", lambda m, L, T, op=op: getattr(m, op)(L(2.0), 0))
    case(f"{op}_empty", lambda m, L, T, op=op: getattr(m, op)(L(E)))
    case(f"{op}_empty_dim0", lambda m, L, T, op=op: getattr(m, op)(L(E), 0))
    case(f"{op}_empty_dim1", lambda m, L, T, op=op: getattr(m, op)(L(E), 1))
    case(f"{op}_int", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int32"), 0))
    case(f"{op}_bool", lambda m, L, T, op=op: getattr(m, op)(T([[True, False]], "bool"), 1))
    case(f"{op}_repeated", lambda m, L, T, op=op: getattr(m, op)(L(B), (0, -3)))
    case(f"{op}_none", lambda m, L, T, op=op: getattr(m, op)(L(B), None))
case("aminmax_all", lambda m, L, T: m.aminmax(L(TIES)))
case("aminmax_dim", lambda m, L, T: m.aminmax(L(TIES), dim=1))
case("aminmax_dim_keep", lambda m, L, T: m.aminmax(L(B), dim=0, keepdim=True))
case("aminmax_keep_all", lambda m, L, T: m.aminmax(L(B), keepdim=True))
case("aminmax_nan", lambda m, L, T: m.aminmax(L(NANS), dim=1))
case("aminmax_0d", lambda m, L, T: m.aminmax(L(2.0)))
case("aminmax_0d_dim", lambda m, L, T: m.aminmax(L(2.0), dim=0))
case("aminmax_empty", lambda m, L, T: m.aminmax(L(E)))
case("aminmax_empty_dim0", lambda m, L, T: m.aminmax(L(E), dim=0))
case("aminmax_empty_dim1", lambda m, L, T: m.aminmax(L(E), dim=1))
case("aminmax_int", lambda m, L, T: m.aminmax(T(INTS, "int64"), dim=0))
case("aminmax_bool", lambda m, L, T: m.aminmax(T([[True, False]], "bool")))
case("aminmax_method", lambda m, L, T: L(A).aminmax(dim=-1).max)
case("aminmax_positional_dim", lambda m, L, T: m.aminmax(L(A), 0))


# -- argmax, argmin --------------------------------------------------------------------------
for op in ("argmax", "argmin"):
    case(f"{op}_all", lambda m, L, T, op=op: getattr(m, op)(T(A)))
    case(f"{op}_dim", lambda m, L, T, op=op: getattr(m, op)(T(B), 1))
    case(f"{op}_keepdim", lambda m, L, T, op=op: getattr(m, op)(T(B), 2, keepdim=True))
    case(f"{op}_all_keepdim", lambda m, L, T, op=op: getattr(m, op)(T(B), keepdim=True))
    case(f"{op}_ties", lambda m, L, T, op=op: getattr(m, op)(T(TIES), 1))
    case(f"{op}_ties_all", lambda m, L, T, op=op: getattr(m, op)(T(TIES)))
    case(f"{op}_nan", lambda m, L, T, op=op: getattr(m, op)(T(NANS), 1))
    case(f"{op}_nan_all", lambda m, L, T, op=op: getattr(m, op)(T(NANS)))
    case(f"{op}_inf", lambda m, L, T, op=op: getattr(m, op)(T(INFS), 1))
    case(f"{op}_0d", lambda m, L, T, op=op: getattr(m, op)(T(2.0)))
    case(f"{op}_0d_dim", lambda m, L, T, op=op: getattr(m, op)(T(2.0), 0, True))
    case(f"{op}_empty", lambda m, L, T, op=op: getattr(m, op)(T(E)))
    case(f"{op}_empty_dim0", lambda m, L, T, op=op: getattr(m, op)(T(E), 0))
    case(f"{op}_empty_dim1", lambda m, L, T, op=op: getattr(m, op)(T(E), 1))
    case(f"{op}_int", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int64"), 0))
    case(f"{op}_bool", lambda m, L, T, op=op: getattr(m, op)(T([True, False], "bool")))
    case(f"{op}_tuple", lambda m, L, T, op=op: getattr(m, op)(T(A), (0, 1)))
    case(f"{op}_out_of_range", lambda m, L, T, op=op: getattr(m, op)(T(A), 2))
    case(f"{op}_grad", lambda m, L, T, op=op: getattr(m, op)(L(A), 1).requires_grad)



# -- median, nanmedian, mode -----------------------------------------------------------------
EVEN = [[4.0, 1.0, 3.0, 2.0], [2.5, -2.0, 1.0, 1.5], [0.5, -1.0, 7.0, 0.25]]
NAN_MED = [[float("nan"), 1.0, 3.0, 2.0], [2.0, float("nan"), float("nan"), 1.0],
           [float("nan")] * 4]


def _ties(m, result, x, dim):
    """Which of equal elements a median, kthvalue or topk picks is left open by PyTorch: the
    values, and that each index points at its value."""
    values, indices = result
    return values, m.equal(x.gather(dim, indices), values)


for op in ("median", "nanmedian"):
    case(f"{op}_all_even", lambda m, L, T, op=op: getattr(m, op)(L(EVEN)))
    case(f"{op}_all_odd", lambda m, L, T, op=op: getattr(m, op)(L(V[:5])))
    case(f"{op}_all_ties", lambda m, L, T, op=op: getattr(m, op)(L(TIES)))
    case(f"{op}_dim_even", lambda m, L, T, op=op: getattr(m, op)(L(EVEN), 1))
    case(f"{op}_dim0", lambda m, L, T, op=op: getattr(m, op)(L(EVEN), 0))
    case(f"{op}_dim_keep", lambda m, L, T, op=op: getattr(m, op)(L(B), 1, keepdim=True))
    case(f"{op}_dim_ties", lambda m, L, T, op=op: _ties(
        m, getattr(m, op)(L(TIES), 1, True), T(TIES), 1), grad=False)
    case(f"{op}_dim_ties0", lambda m, L, T, op=op: _ties(
        m, getattr(m, op)(L(TIES), 0, True), T(TIES), 0), grad=False)
    case(f"{op}_nan_all", lambda m, L, T, op=op: getattr(m, op)(L(NAN_MED)))
    case(f"{op}_nan_dim", lambda m, L, T, op=op: getattr(m, op)(L(NAN_MED[:2]), 1))
    case(f"{op}_nan_row", lambda m, L, T, op=op: getattr(m, op)(L(NAN_MED), 1).values,
         grad=False)
    case(f"{op}_nan_dim0", lambda m, L, T, op=op: getattr(m, op)(L(NAN_MED), 0))
    case(f"{op}_0d", lambda m, L, T, op=op: getattr(m, op)(L(1.5)))
    case(f"{op}_0d_dim", lambda m, L, T, op=op: getattr(m, op)(L(1.5), 0))
    case(f"{op}_0d_dim_keep", lambda m, L, T, op=op: getattr(m, op)(L(1.5), -1, True))
    case(f"{op}_empty", lambda m, L, T, op=op: getattr(m, op)(L(E)))
    case(f"{op}_empty_dim0", lambda m, L, T, op=op: getattr(m, op)(L(E), 0))
    case(f"{op}_empty_dim1", lambda m, L, T, op=op: getattr(m, op)(L(E), 1))
    case(f"{op}_int", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int64"), 1))
    case(f"{op}_int_all", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int64")))
    case(f"{op}_bool", lambda m, L, T, op=op: getattr(m, op)(T([True, False], "bool")))
    case(f"{op}_float32", lambda m, L, T, op=op: getattr(m, op)(L(EVEN, "float32"), 1))
    case(f"{op}_tuple_dim", lambda m, L, T, op=op: getattr(m, op)(L(EVEN), (0, 1)))
    case(f"{op}_method", lambda m, L, T, op=op: getattr(L(EVEN), op)(dim=-1).indices)
    case(f"{op}_keepdim_no_dim", lambda m, L, T, op=op: getattr(m, op)(L(EVEN), keepdim=True))
MODE = [[1.0, 2.0, 2.0, 1.0, 3.0], [4.0, 4.0, 4.0, 0.0, 0.0], [7.0, 6.0, 5.0, 6.0, 7.0]]
case("mode_dim_last", lambda m, L, T: m.mode(L(MODE)))
case("mode_dim0", lambda m, L, T: m.mode(L(MODE), 0))
case("mode_keepdim", lambda m, L, T: m.mode(L(MODE), 1, keepdim=True))
case("mode_distinct", lambda m, L, T: m.mode(L(A), 1))
case("mode_int", lambda m, L, T: m.mode(T(INTS, "int64"), 1))
case("mode_bool", lambda m, L, T: m.mode(T([[True, False, True]], "bool"), 1))
case("mode_0d", lambda m, L, T: m.mode(L(1.5)))
case("mode_empty_dim0", lambda m, L, T: m.mode(L(E), 0))
case("mode_empty_dim1", lambda m, L, T: m.mode(L(E), 1))
case("mode_1d", lambda m, L, T: m.mode(L([3.0, 1.0, 3.0, 1.0])))
case("mode_method", lambda m, L, T: L(MODE).mode(dim=0, keepdim=True))


# -- quantile, nanquantile -------------------------------------------------------------------
for op in ("quantile", "nanquantile"):
    for interp in ("linear", "lower", "higher", "midpoint", "nearest"):
        case(f"{op}_{interp}_all", lambda m, L, T, op=op, i=interp: getattr(m, op)(
            L(A), 0.4, interpolation=i))
        case(f"{op}_{interp}_dim", lambda m, L, T, op=op, i=interp: getattr(m, op)(
            L(A), T([0.0, 0.25, 0.5, 0.9, 1.0]), 1, interpolation=i))
        case(f"{op}_{interp}_half", lambda m, L, T, op=op, i=interp: getattr(m, op)(
            L([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]]), T([1 / 6, 0.3, 0.5, 0.7]), 1, interpolation=i))
        case(f"{op}_{interp}_nan", lambda m, L, T, op=op, i=interp: getattr(m, op)(
            L(NAN_MED), T([0.25, 0.5]), 1, True, interpolation=i))
    case(f"{op}_keepdim_all", lambda m, L, T, op=op: getattr(m, op)(L(B), 0.3, keepdim=True))
    case(f"{op}_keepdim_dim", lambda m, L, T, op=op: getattr(m, op)(L(B), 0.3, 1, True))
    case(f"{op}_qtensor_keepdim", lambda m, L, T, op=op: getattr(m, op)(
        L(B), T([0.2, 0.8]), -1, keepdim=True))
    case(f"{op}_q0d_tensor", lambda m, L, T, op=op: getattr(m, op)(L(A), T(0.5), 0))
    case(f"{op}_q_empty", lambda m, L, T, op=op: getattr(m, op)(L(A), T([]), 0))
    case(f"{op}_q_2d", lambda m, L, T, op=op: getattr(m, op)(L(A), T([[0.5]]), 0))
    case(f"{op}_q_out_of_range", lambda m, L, T, op=op: getattr(m, op)(L(A), 1.5))
    case(f"{op}_q_negative", lambda m, L, T, op=op: getattr(m, op)(L(A), T([0.5, -0.1])))
    case(f"{op}_q_float32", lambda m, L, T, op=op: getattr(m, op)(L(A), T([0.5], "float32")))
    case(f"{op}_float32", lambda m, L, T, op=op: getattr(m, op)(L(A, "float32"),
                                                               T([0.5], "float32"), 1))
    case(f"{op}_bad_interp", lambda m, L, T, op=op: getattr(m, op)(L(A), 0.5,
                                                                  interpolation="cubic"))
    case(f"{op}_int", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int64"), 0.5))
    case(f"{op}_0d", lambda m, L, T, op=op: getattr(m, op)(L(2.0), 0.3))
    case(f"{op}_0d_dim", lambda m, L, T, op=op: getattr(m, op)(L(2.0), 0.3, 0, True))
    case(f"{op}_empty", lambda m, L, T, op=op: getattr(m, op)(L(E), 0.5))
    case(f"{op}_empty_dim0", lambda m, L, T, op=op: getattr(m, op)(L(E), 0.5, 0))
    case(f"{op}_empty_dim1", lambda m, L, T, op=op: getattr(m, op)(L(E), 0.5, 1))
    case(f"{op}_ties", lambda m, L, T, op=op: getattr(m, op)(L(TIES), T([0.5, 0.6]), 1))
    case(f"{op}_inf", lambda m, L, T, op=op: getattr(m, op)(L(INFS), 0.5, 1))
    case(f"{op}_method", lambda m, L, T, op=op: getattr(L(A), op)(0.7, dim=0))
    case(f"{op}_dim_tuple", lambda m, L, T, op=op: getattr(m, op)(L(B), 0.5, (0, 1)))
    case(f"{op}_q_grad", lambda m, L, T, op=op: getattr(m, op)(L(A), L([0.5]), 1))
    case(f"{op}_q_grad_0d", lambda m, L, T, op=op: getattr(m, op)(L(A), L(0.3)))
    for interp in ("linear", "lower", "higher", "midpoint", "nearest"):
        case(f"{op}_q_grad_{interp}_nan", lambda m, L, T, op=op, i=interp: getattr(m, op)(
            L(NAN_MED[:2]), L([0.2, 0.5, 1.0]), 1, interpolation=i))
        case(f"{op}_q_grad_{interp}_keepdim", lambda m, L, T, op=op, i=interp: getattr(m, op)(
            L(B), L([0.2, 0.7]), 0, True, interpolation=i))
    case(f"{op}_q_grad_nan_row", lambda m, L, T, op=op: getattr(m, op)(
        L(NAN_MED), L([0.2, 0.5]), 1))


# -- logsumexp, logcumsumexp, cumsum, cumprod, cummax, cummin -------------------------------
case("logsumexp_dim", lambda m, L, T: m.logsumexp(L(A), 1))
case("logsumexp_tuple_keep", lambda m, L, T: m.logsumexp(L(B), (0, 2), keepdim=True))
case("logsumexp_no_dim", lambda m, L, T: m.logsumexp(L(B)))
case("logsumexp_inf_rows", lambda m, L, T: m.logsumexp(L(INFS), 1))
case("logsumexp_nan", lambda m, L, T: m.logsumexp(L(NANS), 1))
case("logsumexp_0d", lambda m, L, T: m.logsumexp(L(2.0), 0))
case("logsumexp_empty_dim0", lambda m, L, T: m.logsumexp(L(E), 0))
case("logsumexp_empty_dim1", lambda m, L, T: m.logsumexp(L(E), 1))
case("logsumexp_int", lambda m, L, T: m.logsumexp(T(INTS, "int64"), 1))
case("logsumexp_bool", lambda m, L, T: m.logsumexp(T([True, False], "bool"), 0))
case("logsumexp_float32", lambda m, L, T: m.logsumexp(L(A, "float32"), 0))
case("logsumexp_big", lambda m, L, T: m.logsumexp(L([[1000.0, 1000.0], [-1000.0, 0.0]]), 1))
case("logsumexp_method", lambda m, L, T: L(A).logsumexp(dim=-1, keepdim=True))
case("logcumsumexp", lambda m, L, T: m.logcumsumexp(L(A), 1))
case("logcumsumexp_dim0", lambda m, L, T: m.logcumsumexp(L(B), 0))
case("logcumsumexp_inf", lambda m, L, T: m.logcumsumexp(L([INFS[0], INFS[3]]), 1))
# PyTorch's gradient is NaN where the running value is still -inf (0 / 0 in its formula); ours
# lets nothing flow there, so -inf padding in log space keeps finite gradients: values only
case("logcumsumexp_leading_neg_inf", lambda m, L, T: m.logcumsumexp(L(INFS), 1), grad=False)
case("logcumsumexp_nan", lambda m, L, T: m.logcumsumexp(L(NANS), 1))
case("logcumsumexp_0d", lambda m, L, T: m.logcumsumexp(L(2.0), 0))
case("logcumsumexp_empty", lambda m, L, T: m.logcumsumexp(L(E), 0))
case("logcumsumexp_int", lambda m, L, T: m.logcumsumexp(T(INTS, "int64"), 1))
case("logcumsumexp_big", lambda m, L, T: m.logcumsumexp(L([1000.0, 1000.0, -1000.0]), 0))
case("logcumsumexp_out_of_range", lambda m, L, T: m.logcumsumexp(L(A), 2))
for op in ("cumsum", "cumprod"):
    case(f"{op}_dim1", lambda m, L, T, op=op: getattr(m, op)(L(A), 1))
    case(f"{op}_dim_neg", lambda m, L, T, op=op: getattr(m, op)(L(B), -3))
    case(f"{op}_0d", lambda m, L, T, op=op: getattr(m, op)(L(2.0), 0))
    case(f"{op}_empty", lambda m, L, T, op=op: getattr(m, op)(L(E), 0))
    case(f"{op}_int", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int32"), 1))
    case(f"{op}_bool", lambda m, L, T, op=op: getattr(m, op)(T([True, True, False], "bool"), 0))
    case(f"{op}_dtype", lambda m, L, T, op=op: getattr(m, op)(L(A, "float32"), 0,
                                                             dtype=m.float64))
    case(f"{op}_int_dtype_float", lambda m, L, T, op=op: getattr(m, op)(
        T(INTS, "int64"), 0, dtype=m.float32))
    case(f"{op}_nan", lambda m, L, T, op=op: getattr(m, op)(L(NANS), 1))
    case(f"{op}_inf", lambda m, L, T, op=op: getattr(m, op)(L(INFS), 1))
    case(f"{op}_zeros", lambda m, L, T, op=op: getattr(m, op)(L(ZEROS), 1))
    case(f"{op}_zeros_dim0", lambda m, L, T, op=op: getattr(m, op)(L(ZEROS), 0))
    case(f"{op}_no_dim", lambda m, L, T, op=op: getattr(m, op)(L(A)))
    case(f"{op}_tuple_dim", lambda m, L, T, op=op: getattr(m, op)(L(A), (0,)))
    case(f"{op}_method", lambda m, L, T, op=op: getattr(L(A), op)(dim=0))
    case(f"{op}_out_of_range", lambda m, L, T, op=op: getattr(m, op)(L(A), -3))
case("cumprod_three_zeros", lambda m, L, T: m.cumprod(L([2.0, 0.0, 3.0, 0.0, 4.0, 0.0, 5.0]), 0))
case("cumprod_leading_zero", lambda m, L, T: m.cumprod(L([0.0, 2.0, 3.0]), 0))
CUM_TIES = [[1.0, 3.0, 3.0, 2.0, 3.0], [2.0, 1.0, 1.0, 5.0, 0.0],
            [1.0, float("nan"), 2.0, float("nan"), 5.0]]
for op in ("cummax", "cummin"):
    case(f"{op}_ties", lambda m, L, T, op=op: getattr(m, op)(L(CUM_TIES), 1))
    case(f"{op}_dim0", lambda m, L, T, op=op: getattr(m, op)(L(B), 0))
    case(f"{op}_ties_dim0", lambda m, L, T, op=op: getattr(m, op)(L(TIES), 0))
    case(f"{op}_inf", lambda m, L, T, op=op: getattr(m, op)(L(INFS), 1))
    case(f"{op}_0d", lambda m, L, T, op=op: getattr(m, op)(L(2.0), 0))
    case(f"{op}_empty", lambda m, L, T, op=op: getattr(m, op)(L(E), 0))
    case(f"{op}_empty_dim1", lambda m, L, T, op=op: getattr(m, op)(L(E), 1))
    case(f"{op}_int", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int64"), 1))
    case(f"{op}_bool", lambda m, L, T, op=op: getattr(m, op)(T([False, True, False], "bool"), 0))
    case(f"{op}_method", lambda m, L, T, op=op: getattr(L(A), op)(dim=-1).indices)
    case(f"{op}_out_of_range", lambda m, L, T, op=op: getattr(m, op)(L(A), 2))


# -- norm, count_nonzero, all, any -------------------------------------------------------------
for p in ("fro", 2, 1, 3, 0.5, 0, float("inf"), float("-inf"), -1, None):
    case(f"norm_p{p}_all", lambda m, L, T, p=p: m.norm(L(A), p))
    case(f"norm_p{p}_dim", lambda m, L, T, p=p: m.norm(L(B), p, 1))
    case(f"norm_p{p}_zero_row", lambda m, L, T, p=p: m.norm(L([[0.0, 0.0], [3.0, -4.0]]), p, 1))
    case(f"norm_p{p}_ties", lambda m, L, T, p=p: m.norm(L(TIES), p, 1, keepdim=True))
    case(f"norm_p{p}_empty", lambda m, L, T, p=p: m.norm(L(E), p))
    case(f"norm_p{p}_empty_dim0", lambda m, L, T, p=p: m.norm(L(E), p, 0))
    case(f"norm_p{p}_0d", lambda m, L, T, p=p: m.norm(L(-2.0), p))
    case(f"norm_p{p}_nan", lambda m, L, T, p=p: m.norm(L(NANS), p, 1))
case("norm_fro_tuple", lambda m, L, T: m.norm(L(B), "fro", (0, 2)))
case("norm_nuc", lambda m, L, T: m.norm(L(A), "nuc"))
case("norm_nuc_dims", lambda m, L, T: m.norm(L(B), "nuc", (1, 2)))
case("norm_p_tuple", lambda m, L, T: m.norm(L(B), 3, (0, 2), keepdim=True))
case("norm_dtype", lambda m, L, T: m.norm(L(A, "float32"), dtype=m.float64))
case("norm_int", lambda m, L, T: m.norm(T(INTS, "int64")))
case("norm_method", lambda m, L, T: L(B).norm(p=1, dim=-1))
case("norm_keepdim_all", lambda m, L, T: m.norm(L(A), keepdim=True))
case("norm_bad_string", lambda m, L, T: m.norm(L(A), "abc"))
case("norm_dim_int_fro", lambda m, L, T: m.norm(L(B), dim=1))
case("norm_inf_value", lambda m, L, T: m.norm(L(INFS), 2, 1))
case("count_nonzero_all", lambda m, L, T: m.count_nonzero(T(ZEROS)))
case("count_nonzero_dim", lambda m, L, T: m.count_nonzero(T(ZEROS), 1))
case("count_nonzero_tuple", lambda m, L, T: m.count_nonzero(T(B), (0, 2)))
case("count_nonzero_list", lambda m, L, T: m.count_nonzero(T(B), [1]))
case("count_nonzero_empty_tuple", lambda m, L, T: m.count_nonzero(T(B), ()))
case("count_nonzero_nan", lambda m, L, T: m.count_nonzero(T(NANS), 0))
case("count_nonzero_0d", lambda m, L, T: m.count_nonzero(T(0.0), 0))
case("count_nonzero_empty", lambda m, L, T: m.count_nonzero(T(E), 0))
case("count_nonzero_bool", lambda m, L, T: m.count_nonzero(T([True, False], "bool")))
case("count_nonzero_repeated", lambda m, L, T: m.count_nonzero(T(B), (0, 0)))
case("count_nonzero_grad", lambda m, L, T: m.count_nonzero(L(A)).requires_grad)
case("count_nonzero_method", lambda m, L, T: T(ZEROS).count_nonzero(dim=0))
for op in ("all", "any"):
    case(f"{op}_all", lambda m, L, T, op=op: getattr(m, op)(T(ZEROS)))
    case(f"{op}_dim", lambda m, L, T, op=op: getattr(m, op)(T(ZEROS), 1))
    case(f"{op}_tuple", lambda m, L, T, op=op: getattr(m, op)(T(B), (0, 2)))
    case(f"{op}_tuple_keep", lambda m, L, T, op=op: getattr(m, op)(T(ZEROS), (0, 1), True))
    case(f"{op}_empty_tuple", lambda m, L, T, op=op: getattr(m, op)(T(ZEROS), ()))
    case(f"{op}_empty", lambda m, L, T, op=op: getattr(m, op)(T(E)))
    case(f"{op}_empty_dim0", lambda m, L, T, op=op: getattr(m, op)(T(E), 0))
    case(f"{op}_0d", lambda m, L, T, op=op: getattr(m, op)(T(0.0), 0))
    case(f"{op}_nan", lambda m, L, T, op=op: getattr(m, op)(T(NANS), 1))
    case(f"{op}_int", lambda m, L, T, op=op: getattr(m, op)(T(INTS, "int64"), 0))
    case(f"{op}_uint8", lambda m, L, T, op=op: getattr(m, op)(T([[0, 3], [1, 1]], "uint8"), 0))
    case(f"{op}_bool", lambda m, L, T, op=op: getattr(m, op)(T([[True, False]], "bool"), 1))
    case(f"{op}_repeated", lambda m, L, T, op=op: getattr(m, op)(T(B), (1, 1)))
    case(f"{op}_method", lambda m, L, T, op=op: getattr(T(ZEROS), op)(dim=-1, keepdim=True))
    case(f"{op}_grad", lambda m, L, T, op=op: getattr(m, op)(L(A)).requires_grad)



# -- sort, argsort, msort, topk, kthvalue -------------------------------------------------
SORT_TIES = [[3.0, 1.0, 3.0, 2.0, 1.0, 3.0], [0.0, -0.0, 0.0, 1.0, -0.0, 0.0],
             [2.0, float("nan"), 1.0, float("nan"), float("inf"), float("-inf")]]
for stable in (False, True):
    for desc in (False, True):
        tag = f"{'stable' if stable else 'default'}_{'desc' if desc else 'asc'}"
        case(f"sort_{tag}", lambda m, L, T, s=stable, d=desc: m.sort(
            L(SORT_TIES), stable=s, descending=d))
        case(f"sort_{tag}_dim0", lambda m, L, T, s=stable, d=desc: m.sort(
            L(B), dim=0, stable=s, descending=d))
        case(f"argsort_{tag}", lambda m, L, T, s=stable, d=desc: m.argsort(
            T(SORT_TIES), stable=s, descending=d))
case("sort_positional_desc", lambda m, L, T: m.sort(L(A), 1, True))
case("sort_0d", lambda m, L, T: m.sort(L(2.0)))
case("sort_0d_dim", lambda m, L, T: m.sort(L(2.0), 0, descending=True))
case("sort_empty", lambda m, L, T: m.sort(L(E), 0))
case("sort_empty_dim1", lambda m, L, T: m.sort(L(E), 1))
case("sort_int", lambda m, L, T: m.sort(T(INTS, "int64"), descending=True))
case("sort_bool", lambda m, L, T: m.sort(T([True, False, True], "bool")))
case("sort_out_of_range", lambda m, L, T: m.sort(L(A), 2))
case("sort_method", lambda m, L, T: L(A).sort(dim=0, descending=True).values)
case("sort_stable_only_kw", lambda m, L, T: m.sort(L(SORT_TIES), stable=True))
case("argsort_0d", lambda m, L, T: m.argsort(T(2.0)))
case("argsort_empty", lambda m, L, T: m.argsort(T(E), 0))
case("argsort_bool", lambda m, L, T: m.argsort(T([True, False, True], "bool")))
case("argsort_method", lambda m, L, T: T(A).argsort(0, True))
case("argsort_stable_kw", lambda m, L, T: T(SORT_TIES).argsort(stable=True, dim=0))
case("msort", lambda m, L, T: m.msort(L(B)))
case("msort_ties", lambda m, L, T: m.msort(L(SORT_TIES)))
case("msort_0d", lambda m, L, T: m.msort(L(2.0)))
case("msort_method", lambda m, L, T: L(A).msort())
for largest in (True, False):
    for sorted_ in (True, False):
        tag = f"{'largest' if largest else 'smallest'}_{'sorted' if sorted_ else 'unsorted'}"
        # unsorted: the order is left open, so compare the sorted values and the set of
        # indices (through a sort of them)
        case(f"topk_{tag}", lambda m, L, T, la=largest, so=sorted_: (
            lambda r: (m.sort(r.values, 1).values, m.sort(r.indices, 1).values) if not so
            else r)(m.topk(L(A), 2, 1, la, so)))
        case(f"topk_{tag}_k_all", lambda m, L, T, la=largest, so=sorted_: (
            lambda r: (m.sort(r.values, 0).values, m.sort(r.indices, 0).values) if not so
            else r)(m.topk(L(B), 2, 0, la, so)))
case("topk_named", lambda m, L, T: m.topk(L(A), 3))
case("topk_k0", lambda m, L, T: m.topk(L(A), 0))
case("topk_k_too_big", lambda m, L, T: m.topk(L(A), 5))
case("topk_k_negative", lambda m, L, T: m.topk(L(A), -1))
case("topk_nan", lambda m, L, T: m.topk(L(NANS[:2]), 2))
case("topk_nan_smallest", lambda m, L, T: m.topk(L(NANS[:2]), 2, largest=False))
case("topk_nan_row", lambda m, L, T: _ties(m, m.topk(L(NANS), 2), T(NANS), 1), grad=False)
case("topk_inf", lambda m, L, T: m.topk(L(INFS), 3))
case("topk_0d", lambda m, L, T: m.topk(L(2.0), 1))
case("topk_0d_k0", lambda m, L, T: m.topk(L(2.0), 0))
case("topk_0d_k2", lambda m, L, T: m.topk(L(2.0), 2))
case("topk_empty_k0", lambda m, L, T: m.topk(L(E), 0, 0))
case("topk_empty_k1", lambda m, L, T: m.topk(L(E), 1, 0))
case("topk_int", lambda m, L, T: m.topk(T(INTS, "int64"), 2))
case("topk_bool", lambda m, L, T: m.topk(T([True, False], "bool"), 1))
case("topk_method_kw", lambda m, L, T: L(B).topk(k=2, dim=1, largest=False))
case("topk_ties", lambda m, L, T: _ties(m, m.topk(L(TIES), 2), T(TIES), 1), grad=False)
case("kthvalue", lambda m, L, T: m.kthvalue(L(A), 2))
case("kthvalue_dim0_keep", lambda m, L, T: m.kthvalue(L(B), 1, 0, True))
case("kthvalue_last", lambda m, L, T: m.kthvalue(L(A), 4, 1))
case("kthvalue_k0", lambda m, L, T: m.kthvalue(L(A), 0))
case("kthvalue_k_too_big", lambda m, L, T: m.kthvalue(L(A), 5))
case("kthvalue_nan", lambda m, L, T: m.kthvalue(L(NANS[:2]), 4))
case("kthvalue_nan_mid", lambda m, L, T: m.kthvalue(L(NANS[:2]), 2))
case("kthvalue_nan_row", lambda m, L, T: _ties(m, m.kthvalue(L(NANS), 2, 1, True), T(NANS), 1),
     grad=False)
case("kthvalue_0d", lambda m, L, T: m.kthvalue(L(2.0), 1))
case("kthvalue_0d_k2", lambda m, L, T: m.kthvalue(L(2.0), 2))
case("kthvalue_empty", lambda m, L, T: m.kthvalue(L(E), 1, 0))
case("kthvalue_empty_dim1", lambda m, L, T: m.kthvalue(L(E), 1, 1))
case("kthvalue_int", lambda m, L, T: m.kthvalue(T(INTS, "int64"), 2, 0))
case("kthvalue_bool", lambda m, L, T: m.kthvalue(T([True, False], "bool"), 1))
case("kthvalue_method", lambda m, L, T: L(A).kthvalue(k=3, dim=-1, keepdim=True))
case("kthvalue_ties", lambda m, L, T: _ties(m, m.kthvalue(L(TIES), 2, 1, True), T(TIES), 1),
     grad=False)


# -- unique, unique_consecutive -----------------------------------------------------------
U = [[2.0, 1.0, 2.0], [0.5, 1.0, 0.5], [2.0, 1.0, 2.0], [0.5, 1.0, 0.5]]
U1 = [3.0, 1.0, 1.0, 2.0, 3.0, 3.0, 1.0]
for ri in (False, True):
    for rc in (False, True):
        tag = f"{'inv' if ri else 'noinv'}_{'counts' if rc else 'nocounts'}"
        case(f"unique_{tag}", lambda m, L, T, ri=ri, rc=rc: m.unique(
            T(U1), return_inverse=ri, return_counts=rc))
        case(f"unique_2d_{tag}", lambda m, L, T, ri=ri, rc=rc: m.unique(
            T(U), return_inverse=ri, return_counts=rc))
        case(f"unique_dim0_{tag}", lambda m, L, T, ri=ri, rc=rc: m.unique(
            T(U), return_inverse=ri, return_counts=rc, dim=0))
        case(f"unique_dim1_{tag}", lambda m, L, T, ri=ri, rc=rc: m.unique(
            T(U), return_inverse=ri, return_counts=rc, dim=1))
        case(f"unique_consecutive_{tag}", lambda m, L, T, ri=ri, rc=rc: m.unique_consecutive(
            T(U1), return_inverse=ri, return_counts=rc))
        case(f"unique_consecutive_2d_{tag}", lambda m, L, T, ri=ri, rc=rc: m.unique_consecutive(
            T(U), return_inverse=ri, return_counts=rc))
        case(f"unique_consecutive_dim0_{tag}", lambda m, L, T, ri=ri, rc=rc:
             m.unique_consecutive(T(U), return_inverse=ri, return_counts=rc, dim=0))
        case(f"unique_consecutive_dim1_{tag}", lambda m, L, T, ri=ri, rc=rc:
             m.unique_consecutive(T(U), return_inverse=ri, return_counts=rc, dim=1))
case("unique_unsorted_1d", lambda m, L, T: m.sort(m.unique(T(U1), sorted=False)).values)
case("unique_nan", lambda m, L, T: m.unique(T([1.0, float("nan"), 1.0, float("nan")]),
                                            return_counts=True))
case("unique_signed_zero", lambda m, L, T: m.unique(T([0.0, -0.0, 1.0]), return_counts=True))
case("unique_int", lambda m, L, T: m.unique(T(INTS, "int64"), return_inverse=True))
case("unique_bool", lambda m, L, T: m.unique(T([True, False, True], "bool"),
                                             return_counts=True))
case("unique_0d", lambda m, L, T: m.unique(T(2.0), return_inverse=True, return_counts=True))
case("unique_0d_dim", lambda m, L, T: m.unique(T(2.0), dim=0))
case("unique_empty", lambda m, L, T: m.unique(T(E), return_inverse=True, return_counts=True))
case("unique_empty_dim0", lambda m, L, T: m.unique(T(E), dim=0, return_inverse=True,
                                                   return_counts=True))
case("unique_empty_dim1", lambda m, L, T: m.unique(T(E), dim=1))
case("unique_dim_out_of_range", lambda m, L, T: m.unique(T(U), dim=2))
case("unique_grad", lambda m, L, T: m.unique(L(U1)))
case("unique_dim_grad", lambda m, L, T: m.unique(L(U), dim=0))
case("unique_method", lambda m, L, T: T(U).unique(dim=1, return_counts=True))
case("unique_consecutive_nan", lambda m, L, T: m.unique_consecutive(
    T([1.0, float("nan"), float("nan"), 1.0]), return_counts=True))
case("unique_consecutive_0d", lambda m, L, T: m.unique_consecutive(T(2.0), return_inverse=True))
case("unique_consecutive_empty", lambda m, L, T: m.unique_consecutive(
    T(E), return_inverse=True, return_counts=True))
case("unique_consecutive_grad", lambda m, L, T: m.unique_consecutive(L(U1)))
case("unique_consecutive_method", lambda m, L, T: T(U1).unique_consecutive(return_counts=True))


# -- searchsorted, bucketize --------------------------------------------------------------
SEQ = [1.0, 2.0, 2.0, 3.0, 5.0]
VALS = [[0.0, 2.0, 2.5], [5.0, 6.0, 3.0]]
for right in (False, True):
    tag = "right" if right else "left"
    case(f"searchsorted_{tag}", lambda m, L, T, r=right: m.searchsorted(T(SEQ), T(VALS),
                                                                       right=r))
    case(f"searchsorted_side_{tag}", lambda m, L, T, r=right: m.searchsorted(
        T(SEQ), T(VALS), side="right" if r else "left"))
    case(f"searchsorted_batched_{tag}", lambda m, L, T, r=right: m.searchsorted(
        T([[1.0, 2.0, 3.0], [2.0, 2.0, 4.0]]), T(VALS), right=r))
    case(f"searchsorted_scalar_{tag}", lambda m, L, T, r=right: m.searchsorted(T(SEQ), 2.0,
                                                                              right=r))
    case(f"searchsorted_sorter_{tag}", lambda m, L, T, r=right: m.searchsorted(
        T([3.0, 1.0, 5.0, 2.0, 2.0]), T(VALS), right=r, sorter=T([1, 3, 4, 0, 2], "int64")))
    case(f"bucketize_{tag}", lambda m, L, T, r=right: m.bucketize(T(VALS), T(SEQ), right=r))
case("searchsorted_int32", lambda m, L, T: m.searchsorted(T(SEQ), T(VALS), out_int32=True))
case("searchsorted_side_conflict", lambda m, L, T: m.searchsorted(T(SEQ), T(VALS), right=True,
                                                                  side="left"))
case("searchsorted_side_agree", lambda m, L, T: m.searchsorted(T(SEQ), T(VALS), right=True,
                                                               side="right"))
case("searchsorted_side_bad", lambda m, L, T: m.searchsorted(T(SEQ), T(VALS), side="middle"))
case("searchsorted_nan", lambda m, L, T: m.searchsorted(T(SEQ), T([float("nan"), 1.0])))
case("searchsorted_int_seq", lambda m, L, T: m.searchsorted(T([1, 3, 5], "int64"),
                                                            T([2.5, 3.0])))
case("searchsorted_int_values", lambda m, L, T: m.searchsorted(T(SEQ), T([2, 4], "int64")))
case("searchsorted_0d_values", lambda m, L, T: m.searchsorted(T(SEQ), T(2.0)))
case("searchsorted_0d_seq", lambda m, L, T: m.searchsorted(T(2.0), T([1.0])))
case("searchsorted_empty_seq", lambda m, L, T: m.searchsorted(T([]), T([1.0, 2.0])))
case("searchsorted_empty_values", lambda m, L, T: m.searchsorted(T(SEQ), T([])))
case("searchsorted_batch_mismatch", lambda m, L, T: m.searchsorted(
    T([[1.0, 2.0], [3.0, 4.0]]), T([[1.0], [2.0], [3.0]])))
case("searchsorted_batched_1d_values", lambda m, L, T: m.searchsorted(
    T([[1.0, 2.0], [3.0, 4.0]]), T([1.5, 3.5])))
case("searchsorted_sorter_bad_shape", lambda m, L, T: m.searchsorted(
    T(SEQ), T(VALS), sorter=T([0, 1], "int64")))
case("searchsorted_sorter_out_of_range", lambda m, L, T: m.searchsorted(
    T(SEQ), T(VALS), sorter=T([0, 1, 2, 3, 7], "int64")))
case("searchsorted_sorter_int32", lambda m, L, T: m.searchsorted(
    T(SEQ), T(VALS), sorter=T([0, 1, 2, 3, 4], "int32")))
case("searchsorted_bool", lambda m, L, T: m.searchsorted(T([False, True], "bool"),
                                                         T([True], "bool")))
case("searchsorted_grad", lambda m, L, T: m.searchsorted(L(SEQ), L(VALS)).requires_grad)
case("searchsorted_mixed_dtypes", lambda m, L, T: m.searchsorted(T(SEQ, "float32"),
                                                                 T([2.0000001, 2.0])))
case("bucketize_int32", lambda m, L, T: m.bucketize(T(VALS), T(SEQ), out_int32=True))
case("bucketize_scalar", lambda m, L, T: m.bucketize(2.0, T(SEQ)))
case("bucketize_2d_boundaries", lambda m, L, T: m.bucketize(T(VALS), T([[1.0, 2.0]])))
case("bucketize_0d", lambda m, L, T: m.bucketize(T(2.5), T(SEQ)))
case("bucketize_int", lambda m, L, T: m.bucketize(T([1, 4], "int64"), T(SEQ)))
case("bucketize_bool", lambda m, L, T: m.bucketize(T([True], "bool"), T(SEQ)))
case("bucketize_empty_boundaries", lambda m, L, T: m.bucketize(T(VALS), T([])))


# -- histc, histogram, bincount -----------------------------------------------------------
H = [0.0, 0.5, 1.0, 1.0, 2.5, 3.0, -1.0, 4.0, 2.0, 2.0]
case("histc_default", lambda m, L, T: m.histc(T(H)))
case("histc_bins", lambda m, L, T: m.histc(T(H), bins=4))
case("histc_range", lambda m, L, T: m.histc(T(H), 4, 0, 3))
case("histc_range_kw", lambda m, L, T: m.histc(T(H), bins=3, min=0.5, max=2.0))
case("histc_min_gt_max", lambda m, L, T: m.histc(T(H), 4, 3, 1))
case("histc_bins0", lambda m, L, T: m.histc(T(H), 0))
case("histc_constant", lambda m, L, T: m.histc(T([2.0, 2.0, 2.0]), 4))
case("histc_empty", lambda m, L, T: m.histc(T([]), 3))
case("histc_nan", lambda m, L, T: m.histc(T([1.0, float("nan"), 2.0]), 3))
case("histc_nan_range", lambda m, L, T: m.histc(T([1.0, float("nan"), 2.0]), 3, 0, 3))
case("histc_inf", lambda m, L, T: m.histc(T([1.0, float("inf"), 2.0]), 3))
case("histc_inf_range", lambda m, L, T: m.histc(T([1.0, float("inf"), 2.0]), 3, 0, 3))
case("histc_int", lambda m, L, T: m.histc(T([1, 2, 2], "int64"), 3))
case("histc_float32", lambda m, L, T: m.histc(T(H, "float32"), 5))
case("histc_2d", lambda m, L, T: m.histc(T(A), 3))
case("histc_0d", lambda m, L, T: m.histc(T(1.0), 2))
case("histc_grad", lambda m, L, T: m.histc(L(H), 3))
case("histc_method", lambda m, L, T: T(H).histc(bins=2, min=0, max=4))
case("histc_edge_rounding", lambda m, L, T: m.histc(T([0.1, 0.2, 0.3, 0.7, 0.9]), 10, 0.1, 0.9))
case("histogram_int_bins", lambda m, L, T: m.histogram(T(H), 4))
case("histogram_range", lambda m, L, T: m.histogram(T(H), 3, range=(0.0, 3.0)))
case("histogram_weight", lambda m, L, T: m.histogram(T(H), 3, weight=T([0.5] * 10)))
case("histogram_density", lambda m, L, T: m.histogram(T(H), 4, density=True))
case("histogram_weight_density", lambda m, L, T: m.histogram(
    T(H), 4, weight=T(np.linspace(0.1, 1.0, 10)), density=True))
case("histogram_tensor_bins", lambda m, L, T: m.histogram(T(H), T([0.0, 1.0, 2.5, 3.0])))
case("histogram_tensor_bins_density", lambda m, L, T: m.histogram(
    T(H), T([0.0, 1.0, 2.5, 3.0]), density=True))
case("histogram_empty", lambda m, L, T: m.histogram(T([]), 3))
case("histogram_constant", lambda m, L, T: m.histogram(T([2.0, 2.0]), 2))
case("histogram_nan", lambda m, L, T: m.histogram(T([1.0, float("nan")]), 2))
case("histogram_nan_range", lambda m, L, T: m.histogram(T([1.0, float("nan")]), 2,
                                                        range=(0.0, 2.0)))
case("histogram_inf", lambda m, L, T: m.histogram(T([1.0, float("inf")]), 2))
case("histogram_bad_range", lambda m, L, T: m.histogram(T(H), 2, range=(3.0, 1.0)))
case("histogram_equal_range", lambda m, L, T: m.histogram(T(H), 2, range=(1.0, 1.0)))
case("histogram_int", lambda m, L, T: m.histogram(T([1, 2], "int64"), 2))
case("histogram_float32", lambda m, L, T: m.histogram(T(H, "float32"), 3))
case("histogram_2d", lambda m, L, T: m.histogram(T(A), 3))
case("histogram_weight_shape", lambda m, L, T: m.histogram(T(H), 3, weight=T([1.0])))
case("histogram_weight_dtype", lambda m, L, T: m.histogram(T(H), 3, weight=T([1.0] * 10,
                                                                              "float32")))
case("histogram_bins0", lambda m, L, T: m.histogram(T(H), 0))
case("histogram_grad", lambda m, L, T: m.histogram(L(H), 3))
case("histogram_method", lambda m, L, T: T(H).histogram(bins=2).bin_edges)
case("bincount", lambda m, L, T: m.bincount(T([1, 3, 1, 0, 5], "int64")))
case("bincount_minlength", lambda m, L, T: m.bincount(T([1, 3], "int64"), minlength=6))
case("bincount_minlength_short", lambda m, L, T: m.bincount(T([1, 3], "int64"), minlength=2))
case("bincount_weights", lambda m, L, T: m.bincount(T([1, 3, 1], "int64"), L([0.5, 1.0, 2.0])))
case("bincount_weights_f32", lambda m, L, T: m.bincount(T([1, 3, 1], "int64"),
                                                        L([0.5, 1.0, 2.0], "float32")))
case("bincount_weights_int", lambda m, L, T: m.bincount(T([1, 3, 1], "int64"),
                                                        T([5, 1, 2], "int64")))
case("bincount_empty", lambda m, L, T: m.bincount(T([], "int64")))
case("bincount_empty_minlength", lambda m, L, T: m.bincount(T([], "int64"), minlength=3))
case("bincount_empty_weights", lambda m, L, T: m.bincount(T([], "int64"), T([])))
case("bincount_negative", lambda m, L, T: m.bincount(T([1, -1], "int64")))
case("bincount_negative_minlength", lambda m, L, T: m.bincount(T([1], "int64"), minlength=-1))
case("bincount_float", lambda m, L, T: m.bincount(T([1.0, 2.0])))
case("bincount_bool", lambda m, L, T: m.bincount(T([True, False], "bool")))
case("bincount_2d", lambda m, L, T: m.bincount(T([[1, 2]], "int64")))
case("bincount_0d", lambda m, L, T: m.bincount(T(1, "int64")))
case("bincount_weights_length", lambda m, L, T: m.bincount(T([1, 2], "int64"), T([1.0])))
case("bincount_uint8", lambda m, L, T: m.bincount(T([1, 2, 2], "uint8")))
case("bincount_int32", lambda m, L, T: m.bincount(T([1, 2, 2], "int32")))
case("bincount_method", lambda m, L, T: T([0, 0, 2], "int64").bincount(minlength=4))



# -- diff, gradient, trapezoid, cumulative_trapezoid ----------------------------------------
for n in (0, 1, 2, 3, 5):
    case(f"diff_n{n}", lambda m, L, T, n=n: m.diff(L(A), n))
    case(f"diff_n{n}_dim0", lambda m, L, T, n=n: m.diff(L(B), n, 0))
    case(f"diff_n{n}_prepend_append", lambda m, L, T, n=n: m.diff(
        L(A), n, -1, prepend=L([[1.0], [2.0], [3.0]]), append=L(np.ones((3, 2)).tolist())))
case("diff_prepend_only", lambda m, L, T: m.diff(L(V), prepend=L([0.0, 1.0])))
case("diff_append_only", lambda m, L, T: m.diff(L(V), append=L([9.0])))
case("diff_prepend_0d", lambda m, L, T: m.diff(L(V), prepend=L(1.0)))
case("diff_prepend_bad_shape", lambda m, L, T: m.diff(L(A), prepend=L([[1.0, 2.0]])))
case("diff_prepend_ndim", lambda m, L, T: m.diff(L(A), prepend=L([1.0, 2.0, 3.0])))
case("diff_negative_n", lambda m, L, T: m.diff(L(A), -1))
case("diff_0d", lambda m, L, T: m.diff(L(2.0)))
case("diff_empty", lambda m, L, T: m.diff(L(E), 1, 0))
case("diff_bool", lambda m, L, T: m.diff(T([True, False, False, True], "bool")))
case("diff_int", lambda m, L, T: m.diff(T(INTS, "int64"), 2))
case("diff_uint8", lambda m, L, T: m.diff(T([1, 5, 2], "uint8")))
case("diff_mixed_prepend", lambda m, L, T: m.diff(T([1, 2], "int64"), prepend=T([0.5])))
case("diff_out_of_range", lambda m, L, T: m.diff(L(A), 1, 2))
case("diff_method", lambda m, L, T: L(A).diff(dim=0))
case("gradient_default", lambda m, L, T: m.gradient(L(A)))
case("gradient_dim", lambda m, L, T: m.gradient(L(B), dim=1))
case("gradient_dim_list", lambda m, L, T: m.gradient(L(B), dim=[0, 2]))
case("gradient_spacing_scalar", lambda m, L, T: m.gradient(L(A), spacing=2.0))
case("gradient_spacing_list", lambda m, L, T: m.gradient(L(A), spacing=[2.0, 0.5]))
case("gradient_spacing_tensors", lambda m, L, T: m.gradient(
    L(A), spacing=[T([0.0, 1.0, 3.0]), T([0.0, 0.5, 2.0, 2.5])]))
case("gradient_spacing_tensor_dim", lambda m, L, T: m.gradient(
    L(A), spacing=[T([0.0, 0.5, 2.0, 2.5])], dim=1))
case("gradient_edge2", lambda m, L, T: m.gradient(L(A), edge_order=2))
case("gradient_edge2_tensors", lambda m, L, T: m.gradient(
    L(A), spacing=[T([0.0, 1.0, 3.0]), T([0.0, 0.5, 2.0, 2.5])], edge_order=2))
case("gradient_edge3", lambda m, L, T: m.gradient(L(A), edge_order=3))
case("gradient_too_short", lambda m, L, T: m.gradient(L([[1.0], [2.0]]), dim=1))
case("gradient_too_short_edge2", lambda m, L, T: m.gradient(L([1.0, 2.0]), edge_order=2))
case("gradient_1d", lambda m, L, T: m.gradient(L(V)))
case("gradient_spacing_wrong_length", lambda m, L, T: m.gradient(L(A), spacing=[1.0]))
case("gradient_spacing_wrong_length_dim", lambda m, L, T: m.gradient(L(A), spacing=[1.0, 2.0],
                                                                     dim=0))
case("gradient_spacing_tensor_length", lambda m, L, T: m.gradient(
    L(V), spacing=[T([0.0, 1.0])]))
case("gradient_int", lambda m, L, T: m.gradient(T(INTS, "int64")))
case("gradient_int_spacing", lambda m, L, T: m.gradient(T(INTS, "int64"), spacing=2))
case("gradient_0d", lambda m, L, T: m.gradient(L(2.0)))
case("gradient_tuple_dim", lambda m, L, T: m.gradient(L(B), dim=(2, 0)))
case("gradient_spacing_tuple", lambda m, L, T: m.gradient(L(A), spacing=(1.0, 3.0)))
case("gradient_dim_repeated", lambda m, L, T: m.gradient(L(B), dim=(0, 0)))
for fn in ("trapezoid", "cumulative_trapezoid"):
    case(f"{fn}_default", lambda m, L, T, fn=fn: getattr(m, fn)(L(A)))
    case(f"{fn}_dx", lambda m, L, T, fn=fn: getattr(m, fn)(L(A), dx=0.5))
    case(f"{fn}_dx_dim", lambda m, L, T, fn=fn: getattr(m, fn)(L(B), dx=2, dim=1))
    case(f"{fn}_x", lambda m, L, T, fn=fn: getattr(m, fn)(L(A), L([0.0, 0.5, 2.0, 2.5])))
    case(f"{fn}_x_dim0", lambda m, L, T, fn=fn: getattr(m, fn)(L(A), L([0.0, 1.0, 3.0]), dim=0))
    case(f"{fn}_x_kw", lambda m, L, T, fn=fn: getattr(m, fn)(L(A), x=L([0.0, 0.5, 2.0, 2.5])))
    case(f"{fn}_x_broadcast", lambda m, L, T, fn=fn: getattr(m, fn)(L(A), L(POS)))
    case(f"{fn}_x_bad_length", lambda m, L, T, fn=fn: getattr(m, fn)(L(A), L([0.0, 1.0])))
    case(f"{fn}_x_and_dx", lambda m, L, T, fn=fn: getattr(m, fn)(L(A), L([0.0] * 4), dx=1.0))
    case(f"{fn}_0d", lambda m, L, T, fn=fn: getattr(m, fn)(L(2.0)))
    case(f"{fn}_empty", lambda m, L, T, fn=fn: getattr(m, fn)(L(E), dim=0))
    case(f"{fn}_one_sample", lambda m, L, T, fn=fn: getattr(m, fn)(L([[1.0], [2.0]])))
    case(f"{fn}_one_sample_x", lambda m, L, T, fn=fn: getattr(m, fn)(L([[1.0], [2.0]]),
                                                                    L([3.0])))
    case(f"{fn}_int", lambda m, L, T, fn=fn: getattr(m, fn)(T(INTS, "int64")))
    case(f"{fn}_int_x", lambda m, L, T, fn=fn: getattr(m, fn)(T(INTS, "int64"),
                                                            T([0, 1, 3, 4], "int64")))
    case(f"{fn}_bool", lambda m, L, T, fn=fn: getattr(m, fn)(T([True, False], "bool")))
    case(f"{fn}_float32_x64", lambda m, L, T, fn=fn: getattr(m, fn)(
        L(A, "float32"), L([0.0, 0.5, 2.0, 2.5])))
    case(f"{fn}_out_of_range", lambda m, L, T, fn=fn: getattr(m, fn)(L(A), dim=2))
case("trapz_dx", lambda m, L, T: m.trapz(L(A), dx=0.5))
case("trapz_x", lambda m, L, T: m.trapz(L(A), L([0.0, 0.5, 2.0, 2.5])))


# -- cov, corrcoef -------------------------------------------------------------------------
COV = [[1.0, 2.5, -0.5, 3.0, 2.0], [0.5, 0.7, 1.5, -1.0, 2.0], [2.0, 1.0, 0.0, 1.5, -2.0]]
FW = [1, 2, 1, 3, 1]
AW = [0.5, 1.0, 2.0, 0.25, 1.5]
for corr in (0, 1, 2, 5, 7):
    case(f"cov_correction{corr}", lambda m, L, T, c=corr: m.cov(L(COV), correction=c))
    case(f"cov_fweights_correction{corr}", lambda m, L, T, c=corr: m.cov(
        L(COV), correction=c, fweights=T(FW, "int64")))
    case(f"cov_aweights_correction{corr}", lambda m, L, T, c=corr: m.cov(
        L(COV), correction=c, aweights=L(AW)))
    case(f"cov_both_correction{corr}", lambda m, L, T, c=corr: m.cov(
        L(COV), correction=c, fweights=T(FW, "int64"), aweights=L(AW)))
case("cov_1d", lambda m, L, T: m.cov(L(V)))
case("cov_0d", lambda m, L, T: m.cov(L(2.0)))
case("cov_one_row", lambda m, L, T: m.cov(L([V])))
case("cov_one_column", lambda m, L, T: m.cov(L([[1.0], [2.0]])))
case("cov_3d", lambda m, L, T: m.cov(L(B)))
case("cov_empty_obs", lambda m, L, T: m.cov(L(np.zeros((2, 0)))))
case("cov_empty_vars", lambda m, L, T: m.cov(L(np.zeros((0, 3)))))
case("cov_int", lambda m, L, T: m.cov(T(INTS, "int64")))
case("cov_bool", lambda m, L, T: m.cov(T([[True, False]], "bool")))
case("cov_float32", lambda m, L, T: m.cov(L(COV, "float32")))
case("cov_fweights_float", lambda m, L, T: m.cov(L(COV), fweights=T([1.0] * 5)))
case("cov_fweights_negative", lambda m, L, T: m.cov(L(COV), fweights=T([1, -1, 1, 1, 1],
                                                                       "int64")))
case("cov_aweights_negative", lambda m, L, T: m.cov(L(COV), aweights=T([1.0, -1.0, 1, 1, 1])))
case("cov_aweights_int", lambda m, L, T: m.cov(L(COV), aweights=T([1, 1, 1, 1, 1], "int64")))
case("cov_weights_length", lambda m, L, T: m.cov(L(COV), aweights=T([1.0, 1.0])))
case("cov_weights_2d", lambda m, L, T: m.cov(L(COV), fweights=T([FW], "int64")))
case("cov_weights_0d", lambda m, L, T: m.cov(T([[1.0], [2.0]]), fweights=T(2, "int64")))
case("cov_aweights_f32", lambda m, L, T: m.cov(L(COV), aweights=T(AW, "float32")))
case("cov_zero_weights", lambda m, L, T: m.cov(L(COV), aweights=T([0.0] * 5)))
case("cov_correction_float", lambda m, L, T: m.cov(L(COV), correction=0.5))
case("cov_nan", lambda m, L, T: m.cov(L(NANS)))
case("cov_method", lambda m, L, T: L(COV).cov(correction=0))
case("corrcoef", lambda m, L, T: m.corrcoef(L(COV)))
case("corrcoef_1d", lambda m, L, T: m.corrcoef(L(V)))
case("corrcoef_0d", lambda m, L, T: m.corrcoef(L(2.0)))
case("corrcoef_constant_row", lambda m, L, T: m.corrcoef(L([[1.0, 1.0, 1.0], [1.0, 2.0, 4.0]])))
case("corrcoef_int", lambda m, L, T: m.corrcoef(T(INTS, "int64")))
case("corrcoef_3d", lambda m, L, T: m.corrcoef(L(B)))
case("corrcoef_one_obs", lambda m, L, T: m.corrcoef(L([[1.0], [2.0]])))
case("corrcoef_empty", lambda m, L, T: m.corrcoef(L(np.zeros((2, 0)))))
case("corrcoef_method", lambda m, L, T: L(COV).corrcoef())
case("corrcoef_perfect", lambda m, L, T: m.corrcoef(L([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]])))


# -- renorm, dist, cdist ---------------------------------------------------------------------
for p in (1, 2, 3.5, float("inf")):
    case(f"renorm_p{p}", lambda m, L, T, p=p: m.renorm(L(B), p, 0, 1.5))
    case(f"renorm_p{p}_dim_neg", lambda m, L, T, p=p: m.renorm(L(B), p, -1, 1.0))
    case(f"dist_p{p}", lambda m, L, T, p=p: m.dist(L(A), L(POS), p))
case("renorm_below", lambda m, L, T: m.renorm(L(A), 2, 0, 100.0))
case("renorm_zero_maxnorm", lambda m, L, T: m.renorm(L(A), 2, 1, 0.0))
case("renorm_zero_row", lambda m, L, T: m.renorm(L([[0.0, 0.0], [3.0, 4.0]]), 2, 0, 1.0))
case("renorm_1d", lambda m, L, T: m.renorm(L(V), 2, 0, 1.0))
case("renorm_p0", lambda m, L, T: m.renorm(L(A), 0, 0, 1.0))
case("renorm_negative_p", lambda m, L, T: m.renorm(L(A), -1, 0, 1.0))
case("renorm_negative_maxnorm", lambda m, L, T: m.renorm(L(A), 2, 0, -1.0))
case("renorm_int", lambda m, L, T: m.renorm(T(INTS, "int64"), 2, 0, 1.0))
case("renorm_method", lambda m, L, T: L(A).renorm(1, 1, 0.5))
case("renorm_out_of_range", lambda m, L, T: m.renorm(L(A), 2, 2, 1.0))
case("renorm_empty", lambda m, L, T: m.renorm(L(E), 2, 0, 1.0))
# PyTorch's backward of dist with p = 0 raises (an undefined gradient): values only
case("dist_p0", lambda m, L, T: m.dist(L(A), L(POS), 0), grad=False)
case("dist_p-inf", lambda m, L, T: m.dist(L(A), L(POS), float("-inf")))
case("dist_negative_p", lambda m, L, T: m.dist(L(A), L(POS), -2))
case("dist_broadcast", lambda m, L, T: m.dist(L(B), L(V[:4])))
case("dist_same", lambda m, L, T: m.dist(L(A), L(A)))
case("dist_0d", lambda m, L, T: m.dist(L(2.0), L(-1.0), 3))
case("dist_empty", lambda m, L, T: m.dist(L(E), L(E)))
case("dist_int", lambda m, L, T: m.dist(T(INTS, "int64"), T(INTS, "int64")))
case("dist_float32_64", lambda m, L, T: m.dist(L(A, "float32"), L(POS)))
case("dist_bad_broadcast", lambda m, L, T: m.dist(L(A), L(V)))
case("dist_method", lambda m, L, T: L(A).dist(L(POS), p=1))
X1 = _rng.standard_normal((2, 3, 4)).round(3).tolist()
X2 = _rng.standard_normal((2, 5, 4)).round(3).tolist()
for p in (0, 1, 2, 3, float("inf"), 0.5):
    case(f"cdist_p{p}", lambda m, L, T, p=p: m.cdist(L(X1), L(X2), p))
    case(f"cdist_p{p}_same_rows", lambda m, L, T, p=p: m.cdist(L(A), L(A), p))
for mode in ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
             "donot_use_mm_for_euclid_dist"):
    case(f"cdist_{mode}", lambda m, L, T, mode=mode: m.cdist(L(X1), L(X2), compute_mode=mode))
case("cdist_bad_mode", lambda m, L, T: m.cdist(L(X1), L(X2), compute_mode="fast"))
case("cdist_negative_p", lambda m, L, T: m.cdist(L(X1), L(X2), -1))
case("cdist_broadcast_batch", lambda m, L, T: m.cdist(L(X1), L(X2[0])))
case("cdist_1d", lambda m, L, T: m.cdist(L(V), L(V)))
case("cdist_columns", lambda m, L, T: m.cdist(L(A), L(X2[0][:, :3] if False else [[1.0] * 3])))
case("cdist_int", lambda m, L, T: m.cdist(T(INTS, "int64"), T(INTS, "int64")))
case("cdist_mixed_dtypes", lambda m, L, T: m.cdist(L(A, "float32"), L(POS)))
case("cdist_empty_rows", lambda m, L, T: m.cdist(L(np.zeros((0, 4))), L(A)))
case("cdist_empty_cols", lambda m, L, T: m.cdist(L(np.zeros((2, 0))), L(np.zeros((3, 0)))))
case("cdist_big_mm", lambda m, L, T: m.cdist(L(np.linspace(-1, 1, 60).reshape(30, 2)),
                                             L(np.linspace(0, 2, 54).reshape(27, 2))))
case("cdist_bad_batch", lambda m, L, T: m.cdist(L(X1), L(np.zeros((3, 5, 4)))))



# -- more options: low precision, overloads, argument checks ---------------------------------
for op in ("sum", "mean", "prod", "amax", "nansum", "logsumexp"):
    case(f"{op}_float16", lambda m, L, T, op=op: getattr(m, op)(L(POS, "float16"), 1))
    case(f"{op}_bfloat16", lambda m, L, T, op=op: getattr(m, op)(L(POS, "bfloat16"), 0))
for op in ("cumsum", "cumprod", "logcumsumexp", "cummax"):
    case(f"{op}_float16", lambda m, L, T, op=op: getattr(m, op)(L(POS, "float16"), 1))
for op in ("sort", "argsort", "median", "var", "std", "norm"):
    case(f"{op}_float16", lambda m, L, T, op=op: getattr(m, op)(L(POS, "float16")))
case("sum_dtype_bool", lambda m, L, T: m.sum(T(INTS, "int64"), 0, dtype=m.bool))
case("sum_dtype_int32", lambda m, L, T: m.sum(T(INTS, "int64"), 0, dtype=m.int32))
case("sum_int8", lambda m, L, T: m.sum(T([100, 100], "int8")))
case("sum_int8_dtype", lambda m, L, T: m.sum(T([100, 100], "int8"), dtype=m.int8))
case("prod_bool_all", lambda m, L, T: m.prod(T([True, False], "bool")))
case("mean_dtype_int", lambda m, L, T: m.mean(L(A), dtype=m.int64))
case("nansum_dtype_int32", lambda m, L, T: m.nansum(T(INTS, "int64"), 1, dtype=m.int32))
case("nansum_dtype_float", lambda m, L, T: m.nansum(L(NANS, "float32"), 1, dtype=m.float64))
case("nanmean_float32_nan", lambda m, L, T: m.nanmean(L(NANS, "float32"), 0))
case("nanmean_nan_dtype_f64", lambda m, L, T: m.nanmean(L(NANS, "float32"), dtype=m.float64))
case("var_unbiased_and_correction", lambda m, L, T: m.var(L(A), 1, unbiased=True,
                                                          correction=1))
case("var_positional_all", lambda m, L, T: m.var(L(A), 1, True, True))
case("std_mean_correction_tuple", lambda m, L, T: m.std_mean(L(B), (0, 2), correction=0))
case("max_other_kw", lambda m, L, T: m.max(L(A), other=L(TIES)))
case("max_dim_positional_keep", lambda m, L, T: m.max(L(A), 0, True))
case("max_other_int_float", lambda m, L, T: m.max(T(INTS, "int64"), T(A)))
case("max_other_scalar_tensor", lambda m, L, T: m.max(L(A), L(0.0)))
case("min_other_bool", lambda m, L, T: m.min(T([True, False], "bool"), T([False, False], "bool")))
case("amax_keepdim_all", lambda m, L, T: m.amax(L(B), keepdim=True))
case("argmax_bool_dim", lambda m, L, T: m.argmax(T([[True, False]], "bool"), 1))
case("unique_unsorted_inverse", lambda m, L, T: (lambda r: m.equal(r[0][r[1]], T(U1)))(
    m.unique(T(U1), sorted=False, return_inverse=True)))
case("unique_unsorted_counts", lambda m, L, T: (lambda r: m.sort(r[1]).values)(
    m.unique(T(U1), sorted=False, return_counts=True)))
case("searchsorted_right_false_side_right", lambda m, L, T: m.searchsorted(
    T(SEQ), T(VALS), right=False, side="right"))
case("searchsorted_float32_values", lambda m, L, T: m.searchsorted(T(SEQ), T(VALS, "float32")))
case("histogram_tensor_bins_range", lambda m, L, T: m.histogram(
    T(H), T([0.0, 1.0, 2.5, 3.0]), range=(0.0, 1.0)))
case("histogram_tensor_bins_weight", lambda m, L, T: m.histogram(
    T(H), T([0.0, 1.0, 2.5, 3.0]), weight=T(np.linspace(0.1, 1.0, 10))))
case("histogram_density_zero", lambda m, L, T: m.histogram(T(H), 2, range=(10.0, 11.0),
                                                           density=True))
case("histogram_one_bin_edge", lambda m, L, T: m.histogram(T([0.0, 1.0]), T([1.0])))
case("histogram_float32_bins64", lambda m, L, T: m.histogram(T(H, "float32"),
                                                             T([0.0, 1.0, 3.0])))
case("histc_bins_float", lambda m, L, T: m.histc(T(H), 2.5))
case("bincount_weights_f16", lambda m, L, T: m.bincount(T([1, 3, 1], "int64"),
                                                        T([0.5, 1.0, 2.0], "float16")))
case("bincount_weights_bool", lambda m, L, T: m.bincount(T([1, 3, 1], "int64"),
                                                         T([True, False, True], "bool")))
case("diff_bool_n2", lambda m, L, T: m.diff(T([True, False, False, True], "bool"), 2))
case("diff_n_large_prepend", lambda m, L, T: m.diff(L(V), 7, prepend=L([0.0, 1.0])))
case("gradient_spacing_0d_tensors", lambda m, L, T: m.gradient(L(V), spacing=[T(2.0)]))
case("gradient_spacing_tensor", lambda m, L, T: m.gradient(L(V), spacing=T([1.0] * 6)))
case("renorm_0d", lambda m, L, T: m.renorm(L(2.0), 2, 0, 1.0))
case("renorm_float32", lambda m, L, T: m.renorm(L(A, "float32"), 2, 0, 0.5))
case("cdist_float32", lambda m, L, T: m.cdist(L(X1, "float32"), L(X2, "float32"), 1))
case("cumsum_inplace", lambda m, L, T: (lambda x: x.cumsum_(1))(L(A) * 1))
case("cumprod_inplace", lambda m, L, T: (lambda x: x.cumprod_(0))(L(ZEROS) * 1))
case("count_nonzero_int_dims", lambda m, L, T: m.count_nonzero(T(INTS, "int64"), dim=-1))
case("msort_int", lambda m, L, T: m.msort(T(INTS, "int64")))
case("logcumsumexp_float32", lambda m, L, T: m.logcumsumexp(L(A, "float32"), 0))
case("kthvalue_float16", lambda m, L, T: m.kthvalue(L(A, "float16"), 2))
case("topk_float16", lambda m, L, T: m.topk(L(A, "float16"), 2))
case("mode_float16", lambda m, L, T: m.mode(L(MODE, "float16")))




# -- strided inputs: transposes and slices ---------------------------------------------------
STRIDED = {
    "sum": lambda m, x: x.sum(0),
    "prod": lambda m, x: x.prod(1),
    "var": lambda m, x: x.var(0),
    "amax": lambda m, x: x.amax(1),
    "max_dim": lambda m, x: x.max(0),
    "median_dim": lambda m, x: x.median(1),
    "quantile": lambda m, x: x.quantile(0.3, 0),
    "logsumexp": lambda m, x: x.logsumexp(0),
    "cumsum": lambda m, x: x.cumsum(0),
    "cumprod": lambda m, x: x.cumprod(1),
    "cummax": lambda m, x: x.cummax(0),
    "logcumsumexp": lambda m, x: x.logcumsumexp(1),
    "sort": lambda m, x: x.sort(0, descending=True),
    "topk": lambda m, x: x.topk(2, 0),
    "kthvalue": lambda m, x: x.kthvalue(2, 1),
    "mode": lambda m, x: x.mode(0),
    "unique_dim": lambda m, x: m.unique(x.detach().round(), dim=1, return_inverse=True),
    "norm": lambda m, x: x.norm(3, 0),
    "diff": lambda m, x: x.diff(dim=0),
    "cov": lambda m, x: x.cov(),
    "gradient": lambda m, x: m.gradient(x, dim=1),
    "cdist": lambda m, x: m.cdist(x, x),
    "searchsorted": lambda m, x: m.searchsorted(x.detach().sort(1).values, x.detach()),
}
for name, fn in STRIDED.items():
    case(f"transposed_{name}", lambda m, L, T, fn=fn: fn(m, L(B)[1].t()))
    case(f"sliced_{name}", lambda m, L, T, fn=fn: fn(m, L(B)[:, ::2, 1:].reshape(4, 3)[1:]))


# -- longer lines (distinct values, so every index is determined) -----------------------------
LONG = _rng.permutation(np.linspace(-3.0, 3.0, 5 * 37)).reshape(5, 37).tolist()
case("long_sort", lambda m, L, T: m.sort(L(LONG), 1, descending=True))
case("long_sort_dim0", lambda m, L, T: m.sort(L(LONG), 0))
case("long_argsort_stable", lambda m, L, T: m.argsort(T(LONG), dim=1, stable=True))
case("long_topk", lambda m, L, T: m.topk(L(LONG), 7, 1))
case("long_topk_smallest", lambda m, L, T: m.topk(L(LONG), 30, 1, largest=False))
case("long_kthvalue", lambda m, L, T: m.kthvalue(L(LONG), 19, 1))
case("long_median", lambda m, L, T: m.median(L(LONG), 1))
case("long_median_even", lambda m, L, T: m.median(L(LONG)[:, 1:], 1))
case("long_median_all", lambda m, L, T: m.median(L(LONG)))
case("long_nanmedian", lambda m, L, T: m.nanmedian(L(LONG), 0))
case("long_quantile", lambda m, L, T: m.quantile(L(LONG), T([0.1, 0.33, 0.5, 0.9]), 1))
# which occurrence mode's index names depends on PyTorch's (unstable) sort past 16 elements
case("long_mode", lambda m, L, T: _ties(m, m.mode(T(np.round(np.array(LONG) * 2)), 1, True),
                                        T(np.round(np.array(LONG) * 2)), 1))
case("long_cummax", lambda m, L, T: m.cummax(L(LONG), 1))
case("long_cummin", lambda m, L, T: m.cummin(L(LONG), 1))
case("long_unique", lambda m, L, T: m.unique(T(np.round(np.array(LONG))), return_inverse=True,
                                             return_counts=True))
case("long_searchsorted", lambda m, L, T: m.searchsorted(T(np.linspace(-3, 3, 11)), T(LONG)))
case("long_histc", lambda m, L, T: m.histc(T(LONG), 13))
case("long_histogram", lambda m, L, T: m.histogram(T(LONG), 9, density=True))
case("long_cdist", lambda m, L, T: m.cdist(L(LONG), L(LONG), 2))
case("long_logcumsumexp", lambda m, L, T: m.logcumsumexp(L(LONG), 1))
case("long_cumprod", lambda m, L, T: m.cumprod(L(LONG), 1))


# -- arguments of the wrong type ---------------------------------------------------------------
BAD_ARGS = {
    "sum_float_dim": lambda m, x: x.sum(1.5),
    "mean_str_dim": lambda m, x: x.mean("a"),
    "amax_float_dim": lambda m, x: x.amax(0.5),
    "max_float_dim": lambda m, x: x.max(1.5),
    "argmax_float_dim": lambda m, x: x.argmax(1.5),
    "aminmax_tuple_dim": lambda m, x: x.aminmax(dim=(0,)),
    "logsumexp_float_dim": lambda m, x: x.logsumexp(1.5),
    "cumsum_float_dim": lambda m, x: x.cumsum(1.5),
    "cumsum_none_dim": lambda m, x: x.cumsum(None),
    "cummax_none_dim": lambda m, x: x.cummax(None),
    "cummax_tuple_dim": lambda m, x: x.cummax((0,)),
    "sort_float_dim": lambda m, x: x.sort(1.5),
    "topk_float_k": lambda m, x: x.topk(1.5),
    "topk_tuple_dim": lambda m, x: x.topk(1, (0,)),
    "kthvalue_float_k": lambda m, x: x.kthvalue(1.5),
    "median_tuple_dim": lambda m, x: x.median((0,)),
    "mode_none_dim": lambda m, x: x.mode(None),
    "quantile_str_q": lambda m, x: x.quantile("a"),
    "quantile_list_q": lambda m, x: x.quantile([0.5]),
    "var_str_correction": lambda m, x: x.var(correction="a"),
    "count_nonzero_float_dim": lambda m, x: x.count_nonzero(1.5),
    "all_float_dim": lambda m, x: x.all(1.5),
    "diff_float_n": lambda m, x: x.diff(1.5),
    "renorm_float_dim": lambda m, x: x.renorm(2, 1.5, 1.0),
    "unique_float_dim": lambda m, x: m.unique(x, dim=1.5),
    "norm_list_p": lambda m, x: x.norm([2]),
    "bincount_float_minlength": lambda m, x: m.bincount(m.tensor([1, 2]), minlength=1.5),
    "searchsorted_int_side": lambda m, x: m.searchsorted(x[0].sort().values, x, side=1),
    "histc_str_bins": lambda m, x: x.histc("a"),
    "gradient_float_dim": lambda m, x: m.gradient(x, dim=1.5),
    "trapezoid_float_dim": lambda m, x: m.trapezoid(x, dim=1.5),
    "cov_list_input": lambda m, x: m.cov([[1.0, 2.0]]),
    "sum_tensor_dim": lambda m, x: x.sum(m.tensor(1)),
    "sum_numpy_int_dim": lambda m, x: x.sum(np.int64(1)),
    "topk_numpy_k": lambda m, x: x.topk(np.int64(2)),
}
for name, fn in BAD_ARGS.items():
    case(f"bad_{name}", lambda m, L, T, fn=fn: fn(m, L(A)))

# -- second order: gradients of gradients ---------------------------------------------------
SECOND = {
    "prod_one_zero": lambda m, L: m.prod(L(ZEROS), 1),
    "prod_all_one_zero": lambda m, L: m.prod(L([0.0, 2.0, -1.5, 3.0])),
    "prod_no_zero": lambda m, L: m.prod(L(POS), 0),
    "cumprod_one_zero": lambda m, L: m.cumprod(L(ZEROS), 1),
    "var": lambda m, L: m.var(L(A), 1),
    "std": lambda m, L: m.std(L(A), 0, correction=0),
    "logsumexp": lambda m, L: m.logsumexp(L(A), 1),
    "logcumsumexp": lambda m, L: m.logcumsumexp(L(A), 1),
    "norm_p3": lambda m, L: m.norm(L(A), 3, 1),
    "norm_p2": lambda m, L: m.norm(L(A), 2, 0),
    "amax_ties": lambda m, L: m.amax(L(TIES), 1),
    "max_dim": lambda m, L: m.max(L(A), 1),
    "maximum": lambda m, L: m.maximum(L(A), L(TIES)),
    "median_dim": lambda m, L: m.median(L(EVEN), 1),
    "quantile_q": lambda m, L: m.quantile(L(A), L([0.3, 0.6]), 1),
    "nanmean": lambda m, L: m.nanmean(L(NANS[:2]), 1),
    "cov_aweights": lambda m, L: m.cov(L(COV), aweights=L(AW)),
    "corrcoef": lambda m, L: m.corrcoef(L(COV)),
    "gradient_tensors": lambda m, L: m.gradient(
        L(A), spacing=[L([0.0, 1.0, 3.0]), L([0.0, 0.5, 2.0, 2.5])])[1],
    "trapezoid_x": lambda m, L: m.trapezoid(L(A), L([0.0, 0.5, 2.0, 2.5])),
    "prod_two_zeros": lambda m, L: m.prod(L([[0.0, 2.0, 0.0, 3.0], [1.0, 0.0, 2.0, 0.5]]), 1),
    "prod_three_zeros_all": lambda m, L: m.prod(L([0.0, 2.0, 0.0, 3.0, 0.0])),
    "cumprod_three_zeros": lambda m, L: m.cumprod(L([2.0, 0.0, 3.0, 0.0, 4.0, 0.0, 5.0]), 0),
    "cumprod_dim0": lambda m, L: m.cumprod(L(ZEROS), 0),
    "sort": lambda m, L: m.sort(L(SORT_TIES[:2]), descending=True),
    "cummax": lambda m, L: m.cummax(L(CUM_TIES[:2]), 1),
    "nansum": lambda m, L: m.nansum(L(NANS[:2]) ** 2, 1),
    "norm_inf": lambda m, L: m.norm(L(TIES), float("inf"), 1),
    "logsumexp_inf": lambda m, L: m.logsumexp(L(INFS[:2]), 1),
    "var_mean": lambda m, L: m.var_mean(L(B), (0, 2)),
    "dist": lambda m, L: m.dist(L(A), L(POS), 3),
    "renorm": lambda m, L: m.renorm(L(B), 2, 0, 1.5),
    "diff_prepend": lambda m, L: m.diff(L(A), 2, prepend=L([[1.0], [2.0], [3.0]])) ** 2,
    "cumulative_trapezoid": lambda m, L: m.cumulative_trapezoid(L(A) ** 2, dx=0.5),
}


# -- the test ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_against_torch(name: str, device: str) -> None:
    check(name, device)


@pytest.mark.parametrize("name", list(SECOND))
def test_second_order_against_torch(name: str, device: str) -> None:
    theirs = _second_order(SECOND[name], torch, "cpu")
    ours = _second_order(SECOND[name], ag, device)
    _same(ours, theirs, "second order grads", 1e-8)
