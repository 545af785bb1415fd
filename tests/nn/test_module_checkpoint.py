"""ag.save / ag.load of whole nn.Modules: a JSON module tree, rebuilt from allowed classes only."""

from __future__ import annotations

import io
import json
import pickle
import struct
import sys

import numpy as np
import pytest
import safetensors.numpy as st_numpy

import autograd as ag
import nn
from autograd import serialization


def _roundtrip(obj):
    buf = io.BytesIO()
    ag.save(obj, buf)
    return ag.load(io.BytesIO(buf.getvalue()))


def _meta(data: bytes) -> dict:
    (n,) = struct.unpack("<Q", data[:8])
    return json.loads(json.loads(data[8:8 + n])["__metadata__"]["tapegrad"])


def _with_meta(data: bytes, meta: dict) -> bytes:
    return st_numpy.save(st_numpy.load(data), metadata={"tapegrad": json.dumps(meta)})


def _same_outputs(a, b, *inputs):
    with ag.no_grad():
        np.testing.assert_array_equal(a(*inputs).numpy(), b(*inputs).numpy())


class Net(nn.Module):
    """A user model: not tapegrad's own, so it loads only once allowed."""

    def __init__(self, sizes, act="tanh", *, scale=1.0):
        super().__init__()
        self.body = nn.Sequential(*[nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])])
        self.act = act
        self.scale = scale

    def forward(self, x):
        return getattr(ag, self.act)(self.body(x)) * self.scale


@pytest.fixture(autouse=True)
def _no_leftover_allowances():
    saved = serialization.get_safe_globals()
    serialization.clear_safe_globals()
    yield
    serialization.clear_safe_globals()
    serialization.add_safe_globals(saved)


def test_own_modules_round_trip_with_weights_modes_and_dtypes():
    ag.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(2, 3, (3, 3), padding=1), nn.BatchNorm2d(3), nn.ReLU(),
                          nn.Flatten(), nn.Sequential(nn.Linear(48, 5, bias=False),
                                                      nn.Dropout(0.25)))
    model(ag.randn(4, 2, 4, 4))  # running statistics move away from their initial values
    model.eval()
    model[4].train()
    out = _roundtrip(model)
    assert type(out) is nn.Sequential and repr(out) == repr(model)
    assert [m.training for m in out.modules()] == [m.training for m in model.modules()]
    for (k, a), (k2, b) in zip(model.state_dict().items(), out.state_dict().items()):
        assert k == k2 and a.dtype == b.dtype
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in out.parameters())
    model[4].eval()
    out[4].eval()
    _same_outputs(model, out, ag.randn(2, 2, 4, 4))


def test_dtype_after_construction_and_constructor_dtype_survive():
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 2, dtype=ag.float64)).double()
    out = _roundtrip(model)
    assert all(p.dtype == ag.float64 for p in out.parameters())
    assert _meta(_save_bytes(model))["root"]["module"]["modules"][2]["kwargs"] == {
        "dtype": {"dtype": "float64"}}


def _save_bytes(obj) -> bytes:
    buf = io.BytesIO()
    ag.save(obj, buf)
    return buf.getvalue()


def test_recurrent_and_transformer_models_round_trip():
    ag.manual_seed(1)
    layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
    models = {"enc": nn.TransformerEncoder(layer, 2), "lstm": nn.LSTM(4, 3, num_layers=2),
              "emb": nn.Embedding(10, 4, padding_idx=0)}
    out = _roundtrip({"models": models, "step": 7})
    assert out["step"] == 7
    _same_outputs(models["enc"], out["models"]["enc"], ag.randn(2, 5, 8))
    x = ag.randn(5, 2, 4)
    with ag.no_grad():
        np.testing.assert_array_equal(models["lstm"](x)[0].numpy(),
                                      out["models"]["lstm"](x)[0].numpy())
    _same_outputs(models["emb"], out["models"]["emb"], ag.tensor([[0, 3, 9]]))


def test_user_class_is_refused_naming_it_then_allowed():
    model = Net([3, 4, 2], act="sigmoid", scale=2.0)
    data = _save_bytes(model)
    with pytest.raises(pickle.UnpicklingError, match=r"tests\.nn\.test_module_checkpoint\.Net.*"
                       r"add_safe_globals\(\[Net\]\)"):
        ag.load(io.BytesIO(data))
    with serialization.safe_globals([Net]):
        out = ag.load(io.BytesIO(data))
    assert serialization.get_safe_globals() == []
    assert type(out) is Net and out.act == "sigmoid" and out.scale == 2.0
    _same_outputs(model, out, ag.randn(3, 3))
    serialization.add_safe_globals([Net])
    assert serialization.get_safe_globals() == [Net]
    assert type(ag.load(io.BytesIO(data))) is Net
    serialization.clear_safe_globals()
    with pytest.raises(pickle.UnpicklingError, match="Net"):
        ag.load(io.BytesIO(data))


def test_children_changed_after_construction_and_shared_modules():
    serialization.add_safe_globals([Net])
    model = Net([3, 4])
    model.body[0] = nn.Linear(3, 6)  # replaced: the constructor's own child no longer fits
    model.head = nn.Linear(6, 1)  # added after construction
    model.tied = model.head  # the same module twice stays one module
    out = _roundtrip(model)
    assert out.body[0].out_features == 6 and out.tied is out.head
    _same_outputs(model, out, ag.randn(2, 3))
    with ag.no_grad():
        np.testing.assert_array_equal(out.head(ag.ones(1, 6)).numpy(),
                                      model.head(ag.ones(1, 6)).numpy())


def test_arguments_json_cannot_hold_are_refused_at_save_pointing_to_state_dict():
    with pytest.raises(TypeError, match=r"argument 0 of the constructor of the model .*"
                       r"Holder\) is a builtin_function_or_method.*state_dict\(\)"):
        ag.save(Holder(len), io.BytesIO())
    with pytest.raises(TypeError, match=r"the model\.0 .*is a ndarray.*state_dict"):
        ag.save(nn.Sequential(Holder(np.ones(2))), io.BytesIO())


class Holder(nn.Module):
    def __init__(self, table):
        super().__init__()
        self.table = table


def test_class_defined_in_a_function_is_refused_at_save():
    class Local(nn.Module):
        pass

    with pytest.raises(TypeError, match="Local.*not importable by name.*state_dict"):
        ag.save(Local(), io.BytesIO())


@pytest.mark.parametrize("cls", [["this", "Zen"], ["os", "system"], ["builtins", "eval"],
                                 ["nn.optim", "SGD"], ["nn.layers.linear", "Linear.__class__"],
                                 ["nn.layers.linear", "Linear.__init__"],
                                 ["nn.no_such_module", "Linear"], ["nn/../x", "Linear"]])
def test_classes_off_the_allow_list_are_refused_without_importing(cls):
    data = _save_bytes(nn.Linear(2, 2))
    meta = _meta(data)
    meta["root"]["module"]["modules"][0]["class"] = cls
    had = set(sys.modules)
    with pytest.raises(pickle.UnpicklingError, match=f"{cls[0]}.{cls[1]}.*is not allowed"):
        ag.load(io.BytesIO(_with_meta(data, meta)))
    assert not set(sys.modules) - had  # nothing was imported


@pytest.mark.parametrize("edit,words", [
    (lambda e: e.update(args=[3, 2]), "state dict does not fit .*size mismatch"),
    (lambda e: e.update(args=["three", 2]), "rebuilding nn.layers.linear.Linear .*failed"),
    (lambda e: e.update(args=[{"module": 5}, 2]), "module entry 5, which does not exist"),
    (lambda e: e.update(args=[{"module": 0}, 2]), "among its own constructor's arguments"),
    (lambda e: e.update(args=[{"lambda": "x"}, 2]), "not a recorded value"),
    (lambda e: e.update(training="yes"), "training flag"),
    (lambda e: e.update(children=[["x", 9]]), "bad child"),
    (lambda e: e.pop("kwargs"), "does not have the keys"),
])
def test_corrupt_module_descriptions_raise_clear_errors(edit, words):
    data = _save_bytes(nn.Linear(2, 2))
    meta = _meta(data)
    edit(meta["root"]["module"]["modules"][0])
    with pytest.raises(RuntimeError, match=f"(?s)corrupt tapegrad metadata: .*{words}"):
        ag.load(io.BytesIO(_with_meta(data, meta)))


def test_plain_files_stay_version_1_and_module_files_are_version_2():
    assert _meta(_save_bytes({"w": ag.ones(2)}))["version"] == 1
    assert _meta(_save_bytes(nn.ReLU()))["version"] == 2


class Keeper(nn.Module):
    """Keeps its child in a plain list too: the child must not be swapped for a copy."""

    def __init__(self, n, *, module=2):
        super().__init__()
        self.a = nn.Linear(n, module)
        self.plain = [self.a]


def test_children_the_constructor_made_are_kept_not_rebuilt():
    serialization.add_safe_globals([Keeper])
    model = Keeper(3, module=4)  # a keyword that looks like the description's own tags
    out = _roundtrip(model)
    assert out.plain[0] is out.a and out.a.out_features == 4
    np.testing.assert_array_equal(out.plain[0].weight.detach().numpy(),
                                  model.a.weight.detach().numpy())
