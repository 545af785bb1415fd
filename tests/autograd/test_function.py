"""User-defined ops: ``class Op(ag.Function)`` written the way the built-in ops are."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag


def leaf(values, dtype=ag.float64):
    return ag.tensor(values, dtype=dtype, requires_grad=True)


class ScaledCube(ag.Function):
    """y = scale * x^3, with scale a non-tensor attribute."""

    @staticmethod
    def forward(ctx, x, scale=1.0):
        ctx.save_for_backward(x)
        ctx.scale = scale
        return scale * x * x * x

    @staticmethod
    def backward(ctx, gy):
        # d (s x^3) / dx = 3 s x^2
        (x,) = ctx.saved_tensors
        return gy * 3 * ctx.scale * x * x, None


class MulRecorder(ag.Function):
    """x * y, recording what ctx told forward and backward."""

    seen: dict = {}

    @staticmethod
    def forward(ctx, x, y):
        MulRecorder.seen["forward_types"] = (type(x), type(y))
        ctx.save_for_backward(x, y)
        return x * y

    @staticmethod
    def backward(ctx, gy):
        # d(x y) = y dx + x dy
        x, y = ctx.saved_tensors
        MulRecorder.seen["needs"] = ctx.needs_input_grad
        gx = gy * y if ctx.needs_input_grad[0] else None
        gy_ = gy * x if ctx.needs_input_grad[1] else None
        return gx, gy_


class SinCos(ag.Function):
    """Two outputs: (sin x, cos x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        xp = ctx.xp
        return xp.sin(x), xp.cos(x)

    @staticmethod
    def backward(ctx, g_sin, g_cos):
        # d sin = cos dx; d cos = -sin dx
        (x,) = ctx.saved_tensors
        xp = ctx.xp
        return g_sin * xp.cos(x) - g_cos * xp.sin(x)


class SortWithIndices(ag.Function):
    """Sorted values and the (non-differentiable) permutation."""

    @staticmethod
    def forward(ctx, x):
        xp = ctx.xp
        idx = xp.argsort(x)
        values = x[idx]
        ctx.idx = idx
        ctx.mark_non_differentiable(idx)
        return values, idx

    @staticmethod
    def backward(ctx, g_values, g_idx):
        # values = x[idx]: scatter the gradient back through the permutation
        xp = ctx.xp
        gx = xp.zeros(g_values.shape, dtype=g_values.dtype)
        gx[ctx.idx] = g_values
        return gx


class MyExp(ag.Function):
    """exp written against ctx.xp, saving its output: every order from one formula."""

    @staticmethod
    def forward(ctx, x):
        y = ctx.xp.exp(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, gy):
        # d exp(x) / dx = exp(x)
        (y,) = ctx.saved_tensors
        return gy * y


class MyTanh(ag.Function):
    """tanh, saving its input and recomputing through ctx.xp in backward."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.tanh(x)

    @staticmethod
    def backward(ctx, gy):
        # d tanh(x) / dx = 1 - tanh(x)^2
        (x,) = ctx.saved_tensors
        t = ctx.xp.tanh(x)
        return gy * (1 - t * t)


class TwoGradsForOneInput(ag.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, gy):
        # wrong on purpose: one input, two gradients
        return gy * 2, gy


class NoGrads(ag.Function):
    @staticmethod
    def forward(ctx, x, y):
        return x + y

    @staticmethod
    def backward(ctx, gy):
        # wrong on purpose: two inputs, one gradient
        return gy


class OnceSquare(ag.Function):
    """x^2 whose backward is only first-order (as a fused kernel would be)."""

    once_differentiable = True

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, gy):
        # d x^2 / dx = 2 x (raw arrays only)
        (x,) = ctx.saved_tensors
        assert not isinstance(x, ag.Tensor)
        return 2 * x * gy


def test_save_for_backward_and_attributes():
    x = leaf([1.0, -2.0])
    y = ScaledCube.apply(x, 0.5)
    assert y.grad_fn.name() == "ScaledCubeBackward0" and y.requires_grad
    np.testing.assert_allclose(y.detach().numpy(), 0.5 * np.array([1.0, -8.0]))
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 1.5 * np.array([1.0, 4.0]))


def test_forward_gets_arrays_and_needs_input_grad():
    x = leaf([1.0, 2.0])
    c = ag.tensor([3.0, 4.0], dtype=ag.float64)
    out = MulRecorder.apply(x, c)
    assert MulRecorder.seen["forward_types"] == (np.ndarray, np.ndarray)
    out.sum().backward()
    assert MulRecorder.seen["needs"] == (True, False)
    np.testing.assert_allclose(x.grad.numpy(), [3.0, 4.0])
    assert c.grad is None


def test_no_input_requires_grad_records_nothing():
    out = MulRecorder.apply(ag.tensor([1.0]), ag.tensor([2.0]))
    assert not out.requires_grad and out.grad_fn is None


def test_multiple_outputs_unused_grads_are_zeros():
    x = leaf([0.3, -1.2])
    s, c = SinCos.apply(x)
    assert s.grad_fn is c.grad_fn and s.grad_fn.name() == "SinCosBackward0"
    (s * 2).sum().backward()  # c gets no gradient: it reaches backward as zeros
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.cos([0.3, -1.2]))
    x.grad = None
    s, c = SinCos.apply(x)
    (s + c).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.cos([0.3, -1.2]) - np.sin([0.3, -1.2]))


def test_mark_non_differentiable():
    x = leaf([3.0, 1.0, 2.0])
    values, idx = SortWithIndices.apply(x)
    assert values.requires_grad and not idx.requires_grad and idx.grad_fn is None
    assert idx.dtype == ag.int64
    (values * ag.tensor([1.0, 10.0, 100.0], dtype=ag.float64)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [100.0, 1.0, 10.0])


def test_wrong_number_of_gradients_names_the_op():
    x = leaf([1.0])
    with pytest.raises(RuntimeError, match=r"TwoGradsForOneInput.*incorrect number of gradients"):
        TwoGradsForOneInput.apply(x).sum().backward()
    y = leaf([2.0])
    with pytest.raises(RuntimeError, match=r"NoGrads.*expected 2, got 1"):
        NoGrads.apply(x, y).sum().backward()


@pytest.mark.parametrize("fn, d1, d2", [
    (MyExp, np.exp, np.exp),
    (MyTanh, lambda v: 1 - np.tanh(v) ** 2,
     lambda v: -2 * np.tanh(v) * (1 - np.tanh(v) ** 2)),
])
def test_create_graph_through_custom_function(fn, d1, d2):
    v = np.array([0.2, -0.7, 1.1])
    x = leaf(v)
    (g,) = ag.grad(fn.apply(x).sum(), x, create_graph=True)
    assert g.requires_grad
    np.testing.assert_allclose(g.detach().numpy(), d1(v), rtol=1e-12)
    (gg,) = ag.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), d2(v), rtol=1e-12)


def test_custom_function_passes_gradcheck():
    x = leaf([0.2, -0.7, 1.1])
    assert ag.gradcheck(MyTanh.apply, (x,))
    assert ag.gradgradcheck(MyTanh.apply, (x,))


def test_once_differentiable_first_order_works():
    x = leaf([1.0, -3.0])
    OnceSquare.apply(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2.0, -6.0])


def test_once_differentiable_refuses_second_order():
    x = leaf([1.0, -3.0])
    (g,) = ag.grad(OnceSquare.apply(x).sum(), x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), [2.0, -6.0])  # the first order is fine
    # PyTorch's words: "trying to differentiate twice a function that was marked with
    # @once_differentiable"
    with pytest.raises(RuntimeError, match=r"differentiate twice.*once_differentiable"
                                           r".*OnceSquare"):
        g.sum().backward()
