"""``DataParallel`` (``torch.nn.DataParallel``) on one device: the wrapped module runs as is.

PyTorch's DataParallel splits each batch over the GPUs of one process; with a single device
(or none) it calls the module directly, which is what this wrapper does. For more than one
device use ``DistributedDataParallel``, one process per device.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import backends
from nn.module import Module


class DataParallel(Module):
    """Wrap ``module`` as ``self.module`` and forward every call to it (state_dict keys get the
    ``module.`` prefix, as PyTorch's)."""

    def __init__(self, module: Module, device_ids: Sequence[Any] | None = None,
                 output_device: Any = None, dim: int = 0) -> None:
        super().__init__()
        ids = list(device_ids) if device_ids is not None else None
        if ids is not None and len(ids) > 1:
            raise ValueError(
                f"DataParallel: device_ids={ids} names {len(ids)} devices; only one device is "
                "supported here (use DistributedDataParallel, one process per device)")
        if ids is None:
            ids = [0] if backends.cuda.is_available() else []
        self.module = module
        self.device_ids = [d if isinstance(d, int) else backends.device(d).index or 0
                           for d in ids]
        self.output_device = (output_device if output_device is not None
                              else (self.device_ids[0] if self.device_ids else None))
        self.dim = dim

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        """``self.module(*inputs, **kwargs)``."""
        return self.module(*inputs, **kwargs)
