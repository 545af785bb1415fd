"""One recurrent step: the fused LSTM and GRU gate ops, and the cells built on them.

``fused_lstm_cell(input_gates, hidden_gates, cx)`` and ``fused_gru_cell(input_gates,
hidden_gates, hx)`` are the gate math of one step as a single Function each: one tape node,
not the dozen elementwise nodes a composition records. Their forward and first-order backward
are the backend's fused kernels (``xp.lstm_cell``, ``xp.gru_cell`` and their backwards: a few
in-place passes on NumPy, one elementwise kernel on CuPy). Under ``create_graph`` the backward
recomputes the activations from the saved inputs and writes the same derivative with
differentiable ops, so the gradient has gradients of its own.

The cells (``torch.lstm_cell``, ``torch.gru_cell``, ``torch.rnn_tanh_cell``,
``torch.rnn_relu_cell``) add the two input projections: ``linear(input, w_ih, b_ih)`` and
``linear(hx, w_hh, b_hh)``, then the gate op. Gate layouts are PyTorch's: LSTM ``[i, f, g, o]``,
GRU ``[r, z, n]`` with ``b_hn`` inside the reset product.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.convert import to
from autograd.ops.elementwise.unary import relu, tanh
from autograd.ops.nn.linear import linear

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["fused_lstm_cell", "fused_gru_cell", "lstm_cell", "gru_cell", "rnn_tanh_cell",
           "rnn_relu_cell"]


def _rows(a: Any) -> Any:
    """An unbatched (1-D) step as one batch row."""
    return a.reshape((1,) + a.shape) if a.ndim == 1 else a


class FusedLSTMCell(Function):
    @staticmethod
    def forward(ctx, input_gates, hidden_gates, cx):
        xp = ctx.xp
        shape = cx.shape
        ig, hg, c = _rows(input_gates), _rows(hidden_gates), _rows(cx)
        b, h = c.shape
        hy = xp.empty((b, h), dtype=c.dtype)
        cy = xp.empty((b, h), dtype=c.dtype)
        ws = xp.empty((5, b, h), dtype=c.dtype)
        xp.lstm_cell(ig, hg, c, hy, cy, ws)
        ctx.ws = ws  # activated gates and tanh(c'): a first-order backward needs no exp
        ctx.save_for_backward(input_gates, hidden_gates, cx)
        return hy.reshape(shape), cy.reshape(shape)

    @staticmethod
    def backward(ctx, ghy, gcy):
        # gates = ig + hg = [i, f, g, o] (pre-activation), c' = s(f) c + s(i) t(g),
        # h' = s(o) t(c'):  dc = gcy + ghy s(o) (1 - t(c')^2);  d(i) = dc t(g) s(i)(1 - s(i)),
        # d(f) = dc c s(f)(1 - s(f)), d(g) = dc s(i)(1 - t(g)^2), d(o) = ghy t(c') s(o)(1 - s(o));
        # d(ig) = d(hg) = d(gates);  d(c) = dc s(f)
        ig, hg, cx = ctx.saved_tensors
        xp = ctx.xp
        if xp.differentiable:
            gg, gcx = _lstm_cell_grads(xp, ig + hg, cx, ghy, gcy)
            return gg, gg, gcx
        c = _rows(cx)
        gg = xp.empty((c.shape[0], 4 * c.shape[1]), dtype=c.dtype)
        gcx = xp.empty(c.shape, dtype=c.dtype)
        xp.lstm_cell_backward(_rows(ghy), _rows(gcy), c, ctx.ws, gg, gcx)
        gg = gg.reshape(ig.shape)
        return gg, gg, gcx.reshape(cx.shape)


def _lstm_cell_grads(xp: Any, gates: Any, cx: Any, ghy: Any, gcy: Any) -> tuple:
    """The LSTM step's derivative (see FusedLSTMCell.backward) in differentiable ops."""
    h = cx.shape[-1]
    i = xp.sigmoid(gates[..., :h])
    f = xp.sigmoid(gates[..., h:2 * h])
    g = xp.tanh(gates[..., 2 * h:3 * h])
    o = xp.sigmoid(gates[..., 3 * h:])
    tc = xp.tanh(f * cx + i * g)
    gc = gcy + ghy * o * (1 - tc * tc)
    grads = [gc * g * i * (1 - i), gc * cx * f * (1 - f), gc * i * (1 - g * g),
             ghy * tc * o * (1 - o)]
    return xp.concatenate(grads, axis=-1), gc * f


class FusedGRUCell(Function):
    @staticmethod
    def forward(ctx, input_gates, hidden_gates, hx):
        xp = ctx.xp
        ig, hg, h0 = _rows(input_gates), _rows(hidden_gates), _rows(hx)
        b, h = h0.shape
        hy = xp.empty((b, h), dtype=h0.dtype)
        ws = xp.empty((4, b, h), dtype=h0.dtype)
        xp.gru_cell(ig, hg, h0, hy, ws)
        ctx.ws = ws  # r, z, n and the hidden part of n
        ctx.save_for_backward(input_gates, hidden_gates, hx)
        return hy.reshape(hx.shape)

    @staticmethod
    def backward(ctx, ghy):
        # r = s(x_r + h_r), z = s(x_z + h_z), n = t(x_n + r h_n), h' = (1 - z) n + z h:
        # d(x_n) = ghy (1 - z)(1 - n^2), d(h_n) = d(x_n) r, d(x_r) = d(h_r) = d(x_n) h_n r (1 - r),
        # d(x_z) = d(h_z) = ghy (h - n) z (1 - z), dh = ghy z
        ig, hg, hx = ctx.saved_tensors
        xp = ctx.xp
        if xp.differentiable:
            return _gru_cell_grads(xp, ig, hg, hx, ghy)
        h0 = _rows(hx)
        shape = (h0.shape[0], 3 * h0.shape[1])
        gi = xp.empty(shape, dtype=h0.dtype)
        gh = xp.empty(shape, dtype=h0.dtype)
        ghx = xp.empty(h0.shape, dtype=h0.dtype)
        xp.gru_cell_backward(_rows(ghy), h0, ctx.ws, gi, gh, ghx)
        return gi.reshape(ig.shape), gh.reshape(hg.shape), ghx.reshape(hx.shape)


def _gru_cell_grads(xp: Any, ig: Any, hg: Any, hx: Any, ghy: Any) -> tuple:
    """The GRU step's derivative (see FusedGRUCell.backward) in differentiable ops."""
    h = hx.shape[-1]
    r = xp.sigmoid(ig[..., :h] + hg[..., :h])
    z = xp.sigmoid(ig[..., h:2 * h] + hg[..., h:2 * h])
    hn = hg[..., 2 * h:]
    n = xp.tanh(ig[..., 2 * h:] + r * hn)
    gn = ghy * (1 - z) * (1 - n * n)
    gz = ghy * (hx - n) * z * (1 - z)
    gr = gn * hn * r * (1 - r)
    gi = xp.concatenate([gr, gz, gn], axis=-1)
    gh = xp.concatenate([gr, gz, gn * r], axis=-1)
    return gi, gh, ghy * z


def _check_gates(op: str, input_gates: Tensor, hidden_gates: Tensor, state: Tensor,
                 n_gates: int, state_name: str) -> None:
    for name, t in (("input_gates", input_gates), ("hidden_gates", hidden_gates),
                    (state_name, state)):
        if not isinstance(t, TensorBase):
            raise TypeError(f"{op}(): argument '{name}' must be a Tensor, not "
                            f"{type(t).__name__}")
    s = tuple(state.shape)
    want = s[:-1] + (n_gates * s[-1],) if s else None
    if not 1 <= len(s) <= 2 or tuple(input_gates.shape) != want or \
            tuple(hidden_gates.shape) != want:
        raise RuntimeError(
            f"{op}(): expected input_gates and hidden_gates of shape [batch, {n_gates} * "
            f"hidden_size] (here {list(want) if want else '?'}) for a {state_name} of shape "
            f"[batch, hidden_size], got input_gates {list(input_gates.shape)}, hidden_gates "
            f"{list(hidden_gates.shape)} and {state_name} {list(s)}")


def _same_float(*tensors: Tensor | None) -> list:
    """The tensors in the first one's floating dtype (None stays None)."""
    dt = tensors[0].dtype
    if dt.kind not in "fV":
        from autograd.dtypes import get_default_dtype

        dt = get_default_dtype()
    return [t if t is None or t.dtype == dt else to(t, dt) for t in tensors]


def fused_lstm_cell(input_gates: Tensor, hidden_gates: Tensor,
                    cx: Tensor) -> tuple[Tensor, Tensor]:
    """The gate math of one LSTM step: ``(hy, cy)`` from the gate pre-activations
    ``input_gates + hidden_gates`` ``(B, 4H)`` (order i, f, g, o) and the cell ``cx`` ``(B, H)``
    (PyTorch's ``_thnn_fused_lstm_cell`` without the bias arguments and workspace output)."""
    _check_gates("fused_lstm_cell", input_gates, hidden_gates, cx, 4, "cx")
    return FusedLSTMCell.apply(*_same_float(input_gates, hidden_gates, cx))


def fused_gru_cell(input_gates: Tensor, hidden_gates: Tensor, hx: Tensor) -> Tensor:
    """The gate math of one GRU step: ``hy`` from ``input_gates`` ``(B, 3H)`` (``W_i x + b_i``),
    ``hidden_gates`` ``(B, 3H)`` (``W_h h + b_h``; order r, z, n) and ``hx`` ``(B, H)``
    (PyTorch's ``_thnn_fused_gru_cell`` without the bias arguments and workspace output)."""
    _check_gates("fused_gru_cell", input_gates, hidden_gates, hx, 3, "hx")
    return FusedGRUCell.apply(*_same_float(input_gates, hidden_gates, hx))


def _check_cell(op: str, input: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor,
                n_gates: int, b_ih: Any = None, b_hh: Any = None) -> None:
    for k, (name, b) in enumerate((("b_ih", b_ih), ("b_hh", b_hh))):
        if b is not None and not isinstance(b, TensorBase):
            raise TypeError(f"{op}(): argument '{name}' (position {k + 5}) must be Tensor, not "
                            f"{type(b).__name__}")
    if input.ndim not in (1, 2):
        # a 0-d input has no feature dim: PyTorch's IndexError from reading it
        raise (IndexError if input.ndim == 0 else ValueError)(
            f"{op}: Expected input to be 1D or 2D, got {input.ndim}D instead (shape "
            f"{list(input.shape)})")
    if input.shape[-1] != w_ih.shape[1]:
        raise RuntimeError(f"{op}: input has inconsistent input_size: got {input.shape[-1]} "
                           f"expected {w_ih.shape[1]} (input shape {list(input.shape)})")
    hidden = w_hh.shape[1]
    want = (hidden,) if input.ndim == 1 else (input.shape[0], hidden)
    if tuple(hx.shape) != want:
        raise (IndexError if hx.ndim == 0 else RuntimeError)(
            f"{op}: Expected hidden state of shape {list(want)} for an input of shape "
            f"{list(input.shape)}, got {list(hx.shape)}")
    if w_hh.shape[0] != n_gates * hidden:
        raise RuntimeError(f"{op}: weight_hh of shape {list(w_hh.shape)} does not hold "
                           f"{n_gates} gates of hidden_size {hidden}")


def lstm_cell(input: Tensor, hx: tuple[Tensor, Tensor], w_ih: Tensor, w_hh: Tensor,
              b_ih: Tensor | None = None, b_hh: Tensor | None = None) -> tuple[Tensor, Tensor]:
    """One LSTM step (``torch.lstm_cell``): ``(h', c')`` from ``input`` ``(B, I)`` or ``(I,)``
    and ``hx = (h, c)``; two input GEMMs and one fused gate op."""
    h, c = hx
    _check_cell("lstm_cell", input, h, w_ih, w_hh, 4, b_ih, b_hh)
    if tuple(c.shape) != tuple(h.shape):
        raise (IndexError if c.ndim == 0 else RuntimeError)(
            f"lstm_cell: Expected cell state of shape {list(h.shape)}, got {list(c.shape)}")
    return fused_lstm_cell(linear(input, w_ih, b_ih), linear(h, w_hh, b_hh), c)


def gru_cell(input: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | None = None,
             b_hh: Tensor | None = None) -> Tensor:
    """One GRU step (``torch.gru_cell``): two input GEMMs and one fused gate op."""
    _check_cell("gru_cell", input, hx, w_ih, w_hh, 3, b_ih, b_hh)
    return fused_gru_cell(linear(input, w_ih, b_ih), linear(hx, w_hh, b_hh), hx)


def rnn_tanh_cell(input: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor,
                  b_ih: Tensor | None = None, b_hh: Tensor | None = None) -> Tensor:
    """One Elman step ``tanh(W_ih x + b_ih + W_hh h + b_hh)`` (``torch.rnn_tanh_cell``)."""
    _check_cell("rnn_tanh_cell", input, hx, w_ih, w_hh, 1, b_ih, b_hh)
    return tanh(linear(input, w_ih, b_ih) + linear(hx, w_hh, b_hh))


def rnn_relu_cell(input: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor,
                  b_ih: Tensor | None = None, b_hh: Tensor | None = None) -> Tensor:
    """One Elman step ``relu(W_ih x + b_ih + W_hh h + b_hh)`` (``torch.rnn_relu_cell``)."""
    _check_cell("rnn_relu_cell", input, hx, w_ih, w_hh, 1, b_ih, b_hh)
    return relu(linear(input, w_ih, b_ih) + linear(hx, w_hh, b_hh))
