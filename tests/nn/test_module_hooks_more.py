"""nn.Module state-dict hooks, extra state, set_submodule, to_empty, type, share_memory, the
deprecated register_backward_hook and compile, against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.conftest import torch_or_skip


def _pair(torch):
    """The same two-level model here and in torch."""
    ours = nn.Sequential(nn.Linear(3, 4), nn.Sequential(nn.ReLU(), nn.Linear(4, 2)))
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 4),
                                 torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(4, 2)))
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    return ours, theirs


def _record(model, calls, kind):
    for name, m in model.named_modules():
        if kind == "pre":
            m.register_state_dict_pre_hook(
                lambda mod, prefix, keep_vars, name=name: calls.append(("pre", name, prefix,
                                                                        keep_vars)))
        else:
            m.register_state_dict_post_hook(
                lambda mod, sd, prefix, meta, name=name: calls.append(("post", name, prefix,
                                                                       len(sd))))


def test_state_dict_hooks_called_as_torch() -> None:
    torch = torch_or_skip()
    ours, theirs = _pair(torch)
    got, want = [], []
    for kind in ("pre", "post"):
        _record(ours, got, kind)
        _record(theirs, want, kind)
    ours.state_dict(keep_vars=True)
    theirs.state_dict(keep_vars=True)
    assert got == want and len(got) == 10


def test_state_dict_post_hook_edits_in_place_and_must_return_none() -> None:
    torch = torch_or_skip()
    ours, theirs = _pair(torch)
    def drop_bias(mod, sd, prefix, meta):
        del sd[prefix + "0.bias"]

    for m in (ours, theirs):
        m.register_state_dict_post_hook(drop_bias)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == \
        ["0.weight", "1.1.weight", "1.1.bias"]
    ours[1].register_state_dict_post_hook(lambda mod, sd, prefix, meta: {})
    with pytest.raises(RuntimeError, match="state_dict post-hook must return None"):
        ours.state_dict()
    theirs[1].register_state_dict_post_hook(lambda mod, sd, prefix, meta: {})
    with pytest.raises(RuntimeError, match="state_dict post-hook must return None"):
        theirs.state_dict()


def test_hook_handles_remove() -> None:
    m = nn.Linear(2, 2)
    calls = []
    h = m.register_state_dict_pre_hook(lambda *a: calls.append(1))
    m.state_dict()
    h.remove()
    m.state_dict()
    assert calls == [1]


def test_load_state_dict_pre_hook_renames_keys_as_torch() -> None:
    torch = torch_or_skip()
    ours, theirs = _pair(torch)
    sd = {k.replace("weight", "w"): v.detach().numpy() for k, v in theirs.state_dict().items()}
    seen = {}

    def rename(mod, state_dict, prefix, local_metadata, strict, missing, unexpected, errors):
        seen.setdefault(type(mod).__name__, []).append((prefix, strict))
        for key in [k for k in state_dict if k.startswith(prefix) and k.endswith(".w")
                    and "." not in k[len(prefix):-2]]:
            state_dict[key[:-1] + "weight"] = state_dict.pop(key)

    for model in (ours, theirs):
        for m in model.modules():
            m.register_load_state_dict_pre_hook(rename)
    ours.load_state_dict(sd)
    ours_seen, seen = seen, {}
    theirs.load_state_dict({k: torch.tensor(v) for k, v in sd.items()})
    assert ours_seen == seen
    for k, v in theirs.state_dict().items():
        np.testing.assert_array_equal(ours.state_dict()[k].numpy(), v.numpy())


def test_load_state_dict_post_hook_can_clear_incompatible_keys() -> None:
    torch = torch_or_skip()
    ours, theirs = _pair(torch)
    sd = {k: v.detach().numpy() for k, v in theirs.state_dict().items()}
    del sd["1.1.bias"]
    sd["junk"] = np.zeros(1)
    results = []
    for model in (ours, theirs):
        with pytest.raises(RuntimeError, match='Missing key.*"1.1.bias".*\n.*Unexpected'):
            model.load_state_dict(sd if model is ours else
                                  {k: torch.tensor(v) for k, v in sd.items()})

        def clear(mod, keys):
            results.append((list(keys.missing_keys), list(keys.unexpected_keys)))
            keys.missing_keys.clear()
            keys.unexpected_keys.clear()

        model.register_load_state_dict_post_hook(clear)
        model.load_state_dict(sd if model is ours else
                              {k: torch.tensor(v) for k, v in sd.items()})
    assert results[0] == results[1] == (["1.1.bias"], ["junk"])
    ours.register_load_state_dict_post_hook(lambda mod, keys: keys)
    with pytest.raises(AssertionError, match="not expected to return new values"):
        ours.load_state_dict(sd, strict=False)


def test_unexpected_keys_in_torch_order() -> None:
    torch = torch_or_skip()
    ours, theirs = _pair(torch)
    sd = {k: v.detach().numpy() for k, v in theirs.state_dict().items()}
    sd = {"1.1.zz": np.zeros(1), **sd, "top": np.zeros(1), "1.x": np.zeros(1)}
    r_ours = ours.load_state_dict(sd, strict=False)
    r_theirs = theirs.load_state_dict({k: torch.tensor(v) for k, v in sd.items()}, strict=False)
    assert r_ours.unexpected_keys == r_theirs.unexpected_keys == ["top", "1.x", "1.1.zz"]


def _extra_state_classes(torch):
    class Ours(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(2, 2)
            self.count = 0

        def get_extra_state(self):
            return {"count": self.count}

        def set_extra_state(self, state):
            self.count = state["count"]

    class Theirs(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(2, 2)
            self.count = 0

        def get_extra_state(self):
            return {"count": self.count}

        def set_extra_state(self, state):
            self.count = state["count"]

    return Ours, Theirs


def test_extra_state_saved_and_loaded_as_torch() -> None:
    torch = torch_or_skip()
    Ours, Theirs = _extra_state_classes(torch)
    ours = nn.Sequential(Ours(), nn.Linear(2, 1))
    theirs = torch.nn.Sequential(Theirs(), torch.nn.Linear(2, 1))
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert "0._extra_state" in ours.state_dict()
    ours[0].count = 5
    sd = ours.state_dict()
    assert sd["0._extra_state"] == {"count": 5}
    fresh = nn.Sequential(Ours(), nn.Linear(2, 1))
    fresh.load_state_dict(sd)
    assert fresh[0].count == 5
    del sd["0._extra_state"]
    with pytest.raises(RuntimeError, match='Missing key.*"0._extra_state"'):
        fresh.load_state_dict(sd)
    tsd = theirs.state_dict()
    del tsd["0._extra_state"]
    with pytest.raises(RuntimeError, match='Missing key.*"0._extra_state"'):
        theirs.load_state_dict(tsd)
    # a module without set_extra_state does not expect the key
    plain = nn.Linear(2, 2)
    sd = {**plain.state_dict(), "_extra_state": 1}
    with pytest.raises(RuntimeError, match='Unexpected key.*"_extra_state"'):
        plain.load_state_dict(sd)
    with pytest.raises(RuntimeError, match="get_extra_state"):
        nn.Module().get_extra_state()
    with pytest.raises(RuntimeError, match="set_extra_state"):
        nn.Module().set_extra_state(1)


def test_set_submodule_as_torch() -> None:
    torch = torch_or_skip()
    ours, theirs = _pair(torch)
    ours.set_submodule("1.1", nn.Linear(4, 7))
    theirs.set_submodule("1.1", torch.nn.Linear(4, 7))
    ours.set_submodule("1.extra", nn.Tanh())
    theirs.set_submodule("1.extra", torch.nn.Tanh())
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert ours[1][1].out_features == 7
    cases = [(("",), ValueError, "Cannot set the submodule without a target name"),
             (("1.nothere", "strict"), AttributeError, "has no attribute `nothere`"),
             (("9.x",), AttributeError, "has no attribute `9`"),
             (("0.weight",), AttributeError, "`weight` is not an nn.Module")]
    for args, error, match in cases:
        strict = len(args) > 1
        with pytest.raises(error, match=match):
            ours.set_submodule(args[0], nn.Tanh(), strict=strict)
        with pytest.raises(error, match=match):
            theirs.set_submodule(args[0], torch.nn.Tanh(), strict=strict)
    with pytest.raises(ValueError, match="is not an nn.Module"):
        ours.set_submodule("1.1", 3)


def test_to_empty_keeps_objects_shapes_and_dtypes() -> None:
    torch = torch_or_skip()
    m = nn.BatchNorm1d(3)
    before = {n: p for n, p in m.named_parameters()}
    assert m.to_empty(device="cpu") is m
    t = torch.nn.BatchNorm1d(3).to_empty(device="cpu")
    for ours, theirs in zip(m.state_dict().values(), t.state_dict().values()):
        assert tuple(ours.shape) == tuple(theirs.shape)
        assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    assert all(p is before[n] for n, p in m.named_parameters())
    lin = nn.Sequential(nn.Linear(2, 2))
    old = lin[0].weight.array
    lin.to_empty(device=None, recurse=False)
    assert lin[0].weight.array is old  # the child is left alone


def test_type_casts_every_tensor_as_torch() -> None:
    torch = torch_or_skip()
    m, t = nn.BatchNorm1d(2), torch.nn.BatchNorm1d(2)
    assert m.type(ag.float64) is m
    t.type(torch.float64)
    for (n, ours), (_, theirs) in zip(m.state_dict().items(), t.state_dict().items()):
        assert str(ours.dtype) == str(theirs.dtype).replace("torch.", ""), n
    assert m.num_batches_tracked.dtype == ag.float64  # integers too, unlike Module.double()


def test_share_memory_returns_self() -> None:
    m = nn.Linear(2, 2)
    before = m.weight.array
    assert m.share_memory() is m
    assert m.weight.array is before


def test_register_backward_hook_on_a_one_op_module_as_torch() -> None:
    torch = torch_or_skip()
    x = np.array([[-1.0, 2.0, 3.0]])
    got, want = [], []
    ours, theirs = nn.Tanh(), torch.nn.Tanh()
    ours.register_backward_hook(lambda m, gi, go: got.append((gi[0].numpy(), go[0].numpy())))
    theirs.register_backward_hook(
        lambda m, gi, go: want.append((gi[0].numpy(), go[0].numpy())))
    xa = ag.tensor(x, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    (ours(xa) * 2).sum().backward()
    (theirs(xt) * 2).sum().backward()
    np.testing.assert_allclose(got[0][0], want[0][0])
    np.testing.assert_allclose(got[0][1], want[0][1])
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy())
    with pytest.raises(RuntimeError, match="Cannot use both regular backward hooks and full"):
        ours.register_full_backward_hook(lambda m, gi, go: None)
    with pytest.raises(RuntimeError, match="Cannot use both regular backward hooks and full"):
        theirs.register_full_backward_hook(lambda m, gi, go: None)
    full = nn.Tanh()
    full.register_full_backward_hook(lambda m, gi, go: None)
    with pytest.raises(RuntimeError, match="Cannot use both regular backward hooks and full"):
        full.register_backward_hook(lambda m, gi, go: None)


def test_compile_in_place_matches_eager() -> None:
    lin = nn.Linear(3, 2).double()
    x = ag.randn(4, 3, dtype=ag.float64)
    eager = lin(x).detach().numpy()
    assert lin.compile() is None
    for _ in range(3):
        np.testing.assert_allclose(lin(x).detach().numpy(), eager)
    lin.zero_grad()
    lin(x).sum().backward()
    np.testing.assert_allclose(lin.weight.grad.numpy(), np.tile(x.numpy().sum(0), (2, 1)))
