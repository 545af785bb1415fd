"""The gate math of one recurrent step (LSTM, GRU), written once against an array namespace.

These are the kernels behind the ``Backend`` methods ``lstm_cell``, ``lstm_cell_backward``,
``gru_cell`` and ``gru_cell_backward``: NumPy runs them as they are, a few whole-array passes
per step written into memory the caller owns; the CuPy backend replaces each with one fused
elementwise kernel.

Gate pre-activations come and go as the GEMMs make and use them, ``(B, G*H)`` with PyTorch's
gate order along the last axis (LSTM ``[i, f, g, o]``, GRU ``[r, z, n]`` with the hidden part
of ``n``, ``W_hn h + b_hn``, inside the reset product). The workspace, which forward fills
for backward, is gate-major so that every gate is one contiguous ``(B, H)`` block: a pass
over a column block of a ``(B, G*H)`` array costs NumPy one inner loop per row, several times
a contiguous pass of the same size.

- LSTM ``(5, B, H)``: ``sigmoid(i), sigmoid(f), tanh(g), sigmoid(o), tanh(c')``
- GRU ``(4, B, H)``: ``r, z, n, W_hn h + b_hn``
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


def _by_gate(a: Any, n_gates: int) -> Any:
    """A ``(B, G*H)`` array seen as ``(G, B, H)`` (a view)."""
    b = a.shape[0]
    return a.reshape(b, n_gates, a.shape[1] // n_gates).transpose(1, 0, 2)


def lstm_cell(xp: Any, input_gates: Any, hidden_gates: Any, cx: Any, hy: Any, cy: Any,
              workspace: Any) -> None:
    """One LSTM step: gates ``input_gates + hidden_gates`` (B, 4H), then ``c' = f c + i g``
    and ``h' = o tanh(c')`` into ``hy`` and ``cy`` (B, H); ``cy`` may be ``cx``."""
    acts = workspace[:4]
    xp.add(_by_gate(input_gates, 4), _by_gate(hidden_gates, 4), out=acts)
    _sigmoid_(xp, acts[:2])
    xp.tanh(acts[2], out=acts[2])
    _sigmoid_(xp, acts[3])
    i, f, g, o, tc = workspace
    ig = i * g
    xp.multiply(f, cx, out=cy)
    cy += ig
    xp.tanh(cy, out=tc)
    xp.multiply(o, tc, out=hy)


def lstm_cell_backward(xp: Any, ghy: Any, gcy: Any, cx: Any, workspace: Any, g_gates: Any,
                       gcx: Any) -> None:
    """The gradients of one LSTM step: into ``g_gates`` (B, 4H) for the gate
    pre-activations and ``gcx`` (B, H) for the previous cell (``gcx`` may be ``gcy``)."""
    i, f, g, o, tc = workspace
    gi, gf, gg, go = _by_gate(g_gates, 4)
    # dc = gcy + ghy o (1 - tanh(c')^2)
    gc = tc * tc
    xp.subtract(1, gc, out=gc)
    gc *= o
    gc *= ghy
    gc += gcy
    # do = ghy tanh(c') o (1 - o); di = dc g i (1 - i); df = dc c f (1 - f);
    # dg = dc i (1 - g^2): each built contiguously, its last product written in place
    t = 1 - o
    t *= o
    t *= tc
    xp.multiply(t, ghy, out=go)
    xp.subtract(1, i, out=t)
    t *= i
    t *= g
    xp.multiply(t, gc, out=gi)
    xp.subtract(1, f, out=t)
    t *= f
    t *= cx
    xp.multiply(t, gc, out=gf)
    xp.multiply(g, g, out=t)
    xp.subtract(1, t, out=t)
    t *= i
    xp.multiply(t, gc, out=gg)
    xp.multiply(gc, f, out=gcx)


def gru_cell(xp: Any, input_gates: Any, hidden_gates: Any, hx: Any, hy: Any,
             workspace: Any) -> None:
    """One GRU step: ``r = sigmoid(x_r + h_r)``, ``z = sigmoid(x_z + h_z)``,
    ``n = tanh(x_n + r h_n)``, ``h' = (1 - z) n + z h`` into ``hy`` (B, H)."""
    xg, hg = _by_gate(input_gates, 3), _by_gate(hidden_gates, 3)
    rz = workspace[:2]
    xp.add(xg[:2], hg[:2], out=rz)
    _sigmoid_(xp, rz)
    r, z, n, hn = workspace
    hn[...] = hg[2]
    xp.multiply(r, hn, out=n)
    n += xg[2]
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
    r, z, n, hn = workspace
    gi, gh = _by_gate(g_input_gates, 3), _by_gate(g_hidden_gates, 3)
    # dz = ghy (h - n) z (1 - z)
    t = 1 - z
    t *= z
    t *= ghy
    u = hx - n
    xp.multiply(t, u, out=gi[1])
    gh[1] = gi[1]
    # dn (pre-activation) = ghy (1 - z) (1 - n^2)
    xp.multiply(n, n, out=t)
    xp.subtract(1, t, out=t)
    t *= ghy
    xp.subtract(1, z, out=u)
    t *= u
    gi[2] = t
    # d(h_n) = dn r;  dr = dn h_n r (1 - r)
    xp.multiply(t, r, out=gh[2])
    t *= hn
    xp.subtract(1, r, out=u)
    u *= r
    xp.multiply(t, u, out=gi[0])
    gh[0] = gi[0]
    xp.multiply(ghy, z, out=ghx)
