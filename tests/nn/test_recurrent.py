"""nn.RNN, nn.LSTM, nn.GRU and the cells against PyTorch, with weights copied via state_dict."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
import nn
from nn.utils import rnn
from tests.conftest import torch_or_skip

RNG = np.random.default_rng(12)


def _pair(name: str, **kw):
    """Our layer (float64) and PyTorch's twin holding the very same weights."""
    torch = torch_or_skip()
    ag.manual_seed(0)
    ours = getattr(nn, name)(**kw).double()
    theirs = getattr(torch.nn, name)(**kw).double()
    theirs.load_state_dict({k: torch.tensor(v.detach().numpy())
                            for k, v in ours.state_dict().items()})
    return ours, theirs, torch


def _flat(result) -> list:
    out, state = result
    if hasattr(out, "batch_sizes"):  # ours or PyTorch's PackedSequence
        out = out.data
    states = list(state) if isinstance(state, tuple) else [state]
    return [out] + states


def _compare(name, kw, x, hx=None, lengths=None, device="cpu"):
    ours, theirs, torch = _pair(name, **kw)
    ours.to(device)
    xa = ag.tensor(x, requires_grad=True, device=device)
    xt = torch.tensor(x, requires_grad=True)
    ha = ht = None
    if hx is not None:
        ha = tuple(ag.tensor(h, requires_grad=True, device=device) for h in hx)
        ht = tuple(torch.tensor(h, requires_grad=True) for h in hx)
    ia, it = xa, xt
    if lengths is not None:
        bf = kw.get("batch_first", False)
        ia = rnn.pack_padded_sequence(xa, lengths, batch_first=bf, enforce_sorted=False)
        it = torch.nn.utils.rnn.pack_padded_sequence(xt, lengths, batch_first=bf,
                                                     enforce_sorted=False)
    single = hx is not None and name != "LSTM"
    ours_out = _flat(ours(ia, ha[0] if single else ha))
    theirs_out = _flat(theirs(it, ht[0] if single else ht))
    for a, t in zip(ours_out, theirs_out):
        assert tuple(a.shape) == tuple(t.shape)
        np.testing.assert_allclose(a.detach().cpu().numpy(), t.detach().numpy(), atol=1e-12,
                                   rtol=1e-10)
    weights = [RNG.standard_normal(tuple(a.shape)) for a in ours_out]
    sum((a * ag.tensor(w, device=device)).sum() for a, w in zip(ours_out, weights)).backward()
    sum((t * torch.tensor(w)).sum() for t, w in zip(theirs_out, weights)).backward()
    np.testing.assert_allclose(xa.grad.cpu().numpy(), xt.grad.numpy(), atol=1e-12, rtol=1e-10)
    for a, t in zip(ha or (), ht or ()):
        np.testing.assert_allclose(a.grad.cpu().numpy(), t.grad.numpy(), atol=1e-12, rtol=1e-10)
    tp = dict(theirs.named_parameters())
    for n, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.cpu().numpy(), tp[n].grad.numpy(), atol=1e-12,
                                   rtol=1e-10, err_msg=n)


def _states(n: int, batch: int | None, *widths: int) -> tuple:
    shape = (n,) if batch is None else (n, batch)
    return tuple(RNG.standard_normal(shape + (w,)) for w in widths)


CASES = [
    ("LSTM", dict(input_size=3, hidden_size=4), (5, 2, 3), None, None),
    ("LSTM", dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True), (5, 2, 3),
     _states(4, 2, 4, 4), None),
    ("LSTM", dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True, proj_size=2,
                  batch_first=True), (2, 5, 3), _states(4, 2, 2, 4), None),
    ("LSTM", dict(input_size=3, hidden_size=4, proj_size=3, bidirectional=True), (5, 3, 3),
     None, [5, 2, 3]),
    ("LSTM", dict(input_size=3, hidden_size=4, num_layers=2), (5, 3), _states(2, None, 4, 4),
     None),
    ("GRU", dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True), (5, 3, 3),
     None, [5, 2, 3]),
    ("GRU", dict(input_size=3, hidden_size=4, batch_first=True, bias=False), (2, 5, 3),
     _states(1, 2, 4), None),
    ("RNN", dict(input_size=3, hidden_size=4, nonlinearity="relu", bias=False), (5, 3),
     _states(1, None, 4), None),
    ("RNN", dict(input_size=3, hidden_size=4, num_layers=3), (5, 2, 3), None, [5, 2]),
    ("RNN", dict(input_size=3, hidden_size=4, batch_first=True, bidirectional=True), (3, 4, 3),
     None, [4, 1, 2]),
]


@pytest.mark.parametrize("name,kw,shape,hx,lengths", CASES,
                         ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_layer_matches_torch(name, kw, shape, hx, lengths, device):
    _compare(name, kw, RNG.standard_normal(shape), hx, lengths, device)


def _np_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _np_stack(mode, layer, x, directions):
    """A NumPy reference of a stacked (bidirectional) layer on padded (T, B, I) input from
    zero states: (output, h_n)."""
    params = dict(layer.named_parameters())
    hidden, finals = layer.hidden_size, []
    for k in range(layer.num_layers):
        outs = []
        for d in range(directions):
            sfx = f"_l{k}" + ("_reverse" if d else "")
            w_ih, w_hh, b_ih, b_hh = (params[n + sfx].detach().numpy() for n in
                                      ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
            h, c = np.zeros((x.shape[1], hidden)), np.zeros((x.shape[1], hidden))
            out = np.zeros((x.shape[0], x.shape[1], hidden))
            for t in (range(x.shape[0] - 1, -1, -1) if d else range(x.shape[0])):
                gi, gh = x[t] @ w_ih.T + b_ih, h @ w_hh.T + b_hh
                if mode == "LSTM":
                    i, f, g, o = np.split(gi + gh, 4, axis=1)
                    c = _np_sigmoid(f) * c + _np_sigmoid(i) * np.tanh(g)
                    h = _np_sigmoid(o) * np.tanh(c)
                elif mode == "GRU":
                    (xr, xz, xn), (hr, hz, hn) = np.split(gi, 3, 1), np.split(gh, 3, 1)
                    r, z = _np_sigmoid(xr + hr), _np_sigmoid(xz + hz)
                    n = np.tanh(xn + r * hn)
                    h = (1 - z) * n + z * h
                else:
                    h = np.maximum(gi + gh, 0)
                out[t] = h
            outs.append(out)
            finals.append(h)
        x = np.concatenate(outs, axis=2)
    return x, np.stack(finals)


@pytest.mark.parametrize("name,mode,kw", [
    ("LSTM", "LSTM", {}), ("GRU", "GRU", {}), ("RNN", "RNN_RELU", {"nonlinearity": "relu"})])
def test_stacked_bidirectional_layers_match_a_numpy_reference(name, mode, kw):
    # the check that runs without PyTorch
    ag.manual_seed(4)
    layer = getattr(nn, name)(3, 4, num_layers=2, bidirectional=True, **kw).double()
    x = RNG.standard_normal((5, 2, 3))
    out, state = layer(ag.tensor(x))
    h_n = state[0] if isinstance(state, tuple) else state
    want_out, want_h = _np_stack(mode, layer, x, 2)
    np.testing.assert_allclose(out.detach().numpy(), want_out, atol=1e-12)
    np.testing.assert_allclose(h_n.detach().numpy(), want_h, atol=1e-12)


@pytest.mark.parametrize("name,kw", [
    ("LSTM", dict(input_size=3, hidden_size=5, num_layers=2, bidirectional=True, proj_size=2)),
    ("GRU", dict(input_size=3, hidden_size=4, num_layers=2, bias=False)),
    ("RNN", dict(input_size=3, hidden_size=4, nonlinearity="relu", bidirectional=True)),
    ("LSTMCell", dict(input_size=3, hidden_size=4)),
    ("GRUCell", dict(input_size=3, hidden_size=4, bias=False)),
    ("RNNCell", dict(input_size=3, hidden_size=4, nonlinearity="relu")),
])
def test_parameter_names_shapes_and_repr_match_torch(name, kw):
    ours, theirs, _ = _pair(name, **kw)
    assert [(n, tuple(p.shape)) for n, p in ours.named_parameters()] == \
        [(n, tuple(p.shape)) for n, p in theirs.named_parameters()]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert repr(ours) == repr(theirs)


def test_a_torch_state_dict_loads_and_gives_the_same_outputs():
    torch = torch_or_skip()
    torch.manual_seed(3)
    theirs = torch.nn.LSTM(3, 6, num_layers=2, bidirectional=True).double()
    ours = nn.LSTM(3, 6, num_layers=2, bidirectional=True).double()
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    x = RNG.standard_normal((4, 2, 3))
    out, (h, c) = ours(ag.tensor(x))
    tout, (th, tc) = theirs(torch.tensor(x))
    np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(c.detach().numpy(), tc.detach().numpy(), atol=1e-12)


@pytest.mark.parametrize("name,gates", [("LSTM", 4), ("GRU", 3), ("RNN", 1), ("LSTMCell", 4)])
def test_initialisation_is_uniform_in_one_over_sqrt_hidden(name, gates):
    ag.manual_seed(1)
    hidden = 64
    layer = getattr(nn, name)(16, hidden)
    bound = 1 / math.sqrt(hidden)
    values = np.concatenate([p.detach().numpy().ravel() for p in layer.parameters()])
    assert values.size == gates * hidden * (16 + hidden + 2)
    assert values.min() >= -bound and values.max() <= bound
    assert abs(values.std() - bound / math.sqrt(3)) < 0.03 * bound
    assert abs(values.mean()) < 0.02 * bound


@pytest.mark.parametrize("name,kw", [
    ("LSTMCell", dict(input_size=3, hidden_size=4)),
    ("GRUCell", dict(input_size=3, hidden_size=4)),
    ("RNNCell", dict(input_size=3, hidden_size=4)),
    ("RNNCell", dict(input_size=3, hidden_size=4, nonlinearity="relu", bias=False)),
])
@pytest.mark.parametrize("batch", [(2,), ()], ids=["batched", "unbatched"])
@pytest.mark.parametrize("with_state", [True, False])
def test_cells_match_torch(name, kw, batch, with_state, device):
    ours, theirs, torch = _pair(name, **kw)
    ours.to(device)
    x = RNG.standard_normal(batch + (3,))
    n_states = 2 if name == "LSTMCell" else 1
    states = [RNG.standard_normal(batch + (4,)) for _ in range(n_states)]
    xa, xt = ag.tensor(x, requires_grad=True, device=device), torch.tensor(x, requires_grad=True)
    sa = [ag.tensor(s, requires_grad=True, device=device) for s in states]
    st = [torch.tensor(s, requires_grad=True) for s in states]
    if with_state:
        oa = ours(xa, tuple(sa) if n_states == 2 else sa[0])
        ot = theirs(xt, tuple(st) if n_states == 2 else st[0])
    else:
        oa, ot = ours(xa), theirs(xt)
    oa = oa if isinstance(oa, tuple) else (oa,)
    ot = ot if isinstance(ot, tuple) else (ot,)
    for a, t in zip(oa, ot):
        assert tuple(a.shape) == tuple(t.shape)
        np.testing.assert_allclose(a.detach().cpu().numpy(), t.detach().numpy(), atol=1e-12)
    sum((a * a).sum() for a in oa).backward()
    sum((t * t).sum() for t in ot).backward()
    np.testing.assert_allclose(xa.grad.cpu().numpy(), xt.grad.numpy(), atol=1e-12)
    if with_state:
        for a, t in zip(sa, st):
            np.testing.assert_allclose(a.grad.cpu().numpy(), t.grad.numpy(), atol=1e-12)
    tp = dict(theirs.named_parameters())
    for n, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.cpu().numpy(), tp[n].grad.numpy(), atol=1e-12)


@pytest.mark.parametrize("name", ["LSTM", "GRU", "RNN"])
def test_gradients_through_one_output_only(name):
    # the outputs nobody uses get no gradient at all (none is materialised)
    ours, theirs, torch = _pair(name, input_size=3, hidden_size=4, num_layers=2)
    x = RNG.standard_normal((5, 2, 3))
    for pick in (0, 1):
        xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        oa, ot = ours(xa), theirs(xt)
        a = oa[pick][0] if pick and name == "LSTM" else oa[pick]
        t = ot[pick][0] if pick and name == "LSTM" else ot[pick]
        (a * a).sum().backward()
        (t * t).sum().backward()
        np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), atol=1e-12)
        ours.zero_grad()
        theirs.zero_grad()


# -- dropout between layers ----------------------------------------------------------------------


def test_dropout_one_zeroes_the_next_layers_input_like_torch():
    # p = 1 drops every element: deterministic, so PyTorch's result is the reference
    ours, theirs, torch = _pair("GRU", input_size=3, hidden_size=4, num_layers=3, dropout=1.0)
    x = RNG.standard_normal((4, 2, 3))
    out, h = ours(ag.tensor(x))
    tout, th = theirs(torch.tensor(x))
    np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(h.detach().numpy(), th.detach().numpy(), atol=1e-12)


def test_dropout_acts_in_training_only():
    layer = nn.LSTM(3, 8, num_layers=2, dropout=0.5)
    x = ag.randn(6, 2, 3)
    ag.manual_seed(0)
    a = layer(x)[0].detach().numpy()
    ag.manual_seed(1)
    b = layer(x)[0].detach().numpy()
    assert not np.allclose(a, b)  # two masks
    layer.eval()
    np.testing.assert_array_equal(layer(x)[0].detach().numpy(), layer(x)[0].detach().numpy())
    with pytest.warns(UserWarning, match="num_layers greater than 1"):
        nn.LSTM(3, 4, dropout=0.5)


# -- gradients of the whole layer, to the second order ---------------------------------------------


def _module_fn(module, packed_lengths=None, seed=None):
    """fn(x, *parameters) for gradcheck: the parameters are the module's own (gradcheck
    perturbs them in place), so they are arguments only to be checked."""

    def fn(x, *params):
        if seed is not None:
            ag.manual_seed(seed)  # the same dropout mask on every evaluation
        inp = x if packed_lengths is None else rnn.pack_padded_sequence(
            x, packed_lengths, enforce_sorted=False)
        out, state = module(inp)
        if isinstance(out, rnn.PackedSequence):
            out = out.data
        states = list(state) if isinstance(state, tuple) else [state]
        return ag.cat([t.reshape(-1) for t in [out] + states])

    return fn


@pytest.mark.parametrize("name,kw,lengths,seed", [
    ("LSTM", dict(input_size=2, hidden_size=4, num_layers=2, bidirectional=True), None, None),
    ("LSTM", dict(input_size=2, hidden_size=4, proj_size=2), [3, 1], None),
    ("GRU", dict(input_size=2, hidden_size=4, bidirectional=True), [3, 2], None),
    ("RNN", dict(input_size=2, hidden_size=4, num_layers=2), None, None),
    ("LSTM", dict(input_size=2, hidden_size=4, num_layers=2, dropout=0.5), None, 0),
], ids=["lstm-bi-2layers", "lstm-proj-packed", "gru-bi-packed", "rnn-2layers",
        "lstm-dropout"])
def test_gradcheck_and_gradgradcheck(name, kw, lengths, seed):
    ag.manual_seed(2)
    module = getattr(nn, name)(**kw).double()
    fn = _module_fn(module, lengths, seed)
    x = ag.tensor(RNG.standard_normal((3, 2, 2)), requires_grad=True)
    inputs = [x] + list(module.parameters())
    assert ag.gradcheck(fn, inputs)
    assert ag.gradgradcheck(fn, inputs)


def test_recurrence_is_one_node_per_layer_and_direction():
    layer = nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    counts = []
    for steps in (3, 30):
        with ag.Tape() as tape:
            layer(ag.randn(steps, 2, 3))
        counts.append(len(tape))
    assert counts[0] == counts[1]  # no per-step nodes
    assert [entry.name for entry in tape].count("RecurrentLayer") == 4


# -- bad input ---------------------------------------------------------------------------------


def test_wrong_feature_size_names_the_layer_and_sizes():
    with pytest.raises(RuntimeError, match=r"LSTM: input.size\(-1\) must be equal to "
                                           r"input_size. Expected 3, got 4"):
        nn.LSTM(3, 4)(ag.randn(5, 2, 4))
    with pytest.raises(RuntimeError, match="GRUCell: input has inconsistent input_size: got 4 "
                                           "expected 3"):
        nn.GRUCell(3, 4)(ag.randn(2, 4))


def test_wrong_dims():
    with pytest.raises(ValueError, match="LSTM: Expected input to be 2D or 3D, got 4D"):
        nn.LSTM(3, 4)(ag.randn(5, 2, 3, 1))
    with pytest.raises(ValueError, match="RNNCell: Expected input to be 1D or 2D, got 3D"):
        nn.RNNCell(3, 4)(ag.randn(5, 2, 3))


def test_initial_state_of_the_wrong_shape_or_batch():
    x = ag.randn(5, 2, 3)
    with pytest.raises(RuntimeError, match=r"LSTM: Expected hidden\[0\] size \(1, 2, 4\), got "
                                           r"\[1, 3, 4\]"):
        nn.LSTM(3, 4)(x, (ag.zeros(1, 3, 4), ag.zeros(1, 2, 4)))
    with pytest.raises(RuntimeError, match=r"LSTM: Expected hidden\[1\] size \(1, 2, 4\), got "
                                           r"\[1, 2, 5\]"):
        nn.LSTM(3, 4)(x, (ag.zeros(1, 2, 4), ag.zeros(1, 2, 5)))
    with pytest.raises(RuntimeError, match=r"GRU: Expected hidden size \(2, 2, 4\), got "
                                           r"\[1, 2, 4\]"):
        nn.GRU(3, 4, bidirectional=True)(x, ag.zeros(1, 2, 4))
    with pytest.raises(RuntimeError, match="For unbatched 2-D input, hx and cx should also be "
                                           "2-D but got"):
        nn.LSTM(3, 4)(ag.randn(5, 3), (ag.zeros(1, 2, 4), ag.zeros(1, 2, 4)))
    with pytest.raises(RuntimeError, match="LSTMCell: Input batch size 2 doesn't match "
                                           "hidden0 batch size 3"):
        nn.LSTMCell(3, 4)(ag.randn(2, 3), (ag.zeros(3, 4), ag.zeros(2, 4)))


def test_constructor_errors_like_torch():
    with pytest.raises(ValueError, match="Unknown nonlinearity 'sigmoid'"):
        nn.RNN(3, 4, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="proj_size has to be smaller than hidden_size"):
        nn.LSTM(3, 4, proj_size=4)
    with pytest.raises(ValueError, match="proj_size argument is only supported for LSTM"):
        nn.GRU(3, 4, proj_size=2)
    with pytest.raises(ValueError, match="dropout should be a number in range"):
        nn.LSTM(3, 4, num_layers=2, dropout=1.5)
    with pytest.raises(ValueError, match="hidden_size must be greater than zero"):
        nn.GRU(3, 0)
