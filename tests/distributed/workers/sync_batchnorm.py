"""SyncBatchNorm on shards of a global batch against BatchNorm on the whole batch in one
process (float64): outputs, input and parameter gradients, running statistics, over two
training steps; eval mode uses the running statistics; convert_sync_batchnorm keeps them."""

from __future__ import annotations

import numpy as np

import autograd as ag
import autograd.distributed as dist
import nn

dist.init_process_group("mpi")
rank, n = dist.get_rank(), dist.get_world_size()
ag.set_default_dtype(ag.float64)
g = np.random.default_rng(0)
B = 3 * n
X = g.normal(size=(B, 4, 5)) * 2 + 1
W = g.normal(size=(B, 4, 5))  # weights of the loss, so its gradient is not uniform
shard = slice(3 * rank, 3 * rank + 3)

full = nn.BatchNorm1d(4)
sync = nn.SyncBatchNorm.convert_sync_batchnorm(nn.Sequential(nn.BatchNorm1d(4)))[0]
assert type(sync) is nn.SyncBatchNorm
with ag.no_grad():
    for m in (full, sync):
        m.weight.copy_(ag.from_numpy(np.linspace(0.5, 2.0, 4)))
        m.bias.copy_(ag.from_numpy(np.linspace(-1.0, 1.0, 4)))

for step in range(2):
    xf = ag.from_numpy(X + step).requires_grad_()
    xs = ag.from_numpy((X + step)[shard].copy()).requires_grad_()
    yf, ys = full(xf), sync(xs)
    np.testing.assert_allclose(ys.detach().numpy(), yf.detach().numpy()[shard], rtol=1e-10,
                               atol=1e-12)
    (yf * ag.from_numpy(W)).sum().backward()
    (ys * ag.from_numpy(W[shard].copy())).sum().backward()
    np.testing.assert_allclose(xs.grad.numpy(), xf.grad.numpy()[shard], rtol=1e-9, atol=1e-12)
    # each rank's parameter gradient is its shard's part; their sum is the full one
    for p_full, p_sync in ((full.weight, sync.weight), (full.bias, sync.bias)):
        total = p_sync.grad.detach().clone()
        dist.all_reduce(total)
        np.testing.assert_allclose(total.numpy(), p_full.grad.numpy(), rtol=1e-9, atol=1e-12)
        p_full.grad = None
        p_sync.grad = None
    np.testing.assert_allclose(sync.running_mean.numpy(), full.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(sync.running_var.numpy(), full.running_var.numpy(), rtol=1e-12)
    assert int(sync.num_batches_tracked) == step + 1

full.eval()
sync.eval()
x = ag.from_numpy(X[shard].copy())
np.testing.assert_allclose(sync(x).detach().numpy(), full(x).detach().numpy(), rtol=1e-12)
print(f"OK {rank}", flush=True)
dist.destroy_process_group()
