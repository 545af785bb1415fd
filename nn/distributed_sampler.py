"""``DistributedSampler`` (``torch.utils.data.distributed.DistributedSampler``): each of
``num_replicas`` processes draws its own share of a dataset's indices, the same permutation
on every rank (seeded by ``seed + epoch``), padded or cut to equal shares as PyTorch does."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd import distributed as dist

__all__ = ["DistributedSampler"]


class DistributedSampler:
    """The indices of this rank's share of ``dataset``: pass it as a DataLoader's
    ``sampler`` and call ``set_epoch(epoch)`` before each epoch for a new shuffle.

    Without ``drop_last`` the index list is padded by repeating its start until it divides
    evenly; with it, the tail that does not divide evenly is dropped. Rank ``r`` takes
    positions ``r, r + num_replicas, ...``. The permutation is NumPy's (seeded with
    ``seed + epoch``), so shuffled orders differ from PyTorch's; the padding and partitioning
    are PyTorch's.
    """

    def __init__(self, dataset: Any, num_replicas: int | None = None, rank: int | None = None,
                 shuffle: bool = True, seed: int = 0, drop_last: bool = False) -> None:
        if num_replicas is None:
            if not dist.is_available():
                raise RuntimeError("Requires distributed package to be available")
            num_replicas = dist.get_world_size()
        if rank is None:
            if not dist.is_available():
                raise RuntimeError("Requires distributed package to be available")
            rank = dist.get_rank()
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval "
                             f"[0, {num_replicas - 1}]")
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        n = len(dataset)
        if drop_last and n % num_replicas != 0:
            self.num_samples = math.ceil((n - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(n / num_replicas)
        self.total_size = self.num_samples * num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def __iter__(self) -> Iterator[int]:
        n = len(self.dataset)
        if self.shuffle:
            indices = np.random.default_rng(self.seed + self.epoch).permutation(n)
        else:
            indices = np.arange(n)
        if not self.drop_last:
            padding = self.total_size - n
            if padding > 0:
                indices = np.concatenate([indices, np.resize(indices, padding)])
        else:
            indices = indices[:self.total_size]
        return iter(indices[self.rank:self.total_size:self.num_replicas].tolist())

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """Use ``epoch`` for the next shuffle: every rank must pass the same one."""
        self.epoch = epoch
