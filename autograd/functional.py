"""jacobian, hessian, vjp, jvp, hvp, vhp over the tape (``torch.autograd.functional``).

Conventions as in PyTorch: ``inputs`` is a Tensor or a tuple of Tensors, and so is what
``func`` returns; a single Tensor in gives a single Tensor out, a tuple gives a tuple (for
``jacobian`` a tuple over outputs of tuples over inputs). Inputs are detached and made to
require grad internally; with ``create_graph=True`` they stay connected to the caller's graph
instead, so results can be differentiated again. Without it results are detached.

There is no forward mode here: ``jvp`` and ``hvp`` use the double-vjp trick (differentiate
``u -> J^T u`` with respect to ``u``), which costs two backward passes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from autograd.engine.backward import grad as _grad
from autograd.engine.grad_mode import enable_grad
from autograd.engine.tensor_base import TensorBase, make
from autograd.ops.shape.copy import stack

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]

Tensors = "Tensor | tuple[Tensor, ...]"  # a type alias, for annotations only


def _as_tuple(x: Any, arg_name: str, fn_name: str) -> tuple[bool, tuple]:
    is_tuple = isinstance(x, (tuple, list))
    items = tuple(x) if is_tuple else (x,)
    for i, item in enumerate(items):
        if not isinstance(item, TensorBase):
            where = f"the value at index {i} has" if is_tuple else "the given object has"
            raise TypeError(
                f"The {arg_name} given to {fn_name} must be either a Tensor or a tuple of "
                f"Tensors but {where} type {type(item).__name__}."
            )
    return is_tuple, items


def _tuple_post(res: Any, is_tuple: Any) -> Any:
    """Unwrap one level per False in ``is_tuple`` (a bool, or (outer, inner))."""
    if isinstance(is_tuple, tuple):
        if not is_tuple[1]:
            res = tuple(r[0] for r in res)
        if not is_tuple[0]:
            res = res[0]
        return res
    return res if is_tuple else res[0]


def _prepare(inputs: tuple, create_graph: bool) -> tuple:
    """Fresh leaves that require grad; under create_graph, aliases connected to the caller."""
    out = []
    for x in inputs:
        if create_graph and x.requires_grad:
            out.append(x.view_as(x))  # a distinct node, so func sees its own copy of x
        else:
            out.append(x.detach().requires_grad_(True))
    return tuple(out)


def _post(res: tuple, create_graph: bool) -> tuple:
    return res if create_graph else tuple(r.detach() for r in res)


def _zeros(x: Tensor, requires_grad: bool = False) -> Tensor:
    data = x.device.backend.zeros(x.shape, dtype=x.dtype)
    return make(data, x.device, requires_grad, None, 0)


def _validate_v(v: tuple, other: tuple, is_other_tuple: bool) -> None:
    if len(v) != len(other):
        raise RuntimeError(
            f"v is a tuple of invalid length: should be {len(other)} but got {len(v)}."
        )
    for idx, (el_v, el_o) in enumerate(zip(v, other)):
        if tuple(el_v.shape) != tuple(el_o.shape):
            prefix = f"Entry {idx} in v" if is_other_tuple else "v"
            raise RuntimeError(
                f"{prefix} has invalid size: should be {tuple(el_o.shape)} but got "
                f"{tuple(el_v.shape)}."
            )


_REQUIRES_GRAD_MESSAGES = {
    "outputs": "Output {i} of the user-provided function does not require gradients. The "
               "outputs must be computed in a differentiable manner from the input when "
               "running in strict mode.",
    "grad_inputs": "The gradient with respect to input {i} is independent of the inputs of "
                   "the user-provided function. This is not allowed in strict mode.",
    "jacobian": "While computing the hessian, found that the jacobian of the user-provided "
                "function with respect to input {i} is independent of the input. This is not "
                "allowed in strict mode. You should ensure that your function is twice "
                "differentiable and that the jacobian depends on the inputs (this would be "
                "violated by a linear function for example).",
    "hessian": "The hessian of the user-provided function with respect to input {i} is "
               "independent of the input. This is not allowed in strict mode. You should "
               "ensure that your function is thrice differentiable and that the hessian "
               "depends on the inputs.",
}

_ZERO_FILL_MESSAGES = {
    "back": "The output of the user-provided function is independent of input {i}. This is "
            "not allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
                  "grad_outputs when using the double backward trick to compute forward mode "
                  "gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
                   "This is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry "
                         "{i} in the grad_jacobian. This is not allowed in strict mode as it "
                         "prevents from using the double backward trick to replace forward "
                         "mode AD.",
}


def _check_requires_grad(tensors: tuple, kind: str, strict: bool) -> None:
    if not strict:
        return
    for i, t in enumerate(tensors):
        if t is None or not t.requires_grad:
            raise RuntimeError(_REQUIRES_GRAD_MESSAGES[kind].format(i=i))


def _autograd_grad(outputs: tuple, inputs: tuple, grad_outputs: tuple | None = None,
                   create_graph: bool = False) -> tuple:
    """``grad`` over the outputs that require grad; all None when none does."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    return _grad([o for o, _ in pairs], list(inputs), [g for _, g in pairs],
                 retain_graph=True, create_graph=create_graph, allow_unused=True)


def _fill_in_zeros(grads: tuple, refs: tuple, strict: bool, stage: str) -> tuple:
    out = []
    for i, (g, ref) in enumerate(zip(grads, refs)):
        if g is None:
            if strict:
                raise RuntimeError(_ZERO_FILL_MESSAGES[stage].format(i=i))
            g = _zeros(ref)
        out.append(g)
    return tuple(out)


def vjp(func: Callable[..., Any], inputs: Tensors, v: Tensors | None = None,
        create_graph: bool = False, strict: bool = False) -> tuple[Tensors, Tensors]:
    """``(func(inputs), v^T J)``: the vector-Jacobian product at ``inputs``.

    ``v`` has the shape of func's output(s); it may be None only for a one-element output.
    """
    with enable_grad():
        is_in_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _prepare(inputs, create_graph)
        is_out_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided "
                                          "function", "vjp")
        _check_requires_grad(outputs, "outputs", strict)
        if v is not None:
            _, v = _as_tuple(v, "v", "vjp")
            _validate_v(v, outputs, is_out_tuple)
        elif len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError(
                "The vector v can only be None if the user-provided function returns a single "
                "Tensor with a single element."
            )
        grads = _autograd_grad(outputs, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grads, inputs, strict, "back")
    return (_tuple_post(_post(outputs, create_graph), is_out_tuple),
            _tuple_post(_post(result, create_graph), is_in_tuple))


def jvp(func: Callable[..., Any], inputs: Tensors, v: Tensors | None = None,
        create_graph: bool = False, strict: bool = False) -> tuple[Tensors, Tensors]:
    """``(func(inputs), J v)``: the Jacobian-vector product, by the double-vjp trick.

    ``v`` has the shape of the input(s); it may be None only for a one-element input.
    """
    with enable_grad():
        is_in_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _prepare(inputs, create_graph)
        if v is not None:
            _, v = _as_tuple(v, "v", "jvp")
            _validate_v(v, inputs, is_in_tuple)
        elif len(inputs) != 1 or inputs[0].numel() != 1:
            raise RuntimeError(
                "The vector v can only be None if the input to the user-provided function is a "
                "single Tensor with a single element."
            )
        is_out_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided "
                                          "function", "jvp")
        _check_requires_grad(outputs, "outputs", strict)
        # J v = d/du <J^T u, v>: J^T u is linear in u, so differentiating it at u = 0 is exact.
        us = tuple(_zeros(o, requires_grad=True) for o in outputs)
        grad_inputs = _autograd_grad(outputs, inputs, us, create_graph=True)
        _check_requires_grad(grad_inputs, "grad_inputs", strict)
        grads = _autograd_grad(grad_inputs, us, v, create_graph=create_graph)
        result = _fill_in_zeros(grads, outputs, strict, "back_trick")
    return (_tuple_post(_post(outputs, create_graph), is_out_tuple),
            _tuple_post(_post(result, create_graph), is_out_tuple))


def _jacobian_block(out: Tensor, inputs: tuple, create_graph: bool, strict: bool,
                    i: int) -> list[Tensor]:
    """d out / d inputs[k] for every k, each of shape ``out.shape + inputs[k].shape``."""
    n = out.numel()
    rows: list[list] = [[] for _ in inputs]
    if out.requires_grad:
        xp = out.device.backend
        for r in range(n):
            onehot = xp.zeros(n, dtype=out.dtype)
            onehot[r] = 1
            cot = make(onehot.reshape(out.shape), out.device, False, None, 0)
            grads = _grad(out, list(inputs), cot, retain_graph=True, create_graph=create_graph,
                          allow_unused=True)
            for k, g in enumerate(grads):
                if g is None and strict:
                    raise RuntimeError(
                        f"Output {i} of the user-provided function is independent of input "
                        f"{k}. This is not allowed in strict mode."
                    )
                if strict and create_graph and not g.requires_grad:
                    raise RuntimeError(
                        "The jacobian of the user-provided function is independent of input "
                        f"{k}. This is not allowed in strict mode when create_graph=True."
                    )
                rows[k].append(g)
    blocks = []
    for k, x in enumerate(inputs):
        shape = tuple(out.shape) + tuple(x.shape)
        got = rows[k]
        if create_graph and any(g is not None and g.requires_grad for g in got):
            got = [_zeros(x) if g is None else g for g in got]
            block = got[0] if n == 1 else stack(got)
            blocks.append(block.reshape(shape))
            continue
        data = x.device.backend.zeros((n,) + tuple(x.shape), dtype=x.dtype)
        for r, g in enumerate(got):
            if g is not None:
                data[r] = g._data
        blocks.append(make(data.reshape(shape), x.device, False, None, 0))
    return blocks


def jacobian(func: Callable[..., Any], inputs: Tensors, create_graph: bool = False,
             strict: bool = False, vectorize: bool = False,
             strategy: str = "reverse-mode") -> Any:
    """The Jacobian of ``func`` at ``inputs``: one block of shape ``out.shape + in.shape`` per
    (output, input) pair, nested as a tuple over outputs of tuples over inputs.

    One backward pass per output element. ``vectorize`` is accepted for compatibility and
    changes nothing (there is no vmap); ``strategy="forward-mode"`` (which PyTorch allows
    only with ``vectorize=True``) gives the same values by the same backward passes.
    """
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError(
            'jacobian: expected strategy to be either "forward-mode" or "reverse-mode", got '
            f"{strategy!r}"
        )
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError('jacobian: create_graph=True and strategy="forward-mode" '
                                      "are not supported together")
        if strict:
            raise RuntimeError('jacobian: strict=True and strategy="forward-mode" are not '
                               "supported together")
        if not vectorize:
            raise NotImplementedError('jacobian: strategy="forward-mode" needs vectorize=True')
    if vectorize and strict:
        raise RuntimeError("jacobian: `strict=True` and `vectorized=True` are not supported "
                           "together. Please either set `strict=False` or `vectorize=False`.")
    with enable_grad():
        is_in_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _prepare(inputs, create_graph)
        is_out_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided "
                                          "function", "jacobian")
        _check_requires_grad(outputs, "outputs", strict)
        result = tuple(tuple(_jacobian_block(out, inputs, create_graph, strict, i))
                       for i, out in enumerate(outputs))
    return _tuple_post(result, (is_out_tuple, is_in_tuple))


def hessian(func: Callable[..., Any], inputs: Tensors, create_graph: bool = False,
            strict: bool = False, vectorize: bool = False,
            outer_jacobian_strategy: str = "reverse-mode") -> Any:
    """The Hessian of a scalar ``func`` at ``inputs``: blocks of shape ``in_i.shape +
    in_j.shape``, a tuple of tuples for a tuple of inputs."""
    is_in_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")

    def scalar_func(*inp: Tensor) -> Tensor:
        out = func(*inp)
        if not isinstance(out, TensorBase):
            raise RuntimeError("The function given to hessian should return a single Tensor")
        if out.numel() != 1:
            raise RuntimeError(
                "The Tensor returned by the function given to hessian should contain a single "
                f"element (got shape {tuple(out.shape)})"
            )
        return out.reshape(())

    def jac_func(*inp: Tensor) -> tuple:
        jac = jacobian(scalar_func, inp, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        return jac

    res = jacobian(jac_func, inputs, create_graph=create_graph, strict=strict,
                   vectorize=vectorize, strategy=outer_jacobian_strategy)
    return _tuple_post(res, (is_in_tuple, is_in_tuple))


def _scalar_output(func: Callable, inputs: tuple, name: str) -> Tensor:
    out = func(*inputs)
    if not isinstance(out, TensorBase):
        raise RuntimeError(f"The function given to {name} should return a single Tensor")
    if out.numel() != 1:
        raise RuntimeError(
            f"The Tensor returned by the function given to {name} should contain a single "
            f"element (got shape {tuple(out.shape)})"
        )
    return out


def _hessian_setup(func: Callable, inputs: Any, v: Any, create_graph: bool, strict: bool,
                   name: str) -> tuple:
    is_in_tuple, inputs = _as_tuple(inputs, "inputs", name)
    inputs = _prepare(inputs, create_graph)
    if v is not None:
        _, v = _as_tuple(v, "v", name)
        _validate_v(v, inputs, is_in_tuple)
    elif len(inputs) != 1 or inputs[0].numel() != 1:
        raise RuntimeError(
            "The vector v can only be None if the input to the user-provided function is a "
            "single Tensor with a single element."
        )
    out = _scalar_output(func, inputs, name)
    _check_requires_grad((out,), "outputs", strict)
    jac = _autograd_grad((out,), inputs, create_graph=True)
    _check_requires_grad(jac, "jacobian", strict)
    return is_in_tuple, inputs, v, out, jac


def vhp(func: Callable[..., Any], inputs: Tensors, v: Tensors | None = None,
        create_graph: bool = False, strict: bool = False) -> tuple[Tensor, Tensors]:
    """``(func(inputs), v^T H)`` for a scalar ``func``: the vector-Hessian product."""
    with enable_grad():
        is_in_tuple, inputs, v, out, jac = _hessian_setup(func, inputs, v, create_graph,
                                                          strict, "vhp")
        grads = _autograd_grad(jac, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grads, inputs, strict, "double_back")
    return _post((out,), create_graph)[0], _tuple_post(_post(result, create_graph), is_in_tuple)


def hvp(func: Callable[..., Any], inputs: Tensors, v: Tensors | None = None,
        create_graph: bool = False, strict: bool = False) -> tuple[Tensor, Tensors]:
    """``(func(inputs), H v)`` for a scalar ``func``: the Hessian-vector product.

    By the double-vjp trick (H v = d/du <u^T H, v>), so it does not assume H is symmetric.
    """
    with enable_grad():
        is_in_tuple, inputs, v, out, jac = _hessian_setup(func, inputs, v, create_graph,
                                                          strict, "hvp")
        us = tuple(_zeros(x, requires_grad=True) for x in inputs)
        double_back = _autograd_grad(jac, inputs, us, create_graph=True)
        _check_requires_grad(jac, "hessian", strict)
        grads = _autograd_grad(double_back, us, v, create_graph=create_graph)
        result = _fill_in_zeros(grads, inputs, strict, "double_back_trick")
    return _post((out,), create_graph)[0], _tuple_post(_post(result, create_graph), is_in_tuple)
