"""Handwritten digits: an MLP classifier trained PyTorch-style, checkpointed and reloaded.

    python examples/digits.py                      (or: make demo)
    python examples/digits.py --device cuda        (or: AUTOGRAD_DEVICE=cuda make demo)
    python examples/digits.py --epochs 30 --out runs/digits

scikit-learn's bundled digits (1,797 grey 8x8 images, no download) are split into train and
test sets and standardised; a TensorDataset and a shuffling DataLoader feed a 64-128-128-10
ReLU MLP trained with cross-entropy, Adam and a cosine learning-rate schedule. The script
prints the held-out accuracy and the wall time, writes a checkpoint (model and optimizer
state) and a loss/accuracy plot to the output folder, then reloads the checkpoint into a
fresh model and checks that it scores the same.

Needs the ``examples`` extra: ``pip install -e '.[examples]'`` (scikit-learn, tqdm,
matplotlib).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # _training

from _training import evaluate, fit  # noqa: E402

import autograd as ag  # noqa: E402
import nn  # noqa: E402
from nn import functional as F  # noqa: E402
from nn.data import DataLoader, TensorDataset  # noqa: E402
from nn.optim import Adam  # noqa: E402
from nn.optim.lr_scheduler import CosineAnnealingLR  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-3, help="peak learning rate")
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=0, help="split, initialisation, shuffling")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: AUTOGRAD_DEVICE)")
    parser.add_argument("--out", type=Path, default=Path("runs/digits"),
                        help="folder for the checkpoint and the plot")
    parser.add_argument("--quick", action="store_true",
                        help="one epoch on 512 training images (a smoke test)")
    return parser.parse_args(argv)


def load_digits_split(seed: int, test_size: float = 0.2) -> tuple[np.ndarray, ...]:
    """Standardised float32 images and int64 labels: (x_train, y_train, x_test, y_test)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    x, y = load_digits(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_size, random_state=seed, stratify=y)
    # Statistics from the training set only; constant pixels keep scale 1.
    scaler = StandardScaler().fit(x_train)
    return (scaler.transform(x_train).astype(np.float32), y_train.astype(np.int64),
            scaler.transform(x_test).astype(np.float32), y_test.astype(np.int64))


def build_model() -> nn.Module:
    """The classifier: 64 pixels -> 128 -> 128 -> 10 logits, ReLU in between."""
    return nn.Sequential(
        nn.Linear(64, 128), nn.ReLU(),
        nn.Linear(128, 128), nn.ReLU(),
        nn.Linear(128, 10),
    )


def save_plot(history: dict[str, list[float]], path: Path) -> None:
    """Loss and accuracy per epoch, train and test side by side, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    epochs = range(1, len(history["train_loss"]) + 1)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    ax_loss.plot(epochs, history["train_loss"], marker="o", label="train")
    ax_loss.plot(epochs, history["test_loss"], marker="o", label="test")
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy", title="loss", yscale="log")
    ax_acc.plot(epochs, [100 * a for a in history["train_acc"]], marker="o", label="train")
    ax_acc.plot(epochs, [100 * a for a in history["test_acc"]], marker="o", label="test")
    ax_acc.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy")
    for ax in (ax_loss, ax_acc):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle("MLP on the scikit-learn digits")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def device_table(x_train: np.ndarray, y_train: np.ndarray, args: argparse.Namespace) -> None:
    """One epoch of the same model and data on every available device, side by side."""
    import backends

    devices = ["cpu"]
    if backends.cuda.is_available():
        devices += [f"cuda:{k}" for k in range(backends.cuda.device_count())]
    print("\none training epoch of this model on each device (same data, same initial "
          "weights; median of 3 after one warm-up epoch):")
    print(f"  {'device':<8} {'epoch':>9} {'images/s':>10} {'speedup':>8} {'first loss':>11}")
    base = None
    for name in devices:
        ag.manual_seed(args.seed)
        model = build_model().to(name)
        optimizer = Adam(model.parameters(), lr=args.lr)
        data = TensorDataset(ag.tensor(x_train, device=name), ag.tensor(y_train, device=name))
        loader = DataLoader(data, batch_size=args.batch_size, shuffle=False)
        backend = ag.device(name).backend
        times, first = [], None
        for _ in range(4):
            t0 = time.perf_counter()
            for x, y in loader:
                optimizer.zero_grad()
                loss = F.cross_entropy(model(x), y)
                loss.backward()
                optimizer.step()
                if first is None:
                    first = loss.item()
            backend.synchronize()
            times.append(time.perf_counter() - t0)
        epoch = float(np.median(times[1:]))
        base = base or epoch
        print(f"  {name:<8} {epoch * 1e3:7.1f} ms {len(x_train) / epoch:10.0f} "
              f"{base / epoch:7.2f}x {first:11.4f}")
    if len(devices) == 1:
        print(f"  (no GPU row: {backends.cuda.why_unavailable()})")


def main(argv: list[str] | None = None) -> dict:
    """Train, evaluate, checkpoint, reload and plot; returns the figures as a dict."""

    args = parse_args(argv)
    device = ag.device(args.device)  # None: the default device (AUTOGRAD_DEVICE)
    epochs = 1 if args.quick else args.epochs
    ag.manual_seed(args.seed)  # initialisation and shuffling are drawn from it
    start = time.perf_counter()

    x_train, y_train, x_test, y_test = load_digits_split(args.seed)
    if args.quick:
        x_train, y_train = x_train[:512], y_train[:512]
    # The whole set is a few hundred kB: it goes to the device once, and the loader gathers
    # each batch there.
    train_set = TensorDataset(ag.tensor(x_train, device=device),
                              ag.tensor(y_train, device=device))
    loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
    x_test_t = ag.tensor(x_test, device=device)
    y_test_t = ag.tensor(y_test, device=device)
    print(f"digits: {len(x_train)} training and {len(x_test)} test images of 8x8 pixels, "
          f"device {device}")

    model = build_model().to(device)
    print(model)
    criterion = nn.CrossEntropyLoss()
    optimizer = Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    scheduler = CosineAnnealingLR(optimizer, T_max=epochs)

    history = fit(model, loader, criterion, optimizer, scheduler, epochs, x_test_t, y_test_t)
    train_time = time.perf_counter() - start

    _, accuracy = evaluate(model, x_test_t, y_test_t)
    print(f"test accuracy {accuracy:.2%} ({round(accuracy * len(y_test))}/{len(y_test)}) "
          f"after {epochs} epochs; wall time {train_time:.1f} s (data and training) on {device}")

    args.out.mkdir(parents=True, exist_ok=True)
    checkpoint = args.out / "checkpoint.safetensors"
    ag.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
             "scheduler": scheduler.state_dict(), "epoch": epochs, "test_accuracy": accuracy},
            checkpoint)
    print(f"checkpoint written to {checkpoint}")

    # A fresh model and optimizer from the checkpoint alone, as a later session would.
    state = ag.load(checkpoint, map_location=device)
    restored = build_model().to(device)
    restored.load_state_dict(state["model"])
    # Training could go on from here exactly where it stopped.
    restored_optimizer = Adam(restored.parameters(), lr=args.lr)
    restored_optimizer.load_state_dict(state["optimizer"])
    steps = int(restored_optimizer.state_dict()["state"][0]["step"])
    _, restored_accuracy = evaluate(restored, x_test_t, y_test_t)
    print(f"reloaded model: test accuracy {restored_accuracy:.2%} (before saving "
          f"{accuracy:.2%}); optimizer restored at step {steps}")
    if restored_accuracy != accuracy:  # not an assert: it must hold under python -O too
        raise RuntimeError(f"the reloaded model scores {restored_accuracy:.4f}, "
                           f"the trained one {accuracy:.4f}")

    plot = args.out / "digits.png"
    save_plot(history, plot)
    print(f"plot written to {plot}")
    total_time = time.perf_counter() - start
    print(f"total wall time {total_time:.1f} s")
    device_table(x_train, y_train, args)
    return {"accuracy": accuracy, "restored_accuracy": restored_accuracy,
            "train_time": train_time, "total_time": total_time, "history": history,
            "checkpoint": checkpoint, "plot": plot}


if __name__ == "__main__":
    main()
