"""python -m benchmarks: the quick CPU run end to end (no timing assertions), and the checks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from benchmarks import overhead, suite
from benchmarks.timing import host_peak_bytes, measure
from benchmarks.workloads import Case, Workload, all_workloads
from tests.conftest import CUDA_REASON

WORKLOADS = ["overhead", "elementwise", "matmul", "mlp", "cnn", "digits", "lstm", "transformer"]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    argv = ["--quick", "--device", "cpu", "--rounds", "1", "--json", str(out / "r.json"),
            "--plot", str(out / "r.png")]
    status = suite.main(argv)
    return status, json.loads((out / "r.json").read_text()), out


def test_every_workload_is_reported(quick_run):
    status, results, out = quick_run
    assert status == 0, results["mismatches"]
    assert [w.name for w in all_workloads()] == WORKLOADS
    assert list(results["workloads"]) == WORKLOADS
    for name, entry in results["workloads"].items():
        assert "skipped" not in entry, (name, entry.get("skipped"))
        assert entry["cases"], name
        for case in entry["cases"]:
            rows = [r for r in case["rows"] if "skipped" not in r]
            assert rows and rows[0]["impl"] == "tapegrad" and rows[0]["device"] == "cpu"
            for r in rows:
                assert r["min_s"] <= r["median_s"] <= r["max_s"]
                assert r["samples_per_s"] > 0
                assert r["first_call_s"] > 0 and r["clock"] == "host perf_counter"
            assert all(r["impl"] == "torch" or r["peak_bytes"] > 0 for r in rows)
    assert results["environment"]["numpy"] == np.__version__
    assert results["devices"] == ["cpu"] and results["quick"]
    assert (out / "r.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_losses_agree_across_frameworks(quick_run):
    _, results, _ = quick_run
    assert results["mismatches"] == []
    for entry in results["workloads"].values():
        for case in entry.get("cases", []):
            rows = [r for r in case["rows"] if "loss" in r]
            assert all(r["agrees"] for r in rows)
            assert {r["impl"] for r in rows} >= {"tapegrad"}
            losses = [r["loss"] for r in rows]
            np.testing.assert_allclose(losses, losses[0], rtol=suite.RTOL)


def test_matmul_reports_gflops_against_raw(quick_run):
    _, results, _ = quick_run
    for case in results["workloads"]["matmul"]["cases"]:
        raw = next(r for r in case["rows"] if r["impl"] == "numpy")
        ours = next(r for r in case["rows"] if r["impl"] == "tapegrad")
        assert raw["fraction_of_raw"] == 1.0 and raw["gflops"] > 0
        assert ours["fraction_of_raw"] > 0


def test_a_wrong_result_is_reported():
    def build(impl: str, device: str):
        value = 1.0 if impl == "tapegrad" else 1.5  # a fast, wrong implementation
        return lambda: value

    fake = Workload("fake", "a fake workload", "items",
                    lambda quick: [Case("one", 1, 1, build)], impls=("tapegrad", "raw"))
    results = suite.run([fake], ["cpu"], rounds=1, quick=True, echo=False)
    rows = results["workloads"]["fake"]["cases"][0]["rows"]
    assert [r["agrees"] for r in rows] == [True, False]
    assert len(results["mismatches"]) == 1 and "fake [one] cpu/numpy" in results["mismatches"][0]
    table = suite.format_table(fake, results["workloads"]["fake"]["cases"])
    assert "MISMATCH" in table


def test_skipped_workload_and_bad_arguments(capsys):
    skipped = Workload("later", "not yet", "items", lambda quick: [],
                       skip=lambda: "not written yet")
    results = suite.run([skipped], ["cpu"], rounds=1, quick=True, echo=False)
    assert results["workloads"]["later"]["skipped"] == "not written yet"
    with pytest.raises(SystemExit):
        suite.main(["--workloads", "nope"])
    assert "unknown workload" in capsys.readouterr().err


def test_to_float_and_helpers():
    import autograd as ag

    assert suite.to_float(2) == 2.0
    assert suite.to_float(np.array([1.0, 2.0], dtype=np.float32)) == 3.0
    assert suite.to_float(ag.tensor([1.0, 2.5], requires_grad=True) * 2) == 7.0
    assert host_peak_bytes(lambda: np.ones(1 << 16)) >= 8 << 16
    times = measure({"a": lambda: None, "b": None}, rounds=2, inner=3, warmup=1)
    assert list(times) == ["a"] and len(times["a"]) == 2


def test_overhead_builders_agree(capsys):
    # benchmarks.overhead's own implementations (its full run is too slow for the suite)
    mlp = [overhead.mlp_tapegrad, lambda d: overhead.mlp_tapegrad(d, fused=True),
           overhead.mlp_numpy, overhead.mlp_torch]
    losses = [f("cpu")() for f in mlp if f("cpu") is not None]  # None: PyTorch missing
    assert len(losses) >= 3
    np.testing.assert_allclose(losses, losses[0], rtol=1e-4)
    chain = [overhead.chain_tapegrad, overhead.chain_numpy, overhead.chain_torch,
             overhead.chain_pytape]
    sums = [suite.to_float(f("cpu")()) for f in chain if f("cpu") is not None]
    assert len(sums) >= 2
    np.testing.assert_allclose(sums, sums[0], rtol=1e-4)
    with pytest.raises(SystemExit):
        overhead.main(["--help"])
    assert "--rounds" in capsys.readouterr().out


@pytest.mark.skipif(CUDA_REASON is not None, reason=f"cuda unavailable: {CUDA_REASON}")
def test_gpu_rows_are_timed_by_cuda_events_and_report_the_first_call(tmp_path):
    path = tmp_path / "g.json"
    assert suite.main(["--quick", "--device", "cpu,cuda", "--rounds", "1", "--workloads",
                       "mlp", "--json", str(path)]) == 0
    rows = json.loads(path.read_text())["workloads"]["mlp"]["cases"][0]["rows"]
    gpu = [r for r in rows if r["device"] == "cuda" and "skipped" not in r]
    assert gpu and all(r["clock"] == "CUDA events" and r["first_call_s"] > 0 for r in gpu)
    assert all(r["peak_bytes"] > 0 for r in gpu)
