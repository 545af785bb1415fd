"""The smaller top-level functions and Tensor methods of PyTorch built on existing ops: the
``*_copy`` forms of the views, the unsafe splits, ``nonzero_static``, control flow, the nn
kernels at top level, the legacy autocast functions and runtime switches, and the legacy
Tensor methods. Each is compared with PyTorch where it is importable (the expected values
are written out too, so the tests check something without it)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd as ag

try:
    import torch
except ImportError:  # the comparisons with PyTorch are left out, the other checks run
    torch = None


def _same(ours, theirs_fn):
    """``ours`` against PyTorch's ``theirs_fn(torch)`` when PyTorch is importable."""
    if torch is None:
        return
    theirs = theirs_fn(torch)
    if isinstance(ours, tuple):
        assert isinstance(theirs, (tuple, list)) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            _same(a, lambda _t, b=b: b)
        return
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


X = np.arange(24.0).reshape(2, 3, 4)


def _x():
    return ag.tensor(X)


def _tx(t):
    return t.tensor(X)


# -- *_copy -------------------------------------------------------------------------------------

COPIES = [
    ("view_copy", ((4, 6),)),
    ("permute_copy", ((2, 0, 1),)),
    ("transpose_copy", (0, 2)),
    ("squeeze_copy", ()),
    ("unsqueeze_copy", (1,)),
    ("expand_copy", ((3, 2, 3, 4),)),
    ("diagonal_copy", (1, 1, 2)),
    ("select_copy", (1, -1)),
    ("slice_copy", (2, 1, None, 2)),
    ("unfold_copy", (2, 2, 1)),
    ("alias_copy", ()),
    ("detach_copy", ()),
]


@pytest.mark.parametrize("name,args", COPIES)
def test_copy_forms_match_the_view_in_new_memory(name, args):
    x = _x()
    y = getattr(ag, name)(x, *args)
    view = name.removesuffix("_copy")
    expected = {"view": lambda: x.view(*args), "expand": lambda: x.expand(*args),
                "slice": lambda: x[:, :, 1::2], "unfold": lambda: x.unfold(*args),
                "alias": lambda: x, "detach": lambda: x}.get(
        view, lambda: getattr(ag, view)(x, *args))()
    np.testing.assert_array_equal(y.numpy(), expected.numpy())
    y.view(-1)[0] = -7.0  # new memory: the input is untouched
    assert x.numpy()[(0,) * x.ndim] == 0.0
    _same(getattr(ag, name)(x, *args), lambda t: getattr(t, name)(_tx(t), *args))


def test_t_copy_and_the_split_copies():
    m = ag.tensor(np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(ag.t_copy(m).numpy(), np.arange(6.0).reshape(2, 3).T)
    _same(ag.t_copy(m), lambda t: t.t_copy(t.tensor(np.arange(6.0).reshape(2, 3))))
    v = ag.arange(10)
    assert [p.tolist() for p in ag.split_copy(v, 4)] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    _same(ag.split_copy(v, 4), lambda t: t.split_copy(t.arange(10), 4))
    _same(ag.split_with_sizes_copy(v, [3, 7]), lambda t: t.split_with_sizes_copy(t.arange(10),
                                                                                [3, 7]))
    _same(ag.unbind_copy(_x(), 1), lambda t: t.unbind_copy(_tx(t), 1))
    with pytest.raises(TypeError, match="split_copy.*split_size"):
        ag.split_copy(v, [3, 7])


def test_copies_are_differentiable_and_slice_copy_checks_its_step():
    x = ag.tensor(X, requires_grad=True)
    ag.permute_copy(x, (2, 0, 1)).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.ones_like(X))
    assert not ag.detach_copy(x).requires_grad  # PyTorch's has no derivative either
    with pytest.raises(RuntimeError, match="slice step must be positive"):
        ag.slice_copy(ag.arange(10), 0, 2, 8, 0)
    assert ag.slice_copy(ag.arange(10), 0, 20, 30).shape == (0,)
    _same(ag.slice_copy(ag.arange(10), 0, -3), lambda t: t.slice_copy(t.arange(10), 0, -3))


# -- unsafe splits, nonzero_static, get_device, to_dlpack ---------------------------------------


def test_unsafe_splits():
    v = ag.arange(7.0)
    assert [p.shape for p in ag.unsafe_split_with_sizes(v, [3, 4])] == [(3,), (4,)]
    _same(ag.unsafe_split_with_sizes(v, [3, 4]),
          lambda t: t.unsafe_split_with_sizes(t.arange(7.0), [3, 4]))
    _same(v.unsafe_split_with_sizes([3, 4]),
          lambda t: t.arange(7.0).unsafe_split_with_sizes([3, 4]))
    _same(ag.unsafe_split(v, 3), lambda t: t.unsafe_split(t.arange(7.0), 3))
    _same(ag.unsafe_chunk(v, 3), lambda t: t.unsafe_chunk(t.arange(7.0), 3))
    with pytest.raises(TypeError, match="unsafe_split.*split_size"):
        ag.unsafe_split(v, [3, 4])


@pytest.mark.parametrize("data,size,fill", [([0, 1, 2, 0, 3], 2, -1), ([0, 1, 2, 0, 3], 5, 7),
                                             ([[0, 1], [2, 0]], 3, -1), (3.0, 2, -1),
                                             ([0, 1, 2, 0, 3], 0, -1)])
def test_nonzero_static(data, size, fill):
    x = ag.tensor(data)
    y = ag.nonzero_static(x, size=size, fill_value=fill)
    want = np.argwhere(np.asarray(data))[:size]
    want = np.concatenate([want, np.full((size - len(want), np.ndim(data)), fill)])
    assert y.dtype == ag.int64 and y.shape == (size, np.ndim(data))
    np.testing.assert_array_equal(y.numpy(), want)
    np.testing.assert_array_equal(x.nonzero_static(size=size, fill_value=fill).numpy(), want)
    _same(y, lambda t: t.nonzero_static(t.tensor(data), size=size, fill_value=fill))


def test_nonzero_static_refuses_a_negative_size():
    with pytest.raises(RuntimeError, match="nonzero_static.*non-negative"):
        ag.nonzero_static(ag.ones(3), size=-1)


def test_get_device_and_to_dlpack():
    x = ag.arange(4.0)
    assert ag.get_device(x) == -1
    if torch is not None:
        assert torch.get_device(torch.arange(4.0)) == ag.get_device(x)
    back = np.from_dlpack(_Capsule(ag.to_dlpack(x)))
    np.testing.assert_array_equal(back, [0.0, 1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="to_dlpack"):
        ag.to_dlpack([1.0])


class _Capsule:
    """Hands a bare DLPack capsule to ``np.from_dlpack``."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, **kwargs):
        return self.capsule

    def __dlpack_device__(self):
        return (1, 0)


# -- control flow -------------------------------------------------------------------------------


def test_cond_runs_the_branch_the_predicate_picks():
    x = ag.ones(3)
    for pred, want in [(True, 2.0), (False, 0.0), (ag.tensor(True), 2.0), (ag.tensor([0]), 0.0)]:
        y = ag.cond(pred, lambda a: a + 1, lambda a: a - 1, (x,))
        np.testing.assert_array_equal(y.numpy(), [want] * 3)
    if torch is not None:
        assert torch.cond(torch.tensor(True), lambda a: a + 1, lambda a: a - 1,
                          (torch.ones(3),)).tolist() == [2.0] * 3
    assert ag.cond(1, lambda: 5, lambda: 6) == 5


@pytest.mark.parametrize("args,match", [
    ((ag.tensor([True, False]), abs, abs, ()), "single-element"),
    (("a", abs, abs, ()), "bool or tensor"),
    ((ag.tensor(True), 1, abs, ()), "callable"),
    ((ag.tensor(True), abs, abs, (3,)), "tensor leaves"),
    ((ag.tensor(True), abs, abs, ag.ones(2)), "tensor leaves"),
])
def test_cond_checks_its_arguments(args, match):
    with pytest.raises(RuntimeError, match=match):
        ag.cond(*args)


def test_while_loop_and_its_gradient():
    x = ag.ones(3, requires_grad=True)
    i, s = ag.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * 2), (ag.tensor(0), x))
    assert int(i) == 3 and s.tolist() == [8.0] * 3
    s.sum().backward()
    assert x.grad.tolist() == [8.0] * 3
    if torch is not None:
        ti, ts = torch.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * 2),
                                  (torch.tensor(0), torch.ones(3)))
        assert int(ti) == int(i) and ts.tolist() == s.tolist()
    (v,) = ag.while_loop(lambda v: v > 5, lambda v: (v - 1,), [ag.tensor(2)])
    assert int(v) == 2  # never ran: a copy of the input


@pytest.mark.parametrize("args,error,match", [
    ((1, abs, (ag.tensor(0),)), RuntimeError, "callable"),
    ((abs, abs, ag.tensor(0)), RuntimeError, "tuple or list"),
    ((abs, abs, (1.5,)), RuntimeError, "tensor or int leaves"),
    ((lambda i: i < 3, lambda i: i + 1, (ag.tensor(0),)), AssertionError, "return a tuple"),
    ((lambda i: i < 3, lambda i: (i, i), (ag.tensor(0),)), AssertionError, "same number"),
    ((lambda i: i, lambda i: (i,), (ag.tensor(0.0),)), RuntimeError, "boolean scalar"),
])
def test_while_loop_checks_its_arguments(args, error, match):
    with pytest.raises(error, match=match):
        ag.while_loop(*args)


def test_vmap_is_func_vmap():
    assert ag.vmap is ag.func.vmap


# -- nn kernels at top level --------------------------------------------------------------------


def test_recurrent_cells_at_top_level():
    rng = np.random.default_rng(0)
    x, h, c = rng.standard_normal((2, 3)), rng.standard_normal((2, 4)), rng.standard_normal((2, 4))
    for name, gates in [("rnn_tanh_cell", 1), ("rnn_relu_cell", 1), ("gru_cell", 3),
                        ("lstm_cell", 4)]:
        w_ih, w_hh = rng.standard_normal((gates * 4, 3)), rng.standard_normal((gates * 4, 4))
        b = rng.standard_normal(gates * 4)
        hx = (ag.tensor(h), ag.tensor(c)) if name == "lstm_cell" else ag.tensor(h)
        out = getattr(ag, name)(ag.tensor(x), hx, ag.tensor(w_ih), ag.tensor(w_hh), ag.tensor(b))
        if torch is not None:
            thx = (torch.tensor(h), torch.tensor(c)) if name == "lstm_cell" else torch.tensor(h)
            want = getattr(torch, name)(torch.tensor(x), thx, torch.tensor(w_ih),
                                        torch.tensor(w_hh), torch.tensor(b))
            for a, w in zip(out if isinstance(out, tuple) else (out,),
                            want if isinstance(want, tuple) else (want,)):
                np.testing.assert_allclose(a.numpy(), w.numpy(), rtol=1e-12, atol=1e-12)
        assert (out[0] if isinstance(out, tuple) else out).shape == (2, 4)


def test_convolution_dispatches_on_rank_and_transposed():
    rng = np.random.default_rng(1)
    cases = [((1, 2, 5), (3, 2, 2), False, [1], [0], [1], [0], 1),
             ((1, 2, 5), (2, 3, 2), True, [2], [1], [1], [1], 1),
             ((2, 4, 5, 5), (4, 2, 2, 3), False, [1, 2], [1, 0], [1, 1], [0, 0], 2),
             ((1, 2, 3, 3, 3), (2, 1, 2, 2, 2), True, [1, 1, 1], [0, 0, 0], [1, 1, 1],
              [0, 0, 0], 1)]
    for xs, ws, transposed, stride, pad, dil, opad, groups in cases:
        x, w = rng.standard_normal(xs), rng.standard_normal(ws)
        b = rng.standard_normal(ws[1] * groups if transposed else ws[0])
        y = ag.convolution(ag.tensor(x), ag.tensor(w), ag.tensor(b), stride, pad, dil,
                           transposed, opad, groups)
        nd = len(ws) - 2
        ref = (getattr(ag, f"conv_transpose{nd}d")(ag.tensor(x), ag.tensor(w), ag.tensor(b),
                                                   stride, pad, opad, groups, dil)
               if transposed else getattr(ag, f"conv{nd}d")(ag.tensor(x), ag.tensor(w),
                                                            ag.tensor(b), stride, pad, dil,
                                                            groups))
        np.testing.assert_array_equal(y.numpy(), ref.numpy())
        if torch is not None:
            want = torch.convolution(torch.tensor(x), torch.tensor(w), torch.tensor(b), stride,
                                     pad, dil, transposed, opad, groups)
            np.testing.assert_allclose(y.numpy(), want.numpy(), rtol=1e-10, atol=1e-10)
    with pytest.raises(RuntimeError, match="convolution.*3-dimensional input"):
        ag.convolution(ag.ones(2, 5), ag.ones(3, 2, 2), None, [1], [0], [1], False, [0], 1)


def test_constant_pad_nd():
    x = ag.ones(2, 3)
    y = ag.constant_pad_nd(x, [1, 2], 5)
    assert y.tolist() == [[5.0, 1.0, 1.0, 1.0, 5.0, 5.0]] * 2
    _same(y, lambda t: t.constant_pad_nd(t.ones(2, 3), [1, 2], 5))
    _same(ag.constant_pad_nd(x, [-1, -1]), lambda t: t.constant_pad_nd(t.ones(2, 3), [-1, -1]))
    with pytest.raises(RuntimeError, match="constant_pad_nd.*must be even"):
        ag.constant_pad_nd(x, [1, 2, 3])
    with pytest.raises(RuntimeError, match="constant_pad_nd.*twice the number"):
        ag.constant_pad_nd(x, [1, 2, 3, 4, 5, 6])


def test_inplace_and_feature_dropouts():
    ag.manual_seed(0)
    x = ag.ones(20, 30)
    assert ag.dropout_(x, 0.5, True) is x
    assert set(np.unique(x.numpy())) <= {0.0, 2.0} and 0 < (x.numpy() == 0).mean() < 1
    y = ag.ones(8, 50, 3)
    assert ag.feature_dropout_(y, 0.5, True) is y
    per_feature = y.numpy()
    assert (per_feature == per_feature[:, :, :1]).all()  # one draw per (n, c)
    z = ag.feature_dropout(ag.ones(8, 50, 3), 0.5, True)
    assert set(np.unique(z.numpy())) <= {0.0, 2.0}
    w = ag.ones(4, 5)
    assert ag.feature_dropout(w, 0.5, False) is w
    assert ag.alpha_dropout_(w, 0.5, False) is w and ag.feature_alpha_dropout_(w, 0.5, False) is w
    a = ag.ones(20, 30)
    assert ag.alpha_dropout_(a, 0.5, True) is a and len(np.unique(a.numpy())) == 2
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        ag.feature_dropout(ag.ones(3), 0.5, True)
    with pytest.raises(ValueError, match="between 0 and 1"):
        ag.dropout_(ag.ones(3), 1.5, True)
    with pytest.raises(RuntimeError, match="floating-point"):
        ag.dropout_(ag.ones(3, dtype=ag.int64), 0.5, True)
    if torch is not None:
        with pytest.raises(RuntimeError, match="at least 2 dimensions"):
            torch.feature_dropout(torch.ones(3), 0.5, True)


# -- autocast state, runtime switches -----------------------------------------------------------


def test_legacy_autocast_functions_follow_autocast():
    with pytest.warns(DeprecationWarning, match="get_autocast_dtype"):
        assert ag.get_autocast_gpu_dtype() == ag.float16
    with pytest.warns(DeprecationWarning):
        assert not ag.is_autocast_cpu_enabled()
    try:
        ag.set_autocast_dtype("cpu", ag.float16)
        assert ag.get_autocast_dtype("cpu") == ag.float16
        with ag.autocast("cpu") as region:
            assert region.dtype == ag.float16
            assert ag.autocast_increment_nesting() == 2
            assert ag.autocast_decrement_nesting() == 1
        ag.set_autocast_enabled("cpu", True)
        assert ag.is_autocast_enabled("cpu")
        assert ag.mm(ag.ones(2, 2), ag.ones(2, 2)).dtype == ag.float16
        ag.set_autocast_enabled("cpu", False)
        assert ag.mm(ag.ones(2, 2), ag.ones(2, 2)).dtype == ag.float32
        with pytest.warns(DeprecationWarning):
            ag.set_autocast_cpu_enabled(True)
        assert ag.is_autocast_enabled("cpu")
        with pytest.warns(DeprecationWarning):
            ag.set_autocast_cpu_enabled(False)
        with pytest.warns(DeprecationWarning):
            ag.set_autocast_gpu_dtype(ag.bfloat16 if hasattr(ag, "bfloat16") else ag.float16)
    finally:
        ag.amp._set_enabled("cpu", False)
        ag.amp.state.autocast_dtype.clear()
    with pytest.raises(TypeError, match="set_autocast_enabled.*bool"):
        ag.set_autocast_enabled("cpu", 1)
    with pytest.raises(RuntimeError, match="Invalid device"):
        ag.set_autocast_dtype("xla2", ag.float16)
    if torch is not None:
        with pytest.raises(TypeError):
            torch.set_autocast_enabled("cpu", 1)


def test_autocast_cache_flag_and_nesting():
    assert ag.is_autocast_cache_enabled()
    ag.set_autocast_cache_enabled(False)
    try:
        assert not ag.is_autocast_cache_enabled()
        p = ag.ones(2, 2, requires_grad=True)
        with ag.autocast("cpu", dtype=ag.float16):
            ag.mm(p, p)
            assert not ag.amp.state.autocast_cache
    finally:
        ag.set_autocast_cache_enabled(True)
    with pytest.raises(TypeError, match="bool"):
        ag.set_autocast_cache_enabled(1)
    assert ag.autocast_increment_nesting() == 1
    assert ag.autocast_decrement_nesting() == 0
    ag.clear_autocast_cache()
    if torch is not None:
        assert torch.autocast_increment_nesting() == 1 and torch.autocast_decrement_nesting() == 0


def test_runtime_switches():
    assert not ag.is_warn_always_enabled()
    ag.set_warn_always(True)
    assert ag.is_warn_always_enabled()
    ag.set_warn_always(False)
    with pytest.raises(RuntimeError, match="expects a bool"):
        ag.set_warn_always(1)
    assert ag.set_flush_denormal(True) is False
    with pytest.raises(RuntimeError, match="flush_denormal expects a bool"):
        ag.set_flush_denormal(1)
    assert ag.init_num_threads() is None
    assert ag.is_distributed(ag.ones(2)) is False
    with pytest.raises(TypeError, match="is_distributed"):
        ag.is_distributed(1)
    if torch is not None:
        with pytest.raises(RuntimeError):
            torch.set_flush_denormal(1)
        with pytest.raises(TypeError):
            torch.is_distributed(1)


@pytest.mark.parametrize("mode,value", [("default", 0), ("warn", 1), ("error", 2), (0, 0),
                                        (1, 1), (2, 2)])
def test_deterministic_debug_mode(mode, value):
    try:
        ag.set_deterministic_debug_mode(mode)
        assert ag.get_deterministic_debug_mode() == value
        assert ag.are_deterministic_algorithms_enabled() == (value > 0)
        assert ag.is_deterministic_algorithms_warn_only_enabled() == (value == 1)
    finally:
        ag.set_deterministic_debug_mode(0)
    if torch is not None:
        try:
            torch.set_deterministic_debug_mode(mode)
            assert torch.get_deterministic_debug_mode() == value
        finally:
            torch.set_deterministic_debug_mode(0)


@pytest.mark.parametrize("mode,error", [("bad", RuntimeError), (3, RuntimeError),
                                        (1.0, TypeError)])
def test_deterministic_debug_mode_errors(mode, error):
    with pytest.raises(error, match="debug_mode"):
        ag.set_deterministic_debug_mode(mode)
    if torch is not None:
        with pytest.raises(error):
            torch.set_deterministic_debug_mode(mode)


# -- legacy Tensor methods ----------------------------------------------------------------------


def test_new_legacy_constructor():
    x = ag.ones(2, 3, dtype=ag.float64)
    assert x.new(2, 3).shape == (2, 3) and x.new(2, 3).dtype == ag.float64
    assert x.new([1, 2]).tolist() == [1.0, 2.0] and x.new([1, 2]).dtype == ag.float64
    assert x.new((2, 3)).tolist() == [2.0, 3.0]
    assert x.new().shape == (0,) and x.new([]).shape == (0,)
    same = ag.zeros(2, dtype=ag.float64)
    alias = x.new(same)
    alias[0] = 5.0
    assert same.tolist() == [5.0, 0.0]
    with pytest.raises(TypeError, match="data must be a sequence"):
        x.new(2.5)
    with pytest.raises(TypeError, match="new"):
        x.new(ag.ones(2, dtype=ag.int64))
    if torch is not None:
        tx = torch.ones(2, 3, dtype=torch.float64)
        assert tuple(tx.new(2, 3).shape) == x.new(2, 3).shape
        assert tx.new((2, 3)).tolist() == x.new((2, 3)).tolist()
        with pytest.raises(TypeError):
            tx.new(2.5)
        with pytest.raises(TypeError):
            tx.new(torch.ones(2, dtype=torch.int64))


def test_deprecated_resize_volatile_record_stream():
    x = ag.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    with pytest.warns(UserWarning, match="non-inplace resize is deprecated"):
        y = x.resize(3, 2)
    assert y.shape == (3, 2) and y.requires_grad
    y.sum().backward()
    assert x.grad.tolist() == [[1.0] * 3] * 2
    with pytest.warns(UserWarning, match="non-inplace resize_as is deprecated"):
        assert x.resize_as(ag.ones(6)).shape == (6,)
    with pytest.warns(UserWarning), pytest.raises(RuntimeError, match="resize.*6 elements"):
        x.resize(7)
    with pytest.warns(UserWarning, match="volatile was removed"):
        assert x.volatile is False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert x.record_stream(ag.cuda.current_stream()
                               if ag.cuda.is_available() else object()) is None
    with pytest.raises(RuntimeError, match="record_stream"):
        x.record_stream(None)
    if torch is not None:
        tx = torch.arange(6.0).reshape(2, 3)
        with pytest.warns(UserWarning, match="non-inplace resize is deprecated"), \
                pytest.raises(RuntimeError):
            tx.resize(7)
        with pytest.raises(RuntimeError):
            tx.record_stream(None)


def test_map2_():
    y = ag.ones(3)
    assert y.map2_(ag.tensor([1.0, 2.0, 3.0]), ag.tensor([10.0]),
                   lambda a, b, c: a + b * c) is y
    assert y.tolist() == [11.0, 21.0, 31.0]
    with pytest.raises(TypeError, match="map2_.*'x'"):
        y.map2_(ag.ones(3, dtype=ag.float64), ag.ones(3), lambda a, b, c: a)
    if torch is not None:
        ty = torch.ones(3)
        ty.map2_(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([10.0]), lambda a, b, c: a + b * c)
        assert ty.tolist() == y.tolist()
        with pytest.raises(TypeError):
            ty.map2_(torch.ones(3, dtype=torch.float64), torch.ones(3), lambda a, b, c: a)


# -- binomial -----------------------------------------------------------------------------------


def test_binomial_counts_have_the_binomial_mean_and_variance(device):
    ag.manual_seed(5)
    n = 4000
    count = ag.tensor([10.0, 0.0, 7.0, 3.0], device=device).expand(n, 4)
    prob = ag.tensor([0.3, 0.5, 1.0, 0.0], device=device)
    s = ag.binomial(count, prob)
    assert s.shape == (n, 4) and s.dtype == ag.float32 and s.device == count.device
    a = s.cpu().numpy()
    assert (a == np.round(a)).all() and (a >= 0).all() and (a <= [10, 0, 7, 3]).all()
    assert abs(a[:, 0].mean() - 3.0) < 0.15 and abs(a[:, 0].var() - 2.1) < 0.3
    np.testing.assert_array_equal(a[:, 1:], np.tile([0.0, 7.0, 0.0], (n, 1)))


def test_binomial_checks_its_arguments():
    with pytest.raises(ValueError, match="binomial only supports floating-point.*count"):
        ag.binomial(ag.tensor([5, 10]), ag.tensor([0.5, 0.2]))
    with pytest.raises(RuntimeError, match="binomial: Found dtype"):
        ag.binomial(ag.tensor([5.0]), ag.tensor([0.5], dtype=ag.float64))
    with pytest.raises(RuntimeError, match="binomial: Expected prob"):
        ag.binomial(ag.tensor([5.0]), ag.tensor([1.5]))
    with pytest.raises(TypeError, match="binomial.*count"):
        ag.binomial(5.0, ag.tensor([0.5]))
    if torch is not None:
        with pytest.raises(ValueError):
            torch.binomial(torch.tensor([5, 10]), torch.tensor([0.5, 0.2]))
        with pytest.raises(RuntimeError):
            torch.binomial(torch.tensor([5.0]), torch.tensor([0.5], dtype=torch.float64))
        assert torch.binomial(torch.tensor([7.0]), torch.tensor([1.0])).dtype == torch.float32
