"""Smoke test of examples/char_lm.py: both models for a few small epochs, a checkpoint that
reloads to the same validation loss, a plot and a sample."""

from __future__ import annotations

import pytest

import autograd as ag
from tests.examples.test_examples import load_example


@pytest.mark.parametrize("model", ["lstm", "gpt"])
def test_char_lm_quick(model, device, tmp_path, capsys):
    out = tmp_path / model
    argv = ["--quick", "--model", model, "--max-epochs", "3", "--steps", "4", "--sample", "30",
            "--out", str(out), "--device", device]
    result = load_example("char_lm").main(argv)
    assert result["epochs"] == 3 and len(result["history"]["val"]) == 3
    assert result["restored_val_loss"] == pytest.approx(result["val_loss"], abs=1e-6)
    # twelve steps of a tiny model already improve on its first epoch
    assert result["val_loss"] < result["history"]["train"][0]
    assert result["unigram"] > 1.0
    assert result["sample"].startswith("def ") and len(result["sample"]) == 34
    assert (out / "loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    state = ag.load(out / "checkpoint.safetensors")
    assert state["model_name"] == model and isinstance(state["vocab"], str)
    printed = capsys.readouterr().out
    assert "unigram baseline" in printed and "validation loss" in printed
