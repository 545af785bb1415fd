"""The pytest plugin (fixtures device and dtype), the device list, parametrize_devices and the
Hypothesis strategies of autograd.testing."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd as ag
import backends
from autograd.testing import available_devices, devices, parametrize_devices, plugin
from autograd.testing.strategies import shapes, tensors
from tests.conftest import ROOT


def test_the_plugin_is_registered_through_its_entry_point(request) -> None:
    assert request.config.pluginmanager.get_plugin("tapegrad") is plugin
    found = [e for e in entry_points(group="pytest11") if e.name == "tapegrad"]
    assert [e.value for e in found] == ["autograd.testing.plugin"]


def test_cuda_is_collected_unskipped_wherever_it_is_usable(request) -> None:
    # The plugin is imported before any conftest; the device list must be made at collection,
    # after tests/conftest.py has installed the CuPy double (or cuda would silently skip).
    if "cuda" not in available_devices():
        pytest.skip("checks a machine where cuda is usable (a GPU or the CuPy double)")
    probes = [item for item in request.session.items
              if item.originalname == "test_device_fixture_runs_on_available_devices"]
    cuda = [item for item in probes if item.callspec.params.get("device") == "cuda"]
    assert cuda and all(item.get_closest_marker("skip") is None for item in cuda)


def test_device_fixture_runs_on_available_devices(device) -> None:
    assert device in available_devices()
    x = ag.ones(2, device=device)
    assert x.device.type == device


def test_dtype_fixture(dtype) -> None:
    assert dtype in (ag.float32, ag.float64)
    assert ag.ones(2, dtype=dtype).dtype == dtype


@parametrize_devices
def test_parametrize_devices(device) -> None:
    assert device in available_devices()


def test_available_devices_is_cpu_plus_usable_cuda(monkeypatch) -> None:
    assert available_devices()[0] == "cpu"
    assert ("cuda" in available_devices()) == backends.cuda.is_available()
    monkeypatch.setattr(type(backends.cuda), "is_available", staticmethod(lambda: True))
    assert available_devices() == ["cpu", "cuda"]
    params = devices.device_params()
    assert [p.values[0] for p in params] == ["cpu", "cuda"]
    assert all(m.name != "skip" for p in params for m in p.marks)
    monkeypatch.setattr(type(backends.cuda), "is_available", staticmethod(lambda: False))
    (cuda,) = [p for p in devices.device_params() if p.values[0] == "cuda"]
    assert {m.name for m in cuda.marks} == {"cuda", "skip"}


@settings(max_examples=25, deadline=None)
@given(tensors(shape=shapes(max_dims=3), elements=st.floats(-3, 3)))
def test_tensors_strategy_property(x) -> None:
    ag.testing.assert_close((-x).tanh(), -(x.tanh()))
    assert x.dtype == ag.float64 and x.device.type == "cpu" and not x.requires_grad


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_shapes_broadcastable_with(data) -> None:
    base = data.draw(shapes(min_dims=1, max_dims=3))
    other = data.draw(shapes(broadcastable_with=base))
    x = data.draw(tensors(shape=base, dtype=ag.float32))
    y = data.draw(tensors(shape=other, dtype=ag.float32, requires_grad=True))
    z = x + y
    assert z.shape == np.broadcast_shapes(base, other)
    z.sum().backward()
    assert y.grad.shape == y.shape


def test_strategies_need_hypothesis_only_there() -> None:
    code = ("import sys; sys.modules['hypothesis'] = None\n"
            "import autograd as ag\n"
            "ag.testing.check_op(ag.tanh, __import__('numpy').ones(3))\n"
            "try:\n    ag.testing.strategies\nexcept ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert "autograd.testing.strategies needs Hypothesis: pip install hypothesis" in out


def test_the_testing_namespace() -> None:
    assert ag.testing.check_op is not None and ag.testing.assert_close is not None
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        ag.testing.nope
