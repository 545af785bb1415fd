"""Sorting, selection, scans, statistics and counting beyond the registry: named tuples, NaN
and tie semantics against PyTorch, the errors PyTorch raises, and the outputs that have no
derivative."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip

NAMED = ["sort", "topk", "kthvalue", "median", "nanmedian", "mode", "cummax", "cummin"]


def _calls(x):
    return {"sort": ag.sort(x), "topk": ag.topk(x, 2), "kthvalue": ag.kthvalue(x, 2),
            "median": ag.median(x, 0), "nanmedian": ag.nanmedian(x, 0), "mode": ag.mode(x),
            "cummax": ag.cummax(x, 0), "cummin": ag.cummin(x, 0)}


def test_results_are_named_tuples_like_torch_return_types():
    x = ag.tensor([3.0, 1.0, 2.0])
    for name, out in _calls(x).items():
        assert type(out) is getattr(ag.return_types, name), name
        values, indices = out
        assert values is out.values and indices is out.indices
        assert indices.dtype == ag.int64
    mm = ag.aminmax(x)
    assert type(mm) is ag.return_types.aminmax and mm.min.item() == 1 and mm.max.item() == 3


def test_methods_agree_with_the_functions():
    x = ag.tensor(np.random.default_rng(0).standard_normal((3, 5)))
    pairs = [(x.sort(1, True), ag.sort(x, 1, True)), (x.topk(2, 0), ag.topk(x, 2, 0)),
             (x.kthvalue(3), ag.kthvalue(x, 3)), (x.median(1), ag.median(x, 1)),
             (x.mode(0), ag.mode(x, 0)), (x.cummin(1), ag.cummin(x, 1)),
             (x.aminmax(dim=0), ag.aminmax(x, dim=0))]
    for a, b in pairs:
        for u, v in zip(a, b):
            np.testing.assert_array_equal(u.numpy(), v.numpy())
    for a, b in [(x.argsort(0), ag.argsort(x, 0)), (x.msort(), ag.msort(x)),
                 (x.quantile(0.3, 1), ag.quantile(x, 0.3, 1)), (x.nansum(), ag.nansum(x)),
                 (x.logcumsumexp(0), ag.logcumsumexp(x, 0)), (x.median(), ag.median(x)),
                 (x.count_nonzero(1), ag.count_nonzero(x, 1))]:
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_sort_is_stable_and_puts_nan_where_torch_does():
    torch = torch_or_skip()
    x = np.array([[2.0, math.nan, 1.0, 2.0, -math.inf, 1.0, math.nan, math.inf]] * 2)
    for descending in (False, True):
        got = ag.sort(ag.tensor(x), 1, descending=descending)
        want = torch.sort(torch.tensor(x), dim=1, descending=descending, stable=True)
        np.testing.assert_array_equal(got.values.numpy(), want.values.numpy())
        np.testing.assert_array_equal(got.indices.numpy(), want.indices.numpy())
        np.testing.assert_array_equal(ag.argsort(ag.tensor(x), 1, descending).numpy(),
                                      want.indices.numpy())


def test_topk_counts_nan_as_largest_like_torch():
    torch = torch_or_skip()
    x = [0.5, math.nan, 3.0, -1.0, 2.0]
    for largest in (True, False):
        got = ag.topk(ag.tensor(x), 2, largest=largest)
        want = torch.topk(torch.tensor(x), 2, largest=largest)
        np.testing.assert_array_equal(got.values.numpy(), want.values.numpy())
        np.testing.assert_array_equal(got.indices.numpy(), want.indices.numpy())


def test_unsorted_topk_selects_the_same_set():
    x = ag.tensor(np.random.default_rng(1).standard_normal((4, 9)))
    out = ag.topk(x, 3, sorted=False)
    np.testing.assert_array_equal(np.sort(out.values.numpy(), 1),
                                  np.sort(ag.topk(x, 3).values.numpy(), 1))


def test_cummax_and_cummin_nan_and_ties_like_torch():
    torch = torch_or_skip()
    x = [[1.0, 3.0, 3.0, math.nan, 5.0, math.nan, 0.0], [2.0, 2.0, 1.0, 1.0, 4.0, 4.0, 4.0]]
    for name in ("cummax", "cummin"):
        got = getattr(ag, name)(ag.tensor(x), 1)
        want = getattr(torch, name)(torch.tensor(x), 1)
        np.testing.assert_array_equal(got.values.numpy(), want.values.numpy())
        np.testing.assert_array_equal(got.indices.numpy(), want.indices.numpy())


def test_median_of_everything_shares_the_gradient_among_ties_like_torch():
    torch = torch_or_skip()
    values = [[1.0, 2.0, 2.0], [3.0, 2.0, 0.0]]
    x = ag.tensor(values, dtype=ag.float64, requires_grad=True)
    ag.median(x).backward()
    t = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    torch.median(t).backward()
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy())
    assert math.isnan(ag.median(ag.tensor([])).item())
    assert math.isnan(ag.median(ag.tensor([1.0, math.nan])).item())
    assert ag.nanmedian(ag.tensor([1.0, math.nan, 3.0, 2.0])).item() == 2.0


def test_nanmedian_of_a_line_of_nans_is_nan():
    out = ag.nanmedian(ag.tensor([[1.0, math.nan, 3.0], [math.nan] * 3]), 1)
    assert out.values[0].item() == 1.0 and math.isnan(out.values[1].item())


def test_quantile_shapes_like_torch():
    torch = torch_or_skip()
    x = np.random.default_rng(2).standard_normal((2, 3, 4))
    q = [0.2, 0.9]
    for kw in ({}, {"dim": 1}, {"dim": -1, "keepdim": True}, {"keepdim": True}):
        got = ag.quantile(ag.tensor(x), ag.tensor(q, dtype=ag.float64), **kw)
        want = torch.quantile(torch.tensor(x), torch.tensor(q, dtype=torch.float64), **kw)
        assert tuple(got.shape) == tuple(want.shape), kw
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-12)
    assert ag.quantile(ag.tensor(2.0), 0.5, dim=0, keepdim=True).shape == ()


def test_unique_and_bincount_outputs_refuse_backward_like_torch():
    x = ag.tensor([3.0, 1.0, 3.0], requires_grad=True)
    with pytest.raises(NotImplementedError, match="derivative for 'unique' is not implemented"):
        ag.unique(x).sum().backward()
    with pytest.raises(NotImplementedError, match="'unique_consecutive'"):
        ag.unique_consecutive(x).sum().backward()
    with pytest.raises(RuntimeError, match="derivative for 'bincount' is not implemented"):
        ag.bincount(ag.tensor([0, 2, 2]), weights=x).sum().backward()
    assert not ag.histc(x, 3).requires_grad
    assert not ag.searchsorted(ag.tensor([1.0, 2.0]), x).requires_grad


def test_unique_returns_like_torch():
    torch = torch_or_skip()
    x = [[1, 2], [1, 2], [0, 5], [1, 2]]
    got = ag.unique(ag.tensor(x), dim=0, return_inverse=True, return_counts=True)
    want = torch.unique(torch.tensor(x), dim=0, return_inverse=True, return_counts=True)
    for a, b in zip(got, want):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    got = ag.unique(ag.tensor([[3, 1], [1, 3]]), return_inverse=True)
    assert got[1].shape == (2, 2) and got[1].tolist() == [[1, 0], [0, 1]]
    assert ag.unique(ag.tensor(3)).tolist() == [3]


def test_bincount_and_histc_dtypes_like_torch():
    assert ag.bincount(ag.tensor([0, 1, 1])).dtype == ag.int64
    assert ag.bincount(ag.tensor([0, 1]), weights=ag.tensor([0.5, 1.0])).dtype == ag.float32
    assert ag.bincount(ag.tensor([0, 1]), weights=ag.tensor([1, 2])).dtype == ag.float64
    assert ag.histc(ag.tensor([1.0, 1.0]), 3).tolist() == [0.0, 2.0, 0.0]
    h = ag.histc(ag.tensor([0.0, 1.0, 2.0, 3.0, 5.0, -1.0]), bins=3, min=0, max=3)
    assert h.tolist() == [1.0, 1.0, 2.0]  # 3.0 falls in the last bin, 5 and -1 nowhere


def test_searchsorted_options():
    seq = ag.tensor([1, 3, 5, 7])
    assert ag.searchsorted(seq, ag.tensor([3, 6])).tolist() == [1, 3]
    assert ag.searchsorted(seq, ag.tensor([3, 6]), side="right").tolist() == [2, 3]
    assert ag.searchsorted(seq, 5).item() == 2 and ag.searchsorted(seq, 5).shape == ()
    assert ag.searchsorted(seq, ag.tensor([3]), out_int32=True).dtype == ag.int32
    unsorted = ag.tensor([7, 1, 5, 3])
    assert ag.searchsorted(unsorted, ag.tensor([4]), sorter=ag.tensor([1, 3, 2, 0])).tolist() \
        == [2]
    assert ag.bucketize(ag.tensor([1, 5, 8]), seq, right=True).tolist() == [1, 3, 4]


def test_inplace_scans():
    x = ag.tensor([1.0, 2.0, 3.0])
    assert x.cumsum_(0) is x and x.tolist() == [1.0, 3.0, 6.0]
    assert x.cumprod_(0) is x and x.tolist() == [1.0, 3.0, 18.0]


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("call,error,match", [
    (lambda x: ag.topk(x, 5), RuntimeError, r"topk\(\): selected index k out of range.*k=5"),
    (lambda x: ag.topk(x, -1), RuntimeError, "topk.*out of range"),
    (lambda x: ag.kthvalue(x, 0, 1), RuntimeError, "kthvalue.*out of range for dimension 1"),
    (lambda x: ag.kthvalue(x, 5), RuntimeError, "kthvalue.*k=5"),
    (lambda x: ag.sort(x, 2), IndexError, "sort.*Dimension out of range"),
    (lambda x: ag.cummax(x, -3), IndexError, "cummax.*Dimension out of range"),
    (lambda x: ag.quantile(x, 1.5), RuntimeError, r"quantile\(\) q must be in the range"),
    (lambda x: ag.quantile(x, -0.5, dim=0), RuntimeError, "in the range.*-0.5"),
    (lambda x: ag.quantile(x.long(), 0.5), RuntimeError, "quantile.*float or double.*int64"),
    (lambda x: ag.quantile(x, 0.5, interpolation="cubic"), RuntimeError,
     "interpolation must be one of.*cubic"),
    (lambda x: ag.quantile(x, ag.tensor([[0.5]])), RuntimeError, "q must be a scalar or 1D"),
    (lambda x: ag.nanquantile(x[:, :0], 0.5, 1), RuntimeError, "nanquantile.*non-empty"),
    (lambda x: ag.median(x[:0], 0), IndexError, "median.*dim 0.*non-zero size"),
    (lambda x: ag.mode(x[:, :0]), IndexError, "mode.*non-zero size"),
    (lambda x: ag.nanmean(x.long()), RuntimeError, "nanmean.*floating point.*int64"),
    (lambda x: ag.logcumsumexp(x.long(), 0), NotImplementedError, "logcumsumexp.*int64"),
    (lambda x: ag.aminmax(x[:0]), RuntimeError, "aminmax.*empty dimension"),
    (lambda x: ag.count_nonzero(x, (0, 0)), RuntimeError, "dim 0 appears multiple times"),
])
def test_bad_input_raises_like_torch(call, error, match):
    x = ag.tensor(np.arange(8.0).reshape(2, 4))
    with pytest.raises(error, match=match):
        call(x)


@pytest.mark.parametrize("call,error,match", [
    (lambda: ag.bincount(ag.tensor([-1, 2])), RuntimeError, "1-d non-negative integral"),
    (lambda: ag.bincount(ag.tensor([[1, 2]])), RuntimeError, r"shape \[1, 2\]"),
    (lambda: ag.bincount(ag.tensor([1.0])), NotImplementedError, "bincount.*float32"),
    (lambda: ag.bincount(ag.tensor([1, 2]), weights=ag.tensor([1.0])), RuntimeError,
     "weights.*same length"),
    (lambda: ag.histc(ag.tensor([1, 2]), 3), NotImplementedError, "histogram.*int64"),
    (lambda: ag.histc(ag.tensor([1.0]), -1), RuntimeError, "bins must be > 0, but got -1"),
    (lambda: ag.histc(ag.tensor([1.0]), 3, min=3, max=1), RuntimeError,
     "max must be larger than min"),
    (lambda: ag.searchsorted(ag.tensor([[1, 2], [3, 4]]), ag.tensor([1, 2, 3])), RuntimeError,
     r"boundaries tensor \[2, 2\] and input value tensor \[3\]"),
    (lambda: ag.searchsorted(ag.tensor([1, 2]), ag.tensor([3]), side="left", right=True),
     RuntimeError, "side and right can't be set to opposites"),
    (lambda: ag.searchsorted(ag.tensor([1, 2]), ag.tensor([3]), side="middle"), RuntimeError,
     "side can only be 'left' or 'right'"),
    (lambda: ag.bucketize(ag.tensor([3]), ag.tensor([[1, 2]])), RuntimeError,
     r"boundaries tensor must be 1 dimension, but got dim\(2\)"),
])
def test_bad_counting_input_raises_like_torch(call, error, match):
    with pytest.raises(error, match=match):
        call()
