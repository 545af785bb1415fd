"""What ``autograd.autocast`` does to an op's inputs: the casts, written once for every op.

PyTorch's lists: matrix products and convolutions run in the autocast dtype (float16 or
bfloat16: ``lower``); ops whose accuracy suffers in it run in float32 (``float32``): the losses
on every device, and on CUDA also softmax, the norms, sums and exp/log/pow. The ops in those
lists call these helpers first thing, guarded by a check of the global ``autocasting`` list,
so that they cost nothing while no autocast region is open anywhere. Casts of leaves (the
parameters) are kept for the region, as PyTorch keeps them, so a weight used in many steps of
a region is cast once.
"""

from __future__ import annotations

from typing import Any

from autograd.engine.grad_mode import autocasting, state
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to

__all__ = ["autocasting", "lower", "float32"]

_LOW = ("float16", "bfloat16")


def _dtype(t: Any) -> Any:
    """The autocast dtype for this tensor's device type, or None."""
    if not isinstance(t, TensorBase):
        return None
    return state.autocast.get(t.device.type)


def _cast(t: TensorBase, dtype: Any) -> TensorBase:
    if t._node is None and t._requires_grad and state.autocast_cache_enabled:
        # a leaf (a parameter): cast once per region
        cache = state.autocast_cache
        hit = cache.get(id(t))
        if hit is not None and hit[0] is t and hit[1] == t._vc[0] and hit[2].dtype == dtype:
            return hit[2]
        cast = to(t, dtype)
        cache[id(t)] = (t, t._vc[0], cast)
        return cast
    return to(t, dtype)


def lower(*tensors: Any) -> tuple:
    """The floating tensors cast to the autocast dtype of their device type (others as they
    are): for matmul, linear, convolutions."""
    out = []
    for t in tensors:
        dtype = _dtype(t)
        if dtype is not None and t._data.dtype.kind in "fV" and t._data.dtype != dtype:
            t = _cast(t, dtype)
        out.append(t)
    return tuple(out)


def float32(*tensors: Any, cpu: bool = True) -> tuple:
    """Low-precision floating tensors cast to float32 while autocast is on for their device
    type. PyTorch's float32 lists differ by device: the losses (and prod) are in both;
    softmax, the norms, the reductions and exp/log/pow only in CUDA's (``cpu=False``)."""
    out = []
    for t in tensors:
        if _dtype(t) is not None and t._data.dtype.name in _LOW and (
                cpu or t.device.type != "cpu"):
            t = to(t, "float32")
        out.append(t)
    return tuple(out)
