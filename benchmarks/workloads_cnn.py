"""The CNN workload of the suite: a two-conv network's training step, three ways.

``conv3x3(1->16)-BatchNorm-ReLU-maxpool2 -> conv3x3(16->32)-BatchNorm-ReLU-maxpool2 -> flatten
-> linear(32*s/4*s/4 -> 10)``, cross-entropy, Adam, on a batch of 1-channel images, from the
same initial weights (``ag.manual_seed(0)``, copied into PyTorch's twin and into ``raw``).
``raw`` is the floor: the same step written by hand against the array namespace (NumPy on the
CPU, CuPy on a GPU) with the textbook choices -- activations kept channel-major ``(C, N, H,
W)`` so that im2col is one strided copy and every conv one GEMM without transposes, the
columns kept from forward for the weight gradient, col2im as nine strided adds, max-pool as a
reshape, BatchNorm's backward in closed form, Adam in place.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd as ag
import backends
import nn
from benchmarks.workloads import Case, Step, Workload
from benchmarks.workloads_train import (
    STEP_IMPLS,
    _images,
    _train_step,
    adam_raw,
    cross_entropy_raw,
)

EPS = 1e-5
LR = 1e-3


def spec(m: Any, side: int = 28) -> Any:
    """The model, for ``m`` = ``nn`` or ``torch.nn``."""
    return m.Sequential(
        m.Conv2d(1, 16, 3, padding=1), m.BatchNorm2d(16), m.ReLU(), m.MaxPool2d(2),
        m.Conv2d(16, 32, 3, padding=1), m.BatchNorm2d(32), m.ReLU(), m.MaxPool2d(2),
        m.Flatten(), m.Linear(32 * (side // 4) ** 2, 10))


def _cols(xp: Any, a: Any) -> Any:
    """im2col of a channel-major (C, N, H, W) array for a 3x3 kernel with padding 1:
    (C * 9, N * H * W), one strided copy."""
    c, n, h, w = a.shape
    pad = xp.zeros((c, n, h + 2, w + 2), dtype=a.dtype)
    pad[:, :, 1:-1, 1:-1] = a
    s0, s1, s2, s3 = pad.strides
    win = xp.lib.stride_tricks.as_strided(pad, (c, 3, 3, n, h, w), (s0, s2, s3, s1, s2, s3))
    return win.reshape(c * 9, n * h * w)


def _col2im(xp: Any, cols: Any, shape: tuple) -> Any:
    """The adjoint of ``_cols``: (C * 9, N * H * W) summed back into (C, N, H, W)."""
    c, n, h, w = shape
    cols = cols.reshape(c, 3, 3, n, h, w)
    pad = xp.zeros((c, n, h + 2, w + 2), dtype=cols.dtype)
    for p in range(3):
        for q in range(3):
            pad[:, :, p:p + h, q:q + w] += cols[:, p, q]
    return pad[:, :, 1:-1, 1:-1]


def _raw(weights: dict, x_h: np.ndarray, y_h: np.ndarray, xp: Any) -> Step:
    p = {k: xp.from_numpy(v.copy()) for k, v in weights.items()}
    names = [k for k in p if not k.endswith(("running_mean", "running_var", "num_batches_tracked"))]
    m1 = {k: xp.zeros_like(p[k]) for k in names}
    m2 = {k: xp.zeros_like(p[k]) for k in names}
    x = xp.ascontiguousarray(xp.from_numpy(x_h).transpose(1, 0, 2, 3))  # (C, N, H, W)
    y = xp.from_numpy(y_h)
    n = x.shape[1]
    rows = xp.arange(n)
    t = [0]

    def block(a: Any, i: int) -> tuple:
        # conv (one GEMM) + bias, BatchNorm (batch statistics), ReLU, 2x2 max-pool
        wc, bn = p[f"{i}.weight"], i + 1
        c, _, h, w = a.shape
        cols = _cols(xp, a)
        z = (wc.reshape(wc.shape[0], -1) @ cols).reshape(wc.shape[0], n, h, w)
        z += p[f"{i}.bias"].reshape(-1, 1, 1, 1)
        mean = z.mean(axis=(1, 2, 3), keepdims=True)
        z -= mean
        var = (z * z).mean(axis=(1, 2, 3), keepdims=True)
        rstd = 1.0 / xp.sqrt(var + EPS)
        z *= rstd  # xhat
        m = z.size // z.shape[0]
        rm, rv = p[f"{bn}.running_mean"], p[f"{bn}.running_var"]
        rm *= 0.9
        rm += 0.1 * mean.reshape(-1)
        rv *= 0.9
        rv += 0.1 * var.reshape(-1) * (m / (m - 1))
        r = z * p[f"{bn}.weight"].reshape(-1, 1, 1, 1) + p[f"{bn}.bias"].reshape(-1, 1, 1, 1)
        xp.maximum(r, 0, out=r)
        r6 = r.reshape(r.shape[0], n, h // 2, 2, w // 2, 2)
        out = xp.maximum(r6[:, :, :, 0, :, 0], r6[:, :, :, 0, :, 1])
        xp.maximum(out, r6[:, :, :, 1, :, 0], out=out)
        xp.maximum(out, r6[:, :, :, 1, :, 1], out=out)
        return out, (cols, z, rstd, r6, out)

    def block_back(g: Any, i: int, saved: tuple, want_input: bool) -> Any:
        cols, xhat, rstd, r6, out = saved
        wc, bn = p[f"{i}.weight"], i + 1
        c = r6.shape[0]
        # max-pool: the gradient to each window's maximum; ReLU: only where positive
        g = g * (out > 0)
        gz6 = xp.empty_like(r6)
        for a in range(2):
            for b in range(2):
                xp.multiply(g, r6[:, :, :, a, :, b] == out, out=gz6[:, :, :, a, :, b])
        gz = gz6.reshape(xhat.shape)
        # BatchNorm: gx = (gy - mean(gy) - xhat * mean(gy * xhat)) * rstd * gamma
        sg = gz.sum(axis=(1, 2, 3), keepdims=True)
        sgx = (gz * xhat).sum(axis=(1, 2, 3), keepdims=True)
        m = xhat.size // c
        grads[f"{bn}.weight"] = sgx.reshape(-1)
        grads[f"{bn}.bias"] = sg.reshape(-1)
        xhat *= sgx * (1.0 / m)
        xhat += sg * (1.0 / m)
        xhat -= gz
        xhat *= -(rstd * p[f"{bn}.weight"].reshape(-1, 1, 1, 1))
        gc = xhat.reshape(c, -1)  # the conv output's gradient
        grads[f"{i}.bias"] = gc.sum(axis=1)
        grads[f"{i}.weight"] = (gc @ cols.T).reshape(wc.shape)
        if not want_input:
            return None
        wm = wc.reshape(c, -1)
        cin = wc.shape[1]
        return _col2im(xp, wm.T @ gc, (cin, n, r6.shape[2] * 2, r6.shape[4] * 2))

    grads: dict = {}

    def step() -> Any:
        h1, s1 = block(x, 0)
        h2, s2 = block(h1, 4)
        flat = xp.ascontiguousarray(h2.transpose(1, 0, 2, 3)).reshape(n, -1)
        wl = p["9.weight"]
        logits = flat @ wl.T + p["9.bias"]
        loss, e = cross_entropy_raw(xp, logits, rows, y)
        grads["9.weight"] = e.T @ flat
        grads["9.bias"] = e.sum(axis=0)
        gflat = (e @ wl).reshape(h2.shape[1], h2.shape[0], *h2.shape[2:])
        g2 = block_back(xp.ascontiguousarray(gflat.transpose(1, 0, 2, 3)), 4, s2, True)
        block_back(g2, 0, s1, False)
        t[0] += 1
        adam_raw(xp, p, grads, m1, m2, names, t[0])
        xp.synchronize()
        return loss

    return step


def _cnn_cases(quick: bool) -> list[Case]:
    side, batch = (16, 16) if quick else (28, 64)

    def model(m: Any) -> Any:
        return spec(m, side)

    def build(impl: str, device: str) -> Step | None:
        x, y = _images((batch, 1, side, side), 10)
        if impl == "raw":
            ag.manual_seed(0)
            weights = {k: v.detach().numpy() for k, v in model(nn).state_dict().items()}
            return _raw(weights, x, y, backends.get(device))
        return _train_step(model, x, y, impl, device)

    return [Case(f"conv-bn-relu-pool x2, linear, {side}x{side}, batch {batch}", batch, batch,
                 build)]


def _cnn_skip() -> str | None:
    return None if hasattr(nn, "Conv2d") else "nn.Conv2d is not available yet"


def workloads() -> list[Workload]:
    """The CNN workload."""
    return [Workload("cnn", "CNN training step: conv3x3-BatchNorm-ReLU-maxpool x2, Linear, "
                     "cross-entropy, Adam", "samples", _cnn_cases, skip=_cnn_skip,
                     impls=STEP_IMPLS)]
