"""The import direction, checked on the source: each layer imports only itself and the layers
below it, no module imports itself back through a cycle, and imports sit at the top of files.

    backends < autograd.dtypes, autograd.checks, autograd.layouts < autograd.engine
      < autograd.creation < autograd.ops < autograd.tensor*
      < the tools (tape, functional, gradcheck, linalg, accelerator, ...) < autograd < nn

Every import counts, also those inside functions; only ``if TYPE_CHECKING:`` blocks (type
hints, never run) are exempt.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGES = ("backends", "autograd", "nn")

LAYERS = [
    ["backends"],
    ["autograd.dtypes", "autograd.checks", "autograd.layouts"],
    ["autograd.engine"],
    ["autograd.creation"],
    ["autograd.ops"],
    ["autograd.tensor", "autograd.tensor_methods_elementwise", "autograd.tensor_methods_inplace",
     "autograd.tensor_methods_reduction", "autograd.tensor_methods_shape",
     "autograd.tensor_methods_indexing", "autograd.tensor_methods_linalg",
     "autograd.tensor_methods_conversion",
     "autograd.tensor_str"],
    ["autograd.tape", "autograd.functional", "autograd.gradcheck", "autograd.serialization",
     "autograd.finite_differences", "autograd.gradcheck_report", "autograd.testing",
     "autograd.profiler", "autograd.graph", "autograd.amp", "autograd.cuda", "autograd.linalg",
     "autograd.accelerator", "autograd.distributed", "autograd.compiler", "autograd.runtime",
     "autograd.distributions", "autograd.func", "autograd.special", "autograd.autograd",
     "autograd.out"],
    ["autograd.__init__"],
    ["nn"],
]


def _modules() -> dict[str, str]:
    """Dotted module name -> path, for every module of the three packages."""
    found = {}
    for package in PACKAGES:
        for folder, _, files in os.walk(os.path.join(ROOT, package)):
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    rel = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
                    found[rel.removesuffix(".__init__") if rel != "autograd.__init__" else rel] = (
                        path)
    return found


MODULES = _modules()


def _layer(module: str) -> int:
    best, depth = None, -1
    for k, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > depth:
                best, depth = k, len(p)
    assert best is not None, f"{module} belongs to no layer: add it to LAYERS"
    return best


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import that runs, resolved to our own modules."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                yield node.lineno, full if full in MODULES else node.module
        stack.extend(ast.iter_child_nodes(node))


def _own(module: str) -> str | None:
    """The module of ours that an import names (autograd itself is its __init__)."""
    if module == "autograd":
        return "autograd.__init__"
    if module.split(".")[0] not in PACKAGES:
        return None
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    return module or None


def _graph() -> dict[str, set[str]]:
    edges = {}
    for module, path in MODULES.items():
        with open(path) as fh:
            tree = ast.parse(fh.read())
        edges[module] = {(line, target) for line, name in _imports(tree)
                         if (target := _own(name)) and target != module}
    return edges


GRAPH = _graph()


def test_every_import_goes_down_or_sideways():
    wrong = []
    for module, targets in GRAPH.items():
        for line, target in sorted(targets):
            if _layer(target) > _layer(module):
                wrong.append(f"{MODULES[module]}:{line}: {module} imports {target}, a layer "
                             "above it")
    assert not wrong, "\n".join(wrong)


def test_the_engine_imports_only_itself_and_backends():
    wrong = [f"{module} imports {target}" for module, targets in GRAPH.items()
             if module.startswith("autograd.engine") for _, target in targets
             if not target.startswith(("autograd.engine", "backends"))]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    adjacency = {m: {t for _, t in targets} for m, targets in GRAPH.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(adjacency.get(module, ())):
            if state.get(target) == 1:
                cycles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(adjacency):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(cycles)


def test_imports_sit_at_the_top_and_nothing_is_re_exported():
    """No import after the first function or class of a module, and no ``noqa`` for unused
    or late imports outside the two public package namespaces."""
    wrong = []
    for module, path in MODULES.items():
        with open(path) as fh:
            source = fh.read()
        if module not in ("autograd.__init__", "nn") and ("noqa: F401" in source or
                                                          "noqa: E402" in source):
            wrong.append(f"{path}: re-exports or imports late (noqa: F401/E402)")
        seen_code = False
        for node in ast.parse(source).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                seen_code = True
            elif isinstance(node, (ast.Import, ast.ImportFrom)) and seen_code:
                wrong.append(f"{path}:{node.lineno}: import below a definition")
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_a_wrong_import():
    """The checks above are not vacuous: an upward import in the engine is caught."""
    tree = ast.parse("def f():\n    from autograd.tensor import Tensor\n")
    (line, name), = list(_imports(tree))
    assert _layer(_own(name)) > _layer("autograd.engine.node")
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                     "    from autograd.tensor import Tensor\n")
    assert [n for _, n in _imports(tree)] == ["typing"]


def test_every_package_folder_is_installed():
    """setuptools installs only folders with an ``__init__.py``: a folder of modules without
    one would be missing from the wheel."""
    missing = []
    for package in PACKAGES:
        for folder, _, files in os.walk(os.path.join(ROOT, package)):
            if "__pycache__" not in folder and any(f.endswith(".py") for f in files) and (
                    "__init__.py" not in files):
                missing.append(os.path.relpath(folder, ROOT))
    assert not missing, f"folders without __init__.py: {missing}"
