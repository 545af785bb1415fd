"""Smoke test of examples/cnn_digits.py: one short epoch, a checkpoint that reloads."""

from __future__ import annotations

import pytest

import nn
from tests.examples.test_examples import load_example, needs_examples_extra


def needs_conv_layers() -> None:
    """Skip unless nn.Conv2d and nn.MaxPool2d exist."""
    missing = [name for name in ("Conv2d", "MaxPool2d") if not hasattr(nn, name)]
    if missing:
        pytest.skip(f"nn.{' and nn.'.join(missing)} not available: the CNN example needs them")


@pytest.mark.parametrize("size", [8, 16])
def test_cnn_digits_quick(device, tmp_path, capsys, size):
    needs_examples_extra()
    needs_conv_layers()
    out = tmp_path / "cnn"
    argv = ["--quick", "--size", str(size), "--out", str(out), "--device", device]
    result = load_example("cnn_digits").main(argv)
    assert result["image_size"] == size
    assert result["restored_accuracy"] == result["accuracy"]
    assert result["accuracy"] > 0.5  # one short epoch already learns a lot
    assert (out / "checkpoint.safetensors").is_file()
    printed = capsys.readouterr().out
    assert "test accuracy" in printed and "Conv2d" in printed
