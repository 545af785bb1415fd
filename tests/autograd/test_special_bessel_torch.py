"""``autograd.special``'s Bessel and Airy functions and orthogonal polynomials against
``torch.special``: dense grids of values with the edges (zero, tiny, large, +-inf, NaN, the
ends of each approximation's ranges), float32, float64 and integer inputs, on cpu and cuda;
for the polynomials, n and x broadcast together, negative, zero, large, non-integer and
non-finite degrees; ``out=``, the refused dtypes, and the missing derivative."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from tests.conftest import CUDA_REASON, torch_or_skip

torch = torch_or_skip()

DEVICES = ["cpu", pytest.param("cuda", marks=pytest.mark.skipif(
    CUDA_REASON is not None, reason=str(CUDA_REASON)))]

BESSEL = ["airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0",
          "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1",
          "scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "spherical_bessel_j0"]
POLYNOMIALS = ["chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v",
               "chebyshev_polynomial_w", "shifted_chebyshev_polynomial_t",
               "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
               "shifted_chebyshev_polynomial_w", "hermite_polynomial_h",
               "hermite_polynomial_he", "laguerre_polynomial_l", "legendre_polynomial_p"]
# PyTorch's CPU kernels return an uninitialised value at a NaN x for these (docs/pytorch.md)
NAN_X_UNDEFINED = {"chebyshev_polynomial_u", "chebyshev_polynomial_w",
                   "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_w",
                   "laguerre_polynomial_l", "legendre_polynomial_p"}

EDGES = [0.0, -0.0, 1e-300, -1e-300, 1e-30, 1e-8, -1e-8, 1e-5, 0.00001001, 0.5, -0.5, 1.0, 2.0,
         -2.0, 2.09, -2.09, 2.0900001, 5.0, -5.0, 5.000001, 8.0, -8.0, 8.3203353, 8.33, 103.892,
         103.9, 150.0, 700.0, 710.0, 1e3, -1e3, 1e8, -1e8, 1e20, -1e20, math.inf, -math.inf,
         math.nan]
GRID = np.concatenate([np.linspace(-40.0, 40.0, 3201), np.linspace(-3.0, 3.0, 1201), EDGES])


def _ours(name, *args, device="cpu", **kwargs):
    args = [ag.tensor(a, device=device) if isinstance(a, np.ndarray) else a for a in args]
    return getattr(ag.special, name)(*args, **kwargs)


def _theirs(name, *args):
    args = [torch.from_numpy(a) if isinstance(a, np.ndarray) else a for a in args]
    return getattr(torch.special, name)(*args).numpy()


def _check(ours, theirs, rtol, atol):
    got = ours.cpu().numpy() if hasattr(ours, "cpu") else ours.numpy()
    assert got.dtype == theirs.dtype
    np.testing.assert_allclose(got, theirs, rtol=rtol, atol=atol, equal_nan=True)
    # the non-finite values exactly where PyTorch's are, with their signs
    np.testing.assert_array_equal(np.isnan(got), np.isnan(theirs))
    np.testing.assert_array_equal(np.where(np.isinf(got), got, 0), np.where(np.isinf(theirs),
                                                                             theirs, 0))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", BESSEL)
def test_bessel_float64(name, device) -> None:
    _check(_ours(name, GRID, device=device), _theirs(name, GRID), rtol=1e-13, atol=1e-300)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", BESSEL)
def test_bessel_float32(name, device) -> None:
    x = GRID.astype(np.float32)
    _check(_ours(name, x, device=device), _theirs(name, x), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", BESSEL)
def test_bessel_integer_and_bool_inputs(name) -> None:
    ints = np.arange(-12, 13, dtype=np.int64)
    _check(_ours(name, ints), _theirs(name, ints), rtol=1e-5, atol=1e-6)
    flags = np.array([True, False])
    _check(_ours(name, flags), _theirs(name, flags), rtol=1e-5, atol=1e-6)
    old = ag.get_default_dtype()
    ag.set_default_dtype(ag.float64)
    try:
        got = _ours(name, ints)
    finally:
        ag.set_default_dtype(old)
    torch.set_default_dtype(torch.float64)
    try:
        want = _theirs(name, ints)
    finally:
        torch.set_default_dtype(torch.float32)
    _check(got, want, rtol=1e-13, atol=1e-300)


@pytest.mark.parametrize("name", BESSEL)
def test_bessel_zero_dim_and_shapes(name) -> None:
    x = np.array(1.5)
    got = _ours(name, x)
    assert got.shape == () and not got.requires_grad
    _check(got, _theirs(name, x), rtol=1e-13, atol=0)
    x = np.linspace(0.1, 9.0, 24).reshape(2, 3, 4)[:, ::2]
    _check(_ours(name, np.ascontiguousarray(x)), _theirs(name, np.ascontiguousarray(x)),
           rtol=1e-13, atol=0)
    empty = np.zeros((0, 3))
    assert _ours(name, empty).shape == (0, 3)


XS = np.concatenate([np.linspace(-2.0, 2.0, 161), [0.0, -0.0, 1.0, -1.0, 0.5, 1e-8, -1e-8,
                                                   1 - 1e-12, -1 + 1e-12, 1 + 1e-9, 3.0, 10.0,
                                                   -10.0, 100.0, 1e3, 1e8, math.inf,
                                                   -math.inf]])
NS = np.array([-1e30, -3.0, -1.0, -0.5, 0.0, 0.3, 0.99, 1.0, 1.9, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0,
               8.0, 9.0, 10.0, 13.0, 20.0, 50.0, 100.0, 128.0, 129.0, 200.0, 512.0, 513.0,
               1000.0, 1e30, math.inf, -math.inf, math.nan])


def _poly_tolerance(name, dtype, n):
    """float32: the trigonometric forms (and the recurrences) lose about n ulps of their
    angle: a tolerance growing with the degree."""
    if dtype == np.float64:
        return 1e-10, 1e-12
    return 1e-4, 1e-5 * np.clip(np.nan_to_num(np.abs(n), posinf=1.0), 1.0, 1000.0)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", POLYNOMIALS)
def test_polynomials_grid(name, dtype, device) -> None:
    x = XS.astype(dtype)[:, None]
    n = NS.astype(dtype)[None, :]
    got = _ours(name, x, n, device=device).cpu().numpy()
    want = _theirs(name, x, n)
    assert got.shape == want.shape == (len(XS), len(NS)) and got.dtype == want.dtype
    rtol, atol = _poly_tolerance(name, dtype, np.broadcast_to(n, want.shape))
    close = np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    xb, nb = np.broadcast_arrays(x, n)
    assert close.all(), (xb[~close][:5], nb[~close][:5], got[~close][:5], want[~close][:5])


@pytest.mark.parametrize("name", POLYNOMIALS)
def test_polynomials_nan_x(name) -> None:
    x = np.full((1, len(NS)), np.nan)
    n = NS[None, :]
    got = _ours(name, x, n).numpy()
    want = _theirs(name, x, n)
    ni = np.where(np.isfinite(NS) & (np.abs(NS) < 2.0 ** 63), np.trunc(NS), -1)
    np.testing.assert_array_equal(got[0, ni < 0], 0.0)
    np.testing.assert_array_equal(got[0, ni == 0], 1.0)
    assert np.isnan(got[0, ni >= 1]).all()
    defined = (ni < 2) if name in NAN_X_UNDEFINED else np.ones_like(ni, dtype=bool)
    np.testing.assert_array_equal(got[0, defined], want[0, defined])


@pytest.mark.parametrize("name", POLYNOMIALS)
def test_polynomials_scalars_and_promotion(name) -> None:
    x = np.linspace(-1.5, 1.5, 7)
    ns = np.array([[0], [1], [2], [5], [11]])
    # a number for n, a number for x; x and n of different shapes and dtypes
    for n in (0, 3, 7, 12, 2.5, -1):
        for xx in (x, x.astype(np.float32), np.arange(-3, 4)):
            _check(_ours(name, xx, n), _theirs(name, xx, n), rtol=1e-5, atol=1e-5)
    for xv in (0.25, -0.75, 2, 1.0, 0.0):
        _check(_ours(name, xv, ns), _theirs(name, xv, ns), rtol=1e-5, atol=1e-5)
    _check(_ours(name, x.astype(np.float32), ns), _theirs(name, x.astype(np.float32), ns),
           rtol=1e-5, atol=1e-5)  # int64 n with float32 x: float32
    _check(_ours(name, x.astype(np.float32), ns.astype(np.float64)),
           _theirs(name, x.astype(np.float32), ns.astype(np.float64)), rtol=1e-12, atol=1e-12)
    _check(_ours(name, np.arange(-3, 4), ns), _theirs(name, np.arange(-3, 4), ns),
           rtol=1e-5, atol=1e-5)  # integers: the default float dtype
    zero_d = np.array(3.0)
    _check(_ours(name, x.astype(np.float32), zero_d),
           _theirs(name, x.astype(np.float32), zero_d), rtol=1e-5, atol=1e-5)
    _check(_ours(name, x[:, None], ns.T), _theirs(name, x[:, None], ns.T), rtol=1e-12,
           atol=1e-12)
    with pytest.raises(TypeError, match=name):
        getattr(ag.special, name)(0.5, 3)
    with pytest.raises(TypeError):
        getattr(torch.special, name)(0.5, 3)
    for bad in ("a", None, [1, 2]):
        with pytest.raises(TypeError):
            getattr(torch.special, name)(torch.ones(2), bad)
        with pytest.raises(TypeError, match=f"{name}\\(\\): argument 'n'"):
            getattr(ag.special, name)(ag.ones(2), bad)
    with pytest.raises(RuntimeError, match="must match the size"):
        getattr(torch.special, name)(torch.ones(2), torch.ones(3))
    with pytest.raises(RuntimeError, match=r"shapes of x \[2\] and n \[3\] do not broadcast"):
        getattr(ag.special, name)(ag.ones(2), ag.ones(3))


def test_polynomial_keywords() -> None:
    x = np.linspace(-1, 1, 5)
    got = ag.special.legendre_polynomial_p(x=ag.tensor(x), n=3)
    _check(got, torch.special.legendre_polynomial_p(x=torch.from_numpy(x), n=3).numpy(),
           rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", POLYNOMIALS)
def test_polynomials_large_degrees(name) -> None:
    """Beyond the float range the recurrences overflow to +-inf and then stop at NaN, as
    PyTorch's (with its fused multiply-adds); inside (-1, 1) the trigonometric forms."""
    x = np.array([-3.0, -1.5, -1.01, -0.3, 0.2, 0.999, 1.01, 1.5, 3.0, 25.0])[:, None]
    n = np.array([40.0, 48.0, 49.0, 50.0, 60.0, 100.0, 150.0, 300.0, 400.0, 511.0, 600.0,
                  2000.0])[None, :]
    for dtype in (np.float64, np.float32):
        xx, nn = x.astype(dtype), n.astype(dtype)
        rtol, atol = _poly_tolerance(name, dtype, np.broadcast_to(nn, (10, 12)))
        got = _ours(name, xx, nn).numpy()
        want = _theirs(name, xx, nn)
        assert np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True).all()
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want))


@pytest.mark.parametrize("device", DEVICES)
def test_out(device) -> None:
    x = np.linspace(0.1, 6.0, 6)
    for name in BESSEL:
        out = ag.empty(6, dtype=ag.float64, device=device)
        got = getattr(ag.special, name)(ag.tensor(x, device=device), out=out)
        assert got is out
        _check(out, _theirs(name, x), rtol=1e-13, atol=0)
    for name in POLYNOMIALS:
        out = ag.zeros(2, 6, device=device)  # resized from empty is fine, float64 -> float32
        out = ag.empty(0, device=device)
        got = getattr(ag.special, name)(ag.tensor(x, device=device), ag.tensor(
            np.array([[2.0], [7.0]]), device=device), out=out)
        assert got is out and out.shape == (2, 6) and out.dtype == ag.float32
        want = _theirs(name, x, np.array([[2.0], [7.0]])).astype(np.float32)
        np.testing.assert_allclose(out.cpu().numpy(), want, rtol=1e-6, atol=1e-6)
    # an argument that requires grad is fine: nothing is differentiated
    x = ag.tensor([0.5, 2.0], requires_grad=True, device=device)
    out = ag.empty(2, requires_grad=True, device=device)
    ag.special.bessel_j0(x, out=out)
    t = torch.empty(2, requires_grad=True)
    torch.special.bessel_j0(torch.tensor([0.5, 2.0], requires_grad=True), out=t)
    np.testing.assert_allclose(out.detach().cpu().numpy(), t.detach().numpy(), rtol=1e-6)
    with pytest.raises(RuntimeError, match="can't be cast"):
        ag.special.bessel_j0(x, out=ag.empty(2, dtype=ag.int64, device=device))
    with pytest.raises(RuntimeError, match="can't be cast"):
        torch.special.bessel_j0(torch.tensor([0.5]), out=torch.empty(1, dtype=torch.int64))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", BESSEL + POLYNOMIALS)
def test_no_derivative(name, device) -> None:
    args = (ag.tensor([0.5, 2.0], requires_grad=True, device=device),)
    targs = (torch.tensor([0.5, 2.0], requires_grad=True),)
    if name in POLYNOMIALS:
        args += (ag.tensor(3.0, requires_grad=True, device=device),)
        targs += (torch.tensor(3.0, requires_grad=True),)
    y = getattr(ag.special, name)(*args)
    ty = getattr(torch.special, name)(*targs)
    assert y.requires_grad is ty.requires_grad is False
    assert y.grad_fn is None and ty.grad_fn is None
    with pytest.raises(RuntimeError, match="does not require grad"):
        ty.sum().backward()
    with pytest.raises(RuntimeError, match="does not require grad"):
        y.sum().backward()


@pytest.mark.parametrize("name", BESSEL + POLYNOMIALS)
def test_refused_dtypes_and_arguments(name) -> None:
    extra = (2,) if name in POLYNOMIALS else ()
    for ours_dtype, theirs_dtype in ((ag.float16, torch.float16), (ag.bfloat16, torch.bfloat16)):
        with pytest.raises(NotImplementedError):
            getattr(torch.special, name)(torch.ones(2, dtype=theirs_dtype), *extra)
        with pytest.raises(NotImplementedError, match=name):
            getattr(ag.special, name)(ag.ones(2, dtype=ours_dtype), *extra)
    if name in BESSEL:
        with pytest.raises(TypeError, match="must be Tensor"):
            torch.special.__dict__[name](1.5)
        with pytest.raises(TypeError, match="must be Tensor, not float"):
            getattr(ag.special, name)(1.5)
