"""A small end-to-end training run with autograd alone: a two-layer MLP on two spirals.

    python examples/spirals.py            (AUTOGRAD_DEVICE=cuda for the GPU)

Forward with tensor ops, ``loss.backward()``, SGD with momentum under ``no_grad`` - and a gradient
check of the same model in float64 before training starts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import autograd as ag  # noqa: E402
import backends  # noqa: E402


def spirals(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals in the plane, labelled 0 and 1."""
    t = np.sqrt(rng.uniform(0.05, 1, n)) * 3 * np.pi
    labels = rng.integers(0, 2, n)
    sign = np.where(labels == 1, 1.0, -1.0)
    x = np.stack([sign * t * np.cos(t), sign * t * np.sin(t)], axis=1) / 10
    return (x + rng.normal(0, 0.02, x.shape)).astype(np.float32), labels


def init(sizes: list[int], rng: np.random.Generator, device, dtype) -> list[ag.Tensor]:
    """Weights uniform in +-1/sqrt(fan_in) and zero biases, for layers of ``sizes``."""
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1 / np.sqrt(fan_in)
        params.append(ag.tensor(rng.uniform(-bound, bound, (fan_in, fan_out)), dtype=dtype,
                                device=device, requires_grad=True))
        params.append(ag.zeros(fan_out, dtype=dtype, device=device, requires_grad=True))
    return params


def forward(params: list[ag.Tensor], x: ag.Tensor) -> ag.Tensor:
    """The MLP: affine layers with tanh between them."""
    h = x
    for k in range(0, len(params), 2):
        h = h @ params[k] + params[k + 1]
        if k + 2 < len(params):
            h = h.tanh()
    return h


def loss_fn(logits: ag.Tensor, onehot: ag.Tensor) -> ag.Tensor:
    """Mean softmax cross-entropy, through log-sum-exp."""
    logp = logits - logits.logsumexp(dim=1, keepdim=True)
    return -(logp * onehot).sum() / logits.shape[0]


def main(argv: list[str] | None = None) -> dict:
    """Gradient-check the model, train it, and print the test accuracy."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args(argv)
    device = backends.default_device()
    rng = np.random.default_rng(0)
    x_np, y_np = spirals(2000, rng)
    onehot_np = np.eye(2, dtype=np.float32)[y_np]
    x_test, y_test = spirals(1000, rng)

    # The same model in float64, checked against finite differences first.
    small = init([2, 8, 2], np.random.default_rng(1), device, ag.float64)
    xs = ag.tensor(x_np[:8], dtype=ag.float64, device=device)
    hs = ag.tensor(onehot_np[:8], dtype=ag.float64, device=device)
    ok = ag.gradcheck(lambda *p: loss_fn(forward(list(p), xs), hs), small)
    print(f"gradcheck of the model in float64 on {device}: {'passed' if ok else 'FAILED'}")

    params = init([2, 64, 64, 2], rng, device, ag.float32)
    x = ag.tensor(x_np, device=device)
    onehot = ag.tensor(onehot_np, device=device)
    lr, momentum, batch = 0.05, 0.9, 50
    velocity = [ag.zeros_like(p) for p in params]
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(len(x_np))
        for i in range(0, len(order), batch):
            idx = ag.tensor(order[i:i + batch], device=device)
            loss = loss_fn(forward(params, x[idx]), onehot[idx])
            for p in params:
                p.grad = None
            loss.backward()
            with ag.no_grad():  # SGD with momentum, in place
                for p, v in zip(params, velocity):
                    v.mul_(momentum).add_(p.grad)
                    p.sub_(v, alpha=lr)
        if epoch % 20 == 0 or epoch == args.epochs:
            with ag.no_grad():
                full = loss_fn(forward(params, x), onehot).item()
            print(f"epoch {epoch:3d}  loss {full:.4f}")
    with ag.no_grad():
        pred = forward(params, ag.tensor(x_test, device=device)).argmax(dim=1).cpu().numpy()
    accuracy = float((pred == y_test).mean())
    print(f"test accuracy {accuracy:.1%} after {time.perf_counter() - start:.1f} s on {device}")
    return {"gradcheck": ok, "accuracy": accuracy, "loss": full}


if __name__ == "__main__":
    main()
