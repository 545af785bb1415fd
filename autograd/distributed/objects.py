"""Collectives on picklable Python objects (``torch.distributed.all_gather_object`` and
kin): each object is pickled (Tensors as their host arrays, rebuilt on their device), the
byte counts are exchanged, then the bytes, through the same timed, non-blocking MPI calls as
the tensor collectives."""

from __future__ import annotations

import io
import pickle
from typing import Any

import numpy as np

from autograd.creation import tensor
from autograd.distributed.group import load_mpi, resolve
from autograd.distributed.work import Work
from autograd.tensor import Tensor

__all__ = ["all_gather_object", "broadcast_object_list", "gather_object"]


def _rebuild(array: np.ndarray, device: str, requires_grad: bool) -> Tensor:
    return tensor(array, device=device, requires_grad=requires_grad)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Tensor):
            return _rebuild, (obj.detach().numpy(), str(obj.device), obj.requires_grad)
        return NotImplemented


def _dumps(obj: Any) -> np.ndarray:
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return np.frombuffer(buf.getvalue(), dtype=np.uint8)


def _wait(pg: Any, what: str, request: Any, keep: Any) -> None:
    Work(pg, what, [request], None, keep).wait()


def _exchange(pg: Any, what: str, obj: Any) -> list:
    """Every rank's object, in group rank order."""
    data = _dumps(obj)
    sizes = np.empty(pg.size(), dtype=np.int64)
    _wait(pg, what, pg.comm.Iallgather(np.array([data.size], dtype=np.int64), sizes), sizes)
    out = np.empty(int(sizes.sum()), dtype=np.uint8)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    _wait(pg, what, pg.comm.Iallgatherv(data, [out, sizes, offsets, load_mpi().BYTE]),
          (data, out))
    return [pickle.loads(out[o:o + s].tobytes()) for o, s in zip(offsets, sizes)]


def all_gather_object(object_list: list, obj: Any, group: Any = None) -> None:
    """Fill ``object_list[k]`` with the object of group rank ``k``, on every rank."""
    pg = resolve(group)
    if pg is None:
        return
    if len(object_list) != pg.size():
        raise ValueError(f"all_gather_object: object_list has {len(object_list)} entries but "
                         f"the group has {pg.size()} ranks")
    object_list[:] = _exchange(pg, "all_gather_object", obj)


def gather_object(obj: Any, object_gather_list: list | None = None, dst: int = 0,
                  group: Any = None) -> None:
    """Collect every rank's object into ``object_gather_list`` on global rank ``dst``."""
    pg = resolve(group)
    if pg is None:
        return
    here = pg.rank() == pg.group_rank(dst, "gather_object")
    if here and (object_gather_list is None or len(object_gather_list) != pg.size()):
        raise ValueError(f"gather_object: the destination rank needs an object_gather_list "
                         f"of {pg.size()} entries")
    every = _exchange(pg, "gather_object", obj)
    if here:
        object_gather_list[:] = every


def broadcast_object_list(object_list: list, src: int = 0, group: Any = None,
                          device: Any = None) -> None:
    """Replace ``object_list``'s entries on every rank by those of global rank ``src``."""
    pg = resolve(group)
    if pg is None:
        return
    root = pg.group_rank(src, "broadcast_object_list")
    data = _dumps(list(object_list)) if pg.rank() == root else None
    size = np.array([0 if data is None else data.size], dtype=np.int64)
    _wait(pg, "broadcast_object_list", pg.comm.Ibcast(size, root=root), size)
    buf = data if data is not None else np.empty(int(size[0]), dtype=np.uint8)
    _wait(pg, "broadcast_object_list", pg.comm.Ibcast(buf, root=root), buf)
    if pg.rank() != root:
        got = pickle.loads(buf.tobytes())
        if len(got) != len(object_list):
            raise ValueError(f"broadcast_object_list: rank {src} sent {len(got)} objects, "
                             f"this rank's list has {len(object_list)}")
        object_list[:] = got
