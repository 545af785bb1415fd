"""Registry entries: triangular solves, the LU family, the Cholesky solvers, ``matrix_exp``,
the tensor-shaped solvers, ``vander``, ``householder_product`` and the legacy norms.

Matrices are well conditioned (``_square``: a random matrix plus a multiple of the identity),
so pivot choices and triangular solves stay away from ties and tiny pivots under gradcheck's
perturbations. Factors that only exist for special matrices (Cholesky) are made inside the op
from any matrix through a differentiable map (``_spd``), as in ``linalg.py``. The packed LU
and the matrix exponential have no NumPy routine: they are compared with PyTorch, and through
what they must reconstruct (``P L U == A``).
"""

from __future__ import annotations

import numpy as np

import autograd as ag
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform
from tests.opinfo.linalg_ext import _np_solve, _spd, _square, _square_samples, _torch_spd


def _mT(a):
    return np.swapaxes(a, -1, -2)


# -- solve_triangular -------------------------------------------------------------------------


def _np_solve_triangular(a, b, upper, left=True, unitriangular=False):
    t = np.triu(a) if upper else np.tril(a)
    if unitriangular:
        t = t - t * np.eye(a.shape[-1]) + np.eye(a.shape[-1])
    if not left:
        return _mT(_np_solve(_mT(t), _mT(b)))
    return _np_solve(t, b)


def _triangular_samples(rng):
    return [Sample((_square(rng, (3, 3)), uniform(rng, (3, 2))), {"upper": True}),
            Sample((_square(rng, (2, 3, 3)), uniform(rng, (3, 4))), {"upper": False},
                   "broadcast_A"),
            Sample((_square(rng, (3, 3)), uniform(rng, (2, 3, 2))), {"upper": True},
                   "broadcast_B"),
            Sample((_square(rng, (1, 3, 3)), uniform(rng, (2, 1, 3, 2))),
                   {"upper": False, "unitriangular": True}, "unit"),
            Sample((_square(rng, (2, 2)), uniform(rng, (3, 2))), {"upper": True, "left": False},
                   "right"),
            Sample((_square(rng, (3, 3)), uniform(rng, (4, 3))),
                   {"upper": False, "left": False, "unitriangular": True}, "right_unit"),
            Sample((noncontiguous(_square(rng, (3, 3))), noncontiguous(uniform(rng, (3, 2)))),
                   {"upper": False}, "noncontig"),
            Sample((_square(rng, (3, 3)), uniform(rng, (3, 0))), {"upper": True}, "empty")]


register(OpInfo("linalg.solve_triangular",
                lambda a, b, **kw: ag.linalg.solve_triangular(a, b, **kw), _triangular_samples,
                ref=_np_solve_triangular,
                torch_ref=lambda t, a, b, **kw: t.linalg.solve_triangular(a, b, **kw)))


# -- the LU family -----------------------------------------------------------------------------


def _lu_samples(rng):
    return [Sample((_square(rng, (3, 3)),)), Sample((_square(rng, (2, 4, 4)),), name="batch"),
            Sample((uniform(rng, (4, 2)),), name="tall"),
            Sample((uniform(rng, (2, 2, 4)),), name="wide"),
            Sample((_square(rng, (0, 2, 2)),), name="empty"),
            Sample((noncontiguous(_square(rng, (3, 3))),), name="noncontig")]


register(OpInfo("linalg.lu_factor", lambda a: ag.linalg.lu_factor(a).LU, _lu_samples,
                torch_ref=lambda t, a: t.linalg.lu_factor(a).LU))
register(OpInfo("linalg.lu_factor_ex", lambda a: ag.linalg.lu_factor_ex(a).LU, _lu_samples,
                torch_ref=lambda t, a: t.linalg.lu_factor_ex(a).LU))
register(OpInfo("lu", lambda a: ag.lu(a)[0], _lu_samples, torch_ref=lambda t, a: t.lu(a)[0]))
register(OpInfo("linalg.lu_L", lambda a: ag.linalg.lu(a).L, _lu_samples,
                torch_ref=lambda t, a: t.linalg.lu(a).L))
register(OpInfo("linalg.lu_U", lambda a: ag.linalg.lu(a).U, _lu_samples,
                torch_ref=lambda t, a: t.linalg.lu(a).U))
# P L U reconstructs A: a NumPy reference for the whole family
register(OpInfo("linalg.lu_PLU", lambda a: (lambda p, l, u: p @ l @ u)(*ag.linalg.lu(a)),
                _lu_samples, ref=lambda a: a,
                torch_ref=lambda t, a: (lambda p, l, u: p @ l @ u)(*t.linalg.lu(a))))


# pivots from lu_factor: PyTorch does not check them (out-of-range ones crash it)
def _flat_plu(cat, p, l, u):
    return cat([p.flatten(-2), l.flatten(-2), u.flatten(-2)], -1)


register(OpInfo("lu_unpack", lambda a: _flat_plu(ag.cat, *ag.lu_unpack(*ag.linalg.lu_factor(a))),
                _lu_samples,
                torch_ref=lambda t, a: _flat_plu(t.cat, *t.lu_unpack(*t.linalg.lu_factor(a)))))


def _lu_solve_samples(rng):
    return [Sample((_square(rng, (3, 3)), uniform(rng, (3, 2)))),
            Sample((_square(rng, (2, 3, 3)), uniform(rng, (3, 4))), name="broadcast_A"),
            Sample((_square(rng, (3, 3)), uniform(rng, (2, 3, 1))), name="broadcast_B"),
            Sample((_square(rng, (3, 3)), uniform(rng, (3, 2))), {"adjoint": True}, "adjoint"),
            Sample((_square(rng, (2, 3, 3)), uniform(rng, (4, 3))), {"left": False}, "right"),
            Sample((_square(rng, (3, 3)), uniform(rng, (2, 3))), {"left": False, "adjoint": True},
                   "right_adjoint"),
            Sample((noncontiguous(_square(rng, (3, 3))), uniform(rng, (3, 0))), name="empty")]


def _np_lu_solve(a, b, left=True, adjoint=False):
    return _np_solve(_mT(a) if adjoint else a, b, left=left)


register(OpInfo("linalg.lu_solve",
                lambda a, b, **kw: ag.linalg.lu_solve(*ag.linalg.lu_factor(a), b, **kw),
                _lu_solve_samples, ref=_np_lu_solve,
                torch_ref=lambda t, a, b, **kw: t.linalg.lu_solve(*t.linalg.lu_factor(a), b,
                                                                  **kw)))
register(OpInfo("lu_solve", lambda b, a: ag.lu_solve(b, *ag.lu(a)),
                lambda rng: [Sample((uniform(rng, (3, 2)), _square(rng, (3, 3)))),
                             Sample((uniform(rng, (2, 3, 2)), _square(rng, (2, 3, 3))),
                                    name="batch")],
                ref=lambda b, a: np.linalg.solve(a, b),
                torch_ref=lambda t, b, a: t.lu_solve(b, *t.linalg.lu_factor(a))))
register(OpInfo("linalg.inv_ex", lambda a: ag.linalg.inv_ex(a).inverse, _square_samples,
                ref=np.linalg.inv, torch_ref=lambda t, a: t.linalg.inv_ex(a).inverse))


def _solve_ex_samples(rng):
    return [Sample((_square(rng, (3, 3)), uniform(rng, (3, 2)))),
            Sample((_square(rng, (3, 3)), uniform(rng, (3,))), name="vector"),
            Sample((_square(rng, (2, 3, 3)), uniform(rng, (3, 4))), name="broadcast"),
            Sample((_square(rng, (2, 2)), uniform(rng, (3, 2))), {"left": False}, "right")]


register(OpInfo("linalg.solve_ex", lambda a, b, **kw: ag.linalg.solve_ex(a, b, **kw).result,
                _solve_ex_samples, ref=_np_solve,
                torch_ref=lambda t, a, b, **kw: t.linalg.solve_ex(a, b, **kw).result))


# -- Cholesky ---------------------------------------------------------------------------------


def _upper_samples(rng):
    return _square_samples(rng) + [Sample((_square(rng, (2, 3, 3)),), {"upper": True}, "upper")]


def _np_chol(a, upper=False):
    L = np.linalg.cholesky(_spd(a))
    return _mT(L) if upper else L


register(OpInfo("linalg.cholesky_ex", lambda a, **kw: ag.linalg.cholesky_ex(_spd(a), **kw).L,
                _upper_samples, ref=_np_chol,
                torch_ref=lambda t, a, **kw: t.linalg.cholesky_ex(_torch_spd(t, a), **kw).L))


def _chol_solve_samples(rng):
    return [Sample((uniform(rng, (3, 2)), _square(rng, (3, 3)))),
            Sample((uniform(rng, (2, 3, 2)), _square(rng, (3, 3))), name="broadcast_b"),
            Sample((uniform(rng, (3, 1)), _square(rng, (2, 3, 3))), {"upper": True},
                   "broadcast_A_upper"),
            Sample((uniform(rng, (3, 0)), noncontiguous(_square(rng, (3, 3)))), name="empty")]


register(OpInfo("cholesky_solve",
                lambda b, a, upper=False: ag.cholesky_solve(
                    b, ag.linalg.cholesky(_spd(a), upper=upper), upper),
                _chol_solve_samples, ref=lambda b, a, upper=False: _np_solve(_spd(a), b),
                torch_ref=lambda t, b, a, upper=False: t.cholesky_solve(
                    b, t.linalg.cholesky(_torch_spd(t, a), upper=upper), upper)))
register(OpInfo("cholesky_inverse",
                lambda a, upper=False: ag.cholesky_inverse(
                    ag.linalg.cholesky(_spd(a), upper=upper), upper),
                _upper_samples, ref=lambda a, upper=False: np.linalg.inv(_spd(a)),
                torch_ref=lambda t, a, upper=False: t.cholesky_inverse(
                    t.linalg.cholesky(_torch_spd(t, a), upper=upper), upper)))


# -- matrix_exp ---------------------------------------------------------------------------------


def _np_expm(a):
    """exp(a) through the eigendecomposition (the samples are diagonalisable)."""
    w, v = np.linalg.eig(a)
    return np.real(v @ (np.exp(w)[..., None] * np.linalg.inv(v)))


def _expm_samples(rng):
    return [Sample((uniform(rng, (3, 3)),)),
            Sample((3 * uniform(rng, (2, 3, 3)),), name="squared"),  # scaled, then squared
            Sample((uniform(rng, (1, 1)),), name="1x1"),
            Sample((uniform(rng, (0, 2, 2)),), name="empty"),
            Sample((noncontiguous(uniform(rng, (4, 4))),), name="noncontig")]


register(OpInfo("linalg.matrix_exp", ag.linalg.matrix_exp, _expm_samples, ref=_np_expm,
                atol=1e-6, rtol=1e-6, torch_ref=lambda t, a: t.linalg.matrix_exp(a)))
register(OpInfo("matrix_exp", ag.matrix_exp, _expm_samples, ref=_np_expm, atol=1e-6,
                rtol=1e-6, torch_ref=lambda t, a: t.matrix_exp(a)))


# -- tensor-shaped solvers, vander, householder_product, diagonal -------------------------------


def _tensorinv_samples(rng):
    return [Sample((_square(rng, (6, 6)).reshape(6, 2, 3),), {"ind": 1}),
            Sample((_square(rng, (6, 6)).reshape(2, 3, 6),), name="ind2"),
            Sample((_square(rng, (4, 4)).reshape(2, 2, 2, 2),), name="4d")]


register(OpInfo("linalg.tensorinv", lambda a, **kw: ag.linalg.tensorinv(a, **kw),
                _tensorinv_samples, ref=lambda a, **kw: np.linalg.tensorinv(a, **kw),
                torch_ref=lambda t, a, **kw: t.linalg.tensorinv(a, **kw)))


def _tensorsolve_samples(rng):
    return [Sample((_square(rng, (6, 6)).reshape(2, 3, 6), uniform(rng, (2, 3)))),
            Sample((_square(rng, (6, 6)).reshape(6, 2, 3), uniform(rng, (2, 3))),
                   {"dims": (0,)}, "dims"),
            Sample((_square(rng, (4, 4)).reshape(2, 2, 2, 2), uniform(rng, (2, 2))), name="4d")]


register(OpInfo("linalg.tensorsolve", lambda a, b, **kw: ag.linalg.tensorsolve(a, b, **kw),
                _tensorsolve_samples,
                ref=lambda a, b, **kw: np.linalg.tensorsolve(a, b, axes=kw.get("dims")),
                torch_ref=lambda t, a, b, **kw: t.linalg.tensorsolve(a, b, **kw)))
register(OpInfo("linalg.vander", lambda x, **kw: ag.linalg.vander(x, **kw),
                lambda rng: [Sample((uniform(rng, (3,)),)),
                             Sample((uniform(rng, (2, 4)),), {"N": 3}, "batch"),
                             Sample((uniform(rng, (0,)),), {"N": 2}, "empty")],
                ref=lambda x, N=None: x[..., None] ** np.arange(x.shape[-1] if N is None else N),
                torch_ref=lambda t, x, **kw: t.linalg.vander(x, **kw)))


def _householder_samples(rng):
    return [Sample((uniform(rng, (4, 3)), uniform(rng, (3,)))),
            Sample((uniform(rng, (2, 5, 3)), uniform(rng, (2, 2))), name="batch_fewer_tau"),
            Sample((uniform(rng, (3, 3)), uniform(rng, (0,))), name="no_reflector"),
            Sample((noncontiguous(uniform(rng, (3, 2))), uniform(rng, (2,))), name="noncontig")]


def _np_householder(a, tau):
    m, n = a.shape[-2:]
    v = np.tril(a[..., :, :tau.shape[-1]], -1) + np.eye(m, tau.shape[-1])
    q = np.broadcast_to(np.eye(m), a.shape[:-2] + (m, m))
    for i in range(tau.shape[-1]):
        vi = v[..., :, i:i + 1]
        q = q @ (np.eye(m) - tau[..., i, None, None] * (vi @ _mT(vi)))
    return q[..., :, :n]


register(OpInfo("linalg.householder_product", ag.linalg.householder_product,
                _householder_samples, ref=_np_householder,
                torch_ref=lambda t, a, tau: t.linalg.householder_product(a, tau)))
register(OpInfo("linalg.diagonal", lambda a, **kw: ag.linalg.diagonal(a, **kw),
                lambda rng: [Sample((uniform(rng, (2, 3, 4)),)),
                             Sample((uniform(rng, (3, 4)),), {"offset": 1}, "offset"),
                             Sample((uniform(rng, (2, 3, 4)),), {"dim1": 0, "dim2": 2}, "dims")],
                ref=lambda a, offset=0, dim1=-2, dim2=-1: np.diagonal(a, offset, dim1, dim2),
                torch_ref=lambda t, a, **kw: t.linalg.diagonal(a, **kw)))


# -- legacy norms ------------------------------------------------------------------------------


register(OpInfo("frobenius_norm", lambda a, dim, **kw: ag.frobenius_norm(a, dim, **kw),
                lambda rng: [Sample((uniform(rng, (2, 3, 4)), (1, 2))),
                             Sample((uniform(rng, (3, 4)), (0,)), {"keepdim": True}, "keepdim")],
                ref=lambda a, dim, keepdim=False: np.sqrt((a * a).sum(dim, keepdims=keepdim)),
                torch_ref=lambda t, a, dim, **kw: t.frobenius_norm(a, dim, **kw)))
register(OpInfo("nuclear_norm", lambda a, *args, **kw: ag.nuclear_norm(a, *args, **kw),
                lambda rng: [Sample((uniform(rng, (3, 4)),)),
                             Sample((uniform(rng, (2, 3, 4)), (0, 2)), name="dim"),
                             Sample((uniform(rng, (3, 2)),), {"keepdim": True}, "keepdim")],
                ref=lambda a, dim=(-2, -1), keepdim=False: np.linalg.norm(a, "nuc", dim,
                                                                          keepdim),
                torch_ref=lambda t, a, *args, **kw: t.nuclear_norm(a, *args, **kw)))


# -- LDL (not differentiable, as in PyTorch) -------------------------------------------------


def _symmetric_samples(rng):
    zero_diagonal = uniform(rng, (4, 4)) * (1 - np.eye(4))  # 2x2 pivots
    return [Sample((uniform(rng, (3, 3)),)), Sample((uniform(rng, (2, 4, 4)),), name="batch"),
            Sample((zero_diagonal,), name="2x2_pivots"),
            Sample((uniform(rng, (0, 2, 2)),), name="empty"),
            Sample((noncontiguous(uniform(rng, (3, 3))),), name="noncontig")]


def _sym(a):
    if a.ndim < 2:  # left to the op's own error
        return a
    return a + (_mT(a) if isinstance(a, np.ndarray) else a.mT)


register(OpInfo("linalg.ldl_factor", lambda a: ag.linalg.ldl_factor(_sym(a)).LD,
                _symmetric_samples, differentiable=False,
                torch_ref=lambda t, a: t.linalg.ldl_factor(_sym(a)).LD))
register(OpInfo("linalg.ldl_solve",
                lambda a, b: ag.linalg.ldl_solve(*ag.linalg.ldl_factor(_sym(a)), b),
                lambda rng: [Sample((uniform(rng, (3, 3)), uniform(rng, (3, 2)))),
                             Sample((uniform(rng, (2, 4, 4)) * (1 - np.eye(4)),
                                     uniform(rng, (4, 1))), name="broadcast_2x2_pivots")],
                differentiable=False, ref=lambda a, b: _np_solve(_sym(a), b),
                torch_ref=lambda t, a, b: t.linalg.ldl_solve(*t.linalg.ldl_factor(_sym(a)), b)))


# -- the legacy triangular solve and LAPACK's Householder QR ----------------------------------


register(OpInfo("triangular_solve",
                lambda b, a, **kw: ag.triangular_solve(b, a, **kw).solution,
                lambda rng: [Sample((uniform(rng, (3, 2)), _square(rng, (3, 3)))),
                             Sample((uniform(rng, (2, 3, 2)), _square(rng, (3, 3))),
                                    {"upper": False, "transpose": True}, "broadcast_T"),
                             Sample((uniform(rng, (3, 1)), _square(rng, (2, 3, 3))),
                                    {"unitriangular": True}, "unit")],
                ref=lambda b, a, upper=True, transpose=False, unitriangular=False:
                    _np_solve_triangular(_mT(a) if transpose else a, b, upper != transpose,
                                         unitriangular=unitriangular),
                torch_ref=lambda t, b, a, **kw: t.triangular_solve(b, a, **kw).solution))


def _reflector_samples(rng):
    return [Sample((uniform(rng, (4, 3)), uniform(rng, (3,)))),
            Sample((uniform(rng, (2, 5, 3)), uniform(rng, (2, 2))), name="batch")]


register(OpInfo("orgqr", ag.orgqr, _reflector_samples, ref=_np_householder,
                torch_ref=lambda t, a, tau: t.orgqr(a, tau)))
register(OpInfo("ormqr", lambda a, tau, c, **kw: ag.ormqr(a, tau, c, **kw),
                lambda rng: [Sample((uniform(rng, (4, 3)), uniform(rng, (3,)),
                                     uniform(rng, (4, 2)))),
                             Sample((uniform(rng, (2, 4, 2)), uniform(rng, (2, 2)),
                                     uniform(rng, (2, 3, 4))), {"left": False, "transpose": True},
                                    "right_T"),
                             Sample((uniform(rng, (3, 5)), uniform(rng, (3,)),
                                     uniform(rng, (3, 2))), {"transpose": True}, "wide")],
                torch_ref=lambda t, a, tau, c, **kw: t.ormqr(a, tau, c, **kw)))
register(OpInfo("geqrf", lambda a: ag.geqrf(a).a,
                lambda rng: [Sample((uniform(rng, (4, 3)),)),
                             Sample((uniform(rng, (2, 3, 4)),), name="wide_batch")],
                differentiable=False, ref=lambda a: _mT(np.linalg.qr(a, mode="raw")[0]),
                torch_ref=lambda t, a: t.geqrf(a).a))
