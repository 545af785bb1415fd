"""Process groups: starting and ending the job's communication, ranks, subgroups, failure
handling (the abort-on-exception hook) and the debug-mode consistency check.

The ranks and the transport come from MPI (mpi4py): ``mpiexec -n N python train.py`` starts the
processes, ``init_process_group`` finds them. The ``"mpi"`` backend moves tensors through MPI
itself; the ``"nccl"`` backend moves GPU tensors through NCCL and uses MPI only to share NCCL's
unique id and for the checks. mpi4py is imported on first use, never by ``import autograd``.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.distributed.work import seconds, wait_for

__all__ = [
    "Backend", "GroupMember", "ProcessGroup", "destroy_process_group", "get_backend",
    "get_global_rank", "get_rank", "get_world_size", "group", "init_process_group",
    "is_available", "is_initialized", "is_mpi_available", "is_nccl_available", "new_group",
]


class Backend:
    """The backends' names, as ``torch.distributed.Backend``."""

    MPI = "mpi"
    NCCL = "nccl"


DEFAULT_TIMEOUT = {"mpi": datetime.timedelta(minutes=30), "nccl": datetime.timedelta(minutes=10)}


class ProcessGroup:
    """A set of ranks that communicate: an MPI communicator of its members, their global ranks
    in group order, and (for ``"nccl"``) the NCCL communicator."""

    def __init__(self, comm: Any, ranks: Sequence[int], backend: str, timeout: float,
                 nccl: Any = None) -> None:
        self.comm = comm
        self.ranks = list(ranks)
        self.backend = backend
        self.timeout = timeout
        self.nccl = nccl
        self.calls = 0  # collectives issued so far, for the debug check's message

    def rank(self) -> int:
        """This process's rank within the group."""
        return self.comm.Get_rank()

    def size(self) -> int:
        """The number of ranks in the group."""
        return len(self.ranks)

    def group_rank(self, global_rank: int, what: str) -> int:
        """The group rank of a global rank (``src``/``dst`` arguments are global, as PyTorch)."""
        try:
            return self.ranks.index(global_rank)
        except ValueError:
            raise ValueError(f"{what}: rank {global_rank} is not part of the group "
                             f"(its ranks are {self.ranks})") from None

    def __repr__(self) -> str:
        return f"ProcessGroup(backend={self.backend!r}, ranks={self.ranks})"


class _State:
    default: ProcessGroup | None = None
    groups: list = []
    previous_excepthook: Callable | None = None
    debug = False


_state = _State()


class group:  # noqa: N801 -- PyTorch's name: ``dist.group.WORLD``
    """``group.WORLD``: the default group once ``init_process_group`` has run."""

    WORLD: ProcessGroup | None = None


_GROUP = group  # the class above, under a name that the ``group`` arguments do not hide


class GroupMember:
    """``GroupMember.WORLD`` and ``NON_GROUP_MEMBER`` (what ``new_group`` gives a rank that is
    not in it)."""

    WORLD: ProcessGroup | None = None
    NON_GROUP_MEMBER = object()


def load_mpi() -> Any:
    try:
        from mpi4py import MPI
    except ImportError as exc:
        raise RuntimeError("autograd.distributed needs mpi4py and an MPI: pip install "
                           "'tapegrad[distributed]' (mpi4py and the mpich wheel)") from exc
    return MPI


def is_available() -> bool:
    """True if the distributed package can be used here (mpi4py imports)."""
    return is_mpi_available()


def is_mpi_available() -> bool:
    """True if mpi4py is installed (without importing it: that would start MPI)."""
    return importlib.util.find_spec("mpi4py") is not None


def is_nccl_available() -> bool:
    """True if CuPy's NCCL bindings and a GPU are usable."""
    import backends

    if not backends.cuda.is_available():
        return False
    try:
        backends.get("cuda").nccl()
    except RuntimeError:
        return False
    return True


def is_initialized() -> bool:
    """True between ``init_process_group`` and ``destroy_process_group``."""
    return _state.default is not None


def _default() -> ProcessGroup:
    if _state.default is None:
        raise ValueError("Default process group has not been initialized, please make sure "
                         "to call init_process_group.")
    return _state.default


def resolve(pg: Any) -> ProcessGroup | None:
    """The group a collective runs on (the default for None), or None for a rank that is not a
    member of ``pg``."""
    if pg is None:
        return _default()
    if pg is GroupMember.NON_GROUP_MEMBER:
        return None
    if not isinstance(pg, ProcessGroup):
        raise TypeError(f"group must be a ProcessGroup or None, got {type(pg).__name__}")
    return pg


def init_process_group(backend: str | None = None, init_method: str | None = None,
                       timeout: datetime.timedelta | None = None, world_size: int = -1,
                       rank: int = -1, store: Any = None, group_name: str = "",
                       pg_options: Any = None, device_id: Any = None) -> None:
    """Join the job's processes into the default group (``torch.distributed.
    init_process_group``). Ranks and world size come from MPI (start the job with
    ``mpiexec -n N``); ``world_size``/``rank``, if given, must agree with it; ``init_method``
    and ``store`` are not needed and ignored. Installs an excepthook that aborts the whole
    job when an exception escapes on any rank, so a failure never leaves the others hanging."""
    if _state.default is not None:
        raise ValueError("trying to initialize the default process group twice!")
    name = "mpi" if backend is None else str(backend).lower()
    if name not in ("mpi", "nccl"):
        raise ValueError(f"Invalid backend: {backend!r}: autograd.distributed supports "
                         "'mpi' (CPU and GPU tensors) and 'nccl' (GPU tensors)")
    MPI = load_mpi()
    comm = MPI.COMM_WORLD
    size, me = comm.Get_size(), comm.Get_rank()
    if world_size not in (-1, size):
        raise ValueError(f"init_process_group: world_size={world_size} but MPI started "
                         f"{size} process(es): launch with mpiexec -n {world_size}")
    if rank not in (-1, me):
        raise ValueError(f"init_process_group: rank={rank} but MPI gives this process rank "
                         f"{me}")
    limit = seconds(timeout if timeout is not None else DEFAULT_TIMEOUT[name])
    _state.debug = os.environ.get("AUTOGRAD_DISTRIBUTED_DEBUG", "0").upper() in (
        "1", "INFO", "DETAIL", "ON", "TRUE")
    world = comm.Dup()  # our own communicator: user MPI traffic cannot interleave with ours
    nccl = None
    if name == "nccl":
        from autograd.distributed import nccl as _nccl

        nccl = _nccl.communicator(world, device_id)
    pg = ProcessGroup(world, range(size), name, limit, nccl)
    _state.default = group.WORLD = GroupMember.WORLD = pg
    _state.groups = [pg]
    _install_excepthook(MPI)


def _install_excepthook(MPI: Any) -> None:
    if _state.previous_excepthook is not None:
        return
    previous = sys.excepthook

    def abort_job(kind: type, value: BaseException, tb: Any) -> None:
        previous(kind, value, tb)
        sys.stderr.write(f"rank {MPI.COMM_WORLD.Get_rank()}: uncaught "
                         f"{kind.__name__}: aborting the job\n")
        sys.stderr.flush()
        # the launcher forwards a rank's output asynchronously and drops what is still in
        # transit when the job is torn down: give it a moment, so the traceback arrives whole
        time.sleep(0.5)
        MPI.COMM_WORLD.Abort(1)

    _state.previous_excepthook = previous
    sys.excepthook = abort_job


def destroy_process_group(group: ProcessGroup | None = None) -> None:
    """Free ``group``, or every group and the default one (``torch.distributed.
    destroy_process_group``); the abort-on-exception hook is taken off again."""
    pg = _default() if group is None else group
    victims = list(_state.groups) if group is None or pg is _state.default else [pg]
    for g in victims:
        if g.nccl is not None:
            g.nccl.destroy()
        g.comm.Free()
        if g in _state.groups:
            _state.groups.remove(g)
    if group is None or pg is _state.default:
        _state.default = _GROUP.WORLD = GroupMember.WORLD = None
        if _state.previous_excepthook is not None:
            sys.excepthook = _state.previous_excepthook
            _state.previous_excepthook = None


def new_group(ranks: Sequence[int] | None = None, timeout: datetime.timedelta | None = None,
              backend: str | None = None, pg_options: Any = None,
              use_local_synchronization: bool = False, group_desc: str | None = None) -> Any:
    """A group of some ranks (``torch.distributed.new_group``); every rank of the default
    group must call it. Ranks outside it get ``GroupMember.NON_GROUP_MEMBER``, on which
    collectives do nothing."""
    world = _default()
    members = sorted(set(range(world.size()) if ranks is None else (int(r) for r in ranks)))
    bad = [r for r in members if not 0 <= r < world.size()]
    if bad:
        raise ValueError(f"new_group: ranks {bad} are outside the world of {world.size()}")
    MPI = load_mpi()
    me = world.rank()
    inside = me in members
    comm = world.comm.Split(0 if inside else MPI.UNDEFINED, me)
    if not inside:
        return GroupMember.NON_GROUP_MEMBER
    name = world.backend if backend is None else str(backend).lower()
    nccl = None
    if name == "nccl":
        from autograd.distributed import nccl as _nccl

        nccl = _nccl.communicator(comm, None)
    limit = world.timeout if timeout is None else seconds(timeout)
    pg = ProcessGroup(comm, members, name, limit, nccl)
    _state.groups.append(pg)
    return pg


def get_rank(group: Any = None) -> int:
    """This process's rank in ``group`` (the default group if None); -1 if not a member."""
    pg = resolve(group)
    return -1 if pg is None else pg.rank()


def get_world_size(group: Any = None) -> int:
    """The number of ranks in ``group``; -1 for a rank that is not a member."""
    pg = resolve(group)
    return -1 if pg is None else pg.size()


def get_global_rank(group: Any, group_rank: int) -> int:
    """The global rank of ``group``'s rank ``group_rank``."""
    pg = resolve(group)
    if pg is None or not 0 <= group_rank < pg.size():
        raise ValueError(f"get_global_rank: group rank {group_rank} is not part of {pg}")
    return pg.ranks[group_rank]


def get_backend(group: Any = None) -> str:
    """The backend of ``group``: ``"mpi"`` or ``"nccl"``."""
    pg = resolve(group)
    if pg is None:
        raise ValueError("Invalid process group specified")
    return pg.backend


# -- debug mode: the same collective with the same shapes on every rank -------------------------

_OPS = ("all_reduce", "broadcast", "all_gather", "all_gather_into_tensor",
        "reduce_scatter_tensor", "reduce", "gather", "scatter", "barrier")
_SIG = 12  # op, dtype, ndim, up to 9 sizes


def _signature(what: str, array: Any) -> np.ndarray:
    sig = np.full(_SIG, -1, dtype=np.int64)
    sig[0] = _OPS.index(what)
    if array is not None:
        sig[1] = np.dtype(array.dtype).num
        sig[2] = array.ndim
        dims = list(array.shape)[:_SIG - 3]
        sig[3:3 + len(dims)] = dims
    return sig


def _describe(sig: np.ndarray) -> str:
    what = _OPS[int(sig[0])]
    if sig[1] < 0:
        return what
    shape = tuple(int(d) for d in sig[3:3 + int(sig[2])])
    dtype = next((np.dtype(c) for c in np.typecodes["All"] if np.dtype(c).num == sig[1]), "?")
    return f"{what} with shape {shape} and dtype {dtype}"


def debug_check(pg: ProcessGroup, what: str, array: Any) -> None:
    """In debug mode (``AUTOGRAD_DISTRIBUTED_DEBUG=1``), exchange what each rank is about to
    do and raise on every rank if they differ, naming each rank's shapes and dtypes."""
    pg.calls += 1
    if not _state.debug:
        return
    MPI = load_mpi()
    sig = _signature(what, array)
    every = np.empty((pg.size(), _SIG), dtype=np.int64)
    req = pg.comm.Iallgather([sig, MPI.INT64_T], [every, MPI.INT64_T])
    wait_for(pg, f"{what} (debug check)", req.Test, pg.timeout)
    if not (every == every[0]).all():
        lines = "; ".join(f"rank {pg.ranks[k]}: {_describe(s)}" for k, s in enumerate(every))
        raise RuntimeError(f"Detected mismatch between collectives on ranks (call "
                           f"{pg.calls} on {pg}): {lines}")
