"""The linalg family (see autograd/ops/__init__.py)."""
