"""Handwritten digits: a small convolutional network trained PyTorch-style.

    python examples/cnn_digits.py                      (16x16 images)
    python examples/cnn_digits.py --size 8             (the original 8x8 images)
    python examples/cnn_digits.py --device cuda --epochs 30 --out runs/cnn_digits

scikit-learn's bundled digits (1,797 grey 8x8 images, no download) are split into train and
test sets, standardised and kept as images (N, 1, H, W), by default upsampled to 16x16 by
repeating every pixel 2x2 (nearest neighbour), which gives the convolutions room: two poolings
leave 4x4 maps instead of 2x2. The network is two conv-ReLU-maxpool blocks (32 and 64 channels, 3x3
kernels), dropout and one linear layer to the 10 logits, trained with cross-entropy, Adam and a
cosine learning-rate schedule. The script prints the held-out accuracy and the wall time,
writes a checkpoint, then reloads it into a fresh model and checks that it scores the same.

Needs the ``examples`` extra: ``pip install -e '.[examples]'`` (scikit-learn, tqdm).
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
from nn.data import DataLoader, TensorDataset  # noqa: E402
from nn.optim import Adam  # noqa: E402
from nn.optim.lr_scheduler import CosineAnnealingLR  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-3, help="peak learning rate")
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--dropout", type=float, default=0.25)
    parser.add_argument("--size", type=int, choices=(8, 16), default=16,
                        help="image side: 8 (as stored) or 16 (each pixel repeated 2x2)")
    parser.add_argument("--seed", type=int, default=0, help="split, initialisation, shuffling")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: AUTOGRAD_DEVICE)")
    parser.add_argument("--out", type=Path, default=Path("runs/cnn_digits"),
                        help="folder for the checkpoint")
    parser.add_argument("--quick", action="store_true",
                        help="one epoch on 512 training images (a smoke test)")
    return parser.parse_args(argv)


def load_digit_images(seed: int, upsample: bool = False,
                      test_size: float = 0.2) -> tuple[np.ndarray, ...]:
    """Standardised float32 images (N, 1, H, W) and int64 labels: (x_train, y_train, x_test,
    y_test); H = W = 8, or 16 with ``upsample``."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    x, y = load_digits(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_size, random_state=seed, stratify=y)
    # One mean and scale for all pixels (from the training set only): a convolution sees every
    # position with the same weights, so the pixels keep their relative brightness.
    mean, std = x_train.mean(), x_train.std()

    def images(a: np.ndarray) -> np.ndarray:
        a = ((a - mean) / std).astype(np.float32).reshape(-1, 1, 8, 8)
        return a.repeat(2, axis=2).repeat(2, axis=3) if upsample else a

    return images(x_train), y_train.astype(np.int64), images(x_test), y_test.astype(np.int64)


def build_model(size: int = 8, dropout: float = 0.25) -> nn.Module:
    """conv(1->32)-ReLU-pool, conv(32->64)-ReLU-pool, dropout, linear to 10 logits, for
    ``size`` x ``size`` single-channel images."""
    side = size // 4  # two 2x2 poolings
    return nn.Sequential(
        nn.Conv2d(1, 32, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(dropout),
        nn.Linear(64 * side * side, 10),
    )


def main(argv: list[str] | None = None) -> dict:
    """Train, evaluate, checkpoint and reload; returns the figures as a dict."""

    args = parse_args(argv)
    device = ag.device(args.device)  # None: the default device (AUTOGRAD_DEVICE)
    epochs = 1 if args.quick else args.epochs
    ag.manual_seed(args.seed)  # initialisation, dropout masks and shuffling are drawn from it
    start = time.perf_counter()

    x_train, y_train, x_test, y_test = load_digit_images(args.seed, args.size == 16)
    if args.quick:
        x_train, y_train = x_train[:512], y_train[:512]
    size = x_train.shape[-1]
    train_set = TensorDataset(ag.tensor(x_train, device=device),
                              ag.tensor(y_train, device=device))
    loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
    x_test_t = ag.tensor(x_test, device=device)
    y_test_t = ag.tensor(y_test, device=device)
    print(f"digits: {len(x_train)} training and {len(x_test)} test images of {size}x{size} "
          f"pixels, device {device}")

    model = build_model(size, args.dropout).to(device)
    print(model)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{n_params:,} parameters")
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
             "epoch": epochs, "image_size": size, "test_accuracy": accuracy}, checkpoint)
    print(f"checkpoint written to {checkpoint}")

    # A fresh model from the checkpoint alone, as a later session would.
    state = ag.load(checkpoint, map_location=device)
    restored = build_model(state["image_size"], args.dropout).to(device)
    restored.load_state_dict(state["model"])
    _, restored_accuracy = evaluate(restored, x_test_t, y_test_t)
    print(f"reloaded model: test accuracy {restored_accuracy:.2%} (before saving "
          f"{accuracy:.2%})")
    if restored_accuracy != accuracy:  # not an assert: it must hold under python -O too
        raise RuntimeError(f"the reloaded model scores {restored_accuracy:.4f}, "
                           f"the trained one {accuracy:.4f}")
    total_time = time.perf_counter() - start
    print(f"total wall time {total_time:.1f} s")
    return {"accuracy": accuracy, "restored_accuracy": restored_accuracy,
            "train_time": train_time, "total_time": total_time, "history": history,
            "checkpoint": checkpoint, "image_size": size}


if __name__ == "__main__":
    main()
