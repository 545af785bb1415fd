"""The small things a port meets on its first lines: bare grad-mode decorators, NumPy's
axis=/keepdims= names, Tensor.new_* and Tensor.type, print options, format specs,
ag.accelerator, and the nn.modules import paths -- each against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.conftest import torch_or_skip


@pytest.fixture
def default_printoptions():
    yield
    ag.set_printoptions(profile="default")


def test_bare_grad_mode_decorators() -> None:
    @ag.no_grad
    def off(x):
        return (x * 2).requires_grad

    @ag.enable_grad
    def on(x):
        return (x * 2).requires_grad

    @ag.inference_mode
    def inference(x):
        return (x * 2).requires_grad, ag.is_inference_mode_enabled()

    x = ag.ones(2, requires_grad=True)
    assert off(x) is False and on(x) is True and inference(x) == (False, True)
    with ag.no_grad():
        assert on(x) is True  # enable_grad inside no_grad
    assert off.__name__ == "off" and ag.is_grad_enabled()
    with pytest.raises(TypeError, match="takes no arguments"):
        ag.no_grad(3)


@pytest.mark.parametrize("call", [
    lambda L, x: L.sum(x, axis=1, keepdims=True),
    lambda L, x: x.mean(axis=0),
    lambda L, x: x.std(axis=1, keepdims=True),
    lambda L, x: L.amax(x, axis=(0, 1)),
    lambda L, x: x.max(axis=1).values,
    lambda L, x: L.argmin(x, axis=0, keepdims=True),
    lambda L, x: L.logsumexp(x, axis=1),
    lambda L, x: x.cumsum(axis=1),
    lambda L, x: L.prod(x, axis=0, keepdims=True),
    lambda L, x: x.var(axis=0),
])
def test_numpy_keyword_names_on_reductions(call) -> None:
    torch = torch_or_skip()
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_allclose(call(ag, ag.tensor(x)).numpy(), call(torch, torch.tensor(x)).numpy(),
                               atol=1e-12)


def test_numpy_keyword_names_clash_with_torch_names() -> None:
    with pytest.raises(TypeError, match="both 'dim' and its alias 'axis'"):
        ag.ones(2, 2).sum(dim=0, axis=1)


def test_tensor_new_methods_follow_dtype_and_device() -> None:
    torch = torch_or_skip()
    for lib in (ag, torch):
        x = lib.ones(2, dtype=lib.float64)
        a = x.new_zeros(2, 3)
        b = x.new_ones((4,))
        c = x.new_full((2,), 7)
        d = x.new_empty(3)
        e = x.new_tensor([1, 2])
        f = x.new_zeros(2, dtype=lib.int64)
        got = [tuple(t.shape) for t in (a, b, c, d, e, f)]
        dtypes = [str(t.dtype).replace("torch.", "") for t in (a, b, c, d, e, f)]
        assert got == [(2, 3), (4,), (2,), (3,), (2,), (2,)]
        assert dtypes == ["float64"] * 5 + ["int64"]
        assert c.tolist() == [7.0, 7.0] and e.tolist() == [1.0, 2.0]


def test_tensor_type_names_and_casts() -> None:
    torch = torch_or_skip()
    for name in ("float32", "float64", "float16", "int64", "int32", "bool", "uint8", "int8"):
        assert ag.zeros(1, dtype=name).type() == torch.zeros(1, dtype=getattr(
            torch, name)).type()
    x = ag.tensor([1, 2])
    assert x.type(ag.float64).dtype == ag.float64
    assert x.type("torch.DoubleTensor").dtype == ag.float64
    assert x.type(ag.int64) is x
    with pytest.raises(ValueError, match="invalid type"):
        x.type("torch.NoSuchTensor")


def test_printoptions_drive_repr(default_printoptions) -> None:
    torch = torch_or_skip()
    values = [1.5, 2.25, 1e-8, 3.0]
    cases = [dict(precision=2), dict(sci_mode=True), dict(sci_mode=False),
             dict(threshold=3, edgeitems=1), dict(profile="short"), dict(linewidth=20)]
    try:
        for options in cases:
            ag.set_printoptions(**options)
            torch.set_printoptions(**options)
            for data in (values, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], list(range(12))):
                ours = repr(ag.tensor(data))
                theirs = repr(torch.tensor(data))
                assert ours == theirs, options
            assert ag.get_printoptions() == torch._tensor_str.get_printoptions()
    finally:
        torch.set_printoptions(profile="default")


def test_format_spec_on_zero_dim_tensors() -> None:
    torch = torch_or_skip()
    for spec in (".4f", "+.2f", "", ".3e", "8.1f"):
        value = 2.718281828
        assert format(ag.tensor(value), spec) == format(torch.tensor(value), spec)
    assert f"{ag.tensor(3)}" == f"{torch.tensor(3)}" == "3"
    assert format(ag.tensor([1.0, 2.0])) == "tensor([1., 2.])"
    with pytest.raises(TypeError, match="unsupported format string"):
        format(torch.tensor([2.5]), ".2f")
    with pytest.raises(TypeError, match="unsupported format string"):
        format(ag.tensor([2.5]), ".2f")


def test_accelerator_answers_like_torch() -> None:
    available = ag.accelerator.is_available()
    assert available == (ag.accelerator.device_count() > 0)
    if available:
        assert ag.accelerator.current_accelerator() == ag.device("cuda")
        assert ag.accelerator.current_device_index() == 0
    else:
        assert ag.accelerator.current_accelerator() is None
        with pytest.raises(RuntimeError, match="Cannot access accelerator device"):
            ag.accelerator.current_device_index()
    device = ag.accelerator.current_accelerator() if available else "cpu"
    assert ag.zeros(1, device=device).device == ag.device(device)


def test_is_tensor_numel_is_floating_point_result_type() -> None:
    torch = torch_or_skip()
    for lib in (ag, torch):
        x = lib.ones(2, 3)
        assert lib.is_tensor(x) and not lib.is_tensor([1])
        assert lib.numel(x) == 6 and lib.is_floating_point(x)
        assert str(lib.result_type(lib.tensor([1]), 2.5)).endswith("float32")


def test_nn_modules_paths_give_the_same_classes() -> None:
    torch = torch_or_skip()
    import nn.modules.batchnorm as batchnorm
    import nn.modules.conv as conv
    import nn.modules.loss as loss
    from nn.modules.module import Module

    assert conv.Conv2d is nn.Conv2d and Module is nn.Module
    assert nn.modules.Linear is nn.Linear and issubclass(nn.BatchNorm2d, batchnorm._BatchNorm)

    class MyLoss(loss._Loss):  # the way PyTorch code subclasses it
        def forward(self, a, b):
            return ((a - b) ** 2).mean() if self.reduction == "mean" else (a - b) ** 2

    assert MyLoss()(ag.ones(2), ag.zeros(2)).item() == 1.0
    for name in ("activation", "conv", "loss", "pooling", "padding", "dropout", "sparse",
                 "normalization", "upsampling", "container", "linear", "distance"):
        ours = getattr(nn.modules, name)
        theirs = getattr(torch.nn.modules, name)
        missing = [n for n in theirs.__all__ if hasattr(nn, n) and not hasattr(ours, n)]
        assert not missing, f"nn.modules.{name} lacks {missing}"
