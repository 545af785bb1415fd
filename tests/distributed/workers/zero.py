"""ZeroRedundancyOptimizer with DDP against one process training with the unsharded
optimizer (float64, to 1e-10): each rank keeps only its shard's state, a learning-rate
scheduler reaches every shard, and a consolidated checkpoint loads into the plain optimizer
and back into a fresh sharded one that trains on identically."""

from __future__ import annotations

import numpy as np

import autograd as ag
import autograd.distributed as dist
import nn
from nn.optim import Adam, ZeroRedundancyOptimizer
from nn.optim.lr_scheduler import StepLR
from nn.parallel import DistributedDataParallel as DDP

dist.init_process_group("mpi")
rank, n = dist.get_rank(), dist.get_world_size()
ag.set_default_dtype(ag.float64)
g = np.random.default_rng(1)
X, Y = ag.from_numpy(g.normal(size=(4 * n, 6))), ag.from_numpy(g.integers(0, 3, 4 * n))
loss_fn = nn.CrossEntropyLoss()


def build() -> nn.Module:
    ag.manual_seed(0)
    return nn.Sequential(nn.Linear(6, 12), nn.Tanh(), nn.Linear(12, 8), nn.Tanh(),
                         nn.Linear(8, 3))


def train(model, opt, sched, steps, x, y):
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
        sched.step()


ref = build()
ref_opt = Adam(ref.parameters(), lr=0.05)
train(ref, ref_opt, StepLR(ref_opt, 2, 0.5), 3, X, Y)

model = DDP(build())
zero = ZeroRedundancyOptimizer(model.parameters(), Adam, lr=0.05)
train(model, zero, StepLR(zero, 2, 0.5), 3, X[rank::n], Y[rank::n])
for p, q in zip(model.parameters(), ref.parameters()):
    assert float((p - q).abs().max()) < 1e-10
total = len(list(ref.parameters()))
counts = [None] * n
dist.all_gather_object(counts, len(zero.optim.state))
assert sum(counts) == total and max(counts) < total, counts  # every state held once

zero.consolidate_state_dict(to=0)
box = [zero.state_dict() if rank == 0 else None]
dist.broadcast_object_list(box, src=0)
full = box[0]
ours, theirs = full, ref_opt.state_dict()
assert ours["param_groups"][0]["lr"] == theirs["param_groups"][0]["lr"] == 0.025
for k, s in theirs["state"].items():
    for name, v in s.items():
        got = ours["state"][k][name]
        assert float(abs(ag.as_tensor(got) - ag.as_tensor(v)).max()) < 1e-10, (k, name)

# a fresh sharded optimizer from the checkpoint trains on exactly like the reference
fresh = ZeroRedundancyOptimizer(model.parameters(), Adam, lr=1.0)
fresh.load_state_dict(full)
plain = Adam(ref.parameters(), lr=1.0)
plain.load_state_dict(full)
train(ref, plain, StepLR(plain, 100), 2, X, Y)
train(model, fresh, StepLR(fresh, 100), 2, X[rank::n], Y[rank::n])
for p, q in zip(model.parameters(), ref.parameters()):
    assert float((p - q).abs().max()) < 1e-10
try:
    fresh.state_dict()
    raise AssertionError("state_dict without consolidation")
except RuntimeError as exc:
    assert "consolidate_state_dict" in str(exc)

dist.destroy_process_group()
print(f"OK {rank}", flush=True)
