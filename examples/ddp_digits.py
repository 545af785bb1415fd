"""Handwritten digits trained data-parallel: one process per rank, gradients averaged.

    mpiexec -n 2 python examples/ddp_digits.py          (or: make ddp)
    mpiexec -n 4 python examples/ddp_digits.py --epochs 30 --out runs/ddp

The classifier of ``examples/digits.py`` (64-128-128-10 ReLU MLP, Adam, cosine schedule) on
scikit-learn's digits, ported to several processes as a PyTorch script would be: the process
group from ``mpiexec``, a ``DistributedSampler`` giving each rank its share of every epoch,
the model wrapped in ``DistributedDataParallel`` (so every rank takes the same step), the
progress bar and the checkpoint on rank 0 only, the checkpoint then loaded on every rank.
The global batch (``--batch-size``) is split over the ranks, so any number of ranks trains
the same schedule.

Needs the ``distributed`` and ``examples`` extras (mpi4py and the mpich wheel; scikit-learn,
tqdm, matplotlib).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # digits, _training

from _training import evaluate  # noqa: E402
from digits import build_model, load_digits_split  # noqa: E402

import autograd as ag  # noqa: E402
import autograd.distributed as dist  # noqa: E402
import nn  # noqa: E402
from nn.data import DataLoader, DistributedSampler, TensorDataset  # noqa: E402
from nn.optim import Adam  # noqa: E402
from nn.optim.lr_scheduler import CosineAnnealingLR  # noqa: E402
from nn.parallel import DistributedDataParallel as DDP  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32, help="global, over all ranks")
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("runs/ddp_digits"))
    parser.add_argument("--quick", action="store_true", help="one epoch (a smoke test)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> dict:
    """Train on every rank, evaluate, checkpoint on rank 0, reload everywhere."""
    from tqdm import tqdm

    args = parse_args(argv)
    # --8<-- [start:ddp]
    dist.init_process_group("mpi")
    rank, world = dist.get_rank(), dist.get_world_size()
    epochs = 1 if args.quick else args.epochs
    if args.batch_size % world:
        raise ValueError(f"--batch-size {args.batch_size} does not split over {world} ranks")
    ag.manual_seed(args.seed + rank)  # different on purpose: DDP broadcasts rank 0's weights
    start = time.perf_counter()

    x_train, y_train, x_test, y_test = load_digits_split(args.seed)
    train_set = TensorDataset(ag.tensor(x_train), ag.tensor(y_train))
    sampler = DistributedSampler(train_set, seed=args.seed)
    loader = DataLoader(train_set, batch_size=args.batch_size // world, sampler=sampler)
    x_test_t, y_test_t = ag.tensor(x_test), ag.tensor(y_test)
    if rank == 0:
        print(f"digits on {world} ranks: {len(x_train)} training images ({len(sampler)} per "
              f"rank and epoch), {len(x_test)} test images, global batch {args.batch_size}")

    model = DDP(build_model())
    # --8<-- [end:ddp]
    criterion = nn.CrossEntropyLoss()
    optimizer = Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    scheduler = CosineAnnealingLR(optimizer, T_max=epochs)
    for epoch in range(1, epochs + 1):
        sampler.set_epoch(epoch)  # a new shuffle, the same on every rank
        model.train()
        with tqdm(loader, desc=f"epoch {epoch:2d}/{epochs}", file=sys.stdout, ncols=100,
                  disable=rank != 0, ascii=not sys.stdout.isatty()) as bar:
            for x, y in bar:
                optimizer.zero_grad()
                loss = criterion(model(x), y)
                loss.backward()  # gradients averaged over the ranks here
                optimizer.step()
            scheduler.step()
            _, test_acc = evaluate(model, x_test_t, y_test_t)
            bar.set_postfix(loss=f"{loss.item():.4f}", test_acc=f"{test_acc:.3f}")
    train_time = time.perf_counter() - start
    _, accuracy = evaluate(model, x_test_t, y_test_t)

    checkpoint = args.out / "checkpoint.safetensors"
    if rank == 0:
        print(f"test accuracy {accuracy:.2%} ({round(accuracy * len(y_test))}/{len(y_test)}) "
              f"after {epochs} epochs on {world} ranks; wall time {train_time:.1f} s")
        args.out.mkdir(parents=True, exist_ok=True)
        # the module's own keys (no "module." prefix): loadable without DDP
        ag.save({"model": model.module.state_dict(), "optimizer": optimizer.state_dict(),
                 "epoch": epochs, "test_accuracy": accuracy}, checkpoint)
        print(f"checkpoint written to {checkpoint}")
    dist.barrier()  # the file is complete before any rank reads it

    restored = build_model()
    restored.load_state_dict(ag.load(checkpoint)["model"])
    _, restored_accuracy = evaluate(restored, x_test_t, y_test_t)
    if restored_accuracy != accuracy:  # every rank holds the same weights as rank 0
        raise RuntimeError(f"rank {rank}: the reloaded model scores {restored_accuracy:.4f}, "
                           f"the trained one {accuracy:.4f}")
    dist.barrier()
    if rank == 0:
        print(f"every rank reloaded the checkpoint: test accuracy {restored_accuracy:.2%}")
    dist.destroy_process_group()
    return {"accuracy": accuracy, "train_time": train_time, "rank": rank, "world": world}


if __name__ == "__main__":
    main()
