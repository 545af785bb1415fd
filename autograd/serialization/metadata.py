"""Reading a file's header and tapegrad metadata with bounds, and checking every field.

Everything read from a file is untrusted: the header's size and nesting are bounded before it is
parsed (a deeply nested JSON document would otherwise end in RecursionError), and each field of
the metadata is checked for its type before it is used. A bad file raises RuntimeError naming
the file and what is wrong with it.
"""

from __future__ import annotations

import json
import re
import struct
from typing import Any

import numpy as np

from autograd import dtypes as _dt

# safetensors refuses headers over 100 MB itself; the tapegrad document inside gets the same
# bound. Nesting: a saved dict or list costs 3 JSON levels, so 300 allows 100 levels of data.
MAX_HEADER_BYTES = 100_000_000
MAX_DEPTH = 300
# safetensors dtype names autograd can hold (bfloat16 where ml_dtypes is installed; the float8
# kinds have no dtype here).
NUMPY_DTYPES = {"BOOL": "bool", "U8": "uint8", "I8": "int8", "I16": "int16", "I32": "int32",
                "I64": "int64", "F16": "float16", "F32": "float32", "F64": "float64"}
SUPPORTED = frozenset(NUMPY_DTYPES) | (frozenset() if _dt.BFLOAT16 is None else {"BF16"})
NON_FINITE = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")}

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_OPEN = np.frombuffer(b"[{", np.uint8)
_CLOSE = np.frombuffer(b"]}", np.uint8)


class BadFile(RuntimeError):
    """Raised inside the reader; ``load`` turns it into a RuntimeError naming the file."""

    what = "is not a valid safetensors file"


class BadMeta(BadFile):
    """The safetensors framing is fine, the tapegrad document in it is not."""

    what = "has corrupt tapegrad metadata"


class BadVersion(BadFile):
    what = "cannot be read"


def json_depth(text: bytes) -> int:
    """The deepest nesting of ``[`` / ``{`` in a JSON text, outside its strings (vectorised:
    no Python loop over characters)."""
    codes = np.frombuffer(_STRING.sub(b'""', text), np.uint8)
    step = np.isin(codes, _OPEN).astype(np.int64) - np.isin(codes, _CLOSE)
    return int(np.cumsum(step).max(initial=0))


def parse_json(text: bytes | str, what: str, error: type[BadFile] = BadFile) -> Any:
    """``json.loads`` with the size and depth bounds checked first."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > MAX_HEADER_BYTES:
        raise error(f"its {what} is {len(raw)} bytes, more than the {MAX_HEADER_BYTES} allowed")
    depth = json_depth(raw)
    if depth > MAX_DEPTH:
        raise error(f"its {what} is nested {depth} levels deep, more than the {MAX_DEPTH} "
                      "allowed")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise error(f"its {what} is not JSON") from None


def read_header(data: bytes) -> tuple[dict[str, Any], int]:
    """Check the safetensors framing; return the parsed header and the header's size."""
    if len(data) < 8:
        raise BadFile(f"only {len(data)} bytes; truncated or empty")
    (size,) = struct.unpack("<Q", data[:8])
    if size > len(data) - 8:
        raise BadFile(f"header of {size} bytes runs past the end: truncated?")
    header = parse_json(data[8:8 + size], "header")
    if not isinstance(header, dict):
        raise BadFile("its header is not a JSON object")
    for key, info in header.items():
        if key == "__metadata__":
            if not isinstance(info, dict) or not all(isinstance(v, str) for v in info.values()):
                raise BadFile("its __metadata__ is not a JSON object of strings")
            continue
        if not isinstance(info, dict):
            raise BadFile(f"the entry of tensor {key!r} is not a JSON object")
        dtype = info.get("dtype")
        if not isinstance(dtype, str):
            raise BadFile(f"tensor {key!r} has no dtype string")
        if dtype not in SUPPORTED:
            raise TypeError(f"tensor {key!r} has dtype {dtype[:40]}, which autograd does not "
                            f"support (supported: {', '.join(sorted(SUPPORTED))})")
        shape, offsets = info.get("shape"), info.get("data_offsets")
        if not (isinstance(shape, list) and all(_count(n) for n in shape)):
            raise BadFile(f"tensor {key!r} has a shape that is not a list of sizes: {shape!r:.80}")
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(map(_count, offsets))):
            raise BadFile(f"tensor {key!r} has bad data_offsets: {offsets!r:.80}")
    return header, size


def _count(n: Any) -> bool:
    return type(n) is int and 0 <= n < 2**63


def check_meta(meta: Any, newest: int) -> tuple[int, Any]:
    """The version and root node of the tapegrad document, checked for type."""
    if not isinstance(meta, dict):
        raise BadMeta("its tapegrad metadata is not a JSON object")
    if meta.get("format") != "tapegrad":
        raise BadMeta(f"its tapegrad metadata has format {meta.get('format')!r:.40}, "
                      "not 'tapegrad'")
    version = meta.get("version")
    if type(version) is not int or version < 1:
        raise BadMeta(f"its tapegrad format version is {version!r:.40}, not a positive int")
    if version > newest:
        raise BadVersion(f"it uses tapegrad format version {version}, newer than this version "
                      f"reads ({newest}); upgrade tapegrad")
    if "root" not in meta:
        raise BadMeta("its tapegrad metadata has no root")
    return version, meta["root"]


def kind(node: Any, where: str) -> str:
    """The kind of a structure node (``tensor``, ``dict``, ...), checked for shape."""
    if not isinstance(node, dict) or not node:
        raise BadMeta(f"the node at {where} is not a JSON object: {node!r:.60}")
    keys = set(node)
    for name, allowed in _NODE_KEYS.items():
        if name in node:
            if keys != allowed:
                raise BadMeta(f"the {name} node at {where} has keys {sorted(keys)}, expected "
                              f"{sorted(allowed)}")
            return name
    raise BadMeta(f"unknown node at {where} with keys {sorted(keys)[:8]}")


_NODE_KEYS = {
    "tensor": {"tensor", "device"}, "ndarray": {"ndarray"}, "dict": {"dict"}, "list": {"list"},
    "tuple": {"tuple"}, "value": {"value"}, "float": {"float"}, "module": {"module", "state"},
}


def scalar(node: dict[str, Any], name: str, where: str) -> Any:
    """The value of a ``value`` or ``float`` node."""
    if name == "float":
        text = node["float"]
        if not isinstance(text, str) or text not in NON_FINITE:
            raise BadMeta(f"the float node at {where} holds {text!r:.40}, not nan, inf or -inf")
        return NON_FINITE[text]
    value = node["value"]
    if value is not None and type(value) not in (bool, int, float, str):
        raise BadMeta(f"the value at {where} is a JSON {type(value).__name__}, not a number, "
                      "string, boolean or null")
    return value


def string(value: Any, what: str, where: str) -> str:
    if not isinstance(value, str):
        raise BadMeta(f"the {what} at {where} is {type(value).__name__}, not a string")
    return value


def array(value: Any, what: str, where: str) -> list:
    if not isinstance(value, list):
        raise BadMeta(f"the {what} at {where} is {type(value).__name__}, not a list")
    return value
