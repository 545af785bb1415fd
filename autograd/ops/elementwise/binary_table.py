"""Binary elementwise math declared as table rows (see ``table``): atan2, hypot, logaddexp,
logaddexp2, xlogy, copysign, fmod, heaviside; and the compositions float_power, addcmul,
addcdiv. Exported from ``elementwise``.

Each row: name, forward, derivative in the first operand, derivative in the second (over
``x``, ``y`` the operands and ``z`` the output), docstring. Operands broadcast and promote as
every binary op's; Python scalars stay scalars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from autograd import dtypes as _dt
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.arith import add, div, mul, pow
from autograd.ops.elementwise.convert import to
from autograd.ops.elementwise.table import binary

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["atan2", "arctan2", "hypot", "logaddexp", "logaddexp2", "xlogy", "copysign",
           "fmod", "heaviside", "float_power", "addcmul", "addcdiv"]


def _xlogy(xp: Any, x: Any, y: Any) -> Any:
    """x log y, 0 where x = 0 (log y is never evaluated there), NaN where y is NaN."""
    if not hasattr(y, "dtype"):  # a Python number: the tensor's dtype, as any operand
        y = xp.asarray(y, dtype=x.dtype)
    elif not hasattr(x, "dtype"):
        x = xp.asarray(x, dtype=y.dtype)
    zero = x == 0
    out = x * xp.log(xp.where(zero, 1, y))
    return xp.where(zero, xp.where(xp.isnan(y), y, 0), out)


# -- the table: name, forward, d/dx, d/dy, docstring -----------------------------------------

def _atan2_recip(xp: Any, x: Any, y: Any) -> Any:
    """1 / (x^2 + y^2), 0 at the origin (where PyTorch gives atan2 a zero gradient)."""
    r2 = x * x + y * y
    zero = r2 == 0
    return xp.where(zero, 0, 1 / xp.where(zero, 1, r2))


def _xlogy_dx(xp: Any, x: Any, y: Any) -> Any:
    """log y, but 0 where x = 0 and y <= 0 (PyTorch's mask; not log 0 = -inf)."""
    masked = (x == 0) & (y <= 0)
    return xp.where(masked, 0, xp.log(xp.where(masked, 1, y)))


atan2 = binary("atan2", lambda xp, x, y: xp.arctan2(x, y),
               lambda xp, x, y: y * _atan2_recip(xp, x, y),
               lambda xp, x, y: -x * _atan2_recip(xp, x, y),
               "The angle of the point (other, input): arctan(input / other) in the right "
               "quadrant.")
hypot = binary("hypot", lambda xp, x, y: xp.hypot(x, y), lambda xp, x, z: x / z,
               lambda xp, y, z: y / z, "sqrt(input^2 + other^2), without overflow.",
               ints="error")
logaddexp = binary("logaddexp", lambda xp, x, y: xp.logaddexp(x, y),
                   lambda xp, x, z: xp.exp(x - z), lambda xp, y, z: xp.exp(y - z),
                   "log(exp(input) + exp(other)), without overflow.", ints="error")
logaddexp2 = binary("logaddexp2", lambda xp, x, y: xp.logaddexp2(x, y),
                    lambda xp, x, z: xp.exp2(x - z), lambda xp, y, z: xp.exp2(y - z),
                    "log2(2^input + 2^other), without overflow.", ints="error")
# xlogy: d/dx = log y (0 where x = 0 and y <= 0, as PyTorch), d/dy = x / y
xlogy = binary("xlogy", _xlogy, _xlogy_dx, lambda xp, x, y: x / y,
               "input * log(other), 0 where input is 0.")
# copysign(x, y) = |x| sign(y):  d/dx = sign(x) sign(z) (0 at x = 0), d/dy = 0
copysign = binary("copysign", lambda xp, x, y: xp.copysign(x, y),
                  lambda xp, x, z: xp.sign(x) * xp.sign(z), lambda xp: 0,
                  "The magnitude of input with the sign of other (-0.0 counts as negative).")
# fmod(x, y) = x - trunc(x / y) y
fmod = binary("fmod", lambda xp, x, y: xp.fmod(x, y), lambda xp: 1,
              lambda xp, x, y: -xp.trunc(x / y),
              "The remainder of input / other rounded toward zero (the sign of input).",
              ints="nobool", divides=True)
# x == 0 ? v : x > 0, PyTorch's (NumPy's heaviside keeps nan, PyTorch's gives 0)
_heaviside = binary("heaviside",
                    lambda xp, x, v: xp.where(x == 0, v, x > 0).astype(x.dtype, copy=False),
                    None, None,
                    "The step function: 0 below 0, values at 0, 1 above.", ints="keep")

arctan2 = atan2


# -- compositions ----------------------------------------------------------------------------


def heaviside(input: Tensor, values: Tensor) -> Tensor:
    """0 where input < 0, ``values`` where input == 0, 1 where input > 0 (no derivative)."""
    if not isinstance(values, TensorBase):
        raise TypeError(f"heaviside(): argument 'values' (position 2) must be Tensor, not "
                        f"{type(values).__name__}")
    if values.dtype != input.dtype:
        raise RuntimeError(f"heaviside is not yet implemented for tensors with different "
                           f"dtypes (input {input.dtype}, values {values.dtype})")
    return _heaviside(input, values)


def float_power(input: Any, exponent: Any) -> Tensor:
    """input ** exponent computed in float64 (PyTorch's double precision power)."""
    f64 = _dt.float64
    for value in (input, exponent):
        if not isinstance(value, (TensorBase, int, float, complex, np.number)):
            raise TypeError(f"float_power(): expected a Tensor or a number as input and "
                            f"exponent, got {type(value).__name__}")
    a = to(input, f64) if isinstance(input, TensorBase) else float(input)
    b = to(exponent, f64) if isinstance(exponent, TensorBase) else exponent
    if not isinstance(a, TensorBase) and not isinstance(b, TensorBase):
        raise TypeError("float_power(): expected a Tensor as input or exponent")
    return pow(a, b)


def _common(op: str, input: Tensor, tensor1: Tensor, tensor2: Tensor,
            value: Any) -> tuple:
    """The three tensors at their common dtype (all three promoted together, as PyTorch's
    kernels compute), and ``value`` as an element of it (truncated for an integer dtype)."""
    for k, (name, t) in enumerate((("input", input), ("tensor1", tensor1),
                                   ("tensor2", tensor2))):
        if not isinstance(t, TensorBase):
            raise TypeError(f"{op}(): argument '{name}' (position {k + 1}) must be Tensor, not "
                            f"{type(t).__name__}")
    dtype = _dt.result_type(input, tensor1, tensor2)
    if dtype.kind == "b":
        raise NotImplementedError(f'"{op}" not implemented for \'Bool\' (inputs of shapes '
                                  f"{list(input.shape)}, {list(tensor1.shape)}, "
                                  f"{list(tensor2.shape)})")
    return (*(t if t._data.dtype is dtype else to(t, dtype)
              for t in (input, tensor1, tensor2)), _dt.scalar_for(value, dtype))


def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """input + value * tensor1 * tensor2, broadcast, computed at the three tensors' common
    dtype."""
    input, tensor1, tensor2, value = _common("addcmul", input, tensor1, tensor2, value)
    prod = mul(tensor1, tensor2)
    return add(input, prod if value == 1 else mul(prod, value))


def addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """input + value * tensor1 / tensor2, broadcast (true division; integer tensor1 and
    tensor2 are refused, as PyTorch)."""
    if all(isinstance(t, TensorBase) and t._data.dtype.kind in "biu" for t in (tensor1, tensor2)):
        # checked before the promotion: an integer quotient is refused whatever input is
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future release "
            "addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
            "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2))"
            ".to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for "
            f"float inputs (addcdiv got tensor1 {tensor1.dtype}, tensor2 {tensor2.dtype})")
    input, tensor1, tensor2, value = _common("addcdiv", input, tensor1, tensor2, value)
    quotient = div(tensor1, tensor2)
    return add(input, quotient if value == 1 else mul(quotient, value))

