"""The namespaces that mirror PyTorch's: ``autograd.autograd`` (``torch.autograd``) and
``autograd.testing.make_tensor`` (``torch.testing.make_tensor``)."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip

# torch.autograd.__all__ names tapegrad does not provide (it must not pretend to)
NOT_PROVIDED = {"NestedIOFunction", "set_multithreading_enabled", "enforce_grad_layout_policy",
                "variable"}


def test_autograd_namespace_covers_torch_autograd_all() -> None:
    torch = torch_or_skip()
    for name in torch.autograd.__all__:
        if name in NOT_PROVIDED:
            assert not hasattr(ag.autograd, name), name
            assert name not in ag.autograd.__all__
        else:
            assert hasattr(ag.autograd, name), name
    assert not hasattr(ag.autograd, "forward_ad")
    assert set(ag.autograd.__all__) <= set(dir(torch.autograd))


@pytest.mark.parametrize("name", ["grad", "backward", "Function", "functional", "gradcheck",
                                  "gradgradcheck", "graph", "detect_anomaly", "enable_grad",
                                  "no_grad", "set_grad_enabled", "inference_mode"])
def test_autograd_names_are_the_top_level_objects(name) -> None:
    assert getattr(ag.autograd, name) is getattr(ag, name)


def test_autograd_functional_and_grad_through_the_namespace() -> None:
    x = ag.tensor([1.0, 2.0], dtype=ag.float64, requires_grad=True)
    (g,) = ag.autograd.grad((x ** 3).sum(), x)
    np.testing.assert_allclose(g.numpy(), [3.0, 12.0])
    h = ag.autograd.functional.hessian(lambda t: (t ** 3).sum(), x)
    np.testing.assert_allclose(h.numpy(), np.diag([6.0, 12.0]))
    assert ag.autograd.gradcheck(lambda t: t.sin(), (x,))


def test_variable_returns_a_tensor_as_torch() -> None:
    torch = torch_or_skip()
    for L in (ag, torch):
        x = L.ones(2)
        v = L.autograd.Variable(x, requires_grad=True)
        assert type(v) is L.Tensor and v is not x
        assert v.requires_grad and v.is_leaf
        assert isinstance(x, L.autograd.Variable)
        assert L.autograd.Variable().shape == (0,)
        v.data.add_(1.0)  # the same memory
        assert x.tolist() == [2.0, 2.0]
        with pytest.raises(TypeError, match="Variable data has to be a tensor, but got list"):
            L.autograd.Variable([1.0])


def test_set_detect_anomaly_sets_and_restores() -> None:
    assert not ag.is_anomaly_enabled()
    with ag.autograd.set_detect_anomaly(True):
        assert ag.is_anomaly_enabled()
    assert not ag.is_anomaly_enabled()
    ag.autograd.set_detect_anomaly(True)
    try:
        assert ag.is_anomaly_enabled()
    finally:
        ag.autograd.set_detect_anomaly(False)
    assert not ag.is_anomaly_enabled()
    assert isinstance(ag.autograd.grad_mode.no_grad(), ag.no_grad)
