"""The nn family (see autograd/ops/__init__.py)."""
