"""In-place writes into views and slices of a graph, against PyTorch.

Each pattern is written once against a module ``lib`` (``autograd`` or ``torch``, whose APIs
match), runs on both with the same float64 leaves, and must give the same loss and the same
gradients for every leaf -- or, for the patterns PyTorch refuses, the same exception type (at
the same stage: forward or backward).
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import nn
from tests.conftest import torch_or_skip

torch = torch_or_skip()  # the whole module compares with PyTorch

RNG = np.random.default_rng(7)
X = RNG.uniform(0.5, 1.5, (3, 4))
W = RNG.uniform(0.5, 1.5, (3, 4))
SEQ = RNG.uniform(-1, 1, (2, 5, 3))  # (batch, time, features)


def _idx(lib, values):
    return lib.tensor(values)


# -- patterns: each returns a scalar loss -----------------------------------------------------


def slice_mul(lib, x, w):
    y = x.clone()
    y[1:, 2:] *= 2
    return (y * w).sum()


def slice_assign_value(lib, x, w):
    y = x.clone()
    y[0] = w[0] * 3
    return (y * y).sum()


def view_add_scalar(lib, x, w):
    y = x * 1
    v = y.view(-1)
    v.add_(1)
    return (y * y).sum()


def view_add_tensor(lib, x, w):
    y = x * 1
    v = y.view(-1)
    v.add_(w.view(-1))
    return (y * w).sum() + v.sum()


def transpose_row_mul(lib, x, w):
    y = x.clone()
    y.t()[0].mul_(3)
    return (y * w).sum()


def column_copy(lib, x, w):
    y = x * 2
    y[:, 1].copy_(w[:, 0])
    return (y * y).sum()


def row_zero(lib, x, w):
    y = x.exp()
    y[0].zero_()
    return (y * w).sum()


def strided_fill_tensor(lib, x, w):
    y = x.clone()
    y[::2].fill_(w.sum())
    return (y * y).sum()


def transposed_slice_mul_tensor(lib, x, w):
    y = x * 1
    y.transpose(0, 1)[1:].mul_(w.t()[1:])
    return (y ** 2).sum()


def unsqueezed_div(lib, x, w):
    y = x + w
    y.unsqueeze(0)[0, 1].div_(2)
    return (y * x).sum()


def narrow_clamp(lib, x, w):
    y = x * w
    y.narrow(1, 0, 2).clamp_(min=0.9)
    return y.sum()


def view_of_view(lib, x, w):
    y = x * 1
    v1 = y[1:]
    v2 = v1[:, 1:]
    v2.mul_(w[1:, 1:])
    return y.sum() + (v1 * v1).sum()


def base_modified_then_old_view(lib, x, w):
    y = x * 1
    v = y[0]
    y.mul_(w)
    return (v * v).sum() + y.sum()


def other_view_modified(lib, x, w):
    y = x * 1
    a = y[0]
    b = y[:, 0]
    a.mul_(3)
    return (b * b).sum()


def view_used_after_its_inplace(lib, x, w):
    y = x.clone()
    v = y[0]
    v.mul_(w[0])
    return (v * v).sum()


def masked_fill_row(lib, x, w):
    y = x * w
    mask = y[1] > 1.0
    y[1].masked_fill_(mask, 0.0)
    return (y * x).sum()


def index_put_advanced(lib, x, w):
    y = x.clone()
    y.index_put_((_idx(lib, [0, 2]),), w[:2])
    return (y * y).sum()


def setitem_index_tensor(lib, x, w):
    y = x * 1
    y[_idx(lib, [2, 0])] = w[1:] * 2
    return (y * w).sum()


def setitem_mask(lib, x, w):
    y = x * w
    y[y > 1.0] = 0.0
    return (y * x).sum()


def setitem_pairs_augmented(lib, x, w):
    y = x * 1
    y[_idx(lib, [0, 1]), _idx(lib, [1, 2])] += w[0, :2]
    return (y * y).sum()


def relu_on_view(lib, x, w):
    y = x - w
    y[0].relu_()
    return (y * y).sum()


def sigmoid_on_view(lib, x, w):
    y = x * w
    y[:, 2].sigmoid_()
    return (y * x).sum()


def exp_on_view(lib, x, w):
    y = x - 1
    y[1:].exp_()
    return (y * w).sum()


def pow_on_view(lib, x, w):
    y = x * 1
    y[:, :2].pow_(3)
    return (y * w).sum()


def reshaped_view_sub(lib, x, w):
    y = x * 1
    y.view(6, 2)[1].sub_(w.view(6, 2)[2])
    return (y * y).sum()


def reshape_contiguous_slice(lib, x, w):
    y = x.clone()
    y.reshape(-1)[2:6].mul_(w.reshape(-1)[:4])
    return (y * x).sum()


def permuted_3d(lib, x, w):
    y = (x * 1).reshape(3, 2, 2)
    y.permute(2, 0, 1)[0].add_(w.reshape(3, 2, 2)[:, :, 0])
    return (y * y).sum()


def squeeze_unsqueeze_chain(lib, x, w):
    y = x * 1
    y.unsqueeze(1).squeeze(1)[0].mul_(w[0])
    return (y * y).sum()


def scatter_inplace(lib, x, w):
    y = x.clone()
    idx = _idx(lib, [[0, 1], [2, 3], [1, 0]])
    y.scatter_(1, idx, w[:, :2])
    return (y * y).sum()


def index_add_inplace(lib, x, w):
    y = x * 1
    y.index_add_(0, _idx(lib, [0, 0, 2]), w)
    return (y * y).sum()


def copy_whole(lib, x, w):
    y = x * 1
    y.copy_(w * 2)
    return (y * y).sum() + x.sum()


def augmented_whole(lib, x, w):
    y = x * 1
    y += w
    y *= w
    return y.sum()


def select_method(lib, x, w):
    y = x * 1
    y.select(1, 2).mul_(w.select(1, 0))
    return (y * y).sum()


def repeated_writes_same_view(lib, x, w):
    y = x.clone()
    v = y[1:, 1:]
    for _ in range(3):
        v.mul_(w[1:, 1:])
        v.add_(1)
    return (y * y).sum()


def dropout_free_rnn_loop(lib, x, w):
    # out[:, t] = cell(x[:, t], state): one time step at a time into a preallocated buffer
    seq = lib.tensor(SEQ)
    batch, steps, feat = seq.shape
    out = lib.zeros(batch, steps, feat, dtype=lib.float64)
    h = lib.zeros(batch, feat, dtype=lib.float64)
    for t in range(steps):
        h = lib.tanh(seq[:, t] * x[0, :feat] + h * w[1, :feat])
        out[:, t] = h
    return (out * out).sum()


def loop_reading_previous_step(lib, x, w):
    # each step reads the previous step back out of the buffer it writes into
    out = lib.zeros(4, 3, dtype=lib.float64)
    out[0] = x[0, :3]
    for t in range(1, 4):
        out[t] = out[t - 1] + x[t - 1, 1:] * w[t - 1, :3]
    return (out ** 2).sum()


def loop_saving_previous_step(lib, x, w):
    # the product saves a view of the buffer, which the next write modifies
    out = lib.zeros(4, 3, dtype=lib.float64)
    out[0] = x[0, :3]
    for t in range(1, 4):
        out[t] = out[t - 1] * w[t - 1, :3] + x[t - 1, 1:]
    return (out ** 2).sum()


def loop_accumulate_into_slices(lib, x, w):
    acc = x * 0
    for k in range(3):
        acc[:, k:k + 2] += w[:, k:k + 2] * x[:, k:k + 2]
    return (acc * acc).sum()


def write_then_read_base_and_views(lib, x, w):
    y = x * 1
    top, bottom = y[:1], y[1:]
    bottom.mul_(w[1:])
    top.add_(bottom[0])
    return (y * y).sum() + (top * bottom[1]).sum()


def detached_write_breaks_saved(lib, x, w):
    y = x * 1
    z = y.exp()  # saves its output
    z.detach().zero_()
    return z.sum()


def write_after_scaling_by_a_constant_tensor(lib, x, w):
    # the operand of a product whose other side needs no gradient is not saved
    y = x * w
    mask = (w > 1).to(x.dtype)  # no gradient
    z = y * mask
    q = y / (mask + 1)
    y.add_(1)  # writing into what z and q read does not break their backward
    return (z * z).sum() + q.sum() + y.sum()


def write_into_the_input_of_a_frozen_layer(lib, x, w):
    # a linear layer whose weight needs no gradient keeps only its weight for backward
    h = x * 1
    frozen = w.detach()
    linear = nn.functional.linear if lib is ag else lib.nn.functional.linear
    y = linear(h, frozen)
    h.mul_(3)
    return (y * y).sum() + h.sum()


def write_into_the_input_of_a_frozen_convolution(lib, x, w):
    # unlike a linear layer, PyTorch's convolution keeps its input even when its kernel needs
    # no gradient: writing into that input breaks its backward there, and here
    h = x.reshape(1, 1, 3, 4) * 1
    kernel = w[:2, :2].reshape(1, 1, 2, 2).detach()
    conv2d = nn.functional.conv2d if lib is ag else lib.nn.functional.conv2d
    y = conv2d(h, kernel, padding=1)
    h.mul_(3)
    return (y * y).sum() + h.sum()


def write_after_scaling_by_a_number(lib, x, w):
    # mul and div by a Python number save nothing the later write changes
    y = x * w
    y[:, 0] = y[:, 0] * 2
    y[:, 1] = y[:, 1] / 4
    y.add_(1)
    return (y.relu_() * w).sum()


PATTERNS = [
    write_into_the_input_of_a_frozen_layer, write_after_scaling_by_a_constant_tensor,
    write_after_scaling_by_a_number, slice_mul,
    slice_assign_value, view_add_scalar,
    view_add_tensor, transpose_row_mul,
    column_copy, strided_fill_tensor, transposed_slice_mul_tensor, unsqueezed_div,
    narrow_clamp, view_of_view, base_modified_then_old_view, other_view_modified,
    view_used_after_its_inplace, masked_fill_row, index_put_advanced, setitem_index_tensor,
    setitem_mask, setitem_pairs_augmented, relu_on_view, sigmoid_on_view, exp_on_view,
    pow_on_view, reshaped_view_sub, reshape_contiguous_slice, permuted_3d,
    squeeze_unsqueeze_chain, scatter_inplace, index_add_inplace, copy_whole, augmented_whole,
    select_method, repeated_writes_same_view, dropout_free_rnn_loop, loop_reading_previous_step,
    loop_accumulate_into_slices, write_then_read_base_and_views,
]


# -- patterns PyTorch refuses: same exception type, same stage ---------------------------------


def leaf_inplace(lib, x, w):
    x.add_(1)
    return x.sum()


def leaf_view_inplace(lib, x, w):
    x[0].mul_(2)
    return x.sum()


def leaf_setitem(lib, x, w):
    x[0] = 1.0
    return x.sum()


def expanded_inplace(lib, x, w):
    e = (x * 1)[0].expand(3, 4)
    e.add_(1)
    return e.sum()


def no_grad_view_then_inplace(lib, x, w):
    y = x * 1
    with lib.no_grad():
        v = y[0]
    v.mul_(w[0])
    return y.sum()


def no_grad_view_of_leaf_used_after_update(lib, x, w):
    with lib.no_grad():
        v = x[0]
        x.mul_(2)
    return (v * w[0]).sum()


def split_piece_inplace(lib, x, w):
    a, b = (x * 1).split(2)
    a.mul_(2)
    return a.sum()


def unbind_piece_after_base_write(lib, x, w):
    y = x * 1
    rows = y.unbind(0)
    y.mul_(2)
    return rows[0].sum()


def base_written_while_view_saved(lib, x, w):
    y = x * 1
    v = y[0]
    z = v * v  # saves v
    y.add_(1)
    return z.sum()


def saved_input_overwritten(lib, x, w):
    y = x * 1
    z = y.sin()  # saves its input
    y[1].mul_(2)
    return z.sum()


REFUSED = [
    leaf_inplace, leaf_view_inplace, leaf_setitem, expanded_inplace, no_grad_view_then_inplace,
    no_grad_view_of_leaf_used_after_update, split_piece_inplace, unbind_piece_after_base_write,
    base_written_while_view_saved, saved_input_overwritten, detached_write_breaks_saved,
    row_zero, loop_saving_previous_step, write_into_the_input_of_a_frozen_convolution,
]


def _run(lib, fn):
    """(loss, grads) or (stage, exception type) for one library."""
    x = lib.tensor(X.copy(), requires_grad=True)
    w = lib.tensor(W.copy(), requires_grad=True)
    try:
        loss = fn(lib, x, w)
    except Exception as exc:  # the exception type is what the test compares
        return "forward", type(exc)
    try:
        loss.backward()
    except Exception as exc:  # the exception type is what the test compares
        return "backward", type(exc)
    grads = [None if t.grad is None else np.asarray(t.grad.detach().numpy()) for t in (x, w)]
    return float(loss.detach().numpy()), grads


@pytest.mark.parametrize("fn", PATTERNS, ids=lambda f: f.__name__)
def test_pattern_matches_torch(fn):
    theirs = _run(torch, fn)
    assert not isinstance(theirs[0], str), "PyTorch refuses this pattern: move it to REFUSED"
    ours = _run(ag, fn)
    assert not isinstance(ours[0], str), f"ours raised {ours[1].__name__} at {ours[0]}"
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-12, atol=1e-12)
    for mine, ref in zip(ours[1], theirs[1]):
        if ref is None:
            assert mine is None or not mine.any()
        else:
            np.testing.assert_allclose(mine, ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("fn", REFUSED, ids=lambda f: f.__name__)
def test_refused_like_torch(fn):
    theirs = _run(torch, fn)
    assert isinstance(theirs[0], str), "PyTorch accepts this pattern: move it to PATTERNS"
    assert _run(ag, fn) == theirs


def test_pattern_lists_are_large_enough():
    assert len(PATTERNS) + len(REFUSED) >= 30
