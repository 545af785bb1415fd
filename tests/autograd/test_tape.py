"""``autograd.Tape``: the tape made visible (recording, printing, dot, ``gradient``)."""

from __future__ import annotations

import re

import numpy as np
import pytest

import autograd as ag


@pytest.fixture
def xy():
    x = ag.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    y = ag.tensor([[1.0], [2.0]], dtype=ag.float64, requires_grad=True)
    return x, y


def test_records_every_op_with_metadata(xy):
    x, y = xy
    with ag.Tape() as tape:
        a = x * 2
        b = a + y  # float32 (1, 3) + float64 (2, 1): a cast, then Add
        c = b.exp().sum()
    assert len(tape) >= 4
    names = [e.name for e in tape]
    assert names[0] == "Mul" and names[-2:] == ["Exp", "Sum"]
    assert "Add" in names
    mul = tape[0]
    name, inputs, outputs = mul  # entries unpack as (name, inputs, outputs)
    assert name == "Mul"
    assert inputs == (((1, 3), "float32", "cpu"),)  # the scalar 2 is not a tensor input
    assert outputs == (((1, 3), "float32", "cpu"),)
    add = tape[names.index("Add")]
    assert add.input_shapes == [(1, 3), (2, 1)] and add.output_shapes == [(2, 3)]
    assert {m[1] for m in add.inputs} == {"float64"}
    assert tape[-1].outputs == (((), "float64", "cpu"),)
    assert c.grad_fn is tape[-1].node
    assert all(e.node is not None for e in tape)


def test_print_is_a_table(xy, capsys):
    x, y = xy
    with ag.Tape() as tape:
        (x * 2).exp().sum()
    print(tape)
    text = capsys.readouterr().out
    lines = text.strip().splitlines()
    assert lines[0].split()[:2] == ["#", "op"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    for name in ("Mul", "Exp", "Sum"):
        assert name in text
    assert len(lines) == 2 + len(tape)
    assert "[1, 3]" in text and "yes" in text
    assert repr(tape) == f"<Tape of {len(tape)} ops>"


def test_to_dot_has_nodes_and_edges(xy):
    x, y = xy
    with ag.Tape() as tape:
        a = x * 2
        (a * a + x).sum()
    dot = tape.to_dot()
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")
    assert dot.count("{") == dot.count("}")
    edges = re.findall(r"(\w+) -> (\w+);", dot)
    ops = set(re.findall(r"^\s*(op\d+) \[", dot, re.M))
    assert len(ops) == len(tape)
    assert ("op0", "op1") in edges  # a = x * 2 feeds a * a
    assert any(src.startswith("leaf") for src, _ in edges)  # x is a leaf input
    assert all(dst in ops for _, dst in edges)
    for name in ("Mul", "Add", "Sum"):
        assert name in dot


def test_gradient_matches_grad(xy):
    x, y = xy
    with ag.Tape() as tape:
        out = (x * y).exp().sum()
    gx, gy = tape.gradient(out, [x, y])
    ex, ey = ag.grad(out, [x, y], retain_graph=True)
    np.testing.assert_allclose(gx.numpy(), ex.numpy())
    np.testing.assert_allclose(gy.numpy(), ey.numpy())
    assert x.grad is None
    single = tape.gradient(out, x)  # a single source gives a single gradient
    np.testing.assert_allclose(single.numpy(), ex.numpy())


def test_gradient_of_unused_source_is_none(xy):
    x, y = xy
    with ag.Tape() as tape:
        out = (x * 3).sum()
    gx, gy = tape.gradient(out, [x, y])
    assert gy is None
    np.testing.assert_allclose(gx.numpy(), np.full((1, 3), 3.0))


def test_nested_tapes_both_record(xy):
    x, _ = xy
    with ag.Tape() as outer:
        a = x * 2
        with ag.Tape() as inner:
            b = a.exp()
        b.sum()
    assert [e.name for e in inner] == ["Exp"]
    assert [e.name for e in outer] == ["Mul", "Exp", "Sum"]


def test_ops_outside_are_not_recorded(xy):
    x, _ = xy
    a = x * 2
    with ag.Tape() as tape:
        b = a.exp()
    b.sum()
    x * 3
    assert [e.name for e in tape] == ["Exp"]


def test_non_grad_ops_recorded_with_grad_no(xy, capsys):
    x, _ = xy
    c = ag.tensor([1.0, 2.0])
    with ag.Tape() as tape:
        c * 2
        with ag.no_grad():
            x * 2
        x * 2
    assert [e.name for e in tape] == ["Mul", "Mul", "Mul"]
    assert [e.node is None for e in tape] == [True, True, False]
    assert "grad=no" in repr(tape[0]) and "grad=yes" in repr(tape[2])
    print(tape)
    rows = capsys.readouterr().out.strip().splitlines()[2:]
    assert [r.split()[-1] for r in rows] == ["no", "no", "yes"]


def test_tape_closes_on_exception(xy):
    x, _ = xy
    with pytest.raises(ZeroDivisionError):
        with ag.Tape() as tape:
            x * 2
            1 / 0
    x * 3
    assert len(tape) == 1
