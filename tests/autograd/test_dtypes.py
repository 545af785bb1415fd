"""dtypes: names, PyTorch's type promotion (checked against torch.result_type), casts."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import autograd as ag
from autograd import dtypes as _dt
from tests.conftest import torch_or_skip

NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


def _ag(dtype: str, ndim: int) -> ag.Tensor:
    return ag.ones(*([2] * ndim), dtype=dtype) if ndim else ag.ones((), dtype=dtype)


def _torch(torch, dtype: str, ndim: int):
    return torch.ones([2] * ndim, dtype=getattr(torch, dtype))


def _name(dtype) -> str:
    return str(dtype).removeprefix("torch.")


# -- names ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,expected", [
    ("float16", "float16"), ("half", "float16"), ("float32", "float32"), ("float", "float32"),
    ("float64", "float64"), ("double", "float64"), ("int8", "int8"), ("uint8", "uint8"),
    ("int16", "int16"), ("short", "int16"), ("int32", "int32"), ("int", "int32"),
    ("int64", "int64"), ("long", "int64"), ("bool", "bool"), ("torch.float32", "float32"),
    ("torch.long", "int64"),
])
def test_as_dtype_names(name, expected):
    assert ag.as_dtype(name) == np.dtype(expected)
    assert ag.as_dtype(name) is getattr(ag, expected)


def test_as_dtype_other_specs():
    assert ag.as_dtype(float) is ag.float64 and ag.as_dtype(int) is ag.int64
    assert ag.as_dtype(bool) is ag.bool
    assert ag.as_dtype(np.float32) == ag.float32 and ag.as_dtype(np.dtype("int64")) == ag.int64
    assert ag.as_dtype(ag.float64) is ag.float64
    assert ag.half is ag.float16 and ag.double is ag.float64 and ag.long is ag.int64
    assert ag.float is ag.float32 and ag.int is ag.int32 and ag.short is ag.int16


@pytest.mark.parametrize("spec", ["float128", "complex64", "float8_e4m3fn", "uint64", np.complex64,
                                  object, 3, "Float32"])
def test_as_dtype_rejects(spec):
    with pytest.raises(TypeError, match="dtype"):
        ag.as_dtype(spec)


@pytest.mark.parametrize("name", NAMES)
def test_names_match_torch(name):
    torch = torch_or_skip()
    assert np.dtype(name).itemsize == getattr(torch, name).itemsize
    assert ag.as_dtype(name) == ag.zeros(1, dtype=name).dtype


# -- promotion ---------------------------------------------------------------------------------
@pytest.mark.parametrize("a,b,expected", [
    ("int32", "float32", "float32"), ("int64", "float16", "float16"),
    ("int64", "int32", "int64"), ("uint8", "int8", "int16"), ("bool", "uint8", "uint8"),
    ("float16", "float32", "float32"), ("bool", "bool", "bool"), ("float64", "int8", "float64"),
])
def test_promote_types(a, b, expected):
    assert ag.promote_types(np.dtype(a), np.dtype(b)) == np.dtype(expected)
    assert ag.promote_types(np.dtype(b), np.dtype(a)) == np.dtype(expected)


RESULT_TYPE_CASES = [
    ((("float32", 1), 2.5), "float32"),
    ((("float16", 1), 2.5), "float16"),
    ((("int64", 1), 2.5), "float32"),
    ((("int32", 1), 2), "int32"),
    ((("uint8", 1), 300), "uint8"),
    ((("bool", 1), True), "bool"),
    ((("bool", 1), 2), "int64"),
    ((("int32", 1), ("float32", 1)), "float32"),
    ((("int64", 1), ("float16", 1)), "float16"),
    ((("float32", 1), ("float64", 0)), "float32"),   # 0-dim of the same category: no say
    ((("int32", 1), ("int64", 0)), "int32"),
    ((("int32", 1), ("float64", 0)), "float64"),     # 0-dim of a higher category wins
    ((("float16", 0), ("float64", 0)), "float64"),
    ((("float16", 0), 2.5), "float16"),
    ((("int64", 0), 2.5), "float32"),
    ((("bool", 0), ("int8", 1)), "int8"),
]


@pytest.mark.parametrize("ops,expected", RESULT_TYPE_CASES)
def test_result_type_cases(ops, expected):
    operands = [_ag(*op) if isinstance(op, tuple) else op for op in ops]
    assert ag.result_type(*operands) == np.dtype(expected)


@pytest.mark.parametrize("ops,expected", RESULT_TYPE_CASES)
def test_result_type_cases_are_torchs(ops, expected):
    """The expectations above are PyTorch's own answers."""
    torch = torch_or_skip()
    t_ops = [_torch(torch, *op) if isinstance(op, tuple) else op for op in ops]
    assert _name(torch.result_type(*t_ops)) == expected


@pytest.mark.parametrize("ndims", [(1, 1), (0, 1), (1, 0), (0, 0)])
def test_result_type_table_vs_torch(ndims):
    torch = torch_or_skip()
    mismatches = []
    for a, b in itertools.product(NAMES, NAMES):
        got = ag.result_type(_ag(a, ndims[0]), _ag(b, ndims[1]))
        want = _name(torch.result_type(_torch(torch, a, ndims[0]), _torch(torch, b, ndims[1])))
        out = (_ag(a, ndims[0]) + _ag(b, ndims[1])).dtype
        if str(got) != want or str(out) != want:
            mismatches.append((a, b, str(got), str(out), want))
    assert not mismatches


@pytest.mark.parametrize("scalar", [True, 3, -2.5])
@pytest.mark.parametrize("ndim", [0, 1])
def test_scalar_promotion_vs_torch(scalar, ndim):
    torch = torch_or_skip()
    for name in NAMES:
        want = _name(torch.result_type(_torch(torch, name, ndim), scalar))
        assert str(ag.result_type(_ag(name, ndim), scalar)) == want, name
        assert str((_ag(name, ndim) * scalar).dtype) == want, name
        assert str((scalar * _ag(name, ndim)).dtype) == want, name


def test_result_type_follows_default_dtype():
    try:
        ag.set_default_dtype(ag.float64)
        assert ag.result_type(ag.ones(2, dtype=ag.int64), 2.5) == ag.float64
        assert (ag.tensor([1, 2]) * 0.5).dtype == ag.float64
    finally:
        ag.set_default_dtype(ag.float32)


# -- promotion in ops ----------------------------------------------------------------------------
def test_ops_promote_like_torch():
    f32, f16 = ag.ones(2), ag.ones(2, dtype=ag.float16)
    i64, i32 = ag.tensor([1, 2]), ag.tensor([1, 2], dtype=ag.int32)
    assert (f32 * 2.5).dtype == ag.float32
    assert (i64 * 2.5).dtype == ag.float32
    assert (i64 * 2).dtype == ag.int64
    assert (i32 + f32).dtype == ag.float32
    assert (i64 + f16).dtype == ag.float16
    assert (i32 + i64).dtype == ag.int64
    assert (f32 + ag.tensor(1.0, dtype=ag.float64)).dtype == ag.float32
    assert (i32 + ag.tensor(1.5, dtype=ag.float64)).dtype == ag.float64
    assert (f32 + np.ones(2)).dtype == ag.float64  # a NumPy array is a dimensioned tensor
    assert (f32 + np.float64(1.0)).dtype == ag.float32  # a NumPy scalar is a Python scalar
    assert (f32 > 0.5).dtype == ag.bool and (i64 == 1.0).dtype == ag.bool


def test_true_division():
    q = ag.tensor([3, 4]) / ag.tensor([2, 2])
    assert q.dtype == ag.float32 and q.tolist() == [1.5, 2.0]
    assert (ag.tensor([3, 4]) / 2).dtype == ag.float32
    assert (ag.tensor([True, False]) / ag.tensor([True, True])).dtype == ag.float32
    assert (ag.tensor([3, 4], dtype=ag.int32) / 2).dtype == ag.float32
    assert (ag.tensor([3, -4]) // 2).tolist() == [1, -2]
    assert (ag.tensor([3, 4]) // 2.0).dtype == ag.float32
    assert (ag.tensor([3, -4]) % 3).tolist() == [0, 2]


def test_bool_arithmetic():
    a, b = ag.tensor([True, False]), ag.tensor([True, True])
    assert (a + b).dtype == ag.bool and (a + b).tolist() == [True, True]
    assert (a * b).tolist() == [True, False]
    assert (a + 1).dtype == ag.int64 and (a + 1.5).dtype == ag.float32
    with pytest.raises(RuntimeError, match="bool"):
        a - b
    with pytest.raises(RuntimeError, match="bool"):
        -a
    assert (~a).tolist() == [False, True] and (a & b).tolist() == [True, False]
    assert (a | b).tolist() == [True, True]


def test_float16_ops():
    h = ag.tensor([1.0, 2.0], dtype=ag.float16)
    for out in (h + h, h * 2.5, h.exp(), h.sum(), h.mean(), h @ h, h.sqrt(), -h, h / 3):
        assert out.dtype == ag.float16
    with np.errstate(over="ignore"):
        assert ag.tensor([60000.0], dtype=ag.float16) * 2 == float("inf")
    h = ag.tensor([1.0, 2.0], dtype=ag.float16, requires_grad=True)
    (h * h).sum().backward()
    assert h.grad.dtype == ag.float16 and h.grad.tolist() == [2.0, 4.0]


def test_integer_reductions_and_math():
    assert ag.tensor([1, 2], dtype=ag.int32).sum().dtype == ag.int64
    assert ag.tensor([True, True]).sum().dtype == ag.int64
    assert ag.tensor([1, 4]).sqrt().dtype == ag.float32
    assert ag.tensor([1, 2]).exp().dtype == ag.float32
    assert ag.tensor([-1, 4]).abs().dtype == ag.int64
    with pytest.raises(RuntimeError, match="mean"):
        ag.tensor([1, 2]).mean()


def test_inplace_cannot_change_category():
    x = ag.tensor([1, 2])
    with pytest.raises(RuntimeError, match="can't be cast"):
        x += 1.5
    y = ag.ones(2)
    y += ag.ones(2, dtype=ag.float64)
    assert y.dtype == ag.float32 and y.tolist() == [2.0, 2.0]


# -- casts -------------------------------------------------------------------------------------
@pytest.mark.parametrize("method,dtype", [("float", "float32"), ("double", "float64"),
                                          ("half", "float16"), ("long", "int64"),
                                          ("int", "int32"), ("bool", "bool")])
def test_cast_methods(method, dtype):
    x = ag.tensor([1.5, -2.5, 0.0])
    y = getattr(x, method)()
    assert str(y.dtype) == dtype
    expected = np.array([1.5, -2.5, 0.0]).astype(dtype).tolist()
    assert y.tolist() == expected


@pytest.mark.parametrize("method", ["float", "double", "half", "long", "int", "bool"])
def test_cast_methods_match_torch(method):
    torch = torch_or_skip()
    ours = getattr(ag.tensor([1.5, -2.5, 0.0]), method)()
    assert ours.tolist() == getattr(torch.tensor([1.5, -2.5, 0.0]), method)().tolist()


def test_to_variants():
    x = ag.tensor([1.5, 2.5])
    assert x.to(ag.float32) is x and x.to("cpu") is x and x.to(x) is x
    assert x.to("float32") is x and x.float() is x
    assert x.to("float64").dtype == ag.float64
    assert x.to("torch.int32").dtype == ag.int32
    assert x.to(np.float16).dtype == ag.float16
    assert x.to(float).dtype == ag.float64 and ag.tensor([1]).to(float).dtype == ag.float64
    assert x.to("cpu", ag.float64).dtype == ag.float64
    assert x.to(device="cpu", dtype=ag.int64).tolist() == [1, 2]
    assert x.to(ag.device("cpu")) is x
    assert x.to(ag.tensor([1], dtype=ag.int32)).dtype == ag.int32
    assert x.type_as(ag.tensor([1])).dtype == ag.int64
    c = x.to(copy=True)
    assert c is not x and c.tolist() == x.tolist()
    c.add_(1)
    assert x.tolist() == [1.5, 2.5]
    with pytest.raises(RuntimeError, match="CUDA device"):  # an int: a GPU index, as PyTorch
        x.to(5)
    with pytest.raises(TypeError, match="two dtypes"):
        x.to(ag.int64, ag.float32)
    with pytest.raises(RuntimeError, match="invalid device"):
        x.to("cuda:x")


def test_casts_are_differentiable():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = x.double()
    assert y.dtype == ag.float64 and y.requires_grad
    (y * y).sum().backward()
    assert x.grad.dtype == ag.float32 and x.grad.tolist() == [2.0, 4.0]
    assert not x.long().requires_grad  # integer results carry no gradient
    x.grad = None
    (x.half().float() * 3).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_is_floating_point():
    assert ag.is_floating_point(ag.ones(1)) and ag.ones(1, dtype=ag.float16).is_floating_point()
    assert not ag.is_floating_point(ag.tensor([1])) and not ag.tensor([True]).is_floating_point()
    assert _dt.is_floating_point(ag.float64) and not _dt.is_floating_point(ag.int8)
