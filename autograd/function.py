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
``once_differentiable = True``.
"""

from __future__ import annotations

from typing import Any

from autograd import grad_mode
from autograd import tape as _tape
from autograd.tape import Node
from autograd.tensor import Tensor, _make

_new = object.__new__

Context = Node  # the ctx of forward/backward is the tape entry itself, as in PyTorch

_grad_state = grad_mode.state
_next_seq = _tape.next_seq
_active_tapes = _tape.active_tapes
_profilers = _tape.profilers
_anomaly = _tape.anomaly


class Function:
    """Base class of differentiable ops (``torch.autograd.Function``)."""

    once_differentiable = False  # backward cannot itself be differentiated
    is_view = False  # the output aliases the first input's memory (shares its version counter)

    @staticmethod
    def forward(ctx: Context, *args: Any, **attrs: Any) -> Any:
        raise NotImplementedError

    @staticmethod
    def backward(ctx: Context, *grads: Any) -> Any:
        raise NotImplementedError

    @classmethod
    def apply(cls, *args: Any, **attrs: Any) -> Any:
        """Run forward on the arguments' arrays and, when a gradient is wanted, record it."""
        # The hot path of every op, kept flat on purpose: one pass over the arguments, the
        # node and the output built inline, edges only when recording.
        if _profilers:  # autograd.profiler.profile() is on: it times this call
            return _profilers[-1].run_op(cls, args, attrs)
        device = None
        needs = False
        arrays = list(args)
        i = 0
        for a in args:
            if a.__class__ is Tensor or isinstance(a, Tensor):
                d = a.device
                if device is None:
                    device = d
                elif d is not device:
                    raise _mixed_devices(cls, args)
                arrays[i] = a._data
                if a.requires_grad:
                    needs = True
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
        try:
            out = cls.forward(ctx, *arrays, **attrs)
        except (ValueError, IndexError) as exc:  # NumPy's errors name no op
            raise _forward_error(cls, args, exc) from exc
        multi = out.__class__ is tuple
        if not multi and not out.ndim:
            scalar = out
            out = xp.asarray(out)  # NumPy turns 0-d results into scalars
            if ctx.saved and out is not scalar:
                ctx.saved = tuple(out if v is scalar else v for v in ctx.saved)
        if not (needs and _grad_state.enabled):
            if multi:
                outputs = tuple(_make(o, device, False, None, 0) for o in out)
                if _active_tapes:
                    _record(cls, args, outputs, None)
                return outputs
            result = _make(out, device, False, None, 0)
            if cls.is_view:
                vc = result._vc = args[0]._vc
                result._view_version = vc[0]
            if _active_tapes:
                _record(cls, args, (result,), None)
            return result

        edges = [None] * len(args)
        i = 0
        for a in args:
            if (a.__class__ is Tensor or isinstance(a, Tensor)) and a.requires_grad:
                if a._view_version is not None and a._vc[1] > a._view_version:
                    raise _stale_view(cls, a)
                node = a._node
                edges[i] = (node if node is not None else a, a._out_idx, a._data.shape,
                            a._data.dtype)
            i += 1
        ctx.edges = tuple(edges)
        ctx.seq = _next_seq()
        if _anomaly.enabled:
            ctx.forward_trace = _tape.forward_trace()
        if multi:
            ctx.n_outputs = len(out)
            skip = ctx.non_differentiable or ()
            outputs = tuple(
                _make(o, device, o.dtype.kind == "f" and id(o) not in skip, ctx, k)
                for k, o in enumerate(out)
            )
            for o in outputs:
                if not o.requires_grad:
                    o._node = None
            ctx.output_meta = tuple((o.shape, o.dtype) for o in out)
        else:
            ctx.n_outputs = 1
            result = _new(Tensor)  # _make, inlined
            result._data = out
            result.device = device
            if out.dtype.kind == "f":
                result.requires_grad = True
                result._node = ctx
            else:
                result.requires_grad = False
                result._node = None
            result._out_idx = 0
            result.grad = None
            result._hooks = None
            if cls.is_view:
                result._vc = vc = args[0]._vc
                result._view_version = vc[0]
            else:
                result._vc = [0, 0]
                result._view_version = None
            outputs = (result,)
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
        if _active_tapes:
            _record(cls, args, outputs, ctx)
        return outputs if multi else result


def _record(cls: type, args: tuple, outputs: tuple, node: Node | None) -> None:
    for tape in _active_tapes:
        tape.record(cls, args, outputs, node)


def _mixed_devices(cls: type, args: tuple) -> RuntimeError:
    devices = sorted({str(a.device) for a in args if isinstance(a, Tensor)})
    shapes = ", ".join(f"{list(a.shape)} on {a.device}" for a in args if isinstance(a, Tensor))
    return RuntimeError(
        f"{cls.__name__}: expected all tensors to be on the same device, but found at least "
        f"two devices, {' and '.join(devices)} (inputs: {shapes})"
    )


def _forward_error(cls: type, args: tuple, exc: Exception) -> RuntimeError:
    shapes = ", ".join(str(list(a.shape)) for a in args if isinstance(a, Tensor))
    kind = IndexError if isinstance(exc, IndexError) else RuntimeError
    return kind(f"{cls.__name__}: {exc} (input shapes: {shapes})")


def _stale_view(cls: type, view: Tensor) -> RuntimeError:
    return RuntimeError(
        f"{cls.__name__}: input of shape {list(view.shape)} is a view of a tensor that was "
        "modified in place by a differentiable op after the view was taken; its gradient "
        "would be wrong. Take the view again after the in-place op, or clone() it first."
    )
