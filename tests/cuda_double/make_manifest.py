"""Write ``cupy_manifest.json``: what the real CuPy offers, for the test double to offer no more.

Run with a real CuPy installed (it imports without a GPU)::

    pip install cupy-cuda13x && python tests/cuda_double/make_manifest.py

It records, for ``cupy`` and the submodules the project reaches (``cupy.random``,
``cupy.linalg``, ``cupy.fft``, ``cupy.lib.stride_tricks``, ``cupy.cuda``, ``cupy.cuda.runtime``,
``cupyx``, ``cupyx.scipy.special``): every public name and its kind; a function's parameters;
a ufunc's number of inputs and outputs and its type loops (the dtypes it supports); the
methods and attributes of ``cupy.ndarray``, of ufuncs and of ``cupy.random.Generator`` with
their parameters (read from the signatures Cython embeds in the docstrings).
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
import types

import cupy

MODULES = ["cupy", "cupy.random", "cupy.linalg", "cupy.fft", "cupy.lib.stride_tricks",
           "cupy.cuda", "cupy.cuda.runtime", "cupyx", "cupyx.scipy.special"]
# CuPy's ufunc.__call__ pops exactly these keywords and raises "Wrong arguments" for others.
UFUNC_KEYWORDS = ["out", "dtype", "casting"]


def _params_from_signature(sig: inspect.Signature) -> list:
    return [[p.name, p.kind.name, p.default is not inspect.Parameter.empty]
            for p in sig.parameters.values()]


def _params_from_doc(obj: object) -> list | None:
    """Parameters from Cython's embedded signature, ``name(self, a, b=1, *args, **kw)``."""
    doc = (getattr(obj, "__doc__", None) or "").strip().split("\n")[0]
    match = re.match(r"[\w.]+\((.*)\)", doc)
    if not match:
        return None
    params = []
    for part in _split(match.group(1)):
        part = part.strip()
        if not part or part == "self":
            continue
        if part.startswith("**"):
            params.append([part[2:], "VAR_KEYWORD", False])
        elif part.startswith("*"):
            params.append([part[1:], "VAR_POSITIONAL", False] if part != "*" else
                          ["*", "KEYWORD_MARKER", False])
        else:
            name, _, default = part.partition("=")
            name = name.strip().split(":")[0].split()[-1]  # "_ndarray_base a" -> "a"
            params.append([name, "POSITIONAL_OR_KEYWORD", bool(default)])
    return params


def _split(text: str) -> list[str]:
    """Split a parameter list at top-level commas."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def _params(obj: object) -> list | None:
    try:
        return _params_from_signature(inspect.signature(obj))
    except (TypeError, ValueError):
        return _params_from_doc(obj)


def _describe(obj: object) -> dict:
    if isinstance(obj, cupy.ufunc):
        return {"kind": "ufunc", "nin": obj.nin, "nout": obj.nout, "types": list(obj.types)}
    if isinstance(obj, types.ModuleType):
        return {"kind": "module"}
    if isinstance(obj, type):
        return {"kind": "class"}
    if callable(obj):
        return {"kind": "function", "params": _params(obj)}
    value = obj if isinstance(obj, (int, float, str)) or obj is None else None
    return {"kind": "constant", "value": value}


def _methods(cls: type) -> dict:
    out = {}
    for name in dir(cls):
        if name.startswith("_") and not (name.startswith("__") and name.endswith("__")):
            continue
        attr = getattr(cls, name)
        if callable(attr):
            out[name] = {"kind": "method", "params": _params_from_doc(attr)}
        else:
            out[name] = {"kind": "attribute"}
    return out


def main() -> None:
    manifest = {"version": cupy.__version__, "ufunc_keywords": UFUNC_KEYWORDS, "modules": {}}
    for modname in MODULES:
        mod = importlib.import_module(modname)
        manifest["modules"][modname] = {
            name: _describe(getattr(mod, name)) for name in dir(mod)
            if not name.startswith("_") and _readable(mod, name)}
    manifest["ndarray"] = _methods(cupy.ndarray)
    manifest["ufunc"] = {name: {"params": _params_from_doc(getattr(cupy.ufunc, name))}
                         for name in ("reduce", "accumulate", "reduceat", "outer", "at")}
    manifest["random.Generator"] = _methods(cupy.random.Generator)
    manifest["cuda.Device"] = _methods(cupy.cuda.Device)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cupy_manifest.json")
    with open(path, "w") as fh:
        json.dump(manifest, fh, indent=1, sort_keys=True)
    print(f"wrote {path} from CuPy {cupy.__version__}")


def _readable(mod: types.ModuleType, name: str) -> bool:
    try:
        getattr(mod, name)
    except Exception:  # deprecated names that refuse to be read
        return False
    return True


if __name__ == "__main__":
    main()
