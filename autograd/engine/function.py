"""``Function``: the one door onto the tape, for built-in ops and user ops alike.

A Function is a pair of static methods written against raw backend arrays::

    class Exp(Function):
        @staticmethod
        def forward(ctx, x):
            y = ctx.xp.exp(x)
            ctx.save_for_backward(y)
            return y

        @staticmethod
        def backward(ctx, gy):
            # d exp(x) / dx = exp(x)
            (y,) = ctx.saved_tensors
            return gy * y

    y = Exp.apply(x)

``forward(ctx, *args, **attrs)`` receives every Tensor argument as its backend array (NumPy or
CuPy; ``ctx.xp`` is that namespace) and everything else as given. ``backward(ctx, *grads)``
returns one gradient per positional argument of forward (None where there is none), of any
broadcast shape: the engine sums it back to the input's shape and casts it to its dtype.
Under ``create_graph=True`` the engine runs the same backward with ``ctx.xp`` set to autograd's
differentiable namespace and the saved inputs and outputs as graph-connected Tensors, so one
formula gives every order of derivative. A backward that cannot be run that way sets
``once_differentiable = True``. ``ctx.needs_input_grad[i]`` tells backward which gradients
are wanted; it may return None for the others.

A Function with ``is_view = True`` returns a view of its first argument (the same memory):
its output shares the input's version counter and remembers how it was taken (see
``autograd.engine.views``), so in-place writes through it are recorded on its base.
"""

from __future__ import annotations

from typing import Any

from numpy import generic as _np_scalar  # what NumPy returns for some 0-d results

from autograd.engine import tensor_base as _tb
from autograd.engine.grad_mode import (
    anomaly,
    describe_inputs,
    forward_trace,
    state,
    watchers,
)
from autograd.engine.node import Node, next_seq
from autograd.engine.tensor_base import TensorBase
from autograd.engine.views import (
    CREATION,
    DEFAULT,
    INFERENCE_MODE,
    MULTI_OUTPUT,
    NO_GRAD_MODE,
    refresh,
)
from backends.base import DeferredCheck

_new = object.__new__
_set_grad = _tb.set_grad
_watchers = watchers  # the tapes and profilers open in any thread: usually none

Context = Node  # the ctx of forward/backward is the tape entry itself, as in PyTorch


class Function:
    """Base class of differentiable ops (``torch.autograd.Function``)."""

    once_differentiable = False  # backward cannot itself be differentiated
    is_view = False  # the output(s) alias the first argument's memory

    @staticmethod
    def forward(ctx: Context, *args: Any, **attrs: Any) -> Any:
        raise NotImplementedError

    @staticmethod
    def backward(ctx: Context, *grads: Any) -> Any:
        raise NotImplementedError

    @classmethod
    def apply(cls, *args: Any, **attrs: Any) -> Any:
        """Run forward on the arguments' arrays and, when a gradient is wanted, record it."""
        # The hot path of every op, kept flat on purpose: one pass over the arguments (their
        # arrays, and their edges when recording), the node and the output built inline.
        st = state  # this thread's
        # a Tape, profiler or ag.compile capture open in this thread
        watched = _watchers and (st.tapes or st.profilers or st.captures)
        if watched and st.profilers:
            if st.captures:
                st.captures[-1].refuse("a profiler is open while it is captured")
            return st.profilers[-1].run_op(cls, args, attrs)
        tensor = _tb.Tensor  # the common case is decided by identity, without isinstance
        grad = st.grad_enabled
        device = None
        edges = None  # made (with the edge of each input that requires grad) when recording
        arrays = list(args)
        i = 0
        for a in args:
            if a.__class__ is tensor or isinstance(a, TensorBase):
                d = a.device
                if device is None:
                    device = d
                elif d is not device:
                    raise _mixed_devices(cls, args)
                arrays[i] = a._data
                if grad and a._view is not None and a._view_version != a._vc[0]:
                    refresh(a)  # a view whose base was modified in place: take it again
                if a._requires_grad and grad:
                    if edges is None:
                        edges = [None] * len(args)
                    node = a._node
                    edges[i] = (node if node is not None else a, a._out_idx,
                                a._data.shape, a._data.dtype)
            i += 1
        if device is None:
            raise TypeError(f"{cls.__name__}: expected at least one Tensor argument")
        xp = device._backend
        if xp is None:
            xp = device.backend
        ctx = _new(Node)
        ctx.fn = cls
        ctx.xp = xp
        ctx.saved = None
        # known before forward, as in PyTorch, so that forward saves only what the wanted
        # gradients read (None: nothing will be recorded)
        ctx.edges = None if edges is None else tuple(edges)
        guard = xp.guard  # CuPy: make the tensors' GPU current while the op runs
        # an ag.compile capture records this op, not what its forward does with tensors
        paused = st.captures if watched and st.captures else None
        if paused:
            st.captures = []
        try:
            if guard is None:
                out = cls.forward(ctx, *arrays, **attrs)
            else:
                with guard():
                    out = cls.forward(ctx, *arrays, **attrs)
        except (ValueError, IndexError, TypeError) as exc:  # NumPy's errors name no op
            if isinstance(exc, DeferredCheck):  # an earlier op's check, surfacing at a read
                raise
            if isinstance(exc, TypeError) and not _from_array_library(exc):
                raise
            raise _forward_error(cls, args, exc) from exc
        finally:
            if paused:
                st.captures = paused
        multi = out.__class__ is tuple
        if not multi and isinstance(out, _np_scalar):
            scalar = out
            out = xp.asarray(out)  # NumPy turns 0-d results into scalars
            if ctx.saved and out is not scalar:
                ctx.saved = tuple(out if v is scalar else v for v in ctx.saved)
        if multi:
            outputs = tuple(_tb.make(o, device) for o in out)
        else:
            result = _new(tensor)  # make(), inlined
            result._data = out
            result.device = device
            result._requires_grad = False
            result._node = None
            result._out_idx = 0
            _set_grad(result, None)
            result._hooks = None
            result._view = None
            result._view_version = 0
            outputs = (result,)
        if cls.is_view:
            _mark_views(cls, args, attrs, outputs, multi)
        elif not multi:
            result._vc = [0]
        if edges is None:  # nothing to record: no input requires grad, or grad mode is off
            if watched:
                _record(st, cls, args, attrs, outputs, ctx, False)
            return outputs if multi else result

        ctx.seq = next_seq()
        if anomaly.enabled:
            ctx.forward_trace = forward_trace()
            ctx.forward_inputs = describe_inputs(args)
        if multi:
            ctx.n_outputs = len(out)
            skip = ctx.non_differentiable or ()
            k = 0
            for o in outputs:
                if o._data.dtype.kind == "f" and id(o._data) not in skip:
                    o._requires_grad = True
                    o._node = ctx
                    o._out_idx = k
                k += 1
            ctx.output_meta = tuple((o.shape, o.dtype) for o in out)
        else:
            ctx.n_outputs = 1
            if out.dtype.kind == "f":
                result._requires_grad = True
                result._node = ctx
        saved = ctx.saved
        if saved:
            # For each saved input or output: its version counter and version now, so backward
            # can tell whether it was modified in place since (source: input position, or
            # ~output index).
            infos = []
            for value in saved:
                info = None
                i = 0
                for arr in arrays:
                    if value is arr and arr is not args[i]:
                        vc = args[i]._vc
                        info = (vc, vc[0], i)
                        break
                    i += 1
                else:
                    j = 0
                    for o in outputs:
                        if value is o._data:
                            vc = o._vc
                            info = (vc, vc[0], ~j)
                            break
                        j += 1
                infos.append(info)
            ctx.saved_versions = tuple(infos)
        else:
            ctx.saved_versions = None
        if watched:
            _record(st, cls, args, attrs, outputs, ctx, True)
        return outputs if multi else result


def _mark_views(cls: type, args: tuple, attrs: dict, outputs: tuple, multi: bool) -> None:
    """Make ``outputs`` views of ``args[0]``: one version counter, and for floating outputs
    (the differentiable ones) how each was taken and in which mode (see engine/views.py)."""
    viewed = args[0]
    vc = viewed._vc
    if multi:
        creation = MULTI_OUTPUT
    elif state.grad_enabled:
        creation = DEFAULT
    else:
        creation = INFERENCE_MODE if state.inference else NO_GRAD_MODE
    pv = viewed._view
    if pv is not None and (creation == DEFAULT or pv[CREATION] == INFERENCE_MODE):
        creation = pv[CREATION]  # a view of a view inherits how the first was made (PyTorch)
    version = vc[0]
    k = 0
    for o in outputs:
        o._vc = vc
        if o._data.dtype.kind == "f":
            o._view = (cls, args, attrs, creation, k)
            o._view_version = version
        else:
            o._view = None
        k += 1


def _record(st: Any, cls: type, args: tuple, attrs: dict, outputs: tuple, ctx: Node,
            recorded: bool) -> None:
    """Tell this thread's open tapes (``ctx`` when it became a tape entry) and ``ag.compile``
    captures (every call: a capture replays forwards made under no_grad too) about an op."""
    for tape in st.tapes:
        tape.record(cls, args, outputs, ctx if recorded else None)
    for capture in st.captures:
        capture.record_forward(cls, args, attrs, outputs, ctx, recorded)


def _mixed_devices(cls: type, args: tuple) -> RuntimeError:
    devices = sorted({str(a.device) for a in args if isinstance(a, TensorBase)})
    shapes = ", ".join(f"{list(a.shape)} on {a.device}" for a in args
                       if isinstance(a, TensorBase))
    return RuntimeError(
        f"{cls.__name__}: expected all tensors to be on the same device, but found at least "
        f"two devices, {' and '.join(devices)} (inputs: {shapes})"
    )


def _from_array_library(exc: Exception) -> bool:
    """A NumPy or CuPy TypeError (UFuncTypeError, DTypePromotionError ...): a dtype the
    kernel has no loop for."""
    return type(exc).__module__.split(".")[0] in ("numpy", "cupy")


def _forward_error(cls: type, args: tuple, exc: Exception) -> RuntimeError:
    shapes = ", ".join(str(list(a._data.shape)) for a in args if isinstance(a, TensorBase))
    if isinstance(exc, TypeError):  # no kernel for these dtypes: PyTorch's NotImplementedError
        dtypes = ", ".join(str(a._data.dtype) for a in args if isinstance(a, TensorBase))
        return NotImplementedError(f"{cls.__name__}: {exc} (input dtypes: {dtypes}; shapes: "
                                   f"{shapes})")
    kind = IndexError if isinstance(exc, IndexError) else RuntimeError
    return kind(f"{cls.__name__}: {exc} (input shapes: {shapes})")
