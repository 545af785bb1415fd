"""Everyday tensor and autograd idioms, run against PyTorch.

Each case is written once as ``case(m)`` against a module ``m`` (``autograd`` or ``torch``,
whose APIs match) and runs on both; the results must agree: values, dtypes, shapes,
``requires_grad`` and gradients of every tensor returned, Python scalars and lists as such,
and for what PyTorch refuses, the same exception type.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from nn import functional as F
from tests.conftest import torch_or_skip

torch = torch_or_skip()  # the whole module compares with PyTorch

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _exc_kind(e: BaseException) -> str:
    for cls in type(e).__mro__:
        if cls.__module__ == "builtins":
            return cls.__name__
    return type(e).__name__


def _norm(x):
    """A plain, comparable form of a case's result."""
    if isinstance(x, (ag.Tensor, torch.Tensor)):
        dt = str(x.dtype).replace("torch.", "")
        t = x.detach()
        vals = t.cpu().numpy() if isinstance(x, torch.Tensor) else t.numpy()
        return ("T", dt, tuple(x.shape), bool(x.requires_grad), np.array(vals, copy=True))
    if isinstance(x, (tuple, list)):
        return ("list" if isinstance(x, list) else "tuple", [_norm(v) for v in x])
    if isinstance(x, dict):
        return ("dict", {k: _norm(v) for k, v in x.items()})
    if isinstance(x, str):
        return ("py", "str", x.replace("torch.", ""))
    if isinstance(x, (bool, int, float, complex)) or x is None:
        return ("py", type(x).__name__, x)
    if isinstance(x, torch.dtype):
        return ("dtype", str(x).replace("torch.", ""))
    if isinstance(x, np.dtype) or (isinstance(x, type) and issubclass(x, np.generic)):
        return ("dtype", str(np.dtype(x)))
    if isinstance(x, torch.Size):
        return ("tuple", [_norm(v) for v in x])
    if isinstance(x, np.ndarray):
        return ("nd", str(x.dtype), x.shape, x)
    if isinstance(x, np.generic):
        return ("py", type(x.item()).__name__, x.item())
    return ("other", type(x).__name__)


def _run(fn, m):
    try:
        return _norm(fn(m))
    except Exception as e:  # noqa: BLE001 - the exception type is the result compared
        return ("E", _exc_kind(e), f"{type(e).__name__}: {e}")


def _same(a, b, path="result"):
    if a[0] == "E" or b[0] == "E":
        assert a[0] == b[0] and a[1] == b[1], f"{path}: autograd {a} vs torch {b}"
        return
    assert a[0] == b[0], f"{path}: autograd {a} vs torch {b}"
    if a[0] == "T":
        assert a[1:4] == b[1:4], f"{path}: autograd {a[1:4]} vs torch {b[1:4]}"
        np.testing.assert_allclose(a[4], b[4], rtol=1e-6, atol=1e-7, equal_nan=True, err_msg=path)
    elif a[0] in ("tuple", "list"):
        assert len(a[1]) == len(b[1]), f"{path}: lengths {len(a[1])} vs {len(b[1])}"
        for i, (u, v) in enumerate(zip(a[1], b[1])):
            _same(u, v, f"{path}[{i}]")
    elif a[0] == "dict":
        assert a[1].keys() == b[1].keys()
        for k in a[1]:
            _same(a[1][k], b[1][k], f"{path}[{k!r}]")
    elif a[0] == "py":
        assert a[1] == b[1], f"{path}: autograd {a} vs torch {b}"
        if isinstance(a[2], float) and math.isnan(a[2]):
            assert math.isnan(b[2]), f"{path}: {a} vs {b}"
        else:
            assert a[2] == b[2] or (
                isinstance(a[2], float) and math.isclose(a[2], b[2], rel_tol=1e-6)
            ), f"{path}: autograd {a} vs torch {b}"
    elif a[0] == "nd":
        assert a[1:3] == b[1:3], f"{path}: {a[1:3]} vs {b[1:3]}"
        np.testing.assert_allclose(a[3], b[3], equal_nan=True, err_msg=path)
    else:
        assert a == b, f"{path}: autograd {a} vs torch {b}"


def _x(m, *shape, dtype=None, grad=False):
    n = int(np.prod(shape)) if shape else 1
    t = m.arange(n, dtype=dtype if dtype is not None else m.float64).reshape(*shape) * 0.5 - 1.0
    if grad:
        t.requires_grad_(True)
    return t


# -- indexing --


@case
def index_bool_mask(m):
    x = _x(m, 3, 4)
    return x[x > 0], x[m.tensor([True, False, True])]


@case
def index_bool_mask_grad(m):
    x = _x(m, 3, 4, grad=True)
    y = x[x > 0].sum() + x[:, m.tensor([True, False, True, True])].pow(2).sum()
    y.backward()
    return y, x.grad


@case
def index_int_lists(m):
    x = _x(m, 3, 4, 5)
    return x[[0, 2], [1, 3]], x[[0, 2]][:, [1]], x[:, [0, 0, 1]], x[[[0], [2]], [1, 3]]


@case
def index_ellipsis_none(m):
    x = _x(m, 2, 3, 4)
    return x[..., 1], x[None, ..., None].shape, x[:, None, 1], x[..., None, :2], x[1, ...]


@case
def index_negative(m):
    x = _x(m, 3, 4)
    return x[-1], x[:, -2:], x[-3:-1, -1], x[m.tensor([-1, 0])]


@case
def index_out_of_range(m):
    return _x(m, 3, 4)[3]


@case
def index_tensor_out_of_range(m):
    return _x(m, 3, 4)[m.tensor([0, 5])]


@case
def index_scalar_tensor(m):
    x = _x(m, 4, 3)
    return x[m.tensor(2)], x[m.tensor([2])], x[m.tensor(1), m.tensor(2)]


@case
def index_mixed_adv_slice(m):
    x = _x(m, 2, 3, 4, 5)
    return x[:, [0, 1], :, [1, 2]].shape, x[[0, 1], :, [1, 2]].shape, x[:, [0, 2], [1, 3]].shape


@case
def index_assign_broadcast(m):
    x = m.zeros(3, 4)
    x[1] = m.tensor([1.0, 2.0, 3.0, 4.0])
    x[:, 2] = 7
    x[0:2, 0:2] = m.tensor([[5.0], [6.0]])
    return x


@case
def index_assign_mask(m):
    x = _x(m, 3, 4)
    x[x < 0] = 0
    x[x > 1] = m.tensor(9.0)
    return x


@case
def index_assign_list_repeat(m):
    x = m.zeros(5)
    x[[0, 2, 4]] = m.tensor([1.0, 2.0, 3.0])
    x[m.tensor([1, 3])] += 1
    return x


@case
def index_assign_shape_mismatch(m):
    x = m.zeros(3, 4)
    x[0] = m.ones(3)
    return x


@case
def index_assign_int_into_float(m):
    x = m.zeros(3)
    x[1] = 2
    y = m.zeros(3, dtype=m.int64)
    y[0] = 2.7
    y[1] = True
    return x, y


@case
def index_assign_grad(m):
    w = _x(m, 3, grad=True)
    x = m.zeros(2, 3)
    x[1] = w * 2
    (x * x).sum().backward()
    return x, w.grad


@case
def index_bool_scalar(m):
    x = _x(m, 3)
    return x[True].shape, x[False].shape, x[None].shape


@case
def index_bool_mask_wrong_shape(m):
    return _x(m, 3, 4)[m.tensor([True, False])]


@case
def index_empty_list(m):
    x = _x(m, 3, 4)
    return x[[]].shape, x[m.tensor([], dtype=m.int64)].shape


@case
def index_float_tensor_refused(m):
    return _x(m, 3)[m.tensor([0.0, 1.0])]


@case
def index_nonzero_roundtrip(m):
    x = _x(m, 3, 4)
    idx = (x > 0).nonzero(as_tuple=True)
    return x[idx], (x > 0).nonzero(), m.nonzero(x > 0.5)


@case
def index_select_gather(m):
    x = _x(m, 3, 4, grad=True)
    a = x.index_select(1, m.tensor([3, 0]))
    b = x.gather(1, m.tensor([[0, 0], [1, 2], [3, 3]]))
    (a.sum() + (b * b).sum()).backward()
    return a, b, x.grad


@case
def index_put_accumulate(m):
    x = m.zeros(4)
    return x.index_put((m.tensor([0, 0, 2]),), m.tensor([1.0, 2.0, 3.0]), accumulate=True)


@case
def index_masked_fill(m):
    x = _x(m, 2, 3)
    return x.masked_fill(x > 0, -1.0), x.masked_fill(m.tensor([True, False, True]), 5)


# -- integer and bool arithmetic --


@case
def int_floordiv_neg(m):
    a = m.tensor([7, -7, 7, -7, 0])
    b = m.tensor([2, 2, -2, -2, 3])
    return a // b, a % b, a / b, m.div(a, b, rounding_mode="trunc"), m.fmod(a, b), m.remainder(a, b)


@case
def int_floordiv_scalar(m):
    a = m.tensor([7, -7, 5])
    return a // 2, a % 3, a % -3, -7 // a, 7 % a, a / 2


@case
def float_floordiv_mod(m):
    a = m.tensor([7.5, -7.5, 0.5])
    return a // 2, a % 2, a % -2, m.fmod(a, -2)


@case
def int_div_by_zero(m):
    return m.tensor([1, 2]) // m.tensor([0, 1])


@case
def int_mod_by_zero(m):
    return m.tensor([1, 2]) % m.tensor([0, 1])


@case
def int_true_div_by_zero(m):
    return m.tensor([1, -1, 0]) / 0


@case
def int_overflow_wrap(m):
    a = m.tensor([2**62], dtype=m.int64)
    b = m.tensor([100], dtype=m.int8)
    c = m.tensor([250], dtype=m.uint8)
    return a * 4, b + b, c + 10, b * 3


@case
def int_pow(m):
    a = m.tensor([2, 3, -2])
    return a**2, a ** m.tensor([0, 1, 3]), 2**a, a**0.5, a.pow(2).dtype


@case
def int_neg_pow_refused(m):
    return m.tensor([2, 3]) ** -1


@case
def bool_arith(m):
    a = m.tensor([True, False, True])
    b = m.tensor([True, True, False])
    return a + b, a & b, a | b, a ^ b, ~a, a * 2, a + 1.5, a.sum(), a.float().mean()


@case
def bool_sub_refused(m):
    return m.tensor([True]) - m.tensor([False])


@case
def bool_neg_refused(m):
    return -m.tensor([True])


@case
def int_bitwise(m):
    a = m.tensor([5, -3, 12])
    return a & 3, a | 8, a ^ a, ~a, a << 2, a >> 1


@case
def float_bitwise_refused(m):
    return m.tensor([1.0]) & m.tensor([1.0])


@case
def int_abs_sign_neg(m):
    a = m.tensor([-3, 0, 4], dtype=m.int32)
    return a.abs(), a.sign(), -a, a.clamp(min=-1, max=2), a.clamp(min=0.5)


@case
def int_sqrt_exp_promote(m):
    a = m.tensor([1, 4, 9])
    return a.sqrt(), a.exp(), m.sin(a), a.sigmoid(), m.tensor([True, False]).exp()


@case
def int_round_floor(m):
    a = m.tensor([1, -2, 3])
    return a.floor(), a.ceil(), a.round(), a.trunc()


@case
def float_round_half_even(m):
    a = m.tensor([0.5, 1.5, 2.5, -0.5, -2.5, 1.2345])
    return a.round(), a.round(decimals=2), m.round(a, decimals=1)


# -- dtype promotion --


@case
def promote_python_scalars(m):
    i = m.tensor([1, 2], dtype=m.int32)
    f = m.tensor([1.0], dtype=m.float32)
    b = m.tensor([True])
    return (
        (i + 1).dtype,
        (i + 1.5).dtype,
        (f + 1).dtype,
        (f + 2.5).dtype,
        (b + 1).dtype,
        (b + 1.0).dtype,
        (b + True).dtype,
        (i * True).dtype,
    )


@case
def promote_zero_dim(m):
    i = m.tensor([1, 2], dtype=m.int32)
    f = m.tensor([1.0], dtype=m.float32)
    h = m.tensor([1.0], dtype=m.float16)
    return (
        (i + m.tensor(5)).dtype,
        (i + m.tensor(5.0, dtype=m.float64)).dtype,
        (f + m.tensor(5.0, dtype=m.float64)).dtype,
        (h + m.tensor(1.0)).dtype,
        (m.tensor(1, dtype=m.int8) + m.tensor([1], dtype=m.uint8)).dtype,
        (m.tensor(1.0) + m.tensor(1)).dtype,
        (m.tensor([1], dtype=m.int8) + m.tensor(1000)).dtype,
    )


@case
def promote_mixed_tensors(m):
    i8 = m.tensor([1], dtype=m.int8)
    u8 = m.tensor([1], dtype=m.uint8)
    i32 = m.tensor([1], dtype=m.int32)
    f16 = m.tensor([1], dtype=m.float16)
    f64 = m.tensor([1], dtype=m.float64)
    b = m.tensor([True])
    return (
        (i8 + u8).dtype,
        (i32 + f16).dtype,
        (b + i8).dtype,
        (f16 + f64).dtype,
        (u8 * b).dtype,
        m.result_type(i8, 2.0),
        m.promote_types(m.uint8, m.int8),
    )


@case
def promote_comparison_mixed(m):
    i = m.tensor([1, 2, 3])
    return i > 1.5, i == m.tensor([1.0, 2.5, 3.0]), m.tensor([True, False]) == 1, i.eq(2)


@case
def promote_where_scalars(m):
    c = m.tensor([True, False, True])
    i = m.tensor([1, 2, 3])
    f = m.tensor([1.0, 2.0, 3.0], dtype=m.float32)
    return (
        m.where(c, i, 0),
        m.where(c, i, 0.5),
        m.where(c, f, 0),
        m.where(c, 1.0, 0.0),
        m.where(c, 1, 0),
        m.where(c, f, m.tensor(2.0, dtype=m.float64)),
    )


@case
def where_grad(m):
    x = _x(m, 4, grad=True)
    y = m.where(x > 0, x * x, m.zeros_like(x))
    y.sum().backward()
    return y, x.grad


@case
def where_single_arg(m):
    return m.where(m.tensor([[0, 1], [2, 0]]))


@case
def inplace_promote_refused(m):
    a = m.tensor([1, 2])
    a += 1.5
    return a


@case
def inplace_int_ok(m):
    a = m.tensor([1.0, 2.0])
    a += m.tensor([1, 2])
    b = m.tensor([1, 2])
    b *= 2
    b += True
    return a, b


@case
def inplace_div_int_refused(m):
    a = m.tensor([1, 2])
    a /= 2
    return a


# -- reductions --


@case
def reduce_dim_tuple(m):
    x = _x(m, 2, 3, 4)
    return (
        x.sum((0, 2)),
        x.mean((-1, 0), keepdim=True),
        x.sum(dim=(-1,)),
        x.amax((0, 1)),
        x.prod(-2),
        x.std((0, 2)),
        x.var(1, unbiased=False),
    )


@case
def reduce_int_dtypes(m):
    a = m.tensor([[1, 2], [3, 4]], dtype=m.int32)
    b = m.tensor([True, True, False])
    return (
        a.sum(),
        a.sum(0),
        a.prod(),
        a.cumsum(0),
        a.cumprod(1),
        b.sum(),
        b.cumsum(0),
        a.sum(dtype=m.float32),
        a.max(),
    )


@case
def reduce_int_mean_refused(m):
    return m.tensor([1, 2]).mean()


@case
def reduce_empty(m):
    e = m.zeros(0, 3)
    return (
        e.sum(),
        e.sum(0),
        e.prod(0),
        e.mean(),
        e.mean(0),
        e.any(),
        e.all(),
        e.sum(1),
        e.amax(1),
        e.std(),
    )


@case
def reduce_empty_max_refused(m):
    return m.zeros(0, 3).max()


@case
def reduce_empty_max_dim_refused(m):
    return m.zeros(0, 3).max(0)


@case
def reduce_empty_argmax_refused(m):
    return m.zeros(0).argmax()


@case
def reduce_empty_amin_refused(m):
    return m.zeros(0, 3).amin(0)


@case
def reduce_empty_max_ok_dim(m):
    return m.zeros(0, 3).max(1), m.zeros(3, 0).sum(1), m.zeros(3, 0).argmax(0)


@case
def reduce_dim_out_of_range(m):
    return _x(m, 2, 3).sum(2)


@case
def reduce_dim_repeated(m):
    return _x(m, 2, 3).sum((0, 0))


@case
def reduce_max_dim_returns(m):
    x = m.tensor([[1.0, 5.0, 5.0], [7.0, 2.0, 7.0]])
    v, i = x.max(1)
    r = x.min(dim=0, keepdim=True)
    return v, i, r.values, r.indices, x.argmax(), x.argmax(1, keepdim=True), x.argmin(0)


@case
def reduce_zero_dim(m):
    s = m.tensor(3.0)
    return s.sum(), s.sum(0), s.max(), s.argmax(), s.mean(-1), s.max(0), s.cumsum(0)


@case
def reduce_any_all_dtype(m):
    a = m.tensor([[0, 2], [0, 0]])
    u = m.tensor([0, 3], dtype=m.uint8)
    return a.any(), a.all(1), a.any(0), a.bool().all(), u.any(), u.all()


@case
def reduce_count_nonzero(m):
    a = m.tensor([[0, 2], [3, 0.0]])
    return m.count_nonzero(a), m.count_nonzero(a, dim=0)


@case
def reduce_grad_max_ties(m):
    x = m.tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
    x.max().backward()
    g1 = x.grad.clone()
    x.grad = None
    x.amax().backward()
    g2 = x.grad.clone()
    x.grad = None
    x.max(0).values.backward()
    return g1, g2, x.grad


@case
def reduce_logsumexp(m):
    x = m.tensor([[1.0, 2.0], [-math.inf, -math.inf]])
    return m.logsumexp(x, 1), m.logsumexp(m.zeros(0), 0)


@case
def reduce_median(m):
    x = m.tensor([[3.0, 1.0, 2.0, 4.0], [1.0, 1.0, 0.0, 5.0]])
    return x.median(), x.median(1), m.nanmedian(m.tensor([1.0, math.nan, 3.0]))


@case
def reduce_norm(m):
    x = _x(m, 2, 3)
    return x.norm(), x.norm(dim=1), x.norm(p=1), m.linalg.vector_norm(x, ord=math.inf)


# -- NaN handling --

NAN = float("nan")


@case
def nan_max_min(m):
    x = m.tensor([1.0, NAN, 3.0])
    return (
        x.max(),
        x.min(),
        x.amax(),
        x.max(0),
        x.argmax(),
        x.argmin(),
        m.maximum(x, m.tensor(2.0)),
        m.fmax(x, m.tensor(2.0)),
    )


@case
def nan_sort(m):
    x = m.tensor([3.0, NAN, 1.0, NAN, 2.0])
    return x.sort(), x.sort(descending=True), x.argsort(), m.topk(x, 2)


@case
def nan_unique(m):
    x = m.tensor([1.0, NAN, 1.0, NAN])
    return m.unique(x).shape


@case
def nan_sum_mean(m):
    x = m.tensor([1.0, NAN, 3.0])
    return x.sum(), m.nansum(x), m.nanmean(x), x.isnan(), m.nan_to_num(x, nan=0.0), x == x


@case
def nan_clamp(m):
    x = m.tensor([NAN, -2.0, 2.0])
    return x.clamp(-1, 1), x.clamp(min=0), m.clamp(x, max=m.tensor(0.5))


@case
def inf_arith(m):
    x = m.tensor([math.inf, -math.inf, 0.0])
    return x * 0, x - x, x / x, 1 / x, m.tensor([1.0, -1.0]) / 0, x.sign()


# -- sorting --


@case
def sort_stable_ties(m):
    x = m.tensor([2, 1, 2, 1, 0, 2])
    return (
        x.sort(stable=True),
        x.sort(descending=True, stable=True),
        x.argsort(stable=True),
        m.argsort(x, descending=True, stable=True),
    )


@case
def sort_dims(m):
    x = m.tensor([[3, 1, 2], [0, 5, 4]])
    return (
        x.sort(0),
        x.sort(-1, descending=True),
        m.sort(x, dim=0, descending=True).indices,
        x.msort(),
    )


@case
def sort_bool(m):
    return m.tensor([True, False, True]).sort()


@case
def topk_ties(m):
    x = m.tensor([1.0, 3.0, 3.0, 2.0, 3.0])
    v, i = x.topk(2)
    v2, _ = x.topk(3, largest=False)
    return v, v2, m.topk(x, 0).values.shape, x.topk(1, sorted=True).values


@case
def topk_too_many(m):
    return m.tensor([1.0, 2.0]).topk(3)


@case
def kthvalue_ties(m):
    x = m.tensor([[1.0, 3.0, 3.0, 2.0], [5.0, 4.0, 4.0, 4.0]])
    r = x.kthvalue(2, 1)
    return r.values, m.kthvalue(x, 3, dim=1, keepdim=True).values, x.kthvalue(1, 0).values


@case
def kthvalue_out_of_range(m):
    return m.tensor([1.0, 2.0]).kthvalue(3)


@case
def sort_grad(m):
    x = m.tensor([3.0, 1.0, 2.0], requires_grad=True)
    v, _ = x.sort()
    (v * m.tensor([1.0, 2.0, 3.0])).sum().backward()
    return v, x.grad


@case
def unique_variants(m):
    x = m.tensor([3, 1, 3, 2, 1, 1])
    return (
        m.unique(x),
        m.unique(x, return_counts=True),
        m.unique(x, return_inverse=True),
        m.unique_consecutive(x),
        m.unique(m.tensor([[1, 2], [1, 2], [0, 1]]), dim=0),
    )


@case
def searchsorted_bucketize(m):
    b = m.tensor([1.0, 3.0, 5.0])
    v = m.tensor([0.0, 3.0, 6.0])
    return (
        m.searchsorted(b, v),
        m.searchsorted(b, v, right=True),
        m.bucketize(v, b),
        m.bucketize(v, b, right=True),
    )


# -- cumulative --


@case
def cum_dtypes(m):
    i8 = m.tensor([100, 100], dtype=m.int8)
    b = m.tensor([True, True])
    f = m.tensor([1.0, 2.0], dtype=m.float32)
    return (
        i8.cumsum(0),
        b.cumprod(0),
        f.cumsum(0, dtype=m.float64),
        i8.cumsum(0, dtype=m.int8),
        m.cummax(m.tensor([1, 3, 2, 3]), 0),
        m.cummin(m.tensor([2.0, NAN, 1.0]), 0),
    )


@case
def cum_grad(m):
    x = m.tensor([1.0, 2.0, 0.0, 4.0], requires_grad=True)
    (x.cumprod(0).sum() + x.cumsum(0).pow(2).sum()).backward()
    return x.grad


@case
def cum_empty_zero_dim(m):
    return m.zeros(0).cumsum(0), m.tensor(2.0).cumprod(0), m.logcumsumexp(m.tensor([0.0, 1.0]), 0)


# -- autograd mechanics --


@case
def grad_accumulates(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    (x * 3).sum().backward()
    return x.grad


@case
def grad_retain_graph_twice(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    return x.grad


@case
def grad_second_backward_refused(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward()
    y.backward()
    return x.grad


@case
def grad_nonscalar_refused(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    (x * 2).backward()


@case
def grad_nonscalar_with_gradient(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    (x * x).backward(gradient=m.tensor([1.0, 10.0]))
    y = x * 3
    y.backward(m.ones_like(y))
    return x.grad


@case
def grad_gradient_wrong_shape(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    (x * x).backward(gradient=m.tensor([1.0, 10.0, 3.0]))


@case
def grad_no_requires_grad_refused(m):
    m.tensor([1.0]).sum().backward()


@case
def grad_int_requires_grad_refused(m):
    return m.tensor([1, 2], requires_grad=True)


@case
def grad_int_requires_grad_inplace_refused(m):
    return m.tensor([1, 2]).requires_grad_()


@case
def grad_nonleaf_none(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    z = y * y
    z.sum().backward()
    return y.is_leaf, x.is_leaf, z.grad_fn is not None, x.grad_fn is None, x.grad


@case
def grad_retain_grad(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    (y * y).sum().backward()
    return y.grad, x.grad, y.retains_grad


@case
def grad_detach_clone(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    c = x.clone()
    dc = x.detach().clone().requires_grad_()
    d[0] = 5.0
    return x, d.requires_grad, c.requires_grad, c.is_leaf, dc.is_leaf, dc.requires_grad


@case
def grad_clone_backward(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    c = x.clone()
    (c * c).sum().backward()
    return x.grad, c.grad_fn is not None


@case
def grad_hooks_order(m):
    log = []
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: log.append(("y", g.tolist())))
    x.register_hook(lambda g: log.append(("x1", g.tolist())))
    x.register_hook(lambda g: g * 10)
    x.register_hook(lambda g: log.append(("x3", g.tolist())))
    (y * y).sum().backward()
    return log, x.grad


@case
def grad_hook_remove(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    h = x.register_hook(lambda g: g * 0)
    h.remove()
    (x * 3).sum().backward()
    return x.grad


@case
def grad_hook_no_grad_refused(m):
    return m.tensor([1.0]).register_hook(lambda g: g)


@case
def grad_no_grad_modes(m):
    x = m.tensor([1.0], requires_grad=True)
    with m.no_grad():
        a = x * 2
        with m.enable_grad():
            b = x * 2
        c = x * 2
    d = x * 2
    with m.set_grad_enabled(False):
        e = x * 2
    return (
        a.requires_grad,
        b.requires_grad,
        c.requires_grad,
        d.requires_grad,
        e.requires_grad,
        m.is_grad_enabled(),
    )


@case
def grad_no_grad_decorator(m):
    @m.no_grad()
    def f(t):
        return t * 2

    x = m.tensor([1.0], requires_grad=True)
    return f(x).requires_grad, (x * 2).requires_grad


@case
def grad_inference_mode(m):
    x = m.tensor([1.0], requires_grad=True)
    with m.inference_mode():
        a = x * 2
        en = m.is_grad_enabled()
        inf = m.is_inference_mode_enabled()
    with m.inference_mode(False):
        b = x * 2
    return a.requires_grad, en, inf, b.requires_grad, x.is_inference()


@case
def grad_leaf_inplace_refused(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    x.add_(1)


@case
def grad_leaf_setitem_refused(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    x[0] = 3.0


@case
def grad_leaf_inplace_no_grad_ok(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    with m.no_grad():
        x.mul_(2)
        x[0] = 7.0
    (x * x).sum().backward()
    return x, x.grad


@case
def grad_saved_modified_refused(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    z = y.exp()
    y.add_(1)
    z.sum().backward()
    return x.grad


@case
def grad_saved_output_modified_refused(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    z = x.exp()
    z.mul_(2)
    z.sum().backward()


@case
def grad_inplace_nonleaf_ok(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.mul_(3)
    y.add_(x)
    y.sum().backward()
    return y, x.grad


@case
def grad_autograd_grad(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = (x**3).sum()
    (g,) = m.autograd.grad(y, x, create_graph=True)
    (gg,) = m.autograd.grad(g.sum(), x)
    return g, gg, x.grad


@case
def grad_autograd_grad_unused(m):
    x = m.tensor([1.0], requires_grad=True)
    z = m.tensor([1.0], requires_grad=True)
    return m.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)


@case
def grad_autograd_grad_unused_refused(m):
    x = m.tensor([1.0], requires_grad=True)
    z = m.tensor([1.0], requires_grad=True)
    return m.autograd.grad((x * 2).sum(), [x, z])


@case
def grad_zero_and_none(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    (x * 2).sum().backward()
    x.grad.zero_()
    (x * 1).sum().backward()
    return x.grad


@case
def grad_requires_grad_flag_ops(m):
    x = m.tensor([1.0], requires_grad=True)
    y = m.tensor([2.0])
    return (
        (x + y).requires_grad,
        (y + 1).requires_grad,
        (x > 0).requires_grad,
        x.argmax().requires_grad,
        x.detach().requires_grad,
        (x.long()).requires_grad,
        x.float().requires_grad,
    )


@case
def grad_set_requires_grad_nonleaf_refused(m):
    x = m.tensor([1.0], requires_grad=True)
    y = x * 2
    y.requires_grad_(False)


@case
def grad_data_attribute(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    x.data.mul_(2)
    y = x.data
    return x, y.requires_grad, x.requires_grad


@case
def grad_broadcast_reduce(m):
    a = m.tensor([[1.0], [2.0]], requires_grad=True)
    b = m.tensor([1.0, 2.0, 3.0], requires_grad=True)
    s = m.tensor(2.0, requires_grad=True)
    ((a * b + s) ** 2).sum().backward()
    return a.grad, b.grad, s.grad


@case
def grad_expand_view(m):
    a = m.tensor([1.0, 2.0], requires_grad=True)
    (a.expand(3, 2) * m.arange(6.0).reshape(3, 2)).sum().backward()
    return a.grad


@case
def grad_int_output_backward(m):
    x = m.tensor([1.5, 2.5], requires_grad=True)
    return x.round().requires_grad, x.argmax(), x.floor()


# -- views --


@case
def view_shares_memory(m):
    x = m.arange(6.0)
    v = x.view(2, 3)
    s = x[1:4]
    r = x.reshape(3, 2)
    v[0, 0] = 100.0
    s.mul_(2)
    r[2, 1] = -1.0
    return x, v, s, r


@case
def view_transpose_shares(m):
    x = m.arange(6.0).reshape(2, 3)
    t = x.T
    t[0, 1] = 50.0
    x.t_() if False else None
    return x, t, t.is_contiguous(), x.is_contiguous()


@case
def view_noncontig_refused(m):
    return m.arange(6.0).reshape(2, 3).T.view(6)


@case
def reshape_noncontig_copies(m):
    x = m.arange(6.0).reshape(2, 3)
    r = x.T.reshape(6)
    r[0] = 99.0
    c = x.T.contiguous()
    c[0, 0] = 77.0
    return x, r, c


@case
def view_of_view_chain(m):
    x = m.zeros(2, 3, 4)
    x[0].T[1][2:] = 5.0
    x.select(2, 3).fill_(1.0)
    x.narrow(1, 1, 1).add_(2.0)
    x.unsqueeze(0).squeeze(0)[1, 0, 0] = 9.0
    return x


@case
def view_flatten_unflatten(m):
    x = _x(m, 2, 3, 4)
    return (
        x.flatten().shape,
        x.flatten(1).shape,
        x.flatten(0, 1).shape,
        x.unflatten(2, (2, 2)).shape,
        x.unflatten(-1, (-1, 2)).shape,
        m.tensor(3.0).flatten().shape,
    )


@case
def view_unflatten_bad(m):
    return _x(m, 2, 6).unflatten(1, (4, 2))


@case
def view_bad_size(m):
    return _x(m, 2, 3).view(4, 2)


@case
def view_infer_two_refused(m):
    return _x(m, 2, 3).view(-1, -1)


@case
def view_dtype_reinterpret(m):
    return m.tensor([1.0], dtype=m.float32).view(m.int32)


@case
def squeeze_variants(m):
    x = m.zeros(1, 2, 1, 3, 1)
    return (
        x.squeeze().shape,
        x.squeeze(0).shape,
        x.squeeze((0, 2)).shape,
        x.squeeze(1).shape,
        x.squeeze(-1).shape,
        m.squeeze(x, (0, -1)).shape,
    )


@case
def squeeze_bad_dim(m):
    return m.zeros(1, 2).squeeze(2)


@case
def unsqueeze_range(m):
    x = m.zeros(2, 3)
    return x.unsqueeze(-1).shape, x.unsqueeze(2).shape, x.unsqueeze(-3).shape


@case
def unsqueeze_bad(m):
    return m.zeros(2, 3).unsqueeze(3)


@case
def permute_movedim(m):
    x = _x(m, 2, 3, 4)
    return (
        x.permute(2, 0, 1).shape,
        x.permute((1, 0, 2)).shape,
        x.movedim(0, -1).shape,
        x.mT.shape,
        x.swapaxes(0, 2).shape,
        x.transpose(-1, -2).shape,
    )


@case
def permute_bad(m):
    return _x(m, 2, 3).permute(0, 0)


# -- construction --


@case
def tensor_from_lists(m):
    return (
        m.tensor([[1, 2], [3, 4]]),
        m.tensor([1, 2.5]),
        m.tensor([True, 1]),
        m.tensor([True, 1.5]),
        m.tensor([]),
        m.tensor([[]]),
        m.tensor(3),
        m.tensor(3.5),
        m.tensor(True),
        m.tensor([[1.0], [2.0]], dtype=m.int64),
    )


@case
def tensor_ragged_refused(m):
    return m.tensor([[1, 2], [3]])


@case
def tensor_from_numpy(m):
    a = np.arange(4, dtype=np.int32)
    f = np.ones((2, 2), dtype=np.float32)
    t = m.from_numpy(f)
    f[0, 0] = 5.0
    return (
        m.tensor(a),
        m.tensor(f),
        t,
        m.as_tensor(a),
        m.tensor(np.float64(2.5)),
        m.tensor(np.array(True)),
    )


@case
def tensor_from_tensors_list(m):
    return m.tensor([m.tensor(1.0), m.tensor(2.0)]), m.stack([m.tensor(1), m.tensor(2)])


@case
def tensor_big_int(m):
    return m.tensor([2**40]), m.tensor([1, 2**40]).dtype


@case
def tensor_default_dtype_factories(m):
    return (
        m.zeros(2).dtype,
        m.ones(2, dtype=m.int32),
        m.full((2,), 3),
        m.full((2,), 3.0),
        m.full((2,), True),
        m.empty(0, 3).shape,
        m.zeros((2, 3)).shape,
        m.zeros([]).shape,
        m.eye(2, 3),
        m.zeros_like(m.tensor([1, 2])),
        m.ones_like(m.tensor([1.0]), dtype=m.int64),
        m.full_like(m.tensor([1, 2]), 2.7),
    )


@case
def arange_float_steps(m):
    return (
        m.arange(5),
        m.arange(0, 1, 0.1),
        m.arange(1, 2.5, 0.5),
        m.arange(0.0, 1.0, 0.3),
        m.arange(5.0),
        m.arange(10, 0, -3),
        m.arange(0, -1, -0.25),
        m.arange(3, dtype=m.float32),
        m.arange(m.tensor(4)),
        m.arange(1, 1),
    )


@case
def arange_bad_step(m):
    return m.arange(0, 5, 0)


@case
def arange_wrong_sign(m):
    return m.arange(0, 5, -1)


@case
def linspace_logspace(m):
    return (
        m.linspace(0, 1, 5),
        m.linspace(0, 1, 1),
        m.linspace(0, 1, 0),
        m.linspace(-1, 1, steps=4, dtype=m.float64),
        m.linspace(0, 10, 5, dtype=m.int64),
        m.logspace(0, 2, 3),
        m.linspace(m.tensor(0.0), m.tensor(1.0), 3),
    )


# -- repeat / expand / tile / cat / split --


@case
def repeat_expand_tile(m):
    x = m.tensor([[1, 2]])
    return (
        x.repeat(2, 3),
        x.repeat(2, 1, 1).shape,
        x.expand(3, -1),
        x.expand(2, 3, 2).shape,
        x.tile((2,)),
        x.tile((2, 1, 2)).shape,
        x.expand_as(m.zeros(4, 2)).shape,
        m.tensor(5).expand(3),
    )


@case
def repeat_too_few_dims(m):
    return m.zeros(2, 3).repeat(2)


@case
def expand_bad(m):
    return m.zeros(2, 3).expand(3, 3)


@case
def repeat_interleave_variants(m):
    x = m.tensor([[1, 2], [3, 4]])
    return (
        x.repeat_interleave(2),
        x.repeat_interleave(2, dim=0),
        x.repeat_interleave(m.tensor([1, 2]), dim=1),
        m.repeat_interleave(m.tensor([2, 0, 1])),
    )


@case
def repeat_grad(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    (x.repeat(3) * m.arange(6.0)).sum().backward()
    g1 = x.grad.clone()
    x.grad = None
    (x.repeat_interleave(2) * m.arange(4.0)).sum().backward()
    return g1, x.grad


@case
def cat_stack_promotion(m):
    i = m.tensor([1, 2])
    f = m.tensor([0.5], dtype=m.float32)
    b = m.tensor([True])
    return (
        m.cat([i, f]),
        m.cat([i, b]),
        m.cat([b, b]),
        m.stack([i, m.tensor([3.0, 4.0])]),
        m.cat((i,)),
        m.cat([m.zeros(2, 3), m.zeros(0, 3)]).shape,
    )


@case
def cat_legacy_empty(m):
    return m.cat([m.tensor([1.0, 2.0]), m.tensor([])]), m.cat([m.zeros(2, 3), m.tensor([])]).shape


@case
def cat_dim_mismatch(m):
    return m.cat([m.zeros(2, 3), m.zeros(2, 4)])


@case
def cat_empty_list(m):
    return m.cat([])


@case
def stack_shape_mismatch(m):
    return m.stack([m.zeros(2), m.zeros(3)])


@case
def cat_stack_grad(m):
    a = m.tensor([1.0, 2.0], requires_grad=True)
    b = m.tensor([3.0], requires_grad=True)
    c = m.cat([a, b, a])
    s = m.stack([a, a * 2], dim=1)
    ((c * c).sum() + s.sum()).backward()
    return c, s, a.grad, b.grad


@case
def hstack_vstack(m):
    a = m.tensor([1, 2])
    return (
        m.hstack([a, a]),
        m.vstack([a, a]),
        m.dstack([a, a]).shape,
        m.column_stack([a, a]),
        m.row_stack([a, a]),
    )


@case
def chunk_split_uneven(m):
    x = m.arange(7)
    return (
        x.chunk(3),
        x.chunk(4),
        m.arange(6).chunk(4),
        x.split(3),
        x.split([2, 5]),
        m.arange(12).reshape(3, 4).split(3, dim=1),
        x.tensor_split(3),
        x.tensor_split([1, 4]),
        m.arange(0).chunk(2),
    )


@case
def split_bad_sizes(m):
    return m.arange(7).split([2, 4])


@case
def chunk_zero(m):
    return m.arange(4).chunk(0)


@case
def unbind_narrow(m):
    x = _x(m, 2, 3)
    return x.unbind(), x.unbind(1), x.narrow(1, 1, 2), x.narrow(-1, -2, 1)


@case
def split_grad(m):
    x = m.tensor([1.0, 2.0, 3.0, 4.0, 5.0], requires_grad=True)
    a, b = x.split([2, 3])
    (a.sum() * 2 + (b * b).sum()).backward()
    return x.grad


@case
def flip_roll(m):
    x = m.arange(6).reshape(2, 3)
    return (
        x.flip(0),
        x.flip((0, 1)),
        x.fliplr(),
        x.roll(1),
        x.roll(-1, 1),
        x.roll((1, 1), (0, 1)),
        x.rot90(),
    )


# -- einsum / matmul --


@case
def einsum_variants(m):
    a = _x(m, 2, 3)
    b = _x(m, 3, 4)
    v = _x(m, 3)
    bt = _x(m, 5, 2, 3)
    return (
        m.einsum("ij,jk->ik", a, b),
        m.einsum("ij->ji", a),
        m.einsum("ii->i", _x(m, 3, 3)),
        m.einsum("ii", _x(m, 3, 3)),
        m.einsum("i,i->", v, v),
        m.einsum("i,j->ij", v, v),
        m.einsum("bij,jk->bik", bt, b),
        m.einsum("...ij->...ji", bt).shape,
        m.einsum("ij", a),
        m.einsum("ij->", a),
        m.einsum("b i j, j -> b i", bt, v),
        m.einsum("ij,jk", [a, b]),
    )


@case
def einsum_grad(m):
    a = _x(m, 2, 3, grad=True)
    b = _x(m, 3, 4, grad=True)
    m.einsum("ij,jk->ik", a, b).pow(2).sum().backward()
    return a.grad, b.grad


@case
def einsum_bad(m):
    return m.einsum("ij,jk->ik", _x(m, 2, 3), _x(m, 4, 4))


@case
def matmul_broadcast(m):
    v = _x(m, 3)
    a = _x(m, 2, 3)
    b = _x(m, 3, 4)
    c = _x(m, 5, 3, 4)
    d = _x(m, 5, 2, 3)
    e = _x(m, 1, 2, 3)
    return (
        v @ v,
        a @ v,
        v @ b,
        a @ b,
        c.shape,
        (a @ c).shape,
        (d @ c).shape,
        (v @ c).shape,
        (c.mT @ v).shape,
        (e @ c).shape,
        m.matmul(_x(m, 2, 1, 2, 3), _x(m, 3, 3, 1)).shape,
    )


@case
def matmul_grad_1d(m):
    v = _x(m, 3, grad=True)
    c = _x(m, 5, 3, 4, grad=True)
    (v @ c).pow(2).sum().backward()
    return v.grad, c.grad


@case
def matmul_shape_mismatch(m):
    return _x(m, 2, 3) @ _x(m, 2, 3)


@case
def matmul_zero_dim_refused(m):
    return m.matmul(m.tensor(2.0), _x(m, 3))


@case
def matmul_int(m):
    a = m.tensor([[1, 2], [3, 4]])
    return a @ a, a.mm(a), a.mv(m.tensor([1, 1])), m.tensor([1, 2]).dot(m.tensor([3, 4]))


@case
def matmul_dtype_mismatch(m):
    return m.tensor([[1, 2]]) @ m.tensor([[1.0], [2.0]])


@case
def mm_bad_dims(m):
    return _x(m, 3).mm(_x(m, 3, 2))


@case
def bmm_outer_dot(m):
    return (
        m.bmm(_x(m, 2, 2, 3), _x(m, 2, 3, 1)),
        m.outer(_x(m, 2), _x(m, 3)),
        m.dot(_x(m, 3), _x(m, 3)),
    )


@case
def dot_bad(m):
    return m.dot(_x(m, 3), _x(m, 4))


# -- conversion --


@case
def item_tolist(m):
    return (
        m.tensor(3).item(),
        m.tensor(2.5).item(),
        m.tensor(True).item(),
        m.tensor([[7]]).item(),
        m.tensor([[1, 2], [3, 4]]).tolist(),
        m.tensor([1.5]).tolist(),
        m.tensor(4).tolist(),
        m.tensor([True, False]).tolist(),
        m.tensor([1, 2], dtype=m.uint8).tolist(),
        m.tensor([0.1], dtype=m.float32).tolist(),
        m.tensor([1.0, 2.0], dtype=m.float16).tolist(),
        m.zeros(0, 2).tolist(),
    )


@case
def item_many_refused(m):
    return m.tensor([1, 2]).item()


@case
def python_conversions(m):
    return (
        int(m.tensor(3.7)),
        float(m.tensor(2)),
        bool(m.tensor([1])),
        int(m.tensor([-2.5])),
        len(m.zeros(4, 2)),
        (m.tensor(3) + 0).item(),
        [int(v) for v in m.tensor([1, 2])],
    )


@case
def bool_ambiguous_refused(m):
    return bool(m.tensor([1, 2]))


@case
def len_zero_dim_refused(m):
    return len(m.tensor(1.0))


@case
def iterate_zero_dim_refused(m):
    return list(m.tensor(1.0))


@case
def numpy_conversions(m):
    a = m.tensor([1, 2], dtype=m.int32).numpy()
    b = m.tensor([True]).numpy()
    c = m.tensor(2.5).numpy()
    return a, b, c, np.asarray(m.tensor([1.0, 2.0])), a.dtype, c.shape


@case
def numpy_requires_grad_refused(m):
    return m.tensor([1.0], requires_grad=True).numpy()


@case
def index_python_int(m):
    t = m.tensor(2)
    return [10, 20, 30][t], list(range(5))[m.tensor(1) : m.tensor(3)], operator_index(t)


def operator_index(t):
    import operator

    return operator.index(t)


@case
def index_float_tensor_python_refused(m):
    return [1, 2, 3][m.tensor(1.0)]


@case
def type_casts(m):
    x = m.tensor([1.7, -1.7, 0.0])
    return (
        x.int(),
        x.long(),
        x.bool(),
        x.to(m.int8),
        x.type(m.int32),
        x.half().dtype,
        x.double(),
        m.tensor([300]).to(m.uint8),
        x.to(m.float32, copy=True),
        x.byte().dtype,
    )


# -- comparisons / printing --


@case
def comparisons_bool(m):
    a = m.tensor([1, 2, 3])
    b = m.tensor([3.0, 2.0, 1.0])
    return (
        a < b,
        a >= 2,
        a != b,
        (a > 1) & (b > 1),
        ((a > 1) | (b > 2)).sum(),
        (a == 2).any(),
        m.eq(a, b),
        a.ne(2),
        m.equal(a, a.clone()),
        m.allclose(b, b + 1e-9),
        m.isclose(b, m.tensor([3.0, 2.1, 1.0])),
    )


@case
def comparisons_chained_logic(m):
    x = m.arange(10)
    mask = (x > 2) & (x < 7) & ~(x == 4)
    return (
        x[mask],
        mask.nonzero().flatten(),
        m.logical_and(x > 2, x < 5),
        m.logical_not(x),
        m.logical_xor(x, x > 3),
    )


@case
def comparisons_broadcast(m):
    return m.tensor([[1], [2]]) == m.tensor([1, 2]), m.tensor([1, 2]) < 1.5


@case
def comparisons_shape_mismatch(m):
    return m.tensor([1, 2]) == m.tensor([1, 2, 3])


@case
def print_int_bool(m):
    return (
        str(m.tensor([1, 2, 3])),
        str(m.tensor([True, False])),
        str(m.tensor(5)),
        str(m.tensor([[1, -20], [300, 4]])),
        str(m.tensor([], dtype=m.int64)),
        str(m.tensor([1, 2], dtype=m.int32)),
        str(m.tensor([1, 2], dtype=m.uint8)),
        str(m.tensor([1.0, 2.5])),
        str(m.tensor([1.0, 2.0])),
        str(m.tensor(True)),
        str(m.zeros(2, 0)),
    )


@case
def print_float_grad(m):
    x = m.tensor([1.5, -2.0], requires_grad=True)
    return (
        str(x),
        str(x * 2),
        str(m.tensor([1.0], dtype=m.float64)),
        str(m.tensor([NAN, math.inf, -1.0])),
    )


# -- misc everyday --


@case
def clamp_tensor_bounds(m):
    x = _x(m, 4)
    return (
        x.clamp(m.zeros(4), m.tensor(0.2)),
        x.clamp_min(0),
        x.clamp_max(-0.5),
        m.clip(x, -0.2, 0.2),
    )


@case
def clamp_none_refused(m):
    return _x(m, 3).clamp()


@case
def min_max_binary(m):
    a = m.tensor([1, 5, 3])
    b = m.tensor([4.0, 2.0, 3.0])
    return m.max(a, b), m.min(a, b), m.maximum(a, b), m.minimum(a, a)


@case
def softmax_dims(m):
    x = _x(m, 2, 3, grad=True)
    y = x.softmax(-1)
    z = m.log_softmax(x, dim=0)
    (y[:, 0].sum() + z[0].sum()).backward()
    return y, z, x.grad


@case
def softmax_int_dtype(m):
    return m.tensor([1, 2]).softmax(0, dtype=m.float64), m.softmax(
        m.tensor([1.0, 2.0]), 0, dtype=m.float64
    )


@case
def diff_tril(m):
    x = m.arange(9).reshape(3, 3)
    return (
        m.diff(m.tensor([1, 4, 9, 16])),
        x.tril(),
        x.triu(1),
        x.diag(),
        m.diag(m.tensor([1, 2])),
        x.diagonal(1),
        x.trace(),
    )


@case
def numel_dim_size(m):
    x = m.zeros(2, 3, 0)
    return (
        x.numel(),
        x.dim(),
        x.ndim,
        x.size(),
        x.size(-1),
        x.shape[1],
        m.tensor(1).numel(),
        m.tensor(1).dim(),
        x.nelement(),
    )


@case
def size_bad_dim(m):
    return m.zeros(2).size(1)


@case
def is_functions(m):
    x = m.tensor([1.0])
    return (
        m.is_tensor(x),
        m.is_floating_point(x),
        m.is_floating_point(m.tensor([1])),
        x.is_floating_point(),
        m.tensor([1]).is_complex(),
        m.numel(x),
    )


@case
def mean_dtype_arg(m):
    return m.tensor([1, 2]).mean(dtype=m.float32), m.tensor([1, 2]).float().mean(0, keepdim=True)


@case
def lerp_addcmul(m):
    a = _x(m, 3)
    b = _x(m, 3) * 2
    return (
        m.lerp(a, b, 0.5),
        m.addcmul(a, a, b, value=2),
        m.addcdiv(a, a, b + 5, value=0.5),
        a.add(b, alpha=3),
        a.sub(b, alpha=2),
    )


@case
def int_add_alpha_float_refused(m):
    return m.tensor([1, 2]).add(m.tensor([1, 2]), alpha=0.5)


@case
def scalar_tensor_ops(m):
    s = m.tensor(2.0, requires_grad=True)
    y = s * 3 + s**2
    y.backward()
    return y, y.shape, s.grad, s.grad.shape


@case
def one_hot_argmax_pipeline(m):
    f = F if m is ag else torch.nn.functional
    lab = m.tensor([0, 2, 1])
    return f.one_hot(lab), f.one_hot(lab, 4).sum(0), f.one_hot(lab).dtype, f.one_hot(lab).argmax(1)


@case
def mul_grad_inplace_accumulate_view(m):
    x = m.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x.clone()
    y[0] *= y[1]
    y.T[1].add_(1)
    y.sum().backward()
    return y, x.grad


# -- more everyday idioms --


@case
def index_assign_duplicates_last_wins(m):
    x = m.zeros(3)
    x[m.tensor([0, 0, 1])] += 1
    y = m.zeros(2, 3)
    y[[0, 1], [1, 1]] = m.tensor([5.0, 6.0])
    y[:, [0]] = m.tensor([[1.0], [2.0]])
    return x, y


@case
def index_assign_ellipsis_none(m):
    x = m.zeros(2, 3)
    x[..., 0] = 1
    x[None, 1] = 2
    x[...] = x + 1
    return x


@case
def index_bool_zero_dim_tensor(m):
    x = _x(m, 3)
    return x[m.tensor(True)].shape, x[m.tensor(False)].shape


@case
def index_long_list_of_bools(m):
    x = _x(m, 3)
    return x[[True, False, True]]


@case
def index_add_copy(m):
    x = m.zeros(3, 2)
    x.index_add_(0, m.tensor([0, 0, 2]), m.ones(3, 2))
    y = m.zeros(3).index_copy(0, m.tensor([2, 0]), m.tensor([5.0, 6.0]))
    z = m.zeros(2, 3).index_fill(1, m.tensor([1]), -1.0)
    return x, y, z


@case
def index_take_put(m):
    x = m.arange(6).reshape(2, 3)
    return (
        m.take(x, m.tensor([0, 5, -1])),
        x.take_along_dim(m.tensor([[0], [2]]), 1),
        x.flatten()[m.tensor([[1, 2]])],
    )


@case
def float_div_rounding(m):
    a = m.tensor([7.5, -7.5, -0.5])
    return (
        m.div(a, 2, rounding_mode="floor"),
        m.div(a, -2, rounding_mode="trunc"),
        m.floor_divide(a, 2),
        m.true_divide(m.tensor([3]), 2),
    )


@case
def int_reduction_widening(m):
    a = m.tensor([100, 100], dtype=m.int8)
    u = m.tensor([200, 100], dtype=m.uint8)
    b = m.tensor([True, True])
    return (
        a.sum(),
        u.sum(),
        b.prod(),
        a.prod(),
        u.sum(0, keepdim=True),
        a.max(),
        b.max(),
        b.min(0),
        a.sum(dtype=m.int8),
    )


@case
def reduce_empty_dims_tuple(m):
    x = _x(m, 2, 3)
    return x.sum(dim=()), x.sum(dim=[]), x.mean(()), x.amax(()), x.sum(()).shape


@case
def reduce_bool_argmax(m):
    return m.tensor([False, True, True]).argmax()


@case
def reduce_var_single(m):
    x = m.tensor([2.0])
    return (
        x.var(),
        x.std(correction=0),
        x.var(unbiased=False),
        m.var_mean(m.tensor([1.0, 2.0, 4.0])),
    )


@case
def reduce_minmax_int_dim(m):
    x = m.tensor([[3, 7, 7], [2, 2, 1]])
    return x.max(0), x.min(1), x.amax(1), x.aminmax(), m.aminmax(x, dim=0)


@case
def sort_empty_int(m):
    return (
        m.tensor([], dtype=m.int64).sort(),
        m.zeros(0, 3).argsort(0),
        m.tensor([5, 1, 5, 0]).sort(descending=True),
    )


@case
def kthvalue_nan(m):
    x = m.tensor([1.0, NAN, 0.5])
    return x.kthvalue(1), x.kthvalue(3), x.median(), x.topk(1, largest=False)


@case
def unique_unsorted_flags(m):
    x = m.tensor([2, 1, 2])
    v, inv, cnt = m.unique(x, sorted=True, return_inverse=True, return_counts=True)
    return v, inv, cnt, m.unique(m.tensor([], dtype=m.int64)), x.unique()


@case
def pow_float_variants(m):
    x = m.tensor([-2.0, 0.0, 4.0])
    return (
        x**0.5,
        x ** m.tensor([-1, 2, 3]),
        m.pow(2.0, m.tensor([1, 2])),
        x.pow(0),
        m.tensor([0.0]) ** -1,
        m.tensor([2]) ** 2.0,
    )


@case
def pow_grad_zero_base(m):
    x = m.tensor([0.0, 1.0, 2.0], requires_grad=True)
    (x**2 + x**0.5 + x**1).sum().backward()
    return x.grad


@case
def int_abs_min(m):
    a = m.tensor([-128, 127], dtype=m.int8)
    return a.abs(), -a, a.neg()


@case
def int_sum_overflow(m):
    a = m.tensor([2**31 - 1, 1], dtype=m.int32)
    return a.sum(), a + a[0], (a * 2).dtype


@case
def clamp_int_bounds(m):
    a = m.tensor([-5, 0, 5])
    return a.clamp(-1, 1), a.clamp(max=2.5), a.clamp(m.tensor([0, 0, 0]), m.tensor([1, 1, 1]))


@case
def clamp_min_gt_max(m):
    return m.tensor([-1.0, 0.5, 2.0]).clamp(1.0, 0.0)


@case
def grad_backward_inputs(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    w = m.tensor([3.0], requires_grad=True)
    (x * w).sum().backward(inputs=[w])
    return x.grad, w.grad


@case
def grad_grad_outputs(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    (g,) = m.autograd.grad(y, x, grad_outputs=m.tensor([1.0, 0.5]))
    return g, g.requires_grad


@case
def grad_create_graph_grad(m):
    x = m.tensor([2.0], requires_grad=True)
    y = x**3
    y.backward(create_graph=True)
    g = x.grad
    return g, g.requires_grad, x.grad.grad_fn is not None


@case
def grad_hook_nonleaf_modifies(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: g * 100)
    (y * y).sum().backward()
    return x.grad


@case
def grad_detach_inplace(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.detach_()
    return y.requires_grad, y.is_leaf, y.grad_fn is None


@case
def grad_requires_grad_nonleaf_true(m):
    x = m.tensor([1.0], requires_grad=True)
    y = x * 2
    y.requires_grad_()
    return y.requires_grad, y.is_leaf


@case
def grad_set_grad_enabled_call(m):
    x = m.tensor([1.0], requires_grad=True)
    m.set_grad_enabled(False)
    try:
        a = x * 2
    finally:
        m.set_grad_enabled(True)
    return a.requires_grad, (x * 2).requires_grad


@case
def grad_backward_twice_accumulate_nonleaf_retain(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.retain_grad()
    z = (y * y).sum()
    z.backward(retain_graph=True)
    z.backward()
    return y.grad, x.grad


@case
def grad_leaf_grad_assign(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    x.grad = m.tensor([1.0, 1.0])
    (x * 2).sum().backward()
    return x.grad


@case
def grad_leaf_grad_assign_bad_shape(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    x.grad = m.tensor([1.0, 1.0, 1.0])


@case
def grad_inference_tensor_backward(m):
    x = m.tensor([1.0], requires_grad=True)
    with m.inference_mode():
        y = x * 2
    return y.requires_grad, y.grad_fn is None


@case
def view_expand_write_refused(m):
    x = m.zeros(1, 3).expand(2, 3)
    x.add_(1)
    return x


@case
def view_diagonal_write(m):
    x = m.zeros(3, 3)
    x.diagonal().fill_(1.0)
    x.diagonal(1).add_(2.0)
    return x


@case
def view_split_write(m):
    x = m.zeros(6)
    a, b = x.split(3)
    a.fill_(1.0)
    b[0] = 2.0
    c = x.chunk(2)[1]
    c.mul_(3)
    return x


@case
def view_flatten_write(m):
    x = m.zeros(2, 3)
    x.flatten()[1] = 5.0
    x.view(-1)[::2] = 1.0
    x.unsqueeze(0)[0, 1, 2] = 7.0
    return x, x.flatten().is_contiguous()


@case
def view_strides(m):
    x = m.zeros(2, 3, 4)
    return (
        x.stride(),
        x.T.stride() if False else x.transpose(0, 2).stride(),
        x[:, 1].stride(),
        x[..., ::2].stride(),
        x[1:].storage_offset(),
        x.stride(1),
    )


@case
def view_contiguous_identity(m):
    x = m.zeros(2, 3)
    t = x.t()
    return (
        x.contiguous() is x,
        t.contiguous() is t,
        t.contiguous().is_contiguous(),
        t.is_contiguous(),
    )


@case
def tensor_numpy_scalars(m):
    return (
        m.tensor([np.float32(1.5), np.float32(2)]),
        m.tensor(np.float32(1.5)),
        m.tensor(np.int32(3)),
        m.tensor(np.array([1, 2], dtype=np.uint8)),
        m.tensor(np.array([1.0], dtype=np.float16)),
        m.tensor([np.int64(1), 2.5]),
    )


@case
def tensor_special_values(m):
    return (
        m.tensor([1e40], dtype=m.float32),
        m.tensor(float("nan")),
        m.tensor([[], []]).shape,
        m.tensor([[1.0, 2.0]], dtype=m.bool),
    )


@case
def tensor_python_type_dtypes(m):
    return (
        m.zeros(2, dtype=int),
        m.ones(2, dtype=float),
        m.tensor([1, 0], dtype=bool),
        m.arange(3, dtype=float),
    )


@case
def factories_bad_size(m):
    return m.zeros(-1)


@case
def factories_full_inference(m):
    return (
        m.full((2,), 1.5, dtype=m.int64),
        m.eye(0).shape,
        m.eye(3, dtype=m.bool),
        m.arange(5.5),
        m.arange(0, 3, 1.5),
    )


@case
def new_factories(m):
    x = m.ones(2, 3, dtype=m.float64)
    i = m.tensor([1, 2])
    return (
        x.new_zeros(2),
        x.new_ones((1, 2)),
        x.new_full((2,), 3),
        x.new_empty(0).dtype,
        i.new_tensor([1.5, 2.5]),
        x.new_tensor([1, 2]),
    )


@case
def linspace_float_steps_refused(m):
    return m.linspace(0, 1, 2.0)


@case
def einsum_more(m):
    a = _x(m, 2, 3, 4)
    b = _x(m, 4)
    return (
        m.einsum("...k,k->...", a, b),
        m.einsum("bij->j", a),
        m.einsum("ij,ij->ij", _x(m, 2, 3), _x(m, 2, 3)),
        m.einsum("i,j,k->ijk", b, b, b).shape,
        m.einsum("ij,kj->ik", m.tensor([[1, 2]]), m.tensor([[3, 4]])),
    )


@case
def einsum_repeated_output_refused(m):
    return m.einsum("ij->ii", _x(m, 2, 2))


@case
def matmul_empty(m):
    return (
        (m.zeros(2, 0) @ m.zeros(0, 3)),
        (m.zeros(0, 3) @ m.zeros(3)).shape,
        m.zeros(4, 0, 3).matmul(m.zeros(3, 2)).shape,
    )


@case
def dtype_info(m):
    x = m.tensor([1.0], dtype=m.float16)
    return (
        x.element_size(),
        x.itemsize,
        m.zeros(3).nbytes,
        m.finfo(m.float32).eps,
        m.iinfo(m.int8).max,
        m.finfo().tiny,
        m.iinfo(m.uint8).min,
    )


@case
def print_more(m):
    return (
        str(m.tensor([1e-5, 1e5])),
        str(m.tensor([0.1234567])),
        str(m.tensor([[True, False], [False, True]])),
        str(m.tensor([100000, -1])),
        str(m.tensor([1.0, 2.0], dtype=m.float16)),
        str(m.tensor([1.5], dtype=m.float64)),
        str(m.tensor(-0.0)),
        str(m.tensor([1e20, 1.0])),
        str(m.tensor(2.5, requires_grad=True)),
        repr(m.arange(3.0).reshape(3, 1)),
    )


@case
def sum_grad_keepdim_negdim(m):
    x = _x(m, 2, 3, 4, grad=True)
    (x.sum((-1, 0), keepdim=True) * m.arange(3.0).reshape(1, 3, 1)).sum().backward()
    return x.grad


@case
def mean_grad_empty(m):
    x = m.zeros(0, 3, requires_grad=True)
    y = x.sum(0)
    y.sum().backward()
    return y, x.grad


@case
def comparisons_with_none_refused(m):
    return m.tensor([1.0]) < None


@case
def comparisons_scalar_reverse(m):
    x = m.tensor([1, 2, 3])
    return 2 < x, 2.5 >= x, 1 == x, x != 2.0, m.gt(x, 1), m.le(2, x) if False else m.le(x, 2)


@case
def tensor_contains(m):
    x = m.tensor([1, 2, 3])
    return 2 in x, 5 in x, m.tensor(1) in x


@case
def iteration_and_unpack(m):
    a, b = m.tensor([[1, 2], [3, 4]])
    return a, b, [t.item() for t in m.tensor([5, 6])], list(m.tensor([[1.0]]))


@case
def where_broadcast_dtype(m):
    c = m.tensor([[True], [False]])
    return (
        m.where(c, m.tensor([1, 2], dtype=m.int32), m.tensor(0.5)),
        m.where(c, m.tensor([1.0]), m.tensor([[2], [3]])),
        m.tensor([1.0, -1.0]).where(m.tensor([True, False]), 0.0),
    )


@case
def where_bad_condition(m):
    return m.where(m.tensor([1, 0]), m.tensor([1.0, 2.0]), 0.0)


@case
def view_dtype_shapes(m):
    x = m.ones(2, 4, requires_grad=True)
    h = x.view(m.float16)
    i = m.ones(2, 4, dtype=m.int16).view(m.float64)
    return x.view(m.int32), h, h.requires_grad, i.shape, x.view(m.float32) is not None


@case
def view_dtype_zero_dim_refused(m):
    return m.tensor(1.0).view(m.int16)


@case
def view_dtype_strided_refused(m):
    return m.ones(4)[::2].view(m.int16)


@case
def view_dtype_size_refused(m):
    return m.ones(3).view(m.float64)


@case
def view_dtype_shares_memory(m):
    x = m.zeros(2)
    x.view(m.int32)[0] = 1065353216
    return x


@case
def python_float_dtype(m):
    x = m.tensor([1.5])
    return (
        x.to(float),
        m.full((1,), 2.0, dtype=float),
        m.finfo(float).bits,
        m.tensor([1], dtype=float),
    )


@case
def mark_non_differentiable_single(m):
    class Twice(m.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y = x * 2
            ctx.mark_non_differentiable(y)
            return y

        @staticmethod
        def backward(ctx, g):
            return g

    y = Twice.apply(m.tensor([1.0], requires_grad=True))
    return y, y.requires_grad


@case
def int_pow_tensor_exponents(m):
    b = m.tensor([0, 1, -1, 2, -2, -1, 5])
    e = m.tensor([-1, -3, -3, -1, -2, -2, -1])
    return (
        b**e,
        m.tensor([3], dtype=m.int8) ** m.tensor([-1], dtype=m.int8),
        m.tensor(1) ** m.tensor([-1]),
    )


@case
def print_empty_dtypes(m):
    return (
        str(m.zeros(0, dtype=m.int32)),
        str(m.zeros(2, 0, dtype=m.bool)),
        str(m.tensor([]).double()),
        str(m.zeros(0)),
    )


@case
def squeeze_repeated_dims_refused(m):
    return m.zeros(1, 1).squeeze((0, -2))


@case
def squeeze_dims_tuple_grad(m):
    x = m.ones(1, 3, 1, requires_grad=True)
    y = x.squeeze((0, 2))
    (y * m.arange(3.0)).sum().backward()
    return y, x.grad


# -- the test --


@pytest.mark.parametrize("name", sorted(CASES))
def test_idiom_matches_torch(name):
    fn = CASES[name]
    _same(_run(fn, ag), _run(fn, torch))
