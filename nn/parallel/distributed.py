"""``DistributedDataParallel``: one model replica per process, gradients averaged over the
processes during backward (``torch.nn.parallel.DistributedDataParallel``).

At construction rank 0's parameters and buffers are broadcast, so every replica starts equal.
The parameters that need gradients are packed, in reverse registration order (about the order
backward produces their gradients), into buckets of at most ``bucket_cap_mb`` (the first one
1 MB, as PyTorch, so communication starts early). Each parameter carries a post-accumulate-grad
hook: when the last gradient of a bucket is final, the bucket's gradients are copied into one
flat buffer and its all-reduce (average) starts non-blocking, while backward goes on with the
earlier layers. When every bucket has started, backward waits for them all and writes the
averaged gradients back into ``.grad``: after ``loss.backward()`` every replica holds the same
gradients, and any optimizer, scheduler or clipping then does the same step everywhere.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

import autograd as ag
from autograd import distributed as dist
from autograd.graph import increment_version
from nn.module import Module

_FIRST_BUCKET_BYTES = 1024 * 1024


class _Bucket:
    """Parameters whose gradients travel together, and their flat buffer."""

    def __init__(self, params: list, index: int) -> None:
        self.params = params
        self.index = index
        self.sizes = [p.numel() for p in params]
        self.offsets = [sum(self.sizes[:k]) for k in range(len(params))]
        self.flat = ag.zeros(sum(self.sizes), dtype=params[0].dtype, device=params[0].device)
        self.ready = 0
        self.ready_set = [False] * len(params)
        self.work = None
        self.used = [True] * len(params)


class DistributedDataParallel(Module):
    """Data parallelism over the processes of ``process_group`` (the default group if None).

    ``device_ids``/``output_device``/``dim`` are accepted for PyTorch's signature: the module
    runs where its parameters are. ``find_unused_parameters=True`` walks the graph of each
    forward's outputs so that parameters it does not reach count as ready (with a zero
    gradient) instead of holding up their bucket. ``gradient_as_bucket_view=True`` makes each
    ``.grad`` a view of its bucket after the reduction, saving the copy back.
    """

    def __init__(self, module: Module, device_ids: list | None = None,
                 output_device: Any = None, dim: int = 0, broadcast_buffers: bool = True,
                 process_group: Any = None, bucket_cap_mb: float | None = None,
                 find_unused_parameters: bool = False, check_reduction: bool = False,
                 gradient_as_bucket_view: bool = False, static_graph: bool = False) -> None:
        super().__init__()
        if not dist.is_initialized():
            raise ValueError("Default process group has not been initialized, please make "
                             "sure to call init_process_group.")
        if not any(p.requires_grad for p in module.parameters()):
            raise RuntimeError("DistributedDataParallel is not needed when a module doesn't "
                               "have any parameter that requires a gradient.")
        self.module = module
        self.process_group = process_group
        self.broadcast_buffers = broadcast_buffers
        self.find_unused_parameters = find_unused_parameters
        self.gradient_as_bucket_view = gradient_as_bucket_view
        self.bucket_cap_mb = 25.0 if bucket_cap_mb is None else float(bucket_cap_mb)
        self.require_backward_grad_sync = True
        self.world_size = dist.get_world_size(process_group)
        self._src = dist.get_global_rank(process_group, 0) if process_group is not None else 0
        self._sync_states(include_params=True)
        params = [p for p in module.parameters() if p.requires_grad]
        self._names = {id(p): n for n, p in module.named_parameters()}
        self._buckets = self._make_buckets(params)
        self._where = {id(p): (b, k) for b in self._buckets for k, p in enumerate(b.params)}
        self._expect = False  # a forward with sync on ran: its backward must reduce
        self._launched = 0
        self.reduction_wait_s = 0.0  # time backward waited for communication, last step
        self._handles = [p.register_post_accumulate_grad_hook(self._grad_ready)
                         for p in params]

    # -- construction ----------------------------------------------------------------------
    def _make_buckets(self, params: list) -> list:
        """Reverse registration order, split by dtype and device and at the size cap."""
        cap = self.bucket_cap_mb * 1024 * 1024
        buckets: list = []
        open_: dict = {}  # (dtype, device) -> [params, bytes]
        for p in reversed(params):
            key = (p.dtype, str(p.device))
            current = open_.setdefault(key, [[], 0])
            limit = min(_FIRST_BUCKET_BYTES, cap) if not buckets else cap
            current[0].append(p)
            current[1] += p.numel() * p.element_size()
            if current[1] >= limit:
                buckets.append(_Bucket(current[0], len(buckets)))
                open_[key] = [[], 0]
        for group_, _ in open_.values():
            if group_:
                buckets.append(_Bucket(group_, len(buckets)))
        return buckets

    def _sync_states(self, include_params: bool) -> None:
        """Broadcast rank 0's parameters (at construction) and buffers to every replica."""
        if self.world_size <= 1:
            return
        tensors = list(self.module.parameters()) if include_params else []
        if self.broadcast_buffers or include_params:
            tensors += list(self.module.buffers())
        with ag.no_grad():
            for t in tensors:
                dist.broadcast(t.detach(), src=self._src, group=self.process_group)

    # -- forward ------------------------------------------------------------------------------
    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        """Run the module; with grad enabled and sync on, arm the reduction of the coming
        backward (after broadcasting rank 0's buffers when ``broadcast_buffers``)."""
        if self._expect and any(b.ready for b in self._buckets):
            missing = [self._names[id(p)] for p in self._all_params() if not self._is_ready(p)]
            raise RuntimeError(
                "Expected to have finished reduction in the prior iteration before starting a "
                "new one. This error indicates that your module has parameters that were not "
                "used in producing loss: pass find_unused_parameters=True to "
                "DistributedDataParallel. Parameters that did not receive grad: "
                + ", ".join(missing))
        if self.broadcast_buffers and self.module.training:
            self._sync_states(include_params=False)
        out = self.module(*inputs, **kwargs)
        self._expect = ag.is_grad_enabled() and self.require_backward_grad_sync
        if self._expect:
            self._reset()
            if self.find_unused_parameters:
                self._mark_unused(out)
        return out

    def _all_params(self) -> Iterator:
        for b in self._buckets:
            yield from b.params

    def _is_ready(self, p: Any) -> bool:
        b, k = self._where[id(p)]
        return b.work is not None or b.ready_set[k]

    def _reset(self) -> None:
        self._launched = 0
        self.reduction_wait_s = 0.0
        for b in self._buckets:
            b.ready = 0
            b.work = None
            b.ready_set = [False] * len(b.params)
            b.used = [True] * len(b.params)

    def _mark_unused(self, out: Any) -> None:
        """Parameters the outputs' graph does not reach are ready now (zero gradient)."""
        reached = set()
        stack = [t.grad_fn for t in _tensors(out) if t.grad_fn is not None]
        stack += [t for t in _tensors(out) if t.grad_fn is None and t.requires_grad]
        seen = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, ag.Tensor):
                reached.add(id(node))
                continue
            for nxt, _ in node.next_functions:
                if nxt is not None:
                    stack.append(nxt)
        for b in self._buckets:
            for k, p in enumerate(b.params):
                if id(p) not in reached:
                    b.used[k] = False
                    self._mark_ready(b, k)

    # -- backward: the hooks -------------------------------------------------------------------
    def _grad_ready(self, p: Any) -> None:
        if not self._expect:
            return
        b, k = self._where[id(p)]
        if b.ready_set[k]:
            return
        self._mark_ready(b, k)
        for other in self._buckets:  # let MPI progress the reductions already under way
            if other.work is not None:
                other.work.is_completed()

    def _mark_ready(self, b: _Bucket, k: int) -> None:
        b.ready_set[k] = True
        b.ready += 1
        if b.ready == len(b.params):
            self._launch(b)
            if self._launched == len(self._buckets):
                self._finish()

    def _launch(self, b: _Bucket) -> None:
        flat = b.flat.array
        for k, p in enumerate(b.params):
            lo, n = b.offsets[k], b.sizes[k]
            if p.grad is not None:
                flat[lo:lo + n] = p.grad.array.reshape(-1)
            else:
                flat[lo:lo + n] = 0
        b.work = dist.all_reduce(b.flat, op=dist.ReduceOp.AVG, group=self.process_group,
                                 async_op=True)
        self._launched += 1

    def _finish(self) -> None:
        """Wait for every bucket and write the averaged gradients into ``.grad``."""
        start = time.perf_counter()
        for b in self._buckets:
            b.work.wait()
        self.reduction_wait_s = time.perf_counter() - start
        for b in self._buckets:
            for k, p in enumerate(b.params):
                lo, n = b.offsets[k], b.sizes[k]
                piece = b.flat[lo:lo + n].view(p.shape)
                if p.grad is None and not b.used[k] and not bool((piece != 0).any()):
                    continue  # unused on every rank: left without a gradient, as PyTorch
                if self.gradient_as_bucket_view:
                    p.grad = piece
                elif p.grad is None:
                    p.grad = piece.clone()
                else:
                    p.grad.array[...] = piece.array
                    increment_version(p.grad)
        self._expect = False

    # -- the rest of PyTorch's interface ----------------------------------------------------------
    @contextlib.contextmanager
    def no_sync(self) -> Iterator[None]:
        """Inside, forward/backward only accumulate local gradients (no communication); the
        first synchronised backward after it averages the accumulated ones."""
        previous = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = previous


def _tensors(out: Any) -> Iterator:
    if isinstance(out, ag.Tensor):
        yield out
    elif isinstance(out, (list, tuple)):
        for o in out:
            yield from _tensors(o)
    elif isinstance(out, dict):
        for o in out.values():
            yield from _tensors(o)
