"""A corpus of 1,000 damaged and crafted checkpoint files: each loads correctly or fails clearly.

From three valid files (a nested state with every dtype and non-finite floats, a whole module,
a foreign safetensors file) the corpus derives bit flips anywhere, in the header or in the
tensor bytes alone, truncations, crafted header sizes and entries, and structural edits of the
tapegrad metadata.
``load`` must either raise RuntimeError / TypeError / pickle.UnpicklingError whose message
starts with ``load:``, or return what the file holds: the original object when only tensor
bytes changed (with the tensors safetensors itself reads), otherwise an object made only of
the types ``save`` writes. Each load must stay within a memory bound.
"""

from __future__ import annotations

import io
import json
import pickle
import struct
import time
import tracemalloc

import numpy as np
import safetensors.numpy as st_numpy

import autograd as ag
import nn

N_FILES = 1000
SEED = 20261206
MEMORY_BOUND = 4 << 20  # bytes of Python allocation per load of a file of a few kB


def _bases() -> dict[str, bytes]:
    ag.manual_seed(0)
    state = {
        "w": ag.randn(3, 4), "h": ag.ones(2, dtype=ag.float16), "d": ag.zeros(2, 2,
                                                                               dtype=ag.float64),
        "i": ag.arange(5), "b": ag.tensor([True, False]), "n": np.arange(4, dtype=np.int32),
        "nested": [{"lr": 0.1, "eps": float("inf"), "tag": "adam", "none": None},
                   (1, -2, float("nan"))],
        7: "int key",
    }
    module = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Sequential(nn.Linear(4, 2),
                                                                     nn.Dropout(0.5)))
    out = {}
    for name, obj in (("state", state), ("module", module)):
        buf = io.BytesIO()
        ag.save(obj, buf)
        out[name] = buf.getvalue()
    out["foreign"] = st_numpy.save({"a": np.ones((2, 3), np.float32),
                                    "b": np.arange(4, dtype=np.int64)}, metadata={"x": "y"})
    return out


def _split(data: bytes) -> tuple[int, dict]:
    (n,) = struct.unpack("<Q", data[:8])
    return n, json.loads(data[8:8 + n])


def _frame(header: dict | str, payload: bytes) -> bytes:
    text = (header if isinstance(header, str) else json.dumps(header)).encode()
    return struct.pack("<Q", len(text)) + text + payload


JUNK = [None, True, 0, -1, 2**70, 1.5, "", "x" * 5000, "nan", [], {}, [[[[]]]], {"a": {"b": 1}},
        "F64", {"tensor": "w", "device": "cpu"}, {"eval": "__import__('os')"}, "9" * 5000,
        {"module": {"modules": [], "root": 0}, "state": {"dict": []}}]


def _mutate_meta(meta, rng) -> None:
    """Replace, delete or add a random field somewhere in the JSON tree, in place."""
    spots = []

    def walk(node):
        if isinstance(node, dict):
            for k in list(node):
                spots.append((node, k))
                walk(node[k])
        elif isinstance(node, list):
            for i in range(len(node)):
                spots.append((node, i))
                walk(node[i])

    walk(meta)
    parent, key = spots[rng.integers(len(spots))]
    action = rng.integers(3)
    if action == 0 or isinstance(parent, list):
        parent[key] = JUNK[rng.integers(len(JUNK))]
    elif action == 1:
        del parent[key]
    else:
        parent[str(JUNK[rng.integers(len(JUNK))])[:20]] = JUNK[rng.integers(len(JUNK))]


KINDS = ("flip", "flip_data", "flip_header", "truncate", "size", "entry", "meta")


def _corpus(bases: dict[str, bytes]) -> list[tuple[str, str, bytes]]:
    rng = np.random.default_rng(SEED)
    names = sorted(bases)
    files = []
    for k in range(N_FILES):
        base = names[k % len(names)]
        data = bytearray(bases[base])
        n, header = _split(bytes(data))
        kind = KINDS[(k // 3) % len(KINDS)]
        if kind == "flip_data":  # the tensor bytes only: the file must load, with these values
            pos = 8 + n + int(rng.integers(len(data) - 8 - n))
            data[pos] ^= 1 << int(rng.integers(8))
        elif kind == "flip":
            for _ in range(rng.integers(1, 4)):
                pos = int(rng.integers(len(data)))
                data[pos] ^= 1 << int(rng.integers(8))
        elif kind == "flip_header":
            pos = 8 + int(rng.integers(n))
            data[pos] ^= 1 << int(rng.integers(8))
        elif kind == "truncate":
            data = data[:int(rng.integers(len(data)))]
        elif kind == "size":
            size = [0, 1, n - 1, n + 1, len(data), 2**63 - 1, 2**64 - 1, n // 2][k % 8]
            data[:8] = struct.pack("<Q", size)
        elif kind == "entry":
            tensors = [key for key in header if key != "__metadata__"]
            key = tensors[rng.integers(len(tensors))]
            field = ("dtype", "shape", "data_offsets")[rng.integers(3)]
            header[key][field] = JUNK[rng.integers(len(JUNK))]
            data = bytearray(_frame(header, bytes(data[8 + n:])))
        else:
            text = header.get("__metadata__", {}).get("tapegrad")
            if text is None:  # the foreign file: graft on a crafted document
                header["__metadata__"] = {"tapegrad": json.dumps(
                    {"format": "tapegrad", "version": JUNK[rng.integers(len(JUNK))],
                     "root": JUNK[rng.integers(len(JUNK))]})}
            else:
                meta = json.loads(text)
                for _ in range(rng.integers(1, 3)):
                    _mutate_meta(meta, rng)
                header["__metadata__"]["tapegrad"] = json.dumps(meta)
            data = bytearray(_frame(header, bytes(data[8 + n:])))
        files.append((base, kind, bytes(data)))
    return files


def _plain(obj) -> bool:
    """Whether ``obj`` is made only of what save writes."""
    if isinstance(obj, (ag.Tensor, np.ndarray, nn.Module)) or obj is None:
        return True
    if isinstance(obj, (bool, int, float, str)):
        return True
    if isinstance(obj, (list, tuple)):
        return all(_plain(v) for v in obj)
    if isinstance(obj, dict):
        return all(_plain(k) and _plain(v) for k, v in obj.items())
    return False


def _equal(a, b) -> bool:
    if isinstance(a, ag.Tensor):
        return isinstance(b, ag.Tensor) and a.dtype == b.dtype and np.array_equal(
            a.numpy(), b.numpy(), equal_nan=True)
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, nn.Module):
        return type(a) is type(b) and _equal(a.state_dict(), b.state_dict())
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_equal, a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, float) and a != a:
        return isinstance(b, float) and b != b
    return type(a) is type(b) and a == b


def _expected(base: bytes, data: bytes):
    """What a mutated file must load as when only tensor bytes changed: the original structure
    over the tensors safetensors reads from ``data``; None when the header changed."""
    n = struct.unpack("<Q", base[:8])[0]
    if len(data) != len(base) or data[:8 + n] != base[:8 + n]:
        return None
    return ag.load(io.BytesIO(base)), st_numpy.load(data)


def test_corpus_of_damaged_files_loads_correctly_or_fails_clearly():
    bases = _bases()
    corpus = _corpus(bases)
    assert len(corpus) == N_FILES
    outcomes = {"error": 0, "loaded": 0}
    tracemalloc.start()
    start = time.perf_counter()
    try:
        for i, (base, kind, data) in enumerate(corpus):
            what = f"file {i} ({kind} of {base})"
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            try:
                out = ag.load(io.BytesIO(data))
            except (RuntimeError, TypeError, pickle.UnpicklingError) as exc:
                assert str(exc).startswith("load:"), f"{what}: {type(exc).__name__}: {exc}"
                outcomes["error"] += 1
            else:
                outcomes["loaded"] += 1
                assert _plain(out), f"{what}: loaded something save never writes: {out!r:.200}"
                expected = _expected(bases[base], data)
                if expected is not None:
                    original, arrays = expected
                    if base == "foreign":
                        original = {k: ag.tensor(arrays[k]) for k in original}
                    _check_same_structure(original, out, arrays, what)
            peak = tracemalloc.get_traced_memory()[1] - before
            assert peak < MEMORY_BOUND, f"{what}: {peak} bytes allocated"
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - start
    # both outcomes occur: the corpus exercises the errors and the loads that must be right
    assert outcomes["error"] > 300 and outcomes["loaded"] > 50, outcomes
    assert elapsed < 60, f"{elapsed:.1f} s for {N_FILES} files"


def _check_same_structure(original, out, arrays, what) -> None:
    """``out`` is ``original`` with each tensor's values as ``arrays`` (safetensors) reads them."""
    if isinstance(original, nn.Module):
        assert type(out) is type(original) and repr(out) == repr(original), what
        original, out = original.state_dict(), out.state_dict()
    if isinstance(original, dict):
        assert isinstance(out, dict) and list(out) == list(original), what
        for k in original:
            _check_same_structure(original[k], out[k], arrays, f"{what}[{k!r}]")
    elif isinstance(original, (list, tuple)):
        assert type(out) is type(original) and len(out) == len(original), what
        for k, (a, b) in enumerate(zip(original, out)):
            _check_same_structure(a, b, arrays, f"{what}[{k}]")
    elif isinstance(original, (ag.Tensor, np.ndarray)):
        got = out.numpy() if isinstance(out, ag.Tensor) else out
        assert type(out) is type(original) and got.dtype == original.dtype, what
        assert any(np.array_equal(got, a, equal_nan=got.dtype.kind == "f")
                   for a in arrays.values() if a.shape == got.shape and a.dtype == got.dtype), what
    else:
        assert _equal(original, out), what
