"""The reduction family (see autograd/ops/__init__.py)."""
