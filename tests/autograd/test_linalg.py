"""Linear algebra beyond the registry samples: error paths, dtypes, gradients of the odd cases."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip


def _t(shape, device="cpu", dtype=ag.float64, requires_grad=True, seed=0):
    rng = np.random.default_rng(seed)
    return ag.tensor(rng.standard_normal(shape), dtype=dtype, device=device,
                     requires_grad=requires_grad)


def _np(t: ag.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def _linear_grad(f, x: np.ndarray) -> np.ndarray:
    """The gradient of a scalar function linear in ``x``: its value at each unit array."""
    g = np.empty(x.shape)
    for idx in np.ndindex(*x.shape):
        e = np.zeros(x.shape)
        e[idx] = 1.0
        g[idx] = f(e)
    return g


# -- matmul shapes and errors --------------------------------------------------------------


@pytest.mark.parametrize("a,b,out", [
    ((3,), (3,), ()),
    ((2, 3), (3, 4), (2, 4)),
    ((3,), (3, 4), (4,)),
    ((2, 3), (3,), (2,)),
    ((5, 2, 3), (3,), (5, 2)),
    ((3,), (5, 3, 4), (5, 4)),
    ((2, 1, 2, 3), (4, 3, 5), (2, 4, 2, 5)),
])
def test_matmul_shapes(a, b, out, device) -> None:
    x, w = _t(a, device), _t(b, device, seed=1)
    xn, wn = _np(x), _np(w)
    y = ag.matmul(x, w)
    assert y.shape == out
    np.testing.assert_allclose(_np(y), np.matmul(xn, wn), rtol=1e-12, atol=1e-12)
    y.sum().backward()
    # sum(x @ w) is linear in each operand: its gradient is its value at the unit arrays
    np.testing.assert_allclose(_np(x.grad), _linear_grad(lambda e: np.matmul(e, wn).sum(), xn),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(_np(w.grad), _linear_grad(lambda e: np.matmul(xn, e).sum(), wn),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("a,b,needle", [
    ((3, 4), (5, 6), "(3x4 and 5x6)"),
    ((3,), (4, 5), "(1x3 and 4x5)"),
    ((3,), (4,), "[3] and [4]"),
    ((2, 2, 3), (3, 3, 5), "[2] and [3]"),
    ((), (2, 3), "0D and 2D"),
])
def test_matmul_shape_errors(a, b, needle) -> None:
    with pytest.raises(RuntimeError, match="matmul") as info:
        ag.matmul(_t(a), _t(b))
    assert needle in str(info.value)


def test_matmul_rejects_scalars() -> None:
    with pytest.raises(TypeError, match="matmul"):
        ag.matmul(_t((2, 2)), 2.0)


def test_matmul_with_numpy_operand() -> None:
    a = _t((2, 3))
    w = np.ones((3, 4))
    np.testing.assert_allclose((a @ w).detach().numpy(), a.detach().numpy() @ w)
    np.testing.assert_allclose((w.T @ a.T).detach().numpy(), w.T @ a.detach().numpy().T)


def test_mm_bmm_dot_errors() -> None:
    with pytest.raises(RuntimeError, match=r"mm: .*\[2, 3, 4\] and \[4, 5\]"):
        ag.mm(_t((2, 3, 4)), _t((4, 5)))
    with pytest.raises(RuntimeError, match=r"mm: mat1 and mat2 shapes cannot be multiplied "
                                           r"\(3x4 and 5x6\)"):
        ag.mm(_t((3, 4)), _t((5, 6)))
    with pytest.raises(RuntimeError, match=r"bmm: .*\[3, 4\] and \[4, 5\]"):
        ag.bmm(_t((3, 4)), _t((4, 5)))
    with pytest.raises(RuntimeError, match=r"bmm: .*\[2, 4\] but got: \[3, 4\]"):
        ag.bmm(_t((2, 3, 4)), _t((3, 4, 5)))
    with pytest.raises(RuntimeError, match=r"bmm: .*\[2, 4\] but got: \[2, 5\]"):
        ag.bmm(_t((2, 3, 4)), _t((2, 5, 5)))
    with pytest.raises(RuntimeError, match=r"dot: .*\[3\] and \[4\]"):
        ag.dot(_t((3,)), _t((4,)))
    with pytest.raises(RuntimeError, match=r"dot: .*\[2, 3\] and \[3\]"):
        ag.dot(_t((2, 3)), _t((3,)))
    with pytest.raises(RuntimeError, match=r"outer: .*\[2, 3\] and \[3\]"):
        ag.outer(_t((2, 3)), _t((3,)))


def test_methods() -> None:
    a, b = _t((2, 3)), _t((3, 4), seed=1)
    ref = a.detach().numpy() @ b.detach().numpy()
    for y in (a.matmul(b), a.mm(b), a @ b):
        np.testing.assert_allclose(y.detach().numpy(), ref)
    v = _t((3,), seed=2)
    vn = _np(v)
    d = v.dot(v)
    assert d.shape == ()
    np.testing.assert_allclose(d.item(), np.sum(vn * vn), rtol=1e-12)
    np.testing.assert_allclose(_np(v.outer(v)), vn[:, None] * vn[None, :], rtol=1e-12)
    y = a.unsqueeze(0).bmm(b.unsqueeze(0))
    assert y.shape == (1, 2, 4)
    np.testing.assert_allclose(_np(y)[0], ref, rtol=1e-12)


# -- dtypes ------------------------------------------------------------------------------


def test_mixed_float_dtypes_are_refused_as_pytorch() -> None:
    a = _t((2, 3), dtype=ag.float32)
    b = _t((3, 4), dtype=ag.float64, seed=1)
    with pytest.raises(RuntimeError, match="matmul: expected m1 and m2 to have the same dtype, "
                                           "but got: float32 != float64"):
        ag.matmul(a, b)
    with pytest.raises(RuntimeError, match="einsum.*float32 != float64"):
        ag.einsum("ij,jk", a, b)
    y = ag.outer(a[0], b[:, 0])  # outer promotes, as PyTorch's
    assert y.dtype == ag.float64
    y.sum().backward()
    assert a.grad.dtype == ag.float32 and b.grad.dtype == ag.float64


def test_integer_matmul() -> None:
    a = ag.tensor([[1, 2], [3, 4]])
    b = ag.tensor([[5], [6]])
    y = a @ b
    assert y.dtype == ag.int64 and not y.requires_grad
    assert y.tolist() == [[17], [39]]
    assert ag.dot(ag.tensor([1, 2, 3]), ag.tensor([4, 5, 6])).item() == 32
    assert ag.einsum("ij->", a).item() == 10


def test_float32_stays_float32() -> None:
    a, b = _t((2, 3), dtype=ag.float32), _t((3,), dtype=ag.float32)
    assert ag.matmul(a, b).dtype == ag.float32
    assert ag.einsum("ij,j->i", a, b).dtype == ag.float32


# -- gradients ---------------------------------------------------------------------------


def test_backward_skips_inputs_without_grad() -> None:
    a = _t((4, 3))
    w = _t((3, 2), requires_grad=False)
    (a @ w).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), np.ones((4, 2)) @ w.numpy().T)
    assert w.grad is None


@pytest.mark.parametrize("a,b", [((3,), (2, 3, 4)), ((2, 3, 4), (4,)), ((2, 1, 3, 4), (5, 4, 2)),
                                 ((1, 3, 4), (2, 4, 5)), ((3,), (3,))])
def test_matmul_gradcheck_broadcast(a, b, device) -> None:
    assert ag.gradcheck(ag.matmul, (_t(a, device), _t(b, device, seed=1)))
    assert ag.gradgradcheck(ag.matmul, (_t(a, device), _t(b, device, seed=1)))


def test_matmul_matches_torch_gradients() -> None:
    torch = torch_or_skip()
    for sa, sb in [((3,), (2, 3, 4)), ((2, 1, 3, 4), (5, 4, 2)), ((2, 3, 4), (4,))]:
        a, b = _t(sa), _t(sb, seed=1)
        ta = torch.tensor(a.detach().numpy(), requires_grad=True)
        tb = torch.tensor(b.detach().numpy(), requires_grad=True)
        (ag.matmul(a, b) ** 2).sum().backward()
        (torch.matmul(ta, tb) ** 2).sum().backward()
        np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy(), rtol=1e-12)
        np.testing.assert_allclose(b.grad.numpy(), tb.grad.numpy(), rtol=1e-12)


def test_einsum_same_tensor_twice() -> None:
    a = _t((3, 3))
    ag.einsum("ij,ij->", a, a).backward()
    np.testing.assert_allclose(a.grad.numpy(), 2 * a.detach().numpy())


def test_einsum_second_order() -> None:
    a, b = _t((2, 3)), _t((3, 3), seed=1)
    assert ag.gradgradcheck(lambda x, y: ag.einsum("ij,jj,kj->ik", x, y, x), (a, b))


# -- einsum parsing and errors --------------------------------------------------------------


def test_einsum_operand_forms() -> None:
    a, b = _t((2, 3)), _t((3, 4), seed=1)
    ref = (a @ b).detach().numpy()
    np.testing.assert_allclose(ag.einsum("ij,jk", [a, b]).detach().numpy(), ref)
    np.testing.assert_allclose(ag.einsum("ij,jk", (a, b)).detach().numpy(), ref)
    np.testing.assert_allclose(ag.einsum("ij , jk -> ik", a, b).detach().numpy(), ref)


def test_einsum_implicit_output_order_matches_torch() -> None:
    torch = torch_or_skip()
    for eq, shapes in [("ba", [(2, 3)]), ("Ab,bc", [(2, 3), (3, 4)]), ("b...a", [(2, 3, 4)]),
                       ("ij,jk,kl", [(2, 3), (3, 4), (4, 5)])]:
        ops = [_t(s, seed=k) for k, s in enumerate(shapes)]
        got = ag.einsum(eq, *ops)
        expected = torch.einsum(eq, *[torch.tensor(o.detach().numpy()) for o in ops])
        np.testing.assert_allclose(got.detach().numpy(), expected.numpy(), rtol=1e-12)


@pytest.mark.parametrize("eq,shapes,needle", [
    ("ij,jk", [(2, 3)], "fewer operands"),
    ("ij", [(2, 3), (3, 4)], "more operands"),
    ("ij", [(2, 3, 4)], "does not match the number of dimensions (3) for operand 0"),
    ("ijk...", [(2, 3)], "more than the number of dimensions"),
    ("ij->k", [(2, 3)], "output subscript k"),
    ("ij->ii", [(2, 2)], "appears more than once"),
    ("ij,jk", [(2, 3), (4, 5)], "subscript j has size 4 for operand 1"),
    ("i1", [(2, 3)], "invalid subscript"),
    ("i..j", [(2, 3)], "ellipsis"),
])
def test_einsum_errors(eq, shapes, needle) -> None:
    with pytest.raises(RuntimeError, match="einsum") as info:
        ag.einsum(eq, *[_t(s) for s in shapes])
    assert needle in str(info.value)


def test_einsum_repeated_index_size_mismatch() -> None:
    # PyTorch: "einsum(): subscript i is repeated for operand 0 but the sizes don't match"
    with pytest.raises(RuntimeError, match=r"einsum\(\): subscript i .*operand 0.*[23].*[23]"):
        ag.einsum("ii->i", _t((2, 3)))


# -- tensordot / inner -------------------------------------------------------------------


def test_tensordot_errors() -> None:
    with pytest.raises(RuntimeError, match=r"tensordot: contracted dimensions need to match"):
        ag.tensordot(_t((2, 3, 4)), _t((3, 5, 5)), dims=([1, 2], [0, 1]))
    with pytest.raises(RuntimeError, match="tensordot: both dimension lists"):
        ag.tensordot(_t((2, 3)), _t((3, 2)), dims=([0, 1], [1]))
    with pytest.raises(RuntimeError, match="tensordot: expects dims >= 0, but got dims=-1"):
        ag.tensordot(_t((2, 3)), _t((3, 2)), dims=-1)
    with pytest.raises(RuntimeError, match=r"inner: .*\[2, 3\] and \[4\]"):
        ag.inner(_t((2, 3)), _t((4,)))


def test_tensordot_matches_torch() -> None:
    torch = torch_or_skip()
    a, b = _t((2, 3, 4)), _t((4, 3, 5), seed=1)
    for dims in (([1, 2], [1, 0]), ([2], [0]), 1, ([-1], [0])):
        got = ag.tensordot(a, b, dims=dims)
        ta, tb = torch.tensor(a.detach().numpy()), torch.tensor(b.detach().numpy())
        np.testing.assert_allclose(got.detach().numpy(),
                                   torch.tensordot(ta, tb, dims=dims).numpy(), rtol=1e-12)
