"""XOR with a 2-4-1 sigmoid MLP, written GradientTape-style (as in TensorFlow).

    python examples/xor_tape.py            (AUTOGRAD_DEVICE=cuda for the GPU)

Every op run inside ``with ag.Tape() as tape:`` is recorded on a visible tape;
``tape.gradient(loss, params)`` differentiates through it, and the update is written by hand
under ``no_grad``. The tape of the first step is printed as a table.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import autograd as ag  # noqa: E402

INPUTS = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
TARGETS = [[0.0], [1.0], [1.0], [0.0]]


def init_params(device: str | None, seed: int) -> list[ag.Tensor]:
    """Weights uniform in [-1, 1), biases zero: W1 (2, 4), b1 (4,), W2 (4, 1), b2 (1,)."""
    rng = np.random.default_rng(seed)
    w1 = ag.tensor(rng.uniform(-1, 1, (2, 4)), dtype=ag.float32, device=device,
                   requires_grad=True)
    w2 = ag.tensor(rng.uniform(-1, 1, (4, 1)), dtype=ag.float32, device=device,
                   requires_grad=True)
    b1 = ag.zeros(4, device=device, requires_grad=True)
    b2 = ag.zeros(1, device=device, requires_grad=True)
    return [w1, b1, w2, b2]


def forward(params: list[ag.Tensor], x: ag.Tensor) -> ag.Tensor:
    """sigmoid(sigmoid(x W1 + b1) W2 + b2)."""
    w1, b1, w2, b2 = params
    return ((x @ w1 + b1).sigmoid() @ w2 + b2).sigmoid()


def train(lr: float = 2.0, max_steps: int = 10000, tol: float = 0.01, seed: int = 0,
          device: str | None = None, verbose: bool = True) -> dict:
    """Full-batch gradient descent until the MSE is below ``tol``; returns a summary dict."""
    x = ag.tensor(INPUTS, device=device)
    y = ag.tensor(TARGETS, device=device)
    params = init_params(device, seed)
    loss_value = float("inf")
    step = 0
    for step in range(1, max_steps + 1):
        with ag.Tape() as tape:
            loss = ((forward(params, x) - y) ** 2).mean()
        if step == 1 and verbose:
            print(f"the tape of one training step ({len(tape)} ops):")
            print(tape)
            print()
        grads = tape.gradient(loss, params)
        with ag.no_grad():
            for p, g in zip(params, grads):
                p.sub_(g, alpha=lr)
        loss_value = loss.item()
        if verbose and step % 200 == 0:
            print(f"step {step:5d}  loss {loss_value:.5f}")
        if loss_value < tol:
            break
    with ag.no_grad():
        out = forward(params, x).cpu().numpy().ravel()
    solved = bool(np.array_equal(out > 0.5, np.array(TARGETS).ravel() > 0.5))
    return {"steps": step, "loss": loss_value, "outputs": out, "solved": solved}


def main(argv: list[str] | None = None) -> dict:
    """Train on XOR and print the outputs for the four inputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lr", type=float, default=2.0)
    parser.add_argument("--max-steps", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default=None, help="cpu or cuda (default: AUTOGRAD_DEVICE)")
    args = parser.parse_args(argv)
    result = train(lr=args.lr, max_steps=args.max_steps, seed=args.seed, device=args.device)
    for (a, b), out in zip(INPUTS, result["outputs"]):
        print(f"{int(a)} xor {int(b)} -> {out:.3f}")
    verdict = "solved" if result["solved"] else "NOT solved"
    print(f"XOR {verdict} after {result['steps']} steps, loss {result['loss']:.5f}")
    return result


if __name__ == "__main__":
    main()
