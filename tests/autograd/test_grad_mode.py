"""Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode (thread-local)."""

from __future__ import annotations

import threading

import pytest

import autograd as ag


@pytest.fixture
def x():
    return ag.tensor([1.0, 2.0], requires_grad=True)


def test_no_grad_context_manager(x):
    assert ag.is_grad_enabled()
    with ag.no_grad():
        assert not ag.is_grad_enabled()
        y = x * 2
    assert ag.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None and y.is_leaf


def test_no_grad_decorator(x):
    @ag.no_grad()
    def f(t):
        assert not ag.is_grad_enabled()
        return t * 2

    assert not f(x).requires_grad
    assert ag.is_grad_enabled()
    assert f.__name__ == "f"


def test_enable_grad_inside_no_grad(x):
    with ag.no_grad():
        with ag.enable_grad():
            assert ag.is_grad_enabled()
            y = x * 2
        assert not ag.is_grad_enabled()
        z = x * 2
    assert y.requires_grad and not z.requires_grad

    @ag.enable_grad()
    def g(t):
        return t * 2

    with ag.no_grad():
        assert g(x).requires_grad


def test_nesting_restores_each_level(x):
    with ag.no_grad():
        with ag.enable_grad():
            with ag.no_grad():
                assert not ag.is_grad_enabled()
            assert ag.is_grad_enabled()
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()


def test_mode_restored_after_exception():
    with pytest.raises(ZeroDivisionError):
        with ag.no_grad():
            1 / 0
    assert ag.is_grad_enabled()


def test_set_grad_enabled_function_form(x):
    try:
        ag.set_grad_enabled(False)
        assert not ag.is_grad_enabled()
        assert not (x * 2).requires_grad
        ag.set_grad_enabled(True)
        assert ag.is_grad_enabled()
        assert (x * 2).requires_grad
    finally:
        ag.set_grad_enabled(True)


@pytest.mark.parametrize("mode", [True, False])
def test_set_grad_enabled_context_manager(x, mode):
    with ag.no_grad():
        with ag.set_grad_enabled(mode):
            assert ag.is_grad_enabled() is mode
            assert (x * 2).requires_grad is mode
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()


def test_set_grad_enabled_decorator(x):
    @ag.set_grad_enabled(False)
    def f(t):
        return t * 2

    assert ag.is_grad_enabled()  # decorating changes nothing by itself
    assert not f(x).requires_grad
    assert ag.is_grad_enabled()


def test_grad_mode_is_thread_local():
    seen = {}

    def worker():
        seen["enabled"] = ag.is_grad_enabled()
        t = ag.tensor([1.0], requires_grad=True)
        seen["recorded"] = (t * 2).requires_grad

    with ag.no_grad():
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert not ag.is_grad_enabled()
    assert seen == {"enabled": True, "recorded": True}


def test_inference_mode(x):
    assert not ag.is_inference_mode_enabled()
    with ag.inference_mode():
        assert ag.is_inference_mode_enabled() and not ag.is_grad_enabled()
        y = x * 2
    assert not y.requires_grad
    assert ag.is_grad_enabled() and not ag.is_inference_mode_enabled()
    with ag.inference_mode(False):
        assert ag.is_grad_enabled() and not ag.is_inference_mode_enabled()

    @ag.inference_mode()
    def f(t):
        return t * 2

    assert not f(x).requires_grad
    assert ag.is_grad_enabled()


def test_backward_inside_no_grad_still_works(x):
    y = (x * x).sum()
    with ag.no_grad():
        y.backward()
        assert not ag.is_grad_enabled()
    assert x.grad.tolist() == [2.0, 4.0]


def test_create_graph_restores_grad_mode(x):
    y = (x ** 3).sum()
    with ag.no_grad():
        (g,) = ag.grad(y, x, create_graph=True)
        assert not ag.is_grad_enabled()
    assert g.requires_grad  # create_graph records the backward even under no_grad
