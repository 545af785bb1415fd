"""Linear algebra: matmul (batch broadcasting), mm, bmm, dot, outer, einsum."""

from __future__ import annotations

__all__ = []

