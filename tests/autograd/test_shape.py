"""Shape ops: what the registry cannot express (views and version counters, view vs reshape,
tuple outputs, dtype promotion in cat/stack, aliasing of copies, error messages)."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag


def _arange(*shape, device="cpu", requires_grad=False):
    n = int(np.prod(shape))
    return ag.tensor(np.arange(n, dtype=np.float64).reshape(shape), device=device,
                     requires_grad=requires_grad)


def _host(t):
    return t.detach().cpu().numpy()


# -- views share memory and the version counter ------------------------------------------------


@pytest.mark.parametrize("make_view", [
    lambda x: x.view(6, 4),
    lambda x: x.reshape(4, 6),
    lambda x: x.flatten(),
    lambda x: x.unsqueeze(1),
    lambda x: x.unflatten(2, (2, 2)),
    lambda x: x.transpose(0, 2),
    lambda x: x.permute(2, 0, 1),
    lambda x: ag.movedim(x, 0, -1),
    lambda x: x.narrow(1, 1, 2),
    lambda x: x[None].squeeze(0),
    lambda x: x.mT,
], ids=["view", "reshape", "flatten", "unsqueeze", "unflatten", "transpose", "permute",
        "movedim", "narrow", "squeeze", "mT"])
def test_view_shares_memory_and_version(make_view, device):
    x = _arange(2, 3, 4, device=device)
    v = make_view(x)
    before = _host(v).copy()
    assert v._vc is x._vc
    with ag.no_grad():
        v.mul_(2)
    np.testing.assert_array_equal(_host(make_view(x)), 2 * before)
    assert _host(x).sum() == np.arange(24.0).sum() + before.sum()
    assert x._version == 1 and v._version == 1
    with ag.no_grad():
        x.add_(1)
    assert v._version == 2


@pytest.mark.parametrize("pieces", [
    lambda x: x.chunk(2, 1),
    lambda x: x.split([1, 2], 1),
    lambda x: x.unbind(1),
    lambda x: ag.split(x, 2, dim=-1),
], ids=["chunk", "split-sizes", "unbind", "split-size"])
def test_multi_output_pieces_are_views(pieces, device):
    x = _arange(2, 3, 4, device=device)
    out = pieces(x)
    assert isinstance(out, tuple)
    assert all(p._vc is x._vc for p in out)
    with ag.no_grad():
        out[-1].fill_(-1.0)
    assert x._version == 1
    assert (_host(x) == -1).sum() == out[-1].numel()


def test_chunk_split_unbind_tuples():
    x = _arange(7, 2)
    assert [p.shape for p in x.chunk(3)] == [(3, 2), (3, 2), (1, 2)]
    assert [p.shape for p in ag.chunk(_arange(6, 2), 4)] == [(2, 2)] * 3
    assert [p.shape for p in ag.chunk(_arange(0, 2), 3)] == [(0, 2)] * 3
    assert [p.shape for p in x.split(3)] == [(3, 2), (3, 2), (1, 2)]
    assert [p.shape for p in x.split([2, 0, 5])] == [(2, 2), (0, 2), (5, 2)]
    assert [p.shape for p in _arange(0, 2).split(2)] == [(0, 2)]
    assert [p.shape for p in x.unbind(1)] == [(7,), (7,)]
    assert _arange(0, 2).unbind(0) == ()
    np.testing.assert_array_equal(_host(x.unbind(1)[1]), np.arange(14.0).reshape(7, 2)[:, 1])


def test_one_piece_used_gets_zeros_elsewhere():
    x = _arange(4, 3, requires_grad=True)
    a, b = x.chunk(2)
    (b * 3).sum().backward()
    np.testing.assert_array_equal(_host(x.grad), np.r_[np.zeros((2, 3)), 3 * np.ones((2, 3))])


def test_stale_piece_is_detected():
    x = _arange(4, 3, requires_grad=True).clone()
    a, _ = x.chunk(2)
    x.mul_(2)  # a differentiable in-place op on the base after the views were taken
    # as PyTorch: the pieces of a multi-output view op cannot follow their base's history
    with pytest.raises(RuntimeError, match="Output 0 of Split is a view and its base or another "
                                           "view of its base has been modified inplace"):
        a.sum()


def test_view_needs_compatible_strides():
    x = _arange(2, 3, 4)
    t = x.transpose(1, 2)
    with pytest.raises(RuntimeError, match=r"view size is not compatible .* Use \.reshape"):
        t.view(2, 12)
    r = t.reshape(2, 12)  # the same request through reshape copies
    np.testing.assert_array_equal(_host(r), np.arange(24.0).reshape(2, 3, 4)
                                  .transpose(0, 2, 1).reshape(2, 12))
    assert r._vc is not x._vc and r.grad_fn is None
    with ag.no_grad():
        r.fill_(0)
    assert _host(x).sum() == np.arange(24.0).sum()
    # a real view of a non-contiguous input where the strides allow it
    n = x.narrow(2, 1, 2)
    assert not n.is_contiguous()
    v = n.view(6, 2)
    assert v._vc is x._vc
    assert np.shares_memory(v._data, x._data)


def test_reshape_view_or_copy_is_recorded_by_name():
    x = _arange(2, 3, requires_grad=True)
    assert x.reshape(3, 2).grad_fn.name() == "ReshapeBackward0"
    assert x.t().reshape(6).grad_fn.name() == "ReshapeCopyBackward0"
    assert x.unsqueeze(0).grad_fn.name() == "UnsqueezeBackward0"


def test_flatten_same_dim_and_contiguous_return_input():
    x = _arange(2, 3)
    assert x.flatten(1, 1) is x
    assert x.contiguous() is x
    t = x.t()
    c = t.contiguous()
    assert c is not t and c.is_contiguous() and not np.shares_memory(c._data, x._data)
    assert ag.flatten(ag.tensor(3.0)).shape == (1,)


@pytest.mark.parametrize("op", [
    lambda x: x.flip(0),
    lambda x: x.roll(1, 0),
    lambda x: x.repeat(1, 1),
    lambda x: x.repeat(2, 1),
    lambda x: ag.cat([x]),
    lambda x: ag.stack([x]),
    lambda x: ag.pad(x, (0, 0)),
    lambda x: ag.pad(x, (-1, 0)),
    lambda x: ag.pad(x, (1, 0), mode="reflect"),
    lambda x: x.tril(),
], ids=["flip", "roll", "repeat-ones", "repeat", "cat", "stack", "pad-zero", "pad-crop",
        "pad-reflect", "tril"])
def test_copies_do_not_alias_their_input(op):
    x = _arange(3, 4)
    y = op(x)
    assert y._vc is not x._vc
    assert not np.shares_memory(y._data, x._data)
    with ag.no_grad():
        y.fill_(-1)
    np.testing.assert_array_equal(_host(x), np.arange(12.0).reshape(3, 4))


def test_expand_is_a_broadcast_view():
    x = _arange(3, 1, requires_grad=True)
    y = x.expand(2, -1, 4)
    assert y.shape == (2, 3, 4) and y._vc is x._vc
    y.sum().backward()
    np.testing.assert_array_equal(_host(x.grad), np.full((3, 1), 8.0))


# -- cat and stack: dtype promotion, legacy empty tensors ---------------------------------------


@pytest.mark.parametrize("dtypes,expected", [
    ((ag.int32, ag.float16), ag.float16),
    ((ag.int64, ag.bool), ag.int64),
    ((ag.float32, ag.float64), ag.float64),
    ((ag.bool, ag.bool), ag.bool),
    ((ag.int32, ag.int64, ag.float32), ag.float32),
])
def test_cat_and_stack_promote_dtypes(dtypes, expected):
    tensors = [ag.ones(2, dtype=dt) for dt in dtypes]
    assert ag.cat(tensors).dtype == expected
    assert ag.stack(tensors).dtype == expected


def test_cat_gradient_keeps_each_input_dtype():
    a = ag.ones(2, dtype=ag.float32, requires_grad=True)
    b = ag.ones(3, dtype=ag.float64, requires_grad=True)
    out = ag.cat([a, b])
    assert out.dtype == ag.float64
    (out * ag.arange(5, dtype=ag.float64)).sum().backward()
    assert a.grad.dtype == ag.float32 and b.grad.dtype == ag.float64
    np.testing.assert_array_equal(_host(a.grad), [0, 1])
    np.testing.assert_array_equal(_host(b.grad), [2, 3, 4])


def test_cat_skips_legacy_empty_and_aliases():
    e = ag.zeros(0, requires_grad=True)
    x = _arange(2, 3, requires_grad=True)
    out = ag.cat([e, x, e], dim=1)
    assert out.shape == (2, 3)
    out.sum().backward()
    assert e.grad.shape == (0,)
    assert ag.concat is ag.cat and ag.concatenate is ag.cat


def test_cat_gradients_are_slices_not_copies():
    a = ag.ones(2, 3, dtype=ag.float64, requires_grad=True)
    b = ag.ones(2, 4, dtype=ag.float64, requires_grad=True)
    g = ag.cat([a, b], 1)
    (ga, gb) = ag.grad([g], [a, b], [_arange(2, 7)])
    np.testing.assert_array_equal(_host(ga), np.arange(14.0).reshape(2, 7)[:, :3])
    np.testing.assert_array_equal(_host(gb), np.arange(14.0).reshape(2, 7)[:, 3:])


# -- higher order through the multi-output and padding ops --------------------------------------


def test_second_order_through_split_cat_and_reflect_pad():
    x = ag.tensor(np.linspace(-1, 1, 12).reshape(3, 4), requires_grad=True)

    def f(x):
        a, b = x.split([1, 3], 1)
        y = ag.cat([b, a * a], 1)
        return (ag.pad(y, (2, 1), mode="reflect") ** 3).sum()

    assert ag.gradgradcheck(f, [x])
    (g,) = ag.grad([f(x)], [x], create_graph=True)
    (h,) = ag.grad([g.sum()], [x])
    assert h.shape == x.shape


# -- errors name the op and the shapes ----------------------------------------------------------


@pytest.mark.parametrize("call,exc,pattern", [
    (lambda x: x.transpose(0, 3), IndexError, r"transpose: Dimension out of range .*\[-3, 2\]"),
    (lambda x: x.squeeze(5), IndexError, r"squeeze: Dimension out of range"),
    (lambda x: x.unsqueeze(4), IndexError, r"unsqueeze: Dimension out of range .*\[-4, 3\]"),
    (lambda x: x.reshape(5, -1), RuntimeError, r"shape '\[5, -1\]' is invalid for input of "
                                               r"size 24 \(shape \[2, 3, 4\]\)"),
    (lambda x: x.view(-1, -1), RuntimeError, r"view: shape '\[-1, -1\]' is invalid"),
    (lambda x: x.expand(2, 5, 4), RuntimeError, r"expanded size of the tensor \(5\) must match "
                                                r"the existing size \(3\) .*Target sizes: "
                                                r"\[2, 5, 4\].*Tensor sizes: \[2, 3, 4\]"),
    (lambda x: x.expand(3, 4), RuntimeError, r"number of sizes provided \(2"),
    (lambda x: x.expand(-1, 2, 3, 4), RuntimeError, r"leading, non-existing dimension 0"),
    (lambda x: x.permute(0, 0, 1), RuntimeError, r"duplicate dims"),
    (lambda x: x.permute(0, 1), RuntimeError, r"permute: .*\[0, 1\].*\[2, 3, 4\]"),
    (lambda x: x.t(), RuntimeError, r"t\(\) expects a tensor with <= 2 dimensions, but self "
                                    r"is 3D"),
    (lambda x: x.flatten(2, 1), RuntimeError, r"start_dim .* cannot come after end_dim"),
    (lambda x: x.unflatten(1, (2, 2)), RuntimeError, r"sizes \[2, 2\] don't multiply up to the "
                                                     r"size of dim 1 \(3\)"),
    (lambda x: x.narrow(2, 3, 2), RuntimeError, r"start \(3\) \+ length \(2\) exceeds "
                                                r"dimension size \(4\)"),
    (lambda x: x.narrow(2, 5, 0), IndexError, r"start out of range"),
    (lambda x: x.chunk(0), RuntimeError, r"chunk expects `chunks` to be greater than 0"),
    (lambda x: x.split([1, 2]), RuntimeError, r"split_sizes to sum exactly to 2 .* "
                                              r"split_sizes=\[1, 2\]"),
    (lambda x: x.split(0, 1), RuntimeError, r"split_size"),
    (lambda x: x.repeat(2, 2), RuntimeError, r"repeat dims \(\[2, 2\]\) can not be smaller"),
    (lambda x: x.flip((0, -3)), RuntimeError, r"flip: dims \[0, -3\]"),
    (lambda x: x.roll((1, 2), 0), RuntimeError, r"shifts and dimensions must align"),
    (lambda x: x[0, 0].tril(), RuntimeError, r"tril: input tensor must have at least 2 dim"),
    (lambda x: ag.movedim(x, (0, 1), 2), RuntimeError, r"movedim: Invalid source or destination"),
    (lambda x: ag.cat([x, x[:, :2, :3]]), RuntimeError, r"Sizes of tensors must match except "
                                                        r"in dimension 0. Expected size 3 but "
                                                        r"got size 2 .*\[2, 2, 3\]"),
    (lambda x: ag.cat([x, x[0]]), RuntimeError, r"same number of dimensions: got 3 and 2"),
    (lambda x: ag.cat([x[0, 0, 0]]), RuntimeError, r"zero-dimensional tensor \(at position 0\)"),
    (lambda x: ag.cat([]), ValueError, r"non-empty list"),
    (lambda x: ag.cat([x, np.ones(3)]), TypeError, r"element 1 is ndarray"),
    (lambda x: ag.stack([x, x[:1]]), RuntimeError, r"stack expects each tensor to be equal "
                                                   r"size, but got \[2, 3, 4\] at entry 0 and "
                                                   r"\[1, 3, 4\] at entry 1"),
    (lambda x: ag.stack([x], 4), IndexError, r"stack: Dimension out of range"),
    (lambda x: ag.pad(x, (1, 2, 3)), RuntimeError, r"divisible by 2"),
    (lambda x: ag.pad(x, (1,) * 8), RuntimeError, r"padding length 8 and input of dimension 3"),
    (lambda x: ag.pad(x, (-3, -2)), RuntimeError, r"negative output size"),
    (lambda x: ag.pad(x, (4, 0), mode="reflect"), RuntimeError, r"Padding size should be less "
                                                                r"than .*\(4, 0\) at dimension 2"),
    (lambda x: ag.pad(x, (5, 0), mode="circular"), RuntimeError, r"wrapping around more than "
                                                                 r"once"),
    (lambda x: ag.pad(x, (1, 1), mode="reflect", value=1.0), RuntimeError, r"doesn't take in "
                                                                           r"value"),
    (lambda x: ag.pad(x, (1, 1), mode="mirror"), NotImplementedError, r"'mirror'"),
])
def test_errors(call, exc, pattern):
    x = _arange(2, 3, 4)
    with pytest.raises(exc, match=pattern):
        call(x)


def test_zero_dim_rules():
    s = ag.tensor(2.0)
    assert s.squeeze(0).shape == () and s.squeeze(-1).shape == ()
    assert s.unsqueeze(-1).shape == (1,) and s.t().shape == () and s.T.shape == ()
    assert s.reshape(1, 1).shape == (1, 1) and s.expand(2, 3).shape == (2, 3)
    assert s.repeat(3).shape == (3,)
    assert ag.stack([s, s]).shape == (2,)
    with pytest.raises(RuntimeError, match="narrow"):
        s.narrow(0, 0, 1)
    with pytest.raises(RuntimeError, match="at least a 1-dimensional"):
        s.split(1)
    with pytest.raises(IndexError, match="no dimensions"):
        s.unbind()
