"""In-place writes into views: gradients by finite differences (first and second order), the
version counter a base shares with its views, memory, and the errors for refused writes.
(The same patterns against PyTorch are in test_inplace_views_torch.py.)"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import autograd as ag


def _leaf(shape, seed=0, low=0.5, high=1.5):
    rng = np.random.default_rng(seed)
    return ag.tensor(rng.uniform(low, high, shape), dtype=ag.float64, requires_grad=True)


def _slice_write(x, w):
    y = x * 1
    y[1:, 1:] *= w[1:, 1:]
    y[0] = w[0] * y[2].clone()  # the product saves its inputs: not a view of y
    return y.exp()


def _view_chain_write(x, w):
    y = x.clone()
    v = y.t()[1:]  # a view of a view
    v.mul_(w.t()[1:])
    y.view(-1)[:3].add_(w[0, :3] ** 2)
    return y * y


def _loop_write(x, w):
    out = ag.zeros(3, 4, dtype=ag.float64)
    h = x[0]
    for t in range(3):
        h = (h * w[t]).tanh()
        out[t] = h
    return out.sin()


def _advanced_write(x, w):
    y = x * 1
    y[ag.tensor([0, 2])] = w[:2] * w[1:]
    y[y > 1.2] *= 3
    return y * x


@pytest.mark.parametrize("fn", [_slice_write, _view_chain_write, _loop_write, _advanced_write])
def test_gradcheck_through_inplace_on_views(fn):
    x, w = _leaf((3, 4), 1), _leaf((3, 4), 2)
    assert ag.gradcheck(fn, [x, w])
    assert ag.gradgradcheck(fn, [x, w])


def test_create_graph_through_copy_slices():
    x = _leaf((2, 3), 3)
    y = x * 1
    y[0] *= x[1]
    (g,) = ag.grad(y.sum(), x, create_graph=True)
    # d/dx of y.sum() with y[0] = x0 * x1: g0 = x1, g1 = 1 + x0
    np.testing.assert_allclose(g.detach().numpy(), np.stack([x.detach().numpy()[1],
                                                             1 + x.detach().numpy()[0]]))
    (gg,) = ag.grad((g * g).sum(), x)
    x0, x1 = x.detach().numpy()
    np.testing.assert_allclose(gg.numpy(), np.stack([2 * (1 + x0), 2 * x1]))


def test_base_and_views_share_one_version_counter():
    y = _leaf((3, 4)) * 1
    v = y[1:]
    w = v.t()
    d = y.detach()
    v.add_(1)
    assert y._version == v._version == w._version == d._version == 1
    d.zero_()
    assert y._version == 2
    assert v._base is y and w._base is y and y._base is None and d._base is None


def test_view_regains_a_history_when_its_base_gets_one():
    # as PyTorch: a view taken before its base joined a graph follows the base
    b = ag.zeros(3, dtype=ag.float64)
    v = b[:2]
    assert not v.requires_grad
    w = _leaf(1)
    b[2:] = w
    assert v.requires_grad and v.grad_fn is not None and not v.is_leaf


def test_inplace_on_a_view_writes_only_the_region():
    x = ag.zeros(1000, 1000, dtype=ag.float64, requires_grad=True)
    y = x.clone()
    memory = y._data
    w = _leaf(1000)
    tracemalloc.start()
    try:
        y[10] = w
        y[:, 3].mul_(w)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert y._data is memory
    assert peak < 1_000_000  # a row or a column at a time, never the 8 MB base
    y.sum().backward()
    expected = np.ones((1000, 1000))
    expected[10] = 0  # overwritten
    expected[:, 3] *= w.detach().numpy()
    expected[10, 3] = 0
    np.testing.assert_allclose(x.grad.numpy(), expected)


def test_second_backward_through_copy_slices_raises():
    x = _leaf((2, 3))
    y = x * 1
    y[0].mul_(x[1])  # mul saves its inputs
    y.sum().backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.sum().backward()


def test_retain_graph_allows_a_second_backward_through_copy_slices():
    x = _leaf((2, 3))
    y = x * 1
    y[0].mul_(x[1])
    y.sum().backward(retain_graph=True)
    first = x.grad.numpy().copy()
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * first)


# -- refused writes: PyTorch's error type, its explanation, and the op's name -----------------


def test_leaf_inplace_names_the_op():
    x = _leaf((2, 3))
    with pytest.raises(RuntimeError, match=r"add_: a leaf Variable that requires grad "
                                           r"\(shape \[2, 3\]\) is being used in an in-place"):
        x.add_(1)
    with ag.no_grad():
        x.add_(1)  # allowed outside grad mode, as optimizers do
    assert x._version == 1


def test_view_of_leaf_inplace_names_the_op():
    x = _leaf((2, 3))
    with pytest.raises(RuntimeError, match=r"mul_: a view of a leaf Variable that requires grad "
                                           r"is being used in an in-place operation"):
        x[0].mul_(2)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable"):
        x[0] = 1.0


def test_expanded_view_inplace_is_refused_with_torch_message():
    base = _leaf(3) * 1
    e = base.expand(2, 3)
    with pytest.raises(RuntimeError, match=r"add_: unsupported operation: more than one element "
                                           r"of the written-to tensor refers to a single memory "
                                           r"location \(shape \[2, 3\]"):
        e.add_(1)
    plain = ag.ones(3).expand(2, 3)
    with pytest.raises(RuntimeError, match="setitem: unsupported operation: more than one"):
        plain[0] = 5.0


def test_no_grad_view_then_inplace_with_grad():
    y = _leaf((2, 3)) * 1
    with ag.no_grad():
        v = y[0]
    with pytest.raises(RuntimeError, match=r"A view was created in no_grad mode and is being "
                                           r"modified inplace with grad mode enabled \(mul_\)"):
        v.mul_(_leaf(3))
    with ag.no_grad():
        v.mul_(2)  # both in no_grad: allowed, untracked


def test_inference_mode_view_then_inplace_with_grad():
    y = _leaf((2, 3)) * 1
    with ag.inference_mode():
        v = y[0]
    with pytest.raises(RuntimeError, match="A view was created in inference mode"):
        v.add_(_leaf(3))


def test_multi_output_view_inplace():
    a, _ = (_leaf((4, 3)) * 1).chunk(2)
    with pytest.raises(RuntimeError, match=r"Output 0 of Split is a view and is being modified "
                                           r"inplace \(mul_\)\. This view is the output of a "
                                           r"function that returns multiple views"):
        a.mul_(2)


def test_saved_view_overwritten_through_base_names_both_ops():
    y = _leaf((2, 3)) * 1
    v = y[0]
    z = v * v
    y.add_(1)
    with pytest.raises(RuntimeError, match=r"modified by an inplace operation: \[float64 \[3\]\], "
                                           r"which is output 0 of GetItemBackward0, is at version "
                                           r"1; expected version 0 instead \(saved by Mul"):
        z.sum().backward()


def test_detach_inplace_on_view_is_refused():
    y = _leaf((2, 3)) * 1
    with pytest.raises(RuntimeError, match="Can't detach views in-place"):
        y[0].detach_()
