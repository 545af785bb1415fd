"""nn.SyncBatchNorm without a process group (BatchNorm's behaviour), its
convert_sync_batchnorm, and nn.DataParallel on one device, against PyTorch. The multi-rank
SyncBatchNorm runs under mpiexec in tests/distributed."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.conftest import torch_or_skip


@pytest.mark.parametrize("shape", [(4, 3), (4, 3, 5), (2, 3, 4, 4), (2, 3, 2, 2, 2)])
@pytest.mark.parametrize("momentum", [0.1, None])
def test_sync_batchnorm_alone_is_batchnorm(shape, momentum) -> None:
    torch = torch_or_skip()
    x = np.random.default_rng(1).standard_normal(shape)
    ours = nn.SyncBatchNorm(3, momentum=momentum).double()
    theirs = torch.nn.SyncBatchNorm(3, momentum=momentum).double()
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    for _ in range(2):
        a, b = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        ya, yb = ours(a), theirs(b)
        np.testing.assert_allclose(ya.detach().numpy(), yb.detach().numpy(), rtol=1e-10,
                                   atol=1e-12)
        (ya * ya).sum().backward()
        (yb * yb).sum().backward()
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-8, atol=1e-10)
    for k, v in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[k].numpy(), v.numpy(), rtol=1e-10)
    ours.eval()
    theirs.eval()
    np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(),
                               theirs(torch.tensor(x)).detach().numpy(), rtol=1e-10)
    assert repr(ours) == repr(theirs)


def test_sync_batchnorm_errors_and_convert_match_torch() -> None:
    torch = torch_or_skip()
    with pytest.raises(ValueError, match=r"expected at least 2D input \(got 1D input\)"):
        nn.SyncBatchNorm(3)(ag.ones(3))
    with pytest.raises(ValueError, match=r"expected at least 2D input \(got 1D input\)"):
        torch.nn.SyncBatchNorm(3)(torch.ones(3))

    def build(mod):
        return mod.Sequential(mod.BatchNorm1d(3), mod.InstanceNorm1d(3),
                              mod.Sequential(mod.BatchNorm2d(2, affine=False)),
                              mod.BatchNorm3d(4, bias=False))

    ours = build(nn)
    bn = ours[0]
    ours[0].eval()
    converted = nn.SyncBatchNorm.convert_sync_batchnorm(ours, process_group=None)
    theirs = torch.nn.SyncBatchNorm.convert_sync_batchnorm(build(torch.nn))
    assert repr(converted) == repr(theirs)
    assert list(converted.state_dict()) == list(theirs.state_dict())
    assert converted[0].weight is bn.weight and converted[0].running_mean is bn.running_mean
    assert converted[0].training is False and isinstance(converted[1], nn.InstanceNorm1d)
    single = nn.SyncBatchNorm.convert_sync_batchnorm(nn.BatchNorm1d(2))
    assert type(single) is nn.SyncBatchNorm


def test_data_parallel_on_one_device_matches_torch() -> None:
    torch = torch_or_skip()
    ours = nn.DataParallel(nn.Linear(3, 2))
    theirs = torch.nn.DataParallel(torch.nn.Linear(3, 2))
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["module.weight",
                                                                    "module.bias"]
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    x = np.ones((4, 3), np.float32)
    np.testing.assert_allclose(ours(ag.tensor(x)).detach().numpy(),
                               theirs(torch.tensor(x)).detach().numpy(), rtol=1e-6)
    assert isinstance(ours.module, nn.Linear) and ours.dim == 0
    assert ours.device_ids == ([0] if ag.cuda.is_available() else [])
    with pytest.raises(ValueError, match="only one device"):
        nn.DataParallel(nn.Linear(1, 1), device_ids=[0, 1])
