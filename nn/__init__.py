"""nn: modules, layers, losses and optimizers over autograd (``torch.nn``)."""

from __future__ import annotations

from nn.module import Module, ModuleDict, ModuleList, Parameter, Sequential
from nn.layers import (
    ELU,
    GELU,
    Bilinear,
    Flatten,
    Identity,
    LeakyReLU,
    Linear,
    LogSoftmax,
    ReLU,
    Sigmoid,
    SiLU,
    Softmax,
    Softplus,
    Tanh,
    Unflatten,
)
from nn.losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    NLLLoss,
    SmoothL1Loss,
)
from nn import data, functional, init, optim, utils
