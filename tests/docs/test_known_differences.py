"""The deliberate differences from PyTorch that docs/pytorch.md lists: one check per entry,
which shows the difference (against PyTorch when it is installed). A difference that stops
being true, or an entry without a check, fails here."""

from __future__ import annotations

import json
import os
import re
import struct

import numpy as np
import pytest

import autograd as ag
from nn import functional as F
from tests.conftest import ROOT, torch_or_skip

PAGE = os.path.join(ROOT, "docs", "pytorch.md")


def listed() -> list[str]:
    """The ids of the entries under "Every deliberate difference", in order."""
    with open(PAGE) as fh:
        section = fh.read().split("## Every deliberate difference", 1)[1]
    return re.findall(r"^### .+ \{#([\w-]+)\}$", section, re.M)


def save_load_safetensors(tmp_path) -> None:
    path = tmp_path / "ckpt.safetensors"
    ag.save({"w": ag.ones(2), "step": 3}, path)
    data = path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])  # safetensors: a little-endian header length, JSON
    assert "tapegrad" in json.loads(data[8:8 + n])["__metadata__"]
    assert ag.load(path)["step"] == 3
    with pytest.raises(TypeError, match="save: cannot save value of type set"):
        ag.save({"a": {1, 2}}, tmp_path / "x")
    torch = torch_or_skip()
    torch.save({"a": {1, 2}}, tmp_path / "x.pt")  # PyTorch pickles it


def bce_target_gradient(tmp_path) -> None:
    x = ag.tensor([0.0, 1.0], dtype=ag.float64)
    t = ag.tensor([0.5, 0.5], dtype=ag.float64, requires_grad=True)
    F.binary_cross_entropy(x, t).backward()
    np.testing.assert_array_equal(t.grad.numpy(), [50.0, -50.0])  # +-100 / 2 (the mean)
    torch = torch_or_skip()
    tt = torch.tensor([0.5, 0.5], dtype=torch.float64, requires_grad=True)
    torch.nn.functional.binary_cross_entropy(torch.tensor([0.0, 1.0], dtype=torch.float64),
                                             tt).backward()
    assert np.isinf(tt.grad.numpy()).all()


def dataloader_num_workers(tmp_path) -> None:
    from nn.data import DataLoader, Dataset

    class Where(Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return ag.tensor(float(os.getpid()))

    pids = [b for batch in DataLoader(Where(), batch_size=2, num_workers=2) for b in
            batch.tolist()]
    assert pids == [float(os.getpid())] * 4
    with pytest.raises(ValueError, match="num_workers option should be non-negative"):
        DataLoader(Where(), num_workers=-1)


def rng_state_pcg64(tmp_path) -> None:
    state = ag.get_rng_state()
    assert state.dtype == ag.uint8 and state.shape == (41,)
    first = ag.rand(3)
    ag.set_rng_state(state)
    np.testing.assert_array_equal(ag.rand(3).numpy(), first.numpy())
    with pytest.raises(RuntimeError, match="RNG state of 41 bytes"):
        ag.set_rng_state(ag.zeros(5056, dtype=ag.uint8))
    torch = torch_or_skip()
    assert torch.get_rng_state().shape == (5056,)


def gamma_no_rsample(tmp_path) -> None:
    from autograd import distributions as D

    d = D.Gamma(ag.tensor([2.0], requires_grad=True), 1.0)
    assert not d.has_rsample and not d.sample((3,)).requires_grad
    with pytest.raises(NotImplementedError):
        d.rsample()
    for other in (D.InverseGamma(ag.tensor([2.0]), 1.0), D.FisherSnedecor(ag.tensor([2.0]), 3.0)):
        assert not other.has_rsample
        with pytest.raises(NotImplementedError):
            other.rsample()
    torch = torch_or_skip()
    assert torch.distributions.Gamma(torch.tensor([2.0]), 1.0).has_rsample
    assert torch.distributions.InverseGamma(torch.tensor([2.0]), 1.0).has_rsample
    assert torch.distributions.FisherSnedecor(torch.tensor([2.0]), 3.0).has_rsample


def inplace_shape_version(tmp_path) -> None:
    w = ag.ones(2, 3, dtype=ag.float64, requires_grad=True)
    y = w * 2
    z = y * w
    y.t_()
    assert y.shape == (3, 2) and y._version == 0
    z.sum().backward()  # the values saved before the change are still valid
    np.testing.assert_array_equal(w.grad.numpy(), 4 * np.ones((2, 3)))
    torch = torch_or_skip()
    w = torch.ones(2, 3, dtype=torch.float64, requires_grad=True)
    y = w * 2
    z = y * w
    y.t_()
    assert y._version == 1
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.sum().backward()


def vmap_loop(tmp_path) -> None:
    calls = []

    def f(x):
        calls.append(tuple(x.shape))
        return x * 2

    out = ag.func.vmap(f)(ag.ones(3, 2))
    assert calls == [(2,), (2,), (2,)] and tuple(out.shape) == (3, 2)
    torch = torch_or_skip()
    from torch.func import vmap as torch_vmap

    calls.clear()
    torch_vmap(f)(torch.ones(3, 2))
    assert calls == [(2,)]


def old_backward_hook(tmp_path) -> None:
    import nn

    got = []
    lin = nn.Linear(3, 2)
    lin.register_backward_hook(lambda m, gi, go: got.append([tuple(g.shape) for g in gi]))
    lin(ag.ones(4, 3, requires_grad=True)).sum().backward()
    assert got == [[(4, 3)]]  # the module input's gradient, as the full hook gives it
    torch = torch_or_skip()
    want = []
    tlin = torch.nn.Linear(3, 2)
    tlin.register_backward_hook(lambda m, gi, go: want.append([tuple(g.shape) for g in gi
                                                               if g is not None]))
    tlin(torch.ones(4, 3, requires_grad=True)).sum().backward()
    assert want and want[0] != got[0]  # the last node's inputs (bias, input, weight.T)


def crossmaplrn2d_gradient(tmp_path) -> None:
    import nn

    x = ag.tensor(np.random.default_rng(0).standard_normal((1, 4, 2, 2)), requires_grad=True)
    assert ag.gradcheck(nn.CrossMapLRN2d(2, alpha=0.5), (x,))
    torch = torch_or_skip()
    tx = torch.tensor(x.detach().numpy(), requires_grad=True)
    assert not torch.autograd.gradcheck(torch.nn.CrossMapLRN2d(2, alpha=0.5), (tx,),
                                        raise_exception=False)


def fractional_pool_zero_kernel(tmp_path) -> None:
    x = np.zeros((1, 1, 4, 4))
    with pytest.raises(RuntimeError, match="fractional_max_pool2d.*kernel_size must be greater"):
        F.fractional_max_pool2d(ag.tensor(x), 0, output_size=2)
    torch = torch_or_skip()
    values, indices = torch.nn.functional.fractional_max_pool2d(
        torch.tensor(x), 0, output_size=2, return_indices=True,
        _random_samples=torch.full((1, 1, 2), 0.5, dtype=torch.float64))
    assert torch.isinf(values).all() and (indices >= 16).any()


def as_strided_scatter_gradient(tmp_path) -> None:
    x = ag.tensor(np.arange(6.0), requires_grad=True)
    ag.as_strided_scatter(x, ag.ones(2, dtype=ag.float64), (2,), (2,), 1).backward(
        ag.tensor(np.arange(10.0, 16.0)))
    assert x.grad.tolist() == [10.0, 0.0, 12.0, 0.0, 14.0, 15.0]
    torch = torch_or_skip()
    tx = torch.arange(6.0, dtype=torch.float64, requires_grad=True)
    torch.as_strided_scatter(tx, torch.ones(2, dtype=torch.float64), (2,), (2,), 1).backward(
        torch.arange(10.0, 16.0, dtype=torch.float64))
    assert tx.grad.tolist() == [0.0, 11.0, 0.0, 13.0, 0.0, 0.0]


def negative_slice_step(tmp_path) -> None:
    x = ag.arange(6)
    assert x[::-1].tolist() == [5, 4, 3, 2, 1, 0] and x[5:1:-2].tolist() == [5, 3]
    assert x[::-1].tolist() == ag.flip(x, [0]).tolist()
    torch = torch_or_skip()
    with pytest.raises(ValueError, match="step must be greater than zero"):
        torch.arange(6)[::-1]


def function_on_arrays(tmp_path) -> None:
    seen = []

    class Square(ag.Function):
        @staticmethod
        def forward(ctx, x):
            seen.append(type(x))
            ctx.save_for_backward(x)
            return ctx.xp.multiply(x, x)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    x = ag.tensor([1.0, 2.0], requires_grad=True)
    Square.apply(x).sum().backward()
    assert seen == [np.ndarray] and x.grad.tolist() == [2.0, 4.0]
    torch = torch_or_skip()

    class TorchSquare(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            seen.append(type(x))
            return x * x

        @staticmethod
        def backward(ctx, g):
            return g

    TorchSquare.apply(torch.ones(2, requires_grad=True))
    assert seen[-1] is torch.Tensor


_GLOBAL_WEIGHT: dict = {}


def _times_global_weight(a):
    return (a * _GLOBAL_WEIGHT["w"]).exp()


def checkpoint_reached_tensors(tmp_path) -> None:
    from nn.utils.checkpoint import checkpoint

    x = ag.tensor([0.5, 1.0], dtype=ag.float64, requires_grad=True)
    w = ag.tensor([1.5, -0.5], dtype=ag.float64, requires_grad=True)
    _GLOBAL_WEIGHT["w"] = w
    checkpoint(lambda a: (a * w).exp(), x, use_reentrant=False).sum().backward()
    assert w.grad is not None  # a closure's tensor is found
    w.grad = None
    checkpoint(_times_global_weight, x, use_reentrant=False).sum().backward()
    assert w.grad is None and x.grad is not None  # a global's is not
    torch = torch_or_skip()
    from torch.utils.checkpoint import checkpoint as torch_checkpoint

    tw = torch.tensor([1.5, -0.5], dtype=torch.float64, requires_grad=True)
    _GLOBAL_WEIGHT["w"] = tw
    torch_checkpoint(_times_global_weight, torch.tensor([0.5, 1.0], dtype=torch.float64),
                     use_reentrant=False).sum().backward()
    assert tw.grad is not None


def scalars_in_tensor_arguments(tmp_path) -> None:
    t = ag.tensor([1.0, 5.0])
    assert ag.fmod(t, 3).tolist() == [1.0, 2.0] and ag.fmod(7, t).tolist() == [0.0, 2.0]
    assert ag.eq(5, t).tolist() == [False, True]
    torch = torch_or_skip()
    with pytest.raises(TypeError):
        torch.fmod(7, torch.tensor([1.0, 5.0]))


def encoder_padded_positions(tmp_path) -> None:
    import nn

    ag.manual_seed(0)
    layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
    encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=True).eval()
    x = ag.randn(1, 3, 8)
    mask = ag.tensor([[False, False, True]])
    with ag.no_grad():
        out = encoder(x, src_key_padding_mask=mask)
    assert float(out[0, 2].abs().sum()) > 0  # the padded position is computed
    torch = torch_or_skip()
    theirs_layer = torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
    theirs_layer.load_state_dict({k: torch.tensor(v.numpy())
                                  for k, v in layer.state_dict().items()})
    theirs = torch.nn.TransformerEncoder(theirs_layer, 1, enable_nested_tensor=True).eval()
    with torch.no_grad():
        ref = theirs(torch.tensor(x.numpy()), src_key_padding_mask=torch.tensor([[False, False,
                                                                                  True]]))
    assert float(ref[0, 2].abs().sum()) == 0  # PyTorch's fast path writes zeros there
    np.testing.assert_allclose(out[0, :2].numpy(), ref[0, :2].numpy(), rtol=1e-4, atol=1e-5)


def det_singular_gradient(tmp_path) -> None:
    A = ag.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=ag.float64, requires_grad=True)
    ag.linalg.det(A).backward()
    np.testing.assert_allclose(A.grad.numpy(), [[4.0, -2.0], [-2.0, 1.0]])  # the cofactors
    torch = torch_or_skip()
    tA = torch.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=torch.float64, requires_grad=True)
    torch.linalg.det(tA).backward()
    assert float(tA.grad.abs().sum()) == 0.0


def prune_failed_repruning(tmp_path) -> None:
    import nn
    from nn.utils import prune

    lin = nn.Linear(3, 2)
    prune.l1_unstructured(lin, "weight", 2)
    with pytest.raises(ValueError, match="should be smaller than the number of parameters"):
        prune.l1_unstructured(lin, "weight", 5)
    assert prune.is_pruned(lin)
    with ag.no_grad():
        lin.weight_orig.fill_(1.0)
    lin(ag.ones(1, 3))
    assert lin.weight.sum().item() == 4.0  # recomputed from weight_orig and the mask
    torch = torch_or_skip()
    import torch.nn.utils.prune as tprune

    tlin = torch.nn.Linear(3, 2)
    tprune.l1_unstructured(tlin, "weight", 2)
    with pytest.raises(ValueError, match="should be smaller than the number of parameters"):
        tprune.l1_unstructured(tlin, "weight", 5)
    assert not tprune.is_pruned(tlin)  # the hook is gone, weight_orig and weight_mask stay
    with torch.no_grad():
        tlin.weight_orig.fill_(1.0)
    tlin(torch.ones(1, 3))
    assert tlin.weight.sum().item() != 4.0


def polynomial_nan_input(tmp_path) -> None:
    x = ag.tensor([float("nan")] * 3, dtype=ag.float64)
    n = ag.tensor([2.0, 3.0, 5.0], dtype=ag.float64)
    for name in ("legendre_polynomial_p", "laguerre_polynomial_l", "chebyshev_polynomial_u"):
        assert np.isnan(getattr(ag.special, name)(x, n).numpy()).all()
    torch = torch_or_skip()
    tx = torch.full((3,), float("nan"), dtype=torch.float64)
    tn = torch.tensor([2.0, 3.0, 5.0], dtype=torch.float64)
    for name in ("legendre_polynomial_p", "laguerre_polynomial_l"):
        assert not torch.isnan(getattr(torch.special, name)(tx, tn)).any()


def interpolate_aa_kept_size(tmp_path) -> None:
    x = np.random.default_rng(0).standard_normal((1, 1, 10, 6))
    kw = dict(scale_factor=(1.05, 0.5), mode="bilinear", antialias=True)
    assert ag.gradcheck(lambda t: F.interpolate(t, **kw), (ag.tensor(x, requires_grad=True),))
    torch = torch_or_skip()
    tx = torch.tensor(x, requires_grad=True)
    assert not torch.autograd.gradcheck(lambda t: torch.nn.functional.interpolate(t, **kw),
                                        (tx,), raise_exception=False)


CHECKS = {"save-load-safetensors": save_load_safetensors,
          "bce-target-gradient": bce_target_gradient,
          "dataloader-num-workers": dataloader_num_workers, "rng-state-pcg64": rng_state_pcg64,
          "inplace-shape-version": inplace_shape_version, "gamma-no-rsample": gamma_no_rsample,
          "vmap-loop": vmap_loop, "old-backward-hook": old_backward_hook,
          "crossmaplrn2d-gradient": crossmaplrn2d_gradient,
          "fractional-pool-zero-kernel": fractional_pool_zero_kernel,
          "as-strided-scatter-gradient": as_strided_scatter_gradient,
          "negative-slice-step": negative_slice_step, "function-on-arrays": function_on_arrays,
          "checkpoint-reached-tensors": checkpoint_reached_tensors,
          "scalars-in-tensor-arguments": scalars_in_tensor_arguments,
          "encoder-padded-positions": encoder_padded_positions,
          "det-singular-gradient": det_singular_gradient,
          "prune-failed-repruning": prune_failed_repruning,
          "polynomial-nan-input": polynomial_nan_input,
          "interpolate-aa-kept-size": interpolate_aa_kept_size}


def test_every_listed_difference_has_a_check_and_no_more() -> None:
    assert listed() and set(listed()) == set(CHECKS)
    assert len(listed()) == len(set(listed()))


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_difference_holds(name, tmp_path) -> None:
    CHECKS[name](tmp_path)
