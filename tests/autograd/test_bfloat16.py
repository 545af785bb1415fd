"""bfloat16 (``ag.bfloat16``, on ``ml_dtypes``): every registry op with a PyTorch reference,
its floating arguments in bfloat16, gives PyTorch's dtype, values and gradients (to
bfloat16's precision), or the same exception type; and the dtype's own rules."""

from __future__ import annotations

import zlib
from fnmatch import fnmatch

import numpy as np
import pytest

import autograd as ag
import nn
from nn import functional as F
from tests.conftest import torch_or_skip
from tests.fuzz_torch import Spec, compare
from tests.opinfo import load_all

OPS = [o for o in load_all() if o.torch_ref is not None and not o.nondeterministic]

# op pattern -> (the difference the comparison reports, why it is accepted)
EXPECTED = {
    "cross_entropy_smoothing_*": (
        "PyTorch raised RuntimeError: expected scalar type BFloat16 but found Double",
        "the sample's class weights stay float64: PyTorch refuses the mix, tapegrad promotes"),
    "batch_norm_eval": (
        "PyTorch raised RuntimeError: expected scalar type BFloat16 but found Double",
        "the sample's running statistics stay float64 (as above)"),
    "logcumsumexp_large": (
        "gradient of argument 0 differs",
        "PyTorch's bfloat16 backward rounds its intermediates (3.95 where float64 gives 4.0); "
        "tapegrad's is float64's answer rounded once"),
    "special.i1*": ("backward: tapegrad None, PyTorch NotImplementedError",
                    "PyTorch has no bfloat16 kernel for i1's and i1e's backward; tapegrad "
                    "computes it in float32 as every other op"),
    "histc": ("values differ",
              "PyTorch computes bin positions in bfloat16, tapegrad in float32: a value on a "
              "bin edge may fall on the other side"),
}


def _expected(name: str, problem: str) -> bool:
    return any(fnmatch(name, pattern) and text in problem
               for pattern, (text, _) in EXPECTED.items())


@pytest.mark.parametrize("info", OPS, ids=[o.name for o in OPS])
def test_op_matches_torch_in_bfloat16(info) -> None:
    torch_or_skip()
    samples = list(info.samples(np.random.default_rng(zlib.crc32(info.name.encode()))))
    problems = []
    for k, sample in enumerate(samples[:3]):
        floats = [p for p, a in enumerate(sample.args)
                  if isinstance(a, np.ndarray) and a.dtype.kind == "f"]
        if not floats:
            continue
        problem = compare(info, sample, Spec(dtypes={p: "bfloat16" for p in floats}))
        if problem is not None and not _expected(info.name, problem):
            problems.append(f"sample {k}: {problem}")
    assert not problems, f"{info.name}: " + "; ".join(problems)


DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
          "float64"]


def test_promotion_matches_torch() -> None:
    torch = torch_or_skip()
    for a in DTYPES:
        for b in DTYPES:
            ours = ag.promote_types(getattr(ag, a), getattr(ag, b))
            theirs = torch.promote_types(getattr(torch, a), getattr(torch, b))
            assert str(ours) == str(theirs).removeprefix("torch."), (a, b)
    x = ag.ones(2, dtype=ag.bfloat16)
    tx = torch.ones(2, dtype=torch.bfloat16)
    for other, tother in ((2.5, 2.5), (3, 3), (ag.tensor(1.0), torch.tensor(1.0)),
                          (ag.ones(2, dtype=ag.int64), torch.ones(2, dtype=torch.int64)),
                          (ag.ones(2), torch.ones(2)), (ag.ones(2).half(), torch.ones(2).half())):
        assert str((x + other).dtype) == str((tx + tother).dtype).removeprefix("torch.")


def test_creation_conversion_and_printing_match_torch() -> None:
    torch = torch_or_skip()
    values = [[1.5, -2.25, 3.1e5], [1e-3, 0.0, 7.0]]
    x = ag.tensor(values, dtype=ag.bfloat16)
    t = torch.tensor(values, dtype=torch.bfloat16)
    assert str(x) == str(t).replace("torch.", "")
    assert x.tolist() == t.tolist() and x.sum().item() == t.sum().item()
    assert x.is_floating_point() and ag.is_floating_point(x) and x.element_size() == 2
    assert x.type() == t.type().replace("torch.", "torch.")
    for make in ("zeros", "ones", "randn", "rand", "empty"):
        assert getattr(ag, make)(2, 3, dtype=ag.bfloat16).dtype == ag.bfloat16
    assert ag.arange(5, dtype=ag.bfloat16).tolist() == torch.arange(
        5, dtype=torch.bfloat16).tolist()
    assert ag.full((2,), 1.3, dtype="bfloat16").tolist() == torch.full(
        (2,), 1.3, dtype=torch.bfloat16).tolist()
    f = ag.tensor([0.1, 1 / 3, 1e20])
    assert f.bfloat16().tolist() == torch.tensor([0.1, 1 / 3, 1e20]).bfloat16().tolist()
    assert f.bfloat16().float().dtype == ag.float32
    assert f.to("bfloat16").dtype == ag.bfloat16 and f.to(ag.bfloat16).dtype == ag.bfloat16
    with pytest.raises(RuntimeError, match="only Tensors of floating point"):
        ag.ones(2, dtype=ag.int64).requires_grad_()
    assert ag.ones(2, dtype=ag.bfloat16).requires_grad_().requires_grad


def test_module_bfloat16_and_a_training_step_match_torch() -> None:
    torch = torch_or_skip()
    ag.manual_seed(0)
    ours = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
    theirs = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 4))
    theirs.load_state_dict({k: torch.tensor(v.numpy()) for k, v in ours.state_dict().items()})
    ours.bfloat16()
    theirs.bfloat16()
    assert all(p.dtype == ag.bfloat16 for p in ours.parameters())
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(32, 8)), rng.integers(0, 4, 32)
    opt = nn.optim.SGD(ours.parameters(), lr=0.1)
    topt = torch.optim.SGD(theirs.parameters(), lr=0.1)
    for _ in range(3):
        loss = F.cross_entropy(ours(ag.tensor(x, dtype=ag.bfloat16)), ag.tensor(y))
        tloss = torch.nn.functional.cross_entropy(
            theirs(torch.tensor(x, dtype=torch.bfloat16)), torch.tensor(y))
        assert loss.dtype == ag.bfloat16
        np.testing.assert_allclose(loss.item(), tloss.item(), rtol=3e-2)
        opt.zero_grad()
        topt.zero_grad()
        loss.backward()
        tloss.backward()
        opt.step()
        topt.step()
    for (name, p), tp in zip(ours.named_parameters(), theirs.parameters()):
        assert p.grad.dtype == ag.bfloat16, name
        np.testing.assert_allclose(p.float().detach().numpy(), tp.float().detach().numpy(),
                                   rtol=5e-2, atol=2e-2, err_msg=name)


def test_a_saved_bfloat16_input_modified_in_place_is_caught() -> None:
    a = ag.randn(3, dtype=ag.bfloat16, requires_grad=True)
    x = a * 1
    y = x.sin()  # saves x (as the float32 copy it computed on)
    x.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
    x = a * 1
    x.sin_()  # the in-place op's own saved input is private: no error
    x.sum().backward()
    np.testing.assert_allclose(a.grad.float().numpy(), np.cos(a.detach().float().numpy()),
                               rtol=1e-2)


def test_linalg_refuses_bfloat16_as_torch() -> None:
    torch = torch_or_skip()
    a = np.eye(3) * 2
    with pytest.raises(NotImplementedError, match="Low precision dtypes not supported. Got "
                                                  "BFloat16"):
        ag.linalg.inv(ag.tensor(a, dtype=ag.bfloat16))
    with pytest.raises(RuntimeError):  # NotImplementedError is a RuntimeError in PyTorch too
        torch.linalg.inv(torch.tensor(a, dtype=torch.bfloat16))


def test_without_ml_dtypes_there_is_no_bfloat16() -> None:
    import subprocess
    import sys

    code = ("import sys; sys.modules['ml_dtypes'] = None\n"
            "import autograd as ag\n"
            "assert not hasattr(ag, 'bfloat16')\n"
            "assert ag.get_autocast_dtype('cpu') == ag.float16\n"
            "try:\n    ag.zeros(2, dtype='bfloat16')\nexcept TypeError as e:\n"
            "    assert 'unknown dtype' in str(e)\nelse:\n    raise SystemExit(1)\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_ops_on_the_gpu_backend(device) -> None:
    x = ag.tensor([[0.5, -1.25], [2.0, 3.5]], dtype=ag.bfloat16, device=device,
                  requires_grad=True)
    y = (x @ x).relu().exp().sum()
    assert y.dtype == ag.bfloat16 and y.device == x.device
    y.backward()
    assert x.grad.dtype == ag.bfloat16 and x.grad.device == x.device
    ref = ag.tensor(x.detach().float().cpu().numpy(), dtype=ag.float64, requires_grad=True)
    (ref @ ref).relu().exp().sum().backward()
    np.testing.assert_allclose(x.grad.float().cpu().numpy(), ref.grad.numpy(), rtol=3e-2)


def test_a_compiled_bfloat16_step_runs_eagerly_and_equals_eager() -> None:
    def train(compiled: bool) -> list:
        ag.manual_seed(0)
        model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4)).bfloat16()
        opt = nn.optim.SGD(model.parameters(), lr=0.1)
        x, y = ag.randn(32, 8).bfloat16(), ag.randint(0, 4, (32,))

        def step(x, y):
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            return loss

        fn = ag.compile(step) if compiled else step
        for _ in range(4):
            fn(x, y)
        return [p.float().detach().numpy() for p in model.parameters()]

    eager = train(False)
    with pytest.warns(RuntimeWarning, match="computes bfloat16 in float32"):
        compiled = train(True)
    for a, b in zip(eager, compiled):
        np.testing.assert_array_equal(a, b)


def test_every_way_in_makes_the_engine_compute_bfloat16_in_float32(tmp_path) -> None:
    import subprocess
    import sys

    path = tmp_path / "w.safetensors"
    ag.save({"w": ag.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=ag.bfloat16)}, path)
    # in a fresh process each way of getting a bfloat16 tensor, then an op whose NumPy kernel
    # would answer in float32 (matmul) unless the engine lifts and rounds
    ways = [f"ag.load({str(path)!r})['w']",
            "ag.tensor(np.ones((2, 2), dtype=ml_dtypes.bfloat16))",
            "ag.from_numpy(np.ones((2, 2), dtype=ml_dtypes.bfloat16))",
            "ag.ones(2, 2).bfloat16()"]
    for way in ways:
        code = ("import numpy as np, ml_dtypes, autograd as ag\n"
                f"x = {way}\n"
                "assert (x @ x).dtype == ag.bfloat16, (x @ x).dtype\n")
        subprocess.run([sys.executable, "-c", code], check=True)
