"""The capture: one eager run of a step recorded as a program over raw arrays (see the package
docstring); the engine calls its ``record_*`` methods while it is open in a thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd.compiler.program import _function, _Program, _Refused, _ReplayCtx, _SplitProgram
from autograd.compiler.split import split
from autograd.compiler.trees import _is_array, _leaves, _materialise, _tensor_paths
from autograd.engine.grad_mode import state
from autograd.engine.node import Node
from autograd.engine.tensor_base import TensorBase


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
        self.backward_ran = False
        self.splitting = False  # recording the backward of a step that returns a graph
        self.xp: Any = None
        # the arguments: each tensor object in a slot of its own, each array in one
        self.inputs: dict = {}  # id(tensor) -> the slot holding that tensor object
        self.params: list = []  # the generated function's parameters: one per tensor leaf
        self.input_tensors: list = []
        self.prologue: list = []
        for leaf in _leaves((args, kwargs)):
            if isinstance(leaf, TensorBase):
                self.input_tensors.append(leaf)
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
        self.backward_ran = True
        return self

    def check_node_hooks(self, node: Node) -> _Capture | None:
        if node.hooks is not None or node.retained is not None:
            return self.refuse(f"a hook or retain_grad on an output of {node.name()}")
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
            return self.refuse(f"backward reaches {node.name()}, made before the step or "
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
            self._emit([f"s{s} = store({target}, s{gs})"], (gs,), (s,))
        except _Refused as exc:
            self.refuse(str(exc))

    # -- the end -----------------------------------------------------------------------------------
    def finish(self, result: Any) -> _Program | _SplitProgram | None:
        if self.reason is not None:
            return None
        try:
            if state.grad_enabled and not self.backward_ran and any(
                    t._requires_grad for _, t in _tensor_paths(result)):
                return split(self, result)
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
