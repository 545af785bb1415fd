"""``ZeroRedundancyOptimizer`` (``torch.distributed.optim.ZeroRedundancyOptimizer``): the
optimizer state sharded over the ranks (ZeRO stage 1).

Every parameter is owned by one rank (PyTorch's partition: within each group, largest
parameters first, each to the rank that owns the fewest elements so far). A rank keeps
optimizer state only for what it owns and steps only that; then every parameter is
broadcast from its owner, so all replicas stay equal. With Adam this divides the 8 bytes per
parameter of moments by the number of ranks. Gradients must already be the same on every
rank (``DistributedDataParallel``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import autograd as ag
from autograd import distributed as dist
from autograd.tensor import Tensor
from nn.optim.optimizer import Optimizer

__all__ = ["ZeroRedundancyOptimizer"]


class ZeroRedundancyOptimizer(Optimizer):
    """Wrap ``optimizer_class`` (e.g. ``nn.optim.Adam``) so that each rank holds and
    updates the state of its shard of ``params`` only; ``defaults`` go to
    ``optimizer_class``. ``param_groups`` lists every parameter (schedulers change it as
    usual); ``state_dict()`` needs ``consolidate_state_dict(to)`` on every rank first and
    gives, on rank ``to``, the same format as an unsharded optimizer."""

    def __init__(self, params: Iterable[Tensor] | Iterable[dict[str, Any]],
                 optimizer_class: type, process_group: Any = None,
                 parameters_as_bucket_view: bool = False, overlap_with_ddp: bool = False,
                 **defaults: Any) -> None:
        if overlap_with_ddp:
            raise NotImplementedError("overlap_with_ddp=True is not supported")
        super().__init__(params, defaults)
        self.optimizer_class = optimizer_class
        self.process_group = process_group
        self.world_size = dist.get_world_size(process_group)
        self.rank = dist.get_rank(process_group)
        self._owner = self._partition()
        local = [{**{k: v for k, v in g.items() if k != "params"},
                  "params": [p for p in g["params"] if self._owner[id(p)] == self.rank]}
                 for g in self.param_groups]
        self.optim = optimizer_class(local, **defaults)
        for group, mine in zip(self.param_groups, self.optim.param_groups):
            for k, v in mine.items():  # optimizer_class's own defaults (betas, eps, ...)
                group.setdefault(k, v)
        self._consolidated: dict | None = None

    def _partition(self) -> dict[int, int]:
        """id(param) -> the group rank that owns it."""
        sizes = [0] * self.world_size
        owner = {}
        for group in self.param_groups:
            for p in sorted(group["params"], key=lambda t: t.numel(), reverse=True):
                r = sizes.index(min(sizes))
                owner[id(p)] = r
                sizes[r] += p.numel()
        return owner

    def _sync_hyperparameters(self) -> None:
        for group, mine in zip(self.param_groups, self.optim.param_groups):
            for k, v in group.items():
                if k != "params":
                    mine[k] = v

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Step this rank's shard, then broadcast every parameter from its owner."""
        self._sync_hyperparameters()
        loss = self.optim.step(closure)
        with ag.no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    src = dist.get_global_rank(self.process_group, self._owner[id(p)]) if (
                        self.process_group is not None) else self._owner[id(p)]
                    dist.broadcast(p.detach(), src=src, group=self.process_group)
        return loss

    @property
    def state(self) -> Any:
        """The state of this rank's shard only (the wrapped optimizer's)."""
        return self.optim.state if "optim" in self.__dict__ else self.__dict__["_state"]

    @state.setter
    def state(self, value: Any) -> None:
        """Kept until the wrapped optimizer exists (the base class sets it first)."""
        self.__dict__["_state"] = value

    def consolidate_state_dict(self, to: int = 0) -> None:
        """Collect every rank's shard state on global rank ``to`` (call it on every rank)."""
        index = {}
        for group in self.param_groups:
            for p in group["params"]:
                index.setdefault(id(p), len(index))
        mine = {index[id(p)]: dict(s) for p, s in self.optim.state.items()}
        shards = [None] * self.world_size if dist.get_rank() == to else None
        dist.gather_object(mine, shards, dst=to, group=self.process_group)
        if shards is not None:
            merged = {}
            for shard in shards:
                merged.update(shard)
            self._consolidated = merged
        else:
            self._consolidated = None

    def state_dict(self) -> dict[str, Any]:
        """The whole optimizer's state (on the rank that consolidated it), as an unsharded
        ``optimizer_class`` would give it."""
        if self._consolidated is None:
            raise RuntimeError("Optimizer state has not been consolidated on this rank. "
                               "Please call `consolidate_state_dict(to=...)` on all ranks "
                               "beforehand if you meant to save the global state.")
        packed = Optimizer.state_dict(self)  # param_groups with parameters as indices
        packed["state"] = dict(sorted(self._consolidated.items()))
        return packed

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Load a whole optimizer's state: every rank keeps its shard's."""
        index = {}
        for group in self.param_groups:
            for p in group["params"]:
                index.setdefault(id(p), len(index))
        for group, saved in zip(self.param_groups, state_dict["param_groups"]):
            for k, v in saved.items():
                if k != "params":
                    group[k] = tuple(v) if k == "betas" else v
        local_groups = []
        local_state = {}
        n = 0
        for group in self.param_groups:
            ids = []
            for p in group["params"]:
                if self._owner[id(p)] == self.rank:
                    saved = state_dict["state"].get(index[id(p)])
                    if saved is None:
                        saved = state_dict["state"].get(str(index[id(p)]))
                    if saved is not None:
                        local_state[n] = saved
                    ids.append(n)
                    n += 1
            local_groups.append({**{k: v for k, v in group.items() if k != "params"},
                                 "params": ids})
        self.optim.load_state_dict({"state": local_state, "param_groups": local_groups})

    def __repr__(self) -> str:
        return (f"ZeroRedundancyOptimizer(rank {self.rank} of {self.world_size}, "
                f"{self.optimizer_class.__name__})")
