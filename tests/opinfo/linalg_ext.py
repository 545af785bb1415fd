"""Registry entries: ``ag.linalg`` and the matmul-built products (addmm, kron, cdist ...).

Matrices are drawn well conditioned (a random matrix plus a multiple of the identity), so the
finite differences of gradcheck stay accurate. Factorisations whose outputs carry a sign
(gauge) freedom -- singular vectors, eigenvectors, Q -- are tested through functions that do
not depend on it (as PyTorch's own OpInfos do); symmetric inputs are built as ``a + a^T``
inside the op, so that perturbing ``a`` stays symmetric. NumPy references use
``numpy.linalg``.
"""

from __future__ import annotations

import numpy as np

import autograd as ag
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform


def _square(rng, shape, shift=3.0):
    """A well-conditioned batch of square matrices."""
    n = shape[-1]
    return uniform(rng, shape) + shift * np.eye(n)


def _square_samples(rng):
    return [Sample((_square(rng, (3, 3)),)), Sample((_square(rng, (2, 3, 3)),)),
            Sample((_square(rng, (1, 1)),)), Sample((_square(rng, (0, 2, 2)),), name="empty"),
            Sample((noncontiguous(_square(rng, (3, 3))),), name="noncontig")]


register(OpInfo("linalg.det", ag.linalg.det, _square_samples, ref=np.linalg.det,
                torch_ref=lambda t, a: t.linalg.det(a)))
register(OpInfo("linalg.slogdet", lambda a: ag.linalg.slogdet(a).logabsdet, _square_samples,
                ref=lambda a: np.linalg.slogdet(a)[1],
                torch_ref=lambda t, a: t.linalg.slogdet(a).logabsdet))
register(OpInfo("logdet", ag.logdet, _square_samples,
                ref=lambda a: np.log(np.linalg.det(a)), torch_ref=lambda t, a: t.logdet(a)))
register(OpInfo("linalg.inv", ag.linalg.inv, _square_samples, ref=np.linalg.inv,
                torch_ref=lambda t, a: t.linalg.inv(a)))
register(OpInfo("inverse", ag.inverse, _square_samples, ref=np.linalg.inv,
                torch_ref=lambda t, a: t.inverse(a)))


def _solve_samples(rng):
    return [Sample((_square(rng, (3, 3)), uniform(rng, (3, 2)))),
            Sample((_square(rng, (3, 3)), uniform(rng, (3,))), name="vector"),
            Sample((_square(rng, (2, 3, 3)), uniform(rng, (3, 4))), name="broadcast"),
            Sample((_square(rng, (2, 3, 3)), uniform(rng, (2, 3))), name="batch_of_vectors"),
            Sample((_square(rng, (2, 2)), uniform(rng, (3, 2))), {"left": False}, "right"),
            Sample((noncontiguous(_square(rng, (3, 3))), uniform(rng, (3, 0))), name="empty")]


def _np_solve(a, b, left=True):
    if not left:
        return np.swapaxes(np.linalg.solve(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2)),
                           -1, -2)
    if b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1]):
        return np.linalg.solve(a, b[..., None])[..., 0]
    return np.linalg.solve(np.broadcast_to(a, np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
                                           + a.shape[-2:]), b)


register(OpInfo("linalg.solve", ag.linalg.solve, _solve_samples, ref=_np_solve,
                torch_ref=lambda t, a, b, **kw: t.linalg.solve(a, b, **kw)))


def _spd(a):
    """A symmetric positive-definite matrix from any ``a`` (through a differentiable map)."""
    n = a.shape[-1]
    if isinstance(a, np.ndarray):
        return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)
    return a @ a.mT + n * ag.eye(n, dtype=a.dtype, device=a.device)


def _torch_spd(t, a):
    n = a.shape[-1]
    return a @ a.mT + n * t.eye(n, dtype=a.dtype)


register(OpInfo("linalg.cholesky", lambda a: ag.linalg.cholesky(_spd(a)), _square_samples,
                ref=lambda a: np.linalg.cholesky(_spd(a)),
                torch_ref=lambda t, a: t.linalg.cholesky(_torch_spd(t, a))))
register(OpInfo("linalg.cholesky_upper", lambda a: ag.linalg.cholesky(_spd(a), upper=True),
                _square_samples,
                ref=lambda a: np.swapaxes(np.linalg.cholesky(_spd(a)), -1, -2),
                torch_ref=lambda t, a: t.linalg.cholesky(_torch_spd(t, a), upper=True)))


def _rect_samples(rng):
    return [Sample((uniform(rng, (3, 3)),)), Sample((uniform(rng, (4, 2)),), name="tall"),
            Sample((uniform(rng, (2, 4)),), name="wide"),
            Sample((uniform(rng, (2, 3, 2)),), name="batch"),
            Sample((noncontiguous(uniform(rng, (3, 2))),), name="noncontig")]


# Q and R as LAPACK signs them: PyTorch and NumPy both call geqrf, so they agree
def _np_qr_value(a, mode="reduced"):
    q, r = np.linalg.qr(a, mode=mode)
    return np.abs(q).sum() + (r * r).sum() + (q @ r).sum()


register(OpInfo("linalg.qr", lambda a, **kw: (lambda q, r: q.abs().sum() + (r * r).sum()
                                              + (q @ r).sum())(*ag.linalg.qr(a, **kw)),
                _rect_samples, ref=_np_qr_value,
                torch_ref=lambda t, a, **kw: (lambda q, r: q.abs().sum() + (r * r).sum()
                                              + (q @ r).sum())(*t.linalg.qr(a, **kw))))
register(OpInfo("linalg.qr_R", lambda a: ag.linalg.qr(a).R, _rect_samples,
                ref=lambda a: np.linalg.qr(a)[1], torch_ref=lambda t, a: t.linalg.qr(a).R))
register(OpInfo("qr", lambda a: ag.qr(a).R, _rect_samples, ref=lambda a: np.linalg.qr(a)[1],
                torch_ref=lambda t, a: t.qr(a).R))


def _svd_value(u, s, vh):
    """Invariant under the signs of singular-vector pairs: (U S) Vh and U Vh."""
    return ((u * s[..., None, :]) @ vh) ** 2 + u @ vh


register(OpInfo("linalg.svd", lambda a: _svd_value(*ag.linalg.svd(a, full_matrices=False)),
                _rect_samples,
                ref=lambda a: _svd_value(*np.linalg.svd(a, full_matrices=False)),
                torch_ref=lambda t, a: _svd_value(*t.linalg.svd(a, full_matrices=False))))
register(OpInfo("linalg.svd_full", lambda a: ag.linalg.svd(a).S, _rect_samples,
                ref=lambda a: np.linalg.svd(a)[1], torch_ref=lambda t, a: t.linalg.svd(a).S))
register(OpInfo("linalg.svdvals", ag.linalg.svdvals, _rect_samples,
                ref=lambda a: np.linalg.svd(a, compute_uv=False),
                torch_ref=lambda t, a: t.linalg.svdvals(a)))
register(OpInfo("svd", lambda a: (lambda u, s, v: (u * s[..., None, :]) @ v.mT)(*ag.svd(a)),
                _rect_samples, ref=lambda a: a,
                torch_ref=lambda t, a: (lambda u, s, v: (u * s[..., None, :]) @ v.mT)(
                    *t.svd(a))))


def _eigh_value(w, v):
    """Invariant under the eigenvectors' signs: their squares, weighted per column."""
    weights = np.arange(1.0, v.shape[-1] + 1)
    if not isinstance(v, np.ndarray):
        weights = v.new_tensor(weights)
    return w[..., None, :] ** 2 + v * v * weights


def _sym(a):
    return a + (np.swapaxes(a, -1, -2) if isinstance(a, np.ndarray) else a.mT)


register(OpInfo("linalg.eigh", lambda a, **kw: _eigh_value(*ag.linalg.eigh(_sym(a), **kw)).sum(-2),
                lambda rng: [Sample((uniform(rng, (3, 3)),)),
                             Sample((uniform(rng, (2, 3, 3)),), {"UPLO": "U"}),
                             Sample((noncontiguous(uniform(rng, (4, 4))),), name="noncontig")],
                ref=lambda a, **kw: _eigh_value(*np.linalg.eigh(_sym(a), **kw)).sum(-2),
                torch_ref=lambda t, a, **kw: _eigh_value(*t.linalg.eigh(_sym(a), **kw)).sum(-2)))
register(OpInfo("linalg.eigvalsh", lambda a: ag.linalg.eigvalsh(_sym(a)),
                lambda rng: [Sample((uniform(rng, (3, 3)),)),
                             Sample((uniform(rng, (2, 2, 2)),))],
                ref=lambda a: np.linalg.eigvalsh(_sym(a)),
                torch_ref=lambda t, a: t.linalg.eigvalsh(_sym(a))))
register(OpInfo("linalg.pinv", ag.linalg.pinv, _rect_samples, ref=np.linalg.pinv,
                torch_ref=lambda t, a: t.linalg.pinv(a)))
register(OpInfo("pinverse", ag.pinverse, _rect_samples, ref=np.linalg.pinv,
                torch_ref=lambda t, a: t.pinverse(a)))


def _lstsq_samples(rng):
    return [Sample((uniform(rng, (4, 2)), uniform(rng, (4, 3)))),
            Sample((uniform(rng, (5, 3)), uniform(rng, (5,))), name="vector"),
            Sample((uniform(rng, (2, 4, 3)), uniform(rng, (2, 4, 1))), name="batch")]


def _np_lstsq(a, b):
    if b.ndim == a.ndim - 1:
        return (np.linalg.pinv(a) @ b[..., None])[..., 0]
    return np.linalg.pinv(a) @ b


register(OpInfo("linalg.lstsq", lambda a, b: ag.linalg.lstsq(a, b).solution, _lstsq_samples,
                ref=_np_lstsq, torch_ref=lambda t, a, b: t.linalg.lstsq(a, b).solution))


def _power_samples(rng):
    return [Sample((_square(rng, (3, 3)), n)) for n in (0, 1, 3, -2)] + [
        Sample((_square(rng, (2, 2, 2)), 5), name="batch")]


register(OpInfo("linalg.matrix_power", ag.linalg.matrix_power, _power_samples,
                ref=np.linalg.matrix_power,
                torch_ref=lambda t, a, n: t.linalg.matrix_power(a, n)))

# -- norms ---------------------------------------------------------------------------------------

VECTOR_NORMS = [((3, 4), {}), ((3, 4), {"ord": 1, "dim": 1}), ((2, 3, 4), {"ord": 3.5,
                                                                            "dim": (0, 2)}),
                ((5,), {"ord": float("inf")}), ((5,), {"ord": 0.5}),
                ((3, 4), {"ord": -float("inf"), "dim": 0, "keepdim": True})]


def _np_vector_norm(x, ord=2, dim=None, keepdim=False):
    return np.linalg.norm(x.reshape(-1), ord) if dim is None and not keepdim else np.power(
        np.sum(np.abs(x) ** ord, axis=dim, keepdims=keepdim), 1 / ord) if np.isfinite(
        ord) else (np.max if ord > 0 else np.min)(np.abs(x), axis=dim, keepdims=keepdim)


register(OpInfo("linalg.vector_norm", ag.linalg.vector_norm,
                lambda rng: [Sample((uniform(rng, s),), dict(kw)) for s, kw in VECTOR_NORMS],
                ref=_np_vector_norm, torch_ref=lambda t, x, **kw: t.linalg.vector_norm(x, **kw)))

MATRIX_NORMS = [("fro", {}), ("nuc", {}), (2, {}), (-2, {}), (1, {}), (-1, {}),
                (float("inf"), {}), (-float("inf"), {"keepdim": True}),
                (1, {"dim": (0, 2)}), ("fro", {"dim": (2, 0), "keepdim": True})]


def _matrix_norm_samples(rng):
    return [Sample((uniform(rng, (2, 3, 4)), ord), dict(kw)) for ord, kw in MATRIX_NORMS]


def _np_matrix_norm(a, ord, dim=(-2, -1), keepdim=False):
    return np.linalg.norm(a, ord, axis=dim, keepdims=keepdim)


register(OpInfo("linalg.matrix_norm", ag.linalg.matrix_norm, _matrix_norm_samples,
                ref=_np_matrix_norm,
                torch_ref=lambda t, a, ord, **kw: t.linalg.matrix_norm(a, ord, **kw)))
register(OpInfo("linalg.norm", ag.linalg.norm,
                lambda rng: [Sample((uniform(rng, (3, 4)),)),
                             Sample((uniform(rng, (3, 4)), "nuc")),
                             Sample((uniform(rng, (4,)), 3)),
                             Sample((uniform(rng, (2, 3, 4)), None, (1, 2)))],
                ref=lambda a, ord=None, dim=None: np.linalg.norm(a if dim else (
                    a.reshape(-1) if ord is None else a), ord, axis=dim),
                torch_ref=lambda t, a, *args: t.linalg.norm(a, *args)))
register(OpInfo("linalg.cond", ag.linalg.cond,
                lambda rng: [Sample((_square(rng, (2, 3, 3)),)),
                             Sample((_square(rng, (3, 3)), -2))],
                ref=np.linalg.cond, torch_ref=lambda t, a, *args: t.linalg.cond(a, *args)))
# PyTorch 2.13's own backward of cond(A, 'fro') fails (it modifies a saved inverse): its
# gradient is checked by gradcheck only
register(OpInfo("linalg.cond_fro", lambda a: ag.linalg.cond(a, "fro"),
                lambda rng: [Sample((_square(rng, (2, 3, 3)),))],
                ref=lambda a: np.linalg.cond(a, "fro"), torch_gradient=False,
                torch_ref=lambda t, a: t.linalg.cond(a, "fro")))

# -- products ------------------------------------------------------------------------------------


def _cross_samples(rng):
    return [Sample((uniform(rng, (4, 3)), uniform(rng, (4, 3)))),
            Sample((uniform(rng, (3, 2)), uniform(rng, (3, 1))), {"dim": 0}, "broadcast"),
            Sample((uniform(rng, (1, 3)), uniform(rng, (2, 3))), name="broadcast_rows")]


register(OpInfo("linalg.cross", ag.linalg.cross, _cross_samples,
                ref=lambda a, b, dim=-1: np.cross(a, b, axis=dim),
                torch_ref=lambda t, a, b, **kw: t.linalg.cross(a, b, **kw)))
register(OpInfo("linalg.multi_dot", lambda *ts: ag.linalg.multi_dot(ts),
                lambda rng: [Sample((uniform(rng, (3, 4)), uniform(rng, (4, 2)))),
                             Sample((uniform(rng, (4,)), uniform(rng, (4, 5)),
                                     uniform(rng, (5, 2)), uniform(rng, (2,)))),
                             Sample((uniform(rng, (2, 6)), uniform(rng, (6, 1)),
                                     uniform(rng, (1, 5))))],
                ref=lambda *ts: np.linalg.multi_dot(ts),
                torch_ref=lambda t, *ts: t.linalg.multi_dot(ts)))
register(OpInfo("linalg.vecdot", ag.linalg.vecdot,
                lambda rng: [Sample((uniform(rng, (3, 4)), uniform(rng, (4,)))),
                             Sample((uniform(rng, (2, 3)), uniform(rng, (2, 3))), {"dim": 0})],
                ref=lambda x, y, dim=-1: np.sum(x * y, axis=dim),
                torch_ref=lambda t, x, y, **kw: t.linalg.vecdot(x, y, **kw)))
register(OpInfo("chain_matmul", ag.chain_matmul,
                lambda rng: [Sample((uniform(rng, (2, 3)), uniform(rng, (3, 4)),
                                     uniform(rng, (4, 2))))],
                ref=lambda *ms: np.linalg.multi_dot(ms),
                torch_ref=lambda t, *ms: t.linalg.multi_dot(ms)))

ADD_PRODUCTS = [
    ("addmm", (3, 4), (3, 2), (2, 4), lambda m1, m2: m1 @ m2),
    ("addmv", (3,), (3, 2), (2,), lambda m, v: m @ v),
    ("addr", (3, 4), (3,), (4,), lambda a, b: np.outer(a, b)),
    ("baddbmm", (2, 3, 4), (2, 3, 5), (2, 5, 4), lambda a, b: a @ b),
    ("addbmm", (3, 4), (2, 3, 5), (2, 5, 4), lambda a, b: np.sum(a @ b, axis=0)),
]


def _add_samples(shapes):
    s0, s1, s2 = shapes

    def samples(rng):
        return [Sample((uniform(rng, s0), uniform(rng, s1), uniform(rng, s2))),
                Sample((uniform(rng, s0[-1:]), uniform(rng, s1), uniform(rng, s2)),
                       {"beta": 0.5, "alpha": -2.0}, "broadcast_scaled"),
                Sample((uniform(rng, s0), uniform(rng, s1), uniform(rng, s2)), {"beta": 0},
                       "beta0")]

    return samples


for _name, _s0, _s1, _s2, _prod in ADD_PRODUCTS:
    register(OpInfo(_name, getattr(ag, _name), _add_samples((_s0, _s1, _s2)),
                    ref=lambda i, a, b, beta=1, alpha=1, _p=_prod: beta * i + alpha * _p(a, b),
                    torch_ref=lambda t, i, a, b, _n=_name, **kw: getattr(t, _n)(i, a, b, **kw)))
    register(OpInfo(f"method_{_name}", lambda i, a, b, _n=_name, **kw: getattr(i, _n)(a, b, **kw),
                    _add_samples((_s0, _s1, _s2)),
                    torch_ref=lambda t, i, a, b, _n=_name, **kw: getattr(i, _n)(a, b, **kw)))

register(OpInfo("kron", ag.kron,
                lambda rng: [Sample((uniform(rng, (2, 3)), uniform(rng, (3, 2)))),
                             Sample((uniform(rng, (2,)), uniform(rng, (2, 3, 2))), name="ndim"),
                             Sample((uniform(rng, ()), uniform(rng, (3,))), name="scalar")],
                ref=np.kron, torch_ref=lambda t, a, b: t.kron(a, b)))


def _np_cdist(x1, x2, p=2.0, **kw):
    d = np.abs(x1[..., :, None, :] - x2[..., None, :, :])
    if p == 0:
        return (d != 0).sum(-1).astype(float)
    if np.isinf(p):
        return d.max(-1)
    return (d ** p).sum(-1) ** (1 / p)


register(OpInfo("cdist", ag.cdist,
                lambda rng: [Sample((uniform(rng, (4, 3)), uniform(rng, (5, 3)))),
                             Sample((uniform(rng, (2, 4, 3)), uniform(rng, (1, 2, 3)), 1.0)),
                             Sample((uniform(rng, (3, 2)), uniform(rng, (4, 2)), 3.0)),
                             Sample((uniform(rng, (3, 2)), uniform(rng, (2, 2)), float("inf"))),
                             Sample((uniform(rng, (30, 2)), uniform(rng, (3, 2))), name="mm"),
                             Sample((uniform(rng, (3, 2)), uniform(rng, (4, 2))),
                                    {"compute_mode": "use_mm_for_euclid_dist"}, "mm_forced")],
                ref=_np_cdist, torch_ref=lambda t, a, b, *args, **kw: t.cdist(a, b, *args, **kw),
                atol=1e-6, rtol=1e-6))
register(OpInfo("cross", lambda a, b: ag.cross(a, b, dim=1),
                lambda rng: [Sample((uniform(rng, (2, 3)), uniform(rng, (2, 3))))],
                ref=lambda a, b: np.cross(a, b, axis=1),
                torch_ref=lambda t, a, b: t.cross(a, b, dim=1)))
register(OpInfo("matrix_power", ag.matrix_power,
                lambda rng: [Sample((_square(rng, (3, 3)), 2))], ref=np.linalg.matrix_power,
                torch_ref=lambda t, a, n: t.matrix_power(a, n)))
register(OpInfo("det", ag.det, _square_samples, ref=np.linalg.det,
                torch_ref=lambda t, a: t.det(a)))
