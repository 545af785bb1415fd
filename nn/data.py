"""Datasets and batching (``torch.utils.data``): Dataset, TensorDataset, DataLoader, ...

Loading runs on the host with NumPy in the calling process; each batch reaches its device
in one copy. A DataLoader over a TensorDataset (or a Subset of one) skips per-sample items
altogether: one index array per batch gathers every tensor at once.
"""

from __future__ import annotations

import bisect
import itertools
import math
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

import autograd as ag
from autograd.tensor import Tensor
from nn.distributed_sampler import DistributedSampler
from nn.init import _host_rng

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "ConcatDataset",
           "random_split", "default_collate", "default_convert", "DataLoader",
           "DistributedSampler"]

# Shuffling and random_split draw from their own host generator, reseeded by
# autograd.manual_seed from a stream independent of nn.init's.
_rng = np.random.default_rng()


@ag.register_seed_hook
def _reseed(seed: int) -> None:
    global _rng
    _rng = np.random.default_rng(np.random.SeedSequence(int(seed) % 2**64, spawn_key=(1,)))


class Dataset:
    """A map-style dataset: subclasses define ``__getitem__(index)`` and ``__len__()``."""

    def __getitem__(self, index: Any) -> Any:
        """The sample at ``index``."""
        raise NotImplementedError(f"{type(self).__name__} should implement __getitem__")

    def __len__(self) -> int:
        """The number of samples."""
        # TypeError, as for an object without __len__: list() and length_hint() expect it.
        raise TypeError(f"object of type '{type(self).__name__}' has no len() (a Dataset "
                        "subclass should implement __len__)")

    def __add__(self, other: Dataset) -> ConcatDataset:
        """The two datasets one after the other."""
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """A stream-style dataset: subclasses define ``__iter__()`` yielding samples."""

    def __iter__(self) -> Iterator[Any]:
        """The samples, in order."""
        raise NotImplementedError(f"{type(self).__name__} should implement __iter__")


class _SizeMismatchError(ValueError, AssertionError):
    """PyTorch asserts here; a ValueError is what the mistake is."""


class TensorDataset(Dataset):
    """Samples are slices along dim 0 of the given tensors, which must agree in that size."""

    def __init__(self, *tensors: Tensor) -> None:
        if not tensors:
            raise ValueError("TensorDataset: expected at least one tensor")
        self.tensors = tuple(t if isinstance(t, Tensor) else ag.as_tensor(t) for t in tensors)
        for k, t in enumerate(self.tensors):
            if t.ndim == 0:
                raise _SizeMismatchError(f"TensorDataset: tensor {k} is zero-dimensional")
        sizes = [t.shape[0] for t in self.tensors]
        if any(s != sizes[0] for s in sizes):
            raise _SizeMismatchError(
                f"Size mismatch between tensors: sizes along dim 0 are {sizes} (shapes "
                f"{[tuple(t.shape) for t in self.tensors]})"
            )

    def __getitem__(self, index: Any) -> tuple[Tensor, ...]:
        """A tuple with each tensor's row(s) at ``index``."""
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        """The size of dim 0."""
        return self.tensors[0].shape[0]


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order."""

    def __init__(self, dataset: Dataset, indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx: Any) -> Any:
        """The sample at ``indices[idx]`` (a list of positions gives a list of samples)."""
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __len__(self) -> int:
        """The number of indices."""
        return len(self.indices)


class ConcatDataset(Dataset):
    """Several datasets one after the other."""

    def __init__(self, datasets: Iterable[Dataset]) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset: datasets should not be an empty iterable")
        self.cumulative_sizes = list(itertools.accumulate(len(d) for d in self.datasets))

    def __len__(self) -> int:
        """The total number of samples."""
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx: int) -> Any:
        """The sample at position ``idx`` of the concatenation."""
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx += len(self)
        k = bisect.bisect_right(self.cumulative_sizes, idx)
        return self.datasets[k][idx - (self.cumulative_sizes[k - 1] if k else 0)]


def random_split(dataset: Dataset, lengths: Sequence[int | float],
                 generator: Any = None) -> list[Subset]:
    """Split into disjoint random Subsets of the given lengths (or fractions summing to 1)."""
    n = len(dataset)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        sizes = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            sizes.append(int(math.floor(n * frac)))
        for i in range(n - sum(sizes)):  # the remainder goes round-robin, as PyTorch does
            sizes[i % len(sizes)] += 1
        for i, size in enumerate(sizes):
            if size == 0:
                warnings.warn(f"Length of split at index {i} is 0. This might result in an "
                              "empty dataset.", stacklevel=2)
        lengths = sizes
    if sum(lengths) != n:
        raise ValueError(f"Sum of input lengths ({sum(lengths)}) does not equal the length of "
                         f"the input dataset ({n})!")
    perm = _host_rng(generator, _rng).permutation(n).tolist()
    ends = itertools.accumulate(lengths)
    return [Subset(dataset, perm[end - size:end]) for end, size in zip(ends, lengths)]


def _host_tensor(host: np.ndarray) -> Tensor:
    """A host array as a Tensor on the default device (one copy when that is a GPU)."""
    if host.dtype.kind in "SaUOV":
        raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, "
                        f"dicts or lists; found array of dtype {host.dtype}")
    return ag.as_tensor(host)


def default_collate(batch: Sequence[Any]) -> Any:
    """Stack a list of samples into a batch: Tensors, arrays and numbers become batch
    Tensors (dim 0 the batch); tuples/lists, namedtuples and dicts are collated per field."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        return ag.stack(batch, 0)
    if isinstance(elem, np.ndarray):
        return _host_tensor(np.stack(batch))
    if isinstance(elem, np.generic):
        return _host_tensor(np.asarray(batch))
    if isinstance(elem, bool):
        return ag.tensor(batch, dtype=ag.bool)
    if isinstance(elem, float):
        return ag.tensor(batch, dtype=ag.float64)
    if isinstance(elem, int):
        return ag.tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, Mapping):
        out = {key: default_collate([d[key] for d in batch]) for key in elem}
        try:
            return out if type(elem) is dict else type(elem)(out)
        except TypeError:
            return out
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return type(elem)(*(default_collate(list(s)) for s in zip(*batch)))
    if isinstance(elem, Sequence):
        if any(len(s) != len(elem) for s in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(list(s)) for s in zip(*batch)]
    raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, "
                    f"dicts or lists; found {type(elem).__name__}")


def default_convert(data: Any) -> Any:
    """Turn NumPy arrays (also inside tuples, lists and dicts) into Tensors; the rest as is."""
    if isinstance(data, np.ndarray) and data.dtype.kind not in "SaUOV":
        return ag.as_tensor(data)
    if isinstance(data, Mapping):
        return {k: default_convert(v) for k, v in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, (list, tuple)):
        return [default_convert(d) for d in data]
    return data


def _tensor_source(dataset: Any) -> tuple[TensorDataset, np.ndarray | None] | None:
    """The TensorDataset under a chain of Subsets, and the composed index map (or None)."""
    index_map = None
    while isinstance(dataset, Subset):
        own = np.asarray(dataset.indices, dtype=np.int64).reshape(-1)
        index_map = own if index_map is None else own[index_map]
        dataset = dataset.dataset
    if type(dataset) is TensorDataset:
        return dataset, index_map
    return None


def _pinned(batch: Any) -> Any:
    """``batch`` with its CPU tensors in pinned memory (through tuples, lists and dicts)."""
    if isinstance(batch, ag.Tensor):
        return batch.pin_memory() if batch.device.type == "cpu" else batch
    if isinstance(batch, (tuple, list)):
        items = [_pinned(b) for b in batch]
        return type(batch)(*items) if hasattr(batch, "_fields") else type(batch)(items)
    if isinstance(batch, dict):
        return type(batch)((k, _pinned(v)) for k, v in batch.items())
    return batch


class DataLoader:
    """Batches of a dataset: ``for x, y in DataLoader(ds, batch_size=32, shuffle=True)``.

    ``generator`` (for shuffling): None (the host generator that ``autograd.manual_seed``
    seeds), an int seed, an ``autograd.Generator`` or a NumPy generator. Every epoch (every
    ``iter``) draws a new order. ``pin_memory=True`` puts every batch's CPU tensors in pinned
    host memory, so that ``batch.to("cuda", non_blocking=True)`` returns without waiting for
    the copy. ``num_workers`` is accepted for compatibility; loading runs in the calling
    process.
    """

    def __init__(self, dataset: Dataset, batch_size: int | None = 1, shuffle: bool | None = False,
                 sampler: Iterable[int] | None = None,
                 batch_sampler: Iterable[Sequence[int]] | None = None,
                 drop_last: bool = False, collate_fn: Callable[[list], Any] | None = None,
                 generator: Any = None, num_workers: int = 0, pin_memory: bool = False) -> None:
        if batch_size is not None and (isinstance(batch_size, bool)
                                       or not isinstance(batch_size, (int, np.integer))
                                       or batch_size <= 0):
            raise ValueError(f"batch_size should be a positive integer value, but got "
                             f"batch_size={batch_size}")
        if isinstance(dataset, IterableDataset) and (shuffle or sampler is not None
                                                     or batch_sampler is not None):
            raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle, "
                             "sampler and batch_sampler options")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None and (batch_size != 1 or shuffle or sampler is not None
                                          or drop_last):
            raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                             "shuffle, sampler, and drop_last")
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to "
                             "disable multiprocessing.")
        self.dataset = dataset
        self.batch_size = None if batch_sampler is not None else batch_size
        self.shuffle = bool(shuffle)
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.drop_last = drop_last
        self.collate_fn = collate_fn
        self.generator = generator
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        if pin_memory and not ag.cuda.is_available():
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, "
                          "then device pinned memory won't be used.", UserWarning, stacklevel=2)
        # An int seed becomes one generator now, so successive epochs still differ.
        self._gen = (np.random.default_rng(int(generator) % 2**64)
                     if isinstance(generator, (int, np.integer)) else generator)
        self._fast = _tensor_source(dataset) if collate_fn is None else None

    def __len__(self) -> int:
        """The number of batches in an epoch."""
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        n = len(self.sampler) if self.sampler is not None else len(self.dataset)
        if self.batch_size is None:
            return n
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def _index_batches(self) -> Iterator[Any]:
        """The positions of each batch: slices, index arrays or lists."""
        if self.batch_sampler is not None:
            yield from (list(b) for b in self.batch_sampler)
            return
        bs = self.batch_size or 1
        if self.sampler is not None:
            it = iter(self.sampler)
            while batch := list(itertools.islice(it, bs)):
                if len(batch) < bs and self.drop_last:
                    return
                yield batch
            return
        n = len(self.dataset)
        stop = n - n % bs if self.drop_last else n
        if self.shuffle:
            order = _host_rng(self._gen, _rng).permutation(n)
            for start in range(0, stop, bs):
                yield order[start:start + bs]
        else:
            for start in range(0, stop, bs):
                yield slice(start, min(start + bs, n))

    def _gather(self, index: Any) -> list[Tensor]:
        """One batch of a TensorDataset: one gather per tensor, the index copied once."""
        source, index_map = self._fast
        if isinstance(index, list):
            index = np.asarray(index, dtype=np.int64)
        if index_map is not None:
            index = index_map[index]
        on_device: dict[Any, Any] = {}
        out = []
        for t in source.tensors:
            with t.device.backend.scope():  # on a GPU, with that GPU current
                if isinstance(index, slice):
                    data = t.array[index].copy()
                else:
                    if t.device not in on_device:
                        on_device[t.device] = (index if t.device.type == "cpu"
                                               else t.device.backend.from_numpy(index))
                    data = t.array[on_device[t.device]]
            out.append(ag.as_tensor(data, device=t.device))
        return out

    def __iter__(self) -> Iterator[Any]:
        """One epoch of batches (a new order each time when shuffling)."""
        if self.pin_memory and ag.cuda.is_available():
            return (_pinned(batch) for batch in self._batches())
        return self._batches()

    def _batches(self) -> Iterator[Any]:
        if isinstance(self.dataset, IterableDataset):
            yield from self._iter_stream()
            return
        if self.batch_size is None and self.batch_sampler is None:
            convert = self.collate_fn or default_convert
            order = (self.sampler if self.sampler is not None else
                     _host_rng(self._gen, _rng).permutation(len(self.dataset)).tolist()
                     if self.shuffle else range(len(self.dataset)))
            for i in order:
                yield convert(self.dataset[i])
            return
        collate = self.collate_fn or default_collate
        getitems = getattr(self.dataset, "__getitems__", None)
        for index in self._index_batches():
            if self._fast is not None:
                yield self._gather(index)
                continue
            if isinstance(index, slice):
                index = range(index.start, index.stop)
            index = [int(i) for i in index]
            samples = getitems(index) if getitems else [self.dataset[i] for i in index]
            yield collate(samples)

    def _iter_stream(self) -> Iterator[Any]:
        if self.batch_size is None:
            convert = self.collate_fn or default_convert
            yield from (convert(s) for s in self.dataset)
            return
        collate = self.collate_fn or default_collate
        it = iter(self.dataset)
        while batch := list(itertools.islice(it, self.batch_size)):
            if len(batch) < self.batch_size and self.drop_last:
                return
            yield collate(batch)
