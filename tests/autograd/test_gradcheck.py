"""gradcheck and gradgradcheck: they pass on correct gradients and catch wrong ones."""

from __future__ import annotations

import re

import numpy as np
import pytest

import autograd as ag
from autograd.gradcheck import GradcheckError


def _t(shape, device, seed=0, requires_grad=True, low=-2.0, high=2.0):
    data = np.random.default_rng(seed).uniform(low, high, size=shape)
    return ag.tensor(data, dtype=ag.float64, device=device, requires_grad=requires_grad)


class WrongSquare(ag.Function):
    """x**2 with a backward that is 5% off."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, gy):
        # d x^2 / dx = 2x (deliberately scaled by 1.05)
        (x,) = ctx.saved_tensors
        return gy * 2.1 * x


class WrongOnSecond(ag.Function):
    """x * y whose gradient for y is wrong only at flat index 4."""

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x * y

    @staticmethod
    def backward(ctx, gy):
        # d(xy)/dx = y, d(xy)/dy = x (the latter wrong at one element)
        x, y = ctx.saved_tensors
        wrong = ctx.xp.ones(x.shape, dtype=x.dtype)
        wrong.reshape(-1)[4] = 1.5
        return gy * y, gy * x * wrong


class SquareViaIntermediate(ag.Function):
    """x**2 with a right first derivative whose backward uses a saved intermediate (2x), a
    constant under create_graph: the second derivative comes out 0 instead of 2."""

    @staticmethod
    def forward(ctx, x):
        ctx.two_x = 2 * x
        return x * x

    @staticmethod
    def backward(ctx, gy):
        # d x^2 / dx = 2x, read from forward's intermediate
        return gy * ctx.two_x


class CubeOnce(ag.Function):
    once_differentiable = True

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x * x

    @staticmethod
    def backward(ctx, gy):
        # d x^3 / dx = 3 x^2
        (x,) = ctx.saved_tensors
        return gy * 3 * x * x


class NotReentrant(ag.Function):
    calls = 0

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * 3

    @staticmethod
    def backward(ctx, gy):
        # d 3x / dx = 3, plus a tiny drift that changes from call to call
        NotReentrant.calls += 1
        return gy * (3 + NotReentrant.calls * 1e-12)


class NonzeroForZeroGrad(ag.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, gy):
        # d 2x / dx = 2 (plus a constant that ignores gy)
        return gy * 2 + 1e-3


class GradForUnusedInput(ag.Function):
    @staticmethod
    def forward(ctx, x, y):
        return x * 2

    @staticmethod
    def backward(ctx, gy):
        # d 2x / dx = 2; y is unused, so its gradient should be zero
        return gy * 2, gy * 0 + 0.5


# -- gradcheck passes on correct gradients ---------------------------------------------------


@pytest.mark.parametrize("fn,shapes", [
    (lambda a, b: (a * b).exp(), [(3, 4), (4,)]),
    (lambda a, b: a / (b * b + 1), [(2, 1, 3), (4, 1)]),
    (lambda a: a.tanh().sum(), [(5,)]),
    (lambda a: a.sin() * 2.0, [()]),
    (lambda a: (a.sigmoid(), a.exp() - a), [(3, 2)]),
])
def test_passes_on_correct_ops(fn, shapes, device) -> None:
    inputs = tuple(_t(s, device, seed=k) for k, s in enumerate(shapes))
    assert ag.gradcheck(fn, inputs)
    assert ag.gradcheck(fn, inputs, fast_mode=True)


def test_accepts_single_tensor_list_and_non_tensor_args(device) -> None:
    x = _t((3,), device)
    assert ag.gradcheck(lambda a: a * a, x)
    assert ag.gradcheck(lambda a, s: a * s, [x, 3.0])
    c = _t((3,), device, seed=1, requires_grad=False)  # passed through, not checked
    assert ag.gradcheck(lambda a, b: a * b, (x, c))


def test_inputs_not_modified(device) -> None:
    x = _t((3, 4), device)
    before = x.detach().cpu().numpy().copy()
    assert ag.gradcheck(lambda a: (a * a).exp(), x)
    assert ag.gradcheck(lambda a: (a * a).exp(), x, fast_mode=True)
    np.testing.assert_array_equal(x.detach().cpu().numpy(), before)
    assert x.grad is None


def test_inputs_restored_when_func_raises(device) -> None:
    x = _t((3,), device)
    before = x.detach().cpu().numpy().copy()
    calls = []

    def fn(a):
        calls.append(1)
        if len(calls) > 3:
            raise ValueError("boom")
        return a * 2

    with pytest.raises(ValueError, match="boom"):
        ag.gradcheck(fn, x)
    np.testing.assert_array_equal(x.detach().cpu().numpy(), before)


def test_unused_input_and_constant_and_integer_outputs(device) -> None:
    x, y = _t((3,), device), _t((2,), device, seed=1)
    assert ag.gradcheck(lambda a, b: a.exp(), (x, y))
    const = ag.ones(3, dtype=ag.float64, device=device)
    assert ag.gradcheck(lambda a: (a.exp(), const, a > 0), x)


# -- gradcheck catches wrong gradients ---------------------------------------------------------


def test_catches_wrong_backward_with_a_precise_message(device) -> None:
    x = _t((4,), device, low=0.5, high=2.0)
    with pytest.raises(GradcheckError) as info:
        ag.gradcheck(WrongSquare.apply, x)
    msg = str(info.value)
    assert "output 0 with respect to input 0" in msg
    m = re.search(r"input element \((\d+),\).*analytical = ([-\d.e]+) but numerical = "
                  r"([-\d.e]+)", msg)
    assert m, msg
    k, analytical, numerical = int(m.group(1)), float(m.group(2)), float(m.group(3))
    xk = float(x.detach().cpu().numpy()[k])
    assert analytical == pytest.approx(2.1 * xk)
    assert numerical == pytest.approx(2 * xk, rel=1e-6)
    assert "numerical (rows: output elements" in msg and "analytical:" in msg
    assert isinstance(info.value, RuntimeError)


def test_names_the_input_and_its_multi_index(device) -> None:
    x, y = _t((2, 3), device), _t((2, 3), device, seed=1)
    with pytest.raises(GradcheckError,
                       match=r"input 1: at input element \(1, 1\) and output element \(1, 1\)"):
        ag.gradcheck(WrongOnSecond.apply, (x, y))


def test_raise_exception_false_returns_false(device) -> None:
    x = _t((4,), device, low=0.5, high=2.0)
    assert ag.gradcheck(WrongSquare.apply, x, raise_exception=False) is False


def test_gradient_for_an_unused_input_is_caught(device) -> None:
    x, y = _t((3,), device), _t((3,), device, seed=1)
    with pytest.raises(GradcheckError, match="input 1"):
        ag.gradcheck(GradForUnusedInput.apply, (x, y), check_undefined_grad=False)


def test_zero_output_gradient_must_give_zero(device) -> None:
    x = _t((3,), device)
    with pytest.raises(GradcheckError, match="zero gradient for output 0"):
        ag.gradcheck(NonzeroForZeroGrad.apply, x)


def test_backward_must_be_reentrant(device) -> None:
    x = _t((3,), device)
    with pytest.raises(GradcheckError, match="not reentrant"):
        ag.gradcheck(NotReentrant.apply, x)
    assert ag.gradcheck(NotReentrant.apply, x, nondet_tol=1e-9)


def test_a_hook_changing_the_gradient_dtype_is_refused(device) -> None:
    """The engine refuses the hook before gradcheck could see a gradient of another dtype
    (PyTorch's RuntimeError: the hook 'has changed the type of value')."""
    x = _t((3,), device)
    x.register_hook(lambda g: g.float())
    with pytest.raises(RuntimeError, match="changed the type"):
        ag.gradcheck(lambda a: a * 2, x)


@pytest.mark.parametrize("dtype", [ag.float32, ag.float16])
def test_refuses_low_precision(dtype, device) -> None:
    x = ag.ones(3, dtype=dtype, device=device, requires_grad=True)
    with pytest.raises(ValueError, match="float64"):
        ag.gradcheck(lambda a: a * 2, x)
    with pytest.raises(ValueError, match="float64"):
        ag.gradgradcheck(lambda a: a * a, x)


def test_needs_an_input_that_requires_grad(device) -> None:
    x = _t((3,), device, requires_grad=False)
    with pytest.raises(ValueError, match="requires_grad"):
        ag.gradcheck(lambda a: a * 2, x)


# -- fast (random direction) mode ------------------------------------------------------------


def test_large_input_uses_random_direction(device) -> None:
    x = _t((200, 100), device, seed=3)
    y = _t((100,), device, seed=4)
    assert ag.gradcheck(lambda a, b: (a * b).tanh(), (x, y))  # 2e4 x 2e4: fast mode
    with pytest.raises(GradcheckError, match="random direction"):
        ag.gradcheck(WrongSquare.apply, _t((200, 100), device, low=0.5, high=2.0))


def test_fast_mode_catches_a_wrong_second_input(device) -> None:
    x, y = _t((2, 3), device), _t((2, 3), device, seed=1)
    with pytest.raises(GradcheckError, match="with respect to input 1 in a random direction"):
        ag.gradcheck(WrongOnSecond.apply, (x, y), fast_mode=True)


def test_fast_mode_false_forces_elementwise() -> None:
    x = _t((120, 100), "cpu", low=0.5, high=2.0)
    with pytest.raises(GradcheckError, match=r"input element \("):
        ag.gradcheck(lambda a: WrongSquare.apply(a).sum(), x, fast_mode=False)


# -- gradgradcheck -----------------------------------------------------------------------------


@pytest.mark.parametrize("fn,shapes", [
    (lambda a, b: (a * b).exp(), [(3, 4), (4,)]),
    (lambda a: a.sin() * a, [(5,)]),
    (lambda a: (a * a).sum(), [(2, 3)]),
    (lambda a, b: (a.tanh(), a * b), [(3,), (3,)]),
])
def test_gradgradcheck_passes(fn, shapes, device) -> None:
    inputs = tuple(_t(s, device, seed=k) for k, s in enumerate(shapes))
    assert ag.gradgradcheck(fn, inputs)
    assert ag.gradgradcheck(fn, inputs, gen_non_contig_grad_outputs=True)


def test_gradgradcheck_with_given_grad_outputs(device) -> None:
    x = _t((3,), device)
    go = _t((3,), device, seed=5)
    assert ag.gradgradcheck(lambda a: a.exp() * a, x, go)


def test_gradgradcheck_catches_a_wrong_second_derivative(device) -> None:
    x = _t((3,), device)
    assert ag.gradcheck(SquareViaIntermediate.apply, x)
    with pytest.raises(GradcheckError) as info:
        ag.gradgradcheck(SquareViaIntermediate.apply, x)
    msg = str(info.value)
    assert "gradgradcheck" in msg and "with respect to input 0" in msg
    m = re.search(r"analytical = ([-\d.e]+) but numerical = ([-\d.e]+)", msg)
    assert m, msg
    assert float(m.group(1)) == 0.0
    assert float(m.group(2)) != 0.0
    assert ag.gradgradcheck(SquareViaIntermediate.apply, x, raise_exception=False) is False


def test_once_differentiable_refuses_a_second_order(device) -> None:
    x = _t((3,), device)
    assert ag.gradcheck(CubeOnce.apply, x)
    with pytest.raises(RuntimeError, match=r"differentiate twice .*once_differentiable.*Cube"):
        ag.gradgradcheck(CubeOnce.apply, x)
    (g,) = ag.grad(CubeOnce.apply(x).sum(), x, create_graph=True)
    np.testing.assert_allclose(g.detach().cpu().numpy(), 3 * x.detach().cpu().numpy() ** 2)
    with pytest.raises(RuntimeError, match="CubeOnceBackward"):
        g.sum().backward()
