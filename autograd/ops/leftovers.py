"""Smaller functions of ``torch``'s top level built on the existing ops: the ``*_copy`` forms
of the view ops (the view, then a differentiable copy into new memory), the ``unsafe_*``
splits, ``nonzero_static``, ``get_device``, ``to_dlpack``, and the control-flow operators
``cond`` and ``while_loop`` (run eagerly, as PyTorch runs them outside ``torch.compile``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.checks import wrap_dim
from autograd.creation import full
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import clone
from autograd.ops.indexing.index import nonzero
from autograd.ops.shape import combine as _combine
from autograd.ops.shape import diagonal as _diagonal
from autograd.ops.shape import slice as _slice
from autograd.ops.shape import view as _view
from autograd.ops.shape.window import unfold as _unfold

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = [
    "view_copy", "permute_copy", "transpose_copy", "t_copy", "squeeze_copy", "unsqueeze_copy",
    "expand_copy", "diagonal_copy", "select_copy", "slice_copy", "split_copy",
    "split_with_sizes_copy", "unbind_copy", "unfold_copy", "detach_copy", "alias_copy",
    "unsafe_chunk", "unsafe_split", "unsafe_split_with_sizes", "nonzero_static", "get_device",
    "to_dlpack", "cond", "while_loop",
]


# -- the *_copy forms of the view ops ----------------------------------------------------------


def _copy(view: Tensor) -> Tensor:
    # PyTorch's view-copy kernels write row-major memory, whatever the view's strides
    return clone(view, memory_format=_dt.contiguous_format)


def view_copy(input: Tensor, size: Any) -> Tensor:
    """``input.view(size)`` (a shape or a dtype) in new memory; as PyTorch's, a shape is
    accepted whatever the input's strides (the result is a copy)."""
    if isinstance(size, (list, tuple, int)):
        return _copy(_view.reshape(input, size))
    return _copy(input.view(size))


def permute_copy(input: Tensor, dims: Sequence[int]) -> Tensor:
    """``permute`` in new memory."""
    return _copy(_view.permute(input, dims))


def transpose_copy(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """``transpose`` in new memory."""
    return _copy(_view.transpose(input, dim0, dim1))


def t_copy(input: Tensor) -> Tensor:
    """``t`` in new memory."""
    return _copy(_view.t(input))


def squeeze_copy(input: Tensor, dim: int | Sequence[int] | None = None) -> Tensor:
    """``squeeze`` in new memory."""
    return _copy(_view.squeeze(input, dim))


def unsqueeze_copy(input: Tensor, dim: int) -> Tensor:
    """``unsqueeze`` in new memory."""
    return _copy(_view.unsqueeze(input, dim))


def expand_copy(input: Tensor, size: Sequence[int], *, implicit: bool = False) -> Tensor:
    """``input.expand(size)`` in new memory (``implicit`` is accepted and ignored, as
    PyTorch's eager kernel does)."""
    return _copy(input.expand(size))


def diagonal_copy(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """``diagonal`` in new memory."""
    return _copy(_diagonal.diagonal(input, offset, dim1, dim2))


def select_copy(input: Tensor, dim: int, index: int) -> Tensor:
    """``select`` in new memory."""
    return _copy(_slice.select(input, dim, index))


def slice_copy(input: Tensor, dim: int = 0, start: int | None = None, end: int | None = None,
               step: int = 1) -> Tensor:
    """``input[..., start:end:step, ...]`` along ``dim`` in new memory (``torch.slice_copy``;
    the step must be positive)."""
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    if input.ndim == 0:
        raise IndexError("slice_copy(): cannot slice a 0-d tensor")
    d = wrap_dim(dim, input.ndim, "slice_copy")
    return _copy(input[(slice(None),) * d + (slice(start, end, step),)])


def split_copy(input: Tensor, split_size: int, dim: int = 0) -> tuple[Tensor, ...]:
    """``split`` into pieces of ``split_size`` (an int), each in new memory."""
    if isinstance(split_size, bool) or not isinstance(split_size, int):
        raise TypeError("split_copy(): argument 'split_size' (position 2) must be int, not "
                        f"{type(split_size).__name__}")
    return tuple(_copy(p) for p in _slice.split(input, split_size, dim))


def split_with_sizes_copy(input: Tensor, split_sizes: Sequence[int],
                          dim: int = 0) -> tuple[Tensor, ...]:
    """``split_with_sizes``, each piece in new memory."""
    return tuple(_copy(p) for p in _slice.split_with_sizes(input, split_sizes, dim))


def unbind_copy(input: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """``unbind``, each slice in new memory."""
    return tuple(_copy(p) for p in _slice.unbind(input, dim))


def unfold_copy(input: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """``input.unfold(dimension, size, step)`` in new memory."""
    return _copy(_unfold(input, dimension, size, step))


def detach_copy(input: Tensor) -> Tensor:
    """``detach`` in new memory: a copy off the graph (PyTorch's eager kernel marks the copy
    as requiring grad, then has no derivative for it; here it simply does not require
    grad)."""
    return _copy(input.detach())


def alias_copy(input: Tensor) -> Tensor:
    """A copy of ``input`` in new memory (``torch.alias_copy``)."""
    return _copy(input)


# -- unsafe splits -----------------------------------------------------------------------------


def unsafe_chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """``chunk`` (PyTorch's unsafe form skips a view check that does not apply here)."""
    return input.unsafe_chunk(chunks, dim)


def unsafe_split(input: Tensor, split_size: int, dim: int = 0) -> tuple[Tensor, ...]:
    """``split`` into pieces of ``split_size`` (an int); see ``Tensor.unsafe_split``."""
    return input.unsafe_split(split_size, dim)


def unsafe_split_with_sizes(input: Tensor, split_sizes: Sequence[int],
                            dim: int = 0) -> tuple[Tensor, ...]:
    """``split_with_sizes`` (PyTorch's unsafe form skips a view check that does not apply
    here)."""
    return _slice.split_with_sizes(input, split_sizes, dim)


# -- nonzero_static, devices, DLPack ------------------------------------------------------------


def nonzero_static(input: Tensor, *, size: int, fill_value: int = -1) -> Tensor:
    """The ``(size, input.ndim)`` int64 indices of the first ``size`` non-zero elements
    (``nonzero``'s), padded with rows of ``fill_value`` when there are fewer."""
    if isinstance(size, bool) or not isinstance(size, int):
        raise TypeError("nonzero_static(): argument 'size' must be int, not "
                        f"{type(size).__name__}")
    if size < 0:
        raise RuntimeError("nonzero_static: 'size' must be an non-negative integer")
    idx = nonzero(input)
    n = idx.shape[0]
    if n >= size:
        return idx[:size]
    pad = full((size - n, input.ndim), fill_value, dtype=idx.dtype, device=idx.device)
    return _combine.cat([idx, pad], 0)


def get_device(input: Tensor) -> int:
    """The GPU index of a ``cuda`` tensor; -1 on the CPU (``Tensor.get_device``)."""
    return input.get_device()


def to_dlpack(tensor: Tensor) -> Any:
    """A DLPack capsule of ``tensor``'s memory (its array's ``__dlpack__``): the consumer
    shares the memory, as with ``torch.utils.dlpack.to_dlpack``."""
    if not isinstance(tensor, TensorBase):
        raise TypeError(f"to_dlpack(): argument 'tensor' must be Tensor, not "
                        f"{type(tensor).__name__}")
    return tensor._data.__dlpack__()


# -- control flow ------------------------------------------------------------------------------


def cond(pred: Any, true_fn: Callable, false_fn: Callable,
         operands: tuple | list = ()) -> Any:
    """``true_fn(*operands)`` if ``pred`` else ``false_fn(*operands)`` (``torch.cond``, run
    eagerly: a tensor ``pred`` is read on the host, and only the branch taken is recorded)."""
    if isinstance(pred, (bool, int, float)):
        return true_fn(*operands) if pred else false_fn(*operands)
    if not isinstance(pred, TensorBase):
        raise RuntimeError(f"Expected pred to be bool or tensor, but got {pred}.")
    if pred.numel() != 1:
        raise RuntimeError(f"Expected pred to be bool or single-element tensor, but got "
                           f"a tensor of shape {list(pred.shape)}.")
    if not callable(true_fn) or not callable(false_fn):
        raise RuntimeError("Expect both branches to be callable.")
    if not isinstance(operands, (tuple, list)) or not _all_leaves(operands, (TensorBase,)):
        raise RuntimeError("Expect operands to be a tuple of possibly nested dict/list/tuple "
                           f"that only consists of tensor leaves, but got {operands}.")
    return true_fn(*operands) if bool(pred.item()) else false_fn(*operands)


def _all_leaves(tree: Any, kinds: tuple) -> bool:
    if isinstance(tree, (tuple, list)):
        return all(_all_leaves(t, kinds) for t in tree)
    if isinstance(tree, dict):
        return all(_all_leaves(t, kinds) for t in tree.values())
    return isinstance(tree, kinds) and not isinstance(tree, bool)


def while_loop(cond_fn: Callable, body_fn: Callable, carried_inputs: tuple | list) -> tuple:
    """Run ``carried = body_fn(*carried)`` while ``cond_fn(*carried)`` holds and return the
    final values (``torch.while_loop``, run eagerly: each test is read on the host; inputs
    returned untouched are cloned, as PyTorch's eager kernel does)."""
    if not callable(cond_fn) or not callable(body_fn):
        raise RuntimeError("Expect cond_fn and body_fn to be callable.")
    if not isinstance(carried_inputs, (tuple, list)):
        raise RuntimeError(f"carried_inputs must be a tuple or list but got "
                           f"{type(carried_inputs)}")
    if not _all_leaves(carried_inputs, (TensorBase, int)):
        raise RuntimeError("Expect carried_inputs to be a tuple of possibly nested "
                           "dict/list/tuple that only consists of tensor or int leaves, but "
                           f"got {carried_inputs}.")

    def test(vals: Sequence) -> bool:
        pred = cond_fn(*vals)
        if isinstance(pred, bool):
            return pred
        if isinstance(pred, TensorBase) and pred.ndim == 0 and pred.dtype.name == "bool":
            return bool(pred.item())
        raise RuntimeError(f"cond_fn must return a boolean scalar tensor or a boolean but got "
                           f"{pred}")

    vals = carried_inputs
    if not test(vals):
        return tuple(clone(v) if isinstance(v, TensorBase) else v for v in vals)
    while True:
        out = body_fn(*vals)
        if not isinstance(out, tuple):
            raise AssertionError(f"body_fn should return a tuple but got {type(out)}")
        if len(out) != len(carried_inputs):
            raise AssertionError(f"body_fn should return the same number of elements as "
                               f"carried_inputs, got {len(out)} vs {len(carried_inputs)}")
        vals = out
        if not test(vals):
            return vals
