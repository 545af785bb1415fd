"""Reading the documentation's Markdown: its pages, their fenced Python blocks, their includes.

A page's Python blocks are of two kinds: code written on the page, which the tests run in
order in one fresh namespace per page, and code included from a script (a block that holds a
``--8<-- "path:section"`` line, which the site's build replaces with that part of the script;
or a copy kept equal to the script, under ``<!-- include: path:section -->``): the script is
the single source, and its own tests run it.
"""

from __future__ import annotations

import glob
import os
import re
import textwrap
from dataclasses import dataclass

from tests.conftest import ROOT

FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```",
                   re.S | re.M)
SNIPPET = re.compile(r'^\s*-{1,3}8<-{1,3}\s+"([^"]+)"\s*$', re.M)
INCLUDE_MARK = re.compile(r"<!-- include: (\S+) -->\s*$")


@dataclass
class Block:
    page: str       # relative to the repository root
    line: int       # where the code starts (1-based)
    code: str
    includes: list[str]  # "path" or "path:section" of the scripts it includes


def pages() -> list[str]:
    """README.md, every Markdown file under docs/, and the repository's Markdown files that
    pages of docs/ include (ARCHITECTURE.md ...), relative to the repository root."""
    found = sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True))
    docs = [os.path.relpath(p, ROOT) for p in found]
    included = sorted({t for p in docs for t in snippets(p) if t.endswith(".md")} - set(docs))
    return ["README.md"] + docs + included


def python_blocks(page: str) -> list[Block]:
    with open(os.path.join(ROOT, page)) as fh:
        text = fh.read()
    blocks = []
    for m in FENCE.finditer(text):
        if m.group("lang") not in ("python", "py"):
            continue
        line = text.count("\n", 0, m.start("body")) + 1
        includes = SNIPPET.findall(m.group("body"))
        before = text[:m.start()].rstrip("\n").splitlines()[-1:] or [""]
        marker = INCLUDE_MARK.search(before[0])
        if marker:
            includes.append(marker.group(1))
        # a block inside a list item is indented with it
        blocks.append(Block(page, line, textwrap.dedent(m.group("body")), includes))
    return blocks


def snippets(page: str) -> list[str]:
    """Every file a page includes with ``--8<--`` (in or out of code blocks)."""
    with open(os.path.join(ROOT, page)) as fh:
        return SNIPPET.findall(fh.read())
