"""Error paths: PyTorch's exception types, with messages that name the op and what is wrong."""

from __future__ import annotations

import numpy as np
import pytest

import autograd as ag
import backends


def leaf(values, dtype=None):
    return ag.tensor(values, dtype=dtype, requires_grad=True)


@pytest.mark.parametrize("op,name", [
    (lambda a, b: a + b, "Add"),
    (lambda a, b: a - b, "Sub"),
    (lambda a, b: a * b, "Mul"),
    (lambda a, b: a / b, "Div"),
    (lambda a, b: ag.maximum(a, b), "Maximum"),
])
def test_binary_shape_mismatch_is_runtime_error_naming_op_and_shapes(op, name):
    a = ag.ones(2, 3)
    b = ag.ones(4)
    with pytest.raises(RuntimeError) as info:
        op(a, b)
    msg = str(info.value)
    assert "[2, 3]" in msg and "[4]" in msg
    assert name in msg


def test_shape_mismatch_names_op_when_recording():
    with pytest.raises(RuntimeError, match=r"Mul.*\[3\].*\[2\]"):
        leaf([1.0, 2.0, 3.0]) * ag.ones(2)


def test_integer_tensor_cannot_require_grad():
    with pytest.raises(RuntimeError, match="floating point"):
        ag.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="floating point"):
        ag.tensor([1, 2]).requires_grad_()
    with pytest.raises(RuntimeError, match="floating point"):
        ag.tensor([True]).requires_grad_()


def test_requires_grad_false_on_non_leaf_raises():
    y = leaf([1.0]) * 2
    with pytest.raises(RuntimeError, match="leaf variables"):
        y.requires_grad_(False)


def test_mixed_devices_name_both():
    if backends.cuda.why_unavailable() is not None:
        pytest.skip(f"cuda unavailable: {backends.cuda.why_unavailable()}")
    a = ag.ones(2)
    b = ag.ones(2, device="cuda")
    with pytest.raises(RuntimeError) as info:
        a + b
    msg = str(info.value)
    assert "cpu" in msg and "cuda" in msg and "Add" in msg


def test_backward_of_non_scalar_without_gradient():
    with pytest.raises(RuntimeError, match=r"scalar outputs.*\(2, 2\)"):
        (leaf([[1.0, 2.0], [3.0, 4.0]]) * 2).backward()


def test_second_backward_through_freed_graph():
    x = leaf([1.0, 2.0])
    y = (x.exp() * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        ag.grad(y, x)


def test_saved_tensor_modified_in_place():
    x = leaf([1.0, 2.0])
    a = x * 1
    b = a.sin()  # Sin saves a
    a.mul_(3.0)
    with pytest.raises(RuntimeError) as info:
        b.sum().backward()
    msg = str(info.value)
    assert "modified by an inplace operation" in msg and "Sin" in msg
    assert "version 1" in msg and "version 0" in msg


def test_saved_input_modified_in_place_names_mul():
    x = leaf([1.0, 2.0])
    a = x + 0
    b = a * x  # Mul saves a
    a.add_(1.0)
    with pytest.raises(RuntimeError, match=r"modified by an inplace operation.*saved by Mul"):
        b.sum().backward()


def test_inplace_on_saved_output_raises():
    x = leaf([1.0, 2.0])
    y = x.exp()  # Exp saves its output
    y.mul_(2.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation.*Exp"):
        y.sum().backward()


def test_in_place_on_leaf_requiring_grad():
    x = leaf([1.0, 2.0])
    with pytest.raises(RuntimeError, match=r"leaf Variable that requires grad.*\[2\]"):
        x.add_(1.0)


def test_gradient_argument_errors():
    y = leaf([1.0, 2.0]) * 2
    with pytest.raises(RuntimeError, match=r"Mismatch in shape.*\(2, 1\).*\(2,\)"):
        y.backward(ag.ones(2, 1))
    with pytest.raises(TypeError, match="gradient must be a Tensor"):
        y.backward([1.0, 1.0])


def test_root_without_grad():
    y = ag.tensor([1.0, 2.0]).sum()
    with pytest.raises(RuntimeError, match="does not require grad and does not have a grad_fn"):
        y.backward()


def test_grad_of_input_not_requiring_grad():
    x = leaf([1.0])
    c = ag.tensor([1.0])
    with pytest.raises(RuntimeError, match="does not require grad"):
        ag.grad((x * c).sum(), [x, c])


def test_hook_on_tensor_without_grad():
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        ag.tensor([1.0]).register_hook(lambda g: g)


def test_hook_changing_shape():
    x = leaf([1.0, 2.0])
    x.register_hook(lambda g: g.sum())
    with pytest.raises(RuntimeError, match="shape"):
        (x * 2).sum().backward()


def test_numpy_of_tensor_requiring_grad():
    with pytest.raises(RuntimeError, match="detach"):
        leaf([1.0]).numpy()


def test_item_of_many_elements():
    with pytest.raises(RuntimeError, match="2 elements"):
        ag.ones(2).item()


def _sqrt_forward_site(x):
    return x.sqrt()


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_detect_anomaly_names_op_and_forward_trace():
    x = leaf([0.0, 4.0])
    with ag.detect_anomaly():
        y = _sqrt_forward_site(x * 2)  # the inf then flows on through Mul's backward
        with pytest.raises(RuntimeError) as info:
            y.sum().backward()
    msg = str(info.value)
    first = msg.splitlines()[0]
    assert "'SqrtBackward0'" in first and "nan or inf" in first
    assert "_sqrt_forward_site" in msg  # the forward's stack is part of the message


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_detect_anomaly_log_zero_as_decorator():
    @ag.detect_anomaly()
    def run():
        x = leaf([0.0, 1.0])
        (x.log() * 0 + x).sum().backward()

    with pytest.raises(RuntimeError, match="Log"):
        run()


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_without_anomaly_mode_nan_passes_silently():
    x = leaf([0.0, 4.0])
    x.sqrt().sum().backward()
    assert np.isinf(x.grad.numpy()[0])


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_detect_anomaly_names_inputs_shapes_and_dtypes():
    x = ag.tensor([[0.0, 1.0, 4.0]], dtype=ag.float64, requires_grad=True)
    w = ag.ones(2, 1, dtype=ag.float64)
    with ag.detect_anomaly():
        y = _sqrt_forward_site(x * w)  # Sqrt sees a (2, 3) float64 input; its grad at 0 is inf
        with pytest.raises(RuntimeError) as info:
            y.sum().backward()
    msg = str(info.value)
    assert "'SqrtBackward0'" in msg.splitlines()[0]
    assert "(inf;" in msg.splitlines()[0]  # the kind of non-finite value, not only "nan or inf"
    assert "input 0: Tensor of shape (2, 3), dtype float64" in msg
    assert "_sqrt_forward_site" in msg.split("Traceback of the forward call")[1]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_detect_anomaly_reports_the_first_op_in_backward_order():
    # Mul runs first in backward: the gradient it returns for z is log(x) = -inf at x = 0, so
    # Mul is named, although Log's backward (1/x) would also give inf later.
    x = ag.tensor([0.0, 1.0], dtype=ag.float64, requires_grad=True)
    z = ag.tensor([0.0, 1.0], dtype=ag.float64, requires_grad=True)
    with ag.detect_anomaly():
        y = x.log() * z
        with pytest.raises(RuntimeError) as info:
            y.sum().backward()
    first = str(info.value).splitlines()[0]
    assert "'MulBackward0'" in first and "1th output" in first
    assert "input 1: Tensor of shape (2,), dtype float64, device cpu, requires_grad" in str(
        info.value)


def test_detect_anomaly_records_nothing_when_off():
    x = ag.tensor([1.0], requires_grad=True)
    y = x * 2
    assert y.grad_fn.forward_inputs is None and y.grad_fn.forward_trace is None


@pytest.mark.parametrize("call,exc,match", [
    (lambda: ag.eye(-1), RuntimeError, "eye: n must be greater or equal to 0, got -1"),
    (lambda: ag.eye(2, -3), RuntimeError, "eye: m must be greater or equal to 0, got -3"),
    (lambda: ag.from_numpy(np.arange(3, dtype=">f4")), ValueError, "from_numpy: .*byte order"),
    (lambda: ag.as_tensor(np.arange(3, dtype=">i4")), ValueError, "as_tensor: .*byte order"),
    (lambda: ag.tensor(np.arange(3, dtype=">i8")), ValueError, "tensor: .*byte order"),
    (lambda: ag.tensor([["a"]]), ValueError, "tensor: too many dimensions 'str'"),
    (lambda: ag.zeros(3).index_put_((ag.tensor([0]),), ag.tensor([1], dtype=ag.int64)),
     RuntimeError, "index_put_: expected self and values to have the same dtype, but got float32 "
     "and int64"),
    (lambda: ag.zeros(3).index_put((ag.tensor([0]),), ag.tensor([1.0], dtype=ag.float64)),
     RuntimeError, "index_put: expected self and values to have the same dtype"),
    (lambda: ag.zeros(4).reshape(-2, 2), RuntimeError, r"reshape: invalid shape dimension -2"),
    (lambda: ag.zeros(4).view(2, -3), RuntimeError, r"view: invalid shape dimension -3 at index 1"),
    (lambda: ag.ones(3).mT, RuntimeError, "tensor.mT is only supported on matrices"),
    (lambda: ag.ones(3).mH, RuntimeError, "tensor.mH is only supported on matrices"),
    (lambda: ag.ones(2, 2).flip(0, 0), RuntimeError, "flip: dims .* more than once"),
    (lambda: ag.zeros(3).index_add_(0, ag.tensor([0]), ag.ones(1, dtype=ag.float64)),
     RuntimeError, r"index_add_\(\): expected self and source to have the same dtype"),
    (lambda: ag.linspace(0, 1, 3, dtype=ag.bool), NotImplementedError, "linspace: .*bool"),
    (lambda: ag.take_along_dim(ag.ones(2), ag.tensor([0], dtype=ag.int32), 0), RuntimeError,
     r"take_along_dim\(\): dtype of indices should be Long but got int32"),
    (lambda: ag.searchsorted(ag.tensor(3), ag.tensor([2])), RuntimeError,
     "searchsorted.*positive dimension"),
    (lambda: ag.searchsorted(ag.tensor([1, 2]), ag.tensor([2]), sorter=ag.tensor([0])),
     RuntimeError, r"searchsorted.*same size.*\[2\].*\[1\]"),
    (lambda: ag.searchsorted(ag.tensor([1, 2]), ag.tensor([2]), sorter=ag.tensor([0, 2])),
     RuntimeError, "searchsorted.*sorter index out of range"),
    (lambda: ag.unique(ag.zeros(2, 0), dim=0), RuntimeError,
     r"unique: There are 0 sized dimensions.*\[2, 0\]"),
])
def test_creation_shape_index_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
