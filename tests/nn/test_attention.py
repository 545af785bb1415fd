"""nn.MultiheadAttention, the transformer layers and nn.RMSNorm against PyTorch (weights copied
through state_dict), their gradients to the second order, and their errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag
import nn
from nn import functional as F
from tests.conftest import torch_or_skip

RNG = np.random.default_rng(21)
L, S, B, E = 4, 5, 2, 8


def _pair(name: str, *args, **kw):
    torch = torch_or_skip()
    ag.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's nested-tensor notice for Transformer
        ours = getattr(nn, name)(*args, **kw).double()
        theirs = getattr(torch.nn, name)(*args, **kw).double()
    theirs.load_state_dict({k: torch.tensor(v.detach().numpy())
                            for k, v in ours.state_dict().items()})
    assert list(ours.state_dict()) == list(theirs.state_dict())
    return ours, theirs, torch


def _compare(ours, theirs, torch, arrays, kwargs, device="cpu"):
    """Outputs, input gradients and parameter gradients of ours vs PyTorch's; ``kwargs`` maps
    a name to a NumPy mask (converted for each side) or a plain value."""
    ours.to(device)
    xs = [ag.tensor(a, requires_grad=True, device=device) for a in arrays]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]

    def conv(module, value):
        if not isinstance(value, np.ndarray):
            return value
        return ag.tensor(value, device=device) if module is ag else torch.tensor(value)

    out = ours(*xs, **{k: conv(ag, v) for k, v in kwargs.items()})
    tout = theirs(*ts, **{k: conv(torch, v) for k, v in kwargs.items()})
    out = out if isinstance(out, tuple) else (out,)
    tout = tout if isinstance(tout, tuple) else (tout,)
    for a, t in zip(out, tout):
        assert (a is None) == (t is None)
        if a is not None:
            assert tuple(a.shape) == tuple(t.shape)
            np.testing.assert_allclose(a.detach().cpu().numpy(), t.detach().numpy(),
                                       atol=1e-12, rtol=1e-10)
    sum((a * a).sum() for a in out if a is not None).backward()
    sum((t * t).sum() for t in tout if t is not None).backward()
    for a, t in zip(xs, ts):
        np.testing.assert_allclose(a.grad.cpu().numpy(), t.grad.numpy(), atol=1e-12, rtol=1e-10)
    tp = dict(theirs.named_parameters())
    for n, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.cpu().numpy(), tp[n].grad.numpy(), atol=1e-12,
                                   rtol=1e-10, err_msg=n)


X = RNG.standard_normal((L, B, E))
MEM = RNG.standard_normal((S, B, E))
KPM = np.zeros((B, S), bool)
KPM[1, 3:] = True
ATTN = RNG.uniform(size=(L, S)) > 0.7
ATTN[:, 0] = False
CAUSAL = np.triu(np.full((L, L), -np.inf), 1)

MHA_CASES = [
    ((E, 2), [X, X, X], {}),
    ((E, 2), [X, MEM, MEM], {"need_weights": False}),
    ((E, 2), [X, MEM, MEM], {"key_padding_mask": KPM, "average_attn_weights": False}),
    ((E, 2), [X, MEM, MEM], {"key_padding_mask": KPM, "attn_mask": ATTN,
                             "need_weights": False}),
    ((E, 2), [X, X, X], {"attn_mask": CAUSAL, "is_causal": True, "need_weights": False}),
    ((E, 4), [X, MEM, MEM], {"attn_mask": RNG.standard_normal((B * 4, L, S))}),
    ((E, 2), [X[:, 0], MEM[:, 0], MEM[:, 0]], {"key_padding_mask": KPM[1]}),
]


@pytest.mark.parametrize("args,arrays,kwargs", MHA_CASES, ids=[
    "self-weights", "cross-sdpa", "padding-per-head", "padding-and-mask", "causal",
    "3d-float-mask", "unbatched"])
def test_multihead_attention_matches_torch(args, arrays, kwargs, device):
    ours, theirs, torch = _pair("MultiheadAttention", *args)
    _compare(ours, theirs, torch, arrays, kwargs, device)


def test_multihead_attention_kdim_vdim_bias_kv_zero_attn_batch_first():
    ours, theirs, torch = _pair("MultiheadAttention", E, 2, kdim=3, vdim=5, batch_first=True,
                                add_bias_kv=True, add_zero_attn=True, bias=True)
    assert ours.in_proj_weight is None and ours.q_proj_weight.shape == (E, E)
    arrays = [X.transpose(1, 0, 2), RNG.standard_normal((B, S, 3)),
              RNG.standard_normal((B, S, 5))]
    _compare(ours, theirs, torch, arrays, {"key_padding_mask": KPM})


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_encoder_layer_matches_torch(norm_first, activation, device):
    ours, theirs, torch = _pair("TransformerEncoderLayer", E, 2, 16, 0.0, activation,
                                batch_first=True, norm_first=norm_first)
    _compare(ours, theirs, torch, [X.transpose(1, 0, 2)],
             {"src_key_padding_mask": KPM[:, :L]}, device)


def test_decoder_layer_and_encoder_stack_match_torch():
    ours, theirs, torch = _pair("TransformerDecoderLayer", E, 2, 16, 0.0, norm_first=True)
    _compare(ours, theirs, torch, [X, MEM], {"tgt_mask": CAUSAL, "memory_key_padding_mask": KPM})
    layer = nn.TransformerEncoderLayer(E, 2, 16, 0.0)
    ag.manual_seed(0)
    ours = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(E)).double()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(E, 2, 16, 0.0), 2,
                                             norm=torch.nn.LayerNorm(E)).double()
    theirs.load_state_dict({k: torch.tensor(v.detach().numpy())
                            for k, v in ours.state_dict().items()})
    _compare(ours, theirs, torch, [X], {"mask": CAUSAL})  # a causal mask, detected


def test_transformer_matches_torch():
    ours, theirs, torch = _pair("Transformer", E, 2, 2, 2, 16, 0.0)
    mask = nn.Transformer.generate_square_subsequent_mask(L, dtype=ag.float64)
    np.testing.assert_array_equal(mask.numpy(), torch.nn.Transformer
                                  .generate_square_subsequent_mask(L).numpy())
    _compare(ours, theirs, torch, [MEM, X], {"tgt_mask": mask.numpy(),
                                             "src_key_padding_mask": KPM})
    for p in ours.parameters():  # xavier_uniform_ on every matrix, as PyTorch
        if p.ndim > 1:
            bound = np.sqrt(6 / sum(p.shape))
            assert np.abs(p.detach().numpy()).max() <= bound


@pytest.mark.parametrize("shape,affine,eps", [((3, 4), True, None), (4, False, 1e-3)])
def test_rms_norm_matches_torch(shape, affine, eps, device):
    ours, theirs, torch = _pair("RMSNorm", shape, eps=eps, elementwise_affine=affine)
    assert repr(ours) == repr(theirs)
    _compare(ours, theirs, torch, [RNG.standard_normal((2, 3, 4))], {}, device)


def test_multihead_attention_matches_a_numpy_reference():
    # the check that runs without PyTorch: per-head softmax(q k^T / sqrt(d) + mask) v
    ag.manual_seed(6)
    mha = nn.MultiheadAttention(E, 2).double()
    w, b = mha.in_proj_weight.detach().numpy(), mha.in_proj_bias.detach().numpy()
    wo, bo = mha.out_proj.weight.detach().numpy(), mha.out_proj.bias.detach().numpy()
    out, weights = mha(*(ag.tensor(a) for a in (X, MEM, MEM)), key_padding_mask=ag.tensor(KPM))
    hd = E // 2
    for n in range(B):
        q, k, v = X[:, n] @ w[:E].T + b[:E], MEM[:, n] @ w[E:2 * E].T + b[E:2 * E], \
            MEM[:, n] @ w[2 * E:].T + b[2 * E:]
        heads, probs = [], []
        for h in range(2):
            sl = slice(h * hd, (h + 1) * hd)
            s = q[:, sl] @ k[:, sl].T / np.sqrt(hd) + np.where(KPM[n], -np.inf, 0.0)
            p = np.exp(s - s.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            heads.append(p @ v[:, sl])
            probs.append(p)
        np.testing.assert_allclose(out[:, n].detach().numpy(),
                                   np.concatenate(heads, 1) @ wo.T + bo, atol=1e-12)
        np.testing.assert_allclose(weights[n].detach().numpy(), np.mean(probs, 0), atol=1e-12)


# -- second order ------------------------------------------------------------------------------


def test_attention_layers_gradgradcheck_with_masks_and_dropout():
    ag.manual_seed(3)
    mha = nn.MultiheadAttention(4, 2, dropout=0.3).double()
    x = ag.tensor(RNG.standard_normal((3, 2, 4)), requires_grad=True)
    kpm = ag.tensor(np.array([[False, False, True], [False, False, False]]))

    def fn(x, *params):
        ag.manual_seed(0)  # one dropout mask for every evaluation
        return mha(x, x, x, key_padding_mask=kpm, need_weights=False)[0]

    inputs = [x] + list(mha.parameters())
    assert ag.gradcheck(fn, inputs)
    assert ag.gradgradcheck(fn, inputs)
    layer = nn.TransformerEncoderLayer(4, 2, 6, dropout=0.0, norm_first=True).double()
    mask = nn.Transformer.generate_square_subsequent_mask(3, dtype=ag.float64)
    assert ag.gradgradcheck(lambda x, *p: layer(x, src_mask=mask, is_causal=True),
                            [x] + list(layer.parameters()))


# -- SDPA semantics ----------------------------------------------------------------------------


def test_sdpa_rows_with_no_key_give_zeros_and_finite_gradients():
    q, k, v = (ag.randn(1, 3, 4, requires_grad=True) for _ in range(3))
    mask = ag.tensor([[True, True, False], [False, False, False], [True, False, True]])
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    assert np.all(out[0, 1].detach().numpy() == 0)
    out.sum().backward()
    assert all(np.isfinite(t.grad.numpy()).all() for t in (q, k, v))


def test_sdpa_bool_mask_equals_the_float_mask_of_minus_infinity():
    q, k, v = (ag.randn(2, 3, 4) for _ in range(3))
    keep = ag.tensor(RNG.uniform(size=(3, 3)) > 0.3)
    bias = ag.zeros(3, 3).masked_fill(~keep, float("-inf"))
    np.testing.assert_allclose(F.scaled_dot_product_attention(q, k, v, attn_mask=keep).numpy(),
                               F.scaled_dot_product_attention(q, k, v, attn_mask=bias).numpy(),
                               rtol=1e-6, atol=1e-7)


# -- bad input -----------------------------------------------------------------------------------


def test_embed_dim_not_divisible_by_num_heads():
    with pytest.raises(AssertionError, match="embed_dim must be divisible by num_heads"):
        nn.MultiheadAttention(6, 4)


def test_sdpa_errors_name_the_op_and_shapes():
    q, k, v = ag.zeros(2, 4, 8), ag.zeros(2, 5, 8), ag.zeros(2, 5, 6)
    with pytest.raises(RuntimeError, match=r"attn_mask of shape \[4, 4\] does not broadcast to "
                                           r"the attention scores' shape \[2, 4, 5\]"):
        F.scaled_dot_product_attention(q, k, v, attn_mask=ag.zeros(4, 4, dtype=ag.bool))
    with pytest.raises(RuntimeError, match="Expected attn_mask dtype to be bool or float or to "
                                           "match query dtype, but got attn_mask.dtype: "
                                           "float64 and query.dtype: float32"):
        F.scaled_dot_product_attention(q, k, v, attn_mask=ag.zeros(4, 5, dtype=ag.float64))
    with pytest.raises(RuntimeError, match="Expected attn_mask dtype"):
        F.scaled_dot_product_attention(q, k, v, attn_mask=ag.zeros(4, 5, dtype=ag.int64))
    with pytest.raises(RuntimeError, match=r"query and key must have the same embedding size, "
                                           r"got 8 and 7 \(query \[2, 4, 8\], key \[2, 5, 7\]"):
        F.scaled_dot_product_attention(q, ag.zeros(2, 5, 7), v)
    with pytest.raises(RuntimeError, match="Explicit attn_mask should not be set when "
                                           "is_causal=True"):
        F.scaled_dot_product_attention(q, k, v, attn_mask=ag.ones(4, 5, dtype=ag.bool),
                                       is_causal=True)
    with pytest.raises(RuntimeError, match="Expected query, key, and value to have the same "
                                           "dtype"):
        F.scaled_dot_product_attention(q.double(), k, v)


def test_multihead_attention_mask_errors():
    mha = nn.MultiheadAttention(E, 2)
    x = ag.randn(L, B, E)
    with pytest.raises(AssertionError, match="Expected key_padded_mask.shape\\[0\\] to be 2, but "
                                             "got 3"):
        mha(x, x, x, key_padding_mask=ag.zeros(3, L, dtype=ag.bool))
    with pytest.raises(RuntimeError, match=r"The shape of the 2D attn_mask is \(4, 3\), but "
                                           r"should be \(4, 4\)"):
        mha(x, x, x, attn_mask=ag.zeros(4, 3))
    with pytest.raises(AssertionError, match="only bool and floating types of attn_mask are "
                                             "supported"):
        mha(x, x, x, attn_mask=ag.zeros(4, 4, dtype=ag.int64))
    with pytest.raises(RuntimeError, match="Need attn_mask if specifying the is_causal hint"):
        mha(x, x, x, is_causal=True)
    with pytest.raises(AssertionError, match="was expecting embedding dimension of 8, but got 6"):
        mha(ag.randn(L, B, 6), ag.randn(L, B, 6), ag.randn(L, B, 6))


def test_transformer_and_rms_norm_errors():
    model = nn.Transformer(E, 2, 1, 1, 16)
    with pytest.raises(RuntimeError, match="the batch number of src and tgt must be equal"):
        model(ag.randn(S, 2, E), ag.randn(L, 3, E))
    with pytest.raises(RuntimeError, match="the feature number of src and tgt must be equal to "
                                           "d_model"):
        model(ag.randn(S, 2, E), ag.randn(L, 2, 4))
    with pytest.raises(RuntimeError, match="activation should be relu/gelu, not tanh"):
        nn.TransformerEncoderLayer(E, 2, activation="tanh")
    with pytest.raises(RuntimeError, match=r"rms_norm: Given normalized_shape=\[4\], expected "
                                           r"input with shape \[\*, 4\], but got input of size"
                                           r" \[2, 5\]"):
        nn.RMSNorm(4)(ag.randn(2, 5))
