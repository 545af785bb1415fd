"""Dropout and Embedding: mask statistics, modes and seeding; lookups and gradients against NumPy
and PyTorch; error paths."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn import functional as F
from tests.conftest import torch_or_skip

# -- dropout ------------------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_statistics(device, p):
    ag.manual_seed(1)
    x = ag.ones(200, 500, device=device)
    y = F.dropout(x, p).numpy(force=True)
    zeros = (y == 0).mean()
    assert abs(zeros - p) < 0.01, zeros
    kept = y[y != 0]
    np.testing.assert_allclose(kept, 1 / (1 - p), rtol=1e-6)  # inverted scaling
    assert abs(y.mean() - 1.0) < 0.03  # the mean is preserved
    assert y.dtype == np.float32


def test_dropout_gradient_is_the_mask(device):
    x = ag.randn(30, 40, dtype=ag.float64, device=device, requires_grad=True)
    y = F.dropout(x, 0.25)
    y.backward(ag.ones_like(y))
    g = x.grad.numpy(force=True)
    out = y.detach().numpy(force=True)
    np.testing.assert_allclose(g, np.where(out != 0, 1 / 0.75, 0.0))
    np.testing.assert_allclose(out, x.detach().numpy(force=True) * g)


def test_dropout_reproducible_under_manual_seed(device):
    x = ag.randn(8, 9, device=device)
    ag.manual_seed(123)
    a = F.dropout(x, 0.5).numpy(force=True)
    ag.manual_seed(123)
    b = F.dropout(x, 0.5).numpy(force=True)
    c = F.dropout(x, 0.5).numpy(force=True)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(b, c)  # the generator moves on


def test_dropout_identity_cases_return_the_input():
    x = ag.randn(3, 4, requires_grad=True)
    assert F.dropout(x, 0.5, training=False) is x
    assert F.dropout(x, 0.0) is x
    y = F.dropout(x, 1.0)
    np.testing.assert_array_equal(y.detach().numpy(), 0.0)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), 0.0)


def test_dropout_inplace():
    ag.manual_seed(0)
    x = ag.randn(50, 50)
    before = x.numpy().copy()
    y = F.dropout(x, 0.5, inplace=True)
    assert y is x
    out = x.numpy()
    assert 0.4 < (out == 0).mean() < 0.6
    np.testing.assert_allclose(out[out != 0], 2 * before[out != 0], rtol=1e-6)


@pytest.mark.parametrize("p", [-0.1, 1.5])
def test_dropout_rejects_bad_p(p):
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.dropout(ag.ones(3), p)
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.Dropout(p)


def test_dropout_rejects_integer_input():
    with pytest.raises(RuntimeError, match="floating-point"):
        F.dropout(ag.tensor([1, 2, 3]), 0.5)


def test_dropout_module_train_and_eval(device):
    layer = nn.Dropout(0.5)
    assert repr(layer) == "Dropout(p=0.5, inplace=False)"
    assert repr(nn.Dropout(0.2, inplace=True)) == "Dropout(p=0.2, inplace=True)"
    x = ag.ones(100, 100, device=device)
    y = layer(x)
    assert 0.4 < (y.numpy(force=True) == 0).mean() < 0.6
    layer.eval()
    assert layer(x) is x
    np.testing.assert_array_equal(layer(x).numpy(force=True),  # deterministic
                                  layer(x).numpy(force=True))
    assert list(layer.parameters()) == []


def test_dropout_second_order():
    x = ag.randn(5, 6, dtype=ag.float64, requires_grad=True)

    def fn(x):
        ag.manual_seed(7)
        return (F.dropout(x, 0.3) ** 3).sum()

    assert ag.gradgradcheck(fn, [x])


# -- embedding ----------------------------------------------------------------------------------


def _embedding_ref(idx, w, padding_idx=None, scale_grad_by_freq=False, gy=None):
    """Forward and weight gradient by direct loops."""
    out = np.zeros(idx.shape + (w.shape[1],))
    gw = np.zeros_like(w)
    counts = np.bincount(idx.ravel(), minlength=w.shape[0])
    for pos in np.ndindex(*idx.shape):
        r = idx[pos]
        out[pos] = w[r]
        if r != padding_idx:
            gw[r] += gy[pos] / (counts[r] if scale_grad_by_freq else 1)
    return out, gw


@pytest.mark.parametrize("padding_idx", [None, 2])
@pytest.mark.parametrize("freq", [False, True])
def test_embedding_matches_loops(device, padding_idx, freq):
    rng = np.random.default_rng(0)
    w = rng.standard_normal((7, 4))
    idx = np.array([[2, 0, 2, 6], [1, 2, 6, 6], [3, 3, 3, 0]])
    gy = rng.standard_normal(idx.shape + (4,))
    wt = ag.tensor(w, device=device, requires_grad=True)
    out = F.embedding(ag.tensor(idx, device=device), wt, padding_idx=padding_idx,
                      scale_grad_by_freq=freq)
    out.backward(ag.tensor(gy, device=device))
    ref_out, ref_gw = _embedding_ref(idx, w, padding_idx, freq, gy)
    np.testing.assert_allclose(out.detach().numpy(force=True), ref_out)
    np.testing.assert_allclose(wt.grad.numpy(force=True), ref_gw, atol=1e-12)


@pytest.mark.parametrize("kw", [{}, {"padding_idx": 1}, {"padding_idx": -1},
                                {"scale_grad_by_freq": True},
                                {"padding_idx": 0, "scale_grad_by_freq": True}])
def test_embedding_module_matches_torch(kw):
    torch = torch_or_skip()
    theirs = torch.nn.Embedding(6, 3, **kw).double()
    ours = nn.Embedding(6, 3, dtype=ag.float64, **kw)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    assert repr(ours) == repr(theirs)
    idx = np.array([[0, 1, 5], [5, 5, 2], [1, 1, 1]])
    y_ours = ours(ag.tensor(idx))
    y_theirs = theirs(torch.from_numpy(idx))
    np.testing.assert_allclose(y_ours.detach().numpy(), y_theirs.detach().numpy())
    gy = np.random.default_rng(3).standard_normal(y_ours.shape)
    y_ours.backward(ag.tensor(gy))
    y_theirs.backward(torch.from_numpy(gy))
    np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy(), atol=1e-12)


def test_embedding_init_and_padding_row_zeroed():
    ag.manual_seed(0)
    layer = nn.Embedding(2000, 20, padding_idx=3)
    w = layer.weight.detach().numpy()
    np.testing.assert_array_equal(w[3], 0.0)
    rest = np.delete(w, 3, axis=0)
    assert abs(rest.mean()) < 0.02 and abs(rest.std() - 1) < 0.02  # N(0, 1)
    assert layer.weight.requires_grad and layer.weight.dtype == ag.float32
    assert repr(layer) == "Embedding(2000, 20, padding_idx=3)"
    assert nn.Embedding(5, 2, padding_idx=-1).padding_idx == 4


def test_embedding_shapes_and_int32(device):
    layer = nn.Embedding(10, 3, device=device)
    assert layer.weight.device == ag.device(device)
    for shape in [(), (4,), (2, 3), (2, 0, 5)]:
        idx = ag.zeros(shape, dtype=ag.int64, device=device)
        assert layer(idx).shape == shape + (3,)
    idx32 = ag.tensor([[1, 9], [9, 1]], dtype=ag.int32, device=device)
    np.testing.assert_array_equal(layer(idx32).detach().numpy(force=True),
                                  layer.weight.detach().numpy(force=True)[[[1, 9], [9, 1]]])


def test_embedding_second_order(device):
    w = ag.randn(5, 3, dtype=ag.float64, device=device, requires_grad=True)
    idx = ag.tensor([[0, 4, 0], [2, 2, 2]], device=device)
    assert ag.gradgradcheck(lambda w: F.embedding(idx, w) ** 2, [w])


def test_embedding_from_pretrained():
    pre = ag.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    layer = nn.Embedding.from_pretrained(pre)
    assert not layer.weight.requires_grad
    np.testing.assert_array_equal(layer(ag.tensor([2, 0])).numpy(), [[5, 6], [1, 2]])
    trainable = nn.Embedding.from_pretrained(pre, freeze=False, padding_idx=1)
    assert trainable.weight.requires_grad
    np.testing.assert_array_equal(trainable.weight.detach().numpy()[1], [3, 4])  # kept as given
    out = trainable(ag.tensor([1, 2, 1]))
    out.sum().backward()
    np.testing.assert_array_equal(trainable.weight.grad.numpy(), [[0, 0], [0, 0], [1, 1]])
    with pytest.raises(AssertionError, match="2-dimensional"):
        nn.Embedding.from_pretrained(ag.ones(3))


@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf")])
def test_max_norm_renormalises_the_looked_up_rows_in_place_like_torch(device, norm_type):
    torch = torch_or_skip()
    rng = np.random.default_rng(0)
    w0 = rng.normal(size=(6, 3)) * 2
    idx = np.array([[0, 2, 2], [5, 0, 1]])
    ours = nn.Embedding(6, 3, max_norm=1.5, norm_type=norm_type, _weight=ag.tensor(w0)).to(device)
    theirs = torch.nn.Embedding(6, 3, max_norm=1.5, norm_type=norm_type,
                                _weight=torch.tensor(w0))
    out = ours(ag.tensor(idx, device=device))
    tout = theirs(torch.tensor(idx))
    np.testing.assert_allclose(out.detach().cpu().numpy(), tout.detach().numpy(), rtol=1e-12)
    # the weight itself changed, in the looked-up rows only, as PyTorch's does
    np.testing.assert_allclose(ours.weight.detach().cpu().numpy(), theirs.weight.detach().numpy(),
                               rtol=1e-12)
    out.sum().backward()
    tout.sum().backward()
    np.testing.assert_allclose(ours.weight.grad.cpu().numpy(), theirs.weight.grad.numpy())
    bag = nn.EmbeddingBag(6, 3, max_norm=1.5, norm_type=norm_type, mode="sum",
                          _weight=ag.tensor(w0)).to(device)
    tbag = torch.nn.EmbeddingBag(6, 3, max_norm=1.5, norm_type=norm_type, mode="sum",
                                 _weight=torch.tensor(w0))
    np.testing.assert_allclose(bag(ag.tensor(idx, device=device)).detach().cpu().numpy(),
                               tbag(torch.tensor(idx)).detach().numpy(), rtol=1e-12)


def test_embedding_errors():
    layer = nn.Embedding(4, 2)
    with pytest.raises(IndexError, match=r"index 4 .*num_embeddings=4"):
        layer(ag.tensor([0, 4]))
    with pytest.raises(IndexError, match=r"index -1 .*num_embeddings=4"):
        layer(ag.tensor([-1, 2]))
    with pytest.raises(RuntimeError, match="Long, Int"):
        layer(ag.tensor([0.0, 1.0]))
    with pytest.raises(AssertionError, match="Padding_idx"):
        nn.Embedding(4, 2, padding_idx=4)
    with pytest.raises(AssertionError, match="Shape of weight"):
        nn.Embedding(4, 2, _weight=ag.ones(3, 2))
    with pytest.raises(RuntimeError, match="2-D"):
        F.embedding(ag.tensor([0]), ag.ones(4))
    with pytest.raises(TypeError, match="input"):
        F.embedding([0, 1], layer.weight)


def test_embedding_trains_with_sgd():
    ag.manual_seed(0)
    layer = nn.Embedding(3, 2)
    opt = nn.optim.SGD(layer.parameters(), lr=0.5)
    target = ag.tensor([[1.0, 0.0], [0.0, 1.0]])
    for _ in range(50):
        opt.zero_grad()
        loss = F.mse_loss(layer(ag.tensor([0, 2])), target)
        loss.backward()
        opt.step()
    assert loss.item() < 1e-4
