"""Broadcasting helpers: broadcast_shapes (the broadcast shape of shapes) and
broadcast_tensors (each tensor expanded to the common shape, as views). Exported from
``shape``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.engine.tensor_base import TensorBase
from autograd.ops.shape.view import expand

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["broadcast_shapes", "broadcast_tensors"]


def _broadcast(shapes: list[tuple[int, ...]], op: str, what: str) -> tuple[int, ...]:
    ndim = max((len(s) for s in shapes), default=0)
    out = [1] * ndim
    for k, shape in enumerate(shapes):
        for i, n in enumerate(shape, start=ndim - len(shape)):
            if n < 0:
                raise ValueError(f"{op}: Attempting to broadcast a dimension with negative "
                                 f"length (shape {list(shape)})")
            if out[i] == 1:
                out[i] = n
            elif n != 1 and n != out[i]:
                raise RuntimeError(
                    f"{op}: the size of {what} {k} ({n}) must match the size {out[i]} of the "
                    f"others at non-singleton dimension {i} (shapes "
                    f"{[list(s) for s in shapes]})")
    return tuple(out)


def broadcast_shapes(*shapes: Any) -> tuple[int, ...]:
    """The shape that tensors of the given shapes broadcast to (an int is a 1-D shape)."""
    sizes = []
    for s in shapes:
        if isinstance(s, int):
            sizes.append((s,))
        elif isinstance(s, (tuple, list)) and all(isinstance(n, int) for n in s):
            sizes.append(tuple(s))
        else:
            raise TypeError(f"broadcast_shapes: expected shapes (tuples of ints) or ints, got "
                            f"{type(s).__name__}")
    return _broadcast(sizes, "broadcast_shapes", "shape")


def broadcast_tensors(*tensors: Tensor) -> tuple[Tensor, ...]:
    """Each tensor expanded (a view, no copy) to the shape they broadcast to together."""
    for k, t in enumerate(tensors):
        if not isinstance(t, TensorBase):
            raise TypeError(f"broadcast_tensors: expected Tensor as element {k} in argument 0, "
                            f"but got {type(t).__name__}")
    shape = _broadcast([tuple(t.shape) for t in tensors], "broadcast_tensors", "tensor")
    return tuple(t if tuple(t.shape) == shape else expand(t, shape) for t in tensors)
