"""autograd.load on hostile files (bounded, type-checked, never runs code) and crash-safe saves."""

from __future__ import annotations

import io
import json
import os
import pickle
import signal
import struct
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
import safetensors.numpy as st_numpy

import autograd as ag
from autograd.serialization import files, metadata


def _file(meta, arrays=None) -> bytes:
    """A safetensors file holding ``arrays`` and ``meta`` (a JSON text or object) as the
    tapegrad document."""
    text = meta if isinstance(meta, str) else json.dumps(meta)
    return st_numpy.save(arrays or {"x": np.ones(2, np.float32)}, metadata={"tapegrad": text})


def _raw(header: str, payload: bytes = b"") -> bytes:
    head = header.encode()
    return struct.pack("<Q", len(head)) + head + payload


def _load(data: bytes):
    return ag.load(io.BytesIO(data))


GOOD_ROOT = {"dict": [[{"value": "x"}, {"tensor": "x", "device": "cpu"}]]}


# -- depth and size bounds -----------------------------------------------------------------------
@pytest.mark.parametrize("depth", [metadata.MAX_DEPTH + 1, 10_000, 200_000])
def test_deep_metadata_is_refused_not_recursion_error(depth):
    deep = "[" * depth + "]" * depth
    words = f"corrupt tapegrad metadata: .*nested {depth + 1} levels"  # +1: the outer object
    with pytest.raises(RuntimeError, match=words):
        _load(_file('{"format":"tapegrad","version":1,"root":' + deep + "}"))


def test_deep_header_is_refused_not_recursion_error():
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    with pytest.raises(RuntimeError, match="not a valid safetensors file: .*nested 100000 levels"):
        _load(_raw(deep))


def test_brackets_inside_strings_do_not_count_as_nesting():
    value = "[[[{{{" * 1000 + '\\"]]'  # an escaped quote must not end the string early
    out = _load(_file({"format": "tapegrad", "version": 1,
                       "root": {"list": [{"value": json.loads(f'"{value}"')}]}}))
    assert out == [json.loads(f'"{value}"')]


def test_nesting_within_the_bound_round_trips_and_deeper_is_refused_at_save():
    obj: list = [1]
    for _ in range(90):
        obj = [obj]
    buf = io.BytesIO()
    ag.save(obj, buf)
    assert _load(buf.getvalue()) == obj
    for _ in range(20):
        obj = [obj]
    with pytest.raises(ValueError, match="nested more than 98 levels deep"):
        ag.save(obj, io.BytesIO())


def test_header_larger_than_the_bound_is_refused(monkeypatch):
    monkeypatch.setattr(metadata, "MAX_HEADER_BYTES", 1000)
    with pytest.raises(RuntimeError, match="is 2[0-9]{3} bytes, more than the 1000 allowed"):
        _load(_file({"format": "tapegrad", "version": 1,
                     "root": {"value": "a" * 2000}}))


# -- every field checked for its type ------------------------------------------------------------
@pytest.mark.parametrize("meta,words", [
    ({"format": "tapegrad", "version": "1", "root": GOOD_ROOT}, "version is '1', not a positive"),
    ({"format": "tapegrad", "version": True, "root": GOOD_ROOT}, "version is True"),
    ({"format": "tapegrad", "version": 1.0, "root": GOOD_ROOT}, "version is 1.0"),
    ({"format": "tapegrad", "version": 0, "root": GOOD_ROOT}, "version is 0"),
    ({"format": "tapegrad", "version": [1], "root": GOOD_ROOT}, r"version is \[1\]"),
    ({"format": "pickle", "version": 1, "root": GOOD_ROOT}, "format 'pickle'"),
    ({"format": "tapegrad", "version": 1}, "has no root"),
    ([1, 2], "not a JSON object"),
    ({"format": "tapegrad", "version": 1, "root": {"float": "9" * 100_000}},
     "float node at the root holds '9999"),
    ({"format": "tapegrad", "version": 1, "root": {"float": "1e5"}}, "not nan, inf or -inf"),
    ({"format": "tapegrad", "version": 1, "root": {"value": [1, 2]}}, "JSON list, not a number"),
    ({"format": "tapegrad", "version": 1, "root": {"value": {"a": 1}}}, "JSON dict"),
    ({"format": "tapegrad", "version": 1, "root": {"tensor": 3, "device": "cpu"}},
     "tensor name at the root is int"),
    ({"format": "tapegrad", "version": 1, "root": {"tensor": "x", "device": 0}},
     "device at the root is int"),
    ({"format": "tapegrad", "version": 1, "root": {"tensor": "x", "device": "gpu:x"}},
     "device 'gpu:x' at the root is not a device"),
    ({"format": "tapegrad", "version": 1, "root": {"tensor": "nope", "device": "cpu"}},
     "tensor 'nope' at the root is not in the file"),
    ({"format": "tapegrad", "version": 1, "root": {"tensor": "x"}}, "has keys"),
    ({"format": "tapegrad", "version": 1, "root": {"tensor": "x", "device": "cpu", "x": 1}},
     "has keys"),
    ({"format": "tapegrad", "version": 1, "root": {"list": {"a": 1}}}, "list at the root is dict"),
    ({"format": "tapegrad", "version": 1, "root": {"dict": [[1, 2, 3]]}},
     "not a .key, value. pair"),
    ({"format": "tapegrad", "version": 1, "root": {"dict": [[GOOD_ROOT, {"value": 1}]]}},
     "key 0 of the dict at the root is a dict, not a value"),
    ({"format": "tapegrad", "version": 1, "root": {"eval": "print(1)"}}, "unknown node"),
    ({"format": "tapegrad", "version": 1, "root": "x"}, "not a JSON object"),
])
def test_bad_metadata_fields_raise_clear_errors(meta, words):
    with pytest.raises(RuntimeError, match=f"load: .* has corrupt tapegrad metadata: .*{words}"):
        _load(_file(meta))


@pytest.mark.parametrize("entry,words", [
    ({"dtype": "Q7", "shape": [2], "data_offsets": [0, 8]}, TypeError),
    ({"dtype": 7, "shape": [2], "data_offsets": [0, 8]}, "no dtype string"),
    ({"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}, "not a list of sizes"),
    ({"dtype": "F32", "shape": [2.0], "data_offsets": [0, 8]}, "not a list of sizes"),
    ({"dtype": "F32", "shape": "2", "data_offsets": [0, 8]}, "not a list of sizes"),
    ({"dtype": "F32", "shape": [2], "data_offsets": [0]}, "bad data_offsets"),
    ({"dtype": "F32", "shape": [2**40], "data_offsets": [0, 8]}, "Error"),
    ({"dtype": "F32", "shape": [2], "data_offsets": [0, 2**62]}, "Error"),
    ([1], "is not a JSON object"),
])
def test_bad_header_entries_raise_clear_errors(entry, words):
    data = _raw(json.dumps({"x": entry}), b"\0" * 8)
    if words is TypeError:
        with pytest.raises(TypeError, match="load: tensor 'x' has dtype Q7, which autograd"):
            _load(data)
    else:
        with pytest.raises(RuntimeError, match=f"not a valid safetensors file: .*{words}"):
            _load(data)


def test_metadata_not_strings_is_refused():
    with pytest.raises(RuntimeError, match="__metadata__ is not a JSON object of strings"):
        _load(_raw(json.dumps({"__metadata__": {"tapegrad": {"version": 1}}})))


def test_load_never_unpickles(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("pickle used")

    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    payload = pickle.dumps({"a": 1})  # a pickle where the metadata should be: just text
    with pytest.raises(RuntimeError, match="not JSON"):
        _load(_file(payload.decode("latin-1")))


# -- crash-safe saves ----------------------------------------------------------------------------
def test_temp_names_carry_host_and_pid(tmp_path):
    name = os.path.basename(files.temp_path(str(tmp_path), "ckpt.safetensors"))
    m = files.TEMP.match(name)
    assert m is not None and int(m["pid"]) == os.getpid() and m["host"] == files.HOST


def _stale(tmp_path, pid: int, host: str = files.HOST, base: str = "ckpt.safetensors") -> str:
    name = f".{base}.{host}-{pid}-{'ab' * 6}.tmp"
    (tmp_path / name).write_bytes(b"partial")
    return name


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.skipif(os.name != "posix", reason="liveness of a pid is checked with POSIX signals")
def test_save_removes_temp_files_of_dead_processes_only(tmp_path):
    dead = _stale(tmp_path, _dead_pid(), base="other.safetensors")
    mine = _stale(tmp_path, os.getpid())  # another thread of this process may be writing it
    parent = _stale(tmp_path, os.getppid())
    elsewhere = _stale(tmp_path, _dead_pid(), host="0123abcd")  # pids mean nothing elsewhere
    (tmp_path / ".notes.tmp").write_text("not ours")
    ag.save(ag.ones(2), tmp_path / "ckpt.safetensors")
    left = set(os.listdir(tmp_path))
    assert dead not in left
    assert {mine, parent, elsewhere, ".notes.tmp", "ckpt.safetensors"} <= left


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_process_killed_during_save_leaves_only_its_temp_file(tmp_path):
    path = tmp_path / "ckpt.safetensors"
    ag.save({"x": ag.zeros(3)}, path)
    before = path.read_bytes()
    ready = tmp_path / "ready"
    script = textwrap.dedent(f"""
        import os, time
        import autograd as ag
        def hang(fd):  # the data is written, not yet renamed: the worst moment to die
            open({str(ready)!r}, "w").close()
            time.sleep(60)
        os.fsync = hang
        ag.save({{"x": ag.ones(100_000)}}, {str(path)!r})
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        for _ in range(600):
            if ready.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert ready.exists(), "the child never reached the write"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    ready.unlink()
    temps = [n for n in os.listdir(tmp_path) if n != "ckpt.safetensors"]
    assert len(temps) == 1 and files.TEMP.match(temps[0])["pid"] == str(proc.pid)
    assert path.read_bytes() == before  # the old checkpoint is intact
    ag.save({"x": ag.ones(1)}, tmp_path / "next.safetensors")
    assert sorted(os.listdir(tmp_path)) == ["ckpt.safetensors", "next.safetensors"]
    np.testing.assert_array_equal(ag.load(path)["x"].numpy(), np.zeros(3, np.float32))
