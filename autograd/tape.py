"""The tape made visible: ``with autograd.Tape() as tape:`` (``Tape``, ``TapeEntry``).

The engine records every op onto the tape that backward replays (see ``autograd.engine``);
a ``Tape`` is a window onto it, for the ops of the thread that opened it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from autograd.engine.backward import grad
from autograd.engine.grad_mode import state
from autograd.engine.node import Node
from autograd.engine.tensor_base import TensorBase

if TYPE_CHECKING:
    from autograd.tensor import Tensor


class TapeEntry:
    """One op recorded by a ``Tape``: its name and its inputs' and outputs' metadata."""

    __slots__ = ("name", "inputs", "outputs", "node")

    def __init__(self, name: str, inputs: tuple, outputs: tuple, node: Node | None) -> None:
        self.name = name
        self.inputs = inputs  # ((shape, dtype, device), ...) of the tensor arguments
        self.outputs = outputs
        self.node = node  # None when the op was not recorded for backward

    @property
    def input_shapes(self) -> list:
        return [m[0] for m in self.inputs]

    @property
    def output_shapes(self) -> list:
        return [m[0] for m in self.outputs]

    def __iter__(self) -> Iterator:
        return iter((self.name, self.inputs, self.outputs))

    def __repr__(self) -> str:
        return (f"TapeEntry({self.name}, in={self.input_shapes}, out={self.output_shapes}, "
                f"grad={'yes' if self.node is not None else 'no'})")


class Tape:
    """``with autograd.Tape() as tape:`` records every op run inside it.

    The same tape the engine uses, made visible (TensorFlow's ``GradientTape`` reads the same):
    ``tape.gradient(target, sources)``, ``len(tape)``, iteration over entries (op name, input
    and output shapes, dtypes and devices), ``print(tape)`` as a table, ``tape.to_dot()``.
    Sources must require grad (there is no ``watch``: ``requires_grad`` says it). A tape
    records the ops of the thread that opened it.
    """

    def __init__(self) -> None:
        self.entries: list[TapeEntry] = []

    def __enter__(self) -> Tape:
        state.watch("tapes", self)  # this thread's tapes (state is thread-local)
        return self

    def __exit__(self, *exc: Any) -> None:
        state.unwatch("tapes", self)

    def record(self, fn: type, args: tuple, outputs: tuple, node: Node | None) -> None:
        meta = tuple((tuple(a.shape), str(a.dtype), str(a.device)) for a in args
                     if isinstance(a, TensorBase))
        out = tuple((tuple(o.shape), str(o.dtype), str(o.device)) for o in outputs)
        self.entries.append(TapeEntry(fn.__name__, meta, out, node))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[TapeEntry]:
        return iter(self.entries)

    def __getitem__(self, i: int) -> TapeEntry:
        return self.entries[i]

    def gradient(self, target: Tensor, sources: Tensor | Sequence[Tensor],
                 output_gradients: Tensor | None = None) -> Any:
        """d target / d sources (a list for a list of sources; None for an unused source).

        The graph is kept, so ``gradient`` may be called more than once.
        """
        single = isinstance(sources, TensorBase)
        srcs = [sources] if single else list(sources)
        grads = grad(target, srcs, grad_outputs=output_gradients, retain_graph=True,
                     allow_unused=True)
        return grads[0] if single else list(grads)

    def __str__(self) -> str:
        header = ("#", "op", "inputs", "outputs", "dtype", "device", "grad")
        rows = [header]
        for k, e in enumerate(self.entries):
            ins = ", ".join(str(list(m[0])) for m in e.inputs)
            outs = ", ".join(str(list(m[0])) for m in e.outputs)
            dtype = e.outputs[0][1] if e.outputs else ""
            device = e.outputs[0][2] if e.outputs else ""
            rows.append((str(k), e.name, ins, outs, dtype, device,
                         "yes" if e.node is not None else "no"))
        widths = [max(len(r[c]) for r in rows) for c in range(len(header))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Tape of {len(self.entries)} ops>"

    def to_dot(self) -> str:
        """The recorded graph as Graphviz ``dot`` text (ops as boxes, leaves as ellipses)."""
        lines = ["digraph tape {", "  rankdir=LR;", "  node [fontname=Helvetica];"]
        ids: dict = {}
        for k, e in enumerate(self.entries):
            label = f"{e.name}\\n{' x '.join(str(list(m[0])) for m in e.outputs)}"
            lines.append(f'  op{k} [shape=box, label="{label}"];')
            if e.node is not None:
                ids[e.node] = k
        leaf_ids: dict = {}
        for k, e in enumerate(self.entries):
            if e.node is None:
                continue
            for edge in e.node.edges:
                if edge is None:
                    continue
                target = edge[0]
                if target.__class__ is Node:
                    if target in ids:
                        lines.append(f"  op{ids[target]} -> op{k};")
                else:
                    name = leaf_ids.get(id(target))
                    if name is None:
                        name = leaf_ids[id(target)] = f"leaf{len(leaf_ids)}"
                        lines.append(f'  {name} [shape=ellipse, label="{list(target.shape)}"];')
                    lines.append(f"  {name} -> op{k};")
        lines.append("}")
        return "\n".join(lines)
