"""Communication between processes for data-parallel training (``torch.distributed``).

Start the processes with MPI (``mpiexec -n 4 python train.py``), then::

    import autograd.distributed as dist
    dist.init_process_group("mpi")          # "nccl" for GPU tensors through NCCL
    dist.all_reduce(t, op=dist.ReduceOp.SUM)

Collectives take ``async_op=True`` for a ``Work`` handle, ``group=`` for a subgroup made by
``new_group``. A failure never leaves the job hanging: an exception that escapes on one rank
aborts every rank, a collective that does not finish within the group's ``timeout`` raises
``DistBackendError``, and with ``AUTOGRAD_DISTRIBUTED_DEBUG=1`` ranks that call different
collectives or pass different shapes raise, naming each rank's.
"""

from __future__ import annotations

from autograd.distributed.collectives import (
    all_gather,
    all_gather_into_tensor,
    all_reduce,
    barrier,
    broadcast,
    gather,
    irecv,
    isend,
    recv,
    reduce,
    reduce_scatter_tensor,
    scatter,
    send,
)
from autograd.distributed.group import (
    Backend,
    GroupMember,
    ProcessGroup,
    destroy_process_group,
    get_backend,
    get_global_rank,
    get_rank,
    get_world_size,
    group,
    init_process_group,
    is_available,
    is_initialized,
    is_mpi_available,
    is_nccl_available,
    new_group,
)
from autograd.distributed.objects import all_gather_object, broadcast_object_list, gather_object
from autograd.distributed.work import DistBackendError, ReduceOp, Work

__all__ = [
    "Backend", "DistBackendError", "GroupMember", "ProcessGroup", "ReduceOp", "Work",
    "all_gather", "all_gather_into_tensor", "all_gather_object", "all_reduce", "barrier",
    "broadcast", "broadcast_object_list", "destroy_process_group", "gather", "gather_object",
    "get_backend", "get_global_rank", "get_rank", "get_world_size", "group",
    "init_process_group", "irecv", "is_available", "is_initialized", "is_mpi_available",
    "is_nccl_available", "isend", "new_group", "recv", "reduce", "reduce_scatter_tensor",
    "scatter", "send",
]
