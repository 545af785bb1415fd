"""The double's ``cupy.RawKernel``: CUDA C run on the host, compiled as C++.

A kernel that uses no shared memory and no barriers computes, thread by thread, what any
sequential order of its threads computes; so the double compiles the CUDA source with the
host's C++ compiler (``__global__`` and ``__device__`` defined away, ``threadIdx``,
``blockIdx``, ``blockDim`` and ``gridDim`` as globals) and a launch runs every thread of the
grid in turn, on the NumPy memory behind the double's arrays (``ndarray.data.ptr`` is that
memory's address, so pointer tables built on the host work as on a GPU).

Strict where CuPy is not: each argument is checked against the kernel's parameter list (a
pointer for an array, a floating or integer parameter of the argument's size for a scalar;
CuPy passes Python ``int`` as ``long long``, ``float`` as ``double``, ``bool`` as ``bool``
and NumPy scalars as their dtype, and on a GPU a mismatch silently reads garbage), arrays
must be on the current device, and a block is at most 1024 threads. What only a GPU shows (a
race between threads, an out-of-bounds read, NVRTC's own dialect) stays for ``make
gpu-check``; ``shared_mem``, ``__shared__`` and ``__syncthreads`` are refused.

The compiled libraries are cached by source under the temporary directory.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import tempfile
from typing import Any

import numpy as np

from tests.cuda_double.ndarray import check_device, ndarray

_PRELUDE = r"""
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <utility>
using std::sqrt; using std::exp; using std::log; using std::fabs; using std::pow;
using std::tanh; using std::floor; using std::ceil; using std::fmax; using std::fmin;
using std::max; using std::min; using std::isnan; using std::isinf; using std::log1p;
using std::expm1; using std::erf;
struct tg_dim3 { unsigned int x, y, z; };
static tg_dim3 threadIdx, blockIdx, blockDim, gridDim;
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __restrict__ __restrict
#line 1 "kernel.cu"
"""

_LAUNCHER = r"""
template <typename... P, std::size_t... I>
static void tg_call(void (*k)(P...), void** a, std::index_sequence<I...>) {
  k(*static_cast<typename std::decay<P>::type*>(a[I])...);
}
template <typename... P>
static void tg_run(void (*k)(P...), const unsigned int* d, void** a) {
  gridDim = {d[0], d[1], d[2]};
  blockDim = {d[3], d[4], d[5]};
  for (unsigned int bz = 0; bz < d[2]; ++bz)
  for (unsigned int by = 0; by < d[1]; ++by)
  for (unsigned int bx = 0; bx < d[0]; ++bx)
  for (unsigned int tz = 0; tz < d[5]; ++tz)
  for (unsigned int ty = 0; ty < d[4]; ++ty)
  for (unsigned int tx = 0; tx < d[3]; ++tx) {
    blockIdx = {bx, by, bz};
    threadIdx = {tx, ty, tz};
    tg_call(k, a, std::index_sequence_for<P...>{});
  }
}
template <typename P>
constexpr long long tg_kind() {  /* 'p' pointer, 'f' floating, 'i' integer or bool */
  return (std::is_pointer<P>::value ? 'p' : std::is_floating_point<P>::value ? 'f' : 'i')
         * 100 + (long long)sizeof(P);
}
template <typename... P>
static int tg_params(void (*)(P...), long long* out) {
  const long long kinds[] = {0, tg_kind<typename std::decay<P>::type>()...};
  for (std::size_t i = 0; i < sizeof...(P); ++i) out[i] = kinds[i + 1];
  return (int)sizeof...(P);
}
extern "C" void tg_launch(const unsigned int* d, void** a) { tg_run(&NAME, d, a); }
extern "C" int tg_signature(long long* out) { return tg_params(&NAME, out); }
"""

_libraries: dict = {}  # (code, name, options) -> (ctypes library, parameter kinds)


def compiler() -> str | None:
    """The host C++ compiler the double runs kernels with, or None."""
    return shutil.which(os.environ.get("CXX", "g++"))


def _build(code: str, name: str, options: tuple) -> tuple[Any, list]:
    key = (code, name, options)
    built = _libraries.get(key)
    if built is not None:
        return built
    for word in ("__shared__", "__syncthreads", "atomic"):
        if word in code:
            raise NotImplementedError(f"RawKernel {name!r} uses {word}: the CuPy test double "
                                      "runs threads one after another and cannot run it (test "
                                      "it on a GPU)")
    cxx = compiler()
    if cxx is None:
        raise NotImplementedError(f"RawKernel {name!r}: the CuPy test double needs a C++ "
                                  "compiler (g++, or $CXX) to run CUDA C on the host")
    source = _PRELUDE + code + _LAUNCHER.replace("NAME", name)
    digest = hashlib.sha256((cxx + source).encode()).hexdigest()[:24]
    folder = os.path.join(tempfile.gettempdir(), "tapegrad-cuda-double")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{name}-{digest}.so")
    if not os.path.exists(path):
        src = os.path.join(folder, f"{name}-{digest}-{os.getpid()}.cpp")
        with open(src, "w") as f:
            f.write(source)
        part = f"{path}.{os.getpid()}"
        done = subprocess.run([cxx, "-std=c++17", "-O1", "-shared", "-fPIC", "-w", "-o", part,
                               src], capture_output=True, text=True)
        os.unlink(src)
        if done.returncode != 0:
            raise RuntimeError(f"RawKernel {name!r} does not compile (as C++ for the CuPy test "
                               f"double):\n{done.stderr}")
        os.replace(part, path)  # atomic: another process may build the same kernel
    library = ctypes.CDLL(path)
    library.tg_launch.argtypes = (ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_void_p))
    library.tg_launch.restype = None
    kinds = (ctypes.c_longlong * 64)()
    count = library.tg_signature(kinds)
    built = _libraries[key] = (library, [(chr(k // 100), k % 100) for k in kinds[:count]])
    return built


def _dims(value: Any, what: str) -> tuple[int, int, int]:
    dims = (value,) if isinstance(value, int) else tuple(value)
    if not 1 <= len(dims) <= 3 or not all(isinstance(d, int) and d >= 1 for d in dims):
        raise ValueError(f"invalid {what} dimensions {value!r}")
    return (dims + (1, 1))[:3]


def _argument(value: Any, index: int, kind: tuple[str, int], name: str) -> Any:
    """The ctypes value that carries kernel argument ``index``, checked against its
    parameter's kind and size."""
    if isinstance(value, ndarray):
        check_device(value)
        have, c_value = ("p", 8), ctypes.c_uint64(value.data.ptr)
    elif value is None:
        have, c_value = ("p", 8), ctypes.c_uint64(0)
    else:
        if isinstance(value, bool):
            value = np.bool_(value)
        elif isinstance(value, int):
            value = np.int64(value)
        elif isinstance(value, float):
            value = np.float64(value)
        if not isinstance(value, np.generic) or value.dtype.kind not in "biuf":
            raise TypeError(f"Unsupported type {type(value)}")
        dtype = value.dtype
        have = ("f" if dtype.kind == "f" else "i", dtype.itemsize)
        c_value = ctypes.create_string_buffer(value.tobytes(), dtype.itemsize)
    if have != kind:
        names = {"p": "pointer", "f": "floating", "i": "integer"}
        raise TypeError(f"RawKernel {name!r}: argument {index} is a {names[have[0]]} of "
                        f"{have[1]} bytes ({type(value).__name__}) but the kernel's parameter "
                        f"{index} is a {names[kind[0]]} of {kind[1]} bytes")
    return c_value


class RawKernel:
    """``cupy.RawKernel(code, name, options=(), backend='nvrtc', ...)`` run on the host (see
    the module docstring)."""

    def __init__(self, code: str, name: str, options: tuple = (), backend: str = "nvrtc",
                 translate_cucomplex: bool = False, *, enable_cooperative_groups: bool = False,
                 jitify: bool = False) -> None:
        self.code = code
        self.name = name
        self.options = tuple(options)
        self.backend = backend

    def __call__(self, grid: Any, block: Any, args: tuple, *, shared_mem: int = 0) -> None:
        if not isinstance(args, tuple):
            raise TypeError(f"args must be a tuple, not {type(args).__name__}")
        if shared_mem:
            raise NotImplementedError(f"RawKernel {self.name!r}: the CuPy test double runs no "
                                      "shared memory")
        grid, block = _dims(grid, "grid"), _dims(block, "block")
        if block[0] * block[1] * block[2] > 1024:
            raise ValueError(f"RawKernel {self.name!r}: a block of {block} threads is over "
                             "CUDA's 1024 (CUDA_ERROR_INVALID_VALUE on a GPU)")
        library, kinds = _build(self.code, self.name, self.options)
        if len(args) != len(kinds):
            raise TypeError(f"RawKernel {self.name!r} takes {len(kinds)} arguments, "
                            f"{len(args)} given")
        values = [_argument(a, i, k, self.name) for i, (a, k) in enumerate(zip(args, kinds))]
        pointers = (ctypes.c_void_p * max(len(values), 1))(
            *[ctypes.addressof(v) for v in values])
        dims = (ctypes.c_uint * 6)(*grid, *block)
        library.tg_launch(dims, pointers)
