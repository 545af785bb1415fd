"""Flat parameter vectors (``torch.nn.utils.convert_parameters``)."""

from __future__ import annotations

from collections.abc import Iterable

import autograd as ag
from autograd.tensor import Tensor
from nn.utils.clip_grad import _as_list

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def _check_same_device(params: list[Tensor], name: str) -> None:
    for p in params:
        if p.device is not params[0].device:
            raise TypeError(
                f"{name}: Found two parameters on different devices ({params[0].device} and "
                f"{p.device}), this is currently not supported."
            )


def parameters_to_vector(parameters: Tensor | Iterable[Tensor]) -> Tensor:
    """All parameters flattened and concatenated into one 1-D Tensor (differentiable)."""
    params = _as_list(parameters)
    _check_same_device(params, "parameters_to_vector")
    return ag.cat([ag.reshape(p, -1) for p in params])


def vector_to_parameters(vec: Tensor, parameters: Tensor | Iterable[Tensor]) -> None:
    """Copy consecutive slices of the 1-D ``vec`` into the parameters, in place."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected Tensor, but got: {type(vec).__name__}")
    params = _as_list(parameters)
    _check_same_device(params, "vector_to_parameters")
    total = sum(p.numel() for p in params)
    if vec.numel() != total:
        raise RuntimeError(
            f"vector_to_parameters: vec has {vec.numel()} elements (shape "
            f"{tuple(vec.shape)}) but the parameters hold {total}"
        )
    if params and vec.device is not params[0].device:
        raise TypeError(
            f"vector_to_parameters: vec is on {vec.device} but the parameters are on "
            f"{params[0].device}"
        )
    flat = vec.array.reshape(-1)
    offset = 0
    with vec.device.backend.scope():
        for p in params:
            n = p.numel()
            p.array[...] = flat[offset:offset + n].reshape(p.shape)
            offset += n
    ag.graph.increment_version(params)
