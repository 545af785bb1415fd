"""``Tensor.register_post_accumulate_grad_hook``: when it fires (as soon as a leaf's gradient
is final, while backward still runs), what it sees, removal, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from autograd.engine import backward as engine
from tests.conftest import torch_or_skip


def test_hooks_fire_in_backward_order_before_backward_ends():
    # w2 is used last in forward, so its gradient is final first; w1 only after two more
    # nodes ran, and the marker hook on the non-leaf h shows the order within backward.
    x = ag.tensor([[1.0, 2.0]])
    w1 = ag.tensor([[0.5], [-1.0]], requires_grad=True)
    w2 = ag.tensor([[2.0]], requires_grad=True)
    events = []
    w1.register_post_accumulate_grad_hook(lambda p: events.append(("w1", p.grad.tolist())))
    w2.register_post_accumulate_grad_hook(lambda p: events.append(("w2", p.grad.tolist())))
    h = (x @ w1).tanh()
    h.register_hook(lambda g: events.append(("h", None)))
    (h @ w2).sum().backward()
    assert [e[0] for e in events] == ["w2", "h", "w1"]
    assert events[0][1] == w2.grad.tolist() and events[2][1] == w1.grad.tolist()


def test_grad_is_accumulated_when_the_hook_runs_and_leaf_used_twice_fires_once():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    w.register_post_accumulate_grad_hook(lambda p: seen.append(p.grad.tolist()))
    (w * 3).sum().backward()
    ((w * w).sum() + w.sum()).backward()  # w feeds three nodes: one call, after all of them
    assert seen == [[3.0, 3.0], [6.0, 8.0]]


def test_matches_torch_order_and_values():
    torch = torch_or_skip()
    a0, b0 = np.array([0.3, -0.7]), np.array([1.5, 0.2])
    logs = []
    for lib in (ag, torch):
        a = lib.tensor(a0, requires_grad=True)
        b = lib.tensor(b0, requires_grad=True)
        log = []
        for name, t in (("a", a), ("b", b)):
            t.register_post_accumulate_grad_hook(
                lambda p, name=name, log=log: log.append((name, np.asarray(p.grad.tolist()))))
        ((a.exp() * 2).sum() * (b * b).sum()).backward()
        logs.append(log)
    assert [n for n, _ in logs[0]] == [n for n, _ in logs[1]]
    for (_, ours), (_, theirs) in zip(*logs):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_leaf_that_is_its_own_root_and_unreached_leaf():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    unused = ag.tensor([1.0], requires_grad=True)
    calls = []
    w.register_post_accumulate_grad_hook(lambda p: calls.append("w"))
    unused.register_post_accumulate_grad_hook(lambda p: calls.append("unused"))
    w.backward(ag.tensor([1.0, 1.0]))
    (w * 2).sum().backward()
    assert calls == ["w", "w"]
    assert w.grad.tolist() == [3.0, 3.0] and unused.grad is None


def test_not_fired_by_autograd_grad_and_removed_by_its_handle():
    w = ag.tensor([1.0], requires_grad=True)
    calls = []
    handle = w.register_post_accumulate_grad_hook(lambda p: calls.append(1))
    (g,) = ag.grad((w * 2).sum(), w)  # no .grad is written: no hook
    assert calls == [] and g.tolist() == [2.0]
    handle.remove()
    (w * 2).sum().backward()
    assert calls == [] and w.grad.tolist() == [2.0]
    assert id(w) not in engine._post_hooks  # nothing left for backward to look at


def test_errors():
    w = ag.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="non-leaf"):
        (w * 2).register_post_accumulate_grad_hook(lambda p: None)
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        ag.tensor([1.0]).register_post_accumulate_grad_hook(lambda p: None)
    w.register_post_accumulate_grad_hook(lambda p: 1)
    with pytest.raises(RuntimeError, match="should return None, got int"):
        (w * 2).sum().backward()


def test_hooked_leaf_dropped_leaves_no_entry():
    w = ag.tensor([1.0], requires_grad=True)
    w.register_post_accumulate_grad_hook(lambda p: None)
    key = id(w)
    del w
    assert key not in engine._post_hooks


@pytest.mark.parametrize("take_w", [lambda w: w, lambda w: w.view(2), lambda w: w.reshape(1, 2)])
def test_hook_writing_grad_in_place_leaves_other_gradients_alone(take_w):
    # Add hands one array to both inputs; w's .grad is final (and its hook rewrites it in
    # place, as DistributedDataParallel does) while a's branch has still to read that array.
    a = ag.tensor([1.0, 2.0], requires_grad=True)
    w = ag.tensor([3.0, 4.0], requires_grad=True)

    def zero_in_place(p):
        p.grad.array[...] = 0

    w.register_post_accumulate_grad_hook(zero_in_place)
    z = (a * 2) + take_w(w)
    (z * z).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), 4 * (2 * a.detach() + w.detach()).numpy())
    np.testing.assert_array_equal(w.grad.numpy(), [0.0, 0.0])
