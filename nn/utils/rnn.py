"""Variable-length batches for the recurrent layers (``torch.nn.utils.rnn``).

A ``PackedSequence`` holds a batch of sequences of different lengths without padding: its
``data`` stacks the rows of every time step, longest sequences first (``batch_sizes[t]`` rows
at step ``t``, a non-increasing CPU int64 tensor), which is exactly the layout the recurrent
layers run on. ``pack_padded_sequence`` builds one from a padded tensor (one gather, so
gradients flow back to the padded input), ``pad_packed_sequence`` turns one back into a padded
tensor and the lengths (one gather from the data and a padding row). Lengths are host-side
bookkeeping and stay NumPy/Python ints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

import autograd as ag
from autograd.tensor import Tensor

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence",
           "pad_packed_sequence", "pad_sequence", "unpad_sequence", "pack_sequence",
           "unpack_sequence"]


class PackedSequence(NamedTuple):
    """The data and batch sizes of a packed batch of sequences, and the permutation that
    sorted the batch by decreasing length (``sorted_indices``) with its inverse
    (``unsorted_indices``), both None when the batch came sorted."""

    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Tensor | None = None
    unsorted_indices: Tensor | None = None

    def to(self, *args: Any, **kwargs: Any) -> PackedSequence:
        """The same sequences with ``data.to(...)``; the indices follow ``data``'s device."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        idx = [None if i is None else i.to(data.device) for i in
               (self.sorted_indices, self.unsorted_indices)]
        return PackedSequence(data, self.batch_sizes, idx[0], idx[1])

    def cuda(self, *args: Any, **kwargs: Any) -> PackedSequence:
        """On the GPU."""
        return self.to("cuda" if not args else args[0], **kwargs)

    def cpu(self) -> PackedSequence:
        """On the CPU."""
        return self.to("cpu")

    def double(self) -> PackedSequence:
        """``data`` as float64."""
        return self.to(dtype=ag.float64)

    def float(self) -> PackedSequence:
        """``data`` as float32."""
        return self.to(dtype=ag.float32)

    def half(self) -> PackedSequence:
        """``data`` as float16."""
        return self.to(dtype=ag.float16)

    @property
    def is_cuda(self) -> bool:
        """True if ``data`` is on a GPU."""
        return self.data.device.type == "cuda"


def invert_permutation(permutation: Tensor | None) -> Tensor | None:
    """The inverse of a permutation of ``0..n-1`` (None stays None)."""
    if permutation is None:
        return None
    perm = permutation.cpu().numpy()
    inverse = np.empty_like(perm)
    inverse[perm] = np.arange(perm.size, dtype=perm.dtype)
    return ag.tensor(inverse, dtype=ag.int64, device=permutation.device)


def _lengths(lengths: Any) -> np.ndarray:
    if isinstance(lengths, Tensor):
        return lengths.cpu().numpy().astype(np.int64).reshape(-1)
    return np.asarray(lengths, dtype=np.int64).reshape(-1)


def _batch_sizes(lengths: np.ndarray) -> np.ndarray:
    """batch_sizes[t] = how many sequences (sorted longest first) have a step t."""
    steps = int(lengths.max()) if lengths.size else 0
    return (lengths[None, :] > np.arange(steps)[:, None]).sum(axis=1).astype(np.int64)


def pack_padded_sequence(input: Tensor, lengths: Tensor | Sequence[int],
                         batch_first: bool = False, enforce_sorted: bool = True
                         ) -> PackedSequence:
    """Pack a padded batch ``(T, B, *)`` (``(B, T, *)`` with ``batch_first``) of sequences of
    the given lengths. With ``enforce_sorted`` the lengths must be non-increasing; otherwise
    the batch is sorted here and the permutation kept in the result."""
    if not isinstance(input, Tensor):
        raise TypeError(f"pack_padded_sequence(): argument 'input' must be a Tensor, not "
                        f"{type(input).__name__}")
    given = lengths.ndim if isinstance(lengths, Tensor) else np.ndim(lengths)
    if given != 1:
        raise RuntimeError(f"pack_padded_sequence(): 'lengths' argument should be a 1D CPU "
                           f"int64 tensor, but got {given}D")
    lens = _lengths(lengths)
    if input.ndim < 2:
        raise IndexError(f"pack_padded_sequence(): Dimension out of range: expected input of at "
                         f"least 2 dims (time and batch), got shape {list(input.shape)}")
    t_dim, b_dim = (1, 0) if batch_first else (0, 1)
    batch, steps = input.shape[b_dim], input.shape[t_dim]
    if lens.size != batch:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got "
                           f"{lens.size} (batch_size={batch})")
    if lens.size and lens.min() <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an "
                           "element in 'lengths' that is <= 0")
    if lens.size and lens.max() > steps:
        raise RuntimeError(f"pack_padded_sequence(): a length of {int(lens.max())} is longer "
                           f"than the input's {steps} time steps (input shape "
                           f"{list(input.shape)}, lengths {lens.tolist()})")
    if enforce_sorted:
        if np.any(lens[1:] > lens[:-1]):
            raise RuntimeError(
                "`lengths` array must be sorted in decreasing order when `enforce_sorted` is "
                "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
                "pack_sequence to sidestep this requirement if you do not need ONNX "
                f"exportability. (got lengths {lens.tolist()})")
        order = None
    else:
        order = np.argsort(-lens, kind="stable")
        lens = lens[order]
    sizes = _batch_sizes(lens)
    t_idx = np.repeat(np.arange(sizes.size), sizes)
    b_idx = np.concatenate([np.arange(s) for s in sizes]) if sizes.size else t_idx
    if order is not None:
        b_idx = order[b_idx]
    key = (b_idx, t_idx) if batch_first else (t_idx, b_idx)
    data = input[tuple(ag.tensor(k, dtype=ag.int64, device=input.device) for k in key)]
    sorted_indices = None
    if order is not None:
        sorted_indices = ag.tensor(order, dtype=ag.int64, device=input.device)
    return PackedSequence(data, ag.tensor(sizes, dtype=ag.int64), sorted_indices,
                          invert_permutation(sorted_indices))


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False,
                        padding_value: float = 0.0, total_length: int | None = None
                        ) -> tuple[Tensor, Tensor]:
    """The padded batch ``(T, B, *)`` (``(B, T, *)`` with ``batch_first``) and the lengths
    (a CPU int64 tensor, in the original batch order) of a ``PackedSequence``."""
    data, batch_sizes = sequence.data, sequence.batch_sizes
    unsorted_indices = sequence.unsorted_indices
    sizes = batch_sizes.cpu().numpy().astype(np.int64)
    batch = int(sizes[0]) if sizes.size else 0
    steps = sizes.size
    if total_length is not None:
        if total_length < steps:
            raise ValueError(f"Expected total_length to be at least the length of the longest "
                             f"sequence in input, but got total_length={total_length} and max "
                             f"sequence length being {steps}")
        steps = int(total_length)
    n = data.shape[0]
    # row index of (t, b) in data, or n (the padding row) where sequence b has no step t
    rows = np.full((steps, batch), n, dtype=np.int64)
    start = 0
    for t, b in enumerate(sizes):
        rows[t, :b] = np.arange(start, start + b)
        start += b
    lengths = (rows < n).sum(axis=0)
    if unsorted_indices is not None:
        order = unsorted_indices.cpu().numpy()
        rows = rows[:, order]
        lengths = lengths[order]
    if batch_first:
        rows = rows.T
    pad_row = ag.full((1,) + tuple(data.shape[1:]), padding_value, dtype=data.dtype,
                      device=data.device)
    padded = ag.cat([data, pad_row])[ag.tensor(np.ascontiguousarray(rows), dtype=ag.int64,
                                               device=data.device)]
    return padded, ag.tensor(lengths, dtype=ag.int64)


def pad_sequence(sequences: Tensor | Sequence[Tensor], batch_first: bool = False,
                 padding_value: float = 0.0, padding_side: str = "right") -> Tensor:
    """Stack sequences ``(L_i, *)`` of different lengths into ``(T, B, *)`` (``(B, T, *)``
    with ``batch_first``), padded with ``padding_value`` on ``padding_side``."""
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got "
                           f"{padding_side}.")
    seqs = list(sequences.unbind(0) if isinstance(sequences, Tensor) else sequences)
    if not seqs:
        raise RuntimeError("pad_sequence: received an empty list of sequences")
    if seqs[0].ndim == 0:
        raise RuntimeError("pad_sequence: the sequences must be at least 1-D (length first), "
                           "got a 0-D tensor")
    trailing = tuple(seqs[0].shape[1:])
    for k, s in enumerate(seqs):
        if tuple(s.shape[1:]) != trailing:
            raise RuntimeError(f"pad_sequence: sequence {k} has shape {list(s.shape)}, but "
                               f"every sequence must be [length, {', '.join(map(str, trailing))}]"
                               f" like the first")
    longest = max(s.shape[0] for s in seqs)
    rest = [0, 0] * len(trailing)
    padded = []
    for s in seqs:
        gap = longest - s.shape[0]
        spec = rest + ([0, gap] if padding_side == "right" else [gap, 0])
        padded.append(ag.pad(s, spec, value=padding_value) if gap else s)
    return ag.stack(padded, 0 if batch_first else 1)


def unpad_sequence(padded_sequences: Tensor, lengths: Tensor | Sequence[int],
                   batch_first: bool = False) -> list[Tensor]:
    """The list of sequences ``(L_i, *)`` in a padded batch (the inverse of pad_sequence)."""
    x = padded_sequences if batch_first else padded_sequences.transpose(0, 1)
    return [x[k, :int(n)] for k, n in enumerate(_lengths(lengths))]


def pack_sequence(sequences: Sequence[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    """Pack a list of sequences ``(L_i, *)`` (``pad_sequence`` then ``pack_padded_sequence``)."""
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths,
                                enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> list[Tensor]:
    """The list of sequences in a ``PackedSequence`` (the inverse of pack_sequence)."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
