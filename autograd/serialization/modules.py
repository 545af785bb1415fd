"""Whole-module checkpoints without pickle: a JSON description of the module tree.

``save(model, f)`` of an ``nn.Module`` writes its ``state_dict()`` as usual plus a description:
a table of the modules in the tree, each with its class (module path and qualified name), the
arguments its constructor was called with (recorded by ``nn.Module.__new__``), its training flag
and its children by name. Arguments may be JSON values, dtypes, devices, other modules of the
tree and lists, tuples and str-keyed dicts of these; anything else is refused at save time.

``load`` rebuilds the tree from classes on an allow-list only: tapegrad's own modules (``nn`` and
its submodules) by default, other classes once passed to ``add_safe_globals`` or
``safe_globals`` (as ``torch.serialization``). A class not on it raises, naming it, before any
constructor runs; no module is imported except tapegrad's own ``nn.*``. The root's constructor
runs with its recorded arguments; each child it made is kept when its class and arguments match
the description, else built from its own entry; then the state dict is assigned.

Allowing a class means trusting the file's arguments to its constructor: a hostile file can make
an allowed ``nn.Linear`` as large as its arguments say. A Tensor among the arguments (as
``nn.Embedding.from_pretrained`` passes one) is refused at save time like any other value JSON
cannot hold.
"""

from __future__ import annotations

import importlib
import pickle  # for its exception type only: nothing is ever unpickled
import re
from collections.abc import Callable
from typing import Any

import numpy as np

import backends
from autograd import dtypes as _dt
from autograd.serialization.metadata import NON_FINITE, BadMeta, array, string

_ALLOWED: dict[str, type] = {}  # "module.qualname" -> class, from add_safe_globals
_OWN = re.compile(r"^nn(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_DTYPES = frozenset({"bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32",
                     "float64"} | (set() if _dt.BFLOAT16 is None else {"bfloat16"}))
_ENTRY_KEYS = {"class", "args", "kwargs", "training", "children"}


# -- the allow-list (torch.serialization's names) -------------------------------------------------
def _key(entry: Any) -> tuple[str, type]:
    if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], str):
        return entry[1], entry[0]
    if isinstance(entry, type):
        return f"{entry.__module__}.{entry.__qualname__}", entry
    raise TypeError(f"safe globals must be classes or (class, 'module.name') pairs, got "
                    f"{type(entry).__name__}")


def add_safe_globals(safe_globals: list[Any]) -> None:
    """Allow ``load`` to rebuild modules of these classes (``torch.serialization``'s name)."""
    pairs = [_key(g) for g in safe_globals]
    _ALLOWED.update(pairs)


def get_safe_globals() -> list[Any]:
    """The classes added with ``add_safe_globals`` (tapegrad's own are allowed without it)."""
    return [cls if f"{cls.__module__}.{cls.__qualname__}" == k else (cls, k)
            for k, cls in _ALLOWED.items()]


def clear_safe_globals() -> None:
    """Forget every class added with ``add_safe_globals``."""
    _ALLOWED.clear()


class safe_globals:
    """Context manager: allow these classes inside the ``with`` block only."""

    def __init__(self, safe_globals: list[Any]) -> None:
        self.safe_globals = safe_globals

    def __enter__(self) -> None:
        self._saved = dict(_ALLOWED)
        add_safe_globals(self.safe_globals)

    def __exit__(self, *exc: Any) -> None:
        _ALLOWED.clear()
        _ALLOWED.update(self._saved)


# -- saving -------------------------------------------------------------------------------------
def is_module(obj: Any) -> bool:
    """An ``nn.Module`` (told by the constructor record its ``__new__`` leaves)."""
    return isinstance(obj.__dict__.get("__tapegrad_init_args__") if hasattr(obj, "__dict__")
                      else None, tuple)


def _class_path(cls: type) -> list[str]:
    return [cls.__module__, cls.__qualname__]


def describe(root: Any) -> dict[str, Any]:
    """The JSON description of ``root``'s module tree (raises TypeError for what JSON cannot
    hold, pointing to ``state_dict()``)."""
    table: list[Any] = []
    index: dict[int, int] = {}

    def entry(module: Any, where: str) -> int:
        k = index.get(id(module))
        if k is not None:
            return k
        # a module that changed class since (a lazy layer become the ordinary one) is built
        # again by the constructor its arguments were given to
        cls = module.__dict__.get("__tapegrad_init_class__", type(module))
        qualname = cls.__qualname__
        if not _NAME.match(qualname) or cls.__module__ is None:
            raise TypeError(
                f"save: cannot save {where} ({cls.__module__}.{qualname}) as a whole module: its "
                "class is not importable by name (defined inside a function, or made at run "
                "time); save its state_dict() instead and build the model in code")
        k = index[id(module)] = len(table)
        table.append(None)
        args, kwargs = module.__dict__["__tapegrad_init_args__"]
        what = f"the constructor of {where} ({cls.__module__}.{qualname})"
        # children first, so that a module met again among the arguments (a Sequential's) is
        # named by its place in the tree in messages. Every name counts, shared children
        # included (named_children() gives each module once); ``_modules`` is the children
        # table under PyTorch's name.
        children = [[name, entry(child, f"{where}.{name}")]
                    for name, child in module._modules.items() if child is not None]
        table[k] = {
            "class": _class_path(cls),
            "args": [_encode(a, f"argument {i} of {what}", entry) for i, a in enumerate(args)],
            "kwargs": {k2: _encode(v, f"argument {k2!r} of {what}", entry)
                       for k2, v in kwargs.items()},
            "training": bool(module.training),
            "children": children,
        }
        return k

    root_index = entry(root, "the model")
    return {"modules": table, "root": root_index}


def _encode(value: Any, where: str, entry: Callable[[Any, str], int]) -> Any:
    if isinstance(value, np.generic) and not isinstance(value, (np.str_, np.bytes_)):
        value = value.item()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else {"float": repr(value)}
    if isinstance(value, np.dtype) and value.name in _DTYPES:
        return {"dtype": value.name}
    if isinstance(value, backends.Device):
        return {"device": str(value)}
    if is_module(value):
        return {"module": entry(value, where)}
    if isinstance(value, list):
        return {"list": [_encode(v, f"{where}[{i}]", entry) for i, v in enumerate(value)]}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v, f"{where}[{i}]", entry) for i, v in enumerate(value)]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: _encode(v, f"{where}[{k!r}]", entry) for k, v in value.items()}}
    raise TypeError(
        f"save: cannot save the model as a whole module: {where} is a {type(value).__name__}, "
        "which a JSON module description cannot hold (JSON values, dtypes, devices, modules and "
        "lists/tuples/dicts of them only); save model.state_dict() instead and build the model "
        "in code"
    )


# -- loading ------------------------------------------------------------------------------------
def _resolve(path: Any, where: str) -> type:
    """The class named by a description, from the allow-list only."""
    if not (isinstance(path, list) and len(path) == 2 and all(isinstance(p, str) for p in path)):
        raise BadMeta(f"the class of {where} is {path!r:.80}, not [module, name]")
    module, qualname = path
    allowed = _ALLOWED.get(f"{module}.{qualname}")
    if allowed is not None:
        return allowed
    if _OWN.match(module) and _NAME.match(qualname):
        try:
            obj: Any = importlib.import_module(module)  # tapegrad's own nn package only
        except ImportError:
            obj = None
        for part in qualname.split("."):
            obj = getattr(obj, part, None)
        if (isinstance(obj, type) and obj.__module__ == module and obj.__qualname__ == qualname
                and callable(getattr(obj, "load_state_dict", None))
                and callable(getattr(obj, "named_children", None))):
            return obj
    raise pickle.UnpicklingError(
        f"the module class {module}.{qualname} (of {where}) is not allowed: tapegrad's own "
        "modules load by default; if you trust this file, allow the class with "
        f"autograd.serialization.add_safe_globals([{qualname}]) or within "
        f"`with autograd.serialization.safe_globals([{qualname}]):`"
    )


def rebuild(desc: Any, state: dict[str, Any], where: str) -> Any:
    """Build the module tree ``desc`` describes and assign it ``state``."""
    if not isinstance(desc, dict) or set(desc) != {"modules", "root"}:
        raise BadMeta(f"the module description at {where} is not {{modules, root}}")
    table = array(desc["modules"], "module table", where)
    for k, e in enumerate(table):
        if not isinstance(e, dict) or set(e) != _ENTRY_KEYS:
            raise BadMeta(f"module entry {k} at {where} does not have the keys "
                          f"{sorted(_ENTRY_KEYS)}")
        array(e["args"], "args", f"module entry {k}")
        if not isinstance(e["kwargs"], dict):
            raise BadMeta(f"the kwargs of module entry {k} are not a JSON object")
        if type(e["training"]) is not bool:
            raise BadMeta(f"the training flag of module entry {k} is not a boolean")
        for pair in array(e["children"], "children", f"module entry {k}"):
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                    and _ref(pair[1], table)):
                raise BadMeta(f"module entry {k} has a bad child {pair!r:.60}")
    if not _ref(desc["root"], table):
        raise BadMeta(f"the root of the module description at {where} is not an entry")
    # every class is checked before any constructor runs
    classes = [_resolve(e["class"], f"module entry {k}") for k, e in enumerate(table)]
    built: dict[int, Any] = {}
    building: set[int] = set()

    def construct(k: int) -> Any:
        if not _ref(k, table):
            raise BadMeta(f"an argument refers to module entry {k!r:.20}, which does not exist")
        if k in built:
            return built[k]
        if k in building:
            raise BadMeta(f"module entry {k} is among its own constructor's arguments")
        building.add(k)
        e = table[k]
        args = [_decode(a, construct, f"module entry {k}") for a in e["args"]]
        kwargs = {string(n, "argument name", f"module entry {k}"):
                  _decode(v, construct, f"module entry {k}") for n, v in e["kwargs"].items()}
        cls = classes[k]
        try:
            module = cls(*args, **kwargs)
        except Exception as exc:
            raise BadMeta(f"rebuilding {cls.__module__}.{cls.__qualname__} from its recorded "
                          f"arguments failed: {exc!r:.300}") from exc
        building.discard(k)
        built[k] = module
        adopt(k, module)
        return module

    def adopt(k: int, module: Any) -> None:
        # the children the constructor made stand for their entries when they match them
        for name, j in table[k]["children"]:
            current = getattr(module, name, None)
            if j in built:
                target = built[j]
            elif (current is not None and is_module(current) and type(current) is classes[j]
                  and _same_args(current, table[j])):
                built[j] = target = current
                adopt(j, current)
            else:
                target = construct(j)
            if current is not target:
                setattr(module, name, target)

    root = construct(desc["root"])
    for k, module in built.items():
        module.training = table[k]["training"]
    try:
        root.load_state_dict(state, strict=True, assign=True)
    except (RuntimeError, TypeError, ValueError) as exc:
        raise BadMeta(f"its state dict does not fit the module it describes: {exc}") from None
    return root


def _ref(k: Any, table: list) -> bool:
    return type(k) is int and 0 <= k < len(table)


def _same_args(module: Any, e: dict[str, Any]) -> bool:
    """Whether a module was built with the arguments of description entry ``e`` (modules among
    them compared by position only)."""
    args, kwargs = module.__dict__["__tapegrad_init_args__"]
    try:
        mine = _encode(list(args), "", lambda m, w: -1), _encode(kwargs, "", lambda m, w: -1)
    except TypeError:
        return False
    return mine == (_blind({"list": e["args"]}),
                    {"dict": {k: _blind(v) for k, v in e["kwargs"].items()}})


def _blind(value: Any) -> Any:
    """A recorded argument with every module reference made the same (-1)."""
    if isinstance(value, dict) and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "module":
            return {"module": -1}
        if tag in ("list", "tuple") and isinstance(inner, list):
            return {tag: [_blind(v) for v in inner]}
        if tag == "dict" and isinstance(inner, dict):
            return {"dict": {k: _blind(v) for k, v in inner.items()}}
    return value


def _decode(value: Any, construct: Callable[[int], Any], where: str) -> Any:
    if value is None or type(value) in (bool, int, float, str):
        return value
    if not isinstance(value, dict) or len(value) != 1:
        raise BadMeta(f"an argument of {where} is {value!r:.60}, not a tagged JSON object")
    ((tag, inner),) = value.items()
    if tag == "float" and isinstance(inner, str) and inner in NON_FINITE:
        return NON_FINITE[inner]
    if tag == "dtype" and isinstance(inner, str) and inner in _DTYPES:
        return _dt.as_dtype(inner)
    if tag == "device" and isinstance(inner, str):
        try:
            return backends.device(inner)
        except (RuntimeError, ValueError, TypeError) as exc:
            raise BadMeta(f"an argument of {where} names the device {inner!r:.40}: {exc}") from None
    if tag == "module" and type(inner) is int:
        return construct(inner)
    if tag in ("list", "tuple") and isinstance(inner, list):
        items = [_decode(v, construct, where) for v in inner]
        return items if tag == "list" else tuple(items)
    if tag == "dict" and isinstance(inner, dict):
        return {k: _decode(v, construct, where) for k, v in inner.items()}
    raise BadMeta(f"an argument of {where} is {value!r:.60}, which is not a recorded value")

