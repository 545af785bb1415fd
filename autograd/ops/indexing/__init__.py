"""The indexing family (see autograd/ops/__init__.py)."""
