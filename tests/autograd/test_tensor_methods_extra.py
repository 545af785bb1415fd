"""Top-level functions and Tensor methods (``ops/elementwise/complex.py`` and others)
against PyTorch: the complex-number functions on real tensors, layout and the device-kind
flags, the in-place top-level forms, and the methods that call existing ops (inner, vdot,
ger, hardshrink, prelu, adjoint, unsafe_chunk, unsafe_split, to_dense)."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip

X = np.array([[-1.5, 0.0, 2.0], [0.5, -0.25, 3.0]])


def _libs():
    torch = torch_or_skip()
    return ((ag, ag.tensor(X)), (torch, torch.tensor(X)))


@pytest.mark.parametrize("name", ["real", "conj", "conj_physical", "resolve_conj",
                                  "resolve_neg"])
def test_complex_functions_return_a_real_tensor_itself(name) -> None:
    for L, x in _libs():
        assert getattr(L, name)(x) is x
        method = getattr(x, name)
        assert (method if name == "real" else method()) is x
        assert not L.is_conj(x) and not L.is_neg(x) and not x.is_conj() and not x.is_neg()


def test_imag_raises_as_torch() -> None:
    for L, x in _libs():
        with pytest.raises(RuntimeError, match="imag is not implemented for tensors with "
                                               "non-complex dtypes"):
            L.imag(x)
        with pytest.raises(RuntimeError, match="imag is not implemented"):
            x.imag  # noqa: B018


def test_angle_values_dtypes_and_gradient() -> None:
    torch = torch_or_skip()
    v = np.array([-1.0, 0.0, 2.0, np.nan, -np.inf])
    np.testing.assert_array_equal(ag.angle(ag.tensor(v)).numpy(),
                                  torch.angle(torch.tensor(v)).numpy())
    ours = ag.tensor([1, -2, 0]).angle()
    theirs = torch.tensor([1, -2, 0]).angle()
    assert str(ours.dtype) == str(theirs.dtype).split(".")[-1]
    np.testing.assert_allclose(ours.numpy(), theirs.numpy())


def test_layout_and_device_flags() -> None:
    torch = torch_or_skip()
    x, t = ag.ones(2), torch.ones(2)
    assert x.layout is ag.strided and isinstance(ag.strided, ag.layout)
    assert repr(ag.strided) == "autograd.strided" and str(t.layout) == "torch.strided"
    for flag in ("is_xla", "is_mps", "is_xpu", "is_ipu", "is_mkldnn", "is_vulkan",
                 "is_sparse_csr", "is_maia", "is_mtia"):
        assert getattr(x, flag) is False and getattr(t, flag) is False, flag
    assert x.to_dense() is x and t.to_dense() is t
    assert x.to_dense(ag.float64).dtype == ag.float64


@pytest.mark.parametrize(("name", "args"), [
    ("clamp_min_", (0.0,)), ("clamp_max_", (0.5,)), ("i0_", ()), ("ldexp_", ("t2",)),
    ("gcd_", ("i",)), ("lcm_", ("i",))])
def test_top_level_in_place_forms(name, args) -> None:
    torch = torch_or_skip()
    results = []
    for L in (ag, torch):
        ints = name in ("gcd_", "lcm_")
        x = L.tensor(np.array([4, -6, 9]) if ints else X.copy())
        conv = {"t2": L.tensor([[1.0, 2.0, -1.0]]), "i": L.tensor([6, 4, 3])}
        out = getattr(L, name)(x, *(conv.get(a, a) for a in args))
        assert out is x
        results.append(x.numpy())
    np.testing.assert_allclose(results[0], results[1], rtol=1e-12)


def test_methods_calling_existing_ops_match_torch() -> None:
    out = []
    for L, x in _libs():
        v = L.tensor([1.0, -2.0, 0.5], dtype=L.float64)
        w = L.tensor([0.25, 0.5], dtype=L.float64)
        a = L.tensor([0.1], dtype=L.float64)
        out.append([x.inner(v), v.vdot(v), v.ger(w), x.hardshrink(0.6), x.prelu(a), x.adjoint(),
                    *x.unsafe_chunk(2, 1), *x.unsafe_split(2, 1)])
    for o, t in zip(*out):
        np.testing.assert_allclose(o.numpy(), t.numpy(), rtol=1e-12)
    for L, _x in _libs():
        with pytest.raises(RuntimeError, match="adjoint.*only supported on matrices.*1-D"):
            L.ones(3).adjoint()
        with pytest.raises(TypeError, match="unsafe_split.*must be int, not list"):
            L.ones(3).unsafe_split([1, 2])


def test_adjoint_and_unsafe_split_are_differentiable() -> None:
    x = ag.tensor(X, requires_grad=True)
    (g,) = ag.grad((x.adjoint() * 2).sum() + x.unsafe_split(1, 0)[1].sum(), x)
    np.testing.assert_allclose(g.numpy(), [[2.0] * 3, [3.0] * 3])
