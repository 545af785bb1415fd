"""gradcheck and gradgradcheck: analytical gradients against central finite differences."""

from __future__ import annotations


def gradcheck(*args, **kwargs):
    raise NotImplementedError


def gradgradcheck(*args, **kwargs):
    raise NotImplementedError
