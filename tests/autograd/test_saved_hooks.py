"""Hooks on what ops save for backward (``autograd.graph.saved_tensors_hooks``, ``save_on_cpu``)
and ``grad_before_hooks``, on every device; their agreement with PyTorch is in
test_engine_idioms_torch.py."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import autograd as ag
from autograd.graph import grad_before_hooks, save_on_cpu, saved_tensors_hooks


def _x(device):
    return ag.tensor([0.5, 1.0, -0.3], dtype=ag.float64, device=device, requires_grad=True)


def test_packed_values_are_released_by_backward(device):
    x = _x(device)
    refs = []

    class Box:  # what the pack hook returns: weakly referable, to see when it is let go
        def __init__(self, t):
            self.t = t

    def pack(t):
        box = Box(t.detach().clone())
        refs.append(weakref.ref(box))
        return box

    with saved_tensors_hooks(pack, lambda box: box.t):
        y = (x.exp() * x).sum()
    assert refs and all(r() is not None for r in refs)
    y.backward()
    gc.collect()
    assert all(r() is None for r in refs)
    expected = (np.exp([0.5, 1.0, -0.3]) * (np.array([0.5, 1.0, -0.3]) + 1))
    np.testing.assert_allclose(x.grad.cpu().numpy(), expected, rtol=1e-12)


def test_retain_graph_unpacks_again(device):
    x = _x(device)
    unpacked = []
    with saved_tensors_hooks(lambda t: t, lambda t: unpacked.append(1) or t):
        y = x.sin().sum()
    y.backward(retain_graph=True)
    y.backward()
    assert len(unpacked) == 2
    np.testing.assert_allclose(x.grad.cpu().numpy(), 2 * np.cos([0.5, 1.0, -0.3]), rtol=1e-12)


def test_save_on_cpu_gives_the_same_gradients(device):
    x = _x(device)
    with save_on_cpu():
        y = (x.exp() * x).tanh().sum()
    y.backward()
    with_hooks = x.grad.cpu().numpy()
    x.grad = None
    (x.exp() * x).tanh().sum().backward()
    np.testing.assert_array_equal(with_hooks, x.grad.cpu().numpy())


def test_higher_order_gradients_through_hooks(device):
    x = _x(device)
    with saved_tensors_hooks(lambda t: t, lambda t: t):
        y = (x ** 3).sum()
    (g,) = ag.grad(y, x, create_graph=True)
    (gg,) = ag.grad(g.sum(), x)
    np.testing.assert_allclose(gg.cpu().numpy(), 6 * np.array([0.5, 1.0, -0.3]), rtol=1e-12)


def test_a_compiled_step_with_saved_hooks_is_not_replayed(device):
    def f(x):
        with saved_tensors_hooks(lambda t: t, lambda t: t):
            return x.exp()

    step = ag.compile(f, fullgraph=True)
    x = _x(device)
    step(x)
    with pytest.raises(RuntimeError, match="saved_tensors_hooks"):
        step(x)


def test_grad_before_hooks_leaves_the_hooks_to_the_caller(device):
    w = _x(device)
    w.register_hook(lambda g: g * 10)
    nonleaf = w * 1
    nonleaf.register_hook(lambda g: g * 100)
    y = (nonleaf * 3).sum() + (w * 2).sum()
    g_nonleaf, g_w = grad_before_hooks([y], [nonleaf, w], [ag.ones_like(y)])
    np.testing.assert_array_equal(g_nonleaf.cpu().numpy(), [3, 3, 3])
    # w's: from its direct use only (what reaches the non-leaf is the caller's to pass on)
    np.testing.assert_array_equal(g_w.cpu().numpy(), [2, 2, 2])
    (unused,) = grad_before_hooks([(w * 2).sum()], [ag.ones(1, device=device,
                                                               requires_grad=True)],
                                  [ag.ones((), dtype=ag.float64, device=device)])
    assert unused is None
