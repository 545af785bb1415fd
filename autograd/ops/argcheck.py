"""The argument checks of ``autograd.checks`` for the layers above the ops (nn.functional)."""

from __future__ import annotations

from autograd.checks import tensor_arguments, wrap_namespace

__all__ = ["tensor_arguments", "wrap_namespace"]
