"""The functions without a gradient that came with the bitwise and math additions, against
PyTorch (and NumPy where it says the same): bitwise ops and the integer operators, gcd/lcm,
predicates, isin, nextafter, frexp's exponent, histogram, the creation functions (asarray,
scalar_tensor, logspace, randint_like, the windows), finfo/iinfo, broadcast_shapes and
unravel_index; and the bad-input errors of the new ops."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip

INTS = np.array([[5, -3, 0, 12], [7, 1, -8, 255]], dtype=np.int64)
OTHER = np.array([3, 6, -2, 4], dtype=np.int64)
MASK = np.array([[True, False, True, False], [False, False, True, True]])


def _both(fn, *arrays, device="cpu"):
    """fn on tapegrad tensors and on torch tensors of the same arrays, as NumPy arrays (a
    tuple result is compared element by element)."""
    torch = torch_or_skip()
    ours = fn(ag, *(ag.tensor(a, device=device) for a in arrays))
    theirs = fn(torch, *(torch.tensor(a) for a in arrays))
    if isinstance(ours, tuple):
        assert len(ours) == len(theirs)
        return [(o.cpu().numpy(), t.numpy()) for o, t in zip(ours, theirs)]
    return [(ours.cpu().numpy(), theirs.numpy())]


def _same(pairs) -> None:
    for ours, theirs in pairs:
        assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
        np.testing.assert_array_equal(ours, theirs)


# -- bitwise -----------------------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda L, a, b: L.bitwise_and(a, b), lambda L, a, b: L.bitwise_or(a, b),
    lambda L, a, b: L.bitwise_xor(a, b), lambda L, a, b: L.bitwise_not(a),
    lambda L, a, b: a & b, lambda L, a, b: a | b, lambda L, a, b: a ^ b, lambda L, a, b: ~a,
    lambda L, a, b: a & 6, lambda L, a, b: 6 | a, lambda L, a, b: 6 ^ a,
    lambda L, a, b: a.bitwise_and(b), lambda L, a, b: a.bitwise_not(),
    lambda L, a, b: L.gcd(a, b), lambda L, a, b: L.lcm(a, b), lambda L, a, b: a.gcd(b),
])
def test_bitwise_on_integers_matches_torch(call, device) -> None:
    _same(_both(call, INTS, OTHER, device=device))


def test_bitwise_matches_numpy_without_torch() -> None:
    a, b = ag.tensor(INTS), ag.tensor(OTHER)
    np.testing.assert_array_equal((a & b).numpy(), INTS & OTHER)
    np.testing.assert_array_equal((~a).numpy(), ~INTS)
    np.testing.assert_array_equal(ag.gcd(a, b).numpy(), np.gcd(INTS, OTHER))
    np.testing.assert_array_equal(ag.lcm(a, b).numpy(), np.lcm(INTS, OTHER))
    m = ag.tensor(MASK)
    assert (m & m).dtype == ag.bool and (m ^ True).dtype == ag.bool
    np.testing.assert_array_equal((~m).numpy(), ~MASK)
    assert (m & 3).dtype == ag.int64  # bool with an int: PyTorch's promotion


@pytest.mark.parametrize("call", [
    lambda L, a, m: a & m, lambda L, a, m: m | m, lambda L, a, m: ~m, lambda L, a, m: m ^ True,
    lambda L, a, m: L.bitwise_and(m, 3),
])
def test_bitwise_on_bools_matches_torch(call, device) -> None:
    _same(_both(call, INTS, MASK, device=device))


SHIFTS = np.array([0, 1, 63, 64, 70, -1, 3, 2], dtype=np.int64).reshape(2, 4)


@pytest.mark.parametrize("call", [
    lambda L, a, s: a << s, lambda L, a, s: a >> s, lambda L, a, s: a << 2,
    lambda L, a, s: a >> 1, lambda L, a, s: 2 << s, lambda L, a, s: 1024 >> s,
    lambda L, a, s: L.bitwise_left_shift(a, s), lambda L, a, s: L.bitwise_right_shift(a, s),
    lambda L, a, s: L.bitwise_left_shift(a.int(), s.int()),
    lambda L, a, s: L.bitwise_right_shift(a.int(), s.int()),
    lambda L, a, s: L.bitwise_left_shift(a.to(L.uint8), s.to(L.uint8)),
    lambda L, a, s: a.bitwise_right_shift(s),
])
def test_shifts_match_torch_out_of_range_counts_included(call, device) -> None:
    _same(_both(call, INTS, SHIFTS, device=device))


def test_in_place_bitwise_operators_and_methods() -> None:
    a = ag.tensor(INTS)
    ref = INTS.copy()
    a &= 7
    a |= ag.tensor(OTHER)
    a ^= 1
    a <<= 2
    a >>= 1
    ref = ((((ref & 7) | OTHER) ^ 1) << 2) >> 1
    np.testing.assert_array_equal(a.numpy(), ref)
    b = ag.tensor(INTS)
    assert b.bitwise_xor_(3) is b and b.bitwise_not_() is b
    np.testing.assert_array_equal(b.numpy(), ~(INTS ^ 3))
    c = ag.tensor(INTS)
    c.bitwise_left_shift_(1).bitwise_right_shift_(1)
    np.testing.assert_array_equal(c.numpy(), INTS)
    g = ag.tensor(OTHER)
    g.gcd_(ag.tensor([9, 4, 4, 6]))
    g.lcm_(ag.tensor([2, 2, 3, 3]))
    np.testing.assert_array_equal(g.numpy(), np.lcm(np.gcd(OTHER, [9, 4, 4, 6]), [2, 2, 3, 3]))


@pytest.mark.parametrize("call,error,match", [
    (lambda: ag.bitwise_and(ag.tensor([1.0]), ag.tensor([1.0])), NotImplementedError,
     "bitwise_and.*Float"),
    (lambda: ag.bitwise_or(ag.tensor([1]), 1.5), NotImplementedError, "bitwise_or.*Float"),
    (lambda: ag.bitwise_not(ag.tensor([1.0])), NotImplementedError, "bitwise_not.*Float"),
    (lambda: ag.tensor([1.0]) ^ ag.tensor([2.0]), NotImplementedError, "bitwise_xor"),
    (lambda: ~ag.tensor([1.0]), TypeError, "operator.invert"),
    (lambda: ag.bitwise_left_shift(ag.tensor([True]), ag.tensor([True])), NotImplementedError,
     "bitwise_left_shift.*Bool"),
    (lambda: ag.tensor([1.0]) << 1, NotImplementedError, "bitwise_left_shift.*Float"),
    (lambda: ag.tensor([4]) >> 1.0, NotImplementedError, "bitwise_right_shift.*Float"),
    (lambda: ag.gcd(ag.tensor([1.0]), ag.tensor([2.0])), NotImplementedError, "gcd.*Float"),
    (lambda: ag.lcm(ag.tensor([True]), ag.tensor([True])), NotImplementedError, "lcm.*Bool"),
    (lambda: ag.gcd(ag.tensor([4]), 2), TypeError, r"gcd\(\): argument 'other'"),
])
def test_bitwise_bad_input(call, error, match) -> None:
    with pytest.raises(error, match=match):
        call()


def test_bitwise_errors_have_torch_types() -> None:
    torch = torch_or_skip()
    for fn in (lambda L: L.bitwise_and(L.tensor([1.0]), L.tensor([1.0])),
               lambda L: L.bitwise_left_shift(L.tensor([True]), L.tensor([True])),
               lambda L: ~L.tensor([1.0]), lambda L: L.gcd(L.tensor([1.0]), L.tensor([1.0]))):
        try:
            fn(torch)
        except (RuntimeError, TypeError, NotImplementedError) as exc:
            expected = type(exc)
        else:
            raise AssertionError("PyTorch accepted the call")
        with pytest.raises(expected):
            fn(ag)


# -- predicates and elementwise without a gradient -----------------------------------------

SPECIAL = np.array([1.0, -np.inf, np.inf, np.nan, 0.0, -2.5])


@pytest.mark.parametrize("call", [
    lambda L, x: L.isneginf(x), lambda L, x: L.isposinf(x), lambda L, x: L.isreal(x),
    lambda L, x: x.isneginf(), lambda L, x: x.isposinf(), lambda L, x: x.isreal(),
    lambda L, x: L.isneginf(x.long()), lambda L, x: L.isposinf(x > 0),
    lambda L, x: L.isin(x, x[:3]), lambda L, x: L.isin(x, 1.0, invert=True),
    lambda L, x: L.isin(-2.5, x), lambda L, x: L.isin(x.long(), x[4:].long()),
    lambda L, x: L.nextafter(x, L.zeros_like(x)), lambda L, x: x.nextafter(x.flip(0)),
    lambda L, x: L.frexp(x)[1], lambda L, x: L.sgn(x.long()), lambda L, x: L.sgn(x > 0),
    lambda L, x: L.positive(x.long()), lambda L, x: L.fmax(x, x.flip(0)),
    lambda L, x: L.fmin(x, x.flip(0)), lambda L, x: L.fmax(x.long(), x.flip(0).long()),
    lambda L, x: L.clamp_min(x.long(), 0.5), lambda L, x: L.clamp_max(x > 0, x < 0),
])
def test_elementwise_without_gradient_matches_torch(call, device) -> None:
    x = SPECIAL.astype(np.float32)
    for ours, theirs in _both(call, x, device=device):
        assert ours.dtype == theirs.dtype
        np.testing.assert_array_equal(ours, theirs)


def test_predicates_match_numpy() -> None:
    x = ag.tensor(SPECIAL)
    np.testing.assert_array_equal(ag.isneginf(x).numpy(), np.isneginf(SPECIAL))
    np.testing.assert_array_equal(ag.isposinf(x).numpy(), np.isposinf(SPECIAL))
    np.testing.assert_array_equal(ag.isin(x, ag.tensor([0.0, 1.0])).numpy(),
                                  np.isin(SPECIAL, [0.0, 1.0]))
    assert ag.isin(2, ag.tensor([1, 2])).shape == () and bool(ag.isin(2, ag.tensor([1, 2])))
    # both NaN: NaN; one NaN: the other
    got = ag.fmax(ag.tensor([np.nan, np.nan, 1.0]), ag.tensor([np.nan, 2.0, np.nan])).numpy()
    np.testing.assert_array_equal(got, [np.nan, 2.0, 1.0])
    m, e = ag.frexp(ag.tensor([8.0, 0.0, -3.5]))
    np.testing.assert_array_equal(m.numpy(), [0.5, 0.0, -0.875])
    assert e.dtype == ag.int32 and e.tolist() == [4, 0, 2]
    assert ag.nextafter(ag.tensor([1.0]), ag.tensor([2.0])).item() == np.nextafter(
        np.float32(1), np.float32(2))


def test_whole_tensor_predicates_match_torch() -> None:
    torch = torch_or_skip()
    for L in (ag, torch):
        f, i, u, b = L.ones(2, 3), L.ones(3, dtype=L.int64), L.ones(1, dtype=L.uint8), L.ones(
            1, dtype=L.bool)
        got = [L.is_complex(f), L.is_signed(f), L.is_signed(i), L.is_signed(u), L.is_signed(b),
               L.is_same_size(f, f), L.is_same_size(f, i), L.is_nonzero(L.tensor([0.0])),
               L.is_nonzero(L.tensor([[3]])), f.is_signed(), f.is_complex(),
               f.is_same_size(L.zeros(2, 3)), L.tensor(True).is_nonzero()]
        if L is ag:
            ours = got
    assert ours == got == [False, True, True, False, False, True, False, False, True, True,
                           False, True, True]


@pytest.mark.parametrize("call,error,match", [
    (lambda: ag.is_nonzero(ag.tensor([1.0, 2.0])), RuntimeError, "more than one value"),
    (lambda: ag.is_nonzero(ag.tensor([])), RuntimeError, "no values"),
    (lambda: ag.isin(2, 3), TypeError, "isin"),
    (lambda: ag.positive(ag.tensor([True])), RuntimeError, "positive.*bool"),
    (lambda: ag.fmax(ag.tensor([1.0]), 0.5), TypeError, r"fmax\(\): argument 'other'"),
    (lambda: ag.fmin(ag.tensor([1]), 0), TypeError, r"fmin\(\): argument 'other'"),
    (lambda: ag.ldexp(ag.tensor([1.0]), 2), TypeError, r"ldexp\(\): argument 'other'"),
    (lambda: ag.nextafter(ag.tensor([1]), ag.tensor([2])), NotImplementedError,
     "nextafter.*Long"),
    (lambda: ag.nextafter(ag.tensor([1.0]), 2.0), TypeError, "nextafter"),
    (lambda: ag.frexp(ag.tensor([1])), RuntimeError, "frexp.*floating"),
    (lambda: ag.mvlgamma(ag.tensor([3.0]), 0), RuntimeError, "mvlgamma: p has to be"),
    (lambda: ag.mvlgamma(ag.tensor([True]), 1), RuntimeError, "mvlgamma.*boolean"),
    (lambda: ag.rsub(ag.tensor([True]), ag.tensor([True])), RuntimeError, "sub"),
    (lambda: ag.rsub(ag.tensor([1]), 1, alpha=0.5), RuntimeError, "alpha"),
    (lambda: ag.clamp_min(ag.tensor([True]), True), NotImplementedError, "clamp"),
])
def test_elementwise_bad_input(call, error, match) -> None:
    with pytest.raises(error, match=match):
        call()


def test_i0_in_place_integers_and_large_values_match_torch() -> None:
    torch = torch_or_skip()
    x = np.array([-30.0, -8.5, -8.0, 0.0, 1e-3, 7.9, 8.0, 40.0])
    for L in (ag, torch):
        t = L.tensor(x, requires_grad=True)
        (g,) = L.autograd.grad(L.i0(t).sum(), t) if L is torch else ag.grad(ag.i0(t).sum(), t)
        got = [L.i0(L.tensor([0, 1, 2])).numpy(), g.detach().numpy(),
               L.tensor(x).i0_().numpy()]
        if L is ag:
            ours = got
    for o, t in zip(ours, got):
        assert o.dtype == t.dtype
        np.testing.assert_allclose(o, t, rtol=1e-6 if o.dtype == np.float32 else 1e-13)


def test_nextafter_has_no_derivative() -> None:
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="derivative for nextafter"):
        ag.nextafter(x, ag.zeros(2)).sum().backward()


def test_in_place_methods_match_out_of_place() -> None:
    x = np.array([[-1.5, 0.2, 3.0], [2.0, -0.1, 0.7]])
    for name, args in [("clamp_min", (0.0,)), ("clamp_max", (0.5,)), ("sgn", ()),
                       ("ldexp", (ag.tensor([1, 2, 0]),)), ("renorm", (2, 0, 1.0)),
                       ("nextafter", (ag.zeros(3, dtype=ag.float64),))]:
        t = ag.tensor(x)
        want = getattr(t, name)(*args).numpy()
        assert getattr(t, name + "_")(*args) is t
        np.testing.assert_array_equal(t.numpy(), want, err_msg=name)
    t = ag.tensor([2.0, 3.0])
    want = t.mvlgamma(2).numpy()
    np.testing.assert_array_equal(t.mvlgamma_(2).numpy(), want)


# -- histogram -----------------------------------------------------------------------------

HIST_DATA = np.array([[0.5, 1.0, 2.5, 3.0], [1.0, -1.0, 4.0, 1.5]], dtype=np.float64)


@pytest.mark.parametrize("kw", [
    {"bins": 4}, {"bins": 3, "range": (0.0, 3.0)}, {"bins": 5, "density": True},
    {"bins": 2, "range": (-1.0, 1.0), "weight": True},
    {"bins": 3, "weight": True, "density": True}, {"bins": "tensor"},
])
def test_histogram_matches_torch_and_numpy(kw, device) -> None:
    kw = dict(kw)
    np_kw = {"bins": kw["bins"], "range": kw.get("range"), "density": kw.get("density", False)}
    weight = np.arange(8.0).reshape(2, 4)
    if kw.pop("weight", False):
        np_kw["weights"] = weight.ravel()
    if kw["bins"] == "tensor":
        edges = np.array([-1.0, 0.0, 2.0, 5.0])
        np_kw["bins"] = edges
    hist, bin_edges = np.histogram(HIST_DATA.ravel(), **np_kw)

    def call(L):
        args = dict(kw)
        if "weights" in np_kw:
            args["weight"] = L.tensor(weight, device=device) if L is ag else L.tensor(weight)
        if kw["bins"] == "tensor":
            args["bins"] = L.tensor(edges, device=device) if L is ag else L.tensor(edges)
        x = L.tensor(HIST_DATA, device=device) if L is ag else L.tensor(HIST_DATA)
        return L.histogram(x, **args)

    ours = call(ag)
    assert ours.hist.dtype == ag.float64 and ours.bin_edges.dtype == ag.float64
    np.testing.assert_allclose(ours.hist.cpu().numpy(), hist)
    np.testing.assert_allclose(ours.bin_edges.cpu().numpy(), bin_edges)
    torch = torch_or_skip()
    theirs = call(torch)
    np.testing.assert_allclose(ours.hist.cpu().numpy(), theirs.hist.numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.bin_edges.cpu().numpy(), theirs.bin_edges.numpy(),
                               atol=1e-12)


def test_histogram_method_and_edge_cases() -> None:
    x = ag.tensor([1.0, 1.0])
    hist, edges = x.histogram(2)
    assert hist.tolist() == [0.0, 2.0] and edges.tolist() == [0.5, 1.0, 1.5]  # NumPy's rule
    hist, edges = ag.histogram(ag.tensor([]), 3)
    assert hist.tolist() == [0.0, 0.0, 0.0] and edges[-1].item() == 1.0


@pytest.mark.parametrize("call,error,match", [
    (lambda: ag.histogram(ag.tensor([1, 2])), NotImplementedError, "histogram.*Long"),
    (lambda: ag.histogram(ag.tensor([1.0]), 0), RuntimeError, "bins must be > 0"),
    (lambda: ag.histogram(ag.tensor([1.0]), 2, range=(2.0, 1.0)), RuntimeError,
     "min should not exceed max"),
    (lambda: ag.histogram(ag.tensor([1.0]), 2, weight=ag.tensor([1])), RuntimeError,
     "histogram.*same dtype"),
    (lambda: ag.histogram(ag.tensor([1.0]), ag.tensor([[0.0, 1.0]])), RuntimeError,
     "histogram: bins tensor"),
])
def test_histogram_bad_input(call, error, match) -> None:
    with pytest.raises(error, match=match):
        call()


# -- creation, windows and dtype information -----------------------------------------------

WINDOWS = ["hann_window", "hamming_window", "blackman_window", "bartlett_window",
           "kaiser_window"]


@pytest.mark.parametrize("name", WINDOWS)
@pytest.mark.parametrize("length,kw", [(8, {}), (7, {"periodic": False}), (1, {}), (0, {}),
                                       (5, {"dtype": "float64"})])
def test_windows_match_torch(name, length, kw, device) -> None:
    torch = torch_or_skip()
    ours = getattr(ag, name)(length, device=device, **kw)
    tkw = {k: getattr(torch, v) if k == "dtype" else v for k, v in kw.items()}
    theirs = getattr(torch, name)(length, **tkw)
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.numpy(), atol=2e-7)


def test_windows_are_periodic_by_default_and_match_numpy_when_symmetric() -> None:
    np.testing.assert_allclose(ag.hann_window(6, periodic=False, dtype=ag.float64).numpy(),
                               np.hanning(6), atol=1e-15)
    np.testing.assert_allclose(ag.hann_window(6, dtype=ag.float64).numpy(), np.hanning(7)[:6],
                               atol=1e-15)
    np.testing.assert_allclose(ag.hamming_window(5, False, dtype=ag.float64).numpy(),
                               np.hamming(5), atol=1e-15)
    np.testing.assert_allclose(ag.blackman_window(5, False, dtype=ag.float64).numpy(),
                               np.blackman(5), atol=1e-15)
    np.testing.assert_allclose(ag.bartlett_window(5, False, dtype=ag.float64).numpy(),
                               np.bartlett(5), atol=1e-15)
    np.testing.assert_allclose(ag.kaiser_window(5, False, 6.0, dtype=ag.float64).numpy(),
                               np.kaiser(5, 6.0), atol=1e-12)
    np.testing.assert_allclose(ag.hamming_window(5, True, 0.5, 0.5).numpy(),
                               ag.hann_window(5).numpy(), atol=1e-7)


@pytest.mark.parametrize("name", WINDOWS)
def test_window_bad_input(name) -> None:
    with pytest.raises(RuntimeError, match=f"{name} requires non-negative"):
        getattr(ag, name)(-1)
    with pytest.raises(RuntimeError, match=f"{name} expects floating point"):
        getattr(ag, name)(4, dtype=ag.int64)


def test_creation_functions_match_torch() -> None:
    torch = torch_or_skip()
    for call in (lambda L: L.logspace(0, 2, 3), lambda L: L.logspace(0, 3, 4, base=2),
                 lambda L: L.logspace(0, 2, 3, dtype=L.int64), lambda L: L.logspace(1, 2, 1),
                 lambda L: L.logspace(-1, 1, 5, dtype=L.float64),
                 lambda L: L.scalar_tensor(3), lambda L: L.scalar_tensor(True, dtype=L.bool),
                 lambda L: L.scalar_tensor(L.tensor(2)), lambda L: L.asarray([1, 2]),
                 lambda L: L.asarray(1.5), lambda L: L.asarray([1, 2], dtype=L.float64),
                 lambda L: L.asarray(np.array([1.0, 2.0])),
                 lambda L: L.asarray([L.tensor(1.0), L.tensor(2.0)])):
        ours, theirs = call(ag), call(torch)
        assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch."), call
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)


def test_asarray_shares_memory_as_torch() -> None:
    t = ag.ones(2)
    assert ag.asarray(t) is t
    assert ag.asarray(t, copy=True) is not t and ag.asarray(t, dtype=ag.float64).dtype == (
        ag.float64)
    with pytest.raises(ValueError, match="asarray: can't alias"):
        ag.asarray(t, dtype=ag.float64, copy=False)
    a = np.ones(2)
    ag.asarray(a)[0] = 5.0
    assert a[0] == 5.0
    ag.asarray(a, copy=True)[0] = 7.0
    assert a[0] == 5.0
    r = ag.asarray([1.0, 2.0], requires_grad=True)
    assert r.requires_grad and r.is_leaf


def test_randint_like() -> None:
    ag.manual_seed(0)
    x = ag.ones(200, 3)
    r = ag.randint_like(x, 5)
    assert r.shape == (200, 3) and r.dtype == ag.float32
    assert set(np.unique(r.numpy())) == {0.0, 1.0, 2.0, 3.0, 4.0}
    r = ag.randint_like(ag.ones(100, dtype=ag.int32), 3, 5)
    assert r.dtype == ag.int32 and set(np.unique(r.numpy())) == {3, 4}
    assert ag.randint_like(x, high=2).max().item() <= 1
    with pytest.raises(RuntimeError, match="low < high"):
        ag.randint_like(x, 5, 3)
    with pytest.raises(RuntimeError, match="logspace: number of steps"):
        ag.logspace(0, 1, -1)


def test_finfo_iinfo_match_torch() -> None:
    f = ag.finfo(ag.float32)
    assert (f.bits, f.eps, f.max, f.tiny, f.resolution, f.dtype) == (
        32, float(np.finfo(np.float32).eps), float(np.finfo(np.float32).max),
        float(np.finfo(np.float32).tiny), 1e-6, "float32")
    assert ag.finfo().dtype == "float32" and ag.iinfo(ag.uint8).max == 255
    torch = torch_or_skip()
    for dt in ("float16", "float32", "float64"):
        ours, theirs = ag.finfo(getattr(ag, dt)), torch.finfo(getattr(torch, dt))
        for attr in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution",
                     "dtype"):
            assert getattr(ours, attr) == getattr(theirs, attr), (dt, attr)
    for dt in ("uint8", "int8", "int16", "int32", "int64"):
        ours, theirs = ag.iinfo(getattr(ag, dt)), torch.iinfo(getattr(torch, dt))
        for attr in ("bits", "max", "min", "dtype"):
            assert getattr(ours, attr) == getattr(theirs, attr), (dt, attr)


def test_finfo_iinfo_refuse_the_other_kind() -> None:
    with pytest.raises(TypeError, match="finfo.*floating"):
        ag.finfo(ag.int32)
    with pytest.raises(TypeError, match="iinfo.*integer"):
        ag.iinfo(ag.float32)
    with pytest.raises(TypeError, match="iinfo.*integer"):
        ag.iinfo(ag.bool)


# -- broadcasting and indices --------------------------------------------------------------

def test_broadcast_shapes_and_tensors() -> None:
    assert ag.broadcast_shapes((2, 1), (3,), 1, (1, 1, 1)) == (1, 2, 3)
    assert ag.broadcast_shapes() == ()
    a, b = ag.broadcast_tensors(ag.ones(2, 1), ag.arange(3.0))
    assert a.shape == b.shape == (2, 3) and b.tolist() == [[0.0, 1.0, 2.0]] * 2
    with pytest.raises(RuntimeError, match="broadcast_shapes.*must match"):
        ag.broadcast_shapes((2,), (3,))
    with pytest.raises(ValueError, match="negative length"):
        ag.broadcast_shapes((-1,))
    with pytest.raises(RuntimeError, match="broadcast_tensors.*must match"):
        ag.broadcast_tensors(ag.ones(2), ag.ones(3))
    with pytest.raises(TypeError, match="broadcast_tensors: expected Tensor"):
        ag.broadcast_tensors([ag.ones(2)])
    torch = torch_or_skip()
    assert tuple(torch.broadcast_shapes((2, 1), (3,), 1, (1, 1, 1))) == (1, 2, 3)


@pytest.mark.parametrize("indices,shape", [
    ([4, 5, 0], (2, 3)), (4, (2, 3)), ([[7, 1], [-1, 23]], (2, 3, 4)), ([6, -7], (2, 3)),
    ([2], 3),
])
def test_unravel_index_matches_torch_and_numpy(indices, shape, device) -> None:
    ours = ag.unravel_index(ag.tensor(indices, device=device), shape)
    dims = (shape,) if isinstance(shape, int) else shape
    size = math.prod(dims)
    want = np.unravel_index(np.mod(indices, size), dims)
    assert len(ours) == len(want)
    for o, w in zip(ours, want):
        assert o.dtype == ag.int64
        np.testing.assert_array_equal(o.cpu().numpy(), w)
    torch = torch_or_skip()
    for o, t in zip(ours, torch.unravel_index(torch.tensor(indices), shape)):
        np.testing.assert_array_equal(o.cpu().numpy(), t.numpy())


@pytest.mark.parametrize("call,error,match", [
    (lambda: ag.unravel_index(ag.tensor([1.0]), (2, 3)), TypeError, "integer dtype"),
    (lambda: ag.unravel_index(ag.tensor([True]), (2,)), TypeError, "integer dtype"),
    (lambda: ag.unravel_index(ag.tensor([1]), (-2, 3)), ValueError, "negative values"),
    (lambda: ag.combinations(ag.ones(2, 2)), RuntimeError, "combinations: Expect a 1D"),
    (lambda: ag.combinations(ag.ones(3), -1), RuntimeError, "non-negative"),
])
def test_index_bad_input(call, error, match) -> None:
    with pytest.raises(error, match=match):
        call()


def test_combinations_of_integers_and_edge_cases_match_torch() -> None:
    torch = torch_or_skip()
    for args in ((2,), (3, True), (0,), (4,), (1,)):
        ours = ag.combinations(ag.tensor([1, 2, 3]), *args)
        theirs = torch.combinations(torch.tensor([1, 2, 3]), *args)
        assert ours.shape == tuple(theirs.shape) and ours.dtype == ag.int64
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


# -- bad input of the differentiable additions -----------------------------------------------

@pytest.mark.parametrize("call,error,match", [
    (lambda: ag.diff(ag.tensor(1.0)), RuntimeError, "diff expects input to be at least"),
    (lambda: ag.diff(ag.ones(3), n=-1), RuntimeError, "order must be non-negative"),
    (lambda: ag.diff(ag.ones(2, 3), dim=0, prepend=ag.zeros(3)), RuntimeError,
     "same dimension as input"),
    (lambda: ag.diff(ag.ones(3), prepend=1.0), TypeError, "argument 'prepend'"),
    (lambda: ag.diff(ag.ones(3), dim=1), IndexError, "diff"),
    (lambda: ag.trapezoid(ag.ones(3, 4), ag.ones(3)), RuntimeError,
     "trapezoid: There must be one `x` value"),
    (lambda: ag.trapezoid(ag.tensor(1.0)), IndexError, "trapezoid"),
    (lambda: ag.trapezoid(ag.tensor([True, False])), RuntimeError, "bool"),
    (lambda: ag.cumulative_trapezoid(ag.ones(3), ag.ones(3), dx=1.0), TypeError, "not both"),
    (lambda: ag.cov(ag.ones(2, 2, 2)), RuntimeError, "two or fewer dimensions"),
    (lambda: ag.cov(ag.tensor([[True]])), RuntimeError, "bool dtype"),
    (lambda: ag.cov(ag.ones(2, 4), fweights=ag.ones(4)), RuntimeError, "integral dtype"),
    (lambda: ag.cov(ag.ones(2, 4), fweights=ag.tensor([1, -1, 1, 1])), RuntimeError,
     "fweights cannot be negative"),
    (lambda: ag.cov(ag.ones(2, 4), aweights=ag.ones(3)), RuntimeError, "same numel"),
    (lambda: ag.mv(ag.ones(2, 3), ag.ones(2)), RuntimeError, "mv: size mismatch"),
    (lambda: ag.mv(ag.ones(3), ag.ones(3)), RuntimeError, "mv: vector \\+ matrix"),
    (lambda: ag.mv(ag.ones(2, 3), ag.ones(3, dtype=ag.float64)), RuntimeError,
     "mv: .*same dtype"),
    (lambda: ag.dist(ag.tensor([1]), ag.tensor([2])), RuntimeError, "vector_norm"),
    (lambda: ag.renorm(ag.ones(3), 2, 0, 1.0), RuntimeError, "at least 2 dimensions"),
    (lambda: ag.renorm(ag.ones(2, 3), 0, 0, 1.0), RuntimeError, "non-positive-norm"),
    (lambda: ag.renorm(ag.ones(2, 3), 2, 0, -1.0), RuntimeError, "maxnorm to be >= 0"),
    (lambda: ag.vander(ag.ones(2, 2)), RuntimeError, "vander: x must be a one-dimensional"),
    (lambda: ag.vander(ag.ones(2), -1), RuntimeError, "N must be non-negative"),
])
def test_differentiable_additions_bad_input(call, error, match) -> None:
    with pytest.raises(error, match=match):
        call()


def test_cov_degrees_of_freedom_warns_like_torch() -> None:
    with pytest.warns(UserWarning, match="degrees of freedom"):
        out = ag.cov(ag.ones(2, 3), correction=5)
    assert out.shape == (2, 2)


def test_integer_inputs_of_the_numeric_additions_match_torch() -> None:
    torch = torch_or_skip()
    for call in (lambda L: L.trapezoid(L.tensor([1, 4, 9, 16])),
                 lambda L: L.trapezoid(L.tensor([1, 4, 9]), L.tensor([0, 1, 3])),
                 lambda L: L.cumulative_trapezoid(L.tensor([1, 4, 9]), dx=2),
                 lambda L: L.diff(L.tensor([1, 4, 9, 16]), 2),
                 lambda L: L.diff(L.tensor([True, False, False])),
                 lambda L: L.cov(L.tensor([[1, 2, 4], [1, 0, 0]])),
                 lambda L: L.corrcoef(L.tensor([[1, 2, 4], [1, 0, 3]])),
                 lambda L: L.vander(L.tensor([1, 2, 3])), lambda L: L.vander(L.tensor([True])),
                 lambda L: L.mv(L.ones(2, 3, dtype=L.int64), L.ones(3, dtype=L.int64)),
                 lambda L: L.ldexp(L.tensor([1, 2]), L.tensor([2, 3])),
                 lambda L: L.mvlgamma(L.tensor([3]), 2), lambda L: L.rsub(L.tensor([1]), 2),
                 lambda L: L.clamp_min(L.tensor([1, 5]), 2)):
        ours, theirs = call(ag), call(torch)
        assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch."), call
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)
