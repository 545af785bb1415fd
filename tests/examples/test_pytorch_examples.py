"""PyTorch's own example programs (mnist, vae, regression,
time_sequence_prediction, word_language_model), ported by changing their imports
(and, for the datasets that need a download, the data source): each runs to the end here,
and the very same file with PyTorch's imports put back runs under PyTorch; the results must
be close. Where both start from their own library's random initialisation, "close" is a
tolerance, not equality; where a test hands both the same initial weights (``_same_start``)
and the run is deterministic, the two trajectories agree to rounding."""

from __future__ import annotations

import contextlib
import math
import os
import types

import numpy as np
import pytest

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
    "pytorch_time_sequence_prediction": ("import torch\nimport torch.nn as nn\n"
                                         "import torch.optim as optim\n"),
    "pytorch_word_language_model": ("import torch\nimport torch.nn as nn\n"
                                    "import torch.nn.functional as F\n"),
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


@pytest.fixture
def one_blas_thread():
    """One BLAS thread for both libraries: these programs make thousands of small matrix
    products, which a multi-threaded BLAS on a busy machine slows down many times over."""
    torch = torch_or_skip()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # comes with scikit-learn, the examples' extra; slower without it
        limits = contextlib.nullcontext()
    else:
        limits = threadpool_limits(1)
    with limits:
        yield
    torch.set_num_threads(threads)


def _same_start(theirs: types.ModuleType, ours: types.ModuleType, cls: str) -> None:
    """Make both programs' ``cls`` start from the same weights: PyTorch's program records its
    model's initial state dict, ours loads it (run theirs first)."""
    state: dict[str, np.ndarray] = {}
    base_theirs, base_ours = getattr(theirs, cls), getattr(ours, cls)

    class Recorded(base_theirs):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            state.update({k: v.detach().numpy().copy() for k, v in self.state_dict().items()})

    class Loaded(base_ours):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            assert state, "PyTorch's program must run first"
            self.load_state_dict({k: ours.torch.tensor(v) for k, v in state.items()})

    setattr(theirs, cls, Recorded)
    setattr(ours, cls, Loaded)


def test_time_sequence_prediction_example_matches_torch(one_blas_thread, tmp_path) -> None:
    # two L-BFGS steps (20 closure calls each) on 10 training waves of 20 samples, predicting
    # 10 more; both from the same float64 weights, so the trajectories agree to rounding
    args = ["--steps", "2", "--length", "20", "--waves", "13", "--future", "10", "--no-plot"]
    theirs_program = _as_torch_program("pytorch_time_sequence_prediction")
    ours_program = load_example("pytorch_time_sequence_prediction")
    _same_start(theirs_program, ours_program, "Sequence")
    theirs = theirs_program.main(args)
    ours = ours_program.main(args)
    for result in (ours, theirs):
        first, second = result["history"]
        assert first["last_loss"] < 0.1 * first["first_loss"], result["history"]
        assert second["last_loss"] < first["last_loss"], result["history"]
        assert second["test_loss"] < first["test_loss"], result["history"]
    for step_o, step_t in zip(ours["history"], theirs["history"]):
        assert step_o["evaluations"] == step_t["evaluations"], (ours, theirs)
        for key in ("first_loss", "last_loss", "test_loss"):
            assert math.isclose(step_o[key], step_t[key], rel_tol=1e-6), (key, ours, theirs)
    assert ours["prediction"].shape == (3, 19 + 10)
    np.testing.assert_allclose(ours["prediction"], theirs["prediction"], rtol=0, atol=1e-6)


_LM_ARGS = ["--lines", "300", "--emsize", "16", "--nhid", "16", "--nlayers", "2",
            "--epochs", "2", "--bptt", "10", "--batch_size", "10", "--log-interval", "10"]


@pytest.mark.parametrize("model", ["LSTM", "Transformer"])
def test_word_language_model_example_matches_torch(model, one_blas_thread, tmp_path) -> None:
    # two short epochs from each library's own initialisation, dropout 0.2 (the Transformer
    # with lr 1: PyTorch's default 20 diverges for it in both libraries)
    args = _LM_ARGS + ["--model", model, "--save", str(tmp_path / "model.pt")]
    args += ["--lr", "1"] if model == "Transformer" else []
    ours = load_example("pytorch_word_language_model").main(args)
    theirs = _as_torch_program("pytorch_word_language_model").main(args)
    assert ours["ntokens"] == theirs["ntokens"] > 1000
    for result in (ours, theirs):
        # well below the uniform distribution's perplexity, the vocabulary's size
        assert result["test_ppl"] < 0.5 * result["ntokens"], (ours, theirs)
    assert abs(ours["test_loss"] - theirs["test_loss"]) < 0.15, (ours, theirs)


def _same_start_runs(args: list[str], ours_args: list[str]) -> tuple[dict, dict]:
    theirs_program = _as_torch_program("pytorch_word_language_model")
    ours_program = load_example("pytorch_word_language_model")
    _same_start(theirs_program, ours_program, "RNNModel")
    theirs = theirs_program.main(args)  # first: it records the initial weights
    return ours_program.main(args + ours_args), theirs


def test_word_language_model_on_device_matches_torch(device, one_blas_thread, tmp_path) -> None:
    # the LSTM at PyTorch's lr 20, from the same weights and without dropout, so both runs are
    # deterministic; ours on `device` (--accel picks the accelerator, a GPU or the CuPy test
    # double), PyTorch's on the CPU: validation losses, the annealed lr and the test loss agree
    # to float32 rounding (100 lines: the CuPy test double is slow)
    args = _LM_ARGS + ["--lines", "100", "--dropout", "0", "--save", str(tmp_path / "m.pt")]
    ours, theirs = _same_start_runs(args, ["--accel"] if device != "cpu" else [])
    assert ours["lr"] == theirs["lr"], (ours, theirs)
    np.testing.assert_allclose(ours["val_losses"], theirs["val_losses"], rtol=1e-4)
    assert math.isclose(ours["test_loss"], theirs["test_loss"], rel_tol=1e-4), (ours, theirs)
    assert ours["test_ppl"] < 0.5 * ours["ntokens"], ours


@pytest.mark.parametrize("model, extra", [
    ("GRU", ["--tied", "--lr", "5"]),  # the decoder tied to the embedding
    ("RNN_TANH", ["--lr", "5"]),
    ("RNN_RELU", ["--lr", "1"]),
])
def test_word_language_model_same_start_matches_torch(model, extra, one_blas_thread,
                                                      tmp_path) -> None:
    # as above for the other recurrent layers, at a smaller lr: 20 makes them unstable, and
    # rounding differences grow with them
    args = _LM_ARGS + ["--model", model, "--dropout", "0", "--save", str(tmp_path / "m.pt")]
    ours, theirs = _same_start_runs(args + extra, [])
    assert ours["lr"] == theirs["lr"], (ours, theirs)
    np.testing.assert_allclose(ours["val_losses"], theirs["val_losses"], rtol=1e-4)
    assert math.isclose(ours["test_loss"], theirs["test_loss"], rel_tol=1e-4), (ours, theirs)
    assert ours["test_ppl"] < 0.5 * ours["ntokens"], ours
