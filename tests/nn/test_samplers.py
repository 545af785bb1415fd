"""nn.data samplers (Sequential, Random, SubsetRandom, WeightedRandom, Batch), ChainDataset,
StackDataset and DataLoader's sampler / batch_sampler arguments: the deterministic parts
(orders, lengths, batch structure, errors) against PyTorch, the random draws statistically."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from nn import data
from nn.data import (
    BatchSampler,
    ChainDataset,
    DataLoader,
    IterableDataset,
    RandomSampler,
    Sampler,
    SequentialSampler,
    StackDataset,
    SubsetRandomSampler,
    TensorDataset,
    WeightedRandomSampler,
    get_worker_info,
)
from tests.conftest import torch_or_skip


class _Stream(IterableDataset):
    def __init__(self, items):
        self.items = items

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def _ds(n=10):
    return TensorDataset(ag.arange(n * 2, dtype=ag.float32).reshape(n, 2), ag.arange(n))


def test_sequential_and_batch_sampler_match_torch() -> None:
    torch = torch_or_skip()
    src = list(range(7))
    assert list(SequentialSampler(src)) == list(torch.utils.data.SequentialSampler(src))
    assert len(SequentialSampler(src)) == 7
    for size in (1, 2, 3, 7, 9):
        for drop in (False, True):
            ours = BatchSampler(SequentialSampler(src), size, drop)
            theirs = torch.utils.data.BatchSampler(torch.utils.data.SequentialSampler(src),
                                                   size, drop)
            assert list(ours) == list(theirs)
            assert len(ours) == len(theirs)
    # any iterable of indices works as the inner sampler
    assert list(BatchSampler([5, 3, 1, 0, 2], 2, False)) == [[5, 3], [1, 0], [2]]


@pytest.mark.parametrize("args, error, match", [
    ((SequentialSampler(range(4)), 0, False), ValueError, "batch_size should be a positive"),
    ((SequentialSampler(range(4)), True, False), ValueError, "batch_size should be a positive"),
    ((SequentialSampler(range(4)), 2.0, False), ValueError, "batch_size should be a positive"),
    ((SequentialSampler(range(4)), 2, 1), ValueError, "drop_last should be a boolean"),
])
def test_batch_sampler_errors_as_torch(args, error, match) -> None:
    with pytest.raises(error, match=match):
        BatchSampler(*args)
    torch = torch_or_skip()
    with pytest.raises(error):
        torch.utils.data.BatchSampler(torch.utils.data.SequentialSampler(range(4)), *args[1:])


@pytest.mark.parametrize("replacement, num_samples", [(False, None), (False, 3), (False, 23),
                                                      (True, None), (True, 40)])
def test_random_sampler_lengths_and_coverage_as_torch(replacement, num_samples) -> None:
    torch = torch_or_skip()
    src = range(10)
    ours = RandomSampler(src, replacement=replacement, num_samples=num_samples)
    theirs = torch.utils.data.RandomSampler(src, replacement=replacement,
                                            num_samples=num_samples)
    drawn = list(ours)
    assert len(ours) == len(theirs) == len(drawn) == len(list(theirs))
    assert all(isinstance(i, int) and 0 <= i < 10 for i in drawn)
    if not replacement:  # whole permutations one after the other, then a cut one
        for start in range(0, len(drawn) - len(drawn) % 10, 10):
            assert sorted(drawn[start:start + 10]) == list(range(10))
        tail = drawn[len(drawn) - len(drawn) % 10:]
        assert len(set(tail)) == len(tail)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"replacement": 1}, TypeError, "replacement should be a boolean"),
    ({"num_samples": 0}, ValueError, "num_samples should be a positive integer"),
    ({"num_samples": 2.5}, ValueError, "num_samples should be a positive integer"),
])
def test_random_sampler_errors_as_torch(kwargs, error, match) -> None:
    with pytest.raises(error, match=match):
        RandomSampler(range(5), **kwargs)
    torch = torch_or_skip()
    with pytest.raises(error):
        torch.utils.data.RandomSampler(range(5), **kwargs)
    with pytest.raises(ValueError, match="num_samples=0"):
        RandomSampler([])


def test_random_draws_are_reproducible_under_manual_seed_and_generators() -> None:
    src = range(50)
    ag.manual_seed(3)
    a = list(RandomSampler(src)), list(RandomSampler(src, replacement=True))
    ag.manual_seed(3)
    b = list(RandomSampler(src)), list(RandomSampler(src, replacement=True))
    assert a == b
    s = RandomSampler(src)
    assert list(s) != list(s)  # a new order every epoch
    g1, g2 = ag.Generator().manual_seed(7), ag.Generator().manual_seed(7)
    for make in (lambda g: RandomSampler(src, generator=g),
                 lambda g: SubsetRandomSampler(list(range(0, 100, 2)), generator=g),
                 lambda g: WeightedRandomSampler([1.0] * 50, 20, generator=g)):
        assert list(make(g1)) == list(make(g2))
    seeded = RandomSampler(src, generator=5)
    assert list(seeded) != list(seeded)  # an int seed gives one generator, not a fixed order
    assert list(RandomSampler(src, generator=5)) == list(RandomSampler(src, generator=5))


def test_random_sampler_with_replacement_is_uniform() -> None:
    ag.manual_seed(0)
    counts = np.bincount(list(RandomSampler(range(5), replacement=True, num_samples=50_000)),
                         minlength=5)
    # 5 sigma of a binomial(50000, 0.2) count
    assert np.all(np.abs(counts - 10_000) < 5 * np.sqrt(50_000 * 0.2 * 0.8))


def test_subset_random_sampler_permutes_its_indices() -> None:
    torch = torch_or_skip()
    idx = [3, 8, 1, 9]
    ours = SubsetRandomSampler(idx)
    assert len(ours) == len(torch.utils.data.SubsetRandomSampler(idx)) == 4
    assert sorted(ours) == sorted(torch.utils.data.SubsetRandomSampler(idx)) == sorted(idx)
    ag.manual_seed(1)
    firsts = np.bincount([next(iter(SubsetRandomSampler(idx))) for _ in range(4000)],
                         minlength=10)
    assert np.all(np.abs(firsts[idx] - 1000) < 5 * np.sqrt(4000 * 0.25 * 0.75))


def test_weighted_random_sampler_frequencies_follow_the_weights() -> None:
    w = [0.1, 0.0, 0.6, 0.3]
    ag.manual_seed(2)
    counts = np.bincount(list(WeightedRandomSampler(w, 40_000)), minlength=4)
    assert counts[1] == 0
    p = np.array(w)
    assert np.all(np.abs(counts - 40_000 * p) < 5 * np.sqrt(40_000 * p * (1 - p)) + 1)
    once = list(WeightedRandomSampler(ag.tensor([1.0, 5.0, 0.0, 2.0]), 3, replacement=False))
    assert sorted(once) == [0, 1, 3]
    ag.manual_seed(5)  # past the non-zero weights, the zero-weight indices follow (as torch)
    for _ in range(20):
        drawn = list(WeightedRandomSampler([0.0, 3.0, 0.0, 1.0], 3, replacement=False))
        assert sorted(drawn[:2]) == [1, 3] and drawn[2] in (0, 2)


def test_weighted_random_sampler_attributes_and_errors_as_torch() -> None:
    torch = torch_or_skip()
    ours = WeightedRandomSampler([1, 2, 3], 5)
    theirs = torch.utils.data.WeightedRandomSampler([1, 2, 3], 5)
    assert len(ours) == len(theirs) == 5
    assert ours.weights.dtype == ag.float64 and theirs.weights.dtype == torch.float64
    np.testing.assert_array_equal(ours.weights.numpy(), theirs.weights.numpy())
    for args, match in [(([1.0, 2.0], 0), "num_samples should be a positive integer"),
                        (([1.0, 2.0], True), "num_samples should be a positive integer"),
                        (([1.0, 2.0], 2, 1), "replacement should be a boolean"),
                        (([[1.0, 2.0]], 2), "weights should be a 1d sequence")]:
        with pytest.raises(ValueError, match=match):
            WeightedRandomSampler(*args)
        with pytest.raises(ValueError):
            torch.utils.data.WeightedRandomSampler(*args)
    for args in [([1.0, 0.0, 2.0], 4, False), ([1.0, -1.0], 2), ([0.0, 0.0], 2)]:
        with pytest.raises(RuntimeError, match="WeightedRandomSampler"):
            list(WeightedRandomSampler(*args))
        with pytest.raises(RuntimeError):
            list(torch.utils.data.WeightedRandomSampler(*args))


def test_sampler_base_class() -> None:
    with pytest.raises(NotImplementedError, match="Sampler"):
        iter(Sampler())
    with pytest.warns(UserWarning, match="data_source"):
        Sampler(range(3))

    class Evens(Sampler):
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            return iter(range(0, self.n, 2))

        def __len__(self):
            return (self.n + 1) // 2

    loader = DataLoader(_ds(), batch_size=2, sampler=Evens(10))
    assert [b[1].tolist() for b in loader] == [[0, 2], [4, 6], [8]]
    assert len(loader) == 3


def test_dataloader_sampler_attributes_follow_torch() -> None:
    torch = torch_or_skip()
    tds = torch.utils.data.TensorDataset(torch.arange(10))
    for kwargs in [{}, {"shuffle": True}, {"batch_size": 3, "drop_last": True},
                   {"batch_size": None}]:
        ours, theirs = DataLoader(_ds(), **kwargs), torch.utils.data.DataLoader(tds, **kwargs)
        assert type(ours.sampler).__name__ == type(theirs.sampler).__name__
        assert type(ours.batch_sampler).__name__ == type(theirs.batch_sampler).__name__
        assert len(ours) == len(theirs)
        assert ours.batch_size == theirs.batch_size
    g = ag.Generator().manual_seed(0)
    assert DataLoader(_ds(), shuffle=True, generator=g).sampler.generator is g


def test_dataloader_batch_sampler_and_sampler_give_torch_batches() -> None:
    torch = torch_or_skip()
    tds = torch.utils.data.TensorDataset(torch.arange(10))
    sampler = [9, 0, 4, 4, 7]
    bsampler = [[1, 2], [8], [0, 5, 3]]
    for kwargs in [{"sampler": sampler, "batch_size": 2},
                   {"sampler": sampler, "batch_size": 2, "drop_last": True},
                   {"batch_sampler": bsampler},
                   {"batch_sampler": BatchSampler(SequentialSampler(range(10)), 4, True)},
                   {"sampler": SequentialSampler(range(10)), "batch_size": 3}]:
        tkw = dict(kwargs)
        if isinstance(tkw.get("batch_sampler"), BatchSampler):
            tkw["batch_sampler"] = torch.utils.data.BatchSampler(range(10), 4, True)
        if isinstance(tkw.get("sampler"), SequentialSampler):
            tkw["sampler"] = torch.utils.data.SequentialSampler(range(10))
        ours = [b[1].tolist() for b in DataLoader(_ds(), **kwargs)]
        theirs = [b[0].tolist() for b in torch.utils.data.DataLoader(tds, **tkw)]
        assert ours == theirs
        assert len(DataLoader(_ds(), **kwargs)) == len(torch.utils.data.DataLoader(tds, **tkw))


@pytest.mark.parametrize("kwargs, match", [
    ({"sampler": [0, 1], "shuffle": True}, "sampler option is mutually exclusive with shuffle"),
    ({"batch_sampler": [[0]], "batch_size": 2}, "batch_sampler option is mutually exclusive"),
    ({"batch_sampler": [[0]], "shuffle": True}, "batch_sampler option is mutually exclusive"),
    ({"batch_sampler": [[0]], "sampler": [0]}, "batch_sampler option is mutually exclusive"),
    ({"batch_sampler": [[0]], "drop_last": True}, "batch_sampler option is mutually exclusive"),
    ({"batch_size": None, "drop_last": True}, "batch_size=None option disables auto-batching"),
])
def test_dataloader_exclusions_as_torch(kwargs, match) -> None:
    with pytest.raises(ValueError, match=match):
        DataLoader(_ds(), **kwargs)
    torch = torch_or_skip()
    with pytest.raises(ValueError, match=match.split(" option")[0]):
        torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(10)), **kwargs)


def test_dataloader_shuffle_reproducible_under_manual_seed() -> None:
    ag.manual_seed(4)
    a = [b[1].tolist() for b in DataLoader(_ds(), batch_size=3, shuffle=True)]
    ag.manual_seed(4)
    b = [b[1].tolist() for b in DataLoader(_ds(), batch_size=3, shuffle=True)]
    assert a == b and sorted(sum(a, [])) == list(range(10))


def test_chain_dataset_as_torch() -> None:
    torch = torch_or_skip()
    ours = ChainDataset([_Stream([1, 2]), _Stream([3])])

    class TStream(torch.utils.data.IterableDataset):
        def __init__(self, items):
            self.items = items

        def __iter__(self):
            return iter(self.items)

        def __len__(self):
            return len(self.items)

    theirs = torch.utils.data.ChainDataset([TStream([1, 2]), TStream([3])])
    assert list(ours) == list(theirs) and len(ours) == len(theirs)
    assert list(ours) == [1, 2, 3] and len(ours) == 3
    assert [b.tolist() for b in DataLoader(ours, batch_size=2)] == [[1, 2], [3]]
    bad = ChainDataset([_ds()])
    with pytest.raises(TypeError, match="ChainDataset only supports IterableDataset"):
        list(bad)
    with pytest.raises(AssertionError):  # PyTorch's type, too
        len(bad)
    with pytest.raises(AssertionError):
        list(torch.utils.data.ChainDataset([torch.utils.data.TensorDataset(torch.arange(2))]))


def test_stack_dataset_as_torch() -> None:
    torch = torch_or_skip()
    a, b = list(range(4)), [x * 10 for x in range(4)]
    ours, theirs = StackDataset(a, b), torch.utils.data.StackDataset(a, b)
    assert len(ours) == len(theirs) == 4
    assert ours[2] == theirs[2] == (2, 20)
    assert ours.__getitems__([0, 3]) == theirs.__getitems__([0, 3])
    kw, tkw = StackDataset(x=a, y=b), torch.utils.data.StackDataset(x=a, y=b)
    assert kw[1] == tkw[1] == {"x": 1, "y": 10}
    assert kw.__getitems__([1, 2]) == tkw.__getitems__([1, 2])
    batch = next(iter(DataLoader(kw, batch_size=3)))
    assert batch["y"].tolist() == [0, 10, 20]
    for args, kwargs, match in [((a,), {"y": b}, "both types are given"),
                                ((), {}, "At least one dataset"),
                                ((a, b[:3]), {}, "Size mismatch between datasets")]:
        with pytest.raises(ValueError, match=match):
            StackDataset(*args, **kwargs)
        with pytest.raises(ValueError, match=match):
            torch.utils.data.StackDataset(*args, **kwargs)


def test_get_worker_info_is_none_in_the_main_process() -> None:
    torch = torch_or_skip()
    assert get_worker_info() is None
    assert torch.utils.data.get_worker_info() is None
    assert "get_worker_info" in data.__all__
