"""The ``"nccl"`` backend: GPU tensors through NCCL (CuPy's ``cupy.cuda.nccl``, reached
through the GPU backend), queued on the current stream of the tensor's GPU.

MPI starts the processes and carries NCCL's unique id from rank 0 to the others. Each call
queues the NCCL kernel (and any follow-up such as AVG's division) on the stream and returns a
``Work`` whose ``wait()`` polls an event recorded behind it, with the group's timeout. Tensors
must be contiguous and on the communicator's GPU, as with PyTorch's NCCL backend.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import backends
from autograd.distributed.work import ReduceOp, Work
from autograd.graph import increment_version
from autograd.tensor import Tensor

_DTYPES = {"int8": "NCCL_INT8", "uint8": "NCCL_UINT8", "bool": "NCCL_UINT8",
           "int32": "NCCL_INT32", "int64": "NCCL_INT64", "float16": "NCCL_FLOAT16",
           "float32": "NCCL_FLOAT32", "float64": "NCCL_FLOAT64"}
_OPS = {ReduceOp.SUM: "NCCL_SUM", ReduceOp.AVG: "NCCL_SUM", ReduceOp.PRODUCT: "NCCL_PROD",
        ReduceOp.MIN: "NCCL_MIN", ReduceOp.MAX: "NCCL_MAX"}


class NcclComm:
    """One NCCL communicator on one GPU, with the backend of that GPU."""

    def __init__(self, backend: Any, nccl: Any, comm: Any) -> None:
        self.backend = backend
        self.nccl = nccl
        self.comm = comm

    def destroy(self) -> None:
        """Free the communicator."""
        self.comm.destroy()


def communicator(mpi_comm: Any, device_id: Any) -> NcclComm:
    """An NCCL communicator over the ranks of ``mpi_comm``, on ``device_id`` (the current GPU
    if None); the unique id travels over MPI."""
    dev = backends.device(device_id if device_id is not None else
                          f"cuda:{backends.current_cuda_index()}")
    if dev.type != "cuda":
        raise ValueError(f"init_process_group('nccl'): device_id must be a cuda device, got "
                         f"{dev}")
    backend = dev.backend
    nccl = backend.nccl()
    uid = nccl.get_unique_id() if mpi_comm.Get_rank() == 0 else None
    uid = mpi_comm.bcast(uid, root=0)
    with backend.guard():
        comm = nccl.NcclCommunicator(mpi_comm.Get_size(), uid, mpi_comm.Get_rank())
    return NcclComm(backend, nccl, comm)


def _check(pg: Any, what: str, *tensors: Tensor) -> Any:
    nc = pg.nccl
    for t in tensors:
        if t.device != nc.backend.device:
            raise ValueError(f"{what}: NCCL group on {nc.backend.device} got a tensor on "
                             f"{t.device}")
        if not t.is_contiguous():
            raise ValueError(f"{what}: Tensors must be contiguous (shape {tuple(t.shape)})")
        if np.dtype(t.array.dtype).name not in _DTYPES:
            raise TypeError(f"{what}: NCCL has no dtype {t.array.dtype}")
    return nc


def _dtype(nc: NcclComm, a: Any) -> int:
    return getattr(nc.nccl, _DTYPES[np.dtype(a.dtype).name])


def _op(nc: NcclComm, op: ReduceOp, a: Any) -> int:
    if not isinstance(op, ReduceOp):
        raise TypeError(f"op must be a ReduceOp, got {op!r}")
    if a.dtype == np.bool_:
        op = ReduceOp.MAX if op in (ReduceOp.SUM, ReduceOp.AVG, ReduceOp.MAX) else ReduceOp.MIN
    return getattr(nc.nccl, _OPS[op])


def _queued(pg: Any, what: str, nc: NcclComm, keep: Any, async_op: bool,
            tensors: tuple = ()) -> Work | None:
    """A Work that is complete when the GPU has run what was queued so far."""
    for t in tensors:
        increment_version(t)
    event = nc.backend.new_event(disable_timing=True)
    event.record(nc.backend.current_stream())
    work = Work(pg, what, [], None, keep, poll=lambda: event.done)
    if async_op:
        return work
    work.wait()
    return None


def _stream(nc: NcclComm) -> int:
    return nc.backend.current_stream().ptr


def _average(a: Any, n: int) -> None:
    if a.dtype.kind in "fV":
        a /= n
    elif a.dtype.kind in "iu":
        a[...] = (a / n).astype(a.dtype)  # toward zero, as integer division in C


def all_reduce(pg: Any, t: Tensor, op: ReduceOp, async_op: bool) -> Work | None:
    """The NCCL side of ``all_reduce``."""
    nc = _check(pg, "all_reduce", t)
    a = t.array
    with nc.backend.guard():
        nc.comm.allReduce(a.data.ptr, a.data.ptr, a.size, _dtype(nc, a), _op(nc, op, a),
                          _stream(nc))
        if op is ReduceOp.AVG:
            _average(a, pg.size())
    return _queued(pg, "all_reduce", nc, a, async_op, (t,))


def broadcast(pg: Any, t: Tensor, root: int, async_op: bool) -> Work | None:
    """The NCCL side of ``broadcast`` (``root`` a group rank)."""
    nc = _check(pg, "broadcast", t)
    a = t.array
    with nc.backend.guard():
        nc.comm.broadcast(a.data.ptr, a.data.ptr, a.size, _dtype(nc, a), root, _stream(nc))
    return _queued(pg, "broadcast", nc, a, async_op, (t,))


def all_gather_into_tensor(pg: Any, out: Tensor, t: Tensor,
                           async_op: bool) -> Work | None:
    """The NCCL side of ``all_gather_into_tensor``."""
    nc = _check(pg, "all_gather_into_tensor", out, t)
    a, o = t.array, out.array
    with nc.backend.guard():
        nc.comm.allGather(a.data.ptr, o.data.ptr, a.size, _dtype(nc, a), _stream(nc))
    return _queued(pg, "all_gather_into_tensor", nc, (a, o), async_op, (out,))


def all_gather_list(pg: Any, tensor_list: list, t: Tensor,
                    async_op: bool) -> Work | None:
    """The NCCL side of ``all_gather`` into a list of tensors."""
    nc = _check(pg, "all_gather", t, *tensor_list)
    a = t.array
    with nc.backend.guard():
        out = nc.backend.empty((pg.size(),) + a.shape, dtype=a.dtype)
        nc.comm.allGather(a.data.ptr, out.data.ptr, a.size, _dtype(nc, a), _stream(nc))
        for k, dst in enumerate(tensor_list):
            dst.array[...] = out[k]
    return _queued(pg, "all_gather", nc, (a, out), async_op, tuple(tensor_list))


def reduce_scatter_tensor(pg: Any, out: Tensor, t: Tensor, op: ReduceOp,
                          async_op: bool) -> Work | None:
    """The NCCL side of ``reduce_scatter_tensor``."""
    nc = _check(pg, "reduce_scatter_tensor", out, t)
    a, o = t.array, out.array
    with nc.backend.guard():
        nc.comm.reduceScatter(a.data.ptr, o.data.ptr, o.size, _dtype(nc, a), _op(nc, op, a),
                              _stream(nc))
        if op is ReduceOp.AVG:
            _average(o, pg.size())
    return _queued(pg, "reduce_scatter_tensor", nc, (a, o), async_op, (out,))


def reduce(pg: Any, t: Tensor, root: int, op: ReduceOp, async_op: bool) -> Work | None:
    """The NCCL side of ``reduce``."""
    nc = _check(pg, "reduce", t)
    a = t.array
    with nc.backend.guard():
        nc.comm.reduce(a.data.ptr, a.data.ptr, a.size, _dtype(nc, a), _op(nc, op, a), root,
                       _stream(nc))
        if op is ReduceOp.AVG and pg.rank() == root:
            _average(a, pg.size())
    return _queued(pg, "reduce", nc, a, async_op, (t,))


def gather(pg: Any, t: Tensor, gather_list: list | None, root: int,
           async_op: bool) -> Work | None:
    """The NCCL side of ``gather``: an all-gather of which only the root keeps the result."""
    nc = _check(pg, "gather", t)
    a = t.array
    with nc.backend.guard():
        out = nc.backend.empty((pg.size(),) + a.shape, dtype=a.dtype)
        nc.comm.allGather(a.data.ptr, out.data.ptr, a.size, _dtype(nc, a), _stream(nc))
        for k, dst in enumerate(gather_list or ()):
            dst.array[...] = out[k]
    return _queued(pg, "gather", nc, (a, out), async_op, tuple(gather_list or ()))


def scatter(pg: Any, t: Tensor, scatter_list: list | None, root: int,
            async_op: bool) -> Work | None:
    """The NCCL side of ``scatter``: the root broadcasts the stacked pieces."""
    nc = _check(pg, "scatter", t)
    a = t.array
    with nc.backend.guard():
        if scatter_list:
            packed = nc.backend.stack([s.array for s in scatter_list]).astype(a.dtype)
        else:
            packed = nc.backend.empty((pg.size(),) + a.shape, dtype=a.dtype)
        nc.comm.broadcast(packed.data.ptr, packed.data.ptr, packed.size, _dtype(nc, a), root,
                          _stream(nc))
        a[...] = packed[pg.rank()]
    return _queued(pg, "scatter", nc, (a, packed), async_op, (t,))


def send(pg: Any, t: Tensor, peer: int) -> Work | None:
    """The NCCL side of ``isend``."""
    nc = _check(pg, "send", t)
    a = t.array
    with nc.backend.guard():
        nc.comm.send(a.data.ptr, a.size, _dtype(nc, a), peer, _stream(nc))
    return _queued(pg, "send", nc, a, True)


def recv(pg: Any, t: Tensor, peer: int) -> Work | None:
    """The NCCL side of ``irecv`` (from one given rank: NCCL has no any-source receive)."""
    nc = _check(pg, "recv", t)
    if peer < 0:
        raise ValueError("recv: the NCCL backend needs src (it cannot receive from any rank)")
    a = t.array
    with nc.backend.guard():
        nc.comm.recv(a.data.ptr, a.size, _dtype(nc, a), peer, _stream(nc))
    work = _queued(pg, "recv", nc, a, True, (t,))
    work.source_rank = pg.ranks[peer]
    return work
