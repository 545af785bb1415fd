"""Registry entries: elementwise ops."""

from __future__ import annotations

import math

import numpy as np

import autograd as ag
from tests.opinfo import (
    BINARY_SHAPES,
    OpInfo,
    Sample,
    away_from,
    noncontiguous,
    positive,
    register,
    uniform,
)

UNARY_SHAPES = [(3, 4), (), (2, 3, 2), (0, 3)]


def _unary_samples(make=uniform, shapes=UNARY_SHAPES, **kw):
    def samples(rng):
        out = [Sample((make(rng, s, **kw),)) for s in shapes]
        out.append(Sample((noncontiguous(make(rng, (4, 3), **kw)),), name="noncontig"))
        return out

    return samples


def _binary_samples(make_a=uniform, make_b=uniform, scalars=(2.5,)):
    def samples(rng):
        out = [Sample((make_a(rng, a), make_b(rng, b))) for a, b in BINARY_SHAPES]
        for s in scalars:
            out.append(Sample((make_a(rng, (3, 2)), s), name="scalar-rhs"))
            out.append(Sample((s, make_b(rng, (3, 2))), name="scalar-lhs"))
        return out

    return samples


def _unary(name, fn, ref, tref, make=uniform, **kw):
    register(OpInfo(name, fn, _unary_samples(make), ref=ref, torch_ref=tref, **kw))


_unary("exp", ag.exp, np.exp, lambda t, x: t.exp(x))
_unary("log", ag.log, np.log, lambda t, x: t.log(x), make=positive)
_unary("log1p", ag.log1p, np.log1p, lambda t, x: t.log1p(x),
       make=lambda rng, s: uniform(rng, s, -0.8, 2.0))
_unary("expm1", ag.expm1, np.expm1, lambda t, x: t.expm1(x))
_unary("sqrt", ag.sqrt, np.sqrt, lambda t, x: t.sqrt(x), make=positive)
_unary("rsqrt", ag.rsqrt, lambda x: 1 / np.sqrt(x), lambda t, x: t.rsqrt(x), make=positive)
_unary("sin", ag.sin, np.sin, lambda t, x: t.sin(x))
_unary("cos", ag.cos, np.cos, lambda t, x: t.cos(x))
_unary("tan", ag.tan, np.tan, lambda t, x: t.tan(x), make=lambda rng, s: uniform(rng, s, -1, 1))
_unary("tanh", ag.tanh, np.tanh, lambda t, x: t.tanh(x))
_unary("sigmoid", ag.sigmoid, lambda x: 1 / (1 + np.exp(-x)), lambda t, x: t.sigmoid(x))
_unary("relu", ag.relu, lambda x: np.maximum(x, 0), lambda t, x: t.relu(x), make=away_from)
_unary("abs", ag.abs, np.abs, lambda t, x: t.abs(x), make=away_from)
_unary("neg", ag.neg, np.negative, lambda t, x: t.neg(x))
_unary("sign", ag.sign, np.sign, lambda t, x: t.sign(x), make=away_from)
_unary("reciprocal", ag.reciprocal, np.reciprocal, lambda t, x: t.reciprocal(x),
       make=away_from)
_unary("square", ag.square, np.square, lambda t, x: t.square(x))
_unary("erf", ag.erf, np.vectorize(math.erf, otypes=[np.float64]), lambda t, x: t.erf(x))
_unary("clamp", lambda x: ag.clamp(x, -0.5, 0.7), lambda x: np.clip(x, -0.5, 0.7),
       lambda t, x: t.clamp(x, -0.5, 0.7), make=lambda rng, s: away_from(rng, s, (-0.5, 0.7)))
_unary("clamp_min", lambda x: ag.clamp(x, min=0.1), lambda x: np.maximum(x, 0.1),
       lambda t, x: t.clamp(x, min=0.1), make=lambda rng, s: away_from(rng, s, (0.1,)))
_unary("method_pow_scalar", lambda x: x ** 3, lambda x: x ** 3, lambda t, x: x ** 3)
_unary("pow_half", lambda x: x ** 0.5, np.sqrt, lambda t, x: x ** 0.5, make=positive)


def _binary(name, fn, ref, tref, make_a=uniform, make_b=uniform, scalars=(2.5,), **kw):
    register(OpInfo(name, fn, _binary_samples(make_a, make_b, scalars), ref=ref,
                    torch_ref=tref, **kw))


_binary("add", ag.add, np.add, lambda t, x, y: t.add(x, y))
_binary("sub", ag.sub, np.subtract, lambda t, x, y: t.sub(x, y))
_binary("mul", ag.mul, np.multiply, lambda t, x, y: t.mul(x, y))
_binary("div", ag.div, np.divide, lambda t, x, y: t.div(x, y), make_b=away_from)
_binary("pow", ag.pow, np.power, lambda t, x, y: t.pow(x, y), make_a=positive,
        make_b=lambda rng, s: uniform(rng, s, -1.5, 1.5))
_binary("maximum", ag.maximum, np.maximum, lambda t, x, y: t.maximum(x, y), scalars=())
_binary("minimum", ag.minimum, np.minimum, lambda t, x, y: t.minimum(x, y), scalars=())
# x / y stays in (-1, 1), so floor(x / y) only jumps at x = 0, which the samples avoid.
_binary("remainder", ag.remainder, np.remainder, lambda t, x, y: t.remainder(x, y),
        make_a=lambda rng, s: away_from(rng, s, (0.0,), low=-3.0, high=3.0),
        make_b=lambda rng, s: positive(rng, s, 4.0, 5.0), scalars=())
_binary("add_alpha", lambda x, y: ag.add(x, y, alpha=-0.5), lambda x, y: x - 0.5 * y,
        lambda t, x, y: t.add(x, y, alpha=-0.5), scalars=())


def _where_samples(rng):
    out = []
    for a, b in BINARY_SHAPES:
        cond = rng.random(np.broadcast_shapes(a, b)) > 0.5
        out.append(Sample((cond, uniform(rng, a), uniform(rng, b))))
    out.append(Sample((rng.random((3, 1)) > 0.5, uniform(rng, (3, 4)), 0.5), name="scalar"))
    return out


register(OpInfo("where", ag.where, _where_samples, ref=np.where,
                torch_ref=lambda t, c, x, y: t.where(c, x, y)))


def _lerp_samples(rng):
    return [Sample((uniform(rng, (3, 4)), uniform(rng, (4,)), 0.3)),
            Sample((uniform(rng, (2, 3)), uniform(rng, (2, 3)), uniform(rng, (3,))))]


register(OpInfo("lerp", ag.lerp, _lerp_samples, ref=lambda a, b, w: a + w * (b - a),
                torch_ref=lambda t, a, b, w: t.lerp(a, b, w)))


def _clamp_tensor_samples(rng):
    x = away_from(rng, (3, 4), (0.0,))
    return [Sample((x, uniform(rng, (4,), -1.0, -0.5), uniform(rng, (3, 1), 0.5, 1.0)))]


register(OpInfo("clamp_tensor", lambda x, lo, hi: ag.clamp(x, lo, hi),
                _clamp_tensor_samples, ref=lambda x, lo, hi: np.minimum(np.maximum(x, lo), hi),
                torch_ref=lambda t, x, lo, hi: t.clamp(x, lo, hi)))


def _cast_samples(rng):
    return [Sample((uniform(rng, (3, 4)),)), Sample((uniform(rng, ()),))]


# Rounding to float16 swallows gradcheck's finite-difference step, so the (identity) gradient
# of the casts is checked against PyTorch's instead.
register(OpInfo("to_half_and_back", lambda x: x.half().to(x.dtype), _cast_samples,
                ref=lambda x: x.astype(np.float16).astype(np.float64),
                torch_ref=lambda t, x: x.half().to(x.dtype), differentiable=False,
                torch_gradient=True))
register(OpInfo("clone", ag.clone, _cast_samples, ref=np.copy,
                torch_ref=lambda t, x: x.clone()))

# floor division jumps at integer quotients; x / y stays inside (0, 1) here, so the (zero)
# gradient is checked where it exists.
def _no_grad_args(t, *args):
    return [a.detach() if isinstance(a, t.Tensor) else a for a in args]


# PyTorch has no derivative for floor_divide: compared forward only.
_binary("floor_divide", ag.floor_divide, np.floor_divide,
        lambda t, x, y: t.floor_divide(*_no_grad_args(t, x, y)),
        make_a=lambda rng, s: uniform(rng, s, 0.2, 0.8),
        make_b=lambda rng, s: positive(rng, s, 1.0, 1.1), scalars=())


def _compare(name, fn, ref, tref):
    register(OpInfo(name, fn, _binary_samples(scalars=(0.25,)), ref=ref, torch_ref=tref,
                    differentiable=False))


_compare("eq", lambda x, y: x == y, np.equal, lambda t, x, y: x == y)
_compare("ne", lambda x, y: x != y, np.not_equal, lambda t, x, y: x != y)
_compare("lt", lambda x, y: x < y, np.less, lambda t, x, y: x < y)
_compare("le", lambda x, y: x <= y, np.less_equal, lambda t, x, y: x <= y)
_compare("gt", lambda x, y: x > y, np.greater, lambda t, x, y: x > y)
_compare("ge", lambda x, y: x >= y, np.greater_equal, lambda t, x, y: x >= y)


def _logical_samples(rng):
    return [Sample((np.asarray(rng.random(a) > 0.5), np.asarray(rng.random(b) > 0.5)))
            for a, b in BINARY_SHAPES]


for _name, _op, _ref in [("logical_and", lambda a, b: a & b, np.logical_and),
                         ("logical_or", lambda a, b: a | b, np.logical_or),
                         ("logical_xor", lambda a, b: a ^ b, np.logical_xor)]:
    register(OpInfo(_name, _op, _logical_samples, ref=_ref,
                    torch_ref=lambda t, a, b, _op=_op: _op(a, b), differentiable=False))
register(OpInfo("logical_not", lambda a: ~a,
                lambda rng: [Sample((rng.random((3, 4)) > 0.5,))], ref=np.logical_not,
                torch_ref=lambda t, a: ~a, differentiable=False))


def _special_samples(rng):
    x = uniform(rng, (3, 4))
    x[0, 0], x[1, 1], x[2, 2] = np.nan, np.inf, -np.inf
    return [Sample((x,))]


for _name in ("isnan", "isinf", "isfinite"):
    register(OpInfo(_name, getattr(ag, _name), _special_samples, ref=getattr(np, _name),
                    torch_ref=lambda t, x, _name=_name: getattr(t, _name)(x),
                    differentiable=False))


# In-place methods on a non-leaf: the gradient flows through the rewritten graph.
def _inplace_samples(make_b=uniform):
    def samples(rng):
        return [Sample((uniform(rng, (3, 4)), make_b(rng, b))) for b in [(3, 4), (4,), ()]] + [
            Sample((uniform(rng, (2, 3)), 0.75), name="scalar")]

    return samples


for _name, _method, _ref, _make_b in [
        ("add_", "add_", np.add, uniform), ("sub_", "sub_", np.subtract, uniform),
        ("mul_", "mul_", np.multiply, uniform), ("div_", "div_", np.divide, away_from),
        ("iadd", "__iadd__", np.add, uniform), ("imul", "__imul__", np.multiply, uniform)]:
    register(OpInfo(_name, lambda x, y, _m=_method: getattr(x * 1, _m)(y),
                    _inplace_samples(_make_b), ref=_ref,
                    torch_ref=lambda t, x, y, _m=_method: getattr(x * 1, _m)(y)))
register(OpInfo("clamp_", lambda x: (x * 1).clamp_(-0.5, 0.5),
                _unary_samples(lambda rng, s: away_from(rng, s, (-0.5, 0.5))),
                ref=lambda x: np.clip(x, -0.5, 0.5),
                torch_ref=lambda t, x: (x * 1).clamp_(-0.5, 0.5)))
register(OpInfo("copy_", lambda x, y: (x * 1).copy_(y),
                _inplace_samples(), ref=lambda x, y: np.broadcast_to(y, x.shape),
                torch_ref=lambda t, x, y: (x * 1).copy_(y)))
