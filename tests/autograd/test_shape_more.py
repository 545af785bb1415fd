"""The further shape ops beyond the registry: which results are views (as in PyTorch), the
forms of the arguments PyTorch accepts, and bad input with PyTorch's exception types."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from nn import functional as F
from tests.conftest import torch_or_skip


def test_diagonal_and_unfold_are_views():
    x = ag.zeros(3, 4)
    d = x.diagonal(1)
    d.fill_(1.0)
    assert x.tolist()[0] == [0, 1, 0, 0] and x[2, 3].item() == 1 and x._version == 1
    w = ag.arange(6.0).unfold(0, 3, 2)
    assert w.tolist() == [[0, 1, 2], [2, 3, 4]] and w._base is not None
    r = ag.ravel(x)
    r[0] = 5.0
    assert x[0, 0].item() == 5.0  # contiguous: a view
    assert ag.ravel(x.T).is_contiguous()


def test_a_write_through_the_diagonal_is_recorded_on_its_base():
    torch = torch_or_skip()
    v = np.arange(9.0).reshape(3, 3)
    x = ag.tensor(v, requires_grad=True)
    y = x * 1
    y.diagonal().mul_(3.0)
    (y * ag.tensor(v)).sum().backward()
    tx = torch.tensor(v, requires_grad=True)
    ty = tx * 1
    ty.diagonal().mul_(3.0)
    (ty * torch.tensor(v)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy())


def test_splits_are_views_and_accept_tensors():
    x = ag.arange(7.0)
    parts = ag.tensor_split(x, ag.tensor([2, 5]))
    assert [p.tolist() for p in parts] == [[0, 1], [2, 3, 4], [5, 6]]
    assert [p.numel() for p in ag.tensor_split(x, ag.tensor(3))] == [3, 2, 2]
    assert [p.numel() for p in x.tensor_split([5, 2])] == [5, 0, 5]  # overlapping ends
    parts[1].zero_()
    assert x.tolist() == [0, 1, 0, 0, 0, 5, 6]


def test_atleast_returns_one_tensor_or_a_tuple():
    a, b = ag.tensor(1.0), ag.ones(3)
    assert ag.atleast_2d(a).shape == (1, 1)
    assert ag.atleast_1d(b) is b
    shapes = [t.shape for t in ag.atleast_3d(a, b)]
    assert shapes == [(1, 1, 1), (1, 3, 1)]
    assert [t.shape for t in ag.atleast_2d([a, b])] == [(1, 1), (1, 3)]


def test_meshgrid_forms_and_warning():
    x, y = ag.arange(2.0), ag.arange(3.0)
    with pytest.warns(UserWarning, match="meshgrid.*indexing argument"):
        gx, gy = ag.meshgrid(x, y)
    assert gx.shape == (2, 3)
    assert [g.shape for g in ag.meshgrid([x, y], indexing="xy")] == [(3, 2), (3, 2)]
    assert ag.cartesian_prod(x).tolist() == [0.0, 1.0]


def test_index_lists_like_torch():
    torch = torch_or_skip()
    for row, col, offset in [(3, 4, 0), (4, 3, 1), (3, 3, -1), (0, 2, 0)]:
        for name in ("tril_indices", "triu_indices"):
            got = getattr(ag, name)(row, col, offset)
            want = getattr(torch, name)(row, col, offset)
            assert got.dtype == ag.int64 and got.tolist() == want.tolist()
    assert ag.tril_indices(2, 2, dtype=ag.int32).dtype == ag.int32


def test_repeat_interleave_forms():
    assert ag.repeat_interleave(ag.tensor([2, 0, 1])).tolist() == [0, 0, 2]
    x = ag.tensor([[1, 2], [3, 4]])
    assert x.repeat_interleave(ag.tensor([1, 2]), dim=0).tolist() == [[1, 2], [3, 4], [3, 4]]
    assert ag.repeat_interleave(x, ag.tensor([2])).tolist() == [1, 1, 2, 2, 3, 3, 4, 4]
    assert ag.repeat_interleave(x, 2, dim=1, output_size=4).shape == (2, 4)


def test_fold_inverts_unfold_up_to_the_overlap_count():
    x = ag.tensor(np.random.default_rng(0).standard_normal((2, 3, 5, 6)))
    cols = F.unfold(x, (2, 3), padding=1)
    ones = F.fold(F.unfold(ag.ones_like(x), (2, 3), padding=1), (5, 6), (2, 3), padding=1)
    np.testing.assert_allclose(F.fold(cols, (5, 6), (2, 3), padding=1).numpy(),
                               (x * ones).numpy(), rtol=1e-6)
    assert F.unfold(x[0], 2).shape == (12, 20)
    assert F.fold(F.unfold(x, 2)[0], (5, 6), 2).shape == (3, 5, 6)


@pytest.mark.parametrize("call,error,match", [
    (lambda: ag.tensor_split(ag.tensor(1.0), 2), RuntimeError,
     "tensor_split expected at least a 1-dimensional tensor"),
    (lambda: ag.tensor_split(ag.ones(4), 0), RuntimeError,
     "number of sections must be larger than 0, got 0"),
    (lambda: ag.tensor_split(ag.ones(4), ag.tensor([[1]])), RuntimeError,
     "tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
     "one-dimensional tensor"),
    (lambda: ag.hsplit(ag.ones(2, 3), 2), RuntimeError,
     "hsplit attempted to split along dimension 1, but the size of the dimension 3 is not "
     "divisible by the split_size 2"),
    (lambda: ag.vsplit(ag.ones(4), 2), RuntimeError,
     "vsplit requires a tensor with at least 2 dimension, but got a tensor with 1"),
    (lambda: ag.dsplit(ag.ones(2, 2), 2), RuntimeError, "dsplit requires.*at least 3"),
    (lambda: ag.diag(ag.ones(2, 2, 2)), RuntimeError, "diag.*Supports 1D or 2D tensors. Got 3D"),
    (lambda: ag.diagonal(ag.ones(2, 2), 0, 1, 1), RuntimeError,
     "diagonal dimensions cannot be identical 1, 1"),
    (lambda: ag.diagonal(ag.ones(2, 2), 0, 0, 2), IndexError, "Dimension out of range"),
    (lambda: ag.diagonal(ag.ones(3), 0), IndexError, r"diagonal.*Dimension out of range.*got 1"),
    (lambda: ag.trace(ag.ones(3)), RuntimeError,
     "trace: expected a matrix, but got tensor with dim 1"),
    (lambda: ag.block_diag(ag.ones(1, 1, 1)), RuntimeError,
     "block_diag: Input tensors must have 2 or fewer dimensions. Input 0 has 3 dimensions"),
    (lambda: ag.meshgrid(ag.ones(2, 2), indexing="ij"), RuntimeError,
     r"meshgrid: Expected 0D or 1D tensor.*\[2, 2\]"),
    (lambda: ag.meshgrid(ag.ones(2), indexing="yx"), RuntimeError, "indexing must be one of"),
    (lambda: ag.meshgrid(ag.ones(2), ag.ones(2).long(), indexing="ij"), RuntimeError,
     "meshgrid: Expected all tensors .* same dtype"),
    (lambda: ag.rot90(ag.ones(2, 2), 1, [0, 0]), RuntimeError,
     "expected rotation dims to be different, but got dim0 = 0 and dim1 = 0"),
    (lambda: ag.rot90(ag.ones(3), 1), RuntimeError,
     "expected total dims >= 2, but got total dims = 1"),
    (lambda: ag.rot90(ag.ones(2, 2), 1, [0, 1, 1]), RuntimeError,
     "expected total rotation dims == 2, but got dims = 3"),
    (lambda: ag.fliplr(ag.ones(3)), RuntimeError, "Input must be >= 2-d."),
    (lambda: ag.flipud(ag.tensor(1.0)), RuntimeError, "Input must be >= 1-d."),
    (lambda: ag.repeat_interleave(ag.ones(2, 3), ag.tensor([1, 2]), dim=1), RuntimeError,
     r"repeats must have the same size as input along dim, but got repeats.size\(0\) = 2 and "
     r"input.size\(1\) = 3"),
    (lambda: ag.repeat_interleave(ag.ones(2), -1), RuntimeError, "repeats can not be negative"),
    (lambda: ag.ones(2, 3).unfold(1, 4, 1), RuntimeError,
     "maximum size for tensor at dimension 1 is 3 but size is 4"),
    (lambda: ag.ones(2, 3).unfold(1, 2, 0), RuntimeError, "step is 0 but must be > 0"),
    (lambda: F.unfold(ag.ones(3, 4), 2), IndexError, r"unfold.*3D or 4D.*\[3, 4\]"),
    (lambda: F.unfold(ag.ones(1, 1, 3, 3), 4), RuntimeError,
     r"calculated shape of the array of sliding blocks as \(0, 0\)"),
    (lambda: F.unfold(ag.ones(1, 1, 3, 3), 0), RuntimeError,
     "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 0"),
    (lambda: F.unfold(ag.ones(1, 1, 3, 3), 2, padding=-1), RuntimeError,
     "padding should be non-negative"),
    (lambda: F.fold(ag.ones(2, 7, 20), (5, 6), 2), RuntimeError,
     r"divisible by the product of kernel_size.*input.size\(1\)=7"),
    (lambda: F.fold(ag.ones(2, 12, 20), (5, 7), 2), RuntimeError,
     r"number of sliding blocks 4 \* 6 = 24, but got input.size\(2\)=20"),
    (lambda: F.fold(ag.ones(12, 20, 1, 1), (5, 6), 2), RuntimeError, "fold.*2D or 3D"),
])
def test_bad_input_raises_like_torch(call, error, match):
    with pytest.raises(error, match=match):
        call()
