"""The long tail of nn layers against PyTorch: the same construction arguments, PyTorch's
weights loaded through load_state_dict, the same input; outputs, input gradients and parameter
gradients compared. Also the state_dict keys, reprs, random layers' statistics and bad input
(PyTorch's exception types, messages naming the op)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
import nn
from nn import functional as F
from tests.conftest import torch_or_skip

# (name, constructor arguments, input shape): the class of that name in nn and torch.nn
LAYERS = [
    ("Conv3d", (2, 4, 3), {"stride": 2, "padding": 1}, (2, 2, 5, 5, 5)),
    ("Conv3d", (2, 2, (2, 1, 3)), {"groups": 2, "padding": "same", "bias": False},
     (2, 4, 3, 4)),
    ("ConvTranspose3d", (2, 3, 2), {"stride": 2, "output_padding": 1}, (1, 2, 2, 3, 2)),
    ("MaxPool3d", (2,), {}, (1, 2, 4, 4, 4)),
    ("AvgPool1d", (3,), {"stride": 2, "padding": 1}, (2, 3, 7)),
    ("AvgPool3d", (2,), {"stride": 1}, (1, 2, 3, 4, 4)),
    ("AdaptiveAvgPool1d", (3,), {}, (2, 3, 7)),
    ("AdaptiveAvgPool3d", ((2, 2, 3),), {}, (1, 2, 5, 4, 6)),
    ("AdaptiveMaxPool1d", (3,), {}, (2, 3, 7)),
    ("AdaptiveMaxPool2d", ((3, 2),), {}, (2, 3, 7, 5)),
    ("AdaptiveMaxPool3d", ((2, 1, 3),), {"return_indices": True}, (1, 2, 3, 4, 5)),
    ("LPPool2d", (2, 2), {}, (1, 2, 4, 4)),
    ("BatchNorm3d", (3,), {}, (2, 3, 2, 3, 2)),
    ("InstanceNorm1d", (3,), {"affine": True}, (2, 3, 6)),
    ("InstanceNorm2d", (3,), {"affine": True, "track_running_stats": True}, (2, 3, 4, 4)),
    ("InstanceNorm3d", (2,), {}, (2, 2, 3, 3, 3)),
    ("InstanceNorm2d", (3,), {}, (3, 4, 4)),
    ("LocalResponseNorm", (3,), {}, (2, 5, 4, 4)),
    ("PReLU", (), {}, (3, 4)),
    ("PReLU", (3,), {"init": 0.1}, (2, 3, 4)),
    ("Hardtanh", (-0.5, 0.5), {}, (3, 4)),
    ("ReLU6", (), {}, (3, 4)),
    ("Hardsigmoid", (), {}, (3, 4)),
    ("Hardswish", (), {}, (3, 4)),
    ("SELU", (), {}, (3, 4)),
    ("CELU", (0.5,), {}, (3, 4)),
    ("GLU", (1,), {}, (3, 4)),
    ("Mish", (), {}, (3, 4)),
    ("Softsign", (), {}, (3, 4)),
    ("Tanhshrink", (), {}, (3, 4)),
    ("Softshrink", (0.3,), {}, (3, 4)),
    ("Hardshrink", (0.3,), {}, (3, 4)),
    ("Threshold", (0.1, 20.0), {}, (3, 4)),
    ("LogSigmoid", (), {}, (3, 4)),
    ("Softmin", (1,), {}, (3, 4)),
    ("Softmax2d", (), {}, (2, 3, 2, 2)),
    ("ZeroPad2d", ((1, 2, 0, 1),), {}, (1, 2, 3, 3)),
    ("ConstantPad1d", (2, 3.5), {}, (2, 3)),
    ("ConstantPad3d", (1, -1.0), {}, (1, 2, 2, 2)),
    ("ReflectionPad1d", (2,), {}, (1, 2, 4)),
    ("ReflectionPad2d", ((1, 0, 2, 1),), {}, (1, 3, 3)),
    ("ReflectionPad3d", (1,), {}, (1, 1, 2, 3, 3)),
    ("ReplicationPad1d", ((3, 1),), {}, (2, 3)),
    ("ReplicationPad2d", (2,), {}, (1, 1, 3, 3)),
    ("ReplicationPad3d", (1,), {}, (1, 1, 2, 2, 2)),
    ("CircularPad1d", (2,), {}, (1, 2, 4)),
    ("CircularPad2d", ((1, 1, 2, 0),), {}, (1, 1, 3, 3)),
    ("Upsample", (), {"scale_factor": 2, "mode": "bilinear"}, (1, 2, 3, 4)),
    ("Upsample", (), {"size": (5, 7), "mode": "nearest"}, (1, 2, 3, 4)),
    ("UpsamplingBilinear2d", (), {"scale_factor": 2}, (1, 2, 3, 3)),
    ("UpsamplingNearest2d", ((4, 6),), {}, (1, 2, 3, 3)),
    ("PixelShuffle", (2,), {}, (1, 8, 2, 3)),
    ("PixelUnshuffle", (2,), {}, (1, 2, 4, 6)),
    ("ChannelShuffle", (2,), {}, (2, 4, 3, 3)),
    ("Unfold", ((2, 3),), {"padding": 1}, (2, 2, 4, 5)),
    ("Fold", ((4, 5), (2, 2)), {}, (2, 8, 12)),
]


def _ids():
    return [f"{name}-{k}" for k, (name, *_rest) in enumerate(LAYERS)]


@pytest.mark.parametrize("case", LAYERS, ids=_ids())
def test_layer_matches_torch(case) -> None:
    torch = torch_or_skip()
    name, args, kwargs, shape = case
    ag.manual_seed(0)
    ours = getattr(nn, name)(*args, **kwargs).double()
    theirs = getattr(torch.nn, name)(*args, **kwargs).double()
    state = {k: v.detach().numpy() for k, v in theirs.state_dict().items()}
    # a random state, so a weight left at its initial value cannot hide a difference
    rng = np.random.default_rng(1)
    state = {k: (v + rng.uniform(0.1, 0.5, v.shape) if v.dtype.kind == "f" else v)
             for k, v in state.items()}
    theirs.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    ours.load_state_dict(state)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    x = np.random.default_rng(2).uniform(-2, 2, shape)
    x = np.where(np.abs(x) < 0.05, 0.1, x)
    xa = ag.tensor(x, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ya, yt = ours(xa), theirs(xt)
    if isinstance(yt, tuple):
        ya, yt = ya[0], yt[0]
    np.testing.assert_allclose(ya.detach().numpy(), yt.detach().numpy(), atol=1e-10,
                               err_msg=name)
    v = np.random.default_rng(3).standard_normal(tuple(yt.shape))
    (ya * ag.tensor(v)).sum().backward()
    (yt * torch.tensor(v)).sum().backward()
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), atol=1e-9, err_msg=name)
    for (k, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), atol=1e-9,
                                   err_msg=f"{name}.{k}")
    for (k, b), (_, c) in zip(ours.named_buffers(), theirs.named_buffers()):
        np.testing.assert_allclose(b.numpy(), c.numpy(), atol=1e-10, err_msg=f"{name}.{k}")
    assert repr(ours) == repr(theirs)


def test_embedding_bag_layer_matches_torch() -> None:
    torch = torch_or_skip()
    for mode in ("sum", "mean", "max"):
        ours = nn.EmbeddingBag(10, 3, mode=mode, padding_idx=2).double()
        theirs = torch.nn.EmbeddingBag(10, 3, mode=mode, padding_idx=2).double()
        ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
        idx, off = np.array([1, 2, 4, 5, 4, 3, 2, 9]), np.array([0, 3, 3, 5])
        ya = ours(ag.tensor(idx), ag.tensor(off))
        yt = theirs(torch.tensor(idx), torch.tensor(off))
        np.testing.assert_allclose(ya.detach().numpy(), yt.detach().numpy(), atol=1e-12)
        ya.pow(2).sum().backward()
        yt.pow(2).sum().backward()
        np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy(),
                                   atol=1e-12)
        assert repr(ours) == repr(theirs)


def test_instance_norm_running_stats_follow_torch() -> None:
    torch = torch_or_skip()
    ours = nn.InstanceNorm1d(3, track_running_stats=True, momentum=0.3).double()
    theirs = torch.nn.InstanceNorm1d(3, track_running_stats=True, momentum=0.3).double()
    x = np.random.default_rng(0).standard_normal((4, 3, 5))
    for _ in range(3):
        ours(ag.tensor(x))
        theirs(torch.tensor(x))
    np.testing.assert_allclose(ours.running_mean.numpy(), theirs.running_mean.numpy())
    np.testing.assert_allclose(ours.running_var.numpy(), theirs.running_var.numpy())
    ours.eval()
    theirs.eval()
    np.testing.assert_allclose(ours(ag.tensor(x)).numpy(), theirs(torch.tensor(x)).numpy(),
                               atol=1e-12)


def test_channel_dropout_drops_whole_channels() -> None:
    ag.manual_seed(0)
    x = ag.ones(200, 8, 3, 3)
    y = nn.Dropout2d(0.25)(x).numpy()
    per_channel = y.reshape(200, 8, 9)
    assert np.all(per_channel.std(-1) == 0)  # a channel is kept or dropped as a whole
    kept = per_channel[..., 0] != 0
    assert abs(kept.mean() - 0.75) < 0.03
    np.testing.assert_allclose(per_channel[kept][:, 0], 1 / 0.75)
    layer = nn.Dropout3d(0.5).eval()
    assert layer(x.unsqueeze(2)) is not None and np.all(layer(x).numpy() == 1)


def test_alpha_dropout_keeps_mean_and_variance() -> None:
    ag.manual_seed(0)
    x = ag.randn(200000, dtype=ag.float64)
    y = nn.AlphaDropout(0.2).train()(x)
    assert abs(float(y.mean())) < 0.01 and abs(float(y.std()) - 1) < 0.01
    assert nn.AlphaDropout(0.2).eval()(x) is x
    z = F.feature_alpha_dropout(ag.randn(64, 16, 4, dtype=ag.float64), 0.5, training=True)
    assert np.all(np.ptp(z.numpy() - z.numpy()[..., :1], axis=-1) >= 0)


def test_rrelu_training_slopes_lie_in_range() -> None:
    ag.manual_seed(0)
    x = -ag.ones(1000, dtype=ag.float64)
    slopes = -nn.RReLU(0.1, 0.3).train()(x).numpy()
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3 and slopes.std() > 0.03


def test_gumbel_softmax_samples() -> None:
    ag.manual_seed(0)
    logits = ag.tensor([[0.0, 1.0, 3.0]] * 4000, dtype=ag.float64, requires_grad=True)
    soft = F.gumbel_softmax(logits, tau=0.5)
    np.testing.assert_allclose(soft.sum(-1).detach().numpy(), 1.0)
    hard = F.gumbel_softmax(logits, hard=True)
    counts = hard.detach().numpy().mean(0)
    expected = np.exp([0.0, 1.0, 3.0]) / np.exp([0.0, 1.0, 3.0]).sum()
    np.testing.assert_allclose(counts, expected, atol=0.03)
    hard.sum().backward()  # straight-through: the soft sample's gradient reaches the logits
    assert logits.grad is not None


@pytest.mark.parametrize("call,error,match", [
    (lambda L, x: L.nn.functional.interpolate(x, size=2, scale_factor=2), ValueError,
     "only one of size or scale_factor"),
    (lambda L, x: L.nn.functional.interpolate(x), ValueError, "either size or scale_factor"),
    (lambda L, x: L.nn.functional.interpolate(x, size=2, mode="linear"), NotImplementedError,
     "linear mode needs 3D input"),
    (lambda L, x: L.nn.functional.interpolate(x, size=2, align_corners=True), ValueError,
     "align_corners option can only be set"),
    (lambda L, x: L.nn.functional.interpolate(x, size=(2, 2, 2)), ValueError,
     "same number of spatial dimensions"),
    (lambda L, x: L.nn.functional.pad(x[0, 0], (1, 1, 1, 1), mode="reflect"),
     NotImplementedError, "Padding size 4 is not supported for 2D input"),
    (lambda L, x: L.nn.functional.pixel_shuffle(x[0, :3], 2), RuntimeError,
     "divisible by the square of upscale_factor"),
    (lambda L, x: L.nn.functional.grid_sample(x, x[..., :2].permute(0, 2, 3, 1)[..., :2],
                                              mode="cubic", align_corners=False), ValueError,
     "expected mode"),
    (lambda L, x: L.nn.functional.dropout1d(x), RuntimeError, "dropout1d: Expected 2D or 3D"),
    (lambda L, x: L.nn.functional.glu(x[..., :3], -1), RuntimeError,
     "Halving dimension must be even"),
    (lambda L, x: L.nn.functional.prelu(x, x.new_ones(3)), RuntimeError,
     "Mismatch of parameter numbers"),
    (lambda L, x: L.nn.functional.fold(x[0, :3].reshape(3, 16), (4, 4), 2), RuntimeError,
     "divisible by the product of kernel_size"),
    (lambda L, x: L.nn.functional.embedding_bag(x.long()[0, 0], x[0, 0], mode="median"),
     ValueError, "mode has to be one of sum, mean or max"),
    (lambda L, x: L.nn.functional.local_response_norm(x[0, 0], 2), ValueError,
     "Expected 3D or higher dimensionality input"),
    (lambda L, x: L.nn.functional.channel_shuffle(x, 3), RuntimeError,
     "Number of channels must be divisible by groups"),
])
def test_bad_input_raises_like_torch(call, error, match) -> None:
    torch = torch_or_skip()
    x = np.random.default_rng(0).standard_normal((2, 4, 4, 4))
    with pytest.raises(error):
        call(torch, torch.tensor(x))

    class Namespace:  # ``L.nn.functional`` for ours
        class nn:  # noqa: N801 - the attribute path mirrors torch's
            functional = F

    with pytest.raises(error, match=match):
        call(Namespace, ag.tensor(x))
