"""Samplers (``torch.utils.data.Sampler`` and its family): the order in which a DataLoader
visits a map-style dataset's indices, and how it groups them into batches.

Random draws come from NumPy: ``generator`` is None (the host generator that
``autograd.manual_seed`` seeds), an ``autograd.Generator``, a NumPy generator or an int seed.
The draws are reproducible under ``autograd.manual_seed`` but are not PyTorch's numbers; the
lengths, the batch structure and the argument checks are PyTorch's.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Sequence, Sized
from typing import Any

import numpy as np

import autograd as ag
from autograd.tensor import Tensor
from nn.init import _host_rng

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler",
           "WeightedRandomSampler", "BatchSampler"]

# Shuffling, sampling and random_split draw from their own host generator, reseeded by
# autograd.manual_seed from a stream independent of nn.init's.
_rng = np.random.default_rng()


@ag.register_seed_hook
def _reseed(seed: int) -> None:
    global _rng
    _rng = np.random.default_rng(np.random.SeedSequence(int(seed) % 2**64, spawn_key=(1,)))


def _generator(generator: Any) -> Any:
    """An int seed as one NumPy generator (so that successive epochs still differ)."""
    if isinstance(generator, (int, np.integer)) and not isinstance(generator, bool):
        return np.random.default_rng(int(generator) % 2**64)
    return generator


def _draws(generator: Any) -> np.random.Generator:
    """The NumPy generator to draw from now."""
    return _host_rng(generator, _rng)


def _positive_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value > 0


class Sampler:
    """Base class of the samplers: subclasses define ``__iter__`` over dataset indices (and
    usually ``__len__``)."""

    def __init__(self, data_source: Sized | None = None) -> None:
        if data_source is not None:
            warnings.warn("`data_source` argument is not used and will be removed in 2.2.0. "
                          "You may still have custom implementation that utilizes it.",
                          UserWarning, stacklevel=2)

    def __iter__(self) -> Iterator[Any]:
        """The indices, in order."""
        raise NotImplementedError(f"{type(self).__name__} should implement __iter__")


class SequentialSampler(Sampler):
    """``0, 1, ..., len(data_source) - 1``."""

    def __init__(self, data_source: Sized) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        """The indices in order."""
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        """The number of indices."""
        return len(self.data_source)


class RandomSampler(Sampler):
    """A random order of ``data_source``'s indices: without ``replacement``, whole
    permutations one after the other (cut at ``num_samples``); with it, ``num_samples``
    independent uniform draws. A new order every iteration."""

    def __init__(self, data_source: Sized, replacement: bool = False,
                 num_samples: int | None = None, generator: Any = None) -> None:
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got "
                            f"replacement={replacement}")
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        self._gen = _generator(generator)
        if not _positive_int(self.num_samples):
            raise ValueError(f"num_samples should be a positive integer value, but got "
                             f"num_samples={self.num_samples}")

    @property
    def num_samples(self) -> int:
        """``num_samples`` as given, else the dataset's length."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def _order(self) -> np.ndarray:
        """One epoch's indices as an int64 array."""
        n, k = len(self.data_source), self.num_samples
        rng = _draws(self._gen)
        if self.replacement:
            return rng.integers(0, n, size=k, dtype=np.int64)
        if k == n:
            return rng.permutation(n)
        perms = [rng.permutation(n) for _ in range(k // n)]
        if k % n:
            perms.append(rng.permutation(n)[:k % n])
        return np.concatenate(perms) if perms else np.zeros(0, dtype=np.int64)

    def __iter__(self) -> Iterator[int]:
        """``num_samples`` indices in a fresh random order."""
        return iter(self._order().tolist())

    def __len__(self) -> int:
        """``num_samples``."""
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given ``indices`` in a random order, a new one every iteration."""

    def __init__(self, indices: Sequence[int], generator: Any = None) -> None:
        self.indices = indices
        self.generator = generator
        self._gen = _generator(generator)

    def __iter__(self) -> Iterator[int]:
        """The indices, permuted."""
        for i in _draws(self._gen).permutation(len(self.indices)).tolist():
            yield self.indices[i]

    def __len__(self) -> int:
        """The number of indices."""
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """``num_samples`` indices in ``[0, len(weights))`` drawn with probability proportional
    to ``weights`` (``torch.multinomial``), with or without ``replacement``."""

    def __init__(self, weights: Sequence[float], num_samples: int, replacement: bool = True,
                 generator: Any = None) -> None:
        if not _positive_int(num_samples):
            raise ValueError(f"num_samples should be a positive integer value, but got "
                             f"num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got "
                             f"replacement={replacement}")
        host = weights.numpy() if isinstance(weights, Tensor) else weights
        w = np.asarray(host, dtype=np.float64)
        if w.ndim != 1:
            raise ValueError(f"weights should be a 1d sequence but given weights have shape "
                             f"{tuple(w.shape)}")
        self.weights = ag.as_tensor(w)
        self.num_samples = int(num_samples)
        self.replacement = replacement
        self.generator = generator
        self._gen = _generator(generator)
        self._w = w

    def __iter__(self) -> Iterator[int]:
        """``num_samples`` weighted draws."""
        w, k = self._w, self.num_samples
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise RuntimeError("WeightedRandomSampler: weights must be finite and non-negative "
                               "(multinomial: invalid probability distribution)")
        total = w.sum()
        if total <= 0:
            raise RuntimeError("WeightedRandomSampler: invalid multinomial distribution "
                               "(sum of probabilities <= 0)")
        if not self.replacement and k > len(w):
            raise RuntimeError(f"WeightedRandomSampler: cannot sample n_sample > "
                               f"prob_dist.size(-1) samples without replacement (num_samples="
                               f"{k}, {len(w)} weights)")
        rng = _draws(self._gen)
        if self.replacement:
            return iter(rng.choice(len(w), size=k, p=w / total).tolist())
        # without replacement, once the non-zero weights are used up the zero-weight indices
        # follow in a random order (as torch.multinomial does)
        nonzero = np.flatnonzero(w)
        m = min(k, len(nonzero))
        first = nonzero[rng.choice(len(nonzero), size=m, replace=False, p=w[nonzero] / total)]
        rest = rng.permutation(np.flatnonzero(w == 0))[:k - m]
        return iter(np.concatenate([first, rest]).tolist())

    def __len__(self) -> int:
        """``num_samples``."""
        return self.num_samples


class BatchSampler(Sampler):
    """Lists of ``batch_size`` consecutive indices of ``sampler``; the last, shorter one is
    dropped with ``drop_last``."""

    def __init__(self, sampler: Sampler | Iterable[int], batch_size: int,
                 drop_last: bool) -> None:
        if not _positive_int(batch_size):
            raise ValueError(f"batch_size should be a positive integer value, but got "
                             f"batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got "
                             f"drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = int(batch_size)
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[list[int]]:
        """One list of indices per batch."""
        batch: list[int] = []
        for idx in self.sampler:
            batch.append(idx)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self) -> int:
        """The number of batches."""
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
