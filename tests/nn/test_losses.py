"""Loss modules and functional losses: PyTorch agreement (modules, weight / ignore_index /
label_smoothing combinations), numerical stability, higher-order gradients and error paths.

The per-op forward/gradcheck/gradgradcheck sweep of every loss and reduction lives in the op
registry (``tests/opinfo/nn_ops.py``, run by ``tests/autograd/test_ops.py``).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
from nn import losses as L
from tests.conftest import raises_by_next_read, torch_or_skip

RNG = np.random.default_rng(7)
X = RNG.standard_normal((6, 5))
T_IDX = np.array([0, 4, 2, -100, 1, 3])
W = RNG.uniform(0.5, 2.0, 5)
P = RNG.uniform(0.05, 0.95, (6, 5))
T01 = RNG.uniform(0.0, 1.0, (6, 5))


def _targets(kw):
    """T_IDX with its ignored entry spelled as the combination's ignore_index."""
    return np.where(T_IDX == -100, kw.get("ignore_index", -100), T_IDX)


def _t(a, device="cpu", requires_grad=False):
    return ag.tensor(a, device=device, requires_grad=requires_grad and a.dtype.kind == "f")


def _np(t):
    return t.detach().cpu().numpy()


# -- modules against PyTorch -----------------------------------------------------------------

MODULES = [
    ("MSELoss", {}, X, RNG.standard_normal((6, 5))),
    ("L1Loss", {}, X, RNG.standard_normal((6, 5))),
    ("SmoothL1Loss", {"beta": 0.5}, X, RNG.standard_normal((6, 5))),
    ("HuberLoss", {"delta": 0.7}, X, RNG.standard_normal((6, 5))),
    ("CrossEntropyLoss", {"weight": W, "ignore_index": 2, "label_smoothing": 0.1}, X,
     np.array([0, 4, 2, 2, 1, 3])),
    ("CrossEntropyLoss", {}, X, RNG.dirichlet(np.ones(5), 6)),
    ("NLLLoss", {"weight": W}, X, np.array([0, 4, 2, 1, 1, 3])),
    ("BCELoss", {"weight": W}, P, T01),
    ("BCEWithLogitsLoss", {"weight": W, "pos_weight": W[::-1].copy()}, X * 3, T01),
    ("KLDivLoss", {"log_target": True}, np.log(RNG.dirichlet(np.ones(5), 6)),
     np.log(RNG.dirichlet(np.ones(5), 6))),
]


@pytest.mark.filterwarnings("ignore:.*batchmean:UserWarning")
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name,kwargs,x,t", MODULES, ids=[f"{m[0]}-{i}" for i, m in
                                                           enumerate(MODULES)])
def test_module_matches_torch(name, kwargs, x, t, reduction, device):
    torch = torch_or_skip()
    ours_kw = {k: _t(v, device) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    theirs_kw = {k: torch.tensor(v) if isinstance(v, np.ndarray) else v
                 for k, v in kwargs.items()}
    ours = getattr(L, name)(reduction=reduction, **ours_kw)
    theirs = getattr(torch.nn, name)(reduction=reduction, **theirs_kw)
    assert sorted(ours.state_dict()) == sorted(theirs.state_dict())
    a, ta = _t(x, device, True), torch.tensor(x, requires_grad=True)
    b, tb = _t(t, device, True), torch.tensor(t, requires_grad=t.dtype.kind == "f")
    out, expected = ours(a, b), theirs(ta, tb)
    np.testing.assert_allclose(_np(out), expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    g = RNG.standard_normal(out.shape)
    (out * _t(g, device)).sum().backward()
    (expected * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(_np(a.grad), ta.grad.numpy(), rtol=1e-9, atol=1e-12)
    if tb.requires_grad:  # float targets are differentiated too
        np.testing.assert_allclose(_np(b.grad), tb.grad.numpy(), rtol=1e-9, atol=1e-12)
    else:  # class indices
        assert not b.requires_grad and b.grad is None


def test_module_state_dict_and_attributes():
    m = L.CrossEntropyLoss(weight=_t(W), ignore_index=3, label_smoothing=0.2)
    assert list(m.state_dict()) == ["weight"]
    assert (m.reduction, m.ignore_index, m.label_smoothing) == ("mean", 3, 0.2)
    m.load_state_dict({"weight": np.ones(5)})
    np.testing.assert_array_equal(_np(m.weight), np.ones(5))
    assert list(L.BCEWithLogitsLoss(pos_weight=_t(W)).state_dict()) == ["pos_weight"]
    assert L.MSELoss().state_dict() == {} and "MSELoss" in repr(L.MSELoss())


def test_legacy_size_average_reduce():
    with pytest.warns(UserWarning, match="reduction='sum'"):
        m = L.L1Loss(size_average=False)
    assert m.reduction == "sum"
    with pytest.warns(UserWarning, match="reduction='none'"):
        out = L.mse_loss(_t(X), _t(X + 1), reduce=False)
    assert out.shape == X.shape


# -- cross-entropy combinations against PyTorch -----------------------------------------------

COMBOS = [
    {},
    {"weight": W},
    {"ignore_index": 4},
    {"label_smoothing": 0.25},
    {"weight": W, "label_smoothing": 0.1},
    {"weight": W, "ignore_index": 0, "label_smoothing": 0.3},
    {"label_smoothing": 1.0},
]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("kw", COMBOS, ids=lambda kw: "-".join(kw) or "plain")
@pytest.mark.parametrize("layout", ["2d", "spatial", "unbatched"])
def test_cross_entropy_combinations_match_torch(kw, reduction, layout, device):
    torch = torch_or_skip()
    if layout == "2d":
        x, t = X, T_IDX
    elif layout == "spatial":
        x = RNG.standard_normal((2, 5, 3, 2))
        t = RNG.integers(0, 5, (2, 3, 2))
        t[0, 0, 0], t[1, 2, 1] = -100, 4
    else:
        x, t = X[0], np.array(3)
    t = np.where(t == -100, kw.get("ignore_index", -100), t)
    ours_kw = {k: _t(v, device) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
    theirs_kw = {k: torch.tensor(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
    for fn in ("cross_entropy", "nll_loss"):
        if fn == "nll_loss" and "label_smoothing" in kw:
            continue
        a, ta = _t(x, device, True), torch.tensor(x, requires_grad=True)
        out = getattr(L, fn)(a, _t(t, device), reduction=reduction, **ours_kw)
        expected = getattr(torch.nn.functional, fn)(ta, torch.tensor(t), reduction=reduction,
                                                    **theirs_kw)
        assert out.shape == tuple(expected.shape)
        np.testing.assert_allclose(_np(out), expected.detach().numpy(), rtol=1e-10, atol=1e-12)
        g = RNG.standard_normal(out.shape)
        (out * _t(g, device)).sum().backward()
        (expected * torch.tensor(g)).sum().backward()
        np.testing.assert_allclose(_np(a.grad), ta.grad.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("kw", COMBOS[:6], ids=lambda kw: "-".join(kw) or "plain")
def test_cross_entropy_second_order_matches_torch(kw):
    torch = torch_or_skip()
    ours_kw = {k: _t(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
    theirs_kw = {k: torch.tensor(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
    a, ta = _t(X, requires_grad=True), torch.tensor(X, requires_grad=True)
    (ga,) = ag.grad(L.cross_entropy(a, _t(_targets(kw)), **ours_kw), a, create_graph=True)
    (gt,) = torch.autograd.grad(torch.nn.functional.cross_entropy(ta, torch.tensor(_targets(kw)),
                                                                  **theirs_kw), ta,
                                create_graph=True)
    v = RNG.standard_normal(X.shape)
    (hv,) = ag.grad((ga * _t(v)).sum(), a)
    (thv,) = torch.autograd.grad((gt * torch.tensor(v)).sum(), ta)
    np.testing.assert_allclose(_np(hv), thv.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("kw", COMBOS[:6], ids=lambda kw: "-".join(kw) or "plain")
def test_cross_entropy_gradgradcheck(kw, device):
    t = _t(_targets(kw), device)
    kw = {k: _t(v, device) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
    a = _t(X, device, True)
    assert ag.gradgradcheck(lambda x: L.cross_entropy(x, t, reduction="none", **kw), [a])
    assert ag.gradgradcheck(lambda x: L.cross_entropy(x, t, **kw), [a])


# -- numerics --------------------------------------------------------------------------------


def test_cross_entropy_large_logits_and_float32(device):
    x = np.array([[1e4, 0.0, -1e4], [-5e3, 5e3, 0.0]])
    t = _t(np.array([1, 1]), device)
    a = _t(x, device, True)
    out = L.cross_entropy(a, t)
    out.backward()
    np.testing.assert_allclose(_np(out), (1e4 + 0.0) / 2)
    np.testing.assert_allclose(_np(a.grad), [[0.5, -0.5, 0.0], [0.0, 0.0, 0.0]], atol=1e-12)
    out32 = L.cross_entropy(_t(X.astype(np.float32), device), _t(T_IDX, device))
    assert out32.dtype == ag.float32
    np.testing.assert_allclose(_np(out32), _np(L.cross_entropy(_t(X, device),
                                                               _t(T_IDX, device))), rtol=1e-5)


def test_softmax_masked_and_dtype(device):
    x = _t(np.array([[0.0, -np.inf, 1.0], [2.0, 2.0, -np.inf]]), device)
    y = ag.softmax(x, dim=1)
    np.testing.assert_allclose(_np(y).sum(1), 1.0)
    assert _np(y)[0, 1] == 0.0 and np.isfinite(_np(ag.log_softmax(x, -1))[:, 0]).all()
    h = ag.softmax(_t(X.astype(np.float32), device), 0, dtype=ag.float64)
    assert h.dtype == ag.float64
    with pytest.warns(UserWarning, match="Implicit dimension"):
        assert ag.log_softmax(_t(X, device)).shape == X.shape


def test_all_targets_ignored_is_nan(device):
    t = _t(np.full(6, -100), device)
    a = _t(X, device, True)
    for fn in (L.cross_entropy, L.nll_loss):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            out = fn(a, t)
            out.backward()  # NaN loss, zero gradient (as PyTorch)
        assert np.isnan(_np(out)) and np.all(_np(a.grad) == 0)
    assert float(_np(L.cross_entropy(a, t, reduction="sum"))) == 0.0


def test_binary_losses_saturated(device):
    p = _t(np.array([0.0, 1.0, 0.5]), device, True)
    out = L.binary_cross_entropy(p, _t(np.array([1.0, 0.0, 0.3]), device), reduction="sum")
    out.backward()
    assert np.isfinite(_np(out)) and np.isfinite(_np(p.grad)).all()
    np.testing.assert_allclose(_np(out), 200.0 + np.log(2.0))
    z = _t(np.array([0.0, 1000.0, -1000.0]), device, True)
    out = L.binary_cross_entropy_with_logits(z, _t(np.array([1.0, 0.0, 1.0]), device),
                                             reduction="none")
    out.sum().backward()
    np.testing.assert_allclose(_np(out), [np.log(2.0), 1000.0, 1000.0])
    np.testing.assert_allclose(_np(z.grad), [-0.5, 1.0, -1.0])


def test_regression_broadcast_warns():
    with pytest.warns(UserWarning, match=r"target size \(\[5\]\).*input size \(\[6, 5\]\)"):
        out = L.mse_loss(_t(X), _t(X[0]))
    np.testing.assert_allclose(_np(out), np.mean((X - X[0]) ** 2))


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", ["cross_entropy", "nll_loss"])
def test_target_out_of_range(fn, device):
    x = _t(X, device)
    # checked on the device: a GPU reports it at the next host read, as PyTorch's kernels do
    with raises_by_next_read(device, IndexError, rf"{fn}: Target 12 is out of bounds.*5 "
                                                 "classes"):
        getattr(L, fn)(x, _t(np.array([0, 12, 1, 1, 1, 1]), device))
    with raises_by_next_read(device, IndexError, "Target -1 is out of bounds"):
        getattr(L, fn)(x, _t(np.array([0, -1, 1, 1, 1, 1]), device))
    with raises_by_next_read(device, IndexError, "Target 5 is out of bounds"):
        getattr(L, fn)(x, _t(np.array([0, 5, 1, 1, 1, 1]), device), ignore_index=-1)


def test_class_target_shape_errors():
    with pytest.raises(ValueError, match=r"batch_size \(6\).*batch_size \(4\)"):
        L.cross_entropy(_t(X), _t(np.zeros(4, dtype=np.int64)))
    with pytest.raises(RuntimeError, match=r"\[2, 3\].*\[2, 5, 3\].*\[2, 4\]"):
        L.nll_loss(_t(np.zeros((2, 5, 3))), _t(np.zeros((2, 4), dtype=np.int64)))
    with pytest.raises(RuntimeError, match=r"all 5 classes.*\[4\]"):
        L.cross_entropy(_t(X), _t(np.zeros(6, dtype=np.int64)), weight=_t(np.ones(4)))
    with pytest.raises(RuntimeError, match="targets of dtype int64"):
        L.nll_loss(_t(X), _t(np.zeros(6)))
    with pytest.raises(RuntimeError, match="floating point type for target with class prob"):
        L.cross_entropy(_t(X), _t(np.zeros((6, 5), dtype=np.int64)))
    with pytest.raises(RuntimeError, match="ignore_index is not supported"):
        L.cross_entropy(_t(X), _t(P), ignore_index=1)
    with pytest.raises(RuntimeError, match="label_smoothing must be between"):
        L.cross_entropy(_t(X), _t(T_IDX), label_smoothing=1.5)
    with pytest.raises(TypeError, match="argument 'target' must be a Tensor"):
        L.cross_entropy(_t(X), [0, 1])


def test_other_loss_errors():
    with pytest.raises(ValueError, match="foo is not a valid value for reduction"):
        L.mse_loss(_t(X), _t(X), reduction="foo")
    with pytest.raises(RuntimeError, match=r"mse_loss.*\[6, 5\].*\[4\]"):
        L.mse_loss(_t(X), _t(np.zeros(4)))
    with pytest.raises(ValueError, match=r"binary_cross_entropy: Target size \(\[6\]\).*\[6, 5\]"):
        L.binary_cross_entropy(_t(P), _t(np.zeros(6)))
    with pytest.raises(ValueError, match=r"with_logits: Target size \(\[5\]\).*\[6, 5\]"):
        L.binary_cross_entropy_with_logits(_t(X), _t(np.zeros(5)))
    with pytest.raises(RuntimeError, match="between 0 and 1"):
        L.binary_cross_entropy(_t(X), _t(T01))
    with pytest.raises(RuntimeError, match="negative values for beta"):
        L.smooth_l1_loss(_t(X), _t(X), beta=-1.0)
    with pytest.raises(ValueError, match="Weights and input must have the same size"):
        L.mse_loss(_t(X), _t(X), weight=_t(np.ones(5)))
    # PyTorch: NotImplementedError "softmax_lastdim_kernel_impl" not implemented for 'Long'
    with pytest.raises(NotImplementedError, match=r"softmax\(\): .*floating-point input.*int64"):
        ag.softmax(_t(np.arange(4)), 0)
    with pytest.raises(NotImplementedError, match=r"log_softmax\(\): .*floating-point input"):
        ag.log_softmax(_t(np.arange(4)), 0)
    for fn in (L.cross_entropy, L.nll_loss):
        with pytest.raises(NotImplementedError, match="floating-point input.*int64"):
            fn(_t(np.arange(6).reshape(2, 3)), _t(np.array([0, 1])))
    with pytest.raises(IndexError, match="Dimension out of range"):
        ag.log_softmax(_t(X), 2)
