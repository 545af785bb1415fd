"""The training loop the digits examples share: epochs with a tqdm bar, evaluation, history."""

from __future__ import annotations

import sys
from typing import Any

import autograd as ag
import nn
from nn import functional as F

READ_EVERY = 20  # training steps between two reads of the running loss from the device


def evaluate(model: nn.Module, x: ag.Tensor, y: ag.Tensor) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of ``model`` on the whole of (x, y), in eval mode."""
    model.eval()
    with ag.no_grad():
        logits = model(x)
        loss = F.cross_entropy(logits, y).item()
        accuracy = (logits.argmax(dim=1) == y).float().mean().item()
    return loss, accuracy


def fit(model: nn.Module, loader: Any, criterion: Any, optimizer: Any, scheduler: Any,
        epochs: int, x_test: ag.Tensor, y_test: ag.Tensor) -> dict[str, list[float]]:
    """Train for ``epochs`` with one progress bar per epoch (loss, accuracy, and the test
    accuracy once the epoch ends); returns the per-epoch history."""
    from tqdm import tqdm

    history: dict[str, list[float]] = {"train_loss": [], "train_acc": [], "test_loss": [],
                                       "test_acc": []}
    for epoch in range(1, epochs + 1):
        model.train()
        seen = 0
        sums = None  # (loss * batch size, correct) summed on the device: read every few steps
        # The bar is driven by hand so that it stays open for the test accuracy at the end.
        with tqdm(total=len(loader), desc=f"epoch {epoch:2d}/{epochs}", file=sys.stdout,
                  ncols=100, ascii=not sys.stdout.isatty()) as bar:
            for step, (x, y) in enumerate(loader, 1):
                optimizer.zero_grad()
                logits = model(x)
                loss = criterion(logits, y)
                loss.backward()
                optimizer.step()
                n = y.shape[0]
                seen += n
                with ag.no_grad():
                    batch = ag.stack([loss * n, (logits.argmax(dim=1) == y).sum().to(loss.dtype)])
                    sums = batch if sums is None else sums + batch
                if step % READ_EVERY == 0 or step == len(loader):
                    # one transfer every READ_EVERY steps: reading the loss every step would
                    # make a GPU wait for each step to finish before the next is queued
                    total_loss, correct = sums.tolist()
                    # refresh=False: the bar redraws at its own pace, not once per batch
                    bar.set_postfix(loss=f"{total_loss / seen:.4f}",
                                    acc=f"{correct / seen:.3f}", refresh=False)
                bar.update()
            scheduler.step()
            test_loss, test_acc = evaluate(model, x_test, y_test)
            bar.set_postfix(loss=f"{total_loss / seen:.4f}", acc=f"{correct / seen:.3f}",
                            test_acc=f"{test_acc:.3f}", refresh=False)  # drawn by close
        history["train_loss"].append(total_loss / seen)
        history["train_acc"].append(correct / seen)
        history["test_loss"].append(test_loss)
        history["test_acc"].append(test_acc)
    return history
