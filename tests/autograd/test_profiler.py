"""autograd.profiler.profile: counts, times, bytes, the table and the Chrome trace."""

from __future__ import annotations

import json

import numpy as np
import pytest

import autograd as ag
from autograd.engine.grad_mode import state as _thread_state
from autograd.engine.grad_mode import watchers as _watchers


def _run(device: str) -> ag.profiler.profile:
    x = ag.tensor(np.arange(4.0), dtype=ag.float32, device=device, requires_grad=True)
    b = ag.tensor(np.ones(4), dtype=ag.float32, device=device)
    with ag.profiler.profile() as prof:
        y = x * 2.0 + b  # Mul, Add
        z = y * y + x  # Mul, Add
        (z * 3.0).sum().backward()  # Mul, Sum
    return prof


def test_counts_match_the_ops_run(device):
    prof = _run(device)
    stats = {s.name: s for s in prof.key_averages()}
    assert set(stats) == {"Mul", "Add", "Sum"}
    assert (stats["Mul"].count, stats["Add"].count, stats["Sum"].count) == (3, 2, 1)
    assert (stats["Mul"].backward_count, stats["Add"].backward_count) == (3, 2)
    assert stats["Sum"].backward_count == 1
    assert all(s.forward_ns > 0 and s.backward_ns > 0 for s in stats.values())
    # outputs are 4 float32 each; Sum's is a scalar
    assert stats["Mul"].forward_bytes == 3 * 16 and stats["Sum"].forward_bytes == 4
    # Mul's backward: one gradient for x*2 and z*3, two for y*y
    assert stats["Mul"].backward_bytes == 4 * 16


def test_gradients_unchanged_by_profiling():
    x = ag.tensor([0.5, -1.0, 2.0], dtype=ag.float64, requires_grad=True)
    (x.tanh() * x).sum().backward()
    expected = x.grad.numpy().copy()
    x.grad = None
    with ag.profiler.profile():
        (x.tanh() * x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), expected)


def test_nothing_recorded_outside_the_block():
    x = ag.ones(3, requires_grad=True)
    with ag.profiler.profile() as prof:
        y = x * 2.0
    n = len(prof.events)
    y.sum().backward()
    _ = x + 1.0
    assert len(prof.events) == n == 1
    assert _thread_state.profilers == [] and not _watchers


def test_disabled_profile_records_nothing():
    x = ag.ones(3, requires_grad=True)
    with ag.profiler.profile(enabled=False) as prof:
        (x * 2.0).sum().backward()
    assert prof.events == [] and prof.key_averages() == []


def test_nested_profiles_both_record():
    x = ag.ones(3, requires_grad=True)
    with ag.profiler.profile() as outer:
        _ = x * 2.0
        with ag.profiler.profile() as inner:
            _ = x + 1.0
    assert [s.name for s in outer.key_averages()] == ["Mul", "Add"]
    assert [s.name for s in inner.key_averages()] == ["Add"]


def test_create_graph_backward_is_profiled():
    x = ag.tensor([0.5, 1.5], dtype=ag.float64, requires_grad=True)
    with ag.profiler.profile() as prof:
        (g,) = ag.grad((x ** 3).sum(), x, create_graph=True)
        g.sum().backward()
    stats = {s.name: s for s in prof.key_averages()}
    assert stats["Pow"].backward_count >= 1
    np.testing.assert_allclose(x.grad.numpy(), 6 * x.detach().numpy())


def test_table_and_str():
    prof = _run("cpu")
    text = str(prof)
    assert text.splitlines()[0].split()[:2] == ["op", "calls"]
    assert "Mul" in text and "total" in text.splitlines()[-1]
    by_count = prof.key_averages().table(sort_by="count", row_limit=1)
    assert by_count.splitlines()[2].startswith("Mul")
    assert "Sum" not in by_count
    assert prof.table(sort_by="cpu_time_total")
    with pytest.raises(ValueError, match="sort_by"):
        prof.table(sort_by="nope")


def test_chrome_trace(tmp_path):
    prof = _run("cpu")
    path = tmp_path / "trace.json"
    prof.export_chrome_trace(path)
    events = json.loads(path.read_text())["traceEvents"]
    assert len(events) == 12
    assert {e["cat"] for e in events} == {"forward", "backward"}
    for e in events:
        assert e["ph"] == "X" and e["name"] in {"Mul", "Add", "Sum"}
        assert e["ts"] >= 0 and e["dur"] >= 0 and "bytes" in e["args"]
    forward = [e for e in events if e["cat"] == "forward"]
    assert [e["name"] for e in forward] == ["Mul", "Add", "Mul", "Add", "Mul", "Sum"]
    assert forward[0]["args"]["input_shapes"] == [[4]]
