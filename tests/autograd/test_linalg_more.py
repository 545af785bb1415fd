"""The LU family, triangular and Cholesky solvers and matrix_exp beyond the registry: the
``info`` codes of the ``_ex`` variants, ``check_errors``, bad input with PyTorch's exception
types and messages, values known in closed form, and the Tensor methods.

Each test checks tapegrad on its own first; where PyTorch is installed it is also asked the
same question and must agree (its absence only skips that comparison).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import autograd as ag

try:
    import torch
except ImportError:  # the oracle is optional: the tapegrad half of each test still runs
    torch = None

SINGULAR = np.array([[1.0, 2.0], [2.0, 4.0]])  # pivot row 2, multiplier 1/2, U[2,2] = 0


def _both(fn_ag, fn_torch, *arrays):
    """tapegrad's result, and PyTorch's on the same arrays (None without PyTorch)."""
    ours = fn_ag(*[ag.tensor(a) for a in arrays])
    if torch is None:
        return ours, None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.lu, lu_solve ... are deprecated in PyTorch
        return ours, fn_torch(*[torch.tensor(a) for a in arrays])


def _raises_like(exc_type, match, fn_ag, fn_torch, *arrays):
    """tapegrad raises ``exc_type`` with ``match``; PyTorch raises the same type."""
    with pytest.raises(exc_type, match=match):
        fn_ag(*[ag.tensor(a) for a in arrays])
    if torch is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(exc_type):
                fn_torch(*[torch.tensor(a) for a in arrays])


def test_torch_names_exist():
    linalg = ["solve_triangular", "lu_factor", "lu_factor_ex", "lu", "lu_solve", "cholesky_ex",
              "inv_ex", "solve_ex", "matrix_exp", "tensorinv", "tensorsolve", "vander",
              "diagonal", "householder_product"]
    linalg += ["ldl_factor", "ldl_factor_ex", "ldl_solve"]
    top = ["lu", "lu_solve", "lu_unpack", "cholesky_solve", "cholesky_inverse", "matrix_exp",
           "nuclear_norm", "frobenius_norm", "triangular_solve", "geqrf", "orgqr", "ormqr"]
    methods = ["lu", "lu_solve", "cholesky_solve", "cholesky_inverse", "matrix_exp",
               "triangular_solve", "geqrf", "orgqr", "ormqr"]
    assert [n for n in linalg if not hasattr(ag.linalg, n)] == []
    assert [n for n in top if not hasattr(ag, n)] == []
    assert [n for n in methods if not hasattr(ag.Tensor, n)] == []
    assert ag.matrix_exp is ag.linalg.matrix_exp
    if torch is not None:
        assert all(hasattr(torch.linalg, n) for n in linalg)
        assert all(hasattr(torch, n) for n in top)
        assert all(hasattr(torch.Tensor, n) for n in methods)


# -- info codes and check_errors ------------------------------------------------------------


def test_lu_factor_ex_info_of_a_singular_matrix():
    ours, theirs = _both(ag.linalg.lu_factor_ex, torch and torch.linalg.lu_factor_ex, SINGULAR)
    assert ours.info.dtype == ag.int32 and ours.info.item() == 2
    assert ours.pivots.tolist() == [2, 2]
    np.testing.assert_allclose(ours.LU.numpy(), [[2.0, 4.0], [0.5, 0.0]])
    if theirs is not None:
        assert theirs.info.item() == 2 and theirs.pivots.tolist() == [2, 2]


def test_batched_info_marks_only_the_singular_matrix():
    a = np.stack([np.eye(3), np.diag([1.0, 0.0, 2.0])])
    ours, theirs = _both(ag.linalg.lu_factor_ex, torch and torch.linalg.lu_factor_ex, a)
    assert ours.info.tolist() == [0, 2]
    if theirs is not None:
        assert theirs.info.tolist() == [0, 2]
    ours, theirs = _both(ag.linalg.inv_ex, torch and torch.linalg.inv_ex, a)
    assert ours.info.tolist() == [0, 2]
    np.testing.assert_allclose(ours.inverse.numpy()[0], np.eye(3))
    if theirs is not None:
        assert theirs.info.tolist() == [0, 2]


def test_cholesky_ex_info_is_the_failing_leading_minor():
    a = np.diag([1.0, -1.0, 2.0])
    ours, theirs = _both(ag.linalg.cholesky_ex, torch and torch.linalg.cholesky_ex, a)
    assert ours.info.dtype == ag.int32 and ours.info.item() == 2
    if theirs is not None:
        assert theirs.info.item() == 2
    good = ag.linalg.cholesky_ex(ag.tensor([[4.0, 2.0], [2.0, 5.0]]))
    assert good.info.item() == 0
    np.testing.assert_allclose(good.L.numpy(), [[2.0, 0.0], [1.0, 2.0]])


@pytest.mark.parametrize("name,call,exc,match", [
    ("lu_factor", lambda L, a: L.lu_factor(a), RuntimeError, r"lu_factor: U\[2,2\] is zero"),
    ("lu_factor_ex", lambda L, a: L.lu_factor_ex(a, check_errors=True), RuntimeError,
     r"lu_factor_ex: U\[2,2\] is zero"),
    ("inv_ex", lambda L, a: L.inv_ex(a, check_errors=True), "LinAlgError",
     "inv_ex: The diagonal element 2 is zero"),
    ("solve_ex", lambda L, a: L.solve_ex(a, a[..., :1], check_errors=True), "LinAlgError",
     "solve_ex: The solver failed because the input matrix is singular"),
    ("cholesky_ex", lambda L, a: L.cholesky_ex(-a, check_errors=True), "LinAlgError",
     "cholesky_ex: .*leading minor of order 1 is not positive-definite"),
])
def test_check_errors_raise_like_torch(name, call, exc, match):
    ours_exc = ag.linalg.LinAlgError if exc == "LinAlgError" else exc
    with pytest.raises(ours_exc, match=match):
        call(ag.linalg, ag.tensor(SINGULAR))
    if torch is not None:
        theirs_exc = torch.linalg.LinAlgError if exc == "LinAlgError" else exc
        with pytest.raises(theirs_exc):
            call(torch.linalg, torch.tensor(SINGULAR))


def test_check_errors_names_the_batch_element():
    a = ag.tensor(np.stack([np.eye(2), SINGULAR]))
    with pytest.raises(ag.linalg.LinAlgError, match=r"\(Batch element 1\): linalg.inv_ex"):
        ag.linalg.inv_ex(a, check_errors=True)


def test_singular_without_check_errors_gives_inf_not_an_error():
    ours = ag.linalg.inv_ex(ag.tensor(SINGULAR))
    assert ours.info.item() == 2 and not np.isfinite(ours.inverse.numpy()).all()
    # a zero on a triangular diagonal: inf/NaN, no error (LAPACK's trsm, as PyTorch)
    x = ag.linalg.solve_triangular(ag.tensor([[0.0, 1.0], [0.0, 1.0]]), ag.ones(2, 1,
                                   dtype=ag.float64), upper=True)
    assert np.isnan(x.numpy()[0, 0]) and x.numpy()[1, 0] == 1.0


# -- bad input ---------------------------------------------------------------------------------


E = np.eye(3)


@pytest.mark.parametrize("call,exc,match", [
    (lambda L, a: L.linalg.solve_triangular(a[:2], a, upper=True), RuntimeError,
     "solve_triangular: A must be batches of square matrices, but they are 2 by 3"),
    (lambda L, a: L.linalg.solve_triangular(a, a[:2], upper=True), RuntimeError,
     r"solve_triangular: Incompatible shapes of A and B for the equation AX = B \(3x3 and 2x3\)"),
    (lambda L, a: L.linalg.solve_triangular(a, a[0], upper=True), RuntimeError,
     "solve_triangular: The input tensor B must have at least 2 dimensions"),
    (lambda L, a: L.linalg.solve_triangular(a.expand(2, 3, 3), a.expand(3, 3, 3), upper=True),
     RuntimeError, r"solve_triangular: the batch dims of A \[2, 3, 3\] and B \[3, 3, 3\] do not "
     "broadcast"),
    (lambda L, a: L.linalg.solve_triangular(a, a, upper=1), TypeError,
     "argument 'upper' must be bool, not int"),
    (lambda L, a: L.linalg.solve_triangular(a.long(), a.long(), upper=True),
     NotImplementedError, "\"triangular_solve_cpu\" not implemented for 'Long'"),
    (lambda L, a: L.linalg.lu_factor(a[0]), RuntimeError, "at least 2 dimensions"),
    (lambda L, a: L.linalg.lu_factor(a, pivot=False), RuntimeError,
     "LU without pivoting is not implemented"),
    (lambda L, a: L.linalg.lu_factor(a.long()), NotImplementedError,
     "\"lu_cpu\" not implemented for 'Long'"),
    (lambda L, a: L.linalg.lu_solve(*L.linalg.lu_factor(a), a[:2]), RuntimeError,
     r"lu_solve: Incompatible shapes of A and B for the equation AX = B \(3x3 and 2x3\)"),
    (lambda L, a: L.linalg.lu_solve(*L.linalg.lu_factor(a), a.float()), RuntimeError,
     "lu_solve: Expected LU and B to have the same dtype"),
    (lambda L, a: L.linalg.lu_solve(*L.linalg.lu_factor(a.expand(2, 3, 3)), a.expand(3, 3, 3)),
     RuntimeError, "lu_solve: the batch dims of LU .* do not broadcast"),
    (lambda L, a: L.cholesky_solve(a.expand(3, 3, 3), a.expand(2, 3, 3)), RuntimeError,
     "cholesky_solve: the batch dims of input .* do not broadcast"),
    (lambda L, a: L.linalg.inv_ex(a[:2]), RuntimeError, "square matrices, but they are 2 by 3"),
    (lambda L, a: L.linalg.solve_ex(a, a.float()), RuntimeError,
     "linalg.solve: Expected A and B to have the same dtype"),
    (lambda L, a: L.linalg.cholesky_ex(a[:2]), RuntimeError, "square matrices"),
    (lambda L, a: L.linalg.matrix_exp(a[:2]), RuntimeError,
     "matrix_exp: A must be batches of square matrices, but they are 2 by 3"),
    (lambda L, a: L.linalg.matrix_exp(a.long()), RuntimeError, "floating point"),
    (lambda L, a: L.cholesky_solve(a[:2], a), RuntimeError,
     "Incompatible matrix sizes for cholesky_solve: each A matrix is 3 by 3 but each b matrix "
     "is 2 by 3"),
    (lambda L, a: L.cholesky_solve(a.float(), a), RuntimeError,
     "Expected b and A to have the same dtype, but found b of type Float and A of type Double"),
    (lambda L, a: L.cholesky_inverse(a.long()), NotImplementedError,
     "\"cholesky_inverse_out_cpu\" not implemented for 'Long'"),
    (lambda L, a: L.linalg.tensorinv(a, ind=0), RuntimeError,
     "Expected a strictly positive integer for 'ind', but got 0"),
    (lambda L, a: L.linalg.tensorinv(a[:2], ind=1), RuntimeError,
     "prod\\(self.shape\\[ind:\\]\\) == prod\\(self.shape\\[:ind\\]\\)"),
    (lambda L, a: L.linalg.tensorsolve(a[:2], a[0]), RuntimeError, "prod"),
    (lambda L, a: L.linalg.vander(a[0], N=1), RuntimeError, "N must be greater than 1"),
    (lambda L, a: L.linalg.householder_product(a[:2], a[0, :2]), RuntimeError,
     "input.shape\\[-2\\] must be greater than or equal to input.shape\\[-1\\]"),
    (lambda L, a: L.linalg.householder_product(a[:, :2], a[0]), RuntimeError,
     "input.shape\\[-1\\] must be greater than or equal to tau.shape\\[-1\\]"),
    (lambda L, a: L.linalg.diagonal(a[0, 0]), IndexError, "Dimension out of range"),
])
def test_bad_input_matches_torch(call, exc, match):
    with pytest.raises(exc, match=match):
        call(ag, ag.tensor(E))
    if torch is not None:
        with pytest.raises(exc):
            call(torch, torch.tensor(E))


# -- values ----------------------------------------------------------------------------------


def test_matrix_exp_closed_forms():
    t = 20.0  # a norm well above the Pade-13 bound: the result is squared several times
    rot = ag.linalg.matrix_exp(ag.tensor([[0.0, -t], [t, 0.0]], dtype=ag.float64)).numpy()
    np.testing.assert_allclose(rot, [[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]],
                               atol=1e-12)
    nil = ag.matrix_exp(ag.tensor([[0.0, 3.0], [0.0, 0.0]], dtype=ag.float64)).numpy()
    np.testing.assert_allclose(nil, [[1.0, 3.0], [0.0, 1.0]])
    d = ag.tensor(np.diag([1.0, -2.0, 0.5])).matrix_exp().numpy()
    np.testing.assert_allclose(d, np.diag(np.exp([1.0, -2.0, 0.5])), rtol=1e-14)
    half = ag.linalg.matrix_exp(ag.tensor([[0.0, 1.0], [0.0, 0.0]], dtype=ag.float16))
    assert half.dtype == ag.float16 and half.tolist() == [[1.0, 1.0], [0.0, 1.0]]


def test_solve_triangular_reads_only_its_triangle():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((4, 4)) + 4 * np.eye(4), rng.standard_normal((4, 2))
    for upper in (True, False):
        for unit in (True, False):
            t = np.triu(a) if upper else np.tril(a)
            if unit:
                np.fill_diagonal(t, 1.0)
            x = ag.linalg.solve_triangular(ag.tensor(a), ag.tensor(b), upper=upper,
                                           unitriangular=unit).numpy()
            np.testing.assert_allclose(t @ x, b, atol=1e-12)


def test_lu_unpack_reconstructs_and_leaves_out_what_is_not_asked():
    rng = np.random.default_rng(1)
    for shape in ((4, 4), (2, 5, 3), (3, 5)):
        a = rng.standard_normal(shape)
        P, L, U = ag.lu_unpack(*ag.linalg.lu_factor(ag.tensor(a)))
        np.testing.assert_allclose((P @ L @ U).numpy(), a, atol=1e-12)
        np.testing.assert_allclose(np.abs(np.tril(L.numpy(), -1)).max(initial=0) <= 1, True)
    LU, piv = ag.linalg.lu_factor(ag.tensor(a))
    ours, theirs = _both(lambda x, p: ag.lu_unpack(x, p, unpack_data=False),
                         lambda x, p: torch.lu_unpack(x, p, unpack_data=False),
                         LU.numpy(), piv.numpy())
    assert ours.L.numel() == 0 and ours.U.numel() == 0 and ours.P.shape == (3, 3)
    if theirs is not None:
        assert theirs.L.numel() == 0 and theirs.U.numel() == 0
    assert ag.lu_unpack(LU, piv, unpack_pivots=False).P.numel() == 0


def test_legacy_lu_and_get_infos():
    LU, piv = ag.lu(ag.tensor(SINGULAR))  # no error for a singular matrix, as torch.lu
    assert piv.tolist() == [2, 2]
    LU2, piv2, info = ag.lu(ag.tensor(SINGULAR), get_infos=True)
    assert info.item() == 2 and np.array_equal(LU.numpy(), LU2.numpy())


def test_tensor_methods_match_torch():
    rng = np.random.default_rng(2)
    a = rng.standard_normal((2, 3, 3)) + 3 * np.eye(3)
    b = rng.standard_normal((2, 3, 2))
    spd = a @ np.swapaxes(a, -1, -2) + np.eye(3)
    chol = np.linalg.cholesky(spd)
    LU, piv = (t.numpy() for t in ag.tensor(a).lu())
    cases = {
        "lu_solve": (lambda x, y, p: x.lu_solve(y, p), np.linalg.solve(a, b), (b, LU, piv)),
        "cholesky_solve": (lambda x, y: x.cholesky_solve(y), np.linalg.solve(spd, b),
                           (b, chol)),
        "cholesky_inverse": (lambda x: x.cholesky_inverse(), np.linalg.inv(spd), (chol,)),
        "matrix_exp": (lambda x: x.matrix_exp(), None, (a,)),
    }
    for name, (fn, expected, arrays) in cases.items():
        ours, theirs = _both(fn, fn, *arrays)
        if expected is not None:
            np.testing.assert_allclose(ours.numpy(), expected, atol=1e-12, err_msg=name)
        if theirs is not None:
            np.testing.assert_allclose(ours.numpy(), theirs.numpy(), atol=1e-12, err_msg=name)


def test_cholesky_solve_gradient_is_torchs_full_matrix_formula():
    """PyTorch's gradient for the factor is not restricted to its triangle: matched here."""
    rng = np.random.default_rng(3)
    a = rng.standard_normal((3, 3))
    chol = np.linalg.cholesky(a @ a.T + 3 * np.eye(3))
    b = rng.standard_normal((3, 2))
    L = ag.tensor(chol, requires_grad=True)
    ag.cholesky_solve(ag.tensor(b), L).sum().backward()
    assert np.abs(np.triu(L.grad.numpy(), 1)).max() > 0  # the upper triangle gets gradient
    if torch is not None:
        Lt = torch.tensor(chol, requires_grad=True)
        torch.cholesky_solve(torch.tensor(b), Lt).sum().backward()
        np.testing.assert_allclose(L.grad.numpy(), Lt.grad.numpy(), atol=1e-12)


# -- LDL ---------------------------------------------------------------------------------------


def test_ldl_factor_two_by_two_pivot_and_solve():
    a = np.array([[0.0, 1.0], [1.0, 0.0]])  # no usable 1x1 pivot: one 2x2 block
    ours, theirs = _both(ag.linalg.ldl_factor_ex, torch and torch.linalg.ldl_factor_ex, a)
    assert ours.pivots.tolist() == [-2, -2] and ours.info.item() == 0
    np.testing.assert_array_equal(ours.LD.numpy(), [[0.0, 0.0], [1.0, 0.0]])
    if theirs is not None:
        assert theirs.pivots.tolist() == [-2, -2]
    b = np.array([[1.0], [2.0]])
    x = ag.linalg.ldl_solve(ours.LD, ours.pivots, ag.tensor(b)).numpy()
    np.testing.assert_allclose(x, [[2.0], [1.0]])  # swaps the two rows of b


def test_ldl_factor_ex_info_and_refused_gradient():
    ours, theirs = _both(ag.linalg.ldl_factor_ex, torch and torch.linalg.ldl_factor_ex,
                         np.zeros((2, 2)))
    assert ours.info.item() == 1 and ours.pivots.tolist() == [1, 2]
    if theirs is not None:
        assert theirs.info.item() == 1
    a = ag.tensor(np.eye(3), requires_grad=True)
    LD, piv = ag.linalg.ldl_factor(a)
    # PyTorch has no derivative for them: the outputs are in the graph, a backward raises
    with pytest.raises(RuntimeError, match="ldl_factor_ex is not implemented"):
        LD.sum().backward()
    with pytest.raises(RuntimeError, match="ldl_solve is not implemented"):
        ag.linalg.ldl_solve(LD.detach(), piv, a).sum().backward()


@pytest.mark.parametrize("call,exc,match", [
    (lambda L, a: L.linalg.ldl_factor(a[:2]), RuntimeError,
     "ldl_factor_ex: A must be batches of square matrices, but they are 2 by 3"),
    (lambda L, a: L.linalg.ldl_factor(a.long()), RuntimeError,
     "ldl_factor_ex: Expected a floating point or complex tensor as input. Got Long"),
    (lambda L, a: L.linalg.ldl_solve(*L.linalg.ldl_factor(a), a[:2]), RuntimeError,
     "Incompatible matrix sizes for torch.linalg.ldl_solve: each A matrix is 3 by 3 but each "
     "b matrix is 2 by 3"),
    (lambda L, a: L.linalg.ldl_solve(*L.linalg.ldl_factor(a), a.float()), RuntimeError,
     "Expected b and A to have the same dtype"),
])
def test_ldl_bad_input_matches_torch(call, exc, match):
    with pytest.raises(exc, match=match):
        call(ag, ag.tensor(E))
    if torch is not None:
        with pytest.raises(exc):
            call(torch, torch.tensor(E))


def test_triangular_solve_returns_a_copy_and_geqrf_refuses_a_gradient():
    a = ag.tensor(np.triu(np.ones((3, 3))) + 2 * np.eye(3))
    sol, coef = ag.triangular_solve(ag.ones(3, 1, dtype=ag.float64), a)
    np.testing.assert_allclose((a @ sol).numpy(), np.ones((3, 1)), atol=1e-14)
    coef[0, 0] = 7.0
    assert a[0, 0].item() == 3.0  # a copy, not a view
    x = ag.tensor(np.random.default_rng(4).standard_normal((4, 3)), requires_grad=True)
    h, tau = x.geqrf()
    with pytest.raises(NotImplementedError, match="geqrf"):  # PyTorch has no derivative either
        tau.sum().backward(retain_graph=True)
    q = ag.linalg.householder_product(h, tau)
    np.testing.assert_allclose((q.mT @ q).detach().numpy(), np.eye(3), atol=1e-12)
    r = ag.triu(h[:3])
    np.testing.assert_allclose((q @ r).detach().numpy(), x.detach().numpy(), atol=1e-12)
    c = ag.tensor(np.eye(4))
    np.testing.assert_allclose(ag.ormqr(h, tau, c)[:, :3].detach().numpy(), q.detach().numpy(),
                               atol=1e-12)
