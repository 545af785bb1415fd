"""The API reference pages of the documentation site, generated from the live packages.

Every public name of ``autograd``, ``nn`` and ``backends`` (and of their public namespaces:
``autograd.linalg``, ``nn.functional``, ``nn.optim`` ...) gets one mkdocstrings entry,
grouped by the module that defines it, so a new op has its reference entry the moment it is
exported. ``docs/hooks.py`` adds these pages to the build; ``tests/docs`` checks that they
cover every public name. This module imports neither mkdocs nor mkdocstrings.
"""

from __future__ import annotations
import __future__

import importlib
import types
from collections.abc import Iterator

# page -> (title, introduction, namespaces shown on it)
PAGES: dict[str, tuple[str, str, list[str]]] = {
    "api/autograd.md": (
        "autograd", "`import autograd as ag` is `import torch`: tensors, creation, dtypes, "
        "every op, grad modes, `backward`/`grad`, the `Tape`, `Function`, `gradcheck`, "
        "`save`/`load`. `Tensor` and its methods have [their own page](tensor.md).",
        ["autograd"]),
    "api/tensor.md": (
        "Tensor", "`autograd.Tensor`, PyTorch's `torch.Tensor`: its fields, and every method "
        "(most are also functions of `autograd`).", []),
    "api/autograd-tools.md": (
        "autograd.linalg, functional, func, graph, profiler, compiler, testing",
        "The namespaces of `autograd` beside the core: `ag.linalg` (`torch.linalg`), "
        "`ag.functional` (`torch.autograd.functional`), `ag.func` (`torch.func`), "
        "`ag.graph` (`torch.autograd.graph`), "
        "`ag.profiler` (`torch.profiler`), `ag.compiler` (`torch.compiler`: `ag.compile` and "
        "its switches) and `ag.testing` (`torch.testing`, and more).",
        ["autograd.linalg", "autograd.functional", "autograd.func", "autograd.graph",
         "autograd.profiler",
         "autograd.compiler", "autograd.testing", "autograd.testing.strategies"]),
    "api/devices.md": (
        "Devices: backends, autograd.cuda, autograd.amp",
        "Where arrays live and how they are computed: `backends` (the NumPy and CuPy "
        "backends, devices; PyTorch's `torch.backends` and `torch.device`), `ag.cuda` "
        "(`torch.cuda`), `ag.accelerator` (`torch.accelerator`), `ag.amp` (`torch.amp`).",
        ["backends", "autograd.cuda", "autograd.accelerator", "autograd.amp"]),
    "api/nn.md": (
        "nn", "`import nn` is `import torch.nn`: `Module`, `Parameter`, containers, layers "
        "and losses.", ["nn"]),
    "api/nn-functional.md": (
        "nn.functional, nn.init", "`nn.functional` (`torch.nn.functional`, import it as "
        "`F`) and `nn.init` (`torch.nn.init`).", ["nn.functional", "nn.init"]),
    "api/optim.md": (
        "nn.optim", "`nn.optim` is `torch.optim`; `nn.optim.lr_scheduler` is "
        "`torch.optim.lr_scheduler`.", ["nn.optim", "nn.optim.lr_scheduler"]),
    "api/nn-utils-data.md": (
        "nn.utils, nn.data", "`nn.utils` (`torch.nn.utils`, with `checkpoint` from "
        "`torch.utils.checkpoint`) and `nn.data` (`torch.utils.data`).",
        ["nn.utils", "nn.utils.rnn", "nn.utils.parametrize", "nn.utils.parametrizations",
         "nn.utils.checkpoint", "nn.utils.stateless", "nn.utils.prune", "nn.data"]),
    "api/distributed.md": (
        "autograd.distributed, nn.parallel", "`autograd.distributed` is `torch.distributed` "
        "(process groups and collectives on MPI and NCCL); `nn.parallel` holds "
        "`DistributedDataParallel`. `DistributedSampler` is in `nn.data`, "
        "`ZeroRedundancyOptimizer` in `nn.optim`.",
        ["autograd.distributed", "nn.parallel"]),
}

PACKAGES = ("autograd", "nn", "backends")
SEPARATE = {"autograd": {"Tensor"}}  # names with a page of their own


def public_names(namespace: str) -> list[str]:
    """The public names of a namespace: its ``__all__``, or else every name not starting with
    an underscore that is not a module and is defined in the three packages (for a package)
    or in the module itself (for a module)."""
    module = importlib.import_module(namespace)
    if hasattr(module, "__all__"):
        return sorted(module.__all__)
    package = hasattr(module, "__path__")  # autograd, nn: their __init__ gathers the API
    names = []
    for name in dir(module):
        obj = getattr(module, name)
        if (name.startswith("_") or name == "TYPE_CHECKING"
                or isinstance(obj, (types.ModuleType, __future__._Feature))):
            continue
        home = getattr(obj, "__module__", None) or namespace
        if isinstance(obj, (int, float, str)) or (
                home.split(".")[0] in PACKAGES if package else home == namespace):
            names.append(name)
    return sorted(names)


def _group_intro(module_name: str) -> str:
    """The first paragraph of a module's docstring, on one line."""
    doc = (importlib.import_module(module_name).__doc__ or "").strip()
    return " ".join(doc.split("\n\n")[0].split())


def _groups(namespace: str) -> Iterator[tuple[str, list[str]]]:
    """(section title, names) by the module that defines each name, in a stable order."""
    module = importlib.import_module(namespace)
    by_home: dict[str, list[str]] = {}
    for name in public_names(namespace):
        if name in SEPARATE.get(namespace, ()):
            continue
        obj = getattr(module, name)
        home = getattr(obj, "__module__", None) if isinstance(obj, (type, types.FunctionType,
                                                                     types.BuiltinFunctionType)
                                                       ) else None
        if not home or home.split(".")[0] not in PACKAGES:
            home = namespace
        by_home.setdefault(home, []).append(name)
    for home in sorted(by_home, key=lambda h: (h != namespace, h)):
        yield home, by_home[home]


def render(page: str) -> str:
    """The Markdown of one API page: a title, an introduction, one entry per public name."""
    title, intro, namespaces = PAGES[page]
    lines = [f"# {title}", "", intro, ""]
    if page == "api/tensor.md":
        lines += ["::: autograd.Tensor", "    options:", "      inherited_members: true",
                  "      heading_level: 2", ""]
    for namespace in namespaces:
        if len(namespaces) > 1:
            lines += [f"## `{namespace}`", ""]
        for home, names in _groups(namespace):
            lines += [f"{'###' if len(namespaces) > 1 else '##'} `{home}`", "",
                      _group_intro(home), ""]
            for name in names:
                lines += [f"::: {namespace}.{name}"]
                if len(namespaces) > 1:  # one level deeper under the namespace's heading
                    lines += ["    options:", "      heading_level: 4"]
                lines += [""]
    return "\n".join(lines)


def documented_names(text: str) -> set[str]:
    """The dotted names an API page has an entry for."""
    return {line[4:].strip() for line in text.splitlines() if line.startswith("::: ")}
