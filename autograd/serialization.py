"""save / load in the safetensors format (structure as JSON metadata, never pickle).

A file written by ``save`` is a plain safetensors file: every tensor is stored under the dotted
path of its place in the saved object (``model.layer1.weight``, ``layers.0.bias``; a lone tensor
is stored as ``tensor``), so a saved state dict opens with ``safetensors.torch.load_file`` or
``safetensors.numpy.load_file`` under the names ``state_dict()`` gives. What safetensors cannot
hold, the nesting of dicts, lists and tuples, the non-tensor leaves and each tensor's device,
goes into the header's ``__metadata__`` as one JSON document under the key ``"tapegrad"``,
together with a format version. Nothing is ever pickled, so loading a file runs no code.

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
"""

from __future__ import annotations

import json
import math
import os
import secrets
import struct
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

import numpy as np

import backends
from autograd import dtypes as _dt
from autograd.engine.tensor_base import TensorBase, make

if TYPE_CHECKING:
    from autograd.tensor import Tensor

__all__ = ["load", "save"]

FORMAT_VERSION = 1
_META_KEY = "tapegrad"
# safetensors dtype names autograd can hold (bfloat16 and the float8 kinds have no NumPy dtype).
_SUPPORTED = frozenset({"BOOL", "U8", "I8", "I16", "I32", "I64", "F16", "F32", "F64"})


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
        return _leaf(obj, path)


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
        "Tensors, NumPy arrays, dicts, lists, tuples, int, float, bool, str and None"
    )


def save(obj: Any, f: str | os.PathLike | IO[bytes]) -> None:
    """Save a Tensor or nested dicts/lists/tuples of Tensors, numbers and strings to ``f``.

    Args:
        obj: what to save (see the module docstring for what comes back).
        f: a path (``str`` / ``os.PathLike``), written atomically: the data goes to a temporary
            file in the same directory, is flushed to disk, then renamed over ``f``, so a crash
            never leaves a partial file under that name; or a binary file object, written at
            its current position.
    """
    writer = _Writer()
    root = writer.node(obj, [])
    meta = {"format": "tapegrad", "version": FORMAT_VERSION, "root": root}
    text = json.dumps(meta, separators=(",", ":"), allow_nan=False)
    data = _safetensors().numpy.save(writer.arrays, metadata={_META_KEY: text})
    if isinstance(f, (str, os.PathLike)):
        _write_atomic(os.fspath(f), data)
    else:
        f.write(data)


def _write_atomic(path: str, data: bytes) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = os.path.join(directory, f".{base}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, flags, 0o666)  # the umask applies, as for a plain open()
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable (not possible on every platform)
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


# -- reading ------------------------------------------------------------------------------------
def _read_header(data: bytes, name: str) -> dict[str, Any]:
    """Check the safetensors framing and return the parsed header, or raise naming the file."""
    bad = f"load: {name} is not a valid safetensors file"
    if len(data) < 8:
        raise RuntimeError(f"{bad} (only {len(data)} bytes; truncated or empty)")
    (size,) = struct.unpack("<Q", data[:8])
    if size > len(data) - 8:
        raise RuntimeError(f"{bad} (header of {size} bytes runs past the end: truncated?)")
    try:
        header = json.loads(data[8:8 + size].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise RuntimeError(f"{bad} (its header is not JSON)") from None
    if not isinstance(header, dict):
        raise RuntimeError(f"{bad} (its header is not a JSON object)")
    return header


def load(f: str | os.PathLike | IO[bytes], map_location: Any = None) -> Any:
    """Load what ``save`` wrote (or any safetensors file, as a flat dict of tensors).

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
    header = _read_header(data, name)
    for key, info in header.items():
        if key != "__metadata__" and isinstance(info, dict) and info.get("dtype") not in _SUPPORTED:
            raise TypeError(
                f"load: tensor {key!r} in {name} has dtype {info.get('dtype')}, which autograd "
                f"does not support (supported: {', '.join(sorted(_SUPPORTED))})"
            )
    st = _safetensors()
    try:
        arrays = st.numpy.load(data)
    except (st.SafetensorError, ValueError, KeyError) as exc:
        raise RuntimeError(f"load: {name} is not a valid safetensors file ({exc})") from None
    place = _placer(map_location)
    metadata = header.get("__metadata__") or {}
    if _META_KEY not in metadata:
        offsets = {k: v["data_offsets"][0] for k, v in header.items() if k != "__metadata__"}
        return {k: place(arrays[k], "cpu") for k in sorted(arrays, key=offsets.__getitem__)}
    try:
        meta = json.loads(metadata[_META_KEY])
        version = meta["version"]
        root = meta["root"]
    except (ValueError, KeyError, TypeError):
        raise RuntimeError(f"load: {name} has corrupt tapegrad metadata") from None
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise RuntimeError(
            f"load: {name} uses tapegrad format version {version}, newer than this version "
            f"reads ({FORMAT_VERSION}); upgrade tapegrad"
        )
    try:
        return _build(root, arrays, place)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise RuntimeError(f"load: {name} has corrupt tapegrad metadata ({exc!r})") from None


def _build(node: dict[str, Any], arrays: dict[str, np.ndarray], place: Callable) -> Any:
    if "tensor" in node:
        return place(arrays[node["tensor"]], node["device"])
    if "ndarray" in node:
        return arrays[node["ndarray"]]
    if "dict" in node:
        return {_build(k, arrays, place): _build(v, arrays, place) for k, v in node["dict"]}
    if "list" in node:
        return [_build(v, arrays, place) for v in node["list"]]
    if "tuple" in node:
        return tuple(_build(v, arrays, place) for v in node["tuple"])
    if "value" in node:
        return node["value"]
    if "float" in node:
        return float(node["float"])
    raise ValueError(f"unknown node {sorted(node)}")


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
