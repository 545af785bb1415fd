"""Layering rules checked on the source: nn reaches autograd only through its public API.

The engine's private fields and internal modules may change at any time; nn, like any user
code, must keep working when they do. ``nn/`` may import ``autograd`` and the public modules
below and use the Tensor's public attributes (``array``, ``data``, ``grad_fn``, ``is_leaf``,
``_version``, ...), never its private fields nor the engine's internal modules.
"""

from __future__ import annotations

import ast
import importlib.util
import types
from pathlib import Path

import autograd

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_MODULES = {"autograd", "autograd.tensor", "autograd.graph", "autograd.functional"}
# The Tensor's private fields; ``_version`` is PyTorch's public name for the version count.
PRIVATE_FIELDS = {"_data", "_vc", "_node", "_out_idx", "_hooks", "_view_version", "_view",
                  "_requires_grad", "_base"}
# Imports from inside the engine that nn still needs, by file: the fused loss Functions and
# their target checks have no public form yet. Each entry must still be in use (see below), so
# the list only shrinks.
KNOWN_INTERNAL_IMPORTS = {
    ("nn/losses.py", "autograd.ops.indexing", "Index"),
    ("nn/losses.py", "autograd.ops.nn_ops", "BinaryCrossEntropy"),
    ("nn/losses.py", "autograd.ops.nn_ops", "BinaryCrossEntropyWithLogits"),
    ("nn/losses.py", "autograd.ops.nn_ops", "CrossEntropy"),
    ("nn/losses.py", "autograd.ops.nn_ops", "class_targets"),
    ("nn/losses.py", "autograd.ops.nn_ops", "check_tensor"),
}


def _is_internal_submodule(name: str) -> bool:
    """True if ``autograd.<name>`` is a module other than the public ones (``from autograd
    import creation`` imports a module; ``from autograd import gradcheck`` a function)."""
    if f"autograd.{name}" in PUBLIC_MODULES:
        return False
    if hasattr(autograd, name):
        return isinstance(getattr(autograd, name), types.ModuleType)
    return importlib.util.find_spec(f"autograd.{name}") is not None


def _autograd_module(module: str | None) -> bool:
    return module is not None and (module == "autograd" or module.startswith("autograd."))


def _violations(path: Path) -> tuple[list[str], set[tuple[str, str, str]]]:
    """The rule breaks in one file as ``file:line: why``, and the known imports it uses."""
    rel = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    found: list[str] = []
    known: set[tuple[str, str, str]] = set()
    aliases: set[str] = set()  # names bound to the autograd package itself ("ag")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "autograd":
                    aliases.add(a.asname or "autograd")
                elif _autograd_module(a.name) and a.name not in PUBLIC_MODULES:
                    found.append(f"{rel}:{node.lineno}: imports internal module {a.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _autograd_module(
                node.module):
            for a in node.names:
                where = f"{rel}:{node.lineno}"
                if a.name.startswith("_"):
                    found.append(f"{where}: imports private name {a.name} from {node.module}")
                elif node.module not in PUBLIC_MODULES:
                    if (rel, node.module, a.name) in KNOWN_INTERNAL_IMPORTS:
                        known.add((rel, node.module, a.name))
                    else:
                        found.append(f"{where}: imports {a.name} from internal module "
                                     f"{node.module}")
                elif node.module == "autograd" and _is_internal_submodule(a.name):
                    found.append(f"{where}: imports internal module autograd.{a.name}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value.id if isinstance(node.value, ast.Name) else None
        if node.attr in PRIVATE_FIELDS and owner not in ("self", "cls"):
            found.append(f"{rel}:{node.lineno}: uses the private Tensor field .{node.attr}")
        elif owner in aliases and (node.attr.startswith("_")
                                   or _is_internal_submodule(node.attr)):
            found.append(f"{rel}:{node.lineno}: uses {owner}.{node.attr}, internal to autograd")
    found.sort(key=lambda v: int(v.split(":")[1]))
    return found, known


def _files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_nn_uses_only_public_autograd():
    found = [v for path in _files("nn") for v in _violations(path)[0]]
    assert not found, "nn reaches into autograd's internals:\n" + "\n".join(found)


def test_examples_use_only_public_autograd():
    # the examples are user code: what they do, users copy
    found = [v for path in _files("examples") for v in _violations(path)[0]]
    assert not found, "an example reaches into autograd's internals:\n" + "\n".join(found)


def test_known_internal_imports_are_still_needed():
    used = set().union(*(_violations(path)[1] for path in _files("nn")))
    stale = sorted(KNOWN_INTERNAL_IMPORTS - used)
    assert not stale, ("no longer imported, remove from KNOWN_INTERNAL_IMPORTS: "
                       + ", ".join(f"{m}.{n} in {f}" for f, m, n in stale))
