"""Threads: gradient accumulation into a shared leaf is atomic; grad mode, tapes and profilers
belong to the thread that set them; two threads training two models do what one thread
training them one after the other does."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import autograd as ag
import nn
from nn.optim import SGD

THREADS = 8
CALLS = 500


def _in_threads(fn, n=THREADS):
    """Run ``fn(k)`` in n threads started together; re-raise the first error."""
    errors = []
    start = threading.Barrier(n)

    def body(k):
        try:
            start.wait()
            fn(k)
        except BaseException as exc:  # handed to the main thread, which raises it
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


@pytest.mark.parametrize("run", range(3))
def test_concurrent_backward_into_one_leaf_sums_exactly(run):
    w = ag.ones(4, dtype=ag.float64, requires_grad=True)

    def work(k):
        for _ in range(CALLS):
            (w * 2.0).sum().backward()

    _in_threads(work)
    np.testing.assert_array_equal(w.grad.numpy(), np.full(4, 2.0 * THREADS * CALLS))


def test_concurrent_retain_grad_and_hooks_sum_exactly():
    w = ag.ones(3, dtype=ag.float64, requires_grad=True)
    seen = []
    w.register_hook(lambda g: seen.append(1))

    def work(k):
        for _ in range(100):
            y = w * 3.0
            y.retain_grad()
            y.sum().backward()
            assert y.grad.numpy().tolist() == [1.0, 1.0, 1.0]

    _in_threads(work)
    np.testing.assert_array_equal(w.grad.numpy(), np.full(3, 3.0 * THREADS * 100))
    assert len(seen) == THREADS * 100


def test_grad_mode_is_per_thread():
    x = ag.ones(2, requires_grad=True)
    results = {}
    inside = threading.Event()
    release = threading.Event()

    def no_grad_thread(k):
        with ag.no_grad():
            inside.set()
            release.wait(5)
            results["no_grad"] = (x * 2).requires_grad

    t = threading.Thread(target=no_grad_thread, args=(0,))
    t.start()
    inside.wait(5)
    results["main"] = (x * 2).requires_grad  # the other thread's no_grad is not ours
    release.set()
    t.join()
    assert results == {"no_grad": False, "main": True}


def test_tape_records_only_its_own_thread():
    x = ag.ones(2, requires_grad=True)
    with ag.Tape() as tape:
        y = x * 2
        _in_threads(lambda k: [(x + 1).sum() for _ in range(10)], n=4)
        z = y.sum()
    assert [e.name for e in tape] == ["Mul", "Sum"]
    assert tape.gradient(z, x).numpy().tolist() == [2.0, 2.0]


def test_profiler_times_only_its_own_thread():
    x = ag.ones(2, requires_grad=True)
    with ag.profiler.profile() as prof:
        x.exp()
        _in_threads(lambda k: [x.sin() for _ in range(10)], n=4)
    names = {name for name, *_ in prof.events}
    assert names == {"Exp"}


def _model_and_data(seed):
    ag.manual_seed(seed)
    model = nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 3))
    rng = np.random.default_rng(seed)
    x = ag.tensor(rng.normal(size=(32, 5)), dtype=ag.float32)
    y = ag.tensor(rng.integers(0, 3, 32))
    return model, x, y


def _train(model, x, y, steps=60):
    opt = SGD(model.parameters(), lr=0.1, momentum=0.9)
    for _ in range(steps):
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    return [p.detach().numpy().copy() for p in model.parameters()]


def test_two_threads_train_two_models_as_one_thread_would():
    sequential = [_train(*_model_and_data(seed)) for seed in (1, 2)]
    setups = [_model_and_data(seed) for seed in (1, 2)]
    results = [None, None]

    def work(k):
        results[k] = _train(*setups[k])

    _in_threads(work, n=2)
    for got, want in zip(results, sequential):
        for a, b in zip(got, want):
            np.testing.assert_array_equal(a, b)
