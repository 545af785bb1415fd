"""Sequence and attention modules against PyTorch, with the same weights in both.

Each case is a ``build`` snippet that leaves a module in ``m`` (or ``m = None``) and a
``call`` snippet that leaves its result in ``out``, both written against ``T`` (``torch`` /
``autograd``), ``nn``, ``F`` and ``R`` (``torch.nn.utils.rnn`` / ``nn.utils.rnn``). PyTorch's
module is built first (seed 0) and its ``state_dict``, converted to NumPy arrays, is loaded
into ours after checking that the keys and shapes are the same. Everything runs in float64:
the inputs (float arrays become leaves that require grad), the results (tensors, tuples,
``PackedSequence``), and the gradients of a fixed random weighting of every output for the
inputs and every parameter are compared tightly. A raised exception is compared by type
(ours must be an instance of PyTorch's).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import autograd as ag
import nn
import nn.utils.rnn as rnn_utils
from nn import functional as F
from tests.conftest import torch_or_skip
from tests.nn.test_idioms_torch import _Raised

torch = torch_or_skip()

OURS = {"T": ag, "nn": nn, "F": F, "R": rnn_utils}
THEIRS = {"T": torch, "nn": torch.nn, "F": torch.nn.functional, "R": torch.nn.utils.rnn}
RTOL, ATOL = 1e-8, 1e-9


def _norm(value):
    """A library-neutral form of a result."""
    if isinstance(value, ag.Tensor | torch.Tensor):
        array = value.detach().cpu().numpy() if isinstance(value, torch.Tensor) else (
            value.detach().numpy())
        return ("tensor", str(array.dtype), tuple(array.shape), array)
    if isinstance(value, rnn_utils.PackedSequence | torch.nn.utils.rnn.PackedSequence):
        return ("packed",) + tuple(_norm(v) for v in value)
    if isinstance(value, torch.Size):
        return tuple(value)
    if isinstance(value, torch.dtype):
        return str(value).replace("torch.", "")
    if isinstance(value, str):
        return value.replace("torch.", "")
    if isinstance(value, tuple):
        return tuple(_norm(v) for v in value)
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def _same(ours, theirs, path: str) -> None:
    if isinstance(theirs, _Raised):
        assert isinstance(ours, _Raised), f"{path}: PyTorch {theirs!r}, we gave {ours!r}"
        assert isinstance(ours.error, type(theirs.error)), f"{path}: {ours!r} vs {theirs!r}"
        return
    assert not isinstance(ours, _Raised), f"{path}: we {ours!r}, PyTorch gave {theirs!r}"
    if isinstance(theirs, tuple) and theirs[:1] == ("tensor",):
        assert isinstance(ours, tuple) and ours[:3] == theirs[:3], (
            f"{path}: {ours[:3]} vs {theirs[:3]}")
        np.testing.assert_allclose(ours[3], theirs[3], rtol=RTOL, atol=ATOL, err_msg=path)
        return
    if isinstance(theirs, dict):
        assert isinstance(ours, dict) and list(ours) == list(theirs), (
            f"{path}: {list(ours)} vs {list(theirs)}")
        for k in theirs:
            _same(ours[k], theirs[k], f"{path}[{k!r}]")
        return
    if isinstance(theirs, list | tuple):
        assert type(ours) is type(theirs) and len(ours) == len(theirs), (
            f"{path}: {ours} vs {theirs}")
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _same(a, b, f"{path}[{i}]")
        return
    assert ours == theirs, f"{path}: ours {ours!r}, PyTorch {theirs!r}"


def _leaves(value, found: list) -> list:
    if isinstance(value, ag.Tensor | torch.Tensor):
        found.append(value)
    elif isinstance(value, tuple | list):  # PackedSequence is a tuple too
        for v in value:
            _leaves(v, found)
    return found


def _run(names: dict, build: str, call: str, inputs: dict, mode: str, state: dict):
    """(result, input grads, parameter grads) of one library; ``state`` carries PyTorch's
    weights to ours."""
    T = names["T"]
    scope = {"np": np, "math": math, **names}
    theirs = T is torch
    try:
        if theirs:
            torch.manual_seed(0)
        exec(build, scope)
    except Exception as error:  # the error itself is the result compared
        return _Raised(error), None, None
    m = scope.get("m")
    if m is not None:
        m.double()
        shapes = {k: tuple(v.shape) for k, v in m.state_dict().items()}
        if theirs:
            state.update({k: v.detach().numpy().copy() for k, v in m.state_dict().items()})
        else:
            assert shapes == {k: v.shape for k, v in state.items()}, "state_dict keys/shapes"
            m.load_state_dict(dict(state))
        m.train(mode == "train")
    tensors = {}
    for name, array in inputs.items():
        t = T.tensor(array)
        if array.dtype.kind == "f":
            t.requires_grad_(True)
        tensors[name] = t
    scope.update(tensors)
    try:
        exec(call, scope)
    except Exception as error:
        return _Raised(error), None, None
    out = scope["out"]
    loss = None
    for k, t in enumerate(x for x in _leaves(out, []) if x.requires_grad):
        finite = np.isfinite(t.detach().numpy())
        weights = np.random.default_rng(100 + k).standard_normal(finite.shape) * finite
        term = (T.where(T.tensor(finite), t, T.zeros_like(t)) * T.tensor(weights)).sum()
        loss = term if loss is None else loss + term
    grads, param_grads = {}, {}
    if loss is not None:
        loss.backward()
        grads = {n: _norm(t.grad) for n, t in tensors.items() if t.requires_grad}
        if m is not None:
            param_grads = {n: _norm(p.grad) for n, p in m.named_parameters()}
    return _norm(out), grads, param_grads


def check(build: str, call: str, inputs: dict | None = None, mode: str = "eval") -> None:
    """Run a case under both libraries and compare results and gradients."""
    inputs = inputs or {}
    state: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = _run(THEIRS, build, call, inputs, mode, state)
        ours = _run(OURS, build, call, inputs, mode, state)
    _same(ours[0], theirs[0], "out")
    if not isinstance(theirs[0], _Raised):
        _same(ours[1], theirs[1], "input grads")
        _same(ours[2], theirs[2], "parameter grads")


_rng = np.random.default_rng(0)


def _r(*shape: int) -> np.ndarray:
    return _rng.standard_normal(shape)


def _bool(*shape: int, p: float = 0.3) -> np.ndarray:
    return _rng.random(shape) < p


CASES: list[tuple] = []


def case(name: str, build: str, call: str, inputs: dict | None = None,
         mode: str = "eval") -> None:
    CASES.append(pytest.param(build, call, inputs or {}, mode, id=name))


# -- RNN, LSTM, GRU ------------------------------------------------------------------------------
X, X2, XB = _r(5, 3, 4), _r(5, 4), _r(3, 5, 4)
for nl in ("tanh", "relu"):
    for bias in (True, False):
        case(f"rnn-{nl}-bias{bias}", f"m = nn.RNN(4, 6, nonlinearity='{nl}', bias={bias})",
             "out = m(x)", {"x": X})
        case(f"rnn-{nl}-bias{bias}-bi-2layers-h0",
             f"m = nn.RNN(4, 6, 2, nonlinearity='{nl}', bias={bias}, bidirectional=True)",
             "out = m(x, h)", {"x": X, "h": _r(4, 3, 6)})
case("rnn-batch_first-bi", "m = nn.RNN(4, 6, 2, bidirectional=True, batch_first=True)",
     "out = m(x)", {"x": XB})
case("rnn-unbatched", "m = nn.RNN(4, 6, 2)", "out = m(x)", {"x": X2})
case("rnn-unbatched-h0", "m = nn.RNN(4, 6, 2, bidirectional=True, batch_first=True)",
     "out = m(x, h)", {"x": X2, "h": _r(4, 6)})
case("rnn-train", "m = nn.RNN(4, 6, 3, dropout=0.0)", "out = m(x)", {"x": X}, "train")
for proj in (0, 3):
    for bi in (False, True):
        for layers in (1, 2, 3):
            for bf in (False, True):
                case(f"lstm-proj{proj}-bi{bi}-layers{layers}-bf{bf}",
                     f"m = nn.LSTM(4, 6, {layers}, proj_size={proj}, bidirectional={bi}, "
                     f"batch_first={bf})", "out = m(x)", {"x": XB if bf else X})
        d, h = (2 if bi else 1), (proj or 6)
        case(f"lstm-proj{proj}-bi{bi}-nobias", f"m = nn.LSTM(4, 6, 2, bias=False, "
             f"proj_size={proj}, bidirectional={bi})", "out = m(x)", {"x": X})
        case(f"lstm-proj{proj}-bi{bi}-h0c0",
             f"m = nn.LSTM(4, 6, 2, proj_size={proj}, bidirectional={bi})",
             "out = m(x, (h, c))", {"x": X, "h": _r(2 * d, 3, h), "c": _r(2 * d, 3, 6)})
        case(f"lstm-proj{proj}-bi{bi}-unbatched",
             f"m = nn.LSTM(4, 6, 2, proj_size={proj}, bidirectional={bi}, batch_first=True)",
             "out = m(x)", {"x": X2})
        case(f"lstm-proj{proj}-bi{bi}-unbatched-h0c0",
             f"m = nn.LSTM(4, 6, 2, proj_size={proj}, bidirectional={bi})",
             "out = m(x, (h, c))", {"x": X2, "h": _r(2 * d, h), "c": _r(2 * d, 6)})
case("lstm-train", "m = nn.LSTM(4, 6, 2, proj_size=2)", "out = m(x)", {"x": X}, "train")
case("lstm-empty-batch", "m = nn.LSTM(4, 6)", "out = m(x)", {"x": _r(5, 0, 4)})
for bi in (False, True):
    for layers in (1, 2):
        for bias in (True, False):
            case(f"gru-bi{bi}-layers{layers}-bias{bias}",
                 f"m = nn.GRU(4, 6, {layers}, bidirectional={bi}, bias={bias})",
                 "out = m(x)", {"x": X})
case("gru-h0-batch_first", "m = nn.GRU(4, 6, 2, bidirectional=True, batch_first=True)",
     "out = m(x, h)", {"x": XB, "h": _r(4, 3, 6)})
case("lstm-dropout-eval", "m = nn.LSTM(4, 6, 3, dropout=0.5)", "out = m(x)", {"x": X})
case("gru-unbatched", "m = nn.GRU(4, 6, 2)", "out = m(x)", {"x": X2})
case("gru-unbatched-h0", "m = nn.GRU(4, 6, 2)", "out = m(x, h)", {"x": X2, "h": _r(2, 6)})
case("gru-train", "m = nn.GRU(4, 6, 2)", "out = m(x)", {"x": X}, "train")
case("lstm-repr", "m = nn.LSTM(4, 6, 2, proj_size=3, bidirectional=True, batch_first=True, "
     "bias=False, dropout=0.5)", "out = repr(m)")
case("rnn-repr", "m = nn.RNN(4, 6, nonlinearity='relu')", "out = repr(m)")
case("lstm-all_weights", "m = nn.LSTM(4, 6, 2, proj_size=3, bidirectional=True)",
     "out = [[tuple(w.shape) for w in ws] for ws in m.all_weights]")

# errors of the recurrent layers
ERR = [
    ("rnn-h0-wrong-batch", "nn.RNN(4, 6)", "m(x, h)", {"x": X, "h": _r(1, 2, 6)}),
    ("rnn-h0-wrong-layers", "nn.RNN(4, 6)", "m(x, h)", {"x": X, "h": _r(2, 3, 6)}),
    ("rnn-h0-2d-for-batched", "nn.RNN(4, 6)", "m(x, h)", {"x": X, "h": _r(1, 6)}),
    ("rnn-h0-3d-for-unbatched", "nn.RNN(4, 6)", "m(x, h)", {"x": X2, "h": _r(1, 1, 6)}),
    ("rnn-h0-float32", "nn.RNN(4, 6)", "m(x, h.float())", {"x": X, "h": _r(1, 3, 6)}),
    ("rnn-wrong-features", "nn.RNN(4, 6)", "m(x)", {"x": _r(5, 3, 5)}),
    ("rnn-1d-input", "nn.RNN(4, 6)", "m(x)", {"x": _r(4)}),
    ("rnn-4d-input", "nn.RNN(4, 6)", "m(x)", {"x": _r(2, 5, 3, 4)}),
    ("lstm-wrong-features", "nn.LSTM(4, 6)", "m(x)", {"x": _r(5, 3, 3)}),
    ("lstm-unbatched-wrong-features", "nn.LSTM(4, 6)", "m(x)", {"x": _r(5, 3)}),
    ("lstm-c0-wrong-size", "nn.LSTM(4, 6)", "m(x, (h, c))",
     {"x": X, "h": _r(1, 3, 6), "c": _r(1, 3, 5)}),
    ("lstm-h0-not-projected", "nn.LSTM(4, 6, proj_size=3)", "m(x, (h, c))",
     {"x": X, "h": _r(1, 3, 6), "c": _r(1, 3, 6)}),
    ("lstm-h0-c0-dims-differ", "nn.LSTM(4, 6)", "m(x, (h, c))",
     {"x": X, "h": _r(1, 3, 6), "c": _r(3, 6)}),
    ("lstm-empty-sequence", "nn.LSTM(4, 6)", "m(x)", {"x": _r(0, 3, 4)}),
    ("lstm-int64-input", "nn.LSTM(4, 6)", "m(T.ones(5, 3, 4, dtype=T.int64))", {}),
    ("lstm-float32-input", "nn.LSTM(4, 6)", "m(x.float())", {"x": X}),
    ("gru-h0-wrong-hidden", "nn.GRU(4, 6)", "m(x, h)", {"x": X, "h": _r(1, 3, 7)}),
    ("gru-packed-3d-data", "nn.GRU(4, 6)",
     "m(R.PackedSequence(x, T.tensor([3, 3, 3, 3, 3])))", {"x": X}),
    ("lstm-proj-not-smaller", "nn.LSTM(4, 6, proj_size=6)", "1", {}),
    ("lstm-proj-negative", "nn.LSTM(4, 6, proj_size=-1)", "1", {}),
    ("gru-proj", "nn.GRU(4, 6, proj_size=2)", "1", {}),
    ("rnn-proj", "nn.RNN(4, 6, proj_size=2)", "1", {}),
    ("rnn-bad-nonlinearity", "nn.RNN(4, 6, nonlinearity='sigmoid')", "1", {}),
    ("lstm-dropout-out-of-range", "nn.LSTM(4, 6, dropout=1.5)", "1", {}),
    ("lstm-hidden-zero", "nn.LSTM(4, 0)", "1", {}),
    ("lstm-hidden-float", "nn.LSTM(4, 6.0)", "1", {}),
    ("lstm-layers-zero", "nn.LSTM(4, 6, num_layers=0)", "1", {}),
]
for name, module, call, inputs in ERR:
    case(f"error-{name}", f"m = {module}", f"out = {call}", inputs)

# -- cells ---------------------------------------------------------------------------------------
for cell in ("RNNCell", "LSTMCell", "GRUCell"):
    for bias in (True, False):
        extra = ", nonlinearity='relu'" if cell == "RNNCell" else ""
        case(f"{cell}-bias{bias}", f"m = nn.{cell}(4, 6, bias={bias}{extra})", "out = m(x)",
             {"x": _r(3, 4)})
        case(f"{cell}-unbatched-bias{bias}", f"m = nn.{cell}(4, 6, bias={bias})", "out = m(x)",
             {"x": _r(4)})
    case(f"{cell}-hx-None", f"m = nn.{cell}(4, 6)", "out = m(x, None)", {"x": _r(3, 4)})
    case(f"{cell}-empty-batch", f"m = nn.{cell}(4, 6)", "out = m(x)", {"x": _r(0, 4)})
    case(f"{cell}-train", f"m = nn.{cell}(4, 6)", "out = m(x)", {"x": _r(3, 4)}, "train")
    case(f"{cell}-repr", f"m = nn.{cell}(4, 6, bias=False)", "out = repr(m)")
    case(f"error-{cell}-wrong-features", f"m = nn.{cell}(4, 6)", "out = m(x)", {"x": _r(3, 5)})
    case(f"error-{cell}-3d-input", f"m = nn.{cell}(4, 6)", "out = m(x)", {"x": _r(2, 3, 4)})
    if cell == "LSTMCell":
        case("LSTMCell-hc", "m = nn.LSTMCell(4, 6)", "out = m(x, (h, c))",
             {"x": _r(3, 4), "h": _r(3, 6), "c": _r(3, 6)})
        case("LSTMCell-unbatched-hc", "m = nn.LSTMCell(4, 6)", "out = m(x, (h, c))",
             {"x": _r(4), "h": _r(6), "c": _r(6)})
        for name, call, inputs in (
                ("c-wrong-batch", "m(x, (h, c))", {"x": _r(3, 4), "h": _r(3, 6), "c": _r(2, 6)}),
                ("c-wrong-size", "m(x, (h, c))", {"x": _r(3, 4), "h": _r(3, 6), "c": _r(3, 5)}),
                ("one-state", "m(x, (h,))", {"x": _r(3, 4), "h": _r(3, 6)}),
                ("tensor-hx", "m(x, h)", {"x": _r(3, 4), "h": _r(2, 3, 6)})):
            case(f"error-LSTMCell-{name}", "m = nn.LSTMCell(4, 6)", f"out = {call}", inputs)
    else:
        case(f"{cell}-h", f"m = nn.{cell}(4, 6)", "out = m(x, h)", {"x": _r(3, 4), "h": _r(3, 6)})
        case(f"{cell}-unbatched-h", f"m = nn.{cell}(4, 6)", "out = m(x, h)",
             {"x": _r(4), "h": _r(6)})
        case(f"{cell}-h-float32", f"m = nn.{cell}(4, 6)", "out = m(x, h.float())",
             {"x": _r(3, 4), "h": _r(3, 6)})
        for name, inputs in (("h-wrong-batch", {"x": _r(3, 4), "h": _r(2, 6)}),
                             ("h-wrong-size", {"x": _r(3, 4), "h": _r(3, 5)}),
                             ("h-2d-for-1d", {"x": _r(4), "h": _r(1, 6)}),
                             ("h-1d-for-2d", {"x": _r(1, 4), "h": _r(6)})):
            case(f"error-{cell}-{name}", f"m = nn.{cell}(4, 6)", "out = m(x, h)", inputs)
case("RNNCell-relu-repr", "m = nn.RNNCell(4, 6, nonlinearity='relu')", "out = repr(m)")

# -- nn.utils.rnn --------------------------------------------------------------------------------
P, PB = _r(5, 4, 3), _r(4, 5, 3)
for sort, lens in ((True, [5, 3, 3, 1]), (False, [2, 5, 1, 3])):
    for bf in (False, True):
        x = {"x": PB if bf else P}
        pack = f"R.pack_padded_sequence(x, {lens}, batch_first={bf}, enforce_sorted={sort})"
        case(f"pack-sorted{sort}-bf{bf}", "m = None", f"out = {pack}", x)
        case(f"pack-tensor-lengths-sorted{sort}-bf{bf}", "m = None",
             f"out = {pack.replace(str(lens), f'T.tensor({lens})')}", x)
        for pad_bf in (False, True):
            for value in (0.0, -1.5):
                for total in (None, 7):
                    case(f"pad_packed-sorted{sort}-bf{bf}-{pad_bf}-{value}-{total}", "m = None",
                         f"out = R.pad_packed_sequence({pack}, batch_first={pad_bf}, "
                         f"padding_value={value}, total_length={total})", x)
case("packed-fields", "m = None",
     "p = R.pack_padded_sequence(x, [2, 5, 1, 3], enforce_sorted=False); out = (p.batch_sizes, "
     "p.sorted_indices, p.unsorted_indices, p.data.shape, p.is_cuda, p.float().data.dtype)",
     {"x": P})
case("packed-fields-sorted", "m = None", "p = R.pack_padded_sequence(x, [5, 3, 1, 1]); "
     "out = (p.batch_sizes, p.sorted_indices, p.unsorted_indices)", {"x": P})
case("pack-ties-unsorted", "m = None",
     "out = R.pack_padded_sequence(x, [3, 5, 3, 5], enforce_sorted=False)", {"x": _r(5, 4, 2)})
case("pack-float-lengths", "m = None",
     "out = R.pack_padded_sequence(x, T.tensor([5., 3., 3., 1.]))", {"x": P})
case("pad_packed-lengths", "m = None", "p = R.pack_padded_sequence(x, [2, 5, 1, 3], "
     "enforce_sorted=False); out = R.pad_packed_sequence(p)[1].dtype", {"x": P})
SEQS = {"a": _r(3, 2), "b": _r(5, 2), "c": _r(1, 2)}
SORTED = {"a": _r(5, 2), "b": _r(3, 2), "c": _r(1, 2)}
for sort in (True, False):
    case(f"pack_sequence-sorted{sort}", "m = None",
         f"out = R.pack_sequence([a, b, c], enforce_sorted={sort})", SORTED)
    case(f"pack_sequence-unsorted-input-{sort}", "m = None",
         f"out = R.pack_sequence([a, b, c], enforce_sorted={sort})", SEQS)
case("unpack_sequence", "m = None",
     "out = R.unpack_sequence(R.pack_sequence([a, b, c], enforce_sorted=False))", SEQS)
case("pack_sequence-3d", "m = None", "out = R.pad_packed_sequence(R.pack_sequence([a, b], "
     "enforce_sorted=False), batch_first=True)", {"a": _r(2, 2, 3), "b": _r(4, 2, 3)})
for bf in (False, True):
    for value in (0.0, 2.5):
        for side in ("right", "left"):
            case(f"pad_sequence-bf{bf}-{value}-{side}", "m = None",
                 f"out = R.pad_sequence([a, b, c], batch_first={bf}, padding_value={value}, "
                 f"padding_side='{side}')", SEQS)
    case(f"unpad_sequence-bf{bf}", "m = None", f"p = R.pad_sequence([a, b, c], "
         f"batch_first={bf}); out = R.unpad_sequence(p, T.tensor([3, 5, 1]), batch_first={bf})",
         SEQS)
case("pad_sequence-1d", "m = None", "out = R.pad_sequence([a, b], batch_first=True)",
     {"a": _r(3), "b": _r(5)})
case("pad_sequence-3d", "m = None", "out = R.pad_sequence([a, b])",
     {"a": _r(3, 2, 2), "b": _r(5, 2, 2)})
case("pad_sequence-tensor", "m = None", "out = R.pad_sequence(a)", {"a": _r(3, 4, 2)})
case("pad_sequence-int", "m = None",
     "out = R.pad_sequence([T.arange(3), T.arange(5)], padding_value=-1)")
case("pad_sequence-bool", "m = None",
     "out = R.pad_sequence([T.ones(3, dtype=T.bool), T.ones(5, dtype=T.bool)])")
case("invert_permutation", "m = None", "out = R.invert_permutation(T.tensor([2, 0, 1]))")
for name, call, inputs in (
        ("pack-unsorted-enforced", "R.pack_padded_sequence(x, [2, 5, 1, 3])", {"x": P}),
        ("pack-zero-length", "R.pack_padded_sequence(x, [5, 3, 0, 0])", {"x": P}),
        ("pack-lengths-count", "R.pack_padded_sequence(x, [5, 3, 1])", {"x": P}),
        ("pack-1d-input", "R.pack_padded_sequence(x, [5])", {"x": _r(5)}),
        ("pack-2d-lengths", "R.pack_padded_sequence(x, T.tensor([[5, 3, 3, 1]]))", {"x": P}),
        ("pack-0d-lengths", "R.pack_padded_sequence(x, T.tensor(5))", {"x": _r(5, 1)}),
        ("pad_packed-total_length-short", "R.pad_packed_sequence(R.pack_padded_sequence(x, "
         "[5, 3, 3, 1]), total_length=4)", {"x": P}),
        ("pad_packed-not-packed", "R.pad_packed_sequence((x, T.tensor([2, 1])))",
         {"x": _r(3, 2)}),
        ("pad_sequence-side", "R.pad_sequence([a, b], padding_side='middle')", SEQS),
        ("pad_sequence-trailing-mismatch", "R.pad_sequence([a, b])",
         {"a": _r(3, 2), "b": _r(2, 3)}),
        ("pad_sequence-empty", "R.pad_sequence([])", {}),
        ("pad_sequence-0d", "R.pad_sequence([T.tensor(1.), T.tensor(2.)])", {}),
        ("pack_sequence-empty", "R.pack_sequence([])", {})):
    case(f"error-{name}", "m = None", f"out = {call}", inputs)

# recurrent layers on packed sequences (outputs, and hidden states in the caller's order)
for module in ("nn.RNN(3, 5, 2, bidirectional=True)", "nn.GRU(3, 5, 2, bidirectional=True)",
               "nn.LSTM(3, 5, 2, bidirectional=True, proj_size=2)", "nn.LSTM(3, 5)",
               "nn.GRU(3, 5, bias=False)", "nn.RNN(3, 5, nonlinearity='relu')"):
    for sort, lens in ((True, [5, 3, 3, 1]), (False, [2, 5, 1, 3])):
        case(f"packed-{module}-sorted{sort}", f"m = {module}",
             f"o, h = m(R.pack_padded_sequence(x, {lens}, enforce_sorted={sort})); "
             "out = (o, h, R.pad_packed_sequence(o))", {"x": P})
        bf_module = module[:-1] + ", batch_first=True)"
        case(f"packed-batch_first-{module}-sorted{sort}", f"m = {bf_module}",
             f"o, h = m(R.pack_padded_sequence(x, {lens}, batch_first=True, "
             f"enforce_sorted={sort})); out = (o, h, R.pad_packed_sequence(o, batch_first=True))",
             {"x": PB})
    layers = 2 if ", 2," in module else 1
    dirs = 2 if "bidirectional" in module else 1
    width = 2 if "proj_size" in module else 5
    h0 = {"h": _r(layers * dirs, 4, width)}
    state = "(h, c)" if "LSTM" in module else "h"
    if "LSTM" in module:
        h0["c"] = _r(layers * dirs, 4, 5)
    case(f"packed-{module}-h0-unsorted", f"m = {module}",
         f"out = m(R.pack_padded_sequence(x, [2, 5, 1, 3], enforce_sorted=False), {state})",
         {"x": P, **h0})
case("packed-sequence-train", "m = nn.LSTM(3, 5, 3)",
     "out = m(R.pack_sequence([a, b, c], enforce_sorted=False))",
     {"a": _r(2, 3), "b": _r(4, 3), "c": _r(3, 3)}, "train")
case("packed-unpack-hidden", "m = nn.LSTM(3, 5, 2, bidirectional=True)",
     "o, (h, c) = m(R.pack_sequence([a, b, c], enforce_sorted=False)); "
     "out = (h, c, R.unpack_sequence(o))", {"a": _r(2, 3), "b": _r(4, 3), "c": _r(3, 3)})
case("error-packed-h0-batch", "m = nn.GRU(3, 5)", "out = m(R.pack_padded_sequence(x, "
     "[2, 5, 1, 3], enforce_sorted=False), h)", {"x": P, "h": _r(1, 3, 5)})
case("error-packed-features", "m = nn.GRU(4, 5)", "out = m(R.pack_padded_sequence(x, "
     "[2, 5, 1, 3], enforce_sorted=False))", {"x": P})

# -- nn.MultiheadAttention -----------------------------------------------------------------------
L, S, N, E, H = 4, 5, 3, 8, 2
Q, K, V = _r(L, N, E), _r(S, N, E), _r(S, N, E)
QB, KB, VB = (np.swapaxes(a, 0, 1).copy() for a in (Q, K, V))
MASK2 = _bool(L, S)
MASK2[:, 0] = False
MASK3 = _bool(N * H, L, S)
MASK3[..., 1] = False
KPM = _bool(N, S)
KPM[:, 2] = False
CAUSAL = np.triu(np.ones((L, L), bool), 1)
for bf in (False, True):
    qkv = dict(zip("qkv", (QB, KB, VB) if bf else (Q, K, V)))
    mha = f"m = nn.MultiheadAttention({E}, {H}, batch_first={bf}"
    for bias in (True, False):
        for bias_kv in (False, True):
            for zero in (False, True):
                build = f"{mha}, bias={bias}, add_bias_kv={bias_kv}, add_zero_attn={zero})"
                tag = f"bf{bf}-bias{bias}-bias_kv{bias_kv}-zero{zero}"
                case(f"mha-{tag}", build, "out = m(q, k, v)", qkv)
                case(f"mha-self-{tag}", build, "out = m(q, q, q, need_weights=False)", qkv)
                case(f"mha-masks-{tag}", build,
                     "out = m(q, k, v, key_padding_mask=kpm, attn_mask=am)",
                     {**qkv, "kpm": KPM, "am": MASK2})
    kv6 = {"q": qkv["q"], "k": _r(N, S, 6) if bf else _r(S, N, 6),
           "v": _r(N, S, 7) if bf else _r(S, N, 7)}
    case(f"mha-kdim-vdim-bf{bf}", f"{mha}, kdim=6, vdim=7)", "out = m(q, k, v)", kv6)
    case(f"mha-kdim-vdim-nobias-bias_kv-bf{bf}",
         f"{mha}, kdim=6, vdim=7, bias=False, add_bias_kv=True, add_zero_attn=True)",
         "out = m(q, k, v, key_padding_mask=kpm, need_weights=False)", {**kv6, "kpm": KPM})
    case(f"mha-key-is-value-bf{bf}", f"{mha})", "out = m(q, k, k)", qkv)
    case(f"mha-train-bf{bf}", f"{mha}, dropout=0.0)", "out = m(q, k, v)", qkv, "train")
    for need in (True, False):
        for average in (True, False):
            call = f"need_weights={need}, average_attn_weights={average}"
            tag = f"need{need}-average{average}-bf{bf}"
            case(f"mha-{tag}", f"{mha})", f"out = m(q, k, v, {call})", qkv)
            case(f"mha-bool-kpm-{tag}", f"{mha})",
                 f"out = m(q, k, v, key_padding_mask=kpm, {call})", {**qkv, "kpm": KPM})
            case(f"mha-float-kpm-{tag}", f"{mha})",
                 f"out = m(q, k, v, key_padding_mask=kpm, {call})",
                 {**qkv, "kpm": np.where(KPM, -np.inf, 0.0) + _r(N, S) * 0.1})
            for kind, mask in (("bool2d", MASK2), ("bool3d", MASK3), ("float2d", _r(L, S)),
                               ("float3d", _r(N * H, L, S))):
                padding = np.where(KPM, -np.inf, 0.0) if "float" in kind else KPM
                case(f"mha-{kind}-{tag}", f"{mha})", f"out = m(q, k, v, attn_mask=am, {call})",
                     {**qkv, "am": mask})
                case(f"mha-{kind}-kpm-{tag}", f"{mha})",
                     f"out = m(q, k, v, attn_mask=am, key_padding_mask=kpm, {call})",
                     {**qkv, "am": mask, "kpm": padding})
        case(f"mha-causal-bool-need{need}-bf{bf}", f"{mha})",
             f"out = m(q, q, q, attn_mask=cm, is_causal=True, need_weights={need})",
             {"q": qkv["q"], "cm": CAUSAL})
        case(f"mha-causal-float-need{need}-bf{bf}", f"{mha})",
             f"out = m(q, q, q, attn_mask=nn.Transformer.generate_square_subsequent_mask({L}, "
             f"dtype=T.float64), is_causal=True, need_weights={need})", {"q": qkv["q"]})
        case(f"mha-causal-kpm-need{need}-bf{bf}", f"{mha})",
             f"out = m(q, q, q, attn_mask=cm, key_padding_mask=kpm, is_causal=True, "
             f"need_weights={need})", {"q": qkv["q"], "cm": CAUSAL, "kpm": KPM[:, :L]})
    case(f"mha-unbatched-bf{bf}", f"{mha})", "out = m(q, k, v)",
         {"q": _r(L, E), "k": _r(S, E), "v": _r(S, E)})
    case(f"mha-unbatched-masks-bf{bf}", f"{mha}, add_bias_kv=True, add_zero_attn=True)",
         "out = m(q, k, v, key_padding_mask=kpm, attn_mask=am, average_attn_weights=False)",
         {"q": _r(L, E), "k": _r(S, E), "v": _r(S, E), "am": MASK3[:H], "kpm": KPM[0]})
    case(f"mha-unbatched-no-weights-bf{bf}", f"{mha})",
         "out = m(q, k, v, need_weights=False, attn_mask=am)",
         {"q": _r(L, E), "k": _r(S, E), "v": _r(S, E), "am": _r(L, S)})
case("mha-dropout-eval", f"m = nn.MultiheadAttention({E}, {H}, dropout=0.5)",
     "out = m(q, k, v, average_attn_weights=False)", {"q": Q, "k": K, "v": V})
case("mha-float-masks-grads", f"m = nn.MultiheadAttention({E}, {H})",
     "out = m(q, q, q, key_padding_mask=kpm, attn_mask=am)",
     {"q": Q, "am": _r(L, L), "kpm": _r(N, L)})
case("mha-float-masks-grads-no-weights", f"m = nn.MultiheadAttention({E}, {H})",
     "out = m(q, q, q, key_padding_mask=kpm, attn_mask=am, need_weights=False)",
     {"q": Q, "am": _r(L, L), "kpm": _r(N, L)})
case("mha-float32-mask-no-weights", f"m = nn.MultiheadAttention({E}, {H})",
     "out = m(q, q, q, attn_mask=am.float(), need_weights=False)", {"q": Q, "am": _r(L, L)})
case("mha-fully-masked-row", f"m = nn.MultiheadAttention({E}, {H})",
     "am = T.zeros(4, 5, dtype=T.bool); am[1] = True; out = m(q, k, v, attn_mask=am)",
     {"q": Q, "k": K, "v": V})
case("mha-parameters", f"m = nn.MultiheadAttention({E}, {H}, kdim=6, add_bias_kv=True)",
     "out = [(n, tuple(p.shape)) for n, p in m.named_parameters()]")
case("mha-parameters-nobias", f"m = nn.MultiheadAttention({E}, {H}, bias=False)",
     "out = [(n, tuple(p.shape)) for n, p in m.named_parameters()]")
case("mha-attributes", f"m = nn.MultiheadAttention({E}, {H}, kdim=6, dropout=0.1)",
     "out = (m.embed_dim, m.kdim, m.vdim, m._qkv_same_embed_dim, m.num_heads, m.dropout, "
     "m.batch_first, m.head_dim, m.bias_k, m.add_zero_attn, type(m.out_proj).__name__)")
case("F-multi_head_attention_forward-static-kv", "m = None",
     f"out = F.multi_head_attention_forward(q, q, q, {E}, {H}, w, b, None, None, False, 0.0, "
     "ow, ob, training=False, static_k=sk, static_v=sv)",
     {"q": Q, "w": _r(3 * E, E), "b": _r(3 * E), "ow": _r(E, E), "ob": _r(E),
      "sk": _r(N * H, 6, E // H), "sv": _r(N * H, 6, E // H)})
for name, build, call, inputs in (
        ("not-divisible", "nn.MultiheadAttention(8, 3)", "1", {}),
        ("zero-heads", "nn.MultiheadAttention(8, 0)", "1", {}),
        ("embed-size", f"nn.MultiheadAttention({E}, {H})", "m(q, q, q)", {"q": _r(L, N, 6)}),
        ("key-value-lengths", f"nn.MultiheadAttention({E}, {H})", "m(q, k, v)",
         {"q": Q, "k": K, "v": _r(S + 1, N, E)}),
        ("kdim-key-value-lengths", f"nn.MultiheadAttention({E}, {H}, kdim=6, vdim=7)",
         "m(q, k, v)", {"q": Q, "k": _r(S, N, 6), "v": _r(S + 1, N, 7)}),
        ("2d-mask-shape", f"nn.MultiheadAttention({E}, {H})", "m(q, k, v, attn_mask=am)",
         {"q": Q, "k": K, "v": V, "am": _bool(L, L)}),
        ("3d-mask-shape", f"nn.MultiheadAttention({E}, {H})", "m(q, k, v, attn_mask=am)",
         {"q": Q, "k": K, "v": V, "am": _bool(N, L, S)}),
        ("4d-mask", f"nn.MultiheadAttention({E}, {H})", "m(q, q, q, attn_mask=am)",
         {"q": Q, "am": _r(N, H, L, L)}),
        ("kpm-length", f"nn.MultiheadAttention({E}, {H})", "m(q, k, v, key_padding_mask=kpm)",
         {"q": Q, "k": K, "v": V, "kpm": _bool(N, S + 1)}),
        ("kpm-batch", f"nn.MultiheadAttention({E}, {H})", "m(q, k, v, key_padding_mask=kpm)",
         {"q": Q, "k": K, "v": V, "kpm": _bool(N + 1, S)}),
        ("kpm-1d-batched", f"nn.MultiheadAttention({E}, {H})",
         "m(q, q, q, key_padding_mask=kpm)", {"q": Q, "kpm": _bool(L)}),
        ("kpm-2d-unbatched", f"nn.MultiheadAttention({E}, {H})",
         "m(q, q, q, key_padding_mask=kpm)", {"q": _r(L, E), "kpm": _bool(N, L)}),
        ("unbatched-3d-mask-shape", f"nn.MultiheadAttention({E}, {H})",
         "m(q, q, q, attn_mask=am)", {"q": _r(L, E), "am": _r(N * H, L, L)}),
        ("4d-query", f"nn.MultiheadAttention({E}, {H})", "m(q, q, q)", {"q": _r(1, L, N, E)}),
        ("1d-query", f"nn.MultiheadAttention({E}, {H})", "m(q, q, q)", {"q": _r(E)}),
        ("batched-query-unbatched-key", f"nn.MultiheadAttention({E}, {H})", "m(q, k, k)",
         {"q": Q, "k": _r(S, E)}),
        ("int-mask", f"nn.MultiheadAttention({E}, {H})",
         f"m(q, q, q, attn_mask=T.zeros({L}, {L}, dtype=T.int64))", {"q": Q}),
        ("causal-without-mask", f"nn.MultiheadAttention({E}, {H})",
         "m(q, q, q, is_causal=True)", {"q": Q}),
        ("float32-mask-with-weights", f"nn.MultiheadAttention({E}, {H})",
         "m(q, q, q, attn_mask=am.float())", {"q": Q, "am": _r(L, L)}),
        ("float32-kpm-with-weights", f"nn.MultiheadAttention({E}, {H})",
         "m(q, q, q, key_padding_mask=kpm.float())", {"q": Q, "kpm": _r(N, L)})):
    case(f"error-mha-{name}", f"m = {build}", f"out = {call}", inputs)

# -- F.scaled_dot_product_attention --------------------------------------------------------------
SDPA = "out = F.scaled_dot_product_attention"
Q4 = {"q": _r(2, 3, L, 6), "k": _r(2, 3, S, 6), "v": _r(2, 3, S, 7)}
for name, mask in (("bool-full", _bool(2, 3, L, S, p=0.7)), ("bool-2d", _bool(L, S, p=0.7)),
                   ("bool-heads", _bool(3, 1, S, p=0.7)), ("bool-batch", _bool(2, 1, L, S, p=0.6)),
                   ("float-full", _r(2, 3, L, S)), ("float-row", _r(1, S)),
                   ("float-batch", _r(2, 1, L, S)), ("float-keys", _r(2, 1, 1, S))):
    case(f"sdpa-mask-{name}", "m = None", f"{SDPA}(q, k, v, attn_mask=am)", {**Q4, "am": mask})
case("sdpa-float32-mask", "m = None", f"{SDPA}(q, k, v, attn_mask=am.float())",
     {**Q4, "am": _r(L, S)})
case("sdpa-causal", "m = None", f"{SDPA}(q, k, v, is_causal=True)", Q4)
case("sdpa-causal-square", "m = None", f"{SDPA}(q, k, v, is_causal=True)",
     {"q": _r(2, 3, L, 6), "k": _r(2, 3, L, 6), "v": _r(2, 3, L, 7)})
case("sdpa-causal-more-queries", "m = None", f"{SDPA}(q, k, v, is_causal=True)",
     {"q": _r(2, 3, 6, 6), "k": _r(2, 3, 4, 6), "v": _r(2, 3, 4, 7)})
for scale in (0.3, -0.5, 0.0):
    case(f"sdpa-scale{scale}", "m = None", f"{SDPA}(q, k, v, scale={scale})", Q4)
case("sdpa-scale-causal", "m = None", f"{SDPA}(q, k, v, scale=1.7, is_causal=True)", Q4)
case("sdpa-3d", "m = None", f"{SDPA}(q, k, v)", {"q": _r(3, L, 6), "k": _r(3, S, 6),
                                                  "v": _r(3, S, 7)})
case("sdpa-3d-mask", "m = None", f"{SDPA}(q, k, v, attn_mask=am)",
     {"q": _r(3, L, 6), "k": _r(3, S, 6), "v": _r(3, S, 7), "am": _bool(L, S, p=0.7)})
case("sdpa-2d", "m = None", f"{SDPA}(q, k, v)", {"q": _r(L, 6), "k": _r(S, 6), "v": _r(S, 7)})
case("sdpa-5d-causal", "m = None", f"{SDPA}(q, k, v, is_causal=True)",
     {"q": _r(2, 2, 3, L, 6), "k": _r(2, 2, 3, S, 6), "v": _r(2, 2, 3, S, 7)})
case("sdpa-broadcast-batch", "m = None", f"{SDPA}(q, k, v)",
     {"q": _r(2, 3, L, 6), "k": _r(1, 3, S, 6), "v": _r(1, 3, S, 7)})
case("sdpa-mask-adds-batch-dims", "m = None", f"{SDPA}(q, k, v, attn_mask=am)",
     {"q": _r(3, L, 6), "k": _r(3, S, 6), "v": _r(3, S, 7), "am": _r(2, 3, L, S)})
case("sdpa-fully-masked-row", "m = None", "am = T.ones(4, 5, dtype=T.bool); am[1] = False; "
     f"{SDPA}(q, k, v, attn_mask=am)", Q4)
case("sdpa-dropout-zero", "m = None", f"{SDPA}(q, k, v, dropout_p=0.0)", Q4)
case("sdpa-no-keys", "m = None", f"{SDPA}(q, k, v)",
     {"q": _r(2, L, 6), "k": _r(2, 0, 6), "v": _r(2, 0, 7)})
for name, shapes, extra in (
        ("gqa", ((2, 4, L, 6), (2, 2, S, 6), (2, 2, S, 7)), ""),
        ("gqa-causal", ((2, 6, L, 6), (2, 2, S, 6), (2, 2, S, 7)), ", is_causal=True"),
        ("gqa-one-kv-head", ((2, 4, L, 6), (2, 1, S, 6), (2, 1, S, 7)), ""),
        ("gqa-key-value-heads-differ", ((2, 4, L, 6), (2, 2, S, 6), (2, 1, S, 7)), ""),
        ("gqa-same-heads", ((2, 4, L, 6), (2, 4, S, 6), (2, 4, S, 7)), ""),
        ("gqa-3d", ((4, L, 6), (2, S, 6), (1, S, 7)), ""),
        ("gqa-broadcast-batch", ((2, 4, L, 6), (1, 2, S, 6), (1, 2, S, 7)), "")):
    case(f"sdpa-{name}", "m = None", f"{SDPA}(q, k, v, enable_gqa=True{extra})",
         dict(zip("qkv", (_r(*s) for s in shapes))))
case("sdpa-gqa-mask", "m = None", f"{SDPA}(q, k, v, attn_mask=am, enable_gqa=True)",
     {"q": _r(2, 4, L, 6), "k": _r(2, 2, S, 6), "v": _r(2, 2, S, 7), "am": _r(4, L, S)})
for name, call, inputs in (
        ("gqa-not-dividing", "enable_gqa=True",
         {"q": _r(2, 3, L, 6), "k": _r(2, 2, S, 6), "v": _r(2, 2, S, 7)}),
        ("heads-without-gqa", "", {"q": _r(2, 4, L, 6), "k": _r(2, 2, S, 6),
                                   "v": _r(2, 2, S, 7)}),
        ("mask-and-causal", "attn_mask=am, is_causal=True", {**Q4, "am": _bool(L, S)}),
        ("embedding-sizes", "", {"q": _r(2, L, 6), "k": _r(2, S, 5), "v": _r(2, S, 7)}),
        ("key-value-lengths", "", {"q": _r(2, L, 6), "k": _r(2, S, 6), "v": _r(2, S + 1, 7)}),
        ("mask-shape", "attn_mask=am", {"q": _r(2, L, 6), "k": _r(2, S, 6), "v": _r(2, S, 7),
                                        "am": _r(L, S + 1)}),
        ("1d", "", {"q": _r(6), "k": _r(6), "v": _r(7)}),
        ("dropout-out-of-range", "dropout_p=1.5", Q4),
        ("int-mask", "attn_mask=T.zeros(4, 5, dtype=T.int64)", Q4),
        ("float16-mask", "attn_mask=am.half()", {**Q4, "am": _r(L, S)}),
        ("float64-mask-float32-query", "attn_mask=am", {**Q4, "q": _r(2, 3, L, 6), "am": _r(L, S)}),
):
    qkv = "q.float(), k.float(), v.float()" if "float32-query" in name else "q, k, v"
    case(f"error-sdpa-{name}", "m = None",
         f"{SDPA}({qkv}{', ' + call if call else ''})", inputs)
case("error-sdpa-mixed-dtypes", "m = None", f"{SDPA}(q.float(), k, v)", Q4)
case("error-sdpa-int", "m = None", "x = T.ones(2, 3, 4, dtype=T.int64); " f"{SDPA}(x, x, x)")

# -- transformer layers --------------------------------------------------------------------------
S, TGT, N, E, H, FF = 5, 4, 3, 8, 2, 16
SRC, TG = _r(S, N, E), _r(TGT, N, E)
SRCB, TGB = np.swapaxes(SRC, 0, 1).copy(), np.swapaxes(TG, 0, 1).copy()
SKPM = _bool(N, S)
SKPM[:, 0] = False
TKPM = _bool(N, TGT)
TKPM[:, 0] = False
CM = "nn.Transformer.generate_square_subsequent_mask"
for mode in ("eval", "train"):
    for bf in (False, True):
        src, tgt = {"s": SRCB if bf else SRC}, {"t": TGB if bf else TG}
        for first in (False, True):
            base = f"{E}, {H}, {FF}, 0.0, batch_first={bf}, norm_first={first}"
            tag = f"{mode}-bf{bf}-norm_first{first}"
            for act, bias in (("'relu'", True), ("'relu'", False), ("'gelu'", True),
                              ("F.gelu", False), ("lambda x: T.tanh(x) * 2", True)):
                args = f"{base}, activation={act}, bias={bias}, layer_norm_eps=1e-3"
                label = f"{tag}-{act.strip(chr(39))[:6]}-bias{bias}"
                case(f"encoder_layer-{label}", f"m = nn.TransformerEncoderLayer({args})",
                     "out = m(s)", src, mode)
                case(f"decoder_layer-{label}", f"m = nn.TransformerDecoderLayer({args})",
                     "out = m(t, mem)", {**tgt, "mem": src["s"]}, mode)
            enc = f"m = nn.TransformerEncoderLayer({base})"
            dec = f"m = nn.TransformerDecoderLayer({base})"
            case(f"encoder_layer-masks-{tag}", enc,
                 f"out = m(s, src_mask={CM}({S}), src_key_padding_mask=kpm)",
                 {**src, "kpm": SKPM}, mode)
            case(f"encoder_layer-causal-{tag}", enc, f"out = m(s, src_mask={CM}({S}), "
                 "is_causal=True)", src, mode)
            case(f"encoder_layer-bool-masks-{tag}", enc,
                 "out = m(s, src_mask=am, src_key_padding_mask=kpm)",
                 {**src, "kpm": SKPM, "am": np.triu(np.ones((S, S), bool), 1)}, mode)
            case(f"encoder_layer-float-kpm-{tag}", enc, "out = m(s, src_key_padding_mask=kpm)",
                 {**src, "kpm": np.where(SKPM, -np.inf, 0.0)}, mode)
            case(f"decoder_layer-masks-{tag}", dec,
                 f"out = m(t, mem, tgt_mask={CM}({TGT}), tgt_key_padding_mask=tk, "
                 "memory_key_padding_mask=kpm, tgt_is_causal=True)",
                 {**tgt, "mem": src["s"], "kpm": SKPM, "tk": TKPM}, mode)
            case(f"decoder_layer-memory-mask-{tag}", dec, "out = m(t, mem, memory_mask=mm)",
                 {**tgt, "mem": src["s"], "mm": _r(TGT, S)}, mode)
            for layers, norm in ((1, "None"), (3, f"nn.LayerNorm({E})")):
                stack = f"m = nn.TransformerEncoder(nn.TransformerEncoderLayer({base}), " \
                        f"{layers}, norm={norm}"
                label = f"{tag}-layers{layers}-norm{norm != 'None'}"
                for nested in (True, False):
                    case(f"encoder-kpm-{label}-nested{nested}",
                         f"{stack}, enable_nested_tensor={nested})",
                         "out = m(s, src_key_padding_mask=kpm)", {**src, "kpm": SKPM}, mode)
                case(f"encoder-causal-{label}", f"{stack})", f"out = m(s, mask={CM}({S}))",
                     src, mode)
                case(f"encoder-is_causal-{label}", f"{stack})",
                     f"out = m(s, mask={CM}({S}), is_causal=True)", src, mode)
                case(f"decoder-{label}", f"m = nn.TransformerDecoder("
                     f"nn.TransformerDecoderLayer({base}), {layers}, norm={norm})",
                     f"out = m(t, mem, tgt_mask={CM}({TGT}), memory_key_padding_mask=kpm)",
                     {**tgt, "mem": src["s"], "kpm": SKPM}, mode)
            case(f"transformer-{tag}", f"m = nn.Transformer({E}, {H}, 2, 2, {FF}, 0.0, "
                 f"batch_first={bf}, norm_first={first})",
                 f"out = m(s, t, tgt_mask={CM}({TGT}), src_key_padding_mask=kpm, "
                 "memory_key_padding_mask=kpm, tgt_key_padding_mask=tk)",
                 {**src, **tgt, "kpm": SKPM, "tk": TKPM}, mode)
            case(f"transformer-causal-{tag}", f"m = nn.Transformer({E}, {H}, 1, 1, {FF}, 0.0, "
                 f"batch_first={bf}, norm_first={first}, activation='gelu', bias=False)",
                 f"out = m(s, t, src_mask={CM}({S}), tgt_mask={CM}({TGT}), src_is_causal=True, "
                 "tgt_is_causal=True)", {**src, **tgt}, mode)
for bf in (False, True):
    layer = f"{E}, {H}, {FF}, 0.0, batch_first={bf}"
    case(f"encoder_layer-unbatched-bf{bf}", f"m = nn.TransformerEncoderLayer({layer})",
         "out = m(s, src_key_padding_mask=kpm)", {"s": _r(S, E), "kpm": SKPM[0]})
    case(f"decoder_layer-unbatched-bf{bf}", f"m = nn.TransformerDecoderLayer({layer})",
         "out = m(t, mem)", {"t": _r(TGT, E), "mem": _r(S, E)})
    case(f"encoder-unbatched-bf{bf}", f"m = nn.TransformerEncoder("
         f"nn.TransformerEncoderLayer({layer}), 2)", f"out = m(s, mask={CM}({S}))",
         {"s": _r(S, E)})
    case(f"transformer-unbatched-bf{bf}", f"m = nn.Transformer({E}, {H}, 1, 1, {FF}, 0.0, "
         f"batch_first={bf})", f"out = m(s, t, tgt_mask={CM}({TGT}))",
         {"s": _r(S, E), "t": _r(TGT, E)})
ENC = f"m = nn.TransformerEncoder(nn.TransformerEncoderLayer({E}, {H}, {FF}, 0.0), 2)"
case("encoder_layer-dropout-eval", f"m = nn.TransformerEncoderLayer({E}, {H}, {FF}, 0.5)",
     "out = m(s)", {"s": SRC})
case("decoder_layer-memory_is_causal", f"m = nn.TransformerDecoderLayer({E}, {H}, {FF}, 0.0)",
     f"out = m(t, mem, memory_mask={CM}({TGT}), memory_is_causal=True)", {"t": TG, "mem": TG})
case("transformer-custom-encoder-decoder", f"m = nn.Transformer({E}, {H}, dropout=0.0, "
     f"custom_encoder=nn.TransformerEncoder(nn.TransformerEncoderLayer({E}, {H}, {FF}, 0.0), 1), "
     f"custom_decoder=nn.TransformerDecoder(nn.TransformerDecoderLayer({E}, {H}, {FF}, 0.0), 1))",
     "out = m(s, t)", {"s": SRC, "t": TG})
case("encoder-bool-causal-mask", ENC, "out = m(s, mask=am)",
     {"s": SRC, "am": np.triu(np.ones((S, S), bool), 1)})
case("encoder-float-mask-and-kpm", ENC, "out = m(s, mask=am, src_key_padding_mask=kpm)",
     {"s": SRC, "am": _r(S, S), "kpm": SKPM})
case("encoder-3d-mask", ENC, "out = m(s, mask=am)", {"s": SRC, "am": _r(N * H, S, S)})
DEC = f"m = nn.TransformerDecoder(nn.TransformerDecoderLayer({E}, {H}, {FF}, 0.0), 2)"
case("decoder-bool-masks", DEC, "out = m(t, mem, tgt_mask=am, tgt_key_padding_mask=tk)",
     {"t": TG, "mem": SRC, "am": np.triu(np.ones((TGT, TGT), bool), 1), "tk": TKPM})
case("decoder-float-memory-kpm", DEC, "out = m(t, mem, memory_key_padding_mask=kp)",
     {"t": TG, "mem": SRC, "kp": np.where(SKPM, -1e9, 0.0)})
# PyTorch's nested-tensor fast path (eval, no grad) leaves zeros at padded positions; the
# values elsewhere are the same, and those are what is compared here
for nested in (True, False):
    case(f"encoder-no-grad-nested{nested}", f"m = nn.TransformerEncoder("
         f"nn.TransformerEncoderLayer({E}, {H}, {FF}, 0.0, batch_first=True), 2, "
         f"enable_nested_tensor={nested})", "with T.no_grad():\n"
         "    out = m(s, src_key_padding_mask=kpm).masked_fill(kpm[..., None], 0.0)",
         {"s": SRCB, "kpm": SKPM})
for name, call in (("default", "(4)"), ("float64", "(4, dtype=T.float64)"),
                   ("float16-device", "(3, device='cpu', dtype=T.float16)"),
                   ("positional", "(3, 'cpu', T.float64)"), ("empty", "(0)"), ("one", "(1)"),
                   ("device-type", "(3, device=T.device('cpu')).device.type")):
    case(f"generate_square_subsequent_mask-{name}", "m = None", f"out = {CM}{call}")
case("generate_square_subsequent_mask-instance", f"m = nn.Transformer({E}, {H}, 1, 1, {FF})",
     "out = m.generate_square_subsequent_mask(3)")
case("transformer-parameters", "m = nn.Transformer(16, 2, 1, 1, 32)",
     "out = [(n, tuple(p.shape)) for n, p in m.named_parameters()]")
case("decoder_layer-parameters-nobias", f"m = nn.TransformerDecoderLayer({E}, {H}, {FF}, "
     "bias=False)", "out = [(n, tuple(p.shape)) for n, p in m.named_parameters()]")
case("encoder_layer-repr", f"m = nn.TransformerEncoderLayer({E}, {H}, {FF})", "out = repr(m)")
case("encoder-attributes", f"m = nn.TransformerEncoder(nn.TransformerEncoderLayer({E}, {H}, "
     f"{FF}), 2, enable_nested_tensor=False)", "out = (m.num_layers, m.norm, "
     "m.enable_nested_tensor)")
case("transformer-attributes", f"m = nn.Transformer({E}, {H}, 1, 1, {FF}, batch_first=True)",
     "out = (m.d_model, m.nhead, m.batch_first)")
TR = f"m = nn.Transformer({E}, {H}, 1, 1, {FF}, 0.0)"
for name, build, call, inputs in (
        ("transformer-batch", TR, "m(s, t)", {"s": SRC, "t": _r(TGT, N + 1, E)}),
        ("transformer-features", TR, "m(s, t)", {"s": SRC, "t": _r(TGT, N, E + 1)}),
        ("transformer-unbatched-features", TR, "m(s, t)",
         {"s": _r(S, E + 2), "t": _r(TGT, E + 2)}),
        ("transformer-src-causal-without-mask", TR, "m(s, t, src_is_causal=True)",
         {"s": SRC, "t": TG}),
        ("encoder_layer-activation", f"nn.TransformerEncoderLayer({E}, {H}, "
         "activation='tanh')", "1", {}),
        ("encoder_layer-heads", f"nn.TransformerEncoderLayer({E}, 3)", "1", {}),
        ("encoder_layer-features", f"nn.TransformerEncoderLayer({E}, {H}, {FF}, 0.0)", "m(s)",
         {"s": _r(S, N, E + 1)}),
        ("encoder_layer-causal-without-mask", f"nn.TransformerEncoderLayer({E}, {H}, {FF}, "
         "0.0)", "m(s, is_causal=True)", {"s": SRC}),
        ("encoder-mask-shape", ENC[4:], "m(s, mask=am)", {"s": SRC, "am": _r(S, S + 1)}),
        ("encoder-int-mask", ENC[4:], f"m(s, mask=T.zeros({S}, {S}, dtype=T.int64))",
         {"s": SRC}),
        ("decoder-causal-without-mask", DEC[4:], "m(t, mem, tgt_is_causal=True)",
         {"t": TG, "mem": SRC})):
    case(f"error-{name}", f"m = {build}", f"out = {call}", inputs)


@pytest.mark.parametrize("build, call, inputs, mode", CASES)
def test_same_as_pytorch(build: str, call: str, inputs: dict, mode: str) -> None:
    check(build, call, inputs, mode)


# -- where PyTorch is not followed -----------------------------------------------------------------

def test_pack_refuses_lengths_longer_than_the_input():
    """PyTorch packs rows past the end of the input (reading memory it does not own, its
    backward then fails); here the lengths are checked."""
    with pytest.raises(RuntimeError, match="longer than the input's 5 time steps"):
        rnn_utils.pack_padded_sequence(ag.zeros(5, 4, 3), [6, 3, 1, 1])


def test_unpad_sequence_leaves_its_input_alone():
    """PyTorch's unpad_sequence transposes a sequence-first input in place; here the input
    keeps its shape (and lengths may be a list)."""
    padded = ag.randn(5, 3, 2)
    parts = rnn_utils.unpad_sequence(padded, [5, 2, 1])
    assert tuple(padded.shape) == (5, 3, 2)
    assert [tuple(p.shape) for p in parts] == [(5, 2), (2, 2), (1, 2)]
