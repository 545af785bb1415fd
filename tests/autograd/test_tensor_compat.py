"""PyTorch's aliases, in-place forms, tensor queries and top-level runtime functions, against
PyTorch (values, dtypes, aliasing, version counters, gradients through the in-place forms,
exception types). The tests check tapegrad's side first; only the comparison is skipped
without PyTorch."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip

X = np.array([[1.0, -2.0, 3.0], [0.5, 2.0, -1.5]])
Y = np.array([[1.0, 2.0, -3.0], [0.5, 1.0, 2.0]])


def _pair(lib, values, **kw):
    return lib.tensor(values, **kw)


# -- aliases --------------------------------------------------------------------------------

ALIASES = {"absolute": "abs", "absolute_": "abs_", "divide": "div", "divide_": "div_",
           "multiply": "mul", "multiply_": "mul_", "subtract": "sub", "subtract_": "sub_",
           "negative": "neg", "negative_": "neg_", "greater": "gt", "greater_equal": "ge",
           "less": "lt", "less_equal": "le", "not_equal": "ne", "greater_": "gt_",
           "greater_equal_": "ge_", "less_": "lt_", "less_equal_": "le_", "not_equal_": "ne_",
           "swapaxes_": "transpose_", "swapdims_": "transpose_"}


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_alias_is_the_method_itself(alias):
    assert getattr(ag.Tensor, alias) is getattr(ag.Tensor, ALIASES[alias])


BINARY = [("divide", {}), ("divide", {"rounding_mode": "floor"}),
          ("divide", {"rounding_mode": "trunc"}), ("multiply", {}), ("subtract", {"alpha": 2}),
          ("greater", {}), ("greater_equal", {}), ("less", {}), ("less_equal", {}),
          ("not_equal", {}), ("floor_divide", {})]


@pytest.mark.parametrize("name,kw", BINARY, ids=lambda v: str(v))
def test_binary_aliases_and_their_inplace_forms(name, kw):
    torch = torch_or_skip()
    for lib in (ag, torch):
        out = getattr(_pair(lib, X), name)(_pair(lib, Y), **kw)
        x = _pair(lib, X)
        before = x._version
        same = getattr(x, name + "_")(_pair(lib, Y), **kw)
        assert same is x and x._version == before + 1
        if lib is ag:
            mine, mine_inplace = out, x
        else:
            np.testing.assert_array_equal(mine.numpy(), out.numpy())
            assert str(mine.dtype) == str(out.dtype).replace("torch.", "")
            np.testing.assert_array_equal(mine_inplace.numpy(), x.numpy())
            assert str(mine_inplace.dtype) == str(x.dtype).replace("torch.", "")


@pytest.mark.parametrize("name", ["absolute", "negative"])
def test_unary_aliases(name):
    torch = torch_or_skip()
    mine = getattr(ag.tensor(X), name)()
    x = ag.tensor(X)
    assert getattr(x, name + "_")() is x
    ref = getattr(torch.tensor(X), name)()
    np.testing.assert_array_equal(mine.numpy(), ref.numpy())
    np.testing.assert_array_equal(x.numpy(), ref.numpy())


def test_integer_divide_in_place_refuses_a_float_result():
    x = ag.tensor([1, 2])
    with pytest.raises(RuntimeError, match="can't be cast"):
        x.divide_(2)
    torch = torch_or_skip()
    with pytest.raises(RuntimeError):
        torch.tensor([1, 2]).divide_(2)


# -- in-place comparisons and logic ------------------------------------------------------------

COMPARE = ["eq_", "ne_", "lt_", "le_", "gt_", "ge_"]


@pytest.mark.parametrize("dtype", ["float32", "int64", "bool"])
@pytest.mark.parametrize("name", COMPARE)
def test_inplace_comparison_keeps_dtype(name, dtype):
    torch = torch_or_skip()
    a, b = np.array([[0, 1, 2], [2, 1, 0]]), np.array([1, 1, 0])
    x = ag.tensor(a, dtype=getattr(ag, dtype))
    t = torch.tensor(a, dtype=getattr(torch, dtype))
    assert getattr(x, name)(ag.tensor(b, dtype=x.dtype)) is x
    getattr(t, name)(torch.tensor(b, dtype=t.dtype))
    assert str(x.dtype) == dtype
    np.testing.assert_array_equal(x.numpy(), t.numpy())
    assert x._version == t._version == 1


def test_inplace_comparison_with_a_scalar_and_a_broadcast_error():
    x = ag.tensor([1, 2])
    assert x.eq_(1.5).tolist() == [0, 0]
    with pytest.raises(RuntimeError, match=r"eq_: output with shape \[2\]"):
        ag.tensor([1.0, 2.0]).eq_(ag.tensor([[1.0, 2.0]]))
    torch = torch_or_skip()
    assert torch.tensor([1, 2]).eq_(1.5).tolist() == [0, 0]
    with pytest.raises(RuntimeError):
        torch.tensor([1.0, 2.0]).eq_(torch.tensor([[1.0, 2.0]]))


def test_inplace_comparison_gives_self_a_zero_gradient():
    torch = torch_or_skip()
    grads = []
    for lib in (ag, torch):
        w = lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64, requires_grad=True)
        y = w * 2
        y.lt_(5.0)
        assert y.grad_fn is not None and y.requires_grad
        (y * w).sum().backward()
        grads.append(w.grad.numpy())
    np.testing.assert_array_equal(grads[0], grads[1])  # only the product's w term remains


def test_inplace_comparison_refuses_a_leaf_that_requires_grad():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="eq_: a leaf Variable that requires grad"):
        w.eq_(1.0)
    torch = torch_or_skip()
    with pytest.raises(RuntimeError, match="leaf Variable"):
        torch.tensor([1.0, 2.0], requires_grad=True).eq_(1.0)


# the out-of-place logical ops here take bool and integer tensors only (PyTorch takes any dtype)
@pytest.mark.parametrize("name,dtype", [("logical_and_", "int64"), ("logical_or_", "int32"),
                                        ("logical_xor_", "bool"), ("logical_not_", "bool"),
                                        ("logical_and_", "bool")])
def test_inplace_logical(name, dtype):
    a, b = np.array([0, 1, 2, 0]), np.array([3, 0, 1, 0])
    x = ag.tensor(a, dtype=getattr(ag, dtype))
    args = () if name == "logical_not_" else (b,)
    assert getattr(x, name)(*(ag.tensor(v) for v in args)) is x
    assert str(x.dtype) == dtype and x._version == 1
    torch = torch_or_skip()
    t = torch.tensor(a, dtype=getattr(torch, dtype))
    getattr(t, name)(*(torch.tensor(v) for v in args))
    np.testing.assert_array_equal(x.numpy(), t.numpy())


# -- in-place products, lerp, tril/triu: gradients through the in-place form -----------------

RNG = np.random.default_rng(3)
INPLACE_CASES = {
    "lerp_": ((3, 2), lambda lib, r: (r((3, 2)), 0.3)),
    "addmm_": ((2, 3), lambda lib, r: (r((2, 4)), r((4, 3)))),
    "addmv_": ((2,), lambda lib, r: (r((2, 3)), r((3,)))),
    "addr_": ((2, 3), lambda lib, r: (r((2,)), r((3,)))),
    "baddbmm_": ((2, 2, 3), lambda lib, r: (r((2, 2, 4)), r((2, 4, 3)))),
    "addbmm_": ((2, 3), lambda lib, r: (r((2, 2, 4)), r((2, 4, 3)))),
    "tril_": ((3, 4), lambda lib, r: (1,)),
    "triu_": ((3, 4), lambda lib, r: (-1,)),
}


@pytest.mark.parametrize("name", sorted(INPLACE_CASES))
def test_inplace_ops_match_torch_with_gradients(name):
    torch = torch_or_skip()
    shape, make_args = INPLACE_CASES[name]
    rng = np.random.default_rng(11)
    arrays = {}
    results = []
    for lib in (ag, torch):
        leaves = []

        def r(s, lib=lib, leaves=leaves):
            key = (len(leaves), s)
            if key not in arrays:
                arrays[key] = rng.uniform(-1, 1, s)
            t = lib.tensor(arrays[key], dtype=lib.float64, requires_grad=True)
            leaves.append(t)
            return t

        base = r(shape)
        args = make_args(lib, r)
        y = base * 1.5
        kw = {"beta": 0.5, "alpha": 2.0} if name.startswith(("add", "badd")) else {}
        assert getattr(y, name)(*args, **kw) is y
        assert y._version == 1
        (y * y).sum().backward()
        results.append([y.detach().numpy()] + [t.grad.numpy() for t in leaves])
    for mine, ref in zip(*results):
        np.testing.assert_allclose(mine, ref, rtol=1e-12, atol=1e-12)


def test_inplace_op_on_a_leaf_that_requires_grad_raises():
    w = ag.ones(2, 2, requires_grad=True)
    with pytest.raises(RuntimeError, match="addmm_: a leaf Variable"):
        w.addmm_(ag.ones(2, 2), ag.ones(2, 2))


def test_floor_divide_matches_torch():
    torch = torch_or_skip()
    for a, b in [([7, -7, 5], [2, 2, -3]), ([7.5, -7.5, 1.0], [2.0, 2.0, -0.5])]:
        mine = ag.tensor(a).floor_divide(ag.tensor(b))
        ref = torch.tensor(a).floor_divide(torch.tensor(b))
        np.testing.assert_array_equal(mine.numpy(), ref.numpy())
        x = ag.tensor(a)
        x.floor_divide_(ag.tensor(b))
        np.testing.assert_array_equal(x.numpy(), ref.numpy())


# -- in-place shape ops ---------------------------------------------------------------------

SHAPE_CASES = [("unsqueeze_", (3, 2), (0,)), ("unsqueeze_", (3, 2), (-1,)),
               ("squeeze_", (3, 1, 2), ()), ("squeeze_", (1, 3, 1), (2,)),
               ("transpose_", (2, 3, 4), (0, 2)), ("swapaxes_", (2, 3), (0, 1)),
               ("t_", (2, 3), ()), ("t_", (3,), ())]


@pytest.mark.parametrize("name,shape,args", SHAPE_CASES)
def test_inplace_shape_op_without_grad(name, shape, args, device):
    a = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    x = ag.tensor(a, device=device)
    ptr = x.data_ptr()
    assert getattr(x, name)(*args) is x
    assert x.data_ptr() == ptr  # the same memory
    assert x._version == 0  # PyTorch's moves on; no value changed (see the next tests)
    torch = torch_or_skip()
    t = torch.tensor(a)
    getattr(t, name)(*args)
    assert x.shape == tuple(t.shape) and x.stride() == t.stride()
    np.testing.assert_array_equal(x.cpu().numpy(), t.numpy())


@pytest.mark.parametrize("name,shape,args", SHAPE_CASES)
def test_inplace_shape_op_records_the_view(name, shape, args):
    torch = torch_or_skip()
    a = RNG.uniform(-1, 1, shape)
    grads = []
    for lib in (ag, torch):
        w = lib.tensor(a, dtype=lib.float64, requires_grad=True)
        y = w * 2
        getattr(y, name)(*args)
        assert y.grad_fn is not None
        scale = lib.arange(y.numel(), dtype=lib.float64).reshape(y.shape)
        (y * scale).sum().backward()
        grads.append(w.grad.numpy())
    np.testing.assert_array_equal(grads[0], grads[1])


def test_inplace_shape_op_on_a_view_stays_a_view_of_its_base():
    torch = torch_or_skip()
    grads = []
    for lib in (ag, torch):
        w = lib.tensor(X, dtype=lib.float64, requires_grad=True)
        y = w * 1
        v = y[1:]
        v.t_()
        assert v._base is y and v.shape == (3, 1)
        v.mul_(lib.tensor([[2.0], [3.0], [4.0]], dtype=lib.float64))  # recorded on y
        (y * y).sum().backward()
        grads.append((y.detach().numpy(), w.grad.numpy()))
    np.testing.assert_array_equal(grads[0][0], grads[1][0])
    np.testing.assert_array_equal(grads[0][1], grads[1][1])


def test_an_inplace_shape_op_under_a_live_view_is_refused():
    # views are retaken from the tensor they view: one taken before the change would be
    # retaken from the new shape after a later write (wrong values), so the change is refused
    w = ag.tensor(np.arange(9.0).reshape(3, 3), requires_grad=True)
    y = w * 2
    v = y[0]
    with pytest.raises(RuntimeError, match=r"t_: a view of this tensor \(shape \[3, 3\]\) was "
                                           r"taken before.*out-of-place t\(\)"):
        y.t_()
    assert y.shape == (3, 3) and v.tolist() == [0.0, 2.0, 4.0]
    d = v.detach()  # a detached view shares memory but is no view: no refusal
    del v
    y.t_()
    assert y.shape == (3, 3) and d.tolist() == [0.0, 2.0, 4.0]


def test_values_saved_before_an_inplace_shape_op_stay_valid():
    # PyTorch refuses this backward (the version moved); here the saved values are intact
    w = ag.tensor(X, dtype=ag.float64, requires_grad=True)
    y = w * 2
    z = y * w
    y.unsqueeze_(0)
    z.sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), 4 * X)


def test_inplace_shape_op_refusals_match_torch():
    torch = torch_or_skip()
    for lib in (ag, torch):
        w = lib.zeros(2, 3, requires_grad=True)
        with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
            w.unsqueeze_(0)
        with pytest.raises(RuntimeError, match="view of a leaf Variable"):
            w.view(3, 2).t_()
        with pytest.raises(RuntimeError, match="t_|2 dimensions"):
            lib.zeros(2, 3, 4).t_()
        with pytest.raises(IndexError):
            lib.zeros(2, 3, 4).squeeze_(5)
        with lib.no_grad():
            w.unsqueeze_(0)  # allowed without grad mode
        assert w.shape == (1, 2, 3)


# -- index_add, fill_diagonal_, sum_to_size, split_with_sizes ---------------------------------


def test_index_add_method_is_out_of_place():
    x = ag.zeros(2, 3)
    out = x.index_add(0, ag.tensor([0, 0]), ag.ones(2, 3), alpha=2)
    assert x.sum().item() == 0 and x._version == 0
    torch = torch_or_skip()
    ref = torch.zeros(2, 3).index_add(0, torch.tensor([0, 0]), torch.ones(2, 3), alpha=2)
    np.testing.assert_array_equal(out.numpy(), ref.numpy())


def test_fill_diagonal_errors():
    torch = torch_or_skip()
    for lib in (ag, torch):
        with pytest.raises(RuntimeError, match="dimensions must larger than 1"):
            lib.zeros(3).fill_diagonal_(1)
        with pytest.raises(RuntimeError, match="all dimensions of input must be of equal"):
            lib.zeros(2, 3, 2).fill_diagonal_(1)
        x = lib.zeros(7, 3)
        assert x.fill_diagonal_(1, wrap=True) is x
    np.testing.assert_array_equal(
        ag.zeros(7, 3).fill_diagonal_(2, wrap=True).numpy(),
        torch.zeros(7, 3).fill_diagonal_(2, wrap=True).numpy())


def test_sum_to_size_errors_and_identity():
    x = ag.ones(3, 4)
    assert x.sum_to_size(3, 4) is x
    with pytest.raises(RuntimeError, match=r"sum_to_size: size \[2, 4\] is not expandable"):
        x.sum_to_size(2, 4)
    with pytest.raises(RuntimeError, match="not expandable"):
        x.sum_to_size(1, 3, 4)
    torch = torch_or_skip()
    t = torch.ones(3, 4)
    assert t.sum_to_size(3, 4) is t
    with pytest.raises(RuntimeError, match="not expandable"):
        t.sum_to_size(2, 4)


def test_split_with_sizes_errors():
    torch = torch_or_skip()
    for lib in (ag, torch):
        x = lib.ones(3, 4)
        with pytest.raises(RuntimeError, match="split_with_sizes expects split_sizes to sum"):
            x.split_with_sizes([1, 1])
        with pytest.raises(TypeError, match="split_with_sizes"):
            lib.split_with_sizes(x, 2)
        assert [p.shape[1] for p in lib.split_with_sizes(x, [1, 3], dim=1)] == [1, 3]


# -- conversions, mH/H ------------------------------------------------------------------------


@pytest.mark.parametrize("name,dtype", [("byte", "uint8"), ("char", "int8"), ("short", "int16")])
def test_integer_conversions(name, dtype):
    values = [1.7, -2.2, 100.0]
    x = getattr(ag.tensor(values), name)()
    assert str(x.dtype) == dtype
    torch = torch_or_skip()
    t = getattr(torch.tensor(values), name)()
    assert str(t.dtype) == "torch." + dtype
    np.testing.assert_array_equal(x.numpy(), t.numpy())


def test_mH_and_H():  # noqa: N802
    torch = torch_or_skip()
    a = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(ag.tensor(a).mH.numpy(), torch.tensor(a).mH.numpy())
    np.testing.assert_array_equal(ag.tensor(a[0]).H.numpy(), torch.tensor(a[0]).H.numpy())
    for lib in (ag, torch):
        with pytest.raises(RuntimeError, match="tensor.mH is only supported on matrices"):
            lib.zeros(3).mH
        with pytest.raises(RuntimeError, match="tensor.H is only supported on matrices"):
            lib.zeros(3).H
        with pytest.raises(RuntimeError, match="consider using tensor.mH"):
            lib.zeros(2, 3, 4).H
    w = ag.tensor(a[0], dtype=ag.float64, requires_grad=True)
    assert ag.gradcheck(lambda t: t.mH * 1.0, (w,))


# -- queries ----------------------------------------------------------------------------------


def test_queries_match_torch():
    torch = torch_or_skip()
    for lib in (ag, torch):
        x = lib.arange(12.0).reshape(3, 4)
        assert (x.nelement(), x.ndimension(), x.itemsize, x.nbytes) == (12, 2, 4, 48)
        assert (x.is_cpu, x.is_meta, x.is_sparse, x.is_quantized, x.is_nested) == (
            True, False, False, False, False)
        assert x.is_inference() is False and x.get_device() == -1
        assert x.output_nr == 0
        assert x[1].data_ptr() - x.data_ptr() == 16
        assert (x[1].storage_offset(), x[:, 2].storage_offset(), x.t().storage_offset()) == (
            4, 2, 0)
        assert lib.zeros(0).data_ptr() == 0
        assert x.share_memory_() is x
    assert ag.zeros(2).is_shared() is False


def test_output_nr_and_retains_grad():
    torch = torch_or_skip()
    for lib in (ag, torch):
        w = lib.ones(3, 2, requires_grad=True)
        pieces = (w * 1).unbind(0)
        assert [p.output_nr for p in pieces] == [0, 1, 2]
        y = w * 2
        assert not y.retains_grad and not w.retains_grad
        y.retain_grad()
        assert y.retains_grad
        y.sum().backward()
        assert y.grad is not None


def test_get_device_on_cuda(device):
    x = ag.zeros(2, device=device)
    assert x.get_device() == (-1 if device == "cpu" else x.device.index)
    assert x.data_ptr() != 0 and x[1:].data_ptr() - x.data_ptr() == 4
    assert x[1:].storage_offset() == 1
    assert x.is_cpu == (device == "cpu")


def test_new_empty_strided():
    x = ag.zeros(2, dtype=ag.float64)
    y = x.new_empty_strided((2, 3), (1, 2))
    assert y.shape == (2, 3) and y.stride() == (1, 2) and y.dtype == ag.float64
    with pytest.raises(RuntimeError, match="new_empty_strided"):
        x.new_empty_strided((2, 3), (1,))
    torch = torch_or_skip()
    t = torch.zeros(2, dtype=torch.float64).new_empty_strided((2, 3), (1, 2))
    assert t.stride() == y.stride()
    with pytest.raises(RuntimeError):
        torch.zeros(2).new_empty_strided((2, 3), (1,))


def test_resize():
    x = ag.tensor([1.0, 2.0, 3.0, 4.0])
    assert x.resize_(2, 2) is x and x.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert x._version == 1
    assert x.resize_(3).tolist() == [1.0, 2.0, 3.0]
    y = ag.tensor([1.0, 2.0])
    assert y.resize_(2, 3).shape == (2, 3) and y.view(-1)[:2].tolist() == [1.0, 2.0]
    assert y.resize_as_(ag.zeros(1, 2)).tolist() == [[1.0, 2.0]]
    for t in (ag.ones(3, requires_grad=True), ag.ones(3, requires_grad=True) * 2):
        with pytest.raises(RuntimeError, match="cannot resize variables that require grad"):
            t.resize_(2)
    torch = torch_or_skip()
    t = torch.tensor([1.0, 2.0, 3.0, 4.0])
    assert t.resize_(2, 2).tolist() == [[1.0, 2.0], [3.0, 4.0]] and t._version == 1
    with pytest.raises(RuntimeError, match="cannot resize variables that require grad"):
        torch.ones(3, requires_grad=True).resize_(2)


def test_apply_and_map():
    x = ag.tensor([1.0, 2.0, 3.0])
    assert x.apply_(lambda v: v * 2) is x and x.tolist() == [2.0, 4.0, 6.0]
    assert x.map_(ag.tensor([1.0]), lambda a, b: a + b).tolist() == [3.0, 5.0, 7.0]
    with pytest.raises(RuntimeError, match=r"Can't call apply_\(\) on Variable that requires"):
        ag.ones(2, requires_grad=True).apply_(lambda v: v)
    torch = torch_or_skip()
    t = torch.tensor([1.0, 2.0, 3.0]).apply_(lambda v: v * 2)
    assert t.map_(torch.tensor([1.0]), lambda a, b: a + b).tolist() == x.tolist()
    with pytest.raises(RuntimeError, match=r"Can't call apply_\(\)"):
        torch.ones(2, requires_grad=True).apply_(lambda v: v)


def test_apply_refuses_a_gpu_tensor(device):
    if device == "cpu":
        assert ag.ones(2, device=device).apply_(lambda v: v + 1).tolist() == [2.0, 2.0]
    else:
        with pytest.raises(TypeError, match="apply_ is only implemented on CPU"):
            ag.ones(2, device=device).apply_(lambda v: v)


# -- top level --------------------------------------------------------------------------------

TOP_INPLACE = ["abs_", "ceil_", "cos_", "exp_", "floor_", "neg_", "negative_", "reciprocal_",
               "relu_", "round_", "rsqrt_", "sigmoid_", "sin_", "sqrt_", "square_", "tanh_",
               "trunc_", "zero_"]


@pytest.mark.parametrize("name", TOP_INPLACE)
def test_top_level_inplace_forms(name):
    a = np.array([0.25, 1.5, 4.0])
    x = ag.tensor(a)
    assert getattr(ag, name)(x) is x and x._version == 1
    torch = torch_or_skip()
    t = torch.tensor(a)
    getattr(torch, name)(t)
    np.testing.assert_allclose(x.numpy(), t.numpy(), rtol=1e-6)


def test_top_level_inplace_forms_exist_where_torch_has_them():
    torch = torch_or_skip()
    import autograd.runtime as runtime

    for name in runtime.__all__:
        if name.endswith("_"):
            assert hasattr(torch, name), name
    with pytest.raises(TypeError, match=r"exp_\(\): argument"):
        ag.exp_(3)


def test_top_level_functions():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    d = ag.detach(x)
    assert not d.requires_grad and d.data_ptr() == x.data_ptr()
    f = ag.fill(x, 3.0)
    assert f.tolist() == [3.0, 3.0] and x.tolist() == [1.0, 2.0]
    assert ag.is_inference(x) is False
    y = ag.ones(2)
    assert ag.fill_(y, 2.0) is y and ag.zero_(y).tolist() == [0.0, 0.0]
    torch = torch_or_skip()
    assert torch.fill(torch.zeros(2), 3.0).tolist() == f.tolist()


def test_rng_state_round_trip():
    ag.manual_seed(123)
    state = ag.get_rng_state()
    assert state.dtype == ag.uint8 and state.ndim == 1
    first = (ag.rand(4), ag.randn(3, dtype=ag.float64), ag.randint(0, 9, (5,)))
    ag.set_rng_state(state)
    again = (ag.rand(4), ag.randn(3, dtype=ag.float64), ag.randint(0, 9, (5,)))
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    ag.manual_seed(123)
    np.testing.assert_array_equal(ag.get_rng_state().numpy(), state.numpy())
    assert ag.initial_seed() == 123
    with pytest.raises(TypeError, match="set_rng_state: RNG state must be a uint8"):
        ag.set_rng_state(ag.zeros(3))
    with pytest.raises(RuntimeError, match="set_rng_state: expected an RNG state of"):
        ag.set_rng_state(ag.zeros(3, dtype=ag.uint8))
    torch = torch_or_skip()
    assert torch.get_rng_state().dtype == torch.uint8
    with pytest.raises(TypeError):
        torch.set_rng_state(torch.zeros(3))
    with pytest.raises(RuntimeError):
        torch.set_rng_state(torch.zeros(3, dtype=torch.uint8))


def test_seed_reseeds_reproducibly():
    s = ag.seed()
    assert ag.initial_seed() == s and 0 <= s < 2**64
    a = ag.rand(3)
    ag.manual_seed(s)
    np.testing.assert_array_equal(ag.rand(3).numpy(), a.numpy())


def test_threads():
    n = ag.get_num_threads()
    assert n >= 1
    try:
        ag.set_num_threads(1)
        assert ag.get_num_threads() == 1
    finally:
        ag.set_num_threads(n)
    assert ag.get_num_threads() == n
    assert ag.get_num_interop_threads() >= 1
    for fn in (ag.set_num_threads, ag.set_num_interop_threads):
        with pytest.raises(RuntimeError, match="expects a positive integer"):
            fn(0)
    torch = torch_or_skip()
    for fn in (torch.set_num_threads, torch.set_num_interop_threads):
        with pytest.raises(RuntimeError, match="expects a positive integer"):
            fn(0)


def test_default_device():
    before = ag.get_default_device()
    try:
        ag.set_default_device("cpu")
        assert ag.get_default_device() == ag.device("cpu") and ag.zeros(1).device.type == "cpu"
        ag.set_default_device(None)
        assert str(ag.get_default_device()) == "cpu"
    finally:
        ag.set_default_device(before)
    torch = torch_or_skip()
    assert str(torch.get_default_device()) == str(ag.get_default_device())


def test_deterministic_flags():
    try:
        assert not ag.are_deterministic_algorithms_enabled()
        ag.use_deterministic_algorithms(True, warn_only=True)
        assert ag.are_deterministic_algorithms_enabled()
        assert ag.is_deterministic_algorithms_warn_only_enabled()
        ag.use_deterministic_algorithms(True)
        assert not ag.is_deterministic_algorithms_warn_only_enabled()
        with pytest.raises(TypeError, match="use_deterministic_algorithms"):
            ag.use_deterministic_algorithms(1)
    finally:
        ag.use_deterministic_algorithms(False)
    assert not ag.are_deterministic_algorithms_enabled()
    torch = torch_or_skip()
    with pytest.raises(TypeError):
        torch.use_deterministic_algorithms(1)


def test_float32_matmul_precision():
    assert ag.get_float32_matmul_precision() == "highest"
    try:
        ag.set_float32_matmul_precision("medium")
        assert ag.get_float32_matmul_precision() == "medium"
        with pytest.warns(UserWarning, match="not one of"):
            ag.set_float32_matmul_precision("fast")
        assert ag.get_float32_matmul_precision() == "medium"
    finally:
        ag.set_float32_matmul_precision("highest")
    torch = torch_or_skip()
    assert torch.get_float32_matmul_precision() == "highest"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning):
            torch.set_float32_matmul_precision("fast")


def test_anomaly_switch():
    assert not ag.is_anomaly_enabled()
    try:
        ag.set_anomaly_enabled(True)
        assert ag.is_anomaly_enabled()
    finally:
        ag.set_anomaly_enabled(False)
    assert not ag.is_anomaly_enabled()
    with ag.detect_anomaly():
        assert ag.is_anomaly_enabled()


def test_typename_and_is_storage():
    import nn

    torch = torch_or_skip()
    for dt in ("float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8",
               "bool"):
        assert ag.typename(ag.zeros(1, dtype=getattr(ag, dt))) == torch.typename(
            torch.zeros(1, dtype=getattr(torch, dt)))
    assert ag.typename(1) == torch.typename(1) == "int"
    assert ag.typename(None) == torch.typename(None)
    layer = nn.Linear(1, 1)
    assert ag.typename(layer) == f"{type(layer).__module__}.Linear"
    assert ag.typename(ag.Tensor) == "autograd.tensor.Tensor"
    assert ag.is_storage(ag.zeros(1)) is torch.is_storage(torch.zeros(1)) is False


def test_resize_and_fill_diagonal_on_each_device(device):
    x = ag.tensor([1.0, 2.0, 3.0], device=device)
    x.resize_(2, 2)
    assert x.shape == (2, 2) and x.device == ag.device(device)
    assert x.view(-1)[:3].cpu().tolist() == [1.0, 2.0, 3.0]
    m = ag.zeros(3, 3, device=device).fill_diagonal_(5.0)
    np.testing.assert_array_equal(m.cpu().numpy(), 5.0 * np.eye(3))
