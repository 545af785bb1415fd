"""nn (and the examples) reach autograd only through its public API, checked on the source.

The engine's private fields and internal modules may change at any time; nn, like any user
code, must keep working when they do. ``nn/`` may import public names from ``autograd`` and
the public modules below (the ops layer, ``autograd.ops.*``, is the kernel library nn.functional
is built on) and use the Tensor's public attributes (``array``, ``data``, ``grad_fn``,
``is_leaf``, ``_version``, ...), never its private fields nor the engine
(``autograd.engine.*``). The import direction of every package is checked in
``test_import_layers.py``.
"""

from __future__ import annotations

import ast
import importlib.util
import types
from pathlib import Path

import autograd

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_MODULES = {"autograd", "autograd.tensor", "autograd.graph", "autograd.functional",
                  "autograd.creation", "autograd.linalg", "autograd.accelerator",
                  "autograd.cuda", "autograd.amp", "autograd.testing",
                  "autograd.testing.strategies", "autograd.distributed", "autograd.compiler",
                  "autograd.func"}


def _public_module(name: str) -> bool:
    return name in PUBLIC_MODULES or name.startswith("autograd.ops.")
# The Tensor's private fields; ``_version`` is PyTorch's public name for the version count.
PRIVATE_FIELDS = {"_data", "_vc", "_node", "_out_idx", "_hooks", "_view_version", "_view",
                  "_requires_grad", "_base"}
def _is_internal_submodule(name: str) -> bool:
    """True if ``autograd.<name>`` is a module other than the public ones (``from autograd
    import creation`` imports a module; ``from autograd import gradcheck`` a function)."""
    if _public_module(f"autograd.{name}"):
        return False
    if hasattr(autograd, name):
        return isinstance(getattr(autograd, name), types.ModuleType)
    return importlib.util.find_spec(f"autograd.{name}") is not None


def _autograd_module(module: str | None) -> bool:
    return module is not None and (module == "autograd" or module.startswith("autograd."))


def _violations(path: Path) -> list[str]:
    """The rule breaks in one file, as ``file:line: why``."""
    rel = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    found: list[str] = []
    aliases: set[str] = set()  # names bound to the autograd package itself ("ag")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "autograd":
                    aliases.add(a.asname or "autograd")
                elif _autograd_module(a.name) and not _public_module(a.name):
                    found.append(f"{rel}:{node.lineno}: imports internal module {a.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _autograd_module(
                node.module):
            for a in node.names:
                where = f"{rel}:{node.lineno}"
                if a.name.startswith("_"):
                    found.append(f"{where}: imports private name {a.name} from {node.module}")
                elif not _public_module(node.module):
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
    return found


def _files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_nn_uses_only_public_autograd():
    found = [v for path in _files("nn") for v in _violations(path)]
    assert not found, "nn reaches into autograd's internals:\n" + "\n".join(found)


def test_examples_use_only_public_autograd():
    # the examples are user code: what they do, users copy
    found = [v for path in _files("examples") for v in _violations(path)]
    assert not found, "an example reaches into autograd's internals:\n" + "\n".join(found)


def test_the_checker_catches_what_it_should(tmp_path):
    """Not vacuous: each kind of violation in a small file is reported."""
    bad = ROOT / "nn" / "_architecture_probe.py"
    bad.write_text("import autograd as ag\nfrom autograd.engine.node import Node\n"
                   "from autograd.tensor import _helper\nx = ag.ones(2)\ny = x._data\n"
                   "z = ag._private\nfrom autograd.ops.nn.conv import conv2d\n")
    try:
        found = _violations(bad)
    finally:
        bad.unlink()
    assert [v.split(": ", 1)[1] for v in found] == [
        "imports Node from internal module autograd.engine.node",
        "imports private name _helper from autograd.tensor",
        "uses the private Tensor field ._data",
        "uses ag._private, internal to autograd",
    ]
