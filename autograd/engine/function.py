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

import numpy as np
from numpy import generic as _np_scalar  # what NumPy returns for some 0-d results

from autograd.engine import tensor_base as _tb
from autograd.engine.grad_mode import (
    anomaly,
    describe_inputs,
    forward_trace,
    state,
    watchers,
)
from autograd.engine.node import NOT_SAVED, PACKED, Node, next_seq
from autograd.engine.tensor_base import TensorBase
from autograd.engine.views import (
    CREATION,
    DEFAULT,
    INFERENCE_MODE,
    MULTI_OUTPUT,
    NO_GRAD_MODE,
    refresh,
)
from backends.base import BFLOAT16, DeferredCheck, on_first_bfloat16

_new = object.__new__
_BF16 = BFLOAT16  # None without ml_dtypes: no array's dtype is it
_bfloat16_live = False  # a bfloat16 dtype was given out: inputs are looked at


def _look_for_bfloat16() -> None:
    global _bfloat16_live
    _bfloat16_live = True


if BFLOAT16 is not None:
    on_first_bfloat16.append(_look_for_bfloat16)
_FLOAT32 = np.dtype(np.float32)
_INFERENCE_VC = _tb.INFERENCE_VC
_watchers = watchers  # the tapes and profilers open in any thread: usually none

Context = Node  # the ctx of forward/backward is the tape entry itself, as in PyTorch


def once_differentiable(backward: Any) -> Any:
    """Decorator for a Function's ``backward``
    (``torch.autograd.function.once_differentiable``): the same as setting the class
    attribute ``once_differentiable = True``; differentiating that backward again raises."""
    backward._once_differentiable = True
    return backward


class Function:
    """Base class of differentiable ops (``torch.autograd.Function``)."""

    once_differentiable = False  # backward cannot itself be differentiated
    is_view = False  # the output(s) alias the first argument's memory
    # forward takes bfloat16 arrays as they are (casts, copies); other ops get them as float32
    # and their float32 outputs are rounded to bfloat16
    bfloat16_native = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        bw = cls.__dict__.get("backward")
        if getattr(getattr(bw, "__func__", bw), "_once_differentiable", False):
            cls.once_differentiable = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(
            f"{type(self).__name__}: calling an instance of a Function (the legacy style) is not "
            f"supported; call {type(self).__name__}.apply(...) with static forward/backward")

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
        # a Tape, profiler, ag.compile capture or saved_tensors_hooks open in this thread
        watched = _watchers and (st.tapes or st.profilers or st.captures or st.saved_hooks)
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
                    moved = _host_scalars_moved(args)
                    if moved is None:
                        raise _mixed_devices(cls, args)
                    return cls.apply(*moved, **attrs)
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
        low = False  # a bfloat16 input: forward computes in float32
        if _bfloat16_live and not (cls.is_view or cls.bfloat16_native):
            arrays, low = _lift_bfloat16(arrays)
            if low and watched and st.captures:
                st.captures[-1].refuse(f"{cls.__name__} computes bfloat16 in float32, which a "
                                       "replay does not repeat")
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
        lifted = None
        if low:  # computed in float32: the outputs rounded to bfloat16, as PyTorch's kernels do
            lifted = out
            out = _round_bfloat16(out, multi)
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
            result._grad = None
            result._hooks = None
            result._view = None
            result._view_version = 0
            outputs = (result,)
        if cls.is_view:
            _mark_views(cls, args, attrs, outputs, multi)
        elif not multi:
            # a tensor made under inference_mode is an inference tensor (it tracks no version)
            result._vc = [0] if grad or not st.inference else _INFERENCE_VC
        elif not grad and st.inference:
            for o in outputs:
                o._vc = _INFERENCE_VC
        if edges is None:  # nothing to record: no input requires grad, or grad mode is off
            if watched:
                _record(st, cls, args, attrs, outputs, ctx, False)
            return outputs if multi else result

        ctx.seq = next_seq()
        if low:  # its backward gets float32 gradients too
            ctx.fn = _lifted_backward(cls)
        if anomaly.enabled:
            ctx.forward_trace = forward_trace()
            ctx.forward_inputs = describe_inputs(args)
        if multi:
            ctx.n_outputs = len(out)
            skip = ctx.non_differentiable or ()
            k = 0
            for o in outputs:
                if o._data.dtype.kind in "fV" and id(o._data) not in skip:
                    o._requires_grad = True
                    o._node = ctx
                    o._out_idx = k
                k += 1
            ctx.output_meta = tuple((o.shape, o.dtype) for o in out)
        else:
            ctx.n_outputs = 1
            if out.dtype.kind in "fV" and (ctx.non_differentiable is None or
                                           id(out) not in ctx.non_differentiable):
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
                        if vc is _INFERENCE_VC:
                            raise RuntimeError(f"{cls.__name__}: {_tb.INFERENCE_SAVED_MESSAGE}")
                        info = (vc, vc[0], i)
                        break
                    i += 1
                else:
                    j = 0
                    for o in outputs:
                        if value is o._data or lifted is not None and value is (
                                lifted[j] if multi else lifted):
                            vc = o._vc
                            info = (vc, vc[0], ~j)
                            break
                        j += 1
                infos.append(info)
            ctx.saved_versions = tuple(infos)
            if watched and st.saved_hooks:
                _pack_saved(st, ctx, args, outputs, device)
        else:
            ctx.saved_versions = None
        if watched:
            _record(st, cls, args, attrs, outputs, ctx, True)
        return outputs if multi else result


def _pack_saved(st: Any, ctx: Node, args: tuple, outputs: tuple, device: Any) -> None:
    """Hand what ``ctx`` saved to the innermost ``saved_tensors_hooks``' pack hook, as tensors
    (an input or output as that tensor itself), and keep only what it returns."""
    if st.captures:
        st.captures[-1].refuse("saved_tensors_hooks run Python on what the ops save")
    hooks = st.saved_hooks[-1]
    packed = []
    for value, info in zip(ctx.saved, ctx.saved_versions):
        if value is None:
            packed.append(NOT_SAVED)
            continue
        t = None
        if info is not None:
            source = info[2]
            t = args[source] if source >= 0 else outputs[~source]
            if t._data is not value:  # a bfloat16 tensor's float32 copy
                t = None
        packed.append(hooks.pack_hook(t if t is not None else _tb.make(value, device)))
    ctx.packed = (hooks.unpack_hook, tuple(packed))
    ctx.saved = PACKED


def _lift_bfloat16(arrays: list) -> tuple[list, bool]:
    """The arguments of an op with bfloat16 inputs as forward gets them: bfloat16 arrays as
    float32 (PyTorch's CPU kernels compute bfloat16 in float32 too), and whether its float32
    outputs are rounded back (not when a float32/float64 input makes float32 the answer)."""
    lifted = None
    rounds = True
    for k, a in enumerate(arrays):
        dtype = getattr(a, "dtype", None)
        if dtype is _BF16:
            if lifted is None:
                lifted = list(arrays)
            lifted[k] = a.astype(_FLOAT32)
        elif dtype is not None and dtype.kind == "f" and getattr(a, "ndim", 0):
            rounds = False
    if lifted is None:  # no bfloat16 input
        return arrays, False
    return lifted, rounds


_LIFTED: dict[type, type] = {}


def _lifted_backward(cls: type) -> type:
    """``cls`` with a backward that takes its output gradients in float32: the node of an op
    whose forward computed bfloat16 inputs in float32, so that its backward does too (sums over
    a batch accumulate in float32, as in PyTorch's kernels). Made once per class."""
    found = _LIFTED.get(cls)
    if found is None:
        def backward(ctx: Node, *grads: Any) -> Any:
            if not ctx.xp.differentiable:  # create_graph: each op of the backward lifts itself
                grads = tuple(g.astype(_FLOAT32) if g is not None and g.dtype is _BF16 else g
                              for g in grads)
            return cls.backward(ctx, *grads)

        found = _LIFTED[cls] = type(cls.__name__, (cls,), {
            "backward": staticmethod(backward), "__module__": cls.__module__,
            "__qualname__": cls.__qualname__})
    return found


def _round_bfloat16(out: Any, multi: bool) -> Any:
    """Forward's float32 results as bfloat16 (integer and bool results as they are)."""
    if multi:
        return tuple(o.astype(_BF16) if getattr(o, "dtype", None) == _FLOAT32 else o
                     for o in out)
    return out.astype(_BF16) if getattr(out, "dtype", None) == _FLOAT32 else out


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
        if o._data.dtype.kind in "fV":
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


def _host_scalars_moved(args: tuple) -> tuple | None:
    """``args`` with their 0-d CPU tensors moved to the one other device the tensors are on,
    as PyTorch lets a CPU scalar tensor join a CUDA op; None when that does not settle it
    (two accelerators, or a CPU tensor with dimensions)."""
    tensors = [a for a in args if isinstance(a, TensorBase)]
    others = {a.device for a in tensors if a.device.type != "cpu"}
    if len(others) != 1 or any(a.device.type == "cpu" and a._data.ndim for a in tensors):
        return None
    (device,) = others
    return tuple(a.to(device) if isinstance(a, TensorBase) and a.device is not device else a
                 for a in args)


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
