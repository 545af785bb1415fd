"""The deliberate differences from PyTorch that docs/pytorch.md lists: one check per entry,
which shows the difference (against PyTorch when it is installed). A difference that stops
being true, or an entry without a check, fails here."""

from __future__ import annotations

import json
import os
import re
import struct

import numpy as np
import pytest

import autograd as ag
from nn import functional as F
from tests.conftest import ROOT, torch_or_skip

PAGE = os.path.join(ROOT, "docs", "pytorch.md")


def listed() -> list[str]:
    """The ids of the entries under "Every deliberate difference", in order."""
    with open(PAGE) as fh:
        section = fh.read().split("## Every deliberate difference", 1)[1]
    return re.findall(r"^### .+ \{#([\w-]+)\}$", section, re.M)


def save_load_safetensors(tmp_path) -> None:
    path = tmp_path / "ckpt.safetensors"
    ag.save({"w": ag.ones(2), "step": 3}, path)
    data = path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])  # safetensors: a little-endian header length, JSON
    assert "tapegrad" in json.loads(data[8:8 + n])["__metadata__"]
    assert ag.load(path)["step"] == 3
    with pytest.raises(TypeError, match="save: cannot save value of type set"):
        ag.save({"a": {1, 2}}, tmp_path / "x")
    torch = torch_or_skip()
    torch.save({"a": {1, 2}}, tmp_path / "x.pt")  # PyTorch pickles it


def bce_target_gradient(tmp_path) -> None:
    x = ag.tensor([0.0, 1.0], dtype=ag.float64)
    t = ag.tensor([0.5, 0.5], dtype=ag.float64, requires_grad=True)
    F.binary_cross_entropy(x, t).backward()
    np.testing.assert_array_equal(t.grad.numpy(), [50.0, -50.0])  # +-100 / 2 (the mean)
    torch = torch_or_skip()
    tt = torch.tensor([0.5, 0.5], dtype=torch.float64, requires_grad=True)
    torch.nn.functional.binary_cross_entropy(torch.tensor([0.0, 1.0], dtype=torch.float64),
                                             tt).backward()
    assert np.isinf(tt.grad.numpy()).all()


def dataloader_num_workers(tmp_path) -> None:
    from nn.data import DataLoader, Dataset

    class Where(Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return ag.tensor(float(os.getpid()))

    pids = [b for batch in DataLoader(Where(), batch_size=2, num_workers=2) for b in
            batch.tolist()]
    assert pids == [float(os.getpid())] * 4
    with pytest.raises(ValueError, match="num_workers option should be non-negative"):
        DataLoader(Where(), num_workers=-1)


CHECKS = {"save-load-safetensors": save_load_safetensors,
          "bce-target-gradient": bce_target_gradient,
          "dataloader-num-workers": dataloader_num_workers}


def test_every_listed_difference_has_a_check_and_no_more() -> None:
    assert listed() and set(listed()) == set(CHECKS)
    assert len(listed()) == len(set(listed()))


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_difference_holds(name, tmp_path) -> None:
    CHECKS[name](tmp_path)
