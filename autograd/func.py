"""Composable function transforms over the tape (``torch.func``): ``grad``, ``grad_and_value``,
``vjp``, ``jvp``, ``jacrev``, ``jacfwd``, ``hessian``, ``vmap``, ``functional_call``,
``stack_module_state``.

PyTorch's semantics: the inputs need not require grad, results carry no ``grad_fn`` unless
they are needed by an enclosing transform (or an input already required grad, which keeps
them connected to the caller's graph), transforms nest (``grad(grad(f))``, ``jacfwd(jacrev(f))``,
``vmap(grad(f))``), arguments and results may be pytrees of tuples, lists and dicts, and
``argnums`` is an int or a tuple of ints.

How they are computed differs from ``torch.func``'s batching interpreter, not what they return:

- Reverse mode is the tape: each transform differentiates fresh copies of its inputs, with
  ``create_graph`` whenever an enclosing transform or the caller's graph needs the result.
  A tensor that requires grad and is captured by ``func``'s closure instead of passed as an
  argument is treated as a constant by an outermost transform.
- There is no forward mode: ``jvp`` and ``jacfwd`` use the double-vjp trick (differentiate
  ``u -> J^T u`` with respect to ``u``), as ``autograd.functional.jvp`` does.
- ``vmap`` is a loop, not a batching transform: ``func`` runs once per batch slice and the
  results are stacked, so it costs what the loop costs. ``randomness='error'`` raises when
  ``func`` draws from a backend's generator (an explicit ``generator=`` and ``nn.init``'s
  host generators are not seen); ``'same'`` restores the generators before every slice;
  ``'different'`` lets them run on. A batch of size 0 runs ``func`` once on zero-filled
  slices to learn the shapes of the (empty) results.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any

import backends
from autograd.creation import zeros
from autograd.engine.backward import grad as _grad
from autograd.engine.grad_mode import enable_grad
from autograd.engine.tensor_base import TensorBase
from autograd.ops.shape.copy import stack
from backends.base import Backend

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["functional_call", "grad", "grad_and_value", "hessian", "jacfwd", "jacrev", "jvp",
           "stack_module_state", "vjp", "vmap"]

_state = threading.local()  # how many transforms enclose the current call, per thread


def _depth() -> int:
    return getattr(_state, "depth", 0)


@contextmanager
def _nested() -> Iterator[None]:
    _state.depth = _depth() + 1
    try:
        with enable_grad():
            yield
    finally:
        _state.depth -= 1


# -- pytrees: tuples, lists, namedtuples and dicts of leaves; None holds no leaf --------------
class _Spec:
    """The structure of a pytree: its container type, dict keys and children."""

    __slots__ = ("kind", "keys", "children")

    def __init__(self, kind: Any, keys: tuple, children: tuple) -> None:
        self.kind, self.keys, self.children = kind, keys, children

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, _Spec) and self.kind is other.kind and self.keys == other.keys
                and self.children == other.children)

    def __hash__(self) -> int:  # pragma: no cover - specs are compared, never hashed
        return hash((self.kind, self.keys, self.children))

    def __repr__(self) -> str:
        if self.kind is _LEAF_KIND:
            return "*"
        if self.kind is None:
            return "None"
        if issubclass(self.kind, dict):
            inner = ", ".join(f"{k!r}: {c!r}" for k, c in zip(self.keys, self.children))
            return "{" + inner + "}"
        inner = ", ".join(repr(c) for c in self.children)
        if self.kind is list:
            return f"[{inner}]"
        if self.kind is tuple:
            return f"({inner}{',' if len(self.children) == 1 else ''})"
        return f"{self.kind.__name__}({inner})"

    @property
    def num_leaves(self) -> int:
        if self.kind is _LEAF_KIND:
            return 1
        return sum(c.num_leaves for c in self.children)


_LEAF_KIND = object()
_LEAF = _Spec(_LEAF_KIND, (), ())
_NONE = _Spec(None, (), ())


def _flatten(tree: Any) -> tuple[list, _Spec]:
    leaves: list = []
    return leaves, _flatten_into(tree, leaves)


def _flatten_into(tree: Any, leaves: list) -> _Spec:
    if tree is None:
        return _NONE
    if isinstance(tree, (tuple, list)) and not isinstance(tree, TensorBase):
        return _Spec(type(tree), (), tuple(_flatten_into(c, leaves) for c in tree))
    if isinstance(tree, dict):
        return _Spec(type(tree), tuple(tree), tuple(_flatten_into(v, leaves)
                                                    for v in tree.values()))
    leaves.append(tree)
    return _LEAF


def _unflatten(leaves: list, spec: _Spec) -> Any:
    it = iter(leaves)
    return _build(it, spec)


def _build(it: Iterator, spec: _Spec) -> Any:
    if spec.kind is _LEAF_KIND:
        return next(it)
    if spec.kind is None:
        return None
    children = [_build(it, c) for c in spec.children]
    if issubclass(spec.kind, dict):
        return spec.kind(zip(spec.keys, children))
    if spec.kind in (tuple, list):
        return spec.kind(children)
    return spec.kind(*children)  # a namedtuple


def _broadcast_prefix(prefix: Any, spec: _Spec) -> list | None:
    """One value per leaf of ``spec`` from a tree ``prefix`` of it (an int or None stands for
    a whole subtree); None when ``prefix`` does not match the structure."""
    if prefix is None or isinstance(prefix, int):
        return [prefix] * spec.num_leaves
    if spec.kind is _LEAF_KIND or spec.kind is None:
        return None
    if isinstance(prefix, dict) and issubclass(spec.kind, dict):
        if set(prefix) != set(spec.keys):
            return None
        parts = [_broadcast_prefix(prefix[k], c) for k, c in zip(spec.keys, spec.children)]
    elif (isinstance(prefix, (tuple, list)) and not issubclass(spec.kind, dict)
          and type(prefix) is spec.kind and len(prefix) == len(spec.children)):
        parts = [_broadcast_prefix(p, c) for p, c in zip(prefix, spec.children)]
    else:
        return None
    if any(p is None for p in parts):
        return None
    return [v for p in parts for v in p]


def _map_tensors(fn: Callable, tree: Any) -> Any:
    leaves, spec = _flatten(tree)
    return _unflatten([fn(x) if isinstance(x, TensorBase) else x for x in leaves], spec)


def _detach(tree: Any) -> Any:
    return _map_tensors(lambda t: t.detach(), tree)


def _any_requires_grad(*trees: Any) -> bool:
    return any(isinstance(x, TensorBase) and x.requires_grad
               for tree in trees for x in _flatten(tree)[0])


def _differentiable(x: Any) -> Tensor:
    """A fresh input to differentiate against: connected to the caller's graph when ``x``
    already requires grad (so an enclosing transform sees through it), a new leaf otherwise."""
    if not isinstance(x, TensorBase):
        raise ValueError(f"Thing passed to transform API must be Tensor, got {type(x)}")
    return x.view_as(x) if x.requires_grad else x.detach().requires_grad_(True)


def _name(func: Any) -> str:
    return getattr(func, "__name__", None) or repr(func)


# -- argnums ------------------------------------------------------------------------------------
def _wrap_argnum(argnum: Any, num_args: int) -> int:
    if not isinstance(argnum, int):
        raise RuntimeError(f"argnum must be int, got: {type(argnum)}")
    if 0 <= argnum < num_args:
        return argnum
    if -num_args <= argnum < 0:
        return argnum + num_args
    raise RuntimeError(f"Got argnum={argnum}, but only {num_args} positional inputs")


def _argnums(argnums: Any, num_args: int) -> int | tuple[int, ...]:
    if isinstance(argnums, int):
        return _wrap_argnum(argnums, num_args)
    if not isinstance(argnums, tuple):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    if len(argnums) == 0:
        raise RuntimeError("argnums must be non-empty")
    if len(set(argnums)) != len(argnums):
        raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    return tuple(_wrap_argnum(a, num_args) for a in argnums)


def _differentiable_args(args: tuple, argnums: Any) -> tuple[tuple, Any]:
    """``args`` with the ones ``argnums`` names replaced by differentiable copies, and those
    copies (one pytree for an int ``argnums``, a tuple of them for a tuple)."""
    nums = _argnums(argnums, len(args))
    picked = (nums,) if isinstance(nums, int) else nums
    new = list(args)
    for i in picked:
        new[i] = _map_tensors(_differentiable, args[i])
        for leaf in _flatten(args[i])[0]:
            if not isinstance(leaf, TensorBase):
                raise ValueError(f"Thing passed to transform API must be Tensor, got {type(leaf)}")
    diff = new[nums] if isinstance(nums, int) else tuple(new[i] for i in nums)
    return tuple(new), diff


def _gradients(outputs: list, inputs: list, grad_outputs: list | None,
               create_graph: bool) -> list:
    """``grad`` of the outputs that require grad, zeros for an input none of them reaches."""
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    found: Any = [None] * len(inputs)
    if pairs and inputs:
        found = _grad([o for o, _ in pairs], list(inputs), [g for _, g in pairs],
                      retain_graph=True, create_graph=create_graph, allow_unused=True)
    return [zeros(x.shape, dtype=x.dtype, device=x.device) if g is None else g
            for x, g in zip(inputs, found)]


def _split_aux(out: Any, has_aux: bool, api: str) -> tuple[Any, Any]:
    if not has_aux:
        return out, None
    if not (isinstance(out, tuple) and len(out) == 2):
        raise RuntimeError(f"{api}: output of function f should be a tuple: (output, aux) "
                           "if has_aux is True")
    return out


# -- grad ---------------------------------------------------------------------------------------
def grad_and_value(func: Callable, argnums: int | tuple[int, ...] = 0,
                   has_aux: bool = False) -> Callable:
    """``torch.func.grad_and_value``: a function returning ``(gradient, value)`` (with
    ``has_aux``, ``(gradient, (value, aux))``) of ``func``, which must return a scalar Tensor.
    The gradient has the structure of the arguments ``argnums`` names."""

    def wrapper(*args: Any, **kwargs: Any) -> tuple:
        create_graph = _depth() > 0 or _any_requires_grad(args, kwargs)
        with _nested():
            new_args, diff = _differentiable_args(args, argnums)
            out, aux = _split_aux(func(*new_args, **kwargs), has_aux,
                                  "grad_and_value(f)(*args)")
            if not isinstance(out, TensorBase):
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a "
                                   f"Tensor, got {type(out)}")
            if out.dim() != 0:
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a "
                                   f"scalar Tensor, got tensor with {out.dim()} dims. Maybe "
                                   "you wanted to use the vjp or jacrev APIs instead?")
            flat, spec = _flatten(diff)
            grads = _unflatten(_gradients([out], flat, None, create_graph), spec)
        if not create_graph:
            out, aux = out.detach(), _detach(aux)
        return (grads, (out, aux)) if has_aux else (grads, out)

    return wrapper


def grad(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False) -> Callable:
    """``torch.func.grad``: a function returning the gradient of ``func`` (which returns a
    scalar Tensor) with respect to the arguments ``argnums`` names; with ``has_aux``,
    ``(gradient, aux)``."""
    inner = grad_and_value(func, argnums, has_aux)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        grads, value = inner(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads

    return wrapper


# -- vjp and jvp --------------------------------------------------------------------------------
def _check_outputs(flat: list, api: str) -> None:
    if len(flat) == 0 or (len(flat) == 1 and flat[0] is None):
        raise RuntimeError(f"{api}: Expected f to be a function that has non-empty output "
                           f"(got output = {flat})")
    for o in flat:
        if not isinstance(o, TensorBase):
            raise RuntimeError(f"{api}: expected f(*primals) to return only tensors, got "
                               f"unsupported type {type(o)}")
        if not o.is_floating_point():
            raise RuntimeError(f"{api}: All outputs of f must be floating-point or complex "
                               f"Tensors, got Tensor with dtype {o.dtype}")


def vjp(func: Callable, *primals: Any, has_aux: bool = False) -> tuple:
    """``torch.func.vjp``: ``(output, vjp_fn)`` (with ``has_aux``, ``(output, vjp_fn, aux)``);
    ``vjp_fn(cotangents)``, cotangents shaped like the output, returns a tuple with one
    gradient per primal and can be called more than once."""
    create_graph = _depth() > 0 or _any_requires_grad(primals)
    with _nested():
        diff = tuple(_map_tensors(_differentiable, p) for p in primals)
        for p in primals:
            for leaf in _flatten(p)[0]:
                if not isinstance(leaf, TensorBase):
                    raise ValueError("Thing passed to transform API must be Tensor, got "
                                     f"{type(leaf)}")
        out, aux = _split_aux(func(*diff), has_aux, "vjp(f, *primals)")
        flat_out, out_spec = _flatten(out)
        _check_outputs(flat_out, "vjp(f, ...)")
    flat_in, in_spec = _flatten(diff)

    def vjp_fn(cotangents: Any, retain_graph: bool = True,
               create_graph: bool | None = None) -> tuple:
        """The vector-Jacobian product of ``cotangents`` (shaped like the output)."""
        flat_ct, ct_spec = _flatten(cotangents)
        if ct_spec != out_spec:
            raise RuntimeError("Expected pytree structure of cotangents to be the same as "
                               f"pytree structure of outputs to the function. cotangents: "
                               f"{ct_spec!r}, primal output: {out_spec!r}")
        for i, (c, o) in enumerate(zip(flat_ct, flat_out)):
            if not isinstance(c, TensorBase) or tuple(c.shape) != tuple(o.shape):
                shape = tuple(c.shape) if isinstance(c, TensorBase) else type(c).__name__
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of "
                                   f"{shape} and output[{i}] has a shape of {tuple(o.shape)}.")
        cg = create_graph
        if cg is None:
            cg = building or _any_requires_grad(cotangents)
        with _nested():
            return _unflatten(_gradients(flat_out, flat_in, flat_ct, cg), in_spec)

    building = create_graph
    result = out if create_graph else _detach(out)
    if has_aux:
        return result, vjp_fn, (aux if create_graph else _detach(aux))
    return result, vjp_fn


def _linearize(flat_out: list, flat_in: list) -> tuple[list, list]:
    """The double-vjp trick's first pass: dummy cotangents ``u`` (zeros that require grad)
    and ``J^T u`` for every input, differentiable in ``u``."""
    us = [zeros(o.shape, dtype=o.dtype, device=o.device).requires_grad_(True) for o in flat_out]
    pairs = [(o, u) for o, u in zip(flat_out, us) if o.requires_grad]
    if not pairs:
        return us, [None] * len(flat_in)
    gs = _grad([o for o, _ in pairs], list(flat_in), [u for _, u in pairs], retain_graph=True,
               create_graph=True, allow_unused=True)
    return us, list(gs)


def jvp(func: Callable, primals: Any, tangents: Any, *, strict: bool = False,
        has_aux: bool = False) -> tuple:
    """``torch.func.jvp``: ``(output, jvp_out)`` (with ``has_aux``, ``(output, jvp_out,
    aux)``), the Jacobian of ``func`` at ``primals`` times ``tangents``. Computed by the
    double-vjp trick (two backward passes), as there is no forward mode here."""
    api = "jvp(f, primals, tangents)"
    if not isinstance(primals, tuple):
        raise RuntimeError(f"{api}: Expected primals to be a tuple. E.g. it should be valid to "
                           "call f(*primals).")
    flat_p, p_spec = _flatten(primals)
    flat_t, t_spec = _flatten(tangents)
    if p_spec != t_spec:
        raise RuntimeError(f"{api}: Expected primals and tangents to have the same python "
                           "structure. For example, if primals is a tuple of 3 tensors, "
                           "tangents also must be. Got primals with structure "
                           f"{p_spec!r} and tangents with structure {t_spec!r}")
    for argname, flat in (("primals", flat_p), ("tangents", flat_t)):
        if not flat:
            raise RuntimeError(f"{api}: Expected {argname} to contain at least one Tensor.")
        for x in flat:
            if not isinstance(x, TensorBase):
                raise RuntimeError(f"{api}: Expected {argname} to only contain Tensors, got "
                                   f"{type(x)}")
    for p, t in zip(flat_p, flat_t):
        if tuple(p.shape) != tuple(t.shape):
            raise RuntimeError(f"{api}: Trying to set a forward gradient that has a different "
                               "size than that of the original Tensor, this is not supported. "
                               f"Tensor is of size {list(p.shape)} while the given forward "
                               f"gradient is of size {list(t.shape)}.")
    create_graph = _depth() > 0 or _any_requires_grad(primals, tangents)
    with _nested():
        diff = [_differentiable(p) for p in flat_p]
        out, aux = _split_aux(func(*_unflatten(diff, p_spec)), has_aux, api)
        flat_out, out_spec = _flatten(out)
        _check_outputs(flat_out, api)
        us, gs = _linearize(flat_out, diff)
        pairs = [(g, t) for g, t in zip(gs, flat_t) if g is not None and g.requires_grad]
        if strict and not pairs:
            raise RuntimeError("jvp(f, primals, tangents, strict=True): The output of f is "
                               "independent of the inputs. This is not allowed with "
                               "strict=True.")
        jv = _gradients([g for g, _ in pairs], us, [t for _, t in pairs], create_graph)
    if not create_graph:
        out, jv, aux = _detach(out), [j.detach() for j in jv], _detach(aux)
    result = (out, _unflatten(jv, out_spec))
    return (*result, aux) if has_aux else result


# -- Jacobians ----------------------------------------------------------------------------------
def _check_chunk_size(chunk_size: int | None, api: str) -> None:
    if chunk_size is not None and not (isinstance(chunk_size, int) and chunk_size > 0):
        raise ValueError(f"{api}: `chunk_size` should be greater than 0.")


def _basis(t: Tensor, k: int) -> Tensor:
    e = zeros(t.numel(), dtype=t.dtype, device=t.device)
    e[k] = 1
    return e.reshape(t.shape)


def _jacobian_tree(rows: list[list[Tensor]], out_spec: _Spec, in_spec: _Spec) -> Any:
    return _unflatten([_unflatten(row, in_spec) for row in rows], out_spec)


def jacrev(func: Callable, argnums: int | tuple[int, ...] = 0, *, has_aux: bool = False,
           chunk_size: int | None = None, _preallocate_and_copy: bool = False) -> Callable:
    """``torch.func.jacrev``: a function returning the Jacobian of ``func`` with respect to the
    arguments ``argnums`` names, by reverse mode (one backward pass per output element;
    ``chunk_size`` is accepted and checked, the passes are not batched). For output ``o`` and
    input ``x`` the block has shape ``o.shape + x.shape``; the result nests the inputs'
    structure inside the output's. With ``has_aux``, ``(jacobian, aux)``."""
    _check_chunk_size(chunk_size, "jacrev")

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        create_graph = _depth() > 0 or _any_requires_grad(args, kwargs)
        with _nested():
            new_args, diff = _differentiable_args(args, argnums)
            out, aux = _split_aux(func(*new_args, **kwargs), has_aux, "vjp(f, *primals)")
            flat_out, out_spec = _flatten(out)
            _check_outputs(flat_out, "vjp(f, ...)")
            flat_in, in_spec = _flatten(diff)
            rows = []
            for o in flat_out:
                per_elem = [_gradients([o], flat_in, [_basis(o, k)], create_graph)
                            for k in range(o.numel())]
                rows.append([_block(o, x, [g[i] for g in per_elem], first=True)
                             for i, x in enumerate(flat_in)])
        jac = _jacobian_tree(rows, out_spec, in_spec)
        if not create_graph:
            jac, aux = _detach(jac), _detach(aux)
        return (jac, aux) if has_aux else jac

    return wrapper


def _block(o: Tensor, x: Tensor, parts: list[Tensor], first: bool) -> Tensor:
    """One Jacobian block ``o.shape + x.shape`` from per-element pieces: gradients of each
    element of ``o`` (``first``) or derivatives along each element of ``x``."""
    shape = tuple(o.shape) + tuple(x.shape)
    if not parts:
        return zeros(shape, dtype=o.dtype, device=o.device)
    if first:
        return stack(parts).reshape(shape)
    return stack([p.reshape(-1) for p in parts], dim=1).reshape(shape)


def jacfwd(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False, *,
           randomness: str = "error") -> Callable:
    """``torch.func.jacfwd``: the Jacobian of ``func`` with respect to the arguments
    ``argnums`` names, column by column (one Jacobian-vector product per input element,
    each by the double-vjp trick). Same result structure as ``jacrev``. ``randomness`` is
    checked and otherwise unused: no batching transform runs ``func``."""
    _check_randomness(randomness)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        create_graph = _depth() > 0 or _any_requires_grad(args, kwargs)
        with _nested():
            new_args, diff = _differentiable_args(args, argnums)
            out, aux = _split_aux(func(*new_args, **kwargs), has_aux,
                                  "jvp(f, primals, tangents)")
            flat_out, out_spec = _flatten(out)
            _check_outputs(flat_out, "jvp(f, primals, tangents)")
            flat_in, in_spec = _flatten(diff)
            us, gs = _linearize(flat_out, flat_in)
            cols: list[list] = [[] for _ in flat_out]  # cols[o][i]: derivatives along x_i
            for x, g in zip(flat_in, gs):
                per_elem = ([_gradients([g], us, [_basis(x, k)], create_graph)
                             for k in range(x.numel())] if g is not None and g.requires_grad
                            else [])
                for j, o in enumerate(flat_out):
                    cols[j].append(_block(o, x, [p[j] for p in per_elem], first=False))
        jac = _jacobian_tree(cols, out_spec, in_spec)
        if not create_graph:
            jac, aux = _detach(jac), _detach(aux)
        return (jac, aux) if has_aux else jac

    return wrapper


def hessian(func: Callable, argnums: int | tuple[int, ...] = 0) -> Callable:
    """``torch.func.hessian``: ``jacfwd(jacrev(func, argnums), argnums)``."""
    return jacfwd(jacrev(func, argnums), argnums)


# -- vmap ---------------------------------------------------------------------------------------
def _check_randomness(randomness: str) -> None:
    if randomness not in ("error", "different", "same"):
        raise RuntimeError("Only allowed values for randomness are 'error', 'different', or "
                           f"'same'. Got {randomness}")


def _generators() -> list:
    """The backends whose generators ``manual_seed`` seeds: cpu, and every GPU present."""
    found = [backends.get("cpu")]
    if backends.cuda.is_available():
        found += [backends.get(f"cuda:{k}") for k in range(backends.cuda.device_count())]
    return found


def _rng_states(gens: list) -> list:
    return [g.get_rng_state() for g in gens]


_guard_lock = threading.Lock()
_guarded: list = []  # [number of open guards, {(class, name): what the class held}]


def _backend_classes() -> list[type]:
    found, todo = [], [Backend]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def _stub(real: Callable) -> Callable:
    def draw(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(_state, "no_random", 0):
            raise RuntimeError(_RANDOM_ERROR)
        return real(self, *args, **kwargs)

    return draw


@contextmanager
def _no_random() -> Iterator[None]:
    """Random draws of every backend raise on this thread (``randomness='error'``): the
    backend classes' ``random_*`` methods are shadowed while any thread has a guard open,
    and the shadow raises only on a thread that has one."""
    with _guard_lock:
        if not _guarded:
            classes = _backend_classes()
            real = {(c, n): getattr(c, n) for c in classes for n in dir(c)
                    if n.startswith("random_")}
            held = {(c, n): c.__dict__.get(n, _MISSING) for c, n in real}
            for (c, n), fn in real.items():
                setattr(c, n, _stub(fn))
            _guarded[:] = [0, held]
        _guarded[0] += 1
    _state.no_random = getattr(_state, "no_random", 0) + 1
    try:
        yield
    finally:
        _state.no_random -= 1
        with _guard_lock:
            _guarded[0] -= 1
            if _guarded[0] == 0:
                for (c, n), old in _guarded[1].items():
                    if old is _MISSING:
                        delattr(c, n)
                    else:
                        setattr(c, n, old)
                _guarded.clear()


_MISSING = object()


_RANDOM_ERROR = ("vmap: called random operation while in randomness error mode. Please either "
                 "use the 'same' or 'different' randomness flags on vmap or perform the "
                 "randomness operation out of vmap")


def _in_dims(func: Callable, in_dims: Any, args: tuple) -> tuple[int, list, list, _Spec]:
    label = f"vmap({_name(func)}, in_dims={in_dims}, ...)(<inputs>)"
    if not isinstance(in_dims, (int, tuple)):
        raise ValueError(f"{label}: expected `in_dims` to be int or a (potentially nested) "
                         f"tuple matching the structure of inputs, got: {type(in_dims)}.")
    if len(args) == 0:
        raise ValueError(f"vmap({_name(func)})(<inputs>): got no inputs. Maybe you forgot to "
                         "add inputs, or you are trying to vmap over a function with no "
                         "inputs. The latter is unsupported.")
    flat, spec = _flatten(args)
    dims = _broadcast_prefix(in_dims, spec)
    if dims is None:
        raise ValueError(f"{label}: in_dims is not compatible with the structure of `inputs`. "
                         f"in_dims has structure {_flatten(in_dims)[1]!r} but inputs has "
                         f"structure {spec!r}.")
    for i, (arg, d) in enumerate(zip(flat, dims)):
        if d is not None and (not isinstance(d, int) or isinstance(d, bool)):
            raise ValueError(f"{label}: Got in_dim={d} for an input but in_dim must be either "
                             "an integer dimension or None.")
        if d is not None and not isinstance(arg, TensorBase):
            raise ValueError(f"{label}: Got in_dim={d} for an input but the input is of type "
                             f"{type(arg)}. We cannot vmap over non-Tensor arguments, please "
                             "use None as the respective in_dim")
        if d is not None and not -arg.dim() <= d < arg.dim():
            raise ValueError(f"{label}: Got in_dim={d} for some input, but that input is a "
                             f"Tensor of dimensionality {arg.dim()} so expected in_dim to "
                             f"satisfy -{arg.dim()} <= in_dim < {arg.dim()}.")
        if d is not None and d < 0:
            dims[i] = d % arg.dim()
    sizes = [arg.shape[d] for arg, d in zip(flat, dims) if d is not None]
    if not sizes:
        raise ValueError("vmap: Expected at least one Tensor to vmap over")
    if any(s != sizes[0] for s in sizes):
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped "
                         f"dimension, got sizes {sizes} for the mapped dimension")
    return sizes[0], dims, flat, spec


def _out_dims(func: Callable, out_dims: Any, out: Any) -> tuple[list, list, _Spec]:
    flat, spec = _flatten(out)
    if isinstance(out, TensorBase):
        if isinstance(out_dims, tuple) and len(out_dims) == 1:
            dims: list | None = list(out_dims)
        elif isinstance(out_dims, int) or out_dims is None:
            dims = [out_dims]
        else:
            dims = None
    else:
        dims = _broadcast_prefix(out_dims, spec)
    if dims is None:
        raise ValueError(f"vmap({_name(func)}, ..., out_dims={out_dims})(<inputs>): out_dims "
                         "is not compatible with the structure of `outputs`. out_dims has "
                         f"structure {_flatten(out_dims)[1]!r} but outputs has structure "
                         f"{spec!r}.")
    return flat, dims, spec


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, TensorBase) and isinstance(b, TensorBase):
        return a is b or (a.shape == b.shape and a.dtype == b.dtype and bool((a == b).all()))
    return a is b or a == b


def vmap(func: Callable, in_dims: int | tuple = 0, out_dims: int | tuple = 0,
         randomness: str = "error", *, chunk_size: int | None = None) -> Callable:
    """``torch.func.vmap``: ``func`` mapped over a dimension of its arguments (``in_dims``: one
    int or None per argument, nested like them; keyword arguments are not mapped), the results
    stacked along ``out_dims``. Runs ``func`` once per batch slice (a loop, not PyTorch's
    batching transform: same results, the cost of the loop); see the module docstring for
    ``randomness``. ``chunk_size`` is checked and otherwise unused."""
    _check_randomness(randomness)
    if chunk_size is not None and not (isinstance(chunk_size, int) and chunk_size > 0):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")
    if not isinstance(out_dims, (int, tuple, list, dict)) and out_dims is not None:
        raise ValueError(f"vmap({_name(func)}, ..., out_dims={out_dims}): `out_dims` must be "
                         "an int, None or a python collection of ints representing where in "
                         "the outputs the vmapped dimension should appear.")

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        size, dims, flat, spec = _in_dims(func, in_dims, args)
        gens = _generators() if randomness == "same" else []
        before = _rng_states(gens) if randomness == "same" else None
        results = []
        with _no_random() if randomness == "error" else nullcontext():
            for b in range(max(size, 1)):
                if before is not None:
                    for g, s in zip(gens, before):
                        g.set_rng_state(s)
                sliced = [x if d is None else (x.select(d, b) if size else _empty_slice(x, d))
                          for x, d in zip(flat, dims)]
                results.append(func(*_unflatten(sliced, spec), **kwargs))
        first, odims, out_spec = _out_dims(func, out_dims, results[0])
        columns = [_flatten(r) for r in results]
        for _, s in columns:
            if s != out_spec:
                raise ValueError(f"vmap({_name(func)}, ...): `{_name(func)}` must return the "
                                 f"same structure for every batch element, got {s!r} and "
                                 f"{out_spec!r}")
        stacked = []
        for j, d in enumerate(odims):
            items = [leaves[j] for leaves, _ in columns]
            if d is None:
                if any(not _equal(items[0], it) for it in items[1:]):
                    raise ValueError(f"vmap({_name(func)}, ...): `{_name(func)}` can not "
                                     "return a BatchedTensor when out_dim is None")
                stacked.append(items[0])
                continue
            if not isinstance(d, int):
                raise ValueError(f"vmap({_name(func)}, ..., out_dims={out_dims}): `out_dims` "
                                 "must be an int, None or a python collection of ints "
                                 "representing where in the outputs the vmapped dimension "
                                 "should appear.")
            if not isinstance(items[0], TensorBase):
                raise ValueError(f"vmap({_name(func)}, ...): `{_name(func)}` must only return "
                                 f"Tensors, got type {type(items[0])}. Did you mean to set "
                                 "out_dims= to None for output?")
            out = stack(items, dim=d)
            if size == 0:
                out = out.narrow(d if d >= 0 else d + out.dim(), 0, 0)
            stacked.append(out)
        return _unflatten(stacked, out_spec)

    return wrapper


def _empty_slice(x: Tensor, d: int) -> Tensor:
    """A zero-filled slice of ``x`` along ``d``, where ``x`` has none (a batch of size 0)."""
    shape = tuple(x.shape[:d]) + tuple(x.shape[d + 1:])
    return zeros(shape, dtype=x.dtype, device=x.device)


# -- modules ------------------------------------------------------------------------------------
_module_call: list[Callable] = []  # nn's implementation, handed over when nn is imported


def bind_functional_call(implementation: Callable) -> None:
    """Called once by ``nn`` on import with ``nn.utils.stateless.functional_call``: swapping
    a module's parameters writes into its tables, which is ``nn``'s business, and ``autograd``
    never imports ``nn`` (as the engine is told the Tensor class by ``bind_tensor_class``)."""
    _module_call[:] = [implementation]


def functional_call(module: Any, parameter_and_buffer_dicts: Any, args: Any = None,
                    kwargs: dict | None = None, *, tie_weights: bool = True,
                    strict: bool = False) -> Any:
    """``torch.func.functional_call``: call ``module`` with the tensors of
    ``parameter_and_buffer_dicts`` (a dict, or a tuple/list of dicts with distinct keys, by
    dotted name) in place of its parameters and buffers, restored afterwards.
    ``nn.utils.stateless.functional_call`` is the implementation."""
    if isinstance(parameter_and_buffer_dicts, dict):
        merged = parameter_and_buffer_dicts
    elif isinstance(parameter_and_buffer_dicts, (tuple, list)):
        if not all(isinstance(d, dict) for d in parameter_and_buffer_dicts):
            raise ValueError("Expected all elements of parameter_and_buffer_dicts to be "
                             "dictionaries")
        counts: dict[str, int] = {}
        for d in parameter_and_buffer_dicts:
            for k in d:
                counts[k] = counts.get(k, 0) + 1
        repeated = [k for k, n in counts.items() if n > 1]
        if repeated:
            raise ValueError(f"{repeated} appeared in multiple dictionaries; behavior of "
                             "functional call is ambiguous")
        merged = {k: v for d in parameter_and_buffer_dicts for k, v in d.items()}
    else:
        raise ValueError("Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of "
                         f"dicts, but got {type(parameter_and_buffer_dicts)}")
    if not _module_call:  # nn was never imported, so ``module`` is no nn.Module
        raise AttributeError(f"'{type(module).__name__}' object has no attribute "
                             "'named_parameters'")
    return _module_call[0](module, merged, args, kwargs, tie_weights=tie_weights,
                           strict=strict)


def stack_module_state(models: Any) -> tuple[dict[str, Tensor], dict[str, Tensor]]:
    """``torch.func.stack_module_state``: the parameters and buffers of same-class models
    stacked along a new first dimension, by name (for ``vmap`` over an ensemble with
    ``functional_call``); stacked parameters are new leaves that require grad."""
    models = list(models)
    if len(models) == 0:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if not (all(m.training for m in models) or all(not m.training for m in models)):
        raise RuntimeError("stack_module_state: Expected all models to have the same "
                           "training/eval mode.")
    if not all(type(m) is type(models[0]) for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")

    def stacked(tables: list[dict], name: str) -> Tensor:
        tensors = [t[name] for t in tables]
        wanted = [t.requires_grad for t in tensors]
        if any(wanted) and not all(wanted):
            raise RuntimeError(f"Expected {name} from each model to have the same "
                               ".requires_grad")
        result = stack(tensors)
        return result.detach().requires_grad_() if all(wanted) else result

    params = [dict(m.named_parameters()) for m in models]
    buffers = [dict(m.named_buffers()) for m in models]
    return ({k: stacked(params, k) for k in params[0]},
            {k: stacked(buffers, k) for k in buffers[0]})
