"""The regression check of make bench and the compiled-step benchmark it measures with (no
timing assertions)."""

from __future__ import annotations

import json

from benchmarks import compile_step, regress


def test_a_ratio_above_the_tolerance_is_a_regression():
    baseline = {"mlp": {"tapegrad/raw": 2.0, "compiled/raw": 1.5}, "cnn": {"compiled/raw": 1.1}}
    measured = {"mlp": {"tapegrad/raw": 2.09, "compiled/raw": 1.6},
                "cnn": {"compiled/raw": 1.0}, "new": {"compiled/raw": 9.0}}
    found = regress.regressions(measured, baseline, 0.05)
    assert found == [("mlp", "compiled/raw", 1.5, 1.6)]  # 2.09 is within 5% of 2.0
    assert regress.regressions(measured, baseline, 0.10) == []


def test_run_one_reports_times_ratios_and_memory():
    import numpy as np

    def build(impl):
        size = {"tapegrad": 3000, "compiled": 2000, "raw": 1000}.get(impl, 0)
        if not size:
            return None
        return lambda: np.ones(size).sum()

    res = compile_step.run_one(build, rounds=3)
    assert set(res["median_s"]) == {"tapegrad", "compiled", "raw"}
    assert set(res["ratios"]) == {"compiled/raw", "tapegrad/raw", "compiled/tapegrad"}
    assert set(res["peak_ratios"]) == {"tapegrad/raw", "compiled/raw"}
    assert res["peak_bytes"]["tapegrad"] > res["peak_bytes"]["raw"]


def test_the_compiled_steps_replay_and_agree_with_eager():
    for name, build in compile_step.cases(quick=True).items():
        if name in ("mlp-big", "cnn", "transformer"):
            continue  # the suite's quick run checks their losses; keep this test fast
        eager, compiled = build("tapegrad"), build("compiled")
        losses = [(float(eager()), float(compiled())) for _ in range(3)]
        for a, b in losses:
            assert a == b, name


def test_the_baseline_file_holds_the_checked_ratios():
    with open(regress.BASELINE) as fh:
        stored = json.load(fh)
    assert set(stored["full"]) == set(compile_step.cases(quick=False))
    for ratios in stored["full"].values():
        assert set(ratios) == set(regress.CHECKED)
