"""Sequence-model workloads of the suite: an LSTM training step and a transformer-block step.

Each is timed three ways from the same initial weights (``ag.manual_seed(0)``, copied into
PyTorch's twin and into the hand-written version): tapegrad, PyTorch eager, and ``raw``, the
same model's forward and backward written by hand against the array namespace (NumPy on the
CPU, CuPy on a GPU) with the textbook fusions -- one input GEMM over all steps, one GEMM per
step, one weight GEMM per layer -- which is the floor an autodiff engine is measured against.

- lstm: ``nn.LSTM(64, 128)`` over 32 steps of a batch of 32, the last hidden state through
  ``nn.Linear(128, 1)``, MSE against a target, one SGD step.
- transformer: one GPT-style block (``nn.TransformerEncoderLayer(128, 4, 512, dropout=0,
  norm_first=True, batch_first=True)``, tanh-GELU, causal self-attention) on a batch of 16
  sequences of 64, MSE against a target, one SGD step.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

import autograd as ag
import backends
import nn
from benchmarks.timing import torch_or_none
from benchmarks.workloads import Case, Step, Workload, sync_torch, torch_device
from benchmarks.workloads_train import STEP_IMPLS, _models, ours_step

LR = 0.01


def _sgd_step_tapegrad(model: Any, x: Any, y: Any, device: str, impl: str) -> Step:
    opt = nn.optim.SGD(model.parameters(), lr=LR)

    def body(x: Any, y: Any) -> Any:
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        return loss

    return ours_step(body, x, y, impl, device)


def _sgd_step_torch(model: Any, x: Any, y: Any, dev: str) -> Step:
    torch = torch_or_none()
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def step() -> Any:
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        sync_torch(dev)
        return loss.detach()

    return step


def _build(spec: Any, raw: Any, x_h: np.ndarray, y_h: np.ndarray, impl: str,
           device: str) -> Step | None:
    if impl == "raw":
        ag.manual_seed(0)
        weights = {k: v.detach().numpy() for k, v in spec(nn).state_dict().items()}
        return raw(weights, x_h, y_h, backends.get(device))
    model = _models(spec, device, impl)
    if model is None:
        return None
    if impl in ("tapegrad", "compiled"):
        x, y = ag.tensor(x_h, device=device), ag.tensor(y_h, device=device)
        return _sgd_step_tapegrad(model, x, y, device, impl)
    torch = torch_or_none()
    dev = torch_device(device)
    return _sgd_step_torch(model, torch.tensor(x_h, device=dev), torch.tensor(y_h, device=dev),
                           dev)


@lru_cache(maxsize=4)
def _data(x_shape: tuple, y_shape: tuple) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    return (rng.standard_normal(x_shape).astype(np.float32),
            rng.standard_normal(y_shape).astype(np.float32))


# -- LSTM ----------------------------------------------------------------------------------------


def _lstm_spec(i: int, h: int) -> Any:
    def spec(m: Any) -> Any:
        class LSTMRegressor(m.Module):
            def __init__(self) -> None:
                super().__init__()
                self.lstm = m.LSTM(i, h)
                self.head = m.Linear(h, 1)

            def forward(self, x: Any) -> Any:
                _, (h_n, _) = self.lstm(x)
                return self.head(h_n[-1])

        return LSTMRegressor()

    return spec


def _lstm_raw(w: dict, x_h: np.ndarray, y_h: np.ndarray, xp: Any) -> Step:
    """The LSTM regressor's step written by hand (see the module docstring), with the same
    memory layouts as tapegrad's kernels (gate-major activations, a contiguous W_hh^T), so
    that the difference is the engine's overhead alone."""
    p = {k: xp.from_numpy(v.copy()) for k, v in w.items()}
    x, y = xp.from_numpy(x_h), xp.from_numpy(y_h)
    steps, batch, n_in = x.shape
    hid = p["lstm.weight_hh_l0"].shape[1]
    xf = x.reshape(steps * batch, n_in)

    def sigmoid_(a: Any) -> Any:
        a *= 0.5
        xp.tanh(a, out=a)
        a *= 0.5
        a += 0.5
        return a

    def by_gate(a: Any) -> Any:
        return a.reshape(a.shape[0], 4, hid).transpose(1, 0, 2)

    def step() -> Any:
        w_ih, w_hh = p["lstm.weight_ih_l0"], p["lstm.weight_hh_l0"]
        w_hh_t = xp.ascontiguousarray(w_hh.T)
        w_out = p["head.weight"]
        xg = (xf @ w_ih.T + (p["lstm.bias_ih_l0"] + p["lstm.bias_hh_l0"])).reshape(
            steps, batch, 4 * hid)
        hs = xp.zeros((steps + 1, batch, hid), dtype=x.dtype)
        cs = xp.zeros((steps + 1, batch, hid), dtype=x.dtype)
        acts = xp.empty((steps, 4, batch, hid), dtype=x.dtype)  # i, f, g, o per step
        tcs = xp.empty((steps, batch, hid), dtype=x.dtype)
        for t in range(steps):
            a = acts[t]
            xp.add(by_gate(hs[t] @ w_hh_t), by_gate(xg[t]), out=a)
            sigmoid_(a[:2])
            xp.tanh(a[2], out=a[2])
            sigmoid_(a[3])
            xp.multiply(a[1], cs[t], out=cs[t + 1])
            cs[t + 1] += a[0] * a[2]
            xp.tanh(cs[t + 1], out=tcs[t])
            xp.multiply(a[3], tcs[t], out=hs[t + 1])
        out = hs[steps] @ w_out.T + p["head.bias"]
        diff = out - y
        loss = (diff * diff).mean()
        # backward
        dout = diff * (2.0 / diff.size)
        g = {"head.weight": dout.T @ hs[steps], "head.bias": dout.sum(0)}
        dh = dout @ w_out
        dc = xp.zeros_like(dh)
        dgates = xp.empty((steps, batch, 4 * hid), dtype=x.dtype)
        for t in range(steps - 1, -1, -1):
            i, f, gg, o = acts[t]
            tc = tcs[t]
            d = by_gate(dgates[t])
            dc += dh * o * (1 - tc * tc)
            xp.multiply(dh * tc, o * (1 - o), out=d[3])
            xp.multiply(dc * gg, i * (1 - i), out=d[0])
            xp.multiply(dc * cs[t], f * (1 - f), out=d[1])
            xp.multiply(dc * i, 1 - gg * gg, out=d[2])
            dh = dgates[t] @ w_hh
            dc *= f
        dg = dgates.reshape(steps * batch, 4 * hid)
        g["lstm.weight_hh_l0"] = dg.T @ hs[:steps].reshape(steps * batch, hid)
        g["lstm.weight_ih_l0"] = dg.T @ xf
        g["lstm.bias_ih_l0"] = g["lstm.bias_hh_l0"] = dg.sum(0)
        for k, grad in g.items():
            p[k] -= LR * grad
        xp.synchronize()
        return loss

    return step


def _lstm_cases(quick: bool) -> list[Case]:
    i, h, steps, batch = (16, 32, 8, 8) if quick else (64, 128, 32, 32)
    spec = _lstm_spec(i, h)

    def build(impl: str, device: str) -> Step | None:
        x_h, y_h = _data((steps, batch, i), (batch, 1))
        return _build(spec, _lstm_raw, x_h, y_h, impl, device)

    flops = 3 * 2.0 * steps * batch * 4 * h * (i + h)
    return [Case(f"input {i}, hidden {h}, seq {steps}, batch {batch}", h, batch, build,
                 flops=flops)]


# -- transformer block ----------------------------------------------------------------------------


def _block_spec(d: int, heads: int, ff: int) -> Any:
    def spec(m: Any) -> Any:
        class Block(m.Module):
            def __init__(self) -> None:
                super().__init__()
                self.layer = m.TransformerEncoderLayer(
                    d, heads, ff, dropout=0.0, activation=m.GELU(approximate="tanh"),
                    batch_first=True, norm_first=True)

            def forward(self, x: Any) -> Any:
                n = x.shape[1]
                mask = m.Transformer.generate_square_subsequent_mask(n, device=x.device)
                return self.layer(x, src_mask=mask, is_causal=True)

        return Block()

    return spec


_K = math.sqrt(2.0 / math.pi)


def _block_raw(w: dict, x_h: np.ndarray, y_h: np.ndarray, xp: Any) -> Step:
    """The GPT block's step written by hand (see the module docstring)."""
    p = {k: xp.from_numpy(v.copy()) for k, v in w.items()}
    x, y = xp.from_numpy(x_h), xp.from_numpy(y_h)
    b, n, d = x.shape
    heads = 4
    hd = d // heads
    scale = 1.0 / math.sqrt(hd)
    causal = xp.from_numpy(np.triu(np.full((n, n), -np.inf, dtype=np.float32), 1))
    pre = "layer."

    def ln(v: Any, g: Any, beta: Any) -> tuple:
        mu = v.mean(-1, keepdims=True)
        c = v - mu
        rstd = 1.0 / xp.sqrt((c * c).mean(-1, keepdims=True) + 1e-5)
        vh = c * rstd
        return vh * g + beta, vh, rstd

    def ln_back(dout: Any, vh: Any, rstd: Any, g: Any) -> tuple:
        dvh = dout * g
        dv = rstd * (dvh - dvh.mean(-1, keepdims=True)
                     - vh * (dvh * vh).mean(-1, keepdims=True))
        return dv, (dout * vh).reshape(-1, d).sum(0), dout.reshape(-1, d).sum(0)

    def step() -> Any:
        w_in, w_o = p[pre + "self_attn.in_proj_weight"], p[pre + "self_attn.out_proj.weight"]
        w1, w2 = p[pre + "linear1.weight"], p[pre + "linear2.weight"]
        h, xh1, r1 = ln(x, p[pre + "norm1.weight"], p[pre + "norm1.bias"])
        hf = h.reshape(b * n, d)
        qkv = (hf @ w_in.T + p[pre + "self_attn.in_proj_bias"]).reshape(b, n, 3, heads, hd)
        qkv = qkv.transpose(2, 0, 3, 1, 4)  # (3, b, heads, n, hd)
        q, k, v = qkv[0], qkv[1], qkv[2]
        s = q @ k.transpose(0, 1, 3, 2)
        s *= scale
        s += causal
        s -= s.max(-1, keepdims=True)
        pr = xp.exp(s, out=s)
        pr /= pr.sum(-1, keepdims=True)
        a = (pr @ v).transpose(0, 2, 1, 3).reshape(b * n, d)
        x1 = x + (a @ w_o.T + p[pre + "self_attn.out_proj.bias"]).reshape(b, n, d)
        h2, xh2, r2 = ln(x1, p[pre + "norm2.weight"], p[pre + "norm2.bias"])
        h2f = h2.reshape(b * n, d)
        u = h2f @ w1.T + p[pre + "linear1.bias"]
        th = xp.tanh(_K * (u + 0.044715 * u * u * u))
        gl = 0.5 * u * (1 + th)
        out = x1 + (gl @ w2.T + p[pre + "linear2.bias"]).reshape(b, n, d)
        diff = out - y
        loss = (diff * diff).mean()
        # backward
        dy = diff * (2.0 / diff.size)
        dyf = dy.reshape(b * n, d)
        g = {pre + "linear2.weight": dyf.T @ gl, pre + "linear2.bias": dyf.sum(0)}
        dgl = dyf @ w2
        du = dgl * (0.5 * (1 + th) + 0.5 * u * (1 - th * th) * _K * (1 + 3 * 0.044715 * u * u))
        g[pre + "linear1.weight"] = du.T @ h2f
        g[pre + "linear1.bias"] = du.sum(0)
        dx1, g[pre + "norm2.weight"], g[pre + "norm2.bias"] = ln_back(
            (du @ w1).reshape(b, n, d), xh2, r2, p[pre + "norm2.weight"])
        dx1 += dy
        do = dx1.reshape(b * n, d)
        g[pre + "self_attn.out_proj.weight"] = do.T @ a
        g[pre + "self_attn.out_proj.bias"] = do.sum(0)
        da = (do @ w_o).reshape(b, n, heads, hd).transpose(0, 2, 1, 3)
        dpr = da @ v.transpose(0, 1, 3, 2)
        dv = pr.transpose(0, 1, 3, 2) @ da
        ds = pr * (dpr - (dpr * pr).sum(-1, keepdims=True))
        ds *= scale
        dqkv = xp.stack([ds @ k, ds.transpose(0, 1, 3, 2) @ q, dv])  # (3, b, heads, n, hd)
        dqkv = dqkv.transpose(1, 3, 0, 2, 4).reshape(b * n, 3 * d)
        g[pre + "self_attn.in_proj_weight"] = dqkv.T @ hf
        g[pre + "self_attn.in_proj_bias"] = dqkv.sum(0)
        _, g[pre + "norm1.weight"], g[pre + "norm1.bias"] = ln_back(
            (dqkv @ w_in).reshape(b, n, d), xh1, r1, p[pre + "norm1.weight"])
        for key, grad in g.items():
            p[key] -= LR * grad
        xp.synchronize()
        return loss

    return step


def _block_cases(quick: bool) -> list[Case]:
    d, heads, steps, batch = (32, 4, 16, 4) if quick else (128, 4, 64, 16)
    ff = 4 * d
    spec = _block_spec(d, heads, ff)

    def build(impl: str, device: str) -> Step | None:
        x_h, y_h = _data((batch, steps, d), (batch, steps, d))
        return _build(spec, _block_raw, x_h, y_h, impl, device)

    tokens = batch * steps
    flops = 3 * 2.0 * (tokens * d * (4 * d + 2 * ff) + batch * steps * steps * d * 2)
    return [Case(f"d_model {d}, {heads} heads, seq {steps}, batch {batch}", d, batch, build,
                 flops=flops)]


def workloads() -> list[Workload]:
    """The sequence-model workloads."""
    return [
        Workload("lstm", "LSTM step: nn.LSTM over the sequence, last hidden state -> Linear, "
                 "MSE, SGD; raw = the same by hand", "samples", _lstm_cases, impls=STEP_IMPLS),
        Workload("transformer", "transformer-block step: causal self-attention + GELU MLP, "
                 "pre-norm, MSE, SGD; raw = the same by hand", "samples", _block_cases,
                 impls=STEP_IMPLS),
    ]
