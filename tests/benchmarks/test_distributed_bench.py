"""python -m benchmarks --distributed end to end on 1 and 2 ranks (a few steps of the small
model; no timing assertions): the table, the JSON and the plot."""

from __future__ import annotations

import json

from benchmarks import suite
from tests.distributed.launch import mpiexec_or_skip


def test_distributed_benchmark_reports_every_rank_count(tmp_path, capsys):
    mpiexec_or_skip()
    argv = ["--distributed", "--ranks", "1,2", "--models", "digits", "--steps", "2",
            "--warmup", "1", "--json", str(tmp_path / "d.json"), "--plot",
            str(tmp_path / "d.png")]
    assert suite.main(argv) == 0
    results = json.loads((tmp_path / "d.json").read_text())
    assert list(results) == ["1", "2"]
    for ranks, per_model in results.items():
        r = per_model["digits"]
        assert r["world"] == int(ranks) and r["params"] == 26122
        assert 0 < r["comm_s"] and 0 <= r["wait_s"] and r["step_ddp_s"] > r["wait_s"]
        assert (r["overlap"] is None) == (ranks == "1")
    assert (tmp_path / "d.png").stat().st_size > 0
    out = capsys.readouterr().out
    assert "| digits | 2 | 26,122 | 32 |" in out
