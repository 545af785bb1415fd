"""``out=`` (autograd.out): PyTorch's rules for writing a function's result into given
tensors, checked against PyTorch, and every registry op whose public function takes ``out=``
writes the same values it returns."""

from __future__ import annotations

import warnings
import zlib

import numpy as np
import pytest

import autograd as ag
from autograd import out as _out
from tests.conftest import torch_or_skip
from tests.opinfo import load_all

X = np.arange(6.0).reshape(2, 3) / 4 - 0.5


def _same(ours, theirs) -> None:
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-6)
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")


@pytest.mark.parametrize("call", [
    lambda m, x, o: m.add(x, x, out=o), lambda m, x, o: m.exp(x, out=o),
    lambda m, x, o: m.matmul(x, x.T, out=o), lambda m, x, o: m.sum(x, 1, out=o),
    lambda m, x, o: m.cat([x, x], out=o), lambda m, x, o: m.clamp(x, -0.2, 0.2, out=o),
    lambda m, x, o: m.where(x > 0, x, -x, out=o), lambda m, x, o: m.linalg.vector_norm(x, out=o),
    lambda m, x, o: m.special.erf(x, out=o), lambda m, x, o: m.zeros(2, 2, out=o),
    lambda m, x, o: m.arange(4, out=o), lambda m, x, o: m.cumsum(x, 0, out=o)],
    ids=["add", "exp", "matmul", "sum", "cat", "clamp", "where", "vector_norm", "erf", "zeros",
         "arange", "cumsum"])
def test_out_writes_returns_and_resizes_as_torch(call):
    torch = torch_or_skip()
    for fresh in ("same", "empty"):
        results = []
        for m in (ag, torch):
            x = m.tensor(X, dtype=m.float64)
            expected = call(m, x, None)
            o = m.empty(tuple(expected.shape) if fresh == "same" else (0,), dtype=m.float64)
            version = o._version
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # an empty out is resized without a warning
                got = call(m, x, o)
            assert got is o and o._version > version
            np.testing.assert_allclose(o.detach().numpy(), expected.detach().numpy())
            results.append(o)
        _same(*results)


def test_out_of_another_shape_is_resized_with_torch_warning():
    torch = torch_or_skip()
    for m in (ag, torch):
        o = m.zeros(5, dtype=m.float64)
        with pytest.warns(UserWarning, match="An output with one or more elements was resized"):
            m.add(m.ones(3, dtype=m.float64), 1, out=o)
        assert tuple(o.shape) == (3,) and o.tolist() == [2.0, 2.0, 2.0]


def test_out_casts_as_torch_allows():
    torch = torch_or_skip()
    for m in (ag, torch):
        o = m.empty(3, dtype=m.float64)
        m.add(m.ones(3), m.ones(3), out=o)  # float32 into float64: allowed
        assert o.dtype == m.float64 and o.tolist() == [2.0, 2.0, 2.0]
        with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired "
                                               "output type Long"):
            m.add(m.ones(3), m.ones(3), out=m.empty(3, dtype=m.int64))
        o = m.empty(2, dtype=m.int64)
        m.zeros(2, out=o)  # a factory makes its result in out's dtype
        assert o.dtype == m.int64


def test_out_refuses_autograd_as_torch():
    torch = torch_or_skip()
    for m in (ag, torch):
        w = m.ones(3, requires_grad=True)
        with pytest.raises(RuntimeError, match="functions with out=... arguments don't support "
                                               "automatic differentiation"):
            m.mul(w, 2, out=m.empty(3))
        with m.no_grad():
            o = m.empty(3)
            m.mul(w, 2, out=o)
        assert o.tolist() == [2.0, 2.0, 2.0] and not o.requires_grad


def test_tuple_results_fill_a_tuple_out_as_torch():
    torch = torch_or_skip()
    got = []
    for m in (ag, torch):
        x = m.tensor(X, dtype=m.float32)
        values, indices = m.empty(2), m.empty(2, dtype=m.int64)
        r = m.max(x, 1, out=(values, indices))
        assert r.values is values and r.indices is indices and r[0] is values
        s = m.sort(x, 1, descending=True, out=(m.empty(2, 3), m.empty(2, 3, dtype=m.int64)))
        got.append((values.tolist(), indices.tolist(), s.values.tolist(), s.indices.tolist()))
    assert got[0] == got[1]
    with pytest.raises(TypeError, match="must be tuple of 2 Tensors"):
        ag.max(ag.tensor(X), 1, out=ag.empty(2))


@pytest.mark.cuda
def test_out_on_another_device_is_refused():
    if "cuda" not in ag.testing.available_devices():
        pytest.skip("needs CUDA (or the CuPy double)")
    with pytest.raises(RuntimeError, match="Expected out tensor to have device cuda"):
        ag.add(ag.ones(3, device="cuda"), 1, out=ag.empty(3))


def test_functions_without_out_still_refuse_it():
    with pytest.raises(TypeError, match="unexpected keyword argument 'out'"):
        ag.tensor_split(ag.ones(4), 2, out=None)  # PyTorch's tensor_split takes no out


OUTABLE = [o for o in load_all() if o.name in _out.TOP and getattr(ag, o.name, None) is o.op]


@pytest.mark.parametrize("info", OUTABLE, ids=[o.name for o in OUTABLE])
def test_every_registry_op_that_takes_out_writes_what_it_returns(info, device):
    samples = list(info.samples(np.random.default_rng(zlib.crc32(info.name.encode()))))
    for sample in samples[:2]:
        args = [ag.tensor(a, device=device) if isinstance(a, np.ndarray) else a
                for a in sample.args]
        if info.nondeterministic:
            continue
        expected = info.op(*args, **sample.kwargs)
        if isinstance(expected, ag.Tensor):
            out = ag.empty(tuple(expected.shape), dtype=expected.dtype, device=device)
            got = info.op(*args, **sample.kwargs, out=out)
            assert got is out
            np.testing.assert_array_equal(out.cpu().numpy(), expected.cpu().numpy())
        elif isinstance(expected, tuple) and all(isinstance(e, ag.Tensor) for e in expected):
            outs = tuple(ag.empty(tuple(e.shape), dtype=e.dtype, device=device)
                         for e in expected)
            got = info.op(*args, **sample.kwargs, out=outs)
            for o, e in zip(outs, expected):
                np.testing.assert_array_equal(o.cpu().numpy(), e.cpu().numpy())
