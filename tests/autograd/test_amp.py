"""Mixed precision: autocast's casts (against PyTorch's CPU autocast), GradScaler's loss-scale
bookkeeping (against PyTorch's), and a CNN trained under both to float32's accuracy."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn import functional as F
from nn.optim import SGD
from tests.conftest import torch_or_skip

RNG = np.random.default_rng(5)
A = RNG.normal(size=(4, 6)).astype(np.float32)
B = RNG.normal(size=(6, 3)).astype(np.float32)
IMG = RNG.normal(size=(2, 3, 6, 6)).astype(np.float32)
KER = RNG.normal(size=(4, 3, 3, 3)).astype(np.float32)
TARGET = np.array([0, 2, 1, 0])

# (name, the call on a library's tensors a, b, img, ker, target)
CASES = [
    ("matmul", lambda lib, F_, a, b, img, ker, t: a @ b),
    ("mm", lambda lib, F_, a, b, img, ker, t: lib.mm(a, b)),
    ("linear", lambda lib, F_, a, b, img, ker, t: F_.linear(a, b.T)),
    ("conv2d", lambda lib, F_, a, b, img, ker, t: F_.conv2d(img, ker)),
    ("softmax", lambda lib, F_, a, b, img, ker, t: F_.softmax((a @ b), dim=1)),
    ("log_softmax", lambda lib, F_, a, b, img, ker, t: F_.log_softmax(a @ b, dim=1)),
    ("layer_norm", lambda lib, F_, a, b, img, ker, t: F_.layer_norm(a @ b, (3,))),
    ("sum", lambda lib, F_, a, b, img, ker, t: (a @ b).sum()),
    ("exp", lambda lib, F_, a, b, img, ker, t: (a @ b).exp()),
    ("pow", lambda lib, F_, a, b, img, ker, t: (a @ b) ** 2),
    ("cross_entropy", lambda lib, F_, a, b, img, ker, t: F_.cross_entropy(a @ b, t)),
    ("mse_loss", lambda lib, F_, a, b, img, ker, t: F_.mse_loss(a @ b, (a @ b).detach())),
    ("relu (not listed)", lambda lib, F_, a, b, img, ker, t: F_.relu(a @ b)),
    ("add promotes", lambda lib, F_, a, b, img, ker, t: (a @ b) + b[:4].T[:, :3].sum()),
]


@pytest.mark.parametrize("low", ["float16", "bfloat16"])
@pytest.mark.parametrize("name,call", CASES, ids=[c[0] for c in CASES])
def test_autocast_dtypes_match_torch(name, call, low):
    torch = torch_or_skip()
    ours_in = [ag.tensor(v) for v in (A, B, IMG, KER)] + [ag.tensor(TARGET)]
    theirs_in = [torch.tensor(v) for v in (A, B, IMG, KER)] + [torch.tensor(TARGET)]
    with ag.autocast("cpu", dtype=getattr(ag, low)):
        ours = call(ag, F, *ours_in)
    with torch.autocast("cpu", dtype=getattr(torch, low)):
        theirs = call(torch, torch.nn.functional, *theirs_in)
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    tol = 2e-2 if low == "float16" else 6e-2  # bfloat16 keeps 8 significant bits
    np.testing.assert_allclose(ours.detach().float().numpy().astype(np.float64),
                               theirs.detach().float().numpy().astype(np.float64), rtol=tol,
                               atol=tol)


def test_cpu_autocast_defaults_to_bfloat16_as_torch():
    torch = torch_or_skip()
    assert ag.get_autocast_dtype("cpu") == ag.bfloat16
    assert torch.get_autocast_dtype("cpu") == torch.bfloat16
    assert ag.get_autocast_dtype("cuda") == ag.float16
    assert torch.get_autocast_dtype("cuda") == torch.float16


def test_autocast_backward_gives_float32_parameter_gradients():
    w = ag.tensor(B, requires_grad=True)
    with ag.autocast("cpu"):
        loss = F.cross_entropy(ag.tensor(A) @ w, ag.tensor(TARGET))
    loss.backward()
    assert w.grad.dtype == ag.float32 and loss.dtype == ag.float32


def test_a_parameter_is_cast_once_per_region():
    w = ag.tensor(B, requires_grad=True)
    x = ag.tensor(A)
    with ag.Tape() as tape:
        with ag.autocast("cpu"):
            (x @ w).sum()
            (x @ w).sum()
        with ag.autocast("cpu"):
            (x @ w).sum()
    # one cast of w per region (and one of x per use: not a leaf that requires grad)
    casts_of_w = [e for e in tape if e.name == "Cast" and e.inputs[0][0] == (6, 3)]
    assert len(casts_of_w) == 2


def test_autocast_disabled_and_nested():
    x, w = ag.tensor(A), ag.tensor(B)
    with ag.autocast("cpu"):
        assert ag.is_autocast_enabled("cpu") and not ag.is_autocast_enabled("cuda")
        with ag.autocast("cpu", enabled=False):
            assert (x @ w).dtype == ag.float32
        assert (x @ w).dtype == ag.bfloat16
    assert not ag.is_autocast_enabled("cpu") and (x @ w).dtype == ag.float32

    @ag.autocast("cpu", dtype=ag.float16)
    def product(a, b):
        return a @ b

    assert product(x, w).dtype == ag.float16


def test_autocast_bad_arguments():
    with pytest.raises(RuntimeError, match="unsupported autocast device_type 'tpu'"):
        ag.autocast("tpu")
    with pytest.raises(RuntimeError, match="autocast: dtype float64 is not supported"):
        ag.autocast("cpu", dtype=ag.float64)


def _scaler_run(lib, scaler, grads_per_step):
    """Drive a scaler through steps whose gradients are given; the scales seen after each."""
    p = lib.nn.Parameter(lib.zeros(3)) if lib is not ag else nn.Parameter(ag.zeros(3))
    opt = (lib.optim.SGD([p], lr=0.1) if lib is not ag else SGD([p], lr=0.1))
    scales = []
    for g in grads_per_step:
        scaler.scale(lib.ones(1))  # PyTorch's scaler creates its scale tensor here
        p.grad = lib.tensor(np.asarray(g, dtype=np.float32) * scaler.get_scale())
        scaler.step(opt)
        scaler.update()
        scales.append(scaler.get_scale())
    return scales, p.detach().numpy().copy()


def test_grad_scaler_follows_torch():
    torch = torch_or_skip()
    steps = [[1.0, 2.0, 3.0], [np.inf, 0.0, 0.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0],
             [np.nan, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    ours = _scaler_run(ag, ag.amp.GradScaler("cpu", init_scale=1024.0, growth_interval=2),
                       steps)
    theirs = _scaler_run(torch, torch.amp.GradScaler("cpu", init_scale=1024.0,
                                                     growth_interval=2), steps)
    assert ours[0] == theirs[0]
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-6)
    sd = ag.amp.GradScaler("cpu", init_scale=8.0).state_dict()
    assert set(sd) == set(torch.amp.GradScaler("cpu", init_scale=8.0).state_dict())


def test_grad_scaler_misuse():
    scaler = ag.amp.GradScaler("cpu")
    p = nn.Parameter(ag.zeros(2))
    opt = SGD([p], lr=0.1)
    p.grad = ag.ones(2)
    scaler.unscale_(opt)
    with pytest.raises(RuntimeError, match="unscale_\\(\\) has already been called"):
        scaler.unscale_(opt)
    scaler.step(opt)
    with pytest.raises(RuntimeError, match="step\\(\\) has already been called"):
        scaler.step(opt)
    with pytest.raises(RuntimeError, match="Closure use is not currently supported"):
        scaler.step(opt, closure=lambda: 0)
    with pytest.raises(ValueError, match="growth factor must be > 1.0"):
        ag.amp.GradScaler(growth_factor=1.0)
    assert ag.amp.GradScaler(enabled=False).scale(ag.ones(1)).item() == 1.0


def _digits_cnn_accuracy(mixed: bool, device: str) -> float:
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = digits.images.astype(np.float32)[:, None] / 16.0
    y = digits.target
    ag.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(8 * 4 * 4, 10)).to(device)
    opt = SGD(model.parameters(), lr=0.1, momentum=0.9)
    scaler = ag.amp.GradScaler(device, enabled=mixed)
    xs = ag.tensor(x[:1400], device=device)
    ys = ag.tensor(y[:1400], device=device)
    for _ in range(6):
        for i in range(0, 1400, 50):
            opt.zero_grad()
            with ag.autocast(ag.device(device).type, enabled=mixed):
                loss = F.cross_entropy(model(xs[i:i + 50]), ys[i:i + 50])
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
    with ag.no_grad(), ag.autocast(ag.device(device).type, enabled=mixed):
        pred = model(ag.tensor(x[1400:], device=device)).argmax(dim=1)
    return float((pred.numpy(force=True) == y[1400:]).mean())


def test_cnn_trains_with_autocast_and_grad_scaler_as_in_float32(device):
    full = _digits_cnn_accuracy(False, device)
    mixed = _digits_cnn_accuracy(True, device)
    assert full > 0.85  # a sanity floor: the claim is that mixed matches full
    assert mixed > full - 0.02
