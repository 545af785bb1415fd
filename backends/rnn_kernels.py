"""The gate math of one recurrent step (LSTM, GRU), written once against an array namespace.

These are the kernels behind the ``Backend`` methods ``lstm_cell``, ``lstm_cell_backward``,
``gru_cell`` and ``gru_cell_backward``: NumPy runs them as they are, a few whole-array passes
per step, all written into memory the caller owns (no temporaries the size of the gates beyond
one or two); the CuPy backend replaces them with one fused elementwise kernel each.

Layouts follow PyTorch: LSTM gates ``[i, f, g, o]`` along the last axis, GRU gates
``[r, z, n]`` with the hidden part of ``n`` (``W_hn h + b_hn``) inside the reset product.
Workspaces (what backward needs, filled by forward):

- LSTM ``(B, 5H)``: ``[sigmoid(i), sigmoid(f), tanh(g), sigmoid(o), tanh(c')]``
- GRU ``(B, 4H)``: ``[r, z, n, W_hn h + b_hn]``
"""

from __future__ import annotations

from typing import Any


def _sigmoid_(xp: Any, x: Any) -> Any:
    """sigmoid(x) in place, as 0.5 tanh(x / 2) + 0.5: no overflow in either tail."""
    x *= 0.5
    xp.tanh(x, out=x)
    x *= 0.5
    x += 0.5
    return x


def lstm_cell(xp: Any, input_gates: Any, hidden_gates: Any, cx: Any, hy: Any, cy: Any,
              workspace: Any) -> None:
    """One LSTM step: ``gates = input_gates + hidden_gates`` (B, 4H), then
    ``c' = f c + i g``, ``h' = o tanh(c')`` into ``hy`` and ``cy`` (B, H)."""
    h = cx.shape[1]
    acts = workspace[:, :4 * h]
    xp.add(input_gates, hidden_gates, out=acts)
    _sigmoid_(xp, acts[:, :2 * h])
    xp.tanh(acts[:, 2 * h:3 * h], out=acts[:, 2 * h:3 * h])
    _sigmoid_(xp, acts[:, 3 * h:])
    i, f, g, o = (acts[:, k * h:(k + 1) * h] for k in range(4))
    ig = i * g
    xp.multiply(f, cx, out=cy)
    cy += ig
    tc = workspace[:, 4 * h:]
    xp.tanh(cy, out=tc)
    xp.multiply(o, tc, out=hy)


def lstm_cell_backward(xp: Any, ghy: Any, gcy: Any, cx: Any, workspace: Any, g_gates: Any,
                       gcx: Any) -> None:
    """The gradients of one LSTM step: into ``g_gates`` (B, 4H) for the gate
    pre-activations and ``gcx`` (B, H) for the previous cell (``gcx`` may be ``gcy``)."""
    h = cx.shape[1]
    i, f, g, o, tc = (workspace[:, k * h:(k + 1) * h] for k in range(5))
    # dc = gcy + ghy o (1 - tanh(c')^2)
    gc = tc * tc
    xp.subtract(1, gc, out=gc)
    gc *= o
    gc *= ghy
    gc += gcy
    gi, gf, gg, go = (g_gates[:, k * h:(k + 1) * h] for k in range(4))
    # do = ghy tanh(c') o (1 - o)
    xp.subtract(1, o, out=go)
    go *= o
    go *= tc
    go *= ghy
    # di = dc g i (1 - i), df = dc c f (1 - f), dg = dc i (1 - g^2)
    xp.subtract(1, i, out=gi)
    gi *= i
    gi *= g
    gi *= gc
    xp.subtract(1, f, out=gf)
    gf *= f
    gf *= cx
    gf *= gc
    xp.multiply(g, g, out=gg)
    xp.subtract(1, gg, out=gg)
    gg *= i
    gg *= gc
    xp.multiply(gc, f, out=gcx)


def gru_cell(xp: Any, input_gates: Any, hidden_gates: Any, hx: Any, hy: Any,
             workspace: Any) -> None:
    """One GRU step: ``r = sigmoid(x_r + h_r)``, ``z = sigmoid(x_z + h_z)``,
    ``n = tanh(x_n + r h_n)``, ``h' = (1 - z) n + z h`` into ``hy`` (B, H)."""
    h = hx.shape[1]
    rz = workspace[:, :2 * h]
    xp.add(input_gates[:, :2 * h], hidden_gates[:, :2 * h], out=rz)
    _sigmoid_(xp, rz)
    r, z = rz[:, :h], rz[:, h:]
    hn = workspace[:, 3 * h:]
    hn[...] = hidden_gates[:, 2 * h:]
    n = workspace[:, 2 * h:3 * h]
    xp.multiply(r, hn, out=n)
    n += input_gates[:, 2 * h:]
    xp.tanh(n, out=n)
    # h' = n + z (h - n)
    xp.subtract(hx, n, out=hy)
    hy *= z
    hy += n


def gru_cell_backward(xp: Any, ghy: Any, hx: Any, workspace: Any, g_input_gates: Any,
                      g_hidden_gates: Any, ghx: Any) -> None:
    """The gradients of one GRU step: into ``g_input_gates`` and ``g_hidden_gates``
    (B, 3H) for the two pre-activations and ``ghx`` (B, H) for the previous hidden state's
    direct path (``z * ghy``; the path through ``hidden_gates`` is the caller's GEMM)."""
    h = hx.shape[1]
    r, z, n, hn = (workspace[:, k * h:(k + 1) * h] for k in range(4))
    gr, gz, gn = (g_input_gates[:, k * h:(k + 1) * h] for k in range(3))
    # dz = ghy (h - n) z (1 - z)
    xp.subtract(1, z, out=gz)
    gz *= z
    gz *= ghy
    gz *= hx - n
    # dn (pre-activation) = ghy (1 - z) (1 - n^2)
    xp.multiply(n, n, out=gn)
    xp.subtract(1, gn, out=gn)
    gn *= ghy
    gn *= 1 - z
    # d(h_n) = dn r;  dr = dn h_n r (1 - r)
    xp.multiply(gn, r, out=g_hidden_gates[:, 2 * h:])
    xp.subtract(1, r, out=gr)
    gr *= r
    gr *= hn
    gr *= gn
    g_hidden_gates[:, :2 * h] = g_input_gates[:, :2 * h]
    xp.multiply(ghy, z, out=ghx)
