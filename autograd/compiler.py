"""Capture and replay of a whole step: ``ag.compile`` (``torch.compile``) and ``ag.compiler``.

``step = ag.compile(step)`` runs the first call with a given signature (the shapes, dtypes,
devices and ``requires_grad`` of the tensor arguments, the other arguments' values, grad and
autocast mode) eagerly; the second runs eagerly too while a *capture* records, on raw backend
arrays, everything the step does with tensors:

- every op's forward (``Function.apply``: the op's own forward code on arrays, with a bare
  ``ctx``), the writes of in-place ops, and ``.grad`` assignments;
- ``backward()``: each node's backward call, the sums of gradients that meet, the reductions
  back to an input's shape, and the stores into the leaves' ``.grad``, in the engine's order;
- calls to functions marked ``ag.compiler.disable`` (creation functions, optimizer steps and
  ``zero_grad``, gradient clipping, learning-rate schedulers): recorded as one call each, made
  again, eagerly, at every replay, so that they read the learning rate, step counts and
  gradients of that moment.

Later calls with that signature replay the recording: no Tensor objects, tape nodes, dispatch or
argument checks on the way; each array is dropped after its last use. The replay runs the
same kernels in the same order as the eager step, so results are bitwise equal to eager ones,
and ops that draw random numbers (dropout) draw fresh ones in the same order.

A function that returns tensors requiring grad without running backward itself (a model's
forward: ``model = ag.compile(model)``, the loss and ``backward()`` outside) is recorded in two
parts: its forward, and the backward the engine runs from its outputs to every leaf they reach
(recorded at the capture with the outputs' gradients as parameters). A replay runs the forward
as one ``Function`` whose backward is the recorded backward: its outputs carry a graph, and the
leaves' gradients are accumulated by the engine, hooks included, as for any op.

A step that the replay could not reproduce is not replayed: it runs eagerly for that signature,
with one warning saying why (``fullgraph=True`` raises instead). That is the case when the
step reads a value on the host (``item()``, ``bool()``, ``tolist()``, printing), touches raw
arrays (``Tensor.array``, ``.data =``), registers or runs gradient hooks, calls ``backward``
with ``create_graph``/``inputs``, differentiates a graph made before the call, writes in place
into a view of a tensor that requires grad, uses a tensor made during the step by a path the
capture cannot repeat, or runs under a profiler or anomaly mode.

What the capture cannot see, and is documented rather than detected: Python state the step
reads besides its arguments (a global tensor rebound to a new object between calls, a Python
number closed over) is frozen at its value during the capture; Python side effects of the step
(printing, counters) happen at the capture only. ``Module.train()``/``eval()`` call
``ag.compiler.reset()``, so a change of mode recaptures. The outputs of a replayed step that ran
its own backward carry no graph (``requires_grad`` False). Unlike PyTorch's compilers, nothing
is fused or reordered:
the replay removes the per-op overhead of the engine, not the kernels' own cost.
"""

from __future__ import annotations

import builtins
import functools
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from autograd.engine import tensor_base as _tb
from autograd.engine.backward import _accumulate_lock, reduce_to
from autograd.engine.function import Function
from autograd.engine.grad_mode import anomaly, host_read, replayable, state
from autograd.engine.node import Node
from autograd.engine.tensor_base import TensorBase, make
from backends import base as _backend_base

__all__ = ["compile", "disable", "reset", "is_compiling", "CompiledFunction"]

_new = object.__new__
_set_grad = TensorBase.grad.__set__  # the slot itself: replayed stores need no checks
_epoch = [0]  # bumped by reset(): every recording made before is captured again
_WARMUP = 1  # eager calls of a new signature before the one that captures
CACHE_LIMIT = 8  # signatures recorded per function (torch._dynamo's cache_size_limit)
_active = [0]  # captures running, in all threads (tensor_base.births is kept while any is)


def disable(fn: Callable | None = None, recursive: bool = True) -> Callable:
    """Run ``fn`` eagerly inside a compiled step (``torch.compiler.disable``): a capture
    records the call as one step, and each replay calls ``fn`` again with the same arguments
    (tensors of the step rebound to the replay's arrays), so it sees the Python state and
    values of that moment. ``recursive`` is accepted for PyTorch's signature."""
    if fn is None:
        return functools.partial(disable, recursive=recursive)
    return replayable(fn)


def reset() -> None:
    """Forget every recording (``torch.compiler.reset``): compiled functions capture again on
    their next calls. ``Module.train()``/``eval()`` call it, since the mode changes the ops."""
    _epoch[0] += 1


def is_compiling() -> bool:
    """True while a compiled function is being captured in this thread
    (``torch.compiler.is_compiling``)."""
    return bool(state.captures)


def compile(model: Callable | None = None, *, fullgraph: bool = False, dynamic: Any = None,
            backend: Any = "replay", mode: str | None = None, options: dict | None = None,
            disable: bool = False) -> Any:
    """Capture ``model`` (a function or any callable, e.g. a training step) once per
    signature and replay it on raw arrays (``torch.compile``; see this module's docstring).

    ``mode``: None, ``"default"`` or ``"reduce-overhead"`` capture and replay; ``"eager"``
    (or ``disable=True``) just calls ``model``, for debugging. ``fullgraph=True`` raises where
    the step cannot be replayed instead of running it eagerly. ``dynamic``, ``backend`` and
    ``options`` are accepted for PyTorch's signature: every new shape is a new capture.
    Usable as ``@ag.compile`` and ``@ag.compile(mode=...)``.
    """
    if mode not in (None, "default", "reduce-overhead", "max-autotune", "eager"):
        raise RuntimeError(f"compile: unknown mode {mode!r} (expected None, 'default', "
                           "'reduce-overhead', 'max-autotune' or 'eager')")
    if model is None:
        return functools.partial(compile, fullgraph=fullgraph, dynamic=dynamic, backend=backend,
                                 mode=mode, options=options, disable=disable)
    if not callable(model):
        raise TypeError(f"compile: expected a callable, got {type(model).__name__}")
    return CompiledFunction(model, eager=disable or mode == "eager", fullgraph=fullgraph)


class CompiledFunction:
    """What ``ag.compile(fn)`` returns: calls ``fn``, replaying its recording where it can.
    Other attributes are ``fn``'s (a compiled model still has ``parameters()``, ``train()``,
    ``state_dict()``, as PyTorch's ``OptimizedModule``); ``_orig_mod`` is ``fn`` itself."""

    def __init__(self, fn: Callable, eager: bool = False, fullgraph: bool = False) -> None:
        self._fn = self._orig_mod = fn
        self._eager = eager
        self._fullgraph = fullgraph
        self._entries: dict = {}  # signature -> _Entry
        functools.update_wrapper(self, fn, updated=())

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        fn = self._fn
        st = state
        if self._eager or st.captures or st.tapes or st.profilers or anomaly.enabled:
            return fn(*args, **kwargs)  # (inside another capture: part of that one)
        key, tensors = _signature(args, kwargs)
        entry = self._entries.get(key)
        if entry is None or entry.epoch != _epoch[0]:
            entry = self._new_entry(key)
        program = entry.program
        if program is not None:
            if program.guards_hold():
                return program.run(tensors)
            entry.program = None
            entry.calls = 0
        if entry.reason is not None:
            return fn(*args, **kwargs)
        entry.calls += 1
        if entry.calls <= _WARMUP:
            return fn(*args, **kwargs)
        return self._capture(entry, args, kwargs)

    def _new_entry(self, key: tuple) -> _Entry:
        entries = self._entries
        for k in [k for k, e in entries.items() if e.epoch != _epoch[0]]:
            del entries[k]  # recordings made before a reset()
        entry = entries[key] = _Entry()
        if len(entries) > CACHE_LIMIT:
            entry.reason = (f"it was already recorded for {CACHE_LIMIT} signatures "
                            "(autograd.compiler.CACHE_LIMIT)")
            self._refused(entry)
        return entry

    def _refused(self, entry: _Entry) -> None:
        name = getattr(self._fn, "__qualname__", type(self._fn).__name__)
        message = (f"compile: {name} cannot be replayed ({entry.reason}); it runs eagerly "
                   "for these argument shapes")
        if self._fullgraph:
            raise RuntimeError(message)
        warnings.warn(message, RuntimeWarning, stacklevel=4)

    def _capture(self, entry: _Entry, args: tuple, kwargs: dict) -> Any:
        if _tb.births is None:
            _tb.births = []
        cap = _Capture(args, kwargs, _tb.births)
        _active[0] += 1
        state.watch("captures", cap)
        try:
            result = self._fn(*args, **kwargs)
        finally:
            if cap in state.captures:
                state.unwatch("captures", cap)
            _active[0] -= 1
            if not _active[0]:
                _tb.births = None
        program = cap.finish(result)
        if program is None:
            entry.reason = cap.reason
            self._refused(entry)
        else:
            entry.program = program
        return result

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_fn", "_orig_mod"):
            raise AttributeError(name)
        return getattr(self._fn, name)

    def replays(self, *args: Any, **kwargs: Any) -> bool:
        """Whether a call with these arguments would replay a recording."""
        entry = self._entries.get(_signature(args, kwargs)[0])
        return bool(entry is not None and entry.epoch == _epoch[0] and
                    entry.program is not None and entry.program.guards_hold())


class _Entry:
    __slots__ = ("calls", "program", "reason", "epoch")

    def __init__(self) -> None:
        self.calls = 0
        self.program: _Program | None = None
        self.reason: str | None = None
        self.epoch = _epoch[0]


def _signature(args: tuple, kwargs: dict) -> tuple[tuple, list]:
    """What a recording is valid for: grad and autocast mode, each tensor's shape, dtype,
    device, requires_grad and which earlier tensor argument shares its array, and the other
    arguments by type and value (by identity when unhashable); and the tensor arguments."""
    key: list = [state.grad_enabled, state.inference,
                 tuple(state.autocast.items()) if state.autocast else ()]
    tensors: list = []
    arrays: dict = {}
    for leaf in _leaves((args, kwargs)) if kwargs or not _flat(args) else args:
        if isinstance(leaf, TensorBase):
            d = leaf._data
            key.append((d.shape, d.dtype, leaf.device, leaf._requires_grad,
                        arrays.setdefault(id(d), len(arrays))))
            tensors.append(leaf)
        else:
            try:
                hash(leaf)
                key.append((leaf.__class__, leaf))
            except TypeError:
                key.append((leaf.__class__, id(leaf)))
    return tuple(key), tensors


def _flat(args: tuple) -> bool:
    """No tuple, list or dict among the arguments (the common case: a few tensors)."""
    for a in args:
        if a.__class__ in (tuple, list, dict):
            return False
    return True


def _leaves(value: Any) -> Iterator[Any]:
    """The leaves of nested tuples, lists and dicts, depth first (dict keys in order)."""
    if value.__class__ in (tuple, list):
        for v in value:
            yield from _leaves(v)
    elif value.__class__ is dict:
        for k, v in value.items():
            yield k
            yield from _leaves(v)
    else:
        yield value


class _Refused(Exception):
    """Raised inside a capture's recorders: the step cannot be replayed, for this reason."""


# -- recording ------------------------------------------------------------------------------------


class _Capture:
    """Records one eager run of a step as a Python program over raw arrays (see the module).

    Every array (and ``ctx``, and tensor object) the program handles is a local variable
    ``s<n>`` of the generated function; every other object it uses is a constant ``c<n>``. The
    engine calls the ``record_*`` methods, each of which appends one event: its source lines,
    and the slots it reads and writes (so that each slot can be deleted after its last use). A
    refusal leaves a reason and stops the recording; the eager run itself goes on untouched.
    """

    def __init__(self, args: tuple, kwargs: dict, births: list) -> None:
        self.births = births  # tensors made while capturing (filled by tensor_base.make)
        self._born: set = set()
        self._seen_births = len(births)
        self.slot_of: dict = {}  # id(array, ctx or tensor) -> slot
        self._keep: list = []  # everything a slot was made for, alive so ids stay unique
        self.n = 0
        self.events: list = []  # (source lines, slots read, slots written)
        self.consts: dict = {}  # name -> object, the generated function's globals
        self._const_of: dict = {}  # id(object) -> name
        self.loaded: set = set()  # slots holding a pre-existing tensor's array
        self.guards: list = []  # (tensor, requires_grad) of every pre-existing tensor used
        self._guarded: set = set()
        self.reason: str | None = None
        self.in_backward = False
        self.backward_ran = False
        self.splitting = False  # recording the backward of a step that returns a graph
        self.xp: Any = None
        # the arguments: each tensor object in a slot of its own, each array in one
        self.inputs: dict = {}  # id(tensor) -> the slot holding that tensor object
        self.params: list = []  # the generated function's parameters: one per tensor leaf
        self.prologue: list = []
        for leaf in _leaves((args, kwargs)):
            if isinstance(leaf, TensorBase):
                ts = self._slot(leaf)
                self.inputs.setdefault(id(leaf), ts)
                self.params.append(f"s{ts}")
                if id(leaf._data) not in self.slot_of:
                    self.prologue.append(f"s{self._slot(leaf._data)} = s{ts}._data")

    # -- slots and constants -----------------------------------------------------------------
    def _slot(self, value: Any) -> int:
        s = self.n
        self.n += 1
        self.slot_of[id(value)] = s
        self._keep.append(value)
        return s

    def _const(self, value: Any) -> str:
        name = self._const_of.get(id(value))
        if name is None:
            name = self._const_of[id(value)] = f"c{len(self.consts)}"
            self.consts[name] = value
        return name

    def _emit(self, lines: list[str], reads: tuple | list, writes: tuple | list) -> None:
        self.events.append((lines, tuple(reads), tuple(writes)))

    def _array(self, array: Any) -> int:
        s = self.slot_of.get(id(array))
        if s is None:
            raise _Refused(f"an array of shape {list(getattr(array, 'shape', ()))} comes from "
                           "outside the recording")
        return s

    def _is_born(self, t: Any) -> bool:
        births = self.births
        if self._seen_births < len(births):
            self._born.update(id(b) for b in births[self._seen_births:])
            self._seen_births = len(births)
        return id(t) in self._born

    def _tensor_array(self, t: Any) -> int:
        """The slot of tensor ``t``'s array: recorded already, or, for a tensor that existed
        before the step (a parameter, a buffer), read from it at that point of each replay."""
        s = self.slot_of.get(id(t._data))
        if s is not None:
            return s
        if self._is_born(t):
            raise _Refused(f"a tensor of shape {list(t._data.shape)} was made during the step "
                           "outside any recorded op")
        self._use_device(t.device.backend)
        s = self._slot(t._data)
        self.loaded.add(s)
        self._guard(t)
        self._emit([f"s{s} = {self._const(t)}._data"], (), (s,))
        return s

    def _guard(self, t: Any) -> None:
        if id(t) not in self._guarded:
            self._guarded.add(id(t))
            self.guards.append((t, t._requires_grad))

    def _tensor_ref(self, t: Any) -> tuple[str, int | None]:
        """Source for tensor ``t`` itself in the program, and the slot it reads: the argument
        or the pre-existing tensor it is, or, for a tensor of the step, a new one around the
        replay's array."""
        s = self.inputs.get(id(t))
        if s is not None:
            return f"s{s}", s
        s = self.slot_of.get(id(t._data))
        if s is not None and s not in self.loaded:
            return f"make(s{s}, {self._const(t.device)})", s
        if self._is_born(t):
            raise _Refused(f"a tensor of shape {list(t._data.shape)} was made during the step "
                           "outside any recorded op")
        self._guard(t)
        return self._const(t), None

    def _leaf_ref(self, t: Any, what: str) -> str:
        source, s = self._tensor_ref(t)
        if source.startswith("make("):
            raise _Refused(f"{what} of a tensor made during the step")
        return source

    def _arrays_inside(self, value: Any, op: str, reads: list) -> str:
        """Source for a non-tensor argument of an op: each array it holds (alone or in a tuple
        or list) read from its slot, the rest a constant. An array the recording did not make
        was computed from tensor data outside any op, where a replay cannot follow."""
        if _is_array(value):
            s = self.slot_of.get(id(value))
            if s is None:
                raise _Refused(f"{op} is given an array of shape {list(value.shape)} computed "
                               "outside any recorded op")
            reads.append(s)
            return f"s{s}"
        if isinstance(value, TensorBase):
            raise _Refused(f"{op} takes a tensor inside a container or as a keyword attribute")
        if value.__class__ in (tuple, list) and any(
                _is_array(v) or v.__class__ in (tuple, list) for v in value):
            items = ", ".join(self._arrays_inside(v, op, reads) for v in value)
            return f"({items},)" if value.__class__ is tuple else f"[{items}]"
        return self._const(value)

    def _template(self, value: Any, reads: list, fn: str, by_ref: bool) -> str:
        """Source for an argument of a disabled call: tensors and the step's arrays taken
        from the replay, iterators made lists, everything else a constant (see
        ``replayable`` for raw arrays the recording did not make)."""
        if value.__class__ in (tuple, list):
            items = ", ".join(self._template(v, reads, fn, by_ref) for v in value)
            return f"({items},)" if value.__class__ is tuple else f"[{items}]"
        if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
            items = ", ".join(self._template(v, reads, fn, by_ref) for v in value)
            return f"{self._const(value.__class__)}({items})"
        if value.__class__ is dict:
            return "{" + ", ".join(f"{self._const(k)}: {self._template(v, reads, fn, by_ref)}"
                                   for k, v in value.items()) + "}"
        if isinstance(value, TensorBase):
            source, s = self._tensor_ref(value)
            if s is not None:
                reads.append(s)
            return source
        if _is_array(value):
            s = self.slot_of.get(id(value))
            if s is not None:  # an array of the step
                reads.append(s)
                return f"s{s}"
            if not by_ref:
                raise _Refused(f"{fn} is given an array of shape {list(value.shape)} computed "
                               "outside any recorded op")
        return self._const(value)

    def _use_device(self, xp: Any) -> None:
        if self.xp is None:
            self.xp = xp
        elif xp is not self.xp:
            raise _Refused("the step works on more than one device")

    def refuse(self, reason: str) -> None:
        """Stop recording: the step cannot be replayed (the first reason is kept)."""
        if self.reason is None:
            self.reason = reason
        if self in state.captures:
            state.unwatch("captures", self)
        return None

    # -- what the engine reports -------------------------------------------------------------------
    def record_forward(self, cls: type, args: tuple, attrs: dict, outputs: tuple, ctx: Node,
                       recorded: bool) -> None:
        try:
            self._use_device(ctx.xp)
            reads: list = []
            sources = []
            for a in args:
                if isinstance(a, TensorBase):
                    s = self._tensor_array(a)
                    reads.append(s)
                    sources.append(f"s{s}")
                else:
                    sources.append(self._arrays_inside(a, cls.__name__, reads))
            for k, v in attrs.items():
                sources.append(f"{k}={self._arrays_inside(v, cls.__name__, reads)}")
            # the ctx: a class made for this op whose class attributes are what
            # Function.apply would set, so that a replay sets none
            fields = {"fn": cls, "xp": ctx.xp, "__slots__": ()}
            if recorded:
                edges = tuple(None if e is None else (None, e[1], e[2], e[3])
                              for e in ctx.edges)
                fields["edges"] = edges
                fields["needs_input_grad"] = tuple(e is not None for e in edges)
                fields["n_outputs"] = ctx.n_outputs
                if ctx.output_meta is not None:
                    fields["output_meta"] = ctx.output_meta
            kind = type(cls.__name__ + "Ctx", (_ReplayCtx,), fields)
            c = self._slot(ctx) if recorded else None
            ctx_var = f"s{c}" if recorded else "ctx"
            outs = [self._slot(o._data) for o in outputs]
            call = f"{self._const(cls.forward)}({ctx_var}, {', '.join(sources)})"
            lines = [f"{ctx_var} = new({self._const(kind)})"]
            # a tuple (output_meta is set) or one array: known when the op was recorded
            if len(outputs) > 1 or (recorded and ctx.output_meta is not None):
                lines.append(f"{', '.join(f's{o}' for o in outs)}, = {call}")
            else:
                o = outs[0]
                lines.append(f"s{o} = {call}")
                if not recorded:
                    lines.append(f"if s{o}.__class__ is tuple: (s{o},) = s{o}")
                if outputs[0]._data.ndim == 0:  # NumPy's 0-d results, as Function.apply does
                    lines.append(f"if isinstance(s{o}, np.generic): "
                                 f"s{o} = as_array({ctx_var}, s{o})")
            self._emit(lines, reads, outs + ([c] if recorded else []))
        except _Refused as exc:
            self.refuse(str(exc))

    def record_write(self, dst: Any, src: Any) -> None:
        try:
            d, s = self._array(dst), self._array(src)
            self._emit([f"s{d}[...] = s{s}"], (d, s), ())
        except _Refused as exc:
            self.refuse(str(exc))

    def record_unshare(self, node: Node, k: int, copy: Any) -> None:
        c = self.slot_of.get(id(node))
        if c is None:
            self.refuse("an in-place write reaches a graph made before the step")
            return
        shared = self.slot_of.get(id(copy))
        out = shared if shared is not None else self._slot(copy)
        take = f"s{out}" if shared is not None else f"s{c}.saved[{k}].copy()"
        self._emit([f"s{out} = {take}",
                    f"s{c}.saved = s{c}.saved[:{k}] + (s{out},) + s{c}.saved[{k + 1}:]"],
                   (c, out) if shared is not None else (c,), (out,))

    def record_set_grad(self, t: Any, value: Any) -> None:
        try:
            target = self._leaf_ref(t, "assigning the .grad")
            if value is None:
                self._emit([f"set_grad({target}, None)"], (), ())
            else:
                s = self._tensor_array(value)
                self._emit([f"set_grad({target}, make(s{s}, {self._const(t.device)}))"],
                           (s,), ())
        except _Refused as exc:
            self.refuse(str(exc))

    def record_call(self, fn: Callable, args: tuple, kwargs: dict,
                    arrays_by_reference: bool = False) -> Any:
        """A ``disable``d function called during the capture: called (unrecorded) now, and
        again at every replay with the replay's tensors in place of the step's."""
        args = _materialise(args)
        kwargs = _materialise(kwargs)
        try:
            reads: list = []
            name = getattr(fn, "__qualname__", "a disabled function")
            by_ref = arrays_by_reference
            items = [self._template(a, reads, name, by_ref) for a in args]
            if kwargs:
                items.append(f"**{self._template(kwargs, reads, name, by_ref)}")
            source = ", ".join(items)
        except _Refused as exc:
            self.refuse(str(exc))
            return fn(*args, **kwargs)
        state.unwatch("captures", self)
        try:
            result = fn(*args, **kwargs)
        finally:
            state.watch("captures", self)
        outs = []
        lines = [f"r = {self._const(fn)}({source})"]
        for path, v in _tensor_paths(result, arrays=True):
            tensor = isinstance(v, TensorBase)
            s = self._slot(v._data if tensor else v)
            outs.append(s)
            lines.append(f"s{s} = r{''.join(f'[{k!r}]' for k in path)}"
                         f"{'._data' if tensor else ''}")
        lines.append("del r")
        self._emit(lines, reads, outs)
        return result

    def begin_backward(self, given: Any, grads: list, unsupported: bool,
                       with_inputs: bool) -> _Capture | None:
        if unsupported or with_inputs is not self.splitting:
            return self.refuse("backward with create_graph or inputs=, under anomaly mode or "
                               "a profiler, with post-accumulate-grad hooks or across devices")
        try:
            for g_given, g in zip(given, grads):
                if g_given is None:
                    s = self._slot(g)
                    self._emit([f"s{s} = {self._const(self.xp)}.ones({g.shape!r}, "
                                f"dtype={self._const(g.dtype)})"], (), (s,))
                elif id(g) not in self.slot_of:
                    self._tensor_array(g_given)
        except _Refused as exc:
            return self.refuse(str(exc))
        self.in_backward = True
        self.backward_ran = True
        return self

    def check_node_hooks(self, node: Node) -> _Capture | None:
        if node.hooks is not None or node.retained is not None:
            return self.refuse(f"a hook or retain_grad on an output of {node.name}")
        return self

    def record_materialized(self, grads: list) -> None:
        for g in grads:  # zeros for the outputs of a multi-output node that got no gradient
            if g is not None and id(g) not in self.slot_of:
                s = self._slot(g)
                self._emit([f"s{s} = {self._const(self.xp)}.zeros({g.shape!r}, "
                            f"dtype={self._const(g.dtype)})"], (), (s,))

    def record_backward(self, node: Node, grads: tuple, gxs: Any) -> _Capture | None:
        c = self.slot_of.get(id(node))
        if c is None:
            return self.refuse(f"backward reaches {node.name}, made before the step or "
                               "outside the recording")
        try:
            ins = [None if g is None else self._array(g) for g in grads]
        except _Refused as exc:
            return self.refuse(str(exc))
        single = gxs.__class__ is not tuple
        if single:
            gxs = (gxs,)
        outs = [None if g is None else self._slot(g) for g in gxs]
        args = ", ".join("None" if s is None else f"s{s}" for s in ins)
        call = f"{self._const(node.fn.backward)}(s{c}, {args})"
        if single:
            lines = [f"{'r' if outs[0] is None else f's{outs[0]}'} = {call}"]
        else:  # unpacked at once: no tuple keeps the gradients alive past their last use
            names = ", ".join("_" if s is None else f"s{s}" for s in outs)
            lines = [f"{names}, = {call}"]
        self._emit(lines, [c] + [s for s in ins if s is not None],
                   [s for s in outs if s is not None])
        return self

    def record_conform(self, raw: Any, gx: Any, shape: tuple, dtype: Any) -> None:
        a = self.slot_of[id(raw)]
        s = self._slot(gx)
        self._emit([f"s{s} = conform({self._const(self.xp)}, s{a}, {shape!r}, "
                    f"{self._const(dtype)})"], (a,), (s,))

    def record_add(self, a: Any, b: Any, total: Any) -> None:
        sa, sb = self.slot_of[id(a)], self.slot_of[id(b)]
        s = self._slot(total)
        self._emit([f"s{s} = s{sa} + s{sb}"], (sa, sb), (s,))

    def record_copy(self, raw: Any, copy: Any) -> None:
        a = self.slot_of[id(raw)]
        s = self._slot(copy)
        self._emit([f"s{s} = s{a}.copy()"], (a,), (s,))

    def record_leaf_store(self, leaf: Any, g: Any) -> None:
        try:
            target = self._leaf_ref(leaf, "a gradient for a leaf")
            gs = self.slot_of[id(g)]
            s = self._slot(leaf.grad._data)
            self._emit([f"s{s} = store({target}, s{gs}, {self._const(leaf.device)})"],
                       (gs,), (s,))
        except _Refused as exc:
            self.refuse(str(exc))

    # -- the end -----------------------------------------------------------------------------------
    def finish(self, result: Any) -> _Program | _SplitProgram | None:
        if self.reason is not None:
            return None
        try:
            if state.grad_enabled and not self.backward_ran and any(
                    t._requires_grad for _, t in _tensor_paths(result)):
                return self._split(result)
            outs = [(path, self._tensor_ref(t)) for path, t in _tensor_paths(result)]
            reads = [s for _, (_, s) in outs if s is not None]
        except _Refused as exc:
            self.reason = str(exc)
            return None
        returned = "(" + "".join(f"{source}, " for _, (source, _) in outs) + ")"
        self._emit([f"return {returned}"], reads, ())
        return _Program(self, result, [path for path, _ in outs])

    def source(self) -> str:
        """The generated function of a whole step."""
        return _function("replay", self.params, self.prologue, self.events,
                         set(self.inputs.values()))

    def _boundary(self, roots: list, inputs: list) -> list:
        """Where the step's graph begins, seen from ``roots``: the leaves that require grad
        (parameters, arguments) and the arguments with a history of their own (made before
        the call: the replay's backward hands their gradients on to that history), in the
        order the reverse loop meets them."""
        made_before = {(id(t._node), t._out_idx): t for t in inputs
                       if t._requires_grad and t._node is not None}
        found: list = [r for r in roots if r._node is None and r._requires_grad]
        seen = {id(t) for t in found}
        stack = [r._node for r in roots if r._node is not None]
        visited = set()
        order = []
        while stack:
            node = stack.pop()
            if id(node) in visited:
                continue
            visited.add(id(node))
            order.append(node)
            for edge in node.edges:
                if edge is None:
                    continue
                target = edge[0]
                if target.__class__ is not Node:
                    continue
                if id(target) in self.slot_of:
                    stack.append(target)
                elif (id(target), edge[1]) not in made_before:
                    raise _Refused(f"backward reaches {target.name}, made before the step")
        order.sort(key=lambda n: n.seq, reverse=True)
        for node in order:
            for edge in node.edges:
                if edge is None:
                    continue
                target = edge[0]
                t = target if target.__class__ is not Node else made_before.get(
                    (id(target), edge[1]))
                if t is not None and id(t) not in seen:
                    seen.add(id(t))
                    found.append(t)
        return found

    def _split(self, result: Any) -> _SplitProgram | None:
        """A step that returns a graph (a model's forward): record its backward too, as the
        engine runs it for the step's outputs and every leaf they reach, with the outputs'
        gradients as parameters; the two become the forward and backward of one Function."""
        from autograd.engine.backward import run_backward

        paths = list(_tensor_paths(result))
        inputs = [t for t in self._keep if isinstance(t, TensorBase) and id(t) in self.inputs]
        for _, t in paths:
            s = self.slot_of.get(id(t._data))
            if s is None or s in self.loaded or id(t) in self.inputs:
                raise _Refused("it returns an argument or a tensor made before the step")
        wanted = [(k, t) for k, (_, t) in enumerate(paths) if t._requires_grad]
        leaves = self._boundary([t for _, t in wanted], inputs)
        for leaf in leaves:
            if leaf._node is None and leaf._hooks:
                raise _Refused("a gradient hook on a leaf runs Python during backward")
            if id(leaf) not in self.inputs and self._is_born(leaf):
                raise _Refused("a leaf made during the step gets a gradient")
        forward_end = len(self.events)
        grads = [make(self.xp.ones(t._data.shape, dtype=t._data.dtype), t.device)
                 for _, t in wanted]
        grad_slots = [self._slot(g._data) for g in grads]
        self.splitting = True
        state.watch("captures", self)
        try:
            leaf_grads = run_backward([t for _, t in wanted], grads, True, False,
                                      inputs=leaves, allow_unused=True)
        finally:
            if self in state.captures:
                state.unwatch("captures", self)
        if self.reason is not None:
            return None
        returned = [None if g is None else self._array(g._data) for g in leaf_grads]
        # what the backward reads that the forward made: kept from one to the other
        backward_events = self.events[forward_end:]
        made = set(grad_slots)
        residuals: list = []
        for _, reads, writes in backward_events:
            for s in reads:
                if s not in made and s not in residuals:
                    residuals.append(s)
            made.update(writes)
        for s in returned:
            if s is not None and s not in made and s not in residuals:
                residuals.append(s)
        outs = [self.slot_of[id(t._data)] for _, t in paths]
        forward_return = (["return (" + "".join(f"s{s}, " for s in outs) + "), (" +
                           "".join(f"s{s}, " for s in residuals) + ")"], outs + residuals, ())
        backward_return = (["return (" + "".join("None, " if s is None else f"s{s}, "
                                                 for s in returned) + ")"],
                           [s for s in returned if s is not None], ())
        refs = []
        for leaf in leaves:
            s = self.inputs.get(id(leaf))
            refs.append(("input", self.params.index(f"s{s}")) if s is not None else
                        ("tensor", leaf))
            if s is None:
                self._guard(leaf)
        forward = _function("forward", self.params, self.prologue,
                            self.events[:forward_end] + [forward_return],
                            set(self.inputs.values()))
        backward = _function("backward", [f"s{s}" for s in residuals + grad_slots], [],
                             backward_events + [backward_return], set())
        return _SplitProgram(self, result, [path for path, _ in paths], forward, backward,
                             refs, [k for k, _ in wanted])



def _function(name: str, params: list, prologue: list, events: list, keep: set) -> str:
    """The source of a generated function: the events in order, each slot deleted after its
    last use (the parameters in ``keep`` and what the last event reads excepted)."""
    last: dict = {}
    for i, (_, reads, writes) in enumerate(events):
        for s in reads:
            last[s] = i
        for s in writes:
            last[s] = max(last.get(s, i), i)
    dead: list = [[] for _ in events]
    for s, i in last.items():
        if s not in keep and i < len(events) - 1:
            dead[i].append(s)
    body = list(prologue)
    for (lines, _, _), gone in zip(events, dead):
        body += lines
        if gone:
            body.append("del " + ", ".join(f"s{s}" for s in sorted(gone)))
    return f"def {name}({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in body)


def _is_array(value: Any) -> bool:
    """A backend array (NumPy's, CuPy's), not a scalar."""
    return isinstance(value, np.ndarray) or hasattr(type(value), "__cuda_array_interface__")


def _materialise(value: Any) -> Any:
    """Arguments of a disabled call with iterators (``model.parameters()``) turned into lists,
    so the replay can pass them again."""
    if isinstance(value, tuple):
        items = [_materialise(v) for v in value]
        return value.__class__(*items) if hasattr(value, "_fields") else tuple(items)
    if value.__class__ is list:
        return [_materialise(v) for v in value]
    if value.__class__ is dict:
        return {k: _materialise(v) for k, v in value.items()}
    if isinstance(value, Iterator):
        return [_materialise(v) for v in value]
    return value


def _tensor_paths(value: Any, path: tuple = (), arrays: bool = False
                  ) -> Iterator[tuple[tuple, Any]]:
    """``(path, tensor)`` for each tensor (and with ``arrays``, each backend array) in nested
    tuples, lists and dicts."""
    if isinstance(value, TensorBase) or (arrays and _is_array(value)):
        yield path, value
    elif isinstance(value, (tuple, list)):  # named tuples too
        for i, v in enumerate(value):
            yield from _tensor_paths(v, path + (i,), arrays)
    elif value.__class__ is dict:
        for k, v in value.items():
            yield from _tensor_paths(v, path + (k,), arrays)


def _rebuild(value: Any, path: tuple, tensors: dict) -> Any:
    """``value`` with the tensor at each path in ``tensors`` replaced."""
    if path in tensors:
        return tensors[path]
    if isinstance(value, tuple):
        items = [_rebuild(v, path + (i,), tensors) for i, v in enumerate(value)]
        return value.__class__(*items) if hasattr(value, "_fields") else tuple(items)
    if value.__class__ is list:
        return [_rebuild(v, path + (i,), tensors) for i, v in enumerate(value)]
    if value.__class__ is dict:
        return {k: _rebuild(v, path + (k,), tensors) for k, v in value.items()}
    return value


class _ReplayCtx(Node):
    """The ``ctx`` of a replayed op: what it saved is handed back without the version checks
    (the replay repeats a recording in which they passed)."""

    __slots__ = ()
    saved = None
    saved_versions = None

    @property
    def saved_tensors(self) -> tuple:
        saved = self.saved
        return saved if saved is not None else ()


# -- what the generated code calls ----------------------------------------------------------------


def _as_array(ctx: Node, scalar: Any) -> Any:
    """A forward's NumPy scalar as a 0-d array, in what it saved too (as Function.apply)."""
    out = ctx.xp.asarray(scalar)
    if ctx.saved:
        ctx.saved = tuple(out if v is scalar else v for v in ctx.saved)
    return out


class _Named:
    """What ``reduce_to`` names in an error: the op, whose name a replay does not keep."""

    name = "Replayed"


def _conform(xp: Any, g: Any, shape: tuple, dtype: Any) -> Any:
    """The engine's _conform: a gradient summed to its input's shape, cast to its dtype."""
    if g.shape != shape:
        g = reduce_to(xp, g, shape, _Named, 0)
    if g.dtype != dtype:
        g = g.astype(dtype)
    return g


def _store(leaf: Any, g: Any, device: Any) -> Any:
    """The engine's _accumulate into ``leaf.grad``; the array ``.grad`` then holds."""
    with _accumulate_lock:
        old = leaf.grad
        if old is None:
            new = make(g, device)
        elif old._requires_grad:
            new = old + make(g, device)
        else:
            new = make(old._data + g, device)
        _set_grad(leaf, new)
    return new._data


def _host_read(array: Any) -> None:
    """``backends.base.host_read_hook``: see ``grad_mode.host_read``."""
    if _tb.births is not None:
        host_read(f"an array of shape {list(getattr(array, 'shape', ()))} (to_numpy)")


_backend_base.host_read_hook = _host_read

_RUNTIME = {"new": _new, "np": np, "make": make, "set_grad": _set_grad, "as_array": _as_array,
            "conform": _conform, "store": _store}


# -- replay ---------------------------------------------------------------------------------------


class _Program:
    """A recorded step: the generated function, the guards it needs, and how to rebuild the
    step's result around what it returns."""

    def __init__(self, cap: _Capture, result: Any, paths: list) -> None:
        self.guards = cap.guards
        self.paths = paths
        # the result with its tensors taken out: its other parts are the captured ones
        self.result = _rebuild(result, (), {path: None for path in paths})
        self.guard = None if cap.xp is None else cap.xp.guard
        self.source = cap.source()
        namespace = {**_RUNTIME, **cap.consts}
        exec(builtins.compile(self.source, "<ag.compile replay>", "exec"), namespace)
        self.replay = namespace["replay"]

    def guards_hold(self) -> bool:
        for t, requires_grad in self.guards:
            if t._requires_grad is not requires_grad:
                return False
        return True

    def run(self, tensors: list) -> Any:
        """Replay on the step's tensor arguments (in the order ``_signature`` lists them)."""
        if self.guard is None:
            out = self.replay(*tensors)
        else:
            with self.guard():
                out = self.replay(*tensors)
        if not self.paths:
            return self.result
        return _rebuild(self.result, (), dict(zip(self.paths, out)))


def _compiled(source: str, consts: dict, name: str) -> Callable:
    namespace = {**_RUNTIME, **consts}
    exec(builtins.compile(source, f"<ag.compile {name}>", "exec"), namespace)
    return namespace[name]


class _SplitProgram:
    """A recorded step that returns a graph: its forward and backward as one ``Function``
    whose inputs are the leaves the outputs reach (parameters, arguments that require
    grad), so the engine accumulates their gradients, with any hooks, as for any op."""

    def __init__(self, cap: _Capture, result: Any, paths: list, forward: str, backward: str,
                 leaves: list, wanted: list) -> None:
        self.guards = cap.guards
        self.paths = paths
        self.result = _rebuild(result, (), {path: None for path in paths})
        self.source = forward + "\n" + backward
        self.forward = _compiled(forward, cap.consts, "forward")
        self.backward = _compiled(backward, cap.consts, "backward")
        self.leaves = leaves  # ("input", position) or ("tensor", the leaf)
        self.wanted = wanted  # which outputs have gradients (the others are not differentiable)

    guards_hold = _Program.guards_hold

    def run(self, tensors: list) -> Any:
        leaves = [tensors[ref] if kind == "input" else ref for kind, ref in self.leaves]
        out = _Replayed.apply(*leaves, program=self, tensors=tensors)
        if out.__class__ is not tuple:
            out = (out,)
        return _rebuild(self.result, (), dict(zip(self.paths, out)))


class _Replayed(Function):
    """The replay of a step that returns a graph: forward runs the recorded forward, backward
    the recorded backward on what forward kept."""

    once_differentiable = True

    @staticmethod
    def forward(ctx, *leaves, program, tensors):
        outs, residuals = program.forward(*tensors)
        ctx.program = program
        ctx.save_for_backward(*residuals)
        wanted = set(program.wanted)
        other = [o for k, o in enumerate(outs) if k not in wanted]
        if other:
            ctx.mark_non_differentiable(*other)
        return outs

    @staticmethod
    def backward(ctx, *grads):
        # the recorded backward: the gradients of the leaves from those of the outputs
        program = ctx.program
        return program.backward(*ctx.saved_tensors, *[grads[k] for k in program.wanted])
