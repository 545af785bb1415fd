"""The API reference (docs/api_reference.py, rendered by mkdocstrings under ``make docs``)
has an entry, with a docstring, for every public name of autograd, nn and backends."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os

import pytest

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("api_reference",
                                              os.path.join(ROOT, "docs", "api_reference.py"))
api = importlib.util.module_from_spec(spec)
spec.loader.exec_module(api)

# The public namespaces of /work/shared/API.md's three packages and its growing namespaces.
NAMESPACES = {"autograd", "autograd.linalg", "autograd.functional", "autograd.graph",
              "autograd.profiler", "autograd.compiler", "autograd.testing",
              "autograd.testing.strategies",
              "autograd.cuda", "autograd.accelerator", "autograd.amp", "backends", "nn",
              "nn.functional", "nn.init", "nn.optim", "nn.optim.lr_scheduler", "nn.utils",
              "nn.utils.rnn", "nn.utils.parametrize", "nn.utils.parametrizations",
              "nn.utils.checkpoint", "nn.data", "autograd.distributed", "nn.parallel",
              "autograd.func", "nn.utils.stateless", "nn.utils.prune"}
ENTRIES = {page: api.documented_names(api.render(page)) for page in api.PAGES}


def test_every_public_namespace_has_a_page() -> None:
    on_pages = [ns for _, _, namespaces in api.PAGES.values() for ns in namespaces]
    assert sorted(on_pages) == sorted(NAMESPACES)


@pytest.mark.parametrize("namespace", sorted(NAMESPACES))
def test_every_public_name_has_an_entry(namespace) -> None:
    page = next(p for p, (_, _, nss) in api.PAGES.items() if namespace in nss)
    names = api.public_names(namespace)
    assert names
    separate = {f"{namespace}.{n}" for n in api.SEPARATE.get(namespace, ())}
    missing = {f"{namespace}.{n}" for n in names} - ENTRIES[page] - separate
    assert not missing, f"{page} has no entry for {sorted(missing)}"
    for name in separate:
        assert f"::: {name}" in api.render("api/tensor.md")


def test_every_entry_has_a_docstring() -> None:
    undocumented = []
    for entries in ENTRIES.values():
        for dotted in entries:
            module, _, name = dotted.rpartition(".")
            obj = getattr(importlib.import_module(module), name)
            if (inspect.isclass(obj) or inspect.isroutine(obj)) and not inspect.getdoc(obj):
                undocumented.append(dotted)
    assert not undocumented, f"public names without a docstring: {undocumented}"


def test_a_table_row_op_names_its_module() -> None:
    """mkdocstrings finds a public function through its ``__module__``."""
    import autograd as ag

    for name in ("acos", "hypot", "exp"):
        fn = getattr(ag, name)
        assert getattr(importlib.import_module(fn.__module__), name) is fn
