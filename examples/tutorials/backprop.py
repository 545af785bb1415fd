"""Backpropagation by hand and by tape: a two-layer sigmoid network learns XOR.

    python examples/tutorials/backprop.py [--quick] [--out DIR]

The network is written twice: with NumPy and a backward pass derived by hand, then on
tapegrad, whose tape derives the same backward pass. The gradients agree to 1e-12 in float64,
``gradcheck`` confirms them against finite differences, and both versions learn XOR along the
same loss curve (``backprop.png``).
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _tutorial import Report, parse_args, save_figure

# isort: split
# --8<-- [start:numpy]
import numpy as np

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)  # the four inputs
Y = np.array([[0], [1], [1], [0]], dtype=np.float64)              # x1 xor x2


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def init_params(hidden=4, seed=0):
    """2 inputs -> ``hidden`` sigmoid units -> 1 sigmoid output."""
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0, 1, (2, hidden)), "b1": np.zeros(hidden),
            "W2": rng.normal(0, 1, (hidden, 1)), "b2": np.zeros(1)}


def loss_and_grads_by_hand(p, x, y):
    """The MSE and its gradient for every parameter: the chain rule, applied by hand."""
    h = sigmoid(x @ p["W1"] + p["b1"])      # forward: keep what backward needs
    out = sigmoid(h @ p["W2"] + p["b2"])
    loss = np.mean((out - y) ** 2)

    d_out = 2 * (out - y) / out.size         # d loss / d out
    d_z2 = d_out * out * (1 - out)           # sigmoid'(z) = s (1 - s)
    d_h = d_z2 @ p["W2"].T                   # z2 = h W2 + b2
    d_z1 = d_h * h * (1 - h)
    grads = {"W2": h.T @ d_z2, "b2": d_z2.sum(axis=0),
             "W1": x.T @ d_z1, "b1": d_z1.sum(axis=0)}  # z1 = x W1 + b1
    return loss, grads
# --8<-- [end:numpy]


# --8<-- [start:tape]
import autograd as ag


def forward(W1, b1, W2, b2, x):
    """The same network on tapegrad: only the forward pass is written."""
    h = (x @ W1 + b1).sigmoid()
    return (h @ W2 + b2).sigmoid()


def loss_and_grads_by_tape(p, x, y):
    """The same loss; ``backward()`` replays the tape to get the gradients."""
    params = {k: ag.tensor(v, requires_grad=True) for k, v in p.items()}  # float64 kept
    out = forward(params["W1"], params["b1"], params["W2"], params["b2"], ag.tensor(x))
    loss = ((out - ag.tensor(y)) ** 2).mean()
    loss.backward()
    return loss.item(), {k: t.grad.numpy() for k, t in params.items()}
# --8<-- [end:tape]


def compare(report: Report) -> dict:
    """Hand-derived against taped gradients, then the taped ones against finite differences."""
    # --8<-- [start:compare]
    p = init_params()
    loss_hand, by_hand = loss_and_grads_by_hand(p, X, Y)
    loss_tape, by_tape = loss_and_grads_by_tape(p, X, Y)
    worst = {k: float(np.abs(by_hand[k] - by_tape[k]).max()) for k in by_hand}
    assert abs(loss_hand - loss_tape) < 1e-12 and max(worst.values()) < 1e-12

    # gradcheck: the tape's gradients against central differences, in float64
    tensors = [ag.tensor(p[k], requires_grad=True) for k in ("W1", "b1", "W2", "b2")]
    def mse(W1, b1, W2, b2):
        return ((forward(W1, b1, W2, b2, ag.tensor(X)) - ag.tensor(Y)) ** 2).mean()

    assert ag.gradcheck(mse, tensors)
    # --8<-- [end:compare]
    for k, d in worst.items():
        report(f"d loss / d {k:2s}  shape {str(by_hand[k].shape):7s}  "
               f"max |by hand - by tape| = {d:.1e}")
    report("gradcheck (float64 central differences): passed")
    return worst


def train(report: Report, epochs: int, lr: float = 2.0) -> dict:
    """Full-batch gradient descent, by hand and by tape, from the same start."""
    # --8<-- [start:train]
    curves = {}
    for name, loss_and_grads in [("by hand (NumPy)", loss_and_grads_by_hand),
                                 ("by tape (tapegrad)", loss_and_grads_by_tape)]:
        p = init_params()
        curves[name] = []
        for _ in range(epochs):
            loss, grads = loss_and_grads(p, X, Y)
            curves[name].append(loss)
            p = {k: p[k] - lr * grads[k] for k in p}  # one step of gradient descent
        out = sigmoid(sigmoid(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])
        report(f"{name:18s}  loss {curves[name][0]:.4f} -> {loss:.6f}   "
               f"outputs {np.round(out.ravel(), 3)}")
    # --8<-- [end:train]
    solved = bool(np.array_equal(out.ravel() > 0.5, Y.ravel() > 0.5))
    a, b = (np.array(c) for c in curves.values())
    gap = float(np.abs(a - b).max())
    report(f"XOR {'learnt' if solved else 'NOT learnt'} after {epochs} epochs; the two loss "
           f"curves differ by at most {gap:.1e}")
    return {"curves": curves, "solved": solved, "gap": gap, "outputs": out.ravel()}


def draw(curves: dict):
    def plot(plt):
        fig, ax = plt.subplots(figsize=(6, 3.5))
        for (name, losses), style in zip(curves.items(), ["-", "--"]):
            ax.plot(np.arange(1, len(losses) + 1), losses, style, label=name)
        ax.set_yscale("log")
        ax.set_xlabel("epoch (full batch of the four points)")
        ax.set_ylabel("MSE")
        ax.set_title("XOR, 2-4-1 sigmoid network, gradient descent lr 2")
        ax.legend()
        return fig
    return plot


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(__doc__, argv)
    report = Report(args.out, "backprop")
    start = time.perf_counter()
    worst = compare(report)
    result = train(report, epochs=1500 if args.quick else 4000)
    figure = save_figure(report, draw(result["curves"]), "backprop.png")
    report.save()
    print(f"({time.perf_counter() - start:.1f} s)")
    return {**result, "worst": worst, "figure": figure}


if __name__ == "__main__":
    main()
