"""``nn.data.DistributedSampler`` against PyTorch's (num_replicas and rank given, so no
process group is needed): lengths, padding, partitioning, drop_last, epochs and errors."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn.data import DataLoader, DistributedSampler, TensorDataset
from tests.conftest import torch_or_skip

CASES = [(10, 3, False), (10, 3, True), (9, 3, False), (9, 3, True), (2, 4, False),
         (1, 3, False), (7, 2, True), (5, 8, False), (0, 2, False), (13, 4, True)]


@pytest.mark.parametrize("size,replicas,drop_last", CASES)
def test_unshuffled_shares_match_torch(size, replicas, drop_last):
    torch = torch_or_skip()
    from torch.utils.data.distributed import DistributedSampler as TorchSampler

    for rank in range(replicas):
        ours = DistributedSampler(range(size), num_replicas=replicas, rank=rank,
                                  shuffle=False, drop_last=drop_last)
        theirs = TorchSampler(range(size), num_replicas=replicas, rank=rank, shuffle=False,
                              drop_last=drop_last)
        assert list(ours) == list(theirs), (size, replicas, rank)
        assert len(ours) == len(theirs) and ours.total_size == theirs.total_size
    assert torch is not None


@pytest.mark.parametrize("size,replicas,drop_last", CASES)
def test_shuffled_shares_partition_one_permutation_as_torch_does(size, replicas, drop_last):
    """Our permutation is NumPy's, so the test applies PyTorch's padding and striding to it."""
    shares = []
    for rank in range(replicas):
        s = DistributedSampler(range(size), num_replicas=replicas, rank=rank, seed=3,
                               drop_last=drop_last)
        s.set_epoch(2)
        shares.append(list(s))
    perm = np.random.default_rng(3 + 2).permutation(size).tolist()
    total = len(shares[0]) * replicas
    if drop_last:
        perm = perm[:total]
    else:
        perm += (perm * (total // max(size, 1) + 1))[:total - size]
    assert shares == [perm[r:total:replicas] for r in range(replicas)]
    flat = sum(shares, [])
    if drop_last:
        assert len(set(flat)) == len(flat)
    elif size:
        assert set(flat) == set(range(size))


def test_epochs_reshuffle_and_every_rank_agrees():
    a = DistributedSampler(range(50), num_replicas=2, rank=0, seed=1)
    b = DistributedSampler(range(50), num_replicas=2, rank=1, seed=1)
    first = list(a) + list(b)
    a.set_epoch(1)
    b.set_epoch(1)
    second = list(a) + list(b)
    assert sorted(first) == sorted(second) == list(range(50)) and first != second
    a.set_epoch(0)
    assert list(a) == first[:25]


def test_with_a_dataloader():
    ds = TensorDataset(ag.arange(10.0))
    seen = []
    for rank in range(2):
        loader = DataLoader(ds, batch_size=2, sampler=DistributedSampler(
            ds, num_replicas=2, rank=rank, shuffle=False))
        seen += [float(v) for (x,) in loader for v in x.tolist()]
    assert sorted(seen) == [float(v) for v in range(10)]


def test_bad_rank_and_missing_group():
    torch = torch_or_skip()
    from torch.utils.data.distributed import DistributedSampler as TorchSampler

    for bad in (3, -1):
        with pytest.raises(ValueError) as theirs:
            TorchSampler(range(4), num_replicas=3, rank=bad)
        with pytest.raises(ValueError) as ours:
            DistributedSampler(range(4), num_replicas=3, rank=bad)
        assert str(ours.value) == str(theirs.value)
    with pytest.raises(ValueError, match="Default process group has not been initialized"):
        DistributedSampler(range(4))
    assert nn.data.DistributedSampler is DistributedSampler and torch is not None
