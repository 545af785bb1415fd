"""nn.AdaptiveLogSoftmaxWithLoss against PyTorch: PyTorch's state dict loaded unchanged, then
output, loss, every gradient, log_prob and predict compared; PyTorch's errors on bad input."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn.modules import adaptive
from tests.conftest import torch_or_skip

RNG = np.random.default_rng(7)


def _pair(*args, **kwargs):
    torch = torch_or_skip()
    torch.manual_seed(0)
    theirs = torch.nn.AdaptiveLogSoftmaxWithLoss(*args, **kwargs).double()
    ours = nn.AdaptiveLogSoftmaxWithLoss(*args, **kwargs).double()
    state = {k: ag.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    return ours, theirs, torch


def _close(a, b) -> None:
    np.testing.assert_allclose(a.detach().cpu().numpy(), b.detach().numpy(), rtol=1e-10,
                               atol=1e-12)


CASES = [
    ((8, 10, [3, 6]), {"div_value": 2.0, "head_bias": True}, [0, 9, 4, 2, 7, 5, 1]),
    ((8, 10, [3, 6]), {"div_value": 2.0}, [1, 2, 0]),  # the shortlist only
    ((6, 12, [2]), {"div_value": 1.5}, [5, 11, 7, 3]),  # the tail only
    ((8, 4, [1, 2, 3]), {"head_bias": True, "div_value": 2.0}, [3]),  # one example
]


@pytest.mark.parametrize("args,kwargs,target", CASES, ids=["mixed", "head", "tail", "single"])
def test_matches_torch(args, kwargs, target, device):
    ours, theirs, torch = _pair(*args, **kwargs)
    ours.to(device)
    x = RNG.standard_normal((len(target), args[0]))
    tx = torch.tensor(x, requires_grad=True)
    ax = ag.tensor(x, requires_grad=True, device=device)
    expected = theirs(tx, torch.tensor(target))
    got = ours(ax, ag.tensor(target, device=device))
    assert type(got).__name__ == "_ASMoutput" and got._fields == ("output", "loss")
    assert isinstance(got, adaptive._ASMoutput)
    assert got.output.shape == tuple(expected.output.shape) and got.loss.shape == ()
    _close(got.output, expected.output)
    _close(got.loss, expected.loss)
    (expected.loss + expected.output.sum()).backward()
    (got.loss + got.output.sum()).backward()
    _close(ax.grad, tx.grad)
    for (name, p), (name_t, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert name == name_t
        if q.grad is None:  # a tail no target reached
            assert p.grad is None, name
        else:
            _close(p.grad, q.grad)
    _close(ours.log_prob(ax), theirs.log_prob(tx))
    np.testing.assert_array_equal(ours.predict(ax).cpu().numpy(), theirs.predict(tx).numpy())


def test_unbatched_input_gives_a_0d_output():
    ours, theirs, torch = _pair(4, 6, [2, 4], div_value=2.0)
    x = RNG.standard_normal(4)
    got = ours(ag.tensor(x), ag.tensor(5))
    expected = theirs(torch.tensor(x), torch.tensor(5))
    assert got.output.shape == () and got.loss.shape == ()
    _close(got.output, expected.output)
    _close(got.loss, expected.loss)


@pytest.mark.parametrize("which", ["some", "all"])
def test_predict_takes_the_tails_when_the_head_points_to_a_cluster(which):
    ours, theirs, torch = _pair(6, 9, [2, 5], div_value=2.0, head_bias=True)
    x = RNG.standard_normal((8, 6))
    x[:, 0] = np.where(np.arange(8) % 2 == 0, 1.0, -1.0)
    with torch.no_grad():  # the clusters win the head, except class 0 where x[:, 0] = 1
        theirs.head.bias.copy_(torch.tensor([0.0, 0.0, 50.0, 50.0]))
        theirs.head.weight[0, 0] = 200.0 if which == "some" else 0.0
    ours.load_state_dict({k: ag.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    expected = theirs.predict(torch.tensor(x)).numpy()
    got = ours.predict(ag.tensor(x)).numpy()
    np.testing.assert_array_equal(got, expected)
    assert (expected[1::2] >= 2).all()
    assert (expected[::2] == 0).all() if which == "some" else (expected >= 2).all()
    np.testing.assert_array_equal(got, ours.log_prob(ag.tensor(x)).argmax(1).numpy())


def test_state_dict_names_and_shapes_follow_torch():
    ours, theirs, _ = _pair(16, 100, [10, 40], div_value=4.0)
    shapes = {k: tuple(v.shape) for k, v in ours.state_dict().items()}
    assert shapes == {k: tuple(v.shape) for k, v in theirs.state_dict().items()}
    assert shapes["tail.1.0.weight"] == (1, 16)  # 16 // 4**2
    assert repr(ours) == repr(theirs)
    assert ours.head_size == 12 and ours.cutoffs == [10, 40, 100]


@pytest.mark.parametrize("cutoffs", [[], [3, 2], [0, 3], [3, 10], [2, 2], [2.5]])
def test_bad_cutoffs_raise_value_error(cutoffs):
    with pytest.raises(ValueError, match="cutoffs"):
        nn.AdaptiveLogSoftmaxWithLoss(4, 10, cutoffs)


@pytest.mark.parametrize("shape,target,match", [
    ((3, 4), [1, 2], "same size in the batch dimension"),
    ((3, 4, 1), [1, 2, 3], "1D target tensor expects 2D input"),
    ((3, 4), 1, "0D target tensor expects 1D input"),
    ((3, 4), [[1, 2, 3]], "multi-target not supported"),
    ((3, 4), [1, 10, 2], r"Target values should be in \[0, 9\].*\[1, 10\]"),
    ((2, 4), [-1, 2], r"Target values should be in \[0, 9\].*\[-1, 2\]"),
])
def test_bad_input_raises_runtime_error(shape, target, match):
    m = nn.AdaptiveLogSoftmaxWithLoss(4, 10, [3])
    with pytest.raises(RuntimeError, match="AdaptiveLogSoftmaxWithLoss") as info:
        m(ag.randn(*shape), ag.tensor(target))
    assert info.match(match)
