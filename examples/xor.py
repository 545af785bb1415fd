"""XOR, the classic backpropagation demo: a 2-4-1 sigmoid MLP, MSE and plain SGD.

    python examples/xor.py            (AUTOGRAD_DEVICE=cuda for the GPU)

No single-layer model separates XOR; one hidden layer does. Full-batch gradient descent on
the four points runs until every output is on the right side of 0.5 and the MSE is small.
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import autograd as ag  # noqa: E402
import nn  # noqa: E402
from nn.optim import SGD  # noqa: E402

INPUTS = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
TARGETS = [[0.0], [1.0], [1.0], [0.0]]


def build_model(hidden: int = 4) -> nn.Module:
    """2 inputs -> ``hidden`` sigmoid units -> 1 sigmoid output."""
    return nn.Sequential(nn.Linear(2, hidden), nn.Sigmoid(), nn.Linear(hidden, 1), nn.Sigmoid())


def train(lr: float = 2.0, max_epochs: int = 20000, tol: float = 0.01, seed: int = 0,
          device: str | None = None, verbose: bool = True) -> dict:
    """Train until solved (MSE below ``tol``, all four outputs right); a summary dict."""
    ag.manual_seed(seed)
    x = ag.tensor(INPUTS, device=device)
    y = ag.tensor(TARGETS, device=device)
    model = build_model().to(ag.device(device))
    criterion = nn.MSELoss()
    optimizer = SGD(model.parameters(), lr=lr)
    epoch, loss_value, solved = 0, float("inf"), False
    for epoch in range(1, max_epochs + 1):
        optimizer.zero_grad()
        out = model(x)
        loss = criterion(out, y)
        loss.backward()
        optimizer.step()
        loss_value = loss.item()
        solved = loss_value < tol and bool(((out > 0.5) == (y > 0.5)).all().item())
        if verbose and (epoch % 500 == 0 or solved):
            print(f"epoch {epoch:5d}  loss {loss_value:.5f}")
        if solved:
            break
    with ag.no_grad():
        out = model(x).cpu().numpy().ravel()
    return {"epochs": epoch, "loss": loss_value, "outputs": out, "solved": solved,
            "model": model}


def main(argv: list[str] | None = None) -> dict:
    """Train on XOR and print the outputs for the four inputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lr", type=float, default=2.0)
    parser.add_argument("--max-epochs", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default=None, help="cpu or cuda (default: AUTOGRAD_DEVICE)")
    args = parser.parse_args(argv)
    result = train(lr=args.lr, max_epochs=args.max_epochs, seed=args.seed, device=args.device)
    for (a, b), out in zip(INPUTS, result["outputs"]):
        print(f"{int(a)} xor {int(b)} -> {out:.3f}")
    verdict = "solved" if result["solved"] else "NOT solved"
    print(f"XOR {verdict} after {result['epochs']} epochs, loss {result['loss']:.5f}")
    return result


if __name__ == "__main__":
    main()
