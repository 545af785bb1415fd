"""Regression with a two-layer ReLU MLP, MSELoss and SGD: the standard PyTorch training loop.

    python examples/regression.py            (AUTOGRAD_DEVICE=cuda for the GPU)

Synthetic data ``y = sin(2 x0) + x1^2 / 2 - x0 x2 + noise`` in three dimensions; mini-batches
from a shuffling DataLoader; each step is ``zero_grad``, forward, loss, ``backward``, ``step``.
The held-out MSE is compared with the noise floor and with predicting the mean.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import autograd as ag  # noqa: E402
import nn  # noqa: E402
from nn.data import DataLoader, TensorDataset  # noqa: E402
from nn.optim import SGD  # noqa: E402

NOISE = 0.1


def make_data(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` samples of the target function with Gaussian noise, as float32 (n, 3), (n, 1)."""
    x = rng.uniform(-1.5, 1.5, (n, 3))
    y = np.sin(2 * x[:, 0]) + 0.5 * x[:, 1] ** 2 - x[:, 0] * x[:, 2]
    y = y + rng.normal(0, NOISE, n)
    return x.astype(np.float32), y[:, None].astype(np.float32)


def evaluate(model: nn.Module, x: ag.Tensor, y: ag.Tensor) -> float:
    """The mean squared error of ``model`` on (x, y)."""
    with ag.no_grad():
        return nn.MSELoss()(model(x), y).item()


def main(argv: list[str] | None = None) -> dict:
    """Train, printing the test MSE every few epochs; returns the first and last figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.02)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default=None, help="cpu or cuda (default: AUTOGRAD_DEVICE)")
    args = parser.parse_args(argv)

    ag.manual_seed(args.seed)
    device = ag.device(args.device)
    rng = np.random.default_rng(args.seed)
    x_train, y_train = make_data(2000, rng)
    x_test, y_test = make_data(500, rng)
    loader = DataLoader(TensorDataset(ag.tensor(x_train, device=device),
                                      ag.tensor(y_train, device=device)),
                        batch_size=args.batch_size, shuffle=True)
    x_test_t, y_test_t = ag.tensor(x_test, device=device), ag.tensor(y_test, device=device)

    model = nn.Sequential(nn.Linear(3, args.hidden), nn.ReLU(), nn.Linear(args.hidden, 1))
    model.to(device)
    criterion = nn.MSELoss()
    optimizer = SGD(model.parameters(), lr=args.lr, momentum=args.momentum)

    initial = evaluate(model, x_test_t, y_test_t)
    print(f"test MSE before training {initial:.4f}  (predicting the mean: "
          f"{float(np.var(y_test)):.4f}, noise floor: {NOISE ** 2:.4f})")
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
        if epoch % 10 == 0 or epoch == args.epochs:
            print(f"epoch {epoch:3d}  train batch loss {loss.item():.4f}  "
                  f"test MSE {evaluate(model, x_test_t, y_test_t):.4f}")
    final = evaluate(model, x_test_t, y_test_t)
    print(f"test MSE {initial:.4f} -> {final:.4f} in {time.perf_counter() - start:.1f} s "
          f"on {device}")
    return {"initial_mse": initial, "final_mse": final, "baseline_mse": float(np.var(y_test))}


if __name__ == "__main__":
    main()
