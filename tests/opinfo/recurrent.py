"""Registry entries: the fused recurrent ops (gate math of one step, the cells, a whole layer).

Every op with several outputs is registered through a wrapper that concatenates them (flat),
so the generic checks (gradcheck, gradgradcheck, PyTorch, float32, devices) cover all of
them. ``recurrent_layer`` is compared with ``torch.lstm``/``torch.gru``/``torch.rnn_*`` run
with an identity input projection (``w_ih = I``, ``b_ih = 0``): their input is then exactly
our input gates; the reverse direction is the second half of a bidirectional run.
"""

from __future__ import annotations

import numpy as np

import autograd as ag
from autograd.ops.nn.recurrent import recurrent_layer
from autograd.ops.nn.recurrent_cells import (
    fused_gru_cell,
    fused_lstm_cell,
    gru_cell,
    lstm_cell,
    rnn_relu_cell,
    rnn_tanh_cell,
)
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform

GATES = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}


def _flat(outputs) -> ag.Tensor:
    return ag.cat([o.reshape(-1) for o in outputs])


def _np_flat(outputs) -> np.ndarray:
    return np.concatenate([np.asarray(o).reshape(-1) for o in outputs])


def _sig(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


# -- NumPy references of one step ---------------------------------------------------------------


def _lstm_step(gates, c):
    h = c.shape[-1]
    i, f, o = _sig(gates[..., :h]), _sig(gates[..., h:2 * h]), _sig(gates[..., 3 * h:])
    g = np.tanh(gates[..., 2 * h:3 * h])
    c2 = f * c + i * g
    return o * np.tanh(c2), c2


def _gru_step(ig, hg, hx):
    h = hx.shape[-1]
    r = _sig(ig[..., :h] + hg[..., :h])
    z = _sig(ig[..., h:2 * h] + hg[..., h:2 * h])
    n = np.tanh(ig[..., 2 * h:] + r * hg[..., 2 * h:])
    return (1 - z) * n + z * hx


def _torch_lstm_step(t, gates, c):
    h = c.shape[-1]
    i, f, g, o = gates.split(h, -1)
    c2 = f.sigmoid() * c + i.sigmoid() * g.tanh()
    return o.sigmoid() * c2.tanh(), c2


def _torch_gru_step(t, ig, hg, hx):
    h = hx.shape[-1]
    r = (ig[..., :h] + hg[..., :h]).sigmoid()
    z = (ig[..., h:2 * h] + hg[..., h:2 * h]).sigmoid()
    n = (ig[..., 2 * h:] + r * hg[..., 2 * h:]).tanh()
    return (1 - z) * n + z * hx


# -- the fused gate ops ------------------------------------------------------------------------


def _gate_samples(n_gates):
    def samples(rng):
        out = []
        for shape in ((3, 2), (2,), (0, 2), (1, 3)):
            g = shape[:-1] + (n_gates * shape[-1],)
            out.append(Sample((uniform(rng, g), uniform(rng, g), uniform(rng, shape))))
        out.append(Sample((noncontiguous(uniform(rng, (3, 2 * n_gates))),
                           uniform(rng, (3, 2 * n_gates)), noncontiguous(uniform(rng, (3, 2)))),
                          name="noncontig"))
        out.append(Sample((uniform(rng, (2, 2 * n_gates), -30, 30),
                           uniform(rng, (2, 2 * n_gates), -30, 30), uniform(rng, (2, 2))),
                          name="saturated"))
        return out

    return samples


register(OpInfo("fused_lstm_cell", lambda a, b, c: _flat(fused_lstm_cell(a, b, c)),
                _gate_samples(4), ref=lambda a, b, c: _np_flat(_lstm_step(a + b, c)),
                torch_ref=lambda t, a, b, c: t.cat([o.reshape(-1) for o in
                                                    _torch_lstm_step(t, a + b, c)])))
register(OpInfo("fused_gru_cell", fused_gru_cell, _gate_samples(3), ref=_gru_step,
                torch_ref=_torch_gru_step))


# -- the cells ---------------------------------------------------------------------------------


def _cell_samples(n_gates, two_states=False):
    def samples(rng):
        out = []
        for batch in ((3,), (), (0,)):
            i, h = 3, 2
            x, hx = uniform(rng, batch + (i,)), uniform(rng, batch + (h,))
            w = (uniform(rng, (n_gates * h, i)), uniform(rng, (n_gates * h, h)))
            b = (uniform(rng, (n_gates * h,)), uniform(rng, (n_gates * h,)))
            states = (hx, uniform(rng, batch + (h,))) if two_states else (hx,)
            out.append(Sample((x,) + states + w + b))
        out.append(Sample((uniform(rng, (2, 3)),) + tuple(uniform(rng, (2, 2)) for _ in
                                                           range(1 + two_states))
                          + (uniform(rng, (n_gates * 2, 3)), uniform(rng, (n_gates * 2, 2)))
                          + (None, None), name="no-bias"))
        return out

    return samples


def _torch_cell(name, n_states=1):
    """torch.<name> on one batch row where the sample is unbatched (it takes 2-D only)."""

    def ref(t, x, *rest):
        states, weights = list(rest[:n_states]), rest[n_states:]
        one = x.ndim == 1
        if one:
            x, states = x.unsqueeze(0), [s.unsqueeze(0) for s in states]
        fn = getattr(t, name)
        out = fn(x, states, *weights) if n_states == 2 else fn(x, states[0], *weights)
        outs = out if isinstance(out, tuple) else (out,)
        if one:
            outs = tuple(o.squeeze(0) for o in outs)
        return t.cat([o.reshape(-1) for o in outs]) if n_states == 2 else outs[0]

    return ref


register(OpInfo("lstm_cell", lambda x, h, c, *w: _flat(lstm_cell(x, (h, c), *w)),
                _cell_samples(4, True), torch_ref=_torch_cell("lstm_cell", 2)))
register(OpInfo("gru_cell", gru_cell, _cell_samples(3), torch_ref=_torch_cell("gru_cell")))
register(OpInfo("rnn_tanh_cell", rnn_tanh_cell, _cell_samples(1),
                torch_ref=_torch_cell("rnn_tanh_cell")))
register(OpInfo("rnn_relu_cell", rnn_relu_cell, _cell_samples(1),
                torch_ref=_torch_cell("rnn_relu_cell")))


# -- a whole layer -----------------------------------------------------------------------------


def _layer_samples(mode, proj=False):
    g = GATES[mode]

    def samples(rng):
        out = []
        h, b = 2, 2
        p = 1 if proj else h
        cases = (((2, 2, 2), False, True), ((2, 2, 1), False, True), ((2, 1, 1), True, False))
        # LSTM's second order (a recomputation through every step) is the slowest: fewer
        # samples, still padded and packed, both directions, with and without the bias
        if mode == "LSTM":
            cases = cases[2:] if proj else cases[::2]
        for sizes, reverse, bias in cases:
            if len(set(sizes)) == 1:
                xg = uniform(rng, (len(sizes), b, g * h))
                packed = None
            else:
                xg = uniform(rng, (sum(sizes), g * h))
                packed = sizes
            args = [xg, uniform(rng, (b, p))]
            if mode == "LSTM":
                args.append(uniform(rng, (b, h)))
            args.append(uniform(rng, (g * h, p), -0.8, 0.8))
            args.append(uniform(rng, (g * h,)) if bias else None)
            if proj:
                args.append(uniform(rng, (p, h)))
            out.append(Sample(tuple(args), {"batch_sizes": packed, "reverse": reverse},
                              name=f"{'packed' if packed else 'padded'}"
                                   f"{'-reverse' if reverse else ''}"))
        return out

    return samples


def _layer_op(mode):
    def op(xg, hx, *rest, batch_sizes=None, reverse=False):
        cx = None
        if mode == "LSTM":
            cx, rest = rest[0], rest[1:]
        w_hh, b_hh = rest[0], rest[1]
        w_hr = rest[2] if len(rest) > 2 else None
        return _flat(recurrent_layer(xg, hx, w_hh, b_hh, mode=mode, cx=cx, weight_hr=w_hr,
                                     batch_sizes=batch_sizes, reverse=reverse))

    return op


def _layer_ref(mode):
    def ref(xg, hx, *rest, batch_sizes=None, reverse=False):
        cx = None
        if mode == "LSTM":
            cx, rest = rest[0], rest[1:]
        w_hh, b_hh = rest[0], rest[1]
        w_hr = rest[2] if len(rest) > 2 else None
        padded = batch_sizes is None
        sizes = (xg.shape[1],) * xg.shape[0] if padded else batch_sizes
        rows = xg.reshape(-1, xg.shape[-1])
        off = np.concatenate([[0], np.cumsum(sizes)])
        h, c = hx.copy(), None if cx is None else cx.copy()
        outs = [None] * len(sizes)
        for t in (reversed(range(len(sizes))) if reverse else range(len(sizes))):
            n = sizes[t]
            hg = h[:n] @ w_hh.T + (0 if b_hh is None else b_hh)
            x = rows[off[t]:off[t + 1]]
            if mode == "LSTM":
                hn, c[:n] = _lstm_step(x + hg, c[:n])
                hn = hn if w_hr is None else hn @ w_hr.T
            elif mode == "GRU":
                hn = _gru_step(x, hg, h[:n])
            else:
                pre = x + hg
                hn = np.tanh(pre) if mode == "RNN_TANH" else np.maximum(pre, 0)
            h[:n] = outs[t] = hn
        return _np_flat([np.concatenate(outs), h] + ([c] if c is not None else []))

    return ref


def _layer_torch(mode):
    def ref(t, xg, hx, *rest, batch_sizes=None, reverse=False):
        cx = None
        if mode == "LSTM":
            cx, rest = rest[0], rest[1:]
        w_hh, b_hh = rest[0], rest[1]
        gh = w_hh.shape[0]
        params = [t.eye(gh, dtype=xg.dtype), w_hh, t.zeros(gh, dtype=xg.dtype),
                  t.zeros(gh, dtype=xg.dtype) if b_hh is None else b_hh] + list(rest[2:])
        if reverse:  # the reverse direction: the second half of a bidirectional run
            params = [p.detach() for p in params] + params
        states = [s.unsqueeze(0).repeat(2 if reverse else 1, 1, 1) for s in
                  ([hx] if cx is None else [hx, cx])]
        fn = {"LSTM": t.lstm, "GRU": t.gru, "RNN_TANH": t.rnn_tanh, "RNN_RELU": t.rnn_relu}[mode]
        hxs = states if mode == "LSTM" else states[0]
        if batch_sizes is None:
            out = fn(xg, hxs, params, True, 1, 0.0, False, reverse, False)
        else:
            out = fn(xg, t.tensor(batch_sizes), hxs, params, True, 1, 0.0, False, reverse)
        y, finals = out[0], out[1:]
        if reverse:
            y = y[..., y.shape[-1] // 2:]
        k = 1 if reverse else 0
        return t.cat([y.reshape(-1)] + [s[k].reshape(-1) for s in finals])

    return ref


for _mode in GATES:
    register(OpInfo(f"recurrent_layer_{_mode.lower()}", _layer_op(_mode), _layer_samples(_mode),
                    ref=_layer_ref(_mode), torch_ref=_layer_torch(_mode), atol=1e-12,
                    rtol=1e-12))
register(OpInfo("recurrent_layer_lstm_proj", _layer_op("LSTM"), _layer_samples("LSTM", True),
                ref=_layer_ref("LSTM"), torch_ref=_layer_torch("LSTM"), atol=1e-12, rtol=1e-12))
