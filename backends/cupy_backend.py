"""The GPU backend: CuPy. The only module of the project that imports cupy."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from backends.base import Backend

if TYPE_CHECKING:
    from backends.devices import Device


def load_cupy():
    """Import CuPy and check that a GPU is usable, else raise a RuntimeError saying what is
    missing."""
    try:
        import cupy
    except ImportError as exc:
        raise RuntimeError(
            "CUDA device requested but CuPy is not installed: "
            "pip install 'tapegrad[cuda12]' or 'tapegrad[cuda13]' to match your CUDA version"
        ) from exc
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as exc:  # CUDA driver missing or broken
        raise RuntimeError(
            f"CUDA device requested but no usable CUDA driver was found ({exc})"
        ) from exc
    if count == 0:
        raise RuntimeError("CUDA device requested but no NVIDIA GPU is visible")
    return cupy


# One fused elementwise kernel per recurrent step's gate math (the layouts are those of
# backends/rnn_kernels.py, which NumPy runs): one thread per (batch row, hidden unit), reading
# the 4 (LSTM) or 3 (GRU) gate pre-activations of its unit from the (B, G*H) gate arrays and
# writing the gate-major workspace (G', B, H) at k * BH + i. (in_params, out_params,
# operation, name) for cupy.ElementwiseKernel.
_RNN_KERNELS = {
    "lstm": (
        "raw T ig, raw T hg, T cx, int32 H, int64 BH",
        "T hy, T cy, raw T ws",
        """
        const ptrdiff_t b = i / H, j = i - b * H;
        const ptrdiff_t g = b * 4 * H + j;
        const T si = 1 / (1 + exp(-(ig[g] + hg[g])));
        const T sf = 1 / (1 + exp(-(ig[g + H] + hg[g + H])));
        const T tg = tanh(ig[g + 2 * H] + hg[g + 2 * H]);
        const T so = 1 / (1 + exp(-(ig[g + 3 * H] + hg[g + 3 * H])));
        const T c = sf * cx + si * tg;
        const T tc = tanh(c);
        cy = c;
        hy = so * tc;
        ws[i] = si;
        ws[BH + i] = sf;
        ws[2 * BH + i] = tg;
        ws[3 * BH + i] = so;
        ws[4 * BH + i] = tc;
        """,
        "tapegrad_lstm_cell",
    ),
    "lstm_backward": (
        "T ghy, T gcy, T cx, raw T ws, int32 H, int64 BH",
        "raw T gg, T gcx",
        """
        const ptrdiff_t b = i / H, j = i - b * H;
        const ptrdiff_t g = b * 4 * H + j;
        const T si = ws[i], sf = ws[BH + i], tg = ws[2 * BH + i], so = ws[3 * BH + i];
        const T tc = ws[4 * BH + i];
        const T dy = ghy;
        const T gc = gcy + dy * so * (1 - tc * tc);
        gg[g] = gc * tg * si * (1 - si);
        gg[g + H] = gc * cx * sf * (1 - sf);
        gg[g + 2 * H] = gc * si * (1 - tg * tg);
        gg[g + 3 * H] = dy * tc * so * (1 - so);
        gcx = gc * sf;
        """,
        "tapegrad_lstm_cell_backward",
    ),
    "gru": (
        "raw T ig, raw T hg, T hx, int32 H, int64 BH",
        "T hy, raw T ws",
        """
        const ptrdiff_t b = i / H, j = i - b * H;
        const ptrdiff_t g = b * 3 * H + j;
        const T r = 1 / (1 + exp(-(ig[g] + hg[g])));
        const T z = 1 / (1 + exp(-(ig[g + H] + hg[g + H])));
        const T hn = hg[g + 2 * H];
        const T n = tanh(ig[g + 2 * H] + r * hn);
        hy = n + z * (hx - n);
        ws[i] = r;
        ws[BH + i] = z;
        ws[2 * BH + i] = n;
        ws[3 * BH + i] = hn;
        """,
        "tapegrad_gru_cell",
    ),
    "gru_backward": (
        "T ghy, T hx, raw T ws, int32 H, int64 BH",
        "raw T gi, raw T gh, T ghx",
        """
        const ptrdiff_t b = i / H, j = i - b * H;
        const ptrdiff_t g = b * 3 * H + j;
        const T r = ws[i], z = ws[BH + i], n = ws[2 * BH + i], hn = ws[3 * BH + i];
        const T dy = ghy;
        const T gz = dy * (hx - n) * z * (1 - z);
        const T gn = dy * (1 - z) * (1 - n * n);
        const T gr = gn * hn * r * (1 - r);
        gi[g] = gr;
        gi[g + H] = gz;
        gi[g + 2 * H] = gn;
        gh[g] = gr;
        gh[g + H] = gz;
        gh[g + 2 * H] = gn * r;
        ghx = dy * z;
        """,
        "tapegrad_gru_cell_backward",
    ),
}


class CupyBackend(Backend):
    """CuPy on one NVIDIA GPU. Every array op runs on ``device``'s GPU."""

    name = "cupy"

    def __init__(self, device: Device) -> None:
        cupy = load_cupy()
        count = cupy.cuda.runtime.getDeviceCount()
        if device.index >= count:
            raise RuntimeError(
                f"CUDA device {device} requested but only {count} GPU(s) are visible"
            )
        super().__init__(cupy, device)
        self.cupy = cupy
        self.cuda_device = cupy.cuda.Device(device.index)
        import cupyx
        import cupyx.scipy.special

        self._cupyx = cupyx
        self._erf = cupyx.scipy.special.erf
        with self.cuda_device:
            self.rng = cupy.random.default_rng()
        self._rnn_kernels: dict = {}

    def to_numpy(self, array):
        return self.cupy.asnumpy(array)

    def from_numpy(self, array):
        with self.cuda_device:
            return self.cupy.asarray(array)

    def synchronize(self) -> None:
        self.cuda_device.synchronize()

    def index_add(self, target, index, values) -> None:
        self._cupyx.scatter_add(target, index, values)

    def erf(self, x):
        return self._erf(x)

    def _rnn_kernel(self, name: str, dtype) -> object | None:
        """The compiled fused kernel ``name`` for float32/float64; None for other dtypes (the
        generic kernels of backends/rnn_kernels.py then run)."""
        if np.dtype(dtype).char not in "fd":
            return None
        kernel = self._rnn_kernels.get(name)
        if kernel is None:
            kernel = self._rnn_kernels[name] = self.cupy.ElementwiseKernel(*_RNN_KERNELS[name])
        return kernel

    def lstm_cell(self, input_gates, hidden_gates, cx, hy, cy, workspace) -> None:
        kernel = self._rnn_kernel("lstm", cx.dtype)
        if kernel is None:
            return super().lstm_cell(input_gates, hidden_gates, cx, hy, cy, workspace)
        with self.cuda_device:
            kernel(input_gates, hidden_gates, cx, cx.shape[1], cx.size, hy, cy, workspace)

    def lstm_cell_backward(self, ghy, gcy, cx, workspace, g_gates, gcx) -> None:
        kernel = self._rnn_kernel("lstm_backward", cx.dtype)
        if kernel is None:
            return super().lstm_cell_backward(ghy, gcy, cx, workspace, g_gates, gcx)
        with self.cuda_device:
            kernel(ghy, gcy, cx, workspace, cx.shape[1], cx.size, g_gates, gcx)

    def gru_cell(self, input_gates, hidden_gates, hx, hy, workspace) -> None:
        kernel = self._rnn_kernel("gru", hx.dtype)
        if kernel is None:
            return super().gru_cell(input_gates, hidden_gates, hx, hy, workspace)
        with self.cuda_device:
            kernel(input_gates, hidden_gates, hx, hx.shape[1], hx.size, hy, workspace)

    def gru_cell_backward(self, ghy, hx, workspace, g_input_gates, g_hidden_gates, ghx) -> None:
        kernel = self._rnn_kernel("gru_backward", hx.dtype)
        if kernel is None:
            return super().gru_cell_backward(ghy, hx, workspace, g_input_gates,
                                             g_hidden_gates, ghx)
        with self.cuda_device:
            kernel(ghy, hx, workspace, hx.shape[1], hx.size, g_input_gates, g_hidden_gates,
                   ghx)

    def seed(self, seed: int) -> None:
        with self.cuda_device:
            self.rng = self.cupy.random.default_rng(seed)

    def random_uniform(self, shape, low, high, dtype):
        with self.cuda_device:
            dt = np.dtype(dtype)
            if dt in (np.float32, np.float64):
                out = self.rng.random(size=shape, dtype=dt)
            else:
                out = self.rng.random(size=shape).astype(dt)
            return out * (high - low) + low if (low, high) != (0, 1) else out

    def random_normal(self, shape, mean, std, dtype):
        with self.cuda_device:
            dt = np.dtype(dtype)
            if dt in (np.float32, np.float64):
                out = self.rng.standard_normal(size=shape, dtype=dt)
            else:
                out = self.rng.standard_normal(size=shape).astype(dt)
            return out * std + mean if (mean, std) != (0, 1) else out

    def random_integers(self, shape, low, high, dtype):
        with self.cuda_device:
            return self.rng.integers(low, high, size=shape, dtype=dtype)

    def random_permutation(self, n: int):
        with self.cuda_device:
            return self.rng.permutation(n)
