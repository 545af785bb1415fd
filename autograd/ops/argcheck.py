"""The argument checks of ``autograd.checks`` for the layers above the ops (nn.functional)."""

from __future__ import annotations

from autograd.checks import as_bool, as_float, as_int, tensor_arguments, wrap_namespace

__all__ = ["as_bool", "as_float", "as_int", "tensor_arguments", "wrap_namespace"]
