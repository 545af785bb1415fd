"""Differentiable ops, one module per family; each Function sits above its public wrapper."""
