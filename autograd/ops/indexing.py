"""Indexing: __getitem__, __setitem__, gather, scatter, scatter_add, index_select,
masked_fill, take_along_dim, one_hot."""

from __future__ import annotations

__all__ = []

