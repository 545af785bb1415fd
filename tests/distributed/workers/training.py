"""K steps of DistributedDataParallel on shards of a global batch against one process that
trains a copy of the model on the whole batch (float64, parameters equal to 1e-10): SGD with
momentum and Adam, with and without no_sync accumulation, several buckets or one, BatchNorm
buffers broadcast from rank 0; unused parameters; state_dict keys."""

from __future__ import annotations

import numpy as np

import autograd as ag
import autograd.distributed as dist
import nn
from nn.parallel import DistributedDataParallel as DDP

dist.init_process_group("mpi")
rank, n = dist.get_rank(), dist.get_world_size()
ag.set_default_dtype(ag.float64)
B, STEPS = 8 * n, 4
g = np.random.default_rng(0)
X = ag.from_numpy(g.normal(size=(B, 5)))
Y = ag.from_numpy(g.integers(0, 3, B))
loss_fn = nn.CrossEntropyLoss()


def build(seed: int, batchnorm: bool) -> nn.Module:
    ag.manual_seed(seed)
    layers = [nn.Linear(5, 16), nn.BatchNorm1d(16)] if batchnorm else [nn.Linear(5, 16)]
    return nn.Sequential(*layers, nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 3))


def optimizer(kind: str, params) -> nn.optim.Optimizer:
    if kind == "sgd":
        return nn.optim.SGD(params, lr=0.1, momentum=0.9)
    return nn.optim.Adam(params, lr=0.01)


def reference(kind: str, batchnorm: bool) -> nn.Module:
    """One process, the whole batch. With BatchNorm each shard is normalised by its own
    statistics (as each rank does) and the running statistics are rank 0's."""
    model = build(0, batchnorm)
    opt = optimizer(kind, model.parameters())
    for _ in range(STEPS):
        opt.zero_grad()
        if batchnorm:
            losses = []
            for r in range(n):
                losses.append(loss_fn(model(X[r::n]), Y[r::n]))
                if r == 0:
                    kept = [b.clone() for b in model.buffers()]
            with ag.no_grad():
                for b, k in zip(model.buffers(), kept):
                    b.copy_(k)
            loss = sum(losses) / n
        else:
            loss = loss_fn(model(X), Y)
        loss.backward()
        opt.step()
    return model


def distributed(kind: str, batchnorm: bool, accumulate: bool, cap: float | None,
                as_view: bool) -> DDP:
    model = DDP(build(0 if rank == 0 else 100 + rank, batchnorm), bucket_cap_mb=cap,
                gradient_as_bucket_view=as_view)
    opt = optimizer(kind, model.parameters())
    x, y = X[rank::n], Y[rank::n]
    for _ in range(STEPS):
        opt.zero_grad()
        if accumulate:  # two micro-batches, the first without communication
            with model.no_sync():
                (loss_fn(model(x[0::2]), y[0::2]) / 2).backward()
            (loss_fn(model(x[1::2]), y[1::2]) / 2).backward()
        else:
            loss_fn(model(x), y).backward()
        opt.step()
    return model


ran = 0
for kind in ("sgd", "adam"):
    for batchnorm, accumulate, cap, as_view in [(False, False, None, False),
                                                (False, True, 1e-4, True),
                                                (True, False, 1e-3, False)]:
        ref = reference(kind, batchnorm)
        model = distributed(kind, batchnorm, accumulate, cap, as_view)
        assert (len(model._buckets) == 1) == (cap is None), len(model._buckets)
        for (name, p), q in zip(model.named_parameters(), ref.parameters()):
            assert name.startswith("module."), name
            err = float((p - q).abs().max())
            assert err < 1e-10, f"{kind} bn={batchnorm} acc={accumulate} {name}: {err}"
        if rank == 0:
            for (name, b), c in zip(model.named_buffers(), ref.buffers()):
                assert float((b.double() - c.double()).abs().max()) < 1e-10, name
        ran += 1
assert ran == 6
assert list(model.state_dict())[0].startswith("module.0.")

# a parameter the forward does not use: found with find_unused_parameters, else an error
ag.manual_seed(0)
net = nn.ModuleDict({"used": nn.Linear(5, 3), "unused": nn.Linear(5, 3)})


class Partial(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net["used"](x)


model = DDP(Partial(), find_unused_parameters=True)
for _ in range(2):
    model.zero_grad()
    loss_fn(model(X[rank::n]), Y[rank::n]).backward()
    assert model.module.net["unused"].weight.grad is None
    assert model.module.net["used"].weight.grad is not None
model = DDP(Partial())
loss_fn(model(X[rank::n]), Y[rank::n]).backward()
try:
    model(X)
    raise AssertionError("no error for an unfinished reduction")
except RuntimeError as exc:
    assert "Expected to have finished reduction" in str(exc) and "unused.weight" in str(exc)

dist.destroy_process_group()
print(f"OK {rank}", flush=True)
