"""nn: modules, layers, losses and optimizers over autograd (``torch.nn``)."""

from __future__ import annotations

from nn.containers import Container, ModuleDict, ModuleList, Sequential
from nn.module import Module, Parameter
from nn.parameter import Buffer, UninitializedBuffer, UninitializedParameter
from nn.parameter_containers import ParameterDict, ParameterList
from nn.layers import *  # noqa: F403
from nn.losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    NLLLoss,
    NLLLoss2d,
    SmoothL1Loss,
)
from nn.losses_margin import (
    CosineEmbeddingLoss,
    HingeEmbeddingLoss,
    MarginRankingLoss,
    MultiLabelMarginLoss,
    MultiLabelSoftMarginLoss,
    MultiMarginLoss,
    SoftMarginLoss,
    TripletMarginLoss,
    TripletMarginWithDistanceLoss,
)
from nn.losses_prob import CTCLoss, GaussianNLLLoss, PoissonNLLLoss
from nn import data, functional, init, modules, optim, parallel, utils
from nn.parallel import DataParallel
