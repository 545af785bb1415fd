"""Numerical edge cases of elementwise math and reductions, run against PyTorch.

Each case is written once as ``case(m)`` against a module ``m`` (``autograd`` or ``torch``)
and runs on both; the results must agree: values with the positions of ``nan``, ``inf`` and
``-0.0``, dtypes, shapes, gradients, and for what PyTorch refuses, the same exception type.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import autograd as ag
from nn import functional as F
from tests.conftest import torch_or_skip

torch = torch_or_skip()  # the whole module compares with PyTorch

CASES = {}

INF = math.inf
NAN = math.nan
SPECIAL = [0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, 1e-310, -1e-310, 1e300, -1e300, 0.5, -2.5]


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
        return ("tuple", [_norm(v) for v in x])
    if isinstance(x, (bool, int, float)) or x is None:
        return ("py", type(x).__name__, x)
    return ("other", type(x).__name__)


def _run(fn, m):
    try:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            out = _norm(fn(m))
        kinds = sorted({c.category.__name__ for c in w if issubclass(c.category, UserWarning)})
        return ("W", kinds, out)
    except Exception as e:  # noqa: BLE001 - the exception type is the result compared
        return ("E", _exc_kind(e), f"{type(e).__name__}: {e}")


def _same_values(a, b, path):
    a = np.asarray(a)
    b = np.asarray(b)
    np.testing.assert_array_equal(
        np.isnan(a) if a.dtype.kind in "fc" else a * 0,
        np.isnan(b) if b.dtype.kind in "fc" else b * 0,
        err_msg=path,
    )
    if a.dtype.kind == "f":
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=0, equal_nan=True, err_msg=path)
        zero = (a == 0) & (b == 0)
        np.testing.assert_array_equal(
            np.signbit(a[zero]), np.signbit(b[zero]), err_msg=f"{path}: sign of zero"
        )
    else:
        np.testing.assert_array_equal(a, b, err_msg=path)


def _same(a, b, path="result"):
    if a[0] == "E" or b[0] == "E":
        assert a[0] == b[0] and a[1] == b[1], f"{path}: autograd {a} vs torch {b}"
        return
    assert a[0] == b[0], f"{path}: autograd {a} vs torch {b}"
    if a[0] == "W":
        assert a[1] == b[1], f"{path}: warnings autograd {a[1]} vs torch {b[1]}"
        _same(a[2], b[2], path)
    elif a[0] == "T":
        assert a[1:4] == b[1:4], f"{path}: autograd {a[1:4]} vs torch {b[1:4]}"
        _same_values(a[4], b[4], path)
    elif a[0] == "tuple":
        assert len(a[1]) == len(b[1]), f"{path}: lengths {len(a[1])} vs {len(b[1])}"
        for i, (u, v) in enumerate(zip(a[1], b[1])):
            _same(u, v, f"{path}[{i}]")
    elif a[0] == "py":
        assert a[1] == b[1], f"{path}: autograd {a} vs torch {b}"
        if isinstance(a[2], float):
            _same_values(np.float64(a[2]), np.float64(b[2]), path)
        else:
            assert a[2] == b[2], f"{path}: autograd {a} vs torch {b}"
    else:
        assert a == b, f"{path}: autograd {a} vs torch {b}"


def _s(m, dtype=None):
    return m.tensor(SPECIAL, dtype=dtype if dtype is not None else m.float64)


def _grad(m, f, vals, dtype=None):
    x = m.tensor(vals, dtype=dtype if dtype is not None else m.float64, requires_grad=True)
    y = f(x)
    y.sum().backward()
    return y, x.grad


# -- exp / log family --


@case
def exp_special(m):
    return m.exp(_s(m)), m.exp(_s(m, m.float32)), m.exp(_s(m, m.float16))


@case
def exp2_special(m):
    return m.exp2(_s(m)), m.exp2(m.tensor([1024.0, -1075.0]))


@case
def log_special(m):
    return m.log(_s(m)), m.log2(_s(m)), m.log10(_s(m))


@case
def log1p_special(m):
    return m.log1p(_s(m)), m.log1p(m.tensor([-1.0, -1.5, 1e-20, -1e-20]))


@case
def expm1_special(m):
    return m.expm1(_s(m)), m.expm1(m.tensor([1e-20, -1e-20, 710.0, -800.0]))


@case
def exp_log_ints_promote(m):
    x = m.tensor([0, 1, -1, 3])
    return m.exp(x), m.log(x), m.sqrt(x), m.log1p(x), m.expm1(x), m.rsqrt(x)


@case
def exp_bool_promotes(m):
    return m.exp(m.tensor([True, False])), m.sigmoid(m.tensor([True, False]))


@case
def sqrt_special(m):
    return m.sqrt(_s(m)), m.rsqrt(_s(m))


@case
def sqrt_rsqrt_float32(m):
    return m.sqrt(_s(m, m.float32)), m.rsqrt(_s(m, m.float32))


@case
def log_grad_at_zero(m):
    return _grad(m, m.log, [0.0, -0.0, 1.0, INF])


@case
def sqrt_grad_at_zero(m):
    return _grad(m, m.sqrt, [0.0, -0.0, 4.0, INF])


@case
def rsqrt_grad_at_zero(m):
    return _grad(m, m.rsqrt, [0.0, 4.0, INF])


@case
def log1p_grad_at_minus_one(m):
    return _grad(m, m.log1p, [-1.0, 0.0, INF])


@case
def exp_grad_inf(m):
    return _grad(m, m.exp, [INF, -INF, 800.0])


# -- pow --


@case
def pow_zero_zero(m):
    return (
        m.pow(m.tensor([0.0, -0.0, NAN]), 0.0),
        m.pow(m.tensor([0, 0]), 0),
        m.tensor([0.0]) ** m.tensor([0.0]),
    )


@case
def pow_negative_base_fractional(m):
    return m.pow(m.tensor([-2.0, -0.0, -INF]), 0.5), m.pow(m.tensor([-8.0]), 1.0 / 3)


@case
def pow_inf_exponent(m):
    b = m.tensor([0.5, 1.0, -1.0, 2.0, -2.0, 0.0, NAN])
    return m.pow(b, INF), m.pow(b, -INF), m.pow(b, NAN)


@case
def pow_zero_negative(m):
    return (
        m.pow(m.tensor([0.0, -0.0]), -1.0),
        m.pow(m.tensor([0.0, -0.0]), -2.0),
        m.pow(m.tensor([-0.0]), 3.0),
    )


@case
def pow_int_negative_scalar_refused(m):
    return m.pow(m.tensor([2, 3]), -1)


@case
def pow_int_tensor_negative_scalar_op(m):
    return m.tensor([2, 3]) ** -2


@case
def pow_int_float_exponent(m):
    return m.pow(m.tensor([2, 3]), 0.5), m.pow(m.tensor([2, 3]), -1.0)


@case
def pow_scalar_base(m):
    return m.pow(2, m.tensor([-1.0, 0.0, INF, -INF])), m.pow(0.0, m.tensor([0.0, -1.0, 1.0]))


@case
def pow_int_overflow(m):
    return m.pow(m.tensor([2], dtype=m.int32), 40), m.pow(m.tensor([3], dtype=m.int8), 5)


@case
def pow_int_negative_base(m):
    return m.pow(m.tensor([-2, -3]), 3), m.pow(m.tensor([-2]), 2)


@case
def pow_bool(m):
    return m.pow(m.tensor([True, False]), 2), m.pow(m.tensor([True, False]), m.tensor([True, True]))


@case
def pow_grad_at_zero(m):
    x = m.tensor([0.0, 0.0, 2.0], requires_grad=True)
    y = x.pow(2.0) + x.pow(0.5) + x.pow(0.0)
    y.sum().backward()
    return y, x.grad


@case
def pow_grad_exponent_zero_base(m):
    b = m.tensor([0.0, 0.0, -1.0], requires_grad=True)
    e = m.tensor([2.0, 0.0, 2.0], requires_grad=True)
    y = b**e
    y.sum().backward()
    return y, b.grad, e.grad


@case
def pow_grad_scalar_base_zero(m):
    e = m.tensor([1.0, 0.0, 2.0], requires_grad=True)
    y = m.pow(0.0, e)
    y.sum().backward()
    return y, e.grad


@case
def pow_exp_zero_grad(m):
    return _grad(m, lambda x: x**0, [0.0, 1.0, -2.0])


@case
def float_power_ints(m):
    return m.float_power(m.tensor([2, -2]), -1), m.float_power(m.tensor([0.0]), 0)


@case
def square_int_overflow(m):
    return m.square(m.tensor([100], dtype=m.int8)), m.square(m.tensor([True, False]))


# -- activations / log-sum-exp --


@case
def sigmoid_special(m):
    return m.sigmoid(_s(m)), m.sigmoid(_s(m, m.float32)), m.sigmoid(m.tensor([800.0, -800.0]))


@case
def tanh_special(m):
    return m.tanh(_s(m)), m.tanh(m.tensor([400.0, -400.0]))


@case
def sigmoid_tanh_grad_large(m):
    return _grad(m, lambda x: m.sigmoid(x) + m.tanh(x), [-800.0, 800.0, INF, -INF, 0.0])


@case
def softplus_special(m):
    return F.softplus(_s(m)) if m is ag else torch.nn.functional.softplus(_s(m))


def _F(m):
    return F if m is ag else torch.nn.functional


@case
def softplus_large(m):
    x = m.tensor([800.0, -800.0, 20.0, 21.0, 30.0])
    return _F(m).softplus(x), _F(m).softplus(x, beta=2.0, threshold=5.0)


@case
def softplus_grad_large(m):
    return _grad(m, _F(m).softplus, [800.0, -800.0, INF, -INF, 0.0])


@case
def logsigmoid_special(m):
    return _F(m).logsigmoid(_s(m)), _F(m).logsigmoid(m.tensor([-800.0, 800.0]))


@case
def logsigmoid_grad_large(m):
    return _grad(m, _F(m).logsigmoid, [-800.0, 800.0, -INF, INF])


@case
def logsumexp_infs(m):
    x = m.tensor([[-INF, -INF], [INF, 1.0], [INF, -INF], [NAN, 1.0], [INF, INF]])
    return m.logsumexp(x, 1)


@case
def logsumexp_large(m):
    x = m.tensor([[1000.0, 1000.0], [-1000.0, -1000.0]])
    return m.logsumexp(x, 1), m.logsumexp(x, 0, keepdim=True)


@case
def logsumexp_grad_inf(m):
    x = m.tensor([[-INF, -INF], [-INF, 1.0], [1000.0, 1000.0]], requires_grad=True)
    y = m.logsumexp(x, 1)
    y.sum().backward()
    return y, x.grad


@case
def logsumexp_ints(m):
    return m.logsumexp(m.tensor([[1, 2], [3, 4]]), 1)


@case
def logsumexp_empty_dim(m):
    return m.logsumexp(m.zeros(2, 0), 1)


@case
def logsumexp_empty_dim0(m):
    return m.logsumexp(m.zeros(0, 3), 0)


@case
def softmax_infs(m):
    x = m.tensor([[INF, 1.0], [-INF, -INF], [-INF, 1.0], [1000.0, -1000.0], [NAN, 1.0]])
    return m.softmax(x, 1), m.log_softmax(x, 1)


@case
def softmax_grad_neg_inf(m):
    x = m.tensor([[-INF, 1.0, 2.0]], dtype=m.float64, requires_grad=True)
    y = m.log_softmax(x, 1)
    (y[:, 1:] * m.tensor([[1.0, 2.0]])).sum().backward()
    return y, x.grad


@case
def softmax_ints_refused(m):
    return m.softmax(m.tensor([1, 2]), 0)


@case
def softmax_ints_dtype(m):
    return m.softmax(m.tensor([1, 2]), 0, dtype=m.float64), m.log_softmax(
        m.tensor([1, 2]), 0, dtype=m.float32
    )


@case
def softmax_empty(m):
    return m.softmax(m.zeros(2, 0), 1), m.softmax(m.zeros(0, 3), 1)


# -- binary special functions --


@case
def atan2_zeros(m):
    a = m.tensor([0.0, 0.0, -0.0, -0.0, 1.0, -1.0, INF, -INF, NAN])
    b = m.tensor([0.0, -0.0, 0.0, -0.0, -0.0, -0.0, INF, -INF, 1.0])
    return m.atan2(a, b), m.atan2(m.tensor([1, -1]), m.tensor([0, 0]))


@case
def atan2_grad_zero(m):
    a = m.tensor([0.0, 1.0, -0.0, 0.0], requires_grad=True)
    b = m.tensor([0.0, 0.0, 0.0, -0.0], requires_grad=True)
    y = m.atan2(a, b)
    y.sum().backward()
    return y, a.grad, b.grad


@case
def hypot_special(m):
    a = m.tensor([INF, NAN, 1e300, 0.0, -3.0])
    b = m.tensor([NAN, INF, 1e300, -0.0, 4.0])
    return m.hypot(a, b)


@case
def hypot_grad_zero(m):
    a = m.tensor([0.0, 3.0], requires_grad=True)
    b = m.tensor([0.0, 4.0], requires_grad=True)
    y = m.hypot(a, b)
    y.sum().backward()
    return y, a.grad, b.grad


@case
def hypot_ints_refused(m):
    return m.hypot(m.tensor([3]), m.tensor([4]))


@case
def copysign_zero_nan(m):
    a = m.tensor([1.0, 1.0, 0.0, NAN, INF])
    b = m.tensor([-0.0, NAN, -1.0, -1.0, -0.0])
    return (
        m.copysign(a, b),
        m.copysign(m.tensor([1, 2]), m.tensor([-0.0, 0.0])),
        m.copysign(m.tensor([3]), -1),
    )


@case
def copysign_grad(m):
    a = m.tensor([0.0, 2.0, -2.0], requires_grad=True)
    y = m.copysign(a, m.tensor([-1.0, -1.0, 1.0]))
    y.sum().backward()
    return y, a.grad


@case
def nextafter_special(m):
    a = m.tensor([0.0, 0.0, 1.0, INF, NAN, -0.0])
    b = m.tensor([1.0, -1.0, 1.0, 0.0, 1.0, 0.0])
    return m.nextafter(a, b), m.nextafter(a.float(), b.float())


@case
def fmod_signs(m):
    a = m.tensor([5.0, -5.0, 5.0, -5.0, 0.0, -0.0, INF, 1.0])
    b = m.tensor([3.0, 3.0, -3.0, -3.0, 3.0, 3.0, 1.0, 0.0])
    # remainder(-0.0, 3) keeps PyTorch's -0.0 only on its fmod path; compared without it
    return m.fmod(a, b), m.remainder(a[:5], b[:5]), m.remainder(a[6:], b[6:])


@case
def fmod_remainder_ints(m):
    a = m.tensor([5, -5, 5, -5, 0])
    b = m.tensor([3, 3, -3, -3, 3])
    return m.fmod(a, b), m.remainder(a, b), a % b, m.fmod(a, 2.5), m.remainder(a, -2)


@case
def fmod_int_zero_refused(m):
    return m.fmod(m.tensor([5]), m.tensor([0]))


@case
def remainder_int_zero_refused(m):
    return m.remainder(m.tensor([5]), m.tensor([0]))


@case
def remainder_int_scalar_zero_refused(m):
    return m.tensor([5]) % 0


@case
def remainder_scalar_first(m):
    return m.remainder(5, m.tensor([3, -3])), m.remainder(-5.5, m.tensor([2.0]))


@case
def floor_divide_signs(m):
    a = m.tensor([5.0, -5.0, 5.0, -5.0, 0.0, 1.0, -1.0, 0.0])
    b = m.tensor([3.0, 3.0, -3.0, -3.0, 3.0, 0.0, 0.0, 0.0])
    return m.floor_divide(a, b), a // b


@case
def floor_divide_ints(m):
    a = m.tensor([5, -5, 5, -5, 0, 7])
    b = m.tensor([3, 3, -3, -3, 3, 2])
    return m.floor_divide(a, b), a // 2, m.floor_divide(a, -2.0)


@case
def floor_divide_int_zero_refused(m):
    return m.floor_divide(m.tensor([5]), m.tensor([0]))


@case
def floor_divide_int_scalar_zero_refused(m):
    return m.tensor([5]) // 0


@case
def div_int_zero(m):
    return m.tensor([5, -5, 0]) / m.tensor([0, 0, 0]), m.tensor([5]) / 0


@case
def div_rounding_modes(m):
    a = m.tensor([7.0, -7.0, 7.0, -0.0, 1.0])
    b = m.tensor([2.0, 2.0, -2.0, 3.0, 0.0])
    return m.div(a, b, rounding_mode="trunc"), m.div(a, b, rounding_mode="floor")


@case
def div_rounding_ints(m):
    a = m.tensor([7, -7, 7, -7])
    b = m.tensor([2, 2, -2, -2])
    return m.div(a, b, rounding_mode="trunc"), m.div(a, b, rounding_mode="floor"), m.div(a, b)


@case
def div_rounding_int_zero_refused(m):
    return m.div(m.tensor([7]), m.tensor([0]), rounding_mode="trunc")


@case
def div_rounding_bad_mode(m):
    return m.div(m.tensor([7.0]), 2.0, rounding_mode="round")


@case
def int_div_int8_min(m):
    return m.floor_divide(m.tensor([-128], dtype=m.int8), m.tensor([-1], dtype=m.int8))


# -- rounding --


@case
def round_half_even(m):
    x = m.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, NAN, INF, -0.0])
    return m.round(x), m.round(x.float())


@case
def round_decimals(m):
    x = m.tensor([1.2345, -1.2355, 1234.5, 0.125, 0.375, INF, NAN])
    return m.round(x, decimals=2), m.round(x, decimals=-2), m.round(x, decimals=0)


@case
def round_ints(m):
    x = m.tensor([15, -25, 35])
    return m.round(x), m.floor(x), m.ceil(x), m.trunc(x), m.frac(x.double())


@case
def round_int_decimals(m):
    return m.round(m.tensor([15, -25]), decimals=-1)


@case
def trunc_floor_ceil_neg_zero(m):
    x = m.tensor([-0.0, -0.5, 0.5, -0.9, NAN, INF, -INF, -1e-310])
    return m.trunc(x), m.floor(x), m.ceil(x), m.round(x), m.frac(x), m.fix(x)


@case
def floor_bool_refused(m):
    return m.floor(m.tensor([True]))


@case
def frac_int_refused(m):
    return m.frac(m.tensor([1, 2]))


@case
def rounding_grads_zero(m):
    return _grad(m, lambda x: m.floor(x) + m.ceil(x) + m.round(x) + m.trunc(x), [0.5, -0.5, 1.0])


# -- sign --


@case
def sign_nan_grad(m):
    return _grad(m, lambda x: m.sign(x) * x, [NAN, 1.0, -0.0])


@case
def piecewise_constant_grad_nan(m):
    return _grad(m, lambda x: (m.floor(x) + m.trunc(x) + m.round(x) + m.ceil(x)) * x, [NAN, 1.5])


@case
def masked_activation_grad_nan(m):
    f = _F(m)
    return (
        _grad(m, lambda x: f.hardtanh(x) * x, [NAN, 5.0, 0.5]),
        _grad(m, lambda x: f.hardsigmoid(x) * x, [NAN, 5.0]),
        _grad(m, lambda x: f.hardswish(x) * x, [NAN, -1.5]),
        _grad(m, lambda x: f.softshrink(x) * x, [NAN, 0.1, 2.0]),
        _grad(m, lambda x: f.hardshrink(x) * x, [NAN, 0.1]),
        _grad(m, lambda x: f.threshold(x, 1.0, 0.0) * x, [NAN, 0.5]),
    )


@case
def hardswish_kinks(m):
    return _grad(m, _F(m).hardswish, [-3.0, 3.0, -3.5, 3.5, 1.0], dtype=m.float32)


@case
def pow_tensor_exponent_zero_grad(m):
    b = m.tensor([[0.0], [2.0]], requires_grad=True)
    e = m.tensor([0.0, 1.0, 0.5], requires_grad=True)
    y = b**e
    y.sum().backward()
    return y, b.grad, e.grad


@case
def sign_special(m):
    x = m.tensor([-0.0, 0.0, NAN, -INF, INF, -1e-310])
    return m.sign(x), m.sgn(x), m.signbit(x)


@case
def sign_ints_bools(m):
    return (
        m.sign(m.tensor([-3, 0, 2])),
        m.sign(m.tensor([True, False])),
        m.signbit(m.tensor([-3, 0])),
        m.signbit(m.tensor([True])),
        m.sgn(m.tensor([-2, 0], dtype=m.int8)),
    )


@case
def sign_uint8(m):
    return m.sign(m.tensor([0, 200], dtype=m.uint8)), m.signbit(m.tensor([200], dtype=m.uint8))


@case
def sign_grad(m):
    return _grad(m, m.sign, [-1.0, 0.0, 2.0])


@case
def abs_special(m):
    return (
        m.abs(m.tensor([-0.0, NAN, -INF])),
        m.abs(m.tensor([-128, 127], dtype=m.int8)),
        m.abs(m.tensor([True, False])),
    )


@case
def neg_bool_refused(m):
    return -m.tensor([True])


@case
def neg_int_min(m):
    return -m.tensor([-128], dtype=m.int8), -m.tensor([0.0])


# -- clamp --


@case
def clamp_nan_input(m):
    x = m.tensor([NAN, 1.0, -1.0, INF])
    return m.clamp(x, -0.5, 0.5), m.clamp(x, min=0.0), m.clamp(x, max=0.0)


@case
def clamp_nan_bounds(m):
    x = m.tensor([1.0, -1.0, 0.0])
    return m.clamp(x, NAN, 0.5), m.clamp(x, -0.5, NAN), m.clamp(x, min=m.tensor([NAN, 0.0, 0.0]))


@case
def clamp_inf_bounds(m):
    x = m.tensor([1.0, -1.0, INF])
    return m.clamp(x, -INF, INF), m.clamp(x, INF), m.clamp(x, max=-INF)


@case
def clamp_min_gt_max(m):
    return m.clamp(m.tensor([0.0, 5.0, -5.0]), 2.0, 1.0)


@case
def clamp_ints(m):
    x = m.tensor([-5, 0, 5])
    return m.clamp(x, -2, 3), m.clamp(x, -2.5, 3.5), m.clamp(x.to(m.uint8), 1, 3)


@case
def clamp_none_refused(m):
    return m.clamp(m.tensor([1.0]))


@case
def clamp_grad_bounds(m):
    return _grad(m, lambda x: m.clamp(x, -1.0, 1.0), [-1.0, 1.0, 0.0, 2.0, -2.0])


@case
def clamp_grad_equal_bounds(m):
    return _grad(m, lambda x: m.clamp(x, 1.0, 1.0), [1.0, 0.0, 2.0])


@case
def clamp_grad_nan(m):
    return _grad(m, lambda x: m.clamp(x, -1.0, 1.0), [NAN, 0.5])


@case
def clamp_tensor_bounds_grad(m):
    x = m.tensor([0.0, 1.0, 2.0], requires_grad=True)
    lo = m.tensor([0.0, 0.0, 0.0], requires_grad=True)
    hi = m.tensor([2.0, 2.0, 2.0], requires_grad=True)
    y = m.clamp(x, lo, hi)
    y.sum().backward()
    return y, x.grad, lo.grad, hi.grad


@case
def clamp_bool(m):
    return m.clamp(m.tensor([True, False]), 0, 1)


# -- maximum / minimum --


@case
def maximum_nan(m):
    a = m.tensor([NAN, 1.0, NAN, -1.0, 2.0])
    b = m.tensor([1.0, NAN, NAN, 0.0, -3.0])
    return m.maximum(a, b), m.minimum(a, b), m.fmax(a, b), m.fmin(a, b)


@case
def maximum_mixed_dtypes(m):
    return m.maximum(m.tensor([1, 5]), m.tensor([2.5, 0.5])), m.minimum(
        m.tensor([True, False]), m.tensor([2])
    )


@case
def maximum_grad_ties(m):
    a = m.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = m.tensor([1.0, 1.0, 4.0], requires_grad=True)
    y = m.maximum(a, b) + m.minimum(a, b)
    y.sum().backward()
    return y, a.grad, b.grad


@case
def fmax_grad_nan(m):
    a = m.tensor([NAN, 1.0, 2.0], requires_grad=True)
    b = m.tensor([1.0, NAN, 2.0], requires_grad=True)
    y = m.fmax(a, b)
    y.sum().backward()
    return y, a.grad, b.grad


@case
def max_reduce_nan(m):
    x = m.tensor([[1.0, NAN, 3.0], [-INF, -INF, -INF]])
    return (
        m.max(x),
        m.min(x),
        m.amax(x, 1),
        m.amin(x, 1),
        m.max(x, 1),
        m.argmax(x, 1),
        m.argmin(x, 1),
    )


@case
def max_reduce_grad_ties(m):
    x = m.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]], requires_grad=True)
    y = m.amax(x, 1) + m.max(x) + m.max(x, 1).values
    y.sum().backward()
    return y, x.grad


@case
def max_full_grad_ties(m):
    return _grad(m, lambda x: m.max(x).reshape(1) + m.min(x).reshape(1), [1.0, 3.0, 3.0, 1.0])


@case
def amax_empty_refused(m):
    return m.amax(m.zeros(2, 0), 1)


@case
def amax_empty_other_dim(m):
    return m.amax(m.zeros(0, 3), 1), m.amin(m.zeros(0, 3), 1)


@case
def max_empty_refused(m):
    return m.max(m.zeros(0))


@case
def argmax_empty_refused(m):
    return m.argmax(m.zeros(0))


@case
def max_bool(m):
    x = m.tensor([[True, False], [False, False]])
    return m.max(x), m.amax(x, 1), m.argmax(x.int(), 1)


# -- integer overflow and bool --


@case
def int_add_wrap(m):
    return (
        m.tensor([127], dtype=m.int8) + m.tensor([1], dtype=m.int8),
        m.tensor([32767], dtype=m.int16) + 1,
        m.tensor([2**31 - 1], dtype=m.int32) + 1,
        m.tensor([255], dtype=m.uint8) + 1,
        m.tensor([0], dtype=m.uint8) - 1,
    )


@case
def int_mul_wrap(m):
    return (
        m.tensor([100], dtype=m.int8) * 3,
        m.tensor([300], dtype=m.int16) * m.tensor([300], dtype=m.int16),
        m.tensor([2**20], dtype=m.int32) * 2**12,
        m.tensor([16], dtype=m.uint8) * 16,
    )


@case
def int_cumsum_dtypes(m):
    x8 = m.tensor([100, 100, 100], dtype=m.int8)
    return (
        m.cumsum(x8, 0),
        m.cumsum(x8, 0, dtype=m.int8),
        m.cumsum(m.tensor([200, 200], dtype=m.uint8), 0),
        m.cumsum(m.tensor([True, True]), 0),
        m.cumprod(m.tensor([100, 100], dtype=m.int16), 0),
    )


@case
def int_sum_dtypes(m):
    return (
        m.sum(m.tensor([100, 100], dtype=m.int8)),
        m.sum(m.tensor([200, 200], dtype=m.uint8)),
        m.sum(m.tensor([True, True])),
        m.prod(m.tensor([100, 100], dtype=m.int8)),
        m.sum(m.tensor([100, 100], dtype=m.int8), dtype=m.int8),
    )


@case
def int_mixed_width_promotion(m):
    return m.tensor([200], dtype=m.uint8) + m.tensor([-1], dtype=m.int8), m.tensor(
        [1], dtype=m.int8
    ) + 1000


@case
def uint8_scalar_negative(m):
    return m.tensor([5], dtype=m.uint8) - 10, m.tensor([5], dtype=m.uint8) * -1


@case
def int_scalar_wraps_to_dtype(m):
    u = m.tensor([3], dtype=m.uint8)
    return (
        u * 300,
        u == 259,
        300 - u,
        m.tensor([1, 2], dtype=m.int8) ** 100,
        m.tensor([5], dtype=m.int16) + 70000,
    )


@case
def bool_sub_refused(m):
    return m.tensor([True]) - m.tensor([False])


@case
def bool_sub_scalar_refused(m):
    return m.tensor([True]) - True


@case
def bool_rsub_refused(m):
    return m.sub(m.tensor([True]), m.tensor([True]))


@case
def bool_add_mul(m):
    a = m.tensor([True, False, True])
    b = m.tensor([True, True, False])
    return a + b, a * b, a + 1, a * 2.5, a / b, a & b, a | b, a ^ b


@case
def bool_sum_mean(m):
    a = m.tensor([True, False, True])
    return a.sum(), a.float().mean(), a.any(), a.all()


@case
def bool_mean_refused(m):
    return m.tensor([True, False]).mean()


@case
def int_mean_refused(m):
    return m.tensor([1, 2]).mean()


@case
def int_mean_dtype(m):
    return m.tensor([1, 2]).mean(dtype=m.float64), m.mean(m.tensor([1, 2]), 0, dtype=m.float32)


@case
def bool_bitwise_not(m):
    return ~m.tensor([True, False]), ~m.tensor([0, -1, 5]), ~m.tensor([0, 255], dtype=m.uint8)


@case
def bitwise_not_float_refused(m):
    return ~m.tensor([1.0])


@case
def int_shift(m):
    x = m.tensor([1, -8, 64], dtype=m.int8)
    return x << 1, x >> 1, m.tensor([1], dtype=m.int32) << 31


# -- float16 --


@case
def float16_overflow(m):
    x = m.tensor([60000.0, -60000.0, 1e-8, 6e-5, 65504.0], dtype=m.float16)
    return x, x * 2, x + x, m.exp(m.tensor([12.0], dtype=m.float16))


@case
def float16_sum_mean(m):
    x = m.full((100,), 1000.0, dtype=m.float16)
    return x.sum(), x.mean(), m.cumsum(x, 0)[-1]


@case
def float16_broadcast_gradient_sums_in_float32(m):
    """The gradient of a broadcast float16 operand is summed as PyTorch sums it: accumulated
    in float32, rounded once (a float16 running sum would drift)."""
    x = m.tensor(np.linspace(-1, 1, 3000).reshape(1000, 3) * 0.37, dtype=m.float16,
                 requires_grad=True)
    b = m.tensor([0.1, 0.2, 0.3], dtype=m.float16, requires_grad=True)
    c = m.tensor([[0.5, 0.25, 0.125]], dtype=m.float16, requires_grad=True)
    ((x + b) * c).sum().backward()
    return b.grad, c.grad


@case
def relu_gradient_drops_nonfinite_where_the_output_is_zero(m):
    """A nan or inf gradient reaching a zero output of relu gives 0 there (PyTorch's
    threshold_backward), and stays where the output is positive."""
    x = m.tensor([-1.0, 0.0, 2.0, 3.0], dtype=m.float64, requires_grad=True)
    y = m.relu(x)
    y.backward(m.tensor([float("nan"), float("inf"), float("nan"), 1.0], dtype=m.float64))
    return x.grad


@case
def float16_bessel_i0_near_the_top_of_the_range(m):
    x = m.tensor([0.5, 5.0, 10.0, 11.5, 12.0], dtype=m.float16, requires_grad=True)
    y = m.i0(x)
    y.backward(m.ones_like(y))
    return y, x.grad


@case
def einsum_zero_size_operands(m):
    """Gradients of einsum operands with a zero-size dimension keep that size (a broadcast
    letter is not widened to 1)."""
    a = m.zeros(0, 4, dtype=m.float64, requires_grad=True)
    b = m.ones(2, 0, 3, dtype=m.float64, requires_grad=True)
    y = m.einsum("ij->", a) + m.einsum("...ij->...j", b).sum()
    y.backward()
    return y, a.grad, b.grad


@case
def float16_from_double(m):
    return m.tensor([70000.0, 1e-10, -70000.0, 3e-8]).half(), m.tensor([1e40]).float()


@case
def float16_softmax(m):
    x = m.tensor([[10.0, 20.0, 30.0]], dtype=m.float16)
    return m.softmax(x, 1).float(), m.logsumexp(x, 1).float()


@case
def bfloat16_round(m):
    return m.tensor([1.0039, 257.0, 1e39]).bfloat16().float()


# -- mean / var / std --


@case
def var_size_one(m):
    x = m.tensor([[1.0, 2.0]])
    return m.var(x, 0), m.std(x, 0), m.var(x, 0, correction=0), m.var(m.tensor([3.0]))


@case
def var_correction_over_n(m):
    x = m.tensor([1.0, 2.0, 4.0])
    return (
        m.var(x, correction=3),
        m.var(x, correction=5),
        m.std(x, correction=2),
        m.var(x, correction=0.5),
    )


@case
def var_unbiased_kw(m):
    x = m.tensor([[1.0, 2.0, 4.0], [0.0, 1.0, 1.0]])
    return (
        m.var(x, 1, unbiased=False),
        m.std(x, unbiased=True),
        x.var(1, keepdim=True),
        m.var(x, (0, 1)),
    )


@case
def var_empty(m):
    return m.var(m.zeros(0)), m.mean(m.zeros(0)), m.std(m.zeros(2, 0), 1), m.mean(m.zeros(0, 3), 0)


@case
def var_ints_refused(m):
    return m.var(m.tensor([1, 2, 3]))


@case
def std_ints_refused(m):
    return m.std(m.tensor([1, 2, 3]))


@case
def var_mean_special(m):
    x = m.tensor([[1.0, INF], [NAN, 1.0], [1e300, -1e300]])
    return m.var_mean(x, 1), m.std_mean(x, 1)


@case
def var_inf(m):
    return m.var(m.tensor([INF, INF])), m.var(m.tensor([INF, 1.0])), m.mean(m.tensor([INF, -INF]))


@case
def std_grad_constant(m):
    return _grad(m, lambda x: m.std(x).reshape(1), [1.0, 1.0, 1.0])


@case
def std_grad_size_one(m):
    return _grad(m, lambda x: m.std(x, correction=0).reshape(1), [2.0])


@case
def var_grad_size_one(m):
    return _grad(m, lambda x: m.var(x).reshape(1), [2.0])


@case
def var_bool_refused(m):
    return m.var(m.tensor([True, False]))


@case
def nanmean_all_nan(m):
    x = m.tensor([[NAN, NAN], [1.0, NAN]])
    return m.nanmean(x, 1), m.nansum(x, 1), m.nansum(m.tensor([1, 2]))


# -- prod / cumprod --


@case
def prod_zeros(m):
    x = m.tensor([[0.0, 2.0, 3.0], [0.0, 0.0, 3.0], [1.0, 2.0, 3.0], [INF, 0.0, 1.0]])
    return m.prod(x, 1), m.prod(x), m.cumprod(x, 1)


@case
def prod_grad_one_zero(m):
    return _grad(m, lambda x: m.prod(x).reshape(1), [0.0, 2.0, 3.0])


@case
def prod_grad_two_zeros(m):
    return _grad(m, lambda x: m.prod(x).reshape(1), [0.0, 2.0, 0.0])


@case
def prod_grad_dim_zeros(m):
    x = m.tensor([[0.0, 2.0, 3.0], [0.0, 0.0, 3.0], [1.0, 2.0, 4.0]], requires_grad=True)
    y = m.prod(x, 1)
    (y * m.tensor([1.0, 2.0, 3.0])).sum().backward()
    return y, x.grad


@case
def cumprod_grad_zeros(m):
    x = m.tensor(
        [[2.0, 0.0, 3.0, 4.0], [0.0, 2.0, 0.0, 5.0], [1.0, 2.0, 3.0, 4.0]], requires_grad=True
    )
    y = m.cumprod(x, 1)
    (y * m.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
    return y, x.grad


@case
def prod_grad_inf(m):
    return _grad(m, lambda x: m.prod(x).reshape(1), [INF, 2.0])


@case
def prod_int_dtypes(m):
    return (
        m.prod(m.tensor([True, True])),
        m.prod(m.tensor([2, 3], dtype=m.uint8)),
        m.cumprod(m.tensor([True, False]), 0),
    )


@case
def prod_empty(m):
    return m.prod(m.zeros(0)), m.prod(m.zeros(2, 0), 1), m.cumprod(m.zeros(0), 0)


# -- norm --


@case
def norm_orders(m):
    x = m.tensor([[3.0, -4.0, 0.0], [0.0, 0.0, 0.0]])
    return tuple(m.linalg.vector_norm(x, p, dim=1) for p in (0, 1, 2, 0.5, 3, INF, -INF, -1, -0.5))


@case
def norm_tensor_method(m):
    x = m.tensor([[3.0, -4.0, 0.0], [1.0, 0.0, 0.0]])
    return (
        x.norm(),
        x.norm(p=1, dim=1),
        x.norm(p=INF),
        x.norm(0),
        m.norm(x, p="fro"),
        m.norm(x, dim=0),
    )


@case
def norm_nan_inf(m):
    x = m.tensor([[NAN, 1.0], [INF, 1.0], [INF, NAN], [-INF, 0.0]])
    return tuple(m.linalg.vector_norm(x, p, dim=1) for p in (0, 1, 2, INF, -INF, 0.5))


@case
def norm_grad_zero(m):
    return tuple(
        _grad(m, lambda x, p=p: m.linalg.vector_norm(x, p).reshape(1), [0.0, 0.0, 0.0])
        for p in (2, 1, INF, 3, 0.5)
    )


@case
def norm_grad_ties_inf(m):
    return _grad(m, lambda x: m.linalg.vector_norm(x, INF).reshape(1), [3.0, -3.0, 1.0])


@case
def norm_grad_neg_inf(m):
    return _grad(m, lambda x: m.linalg.vector_norm(x, -INF).reshape(1), [1.0, -1.0, 3.0])


@case
def norm_grad_fractional_with_zero(m):
    return _grad(m, lambda x: m.linalg.vector_norm(x, 0.5).reshape(1), [1.0, 0.0, 4.0])


@case
def norm_grad_one_nonzero(m):
    return _grad(m, lambda x: m.linalg.vector_norm(x, 3).reshape(1), [0.0, -2.0, 0.0])


@case
def norm_ints_refused(m):
    return m.linalg.vector_norm(m.tensor([3, 4]))


@case
def norm_empty(m):
    return m.linalg.vector_norm(m.zeros(0)), m.linalg.vector_norm(m.zeros(2, 0), 1, dim=1)


@case
def norm_empty_inf_refused(m):
    return m.linalg.vector_norm(m.zeros(0), INF)


@case
def norm_large(m):
    return m.linalg.vector_norm(m.tensor([1e200, 1e200])), m.linalg.vector_norm(
        m.tensor([1e20, 1e20], dtype=m.float32)
    )


# -- isclose / nan_to_num --


@case
def isclose_nan(m):
    a = m.tensor([NAN, 1.0, INF, -INF, INF, 0.0])
    b = m.tensor([NAN, NAN, INF, INF, 1e300, -0.0])
    return (
        m.isclose(a, b),
        m.isclose(a, b, equal_nan=True),
        m.allclose(a[:1], b[:1]),
        m.allclose(a[:1], b[:1], equal_nan=True),
    )


@case
def isclose_ints(m):
    a = m.tensor([1, 2, 100])
    b = m.tensor([1, 3, 101])
    return m.isclose(a, b), m.isclose(a, b, rtol=0.01), m.isclose(a, b, atol=1)


@case
def isclose_bool(m):
    return m.isclose(m.tensor([True, False]), m.tensor([True, True]))


@case
def isclose_mixed_dtype_refused(m):
    return m.isclose(m.tensor([1.0]), m.tensor([1]))


@case
def isclose_negative_tol_refused(m):
    return m.isclose(m.tensor([1.0]), m.tensor([1.0]), rtol=-1.0)


@case
def allclose_returns_bool(m):
    return m.allclose(m.tensor([1.0, 2.0]), m.tensor([1.0, 2.0 + 1e-9]))


@case
def nan_to_num_defaults(m):
    x = m.tensor([NAN, INF, -INF, 1.0])
    return (
        m.nan_to_num(x),
        m.nan_to_num(x.float()),
        m.nan_to_num(x.half()),
        m.nan_to_num(x.bfloat16()).float(),
    )


@case
def nan_to_num_values(m):
    x = m.tensor([NAN, INF, -INF, 1.0])
    return m.nan_to_num(x, nan=0.5, posinf=2.0, neginf=-3.0), m.nan_to_num(x, posinf=1e300).float()


@case
def nan_to_num_ints(m):
    return m.nan_to_num(m.tensor([1, 2])), m.nan_to_num(m.tensor([True]))


@case
def nan_to_num_grad(m):
    return _grad(m, m.nan_to_num, [NAN, INF, 1.0])


@case
def isfinite_family(m):
    x = m.tensor([NAN, INF, -INF, 1.0, -0.0])
    i = m.tensor([1, 2])
    return (
        m.isfinite(x),
        m.isinf(x),
        m.isnan(x),
        m.isposinf(x),
        m.isneginf(x),
        m.isfinite(i),
        m.isnan(i),
        m.isreal(x),
    )


# -- kinks --


@case
def abs_grad_zero(m):
    return _grad(m, m.abs, [0.0, -0.0, 1.0, -1.0])


@case
def relu_grad_zero(m):
    return _grad(m, m.relu, [0.0, 1.0, -1.0])


@case
def relu_family_grad_zero(m):
    f = _F(m)
    return (
        _grad(m, f.relu6, [0.0, 6.0, 3.0]),
        _grad(m, f.leaky_relu, [0.0, -1.0]),
        _grad(m, f.elu, [0.0, -1.0]),
        _grad(m, lambda x: f.hardtanh(x), [-1.0, 1.0, 0.0]),
        _grad(m, f.hardsigmoid, [-3.0, 3.0, 0.0]),
        _grad(m, f.hardswish, [-3.0, 3.0, 0.0]),
    )


@case
def threshold_grad(m):
    return _grad(m, lambda x: _F(m).threshold(x, 1.0, -5.0), [1.0, 0.0, 2.0])


@case
def relu_nan(m):
    x = m.tensor([NAN, -INF, INF])
    f = _F(m)
    return m.relu(x), f.relu6(x), f.hardtanh(x), f.leaky_relu(x), f.gelu(x[:2]), f.silu(x), f.elu(x)


@case
def shrink_nan(m):
    x = m.tensor([NAN, 0.5, -0.5, 2.0, -INF])
    return _F(m).hardshrink(x), _F(m).softshrink(x), _F(m).softshrink(x, 0.0)


@case
def threshold_nan(m):
    x = m.tensor([NAN, 0.5, 2.0, -INF])
    return _F(m).threshold(x, 1.0, -7.0), _F(m).threshold(x.double(), NAN, 3.0)


@case
def relu_ints(m):
    return m.relu(m.tensor([-1, 2])), _F(m).relu6(m.tensor([-1, 8]))


@case
def silu_mish_large(m):
    f = _F(m)
    x = m.tensor([-800.0, 800.0, -INF, INF])
    return f.silu(x), f.mish(x), f.gelu(x[:3]), f.gelu(x, approximate="tanh"), f.softsign(x)


@case
def silu_grad_large(m):
    f = _F(m)
    return _grad(m, lambda x: f.silu(x) + f.mish(x) + f.gelu(x), [-800.0, 800.0, 0.0])


@case
def sqrt_grad_zero_chain(m):
    return _grad(m, lambda x: m.sqrt(x * x), [0.0, 3.0])


@case
def abs_pow_grad_zero(m):
    return _grad(m, lambda x: m.abs(x) ** 1.5, [0.0, -2.0])


@case
def where_nan_grad(m):
    return _grad(m, lambda x: m.where(x > 0, m.log(x), m.zeros_like(x)), [0.0, 1.0, -1.0])


@case
def xlogy_special(m):
    x = m.tensor([0.0, 0.0, 1.0, NAN, 0.0])
    y = m.tensor([0.0, NAN, 0.0, 1.0, INF])
    return (
        m.xlogy(x, y),
        m.special.xlog1py(x, y - 1),
        m.special.entr(m.tensor([0.0, -1.0, INF, 0.5])),
    )


@case
def xlogy_grad_zero(m):
    x = m.tensor([0.0, 1.0, 0.0, 0.0, 2.0], requires_grad=True)
    y = m.tensor([0.0, 2.0, 2.0, -1.0, 0.0], requires_grad=True)
    r = m.xlogy(x, y)
    r.sum().backward()
    return r, x.grad, y.grad


@case
def trig_special(m):
    x = m.tensor([INF, -INF, NAN, -0.0, 1e300])
    return (
        m.sin(x),
        m.cos(x),
        m.tan(x),
        m.asin(m.tensor([2.0, -0.0])),
        m.acos(m.tensor([2.0])),
        m.atan(x),
    )


@case
def hyperbolic_special(m):
    x = m.tensor([INF, -INF, NAN, -0.0, 800.0])
    return (
        m.sinh(x),
        m.cosh(x),
        m.asinh(x),
        m.acosh(m.tensor([0.5, 1.0, INF])),
        m.atanh(m.tensor([1.0, -1.0, 2.0, -0.0])),
    )


@case
def atanh_grad_one(m):
    return _grad(m, m.atanh, [1.0, 0.5])


@case
def erf_special(m):
    x = m.tensor([INF, -INF, NAN, -0.0, 30.0])
    return (
        m.erf(x),
        m.erfc(x),
        m.erfinv(m.tensor([1.0, -1.0, 2.0, -0.0])),
        m.lgamma(m.tensor([0.0, -1.0, INF, -INF, -0.5])),
    )


@case
def digamma_special(m):
    return m.digamma(m.tensor([0.0, -0.0, -1.0, INF, -INF, 1.0])), m.special.expit(
        m.tensor([-INF, INF])
    )


@case
def lgamma_digamma_grad_zero(m):
    return _grad(m, m.lgamma, [0.0, -0.0, 1.0]), _grad(m, m.digamma, [1.0, 2.5])


@case
def reciprocal_special(m):
    return m.reciprocal(m.tensor([0.0, -0.0, INF, -INF])), m.reciprocal(m.tensor([0, 2]))


@case
def reciprocal_grad_zero(m):
    return _grad(m, m.reciprocal, [0.0, 2.0])


@case
def mul_inf_zero(m):
    return (
        m.tensor([INF, -0.0]) * m.tensor([0.0, 5.0]),
        m.tensor([-0.0]) + m.tensor([0.0]),
        m.tensor([-0.0]) - 0.0,
    )


@case
def add_alpha_int_float_refused(m):
    return m.add(m.tensor([1, 2]), m.tensor([1, 2]), alpha=0.5)


@case
def add_alpha_bool(m):
    return m.add(m.tensor([True]), m.tensor([True]), alpha=True)


@case
def lerp_special(m):
    return m.lerp(m.tensor([0.0, INF, 1.0]), m.tensor([1.0, INF, NAN]), 0.5), m.lerp(
        m.tensor([1.0]), m.tensor([3.0]), 2.0
    )


@case
def logaddexp_special(m):
    a = m.tensor([-INF, INF, INF, 1000.0, NAN])
    b = m.tensor([-INF, INF, -INF, 1000.0, 1.0])
    return m.logaddexp(a, b), m.logaddexp2(a, b)


@case
def logaddexp_grad_neg_inf(m):
    a = m.tensor([-INF, 0.0], requires_grad=True)
    b = m.tensor([-INF, 0.0], requires_grad=True)
    y = m.logaddexp(a, b)
    y.sum().backward()
    return y, a.grad, b.grad


@case
def sum_special(m):
    x = m.tensor([[INF, -INF], [INF, INF], [NAN, 1.0], [1e308, 1e308]])
    return x.sum(1), x.mean(1), x.float().sum(1)


@case
def cumsum_special(m):
    x = m.tensor([INF, -INF, 1.0])
    return m.cumsum(x, 0), m.logcumsumexp(x, 0), m.cummax(m.tensor([1.0, NAN, 2.0]), 0)


@case
def logcumsumexp_neg_inf(m):
    return m.logcumsumexp(m.tensor([-INF, -INF, 0.0]), 0)


@case
def median_nan(m):
    x = m.tensor([[1.0, NAN, 3.0], [3.0, 1.0, 2.0]])
    return m.median(x), m.median(x, 1).values, m.nanmedian(x, 1).values, m.quantile(x[1], 0.5)


@case
def sort_nan(m):
    x = m.tensor([NAN, 1.0, -INF, -0.0, 0.0, INF])
    return m.sort(x).values, m.sort(x, descending=True).values, m.topk(x, 2).values, m.argsort(x)


@case
def unique_nan(m):
    return m.unique(m.tensor([1.0, NAN, 1.0]))


@case
def eq_nan_zero(m):
    a = m.tensor([NAN, 0.0, INF])
    b = m.tensor([NAN, -0.0, INF])
    return a == b, a != b, a < b, m.equal(a, b), m.equal(a[1:], b[1:])


@case
def int_float_compare(m):
    return m.tensor([2**53 + 1]) == m.tensor([float(2**53)]), m.tensor([1], dtype=m.uint8) > -1


@case
def mean_large_float32(m):
    return m.mean(m.tensor([3e38, 3e38], dtype=m.float32)), m.sum(
        m.tensor([3e38, 3e38], dtype=m.float32)
    )


@case
def special_ops_grad_inf(m):
    return _grad(m, lambda x: m.exp(-x * x), [INF, -INF, 0.0])


# -- more special values --


@case
def sinc_logit_special(m):
    x = m.tensor([0.0, -0.0, INF, NAN, 1.0])
    return (
        m.sinc(x),
        m.logit(m.tensor([0.0, 1.0, 0.5, -0.1, NAN])),
        m.logit(m.tensor([0.0, 1.0]), eps=1e-6),
    )


@case
def logit_grad_bounds(m):
    return _grad(m, lambda x: m.logit(x, eps=0.1), [0.0, 0.05, 0.5, 1.0])


@case
def gcd_lcm_signs(m):
    a = m.tensor([0, -4, 6, 0, -7])
    b = m.tensor([0, 6, -4, 5, 0])
    return m.gcd(a, b), m.lcm(a, b)


@case
def heaviside_nan(m):
    return m.heaviside(m.tensor([NAN, -0.0, 0.0, -INF]), m.tensor([0.5]))


@case
def frexp_ldexp_special(m):
    x = m.tensor([0.0, -0.0, 1e-310, INF, NAN, -3.0])
    mant, ex = m.frexp(x)
    return mant, ex, m.ldexp(m.tensor([1.0, -0.0]), m.tensor([1024, 3]))


@case
def cummax_cummin_nan(m):
    x = m.tensor([1.0, NAN, 3.0, 0.0])
    return m.cummax(x, 0), m.cummin(x, 0)


@case
def aminmax_nan(m):
    return m.aminmax(m.tensor([1.0, NAN, -INF])), m.aminmax(m.tensor([[1, 5], [3, 2]]), dim=1)


@case
def kthvalue_nan(m):
    return m.kthvalue(m.tensor([3.0, NAN, 1.0]), 3), m.kthvalue(m.tensor([3.0, NAN, 1.0]), 1)


@case
def mode_ties(m):
    return m.mode(m.tensor([[2, 1, 1, 2], [3, 3, 0, 0]]), 1)


@case
def addcdiv_zero(m):
    return m.addcdiv(m.tensor([1.0, 1.0]), m.tensor([1.0, 0.0]), m.tensor([0.0, 0.0]), value=2.0)


@case
def addcdiv_ints_refused(m):
    return m.addcdiv(m.tensor([1]), m.tensor([1]), m.tensor([2]))


@case
def lerp_tensor_weight_grad(m):
    a = m.tensor([0.0, INF], requires_grad=True)
    b = m.tensor([1.0, 1.0], requires_grad=True)
    w = m.tensor([0.5, 0.0], requires_grad=True)
    y = m.lerp(a, b, w)
    y[:1].sum().backward()
    return y, a.grad, b.grad, w.grad


@case
def sum_dtype_kw(m):
    x = m.tensor([200, 100], dtype=m.uint8)
    return (
        m.sum(x, dtype=m.uint8),
        m.sum(x, dtype=m.float16),
        m.prod(x, dtype=m.int16),
        m.cumsum(x, 0, dtype=m.uint8),
    )


@case
def mean_float16_dtype(m):
    x = m.tensor([60000.0, 60000.0], dtype=m.float16)
    return m.mean(x), m.mean(x, dtype=m.float32), m.sum(x)


@case
def nansum_nanmean_ints(m):
    return m.nansum(m.tensor([1, 2], dtype=m.int8)), m.nansum(m.tensor([True, True]))


@case
def nanmean_int_refused(m):
    return m.nanmean(m.tensor([1, 2]))


@case
def std_mean_correction(m):
    x = m.tensor([[1.0, 2.0, 4.0]])
    return m.std_mean(x, 1, correction=2), m.var_mean(x, 0), m.var_mean(x, correction=0)


@case
def var_complex_dims_keepdim(m):
    x = m.tensor([[[1.0, 2.0], [3.0, 5.0]]])
    return m.var(x, (0, 2), keepdim=True), m.std(x, -1, correction=0, keepdim=True)


@case
def int_true_div_negative(m):
    return m.tensor([-7, 7]) / m.tensor([2, -2]), m.true_divide(m.tensor([1], dtype=m.uint8), 3)


@case
def bitwise_shift_large(m):
    x = m.tensor([1, -1], dtype=m.int32)
    return x << 33, x >> 40, m.tensor([1], dtype=m.uint8) << 9


@case
def bitwise_int_mixed(m):
    return m.tensor([5], dtype=m.uint8) & m.tensor([-1], dtype=m.int8), m.tensor([True]) ^ m.tensor(
        [3]
    )


@case
def bitwise_float_refused(m):
    return m.tensor([1.0]) & m.tensor([1.0])


@case
def clamp_min_max_fns(m):
    x = m.tensor([NAN, -1.0, 2.0])
    return m.clamp_min(x, 0.0), m.clamp_max(x, 0.0), m.clip(x, NAN), x.clamp(min=m.tensor(0.0))


@case
def clamp_int_tensor_float_bound(m):
    return m.clamp(m.tensor([1, 5]), max=m.tensor([2.5, 2.5])), m.clamp(
        m.tensor([1, 5], dtype=m.int8), 0, 300
    )


@case
def exp_float16_grad(m):
    return _grad(m, m.exp, [11.0, 12.0, -20.0], dtype=m.float16)


@case
def sqrt_neg_zero_grad(m):
    return _grad(m, lambda x: m.sqrt(x) + m.rsqrt(x.abs() + 1), [-0.0, -1.0])


@case
def log_softmax_all_neg_inf_grad(m):
    x = m.tensor([[-INF, -INF], [0.0, 1.0]], dtype=m.float64, requires_grad=True)
    y = m.softmax(x, 1)
    (y[1:] * m.tensor([[1.0, 2.0]], dtype=m.float64)).sum().backward()
    return y, x.grad


@case
def logsumexp_neg_inf_grad_all(m):
    x = m.tensor([[-INF, -INF]], dtype=m.float64, requires_grad=True)
    y = m.logsumexp(x, 1)
    y.sum().backward()
    return y, x.grad


@case
def cumprod_single_zero_first(m):
    return _grad(m, lambda x: m.cumprod(x, 0), [0.0, 3.0, 4.0])


@case
def prod_grad_float32_zeros(m):
    x = m.tensor([[0.0, 0.0], [0.0, 2.0]], requires_grad=True)
    y = x.prod(0)
    y.sum().backward()
    return y, x.grad


@case
def norm_dtype_kw(m):
    x = m.tensor([3.0, 4.0], dtype=m.float16)
    return m.linalg.vector_norm(x, dtype=m.float32), m.linalg.vector_norm(x)


@case
def isclose_inf_tolerance(m):
    return m.isclose(m.tensor([INF, 1.0]), m.tensor([INF, 2.0]), rtol=INF), m.isclose(
        m.tensor([1, 2]), m.tensor([1, 2], dtype=m.int32)
    )


@case
def copysign_bool_int(m):
    return m.copysign(m.tensor([True, False]), -1.0), m.copysign(
        m.tensor([1, 2], dtype=m.int8), m.tensor([-1], dtype=m.int8)
    )


@case
def fmod_float_zero(m):
    return (
        m.fmod(m.tensor([1.0, -1.0, 0.0]), 0.0),
        m.remainder(m.tensor([1.0, -1.0, INF]), 0.0),
        m.remainder(m.tensor([1.0]), INF),
    )


@case
def remainder_grad(m):
    a = m.tensor([5.0, -5.0, 4.0], requires_grad=True)
    b = m.tensor([3.0, 3.0, 2.0], requires_grad=True)
    y = m.remainder(a, b) + m.fmod(a, b)
    y.sum().backward()
    return y, a.grad, b.grad


# -- the test --


@pytest.mark.parametrize("name", sorted(CASES))
def test_numerics_match_torch(name):
    fn = CASES[name]
    _same(_run(fn, ag), _run(fn, torch))
