"""Process-wide settings and queries of ``torch``'s top level: threads, the default device,
deterministic algorithms, float32 matmul precision, anomaly mode, ``typename``; and the
function forms of the in-place Tensor methods that PyTorch also has at its top level
(``autograd.exp_(x)`` is ``x.exp_()``: the very method).
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import backends
from autograd.engine.grad_mode import anomaly
from autograd.ops.elementwise import convert as _convert
from autograd.tensor import Tensor

__all__ = [
    "detach", "is_inference", "fill", "get_num_threads", "set_num_threads",
    "get_num_interop_threads", "set_num_interop_threads", "get_default_device",
    "set_default_device", "use_deterministic_algorithms", "are_deterministic_algorithms_enabled",
    "is_deterministic_algorithms_warn_only_enabled", "set_float32_matmul_precision",
    "get_float32_matmul_precision", "is_anomaly_enabled", "set_anomaly_enabled", "typename",
    "is_storage", "get_deterministic_debug_mode", "set_deterministic_debug_mode",
    "is_warn_always_enabled", "set_warn_always", "set_flush_denormal", "init_num_threads",
    "is_distributed",
    "abs_", "acos_", "acosh_", "addmv_", "arccos_", "arccosh_", "arcsin_", "arcsinh_",
    "arctan_", "arctanh_", "asin_", "asinh_", "atan_", "atanh_", "ceil_", "clamp_", "clip_",
    "cos_", "cosh_", "deg2rad_", "detach_", "erf_", "erfc_", "exp2_", "exp_", "expm1_", "fill_",
    "fix_", "floor_", "frac_", "index_put_", "log10_", "log1p_", "log2_", "log_", "logit_",
    "nan_to_num_", "neg_", "negative_", "rad2deg_", "reciprocal_", "relu_", "resize_as_",
    "round_", "rsqrt_", "sigmoid_", "sin_", "sinc_", "sinh_", "sqrt_", "square_", "tan_",
    "tanh_", "trunc_", "xlogy_", "zero_", "clamp_min_", "clamp_max_", "gcd_", "lcm_", "i0_",
    "ldexp_",
]

# -- Tensor methods as functions (the same function objects) --------------------------------
detach = Tensor.detach
is_inference = Tensor.is_inference
abs_ = Tensor.abs_
acos_ = Tensor.acos_
acosh_ = Tensor.acosh_
addmv_ = Tensor.addmv_
arccos_ = Tensor.arccos_
arccosh_ = Tensor.arccosh_
arcsin_ = Tensor.arcsin_
arcsinh_ = Tensor.arcsinh_
arctan_ = Tensor.arctan_
arctanh_ = Tensor.arctanh_
asin_ = Tensor.asin_
asinh_ = Tensor.asinh_
atan_ = Tensor.atan_
atanh_ = Tensor.atanh_
ceil_ = Tensor.ceil_
clamp_ = Tensor.clamp_
clip_ = Tensor.clip_
cos_ = Tensor.cos_
cosh_ = Tensor.cosh_
deg2rad_ = Tensor.deg2rad_
detach_ = Tensor.detach_
erf_ = Tensor.erf_
erfc_ = Tensor.erfc_
exp2_ = Tensor.exp2_
exp_ = Tensor.exp_
expm1_ = Tensor.expm1_
fill_ = Tensor.fill_
fix_ = Tensor.fix_
floor_ = Tensor.floor_
frac_ = Tensor.frac_
index_put_ = Tensor.index_put_
log10_ = Tensor.log10_
log1p_ = Tensor.log1p_
log2_ = Tensor.log2_
log_ = Tensor.log_
logit_ = Tensor.logit_
nan_to_num_ = Tensor.nan_to_num_
neg_ = Tensor.neg_
negative_ = Tensor.negative_
rad2deg_ = Tensor.rad2deg_
reciprocal_ = Tensor.reciprocal_
relu_ = Tensor.relu_
resize_as_ = Tensor.resize_as_
round_ = Tensor.round_
rsqrt_ = Tensor.rsqrt_
sigmoid_ = Tensor.sigmoid_
sin_ = Tensor.sin_
sinc_ = Tensor.sinc_
sinh_ = Tensor.sinh_
sqrt_ = Tensor.sqrt_
square_ = Tensor.square_
tan_ = Tensor.tan_
tanh_ = Tensor.tanh_
trunc_ = Tensor.trunc_
xlogy_ = Tensor.xlogy_
zero_ = Tensor.zero_
clamp_min_ = Tensor.clamp_min_
clamp_max_ = Tensor.clamp_max_
gcd_ = Tensor.gcd_
lcm_ = Tensor.lcm_
i0_ = Tensor.i0_
ldexp_ = Tensor.ldexp_

def fill(input: Tensor, value: Any) -> Tensor:
    """A new tensor of input's shape, dtype and device filled with ``value`` (a number or a
    0-d tensor, which gets the gradient)."""
    return _convert.fill(input, value)


# -- threads -----------------------------------------------------------------------------------
class _Threads:
    intra: int | None = None  # what set_num_threads asked for (None: the BLAS's own default)
    interop: int | None = None


def _blas() -> list:
    """The controllers of the loaded BLAS libraries (threadpoolctl, when installed)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return []
    return ThreadpoolController().select(user_api="blas").lib_controllers


def _positive(name: str, n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{name}(): argument 'int' must be int, not {type(n).__name__}")
    if n <= 0:
        raise RuntimeError(f"{name} expects a positive integer, got {n}")
    return n


def get_num_threads() -> int:
    """The number of threads the CPU BLAS uses for matmul and linear algebra (through
    threadpoolctl; without it, what ``set_num_threads`` last set, else the number of CPUs)."""
    libs = _blas()
    if libs:
        return max(lib.num_threads for lib in libs)
    return _Threads.intra or os.cpu_count() or 1


def set_num_threads(int: int) -> None:  # noqa: A002 (PyTorch's argument name)
    """Set the number of threads of the CPU BLAS (through threadpoolctl when installed; else
    only remembered, as NumPy's BLAS reads its thread count at start-up)."""
    n = _positive("set_num_threads", int)
    _Threads.intra = n
    for lib in _blas():
        lib.set_num_threads(n)


def get_num_interop_threads() -> int:
    """The number of inter-op threads (what ``set_num_interop_threads`` set, else the number of
    CPUs): kept for PyTorch's API; ops here run one after another in the calling thread."""
    return _Threads.interop or os.cpu_count() or 1


def set_num_interop_threads(int: int) -> None:  # noqa: A002 (PyTorch's argument name)
    """Remember the number of inter-op threads (see ``get_num_interop_threads``); unlike
    PyTorch, it may be set more than once."""
    _Threads.interop = _positive("set_num_interop_threads", int)


def init_num_threads() -> None:
    """Apply the thread count ``set_num_threads`` recorded to the BLAS libraries loaded in
    this thread's process (``torch.init_num_threads``; nothing to do when none was set)."""
    if _Threads.intra is not None:
        for lib in _blas():
            lib.set_num_threads(_Threads.intra)


# -- default device ----------------------------------------------------------------------------
def get_default_device() -> backends.Device:
    """The device creation functions use when given none (``AUTOGRAD_DEVICE`` at import,
    else ``cpu``, until ``set_default_device``)."""
    return backends.default_device()


def set_default_device(device: Any) -> None:
    """Make ``device`` the default of creation functions (None: back to ``cpu``)."""
    backends.set_default_device("cpu" if device is None else device)


# -- determinism and precision -----------------------------------------------------------------
class _Settings:
    deterministic = False
    warn_only = False
    warn_always = False
    matmul_precision = "highest"


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Record whether deterministic algorithms are required. The CPU kernels are
    deterministic; on a GPU the scatter-adds (index_add, embedding and gather backward) use
    atomics, and unlike PyTorch no op refuses to run when the flag is set."""
    if not isinstance(mode, bool):
        raise TypeError(f"use_deterministic_algorithms(): argument 'mode' must be bool, not "
                        f"{type(mode).__name__}")
    _Settings.deterministic = mode
    _Settings.warn_only = bool(warn_only)


def are_deterministic_algorithms_enabled() -> bool:
    """True after ``use_deterministic_algorithms(True)``."""
    return _Settings.deterministic


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    """True after ``use_deterministic_algorithms(True, warn_only=True)``."""
    return _Settings.deterministic and _Settings.warn_only


_DEBUG_MODES = ("default", "warn", "error")


def set_deterministic_debug_mode(debug_mode: str | int) -> None:
    """``"default"``/0: deterministic algorithms off; ``"warn"``/1: on, warning only;
    ``"error"``/2: on (``use_deterministic_algorithms`` under another name, as PyTorch)."""
    if isinstance(debug_mode, str):
        if debug_mode not in _DEBUG_MODES:
            raise RuntimeError("invalid value of debug_mode, expected one of `default`, "
                               f"`warn`, `error`, but got {debug_mode}")
        debug_mode = _DEBUG_MODES.index(debug_mode)
    elif isinstance(debug_mode, int) and not isinstance(debug_mode, bool):
        if debug_mode not in (0, 1, 2):
            raise RuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got "
                               f"{debug_mode}")
    else:
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode)}")
    use_deterministic_algorithms(debug_mode != 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode() -> int:
    """0 (deterministic algorithms off), 1 (on, warning only) or 2 (on)."""
    if not _Settings.deterministic:
        return 0
    return 1 if _Settings.warn_only else 2


def set_warn_always(b: bool) -> None:
    """Record whether warnings PyTorch gives once per process should be given every time
    (this library's warnings follow Python's ``warnings`` filters either way)."""
    if not isinstance(b, bool):
        raise RuntimeError(f"setWarnOnlyOnce expects a bool, but got {type(b).__name__}")
    _Settings.warn_always = b


def is_warn_always_enabled() -> bool:
    """What ``set_warn_always`` last set (False by default)."""
    return _Settings.warn_always


def set_flush_denormal(mode: bool) -> bool:
    """Whether flushing denormal floats to zero could be switched: always False (NumPy and
    CuPy have no such switch), as PyTorch answers on a CPU without the feature."""
    if not isinstance(mode, bool):
        raise RuntimeError(f"flush_denormal expects a bool, but got {type(mode).__name__}")
    return False


def set_float32_matmul_precision(precision: str) -> None:
    """Record ``'highest'``, ``'high'`` or ``'medium'`` (another value warns and changes
    nothing, as in PyTorch). float32 matmuls here always run in full float32 (PyTorch may use
    TF32 or bfloat16 below ``'highest'``)."""
    if precision not in ("highest", "high", "medium"):
        warnings.warn(f"set_float32_matmul_precision: {precision} is not one of 'highest', "
                      "'high', or 'medium'; the call has no effect.", UserWarning, stacklevel=2)
        return
    _Settings.matmul_precision = precision


def get_float32_matmul_precision() -> str:
    """What ``set_float32_matmul_precision`` last set (``'highest'`` by default)."""
    return _Settings.matmul_precision


# -- anomaly mode ------------------------------------------------------------------------------
def is_anomaly_enabled() -> bool:
    """True inside ``detect_anomaly()`` or after ``set_anomaly_enabled(True)``."""
    return anomaly.enabled


def set_anomaly_enabled(mode: bool, check_nan: bool = True) -> None:
    """Turn anomaly mode on or off for the process (``detect_anomaly`` without the block);
    ``check_nan=False`` turns it off, as ``detect_anomaly(check_nan=False)`` does here."""
    anomaly.enabled = bool(mode) and bool(check_nan)


# -- types -------------------------------------------------------------------------------------
def typename(obj: Any) -> str:
    """A tensor's type name as PyTorch spells it (``'torch.FloatTensor'``, as ``Tensor.type()``),
    else ``module.qualname`` of the object (its class for an instance)."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(obj, "__module__", "") or ""
    qualname = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    if qualname is None or not isinstance(qualname, str):
        module = type(obj).__module__
        qualname = type(obj).__qualname__
    return qualname if module in ("", "builtins") else f"{module}.{qualname}"


def is_distributed(input: Tensor) -> bool:
    """False: a tensor here is never split over processes (``torch.is_distributed``)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"is_distributed(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    return False


def is_storage(obj: Any) -> bool:
    """False: there are no storage objects here (a tensor holds a backend array)."""
    return False
