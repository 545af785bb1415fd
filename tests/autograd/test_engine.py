"""The backward engine: graph shapes, accumulation, broadcasting, retain_graph, ``grad``,
hooks, the version counter, anomaly mode, long chains and memory release."""

from __future__ import annotations

import gc
import time
import tracemalloc
import weakref

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip


def leaf(values, device="cpu", dtype=None):
    return ag.tensor(values, dtype=dtype, device=device, requires_grad=True)


def host(t):
    return t.detach().cpu().numpy()


# -- graph shapes ------------------------------------------------------------------------


def test_tensor_used_twice(device):
    x = leaf([1.0, -2.0, 3.0], device)
    (x * x).sum().backward()
    np.testing.assert_allclose(host(x.grad), [2.0, -4.0, 6.0])
    x.grad = None
    (x + x).sum().backward()
    np.testing.assert_allclose(host(x.grad), [2.0, 2.0, 2.0])


def test_diamond(device):
    # y = 3x; z = y^2 + exp(y)  =>  dz/dx = 3 (2y + exp(y))
    x = leaf([0.1, -0.2], device, ag.float64)
    y = x * 3
    z = (y * y + y.exp()).sum()
    z.backward()
    yv = 3 * np.array([0.1, -0.2])
    np.testing.assert_allclose(host(x.grad), 3 * (2 * yv + np.exp(yv)))


def test_grads_accumulate_across_backward_calls():
    x = leaf([1.0, 2.0])
    (x * 2).sum().backward()
    (x * 3).sum().backward()
    np.testing.assert_allclose(host(x.grad), [5.0, 5.0])


def test_accumulated_grad_does_not_alias_between_leaves():
    x = leaf([1.0, 2.0])
    y = leaf([1.0, 2.0])
    (x + y).sum().backward()  # both receive the same upstream buffer
    x.grad.add_(10.0)
    np.testing.assert_allclose(host(y.grad), [1.0, 1.0])


def test_broadcast_gradients_summed_back(device):
    a = leaf(np.arange(3.0).reshape(3, 1), device)
    b = leaf(np.arange(4.0).reshape(1, 4) + 1, device)
    (a * b).sum().backward()
    assert a.grad.shape == (3, 1) and b.grad.shape == (1, 4)
    np.testing.assert_allclose(host(a.grad), np.full((3, 1), 10.0))
    np.testing.assert_allclose(host(b.grad), np.full((1, 4), 3.0))


def test_scalar_times_tensor(device):
    s = leaf(2.0, device)
    t = leaf(np.ones((2, 3)), device)
    (s * t).sum().backward()
    assert s.grad.shape == () and t.grad.shape == (2, 3)
    assert float(host(s.grad)) == 6.0
    np.testing.assert_allclose(host(t.grad), np.full((2, 3), 2.0))


def test_grad_dtype_follows_input_dtype(device):
    a = leaf([1.0, 2.0], device, ag.float32)
    b = leaf([3.0, 4.0], device, ag.float64)
    out = a * b
    assert out.dtype == ag.float64
    out.sum().backward()
    assert a.grad.dtype == ag.float32 and b.grad.dtype == ag.float64
    np.testing.assert_allclose(host(a.grad), [3.0, 4.0])


def test_long_chain_has_no_recursion_limit():
    x = leaf(1.0, dtype=ag.float64)
    start = time.perf_counter()
    y = x
    for _ in range(100_000):
        y = y * 1.000001
    y.backward()
    elapsed = time.perf_counter() - start
    np.testing.assert_allclose(host(x.grad), 1.000001 ** 100_000, rtol=1e-9)
    assert elapsed < 10.0, f"100k-op chain took {elapsed:.2f}s"


def test_create_graph_with_broadcasting():
    # f = sum(x^2 y) with x (3, 1), y (1, 4): df/dx = 2 x sum(y); d sum(df/dx) / dy = 2 sum(x)
    x = leaf(np.arange(3.0).reshape(3, 1) + 1, dtype=ag.float64)
    y = leaf(np.full((1, 4), 2.0), dtype=ag.float64)
    (gx,) = ag.grad((x * x * y).sum(), x, create_graph=True)
    assert gx.shape == (3, 1)
    np.testing.assert_allclose(host(gx), 16 * host(x))
    (gy,) = ag.grad(gx.sum(), y)
    np.testing.assert_allclose(host(gy), np.full((1, 4), 12.0))


# -- backward arguments and errors -------------------------------------------------------


def test_backward_inputs_limits_accumulation():
    x, w = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    (x * w).sum().backward(inputs=[x])
    np.testing.assert_allclose(host(x.grad), [3.0, 4.0])
    assert w.grad is None


def test_leaf_grad_does_not_alias_user_gradient():
    x = leaf([1.0, 2.0])
    g = ag.tensor([1.0, 1.0])
    x.backward(g)
    g.add_(5.0)
    np.testing.assert_allclose(host(x.grad), [1.0, 1.0])


def test_retain_graph_allows_second_backward():
    x = leaf([1.0, 2.0])
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(host(x.grad), [4.0, 8.0])


def test_second_backward_without_saved_tensors_is_allowed():
    # like PyTorch: nothing was freed, so there is nothing to complain about
    x = leaf([1.0, 2.0])
    y = (x + 1).sum()
    y.backward()
    y.backward()
    np.testing.assert_allclose(host(x.grad), [2.0, 2.0])


def test_nonscalar_backward_needs_gradient():
    x = leaf([1.0, 2.0])
    with pytest.raises(RuntimeError, match="scalar outputs"):
        (x * 2).backward()
    (x * 2).backward(ag.tensor([1.0, 10.0]))
    np.testing.assert_allclose(host(x.grad), [2.0, 20.0])


# -- autograd.grad -----------------------------------------------------------------------


def test_grad_does_not_touch_dot_grad():
    x = leaf([1.0, 2.0])
    (g,) = ag.grad((x * x).sum(), x)
    np.testing.assert_allclose(host(g), [2.0, 4.0])
    assert x.grad is None


def test_grad_allow_unused():
    x, unused = leaf([1.0]), leaf([2.0])
    gx, gu = ag.grad((x * 3).sum(), [x, unused], allow_unused=True)
    np.testing.assert_allclose(host(gx), [3.0])
    assert gu is None
    with pytest.raises(RuntimeError, match="not have been used in the graph"):
        ag.grad((x * 3).sum(), [x, unused])


def test_grad_create_graph_second_derivative():
    x = leaf([1.0, -2.0, 0.5], dtype=ag.float64)
    (g,) = ag.grad((x ** 3).sum(), x, create_graph=True)
    np.testing.assert_allclose(host(g), 3 * host(x) ** 2)
    assert g.requires_grad
    (gg,) = ag.grad(g.sum(), x)
    np.testing.assert_allclose(host(gg), 6 * host(x))


def test_grad_wrt_non_leaf():
    x = leaf([1.0, 2.0])
    y = x * 3
    z = (y * y).sum()
    gy, gx = ag.grad(z, [y, x])
    np.testing.assert_allclose(host(gy), 2 * host(y))
    np.testing.assert_allclose(host(gx), 18 * host(x))
    assert x.grad is None and y.grad is None


# -- hooks and retain_grad ---------------------------------------------------------------


def test_leaf_hook_modifies_gradient_and_handle_removes_it():
    x = leaf([1.0, 2.0])
    seen = []
    handle = x.register_hook(lambda g: (seen.append(host(g)), g * 2)[1])
    (x * 3).sum().backward()
    np.testing.assert_allclose(host(x.grad), [6.0, 6.0])
    np.testing.assert_allclose(seen[0], [3.0, 3.0])
    handle.remove()
    handle.remove()  # a second remove is harmless
    x.grad = None
    (x * 3).sum().backward()
    np.testing.assert_allclose(host(x.grad), [3.0, 3.0])


def test_non_leaf_hook():
    x = leaf([1.0, 2.0])
    y = x * 3
    seen = []
    y.register_hook(lambda g: seen.append(host(g)))  # observe only
    handle = y.register_hook(lambda g: g * 10)
    (y * y).sum().backward(retain_graph=True)
    np.testing.assert_allclose(seen[0], 2 * host(y))
    np.testing.assert_allclose(host(x.grad), 3 * 10 * 2 * host(y))
    handle.remove()
    x.grad = None
    (y * y).sum().backward()
    np.testing.assert_allclose(host(x.grad), 3 * 2 * host(y))


def test_retain_grad_on_non_leaf():
    x = leaf([1.0, 2.0])
    y = x * 3
    y.retain_grad()
    (y * y).sum().backward()
    np.testing.assert_allclose(host(y.grad), 2 * host(y))
    z = x * 3
    (z * z).sum().backward()
    assert z.grad is None  # not retained


# -- requires_grad, leaves, detach -------------------------------------------------------


def test_requires_grad_propagation_and_is_leaf():
    x = leaf([1.0, 2.0])
    c = ag.tensor([3.0, 4.0])
    y = x * c
    assert y.requires_grad and not y.is_leaf and y.grad_fn.name() == "MulBackward0"
    assert x.is_leaf and x.grad_fn is None
    assert c.is_leaf and not c.requires_grad
    assert not (c * c).requires_grad and (c * c).grad_fn is None
    assert not (x > 1).requires_grad  # comparisons have no gradient
    i = ag.tensor([1, 2])
    (x * i).sum().backward()  # an integer operand is promoted; the float leaf keeps its dtype
    assert x.grad.dtype == ag.float32
    np.testing.assert_allclose(host(x.grad), [1.0, 2.0])


def test_detach_shares_memory_and_version_counter():
    x = leaf([1.0, 2.0])
    y = x * 2
    d = y.detach()
    assert d.is_leaf and not d.requires_grad and d.grad_fn is None
    v = y._version
    d.add_(1.0)
    assert y._version == v + 1
    np.testing.assert_allclose(host(y), [3.0, 5.0])


def test_detach_in_place():
    x = leaf([1.0, 2.0])
    y = x * 2
    assert y.detach_() is y
    assert y.is_leaf and not y.requires_grad and y.grad_fn is None
    assert not (y * 3).requires_grad


# -- version counter and in-place ops ----------------------------------------------------


def test_inplace_on_leaf_requiring_grad_raises_outside_no_grad():
    x = leaf([1.0, 2.0])
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        x.add_(1.0)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        x *= 2
    with ag.no_grad():
        x.add_(1.0)
        x.mul_(2.0)
    np.testing.assert_allclose(host(x), [4.0, 6.0])
    assert x.requires_grad and x.is_leaf


def test_inplace_on_non_leaf_rebases_graph():
    x = leaf([1.0, 2.0])
    y = x * 2
    y += 1
    assert y.grad_fn.name() == "AddBackward0"
    y.sum().backward()
    np.testing.assert_allclose(host(x.grad), [2.0, 2.0])
    x.grad = None
    z = x * 1
    z.mul_(z.detach() + 1)  # z := z * (z + 1) with the factor constant: dz/dx = x + 1
    z.sum().backward()
    np.testing.assert_allclose(host(x.grad), [2.0, 3.0])


def test_inplace_op_keeps_the_old_values_its_backward_needs():
    x = leaf([1.0, 2.0])
    y = x * 1
    y.mul_(2.0)  # Mul saved y's memory, which the in-place write then overwrites
    y.sum().backward()
    np.testing.assert_allclose(host(x.grad), [2.0, 2.0])
    w = leaf([2.0, 3.0])
    a = ag.tensor([1.0, 4.0])
    a.mul_(w)  # d a_new / d w = a_old
    assert a.requires_grad and a.grad_fn.name() == "MulBackward0"
    a.sum().backward()
    np.testing.assert_allclose(host(w.grad), [1.0, 4.0])
    np.testing.assert_allclose(host(a), [2.0, 12.0])
    x = leaf([1.5, -2.0], dtype=ag.float64)
    y = x * 1
    y.mul_(x)  # y = x^2, with the old y saved for the second order too
    (g,) = ag.grad(y.sum(), x, create_graph=True)
    np.testing.assert_allclose(host(g), [3.0, -4.0])
    (gg,) = ag.grad(g.sum(), x)
    np.testing.assert_allclose(host(gg), [2.0, 2.0])


def test_inplace_ops_bump_version_under_no_grad():
    x = leaf([1.0, 2.0])
    versions = [x._version]
    with ag.no_grad():
        for op in (lambda: x.add_(1.0), lambda: x.sub_(1.0), lambda: x.mul_(2.0),
                   lambda: x.div_(2.0), lambda: x.zero_(), lambda: x.fill_(3.0)):
            op()
            versions.append(x._version)
    assert versions == list(range(versions[0], versions[0] + 7))
    np.testing.assert_allclose(host(x), [3.0, 3.0])


# -- memory ------------------------------------------------------------------------------


def test_finished_graph_freed_without_gc():
    gc.disable()
    try:
        x = leaf([1.0, 2.0])
        y = (x * 2).exp()
        z = (y * y).sum()
        refs = [weakref.ref(z.grad_fn), weakref.ref(y.grad_fn)]
        z.backward()
        del y, z
        assert all(r() is None for r in refs)
        # also without running backward
        y = (x * 2).exp().sum()
        ref = weakref.ref(y.grad_fn)
        del y
        assert ref() is None
    finally:
        gc.enable()


def test_create_graph_graph_freed_without_gc():
    gc.disable()
    try:
        x = leaf([0.5, 1.0], dtype=ag.float64)
        y = x.exp() * x  # Exp saves its output, which create_graph reconnects to the graph
        y.sum().backward(create_graph=True)
        assert x.grad.requires_grad
        refs = [weakref.ref(y.grad_fn), weakref.ref(x.grad.grad_fn)]
        x.grad.sum().backward()  # second order accumulates into x.grad (not a cycle)
        del y
        x.grad = None
        assert all(r() is None for r in refs)
    finally:
        gc.enable()


def test_training_loop_memory_is_bounded_without_gc():
    rng = np.random.default_rng(0)
    xs = ag.tensor(rng.standard_normal((8, 4)))
    target = ag.tensor(rng.standard_normal((8, 1)))
    w1 = leaf(rng.standard_normal((1, 4)) * 0.1)
    w2 = leaf(rng.standard_normal((1, 1)) * 0.1)

    def step(w1, w2):
        h = (xs * w1).tanh()  # elementwise stand-in for a linear layer
        pred = h.sum(1, keepdim=True) * w2
        loss = ((pred - target) ** 2).sum()
        loss.backward()
        with ag.no_grad():
            w1 = (w1 - 0.01 * w1.grad).requires_grad_()
            w2 = (w2 - 0.01 * w2.grad).requires_grad_()
        return w1, w2, weakref.ref(loss.grad_fn), loss.item()

    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        for _ in range(100):
            w1, w2, _, _ = step(w1, w2)
        alive = 0
        first = None
        marks = []
        for k in range(1000):
            if k % 500 == 0:
                marks.append(tracemalloc.get_traced_memory()[0])
            w1, w2, ref, loss = step(w1, w2)
            alive += ref() is not None  # the step's graph is gone as soon as it returns
            first = loss if first is None else first
        marks.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
        gc.enable()
    assert alive == 0
    assert loss < first
    # NumPy fills small internal caches (~100 kB) early on; after that nothing may grow. One
    # leaked graph per iteration would be ~5 kB per iteration.
    assert marks[2] - marks[1] < 20_000, f"memory grew by {marks[2] - marks[1]} bytes"
    assert marks[2] - marks[0] < 500_000, f"memory grew by {marks[2] - marks[0]} bytes"


def test_deepcopy_copies_leaves_and_refuses_non_leaves():
    import copy

    x = ag.tensor([1.0, 2.0], requires_grad=True)
    (x * 2).sum().backward()
    y = copy.deepcopy(x)
    assert y is not x and y.requires_grad and y.is_leaf
    np.testing.assert_array_equal(y.numpy(force=True), [1.0, 2.0])
    np.testing.assert_array_equal(y.grad.numpy(), [2.0, 2.0])
    y.data.add_(1)  # new memory: the original is untouched
    np.testing.assert_array_equal(x.detach().numpy(), [1.0, 2.0])
    with pytest.raises(RuntimeError, match="graph leaves"):
        copy.deepcopy(x * 2)


def test_grad_fn_names_and_reprs_read_as_torch():
    torch = torch_or_skip()
    for m in (ag, torch):
        x = m.ones(2, requires_grad=True)
        y = x * 2
        assert y.grad_fn.name() == "MulBackward0"
        assert repr(y.grad_fn).startswith("<MulBackward0 object at 0x")
        assert str(y).endswith("grad_fn=<MulBackward0>)")
        assert (x + 1).grad_fn.name() == "AddBackward0"
        assert x.exp().grad_fn.name() == "ExpBackward0"


def test_a_gradient_a_leaf_hook_kept_is_not_changed_by_the_next_backward():
    torch = torch_or_skip()
    results = []
    for lib in (ag, torch):
        a = lib.ones(3, requires_grad=True)
        kept = []
        a.register_hook(kept.append)
        (a * 2).sum().backward()
        (a * 3).sum().backward()
        results.append([np.asarray(t.detach().numpy()).tolist() for t in (*kept, a.grad)])
    assert results[0] == results[1] == [[2.0] * 3, [3.0] * 3, [5.0] * 3]
