"""The elementwise family (see autograd/ops/__init__.py)."""
