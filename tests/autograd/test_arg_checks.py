"""Bad input gets PyTorch's answer: promotion and casting tables, ops PyTorch refuses to
promote, integer division by zero, floating-only ops, dims, sizes, scalars and ``.grad``
assignment; and no NumPy exception escapes any registry op."""

from __future__ import annotations

import itertools
import zlib

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from autograd.testing.opinfo import make_args
from tests.conftest import raises_by_next_read, torch_or_skip
from tests.opinfo import load_all

NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


# -- promotion and casting tables -----------------------------------------------------------------
def test_promote_types_and_can_cast_tables_are_torchs():
    torch = torch_or_skip()
    for a, b in itertools.product(NAMES, NAMES):
        expected = str(torch.promote_types(getattr(torch, a), getattr(torch, b)))
        assert str(ag.promote_types(getattr(ag, a), getattr(ag, b))) == \
            expected.removeprefix("torch."), (a, b)
        assert ag.can_cast(getattr(ag, a), getattr(ag, b)) == \
            torch.can_cast(getattr(torch, a), getattr(torch, b)), (a, b)


def test_can_cast_examples():
    assert not ag.can_cast(ag.float32, ag.int32) and not ag.can_cast(ag.int64, ag.bool)
    assert ag.can_cast(ag.bool, ag.int8) and ag.can_cast(ag.float64, ag.float16)
    assert ag.can_cast("int64", "float16")


# -- ops PyTorch does not promote ----------------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda a, b: a @ b, lambda a, b: ag.mm(a, b), lambda a, b: ag.bmm(a[None], b[None]),
    lambda a, b: ag.matmul(a[0], b[0]), lambda a, b: F.linear(a, b),
    lambda a, b: ag.addmm(b, a, a), lambda a, b: ag.einsum("ij,jk->ik", a, b),
    lambda a, b: F.conv1d(a[None], b[None]),
], ids=["matmul", "mm", "bmm", "dot", "linear", "addmm", "einsum", "conv1d"])
def test_mixed_dtypes_are_refused_naming_both(call):
    a, b = ag.ones(2, 2, dtype=ag.float64), ag.ones(2, 2)
    with pytest.raises(RuntimeError, match=r"same dtype.*float64.*float32|float32.*float64"):
        call(a, b)


def test_mixed_dtype_refusals_match_torch():
    torch = torch_or_skip()
    with pytest.raises(RuntimeError):
        torch.ones(2, 2, dtype=torch.float64) @ torch.ones(2, 2)
    with pytest.raises(RuntimeError):
        torch.nn.functional.linear(torch.ones(2, 2, dtype=torch.float64), torch.ones(2, 2))


def test_in_place_result_that_cannot_be_cast():
    x = ag.ones(3, dtype=ag.int64)
    with pytest.raises(RuntimeError, match="add_: result type float32 can't be cast.*int64"):
        x.add_(ag.ones(3))
    y = ag.ones(3)
    y.add_(ag.ones(3, dtype=ag.float64))  # float64 into float32: allowed, as PyTorch
    assert y.dtype == ag.float32 and y.tolist() == [2.0, 2.0, 2.0]


# -- integer division by zero, floating-only ops ------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda x: x // 0, lambda x: x % 0, lambda x: x // ag.tensor([0, 1]), lambda x: x.fmod(0),
    lambda x: x.div(0, rounding_mode="floor"), lambda x: x.div(0, rounding_mode="trunc"),
], ids=["floordiv", "mod", "floordiv-tensor", "fmod", "div-floor", "div-trunc"])
def test_integer_division_by_zero_raises(call):
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        call(ag.tensor([1, 2]))


def test_integer_division_by_a_zero_tensor_raises_on_every_device(device):
    # a GPU reports it at the next host read instead of waiting for the device at the op
    x = ag.tensor([1, 2], device=device)
    with raises_by_next_read(device, RuntimeError, "ZeroDivisionError"):
        x // ag.tensor([0, 1], device=device)


def test_float_division_by_zero_is_inf():
    assert (ag.tensor([1.0, 2.0]) // 0).tolist() == [float("inf")] * 2


def test_relu_of_bool_is_refused():
    with pytest.raises(RuntimeError, match="relu.*Boolean inputs not supported"):
        F.relu(ag.tensor([True, False]))
    assert F.relu(ag.tensor([1, -2])).tolist() == [1, 0]


@pytest.mark.parametrize("op", ["gelu", "silu", "elu", "softplus", "leaky_relu", "mish"])
def test_floating_only_activations_refuse_integers(op):
    with pytest.raises(NotImplementedError, match=f"{op}.*Long"):
        getattr(F, op)(ag.tensor([1, 2]))


@pytest.mark.parametrize("call", [
    lambda x: F.layer_norm(x, (2,)), lambda x: F.batch_norm(x[None], None, None, training=True),
    lambda x: F.group_norm(x[None], 1), lambda x: F.rms_norm(x, (2,)),
], ids=["layer_norm", "batch_norm", "group_norm", "rms_norm"])
def test_norms_refuse_integers(call):
    with pytest.raises(NotImplementedError, match="norm.*Long"):
        call(ag.tensor([1, 2]))


def test_conv_and_linear_follow_torch_on_integers_and_bool():
    # PyTorch's CPU kernels multiply integers (int64 conv2d and linear work) but not bool
    x = ag.ones(1, 1, 3, 3, dtype=ag.int64)
    assert F.conv2d(x, ag.ones(1, 1, 2, 2, dtype=ag.int64)).tolist() == [[[[4, 4], [4, 4]]]]
    assert F.linear(ag.ones(2, 2, dtype=ag.int64), ag.ones(2, 2, dtype=ag.int64)).dtype == \
        ag.int64
    b = ag.ones(1, 1, 3, 3, dtype=ag.bool)
    with pytest.raises(NotImplementedError, match="conv2d.*Bool"):
        F.conv2d(b, ag.ones(1, 1, 2, 2, dtype=ag.bool))
    with pytest.raises(NotImplementedError, match="linear.*Bool"):
        F.linear(ag.ones(2, 2, dtype=ag.bool), ag.ones(2, 2, dtype=ag.bool))


# -- linear ---------------------------------------------------------------------------------------
def test_linear_with_a_1d_weight_is_a_matrix_vector_product():
    torch = torch_or_skip()
    x, w = np.arange(6.0).reshape(2, 3), np.array([1.0, -1.0, 2.0])
    got = F.linear(ag.tensor(x), ag.tensor(w))
    expected = torch.nn.functional.linear(torch.tensor(x), torch.tensor(w))
    assert got.shape == tuple(expected.shape) and np.allclose(got.numpy(), expected.numpy())
    with pytest.raises(RuntimeError, match="mat2 must be a matrix"):
        torch.nn.functional.linear(torch.tensor(x), torch.tensor(w), torch.tensor(0.5).double())
    with pytest.raises(RuntimeError, match="linear: mat2 must be a matrix"):
        F.linear(ag.tensor(x), ag.tensor(w), ag.tensor(0.5, dtype=ag.float64))


@pytest.mark.parametrize("shape", [(0, 3), (2, 0, 3), (4, 0)])
def test_linear_on_zero_size_input_runs_backward(shape):
    x = ag.zeros(*shape, requires_grad=True)
    w = ag.ones(5, shape[-1], requires_grad=True)
    y = F.linear(x, w, ag.zeros(5, requires_grad=True))
    y.sum().backward()
    assert y.shape == shape[:-1] + (5,) and x.grad.shape == shape and w.grad.shape == (5, shape[-1])


# -- dims, sizes, scalars -------------------------------------------------------------------------
def test_flatten_of_a_0d_tensor_checks_its_dims():
    assert ag.ones(()).flatten(-1).shape == (1,)
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range of "
                                         r"\[-1, 0\], but got -3\)"):
        ag.ones(()).flatten(-3)


@pytest.mark.parametrize("dim,error", [(1.5, TypeError), ("a", TypeError), (3, IndexError)])
def test_reduction_dims(dim, error):
    with pytest.raises(error, match="sum"):
        ag.ones(2).sum(dim=dim)


@pytest.mark.parametrize("call,error,match", [
    (lambda: ag.ones(2.5), TypeError, r"ones\(\): argument 'size' must be tuple of ints, but "
                                      "found element of type float at pos 0"),
    (lambda: ag.zeros(2, "3"), TypeError, "zeros.*element of type str at pos 1"),
    (lambda: ag.ones(-1), RuntimeError, r"negative dimension -1: \[-1\]"),
    (lambda: ag.empty(2, -3), RuntimeError, r"negative dimension -3: \[2, -3\]"),
    (lambda: ag.randn((2, -1)), RuntimeError, "randn.*negative dimension"),
    (lambda: nn.Linear(3.5, 4), TypeError, "element of type float"),
    (lambda: nn.Linear([3], 4), TypeError, "element of type list"),
    (lambda: ag.ones(2, 3).reshape(2.0, 3), TypeError, "view.*float"),
    (lambda: ag.ones(3).clamp(min="a"), TypeError, r"clamp\(\).*min=str"),
], ids=["float", "str", "negative", "negative-2", "randn", "linear-float", "linear-list",
        "reshape-float", "clamp-str"])
def test_bad_sizes_and_scalars(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_setitem_out_of_bounds_is_index_error():
    with pytest.raises(IndexError, match="index 5 is out of bounds.*size 3"):
        ag.ones(3)[5] = 1


def test_non_tensor_arguments_get_type_errors():
    with pytest.raises(TypeError, match=r"exp\(\): argument \(position 1\) must be Tensor, not "
                                        "str"):
        ag.exp("a")
    with pytest.raises(TypeError, match=r"conv2d\(\).*must be a Tensor, not NoneType"):
        F.conv2d(None, ag.ones(1, 1, 2, 2))


# -- .grad assignment -----------------------------------------------------------------------------
@pytest.mark.parametrize("grad,error,match", [
    (lambda: ag.ones(2), RuntimeError, r"gradient of size '\[2\]' to a tensor of size '\[3\]'"),
    (lambda: ag.ones(3, dtype=ag.float64), RuntimeError, "dtype 'float64'.*'float32'"),
    (lambda: ag.ones(3, dtype=ag.int64), RuntimeError, "dtype 'int64'"),
    (lambda: [1.0, 2.0, 3.0], TypeError, "Tensor or None but got grad of type list"),
], ids=["shape", "dtype", "int", "list"])
def test_grad_assignment_is_checked(grad, error, match):
    x = ag.ones(3, requires_grad=True)
    with pytest.raises(error, match=match):
        x.grad = grad()
    assert x.grad is None


def test_grad_assignment_of_a_matching_tensor():
    x = ag.ones(3, requires_grad=True)
    x.grad = ag.full((3,), 2.0)
    assert x.grad.tolist() == [2.0, 2.0, 2.0]
    x.grad = None
    (x * 3).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0, 3.0]


# -- no NumPy exception escapes a registry op -----------------------------------------------------
OPS = load_all()
_METHODS = {m for m in dir(ag.Tensor) if not m.startswith("_")} | {"__iadd__", "__imul__"}


def _allowed(exc: BaseException) -> bool:
    """PyTorch's exception types; an AttributeError only where a registry entry itself calls
    a Tensor method on the wrong object (its lambda, not the op)."""
    t = type(exc)
    if t in (TypeError, ValueError, IndexError, RuntimeError, NotImplementedError):
        return True
    return t is AttributeError and getattr(exc, "name", None) in _METHODS


@pytest.mark.parametrize("info", OPS, ids=[o.name for o in OPS])
def test_wrong_inputs_raise_pytorch_exception_types(info):
    sample = list(info.samples(np.random.default_rng(zlib.crc32(info.name.encode()))))[0]
    arrays = [p for p, a in enumerate(sample.args) if isinstance(a, np.ndarray)]
    floats = [p for p in arrays if sample.args[p].dtype.kind == "f"]
    wrong = []
    for value in ("a", 1.5, None):
        if arrays:
            args = make_args(sample, "cpu")
            args[arrays[0]] = value
            wrong.append((args, sample.kwargs))
    for dtype in ("bool", "int32"):
        if floats:
            args = make_args(sample, "cpu", requires_grad=False)
            for p in floats:
                args[p] = args[p] > 0 if dtype == "bool" else args[p].to(dtype)
            wrong.append((args, sample.kwargs))
    for key in ("dim", "start_dim", "end_dim"):
        if isinstance(sample.kwargs.get(key), int):
            for value in (99, 1.5, "a"):
                wrong.append((make_args(sample, "cpu"), {**sample.kwargs, key: value}))
    for args, kwargs in wrong:
        try:
            info.op(*args, **kwargs)
        except Exception as exc:  # the type is what is checked
            assert _allowed(exc), f"{info.name}: {type(exc).__module__}.{type(exc).__name__}: {exc}"
