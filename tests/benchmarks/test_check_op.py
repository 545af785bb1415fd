"""python -m benchmarks.check_op runs end to end (its 2 s target is the benchmark's, not a
test's)."""

from __future__ import annotations

import json

from benchmarks import check_op


def test_every_case_is_timed(tmp_path, capsys) -> None:
    check_op.main(["--rounds", "1", "--json", str(tmp_path / "r.json")])
    out = capsys.readouterr().out
    cases = json.loads((tmp_path / "r.json").read_text())["cases"]
    assert list(cases) == list(check_op.cases())
    for name, row in cases.items():
        assert name in out and 0 < row["median_s"] <= row["max_s"]
