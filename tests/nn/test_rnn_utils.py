"""nn.utils.rnn: packing and padding variable-length batches, against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn.utils import rnn
from tests.conftest import torch_or_skip

RNG = np.random.default_rng(5)


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("lengths,enforce_sorted", [([4, 2, 1], True), ([2, 4, 3], False),
                                                    ([1, 1, 1], True), ([3, 3, 1], False)])
def test_pack_and_pad_round_trip_like_torch(batch_first, lengths, enforce_sorted):
    torch = torch_or_skip()
    trnn = torch.nn.utils.rnn
    x = RNG.standard_normal((3, 4, 2) if batch_first else (4, 3, 2))
    ours_in, theirs_in = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    p = rnn.pack_padded_sequence(ours_in, lengths, batch_first=batch_first,
                                 enforce_sorted=enforce_sorted)
    tp = trnn.pack_padded_sequence(theirs_in, lengths, batch_first=batch_first,
                                   enforce_sorted=enforce_sorted)
    np.testing.assert_array_equal(p.data.detach().numpy(), tp.data.detach().numpy())
    np.testing.assert_array_equal(p.batch_sizes.numpy(), tp.batch_sizes.numpy())
    assert p.batch_sizes.dtype == ag.int64 and p.batch_sizes.device.type == "cpu"
    for ours_idx, their_idx in ((p.sorted_indices, tp.sorted_indices),
                                (p.unsorted_indices, tp.unsorted_indices)):
        assert (ours_idx is None) == (their_idx is None)
        if ours_idx is not None:
            np.testing.assert_array_equal(ours_idx.numpy(), their_idx.numpy())
    for total in (None, 6):
        out, lens = rnn.pad_packed_sequence(p, batch_first=batch_first, padding_value=-1.0,
                                            total_length=total)
        tout, tlens = trnn.pad_packed_sequence(tp, batch_first=batch_first,
                                               padding_value=-1.0, total_length=total)
        np.testing.assert_array_equal(out.detach().numpy(), tout.detach().numpy())
        np.testing.assert_array_equal(lens.numpy(), tlens.numpy())
    w = RNG.standard_normal(tuple(out.shape))
    (out * ag.tensor(w)).sum().backward()
    (tout * torch.tensor(w)).sum().backward()
    np.testing.assert_array_equal(ours_in.grad.numpy(), theirs_in.grad.numpy())


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("side", ["right", "left"])
def test_pad_sequence_like_torch(batch_first, side):
    torch = torch_or_skip()
    seqs = [RNG.standard_normal((n, 2)) for n in (3, 5, 1)]
    ours = [ag.tensor(s, requires_grad=True) for s in seqs]
    out = rnn.pad_sequence(ours, batch_first=batch_first, padding_value=2.0, padding_side=side)
    tout = torch.nn.utils.rnn.pad_sequence([torch.tensor(s) for s in seqs],
                                           batch_first=batch_first, padding_value=2.0,
                                           padding_side=side)
    np.testing.assert_array_equal(out.detach().numpy(), tout.numpy())
    out.sum().backward()
    for t, s in zip(ours, seqs):
        np.testing.assert_array_equal(t.grad.numpy(), np.ones_like(s))


def test_pack_sequence_and_unpack_round_trip():
    torch = torch_or_skip()
    seqs = [RNG.standard_normal((n, 3)) for n in (2, 4, 1, 4)]
    p = rnn.pack_sequence([ag.tensor(s) for s in seqs], enforce_sorted=False)
    tp = torch.nn.utils.rnn.pack_sequence([torch.tensor(s) for s in seqs], enforce_sorted=False)
    np.testing.assert_array_equal(p.data.numpy(), tp.data.numpy())
    for got, want in zip(rnn.unpack_sequence(p), seqs):
        np.testing.assert_array_equal(got.numpy(), want)
    padded = rnn.pad_sequence([ag.tensor(s) for s in seqs], batch_first=True)
    for got, want in zip(rnn.unpad_sequence(padded, [2, 4, 1, 4], batch_first=True), seqs):
        np.testing.assert_array_equal(got.numpy(), want)


def test_invert_permutation_and_to():
    perm = ag.tensor([2, 0, 3, 1])
    np.testing.assert_array_equal(rnn.invert_permutation(perm).numpy(), [1, 3, 0, 2])
    assert rnn.invert_permutation(None) is None
    p = rnn.pack_sequence([ag.ones(3, 2), ag.ones(1, 2)])
    assert p.double().data.dtype == ag.float64 and p.to("cpu") is p
    assert not p.is_cuda and nn.utils.rnn is rnn


def test_an_lstm_on_packed_input_ignores_the_padding():
    # the output at the real steps and h_n of each sequence do not depend on what pads it
    lstm = nn.LSTM(2, 3, bidirectional=True)
    x = RNG.standard_normal((4, 2, 2))
    y = x.copy()
    y[2:, 1] = 100.0  # sequence 1 has length 2: steps 2 and 3 are padding
    outs = []
    for data in (x, y):
        packed = rnn.pack_padded_sequence(ag.tensor(data, dtype=ag.float32), [4, 2])
        out, (h, _) = lstm(packed)
        outs.append((rnn.pad_packed_sequence(out)[0].detach().numpy(), h.detach().numpy()))
    np.testing.assert_array_equal(outs[0][0], outs[1][0])
    np.testing.assert_array_equal(outs[0][1], outs[1][1])
    assert np.all(outs[0][0][2:, 1] == 0)  # padded positions come back as padding_value


# -- bad input ----------------------------------------------------------------------------------


def test_unsorted_lengths_with_enforce_sorted():
    with pytest.raises(RuntimeError, match="`lengths` array must be sorted in decreasing order "
                                           "when `enforce_sorted` is True"):
        rnn.pack_padded_sequence(ag.zeros(4, 3, 2), [2, 3, 1])


def test_lengths_longer_than_the_sequence():
    with pytest.raises(RuntimeError, match=r"pack_padded_sequence\(\): a length of 5 is "
                                           r"longer than the input's 4 time steps"):
        rnn.pack_padded_sequence(ag.zeros(4, 3, 2), [5, 3, 1])


def test_lengths_of_the_wrong_count_or_zero():
    with pytest.raises(RuntimeError, match=r"Expected `len\(lengths\)` to be equal to "
                                           r"batch_size, but got 2 \(batch_size=3\)"):
        rnn.pack_padded_sequence(ag.zeros(4, 3, 2), [3, 1])
    with pytest.raises(RuntimeError, match="Length of all samples has to be greater than 0"):
        rnn.pack_padded_sequence(ag.zeros(4, 3, 2), [3, 0, 1], enforce_sorted=False)


def test_total_length_too_short_and_bad_padding_side():
    p = rnn.pack_sequence([ag.ones(3, 2), ag.ones(1, 2)])
    with pytest.raises(ValueError, match="Expected total_length to be at least the length of "
                                         "the longest sequence"):
        rnn.pad_packed_sequence(p, total_length=2)
    with pytest.raises(RuntimeError, match="Expected padding_side to be one of left or right"):
        rnn.pad_sequence([ag.ones(2)], padding_side="middle")
