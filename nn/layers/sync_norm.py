"""SyncBatchNorm (``torch.nn.SyncBatchNorm``): batch normalisation whose batch statistics are
taken over the whole global batch, every rank of a process group together.

In training, with an initialised ``autograd.distributed`` process group of more than one rank,
each rank sums its inputs, their squares and its element count per channel; one all-reduce of
those three gives every rank the global mean and (biased) variance. The all-reduce is
differentiable: its backward all-reduces the gradients of the sums, which is the gradient of
the global batch's loss with respect to each rank's sums. Otherwise (evaluation, no process
group, one rank) it is BatchNorm.
"""

from __future__ import annotations

from typing import Any

import autograd as ag
import autograd.distributed as dist
from autograd.tensor import Tensor
from nn.layers.norm import _BatchNorm, _count_batch, _InstanceNorm
from nn.module import Module


class _AllReduceSum(ag.Function):
    """``all_reduce(SUM)`` as an op: forward sums over the ranks, backward sums the
    gradients over the ranks (every rank runs the same backward)."""

    once_differentiable = True  # its backward is a collective on raw arrays

    @staticmethod
    def forward(ctx, x, *, group):
        ctx.group, ctx.device = group, ctx.xp.device
        t = ag.as_tensor(x.copy(), device=ctx.device)
        dist.all_reduce(t, dist.ReduceOp.SUM, group)
        return t.array

    @staticmethod
    def backward(ctx, gy):
        # d(sum over ranks)/dx_r = 1: each rank's gradient is the sum of every rank's gradient
        g = ag.as_tensor(ctx.xp.asarray(gy).copy(), device=ctx.device)
        dist.all_reduce(g, dist.ReduceOp.SUM, ctx.group)
        return g.array


class SyncBatchNorm(_BatchNorm):
    """Batch normalisation over ``(N, C, *)`` input with the batch statistics of every rank of
    ``process_group`` (the default group when None) while training."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True,
                 process_group: Any = None, device: Any = None, dtype: Any = None, *,
                 bias: bool = True) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device,
                         dtype, bias=bias)
        self.process_group = process_group

    def _check_input(self, input: Tensor) -> None:
        if input.ndim < 2:
            raise ValueError(f"expected at least 2D input (got {input.ndim}D input)")
        if input.shape[1] != self.num_features:
            raise RuntimeError(f"{self!r}: expected input with {self.num_features} channels "
                               f"(dim 1), got shape {list(input.shape)}")

    def _world_size(self) -> int:
        if not dist.is_initialized():
            return 1
        return dist.get_world_size(self.process_group)

    def forward(self, input: Tensor) -> Tensor:
        """BatchNorm's forward, with the batch statistics all-reduced over the process group
        in training."""
        if not self.training or self._world_size() <= 1:
            return super().forward(input)
        self._check_input(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.track_running_stats and self.num_batches_tracked is not None:
            _count_batch(self.num_batches_tracked)
            if self.momentum is None:
                factor = 1.0 / self._count_on_host(self.num_batches_tracked)
        dims = (0, *range(2, input.ndim))
        c = input.shape[1]
        count = ag.full((1,), input.numel() / max(c, 1), dtype=input.dtype,
                        device=input.device)
        local = ag.cat([input.sum(dims), (input * input).sum(dims), count])
        total = _AllReduceSum.apply(local, group=self.process_group)
        # over two or more ranks there is more than one value per channel, as PyTorch assumes
        # (no check reads the count back: no host wait in a training step)
        n = total[2 * c]
        mean = total[:c] / n
        var = (total[c:2 * c] / n - mean * mean).clamp(min=0.0)
        shape = (1, c) + (1,) * (input.ndim - 2)
        out = (input - mean.reshape(shape)) * (var + self.eps).rsqrt().reshape(shape)
        if self.weight is not None:
            out = out * self.weight.reshape(shape)
        if self.bias is not None:
            out = out + self.bias.reshape(shape)
        if self.running_mean is not None:
            with ag.no_grad():
                unbiased = var * (n / (n - 1))
                self.running_mean.mul_(1 - factor).add_(mean.detach() * factor)
                self.running_var.mul_(1 - factor).add_(unbiased.detach() * factor)
        return out

    @classmethod
    def convert_sync_batchnorm(cls, module: Module, process_group: Any = None) -> Module:
        """``module`` with every BatchNorm*d in it (itself included) replaced by a SyncBatchNorm
        that holds the same parameters and running statistics."""
        out = module
        if isinstance(module, _BatchNorm) and not isinstance(module, (_InstanceNorm, cls)):
            out = cls(module.num_features, module.eps, module.momentum, module.affine,
                      module.track_running_stats, process_group)
            if module.affine:
                with ag.no_grad():
                    out.weight = module.weight
                    out.bias = module.bias
            out._bias = module._bias
            out.running_mean = module.running_mean
            out.running_var = module.running_var
            out.num_batches_tracked = module.num_batches_tracked
            out.training = module.training
        for name, child in module.named_children():
            out.add_module(name, cls.convert_sync_batchnorm(child, process_group))
        return out
