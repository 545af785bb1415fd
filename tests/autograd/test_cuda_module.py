"""``autograd.cuda``: streams, events, synchronisation, memory statistics, pinned memory and
non-blocking copies; and what each does without a GPU."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import autograd as ag
import backends
from nn.data import DataLoader, TensorDataset
from tests.conftest import CUDA_DOUBLE, CUDA_REASON

needs_cuda = pytest.mark.skipif(CUDA_REASON is not None, reason=f"cuda unavailable: {CUDA_REASON}")


@needs_cuda
def test_pinned_memory_and_a_non_blocking_copy():
    x = ag.randn(64, 32)
    assert not x.is_pinned()
    pinned = x.pin_memory()
    assert pinned.is_pinned() and pinned.device == "cpu"
    assert pinned.pin_memory() is pinned
    assert pinned[1:].is_pinned()  # a view of pinned memory is pinned
    np.testing.assert_array_equal(pinned.numpy(), x.numpy())
    y = pinned.to("cuda", non_blocking=True)
    assert y.device == "cuda:0"
    np.testing.assert_array_equal(y.cpu().numpy(), x.numpy())
    # the source buffer stays alive until the copy's event is done
    from backends.cupy_backend import _in_flight

    assert any(buffer is pinned.array for _, buffer in _in_flight.items)


@needs_cuda
def test_pin_memory_is_differentiable_and_refuses_gpu_tensors():
    x = ag.randn(3, requires_grad=True)
    (x.pin_memory() * 2).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0, 2.0])
    with pytest.raises(RuntimeError, match="cannot pin 'cuda:0' memory"):
        ag.ones(2, device="cuda").pin_memory()
    assert not ag.ones(2, device="cuda").is_pinned()


@needs_cuda
def test_data_loader_pins_batches():
    ds = TensorDataset(ag.randn(10, 3), ag.arange(10))
    batches = list(DataLoader(ds, batch_size=4, pin_memory=True))
    assert all(t.is_pinned() for batch in batches for t in batch)
    dicts = DataLoader([{"x": np.ones(2, dtype=np.float32)}] * 3, batch_size=2, pin_memory=True)
    assert all(batch["x"].is_pinned() for batch in dicts)
    assert not any(t.is_pinned() for batch in DataLoader(ds, batch_size=4) for t in batch)


@needs_cuda
def test_streams_are_current_inside_their_block_and_per_device():
    default = ag.cuda.current_stream()
    assert default == ag.cuda.default_stream()
    s = ag.cuda.Stream()
    assert s != default and s.device == "cuda:0"
    with ag.cuda.stream(s):
        assert ag.cuda.current_stream() == s
        y = (ag.ones(4, device="cuda") * 3).sum()
    assert ag.cuda.current_stream() == default
    with s:
        assert ag.cuda.current_stream() == s
    ag.cuda.current_stream().wait_stream(s)
    assert y.item() == 12.0
    s.synchronize()
    assert s.query()
    with ag.cuda.stream(None):
        assert ag.cuda.current_stream() == default
    # a stream of cuda:1 is current for cuda:1 only, whichever device was current before
    if ag.cuda.device_count() > 1:
        s1 = ag.cuda.Stream("cuda:1")
        with ag.cuda.stream(s1):
            assert ag.cuda.current_stream("cuda:1") == s1
            assert ag.cuda.current_stream("cuda:0") == default
            z = ag.ones(3, device="cuda:1") + 1
        assert z.device == "cuda:1" and z.sum().item() == 6.0


@needs_cuda
def test_events_order_streams_and_time_work():
    start, end = ag.cuda.Event(enable_timing=True), ag.cuda.Event(enable_timing=True)
    assert start.query()  # never recorded
    start.record()
    x = ag.randn(64, 64, device="cuda")
    y = x @ x
    end.record()
    end.synchronize()
    assert start.query() and end.query()
    assert start.elapsed_time(end) >= 0.0
    plain = ag.cuda.Event()
    plain.record()
    with pytest.raises(RuntimeError, match="enable_timing=True"):
        plain.elapsed_time(end)
    with pytest.raises(RuntimeError, match="must be recorded"):
        ag.cuda.Event(enable_timing=True).elapsed_time(end)
    s = ag.cuda.Stream()
    event = s.record_event()
    event.wait()  # the current stream waits for s
    assert y.shape == (64, 64)


@needs_cuda
def test_memory_statistics_follow_allocations():
    ag.cuda.synchronize()
    ag.cuda.reset_peak_memory_stats()
    before = ag.cuda.memory_allocated()
    assert ag.cuda.max_memory_allocated() == before
    big = ag.zeros(256, 1024, device="cuda")
    assert ag.cuda.memory_allocated() - before >= big.nbytes
    del big
    assert ag.cuda.memory_allocated() - before < 256 * 1024 * 4
    assert ag.cuda.max_memory_allocated() - before >= 256 * 1024 * 4
    assert ag.cuda.memory_reserved() >= ag.cuda.memory_allocated()
    ag.cuda.empty_cache()
    ag.cuda.reset_peak_memory_stats()
    assert ag.cuda.max_memory_allocated() == ag.cuda.memory_allocated()
    with pytest.raises(ValueError, match="Expected a cuda device"):
        ag.cuda.memory_allocated("cpu")


@needs_cuda
def test_device_queries():
    assert ag.cuda.is_available() and ag.cuda.device_count() >= 1
    assert isinstance(ag.cuda.get_device_name(), str) and ag.cuda.get_device_name(0)
    ag.cuda.synchronize()
    ag.cuda.synchronize("cuda:0")
    if CUDA_DOUBLE:
        assert ag.cuda.get_device_name() == "CuPy test double"


@needs_cuda
def test_the_current_device_is_what_cuda_means_and_is_shared_with_accelerator():
    assert ag.cuda.current_device() == ag.accelerator.current_device_index() == 0
    assert ag.zeros(1, device="cuda").device == ag.device("cuda:0")
    if ag.cuda.device_count() < 2:
        return
    with ag.cuda.device(1):
        assert ag.cuda.current_device() == ag.accelerator.current_device_index() == 1
        assert ag.zeros(1, device="cuda").device == ag.device("cuda:1")
        assert ag.zeros(1, device="cuda:0").device == ag.device("cuda:0")
    assert ag.zeros(1, device="cuda").device == ag.device("cuda:0")
    ag.accelerator.set_device_index(1)
    try:
        assert ag.cuda.current_device() == 1
        seen = []  # per thread, as in CUDA: a new thread starts on GPU 0
        worker = threading.Thread(target=lambda: seen.append(ag.cuda.current_device()))
        worker.start()
        worker.join()
        assert seen == [0]
    finally:
        ag.cuda.set_device(0)
    with pytest.raises(RuntimeError, match="invalid device ordinal 9"):
        ag.cuda.set_device(9)


# Under the CuPy double these run in a subprocess without it (tests/test_without_cuda.py).
@pytest.mark.parametrize("call", [lambda: ag.ones(2).pin_memory(),
                                  lambda: ag.cuda.Stream(),
                                  lambda: ag.cuda.memory_allocated(),
                                  lambda: ag.cuda.synchronize(),
                                  lambda: ag.cuda.current_device()])
@pytest.mark.without_cuda
@pytest.mark.skipif(CUDA_REASON is None, reason="checks the behaviour without CUDA")
def test_without_cuda_the_gpu_calls_say_why(call):
    with pytest.raises(RuntimeError, match="CUDA"):
        call()


@pytest.mark.without_cuda
@pytest.mark.skipif(CUDA_REASON is None, reason="checks the behaviour without CUDA")
def test_without_cuda_pinning_is_off_and_the_loader_warns():
    assert not ag.cuda.is_available() and ag.cuda.device_count() == 0
    assert not ag.ones(2).is_pinned()
    assert backends.cuda.why_unavailable() is not None
    with pytest.warns(UserWarning, match="no accelerator is found"):
        loader = DataLoader(TensorDataset(ag.ones(4, 2)), batch_size=2, pin_memory=True)
    assert [b[0].shape for b in loader] == [(2, 2), (2, 2)]
    ag.cuda.empty_cache()  # nothing to do, as in PyTorch
