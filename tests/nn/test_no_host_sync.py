"""A training step on a GPU never makes the host wait for the device: no value is read back
(checks on values happen on the device and surface at the next read the user makes), so the
host can queue the next step while the GPU works. Counted by the CuPy test double, which logs
every host synchronisation (``.get()``, ``item``, ``bool``, a boolean mask's size ...)."""

from __future__ import annotations

import pytest

import autograd as ag
import nn
from nn import functional as F
from nn.optim import SGD, Adam, AdamW, RMSprop
from tests.conftest import CUDA_DOUBLE

pytestmark = pytest.mark.skipif(not CUDA_DOUBLE, reason="host syncs are counted by the CuPy "
                                                        "test double (AUTOGRAD_CUDA_DOUBLE=1)")


def _mlp():
    model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 5))
    data = ag.randn(16, 20, device="cuda"), ag.randint(0, 5, (16,), device="cuda")
    return model, Adam, data, lambda out, y: F.cross_entropy(out, y, label_smoothing=0.1)


def _cnn():
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.2), nn.Linear(64, 5))
    data = ag.randn(8, 1, 8, 8, device="cuda"), ag.randint(0, 5, (8,), device="cuda")
    return model, SGD, data, F.cross_entropy


def _cumulative_batchnorm():
    # momentum=None: a cumulative average over the batches seen, counted on the host
    model = nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8, momentum=None), nn.Tanh(),
                          nn.Linear(8, 1))
    data = ag.randn(10, 6, device="cuda"), ag.randn(10, 1, device="cuda")
    return model, RMSprop, data, F.mse_loss


def _embedding_bag_of_words():
    model = nn.Sequential(nn.Embedding(30, 8, padding_idx=0), nn.Flatten(), nn.Linear(24, 3))
    data = ag.randint(0, 30, (12, 3), device="cuda"), ag.randint(0, 3, (12,), device="cuda")
    return model, AdamW, data, lambda out, y: F.cross_entropy(out, y, ignore_index=2)


class _LastStep(nn.Module):
    """A sequence model's last time step through a Linear read-out."""

    def __init__(self, body: nn.Module, width: int, out: int) -> None:
        super().__init__()
        self.body = body
        self.head = nn.Linear(width, out)

    def forward(self, x):
        y = self.body(x)
        y = y[0] if isinstance(y, tuple) else y
        return self.head(y[:, -1])


def _lstm():
    model = _LastStep(nn.LSTM(6, 8, num_layers=2, batch_first=True, bidirectional=True), 16, 1)
    data = ag.randn(4, 5, 6, device="cuda"), ag.randn(4, 1, device="cuda")
    return model, SGD, data, F.mse_loss


def _gru_packed():
    class Packed(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.gru = nn.GRU(6, 8, batch_first=True)
            self.head = nn.Linear(8, 3)

        def forward(self, x):
            lengths = [5, 4, 2]  # host-side lengths, as PyTorch takes them
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True)
            _, h = self.gru(packed)
            return self.head(h[-1])

    data = ag.randn(3, 5, 6, device="cuda"), ag.randint(0, 3, (3,), device="cuda")
    return Packed(), Adam, data, F.cross_entropy


def _transformer():
    layer = nn.TransformerEncoderLayer(16, 4, 32, dropout=0.1, batch_first=True,
                                       norm_first=True, activation="gelu")
    model = _LastStep(nn.TransformerEncoder(layer, 2), 16, 5)
    data = ag.randn(2, 6, 16, device="cuda"), ag.randint(0, 5, (2,), device="cuda")
    return model, AdamW, data, F.cross_entropy


def _causal_attention():
    class Causal(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.attn = nn.MultiheadAttention(8, 2, batch_first=True)
            self.head = nn.Linear(8, 1)

        def forward(self, x):
            mask = nn.Transformer.generate_square_subsequent_mask(x.shape[1], device=x.device)
            y, _ = self.attn(x, x, x, attn_mask=mask, need_weights=False)
            return self.head(y[:, -1])

    data = ag.randn(3, 4, 8, device="cuda"), ag.randn(3, 1, device="cuda")
    return Causal(), SGD, data, F.mse_loss


@pytest.mark.parametrize("make", [_mlp, _cnn, _cumulative_batchnorm, _embedding_bag_of_words,
                                  _lstm, _gru_packed, _transformer, _causal_attention])
def test_a_training_step_makes_no_host_sync(make):
    from tests.cuda_double import count_syncs

    ag.manual_seed(0)
    model, optim, (x, y), loss_fn = make()
    model.to("cuda")
    opt = optim(model.parameters(), lr=1e-2)

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss

    step()  # the first step creates the optimizer state
    with count_syncs() as log:
        for _ in range(3):
            loss = step()
    assert len(log) == 0, f"host syncs in a training step: {log}"
    assert loss.item() == loss.item()  # the value is there when the user asks (one sync)


def test_the_check_of_an_out_of_range_target_waits_for_the_next_read():
    from tests.cuda_double import count_syncs

    logits = ag.randn(4, 3, device="cuda", requires_grad=True)
    bad = ag.tensor([0, 1, 7, 2], device="cuda")
    with count_syncs() as log:
        loss = F.cross_entropy(logits, bad)
        loss.backward()  # the kernels ran on clamped targets: nothing out of bounds
    assert len(log) == 0
    with pytest.raises(IndexError, match="cross_entropy: Target 7 is out of bounds"):
        loss.item()
