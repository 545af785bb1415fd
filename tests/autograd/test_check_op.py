"""autograd.testing.check_op: the whole battery on one op, a report, one AssertionError.

The five planted bugs (wrong sign, missing factor, transposed gradient, input modified in
place, non-reentrant backward) are each caught with a message that names the bug.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import autograd as ag
from autograd.testing import Sample, check_op, runner
from tests.conftest import ROOT, torch_or_skip

RNG = np.random.default_rng(7)
X = RNG.uniform(-2, 2, (3, 4))


class Sinh(ag.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.xp.sinh(x)

    @staticmethod
    def backward(ctx, gy):
        # d sinh(x) / dx = cosh(x) = (e^x + e^-x) / 2
        (x,) = ctx.saved_tensors
        return gy * (ctx.xp.exp(x) + ctx.xp.exp(-x)) / 2


class WrongSign(Sinh):
    @staticmethod
    def backward(ctx, gy):
        # d sinh(x) / dx = cosh(x) (sign flipped on purpose)
        (x,) = ctx.saved_tensors
        return -gy * (ctx.xp.exp(x) + ctx.xp.exp(-x)) / 2


class MissingFactor(ag.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, gy):
        # d x^2 / dx = 2x (the 2 left out on purpose)
        (x,) = ctx.saved_tensors
        return gy * x


class TransposedGradient(ag.Function):
    @staticmethod
    def forward(ctx, a, x):
        ctx.save_for_backward(a, x)
        return a @ x

    @staticmethod
    def backward(ctx, gy):
        # d(Ax)/dA = gy x^T, d(Ax)/dx = A^T gy (A instead of A^T on purpose)
        a, x = ctx.saved_tensors
        return gy[:, None] * x[None, :], a @ gy


class ModifiesInput(ag.Function):
    @staticmethod
    def forward(ctx, x):
        x *= 2.0  # writes into the caller's tensor on purpose
        return x * 1.0

    @staticmethod
    def backward(ctx, gy):
        # d 2x / dx = 2
        return gy * 2.0


class NonReentrant(ag.Function):
    calls = 0

    @staticmethod
    def forward(ctx, x):
        return x * 3.0

    @staticmethod
    def backward(ctx, gy):
        # d 3x / dx = 3 (plus a drift that grows with every call, on purpose)
        NonReentrant.calls += 1
        return gy * (3.0 + 1e-3 * NonReentrant.calls)


PLANTED = [
    (WrongSign, (X,), "gradcheck (float64)", "a wrong sign"),
    (MissingFactor, (X,), "gradcheck (float64)", "a missing factor of 2 in backward"),
    (TransposedGradient, ((RNG.uniform(-2, 2, (3, 3)), RNG.uniform(-2, 2, 3)),),
     "gradcheck (float64)", "a transposed gradient"),
    (ModifiesInput, (X,), "inputs not modified", "forward modified input 0 in place"),
    (NonReentrant, (X,), "backward run twice", "backward is not reentrant"),
]


@pytest.mark.parametrize("fn,samples,check,words", PLANTED, ids=[p[0].__name__ for p in PLANTED])
def test_each_planted_bug_is_caught_and_named(fn, samples, check, words) -> None:
    with pytest.raises(AssertionError) as info:
        check_op(fn, *samples)
    msg = str(info.value)
    headline = msg.splitlines()[0]
    assert headline.startswith(f"check_op({fn.__name__}) failed: ")
    assert check in headline
    assert words in msg
    report = check_op(fn, *samples, raise_exception=False)
    assert not report.passed
    assert any(r.title == check and words in r.detail for r in report.failures)


def test_a_correct_op_passes_every_applicable_check() -> None:
    report = check_op(Sinh, X, (RNG.uniform(-2, 2, 5),), reference=np.sinh)
    assert report.passed
    statuses = {}
    for r in report.results:
        statuses.setdefault(r.title, set()).add(r.status)
    for title in ("forward vs NumPy reference", "gradcheck (float64)",
                  "gradgradcheck (float64)", "backward run twice", "inputs not modified",
                  "lower precision vs float64", "non-contiguous inputs", "zero-size inputs"):
        assert statuses[title] == {"passed"}, title
    assert statuses["integer inputs get no gradient"] == {"skipped"}
    skipped = {r.title: r.detail for r in report.results if r.status == "skipped"}
    assert skipped["integer inputs get no gradient"] == "no integer or bool input in the sample"
    assert skipped["forward vs PyTorch"] == "no PyTorch reference"
    text = str(report)
    assert text.startswith("check_op(Sinh): 2 sample(s), all checks passed")
    assert "check" in text.splitlines()[2] and "status" in text.splitlines()[2]


def test_a_wrong_reference_fails_the_forward_check_with_pytorchs_message() -> None:
    with pytest.raises(AssertionError, match=r"forward vs NumPy reference(.|\n)*Mismatched "
                                             r"elements: 12 / 12 \(100.0%\)"):
        check_op(ag.tanh, X, reference=np.sinh)


def test_a_pytorch_reference_by_name() -> None:
    torch_or_skip()
    report = check_op(ag.tanh, X, reference="torch.tanh")
    titles = {r.title: r.status for r in report.results}
    assert titles["forward vs PyTorch"] == "passed"
    assert titles["gradient vs PyTorch"] == "passed"
    with pytest.raises(AssertionError, match="forward vs PyTorch"):
        check_op(ag.tanh, X, reference="torch.sinh")


def test_without_pytorch_its_checks_are_skipped_with_the_reason(monkeypatch) -> None:
    monkeypatch.setattr(runner, "_import_torch", lambda: None)
    report = check_op(ag.tanh, X, reference="torch.tanh")
    reasons = {r.title: r.detail for r in report.results if r.status == "skipped"}
    assert reasons["forward vs PyTorch"] == "PyTorch is not installed"


def test_order_selects_the_gradient_checks() -> None:
    report = check_op(MissingFactor, X, order=0)  # the wrong gradient is not looked at
    assert report.passed
    reasons = {r.title: r.detail for r in report.results if r.status == "skipped"}
    assert reasons["gradcheck (float64)"] == "the op is not differentiable (order=0)"
    report = check_op(Sinh, X, order=1)
    reasons = {r.title: r.detail for r in report.results if r.status == "skipped"}
    assert reasons["gradgradcheck (float64)"] == "second derivatives not asked for (order=1)"


def test_dtypes_and_devices() -> None:
    report = check_op(Sinh, X, dtypes=[ag.float64], devices=["cpu"])
    reasons = {r.title: r.detail for r in report.results if r.status == "skipped"}
    assert reasons["lower precision vs float64"] == "no dtype below float64 in dtypes"
    assert reasons["devices agree"].startswith("only one device (cpu)")
    report = check_op(Sinh, X, dtypes=[ag.float16, ag.float32, ag.float64])
    runs = [r.where for r in report.results if r.title == "lower precision vs float64"]
    assert runs[:2] == ["on cpu in float16", "on cpu in float32"]


def test_a_float32_result_in_the_wrong_dtype_is_caught() -> None:
    with pytest.raises(AssertionError, match="float32 in, float64 out"):
        check_op(lambda x: x.double().exp(), X)


def test_a_layout_dependent_forward_is_caught() -> None:
    class Flatten(ag.Function):
        @staticmethod
        def forward(ctx, x):
            return x.ravel(order="K").reshape(x.shape) * 2.0  # reads memory order on purpose

        @staticmethod
        def backward(ctx, gy):
            # d 2x / dx = 2
            return gy * 2.0

    with pytest.raises(AssertionError, match="non-contiguous inputs give a different result"):
        check_op(Flatten, X, order=1)


def test_integer_inputs_get_no_gradient() -> None:
    index = np.array([2, 0, 2])
    report = check_op(lambda a, i: a[i], Sample((X, index)), reference=lambda a, i: a[i])
    assert report.passed
    assert {r.status for r in report.results if r.check == "integer_inputs"} == {"passed"}


def test_a_zero_size_variant_the_op_refuses_is_skipped_with_the_error() -> None:
    a, b = RNG.uniform(-1, 1, (3, 4)), RNG.uniform(-1, 1, (4, 2))
    report = check_op(lambda p, q: p.T @ q.T, (a.T.copy(), b.T.copy()))
    zeros = [r for r in report.results if r.check == "zero_size"]  # one per device
    assert zeros and all(z.status == "skipped" and "refuses the zero-size variant" in z.detail
                         for z in zeros)


def test_kwargs_and_tuple_outputs() -> None:
    report = check_op(ag.max, Sample((X,), {"dim": 1}), output_index=0,
                      reference=lambda x, dim: x.max(axis=dim))
    assert report.passed


def test_bad_input_gets_a_clear_error() -> None:
    with pytest.raises(ValueError, match="check_op needs at least one sample input"):
        check_op(ag.tanh)
    with pytest.raises(ValueError, match="order must be 0, 1 or 2, got 3"):
        check_op(ag.tanh, X, order=3)
    with pytest.raises(AssertionError, match="returns a Tensor(.|\n)*fn returned NoneType"):
        check_op(lambda x: None, X)
    with pytest.raises(AssertionError, match="the output is int64, which has no gradient, but "
                                             "gradients were asked for: pass order=0"):
        check_op(lambda x: x.argmax(dim=0), X)
    assert check_op(lambda x: x.argmax(dim=0), X, order=0,
                    reference=lambda x: x.argmax(axis=0)).passed


def test_an_op_that_raises_fails_its_checks_with_the_error() -> None:
    def broken(x):
        raise RuntimeError("broken op")

    with pytest.raises(AssertionError, match=r"broken\(float64\[3, 4\]\) on cpu: "
                                             r"RuntimeError: broken op"):
        check_op(broken, X)


def test_tensor_samples_are_accepted() -> None:
    x = ag.tensor(X, dtype=ag.float32)
    assert check_op(Sinh, x, reference=np.sinh).passed


def test_checks_still_fail_under_python_dash_o() -> None:
    """The checks raise AssertionError themselves: ``python -O`` strips assert statements."""
    code = ("import numpy as np, autograd as ag\n"
            "try:\n"
            "    ag.testing.check_op(lambda x: x.double().exp(), np.ones(3))\n"
            "except AssertionError as e:\n"
            "    print('caught:', 'float32 in, float64 out' in str(e))\n")
    out = subprocess.run([sys.executable, "-O", "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "caught: True"
