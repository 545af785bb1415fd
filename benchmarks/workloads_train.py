"""Training workloads of the suite: an MLP step, a CNN step (``workloads_cnn``), and one
epoch of digits.

Each model is initialised once on the host (``ag.manual_seed(0)``), and that very state dict is
loaded into the model of every device and into PyTorch's twin, so that the first step's loss
must agree everywhere. Steps use nn layers, ``nn.CrossEntropyLoss`` and ``nn.optim.Adam``.
``compiled`` is tapegrad's step under ``ag.compile`` (captured once, then replayed); ``raw`` is
the floor, the same step written by hand on the array namespace.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

import autograd as ag
import backends
import nn
from benchmarks.timing import torch_or_none
from benchmarks.workloads import Case, Step, Workload, sync_torch, torch_device

LR = 1e-3
STEP_IMPLS = ("tapegrad", "compiled", "raw", "torch")  # eager, ag.compile, the floor, PyTorch


def _models(spec: Callable[[Any], Any], device: str, impl: str) -> Any:
    """The model for ``impl`` on ``device`` with the shared initial weights; None if n/a."""
    ag.manual_seed(0)
    ours = spec(nn)
    if impl in ("tapegrad", "compiled"):
        return ours.to(device)
    torch = torch_or_none()
    dev = torch_device(device)
    if torch is None or dev is None:
        return None
    theirs = spec(torch.nn)
    state = {k: torch.tensor(v.numpy()) for k, v in ours.state_dict().items()}
    theirs.load_state_dict(state)
    return theirs.to(dev)


def _train_step(spec: Callable[[Any], Any], x_h: np.ndarray, y_h: np.ndarray, impl: str,
                device: str) -> Step | None:
    model = _models(spec, device, impl)
    if model is None:
        return None
    if impl in ("tapegrad", "compiled"):
        x, y = ag.tensor(x_h, device=device), ag.tensor(y_h, device=device)
        criterion = nn.CrossEntropyLoss()
        opt = nn.optim.Adam(model.parameters(), lr=LR)

        def body(x: Any, y: Any) -> Any:
            opt.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            opt.step()
            return loss

        return ours_step(body, x, y, impl, device)
    torch = torch_or_none()
    dev = torch_device(device)
    x, y = torch.tensor(x_h, device=dev), torch.tensor(y_h, device=dev)
    criterion = torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=LR)

    def torch_step() -> Any:
        opt.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        opt.step()
        sync_torch(dev)
        return loss.detach()

    return torch_step


def ours_step(body: Callable[[Any, Any], Any], x: Any, y: Any, impl: str,
              device: str) -> Step:
    """tapegrad's step ``body(x, y)``, under ``ag.compile`` for ``compiled``; the device is
    synchronised after it, outside what is captured."""
    xp = backends.get(device)
    run = ag.compile(body, fullgraph=True) if impl == "compiled" else body

    def step() -> Any:
        loss = run(x, y)
        xp.synchronize()
        return loss

    return step


def cross_entropy_raw(xp: Any, logits: Any, rows: Any, y: Any) -> tuple[Any, Any]:
    """The floors' softmax cross-entropy (mean over the batch) by hand: the loss, and its
    gradient with respect to the logits, made in their memory."""
    logits -= logits.max(axis=1, keepdims=True)
    e = xp.exp(logits)
    e /= e.sum(axis=1, keepdims=True)
    loss = -xp.log(e[rows, y]).mean()
    e[rows, y] -= 1.0
    e *= 1.0 / logits.shape[0]
    return loss, e


def adam_raw(xp: Any, p: dict, grads: dict, m1: dict, m2: dict, names: list, t: int,
             b1: float = 0.9, b2: float = 0.999) -> None:
    """The floors' Adam step (step ``t``) on the arrays ``p[k]`` for each name, by hand."""
    c1, c2 = 1 - b1 ** t, math.sqrt(1 - b2 ** t)
    for k in names:
        g, a, v = grads[k], m1[k], m2[k]
        a *= b1
        a += (1 - b1) * g
        v *= b2
        v += (1 - b2) * (g * g)
        d = xp.sqrt(v)
        d /= c2
        d += 1e-8
        p[k] -= (LR / c1) * a / d


def mlp_raw(weights: dict, x_h: np.ndarray, y_h: np.ndarray, xp: Any) -> Step:
    """The floor: the MLP step (Linear/ReLU layers, softmax cross-entropy, Adam) by hand."""
    names = list(weights)
    p = {k: xp.from_numpy(v.copy()) for k, v in weights.items()}
    m1 = {k: xp.zeros_like(v) for k, v in p.items()}
    m2 = {k: xp.zeros_like(v) for k, v in p.items()}
    layers = [k[:-len(".weight")] for k in names if k.endswith(".weight")]
    x, y = xp.from_numpy(x_h), xp.from_numpy(y_h)
    n = x.shape[0]
    rows = xp.arange(n)
    t = [0]

    def step() -> Any:
        acts = [x]
        for k, name in enumerate(layers):
            h = acts[-1] @ p[f"{name}.weight"].T
            h += p[f"{name}.bias"]
            if k < len(layers) - 1:
                xp.maximum(h, 0, out=h)
            acts.append(h)
        logits = acts.pop()
        loss, e = cross_entropy_raw(xp, logits, rows, y)
        g = e
        grads = {}
        for k in range(len(layers) - 1, -1, -1):
            name, a = layers[k], acts[k]
            grads[f"{name}.weight"] = g.T @ a
            grads[f"{name}.bias"] = g.sum(axis=0)
            if k:
                g = g @ p[f"{name}.weight"]
                g *= a > 0
        t[0] += 1
        adam_raw(xp, p, grads, m1, m2, names, t[0])
        xp.synchronize()
        return loss

    return step


@lru_cache(maxsize=4)
def _images(shape: tuple[int, ...], classes: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    return (rng.standard_normal(shape).astype(np.float32),
            rng.integers(0, classes, shape[0]).astype(np.int64))


# -- MLP --------------------------------------------------------------------------------------


def _mlp_case(sizes: tuple[int, ...], batch: int) -> Case:
    def spec(m: Any) -> Any:
        layers: list = []
        for k, (i, o) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers.append(m.Linear(i, o))
            if k < len(sizes) - 2:
                layers.append(m.ReLU())
        return m.Sequential(*layers)

    def build(impl: str, device: str) -> Step | None:
        x, y = _images((batch, sizes[0]), sizes[-1])
        if impl == "raw":
            ag.manual_seed(0)
            weights = {k: v.detach().numpy() for k, v in spec(nn).state_dict().items()}
            return mlp_raw(weights, x, y, backends.get(device))
        return _train_step(spec, x, y, impl, device)

    flops = 3 * 2.0 * batch * sum(i * o for i, o in zip(sizes[:-1], sizes[1:]))
    return Case(f"{'-'.join(map(str, sizes))}, batch {batch}", batch, batch, build,
                flops=flops)


def _mlp_cases(quick: bool) -> list[Case]:
    """A small MLP, where the per-step overhead shows, and a big one, where the GEMMs rule."""
    big = _mlp_case((784, 256, 10), 64) if quick else _mlp_case((784, 1024, 1024, 10), 128)
    return [_mlp_case((64, 128, 10), 32), big]


# -- digits, one epoch end to end ----------------------------------------------------------


def _digits_skip() -> str | None:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return "scikit-learn is not installed (pip install -e '.[examples]')"
    return None


@lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    x = (x - x.mean(0)) / np.where(x.std(0) > 0, x.std(0), 1)
    # one fixed shuffle, so that every framework sees the same batches in the same order
    order = np.random.default_rng(4).permutation(len(x))
    return x[order].astype(np.float32), y[order].astype(np.int64)


def _digits_spec(m: Any) -> Any:
    return m.Sequential(m.Linear(64, 128), m.ReLU(), m.Linear(128, 128), m.ReLU(),
                        m.Linear(128, 10))


def _digits_epoch(impl: str, device: str, batch: int, n: int) -> Step | None:
    x_h, y_h = (a[:n] for a in _digits())
    model = _models(_digits_spec, device, impl)
    if model is None:
        return None
    if impl == "tapegrad":
        from nn.data import DataLoader, TensorDataset

        loader = DataLoader(TensorDataset(ag.tensor(x_h, device=device),
                                          ag.tensor(y_h, device=device)), batch_size=batch)
        criterion = nn.CrossEntropyLoss()
        opt = nn.optim.Adam(model.parameters(), lr=LR)
    else:
        torch = torch_or_none()
        dev = torch_device(device)
        data = torch.utils.data.TensorDataset(torch.tensor(x_h, device=dev),
                                              torch.tensor(y_h, device=dev))
        loader = torch.utils.data.DataLoader(data, batch_size=batch)
        criterion = torch.nn.CrossEntropyLoss()
        opt = torch.optim.Adam(model.parameters(), lr=LR)

    def epoch() -> float:
        total = 0.0
        for x, y in loader:
            opt.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            opt.step()
            total += loss.item() * len(y)  # as a training loop logs it (a sync per batch)
        return total / len(x_h)

    return epoch


def _digits_cases(quick: bool) -> list[Case]:
    n = 512 if quick else 1797  # the whole set has 1,797 images
    return [Case(f"{n} images, batch 32, 64-128-128-10", n, n,
                 lambda impl, device: _digits_epoch(impl, device, 32, n))]


def workloads() -> list[Workload]:
    """The training workloads."""
    from benchmarks import workloads_cnn  # it builds on this module's helpers
    both = ("tapegrad", "torch")
    return [
        Workload("mlp", "MLP training step: Linear/ReLU, cross-entropy, Adam", "samples",
                 _mlp_cases, impls=STEP_IMPLS),
        *workloads_cnn.workloads(),
        Workload("digits", "digits end to end: one epoch of training (DataLoader, Adam, "
                 "loss.item() per batch)", "samples", _digits_cases, impls=both,
                 skip=_digits_skip),
    ]
