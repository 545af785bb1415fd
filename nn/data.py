"""Datasets and batching (``torch.utils.data``): Dataset, TensorDataset, DataLoader, ...

Loading runs on the host with NumPy in the calling process; each batch reaches its device
in one copy. A DataLoader over a TensorDataset (or a Subset of one) skips per-sample items
altogether: one index array per batch gathers every tensor at once.
"""

from __future__ import annotations

import bisect
import copy
import itertools
import math
import warnings
from collections.abc import (
    Callable,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
    MutableSequence,
    Sequence,
)
from typing import Any

import numpy as np

import autograd as ag
from autograd.tensor import Tensor
from nn.distributed_sampler import DistributedSampler
from nn.sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
    _draws,
    _generator,
)

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "ConcatDataset",
           "ChainDataset", "StackDataset", "random_split", "default_collate",
           "default_convert", "DataLoader", "DistributedSampler", "Sampler",
           "SequentialSampler", "RandomSampler", "SubsetRandomSampler",
           "WeightedRandomSampler", "BatchSampler", "get_worker_info"]


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

    def __add__(self, other: Dataset) -> ChainDataset:
        """The two streams one after the other."""
        return ChainDataset([self, other])


class _AssertedValueError(ValueError, AssertionError):
    """PyTorch asserts here; a ValueError is what the mistake is."""


class _NotIterableError(TypeError, AssertionError):
    """PyTorch asserts here; a TypeError is what the mistake is."""


class TensorDataset(Dataset):
    """Samples are slices along dim 0 of the given tensors, which must agree in that size."""

    def __init__(self, *tensors: Tensor) -> None:
        if not tensors:
            raise ValueError("TensorDataset: expected at least one tensor")
        self.tensors = tuple(t if isinstance(t, Tensor) else ag.as_tensor(t) for t in tensors)
        for k, t in enumerate(self.tensors):
            if t.ndim == 0:
                raise _AssertedValueError(f"TensorDataset: tensor {k} is zero-dimensional")
        sizes = [t.shape[0] for t in self.tensors]
        if any(s != sizes[0] for s in sizes):
            raise _AssertedValueError(
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

    def __getitems__(self, indices: list) -> list:
        """The samples at each of ``indices`` (in one fetch when the dataset has
        ``__getitems__``)."""
        getitems = getattr(self.dataset, "__getitems__", None)
        if callable(getitems):
            return getitems([self.indices[i] for i in indices])
        return [self.dataset[self.indices[i]] for i in indices]

    def __len__(self) -> int:
        """The number of indices."""
        return len(self.indices)


class ConcatDataset(Dataset):
    """Several datasets one after the other."""

    def __init__(self, datasets: Iterable[Dataset]) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise _AssertedValueError("ConcatDataset: datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise _NotIterableError("ConcatDataset does not support IterableDataset "
                                        "(ChainDataset chains those)")
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


class ChainDataset(IterableDataset):
    """Several IterableDatasets one after the other (streams chained on the fly)."""

    def __init__(self, datasets: Iterable[Dataset]) -> None:
        self.datasets = datasets

    def __iter__(self) -> Iterator[Any]:
        """The samples of each dataset in turn."""
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise _NotIterableError(f"ChainDataset only supports IterableDataset, got "
                                f"{type(d).__name__}")
            yield from d

    def __len__(self) -> int:
        """The total number of samples (each dataset must have a length)."""
        total = 0
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise _NotIterableError(f"ChainDataset only supports IterableDataset, got "
                                f"{type(d).__name__}")
            total += len(d)
        return total


class StackDataset(Dataset):
    """Samples of several equally long datasets side by side: ``StackDataset(a, b)[i]`` is
    ``(a[i], b[i])``, ``StackDataset(x=a, y=b)[i]`` is ``{"x": a[i], "y": b[i]}``."""

    def __init__(self, *args: Dataset, **kwargs: Dataset) -> None:
        if args and kwargs:
            raise ValueError("Supported either ``tuple``- (via ``args``) or``dict``- (via "
                             "``kwargs``) like input/output, but both types are given.")
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed")
        self.datasets: tuple | dict = args if args else kwargs
        lengths = [len(d) for d in (args if args else kwargs.values())]
        if any(n != lengths[0] for n in lengths):
            raise ValueError(f"Size mismatch between datasets: lengths {lengths}")
        self._length = lengths[0]

    def __getitem__(self, index: Any) -> tuple | dict:
        """The samples at ``index`` of every dataset (a tuple, or a dict by name)."""
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __getitems__(self, indices: list) -> list:
        """The samples at each of ``indices`` (one fetch per dataset where it can)."""
        columns = {}
        items = self.datasets.items() if isinstance(self.datasets, dict) else \
            enumerate(self.datasets)
        for k, d in items:
            getitems = getattr(d, "__getitems__", None)
            got = getitems(indices) if getitems else [d[i] for i in indices]
            if len(got) != len(indices):
                raise ValueError(f"Nested dataset's output size mismatch. Expected "
                                 f"{len(indices)}, got {len(got)}")
            columns[k] = got
        if isinstance(self.datasets, dict):
            return [{k: col[j] for k, col in columns.items()} for j in range(len(indices))]
        return [tuple(col[j] for col in columns.values()) for j in range(len(indices))]

    def __len__(self) -> int:
        """The common length."""
        return self._length


def get_worker_info() -> None:
    """Information on the current DataLoader worker: always None here, since loading runs in
    the calling process (PyTorch returns None in its main process too)."""
    return None


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
    perm = _draws(generator).permutation(n).tolist()
    ends = itertools.accumulate(lengths)
    return [Subset(dataset, perm[end - size:end]) for end, size in zip(ends, lengths)]


def _host_tensor(host: np.ndarray) -> Tensor:
    """A host array as a Tensor on the default device (one copy when that is a GPU)."""
    if host.dtype.kind in "SaUOV":
        raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, "
                        f"dicts or lists; found array of dtype {host.dtype}")
    return ag.as_tensor(host)


def _rebuild_mapping(elem: Mapping, values: dict) -> Any:
    """A mapping like ``elem`` holding ``values``: a copy of it updated when it is mutable
    (its type and extra attributes kept), else its type built from them, else a dict."""
    try:
        if isinstance(elem, MutableMapping):
            clone = copy.copy(elem)
            clone.update(values)
            return clone
        return type(elem)(values)
    except TypeError:
        return values


def _rebuild_sequence(elem: Sequence, values: list) -> Any:
    """A sequence like ``elem`` holding ``values`` (as ``_rebuild_mapping``), else a list."""
    try:
        if isinstance(elem, MutableSequence):
            clone = copy.copy(elem)
            for i, v in enumerate(values):
                clone[i] = v
            return clone
        return type(elem)(values)
    except TypeError:
        return values


def default_collate(batch: Sequence[Any]) -> Any:
    """Stack a list of samples into a batch: Tensors, arrays and numbers become batch
    Tensors (dim 0 the batch); strings stay as they are; tuples (as lists), other sequences,
    namedtuples and mappings are collated per field (PyTorch's rules)."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        return ag.stack(batch, 0)
    if isinstance(elem, np.ndarray):
        for k, a in enumerate(batch):
            if a.shape != elem.shape:
                raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                                   f"{list(elem.shape)} at entry 0 and {list(a.shape)} at "
                                   f"entry {k}")
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
        return _rebuild_mapping(elem, {key: default_collate([d[key] for d in batch])
                                       for key in elem})
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return type(elem)(*(default_collate(s) for s in zip(*batch)))
    if isinstance(elem, Sequence):
        if any(len(s) != len(elem) for s in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        columns = [default_collate(s) for s in zip(*batch)]
        return columns if isinstance(elem, tuple) else _rebuild_sequence(elem, columns)
    raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, "
                    f"dicts or lists; found {type(elem).__name__}")


def default_convert(data: Any) -> Any:
    """Turn NumPy arrays and scalars (also inside tuples, lists and mappings) into Tensors;
    the rest as is (tuples become lists, as in PyTorch)."""
    if isinstance(data, Tensor):
        return data
    if isinstance(data, (np.ndarray, np.generic)) and not isinstance(data, (np.str_,
                                                                            np.bytes_)):
        if isinstance(data, np.ndarray) and data.dtype.kind in "SaUO":
            return data
        return ag.as_tensor(data)
    if isinstance(data, Mapping):
        return _rebuild_mapping(data, {k: default_convert(data[k]) for k in data})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, Sequence) and not isinstance(data, (str, bytes)):
        return _rebuild_sequence(data, [default_convert(d) for d in data])
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


class _InfiniteConstantSampler(Sampler):
    """The sampler of a DataLoader over an IterableDataset: None for ever (the dataset's own
    iteration decides what comes)."""

    def __iter__(self) -> Iterator[None]:
        while True:
            yield None


class _LoaderIter:
    """One epoch of a DataLoader: its batches, with the loader's ``len()``."""

    __slots__ = ("_loader", "_batches")

    def __init__(self, loader: DataLoader, batches: Iterator[Any]) -> None:
        self._loader = loader
        self._batches = batches

    def __iter__(self) -> _LoaderIter:
        return self

    def __next__(self) -> Any:
        return next(self._batches)

    def __len__(self) -> int:
        return len(self._loader)


class DataLoader:
    """Batches of a dataset: ``for x, y in DataLoader(ds, batch_size=32, shuffle=True)``.

    ``generator`` (for shuffling): None (the host generator that ``autograd.manual_seed``
    seeds), an int seed, an ``autograd.Generator`` or a NumPy generator. Every epoch (every
    ``iter``) draws a new order. ``sampler`` (indices) or ``batch_sampler`` (lists of
    indices) replace the default order and batching, with PyTorch's exclusions.
    ``pin_memory=True`` puts every batch's CPU tensors in pinned host memory, so that
    ``batch.to("cuda", non_blocking=True)`` returns without waiting for the copy.
    ``num_workers`` is accepted for compatibility; loading runs in the calling process, so the
    worker options (``timeout``, ``worker_init_fn``, ``multiprocessing_context``,
    ``prefetch_factor``, ``persistent_workers``) are checked as PyTorch checks them and kept
    as attributes, but no worker runs.
    """

    _frozen_after_init = frozenset(("batch_size", "batch_sampler", "sampler", "drop_last",
                                    "dataset", "persistent_workers"))

    def __init__(self, dataset: Dataset, batch_size: int | None = 1,
                 shuffle: bool | None = None, sampler: Iterable[int] | None = None,
                 batch_sampler: Iterable[Sequence[int]] | None = None, num_workers: int = 0,
                 collate_fn: Callable[[list], Any] | None = None, pin_memory: bool = False,
                 drop_last: bool = False, timeout: float = 0,
                 worker_init_fn: Callable[[int], None] | None = None,
                 multiprocessing_context: Any = None, generator: Any = None, *,
                 prefetch_factor: int | None = None, persistent_workers: bool = False,
                 pin_memory_device: str = "", in_order: bool = True) -> None:
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to "
                             "disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in "
                             "multiprocessing.let num_workers > 0 to enable multiprocessing, "
                             "otherwise set prefetch_factor to None.")
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        if multiprocessing_context is not None and num_workers == 0:
            raise ValueError("multiprocessing_context can only be used with multi-process "
                             f"loading (num_workers > 0), but got num_workers={num_workers}")
        if batch_size is not None and (isinstance(batch_size, bool)
                                       or not isinstance(batch_size, (int, np.integer))
                                       or batch_size <= 0):
            raise ValueError(f"batch_size should be a positive integer value, but got "
                             f"batch_size={batch_size}")
        if isinstance(dataset, IterableDataset):
            if shuffle not in (False, None):
                raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle "
                                 f"option, but got shuffle={shuffle}")
            if sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified sampler "
                                 f"option, but got sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"batch_sampler option, but got batch_sampler={batch_sampler}")
        else:
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size = None
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.generator = generator
        self.persistent_workers = persistent_workers
        if pin_memory and not ag.cuda.is_available():
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, "
                          "then device pinned memory won't be used.", UserWarning, stacklevel=2)
        # As PyTorch does: the default sampler follows ``shuffle`` and, with automatic
        # batching, a BatchSampler groups it (both readable as attributes).
        if sampler is None:
            if isinstance(dataset, IterableDataset):
                sampler = _InfiniteConstantSampler()  # the stream sets the order
            else:
                sampler = (RandomSampler(dataset, generator=_generator(generator)) if shuffle
                           else SequentialSampler(dataset))
        if batch_sampler is None and batch_size is not None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        if collate_fn is None:
            collate_fn = default_collate if batch_sampler is not None else default_convert
        self.collate_fn = collate_fn
        self._fast = _tensor_source(dataset)
        self.__dict__["_initialized"] = True

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self._frozen_after_init and self.__dict__.get("_initialized"):
            raise ValueError(f"{name} attribute should not be set after "
                             f"{type(self).__name__} is initialized")
        object.__setattr__(self, name, value)

    @property
    def shuffle(self) -> bool:
        """Whether the sampler is the default random one."""
        return type(self.sampler) is RandomSampler

    def __len__(self) -> int:
        """The number of batches in an epoch."""
        if isinstance(self.dataset, IterableDataset):
            n = len(self.dataset)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return len(self.sampler)

    def _index_batches(self) -> Iterator[Any]:
        """The positions of each batch: slices, index arrays or lists. The default samplers
        give slices or one index array per epoch, a dataset's own ones lists."""
        bs = self.batch_sampler
        if type(bs) is not BatchSampler:
            yield from (list(b) for b in bs)
            return
        sampler, size = bs.sampler, bs.batch_size
        if type(sampler) is SequentialSampler:
            n = len(sampler)
            stop = n - n % size if bs.drop_last else n
            for start in range(0, stop, size):
                yield slice(start, min(start + size, n))
        elif type(sampler) is RandomSampler:
            order = sampler._order()
            n = len(order)
            stop = n - n % size if bs.drop_last else n
            for start in range(0, stop, size):
                yield order[start:start + size]
        else:
            yield from bs

    def _gather(self, fast: tuple, index: Any) -> list[Tensor]:
        """One batch of a TensorDataset: one gather per tensor, the index copied once."""
        source, index_map = fast
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
        """One epoch of batches (a new order each time when shuffling); ``len()`` of it is
        ``len()`` of the loader, as with PyTorch's loader iterators."""
        if self.pin_memory and ag.cuda.is_available():
            return _LoaderIter(self, (_pinned(batch) for batch in self._batches()))
        return _LoaderIter(self, self._batches())

    def _batches(self) -> Iterator[Any]:
        if isinstance(self.dataset, IterableDataset):
            yield from self._iter_stream()
            return
        collate = self.collate_fn
        if self.batch_size is None and self.batch_sampler is None:
            for i in self.sampler:
                yield collate(self.dataset[i])
            return
        fast = self._fast if collate is default_collate else None
        getitems = getattr(self.dataset, "__getitems__", None)
        for index in self._index_batches():
            if fast is not None:
                yield self._gather(fast, index)
                continue
            if isinstance(index, slice):
                index = range(index.start, index.stop)
            index = [int(i) for i in index]
            samples = getitems(index) if getitems else [self.dataset[i] for i in index]
            yield collate(samples)

    def _iter_stream(self) -> Iterator[Any]:
        collate = self.collate_fn
        if self.batch_size is None:
            yield from (collate(s) for s in self.dataset)
            return
        it = iter(self.dataset)
        while batch := list(itertools.islice(it, self.batch_size)):
            if len(batch) < self.batch_size and self.drop_last:
                return
            yield collate(batch)
