"""Registry entries: linalg ops."""

from __future__ import annotations

import numpy as np

import autograd as ag
from tests.opinfo import OpInfo, Sample, noncontiguous, register, uniform

# (shape of input, shape of other) for matmul: every torch.matmul case
MATMUL_SHAPES = [
    ((4,), (4,)),  # dot -> 0-d
    ((3, 4), (4, 5)),  # matrix product
    ((4,), (4, 5)),  # vector @ matrix
    ((3, 4), (4,)),  # matrix @ vector
    ((2, 3, 4), (4, 5)),  # batch @ matrix
    ((3, 4), (2, 4, 5)),  # matrix @ batch
    ((4,), (2, 4, 5)),  # vector @ batch
    ((2, 3, 4), (4,)),  # batch @ vector
    ((2, 1, 3, 4), (3, 4, 2)),  # broadcast batch dims
    ((1, 3, 4), (2, 4, 5)),  # size-1 batch dim
    ((0, 4), (4, 3)),  # empty rows
    ((3, 0), (0, 2)),  # empty contraction
]


def _matmul_samples(rng):
    out = [Sample((uniform(rng, a), uniform(rng, b))) for a, b in MATMUL_SHAPES]
    out.append(Sample((noncontiguous(uniform(rng, (3, 4))), noncontiguous(uniform(rng, (4, 5)))),
                      name="noncontig"))
    out.append(Sample((uniform(rng, (4, 3)).T, uniform(rng, (2, 5, 4)).transpose(0, 2, 1)),
                      name="transposed"))
    return out


register(OpInfo("matmul", ag.matmul, _matmul_samples, ref=np.matmul,
                torch_ref=lambda t, a, b: t.matmul(a, b)))
register(OpInfo("method_matmul_operator", lambda a, b: a @ b, _matmul_samples,
                ref=lambda a, b: a @ b, torch_ref=lambda t, a, b: a @ b))


def _mm_samples(rng):
    return [Sample((uniform(rng, (3, 4)), uniform(rng, (4, 5)))),
            Sample((uniform(rng, (1, 4)), uniform(rng, (4, 1)))),
            Sample((noncontiguous(uniform(rng, (3, 4))), uniform(rng, (4, 2))), name="noncontig"),
            Sample((uniform(rng, (0, 4)), uniform(rng, (4, 2))), name="empty")]


register(OpInfo("mm", ag.mm, _mm_samples, ref=np.matmul,
                torch_ref=lambda t, a, b: t.mm(a, b)))


def _bmm_samples(rng):
    return [Sample((uniform(rng, (2, 3, 4)), uniform(rng, (2, 4, 5)))),
            Sample((uniform(rng, (1, 1, 4)), uniform(rng, (1, 4, 1)))),
            Sample((uniform(rng, (3, 4, 2)).transpose(0, 2, 1), uniform(rng, (3, 4, 2))),
                   name="noncontig"),
            Sample((uniform(rng, (0, 3, 4)), uniform(rng, (0, 4, 2))), name="empty")]


register(OpInfo("bmm", ag.bmm, _bmm_samples, ref=np.matmul,
                torch_ref=lambda t, a, b: t.bmm(a, b)))


def _vector_pair_samples(rng):
    return [Sample((uniform(rng, (5,)), uniform(rng, (5,)))),
            Sample((uniform(rng, (1,)), uniform(rng, (1,)))),
            Sample((uniform(rng, (8,))[::2], uniform(rng, (4,))), name="strided"),
            Sample((uniform(rng, (0,)), uniform(rng, (0,))), name="empty")]


register(OpInfo("dot", ag.dot, _vector_pair_samples, ref=lambda a, b: np.sum(a * b),
                torch_ref=lambda t, a, b: t.dot(a, b)))


def _outer_samples(rng):
    return [Sample((uniform(rng, (3,)), uniform(rng, (4,)))),
            Sample((uniform(rng, (1,)), uniform(rng, (5,)))),
            Sample((uniform(rng, (6,))[::2], uniform(rng, (2,))), name="strided"),
            Sample((uniform(rng, (0,)), uniform(rng, (3,))), name="empty")]


register(OpInfo("outer", ag.outer, _outer_samples, ref=lambda a, b: a[:, None] * b[None, :],
                torch_ref=lambda t, a, b: t.outer(a, b)))


def _inner_samples(rng):
    return [Sample((uniform(rng, (4,)), uniform(rng, (4,)))),
            Sample((uniform(rng, (2, 4)), uniform(rng, (3, 4)))),
            Sample((uniform(rng, (2, 3, 4)), uniform(rng, (4,)))),
            Sample((uniform(rng, ()), uniform(rng, (2, 3))), name="scalar")]


def _inner_ref(a, b):
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    return (a.reshape(a.shape[:-1] + (1,) * (b.ndim - 1) + a.shape[-1:])
            * b).sum(-1)


register(OpInfo("inner", ag.inner, _inner_samples, ref=_inner_ref,
                torch_ref=lambda t, a, b: t.inner(a, b)))

# (shape a, shape b, dims) for tensordot
TENSORDOT_CASES = [
    ((2, 3, 4), (3, 4, 5), 2),
    ((2, 3), (3, 4), 1),
    ((2, 3), (4,), 0),
    ((2, 3, 4), (4, 5, 3), ([1, 2], [2, 0])),
    ((3, 4), (4, 3), ([0, 1], [1, 0])),
]


def _tensordot_samples(rng):
    return [Sample((uniform(rng, a), uniform(rng, b)), {"dims": d}) for a, b, d in TENSORDOT_CASES]


def _tensordot_ref(a, b, dims):
    """Contract by moving the contracted axes together and multiplying as matrices."""
    if isinstance(dims, int):
        da, db = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    else:
        da, db = dims
    fa = [k for k in range(a.ndim) if k not in da]
    fb = [k for k in range(b.ndim) if k not in db]
    am = a.transpose(fa + list(da)).reshape(int(np.prod([a.shape[k] for k in fa])), -1)
    bm = b.transpose(list(db) + fb).reshape(-1, int(np.prod([b.shape[k] for k in fb])))
    return (am @ bm).reshape([a.shape[k] for k in fa] + [b.shape[k] for k in fb])


register(OpInfo("tensordot", ag.tensordot, _tensordot_samples, ref=_tensordot_ref,
                torch_ref=lambda t, a, b, dims: t.tensordot(a, b, dims=dims)))


# einsum: (name, equation, operand shapes, NumPy reference written with plain array ops)
def _trace(a):
    return sum(a[i, i] for i in range(a.shape[0]))


EINSUM_CASES = [
    ("matmul", "ij,jk->ik", [(3, 4), (4, 5)], lambda a, b: a @ b),
    ("implicit", "ij,jk", [(3, 4), (4, 5)], lambda a, b: a @ b),
    ("implicit_sorted", "ba", [(2, 3)], lambda a: a.T),
    ("batch", "bij,bjk->bik", [(2, 3, 4), (2, 4, 5)], np.matmul),
    ("outer", "i,j->ij", [(3,), (4,)], lambda a, b: a[:, None] * b[None, :]),
    ("dot", "i,i->", [(5,)] * 2, lambda a, b: (a * b).sum()),
    ("trace", "ii->", [(4, 4)], _trace),
    ("trace_implicit", "ii", [(3, 3)], _trace),
    ("diagonal", "ii->i", [(4, 4)], lambda a: np.array([a[i, i] for i in range(4)])),
    ("diag_product", "ij,jj->i", [(2, 3), (3, 3)],
     lambda a, b: a @ np.array([b[i, i] for i in range(3)])),
    ("triple_repeat", "iii->i", [(3, 3, 3)], lambda a: np.array([a[i, i, i] for i in range(3)])),
    ("sum_all", "ij->", [(3, 4)], lambda a: a.sum()),
    ("sum_lonely", "ij,k->ik", [(2, 3), (4,)], lambda a, b: a.sum(1)[:, None] * b[None, :]),
    ("permute", "ijk->kij", [(2, 3, 4)], lambda a: a.transpose(2, 0, 1)),
    ("ellipsis", "...ij,...jk->...ik", [(2, 3, 4), (4, 5)], np.matmul),
    ("ellipsis_broadcast", "...ij,...jk", [(2, 1, 3, 4), (3, 4, 2)], np.matmul),
    ("ellipsis_diag", "...ii->...i", [(2, 3, 3)],
     lambda a: np.stack([np.array([m[i, i] for i in range(3)]) for m in a])),
    ("ellipsis_summed", "...ij->ij", [(2, 3, 4)], lambda a: a.sum(0)),
    ("three_operands", "ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)], lambda a, b, c: a @ b @ c),
    ("bilinear", "bi,oij,bj->bo", [(2, 3), (4, 3, 5), (2, 5)],
     lambda x, w, y: np.stack([[x[b] @ w[o] @ y[b] for o in range(4)] for b in range(2)])),
    ("size1_broadcast", "ij,ij->i", [(3, 4), (3, 1)], lambda a, b: (a * b).sum(1)),
    ("scalar_operand", ",i->i", [(), (3,)], lambda s, v: s * v),
    ("spaces", "i j , j k -> i k", [(2, 3), (3, 2)], lambda a, b: a @ b),
    ("empty", "ij,jk->ik", [(0, 3), (3, 2)], lambda a, b: a @ b),
]


def _einsum_case(eq, shapes):
    def samples(rng):
        out = [Sample((eq,) + tuple(uniform(rng, s) for s in shapes))]
        if len(shapes[0]) >= 2 and all(n > 0 for n in shapes[0]):
            # 1-D operands stay as they are: torch.tensor refuses negative strides
            ops = [noncontiguous(uniform(rng, s)) if len(s) >= 2 else uniform(rng, s)
                   for s in shapes]
            out.append(Sample((eq, *ops), name="noncontig"))
        return out

    return samples


for _name, _eq, _shapes, _ref in EINSUM_CASES:
    register(OpInfo(f"einsum_{_name}", ag.einsum, _einsum_case(_eq, _shapes),
                    ref=lambda eq, *ops, _r=_ref: _r(*ops),
                    torch_ref=lambda t, eq, *ops: t.einsum(eq, *ops)))

register(OpInfo("einsum_list_operands", lambda eq, a, b: ag.einsum(eq, [a, b]),
                _einsum_case("ij,jk->ik", [(3, 4), (4, 2)]), ref=lambda eq, a, b: a @ b,
                torch_ref=lambda t, eq, a, b: t.einsum(eq, [a, b])))
