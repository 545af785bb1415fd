"""PyTorch's own example programs (mnist, vae, regression), ported by changing their imports
(and, for the datasets that need a download, the data source): each runs to the end here,
and the very same file with PyTorch's imports put back runs under PyTorch; the results must
be close. Both start from their own library's random initialisation, so "close" is a
tolerance, not equality."""

from __future__ import annotations

import os
import types

from tests.conftest import torch_or_skip
from tests.examples.test_examples import EXAMPLES, load_example

TORCH_IMPORTS = {
    "pytorch_mnist": ("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
                      "import torch.optim as optim\n"
                      "from torch.utils.data import DataLoader, TensorDataset\n"
                      "from torch.optim.lr_scheduler import StepLR\n"),
    "pytorch_vae": ("import torch\nfrom torch import nn, optim\nimport torch.nn.functional as F\n"
                    "from torch.utils.data import DataLoader, TensorDataset\n"),
    "pytorch_regression": ("import torch\nimport torch.nn.functional as F\n"
                           "from torch.nn import Linear\n"),
}
_START = "# -- the import block"
_END = "# -- end of the import block"


def _as_torch_program(name: str) -> types.ModuleType:
    """The example with its import block replaced by PyTorch's original imports."""
    torch_or_skip()
    with open(os.path.join(EXAMPLES, f"{name}.py")) as fh:
        source = fh.read()
    head, rest = source.split(_START, 1)
    _, tail = rest.split(_END, 1)
    assert "autograd" not in tail and "nn.data" not in tail, "imports outside the block"
    module = types.ModuleType(f"{name}_torch")
    module.__file__ = os.path.join(EXAMPLES, f"{name}.py")
    exec(compile(head + TORCH_IMPORTS[name] + tail.split("\n", 1)[1], module.__file__, "exec"),
         module.__dict__)
    return module


def test_regression_example_matches_torch(capsys) -> None:
    ours = load_example("pytorch_regression").main(seed=0)
    theirs = _as_torch_program("pytorch_regression").main(seed=0)
    for result in (ours, theirs):
        assert result["loss"] < 1e-3
        assert max(abs(a - b) for a, b in zip(result["learned"], result["target"])) < 0.1
    assert "Learned function" in capsys.readouterr().out


def test_vae_example_matches_torch() -> None:
    args = ["--epochs", "2", "--limit", "160", "--batch-size", "32", "--no-accel"]
    ours = load_example("pytorch_vae").main(args)["history"]
    theirs = _as_torch_program("pytorch_vae").main(args)["history"]
    for (train_o, test_o), (train_t, test_t) in zip(ours, theirs):
        assert abs(train_o - train_t) / train_t < 0.1, (ours, theirs)
        assert abs(test_o - test_t) / test_t < 0.1, (ours, theirs)
    assert ours[-1][1] < ours[0][1]  # it learns


def test_mnist_example_matches_torch() -> None:
    args = ["--epochs", "1", "--limit", "240", "--batch-size", "24", "--no-accel",
            "--log-interval", "100"]
    ours = load_example("pytorch_mnist").main(args)
    theirs = _as_torch_program("pytorch_mnist").main(args)
    # one short epoch: both well below chance's loss log(10) = 2.30 and close to each other
    # (the accuracy of so short a run swings too much with the initialisation to compare)
    assert ours["test_loss"] < 2.0 and theirs["test_loss"] < 2.0, (ours, theirs)
    assert abs(ours["test_loss"] - theirs["test_loss"]) < 0.3, (ours, theirs)
    assert ours["accuracy"] > 0.2, ours
