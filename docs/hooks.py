"""MkDocs hooks of the documentation site (mkdocs.yml names this file).

- The API reference pages are generated from the live packages (docs/api_reference.py).
- Pages link to the repository's files as they sit beside docs/ (``../examples/x.py``), so
  that the links also work when the Markdown is read in the repository; the site gets a copy
  of those files under ``repo/``, and the links are rewritten to it. A link to a repository
  file that does not exist is a warning, which ``mkdocs build --strict`` turns into a failure.
- The tape page's picture: ``Tape.to_dot()`` drawn by Graphviz when ``dot`` is installed,
  else the tape's text table (examples/tutorials/tape_picture.py).
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import sys

from mkdocs.structure.files import File, Files

DOCS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(DOCS)
for path in (ROOT, DOCS, os.path.join(ROOT, "examples", "tutorials")):
    if path not in sys.path:
        sys.path.insert(0, path)

import api_reference  # noqa: E402
import tape_picture  # noqa: E402

log = logging.getLogger("mkdocs.hooks.tapegrad")

# Repository Markdown files that are pages of the site (they are included by these pages).
REPO_PAGES = {"ARCHITECTURE.md": "architecture.md", "CONTRIBUTING.md": "contributing.md",
              "README.md": "index.md"}
# Repository files the site carries a copy of, under repo/ (links to them are rewritten).
REPO_FILES = ("examples", "benchmarks/results")
REPO_PREFIX = "repo"
LINK = re.compile(r"(!?\[[^\]]*\]\()([^)\s#]+)(#[^)\s]*)?\)")

_picture: dict[str, str] = {}


def on_config(config):
    _skip_source_line_numbers()
    return config


def _skip_source_line_numbers() -> None:
    """The reference shows no source (show_source: false), so the line numbers of objects
    are not needed; finding them is the build's largest cost (inspect parses a class's whole
    module once per class). Skipped when griffe's inspector is not where this expects it."""
    try:
        from griffe._internal.agents.inspector import Inspector
    except ImportError:
        return
    if hasattr(Inspector, "_get_linenos"):
        Inspector._get_linenos = lambda self, node: (None, None)


def on_files(files: Files, config) -> Files:
    for page in api_reference.PAGES:
        files.append(File.generated(config, page, content=api_reference.render(page)))
    for top in REPO_FILES:
        for folder, dirs, names in os.walk(os.path.join(ROOT, top)):
            dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
            for name in names:
                if name.endswith((".py", ".png", ".md", ".json", ".svg", ".txt")):
                    rel = os.path.relpath(os.path.join(folder, name), ROOT).replace(os.sep, "/")
                    with open(os.path.join(ROOT, rel), "rb") as fh:
                        files.append(File.generated(config, f"{REPO_PREFIX}/{rel}",
                                                    content=fh.read()))
    kind, content = tape_picture.draw()
    if kind == "svg":
        files.append(File.generated(config, "tape.svg", content=content))
        _picture["markdown"] = "![The tape of the example, drawn by Graphviz](tape.svg)"
    else:
        _picture["markdown"] = ("Graphviz (`dot`) is not installed where this site was built, "
                                "so here is the tape as `print(tape)` shows it:\n\n"
                                "```text\n" + content + "\n```")
    return files


def _rewrite(match: re.Match, page_uri: str, files: Files) -> str:
    head, target, anchor = match.group(1), match.group(2), match.group(3) or ""
    if re.match(r"^[a-z]+:", target) or target.startswith("/"):
        return match.group(0)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), target))
    if not resolved.startswith("../"):
        return match.group(0)  # inside docs/: mkdocs checks it
    repo_path = resolved[3:]
    here = posixpath.dirname(page_uri) or "."
    if repo_path in REPO_PAGES:
        return f"{head}{posixpath.relpath(REPO_PAGES[repo_path], here)}{anchor})"
    site_path = f"{REPO_PREFIX}/{repo_path}"
    if files.get_file_from_path(site_path) is None:
        log.warning("%s links to %s, which is not a file the site carries (%s)", page_uri,
                    target, ", ".join(REPO_FILES))
        return match.group(0)
    return f"{head}{posixpath.relpath(site_path, here)}{anchor})"


def on_page_markdown(markdown: str, page, config, files: Files) -> str:
    markdown = markdown.replace("<!-- tape-picture -->", _picture.get("markdown", ""))
    return LINK.sub(lambda m: _rewrite(m, page.file.src_uri, files), markdown)
