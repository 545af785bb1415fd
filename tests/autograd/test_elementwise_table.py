"""The elementwise ops declared in tables, beyond the registry: the generated Functions, dtype
rules, methods and in-place forms, bad input (PyTorch's exception types, messages naming the
op), and the values PyTorch picks at special points."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from autograd.ops.elementwise import table
from autograd.ops.elementwise.unary_table import sinh
from tests.conftest import torch_or_skip

UNARY = ["sinh", "cosh", "asin", "acos", "atan", "asinh", "acosh", "atanh", "log2", "log10",
         "exp2", "erfc", "erfinv", "lgamma", "digamma", "sinc", "frac", "ceil", "deg2rad",
         "rad2deg"]
BINARY = ["atan2", "hypot", "logaddexp", "logaddexp2", "xlogy", "copysign", "fmod"]


def test_a_row_generates_a_named_function_that_saves_what_its_derivative_names():
    cls = sinh.function
    assert issubclass(cls, table.TableUnary) and cls.__name__ == "Sinh"
    assert cls.saves == ("x",)
    assert ag.exp2.function.saves == ("y",)  # d 2^x = 2^x log 2: the output only
    assert ag.ceil.function.saves == ()
    assert ag.hypot.function.saves == ("x", "y", "z")
    x = ag.tensor([0.5, 1.0], requires_grad=True)
    with ag.Tape() as tape:
        ag.sinh(x).sum().backward()
    assert [entry.name for entry in tape][:1] == ["Sinh"]
    np.testing.assert_allclose(x.grad.numpy(), np.cosh([0.5, 1.0]), rtol=1e-6)


@pytest.mark.parametrize("name", UNARY)
def test_unary_methods_and_inplace_forms_agree_with_the_functions(name):
    x = np.linspace(0.15, 0.85, 6).reshape(2, 3)
    if name == "acosh":
        x = x + 1.0
    expected = getattr(ag, name)(ag.tensor(x)).numpy()
    np.testing.assert_array_equal(getattr(ag.tensor(x), name)().numpy(), expected)
    t = ag.tensor(x)
    out = getattr(t, name + "_")()
    assert out is t and t._version == 1
    np.testing.assert_array_equal(t.numpy(), expected)


@pytest.mark.parametrize("name", BINARY)
def test_binary_methods_and_inplace_forms_agree_with_the_functions(name):
    x, y = np.array([[0.3, -0.6], [0.9, 0.2]]), np.array([1.3, 1.1])
    expected = getattr(ag, name)(ag.tensor(x), ag.tensor(y)).numpy()
    np.testing.assert_array_equal(getattr(ag.tensor(x), name)(ag.tensor(y)).numpy(), expected)
    t = ag.tensor(x)
    assert getattr(t, name + "_")(ag.tensor(y)) is t
    np.testing.assert_array_equal(t.numpy(), expected)


def test_aliases_are_the_same_functions():
    for alias, name in [("arcsin", "asin"), ("arccos", "acos"), ("arctan", "atan"),
                        ("arcsinh", "asinh"), ("arccosh", "acosh"), ("arctanh", "atanh"),
                        ("arctan2", "atan2")]:
        assert getattr(ag, alias) is getattr(ag, name)
        assert getattr(ag.Tensor, alias) is getattr(ag.Tensor, name)
    x = ag.tensor([-1.7, 1.7])
    assert ag.fix(x).tolist() == ag.trunc(x).tolist() == x.fix().tolist() == [-1.0, 1.0]


def test_integer_inputs():
    i = ag.tensor([1, 2, 3])
    assert ag.sinh(i).dtype == ag.float32 and ag.atan2(i, i).dtype == ag.float32
    assert ag.deg2rad(ag.tensor([180])).tolist() == pytest.approx([math.pi])
    for name in ("ceil", "round"):  # rounding keeps integers as they are
        out = getattr(ag, name)(i)
        assert out.dtype == ag.int64 and out.tolist() == [1, 2, 3]
    assert ag.fmod(ag.tensor([-7, 7]), 3).tolist() == [-1, 1]
    assert ag.fmod(ag.tensor([-7, 7]), 3).dtype == ag.int64
    with pytest.raises(NotImplementedError, match="frac.*int64"):
        ag.frac(i)
    with pytest.raises(NotImplementedError, match="hypot.*int64"):
        ag.hypot(i, i)
    with pytest.raises(NotImplementedError, match="logaddexp.*int64"):
        ag.logaddexp(i, i)


def test_inplace_on_integers_refuses_a_float_result():
    with pytest.raises(RuntimeError, match="sinh_.*float32.*int64"):
        ag.tensor([1, 2]).sinh_()


def test_inplace_on_a_leaf_that_requires_grad_is_refused():
    with pytest.raises(RuntimeError, match="atan_: a leaf Variable that requires grad"):
        ag.tensor([0.5], requires_grad=True).atan_()


def test_round_decimals_halves_to_even_like_torch():
    torch = torch_or_skip()
    x = [2.5, 0.125, 1234.5, -0.5, 35.0, 25.0]
    for decimals in (0, 2, -1):
        got = ag.round(ag.tensor(x, dtype=ag.float64), decimals=decimals).tolist()
        assert got == torch.round(torch.tensor(x, dtype=torch.float64),
                                  decimals=decimals).tolist()
    t = ag.tensor([1.25, 2.75], dtype=ag.float64)
    assert t.round_(decimals=1) is t and t.tolist() == [1.2, 2.8]


def test_nan_to_num_defaults_are_the_dtype_limits():
    for dtype in (ag.float32, ag.float64):
        out = ag.nan_to_num(ag.tensor([math.nan, math.inf, -math.inf, 1.5], dtype=dtype))
        info = np.finfo(np.dtype(dtype))
        assert out.tolist() == [0.0, float(info.max), float(info.min), 1.5]
    assert ag.nan_to_num(ag.tensor([3, 4])).dtype == ag.int64


def test_nan_to_num_gradient_passes_only_where_finite():
    x = ag.tensor([1.0, math.nan, math.inf, -2.0], requires_grad=True)
    ag.nan_to_num(x).sum().backward()
    assert x.grad.tolist() == [1.0, 0.0, 0.0, 1.0]


def test_values_at_special_points_match_torch():
    torch = torch_or_skip()
    points = {
        "digamma": [0.0, -1.0, -2.5, 1.0], "lgamma": [0.0, -1.0, -2.5, 1.0, 2.0],
        "erfinv": [1.0, -1.0, 1.5, 0.0], "erfc": [-30.0, 0.0, 30.0], "sinc": [0.0, 1.0, 0.5],
        "logit": [0.0, 1.0, 0.5, 1.5], "atanh": [1.0, -1.0, 0.0], "acosh": [1.0, 0.5],
    }
    for name, values in points.items():
        got = getattr(ag, name)(ag.tensor(values, dtype=ag.float64)).numpy()
        expected = getattr(torch, name)(torch.tensor(values, dtype=torch.float64)).numpy()
        np.testing.assert_allclose(got, expected, rtol=1e-12, err_msg=name)
    for x, y in [(0.0, 0.0), (0.0, math.nan), (2.0, 0.0), (0.0, math.inf)]:
        got = ag.xlogy(ag.tensor([x], dtype=ag.float64), ag.tensor([y], dtype=ag.float64))
        expected = torch.xlogy(torch.tensor([x], dtype=torch.float64),
                               torch.tensor([y], dtype=torch.float64))
        np.testing.assert_array_equal(got.numpy(), expected.numpy())


def test_gradients_at_special_points_match_torch():
    torch = torch_or_skip()
    cases = [("sinc", [0.0, 0.5]), ("logit", [-0.1, 0.5, 1.2])]
    for name, values in cases:
        x = ag.tensor(values, dtype=ag.float64, requires_grad=True)
        getattr(ag, name)(x).sum().backward()
        tx = torch.tensor(values, dtype=torch.float64, requires_grad=True)
        getattr(torch, name)(tx).sum().backward()
        np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12, err_msg=name)
    x = ag.tensor([-0.1, 0.05, 0.5, 0.99], dtype=ag.float64, requires_grad=True)
    ag.logit(x, eps=0.1).sum().backward()
    tx = torch.tensor([-0.1, 0.05, 0.5, 0.99], dtype=torch.float64, requires_grad=True)
    torch.logit(tx, eps=0.1).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy())
    x = ag.tensor([0.0, -0.0, 1.0], requires_grad=True)
    ag.copysign(x, -1.0).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, -1.0]


def test_heaviside_has_no_derivative_and_wants_a_values_tensor_of_its_dtype():
    x = ag.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    out = ag.heaviside(x, ag.tensor(0.5))
    assert out.tolist() == [0.0, 0.5, 1.0]
    with pytest.raises(RuntimeError, match="derivative for heaviside is not implemented"):
        out.sum().backward()
    with pytest.raises(TypeError, match="heaviside.*values.*must be Tensor, not float"):
        ag.heaviside(x, 0.5)
    with pytest.raises(RuntimeError, match="heaviside.*different dtypes.*float32.*int64"):
        ag.heaviside(x, ag.tensor([1]))


def test_float_power_is_float64_and_its_inplace_form_wants_float64():
    x = ag.tensor([1.5, 2.0])
    assert ag.float_power(x, 2).dtype == ag.float64
    assert ag.float_power(2, x).dtype == ag.float64
    with pytest.raises(RuntimeError, match="float_power_.*float32.*float64"):
        x.float_power_(2)
    d = ag.tensor([1.5, 2.0], dtype=ag.float64)
    assert d.float_power_(2) is d and d.tolist() == [2.25, 4.0]


def test_addcdiv_refuses_integer_division():
    i = ag.tensor([1, 2])
    with pytest.raises(RuntimeError, match="Integer division with addcdiv.*int64"):
        ag.addcdiv(i, i, i)
    assert ag.addcmul(i, i, i, value=2).tolist() == [3, 10]


def test_polygamma_refuses_a_negative_order():
    with pytest.raises(RuntimeError, match="polygamma.*negative n.*-1"):
        ag.polygamma(-1, ag.tensor([1.0]))
    x = ag.tensor([1.5, 2.5], dtype=ag.float64)
    np.testing.assert_array_equal(ag.polygamma(0, x).numpy(), ag.digamma(x).numpy())
    np.testing.assert_array_equal(x.polygamma(2).numpy(), ag.polygamma(2, x).numpy())


def test_isclose_allclose_equal():
    a = ag.tensor([1.0, 2.0, math.nan, math.inf])
    b = ag.tensor([1.0, 2.0 + 1e-6, math.nan, math.inf])
    assert ag.isclose(a, b).tolist() == [True, True, False, True]
    assert ag.isclose(a, b, equal_nan=True).tolist() == [True, True, True, True]
    assert ag.allclose(a, b, equal_nan=True) is True and a.allclose(b) is False
    assert ag.equal(ag.tensor([1, 2]), ag.tensor([1, 2])) is True
    assert ag.equal(ag.tensor([1.0, 2.0]), ag.tensor([[1.0, 2.0]])) is False
    assert ag.tensor([1, 2]).equal(ag.tensor([1, 3])) is False
    with pytest.raises(RuntimeError, match="isclose: int64 did not match float32"):
        ag.isclose(ag.tensor([1, 2]), ag.tensor([1.0, 2.0]))
    with pytest.raises(RuntimeError, match=r"Isclose: .*broadcast.*\[2\], \[3\]"):
        ag.isclose(ag.tensor([1.0, 2.0]), ag.tensor([1.0, 2.0, 3.0]))
    assert ag.tensor([-0.0, 0.0, -1.0]).signbit().tolist() == [True, False, True]
