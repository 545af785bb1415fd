"""torch.nn's older names: CrossMapLRN2d (PyTorch's values; a gradient that gradchecks),
NLLLoss2d and Container (deprecated: a FutureWarning, otherwise NLLLoss and Module)."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from nn.modules import container, loss, normalization
from tests.conftest import torch_or_skip

RNG = np.random.default_rng(11)


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 9])
@pytest.mark.parametrize("channels", [1, 3, 7])
def test_cross_map_lrn2d_matches_torch(size, channels, device):
    torch = torch_or_skip()
    x = RNG.standard_normal((2, channels, 3, 4))
    kwargs = {"alpha": 0.5, "beta": 0.75, "k": 1.5}
    ours = nn.CrossMapLRN2d(size, **kwargs)
    theirs = torch.nn.CrossMapLRN2d(size, **kwargs)
    got = ours(ag.tensor(x, device=device)).cpu().numpy()
    expected = theirs(torch.tensor(x)).detach().numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)
    assert repr(ours) == repr(theirs)


def test_cross_map_lrn2d_differs_from_local_response_norm_as_torch():
    # PyTorch's running window sum keeps channel 0: the values are not LocalResponseNorm's
    x = ag.tensor(RNG.standard_normal((1, 6, 2, 2)))
    a = nn.CrossMapLRN2d(3, alpha=0.5)(x).numpy()
    b = nn.LocalResponseNorm(3, alpha=0.5)(x).numpy()
    np.testing.assert_allclose(a[:, :2], b[:, :2], rtol=1e-12)
    assert np.abs(a[:, 2:] - b[:, 2:]).min() > 0


def test_cross_map_lrn2d_gradients_check():
    x = ag.tensor(RNG.standard_normal((2, 5, 3, 3)), requires_grad=True)
    m = nn.CrossMapLRN2d(3, alpha=0.5, beta=0.75, k=1.0)
    assert ag.gradcheck(m, (x,))
    assert ag.gradgradcheck(m, (x,))
    assert normalization.CrossMapLRN2d is nn.CrossMapLRN2d


@pytest.mark.parametrize("shape", [(2, 3, 4), (1, 2, 3, 4, 5)])
def test_cross_map_lrn2d_refuses_other_than_4d(shape):
    with pytest.raises(ValueError, match=f"CrossMapLRN2d: Expected input to be 4D, got "
                                         f"{len(shape)}D instead"):
        nn.CrossMapLRN2d(3)(ag.zeros(*shape))


def test_nll_loss2d_is_a_deprecated_nll_loss():
    torch = torch_or_skip()
    with pytest.warns(FutureWarning, match="NLLLoss2d` has been deprecated"):
        ours = nn.NLLLoss2d(ignore_index=1, reduction="sum")
    assert isinstance(ours, nn.NLLLoss) and loss.NLLLoss2d is nn.NLLLoss2d
    with pytest.warns(FutureWarning):
        theirs = torch.nn.NLLLoss2d(ignore_index=1, reduction="sum")
    x = RNG.standard_normal((2, 3, 4, 5))
    t = RNG.integers(0, 3, (2, 4, 5))
    got = ours(ag.tensor(x), ag.tensor(t)).item()
    assert got == pytest.approx(theirs(torch.tensor(x), torch.tensor(t)).item(), rel=1e-12)


def test_container_is_a_deprecated_module_of_keyword_submodules():
    with pytest.warns(FutureWarning, match="nn.Container` is deprecated"):
        c = nn.Container(first=nn.Linear(2, 3), second=nn.ReLU())
    assert isinstance(c, nn.Module) and container.Container is nn.Container
    assert list(dict(c.named_children())) == ["first", "second"]
    assert list(c.state_dict()) == ["first.weight", "first.bias"]
    torch = torch_or_skip()
    with pytest.warns(FutureWarning):
        theirs = torch.nn.Container(first=torch.nn.Linear(2, 3), second=torch.nn.ReLU())
    assert repr(c) == repr(theirs)
