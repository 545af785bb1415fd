"""A whole recurrent layer over time (one direction), as one fused op: ``recurrent_layer``.

The layers of ``nn.RNN``/``nn.LSTM``/``nn.GRU`` split the work the way cuDNN does:

- the input projection of every time step is one GEMM over the whole sequence, done before
  this op (``linear(x, w_ih, b_ih)``, an ordinary node: its backward is one GEMM for the input
  and one for ``w_ih``);
- this op runs the recurrence: per step one GEMM (``h @ w_hh^T``) and the fused gate kernel
  of ``recurrent_cells`` (``xp.lstm_cell``/``xp.gru_cell``, one elementwise kernel on CuPy),
  writing into buffers allocated once for the whole sequence;
- its backward walks back through time with one GEMM per step (``d(gates) @ w_hh``) and the
  fused gate backward kernel, and accumulates the weight gradients ``d(w_hh) = dG^T H_prev``
  (and ``d(w_hr)``, ``d(b_hh)``) in one GEMM per layer over all steps at the end, instead of
  one per step.

Variable lengths come as a packed batch: rows of ``input_gates`` ``(N, G*H)`` ordered by time,
``batch_sizes[t]`` rows at step ``t`` (non-increasing, PyTorch's ``PackedSequence`` layout); a
padded ``(T, B, G*H)`` input is the packed batch with ``batch_sizes = (B,) * T``. Rows beyond
``batch_sizes[t]`` keep their state, so ``h_n`` holds each sequence's last step.

Higher-order gradients: under ``create_graph`` the backward recomputes the layer from its
(graph-connected) inputs as a composition -- per step a matmul and the fused gate Function,
whose own backward is differentiable -- and differentiates that with ``create_graph=True``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from autograd.checks import as_bool
from autograd.engine.backward import grad as _grad
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import clone, to
from autograd.ops.elementwise.unary import relu, tanh
from autograd.ops.linalg.matmul import matmul
from autograd.ops.nn.recurrent_cells import fused_gru_cell, fused_lstm_cell
from autograd.ops.shape.copy import cat

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["recurrent_layer"]

MODES = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}


def _offsets(batch_sizes: Sequence[int]) -> list[int]:
    off = [0]
    for b in batch_sizes:
        off.append(off[-1] + b)
    return off


class RecurrentLayer(Function):
    @staticmethod
    def forward(ctx, xg, hx, cx, w_hh, b_hh, w_hr, mode, batch_sizes, reverse):
        xp = ctx.xp
        lstm, gru = mode == "LSTM", mode == "GRU"
        n, dt = xg.shape[0], xg.dtype
        p = hx.shape[1]  # the state's width: hidden_size, or proj_size
        h = w_hh.shape[0] // MODES[mode]
        off = _offsets(batch_sizes)
        steps = range(len(batch_sizes) - 1, -1, -1) if reverse else range(len(batch_sizes))
        ctx.mode, ctx.batch_sizes, ctx.off, ctx.reverse = mode, batch_sizes, off, reverse
        xg_in = xg
        if b_hh is not None and not gru:  # GRU keeps b_hn inside the reset product
            xg = xg + b_hh
        y = xp.empty((n, p), dtype=dt)
        hprev = xp.empty((n, p), dtype=dt)  # the state each row started from
        state = hx.copy()
        wt = xp.ascontiguousarray(w_hh.T)  # BLAS runs h @ W^T faster from this layout
        if lstm:
            c = cx.copy()
            cprev = xp.empty((n, h), dtype=dt)
            ws = xp.empty((5, n, h), dtype=dt)
            hraw = xp.empty((n, h), dtype=dt) if w_hr is not None else y
            wrt = xp.ascontiguousarray(w_hr.T) if w_hr is not None else None
            ctx.cprev, ctx.ws, ctx.hraw = cprev, ws, hraw
        elif gru:
            ws = ctx.ws = xp.empty((4, n, h), dtype=dt)
        for t in steps:
            s, e = off[t], off[t + 1]
            b = e - s
            hp = state[:b]
            hprev[s:e] = hp
            hg = xp.matmul(hp, wt)
            if lstm:
                cp = c[:b]
                cprev[s:e] = cp
                xp.lstm_cell(xg[s:e], hg, cp, hraw[s:e], cp, ws[:, s:e])
                if wrt is not None:
                    xp.matmul(hraw[s:e], wrt, out=y[s:e])
            elif gru:
                if b_hh is not None:
                    hg += b_hh
                xp.gru_cell(xg[s:e], hg, hp, y[s:e], ws[:, s:e])
            else:
                hg += xg[s:e]
                if mode == "RNN_TANH":
                    xp.tanh(hg, out=y[s:e])
                else:
                    xp.maximum(hg, 0, out=y[s:e])
            state[:b] = y[s:e]
        ctx.hprev = hprev
        ctx.set_materialize_grads(False)  # an unused output costs backward nothing
        # the inputs for a create_graph backward, and the output the Elman backward reads
        ctx.save_for_backward(xg_in, hx, cx, w_hh, b_hh, w_hr, y)
        if lstm:
            return y, state, c
        return y, state

    @staticmethod
    def backward(ctx, gy, ghy, gcy=None):
        # Back through time: at each step dh = gy_t + (the next step's gradient of its start
        # state); the gate backward gives d(gates_t), the start state gets d(gates_t) w_hh (and,
        # for GRU, z dh; for LSTM the cell gets dc f). The weights' gradients sum over steps:
        # d(w_hh) = sum_t d(gates_t)^T h_{t-1}, one GEMM over all rows; d(b_hh) = sum d(gates);
        # the input gates get d(gates) (GRU: those of W_i x + b_i, with d(h_n) r for the hidden).
        xp = ctx.xp
        if xp.differentiable:
            return _differentiable_backward(ctx, gy, ghy, gcy)
        saved = ctx.saved_tensors
        w_hh, w_hr, y = saved[3], saved[5], saved[6]
        mode, off = ctx.mode, ctx.off
        lstm, gru = mode == "LSTM", mode == "GRU"
        n, dt = y.shape[0], y.dtype
        steps = range(len(ctx.batch_sizes)) if ctx.reverse else range(
            len(ctx.batch_sizes) - 1, -1, -1)
        gates = xp.empty((n, w_hh.shape[0]), dtype=dt)  # d(input gates) per row
        ghg = xp.empty((n, w_hh.shape[0]), dtype=dt) if gru else gates  # d(hidden gates)
        state_shape = saved[1].shape
        gh = xp.zeros(state_shape, dtype=dt) if ghy is None else ghy.copy()
        if lstm:
            gc = xp.zeros(saved[2].shape, dtype=dt) if gcy is None else gcy.copy()
            proj = w_hr is not None
            gp = xp.empty((n, y.shape[1]), dtype=dt) if proj else None
        hprev = ctx.hprev
        for t in steps:
            s, e = off[t], off[t + 1]
            b = e - s
            dh = gh[:b] if gy is None else gh[:b] + gy[s:e]
            if lstm:
                if proj:
                    gp[s:e] = dh
                    dh = xp.matmul(dh, w_hr)
                xp.lstm_cell_backward(dh, gc[:b], ctx.cprev[s:e], ctx.ws[:, s:e], gates[s:e],
                                      gc[:b])
                xp.matmul(gates[s:e], w_hh, out=gh[:b])
            elif gru:
                direct = xp.empty(dh.shape, dtype=dt)
                xp.gru_cell_backward(dh, hprev[s:e], ctx.ws[:, s:e], gates[s:e], ghg[s:e],
                                     direct)
                xp.matmul(ghg[s:e], w_hh, out=gh[:b])
                gh[:b] += direct
            else:
                ys = y[s:e]
                if mode == "RNN_TANH":
                    d = xp.multiply(ys, ys, out=gates[s:e])
                    xp.subtract(1, d, out=d)
                    d *= dh
                else:
                    xp.multiply(dh, ys > 0, out=gates[s:e])
                xp.matmul(gates[s:e], w_hh, out=gh[:b])
        needs = ctx.needs_input_grad
        g_w_hh = xp.matmul(ghg.T, hprev) if needs[3] else None
        g_b_hh = ghg.sum(axis=0) if len(needs) > 4 and needs[4] else None
        g_w_hr = None
        if lstm and proj and needs[5]:
            g_w_hr = xp.matmul(gp.T, ctx.hraw)
        return gates, gh, gc if lstm else None, g_w_hh, g_b_hh, g_w_hr


def _differentiable_backward(ctx: Any, gy: Any, ghy: Any, gcy: Any) -> tuple:
    """The backward under create_graph: the layer recomputed as a composition of recorded ops
    from its graph-connected inputs, then differentiated with create_graph=True."""
    xg, hx, cx, w_hh, b_hh, w_hr, _ = ctx.saved_tensors
    needs = ctx.needs_input_grad
    inputs = [xg, hx, cx, w_hh, b_hh, w_hr]
    # A fresh node in front of each input that needs a gradient, so the gradient taken is
    # only the one flowing through this layer (two inputs may share their history).
    proxies = [clone(v) if v is not None and k < len(needs) and needs[k] else v
               for k, v in enumerate(inputs)]
    outs = layer_composed(proxies[0], proxies[1], proxies[2], proxies[3], proxies[4],
                          proxies[5], ctx.mode, ctx.batch_sizes, ctx.reverse)
    grads = [gy, ghy] + ([gcy] if ctx.mode == "LSTM" else [])
    roots = [(o, g) for o, g in zip(outs, grads) if g is not None and o.requires_grad]
    wanted = [k for k, v in enumerate(proxies) if v is not inputs[k]]
    got = _grad([o for o, _ in roots], [proxies[k] for k in wanted], [g for _, g in roots],
                create_graph=True, allow_unused=True)
    result: list = [None] * 6
    for k, g in zip(wanted, got):
        result[k] = g
    return tuple(result)


def layer_composed(xg: Tensor, hx: Tensor, cx: Tensor | None, w_hh: Tensor,
                   b_hh: Tensor | None, w_hr: Tensor | None, mode: str,
                   batch_sizes: Sequence[int], reverse: bool) -> tuple:
    """The same layer as ``recurrent_layer`` written as a composition of recorded ops (per
    step a matmul and a fused gate op): the reference its fused backward is checked against,
    and what a create_graph backward differentiates."""
    off = _offsets(batch_sizes)
    steps = range(len(batch_sizes) - 1, -1, -1) if reverse else range(len(batch_sizes))
    outs: list = [None] * len(batch_sizes)
    h, c = hx, cx
    for t in steps:
        s, e = off[t], off[t + 1]
        b = e - s
        hp = h[:b]
        hg = matmul(hp, w_hh.mT)
        if b_hh is not None:
            hg = hg + b_hh
        if mode == "LSTM":
            hn, cn = fused_lstm_cell(xg[s:e], hg, c[:b])
            c = cn if b == c.shape[0] else cat([cn, c[b:]])
            if w_hr is not None:
                hn = matmul(hn, w_hr.mT)
        elif mode == "GRU":
            hn = fused_gru_cell(xg[s:e], hg, hp)
        else:
            hn = (tanh if mode == "RNN_TANH" else relu)(xg[s:e] + hg)
        outs[t] = hn
        h = hn if b == h.shape[0] else cat([hn, h[b:]])
    y = cat(outs) if outs else xg[:0, :hx.shape[1]]
    return (y, h, c) if mode == "LSTM" else (y, h)


def _check(mode: str, xg: Tensor, hx: Tensor, cx: Tensor | None, w_hh: Tensor,
           w_hr: Tensor | None, batch_sizes: Sequence[int]) -> None:
    op = "recurrent_layer"
    g = MODES[mode]
    if w_hh.ndim != 2 or w_hh.shape[0] % g:
        raise RuntimeError(f"{op}({mode}): weight_hh must be 2-D with {g} * hidden_size rows, "
                           f"got shape {list(w_hh.shape)}")
    h = w_hh.shape[0] // g
    p = w_hh.shape[1]
    if w_hr is not None and (mode != "LSTM" or tuple(w_hr.shape) != (p, h)):
        raise RuntimeError(f"{op}({mode}): weight_hr must be [{p}, {h}] (LSTM only), got "
                           f"shape {list(w_hr.shape)}")
    if w_hr is None and p != h:
        raise RuntimeError(f"{op}({mode}): weight_hh must be [{g * h}, {h}], got shape "
                           f"{list(w_hh.shape)}")
    if xg.ndim != 2 or xg.shape[1] != g * h:
        raise RuntimeError(f"{op}({mode}): expected input_gates of shape [rows, {g * h}], "
                           f"got {list(xg.shape)}")
    if sum(batch_sizes) != xg.shape[0]:
        raise RuntimeError(f"{op}({mode}): batch_sizes sum to {sum(batch_sizes)} but "
                           f"input_gates has {xg.shape[0]} rows")
    bsz = hx.shape[0] if hx.ndim == 2 else -1
    if any(b2 > b1 for b1, b2 in zip(batch_sizes, batch_sizes[1:])) or (
            batch_sizes and batch_sizes[0] != bsz):
        raise RuntimeError(f"{op}({mode}): batch_sizes must be non-increasing and start at "
                           f"the batch size {bsz}, got {list(batch_sizes)}")
    if tuple(hx.shape) != (bsz, p):
        raise RuntimeError(f"{op}({mode}): Expected hx of shape [{bsz}, {p}], got "
                           f"{list(hx.shape)}")
    if mode == "LSTM" and (cx is None or tuple(cx.shape) != (bsz, h)):
        got = None if cx is None else list(cx.shape)
        raise RuntimeError(f"{op}({mode}): Expected cx of shape [{bsz}, {h}], got {got}")


def recurrent_layer(input_gates: Tensor, hx: Tensor, weight_hh: Tensor,
                    bias_hh: Tensor | None = None, *, mode: str = "LSTM",
                    cx: Tensor | None = None, weight_hr: Tensor | None = None,
                    batch_sizes: Sequence[int] | None = None, reverse: bool = False) -> tuple:
    """One direction of one recurrent layer over a whole sequence, as one op.

    ``input_gates``: the input projection ``x W_ih^T + b_ih`` of every step, ``(T, B, G*H)``
    or, with ``batch_sizes``, packed rows ``(N, G*H)``; ``hx`` ``(B, H)`` (``(B, P)`` with a
    projection), ``cx`` ``(B, H)`` for LSTM; ``weight_hh`` ``(G*H, H or P)``, ``bias_hh``
    ``(G*H)``, ``weight_hr`` ``(P, H)`` (LSTM with ``proj_size``). ``mode``: ``'LSTM'``,
    ``'GRU'``, ``'RNN_TANH'`` or ``'RNN_RELU'``; ``reverse`` runs from the last step to the
    first. Returns ``(output, h_n)``, or ``(output, h_n, c_n)`` for LSTM; ``output`` has the
    layout of ``input_gates``. (PyTorch has no public per-layer op; ``torch.lstm`` & co. run
    whole stacks of them.)
    """
    if mode not in MODES:
        raise ValueError(f"recurrent_layer: unknown mode {mode!r}; expected one of "
                         f"{', '.join(MODES)}")
    for name, t in (("input_gates", input_gates), ("hx", hx), ("weight_hh", weight_hh)):
        if not isinstance(t, TensorBase):
            raise TypeError(f"recurrent_layer(): argument '{name}' must be a Tensor, not "
                            f"{type(t).__name__}")
    shape = tuple(input_gates.shape)
    if batch_sizes is None:
        if len(shape) != 3:
            raise RuntimeError(f"recurrent_layer({mode}): expected input_gates of shape "
                               f"[seq_len, batch, gates] (or packed rows with batch_sizes), "
                               f"got {list(shape)}")
        batch_sizes = (shape[1],) * shape[0]
        xg = input_gates.reshape(shape[0] * shape[1], shape[2])
    else:
        if not hasattr(batch_sizes, "__len__") or isinstance(batch_sizes, (str, bytes)):
            raise TypeError(f"recurrent_layer(): batch_sizes must be a sequence of ints, not "
                            f"{type(batch_sizes).__name__}")
        batch_sizes = tuple(int(b) for b in batch_sizes)
        xg = input_gates
    _check(mode, xg, hx, cx, weight_hh, weight_hr, batch_sizes)
    dt = xg.dtype if xg.dtype.kind in "fV" else None
    args = [xg, hx, cx if mode == "LSTM" else None, weight_hh, bias_hh, weight_hr]
    args = [a if a is None or dt is None or a.dtype == dt else to(a, dt) for a in args]
    out = RecurrentLayer.apply(*args, mode=mode, batch_sizes=batch_sizes,
                               reverse=as_bool(reverse, "recurrent_layer", "reverse"))
    if len(shape) == 3 and xg is not input_gates:  # padded: back to (T, B, H)
        out = (out[0].reshape(shape[0], shape[1], hx.shape[1]),) + out[1:]
    return out
