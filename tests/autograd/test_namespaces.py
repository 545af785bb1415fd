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


# -- autograd.testing.make_tensor / assert_allclose --------------------------------------------

@pytest.mark.parametrize(("dtype", "low", "high"), [
    ("float32", -9, 9), ("float64", -9, 9), ("float16", -9, 9), ("int64", -9, 9),
    ("int8", -9, 9), ("uint8", 0, 9), ("bool", 0, 1)])
def test_make_tensor_default_ranges_match_torch(dtype, low, high) -> None:
    torch = torch_or_skip()
    ag.manual_seed(0)
    ours = ag.testing.make_tensor(40, 50, dtype=getattr(ag, dtype), device="cpu")
    theirs = torch.testing.make_tensor(40, 50, dtype=getattr(torch, dtype), device="cpu")
    assert ours.shape == tuple(theirs.shape) and str(ours.dtype) == dtype
    values = ours.numpy().astype(np.float64)
    assert values.min() >= low and values.max() <= high
    assert values.max() - values.min() > (high - low) * 0.8  # the whole range is used
    assert not ours.requires_grad


def test_make_tensor_options_as_torch() -> None:
    torch = torch_or_skip()
    for L in (ag, torch):
        t = L.testing.make_tensor((3, 4), dtype=L.float64, device="cpu", low=2.0, high=3.0,
                                  requires_grad=True, noncontiguous=True)
        assert tuple(t.shape) == (3, 4) and not t.is_contiguous() and t.requires_grad
        assert t.is_leaf
        assert 2.0 <= float(t.detach().min()) and float(t.detach().max()) < 3.0
        one = L.testing.make_tensor(1, dtype=L.float32, device="cpu", noncontiguous=True)
        assert one.is_contiguous()  # a single element stays contiguous, as PyTorch's
        z = L.testing.make_tensor(200, dtype=L.int64, device="cpu", low=-1, high=2,
                                  exclude_zero=True)
        assert set(z.tolist()) <= {-1, 1}
        f = L.testing.make_tensor(200, dtype=L.float32, device="cpu", low=0.0, high=1e-45,
                                  exclude_zero=True)
        assert float(f.min()) > 0
        big = L.testing.make_tensor(100, dtype=L.float32, device="cpu", low=-3e38, high=3e38)
        assert bool(L.isfinite(big).all())


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"dtype": "int64", "requires_grad": True}, ValueError, "requires_grad=True.*integral"),
    ({"dtype": "float32", "low": 3.0, "high": 1.0}, ValueError, "low.*less than.*high"),
    ({"dtype": "float32", "low": float("nan")}, ValueError, "cannot be NaN"),
    ({"dtype": "uint8", "low": -5, "high": -1}, ValueError, "only supports"),
    ({"dtype": "float32", "noncontiguous": True, "memory_format": "any"}, ValueError,
     "mutually exclusive"),
])
def test_make_tensor_bad_arguments(kwargs, error, match) -> None:
    kwargs = dict(kwargs, dtype=getattr(ag, kwargs["dtype"]))
    with pytest.raises(error, match=match):
        ag.testing.make_tensor(3, device="cpu", **kwargs)
    torch = torch_or_skip()
    kwargs["dtype"] = getattr(torch, str(kwargs["dtype"]))
    if "memory_format" in kwargs:
        kwargs["memory_format"] = torch.contiguous_format
    with pytest.raises(error, match=match):
        torch.testing.make_tensor(3, device="cpu", **kwargs)


def test_make_tensor_low_equal_high_warns_as_torch() -> None:
    with pytest.warns(FutureWarning, match="low==high"):
        t = ag.testing.make_tensor(3, dtype=ag.float32, device="cpu", low=1.0, high=1.0)
    assert t.tolist() == [1.0, 1.0, 1.0]


def test_assert_allclose_is_torch_deprecated_alias() -> None:
    torch = torch_or_skip()
    assert hasattr(torch.testing, "assert_allclose")
    for L in (ag, torch):
        with pytest.warns(FutureWarning, match="deprecated"):
            L.testing.assert_allclose(L.tensor([1.0, 2.0]), [1.0, 2.00001])  # float32: 1e-4
            L.testing.assert_allclose(L.tensor([1.0, float("nan")]), [1.0, float("nan")])
            L.testing.assert_allclose(L.tensor([1, 2]), L.tensor([1.0, 2.0]))  # dtypes differ
            with pytest.raises(AssertionError, match="not close"):
                L.testing.assert_allclose(L.tensor([1.0, 2.0], dtype=L.float64), [1.0, 2.001])
