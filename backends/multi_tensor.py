"""Multi-tensor optimizer kernels for CuPy: one launch updates every parameter of a group.

An optimizer step over a model's parameters one by one costs one kernel launch per parameter
(or a dozen without fusion), which on a GPU is more than the arithmetic of a small model's
step. PyTorch's ``foreach`` optimizers launch one kernel over lists of tensors instead
(``multi_tensor_apply``); this module does the same with one ``cupy.RawKernel`` per update
rule and dtype.

Each launch reads a table in device memory: ``n`` running ends (``ends[t]`` is the number of
elements of tensors ``0..t``) followed by ``n`` rows of ``width`` pointers (parameter,
gradient, state buffers). Thread ``i`` of the grid-stride loop finds its tensor by binary
search over the ends and updates element ``i - ends[t-1]`` of every array of that row, so
the arrays must be C-contiguous and of one dtype (float32 or float64, in which the arithmetic
runs, as PyTorch's ``opmath`` for these two), with the formula and rounding order of the
per-parameter fused kernels in ``nn/optim``.

The kernels use no shared memory and no barriers, which keeps them within what the CuPy
test double can run on a machine without a GPU (it compiles them as C++ for the host).
"""

from __future__ import annotations

from typing import Any

import numpy as np

_PRELUDE = r"""
extern "C" __global__ void NAME(const unsigned long long* table, const int n_tensors,
                                const long long total, ARGS) {
  const long long stride = (long long)blockDim.x * gridDim.x;
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total;
       i += stride) {
    int lo = 0, hi = n_tensors - 1;
    while (lo < hi) {  /* the first tensor whose end lies past i */
      const int mid = (lo + hi) >> 1;
      if (i < (long long)table[mid]) hi = mid; else lo = mid + 1;
    }
    const long long j = i - (lo > 0 ? (long long)table[lo - 1] : 0LL);
    const unsigned long long* row = table + n_tensors + (long long)lo * WIDTH;
BODY
  }
}
"""

# name -> (pointers per row, scalar arguments (all double), body). In a body, ``j`` is the
# element, ``row[k]`` the k-th pointer of the tensor's row and ``T`` its dtype, in which the
# arithmetic runs; every store rounds as the fused formula's in-place update does.
_KERNELS = {
    # _adam_ / _amsgrad_ in nn/optim/adam.py
    "adam": (4, ("sign", "weight_decay", "decay", "beta1", "beta2", "step_size", "bc2_sqrt",
                 "eps"), r"""
    T* x = (T*)row[0]; const T* grad = (const T*)row[1]; T* m = (T*)row[2]; T* v = (T*)row[3];
    const T xj = x[j] * (T)decay;
    const T g = grad[j] * (T)sign + (T)weight_decay * xj;
    const T mj = m[j] + (g - m[j]) * (T)(1.0 - beta1);
    T vj = v[j] * (T)beta2;
    vj += (T)(1.0 - beta2) * g * g;
    m[j] = mj;
    v[j] = vj;
    x[j] = xj - (T)step_size * mj / (sqrt(vj) / (T)bc2_sqrt + (T)eps);
"""),
    "adam_amsgrad": (5, ("sign", "weight_decay", "decay", "beta1", "beta2", "step_size",
                         "bc2_sqrt", "eps"), r"""
    T* x = (T*)row[0]; const T* grad = (const T*)row[1]; T* m = (T*)row[2]; T* v = (T*)row[3];
    T* vmax = (T*)row[4];
    const T xj = x[j] * (T)decay;
    const T g = grad[j] * (T)sign + (T)weight_decay * xj;
    const T mj = m[j] + (g - m[j]) * (T)(1.0 - beta1);
    T vj = v[j] * (T)beta2;
    vj += (T)(1.0 - beta2) * g * g;
    const T top = (vj > vmax[j] || vj != vj) ? vj : vmax[j];  /* maximum, NaN propagating */
    m[j] = mj;
    v[j] = vj;
    vmax[j] = top;
    x[j] = xj - (T)step_size * mj / (sqrt(top) / (T)bc2_sqrt + (T)eps);
"""),
    # _sgd_ in nn/optim/sgd.py
    "sgd": (2, ("sign", "weight_decay", "lr"), r"""
    T* x = (T*)row[0]; const T* grad = (const T*)row[1];
    x[j] -= (T)lr * (grad[j] * (T)sign + (T)weight_decay * x[j]);
"""),
    # _sgd_momentum_ / _sgd_nesterov_ (``nesterov`` 1.0); ``first`` 1.0: the buffer starts as
    # the gradient, as on PyTorch's first step
    "sgd_momentum": (3, ("sign", "weight_decay", "momentum", "keep", "lr", "nesterov",
                         "first"), r"""
    T* x = (T*)row[0]; const T* grad = (const T*)row[1]; T* buf = (T*)row[2];
    const T g = grad[j] * (T)sign + (T)weight_decay * x[j];
    T b = g;
    if (first == 0.0) {
      b = buf[j] * (T)momentum;
      b += (T)keep * g;
    }
    buf[j] = b;
    x[j] -= (T)lr * (nesterov != 0.0 ? g + (T)momentum * b : b);
"""),
}

_TYPES = {np.dtype(np.float32): "float", np.dtype(np.float64): "double"}
DTYPES = tuple(_TYPES)  # the dtypes the kernels are written for
BLOCK = 256
MAX_BLOCKS = 4096


def source(op: str, dtype: Any) -> tuple[str, str]:
    """The CUDA source of update ``op`` for arrays of ``dtype``, and its kernel's name."""
    width, scalars, body = _KERNELS[op]
    ctype = _TYPES[np.dtype(dtype)]
    name = f"tapegrad_{op}_{ctype}"
    code = (_PRELUDE.replace("NAME", name)
            .replace("ARGS", ", ".join(f"const double {s}" for s in scalars))
            .replace("WIDTH", str(width))
            .replace("BODY", body))
    return f"typedef {ctype} T;\n{code}", name


def width(op: str) -> int:
    """The number of arrays in a row of update ``op``: parameter, gradient, state buffers."""
    return _KERNELS[op][0]


class MultiTensor:
    """The compiled kernels of one CuPy backend and the last table each launch used (a step
    that sees the same arrays as the last, as the parameters and state of a model do when the
    memory pool hands the gradients the same blocks, skips the copy of its table)."""

    __slots__ = ("cupy", "upload", "kernels", "tables")

    def __init__(self, cupy: Any, upload: Any) -> None:
        self.cupy = cupy
        self.upload = upload  # host array -> device array, queued without waiting (pinned)
        self.kernels: dict = {}
        self.tables: dict = {}

    def launch(self, op: str, rows: list, scalars: tuple) -> None:
        """Run update ``op`` over ``rows`` (one tuple of C-contiguous arrays of one dtype per
        tensor, ``width(op)`` long) with ``scalars`` (floats, in the kernel's order)."""
        cupy = self.cupy
        dtype = rows[0][0].dtype
        key = (op, dtype)
        kernel = self.kernels.get(key)
        if kernel is None:
            code, name = source(op, dtype)
            kernel = self.kernels[key] = cupy.RawKernel(code, name)
        ends = np.cumsum([r[0].size for r in rows], dtype=np.uint64)
        pointers = [a.data.ptr for r in rows for a in r]
        signature = (tuple(ends.tolist()), tuple(pointers))
        cached = self.tables.get(key)
        if cached is not None and cached[0] == signature:
            table = cached[1]
        else:
            table = self.upload(np.concatenate([ends, np.array(pointers, dtype=np.uint64)]))
            self.tables[key] = (signature, table)
        total = int(ends[-1])
        if total == 0:
            return
        blocks = min((total + BLOCK - 1) // BLOCK, MAX_BLOCKS)
        kernel((blocks,), (BLOCK,), (table, np.int32(len(rows)), np.int64(total),
                                     *(float(s) for s in scalars)))
