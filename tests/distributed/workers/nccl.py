"""The "nccl" backend on GPU tensors (one GPU per rank: rank k on cuda:k): every collective
against NumPy, then DDP training against one process on the whole batch."""

from __future__ import annotations

import numpy as np

import autograd as ag
import autograd.distributed as dist
import nn
from nn.parallel import DistributedDataParallel as DDP

rank_hint = int(__import__("os").environ.get("PMI_RANK", "0"))
ag.cuda.set_device(rank_hint % ag.cuda.device_count())
dist.init_process_group("nccl")
rank, n = dist.get_rank(), dist.get_world_size()
assert dist.get_backend() == "nccl"
dev = f"cuda:{rank % ag.cuda.device_count()}"
Op = dist.ReduceOp


def data(r: int, dtype: str, shape=(3, 4)) -> np.ndarray:
    return np.random.default_rng(100 * r).uniform(0.5, 1.5, shape).astype(dtype)


for dtype in ("float32", "float64"):
    mine = [data(r, dtype) for r in range(n)]
    stack = np.stack(mine).astype(np.float64)
    want = {Op.SUM: stack.sum(0), Op.AVG: stack.mean(0), Op.PRODUCT: stack.prod(0),
            Op.MIN: stack.min(0), Op.MAX: stack.max(0)}
    for op, w in want.items():
        t = ag.tensor(mine[rank], device=dev)
        dist.all_reduce(t, op=op, async_op=True).wait()
        np.testing.assert_allclose(t.cpu().numpy(), w, rtol=1e-6, err_msg=f"{op} {dtype}")
    t = ag.tensor(mine[rank], device=dev)
    dist.broadcast(t, src=n - 1)
    np.testing.assert_allclose(t.cpu().numpy(), mine[n - 1])
    out = ag.zeros(3 * n, 4, dtype=t.dtype, device=dev)
    dist.all_gather_into_tensor(out, ag.tensor(mine[rank], device=dev))
    np.testing.assert_allclose(out.cpu().numpy(), np.concatenate(mine))
    lst = [ag.zeros(3, 4, dtype=t.dtype, device=dev) for _ in range(n)]
    dist.all_gather(lst, ag.tensor(mine[rank], device=dev))
    for r in range(n):
        np.testing.assert_allclose(lst[r].cpu().numpy(), mine[r])
    big = [data(r, dtype, (2 * n, 3)) for r in range(n)]
    small = ag.zeros(2, 3, dtype=t.dtype, device=dev)
    dist.reduce_scatter_tensor(small, ag.tensor(big[rank], device=dev))
    np.testing.assert_allclose(small.cpu().numpy(),
                               np.sum(big, 0)[2 * rank:2 * rank + 2], rtol=1e-6)
    t = ag.zeros(3, 4, dtype=t.dtype, device=dev)
    dist.scatter(t, [ag.tensor(m, device=dev) for m in mine] if rank == 0 else None, src=0)
    np.testing.assert_allclose(t.cpu().numpy(), mine[rank])

ag.set_default_dtype(ag.float64)
X = ag.tensor(np.random.default_rng(0).normal(size=(8 * n, 5)), device=dev)
Y = ag.tensor(np.random.default_rng(1).integers(0, 3, 8 * n), device=dev)
loss_fn = nn.CrossEntropyLoss()


def build():
    ag.manual_seed(0)
    return nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 3)).to(dev)


ref, model = build(), DDP(build(), bucket_cap_mb=1e-4)
opts = nn.optim.SGD(ref.parameters(), lr=0.1, momentum=0.9), nn.optim.SGD(
    model.parameters(), lr=0.1, momentum=0.9)
for _ in range(3):
    for m, opt, x, y in ((ref, opts[0], X, Y), (model, opts[1], X[rank::n], Y[rank::n])):
        opt.zero_grad()
        loss_fn(m(x), y).backward()
        opt.step()
for p, q in zip(model.parameters(), ref.parameters()):
    assert float((p - q).abs().max()) < 1e-10
dist.destroy_process_group()
print(f"OK {rank}", flush=True)
