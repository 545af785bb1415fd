"""Smoke test of examples/cnn_digits.py: one short epoch, a checkpoint that reloads."""

from __future__ import annotations

import pytest

from tests.examples.test_examples import load_example


@pytest.mark.parametrize("size", [8, 16])
def test_cnn_digits_quick(device, tmp_path, capsys, size):
    out = tmp_path / "cnn"
    argv = ["--quick", "--size", str(size), "--out", str(out), "--device", device]
    result = load_example("cnn_digits").main(argv)
    assert result["image_size"] == size
    assert result["restored_accuracy"] == result["accuracy"]
    assert result["accuracy"] > 0.5  # one short epoch already learns a lot
    assert (out / "checkpoint.safetensors").is_file()
    printed = capsys.readouterr().out
    assert "test accuracy" in printed and "Conv2d" in printed
