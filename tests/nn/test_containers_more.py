"""nn.ParameterList and nn.ParameterDict against PyTorch: registration, state_dict keys and
shapes, loading a PyTorch state_dict, list/dict behaviour, repr and errors."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest

import autograd as ag
import nn
from tests.conftest import torch_or_skip


def _shapes(sd):
    return [(k, tuple(v.shape)) for k, v in sd.items()]


def _torch_sd_as_numpy(sd):
    return {k: v.detach().numpy() for k, v in sd.items()}


# -- ParameterList ------------------------------------------------------------------------
def test_parameter_list_wraps_tensors_and_registers_them() -> None:
    p0 = nn.Parameter(ag.ones(1))
    pl = nn.ParameterList([ag.zeros(2, 3), p0, "abc", ag.ones(2, dtype=ag.float64)])
    assert len(pl) == 4
    assert isinstance(pl[0], nn.Parameter) and pl[0].requires_grad
    assert pl[1] is p0 and pl[2] == "abc" and pl[-1].dtype == ag.float64
    assert [n for n, _ in pl.named_parameters()] == ["0", "1", "3"]
    assert list(pl.state_dict()) == ["0", "1", "3"]
    assert list(pl)[2] == "abc"
    with pytest.raises(IndexError, match="index 4 is out of range"):
        pl[4]
    with pytest.raises(IndexError, match="index -5 is out of range"):
        pl[-5] = ag.ones(1)
    with pytest.raises(TypeError, match="ParameterList.extend should be called with an "
                                        "iterable, but got Tensor"):
        pl.extend(ag.ones(2))
    with pytest.raises(RuntimeError, match="ParameterList should not be called"):
        pl(ag.ones(1))


def test_parameter_list_matches_torch() -> None:
    torch = torch_or_skip()
    shapes = [(2, 3), (4,), (1, 1, 2)]
    ours = nn.ParameterList([ag.zeros(s) for s in shapes[:2]])
    ours.append(ag.zeros(shapes[2]))
    ours += ["text", ag.zeros(5)]
    ours[0] = ag.zeros(3, 3)
    theirs = torch.nn.ParameterList([torch.zeros(s) for s in shapes[:2]])
    theirs.append(torch.zeros(shapes[2]))
    theirs += ["text", torch.zeros(5)]
    theirs[0] = torch.zeros(3, 3)
    assert _shapes(ours.state_dict()) == _shapes(theirs.state_dict())
    assert ([n for n, _ in ours.named_parameters()]
            == [n for n, _ in theirs.named_parameters()])
    # slicing gives a new list, renumbered, holding the same objects
    assert _shapes(ours[1::2].state_dict()) == _shapes(theirs[1::2].state_dict())
    assert ours[1::2][0] is ours[1]
    for p in theirs.parameters():
        torch.nn.init.normal_(p)
    ours.load_state_dict(_torch_sd_as_numpy(theirs.state_dict()))
    for k, v in theirs.state_dict().items():
        np.testing.assert_array_equal(ours.state_dict()[k].numpy(), v.numpy())
    assert repr(ours).replace("float32", "torch.float32") == repr(theirs)
    assert repr(nn.ParameterList()) == repr(torch.nn.ParameterList())
    assert "0" not in dir(ours) and "append" in dir(ours)


def test_parameter_list_inside_a_module_trains_and_moves() -> None:
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.ws = nn.ParameterList([ag.ones(2), ag.ones(2) * 2])

        def forward(self, x):
            for w in self.ws:
                x = x * w
            return x.sum()

    m = M()
    assert list(m.state_dict()) == ["ws.0", "ws.1"]
    m(ag.ones(2)).backward()
    np.testing.assert_array_equal(m.ws[0].grad.numpy(), [2.0, 2.0])
    w = m.ws[1]
    m.double()
    assert m.ws[1] is w and w.dtype == ag.float64


# -- ParameterDict ------------------------------------------------------------------------
def test_parameter_dict_behaves_like_a_dict() -> None:
    pd = nn.ParameterDict({"b": ag.zeros(2), "a": ag.zeros(1)})
    assert list(pd.keys()) == ["a", "b"]  # a plain dict is added in sorted order
    pd.update([("z", ag.ones(3)), ("c", 7)])
    assert list(pd) == ["a", "b", "z", "c"] and pd["c"] == 7
    assert [n for n, _ in pd.named_parameters()] == ["a", "b", "z"]
    assert "z" in pd and "q" not in pd and len(pd) == 4
    assert pd.get("q") is None and pd.get("q", 3) == 3
    x = pd.setdefault("x", ag.ones(1))
    assert isinstance(x, nn.Parameter) and pd.setdefault("x", None) is x
    assert pd.pop("x") is x and "x" not in pd and not hasattr(pd, "x")
    assert pd.popitem() == ("c", 7)
    assert list(reversed(pd)) == ["z", "b", "a"]
    c = pd.copy()
    assert list(c) == list(pd) and c["a"] is pd["a"]
    merged = pd | nn.ParameterDict(OrderedDict([("n", ag.ones(1))]))
    assert list(merged) == ["a", "b", "z", "n"] and list(pd) == ["a", "b", "z"]
    pd |= {"m": ag.ones(1)}
    assert list(pd) == ["a", "b", "z", "m"]
    f = pd.fromkeys(["u", "v"], ag.ones(2))
    assert list(f) == ["u", "v"] and isinstance(f["u"], nn.Parameter)
    assert [k for k, _ in pd.items()] == list(pd.keys()) and len(list(pd.values())) == 4
    pd.clear()
    assert len(pd) == 0 and list(pd.parameters()) == []
    with pytest.raises(TypeError, match="not a string"):
        pd[1] = ag.ones(1)
    with pytest.raises(KeyError):
        pd.popitem()
    with pytest.raises(ValueError, match="element #0 has length 3; 2 is required"):
        pd.update([("a", 1, 2)])
    with pytest.raises(TypeError, match="should be called with an iterable"):
        pd.update(3)
    with pytest.raises(RuntimeError, match="ParameterDict should not be called"):
        pd(1)


def test_parameter_dict_matches_torch() -> None:
    torch = torch_or_skip()
    ours = nn.ParameterDict({"w": ag.zeros(2, 3), "b": ag.zeros(3)})
    ours["extra"] = "note"
    ours.update(OrderedDict([("z", ag.zeros(4)), ("a", ag.zeros(1, 2))]))
    theirs = torch.nn.ParameterDict({"w": torch.zeros(2, 3), "b": torch.zeros(3)})
    theirs["extra"] = "note"
    theirs.update(OrderedDict([("z", torch.zeros(4)), ("a", torch.zeros(1, 2))]))
    assert list(ours) == list(theirs)
    assert _shapes(ours.state_dict()) == _shapes(theirs.state_dict())
    for p in theirs.parameters():
        torch.nn.init.normal_(p)
    ours.load_state_dict(_torch_sd_as_numpy(theirs.state_dict()))
    for k, v in theirs.state_dict().items():
        np.testing.assert_array_equal(ours[k].detach().numpy(), v.numpy())
    assert repr(ours) == repr(theirs)
    assert repr(nn.ParameterDict()) == repr(torch.nn.ParameterDict())


def test_parameter_dict_in_a_model_matches_torch_state_dict() -> None:
    torch = torch_or_skip()

    class Ours(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(2, 3)
            self.heads = nn.ParameterDict({"x": ag.zeros(3), "y": ag.zeros(3, 1)})
            self.scales = nn.ParameterList([ag.ones(1), ag.ones(2)])

    class Theirs(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(2, 3)
            self.heads = torch.nn.ParameterDict({"x": torch.zeros(3), "y": torch.zeros(3, 1)})
            self.scales = torch.nn.ParameterList([torch.ones(1), torch.ones(2)])

    ours, theirs = Ours(), Theirs()
    assert _shapes(ours.state_dict()) == _shapes(theirs.state_dict())
    ours.load_state_dict(_torch_sd_as_numpy(theirs.state_dict()))
    np.testing.assert_array_equal(ours.lin.weight.detach().numpy(),
                                  theirs.lin.weight.detach().numpy())
    assert len(list(ours.parameters())) == len(list(theirs.parameters())) == 6
