"""autograd: tensors on NumPy or CuPy, a tape, and reverse-mode automatic differentiation.

The PyTorch-shaped core of tapegrad (``import autograd as ag`` reads like ``import torch``).
"""

from __future__ import annotations

import builtins as _builtins

from autograd.dtypes import (
    as_dtype,
    bool,
    can_cast,
    double,
    finfo,
    float,
    float16,
    float32,
    float64,
    get_default_dtype,
    half,
    iinfo,
    int,
    int8,
    int16,
    int32,
    int64,
    layout,
    memory_format,
    contiguous_format,
    channels_last,
    channels_last_3d,
    preserve_format,
    long,
    promote_types,
    result_type,
    set_default_dtype,
    short,
    strided,
    uint8,
)
from autograd.dtypes import BFLOAT16 as _BFLOAT16
from autograd.tensor import Tensor
from autograd import out as _out  # before any namespace is wrapped: which functions take out=
from autograd.engine.grad_mode import (
    detect_anomaly,
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from autograd.creation import (
    Generator,
    arange,
    as_tensor,
    asarray,
    empty,
    empty_like,
    eye,
    from_dlpack,
    from_numpy,
    full,
    full_like,
    get_rng_state,
    initial_seed,
    linspace,
    logspace,
    manual_seed,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
    register_seed_hook,
    seed,
    set_rng_state,
    scalar_tensor,
    tensor,
    zeros,
    zeros_like,
)
from autograd.engine.function import Context, Function
from autograd.engine.node import Node
from autograd.engine.backward import backward, grad
from autograd.tape import Tape
from autograd.ops.elementwise.convert import *  # noqa: F403
from autograd.ops.elementwise.unary import *  # noqa: F403
from autograd.ops.elementwise.arith import *  # noqa: F403
from autograd.ops.elementwise.select import *  # noqa: F403
from autograd.ops.elementwise.compare import *  # noqa: F403
from autograd.ops.elementwise.bitwise import *  # noqa: F403
from autograd.ops.elementwise.predicates import *  # noqa: F403
from autograd.ops.elementwise.numeric import *  # noqa: F403
from autograd.ops.elementwise.unary_table import *  # noqa: F403
from autograd.ops.elementwise.binary_table import *  # noqa: F403
from autograd.ops.elementwise.special import *  # noqa: F403
from autograd.ops.elementwise.complex import *  # noqa: F403
from autograd.ops.reduction.basic import *  # noqa: F403
from autograd.ops.reduction.extrema import *  # noqa: F403
from autograd.ops.reduction.norm import *  # noqa: F403
from autograd.ops.reduction.cumulative import *  # noqa: F403
from autograd.ops.reduction.sort import *  # noqa: F403
from autograd.ops.reduction.order_stats import *  # noqa: F403
from autograd.ops.reduction.nanops import *  # noqa: F403
from autograd.ops.reduction.counting import *  # noqa: F403
from autograd.ops.reduction.integrate import *  # noqa: F403
from autograd.ops.reduction.statistics import *  # noqa: F403
from autograd.ops.shape.slice import *  # noqa: F403
from autograd.ops.shape.view import *  # noqa: F403
from autograd.ops.shape.copy import *  # noqa: F403
from autograd.ops.shape.pad import *  # noqa: F403
from autograd.ops.shape.diagonal import *  # noqa: F403
from autograd.ops.shape.combine import *  # noqa: F403
from autograd.ops.shape.broadcast import *  # noqa: F403
from autograd.ops.shape.strided import *  # noqa: F403
from autograd.ops.indexing.index import *  # noqa: F403
from autograd.ops.indexing.gather import *  # noqa: F403
from autograd.ops.indexing.put import *  # noqa: F403
from autograd.ops.indexing.scatter_reduce import *  # noqa: F403
from autograd.ops.indexing.scatter_more import *  # noqa: F403
from autograd.ops.indexing.combinatorics import *  # noqa: F403
from autograd.ops.linalg.einsum import *  # noqa: F403
from autograd.ops.linalg.matmul import *  # noqa: F403
from autograd.ops.linalg.decomp import *  # noqa: F403
from autograd.ops.linalg.spectral import *  # noqa: F403
from autograd.ops.linalg.products import *  # noqa: F403
from autograd.ops.linalg.vectors import *  # noqa: F403
from autograd.ops.linalg.triangular import *  # noqa: F403
from autograd.ops.linalg.lu import *  # noqa: F403
from autograd.ops.linalg.matrix_functions import *  # noqa: F403
from autograd.ops.nn.softmax_loss import *  # noqa: F403
from autograd.ops.nn.toplevel import *  # noqa: F403
from autograd.ops.random import *  # noqa: F403
from autograd.ops.windows import *  # noqa: F403
from autograd.ops.leftovers import *  # noqa: F403
from autograd import amp
from autograd import cuda
from autograd.amp import (
    autocast,
    autocast_decrement_nesting,
    autocast_increment_nesting,
    clear_autocast_cache,
    get_autocast_cpu_dtype,
    get_autocast_dtype,
    get_autocast_gpu_dtype,
    is_autocast_cache_enabled,
    is_autocast_cpu_enabled,
    is_autocast_enabled,
    set_autocast_cache_enabled,
    set_autocast_cpu_dtype,
    set_autocast_cpu_enabled,
    set_autocast_dtype,
    set_autocast_enabled,
    set_autocast_gpu_dtype,
)
from autograd import accelerator, distributions, func, functional, linalg
from autograd.func import vmap
from autograd import graph
from autograd import profiler
from autograd import compiler
from autograd.compiler import compile  # noqa: A004 (torch.compile's name)
from autograd import distributed
from autograd.gradcheck import gradcheck, gradgradcheck
from autograd import testing
from autograd import autograd
from autograd.serialization import load, save
from autograd.tensor_str import get_printoptions, set_printoptions
from autograd.runtime import *  # noqa: F403

import backends as _backends
import sys as _sys
from autograd.checks import wrap_namespace as _wrap_namespace
from autograd.engine import diffxp as _diffxp

_diffxp.use_public_namespace(_sys.modules[__name__])  # names backward formulas use, e.g. exp


# every public op answers a non-Tensor argument with PyTorch's TypeError; then the namespaces
# that share those functions (special) take the same checked objects
_wrap_namespace(globals(), [_n for _k, _m in list(_sys.modules.items())
                            if _k.startswith("autograd.ops.") and hasattr(_m, "__all__")
                            or _k == "autograd.runtime" for _n in _m.__all__])
# the creation functions that take out= (ag.zeros(3, out=t)), checked the same way
_wrap_namespace(globals(), sorted(_out.TOP))
from autograd import special  # noqa: E402

device = _backends.device
Device = _backends.Device


def is_tensor(obj: object) -> _builtins.bool:
    """True if ``obj`` is a Tensor (an instance of a subclass included)."""
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> _builtins.bool:
    """True for float16, bfloat16, float32 and float64 tensors."""
    return input.is_floating_point()


if _BFLOAT16 is not None:  # ml_dtypes is installed
    bfloat16 = _BFLOAT16


def numel(input: Tensor) -> _builtins.int:
    """The number of elements."""
    return input.numel()


__version__ = "0.1.0"
