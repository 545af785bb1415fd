"""Parallel training (``torch.nn.parallel``): ``DistributedDataParallel``, and
``DataParallel`` on one device."""

from __future__ import annotations

from nn.parallel.data_parallel import DataParallel
from nn.parallel.distributed import DistributedDataParallel

__all__ = ["DataParallel", "DistributedDataParallel"]
