"""Indexing semantics beyond the registry: views and copies, __setitem__ and versions, errors,
higher-order gradients, one_hot and nonzero."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.conftest import CUDA_REASON, raises_by_next_read, torch_or_skip


def _t(a, device, requires_grad=False, dtype=ag.float64):
    return ag.tensor(np.asarray(a, dtype=np.float64), dtype=dtype, device=device,
                     requires_grad=requires_grad)


def _np(t):
    return t.detach().cpu().numpy()


# -- views and copies -----------------------------------------------------------------------


@pytest.mark.parametrize("key", [1, slice(1, 3), (Ellipsis, 0), (None, 1), (slice(None), -1),
                                 (slice(None, None, -1), 0)])
def test_basic_indexing_is_a_view(device, key):
    x = _t(np.arange(12.0).reshape(3, 4), device)
    y = x[key]
    assert y._vc is x._vc
    with ag.no_grad():
        y.fill_(-1.0)
    expected = np.arange(12.0).reshape(3, 4)
    expected[key] = -1.0
    np.testing.assert_array_equal(_np(x), expected)
    assert x._version == 1


def test_zero_dim_int_tensor_index_is_a_view(device):
    x = _t(np.arange(6.0).reshape(3, 2), device)
    y = x[ag.tensor(2, device=device)]
    assert y.shape == (2,) and y._vc is x._vc
    np.testing.assert_array_equal(_np(y), [4.0, 5.0])


@pytest.mark.parametrize("key", [[0, 2], np.array([True, False, True]), ([1], slice(None))])
def test_advanced_indexing_copies(device, key):
    x = _t(np.arange(12.0).reshape(3, 4), device)
    y = x[key]
    assert y._vc is not x._vc
    with ag.no_grad():
        y.fill_(0.0)
    np.testing.assert_array_equal(_np(x), np.arange(12.0).reshape(3, 4))


def test_full_integer_key_gives_0d_tensor(device):
    x = _t(np.arange(6.0).reshape(2, 3), device, requires_grad=True)
    y = x[1, 2]
    assert isinstance(y, ag.Tensor) and y.shape == () and y.item() == 5.0
    y.backward()
    np.testing.assert_array_equal(_np(x.grad), [[0, 0, 0], [0, 0, 1]])


def test_iteration_yields_rows(device):
    x = _t(np.arange(6.0).reshape(3, 2), device)
    assert [r.tolist() for r in x] == [[0, 1], [2, 3], [4, 5]]


def test_duplicate_indices_accumulate_gradient(device):
    x = _t([1.0, 2.0, 3.0], device, requires_grad=True)
    idx = ag.tensor([0, 2, 0, 0], device=device)
    x[idx].sum().backward()
    np.testing.assert_array_equal(_np(x.grad), [3.0, 0.0, 1.0])


# -- __setitem__ ----------------------------------------------------------------------------


def test_setitem_no_grad_writes_in_place_and_bumps_version(device):
    x = _t(np.zeros((3, 4)), device)
    data = x._data
    x[1] = 5.0
    x[:, 0] = _t([1.0, 2.0, 3.0], device, dtype=ag.float32)  # cast to x's dtype
    x[np.array([True, False, True])] = 7
    assert x._data is data and x._version == 3 and x.dtype == ag.float64
    expected = np.zeros((3, 4))
    expected[1] = 5.0
    expected[:, 0] = [1.0, 2.0, 3.0]
    expected[[0, 2]] = 7
    np.testing.assert_array_equal(_np(x), expected)


def test_setitem_on_int_tensor_casts(device):
    x = ag.zeros(3, dtype=ag.int64, device=device)
    x[1] = 2.7
    x[2] = _t(3.9, device)
    assert x.dtype == ag.int64 and x.tolist() == [0, 2, 3]


def test_setitem_through_a_view_writes_the_base(device):
    x = _t(np.zeros((2, 3)), device)
    row = x[1]
    row[2] = 4.0
    assert x.tolist() == [[0, 0, 0], [0, 0, 4.0]]
    assert x._version == 1 and row._version == 1


def test_setitem_grad_flows_to_value_and_rest(device):
    a = _t(np.arange(12.0).reshape(3, 4), device, requires_grad=True)
    v = _t([1.0, 2.0, 3.0, 4.0], device, requires_grad=True)
    x = a * 2
    x[1] = v
    assert x.requires_grad and x.grad_fn is not None and x._version == 1
    w = _t(np.arange(12.0).reshape(3, 4) + 1, device)
    (x * w).sum().backward()
    expected_a = 2 * (np.arange(12.0).reshape(3, 4) + 1)
    expected_a[1] = 0
    np.testing.assert_allclose(_np(a.grad), expected_a)
    np.testing.assert_allclose(_np(v.grad), [5.0, 6.0, 7.0, 8.0])


def test_setitem_broadcast_value_grad_is_summed(device):
    x = ag.zeros(3, 4, dtype=ag.float64, device=device)
    v = _t(2.0, device, requires_grad=True)
    x[:, 1:3] = v  # a constant tensor becomes part of the graph
    assert x.requires_grad
    x.sum().backward()
    assert v.grad.item() == 6.0


def test_setitem_on_leaf_that_requires_grad_raises(device):
    x = _t(np.zeros(3), device, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        x[0] = 1.0
    with ag.no_grad():
        x[0] = 1.0
    assert x.tolist() == [1.0, 0.0, 0.0] and x._version == 1 and x.grad_fn is None


def test_setitem_after_save_is_caught_at_backward(device):
    a = _t([1.0, 2.0, 3.0], device, requires_grad=True)
    y = a * 1
    z = y * y  # saves y
    y[0] = 0.0
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.sum().backward()


def test_setitem_value_must_broadcast(device):
    x = _t(np.zeros((3, 4)), device)
    with pytest.raises(RuntimeError, match=r"setitem: .*\(3,\).*\[3, 4\].*\[3\]"):
        x[0] = _t(np.ones(3), device)
    with pytest.raises(RuntimeError, match=r"setitem: .*\(2,4\)"):
        x[[0, 1]] = _t([1.0, 2.0, 3.0], device)
    with pytest.raises(TypeError, match=r"setitem: expected a number .* got list"):
        x[[0, 1]] = [1.0, 2.0, 3.0]  # PyTorch takes numbers and Tensors only
    y = x * _t(1.0, device, requires_grad=True)  # the recorded path: x[0].copy_(v), as torch
    with pytest.raises(RuntimeError, match=r"copy_: the expanded size of the tensor \(4\) must "
                                           r"match the existing size \(3\) at non-singleton "
                                           r"dimension 0\.  Target sizes: \[4\]\.  Tensor "
                                           r"sizes: \[3\]"):
        y[0] = _t(np.ones(3), device)


def test_setitem_matches_torch_gradients():
    torch = torch_or_skip()
    rng = np.random.default_rng(0)
    a0, v0 = rng.standard_normal((4, 5)), rng.standard_normal((2, 1))
    mask = np.array([True, False, True, False])
    w = rng.standard_normal((4, 5))

    a, v = _t(a0, "cpu", True), _t(v0, "cpu", True)
    x = a.sin()
    x[mask, 1:3] = v
    (x * _t(w, "cpu")).sum().backward()

    ta = torch.tensor(a0, requires_grad=True)
    tv = torch.tensor(v0, requires_grad=True)
    tx = ta.sin()
    tx[torch.from_numpy(mask), 1:3] = tv
    (tx * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(_np(x), tx.detach().numpy())
    np.testing.assert_allclose(_np(a.grad), ta.grad.numpy())
    np.testing.assert_allclose(_np(v.grad), tv.grad.numpy())


# -- higher order ---------------------------------------------------------------------------


def test_getitem_second_order(device):
    x = _t([1.0, 2.0, 3.0], device, requires_grad=True)
    idx = ag.tensor([0, 0, 2], device=device)
    f = (x[idx] ** 3).sum() + (x[1:] ** 2).sum()
    (g,) = ag.grad(f, x, create_graph=True)
    np.testing.assert_allclose(_np(g), [2 * 3 * 1.0, 2 * 2.0, 3 * 9.0 + 2 * 3.0])
    (h,) = ag.grad((g * _t([1.0, 10.0, 100.0], device)).sum(), x)
    np.testing.assert_allclose(_np(h), [2 * 6 * 1.0, 10 * 2.0, 100 * (6 * 3.0 + 2.0)])


def test_setitem_and_gather_second_order_match_torch():
    torch = torch_or_skip()
    rng = np.random.default_rng(1)
    a0, v0 = rng.standard_normal((3, 4)), rng.standard_normal(4)
    index = np.array([[0, 3, 3], [1, 1, 2], [2, 0, 0]])

    def run(lib, a, v, idx):
        x = a * a
        x[1] = v * v
        y = lib.gather(x, 1, idx)
        f = (y ** 2).sum() + lib.masked_fill(a, a > 0, 0.5).pow(3).sum()
        ga, gv = lib.autograd.grad(f, (a, v), create_graph=True) if lib is torch else ag.grad(
            f, (a, v), create_graph=True)
        s = (ga * ga).sum() + (gv * gv.sin()).sum()
        return lib.autograd.grad(s, (a, v)) if lib is torch else ag.grad(s, (a, v))

    ours = run(ag, _t(a0, "cpu", True), _t(v0, "cpu", True), ag.tensor(index))
    theirs = run(torch, torch.tensor(a0, requires_grad=True), torch.tensor(v0, requires_grad=True),
                 torch.from_numpy(index))
    for o, t in zip(ours, theirs):
        np.testing.assert_allclose(_np(o), t.numpy(), rtol=1e-10, atol=1e-12)


# -- masked_fill ----------------------------------------------------------------------------


def test_masked_fill_value_tensor_gets_gradient(device):
    x = _t(np.arange(6.0).reshape(2, 3), device, requires_grad=True)
    v = _t(0.5, device, requires_grad=True)
    mask = ag.tensor([True, False, True], device=device)
    y = x.masked_fill(mask, v)
    np.testing.assert_array_equal(_np(y), [[0.5, 1, 0.5], [0.5, 4, 0.5]])
    y.sum().backward()
    assert v.grad.item() == 4.0
    np.testing.assert_array_equal(_np(x.grad), [[0, 1, 0], [0, 1, 0]])


def test_masked_fill_errors(device):
    x = _t(np.zeros(3), device)
    with pytest.raises(RuntimeError, match="boolean masks"):
        x.masked_fill(ag.ones(3, device=device), 1.0)
    with pytest.raises(RuntimeError, match="0-dimensional value tensor"):
        x.masked_fill(ag.ones(3, dtype=ag.bool, device=device), _t([1.0, 2.0], device))


def test_masked_fill_in_place(device):
    x = _t(np.zeros((2, 2)), device)
    x.masked_fill_(ag.tensor([True, False], device=device), 3.0)
    assert x.tolist() == [[3.0, 0.0], [3.0, 0.0]] and x._version == 1


# -- errors ---------------------------------------------------------------------------------


def test_index_out_of_range_errors(device):
    x = _t(np.zeros((3, 4)), device)
    with pytest.raises(IndexError, match=r"index 3 is out of bounds .* size 3.*\[3, 4\]"):
        x[3]
    # an index array is checked on the device: a GPU reports it at the next host read
    with raises_by_next_read(device, IndexError, r"index 5 is out of bounds .* size 3"):
        x[[0, 5]]
    with raises_by_next_read(device, IndexError, r"index -4 is out of bounds .* size 3"):
        x[ag.tensor([1, -4], device=device)]
    with pytest.raises(IndexError, match=r"The shape of the mask \[2\] at index 0 does not match "
                                         r"the shape of the indexed tensor \[3, 4\] at index 0"):
        x[ag.tensor([True, False], device=device)]
    with pytest.raises(IndexError, match="long, int, byte or bool"):
        x[ag.tensor([0.0, 1.0], device=device)]
    with pytest.raises(IndexError, match="valid indices"):
        x[{1}]
    with pytest.raises(TypeError, match="valid indices"):  # PyTorch reads a str as data
        x["a"]
    # into an empty dimension every index is out of range: raised at once, on every device
    with pytest.raises(IndexError, match=r"out of bounds for dimension 0 with size 0"):
        x[:0][ag.tensor([2, 0], device=device)]


@pytest.mark.parametrize("call, error, words", [
    (lambda x, i: ag.gather(x, 1, i(4)), RuntimeError, ["gather", "4", "dimension 1", "4"]),
    (lambda x, i: ag.gather(x, 0, i(-1)), RuntimeError, ["gather", "-1", "dimension 0"]),
    (lambda x, i: ag.scatter(x, 0, i(3), 1.0), RuntimeError, ["scatter", "3", "size 3"]),
    (lambda x, i: ag.scatter_add(x, 1, i(9), ag.ones(3, 2, dtype=ag.float64,
                                                      device=x.device)),
     RuntimeError, ["scatter_add", "9"]),
    (lambda x, i: ag.index_select(x, 0, ag.tensor([0, 3], device=x.device)), IndexError,
     ["index_select", "3", "size 3"]),
    (lambda x, i: ag.take_along_dim(x, i(-5), 1), RuntimeError, ["take_along_dim", "-5"]),
    (lambda x, i: ag.index_add(x, 0, ag.tensor([4], device=x.device),
                               ag.ones(1, 4, dtype=ag.float64, device=x.device)),
     RuntimeError, ["index_add", "4", "size 3"]),
])
def test_gather_family_range_errors(device, call, error, words):
    x = _t(np.zeros((3, 4)), device)

    def index(bad):
        a = np.zeros((3, 2), dtype=np.int64)
        a[1, 1] = bad
        return ag.tensor(a, device=device)

    with raises_by_next_read(device, error) as info:
        call(x, index)
    for w in words:
        assert w in str(info.value)


def test_gather_family_shape_and_dtype_errors(device):
    x = _t(np.zeros((3, 4)), device)
    with pytest.raises(RuntimeError, match="int64"):
        ag.gather(x, 0, ag.zeros(3, 4, device=device))
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        ag.gather(x, 0, ag.zeros(3, dtype=ag.int64, device=device))
    with pytest.raises(RuntimeError, match="smaller than self"):
        ag.gather(x, 0, ag.zeros(2, 5, dtype=ag.int64, device=device))
    with pytest.raises(RuntimeError, match="smaller size than src"):
        ag.scatter(x, 0, ag.zeros(2, 3, dtype=ag.int64, device=device),
                   ag.ones(2, 2, dtype=ag.float64, device=device))
    with pytest.raises(IndexError, match="Dimension out of range"):
        ag.index_select(x, 2, ag.zeros(1, dtype=ag.int64, device=device))
    with pytest.raises(IndexError, match="vector"):
        ag.index_select(x, 0, ag.zeros(1, 1, dtype=ag.int64, device=device))
    with pytest.raises(RuntimeError, match="should have shape"):
        ag.index_add(x, 0, ag.zeros(2, dtype=ag.int64, device=device),
                     ag.ones(3, 4, dtype=ag.float64, device=device))
    # int32 indices are accepted
    y = ag.gather(x, 1, ag.zeros(3, 1, dtype=ag.int32, device=device))
    assert y.shape == (3, 1)


def test_scatter_multiply_has_no_gradient():
    x = _t(np.ones(3), "cpu")
    idx = ag.tensor([0, 0])
    src = _t([2.0, 3.0], "cpu")
    assert ag.scatter(x, 0, idx, src, reduce="multiply").tolist() == [6.0, 1.0, 1.0]
    with pytest.raises(RuntimeError, match="multiply"):
        ag.scatter(x, 0, idx, _t([2.0, 3.0], "cpu", True), reduce="multiply")
    with pytest.raises(RuntimeError, match="add or multiply"):
        ag.scatter(x, 0, idx, src, reduce="max")


@pytest.mark.skipif(CUDA_REASON is not None, reason=f"cuda unavailable: {CUDA_REASON}")
def test_index_on_another_device():
    # as in PyTorch: host indices index any device, a basic key copies a value over, an index
    # on a GPU does not index a host tensor, and gather wants one device
    x = _t(np.zeros((3, 4)), "cuda")
    assert x[ag.tensor([0, 1])].device == x.device
    x[0] = _t(np.ones(4), "cpu")
    x[ag.tensor([2])] = 2.0
    assert x.sum().item() == 12.0
    with pytest.raises(RuntimeError, match="device"):
        _t(np.zeros((3, 4)), "cpu")[ag.tensor([0, 1], device="cuda")]
    with pytest.raises(RuntimeError, match="device"):
        x[ag.tensor([0, 1])] = _t(np.ones((2, 4)), "cpu")
    with pytest.raises(RuntimeError, match="device"):
        ag.gather(x, 0, ag.zeros(1, 4, dtype=ag.int64))
    with raises_by_next_read("cuda", IndexError, "index 3 is out of bounds"):
        x[ag.tensor([0, 3], device="cuda")]  # CuPy itself would wrap around silently


# -- one_hot, nonzero -----------------------------------------------------------------------


def test_one_hot(device):
    y = ag.one_hot(ag.tensor([[0, 2], [1, 1]], device=device))
    assert y.dtype == ag.int64 and y.shape == (2, 2, 3) and not y.requires_grad
    np.testing.assert_array_equal(_np(y), np.eye(3, dtype=np.int64)[[[0, 2], [1, 1]]])
    assert ag.one_hot(ag.tensor([1], device=device), 4).tolist() == [[0, 1, 0, 0]]
    with pytest.raises(RuntimeError, match="LongTensor"):
        ag.one_hot(ag.tensor([0.0, 1.0], device=device))
    with pytest.raises(RuntimeError, match="non-negative"):
        ag.one_hot(ag.tensor([0, -1], device=device))
    with raises_by_next_read(device, RuntimeError, "smaller than num_classes"):
        ag.one_hot(ag.tensor([0, 3], device=device), 3)
    with pytest.raises(RuntimeError, match="empty"):
        ag.one_hot(ag.zeros(0, dtype=ag.int64, device=device))


def test_nonzero_and_where(device):
    c = ag.tensor([[True, False], [True, True]], device=device)
    nz = ag.nonzero(c)
    assert nz.dtype == ag.int64 and nz.tolist() == [[0, 0], [1, 0], [1, 1]]
    rows, cols = ag.where(c)
    assert rows.tolist() == [0, 1, 1] and cols.tolist() == [0, 0, 1]
    assert ag.nonzero(ag.tensor(3, device=device)).shape == (1, 0)
    assert [t.tolist() for t in ag.nonzero(ag.tensor(0, device=device), as_tuple=True)] == [[]]


def test_setitem_scalar_position_of_1d_tensor(device):
    a = _t([1.0, 2.0, 3.0], device, requires_grad=True)
    v = _t(5.0, device, requires_grad=True)
    x = a * 1
    x[1] = v * 2
    (x * _t([1.0, 2.0, 3.0], device)).sum().backward()
    assert v.grad.shape == () and v.grad.item() == 4.0
    np.testing.assert_array_equal(_np(a.grad), [1.0, 0.0, 3.0])


def test_advanced_key_checks_used_on_cuda():
    # CuPy does not bounds-check advanced indices, so keys are checked before use there;
    # the check itself is backend-independent and runs here on cpu.
    from autograd.ops.indexing.index import _check_key, _key

    x = ag.zeros(3, 4, 5)
    for key in [(np.array([0, 2]), slice(None), np.array([4, -5])), (None, ..., np.array([1])),
                (np.ones((3, 4), bool),), (1, slice(None), np.ones(5, bool)),
                (True, np.array([2]))]:
        _check_key(x, _key(x, key)[0])
    for key, words in [((np.array([0, 3]),), "index 3 is out of bounds for dimension 0"),
                       ((..., np.array([5])), "index 5 is out of bounds for dimension 2"),
                       ((np.ones((3, 5), bool),), "shape of the mask [3, 5] at index 0"),
                       ((slice(None), np.array([-5])), "index -5")]:
        with pytest.raises(IndexError) as info:
            _check_key(x, _key(x, key)[0])
        assert words in str(info.value)


def test_diff_namespace_index_add_is_recorded():
    # backward formulas written as ``gx = xp.zeros(...); xp.index_add(gx, idx, g)`` stay
    # differentiable under create_graph
    from autograd.engine.diffxp import diff_namespace

    xp = diff_namespace(ag.device("cpu").backend)
    g = _t([1.0, 2.0], "cpu", requires_grad=True)
    gx = xp.zeros((3,), dtype=ag.float64)
    xp.index_add(gx, (np.array([2, 2]),), g * g)
    assert gx.requires_grad and gx.tolist() == [0.0, 0.0, 5.0]
    gx.sum().backward()
    assert g.grad.tolist() == [2.0, 4.0]
