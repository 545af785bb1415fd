"""Every collective against NumPy on random data, for every ReduceOp and dtype; subgroups,
async handles, point-to-point, non-contiguous tensors and the sampler's partitions.

Each rank draws the data of every rank from the same seeds, so it knows the expected result."""

from __future__ import annotations

import numpy as np

import autograd as ag
import autograd.distributed as dist
from nn.data import DistributedSampler

dist.init_process_group("mpi")
rank, n = dist.get_rank(), dist.get_world_size()
assert dist.is_initialized() and dist.get_backend() == "mpi"
Op = dist.ReduceOp
DTYPES = ["float16", "float32", "float64", "int8", "uint8", "int32", "int64", "bool"]
TOL = {"float16": 2e-3, "float32": 1e-6, "float64": 1e-13}


def data(r: int, dtype: str, shape=(3, 4), salt: int = 0) -> np.ndarray:
    g = np.random.default_rng(1000 * r + 7 * DTYPES.index(dtype) + salt)
    if dtype == "bool":
        return g.random(shape) < 0.5
    if dtype.startswith("float"):
        return g.uniform(0.5, 1.5, shape).astype(dtype)
    low = 0 if dtype == "uint8" else -3
    return g.integers(low, 4, shape).astype(dtype)


def expected(op, arrays: list, dtype: str) -> np.ndarray:
    stack = np.stack(arrays)
    if dtype == "bool":
        return stack.any(0) if op in (Op.SUM, Op.MAX) else stack.all(0)
    wide = stack.astype(np.float64) if dtype.startswith("float") else stack
    out = {Op.SUM: lambda: wide.sum(0, dtype=wide.dtype), Op.AVG: lambda: wide.sum(0) / n,
           Op.PRODUCT: lambda: wide.prod(0, dtype=wide.dtype), Op.MIN: lambda: wide.min(0),
           Op.MAX: lambda: wide.max(0)}[op]()
    if op is Op.AVG and dtype[0] in "iu":
        out = np.trunc(out)
    return out.astype(dtype)


def check(got, want: np.ndarray, what: str) -> None:
    got = got.numpy() if isinstance(got, ag.Tensor) else got
    assert got.dtype == want.dtype, f"{what}: dtype {got.dtype} != {want.dtype}"
    dt = want.dtype.name
    if dt in TOL:
        np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64),
                                   rtol=TOL[dt], err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


def ops_for(dtype: str) -> list:
    return [Op.SUM, Op.PRODUCT, Op.MIN, Op.MAX] + ([] if dtype == "bool" else [Op.AVG])


for dtype in DTYPES:
    mine = [data(r, dtype) for r in range(n)]
    for op in ops_for(dtype):
        want = expected(op, mine, dtype)
        t = ag.from_numpy(mine[rank].copy())
        dist.all_reduce(t, op=op)
        check(t, want, f"all_reduce {op} {dtype}")
        t = ag.from_numpy(mine[rank].copy())
        work = dist.all_reduce(t, op=op, async_op=True)
        work.wait()
        assert work.is_completed()
        check(t, want, f"all_reduce async {op} {dtype}")
        t = ag.from_numpy(mine[rank].copy())
        dist.reduce(t, dst=n - 1, op=op)
        check(t, want if rank == n - 1 else mine[rank], f"reduce {op} {dtype}")
        big = [data(r, dtype, (2 * n, 3), salt=1) for r in range(n)]
        out = ag.from_numpy(np.zeros((2, 3), dtype=dtype))
        dist.reduce_scatter_tensor(out, ag.from_numpy(big[rank].copy()), op=op)
        check(out, expected(op, big, dtype)[2 * rank:2 * rank + 2], f"reduce_scatter {op}")
    # a non-contiguous tensor (a transposed view) is staged and written back
    base = ag.from_numpy(mine[rank].copy())
    dist.all_reduce(base.t(), op=Op.MAX)
    check(base, expected(Op.MAX, mine, dtype), f"all_reduce of a view {dtype}")

    t = ag.from_numpy(mine[rank].copy())
    dist.broadcast(t, src=n - 1)
    check(t, mine[n - 1], f"broadcast {dtype}")
    outs = [ag.from_numpy(np.zeros((3, 4), dtype=dtype)) for _ in range(n)]
    dist.all_gather(outs, ag.from_numpy(mine[rank]))
    for r in range(n):
        check(outs[r], mine[r], f"all_gather {dtype}")
    flat = ag.from_numpy(np.zeros((3 * n, 4), dtype=dtype))
    dist.all_gather_into_tensor(flat, ag.from_numpy(mine[rank]))
    check(flat, np.concatenate(mine), f"all_gather_into_tensor {dtype}")
    got = [ag.from_numpy(np.zeros((3, 4), dtype=dtype)) for _ in range(n)] if rank == 0 else None
    dist.gather(ag.from_numpy(mine[rank]), got, dst=0)
    if rank == 0:
        for r in range(n):
            check(got[r], mine[r], f"gather {dtype}")
    t = ag.from_numpy(np.zeros((3, 4), dtype=dtype))
    dist.scatter(t, [ag.from_numpy(m) for m in mine] if rank == 1 else None, src=1)
    check(t, mine[rank], f"scatter {dtype}")

# point to point around a ring, blocking and not; recv from any rank reports the sender
right, left = (rank + 1) % n, (rank - 1) % n
t = ag.full((5,), float(rank), dtype=ag.float64)
got = ag.zeros(5, dtype=ag.float64)
sends = dist.isend(t, right)
receive = dist.irecv(got, left)
sends.wait()
receive.wait()
check(got, np.full(5, float(left)), "isend/irecv")
if rank == 0:
    sources = sorted(dist.recv(got) for _ in range(n - 1))
    assert sources == list(range(1, n)), sources
else:
    dist.send(ag.full((5,), float(rank), dtype=ag.float64), 0)

# a subgroup of the first and last rank; src/dst are global ranks
sub = dist.new_group([0, n - 1])
if rank in (0, n - 1):
    assert dist.get_world_size(sub) == 2 and dist.get_rank(sub) == (rank > 0)
    t = ag.tensor([float(rank + 1)], dtype=ag.float64)
    dist.all_reduce(t, group=sub)
    check(t, np.array([float(n + 1)]), "subgroup all_reduce")
    t = ag.tensor([float(rank)], dtype=ag.float64)
    dist.broadcast(t, src=n - 1, group=sub)
    check(t, np.array([float(n - 1)]), "subgroup broadcast")
else:
    assert sub is dist.GroupMember.NON_GROUP_MEMBER and dist.get_rank(sub) == -1
    assert dist.all_reduce(ag.zeros(1), group=sub) is None
dist.barrier()
dist.barrier(async_op=True).wait()

# DistributedSampler: the ranks' shares are disjoint (but for padding) and cover the data
for size, drop_last, shuffle in [(10, False, True), (11, False, True), (11, True, True),
                                 (3, False, False), (2 * n + 1, True, False)]:
    sampler = DistributedSampler(range(size), shuffle=shuffle, seed=5, drop_last=drop_last)
    sampler.set_epoch(3)
    mine_idx = ag.tensor(list(sampler), dtype=ag.int64)
    every = [ag.zeros(len(sampler), dtype=ag.int64) for _ in range(n)]
    dist.all_gather(every, mine_idx)
    flat_idx = np.concatenate([e.numpy() for e in every])
    assert len(flat_idx) == sampler.total_size
    if drop_last:
        assert len(set(flat_idx.tolist())) == len(flat_idx) == size - size % n
    else:
        assert set(flat_idx.tolist()) == set(range(size))
        assert len(flat_idx) - len(set(flat_idx.tolist())) == sampler.total_size - size

dist.destroy_process_group()
assert not dist.is_initialized()
print(f"OK {rank}", flush=True)
