"""Optimisation methods side by side on one problem, with one figure of loss curves.

    python examples/tutorials/optimisation.py [--quick] [--out DIR]

The problem: two interleaved half-moons (400 points in the plane), a 2-16-16-1 tanh network,
binary cross-entropy. Each panel of ``optimisation.png`` trains the same initial network and
changes one thing: the learning-rate schedule; the batch size; clipping; batch
normalisation; the optimizer. The last panel solves the convex version of the problem
(logistic regression on cubic features of the same points) by Newton's method with the
exact Hessian, against gradient descent: iterations and time to a gradient-norm tolerance.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _tutorial import Report, parse_args, save_figure

# isort: split
# --8<-- [start:problem]
import numpy as np

import autograd as ag
import nn
from nn import functional as F
from nn.data import DataLoader, TensorDataset
from nn.optim import SGD, Adam, RMSprop, lr_scheduler
from nn.utils import clip_grad_norm_


def moons(n=400, noise=0.15, seed=0):
    """Two interleaved half circles, labels 0 and 1."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    label = rng.integers(0, 2, n)
    x = np.where(label[:, None] == 0, np.c_[np.cos(t), np.sin(t)],
                 np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
    return x + rng.normal(0, noise, (n, 2)), label.astype(np.float64)


X_NP, Y_NP = moons()
X = ag.tensor(X_NP, dtype=ag.float32)
Y = ag.tensor(Y_NP, dtype=ag.float32)


def make_model(batch_norm=False, seed=0):
    ag.manual_seed(seed)  # every run starts from the same weights
    norm = nn.BatchNorm1d if batch_norm else (lambda n: nn.Identity())
    return nn.Sequential(nn.Linear(2, 16), norm(16), nn.Tanh(),
                         nn.Linear(16, 16), norm(16), nn.Tanh(), nn.Linear(16, 1))


def full_loss(model):
    """The training loss on all the points, in eval mode (batch norm's running statistics)."""
    model.eval()
    with ag.no_grad():
        loss = F.binary_cross_entropy_with_logits(model(X).squeeze(1), Y).item()
    model.train()
    return loss


def train(epochs, lr=0.1, optimizer=SGD, schedule=None, batch_size=None, clip=None,
          batch_norm=False, **opt_args):
    """The loss after each epoch; ``clip`` is ("weights", c) or ("grad-norm", c)."""
    model = make_model(batch_norm)
    opt = optimizer(model.parameters(), lr=lr, **opt_args)
    sched = schedule(opt) if schedule else None
    loader = DataLoader(TensorDataset(X, Y), batch_size=batch_size or len(Y), shuffle=True,
                        generator=ag.Generator().manual_seed(0))
    losses = [full_loss(model)]
    for _ in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            loss = F.binary_cross_entropy_with_logits(model(xb).squeeze(1), yb)
            loss.backward()
            if clip and clip[0] == "grad-norm":
                clip_grad_norm_(model.parameters(), max_norm=clip[1])
            opt.step()
            if clip and clip[0] == "weights":
                with ag.no_grad():
                    for p in model.parameters():
                        p.clamp_(-clip[1], clip[1])
        if sched:
            sched.step()
        losses.append(full_loss(model))
    return losses
# --8<-- [end:problem]


def panels(epochs: int) -> dict[str, dict[str, list[float]]]:
    """Every panel's curves: {panel title: {label: losses}}."""
    # --8<-- [start:panels]
    E = epochs
    return {
        "learning-rate decay (SGD, lr 0.5, full batch)": {
            "constant": train(E, lr=0.5),
            "step (x0.5 every E/4)": train(E, lr=0.5, schedule=lambda o: lr_scheduler.StepLR(
                o, step_size=max(1, E // 4), gamma=0.5)),
            "exponential (x0.99)": train(E, lr=0.5, schedule=lambda o:
                                         lr_scheduler.ExponentialLR(o, gamma=0.99)),
            "cosine": train(E, lr=0.5, schedule=lambda o:
                            lr_scheduler.CosineAnnealingLR(o, T_max=E)),
        },
        "batch size (SGD, lr 0.05)": {
            "full batch (400)": train(E // 4, lr=0.05),
            "mini-batch (20)": train(E // 4, lr=0.05, batch_size=20),
            "single example (1)": train(E // 4, lr=0.05, batch_size=1),
        },
        "clipping (SGD, lr 5: too large)": {
            "no clipping": train(E, lr=5.0),
            "weights clipped to [-1, 1]": train(E, lr=5.0, clip=("weights", 1.0)),
            "gradient norm clipped to 0.1": train(E, lr=5.0, clip=("grad-norm", 0.1)),
        },
        "batch normalisation (SGD, lr 0.5, mini-batch 50)": {
            "without": train(E // 2, lr=0.5, batch_size=50),
            "with BatchNorm1d": train(E // 2, lr=0.5, batch_size=50, batch_norm=True),
        },
        "optimizers (full batch)": {
            "SGD lr 0.1": train(E, lr=0.1),
            "momentum 0.9": train(E, lr=0.1, momentum=0.9),
            "Nesterov 0.9": train(E, lr=0.1, momentum=0.9, nesterov=True),
            "Adam lr 0.01": train(E, lr=0.01, optimizer=Adam),
            "RMSprop lr 0.01": train(E, lr=0.01, optimizer=RMSprop),
        },
    }
    # --8<-- [end:panels]


# --8<-- [start:newton]
def cubic_features(x):
    """1, x1, x2, x1^2, x1 x2, x2^2, x1^3, x1^2 x2, x1 x2^2, x2^3: a convex problem."""
    a, b = x[:, 0], x[:, 1]
    return np.stack([a ** 0, a, b, a * a, a * b, b * b, a ** 3, a * a * b, a * b * b, b ** 3], 1)


PHI = ag.tensor(cubic_features(X_NP), dtype=ag.float64)
T = ag.tensor(Y_NP, dtype=ag.float64)


def logistic_loss(w):
    """Mean binary cross-entropy of a linear model on the cubic features, plus 1e-3 |w|^2."""
    return F.binary_cross_entropy_with_logits(PHI @ w, T) + 1e-3 * (w * w).sum()


def gradient(w):
    w = w.detach().requires_grad_()
    (g,) = ag.grad(logistic_loss(w), [w])
    return g


def newton(w, tol, max_iter):
    """w <- w - H^-1 g with the exact Hessian: ag.functional.hessian, then ag.linalg.solve."""
    norms = []
    for _ in range(max_iter):
        g = gradient(w)
        norms.append(g.norm().item())
        if norms[-1] < tol:
            break
        H = ag.functional.hessian(logistic_loss, w)
        w = w - ag.linalg.solve(H, g)
    return w, norms


def gradient_descent(w, tol, max_iter):
    """w <- w - g / L, with L = the largest curvature the loss can have (a safe step)."""
    L = ag.linalg.eigvalsh(PHI.T @ PHI / (4 * len(T))).max().item() + 2e-3
    norms = []
    for _ in range(max_iter):
        g = gradient(w)
        norms.append(g.norm().item())
        if norms[-1] < tol:
            break
        w = w - g / L
    return w, norms
# --8<-- [end:newton]


def race(report: Report, max_iter: int, tol: float = 1e-8) -> dict:
    """Newton against gradient descent from w = 0: iterations and time to ``tol``."""
    result = {}
    for name, method in [("Newton (exact Hessian)", newton),
                         ("gradient descent", gradient_descent)]:
        start = time.perf_counter()
        w, norms = method(ag.zeros(PHI.shape[1], dtype=ag.float64), tol, max_iter)
        seconds = time.perf_counter() - start
        reached = norms[-1] < tol
        result[name] = {"norms": norms, "seconds": seconds, "reached": reached,
                        "loss": logistic_loss(w).item()}
        where = (f"reached |g| < {tol:g} after {len(norms) - 1} iterations"
                 if reached else f"|g| = {norms[-1]:.1e} after {len(norms)} iterations")
        report(f"{name:22s} {where}, {seconds * 1e3:.0f} ms, loss {result[name]['loss']:.6f}")
    return result


def draw(curves: dict, newton_race: dict):
    def plot(plt):
        fig, axes = plt.subplots(2, 3, figsize=(15, 8))
        for ax, (title, lines) in zip(axes.flat, curves.items()):
            for label, losses in lines.items():
                ax.plot(np.arange(len(losses)), losses, label=label)
            ax.set_title(title, fontsize=10)
            ax.set_xlabel("epoch")
            ax.set_ylabel("training loss (BCE)")
            ax.set_yscale("log")
            ax.legend(fontsize=8)
        ax = axes.flat[-1]
        for name, r in newton_race.items():
            ax.plot(np.arange(len(r["norms"])), r["norms"],
                    label=f"{name}: {len(r['norms']) - 1} it, {r['seconds'] * 1e3:.0f} ms")
        ax.set_xscale("symlog", linthresh=10)
        ax.set_yscale("log")
        ax.set_title("Newton vs gradient descent (logistic regression, cubic features)",
                     fontsize=10)
        ax.set_xlabel("iteration")
        ax.set_ylabel("gradient norm")
        ax.legend(fontsize=8)
        fig.tight_layout()
        return fig
    return plot


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(__doc__, argv)
    report = Report(args.out, "optimisation")
    start = time.perf_counter()
    epochs = 4 if args.quick else 200
    curves = panels(epochs)
    for title, lines in curves.items():
        report(title)
        for label, losses in lines.items():
            report(f"    {label:28s} loss {losses[0]:.4f} -> {losses[-1]:.4f} "
                   f"after {len(losses) - 1} epochs")
    report("Newton's method against gradient descent, from w = 0:")
    newton_race = race(report, max_iter=200 if args.quick else 50000)
    figure = save_figure(report, draw(curves, newton_race), "optimisation.png")
    report.save()
    print(f"({time.perf_counter() - start:.1f} s)")
    return {"curves": curves, "newton": newton_race, "figure": figure}


if __name__ == "__main__":
    main()
