"""nn.data: batching, shuffling, collation and splits (vs PyTorch where it helps)."""

from __future__ import annotations

from collections import namedtuple

import numpy as np
import pytest

import autograd as ag
from nn.data import (
    ConcatDataset,
    DataLoader,
    Dataset,
    IterableDataset,
    Subset,
    TensorDataset,
    default_collate,
    random_split,
)
from tests.conftest import torch_or_skip


def _ds(n=10, device="cpu"):
    x = ag.arange(n * 3, dtype=ag.float32, device=device).reshape(n, 3)
    y = ag.arange(n, device=device)
    return TensorDataset(x, y)


def _labels(loader):
    return [b[1].tolist() for b in loader]


def test_tensor_dataset():
    ds = _ds(5)
    assert len(ds) == 5
    x, y = ds[2]
    assert x.tolist() == [6.0, 7.0, 8.0] and y.item() == 2
    for exc in (ValueError, AssertionError):  # PyTorch asserts here
        with pytest.raises(exc, match="Size mismatch"):
            TensorDataset(ag.zeros(4, 2), ag.zeros(5))


def test_batching_and_drop_last(device):
    ds = _ds(10, device)
    loader = DataLoader(ds, batch_size=4)
    batches = list(loader)
    assert len(loader) == 3 and [b[0].shape for b in batches] == [(4, 3), (4, 3), (2, 3)]
    assert isinstance(batches[0], list) and len(batches[0]) == 2
    assert str(batches[0][0].device).startswith(device)
    assert batches[0][1].dtype == ag.int64
    np.testing.assert_array_equal(np.concatenate([b[0].numpy(force=True) for b in batches]),
                                  ds.tensors[0].numpy(force=True))
    dropped = DataLoader(ds, batch_size=4, drop_last=True)
    assert len(dropped) == 2 and _labels(dropped) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert len(DataLoader(ds, batch_size=5, drop_last=True)) == 2
    assert len(DataLoader(ds)) == 10


def test_batches_are_copies(device):
    ds = _ds(6, device)
    for shuffle in (False, True):
        x, _ = next(iter(DataLoader(ds, batch_size=3, shuffle=shuffle)))
        x.add_(100.0)
        assert ds.tensors[0].numpy(force=True).max() < 100


def test_fast_path_matches_collate(device):
    ds = _ds(11, device)
    ag.manual_seed(5)
    fast = list(DataLoader(ds, batch_size=4, shuffle=True))
    ag.manual_seed(5)
    slow = list(DataLoader(ds, batch_size=4, shuffle=True, collate_fn=default_collate))
    for f, s in zip(fast, slow):
        for a, b in zip(f, s):
            assert a.dtype == b.dtype and a.device is b.device
            np.testing.assert_array_equal(a.numpy(force=True), b.numpy(force=True))


def test_shuffle_reproducible_and_reshuffles():
    loader = DataLoader(_ds(20), batch_size=6, shuffle=True)
    ag.manual_seed(0)
    e1, e2 = _labels(loader), _labels(loader)
    assert sorted(sum(e1, [])) == list(range(20)) and sorted(sum(e2, [])) == list(range(20))
    assert e1 != e2 and e1 != _labels(DataLoader(_ds(20), batch_size=6))
    ag.manual_seed(0)
    assert _labels(loader) == e1 and _labels(loader) == e2


def test_shuffle_with_generator():
    ds = _ds(20)
    g = ag.Generator().manual_seed(1)
    loader = DataLoader(ds, batch_size=5, shuffle=True, generator=g)
    e1, e2 = _labels(loader), _labels(loader)
    assert e1 != e2
    g.manual_seed(1)
    assert _labels(loader) == e1
    a = DataLoader(ds, batch_size=5, shuffle=True, generator=42)
    b = DataLoader(ds, batch_size=5, shuffle=True, generator=42)
    first = _labels(a)
    assert first == _labels(b) and _labels(a) != first
    c = DataLoader(ds, batch_size=5, shuffle=True, generator=np.random.default_rng(42))
    assert len(_labels(c)) == 4


def test_collate_vs_torch():
    torch = torch_or_skip()
    from torch.utils.data import default_collate as tcollate

    Point = namedtuple("Point", "x y")
    batches = [
        [(1, 2.0), (3, 4.0)],
        [{"a": np.ones(2, np.float32), "b": 1}, {"a": np.zeros(2, np.float32), "b": 2}],
        [np.float32(1), np.float32(2)],
        [np.int32(1), np.int32(2)],
        [True, False],
        [[1, 2], [3, 4]],
        [Point(1.0, np.ones(3)), Point(2.0, np.zeros(3))],
    ]
    def compare(ours, ref):
        if isinstance(ref, torch.Tensor):
            assert isinstance(ours, ag.Tensor) and ours.shape == tuple(ref.shape)
            assert str(ours.dtype) == str(ref.dtype).replace("torch.", "")
            np.testing.assert_array_equal(ours.numpy(), ref.numpy())
        elif isinstance(ref, dict):
            assert isinstance(ours, dict) and ours.keys() == ref.keys()
            for k in ref:
                compare(ours[k], ref[k])
        else:
            assert type(ours) is type(ref) and len(ours) == len(ref)
            for o, r in zip(ours, ref):
                compare(o, r)
    for batch in batches:
        compare(default_collate(batch), tcollate(batch))
    assert default_collate(["a", "b"]) == ["a", "b"]
    with pytest.raises(RuntimeError, match="equal size"):
        default_collate([[1, 2], [3]])
    with pytest.raises(TypeError, match="default_collate"):
        default_collate([object(), object()])


class Squares(Dataset):
    def __len__(self):
        return 7

    def __getitem__(self, i):
        return {"x": np.full(2, i, np.float32), "y": i * i}


def test_custom_dataset_and_collate_fn():
    loader = DataLoader(Squares(), batch_size=3)
    batch = next(iter(loader))
    assert batch["x"].shape == (3, 2) and batch["y"].tolist() == [0, 1, 4]
    assert [len(b["y"]) for b in loader] == [3, 3, 1]
    raw = DataLoader(Squares(), batch_size=2, collate_fn=lambda items: items)
    assert next(iter(raw))[1]["y"] == 1
    single = list(DataLoader(Squares(), batch_size=None))
    assert len(single) == 7 and isinstance(single[3]["x"], ag.Tensor)


def test_sampler_batch_sampler_and_iterable():
    ds = _ds(10)
    assert _labels(DataLoader(ds, batch_size=3, sampler=[9, 8, 7, 1])) == [[9, 8, 7], [1]]
    assert _labels(DataLoader(ds, batch_size=3, sampler=[9, 8, 7, 1], drop_last=True)) == [
        [9, 8, 7]]
    assert _labels(DataLoader(ds, batch_sampler=[[0, 5], [2]])) == [[0, 5], [2]]

    class Stream(IterableDataset):
        def __iter__(self):
            return iter(range(5))
    assert [b.tolist() for b in DataLoader(Stream(), batch_size=2)] == [[0, 1], [2, 3], [4]]
    assert len(list(DataLoader(Stream(), batch_size=2, drop_last=True))) == 2


def test_loader_errors():
    ds = _ds(4)
    with pytest.raises(ValueError, match="positive integer"):
        DataLoader(ds, batch_size=0)
    with pytest.raises(ValueError, match="mutually exclusive"):
        DataLoader(ds, sampler=[0, 1], shuffle=True)


def test_random_split_sizes_and_disjoint():
    torch = torch_or_skip()
    ds = _ds(10)
    for lengths in ([3, 7], [0.5, 0.5], [0.3, 0.3, 0.4], [0.33, 0.33, 0.34], [0.7, 0.3]):
        parts = random_split(ds, lengths)
        ref = torch.utils.data.random_split(range(10), lengths)
        assert [len(p) for p in parts] == [len(r) for r in ref]
        seen = sum((list(p.indices) for p in parts), [])
        assert sorted(seen) == list(range(10))
        assert all(isinstance(p, Subset) for p in parts)
    with pytest.raises(ValueError, match="Sum of input lengths"):
        random_split(ds, [3, 3])
    with pytest.raises(ValueError, match="not between 0 and 1"):
        random_split(ds, [1.5, -0.5])


def test_random_split_reproducible():
    ds = _ds(12)
    ag.manual_seed(3)
    a = [p.indices for p in random_split(ds, [4, 8])]
    ag.manual_seed(3)
    assert [p.indices for p in random_split(ds, [4, 8])] == a
    g = ag.Generator().manual_seed(9)
    b = [p.indices for p in random_split(ds, [4, 8], generator=g)]
    g.manual_seed(9)
    assert [p.indices for p in random_split(ds, [4, 8], generator=g)] == b


def test_subset_through_loader(device):
    ds = _ds(10, device)
    train, _ = random_split(ds, [0.6, 0.4], generator=0)
    labels = sum(_labels(DataLoader(train, batch_size=4)), [])
    assert labels == list(train.indices)
    nested = Subset(train, [5, 0])
    x, y = next(iter(DataLoader(nested, batch_size=2)))
    assert y.tolist() == [train.indices[5], train.indices[0]]
    np.testing.assert_array_equal(x.numpy(force=True),
                                  ds.tensors[0].numpy(force=True)[y.numpy(force=True)])
    assert nested[[0, 1]][1].tolist() == y.tolist()


def test_concat_dataset():
    both = _ds(3) + _ds(4)
    assert isinstance(both, ConcatDataset) and len(both) == 7
    assert both[3][1].item() == 0 and both[-1][1].item() == 3
    assert [len(b[1]) for b in DataLoader(both, batch_size=5)] == [5, 2]


def test_seed_before_import_still_reproducible():
    import subprocess
    import sys

    code = ("import autograd as ag; ag.manual_seed(0); from nn.data import TensorDataset, "
            "DataLoader; from nn import init; "
            "dl = DataLoader(TensorDataset(ag.arange(8)), batch_size=8, shuffle=True); "
            "print(next(iter(dl))[0].tolist(), init.normal_(ag.empty(2)).tolist())")
    root = __file__.rsplit("/tests/", 1)[0]
    runs = [subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                           text=True, check=True).stdout for _ in range(2)]
    assert runs[0] == runs[1] and runs[0].strip()
