"""Linear algebra run under both libraries and compared: ``torch.linalg`` and the top-level
products and factorisations against ``ag.linalg`` / ``ag``.

Each snippet is PyTorch code over ``T`` (``torch`` / ``autograd``), ``L`` (``torch.linalg`` /
``ag.linalg``), NumPy's ``np`` and the data makers ``r`` (a seeded normal array), ``sym``
(a symmetric one) and ``spd`` (a positive-definite one); it leaves its result in ``out``. The
results are compared: tensors by dtype, shape and values (float64 tightly, float32 loosely),
named tuples by their field names, an exception by type (ours must be an instance of
PyTorch's; PyTorch's private ``_LinAlgError`` must be our ``LinAlgError``). Gradients are
compared where the function is differentiable; for decompositions with a sign or phase
freedom only gauge-invariant quantities are (reconstructions, ``|U|``, eigenvalues).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import autograd as ag
from tests.conftest import torch_or_skip
from tests.nn.test_idioms_torch import _Raised

torch = torch_or_skip()

OURS = {"T": ag, "L": ag.linalg}
THEIRS = {"T": torch, "L": torch.linalg}


def r(*shape, seed=0, dtype="float64"):
    """A seeded standard-normal array."""
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def sym(n, *batch, seed=0, dtype="float64"):
    """A seeded symmetric array ``(*batch, n, n)``."""
    a = r(*batch, n, n, seed=seed)
    return ((a + np.swapaxes(a, -1, -2)) / 2).astype(dtype)


def spd(n, *batch, seed=0, dtype="float64"):
    """A seeded symmetric positive-definite array ``(*batch, n, n)``."""
    a = r(*batch, n, n, seed=seed)
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype(dtype)


def _norm(value):
    """A library-neutral form of a snippet's result."""
    if isinstance(value, ag.Tensor | torch.Tensor):
        array = value.detach().numpy()
        return ("tensor", str(array.dtype), tuple(array.shape), array.astype(np.float64))
    if isinstance(value, torch.Size):
        return tuple(value)
    if isinstance(value, torch.dtype):
        return str(value).replace("torch.", "")
    if isinstance(value, tuple) and type(value) is not tuple:  # a named tuple / structseq
        return ("named", tuple(type(value).__match_args__), tuple(_norm(v) for v in value))
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_norm(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _same(ours, theirs, rtol: float, atol: float, path: str = "out") -> None:
    if isinstance(theirs, _Raised):
        assert isinstance(ours, _Raised), f"{path}: PyTorch {theirs!r}, we gave {ours!r}"
        expected = type(theirs.error)
        if expected.__name__ == "_LinAlgError":  # torch.linalg.LinAlgError, a private class
            expected = ag.linalg.LinAlgError
        assert isinstance(ours.error, expected), f"{path}: {ours!r} vs {theirs!r}"
        return
    assert not isinstance(ours, _Raised), f"{path}: we {ours!r}, PyTorch gave {theirs!r}"
    if _empty_tensor(ours) and theirs is None or ours is None and _empty_tensor(theirs):
        return  # the gradient of a zero-size input: PyTorch leaves it undefined
    if isinstance(theirs, tuple) and theirs[:1] == ("tensor",):
        assert isinstance(ours, tuple) and ours[:3] == theirs[:3], (
            f"{path}: {ours[:3] if isinstance(ours, tuple) else ours} vs {theirs[:3]}")
        np.testing.assert_allclose(ours[3], theirs[3], rtol=rtol, atol=atol, err_msg=path,
                                   equal_nan=True)
        return
    if isinstance(theirs, tuple) and theirs[:1] == ("named",):
        assert isinstance(ours, tuple) and ours[:2] == theirs[:2], f"{path}: {ours} vs {theirs}"
        _same(ours[2], theirs[2], rtol, atol, path)
        return
    if isinstance(theirs, list | tuple):
        assert type(ours) is type(theirs) and len(ours) == len(theirs), (
            f"{path}: {ours} vs {theirs}")
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _same(a, b, rtol, atol, f"{path}[{i}]")
        return
    if isinstance(theirs, float) and isinstance(ours, float):
        assert math.isclose(ours, theirs, rel_tol=1e-6, abs_tol=1e-9), f"{path}: {ours} vs {theirs}"
        return
    assert ours == theirs, f"{path}:\n  ours:   {ours!r}\n  theirs: {theirs!r}"


def _empty_tensor(value) -> bool:
    return isinstance(value, tuple) and value[:1] == ("tensor",) and 0 in value[2]


def _run(code: str, names: dict):
    scope = {"np": np, "math": math, "r": r, "sym": sym, "spd": spd, **names}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PyTorch's deprecations (torch.lu, ...)
            exec(code, scope)
    except Exception as error:  # the error itself is the result compared
        return _Raised(error)
    return _norm(scope.get("out"))


def check(code: str, rtol: float = 1e-7, atol: float = 1e-9) -> None:
    """Run ``code`` under both libraries and compare what it leaves in ``out``."""
    _same(_run(code, OURS), _run(code, THEIRS), rtol, atol)


def grad1(setup: str, expr: str, post: str = "res") -> str:
    """A snippet: ``res = expr`` over ``a`` (from the array ``A``), then the gradient of a
    random weighting of ``post``; ``out`` is ``(res, post, a.grad)``."""
    return (setup + "; a = T.tensor(A, requires_grad=True); "
            f"res = {expr}; y = {post}; "
            "(y * T.tensor(r(*y.shape, seed=9, dtype=str(A.dtype)))).sum().backward() "
            "if y.requires_grad else None; out = (res, y, a.grad)")


def grad2(setup: str, expr: str, post: str = "res") -> str:
    """``grad1`` with two inputs ``a``, ``b`` (from ``A``, ``B``)."""
    return (setup + "; a = T.tensor(A, requires_grad=True); b = T.tensor(B, requires_grad=True);"
            f" res = {expr}; y = {post}; "
            "(y * T.tensor(r(*y.shape, seed=9, dtype=str(A.dtype)))).sum().backward() "
            "if y.requires_grad else None; out = (res, y, a.grad, b.grad)")


def _ids(cases):
    return [c[0] for c in cases]


# -- products ----------------------------------------------------------------------------------

PRODUCT_SHAPES = [
    ("matmul", (3, 4), (4, 5)), ("matmul", (4,), (4,)), ("matmul", (4,), (4, 5)),
    ("matmul", (3, 4), (4,)), ("matmul", (2, 3, 4), (4, 5)), ("matmul", (2, 1, 3, 4), (5, 4, 2)),
    ("matmul", (0, 4), (4, 5)), ("matmul", (3, 0), (0, 5)), ("matmul", (4,), (2, 4, 5)),
    ("matmul", (3, 4), (5, 6)), ("matmul", (), (3,)),
    ("mm", (3, 4), (4, 5)), ("mm", (3,), (3, 4)), ("mm", (2, 3, 4), (4, 5)), ("mm", (0, 4), (4, 0)),
    ("bmm", (2, 3, 4), (2, 4, 5)), ("bmm", (2, 3, 4), (3, 4, 5)), ("bmm", (2, 3, 4), (1, 4, 5)),
    ("bmm", (0, 3, 4), (0, 4, 5)), ("mv", (3, 4), (4,)), ("mv", (3, 4), (3,)),
    ("mv", (3, 4), (1, 4)),
    ("dot", (4,), (4,)), ("dot", (4,), (3,)), ("dot", (2, 2), (2, 2)), ("dot", (0,), (0,)),
    ("vdot", (4,), (4,)), ("inner", (2, 4), (3, 4)), ("inner", (), (3,)), ("inner", (2, 4), (3, 5)),
    ("outer", (3,), (4,)), ("outer", (3, 1), (4,)), ("ger", (3,), (4,)), ("kron", (2, 3), (3, 2)),
    ("kron", (2, 1, 2), (3,)), ("kron", (0, 2), (2, 2)), ("cross", (4, 3), (1, 3)),
    ("cross", (4, 4), (4, 4)), ("cross", (2, 3), (3,)), ("tensordot", (2, 3, 4), (3, 4, 5)),
]
PRODUCT_CASES = [
    (f"{fn}{sa}{sb}", grad2(f"A = r(*{sa}, seed=1); B = r(*{sb}, seed=2)", f"T.{fn}(a, b)"))
    for fn, sa, sb in PRODUCT_SHAPES
] + [
    (f"method {fn}{sa}{sb}", grad2(f"A = r(*{sa}, seed=1); B = r(*{sb}, seed=2)", f"a.{fn}(b)"))
    for fn, sa, sb in PRODUCT_SHAPES[::3] if fn != "tensordot"
] + [
    ("at operator", grad2("A = r(2, 3, 4, seed=1); B = r(4, 2, seed=2)", "a @ b")),
    ("cross dim0", grad2("A = r(3, 4, seed=1); B = r(3, 4, seed=2)", "T.cross(a, b, dim=0)")),
    ("cross dim of size 4", grad2("A = r(3, 4, seed=1); B = r(3, 4, seed=2)",
                                  "T.cross(a, b, dim=1)")),
    ("linalg.cross broadcast", grad2("A = r(2, 1, 3, seed=1); B = r(4, 3, seed=2)",
                                     "L.cross(a, b)")),
    ("linalg.cross last dim not 3", grad2("A = r(3, 4, seed=1); B = r(3, 4, seed=2)",
                                          "L.cross(a, b)")),
    ("linalg.cross dtypes", "out = L.cross(T.eye(3), T.ones(3, 3, dtype=T.float64))"),
    ("cross dtypes", "out = T.cross(T.eye(3), T.ones(3, 3, dtype=T.int64), dim=1)"),
    ("tensordot int dims", grad2("A = r(2, 3, 4, seed=1); B = r(3, 4, 5, seed=2)",
                                 "T.tensordot(a, b, dims=2)")),
    ("tensordot dims 0", grad2("A = r(2, 3, seed=1); B = r(3, 4, seed=2)",
                               "T.tensordot(a, b, dims=0)")),
    ("tensordot lists", grad2("A = r(2, 3, 4, seed=1); B = r(4, 3, 5, seed=2)",
                              "T.tensordot(a, b, dims=([1, 2], [1, 0]))")),
    ("tensordot tensor dims", grad2("A = r(2, 3, 4, seed=1); B = r(4, 3, 5, seed=2)",
                                    "T.tensordot(a, b, dims=T.tensor([[1, 2], [1, 0]]))")),
    ("tensordot mismatched sizes", "out = T.tensordot(T.ones(2, 3), T.ones(4, 3), ([1], [0]))"),
    ("tensordot negative dims", "out = T.tensordot(T.ones(2, 3), T.ones(3, 2), dims=-1)"),
    ("tensordot bare ints", "out = T.tensordot(T.ones(2, 3), T.ones(3, 2), dims=(1, 0))"),
    ("tensordot three lists", "out = T.tensordot(T.ones(2, 3), T.ones(3, 2), "
                              "dims=([1], [0], [1]))"),
    ("multi_dot", grad2("A = r(2, 3, seed=1); B = r(3, 4, seed=2)",
                        "L.multi_dot([a, b, b.t(), a.t()])")),
    ("multi_dot vector ends", grad2("A = r(3, seed=1); B = r(3, 4, seed=2)",
                                    "L.multi_dot([a, b, b.t(), a])")),
    ("multi_dot one", "out = L.multi_dot([T.ones(3)])"),
    ("multi_dot 3d", "out = L.multi_dot([T.ones(2, 3, 3), T.ones(3, 3)])"),
    ("multi_dot mismatch", "out = L.multi_dot([T.ones(2, 3), T.ones(4, 4)])"),
    ("multi_dot empty", "out = L.multi_dot([])"),
    ("multi_dot zero size", grad2("A = r(2, 0, seed=1); B = r(0, 4, seed=2)",
                                  "L.multi_dot([a, b, b.t()])")),
    ("chain_matmul", grad2("A = r(2, 3, seed=1); B = r(3, 4, seed=2)",
                           "T.chain_matmul(a, b, b.t())")),
    ("vecdot", grad2("A = r(2, 3, seed=1); B = r(3, seed=2)", "L.vecdot(a, b)")),
    ("vecdot dim", grad2("A = r(3, 2, seed=1); B = r(3, 1, seed=2)", "L.vecdot(a, b, dim=0)")),
    ("vecdot mismatch", "out = L.vecdot(T.ones(3, 2), T.ones(3, 3))"),
    ("vecdot dtypes", "out = L.vecdot(T.ones(3), T.ones(3, dtype=T.float64))"),
    ("matmul ints", "out = T.matmul(T.arange(6).reshape(2, 3), T.arange(3))"),
    ("mm float and int", "out = T.mm(T.ones(2, 3), T.ones(3, 2, dtype=T.int64))"),
    ("dot ints", "out = T.dot(T.arange(3), T.arange(3))"),
    ("mm bool", "out = T.mm(T.ones(2, 2, dtype=T.bool), T.ones(2, 2, dtype=T.bool))"),
    ("matmul out", "o = T.empty(2, 2); T.matmul(T.ones(2, 3), T.ones(3, 2), out=o); out = o"),
    ("matmul float32", "out = T.tensor(r(3, 4, dtype='float32')) @ T.tensor(r(4, 5, seed=1, "
                       "dtype='float32'))"),
]

ADD_FAMILY = [
    ("addmm", (3, 5), (3, 4), (4, 5)), ("addmm", (5,), (3, 4), (4, 5)),
    ("addmm", (), (3, 4), (4, 5)),
    ("addmm", (1, 1), (3, 4), (4, 5)), ("addmm", (2, 5), (3, 4), (4, 5)),
    ("addbmm", (3, 5), (2, 3, 4), (2, 4, 5)), ("addbmm", (3, 5), (0, 3, 4), (0, 4, 5)),
    ("baddbmm", (2, 3, 5), (2, 3, 4), (2, 4, 5)), ("baddbmm", (1,), (2, 3, 4), (2, 4, 5)),
    ("addmv", (3,), (3, 4), (4,)), ("addmv", (), (3, 4), (4,)), ("addmv", (2,), (3, 4), (4,)),
    ("addr", (3, 4), (3,), (4,)), ("addr", (4,), (3,), (4,)),
]
ADD_CASES = [
    (f"{fn}{sc}{sa}{sb}{kw}",
     f"A = r(*{sa}, seed=1); B = r(*{sb}, seed=2); c = T.tensor(r(*{sc}, seed=3), "
     "requires_grad=True); a = T.tensor(A, requires_grad=True); "
     f"b = T.tensor(B, requires_grad=True); y = T.{fn}(c, a, b{kw}); "
     "(y * T.tensor(r(*y.shape, seed=9))).sum().backward(); out = (y, a.grad, b.grad, c.grad)")
    for fn, sc, sa, sb in ADD_FAMILY
    for kw in ["", ", beta=0.5, alpha=2.0", ", beta=0", ", alpha=0"]
] + [
    ("addmm beta 0 skips nan", "out = T.addmm(T.full((2, 2), float('nan')), T.ones(2, 2), "
                               "T.ones(2, 2), beta=0)"),
    ("addmm ints float beta", "i = T.ones(2, 2, dtype=T.int64); out = (T.addmm(i * 3, i, i, "
                              "beta=0.5), T.addmm(i * 3, i, i, alpha=1.5))"),
    ("addmv ints", "out = T.addmv(T.ones(2, dtype=T.int64), T.ones(2, 2, dtype=T.int64), "
                   "T.ones(2, dtype=T.int64), beta=2, alpha=3)"),
    ("addmm method", "out = T.ones(2, 2).addmm(T.ones(2, 3), T.ones(3, 2), beta=2, alpha=3)"),
    ("addmm_", "c = T.ones(2, 2); c.addmm_(T.ones(2, 3), T.ones(3, 2), beta=2); out = c"),
    ("baddbmm_", "c = T.ones(2, 2, 2); c.baddbmm_(T.ones(2, 2, 3), T.ones(2, 3, 2)); out = c"),
    ("addr_", "c = T.ones(2, 3); c.addr_(T.ones(2), T.ones(3), alpha=2); out = c"),
    ("addbmm_", "c = T.ones(2, 3); c.addbmm_(T.ones(4, 2, 5), T.ones(4, 5, 3)); out = c"),
    ("addmm bad input shape", "out = T.addmm(T.ones(3, 3), T.ones(2, 2), T.ones(2, 2))"),
    ("addmm out", "o = T.empty(2, 2); T.addmm(T.ones(2, 2), T.ones(2, 2), T.ones(2, 2), out=o); "
                  "out = o"),
]


@pytest.mark.parametrize("name,code", PRODUCT_CASES + ADD_CASES,
                         ids=_ids(PRODUCT_CASES + ADD_CASES))
def test_products(name: str, code: str) -> None:
    check(code, rtol=1e-5 if "float32" in name else 1e-7,
          atol=1e-6 if "float32" in name else 1e-9)


# -- einsum, trace, diagonals, triangles ----------------------------------------------------------

EINSUMS = [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]), ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]), ("ij->ji", [(2, 3)]), ("...ij,...jk->...ik", [(5, 2, 3), (5, 3, 4)]),
    ("...ij,...jk", [(5, 1, 2, 3), (4, 3, 4)]), ("i,i->", [(3,), (3,)]), ("i,j->ij", [(3,), (4,)]),
    ("iij->j", [(3, 3, 2)]), ("i,i,i->i", [(3,), (3,), (3,)]), ("i...->...", [(2, 3, 4)]),
    ("ij,kj->ik", [(0, 3), (4, 3)]), ("ij,jk->ik", [(2, 0), (0, 4)]),
    ("ij , jk -> ik", [(2, 3), (3, 4)]),
    ("ba,ab", [(2, 3), (3, 2)]), ("ij,jk->ik", [(2, 3), (4, 4)]), ("ij->ii", [(2, 2)]),
    ("ij->k", [(2, 2)]), ("ij,jk->ik", [(2, 3)]), ("iJ,Jk->ik", [(2, 3), (3, 4)]),
    ("i,i->i", [(3,), (1,)]), ("...i,...i", [(2, 3), (3,)]), ("ijk", [(2, 3)]), ("", [()]),
    (",->", [(), ()]),
]
EINSUM_CASES = [
    (f"einsum {eq!r} {shapes}",
     "ts = [" + ", ".join(f"T.tensor(r(*{s}, seed={i}), requires_grad=True)"
                          for i, s in enumerate(shapes)) + f"]; y = T.einsum({eq!r}, *ts); "
     "(y * T.tensor(r(*y.shape, seed=9))).sum().backward(); out = (y, [t.grad for t in ts])")
    for eq, shapes in EINSUMS
] + [
    ("einsum list of operands", "out = T.einsum('ij,jk', [T.tensor(r(2, 3)), T.tensor(r(3, 4))])"),
    ("einsum sublists", grad2("A = r(2, 3, seed=1); B = r(3, 4, seed=2)",
                              "T.einsum(a, [0, 1], b, [1, 2], [0, 2])")),
    ("einsum sublists implicit", "out = T.einsum(T.tensor(r(2, 3)), [0, 1], "
                                 "T.tensor(r(3, 4, seed=1)), [1, 2])"),
    ("einsum sublists ellipsis", "out = T.einsum(T.tensor(r(5, 2, 3)), [Ellipsis, 0, 1], "
                                 "T.tensor(r(5, 3, 4, seed=1)), [Ellipsis, 1, 2], "
                                 "[Ellipsis, 0, 2])"),
    ("einsum sublist out of range", "out = T.einsum(T.ones(2, 3), [0, 60])"),
    ("einsum no operands", "out = T.einsum('ij->ij')"),
    ("einsum too many operands", "out = T.einsum('ij->ij', T.ones(2, 3), T.ones(2, 3))"),
    ("einsum ints", "out = T.einsum('ij,jk->ik', T.arange(6).reshape(2, 3), "
                    "T.arange(6).reshape(3, 2))"),
    ("einsum dtypes", "out = T.einsum('ij,jk->ik', T.arange(6).reshape(2, 3), T.ones(3, 2))"),
    ("einsum bool contraction", "b = T.ones(2, 3, dtype=T.bool); out = T.einsum('ij,ij->', b, b)"),
    ("einsum bool sum", "b = T.ones(2, 3, dtype=T.bool); out = (T.einsum('ij->j', b), "
                        "T.einsum('ij,kl->ij', b, b), T.einsum('ij,ij->ij', b, b), "
                        "T.einsum('ij,kl->ijkl', b, b))"),
    ("einsum repeated output", "out = T.einsum('ij->jj', T.ones(2, 2))"),
    ("einsum two ellipses", "out = T.einsum('...i...->i', T.ones(2, 2))"),
    ("einsum bad character", "out = T.einsum('i1->i', T.ones(2, 2))"),
    ("einsum broadcast size 1", "out = T.einsum('...j,...j->...', T.ones(1, 3), T.ones(2, 3))"),
]

DIAG_CASES = [
    (f"trace{shape}", grad1(f"A = r(*{shape}, seed=1)", "T.trace(a)"))
    for shape in [(3, 3), (3, 5), (5, 3), (0, 0), (0, 3), (2, 3, 3), (3,)]
] + [
    ("trace ints", "out = (T.trace(T.arange(9).reshape(3, 3)), "
                   "T.trace(T.arange(9, dtype=T.int32).reshape(3, 3)))"),
    ("trace bool", "out = T.trace(T.ones(3, 3, dtype=T.bool))"),
] + [
    (f"diag{shape} {d}", grad1(f"A = r(*{shape}, seed=1)", f"T.diag(a, {d})"))
    for shape in [(4,), (3, 4), (4, 3), (0,), (0, 3), (2, 3, 4), ()]
    for d in [0, 1, -2, 5, -5]
] + [
    (f"{fn}{shape} {kw}", grad1(f"A = r(*{shape}, seed=1)", f"{fn}(a, {kw})"))
    for shape in [(3, 4), (4, 3), (2, 3, 4), (2, 0, 3)]
    for kw in ["", "offset=1", "offset=-2", "offset=5", "dim1=0, dim2=-1", "dim1=-1, dim2=0",
               "offset=1, dim1=1, dim2=0", "dim1=0, dim2=0", "dim1=3"]
    for fn in ["T.diagonal", "L.diagonal"]
] + [
    (f"{fn}{shape} {d}", grad1(f"A = r(*{shape}, seed=1)", f"T.{fn}(a, {d})"))
    for shape in [(3, 4), (4, 3), (2, 3, 4), (0, 3), (3,)]
    for d in [0, 1, -1, 10, -10]
    for fn in ["tril", "triu"]
] + [
    ("tril_ triu_", "a = T.ones(3, 3); b = T.ones(3, 3); a.tril_(1); b.triu_(-1); out = (a, b)"),
    ("tril int, triu bool", "out = (T.tril(T.arange(9).reshape(3, 3)), "
                            "T.triu(T.ones(3, 3, dtype=T.bool)))"),
    ("tril_indices", "out = (T.tril_indices(3, 4), T.tril_indices(3, 4, 1), "
                     "T.tril_indices(0, 0), T.tril_indices(4, 3, -10))"),
    ("triu_indices", "out = (T.triu_indices(3, 4), T.triu_indices(3, 4, -1), "
                     "T.triu_indices(4, 3, 10))"),
    ("diag_embed", grad1("A = r(2, 3)", "T.diag_embed(a, offset=1, dim1=0, dim2=2)")),
    ("diagflat", grad1("A = r(2, 3)", "T.diagflat(a, 1)")),
    ("block_diag", grad1("A = r(2, 3)", "T.block_diag(a, a[0], a[0, 0], a[:0])")),
]


@pytest.mark.parametrize("name,code", EINSUM_CASES + DIAG_CASES,
                         ids=_ids(EINSUM_CASES + DIAG_CASES))
def test_einsum_and_diagonals(name: str, code: str) -> None:
    check(code)


# -- square-matrix functions and decompositions ----------------------------------------------------

EYE = "T.eye(a.shape[-1], dtype=a.dtype)"
SQUARE_EXPRS = [
    "T.det(a)", "L.det(a)", f"T.logdet(a @ a.mT + {EYE})", "T.logdet(a)", "L.slogdet(a)",
    "T.slogdet(a)", "T.inverse(a)", "L.inv(a)", "L.inv_ex(a)", "L.inv_ex(a, check_errors=True)",
    "T.pinverse(a)", "L.pinv(a)", "L.pinv(a, hermitian=True)", "L.pinv(a, atol=0.5)",
    "L.pinv(a, rtol=0.3)", "L.pinv(a, atol=0.1, rtol=0.3)", "L.pinv(a, rcond=0.3)",
    "L.pinv(a, hermitian=True, rtol=0.3)", "T.matrix_power(a, 0)", "T.matrix_power(a, 3)",
    "T.matrix_power(a, -2)", "a.matrix_power(2)", "T.matrix_exp(a)", "L.matrix_exp(a * 10)",
    f"L.cholesky(a @ a.mT + {EYE})", f"L.cholesky(a @ a.mT + {EYE}, upper=True)",
    f"T.cholesky(a @ a.mT + {EYE}, upper=True)", f"L.cholesky_ex(a @ a.mT + {EYE})",
    f"T.cholesky_inverse(L.cholesky(a @ a.mT + {EYE}))",
    f"T.cholesky_inverse(L.cholesky(a @ a.mT + {EYE}, upper=True), upper=True)",
    "L.eigvalsh(a + a.mT)", "L.eigvalsh(a, UPLO='U')", "L.eigvalsh(a)",
    "L.eigh(a + a.mT).eigenvalues", "L.eigh(a, UPLO='U').eigenvalues",
    "L.eigh(a + a.mT).eigenvectors.abs()", "L.eigh(a).eigenvectors.abs()", "L.svdvals(a)",
    "L.svd(a).S", "L.matrix_rank(a)", "L.matrix_rank(a, hermitian=True)",
    "L.matrix_rank(a, atol=1.0)", "L.matrix_rank(a, rtol=0.5)",
    "L.matrix_rank(a, atol=1.0, rtol=0.1)",
    "L.matrix_rank(a, tol=1.0)", "L.cond(a)", "L.cond(a, 2)", "L.cond(a, -2)",
    "L.cond(a, 'fro').detach()", "L.cond(a, 'nuc').detach()", "L.cond(a, float('inf')).detach()",
    "L.cond(a, -1).detach()",
]
SQUARE_SHAPES = [(3, 3), (2, 3, 3), (2, 1, 3, 3), (0, 0), (0, 3, 3), (1, 1), (4, 0, 0)]
SQUARE_CASES = [
    (f"{expr} {shape}", grad1(f"A = r(*{shape}, seed=1)", expr, "res if isinstance(res, T.Tensor) "
                              "else res[-1] if 'slogdet' in {expr!r} else res[0]"))
    for shape in SQUARE_SHAPES for expr in SQUARE_EXPRS
] + [
    (f"{expr} float32", grad1("A = r(2, 3, 3, seed=1, dtype='float32')", expr,
                              "res if isinstance(res, T.Tensor) else res[0]"))
    for expr in SQUARE_EXPRS[::4]
]

RECT_EXPRS = [
    ("L.lu(a)", "res.P @ res.L @ res.U"), ("L.lu(a)", "res.U"), ("L.lu(a)", "res.L"),
    ("L.lu_factor(a)", "res.LU"), ("L.lu_factor_ex(a)", "res.LU"), ("T.lu(a)", "res[0]"),
    ("T.lu(a, get_infos=True)", "res[0]"),
    ("T.lu_unpack(*L.lu_factor(a))", "res.L + 0 * res.P.sum()"),
    ("T.lu_unpack(*L.lu_factor(a), unpack_data=False)", "res.P"),
    ("T.lu_unpack(*L.lu_factor(a), unpack_pivots=False)", "res.U"),
    ("L.qr(a)", "res.Q @ res.R"), ("L.qr(a)", "res.R.abs()"), ("L.qr(a)", "res.Q.abs()"),
    ("L.qr(a, mode='complete')", "res.Q @ res.R"), ("L.qr(a, mode='r')", "res.R.abs()"),
    ("L.qr(a, mode='r')", "res.R"), ("T.qr(a)", "res.Q @ res.R"),
    ("T.qr(a, some=False)", "res.R.abs()"),
    ("L.svd(a, full_matrices=False)", "(res.U * res.S.unsqueeze(-2)) @ res.Vh"),
    ("L.svd(a)", "res.S"), ("L.svd(a, full_matrices=False)", "res.U.abs()"),
    ("L.svd(a, full_matrices=False)", "res.Vh.abs()"), ("L.svd(a)", "res.U.abs()"),
    ("T.svd(a)", "(res.U * res.S.unsqueeze(-2)) @ res.V.mT"),
    ("T.svd(a, some=False)", "res.V.abs()"),
    ("T.svd(a, compute_uv=False)", "res.S"), ("L.svdvals(a)", "res"),
    ("L.svd(a, driver='gesvd')", "res.S"), ("L.pinv(a)", "res"),
    ("T.pinverse(a, rcond=0.3)", "res"),
    ("L.matrix_rank(a)", "res"), ("T.geqrf(a)", "res[1].abs()"),
    ("T.orgqr(*T.geqrf(a))", "res.abs()"),
    ("T.ormqr(*T.geqrf(a), T.tensor(r(*A.shape[:-1], 2, seed=7)))", "res"),
    ("T.ormqr(*T.geqrf(a), T.tensor(r(A.shape[-2], 2, seed=7)))", "res"),
    ("L.householder_product(a, T.tensor(r(*A.shape[:-2], min(A.shape[-2:]), seed=5)))", "res"),
]
RECT_SHAPES = [(3, 3), (4, 3), (3, 4), (2, 4, 3), (0, 3), (3, 0), (2, 0, 3), (1, 1)]
RECT_CASES = [
    (f"{expr} -> {post} {shape}", grad1(f"A = r(*{shape}, seed=1)", expr, post)
     .replace("out = (res, y, a.grad)", "out = (y, a.grad)"))
    for shape in RECT_SHAPES for expr, post in RECT_EXPRS
    if not (post.startswith("res.L") and expr.startswith("L.lu(a)") and 0 in shape)
] + [
    (f"named fields {expr} {shape}", f"A = r(*{shape}, seed=1); res = {expr}(T.tensor(A)); "
     "out = (type(res).__match_args__, [tuple(t.shape) for t in res])")
    for shape in [(3, 3), (4, 3), (2, 3, 4)]
    for expr in ["L.lu", "L.lu_factor", "L.lu_factor_ex", "T.lu_unpack", "L.qr", "L.svd", "T.svd",
                 "T.qr", "L.slogdet", "L.inv_ex", "L.cholesky_ex", "L.eigh", "T.geqrf",
                 "L.ldl_factor", "L.ldl_factor_ex", "T.slogdet"]
    if not (expr in ("L.slogdet", "T.slogdet", "L.inv_ex", "L.cholesky_ex", "L.eigh",
                     "L.ldl_factor", "L.ldl_factor_ex") and shape[-1] != shape[-2])
] + [
    ("named fields lstsq", "out = type(L.lstsq(T.ones(3, 2), T.ones(3, 1))).__match_args__"),
    ("named fields lu_unpack of factor", "out = type(T.lu_unpack(*L.lu_factor(T.eye(2))))"
                                         ".__match_args__"),
]

SYM_EXPRS = [
    ("L.eigh(a)", "res.eigenvalues"), ("L.eigh(a)", "res.eigenvectors.abs()"),
    ("L.eigh(a)", "(res.eigenvectors * res.eigenvalues.unsqueeze(-2)) @ res.eigenvectors.mT"),
    ("L.eigvalsh(a)", "res"), ("L.pinv(a, hermitian=True)", "res"),
    ("L.cholesky(a + 4 * T.eye(a.shape[-1], dtype=a.dtype))", "res"),
    ("L.cholesky_ex(a + 4 * T.eye(a.shape[-1], dtype=a.dtype))", "res.L"),
    ("L.ldl_factor(a)", "res.LD"), ("L.ldl_factor(a, hermitian=True)", "res.LD"),
    ("L.ldl_factor_ex(a)", "res.info"),
]
SYM_CASES = [
    (f"{expr} -> {post} {shape}{' lower' if lower else ''}",
     grad1(f"A = sym({shape[-1]}, *{shape[:-2]}, seed=1)"
           + (" + np.triu(r(*A.shape, seed=4), 1)" if lower else ""), expr, post))
    for shape in [(3, 3), (2, 3, 3), (0, 0), (1, 1), (2, 0, 0)]
    for expr, post in SYM_EXPRS for lower in (False, True)
] + [
    ("eigh repeated eigenvalues", grad1("A = np.eye(3)", "L.eigh(a)", "res.eigenvalues")),
    ("eigvalsh repeated eigenvalues", grad1("A = np.diag([1., 1, 2])", "L.eigvalsh(a)")),
    ("eigh UPLO U", grad1("A = sym(3) + np.tril(r(3, 3, seed=4), -1)", "L.eigh(a, UPLO='U')",
                          "res.eigenvectors.abs()")),
    ("eigh bad UPLO", "out = L.eigh(T.eye(2), UPLO='X')"),
    ("matrix_rank hermitian reads the lower triangle",
     "A = sym(3, seed=1); A[0, 1] = 50; out = L.matrix_rank(T.tensor(A), hermitian=True)"),
    ("ldl_solve", "A = sym(3, 2, seed=1); LD, piv = L.ldl_factor(T.tensor(A)); "
                  "out = L.ldl_solve(LD, piv, T.tensor(r(2, 3, 2, seed=3)))"),
]


@pytest.mark.parametrize("name,code", SQUARE_CASES + RECT_CASES + SYM_CASES,
                         ids=_ids(SQUARE_CASES + RECT_CASES + SYM_CASES))
def test_decompositions(name: str, code: str) -> None:
    f32 = "float32" in name
    check(code, rtol=1e-4 if f32 else 1e-7, atol=1e-4 if f32 else 1e-9)


# -- singular and bad input ------------------------------------------------------------------------

SINGULAR_CASES = [
    ("inv singular", "out = L.inv(T.zeros(2, 2, dtype=T.float64))"),
    ("inv singular batch", "A = np.stack([np.eye(2), np.zeros((2, 2))]); out = L.inv(T.tensor(A))"),
    ("inverse singular", "out = T.inverse(T.zeros(2, 2, dtype=T.float64))"),
    ("inv_ex singular info", "A = np.stack([np.eye(2), np.zeros((2, 2)), "
                             "np.array([[1., 2], [2, 4]])]); out = L.inv_ex(T.tensor(A)).info"),
    ("inv_ex check_errors", "out = L.inv_ex(T.zeros(2, 2, dtype=T.float64), check_errors=True)"),
    ("solve singular", "out = L.solve(T.zeros(2, 2, dtype=T.float64), "
                       "T.ones(2, 1, dtype=T.float64))"),
    ("solve_ex singular info", "A = np.stack([np.eye(2), np.zeros((2, 2)), "
                               "np.array([[1., 2], [2, 4]])]); "
                               "out = L.solve_ex(T.tensor(A), "
                               "T.ones(3, 2, 1, dtype=T.float64)).info"),
    ("solve_ex check_errors", "out = L.solve_ex(T.zeros(2, 2, dtype=T.float64), "
                              "T.ones(2, 1, dtype=T.float64), check_errors=True)"),
    ("cholesky not positive-definite", "out = L.cholesky(-T.eye(3, dtype=T.float64))"),
    ("cholesky batch not positive-definite",
     "A = np.stack([np.eye(2), -np.eye(2)]); out = L.cholesky(T.tensor(A))"),
    ("cholesky_ex info", "A = np.stack([np.eye(3), -np.eye(3), np.diag([1., 1, -1])]); "
                         "out = L.cholesky_ex(T.tensor(A)).info"),
    ("cholesky_ex check_errors", "out = L.cholesky_ex(-T.eye(3, dtype=T.float64), "
                                 "check_errors=True)"),
    ("torch.cholesky not positive-definite", "out = T.cholesky(-T.eye(3, dtype=T.float64))"),
    ("lu_factor_ex info", "A = np.stack([np.eye(2), np.zeros((2, 2))]); "
                          "out = L.lu_factor_ex(T.tensor(A)).info"),
    ("torch.lu infos", "out = T.lu(T.zeros(2, 2, dtype=T.float64), get_infos=True)[2]"),
    ("det singular", "out = L.det(T.zeros(2, 2, dtype=T.float64))"),
    ("det rank n-2 gradient", "a = T.zeros(3, 3, dtype=T.float64, requires_grad=True); "
                              "L.det(a).backward(); out = a.grad"),
    ("logdet of negative det", "out = (T.logdet(-T.eye(3, dtype=T.float64)), "
                               "T.logdet(T.diag(T.tensor([-1., -1, 1], dtype=T.float64))))"),
    ("logdet singular", "out = T.logdet(T.zeros(2, 2, dtype=T.float64))"),
    ("slogdet singular", "out = T.slogdet(T.zeros(2, 2, dtype=T.float64))"),
    ("slogdet negative", "out = L.slogdet(-T.eye(3, dtype=T.float64))"),
    ("slogdet singular gradient", "a = T.zeros(2, 2, dtype=T.float64, requires_grad=True); "
                                  "L.slogdet(a).logabsdet.backward(); out = a.grad"),
    ("logdet singular gradient", "a = T.tensor([[1., 2.], [2., 4.]], dtype=T.float64, "
                                 "requires_grad=True); T.logdet(a).backward(); out = a.grad"),
    ("matrix_power singular inverse", "out = T.matrix_power(T.zeros(2, 2, dtype=T.float64), -1)"),
    ("solve_triangular zero diagonal", "out = L.solve_triangular(T.zeros(2, 2), T.ones(2, 1), "
                                       "upper=True)"),
    ("triangular_solve zero diagonal", "out = T.triangular_solve(T.ones(2, 1), T.zeros(2, 2))"),
    ("pinv of zero", grad1("A = np.zeros((3, 2))", "L.pinv(a)")),
    ("matrix_rank of zero", "out = L.matrix_rank(T.zeros(3, 2, dtype=T.float64))"),
    ("cond singular", "out = L.cond(T.tensor([[1., 0], [0, 0]], dtype=T.float64))"),
    ("cond singular 1", "out = L.cond(T.tensor([[1., 0], [0, 0]], dtype=T.float64), 1)"),
    ("cond singular batch", "A = np.stack([np.eye(2), np.zeros((2, 2))]); "
                            "out = L.cond(T.tensor(A), 'fro')"),
    ("cond bad order", "out = (L.cond(T.eye(3), 3), L.cond(T.eye(3), 'abc'))"),
    ("cond non-square", "out = (L.cond(T.ones(2, 3)), L.cond(T.ones(2, 3), 1))"),
    ("matrix_norm 2 at repeated singular values", grad1("A = np.eye(3)", "L.matrix_norm(a, 2)")),
    ("matrix_norm nuc at zero", grad1("A = np.zeros((3, 3))", "L.matrix_norm(a, 'nuc')")),
]

UNARY_BAD = [
    "L.det(x)", "L.slogdet(x)", "T.logdet(x)", "L.inv(x)", "L.inv_ex(x)", "L.pinv(x)",
    "L.matrix_exp(x)", "L.cholesky(x)", "L.cholesky_ex(x)", "L.qr(x)", "L.svd(x)", "L.svdvals(x)",
    "L.eigh(x)", "L.eigvalsh(x)", "L.matrix_rank(x)", "L.cond(x, 1)", "L.lu(x)", "L.lu_factor(x)",
    "L.ldl_factor(x)", "L.matrix_norm(x)", "L.vector_norm(x)", "L.norm(x)", "T.norm(x)",
    "L.matrix_power(x, 2)", "L.matrix_power(x, -1)", "T.trace(x)", "T.cholesky_inverse(x)",
    "T.geqrf(x)", "T.svd(x)", "T.cholesky(x)", "L.vander(x)", "L.diagonal(x)",
]
BAD_INPUTS = {"int64": "T.eye(3, dtype=T.int64)", "int32": "T.eye(3, dtype=T.int32)",
              "float16": "T.eye(3, dtype=T.float16)", "bool": "T.eye(3, dtype=T.bool)",
              "1d": "T.ones(3)", "0d": "T.tensor(1.)", "non-square": "T.ones(2, 3)",
              "list": "[[1., 0.], [0., 1.]]"}
BAD_UNARY_CASES = [
    (f"{expr} {kind}", f"x = {value}; out = {expr}")
    for expr in UNARY_BAD for kind, value in BAD_INPUTS.items()
    if not (kind == "float16" and "matrix_exp" in expr)  # PyTorch's CPU half expm is wrong
    and not (kind == "non-square" and expr in ("L.svd(x)", "T.svd(x)"))  # signs of U, V
    and not (kind == "list" and expr == "T.norm(x)")  # PyTorch: an AttributeError
]
BINARY_BAD = [
    "L.solve(x, y)", "L.solve_ex(x, y)", "L.solve_triangular(x, y, upper=True)",
    "T.triangular_solve(y, x)", "T.cholesky_solve(y, x)", "L.lstsq(x, y)",
    "L.lu_solve(*L.lu_factor(x), y)", "T.matmul(x, y)", "T.mm(x, y)", "T.bmm(x, y)", "T.mv(x, y)",
    "T.dot(x, y)", "T.inner(x, y)", "T.outer(x, y)", "T.kron(x, y)", "L.cross(x, y)",
    "T.cross(x, y, dim=-1)", "L.vecdot(x, y)", "L.multi_dot([x, y])", "L.householder_product(x, y)",
    "L.tensorsolve(x, y)", "T.einsum('ij,jk', x, y)", "T.addmm(x, x, y)",
]
BAD_PAIRS = {
    "float32 float64": ("T.eye(3)", "T.ones(3, 3, dtype=T.float64)"),
    "float64 float32": ("T.eye(3, dtype=T.float64)", "T.ones(3, 3)"),
    "int64": ("T.eye(3, dtype=T.int64)", "T.ones(3, 3, dtype=T.int64)"),
    "float32 int64": ("T.eye(3)", "T.ones(3, 3, dtype=T.int64)"),
    "mismatched": ("T.eye(3)", "T.ones(2, 3)"), "vector rhs": ("T.eye(3)", "T.ones(3)"),
    "batched rhs": ("T.eye(3)", "T.ones(2, 3, 3)"), "vector lhs": ("T.ones(3)", "T.ones(3, 3)"),
    "bool": ("T.eye(3, dtype=T.bool)", "T.ones(3, 3, dtype=T.bool)"),
    "float16": ("T.eye(3, dtype=T.float16)", "T.ones(3, 3, dtype=T.float16)"),
    "3d": ("T.ones(3, 3, 3)", "T.ones(3, 3, 3)"),
}
BAD_BINARY_CASES = [
    (f"{expr} {kind}", f"x = {x}; y = {y}; out = {expr}")
    for expr in BINARY_BAD for kind, (x, y) in BAD_PAIRS.items()
]


@pytest.mark.parametrize("name,code", SINGULAR_CASES + BAD_UNARY_CASES + BAD_BINARY_CASES,
                         ids=_ids(SINGULAR_CASES + BAD_UNARY_CASES + BAD_BINARY_CASES))
def test_singular_and_bad_input(name: str, code: str) -> None:
    check(code, rtol=1e-5, atol=1e-6)


# -- solvers ---------------------------------------------------------------------------------------

SOLVE_EXPRS = [
    "L.solve(a, b)", "L.solve(a, b, left=False)", "L.solve_ex(a, b)", "L.solve(a.mT, b)",
    "L.solve_triangular(a, b, upper=True)", "L.solve_triangular(a, b, upper=False)",
    "L.solve_triangular(a, b, upper=True, unitriangular=True)",
    "L.solve_triangular(a, b, upper=False, left=False)", "T.triangular_solve(b, a)",
    "T.triangular_solve(b, a, upper=False)", "T.triangular_solve(b, a, transpose=True)",
    "T.triangular_solve(b, a, unitriangular=True)", "b.triangular_solve(a)",
    "T.cholesky_solve(b, L.cholesky(a @ a.mT))",
    "T.cholesky_solve(b, L.cholesky(a @ a.mT, upper=True), upper=True)",
    "L.lu_solve(*L.lu_factor(a), b)", "L.lu_solve(*L.lu_factor(a), b, left=False)",
    "L.lu_solve(*L.lu_factor(a), b, adjoint=True)", "T.lu_solve(b, *L.lu_factor(a))",
    "L.tensorsolve(a, b)",
]
SOLVE_SHAPES = [
    ((3, 3), (3, 2)), ((3, 3), (3,)), ((2, 3, 3), (3, 2)), ((2, 3, 3), (2, 3)), ((2, 3, 3), (3,)),
    ((3, 3), (2, 3, 2)), ((2, 1, 3, 3), (4, 3, 2)), ((0, 0), (0, 2)), ((3, 3), (3, 0)),
    ((0, 3, 3), (0, 3, 2)), ((2, 3, 3), (1, 3, 1)), ((3, 3), (4, 3)), ((2, 3, 3), (2, 3, 1)),
]
SOLVE_CASES = [
    (f"{expr} {sa} {sb}", grad2(f"A = r(*{sa}, seed=1) + 3 * np.eye({sa[-1]}); "
                                f"B = r(*{sb}, seed=2)",
                                expr, "res if isinstance(res, T.Tensor) else res[0]"))
    for sa, sb in SOLVE_SHAPES for expr in SOLVE_EXPRS
] + [
    (f"{expr} float32", grad2("A = r(2, 3, 3, seed=1, dtype='float32') + 3 * np.eye(3, "
                              "dtype='float32'); B = r(2, 3, 2, seed=2, dtype='float32')",
                              expr, "res if isinstance(res, T.Tensor) else res[0]"))
    for expr in SOLVE_EXPRS[::3]
] + [
    ("solve batch of vectors or matrices", "out = (L.solve(T.tensor(r(2, 3, 3)), "
                                           "T.tensor(r(3, 3))), L.solve(T.tensor(r(3, 3, 3)), "
                                           "T.tensor(r(3, 3))))"),
    ("solve_triangular upper is required", "out = L.solve_triangular(T.eye(3), T.ones(3, 1))"),
    ("solve_triangular vector rhs", "out = L.solve_triangular(T.eye(3), T.ones(3), upper=True)"),
    ("solve_triangular left=False mismatch", "out = L.solve_triangular(T.eye(3), T.ones(3, 2), "
                                             "upper=True, left=False)"),
    ("triangular_solve coefficient broadcast", "out = T.triangular_solve(T.ones(2, 3, 1), "
                                               "T.eye(3)).cloned_coefficient"),
    ("cholesky_solve broadcast", "out = T.cholesky_solve(T.ones(3, 2, 1), T.eye(2))"),
    ("cholesky_solve vector", "out = T.cholesky_solve(T.ones(2), T.eye(2))"),
    ("lu_solve broadcast", "LU, piv = L.lu_factor(T.eye(2) + 1); out = L.lu_solve(LU, piv, "
                           "T.ones(3, 2, 1))"),
    ("lu_solve int64 pivots", "LU, piv = L.lu_factor(T.eye(2) + 1); "
                              "out = L.lu_solve(LU, piv.long(), T.ones(2, 1))"),
    ("tensorsolve", "out = L.tensorsolve(T.tensor(r(2, 3, 6, seed=1)), T.tensor(r(2, 3, seed=2)))"),
    ("tensorsolve dims", "out = L.tensorsolve(T.tensor(r(6, 2, 3, seed=1)), "
                         "T.tensor(r(6, seed=2)), "
                         "dims=(0,))"),
    ("tensorsolve not square", "out = L.tensorsolve(T.tensor(r(2, 3, 5)), T.tensor(r(2, 3)))"),
    ("tensorinv", grad1("A = r(4, 6, 8, 3, seed=1)", "L.tensorinv(a, ind=2)")),
    ("tensorinv ind 1", grad1("A = r(6, 2, 3, seed=1)", "L.tensorinv(a, ind=1)")),
    ("tensorinv not square", "out = L.tensorinv(T.tensor(r(6, 2, 4)), ind=1)"),
    ("tensorinv ind 0", "out = L.tensorinv(T.tensor(r(6, 2, 3)), ind=0)"),
]

LSTSQ_SHAPES = [((5, 3), (5, 2)), ((3, 5), (3, 2)), ((5, 3), (5,)), ((2, 5, 3), (2, 5, 2)),
                ((2, 5, 3), (1, 5, 2)), ((2, 5, 3), (5, 2)), ((5, 3), (2, 5, 2)), ((0, 3), (0, 2)),
                ((5, 3), (4, 2)), ((2, 3, 3), (3,)), ((3, 3), (4, 3, 1))]
LSTSQ_CASES = [
    (f"lstsq {driver} {sa} {sb}{' rcond' if rcond else ''}",
     grad2(f"A = r(*{sa}, seed=1); B = r(*{sb}, seed=2)",
           f"L.lstsq(a, b, {'rcond=0.5, ' if rcond else ''}driver={driver})", "res.solution"))
    for sa, sb in LSTSQ_SHAPES
    for driver in ["None", "'gels'", "'gelsy'", "'gelsd'", "'gelss'", "'bad'"]
    for rcond in (False, True)
    if not (rcond and driver in ("None", "'gelsy'"))  # gelsy's rank is QR-pivoting based
] + [
    (f"lstsq rank-deficient {driver}", grad2("A = np.ones((4, 3)); B = r(4, 2)",
                                             f"L.lstsq(a, b, driver={driver})", "res.solution"))
    for driver in ["'gels'", "'gelsy'", "'gelsd'", "'gelss'"]
] + [
    ("lstsq float32", "out = L.lstsq(T.tensor(r(5, 3, dtype='float32')), "
                      "T.tensor(r(5, 2, seed=1, dtype='float32')), driver='gelsd')"),
    ("lstsq dtypes", "out = L.lstsq(T.tensor(r(5, 3, dtype='float32')), T.tensor(r(5, 2)))"),
    ("lstsq ints", "out = L.lstsq(T.ones(5, 3, dtype=T.int64), T.ones(5, 2, dtype=T.int64))"),
    ("lstsq 1d", "out = L.lstsq(T.ones(5), T.ones(5))"),
]


@pytest.mark.parametrize("name,code", SOLVE_CASES + LSTSQ_CASES,
                         ids=_ids(SOLVE_CASES + LSTSQ_CASES))
def test_solvers(name: str, code: str) -> None:
    f32 = "float32" in name
    check(code, rtol=1e-4 if f32 else 1e-7, atol=1e-5 if f32 else 1e-9)


# -- norms -----------------------------------------------------------------------------------------

ORDERS = ["2", "1", "3.5", "-1", "-2", "0.5", "float('inf')", "-float('inf')"]
NORM_SHAPES = [(5,), (3, 4), (2, 3, 4), (0,), (2, 0), ()]
NORM_DIMS = ["None", "0", "-1", "(0, 1)", "(-1, 0)", "()"]
VECTOR_NORM_CASES = [
    (f"{fn} {o} {shape} dim={dim} keepdim={kd}",
     grad1(f"A = r(*{shape}, seed=1)", f"{fn}(a, {o}, dim={dim}, keepdim={kd})"))
    for shape in NORM_SHAPES for o in ORDERS for dim in NORM_DIMS for kd in (False, True)
    for fn in ("L.vector_norm", "L.norm", "T.norm")
    if not (shape == (0,) and dim in ("(0, 1)", "(-1, 0)"))  # PyTorch checks emptiness first
] + [
    (f"order 0 {fn} {shape}", f"A = r(*{shape}, seed=1); A[..., 0] = 0; out = {fn}(T.tensor(A), 0)")
    for shape in [(5,), (3, 4)] for fn in ("L.vector_norm", "L.norm", "T.norm")
] + [
    (f"{fn} default {shape}", grad1(f"A = r(*{shape}, seed=1)", f"{fn}(a)"))
    for shape in NORM_SHAPES for fn in ("L.vector_norm", "L.norm", "T.norm")
] + [
    (f"Tensor.norm {shape}", grad1(f"A = r(*{shape}, seed=1)", "(a.norm(), a.norm(1))", "res[0]"))
    for shape in NORM_SHAPES
] + [
    (f"norm {o} {shape}{dim}", grad1(f"A = r(*{shape}, seed=1)", f"{fn}(a, {o}{dim})"))
    for shape in [(5,), (3, 4), (2, 3, 4)] for o in ["'fro'", "'nuc'"]
    for dim in ["", ", dim=(0, 1)", ", dim=0", ", dim=(0, 1, 2)"]
    for fn in ("L.norm", "T.norm")
] + [
    ("vector_norm int", "out = L.vector_norm(T.arange(4))"),
    ("vector_norm int with dtype", "out = L.vector_norm(T.arange(4), dtype=T.float64)"),
    ("vector_norm dtype widens", grad1("A = r(3, 4, dtype='float32')",
                                       "L.vector_norm(a, dtype=T.float64)")),
    ("vector_norm dtype narrows", "out = L.vector_norm(T.arange(4.), dtype=T.float16)"),
    ("vector_norm integer dtype", "out = L.vector_norm(T.arange(4.), dtype=T.int64)"),
    ("vector_norm string order", "out = L.vector_norm(T.arange(4.), 'fro')"),
    ("vector_norm inf over an empty dim", "out = (L.vector_norm(T.ones(0, 3), float('inf'), "
                                          "dim=1), L.vector_norm(T.ones(0, 3), float('inf'), "
                                          "dim=0))"),
    ("norm at zero", grad1("A = np.zeros(3)", "L.vector_norm(a)")),
    ("norm inf at zero", grad1("A = np.zeros(3)", "L.vector_norm(a, float('inf'))")),
    ("norm 0.5 at zero", grad1("A = np.zeros(3)", "L.vector_norm(a, 0.5)")),
    ("norm -1 at zero", grad1("A = np.zeros(3)", "L.vector_norm(a, -1)")),
    ("norm inf ties", grad1("A = np.array([1., -1., 0.5])", "L.vector_norm(a, float('inf'))")),
    ("linalg.norm 3 dims", "out = L.norm(T.ones(2, 2, 2), dim=(0, 1, 2))"),
    ("linalg.norm order on 3d", "out = L.norm(T.ones(2, 2, 2), 2)"),
    ("frobenius_norm", "out = (T.frobenius_norm(T.ones(2, 3)), T.frobenius_norm(T.ones(2, 3, 4), "
                       "dim=(0, 2)), T.frobenius_norm(T.ones(2, 3, 4), dim=(0, 2), keepdim=True))"),
    ("nuclear_norm", grad1("A = r(2, 3, 4)", "T.nuclear_norm(a, dim=(0, 2))")),
    ("nuclear_norm keepdim", grad1("A = r(3, 4)", "T.nuclear_norm(a, keepdim=True)")),
]
MATRIX_ORDERS = ["'fro'", "'nuc'", "2", "-2", "1", "-1", "float('inf')", "-float('inf')", "3"]
MATRIX_NORM_CASES = [
    (f"{fn} {o} {shape} dim={dim} keepdim={kd}",
     grad1(f"A = r(*{shape}, seed=1)", f"{fn}(a, {o}, dim={dim}, keepdim={kd})"))
    for shape in [(3, 4), (4, 3), (2, 3, 4), (0, 3), (2, 0, 0), (2, 3, 1, 4), (3,)]
    for o in MATRIX_ORDERS for dim in ["(-2, -1)", "(0, 1)", "(1, 0)", "(0, -1)", "(0, 0)", "(0,)"]
    for kd in (False, True) for fn in ("L.matrix_norm", "L.norm")
    if not (fn == "L.norm" and o in ("'fro'", "'nuc'") and 0 in shape)  # grads of nothing
] + [
    (f"matrix_norm {o} dtype", grad1("A = r(2, 3, 4, dtype='float32')",
                                     f"L.matrix_norm(a, {o}, dtype=T.float64)"))
    for o in MATRIX_ORDERS
] + [
    (f"linalg.norm {o} no dim {shape}", grad1(f"A = r(*{shape}, seed=1)", f"L.norm(a, {o})"))
    for o in MATRIX_ORDERS for shape in [(3, 4), (4,), (2, 3, 4)]
] + [
    ("matrix_norm int", "out = L.matrix_norm(T.ones(2, 2, dtype=T.int64))"),
    ("matrix_norm bad order", "out = L.matrix_norm(T.ones(2, 2), 'abc')"),
    ("matrix_norm 1 ties", grad1("A = np.ones((3, 3))", "L.matrix_norm(a, 1)")),
    ("matrix_norm inf ties", grad1("A = np.ones((3, 3))", "L.matrix_norm(a, float('inf'))")),
    ("matrix_norm fro at zero", grad1("A = np.zeros((3, 3))", "L.matrix_norm(a)")),
] + [
    (f"empty matrix_norm {o} {shape}", f"out = L.matrix_norm(T.zeros{shape}, {o})")
    for o in MATRIX_ORDERS for shape in [(0, 3), (3, 0), (0, 0), (2, 0, 3)]
] + [
    (f"empty cond {p} {shape}", f"out = L.cond(T.zeros{shape}, {p})")
    for p in ["None", "2", "-2", "'fro'", "'nuc'", "1", "float('inf')", "3"]
    for shape in [(0, 0), (3, 0, 0), (0, 3)]
]


@pytest.mark.parametrize("name,code", VECTOR_NORM_CASES + MATRIX_NORM_CASES,
                         ids=_ids(VECTOR_NORM_CASES + MATRIX_NORM_CASES))
def test_norms(name: str, code: str) -> None:
    f32 = "dtype" in name
    check(code, rtol=1e-6 if f32 else 1e-7, atol=1e-7 if f32 else 1e-9)


# -- matrix functions and small families ---------------------------------------------------------

MISC_CASES = [
    ("matrix_power ints", "out = (T.matrix_power(T.arange(4).reshape(2, 2), 3), "
                          "T.matrix_power(T.arange(4).reshape(2, 2), 0))"),
    ("matrix_power int inverse", "out = T.matrix_power(T.arange(4).reshape(2, 2), -1)"),
    ("matrix_power half", "out = T.matrix_power(T.eye(2, dtype=T.float16) * 2, 3)"),
    ("matrix_power bool", "out = (T.matrix_power(T.eye(2, dtype=T.bool), 0), "
                          "T.matrix_power(T.eye(2, dtype=T.bool), 2))"),
    ("matrix_power non-square", "out = T.matrix_power(T.ones(2, 3), 0)"),
    ("matrix_power 1d", "out = T.matrix_power(T.ones(2), 2)"),
    ("matrix_power float exponent", "out = T.matrix_power(T.eye(2), 2.0)"),
    ("matrix_exp nilpotent", grad1("A = np.triu(r(4, 4, seed=1), 1)", "L.matrix_exp(a)")),
    ("matrix_exp large", grad1("A = r(3, 3, seed=1) * 30", "L.matrix_exp(a)",
                               "res / res.abs().max().detach()")),
    ("matrix_exp ints", "out = T.matrix_exp(T.eye(2, dtype=T.int64))"),
    ("vander", grad1("A = r(4, seed=1)", "L.vander(a)")),
    ("vander N", grad1("A = r(2, 4, seed=1)", "L.vander(a, N=6)")),
    ("vander N=1", "out = L.vander(T.ones(3), N=1)"),
    ("vander N=0", "out = L.vander(T.ones(3), N=0)"),
    ("vander ints", "out = L.vander(T.arange(4))"),
    ("vander 0d", "out = L.vander(T.tensor(2.))"),
    ("vander bfloat16", "out = L.vander(T.ones(3, dtype=T.bfloat16))"),
    ("torch.vander", "A = r(4, seed=1); out = (T.vander(T.tensor(A)), "
                     "T.vander(T.tensor(A), N=3, increasing=True), T.vander(T.arange(4), N=3))"),
    ("householder_product tau too long", "out = L.householder_product(T.ones(3, 2), T.ones(3))"),
    ("householder_product wide", "out = L.householder_product(T.ones(2, 3), T.ones(1))"),
    ("householder_product dtypes", "out = L.householder_product(T.ones(3, 2), "
                                   "T.ones(1, dtype=T.float64))"),
    ("householder_product batch mismatch", "out = L.householder_product(T.ones(2, 3, 2), "
                                           "T.ones(3, 1))"),
    ("ormqr batch mismatch", "g, tau = T.geqrf(T.ones(2, 3, 3)); out = (T.ormqr(g, tau, "
                             "T.ones(1, 3, 2)))"),
    ("ormqr tau batch mismatch", "g, tau = T.geqrf(T.ones(2, 3, 3)); out = T.ormqr(g, tau[:1], "
                                 "T.ones(2, 3, 2))"),
    ("svd driver on cpu", "out = L.svd(T.eye(3), driver='gesvd')"),
    ("svdvals driver on cpu", "out = L.svdvals(T.eye(3), driver='gesvd')"),
    ("qr bad mode", "out = L.qr(T.eye(2), mode='full')"),
    ("qr complete tall is not differentiable", grad1("A = r(4, 3)", "L.qr(a, mode='complete')",
                                                     "res.R")),
    ("torch.svd compute_uv False", "out = T.svd(T.tensor(r(4, 3)), compute_uv=False)"),
    ("linalg names", "out = sorted(n for n in ['cholesky', 'cholesky_ex', 'cond', 'cross', 'det', "
                     "'diagonal', 'eigh', 'eigvalsh', 'householder_product', 'inv', 'inv_ex', "
                     "'ldl_factor', 'ldl_factor_ex', 'ldl_solve', 'lstsq', 'lu', 'lu_factor', "
                     "'lu_factor_ex', 'lu_solve', 'matmul', 'matrix_exp', 'matrix_norm', "
                     "'matrix_power', 'matrix_rank', 'multi_dot', 'norm', 'pinv', 'qr', "
                     "'slogdet', 'solve', 'solve_ex', 'solve_triangular', 'svd', 'svdvals', "
                     "'tensorinv', 'tensorsolve', 'vander', 'vecdot', 'vector_norm', "
                     "'LinAlgError'] if hasattr(L, n))"),
    ("LinAlgError is a RuntimeError", "out = issubclass(L.LinAlgError, RuntimeError)"),
]


@pytest.mark.parametrize("name,code", MISC_CASES, ids=_ids(MISC_CASES))
def test_matrix_functions(name: str, code: str) -> None:
    check(code, rtol=1e-6, atol=1e-9)


# -- where PyTorch's own gradient fails or is wrong: ours against finite differences ---------------

@pytest.mark.parametrize("p", ["fro", "nuc", 1, -1, math.inf, -math.inf, 2, -2, None])
def test_cond_gradient(p) -> None:
    """PyTorch's backward of ``cond`` for p other than 2 raises (it modifies a saved inverse
    in place); ours is the derivative of the value."""
    a = ag.tensor(r(2, 3, 3, seed=1), requires_grad=True)
    assert ag.autograd.gradcheck(lambda x: ag.linalg.cond(x, p), (a,))


def test_det_gradient_at_rank_n_minus_1_is_the_cofactor_matrix() -> None:
    """PyTorch returns 0 at an exactly singular matrix of rank n-1; the derivative of det
    there is the (nonzero) cofactor matrix, which is what tapegrad returns."""
    a = ag.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=ag.float64, requires_grad=True)
    ag.linalg.det(a).backward()
    np.testing.assert_allclose(a.grad.numpy(), [[4.0, -2.0], [-2.0, 1.0]], atol=1e-12)


def test_vander_gradient() -> None:
    """``torch.vander``'s backward raises in PyTorch (an in-place write to a saved tensor)."""
    x = ag.tensor(r(4, seed=1), requires_grad=True)
    assert ag.autograd.gradcheck(lambda v: ag.vander(v, N=3, increasing=True), (x,))


def test_svdvals_second_order() -> None:
    a = ag.tensor(r(3, 3, seed=1), requires_grad=True)
    assert ag.autograd.gradgradcheck(ag.linalg.svdvals, (a,))
