"""Parallel training (``torch.nn.parallel``): ``DistributedDataParallel``."""

from __future__ import annotations

from nn.parallel.distributed import DistributedDataParallel

__all__ = ["DistributedDataParallel"]
