"""autograd.save / autograd.load: safetensors files, JSON structure, atomic writes, no pickle."""

from __future__ import annotations

import io
import json
import math
import os
import pathlib
import struct

import numpy as np
import pytest
import safetensors.numpy as st_numpy

import autograd as ag
import backends
import nn
from autograd import serialization
from tests.conftest import CUDA_REASON, torch_or_skip


def _same(a: ag.Tensor, b: ag.Tensor) -> None:
    assert isinstance(b, ag.Tensor)
    assert a.shape == b.shape and a.dtype == b.dtype and a.device == b.device
    np.testing.assert_array_equal(a.numpy(force=True), b.numpy(force=True))


def _roundtrip(obj, tmp_path, **kwargs):
    path = tmp_path / "obj.safetensors"
    ag.save(obj, path)
    return ag.load(path, **kwargs)


def _header(path) -> dict:
    data = pathlib.Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    return json.loads(data[8:8 + n])


def _rewrite_meta(path, fn) -> None:
    """Rewrite the tapegrad metadata of a saved file through ``fn(meta) -> meta``."""
    arrays = st_numpy.load_file(str(path))
    meta = json.loads(_header(path)["__metadata__"]["tapegrad"])
    text = fn(meta)
    st_numpy.save_file(arrays, str(path),
                       metadata={"tapegrad": text if isinstance(text, str) else json.dumps(text)})


# -- round trips -------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int8", "uint8", "int16",
                                   "int32", "int64", "bool"])
def test_tensor_roundtrip_dtypes(dtype, device, tmp_path):
    t = ag.tensor(np.arange(-3, 9).reshape(3, 4) % 5, dtype=dtype, device=device)
    _same(t, _roundtrip(t, tmp_path))


@pytest.mark.parametrize("shape", [(), (0,), (2, 0, 3), (1,), (2, 3, 4)])
def test_tensor_roundtrip_shapes(shape, device, tmp_path):
    t = ag.randn(*shape, device=device) if shape else ag.tensor(1.5, device=device)
    _same(t, _roundtrip(t, tmp_path))


def test_non_contiguous_and_views(tmp_path):
    base = ag.arange(12.0).reshape(3, 4)
    obj = {"t": base.T, "step": base[:, ::2], "base": base}
    out = _roundtrip(obj, tmp_path)
    for k in obj:
        _same(obj[k], out[k])
    # shared memory is saved as independent copies and comes back unshared
    out["base"].add_(1.0)
    np.testing.assert_array_equal(out["t"].numpy(), base.T.numpy())


def test_same_tensor_twice_comes_back_as_two(tmp_path):
    t = ag.ones(3)
    a, b = _roundtrip([t, t], tmp_path)
    _same(t, a)
    _same(t, b)
    assert a is not b


def test_nested_structure_and_leaves(tmp_path):
    obj = {
        "model": {"layer1.weight": ag.randn(2, 3), "layer1.bias": ag.zeros(3)},
        "optim": {"state": {0: {"step": 7, "exp_avg": ag.ones(2)}},
                  "param_groups": [{"lr": 1e-3, "betas": (0.9, 0.999), "params": [0, 1],
                                    "amsgrad": False, "name": None}]},
        "epoch": 3, "loss": 0.25, "tag": "run-1", "flags": (True, False),
        "big": 2**70, "nan": math.nan, "inf": -math.inf, "empty": {}, "nil": [], "tup": (),
        1: "int key", None: "none key", 2.5: "float key", False: "bool key",
        "arr": np.arange(5, dtype=np.int32), "np_scalar": np.float32(0.5),
    }
    out = _roundtrip(obj, tmp_path)
    assert list(out) == list(obj)
    _same(obj["model"]["layer1.weight"], out["model"]["layer1.weight"])
    _same(obj["optim"]["state"][0]["exp_avg"], out["optim"]["state"][0]["exp_avg"])
    assert out["optim"]["state"][0]["step"] == 7
    assert out["optim"]["param_groups"] == obj["optim"]["param_groups"]
    assert isinstance(out["optim"]["param_groups"][0]["betas"], tuple)
    for k in ("epoch", "loss", "tag", "flags", "big", "empty", "nil", "tup", 1, None, 2.5, False):
        assert out[k] == obj[k] and type(out[k]) is type(obj[k])
    assert math.isnan(out["nan"]) and out["inf"] == -math.inf
    assert isinstance(out["arr"], np.ndarray) and out["arr"].dtype == np.int32
    np.testing.assert_array_equal(out["arr"], obj["arr"])
    assert out["np_scalar"] == 0.5 and type(out["np_scalar"]) is float


def test_plain_values_without_tensors(tmp_path):
    for obj in (3, "x", None, [1, 2.0, "a"], {"a": (1, [2])}):
        assert _roundtrip(obj, tmp_path) == obj


def test_requires_grad_is_not_saved(tmp_path):
    w = ag.randn(3, requires_grad=True)
    out = _roundtrip({"w": w, "y": w * 2}, tmp_path)
    assert not out["w"].requires_grad and out["w"].is_leaf
    assert not out["y"].requires_grad and out["y"].is_leaf
    np.testing.assert_allclose(out["y"].numpy(), 2 * w.detach().numpy())


def test_loaded_tensors_are_writable(tmp_path):
    out = _roundtrip(ag.zeros(3), tmp_path)
    out += 1
    out.requires_grad_()
    (out * out).sum().backward()
    np.testing.assert_array_equal(out.grad.numpy(), [2.0, 2.0, 2.0])


# -- the file format ---------------------------------------------------------------------------
def test_state_dict_names_open_with_safetensors(tmp_path):
    sd = {"layer1.weight": ag.randn(4, 3), "layer1.bias": ag.randn(4),
          "bn.num_batches_tracked": ag.tensor(5)}
    path = tmp_path / "sd.safetensors"
    ag.save(sd, path)
    flat = st_numpy.load_file(str(path))
    assert set(flat) == set(sd)
    for k, v in sd.items():
        np.testing.assert_array_equal(flat[k], v.numpy())


def test_state_dict_opens_with_safetensors_torch(tmp_path):
    torch_or_skip()
    import safetensors.torch as st_torch  # needs PyTorch

    sd = {"layer1.weight": ag.randn(4, 3), "bn.num_batches_tracked": ag.tensor(5)}
    path = tmp_path / "sd.safetensors"
    ag.save(sd, path)
    flat = st_torch.load_file(str(path))
    assert set(flat) == set(sd)
    for k, v in sd.items():
        np.testing.assert_array_equal(flat[k].numpy(), v.numpy())


def test_nested_paths_are_dotted(tmp_path):
    obj = {"model": {"layer1": {"weight": ag.ones(1)}}, "layers": [ag.ones(1), ag.ones(1)]}
    path = tmp_path / "n.safetensors"
    ag.save(obj, path)
    assert set(st_numpy.load_file(str(path))) == {"model.layer1.weight", "layers.0", "layers.1"}
    ag.save(ag.ones(2), path)
    assert set(st_numpy.load_file(str(path))) == {"tensor"}


def test_colliding_dotted_paths_round_trip(tmp_path):
    obj = {"a.b": ag.tensor([1.0]), "a": {"b": ag.tensor([2.0])}, "a.b~1": ag.tensor([3.0])}
    path = tmp_path / "c.safetensors"
    ag.save(obj, path)
    assert len(st_numpy.load_file(str(path))) == 3
    out = ag.load(path)
    assert out["a.b"].item() == 1.0 and out["a"]["b"].item() == 2.0
    assert out["a.b~1"].item() == 3.0


def test_metadata_is_json_with_version(tmp_path):
    path = tmp_path / "m.safetensors"
    ag.save({"x": ag.ones(2), "n": 1}, path)
    header = _header(path)
    meta = json.loads(header["__metadata__"]["tapegrad"])
    # version 1: readable by every tapegrad; files holding a whole module are version 2
    assert meta["version"] == 1 and meta["format"] == "tapegrad"
    assert b"\x80\x04" not in path.read_bytes()[:8]  # not a pickle stream


def test_file_objects_and_pathlike(tmp_path):
    buf = io.BytesIO()
    ag.save({"x": ag.arange(4)}, buf)
    buf.seek(0)
    _same(ag.arange(4), ag.load(buf)["x"])
    path = str(tmp_path / "s.safetensors")
    ag.save(ag.ones(2), path)
    _same(ag.ones(2), ag.load(path))
    with open(path, "rb") as fh:
        _same(ag.ones(2), ag.load(fh))


def test_unsupported_values_raise(tmp_path):
    with pytest.raises(TypeError, match="set at obj.1"):
        ag.save({"obj": [1, {2, 3}]}, tmp_path / "x")
    with pytest.raises(TypeError, match="dict key of type tuple"):
        ag.save({(1, 2): 3}, tmp_path / "x")
    cyc: list = []
    cyc.append(cyc)
    with pytest.raises(ValueError, match="contains itself"):
        ag.save(cyc, tmp_path / "x")
    assert not os.path.exists(tmp_path / "x")


# -- atomic writes -----------------------------------------------------------------------------
def _fail(*args, **kwargs):
    raise OSError("disk on fire")


def test_failed_write_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.safetensors"
    monkeypatch.setattr(serialization.os, "fsync", _fail)
    with pytest.raises(OSError, match="disk on fire"):
        ag.save({"x": ag.ones(1000)}, path)
    assert os.listdir(tmp_path) == []


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.safetensors"
    ag.save({"x": ag.zeros(3)}, path)
    before = path.read_bytes()

    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise OSError("no space left on device")

    monkeypatch.setattr(serialization.os, "fdopen",
                        lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    with pytest.raises(OSError, match="no space"):
        ag.save({"x": ag.ones(1000)}, path)
    assert os.listdir(tmp_path) == ["ckpt.safetensors"]
    assert path.read_bytes() == before
    _same(ag.zeros(3), ag.load(path)["x"])


def test_interrupt_during_replace_leaves_no_temp(tmp_path, monkeypatch):
    monkeypatch.setattr(serialization.os, "replace", _fail)
    with pytest.raises(OSError, match="disk on fire"):
        ag.save(ag.ones(2), tmp_path / "a.safetensors")
    assert os.listdir(tmp_path) == []


def test_overwrite_is_complete(tmp_path):
    path = tmp_path / "o.safetensors"
    ag.save({"x": ag.zeros(1000)}, path)
    ag.save({"y": ag.ones(2)}, path)
    out = ag.load(path)
    assert list(out) == ["y"]
    assert os.listdir(tmp_path) == ["o.safetensors"]


@pytest.mark.skipif(os.name != "posix", reason="umask is POSIX")
def test_new_file_gets_normal_permissions(tmp_path):
    path = tmp_path / "p.safetensors"
    ag.save(ag.ones(1), path)
    old = os.umask(0o22)
    os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o666 & ~old


# -- errors on reading ---------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"abc", b"not a safetensors file at all, just text",
                                     struct.pack("<Q", 10**9) + b"{}",
                                     struct.pack("<Q", 4) + b"\xff\xfe{}",
                                     struct.pack("<Q", 2) + b"[]"])
def test_not_safetensors_raises_naming_file(content, tmp_path):
    path = tmp_path / "junk.bin"
    path.write_bytes(content)
    with pytest.raises(RuntimeError, match="junk.bin.*not a valid safetensors file"):
        ag.load(path)


@pytest.mark.parametrize("cut", [1, 7, 100])
def test_truncated_file_raises(cut, tmp_path):
    path = tmp_path / "t.safetensors"
    ag.save({"x": ag.ones(100), "y": ag.zeros(10)}, path)
    data = path.read_bytes()
    path.write_bytes(data[:-cut])
    with pytest.raises(RuntimeError, match="t.safetensors"):
        ag.load(path)


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.safetensors"):
        ag.load(tmp_path / "nope.safetensors")


def test_corrupt_metadata_raises(tmp_path):
    path = tmp_path / "c.safetensors"
    ag.save({"x": ag.ones(2)}, path)
    _rewrite_meta(path, lambda meta: "{not json")
    with pytest.raises(RuntimeError, match="corrupt tapegrad metadata"):
        ag.load(path)
    ag.save({"x": ag.ones(2)}, path)

    def unknown_key(meta):
        meta["root"]["dict"][0][1]["tensor"] = "missing"
        return meta

    _rewrite_meta(path, unknown_key)
    with pytest.raises(RuntimeError, match="corrupt tapegrad metadata"):
        ag.load(path)


def test_newer_format_version_raises(tmp_path):
    path = tmp_path / "v.safetensors"
    ag.save(ag.ones(2), path)
    _rewrite_meta(path, lambda meta: {**meta, "version": serialization.FORMAT_VERSION + 1})
    with pytest.raises(RuntimeError, match="newer"):
        ag.load(path)


def test_foreign_file_loads_as_flat_dict(tmp_path):
    path = tmp_path / "foreign.safetensors"
    arrays = {"b.weight": np.ones((2, 2), np.float32), "a": np.arange(3, dtype=np.int64)}
    st_numpy.save_file(arrays, str(path), metadata={"format": "pt"})
    out = ag.load(path)
    assert set(out) == set(arrays)
    for k, v in arrays.items():
        assert isinstance(out[k], ag.Tensor) and out[k].device == "cpu"
        np.testing.assert_array_equal(out[k].numpy(), v)


def test_foreign_torch_file(tmp_path):
    torch = torch_or_skip()
    import safetensors.torch as st_torch  # needs PyTorch

    path = tmp_path / "torch.safetensors"
    sd = torch.nn.Linear(3, 2).state_dict()
    st_torch.save_file(sd, str(path))
    out = ag.load(path)
    assert set(out) == {"weight", "bias"}
    np.testing.assert_array_equal(out["weight"].numpy(), sd["weight"].numpy())
    bf16 = torch.tensor([1.5, -2.25, 3.1e5], dtype=torch.bfloat16)
    st_torch.save_file({"w": bf16}, str(path))
    w = ag.load(path)["w"]
    assert w.dtype == ag.bfloat16 and w.tolist() == bf16.tolist()
    ag.save({"w": w}, path)
    assert torch.equal(st_torch.load_file(str(path))["w"], bf16)
    st_torch.save_file({"w": torch.ones(2, dtype=torch.float8_e4m3fn)}, str(path))
    with pytest.raises(TypeError, match="'w'.*F8_E4M3"):
        ag.load(path)


# -- map_location ------------------------------------------------------------------------------
def _saved_on(tmp_path, location: str):
    """A file whose tensor claims it was saved on ``location``."""
    path = tmp_path / "dev.safetensors"
    ag.save({"x": ag.arange(3.0)}, path)

    def move(meta):
        meta["root"]["dict"][0][1]["device"] = location
        return meta

    _rewrite_meta(path, move)
    return path


@pytest.mark.without_cuda
@pytest.mark.skipif(CUDA_REASON is None, reason="needs a machine without CUDA")
def test_cuda_file_without_cuda_suggests_map_location(tmp_path):
    path = _saved_on(tmp_path, "cuda:0")
    with pytest.raises(RuntimeError, match="saved on cuda:0.*map_location"):
        ag.load(path)
    for loc in ("cpu", backends.device("cpu"), {"cuda:0": "cpu"}, {"cuda": "cpu"},
                lambda t, where: t, lambda t, where: "cpu"):
        out = ag.load(path, map_location=loc)
        assert out["x"].device == "cpu"
        np.testing.assert_array_equal(out["x"].numpy(), [0.0, 1.0, 2.0])


def test_map_location_callable_sees_location(tmp_path):
    seen = []
    path = tmp_path / "c.safetensors"
    ag.save([ag.ones(1), ag.zeros(1)], path)

    def fn(t, where):
        seen.append((t.device, where))
        return None

    out = ag.load(path, map_location=fn)
    assert seen == [("cpu", "cpu"), ("cpu", "cpu")]
    assert [t.item() for t in out] == [1.0, 0.0]
    out = ag.load(path, map_location=lambda t, where: t * 10)
    assert [t.item() for t in out] == [10.0, 0.0]


def test_map_location_errors(tmp_path):
    path = tmp_path / "e.safetensors"
    ag.save(ag.ones(1), path)
    with pytest.raises(TypeError, match="map_location"):
        ag.load(path, map_location=3)
    with pytest.raises(RuntimeError, match="invalid device"):
        ag.load(path, map_location="tpu")


@pytest.mark.without_cuda
@pytest.mark.skipif(CUDA_REASON is None, reason="needs a machine without CUDA")
def test_map_location_cuda_without_cuda_raises(tmp_path):
    path = tmp_path / "e.safetensors"
    ag.save(ag.ones(1), path)
    with pytest.raises(RuntimeError, match="CUDA"):
        ag.load(path, map_location="cuda")


def test_map_location_dict_leaves_others(tmp_path):
    path = tmp_path / "d.safetensors"
    ag.save(ag.ones(1), path)
    assert ag.load(path, map_location={"cuda:1": "cuda:0"}).device == "cpu"


@pytest.mark.skipif(CUDA_REASON is not None, reason=f"cuda unavailable: {CUDA_REASON}")
class TestCuda:
    def test_cuda_tensor_comes_back_on_cuda(self, tmp_path):
        t = ag.randn(3, 4, device="cuda")
        out = _roundtrip({"t": t, "c": ag.ones(2)}, tmp_path)
        _same(t, out["t"])
        assert out["c"].device == "cpu"

    def test_map_location_moves(self, tmp_path):
        t = ag.randn(3, device="cuda")
        out = _roundtrip(t, tmp_path, map_location="cpu")
        assert out.device == "cpu"
        np.testing.assert_array_equal(out.numpy(), t.cpu().numpy())
        out = _roundtrip(ag.ones(2), tmp_path, map_location={"cpu": "cuda:0"})
        assert out.device == "cuda:0"


def test_module_state_dict_round_trip(tmp_path):
    ag.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    path = tmp_path / "model.safetensors"
    ag.save(model.state_dict(), path)
    assert set(st_numpy.load_file(str(path))) == set(model.state_dict())
    fresh = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    fresh.load_state_dict(ag.load(path))
    x = ag.randn(5, 3)
    np.testing.assert_array_equal(fresh(x).detach().numpy(), model(x).detach().numpy())
    assert all(p.requires_grad for p in fresh.parameters())


def test_torch_save_and_load_keywords_are_accepted(tmp_path):
    import pickle

    path = tmp_path / "k.safetensors"
    ag.save({"w": ag.ones(2)}, path, pickle_module=pickle, pickle_protocol=4,
            _use_new_zipfile_serialization=True)
    for weights_only in (True, False, None):
        out = ag.load(path, map_location="cpu", pickle_module=pickle,
                      weights_only=weights_only, mmap=False)
        assert out["w"].tolist() == [1.0, 1.0]
