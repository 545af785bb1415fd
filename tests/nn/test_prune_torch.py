"""nn.utils.prune against torch.nn.utils.prune: masks, pruned values, state_dict keys and
gradients for every method on Linear and Conv2d weights and biases, composition, global
pruning, remove, is_pruned, the errors, and a few pruned SGD steps."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import nn
from nn.utils import prune
from tests.conftest import torch_or_skip

torch = torch_or_skip()
import torch.nn.utils.prune as tprune  # noqa: E402


def _pair(kind: str, seed: int = 0):
    """The same module here and in PyTorch, float64, with distinct random values."""
    if kind == "linear":
        ours, theirs = nn.Linear(5, 4).double(), torch.nn.Linear(5, 4).double()
    else:
        ours, theirs = nn.Conv2d(3, 4, 3).double(), torch.nn.Conv2d(3, 4, 3).double()
    rng = np.random.default_rng(seed)
    state = {k: rng.standard_normal(tuple(v.shape)) for k, v in theirs.state_dict().items()}
    theirs.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    ours.load_state_dict(state)
    return ours, theirs


def _input(kind: str, device: str = "cpu"):
    shape = (2, 5) if kind == "linear" else (2, 3, 5, 5)
    x = np.random.default_rng(1).standard_normal(shape)
    return ag.tensor(x, device=device), torch.tensor(x)


def _np(t) -> np.ndarray:
    return t.detach().cpu().numpy() if hasattr(t, "cpu") else np.asarray(t)


def _check_same(ours, theirs, kind: str, name: str) -> None:
    """Masks, values, state_dict keys, the hook's recomputation and the gradients agree."""
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    np.testing.assert_array_equal(_np(getattr(ours, name + "_mask")),
                                  getattr(theirs, name + "_mask").numpy())
    assert getattr(ours, name + "_mask").dtype == ag.float64
    np.testing.assert_array_equal(_np(getattr(ours, name)), _np(getattr(theirs, name)))
    assert isinstance(getattr(ours, name + "_orig"), nn.Parameter)
    assert not isinstance(getattr(ours, name), nn.Parameter)
    x, tx = _input(kind)
    ours(x).square().sum().backward()
    theirs(tx).square().sum().backward()
    for (n, p), (tn, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert n == tn
        np.testing.assert_allclose(_np(p.grad), tp.grad.numpy(), rtol=1e-12, atol=1e-12)


# (function name, keyword arguments), each run the same way here and in PyTorch.
DETERMINISTIC = [
    ("identity", {}),
    ("l1_unstructured", {"amount": 0.3}),
    ("l1_unstructured", {"amount": 3}),
    ("l1_unstructured", {"amount": 0}),
    ("l1_unstructured", {"amount": 0.0}),
    ("l1_unstructured", {"amount": 1.0}),
    ("ln_structured", {"amount": 0.5, "n": 2, "dim": 0}),
    ("ln_structured", {"amount": 1, "n": 1, "dim": -1}),
    ("ln_structured", {"amount": 2, "n": float("inf"), "dim": 1}),
    ("ln_structured", {"amount": 0.25, "n": float("-inf"), "dim": 0}),
    ("ln_structured", {"amount": 0, "n": 2, "dim": 0}),
    ("ln_structured", {"amount": 0.5, "n": "fro", "dim": 0}),
]


@pytest.mark.parametrize("kind", ["linear", "conv2d"])
@pytest.mark.parametrize("name", ["weight", "bias"])
@pytest.mark.parametrize("fn,kwargs", DETERMINISTIC)
def test_method_matches_torch(kind, name, fn, kwargs) -> None:
    ours, theirs = _pair(kind)
    if fn == "ln_structured" and name == "bias":
        with pytest.raises(ValueError, match="multidimensional"):
            getattr(tprune, fn)(theirs, name, **kwargs)
        with pytest.raises(ValueError, match="multidimensional"):
            getattr(prune, fn)(ours, name, **kwargs)
        assert list(ours.state_dict()) == list(theirs.state_dict())
        return
    if kwargs.get("n") == "fro" and kind == "conv2d":  # a matrix norm over three dims
        for lib, m in ((prune, ours), (tprune, theirs)):
            with pytest.raises(RuntimeError, match="dim must be a 2-tuple"):
                getattr(lib, fn)(m, name, **kwargs)
        assert list(ours.state_dict()) == list(theirs.state_dict()) == ["bias", "weight"]
        return
    before = getattr(ours, name)
    assert getattr(prune, fn)(ours, name, **kwargs) is ours
    getattr(tprune, fn)(theirs, name, **kwargs)
    assert getattr(ours, name + "_orig") is before  # the same Parameter, renamed
    _check_same(ours, theirs, kind, name)


def test_custom_from_mask_and_importance_scores_match_torch() -> None:
    rng = np.random.default_rng(3)
    mask = (rng.random((4, 3, 3, 3)) > 0.4).astype(np.float64)
    scores = rng.standard_normal((4, 3, 3, 3))
    ours, theirs = _pair("conv2d")
    prune.custom_from_mask(ours, "weight", ag.tensor(mask))
    tprune.custom_from_mask(theirs, "weight", torch.tensor(mask))
    prune.l1_unstructured(ours, "bias", 2, importance_scores=ag.tensor(scores[:, 0, 0, 0]))
    tprune.l1_unstructured(theirs, "bias", 2, importance_scores=torch.tensor(scores[:, 0, 0, 0]))
    _check_same(ours, theirs, "conv2d", "weight")
    np.testing.assert_array_equal(_np(ours.bias_mask), theirs.bias_mask.numpy())
    ours, theirs = _pair("conv2d")
    prune.ln_structured(ours, "weight", 2, 1, 0, importance_scores=ag.tensor(scores))
    tprune.ln_structured(theirs, "weight", 2, 1, 0, importance_scores=torch.tensor(scores))
    _check_same(ours, theirs, "conv2d", "weight")


def test_composition_matches_torch() -> None:
    """Later prunings act on what is left: the masks multiply, one container holds them."""
    rng = np.random.default_rng(4)
    custom = (rng.random((4, 3, 3, 3)) > 0.2).astype(np.float64)
    steps = [("l1_unstructured", {"amount": 0.2}), ("ln_structured",
             {"amount": 1, "n": 2, "dim": 0}), ("l1_unstructured", {"amount": 7}),
             ("ln_structured", {"amount": 0.5, "n": 1, "dim": 1}),
             ("custom_from_mask", {"mask": custom}), ("l1_unstructured", {"amount": 0.5}),
             ("identity", {})]
    ours, theirs = _pair("conv2d")
    for k, (fn, kwargs) in enumerate(steps):
        if "mask" in kwargs:
            getattr(prune, fn)(ours, "weight", mask=ag.tensor(kwargs["mask"]))
            getattr(tprune, fn)(theirs, "weight", mask=torch.tensor(kwargs["mask"]))
        else:
            getattr(prune, fn)(ours, "weight", **kwargs)
            getattr(tprune, fn)(theirs, "weight", **kwargs)
        np.testing.assert_array_equal(_np(ours.weight_mask), theirs.weight_mask.numpy())
        hooks = [h for h, _ in ours._forward_pre_hooks]
        assert len(hooks) == 1
        if k > 0:
            assert isinstance(hooks[0], prune.PruningContainer) and len(hooks[0]) == k + 1
            assert [type(m).__name__ for m in hooks[0]] == [
                type(m).__name__ for m in next(iter(theirs._forward_pre_hooks.values()))]
    _check_same(ours, theirs, "conv2d", "weight")


def test_global_unstructured_matches_torch() -> None:
    (lin, tlin), (conv, tconv) = _pair("linear"), _pair("conv2d", seed=5)
    prune.l1_unstructured(lin, "weight", 3)  # an existing mask is respected
    tprune.l1_unstructured(tlin, "weight", 3)
    scores = np.random.default_rng(6).standard_normal((4,))
    ours = [(lin, "weight"), (conv, "weight"), (conv, "bias")]
    theirs = [(tlin, "weight"), (tconv, "weight"), (tconv, "bias")]
    prune.global_unstructured(ours, prune.L1Unstructured, amount=0.4,
                              importance_scores={(conv, "bias"): ag.tensor(scores)})
    tprune.global_unstructured(theirs, tprune.L1Unstructured, amount=0.4,
                               importance_scores={(tconv, "bias"): torch.tensor(scores)})
    for (m, n), (tm, _) in zip(ours, theirs):
        np.testing.assert_array_equal(_np(getattr(m, n + "_mask")),
                                      getattr(tm, n + "_mask").numpy())
    total = sum(getattr(m, n).numel() for m, n in ours)
    zeros = sum(int((getattr(m, n + "_mask") == 0).sum().item()) for m, n in ours)
    assert zeros == 3 + round(0.4 * (total - 3))
    _check_same(lin, tlin, "linear", "weight")
    _check_same(conv, tconv, "conv2d", "bias")
    (conv2, tconv2) = _pair("conv2d", seed=7)
    prune.global_unstructured([(conv2, "weight")], prune.RandomUnstructured, amount=10)
    assert int((conv2.weight_mask == 0).sum().item()) == 10


def test_random_methods_prune_the_right_counts() -> None:
    ag.manual_seed(0)
    ours, theirs = _pair("conv2d")
    prune.random_unstructured(ours, "weight", 0.3)
    tprune.random_unstructured(theirs, "weight", 0.3)
    assert int((ours.weight_mask == 0).sum().item()) == int(
        (theirs.weight_mask == 0).sum().item()) == round(0.3 * 108)
    prune.random_structured(ours, "weight", 2, dim=0)
    tprune.random_structured(theirs, "weight", 2, dim=0)
    for m in (ours.weight_mask, theirs.weight_mask):
        per_channel = m.sum(dim=(1, 2, 3))
        assert int((per_channel == 0).sum().item()) == 2
    prune.random_unstructured(ours, "bias", 3)
    assert int((ours.bias_mask == 0).sum().item()) == 3
    lin, tlin = _pair("linear")
    prune.random_structured(lin, "weight", 0.4, dim=1)
    tprune.random_structured(tlin, "weight", 0.4, dim=1)
    for m in (lin.weight_mask, tlin.weight_mask):
        assert int((m.sum(dim=0) == 0).sum().item()) == 2
        assert set(np.unique(_np(m))) <= {0.0, 1.0}
    assert isinstance(lin._forward_pre_hooks[0][0], prune.RandomStructured)


def test_ties_prune_the_same_counts() -> None:
    """topk breaks ties in its own order: the counts agree, not necessarily the positions."""
    values = np.array([[1., -1., 2., 0.], [0., 2., -2., 1.], [1., 1., 0., 0.]])
    for amount in (1, 4, 0.5, 11):
        ours, theirs = nn.Linear(4, 3).double(), torch.nn.Linear(4, 3).double()
        ours.load_state_dict({"weight": values, "bias": np.zeros(3)})
        theirs.load_state_dict({"weight": torch.tensor(values),
                                "bias": torch.zeros(3, dtype=torch.float64)})
        prune.l1_unstructured(ours, "weight", amount)
        tprune.l1_unstructured(theirs, "weight", amount)
        assert int((ours.weight_mask == 0).sum().item()) == int(
            (theirs.weight_mask == 0).sum().item())
        # the pruned entries are among the smallest in magnitude either way
        kept = np.abs(values)[_np(ours.weight_mask) == 1]
        gone = np.abs(values)[_np(ours.weight_mask) == 0]
        assert gone.size == 0 or kept.size == 0 or gone.max() <= kept.min()
    ours, theirs = nn.Linear(4, 3).double(), torch.nn.Linear(4, 3).double()
    tied = np.array([[1., 1., 1., 1.], [-1., 1., -1., 1.], [2., 0., 0., 0.]])  # norms 2, 2, 2
    ours.load_state_dict({"weight": tied, "bias": np.zeros(3)})
    theirs.load_state_dict({"weight": torch.tensor(tied),
                            "bias": torch.zeros(3, dtype=torch.float64)})
    prune.ln_structured(ours, "weight", 1, 2, 0)
    tprune.ln_structured(theirs, "weight", 1, 2, 0)
    assert int((ours.weight_mask.sum(dim=1) == 0).sum().item()) == int(
        (theirs.weight_mask.sum(dim=1) == 0).sum().item()) == 1


def test_remove_and_is_pruned_match_torch() -> None:
    ours, theirs = _pair("linear")
    seq, tseq = nn.Sequential(nn.ReLU(), ours), torch.nn.Sequential(torch.nn.ReLU(), theirs)
    assert not prune.is_pruned(seq) and not tprune.is_pruned(tseq)
    original = ours.weight
    prune.l1_unstructured(ours, "weight", 0.5)
    prune.ln_structured(ours, "weight", 1, 1, 0)
    tprune.l1_unstructured(theirs, "weight", 0.5)
    tprune.ln_structured(theirs, "weight", 1, 1, 0)
    assert prune.is_pruned(seq) and tprune.is_pruned(tseq)
    assert prune.remove(ours, "weight") is ours
    tprune.remove(theirs, "weight")
    assert not prune.is_pruned(seq) and not tprune.is_pruned(tseq)
    assert ours.weight is original and isinstance(ours.weight, nn.Parameter)
    assert ours._forward_pre_hooks == []
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["bias", "weight"]
    np.testing.assert_array_equal(_np(ours.weight), theirs.weight.detach().numpy())
    assert "weight_orig" not in ours.__dict__ and not hasattr(ours, "weight_mask")
    x, tx = _input("linear")
    np.testing.assert_allclose(_np(seq(x)), tseq(tx).detach().numpy(), rtol=1e-12)
    with pytest.raises(ValueError, match="has to be pruned before pruning can be removed"):
        prune.remove(ours, "weight")
    with pytest.raises(ValueError, match="has to be pruned before pruning can be removed"):
        tprune.remove(theirs, "weight")


def test_hook_recomputes_after_updates_and_state_dict_round_trip() -> None:
    ours, theirs = _pair("linear")
    prune.l1_unstructured(ours, "weight", 6)
    tprune.l1_unstructured(theirs, "weight", 6)
    with ag.no_grad():
        ours.weight_orig.add_(1.0)
    with torch.no_grad():
        theirs.weight_orig.add_(1.0)
    x, tx = _input("linear")
    np.testing.assert_allclose(_np(ours(x)), theirs(tx).detach().numpy(), rtol=1e-12)
    np.testing.assert_array_equal(_np(ours.weight), theirs.weight.detach().numpy())
    fresh = nn.Linear(5, 4).double()
    prune.identity(fresh, "weight")
    fresh.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    np.testing.assert_allclose(_np(fresh(x)), theirs(tx).detach().numpy(), rtol=1e-12)


def test_pruned_sgd_training_matches_torch() -> None:
    rng = np.random.default_rng(8)
    ours = nn.Sequential(nn.Linear(5, 6), nn.Tanh(), nn.Linear(6, 3)).double()
    theirs = torch.nn.Sequential(torch.nn.Linear(5, 6), torch.nn.Tanh(),
                                 torch.nn.Linear(6, 3)).double()
    state = {k: rng.standard_normal(tuple(v.shape)) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)
    theirs.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    for lib, model in ((prune, ours), (tprune, theirs)):
        lib.l1_unstructured(model[0], "weight", 0.4)
        lib.ln_structured(model[2], "weight", 1, 2, 1)
        lib.global_unstructured([(model[0], "bias"), (model[2], "weight")],
                                lib.L1Unstructured, amount=3)
    opt = nn.optim.SGD(ours.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-3)
    topt = torch.optim.SGD(theirs.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-3)
    for _ in range(4):
        x = rng.standard_normal((7, 5))
        y = rng.standard_normal((7, 3))
        opt.zero_grad()
        topt.zero_grad()
        nn.functional.mse_loss(ours(ag.tensor(x)), ag.tensor(y)).backward()
        torch.nn.functional.mse_loss(theirs(torch.tensor(x)), torch.tensor(y)).backward()
        opt.step()
        topt.step()
    ours_state, theirs_state = ours.state_dict(), theirs.state_dict()
    assert list(ours_state) == list(theirs_state)
    for k in theirs_state:
        np.testing.assert_allclose(_np(ours_state[k]), theirs_state[k].numpy(), rtol=1e-10,
                                   atol=1e-12, err_msg=k)
    np.testing.assert_allclose(_np(ours[2].weight), theirs[2].weight.detach().numpy(),
                               rtol=1e-10, atol=1e-12)
    assert (_np(ours[2].weight)[_np(ours[2].weight_mask) == 0] == 0).all()


def _both(call):
    """Run ``call(lib, module)`` here and in PyTorch; return the two exceptions."""
    found = []
    for lib, kind in ((prune, "ours"), (tprune, "theirs")):
        pair = _pair("linear")
        module = pair[0] if kind == "ours" else pair[1]
        try:
            call(lib, module)
        except Exception as error:  # compared by type below
            found.append(error)
        else:
            pytest.fail(f"{kind}: no error")
    return found


ERRORS = [
    ("negative int", lambda lib, m: lib.l1_unstructured(m, "weight", -1), "non-negative"),
    ("float above 1", lambda lib, m: lib.l1_unstructured(m, "weight", 1.5), "range"),
    ("negative float", lambda lib, m: lib.random_unstructured(m, "weight", -0.1), "range"),
    ("string", lambda lib, m: lib.l1_unstructured(m, "weight", "a"), "Invalid type"),
    ("int above size", lambda lib, m: lib.l1_unstructured(m, "weight", 21), "smaller"),
    ("structured above size", lambda lib, m: lib.ln_structured(m, "weight", 5, 2, 0),
     "smaller"),
    ("random structured above size",
     lambda lib, m: lib.random_structured(m, "weight", 6, 1), "smaller"),
    ("dim too large", lambda lib, m: lib.ln_structured(m, "weight", 1, 2, 2), "Invalid index"),
    ("random dim too large", lambda lib, m: lib.random_structured(m, "weight", 1, 3),
     "Invalid index"),
    ("1-d structured", lambda lib, m: lib.random_structured(m, "bias", 1, 0),
     "multidimensional"),
    ("missing parameter", lambda lib, m: lib.l1_unstructured(m, "gamma", 1), "gamma"),
    ("scores shape", lambda lib, m: lib.l1_unstructured(
        m, "weight", 1, importance_scores=m.bias), "same shape"),
    ("mask shape", lambda lib, m: lib.custom_from_mask(
        m, "weight", m.bias.detach() * 0), "must match"),
    ("global structured", lambda lib, m: lib.global_unstructured(
        [(m, "weight")], lib.LnStructured, amount=1, n=2, dim=0), "unstructured"),
    ("global not iterable", lambda lib, m: lib.global_unstructured(
        m.weight.shape[0], lib.L1Unstructured, amount=1), "not an Iterable"),
    ("global scores not a dict", lambda lib, m: lib.global_unstructured(
        [(m, "weight")], lib.L1Unstructured, importance_scores=[1], amount=1), "dict"),
    ("remove unpruned", lambda lib, m: lib.remove(m, "weight"), "has to be pruned"),
    ("second pruning too large", lambda lib, m: (lib.l1_unstructured(m, "weight", 15),
                                                 lib.l1_unstructured(m, "weight", 6)),
     "smaller than the number of parameters to prune=5"),
]


@pytest.mark.parametrize("label,call,match", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_match_torch(label, call, match) -> None:
    ours, theirs = _both(call)
    assert type(ours) is type(theirs), (ours, theirs)
    assert match in str(ours) and match in str(theirs)


def test_failed_pruning_leaves_the_module_as_it_was() -> None:
    ours, theirs = _pair("linear")
    original = ours.weight
    for lib, m in ((prune, ours), (tprune, theirs)):
        with pytest.raises(ValueError):
            lib.l1_unstructured(m, "weight", 50)
    assert ours.weight is original
    # the parameter comes back, last (as in PyTorch)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["bias", "weight"]
    assert not prune.is_pruned(ours) and not tprune.is_pruned(theirs)


def test_pruning_container_and_prune_method() -> None:
    ours, theirs = _pair("linear")
    t = ag.tensor(_np(ours.weight))
    tt = theirs.weight.detach()
    for method, tmethod in ((prune.L1Unstructured(0.5), tprune.L1Unstructured(0.5)),
                            (prune.LnStructured(2, n=1, dim=0),
                             tprune.LnStructured(2, n=1, dim=0))):
        np.testing.assert_array_equal(_np(method.prune(t)), tmethod.prune(tt).numpy())
        scores = ag.tensor(_np(t)[::-1].copy())
        np.testing.assert_array_equal(_np(method.prune(t, importance_scores=scores)),
                                      tmethod.prune(tt, importance_scores=torch.tensor(
                                          _np(scores))).numpy())
    with pytest.raises(AssertionError, match="same shape"):
        prune.L1Unstructured(1).prune(t, importance_scores=ag.zeros(3))
    a = prune.L1Unstructured(1)
    a._tensor_name = "weight"
    b = prune.L1Unstructured(2)
    b._tensor_name = "bias"
    container = prune.PruningContainer(a)
    assert len(container) == 1 and container[0] is a and list(container) == [a]
    with pytest.raises(ValueError, match="Can only add pruning methods acting on"):
        container.add_pruning_method(b)
    with pytest.raises(TypeError, match="is not a BasePruningMethod subclass"):
        container.add_pruning_method("l1")
    with pytest.raises(AttributeError, match="need to have the attribute `dim`"):
        class NoDim(prune.BasePruningMethod):
            PRUNING_TYPE = "structured"

            def compute_mask(self, t, default_mask):
                return default_mask
        nodim = NoDim()
        nodim._tensor_name = "weight"
        container.add_pruning_method(nodim)
        container.compute_mask(t, ag.ones_like(t))


def test_amount_rounding_matches_torch() -> None:
    for amount in (0.01, 0.025, 0.125, 0.5, 0.875, 0.99):
        ours, theirs = _pair("linear")
        prune.l1_unstructured(ours, "weight", amount)
        tprune.l1_unstructured(theirs, "weight", amount)
        np.testing.assert_array_equal(_np(ours.weight_mask), theirs.weight_mask.numpy())
        assert int((ours.weight_mask == 0).sum().item()) == round(amount * 20)
    assert math.isclose(round(0.125 * 20), 2)  # Python's rounding (half to even), as PyTorch


@pytest.mark.parametrize("fn,kwargs", [("l1_unstructured", {"amount": 0.4}),
                                       ("ln_structured", {"amount": 2, "n": 2, "dim": 0})])
def test_on_device_matches_torch(device, fn, kwargs) -> None:
    ours, theirs = _pair("conv2d")
    ours = ours.to(device)
    getattr(prune, fn)(ours, "weight", **kwargs)
    getattr(tprune, fn)(theirs, "weight", **kwargs)
    prune.l1_unstructured(ours, "weight", 5)
    tprune.l1_unstructured(theirs, "weight", 5)
    assert ours.weight_mask.device == ours.weight_orig.device
    np.testing.assert_array_equal(_np(ours.weight_mask), theirs.weight_mask.numpy())
    x, tx = _input("conv2d", device)
    ours(x).square().sum().backward()
    theirs(tx).square().sum().backward()
    np.testing.assert_allclose(_np(ours.weight_orig.grad), theirs.weight_orig.grad.numpy(),
                               rtol=1e-10, atol=1e-12)
    prune.remove(ours, "weight")
    tprune.remove(theirs, "weight")
    np.testing.assert_array_equal(_np(ours.weight), theirs.weight.detach().numpy())


def test_float32_and_classmethods_match_torch() -> None:
    ours, theirs = nn.Conv2d(3, 4, 3), torch.nn.Conv2d(3, 4, 3)
    rng = np.random.default_rng(9)
    state = {k: rng.standard_normal(tuple(v.shape)).astype(np.float32)
             for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)
    theirs.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    method = prune.LnStructured.apply(ours, "weight", amount=1, n=2, dim=0)
    tmethod = tprune.LnStructured.apply(theirs, "weight", amount=1, n=2, dim=0)
    assert [h for h, _ in ours._forward_pre_hooks] == [method]
    assert (method.amount, method.n, method.dim) == (tmethod.amount, tmethod.n, tmethod.dim)
    container = prune.L1Unstructured.apply(ours, "weight", amount=9)
    tprune.L1Unstructured.apply(theirs, "weight", amount=9)
    assert isinstance(container, prune.PruningContainer) and container[0] is method
    prune.RandomUnstructured.apply(ours, "bias", amount=0)
    prune.Identity.apply(ours, "bias")
    tprune.RandomUnstructured.apply(theirs, "bias", amount=0)
    tprune.Identity.apply(theirs, "bias")
    assert ours.weight_mask.dtype == ag.float32 and ours.bias_mask.dtype == ag.float32
    np.testing.assert_array_equal(_np(ours.weight_mask), theirs.weight_mask.numpy())
    np.testing.assert_array_equal(_np(ours.bias_mask), theirs.bias_mask.numpy())
    x = np.random.default_rng(2).standard_normal((2, 3, 5, 5)).astype(np.float32)
    out = ours(ag.tensor(x))
    assert out.dtype == ag.float32
    np.testing.assert_allclose(_np(out), theirs(torch.tensor(x)).detach().numpy(), rtol=1e-5,
                               atol=1e-5)
    prune.remove(ours, "bias")
    tprune.remove(theirs, "bias")
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert prune.is_pruned(ours) and tprune.is_pruned(theirs)
