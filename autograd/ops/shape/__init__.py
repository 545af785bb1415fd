"""The shape family (see autograd/ops/__init__.py)."""
