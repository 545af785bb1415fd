"""ag.compile across many layers, losses and ops: a replayed training step gives the very same
losses and parameters as the eager one, or the step runs eagerly (never a wrong answer)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

# cases that must run eagerly, with a word of the reason (all the others must replay)
EAGER = {"gru-packed": "host", "inplace-view": "rebases", "embedding-bag": "host",
         "masked-scatter": "host"}


def _linear() -> nn.Module:
    return nn.Linear(4, 6)


def _packed(m, x):
    out, _ = m(pack_padded_sequence(x, ag.tensor([5, 3, 2]), batch_first=True))
    return pad_packed_sequence(out, batch_first=True)[0].sum()


def _padding_mask(m, x):
    mask = ag.tensor([[False, False, True, True, True]] * 3, device=x.device)
    return m(x, x, x, key_padding_mask=mask)[0].sum()


class _Embed(nn.Module):
    def __init__(self):
        super().__init__()
        self.e = nn.Embedding(10, 4, padding_idx=0)
        self.out = nn.Linear(4, 1)

    def forward(self, x):
        return self.out(self.e((x.abs() * 3).long() % 10)).sum()


def _ops_mix(m, x):
    y = m(x)
    z = ag.cat([y, y.flip(1)], 1)
    z = z[:, 1:] * z[:, :1].sigmoid()
    s, i = z.sort(1)
    picked = F.softmax(z, 1).gather(1, i[:, :1]).squeeze(1)
    return (s.cumsum(1).max(1).values + z.norm(dim=1) + picked).sum() + y.std()


def _losses(m, x):
    y = m(x)
    t = (x[:, :1] > 0).float()
    two = F.log_softmax(ag.cat([y, -y], 1), 1)
    return (F.binary_cross_entropy_with_logits(y, t) + F.mse_loss(y, t) +
            F.smooth_l1_loss(y, t) + F.nll_loss(two, (x[:, 0] > 0).long()))


def _masks(m, x):
    y = m(x)
    return (y.masked_fill(y > 0.5, 0.0).sum() + y[y < 0].sum() +
            y.where(y > 0, ag.zeros_like(y)).sum())


def _inplace_view(m, x):
    y = m(x).clone()
    y[:, 0] = y[:, 0] * 2
    y += 1
    return y.relu_().sum()


def _gather_scatter(m, x):
    idx = (x[:, :2].abs() * 2).long() % 6
    y = m(x)
    return y.gather(1, idx).sum() + ag.zeros(5, 6, device=x.device).scatter_add(
        1, idx, y[:, :2]).sum()


def _one_hot(m, x):
    return (m(x) * F.one_hot((x[:, 0].abs() * 3).long() % 6, 6).float()).sum()


def _divergence_and_weighted_ce(m, x):
    y = m(x)
    target = F.softmax(x.repeat(1, 2)[:, :6], 1)
    ce = F.cross_entropy(y, ag.tensor([0, 1, 2, 3, 4], device=x.device),
                         weight=ag.ones(6, device=x.device), label_smoothing=0.1, ignore_index=4)
    return F.kl_div(F.log_softmax(y, 1), target, reduction="batchmean") + ce


def _bag(m, x):
    idx = (x.abs() * 4).long().reshape(-1) % 10  # the bags' contents change with the data
    return F.embedding_bag(idx, m.weight, ag.tensor([0, 3, 7], device=x.device),
                           mode="max").sum()


def _masked_scatter(m, x):
    y = m(x)
    return y.masked_scatter(x[:, :1] > 0, y * 2).sum()


CASES = {
    "embedding-bag": (lambda: nn.Embedding(10, 3), _bag, (3, 4)),
    "masked-scatter": (_linear, _masked_scatter, (5, 4)),
    "gru-bi": (lambda: nn.GRU(4, 6, 2, batch_first=True, bidirectional=True),
               lambda m, x: m(x)[0].sum(), (3, 5, 4)),
    "rnn-tanh": (lambda: nn.RNN(4, 6, batch_first=True),
                 lambda m, x: m(x)[0].pow(2).mean(), (3, 5, 4)),
    "lstm-proj": (lambda: nn.LSTM(4, 6, proj_size=3), lambda m, x: m(x)[0].sum(), (5, 3, 4)),
    "lstm-cell": (lambda: nn.LSTMCell(4, 6), lambda m, x: sum(h.sum() for h in m(x)), (5, 4)),
    "gru-packed": (lambda: nn.GRU(4, 6, batch_first=True), _packed, (3, 5, 4)),
    "mha-padding-mask": (lambda: nn.MultiheadAttention(4, 2, batch_first=True), _padding_mask,
                         (3, 5, 4)),
    "transformer": (lambda: nn.Transformer(8, 2, 1, 1, 16, dropout=0.1, batch_first=True),
                    lambda m, x: m(x, x).sum(), (2, 5, 8)),
    "conv1d-groupnorm": (lambda: nn.Sequential(nn.Conv1d(4, 8, 3, padding=1),
                                               nn.GroupNorm(2, 8), nn.SiLU()),
                         lambda m, x: m(x).sum(), (3, 4, 7)),
    "conv2d-stride-adaptive": (lambda: nn.Sequential(nn.Conv2d(2, 4, 3, stride=2),
                                                     nn.BatchNorm2d(4), nn.LeakyReLU(),
                                                     nn.AdaptiveAvgPool2d(1), nn.Flatten()),
                               lambda m, x: m(x).pow(2).sum(), (3, 2, 9, 9)),
    "conv-transpose": (lambda: nn.ConvTranspose2d(2, 3, 3, stride=2), lambda m, x: m(x).mean(),
                       (2, 2, 4, 4)),
    "pad-interpolate": (lambda: nn.Conv2d(1, 2, 3),
                        lambda m, x: F.interpolate(F.pad(m(x), (1, 1, 1, 1)), scale_factor=2,
                                                   mode="bilinear").sum(), (2, 1, 6, 6)),
    "maxpool-indices": (lambda: nn.Conv2d(1, 2, 3),
                        lambda m, x: F.max_pool2d(m(x), 2, return_indices=True)[0].sum(),
                        (2, 1, 6, 6)),
    "layernorm-gelu-dropout": (lambda: nn.Sequential(nn.Linear(4, 8), nn.LayerNorm(8), nn.GELU(),
                                                     nn.Dropout(0.3), nn.Linear(8, 2)),
                               lambda m, x: m(x).logsumexp(1).mean(), (5, 4)),
    "activations": (lambda: nn.Sequential(nn.Linear(4, 6), nn.PReLU(), nn.ELU(), nn.Softplus(),
                                          nn.Hardswish()), lambda m, x: m(x).sum(), (5, 4)),
    "batchnorm-cumulative": (lambda: nn.Sequential(nn.Linear(4, 6),
                                                   nn.BatchNorm1d(6, momentum=None)),
                             lambda m, x: m(x).sum(), (5, 4)),
    "embedding": (_Embed, lambda m, x: m(x), (3, 5)),
    "ops-mix": (_linear, _ops_mix, (5, 4)),
    "max-dim": (_linear, lambda m, x: m(x).max(1).values.sum() + m(x).amax(0).sum(), (5, 4)),
    "argmax": (_linear, lambda m, x: m(x).logsumexp(1).sum() +
               0 * (m(x).argmax(1) == 1).float().mean(), (5, 4)),
    "topk": (_linear, lambda m, x: m(x).topk(2, 1).values.sum(), (5, 4)),
    "gather-scatter": (_linear, _gather_scatter, (5, 4)),
    "one-hot": (_linear, _one_hot, (5, 4)),
    "cumsum-cumprod": (_linear, lambda m, x: m(x).cumsum(1).sum() + m(x).tanh().cumprod(1).sum(),
                       (5, 4)),
    "advanced-index": (_linear, lambda m, x: m(x)[ag.tensor([0, 2, 4], device=x.device)].sum() +
                       m(x)[:, ag.tensor([1, 3], device=x.device)].sum(), (5, 4)),
    "var-norm": (_linear, lambda m, x: m(x).var(1).sum() +
                 ag.linalg.vector_norm(m(x), dim=1).sum() + m(x).std(0, keepdim=True).mean(),
                 (5, 4)),
    "einsum-bmm": (_linear, lambda m, x: ag.einsum("ij,kj->ik", m(x), m(x)).sum() +
                   ag.bmm(m(x)[None], m(x).T[None]).sum(), (5, 4)),
    "losses": (lambda: nn.Linear(4, 1), _losses, (6, 4)),
    "kl-weighted-ce": (_linear, _divergence_and_weighted_ce, (5, 4)),
    "masks": (lambda: nn.Linear(4, 3), _masks, (5, 4)),
    "inplace-view": (lambda: nn.Linear(4, 3), _inplace_view, (5, 4)),
}


def _train(build, loss_of, shape, compiled, device):
    ag.manual_seed(0)
    model = build().to(device)
    opt = nn.optim.Adam(model.parameters(), lr=1e-2)

    def step(x):
        opt.zero_grad()
        loss = loss_of(model, x)
        loss.backward()
        opt.step()
        return loss

    run = ag.compile(step) if compiled else step
    rng = np.random.default_rng(0)
    ag.manual_seed(1)
    losses = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(5):
            x = ag.tensor(rng.standard_normal(shape).astype(np.float32), device=device)
            losses.append(run(x).detach().cpu().numpy())
    reasons = [str(w.message) for w in caught if "compile:" in str(w.message)]
    params = [p.detach().cpu().numpy() for p in model.parameters()]
    return losses, params, reasons, compiled and run.replays(x)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_replayed_step_equals_the_eager_step(name, device):
    build, loss_of, shape = CASES[name]
    eager_losses, eager_params, _, _ = _train(build, loss_of, shape, False, device)
    losses, params, reasons, replays = _train(build, loss_of, shape, True, device)
    for a, b in zip(eager_losses, losses):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(eager_params, params):
        np.testing.assert_array_equal(a, b)
    if name in EAGER:
        assert not replays and len(reasons) == 1 and EAGER[name] in reasons[0]
    else:
        assert replays, reasons
