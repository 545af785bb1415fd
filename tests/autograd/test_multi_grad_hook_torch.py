"""autograd.graph.register_multi_grad_hook against torch.autograd.graph's: which gradients
``fn`` gets (None for a tensor a pass does not reach or need), once per backward pass, after
all of them ("all") or with the first ("any"), with backward, inputs= and grad."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from autograd.graph import register_multi_grad_hook
from tests.conftest import torch_or_skip

torch = torch_or_skip()


def _graphs(device: str = "cpu"):
    """a, b leaves; c = a * b; d = a + b; e = c.sin() * d; u unrelated: here and in PyTorch."""
    rng = np.random.default_rng(0)
    va, vb, vu = rng.standard_normal((3, 2, 3))
    built = []
    for lib, kw in ((ag, {"device": device}), (torch, {})):
        a = lib.tensor(va, requires_grad=True, **kw)
        b = lib.tensor(vb, requires_grad=True, **kw)
        u = lib.tensor(vu, requires_grad=True, **kw)
        c = a * b
        d = a + b
        e = c.sin() * d
        built.append({"a": a, "b": b, "c": c, "d": d, "e": e, "u": u})
    return built


def _np(g):
    return None if g is None else g.detach().cpu().numpy().copy()


def _record(names, ours, theirs, mode="all"):
    calls = ([], [])
    handles = []
    for k, env in enumerate((ours, theirs)):
        lib = ag if k == 0 else torch

        def fn(grads, k=k):
            if mode == "all":
                calls[k].append([_np(g) for g in grads])
            else:
                calls[k].append(_np(grads))

        mod = register_multi_grad_hook if lib is ag else torch.autograd.graph.\
            register_multi_grad_hook
        handles.append(mod([env[n] for n in names], fn, mode=mode))
    return calls, handles


def _same(calls) -> None:
    ours, theirs = calls
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        if isinstance(t, list):
            assert [g is None for g in o] == [g is None for g in t]
            for go, gt in zip(o, t):
                if gt is not None:
                    np.testing.assert_allclose(go, gt, rtol=1e-12, atol=1e-12)
        else:
            np.testing.assert_allclose(o, t, rtol=1e-12, atol=1e-12)


PASSES = [
    ("backward", lambda lib, env: env["e"].sum().backward(retain_graph=True)),
    ("backward c", lambda lib, env: env["c"].sum().backward(retain_graph=True)),
    ("backward inputs a", lambda lib, env: env["e"].sum().backward(
        inputs=[env["a"]], retain_graph=True)),
    ("backward inputs c", lambda lib, env: env["e"].sum().backward(
        inputs=[env["c"]], retain_graph=True)),
    ("grad a", lambda lib, env: lib.autograd.grad(env["e"].sum(), [env["a"]],
                                                  retain_graph=True)),
    ("grad d b", lambda lib, env: lib.autograd.grad(env["e"].sum(), [env["d"], env["b"]],
                                                    retain_graph=True)),
    ("grad c", lambda lib, env: lib.autograd.grad(env["e"].sum(), [env["c"]],
                                                  retain_graph=True)),
    ("two roots", lambda lib, env: lib.autograd.backward([env["c"].sum(), env["d"].sum()],
                                                         retain_graph=True)),
]


@pytest.mark.parametrize("label,run", PASSES, ids=[p[0] for p in PASSES])
@pytest.mark.parametrize("names", [("a", "b", "c", "d"), ("c", "u", "a"), ("e", "d"),
                                   ("b",)])
def test_all_mode_matches_torch(names, label, run) -> None:
    ours, theirs = _graphs()
    calls, _ = _record(names, ours, theirs)
    run(ag, ours)
    try:
        run(torch, theirs)
    except RuntimeError as error:
        # PyTorch refuses a leaf in this mode under autograd.grad() ("not supported"); here
        # the leaves that are inputs take part, the others not
        assert "leaf node was passed" in str(error)
        wanted = {"grad a": {"a", "c", "e", "d"}, "grad d b": {"b", "c", "d", "e"},
                  "grad c": {"c", "e"}}[label]
        assert len(calls[0]) == 1
        assert [g is not None for g in calls[0][0]] == [n in wanted for n in names]
        return
    _same(calls)
    run(ag, ours)  # once per backward pass
    run(torch, theirs)
    _same(calls)
    assert len(calls[0]) == len(calls[1])


@pytest.mark.parametrize("label,run", PASSES, ids=[p[0] for p in PASSES])
def test_any_mode_matches_torch(label, run) -> None:
    ours, theirs = _graphs()
    calls, _ = _record(("a", "c", "u"), ours, theirs, mode="any")
    run(ag, ours)
    run(torch, theirs)
    run(ag, ours)
    run(torch, theirs)
    _same(calls)


def test_called_after_every_gradient_and_removed() -> None:
    for lib in (ag, torch):
        env = _graphs()[0 if lib is ag else 1]
        log = []
        for n in ("a", "c", "d"):
            env[n].register_hook(lambda g, n=n, log=log: log.append(n))
        reg = register_multi_grad_hook if lib is ag else \
            torch.autograd.graph.register_multi_grad_hook
        handle = reg([env["a"], env["c"], env["d"]], lambda grads, log=log: log.append("fn"))
        env["e"].sum().backward(retain_graph=True)
        assert log.count("fn") == 1 and log.index("fn") > max(
            log.index(n) for n in ("a", "c", "d")), (lib.__name__, log)
        handle.remove()
        log.clear()
        env["e"].sum().backward()
        assert "fn" not in log and sorted(log) == ["a", "c", "d"]


def test_errors_match_torch() -> None:
    ours, theirs = _graphs()
    for reg, env in ((register_multi_grad_hook, ours),
                     (torch.autograd.graph.register_multi_grad_hook, theirs)):
        with pytest.raises(ValueError, match="Expects mode to be one of"):
            reg([env["a"]], print, mode="some")
    x = ag.ones(2)
    with pytest.raises(AssertionError, match="Expected gradient function to be set"):
        register_multi_grad_hook([ours["a"], x], print)
    with pytest.raises(AssertionError, match="Expected gradient function to be set"):
        torch.autograd.graph.register_multi_grad_hook([theirs["a"], torch.ones(2)], print)
    calls = []
    register_multi_grad_hook([ours["a"], x], calls.append, mode="any")  # skipped there
    ours["e"].sum().backward()
    assert len(calls) == 1


def test_on_device(device) -> None:
    ours, theirs = _graphs(device)
    calls, _ = _record(("a", "b", "c", "u"), ours, theirs)
    PASSES[0][1](ag, ours)
    PASSES[0][1](torch, theirs)
    _same(calls)
    assert len(calls[0]) == 1
