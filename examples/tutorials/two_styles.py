"""One model, two styles: PyTorch's nn.Module and optimizer, TensorFlow's GradientTape.

    python examples/tutorials/two_styles.py [--quick] [--out DIR]

The XOR network of the backpropagation tutorial, written first as PyTorch code is
(``nn.Module``, ``nn.MSELoss``, ``optim.SGD``), then as TensorFlow code is (``ag.Tape``,
``tape.gradient``, the update written out). Both start from the same weights; their
gradients and the weights they reach are identical, step after step.
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _tutorial import Report, parse_args, save_figure

# --8<-- [start:module]
import autograd as ag
import nn
from nn.optim import SGD

x = ag.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=ag.float64)
y = ag.tensor([[0.0], [1.0], [1.0], [0.0]], dtype=ag.float64)


class XorNet(nn.Module):
    def __init__(self, hidden=4):
        super().__init__()
        self.hidden = nn.Linear(2, hidden)
        self.output = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.output(self.hidden(x).sigmoid()).sigmoid()


ag.manual_seed(0)
model = XorNet().double()
criterion = nn.MSELoss()
optimizer = SGD(model.parameters(), lr=2.0)


def pytorch_style_step():
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item(), [p.grad for p in model.parameters()]
# --8<-- [end:module]


# --8<-- [start:tape]
# The same weights, as plain tensors: W1 (4, 2), b1 (4,), W2 (1, 4), b2 (1,)
params = [p.detach().clone().requires_grad_() for p in model.parameters()]


def tape_style_step(lr=2.0):
    W1, b1, W2, b2 = params
    with ag.Tape() as tape:
        h = (x @ W1.T + b1).sigmoid()
        out = (h @ W2.T + b2).sigmoid()
        loss = ((out - y) ** 2).mean()
    grads = tape.gradient(loss, params)
    with ag.no_grad():
        for p, g in zip(params, grads):
            p -= lr * g
    return loss.item(), grads
# --8<-- [end:tape]


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(__doc__, argv)
    report = Report(args.out, "two_styles")
    steps = 300 if args.quick else 3000
    # --8<-- [start:compare]
    losses = {"PyTorch style": [], "GradientTape style": []}
    worst = 0.0
    for _ in range(steps):
        loss_a, grads_a = pytorch_style_step()
        loss_b, grads_b = tape_style_step()
        losses["PyTorch style"].append(loss_a)
        losses["GradientTape style"].append(loss_b)
        worst = max([worst] + [(ga - gb).abs().max().item() for ga, gb in zip(grads_a, grads_b)])
    weights_gap = max((p - q).abs().max().item() for p, q in zip(model.parameters(), params))
    # --8<-- [end:compare]
    with ag.no_grad():
        outputs = model(x).numpy().ravel()
    solved = bool(np.array_equal(outputs > 0.5, y.numpy().ravel() > 0.5))
    report(f"{steps} steps of SGD(lr=2) from the same start, each step in both styles")
    report(f"largest gradient difference over all steps: {worst:.1e}")
    report(f"largest weight difference at the end:       {weights_gap:.1e}")
    report(f"loss {losses['PyTorch style'][0]:.4f} -> {losses['PyTorch style'][-1]:.6f} "
           f"(both styles); outputs {np.round(outputs, 3)}; XOR "
           f"{'learnt' if solved else 'not learnt yet'}")

    def draw(plt):
        fig, ax = plt.subplots(figsize=(6, 3.2))
        for (name, curve), style in zip(losses.items(), ["-", "--"]):
            ax.plot(np.arange(1, len(curve) + 1), curve, style, label=name)
        ax.set_yscale("log")
        ax.set_xlabel("step")
        ax.set_ylabel("MSE")
        ax.set_title("the same model in two styles: one curve")
        ax.legend()
        return fig

    figure = save_figure(report, draw, "two_styles.png")
    report.save()
    return {"grad_gap": worst, "weights_gap": weights_gap, "losses": losses,
            "solved": solved, "figure": figure}


if __name__ == "__main__":
    main()
