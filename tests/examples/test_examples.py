"""Smoke tests: every example runs in a short mode and does what it claims."""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType

import numpy as np
import pytest

EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "examples")


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` as a module (examples is a folder of scripts)."""
    spec = importlib.util.spec_from_file_location(f"example_{name}",
                                                  os.path.join(EXAMPLES, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_xor_solved(device, capsys):
    result = load_example("xor").main(["--device", device])
    assert result["solved"], result
    assert "XOR solved" in capsys.readouterr().out


def test_xor_tape_solved_and_prints_the_tape(device, capsys):
    result = load_example("xor_tape").main(["--device", device])
    assert result["solved"], result
    out = capsys.readouterr().out
    assert "MatMul" in out and "Sigmoid" in out and "XOR solved" in out


def test_regression_loss_decreases(device):
    result = load_example("regression").main(["--epochs", "3", "--device", device])
    assert result["final_mse"] < 0.5 * result["initial_mse"], result
    assert result["final_mse"] < result["baseline_mse"], result


@pytest.mark.parametrize("problem", ["logistic", "rosenbrock"])
def test_newton_beats_gradient_descent(device, problem):
    result = load_example("newton").main(["--problem", problem, "--max-iter", "1000",
                                          "--device", device])
    newton, gd = result["newton"], result["gd"]
    assert newton["converged"], newton
    assert newton["iterations"] < gd["iterations"], (newton, gd)
    if problem == "logistic":  # convex and well conditioned: both reach the one minimum
        assert gd["converged"], gd
        assert abs(newton["loss"] - gd["loss"]) < 1e-9
    else:  # Rosenbrock's minimum is 0 at (1, 1); gradient descent crawls along the valley
        np.testing.assert_allclose(newton["w"], [1.0, 1.0], atol=1e-6)
        assert newton["loss"] < 1e-12 and newton["loss"] < gd["loss"]


def test_spirals_runs(capsys):
    result = load_example("spirals").main(["--epochs", "2"])
    assert result["gradcheck"]
    assert "test accuracy" in capsys.readouterr().out


def test_digits_quick_writes_checkpoint_and_plot(device, tmp_path, capsys):
    import autograd as ag

    out = tmp_path / "digits"
    result = load_example("digits").main(["--quick", "--out", str(out), "--device", device])
    assert result["restored_accuracy"] == result["accuracy"]
    assert result["accuracy"] > 0.5  # one short epoch already learns a lot
    assert (out / "checkpoint.safetensors").is_file()
    assert (out / "digits.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    state = ag.load(out / "checkpoint.safetensors")
    assert set(state) >= {"model", "optimizer", "scheduler"}
    assert state["model"]["0.weight"].shape == (128, 64)
    assert "test accuracy" in capsys.readouterr().out


def test_digits_is_deterministic(tmp_path):
    digits = load_example("digits")
    first = digits.main(["--quick", "--out", str(tmp_path / "a")])
    second = digits.main(["--quick", "--out", str(tmp_path / "b")])
    assert first["history"] == second["history"]
