"""ag.linalg beyond the registry: named results, bad input with PyTorch's exception types and
messages, the singular cases, and the top-level aliases."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip


def test_singular_solve_raises_linalg_error():
    torch = torch_or_skip()
    a, b = np.zeros((2, 2)), np.ones(2)
    with pytest.raises(torch.linalg.LinAlgError):
        torch.linalg.solve(torch.tensor(a), torch.tensor(b))
    with pytest.raises(ag.linalg.LinAlgError, match=r"linalg.solve.*singular.*\[2, 2\]"):
        ag.linalg.solve(ag.tensor(a), ag.tensor(b))
    assert issubclass(ag.linalg.LinAlgError, RuntimeError)  # as torch.linalg.LinAlgError
    with pytest.raises(ag.linalg.LinAlgError, match="linalg.inv"):
        ag.linalg.inv(ag.zeros(3, 3))
    with pytest.raises(ag.linalg.LinAlgError, match="positive-definite"):
        ag.linalg.cholesky(-ag.eye(2))


@pytest.mark.parametrize("call,match", [
    (lambda L, x: L.inv(x[:, :2]), "square matrices, but they are 3 by 2"),
    (lambda L, x: L.det(x[0]), "at least 2 dimensions"),
    (lambda L, x: L.inv(x.long()), "floating point"),
    (lambda L, x: L.solve(x, x[:2, 0]), "Incompatible shapes"),
    (lambda L, x: L.cross(x, x[:, :2]), "must have length 3"),
    (lambda L, x: L.multi_dot([x]), "at least 2 tensors"),
    (lambda L, x: L.matrix_norm(x, "bad"), "not supported"),
    (lambda L, x: L.eigh(x, UPLO="X"), "UPLO"),
])
def test_bad_input_matches_torch(call, match):
    torch = torch_or_skip()
    x = np.random.default_rng(0).standard_normal((3, 3))
    with pytest.raises(RuntimeError) as theirs:
        call(torch.linalg, torch.tensor(x))
    with pytest.raises(type(theirs.value), match=match):
        call(ag.linalg, ag.tensor(x))


def test_product_shape_errors_match_torch():
    torch = torch_or_skip()
    for lib in (torch, ag):
        with pytest.raises(RuntimeError, match="shapes cannot be multiplied"):
            lib.addmm(lib.zeros(2, 2), lib.zeros(2, 3), lib.zeros(2, 2))
        with pytest.raises(RuntimeError, match="batch2 tensor"):
            lib.baddbmm(lib.zeros(2, 2, 2), lib.zeros(2, 2, 3), lib.zeros(3, 2, 2))
        with pytest.raises(RuntimeError, match="X1 and X2 must have the same number of columns"):
            lib.cdist(lib.zeros(2, 3), lib.zeros(2, 4))


def test_named_results_like_torch():
    a = ag.randn(4, 3, dtype=ag.float64)
    q, r = ag.linalg.qr(a)
    assert ag.linalg.qr(a).Q is not None and tuple(q.shape) == (4, 3) and tuple(r.shape) == (3, 3)
    u, s, vh = ag.linalg.svd(a, full_matrices=False)
    res = ag.linalg.svd(a)
    assert (tuple(res.U.shape), tuple(res.S.shape), tuple(res.Vh.shape)) == ((4, 4), (3,), (3, 3))
    np.testing.assert_allclose(((u * s) @ vh).numpy(), a.numpy(), atol=1e-12)
    w = ag.linalg.eigh(a.mT @ a)
    assert tuple(w.eigenvalues.shape) == (3,) and tuple(w.eigenvectors.shape) == (3, 3)
    sign, logabs = ag.linalg.slogdet(a.mT @ a)
    assert float(sign) == 1.0
    lst = ag.linalg.lstsq(a, a[:, :1], driver="gelsd")
    assert lst._fields == ("solution", "residuals", "rank", "singular_values")
    assert int(lst.rank) == 3 and tuple(lst.singular_values.shape) == (3,)
    legacy = ag.svd(a)
    np.testing.assert_allclose(((legacy.U * legacy.S) @ legacy.V.mT).numpy(), a.numpy(),
                               atol=1e-12)


def test_lstsq_extras_match_torch():
    torch = torch_or_skip()
    a = np.random.default_rng(1).standard_normal((2, 5, 3))
    b = np.random.default_rng(2).standard_normal((2, 5, 2))
    for driver in ("gelsy", "gelsd", "gels"):
        ours = ag.linalg.lstsq(ag.tensor(a), ag.tensor(b), driver=driver)
        theirs = torch.linalg.lstsq(torch.tensor(a), torch.tensor(b), driver=driver)
        for o, t in zip(ours, theirs):
            assert tuple(o.shape) == tuple(t.shape), driver
            np.testing.assert_allclose(o.numpy(), t.numpy(), atol=1e-10)


def test_det_gradient_at_a_singular_matrix_is_the_cofactor():
    # det is a polynomial: its gradient at a rank n-1 matrix is the (nonzero) cofactor matrix
    a = ag.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=ag.float64, requires_grad=True)
    ag.linalg.det(a).backward()
    np.testing.assert_allclose(a.grad.numpy(), [[4.0, -2.0], [-2.0, 1.0]])


def test_matrix_rank_and_second_order_through_inverse():
    torch = torch_or_skip()
    x = np.random.default_rng(3).standard_normal((3, 2))
    low = x @ x.T
    assert int(ag.linalg.matrix_rank(ag.tensor(low))) == int(
        torch.linalg.matrix_rank(torch.tensor(low)))
    a = np.random.default_rng(4).standard_normal((3, 3)) + 3 * np.eye(3)
    ta = torch.tensor(a, requires_grad=True)
    (g,) = torch.autograd.grad(torch.linalg.inv(ta).pow(2).sum(), ta, create_graph=True)
    (gg,) = torch.autograd.grad(g.sum(), ta)
    aa = ag.tensor(a, requires_grad=True)
    (g2,) = ag.grad(ag.linalg.inv(aa).pow(2).sum(), aa, create_graph=True)
    (gg2,) = ag.grad(g2.sum(), aa)
    np.testing.assert_allclose(gg2.numpy(), gg.numpy(), atol=1e-10)


def test_tensor_methods_and_top_level_aliases():
    a = ag.randn(3, 3, dtype=ag.float64) + 3 * ag.eye(3, dtype=ag.float64)
    np.testing.assert_allclose(a.det().item(), np.linalg.det(a.numpy()))
    np.testing.assert_allclose(a.inverse().numpy(), np.linalg.inv(a.numpy()), atol=1e-12)
    np.testing.assert_allclose(a.matrix_power(3).numpy(),
                               np.linalg.matrix_power(a.numpy(), 3), atol=1e-10)
    assert ag.linalg.matmul is ag.matmul
