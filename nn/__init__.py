"""nn: modules, layers, losses and optimizers over autograd (``torch.nn``)."""
