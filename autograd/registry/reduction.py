"""Registry entries: reduction ops."""

from __future__ import annotations
