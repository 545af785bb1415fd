"""Autograd engine semantics, run against PyTorch.

Hooks, ``retain_grad``, accumulation, ``backward``/``grad`` options and their errors, grad modes,
custom Functions, ``autograd.functional`` and checkpointing.

Each case is written once as ``case(m)`` against a module ``m`` (``autograd`` or ``torch``,
whose APIs match) and runs on both; the results must agree: values, dtypes, shapes,
``requires_grad`` and gradients of every tensor returned, Python scalars and lists as such,
and for what PyTorch refuses, the same exception type.
"""

from __future__ import annotations

import warnings

import pytest

import autograd as ag
import nn
from tests.autograd.test_idioms_torch import _run, _same
from tests.conftest import torch_or_skip

torch = torch_or_skip()  # the whole module compares with PyTorch

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _ckpt(m):
    if m is ag:
        return nn.utils.checkpoint.checkpoint
    import torch.utils.checkpoint as tc

    return tc.checkpoint


def _warned(fn):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = fn()
    return out, any(issubclass(x.category, UserWarning) for x in w)


def _leaf(m, *vals):
    return m.tensor(list(vals), dtype=m.float64, requires_grad=True)


# -- tensor hooks --


@case
def hook_leaf_replaces_grad(m):
    x = _leaf(m, 1.0, 2.0)
    x.register_hook(lambda g: g * 3)
    (x * x).sum().backward()
    return x.grad


@case
def hook_leaf_returns_none_keeps_grad(m):
    x = _leaf(m, 1.0, 2.0)
    seen = []
    x.register_hook(lambda g: seen.append(g.clone()))
    (x * x).sum().backward()
    return x.grad, seen


@case
def hook_nonleaf_changes_upstream(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    y.register_hook(lambda g: g + 1)
    (y * y).sum().backward()
    return x.grad


@case
def hook_order_chained(m):
    x = _leaf(m, 1.0, 2.0)
    order = []
    x.register_hook(lambda g: (order.append(1), g * 2)[1])
    x.register_hook(lambda g: (order.append(2), g + 10)[1])
    x.sum().backward()
    return x.grad, order


@case
def hook_nonleaf_order_chained(m):
    x = _leaf(m, 1.0, 2.0)
    y = x.exp()
    seen = []
    y.register_hook(lambda g: g * 2)
    y.register_hook(lambda g: seen.append(g.clone()))
    y.sum().backward()
    return x.grad, seen


@case
def hook_tensor_used_twice_runs_once(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 1.5
    calls = []
    y.register_hook(lambda g: calls.append(g.clone()))
    (y * 2 + y * 3).sum().backward()
    return x.grad, calls


@case
def hook_leaf_used_twice_runs_once(m):
    x = _leaf(m, 1.0, 2.0)
    calls = []
    x.register_hook(lambda g: calls.append(g.clone()))
    (x * 2 + x.sin()).sum().backward()
    return x.grad, len(calls)


@case
def hook_same_function_twice(m):
    x = _leaf(m, 1.0, 2.0)

    def double(g):
        return g * 2

    x.register_hook(double)
    x.register_hook(double)
    y = x * 1
    y.register_hook(double)
    y.register_hook(double)
    (y * 1).sum().backward()
    return x.grad


@case
def hook_same_function_twice_remove_one_handle_twice(m):
    x = _leaf(m, 1.0, 2.0)

    def double(g):
        return g * 2

    h = x.register_hook(double)
    x.register_hook(double)
    h.remove()
    h.remove()
    (x * 1).sum().backward()
    return x.grad


@case
def hook_handle_remove(m):
    x = _leaf(m, 1.0, 2.0)
    h = x.register_hook(lambda g: g * 100)
    h.remove()
    x.sum().backward()
    return x.grad


@case
def hook_handle_remove_twice(m):
    x = _leaf(m, 1.0, 2.0)
    h = x.register_hook(lambda g: g * 100)
    h.remove()
    h.remove()
    x.sum().backward()
    return x.grad


@case
def hook_handle_context_manager(m):
    x = _leaf(m, 1.0, 2.0)
    with x.register_hook(lambda g: g * 100):
        pass
    x.sum().backward()
    return x.grad


@case
def hook_on_no_grad_tensor_refused(m):
    x = m.ones(2)
    x.register_hook(lambda g: g)


@case
def hook_on_intermediate_with_retain_grad(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    y.retain_grad()
    y.register_hook(lambda g: g * 5)
    (y * y).sum().backward()
    return y.grad, x.grad


@case
def hook_registered_before_retain_grad(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    y.register_hook(lambda g: g * 5)
    y.retain_grad()
    y.sum().backward()
    return y.grad, x.grad


@case
def hook_fires_in_autograd_grad(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * x
    y.register_hook(lambda g: g * 0.5)
    (g,) = m.autograd.grad(y.sum(), x)
    return g, x.grad


@case
def hook_on_leaf_not_affecting_autograd_grad_result(m):
    x = _leaf(m, 1.0, 2.0)
    x.register_hook(lambda g: g * 10)
    (g,) = m.autograd.grad((x * x).sum(), x)
    return g


@case
def hook_returns_wrong_shape(m):
    x = _leaf(m, 1.0, 2.0)
    x.register_hook(lambda g: g.sum())
    (x * x).sum().backward()
    return x.grad


@case
def hook_on_view(m):
    x = _leaf(m, 1.0, 2.0, 3.0, 4.0)
    v = x.view(2, 2)
    v.register_hook(lambda g: g * 2)
    (v * v).sum().backward()
    return x.grad


@case
def hook_sees_accumulated_grad_of_multi_use(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 1.0
    seen = []
    y.register_hook(lambda g: seen.append(g.clone()))
    (y + y + y).sum().backward()
    return seen


# -- retain_grad --


@case
def retain_grad_nonleaf(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 3
    y.retain_grad()
    (y ** 2).sum().backward()
    return y.grad, x.grad, y.retains_grad, x.retains_grad


@case
def retain_grad_view(m):
    x = _leaf(m, 1.0, 2.0, 3.0, 4.0)
    y = x * 1
    v = y[1:3]
    v.retain_grad()
    (v * v).sum().backward()
    return v.grad, x.grad


@case
def retain_grad_on_leaf_noop(m):
    x = _leaf(m, 1.0, 2.0)
    x.retain_grad()
    x.sum().backward()
    return x.grad, x.retains_grad


@case
def retain_grad_no_requires_grad_refused(m):
    x = m.ones(2)
    x.retain_grad()


@case
def retain_grad_accumulates(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 3
    y.retain_grad()
    z = (y ** 2).sum()
    z.backward(retain_graph=True)
    z.backward()
    return y.grad, x.grad


@case
def retain_grad_twice_is_fine(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 3
    y.retain_grad()
    y.retain_grad()
    y.sum().backward()
    return y.grad


@case
def leaf_grad_access_no_warning(m):
    x = _leaf(m, 1.0, 2.0)
    return _warned(lambda: x.grad)


@case
def retained_grad_access_no_warning(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    y.retain_grad()
    y.sum().backward()
    return _warned(lambda: y.grad)


@case
def retain_grad_inplace_after(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    y.retain_grad()
    y.mul_(3)
    (y * y).sum().backward()
    return y.grad, x.grad


@case
def retain_grad_inplace_twice_after(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    y.retain_grad()
    y.mul_(3)
    y.add_(x)
    (y * y).sum().backward()
    return y.grad, x.grad


# -- accumulation --


@case
def grad_accumulates_over_backwards(m):
    x = _leaf(m, 1.0, 2.0)
    (x * x).sum().backward()
    (x * 3).sum().backward()
    return x.grad


@case
def grad_zero_then_backward(m):
    x = _leaf(m, 1.0, 2.0)
    (x * x).sum().backward()
    x.grad.zero_()
    (x * 3).sum().backward()
    return x.grad


@case
def grad_none_then_backward(m):
    x = _leaf(m, 1.0, 2.0)
    (x * x).sum().backward()
    x.grad = None
    (x * 3).sum().backward()
    return x.grad


@case
def grad_accumulate_in_place_same_object(m):
    x = _leaf(m, 1.0, 2.0)
    x.sum().backward()
    g = x.grad
    x.sum().backward()
    return g is x.grad, g


@case
def grad_accumulate_into_assigned_grad_in_place(m):
    x = _leaf(m, 1.0, 2.0)
    mine = m.ones(2, dtype=m.float64)
    x.grad = mine
    (x * 3).sum().backward()
    return mine, x.grad is mine


@case
def grad_assign_wrong_shape(m):
    x = _leaf(m, 1.0, 2.0)
    x.grad = m.ones(3, dtype=m.float64)


@case
def grad_assign_wrong_dtype(m):
    x = _leaf(m, 1.0, 2.0)
    x.grad = m.ones(2, dtype=m.float32)


@case
def grad_assign_then_accumulate(m):
    x = _leaf(m, 1.0, 2.0)
    x.grad = m.ones(2, dtype=m.float64) * 7
    x.sum().backward()
    return x.grad


@case
def grad_requires_grad_false(m):
    x = _leaf(m, 1.0, 2.0)
    (x * x).sum().backward()
    return x.grad.requires_grad, x.grad.is_leaf, x.grad.grad_fn is None


@case
def grad_create_graph_has_grad_fn(m):
    x = _leaf(m, 1.0, 2.0)
    (x ** 3).sum().backward(create_graph=True)
    g = x.grad
    return g.requires_grad, g.grad_fn is not None, g


@case
def backward_inputs_arg(m):
    x = _leaf(m, 1.0, 2.0)
    w = _leaf(m, 3.0, 4.0)
    (x * w).sum().backward(inputs=[x])
    return x.grad, w.grad


@case
def backward_inputs_single_tensor(m):
    x = _leaf(m, 1.0, 2.0)
    w = _leaf(m, 3.0, 4.0)
    (x * w).sum().backward(inputs=w)
    return x.grad, w.grad


@case
def backward_inputs_empty_refused(m):
    x = _leaf(m, 1.0, 2.0)
    (x * 2).sum().backward(inputs=[])


@case
def backward_inputs_nonleaf(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    (y * y).sum().backward(inputs=[y])
    return y.grad, x.grad


# -- backward(gradient=...) --


@case
def backward_gradient_vector(m):
    x = _leaf(m, 1.0, 2.0, 3.0)
    y = x * x
    y.backward(m.tensor([1.0, 0.5, 2.0], dtype=m.float64))
    return x.grad


@case
def backward_gradient_wrong_shape(m):
    x = _leaf(m, 1.0, 2.0, 3.0)
    y = x * x
    y.backward(m.ones(2, dtype=m.float64))


@case
def backward_gradient_broadcastable_shape_refused(m):
    x = _leaf(m, 1.0, 2.0, 3.0)
    y = x * x
    y.backward(m.ones(1, dtype=m.float64))


@case
def backward_nonscalar_without_gradient(m):
    x = _leaf(m, 1.0, 2.0, 3.0)
    (x * x).backward()


@case
def backward_scalar_with_gradient(m):
    x = _leaf(m, 1.0, 2.0, 3.0)
    (x * x).sum().backward(m.tensor(2.0, dtype=m.float64))
    return x.grad


@case
def backward_one_element_nonscalar(m):
    x = _leaf(m, 2.0)
    (x * x).backward()
    return x.grad


@case
def backward_no_grad_tensor(m):
    x = m.ones(2)
    x.sum().backward()


@case
def backward_gradient_dtype_mismatch(m):
    x = _leaf(m, 1.0, 2.0)
    (x * x).backward(m.ones(2, dtype=m.float32))
    return x.grad


@case
def backward_gradient_int(m):
    x = _leaf(m, 1.0, 2.0)
    (x * x).backward(m.ones(2, dtype=m.int64))
    return x.grad


@case
def backward_gradient_python_float_refused(m):
    x = _leaf(m, 1.0, 2.0)
    (x * x).sum().backward(2.0)


@case
def module_backward_function(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * x
    m.autograd.backward([y.sum(), (x * 3).sum()])
    return x.grad


@case
def module_backward_grad_tensors(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * x
    m.autograd.backward(y, grad_tensors=m.tensor([1.0, 3.0], dtype=m.float64))
    return x.grad


# -- retain_graph --


@case
def second_backward_freed(m):
    x = _leaf(m, 1.0, 2.0)
    z = (x.exp() * x).sum()
    z.backward()
    z.backward()


@case
def second_backward_retained(m):
    x = _leaf(m, 1.0, 2.0)
    z = (x.exp() * x).sum()
    z.backward(retain_graph=True)
    z.backward()
    return x.grad


@case
def second_backward_shared_subgraph_freed(m):
    x = _leaf(m, 1.0, 2.0)
    y = x.exp()
    y.sum().backward()
    (y * 2).sum().backward()


@case
def second_grad_freed(m):
    x = _leaf(m, 1.0, 2.0)
    z = (x * x).sum()
    m.autograd.grad(z, x)
    m.autograd.grad(z, x)


@case
def second_backward_nothing_saved(m):
    x = _leaf(m, 1.0, 2.0)
    z = (x + 1).sum()
    z.backward()
    z.backward()
    return x.grad


@case
def create_graph_implies_retain(m):
    x = _leaf(m, 1.0, 2.0)
    z = (x * x * x).sum()
    (g,) = m.autograd.grad(z, x, create_graph=True)
    (g2,) = m.autograd.grad(z, x)
    return g, g2


# -- autograd.grad options --


@case
def grad_unused_refused(m):
    x = _leaf(m, 1.0, 2.0)
    w = _leaf(m, 3.0)
    m.autograd.grad((x * x).sum(), [x, w])


@case
def grad_allow_unused(m):
    x = _leaf(m, 1.0, 2.0)
    w = _leaf(m, 3.0)
    return m.autograd.grad((x * x).sum(), [x, w], allow_unused=True)


@case
def grad_materialize_grads(m):
    x = _leaf(m, 1.0, 2.0)
    w = _leaf(m, 3.0)
    return m.autograd.grad((x * x).sum(), [x, w], materialize_grads=True)


@case
def grad_materialize_with_allow_unused_false_refused(m):
    x = _leaf(m, 1.0, 2.0)
    w = _leaf(m, 3.0)
    return m.autograd.grad((x * x).sum(), [x, w], allow_unused=False, materialize_grads=True)


@case
def grad_grad_outputs(m):
    x = _leaf(m, 1.0, 2.0)
    return m.autograd.grad(x * x, x, grad_outputs=m.tensor([1.0, -1.0], dtype=m.float64))


@case
def grad_grad_outputs_list_with_none(m):
    x = _leaf(m, 1.0, 2.0)
    ones = m.ones(2, dtype=m.float64)
    return m.autograd.grad([(x * x).sum(), x * 3], x, grad_outputs=[None, ones])


@case
def grad_grad_outputs_wrong_count(m):
    x = _leaf(m, 1.0, 2.0)
    one = m.tensor(1.0, dtype=m.float64)
    return m.autograd.grad([x.sum(), (x * 2).sum()], x, grad_outputs=[one])


@case
def grad_grad_outputs_wrong_shape(m):
    x = _leaf(m, 1.0, 2.0)
    return m.autograd.grad(x * x, x, grad_outputs=m.ones(3, dtype=m.float64))


@case
def grad_nonscalar_without_grad_outputs(m):
    x = _leaf(m, 1.0, 2.0)
    return m.autograd.grad(x * x, x)


@case
def grad_does_not_touch_dot_grad(m):
    x = _leaf(m, 1.0, 2.0)
    m.autograd.grad((x * x).sum(), x)
    return x.grad


@case
def grad_input_not_requiring_grad(m):
    x = _leaf(m, 1.0, 2.0)
    c = m.ones(2, dtype=m.float64)
    return m.autograd.grad((x * c).sum(), [x, c])


@case
def grad_output_not_requiring_grad(m):
    c = m.ones(2, dtype=m.float64)
    return m.autograd.grad(c.sum(), c)


@case
def grad_create_graph_result_requires_grad(m):
    x = _leaf(m, 1.0, 2.0)
    (g,) = m.autograd.grad((x ** 3).sum(), x, create_graph=True)
    return g, g.requires_grad, g.grad_fn is not None


@case
def grad_no_create_graph_result_plain(m):
    x = _leaf(m, 1.0, 2.0)
    (g,) = m.autograd.grad((x ** 3).sum(), x)
    return g, g.requires_grad, g.grad_fn is None


@case
def grad_wrt_nonleaf(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    return m.autograd.grad((y ** 2).sum(), y)


@case
def grad_returns_tuple(m):
    x = _leaf(m, 1.0, 2.0)
    r = m.autograd.grad((x ** 2).sum(), x)
    return type(r).__name__, len(r)


@case
def grad_is_grads_batched(m):
    x = _leaf(m, 1.0, 2.0, 3.0)
    y = x * x
    go = m.eye(3, dtype=m.float64)
    return m.autograd.grad(y, x, grad_outputs=go, is_grads_batched=True)


@case
def grad_is_grads_batched_create_graph(m):
    x = _leaf(m, 1.0, 2.0)
    y = x ** 3
    go = m.tensor([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]], dtype=m.float64)
    (j,) = m.autograd.grad(y, x, grad_outputs=go, create_graph=True, is_grads_batched=True)
    j.sum().backward()
    return j, x.grad


@case
def grad_outputs_empty_refused(m):
    x = _leaf(m, 1.0, 2.0)
    return m.autograd.grad([], x)


@case
def grad_inputs_empty_refused(m):
    x = _leaf(m, 1.0, 2.0)
    return m.autograd.grad(x.sum(), [])


@case
def grad_of_integer_tensor_refused(m):
    x = m.tensor([1, 2])
    return m.autograd.grad(x.sum(), x)


@case
def grad_wrt_view_of_leaf(m):
    x = _leaf(m, 1.0, 2.0, 3.0)
    v = x[1:]
    return m.autograd.grad((x * x).sum(), v, allow_unused=True)


# -- higher order --


@case
def grad_of_grad(m):
    x = _leaf(m, 0.5, 1.5)
    (g,) = m.autograd.grad((x ** 3).sin().sum(), x, create_graph=True)
    (gg,) = m.autograd.grad(g.sum(), x)
    return g, gg


@case
def third_order(m):
    x = _leaf(m, 0.5, 1.5)
    (g,) = m.autograd.grad(x.exp().mul(x).sum(), x, create_graph=True)
    (gg,) = m.autograd.grad(g.sum(), x, create_graph=True)
    (ggg,) = m.autograd.grad(gg.sum(), x)
    return g, gg, ggg


@case
def hessian_vector_product(m):
    x = _leaf(m, 0.5, 1.5, -1.0)
    v = m.tensor([1.0, 2.0, 3.0], dtype=m.float64)
    f = (x[0] * x[1] ** 2 + x[2].sin() * x[0]).sum()
    (g,) = m.autograd.grad(f, x, create_graph=True)
    (hv,) = m.autograd.grad(g, x, grad_outputs=v)
    return hv


@case
def gradient_penalty(m):
    w = _leaf(m, 0.3, -0.7, 1.1)
    x = m.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], dtype=m.float64, requires_grad=True)
    out = (x @ w).tanh().sum()
    (gx,) = m.autograd.grad(out, x, create_graph=True)
    pen = ((gx.norm(2, dim=1) - 1) ** 2).mean()
    pen.backward()
    return gx, w.grad, x.grad


@case
def double_backward_through_backward(m):
    x = _leaf(m, 0.5, 1.5)
    (x ** 4).sum().backward(create_graph=True)
    g = x.grad
    x.grad = None
    g.sum().backward()
    return x.grad


@case
def grad_of_grad_second_unused(m):
    x = _leaf(m, 0.5, 1.5)
    (g,) = m.autograd.grad((x * 2).sum(), x, create_graph=True)
    return g.requires_grad, g.grad_fn is None


@case
def grad_of_grad_linear_refused(m):
    x = _leaf(m, 0.5, 1.5)
    (g,) = m.autograd.grad((x * 2).sum(), x, create_graph=True)
    return m.autograd.grad(g.sum(), x)


@case
def mixed_partials(m):
    x = _leaf(m, 0.5)
    y = _leaf(m, 2.0)
    f = (x * x * y.exp()).sum()
    (gx,) = m.autograd.grad(f, x, create_graph=True)
    (gxy,) = m.autograd.grad(gx.sum(), y)
    return gx, gxy


# -- requires_grad, is_leaf, detach --


@case
def requires_grad_on_nonleaf_false_refused(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    y.requires_grad_(False)


@case
def requires_grad_on_nonleaf_true_ok(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    y.requires_grad_(True)
    return y.requires_grad


@case
def requires_grad_attr_on_nonleaf_refused(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    y.requires_grad = False


@case
def requires_grad_int_refused(m):
    m.tensor([1, 2]).requires_grad_()


@case
def requires_grad_int_factory_refused(m):
    m.tensor([1, 2], requires_grad=True)


@case
def requires_grad_bool_refused(m):
    m.tensor([True]).requires_grad_()


@case
def requires_grad_int_false_ok(m):
    t = m.tensor([1, 2])
    t.requires_grad_(False)
    return t.requires_grad


@case
def zeros_int_requires_grad_refused(m):
    m.zeros(2, dtype=m.int32, requires_grad=True)


@case
def is_leaf_rules(m):
    a = m.ones(2)
    b = _leaf(m, 1.0, 2.0)
    c = b * 2
    d = a * 2
    with m.no_grad():
        e = b * 2
    f = b.detach()
    return [t.is_leaf for t in (a, b, c, d, e, f)], [t.grad_fn is None for t in (a, b, c, d, e, f)]


@case
def no_grad_result_then_requires_grad(m):
    b = _leaf(m, 1.0, 2.0)
    with m.no_grad():
        e = b * 2
    e.requires_grad_()
    (e * e).sum().backward()
    return e.grad, b.grad


@case
def detach_shares_memory(m):
    x = _leaf(m, 1.0, 2.0)
    d = x.detach()
    d[0] = 5.0
    return x, d.requires_grad, d.is_leaf


@case
def detach_version_shared(m):
    x = _leaf(m, 1.0, 2.0)
    y = x.exp()
    d = y.detach()
    d.zero_()
    y.sum().backward()


@case
def detach_inplace_on_nonleaf(m):
    x = _leaf(m, 1.0, 2.0)
    y = x * 2
    y.detach_()
    return y.requires_grad, y.is_leaf, y.grad_fn is None


@case
def detach_inplace_on_view_refused(m):
    x = _leaf(m, 1.0, 2.0)
    y = (x * 2)[:1]
    y.detach_()


@case
def detach_inplace_on_leaf(m):
    x = _leaf(m, 1.0, 2.0)
    x.detach_()
    return x.requires_grad, x.is_leaf


@case
def detach_of_detached_backward(m):
    x = _leaf(m, 1.0, 2.0)
    y = x.detach() * x
    y.sum().backward()
    return x.grad


# -- in-place and grad --


@case
def inplace_on_leaf_refused(m):
    x = _leaf(m, 1.0, 2.0)
    x.add_(1)


@case
def inplace_on_leaf_setitem_refused(m):
    x = _leaf(m, 1.0, 2.0)
    x[0] = 3.0


@case
def inplace_on_leaf_view_refused(m):
    x = _leaf(m, 1.0, 2.0, 3.0)
    x[1:].mul_(2)


@case
def inplace_on_leaf_under_no_grad_ok(m):
    x = _leaf(m, 1.0, 2.0)
    with m.no_grad():
        x.add_(1)
        x[0] = 7.0
    (x * x).sum().backward()
    return x, x.grad, x.is_leaf


@case
def inplace_on_view_of_nonleaf(m):
    x = _leaf(m, 1.0, 2.0, 3.0)
    y = x * 1
    y[1:].mul_(x[:2])
    y.sum().backward()
    return y, x.grad


@case
def inplace_on_saved_tensor_refused(m):
    x = _leaf(m, 1.0, 2.0)
    y = x.exp()
    z = y * y
    y.add_(1)
    z.sum().backward()


@case
def inplace_output_of_view_grad_fn(m):
    x = _leaf(m, 1.0, 2.0, 3.0)
    y = x * 2
    v = y[:2]
    v.mul_(3)
    return y.grad_fn is not None, v.grad_fn is not None, v._version if hasattr(v, "_version") else 0


@case
def leaf_view_requires_grad_not_leaf(m):
    x = _leaf(m, 1.0, 2.0, 3.0)
    v = x[1:]
    return v.is_leaf, v.requires_grad, v.grad_fn is not None


# -- grad modes --


@case
def set_grad_enabled_context(m):
    x = _leaf(m, 1.0, 2.0)
    with m.set_grad_enabled(False):
        a = x * 2
        inner = m.is_grad_enabled()
    with m.set_grad_enabled(True):
        b = x * 2
    return a.requires_grad, b.requires_grad, inner, m.is_grad_enabled()


@case
def set_grad_enabled_function(m):
    x = _leaf(m, 1.0, 2.0)
    m.set_grad_enabled(False)
    try:
        a = x * 2
        state = m.is_grad_enabled()
    finally:
        m.set_grad_enabled(True)
    return a.requires_grad, state, m.is_grad_enabled()


@case
def set_grad_enabled_decorator(m):
    x = _leaf(m, 1.0, 2.0)

    @m.set_grad_enabled(False)
    def f(t):
        return t * 2

    return f(x).requires_grad, m.is_grad_enabled()


@case
def no_grad_decorator(m):
    x = _leaf(m, 1.0, 2.0)

    @m.no_grad()
    def f(t):
        return t * 2

    return f(x).requires_grad, (x * 2).requires_grad


@case
def no_grad_decorator_generator(m):
    x = _leaf(m, 1.0, 2.0)

    @m.no_grad()
    def gen(t):
        for _ in range(2):
            yield (t * 2).requires_grad, m.is_grad_enabled()

    out = []
    for item in gen(x):
        out.append(item)
        out.append(m.is_grad_enabled())
    return out


@case
def enable_grad_decorator_generator_inside_no_grad(m):
    x = _leaf(m, 1.0, 2.0)

    @m.enable_grad()
    def gen():
        yield (x * 2).requires_grad
        yield (x * 3).requires_grad

    with m.no_grad():
        out = [(v, m.is_grad_enabled()) for v in gen()]
    return out


@case
def no_grad_generator_send_and_return(m):
    @m.no_grad()
    def gen():
        got = yield m.is_grad_enabled()
        yield got
        return 5

    g = gen()
    first = next(g)
    second = g.send("sent")
    try:
        next(g)
        end = None
    except StopIteration as e:
        end = e.value
    return first, second, end, m.is_grad_enabled()


@case
def enable_grad_inside_no_grad(m):
    x = _leaf(m, 1.0, 2.0)
    with m.no_grad():
        with m.enable_grad():
            a = x * 2
        b = x * 2
    return a.requires_grad, b.requires_grad


@case
def enable_grad_decorator_inside_no_grad(m):
    x = _leaf(m, 1.0, 2.0)

    @m.enable_grad()
    def f(t):
        return t * 2

    with m.no_grad():
        y = f(x)
    return y.requires_grad


@case
def no_grad_restores_on_exception(m):
    try:
        with m.no_grad():
            raise KeyError("x")
    except KeyError:
        pass
    return m.is_grad_enabled()


@case
def no_grad_creation_requires_grad(m):
    with m.no_grad():
        t = m.ones(2, requires_grad=True)
    return t.requires_grad, t.is_leaf


@case
def backward_inside_no_grad(m):
    x = _leaf(m, 1.0, 2.0)
    y = (x * x).sum()
    with m.no_grad():
        y.backward()
    return x.grad


@case
def inference_mode_false_is_grad(m):
    x = _leaf(m, 1.0, 2.0)
    with m.inference_mode(False):
        y = x * 2
    return y.requires_grad, y.is_inference()


@case
def inference_tensor_clone_outside(m):
    with m.inference_mode():
        c = m.ones(2, dtype=m.float64)
    d = c.clone().requires_grad_()
    (d * d).sum().backward()
    return d.grad, d.is_inference()


# -- custom autograd.Function --


def _fn_cls(m):
    return m.autograd.Function


@case
def function_save_input_and_output(m):
    class Exp(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            y = x * x * x
            ctx.save_for_backward(x, y)
            return y

        @staticmethod
        def backward(ctx, g):
            x, y = ctx.saved_tensors
            return g * 3 * y / x

    x = _leaf(m, 0.5, 1.0)
    y = Exp.apply(x)
    y.sum().backward()
    return y, x.grad, y.requires_grad, y.grad_fn is not None


@case
def function_save_none(m):
    class F(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(None, x)
            return x * 2

        @staticmethod
        def backward(ctx, g):
            a, x = ctx.saved_tensors
            return g * 2 + (0 if a is None else 100)

    x = _leaf(m, 0.5, 1.0)
    F.apply(x).sum().backward()
    return x.grad


@case
def function_ctx_attributes(m):
    class Scale(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x, k):
            ctx.k = k
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g * ctx.k, None

    x = _leaf(m, 0.5, 1.0)
    Scale.apply(x, 3.0).sum().backward()
    return x.grad


@case
def function_needs_input_grad(m):
    seen = []

    class Mul(_fn_cls(m)):
        @staticmethod
        def forward(ctx, a, b, k):
            ctx.save_for_backward(a, b)
            return a * b * k

        @staticmethod
        def backward(ctx, g):
            seen.append(tuple(ctx.needs_input_grad))
            a, b = ctx.saved_tensors
            return g * b, g * a, None

    a = _leaf(m, 1.0, 2.0)
    b = m.tensor([3.0, 4.0], dtype=m.float64)
    Mul.apply(a, b, 2).sum().backward()
    return a.grad, seen


@case
def function_materialize_grads_false(m):
    seen = []

    class Two(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            seen.append((g1 is None, g2 is None))
            out = 0
            if g1 is not None:
                out = out + g1 * 2
            if g2 is not None:
                out = out + g2 * 3
            return out

    x = _leaf(m, 1.0, 2.0)
    a, b = Two.apply(x)
    a.sum().backward()
    return x.grad, seen


@case
def function_materialize_grads_default(m):
    seen = []

    class Two(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            seen.append((g1 is None, g2 is None, g2.sum().item()))
            return g1 * 2 + g2 * 3

    x = _leaf(m, 1.0, 2.0)
    a, b = Two.apply(x)
    a.sum().backward()
    return x.grad, seen


@case
def function_too_few_grads(m):
    class F(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x, y):
            return x * y

        @staticmethod
        def backward(ctx, g):
            return g

    x = _leaf(m, 1.0, 2.0)
    F.apply(x, x).sum().backward()


@case
def function_too_many_grads(m):
    class F(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2, g

    x = _leaf(m, 1.0, 2.0)
    F.apply(x).sum().backward()


@case
def function_extra_none_grads_ok(m):
    class F(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2, None, None

    x = _leaf(m, 1.0, 2.0)
    F.apply(x).sum().backward()
    return x.grad


@case
def function_grad_wrong_shape(m):
    class F(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g.sum()

    x = _leaf(m, 1.0, 2.0)
    F.apply(x).sum().backward()


@case
def function_apply_kwargs_refused(m):
    class F(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x, k=2.0):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g * 2, None

    x = _leaf(m, 1.0, 2.0)
    return F.apply(x, k=3.0)


@case
def function_no_grad_inputs(m):
    class F(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    y = F.apply(m.ones(2))
    return y.requires_grad, y.grad_fn is None


@case
def function_under_no_grad(m):
    class F(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    with m.no_grad():
        y = F.apply(_leaf(m, 1.0))
    return y.requires_grad


@case
def function_returns_input_unchanged(m):
    class Ident(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 5

    x = _leaf(m, 1.0, 2.0)
    y = Ident.apply(x)
    y.sum().backward()
    return y is x, y.is_leaf, x.grad


@case
def function_double_backward(m):
    class Cube(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 3 * x ** 2

    x = _leaf(m, 1.0, 2.0)
    (g,) = m.autograd.grad(Cube.apply(x).sum(), x, create_graph=True)
    (gg,) = m.autograd.grad(g.sum(), x)
    return g, gg


@case
def function_saved_tensors_twice_after_free(m):
    class Sq(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * g * x

    x = _leaf(m, 1.0, 2.0)
    y = Sq.apply(x).sum()
    y.backward()
    y.backward()


@case
def function_once_differentiable_double_refused(m):
    once = m.autograd.function.once_differentiable

    class Sq(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @once
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * g * x

    x = _leaf(m, 1.0, 2.0)
    (g,) = m.autograd.grad(Sq.apply(x).sum(), x, create_graph=True)
    res = [g.detach()]
    try:
        m.autograd.grad(g.sum(), x)
    except RuntimeError:
        res.append("refused")
    return res


@case
def function_once_differentiable_first_order(m):
    mod = m.autograd
    once = mod.function.once_differentiable

    class Sq(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @once
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * g * x

    x = _leaf(m, 1.0, 2.0)
    Sq.apply(x).sum().backward()
    return x.grad


@case
def function_module_names(m):
    mod = m.autograd.function
    return mod.Function is m.autograd.Function, callable(mod.once_differentiable)


@case
def function_instantiate_call_refused(m):
    class F(_fn_cls(m)):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    return F()(_leaf(m, 1.0))


# -- autograd.functional --


def _af(m):
    return m.autograd.functional


def _quad(x):
    return (x ** 2).sum() * x[0] + x.sin().sum()


def _vecf(x):
    return x ** 2 * x.flip(0)


@case
def functional_jacobian(m):
    x = m.tensor([0.5, 1.0, -1.5], dtype=m.float64)
    j = _af(m).jacobian(_vecf, x)
    return j, x.requires_grad


@case
def functional_jacobian_tuple_inputs(m):
    a = m.tensor([0.5, 1.0], dtype=m.float64)
    b = m.tensor([2.0, -1.0], dtype=m.float64)
    return _af(m).jacobian(lambda u, v: u * v.exp(), (a, b))


@case
def functional_jacobian_create_graph(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64, requires_grad=True)
    j = _af(m).jacobian(_vecf, x, create_graph=True)
    j.sum().backward()
    return j, j.requires_grad, x.grad


@case
def functional_jacobian_no_create_graph_detached(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64, requires_grad=True)
    j = _af(m).jacobian(_vecf, x)
    return j.requires_grad


@case
def functional_jacobian_vectorize(m):
    x = m.tensor([0.5, 1.0, 2.0], dtype=m.float64)
    return _af(m).jacobian(_vecf, x, vectorize=True)


@case
def functional_jacobian_strict_independent(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64)
    return _af(m).jacobian(lambda t: m.ones(2, dtype=m.float64), x, strict=True)


@case
def functional_jacobian_nonstrict_independent(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64)
    return _af(m).jacobian(lambda t: m.ones(2, dtype=m.float64), x)


@case
def functional_jacobian_strict_vectorize_refused(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64)
    return _af(m).jacobian(_vecf, x, strict=True, vectorize=True)


@case
def functional_jacobian_strategy_forward_needs_vectorize(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64)
    return _af(m).jacobian(_vecf, x, strategy="forward-mode")


@case
def functional_jacobian_bad_strategy(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64)
    return _af(m).jacobian(_vecf, x, strategy="sideways")


@case
def functional_jacobian_forward_mode_vectorized(m):
    x = m.tensor([0.5, 1.0, 2.0], dtype=m.float64)
    return _af(m).jacobian(_vecf, x, vectorize=True, strategy="forward-mode")


@case
def functional_jacobian_forward_mode_strict_refused(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64)
    return _af(m).jacobian(_vecf, x, strict=True, vectorize=True, strategy="forward-mode")


@case
def functional_jacobian_forward_mode_create_graph_refused(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64)
    return _af(m).jacobian(_vecf, x, create_graph=True, vectorize=True, strategy="forward-mode")


@case
def functional_hessian(m):
    x = m.tensor([0.5, 1.0, -1.5], dtype=m.float64)
    return _af(m).hessian(_quad, x)


@case
def functional_hessian_nonscalar_refused(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64)
    return _af(m).hessian(_vecf, x)


@case
def functional_hessian_tuple(m):
    a = m.tensor([0.5, 1.0], dtype=m.float64)
    b = m.tensor([2.0], dtype=m.float64)
    return _af(m).hessian(lambda u, v: (u * u * v).sum(), (a, b))


@case
def functional_vjp(m):
    x = m.tensor([0.5, 1.0, -1.5], dtype=m.float64)
    v = m.tensor([1.0, 2.0, 3.0], dtype=m.float64)
    return _af(m).vjp(_vecf, x, v)


@case
def functional_vjp_scalar_no_v(m):
    x = m.tensor([0.5, 1.0, -1.5], dtype=m.float64)
    return _af(m).vjp(_quad, x)


@case
def functional_vjp_nonscalar_no_v_refused(m):
    x = m.tensor([0.5, 1.0, -1.5], dtype=m.float64)
    return _af(m).vjp(_vecf, x)


@case
def functional_vjp_v_wrong_shape(m):
    x = m.tensor([0.5, 1.0, -1.5], dtype=m.float64)
    return _af(m).vjp(_vecf, x, m.ones(2, dtype=m.float64))


@case
def functional_jvp(m):
    x = m.tensor([0.5, 1.0, -1.5], dtype=m.float64)
    v = m.tensor([1.0, 0.0, 2.0], dtype=m.float64)
    return _af(m).jvp(_vecf, x, v)


@case
def functional_jvp_create_graph(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64, requires_grad=True)
    v = m.tensor([1.0, 2.0], dtype=m.float64)
    out, jv = _af(m).jvp(_vecf, x, v, create_graph=True)
    jv.sum().backward()
    return out, jv, x.grad


@case
def functional_hvp(m):
    x = m.tensor([0.5, 1.0, -1.5], dtype=m.float64)
    v = m.tensor([1.0, 0.0, 2.0], dtype=m.float64)
    return _af(m).hvp(_quad, x, v)


@case
def functional_vhp(m):
    x = m.tensor([0.5, 1.0, -1.5], dtype=m.float64)
    v = m.tensor([1.0, 0.0, 2.0], dtype=m.float64)
    return _af(m).vhp(_quad, x, v)


@case
def functional_hvp_strict_linear_refused(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64)
    v = m.tensor([1.0, 0.0], dtype=m.float64)
    return _af(m).hvp(lambda t: (t * 2).sum(), x, v, strict=True)


@case
def functional_hvp_nonstrict_linear(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64)
    v = m.tensor([1.0, 0.0], dtype=m.float64)
    return _af(m).hvp(lambda t: (t * 2).sum(), x, v)


@case
def functional_vjp_non_tensor_output_refused(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64)
    return _af(m).vjp(lambda t: 3.0, x)


@case
def functional_hessian_create_graph(m):
    x = m.tensor([0.5, 1.0], dtype=m.float64, requires_grad=True)
    h = _af(m).hessian(_quad, x, create_graph=True)
    h.sum().backward()
    return h, x.grad


# -- checkpoint --


def _block(m, x, w):
    return (x * w).tanh().mul(w).sin()


@case
def checkpoint_reentrant_grads(m):
    x = _leaf(m, 0.5, 1.0, -0.3)
    w = _leaf(m, 1.5, -0.5, 2.0)
    y = _ckpt(m)(lambda a, b: _block(m, a, b), x, w, use_reentrant=True)
    y.sum().backward()
    return y, x.grad, w.grad


@case
def checkpoint_nonreentrant_grads(m):
    x = _leaf(m, 0.5, 1.0, -0.3)
    w = _leaf(m, 1.5, -0.5, 2.0)
    y = _ckpt(m)(lambda a, b: _block(m, a, b), x, w, use_reentrant=False)
    y.sum().backward()
    return y, x.grad, w.grad


@case
def checkpoint_nonreentrant_kwargs(m):
    x = _leaf(m, 0.5, 1.0)
    y = _ckpt(m)(lambda a, k=1.0: a.exp() * k, x, use_reentrant=False, k=3.0)
    y.sum().backward()
    return x.grad


@case
def checkpoint_reentrant_kwargs_refused(m):
    x = _leaf(m, 0.5, 1.0)
    return _ckpt(m)(lambda a, k=1.0: a.exp() * k, x, use_reentrant=True, k=3.0)


@case
def checkpoint_reentrant_closure_weight_input_grad(m):
    w = _leaf(m, 1.5, -0.5)
    x = _leaf(m, 0.5, 1.0)
    y = _ckpt(m)(lambda a: (a * w).exp(), x, use_reentrant=True)
    y.sum().backward()
    return x.grad, w.grad


@case
def checkpoint_rng_preserved(m):
    x = _leaf(m, 0.5, 1.0, -0.3, 2.0)

    def f(a):
        return a * m.rand(4, dtype=m.float64)

    res = []
    for reentrant in (True, False):
        m.manual_seed(3)
        x.grad = None
        y = _ckpt(m)(f, x, use_reentrant=reentrant)
        y.sum().backward()
        res.append(bool((x.grad == y / x).all()))
    return res


@case
def checkpoint_multiple_outputs(m):
    x = _leaf(m, 0.5, 1.0)
    a, b = _ckpt(m)(lambda t: (t.exp(), t.sin()), x, use_reentrant=False)
    (a.sum() + b.sum()).backward()
    return x.grad


@case
def checkpoint_no_grad_mode(m):
    x = _leaf(m, 0.5, 1.0)
    with m.no_grad():
        y = _ckpt(m)(lambda t: t.exp(), x, use_reentrant=False)
    return y.requires_grad


@case
def checkpoint_nonreentrant_closure_weight_only(m):
    """The input needs no gradient: the closure's weight alone makes the output need one."""
    w = _leaf(m, 1.5, -0.5, 2.0)
    x = m.tensor([0.5, 1.0, -0.3], dtype=m.float64)
    y = _ckpt(m)(lambda a: (a * w).exp(), x, use_reentrant=False)
    y.sum().backward()
    return y.requires_grad, w.grad


@case
def checkpoint_nonreentrant_autograd_grad_of_closure_weight(m):
    w = _leaf(m, 1.5, -0.5, 2.0)
    x = _leaf(m, 0.5, 1.0, -0.3)
    y = _ckpt(m)(lambda a: (a * w).exp(), x, use_reentrant=False)
    return m.autograd.grad(y.sum(), [w, x]), w.grad, x.grad


@case
def checkpoint_nonreentrant_non_leaf_closure_tensor(m):
    w0 = _leaf(m, 1.0, 2.0, 3.0)
    w2 = w0 * 2
    x = m.tensor([0.5, 1.0, -0.3], dtype=m.float64)
    y = _ckpt(m)(lambda a: (a * w2).sin(), x, use_reentrant=False)
    (y.sum() + w2.sum()).backward()
    return w0.grad


@case
def checkpoint_nonreentrant_closure_holds_a_tensor_and_its_source(m):
    w0 = _leaf(m, 1.0, 2.0, 3.0)
    w2 = w0 * 2
    x = m.tensor([0.5, 1.0, -0.3], dtype=m.float64)
    y = _ckpt(m)(lambda a: (a * w2 + w0).sin(), x, use_reentrant=False)
    y.sum().backward()
    return w0.grad


@case
def checkpoint_nonreentrant_partial(m):
    import functools

    w = _leaf(m, 1.5, -0.5, 2.0)
    x = m.tensor([0.5, 1.0, -0.3], dtype=m.float64)
    y = _ckpt(m)(functools.partial(lambda a, b: (a * b).tanh(), b=w), x, use_reentrant=False)
    y.sum().backward()
    return w.grad


@case
def checkpoint_nonreentrant_hooks_on_closure_weight_run_once(m):
    w = _leaf(m, 1.5, -0.5, 2.0)
    x = m.tensor([0.5, 1.0, -0.3], dtype=m.float64)
    calls = []
    w.register_hook(lambda g: calls.append(1) or g * 2)
    y = _ckpt(m)(lambda a: (a * w).exp(), x, use_reentrant=False)
    y.sum().backward()
    return len(calls), w.grad


# -- saved tensor hooks --


def _graph(m):
    return m.autograd.graph


@case
def saved_hooks_identity_gives_same_grads(m):
    x = _leaf(m, 0.5, 1.0, -0.3)
    packed = []
    with _graph(m).saved_tensors_hooks(lambda t: packed.append(1) or t, lambda t: t):
        y = (x.exp() * x).sin().sum()
    y.backward()
    return len(packed) > 0, x.grad


@case
def saved_hooks_unpack_replaces_values(m):
    x = _leaf(m, 0.5, 1.0, -0.3)
    with _graph(m).saved_tensors_hooks(lambda t: t.detach().clone(), lambda t: t * 0 + 2):
        y = (x * x).sum()
    y.backward()
    return x.grad  # d(x*x) with both saved factors read back as 2: 2 + 2


@case
def saved_hooks_unpack_must_return_a_tensor(m):
    x = _leaf(m, 0.5, 1.0)
    with _graph(m).saved_tensors_hooks(lambda t: t, lambda t: 3):
        y = (x * x).sum()
    y.backward()


@case
def saved_hooks_innermost_applies_and_exit_restores(m):
    x = _leaf(m, 0.5, 1.0)
    outer, inner = [], []
    g = _graph(m)
    with g.saved_tensors_hooks(lambda t: outer.append(1) or t, lambda t: t):
        with g.saved_tensors_hooks(lambda t: inner.append(1) or t, lambda t: t):
            y = x.exp()
        z = x.sin()
    w = x.cos()
    (y + z + w).sum().backward()
    return len(outer), len(inner), x.grad


@case
def saved_hooks_save_on_cpu(m):
    x = _leaf(m, 0.5, 1.0, -0.3)
    with _graph(m).save_on_cpu():
        y = (x.exp() * x).tanh().sum()
    y.backward()
    return x.grad


@case
def saved_hooks_disabled_refuses_hooks(m):
    g = _graph(m)
    with g.disable_saved_tensors_hooks("no saved hooks in this region"):
        with g.saved_tensors_hooks(lambda t: t, lambda t: t):
            pass


@case
def saved_hooks_disabled_inside_open_hooks(m):
    g = _graph(m)
    with g.saved_tensors_hooks(lambda t: t, lambda t: t):
        with g.disable_saved_tensors_hooks("no saved hooks in this region"):
            pass


@case
def saved_hooks_grad_fn_is_a_graph_node(m):
    x = _leaf(m, 0.5, 1.0)
    return isinstance(x.exp().grad_fn, _graph(m).Node), isinstance(x, _graph(m).Node)


@case
def hook_changing_the_dtype_raises(m):
    x = m.ones(2, requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: g.double())
    y.sum().backward()


@case
def leaf_hook_changing_the_dtype_raises(m):
    x = m.ones(2, requires_grad=True)
    x.register_hook(lambda g: g.double())
    (x * 2).sum().backward()


@case
def grad_flag_of_the_wrong_type(m):
    x = _leaf(m, 1.0, 2.0)
    return m.autograd.grad((x * 3).sum(), x, allow_unused="x")


@case
def grad_flags_as_ints(m):
    x = _leaf(m, 1.0, 2.0)
    return m.autograd.grad((x * 3).sum(), x, retain_graph=1, allow_unused=0)


# -- inference tensors --


@case
def inference_tensors_are_marked(m):
    x = m.ones(3)
    with m.inference_mode():
        a = m.ones(3)
        b = a * 2
        v = a[:2]
        view_of_normal = x[:1]
    return (a.is_inference(), b.is_inference(), v.is_inference(), x.is_inference(),
            view_of_normal.is_inference(), a.clone().is_inference(), a.detach().is_inference())


@case
def inference_tensor_in_autograd_without_saving(m):
    with m.inference_mode():
        a = m.ones(3, dtype=m.float64)
    w = _leaf(m, 1.0, 2.0, 3.0)
    (a + w).sum().backward()
    return w.grad


@case
def inference_tensor_saved_for_backward(m):
    with m.inference_mode():
        a = m.ones(3, dtype=m.float64)
    w = _leaf(m, 1.0, 2.0, 3.0)
    return (a * w).sum()


@case
def inference_tensor_in_place_outside(m):
    with m.inference_mode():
        a = m.ones(3)
    a.add_(1)


@case
def inference_tensor_in_place_inside(m):
    with m.inference_mode():
        a = m.ones(3)
    with m.inference_mode():
        a.add_(1)
    return a


@case
def inference_tensor_requires_grad_outside(m):
    with m.inference_mode():
        a = m.ones(3)
    a.requires_grad_()


@case
def inference_tensor_version(m):
    with m.inference_mode():
        a = m.ones(3)
    return a._version


@case
def no_grad_tensors_are_not_inference_tensors(m):
    with m.no_grad():
        a = m.ones(3)
    a.add_(1)
    return a.is_inference(), a._version


# -- the test --


@pytest.mark.parametrize("name", sorted(CASES))
def test_engine_idiom_matches_torch(name):
    fn = CASES[name]
    _same(_run(fn, ag), _run(fn, torch))


def test_second_backward_message_names_freed_buffers():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    z = (x.exp() * x).sum()
    z.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time") as e:
        z.backward()
    assert "retain_graph=True" in str(e.value) and "freed" in str(e.value)
