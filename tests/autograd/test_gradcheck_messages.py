"""gradcheck's failure messages locate the error: the worst entries side by side, the likely
cause (sign, factor, transposition), non-differentiable points, and clear bad-input errors."""

from __future__ import annotations

import re

import numpy as np
import pytest

import autograd as ag
from autograd.gradcheck import GradcheckError


def _t(shape, device, seed=0, low=-2.0, high=2.0, requires_grad=True):
    data = np.random.default_rng(seed).uniform(low, high, size=shape)
    return ag.tensor(data, dtype=ag.float64, device=device, requires_grad=requires_grad)


class FlippedSign(ag.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.sin(x)

    @staticmethod
    def backward(ctx, gy):
        # d sin(x) / dx = cos(x) (sign flipped on purpose)
        (x,) = ctx.saved_tensors
        return -gy * ctx.xp.cos(x)


class HalfSquare(ag.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, gy):
        # d x^2 / dx = 2x (the factor 2 left out on purpose)
        (x,) = ctx.saved_tensors
        return gy * x


class MatVecTransposed(ag.Function):
    @staticmethod
    def forward(ctx, a, x):
        ctx.save_for_backward(a, x)
        return a @ x

    @staticmethod
    def backward(ctx, gy):
        # d(Ax)/dA = gy x^T, d(Ax)/dx = A^T gy (A instead of A^T on purpose)
        a, x = ctx.saved_tensors
        return gy[:, None] * x[None, :], a @ gy


class GradientTransposed(ag.Function):
    @staticmethod
    def forward(ctx, x, w):
        ctx.save_for_backward(x, w)
        return x * w

    @staticmethod
    def backward(ctx, gy):
        # d(xw)/dx = w, d(xw)/dw = x (x's gradient returned transposed on purpose)
        x, w = ctx.saved_tensors
        return (gy * w).T, gy * x


def _failure(fn, inputs, **kw) -> str:
    with pytest.raises(GradcheckError) as info:
        ag.gradcheck(fn, inputs, **kw)
    return str(info.value)


def test_wrong_sign_is_named(device) -> None:
    msg = _failure(FlippedSign.apply, _t((4,), device))
    assert "Likely cause: a wrong sign" in msg
    assert "Worst entries:" in msg and "numerical (rows: output elements" in msg


def test_missing_factor_is_named(device) -> None:
    msg = _failure(HalfSquare.apply, _t((4,), device, low=0.5))
    assert "analytical = 0.5 x numerical everywhere (a missing factor of 2 in backward)" in msg


def test_transposed_jacobian_is_named(device) -> None:
    a, x = _t((3, 3), device), _t((3,), device, seed=1)
    msg = _failure(MatVecTransposed.apply, (a, x))
    assert "with respect to input 1" in msg
    assert "Likely cause: a transposed gradient: the analytical Jacobian is the transpose" in msg


def test_transposed_gradient_is_named(device) -> None:
    x, w = _t((3, 3), device), _t((3, 3), device, seed=1)
    msg = _failure(GradientTransposed.apply, (x, w))
    assert "the gradient of input 0 comes back with its axes reversed" in msg


def test_worst_entries_are_listed_side_by_side(device) -> None:
    x = _t((4,), device, low=0.5)
    msg = _failure(HalfSquare.apply, x)
    rows = re.findall(r"^\s+\((\d),\)\s+\((\d),\)\s+(\S+)\s+(\S+)\s+(\S+)$", msg, re.M)
    assert len(rows) == 4
    values = x.detach().cpu().numpy()
    for out_k, in_k, analytical, numerical, diff in rows:
        assert out_k == in_k
        v = values[int(in_k)]
        assert float(analytical) == pytest.approx(v, rel=1e-5)
        assert float(numerical) == pytest.approx(2 * v, rel=1e-5)
        assert float(diff) == pytest.approx(-v, rel=1e-4)
    # worst first
    assert [abs(float(r[4])) for r in rows] == sorted((abs(float(r[4])) for r in rows),
                                                      reverse=True)


def test_a_kink_is_reported_as_a_non_differentiable_point(device) -> None:
    x = ag.tensor([0.5, 0.0, -1.0], dtype=ag.float64, device=device, requires_grad=True)
    msg = _failure(ag.relu, x)
    assert "at a non-differentiable point: input element (1,)" in msg
    assert "left = 0.0, right = 1.0" in msg
    assert "not evidence of a wrong gradient" in msg


def test_fast_mode_failure_is_located_element_by_element(device) -> None:
    x = _t((30, 40), device, seed=2)
    msg = _failure(FlippedSign.apply, x)
    assert "in a random direction (fast mode)" in msg
    assert "Located element by element" in msg
    assert re.search(r"\b1[12]\d\d of 1200 elements differ", msg), msg
    assert "Likely cause: a wrong sign" in msg
    m = re.search(r"the worst is input element \((\d+), (\d+)\)", msg)
    assert m, msg


def test_fast_mode_locates_a_single_wrong_element(device) -> None:
    class WrongAtOne(ag.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 3

        @staticmethod
        def backward(ctx, gy):
            # d 3x / dx = 3 (wrong at flat element 17 on purpose)
            scale = ctx.xp.full(gy.shape, 3.0, dtype=gy.dtype)
            scale.reshape(-1)[17] = 4.0
            return gy * scale

    msg = _failure(WrongAtOne.apply, _t((20, 30), device), fast_mode=True)
    assert "the worst is input element (0, 17)" in msg
    assert "1 of 600 elements differ" in msg


def test_output_outside_the_graph_is_named(device) -> None:
    msg = _failure(lambda a: a.detach() * 2, _t((3,), device))
    assert "output 0 does not require grad" in msg


def test_a_func_that_modifies_its_input_is_refused(device) -> None:
    def scale_in_place(a):
        with ag.no_grad():
            a.mul_(2.0)
        return a * 1.0

    x = _t((3,), device)
    with pytest.raises(GradcheckError, match=r"func modified input 0 in place \(3 of 3"):
        ag.gradcheck(scale_in_place, x)


def test_func_returning_no_tensor_is_a_type_error(device) -> None:
    with pytest.raises(TypeError, match="gradcheck: func must return a Tensor .* NoneType"):
        ag.gradcheck(lambda a: None, _t((3,), device))


def test_only_integer_outputs_is_a_value_error(device) -> None:
    with pytest.raises(ValueError, match="no floating-point Tensor .*int64.*nothing to check"):
        ag.gradcheck(lambda a: a.argmax(), _t((3,), device))
    with pytest.raises(ValueError, match="gradgradcheck: func returned no floating-point"):
        ag.gradgradcheck(lambda a: a > 0, _t((3,), device))


def test_float32_refusal_says_why() -> None:
    x = ag.ones(3, requires_grad=True)
    with pytest.raises(ValueError, match=r"input 0 has dtype float32; finite differences are "
                                         r"too inaccurate below float64 .*rounding error"):
        ag.gradcheck(lambda a: a * 2, x)
