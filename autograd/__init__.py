"""autograd: tensors on NumPy or CuPy, a tape, and reverse-mode automatic differentiation.

The PyTorch-shaped core of tapegrad (``import autograd as ag`` reads like ``import torch``).
"""

from __future__ import annotations

import builtins as _builtins

from autograd.dtypes import (
    as_dtype,
    bool,
    double,
    float,
    float16,
    float32,
    float64,
    get_default_dtype,
    half,
    int,
    int8,
    int16,
    int32,
    int64,
    long,
    promote_types,
    result_type,
    set_default_dtype,
    short,
    uint8,
)
from autograd.tensor import Tensor
from autograd.grad_mode import (
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
    empty,
    empty_like,
    eye,
    from_dlpack,
    from_numpy,
    full,
    full_like,
    linspace,
    manual_seed,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    randperm,
    register_seed_hook,
    tensor,
    zeros,
    zeros_like,
)
from autograd.function import Context, Function
from autograd.tape import Node, Tape, detect_anomaly, grad
from autograd.ops.elementwise import *  # noqa: F403
from autograd.ops.reduction import *  # noqa: F403
from autograd.ops.shape import *  # noqa: F403
from autograd.ops.indexing import *  # noqa: F403
from autograd.ops.linalg import *  # noqa: F403
from autograd.ops.nn_ops import *  # noqa: F403

# The functional forms that nn.functional and the layers are built on; torch keeps most of them
# at its top level too. Their arguments are nn.functional's (torch's undocumented top-level
# batch_norm and embedding order theirs differently).
from autograd.ops.activation import *  # noqa: F403
from autograd.ops.conv import *  # noqa: F403
from autograd.ops.dropout import *  # noqa: F403
from autograd.ops.nn_linear import *  # noqa: F403
from autograd.ops.norm import *  # noqa: F403
from autograd.ops.pool import *  # noqa: F403
from autograd import functional
from autograd import graph
from autograd import profiler
from autograd.gradcheck import gradcheck, gradgradcheck
from autograd.serialization import load, save

import backends as _backends

device = _backends.device
Device = _backends.Device
cuda = _backends.cuda


def is_tensor(obj: object) -> _builtins.bool:
    """True if ``obj`` is a Tensor (an instance of a subclass included)."""
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> _builtins.bool:
    """True for float16/32/64 tensors."""
    return input.dtype.kind == "f"


def numel(input: Tensor) -> _builtins.int:
    """The number of elements."""
    return input.numel()


__version__ = "0.1.0"
