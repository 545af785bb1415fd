"""take, put, index_copy, index_fill, masked_scatter and scatter_reduce beyond the registry:
in-place forms and their versions, semantics PyTorch fixes (duplicate indices, negative flat
positions, include_self), and bad input with PyTorch's exception types."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip


def test_inplace_forms_write_into_the_tensor_and_its_base():
    base = ag.zeros(2, 3)
    row = base[1]
    assert row.put_(ag.tensor([0, 2]), ag.tensor([1.0, 2.0])) is row
    assert base.tolist() == [[0, 0, 0], [1, 0, 2]] and base._version == 1
    x = ag.zeros(2, 3)
    x.index_copy_(1, ag.tensor([2]), ag.ones(2, 1))
    x.index_fill_(0, ag.tensor([0]), 5.0)
    x.masked_scatter_(ag.tensor([[False, True, False], [True, False, False]]),
                      ag.tensor([7.0, 8.0]))
    assert x.tolist() == [[5, 7, 5], [8, 0, 1]] and x._version == 3
    y = ag.ones(3)
    y.scatter_reduce_(0, ag.tensor([0, 0, 2]), ag.tensor([2.0, 3.0, 4.0]), "prod")
    assert y.tolist() == [6.0, 1.0, 4.0]


def test_inplace_forms_record_the_gradient_on_a_non_leaf():
    torch = torch_or_skip()
    v = np.array([0.5, -1.0, 2.0])
    x = ag.tensor(v, requires_grad=True)
    s = ag.tensor([3.0, 4.0], dtype=ag.float64, requires_grad=True)  # index_copy_ wants one dtype
    y = x * 2
    y.index_copy_(0, ag.tensor([2, 0]), s)
    (y * ag.tensor([1.0, 2.0, 3.0])).sum().backward()
    tx = torch.tensor(v, requires_grad=True)
    ts = torch.tensor([3.0, 4.0], dtype=torch.float64, requires_grad=True)
    ty = tx * 2
    ty.index_copy_(0, torch.tensor([2, 0]), ts)
    (ty * torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy())
    np.testing.assert_allclose(s.grad.numpy(), ts.grad.numpy())


def test_take_and_put_count_negative_positions_from_the_end():
    x = ag.arange(6.0).reshape(2, 3)
    assert ag.take(x, ag.tensor([-1, 0])).tolist() == [5.0, 0.0]
    assert x.put(ag.tensor([-1]), ag.tensor([9.0])).tolist() == [[0, 1, 2], [3, 4, 9]]
    assert x.put(ag.tensor([0, 0]), ag.tensor([1.0, 2.0]), accumulate=True)[0, 0].item() == 3


def test_scatter_reduce_include_self_and_integer_mean_like_torch():
    torch = torch_or_skip()
    x = np.arange(6).reshape(2, 3)
    index = np.array([[0, 1, 0], [1, 1, 0]])
    src = np.array([[1, 2, 3], [4, 5, 6]])
    for reduce in ("sum", "prod", "mean", "amax", "amin"):
        for include_self in (True, False):
            got = ag.scatter_reduce(ag.tensor(x), 0, ag.tensor(index), ag.tensor(src), reduce,
                                    include_self=include_self)
            want = torch.scatter_reduce(torch.tensor(x), 0, torch.tensor(index),
                                        torch.tensor(src), reduce, include_self=include_self)
            assert got.dtype == ag.int64
            np.testing.assert_array_equal(got.numpy(), want.numpy(), err_msg=reduce)


def test_scatter_multiply_uses_the_backend_reduction():
    out = ag.scatter(ag.tensor([1.0, 2.0, 3.0]), 0, ag.tensor([0, 0, 2]),
                     ag.tensor([2.0, 3.0, 4.0]), reduce="multiply")
    assert out.tolist() == [6.0, 2.0, 12.0]
    with pytest.raises(RuntimeError, match="derivative for reduce='multiply'"):
        ag.scatter(ag.ones(3, requires_grad=True), 0, ag.tensor([0]), ag.tensor([2.0]),
                   reduce="multiply")


def test_index_fill_with_a_repeated_index_fills_once():
    value = ag.tensor(2.0, requires_grad=True)
    out = ag.index_fill(ag.zeros(3, 2), 0, ag.tensor([1, 1]), value)
    out.sum().backward()
    assert out.tolist() == [[0, 0], [2, 2], [0, 0]] and value.grad.item() == 2.0


@pytest.mark.parametrize("call,error,match", [
    (lambda x: ag.take(x, ag.tensor([6])), IndexError,
     r"take\(\): out of range: tried to access index 6 on a tensor of 6 elements"),
    (lambda x: ag.take(x, ag.tensor([-7])), IndexError, "index -7 on a tensor of 6"),
    (lambda x: ag.take(x, ag.tensor([0.0])), RuntimeError, "take.*int64.*float32"),
    (lambda x: x.put_(ag.tensor([0, 7]), ag.tensor([1.0, 2.0])), IndexError,
     "put_.*index 7 on a tensor of 6"),
    (lambda x: x.put_(ag.tensor([0, 1]), ag.tensor([1.0, 2.0, 3.0])), IndexError,
     r"put_\(\): Expected source and index to have the same number of elements.*3.*2"),
    (lambda x: ag.index_copy(x, 1, ag.tensor([5]), ag.ones(2, 1)), IndexError,
     "index_copy_.*index 5 is out of bounds for dimension 1 with size 3"),
    (lambda x: ag.index_copy(x, 1, ag.tensor([0, 1]), ag.ones(2, 1)), IndexError,
     r"Number of indices \(2\) should be equal to source.size\(dim\) \(1\)"),
    (lambda x: ag.index_copy(x, 1, ag.tensor([0]), ag.ones(3, 1)), RuntimeError,
     "index_copy_.*same slice shapes"),
    (lambda x: ag.index_copy(x, 1, ag.tensor([[0]]), ag.ones(2, 1)), IndexError,
     "index_copy.*vector"),
    (lambda x: ag.index_fill(x, 1, ag.tensor([3]), 1.0), IndexError,
     "index_fill_.*index 3 is out of bounds"),
    (lambda x: ag.index_fill(x, 1, ag.tensor([0]), ag.tensor([1.0])), RuntimeError,
     "index_fill_ only supports a 0-dimensional value tensor.*1 dimension"),
    (lambda x: ag.index_fill(x, 2, ag.tensor([0]), 1.0), IndexError, "Dimension out of range"),
    (lambda x: ag.masked_scatter(x, ag.tensor([1, 0, 1]), ag.ones(6)), RuntimeError,
     "masked_scatter only supports boolean masks.*int64"),
    (lambda x: ag.masked_scatter(x, ag.ones(2, 3).bool(), ag.ones(5)), RuntimeError,
     "masked_scatter: Number of elements of source < number of ones in mask"),
    (lambda x: ag.masked_scatter(x, ag.ones(3, 3).bool(), ag.ones(9)), RuntimeError,
     r"masked_scatter.*\[3, 3\].*\[2, 3\]"),
    (lambda x: x.masked_scatter_(ag.ones(3, 2, 3).bool(), ag.ones(18)), RuntimeError,
     r"masked_scatter_.*shape \[2, 3\].*\[3, 2, 3\]"),
    (lambda x: ag.scatter_reduce(x, 0, ag.tensor([[0]]), ag.ones(1, 1), "max"), RuntimeError,
     "reduce argument must be either sum, prod, mean, amax or amin, got max"),
    (lambda x: ag.scatter_reduce(x, 0, ag.tensor([[0]]), ag.ones(1, 1).long(), "sum"),
     RuntimeError, r"scatter_reduce\(\): Expected self.dtype to be equal to src.dtype"),
    (lambda x: ag.scatter_reduce(x, 0, ag.tensor([[3]]), ag.ones(1, 1), "sum"), RuntimeError,
     "scatter_reduce.*index 3 is out of bounds for dimension 0 with size 2"),
    (lambda x: ag.scatter_reduce(x, 0, ag.tensor([0]), ag.ones(1), "sum"), RuntimeError,
     "scatter_reduce.*same number of dimensions"),
    (lambda x: ag.scatter_reduce(x, 0, ag.tensor([[0]]), 1.0, "sum"), TypeError,
     "scatter_reduce.*src must be a Tensor"),
])
def test_bad_input_raises_like_torch(call, error, match):
    x = ag.arange(6.0).reshape(2, 3)
    with pytest.raises(error, match=match):
        call(x)
