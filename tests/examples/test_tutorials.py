"""The testing tutorial (docs/testing.md): its scripts run and do what the page says, and the
page shows their code and output as they are."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

from autograd.testing import runner
from tests.conftest import ROOT
from tests.examples.test_examples import load_example

PAGE = os.path.join(ROOT, "docs", "testing.md")
TUTORIALS = os.path.join(ROOT, "examples", "tutorials")


def _tutorial():
    sys.path.insert(0, TUTORIALS)
    try:
        return load_example(os.path.join("tutorials", "testing_custom_op"))
    finally:
        sys.path.remove(TUTORIALS)


def _blocks(kind: str) -> list[tuple[str, str]]:
    """(marker argument, fenced block) for every ``<!-- kind: ... -->`` on the page."""
    with open(PAGE) as fh:
        page = fh.read()
    return re.findall(rf"<!-- {kind}: (\S+) -->\n```\w+\n(.*?)```\n", page, re.S)


def _section(path: str, name: str) -> str:
    with open(os.path.join(ROOT, path)) as fh:
        source = fh.read()
    m = re.search(rf"# \[start:{name}\]\n(.*?)\n\s*# \[end:{name}\]", source, re.S)
    assert m, f"{path} has no section {name}"
    return textwrap.dedent(m.group(1)).replace("  # noqa: E402", "") + "\n"


def _on_cpu_only(monkeypatch) -> None:
    """The page shows what a machine without a GPU prints: the checks run on cpu only (with a
    GPU, or the CuPy double, every check also runs on cuda and the counts double)."""
    monkeypatch.setattr(runner, "available_devices", lambda: ["cpu"])


def test_the_buggy_op_fails_by_a_missing_factor_and_the_fixed_one_passes(capsys,
                                                                         monkeypatch) -> None:
    _on_cpu_only(monkeypatch)
    result = _tutorial().main([])
    buggy, fixed = result["buggy"], result["fixed"]
    assert {r.title for r in buggy.failures} == {"gradcheck (float64)", "gradgradcheck (float64)"}
    gradcheck_failures = [r for r in buggy.failures if r.title == "gradcheck (float64)"]
    assert len(gradcheck_failures) == 3
    assert all("a missing factor of 2 in backward" in r.detail for r in gradcheck_failures)
    assert fixed.passed
    assert "check_op(BuggyHypot): 3 sample(s), 6 failed check run(s)" in capsys.readouterr().out


def test_the_page_shows_the_scripts_code() -> None:
    blocks = _blocks("include")
    assert len(blocks) == 8
    for where, code in blocks:
        path, name = where.split(":")
        assert code == _section(path, name), f"docs/testing.md differs from {where}"


def test_the_page_shows_the_scripts_output(capsys, monkeypatch) -> None:
    _on_cpu_only(monkeypatch)
    _tutorial().main([])
    out = [line.rstrip() for line in capsys.readouterr().out.splitlines()]
    blocks = _blocks("output")
    assert len(blocks) == 2
    for _, text in blocks:
        k = 0
        for line in text.rstrip("\n").splitlines():
            if line == "...":
                continue
            while k < len(out) and out[k] != line.rstrip():
                k += 1
            assert k < len(out), f"docs/testing.md shows output the script does not print: {line}"
            k += 1


def test_the_tutorial_test_files_pass_under_pytest() -> None:
    """Run as a user would: a fresh pytest, the plugin from the package's entry point."""
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                          TUTORIALS], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"\b\d+ passed", run.stdout) and "failed" not in run.stdout
