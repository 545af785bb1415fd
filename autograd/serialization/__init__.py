"""save / load in the safetensors format (structure as JSON metadata, never pickle).

A file written by ``save`` is a plain safetensors file: every tensor is stored under the dotted
path of its place in the saved object (``model.layer1.weight``, ``layers.0.bias``; a lone tensor
is stored as ``tensor``), so a saved state dict opens with ``safetensors.torch.load_file`` or
``safetensors.numpy.load_file`` under the names ``state_dict()`` gives. What safetensors cannot
hold, the nesting of dicts, lists and tuples, the non-tensor leaves and each tensor's device,
goes into the header's ``__metadata__`` as one JSON document under the key ``"tapegrad"``,
together with a format version. Nothing is ever pickled, so loading a file runs no code
other than the constructors of allowed module classes (below).

Choices that differ from ``torch.save`` / ``torch.load``:

- ``requires_grad`` is not saved: loaded tensors are plain leaves. Parameters get it back when
  the tensors go through ``Module.load_state_dict``, which copies into existing Parameters.
- Tensors that share memory (or the same tensor saved twice) are written as separate copies and
  come back as separate tensors; safetensors has no notion of shared storage.
- Views are saved as their own contiguous values, not as a window into a larger storage.
- A safetensors file written by another program (no ``"tapegrad"`` metadata) loads as a flat
  ``dict`` of tensors keyed by the file's names, in file order, so checkpoints written with
  ``safetensors.torch.save_file`` load directly.
- Numpy scalars are saved as the equivalent Python numbers; NumPy arrays round-trip as arrays.
- A whole ``nn.Module`` is saved as its state dict plus a JSON description of its module tree
  (``autograd.serialization.modules``), never pickled; ``load`` rebuilds it from allowed
  classes only (tapegrad's own, and those passed to ``add_safe_globals`` / ``safe_globals``).

Files are untrusted input: the header's size and nesting are bounded and every metadata field
is checked for its type before use (``autograd.serialization.metadata``); writes go through a
temporary file named after the writing process, and stale ones are cleaned up
(``autograd.serialization.files``).
"""

from __future__ import annotations

import json
import math
import os
import pickle  # for its exception type only: nothing is ever unpickled
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

import numpy as np

import backends
from autograd import dtypes as _dt
from autograd.engine.tensor_base import TensorBase, make
from autograd.serialization import modules as _modules
from autograd.serialization.files import write_atomic as _write_atomic
from autograd.serialization.metadata import (
    MAX_DEPTH,
    MAX_HEADER_BYTES,
    NUMPY_DTYPES,
    BadFile,
    BadMeta,
    array,
    check_meta,
    kind,
    parse_json,
    read_header,
    scalar,
    string,
)
from autograd.serialization.modules import (
    add_safe_globals,
    clear_safe_globals,
    get_safe_globals,
    safe_globals,
)

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["add_safe_globals", "clear_safe_globals", "get_safe_globals", "load", "safe_globals",
           "save"]

FORMAT_VERSION = 2  # 2: module nodes; files without one are written as version 1
_META_KEY = "tapegrad"


def _safetensors() -> Any:
    # Imported on first use so that ``import autograd`` does not depend on it.
    try:
        import safetensors.numpy
    except ImportError as exc:
        raise RuntimeError(
            "autograd.save / autograd.load need the safetensors package: pip install safetensors"
        ) from exc
    return safetensors


# -- writing ------------------------------------------------------------------------------------
class _Writer:
    """Walks the object, collecting host arrays under unique dotted names and the structure."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}
        self._active: set[int] = set()
        self.has_modules = False

    def name(self, path: list[str]) -> str:
        # Dotted paths are kept verbatim so state-dict names survive; the rare collision
        # ({"a.b": x, "a": {"b": y}}) is resolved by a suffix, the structure records the real one.
        base = ".".join(path) if path else "tensor"
        key, n = base, 0
        while key in self.arrays:
            n += 1
            key = f"{base}~{n}"
        return key

    def node(self, obj: Any, path: list[str]) -> dict[str, Any]:
        if isinstance(obj, TensorBase):
            key = self.name(path)
            self.arrays[key] = _contiguous(obj._host())
            return {"tensor": key, "device": str(obj.device)}
        if isinstance(obj, np.ndarray):
            _dt.as_dtype(obj.dtype)
            key = self.name(path)
            self.arrays[key] = _contiguous(obj)
            return {"ndarray": key}
        if isinstance(obj, (dict, list, tuple)):
            if id(obj) in self._active:
                raise ValueError(f"save: {'.'.join(path) or 'the object'} contains itself")
            if len(self._active) >= _MAX_NESTING:
                raise ValueError(f"save: the object is nested more than {_MAX_NESTING} levels "
                                 f"deep at {'.'.join(path)}; load would refuse the file")
            self._active.add(id(obj))
            try:
                if isinstance(obj, dict):
                    items = [[_leaf(k, path, key=True), self.node(v, [*path, str(k)])]
                             for k, v in obj.items()]
                    return {"dict": items}
                kind = "list" if isinstance(obj, list) else "tuple"
                return {kind: [self.node(v, [*path, str(i)]) for i, v in enumerate(obj)]}
            finally:
                self._active.discard(id(obj))
        if _modules.is_module(obj):
            self.has_modules = True
            desc = _modules.describe(obj)
            return {"module": desc, "state": self.node(obj.state_dict(), path)}
        return _leaf(obj, path)


# A dict or list costs 3 levels of JSON; the rest of the document up to 6.
_MAX_NESTING = (MAX_DEPTH - 6) // 3


def _contiguous(array: np.ndarray) -> np.ndarray:
    # Not np.ascontiguousarray: it turns 0-d arrays into 1-d ones.
    return array if array.flags.c_contiguous else array.copy(order="C")


def _leaf(value: Any, path: list[str], key: bool = False) -> dict[str, Any]:
    if isinstance(value, np.generic) and not isinstance(value, (np.str_, np.bytes_)):
        value = value.item()
    if value is None or isinstance(value, (bool, int, str)):
        return {"value": value}
    if isinstance(value, float):
        # JSON has no NaN or infinities; keep the file readable by strict JSON parsers.
        return {"value": value} if math.isfinite(value) else {"float": repr(value)}
    where = ".".join(path) or "the top level"
    what = "dict key" if key else "value"
    raise TypeError(
        f"save: cannot save {what} of type {type(value).__name__} at {where}; supported are "
        "Tensors, NumPy arrays, dicts, lists, tuples, int, float, bool, str, None and nn.Modules"
    )


def save(obj: Any, f: str | os.PathLike | IO[bytes], pickle_module: Any = None,
         pickle_protocol: int = 2, _use_new_zipfile_serialization: bool = True,
         _disable_byteorder_record: bool = False) -> None:
    """Save a Tensor, an ``nn.Module``, or nested dicts/lists/tuples of these, numbers and
    strings to ``f`` (``torch.save``, without pickle: PyTorch's pickle and zip-file arguments
    are accepted and have nothing to choose).

    Args:
        obj: what to save (see the module docstring for what comes back). A whole module is
            saved as its state dict plus a JSON description of its module tree: every
            constructor argument must be a JSON value, dtype, device or module (else TypeError:
            save ``model.state_dict()`` instead).
        f: a path (``str`` / ``os.PathLike``), written atomically: the data goes to a temporary
            file in the same directory named after this process, is flushed to disk, then
            renamed over ``f``, so a crash never leaves a partial file under that name (and the
            next save into that directory removes the temporary files of dead processes); or a
            binary file object, written at its current position.
    """
    writer = _Writer()
    root = writer.node(obj, [])
    meta = {"format": "tapegrad", "version": 2 if writer.has_modules else 1, "root": root}
    text = json.dumps(meta, separators=(",", ":"), allow_nan=False)
    if len(text) > MAX_HEADER_BYTES // 2:
        raise ValueError(f"save: the structure takes {len(text)} bytes of JSON, more than load "
                         f"accepts ({MAX_HEADER_BYTES // 2}); save fewer, larger tensors")
    data = _safetensors().numpy.save(writer.arrays, metadata={_META_KEY: text})
    if isinstance(f, (str, os.PathLike)):
        _write_atomic(os.fspath(f), data)
    else:
        f.write(data)


# -- reading ------------------------------------------------------------------------------------
def load(f: str | os.PathLike | IO[bytes], map_location: Any = None, pickle_module: Any = None,
         *, weights_only: bool | None = None, mmap: bool | None = None,
         **pickle_load_args: Any) -> Any:
    """Load what ``save`` wrote (or any safetensors file, as a flat dict of tensors).

    ``torch.load``'s ``pickle_module``, ``weights_only``, ``mmap`` and pickle arguments are
    accepted; nothing is unpickled, so every load is what PyTorch's ``weights_only=True``
    promises (and ``weights_only=False`` allows no more classes).

    Never runs code from the file: a whole module is rebuilt only from allowed classes
    (tapegrad's own, and those given to ``add_safe_globals`` / ``safe_globals``; any other
    raises ``pickle.UnpicklingError`` naming the class). A malformed file raises RuntimeError
    naming the file and the problem.

    Args:
        f: a path or a binary file object (read from its current position to the end).
        map_location: where tensors go. ``None``: back to the device each was saved from
            (a RuntimeError if that device is not usable here); a device (``"cpu"``,
            ``"cuda:1"``): all tensors there; a dict ``{saved: target}`` of device strings
            (``{"cuda:0": "cpu"}``), devices not in it stay where they were; a callable
            ``fn(tensor_on_cpu, saved_location)`` returning a Tensor, a device, or None for
            the default placement.
    """
    if isinstance(f, (str, os.PathLike)):
        name = repr(os.fspath(f))
        with open(f, "rb") as fh:
            data = fh.read()
    else:
        name = repr(getattr(f, "name", f))
        data = f.read()
    place = _placer(map_location)
    try:
        return _load(data, place)
    except BadFile as exc:
        raise RuntimeError(f"load: {name} {exc.what}: {exc}") from None
    except TypeError as exc:  # a dtype autograd does not hold
        raise TypeError(f"load: {exc} in {name}") from None
    except pickle.UnpicklingError as exc:  # a module class that is not allowed
        raise pickle.UnpicklingError(f"load: {name}: {exc}") from None


def _load(data: bytes, place: Callable) -> Any:
    header, _ = read_header(data)
    st = _safetensors()
    try:
        arrays = _arrays(st, data)
    except Exception as exc:  # the parser's own checks (offsets, sizes): any failure is the file's
        raise BadFile(f"{type(exc).__name__}: {exc}"[:300]) from None
    metadata = header.get("__metadata__") or {}
    if _META_KEY not in metadata:
        offsets = {k: v["data_offsets"][0] for k, v in header.items() if k != "__metadata__"}
        return {k: place(arrays[k], "cpu") for k in sorted(arrays, key=offsets.__getitem__)}
    meta = parse_json(metadata[_META_KEY], "tapegrad metadata", BadMeta)
    _, root = check_meta(meta, FORMAT_VERSION)
    return _build(root, arrays, place, "the root")



def _arrays(st: Any, data: bytes) -> dict[str, np.ndarray]:
    """The file's arrays by name (read here rather than by safetensors' NumPy reader, which
    does not know ml_dtypes' bfloat16); the header was checked before."""
    out = {}
    for key, info in st.deserialize(data):
        name = info["dtype"]
        # (as_dtype also tells the engine that bfloat16 tensors exist from now on)
        dtype = _dt.as_dtype("bfloat16") if name == "BF16" else np.dtype(NUMPY_DTYPES[name])
        out[key] = np.frombuffer(info["data"], dtype=dtype).reshape(info["shape"])
    return out


def _build(node: Any, arrays: dict[str, np.ndarray], place: Callable, where: str) -> Any:
    """The object a structure node stands for, every field checked on the way."""
    k = kind(node, where)
    if k == "tensor":
        key = string(node["tensor"], "tensor name", where)
        if key not in arrays:
            raise BadMeta(f"the tensor {key!r:.60} at {where} is not in the file")
        device = string(node["device"], "device", where)
        try:
            backends.device(device)
        except (RuntimeError, ValueError, TypeError) as exc:
            raise BadMeta(f"the device {device!r:.40} at {where} is not a device: {exc}") from None
        return place(arrays[key], device)
    if k == "ndarray":
        key = string(node["ndarray"], "array name", where)
        if key not in arrays:
            raise BadMeta(f"the array {key!r:.60} at {where} is not in the file")
        return arrays[key]
    if k == "dict":
        out = {}
        for i, pair in enumerate(array(node["dict"], "dict items", where)):
            if not (isinstance(pair, list) and len(pair) == 2):
                raise BadMeta(f"item {i} of the dict at {where} is not a [key, value] pair")
            key_kind = kind(pair[0], f"key {i} of {where}")
            if key_kind not in ("value", "float"):
                raise BadMeta(f"key {i} of the dict at {where} is a {key_kind}, not a value")
            key = scalar(pair[0], key_kind, where)
            out[key] = _build(pair[1], arrays, place, f"{where}[{key!r:.40}]")
        return out
    if k in ("list", "tuple"):
        items = [_build(v, arrays, place, f"{where}[{i}]")
                 for i, v in enumerate(array(node[k], k, where))]
        return items if k == "list" else tuple(items)
    if k == "module":
        state = _build(node["state"], arrays, place, f"the state of {where}")
        if not isinstance(state, dict):
            raise BadMeta(f"the state of the module at {where} is not a dict")
        return _modules.rebuild(node["module"], state, where)
    return scalar(node, k, where)


def _usable(location: str, hint: bool) -> backends.Device:
    dev = backends.device(location)
    try:
        _ = dev.backend  # raises the clear error when the device is missing
    except RuntimeError as exc:
        if not hint:
            raise
        raise RuntimeError(
            f"load: a tensor was saved on {location}, which is not usable here ({exc}); "
            "pass map_location='cpu' (or another device) to load it elsewhere"
        ) from None
    return dev


def _to_device(array: np.ndarray, dev: backends.Device) -> Tensor:
    data = array if dev.type == "cpu" else dev.backend.from_numpy(array)
    return make(data, dev)


def _placer(map_location: Any) -> Callable[[np.ndarray, str], Tensor]:
    """A function (host array, saved location) -> Tensor implementing ``map_location``."""
    if map_location is None:
        return lambda array, loc: _to_device(array, _usable(loc, True))
    if isinstance(map_location, (str, backends.Device)):
        target = _usable(map_location, False)
        return lambda array, loc: _to_device(array, target)
    if isinstance(map_location, dict):
        table = {backends.device(k): v for k, v in map_location.items()}

        def by_table(array: np.ndarray, loc: str) -> Tensor:
            target = table.get(backends.device(loc))
            return _to_device(array, _usable(loc, True) if target is None
                              else _usable(target, False))

        return by_table
    if callable(map_location):
        def by_call(array: np.ndarray, loc: str) -> Tensor:
            out = map_location(make(array, backends.CPU), loc)
            if out is None:
                return _to_device(array, _usable(loc, True))
            if isinstance(out, TensorBase):
                return out
            return _to_device(array, _usable(out, False))

        return by_call
    raise TypeError(
        "load: map_location must be None, a device, a dict or a callable, got "
        f"{type(map_location).__name__}"
    )
