"""``python -m benchmarks --distributed``: data-parallel training on 1, 2, ... ranks.

For each rank count the driver starts ``mpiexec -n N python -m benchmarks.distributed
--worker`` with one BLAS thread per rank. Every rank trains the same model on its own batch
of a fixed size (weak scaling: ideal step time stays flat, throughput grows with N) in three
ways, interleaved step by step:

- ``ddp``: ``DistributedDataParallel`` (buckets all-reduced during backward);
- ``after``: the same model, one blocking all-reduce of all gradients after backward
  (no overlap);
- ``comm``: that all-reduce alone, without training (what communication costs);
- ``local``: the training step without any communication (what the ranks' compute costs
  when they share the machine: on a box with fewer free cores than ranks it grows with N).

Reported per model and N (medians over the timed steps, each step timed as its slowest
rank): step time, throughput, the time backward waited for the reductions after it ended
(``wait``), and the overlap achieved, ``1 - wait / comm``: the share of the communication
hidden behind backward.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

MODELS = {"mlp": (784, [1024, 1024], 10, 64), "digits": (64, [128, 128], 10, 32)}


def _build(name: str) -> Any:
    import nn

    inp, hidden, out, _ = MODELS[name]
    layers, width = [], inp
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        width = h
    return nn.Sequential(*layers, nn.Linear(width, out))


def worker(models: list[str], steps: int, warmup: int, out: str) -> None:
    """One rank's part: time the three variants of each model; rank 0 writes the JSON."""
    import autograd as ag
    import autograd.distributed as dist
    import nn
    from nn.parallel import DistributedDataParallel as DDP

    dist.init_process_group("mpi")
    rank, world = dist.get_rank(), dist.get_world_size()
    results: dict[str, Any] = {}
    for name in models:
        inp, _, classes, batch = MODELS[name]
        ag.manual_seed(rank)
        x = ag.randn(batch, inp)
        y = ag.randint(0, classes, (batch,))
        ddp = DDP(_build(name))
        plain = _build(name)
        params = list(plain.parameters())
        flat = ag.zeros(sum(p.numel() for p in params))
        loss_fn = nn.CrossEntropyLoss()
        opts = {"ddp": nn.optim.SGD(ddp.parameters(), lr=1e-3),
                "after": nn.optim.SGD(plain.parameters(), lr=1e-3)}
        times: dict[str, list] = {"ddp": [], "after": [], "comm": [], "local": [], "wait": []}
        for step in range(warmup + steps):
            row = []
            for kind in ("ddp", "after", "comm", "local"):
                dist.barrier()
                t0 = time.perf_counter()
                if kind == "comm":
                    dist.all_reduce(flat, op=dist.ReduceOp.AVG)
                else:
                    model = ddp if kind == "ddp" else plain
                    opt = opts["ddp" if kind == "ddp" else "after"]
                    opt.zero_grad()
                    loss_fn(model(x), y).backward()
                    if kind == "after":  # the whole gradient in one blocking all-reduce
                        offset = 0
                        for p in params:
                            flat.array[offset:offset + p.numel()] = p.grad.array.reshape(-1)
                            offset += p.numel()
                        dist.all_reduce(flat, op=dist.ReduceOp.AVG)
                    opt.step()
                row.append(time.perf_counter() - t0)
            row.append(ddp.reduction_wait_s)
            slowest = ag.tensor(row, dtype=ag.float64)
            dist.all_reduce(slowest, op=dist.ReduceOp.MAX)
            if step >= warmup:
                for kind, value in zip(("ddp", "after", "comm", "local", "wait"),
                                       slowest.tolist()):
                    times[kind].append(value)
        med = {k: float(np.median(v)) for k, v in times.items()}
        n_params = sum(p.numel() for p in params)
        results[name] = {
            "params": n_params, "batch_per_rank": batch, "world": world,
            "step_ddp_s": med["ddp"], "step_after_s": med["after"], "comm_s": med["comm"],
            "step_local_s": med["local"], "wait_s": med["wait"],
            "overlap": max(0.0, 1.0 - med["wait"] / med["comm"]) if world > 1 else None,
            "samples_per_s": batch * world / med["ddp"],
            "buckets": len(ddp._buckets),
        }
    if rank == 0:
        Path(out).write_text(json.dumps(results))
    dist.destroy_process_group()


def _launch(ranks: int, models: list[str], steps: int, warmup: int) -> dict:
    here = Path(sys.executable).parent / "mpiexec"
    launcher = str(here) if here.exists() else "mpiexec"
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               AUTOGRAD_DEVICE="cpu", PYTHONPATH=str(root))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.json")
        cmd = [launcher, "-n", str(ranks), sys.executable, "-m", "benchmarks.distributed",
               "--worker", "--models", ",".join(models), "--steps", str(steps),
               "--warmup", str(warmup), "--out", out]
        subprocess.run(cmd, check=True, timeout=600, env=env, cwd=root)
        return json.loads(Path(out).read_text())


def report(results: dict) -> str:
    """The table of every model and rank count (markdown)."""
    lines = ["| model | ranks | params | batch/rank | step, DDP | step, all-reduce after "
             "backward | step, no communication | all-reduce alone | wait after backward | "
             "overlap | samples/s | weak-scaling efficiency |", "|" + " --- |" * 12]
    for name in next(iter(results.values())):
        base = results["1"][name]["step_ddp_s"] if "1" in results else None
        for ranks, per_model in results.items():
            r = per_model[name]
            eff = f"{base / r['step_ddp_s']:.0%}" if base else "-"
            overlap = "-" if r["overlap"] is None else f"{r['overlap']:.0%}"
            lines.append(
                f"| {name} | {ranks} | {r['params']:,} | {r['batch_per_rank']} | "
                f"{r['step_ddp_s'] * 1e3:.2f} ms | {r['step_after_s'] * 1e3:.2f} ms | "
                f"{r['step_local_s'] * 1e3:.2f} ms | {r['comm_s'] * 1e3:.2f} ms | "
                f"{r['wait_s'] * 1e3:.2f} ms | {overlap} | "
                f"{r['samples_per_s']:.0f} | {eff} |")
    return "\n".join(lines)


def plot(results: dict, path: str) -> None:
    """Step time against ranks per model: DDP, all-reduce after backward, and the exposed
    wait; the ideal (flat) line from one rank."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(next(iter(results.values())))
    fig, axes = plt.subplots(1, len(names), figsize=(5 * len(names), 4), squeeze=False)
    ranks = [int(r) for r in results]
    for ax, name in zip(axes[0], names):
        get = lambda key, name=name: [results[str(r)][name][key] * 1e3 for r in ranks]  # noqa: E731
        ax.plot(ranks, get("step_ddp_s"), marker="o", label="DDP step")
        ax.plot(ranks, get("step_after_s"), marker="s", label="all-reduce after backward")
        ax.plot(ranks, get("step_local_s"), marker="^", label="no communication")
        ax.bar(ranks, get("wait_s"), width=0.3, alpha=0.4, label="wait after backward (DDP)")
        ax.axhline(results[str(ranks[0])][name]["step_ddp_s"] * 1e3, ls=":", color="gray",
                   label="ideal (weak scaling)")
        ax.set(title=f"{name} ({results[str(ranks[0])][name]['params']:,} params)",
               xlabel="ranks (one BLAS thread each)", ylabel="ms per step", xticks=ranks)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    """The command line (driver, or ``--worker`` under mpiexec)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks --distributed",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--ranks", default="1,2", help="comma-separated rank counts")
    parser.add_argument("--models", default="mlp,digits")
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--json", help="write the results to this JSON file")
    parser.add_argument("--plot", help="write the scaling plot to this PNG")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    models = args.models.split(",")
    if args.worker:
        worker(models, args.steps, args.warmup, args.out)
        return 0
    results = {}
    for ranks in (int(r) for r in args.ranks.split(",")):
        print(f"running {ranks} rank(s) ...", flush=True)
        results[str(ranks)] = _launch(ranks, models, args.steps, args.warmup)
    print(report(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
        print(f"results written to {args.json}")
    if args.plot:
        plot(results, args.plot)
        print(f"plot written to {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
