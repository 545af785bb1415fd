"""The tutorials of the documentation site (examples/tutorials/*.py) run with their tiny
budget and do what their pages say; each runs once, and its results are shared."""

from __future__ import annotations

import math
import os
import sys

import numpy as np
import pytest

from tests.conftest import ROOT
from tests.examples.test_examples import load_example

TUTORIALS = os.path.join(ROOT, "examples", "tutorials")
SCRIPTS = ["backprop", "two_styles", "optimisation", "custom_op", "cpu_vs_gpu", "tape_picture"]
PNG = b"\x89PNG\r\n\x1a\n"


def _load(name: str):
    if TUTORIALS not in sys.path:
        sys.path.insert(0, TUTORIALS)
    return load_example(os.path.join("tutorials", name))


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """name -> (result, out dir): every plotting tutorial run once, quick, into a temp dir."""
    done = {}

    def run(name: str):
        if name not in done:
            out = tmp_path_factory.mktemp(name)
            done[name] = _load(name).main(["--quick", "--out", str(out)]), out
        return done[name]

    return run


def _figure_written(out, name: str) -> None:
    with open(out / name, "rb") as fh:
        assert fh.read(8) == PNG
    assert (out / (name.rsplit(".", 1)[0] + ".txt")).read_text().strip()


def test_backprop_by_hand_equals_by_tape_and_learns_xor(runs) -> None:
    result, out = runs("backprop")
    assert set(result["worst"]) == {"W1", "b1", "W2", "b2"}
    assert max(result["worst"].values()) < 1e-12
    assert result["gap"] < 1e-12  # the two training runs follow one loss curve
    assert result["solved"], result["outputs"]
    curve = next(iter(result["curves"].values()))
    assert curve[-1] < 0.1 * curve[0]
    _figure_written(out, "backprop.png")


def test_two_styles_give_identical_gradients_and_weights(runs) -> None:
    result, out = runs("two_styles")
    assert result["grad_gap"] == 0.0 and result["weights_gap"] == 0.0
    a, b = result["losses"].values()
    assert a == b and len(a) == 300 and a[-1] < a[0]
    _figure_written(out, "two_styles.png")


def test_optimisation_panels_and_newton(runs) -> None:
    result, out = runs("optimisation")
    curves = result["curves"]
    assert len(curves) == 5
    starts = {lines_[0] for lines in curves.values() for lines_ in lines.values()}
    assert len(starts) == 1  # every run starts from the same network
    assert all(math.isfinite(v) for lines in curves.values() for c in lines.values() for v in c)
    newton = result["newton"]["Newton (exact Hessian)"]
    gd = result["newton"]["gradient descent"]
    assert newton["reached"] and len(newton["norms"]) < 15
    assert not gd["reached"] and gd["norms"][-1] > 1e3 * newton["norms"][-1]
    _figure_written(out, "optimisation.png")


def test_custom_op_is_stable_where_the_composition_overflows(runs) -> None:
    result, out = runs("custom_op")
    assert np.isinf(result["naive_values"][-1]) and np.isnan(result["naive_grad"][-1])
    np.testing.assert_allclose(result["values"], np.logaddexp(0, [-1000, -1, 0, 1, 1000]),
                               rtol=1e-15)
    sigmoid = np.exp(-np.logaddexp(0, -np.array([-1000, -1, 0, 1, 1000.0])))
    np.testing.assert_allclose(result["grad"], sigmoid, rtol=1e-15)
    assert "Jacobian mismatch for output 0 with respect to input 0" in result["buggy_message"]
    assert (out / "custom_op.txt").read_text().count("passed") == 1


def test_cpu_vs_gpu_times_every_available_device(runs) -> None:
    import backends

    result, out = runs("cpu_vs_gpu")
    expected = ["cpu"] + (["cuda"] if backends.cuda.is_available() else [])
    assert result["devices"] == expected
    for device in expected:
        assert len(result["table"][device]) == len(result["sizes"])
        assert all(t > 0 for t in result["table"][device])
    _figure_written(out, "cpu_vs_gpu.png")


def test_without_matplotlib_the_plot_is_skipped_and_said(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    result = _load("cpu_vs_gpu").main(["--quick", "--out", str(tmp_path)])
    assert result["figure"] is None and not (tmp_path / "cpu_vs_gpu.png").exists()
    out = capsys.readouterr().out
    assert "matplotlib is not installed: the plot cpu_vs_gpu.png was skipped" in out
    assert "cpu ms" in out  # the numbers are still printed


def test_tape_picture_without_graphviz_is_the_table(monkeypatch) -> None:
    module = _load("tape_picture")
    monkeypatch.setattr(module.shutil, "which", lambda name: None)
    kind, table = module.draw()
    assert kind == "text"
    assert [line.split()[1] for line in table.splitlines()[2:]] == [
        "MatMul", "Tanh", "MatMul", "Sub", "Pow", "Mean"]


def test_tape_picture_with_graphviz_renders_to_dot(monkeypatch, tmp_path) -> None:
    """A stand-in ``dot`` that records its input: the picture is to_dot() rendered as SVG."""
    fake = tmp_path / "dot"
    fake.write_text(f"#!/bin/sh\ncat > {tmp_path}/input.dot\necho '<svg>drawn</svg>'\n")
    fake.chmod(0o755)
    module = _load("tape_picture")
    monkeypatch.setattr(module.shutil, "which", lambda name: str(fake))
    kind, svg = module.draw()
    assert kind == "svg" and svg.strip() == b"<svg>drawn</svg>"
    dot = (tmp_path / "input.dot").read_text()
    assert dot.startswith("digraph tape {") and dot.count("shape=box") == 6
