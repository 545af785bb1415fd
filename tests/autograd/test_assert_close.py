"""autograd.testing.assert_close: PyTorch's semantics, tolerances and messages."""

from __future__ import annotations

import re

import numpy as np
import pytest

import autograd as ag
from autograd.testing import assert_close, default_tolerances
from tests.conftest import torch_or_skip


def _message(fn) -> tuple[type, str]:
    try:
        fn()
    except (AssertionError, TypeError, ValueError) as e:
        return type(e), str(e)
    raise AssertionError("no error raised")


def _ours(torch_message: str) -> str:
    """PyTorch's message as ours reads: shapes are tuples, dtypes have no torch. prefix."""
    def shape(m: re.Match) -> str:
        return repr(tuple(int(v) for v in m.group(1).split(",") if v.strip()))

    return re.sub(r"torch\.Size\(\[(.*?)\]\)", shape, torch_message).replace("torch.", "")


# Each case builds the same values with ``ag`` and with ``torch``: the messages must match.
CASES = [
    ("values", lambda t: (t.tensor([1., 2., 3.]), t.tensor([1., 2.1, 3.])), {}),
    ("float64", lambda t: (t.tensor([1., 2., 3.], dtype=t.float64),
                           t.tensor([1., 2.1, 3.], dtype=t.float64)), {}),
    ("2d index", lambda t: (t.tensor([[1., 2.], [3., 4.]]), t.tensor([[1., 2.], [3., 5.]])), {}),
    ("zero-dim", lambda t: (t.tensor(1.), t.tensor(2.)), {}),
    ("nan", lambda t: (t.tensor([float("nan"), 1.]), t.tensor([1., 1.])), {}),
    ("inf", lambda t: (t.tensor([float("inf"), 1.]), t.tensor([1., 1.])), {}),
    ("zero expected", lambda t: (t.tensor([1., 5.]), t.tensor([0., 4.])), {}),
    ("integers", lambda t: (t.tensor([1, 2]), t.tensor([1, 3])), {}),
    ("bools", lambda t: (t.tensor([True, False]), t.tensor([True, True])), {}),
    ("exact", lambda t: (t.tensor([1., 2., 3.]), t.tensor([1., 2.1, 3.])),
     {"rtol": 0, "atol": 0}),
    ("promoted", lambda t: (t.tensor([1, 2], dtype=t.int32), t.tensor([1., 2.5])),
     {"check_dtype": False}),
    ("shape", lambda t: (t.zeros(2), t.zeros(3)), {}),
    ("sequence item", lambda t: ([t.tensor(1.), t.tensor([1., 2.])],
                                 [t.tensor(1.), t.tensor([1., 2.5])]), {}),
    ("mapping item", lambda t: ({"a": t.tensor(1.)}, {"a": t.tensor(2.)}), {}),
    ("scalars", lambda t: (1.0, 1.1), {}),
    ("int scalars", lambda t: (1, 2), {}),
    ("nested", lambda t: ([[1.0, [2.0]]], [[1.0, [2.5]]]), {}),
    ("number types", lambda t: (1, 1.0), {}),
    ("booleans", lambda t: (True, False), {}),
    ("lengths", lambda t: ([1.0, 2.0], [1.0]), {}),
    ("one tolerance", lambda t: (t.zeros(2), t.zeros(2)), {"rtol": 1e-3}),
    ("callable msg", lambda t: (t.tensor([1., 2.]), t.tensor([1., 3.])),
     {"msg": lambda m: "prefix: " + m}),
    ("string msg", lambda t: (t.tensor([1., 2.]), t.tensor([1., 3.])), {"msg": "custom"}),
]


@pytest.mark.parametrize("name,make,kwargs", CASES, ids=[c[0] for c in CASES])
def test_mismatch_message_is_pytorchs(name, make, kwargs) -> None:
    torch = torch_or_skip()
    ours = _message(lambda: assert_close(*make(ag), **kwargs))
    theirs = _message(lambda: torch.testing.assert_close(*make(torch), **kwargs))
    assert ours[0] is theirs[0]
    assert ours[1] == _ours(theirs[1])


def test_dtype_mismatch_names_both_dtypes() -> None:
    with pytest.raises(AssertionError, match=r"attribute 'dtype' do not match: float32 != "
                                             r"float64"):
        assert_close(ag.zeros(2), ag.zeros(2, dtype=ag.float64))
    assert_close(ag.zeros(2), ag.zeros(2, dtype=ag.float64), check_dtype=False)


def test_tensor_against_array_is_a_type_error_as_in_pytorch() -> None:
    with pytest.raises(TypeError, match="No comparison pair .*Tensor.*ndarray"):
        assert_close(ag.tensor([1.0]), np.array([1.0]))


def test_arrays_and_nested_sequences_are_compared() -> None:
    assert_close(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]))
    assert_close([ag.tensor([1.0]), (2, 3.0)], [ag.tensor([1.0]), [2, 3.0]])
    with pytest.raises(AssertionError, match=r"Mismatched elements: 1 / 4 \(25.0%\)"):
        assert_close(np.arange(4.0), np.array([0.0, 1.0, 2.0, 3.5]))
    with pytest.raises(AssertionError, match=r"item \[1\]\[0\]"):
        assert_close([1.0, [2.0]], [1.0, [2.5]])


def test_default_tolerances_follow_the_dtype() -> None:
    assert default_tolerances(np.float16) == (1e-3, 1e-5)
    assert default_tolerances(np.float32) == (1.3e-6, 1e-5)
    assert default_tolerances(np.float64) == (1e-7, 1e-7)
    assert default_tolerances(np.int64, np.float32) == (1.3e-6, 1e-5)
    assert default_tolerances(np.int64) == (0.0, 0.0)
    # float32: 1e-5 + 1.3e-6 * 1 is allowed, twice that is not
    assert_close(ag.tensor([1.0]), ag.tensor([1.0 + 1.1e-5]))
    with pytest.raises(AssertionError, match="not close"):
        assert_close(ag.tensor([1.0]), ag.tensor([1.0 + 3e-5]))
    with pytest.raises(AssertionError, match="not close"):
        assert_close(ag.tensor([1.0], dtype=ag.float64), ag.tensor([1.0 + 1.1e-5],
                                                                   dtype=ag.float64))


def test_nan_and_inf() -> None:
    nan = ag.tensor([float("nan"), 1.0])
    assert_close(nan, ag.tensor([float("nan"), 1.0]), equal_nan=True)
    with pytest.raises(AssertionError, match="Greatest absolute difference: nan at index"):
        assert_close(nan, ag.tensor([float("nan"), 1.0]))
    assert_close(ag.tensor([float("inf")]), ag.tensor([float("inf")]))
    with pytest.raises(AssertionError, match="inf"):
        assert_close(ag.tensor([float("inf")]), ag.tensor([-float("inf")]))


def test_device_mismatch(device) -> None:
    x = ag.ones(2, device=device)
    assert_close(x, ag.ones(2, device=device))
    if device != "cpu":
        with pytest.raises(AssertionError, match=f"attribute 'device' do not match: {device}"):
            assert_close(x, ag.ones(2))
        assert_close(x, ag.ones(2), check_device=False)


def test_requires_grad_tensors_are_compared_by_value() -> None:
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    assert_close(x * 2, ag.tensor([2.0, 4.0]))
