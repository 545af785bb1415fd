"""A job that goes wrong on purpose, chosen by argv[1]:

- ``raise``: rank 1 raises at step 3 of a training loop while the others go on into the
  next all-reduce (the excepthook must abort the whole job);
- ``timeout``: rank 1 never joins an all-reduce (it sleeps), rank 0 must time out and abort;
- ``mismatch``: the ranks all-reduce tensors of different shapes (in debug mode: a
  RuntimeError naming both ranks' shapes, caught and reported, then a clean exit).
"""

from __future__ import annotations

import datetime
import sys
import time

import autograd as ag
import autograd.distributed as dist
import nn
from nn.parallel import DistributedDataParallel as DDP

case = sys.argv[1]
# only the stalled collective should time out: the other cases keep the default timeout
dist.init_process_group("mpi", timeout=datetime.timedelta(seconds=2) if case == "timeout"
                        else None)
rank = dist.get_rank()

if case == "raise":
    model = DDP(nn.Linear(4, 2))
    opt = nn.optim.SGD(model.parameters(), lr=0.1)
    for step in range(100):
        if step == 3 and rank == 1:
            raise ValueError("rank 1 fails at step 3")
        opt.zero_grad()
        model(ag.randn(8, 4)).square().mean().backward()
        opt.step()
elif case == "timeout":
    if rank == 1:
        time.sleep(60)
    dist.all_reduce(ag.ones(3))
elif case == "mismatch":
    try:
        dist.all_reduce(ag.ones(3 + rank, 2))
        raise AssertionError("mismatched shapes were not detected")
    except RuntimeError as exc:
        print(f"rank {rank} caught: {exc}", flush=True)
    dist.destroy_process_group()
    print(f"OK {rank}", flush=True)
