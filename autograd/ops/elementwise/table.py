"""Elementwise ops declared as table rows: one line per op gives its name, its forward and its
derivative, and the op's ``Function`` and public wrapper are generated from it.

A unary row::

    sinh = unary("sinh", lambda xp, x: xp.sinh(x), lambda xp, x: xp.cosh(x))

reads "``sinh(x)`` is computed as ``xp.sinh(x)``; its derivative is ``xp.cosh(x)``". The
derivative is written with ``ctx.xp`` names, exactly as a hand-written backward would be, over
the parameters it names: ``x`` (the input), ``y`` (the output) and the op's keyword
attributes (``n`` for polygamma ...). The generated Function saves only the values the
derivative names, and its backward returns ``gy * derivative(...)``: on raw arrays for a
first-order gradient, over autograd's differentiable namespace under ``create_graph=True``
(so the same line gives every order; the names it uses must then be public autograd
functions). A derivative of ``None`` means PyTorch defines none: backward raises.

A binary row gives one derivative per operand, over ``x`` and ``y`` (the operands) and ``z``
(the output); operands are promoted as every binary op's (Python scalars stay scalars and get
no gradient). ``ints`` says what integer and bool inputs do: ``"float"`` lifts them to the
default float dtype (the transcendental ops), ``"keep"`` computes in their dtype (rounding,
fmod), ``"error"`` refuses them (PyTorch's NotImplementedError).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from autograd import dtypes as _dt
from autograd.engine.function import Function
from autograd.engine.tensor_base import TensorBase
from autograd.ops.elementwise.arith import _binary_operands, float_operands, int_zero_division
from autograd.ops.elementwise.convert import to

if TYPE_CHECKING:
    from autograd.tensor import Tensor


def _parameters(fn: Callable | None, values: tuple[str, ...]) -> tuple[tuple, tuple]:
    """(the saved values ``fn`` names, in ``values`` order; its other parameters: attrs)."""
    if fn is None:
        return (), ()
    code = fn.__code__
    names = code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount]  # after xp
    return (tuple(v for v in values if v in names),
            tuple(n for n in names if n not in values))


def _class_name(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def _no_derivative(name: str) -> RuntimeError:
    return RuntimeError(f"the derivative for {name} is not implemented")


class TableUnary(Function):
    """A unary op generated from a table row (see the module docstring)."""

    compute: Callable = None  # forward(xp, x, **attrs)
    derivative: Callable | None = None  # d out / d x (xp, [x], [y], **attrs)
    saves: tuple = ()  # ("x",), ("y",), ("x", "y") or ()
    attr_names: tuple = ()  # attrs the derivative takes

    @classmethod
    def forward(cls, ctx, x, **attrs):
        y = cls.compute(ctx.xp, x, **attrs)
        saves = cls.saves
        if saves:
            ctx.save_for_backward(*(x if s == "x" else y for s in saves))
        if cls.attr_names:
            ctx.attrs = {k: attrs[k] for k in cls.attr_names}
        return y

    @classmethod
    def backward(cls, ctx, gy):
        # d f(x) = f'(x) dx, f' as the op's table row writes it
        if cls.derivative is None:
            raise _no_derivative(cls.__name__.lower())
        attrs = ctx.attrs if cls.attr_names else {}
        return gy * cls.derivative(ctx.xp, *ctx.saved_tensors, **attrs)


class TableBinary(Function):
    """A binary op generated from a table row (see the module docstring)."""

    compute: Callable = None  # forward(xp, x, y)
    derivatives: tuple = (None, None)  # d z / d x, d z / d y
    saves: tuple = ()  # the union of what the derivatives name, in (x, y, z) order
    picks: tuple = ((), ())  # per derivative, the positions in saves it takes

    @classmethod
    def forward(cls, ctx, x, y):
        z = cls.compute(ctx.xp, x, y)
        if cls.saves:
            values = {"x": x, "y": y, "z": z}
            ctx.save_for_backward(*(values[s] for s in cls.saves))
        return z

    @classmethod
    def backward(cls, ctx, gz):
        # dz = z_x dx + z_y dy, z_x and z_y as the op's table row writes them
        saved = ctx.saved_tensors
        xp = ctx.xp
        if not all(hasattr(v, "dtype") for v in saved):
            # a Python-number operand: an array of the result's dtype for the formulas, as in
            # forward (a ufunc on a bare number may pick its own precision on a GPU)
            saved = tuple(v if hasattr(v, "dtype") else xp.asarray(v, dtype=gz.dtype)
                          for v in saved)
        needs = ctx.needs_input_grad
        grads = []
        for k in range(2):
            if not needs[k]:
                grads.append(None)
                continue
            derivative = cls.derivatives[k]
            if derivative is None:
                raise _no_derivative(cls.__name__.lower())
            grads.append(gz * derivative(xp, *(saved[i] for i in cls.picks[k])))
        return tuple(grads)


def _check_ints(name: str, t: Any, ints: str) -> Any:
    """Apply the row's integer rule to one operand (a Tensor or a Python scalar)."""
    if not isinstance(t, TensorBase) or t._data.dtype.kind in "fV":
        return t
    if ints == "float":
        return to(t, _dt.get_default_dtype())
    if ints == "nobool":  # integers as they are; bool has no PyTorch kernel
        if t._data.dtype.kind == "b":
            raise NotImplementedError(f'"{name}" not implemented for \'Bool\' (shape '
                                      f"{list(t.shape)})")
        return t
    if ints == "error":
        raise NotImplementedError(f'"{name}" not implemented for {t.dtype} tensors (shape '
                                  f"{list(t.shape)}); it needs a floating dtype")
    return t


def _caller_module() -> str:
    """The module whose table row made the function (``help()``, pickle and the API reference
    look the function up there, by ``__module__`` and ``__name__``)."""
    return sys._getframe(2).f_globals.get("__name__", __name__)


def _without_bfloat16(name: str, op: Callable) -> Callable:
    """``op`` refusing bfloat16 operands, as PyTorch's kernels without a bfloat16 version do."""
    def checked(*args: Any, **attrs: Any) -> Tensor:
        for a in args:
            if isinstance(a, TensorBase) and a._data.dtype.kind == "V":
                raise NotImplementedError(f'"{name}" not implemented for \'BFloat16\' '
                                          f"(operand of shape {list(a.shape)})")
        return op(*args, **attrs)

    return checked


def unary(name: str, forward: Callable, derivative: Callable | None, doc: str,
          ints: str = "float", bfloat16: bool = True) -> Callable[..., Tensor]:
    """The public function of a unary table row; its Function is ``.function``.
    ``bfloat16=False``: bfloat16 input is refused (PyTorch has no bfloat16 kernel)."""
    saves, attrs = _parameters(derivative, ("x", "y"))
    cls = type(_class_name(name), (TableUnary,), {
        "compute": staticmethod(forward),
        "derivative": None if derivative is None else staticmethod(derivative),
        "saves": saves, "attr_names": attrs, "__module__": __name__,
    })

    def op(input: Tensor, **attrs: Any) -> Tensor:
        return cls.apply(_check_ints(name, input, ints), **attrs)

    if not bfloat16:
        op = _without_bfloat16(name, op)
    op.__name__ = op.__qualname__ = name
    op.__module__ = _caller_module()
    op.__doc__ = doc
    op.function = cls
    return op


def binary(name: str, forward: Callable, dx: Callable | None, dy: Callable | None, doc: str,
           ints: str = "float", divides: bool = False,
           bfloat16: bool = True) -> Callable[..., Tensor]:
    """The public function of a binary table row; its Function is ``.function``. ``divides``:
    integer operands refuse a zero divisor (``other``), as PyTorch on the CPU;
    ``bfloat16=False``: bfloat16 operands are refused (PyTorch has no bfloat16 kernel)."""
    needed = [_parameters(d, ("x", "y", "z"))[0] for d in (dx, dy)]
    saves = tuple(v for v in ("x", "y", "z") if any(v in n for n in needed))
    picks = tuple(tuple(saves.index(v) for v in n) for n in needed)
    cls = type(_class_name(name), (TableBinary,), {
        "compute": staticmethod(forward),
        "derivatives": (dx, dy),  # a tuple: its functions stay plain, never bound
        "saves": saves, "picks": picks, "__module__": __name__,
    })

    def op(input: Any, other: Any) -> Tensor:
        if ints == "float" and (other.__class__ is int or input.__class__ is int):
            a, b = float_operands(input, other)  # the int's value, not its wrap
        else:
            a, b = _binary_operands(input, other)
        if ints != "keep":
            a = _check_ints(name, a, ints)
            b = _check_ints(name, b, ints)
            if isinstance(a, TensorBase) and isinstance(b, TensorBase) and a.dtype != b.dtype:
                a, b = _binary_operands(a, b)  # one was lifted: bring the other along
        if divides:
            int_zero_division(a, b, name)
        return cls.apply(a, b)

    if not bfloat16:
        op = _without_bfloat16(name, op)
    op.__name__ = op.__qualname__ = name
    op.__module__ = _caller_module()
    op.__doc__ = doc
    op.function = cls
    return op
