"""The differential fuzzer's engine: one registry op called on a mutated sample, on tapegrad and
on PyTorch, and the two answers compared.

A case is (op, sample index, spec); the spec says how the sample is mutated: the dtype of each
floating argument (bool, int32, int64, float16, float32, float64), a non-contiguous layout,
one argument made zero-size or 0-d, a dim made out of range or not an int, an argument
replaced by a value of the wrong type. Both libraries must raise exceptions of the same type,
or both return outputs of the same shape, dtype and values (to a tolerance set by the dtype),
and, for floating inputs, the same gradients. ``tests/known_differences.py`` lists the
deliberate exceptions.

Replay one case (each failure prints this line)::

    .venv/bin/python -m tests.fuzz_torch OP K 'SPEC'
"""

from __future__ import annotations

import ast
import sys
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import autograd as ag
from autograd.testing.opinfo import OpInfo, Sample, output
from tests.known_differences import crashes, known, known_backward

DTYPES = ("bool", "int32", "int64", "float16", "bfloat16", "float32", "float64")
DIM_KEYS = ("dim", "start_dim", "end_dim", "dim0", "dim1", "axis")


@dataclass
class Spec:
    """How a sample is mutated (its repr is valid Python: the reproducer's argument)."""

    dtypes: dict = field(default_factory=dict)  # arg position -> dtype name
    noncontig: bool = False
    shape: tuple | None = None  # ("empty" | "scalar", position)
    bad: tuple | None = None  # ("dim", key, value) | ("type", position or key, value)

    def __repr__(self) -> str:
        return repr({"dtypes": self.dtypes, "noncontig": self.noncontig, "shape": self.shape,
                     "bad": self.bad})

    @classmethod
    def parse(cls, text: str) -> Spec:
        return cls(**ast.literal_eval(text))


def _cast(a: np.ndarray, name: str) -> np.ndarray:
    if name == "bfloat16":
        return np.asarray(a.astype(ag.bfloat16))
    if name == "bool":
        return np.asarray(a > 0)
    if name.startswith("int"):
        return np.asarray(np.round(a * 2)).astype(name)
    return np.asarray(a.astype(name))


def mutate(sample: Sample, spec: Spec) -> tuple[list, dict]:
    """The sample's arguments (NumPy arrays and other values) after ``spec``."""
    args = list(sample.args)
    kwargs = dict(sample.kwargs)
    for p, name in spec.dtypes.items():
        args[p] = _cast(args[p], name)
    if spec.shape is not None:
        kind, p = spec.shape
        a = args[p]
        if kind == "empty":
            args[p] = a[:0] if a.ndim else a.reshape(1)[:0]  # a 0-d sample: one zero-size dim
        elif a.size:
            args[p] = np.asarray(a.reshape(-1)[0])
    if spec.bad is not None:
        kind, where, value = spec.bad
        if isinstance(where, str):
            kwargs[where] = value
        else:
            args[where] = value
    return args, kwargs


def _noncontiguous(x: Any) -> Any:
    """The same values through a view with reversed strides (any framework's Tensor)."""
    if x.ndim < 2:
        return x
    perm = list(range(x.ndim))[::-1]
    return x.permute(*perm).contiguous().permute(*perm)


def build(args: list, spec: Spec, lib: str) -> tuple[list, list[int]]:
    """Tensors of ``lib`` ('ag' or 'torch') for the arrays; float ones require grad. Also the
    positions of those that require grad."""
    import torch

    out, grads = [], []
    for p, a in enumerate(args):
        if isinstance(a, np.ndarray):
            grad = a.dtype.kind in "fV"
            if lib == "ag":
                t = ag.tensor(a.copy(), dtype=a.dtype)
            elif a.dtype.kind == "V":  # bfloat16: PyTorch reads no ml_dtypes array
                t = torch.from_numpy(a.astype(np.float32)).to(torch.bfloat16)
            else:
                t = torch.from_numpy(a.copy())
            if spec.noncontig:
                t = _noncontiguous(t)
            if grad:
                t = t.detach().requires_grad_(True)
                grads.append(p)
            out.append(t)
        else:
            out.append(a)
    return out, grads


def _run(fn: Any, args: list, kwargs: dict) -> tuple[Any, BaseException | None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(*args, **kwargs), None
        except Exception as exc:  # the exception is the answer compared
            return None, exc


def _builtin(exc_type: type) -> type:
    """PyTorch's own exception classes (``_LinAlgError`` ...) as the builtin they extend."""
    for t in exc_type.__mro__:
        if t.__module__ == "builtins":
            return t
    return Exception


_TOL = {"float16": (1e-2, 1e-2), "bfloat16": (4e-2, 4e-2), "float32": (1e-4, 1e-4),
        "float64": (1e-6, 1e-6)}


def _values(ours: Any, theirs: Any) -> np.ndarray:
    if hasattr(theirs, "detach") and str(theirs.dtype) == "torch.bfloat16":
        theirs = theirs.float()
    return (np.asarray(ours.detach().numpy()) if hasattr(ours, "detach") else np.asarray(ours),
            theirs.detach().numpy() if hasattr(theirs, "detach") else np.asarray(theirs))


def _close(a: np.ndarray, b: np.ndarray, dtype: str, scaled: bool = False) -> bool:
    """Equal integers, or floats within the dtype's tolerance; ``scaled``: the absolute
    tolerance in units of b's largest magnitude (a gradient is a sum whose rounding error grows
    with its terms, so a small entry of a large gradient is only that exact)."""
    if a.shape != b.shape:
        return False
    if a.dtype.kind in "biu" and b.dtype.kind in "biu":
        return bool(np.array_equal(a, b))
    rtol, atol = _TOL.get(dtype, (1e-6, 1e-6))
    b = b.astype(np.float64)
    if scaled and b.size:
        finite = np.abs(b[np.isfinite(b)])
        atol *= max(1.0, float(finite.max()) if finite.size else 1.0)
    return bool(np.allclose(a.astype(np.float64), b, rtol=rtol, atol=atol, equal_nan=True))


def compare(info: OpInfo, sample: Sample, spec: Spec) -> str | None:
    """None when tapegrad and PyTorch agree on this case (or the difference is listed);
    otherwise what differs."""
    import torch

    if crashes(info.name, spec):
        return None
    args, kwargs = mutate(sample, spec)
    ours_args, grads = build(args, spec, "ag")
    theirs_args, _ = build(args, spec, "torch")
    ours, ours_exc = _run(info.op, ours_args, kwargs)
    theirs, theirs_exc = _run(lambda *a, **k: info.torch_ref(torch, *a, **k), theirs_args,
                              kwargs)
    problem = _differ(info, ours, ours_exc, theirs, theirs_exc, ours_args, theirs_args, grads)
    if problem is not None and known(info.name, spec, ours_exc, theirs_exc):
        return None
    return problem


def _differ(info: OpInfo, ours: Any, ours_exc: BaseException | None, theirs: Any,
            theirs_exc: BaseException | None, ours_args: list, theirs_args: list,
            grads: list[int]) -> str | None:
    def said(exc: BaseException) -> str:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"

    if ours_exc is not None or theirs_exc is not None:
        if ours_exc is None:
            return f"tapegrad returned, PyTorch raised {said(theirs_exc)}"
        if theirs_exc is None:
            return f"PyTorch returned, tapegrad raised {said(ours_exc)}"
        if isinstance(theirs_exc, AttributeError) and isinstance(ours_exc, TypeError):
            return None  # PyTorch's Python layer tripping over a non-Tensor argument
        if not isinstance(ours_exc, _builtin(type(theirs_exc))):
            return f"tapegrad raised {said(ours_exc)}; PyTorch raised {said(theirs_exc)}"
        return None
    if isinstance(ours, tuple) and isinstance(theirs, tuple):
        if len(ours) != len(theirs):
            return f"{len(ours)} outputs, PyTorch's {len(theirs)}"
        if (info.output_index or 0) >= len(ours):
            return None  # fewer outputs than the one checked (unbind of an empty dim): equal
    ours, theirs = output(info, ours), output(info, theirs)
    if not hasattr(theirs, "dtype") or not hasattr(ours, "dtype"):
        return None  # a Python value (a size, a bool): the registry's checks compare those
    od, td = str(ours.dtype), str(theirs.dtype).removeprefix("torch.")
    if od != td:
        return f"dtype {od}, PyTorch's {td}"
    a, b = _values(ours, theirs)
    if tuple(a.shape) != tuple(b.shape):
        return f"shape {list(a.shape)}, PyTorch's {list(b.shape)}"
    # a float output is as precise as the least precise floating input: PyTorch computes
    # parts of a mixed-dtype op in an input's dtype (cosine_similarity's norms)
    inputs = [str(ours_args[p].dtype) for p in grads] if od in _TOL else []
    if not _close(a, b, max([od] + inputs, key=lambda d: _TOL.get(d, (0, 0)))):
        return f"values differ (max abs diff {np.nanmax(np.abs(a.astype(float) - b)):.3g})"
    if od not in _TOL or not grads or not theirs.requires_grad or not info.differentiable:
        return None
    if info.torch_gradient is False or not ours.requires_grad:
        return None
    import torch

    v = np.random.default_rng(0).standard_normal(a.shape).astype(ours.dtype)
    _, exc = _run(lambda: (ours * ag.tensor(v)).sum().backward(), [], {})
    tv = (torch.from_numpy(v) if v.dtype.kind != "V" else
          torch.from_numpy(v.astype(np.float32)).to(torch.bfloat16))
    _, texc = _run(lambda: (theirs * tv).sum().backward(), [], {})
    if exc is not None or texc is not None:
        if exc is None and texc is not None and known_backward(info.name, texc):
            return None
        if (exc is None) != (texc is None):
            return f"backward: tapegrad {exc!r}, PyTorch {texc!r}"
        return None
    # a gradient is as precise as the least precise floating tensor it flowed through: PyTorch
    # computes parts of a mixed-dtype backward in the narrower dtype (an in-place op's other
    # in self's dtype, atan2's other * other in other's), tapegrad in the promoted one
    coarsest = max([od] + [str(ours_args[p].dtype) for p in grads],
                   key=lambda d: _TOL.get(d, (0, 0)))
    for p in grads:
        g, tg = ours_args[p].grad, theirs_args[p].grad
        if tg is None:
            continue
        if g is None:
            if not tg.detach().abs().sum().item():
                continue  # PyTorch's zeros where tapegrad records no dependence
            return f"gradient of argument {p}: none, PyTorch has one"
        ga, gb = _values(g, tg)
        if not _close(ga, gb, max(str(tg.dtype).removeprefix("torch."), coarsest,
                                  key=lambda d: _TOL.get(d, (0, 0))), scaled=True):
            return f"gradient of argument {p} differs"
    return None


def reproducer(info: OpInfo, k: int, spec: Spec) -> str:
    return f".venv/bin/python -m tests.fuzz_torch {info.name} {k} {str(repr(spec))!r}"


def main(argv: list[str]) -> None:
    """Replay one case: print both answers."""
    from tests.opinfo import load_all

    name, k, text = argv[0], int(argv[1]), argv[2]
    info = next(o for o in load_all() if o.name == name)
    import zlib

    sample = list(info.samples(np.random.default_rng(zlib.crc32(name.encode()))))[k]
    spec = Spec.parse(text)
    print(f"{name}: sample {sample!r}, spec {spec!r}")
    print(compare(info, sample, spec) or "tapegrad and PyTorch agree")


if __name__ == "__main__":
    main(sys.argv[1:])
