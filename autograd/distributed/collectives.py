"""The collectives on tensors (``torch.distributed.all_reduce`` and the rest).

On the ``"mpi"`` backend a contiguous CPU tensor goes to MPI as its own NumPy buffer (no copy:
results are written straight into it); a non-contiguous or GPU tensor is staged through a
contiguous host copy and written back. Every operation starts non-blocking (``Iallreduce``,
``Ibcast``, ...) and is waited for by polling with the group's timeout, so ``async_op=True``
only changes who waits: the caller, through the returned ``Work``. Results land in the
tensors when the work is waited for. Tensors on the ``"nccl"`` backend go to
``autograd.distributed.nccl``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograd.distributed.group import ProcessGroup, debug_check, load_mpi, resolve
from autograd.distributed.work import ReduceOp, Work
from autograd.graph import increment_version
from autograd.tensor import Tensor

__all__ = [
    "all_gather", "all_gather_into_tensor", "all_reduce", "barrier", "broadcast", "gather",
    "irecv", "isend", "recv", "reduce", "reduce_scatter_tensor", "scatter", "send",
]


def _check_tensor(what: str, t: Any) -> None:
    if not isinstance(t, Tensor):
        raise TypeError(f"{what}: expected a Tensor, got {type(t).__name__}")


class _Staged:
    """A tensor as a contiguous host buffer for MPI: the tensor's own memory when it is a
    contiguous CPU array, else a copy that ``write_back`` copies into the tensor."""

    def __init__(self, t: Tensor, dtype: Any = None) -> None:
        self.t = t
        a = t.array
        self.direct = isinstance(a, np.ndarray) and a.flags.c_contiguous and (
            dtype is None or a.dtype == dtype)
        if self.direct:
            self.buf = a
        else:
            host = a if isinstance(a, np.ndarray) else t.device.backend.to_numpy(a)
            self.buf = np.ascontiguousarray(host, dtype=dtype)

    def write_back(self) -> None:
        if not self.direct:
            a = self.t.array
            if isinstance(a, np.ndarray):
                a[...] = self.buf
            else:
                a[...] = self.t.device.backend.from_numpy(self.buf.astype(a.dtype, copy=False))
        increment_version(self.t)


def _mpi_op(MPI: Any, op: Any, dtype: np.dtype) -> Any:
    if not isinstance(op, ReduceOp):
        raise TypeError(f"op must be a ReduceOp, got {op!r}")
    if dtype == np.bool_:  # MPI reduces C bools only logically
        return MPI.LOR if op in (ReduceOp.SUM, ReduceOp.MAX, ReduceOp.AVG) else MPI.LAND
    return {ReduceOp.SUM: MPI.SUM, ReduceOp.AVG: MPI.SUM, ReduceOp.PRODUCT: MPI.PROD,
            ReduceOp.MIN: MPI.MIN, ReduceOp.MAX: MPI.MAX}[op]


def _average(buf: np.ndarray, n: int) -> None:
    if buf.dtype.kind in "fV":
        buf /= n
    elif buf.dtype.kind in "iu":
        buf[...] = np.trunc(buf / n).astype(buf.dtype)


def _run(pg: ProcessGroup, what: str, requests: list, finish: Callable | None, keep: Any,
         async_op: bool) -> Work | None:
    work = Work(pg, what, requests, finish, keep)
    if async_op:
        return work
    work.wait()
    return None


def _nccl(pg: ProcessGroup) -> Any:
    from autograd.distributed import nccl

    return nccl


def all_reduce(tensor: Tensor, op: ReduceOp = ReduceOp.SUM, group: Any = None,
               async_op: bool = False) -> Work | None:
    """Reduce ``tensor`` over all ranks of ``group``, in place on every rank."""
    _check_tensor("all_reduce", tensor)
    pg = resolve(group)
    if pg is None:
        return None
    debug_check(pg, "all_reduce", tensor.array)
    if pg.nccl is not None:
        return _nccl(pg).all_reduce(pg, tensor, op, async_op)
    MPI = load_mpi()
    s = _Staged(tensor)
    mop = _mpi_op(MPI, op, s.buf.dtype)
    req = pg.comm.Iallreduce(MPI.IN_PLACE, s.buf, mop)

    def finish() -> None:
        if op is ReduceOp.AVG:
            _average(s.buf, pg.size())
        s.write_back()

    return _run(pg, "all_reduce", [req], finish, s, async_op)


def broadcast(tensor: Tensor, src: int = 0, group: Any = None, async_op: bool = False,
              group_src: int | None = None) -> Work | None:
    """Copy ``tensor`` of global rank ``src`` into ``tensor`` on every rank."""
    _check_tensor("broadcast", tensor)
    pg = resolve(group)
    if pg is None:
        return None
    root = group_src if group_src is not None else pg.group_rank(src, "broadcast")
    debug_check(pg, "broadcast", tensor.array)
    if pg.nccl is not None:
        return _nccl(pg).broadcast(pg, tensor, root, async_op)
    s = _Staged(tensor)
    req = pg.comm.Ibcast(s.buf, root=root)
    return _run(pg, "broadcast", [req], s.write_back if pg.rank() != root else None, s,
                async_op)


def all_gather(tensor_list: list, tensor: Tensor, group: Any = None,
               async_op: bool = False) -> Work | None:
    """Fill ``tensor_list[k]`` with ``tensor`` of group rank ``k``, on every rank."""
    _check_tensor("all_gather", tensor)
    pg = resolve(group)
    if pg is None:
        return None
    if len(tensor_list) != pg.size():
        raise ValueError(f"all_gather: tensor_list has {len(tensor_list)} tensors but the "
                         f"group has {pg.size()} ranks")
    for k, t in enumerate(tensor_list):
        _check_tensor("all_gather", t)
        if t.shape != tensor.shape:
            raise ValueError(f"all_gather: tensor_list[{k}] has shape {tuple(t.shape)} but "
                             f"the input has shape {tuple(tensor.shape)}")
    debug_check(pg, "all_gather", tensor.array)
    if pg.nccl is not None:
        return _nccl(pg).all_gather_list(pg, tensor_list, tensor, async_op)
    s = _Staged(tensor)
    out = np.empty((pg.size(),) + s.buf.shape, dtype=s.buf.dtype)
    req = pg.comm.Iallgather(s.buf, out)

    def finish() -> None:
        for k, t in enumerate(tensor_list):
            _write_into(t, out[k])

    return _run(pg, "all_gather", [req], finish, (s, out), async_op)


def _write_into(t: Tensor, values: np.ndarray) -> None:
    a = t.array
    if isinstance(a, np.ndarray):
        a[...] = values
    else:
        a[...] = t.device.backend.from_numpy(np.ascontiguousarray(values, dtype=a.dtype))
    increment_version(t)


def all_gather_into_tensor(output_tensor: Tensor, input_tensor: Tensor, group: Any = None,
                           async_op: bool = False) -> Work | None:
    """Concatenate every rank's ``input_tensor`` along dimension 0 (or stack them, when
    ``output_tensor`` has the shape ``(world_size, *input.shape)``) into ``output_tensor``."""
    _check_tensor("all_gather_into_tensor", output_tensor)
    _check_tensor("all_gather_into_tensor", input_tensor)
    pg = resolve(group)
    if pg is None:
        return None
    if output_tensor.numel() != pg.size() * input_tensor.numel():
        raise ValueError(
            f"all_gather_into_tensor: output of shape {tuple(output_tensor.shape)} must hold "
            f"{pg.size()} x input of shape {tuple(input_tensor.shape)}")
    debug_check(pg, "all_gather_into_tensor", input_tensor.array)
    if pg.nccl is not None:
        return _nccl(pg).all_gather_into_tensor(pg, output_tensor, input_tensor, async_op)
    s_in = _Staged(input_tensor)
    s_out = _Staged(output_tensor)
    req = pg.comm.Iallgather(s_in.buf, s_out.buf)
    return _run(pg, "all_gather_into_tensor", [req], s_out.write_back, (s_in, s_out),
                async_op)


def reduce_scatter_tensor(output: Tensor, input: Tensor, op: ReduceOp = ReduceOp.SUM,
                          group: Any = None, async_op: bool = False) -> Work | None:
    """Reduce ``input`` over the ranks and give rank ``k`` the ``k``-th of ``world_size``
    equal chunks (along dimension 0) of the result, in ``output``."""
    _check_tensor("reduce_scatter_tensor", output)
    _check_tensor("reduce_scatter_tensor", input)
    pg = resolve(group)
    if pg is None:
        return None
    if input.numel() != pg.size() * output.numel():
        raise ValueError(
            f"reduce_scatter_tensor: input of shape {tuple(input.shape)} must hold "
            f"{pg.size()} x output of shape {tuple(output.shape)}")
    debug_check(pg, "reduce_scatter_tensor", input.array)
    if pg.nccl is not None:
        return _nccl(pg).reduce_scatter_tensor(pg, output, input, op, async_op)
    MPI = load_mpi()
    s_in = _Staged(input)
    s_out = _Staged(output, dtype=s_in.buf.dtype)
    req = pg.comm.Ireduce_scatter_block(s_in.buf, s_out.buf, _mpi_op(MPI, op, s_in.buf.dtype))

    def finish() -> None:
        if op is ReduceOp.AVG:
            _average(s_out.buf, pg.size())
        s_out.write_back()

    return _run(pg, "reduce_scatter_tensor", [req], finish, (s_in, s_out), async_op)


def reduce(tensor: Tensor, dst: int = 0, op: ReduceOp = ReduceOp.SUM, group: Any = None,
           async_op: bool = False, group_dst: int | None = None) -> Work | None:
    """Reduce ``tensor`` over the ranks into ``tensor`` of global rank ``dst`` (the others'
    are left as they were)."""
    _check_tensor("reduce", tensor)
    pg = resolve(group)
    if pg is None:
        return None
    root = group_dst if group_dst is not None else pg.group_rank(dst, "reduce")
    debug_check(pg, "reduce", tensor.array)
    if pg.nccl is not None:
        return _nccl(pg).reduce(pg, tensor, root, op, async_op)
    MPI = load_mpi()
    s = _Staged(tensor)
    mop = _mpi_op(MPI, op, s.buf.dtype)
    if pg.rank() == root:
        req = pg.comm.Ireduce(MPI.IN_PLACE, s.buf, mop, root=root)

        def finish() -> None:
            if op is ReduceOp.AVG:
                _average(s.buf, pg.size())
            s.write_back()
    else:
        req = pg.comm.Ireduce(s.buf, None, mop, root=root)
        finish = None
    return _run(pg, "reduce", [req], finish, s, async_op)


def _root_with_list(pg: Any, op: str, rank: int, group_rank: int | None, tensors: Any,
                    name: str, role: str) -> tuple[int, bool]:
    """The root's rank in ``pg`` and whether it is this one; one tensor per rank in ``tensors``
    there, none elsewhere (PyTorch's checks and messages)."""
    root = group_rank if group_rank is not None else pg.group_rank(rank, op)
    here = pg.rank() == root
    if here and (tensors is None or len(tensors) != pg.size()):
        raise ValueError(f"{op}: the {role} rank needs a {name} of {pg.size()} tensors")
    if not here and tensors:
        raise ValueError(f"Argument ``{name}`` must NOT be specified on non-{role} ranks.")
    return root, here


def gather(tensor: Tensor, gather_list: list | None = None, dst: int = 0, group: Any = None,
           async_op: bool = False, group_dst: int | None = None) -> Work | None:
    """Collect every rank's ``tensor`` into ``gather_list`` on global rank ``dst`` (only
    there may ``gather_list`` be given)."""
    _check_tensor("gather", tensor)
    pg = resolve(group)
    if pg is None:
        return None
    root, here = _root_with_list(pg, "gather", dst, group_dst, gather_list, "gather_list",
                                 "destination")
    debug_check(pg, "gather", tensor.array)
    if pg.nccl is not None:
        return _nccl(pg).gather(pg, tensor, gather_list, root, async_op)
    s = _Staged(tensor)
    out = np.empty((pg.size(),) + s.buf.shape, dtype=s.buf.dtype) if here else None
    req = pg.comm.Igather(s.buf, out, root=root)

    def finish() -> None:
        for k, t in enumerate(gather_list):
            _write_into(t, out[k])

    return _run(pg, "gather", [req], finish if here else None, (s, out), async_op)


def scatter(tensor: Tensor, scatter_list: list | None = None, src: int = 0, group: Any = None,
            async_op: bool = False, group_src: int | None = None) -> Work | None:
    """Give each rank ``k`` the tensor ``scatter_list[k]`` of global rank ``src``, in
    ``tensor``."""
    _check_tensor("scatter", tensor)
    pg = resolve(group)
    if pg is None:
        return None
    root, here = _root_with_list(pg, "scatter", src, group_src, scatter_list, "scatter_list",
                                 "source")
    debug_check(pg, "scatter", tensor.array)
    if pg.nccl is not None:
        return _nccl(pg).scatter(pg, tensor, scatter_list, root, async_op)
    s = _Staged(tensor)
    packed = np.stack([_Staged(t, s.buf.dtype).buf for t in scatter_list]) if here else None
    req = pg.comm.Iscatter(packed, s.buf, root=root)
    return _run(pg, "scatter", [req], s.write_back, (s, packed), async_op)


def isend(tensor: Tensor, dst: int, group: Any = None, tag: int = 0) -> Work | None:
    """Start sending ``tensor`` to global rank ``dst``; the work handle."""
    _check_tensor("isend", tensor)
    pg = resolve(group)
    if pg is None:
        return None
    peer = pg.group_rank(dst, "isend")
    if pg.nccl is not None:
        return _nccl(pg).send(pg, tensor, peer)
    s = _Staged(tensor)
    return Work(pg, "send", [pg.comm.Isend(s.buf, dest=peer, tag=tag)], None, s)


def irecv(tensor: Tensor, src: int | None = None, group: Any = None,
          tag: int = 0) -> Work | None:
    """Start receiving into ``tensor`` from global rank ``src`` (any rank if None)."""
    _check_tensor("irecv", tensor)
    pg = resolve(group)
    if pg is None:
        return None
    MPI = load_mpi()
    peer = MPI.ANY_SOURCE if src is None else pg.group_rank(src, "irecv")
    if pg.nccl is not None:
        return _nccl(pg).recv(pg, tensor, peer)
    s = _Staged(tensor)
    return Work(pg, "recv", [pg.comm.Irecv(s.buf, source=peer, tag=tag)], s.write_back, s)


def send(tensor: Tensor, dst: int, group: Any = None, tag: int = 0) -> None:
    """Send ``tensor`` to global rank ``dst`` (blocks until it may be reused)."""
    work = isend(tensor, dst, group, tag)
    if work is not None:
        work.wait()


def recv(tensor: Tensor, src: int | None = None, group: Any = None, tag: int = 0) -> int:
    """Receive into ``tensor`` from global rank ``src`` (any if None); the sender's rank."""
    work = irecv(tensor, src, group, tag)
    if work is None:
        return -1
    work.wait()
    return work.source_rank if work.source_rank is not None else src


def barrier(group: Any = None, async_op: bool = False,
            device_ids: list | None = None) -> Work | None:
    """Wait until every rank of ``group`` has reached this call."""
    pg = resolve(group)
    if pg is None:
        return None
    debug_check(pg, "barrier", None)
    return _run(pg, "barrier", [pg.comm.Ibarrier()], None, None, async_op)
