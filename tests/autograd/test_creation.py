"""Creation functions, default dtypes, seeding, and the ways data enters and leaves a Tensor."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.conftest import CUDA_REASON, torch_or_skip


def _torch_dtype_name(t) -> str:
    return str(t.dtype).removeprefix("torch.")


# -- tensor / as_tensor / from_numpy -----------------------------------------------------------
INFER_CASES = [
    1.5, 2, True, [1.0, 2.0], [1, 2], [True, False], [1, 2.5], [True, 2], [[1, 2], [3, 4]],
    [], [[]], (1.0, 2), np.float64(1.5), np.float32(1.5), np.int32(3), np.ones(2),
    np.ones(2, np.float16), np.ones(2, np.int32), np.ones(2, np.uint8), np.zeros(2, bool),
    np.array(3.0),
]


@pytest.mark.parametrize("data", INFER_CASES, ids=repr)
def test_tensor_dtype_inference(data):
    t = ag.tensor(data)
    expected = np.asarray(data)
    assert t.shape == expected.shape
    np.testing.assert_array_equal(t.numpy(), expected.astype(t.dtype))
    if isinstance(data, (np.ndarray, np.generic)):  # Python data: PyTorch's rules, below
        assert t.dtype == expected.dtype


@pytest.mark.parametrize("data", INFER_CASES, ids=repr)
def test_tensor_dtype_inference_matches_torch(data):
    torch = torch_or_skip()
    assert str(ag.tensor(data).dtype) == _torch_dtype_name(torch.tensor(data))


def test_default_dtypes():
    assert ag.tensor(1.0).dtype == ag.float32
    assert ag.tensor(1).dtype == ag.int64
    assert ag.tensor(True).dtype == ag.bool
    assert ag.tensor(np.ones(2)).dtype == ag.float64
    assert ag.zeros(2).dtype == ag.float32
    assert ag.get_default_dtype() == ag.float32


def test_set_default_dtype():
    try:
        ag.set_default_dtype(ag.float64)
        assert ag.tensor([1.0]).dtype == ag.float64
        assert ag.zeros(2).dtype == ag.float64 and ag.rand(2).dtype == ag.float64
        assert ag.arange(0.0, 1.0, 0.5).dtype == ag.float64
        assert ag.tensor([1]).dtype == ag.int64
    finally:
        ag.set_default_dtype(ag.float32)
    with pytest.raises(TypeError, match="floating point"):
        ag.set_default_dtype(ag.int64)


def test_tensor_from_tensors_and_arrays():
    x64 = ag.tensor([1.0, 2.0], dtype=ag.float64)
    assert ag.tensor(x64).dtype == ag.float64
    assert ag.tensor(ag.tensor([1, 2], dtype=ag.int32)).dtype == ag.int32
    assert ag.tensor([ag.tensor(1.0), ag.tensor(2.0)]).tolist() == [1.0, 2.0]
    assert ag.tensor([ag.tensor(1.0, dtype=ag.float64)]).dtype == ag.float64


def test_tensor_from_torch_tensors():
    torch = torch_or_skip()
    t = ag.tensor(torch.tensor([1.5, -2.0], dtype=torch.float64))
    assert t.dtype == ag.float64 and t.tolist() == [1.5, -2.0]
    t = ag.tensor(torch.tensor([3, 4], dtype=torch.int32))
    assert t.dtype == ag.int32 and t.tolist() == [3, 4]


def test_tensor_copies():
    a = np.zeros(3)
    t = ag.tensor(a)
    a[0] = 5
    assert t.tolist() == [0.0, 0.0, 0.0]
    u = ag.tensor(t)
    u.add_(1)
    assert t.tolist() == [0.0, 0.0, 0.0]


def test_tensor_with_dtype_and_constructor():
    assert ag.tensor([1.7, -1.7], dtype=ag.int64).tolist() == [1, -1]
    assert ag.tensor([1, 2], dtype="float64").dtype == ag.float64
    assert ag.tensor([1, 2], dtype="torch.float16").dtype == ag.float16
    t = ag.Tensor([1.0, 2.0])
    assert isinstance(t, ag.Tensor) and t.dtype == ag.float32 and t.tolist() == [1.0, 2.0]


def test_tensor_bad_data():
    # PyTorch: ValueError "expected sequence of length 1 at dim 1 (got 2)"
    with pytest.raises(ValueError, match="inhomogeneous|sequence"):
        ag.tensor([[1], [1, 2]])
    # PyTorch: TypeError "new(): invalid data type 'str'"
    with pytest.raises(TypeError, match="tensor"):
        ag.tensor([1, "a"])
    with pytest.raises(TypeError, match="<U1"):
        ag.tensor("a")
    # PyTorch: ValueError "too many dimensions 'str'" where the first leaf is a str
    with pytest.raises(ValueError, match="tensor: too many dimensions 'str'"):
        ag.tensor(["a", 1])
    with pytest.raises(ValueError, match="Overflow"):
        ag.tensor([2**63])
    with pytest.raises(ValueError, match="Overflow"):
        ag.tensor([2**64])
    with pytest.raises(TypeError, match="not supported"):
        ag.tensor(np.ones(2, np.complex64))
    with pytest.raises(TypeError, match="unknown dtype"):
        ag.tensor([1.0], dtype="float128x")


@pytest.mark.parametrize("data", [[None], [object()], None], ids=["[None]", "[object]", "None"])
def test_tensor_of_uninferable_data(data):
    # PyTorch: RuntimeError "Could not infer dtype of NoneType"
    with pytest.raises(RuntimeError, match="Could not infer dtype of (NoneType|object)"):
        ag.tensor(data)


def test_from_numpy_shares_memory():
    a = np.arange(6.0).reshape(2, 3)
    t = ag.from_numpy(a)
    assert t.dtype == ag.float64 and t.shape == (2, 3) and t.device == "cpu"
    a[0, 0] = 100.0
    assert t[0, 0].item() == 100.0
    t.mul_(2)
    assert a[0, 0] == 200.0
    assert t.numpy() is a or np.shares_memory(t.numpy(), a)
    with pytest.raises(TypeError, match="np.ndarray"):
        ag.from_numpy([1, 2])
    with pytest.raises(TypeError, match="not supported"):
        ag.from_numpy(np.ones(2, np.complex128))


def test_as_tensor_shares_when_it_can():
    a = np.ones(3, dtype=np.float32)
    t = ag.as_tensor(a)
    a[1] = 7
    assert t.tolist() == [1.0, 7.0, 1.0]
    c = ag.as_tensor(a, dtype=ag.float64)
    a[1] = 8
    assert c.tolist() == [1.0, 7.0, 1.0]
    x = ag.ones(2)
    assert ag.as_tensor(x) is x
    assert ag.as_tensor(x, dtype=ag.float64).dtype == ag.float64
    assert ag.as_tensor([1, 2]).dtype == ag.int64


def test_as_tensor_wraps_a_backend_array_on_its_device(device):
    a = ag.zeros(3, device=device).array
    t = ag.as_tensor(a, device=device)
    assert t.array is a and t.device == ag.device(device) and t.is_leaf
    assert not t.requires_grad


# -- filled tensors ----------------------------------------------------------------------------
@pytest.mark.parametrize("fn", ["zeros", "ones", "empty", "rand", "randn"])
@pytest.mark.parametrize("size", [(2, 3), ((2, 3),), ([2, 3],), ((),), (0,), (4,)])
def test_size_forms(fn, size, device):
    t = getattr(ag, fn)(*size, device=device)
    expected = size[0] if len(size) == 1 and isinstance(size[0], (tuple, list)) else size
    assert t.shape == tuple(expected)
    assert t.dtype == ag.float32 and t.device == device and t.is_leaf


def test_zeros_ones_values(device):
    assert ag.zeros(2, 2, device=device).tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert ag.ones(3, dtype=ag.int32, device=device).tolist() == [1, 1, 1]
    assert ag.ones(2, dtype=ag.bool, device=device).dtype == ag.bool


@pytest.mark.parametrize("value", [3, 2.5, True, -1, 0.0])
def test_full_infers_dtype(value, device):
    t = ag.full((2, 3), value, device=device)
    assert t.shape == (2, 3) and (t.numpy(force=True) == value).all()
    expected = {bool: "bool", int: "int64", float: "float32"}[type(value)]
    assert str(t.dtype) == expected
    assert ag.full((2,), value, dtype=ag.float64).dtype == ag.float64


@pytest.mark.parametrize("value", [3, 2.5, True, -1, 0.0])
def test_full_dtype_matches_torch(value):
    torch = torch_or_skip()
    assert str(ag.full((2, 3), value).dtype) == _torch_dtype_name(torch.full((2, 3), value))


def test_eye(device):
    np.testing.assert_array_equal(ag.eye(3, device=device).numpy(force=True), np.eye(3))
    np.testing.assert_array_equal(ag.eye(2, 4).numpy(), np.eye(2, 4))
    assert ag.eye(2, dtype=ag.bool).dtype == ag.bool
    assert ag.eye(0).shape == (0, 0)


ARANGE_CASES = [(5,), (5.0,), (2, 7), (0, 1, 0.1), (1, 2.5, 0.5), (0, -3, -1), (10, 0, -2.5),
                (-1.0, 1.0, 0.3), (0, 10000, 0.1), (3, 3), (0.5, 5), (0, 5, 2)]


@pytest.mark.parametrize("args", ARANGE_CASES, ids=repr)
def test_arange(args):
    t = ag.arange(*args)
    any_float = any(isinstance(a, float) for a in args)
    assert t.dtype == (ag.float32 if any_float else ag.int64)
    expected = np.arange(*args)
    assert t.shape == expected.shape
    np.testing.assert_allclose(t.numpy(), expected, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("args", ARANGE_CASES, ids=repr)
def test_arange_matches_torch(args):
    torch = torch_or_skip()
    t = ag.arange(*args)
    ref = torch.arange(*args)
    assert str(t.dtype) == _torch_dtype_name(ref)
    assert t.shape == tuple(ref.shape)
    np.testing.assert_allclose(t.numpy(), ref.numpy(), rtol=1e-6, atol=1e-6)


def _arange_dtype_args(dtype: str) -> tuple:
    return (0, 1, 0.1) if dtype.startswith("float") else (0, 10, 3)


@pytest.mark.parametrize("dtype", ["float16", "float64", "int32"])
def test_arange_dtype(dtype):
    t = ag.arange(*_arange_dtype_args(dtype), dtype=dtype)
    assert str(t.dtype) == dtype
    # the values are computed in float64 and then rounded to the dtype
    expected = np.arange(*_arange_dtype_args(dtype)).astype(dtype)
    np.testing.assert_array_equal(t.numpy(), expected)


@pytest.mark.parametrize("dtype", ["float16", "float64", "int32"])
def test_arange_dtype_matches_torch(dtype):
    torch = torch_or_skip()
    t = ag.arange(*_arange_dtype_args(dtype), dtype=dtype)
    ref = torch.arange(*_arange_dtype_args(dtype), dtype=getattr(torch, dtype))
    np.testing.assert_array_equal(t.numpy(), ref.numpy())


def test_arange_scalar_kinds():
    assert ag.arange(np.int64(3)).dtype == ag.int64
    assert ag.arange(np.float32(3)).dtype == ag.float32
    assert ag.arange(ag.tensor(3)).tolist() == [0, 1, 2]
    assert ag.arange(ag.tensor(2.0)).dtype == ag.float32


def test_arange_errors():
    with pytest.raises(RuntimeError, match="step must be nonzero"):
        ag.arange(0, 3, 0)
    with pytest.raises(RuntimeError, match="inconsistent with step sign"):
        ag.arange(0, -3, 1)
    assert ag.arange(1, 1).shape == (0,)


@pytest.mark.parametrize("args", [(0, 1, 5), (0, 1, 1), (0, 1, 0), (-2.5, 7, 11), (3, -3, 4),
                                  (0, 10, 5)], ids=repr)
def test_linspace(args, device):
    t = ag.linspace(*args, device=device)
    assert t.dtype == ag.float32 and t.shape == (args[2],)
    np.testing.assert_allclose(t.numpy(force=True), np.linspace(*args), rtol=1e-6, atol=1e-6)
    # integer linspace truncates the float steps toward zero, as a cast does
    expected = np.linspace(0, 10, 5).astype(np.int64).tolist()
    assert ag.linspace(0, 10, 5, dtype=ag.int64).tolist() == expected
    with pytest.raises(RuntimeError, match="non-negative"):
        ag.linspace(0, 1, -1)


def test_linspace_matches_torch():
    torch = torch_or_skip()
    for args in [(0, 1, 5), (0, 1, 1), (0, 1, 0), (-2.5, 7, 11), (3, -3, 4), (0, 10, 5)]:
        np.testing.assert_allclose(ag.linspace(*args).numpy(), torch.linspace(*args).numpy(),
                                   rtol=1e-6, atol=1e-6)
    assert (ag.linspace(0, 10, 5, dtype=ag.int64).tolist()
            == torch.linspace(0, 10, 5, dtype=torch.int64).tolist())


# -- random ------------------------------------------------------------------------------------
def test_rand_randn_values(device):
    ag.manual_seed(0)
    u = ag.rand(10000, device=device).numpy(force=True)
    assert u.dtype == np.float32 and u.min() >= 0.0 and u.max() < 1.0
    assert abs(u.mean() - 0.5) < 0.02
    n = ag.randn(10000, dtype=ag.float64, device=device).numpy(force=True)
    assert n.dtype == np.float64 and abs(n.mean()) < 0.05 and abs(n.std() - 1) < 0.05
    assert ag.rand(3, dtype=ag.float16, device=device).dtype == ag.float16
    assert ag.randn(3, dtype=ag.float16, device=device).dtype == ag.float16


@pytest.mark.parametrize("fn", ["rand", "randn"])
def test_rand_int_dtype_raises(fn):
    # PyTorch raises NotImplementedError for both ("... not implemented for 'Long'")
    with pytest.raises(NotImplementedError, match=f"{fn}.*int64"):
        getattr(ag, fn)(2, dtype=ag.int64)
    with pytest.raises(NotImplementedError, match=f"{fn}_like.*int32"):
        getattr(ag, f"{fn}_like")(ag.ones(2, dtype=ag.int32))


@pytest.mark.parametrize("fill", ["uniform_", "normal_"])
def test_in_place_random_fill_refuses_integer_tensors(fill):
    # PyTorch: NotImplementedError "check_uniform_bounds" / "normal_kernel_cpu" not
    # implemented for 'Long'
    t = ag.zeros(3, dtype=ag.int64)
    with pytest.raises(NotImplementedError, match=f"{fill}.*int64"):
        getattr(t, fill)()


def test_randint(device):
    ag.manual_seed(1)
    t = ag.randint(3, 10, (1000,), device=device)
    v = t.numpy(force=True)
    assert t.dtype == ag.int64 and v.min() >= 3 and v.max() <= 9 and set(v.tolist()) == set(
        range(3, 10))
    assert ag.randint(5, (2, 3)).shape == (2, 3)
    assert ag.randint(5, size=(4,)).numpy().max() < 5
    assert ag.randint(low=-2, high=0, size=(3,)).numpy().max() < 0
    assert ag.randint(0, 2, (3,), dtype=ag.float32).dtype == ag.float32
    with pytest.raises(RuntimeError, match="low"):
        ag.randint(5, 3, (2,))


def test_randperm(device):
    p = ag.randperm(50, device=device)
    assert p.dtype == ag.int64 and sorted(p.tolist()) == list(range(50))
    assert ag.randperm(0).shape == (0,)
    assert ag.randperm(4, dtype=ag.float32).dtype == ag.float32


def test_manual_seed_reproducible(device):
    def draw():
        return [ag.rand(5, device=device).tolist(), ag.randn(2, 3, device=device).tolist(),
                ag.randint(0, 100, (5,), device=device).tolist(),
                ag.randperm(8, device=device).tolist(),
                ag.empty(4, device=device).uniform_(-1, 1).tolist(),
                ag.empty(4, device=device).normal_(2, 3).tolist(),
                ag.rand_like(ag.zeros(3, device=device)).tolist()]

    ag.manual_seed(123)
    first = draw()
    ag.manual_seed(123)
    assert draw() == first
    ag.manual_seed(124)
    assert draw() != first


# -- *_like ------------------------------------------------------------------------------------
@pytest.mark.parametrize("fn", ["zeros_like", "ones_like", "empty_like", "rand_like",
                                "randn_like"])
def test_like_functions(fn, device):
    x = ag.ones(2, 3, dtype=ag.float64, device=device)
    t = getattr(ag, fn)(x)
    assert t.shape == (2, 3) and t.dtype == ag.float64 and t.device == device
    assert not t.requires_grad and t.is_leaf
    t = getattr(ag, fn)(x, dtype=ag.float16, requires_grad=True)
    assert t.dtype == ag.float16 and t.requires_grad


def test_like_values():
    x = ag.ones(2, dtype=ag.int32)
    assert ag.zeros_like(x).tolist() == [0, 0] and ag.zeros_like(x).dtype == ag.int32
    assert ag.ones_like(ag.zeros(2)).tolist() == [1.0, 1.0]
    y = ag.full_like(x, 2.7)
    assert y.dtype == ag.int32 and y.tolist() == [2, 2]  # truncated, as a cast to int does
    assert ag.full_like(x, 2.5, dtype=ag.float32).tolist() == [2.5, 2.5]


def test_full_like_int_matches_torch():
    torch = torch_or_skip()
    ours = ag.full_like(ag.ones(2, dtype=ag.int32), -2.7)
    assert ours.tolist() == torch.full_like(torch.ones(2, dtype=torch.int32), -2.7).tolist()


# -- requires_grad and devices -----------------------------------------------------------------
def test_requires_grad():
    t = ag.tensor([1.0, 2.0], requires_grad=True)
    assert t.requires_grad and t.is_leaf and t.grad is None
    for make in (lambda: ag.tensor([1, 2], requires_grad=True),
                 lambda: ag.zeros(2, dtype=ag.int64, requires_grad=True),
                 lambda: ag.ones(2, dtype=ag.bool, requires_grad=True),
                 lambda: ag.arange(3, requires_grad=True),
                 lambda: ag.full((2,), 1, requires_grad=True)):
        with pytest.raises(RuntimeError, match="floating point"):
            make()
    for fn in ("zeros", "ones", "rand", "randn", "empty"):
        assert getattr(ag, fn)(2, requires_grad=True).requires_grad
    assert ag.eye(2, requires_grad=True).requires_grad
    assert ag.linspace(0, 1, 3, requires_grad=True).requires_grad
    assert ag.arange(3.0, requires_grad=True).requires_grad


def test_device_argument():
    cpu = ag.device("cpu")
    for t in (ag.tensor([1.0], device="cpu"), ag.zeros(1, device=cpu), ag.arange(2, device="cpu"),
              ag.eye(2, device="cpu"), ag.randint(2, (2,), device="cpu")):
        assert t.device == "cpu" and t.device is cpu and not t.is_cuda
    with pytest.raises(RuntimeError, match="invalid device"):
        ag.zeros(1, device="tpu")


@pytest.mark.without_cuda
@pytest.mark.skipif(CUDA_REASON is None, reason="checks the error raised without CUDA")
def test_cuda_device_without_cuda_raises():
    for make in (lambda: ag.tensor([1.0], device="cuda"), lambda: ag.rand(2, device="cuda:0"),
                 lambda: ag.ones(2).cuda()):
        with pytest.raises(RuntimeError, match="CUDA"):
            make()


# -- leaving a Tensor: numpy, __array__, dlpack, item, tolist, repr ----------------------------
def test_numpy_and_array():
    t = ag.arange(4.0)
    a = t.numpy()
    assert isinstance(a, np.ndarray) and a.dtype == np.float32
    a[0] = 9
    assert t[0].item() == 9.0  # numpy() shares memory on cpu
    assert np.asarray(t).dtype == np.float32
    np.testing.assert_array_equal(np.asarray(t, dtype=np.float64), [9.0, 1.0, 2.0, 3.0])
    assert np.asarray(t, dtype=np.float64).dtype == np.float64
    c = np.array(t, copy=True)
    c[1] = -1
    assert t[1].item() == 1.0
    w = ag.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="requires grad"):
        w.numpy()
    with pytest.raises(RuntimeError, match="requires grad"):
        np.asarray(w)
    assert w.detach().numpy().tolist() == [1.0, 1.0]
    assert (w * 2).detach().numpy().tolist() == [2.0, 2.0]


def test_dlpack_numpy_round_trip():
    t = ag.arange(6.0).reshape(2, 3)
    a = np.from_dlpack(t)
    assert a.shape == (2, 3) and a.dtype == np.float32
    a[0, 0] = 42
    assert t[0, 0].item() == 42.0
    back = ag.from_dlpack(a)
    assert back.device == "cpu" and back.shape == (2, 3)
    back.add_(1)
    assert t[0, 0].item() == 43.0
    assert ag.from_dlpack(t) is t
    assert t.__dlpack_device__() == (1, 0)
    with pytest.raises(RuntimeError, match="requires grad"):
        ag.ones(2, requires_grad=True).__dlpack__()


def test_dlpack_torch_round_trip():
    torch = torch_or_skip()
    tt = torch.arange(4, dtype=torch.float64)
    t = ag.from_dlpack(tt)
    assert t.dtype == ag.float64 and t.tolist() == [0.0, 1.0, 2.0, 3.0]
    t.mul_(2)
    assert tt.tolist() == [0.0, 2.0, 4.0, 6.0]
    x = ag.tensor([1, 2, 3], dtype=ag.int32)
    back = torch.from_dlpack(x)
    assert back.dtype == torch.int32
    back[0] = 10
    assert x.tolist() == [10, 2, 3]


@pytest.mark.parametrize("data", [2.5, 3, True, [1.5], [[1, 2], [3, 4]], [True, False]],
                         ids=repr)
def test_item_and_tolist(data):
    t = ag.tensor(data)
    assert t.tolist() == data
    assert type(t.tolist()) is type(data)
    if t.numel() == 1:
        item = np.asarray(data).reshape(()).item()
        assert t.item() == item and type(t.item()) is type(item)
    else:
        # PyTorch: RuntimeError "a Tensor with 4 elements cannot be converted to Scalar"
        with pytest.raises(RuntimeError, match="cannot be converted to Scalar"):
            t.item()


@pytest.mark.parametrize("data", [2.5, 3, True, [1.5], [[1, 2], [3, 4]], [True, False]],
                         ids=repr)
def test_item_and_tolist_match_torch(data):
    torch = torch_or_skip()
    t, ref = ag.tensor(data), torch.tensor(data)
    assert t.tolist() == ref.tolist() and type(t.tolist()) is type(ref.tolist())
    if ref.numel() == 1:
        assert t.item() == ref.item() and type(t.item()) is type(ref.item())


def test_python_conversions():
    assert float(ag.tensor([2.5])) == 2.5 and int(ag.tensor(3.9)) == 3
    assert bool(ag.tensor([1])) is True
    assert [1, 2, 3][ag.tensor(1)] == 2
    with pytest.raises(RuntimeError, match="ambiguous"):
        bool(ag.ones(2))
    assert len(ag.zeros(4, 2)) == 4
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):  # PyTorch's words
        len(ag.tensor(1.0))


# (data, PyTorch 2.13's repr of torch.tensor(data))
REPR_CASES = [
    ([1.0, 2.0], "tensor([1., 2.])"),
    ([1, 2], "tensor([1, 2])"),
    (3.0, "tensor(3.)"),
    (2, "tensor(2)"),
    ([True, False], "tensor([ True, False])"),
    ([[1.0, 2.0], [3.0, 4.0]], "tensor([[1., 2.],\n        [3., 4.]])"),
    (1.5, "tensor(1.5000)"),
    ([1.5, 2.25], "tensor([1.5000, 2.2500])"),
    ([True], "tensor([True])"),
    ([1e-5, 1.0], "tensor([1.0000e-05, 1.0000e+00])"),
    ([1.0, float("nan"), float("inf")], "tensor([1., nan, inf])"),
    ([[1.5, -2.25], [3.0, 4.0]], "tensor([[ 1.5000, -2.2500],\n        [ 3.0000,  4.0000]])"),
]


@pytest.mark.parametrize("data,expected", [pytest.param(d, e, id=repr(d))
                                           for d, e in REPR_CASES])
def test_repr_prints_values_as_torch_does(data, expected):
    assert repr(ag.tensor(data)) == expected


@pytest.mark.parametrize("shape", [(2000,), (3, 4, 5), (40, 40), (2, 1200), (25,), (0, 3)])
def test_repr_layout_matches_torch(shape):
    # wrapping at 80 columns, summarizing above 1000 elements, one width for all elements
    torch = torch_or_skip()
    x = np.random.default_rng(0).normal(size=shape).astype(np.float32)
    assert repr(ag.tensor(x)) == repr(torch.tensor(x))
    assert repr(ag.tensor(x, requires_grad=True)) == repr(torch.tensor(x, requires_grad=True))


@pytest.mark.parametrize("data,expected", [pytest.param(d, e, id=repr(d))
                                           for d, e in REPR_CASES])
def test_repr_cases_are_torchs(data, expected):
    torch = torch_or_skip()
    assert repr(torch.tensor(data)) == expected


def test_repr():
    assert "dtype=float64" in repr(ag.zeros(2, dtype=ag.float64))
    assert "dtype=int32" in repr(ag.zeros(2, dtype=ag.int32))
    assert "dtype" not in repr(ag.zeros(2))
    assert repr(ag.ones(2, requires_grad=True)).endswith("requires_grad=True)")
    assert "grad_fn=<Mul" in repr(ag.ones(2, requires_grad=True) * 2)
    assert repr(ag.zeros(0)) == "tensor([])"
    assert "size=" in repr(ag.zeros(2, 0))
    big = repr(ag.zeros(10000))
    assert "..." in big and len(big) < 500
    assert str(ag.tensor([3])) == repr(ag.tensor([3]))
