"""nn.Parameter, Sequential, ModuleList, ModuleDict, forward hooks and repr vs PyTorch."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest

import autograd as ag
import nn
from tests.conftest import torch_or_skip


class Lin(nn.Module):
    """A module with a parameter and a one-line extra_repr."""

    def __init__(self, a: int = 1, b: int = 1) -> None:
        super().__init__()
        self.a, self.b = a, b
        self.weight = nn.Parameter(ag.full((b, a), float(b)))

    def forward(self, x):
        return x @ self.weight.T

    def extra_repr(self) -> str:
        return f"in={self.a}, out={self.b}"


class Act(nn.Module):
    def forward(self, x):
        return x * 2


class Multi(nn.Module):
    """A multi-line extra_repr next to a child."""

    def __init__(self) -> None:
        super().__init__()
        self.inner = Act()

    def extra_repr(self) -> str:
        return "alpha=1\nbeta=2"


def _torch_modules(torch):
    class Lin(torch.nn.Module):
        def __init__(self, a=1, b=1):
            super().__init__()
            self.a, self.b = a, b
            self.weight = torch.nn.Parameter(torch.full((b, a), float(b)))

        def extra_repr(self):
            return f"in={self.a}, out={self.b}"

    class Act(torch.nn.Module):
        pass

    class Multi(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = Act()

        def extra_repr(self):
            return "alpha=1\nbeta=2"

    return Lin, Act, Multi


def _model(nn_, Lin, Act, Multi):
    return nn_.Sequential(
        Lin(2, 3), Act(),
        nn_.Sequential(OrderedDict([("first", Lin(3, 3)), ("act", Act())])),
        nn_.ModuleList([Lin(1, 1), Lin(1, 1), Lin(1, 1), Act(), Lin(1, 1)]),
        nn_.ModuleDict({"x": Act(), "y": nn_.Sequential()}),
        Multi(), nn_.ModuleList(),
    )


# -- Parameter ------------------------------------------------------------------------------
def test_parameter_shares_memory_and_requires_grad():
    t = ag.tensor([1.0, 2.0])
    p = nn.Parameter(t)
    assert isinstance(p, ag.Tensor) and isinstance(p, nn.Parameter)
    assert p.requires_grad and p.is_leaf and p.array is t.array
    t.add_(1)
    assert p.tolist() == [2.0, 3.0] and p._version == t._version == 1
    q = nn.Parameter(ag.ones(2), requires_grad=False)
    assert not q.requires_grad
    assert nn.Parameter().shape == (0,) and nn.Parameter().requires_grad
    assert nn.Parameter(np.ones((2, 2))).shape == (2, 2)


def test_parameter_of_a_non_leaf_is_a_leaf_sharing_its_memory():
    # as torch.nn.Parameter: same memory and version counter, cut from the graph
    x = ag.ones(2, requires_grad=True)
    y = x * 3
    leaf = nn.Parameter(y)
    assert leaf.is_leaf and leaf.requires_grad and leaf.grad_fn is None
    assert leaf.array is y.array
    with ag.no_grad():
        y.add_(1)
    assert leaf.tolist() == [4.0, 4.0] and leaf._version == y._version == 1
    leaf.sum().backward()
    assert leaf.grad.tolist() == [1.0, 1.0] and x.grad is None


def test_parameter_ops_give_tensors_and_grads_flow():
    p = nn.Parameter(ag.tensor([1.0, 2.0]))
    for out in (p * 2, p + p, p.sum(), p.detach(), p.data, -p, p[0]):
        assert type(out) is ag.Tensor
    (p * p).sum().backward()
    np.testing.assert_array_equal(p.grad.numpy(), [2.0, 4.0])
    assert type(p.grad) is ag.Tensor


def test_parameter_repr_and_int_dtype_match_torch():
    torch = torch_or_skip()
    assert repr(nn.Parameter(ag.tensor([1.0, 2.0]))) == \
        repr(torch.nn.Parameter(torch.tensor([1.0, 2.0])))
    assert repr(nn.Parameter(ag.tensor([1.0, 2.0]), requires_grad=False)) == \
        repr(torch.nn.Parameter(torch.tensor([1.0, 2.0]), requires_grad=False))
    with pytest.raises(RuntimeError, match="floating point"):
        torch.nn.Parameter(torch.tensor([1, 2]))
    with pytest.raises(RuntimeError, match="floating point"):
        nn.Parameter(ag.tensor([1, 2]))
    assert nn.Parameter(ag.tensor([1, 2]), requires_grad=False).dtype == ag.int64


# -- repr -----------------------------------------------------------------------------------
def test_nested_repr_matches_torch():
    torch = torch_or_skip()
    ours = _model(nn, Lin, Act, Multi)
    theirs = _model(torch.nn, *_torch_modules(torch))
    assert repr(ours) == repr(theirs)
    assert repr(Lin(2, 3)) == "Lin(in=2, out=3)"
    assert repr(nn.Module()) == "Module()"
    m = nn.Module()
    m.add_module("child", None)
    assert repr(m) == "Module(\n  (child): None\n)"


# -- Sequential -----------------------------------------------------------------------------
def test_sequential_indexing_and_forward():
    a, b, c = Lin(2, 3), Act(), Lin(3, 1)
    s = nn.Sequential(a, b, c)
    assert len(s) == 3 and list(s) == [a, b, c]
    assert s[0] is a and s[-1] is c and s[-3] is a
    sub = s[1:]
    assert isinstance(sub, nn.Sequential) and list(sub) == [b, c]
    assert list(sub._modules) == ["1", "2"]  # PyTorch keeps the names of a slice
    with pytest.raises(IndexError, match="index 3 is out of range"):
        s[3]
    with pytest.raises(IndexError, match="index -4 is out of range"):
        s[-4]
    x = ag.ones(1, 2)
    np.testing.assert_allclose(s(x).detach().numpy(), c(b(a(x))).detach().numpy())
    assert [n for n, _ in s.named_parameters()] == ["0.weight", "2.weight"]


def test_sequential_ordered_dict_and_mutation_match_torch():
    torch = torch_or_skip()

    def build(nn_, mk):
        return nn_.Sequential(OrderedDict([("conv", mk()), ("act", mk()), ("fc", mk())]))

    s, t = build(nn, Act), build(torch.nn, torch.nn.Identity)
    assert list(s._modules) == list(t._modules) == ["conv", "act", "fc"]
    for op in (lambda q, mk: q.append(mk()), lambda q, mk: q.__delitem__(1),
               lambda q, mk: q.insert(-1, mk()), lambda q, mk: q.insert(0, mk()),
               lambda q, mk: q.extend([mk(), mk()]), lambda q, mk: q.pop(2),
               lambda q, mk: q.__delitem__(slice(0, 2)), lambda q, mk: q.__setitem__(-1, mk())):
        op(s, Act)
        op(t, torch.nn.Identity)
        assert list(s._modules) == list(t._modules)
    assert len(s + s) == len(t + t) and len(s * 3) == len(t * 3)
    with pytest.raises(IndexError, match="Index out of range: 10"):
        s.insert(10, Act())
    with pytest.raises(ValueError, match="Sequential"):
        s + nn.ModuleList()
    n = len(s)
    s += nn.Sequential(Act())
    s *= 2
    assert len(s) == 2 * (n + 1) and list(s._modules) == [str(k) for k in range(len(s))]


# -- ModuleList -----------------------------------------------------------------------------
def test_module_list_api_matches_torch():
    torch = torch_or_skip()
    ours = nn.ModuleList([Lin(1, k) for k in range(1, 4)])
    theirs = torch.nn.ModuleList([torch.nn.Linear(1, k) for k in range(1, 4)])
    steps = [
        lambda q, mk: q.append(mk(4)), lambda q, mk: q.extend([mk(5), mk(6)]),
        lambda q, mk: q.insert(1, mk(7)), lambda q, mk: q.__delitem__(0),
        lambda q, mk: q.__delitem__(slice(1, 3)), lambda q, mk: q.__delitem__(-1),
        lambda q, mk: q.__setitem__(-1, mk(8)), lambda q, mk: q.pop(0),
    ]
    for step in steps:
        step(ours, lambda k: Lin(1, k))
        step(theirs, lambda k: torch.nn.Linear(1, k))
        assert [m.b for m in ours] == [m.out_features for m in theirs]
        assert list(ours._modules) == list(theirs._modules)
        assert [n for n, _ in ours.named_parameters()] == \
            [n for n, _ in theirs.named_parameters() if n.endswith("weight")]
    assert len(ours) == len(theirs)
    assert [m.b for m in ours[::-1]] == [m.out_features for m in theirs[::-1]]
    assert isinstance(ours[1:], nn.ModuleList)
    assert ours[-1] is ours[len(ours) - 1]
    with pytest.raises(IndexError, match="out of range"):
        ours[len(ours)]
    with pytest.raises(TypeError, match="iterable"):
        ours.extend(Lin())
    both = ours + nn.ModuleList([Act()])
    assert len(both) == len(ours) + 1
    ours += [Act()]
    assert isinstance(ours[-1], Act)
    ours.insert(-100, Act())  # like list.insert
    assert isinstance(ours[0], Act)
    with pytest.raises(NotImplementedError, match="ModuleList"):
        ours(ag.ones(1))


def test_module_list_repr_compresses_runs_like_torch():
    torch = torch_or_skip()
    ours = nn.ModuleList([Lin(2, 2), Lin(2, 2), Lin(2, 3), nn.Sequential(Act(), Act()),
                          nn.Sequential(Act(), Act())])
    _, TAct, _ = _torch_modules(torch)

    class TLin(torch.nn.Module):
        def __init__(self, a, b):
            super().__init__()
            self.a, self.b = a, b

        def extra_repr(self):
            return f"in={self.a}, out={self.b}"

    TLin.__name__ = "Lin"
    theirs = torch.nn.ModuleList([TLin(2, 2), TLin(2, 2), TLin(2, 3),
                                  torch.nn.Sequential(TAct(), TAct()),
                                  torch.nn.Sequential(TAct(), TAct())])
    assert repr(ours) == repr(theirs)


# -- ModuleDict -----------------------------------------------------------------------------
def test_module_dict_mapping_api():
    a, b, c = Lin(), Act(), Lin(1, 2)
    d = nn.ModuleDict({"a": a, "b": b})
    assert len(d) == 2 and list(d) == ["a", "b"] and "a" in d and "z" not in d
    assert d["a"] is a and list(d.keys()) == ["a", "b"] and list(d.values()) == [a, b]
    assert list(d.items()) == [("a", a), ("b", b)]
    d["c"] = c
    d.update([("a", c)])  # replacing keeps the position
    assert list(d.keys()) == ["a", "b", "c"] and d["a"] is c
    d.update(nn.ModuleDict({"e": Act()}))
    d.update(OrderedDict(f=Act()))
    assert list(d) == ["a", "b", "c", "e", "f"]
    assert d.pop("b") is b and "b" not in d
    del d["e"]
    assert [n for n, _ in d.named_parameters()] == ["a.weight"]  # "c" is the same module
    with pytest.raises(KeyError, match="missing"):
        d["missing"]
    with pytest.raises(ValueError, match="has length 3"):
        d.update([("x", Act(), 1)])
    with pytest.raises(TypeError, match="should be Iterable"):
        d.update([1])
    with pytest.raises(TypeError, match="iterable"):
        d.update(5)
    with pytest.raises(KeyError, match="attribute 'keys' already exists"):
        d["keys"] = Act()  # PyTorch refuses names of Module attributes too
    d.clear()
    assert len(d) == 0 and list(d.parameters()) == []


# -- hooks and forward ----------------------------------------------------------------------
def test_forward_pre_hook_and_hook_replace_args_and_output():
    m = Lin(1, 1)
    calls, seen = [], []

    def pre(mod, args):
        calls.append("pre")
        return args[0] * 10  # a single value is wrapped into a tuple

    def post(mod, args, out):
        calls.append("post")
        seen.append(args[0].item())
        return out + 1

    h1 = m.register_forward_pre_hook(pre)
    h2 = m.register_forward_hook(post)
    assert m(ag.ones(1, 1)).item() == 11.0 and calls == ["pre", "post"] and seen == [10.0]
    h1.remove()
    h1.remove()  # a second remove is a no-op
    assert m(ag.ones(1, 1)).item() == 2.0
    h2.remove()
    assert m(ag.ones(1, 1)).item() == 1.0
    assert not m._forward_hooks and not m._forward_pre_hooks


def test_hook_order_prepend_kwargs_and_context_manager():
    class Scale(nn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    m = Scale()
    order = []
    m.register_forward_hook(lambda mod, a, o: order.append("second"))
    m.register_forward_hook(lambda mod, a, o: order.append("first"), prepend=True)
    m.register_forward_pre_hook(lambda mod, a, kw: (a, {"factor": 3.0}), with_kwargs=True)
    m.register_forward_hook(lambda mod, a, kw, o: o + kw["factor"], with_kwargs=True)
    assert m(ag.ones(1), factor=2.0).item() == 6.0 and order == ["first", "second"]
    with m.register_forward_hook(lambda mod, a, o: o * 0):
        assert m(ag.ones(1)).item() == 0.0
    assert m(ag.ones(1)).item() == 6.0
    bad = m.register_forward_pre_hook(lambda mod, a, kw: 1, with_kwargs=True)
    with pytest.raises(RuntimeError, match="forward pre-hook must return None or a tuple"):
        m(ag.ones(1))
    bad.remove()
    twice = []

    def hook(mod, a, o):
        twice.append(1)

    handle = m.register_forward_hook(hook)
    m.register_forward_hook(hook)
    m(ag.ones(1))
    handle.remove()
    m(ag.ones(1))
    assert len(twice) == 3


def test_missing_forward_names_the_class():
    class NoForward(nn.Module):
        pass

    with pytest.raises(NotImplementedError,
                       match=r'Module \[NoForward\] is missing the required "forward" function'):
        NoForward()(ag.ones(1))
    with pytest.raises(NotImplementedError, match=r"\[ModuleDict\]"):
        nn.ModuleDict()()
