"""Every Python block of README.md and docs/**/*.md runs, and every file the pages include
exists, down to the section."""

from __future__ import annotations

import os
import re

import pytest

from tests.conftest import ROOT
from tests.docs.pages import pages, python_blocks, snippets
from tests.docs.test_tutorial_scripts import SCRIPTS

PAGES_WITH_CODE = [p for p in pages() if any(not b.includes for b in python_blocks(p))]


def test_the_collector_finds_the_pages_and_their_code() -> None:
    assert {"README.md", "docs/testing.md", "docs/getting-started.md", "docs/tape.md",
            "docs/devices.md", "docs/pytorch.md", "ARCHITECTURE.md",
            "CONTRIBUTING.md"} <= set(pages())
    assert {"README.md", "docs/getting-started.md", "docs/tape.md",
            "CONTRIBUTING.md"} <= set(PAGES_WITH_CODE)


@pytest.mark.parametrize("page", PAGES_WITH_CODE)
def test_the_python_blocks_of_the_page_run(page, tmp_path, monkeypatch) -> None:
    """The page's own blocks in order, in one fresh namespace, in an empty directory (a block
    that writes a file writes it there)."""
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__main__"}
    for block in python_blocks(page):
        if block.includes:
            continue
        # blank lines first, so that a traceback names the line of the page
        code = compile("\n" * (block.line - 1) + block.code, os.path.join(ROOT, page), "exec")
        exec(code, namespace)


def _targets() -> list[tuple[str, str]]:
    found = []
    for page in pages():
        found += [(page, t) for t in snippets(page)]
        for block in python_blocks(page):
            found += [(page, t) for t in block.includes if (page, t) not in found]
    return found


def test_pages_include_what_exists() -> None:
    targets = _targets()
    assert len(targets) >= 10
    for page, target in targets:
        path, _, section = target.partition(":")
        assert os.path.isfile(os.path.join(ROOT, path)), f"{page} includes {path}: no such file"
        if section:
            with open(os.path.join(ROOT, path)) as fh:
                source = fh.read()
            assert re.search(rf"\[start:{re.escape(section)}\]", source) and \
                re.search(rf"\[end:{re.escape(section)}\]", source), \
                f"{page} includes section {section} of {path}, which has no such section"


def test_included_scripts_are_run_by_the_tests() -> None:
    """Code a page shows from a script runs where that script's own tests run it."""
    tested = {f"examples/tutorials/{name}.py" for name in SCRIPTS} | {
        "examples/tutorials/testing_custom_op.py",  # tests/examples/test_tutorials.py
        "examples/tutorials/test_hypot_op.py", "examples/tutorials/test_model.py",
        "examples/tutorials/test_registry.py",  # run by pytest there
        "examples/ddp_digits.py"}  # tests/distributed/test_mpi_jobs.py, under mpiexec
    for page, target in _targets():
        path = target.partition(":")[0]
        if path.endswith(".py"):
            assert path in tested, f"{page} shows code of {path}, which no test runs"
